/*
 * originate: `network` statements and the module's lifetime (apply,
 * clear, the Loc-RIB change hook, the aggregate timer).  Aggregates are
 * evaluated in originate_agg.c.
 *
 * Idempotence comes from the Loc-RIB: a network's attributes are rebuilt
 * and interned on every apply, and locrib_update() with the interned set
 * the path already holds changes nothing and fires no callback, so a
 * re-applied identical configuration causes no churn while a changed
 * policy (or a redefined set it uses) takes effect.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/bgp/originate.h"
#include "core/bgp/originate_int.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/config/bgp_model.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl_eval.h"

struct orig_state	 orig;

int
orig_family(int afi)
{
	return afi == BGP_AFI_V6 ? AF_V6 : AF_V4;
}

int
orig_pfx_cmp(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

static void
orig_sources_init(void)
{
	struct locrib_source	*s[2] = { &orig.src_net, &orig.src_agg };
	int			 i;

	for (i = 0; i < 2; i++) {
		memset(s[i], 0, sizeof(*s[i]));
		s[i]->weight = BGP_WEIGHT_LOCAL;
		s[i]->local = i == 0 ? BGP_LOCAL_NETWORK : BGP_LOCAL_AGGREGATE;
		s[i]->peer_router_id = bgpe.router_id;
		s[i]->owner = NULL;
	}
}

/* The state of afi, forgotten if its Loc-RIB is not the current one. */
static struct orig_af *
orig_af_sync(int afi)
{
	struct orig_af	*af = &orig.af[afi];
	size_t		 i;

	if (af->loc == bgp_rib.loc[afi])
		return af;
	/* The old Loc-RIB and our paths in it are gone: nothing to withdraw. */
	for (i = 0; i < af->nagg; i++)
		rpl_prog_free(af->agg[i].prog);
	free(af->agg);
	free(af->net);
	memset(af, 0, sizeof(*af));
	af->loc = bgp_rib.loc[afi];
	return af;
}

/*
 * The attributes of network pfx after its policy: one interned
 * reference, or NULL when the policy drops it (or on failure, *err set).
 */
