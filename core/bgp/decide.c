/*
 * decide: the best-path decision process; see decide.h for the three
 * parts.  Nothing here allocates: the order of comparisons (part 2) is
 * computed by rescanning the candidates, quadratic in the number of paths
 * of one prefix, which is small, and that keeps every error path out.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/decide.h"
#include "core/bgp/proto.h"

static const char *const step_names[BGP_STEP_COUNT] = {
	[BGP_STEP_NONE] =	"equal",
	[BGP_STEP_VALID] =	"valid path",
	[BGP_STEP_RPKI] =	"origin-AS validity",
	[BGP_STEP_WEIGHT] =	"weight",
	[BGP_STEP_LOCAL_PREF] =	"local preference",
	[BGP_STEP_LOCAL] =	"locally originated",
	[BGP_STEP_ASPATH] =	"AS path length",
	[BGP_STEP_ORIGIN] =	"origin",
	[BGP_STEP_MED] =	"MED",
	[BGP_STEP_EBGP] =	"eBGP over iBGP",
	[BGP_STEP_IGP_METRIC] =	"IGP metric",
	[BGP_STEP_OLDEST] =	"oldest path",
	[BGP_STEP_ROUTER_ID] =	"router ID",
	[BGP_STEP_CLUSTER] =	"cluster list length",
	[BGP_STEP_NBR_ADDR] =	"neighbor address",
};

/* How the loser's value relates to the winner's, for bgp_cmp_describe. */
enum rel { REL_VS, REL_HIGHER_WINS, REL_LOWER_WINS };

static const enum rel step_rel[BGP_STEP_COUNT] = {
	[BGP_STEP_WEIGHT] =	REL_HIGHER_WINS,
	[BGP_STEP_LOCAL_PREF] =	REL_HIGHER_WINS,
	[BGP_STEP_ASPATH] =	REL_LOWER_WINS,
	[BGP_STEP_ORIGIN] =	REL_LOWER_WINS,
	[BGP_STEP_MED] =	REL_LOWER_WINS,
	[BGP_STEP_IGP_METRIC] =	REL_LOWER_WINS,
	[BGP_STEP_ROUTER_ID] =	REL_LOWER_WINS,
	[BGP_STEP_CLUSTER] =	REL_LOWER_WINS,
	[BGP_STEP_NBR_ADDR] =	REL_LOWER_WINS,
};

/*
 * The loser's side of XR's bestpath-compare line; "%u" is the winner's
 * path number.  Weight, AS path and neighbor address are worded as seen
 * on real boxes, the others follow the same pattern.
 */
static const char *const step_reasons[BGP_STEP_COUNT] = {
	[BGP_STEP_NONE] =	"Equal to best path (path #%u)",
	[BGP_STEP_VALID] =	"Invalid path, not compared with best path (path #%u)",
	[BGP_STEP_RPKI] =
	    "Worse origin-AS validity than best path (path #%u)",
	[BGP_STEP_WEIGHT] =	"Lower weight than best path (path #%u)",
	[BGP_STEP_LOCAL_PREF] =
	    "Lower local preference than best path (path #%u)",
	[BGP_STEP_LOCAL] =
	    "Not locally originated, unlike best path (path #%u)",
	[BGP_STEP_ASPATH] =	"Longer AS path than best path (path #%u)",
	[BGP_STEP_ORIGIN] =	"Higher origin than best path (path #%u)",
	[BGP_STEP_MED] =	"Higher MED than best path (path #%u)",
	[BGP_STEP_EBGP] =
	    "Internal path, best path is external (path #%u)",
	[BGP_STEP_IGP_METRIC] =
	    "Higher IGP metric than best path (path #%u)",
	[BGP_STEP_OLDEST] =
	    "Best path change suppressed, kept best path (path #%u)",
	[BGP_STEP_ROUTER_ID] =	"Higher router ID than best path (path #%u)",
	[BGP_STEP_CLUSTER] =
	    "Longer cluster list than best path (path #%u)",
	[BGP_STEP_NBR_ADDR] =
	    "Higher neighbor address than best path (path #%u)",
};

const char *
bgp_step_name(enum bgp_step s)
{
	if ((unsigned)s >= BGP_STEP_COUNT)
		return "?";
	return step_names[s];
}

