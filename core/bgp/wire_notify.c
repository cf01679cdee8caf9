/*
 * wire_notify: NOTIFICATION (RFC 4271 4.5, with the subcodes of RFC 4486,
 * 6608, 7313, 8538, 9234, 9384 and the shutdown communication of RFC
 * 8203/9003) and ROUTE-REFRESH (RFC 2918, 7313); see wire.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/wire.h"

/* ---- Names, spelled as XR and FRR print them ---- */

static const char *const hdr_names[] = {
	"Unspecific",
	"Connection Not Synchronized",
	"Bad Message Length",
	"Bad Message Type",
};

static const char *const open_names[] = {
	"Unspecific",
	"Unsupported Version Number",
	"Bad Peer AS",
	"Bad BGP Identifier",
	"Unsupported Optional Parameter",
	"Authentication Failure",		/* deprecated */
	"Unacceptable Hold Time",
	"Unsupported Capability",		/* RFC 5492 */
	"Deprecated (8)",
	"Deprecated (9)",
	"Deprecated (10)",
	"Role Mismatch",			/* RFC 9234 */
};

static const char *const update_names[] = {
	"Unspecific",
	"Malformed Attribute List",
	"Unrecognized Well-known Attribute",
	"Missing Well-known Attribute",
	"Attribute Flags Error",
	"Attribute Length Error",
	"Invalid ORIGIN Attribute",
	"AS Routing Loop",			/* deprecated */
	"Invalid NEXT_HOP Attribute",
	"Optional Attribute Error",
	"Invalid Network Field",
	"Malformed AS_PATH",
};

static const char *const hold_names[] = {
	"Unspecific",
};

static const char *const fsm_names[] = {		/* RFC 6608 */
	"Unspecific",
	"Receive Unexpected Message in OpenSent State",
	"Receive Unexpected Message in OpenConfirm State",
	"Receive Unexpected Message in Established State",
};

static const char *const cease_names[] = {		/* RFC 4486 */
	"Unspecific",
	"Maximum Number of Prefixes Reached",
	"Administrative Shutdown",
	"Peer De-configured",
	"Administrative Reset",
	"Connection Rejected",
	"Other Configuration Change",
	"Connection Collision Resolution",
	"Out of Resources",
	"Hard Reset",				/* RFC 8538 */
	"BFD Down",				/* RFC 9384 */
};

static const char *const rr_names[] = {		/* RFC 7313 */
	"Unspecific",
	"Invalid Message Length",
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char		 *name;
	const char *const	 *sub;
	size_t			  nsub;
} codes[] = {
	{ NULL, NULL, 0 },
	{ "Message Header Error", hdr_names, NITEMS(hdr_names) },
	{ "OPEN Message Error", open_names, NITEMS(open_names) },
	{ "UPDATE Message Error", update_names, NITEMS(update_names) },
	{ "Hold Timer Expired", hold_names, NITEMS(hold_names) },
	{ "Finite State Machine Error", fsm_names, NITEMS(fsm_names) },
	{ "Cease", cease_names, NITEMS(cease_names) },
	{ "ROUTE-REFRESH Message Error", rr_names, NITEMS(rr_names) },
};

const char *
bgp_err_code_name(uint8_t code)
{
	if (code == 0 || code >= NITEMS(codes))
		return "Unknown";
	return codes[code].name;
}

const char *
bgp_err_subcode_name(uint8_t code, uint8_t subcode)
{
	if (code == 0 || code >= NITEMS(codes))
		return subcode == 0 ? "Unspecific" : "Unknown";
	if (subcode >= codes[code].nsub)
		return "Unknown";
	return codes[code].sub[subcode];
}

/* ---- Shutdown communication ---- */

/*
 * Copies n bytes of peer-supplied UTF-8 into out (room for n + 1) so
 * that the result can go to a terminal: C0 and C1 controls, DEL, line
 * separators, bidirectional overrides and bytes that aren't valid UTF-8
 * each become one '?'.  The output is never longer than the input.
 */
