/*
 * wire: the growable byte buffer, header framing, KEEPALIVE and the
 * one-line message description; see wire.h.  OPEN is in wire_open.c,
 * NOTIFICATION and ROUTE-REFRESH in wire_notify.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/wire.h"

/* ---- Growable byte buffer ---- */

void
wbuf_free(struct wbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void
wbuf_reset(struct wbuf *b)
{
	b->len = 0;
	b->oom = 0;
}

static int
wbuf_grow(struct wbuf *b, size_t need)
{
	size_t	 ncap;
	uint8_t	*nb;

	if (b->oom)
		return -1;
	if (need <= b->cap - b->len)
		return 0;
	if (need > ((size_t)-1) - b->len) {
		b->oom = 1;
		return -1;
	}
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + need) {
		if (ncap > ((size_t)-1) / 2) {
			b->oom = 1;
			return -1;
		}
		ncap *= 2;
	}
	if ((nb = realloc(b->buf, ncap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->buf = nb;
	b->cap = ncap;
	return 0;
}

int
wbuf_put(struct wbuf *b, const void *p, size_t n)
{
	if (wbuf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
	return 0;
}

int
wbuf_put8(struct wbuf *b, uint8_t v)
{
	return wbuf_put(b, &v, 1);
}

int
wbuf_put16(struct wbuf *b, uint16_t v)
{
	uint8_t	 p[2];

	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return wbuf_put(b, p, 2);
}

int
wbuf_put32(struct wbuf *b, uint32_t v)
{
	uint8_t	 p[4];

	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return wbuf_put(b, p, 4);
}

void
wbuf_set16(struct wbuf *b, size_t off, uint16_t v)
{
	/* After an allocation failure the bytes may not be there. */
	if (b->oom || off > b->len || b->len - off < 2)
		return;
	b->buf[off] = (uint8_t)(v >> 8);
	b->buf[off + 1] = (uint8_t)v;
}

/* ---- Errors ---- */

void
bgp_err_set(struct bgp_err *err, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->subcode = subcode;
	if (datalen > sizeof(err->data))
		datalen = sizeof(err->data);
	if (data != NULL && datalen > 0)
		memcpy(err->data, data, datalen);
	err->datalen = data != NULL ? datalen : 0;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

/* ---- Header framing ---- */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/*
 * The length bounds of each type, RFC 4271 4.1-4.4 and 6.1, RFC 2918 3.
 * OPEN and KEEPALIVE stay within 4096 even with the extended message
 * capability (RFC 8654 section 4); the others may use maxlen.
 *
 * A ROUTE-REFRESH of the wrong length passes: bgp_route_refresh_decode()
 * reports it, and the session sends 7/1 or 1/2 depending on whether
 * enhanced route refresh was negotiated.
 */
static int
type_len_ok(uint8_t type, size_t mlen, size_t maxlen)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return mlen >= BGP_OPEN_MIN_LEN && mlen <= BGP_MAX_LEN;
	case BGP_MSG_UPDATE:
		return mlen >= BGP_HDR_LEN + 4 && mlen <= maxlen;
	case BGP_MSG_NOTIFICATION:
		return mlen >= BGP_HDR_LEN + 2 && mlen <= maxlen;
	case BGP_MSG_KEEPALIVE:
		return mlen == BGP_HDR_LEN;
	case BGP_MSG_ROUTE_REFRESH:
		/*
		 * A wrong length is 7/1 when enhanced route refresh is
		 * negotiated (RFC 7313 5) and 1/2 otherwise: only the session
		 * knows which, so let it through to the body decoder.
		 */
		return mlen <= maxlen;
	}
	return 0;
}

int
bgp_msg_frame(const uint8_t *buf, size_t len, size_t maxlen,
    struct bgp_msghdr *hdr, struct bgp_err *err)
{
	size_t		 i, n;
	uint16_t	 mlen;
	uint8_t		 type;

	/* Anything but the two sizes RFC 8654 allows is a caller slip. */
	if (maxlen < BGP_MAX_LEN)
		maxlen = BGP_MAX_LEN;
	if (maxlen > BGP_EXT_MAX_LEN)
		maxlen = BGP_EXT_MAX_LEN;

	/* A bad marker is reported as soon as its bytes are in. */
	n = len < BGP_MARKER_LEN ? len : BGP_MARKER_LEN;
	for (i = 0; i < n; i++)
		if (buf[i] != 0xff) {
			bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_SYNC,
			    NULL, 0, "bad marker byte 0x%02x at offset %zu",
			    buf[i], i);
			return -1;
		}
	if (len < BGP_HDR_LEN)
		return 0;

	mlen = get16(buf + BGP_MARKER_LEN);
	type = buf[BGP_MARKER_LEN + 2];
	if (mlen < BGP_HDR_LEN || mlen > maxlen) {
		bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
		    buf + BGP_MARKER_LEN, 2, "bad message length %u", mlen);
		return -1;
	}
	if (type == 0 || type > BGP_MSG_TYPE_MAX) {
		bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_TYPE,
		    &type, 1, "bad message type %u", type);
		return -1;
	}
	if (!type_len_ok(type, mlen, maxlen)) {
		bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
		    buf + BGP_MARKER_LEN, 2, "bad message length %u for %s",
		    mlen, bgp_msg_type_name(type));
		return -1;
	}
	if (hdr != NULL) {
		hdr->type = type;
		hdr->len = mlen;
	}
	return len >= mlen ? 1 : 0;
}

