/*
 * Unit tests for core/lib/pfxtable.c: fixed edge cases, then random
 * operations on IPv4 and IPv6 tables checked against a brute-force
 * reference (an unsorted array searched linearly, sorted for walks).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/pfxtable.h"
#include "core/lib/addr.h"
#include "tests/unit/t.h"

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	memset(&p, 0, sizeof(p));
	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	memset(&a, 0, sizeof(a));
	if (addr_parse(s, &a) == -1)
		abort();
	return a;
}

#define V(n)	((void *)(uintptr_t)(n))

/* xorshift64*: reproducible across runs and platforms. */
static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned
rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* The reference: what the table should hold. */
struct ref {
	struct xprefix	 p;
	uintptr_t	 v;
};

static struct ref	*refs;
static size_t		 nrefs;

static long
ref_find(const struct xprefix *p)
{
	size_t	 i;

	for (i = 0; i < nrefs; i++)
		if (prefix_cmp(&refs[i].p, p) == 0)
			return (long)i;
	return -1;
}

static int
ref_cmp(const void *a, const void *b)
{
	return prefix_cmp(&((const struct ref *)a)->p,
	    &((const struct ref *)b)->p);
}

/* Addresses clustered around a few bases so prefixes share long runs. */
static struct xaddr	 bases[6];

static void
rnd_base(uint8_t af)
{
	size_t	 i, j;

	for (i = 0; i < 6; i++) {
		memset(&bases[i], 0, sizeof(bases[i]));
		bases[i].af = af;
		for (j = 0; j < (af == AF_V4 ? 4u : 16u); j++)
			bases[i].a[j] = (uint8_t)rnd();
	}
	/* Two bases that differ only in the last bit. */
	bases[1] = bases[0];
	bases[1].a[af == AF_V4 ? 3 : 15] ^= 1;
}

static struct xaddr
rnd_addr(uint8_t af)
{
	struct xaddr	 a;
	unsigned	 max = af == AF_V4 ? 32 : 128, i, flips;

	a = bases[rndn(6)];
	flips = rndn(4);
	for (i = 0; i < flips; i++) {
		unsigned b = rndn(max);

		a.a[b / 8] ^= (uint8_t)(1u << (7 - b % 8));
	}
	return a;
}

static struct xprefix
rnd_pfx(uint8_t af)
{
	struct xprefix	 p;
	unsigned	 max = af == AF_V4 ? 32 : 128;

	memset(&p, 0, sizeof(p));
	p.addr = rnd_addr(af);
	switch (rndn(4)) {
	case 0:
		p.len = (uint8_t)rndn(max + 1);
		break;
	case 1:
		p.len = (uint8_t)(max - rndn(3));
		break;
	default:
		p.len = (uint8_t)(max * 3 / 4 - 4 + rndn(9));
		break;
	}
	prefix_mask(&p);
	return p;
}

struct collect {
	struct ref	*out;
	size_t		 n, cap;
};

static int
collect_cb(const struct xprefix *p, void *v, void *arg)
{
	struct collect	*c = arg;

	if (c->n < c->cap) {
		c->out[c->n].p = *p;
		c->out[c->n].v = (uintptr_t)v;
	}
	c->n++;
	return 0;
}

static int
stop_cb(const struct xprefix *p, void *v, void *arg)
{
	(void)p;
	(void)v;
	return ++*(int *)arg == 3 ? 42 : 0;
}

