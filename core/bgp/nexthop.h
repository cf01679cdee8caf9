/*
 * nexthop: next-hop tracking through the routing table (core/rt).  A
 * next hop is reachable when it resolves through the RIB
 * (rt_resolve_nexthop: the longest match among selected routes that are
 * neither BGP routes nor a default route, recursively; connected and
 * local routes, statics including Null0), with the IGP metric of the
 * resolving route for the IGP-metric step of best path.  The unspecified
 * address (a locally originated path) is reachable at metric 0.  Such a
 * next hop is otherwise not a candidate for best path ("inaccessible" in
 * show).
 *
 * While the RIB has no connected route of a family (no interface table:
 * not Linux, or rtnetlink unavailable), the address of an Established
 * peer counts as reachable too, as before the RIB existed; once the
 * interfaces are known the RIB alone decides, so that a link going down
 * invalidates the paths through it at once, not when the session's hold
 * timer ends.
 *
 * The resolver keeps every next hop the Loc-RIBs use and tells them
 * (locrib_set_nexthop) when its state or metric changes: a change of a
 * selected non-BGP route in the RIB (rt_subscribe) re-decides the tracked
 * next hops on a 0-second timer, so a burst of changes (a link down
 * takes its connected, local and static routes) is one pass.
 */
#ifndef XR_BGP_NEXTHOP_H
#define XR_BGP_NEXTHOP_H

#include <stdint.h>

#include "core/lib/addr.h"

struct locrib;

/* The Loc-RIBs to keep informed (IPv4, IPv6; either may be NULL).
   Initialises the RIB (rt_init) and subscribes to it.  0, -1. */
int	 nexthop_init(struct locrib *v4, struct locrib *v6);
void	 nexthop_free(void);

/*
 * Called before a path through nh enters a Loc-RIB: if nh is new, works
 * out its state and tells the Loc-RIB without walking it (no path uses
 * nh yet).  0, -1 on allocation failure.
 */
int	 nexthop_track(const struct xaddr *nh);
/* 1 reachable (and *metric), 0 not; an untracked nh is looked up. */
int	 nexthop_reachable(const struct xaddr *nh, uint32_t *metric);
/* Why nh is unreachable, for show; NULL if it is reachable. */
const char *nexthop_reason(const struct xaddr *nh);

/* An Established peer's address becomes (un)reachable (see above). */
void	 nexthop_peer_up(const struct xaddr *);
void	 nexthop_peer_down(const struct xaddr *);
/*
 * Re-decides every tracked next hop now (what the timer does after a RIB
 * change; tests call it instead of running the loop).  First forgets the
 * tracked next hops no Loc-RIB path uses any more (a walk of the
 * interned attribute sets, only when next hops were tracked or paths
 * removed or replaced since the last): the engine runs it periodically.
 */
void	 nexthop_rescan(void);
/* Tracked next hops, for show bgp process. */
size_t	 nexthop_count(void);

#endif
