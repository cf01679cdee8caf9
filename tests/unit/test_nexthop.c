/*
 * Unit tests for core/bgp/nexthop.c, next-hop tracking through the RIB
 * (core/rt) with two Loc-RIBs: next hops in connected networks, through
 * static routes (recursively, Null0 included, never a default or a BGP
 * route); a RIB change re-decides on the next loop turn (one pass for a
 * burst) and the best path moves; the IGP metric of the resolving route
 * decides between iBGP paths; an Established peer's address counts only
 * while the RIB has no connected route; the IPv6 Loc-RIB is told about
 * IPv6 next hops only; many next hops are tracked without walking the
 * table, and the rescan forgets those no path uses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/proto.h"
#include "core/lib/loop.h"
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

/* Local preference lp, next hop nh. */
static struct bgp_attrs *
mka(uint32_t lp, const char *nh)
{
	struct bgp_attrs	*a;
	uint32_t		 as = 65001;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a->origin = BGP_ORIGIN_IGP;
	a->local_pref = lp;
	if (bgp_attrs_set_aspath(a, &as, 1) == -1)
		abort();
	a->nexthop = A(nh);
	return a;
}

static void
mksrc(struct locrib_source *s, unsigned n, const char *addr)
{
	memset(s, 0, sizeof(*s));
	s->peer_router_id = n;
	s->peer_addr = A(addr);
}

static int	 calls;

static size_t
intern_sets(void)
{
	struct bgp_attrs_intern_stats	 st;

	bgp_attrs_intern_stats(&st, 0);
	return st.sets;
}

static void
count_cb(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	(void)p;
	(void)o;
	(void)n;
	(void)what;
	(void)arg;
	calls++;
}

/* The best path's next hop, or "none". */
static const char *
best_nh(const struct locrib *rib, const char *pfx)
{
	static char			 buf[ADDR_STRLEN];
	struct xprefix			 p = P(pfx);
	const struct locrib_entry	*e;
	const struct locrib_path	*b;

	if ((e = locrib_lookup(rib, &p)) == NULL ||
	    (b = locrib_entry_best(e)) == NULL)
		return "none";
	addr_format(&b->attrs->nexthop, buf, sizeof(buf));
	return buf;
}

/* Tracks the next hop, then adds the path, as the import side does. */
static void
add(struct locrib *rib, const char *pfx, const struct locrib_source *s,
    uint32_t lp, const char *nh)
{
	struct xprefix	 p = P(pfx);
	struct xaddr	 a = A(nh);

	T_EQ_INT(nexthop_track(&a), 0);
	T_ASSERT(locrib_update(rib, &p, s, mka(lp, nh), 0) >= 0);
}

/* A connected network on interface ifindex, as the RIB has it. */
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

static void
conn_del(const char *pfx)
{
	struct xprefix	 p = P(pfx);

	T_EQ_INT(rt_del(&p, RT_SRC_CONNECTED, RT_DIST_CONNECTED), 0);
}

/* A static route via gw (NULL: Null0) with a metric. */
static void
static_put(const char *pfx, const char *gw, uint32_t metric)
{
	struct xprefix	 p = P(pfx);
	struct rt_path	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.src = RT_SRC_STATIC;
	rp.distance = RT_DIST_STATIC;
	rp.metric = metric;
	rp.nnh = 1;
	if (gw != NULL)
		rp.nh[0].gw = A(gw);
	else
		rp.nh[0].blackhole = 1;
	T_EQ_INT(rt_put(&p, &rp), 0);
}

static void
static_del(const char *pfx)
{
	struct xprefix	 p = P(pfx);

	T_EQ_INT(rt_del(&p, RT_SRC_STATIC, RT_DIST_STATIC), 0);
}

/* A B route (as rt_feed puts it) via gw. */
static void
bgp_put(const char *pfx, const char *gw)
{
	struct xprefix	 p = P(pfx);
	struct rt_path	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.src = RT_SRC_BGP;
	rp.distance = RT_DIST_EBGP;
	rp.nnh = 1;
	rp.nh[0].gw = A(gw);
	T_EQ_INT(rt_put(&p, &rp), 0);
}

