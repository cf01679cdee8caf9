/*
 * attr_decode: the checks of each path attribute an UPDATE carries, with
 * the RFC 7606 action of each malformation, and the RFC 6793 AS4 merge.
 * The message walk is in wire_update.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/update_int.h"

const char *
upd_attr_name(uint8_t type)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:		return "ORIGIN";
	case BGP_ATTR_AS_PATH:		return "AS_PATH";
	case BGP_ATTR_NEXT_HOP:		return "NEXT_HOP";
	case BGP_ATTR_MED:		return "MULTI_EXIT_DISC";
	case BGP_ATTR_LOCAL_PREF:	return "LOCAL_PREF";
	case BGP_ATTR_ATOMIC_AGGREGATE:	return "ATOMIC_AGGREGATE";
	case BGP_ATTR_AGGREGATOR:	return "AGGREGATOR";
	case BGP_ATTR_COMMUNITIES:	return "COMMUNITIES";
	case BGP_ATTR_ORIGINATOR_ID:	return "ORIGINATOR_ID";
	case BGP_ATTR_CLUSTER_LIST:	return "CLUSTER_LIST";
	case BGP_ATTR_MP_REACH_NLRI:	return "MP_REACH_NLRI";
	case BGP_ATTR_MP_UNREACH_NLRI:	return "MP_UNREACH_NLRI";
	case BGP_ATTR_EXT_COMMUNITIES:	return "EXTENDED_COMMUNITIES";
	case BGP_ATTR_AS4_PATH:		return "AS4_PATH";
	case BGP_ATTR_AS4_AGGREGATOR:	return "AS4_AGGREGATOR";
	case BGP_ATTR_LARGE_COMMUNITY:	return "LARGE_COMMUNITY";
	}
	return "attribute";
}

static unsigned
afsafi_af(uint16_t afi, uint8_t safi)
{
	if (safi != BGP_SAFI_UNICAST)
		return 0;
	if (afi == BGP_AFI_IPV4)
		return BGP_AF_V4U;
	if (afi == BGP_AFI_IPV6)
		return BGP_AF_V6U;
	return 0;
}

/*
 * Checks and converts an AS_PATH or AS4_PATH value to the 4-octet wire
 * form (RFC 4271 4.3, RFC 6793).  asz is 2 or 4.  With drop_confed the
 * confederation segments are left out (AS4_PATH, RFC 6793 section 6).
 * Returns 0 with *out (NULL for an empty path), -1 with *why when the
 * path is malformed per RFC 7606 7.2 and RFC 7607 (AS 0), -2 on ENOMEM.
 * The output is at most 2 * len bytes (2-octet ASNs double).
 */
static int
parse_aspath(const uint8_t *p, size_t len, size_t asz, int drop_confed,
    int no_confed, uint8_t **out, size_t *outlen, const char **why)
{
	uint8_t		*o;
	size_t		 off = 0, olen = 0, n, i;
	uint32_t	 asn;
	uint8_t		 type;

	*out = NULL;
	*outlen = 0;
	/* First pass: structure only, so nothing is allocated for junk. */
	while (off < len) {
		if (len - off < 2) {
			*why = "segment header underrun";
			return -1;
		}
		type = p[off];
		n = p[off + 1];
		if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET) {
			*why = "bad segment type";
			return -1;
		}
		if (n == 0) {
			*why = "segment of length zero";
			return -1;
		}
		if (n * asz > len - off - 2) {
			*why = "segment overruns the attribute";
			return -1;
		}
		if (no_confed && (type == BGP_AS_CONFED_SEQUENCE ||
		    type == BGP_AS_CONFED_SET)) {
			*why = "confederation segment from an external peer";
			return -1;
		}
		for (i = 0; i < n; i++) {
			asn = asz == 2 ? upd_get16(p + off + 2 + 2 * i) :
			    upd_get32(p + off + 2 + 4 * i);
			if (asn == 0) {
				*why = "AS 0 in the path";
				return -1;
			}
		}
		off += 2 + n * asz;
	}
	if (len == 0)
		return 0;
	if ((o = malloc(len / asz * 4 + len)) == NULL)
		return -2;
	for (off = 0; off < len; off += 2 + n * asz) {
		type = p[off];
		n = p[off + 1];
		if (drop_confed && (type == BGP_AS_CONFED_SEQUENCE ||
		    type == BGP_AS_CONFED_SET))
			continue;
		o[olen++] = type;
		o[olen++] = (uint8_t)n;
		for (i = 0; i < n; i++) {
			asn = asz == 2 ? upd_get16(p + off + 2 + 2 * i) :
			    upd_get32(p + off + 2 + 4 * i);
			be32_put(o + olen, asn);
			olen += 4;
		}
	}
	if (olen == 0) {
		free(o);
		return 0;
	}
	*out = o;
	*outlen = olen;
	return 0;
}

