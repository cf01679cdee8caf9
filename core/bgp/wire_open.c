/*
 * wire_open: the OPEN message and its capabilities (RFC 4271 4.2, 5492,
 * 4760, 2918, 7313, 6793, 8654, 4724, 9072); see wire.h.  Only structure
 * is checked here; whether the peer AS, BGP identifier and hold time are
 * acceptable is the FSM's call, since it knows the configuration.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/wire.h"

/* GR capability (RFC 4724 3): R bit, N bit (RFC 8538), 12-bit time. */
#define GR_FLAG_RESTART		0x8000
#define GR_TIME_MASK		0x0fff
#define GR_AF_FLAG_FWD		0x80
/* ADD-PATH Send/Receive field (RFC 7911 4). */
#define AP_RECEIVE		0x01
#define AP_SEND			0x02

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static unsigned
af_bit(uint16_t afi, uint8_t safi)
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
 * A capability we know whose length is wrong for its format is malformed;
 * RFC 4271 6.2 makes a malformed recognized optional parameter 2/0
 * (Unspecific), and RFC 5492 adds nothing more specific.
 */
static int
cap_badlen(struct bgp_err *err, uint8_t code, uint8_t clen)
{
	bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
	    "bad length %u for capability %u", clen, code);
	return -1;
}

static int
parse_cap(uint8_t code, const uint8_t *d, uint8_t clen, struct bgp_caps *c,
    struct bgp_err *err)
{
	unsigned	 bit;
	size_t		 i;

	switch (code) {
	case BGP_CAP_MP:
		if (clen != 4)
			return cap_badlen(err, code, clen);
		if ((bit = af_bit(get16(d), d[3])) != 0)
			c->afs |= bit;
		else
			c->other_afs++;
		return 0;
	case BGP_CAP_ROUTE_REFRESH:
	case BGP_CAP_ROUTE_REFRESH_OLD:
	case BGP_CAP_ENHANCED_RR:
	case BGP_CAP_EXT_MESSAGE:
		if (clen != 0)
			return cap_badlen(err, code, clen);
		if (code == BGP_CAP_ROUTE_REFRESH)
			c->route_refresh = 1;
		else if (code == BGP_CAP_ROUTE_REFRESH_OLD)
			c->route_refresh_old = 1;
		else if (code == BGP_CAP_ENHANCED_RR)
			c->enhanced_rr = 1;
		else
			c->ext_msg = 1;
		return 0;
	case BGP_CAP_AS4:
		if (clen != 4)
			return cap_badlen(err, code, clen);
		/* Repeated: the first one counts, as for attributes. */
		if (!c->as4) {
			c->as4 = 1;
			c->as4_asn = be32_get(d);
		}
		return 0;
	case BGP_CAP_GRACEFUL_RESTART:
		if (clen < 2 || (clen - 2) % 4 != 0)
			return cap_badlen(err, code, clen);
		if (c->gr)
			return 0;
		c->gr = 1;
		c->gr_restarting = (get16(d) & GR_FLAG_RESTART) != 0;
		c->gr_time = get16(d) & GR_TIME_MASK;
		for (i = 2; i < clen; i += 4) {
			bit = af_bit(get16(d + i), d[i + 2]);
			c->gr_afs |= bit;
			if (d[i + 3] & GR_AF_FLAG_FWD)
				c->gr_afs_fwd |= bit;
		}
		return 0;
	case BGP_CAP_ADD_PATH:
		/* RFC 7911 4: <AFI, SAFI, Send/Receive> tuples */
		if (clen % 4 != 0)
			return cap_badlen(err, code, clen);
		c->add_path = 1;
		for (i = 0; i < clen; i += 4) {
			bit = af_bit(get16(d + i), d[i + 2]);
			/* any other value: that tuple is ignored */
			if (d[i + 3] < 1 || d[i + 3] > 3)
				continue;
			if (d[i + 3] & AP_RECEIVE)
				c->ap_recv |= bit;
			if (d[i + 3] & AP_SEND)
				c->ap_send |= bit;
		}
		return 0;
	}
	if (c->nunknown < sizeof(c->unknown) / sizeof(c->unknown[0])) {
		c->unknown[c->nunknown].code = code;
		c->unknown[c->nunknown].len = clen;
		memcpy(c->unknown[c->nunknown].data, d, clen);
	}
	c->nunknown++;
	return 0;
}

/* The value of one capabilities optional parameter (RFC 5492 4). */
static int
parse_caps(const uint8_t *p, size_t n, struct bgp_caps *c,
    struct bgp_err *err)
{
	uint8_t	 code, clen;

	while (n > 0) {
		if (n < 2) {
			bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
			    "truncated capability header");
			return -1;
		}
		code = p[0];
		clen = p[1];
		if (clen > n - 2) {
			bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
			    "capability %u length %u overruns its parameter",
			    code, clen);
			return -1;
		}
		if (parse_cap(code, p + 2, clen, c, err) == -1)
			return -1;
		p += 2 + (size_t)clen;
		n -= 2 + (size_t)clen;
	}
	return 0;
}