/* Compares the table with the reference in every way it can be read. */
static void
check_all(struct pfxtable *t, uint8_t af)
{
	struct ref		*sorted, *got;
	struct collect		 c;
	struct pfxtable_cursor	 cur;
	struct xprefix		 p, q, m;
	struct xaddr		 a;
	size_t			 i, j, n, bad;
	long			 best;
	void			*v;

	T_EQ_INT(pfxtable_count(t), nrefs);
	if ((sorted = malloc((nrefs + 1) * sizeof(*sorted))) == NULL ||
	    (got = malloc((nrefs + 1) * sizeof(*got))) == NULL)
		abort();
	if (nrefs > 0)
		memcpy(sorted, refs, nrefs * sizeof(*refs));
	qsort(sorted, nrefs, sizeof(*sorted), ref_cmp);

	bad = 0;
	for (i = 0; i < nrefs; i++)
		if ((uintptr_t)pfxtable_get(t, &refs[i].p) != refs[i].v)
			bad++;
	T_EQ_INT(bad, 0);
	bad = 0;
	for (i = 0; i < 200; i++) {
		p = rnd_pfx(af);
		best = ref_find(&p);
		if ((uintptr_t)pfxtable_get(t, &p) !=
		    (best < 0 ? 0 : refs[best].v))
			bad++;
	}
	T_EQ_INT(bad, 0);
	/* pfxtable_get_many: stored and random prefixes, batches of 1 to
	   PFXTABLE_BATCH, each result as pfxtable_get's */
	bad = 0;
	for (i = 0; i < 40; i++) {
		struct xprefix		 bq[PFXTABLE_BATCH];
		const struct xprefix	*bpp[PFXTABLE_BATCH];
		void			*bv[PFXTABLE_BATCH];

		n = 1 + rndn(PFXTABLE_BATCH);
		for (j = 0; j < n; j++) {
			bq[j] = nrefs > 0 && rndn(2) ? refs[rndn(
			    (unsigned)nrefs)].p : rnd_pfx(af);
			bpp[j] = &bq[j];
		}
		pfxtable_get_many(t, bpp, n, bv);
		for (j = 0; j < n; j++)
			if (bv[j] != pfxtable_get(t, &bq[j]))
				bad++;
	}
	T_EQ_INT(bad, 0);

	/* Longest match against a linear scan. */
	bad = 0;
	for (i = 0; i < 300; i++) {
		a = rnd_addr(af);
		memset(&q, 0, sizeof(q));
		q.addr = a;
		q.len = af == AF_V4 ? 32 : 128;
		best = -1;
		for (j = 0; j < nrefs; j++)
			if (prefix_contains(&refs[j].p, &q) &&
			    (best < 0 || refs[j].p.len > refs[best].p.len))
				best = (long)j;
		memset(&m, 0xff, sizeof(m));
		v = pfxtable_match(t, &a, &m);
		if (best < 0 ? v != NULL : ((uintptr_t)v != refs[best].v ||
		    prefix_cmp(&m, &refs[best].p) != 0))
			bad++;
	}
	T_EQ_INT(bad, 0);

	/* Whole walk: sorted order. */
	c.out = got;
	c.n = 0;
	c.cap = nrefs + 1;
	T_EQ_INT(pfxtable_walk(t, collect_cb, &c), 0);
	T_EQ_INT(c.n, nrefs);
	bad = 0;
	for (i = 0; i < nrefs && i < c.n; i++)
		if (prefix_cmp(&got[i].p, &sorted[i].p) != 0 ||
		    got[i].v != sorted[i].v)
			bad++;
	T_EQ_INT(bad, 0);

	/* Subtrees of random prefixes, stored or not. */
	bad = 0;
	for (i = 0; i < 40; i++) {
		p = i < 20 && nrefs > 0 ? refs[rndn((unsigned)nrefs)].p :
		    rnd_pfx(af);
		if (i % 7 == 0)
			p.len = (uint8_t)(p.len / 2);
		prefix_mask(&p);
		c.n = 0;
		pfxtable_walk_subtree(t, &p, collect_cb, &c);
		for (j = n = 0; j < nrefs; j++) {
			if (!prefix_contains(&p, &sorted[j].p))
				continue;
			if (n >= c.n || prefix_cmp(&got[n].p,
			    &sorted[j].p) != 0)
				bad++;
			n++;
		}
		if (n != c.n)
			bad++;

		/* The scoped cursor sees the same. */
		pfxtable_cursor_init(&cur, &p);
		for (j = 0; pfxtable_cursor_next(t, &cur, &q, &v); j++)
			if (j >= c.n || prefix_cmp(&q, &got[j].p) != 0 ||
			    (uintptr_t)v != got[j].v)
				bad++;
		if (j != c.n)
			bad++;
	}
	T_EQ_INT(bad, 0);

	/* Covering prefixes (shortest first) against a linear scan. */
	bad = 0;
	for (i = 0; i < 60; i++) {
		p = i < 30 && nrefs > 0 ? refs[rndn((unsigned)nrefs)].p :
		    rnd_pfx(af);
		if (i % 5 == 0)
			p.len = af == AF_V4 ? 32 : 128;	/* a host route */
		prefix_mask(&p);
		c.n = 0;
		T_EQ_INT(pfxtable_walk_covering(t, &p, collect_cb, &c), 0);
		for (j = n = 0; j < nrefs; j++) {
			if (!prefix_contains(&sorted[j].p, &p))
				continue;
			if (n >= c.n || prefix_cmp(&got[n].p,
			    &sorted[j].p) != 0 || got[n].v != sorted[j].v)
				bad++;
			n++;
		}
		if (n != c.n)
			bad++;
	}
	T_EQ_INT(bad, 0);

	/* Unscoped cursor, no changes. */
	pfxtable_cursor_init(&cur, NULL);
	bad = 0;
	for (i = 0; pfxtable_cursor_next(t, &cur, &q, NULL); i++)
		if (i >= nrefs || prefix_cmp(&q, &sorted[i].p) != 0)
			bad++;
	T_EQ_INT(bad, 0);
	T_EQ_INT(i, nrefs);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &q, NULL), 0);

	free(sorted);
	free(got);
}

