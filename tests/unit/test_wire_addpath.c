/*
 * test_wire_addpath: RFC 7911 ADD-PATH on the wire.  The capability
 * (code 69) both ways, NLRI with Path Identifiers in the IPv4 NLRI and
 * withdrawn fields and in MP_REACH / MP_UNREACH, packing, and hostile
 * input: every truncation of an add-path NLRI field, a path identifier
 * without its prefix, and add-path bytes read without add-path.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/proto.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"
#include "tests/unit/t.h"

#define V4U	BGP_AF_V4U
#define V6U	BGP_AF_V6U

/* as4, ebgp, afs, maxlen, local_as, addpath_rx, addpath_tx */
static const struct bgp_codec_ctx ctx_ap = { 1, 0, V4U | V6U, 4096, 65000,
	V4U | V6U, V4U | V6U };
static const struct bgp_codec_ctx ctx_ap4 = { 1, 0, V4U | V6U, 4096, 65000,
	V4U, V4U };
static const struct bgp_codec_ctx ctx_none = { 1, 0, V4U | V6U, 4096, 65000,
	0, 0 };

static struct bgp_update U;

static struct bgp_attrs *
attrs_v(int v6)
{
	struct bgp_attrs	*a = bgp_attrs_new();

	if (a == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a->origin = BGP_ORIGIN_IGP;
	a->local_pref = 100;
	if (v6)
		addr_parse("2001:db8::1", &a->nexthop);
	else {
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
		addr_parse("192.0.2.1", &a->nexthop);
	}
	return a;
}

static void
pfx(struct xprefix *p, const char *s)
{
	if (prefix_parse(s, p, 0) == -1)
		abort();
}

/* Decodes the one message of wb. */
static int
decode1(const struct wbuf *wb, const struct bgp_codec_ctx *ctx)
{
	bgp_update_free(&U);
	if (wb->len < BGP_HDR_LEN)
		return -1;
	return bgp_update_decode(wb->buf + BGP_HDR_LEN, wb->len - BGP_HDR_LEN,
	    ctx, &U);
}

static void
test_capability(void)
{
	struct bgp_caps	 c, *rc;
	struct bgp_open	 o;
	struct bgp_err	 err;
	struct wbuf	 wb = WBUF_INIT;
	/* OPEN body: version, AS, hold, id, optional parameters */
	uint8_t		 body[64];
	size_t		 n;

	memset(&c, 0, sizeof(c));
	c.afs = V4U | V6U;
	c.ap_recv = V4U | V6U;
	c.ap_send = V4U;
	T_EQ_INT(bgp_open_encode(&wb, 65001, 180, 0x01020304, &c), 0);
	T_EQ_INT(bgp_open_decode(wb.buf + BGP_HDR_LEN, wb.len - BGP_HDR_LEN,
	    &o, &err), 0);
	rc = &o.caps;
	T_EQ_INT(rc->add_path, 1);
	T_EQ_INT(rc->ap_recv, V4U | V6U);
	T_EQ_INT(rc->ap_send, V4U);

	/* nothing configured: no capability 69 at all */
	memset(&c, 0, sizeof(c));
	c.afs = V4U;
	wbuf_reset(&wb);
	T_EQ_INT(bgp_open_encode(&wb, 65001, 180, 0x01020304, &c), 0);
	T_EQ_INT(bgp_open_decode(wb.buf + BGP_HDR_LEN, wb.len - BGP_HDR_LEN,
	    &o, &err), 0);
	T_EQ_INT(o.caps.add_path, 0);
	T_EQ_INT(o.caps.ap_recv | o.caps.ap_send, 0);

	/* hand-made: a tuple of an unknown family, one with flag 7 (bad,
	   ignored), then IPv6 send+receive */
	n = 0;
	body[n++] = 4;
	body[n++] = 0xfd; body[n++] = 0xe9;	/* AS 65001 */
	body[n++] = 0; body[n++] = 180;
	body[n++] = 1; body[n++] = 2; body[n++] = 3; body[n++] = 4;
	body[n++] = 16;				/* opt params length */
	body[n++] = 2; body[n++] = 14;		/* capabilities */
	body[n++] = 69; body[n++] = 12;
	body[n++] = 0; body[n++] = 25; body[n++] = 70; body[n++] = 3;
	body[n++] = 0; body[n++] = 1; body[n++] = 1; body[n++] = 7;
	body[n++] = 0; body[n++] = 2; body[n++] = 1; body[n++] = 3;
	T_EQ_INT(bgp_open_decode(body, n, &o, &err), 0);
	T_EQ_INT(o.caps.ap_recv, V6U);
	T_EQ_INT(o.caps.ap_send, V6U);

	/* a length that is not a multiple of 4 is malformed: 2/0 */
	body[9] = 15;
	body[11] = 13;
	body[13] = 11;
	T_EQ_INT(bgp_open_decode(body, n - 1, &o, &err), -1);
	T_EQ_INT(err.code, BGP_ERR_OPEN);
	T_EQ_INT(err.subcode, 0);
	wbuf_free(&wb);
}

static void
test_roundtrip_v4(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a = attrs_v(0);
	struct xprefix		 p[3];
	uint32_t		 pid[3] = { 1, 2, 0xfffffffe };
	char			 buf[PREFIX_STRLEN];

	/* the same prefix twice with two path ids, and another */
	pfx(&p[0], "10.1.0.0/16");
	pfx(&p[1], "10.1.0.0/16");
	pfx(&p[2], "10.2.3.0/24");
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap, a, p, pid, 3), 0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nnlri, 3);
	T_ASSERT(U.nlri_pid != NULL);
	if (U.nlri_pid != NULL && U.nnlri == 3) {
		T_EQ_INT(U.nlri_pid[0], 1);
		T_EQ_INT(U.nlri_pid[1], 2);
		T_EQ_INT(U.nlri_pid[2], 0xfffffffe);
		prefix_format(&U.nlri[1], buf, sizeof(buf));
		T_EQ_STR(buf, "10.1.0.0/16");
	}
	/* NLRI length: 3 x (4 + 1) + 2 + 2 + 3 bytes */
	T_ASSERT(wb.len > 22 && wb.buf[wb.len - 1] == 3);

	/* the same bytes read by a session without add-path are garbage:
	   a path id 0.0.0.1 reads as prefix length 0 ... then a length of
	   1 with 4 bytes of 0: either a parse that resets or prefixes that
	   are not ours, never the prefixes above */
	T_EQ_INT(decode1(&wb, &ctx_none), 0);
	T_ASSERT(U.action == BGP_UPD_RESET || U.nnlri != 3 ||
	    U.nlri_pid == NULL);

	/* without pids the family still carries ids: all 0 */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap, a, p, NULL, 1),
	    0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.nnlri, 1);
	T_ASSERT(U.nlri_pid != NULL && U.nlri_pid[0] == 0);

	/* withdrawals */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw_ap(&wb, &ctx_ap, p, pid, 3), 0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nwithdrawn, 3);
	T_ASSERT(U.withdrawn_pid != NULL && U.withdrawn_pid[1] == 2 &&
	    U.withdrawn_pid[2] == 0xfffffffe);

	/* a session without add-path has no pid arrays */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx_none, a, p, 3), 0);
	T_EQ_INT(decode1(&wb, &ctx_none), 0);
	T_EQ_INT(U.nnlri, 3);
	T_ASSERT(U.nlri_pid == NULL && U.withdrawn_pid == NULL);
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

