/*
 * rpl_eval: runs a linked program (rpl_link.c) over one route with XR's
 * semantics; see rpl_eval.h for the rules.  Conditions read env->in only;
 * actions write env->out, which is copied from `in` on the first action
 * (most routes through an inbound filter are never modified).  The copy
 * borrows in's lists; an action writing a list makes it out's own first
 * (route_*_own()), into buffers out keeps across evaluations, so nothing
 * here allocates once those have grown to the routes seen.  An allocation
 * failure sets env->err and unwinds like a drop; rpl_eval() then returns
 * RPL_ERROR.
 */
#include <string.h>

#include "core/rpl/rpl_compile.h"
#include "core/rpl/rpl_eval_int.h"

#define F_PASSED	0x01
#define F_MODIFIED	0x02

enum flow { FLOW_CONT, FLOW_DROP, FLOW_DONE };

struct env {
	const struct route	*in;
	struct route		*out;
	unsigned		 flags;
	int			 out_ready;
	int			 err;		/* allocation failed */
	rpl_trace_fn		 trace;
	void			*trace_arg;
	struct aspath_text	 aspath_text;	/* of in, for regexes */
};

static void
trace(struct env *e, const struct lnk_inst *in, unsigned depth,
    enum rpl_trace_kind kind, unsigned line, int result,
    const struct rpl_stmt *s, const struct rpl_cond *c)
{
	struct rpl_trace_ev	 ev;

	ev.kind = kind;
	ev.policy = in->name;
	ev.line = line;
	ev.depth = depth;
	ev.result = result;
	ev.stmt = s;
	ev.cond = c;
	e->trace(e->trace_arg, &ev);
}

#define TRACE(e, ...) do {						\
	if ((e)->trace != NULL)						\
		trace((e), __VA_ARGS__);				\
} while (0)

static struct route *
scratch(struct env *e)
{
	if (!e->out_ready) {
		if (route_copy(e->out, e->in) == -1)
			return NULL;
		e->out->set_mask = 0;
		e->out_ready = 1;
	}
	e->flags |= F_MODIFIED;
	return e->out;
}

static uint32_t
peeras(const struct route *r)
{
	return r->peer.remote_as;
}

/* rt / soo conditions see only the extcommunities of their kind. */
static int
ecomm_cond(const struct route *r, unsigned op, const struct rpl_set *set,
    int kind)
{
	return rpl_cset_cond_ecomm(set, kind, op, r->ecomm, r->necomm,
	    kind == RPL_SET_EXT_SOO ? ECOMM_ST_SOO : ECOMM_ST_RT, peeras(r));
}

static enum flow run_inst(struct env *, const struct lnk_inst *, unsigned);

/*
 * route-type is T for the routes xrsh evaluates, which are all BGP paths:
 * `local` is a path originated here (network, redistribute, aggregate),
 * `internal` one learned over iBGP (a confederation eBGP peer is inside
 * the AS too, so cebgp counts as internal), `external` one learned over
 * eBGP.  Every other value (interarea, level-*, type-*, ospf-*) describes
 * an IS-IS or OSPF route and is false here.
 */
static int
route_type_is(const struct route *r, uint32_t t)
{
	switch (t) {
	case RPL_RT_LOCAL:
		return r->path_type == PATH_LOCAL;
	case RPL_RT_INTERNAL:
		return r->path_type == PATH_IBGP || r->path_type == PATH_CEBGP;
	case RPL_RT_EXTERNAL:
		return r->path_type == PATH_EBGP;
	default:
		return 0;
	}
}

/*
 * Returns 0/1, or -1 when an applied child dropped the route or an
 * allocation failed (e->err set).
 */
