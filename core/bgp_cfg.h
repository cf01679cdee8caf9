/*
 * bgp_cfg.h: what other subsystems may ask of the router bgp
 * configuration.  (Owner: the router bgp model, core/bgp_cfg.c.)
 */
#ifndef XR_BGP_CFG_H
#define XR_BGP_CFG_H

#include "core/config.h"

/*
 * The full typed model (items, peers, printers) is in core/bgp_model.h;
 * inheritance and provenance in core/bgp_inherit.h.
 */

/* One place a route-policy is attached. */
struct bgp_attach {
	const char	*owner_kind;	/* "neighbor", "neighbor-group", "af-group",
					   "network", "aggregate-address",
					   "redistribute", "default-originate" */
	const char	*owner;		/* "10.0.0.1", group name, prefix, ... */
	const char	*afi_safi;	/* "IPv4/uni", "IPv6/uni" */
	const char	*dir;		/* "in", "out", or "" */
	const char	*policy;	/* policy name */
	const char	*args;		/* "(10, SET)" or NULL */
};

/* Calls cb for every attach point, in canonical order. */
void	bgp_cfg_foreach_attach(const struct bgp_cfg *,
	    void (*cb)(const struct bgp_attach *, void *), void *);

#endif
