/*
 * policy: a linked route-policy over the engine's attribute sets; see
 * policy.h.  The evaluator reads a view of the set: communities and large
 * communities borrowed as they are (same layout), the AS path and the
 * extended communities decoded into buffers the view route keeps across
 * calls.  The policy writes a scratch route that borrows the view until
 * an action changes a list, so afterwards a pointer comparison says which
 * lists to encode back; everything else the policy did not set is the
 * input's, copied by bgp_attrs_dup().
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/rpl/rpl_eval.h"

/* The set's large communities are read in place as struct lcomm. */
static_assert(sizeof(struct lcomm) == 3 * sizeof(uint32_t),
    "struct lcomm is three words");
static_assert(offsetof(struct lcomm, ga) == 0 &&
    offsetof(struct lcomm, l1) == sizeof(uint32_t) &&
    offsetof(struct lcomm, l2) == 2 * sizeof(uint32_t),
    "struct lcomm words in wire order");

#define ECOMM_WIRE	8

/*
 * Two-octet-AS extended communities (type 0x00, and 0x40 non-transitive)
 * carry a 2-byte global and a 4-byte local part; every other type is read
 * as 4 + 2 bytes (IPv4 and four-octet-AS ones are that; for the rest the
 * split is lossless and only the type decides how it is written back).
 */
static int
ecomm_as2(uint8_t type)
{
	return (type & 0xbf) == ECOMM_T_AS2;
}

static void
ecomm_decode(const uint8_t *w, struct ecomm *e)
{
	e->type = w[0];
	e->subtype = w[1];
	if (ecomm_as2(w[0])) {
		e->ga = (uint32_t)w[2] << 8 | w[3];
		e->la = be32_get(w + 4);
	} else {
		e->ga = be32_get(w + 2);
		e->la = (uint32_t)w[6] << 8 | w[7];
	}
}

static void
ecomm_encode(const struct ecomm *e, uint8_t *w)
{
	w[0] = e->type;
	w[1] = e->subtype;
	if (ecomm_as2(e->type)) {
		w[2] = (uint8_t)(e->ga >> 8);
		w[3] = (uint8_t)e->ga;
		be32_put(w + 4, e->la);
	} else {
		be32_put(w + 2, e->ga);
		w[6] = (uint8_t)(e->la >> 8);
		w[7] = (uint8_t)e->la;
	}
}

/*
 * The 4-octet wire AS_PATH into p's own buffers.  The set was validated
 * when it was decoded; a segment that would overrun still ends the walk
 * (what precedes it is the path) rather than being trusted.
 */
static int
aspath_decode(const uint8_t *w, size_t len, struct aspath *p)
{
	size_t		 off = 0, i, cnt;

	aspath_clear(p);
	if (len == 0)
		return 0;
	/* at most one segment per 2 bytes, one ASN per 4: no regrowth */
	if (aspath_own(p, len / 2, len / 4) == -1)
		return -1;
	while (off + 2 <= len) {
		cnt = w[off + 1];
		if (off + 2 + cnt * 4 > len)
			break;
		p->seg[p->nseg].type = w[off];
		p->seg[p->nseg].count = (uint8_t)cnt;
		p->nseg++;
		for (i = 0; i < cnt; i++)
			p->as[p->nas++] = be32_get(w + off + 2 + i * 4);
		off += 2 + cnt * 4;
	}
	return 0;
}

/* p in the 4-octet wire form: a fresh allocation in *out (NULL if empty). */
static int
aspath_encode(const struct aspath *p, uint8_t **out, size_t *outlen)
{
	uint8_t		*w, *o;
	size_t		 i, j, k = 0, len;

	*out = NULL;
	*outlen = 0;
	len = (size_t)p->nseg * 2 + (size_t)p->nas * 4;
	if (len == 0)
		return 0;
	if ((w = malloc(len)) == NULL)
		return -1;
	o = w;
	for (i = 0; i < p->nseg; i++) {
		*o++ = p->seg[i].type;
		*o++ = p->seg[i].count;
		for (j = 0; j < p->seg[i].count; j++, k++, o += 4)
			be32_put(o, p->as[k]);
	}
	*out = w;
	*outlen = len;
	return 0;
}

int
bgp_policy_view(const struct bgp_attrs *a, const struct xprefix *pfx,
    struct route *r)
{
	size_t	 i;

	route_reset(r);
	if (pfx != NULL)
		r->prefix = *pfx;
	r->nexthop = a->nexthop;
	r->origin = a->origin;
	r->has_med = (a->present & BGP_ATTRBIT(BGP_ATTR_MED)) != 0;
	r->med = a->med;
	r->has_local_pref = (a->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)) !=
	    0;
	r->local_pref = a->local_pref;
	r->weight = a->has_weight ? a->weight : 0;
	if (a->ncommunities > UINT32_MAX || a->nlarge_communities >
	    UINT32_MAX || a->next_communities > UINT32_MAX)
		return -1;
	/* borrowed as they are: the set outlives the evaluation */
	r->comm = a->communities;
	r->ncomm = (uint32_t)a->ncommunities;
	r->lcomm = (struct lcomm *)a->large_communities;
	r->nlcomm = (uint32_t)a->nlarge_communities;
	if (a->next_communities > 0) {
		if (route_ecomm_own(r, a->next_communities) == -1)
			return -1;
		for (i = 0; i < a->next_communities; i++)
			ecomm_decode(a->ext_communities + i * ECOMM_WIRE,
			    &r->ecomm[i]);
		r->necomm = (uint32_t)a->next_communities;
	}
	return aspath_decode(a->aspath, a->aspath_len, &r->aspath);
}