static void
ref_put(struct pfxtable *t, const struct xprefix *p, uintptr_t v)
{
	long	 i = ref_find(p);
	void	*old = V(1);

	T_EQ_INT(pfxtable_put(t, p, V(v), &old), 0);
	if (i >= 0) {
		T_EQ_INT((uintptr_t)old, refs[i].v);
		refs[i].v = v;
	} else {
		T_ASSERT(old == NULL);
		refs[nrefs].p = *p;
		refs[nrefs++].v = v;
	}
}

static void
ref_del(struct pfxtable *t, const struct xprefix *p)
{
	long		 i = ref_find(p);
	uintptr_t	 v = (uintptr_t)pfxtable_del(t, p);

	if (i < 0) {
		T_EQ_INT(v, 0);
		return;
	}
	T_EQ_INT(v, refs[i].v);
	refs[i] = refs[--nrefs];
}

/*
 * Get-or-create through a slot; undo (leaving the table as before) on
 * every other new prefix, as a caller whose allocation failed would.
 */
static void
ref_slot(struct pfxtable *t, const struct xprefix *p, uintptr_t v)
{
	long	 i = ref_find(p);
	size_t	 n = pfxtable_count(t);
	void	**slot;
	int	 created = -1;

	T_ASSERT((slot = pfxtable_slot(t, p, &created)) != NULL);
	if (i >= 0) {
		T_EQ_INT(created, 0);
		T_EQ_INT((uintptr_t)*slot, refs[i].v);
		T_EQ_INT(pfxtable_count(t), n);
		*slot = V(v);
		refs[i].v = v;
		return;
	}
	T_EQ_INT(created, 1);
	T_ASSERT(*slot == NULL);
	T_EQ_INT(pfxtable_count(t), n + 1);
	if (v % 2 == 0) {
		T_EQ_INT(pfxtable_slot_undo(t, p), 0);
		T_EQ_INT(pfxtable_count(t), n);
		T_ASSERT(pfxtable_get(t, p) == NULL);
		return;
	}
	*slot = V(v);
	refs[nrefs].p = *p;
	refs[nrefs++].v = v;
}

/*
 * The cursor while the table changes under it: each step must return the
 * smallest prefix stored at that moment that is after the last returned.
 */
static void
cursor_churn(struct pfxtable *t, uint8_t af, int scoped)
{
	struct pfxtable_cursor	 cur;
	struct xprefix		 last, q, scope;
	size_t			 j, bad = 0, steps = 0;
	long			 best;
	int			 started = 0, more;
	static uintptr_t	 seq = 1000000;

	scope = nrefs > 0 ? refs[rndn((unsigned)nrefs)].p : rnd_pfx(af);
	scope.len = (uint8_t)(scope.len / 3);
	prefix_mask(&scope);
	pfxtable_cursor_init(&cur, scoped ? &scope : NULL);
	memset(&last, 0, sizeof(last));
	for (;;) {
		/* Change the table between steps, around the cursor too. */
		switch (rndn(3)) {
		case 0:
			ref_put(t, started ? &last : &scope, ++seq);
			break;
		case 1:
			if (started)
				ref_del(t, &last);
			break;
		}
		q = rnd_pfx(af);
		ref_put(t, &q, ++seq);
		if (nrefs > 0 && rndn(2))
			ref_del(t, &refs[rndn((unsigned)nrefs)].p);

		best = -1;
		for (j = 0; j < nrefs; j++) {
			if (scoped && !prefix_contains(&scope, &refs[j].p))
				continue;
			if (started && prefix_cmp(&refs[j].p, &last) <= 0)
				continue;
			if (best < 0 || prefix_cmp(&refs[j].p,
			    &refs[best].p) < 0)
				best = (long)j;
		}
		more = pfxtable_cursor_next(t, &cur, &q, NULL);
		if (!more) {
			if (best >= 0)
				bad++;
			break;
		}
		if (best < 0 || prefix_cmp(&q, &refs[best].p) != 0)
			bad++;
		last = q;
		started = 1;
		if (++steps > 100000)
			break;
	}
	T_EQ_INT(bad, 0);
}

