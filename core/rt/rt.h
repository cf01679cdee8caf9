/*
 * rt: the routing table (XR's RIB), protocol-independent.  Sources offer
 * paths for prefixes: connected and local routes from the interfaces
 * (rt_connected.c), static routes from `router static` (rt_static.c) and
 * the BGP best paths (core/bgp/rt_feed.c).  Per prefix the table selects
 * the usable path of lowest administrative distance (connected 0, static
 * 1, eBGP 20, iBGP 200), resolves its next hops to (gateway, interface)
 * pairs, recursively, and tells subscribers (the kernel FIB, next-hop
 * tracking) when a prefix's selection changes.
 *
 * Dependencies: rt uses core/lib, core/config (static routes) and
 * core/sys (interfaces); it never uses core/bgp (bgp feeds it and reads
 * it).
 *
 * Memory: a full BGP table passes through here, so a route is small: one
 * path inline per prefix in the common case, the next-hop set interned
 * and shared (a million routes over two peers hold two next-hop sets).
 */
#ifndef XR_RT_RT_H
#define XR_RT_RT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"

enum rt_src {
	RT_SRC_CONNECTED = 0,	/* C */
	RT_SRC_LOCAL,		/* L: the interface address itself */
	RT_SRC_STATIC,		/* S */
	RT_SRC_BGP,		/* B */
	RT_SRC_COUNT
};

#define RT_DIST_CONNECTED	0
#define RT_DIST_STATIC		1
#define RT_DIST_EBGP		20
#define RT_DIST_IBGP		200

#define RT_NH_MAX		16	/* next hops of one path (ECMP) */

struct rt_nh {
	struct xaddr	 gw;		/* af 0: none (directly on ifindex) */
	int		 ifindex;	/* 0: not given, resolve gw */
	uint8_t		 blackhole;	/* Null0: neither gw nor ifindex */
};

/* What a source offers for a prefix.  (prefix, src, distance) is the
 * key: static lines of one distance are one ECMP path, a floating static
 * of a higher distance is another. */
struct rt_path {
	enum rt_src	 src;
	uint8_t		 distance;
	uint32_t	 metric;
	uint32_t	 tag;		/* static `tag`; B: 0 */
	uint8_t		 ibgp;		/* B: internal */
	uint32_t	 peer_as;	/* B: neighbor AS (XR shows it as Tag) */
	size_t		 nnh;
	struct rt_nh	 nh[RT_NH_MAX];
};

/* A resolved next hop: what the kernel is given. */
struct rt_fwd {
	struct xaddr	 gw;		/* af 0: directly connected */
	int		 ifindex;	/* 0 only for a blackhole */
	uint8_t		 blackhole;
};

/* The selected route of a prefix, as shown and as the FIB installs. */
struct rt_sel {
	const struct xprefix *pfx;
	const struct rt_path *path;	/* the selected path as offered */
	size_t		 nfwd;
	const struct rt_fwd *fwd;	/* its next hops resolved */
	uint32_t	 igp_metric;	/* metric of the resolving route(s) */
	double		 since;		/* loop_now() when selected */
	time_t		 since_wall;
};

int	 rt_init(void);			/* idempotent; -1 on allocation */
void	 rt_free(void);			/* everything, no events */

/* Sources.  0, -1 on allocation failure (the table unchanged). */
int	 rt_put(const struct xprefix *, const struct rt_path *);
int	 rt_del(const struct xprefix *, enum rt_src, uint8_t distance);
void	 rt_del_src(enum rt_src);	/* every path of a source */

/* The selected route; 0 found (*out filled, valid until the next
 * write), -1 none.  rt_match: longest match for an address. */
int	 rt_exact(const struct xprefix *, struct rt_sel *out);
int	 rt_match(const struct xaddr *, struct rt_sel *out);

/*
 * Next-hop resolution as BGP needs it: the longest match for gw among
 * selected routes that are not BGP routes and not a default route, its
 * next hops resolved recursively.  1 reachable (*out, if not NULL,
 * filled with the match), 0 not.
 */
int	 rt_resolve_nexthop(const struct xaddr *gw, struct rt_sel *out);

/* Every selected route of af (AF_V4, AF_V6), in XR's order (address,
 * then length); cb returns non-zero to stop. */
void	 rt_walk(uint8_t af, int (*cb)(const struct rt_sel *, void *),
	    void *arg);
/* Counts of selected routes by source, for show route summary. */
void	 rt_counts(uint8_t af, size_t counts[RT_SRC_COUNT]);
/* Bytes one selected route of af holds (entry and index), for the
 * summary's Memory column; interned sets are shared and not counted. */
size_t	 rt_route_bytes(uint8_t af);

/*
 * Change notification: cb runs after a prefix's selection changed (new,
 * gone, another path, other next hops).  old/new NULL when there was
 * none / is none; only valid during the call.  A handle >= 0, or -1.
 * A callback must not write to the table (rt_put, rt_del): defer that
 * (a zero-second loop timer), as the table may be mid-way through
 * re-resolving.
 */
typedef void	(*rt_change_cb)(const struct xprefix *,
		    const struct rt_sel *old, const struct rt_sel *new,
		    void *arg);
int	 rt_subscribe(rt_change_cb, void *arg);
void	 rt_unsubscribe(int handle);

#endif
