/*
 * mrt_write: see mrt_write.h.  The attributes of a RIB entry come from the
 * UPDATE encoder (attr_encode.c), so a dump says exactly what we would
 * send; only the MP_REACH_NLRI is cut down to the form RFC 6396 4.3.4
 * wants (next-hop length and next hop: the prefix is in the record).
 */
#include <string.h>

#include "core/bgp/mrt_write.h"
#include "core/bgp/proto.h"

#define BGP_MARKER_LEN	16

static void
put_addr(struct wbuf *b, const struct xaddr *a, uint8_t af)
{
	static const uint8_t	 zero[16];

	if (a == NULL || a->af != af)
		wbuf_put(b, zero, af == AF_V6 ? 16 : 4);
	else
		wbuf_put(b, a->a, af == AF_V6 ? 16 : 4);
}

size_t
mrtw_rec_begin(struct wbuf *b, uint32_t sec, int et, uint32_t usec,
    uint16_t type, uint16_t subtype)
{
	size_t	 off = b->len;

	wbuf_put32(b, sec);
	wbuf_put16(b, type);
	wbuf_put16(b, subtype);
	wbuf_put32(b, 0);		/* length, filled by mrtw_rec_end */
	if (et)
		wbuf_put32(b, usec);
	return off;
}

int
mrtw_rec_end(struct wbuf *b, size_t off)
{
	size_t	 len;

	if (b->oom || b->len < off + MRT_HDR_LEN) {
		b->oom = 1;
		return -1;
	}
	len = b->len - off - MRT_HDR_LEN;
	if (len > UINT32_MAX) {
		b->len = off;
		return -1;
	}
	b->buf[off + 8] = (uint8_t)(len >> 24);
	b->buf[off + 9] = (uint8_t)(len >> 16);
	b->buf[off + 10] = (uint8_t)(len >> 8);
	b->buf[off + 11] = (uint8_t)len;
	return 0;
}

static int
fail(struct wbuf *b, size_t off)
{
	if (b->len > off)
		b->len = off;
	return -1;
}

int
mrtw_peer_index(struct wbuf *b, uint32_t ts, uint32_t collector_id,
    const char *view, const struct mrtw_peer *v, size_t n)
{
	size_t	 off, vlen = view != NULL ? strlen(view) : 0, i;
	uint8_t	 type;

	if (n > 0xffff || vlen > 0xffff)
		return -1;
	off = mrtw_rec_begin(b, ts, 0, 0, MRT_TABLE_DUMP_V2,
	    MRT_TD2_PEER_INDEX);
	wbuf_put32(b, collector_id);
	wbuf_put16(b, (uint16_t)vlen);
	wbuf_put(b, view, vlen);
	wbuf_put16(b, (uint16_t)n);
	for (i = 0; i < n; i++) {
		/* bit 0: IPv6 address, bit 1: 4-octet AS (RFC 6396 4.3.1) */
		type = 0x02 | (v[i].addr.af == AF_V6 ? 0x01 : 0);
		wbuf_put8(b, type);
		wbuf_put32(b, v[i].bgp_id);
		put_addr(b, &v[i].addr, v[i].addr.af == AF_V6 ? AF_V6 : AF_V4);
		wbuf_put32(b, v[i].asn);
	}
	if (mrtw_rec_end(b, off) == -1)
		return fail(b, off);
	return 0;
}