void
bgp_decide_cfg_init(struct bgp_decide_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->default_local_pref = 100;
}

const char *
bgp_cand_invalid_reason(const struct bgp_cand *c)
{
	/* XR prints "(inaccessible)" after such a next hop. */
	return c->nh_reachable ? NULL : "inaccessible";
}

const char *
bgp_rov_name(unsigned rov)
{
	switch (rov) {
	case BGP_ROV_VALID:
		return "valid";
	case BGP_ROV_INVALID:
		return "invalid";
	case BGP_ROV_NOT_FOUND:
		return "not-found";
	default:
		return "(disabled)";
	}
}

/* RPKI invalid and kept from being best by `use validity`. */
static int
rov_barred(const struct bgp_cand *c, const struct bgp_decide_cfg *cfg)
{
	return cfg->rov_use_validity && c->rov == BGP_ROV_INVALID &&
	    !cfg->rov_allow_invalid && !c->rov_allow_invalid;
}

/* A candidate for best path: next hop reachable, not barred by RPKI. */
static int
eligible(const struct bgp_cand *c, const struct bgp_decide_cfg *cfg)
{
	return c->nh_reachable && !rov_barred(c, cfg) &&
	    !(c->flags & BGP_CAND_DAMPED);
}

const char *
bgp_cand_ineligible_reason(const struct bgp_cand *c,
    const struct bgp_decide_cfg *cfg)
{
	if (!c->nh_reachable)
		return "inaccessible";
	if (rov_barred(c, cfg))
		return "origin-AS invalid";
	return (c->flags & BGP_CAND_DAMPED) ? "dampened" : NULL;
}

/* valid (or not validated) 0, not-found 1, invalid 2: lower wins */
static unsigned
rov_rank(const struct bgp_cand *c)
{
	switch (c->rov) {
	case BGP_ROV_NOT_FOUND:
		return 1;
	case BGP_ROV_INVALID:
		return 2;
	default:
		return 0;
	}
}

/*
 * MED groups.  XR's rules, by the start of the AS path: no path, or an
 * AS_SET first: internal, comparable with other internal paths; an
 * AS_SEQUENCE first (after any confederation segments): the neighbour AS
 * is its first AS; confederation segments only, or followed by an AS_SET:
 * comparable with nothing, unless `med confed` makes it internal.
 */
enum medkind { MED_AS, MED_INTERNAL, MED_NONE };

struct medgrp {
	enum medkind	 kind;
	uint32_t	 as;
};

static struct medgrp
med_group(const struct bgp_cand *c, const struct bgp_decide_cfg *cfg)
{
	const uint8_t	*p = c->attrs->aspath;
	size_t		 len = p != NULL ? c->attrs->aspath_len : 0;
	size_t		 off = 0, n;
	int		 confed = 0;
	struct medgrp	 g = { MED_INTERNAL, 0 };

	while (len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (p[off] == BGP_AS_CONFED_SEQUENCE ||
		    p[off] == BGP_AS_CONFED_SET) {
			confed = 1;
		} else if (p[off] == BGP_AS_SEQUENCE && n > 0) {
			g.kind = MED_AS;
			g.as = be32_get(p + off + 2);
			return g;
		} else if (n > 0)
			break;		/* an AS_SET first */
		off += 2 + 4 * n;
	}
	if (confed && !cfg->med_confed)
		g.kind = MED_NONE;
	return g;
}

static void
med_group_format(struct medgrp g, char *buf, size_t len)
{
	switch (g.kind) {
	case MED_AS:
		snprintf(buf, len, "%u", g.as);
		break;
	case MED_INTERNAL:
		snprintf(buf, len, "internal");
		break;
	default:
		snprintf(buf, len, "none");
		break;
	}
}

static int
med_comparable(struct medgrp x, struct medgrp y,
    const struct bgp_decide_cfg *cfg)
{
	if (cfg->med_always)
		return 1;
	if (x.kind != y.kind || x.kind == MED_NONE)
		return 0;
	return x.kind == MED_INTERNAL || x.as == y.as;
}

/*
 * Part 2 asks for the groups of the same candidates over and over (n^2
 * times for the leaders): bgp_decide_explain works them out once into
 * g when n is small enough for a stack array, else g is NULL and each
 * is recomputed (nothing here allocates).
 */
