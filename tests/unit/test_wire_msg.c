/*
 * Unit tests for core/bgp/wire.c, wire_open.c and wire_notify.c: framing,
 * OPEN and capabilities, NOTIFICATION, ROUTE-REFRESH, the one-line
 * description.  Hostile-input tests copy each input into a buffer of
 * exactly its size so that the sanitizer build catches any overread.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/wire.h"
#include "tests/unit/t.h"

static const uint8_t keepalive_rfc[19] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x00, 0x13, 0x04
};

/* An exact-size heap copy (at least 1 byte so malloc(0) isn't asked). */
static uint8_t *
dup_exact(const uint8_t *p, size_t n)
{
	uint8_t	*q;

	if ((q = malloc(n ? n : 1)) == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (n)
		memcpy(q, p, n);
	return q;
}

/* A header for a message of mlen bytes and the given type. */
static void
mkhdr(uint8_t *h, size_t mlen, uint8_t type)
{
	memset(h, 0xff, 16);
	h[16] = (uint8_t)(mlen >> 8);
	h[17] = (uint8_t)mlen;
	h[18] = type;
}

static int
frame(const uint8_t *p, size_t len, size_t maxlen, struct bgp_msghdr *hdr,
    struct bgp_err *err)
{
	uint8_t	*q = dup_exact(p, len);
	int	 r;

	r = bgp_msg_frame(q, len, maxlen, hdr, err);
	free(q);
	return r;
}

/* Frames a header of (mlen, type) with a zeroed body of mlen - 19. */
static int
frame_hdr(size_t mlen, uint8_t type, size_t maxlen, struct bgp_err *err)
{
	struct bgp_msghdr	 hdr;
	uint8_t			*m;
	size_t			 n = mlen < 19 ? 19 : mlen;
	int			 r;

	m = calloc(1, n);
	if (m == NULL)
		exit(2);
	mkhdr(m, mlen, type);
	r = bgp_msg_frame(m, n, maxlen, &hdr, err);
	free(m);
	return r;
}

static int
open_decode_exact(const uint8_t *body, size_t len, struct bgp_open *o,
    struct bgp_err *err)
{
	uint8_t	*q = dup_exact(body, len);
	int	 r;

	r = bgp_open_decode(q, len, o, err);
	free(q);
	return r;
}

/* Builds an OPEN body: fixed part + raw optional parameter bytes. */
static size_t
open_body(uint8_t *b, uint8_t version, uint16_t as, uint16_t hold,
    uint32_t id, uint8_t optlen, const uint8_t *opt, size_t nopt)
{
	b[0] = version;
	b[1] = (uint8_t)(as >> 8);
	b[2] = (uint8_t)as;
	b[3] = (uint8_t)(hold >> 8);
	b[4] = (uint8_t)hold;
	b[5] = (uint8_t)(id >> 24);
	b[6] = (uint8_t)(id >> 16);
	b[7] = (uint8_t)(id >> 8);
	b[8] = (uint8_t)id;
	b[9] = optlen;
	if (nopt)
		memcpy(b + 10, opt, nopt);
	return 10 + nopt;
}

static void
test_wbuf(void)
{
	struct wbuf	 b = WBUF_INIT;
	static const uint8_t want[] = { 1, 0x02, 0x03, 0x04, 0x05, 0x06,
	    0x07, 'x', 'y' };
	size_t		 i;

	T_EQ_INT(wbuf_put8(&b, 1), 0);
	T_EQ_INT(wbuf_put16(&b, 0x0203), 0);
	T_EQ_INT(wbuf_put32(&b, 0x04050607), 0);
	T_EQ_INT(wbuf_put(&b, "xy", 2), 0);
	T_EQ_INT(wbuf_put(&b, NULL, 0), 0);
	T_EQ_INT(b.len, sizeof(want));
	T_ASSERT(memcmp(b.buf, want, sizeof(want)) == 0);
	wbuf_set16(&b, 1, 0xabcd);
	T_EQ_INT(b.buf[1], 0xab);
	T_EQ_INT(b.buf[2], 0xcd);
	wbuf_set16(&b, b.len - 1, 0x1111);	/* would overrun: ignored */
	wbuf_set16(&b, b.len + 5, 0x1111);
	T_EQ_INT(b.buf[b.len - 1], 'y');
	/* Growth well past the first allocation keeps the contents. */
	for (i = 0; i < 100000; i++)
		wbuf_put8(&b, (uint8_t)i);
	T_EQ_INT(b.len, sizeof(want) + 100000);
	T_EQ_INT(b.oom, 0);
	T_EQ_INT(b.buf[sizeof(want) + 99999], (uint8_t)99999);
	wbuf_reset(&b);
	T_EQ_INT(b.len, 0);
	wbuf_free(&b);
	T_ASSERT(b.buf == NULL);
	wbuf_free(&b);
}

static void
test_keepalive(void)
{
	struct wbuf		 b = WBUF_INIT;
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;

	bgp_keepalive_encode(&b);
	T_EQ_INT(b.len, 19);
	T_ASSERT(memcmp(b.buf, keepalive_rfc, 19) == 0);
	T_EQ_INT(frame(keepalive_rfc, 19, 4096, &hdr, &err), 1);
	T_EQ_INT(hdr.type, BGP_MSG_KEEPALIVE);
	T_EQ_INT(hdr.len, 19);
	bgp_msg_describe(keepalive_rfc, 19, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "KEEPALIVE");
	sb_free(&sb);
	wbuf_free(&b);

	T_EQ_STR(bgp_msg_type_name(BGP_MSG_OPEN), "OPEN");
	T_EQ_STR(bgp_msg_type_name(BGP_MSG_UPDATE), "UPDATE");
	T_EQ_STR(bgp_msg_type_name(BGP_MSG_NOTIFICATION), "NOTIFICATION");
	T_EQ_STR(bgp_msg_type_name(BGP_MSG_KEEPALIVE), "KEEPALIVE");
	T_EQ_STR(bgp_msg_type_name(BGP_MSG_ROUTE_REFRESH), "Route-Refresh");
	T_EQ_STR(bgp_msg_type_name(0), "Unknown");
	T_EQ_STR(bgp_msg_type_name(200), "Unknown");
}

static void
test_framing(void)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	uint8_t			 m[64];
	size_t			 i, n;
	int			 t;

	/* Every prefix of a valid header wants more bytes. */
	for (n = 0; n < 19; n++) {
		memset(&hdr, 0, sizeof(hdr));
		T_EQ_INT(frame(keepalive_rfc, n, 4096, &hdr, &err), 0);
	}
	/* A bad marker byte anywhere is 1/1, as soon as it is in. */
	for (i = 0; i < 16; i++) {
		memcpy(m, keepalive_rfc, 19);
		m[i] = 0xfe;
		T_EQ_INT(frame(m, 19, 4096, &hdr, &err), -1);
		T_EQ_INT(err.code, 1);
		T_EQ_INT(err.subcode, 1);
		T_EQ_INT(err.datalen, 0);
		T_EQ_INT(frame(m, i + 1, 4096, &hdr, &err), -1);
		T_EQ_INT(err.subcode, 1);
	}
	/* Length below 19 and above the maximum: 1/2 with the field. */
	{
		static const size_t bad[] = { 0, 1, 18, 4097, 65535 };
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			mkhdr(m, bad[i], BGP_MSG_UPDATE);
			T_EQ_INT(frame(m, 19, 4096, &hdr, &err), -1);
			T_EQ_INT(err.code, 1);
			T_EQ_INT(err.subcode, 2);
			T_EQ_INT(err.datalen, 2);
			T_EQ_INT(err.data[0], (uint8_t)(bad[i] >> 8));
			T_EQ_INT(err.data[1], (uint8_t)bad[i]);
		}
	}
	/* Unknown types: 1/3 with the type byte. */
	{
		static const uint8_t bad[] = { 0, 6, 7, 128, 255 };
		for (i = 0; i < sizeof(bad); i++) {
			mkhdr(m, 19, bad[i]);
			T_EQ_INT(frame(m, 19, 4096, &hdr, &err), -1);
			T_EQ_INT(err.code, 1);
			T_EQ_INT(err.subcode, 3);
			T_EQ_INT(err.datalen, 1);
			T_EQ_INT(err.data[0], bad[i]);
		}
	}
	/* Per-type bounds, with and without extended messages. */
	for (t = 0; t < 2; t++) {
		size_t max = t ? 65535 : 4096;

		T_EQ_INT(frame_hdr(28, BGP_MSG_OPEN, max, &err), -1);
		T_EQ_INT(err.subcode, 2);
		T_EQ_INT(err.data[1], 28);
		T_EQ_INT(frame_hdr(29, BGP_MSG_OPEN, max, &err), 1);
		T_EQ_INT(frame_hdr(4096, BGP_MSG_OPEN, max, &err), 1);
		T_EQ_INT(frame_hdr(4097, BGP_MSG_OPEN, max, &err), -1);
		T_EQ_INT(err.code, 1);
		T_EQ_INT(err.subcode, 2);

		T_EQ_INT(frame_hdr(22, BGP_MSG_UPDATE, max, &err), -1);
		T_EQ_INT(err.subcode, 2);
		T_EQ_INT(frame_hdr(23, BGP_MSG_UPDATE, max, &err), 1);
		T_EQ_INT(frame_hdr(4096, BGP_MSG_UPDATE, max, &err), 1);
		T_EQ_INT(frame_hdr(4097, BGP_MSG_UPDATE, max, &err),
		    t ? 1 : -1);
		T_EQ_INT(frame_hdr(65535, BGP_MSG_UPDATE, max, &err),
		    t ? 1 : -1);

		T_EQ_INT(frame_hdr(20, BGP_MSG_NOTIFICATION, max, &err), -1);
		T_EQ_INT(err.subcode, 2);
		T_EQ_INT(frame_hdr(21, BGP_MSG_NOTIFICATION, max, &err), 1);
		T_EQ_INT(frame_hdr(4097, BGP_MSG_NOTIFICATION, max, &err),
		    t ? 1 : -1);

		T_EQ_INT(frame_hdr(19, BGP_MSG_KEEPALIVE, max, &err), 1);
		T_EQ_INT(frame_hdr(20, BGP_MSG_KEEPALIVE, max, &err), -1);
		T_EQ_INT(err.code, 1);
		T_EQ_INT(err.subcode, 2);
		T_EQ_INT(err.data[1], 20);
		T_EQ_INT(frame_hdr(18, BGP_MSG_KEEPALIVE, max, &err), -1);
		T_EQ_INT(err.subcode, 2);

		/* wrong lengths go to the body decoder (7/1 or 1/2) */
		T_EQ_INT(frame_hdr(22, BGP_MSG_ROUTE_REFRESH, max, &err), 1);
		T_EQ_INT(frame_hdr(23, BGP_MSG_ROUTE_REFRESH, max, &err), 1);
		T_EQ_INT(frame_hdr(24, BGP_MSG_ROUTE_REFRESH, max, &err), 1);
	}
	/* A nonsense maxlen is taken as the nearest legal one. */
	T_EQ_INT(frame_hdr(4096, BGP_MSG_UPDATE, 0, &err), 1);
	T_EQ_INT(frame_hdr(4097, BGP_MSG_UPDATE, 0, &err), -1);
	T_EQ_INT(frame_hdr(65535, BGP_MSG_UPDATE, 1000000, &err), 1);

	/* Incomplete message: 0 with the header reported. */
	memset(m, 0, sizeof(m));
	mkhdr(m, 40, BGP_MSG_UPDATE);
	memset(&hdr, 0, sizeof(hdr));
	T_EQ_INT(frame(m, 30, 4096, &hdr, &err), 0);
	T_EQ_INT(hdr.len, 40);
	T_EQ_INT(frame(m, 39, 4096, &hdr, &err), 0);
	T_EQ_INT(frame(m, 40, 4096, &hdr, &err), 1);
	/* Two messages back to back: the first one's length. */
	memcpy(m, keepalive_rfc, 19);
	memcpy(m + 19, keepalive_rfc, 19);
	T_EQ_INT(frame(m, 38, 4096, &hdr, &err), 1);
	T_EQ_INT(hdr.len, 19);
	/* The error text is never empty. */
	mkhdr(m, 19, 9);
	T_EQ_INT(frame(m, 19, 4096, &hdr, &err), -1);
	T_ASSERT(err.text[0] != '\0');
}

