/*
 * export: the filters, the outbound policy and the session rules that
 * turn one best path into what one update group is sent; see export.h.
 * The path is copied only when a rule changes it (export_attrs.c), so an
 * iBGP export that changes nothing hands back the Loc-RIB's own set.
 */
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/export.h"
#include "core/bgp/export_attrs.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/rpl/community.h"

static const char *const result_names[] = {
	[EXPORT_SEND] = "send",
	[EXPORT_NO_ADVERTISE] = "no-advertise",
	[EXPORT_NO_EXPORT] = "no-export",
	[EXPORT_NO_EXPORT_SUBCONFED] = "no-export-subconfed",
	[EXPORT_IBGP] = "ibgp-not-reflected",
	[EXPORT_RFC8212] = "rfc8212",
	[EXPORT_POLICY] = "policy",
	[EXPORT_NO_NEXTHOP] = "no-nexthop",
	[EXPORT_ERROR] = "error",
};

const char *
export_result_name(enum export_result r)
{
	if ((unsigned)r >= sizeof(result_names) / sizeof(result_names[0]) ||
	    result_names[r] == NULL)
		return "unknown";
	return result_names[r];
}

int
bgp_as_private(uint32_t asn)
{
	return asn_is_private(asn);
}

static int
has_comm(const struct bgp_attrs *a, uint32_t c)
{
	size_t	 i;

	if (!(a->present & BGP_ATTRBIT(BGP_ATTR_COMMUNITIES)))
		return 0;
	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == c)
			return 1;
	return 0;
}

static int
src_ibgp(const struct export_source *src)
{
	return src->local == BGP_LOCAL_NONE && !src->ebgp;
}

/* Step 1: the filters, on the path as the Loc-RIB holds it. */
static enum export_result
filter(const struct export_target *t, const struct export_source *src,
    const struct bgp_attrs *a)
{
	if (has_comm(a, COMM_NO_ADVERTISE))
		return EXPORT_NO_ADVERTISE;
	if (t->ebgp && has_comm(a, COMM_NO_EXPORT))
		return EXPORT_NO_EXPORT;
	/* No confederations here: every eBGP peer is outside the AS. */
	if (t->ebgp && has_comm(a, COMM_LOCAL_AS))
		return EXPORT_NO_EXPORT_SUBCONFED;
	/* RFC 4456 6: a non-client's path goes to clients only. */
	if (!t->ebgp && src_ibgp(src) && !src->rr_client && !t->rr_client)
		return EXPORT_IBGP;
	if (t->ebgp && t->policy == NULL && !t->unsafe_ebgp)
		return EXPORT_RFC8212;
	return EXPORT_SEND;
}

static int
path_type(const struct export_source *src)
{
	if (src->local != BGP_LOCAL_NONE)
		return PATH_LOCAL;
	return src->ebgp ? PATH_EBGP : PATH_IBGP;
}

/* Step 2: the outbound route-policy; *in gets one reference. */
static enum export_result
run_policy(const struct export_target *t, const struct export_source *src,
    const struct xprefix *pfx, struct bgp_attrs *best,
    struct bgp_attrs **in, unsigned *set)
{
	struct bgp_pol_ctx	 ctx;
	int			 rv;

	*set = 0;
	if (t->policy == NULL) {
		*in = bgp_attrs_ref(best);
		return EXPORT_SEND;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	ctx.peer = t->pctx;
	ctx.path_type = path_type(src);
	ctx.rpki = src->rov == BGP_ROV_VALID ? RPKI_VALID :
	    src->rov == BGP_ROV_INVALID ? RPKI_INVALID : RPKI_NOT_FOUND;
	if (best->has_weight)
		ctx.weight = best->weight;
	else if (src->local != BGP_LOCAL_NONE)
		ctx.weight = BGP_WEIGHT_LOCAL;
	rv = bgp_policy_apply(t->policy, &ctx, best, in);
	if (rv == BGP_POL_ERROR)
		return EXPORT_ERROR;
	if (rv != BGP_POL_PERMIT)
		return EXPORT_POLICY;
	/* XR: a reflected path keeps its attributes; the policy filters */
	if (!t->ebgp && src_ibgp(src) && !t->ibgp_enforce_mods) {
		bgp_attrs_unref(*in);
		*in = bgp_attrs_ref(best);
		return EXPORT_SEND;
	}
	*set = ctx.set;
	return EXPORT_SEND;
}

enum export_result
bgp_export(const struct export_target *t, const struct export_source *src,
    const struct xprefix *pfx, struct bgp_attrs *best,
    struct bgp_attrs **out)
{
	struct export_edit	 e;
	struct bgp_attrs	*in, *res;
	enum export_result	 r;
	unsigned		 set;

	*out = NULL;
	if ((r = filter(t, src, best)) != EXPORT_SEND)
		return r;
	if ((r = run_policy(t, src, pfx, best, &in, &set)) != EXPORT_SEND)
		return r;

	memset(&e, 0, sizeof(e));
	e.t = t;
	e.src = src;
	e.orig = best;
	e.in = in;
	e.pol_set = set;
	if (t->ebgp)
		r = export_ebgp(&e);
	else
		r = export_ibgp(&e);
	if (r == EXPORT_SEND && t->gshut)
		r = export_gshut(&e);
	if (r == EXPORT_SEND)
		r = export_common(&e);
	if (r == EXPORT_SEND)
		r = export_rov_signal(&e);
	if (r != EXPORT_SEND) {
		bgp_attrs_unref(e.cp);
		bgp_attrs_unref(in);
		return r;
	}
	if (e.cp == NULL) {
		*out = in;
		return EXPORT_SEND;
	}
	if ((res = bgp_attrs_intern(e.cp)) == NULL) {
		bgp_attrs_unref(e.cp);
		bgp_attrs_unref(in);
		return EXPORT_ERROR;
	}
	bgp_attrs_unref(in);
	*out = res;
	return EXPORT_SEND;
}
