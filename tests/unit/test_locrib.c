/*
 * Unit tests for core/bgp/locrib.c: best path across sources as paths come
 * and go, the change callback (called exactly when the best path or the
 * multipath set changes, with the right old and new attributes), replace,
 * withdraw, flush, next-hop reachability, multipath, walks, and a random
 * run checked against the callback's view.  Every test ends with no
 * interned attribute set left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "tests/unit/t.h"

#define NONE	0xffffffffu

/*
 * A set: local preference (NONE: absent), MED (NONE: absent), an AS path
 * of len ASes starting with as1, next hop 192.0.2.<nh>.
 */
static struct bgp_attrs *
mka(uint32_t lp, uint32_t med, uint32_t as1, unsigned len, unsigned nh)
{
	struct bgp_attrs	*a;
	uint32_t		 asns[16];
	unsigned		 i;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	for (i = 0; i < len && i < 16; i++)
		asns[i] = as1 + i * 100;
	if (len > 0 &&
	    bgp_attrs_set_aspath(a, asns, len < 16 ? len : 16) == -1)
		abort();
	if (lp != NONE) {
		a->local_pref = lp;
		a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	}
	if (med != NONE) {
		a->med = med;
		a->present |= BGP_ATTRBIT(BGP_ATTR_MED);
	}
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[2] = 2;
	a->nexthop.a[3] = (uint8_t)nh;
	return a;
}

static struct xaddr
nhaddr(unsigned nh)
{
	struct xaddr	 a;

	memset(&a, 0, sizeof(a));
	a.af = AF_V4;
	a.a[0] = 192;
	a.a[2] = 2;
	a.a[3] = (uint8_t)nh;
	return a;
}

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

/* Source n: router ID n, address 10.0.0.n. */
static void
mksrc(struct locrib_source *s, unsigned n, int ebgp)
{
	memset(s, 0, sizeof(*s));
	s->ebgp = ebgp;
	s->peer_router_id = n;
	s->peer_addr.af = AF_V4;
	s->peer_addr.a[0] = 10;
	s->peer_addr.a[3] = (uint8_t)n;
}

/* What the callback saw: -1 for NULL attributes, else the next hop. */
static struct {
	int		 calls;
	int		 old_nh, new_nh;
	long		 old_lp, new_lp;
	unsigned	 what;
	struct xprefix	 pfx;
} cb;

static int
tag(const struct bgp_attrs *a)
{
	return a == NULL ? -1 : a->nexthop.a[3];
}

static void
record(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	(void)arg;
	cb.calls++;
	cb.pfx = *p;
	cb.old_nh = tag(o);
	cb.new_nh = tag(n);
	cb.old_lp = o != NULL ? (long)o->local_pref : -1;
	cb.new_lp = n != NULL ? (long)n->local_pref : -1;
	cb.what = what;
}

static void
cbreset(void)
{
	memset(&cb, 0, sizeof(cb));
}

/* The best path's next-hop tag, -1 if none or no entry. */
static int
besttag(const struct locrib *rib, const char *pfx)
{
	struct xprefix			 p = P(pfx);
	const struct locrib_entry	*e;
	const struct locrib_path	*b;

	if ((e = locrib_lookup(rib, &p)) == NULL ||
	    (b = locrib_entry_best(e)) == NULL)
		return -1;
	return tag(b->attrs);
}

static size_t
intern_sets(void)
{
	struct bgp_attrs_intern_stats	 st;

	bgp_attrs_intern_stats(&st, 0);
	return st.sets;
}

static struct locrib *
newrib(const struct bgp_decide_cfg *cfg)
{
	struct locrib	*rib;

	if ((rib = locrib_new(AF_V4, cfg)) == NULL)
		abort();
	locrib_set_change_cb(rib, record, NULL);
	cbreset();
	return rib;
}

static void
endrib(struct locrib *rib)
{
	locrib_free(rib);
	T_EQ_INT(intern_sets(), 0);
}

static void
test_new(void)
{
	struct locrib		*rib;
	struct bgp_decide_cfg	 cfg;
	struct xprefix		 p6;

	T_ASSERT(locrib_new(0, NULL) == NULL);
	T_ASSERT(locrib_new(5, NULL) == NULL);
	bgp_decide_cfg_init(&cfg);
	rib = newrib(&cfg);
	T_EQ_INT(locrib_af(rib), AF_V4);
	T_EQ_INT(locrib_count_prefixes(rib), 0);
	T_EQ_INT(locrib_count_paths(rib), 0);
	T_EQ_INT(locrib_version(rib), 0);
	T_ASSERT(locrib_memory(rib) > 0);
	/* the memory figures in locrib.h assume LP64 */
	if (sizeof(void *) == 8)
		T_EQ_INT(sizeof(struct locrib_path), 32);
	/* wrong family: refused, the reference dropped */
	p6 = P("2001:db8::/32");
	{
		struct locrib_source	 s;

		mksrc(&s, 1, 1);
		T_EQ_INT(locrib_update(rib, &p6, &s, mka(NONE, NONE, 65001,
		    1, 1), 0), -1);
		T_EQ_INT(locrib_update(rib, &p6, NULL, NULL, 0), -1);
		T_EQ_INT(locrib_withdraw(rib, &p6, &s), 0);
	}
	T_EQ_INT(cb.calls, 0);
	endrib(rib);
	locrib_free(NULL);
}