static int
eval_cond(struct env *e, const struct lnk_inst *inst, unsigned depth,
    const struct lnk_cond *lc)
{
	const struct rpl_cond	*c = lc->c;
	const struct route	*r = e->in;
	unsigned		 saved;
	int			 a;
	enum flow		 f;

	switch (c->kind) {
	case RPL_C_AND:
		if ((a = eval_cond(e, inst, depth, lc->l)) != 1)
			return a;
		return eval_cond(e, inst, depth, lc->r);
	case RPL_C_OR:
		if ((a = eval_cond(e, inst, depth, lc->l)) != 0)
			return a;
		return eval_cond(e, inst, depth, lc->r);
	case RPL_C_NOT:
		if ((a = eval_cond(e, inst, depth, lc->l)) == -1)
			return -1;
		return !a;
	case RPL_C_APPLY:
		/* the child's own pass / modification decides the result */
		saved = e->flags;
		e->flags = 0;
		TRACE(e, inst, depth, RPL_TR_APPLY, c->line, 0, NULL, c);
		f = run_inst(e, lc->apply, depth + 1);
		a = (e->flags & (F_PASSED | F_MODIFIED)) != 0;
		e->flags |= saved;
		if (f == FLOW_DROP)
			return -1;
		TRACE(e, inst, depth, RPL_TR_RETURN, c->line, a, NULL, c);
		return a;
	case RPL_C_DESTINATION:
		return rpl_cset_match_prefix(lc->set, &r->prefix);
	case RPL_C_SOURCE:
		return rpl_cset_match_addr(lc->set, &r->peer.addr);
	case RPL_C_NEXTHOP:
		return rpl_cset_match_addr(lc->set, &r->nexthop);
	case RPL_C_RIB_HAS_ROUTE:
		return 0;
	case RPL_C_ASPATH_IN:
		if ((a = rpl_cset_match_aspath(lc->set, &r->aspath,
		    &e->aspath_text)) == -1)
			e->err = 1;
		return a;
	case RPL_C_ASPATH_IS_LOCAL:
		return aspath_is_local(&r->aspath);
	case RPL_C_ASPATH_LENGTH:
		return rpl_num_cmp(c->op, aspath_length(&r->aspath, c->all),
		    c->num.v);
	case RPL_C_ASPATH_UNIQUE_LENGTH:
		return rpl_num_cmp(c->op,
		    aspath_unique_length(&r->aspath, c->all), c->num.v);
	case RPL_C_ASPATH_NEIGHBOR_IS:
		return aspath_neighbor_is(&r->aspath, lc->list, lc->nlist,
		    c->exact);
	case RPL_C_ASPATH_ORIGINATES_FROM:
		return aspath_originates_from(&r->aspath, lc->list, lc->nlist,
		    c->exact);
	case RPL_C_ASPATH_PASSES_THROUGH:
		return aspath_passes_through(&r->aspath, lc->list, lc->nlist,
		    c->exact);
	case RPL_C_COMMUNITY:
		return rpl_cset_cond(lc->set, RPL_SET_COMMUNITY, c->op,
		    r->comm, r->ncomm, peeras(r));
	case RPL_C_LARGECOMM:
		return rpl_cset_cond(lc->set, RPL_SET_LARGECOMM, c->op,
		    r->lcomm, r->nlcomm, peeras(r));
	case RPL_C_EXT_RT:
		return ecomm_cond(r, c->op, lc->set, RPL_SET_EXT_RT);
	case RPL_C_EXT_SOO:
		return ecomm_cond(r, c->op, lc->set, RPL_SET_EXT_SOO);
	case RPL_C_LOCALPREF:
		return rpl_num_cmp(c->op, route_local_pref(r), c->num.v);
	case RPL_C_MED:
		return rpl_num_cmp(c->op, route_med(r), c->num.v);
	case RPL_C_TAG:
		return rpl_num_cmp(c->op, r->tag, c->num.v);
	case RPL_C_WEIGHT:
		return rpl_num_cmp(c->op, r->weight, c->num.v);
	case RPL_C_ORIGIN:
		return r->origin == c->num.v;
	case RPL_C_PATH_TYPE:
		return r->path_type == c->num.v;
	case RPL_C_ROUTE_TYPE:
		return route_type_is(r, c->num.v);
	case RPL_C_RD:
		/*
		 * Only VPN routes carry a route distinguisher; xrsh's are
		 * unicast (IPv4/IPv6), so `rd in` is false for every one.
		 */
		return 0;
	case RPL_C_VALIDATION_STATE:
		switch (c->num.v) {
		case RPL_ROV_VALID:
			return r->rpki == RPKI_VALID;
		case RPL_ROV_INVALID:
			return r->rpki == RPKI_INVALID;
		default:
			return r->rpki == RPKI_NOT_FOUND;
		}
	default:
		/* aigp-metric, route-has-label: not carried by xrsh routes */
		return 0;
	}
}

