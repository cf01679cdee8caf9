/*
 * bgp_peer_ctx: the public answer to "what session does this configured
 * neighbor run" (bgp_cfg.h), so that other subsystems need neither the
 * model nor the inheritance rules.
 */
#include <string.h>

#include "core/config/bgp_inherit.h"

int
bgp_cfg_peer_ctx(const struct bgp_cfg *b, const struct xaddr *addr,
    struct bgp_peer_ctx *ctx)
{
	const struct bgp_peer	*p;
	const struct bgp_item	*it;

	memset(ctx, 0, sizeof(*ctx));
	if (addr != NULL)
		ctx->addr = *addr;
	if (b == NULL)
		return -1;
	ctx->router_as = ctx->local_as = b->asn;
	if (b->g[BG_ROUTER_ID].set)
		ctx->router_id = b->g[BG_ROUTER_ID].n[0];
	if (addr == NULL || (p = bgp_nbr_find(b, addr)) == NULL)
		return -1;
	if ((it = bgp_eff_sitem(b, p, BS_REMOTE_AS, NULL)) != NULL &&
	    bgp_eff_on(it))
		ctx->remote_as = it->n[0];
	if ((it = bgp_eff_sitem(b, p, BS_LOCAL_AS, NULL)) != NULL &&
	    bgp_eff_on(it))
		ctx->local_as = it->n[0];
	ctx->ebgp = ctx->remote_as != 0 && ctx->remote_as != ctx->local_as;
	return 0;
}