/* The loop turn that runs the re-decision after RIB changes. */
static void
settle(void)
{
	int	 i;

	for (i = 0; i < 3; i++)
		(void)loop_run_once(0);
}

static int
reach(const char *nh, uint32_t *metric)
{
	struct xaddr	 a = A(nh);

	return nexthop_reachable(&a, metric);
}

/*
 * Without connected routes in the RIB (no interface table), an
 * Established peer's address is reachable (refcounted); once the RIB
 * has a connected route of the family, only the RIB counts.
 */
static void
test_peer(void)
{
	struct locrib		*v4, *v6;
	struct locrib_source	 s1, s2, s6;
	struct xaddr		 peer = A("198.51.100.7");
	struct xaddr		 peer2 = A("10.0.0.2");
	struct xaddr		 peer6 = A("2001:db8:99::7");
	uint32_t		 m = 99;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	v6 = locrib_new(AF_V6, NULL);
	T_ASSERT(v4 != NULL && v6 != NULL);
	locrib_set_change_cb(v4, count_cb, NULL);
	T_EQ_INT(nexthop_init(v4, v6), 0);
	nexthop_peer_up(&peer2);

	mksrc(&s1, 1, "10.0.0.1");
	mksrc(&s2, 2, "10.0.0.2");
	mksrc(&s6, 6, "2001:db8:1::6");
	/* better local preference through a next hop nobody reaches */
	add(v4, "172.16.0.0/16", &s1, 200, "198.51.100.7");
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "none");
	T_EQ_INT(calls, 0);
	add(v4, "172.16.0.0/16", &s2, 100, "10.0.0.2");
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	T_EQ_INT(nexthop_reachable(&peer, &m), 0);
	T_EQ_INT(m, 0);
	T_ASSERT(nexthop_reason(&peer) != NULL);
	T_ASSERT(nexthop_reason(&peer2) == NULL);
	T_EQ_INT(nexthop_count(), 2);
	/* tracking again changes nothing */
	T_EQ_INT(nexthop_track(&peer), 0);
	T_EQ_INT(nexthop_count(), 2);

	calls = 0;
	nexthop_peer_up(&peer);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "198.51.100.7");
	T_EQ_INT(calls, 1);
	T_EQ_INT(nexthop_reachable(&peer, NULL), 1);
	/* up twice (a new session before the old one closed), down once */
	nexthop_peer_up(&peer);
	nexthop_peer_down(&peer);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "198.51.100.7");
	T_EQ_INT(calls, 1);
	nexthop_peer_down(&peer);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	T_EQ_INT(calls, 2);
	/* down of a peer never up is harmless */
	nexthop_peer_down(&peer);
	T_EQ_INT(nexthop_reachable(&peer, NULL), 0);

	/* IPv6: the other Loc-RIB */
	add(v6, "2001:db8:f::/48", &s6, 100, "2001:db8:99::7");
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "none");
	nexthop_peer_up(&peer6);
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "2001:db8:99::7");

	/* the interfaces become known: the RIB alone decides, so the peer
	   10.0.0.2 (not on 10.1/16) is unreachable at the next loop turn,
	   and so is the IPv4 side only */
	nexthop_peer_up(&peer);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "198.51.100.7");
	conn_put("10.1.0.0/16", 2);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "198.51.100.7");
	settle();
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "none");
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "2001:db8:99::7");
	conn_put("10.0.0.0/24", 2);
	settle();
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	/* and the connected routes going leave the RIB authoritative */
	conn_del("10.0.0.0/24");
	settle();
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "none");

	nexthop_free();
	locrib_free(v4);
	locrib_free(v6);
	rt_free();
}

