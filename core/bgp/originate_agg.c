/*
 * originate_agg: `aggregate-address`.  An aggregate is in the Loc-RIB
 * while at least one strictly more specific prefix inside it has a valid
 * best path (from any source: neighbors, networks, smaller aggregates).
 *
 * Attributes (RFC 4271 9.2.2.2, as XR builds them): next hop the
 * unspecified address, AGGREGATOR our AS and router ID, and
 *  - without as-set: ORIGIN IGP, an empty AS path, ATOMIC_AGGREGATE;
 *  - with as-set: the worst ORIGIN of the contributors' best paths, the
 *    union of their standard communities, and as AS path their common
 *    path if they all have the same one, else one AS_SET (split in 255s)
 *    of every ASN of their AS_SEQUENCE and AS_SET segments, sorted and
 *    deduplicated.  Confederation segments are left out: they do not
 *    leave the confederation and the aggregate is a new route.
 * Then the route-policy, if any: a drop means no aggregate.
 * Cost: an as-set aggregate walks all its more specifics at each
 * evaluation (coalesced by the zero timer), one without as-set stops at
 * the first contributor.
 * (suppress-route / unsuppress-route are not supported by the evaluator
 * yet: summary-only suppresses every contributor.)
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
#include "core/bgp/updgroup.h"
#include "core/config/bgp_model.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

/* What the contributors' best paths add up to. */
struct agg_acc {
	size_t		 n;
	uint8_t		 origin;	/* the worst */
	const uint8_t	*path0;		/* the first contributor's path */
	size_t		 path0_len;
	int		 same_path;
	uint32_t	*asns;
	size_t		 nasn, capasn;
	uint32_t	*comms;
	size_t		 ncomm, capcomm;
};

static int
u32_push(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
	uint32_t	*nv;
	size_t		 ncap;

	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if (ncap > SIZE_MAX / sizeof(**v) ||
		    (nv = realloc(*v, ncap * sizeof(**v))) == NULL)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates in place. */
static size_t
u32_uniq(uint32_t *v, size_t n)
{
	size_t	 i, k = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), u32_cmp);
	for (i = 1; i < n; i++)
		if (v[i] != v[k])
			v[++k] = v[i];
	return k + 1;
}

