/*
 * attr_encode: the UPDATE encoders (announce, withdraw, End-of-RIB); see
 * wire.h.  The decoder is in wire_update.c.
 *
 * An announcement is one block of path attributes, built once, followed
 * by as many prefixes as fit under the session's maximum message length;
 * the attributes are repeated in every message.  IPv4 prefixes go in the
 * NLRI field with NEXT_HOP, IPv6 ones in MP_REACH_NLRI, which RFC 7606
 * 5.1 wants as the very first attribute; the rest follow in type-code
 * order.  On any failure the buffer is rolled back to where it was, so a
 * caller never sends half a batch.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/wire.h"

/* The 23 bytes of an UPDATE with empty fields: header and two lengths. */
#define UPD_MIN_LEN	(BGP_HDR_LEN + 4)

static size_t
ctx_maxlen(const struct bgp_codec_ctx *ctx)
{
	if (ctx == NULL || ctx->maxlen < BGP_MAX_LEN)
		return BGP_MAX_LEN;
	return ctx->maxlen > BGP_EXT_MAX_LEN ? BGP_EXT_MAX_LEN : ctx->maxlen;
}

/* Header of an attribute of len bytes: Extended Length past 255. */
static void
put_attr_hdr(struct wbuf *b, uint8_t flags, uint8_t type, size_t len)
{
	flags &= BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE | BGP_ATTRF_PARTIAL;
	if (len > 0xffff) {
		/* Can't be said on the wire; fail like an allocation. */
		b->oom = 1;
		return;
	}
	if (len > 255) {
		wbuf_put8(b, flags | BGP_ATTRF_EXTLEN);
		wbuf_put8(b, type);
		wbuf_put16(b, (uint16_t)len);
	} else {
		wbuf_put8(b, flags);
		wbuf_put8(b, type);
		wbuf_put8(b, (uint8_t)len);
	}
}

static void
put_attr(struct wbuf *b, uint8_t flags, uint8_t type, const void *v,
    size_t len)
{
	put_attr_hdr(b, flags, type, len);
	wbuf_put(b, v, len);
}

static size_t
attr_hdr_len(size_t len)
{
	return len > 255 ? 4 : 3;
}

static void
put_u32_attr(struct wbuf *b, uint8_t flags, uint8_t type,
    const uint32_t *v, size_t n)
{
	size_t	 i;

	put_attr_hdr(b, flags, type, 4 * n);
	for (i = 0; i < n; i++)
		wbuf_put32(b, v[i]);
}

/*
 * The AS path for the peer.  For a 4-octet peer the stored form goes out
 * as is.  For a 2-octet peer (RFC 6793 4.2.2) every ASN above 65535 is
 * written as AS_TRANS, and when that happened the real path goes in
 * AS4_PATH (*as4) without its confederation segments (RFC 6793 3).
 * Segments are at most 255 ASNs by construction (the count is a byte).
 */
static void
encode_aspath(const struct bgp_codec_ctx *ctx, const struct bgp_attrs *a,
    struct wbuf *as, struct wbuf *as4)
{
	const uint8_t	*p = a->aspath;
	size_t		 len = a->aspath_len, off = 0, n, i;
	uint32_t	 asn;
	int		 trans = 0;

	if (!(a->present & BGP_ATTRBIT(BGP_ATTR_AS_PATH)) || p == NULL)
		return;
	if (ctx->as4) {
		wbuf_put(as, p, len);
		return;
	}
	while (len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;
		wbuf_put8(as, p[off]);
		wbuf_put8(as, (uint8_t)n);
		for (i = 0; i < n; i++) {
			asn = be32_get(p + off + 2 + 4 * i);
			if (asn > 0xffff) {
				asn = BGP_AS_TRANS;
				if (p[off] == BGP_AS_SET ||
				    p[off] == BGP_AS_SEQUENCE)
					trans = 1;
			}
			wbuf_put16(as, (uint16_t)asn);
		}
		if (p[off] == BGP_AS_SET || p[off] == BGP_AS_SEQUENCE)
			wbuf_put(as4, p + off, 2 + 4 * n);
		off += 2 + 4 * n;
	}
	if (!trans)
		wbuf_reset(as4);
}

static int
unknown_ok(const struct bgp_rawattr *u)
{
	/* A well-known attribute we don't know would get us reset. */
	return (u->flags & BGP_ATTRF_OPTIONAL) != 0;
}