int
mrtw_rib_begin(struct wbuf *b, struct mrtw_rib *r, uint32_t ts,
    uint32_t seq, const struct xprefix *p, int addpath)
{
	uint8_t		 a[16];
	size_t		 n;
	uint16_t	 st;

	if ((p->addr.af != AF_V4 || p->len > 32) &&
	    (p->addr.af != AF_V6 || p->len > 128))
		return -1;
	if (p->addr.af == AF_V4)
		st = addpath ? MRT_TD2_RIB_IPV4_UNICAST_AP : MRT_TD2_RIB_IPV4_UNICAST;
	else
		st = addpath ? MRT_TD2_RIB_IPV6_UNICAST_AP : MRT_TD2_RIB_IPV6_UNICAST;
	r->off = mrtw_rec_begin(b, ts, 0, 0, MRT_TABLE_DUMP_V2, st);
	r->addpath = addpath;
	r->count = 0;
	wbuf_put32(b, seq);
	n = (p->len + 7u) / 8;
	memcpy(a, p->addr.a, sizeof(a));
	if (p->len % 8 != 0)
		a[n - 1] &= (uint8_t)(0xff << (8 - p->len % 8));
	wbuf_put8(b, p->len);
	wbuf_put(b, a, n);
	r->count_off = b->len;
	wbuf_put16(b, 0);
	return b->oom ? fail(b, r->off) : 0;
}

int
mrtw_rib_entry(struct wbuf *b, struct mrtw_rib *r, uint16_t peer_idx,
    uint32_t originated, uint32_t path_id, const uint8_t *attrs,
    size_t attrlen)
{
	size_t	 off = b->len;

	if (r->count >= 0xffff || attrlen > 0xffff)
		return -1;
	wbuf_put16(b, peer_idx);
	wbuf_put32(b, originated);
	if (r->addpath)
		wbuf_put32(b, path_id);
	wbuf_put16(b, (uint16_t)attrlen);
	wbuf_put(b, attrs, attrlen);
	if (b->oom)
		return fail(b, off);
	r->count++;
	return 0;
}

int
mrtw_rib_end(struct wbuf *b, struct mrtw_rib *r)
{
	if (b->oom)
		return fail(b, r->off);
	wbuf_set16(b, r->count_off, (uint16_t)r->count);
	if (mrtw_rec_end(b, r->off) == -1)
		return fail(b, r->off);
	return 0;
}

/*
 * Copies the attribute block blk into out, MP_REACH_NLRI abbreviated.
 * blk comes from our own encoder, but is walked with every length
 * checked all the same.
 */
static int
copy_attrs(struct wbuf *out, const uint8_t *blk, size_t len)
{
	size_t		 off = 0, hl, alen, nhl;
	uint8_t		 flags, type;

	while (off < len) {
		if (len - off < 3)
			return -1;
		flags = blk[off];
		type = blk[off + 1];
		if (flags & BGP_ATTRF_EXTLEN) {
			if (len - off < 4)
				return -1;
			hl = 4;
			alen = (size_t)blk[off + 2] << 8 | blk[off + 3];
		} else {
			hl = 3;
			alen = blk[off + 2];
		}
		if (alen > len - off - hl)
			return -1;
		if (type == BGP_ATTR_MP_REACH_NLRI) {
			/* AFI(2) SAFI(1) NH len(1) NH ... -> NH len, NH */
			if (alen < 4 || (nhl = blk[off + hl + 3]) > alen - 4)
				return -1;
			wbuf_put8(out, flags & ~BGP_ATTRF_EXTLEN);
			wbuf_put8(out, type);
			wbuf_put8(out, (uint8_t)(1 + nhl));
			wbuf_put(out, blk + off + hl + 3, 1 + nhl);
		} else
			wbuf_put(out, blk + off, hl + alen);
		off += hl + alen;
	}
	return out->oom ? -1 : 0;
}

int
mrtw_attrs(struct wbuf *out, const struct bgp_attrs *a, int af, int ebgp)
{
	struct bgp_codec_ctx	 ctx;
	struct wbuf		 msg = WBUF_INIT;
	struct xprefix		 p;
	size_t			 wl, al;
	int			 rv = -1;

	wbuf_reset(out);
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = ebgp;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_EXT_MAX_LEN;
	memset(&p, 0, sizeof(p));
	p.addr.af = (uint8_t)(af == AF_V6 ? AF_V6 : AF_V4);
	if (bgp_update_encode_announce(&msg, &ctx, a, &p, 1) == -1 ||
	    msg.oom)
		goto out;
	/* header, withdrawn length (0), attribute length, attributes */
	if (msg.len < BGP_HDR_LEN + 4)
		goto out;
	wl = (size_t)msg.buf[BGP_HDR_LEN] << 8 | msg.buf[BGP_HDR_LEN + 1];
	if (wl != 0)
		goto out;
	al = (size_t)msg.buf[BGP_HDR_LEN + 2] << 8 | msg.buf[BGP_HDR_LEN + 3];
	if (al > msg.len - BGP_HDR_LEN - 4)
		goto out;
	rv = copy_attrs(out, msg.buf + BGP_HDR_LEN + 4, al);
out:
	wbuf_free(&msg);
	if (rv == -1)
		wbuf_reset(out);
	return rv;
}