/*
 * RFC 6793 4.2.3: rebuilds the path of a 2-octet peer from AS_PATH (with
 * AS_TRANS in it) and AS4_PATH.  When AS_PATH is shorter than AS4_PATH the
 * AS4_PATH is ignored; otherwise the leading ASNs of AS_PATH that AS4_PATH
 * doesn't cover are kept and AS4_PATH is appended.  Counting is that of
 * path length (RFC 4271 9.1.2.2): a set counts 1, confederation segments
 * 0.  Confederation segments are kept only where RFC 5065 puts them, at
 * the front; one after the first non-confederation segment ends the copy
 * (AS4_PATH never has them), so merging again what we send gives back the
 * same path.
 */
static int
merge_as4path(struct dec *d)
{
	struct bgp_attrs	*a = d->a;
	unsigned		 n2, n4, need;
	size_t			 off = 0, olen = 0, n, take;
	int			 lead = 1;
	uint8_t			*o, type;

	n2 = bgp_aspath_length(a->aspath, a->aspath_len);
	n4 = bgp_aspath_length(d->as4path, d->as4path_len);
	if (n2 < n4) {
		upd_note(d, "AS4_PATH longer than AS_PATH, ignored");
		return 0;
	}
	need = n2 - n4;
	if ((o = malloc(a->aspath_len + d->as4path_len + 1)) == NULL)
		return -1;
	while (a->aspath_len - off >= 2) {
		type = a->aspath[off];
		n = a->aspath[off + 1];
		if (type == BGP_AS_CONFED_SEQUENCE ||
		    type == BGP_AS_CONFED_SET) {
			if (!lead)
				break;
			take = n;
		} else {
			lead = 0;
			if (need == 0)
				break;
			if (type == BGP_AS_SET) {
				take = n;
				need--;
			} else {
				take = n < need ? n : need;
				need -= (unsigned)take;
			}
		}
		o[olen++] = type;
		o[olen++] = (uint8_t)take;
		memcpy(o + olen, a->aspath + off + 2, 4 * take);
		olen += 4 * take;
		off += 2 + 4 * n;
	}
	if (d->as4path_len > 0)
		memcpy(o + olen, d->as4path, d->as4path_len);
	olen += d->as4path_len;
	free(a->aspath);
	a->aspath = o;
	a->aspath_len = olen;
	return 0;
}

/* Expected Optional/Transitive bits of the attributes we know. */
static int
known_flags(uint8_t type, uint8_t *want)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
	case BGP_ATTR_AS_PATH:
	case BGP_ATTR_NEXT_HOP:
	case BGP_ATTR_LOCAL_PREF:
	case BGP_ATTR_ATOMIC_AGGREGATE:
		*want = BGP_ATTRF_TRANSITIVE;
		return 1;
	case BGP_ATTR_MED:
	case BGP_ATTR_ORIGINATOR_ID:
	case BGP_ATTR_CLUSTER_LIST:
	case BGP_ATTR_MP_REACH_NLRI:
	case BGP_ATTR_MP_UNREACH_NLRI:
		*want = BGP_ATTRF_OPTIONAL;
		return 1;
	case BGP_ATTR_AGGREGATOR:
	case BGP_ATTR_COMMUNITIES:
	case BGP_ATTR_EXT_COMMUNITIES:
	case BGP_ATTR_AS4_PATH:
	case BGP_ATTR_AS4_AGGREGATOR:
	case BGP_ATTR_LARGE_COMMUNITY:
		*want = BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE;
		return 1;
	}
	return 0;
}

