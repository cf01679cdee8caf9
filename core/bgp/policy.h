/*
 * policy: runs a linked route-policy (core/rpl) over the engine's
 * attributes.  The evaluator reads the path through a view (struct route
 * borrowing the set's community and large-community arrays, the AS path
 * and extended communities decoded into reusable buffers), so nothing is
 * cut short whatever the path carries, and a path the policy accepts
 * without changing keeps its interned set: no copy is made.
 */
#ifndef XR_BGP_POLICY_H
#define XR_BGP_POLICY_H

#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"
#include "core/rpl/route.h"

struct rpl_prog;

/* What the policy sees besides the attributes. */
struct bgp_pol_ctx {
	const struct xprefix	*prefix;
	struct route_peer	 peer;		/* `from NEIGHBOR` context */
	int			 path_type;	/* enum path_type */
	uint32_t		 weight;	/* the path's weight before */
	uint8_t			 rpki;		/* enum rpki_state, for
						   `validation-state is` */
	/* out: what the policy's actions set (BGP_POL_SET_*) */
	unsigned		 set;
};

#define BGP_POL_SET_NEXTHOP	0x01	/* set next-hop ADDR / self / peer */
#define BGP_POL_SET_NH_UNCHANGED 0x02	/* set next-hop unchanged */
#define BGP_POL_SET_MED		0x04
#define BGP_POL_SET_LOCAL_PREF	0x08
#define BGP_POL_SET_WEIGHT	0x10
#define BGP_POL_SET_ASPATH	0x20	/* prepend / remove / replace */
#define BGP_POL_SET_COMMUNITY	0x40	/* any of the three kinds */
#define BGP_POL_SET_ORIGIN	0x80
#define BGP_POL_SET_NH_DISCARD	0x100

#define BGP_POL_DENY	0
#define BGP_POL_PERMIT	1
#define BGP_POL_ERROR	(-1)	/* allocation failure: treat as deny, log */

/*
 * Evaluates prog (NULL: permit unchanged) over `in` for ctx->prefix.  On
 * permit *out holds one reference to an interned set: `in` itself
 * (referenced, when in is interned and the policy changed nothing) or a
 * new set built from in with the policy's changes.  ctx->set says what
 * the policy set.  Weight set by a policy is stored in the set
 * (bgp_attrs.has_weight).  *out is untouched on deny and error.
 */
int	bgp_policy_apply(const struct rpl_prog *, struct bgp_pol_ctx *ctx,
	    struct bgp_attrs *in, struct bgp_attrs **out);

/*
 * The `additional-paths selection` attach point: runs prog over the best
 * path `in` of ctx->prefix and returns what its `set path-selection`
 * chose (*sel enum route_pathsel, *flags PATHSEL_F_*; PATHSEL_NONE when
 * it set nothing or dropped the route).  The attributes are not
 * changed.  0, -1 on allocation failure.
 */
int	bgp_policy_pathsel(const struct rpl_prog *, struct bgp_pol_ctx *ctx,
	    const struct bgp_attrs *in, uint8_t *sel, uint8_t *flags);

/*
 * The `bgp dampening route-policy` attach point: runs prog over the path
 * `in` of ctx->prefix; 1 and damp[] (half-life min, reuse, suppress,
 * max-suppress min) when its `set dampening` ran, 0 when it set nothing
 * or dropped the route, -1 on allocation failure.
 */
int	bgp_policy_dampening(const struct rpl_prog *, struct bgp_pol_ctx *ctx,
	    const struct bgp_attrs *in, uint32_t damp[4]);

/*
 * Fills r as a read-only view of attrs for pfx (r must have been
 * route_init'ed; its own buffers are reused).  r borrows attrs' arrays:
 * valid while attrs lives.  Returns 0, -1 on allocation failure.
 */
int	bgp_policy_view(const struct bgp_attrs *, const struct xprefix *pfx,
	    struct route *r);

#endif
