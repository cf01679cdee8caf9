/*
 * export_attrs: the session rules of export (step 3 of export.h) and the
 * AS path edits they need.  Every rule first looks at the current set
 * (rd) and asks for the private copy (wr) only when it changes it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/decide.h"
#include "core/bgp/export_attrs.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/config/bgp_model.h"
#include "core/rpl/community.h"

#define BIT(code)	BGP_ATTRBIT(BGP_ATTR_ ## code)

static const struct bgp_attrs *
rd(const struct export_edit *e)
{
	return e->cp != NULL ? e->cp : e->in;
}

static struct bgp_attrs *
wr(struct export_edit *e)
{
	if (e->cp == NULL)
		e->cp = bgp_attrs_dup(e->in);
	return e->cp;
}

/* Bytes of p made of whole segments. */
static size_t
ap_valid(const uint8_t *p, size_t len)
{
	size_t	 off = 0, n;

	while (p != NULL && len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;
		off += 2 + 4 * n;
	}
	return off;
}

static int
seg_counts(uint8_t type)
{
	/* Confederation segments never leave the confederation. */
	return type == BGP_AS_SEQUENCE || type == BGP_AS_SET;
}

/*
 * asns[0] ends up first.  They fill the first AS_SEQUENCE up to its 255
 * ASNs (the count is one octet); what does not fit starts new ones.
 */
static int
ap_prepend(const uint8_t *p, size_t len, const uint32_t *asns,
    size_t n, uint8_t **out, size_t *outlen)
{
	size_t	 vlen, k = 0, m, first = 0, nseg, off = 0, i, cnt, sz;
	uint8_t	*b;

	*out = NULL;
	*outlen = 0;
	vlen = ap_valid(p, len);
	if (vlen >= 2 && p[0] == BGP_AS_SEQUENCE) {
		first = p[1];
		k = 255 - first < n ? 255 - first : n;
	}
	m = n - k;		/* asns[0 .. m-1] go in new segments */
	nseg = (m + 254) / 255;
	if (n > (SIZE_MAX - vlen) / 4 - nseg - 1)
		return -1;
	if ((sz = 4 * n + 2 * nseg + vlen) == 0)
		return 0;
	if ((b = malloc(sz)) == NULL)
		return -1;
	for (i = 0; i < m; ) {
		cnt = m - i > 255 ? 255 : m - i;
		b[off++] = BGP_AS_SEQUENCE;
		b[off++] = (uint8_t)cnt;
		for (; cnt > 0; cnt--, i++, off += 4)
			be32_put(b + off, asns[i]);
	}
	if (k > 0) {
		b[off++] = BGP_AS_SEQUENCE;
		b[off++] = (uint8_t)(first + k);
		for (i = m; i < n; i++, off += 4)
			be32_put(b + off, asns[i]);
		memcpy(b + off, p + 2, vlen - 2);
		off += vlen - 2;
	} else if (vlen > 0) {
		memcpy(b + off, p, vlen);
		off += vlen;
	}
	*out = b;
	*outlen = off;
	return 0;
}

/* In place: the path never grows. */
static void
ap_remove_private(uint8_t *p, size_t *len, int entire)
{
	size_t	 vlen, roff, woff = 0, n, i, kept;
	uint32_t asn;
	uint8_t	 type;

	vlen = ap_valid(p, *len);
	if (!entire) {
		/* remove-private-AS alone: only a path of private ASNs. */
		for (roff = 0; roff < vlen; roff += 2 + 4 * n) {
			n = p[roff + 1];
			if (!seg_counts(p[roff]))
				continue;
			for (i = 0; i < n; i++)
				if (!asn_is_private(be32_get(p + roff + 2 +
				    4 * i)))
					return;
		}
	}
	for (roff = 0; roff < vlen; roff += 2 + 4 * n) {
		type = p[roff];
		n = p[roff + 1];
		kept = 0;
		for (i = 0; i < n; i++) {
			asn = be32_get(p + roff + 2 + 4 * i);
			if (seg_counts(type) && asn_is_private(asn))
				continue;
			/* woff <= roff: never ahead of what is still unread */
			be32_put(p + woff + 2 + 4 * kept, asn);
			kept++;
		}
		if (kept == 0)
			continue;
		p[woff] = type;
		p[woff + 1] = (uint8_t)kept;
		woff += 2 + 4 * kept;
	}
	*len = woff;
}