/* The RFC 7606 action for a malformed attribute of this type. */
static enum sev
malformed_sev(uint8_t type)
{
	switch (type) {
	case BGP_ATTR_ATOMIC_AGGREGATE:		/* 7606 7.6, 3(f) */
	case BGP_ATTR_AGGREGATOR:		/* 7606 7.7, 3(f) */
	case BGP_ATTR_AS4_PATH:			/* RFC 6793 section 6 */
	case BGP_ATTR_AS4_AGGREGATOR:
		return SEV_DISCARD;
	case BGP_ATTR_MP_REACH_NLRI:		/* 7606 5.3, 7.11, 3(j) */
	case BGP_ATTR_MP_UNREACH_NLRI:
		return SEV_RESET;
	}
	return SEV_WITHDRAW;
}

static int
u32_array(struct dec *d, const uint8_t *v, size_t len, uint32_t **out,
    uint32_t *n)
{
	size_t	 i;

	if ((*out = reallocarray(NULL, len / 4, sizeof(uint32_t))) == NULL) {
		d->oom = 1;
		return -1;
	}
	for (i = 0; i < len / 4; i++)
		(*out)[i] = upd_get32(v + 4 * i);
	*n = (uint32_t)(len / 4);	/* len < 64 KiB */
	return 0;
}

static void
attr_mp_reach(struct dec *d, const uint8_t *whole, size_t wlen,
    const uint8_t *v, size_t len)
{
	struct bgp_attrs	*a = d->a;
	const char		*why = NULL;
	uint16_t		 afi;
	uint8_t			 safi, nhlen;
	unsigned		 af;
	size_t			 nlri_off, before;

	if (len < 5) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_REACH_NLRI length %zu below 5", len);
		return;
	}
	afi = upd_get16(v);
	safi = v[2];
	nhlen = v[3];
	/* next hop, then the reserved octet (RFC 4760 3), then NLRI */
	if ((size_t)nhlen + 5 > len) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_REACH_NLRI next hop length %u overruns the attribute",
		    nhlen);
		return;
	}
	nlri_off = 5 + (size_t)nhlen;
	if (nlri_off < len)
		d->reach_nlri = 1;
	af = afsafi_af(afi, safi);
	if (af == 0 || (d->ctx->afs & af) == 0) {
		/*
		 * A family we don't speak or didn't negotiate.  The attribute
		 * is well framed (its length is checked), so nothing else in
		 * the message is in doubt: ignore it rather than reset (RFC
		 * 4760 7 applies to incorrect attributes, and a peer sending
		 * an unnegotiated family is not one).
		 */
		upd_note(d, "MP_REACH_NLRI for AFI %u SAFI %u not negotiated, "
		    "ignored", afi, safi);
		return;
	}
	if ((af == BGP_AF_V4U && nhlen != 4) ||
	    (af == BGP_AF_V6U && nhlen != 16 && nhlen != 32)) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_REACH_NLRI next hop length %u for AFI %u SAFI %u",
		    nhlen, afi, safi);
		return;
	}
	before = d->nl.n;
	if (upd_parse_prefixes(d, v + nlri_off, len - nlri_off,
	    af == BGP_AF_V4U ? AF_V4 : AF_V6, &d->nl, &why) == -1) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_REACH_NLRI: %s", why);
		return;
	}
	/*
	 * One attribute set has one next hop: with NLRI in the IPv4 field
	 * too (RFC 7606 5.1 forbids sending that, we must still take it),
	 * NEXT_HOP wins and the MP_REACH next hop is not kept.
	 */
	if (d->nv4nlri > 0 || d->nl.n == before)
		return;
	memset(&a->nexthop, 0, sizeof(a->nexthop));
	memset(&a->nexthop_ll, 0, sizeof(a->nexthop_ll));
	a->nexthop.af = af == BGP_AF_V4U ? AF_V4 : AF_V6;
	memcpy(a->nexthop.a, v + 4, nhlen == 32 ? 16 : nhlen);
	if (nhlen == 32) {
		a->nexthop_ll.af = AF_V6;
		memcpy(a->nexthop_ll.a, v + 4 + 16, 16);
	}
}