/* Local preference across three iBGP sources coming and going. */
static void
test_localpref(void)
{
	struct locrib			*rib;
	struct locrib_source		 s1, s2, s3;
	struct xprefix			 p = P("10.0.0.0/8");
	const struct locrib_entry	*e;
	const struct locrib_path	*pa;

	mksrc(&s1, 1, 0);
	mksrc(&s2, 2, 0);
	mksrc(&s3, 3, 0);
	rib = newrib(NULL);

	T_EQ_INT(locrib_update(rib, &p, &s1, mka(100, NONE, 65001, 2, 1), 1),
	    1);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(cb.old_nh, -1);
	T_EQ_INT(cb.new_nh, 1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	T_ASSERT(prefix_cmp(&cb.pfx, &p) == 0);
	T_EQ_INT(locrib_version(rib), 1);

	T_EQ_INT(locrib_update(rib, &p, &s2, mka(200, NONE, 65001, 2, 2), 2),
	    1);
	T_EQ_INT(cb.calls, 2);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 2);
	T_EQ_INT(cb.old_lp, 100);
	T_EQ_INT(cb.new_lp, 200);

	/* a worse path: no change, no call, no new version */
	T_EQ_INT(locrib_update(rib, &p, &s3, mka(150, NONE, 65001, 2, 3), 3),
	    1);
	T_EQ_INT(cb.calls, 2);
	T_EQ_INT(locrib_version(rib), 2);
	T_EQ_INT(locrib_count_prefixes(rib), 1);
	T_EQ_INT(locrib_count_paths(rib), 3);

	/* decision order: 200, 150, 100 */
	e = locrib_lookup(rib, &p);
	T_ASSERT(e != NULL);
	T_EQ_INT(locrib_entry_npaths(e), 3);
	T_EQ_INT(locrib_entry_version(e), 2);
	T_EQ_INT(tag(locrib_entry_path(e, 0)->attrs), 2);
	T_EQ_INT(tag(locrib_entry_path(e, 1)->attrs), 3);
	T_EQ_INT(tag(locrib_entry_path(e, 2)->attrs), 1);
	T_ASSERT(locrib_entry_path(e, 3) == NULL);
	T_EQ_INT(locrib_entry_path(e, 0)->flags, LOCRIB_PATH_BEST);
	T_EQ_INT(locrib_entry_path(e, 1)->flags, 0);
	T_ASSERT(locrib_entry_path(e, 0)->src == &s2);
	T_EQ_INT((long)locrib_entry_path(e, 0)->received, 2);
	T_ASSERT((pa = locrib_entry_path_from(e, &s1)) != NULL);
	T_EQ_INT(tag(pa->attrs), 1);

	/* the best goes: 150 takes over */
	T_EQ_INT(locrib_withdraw(rib, &p, &s2), 1);
	T_EQ_INT(cb.calls, 3);
	T_EQ_INT(cb.old_nh, 2);
	T_EQ_INT(cb.new_nh, 3);
	T_EQ_INT(locrib_withdraw(rib, &p, &s2), 0);
	T_EQ_INT(cb.calls, 3);
	/* a non-best goes: nothing */
	T_EQ_INT(locrib_withdraw(rib, &p, &s1), 1);
	T_EQ_INT(cb.calls, 3);
	T_EQ_INT(locrib_count_paths(rib), 1);
	/* the last goes: entry removed, new best NULL */
	T_EQ_INT(locrib_withdraw(rib, &p, &s3), 1);
	T_EQ_INT(cb.calls, 4);
	T_EQ_INT(cb.old_nh, 3);
	T_EQ_INT(cb.new_nh, -1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	T_ASSERT(locrib_lookup(rib, &p) == NULL);
	T_EQ_INT(locrib_count_prefixes(rib), 0);
	T_EQ_INT(locrib_count_paths(rib), 0);
	T_EQ_INT(locrib_version(rib), 4);
	T_EQ_INT(intern_sets(), 0);
	endrib(rib);
}

/* AS path length, then weight and locally originated beating it. */
static void
test_aspath(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s2, s3, loc;
	struct xprefix		 p = P("198.51.100.0/24");

	mksrc(&s1, 1, 1);
	mksrc(&s2, 2, 1);
	mksrc(&s3, 3, 1);
	rib = newrib(NULL);
	locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 4, 1), 0);
	locrib_update(rib, &p, &s2, mka(NONE, NONE, 65002, 2, 2), 0);
	T_EQ_INT(besttag(rib, "198.51.100.0/24"), 2);
	locrib_update(rib, &p, &s3, mka(NONE, NONE, 65003, 3, 3), 0);
	T_EQ_INT(besttag(rib, "198.51.100.0/24"), 2);
	T_EQ_INT(cb.calls, 2);
	/* weight beats AS path length */
	s1.weight = 100;
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 5, 1),
	    0), 0);
	T_EQ_INT(besttag(rib, "198.51.100.0/24"), 1);
	T_EQ_INT(cb.calls, 3);
	/* local origin */
	mksrc(&loc, 0, 0);
	loc.local = BGP_LOCAL_NETWORK;
	loc.weight = BGP_WEIGHT_LOCAL;
	loc.peer_addr.af = 0;
	locrib_update(rib, &p, &loc, mka(NONE, NONE, 0, 0, 9), 0);
	T_EQ_INT(besttag(rib, "198.51.100.0/24"), 9);
	T_ASSERT(locrib_entry_best(locrib_lookup(rib, &p))->flags &
	    LOCRIB_PATH_LOCAL);
	T_EQ_INT(locrib_flush_source(rib, &loc), 1);
	T_EQ_INT(besttag(rib, "198.51.100.0/24"), 1);
	endrib(rib);
}

/*
 * Deterministic MED: group 65001 (MEDs 50 and 20) and group 65002 (MED
 * 10), iBGP so that change suppression does not apply.  65001's best
 * (MED 20, router ID 2) beats 65002's (router ID 3) on router ID; with
 * `med always` MED 10 wins.  The result must not depend on the order.
 */
static void
test_med(void)
{
	static const int	 orders[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
		{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 }
	};
	struct locrib		*rib;
	struct locrib_source	 s[3];
	struct bgp_decide_cfg	 cfg;
	struct xprefix		 p = P("203.0.113.0/24");
	const uint32_t		 as[3] = { 65001, 65002, 65001 };
	const uint32_t		 med[3] = { 50, 10, 20 };
	int			 o, i, k, always;

	mksrc(&s[0], 1, 0);
	mksrc(&s[1], 3, 0);
	mksrc(&s[2], 2, 0);
	for (always = 0; always < 2; always++) {
		bgp_decide_cfg_init(&cfg);
		cfg.med_always = always;
		for (o = 0; o < 6; o++) {
			rib = newrib(&cfg);
			for (k = 0; k < 3; k++) {
				i = orders[o][k];
				locrib_update(rib, &p, &s[i],
				    mka(100, med[i], as[i], 2, (unsigned)i + 1),
				    k);
			}
			T_EQ_INT(besttag(rib, "203.0.113.0/24"),
			    always ? 2 : 3);
			/* without the winner: MED 50 (router ID 1), or MED 20 */
			locrib_withdraw(rib, &p, &s[always ? 1 : 2]);
			T_EQ_INT(besttag(rib, "203.0.113.0/24"),
			    always ? 3 : 1);
			endrib(rib);
		}
	}
}

