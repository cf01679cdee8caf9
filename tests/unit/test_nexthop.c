/*
 * Unit tests for core/bgp/nexthop.c with two Loc-RIBs: a path through an
 * unreachable next hop is not best until the next hop's peer comes up
 * (refcounted), connected networks (injected, then the real interfaces
 * for 127.0.0.1 and ::1), a change of networks re-decides, the IPv6
 * Loc-RIB is told about IPv6 next hops only, and many next hops are
 * tracked without walking the table, and the rescan forgets those no
 * path uses.
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
#include "core/config/static_cfg.h"
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

static void
test_peer(void)
{
	struct locrib		*v4, *v6;
	struct locrib_source	 s1, s2, s6;
	struct xprefix		 conn[2];
	struct xaddr		 peer = A("198.51.100.7");
	struct xaddr		 peer6 = A("2001:db8:99::7");
	uint32_t		 m = 99;

	v4 = locrib_new(AF_V4, NULL);
	v6 = locrib_new(AF_V6, NULL);
	T_ASSERT(v4 != NULL && v6 != NULL);
	locrib_set_change_cb(v4, count_cb, NULL);
	T_EQ_INT(nexthop_init(v4, v6), 0);
	conn[0] = P("10.0.0.0/24");
	conn[1] = P("2001:db8:1::/64");
	nexthop_set_connected(conn, 2);

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
	T_EQ_STR(nexthop_reason(&peer),
	    "not in a connected network, not through a static route and "
	    "not an established peer");
	T_ASSERT(nexthop_reason(&conn[0].addr) == NULL);
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

	/* a new path through a peer already up is best at once */
	nexthop_peer_up(&peer);
	add(v4, "172.17.0.0/16", &s1, 200, "198.51.100.7");
	T_EQ_STR(best_nh(v4, "172.17.0.0/16"), "198.51.100.7");
	nexthop_peer_down(&peer);
	T_EQ_STR(best_nh(v4, "172.17.0.0/16"), "none");

	/* IPv6: the other Loc-RIB */
	add(v6, "2001:db8:f::/48", &s6, 100, "2001:db8:99::7");
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "none");
	nexthop_peer_up(&peer6);
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "2001:db8:99::7");
	add(v6, "2001:db8:e::/48", &s6, 100, "2001:db8:1::99");
	T_EQ_STR(best_nh(v6, "2001:db8:e::/48"), "2001:db8:1::99");
	nexthop_peer_down(&peer6);
	T_EQ_STR(best_nh(v6, "2001:db8:f::/48"), "none");
	T_EQ_STR(best_nh(v6, "2001:db8:e::/48"), "2001:db8:1::99");
	/* the IPv4 side did not move */
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");

	nexthop_free();
	locrib_free(v4);
	locrib_free(v6);
}

/* Injected networks, a change of them and a rescan keeping them. */
static void
test_connected(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1, s2;
	struct xprefix		 conn[2];
	struct xaddr		 a;
	struct xaddr		 zero;

	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	conn[0] = P("10.1.0.0/16");
	conn[1] = P("10.2.3.0/24");
	nexthop_set_connected(conn, 2);
	a = A("10.1.200.9");
	T_EQ_INT(nexthop_reachable(&a, NULL), 1);
	a = A("10.2.3.255");
	T_EQ_INT(nexthop_reachable(&a, NULL), 1);
	a = A("10.2.4.1");
	T_EQ_INT(nexthop_reachable(&a, NULL), 0);
	/* injected: the real loopback is not connected any more */
	a = A("127.0.0.1");
	T_EQ_INT(nexthop_reachable(&a, NULL), 0);
	/* a locally originated path */
	memset(&zero, 0, sizeof(zero));
	T_EQ_INT(nexthop_reachable(&zero, NULL), 1);
	a = A("0.0.0.0");
	T_EQ_INT(nexthop_reachable(&a, NULL), 1);
	T_EQ_INT(nexthop_track(&a), 0);
	T_EQ_INT(nexthop_count(), 0);

	mksrc(&s1, 1, "10.1.0.1");
	mksrc(&s2, 2, "10.2.3.2");
	add(v4, "192.168.0.0/24", &s1, 200, "10.1.0.1");
	add(v4, "192.168.0.0/24", &s2, 100, "10.2.3.2");
	add(v4, "192.168.1.0/24", &s2, 100, "10.9.9.9");
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.1.0.1");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "none");

	/* 10.1/16 goes, 10.9/16 comes: both prefixes re-decided */
	conn[0] = P("10.9.0.0/16");
	calls = 0;
	locrib_set_change_cb(v4, count_cb, NULL);
	nexthop_set_connected(conn, 2);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.2.3.2");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "10.9.9.9");
	T_EQ_INT(calls, 2);
	/* a rescan keeps the injected networks: nothing moves */
	nexthop_rescan();
	T_EQ_INT(calls, 2);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.2.3.2");
	/* none at all */
	nexthop_set_connected(NULL, 0);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "none");
	T_EQ_STR(best_nh(v4, "192.168.1.0/24"), "none");
	/* an established peer still counts without networks */
	a = A("10.2.3.2");
	nexthop_peer_up(&a);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.2.3.2");
	/* host bits in an injected network are ignored */
	conn[0] = P("10.1.7.7/16");
	nexthop_set_connected(conn, 1);
	T_EQ_STR(best_nh(v4, "192.168.0.0/24"), "10.1.0.1");

	nexthop_free();
	locrib_free(v4);
}