static void
caps_expect(const struct bgp_caps *got, const struct bgp_caps *want,
    uint32_t my_as)
{
	int	 as4 = want->as4 || my_as > 0xffff;

	T_EQ_INT(got->afs, want->afs);
	T_EQ_INT(got->other_afs, 0);
	T_EQ_INT(got->route_refresh, want->route_refresh);
	T_EQ_INT(got->route_refresh_old, want->route_refresh_old);
	T_EQ_INT(got->enhanced_rr, want->enhanced_rr);
	T_EQ_INT(got->as4, as4);
	T_EQ_INT(got->as4_asn, as4 ? my_as : 0);
	T_EQ_INT(got->ext_msg, want->ext_msg);
	T_EQ_INT(got->gr, want->gr);
	if (want->gr) {
		T_EQ_INT(got->gr_restarting, want->gr_restarting);
		T_EQ_INT(got->gr_time, want->gr_time);
		T_EQ_INT(got->gr_afs, want->gr_afs);
		T_EQ_INT(got->gr_afs_fwd, want->gr_afs_fwd & want->gr_afs);
	}
	T_EQ_INT(got->nunknown, want->nunknown);
}

/* Encodes, frames and decodes an OPEN; returns the message length. */
static size_t
open_roundtrip(uint32_t my_as, uint16_t hold, uint32_t id,
    const struct bgp_caps *c, struct bgp_open *o, struct wbuf *b)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;

	wbuf_reset(b);
	T_EQ_INT(bgp_open_encode(b, my_as, hold, id, c), 0);
	T_EQ_INT(frame(b->buf, b->len, 4096, &hdr, &err), 1);
	T_EQ_INT(hdr.type, BGP_MSG_OPEN);
	T_EQ_INT(hdr.len, b->len);
	T_EQ_INT(open_decode_exact(b->buf + 19, b->len - 19, o, &err), 0);
	T_EQ_INT(err.code, 0);
	T_EQ_INT(o->version, 4);
	T_EQ_INT(o->my_as, my_as > 0xffff ? BGP_AS_TRANS : my_as);
	T_EQ_INT(o->hold, hold);
	T_EQ_INT(o->bgp_id, id);
	T_EQ_INT(bgp_open_peer_as(o), my_as);
	return b->len;
}