/* Replacing from the same source; identical attributes change nothing. */
static void
test_replace(void)
{
	struct locrib			*rib;
	struct locrib_source		 s1, s2;
	struct xprefix			 p = P("10.1.0.0/16");
	struct bgp_attrs_intern_stats	 st;
	struct bgp_attrs		*a;

	mksrc(&s1, 1, 0);
	mksrc(&s2, 2, 0);
	rib = newrib(NULL);
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(200, NONE, 65001, 1, 1), 1),
	    1);
	T_EQ_INT(locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 1),
	    1);
	T_EQ_INT(cb.calls, 1);
	/* same contents, new allocation: interned to the same set */
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(200, NONE, 65001, 1, 1), 5),
	    0);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(locrib_version(rib), 1);
	T_EQ_INT(locrib_count_paths(rib), 2);
	T_EQ_INT((long)locrib_entry_best(locrib_lookup(rib, &p))->received,
	    1);
	bgp_attrs_intern_stats(&st, 0);
	T_EQ_INT(st.sets, 2);
	T_EQ_INT(st.refs, 2);
	/* an interned set handed over works too */
	a = bgp_attrs_intern(mka(200, NONE, 65001, 1, 1));
	T_EQ_INT(locrib_update(rib, &p, &s1, a, 6), 0);
	bgp_attrs_intern_stats(&st, 0);
	T_EQ_INT(st.refs, 2);
	/* the best's attributes change, it stays best: a change */
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(300, NONE, 65001, 1, 1), 7),
	    0);
	T_EQ_INT(cb.calls, 2);
	T_EQ_INT(cb.old_lp, 200);
	T_EQ_INT(cb.new_lp, 300);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	bgp_attrs_intern_stats(&st, 0);
	T_EQ_INT(st.sets, 2);
	/* the best becomes worse than the other */
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(50, NONE, 65001, 1, 1), 8),
	    0);
	T_EQ_INT(cb.calls, 3);
	T_EQ_INT(cb.old_lp, 300);
	T_EQ_INT(cb.new_nh, 2);
	T_EQ_INT(tag(locrib_entry_path(locrib_lookup(rib, &p), 1)->attrs), 1);
	T_EQ_INT(locrib_count_paths(rib), 2);
	endrib(rib);
}

/*
 * Change suppression: two eBGP paths equal up to the router ID keep the
 * first best; with compare-routerid the lower ID takes over.
 */
static void
test_suppress(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s5;
	struct bgp_decide_cfg	 cfg;
	struct xprefix		 p = P("10.2.0.0/16");

	mksrc(&s1, 1, 1);
	mksrc(&s5, 5, 1);
	rib = newrib(NULL);
	locrib_update(rib, &p, &s5, mka(NONE, NONE, 65001, 2, 5), 0);
	locrib_update(rib, &p, &s1, mka(NONE, NONE, 65002, 2, 1), 1);
	T_EQ_INT(besttag(rib, "10.2.0.0/16"), 5);
	T_EQ_INT(cb.calls, 1);
	/* a replaced best is still the current best */
	locrib_update(rib, &p, &s5, mka(NONE, 7, 65001, 2, 5), 2);
	T_EQ_INT(besttag(rib, "10.2.0.0/16"), 5);
	endrib(rib);

	bgp_decide_cfg_init(&cfg);
	cfg.compare_routerid = 1;
	rib = newrib(&cfg);
	locrib_update(rib, &p, &s5, mka(NONE, NONE, 65001, 2, 5), 0);
	locrib_update(rib, &p, &s1, mka(NONE, NONE, 65002, 2, 1), 1);
	T_EQ_INT(besttag(rib, "10.2.0.0/16"), 1);
	T_EQ_INT(cb.calls, 2);
	endrib(rib);
}

static void
fmt_pfx(char *buf, size_t len, unsigned i)
{
	snprintf(buf, len, "172.%u.%u.0/24", 16 + i / 256, i % 256);
}

static void
test_flush(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s2, s3;
	struct pfxtable_cursor	 cur;
	struct xprefix		 p;
	char			 buf[PREFIX_STRLEN];
	unsigned		 i;
	size_t			 removed;
	int			 steps;

	mksrc(&s1, 1, 0);
	mksrc(&s2, 2, 0);
	mksrc(&s3, 3, 0);
	rib = newrib(NULL);
	for (i = 0; i < 100; i++) {
		fmt_pfx(buf, sizeof(buf), i);
		p = P(buf);
		locrib_update(rib, &p, &s1, mka(100, NONE, 65001, 1, 1), 0);
		/* s2 best on even prefixes only */
		locrib_update(rib, &p, &s2, mka(i % 2 ? 50 : 200, NONE, 65001,
		    1, 2), 0);
		if (i < 10)
			locrib_update(rib, &p, &s3, mka(10, NONE, 65001, 1, 3),
			    0);
	}
	T_EQ_INT(locrib_count_prefixes(rib), 100);
	T_EQ_INT(locrib_count_paths(rib), 210);
	cbreset();
	T_EQ_INT(locrib_flush_source(rib, &s2), 100);
	T_EQ_INT(cb.calls, 50);
	T_EQ_INT(locrib_count_paths(rib), 110);
	T_EQ_INT(locrib_count_prefixes(rib), 100);
	T_EQ_INT(besttag(rib, "172.16.0.0/24"), 1);
	T_EQ_INT(locrib_flush_source(rib, &s2), 0);

	/* resumable, 7 prefixes per step; removes 100 entries */
	cbreset();
	locrib_cursor_init(&cur, NULL);
	removed = 0;
	steps = 0;
	while (locrib_flush_source_step(rib, &s1, &cur, 7, &removed))
		steps++;
	T_EQ_INT(removed, 100);
	T_EQ_INT(steps, 14);	/* 100 / 7, the last step finds the end */
	T_EQ_INT(cb.calls, 100);
	T_EQ_INT(locrib_count_prefixes(rib), 10);
	T_EQ_INT(locrib_count_paths(rib), 10);
	T_EQ_INT(besttag(rib, "172.16.3.0/24"), 3);
	T_EQ_INT(besttag(rib, "172.16.30.0/24"), -1);
	T_EQ_INT(locrib_flush_source(rib, &s3), 10);
	T_EQ_INT(locrib_count_prefixes(rib), 0);
	T_EQ_INT(cb.old_nh, 3);
	T_EQ_INT(cb.new_nh, -1);
	endrib(rib);
}