static struct bgp_attrs *
net_attrs(int afi, const struct bgp_network *n, const struct rpl_db *rpl,
    int *err)
{
	struct bgp_attrs	*a, *in, *out = NULL;
	struct rpl_prog		*prog = NULL;
	struct bgp_pol_ctx	 ctx;
	char			 ebuf[256], pbuf[PREFIX_STRLEN];
	int			 r;

	if ((a = bgp_attrs_new()) == NULL) {
		*err = 1;
		return NULL;
	}
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	a->origin = BGP_ORIGIN_IGP;
	a->nexthop.af = orig_family(afi);
	/* IPv6 next hops travel in MP_REACH_NLRI, which has no bit. */
	if (afi == BGP_AFI_V4)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	if ((in = bgp_attrs_intern(a)) == NULL) {
		bgp_attrs_unref(a);
		*err = 1;
		return NULL;
	}
	if (n->policy == NULL)
		return in;

	prefix_format(&n->pfx, pbuf, sizeof(pbuf));
	if (rpl == NULL || rpl_link(rpl, n->policy, n->args, &prog, ebuf,
	    sizeof(ebuf)) == -1) {
		log_warnx("bgp: network %s: route-policy %s: %s, not "
		    "originated", pbuf, n->policy,
		    rpl == NULL ? "no policies" : ebuf);
		bgp_attrs_unref(in);
		return NULL;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = &n->pfx;
	ctx.path_type = PATH_LOCAL;
	ctx.weight = BGP_WEIGHT_LOCAL;
	r = bgp_policy_apply(prog, &ctx, in, &out);
	rpl_prog_free(prog);
	bgp_attrs_unref(in);
	if (r == BGP_POL_ERROR) {
		log_warnx("bgp: network %s: route-policy %s failed (out of "
		    "memory)", pbuf, n->policy);
		*err = 1;
		return NULL;
	}
	return r == BGP_POL_PERMIT ? out : NULL;
}

static int
net_apply(int afi, struct orig_af *af, const struct bgp_gaf *gaf,
    const struct rpl_db *rpl)
{
	struct orig_net		*nn = NULL, *o;
	const struct locrib_entry *e;
	struct bgp_attrs	*a;
	size_t			 i, n = 0, cnt = gaf->present ? gaf->nnet : 0;
	int			 err = 0, ret = 0;
	double			 now = loop_now();

	if (cnt > 0 && (nn = calloc(cnt, sizeof(*nn))) == NULL) {
		log_warnx("bgp: network: out of memory");
		return -1;
	}
	for (i = 0; i < cnt; i++) {
		const struct bgp_network *cn = &gaf->net[i];

		if (cn->pfx.addr.af != orig_family(afi))
			continue;
		nn[n].pfx = cn->pfx;
		err = 0;
		a = net_attrs(afi, cn, rpl, &err);
		if (err)
			ret = -1;
		if (a != NULL && locrib_update(af->loc, &cn->pfx,
		    &orig.src_net, a, now) == -1)
			ret = -1;
		if (a == NULL && !err)
			locrib_withdraw(af->loc, &cn->pfx, &orig.src_net);
		/* On failure the path already there, if any, stays. */
		e = locrib_lookup(af->loc, &cn->pfx);
		nn[n].active = e != NULL &&
		    locrib_entry_path_from(e, &orig.src_net) != NULL;
		n++;
	}
	if (n > 1)
		qsort(nn, n, sizeof(*nn), orig_pfx_cmp);
	/* Statements removed from the configuration. */
	for (i = 0; i < af->nnet; i++) {
		if (!af->net[i].active)
			continue;
		o = n > 0 ? bsearch(&af->net[i].pfx, nn, n, sizeof(*nn),
		    orig_pfx_cmp) : NULL;
		if (o == NULL)
			locrib_withdraw(af->loc, &af->net[i].pfx,
			    &orig.src_net);
	}
	free(af->net);
	af->net = nn;
	af->nnet = n;
	return ret;
}

/* Links the aggregates' policies; the state of kept ones carries over. */
static int
agg_apply(int afi, struct orig_af *af, const struct bgp_gaf *gaf,
    const struct rpl_db *rpl)
{
	struct orig_agg		*na = NULL, *oldv, *o;
	size_t			 i, n = 0, oldn, cnt = gaf->present ? gaf->nagg : 0;
	char			 ebuf[256], pbuf[PREFIX_STRLEN];

	if (cnt > 0 && (na = calloc(cnt, sizeof(*na))) == NULL) {
		log_warnx("bgp: aggregate-address: out of memory");
		return -1;
	}
	for (i = 0; i < cnt; i++) {
		const struct bgp_aggregate *ca = &gaf->agg[i];

		if (ca->pfx.addr.af != orig_family(afi))
			continue;
		na[n].pfx = ca->pfx;
		na[n].flags = ca->flags;
		if (ca->policy != NULL && (rpl == NULL || rpl_link(rpl,
		    ca->policy, ca->args, &na[n].prog, ebuf,
		    sizeof(ebuf)) == -1)) {
			prefix_format(&ca->pfx, pbuf, sizeof(pbuf));
			log_warnx("bgp: aggregate-address %s: route-policy "
			    "%s: %s, not originated", pbuf, ca->policy,
			    rpl == NULL ? "no policies" : ebuf);
			na[n].prog = NULL;
			na[n].bad_policy = 1;
		}
		n++;
	}
	if (n > 1)
		qsort(na, n, sizeof(*na), orig_pfx_cmp);
	for (i = 0; i < n; i++) {
		o = af->nagg > 0 ? bsearch(&na[i].pfx, af->agg, af->nagg,
		    sizeof(*af->agg), orig_pfx_cmp) : NULL;
		if (o != NULL) {
			na[i].active = o->active;
			na[i].suppressing = o->suppressing;
		}
	}
	/*
	 * Swap first: the export a removed aggregate's contributors are
	 * recomputed with must already see it gone.
	 */
	oldv = af->agg;
	oldn = af->nagg;
	af->agg = na;
	af->nagg = n;
	af->nsuppressing = 0;
	for (i = 0; i < n; i++)
		if (na[i].suppressing)
			af->nsuppressing++;
	for (i = 0; i < oldn; i++) {
		o = n > 0 ? bsearch(&oldv[i].pfx, na, n, sizeof(*na),
		    orig_pfx_cmp) : NULL;
		if (o == NULL)
			orig_agg_remove(afi, &oldv[i]);
		rpl_prog_free(oldv[i].prog);
	}
	free(oldv);
	return 0;
}

int
originate_apply(const struct bgp_cfg *cfg, const struct rpl_db *rpl)
{
	struct orig_af	*af;
	int		 afi, ret = 0;

	if (cfg == NULL) {
		originate_clear();
		return 0;
	}
	/* A source's fields may only change with none of its paths left. */
	if (orig.src_net.weight == 0 ||
	    orig.src_net.peer_router_id != bgpe.router_id) {
		originate_clear();
		orig_sources_init();
	}
	for (afi = 0; afi < 2; afi++) {
		af = orig_af_sync(afi);
		if (af->loc == NULL)
			continue;
		if (net_apply(afi, af, &cfg->af[afi], rpl) == -1)
			ret = -1;
		if (agg_apply(afi, af, &cfg->af[afi], rpl) == -1)
			ret = -1;
		/* Policies, flags and AGGREGATOR may have changed: all. */
		if (orig_agg_eval_all(afi, 0) == -1)
			ret = -1;
	}
	return ret;
}

void
originate_clear(void)
{
	struct orig_af	*af;
	size_t		 i;
	int		 afi;

	for (afi = 0; afi < 2; afi++) {
		af = orig_af_sync(afi);
		if (af->loc != NULL) {
			for (i = 0; i < af->nnet; i++)
				if (af->net[i].active)
					locrib_withdraw(af->loc,
					    &af->net[i].pfx, &orig.src_net);
		}
		free(af->net);
		af->net = NULL;
		af->nnet = 0;
		/* Withdraw aggregates one by one, the array staying valid. */
		for (i = 0; i < af->nagg; i++) {
			if (af->loc != NULL)
				orig_agg_remove(afi, &af->agg[i]);
			rpl_prog_free(af->agg[i].prog);
			af->agg[i].prog = NULL;
		}
		free(af->agg);
		af->agg = NULL;
		af->nagg = 0;
		af->nsuppressing = 0;
	}
	/* Last: the withdrawals above may have scheduled it. */
	loop_timer_cancel(orig.timer);
	orig.timer = NULL;
}

static void
orig_timer_cb(void *arg)
{
	int	 afi;

	(void)arg;
	orig.timer = NULL;
	for (afi = 0; afi < 2; afi++) {
		if (orig.af[afi].loc != bgp_rib.loc[afi] ||
		    orig.af[afi].loc == NULL)
			continue;
		(void)orig_agg_eval_all(afi, 1);
	}
}

void
originate_locrib_change(int afi, const struct xprefix *pfx)
{
	struct orig_af	*af;
	size_t		 i;
	int		 any = 0;

	if (afi < 0 || afi > 1 || pfx == NULL)
		return;
	af = &orig.af[afi];
	for (i = 0; i < af->nagg; i++) {
		if (pfx->len > af->agg[i].pfx.len &&
		    prefix_contains(&af->agg[i].pfx, pfx)) {
			af->agg[i].dirty = 1;
			any = 1;
		}
	}
	if (!any || orig.timer != NULL)
		return;
	/*
	 * The callback must not change the Loc-RIB.  If the timer cannot be
	 * had the aggregates stay dirty until the next change or apply.
	 */
	if ((orig.timer = loop_timer_add(0, orig_timer_cb, NULL)) == NULL)
		log_warnx("bgp: aggregate-address: out of memory, "
		    "evaluation delayed");
}

int
originate_suppressed(int afi, const struct xprefix *pfx)
{
	const struct orig_af	*af;
	size_t			 i;

	if (afi < 0 || afi > 1 || pfx == NULL)
		return 0;
	af = &orig.af[afi];
	if (af->nsuppressing == 0)
		return 0;
	for (i = 0; i < af->nagg; i++)
		if (af->agg[i].suppressing &&
		    pfx->len > af->agg[i].pfx.len &&
		    prefix_contains(&af->agg[i].pfx, pfx))
			return 1;
	return 0;
}

size_t
originate_count(int afi)
{
	const struct orig_af	*af;
	size_t			 i, n = 0;

	if (afi < 0 || afi > 1)
		return 0;
	af = &orig.af[afi];
	for (i = 0; i < af->nnet; i++)
		n += af->net[i].active ? 1 : 0;
	for (i = 0; i < af->nagg; i++)
		n += af->agg[i].active ? 1 : 0;
	return n;
}
