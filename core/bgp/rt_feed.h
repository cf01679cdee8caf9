/*
 * rt_feed: the Loc-RIBs' best paths as the routing table's (core/rt) B
 * routes, through the table's BGP view (struct rt_bgp_view): the table
 * stores no copy, it reads the Loc-RIB.  Each change of a prefix's best
 * path or multipath set (locrib's LOCRIB_CHG_BEST / LOCRIB_CHG_MULTIPATH)
 * is passed on (rt_bgp_changed) when the table wants it.  A B route is
 * an RT_SRC_BGP path: distance 20 for eBGP, 200 for iBGP (XR's defaults),
 * the next hops of the best path and the rest of the multipath set
 * (`maximum-paths`), MED as the metric, the neighbor AS (first AS of the
 * path) as XR's Tag.
 *
 * TODO: XR's `distance bgp <external> <internal> <local>` once the
 * configuration has it.
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

/* The view over these Loc-RIBs (either may be NULL) registered. */
void	 rt_feed_init(const struct locrib *v4, const struct locrib *v6);
/* The prefix's best path in rib changed: the B route follows. */
void	 rt_feed_changed(const struct locrib *rib, const struct xprefix *);
/* The view removed: every B route gone (router bgp removed, engine
 * stop). */
void	 rt_feed_clear(void);

#endif
