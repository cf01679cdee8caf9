/*
 * test_pfxtrie: prefix-set trie matching, checked case by case and against
 * a brute-force linear scan of random entries (both families).
 */
#include <stdlib.h>

#include "core/pfxtrie.h"
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

int
main(void)
{
	test_shortcut();
	test_ranges();
	test_addr_match();
	test_random();
	return T_DONE();
}