/* The evaluator's set_mask as BGP_POL_SET_* for the caller. */
static unsigned
pol_set(const struct route *o)
{
	static const struct {
		uint32_t	 route;
		unsigned	 pol;
	} map[] = {
		{ ROUTE_SET_NEXTHOP, BGP_POL_SET_NEXTHOP },
		{ ROUTE_SET_NH_UNCHANGED, BGP_POL_SET_NH_UNCHANGED },
		{ ROUTE_SET_NH_DISCARD, BGP_POL_SET_NH_DISCARD },
		{ ROUTE_SET_MED, BGP_POL_SET_MED },
		{ ROUTE_SET_LOCAL_PREF, BGP_POL_SET_LOCAL_PREF },
		{ ROUTE_SET_WEIGHT, BGP_POL_SET_WEIGHT },
		{ ROUTE_SET_ASPATH, BGP_POL_SET_ASPATH },
		{ ROUTE_SET_COMMUNITY, BGP_POL_SET_COMMUNITY },
		{ ROUTE_SET_ORIGIN, BGP_POL_SET_ORIGIN },
	};
	unsigned	 set = 0;
	size_t		 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (o->set_mask & map[i].route)
			set |= map[i].pol;
	/* self / peer-address the policy could not resolve: not set */
	if ((o->set_mask & ROUTE_SET_NEXTHOP) && o->nh_kind != ROUTE_NH_ADDR)
		set &= ~(unsigned)BGP_POL_SET_NEXTHOP;
	return set;
}

/* Replaces a list of the set: n elements of sz bytes (a copy of v). */
static int
put_list(void **dst, uint32_t *dstn, const void *v, size_t n, size_t sz)
{
	void	*nv = NULL;

	if (n > UINT32_MAX)
		return -1;
	if (n > 0) {
		if (n > SIZE_MAX / sz || (nv = malloc(n * sz)) == NULL)
			return -1;
		memcpy(nv, v, n * sz);
	}
	free(*dst);
	*dst = nv;
	*dstn = (uint32_t)n;
	return 0;
}

static void
present(struct bgp_attrs *a, int code, int on)
{
	if (on)
		a->present |= BGP_ATTRBIT(code);
	else
		a->present &= ~BGP_ATTRBIT(code);
}

/* in's lists changed by the policy: o no longer borrows v's. */
static int
aspath_changed(const struct aspath *o, const struct aspath *v)
{
	return o->nas != v->nas || o->nseg != v->nseg ||
	    (o->nas > 0 && o->as != v->as) ||
	    (o->nseg > 0 && o->seg != v->seg);
}

/* The policy's result o as a new set: in's, with what the policy set. */
static struct bgp_attrs *
build(const struct bgp_attrs *in, const struct route *v,
    const struct route *o)
{
	struct bgp_attrs	*a;
	uint8_t			*w;
	size_t			 i, n;
	void			*arr;

	if ((a = bgp_attrs_dup(in)) == NULL)
		return NULL;
	if ((o->set_mask & ROUTE_SET_NEXTHOP) && o->nh_kind == ROUTE_NH_ADDR &&
	    o->nexthop.af != 0 && addr_cmp(&o->nexthop, &in->nexthop) != 0) {
		a->nexthop = o->nexthop;
		/* a link-local next hop belongs to the old global one */
		memset(&a->nexthop_ll, 0, sizeof(a->nexthop_ll));
	}
	if (o->set_mask & ROUTE_SET_MED) {
		a->med = o->med;
		present(a, BGP_ATTR_MED, o->has_med);
	}
	if (o->set_mask & ROUTE_SET_LOCAL_PREF) {
		a->local_pref = o->local_pref;
		present(a, BGP_ATTR_LOCAL_PREF, o->has_local_pref);
	}
	if (o->set_mask & ROUTE_SET_ORIGIN)
		a->origin = o->origin;
	if (o->set_mask & ROUTE_SET_WEIGHT) {
		a->has_weight = 1;
		a->weight = o->weight;
	}
	if (aspath_changed(&o->aspath, &v->aspath)) {
		if (aspath_encode(&o->aspath, &w, &n) == -1)
			goto fail;
		free(a->aspath);
		a->aspath = w;
		a->aspath_len = n;
		a->present |= BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	}
	if (o->comm != v->comm || o->ncomm != v->ncomm) {
		arr = a->communities;
		if (put_list(&arr, &a->ncommunities, o->comm, o->ncomm,
		    sizeof(o->comm[0])) == -1)
			goto fail;
		a->communities = arr;
		present(a, BGP_ATTR_COMMUNITIES, o->ncomm > 0);
	}
	if (o->lcomm != v->lcomm || o->nlcomm != v->nlcomm) {
		/* no present bit for code 32: the count says it */
		arr = a->large_communities;
		if (put_list(&arr, &a->nlarge_communities, o->lcomm,
		    o->nlcomm, sizeof(o->lcomm[0])) == -1)
			goto fail;
		a->large_communities = arr;
	}
	if (o->ecomm != v->ecomm || o->necomm != v->necomm) {
		w = NULL;
		if (o->necomm > 0 && (w = calloc(o->necomm, ECOMM_WIRE)) ==
		    NULL)
			goto fail;
		for (i = 0; i < o->necomm; i++)
			ecomm_encode(&o->ecomm[i], w + i * ECOMM_WIRE);
		free(a->ext_communities);
		a->ext_communities = w;
		a->next_communities = o->necomm;
		present(a, BGP_ATTR_EXT_COMMUNITIES, o->necomm > 0);
	}
	return a;
fail:
	bgp_attrs_unref(a);
	return NULL;
}