static void
test_open_combos(void)
{
	static const uint32_t	 asns[] = { 1, 65001, 65535, 65536,
	    4200000000u };
	struct wbuf		 b = WBUF_INIT;
	struct bgp_caps		 c;
	struct bgp_open		 o;
	unsigned		 m, gv;
	size_t			 a;

	for (a = 0; a < sizeof(asns) / sizeof(asns[0]); a++)
		for (m = 0; m < 256; m++)
			for (gv = 0; gv < ((m & 0x80) ? 4u : 1u); gv++) {
				memset(&c, 0, sizeof(c));
				c.afs = m & 3;
				c.route_refresh = (m >> 2) & 1;
				c.route_refresh_old = (m >> 3) & 1;
				c.enhanced_rr = (m >> 4) & 1;
				c.as4 = (m >> 5) & 1;
				c.ext_msg = (m >> 6) & 1;
				c.gr = (m >> 7) & 1;
				c.gr_restarting = gv & 1;
				c.gr_time = gv == 3 ? 4095 : 120;
				c.gr_afs = gv;
				c.gr_afs_fwd = gv == 2 ? 2 : 1;
				open_roundtrip(asns[a], (uint16_t)(m * 3),
				    0x0a000001 + m, &c, &o, &b);
				T_EQ_INT(o.has_caps, m != 0 ||
				    asns[a] > 0xffff);
				caps_expect(&o.caps, &c, asns[a]);
			}

	/* No capabilities at all: no optional parameters. */
	wbuf_reset(&b);
	T_EQ_INT(bgp_open_encode(&b, 65001, 180, 1, NULL), 0);
	T_EQ_INT(b.len, 29);
	T_EQ_INT(b.buf[28], 0);
	T_EQ_INT(open_decode_exact(b.buf + 19, 10, &o, NULL), 0);
	T_EQ_INT(o.has_caps, 0);
	wbuf_free(&b);
}

/* The exact bytes of a full OPEN, capability order included. */
static void
test_open_bytes(void)
{
	static const uint8_t want[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x45, 0x01,
		0x04, 0x5b, 0xa0, 0x00, 0xb4, 0xc0, 0x00, 0x02, 0x01,
		0x28,			/* optional parameters length 40 */
		0x02, 0x26,		/* capabilities, 38 */
		0x01, 0x04, 0x00, 0x01, 0x00, 0x01,	/* MP IPv4 unicast */
		0x01, 0x04, 0x00, 0x02, 0x00, 0x01,	/* MP IPv6 unicast */
		0x02, 0x00,				/* route refresh */
		0x80, 0x00,				/* Cisco's old one */
		0x46, 0x00,				/* enhanced RR */
		0x41, 0x04, 0x00, 0x01, 0x11, 0x70,	/* AS4 70000 */
		0x06, 0x00,				/* extended message */
		0x40, 0x0a, 0x80, 0x78,			/* GR R, 120 s */
		0x00, 0x01, 0x01, 0x80,			/* IPv4, F */
		0x00, 0x02, 0x01, 0x00,			/* IPv6 */
	};
	struct wbuf	 b = WBUF_INIT;
	struct bgp_caps	 c;
	struct strbuf	 sb = STRBUF_INIT;

	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U | BGP_AF_V6U;
	c.route_refresh = c.route_refresh_old = c.enhanced_rr = 1;
	c.as4 = c.ext_msg = c.gr = 1;
	c.gr_restarting = 1;
	c.gr_time = 120;
	c.gr_afs = BGP_AF_V4U | BGP_AF_V6U;
	c.gr_afs_fwd = BGP_AF_V4U;
	T_EQ_INT(bgp_open_encode(&b, 70000, 180, 0xc0000201, &c), 0);
	T_EQ_INT(b.len, sizeof(want));
	T_ASSERT(b.len == sizeof(want) && memcmp(b.buf, want, b.len) == 0);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "OPEN v4 AS 23456 hold 180 id 192.0.2.1 caps "
	    "mp-ipv4u,mp-ipv6u,route-refresh,route-refresh-old,enhanced-rr,"
	    "as4(70000),ext-msg,gr(120 R ipv4u+f,ipv6u)");

	/* The example of the brief. */
	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U;
	c.route_refresh = 1;
	c.as4 = 1;
	wbuf_reset(&b);
	sb_reset(&sb);
	T_EQ_INT(bgp_open_encode(&b, 65001, 90, 0x0a000001, &c), 0);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "OPEN v4 AS 65001 hold 90 id 10.0.0.1 caps "
	    "mp-ipv4u,route-refresh,as4(65001)");
	sb_free(&sb);
	wbuf_free(&b);
}

static void
test_open_unknown(void)
{
	struct wbuf		 b = WBUF_INIT;
	struct bgp_caps		 c;
	struct bgp_open		 o;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;
	uint8_t			 opt[512], body[600];
	size_t			 i, n, len;

	/* Eight unknown capabilities of assorted sizes survive a trip. */
	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U;
	c.nunknown = 8;
	for (i = 0; i < 8; i++) {
		c.unknown[i].code = (uint8_t)(71 + i);
		c.unknown[i].len = (uint8_t)(i * 3);
		memset(c.unknown[i].data, (int)i + 1, i * 3);
	}
	open_roundtrip(65001, 90, 1, &c, &o, &b);
	T_EQ_INT(o.caps.nunknown, 8);
	for (i = 0; i < 8; i++) {
		T_EQ_INT(o.caps.unknown[i].code, 71 + i);
		T_EQ_INT(o.caps.unknown[i].len, i * 3);
		T_ASSERT(i == 0 || o.caps.unknown[i].data[i * 3 - 1] == i + 1);
	}
	T_EQ_INT(o.caps.afs, BGP_AF_V4U);
	T_EQ_INT(b.buf[28], b.len - 29);	/* classic encoding */

	/* Twenty unknown ones, by hand: first 8 kept, all counted. */
	n = 0;
	for (i = 0; i < 20; i++) {
		opt[n++] = (uint8_t)(200 + i);
		opt[n++] = 1;
		opt[n++] = (uint8_t)i;
	}
	memmove(opt + 2, opt, n);
	opt[0] = 2;
	opt[1] = (uint8_t)n;
	len = open_body(body, 4, 65001, 90, 1, (uint8_t)(n + 2), opt, n + 2);
	T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
	T_EQ_INT(o.caps.nunknown, 20);
	T_EQ_INT(o.caps.unknown[7].code, 207);
	T_EQ_INT(o.caps.unknown[7].data[0], 7);
	/* Add-path and an unknown MP family are noted, not rejected. */
	{
		static const uint8_t ap[] = { 2, 12,
		    69, 4, 0, 1, 1, 3,
		    1, 4, 0, 1, 0, 128 };	/* MP IPv4 VPN */
		len = open_body(body, 4, 65001, 90, 1, sizeof(ap), ap,
		    sizeof(ap));
		T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
		T_EQ_INT(o.caps.add_path, 1);
		T_EQ_INT(o.caps.other_afs, 1);
		T_EQ_INT(o.caps.afs, 0);
		T_EQ_INT(o.caps.nunknown, 0);
	}

	/* More than 253 bytes of capabilities: RFC 9072 form. */
	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U | BGP_AF_V6U;
	c.as4 = 1;
	c.nunknown = 8;
	for (i = 0; i < 8; i++) {
		c.unknown[i].code = (uint8_t)(150 + i);
		c.unknown[i].len = 255;
		memset(c.unknown[i].data, 0xa0 + (int)i, 255);
	}
	len = open_roundtrip(4200000000u, 90, 7, &c, &o, &b);
	T_ASSERT(len > 2000 && len <= 4096);
	T_EQ_INT(b.buf[28], 255);
	T_EQ_INT(b.buf[29], 255);
	T_EQ_INT((b.buf[30] << 8) | b.buf[31], len - 32);
	T_EQ_INT(b.buf[32], 2);
	T_EQ_INT((b.buf[33] << 8) | b.buf[34], len - 35);
	T_EQ_INT(o.caps.nunknown, 8);
	T_EQ_INT(o.caps.unknown[7].len, 255);
	T_EQ_INT(o.caps.unknown[7].data[254], 0xa7);
	caps_expect(&o.caps, &c, 4200000000u);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "OPEN v4 AS 23456 hold 90 id 0.0.0.7 caps "
	    "mp-ipv4u,mp-ipv6u,as4(4200000000),cap-150,cap-151,cap-152,"
	    "cap-153,cap-154,cap-155,cap-156,cap-157");
	sb_free(&sb);

	/* Exactly 253 bytes still fit the classic form, 254 don't. */
	memset(&c, 0, sizeof(c));
	c.nunknown = 1;
	c.unknown[0].code = 99;
	c.unknown[0].len = 251;
	open_roundtrip(65001, 90, 1, &c, &o, &b);
	T_EQ_INT(b.buf[28], 255);
	T_EQ_INT(b.buf[29], 2);
	T_EQ_INT(b.buf[30], 253);
	c.unknown[0].len = 252;
	open_roundtrip(65001, 90, 1, &c, &o, &b);
	T_EQ_INT(b.buf[29], 255);
	T_EQ_INT(o.caps.unknown[0].len, 252);
	wbuf_free(&b);
}