/* Connected networks: a change re-decides on the next loop turn. */
static void
test_connected(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1, s2;
	struct xaddr		 zero;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	conn_put("10.1.0.0/16", 2);
	conn_put("10.2.3.0/24", 3);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	T_EQ_INT(reach("10.1.200.9", NULL), 1);
	T_EQ_INT(reach("10.2.3.255", NULL), 1);
	T_EQ_INT(reach("10.2.4.1", NULL), 0);
	/* a locally originated path */
	memset(&zero, 0, sizeof(zero));
	T_EQ_INT(nexthop_reachable(&zero, NULL), 1);
	T_EQ_INT(reach("0.0.0.0", NULL), 1);
	zero = A("0.0.0.0");
	T_EQ_INT(nexthop_track(&zero), 0);
	T_EQ_INT(nexthop_count(), 0);

	mksrc(&s1, 1, "10.1.0.1");
	mksrc(&s2, 2, "10.2.3.2");
	add(v4, "192.168.0.0/24", &s1, 200, "10.1.0.1");
	add(v4, "192.168.0.0/24", &s2, 100, "10.2.3.2");
	add(v4, "192.168.1.0/24", &s2, 100, "10.9.9.9");
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.1.0.1");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "none");

	/* 10.1/16 goes, 10.9/16 comes: both prefixes re-decided, once,
	   on the next loop turn (a burst is one pass) */
	calls = 0;
	locrib_set_change_cb(v4, count_cb, NULL);
	conn_del("10.1.0.0/16");
	conn_put("10.9.0.0/16", 4);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.1.0.1");
	T_EQ_INT(calls, 0);
	settle();
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.2.3.2");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "10.9.9.9");
	T_EQ_INT(calls, 2);
	/* a rescan of an unchanged RIB changes nothing */
	nexthop_rescan();
	T_EQ_INT(calls, 2);
	/* none at all */
	conn_del("10.2.3.0/24");
	conn_del("10.9.0.0/16");
	nexthop_rescan();		/* at once, without the loop */
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "none");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "none");
	/* a B route does not resolve a next hop */
	calls = 0;
	bgp_put("10.2.0.0/16", "10.2.3.2");
	settle();
	T_EQ_INT(calls, 0);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "none");

	nexthop_free();
	locrib_free(v4);
	rt_free();
}

/*
 * Static routes: a next hop through one (recursively through a connected
 * network, or Null0) is reachable; the static removed, its paths are
 * invalid and the best path moves to the other; a default route never
 * resolves a BGP next hop (XR without `nexthop resolution
 * allow-default`).
 */
static void
test_static(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1, s2;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	conn_put("10.0.0.0/24", 2);
	mksrc(&s1, 1, "10.0.0.1");
	mksrc(&s2, 2, "10.0.0.2");
	add(v4, "172.16.0.0/16", &s1, 200, "203.0.113.1");
	add(v4, "172.16.0.0/16", &s2, 100, "10.0.0.2");
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	/* 203.0.113.0/24 via 10.0.0.9 (connected): the better path wins */
	static_put("203.0.113.0/24", "10.0.0.9", 0);
	settle();
	T_EQ_INT(reach("203.0.113.1", NULL), 1);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "203.0.113.1");
	/* recursively: 203.0.113.0/24 via 198.51.100.1 via 10.0.0.9 */
	static_put("198.51.100.0/24", "10.0.0.9", 0);
	static_put("203.0.113.0/24", "198.51.100.1", 0);
	settle();
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "203.0.113.1");
	/* the connected network under both goes: the path is invalid and
	   the best moves (the other path's next hop went too: none) */
	conn_del("10.0.0.0/24");
	settle();
	T_EQ_INT(reach("203.0.113.1", NULL), 0);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "none");
	conn_put("10.0.0.0/24", 2);
	settle();
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "203.0.113.1");
	/* the static removed: back to the other path */
	static_del("203.0.113.0/24");
	settle();
	T_EQ_INT(reach("203.0.113.1", NULL), 0);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	/* a next hop through a Null0 route counts (RTBH) */
	T_EQ_INT(reach("192.0.2.66", NULL), 0);
	static_put("192.0.2.0/24", NULL, 0);
	settle();
	T_EQ_INT(reach("192.0.2.66", NULL), 1);
	/* a static default route resolves no BGP next hop */
	static_put("0.0.0.0/0", "10.0.0.9", 0);
	settle();
	T_EQ_INT(reach("172.31.0.1", NULL), 0);
	T_EQ_INT(reach("203.0.113.1", NULL), 0);
	nexthop_free();
	locrib_free(v4);
	rt_free();
	T_EQ_INT(intern_sets(), 0);
}