static void
test_roundtrip_v6(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a = attrs_v(1);
	struct xprefix		 p[2];
	uint32_t		 pid[2] = { 7, 8 };

	pfx(&p[0], "2001:db8:1::/48");
	pfx(&p[1], "2001:db8:1::/48");
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap, a, p, pid, 2), 0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nnlri, 2);
	T_ASSERT(U.nlri_pid != NULL && U.nlri_pid[0] == 7 &&
	    U.nlri_pid[1] == 8);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw_ap(&wb, &ctx_ap, p, pid, 2), 0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.nwithdrawn, 2);
	T_ASSERT(U.withdrawn_pid != NULL && U.withdrawn_pid[1] == 8);

	/* add-path for IPv4 only: IPv6 NLRI carry no ids both ways */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap4, a, p, pid, 1),
	    0);
	T_EQ_INT(decode1(&wb, &ctx_ap4), 0);
	T_EQ_INT(U.nnlri, 1);
	T_ASSERT(U.nlri_pid != NULL && U.nlri_pid[0] == 0);
	T_EQ_INT(decode1(&wb, &ctx_none), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nnlri, 1);
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

/* Many paths: every message within 4096 bytes, every id back. */
static void
test_packing(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a = attrs_v(0);
	struct xprefix		*p;
	uint32_t		*pid;
	const uint8_t		*m;
	size_t			 i, off = 0, n = 3000, got = 0, msgs = 0;
	size_t			 len;
	int			 ok = 1;

	p = calloc(n, sizeof(*p));
	pid = calloc(n, sizeof(*pid));
	if (p == NULL || pid == NULL)
		abort();
	for (i = 0; i < n; i++) {
		p[i].addr.af = AF_V4;
		p[i].addr.a[0] = 10;
		p[i].addr.a[1] = (uint8_t)(i / 256);
		p[i].addr.a[2] = (uint8_t)i;
		p[i].len = 24;
		pid[i] = (uint32_t)(i % 5 + 1);
	}
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap, a, p, pid, n), 0);
	while (off + BGP_HDR_LEN <= wb.len) {
		m = wb.buf + off;
		len = (size_t)m[16] << 8 | m[17];
		if (len > 4096 || off + len > wb.len) {
			ok = 0;
			break;
		}
		bgp_update_free(&U);
		if (bgp_update_decode(m + BGP_HDR_LEN, len - BGP_HDR_LEN,
		    &ctx_ap, &U) != 0 || U.action != BGP_UPD_OK) {
			ok = 0;
			break;
		}
		for (i = 0; i < U.nnlri; i++)
			if (U.nlri_pid[i] != pid[got + i] ||
			    prefix_cmp(&U.nlri[i], &p[got + i]) != 0)
				ok = 0;
		got += U.nnlri;
		msgs++;
		off += len;
	}
	T_ASSERT(ok);
	T_EQ_INT(got, n);
	T_ASSERT(msgs > 1);
	free(p);
	free(pid);
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