/* Every from replaced by to, in place. */
static void
ap_replace(uint8_t *p, size_t len, uint32_t from, uint32_t to)
{
	size_t	 vlen, off, n, i;

	vlen = ap_valid(p, len);
	for (off = 0; off < vlen; off += 2 + 4 * n) {
		n = p[off + 1];
		if (!seg_counts(p[off]))
			continue;
		for (i = 0; i < n; i++)
			if (be32_get(p + off + 2 + 4 * i) == from)
				be32_put(p + off + 2 + 4 * i, to);
	}
}

/* A next hop we can send: an address, and not the unspecified one. */
static int
nh_usable(const struct xaddr *a)
{
	static const uint8_t	 zero[16];

	if (a->af != AF_V4 && a->af != AF_V6)
		return 0;
	return memcmp(a->a, zero, a->af == AF_V4 ? 4 : 16) != 0;
}

static int
addr_same(const struct xaddr *x, const struct xaddr *y)
{
	if (x->af != y->af)
		return 0;
	return x->af == 0 || memcmp(x->a, y->a, x->af == AF_V4 ? 4 : 16) == 0;
}

static enum export_result
nh_self(struct export_edit *e)
{
	struct bgp_attrs	*a;

	if (e->t->nexthop.af == 0)
		return EXPORT_NO_NEXTHOP;
	if (addr_same(&rd(e)->nexthop, &e->t->nexthop))
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	a->nexthop = e->t->nexthop;
	return EXPORT_SEND;
}

static int
src_ibgp(const struct export_source *src)
{
	return src->local == BGP_LOCAL_NONE && !src->ebgp;
}

static int
pol_set_nh(const struct export_edit *e)
{
	return (e->pol_set & (BGP_POL_SET_NEXTHOP |
	    BGP_POL_SET_NH_UNCHANGED)) != 0;
}

/* RFC 4456 8: ORIGINATOR_ID if absent, our cluster ID first in the list. */
static enum export_result
reflect(struct export_edit *e)
{
	struct bgp_attrs	*a;
	uint32_t		*cl;
	size_t			 n;

	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	if (!(a->present & BIT(ORIGINATOR_ID))) {
		a->originator_id = e->src->peer_router_id;
		a->present |= BIT(ORIGINATOR_ID);
	}
	n = a->ncluster;
	if (n >= SIZE_MAX / sizeof(*cl) - 1 ||
	    (cl = malloc((n + 1) * sizeof(*cl))) == NULL)
		return EXPORT_ERROR;
	cl[0] = e->t->cluster_id;
	if (n > 0)
		memcpy(cl + 1, a->cluster_list, n * sizeof(*cl));
	free(a->cluster_list);
	a->cluster_list = cl;
	a->ncluster = n + 1;
	a->present |= BIT(CLUSTER_LIST);
	return EXPORT_SEND;
}

enum export_result
export_ibgp(struct export_edit *e)
{
	const struct export_target	*t = e->t;
	struct bgp_attrs		*a;
	enum export_result		 r;
	int				 reflected, self;

	if (!(rd(e)->present & BIT(LOCAL_PREF))) {
		if ((a = wr(e)) == NULL)
			return EXPORT_ERROR;
		a->local_pref = t->default_local_pref;
		a->present |= BIT(LOCAL_PREF);
	}
	/* filter() let an iBGP path through to iBGP: we reflect it. */
	reflected = src_ibgp(e->src);
	if (reflected && (r = reflect(e)) != EXPORT_SEND)
		return r;
	if (pol_set_nh(e))
		self = 0;
	else if (e->src->local != BGP_LOCAL_NONE)
		self = 1;
	else
		self = t->nhs && !reflected;
	if (self || !nh_usable(&rd(e)->nexthop))
		return nh_self(e);
	return EXPORT_SEND;
}

static enum export_result
drop(struct export_edit *e, uint32_t bit)
{
	struct bgp_attrs	*a;

	if (!(rd(e)->present & bit))
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	a->present &= ~bit;
	return EXPORT_SEND;
}

/* Our ASNs for an eBGP peer, first one first; returns how many. */
static size_t
our_asns(const struct export_target *t, uint32_t asns[2])
{
	if (t->local_as == 0 || t->local_as == t->router_as) {
		asns[0] = t->router_as;
		return 1;
	}
	asns[0] = t->local_as;
	if (t->local_as_opts & BGP_OPT_REPLACE_AS)
		return 1;
	asns[1] = t->router_as;
	return 2;
}