/*
 * Graceful restart: mark the source's paths stale (no decision, no
 * callback), refresh some, sweep the rest like withdraws.
 */
static void
test_stale(void)
{
	struct locrib			*rib;
	struct locrib_source		 s1, s2, s3;
	struct pfxtable_cursor		 cur;
	struct xprefix			 p;
	const struct locrib_path	*bp;
	char				 buf[PREFIX_STRLEN];
	unsigned			 i;
	size_t				 removed;
	uint64_t			 ver;

	mksrc(&s1, 1, 0);
	mksrc(&s2, 2, 0);
	mksrc(&s3, 3, 0);
	rib = newrib(NULL);
	for (i = 0; i < 20; i++) {
		fmt_pfx(buf, sizeof(buf), i);
		p = P(buf);
		locrib_update(rib, &p, &s1, mka(200, NONE, 65001, 1, 1), 0);
		if (i < 10)
			locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1,
			    2), 0);
	}
	T_EQ_INT(locrib_mark_stale_source(rib, &s3), 0);
	cbreset();
	ver = locrib_version(rib);
	T_EQ_INT(locrib_mark_stale_source(rib, &s1), 20);
	T_EQ_INT(cb.calls, 0);
	T_EQ_INT(locrib_version(rib), ver);
	p = P("172.16.3.0/24");
	bp = locrib_entry_best(locrib_lookup(rib, &p));
	T_ASSERT(bp != NULL && bp->src == &s1);
	T_ASSERT(bp->flags & LOCRIB_PATH_STALE);
	T_ASSERT(bp->flags & LOCRIB_PATH_BEST);
	T_ASSERT(!(locrib_entry_path_from(locrib_lookup(rib, &p), &s2)->flags &
	    LOCRIB_PATH_STALE));
	/* marking twice counts the paths again, changes nothing */
	T_EQ_INT(locrib_mark_stale_source(rib, &s1), 20);

	/* refreshed: 0-4 same attributes, 5-7 new ones (a change) */
	for (i = 0; i < 8; i++) {
		fmt_pfx(buf, sizeof(buf), i);
		p = P(buf);
		locrib_update(rib, &p, &s1, mka(i < 5 ? 200 : 300, NONE, 65001,
		    1, 1), 1);
		T_ASSERT(!(locrib_entry_path_from(locrib_lookup(rib, &p),
		    &s1)->flags & LOCRIB_PATH_STALE));
	}
	T_EQ_INT(cb.calls, 3);

	/* sweep: 8-9 fall back to s2, 10-19 go */
	cbreset();
	T_EQ_INT(locrib_sweep_stale_source(rib, &s1), 12);
	T_EQ_INT(cb.calls, 12);
	T_EQ_INT(locrib_count_prefixes(rib), 10);
	T_EQ_INT(locrib_count_paths(rib), 18);
	T_EQ_INT(besttag(rib, "172.16.4.0/24"), 1);
	T_EQ_INT(besttag(rib, "172.16.7.0/24"), 1);
	T_EQ_INT(besttag(rib, "172.16.8.0/24"), 2);
	T_EQ_INT(besttag(rib, "172.16.15.0/24"), -1);
	T_EQ_INT(locrib_sweep_stale_source(rib, &s1), 0);
	T_EQ_INT(locrib_count_paths(rib), 18);

	/* resumable sweep, 3 prefixes a step; only stale paths go */
	T_EQ_INT(locrib_mark_stale_source(rib, &s2), 10);
	p = P("172.16.0.0/24");
	locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 2);
	cbreset();
	locrib_cursor_init(&cur, NULL);
	removed = 0;
	while (locrib_sweep_stale_source_step(rib, &s2, &cur, 3, &removed))
		;
	T_EQ_INT(removed, 9);
	T_EQ_INT(cb.calls, 2);		/* best only where it was alone */
	T_EQ_INT(locrib_count_prefixes(rib), 8);
	T_EQ_INT(locrib_count_paths(rib), 9);
	T_ASSERT(locrib_entry_path_from(locrib_lookup(rib, &p), &s2) != NULL);
	endrib(rib);
}

/*
 * Every change the export side must hear of, and the next-hop preset:
 * a path through a preset unreachable next hop is never best and its
 * arrival is silent, with no walk; the best's reachability flipping
 * always moves the best (an unreachable path cannot stay best).
 */
static void
test_change_cases(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s2, s3;
	struct bgp_decide_cfg	 cfg;
	struct xprefix		 p = P("10.5.0.0/16");
	struct xaddr		 nh1 = nhaddr(1), nh2 = nhaddr(2), nh3 = nhaddr(3);
	struct xaddr		 none;
	size_t			 m0;

	mksrc(&s1, 1, 1);
	mksrc(&s2, 2, 1);
	mksrc(&s3, 3, 1);
	bgp_decide_cfg_init(&cfg);
	cfg.maximum_paths_ebgp = 4;
	rib = newrib(&cfg);
	m0 = locrib_memory(rib);
	/* preset reachable at metric 0 is the default: nothing stored */
	T_EQ_INT(locrib_nexthop_preset(rib, &nh1, 1, 0), 0);
	T_EQ_INT(locrib_memory(rib), m0);
	T_EQ_INT(locrib_nexthop_preset(rib, &nh3, 0, 0), 0);
	T_ASSERT(locrib_memory(rib) > m0);
	memset(&none, 0, sizeof(none));
	T_EQ_INT(locrib_nexthop_preset(rib, &none, 0, 0), -1);

	/* through the unreachable nh3: no best, no callback */
	locrib_update(rib, &p, &s3, mka(NONE, 5, 65001, 2, 3), 0);
	T_EQ_INT(cb.calls, 0);
	T_EQ_INT(besttag(rib, "10.5.0.0/16"), -1);
	T_EQ_INT(locrib_entry_path(locrib_lookup(rib, &p), 0)->nh_reachable,
	    0);
	/* new best */
	locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 2, 1), 0);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	T_EQ_INT(cb.old_nh, -1);
	T_EQ_INT(cb.new_nh, 1);
	/* best's attributes replaced, same source */
	locrib_update(rib, &p, &s1, mka(NONE, 5, 65001, 2, 1), 0);
	T_EQ_INT(cb.calls, 2);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	/* multipath set: a second equal path joins, the best stays */
	locrib_update(rib, &p, &s2, mka(NONE, 5, 65001, 2, 2), 0);
	T_EQ_INT(cb.calls, 3);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 1);
	/* nh3 reachable: s3's equal path is a third member */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh3, 1), 1);
	T_EQ_INT(cb.calls, 4);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	/* a non-best member's next hop goes: the set changes */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh3, 0), 1);
	T_EQ_INT(cb.calls, 5);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	/* the best's next hop goes: the best moves (and the set empties) */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh1, 0), 1);
	T_EQ_INT(cb.calls, 6);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST | LOCRIB_CHG_MULTIPATH);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 2);
	/* nh1 back: s2 stays best (change suppression), s1 joins the set */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh1, 1), 1);
	T_EQ_INT(cb.calls, 7);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	T_EQ_INT(cb.new_nh, 2);
	/* a member withdrawn */
	locrib_withdraw(rib, &p, &s1);
	T_EQ_INT(cb.calls, 8);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	/* the only reachable path's next hop goes: no best */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh2, 0), 1);
	T_EQ_INT(cb.calls, 9);
	T_EQ_INT(cb.new_nh, -1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	/* the prefix goes */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh2, 1), 1);
	T_EQ_INT(cb.calls, 10);
	locrib_withdraw(rib, &p, &s3);
	T_EQ_INT(cb.calls, 10);
	locrib_withdraw(rib, &p, &s2);
	T_EQ_INT(cb.calls, 11);
	T_EQ_INT(cb.old_nh, 2);
	T_EQ_INT(cb.new_nh, -1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	T_ASSERT(locrib_lookup(rib, &p) == NULL);
	endrib(rib);
}