int
bgp_open_decode(const uint8_t *body, size_t len, struct bgp_open *o,
    struct bgp_err *err)
{
	static const uint8_t	 version[2] = { 0, BGP_VERSION };
	const uint8_t		*p;
	uint8_t			 mlen[2], ptype;
	size_t			 rest, plen, vlen, hlen;
	int			 ext = 0;

	memset(o, 0, sizeof(*o));
	if (err != NULL)
		memset(err, 0, sizeof(*err));
	/*
	 * Shorter than the fixed part: the message length itself is wrong,
	 * which RFC 4271 6.1 reports as 1/2 with the length field as data.
	 */
	if (len < BGP_OPEN_MIN_LEN - BGP_HDR_LEN) {
		mlen[0] = (uint8_t)((len + BGP_HDR_LEN) >> 8);
		mlen[1] = (uint8_t)(len + BGP_HDR_LEN);
		bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN, mlen, 2,
		    "OPEN too short (%zu bytes)", len + BGP_HDR_LEN);
		return -1;
	}
	o->version = body[0];
	o->my_as = get16(body + 1);
	o->hold = get16(body + 3);
	o->bgp_id = be32_get(body + 5);
	/* RFC 4271 6.2: data is the version we'd accept; we only know 4. */
	if (o->version != BGP_VERSION) {
		bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, version,
		    sizeof(version), "unsupported version %u", o->version);
		return -1;
	}

	plen = body[9];
	p = body + 10;
	rest = len - 10;
	/*
	 * RFC 9072 2: when the one-octet length is non-zero, a first
	 * parameter type of 255 means the extended form (2-octet total and
	 * per-parameter lengths).  The sender sets the one-octet length to
	 * 255, but the RFC keys the choice on the type octet alone.
	 */
	if (plen != 0 && rest >= 1 && p[0] == BGP_OPT_PARAM_EXT_LEN) {
		if (rest < 3) {
			bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
			    "truncated extended optional parameters length");
			return -1;
		}
		ext = 1;
		plen = get16(p + 1);
		p += 3;
		rest -= 3;
	}
	/*
	 * The framing already vouched for the message length, so a mismatch
	 * here is a malformed OPEN (RFC 4271 6.2, Unspecific subcode, as
	 * OpenBSD bgpd and FRR send), not a header error.
	 */
	if (plen != rest) {
		bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
		    "optional parameters length %zu but %zu bytes follow",
		    plen, rest);
		return -1;
	}
	hlen = ext ? 3 : 2;
	while (rest > 0) {
		if (rest < hlen) {
			bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
			    "truncated optional parameter header");
			return -1;
		}
		ptype = p[0];
		vlen = ext ? get16(p + 1) : p[1];
		p += hlen;
		rest -= hlen;
		if (vlen > rest) {
			bgp_err_set(err, BGP_ERR_OPEN, 0, NULL, 0,
			    "optional parameter %u length %zu overruns the "
			    "message", ptype, vlen);
			return -1;
		}
		/* RFC 4271 6.2; capabilities are the only one defined now. */
		if (ptype != BGP_OPT_PARAM_CAPABILITIES) {
			bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT, NULL,
			    0, "unsupported optional parameter %u", ptype);
			return -1;
		}
		o->has_caps = 1;
		if (parse_caps(p, vlen, &o->caps, err) == -1)
			return -1;
		p += vlen;
		rest -= vlen;
	}
	return 0;
}

static void
put_af(struct wbuf *b, unsigned bit)
{
	wbuf_put16(b, bit == BGP_AF_V4U ? BGP_AFI_IPV4 : BGP_AFI_IPV6);
}