/*
 * Builds the path attributes other than MP_REACH_NLRI into blk, in type
 * code order, unknown transitive ones interleaved by their code with the
 * Partial bit set (RFC 4271 5).  NEXT_HOP only when with_nexthop.
 * Attributes an external peer must not get (LOCAL_PREF, ORIGINATOR_ID,
 * CLUSTER_LIST: RFC 4271 5.1.5, RFC 4456 8) are left out for eBGP.
 */
static int
build_attrs(struct wbuf *blk, const struct bgp_codec_ctx *ctx,
    const struct bgp_attrs *a, int with_nexthop)
{
	struct wbuf	 as = WBUF_INIT, as4 = WBUF_INIT;
	uint32_t	 p = a->present;
	unsigned	 t;
	size_t		 i;
	uint8_t		 v;
	int		 rv = -1;

	encode_aspath(ctx, a, &as, &as4);
	if (as.oom || as4.oom)
		goto out;
	for (t = 0; t < 256; t++) {
		switch (t) {
		case BGP_ATTR_ORIGIN:
			v = (p & BGP_ATTRBIT(BGP_ATTR_ORIGIN)) ? a->origin :
			    BGP_ORIGIN_INCOMPLETE;
			put_attr(blk, BGP_ATTRF_TRANSITIVE, BGP_ATTR_ORIGIN,
			    &v, 1);
			break;
		case BGP_ATTR_AS_PATH:
			/* Mandatory: an empty path when there is none. */
			put_attr(blk, BGP_ATTRF_TRANSITIVE, BGP_ATTR_AS_PATH,
			    as.buf, as.len);
			break;
		case BGP_ATTR_NEXT_HOP:
			if (!with_nexthop)
				break;
			if (a->nexthop.af != AF_V4)
				goto out;
			put_attr(blk, BGP_ATTRF_TRANSITIVE, BGP_ATTR_NEXT_HOP,
			    a->nexthop.a, 4);
			break;
		case BGP_ATTR_MED:
			if (p & BGP_ATTRBIT(BGP_ATTR_MED))
				put_u32_attr(blk, BGP_ATTRF_OPTIONAL,
				    BGP_ATTR_MED, &a->med, 1);
			break;
		case BGP_ATTR_LOCAL_PREF:
			if ((p & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)) &&
			    !ctx->ebgp)
				put_u32_attr(blk, BGP_ATTRF_TRANSITIVE,
				    BGP_ATTR_LOCAL_PREF, &a->local_pref, 1);
			break;
		case BGP_ATTR_ATOMIC_AGGREGATE:
			if (p & BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE))
				put_attr(blk, BGP_ATTRF_TRANSITIVE,
				    BGP_ATTR_ATOMIC_AGGREGATE, NULL, 0);
			break;
		case BGP_ATTR_AGGREGATOR:
			if (!(p & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR)))
				break;
			put_attr_hdr(blk, BGP_ATTRF_OPTIONAL |
			    BGP_ATTRF_TRANSITIVE, BGP_ATTR_AGGREGATOR,
			    ctx->as4 ? 8 : 6);
			if (ctx->as4)
				wbuf_put32(blk, a->aggregator_as);
			else
				wbuf_put16(blk, a->aggregator_as > 0xffff ?
				    BGP_AS_TRANS : (uint16_t)a->aggregator_as);
			wbuf_put32(blk, a->aggregator_id);
			break;
		case BGP_ATTR_COMMUNITIES:
			if (a->ncommunities > 0)
				put_u32_attr(blk, BGP_ATTRF_OPTIONAL |
				    BGP_ATTRF_TRANSITIVE, BGP_ATTR_COMMUNITIES,
				    a->communities, a->ncommunities);
			break;
		case BGP_ATTR_ORIGINATOR_ID:
			if ((p & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID)) &&
			    !ctx->ebgp)
				put_u32_attr(blk, BGP_ATTRF_OPTIONAL,
				    BGP_ATTR_ORIGINATOR_ID, &a->originator_id,
				    1);
			break;
		case BGP_ATTR_CLUSTER_LIST:
			if (a->ncluster > 0 && !ctx->ebgp)
				put_u32_attr(blk, BGP_ATTRF_OPTIONAL,
				    BGP_ATTR_CLUSTER_LIST, a->cluster_list,
				    a->ncluster);
			break;
		case BGP_ATTR_EXT_COMMUNITIES:
			if (a->next_communities > 0)
				put_attr(blk, BGP_ATTRF_OPTIONAL |
				    BGP_ATTRF_TRANSITIVE,
				    BGP_ATTR_EXT_COMMUNITIES,
				    a->ext_communities,
				    8 * a->next_communities);
			break;
		case BGP_ATTR_AS4_PATH:
			if (as4.len > 0)
				put_attr(blk, BGP_ATTRF_OPTIONAL |
				    BGP_ATTRF_TRANSITIVE, BGP_ATTR_AS4_PATH,
				    as4.buf, as4.len);
			break;
		case BGP_ATTR_AS4_AGGREGATOR:
			if (ctx->as4 || !(p & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR))
			    || a->aggregator_as <= 0xffff)
				break;
			put_attr_hdr(blk, BGP_ATTRF_OPTIONAL |
			    BGP_ATTRF_TRANSITIVE, BGP_ATTR_AS4_AGGREGATOR, 8);
			wbuf_put32(blk, a->aggregator_as);
			wbuf_put32(blk, a->aggregator_id);
			break;
		case BGP_ATTR_LARGE_COMMUNITY:
			if (a->nlarge_communities > 0)
				put_u32_attr(blk, BGP_ATTRF_OPTIONAL |
				    BGP_ATTRF_TRANSITIVE,
				    BGP_ATTR_LARGE_COMMUNITY,
				    a->large_communities,
				    3 * a->nlarge_communities);
			break;
		}
		for (i = 0; i < a->nunknown; i++) {
			const struct bgp_rawattr *u = &a->unknown[i];

			if (u->type != t || !unknown_ok(u))
				continue;
			put_attr(blk, (uint8_t)(u->flags |
			    ((u->flags & BGP_ATTRF_TRANSITIVE) ?
			    BGP_ATTRF_PARTIAL : 0)), u->type, u->data,
			    u->len);
		}
	}
	rv = blk->oom ? -1 : 0;
