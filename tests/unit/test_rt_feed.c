/*
 * Unit tests for core/bgp/rt_feed.c: the Loc-RIB's best paths become B
 * routes of the RIB (core/rt) with XR's distances (eBGP 20, iBGP 200),
 * MED as metric and the neighbor AS; a best path moving from eBGP to
 * iBGP leaves no route of the old distance; the multipath set is the
 * route's next hops; a withdrawn best removes the route, a locally
 * originated path never makes one, an aggregate is a Null0 route at 200.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/bgp/rt_feed.h"
#include "core/rt/rt.h"
#include "tests/unit/t.h"

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	if (addr_parse(s, &a) == -1)
		abort();
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

/* A connected network on interface ifindex, as rt_connected puts it. */
static void
conn_put(const char *pfx, int ifindex)
{
	struct xprefix	 p = P(pfx);
	struct rt_path	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.src = RT_SRC_CONNECTED;
	rp.distance = RT_DIST_CONNECTED;
	rp.nnh = 1;
	rp.nh[0].ifindex = ifindex;
	T_EQ_INT(rt_put(&p, &rp), 0);
}

/* AS path asn, MED med (none if med < 0), next hop nh. */
static struct bgp_attrs *
mka(uint32_t asn, long med, const char *nh)
{
	struct bgp_attrs	*a;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	if (asn != 0 && bgp_attrs_set_aspath(a, &asn, 1) == -1)
		abort();
	if (med >= 0) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_MED);
		a->med = (uint32_t)med;
	}
	a->nexthop = A(nh);
	return a;
}

static void
mksrc(struct locrib_source *s, unsigned id, const char *addr, int ebgp)
{
	memset(s, 0, sizeof(*s));
	s->peer_router_id = id;
	s->peer_addr = A(addr);
	s->ebgp = ebgp;
}

/* What rib.c does with a change. */
static void
feed_cb(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	(void)o;
	(void)n;
	if (what != LOCRIB_CHG_PATHS)
		rt_feed_changed(arg, p);
}

static struct locrib *
rib_new(const struct bgp_decide_cfg *cfg)
{
	struct locrib	*rib;

	rib = locrib_new(AF_V4, cfg);
	T_ASSERT(rib != NULL);
	locrib_set_change_cb(rib, feed_cb, rib);
	return rib;
}

/* The selected route's "[distance/metric] via nh,nh" or "none". */
static const char *
route(const char *pfx)
{
	static char	 buf[256];
	char		 a[ADDR_STRLEN];
	struct xprefix	 p = P(pfx);
	struct rt_sel	 sel;
	size_t		 i;

	if (rt_exact(&p, &sel) == -1)
		return "none";
	snprintf(buf, sizeof(buf), "%s%s [%u/%u] as %u via",
	    sel.path->src == RT_SRC_BGP ? "B" : "other",
	    sel.path->ibgp ? " internal" : "", sel.path->distance,
	    sel.path->metric, sel.path->peer_as);
	for (i = 0; i < sel.path->nnh; i++) {
		if (sel.path->nh[i].blackhole)
			strlcpy(a, "Null0", sizeof(a));
		else
			addr_format(&sel.path->nh[i].gw, a, sizeof(a));
		strlcat(buf, i == 0 ? " " : ",", sizeof(buf));
		strlcat(buf, a, sizeof(buf));
	}
	return buf;
}

static void
test_distances(void)
{
	struct locrib		*rib;
	struct locrib_source	 e1, i1;
	struct xprefix		 p = P("203.0.113.0/24");

	T_EQ_INT(rt_init(), 0);
	conn_put("10.0.0.0/24", 2);
	rib = rib_new(NULL);
	mksrc(&e1, 1, "10.0.0.1", 1);
	mksrc(&i1, 2, "10.0.0.2", 0);
	/* eBGP: 20, MED as the metric, the neighbor AS */
	T_EQ_INT(locrib_update(rib, &p, &e1, mka(65001, 40, "10.0.0.1"), 0), 1);
	T_EQ_STR(route("203.0.113.0/24"), "B [20/40] as 65001 via 10.0.0.1");
	/* an iBGP path alongside: eBGP stays best */
	T_EQ_INT(locrib_update(rib, &p, &i1, mka(65002, -1, "10.0.0.2"), 0), 1);
	T_EQ_STR(route("203.0.113.0/24"), "B [20/40] as 65001 via 10.0.0.1");
	/* the eBGP path goes: iBGP at 200, and no route at 20 is left over
	   (it would be selected) */
	T_EQ_INT(locrib_withdraw(rib, &p, &e1), 1);
	T_EQ_STR(route("203.0.113.0/24"),
	    "B internal [200/0] as 65002 via 10.0.0.2");
	/* and back */
	T_EQ_INT(locrib_update(rib, &p, &e1, mka(65001, 40, "10.0.0.1"), 0), 1);
	T_EQ_STR(route("203.0.113.0/24"), "B [20/40] as 65001 via 10.0.0.1");
	T_EQ_INT(locrib_withdraw(rib, &p, &e1), 1);
	T_EQ_INT(locrib_withdraw(rib, &p, &i1), 1);
	T_EQ_STR(route("203.0.113.0/24"), "none");
	/* an empty AS path (iBGP-originated): no AS */
	T_EQ_INT(locrib_update(rib, &p, &i1, mka(0, 5, "10.0.0.2"), 0), 1);
	T_EQ_STR(route("203.0.113.0/24"),
	    "B internal [200/5] as 0 via 10.0.0.2");
	locrib_free(rib);
	rt_free();
}