static void
test_open_split(void)
{
	/* Each capability in its own parameter, plus an empty one. */
	static const uint8_t split[] = {
		2, 6, 1, 4, 0, 1, 0, 1,
		2, 0,
		2, 6, 1, 4, 0, 2, 0, 1,
		2, 2, 2, 0,
		2, 6, 65, 4, 0, 0, 0xfd, 0xe9,
		2, 4, 70, 0, 6, 0,		/* two in one */
		2, 8, 64, 6, 0x00, 0x5a, 0, 2, 1, 0x80,
	};
	/* RFC 9072 with three parameters, non-ext length set to 255. */
	static const uint8_t ext[] = {
		255, 0, 21,
		2, 0, 6, 1, 4, 0, 1, 0, 1,
		2, 0, 2, 2, 0,
		2, 0, 4, 128, 0, 73, 0,
	};
	/* The ext form keyed on the type octet (RFC 9072 2), length 17. */
	static const uint8_t ext_bad_nonext[] = {
		255, 0, 5,
		2, 0, 2, 2, 0,
	};
	struct bgp_open		 o;
	struct bgp_err		 err;
	uint8_t			 body[256];
	size_t			 len;

	len = open_body(body, 4, 65001, 180, 0x01020304, sizeof(split),
	    split, sizeof(split));
	T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
	T_EQ_INT(o.has_caps, 1);
	T_EQ_INT(o.caps.afs, BGP_AF_V4U | BGP_AF_V6U);
	T_EQ_INT(o.caps.route_refresh, 1);
	T_EQ_INT(o.caps.as4, 1);
	T_EQ_INT(o.caps.as4_asn, 65001);
	T_EQ_INT(o.caps.enhanced_rr, 1);
	T_EQ_INT(o.caps.ext_msg, 1);
	T_EQ_INT(o.caps.gr, 1);
	T_EQ_INT(o.caps.gr_restarting, 0);
	T_EQ_INT(o.caps.gr_time, 90);
	T_EQ_INT(o.caps.gr_afs, BGP_AF_V6U);
	T_EQ_INT(o.caps.gr_afs_fwd, BGP_AF_V6U);
	T_EQ_INT(o.caps.nunknown, 0);

	len = open_body(body, 4, 65001, 180, 1, 255, ext, sizeof(ext));
	T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
	T_EQ_INT(o.caps.afs, BGP_AF_V4U);
	T_EQ_INT(o.caps.route_refresh, 1);
	T_EQ_INT(o.caps.route_refresh_old, 1);
	T_EQ_INT(o.caps.as4, 0);
	T_EQ_INT(o.caps.nunknown, 1);
	T_EQ_INT(o.caps.unknown[0].code, 73);
	len = open_body(body, 4, 65001, 180, 1, 17, ext_bad_nonext,
	    sizeof(ext_bad_nonext));
	T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
	T_EQ_INT(o.caps.route_refresh, 1);
	/* A repeated AS4 capability: the first one counts. */
	{
		static const uint8_t two[] = { 2, 12,
		    65, 4, 0, 0, 0, 1, 65, 4, 0, 0, 0, 2 };
		len = open_body(body, 4, 65001, 180, 1, sizeof(two), two,
		    sizeof(two));
		T_EQ_INT(open_decode_exact(body, len, &o, &err), 0);
		T_EQ_INT(o.caps.as4_asn, 1);
	}
}

static void
open_err(const uint8_t *opt, size_t nopt, uint8_t optlen, uint8_t code,
    uint8_t subcode, int line)
{
	struct bgp_open	 o;
	struct bgp_err	 err;
	uint8_t		 body[600];
	size_t		 len;

	len = open_body(body, 4, 65001, 90, 1, optlen, opt, nopt);
	memset(&err, 0, sizeof(err));
	if (open_decode_exact(body, len, &o, &err) != -1 ||
	    err.code != code || err.subcode != subcode ||
	    err.text[0] == '\0') {
		fprintf(stderr, "line %d: want %u/%u got %u/%u (%s)\n", line,
		    code, subcode, err.code, err.subcode, err.text);
		t_failed++;
	} else
		t_passed++;
}