static uint32_t
val_apply(const struct rpl_val *v, uint32_t cur)
{
	switch (v->op) {
	case RPL_VAL_INC:
		return cur > UINT32_MAX - v->num.v ? UINT32_MAX :
		    cur + v->num.v;
	case RPL_VAL_DEC:
		return cur < v->num.v ? 0 : cur - v->num.v;
	case RPL_VAL_IGP_COST:
		return 0;		/* no IGP: the next hop costs 0 */
	case RPL_VAL_MAX_REACHABLE:
		return 4294967294U;
	default:
		return v->num.v;
	}
}

/* rpl_cset_values() callbacks: the route and whether an add failed. */
struct add_arg {
	struct route	*r;
	int		 err;
};

static void
add_comm(const void *v, void *arg)
{
	struct add_arg	*a = arg;

	if (route_comm_add(a->r, *(const uint32_t *)v) == -1)
		a->err = 1;
}

static void
add_lcomm(const void *v, void *arg)
{
	struct add_arg	*a = arg;

	if (route_lcomm_add(a->r, v) == -1)
		a->err = 1;
}

static void
add_ecomm(const void *v, void *arg)
{
	struct add_arg	*a = arg;

	if (route_ecomm_add(a->r, v) == -1)
		a->err = 1;
}

/*
 * delete ... in / not in: keeps the n values of arr (each sz bytes) the
 * set does not / does match, in order; returns how many are left.  For
 * extcommunities (subtype >= 0) values of another kind are always kept.
 * arr is the route's own list.
 */
static int
del_keep(const struct route *o, const struct rpl_set *set, int kind,
    int in, const char *v, int subtype)
{
	return (subtype >= 0 && !ecomm_is_kind((const struct ecomm *)v,
	    (uint8_t)subtype)) || rpl_cset_elem(set, kind, v, peeras(o)) != in;
}

static uint32_t
del_values(const struct route *o, const struct rpl_set *set, int kind,
    int in, void *arr, size_t n, size_t sz, int subtype)
{
	char	*a = arr;
	size_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (del_keep(o, set, kind, in, a + i * sz, subtype)) {
			if (k != i)
				memcpy(a + k * sz, a + i * sz, sz);
			k++;
		}
	}
	return (uint32_t)k;
}

/* 1 if del_values() would drop a value: else the list stays borrowed. */
static int
del_any(const struct route *o, const struct rpl_set *set, int kind,
    int in, const void *arr, size_t n, size_t sz, int subtype)
{
	const char	*a = arr;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (!del_keep(o, set, kind, in, a + i * sz, subtype))
			return 1;
	return 0;
}

/* Drops the extcommunities of one kind; -1 on allocation failure. */
static int
drop_ecomm_subtype(struct route *o, uint8_t subtype)
{
	size_t	 i, n = 0;

	for (i = 0; i < o->necomm; i++)
		if (ecomm_is_kind(&o->ecomm[i], subtype))
			break;
	if (i == o->necomm)
		return 0;
	if (route_ecomm_own(o, 0) == -1)
		return -1;
	for (i = 0; i < o->necomm; i++)
		if (!ecomm_is_kind(&o->ecomm[i], subtype))
			o->ecomm[n++] = o->ecomm[i];
	o->necomm = (uint32_t)n;
	return 0;
}