static void
attr_mp_unreach(struct dec *d, const uint8_t *whole, size_t wlen,
    const uint8_t *v, size_t len)
{
	const char	*why = NULL;
	uint16_t	 afi;
	uint8_t		 safi;
	unsigned	 af;
	size_t		 before;

	if (len < 3) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_UNREACH_NLRI length %zu below 3", len);
		return;
	}
	afi = upd_get16(v);
	safi = v[2];
	af = afsafi_af(afi, safi);
	if (af == 0 || (d->ctx->afs & af) == 0) {
		upd_note(d, "MP_UNREACH_NLRI for AFI %u SAFI %u not "
		    "negotiated, ignored", afi, safi);
		return;
	}
	before = d->wd.n;
	if (upd_parse_prefixes(d, v + 3, len - 3, af == BGP_AF_V4U ? AF_V4 :
	    AF_V6, &d->wd, &why) == -1) {
		upd_fail(d, SEV_RESET, BGP_ERR_UPD_OPTATTR, whole, wlen,
		    "MP_UNREACH_NLRI: %s", why);
		return;
	}
	d->unreach_af = af;
	d->unreach_n = d->wd.n - before;
}

/*
 * Keeps an unknown optional transitive attribute, Partial set (RFC 4271
 * 5: we pass it on without knowing it).  The list is sorted by type code
 * (duplicates never get here), so two sets with the same attributes are
 * equal whatever order they arrived in, and the encoder, which writes in
 * type-code order, gives back the same set.
 */
static int
keep_unknown(struct dec *d, uint8_t flags, uint8_t type, const uint8_t *v,
    size_t len)
{
	struct bgp_attrs	*a = d->a;
	struct bgp_rawattr	*ru, nu;
	size_t			 i;

	memset(&nu, 0, sizeof(nu));
	nu.flags = (uint8_t)((flags & (BGP_ATTRF_OPTIONAL |
	    BGP_ATTRF_TRANSITIVE)) | BGP_ATTRF_PARTIAL);
	nu.type = type;
	nu.len = (uint16_t)len;
	if (len > 0) {
		if ((nu.data = malloc(len)) == NULL)
			return -1;
		memcpy(nu.data, v, len);
	}
	ru = reallocarray(a->unknown, a->nunknown + 1, sizeof(*a->unknown));
	if (ru == NULL) {
		free(nu.data);
		return -1;
	}
	a->unknown = ru;
	for (i = a->nunknown; i > 0 && ru[i - 1].type > type; i--)
		ru[i] = ru[i - 1];
	ru[i] = nu;
	a->nunknown++;
	return 0;
}

/*
 * One attribute whose header and length are already checked against the
 * attribute section.  whole/wlen is the full TLV (for the NOTIFICATION
 * data), v/len its value.
 */