static void
test_open_errors(void)
{
	struct bgp_open	 o;
	struct bgp_err	 err;
	uint8_t		 body[64];
	size_t		 len;

	/* Version 3 and 5: 2/1 with our version as data. */
	len = open_body(body, 3, 65001, 90, 1, 0, NULL, 0);
	T_EQ_INT(open_decode_exact(body, len, &o, &err), -1);
	T_EQ_INT(err.code, 2);
	T_EQ_INT(err.subcode, 1);
	T_EQ_INT(err.datalen, 2);
	T_EQ_INT(err.data[0], 0);
	T_EQ_INT(err.data[1], 4);
	body[0] = 5;
	T_EQ_INT(open_decode_exact(body, len, &o, &err), -1);
	T_EQ_INT(err.subcode, 1);
	/* Shorter than the fixed part: header error, length as data. */
	T_EQ_INT(open_decode_exact(body, 9, &o, &err), -1);
	T_EQ_INT(err.code, 1);
	T_EQ_INT(err.subcode, 2);
	T_EQ_INT(err.datalen, 2);
	T_EQ_INT(err.data[1], 28);

	/* Authentication (1) and unknown parameters: 2/4. */
	{
		static const uint8_t p1[] = { 1, 2, 0, 0 };
		static const uint8_t p3[] = { 2, 2, 2, 0, 3, 0 };
		open_err(p1, sizeof(p1), sizeof(p1), 2, 4, __LINE__);
		open_err(p3, sizeof(p3), sizeof(p3), 2, 4, __LINE__);
	}
	/* Lengths that don't add up: 2/0. */
	{
		static const uint8_t caps[] = { 2, 2, 2, 0 };
		static const uint8_t plong[] = { 2, 5, 2, 0 };
		static const uint8_t clong[] = { 2, 2, 2, 1 };
		static const uint8_t chdr[] = { 2, 3, 2, 0, 70 };
		static const uint8_t phdr[] = { 2, 2, 2, 0, 2 };
		static const uint8_t mp3[] = { 2, 5, 1, 3, 0, 1, 0 };
		static const uint8_t mp5[] = { 2, 7, 1, 5, 0, 1, 0, 1, 0 };
		static const uint8_t rr1[] = { 2, 3, 2, 1, 0 };
		static const uint8_t err1[] = { 2, 3, 70, 1, 0 };
		static const uint8_t ext1[] = { 2, 3, 6, 1, 0 };
		static const uint8_t old1[] = { 2, 3, 128, 1, 0 };
		static const uint8_t as2[] = { 2, 4, 65, 2, 0, 1 };
		static const uint8_t gr1[] = { 2, 3, 64, 1, 0 };
		static const uint8_t gr5[] = { 2, 7, 64, 5, 0, 0, 0, 1, 1 };
		static const uint8_t xt2[] = { 255, 0 };
		static const uint8_t xtover[] = { 255, 0, 6, 2, 0, 9, 2, 0,
		    0 };
		static const uint8_t xtshort[] = { 255, 0, 2, 2, 0 };
		static const uint8_t xtmis[] = { 255, 0, 9, 2, 0, 2, 2, 0 };

		open_err(caps, sizeof(caps), 5, 2, 0, __LINE__);
		open_err(caps, sizeof(caps), 3, 2, 0, __LINE__);
		open_err(caps, sizeof(caps), 0, 2, 0, __LINE__);
		open_err(NULL, 0, 4, 2, 0, __LINE__);
		open_err(plong, sizeof(plong), sizeof(plong), 2, 0, __LINE__);
		open_err(clong, sizeof(clong), sizeof(clong), 2, 0, __LINE__);
		open_err(chdr, sizeof(chdr), sizeof(chdr), 2, 0, __LINE__);
		open_err(phdr, sizeof(phdr), sizeof(phdr), 2, 0, __LINE__);
		open_err(mp3, sizeof(mp3), sizeof(mp3), 2, 0, __LINE__);
		open_err(mp5, sizeof(mp5), sizeof(mp5), 2, 0, __LINE__);
		open_err(rr1, sizeof(rr1), sizeof(rr1), 2, 0, __LINE__);
		open_err(err1, sizeof(err1), sizeof(err1), 2, 0, __LINE__);
		open_err(ext1, sizeof(ext1), sizeof(ext1), 2, 0, __LINE__);
		open_err(old1, sizeof(old1), sizeof(old1), 2, 0, __LINE__);
		open_err(as2, sizeof(as2), sizeof(as2), 2, 0, __LINE__);
		open_err(gr1, sizeof(gr1), sizeof(gr1), 2, 0, __LINE__);
		open_err(gr5, sizeof(gr5), sizeof(gr5), 2, 0, __LINE__);
		open_err(xt2, sizeof(xt2), 255, 2, 0, __LINE__);
		open_err(xtover, sizeof(xtover), 255, 2, 0, __LINE__);
		open_err(xtshort, sizeof(xtshort), 255, 2, 0, __LINE__);
		open_err(xtmis, sizeof(xtmis), 255, 2, 0, __LINE__);
	}
	/* The error is described rather than hidden. */
	{
		struct strbuf	 sb = STRBUF_INIT;
		uint8_t		 m[64];

		mkhdr(m, 29, BGP_MSG_OPEN);
		open_body(m + 19, 3, 1, 1, 1, 0, NULL, 0);
		bgp_msg_describe(m, 29, NULL, &sb);
		T_EQ_STR(sb_str(&sb),
		    "OPEN invalid 2/1 unsupported version 3");
		sb_free(&sb);
	}
}

static void
test_notify_names(void)
{
	static const uint8_t nsub[] = { 0, 4, 12, 12, 1, 4, 11, 2 };
	static const struct {
		uint8_t		 code, sub;
		const char	*name;
	} want[] = {
		{ 1, 1, "Connection Not Synchronized" },
		{ 1, 2, "Bad Message Length" },
		{ 1, 3, "Bad Message Type" },
		{ 2, 1, "Unsupported Version Number" },
		{ 2, 2, "Bad Peer AS" },
		{ 2, 3, "Bad BGP Identifier" },
		{ 2, 4, "Unsupported Optional Parameter" },
		{ 2, 6, "Unacceptable Hold Time" },
		{ 2, 7, "Unsupported Capability" },
		{ 3, 1, "Malformed Attribute List" },
		{ 3, 2, "Unrecognized Well-known Attribute" },
		{ 3, 3, "Missing Well-known Attribute" },
		{ 3, 4, "Attribute Flags Error" },
		{ 3, 5, "Attribute Length Error" },
		{ 3, 6, "Invalid ORIGIN Attribute" },
		{ 3, 8, "Invalid NEXT_HOP Attribute" },
		{ 3, 9, "Optional Attribute Error" },
		{ 3, 10, "Invalid Network Field" },
		{ 3, 11, "Malformed AS_PATH" },
		{ 6, 1, "Maximum Number of Prefixes Reached" },
		{ 6, 2, "Administrative Shutdown" },
		{ 6, 3, "Peer De-configured" },
		{ 6, 4, "Administrative Reset" },
		{ 6, 5, "Connection Rejected" },
		{ 6, 6, "Other Configuration Change" },
		{ 6, 7, "Connection Collision Resolution" },
		{ 6, 8, "Out of Resources" },
		{ 6, 9, "Hard Reset" },
		{ 6, 10, "BFD Down" },
		{ 7, 1, "Invalid Message Length" },
	};
	unsigned	 c, s, s2;
	size_t		 i;

	T_EQ_STR(bgp_err_code_name(1), "Message Header Error");
	T_EQ_STR(bgp_err_code_name(2), "OPEN Message Error");
	T_EQ_STR(bgp_err_code_name(3), "UPDATE Message Error");
	T_EQ_STR(bgp_err_code_name(4), "Hold Timer Expired");
	T_EQ_STR(bgp_err_code_name(5), "Finite State Machine Error");
	T_EQ_STR(bgp_err_code_name(6), "Cease");
	T_EQ_STR(bgp_err_code_name(7), "ROUTE-REFRESH Message Error");
	T_EQ_STR(bgp_err_code_name(8), "Unknown");
	T_EQ_STR(bgp_err_code_name(0), "Unknown");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		T_EQ_STR(bgp_err_subcode_name(want[i].code, want[i].sub),
		    want[i].name);
	/* Every defined name is non-empty and distinct within its code. */
	for (c = 1; c <= 7; c++) {
		for (s = 0; s < nsub[c]; s++) {
			const char *n = bgp_err_subcode_name((uint8_t)c,
			    (uint8_t)s);
			T_ASSERT(n != NULL && n[0] != '\0');
			T_ASSERT(strcmp(n, "Unknown") != 0);
			for (s2 = 0; s2 < s; s2++)
				T_ASSERT(strcmp(n, bgp_err_subcode_name(
				    (uint8_t)c, (uint8_t)s2)) != 0);
		}
		T_EQ_STR(bgp_err_subcode_name((uint8_t)c, 0), "Unspecific");
		T_EQ_STR(bgp_err_subcode_name((uint8_t)c, (uint8_t)nsub[c]),
		    "Unknown");
		T_EQ_STR(bgp_err_subcode_name((uint8_t)c, 255), "Unknown");
		for (s2 = 1; s2 < c; s2++)
			T_ASSERT(strcmp(bgp_err_code_name((uint8_t)c),
			    bgp_err_code_name((uint8_t)s2)) != 0);
	}
	T_EQ_STR(bgp_err_subcode_name(5, 1),
	    "Receive Unexpected Message in OpenSent State");
	T_EQ_STR(bgp_err_subcode_name(0, 0), "Unspecific");
	T_EQ_STR(bgp_err_subcode_name(99, 3), "Unknown");
}