out:
	wbuf_free(&as);
	wbuf_free(&as4);
	return rv;
}

/* ap: a 4-byte RFC 7911 Path Identifier goes in front. */
static size_t
pfx_size(const struct xprefix *p, int ap)
{
	return (ap ? 4u : 0u) + 1 + (p->len + 7u) / 8;
}

/* 1 if the family of af (AF_V4/AF_V6) sends Path Identifiers. */
static int
ctx_ap(const struct bgp_codec_ctx *ctx, uint8_t af)
{
	return ctx != NULL && (ctx->addpath_tx & (af == AF_V4 ? BGP_AF_V4U :
	    BGP_AF_V6U)) != 0;
}

static uint32_t
pid_of(const uint32_t *pid, size_t i)
{
	return pid != NULL ? pid[i] : 0;
}

static int
pfx_valid(const struct xprefix *p)
{
	return (p->addr.af == AF_V4 && p->len <= 32) ||
	    (p->addr.af == AF_V6 && p->len <= 128);
}

/* [path id,] <length, prefix> with the bits past the length cleared. */
static void
put_prefix(struct wbuf *b, const struct xprefix *p, int ap, uint32_t pid)
{
	uint8_t		 a[16];
	size_t		 n = (p->len + 7u) / 8;

	if (ap)
		wbuf_put32(b, pid);
	memcpy(a, p->addr.a, sizeof(a));
	if (p->len % 8 != 0)
		a[n - 1] &= (uint8_t)(0xff << (8 - p->len % 8));
	wbuf_put8(b, p->len);
	wbuf_put(b, a, n);
}

/* Next prefix index of family af at or after i. */
static size_t
next_of(const struct xprefix *v, size_t n, size_t i, uint8_t af)
{
	while (i < n && v[i].addr.af != af)
		i++;
	return i;
}

static int
check_prefixes(const struct xprefix *v, size_t n, size_t *n4, size_t *n6)
{
	size_t	 i;

	*n4 = *n6 = 0;
	for (i = 0; i < n; i++) {
		if (!pfx_valid(&v[i]))
			return -1;
		if (v[i].addr.af == AF_V4)
			(*n4)++;
		else
			(*n6)++;
	}
	return 0;
}