static void
sanitize_utf8(const uint8_t *in, size_t n, char *out)
{
	size_t		 i = 0, o = 0, k, sl;
	uint32_t	 cp;
	uint8_t		 c, lo, hi;

	while (i < n) {
		c = in[i];
		if (c < 0x80) {
			out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			sl = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			sl = 3;
			cp = c & 0x0f;
			if (c == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (c == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			sl = 4;
			cp = c & 0x07;
			if (c == 0xf0)
				lo = 0x90;	/* overlong */
			else if (c == 0xf4)
				hi = 0x8f;	/* above U+10FFFF */
		} else {
			out[o++] = '?';
			i++;
			continue;
		}
		if (n - i < sl || in[i + 1] < lo || in[i + 1] > hi) {
			out[o++] = '?';
			i++;
			continue;
		}
		for (k = 1; k < sl; k++) {
			if ((in[i + k] & 0xc0) != 0x80)
				break;
			cp = (cp << 6) | (in[i + k] & 0x3f);
		}
		if (k < sl) {
			out[o++] = '?';
			i++;
			continue;
		}
		if ((cp >= 0x80 && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			out[o++] = '?';
		else {
			memcpy(out + o, in + i, sl);
			o += sl;
		}
		i += sl;
	}
	out[o] = '\0';
}

/* ---- NOTIFICATION ---- */

int
bgp_notification_decode(const uint8_t *body, size_t len,
    struct bgp_notification *n, struct bgp_err *err)
{
	uint8_t	 mlen[2];
	size_t	 slen;

	n->code = n->subcode = 0;
	n->datalen = 0;
	n->has_shutdown_msg = 0;
	n->shutdown_msg[0] = '\0';
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (len < 2 || len > sizeof(n->data) + 2) {
		mlen[0] = (uint8_t)((len + BGP_HDR_LEN) >> 8);
		mlen[1] = (uint8_t)(len + BGP_HDR_LEN);
		bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN, mlen, 2,
		    "bad NOTIFICATION length %zu", len + BGP_HDR_LEN);
		return -1;
	}
	n->code = body[0];
	n->subcode = body[1];
	n->datalen = len - 2;
	if (n->datalen > 0)
		memcpy(n->data, body + 2, n->datalen);

	/*
	 * RFC 8203/9003: a length octet and that much UTF-8.  Anything that
	 * doesn't fit is simply no message; a NOTIFICATION can't be answered
	 * with an error (RFC 4271 6.4), and the session is closing anyway.
	 */
	if (n->code == BGP_ERR_CEASE &&
	    (n->subcode == BGP_CEASE_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_CEASE_ADMIN_RESET) && n->datalen >= 1) {
		slen = n->data[0];
		if (slen > 0 && slen <= n->datalen - 1 &&
		    slen <= BGP_SHUTDOWN_MSG_MAX) {
			sanitize_utf8(n->data + 1, slen, n->shutdown_msg);
			n->has_shutdown_msg = 1;
		}
	}
	return 0;
}

int
bgp_notification_encode(struct wbuf *b, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen)
{
	size_t	 start = b->len, off;

	if (b->oom)
		return -1;
	/*
	 * Keep within 4096 bytes: the encoder doesn't know whether extended
	 * messages were negotiated, and the data is diagnostic only.
	 */
	if (data == NULL)
		datalen = 0;
	if (datalen > BGP_MAX_LEN - BGP_HDR_LEN - 2)
		datalen = BGP_MAX_LEN - BGP_HDR_LEN - 2;
	off = bgp_msg_begin(b, BGP_MSG_NOTIFICATION);
	wbuf_put8(b, code);
	wbuf_put8(b, subcode);
	if (datalen > 0)
		wbuf_put(b, data, datalen);
	bgp_msg_end(b, off);
	if (b->oom) {
		if (start <= b->len)
			b->len = start;
		return -1;
	}
	return 0;
}

int
bgp_notification_encode_shutdown(struct wbuf *b, uint8_t subcode,
    const char *msg)
{
	uint8_t	 data[1 + BGP_SHUTDOWN_MSG_MAX];
	size_t	 n;

	n = msg != NULL ? strlen(msg) : 0;
	if (n > BGP_SHUTDOWN_MSG_MAX) {
		n = BGP_SHUTDOWN_MSG_MAX;
		/* Back up over continuation bytes to a character start. */
		while (n > 0 && ((uint8_t)msg[n] & 0xc0) == 0x80)
			n--;
	}
	data[0] = (uint8_t)n;
	if (n > 0)
		memcpy(data + 1, msg, n);
	return bgp_notification_encode(b, BGP_ERR_CEASE, subcode, data,
	    1 + n);
}

void
bgp_notification_describe(uint8_t code, uint8_t subcode,
    const char *shutdown_msg, struct strbuf *sb)
{
	const char	*p;

	if (code == 0 || code >= NITEMS(codes))
		sb_printf(sb, "Unknown Error Code %u (subcode %u)", code,
		    subcode);
	else if (code == BGP_ERR_HOLDTIMER && subcode == 0)
		sb_puts(sb, codes[code].name);
	else if (subcode >= codes[code].nsub)
		sb_printf(sb, "%s: Unknown Subcode %u", codes[code].name,
		    subcode);
	else
		sb_printf(sb, "%s: %s", codes[code].name,
		    codes[code].sub[subcode]);
	if (shutdown_msg == NULL || *shutdown_msg == '\0')
		return;
	/* Decoded messages are clean already; others may not be. */
	sb_puts(sb, " (message: \"");
	for (p = shutdown_msg; *p != '\0'; p++)
		sb_putc(sb, ((uint8_t)*p < 0x20 || *p == 0x7f) ? '?' : *p);
	sb_puts(sb, "\")");
}

/* ---- ROUTE-REFRESH ---- */

int
bgp_route_refresh_decode(const uint8_t *body, size_t len, uint16_t *afi,
    uint8_t *subtype, uint8_t *safi, struct bgp_err *err)
{
	uint8_t	 msg[64];
	size_t	 mlen, n;

	*afi = 0;
	*subtype = *safi = 0;
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	/*
	 * RFC 7313 5: a wrong length is 7/1 and the data is the whole
	 * message; rebuild its header (bgp_err keeps the first 64 bytes).
	 * The framing rejects such a message as 1/2 before it gets here.
	 */
	if (len != 4) {
		mlen = len + BGP_HDR_LEN;
		memset(msg, 0xff, BGP_MARKER_LEN);
		msg[16] = (uint8_t)(mlen > 0xffff ? 0xff : mlen >> 8);
		msg[17] = (uint8_t)(mlen > 0xffff ? 0xff : mlen);
		msg[18] = BGP_MSG_ROUTE_REFRESH;
		n = len < sizeof(msg) - BGP_HDR_LEN ? len :
		    sizeof(msg) - BGP_HDR_LEN;
		if (n > 0)
			memcpy(msg + BGP_HDR_LEN, body, n);
		bgp_err_set(err, BGP_ERR_RREFRESH, BGP_ERR_RR_MSGLEN, msg,
		    BGP_HDR_LEN + n, "bad ROUTE-REFRESH length %zu", mlen);
		return -1;
	}
	*afi = (uint16_t)((body[0] << 8) | body[1]);
	*subtype = body[2];
	*safi = body[3];
	return 0;
}

int
bgp_route_refresh_encode(struct wbuf *b, uint16_t afi, uint8_t subtype,
    uint8_t safi)
{
	size_t	 start = b->len, off;

	if (b->oom)
		return -1;
	off = bgp_msg_begin(b, BGP_MSG_ROUTE_REFRESH);
	wbuf_put16(b, afi);
	wbuf_put8(b, subtype);
	wbuf_put8(b, safi);
	bgp_msg_end(b, off);
	if (b->oom) {
		if (start <= b->len)
			b->len = start;
		return -1;
	}
	return 0;
}
