/*
 * rib_query: the read-only view of the routing tables that the show
 * commands use (rib_query.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/originate.h"
#include "core/bgp/policy.h"
#include "core/bgp/rib_query.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/config/bgp_model.h"
#include "core/rpl/rpl_eval.h"

const struct locrib *
bgp_rib_table(int afi)
{
	if (afi < 0 || afi > 1)
		return NULL;
	return bgp_rib.loc[afi];
}

const struct bgp_decide_cfg *
bgp_rib_decide_cfg(void)
{
	return &bgp_rib.dcfg;
}

const struct bgp_decide_cfg *
bgp_rib_decide_cfg_af(int afi)
{
	if (afi < 0 || afi > 1)
		return &bgp_rib.dcfg;
	return &bgp_rib.dcfg_af[afi];
}

uint32_t
bgp_rib_router_id(void)
{
	return bgpe.router_id;
}

uint32_t
bgp_rib_local_as(void)
{
	return bgpe.asn;
}

void
bgp_rib_path_src(const struct locrib_path *p, const struct xprefix *pfx,
    struct bgp_path_src *out)
{
	const struct locrib_source	*s = p->src;
	const struct peer		*peer = s->owner;
	int				 afi;

	memset(out, 0, sizeof(*out));
	out->local = s->local;
	out->ebgp = s->ebgp;
	out->confed_ebgp = s->confed_ebgp;
	out->peer_addr = s->peer_addr;
	out->peer_router_id = s->peer_router_id;
	out->rcvd_path_id = s->path_id;
	out->local_path_id = s->local_id;
	if (peer != NULL) {
		out->peer_as = peer->conf.remote_as;
		afi = peer_afi_of(&pfx->addr);
		if (afi >= 0)
			out->rr_client = peer->conf.af[afi].rr_client;
	}
}

int
bgp_rib_path_addpath_advertised(const struct locrib_path *p,
    const struct xprefix *pfx)
{
	int	 afi = peer_afi_of(&pfx->addr);

	return afi >= 0 && updgroup_ap_advertised(afi, pfx, p->src->local_id);
}

const char *
bgp_rib_path_invalid(const struct locrib_path *p)
{
	if (p->nh_reachable)
		return NULL;
	return nexthop_reason(&p->attrs->nexthop);
}

static struct peer *
nbr(const struct xaddr *a)
{
	if (!bgpe.started)
		return NULL;
	return engine_peer_find(a);
}

const struct locrib_source *
bgp_rib_nbr_source(const struct xaddr *a, int afi)
{
	struct peer	*p;

	if (afi < 0 || afi > 1 || (p = nbr(a)) == NULL)
		return NULL;
	return p->ra[afi].src;
}

int
bgp_rib_suppressed(const struct xprefix *pfx)
{
	int	 afi = peer_afi_of(&pfx->addr);

	return afi >= 0 && originate_suppressed(afi, pfx);
}

size_t
bgp_rib_nbr_bestpaths(const struct xaddr *a, int afi)
{
	const struct locrib_source	*src;
	const struct locrib_entry	*e;
	const struct locrib_path	*b;
	struct pfxtable_cursor		 cur;
	size_t				 n = 0;

	if ((src = bgp_rib_nbr_source(a, afi)) == NULL ||
	    bgp_rib.loc[afi] == NULL)
		return 0;
	locrib_cursor_init(&cur, NULL);
	while (locrib_cursor_next(bgp_rib.loc[afi], &cur, &e))
		if ((b = locrib_entry_best(e)) != NULL && (b->src == src ||
		    b->src->parent == src))
			n++;
	return n;
}

int
bgp_rib_nbr_known(const struct xaddr *a)
{
	return nbr(a) != NULL;
}

/* adjrib's callback also gets the stale flags: adapt */
struct fwd {
	int	(*cb)(const struct xprefix *, const struct bgp_attrs *,
		    void *);
	void	*arg;
};

static int
fwd_one(const struct xprefix *pfx, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	struct fwd	*fw = arg;

	(void)flags;
	return fw->cb(pfx, a, fw->arg);
}

int
bgp_rib_nbr_received_foreach(const struct xaddr *a, int afi,
    int (*cb)(const struct xprefix *, const struct bgp_attrs *, void *),
    void *arg)
{
	struct peer	*p;
	struct fwd	 fw;

	if (afi < 0 || afi > 1 || (p = nbr(a)) == NULL ||
	    !p->conf.af[afi].soft_reconf)
		return -1;
	fw.cb = cb;
	fw.arg = arg;
	adjrib_foreach(&p->rib[afi], fwd_one, &fw);
	return 0;
}