#define GRP_MAX		32

static struct medgrp
grp_of(const struct bgp_cand *const *c, const struct medgrp *g, size_t i,
    const struct bgp_decide_cfg *cfg)
{
	return g != NULL ? g[i] : med_group(c[i], cfg);
}

/* Candidates i and j are in one group of part 2. */
static int
same_group(const struct bgp_cand *const *c, const struct medgrp *g,
    size_t i, size_t j, const struct bgp_decide_cfg *cfg)
{
	if (cfg->med_always)
		return 1;
	return med_comparable(grp_of(c, g, i, cfg), grp_of(c, g, j, cfg),
	    cfg);
}

static int
is_external(const struct bgp_cand *c)
{
	return c->ebgp && !c->confed_ebgp && c->local == BGP_LOCAL_NONE;
}

static int
is_internal(const struct bgp_cand *c)
{
	return c->local == BGP_LOCAL_NONE && !is_external(c);
}

static uint32_t
local_pref(const struct bgp_cand *c, const struct bgp_decide_cfg *cfg)
{
	if (c->attrs->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF))
		return c->attrs->local_pref;
	return cfg->default_local_pref;
}

static uint32_t
med(const struct bgp_cand *c, const struct bgp_decide_cfg *cfg)
{
	if (c->attrs->present & BGP_ATTRBIT(BGP_ATTR_MED))
		return c->attrs->med;
	return cfg->med_missing_worst ? UINT32_MAX : 0;
}

static unsigned
aspath_len(const struct bgp_cand *c)
{
	if (c->attrs->aspath == NULL)
		return 0;
	return bgp_aspath_length(c->attrs->aspath, c->attrs->aspath_len);
}

/* ORIGINATOR_ID stands in for the peer's router ID on reflected paths. */
static uint32_t
router_id(const struct bgp_cand *c)
{
	if (c->attrs->present & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID))
		return c->attrs->originator_id;
	return c->peer_router_id;
}

static size_t
cluster_len(const struct bgp_cand *c)
{
	if (c->attrs->present & BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST))
		return c->attrs->ncluster;
	return 0;
}

static const char *
origin_name(uint8_t o)
{
	switch (o) {
	case BGP_ORIGIN_IGP:
		return "IGP";
	case BGP_ORIGIN_EGP:
		return "EGP";
	case BGP_ORIGIN_INCOMPLETE:
		return "incomplete";
	default:
		return "unknown";
	}
}

static const char *
local_name(int l)
{
	switch (l) {
	case BGP_LOCAL_NONE:
		return "received";
	case BGP_LOCAL_AGGREGATE:
		return "aggregate";
	default:
		return "local";
	}
}

static const char *
type_name(const struct bgp_cand *c)
{
	if (c->local != BGP_LOCAL_NONE)
		return "local";
	if (is_external(c))
		return "external";
	return c->confed_ebgp ? "confed-external" : "internal";
}

static void
id_format(uint32_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
}

/* A locally generated path counts as neighbor 0.0.0.0. */
static int
nbr_cmp(const struct xaddr *x, const struct xaddr *y)
{
	int	 xz = x->af == 0, yz = y->af == 0;

	if (xz || yz)
		return yz - xz;
	return addr_cmp(x, y);
}

static void
nbr_format(const struct xaddr *x, char *buf, size_t len)
{
	if (x->af == 0)
		snprintf(buf, len, "0.0.0.0");
	else
		addr_format(x, buf, len);
}

#define CMP_U(x, y)	((x) < (y) ? -1 : (x) > (y))

/*
 * Part 1 without any text: every decision runs it for each pair it
 * compares, so at full-table scale it must not format.  Returns <0 if a
 * is better, >0 if b is, and the deciding step in *step.  The MED groups
 * are worked out (an AS path walk each) only when the MED step is
 * reached.
 */
