/*
 * nexthop: what counts as a reachable next hop, until a later issue adds
 * the kernel FIB.  A next hop is reachable when it lies in one of the
 * host's connected networks (getifaddrs(3): every address with its
 * netmask, loopback included, so 127.0.0.0/8 and ::1 are reachable),
 * resolves through a usable `router static` route other than a default
 * route (static_resolve(), Null0 included) or equals the address of an
 * Established peer; the IGP metric
 * is 0 either way.  The unspecified address (a locally originated path)
 * is reachable.  Everything else is unreachable, and such a path is not a
 * candidate for best path ("inaccessible" in show).
 *
 * The resolver keeps every next hop the Loc-RIBs use and tells them
 * (locrib_set_nexthop) when its state changes: on a peer up or down and
 * on a rescan of the interfaces (nexthop_rescan, run periodically by the
 * engine).
 */
#ifndef XR_BGP_NEXTHOP_H
#define XR_BGP_NEXTHOP_H

#include <stdint.h>

#include "core/lib/addr.h"

struct locrib;

/* The Loc-RIBs to keep informed (IPv4, IPv6; either may be NULL). */
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
/* Why nh is unreachable, for show: "not in a connected network". */
const char *nexthop_reason(const struct xaddr *nh);

/* An Established peer's address becomes (un)reachable. */
void	 nexthop_peer_up(const struct xaddr *);
void	 nexthop_peer_down(const struct xaddr *);
/*
 * Re-reads the interfaces; re-decides next hops whose state changed.
 * First forgets the tracked next hops no Loc-RIB path uses any more (a
 * walk of the paths, only when next hops were tracked or paths removed
 * or replaced since the last).
 */
void	 nexthop_rescan(void);
/* Tracked next hops, for show bgp process. */
size_t	 nexthop_count(void);

/*
 * The static routes of the applied configuration (borrowed until the next
 * call; NULL: none): a next hop that resolves through a usable static
 * route is reachable.  Re-decides the tracked next hops.
 */
struct static_cfg;
struct static_env;
void	 nexthop_set_statics(const struct static_cfg *);
/* The host as the static-route helpers see it (connected, links up). */
const struct static_env *nexthop_static_env(void);
/* Calls cb for each connected network of afi (0 IPv4, 1 IPv6). */
void	 nexthop_foreach_connected(int afi,
	    void (*cb)(const struct xprefix *, void *), void *);

/* Tests: replace the connected networks (NULL, 0: none). */
void	 nexthop_set_connected(const struct xprefix *, size_t n);

#endif