static enum export_result
ebgp_aspath(struct export_edit *e)
{
	const struct export_target	*t = e->t;
	struct bgp_attrs		*a;
	uint32_t			 asns[2];
	uint8_t				*np;
	size_t				 n, nlen;

	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	if (!(a->present & BIT(AS_PATH))) {
		free(a->aspath);
		a->aspath = NULL;
		a->aspath_len = 0;
	}
	n = our_asns(t, asns);
	/* The peer's AS first, so that the ASNs put in its place count
	   as ours, not as private ones, when both are configured. */
	if (t->as_override && t->peer_as != 0 && a->aspath != NULL)
		ap_replace(a->aspath, a->aspath_len, t->peer_as,
		    asns[0]);
	if (t->remove_private && a->aspath != NULL) {
		size_t	 len = a->aspath_len;

		ap_remove_private(a->aspath, &len, t->remove_private == 2);
		a->aspath_len = (uint32_t)len;	/* only shrinks */
	}
	if (ap_prepend(a->aspath, a->aspath_len, asns, n, &np,
	    &nlen) == -1)
		return EXPORT_ERROR;
	free(a->aspath);
	a->aspath = np;
	a->aspath_len = nlen;
	a->present |= BIT(AS_PATH);
	return EXPORT_SEND;
}

/*
 * The lists an eBGP target may not get.  LARGE_COMMUNITY (code 32) has
 * no present bit: its count alone says it is there.
 */
enum xlist { XL_COMM, XL_LARGE, XL_EXT, XL_CLUSTER };

/* How many elements a list holds; *bit its present bit (0: none). */
static size_t
list_count(const struct bgp_attrs *a, enum xlist which, uint32_t *bit)
{
	switch (which) {
	case XL_COMM:
		*bit = BIT(COMMUNITIES);
		return a->ncommunities;
	case XL_LARGE:
		*bit = 0;
		return a->nlarge_communities;
	case XL_EXT:
		*bit = BIT(EXT_COMMUNITIES);
		return a->next_communities;
	case XL_CLUSTER:
		*bit = BIT(CLUSTER_LIST);
		return a->ncluster;
	}
	*bit = 0;
	return 0;
}

static void
list_free(struct bgp_attrs *a, enum xlist which)
{
	switch (which) {
	case XL_COMM:
		free(a->communities);
		a->communities = NULL;
		a->ncommunities = 0;
		break;
	case XL_LARGE:
		free(a->large_communities);
		a->large_communities = NULL;
		a->nlarge_communities = 0;
		break;
	case XL_EXT:
		free(a->ext_communities);
		a->ext_communities = NULL;
		a->next_communities = 0;
		break;
	case XL_CLUSTER:
		free(a->cluster_list);
		a->cluster_list = NULL;
		a->ncluster = 0;
		break;
	}
}

static enum export_result
drop_list(struct export_edit *e, enum xlist which)
{
	struct bgp_attrs	*a;
	uint32_t		 bit;

	if (list_count(rd(e), which, &bit) == 0 && !(rd(e)->present & bit))
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	list_free(a, which);
	a->present &= ~bit;
	return EXPORT_SEND;
}

static int
has_gshut(const struct bgp_attrs *a)
{
	uint32_t	 i;

	if (!(a->present & BIT(COMMUNITIES)))
		return 0;
	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == COMM_GSHUT)
			return 1;
	return 0;
}

/* The standard communities reduced to GRACEFUL_SHUTDOWN (present). */
static enum export_result
only_gshut(struct export_edit *e)
{
	struct bgp_attrs	*a;

	if (rd(e)->ncommunities == 1)
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	a->communities[0] = COMM_GSHUT;
	a->ncommunities = 1;
	return EXPORT_SEND;
}