static int
cmp_step(const struct bgp_cand *a, const struct bgp_cand *b,
    const struct bgp_decide_cfg *cfg, enum bgp_step *step)
{
	uint32_t	 ua, ub;
	int		 d;

	/* 1: an invalid path loses to a valid one. */
	if ((d = eligible(b, cfg) - eligible(a, cfg)) != 0) {
		*step = BGP_STEP_VALID;
		return d;
	}
	/* RPKI: valid > not-found > invalid, before everything else */
	if (cfg->rov_use_validity &&
	    (d = CMP_U(rov_rank(a), rov_rank(b))) != 0) {
		*step = BGP_STEP_RPKI;
		return d;
	}
	/* weight, higher wins */
	if ((d = CMP_U(b->weight, a->weight)) != 0) {
		*step = BGP_STEP_WEIGHT;
		return d;
	}
	/* local preference, higher wins */
	if ((d = CMP_U(local_pref(b, cfg), local_pref(a, cfg))) != 0) {
		*step = BGP_STEP_LOCAL_PREF;
		return d;
	}
	/* network/redistribute, then aggregate, then received */
	if ((d = CMP_U(b->local, a->local)) != 0) {
		*step = BGP_STEP_LOCAL;
		return d;
	}
	/* AS path length, shorter wins: AS_SET 1, confederation 0 */
	if (!cfg->aspath_ignore) {
		ua = aspath_len(a);
		ub = aspath_len(b);
		if ((d = CMP_U(ua, ub)) != 0) {
			*step = BGP_STEP_ASPATH;
			return d;
		}
	}
	/* origin: IGP < EGP < incomplete */
	if ((d = CMP_U(a->attrs->origin, b->attrs->origin)) != 0) {
		*step = BGP_STEP_ORIGIN;
		return d;
	}
	/* MED, lower wins, only when comparable */
	if ((cfg->med_always || med_comparable(med_group(a, cfg),
	    med_group(b, cfg), cfg)) &&
	    (d = CMP_U(med(a, cfg), med(b, cfg))) != 0) {
		*step = BGP_STEP_MED;
		return d;
	}
	/* eBGP over iBGP; confederation peers count as internal */
	if ((d = is_external(b) - is_external(a)) != 0) {
		*step = BGP_STEP_EBGP;
		return d;
	}
	/* IGP metric to the next hop, lower wins */
	if (!cfg->igp_metric_ignore &&
	    (d = CMP_U(a->igp_metric, b->igp_metric)) != 0) {
		*step = BGP_STEP_IGP_METRIC;
		return d;
	}
	/* (part 3 stands where IOS compares ages; see bgp_decide) */
	/* router ID, or ORIGINATOR_ID, lower wins */
	if ((d = CMP_U(router_id(a), router_id(b))) != 0) {
		*step = BGP_STEP_ROUTER_ID;
		return d;
	}
	/* cluster list length, shorter wins */
	if ((d = CMP_U(cluster_len(a), cluster_len(b))) != 0) {
		*step = BGP_STEP_CLUSTER;
		return d;
	}
	/* neighbor address, lower wins */
	if ((d = nbr_cmp(&a->peer_addr, &b->peer_addr)) != 0) {
		*step = BGP_STEP_NBR_ADDR;
		return d < 0 ? -1 : 1;
	}
	*step = BGP_STEP_NONE;
	return 0;
}

/* One path's value at step s, as the describers print it. */
static void
step_value(enum bgp_step s, const struct bgp_cand *c,
    const struct bgp_decide_cfg *cfg, char *buf, size_t len)
{
	switch (s) {
	case BGP_STEP_VALID:
		snprintf(buf, len, "%s", bgp_cand_ineligible_reason(c, cfg) !=
		    NULL ? bgp_cand_ineligible_reason(c, cfg) : "valid");
		break;
	case BGP_STEP_RPKI:
		snprintf(buf, len, "%s", bgp_rov_name(c->rov));
		break;
	case BGP_STEP_WEIGHT:
		snprintf(buf, len, "%u", c->weight);
		break;
	case BGP_STEP_LOCAL_PREF:
		snprintf(buf, len, "%u", local_pref(c, cfg));
		break;
	case BGP_STEP_LOCAL:
		snprintf(buf, len, "%s", local_name(c->local));
		break;
	case BGP_STEP_ASPATH:
		snprintf(buf, len, "%u", aspath_len(c));
		break;
	case BGP_STEP_ORIGIN:
		snprintf(buf, len, "%s", origin_name(c->attrs->origin));
		break;
	case BGP_STEP_MED:
		snprintf(buf, len, "%u", med(c, cfg));
		break;
	case BGP_STEP_EBGP:
		snprintf(buf, len, "%s", type_name(c));
		break;
	case BGP_STEP_IGP_METRIC:
		snprintf(buf, len, "%u", c->igp_metric);
		break;
	case BGP_STEP_ROUTER_ID:
		id_format(router_id(c), buf, len);
		break;
	case BGP_STEP_CLUSTER:
		snprintf(buf, len, "%zu", cluster_len(c));
		break;
	case BGP_STEP_NBR_ADDR:
		nbr_format(&c->peer_addr, buf, len);
		break;
	default:
		break;
	}
}

