/*
 * test_pfxtrie: prefix-set trie matching, checked case by case and against
 * a brute-force linear scan of random entries (both families), with and
 * without the /16 and /24 direct tables of large sets.
 */
#include <stdlib.h>

#include "core/rpl/pfxtrie.h"
#include "tests/unit/t.h"

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

static int
m(const struct pfxtrie *t, const char *s)
{
	struct xprefix	 p = P(s);

	return pfxtrie_match(t, &p);
}

static void
test_ranges(void)
{
	struct pfxtrie	 t;
	struct xprefix	 p;

	pfxtrie_init(&t);
	/* 10.0.0.0/8 exact */
	p = P("10.0.0.0/8");
	T_EQ_INT(pfxtrie_add(&t, &p, 8, 8), 0);
	/* 192.168.0.0/16 le 24 */
	p = P("192.168.0.0/16");
	T_EQ_INT(pfxtrie_add(&t, &p, 16, 24), 0);
	/* 172.16.0.0/12 ge 20 (le 32) */
	p = P("172.16.0.0/12");
	T_EQ_INT(pfxtrie_add(&t, &p, 20, 32), 0);
	/* 0.0.0.0/0 eq 32 */
	p = P("0.0.0.0/0");
	T_EQ_INT(pfxtrie_add(&t, &p, 32, 32), 0);
	/* 2001:db8::/32 ge 48 le 64 */
	p = P("2001:db8::/32");
	T_EQ_INT(pfxtrie_add(&t, &p, 48, 64), 0);

	T_EQ_INT(m(&t, "10.0.0.0/8"), 1);
	T_EQ_INT(m(&t, "10.1.0.0/16"), 0);	/* longer than exact */
	T_EQ_INT(m(&t, "11.0.0.0/8"), 0);
	T_EQ_INT(m(&t, "192.168.0.0/16"), 1);	/* le boundary low */
	T_EQ_INT(m(&t, "192.168.3.0/24"), 1);	/* le boundary high */
	T_EQ_INT(m(&t, "192.168.3.0/25"), 0);	/* just past le */
	T_EQ_INT(m(&t, "192.168.0.0/15"), 0);	/* shorter than entry */
	T_EQ_INT(m(&t, "172.16.0.0/19"), 0);	/* just below ge */
	T_EQ_INT(m(&t, "172.16.0.0/20"), 1);	/* ge boundary */
	T_EQ_INT(m(&t, "172.31.255.0/24"), 1);
	T_EQ_INT(m(&t, "172.32.0.0/20"), 0);	/* outside /12 */
	T_EQ_INT(m(&t, "8.8.8.8/32"), 1);	/* 0/0 eq 32 */
	T_EQ_INT(m(&t, "8.8.8.0/31"), 0);
	T_EQ_INT(m(&t, "2001:db8:1::/48"), 1);
	T_EQ_INT(m(&t, "2001:db8:1:2::/64"), 1);
	T_EQ_INT(m(&t, "2001:db8:1:2::/65"), 0);
	T_EQ_INT(m(&t, "2001:db8::/47"), 0);
	T_EQ_INT(m(&t, "2001:db9::/48"), 0);
	/* IPv4 entries never match IPv6 routes and vice versa */
	T_EQ_INT(m(&t, "::/0"), 0);
	T_EQ_INT(t.nentries, 5);
	pfxtrie_free(&t);
}

static void
test_addr_match(void)
{
	struct pfxtrie	 t;
	struct xprefix	 p = P("10.0.0.0/8");
	struct xaddr	 a;

	pfxtrie_init(&t);
	T_EQ_INT(pfxtrie_add(&t, &p, 8, 32), 0);
	T_EQ_INT(addr_parse("10.1.2.3", &a), 0);
	T_EQ_INT(pfxtrie_match_addr(&t, &a), 1);
	T_EQ_INT(addr_parse("11.1.2.3", &a), 0);
	T_EQ_INT(pfxtrie_match_addr(&t, &a), 0);
	pfxtrie_free(&t);
}

struct entry {
	struct xprefix	 p;
	unsigned	 ge, le;
};