/* An unreachable next hop demotes its paths; reachable again promotes. */
static void
test_nexthop(void)
{
	struct locrib			*rib;
	struct locrib_source		 s1, s2;
	struct xprefix			 p;
	struct xaddr			 nh1 = nhaddr(1), nh2 = nhaddr(2);
	struct xaddr			 none;
	const struct locrib_entry	*e;
	char				 buf[PREFIX_STRLEN];
	unsigned			 i;

	mksrc(&s1, 1, 0);
	mksrc(&s2, 2, 0);
	rib = newrib(NULL);
	for (i = 0; i < 5; i++) {
		fmt_pfx(buf, sizeof(buf), i);
		p = P(buf);
		locrib_update(rib, &p, &s1, mka(200, NONE, 65001, 1, 1), 0);
		locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 0);
	}
	p = P("10.9.0.0/16");	/* only via nh2 */
	locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 0);
	T_EQ_INT(besttag(rib, "172.16.0.0/24"), 1);
	cbreset();
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh1, 0), 5);
	T_EQ_INT(cb.calls, 5);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 2);
	T_EQ_INT(besttag(rib, "172.16.4.0/24"), 2);
	p = P("172.16.4.0/24");
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path(e, 1)->nh_reachable, 0);
	T_EQ_INT(tag(locrib_entry_path(e, 1)->attrs), 1);
	T_EQ_INT(locrib_entry_path(e, 0)->nh_reachable, 1);
	/* no change in state: no walk */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh1, 0), 0);
	T_EQ_INT(cb.calls, 5);
	/* a new path through an unreachable next hop is not best */
	p = P("10.8.0.0/16");
	locrib_update(rib, &p, &s1, mka(200, NONE, 65001, 1, 1), 0);
	T_EQ_INT(cb.calls, 5);
	T_EQ_INT(besttag(rib, "10.8.0.0/16"), -1);
	T_ASSERT(locrib_lookup(rib, &p) != NULL);
	T_EQ_INT(locrib_entry_path(locrib_lookup(rib, &p), 0)->flags, 0);
	/* both unreachable: no best, the entry stays */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh2, 0), 6);
	T_EQ_INT(cb.calls, 11);
	T_EQ_INT(cb.new_nh, -1);
	T_EQ_INT(besttag(rib, "172.16.0.0/24"), -1);
	T_EQ_INT(locrib_count_prefixes(rib), 7);
	/* back */
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh1, 1), 6);
	T_EQ_INT(besttag(rib, "172.16.0.0/24"), 1);
	T_EQ_INT(besttag(rib, "10.8.0.0/16"), 1);
	T_EQ_INT(besttag(rib, "10.9.0.0/16"), -1);
	T_EQ_INT(locrib_set_nh_reachable(rib, &nh2, 1), 6);
	T_EQ_INT(besttag(rib, "10.9.0.0/16"), 2);
	T_EQ_INT(besttag(rib, "172.16.0.0/24"), 1);

	/* IGP metric, equal local preference: the lower metric wins */
	p = P("10.7.0.0/16");
	locrib_update(rib, &p, &s1, mka(100, NONE, 65001, 1, 1), 0);
	locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 0);
	T_EQ_INT(besttag(rib, "10.7.0.0/16"), 1);	/* router ID */
	T_ASSERT(locrib_set_nexthop(rib, &nh1, 1, 20) > 0);
	T_EQ_INT(besttag(rib, "10.7.0.0/16"), 2);
	T_EQ_INT(locrib_entry_path(locrib_lookup(rib, &p), 1)->igp_metric,
	    20);
	/* keeps the metric */
	locrib_set_nh_reachable(rib, &nh1, 0);
	locrib_set_nh_reachable(rib, &nh1, 1);
	T_EQ_INT(besttag(rib, "10.7.0.0/16"), 2);
	locrib_set_nexthop(rib, &nh1, 1, 0);
	T_EQ_INT(besttag(rib, "10.7.0.0/16"), 1);
	memset(&none, 0, sizeof(none));
	T_EQ_INT(locrib_set_nh_reachable(rib, &none, 0), -1);
	endrib(rib);
}