/* The real interfaces: lo is up, so 127.0.0.0/8 and ::1 are connected. */
static void
test_getifaddrs(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1;
	struct xaddr		 a;

	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	a = A("127.0.0.1");
	T_EQ_INT(nexthop_reachable(&a, NULL), 1);
	a = A("127.0.0.2");
	T_EQ_INT(nexthop_reachable(&a, NULL), 1);
	/* TEST-NET-2 is on no interface of a test machine */
	a = A("198.51.100.1");
	T_EQ_INT(nexthop_reachable(&a, NULL), 0);

	mksrc(&s1, 1, "127.0.0.2");
	add(v4, "203.0.113.0/24", &s1, 100, "127.0.0.2");
	T_EQ_STR(best_nh(v4, "203.0.113.0/24"), "127.0.0.2");
	add(v4, "203.0.114.0/24", &s1, 100, "198.51.100.1");
	T_EQ_STR(best_nh(v4, "203.0.114.0/24"), "none");
	/* a rescan of unchanged interfaces changes nothing */
	nexthop_rescan();
	T_EQ_STR(best_nh(v4, "203.0.113.0/24"), "127.0.0.2");
	T_EQ_STR(best_nh(v4, "203.0.114.0/24"), "none");
	T_EQ_INT(nexthop_count(), 2);
	nexthop_free();
	T_EQ_INT(nexthop_count(), 0);
	locrib_free(v4);
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

	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	locrib_set_change_cb(v4, count_cb, NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	nexthop_set_connected(NULL, 0);
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
	nexthop_free();
	locrib_free(v4);
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
	struct xprefix		 p, conn[1];
	struct xaddr		 a;
	char			 pfx[PREFIX_STRLEN], nh[ADDR_STRLEN];
	unsigned		 i;

	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	conn[0] = P("10.0.0.0/24");
	nexthop_set_connected(conn, 1);		/* the rescan keeps these */
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
	/* a forgotten next hop comes back unreachable, then its peer up */
	add(v4, "100.0.50.0/24", &s1, 100, "198.18.0.50");
	T_EQ_INT(nexthop_count(), 12);
	T_EQ_STR(best_nh(v4, "100.0.50.0/24"), "none");
	a = A("198.18.0.50");
	nexthop_peer_up(&a);
	T_EQ_STR(best_nh(v4, "100.0.50.0/24"), "198.18.0.50");
	/* everything gone: nothing tracked */
	T_EQ_INT(locrib_flush_source(v4, &s1), 12);
	nexthop_rescan();
	T_EQ_INT(nexthop_count(), 0);
	nexthop_free();
	locrib_free(v4);
	T_EQ_INT(intern_sets(), 0);
}

static void
static_put(struct static_cfg *s, const char *pfx, const char *ifn,
    const char *nh)
{
	struct static_route	 r;

	memset(&r, 0, sizeof(r));
	r.pfx = P(pfx);
	if (ifn != NULL)
		strlcpy(r.ifname, ifn, sizeof(r.ifname));
	if (nh != NULL)
		r.nh = A(nh);
	s->af[0].present = 1;
	T_EQ_INT(static_route_put(&s->af[0], &r), 0);
}

/*
 * A next hop through a static route: reachable once the route is
 * configured (recursively through a connected network, or a Null0
 * route), unreachable again when the statics go; the best path follows.
 */
static void
test_static(void)
{
	struct locrib		*v4;
	struct locrib_source	 s1, s2;
	struct static_cfg	*st = static_cfg_new(), *st2 = static_cfg_new();
	struct xprefix		 conn[1];
	struct xaddr		 nh1 = A("203.0.113.1"), nh2 = A("192.0.2.66");

	v4 = locrib_new(AF_V4, NULL);
	T_ASSERT(v4 != NULL && st != NULL && st2 != NULL);
	T_EQ_INT(nexthop_init(v4, NULL), 0);
	conn[0] = P("10.0.0.0/24");
	nexthop_set_connected(conn, 1);
	mksrc(&s1, 1, "10.0.0.1");
	mksrc(&s2, 2, "10.0.0.2");
	add(v4, "172.16.0.0/16", &s1, 200, "203.0.113.1");
	add(v4, "172.16.0.0/16", &s2, 100, "10.0.0.2");
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	/* 203.0.113.0/24 via 10.0.0.9 (connected): the better path wins */
	static_put(st, "203.0.113.0/24", NULL, "10.0.0.9");
	nexthop_set_statics(st);
	T_EQ_INT(nexthop_reachable(&nh1, NULL), 1);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "203.0.113.1");
	/* a next hop through a Null0 route counts (RTBH) */
	T_EQ_INT(nexthop_reachable(&nh2, NULL), 0);
	static_put(st2, "192.0.2.0/24", "Null0", NULL);
	static_put(st2, "203.0.113.0/24", NULL, "198.51.100.1");
	nexthop_set_statics(st2);
	T_EQ_INT(nexthop_reachable(&nh2, NULL), 1);
	/* 203.0.113/24 now points nowhere: back to the other path */
	T_EQ_INT(nexthop_reachable(&nh1, NULL), 0);
	T_EQ_STR(best_nh(v4, "172.16.0.0/16"), "10.0.0.2");
	/* a static default route resolves no BGP next hop (XR without
	   `nexthop resolution allow-default`) */
	static_put(st2, "0.0.0.0/0", NULL, "10.0.0.9");
	nexthop_set_statics(st2);
	nh1 = A("172.31.0.1");
	T_EQ_INT(nexthop_reachable(&nh1, NULL), 0);
	nexthop_set_statics(NULL);
	T_EQ_INT(nexthop_reachable(&nh2, NULL), 0);
	nexthop_free();
	locrib_free(v4);
	static_cfg_free(st);
	static_cfg_free(st2);
	T_EQ_INT(intern_sets(), 0);
}

int
main(void)
{
	test_peer();
	test_static();
	test_connected();
	test_getifaddrs();
	test_many();
	test_sweep();
	return T_DONE();
}