static int
brute(const struct entry *e, size_t n, const struct xprefix *r)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (e[i].p.addr.af != r->addr.af)
			continue;
		if (r->len < e[i].ge || r->len > e[i].le)
			continue;
		if (prefix_contains(&e[i].p, r))
			return 1;
	}
	return 0;
}

static void
rand_prefix(struct xprefix *p, int v6, unsigned maxlen)
{
	unsigned	 i;

	memset(p, 0, sizeof(*p));
	p->addr.af = v6 ? AF_V6 : AF_V4;
	/* few distinct top bits so that entries overlap and nest */
	for (i = 0; i < (v6 ? 16u : 4u); i++)
		p->addr.a[i] = (uint8_t)(i < 2 ? (rand() % 3) : rand());
	p->len = (uint8_t)(rand() % (maxlen + 1));
	prefix_mask(p);
}

static void
test_random(void)
{
	struct entry	 e[400];
	struct pfxtrie	 t;
	struct xprefix	 r;
	size_t		 i, n = sizeof(e) / sizeof(e[0]);
	int		 bad = 0;
	unsigned	 max;

	srand(4242);
	pfxtrie_init(&t);
	for (i = 0; i < n; i++) {
		int v6 = i % 4 == 3;

		max = v6 ? 128 : 32;
		rand_prefix(&e[i].p, v6, v6 ? 40 : 24);
		e[i].ge = e[i].p.len + (unsigned)rand() % 4;
		e[i].le = e[i].ge + (unsigned)rand() % 6;
		if (e[i].le > max)
			e[i].le = max;
		if (e[i].ge > max)
			e[i].ge = max;
		if (pfxtrie_add(&t, &e[i].p, e[i].ge, e[i].le) == -1)
			bad++;
	}
	for (i = 0; i < 20000; i++) {
		int v6 = i % 4 == 3;

		rand_prefix(&r, v6, v6 ? 48 : 32);
		if (pfxtrie_match(&t, &r) != brute(e, n, &r))
			bad++;
	}
	T_EQ_INT(bad, 0);
	pfxtrie_free(&t);
}

