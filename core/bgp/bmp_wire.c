/*
 * bmp_wire: BMP v3 message encoding (bmp_wire.h).
 */
#include <string.h>

#include "core/bgp/bmp_wire.h"

size_t
bmp_msg_begin(struct wbuf *b, uint8_t type)
{
	size_t	 off = b->len;

	wbuf_put8(b, BMP_VERSION);
	wbuf_put32(b, 0);
	wbuf_put8(b, type);
	return off;
}

void
bmp_msg_end(struct wbuf *b, size_t off)
{
	uint32_t	 len;

	if (b->oom || off + BMP_COMMON_LEN > b->len)
		return;
	len = (uint32_t)(b->len - off);
	b->buf[off + 1] = (uint8_t)(len >> 24);
	b->buf[off + 2] = (uint8_t)(len >> 16);
	b->buf[off + 3] = (uint8_t)(len >> 8);
	b->buf[off + 4] = (uint8_t)len;
}

static void
put_addr16(struct wbuf *b, const struct xaddr *a)
{
	static const uint8_t	 zero[16];

	if (a == NULL || a->af == 0) {
		wbuf_put(b, zero, 16);
	} else if (a->af == AF_V4) {
		wbuf_put(b, zero, 12);
		wbuf_put(b, a->a, 4);
	} else
		wbuf_put(b, a->a, 16);
}

void
bmp_put_peer_hdr(struct wbuf *b, const struct bmp_peer_hdr *h)
{
	uint8_t	 flags = h->flags & (uint8_t)~BMP_PF_V;

	/* the V flag says what the address field holds; a Loc-RIB
	   header's flags mean something else (F = 0x80) and are kept */
	if (h->type == BMP_PEER_LOC_RIB)
		flags = h->flags;
	else if (h->addr.af == AF_V6)
		flags |= BMP_PF_V;
	wbuf_put8(b, h->type);
	wbuf_put8(b, flags);
	wbuf_put32(b, (uint32_t)(h->distinguisher >> 32));
	wbuf_put32(b, (uint32_t)h->distinguisher);
	put_addr16(b, &h->addr);
	wbuf_put32(b, h->as);
	wbuf_put32(b, h->bgp_id);
	wbuf_put32(b, h->ts_sec);
	wbuf_put32(b, h->ts_usec);
}

static int
put_tlv(struct wbuf *b, uint16_t type, const void *v, size_t len)
{
	if (len > 0xffff)
		return -1;
	wbuf_put16(b, type);
	wbuf_put16(b, (uint16_t)len);
	if (len > 0)
		wbuf_put(b, v, len);
	return 0;
}

static int
done(struct wbuf *b, size_t off)
{
	bmp_msg_end(b, off);
	return b->oom ? -1 : 0;
}

int
bmp_encode_initiation(struct wbuf *b, const char *sysname,
    const char *sysdescr)
{
	size_t	 off = bmp_msg_begin(b, BMP_INITIATION);

	if (sysdescr != NULL && put_tlv(b, BMP_INFO_SYSDESCR, sysdescr,
	    strlen(sysdescr)) == -1)
		return -1;
	if (sysname != NULL && put_tlv(b, BMP_INFO_SYSNAME, sysname,
	    strlen(sysname)) == -1)
		return -1;
	return done(b, off);
}

int
bmp_encode_termination(struct wbuf *b, uint16_t reason, const char *text)
{
	size_t	 off = bmp_msg_begin(b, BMP_TERMINATION);
	uint8_t	 r[2] = { (uint8_t)(reason >> 8), (uint8_t)reason };

	if (text != NULL && put_tlv(b, BMP_INFO_STRING, text,
	    strlen(text)) == -1)
		return -1;
	put_tlv(b, BMP_TERM_REASON, r, 2);
	return done(b, off);
}

int
bmp_encode_peer_up(struct wbuf *b, const struct bmp_peer_hdr *h,
    const struct xaddr *local, uint16_t lport, uint16_t rport,
    const uint8_t *sent, size_t sentlen, const uint8_t *rcvd, size_t rcvdlen)
{
	return bmp_encode_peer_up_table(b, h, local, lport, rport, sent,
	    sentlen, rcvd, rcvdlen, NULL);
}