/* The reference itself must never hold a prefix twice. */
static void
ref_dedup(void)
{
	size_t	 i, j;

	for (i = 0; i < nrefs; i++)
		for (j = i + 1; j < nrefs; j++)
			if (prefix_cmp(&refs[i].p, &refs[j].p) == 0)
				abort();
}

static void
random_af(uint8_t af, size_t maxn, unsigned rounds)
{
	struct pfxtable	*t;
	struct xprefix	 p;
	unsigned	 r, i;
	uintptr_t	 seq = 1;

	rnd_base(af);
	T_ASSERT((t = pfxtable_new(af)) != NULL);
	if ((refs = calloc(maxn + 64, sizeof(*refs))) == NULL)
		abort();
	nrefs = 0;
	for (r = 0; r < rounds; r++) {
		/* Grow, then shrink, then grow again. */
		for (i = 0; i < 150; i++) {
			p = rnd_pfx(af);
			if (nrefs + 8 < maxn && (r % 4 != 2 || rndn(4) == 0)) {
				if (rndn(2) == 0)
					ref_put(t, &p, seq++);
				else
					ref_slot(t, &p, seq++);
			} else if (nrefs > 0)
				ref_del(t, &refs[rndn((unsigned)nrefs)].p);
			if (rndn(3) == 0)
				ref_del(t, &p);
		}
		check_all(t, af);
		if (r % 3 == 0 && nrefs + 64 < maxn) {
			cursor_churn(t, af, r % 2);
			ref_dedup();
		}
	}
	/* Delete everything: the table must come back empty. */
	while (nrefs > 0)
		ref_del(t, &refs[nrefs - 1].p);
	check_all(t, af);
	T_EQ_INT(pfxtable_count(t), 0);
	pfxtable_free(t, NULL);
	free(refs);
	refs = NULL;
}

static int	 freed;

static void
count_free(void *v)
{
	(void)v;
	freed++;
}

