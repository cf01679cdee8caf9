/*
 * originate: the routes this router originates itself, IPv4 and IPv6:
 * `network` statements (with their route-policy) and `aggregate-address`
 * (as-set, summary-only, route-policy).  They enter the Loc-RIB as paths
 * from local sources (weight 32768, BGP_LOCAL_NETWORK / _AGGREGATE,
 * next hop the unspecified address, ORIGIN IGP for network,
 * INCOMPLETE... as XR: aggregates IGP unless as-set merges origins).
 *
 * network: originated as configured (there is no IGP/RIB here to require
 * the prefix in, unlike XR: a later issue adds the kernel RIB).
 * aggregate: present while at least one more specific path (from any
 * source but the aggregate itself) is in the Loc-RIB; ATOMIC_AGGREGATE
 * unless as-set, AGGREGATOR our AS and router ID; as-set builds an
 * AS_SET of the contributors' ASNs and carries their communities;
 * summary-only suppresses the contributors on export (originate_suppressed)
 * ("s" status code in show bgp).
 */
#ifndef XR_BGP_ORIGINATE_H
#define XR_BGP_ORIGINATE_H

#include <stdint.h>

#include "core/lib/addr.h"

struct bgp_cfg;
struct rpl_db;

/*
 * Synchronises the originated routes with a committed configuration:
 * adds, changes and removes local paths in bgp_rib.loc[].  Policies are
 * linked against rpl; a network whose policy drops it is not originated.
 * Returns 0, -1 on allocation failure (logged).
 */
int	 originate_apply(const struct bgp_cfg *, const struct rpl_db *);
/* Every originated route gone (router bgp removed, engine stop). */
void	 originate_clear(void);
/*
 * A Loc-RIB change (called from the change callback, which must not
 * change the Loc-RIB: aggregates covering pfx are re-evaluated a moment
 * later, from a zero timer).
 */
void	 originate_locrib_change(int afi, const struct xprefix *pfx);
/* 1 if pfx is a contributor suppressed by a summary-only aggregate. */
int	 originate_suppressed(int afi, const struct xprefix *pfx);
/* Counts for show bgp process. */
size_t	 originate_count(int afi);

#endif