int
bmp_encode_peer_down_table(struct wbuf *b, const struct bmp_peer_hdr *h,
    const char *table)
{
	size_t	 off = bmp_msg_begin(b, BMP_PEER_DOWN);

	bmp_put_peer_hdr(b, h);
	wbuf_put8(b, BMP_DOWN_LOCAL_TLV);
	if (put_tlv(b, BMP_INFO_TABLE_NAME, table, strlen(table)) == -1)
		return -1;
	return done(b, off);
}

int
bmp_encode_peer_up_table(struct wbuf *b, const struct bmp_peer_hdr *h,
    const struct xaddr *local, uint16_t lport, uint16_t rport,
    const uint8_t *sent, size_t sentlen, const uint8_t *rcvd, size_t rcvdlen,
    const char *table)
{
	size_t	 off;

	/* both OPENs are whole messages: at least the 29-byte minimum */
	if (sent == NULL || rcvd == NULL || sentlen < BGP_HDR_LEN ||
	    rcvdlen < BGP_HDR_LEN)
		return -1;
	off = bmp_msg_begin(b, BMP_PEER_UP);
	bmp_put_peer_hdr(b, h);
	put_addr16(b, local);
	wbuf_put16(b, lport);
	wbuf_put16(b, rport);
	wbuf_put(b, sent, sentlen);
	wbuf_put(b, rcvd, rcvdlen);
	if (table != NULL && put_tlv(b, BMP_INFO_TABLE_NAME, table,
	    strlen(table)) == -1)
		return -1;
	return done(b, off);
}

int
bmp_encode_peer_down(struct wbuf *b, const struct bmp_peer_hdr *h,
    uint8_t reason, const uint8_t *data, size_t len)
{
	size_t	 off = bmp_msg_begin(b, BMP_PEER_DOWN);

	bmp_put_peer_hdr(b, h);
	wbuf_put8(b, reason);
	if (data != NULL && len > 0)
		wbuf_put(b, data, len);
	return done(b, off);
}

int
bmp_encode_route_mon(struct wbuf *b, const struct bmp_peer_hdr *h,
    const uint8_t *update, size_t len)
{
	size_t	 off;

	if (update == NULL || len < BGP_HDR_LEN)
		return -1;
	off = bmp_msg_begin(b, BMP_ROUTE_MONITORING);
	bmp_put_peer_hdr(b, h);
	wbuf_put(b, update, len);
	return done(b, off);
}

int
bmp_encode_stats(struct wbuf *b, const struct bmp_peer_hdr *h,
    const struct bmp_stat *st, size_t n)
{
	size_t	 off = bmp_msg_begin(b, BMP_STATS_REPORT), i;

	bmp_put_peer_hdr(b, h);
	wbuf_put32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		wbuf_put16(b, st[i].type);
		switch (st[i].kind) {
		case BMP_STAT_C32:
			wbuf_put16(b, 4);
			wbuf_put32(b, (uint32_t)st[i].value);
			break;
		case BMP_STAT_G64:
			wbuf_put16(b, 8);
			wbuf_put32(b, (uint32_t)(st[i].value >> 32));
			wbuf_put32(b, (uint32_t)st[i].value);
			break;
		default:
			wbuf_put16(b, 11);
			wbuf_put16(b, st[i].afi);
			wbuf_put8(b, st[i].safi);
			wbuf_put32(b, (uint32_t)(st[i].value >> 32));
			wbuf_put32(b, (uint32_t)st[i].value);
			break;
		}
	}
	return done(b, off);
}

const char *
bmp_msg_type_name(unsigned type)
{
	static const char *const names[] = {
		"Route Monitoring", "Statistics Report", "Peer Down",
		"Peer Up", "Initiation", "Termination", "Route Mirroring"
	};

	return type < BMP_MSG_TYPES ? names[type] : "Unknown";
}
