/*
 * rpki_cfg: the RPKI part of `router bgp` (XR's `rpki server <host>`
 * sub-mode and the static `rpki route` lines) as the engine needs it.
 * The model itself lives in struct bgp_cfg (bgp_model.h); these turn it
 * into the RTR client's server list (core/bgp/rtr.h) and walk the static
 * VRPs, so core/bgp never reads the configuration's structures directly.
 */
#ifndef XR_CONFIG_RPKI_CFG_H
#define XR_CONFIG_RPKI_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/rtr.h"
#include "core/lib/addr.h"

struct bgp_cfg;

/* The configured servers in the running configuration's order (by
   address), at most max of them; returns how many were written.  cfg
   NULL: none.  Unset timers and preference are XR's defaults
   (BGP_RPKI_*_DFLT); port 0 only for a server that is shut down (a
   commit refuses any other server without transport, and host names). */
size_t	 rpki_cfg_servers(const struct bgp_cfg *, struct rtr_server_cfg *out,
	    size_t max);
/* Each `rpki route <prefix> max <len> origin <asn>` in order (prefix,
   max length, origin); cb returns non-zero to stop (that value is
   returned). */
int	 rpki_cfg_foreach_route(const struct bgp_cfg *, int (*cb)(
	    const struct xprefix *, uint8_t maxlen, uint32_t asn, void *),
	    void *arg);

/*
 * The origin-validation knobs of an address family (enum bgp_afi) as the
 * RIB needs them: validation on with `bgp origin-as validation enable`
 * in that address family; `bgp bestpath origin-as use validity` and
 * `... allow invalid` on when given in the address family or under
 * router bgp.  cfg NULL: all off.
 */
int	 rpki_cfg_validation(const struct bgp_cfg *, int afi);
int	 rpki_cfg_use_validity(const struct bgp_cfg *, int afi);
int	 rpki_cfg_allow_invalid(const struct bgp_cfg *, int afi);

#endif
