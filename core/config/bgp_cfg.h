/*
 * bgp_cfg.h: what other subsystems may ask of the router bgp
 * configuration.  (Owner: the router bgp model, core/bgp_cfg.c.)
 */
#ifndef XR_BGP_CFG_H
#define XR_BGP_CFG_H

#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

struct bgp_cfg;
struct rpl_db;

/*
 * The full typed model (items, peers, printers) is in core/bgp_model.h;
 * inheritance and provenance in core/bgp_inherit.h.
 */

/* One place a route-policy is attached. */
struct bgp_attach {
	const char	*owner_kind;	/* "neighbor", "neighbor-group", "af-group",
					   "network", "aggregate-address",
					   "redistribute", "default-originate",
					   "additional-paths selection" */
	const char	*owner;		/* "10.0.0.1", group name, prefix, ... */
	const char	*afi_safi;	/* "IPv4/uni", "IPv6/uni" */
	const char	*dir;		/* "in", "out", or "" */
	const char	*policy;	/* policy name */
	const char	*args;		/* "(10, SET)" or NULL */
};

/* Calls cb for every attach point, in canonical order. */
void	bgp_cfg_foreach_attach(const struct bgp_cfg *,
	    void (*cb)(const struct bgp_attach *, void *), void *);

/*
 * The session a configured neighbor runs, as the engine sees it: its
 * effective values after inheritance.  local_as is the neighbor's
 * `local-as` when one is in effect, else the router's AS; ebgp is 1 when
 * the remote AS differs from that local AS.
 */
struct bgp_peer_ctx {
	struct xaddr	 addr;
	uint32_t	 remote_as;	/* 0: none configured */
	uint32_t	 local_as;
	uint32_t	 router_as;	/* `router bgp <asn>` */
	uint32_t	 router_id;	/* host order; 0: not configured */
	int		 ebgp;
};
/*
 * 0 with *ctx filled when addr is a configured neighbor; -1 when it is not
 * (or b is NULL), ctx then holding only the router's values (local_as =
 * router_as, router_id) and remote_as 0.
 */
int	bgp_cfg_peer_ctx(const struct bgp_cfg *, const struct xaddr *,
	    struct bgp_peer_ctx *);

struct bgp_cfg	*bgp_cfg_dup(const struct bgp_cfg *);
void		 bgp_cfg_free(struct bgp_cfg *);
int		 bgp_cfg_print(const struct bgp_cfg *, struct strbuf *);
/* checks router bgp, including that attached policies resolve in rpl */
int		 bgp_cfg_validate(const struct bgp_cfg *, const struct rpl_db *,
		    struct cfg_errors *);

#endif