enum export_result
export_ebgp(struct export_edit *e)
{
	const struct export_target	*t = e->t;
	const struct export_source	*src = e->src;
	enum export_result		 r;
	int				 keep_med, keep_nh;

	/* RFC 4271 5.1.4: a MED from another AS stays in the AS it
	   entered; one set inside our AS (here, by the policy, or by an
	   iBGP speaker that originated the path) may go out. */
	keep_med = (e->pol_set & BGP_POL_SET_MED) ||
	    src->local != BGP_LOCAL_NONE ||
	    (src_ibgp(src) && e->orig->aspath_len == 0);
	if ((r = drop(e, BIT(LOCAL_PREF))) != EXPORT_SEND ||
	    (r = drop(e, BIT(ORIGINATOR_ID))) != EXPORT_SEND ||
	    (r = drop_list(e, XL_CLUSTER)) != EXPORT_SEND ||
	    (!keep_med && (r = drop(e, BIT(MED))) != EXPORT_SEND))
		return r;
	if ((r = ebgp_aspath(e)) != EXPORT_SEND)
		return r;
	keep_nh = pol_set_nh(e) || t->nhu;
	if (!keep_nh || !nh_usable(&rd(e)->nexthop))
		if ((r = nh_self(e)) != EXPORT_SEND)
			return r;
	if (!t->send_comm && t->send_gshut && has_gshut(rd(e))) {
		/* send-community-gshut-ebgp: that one community only */
		if ((r = drop_list(e, XL_LARGE)) != EXPORT_SEND ||
		    (r = only_gshut(e)) != EXPORT_SEND)
			return r;
	} else if (!t->send_comm &&
	    ((r = drop_list(e, XL_COMM)) != EXPORT_SEND ||
	    (r = drop_list(e, XL_LARGE)) != EXPORT_SEND))
		return r;
	if (!t->send_extcomm &&
	    (r = drop_list(e, XL_EXT)) != EXPORT_SEND)
		return r;
	return EXPORT_SEND;
}

/* graceful-maintenance as-prepends: the first AS we put (ebgp_aspath
   ran) that many more times in front. */
static enum export_result
gshut_prepend(struct export_edit *e)
{
	const struct export_target	*t = e->t;
	struct bgp_attrs		*a;
	uint32_t			 asns[6], ours[2];
	uint8_t				*np;
	size_t				 i, n, nlen;

	n = t->gshut_prepends < 6 ? t->gshut_prepends : 6;
	our_asns(t, ours);
	for (i = 0; i < n; i++)
		asns[i] = ours[0];
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	if (ap_prepend(a->aspath, a->aspath_len, asns, n, &np, &nlen) == -1)
		return EXPORT_ERROR;
	free(a->aspath);
	a->aspath = np;
	a->aspath_len = nlen;
	a->present |= BIT(AS_PATH);
	return EXPORT_SEND;
}

enum export_result
export_gshut(struct export_edit *e)
{
	const struct export_target	*t = e->t;
	struct bgp_attrs		*a;
	uint32_t			*c;
	uint32_t			 n;
	enum export_result		 r;

	if (!t->ebgp && t->gshut_lp_set &&
	    (!(rd(e)->present & BIT(LOCAL_PREF)) ||
	    rd(e)->local_pref != t->gshut_lp)) {
		if ((a = wr(e)) == NULL)
			return EXPORT_ERROR;
		a->local_pref = t->gshut_lp;
		a->present |= BIT(LOCAL_PREF);
	}
	if (t->ebgp && t->gshut_prepends > 0 &&
	    (r = gshut_prepend(e)) != EXPORT_SEND)
		return r;
	if (t->ebgp && !t->send_comm && !t->send_gshut)
		return EXPORT_SEND;
	if (has_gshut(rd(e)))
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	n = (a->present & BIT(COMMUNITIES)) ? a->ncommunities : 0;
	if (n >= UINT32_MAX / sizeof(*c) - 1 ||
	    (c = reallocarray(n > 0 ? a->communities : NULL, n + 1,
	    sizeof(*c))) == NULL)
		return EXPORT_ERROR;
	if (n == 0 && a->communities != NULL)
		free(a->communities);
	c[n] = COMM_GSHUT;
	a->communities = c;
	a->ncommunities = n + 1;
	a->present |= BIT(COMMUNITIES);
	return EXPORT_SEND;
}

static int
unknown_kept(const struct bgp_rawattr *u)
{
	/* RFC 4271 9: only optional transitive ones travel on. */
	return (u->flags & BGP_ATTRF_OPTIONAL) &&
	    (u->flags & BGP_ATTRF_TRANSITIVE);
}

static enum export_result
unknown_partial(struct export_edit *e)
{
	const struct bgp_attrs	*c = rd(e);
	struct bgp_attrs	*a;
	size_t			 i, k;

	for (i = 0; i < c->nunknown; i++)
		if (!unknown_kept(&c->unknown[i]) ||
		    !(c->unknown[i].flags & BGP_ATTRF_PARTIAL))
			break;
	if (i == c->nunknown)
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	for (i = k = 0; i < a->nunknown; i++) {
		if (!unknown_kept(&a->unknown[i])) {
			free(a->unknown[i].data);
			continue;
		}
		a->unknown[k] = a->unknown[i];
		a->unknown[k++].flags |= BGP_ATTRF_PARTIAL;
	}
	a->nunknown = k;
	if (k == 0) {
		free(a->unknown);
		a->unknown = NULL;
	}
	return EXPORT_SEND;
}