void
upd_attr_one(struct dec *d, uint8_t flags, uint8_t type, const uint8_t *whole,
    size_t wlen, const uint8_t *v, size_t len)
{
	const struct bgp_codec_ctx *ctx = d->ctx;
	struct bgp_attrs	*a = d->a;
	const char		*why = NULL;
	uint8_t			 want, *path;
	size_t			 plen;
	enum sev		 sev;
	int			 r;

	/* Attributes an external peer must not send: 7606 7.5, 7.9, 7.10. */
	if (ctx->ebgp && (type == BGP_ATTR_LOCAL_PREF ||
	    type == BGP_ATTR_ORIGINATOR_ID || type == BGP_ATTR_CLUSTER_LIST)) {
		d->up->ndiscarded++;
		upd_note(d, "%s from an external peer discarded",
		    upd_attr_name(type));
		return;
	}
	/* A 4-octet peer has no business sending AS4_* (RFC 6793 4.1). */
	if (ctx->as4 && (type == BGP_ATTR_AS4_PATH ||
	    type == BGP_ATTR_AS4_AGGREGATOR)) {
		d->up->ndiscarded++;
		upd_note(d, "%s from a 4-octet peer discarded",
		    upd_attr_name(type));
		return;
	}
	/* NEXT_HOP without IPv4 NLRI is ignored (RFC 4760 3). */
	if (type == BGP_ATTR_NEXT_HOP && d->nv4nlri == 0)
		return;

	if (!known_flags(type, &want)) {
		if (!(flags & BGP_ATTRF_OPTIONAL)) {
			upd_fail(d, SEV_RESET, BGP_ERR_UPD_UNKNWN_WK, whole,
			    wlen, "unrecognized well-known attribute %u", type);
			return;
		}
		/* Unknown optional non-transitive: quietly ignored. */
		if (!(flags & BGP_ATTRF_TRANSITIVE))
			return;
		if (keep_unknown(d, flags, type, v, len) == -1)
			d->oom = 1;
		return;
	}

	sev = malformed_sev(type);
	/* 7606 3(c): only Optional and Transitive; Partial is ignored. */
	if ((flags & (BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE)) != want) {
		upd_fail(d, sev, BGP_ERR_UPD_ATTRFLAGS, whole, wlen,
		    "attribute flags 0x%02x conflict with %s", flags,
		    upd_attr_name(type));
		return;
	}

	switch (type) {
	case BGP_ATTR_ORIGIN:			/* 7606 7.1 */
		if (len != 1) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for ORIGIN", len);
			return;
		}
		if (v[0] > BGP_ORIGIN_INCOMPLETE) {
			upd_fail(d, sev, BGP_ERR_UPD_ORIGIN, whole, wlen,
			    "invalid ORIGIN value %u", v[0]);
			return;
		}
		a->origin = v[0];
		break;
	case BGP_ATTR_AS_PATH:			/* 7606 7.2, 7607, 5065 */
		r = parse_aspath(v, len, ctx->as4 ? 4 : 2, 0, ctx->ebgp,
		    &path, &plen, &why);
		if (r == -2) {
			d->oom = 1;
			return;
		}
		if (r == -1) {
			upd_fail(d, sev, BGP_ERR_UPD_ASPATH, NULL, 0,
			    "malformed AS_PATH: %s", why);
			return;
		}
		a->aspath = path;
		a->aspath_len = plen;
		break;
	case BGP_ATTR_NEXT_HOP:			/* 7606 7.3, 4271 6.3 */
		if (len != 4) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for NEXT_HOP", len);
			return;
		}
		/*
		 * Syntactic check only: not "this network", multicast or
		 * broadcast.  127/8 is accepted: speakers peering over the
		 * loopback (labs, tests) name themselves by it.  Whether it
		 * is our own address is the engine's semantic check.
		 */
		if (v[0] == 0 || (v[0] & 0xf0) == 0xe0 ||
		    upd_get32(v) == 0xffffffffu) {
			upd_fail(d, sev, BGP_ERR_UPD_NEXTHOP, whole, wlen,
			    "invalid NEXT_HOP %u.%u.%u.%u", v[0], v[1], v[2],
			    v[3]);
			return;
		}
		memset(&a->nexthop, 0, sizeof(a->nexthop));
		memset(&a->nexthop_ll, 0, sizeof(a->nexthop_ll));
		a->nexthop.af = AF_V4;
		memcpy(a->nexthop.a, v, 4);
		break;
	case BGP_ATTR_MED:			/* 7606 7.4 */
	case BGP_ATTR_LOCAL_PREF:		/* 7606 7.5 */
	case BGP_ATTR_ORIGINATOR_ID:		/* 7606 7.9 */
		if (len != 4) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for %s", len,
			    upd_attr_name(type));
			return;
		}
		if (type == BGP_ATTR_MED)
			a->med = upd_get32(v);
		else if (type == BGP_ATTR_LOCAL_PREF)
			a->local_pref = upd_get32(v);
		else
			a->originator_id = upd_get32(v);
		break;
	case BGP_ATTR_ATOMIC_AGGREGATE:		/* 7606 7.6 */
		if (len != 0) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for ATOMIC_AGGREGATE, "
			    "discarded", len);
			return;
		}
		break;
	case BGP_ATTR_AGGREGATOR:		/* 7606 7.7, 7607 */
		if (len != (ctx->as4 ? 8u : 6u)) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for AGGREGATOR, "
			    "discarded", len);
			return;
		}
		a->aggregator_as = ctx->as4 ? upd_get32(v) : upd_get16(v);
		a->aggregator_id = upd_get32(v + len - 4);
		if (a->aggregator_as == 0) {
			upd_fail(d, sev, BGP_ERR_UPD_OPTATTR, whole, wlen,
			    "AS 0 in AGGREGATOR, discarded");
			return;
		}
		break;
	case BGP_ATTR_COMMUNITIES:		/* 7606 7.8 */
	case BGP_ATTR_CLUSTER_LIST:		/* 7606 7.10 */
		if (len == 0 || len % 4 != 0) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for %s", len,
			    upd_attr_name(type));
			return;
		}
		if (type == BGP_ATTR_COMMUNITIES) {
			if (u32_array(d, v, len, &a->communities,
			    &a->ncommunities) == -1)
				return;
		} else if (u32_array(d, v, len, &a->cluster_list,
		    &a->ncluster) == -1)
			return;
		break;
	case BGP_ATTR_EXT_COMMUNITIES:		/* 7606 7.14 */
		if (len == 0 || len % 8 != 0) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for EXTENDED_COMMUNITIES",
			    len);
			return;
		}
		if ((a->ext_communities = malloc(len)) == NULL) {
			d->oom = 1;
			return;
		}
		memcpy(a->ext_communities, v, len);
		a->next_communities = len / 8;
		break;
	case BGP_ATTR_LARGE_COMMUNITY:		/* RFC 8092 6 */
		if (len == 0 || len % 12 != 0) {
			upd_fail(d, sev, BGP_ERR_UPD_ATTRLEN, whole, wlen,
			    "bad attribute length %zu for LARGE_COMMUNITY",
			    len);
			return;
		}
		if (u32_array(d, v, len, &a->large_communities,
		    &a->nlarge_communities) == -1)
			return;
		a->nlarge_communities /= 3;
		break;
	case BGP_ATTR_MP_REACH_NLRI:
		attr_mp_reach(d, whole, wlen, v, len);
		return;
	case BGP_ATTR_MP_UNREACH_NLRI:
		attr_mp_unreach(d, whole, wlen, v, len);
		return;
	case BGP_ATTR_AS4_PATH:			/* RFC 6793 4.2.3, 6 */
		r = parse_aspath(v, len, 4, 1, 0, &path, &plen, &why);
		if (r == -2) {
			d->oom = 1;
			return;
		}
		if (r == -1 || len == 0) {
			upd_fail(d, sev, BGP_ERR_UPD_OPTATTR, whole, wlen,
			    "malformed AS4_PATH (%s), discarded",
			    why != NULL ? why : "empty");
			return;
		}
		d->as4path = path;
		d->as4path_len = plen;
		d->has_as4path = 1;
		return;
	case BGP_ATTR_AS4_AGGREGATOR:		/* RFC 6793 6, 7607 */
		if (len != 8 || upd_get32(v) == 0) {
			upd_fail(d, sev, BGP_ERR_UPD_OPTATTR, whole, wlen,
			    "malformed AS4_AGGREGATOR, discarded");
			return;
		}
		d->as4agg_as = upd_get32(v);
		d->as4agg_id = upd_get32(v + 4);
		d->has_as4agg = 1;
		return;
	}
	if (type < 32)
		a->present |= BGP_ATTRBIT(type);
}

/* RFC 6793 4.2.3 for a 2-octet peer; everything ends up 4-octet. */
int
upd_merge_as4(struct dec *d)
{
	struct bgp_attrs	*a = d->a;
	int			 use_as4path = d->has_as4path;

	/*
	 * "When both of the attributes are received": an AGGREGATOR that
	 * isn't AS_TRANS next to an AS4_AGGREGATOR means an OLD speaker
	 * aggregated after the AS4_* were made, so both are stale.  Without
	 * AS4_AGGREGATOR, AS4_PATH is used as usual.
	 */
	if ((a->present & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR)) && d->has_as4agg) {
		if (a->aggregator_as != BGP_AS_TRANS) {
			upd_note(d, "AGGREGATOR is not AS_TRANS: AS4_PATH and "
			    "AS4_AGGREGATOR ignored");
			use_as4path = 0;
		} else {
			a->aggregator_as = d->as4agg_as;
			a->aggregator_id = d->as4agg_id;
		}
	}
	if (use_as4path && (a->present & BGP_ATTRBIT(BGP_ATTR_AS_PATH)))
		return merge_as4path(d);
	return 0;
}