static void
put_sess(struct wbuf *b, const struct mrtw_sess *s)
{
	uint8_t	 af = s->peer.af == AF_V6 ? AF_V6 : AF_V4;

	wbuf_put32(b, s->peer_as);
	wbuf_put32(b, s->local_as);
	wbuf_put16(b, 0);			/* interface index */
	wbuf_put16(b, af == AF_V6 ? 2 : 1);	/* AFI */
	put_addr(b, &s->peer, af);
	put_addr(b, &s->local, af);
}

int
mrtw_bgp4mp_msg(struct wbuf *b, uint32_t sec, uint32_t usec,
    const struct mrtw_sess *s, int addpath, const uint8_t *msg, size_t len)
{
	size_t	 off;

	if (len < BGP_HDR_LEN)
		return -1;
	off = mrtw_rec_begin(b, sec, 1, usec, MRT_BGP4MP_ET,
	    addpath ? MRT_BGP4MP_MESSAGE_AS4_AP : MRT_BGP4MP_MESSAGE_AS4);
	put_sess(b, s);
	wbuf_put(b, msg, len);
	if (mrtw_rec_end(b, off) == -1)
		return fail(b, off);
	return 0;
}

int
mrtw_bgp4mp_state(struct wbuf *b, uint32_t sec, uint32_t usec,
    const struct mrtw_sess *s, uint16_t old, uint16_t new_)
{
	size_t	 off;

	off = mrtw_rec_begin(b, sec, 1, usec, MRT_BGP4MP_ET,
	    MRT_BGP4MP_STATE_CHANGE_AS4);
	put_sess(b, s);
	wbuf_put16(b, old);
	wbuf_put16(b, new_);
	if (mrtw_rec_end(b, off) == -1)
		return fail(b, off);
	return 0;
}

unsigned
mrtw_update_afs(const uint8_t *msg, size_t len)
{
	size_t		 off, wl, al, end, hl, alen;
	unsigned	 afs = 0, afi;
	uint8_t		 flags, type;

	if (len < BGP_HDR_LEN + 4)
		return 0;
	off = BGP_HDR_LEN;
	wl = (size_t)msg[off] << 8 | msg[off + 1];
	off += 2;
	if (wl > len - off - 2)
		return 0;
	if (wl > 0)
		afs |= BGP_AF_V4U;
	off += wl;
	al = (size_t)msg[off] << 8 | msg[off + 1];
	off += 2;
	if (al > len - off)
		return 0;
	end = off + al;
	if (end < len)
		afs |= BGP_AF_V4U;	/* NLRI after the attributes */
	while (end - off >= 3) {
		flags = msg[off];
		type = msg[off + 1];
		hl = (flags & BGP_ATTRF_EXTLEN) ? 4 : 3;
		if (end - off < hl)
			break;
		alen = hl == 4 ? ((size_t)msg[off + 2] << 8 | msg[off + 3]) :
		    msg[off + 2];
		if (alen > end - off - hl)
			break;
		if ((type == BGP_ATTR_MP_REACH_NLRI ||
		    type == BGP_ATTR_MP_UNREACH_NLRI) && alen >= 2) {
			afi = (unsigned)msg[off + hl] << 8 | msg[off + hl + 1];
			afs |= afi == 2 ? BGP_AF_V6U : afi == 1 ?
			    BGP_AF_V4U : 0;
		}
		off += hl + alen;
	}
	return afs;
}