long
bgp_rib_nbr_received_count(const struct xaddr *a, int afi)
{
	struct peer	*p;

	if (afi < 0 || afi > 1 || (p = nbr(a)) == NULL ||
	    !p->conf.af[afi].soft_reconf)
		return -1;
	return (long)adjrib_count(&p->rib[afi]);
}

int
bgp_rib_nbr_advertised_foreach(const struct xaddr *a, int afi,
    int (*cb)(const struct xprefix *, const struct bgp_attrs *, void *),
    void *arg)
{
	struct peer	*p;

	if (afi < 0 || afi > 1 || (p = nbr(a)) == NULL)
		return -1;
	return updgroup_adjout_foreach(p, afi, cb, arg);
}

int
bgp_rib_policy_eval(const char *policy, const struct xprefix *pfx,
    const struct locrib_path *path, struct bgp_attrs **out, char *err,
    size_t errlen)
{
	struct rpl_prog		*prog = NULL;
	struct bgp_pol_ctx	 ctx;
	const struct peer	*peer = path->src->owner;
	char			 name[128];
	char			*args = NULL;
	int			 rc;

	if (bgp_rib.rpl == NULL) {
		snprintf(err, errlen, "%% Policy %s is not defined", policy);
		return -1;
	}
	if (bgp_policy_split(policy, name, sizeof(name), &args) == -1 ||
	    rpl_link(bgp_rib.rpl, name, args, &prog, err, errlen) == -1) {
		free(args);
		if (err[0] == '\0')
			snprintf(err, errlen, "%% Policy %s is not defined",
			    policy);
		return -1;
	}
	free(args);
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	if (peer != NULL)
		rib_peer_route_ctx(peer, &ctx.peer);
	ctx.path_type = path->src->local != BGP_LOCAL_NONE ? PATH_LOCAL :
	    path->src->ebgp ? PATH_EBGP : PATH_IBGP;
	ctx.weight = path->attrs->has_weight ? path->attrs->weight :
	    path->src->weight;
	rc = bgp_policy_apply(prog, &ctx, path->attrs, out);
	rpl_prog_free(prog);
	if (rc == BGP_POL_ERROR) {
		snprintf(err, errlen, "%% Out of memory");
		return -1;
	}
	return rc == BGP_POL_PERMIT;
}

uint64_t
bgp_rib_memory_total(void)
{
	struct peer	*p;
	uint64_t	 n = 0;
	size_t		 sets, set_bytes, table_bytes;
	int		 afi;

	for (afi = 0; afi < 2; afi++)
		if (bgp_rib.loc[afi] != NULL)
			n += locrib_memory(bgp_rib.loc[afi]);
	bgp_attrs_intern_totals(&sets, &set_bytes, &table_bytes);
	n += set_bytes + table_bytes;
	if (bgpe.started)
		RB_FOREACH(p, peer_tree, &bgpe.peers)
			for (afi = 0; afi < PEER_NAF; afi++)
				n += adjrib_memory(&p->rib[afi]);
	return n + updgroup_memory();
}

void
bgp_rib_memory(struct bgp_rib_mem *m)
{
	struct bgp_attrs_intern_stats	 st;
	struct peer			*p;
	int				 afi;

	memset(m, 0, sizeof(*m));
	for (afi = 0; afi < 2; afi++) {
		if (bgp_rib.loc[afi] == NULL)
			continue;
		m->prefixes[afi] = locrib_count_prefixes(bgp_rib.loc[afi]);
		m->paths[afi] = locrib_count_paths(bgp_rib.loc[afi]);
		m->locrib_bytes[afi] = locrib_memory(bgp_rib.loc[afi]);
	}
	bgp_attrs_intern_stats(&st, 0);
	m->attr_sets = st.sets;
	m->attr_bytes = st.bytes + st.table_bytes;
	m->attr_refs = st.refs;
	m->attr_set_bytes = st.bytes;
	m->attr_table_bytes = st.table_bytes;
	if (bgpe.started)
		RB_FOREACH(p, peer_tree, &bgpe.peers)
			for (afi = 0; afi < PEER_NAF; afi++) {
				m->adjin_prefixes += adjrib_count(&p->rib[afi]);
				m->adjin_bytes += adjrib_memory(&p->rib[afi]);

			}
	m->adjout_bytes = updgroup_memory();
	m->updgroups = updgroup_count();
	m->nexthops = nexthop_count();
}