static void
describe_is(uint8_t code, uint8_t sub, const char *msg, const char *want)
{
	struct strbuf	 sb = STRBUF_INIT;

	bgp_notification_describe(code, sub, msg, &sb);
	T_EQ_STR(sb_str(&sb), want);
	T_ASSERT(strchr(sb_str(&sb), '\n') == NULL);
	sb_free(&sb);
}

/* Encodes a shutdown NOTIFICATION, frames and decodes it. */
static void
shutdown_trip(uint8_t sub, const char *msg, struct bgp_notification *n,
    struct wbuf *b)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	uint8_t			*q;

	wbuf_reset(b);
	T_EQ_INT(bgp_notification_encode_shutdown(b, sub, msg), 0);
	T_EQ_INT(frame(b->buf, b->len, 4096, &hdr, &err), 1);
	T_EQ_INT(hdr.type, BGP_MSG_NOTIFICATION);
	q = dup_exact(b->buf + 19, b->len - 19);
	T_EQ_INT(bgp_notification_decode(q, b->len - 19, n, &err), 0);
	free(q);
	T_EQ_INT(n->code, 6);
	T_EQ_INT(n->subcode, sub);
}

/* Decodes a Cease/2 with raw data bytes. */
static void
shutdown_raw(const uint8_t *data, size_t n, struct bgp_notification *no)
{
	uint8_t	*q = malloc(n + 2);

	if (q == NULL)
		exit(2);
	q[0] = 6;
	q[1] = 2;
	memcpy(q + 2, data, n);
	T_EQ_INT(bgp_notification_decode(q, n + 2, no, NULL), 0);
	free(q);
}

static void
test_notification(void)
{
	static const uint8_t hand[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x17, 0x03, 0x02, 0x02, 0xfd, 0xe9,
	};
	struct bgp_notification	*n;
	struct wbuf		 b = WBUF_INIT;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;
	char			 msg[400];
	uint8_t			 raw[300], big[5000];
	size_t			 i;

	if ((n = malloc(sizeof(*n))) == NULL)
		exit(2);

	/* Bad Peer AS with the AS as data, by hand and by the encoder. */
	T_EQ_INT(bgp_notification_encode(&b, 2, 2, hand + 21, 2), 0);
	T_EQ_INT(b.len, sizeof(hand));
	T_ASSERT(memcmp(b.buf, hand, sizeof(hand)) == 0);
	T_EQ_INT(bgp_notification_decode(hand + 19, 4, n, &err), 0);
	T_EQ_INT(n->code, 2);
	T_EQ_INT(n->subcode, 2);
	T_EQ_INT(n->datalen, 2);
	T_EQ_INT(n->data[1], 0xe9);
	T_EQ_INT(n->has_shutdown_msg, 0);
	bgp_msg_describe(hand, sizeof(hand), NULL, &sb);
	T_EQ_STR(sb_str(&sb),
	    "NOTIFICATION 2/2 OPEN Message Error: Bad Peer AS data fde9");
	sb_reset(&sb);

	/* No data; data NULL with a length is no data. */
	wbuf_reset(&b);
	T_EQ_INT(bgp_notification_encode(&b, 4, 0, NULL, 10), 0);
	T_EQ_INT(b.len, 21);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "NOTIFICATION 4/0 Hold Timer Expired");
	sb_reset(&sb);
	/* Long data is cut so the message fits 4096. */
	memset(big, 0x5a, sizeof(big));
	wbuf_reset(&b);
	T_EQ_INT(bgp_notification_encode(&b, 3, 1, big, sizeof(big)), 0);
	T_EQ_INT(b.len, 4096);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "NOTIFICATION 3/1 UPDATE Message Error: "
	    "Malformed Attribute List data 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
	    "... (4075 bytes)");
	sb_reset(&sb);
	/* Too short to decode (only reachable by calling directly). */
	T_EQ_INT(bgp_notification_decode(hand + 19, 1, n, &err), -1);
	T_EQ_INT(err.code, 1);
	T_EQ_INT(err.subcode, 2);
	T_EQ_INT(err.data[1], 20);
	T_EQ_INT(bgp_notification_decode(hand + 19, 0, n, &err), -1);

	/* Shutdown communication. */
	shutdown_trip(2, "maintenance", n, &b);
	T_EQ_INT(n->has_shutdown_msg, 1);
	T_EQ_STR(n->shutdown_msg, "maintenance");
	T_EQ_INT(n->datalen, 12);
	T_EQ_INT(n->data[0], 11);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "NOTIFICATION 6/2 Cease: Administrative "
	    "Shutdown (message: \"maintenance\")");
	sb_reset(&sb);
	shutdown_trip(4, "re-key", n, &b);
	T_EQ_STR(n->shutdown_msg, "re-key");
	describe_is(6, 4, n->shutdown_msg,
	    "Cease: Administrative Reset (message: \"re-key\")");
	shutdown_trip(2, "", n, &b);
	T_EQ_INT(n->has_shutdown_msg, 0);
	T_EQ_INT(n->datalen, 1);
	shutdown_trip(2, NULL, n, &b);
	T_EQ_INT(n->has_shutdown_msg, 0);
	/* UTF-8 passes through. */
	shutdown_trip(2, "Wartung \xc3\xbc\xe2\x82\xac \xf0\x9f\x9a\xa7", n,
	    &b);
	T_EQ_STR(n->shutdown_msg, "Wartung \xc3\xbc\xe2\x82\xac "
	    "\xf0\x9f\x9a\xa7");
	/* 255 bytes exactly. */
	memset(msg, 'm', 255);
	msg[255] = '\0';
	shutdown_trip(2, msg, n, &b);
	T_EQ_INT(n->has_shutdown_msg, 1);
	T_EQ_INT(strlen(n->shutdown_msg), 255);
	T_EQ_STR(n->shutdown_msg, msg);
	/* Overlong: cut to 255 bytes... */
	memset(msg, 'o', 300);
	msg[300] = '\0';
	shutdown_trip(2, msg, n, &b);
	T_EQ_INT(b.len, 21 + 1 + 255);
	T_EQ_INT(strlen(n->shutdown_msg), 255);
	/* ...on a character boundary. */
	memset(msg, 'a', 254);
	memcpy(msg + 254, "\xc3\xa9zzz", 6);
	shutdown_trip(2, msg, n, &b);
	T_EQ_INT(strlen(n->shutdown_msg), 254);
	T_EQ_INT(n->data[0], 254);
	memset(msg, 'a', 253);
	memcpy(msg + 253, "\xf0\x9f\x9a\xa7z", 6);
	shutdown_trip(2, msg, n, &b);
	T_EQ_INT(strlen(n->shutdown_msg), 253);

	/* A length past the data: no message, no error. */
	raw[0] = 20;
	memcpy(raw + 1, "short", 5);
	shutdown_raw(raw, 6, n);
	T_EQ_INT(n->has_shutdown_msg, 0);
	T_EQ_INT(n->datalen, 6);
	raw[0] = 255;
	memset(raw + 1, 'x', 254);
	shutdown_raw(raw, 255, n);
	T_EQ_INT(n->has_shutdown_msg, 0);
	/* Trailing bytes after the message are allowed. */
	raw[0] = 2;
	memcpy(raw + 1, "okXYZ", 5);
	shutdown_raw(raw, 6, n);
	T_EQ_STR(n->shutdown_msg, "ok");
	/* Controls, C1, DEL, bidi overrides and bad UTF-8 become '?'. */
	{
		static const char evil[] = "a\nb\x1b[31mc\x7f"
		    "d\xc2\x9b" "e\xe2\x80\xae" "f\xff" "g\xc3" "h\xe0\x80\x80"
		    "i\xed\xa0\x80" "j\xc3\xa9";
		raw[0] = (uint8_t)(sizeof(evil) - 1);
		memcpy(raw + 1, evil, sizeof(evil) - 1);
		shutdown_raw(raw, sizeof(evil), n);
		T_EQ_INT(n->has_shutdown_msg, 1);
		T_EQ_STR(n->shutdown_msg,
		    "a?b?[31mc?d?e?f?g?h???i???j\xc3\xa9");
		describe_is(6, 2, "x\ty\x1b", "Cease: Administrative "
		    "Shutdown (message: \"x?y?\")");
	}
	/* A NUL is a control character like the others. */
	raw[0] = 3;
	memcpy(raw + 1, "a\0b", 3);
	shutdown_raw(raw, 4, n);
	T_EQ_INT(n->has_shutdown_msg, 1);
	T_EQ_STR(n->shutdown_msg, "a?b");
	/* Other Cease subcodes don't carry one. */
	{
		uint8_t	 q[] = { 6, 3, 2, 'h', 'i' };

		T_EQ_INT(bgp_notification_decode(q, sizeof(q), n, NULL), 0);
		T_EQ_INT(n->has_shutdown_msg, 0);
	}

	describe_is(6, 2, NULL, "Cease: Administrative Shutdown");
	describe_is(6, 2, "", "Cease: Administrative Shutdown");
	describe_is(1, 2, NULL, "Message Header Error: Bad Message Length");
	describe_is(4, 0, NULL, "Hold Timer Expired");
	describe_is(4, 3, NULL, "Hold Timer Expired: Unknown Subcode 3");
	describe_is(2, 0, NULL, "OPEN Message Error: Unspecific");
	describe_is(6, 42, NULL, "Cease: Unknown Subcode 42");
	describe_is(9, 1, NULL, "Unknown Error Code 9 (subcode 1)");
	describe_is(7, 1, NULL,
	    "ROUTE-REFRESH Message Error: Invalid Message Length");
	for (i = 0; i < 8; i++) {
		sb_reset(&sb);
		bgp_notification_describe((uint8_t)i, 1, NULL, &sb);
		T_ASSERT(sb.len > 0);
	}

	sb_free(&sb);
	wbuf_free(&b);
	free(n);
}