/* maximum-paths: the multipath set's next hops, best path's first. */
static void
test_multipath(void)
{
	struct locrib		*rib;
	struct locrib_source	 s1, s2, s3;
	struct bgp_decide_cfg	 cfg;
	struct xprefix		 p = P("198.51.100.0/24");

	T_EQ_INT(rt_init(), 0);
	conn_put("10.0.0.0/24", 2);
	conn_put("10.0.1.0/24", 3);
	bgp_decide_cfg_init(&cfg);
	cfg.maximum_paths_ebgp = 4;
	rib = rib_new(&cfg);
	mksrc(&s1, 1, "10.0.0.1", 1);
	mksrc(&s2, 2, "10.0.1.2", 1);
	mksrc(&s3, 3, "10.0.0.3", 1);
	T_EQ_INT(locrib_update(rib, &p, &s1, mka(65001, -1, "10.0.0.1"), 0), 1);
	T_EQ_INT(locrib_update(rib, &p, &s2, mka(65001, -1, "10.0.1.2"), 0), 1);
	T_EQ_STR(route("198.51.100.0/24"),
	    "B [20/0] as 65001 via 10.0.0.1,10.0.1.2");
	/* a longer AS path is not a multipath */
	{
		uint32_t		 asns[2] = { 65001, 65009 };
		struct bgp_attrs	*a = mka(65001, -1, "10.0.0.3");

		T_EQ_INT(bgp_attrs_set_aspath(a, asns, 2), 0);
		T_EQ_INT(locrib_update(rib, &p, &s3, a, 0), 1);
	}
	T_EQ_STR(route("198.51.100.0/24"),
	    "B [20/0] as 65001 via 10.0.0.1,10.0.1.2");
	/* the best path goes: the rest of the set */
	T_EQ_INT(locrib_withdraw(rib, &p, &s1), 1);
	T_EQ_STR(route("198.51.100.0/24"), "B [20/0] as 65001 via 10.0.1.2");
	locrib_free(rib);
	rt_free();
}

/* Locally originated paths (network, redistribute) are not B routes. */
static void
test_local(void)
{
	struct locrib		*rib;
	struct locrib_source	 loc, e1;
	struct xprefix		 p = P("192.0.2.0/24");

	T_EQ_INT(rt_init(), 0);
	conn_put("10.0.0.0/24", 2);
	rib = rib_new(NULL);
	memset(&loc, 0, sizeof(loc));
	loc.local = BGP_LOCAL_NETWORK;
	loc.weight = BGP_WEIGHT_LOCAL;
	mksrc(&e1, 1, "10.0.0.1", 1);
	T_EQ_INT(locrib_update(rib, &p, &loc, mka(0, -1, "0.0.0.0"), 0), 1);
	T_EQ_STR(route("192.0.2.0/24"), "none");
	/* a learned path alongside: the local one stays best (weight) */
	T_EQ_INT(locrib_update(rib, &p, &e1, mka(65001, -1, "10.0.0.1"), 0), 1);
	T_EQ_STR(route("192.0.2.0/24"), "none");
	/* the local one goes: the learned one is a B route */
	T_EQ_INT(locrib_withdraw(rib, &p, &loc), 1);
	T_EQ_STR(route("192.0.2.0/24"), "B [20/0] as 65001 via 10.0.0.1");
	/* back: the B route goes */
	T_EQ_INT(locrib_update(rib, &p, &loc, mka(0, -1, "0.0.0.0"), 0), 1);
	T_EQ_STR(route("192.0.2.0/24"), "none");
	/* rt_feed_clear: every B route */
	T_EQ_INT(locrib_withdraw(rib, &p, &loc), 1);
	T_EQ_STR(route("192.0.2.0/24"), "B [20/0] as 65001 via 10.0.0.1");
	rt_feed_clear();
	T_EQ_STR(route("192.0.2.0/24"), "none");
	/* an aggregate: towards Null0 at 200, gone when it goes */
	{
		struct locrib_source	 agg;
		struct xprefix		 ap = P("192.0.0.0/16");

		memset(&agg, 0, sizeof(agg));
		agg.local = BGP_LOCAL_AGGREGATE;
		agg.weight = BGP_WEIGHT_LOCAL;
		T_EQ_INT(locrib_update(rib, &ap, &agg,
		    mka(0, -1, "0.0.0.0"), 0), 1);
		T_EQ_STR(route("192.0.0.0/16"),
		    "B internal [200/0] as 0 via Null0");
		/* a learned path for the same prefix: the aggregate stays
		   best (weight) */
		T_EQ_INT(locrib_update(rib, &ap, &e1,
		    mka(65001, -1, "10.0.0.1"), 0), 1);
		T_EQ_STR(route("192.0.0.0/16"),
		    "B internal [200/0] as 0 via Null0");
		T_EQ_INT(locrib_withdraw(rib, &ap, &agg), 1);
		T_EQ_STR(route("192.0.0.0/16"),
		    "B [20/0] as 65001 via 10.0.0.1");
		T_EQ_INT(locrib_update(rib, &ap, &agg,
		    mka(0, -1, "0.0.0.0"), 0), 1);
		T_EQ_STR(route("192.0.0.0/16"),
		    "B internal [200/0] as 0 via Null0");
		T_EQ_INT(locrib_withdraw(rib, &ap, &agg), 1);
		T_EQ_INT(locrib_withdraw(rib, &ap, &e1), 1);
		T_EQ_STR(route("192.0.0.0/16"), "none");
	}
	T_ASSERT(strncmp(route("10.0.0.0/24"), "other", 5) == 0);
	locrib_free(rib);
	rt_free();
}

static size_t
intern_sets(void)
{
	struct bgp_attrs_intern_stats	 st;

	bgp_attrs_intern_stats(&st, 0);
	return st.sets;
}

int
main(void)
{
	test_distances();
	test_multipath();
	test_local();
	T_EQ_INT(intern_sets(), 0);
	return T_DONE();
}