static void
edges(void)
{
	struct pfxtable		*t, *t6;
	struct xprefix		 p, m;
	struct xaddr		 a;
	struct pfxtable_cursor	 cur;
	void			*old;
	int			 n;

	T_ASSERT(pfxtable_new(0) == NULL);
	T_ASSERT(pfxtable_new(5) == NULL);
	T_ASSERT((t = pfxtable_new(AF_V4)) != NULL);
	T_ASSERT((t6 = pfxtable_new(AF_V6)) != NULL);
	T_EQ_INT(pfxtable_af(t), AF_V4);

	/* Empty table. */
	a = A("8.8.8.8");
	T_ASSERT(pfxtable_match(t, &a, NULL) == NULL);
	p = P("0.0.0.0/0");
	T_ASSERT(pfxtable_get(t, &p) == NULL);
	T_ASSERT(pfxtable_del(t, &p) == NULL);
	pfxtable_cursor_init(&cur, NULL);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 0);

	/* Refused: NULL value, other family, bad length. */
	T_EQ_INT(pfxtable_put(t, &p, NULL, NULL), -1);
	p = P("2001:db8::/32");
	T_EQ_INT(pfxtable_put(t, &p, V(1), NULL), -1);
	T_ASSERT(pfxtable_get(t, &p) == NULL);
	a = A("2001:db8::1");
	T_ASSERT(pfxtable_match(t, &a, NULL) == NULL);
	p = P("10.0.0.0/8");
	p.len = 33;
	T_EQ_INT(pfxtable_put(t, &p, V(1), NULL), -1);
	T_EQ_INT(pfxtable_count(t), 0);

	/* Default route matches everything. */
	p = P("0.0.0.0/0");
	T_EQ_INT(pfxtable_put(t, &p, V(100), &old), 0);
	T_ASSERT(old == NULL);
	a = A("8.8.8.8");
	T_ASSERT(pfxtable_match(t, &a, &m) == V(100));
	T_EQ_INT(m.len, 0);
	a = A("255.255.255.255");
	T_ASSERT(pfxtable_match(t, &a, NULL) == V(100));

	/* Host bits are ignored: 8.8.8.1/24 is 8.8.8.0/24. */
	p = P("8.8.8.1/24");
	T_EQ_INT(pfxtable_put(t, &p, V(24), NULL), 0);
	p = P("8.8.8.0/24");
	T_ASSERT(pfxtable_get(t, &p) == V(24));
	p = P("8.8.8.8/32");
	T_EQ_INT(pfxtable_put(t, &p, V(32), NULL), 0);
	p = P("8.8.8.9/32");
	T_EQ_INT(pfxtable_put(t, &p, V(33), NULL), 0);
	p = P("8.0.0.0/8");
	T_EQ_INT(pfxtable_put(t, &p, V(8), NULL), 0);
	a = A("8.8.8.8");
	T_ASSERT(pfxtable_match(t, &a, &m) == V(32));
	T_EQ_INT(m.len, 32);
	a = A("8.8.8.10");
	T_ASSERT(pfxtable_match(t, &a, &m) == V(24));
	T_EQ_INT(m.len, 24);
	a = A("8.9.0.0");
	T_ASSERT(pfxtable_match(t, &a, &m) == V(8));
	a = A("9.0.0.0");
	T_ASSERT(pfxtable_match(t, &a, &m) == V(100));
	/* Replace returns the old value. */
	p = P("8.8.8.8/32");
	T_EQ_INT(pfxtable_put(t, &p, V(320), &old), 0);
	T_ASSERT(old == V(32));
	T_EQ_INT(pfxtable_count(t), 5);
	/* A branch point holds no value: get and del miss it. */
	p = P("8.8.8.8/31");
	T_ASSERT(pfxtable_get(t, &p) == NULL);
	T_ASSERT(pfxtable_del(t, &p) == NULL);
	p = P("8.8.8.8/32");
	T_ASSERT(pfxtable_del(t, &p) == V(320));
	T_ASSERT(pfxtable_del(t, &p) == NULL);
	a = A("8.8.8.8");
	T_ASSERT(pfxtable_match(t, &a, NULL) == V(24));
	/* Walk order: address, then length. */
	n = 0;
	T_EQ_INT(pfxtable_walk(t, stop_cb, &n), 42);
	T_EQ_INT(n, 3);
	pfxtable_cursor_init(&cur, NULL);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 1);
	T_EQ_INT(m.len, 0);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 1);
	T_EQ_INT(m.len, 8);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 1);
	T_EQ_INT(m.len, 24);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 1);
	T_EQ_INT(m.len, 32);
	T_EQ_INT(m.addr.a[3], 9);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 0);
	T_EQ_INT(pfxtable_cursor_next(t, &cur, &m, NULL), 0);
	/* Subtree of the default route is everything. */
	n = 0;
	p = P("0.0.0.0/0");
	T_EQ_INT(pfxtable_walk_subtree(t, &p, stop_cb, &n), 42);
	/* Covering: /0, /8, /24 and the /32 itself; stops at the 3rd. */
	n = 0;
	p = P("8.8.8.9/32");
	T_EQ_INT(pfxtable_walk_covering(t, &p, stop_cb, &n), 42);
	T_EQ_INT(n, 3);
	n = 0;
	p = P("8.8.0.0/16");
	T_EQ_INT(pfxtable_walk_covering(t, &p, stop_cb, &n), 0);
	T_EQ_INT(n, 2);
	n = 0;
	p = P("8::/16");
	T_EQ_INT(pfxtable_walk_covering(t, &p, stop_cb, &n), 0);
	T_EQ_INT(n, 0);
	freed = 0;
	pfxtable_free(t, count_free);
	T_EQ_INT(freed, 4);

	/* IPv6: /0, /128, host routes, prefixes differing in the last bit. */
	p = P("::/0");
	T_EQ_INT(pfxtable_put(t6, &p, V(1), NULL), 0);
	p = P("2001:db8::1/128");
	T_EQ_INT(pfxtable_put(t6, &p, V(2), NULL), 0);
	p = P("2001:db8::/128");
	T_EQ_INT(pfxtable_put(t6, &p, V(3), NULL), 0);
	p = P("2001:db8::/127");
	T_EQ_INT(pfxtable_put(t6, &p, V(4), NULL), 0);
	p = P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	T_EQ_INT(pfxtable_put(t6, &p, V(5), NULL), 0);
	a = A("2001:db8::1");
	T_ASSERT(pfxtable_match(t6, &a, &m) == V(2));
	T_EQ_INT(m.len, 128);
	a = A("2001:db8::");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == V(3));
	a = A("2001:db8::2");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == V(1));
	a = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == V(5));
	a = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == V(1));
	a = A("8.8.8.8");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == NULL);
	p = P("2001:db8::/127");
	T_ASSERT(pfxtable_del(t6, &p) == V(4));
	p = P("2001:db8::/128");
	T_ASSERT(pfxtable_del(t6, &p) == V(3));
	a = A("2001:db8::");
	T_ASSERT(pfxtable_match(t6, &a, NULL) == V(1));
	p = P("::/0");
	T_ASSERT(pfxtable_del(t6, &p) == V(1));
	T_EQ_INT(pfxtable_count(t6), 2);
	/* A scoped cursor over a prefix that is not stored. */
	p = P("2001:db8::/32");
	pfxtable_cursor_init(&cur, &p);
	T_EQ_INT(pfxtable_cursor_next(t6, &cur, &m, NULL), 1);
	T_EQ_INT(m.len, 128);
	T_EQ_INT(pfxtable_cursor_next(t6, &cur, &m, NULL), 0);
	pfxtable_free(t6, NULL);
	pfxtable_free(NULL, NULL);
}