/* Drops the Color extcommunities; -1 on allocation failure. */
static int
drop_ecomm_color(struct route *o)
{
	size_t	 i, n = 0;

	for (i = 0; i < o->necomm; i++)
		if (ecomm_is_color(&o->ecomm[i]))
			break;
	if (i == o->necomm)
		return 0;
	if (route_ecomm_own(o, 0) == -1)
		return -1;
	for (i = 0; i < o->necomm; i++)
		if (!ecomm_is_color(&o->ecomm[i]))
			o->ecomm[n++] = o->ecomm[i];
	o->necomm = (uint32_t)n;
	return 0;
}

/* next-hop self / peer-address: the address if known, else symbolic */
static void
nexthop_of_peer(struct route *o, const struct xaddr *a, uint8_t symbolic)
{
	if (a->af != 0) {
		o->nexthop = *a;
		o->nh_kind = ROUTE_NH_ADDR;
	} else
		o->nh_kind = symbolic;
}

static int
set_nexthop(struct route *o, const struct rpl_stmt *s)
{
	uint32_t	 bit = ROUTE_SET_NEXTHOP;

	/* a symbolic next hop replaces the address until resolved */
	if (s->nh.kind != RPL_NH_ADDR)
		memset(&o->nexthop, 0, sizeof(o->nexthop));
	switch (s->nh.kind) {
	case RPL_NH_ADDR:
		o->nexthop = s->nh.addr;
		o->nh_kind = ROUTE_NH_ADDR;
		break;
	case RPL_NH_SELF:
		nexthop_of_peer(o, &o->peer.local_addr, ROUTE_NH_SELF);
		break;
	case RPL_NH_PEER_ADDRESS:
		nexthop_of_peer(o, &o->peer.addr, ROUTE_NH_PEER);
		break;
	case RPL_NH_DISCARD:
		o->nh_kind = ROUTE_NH_DISCARD;
		bit = ROUTE_SET_NH_DISCARD;
		break;
	case RPL_NH_UNCHANGED:
		o->nh_kind = ROUTE_NH_UNCHANGED;
		bit = ROUTE_SET_NH_UNCHANGED;
		break;
	}
	/* the last `set next-hop` wins */
	o->set_mask = (o->set_mask & ~(uint32_t)ROUTE_SET_NH_ANY) | bit;
	return 0;
}