int
bgp_cand_cmp(const struct bgp_cand *a, const struct bgp_cand *b,
    const struct bgp_decide_cfg *cfg, struct bgp_cmp_result *r)
{
	struct medgrp	 ga, gb;
	enum bgp_step	 step;
	int		 d;

	d = cmp_step(a, b, cfg, &step);
	if (r == NULL)
		return d;
	memset(r, 0, sizeof(*r));
	r->a_num = 1;
	r->b_num = 2;
	r->step = step;
	r->winner = d;
	ga = med_group(a, cfg);
	gb = med_group(b, cfg);
	med_group_format(ga, r->a_medgrp, sizeof(r->a_medgrp));
	med_group_format(gb, r->b_medgrp, sizeof(r->b_medgrp));
	/* the MED step was reached, and the groups allowed it */
	r->med_compared = med_comparable(ga, gb, cfg) &&
	    (step == BGP_STEP_NONE || step >= BGP_STEP_MED);
	step_value(step, a, cfg, r->a_val, sizeof(r->a_val));
	step_value(step, b, cfg, r->b_val, sizeof(r->b_val));
	return d;
}

void
bgp_cmp_describe(const struct bgp_cmp_result *r, struct strbuf *sb)
{
	const char	*lv, *wv, *op;
	unsigned	 ln, wn;

	if (r->step == BGP_STEP_NONE || r->winner == 0) {
		sb_printf(sb, "Path #%u and path #%u are equal", r->a_num,
		    r->b_num);
		return;
	}
	if (r->winner > 0) {
		ln = r->a_num, wn = r->b_num;
		lv = r->a_val, wv = r->b_val;
	} else {
		ln = r->b_num, wn = r->a_num;
		lv = r->b_val, wv = r->a_val;
	}
	switch ((unsigned)r->step < BGP_STEP_COUNT ? step_rel[r->step] :
	    REL_VS) {
	case REL_HIGHER_WINS:
		op = "<";
		break;
	case REL_LOWER_WINS:
		op = ">";
		break;
	default:
		op = "vs";
		break;
	}
	sb_printf(sb, "Path #%u lost to path #%u at step '%s': %s %s %s",
	    ln, wn, bgp_step_name(r->step), lv, op, wv);
}

void
bgp_cmp_xr_reason(const struct bgp_cmp_result *r, struct strbuf *sb)
{
	unsigned	 wn = r->winner < 0 ? r->a_num : r->b_num;

	if ((unsigned)r->step >= BGP_STEP_COUNT)
		return;
	sb_printf(sb, step_reasons[r->step], wn);
}

/* Part 2, step 2: the walk keeping the best so far; the first wins ties. */
static size_t
walk_best(const struct bgp_cand *const *c, const struct medgrp *g, size_t n,
    const struct bgp_decide_cfg *cfg, size_t first, int group_only)
{
	size_t	 i, best = first;

	for (i = first + 1; i < n; i++) {
		if (!eligible(c[i], cfg))
			continue;
		if (group_only && !same_group(c, g, i, first, cfg))
			continue;
		if (bgp_cand_cmp(c[i], c[best], cfg, NULL) < 0)
			best = i;
	}
	return best;
}

/* The first valid candidate in i's group: i itself if it leads it. */
static size_t
leader_of(const struct bgp_cand *const *c, const struct medgrp *g, size_t i,
    const struct bgp_decide_cfg *cfg)
{
	size_t	 j;

	for (j = 0; j < i; j++)
		if (eligible(c[j], cfg) && same_group(c, g, j, i, cfg))
			return j;
	return i;
}