size_t
bgp_msg_begin(struct wbuf *b, uint8_t type)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	size_t	 off = b->len;

	wbuf_put(b, marker, sizeof(marker));
	wbuf_put16(b, 0);
	wbuf_put8(b, type);
	return off;
}

void
bgp_msg_end(struct wbuf *b, size_t off)
{
	size_t	 mlen;

	if (b->oom || off > b->len)
		return;
	mlen = b->len - off;
	/*
	 * A message that can't carry its own length is an encoder bug; fail
	 * it like an allocation failure rather than send a lie.
	 */
	if (mlen < BGP_HDR_LEN || mlen > BGP_EXT_MAX_LEN) {
		b->oom = 1;
		return;
	}
	wbuf_set16(b, off + BGP_MARKER_LEN, (uint16_t)mlen);
}

const char *
bgp_msg_type_name(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return "OPEN";
	case BGP_MSG_UPDATE:
		return "UPDATE";
	case BGP_MSG_NOTIFICATION:
		return "NOTIFICATION";
	case BGP_MSG_KEEPALIVE:
		return "KEEPALIVE";
	case BGP_MSG_ROUTE_REFRESH:
		return "Route-Refresh";
	}
	return "Unknown";
}

void
bgp_keepalive_encode(struct wbuf *b)
{
	bgp_msg_end(b, bgp_msg_begin(b, BGP_MSG_KEEPALIVE));
}

/* ---- One-line description ---- */

static void
describe_afs(struct strbuf *sb, unsigned afs, unsigned fwd, const char *pfx,
    int *first)
{
	if (afs & BGP_AF_V4U) {
		sb_printf(sb, "%s%sipv4u%s", *first ? "" : ",", pfx,
		    (fwd & BGP_AF_V4U) ? "+f" : "");
		*first = 0;
	}
	if (afs & BGP_AF_V6U) {
		sb_printf(sb, "%s%sipv6u%s", *first ? "" : ",", pfx,
		    (fwd & BGP_AF_V6U) ? "+f" : "");
		*first = 0;
	}
}

static void
capname(struct strbuf *sb, int present, const char *name, int *first)
{
	if (!present)
		return;
	sb_printf(sb, "%s%s", *first ? "" : ",", name);
	*first = 0;
}

static void
describe_open(const uint8_t *body, size_t blen, struct strbuf *sb)
{
	struct bgp_open		 o;
	struct bgp_err		 err;
	const struct bgp_caps	*c = &o.caps;
	size_t			 i, n;
	int			 first = 1, gfirst;

	if (bgp_open_decode(body, blen, &o, &err) == -1) {
		sb_printf(sb, "OPEN invalid %u/%u %s", err.code, err.subcode,
		    err.text);
		return;
	}
	sb_printf(sb, "OPEN v%u AS %u hold %u id %u.%u.%u.%u", o.version,
	    o.my_as, o.hold, (o.bgp_id >> 24) & 0xff, (o.bgp_id >> 16) & 0xff,
	    (o.bgp_id >> 8) & 0xff, o.bgp_id & 0xff);
	if (!o.has_caps)
		return;
	sb_puts(sb, " caps ");
	describe_afs(sb, c->afs, 0, "mp-", &first);
	if (c->other_afs) {
		sb_printf(sb, "%smp-other(%u)", first ? "" : ",",
		    c->other_afs);
		first = 0;
	}
	capname(sb, c->route_refresh, "route-refresh", &first);
	capname(sb, c->route_refresh_old, "route-refresh-old", &first);
	capname(sb, c->enhanced_rr, "enhanced-rr", &first);
	if (c->as4) {
		sb_printf(sb, "%sas4(%u)", first ? "" : ",", c->as4_asn);
		first = 0;
	}
	capname(sb, c->ext_msg, "ext-msg", &first);
	if (c->gr) {
		sb_printf(sb, "%sgr(%u%s", first ? "" : ",", c->gr_time,
		    c->gr_restarting ? " R" : "");
		if (c->gr_afs)
			sb_putc(sb, ' ');
		gfirst = 1;
		describe_afs(sb, c->gr_afs, c->gr_afs_fwd, "", &gfirst);
		sb_putc(sb, ')');
		first = 0;
	}
	capname(sb, c->add_path, "add-path", &first);
	n = c->nunknown < 8 ? c->nunknown : 8;
	for (i = 0; i < n; i++) {
		sb_printf(sb, "%scap-%u", first ? "" : ",", c->unknown[i].code);
		first = 0;
	}
	if (c->nunknown > n)
		sb_printf(sb, "%s+%zu more", first ? "" : ",", c->nunknown - n);
	else if (first)
		sb_puts(sb, "none");
}