/* set / delete of a community list; -1 on allocation failure. */
static int
comm_action(struct route *o, const struct lnk_stmt *ls)
{
	const struct rpl_stmt	*s = ls->s;
	struct add_arg		 aa = { o, 0 };

	switch (s->kind) {
	case RPL_S_SET_COMMUNITY:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_STD;
		if (!s->additive)
			o->ncomm = 0;
		(void)rpl_cset_values(ls->set, RPL_SET_COMMUNITY, peeras(o),
		    add_comm, &aa);
		return aa.err ? -1 : 0;
	case RPL_S_SET_LARGECOMM:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_LARGE;
		if (!s->additive)
			o->nlcomm = 0;
		(void)rpl_cset_values(ls->set, RPL_SET_LARGECOMM, peeras(o),
		    add_lcomm, &aa);
		return aa.err ? -1 : 0;
	case RPL_S_SET_EXT_RT:
	case RPL_S_SET_EXT_SOO:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_EXT;
		if (!s->additive && drop_ecomm_subtype(o,
		    s->kind == RPL_S_SET_EXT_RT ? ECOMM_ST_RT :
		    ECOMM_ST_SOO) == -1)
			return -1;
		(void)rpl_cset_values(ls->set, RPL_SET_EXT_RT, peeras(o),
		    add_ecomm, &aa);
		return aa.err ? -1 : 0;
	case RPL_S_SET_EXT_COLOR:
		/* like rt / soo: replaces the route's colors unless additive */
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_EXT;
		if (!s->additive && drop_ecomm_color(o) == -1)
			return -1;
		(void)rpl_cset_values(ls->set, RPL_SET_EXT_OPAQUE, peeras(o),
		    add_ecomm, &aa);
		return aa.err ? -1 : 0;
	case RPL_S_DELETE_COMMUNITY:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_STD;
		if (s->del == RPL_DEL_ALL || o->ncomm == 0) {
			o->ncomm = 0;
			return 0;
		}
		if (!del_any(o, ls->set, RPL_SET_COMMUNITY,
		    s->del == RPL_DEL_IN, o->comm, o->ncomm,
		    sizeof(o->comm[0]), -1))
			return 0;
		if (route_comm_own(o, 0) == -1)
			return -1;
		o->ncomm = del_values(o, ls->set, RPL_SET_COMMUNITY,
		    s->del == RPL_DEL_IN, o->comm, o->ncomm,
		    sizeof(o->comm[0]), -1);
		return 0;
	case RPL_S_DELETE_LARGECOMM:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_LARGE;
		if (s->del == RPL_DEL_ALL || o->nlcomm == 0) {
			o->nlcomm = 0;
			return 0;
		}
		if (!del_any(o, ls->set, RPL_SET_LARGECOMM,
		    s->del == RPL_DEL_IN, o->lcomm, o->nlcomm,
		    sizeof(o->lcomm[0]), -1))
			return 0;
		if (route_lcomm_own(o, 0) == -1)
			return -1;
		o->nlcomm = del_values(o, ls->set, RPL_SET_LARGECOMM,
		    s->del == RPL_DEL_IN, o->lcomm, o->nlcomm,
		    sizeof(o->lcomm[0]), -1);
		return 0;
	case RPL_S_DELETE_EXT_RT:
		o->set_mask |= ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_EXT;
		if (s->del == RPL_DEL_ALL)
			return drop_ecomm_subtype(o, ECOMM_ST_RT);
		if (!del_any(o, ls->set, RPL_SET_EXT_RT,
		    s->del == RPL_DEL_IN, o->ecomm, o->necomm,
		    sizeof(o->ecomm[0]), ECOMM_ST_RT))
			return 0;
		if (route_ecomm_own(o, 0) == -1)
			return -1;
		o->necomm = del_values(o, ls->set, RPL_SET_EXT_RT,
		    s->del == RPL_DEL_IN, o->ecomm, o->necomm,
		    sizeof(o->ecomm[0]), ECOMM_ST_RT);
		return 0;
	default:
		return 0;
	}
}