/* maximum-paths ebgp 3 over four equal paths. */
static void
test_multipath(void)
{
	struct locrib			*rib;
	struct locrib_source		 s[5];
	struct bgp_decide_cfg		 cfg;
	struct xprefix			 p = P("10.3.0.0/16");
	const struct locrib_entry	*e;
	unsigned			 i, nmp;

	bgp_decide_cfg_init(&cfg);
	cfg.maximum_paths_ebgp = 3;
	rib = newrib(&cfg);
	for (i = 1; i <= 4; i++)
		mksrc(&s[i], i, 1);
	locrib_update(rib, &p, &s[1], mka(NONE, NONE, 65001, 2, 1), 0);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(cb.what, LOCRIB_CHG_BEST);
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path(e, 0)->flags, LOCRIB_PATH_BEST);
	locrib_update(rib, &p, &s[2], mka(NONE, NONE, 65001, 2, 2), 0);
	T_EQ_INT(cb.calls, 2);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 1);
	locrib_update(rib, &p, &s[3], mka(NONE, NONE, 65001, 2, 3), 0);
	T_EQ_INT(cb.calls, 3);
	/* the fourth does not fit: no change */
	locrib_update(rib, &p, &s[4], mka(NONE, NONE, 65001, 2, 4), 0);
	T_EQ_INT(cb.calls, 3);
	/* different first AS: not eligible without multipath-relax */
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_npaths(e), 4);
	for (i = nmp = 0; i < 4; i++)
		if (locrib_entry_path(e, i)->flags & LOCRIB_PATH_MULTIPATH)
			nmp++;
	T_EQ_INT(nmp, 3);
	T_EQ_INT(locrib_entry_path(e, 0)->flags,
	    LOCRIB_PATH_BEST | LOCRIB_PATH_MULTIPATH);
	T_EQ_INT(locrib_entry_path(e, 1)->flags, LOCRIB_PATH_MULTIPATH);
	T_EQ_INT(locrib_entry_path(e, 2)->flags, LOCRIB_PATH_MULTIPATH);
	T_EQ_INT(locrib_entry_path(e, 3)->flags, 0);
	/* a member leaves: the fourth joins, the set changed */
	locrib_withdraw(rib, &p, &s[2]);
	T_EQ_INT(cb.calls, 4);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	e = locrib_lookup(rib, &p);
	T_ASSERT(locrib_entry_path_from(e, &s[4])->flags &
	    LOCRIB_PATH_MULTIPATH);
	/* a member's attributes change but it stays in the set */
	locrib_update(rib, &p, &s[4], mka(NONE, NONE, 65001, 2, 44), 0);
	T_EQ_INT(cb.calls, 5);
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	/* leaves the set: a worse MED from the same AS */
	locrib_update(rib, &p, &s[4], mka(NONE, 5, 65001, 2, 4), 0);
	T_EQ_INT(cb.calls, 6);
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path_from(e, &s[4])->flags, 0);
	locrib_withdraw(rib, &p, &s[3]);
	locrib_withdraw(rib, &p, &s[4]);
	/* one path left: no multipath set */
	T_EQ_INT(cb.what, LOCRIB_CHG_MULTIPATH);
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path(e, 0)->flags, LOCRIB_PATH_BEST);
	endrib(rib);
}

static void
test_walk(void)
{
	static const char *const in[] = {
		"10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "9.0.0.0/8",
		"192.168.0.0/24", "10.0.0.0/24", "10.255.0.0/16", "11.0.0.0/8"
	};
	static const char *const order[] = {
		"9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24",
		"10.1.0.0/16", "10.255.0.0/16", "11.0.0.0/8", "192.168.0.0/24"
	};
	struct locrib			*rib;
	struct locrib_source		 s1;
	struct pfxtable_cursor		 cur;
	const struct locrib_entry	*e;
	struct xprefix			 p, w;
	struct xaddr			 a;
	char				 buf[PREFIX_STRLEN];
	char				 seen[16][PREFIX_STRLEN];
	size_t				 i, n;

	mksrc(&s1, 1, 1);
	rib = newrib(NULL);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		p = P(in[i]);
		locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 1, 1), 0);
	}
	locrib_cursor_init(&cur, NULL);
	for (n = 0; locrib_cursor_next(rib, &cur, &e); n++) {
		prefix_format(&cur.last, buf, sizeof(buf));
		if (n < 8)
			T_EQ_STR(buf, order[n]);
	}
	T_EQ_INT(n, 8);

	/* chunks of two, changes in between */
	locrib_cursor_init(&cur, NULL);
	n = 0;
	while (n < 16 && locrib_cursor_next(rib, &cur, &e)) {
		prefix_format(&cur.last, seen[n], PREFIX_STRLEN);
		n++;
		if (n == 2) {
			/* behind: not seen; ahead: seen; deleted: not seen */
			p = P("8.0.0.0/8");
			locrib_update(rib, &p, &s1,
			    mka(NONE, NONE, 65001, 1, 1), 0);
			p = P("10.0.0.0/24");
			locrib_withdraw(rib, &p, &s1);
			p = P("10.128.0.0/9");
			locrib_update(rib, &p, &s1,
			    mka(NONE, NONE, 65001, 1, 1), 0);
		}
		if (n == 4) {
			/* the entry just returned goes away */
			p = P("10.1.0.0/16");
			locrib_withdraw(rib, &p, &s1);
		}
	}
	T_EQ_INT(n, 8);
	T_EQ_STR(seen[0], "9.0.0.0/8");
	T_EQ_STR(seen[1], "10.0.0.0/8");
	T_EQ_STR(seen[2], "10.0.0.0/16");
	T_EQ_STR(seen[3], "10.1.0.0/16");
	T_EQ_STR(seen[4], "10.128.0.0/9");
	T_EQ_STR(seen[5], "10.255.0.0/16");
	T_EQ_STR(seen[6], "11.0.0.0/8");
	T_EQ_STR(seen[7], "192.168.0.0/24");

	/* scoped */
	w = P("10.0.0.0/8");
	locrib_cursor_init(&cur, &w);
	for (n = 0; locrib_cursor_next(rib, &cur, &e); n++)
		;
	T_EQ_INT(n, 4);		/* /8, /16, 10.128/9, 10.255/16 */

	/* longest match */
	addr_parse("10.0.1.1", &a);
	e = locrib_match(rib, &a, &w);
	T_ASSERT(e != NULL);
	prefix_format(&w, buf, sizeof(buf));
	T_EQ_STR(buf, "10.0.0.0/16");
	addr_parse("10.200.1.1", &a);
	T_ASSERT(locrib_match(rib, &a, &w) != NULL);
	prefix_format(&w, buf, sizeof(buf));
	T_EQ_STR(buf, "10.128.0.0/9");
	addr_parse("12.0.0.1", &a);
	T_ASSERT(locrib_match(rib, &a, NULL) == NULL);
	/* host bits ignored on the way in */
	p = P("10.1.2.3/16");
	locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 1, 1), 0);
	p = P("10.1.0.0/16");
	T_ASSERT(locrib_lookup(rib, &p) != NULL);
	endrib(rib);
}