/*
 * Part 3: keep the current best cur instead of the new winner w when both
 * are external, from different routers, and equal up to the router ID
 * (weight, local preference, AS path length, origin, comparable MED, IGP
 * metric: the conditions XR lists).
 */
static int
suppress(const struct bgp_cand *cur, const struct bgp_cand *w,
    const struct bgp_decide_cfg *cfg)
{
	enum bgp_step	 step;

	if (cfg->compare_routerid || !eligible(cur, cfg))
		return 0;
	if (!is_external(cur) || !is_external(w))
		return 0;
	if (cur->peer_router_id == w->peer_router_id)
		return 0;
	cmp_step(cur, w, cfg, &step);
	return step == BGP_STEP_NONE || step >= BGP_STEP_ROUTER_ID;
}

/* p may share the multipath set of best b under the mode chosen. */
enum mpmode { MP_NONE, MP_EBGP, MP_IBGP, MP_EIBGP };

static int
mp_eligible(const struct bgp_cand *p, const struct bgp_cand *b,
    const struct bgp_decide_cfg *cfg, enum mpmode mode)
{
	enum bgp_step	 step;

	if (!eligible(p, cfg) || p->local != BGP_LOCAL_NONE)
		return 0;
	cmp_step(p, b, cfg, &step);
	/* selective: the best and the others from `multipath` neighbors */
	if (((mode == MP_EBGP && cfg->ebgp_selective) ||
	    (mode == MP_IBGP && cfg->ibgp_selective)) &&
	    (!p->nbr_multipath || !b->nbr_multipath))
		return 0;
	switch (mode) {
	case MP_EBGP:
		if (!is_external(p))
			return 0;
		if (!cfg->aspath_multipath_relax &&
		    bgp_aspath_first(p->attrs->aspath, p->attrs->aspath_len) !=
		    bgp_aspath_first(b->attrs->aspath, b->attrs->aspath_len))
			return 0;
		return step == BGP_STEP_NONE || step > BGP_STEP_IGP_METRIC;
	case MP_IBGP:
		if (!is_internal(p))
			return 0;
		if (cfg->ibgp_unequal_cost && step == BGP_STEP_IGP_METRIC)
			return 1;
		return step == BGP_STEP_NONE || step > BGP_STEP_IGP_METRIC;
	case MP_EIBGP:
		return step == BGP_STEP_NONE || step > BGP_STEP_MED;
	default:
		return 0;
	}
}

static int
mp_get(const unsigned char *mp, const struct bgp_verdict *v, size_t i)
{
	return mp != NULL ? mp[i] : v[i].multipath;
}

static void
mp_set(unsigned char *mp, struct bgp_verdict *v, size_t i)
{
	if (mp != NULL)
		mp[i] = 1;
	if (v != NULL)
		v[i].multipath = 1;
}

/*
 * Marks up to max - 1 paths besides the best, the better ones (by part 1)
 * first, and the best itself when any was marked.
 */
static void
multipath_mark(const struct bgp_cand *const *c, size_t n,
    const struct bgp_decide_cfg *cfg, size_t best, unsigned char *mp,
    struct bgp_verdict *v)
{
	const struct bgp_cand	*b = c[best];
	enum mpmode		 mode = MP_NONE;
	unsigned		 max = 0, got = 1;
	size_t			 i, pick;

	if (b->local != BGP_LOCAL_NONE)
		return;
	if (cfg->maximum_paths_eibgp > 1) {
		mode = MP_EIBGP;
		max = cfg->maximum_paths_eibgp;
	} else if (is_external(b) && cfg->maximum_paths_ebgp > 1) {
		mode = MP_EBGP;
		max = cfg->maximum_paths_ebgp;
	} else if (is_internal(b) && cfg->maximum_paths_ibgp > 1) {
		mode = MP_IBGP;
		max = cfg->maximum_paths_ibgp;
	}
	if (mode == MP_NONE)
		return;
	while (got < max) {
		pick = BGP_DECIDE_NONE;
		for (i = 0; i < n; i++) {
			if (i == best || mp_get(mp, v, i) ||
			    !mp_eligible(c[i], b, cfg, mode))
				continue;
			if (pick == BGP_DECIDE_NONE ||
			    bgp_cand_cmp(c[i], c[pick], cfg, NULL) < 0)
				pick = i;
		}
		if (pick == BGP_DECIDE_NONE)
			break;
		mp_set(mp, v, pick);
		got++;
	}
	if (got > 1)
		mp_set(mp, v, best);
}