/* One action on the scratch route; -1 on allocation failure. */
static int
do_action(struct env *e, const struct lnk_stmt *ls)
{
	const struct rpl_stmt	*s = ls->s;
	struct route		*o = scratch(e);
	uint32_t		 asn;

	if (o == NULL)
		return -1;
	switch (s->kind) {
	case RPL_S_SET_LOCALPREF:
		o->local_pref = val_apply(&s->val, route_local_pref(o));
		o->has_local_pref = 1;
		o->set_mask |= ROUTE_SET_LOCAL_PREF;
		break;
	case RPL_S_SET_MED:
		o->med = val_apply(&s->val, route_med(o));
		o->has_med = 1;
		o->set_mask |= ROUTE_SET_MED;
		break;
	case RPL_S_SET_WEIGHT:
		o->weight = val_apply(&s->val, o->weight);
		o->set_mask |= ROUTE_SET_WEIGHT;
		break;
	case RPL_S_SET_TAG:
		o->tag = val_apply(&s->val, o->tag);
		o->set_mask |= ROUTE_SET_TAG;
		break;
	case RPL_S_SET_ORIGIN:
		o->origin = (uint8_t)s->val.num.v;
		o->set_mask |= ROUTE_SET_ORIGIN;
		break;
	case RPL_S_SET_NEXTHOP:
		return set_nexthop(o, s);
	case RPL_S_SET_COMMUNITY:
	case RPL_S_SET_LARGECOMM:
	case RPL_S_SET_EXT_RT:
	case RPL_S_SET_EXT_SOO:
	case RPL_S_SET_EXT_COLOR:
	case RPL_S_DELETE_COMMUNITY:
	case RPL_S_DELETE_LARGECOMM:
	case RPL_S_DELETE_EXT_RT:
		return comm_action(o, ls);
	case RPL_S_PREPEND:
		switch (s->prepend.kind) {
		case RPL_PREP_MOST_RECENT:
			asn = aspath_first(&o->aspath);
			break;
		case RPL_PREP_OWN_AS:
			asn = o->peer.local_as;
			break;
		default:
			asn = s->prepend.asn.v;
			break;
		}
		o->set_mask |= ROUTE_SET_ASPATH;
		if (asn != 0 && aspath_prepend(&o->aspath, asn,
		    s->prepend.has_count ? s->prepend.count.v : 1) == -1)
			return -1;
		break;
	case RPL_S_REMOVE_PRIVATE_AS:
		o->set_mask |= ROUTE_SET_ASPATH;
		if (aspath_remove_private(&o->aspath, s->entire) == -1)
			return -1;
		break;
	case RPL_S_REPLACE_PRIVATE_AS:
		o->set_mask |= ROUTE_SET_ASPATH;
		if (o->peer.local_as != 0 && aspath_replace_private(&o->aspath,
		    o->peer.local_as) == -1)
			return -1;
		break;
	case RPL_S_SET_PATHSEL:
		o->path_sel = s->pathsel;
		o->path_sel_flags = s->pathsel_flags;
		o->set_mask |= ROUTE_SET_PATHSEL;
		break;
	/*
	 * IGP attributes: kept on the route for `test route-policy`; a
	 * policy setting them is attachable at no BGP attach point.
	 */
	case RPL_S_SET_METRIC_TYPE:
		o->metric_type = (uint8_t)s->val.num.v;
		o->igp_set |= ROUTE_IGP_METRIC_TYPE;
		o->set_mask |= ROUTE_SET_IGP;
		break;
	case RPL_S_SET_LEVEL:
		o->level = (uint8_t)s->val.num.v;
		o->igp_set |= ROUTE_IGP_LEVEL;
		o->set_mask |= ROUTE_SET_IGP;
		break;
	case RPL_S_SET_ISIS_METRIC:
		o->isis_metric = val_apply(&s->val, o->isis_metric);
		o->igp_set |= ROUTE_IGP_ISIS_METRIC;
		o->set_mask |= ROUTE_SET_IGP;
		break;
	case RPL_S_SET_OSPF_METRIC:
		o->ospf_metric = val_apply(&s->val, o->ospf_metric);
		o->igp_set |= ROUTE_IGP_OSPF_METRIC;
		o->set_mask |= ROUTE_SET_IGP;
		break;
	case RPL_S_SET_DAMPENING:
		o->damp[0] = s->damp.halflife.v;
		o->damp[1] = s->damp.reuse.v;
		o->damp[2] = s->damp.suppress.v;
		o->damp[3] = s->damp.max_suppress.v;
		o->set_mask |= ROUTE_SET_DAMPENING;
		break;
	default:
		/* aigp, suppress: no such attribute here */
		break;
	}
	return 0;
}