/*
 * Random run: 8 sources, 64 prefixes, updates (4 attribute variants per
 * source), withdraws, next-hop flaps and flushes.  The callback keeps
 * its own view of every prefix's best path; after each step that view,
 * the entries and the counts must agree, and the entries' flags must be
 * consistent with the order.
 */
static struct {
	int	 best[64];	/* tag of the best, -1 none */
	int	 bad;
} view;

static unsigned
pfx_index(const struct xprefix *p)
{
	return p->addr.a[1];
}

static void
viewcb(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	unsigned	 i = pfx_index(p);

	(void)arg;
	if (i >= 64 || view.best[i] != tag(o))
		view.bad++;
	if ((what & LOCRIB_CHG_BEST) && o != NULL && n != NULL && o == n)
		view.bad++;
	if (i < 64)
		view.best[i] = tag(n);
}

static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ULL) >> 33) % n;
}

static void
test_random(void)
{
	struct locrib			*rib;
	struct locrib_source		 s[8];
	struct bgp_decide_cfg		 cfg;
	struct xprefix			 p;
	struct xaddr			 nh;
	const struct locrib_entry	*e;
	const struct locrib_path	*pa;
	struct pfxtable_cursor		 cur;
	int				 have[64][8];
	unsigned			 step, i, k, v, src, bad = 0;
	size_t				 npaths, nprefixes, j;

	bgp_decide_cfg_init(&cfg);
	cfg.maximum_paths_ibgp = 2;
	cfg.maximum_paths_ebgp = 2;
	rib = newrib(&cfg);
	locrib_set_change_cb(rib, viewcb, NULL);
	memset(&view, 0, sizeof(view));
	for (i = 0; i < 64; i++)
		view.best[i] = -1;
	memset(have, 0, sizeof(have));
	for (k = 0; k < 8; k++)
		mksrc(&s[k], k + 1, k < 4);
	for (step = 0; step < 20000; step++) {
		i = rnd(64);
		src = rnd(8);
		memset(&p, 0, sizeof(p));
		p.addr.af = AF_V4;
		p.addr.a[0] = 10;
		p.addr.a[1] = (uint8_t)i;
		p.len = 16;
		switch (rnd(16)) {
		case 0:
			locrib_set_nh_reachable(rib, &(struct xaddr){ 0 },
			    0);	/* refused */
			nh = nhaddr(src * 4 + rnd(4));
			locrib_set_nh_reachable(rib, &nh, rnd(2));
			break;
		case 1:
			if (rnd(8) == 0) {
				locrib_flush_source(rib, &s[src]);
				for (k = 0; k < 64; k++)
					have[k][src] = 0;
			}
			break;
		case 2: case 3: case 4: case 5:
			T_EQ_INT(locrib_withdraw(rib, &p, &s[src]),
			    have[i][src]);
			have[i][src] = 0;
			break;
		default:
			v = rnd(4);
			/* tag: next hop src * 4 + v */
			if (locrib_update(rib, &p, &s[src],
			    mka(100 + 10 * rnd(3), rnd(2) ? NONE : rnd(3),
			    65001 + rnd(2), 1 + rnd(3), src * 4 + v),
			    step) != !have[i][src])
				bad++;
			have[i][src] = 1;
			break;
		}
		if (step % 97 != 0 && step != 19999)
			continue;
		/* check everything */
		npaths = nprefixes = 0;
		for (i = 0; i < 64; i++) {
			memset(&p, 0, sizeof(p));
			p.addr.af = AF_V4;
			p.addr.a[0] = 10;
			p.addr.a[1] = (uint8_t)i;
			p.len = 16;
			for (k = v = 0; k < 8; k++)
				v += (unsigned)have[i][k];
			npaths += v;
			e = locrib_lookup(rib, &p);
			if ((e == NULL) != (v == 0)) {
				bad++;
				continue;
			}
			if (e == NULL) {
				if (view.best[i] != -1)
					bad++;
				continue;
			}
			nprefixes++;
			if (locrib_entry_npaths(e) != v)
				bad++;
			pa = locrib_entry_best(e);
			if ((pa == NULL ? -1 : tag(pa->attrs)) != view.best[i])
				bad++;
			for (j = 0; j < locrib_entry_npaths(e); j++) {
				pa = locrib_entry_path(e, j);
				if (j > 0 && (pa->flags & LOCRIB_PATH_BEST))
					bad++;
				/* multipaths right after the best */
				if (j > 0 && (pa->flags &
				    LOCRIB_PATH_MULTIPATH) &&
				    !(locrib_entry_path(e, j - 1)->flags &
				    LOCRIB_PATH_MULTIPATH))
					bad++;
			}
		}
		if (npaths != locrib_count_paths(rib) ||
		    nprefixes != locrib_count_prefixes(rib))
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(view.bad, 0);
	/* tear down through the resumable flush */
	for (k = 0; k < 8; k++) {
		locrib_cursor_init(&cur, NULL);
		while (locrib_flush_source_step(rib, &s[k], &cur, 5, NULL))
			;
	}
	T_EQ_INT(locrib_count_paths(rib), 0);
	T_EQ_INT(locrib_count_prefixes(rib), 0);
	for (i = 0; i < 64; i++)
		if (view.best[i] != -1)
			view.bad++;
	T_EQ_INT(view.bad, 0);
	endrib(rib);
}

/* Free with paths still stored drops every reference. */
static void
test_free_full(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s2;
	struct xprefix		 p;
	char			 buf[PREFIX_STRLEN];
	unsigned		 i;
	size_t			 m0;

	mksrc(&s1, 1, 1);
	mksrc(&s2, 2, 0);
	rib = newrib(NULL);
	m0 = locrib_memory(rib);
	for (i = 0; i < 1000; i++) {
		fmt_pfx(buf, sizeof(buf), i);
		p = P(buf);
		locrib_update(rib, &p, &s1, mka(NONE, NONE, 65001, 1 + i % 5,
		    1), 0);
		locrib_update(rib, &p, &s2, mka(100, NONE, 65001, 1, 2), 0);
	}
	T_ASSERT(intern_sets() == 6);
	T_ASSERT(locrib_memory(rib) > m0 + 1000 * 2 *
	    sizeof(struct locrib_path));
	T_EQ_INT(cb.calls, 1800);	/* s2 wins where s1's path is longer */
	endrib(rib);
}

/*
 * The RPKI state of a path: stored by locrib_update_rov, changed in
 * place by locrib_set_rov (and by an update with the same set); it
 * re-decides only under `use validity`, and calls back when the best
 * path or its state changed.
 */
static void
test_rov(void)
{
	struct locrib			*rib;
	struct bgp_decide_cfg		 cfg;
	struct locrib_source		 s1, s2;
	struct xprefix			 p = P("10.0.0.0/8");
	const struct locrib_entry	*e;
	struct bgp_attrs		*a;

	bgp_decide_cfg_init(&cfg);
	mksrc(&s1, 1, 1);
	mksrc(&s2, 2, 1);
	rib = newrib(&cfg);
	/* s1 wins on router ID; both not-found */
	T_EQ_INT(locrib_update_rov(rib, &p, &s1, mka(NONE, NONE, 65001, 1,
	    1), 0, LOCRIB_ROV_NOT_FOUND), 1);
	T_EQ_INT(locrib_update(rib, &p, &s2, mka(NONE, NONE, 65001, 1, 2),
	    0), 1);
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path_from(e, &s1)->rov, LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(locrib_entry_path_from(e, &s2)->rov, LOCRIB_ROV_OFF);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 1);
	/* without use validity: stored, nothing decided; a callback for
	   the best path only (an outbound policy may read its state) */
	cbreset();
	T_EQ_INT(locrib_set_rov(rib, &p, &s1, LOCRIB_ROV_INVALID), 1);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(cb.old_nh, 1);
	T_EQ_INT(cb.new_nh, 1);
	T_EQ_INT(locrib_set_rov(rib, &p, &s1, LOCRIB_ROV_INVALID), 0);
	T_EQ_INT(locrib_set_rov(rib, &p, &s2, LOCRIB_ROV_VALID), 1);
	T_EQ_INT(cb.calls, 1);
	cbreset();
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 1);
	e = locrib_lookup(rib, &p);
	T_EQ_INT(locrib_entry_path_from(e, &s1)->rov, LOCRIB_ROV_INVALID);
	/* use validity: s1 (invalid) is no candidate, s2 is best */
	cfg.rov_use_validity = 1;
	locrib_set_decide_cfg(rib, &cfg);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 2);
	T_EQ_INT(cb.calls, 1);
	/* s2 not-found: still best, its state called back; then s1 valid
	   wins at the origin-AS step (before change suppression could
	   keep s2) */
	cbreset();
	T_EQ_INT(locrib_set_rov(rib, &p, &s2, LOCRIB_ROV_NOT_FOUND), 1);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 2);
	T_EQ_INT(cb.calls, 1);
	cbreset();
	T_EQ_INT(locrib_set_rov(rib, &p, &s1, LOCRIB_ROV_VALID), 1);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 1);
	T_EQ_INT(cb.calls, 1);
	T_EQ_INT(cb.old_nh, 2);
	T_EQ_INT(cb.new_nh, 1);
	/* the same set again with another state: a change, not a no-op */
	cbreset();
	a = bgp_attrs_ref(locrib_entry_best(locrib_lookup(rib,
	    &p))->attrs);
	T_EQ_INT(locrib_update_rov(rib, &p, &s1, a, 1, LOCRIB_ROV_INVALID),
	    0);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 2);
	T_EQ_INT(cb.calls, 1);
	/* no such path */
	T_EQ_INT(locrib_set_rov(rib, &p, NULL, LOCRIB_ROV_VALID), -1);
	p = P("11.0.0.0/8");
	T_EQ_INT(locrib_set_rov(rib, &p, &s1, LOCRIB_ROV_VALID), -1);
	endrib(rib);
}

