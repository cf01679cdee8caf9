/*
 * rt_feed: the Loc-RIBs' best paths into the routing table (core/rt) as
 * B routes.  Each change of a prefix's best path or multipath set
 * (locrib's LOCRIB_CHG_BEST / LOCRIB_CHG_MULTIPATH) puts or removes one
 * RT_SRC_BGP path: distance 20 for eBGP, 200 for iBGP (XR's defaults),
 * the next hops of the best path and the rest of the multipath set
 * (`maximum-paths`), MED as the metric, the neighbor AS (first AS of the
 * path) as XR's Tag.
 *
 * TODO: XR's `distance bgp <external> <internal> <local>` once the
 * configuration has it (a change would re-put every B route).
 *
 * Locally originated paths (network, redistribute: no next hop) are not
 * put into the RIB: the RIB has the route they come from already, and XR
 * shows B only for learned routes.  An aggregate-address that is best is
 * put as XR does: towards Null0, at the local distance 200.
 */
#ifndef XR_BGP_RT_FEED_H
#define XR_BGP_RT_FEED_H

#include <stdint.h>

#include "core/lib/addr.h"

struct locrib;

/* The prefix's best path in rib changed: the B route follows. */
void	 rt_feed_changed(const struct locrib *rib, const struct xprefix *);
/* Every B route gone (router bgp removed, engine stop). */
void	 rt_feed_clear(void);

#endif