/* The capabilities in the order peers (and tests) expect them. */
static void
encode_caps(struct wbuf *b, uint32_t my_as, const struct bgp_caps *c)
{
	static const unsigned	 bits[] = { BGP_AF_V4U, BGP_AF_V6U };
	size_t			 i, n, ngr;

	for (i = 0; i < 2; i++) {
		if (!(c->afs & bits[i]))
			continue;
		wbuf_put8(b, BGP_CAP_MP);
		wbuf_put8(b, 4);
		put_af(b, bits[i]);
		wbuf_put8(b, 0);
		wbuf_put8(b, BGP_SAFI_UNICAST);
	}
	if (c->route_refresh) {
		wbuf_put8(b, BGP_CAP_ROUTE_REFRESH);
		wbuf_put8(b, 0);
	}
	if (c->route_refresh_old) {
		wbuf_put8(b, BGP_CAP_ROUTE_REFRESH_OLD);
		wbuf_put8(b, 0);
	}
	if (c->enhanced_rr) {
		wbuf_put8(b, BGP_CAP_ENHANCED_RR);
		wbuf_put8(b, 0);
	}
	/* An AS above 65535 can't be sent without it (RFC 6793 4.1). */
	if (c->as4 || my_as > 0xffff) {
		wbuf_put8(b, BGP_CAP_AS4);
		wbuf_put8(b, 4);
		wbuf_put32(b, my_as);
	}
	if (c->ext_msg) {
		wbuf_put8(b, BGP_CAP_EXT_MESSAGE);
		wbuf_put8(b, 0);
	}
	if (c->gr) {
		ngr = 0;
		for (i = 0; i < 2; i++)
			if (c->gr_afs & bits[i])
				ngr++;
		wbuf_put8(b, BGP_CAP_GRACEFUL_RESTART);
		wbuf_put8(b, (uint8_t)(2 + 4 * ngr));
		wbuf_put16(b, (uint16_t)((c->gr_restarting ? GR_FLAG_RESTART :
		    0) | (c->gr_time & GR_TIME_MASK)));
		for (i = 0; i < 2; i++) {
			if (!(c->gr_afs & bits[i]))
				continue;
			put_af(b, bits[i]);
			wbuf_put8(b, BGP_SAFI_UNICAST);
			wbuf_put8(b, (c->gr_afs_fwd & bits[i]) ?
			    GR_AF_FLAG_FWD : 0);
		}
	}
	if ((c->ap_send | c->ap_recv) & (BGP_AF_V4U | BGP_AF_V6U)) {
		n = 0;
		for (i = 0; i < 2; i++)
			if ((c->ap_send | c->ap_recv) & bits[i])
				n++;
		wbuf_put8(b, BGP_CAP_ADD_PATH);
		wbuf_put8(b, (uint8_t)(4 * n));
		for (i = 0; i < 2; i++) {
			if (!((c->ap_send | c->ap_recv) & bits[i]))
				continue;
			put_af(b, bits[i]);
			wbuf_put8(b, BGP_SAFI_UNICAST);
			wbuf_put8(b, (uint8_t)(((c->ap_recv & bits[i]) ?
			    AP_RECEIVE : 0) | ((c->ap_send & bits[i]) ?
			    AP_SEND : 0)));
		}
	}
	/*
	 * Raw capabilities (tests, or ones configured as bytes) go last,
	 * verbatim.  A caps struct built from configuration has none.
	 */
	n = c->nunknown < 8 ? c->nunknown : 8;
	for (i = 0; i < n; i++) {
		wbuf_put8(b, c->unknown[i].code);
		wbuf_put8(b, c->unknown[i].len);
		wbuf_put(b, c->unknown[i].data, c->unknown[i].len);
	}
}

int
bgp_open_encode(struct wbuf *b, uint32_t my_as, uint16_t hold,
    uint32_t bgp_id, const struct bgp_caps *c)
{
	struct wbuf	 cb = WBUF_INIT;
	size_t		 start = b->len, off;

	if (b->oom)
		return -1;
	if (c != NULL)
		encode_caps(&cb, my_as, c);
	if (cb.oom)
		goto fail;
	off = bgp_msg_begin(b, BGP_MSG_OPEN);
	wbuf_put8(b, BGP_VERSION);
	wbuf_put16(b, my_as > 0xffff ? BGP_AS_TRANS : (uint16_t)my_as);
	wbuf_put16(b, hold);
	wbuf_put32(b, bgp_id);
	if (cb.len == 0)
		wbuf_put8(b, 0);
	else if (cb.len + 2 <= 255) {
		wbuf_put8(b, (uint8_t)(cb.len + 2));
		wbuf_put8(b, BGP_OPT_PARAM_CAPABILITIES);
		wbuf_put8(b, (uint8_t)cb.len);
		wbuf_put(b, cb.buf, cb.len);
	} else {
		/* RFC 9072 2: one-octet length and first type both 255. */
		if (cb.len + 3 > 0xffff)
			goto fail;
		wbuf_put8(b, 255);
		wbuf_put8(b, BGP_OPT_PARAM_EXT_LEN);
		wbuf_put16(b, (uint16_t)(cb.len + 3));
		wbuf_put8(b, BGP_OPT_PARAM_CAPABILITIES);
		wbuf_put16(b, (uint16_t)cb.len);
		wbuf_put(b, cb.buf, cb.len);
	}
	bgp_msg_end(b, off);
	/* RFC 8654 4: an OPEN stays within 4096 whatever is negotiated. */
	if (b->oom || b->len - start > BGP_MAX_LEN)
		goto fail;
	wbuf_free(&cb);
	return 0;
fail:
	wbuf_free(&cb);
	if (start <= b->len)
		b->len = start;
	return -1;
}

uint32_t
bgp_open_peer_as(const struct bgp_open *o)
{
	return o->caps.as4 ? o->caps.as4_asn : o->my_as;
}