/*
 * Flap dampening: a damped path stays in the entry but is never best;
 * an update may arrive damped (no moment as best), and reuse makes it a
 * candidate again with a callback.
 */
static void
test_damped(void)
{
	struct locrib			*rib;
	struct bgp_decide_cfg		 cfg;
	struct locrib_source		 s1, s2;
	struct xprefix			 p = P("10.0.0.0/8");
	const struct locrib_entry	*e;

	bgp_decide_cfg_init(&cfg);
	mksrc(&s1, 1, 1);
	mksrc(&s2, 2, 1);
	rib = newrib(&cfg);
	/* s1 would win on router ID but arrives damped */
	T_EQ_INT(locrib_update_damp(rib, &p, &s1, mka(NONE, NONE, 65001, 1,
	    1), 0, LOCRIB_ROV_OFF, 1), 1);
	T_EQ_INT(cb.calls, 0);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), -1);
	e = locrib_lookup(rib, &p);
	T_ASSERT(e != NULL && locrib_entry_npaths(e) == 1);
	T_ASSERT(locrib_entry_path(e, 0)->flags & LOCRIB_PATH_DAMPED);
	T_EQ_INT(locrib_update(rib, &p, &s2, mka(NONE, NONE, 65001, 1, 2),
	    0), 1);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 2);
	/* reuse: s1 becomes best (router ID; the current best s2 is kept
	   only against equal paths under change suppression, and XR
	   compares router IDs of eBGP paths only with compare-routerid,
	   so s2 stays) */
	cbreset();
	T_EQ_INT(locrib_set_damped(rib, &p, &s1, 0), 1);
	T_EQ_INT(locrib_set_damped(rib, &p, &s1, 0), 0);
	e = locrib_lookup(rib, &p);
	T_ASSERT(!(locrib_entry_path_from(e, &s1)->flags &
	    LOCRIB_PATH_DAMPED));
	/* suppress the best: the other takes over, with a callback */
	T_EQ_INT(locrib_set_damped(rib, &p, &s2, 1), 1);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), 1);
	T_ASSERT(cb.calls >= 1 && cb.new_nh == 1);
	/* the same set again keeps the state the caller gives */
	T_EQ_INT(locrib_set_damped(rib, &p, &s1, 1), 1);
	T_EQ_INT(besttag(rib, "10.0.0.0/8"), -1);
	T_EQ_INT(locrib_set_damped(rib, &p, NULL, 1), -1);
	endrib(rib);
}

int
main(void)
{
	test_new();
	test_localpref();
	test_aspath();
	test_med();
	test_replace();
	test_suppress();
	test_flush();
	test_stale();
	test_nexthop();
	test_change_cases();
	test_multipath();
	test_walk();
	test_random();
	test_free_full();
	test_rov();
	test_damped();
	T_EQ_INT(intern_sets(), 0);
	return T_DONE();
}