/* pfxtable_slot and pfxtable_slot_undo on fixed shapes. */
static void
slots(void)
{
	struct pfxtable	*t;
	struct xprefix	 p, q;
	struct xaddr	 a;
	size_t		 mem;
	void		**s;
	int		 c, i;

	T_ASSERT((t = pfxtable_new(AF_V4)) != NULL);
	/* Refused: other family, bad length; nothing created. */
	p = P("2001:db8::/32");
	c = 7;
	T_ASSERT(pfxtable_slot(t, &p, &c) == NULL);
	T_EQ_INT(c, 0);
	p = P("10.0.0.0/8");
	p.len = 33;
	T_ASSERT(pfxtable_slot(t, &p, &c) == NULL);
	T_EQ_INT(pfxtable_count(t), 0);

	/* Creation in an empty table, then filled: a normal entry. */
	p = P("10.1.0.0/16");
	T_ASSERT((s = pfxtable_slot(t, &p, &c)) != NULL);
	T_EQ_INT(c, 1);
	T_ASSERT(*s == NULL);
	T_EQ_INT(pfxtable_count(t), 1);
	*s = V(1);
	T_ASSERT(pfxtable_get(t, &p) == V(1));
	/* Host bits ignored; the existing prefix is found, not created. */
	q = P("10.1.2.3/16");
	T_ASSERT(pfxtable_slot(t, &q, &c) == s);
	T_EQ_INT(c, 0);
	T_ASSERT(*s == V(1));
	T_EQ_INT(pfxtable_count(t), 1);
	/* created may be NULL. */
	T_ASSERT(pfxtable_slot(t, &p, NULL) == s);

	/* A sibling makes a valueless branch at 10.0.0.0/15. */
	q = P("10.0.0.0/16");
	T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL && c == 1);
	*s = V(2);
	T_EQ_INT(pfxtable_count(t), 2);
	/* The branch node exists with NULL value: a slot there is new. */
	q = P("10.0.0.0/15");
	T_ASSERT(pfxtable_get(t, &q) == NULL);
	T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL);
	T_EQ_INT(c, 1);
	T_ASSERT(*s == NULL);
	T_EQ_INT(pfxtable_count(t), 3);
	/* Undone, it is a branch again: both children still there. */
	T_EQ_INT(pfxtable_slot_undo(t, &q), 0);
	T_EQ_INT(pfxtable_count(t), 2);
	T_ASSERT(pfxtable_get(t, &q) == NULL);
	a = A("10.1.9.9");
	T_ASSERT(pfxtable_match(t, &a, NULL) == V(1));
	a = A("10.0.9.9");
	T_ASSERT(pfxtable_match(t, &a, NULL) == V(2));
	/* Filled this time: a stored prefix above its two children. */
	T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL && c == 1);
	*s = V(3);
	T_EQ_INT(pfxtable_count(t), 3);
	T_ASSERT(pfxtable_del(t, &q) == V(3));
	T_EQ_INT(pfxtable_count(t), 2);

	/* Undo of a slot above one node (no branch created). */
	q = P("10.1.0.0/12");
	T_EQ_INT(pfxtable_slot_undo(t, &q), -1);	/* not a slot */
	q = P("10.0.0.0/8");
	T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL && c == 1);
	T_EQ_INT(pfxtable_slot_undo(t, &q), 0);
	T_EQ_INT(pfxtable_slot_undo(t, &q), -1);	/* gone */
	/* Undo of a slot that needed a new branch. */
	q = P("192.168.0.0/16");
	T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL && c == 1);
	T_EQ_INT(pfxtable_slot_undo(t, &q), 0);
	/* A stored value is no slot: undo refuses and leaves it. */
	p = P("10.1.0.0/16");
	T_EQ_INT(pfxtable_slot_undo(t, &p), -1);
	T_ASSERT(pfxtable_get(t, &p) == V(1));
	T_EQ_INT(pfxtable_count(t), 2);
	/* The undone 192.168/16 is gone for a longest match too. */
	a = A("192.168.1.1");
	T_ASSERT(pfxtable_match(t, &a, NULL) == NULL);

	/* Undo gives the nodes back: no growth over many cycles. */
	mem = pfxtable_memory(t);
	for (i = 0; i < 100000; i++) {
		memset(&q, 0, sizeof(q));
		q.addr.af = AF_V4;
		q.addr.a[0] = (uint8_t)(20 + i % 200);
		q.addr.a[1] = (uint8_t)(i >> 8);
		q.addr.a[2] = (uint8_t)i;
		q.len = 24;
		T_ASSERT((s = pfxtable_slot(t, &q, &c)) != NULL && c == 1);
		T_EQ_INT(pfxtable_slot_undo(t, &q), 0);
	}
	T_EQ_INT(pfxtable_memory(t), mem);
	T_EQ_INT(pfxtable_count(t), 2);
	/* Removing the last values empties the table (no stray nodes). */
	p = P("10.1.0.0/16");
	T_ASSERT(pfxtable_del(t, &p) == V(1));
	p = P("10.0.0.0/16");
	T_ASSERT(pfxtable_del(t, &p) == V(2));
	T_EQ_INT(pfxtable_count(t), 0);
	freed = 0;
	pfxtable_free(t, count_free);
	T_EQ_INT(freed, 0);
}