size_t
bgp_decide(const struct bgp_cand *const *c, size_t n,
    const struct bgp_decide_cfg *cfg, size_t *best, unsigned char *multipath)
{
	return bgp_decide_explain(c, n, cfg, best, multipath, NULL);
}

size_t
bgp_decide_explain(const struct bgp_cand *const *c, size_t n,
    const struct bgp_decide_cfg *cfg, size_t *best, unsigned char *multipath,
    struct bgp_verdict *v)
{
	struct medgrp	 gbuf[GRP_MAX];
	const struct medgrp *g = NULL;
	size_t		 i, gw, w = BGP_DECIDE_NONE, cur = BGP_DECIDE_NONE;
	size_t		 nvalid = 0, b;

	if (multipath != NULL && n > 0)
		memset(multipath, 0, n);
	if (v != NULL && n > 0)
		memset(v, 0, n * sizeof(*v));
	if (n <= GRP_MAX && !cfg->med_always) {
		for (i = 0; i < n; i++)
			gbuf[i] = med_group(c[i], cfg);
		g = gbuf;
	}
	for (i = 0; i < n; i++) {
		if (eligible(c[i], cfg))
			nvalid++;
		if (c[i]->cur_best && cur == BGP_DECIDE_NONE)
			cur = i;
		if (v != NULL) {
			v[i].invalid = bgp_cand_ineligible_reason(c[i], cfg);
			v[i].lost_to = BGP_DECIDE_NONE;
			med_group_format(grp_of(c, g, i, cfg), v[i].group,
			    sizeof(v[i].group));
		}
	}

	/*
	 * Part 2: the best of each group, in the order the groups first
	 * appear, then the best of those.  MED is never comparable between
	 * two groups, so the second walk is over a transitive relation.
	 */
	for (i = 0; i < n; i++) {
		if (!eligible(c[i], cfg) || leader_of(c, g, i, cfg) != i)
			continue;
		gw = walk_best(c, g, n, cfg, i, 1);
		if (v != NULL)
			v[gw].group_best = 1;
		if (w == BGP_DECIDE_NONE ||
		    bgp_cand_cmp(c[gw], c[w], cfg, NULL) < 0)
			w = gw;
	}
	b = w;
	/* Part 3 */
	if (w != BGP_DECIDE_NONE && cur != BGP_DECIDE_NONE && cur != w &&
	    suppress(c[cur], c[w], cfg))
		b = cur;
	*best = b;
	if (b == BGP_DECIDE_NONE)
		return nvalid;
	if (multipath != NULL || v != NULL)
		multipath_mark(c, n, cfg, b, multipath, v);
	if (v == NULL)
		return nvalid;

	v[b].best = 1;
	for (i = 0; i < n; i++) {
		if (i == b)
			continue;
		if (!eligible(c[i], cfg))
			v[i].lost_to = b;
		else if (v[i].group_best && i == w) {
			/* the winner of part 2, kept out by part 3 */
			memset(&v[i].res, 0, sizeof(v[i].res));
			v[i].lost_to = b;
			v[i].res.step = BGP_STEP_OLDEST;
			v[i].res.winner = 1;
			snprintf(v[i].res.a_val, sizeof(v[i].res.a_val), "new");
			snprintf(v[i].res.b_val, sizeof(v[i].res.b_val),
			    "current best");
			v[i].res.a_num = (unsigned)i + 1;
			v[i].res.b_num = (unsigned)b + 1;
			continue;
		} else if (v[i].group_best)
			v[i].lost_to = w;
		else {
			/*
			 * It lost inside its group; comparing it with the
			 * overall best instead could even say it wins (MED).
			 */
			gw = walk_best(c, g, n, cfg, leader_of(c, g, i, cfg),
			    1);
			v[i].lost_to = gw;
		}
		bgp_cand_cmp(c[i], c[v[i].lost_to], cfg, &v[i].res);
		v[i].res.a_num = (unsigned)i + 1;
		v[i].res.b_num = (unsigned)v[i].lost_to + 1;
	}
	return nvalid;
}