/* The ASNs of the AS_SEQUENCE and AS_SET segments; bounds checked. */
static int
acc_path_asns(struct agg_acc *acc, const uint8_t *p, size_t len)
{
	size_t	 off = 0, k, cnt;
	uint8_t	 type;

	while (off + 2 <= len) {
		type = p[off];
		cnt = p[off + 1];
		off += 2;
		if (cnt > (len - off) / 4)
			break;
		for (k = 0; k < cnt; k++, off += 4) {
			if (type != BGP_AS_SET && type != BGP_AS_SEQUENCE)
				continue;
			if (u32_push(&acc->asns, &acc->nasn, &acc->capasn,
			    (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
			    (uint32_t)p[off + 2] << 8 | p[off + 3]) == -1)
				return -1;
		}
	}
	return 0;
}

static int
acc_add(struct agg_acc *acc, const struct bgp_attrs *a, int as_set)
{
	uint8_t	 origin;
	size_t	 i;

	origin = a->present & BGP_ATTRBIT(BGP_ATTR_ORIGIN) ? a->origin :
	    BGP_ORIGIN_INCOMPLETE;
	if (acc->n == 0) {
		acc->origin = origin;
		acc->path0 = a->aspath;
		acc->path0_len = a->aspath_len;
		acc->same_path = 1;
	} else {
		if (origin > acc->origin)
			acc->origin = origin;
		if (a->aspath_len != acc->path0_len || (a->aspath_len > 0 &&
		    memcmp(a->aspath, acc->path0, a->aspath_len) != 0))
			acc->same_path = 0;
	}
	acc->n++;
	if (!as_set)
		return 0;
	if (acc_path_asns(acc, a->aspath, a->aspath_len) == -1)
		return -1;
	if (a->present & BGP_ATTRBIT(BGP_ATTR_COMMUNITIES))
		for (i = 0; i < a->ncommunities; i++)
			if (u32_push(&acc->comms, &acc->ncomm, &acc->capcomm,
			    a->communities[i]) == -1)
				return -1;
	return 0;
}

/* The aggregate's attributes before its policy, from acc. */
static struct bgp_attrs *
agg_attrs(int afi, const struct orig_agg *g, struct agg_acc *acc)
{
	struct bgp_attrs	*a;
	int			 as_set = g->flags & BGP_AGG_AS_SET;
	size_t			 len;

	if ((a = bgp_attrs_new()) == NULL)
		return NULL;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_AGGREGATOR);
	if (afi == BGP_AFI_V4)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->nexthop.af = orig_family(afi);
	a->aggregator_as = bgpe.asn;
	a->aggregator_id = bgpe.router_id;
	if (!as_set) {
		a->origin = BGP_ORIGIN_IGP;
		a->present |= BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE);
		return a;
	}
	a->origin = acc->origin;
	if (acc->same_path) {
		if (acc->path0_len > 0) {
			if ((a->aspath = malloc(acc->path0_len)) == NULL)
				goto fail;
			memcpy(a->aspath, acc->path0, acc->path0_len);
			a->aspath_len = acc->path0_len;
		}
	} else {
		acc->nasn = u32_uniq(acc->asns, acc->nasn);
		if (bgp_aspath_from_list_type(BGP_AS_SET, acc->asns,
		    acc->nasn, &a->aspath, &len) == -1 || len > UINT32_MAX)
			goto fail;
		a->aspath_len = (uint32_t)len;
	}
	acc->ncomm = u32_uniq(acc->comms, acc->ncomm);
	if (acc->ncomm > 0) {
		if ((a->communities = calloc(acc->ncomm,
		    sizeof(*a->communities))) == NULL)
			goto fail;
		memcpy(a->communities, acc->comms,
		    acc->ncomm * sizeof(*a->communities));
		a->ncommunities = acc->ncomm;
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	}
	return a;
fail:
	bgp_attrs_unref(a);
	return NULL;
}

/*
 * The attributes the aggregate should have now: one interned reference,
 * or NULL if it should not exist (no contributor, policy drop) or on
 * failure (*err set).
 */
static struct bgp_attrs *
agg_want(int afi, const struct orig_agg *g, int *err)
{
	struct orig_af		*af = &orig.af[afi];
	struct agg_acc		 acc;
	struct pfxtable_cursor	 cur;
	const struct locrib_entry *e;
	const struct locrib_path *best;
	struct bgp_attrs	*a = NULL, *in, *out = NULL;
	struct bgp_pol_ctx	 ctx;
	char			 pbuf[PREFIX_STRLEN];
	int			 r;

	memset(&acc, 0, sizeof(acc));
	locrib_cursor_init(&cur, &g->pfx);
	/* Read only: nothing below changes the Loc-RIB until the update. */
	while (locrib_cursor_next(af->loc, &cur, &e)) {
		if (cur.last.len <= g->pfx.len)
			continue;
		if ((best = locrib_entry_best(e)) == NULL)
			continue;
		if (acc_add(&acc, best->attrs, g->flags & BGP_AGG_AS_SET) ==
		    -1) {
			*err = 1;
			goto out;
		}
		/*
		 * Without as-set the attributes do not depend on the
		 * contributors: one is enough, so a large aggregate costs
		 * a short walk, not one over every more specific.
		 */
		if (!(g->flags & BGP_AGG_AS_SET))
			break;
	}
	if (acc.n == 0)
		goto out;
	if ((a = agg_attrs(afi, g, &acc)) == NULL) {
		*err = 1;
		goto out;
	}
	if ((in = bgp_attrs_intern(a)) == NULL) {
		bgp_attrs_unref(a);
		a = NULL;
		*err = 1;
		goto out;
	}
	a = in;
	if (g->prog == NULL)
		goto out;
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = &g->pfx;
	ctx.path_type = PATH_LOCAL;
	ctx.weight = BGP_WEIGHT_LOCAL;
	r = bgp_policy_apply(g->prog, &ctx, in, &out);
	bgp_attrs_unref(in);
	a = r == BGP_POL_PERMIT ? out : NULL;
	if (r == BGP_POL_ERROR) {
		prefix_format(&g->pfx, pbuf, sizeof(pbuf));
		log_warnx("bgp: aggregate-address %s: route-policy failed "
		    "(out of memory)", pbuf);
		*err = 1;
	}
out:
	free(acc.asns);
	free(acc.comms);
	return a;
}