static void
test_route_refresh(void)
{
	static const uint8_t hand[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x00, 0x17, 0x05, 0x00, 0x02, 0x01, 0x01,
	};
	struct wbuf		 b = WBUF_INIT;
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;
	uint16_t		 afi;
	uint8_t			 st, safi, body[8] = { 0, 1, 0, 1, 0, 0, 0 };

	T_EQ_INT(bgp_route_refresh_encode(&b, 2, BGP_RR_BORR, 1), 0);
	T_EQ_INT(b.len, sizeof(hand));
	T_ASSERT(memcmp(b.buf, hand, sizeof(hand)) == 0);
	T_EQ_INT(frame(hand, sizeof(hand), 4096, &hdr, &err), 1);
	T_EQ_INT(bgp_route_refresh_decode(hand + 19, 4, &afi, &st, &safi,
	    &err), 0);
	T_EQ_INT(afi, 2);
	T_EQ_INT(st, 1);
	T_EQ_INT(safi, 1);
	wbuf_reset(&b);
	T_EQ_INT(bgp_route_refresh_encode(&b, 1, 0, 1), 0);
	bgp_msg_describe(b.buf, b.len, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "ROUTE-REFRESH afi 1 safi 1 subtype 0");
	/* Wrong body lengths: 7/1 with the whole message as data. */
	T_EQ_INT(bgp_route_refresh_decode(body, 5, &afi, &st, &safi, &err),
	    -1);
	T_EQ_INT(err.code, 7);
	T_EQ_INT(err.subcode, 1);
	T_EQ_INT(err.datalen, 24);
	T_EQ_INT(err.data[0], 0xff);
	T_EQ_INT(err.data[17], 24);
	T_EQ_INT(err.data[18], 5);
	T_EQ_INT(err.data[20], 1);
	T_EQ_INT(bgp_route_refresh_decode(body, 3, &afi, &st, &safi, &err),
	    -1);
	T_EQ_INT(err.code, 7);
	T_EQ_INT(err.data[17], 22);
	sb_free(&sb);
	wbuf_free(&b);
}