static void
describe_notification(const uint8_t *body, size_t blen, struct strbuf *sb)
{
	struct bgp_notification	*n;
	struct bgp_err		 err;
	size_t			 i;

	/* The data array is 64 KB: keep it off the stack. */
	if ((n = malloc(sizeof(*n))) == NULL) {
		sb->oom = 1;
		return;
	}
	if (bgp_notification_decode(body, blen, n, &err) == -1) {
		sb_printf(sb, "NOTIFICATION invalid %u/%u %s", err.code,
		    err.subcode, err.text);
		free(n);
		return;
	}
	sb_printf(sb, "NOTIFICATION %u/%u ", n->code, n->subcode);
	bgp_notification_describe(n->code, n->subcode,
	    n->has_shutdown_msg ? n->shutdown_msg : NULL, sb);
	if (!n->has_shutdown_msg && n->datalen > 0) {
		sb_puts(sb, " data ");
		for (i = 0; i < n->datalen && i < 16; i++)
			sb_printf(sb, "%02x", n->data[i]);
		if (n->datalen > 16)
			sb_printf(sb, "... (%zu bytes)", n->datalen);
	}
	free(n);
}

static void
describe_update(const uint8_t *body, size_t blen, size_t mlen,
    struct strbuf *sb)
{
	size_t	 wlen, alen;

	sb_printf(sb, "UPDATE len %zu", mlen);
	if (blen < 2) {
		sb_puts(sb, " malformed (no withdrawn routes length)");
		return;
	}
	wlen = get16(body);
	if (wlen > blen - 2 || blen - 2 - wlen < 2) {
		sb_printf(sb, " malformed (withdrawn length %zu)", wlen);
		return;
	}
	alen = get16(body + 2 + wlen);
	if (alen > blen - 4 - wlen) {
		sb_printf(sb, " withdrawn %zu malformed (attribute length %zu)",
		    wlen, alen);
		return;
	}
	sb_printf(sb, " withdrawn %zu attrs %zu nlri %zu", wlen, alen,
	    blen - 4 - wlen - alen);
}

void
bgp_msg_describe(const uint8_t *msg, size_t len,
    const struct bgp_codec_ctx *ctx, struct strbuf *sb)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	const uint8_t		*body;
	size_t			 blen;
	uint16_t		 afi;
	uint8_t			 subtype, safi;
	int			 r;

	r = bgp_msg_frame(msg, len, ctx != NULL ? ctx->maxlen : BGP_EXT_MAX_LEN,
	    &hdr, &err);
	if (r == -1) {
		sb_printf(sb, "invalid message %u/%u %s", err.code,
		    err.subcode, err.text);
		return;
	}
	if (r == 0) {
		if (len < BGP_HDR_LEN)
			sb_printf(sb, "truncated header (%zu bytes)", len);
		else
			sb_printf(sb, "truncated %s (%zu of %u bytes)",
			    bgp_msg_type_name(hdr.type), len, hdr.len);
		return;
	}
	body = msg + BGP_HDR_LEN;
	blen = hdr.len - BGP_HDR_LEN;
	switch (hdr.type) {
	case BGP_MSG_OPEN:
		describe_open(body, blen, sb);
		break;
	case BGP_MSG_UPDATE:
		describe_update(body, blen, hdr.len, sb);
		break;
	case BGP_MSG_NOTIFICATION:
		describe_notification(body, blen, sb);
		break;
	case BGP_MSG_KEEPALIVE:
		sb_puts(sb, "KEEPALIVE");
		break;
	case BGP_MSG_ROUTE_REFRESH:
		if (bgp_route_refresh_decode(body, blen, &afi, &subtype,
		    &safi, &err) == -1)
			sb_printf(sb, "ROUTE-REFRESH invalid %u/%u %s",
			    err.code, err.subcode, err.text);
		else
			sb_printf(sb, "ROUTE-REFRESH afi %u safi %u subtype %u",
			    afi, safi, subtype);
		break;
	}
}
