/*
 * rt: the routing table (XR's RIB), protocol-independent.  Sources offer
 * paths for prefixes: connected and local routes from the interfaces
 * (rt_connected.c) and static routes from `router static` (rt_static.c)
 * are stored here.  BGP best paths are not: the BGP Loc-RIB holds them
 * already, so BGP registers a view of it (struct rt_bgp_view,
 * core/bgp/rt_feed.c) and every query merges the view in.  Per prefix
 * the selection is the usable path of lowest administrative distance
 * (connected 0, static 1, eBGP 20, iBGP 200) among the stored paths and
 * the view's; its next hops are resolved to (gateway, interface) pairs,
 * recursively, and subscribers (the kernel FIB, next-hop tracking) are
 * told when a prefix's selection changes.
 *
 * Dependencies: rt uses core/lib, core/config (static routes) and
 * core/sys (interfaces); it never uses core/bgp (bgp feeds it and reads
 * it).
 *
 * Memory: a full BGP table costs nothing here (it stays in the Loc-RIB);
 * the stored routes are the host's and the configuration's, few.
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

/* Sources.  0, -1 on allocation failure (the table unchanged) or for
 * RT_SRC_BGP (BGP routes come through the view, below). */
int	 rt_put(const struct xprefix *, const struct rt_path *);
int	 rt_del(const struct xprefix *, enum rt_src, uint8_t distance);
void	 rt_del_src(enum rt_src);	/* every path of a source */
/*
 * Many puts and deletes as one (a configuration's static routes): the
 * recursive routes and the BGP next hops are resolved again once, at
 * rt_batch_end, rather than after each change (which is quadratic in the
 * number of recursive routes).  Nestable.  Within the batch a recursive
 * route's selection may lag; subscribers hear of the settled one.
 */
void	 rt_batch_begin(void);
void	 rt_batch_end(void);

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

/*
 * A subscriber that wants BGP routes too (the kernel FIB).  rt_subscribe
 * delivers only changes where the old or the new selection is a non-BGP
 * route; this one delivers every change, also those of BGP routes only.
 * For a BGP route the table does not keep the path it had before, so a
 * BGP old selection is given as NULL (old NULL: none, or a BGP route).
 * When a cached BGP next hop resolves differently (a non-BGP route
 * changed), every prefix whose BGP path uses it gets an event.
 */
int	 rt_subscribe_bgp(rt_change_cb, void *arg);

/*
 * The BGP view: the Loc-RIB's best paths as RT_SRC_BGP paths (distance,
 * next hops of the multipath set, MED, peer AS), read on demand, never
 * stored here.  since is loop_now() time.  Callbacks must not call back
 * into the table.
 */
typedef int	(*rt_bgp_walk_cb)(const struct xprefix *,
		    const struct rt_path *, double since, void *);
struct rt_bgp_view {
	/* the best path of exactly pfx: 0 (*p, *since filled), -1 none */
	int	(*exact)(const struct xprefix *pfx, struct rt_path *p,
		    double *since, void *arg);
	/* the longest prefix with a path covering a: 0 (*pfx, *p, *since
	 * filled), -1 none */
	int	(*match)(const struct xaddr *a, struct xprefix *pfx,
		    struct rt_path *p, double *since, void *arg);
	/* every path of af in XR's order (address, then length); cb
	 * returns non-zero to stop; the walk returns it */
	int	(*walk)(uint8_t af, rt_bgp_walk_cb cb, void *cbarg,
		    void *arg);
	/* how many prefixes of af have a path */
	size_t	(*count)(uint8_t af, void *arg);
	/* every prefix whose path has one of gw[0..n-1] (sorted by
	 * addr_cmp, no duplicates) among its next hops, once; hits[i]
	 * counts the prefixes using gw[i].  It may walk the whole table,
	 * once for all the next hops that moved: it runs when IGP routes
	 * move, rarely */
	void	(*walk_nexthops)(const struct xaddr *gw, size_t n,
		    size_t *hits, int (*cb)(const struct xprefix *, void *),
		    void *cbarg, void *arg);
};

/* Registers (NULL: removes) the view; BGP subscribers are told of the
 * routes that come or go with it.  The view struct must outlive it.  It
 * is a registration, not table content: it may come before rt_init and
 * stays across rt_free. */
void	 rt_set_bgp_view(const struct rt_bgp_view *, void *arg);
/* Whether rt_bgp_changed has any work: a BGP subscriber, or a stored
 * route a BGP path could win against.  One test per BGP change. */
int	 rt_bgp_wanted(void);
/* The view's path for pfx changed (new, gone, other content). */
void	 rt_bgp_changed(const struct xprefix *pfx);

#endif