/*
 * Distinct prefixes by construction: i times an odd constant is a
 * bijection of the 32-bit words, so no two i give the same prefix.
 * IPv4: a /24 per i; IPv6: 2001:<32 bits>::/48.
 */
static struct xprefix
nth_pfx(uint8_t af, uint32_t i)
{
	struct xprefix	 p;
	uint32_t	 w = i * 2654435761u;

	memset(&p, 0, sizeof(p));
	p.addr.af = af;
	if (af == AF_V4) {
		w &= 0xffffff;
		p.addr.a[0] = (uint8_t)(w >> 16);
		p.addr.a[1] = (uint8_t)(w >> 8);
		p.addr.a[2] = (uint8_t)w;
		p.len = 24;
	} else {
		p.addr.a[0] = 0x20;
		p.addr.a[1] = 0x01;
		p.addr.a[2] = (uint8_t)(w >> 24);
		p.addr.a[3] = (uint8_t)(w >> 16);
		p.addr.a[4] = (uint8_t)(w >> 8);
		p.addr.a[5] = (uint8_t)w;
		p.len = 48;
	}
	return p;
}

/*
 * The node size: n prefixes of one length nest nowhere, so the trie is
 * n leaves and exactly n - 1 branch points.  Nodes are 24 bytes for IPv4
 * (two 32-bit child indices, the value pointer, the length, one key
 * word) and 40 for IPv6 (four key words): the table may add at most one
 * partly used slab (2048 nodes), the slab array and its header.  With
 * the 32- and 48-byte nodes of pointer children it would not fit.
 */
static void
node_size(uint8_t af, uint32_t n)
{
	struct pfxtable	*t;
	struct xprefix	 p;
	size_t		 nodesz = af == AF_V4 ? 24 : 40, mem, nodes;
	uint32_t	 i;

	T_ASSERT((t = pfxtable_new(af)) != NULL);
	for (i = 0; i < n; i++) {
		p = nth_pfx(af, i);
		if (pfxtable_put(t, &p, V(i + 1), NULL) == -1)
			break;
	}
	T_EQ_INT(pfxtable_count(t), n);
	mem = pfxtable_memory(t);
	nodes = 2 * (size_t)n - 1;
	/* Honest: every node is counted... */
	T_ASSERT(mem >= nodes * nodesz);
	/* ...and no node is bigger than claimed. */
	T_ASSERT(mem <= nodes * nodesz + 2048 * nodesz + 4096);
	/* Below 49 bytes per IPv4 /24 (was 64), 81 per IPv6 /48 (was 96). */
	T_ASSERT(mem / n < (af == AF_V4 ? 49u : 81u));
	pfxtable_free(t, NULL);
}

/* A host route inside nth_pfx(af, i): its last address bit set. */
static struct xprefix
nth_host(uint8_t af, uint32_t i)
{
	struct xprefix	 p = nth_pfx(af, i);

	p.len = af == AF_V4 ? 32 : 128;
	p.addr.a[af == AF_V4 ? 3 : 15] = 1;
	return p;
}

/*
 * Enough nodes for many slabs, deleted and put back in several orders:
 * the freed nodes are reused (the table does not grow), the contents
 * stay exact, and a value slot does not move while the table grows.
 * Every third i also stores a host route inside its prefix, so values
 * sit on nodes that have children too.
 */