static int
announce_v4(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct bgp_attrs *a, const struct xprefix *v, const uint32_t *pid,
    size_t n)
{
	struct wbuf	 blk = WBUF_INIT;
	size_t		 maxlen = ctx_maxlen(ctx), off, i, ps;
	int		 rv = -1, ap = ctx_ap(ctx, AF_V4);

	if (build_attrs(&blk, ctx, a, 1) == -1)
		goto out;
	i = next_of(v, n, 0, AF_V4);
	while (i < n) {
		if (UPD_MIN_LEN + blk.len + pfx_size(&v[i], ap) > maxlen)
			goto out;	/* the attributes alone don't fit */
		off = bgp_msg_begin(b, BGP_MSG_UPDATE);
		wbuf_put16(b, 0);
		wbuf_put16(b, (uint16_t)blk.len);
		wbuf_put(b, blk.buf, blk.len);
		while (i < n && !b->oom) {
			ps = pfx_size(&v[i], ap);
			if (b->len - off + ps > maxlen)
				break;
			put_prefix(b, &v[i], ap, pid_of(pid, i));
			i = next_of(v, n, i + 1, AF_V4);
		}
		bgp_msg_end(b, off);
		if (b->oom)
			goto out;
	}
	rv = 0;
out:
	wbuf_free(&blk);
	return rv;
}

/* The MP_REACH next hop: global (+ link-local), or IPv4-mapped. */
static int
v6_nexthop(const struct bgp_attrs *a, uint8_t nh[32], size_t *nhlen)
{
	memset(nh, 0, 32);
	if (a->nexthop.af == AF_V6) {
		memcpy(nh, a->nexthop.a, 16);
		*nhlen = 16;
		if (a->nexthop_ll.af == AF_V6) {
			memcpy(nh + 16, a->nexthop_ll.a, 16);
			*nhlen = 32;
		}
		return 0;
	}
	if (a->nexthop.af == AF_V4) {
		/* ::ffff:a.b.c.d, as for IPv6 over an IPv4 session */
		nh[10] = nh[11] = 0xff;
		memcpy(nh + 12, a->nexthop.a, 4);
		*nhlen = 16;
		return 0;
	}
	return -1;
}

static int
announce_v6(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct bgp_attrs *a, const struct xprefix *v, const uint32_t *pid,
    size_t n)
{
	struct wbuf	 blk = WBUF_INIT;
	uint8_t		 nh[32];
	size_t		 maxlen = ctx_maxlen(ctx), nhlen, off, i, j, ps;
	size_t		 body, aoff;
	int		 rv = -1, ap = ctx_ap(ctx, AF_V6);

	if (v6_nexthop(a, nh, &nhlen) == -1 ||
	    build_attrs(&blk, ctx, a, 0) == -1)
		goto out;
	i = next_of(v, n, 0, AF_V6);
	while (i < n) {
		/* How many fit: MP_REACH grows with its NLRI. */
		body = 5 + nhlen;
		for (j = i; j < n; j = next_of(v, n, j + 1, AF_V6)) {
			ps = pfx_size(&v[j], ap);
			if (UPD_MIN_LEN + blk.len + attr_hdr_len(body + ps) +
			    body + ps > maxlen)
				break;
			body += ps;
		}
		if (j == i)
			goto out;	/* not even one prefix fits */
		off = bgp_msg_begin(b, BGP_MSG_UPDATE);
		wbuf_put16(b, 0);
		aoff = b->len;
		wbuf_put16(b, 0);
		put_attr_hdr(b, BGP_ATTRF_OPTIONAL, BGP_ATTR_MP_REACH_NLRI,
		    body);
		wbuf_put16(b, BGP_AFI_IPV6);
		wbuf_put8(b, BGP_SAFI_UNICAST);
		wbuf_put8(b, (uint8_t)nhlen);
		wbuf_put(b, nh, nhlen);
		wbuf_put8(b, 0);		/* reserved (RFC 4760 3) */
		for (; i < j; i = next_of(v, n, i + 1, AF_V6))
			put_prefix(b, &v[i], ap, pid_of(pid, i));
		wbuf_put(b, blk.buf, blk.len);
		wbuf_set16(b, aoff, (uint16_t)(b->len - aoff - 2));
		bgp_msg_end(b, off);
		if (b->oom)
			goto out;
		i = j;
	}
	rv = 0;
out:
	wbuf_free(&blk);
	return rv;
}

int
bgp_update_encode_announce(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct bgp_attrs *a, const struct xprefix *nlri, size_t n)
{
	return bgp_update_encode_announce_ap(b, ctx, a, nlri, NULL, n);
}