/* iBGP paths, lp 100, next hop nh, from source s. */
static void
add_ibgp(struct locrib *rib, const char *pfx, const struct locrib_source *s,
    const char *nh)
{
	add(rib, pfx, s, 100, nh);
}

/*
 * The IGP-metric step of best path: two iBGP paths alike but for their
 * next hops, resolved through routes of different metrics; the lower
 * wins, and a change of the resolving route's metric moves the best.
 */
static void
test_igp_metric(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1, s2;
	uint32_t		 m = 0;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	conn_put("10.0.0.0/24", 2);
	static_put("192.0.2.0/24", "10.0.0.9", 10);
	static_put("198.51.100.0/24", "10.0.0.9", 5);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	/* router IDs would prefer s1 */
	mksrc(&s1, 1, "10.0.0.1");
	mksrc(&s2, 2, "10.0.0.2");
	add_ibgp(v4, "172.16.0.0/16", &s1, "192.0.2.1");
	add_ibgp(v4, "172.16.0.0/16", &s2, "198.51.100.1");
	T_EQ_INT(reach("192.0.2.1", &m), 1);
	T_EQ_INT(m, 10);
	T_EQ_INT(reach("198.51.100.1", &m), 1);
	T_EQ_INT(m, 5);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "198.51.100.1");
	/* the resolving route's metric changes: the best follows */
	static_put("198.51.100.0/24", "10.0.0.9", 20);
	settle();
	T_EQ_INT(reach("198.51.100.1", &m), 1);
	T_EQ_INT(m, 20);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "192.0.2.1");
	/* a connected next hop: metric 0 */
	add_ibgp(v4, "172.17.0.0/16", &s1, "10.0.0.7");
	T_EQ_INT(reach("10.0.0.7", &m), 1);
	T_EQ_INT(m, 0);
	nexthop_free();
	locrib_free(v4);
	rt_free();
	T_EQ_INT(intern_sets(), 0);
}

/* The loopback networks of the RIB, as the interface table gives them. */
static void
test_loopback(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	conn_put("127.0.0.0/8", 1);
	conn_put("::1/128", 1);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	T_EQ_INT(reach("127.0.0.1", NULL), 1);
	T_EQ_INT(reach("127.0.0.2", NULL), 1);
	T_EQ_INT(reach("::1", NULL), 1);
	/* TEST-NET-2 is on no interface */
	T_EQ_INT(reach("198.51.100.1", NULL), 0);

	mksrc(&s1, 1, "127.0.0.2");
	add(v4, "203.0.113.0/24", &s1, 100, "127.0.0.2");
	T_EQ_STR(best_nh(v4, "203.0.113.0/24"), "127.0.0.2");
	add(v4, "203.0.114.0/24", &s1, 100, "198.51.100.1");
	T_EQ_STR(best_nh(v4, "203.0.114.0/24"), "none");
	nexthop_rescan();
	T_EQ_STR(best_nh(v4, "203.0.113.0/24"), "127.0.0.2");
	T_EQ_STR(best_nh(v4, "203.0.114.0/24"), "none");
	T_EQ_INT(nexthop_count(), 2);
	nexthop_free();
	T_EQ_INT(nexthop_count(), 0);
	locrib_free(v4);
	rt_free();
}

/*
 * Many distinct next hops (a hostile peer): each is tracked and its
 * state given to the Loc-RIB without a walk, and a peer up re-decides
 * only the prefixes through that peer.
 */