enum export_result
export_common(struct export_edit *e)
{
	struct bgp_attrs	*a;

	/* A link-local next hop is only good on the link it came from,
	   never the target's; we have none of our own to offer. */
	if (rd(e)->has_weight || rd(e)->nexthop_ll.af != 0) {
		if ((a = wr(e)) == NULL)
			return EXPORT_ERROR;
		a->has_weight = 0;
		a->weight = 0;
		memset(&a->nexthop_ll, 0, sizeof(a->nexthop_ll));
	}
	return unknown_partial(e);
}

/* ---------------------------------------------------- RFC 8097 signal */

#define ROV_ECOMM_TYPE		0x43	/* non-transitive opaque */
#define ROV_ECOMM_SUBTYPE	0x00

int
bgp_rov_ecomm_encode(uint8_t rov, uint8_t out[8])
{
	memset(out, 0, 8);
	out[0] = ROV_ECOMM_TYPE;
	out[1] = ROV_ECOMM_SUBTYPE;
	switch (rov) {
	case BGP_ROV_VALID:
		out[7] = 0;
		return 0;
	case BGP_ROV_NOT_FOUND:
		out[7] = 1;
		return 0;
	case BGP_ROV_INVALID:
		out[7] = 2;
		return 0;
	default:
		return -1;
	}
}

static int
is_rov_ecomm(const uint8_t *c)
{
	return c[0] == ROV_ECOMM_TYPE && c[1] == ROV_ECOMM_SUBTYPE;
}

uint8_t
bgp_rov_ecomm_state(const struct bgp_attrs *a)
{
	const uint8_t	*c;
	size_t		 i;

	if (!(a->present & BIT(EXT_COMMUNITIES)) || a->ext_communities == NULL)
		return BGP_ROV_OFF;
	for (i = 0; i < a->next_communities; i++) {
		c = a->ext_communities + 8 * i;
		if (!is_rov_ecomm(c))
			continue;
		switch (c[7]) {
		case 0:
			return BGP_ROV_VALID;
		case 1:
			return BGP_ROV_NOT_FOUND;
		case 2:
			return BGP_ROV_INVALID;
		default:
			return BGP_ROV_OFF;
		}
	}
	return BGP_ROV_OFF;
}

enum export_result
export_rov_signal(struct export_edit *e)
{
	const struct bgp_attrs	*r = rd(e);
	struct bgp_attrs	*a;
	uint8_t			 mine[8], *nv;
	size_t			 i, n = 0, had = 0;
	int			 add;

	add = !e->t->ebgp && e->t->signal_rov &&
	    bgp_rov_ecomm_encode(e->src->rov, mine) == 0;
	if ((r->present & BIT(EXT_COMMUNITIES)) && r->ext_communities != NULL)
		for (i = 0; i < r->next_communities; i++)
			had += is_rov_ecomm(r->ext_communities + 8 * i);
	if (!add && (had == 0 || !e->t->ebgp))
		return EXPORT_SEND;	/* iBGP without our state: as is */
	if (add && had == 1 && bgp_rov_ecomm_state(r) == e->src->rov)
		return EXPORT_SEND;
	if ((a = wr(e)) == NULL)
		return EXPORT_ERROR;
	if (!(a->present & BIT(EXT_COMMUNITIES)) || a->ext_communities == NULL)
		a->next_communities = 0;
	if ((nv = malloc(8 * ((size_t)a->next_communities + 1))) == NULL)
		return EXPORT_ERROR;
	for (i = 0; i < a->next_communities; i++)
		if (!is_rov_ecomm(a->ext_communities + 8 * i))
			memcpy(nv + 8 * n++, a->ext_communities + 8 * i, 8);
	if (add)
		memcpy(nv + 8 * n++, mine, 8);
	free(a->ext_communities);
	a->ext_communities = n > 0 ? nv : NULL;
	a->next_communities = (uint32_t)n;
	if (n == 0) {
		free(nv);
		a->present &= ~BIT(EXT_COMMUNITIES);
	} else
		a->present |= BIT(EXT_COMMUNITIES);
	return EXPORT_SEND;
}