int
bgp_update_encode_announce_ap(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct bgp_attrs *a, const struct xprefix *nlri, const uint32_t *pid,
    size_t n)
{
	size_t	 start = b->len, n4, n6;

	if (b->oom || a == NULL || check_prefixes(nlri, n, &n4, &n6) == -1)
		return -1;
	if ((n4 > 0 && announce_v4(b, ctx, a, nlri, pid, n) == -1) ||
	    (n6 > 0 && announce_v6(b, ctx, a, nlri, pid, n) == -1) ||
	    b->oom) {
		if (!b->oom)
			b->len = start;
		return -1;
	}
	return 0;
}

static int
withdraw_v4(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct xprefix *v, const uint32_t *pid, size_t n)
{
	size_t	 maxlen = ctx_maxlen(ctx), off, woff, i;
	int	 ap = ctx_ap(ctx, AF_V4);

	i = next_of(v, n, 0, AF_V4);
	while (i < n) {
		off = bgp_msg_begin(b, BGP_MSG_UPDATE);
		woff = b->len;
		wbuf_put16(b, 0);
		/* +2 for the Total Path Attribute Length still to come */
		while (i < n && !b->oom &&
		    b->len - off + pfx_size(&v[i], ap) + 2 <= maxlen) {
			put_prefix(b, &v[i], ap, pid_of(pid, i));
			i = next_of(v, n, i + 1, AF_V4);
		}
		wbuf_set16(b, woff, (uint16_t)(b->len - woff - 2));
		wbuf_put16(b, 0);
		bgp_msg_end(b, off);
		if (b->oom)
			return -1;
	}
	return 0;
}

static int
withdraw_v6(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct xprefix *v, const uint32_t *pid, size_t n)
{
	size_t	 maxlen = ctx_maxlen(ctx), off, i, j, ps, body;
	int	 ap = ctx_ap(ctx, AF_V6);

	i = next_of(v, n, 0, AF_V6);
	while (i < n) {
		body = 3;
		for (j = i; j < n; j = next_of(v, n, j + 1, AF_V6)) {
			ps = pfx_size(&v[j], ap);
			if (UPD_MIN_LEN + attr_hdr_len(body + ps) + body + ps >
			    maxlen)
				break;
			body += ps;
		}
		off = bgp_msg_begin(b, BGP_MSG_UPDATE);
		wbuf_put16(b, 0);
		wbuf_put16(b, (uint16_t)(attr_hdr_len(body) + body));
		put_attr_hdr(b, BGP_ATTRF_OPTIONAL, BGP_ATTR_MP_UNREACH_NLRI,
		    body);
		wbuf_put16(b, BGP_AFI_IPV6);
		wbuf_put8(b, BGP_SAFI_UNICAST);
		for (; i < j; i = next_of(v, n, i + 1, AF_V6))
			put_prefix(b, &v[i], ap, pid_of(pid, i));
		bgp_msg_end(b, off);
		if (b->oom)
			return -1;
	}
	return 0;
}

int
bgp_update_encode_withdraw(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct xprefix *pfx, size_t n)
{
	return bgp_update_encode_withdraw_ap(b, ctx, pfx, NULL, n);
}

int
bgp_update_encode_withdraw_ap(struct wbuf *b, const struct bgp_codec_ctx *ctx,
    const struct xprefix *pfx, const uint32_t *pid, size_t n)
{
	size_t	 start = b->len, n4, n6;

	if (b->oom || check_prefixes(pfx, n, &n4, &n6) == -1)
		return -1;
	if ((n4 > 0 && withdraw_v4(b, ctx, pfx, pid, n) == -1) ||
	    (n6 > 0 && withdraw_v6(b, ctx, pfx, pid, n) == -1) || b->oom) {
		if (!b->oom)
			b->len = start;
		return -1;
	}
	return 0;
}

int
bgp_update_encode_eor(struct wbuf *b, unsigned af)
{
	size_t	 off;

	if (b->oom)
		return -1;
	/* RFC 4724 2: empty UPDATE for IPv4, bare MP_UNREACH otherwise. */
	if (af != BGP_AF_V4U && af != BGP_AF_V6U)
		return -1;
	off = bgp_msg_begin(b, BGP_MSG_UPDATE);
	wbuf_put16(b, 0);
	if (af == BGP_AF_V4U)
		wbuf_put16(b, 0);
	else {
		wbuf_put16(b, 6);
		put_attr_hdr(b, BGP_ATTRF_OPTIONAL, BGP_ATTR_MP_UNREACH_NLRI,
		    3);
		wbuf_put16(b, BGP_AFI_IPV6);
		wbuf_put8(b, BGP_SAFI_UNICAST);
	}
	bgp_msg_end(b, off);
	return b->oom ? -1 : 0;
}