static void
test_many(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1;
	struct xprefix		 p;
	struct xaddr		 a;
	char			 pfx[PREFIX_STRLEN], nh[ADDR_STRLEN];
	unsigned		 i;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	locrib_set_change_cb(v4, count_cb, NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	mksrc(&s1, 1, "10.0.0.1");
	for (i = 0; i < 5000; i++) {
		snprintf(pfx, sizeof(pfx), "100.%u.%u.0/24", i / 256, i % 256);
		snprintf(nh, sizeof(nh), "198.18.%u.%u", i / 256, i % 256);
		a = A(nh);
		if (nexthop_track(&a) != 0)
			T_ASSERT(0);
		p = P(pfx);
		locrib_update(v4, &p, &s1, mka(100, nh), 0);
	}
	T_EQ_INT(nexthop_count(), 5000);
	T_EQ_STR(best_nh(v4, "100.0.7.0/24"), "none");
	calls = 0;
	a = A("198.18.0.7");
	nexthop_peer_up(&a);
	T_EQ_INT(calls, 1);
	T_EQ_STR(best_nh(v4, "100.0.7.0/24"), "198.18.0.7");
	T_EQ_STR(best_nh(v4, "100.0.8.0/24"), "none");
	/* a static for one of them: one prefix re-decided */
	calls = 0;
	static_put("198.18.0.8/32", NULL, 0);
	settle();
	T_EQ_INT(calls, 1);
	T_EQ_STR(best_nh(v4, "100.0.8.0/24"), "198.18.0.8");
	nexthop_free();
	locrib_free(v4);
	rt_free();
	T_EQ_INT(intern_sets(), 0);
}

/*
 * Next hops no path uses any more are forgotten at the next rescan (a
 * peer cycling through next hops must not grow the table for ever); a
 * next hop that comes back is tracked again with its right state.
 */
static void
test_sweep(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1;
	struct xprefix		 p;
	char			 pfx[PREFIX_STRLEN], nh[ADDR_STRLEN];
	unsigned		 i;

	T_EQ_INT(rt_init(), 0);
	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	conn_put("10.0.0.0/24", 2);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	mksrc(&s1, 1, "10.0.0.1");
	for (i = 0; i < 100; i++) {
		snprintf(pfx, sizeof(pfx), "100.0.%u.0/24", i);
		snprintf(nh, sizeof(nh), "198.18.0.%u", i);
		add(v4, pfx, &s1, 100, nh);
	}
	add(v4, "100.1.0.0/24", &s1, 100, "10.0.0.7");	/* reachable */
	T_EQ_INT(nexthop_count(), 101);
	/* nothing changed since: a rescan keeps them all */
	nexthop_rescan();
	nexthop_rescan();
	T_EQ_INT(nexthop_count(), 101);
	for (i = 10; i < 100; i++) {
		snprintf(pfx, sizeof(pfx), "100.0.%u.0/24", i);
		p = P(pfx);
		T_EQ_INT(locrib_withdraw(v4, &p, &s1), 1);
	}
	T_EQ_INT(nexthop_count(), 101);		/* until the rescan */
	nexthop_rescan();
	T_EQ_INT(nexthop_count(), 11);
	T_EQ_STR(best_nh(v4, "100.0.3.0/24"), "none");
	T_EQ_STR(best_nh(v4, "100.1.0.0/24"), "10.0.0.7");
	/* a forgotten next hop comes back unreachable, then a route */
	add(v4, "100.0.50.0/24", &s1, 100, "198.18.0.50");
	T_EQ_INT(nexthop_count(), 12);
	T_EQ_STR(best_nh(v4, "100.0.50.0/24"), "none");
	conn_put("198.18.0.0/24", 3);
	settle();
	T_EQ_STR(best_nh(v4, "100.0.50.0/24"), "198.18.0.50");
	/* everything gone: nothing tracked */
	T_EQ_INT(locrib_flush_source(v4, &s1), 12);
	nexthop_rescan();
	T_EQ_INT(nexthop_count(), 0);
	nexthop_free();
	locrib_free(v4);
	rt_free();
	T_EQ_INT(intern_sets(), 0);
}

int
main(void)
{
	test_peer();
	test_static();
	test_igp_metric();
	test_connected();
	test_loopback();
	test_many();
	test_sweep();
	return T_DONE();
}