static void
slabs_reuse(uint8_t af)
{
	struct pfxtable	*t;
	struct xprefix	 p;
	struct collect	 c;
	const uint32_t	 n = 20000;
	uint32_t	*order, i, j, tmp;
	size_t		 mem, bad, stored;
	void		**s0;
	int		 created;

	T_ASSERT((t = pfxtable_new(af)) != NULL);
	if ((order = calloc(n, sizeof(*order))) == NULL)
		abort();
	p = nth_pfx(af, 0);
	T_ASSERT((s0 = pfxtable_slot(t, &p, &created)) != NULL);
	T_EQ_INT(created, 1);
	*s0 = V(1);
	bad = 0;
	for (i = 1; i < n; i++) {
		p = nth_pfx(af, i);
		bad += pfxtable_put(t, &p, V(i + 1), NULL) != 0;
	}
	for (i = 0; i < n; i += 3) {
		p = nth_host(af, i);
		bad += pfxtable_put(t, &p, V(n + i + 1), NULL) != 0;
	}
	T_EQ_INT(bad, 0);
	stored = n + (n + 2) / 3;
	T_EQ_INT(pfxtable_count(t), stored);
	mem = pfxtable_memory(t);
	/* About 2 nodes per prefix: well over ten 2048-node slabs. */
	T_ASSERT(mem > 10 * 2048 * (af == AF_V4 ? 24 : 40));
	/* The first slot did not move while the slabs were added. */
	p = nth_pfx(af, 0);
	T_ASSERT(pfxtable_slot(t, &p, &created) == s0);
	T_EQ_INT(created, 0);
	T_ASSERT(*s0 == V(1));

	/* Odd i out, then back in: nothing allocated. */
	for (i = 1; i < n; i += 2) {
		p = nth_pfx(af, i);
		bad += pfxtable_del(t, &p) != V(i + 1);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(pfxtable_count(t), stored - n / 2);
	T_EQ_INT(pfxtable_memory(t), mem);
	for (i = 1; i < n; i += 2) {
		p = nth_pfx(af, i);
		bad += pfxtable_put(t, &p, V(i + 1), NULL) != 0;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(pfxtable_memory(t), mem);

	/* Everything out in a shuffled order, prefixes before host routes. */
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rndn(i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		p = nth_pfx(af, order[i]);
		bad += pfxtable_del(t, &p) != V(order[i] + 1);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(pfxtable_count(t), stored - n);
	for (i = 0; i < n; i += 3) {
		p = nth_host(af, i);
		bad += pfxtable_del(t, &p) != V(n + i + 1);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(pfxtable_count(t), 0);
	p = nth_host(af, 0);
	T_ASSERT(pfxtable_match(t, &p.addr, NULL) == NULL);

	/* Back in, host routes first this time, then the shuffled order. */
	for (i = 0; i < n; i += 3) {
		p = nth_host(af, i);
		bad += pfxtable_put(t, &p, V(n + i + 1), NULL) != 0;
	}
	for (i = 0; i < n; i++) {
		p = nth_pfx(af, order[i]);
		bad += pfxtable_put(t, &p, V(order[i] + 1), NULL) != 0;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(pfxtable_count(t), stored);
	T_EQ_INT(pfxtable_memory(t), mem);

	/* Every value where it belongs, found exactly and by a match. */
	for (i = 0; i < n; i++) {
		p = nth_pfx(af, i);
		bad += pfxtable_get(t, &p) != V(i + 1);
		bad += pfxtable_match(t, &p.addr, NULL) != V(i + 1);
		if (i % 3 != 0)
			continue;
		p = nth_host(af, i);
		bad += pfxtable_get(t, &p) != V(n + i + 1);
		bad += pfxtable_match(t, &p.addr, NULL) != V(n + i + 1);
	}
	T_EQ_INT(bad, 0);
	/* The walk sees them all, in order. */
	if ((c.out = calloc(stored + 1, sizeof(*c.out))) == NULL)
		abort();
	c.n = 0;
	c.cap = stored + 1;
	T_EQ_INT(pfxtable_walk(t, collect_cb, &c), 0);
	T_EQ_INT(c.n, stored);
	for (i = 1; i < c.n && i < c.cap; i++)
		bad += prefix_cmp(&c.out[i - 1].p, &c.out[i].p) >= 0;
	T_EQ_INT(bad, 0);
	free(c.out);
	free(order);
	freed = 0;
	pfxtable_free(t, count_free);
	T_EQ_INT(freed, stored);
}

int
main(void)
{
	edges();
	slots();
	node_size(AF_V4, 100000);
	node_size(AF_V6, 100000);
	slabs_reuse(AF_V4);
	slabs_reuse(AF_V6);
	random_af(AF_V4, 600, 60);
	random_af(AF_V4, 3000, 30);
	random_af(AF_V6, 600, 60);
	random_af(AF_V6, 3000, 30);
	return T_DONE();
}