int
bgp_policy_apply(const struct rpl_prog *prog, struct bgp_pol_ctx *ctx,
    struct bgp_attrs *in, struct bgp_attrs **out)
{
	/* reused across calls: their own buffers stop growing */
	static struct route	 view, res;
	struct bgp_attrs	*a, *ia;
	int			 rv;

	ctx->set = 0;
	if (prog == NULL && in->interned) {
		*out = bgp_attrs_ref(in);
		return BGP_POL_PERMIT;
	}
	if (bgp_policy_view(in, ctx->prefix, &view) == -1)
		return BGP_POL_ERROR;
	view.peer = ctx->peer;
	view.path_type = (uint8_t)ctx->path_type;
	view.weight = ctx->weight;
	view.rpki = ctx->rpki;
	rv = prog != NULL ? rpl_eval(prog, &view, &res, NULL, NULL) :
	    RPL_ACCEPTED;
	if (rv == RPL_ERROR)
		return BGP_POL_ERROR;
	if (!(rv & RPL_ACCEPTED))
		return BGP_POL_DENY;
	if (!(rv & RPL_MODIFIED)) {
		if (in->interned) {
			*out = bgp_attrs_ref(in);
			return BGP_POL_PERMIT;
		}
		(void)route_copy(&res, &view);
		res.set_mask = 0;
	}
	ctx->set = pol_set(&res);
	if ((a = build(in, &view, &res)) == NULL)
		return BGP_POL_ERROR;
	if ((ia = bgp_attrs_intern(a)) == NULL) {
		bgp_attrs_unref(a);
		return BGP_POL_ERROR;
	}
	*out = ia;
	return BGP_POL_PERMIT;
}

int
bgp_policy_pathsel(const struct rpl_prog *prog, struct bgp_pol_ctx *ctx,
    const struct bgp_attrs *in, uint8_t *sel, uint8_t *flags)
{
	/* reused across calls, as in bgp_policy_apply */
	static struct route	 view, res;
	int			 rv;

	*sel = PATHSEL_NONE;
	*flags = 0;
	ctx->set = 0;
	if (prog == NULL)
		return 0;
	if (bgp_policy_view(in, ctx->prefix, &view) == -1)
		return -1;
	view.peer = ctx->peer;
	view.path_type = (uint8_t)ctx->path_type;
	view.weight = ctx->weight;
	view.rpki = ctx->rpki;
	rv = rpl_eval(prog, &view, &res, NULL, NULL);
	if (rv == RPL_ERROR)
		return -1;
	/* res is only written for a route the policy changed */
	if (!(rv & RPL_ACCEPTED) || !(rv & RPL_MODIFIED) ||
	    !(res.set_mask & ROUTE_SET_PATHSEL))
		return 0;
	*sel = res.path_sel;
	*flags = res.path_sel_flags;
	return 0;
}

int
bgp_policy_dampening(const struct rpl_prog *prog, struct bgp_pol_ctx *ctx,
    const struct bgp_attrs *in, uint32_t damp[4])
{
	/* reused across calls, as in bgp_policy_apply */
	static struct route	 view, res;
	int			 rv;

	ctx->set = 0;
	if (prog == NULL)
		return 0;
	if (bgp_policy_view(in, ctx->prefix, &view) == -1)
		return -1;
	view.peer = ctx->peer;
	view.path_type = (uint8_t)ctx->path_type;
	view.weight = ctx->weight;
	view.rpki = ctx->rpki;
	rv = rpl_eval(prog, &view, &res, NULL, NULL);
	if (rv == RPL_ERROR)
		return -1;
	if (!(rv & RPL_ACCEPTED) || !(rv & RPL_MODIFIED) ||
	    !(res.set_mask & ROUTE_SET_DAMPENING))
		return 0;
	memcpy(damp, res.damp, sizeof(res.damp));
	return 1;
}