/* Recomputes the export of every contributor: suppression changed. */
static void
agg_notify(int afi, const struct orig_agg *g)
{
	struct pfxtable_cursor	 cur;
	const struct locrib_entry *e;
	struct xprefix		 p;

	locrib_cursor_init(&cur, &g->pfx);
	while (locrib_cursor_next(orig.af[afi].loc, &cur, &e)) {
		p = cur.last;
		if (p.len > g->pfx.len)
			updgroup_locrib_change(afi, &p);
	}
}

static void
agg_recount(struct orig_af *af)
{
	size_t	 i;

	af->nsuppressing = 0;
	for (i = 0; i < af->nagg; i++)
		if (af->agg[i].suppressing)
			af->nsuppressing++;
}

static void
agg_set_suppressing(int afi, struct orig_agg *g, int on)
{
	if (g->suppressing == on)
		return;
	g->suppressing = on;
	agg_recount(&orig.af[afi]);
	agg_notify(afi, g);
}

int
orig_agg_eval(int afi, struct orig_agg *g)
{
	struct orig_af		*af = &orig.af[afi];
	const struct locrib_entry *e;
	struct bgp_attrs	*a = NULL;
	int			 err = 0;

	g->dirty = 0;
	if (!g->bad_policy)
		a = agg_want(afi, g, &err);
	if (a != NULL) {
		if (locrib_update(af->loc, &g->pfx, &orig.src_agg, a,
		    loop_now()) == -1)
			err = 1;
	} else if (!err && g->active)
		locrib_withdraw(af->loc, &g->pfx, &orig.src_agg);
	/* On failure whatever path was there stays. */
	e = locrib_lookup(af->loc, &g->pfx);
	g->active = e != NULL &&
	    locrib_entry_path_from(e, &orig.src_agg) != NULL;
	agg_set_suppressing(afi, g, g->active &&
	    (g->flags & BGP_AGG_SUMMARY_ONLY));
	if (err)
		log_warnx("bgp: aggregate-address: out of memory");
	return err ? -1 : 0;
}

void
orig_agg_remove(int afi, struct orig_agg *g)
{
	struct orig_af	*af = &orig.af[afi];

	if (g->active && af->loc != NULL)
		locrib_withdraw(af->loc, &g->pfx, &orig.src_agg);
	g->active = 0;
	g->dirty = 0;
	if (g->suppressing) {
		g->suppressing = 0;
		agg_recount(af);
		if (af->loc != NULL)
			agg_notify(afi, g);
	}
}

int
orig_agg_eval_all(int afi, int only_dirty)
{
	struct orig_af	*af = &orig.af[afi];
	size_t		 i;
	int		 ret = 0;

	if (af->loc == NULL)
		return 0;
	/*
	 * Backwards: in prefix order an aggregate comes before those inside
	 * it, so the inner ones settle first and the outer ones see them.
	 */
	for (i = af->nagg; i-- > 0;)
		if ((!only_dirty || af->agg[i].dirty) &&
		    orig_agg_eval(afi, &af->agg[i]) == -1)
			ret = -1;
	return ret;
}