static void
update_describe(const uint8_t *body, size_t blen, const char *want)
{
	struct strbuf	 sb = STRBUF_INIT;
	uint8_t		 m[128];
	uint8_t		*q;

	mkhdr(m, 19 + blen, BGP_MSG_UPDATE);
	memcpy(m + 19, body, blen);
	q = dup_exact(m, 19 + blen);
	bgp_msg_describe(q, 19 + blen, NULL, &sb);
	free(q);
	T_EQ_STR(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_describe(void)
{
	static const uint8_t eor[] = { 0, 0, 0, 0 };
	/* Withdraw 10.0.0.0/8, attrs ORIGIN IGP, NLRI 10.1.0.0/16. */
	static const uint8_t upd[] = { 0, 2, 8, 10, 0, 4, 0x40, 1, 1, 0,
	    16, 10, 1 };
	static const uint8_t badw[] = { 0, 9, 8, 10, 0, 0 };
	static const uint8_t bada[] = { 0, 0, 0, 9, 0x40 };
	struct strbuf	 sb = STRBUF_INIT;
	uint8_t		 m[64];

	update_describe(eor, sizeof(eor),
	    "UPDATE len 23 withdrawn 0 attrs 0 nlri 0");
	update_describe(upd, sizeof(upd),
	    "UPDATE len 32 withdrawn 2 attrs 4 nlri 3");
	update_describe(badw, sizeof(badw),
	    "UPDATE len 25 malformed (withdrawn length 9)");
	update_describe(bada, sizeof(bada),
	    "UPDATE len 24 withdrawn 0 malformed (attribute length 9)");

	bgp_msg_describe(keepalive_rfc, 10, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "truncated header (10 bytes)");
	sb_reset(&sb);
	mkhdr(m, 40, BGP_MSG_UPDATE);
	bgp_msg_describe(m, 19, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "truncated UPDATE (19 of 40 bytes)");
	sb_reset(&sb);
	mkhdr(m, 19, 6);
	bgp_msg_describe(m, 19, NULL, &sb);
	T_EQ_STR(sb_str(&sb), "invalid message 1/3 bad message type 6");
	sb_reset(&sb);
	/* With a session context the maximum length applies. */
	{
		struct bgp_codec_ctx	 ctx;
		uint8_t			*big = calloc(1, 5000);

		if (big == NULL)
			exit(2);
		memset(&ctx, 0, sizeof(ctx));
		ctx.maxlen = 4096;
		mkhdr(big, 5000, BGP_MSG_UPDATE);
		bgp_msg_describe(big, 5000, &ctx, &sb);
		T_EQ_STR(sb_str(&sb),
		    "invalid message 1/2 bad message length 5000");
		sb_reset(&sb);
		ctx.maxlen = 65535;
		bgp_msg_describe(big, 5000, &ctx, &sb);
		T_EQ_STR(sb_str(&sb),
		    "UPDATE len 5000 withdrawn 0 attrs 0 nlri 4977");
		sb_reset(&sb);
		free(big);
	}
	sb_free(&sb);
}

/*
 * Every proper prefix of a valid body must fail cleanly, and every
 * prefix of the whole message must make framing ask for more.
 */
static void
truncation_sweep(const uint8_t *msg, size_t mlen)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	struct bgp_open		 o;
	struct bgp_notification	*n;
	struct strbuf		 sb = STRBUF_INIT;
	uint16_t		 afi;
	uint8_t			 st, safi, *q;
	size_t			 i, blen = mlen - 19;
	int			 r, ok, bad = 0;

	if ((n = malloc(sizeof(*n))) == NULL)
		exit(2);
	for (i = 0; i < mlen; i++) {
		q = dup_exact(msg, i);
		if (bgp_msg_frame(q, i, 65535, &hdr, &err) != 0)
			bad++;
		sb_reset(&sb);
		bgp_msg_describe(q, i, NULL, &sb);
		if (sb.len == 0)
			bad++;
		free(q);
	}
	for (i = 0; i < blen; i++) {
		q = dup_exact(msg + 19, i);
		memset(&err, 0, sizeof(err));
		switch (msg[18]) {
		case BGP_MSG_OPEN:
			ok = bgp_open_decode(q, i, &o, &err) == -1 &&
			    err.code != 0;
			break;
		case BGP_MSG_NOTIFICATION:
			/* Once it has the code and subcode a cut
			   NOTIFICATION is still a NOTIFICATION. */
			r = bgp_notification_decode(q, i, n, &err);
			ok = i >= 2 ? r == 0 : r == -1 && err.code == 1;
			break;
		case BGP_MSG_ROUTE_REFRESH:
			ok = bgp_route_refresh_decode(q, i, &afi, &st, &safi,
			    &err) == -1 && err.code == 7;
			break;
		default:
			ok = 0;
		}
		if (!ok)
			bad++;
		free(q);
	}
	T_EQ_INT(bad, 0);
	sb_free(&sb);
	free(n);
}

static void
test_truncation(void)
{
	struct wbuf	 b = WBUF_INIT;
	struct bgp_caps	 c;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	c.afs = 3;
	c.route_refresh = c.enhanced_rr = c.as4 = c.ext_msg = c.gr = 1;
	c.gr_afs = 3;
	bgp_open_encode(&b, 65001, 90, 1, &c);
	truncation_sweep(b.buf, b.len);
	/* RFC 9072 form. */
	c.nunknown = 2;
	for (i = 0; i < 2; i++) {
		c.unknown[i].code = 99;
		c.unknown[i].len = 200;
	}
	wbuf_reset(&b);
	bgp_open_encode(&b, 65001, 90, 1, &c);
	T_EQ_INT(b.buf[29], 255);
	truncation_sweep(b.buf, b.len);
	wbuf_reset(&b);
	bgp_notification_encode_shutdown(&b, 2, "going down for a bit");
	truncation_sweep(b.buf, b.len);
	wbuf_reset(&b);
	bgp_route_refresh_encode(&b, 1, 0, 1);
	truncation_sweep(b.buf, b.len);
	wbuf_reset(&b);
	bgp_keepalive_encode(&b);
	truncation_sweep(b.buf, b.len);
	wbuf_free(&b);
}

/*
 * Random corruption of valid OPENs: the decoder may accept or reject,
 * but must not read out of bounds (the sanitizer build checks) and
 * must leave a consistent result.
 */
static void
test_mutation(void)
{
	struct wbuf	 b = WBUF_INIT;
	struct bgp_caps	 c;
	struct bgp_open	 o;
	struct bgp_err	 err;
	struct strbuf	 sb = STRBUF_INIT;
	uint32_t	 seed = 12345;
	uint8_t		*q;
	size_t		 i, k, blen, pos, bad = 0;
	int		 r;

	memset(&c, 0, sizeof(c));
	c.afs = 3;
	c.route_refresh = c.route_refresh_old = c.enhanced_rr = 1;
	c.as4 = c.ext_msg = c.gr = 1;
	c.gr_afs = 3;
	c.nunknown = 1;
	c.unknown[0].code = 73;
	c.unknown[0].len = 5;
	bgp_open_encode(&b, 65001, 90, 1, &c);
	blen = b.len - 19;
	for (i = 0; i < 20000; i++) {
		q = dup_exact(b.buf + 19, blen);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			pos = (seed >> 8) % blen;
			seed = seed * 1103515245u + 12345u;
			q[pos] = (uint8_t)(seed >> 16);
		}
		r = bgp_open_decode(q, blen, &o, &err);
		if (r == 0 && (err.code != 0 || o.caps.nunknown > 64))
			bad++;
		if (r == -1 && (err.code == 0 || err.text[0] == '\0'))
			bad++;
		free(q);
		/* Also the whole message through describe. */
		q = dup_exact(b.buf, b.len);
		seed = seed * 1103515245u + 12345u;
		q[19 + (seed >> 8) % blen] ^= (uint8_t)(seed >> 20);
		sb_reset(&sb);
		bgp_msg_describe(q, b.len, NULL, &sb);
		if (sb.len == 0)
			bad++;
		free(q);
	}
	T_EQ_INT(bad, 0);
	sb_free(&sb);
	wbuf_free(&b);
}

int
main(void)
{
	test_wbuf();
	test_keepalive();
	test_framing();
	test_open_combos();
	test_open_bytes();
	test_open_unknown();
	test_open_split();
	test_open_errors();
	test_notify_names();
	test_notification();
	test_route_refresh();
	test_describe();
	test_truncation();
	test_mutation();
	return T_DONE();
}