/* Hostile input: every cut of an add-path NLRI / withdrawn field. */
static void
test_truncated(void)
{
	uint8_t		 body[128];
	size_t		 n, cut, nlri_at;
	/* ORIGIN IGP, AS_PATH empty, NEXT_HOP 192.0.2.1 */
	static const uint8_t attrs[] = {
		0x40, 1, 1, 0,
		0x40, 2, 0,
		0x40, 3, 4, 192, 0, 2, 1,
	};
	/* pid 1 10.1.0.0/16, pid 2 10.1.0.0/16 */
	static const uint8_t nlri[] = {
		0, 0, 0, 1, 16, 10, 1,
		0, 0, 0, 2, 16, 10, 1,
	};

	bgp_update_free(&U);	/* decoded straight into U below */
	n = 0;
	body[n++] = 0; body[n++] = 0;
	body[n++] = 0; body[n++] = sizeof(attrs);
	memcpy(body + n, attrs, sizeof(attrs));
	n += sizeof(attrs);
	nlri_at = n;
	memcpy(body + n, nlri, sizeof(nlri));
	n += sizeof(nlri);
	T_EQ_INT(bgp_update_decode(body, n, &ctx_ap, &U), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nnlri, 2);
	bgp_update_free(&U);
	/* a cut anywhere inside a tuple: the field can't be parsed, 3/10
	   and a session reset (RFC 7606 5.3, as for any NLRI) */
	for (cut = nlri_at + 1; cut < n; cut++) {
		if (cut == nlri_at + 7)
			continue;	/* a whole tuple: valid */
		T_EQ_INT(bgp_update_decode(body, cut, &ctx_ap, &U), 0);
		T_EQ_INT(U.action, BGP_UPD_RESET);
		T_EQ_INT(U.err.code, BGP_ERR_UPDATE);
		T_EQ_INT(U.err.subcode, BGP_ERR_UPD_NETWORK);
		T_ASSERT(U.nnlri == 0 && U.nlri_pid == NULL);
		bgp_update_free(&U);
	}
	T_EQ_INT(bgp_update_decode(body, nlri_at + 4, &ctx_ap, &U), 0);
	T_ASSERT(strstr(U.err.text, "path identifier") != NULL);
	bgp_update_free(&U);

	/* the withdrawn field: pid 9 and a cut */
	n = 0;
	body[n++] = 0; body[n++] = 6;
	body[n++] = 0; body[n++] = 0; body[n++] = 0; body[n++] = 9;
	body[n++] = 8; body[n++] = 10;
	body[n++] = 0; body[n++] = 0;
	T_EQ_INT(bgp_update_decode(body, n, &ctx_ap, &U), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_EQ_INT(U.nwithdrawn, 1);
	T_ASSERT(U.withdrawn_pid != NULL && U.withdrawn_pid[0] == 9);
	bgp_update_free(&U);
	body[1] = 3;		/* 3 bytes of a 4-byte path id */
	body[5] = 0; body[6] = 0;
	T_EQ_INT(bgp_update_decode(body, 7, &ctx_ap, &U), 0);
	T_EQ_INT(U.action, BGP_UPD_RESET);
	T_EQ_INT(U.err.subcode, BGP_ERR_UPD_NETWORK);
	bgp_update_free(&U);
}

/* MP_REACH / MP_UNREACH with a truncated add-path NLRI: reset. */
static void
test_truncated_mp(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a = attrs_v(1);
	struct xprefix		 p;
	uint32_t		 pid = 5;
	uint8_t			 body[256];
	size_t			 n, k;
	int			 resets = 0, ok = 0, bad = 0;

	bgp_update_free(&U);
	pfx(&p, "2001:db8:1::/48");
	T_EQ_INT(bgp_update_encode_withdraw_ap(&wb, &ctx_ap, &p, &pid, 1), 0);
	/* body: wlen 0, alen, MP_UNREACH (flags, 14, len, AFI, SAFI, NLRI) */
	n = wb.len - BGP_HDR_LEN;
	memcpy(body, wb.buf + BGP_HDR_LEN, n);
	T_EQ_INT(bgp_update_decode(body, n, &ctx_ap, &U), 0);
	T_EQ_INT(U.nwithdrawn, 1);
	bgp_update_free(&U);
	/* shorten the MP_UNREACH NLRI by k bytes, fixing both lengths */
	for (k = 1; k <= 11; k++) {
		memcpy(body, wb.buf + BGP_HDR_LEN, n);
		body[3] = (uint8_t)(body[3] - k);
		body[6] = (uint8_t)(body[6] - k);
		T_EQ_INT(bgp_update_decode(body, n - k, &ctx_ap, &U), 0);
		if (U.action == BGP_UPD_RESET)
			resets++;
		else if (U.nwithdrawn == 0 && k == 11)
			ok++;	/* nothing but AFI/SAFI left: End-of-RIB */
		else
			bad++;
		bgp_update_free(&U);
	}
	T_EQ_INT(resets, 10);
	T_EQ_INT(ok, 1);
	T_EQ_INT(bad, 0);

	/* MP_REACH: the last byte gone */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce_ap(&wb, &ctx_ap, a, &p, &pid, 1),
	    0);
	T_EQ_INT(decode1(&wb, &ctx_ap), 0);
	T_EQ_INT(U.action, BGP_UPD_OK);
	T_ASSERT(U.nlri_pid != NULL && U.nlri_pid[0] == 5);
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

/* Deterministic random bytes through an add-path decoder: no crash,
   and every result is self-consistent. */
static void
test_random(void)
{
	uint8_t		 body[300];
	uint32_t	 x = 12345;
	size_t		 i, n, it;
	int		 ok = 1;

	bgp_update_free(&U);
	for (it = 0; it < 20000; it++) {
		n = 4 + (it % 200);
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			body[i] = (uint8_t)(x >> 16);
		}
		/* plausible lengths half the time */
		if (it & 1) {
			body[0] = 0;
			body[1] = (uint8_t)(it % 16);
			if ((size_t)body[1] + 4 <= n) {
				body[2 + body[1]] = 0;
				body[3 + body[1]] = 0;
			}
		}
		if (bgp_update_decode(body, n, &ctx_ap, &U) != 0)
			continue;
		if ((U.nnlri > 0 && U.nlri_pid == NULL) ||
		    (U.nwithdrawn > 0 && U.withdrawn_pid == NULL))
			ok = 0;
		bgp_update_free(&U);
	}
	T_ASSERT(ok);
}

int
main(void)
{
	test_capability();
	test_roundtrip_v4();
	test_roundtrip_v6();
	test_packing();
	test_truncated();
	test_truncated_mp();
	test_random();
	bgp_update_free(&U);
	return T_DONE();
}