/* Enough IPv4 entries for the /16 shortcut; same answers as brute force. */
static void
test_shortcut(void)
{
	static struct entry	 e[6000];
	struct pfxtrie		 t;
	struct xprefix		 r;
	size_t			 i, n = sizeof(e) / sizeof(e[0]);
	int			 bad = 0, fin, hits = 0;

	srand(77);
	pfxtrie_init(&t);
	for (i = 0; i < n; i++) {
		rand_prefix(&e[i].p, 0, 24);
		/* spread over 8 /8s so the trie has many nodes */
		e[i].p.addr.a[0] = (uint8_t)(rand() % 8);
		e[i].p.addr.a[1] = (uint8_t)rand();
		e[i].p.len = (uint8_t)(8 + rand() % 17);
		if (i % 50 == 0)	/* short entries above the /16 level */
			e[i].p.len = (uint8_t)(rand() % 16);
		prefix_mask(&e[i].p);
		e[i].ge = e[i].p.len + (unsigned)rand() % 3;
		e[i].le = e[i].ge + (unsigned)rand() % 8;
		if (e[i].le > 32)
			e[i].le = 32;
		if (pfxtrie_add(&t, &e[i].p, e[i].ge, e[i].le) == -1)
			bad++;
	}
	fin = pfxtrie_finish(&t);
	T_EQ_INT(fin, 0);
	T_ASSERT(t.jump != NULL);
	for (i = 0; i < 10000; i++) {
		rand_prefix(&r, 0, 32);
		r.addr.a[0] = (uint8_t)(rand() % 9);
		r.addr.a[1] = (uint8_t)rand();
		prefix_mask(&r);
		if (pfxtrie_match(&t, &r) != brute(e, n, &r))
			bad++;
		/* and a route inside a random entry, to get hits */
		r = e[(size_t)rand() % n].p;
		r.len = (uint8_t)(r.len + (unsigned)rand() % (33 - r.len));
		hits += pfxtrie_match(&t, &r);
		if (pfxtrie_match(&t, &r) != brute(e, n, &r))
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(hits > 1000);	/* the comparison covered matches too */
	pfxtrie_free(&t);
}

/* r := a random route inside entry prefix p, of length len. */
static void
inside(const struct xprefix *p, unsigned len, struct xprefix *r)
{
	unsigned	 i, max = p->addr.af == AF_V4 ? 4 : 16;

	*r = *p;
	for (i = 0; i < max; i++)
		r->addr.a[i] |= (uint8_t)rand();
	/* keep p's bits, randomise the rest, then cut to len */
	for (i = 0; i < p->len; i++) {
		uint8_t bit = (uint8_t)(0x80 >> (i & 7));

		r->addr.a[i >> 3] = (uint8_t)((r->addr.a[i >> 3] & ~bit) |
		    (p->addr.a[i >> 3] & bit));
	}
	r->len = (uint8_t)len;
	prefix_mask(r);
}

/*
 * A dense set (thousands of entries in a few /16s, like a customer cone)
 * gets the /24 blocks too.  Same answers as brute force for routes of
 * every length, host routes, entries nested above and below /16 and /24,
 * a 0/0 entry, and IPv6 entries beside them.
 */
static void
test_sub_level(void)
{
	static struct entry	 e[5000];
	struct pfxtrie		 t;
	struct xprefix		 r;
	struct xaddr		 a;
	size_t			 i, n = sizeof(e) / sizeof(e[0]);
	int			 bad = 0, hits = 0, want, fin;
	unsigned		 max;

	srand(2024);
	pfxtrie_init(&t);
	for (i = 0; i < n; i++) {
		int v6 = i % 10 == 9;

		max = v6 ? 128 : 32;
		rand_prefix(&e[i].p, v6, 0);
		if (v6) {
			e[i].p.addr.a[0] = 0x20;
			e[i].p.addr.a[1] = 0x01;
			e[i].p.addr.a[2] = (uint8_t)(rand() % 2);
			e[i].p.addr.a[3] = (uint8_t)rand();
			e[i].p.len = (uint8_t)(16 + rand() % 113);
		} else {
			/* four dense /16s: 20.0/16 .. 20.3/16 */
			e[i].p.addr.a[0] = 20;
			e[i].p.addr.a[1] = (uint8_t)(rand() % 4);
			e[i].p.addr.a[2] = (uint8_t)rand();
			e[i].p.addr.a[3] = (uint8_t)rand();
			e[i].p.len = (uint8_t)(17 + rand() % 16);
			if (i % 97 == 0)	/* above /16 and /24 */
				e[i].p.len = (uint8_t)(rand() % 24);
		}
		prefix_mask(&e[i].p);
		e[i].ge = e[i].p.len + (unsigned)rand() % 3;
		e[i].le = e[i].ge + (unsigned)rand() % 5;
		if (e[i].le > max)
			e[i].le = max;
		if (e[i].ge > max)
			e[i].ge = max;
		if (i == 0) {		/* 0.0.0.0/0 ge 31 le 31 */
			memset(&e[i].p, 0, sizeof(e[i].p));
			e[i].p.addr.af = AF_V4;
			e[i].ge = e[i].le = 31;
		}
		if (pfxtrie_add(&t, &e[i].p, e[i].ge, e[i].le) == -1)
			bad++;
	}
	fin = pfxtrie_finish(&t);
	T_EQ_INT(fin, 0);
	T_ASSERT(t.jump != NULL);
	T_ASSERT(t.nsub >= 4);		/* the four /16s have blocks */
	for (i = 0; i < 20000; i++) {
		/* any length in and around the dense /16s */
		rand_prefix(&r, 0, 32);
		r.addr.a[0] = (uint8_t)(19 + rand() % 2);
		r.addr.a[1] = (uint8_t)(rand() % 5);
		r.addr.a[2] = (uint8_t)rand();
		r.addr.a[3] = (uint8_t)rand();
		prefix_mask(&r);
		if (pfxtrie_match(&t, &r) != brute(e, n, &r))
			bad++;
		/* inside a random entry, at lengths around its ge..le */
		{
			const struct entry *x = &e[(size_t)rand() % n];
			unsigned mx = x->p.addr.af == AF_V4 ? 32 : 128;
			unsigned len = x->ge + (unsigned)rand() % 3;

			len = len >= 1 + (unsigned)rand() % 2 ?
			    len - (unsigned)rand() % 2 : len;
			if (len < x->p.len)
				len = x->p.len;
			if (len > mx)
				len = mx;
			inside(&x->p, len, &r);
		}
		want = brute(e, n, &r);
		hits += want;
		if (pfxtrie_match(&t, &r) != want)
			bad++;
		/* host routes, through both entry points */
		r.len = r.addr.af == AF_V4 ? 32 : 128;
		for (max = 0; max < 16; max++)
			r.addr.a[max] = max < (r.addr.af == AF_V4 ? 4u : 16u) ?
			    (uint8_t)(r.addr.a[max] | (rand() % 2)) : 0;
		a = r.addr;
		want = brute(e, n, &r);
		if (pfxtrie_match(&t, &r) != want ||
		    pfxtrie_match_addr(&t, &a) != want)
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(hits > 5000);

	/* boundaries through the blocks, on a set of known entries */
	pfxtrie_free(&t);
	pfxtrie_init(&t);
	for (i = 0; i < 4096; i++) {	/* 20.0.0.0/24 .. 20.15.255.0/24 */
		memset(&r, 0, sizeof(r));
		r.addr.af = AF_V4;
		r.addr.a[0] = 20;
		r.addr.a[1] = (uint8_t)(i >> 8);
		r.addr.a[2] = (uint8_t)i;
		r.len = 24;
		if (i % 2 == 0 && pfxtrie_add(&t, &r, 24, 24) == -1)
			bad++;
	}
	r = P("20.1.0.0/16");		/* le 24 at the /16 itself */
	T_EQ_INT(pfxtrie_add(&t, &r, 16, 24), 0);
	r = P("20.2.4.0/22");		/* ge 25 le 26 below a /24 */
	T_EQ_INT(pfxtrie_add(&t, &r, 25, 26), 0);
	r = P("20.3.7.128/25");
	T_EQ_INT(pfxtrie_add(&t, &r, 25, 32), 0);
	r = P("0.0.0.0/0");
	T_EQ_INT(pfxtrie_add(&t, &r, 0, 0), 0);
	T_EQ_INT(pfxtrie_finish(&t), 0);
	T_ASSERT(t.nsub > 0);
	T_EQ_INT(m(&t, "0.0.0.0/0"), 1);
	T_EQ_INT(m(&t, "20.0.0.0/8"), 0);
	T_EQ_INT(m(&t, "20.0.2.0/24"), 1);
	T_EQ_INT(m(&t, "20.0.3.0/24"), 0);	/* odd: not an entry */
	T_EQ_INT(m(&t, "20.0.2.0/25"), 0);	/* exact /24 only */
	T_EQ_INT(m(&t, "20.0.2.0/23"), 0);
	T_EQ_INT(m(&t, "20.1.0.0/16"), 1);
	T_EQ_INT(m(&t, "20.1.128.0/17"), 1);
	T_EQ_INT(m(&t, "20.1.3.0/24"), 1);	/* le 24 boundary */
	T_EQ_INT(m(&t, "20.1.3.0/25"), 0);	/* just past le */
	T_EQ_INT(m(&t, "20.2.4.0/24"), 1);	/* entry 20.2.4.0/24 */
	T_EQ_INT(m(&t, "20.2.5.0/24"), 0);
	T_EQ_INT(m(&t, "20.2.5.128/25"), 1);	/* /22 ge 25 */
	T_EQ_INT(m(&t, "20.2.7.192/26"), 1);	/* /22 le 26 */
	T_EQ_INT(m(&t, "20.2.7.192/27"), 0);
	T_EQ_INT(m(&t, "20.3.7.128/25"), 1);
	T_EQ_INT(m(&t, "20.3.7.255/32"), 1);	/* host route */
	T_EQ_INT(m(&t, "20.3.7.0/25"), 0);
	T_EQ_INT(addr_parse("20.3.7.200", &a), 0);
	T_EQ_INT(pfxtrie_match_addr(&t, &a), 1);
	T_EQ_INT(addr_parse("20.3.6.200", &a), 0);
	T_EQ_INT(pfxtrie_match_addr(&t, &a), 0);
	T_EQ_INT(bad, 0);
	pfxtrie_free(&t);
}

int
main(void)
{
	test_shortcut();
	test_sub_level();
	test_ranges();
	test_addr_match();
	test_random();
	return T_DONE();
}
