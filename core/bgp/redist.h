/*
 * redist: `redistribute static` and `redistribute connected` of the
 * global address families.  The routes enter the Loc-RIB as locally
 * originated paths (weight 32768, BGP_LOCAL_NETWORK, next hop the
 * unspecified address, ORIGIN INCOMPLETE `?`, MED from `metric`), each
 * through the configured route-policy, like `network` (originate.c).
 *
 * static: every `router static` route of the family that is usable
 * (static_route_usable(): Null0 always; an interface that is up; a next
 * hop in a connected network or resolving through another static route;
 * the interfaces as core/sys's table has them), except a default route
 * (XR needs `default-information originate`).
 * connected: the networks of the interfaces that are up (core/sys's
 * interface table), without 127.0.0.0/8, ::1 and link-local fe80::/10.
 *
 * Re-evaluated at every commit (redist_apply) and on the loop turn after
 * the interface table changed (iface_subscribe).
 */
#ifndef XR_BGP_REDIST_H
#define XR_BGP_REDIST_H

#include <stddef.h>

struct config;

/*
 * Synchronises the redistributed paths with cfg (NULL: none).  Returns
 * 0, -1 on allocation failure (logged; paths already there stay).
 */
int	 redist_apply(const struct config *cfg);
/* The same with the configuration last applied (bgp_rib.cfg). */
void	 redist_refresh(void);
/* Every redistributed path gone (router bgp removed, engine stop). */
void	 redist_clear(void);
/* Paths in the Loc-RIB from redistribution, for show bgp process. */
size_t	 redist_count(int afi);

#endif