static enum flow
run_block(struct env *e, const struct lnk_inst *inst, unsigned depth,
    const struct lnk_stmt *v, size_t n)
{
	size_t			 i, b;
	const struct lnk_stmt	*ls;
	const struct rpl_stmt	*s;
	enum flow		 f;
	int			 r;

	for (i = 0; i < n; i++) {
		ls = &v[i];
		s = ls->s;
		switch (s->kind) {
		case RPL_S_REMARK:
			break;
		case RPL_S_IF:
			for (b = 0; b < ls->nbr; b++) {
				const struct lnk_branch *br = &ls->br[b];

				if (br->cond == NULL) {
					TRACE(e, inst, depth, RPL_TR_ELSE,
					    br->line, 1, s, NULL);
					r = 1;
				} else {
					r = eval_cond(e, inst, depth,
					    br->cond);
					if (r == -1)
						return FLOW_DROP;
					TRACE(e, inst, depth, RPL_TR_COND,
					    br->line, r, s, br->cond->c);
				}
				if (r) {
					f = run_block(e, inst, depth,
					    br->body, br->n);
					if (f != FLOW_CONT)
						return f;
					break;
				}
			}
			break;
		case RPL_S_PASS:
			e->flags |= F_PASSED;
			TRACE(e, inst, depth, RPL_TR_PASS, s->line, 0, s,
			    NULL);
			break;
		case RPL_S_DROP:
			TRACE(e, inst, depth, RPL_TR_DROP, s->line, 0, s,
			    NULL);
			return FLOW_DROP;
		case RPL_S_DONE:
			TRACE(e, inst, depth, RPL_TR_DONE, s->line, 0, s,
			    NULL);
			return FLOW_DONE;
		case RPL_S_APPLY:
			TRACE(e, inst, depth, RPL_TR_APPLY, s->line, 0, s,
			    NULL);
			f = run_inst(e, ls->apply, depth + 1);
			if (f != FLOW_CONT)
				return f;
			TRACE(e, inst, depth, RPL_TR_RETURN, s->line, 0, s,
			    NULL);
			break;
		default:
			if (do_action(e, ls) == -1) {
				e->err = 1;
				return FLOW_DROP;
			}
			TRACE(e, inst, depth, RPL_TR_ACTION, s->line, 0, s,
			    NULL);
			break;
		}
	}
	return FLOW_CONT;
}

static enum flow
run_inst(struct env *e, const struct lnk_inst *inst, unsigned depth)
{
	enum flow	 f;

	f = run_block(e, inst, depth, inst->body, inst->n);
	if (f == FLOW_CONT)
		TRACE(e, inst, depth, RPL_TR_END, inst->pol->nlines,
		    (e->flags & (F_PASSED | F_MODIFIED)) != 0, NULL, NULL);
	return f;
}

int
rpl_eval(const struct rpl_prog *prog, const struct route *in,
    struct route *out, rpl_trace_fn fn, void *arg)
{
	struct env	 e;
	enum flow	 f;
	int		 res;

	e.in = in;
	e.out = out;
	e.flags = 0;
	e.out_ready = 0;
	e.err = 0;
	/* in's path text goes to out's scratch buffer, kept across calls */
	aspath_text_init(&e.aspath_text, &in->aspath, &out->text_buf,
	    &out->text_cap);
	e.trace = fn;
	e.trace_arg = arg;
	f = run_inst(&e, prog->top, 0);
	if (e.err)
		return RPL_ERROR;
	if (f == FLOW_DROP)
		res = 0;
	else if (f == FLOW_DONE)
		res = RPL_ACCEPTED;
	else
		res = (e.flags & (F_PASSED | F_MODIFIED)) ? RPL_ACCEPTED : 0;
	if (e.out_ready)
		res |= RPL_MODIFIED;
	return res;
}

int
rpl_eval_route(const struct rpl_prog *prog, const struct route *in,
    struct route *out, rpl_trace_fn fn, void *arg)
{
	int	 res = rpl_eval(prog, in, out, fn, arg);

	if (res != RPL_ERROR && !(res & RPL_MODIFIED)) {
		(void)route_copy(out, in);
		out->set_mask = 0;
	}
	return res;
}
