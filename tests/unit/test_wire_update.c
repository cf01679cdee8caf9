/*
 * test_wire_update: the UPDATE codec.  Round trips of every attribute,
 * packing, the RFC 7606 action (and NOTIFICATION code/subcode) of each
 * malformed-input class, a truncation sweep and a deterministic random
 * mutation loop (run under ASan/UBSan with --enable-sanitizers).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/proto.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"
#include "tests/unit/t.h"

#define V4U	BGP_AF_V4U
#define V6U	BGP_AF_V6U

static const struct bgp_codec_ctx ctx4i = { 1, 0, V4U | V6U, 4096, 65000,
	0, 0 };
static const struct bgp_codec_ctx ctx4e = { 1, 1, V4U | V6U, 4096, 65000,
	0, 0 };
static const struct bgp_codec_ctx ctx2i = { 0, 0, V4U | V6U, 4096, 65000,
	0, 0 };
static const struct bgp_codec_ctx ctx2e = { 0, 1, V4U | V6U, 4096, 65000,
	0, 0 };
static const struct bgp_codec_ctx ctx4only = { 1, 0, V4U, 4096, 65000,
	0, 0 };
static const struct bgp_codec_ctx ctx4x = { 1, 0, V4U | V6U, 65535, 65000,
	0, 0 };

/* ---- Message building ---- */

struct buf {
	uint8_t	 b[70000];
	size_t	 n;
};

static struct buf	 W, A, N;	/* withdrawn, attributes, NLRI */
static uint8_t		 body[200000];
static size_t		 blen;
static struct bgp_update U;

static void
b8(struct buf *b, unsigned v)
{
	b->b[b->n++] = (uint8_t)v;
}

static void
b16(struct buf *b, unsigned v)
{
	b8(b, v >> 8);
	b8(b, v);
}

static void
bmem(struct buf *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

/* An attribute; the length is one or two octets per the EXTLEN flag. */
static void
battr(struct buf *b, unsigned flags, unsigned type, const void *v,
    size_t len)
{
	b8(b, flags);
	b8(b, type);
	if (flags & BGP_ATTRF_EXTLEN)
		b16(b, (unsigned)len);
	else
		b8(b, (unsigned)len);
	if (len > 0)
		bmem(b, v, len);
}

static void
reset_bufs(void)
{
	W.n = A.n = N.n = 0;
}

/* Withdrawn length, withdrawn, attribute length, attributes, NLRI. */
static void
assemble(void)
{
	blen = 0;
	body[blen++] = (uint8_t)(W.n >> 8);
	body[blen++] = (uint8_t)W.n;
	memcpy(body + blen, W.b, W.n);
	blen += W.n;
	body[blen++] = (uint8_t)(A.n >> 8);
	body[blen++] = (uint8_t)A.n;
	memcpy(body + blen, A.b, A.n);
	blen += A.n;
	memcpy(body + blen, N.b, N.n);
	blen += N.n;
}

static int
decode(const struct bgp_codec_ctx *ctx)
{
	bgp_update_free(&U);
	assemble();
	return bgp_update_decode(body, blen, ctx, &U);
}

#define SK_ORIGIN	0x01
#define SK_ASPATH	0x02
#define SK_NH		0x04

/* ORIGIN IGP, AS_PATH 65001, NEXT_HOP 10.0.0.1 (as4: 4-octet ASNs). */
static void
base_attrs(int skip, int as4)
{
	static const uint8_t	 o = 0, nh[4] = { 10, 0, 0, 1 };
	static const uint8_t	 p4[] = { 2, 1, 0, 0, 0xfd, 0xe9 };
	static const uint8_t	 p2[] = { 2, 1, 0xfd, 0xe9 };

	if (!(skip & SK_ORIGIN))
		battr(&A, 0x40, BGP_ATTR_ORIGIN, &o, 1);
	if (!(skip & SK_ASPATH)) {
		if (as4)
			battr(&A, 0x40, BGP_ATTR_AS_PATH, p4, sizeof(p4));
		else
			battr(&A, 0x40, BGP_ATTR_AS_PATH, p2, sizeof(p2));
	}
	if (!(skip & SK_NH))
		battr(&A, 0x40, BGP_ATTR_NEXT_HOP, nh, 4);
}

/* 10.1.0.0/16 in the NLRI field. */
static void
base_nlri(void)
{
	b8(&N, 16);
	b8(&N, 10);
	b8(&N, 1);
}

/* A standard valid announcement with one extra attribute appended. */
static void
std_with(unsigned flags, unsigned type, const void *v, size_t len, int as4)
{
	reset_bufs();
	base_attrs(0, as4);
	battr(&A, flags, type, v, len);
	base_nlri();
}

static void
check(int line, const char *name, enum bgp_upd_action act, int code,
    int sub)
{
	if (U.action == act && U.err.code == code && U.err.subcode == sub) {
		t_passed++;
		return;
	}
	t_failed++;
	fprintf(stderr, "%s:%d: FAIL %s: action %d %u/%u (want %d %d/%d) "
	    "\"%s\"\n", __FILE__, line, name, U.action, U.err.code,
	    U.err.subcode, act, code, sub, U.err.text);
}
#define CHECK(name, act, code, sub) check(__LINE__, name, act, code, sub)

static int
has_pfx(const struct xprefix *v, size_t n, const char *s)
{
	struct xprefix	 p;
	size_t		 i;

	if (prefix_parse(s, &p, 0) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (prefix_cmp(&v[i], &p) == 0)
			return 1;
	return 0;
}

static char *
fmt_path(const struct bgp_attrs *a)
{
	static char	 out[8192];
	struct strbuf	 sb = STRBUF_INIT;

	bgp_aspath_format(a->aspath, a->aspath_len, &sb);
	snprintf(out, sizeof(out), "%s", sb_str(&sb));
	sb_free(&sb);
	return out;
}

/*
 * Frames every message in wb and decodes each one; the prefixes land in
 * *all (announced) and the last decode stays in U.  Returns the number
 * of messages, -1 on a framing or decode problem.
 */
static struct xprefix	*allp;
static size_t		 nallp, maxmsg;

static int
decode_all(const struct wbuf *wb, const struct bgp_codec_ctx *ctx,
    int withdrawn)
{
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	size_t			 off = 0, n, i;
	int			 msgs = 0;
	const struct xprefix	*v;

	free(allp);
	allp = NULL;
	nallp = 0;
	maxmsg = 0;
	while (off < wb->len) {
		if (bgp_msg_frame(wb->buf + off, wb->len - off, ctx->maxlen,
		    &hdr, &err) != 1 || hdr.type != BGP_MSG_UPDATE)
			return -1;
		if (hdr.len > maxmsg)
			maxmsg = hdr.len;
		bgp_update_free(&U);
		if (bgp_update_decode(wb->buf + off + BGP_HDR_LEN,
		    hdr.len - BGP_HDR_LEN, ctx, &U) == -1 ||
		    U.action != BGP_UPD_OK)
			return -1;
		v = withdrawn ? U.withdrawn : U.nlri;
		n = withdrawn ? U.nwithdrawn : U.nnlri;
		allp = realloc(allp, (nallp + n + 1) * sizeof(*allp));
		for (i = 0; i < n; i++)
			allp[nallp++] = v[i];
		off += hdr.len;
		msgs++;
	}
	return msgs;
}

static void
pfx4(struct xprefix *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d,
    uint8_t len)
{
	memset(p, 0, sizeof(*p));
	p->addr.af = AF_V4;
	p->addr.a[0] = a;
	p->addr.a[1] = b;
	p->addr.a[2] = c;
	p->addr.a[3] = d;
	p->len = len;
}

static void
set_path(struct bgp_attrs *a, const uint32_t *asns, size_t n)
{
	free(a->aspath);
	T_EQ_INT(bgp_attrs_set_aspath(a, asns, n),
	    0);
	a->present |= BGP_ATTRBIT(BGP_ATTR_AS_PATH);
}

/* A set with every attribute we know, and one unknown transitive one. */
static struct bgp_attrs *
rich_attrs(int ibgp)
{
	static const uint8_t	 path[] = {
		2, 2, 0, 0, 0xfd, 0xea, 0xfa, 0x56, 0xea, 0x01,
		1, 2, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	static const uint8_t	 ext[16] = { 0, 2, 0xfd, 0xe9, 0, 0, 0, 1,
	    1, 2, 10, 0, 0, 1, 0, 7 };
	struct bgp_attrs	*a = bgp_attrs_new();
	size_t			 i;

	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED) | BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE) |
	    BGP_ATTRBIT(BGP_ATTR_AGGREGATOR) |
	    BGP_ATTRBIT(BGP_ATTR_COMMUNITIES) |
	    BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	a->origin = BGP_ORIGIN_EGP;
	a->aspath = malloc(sizeof(path));
	memcpy(a->aspath, path, sizeof(path));
	a->aspath_len = sizeof(path);
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[1] = 0;
	a->nexthop.a[2] = 2;
	a->nexthop.a[3] = 1;
	a->med = 50;
	a->aggregator_as = 4200000001u;
	a->aggregator_id = 0x0a000001;
	a->ncommunities = 3;
	a->communities = malloc(3 * 4);
	for (i = 0; i < 3; i++)
		a->communities[i] = 0xfde90000u + (uint32_t)i;
	a->ext_communities = malloc(16);
	memcpy(a->ext_communities, ext, 16);
	a->next_communities = 2;
	a->nlarge_communities = 2;
	a->large_communities = malloc(6 * 4);
	for (i = 0; i < 6; i++)
		a->large_communities[i] = 4200000000u + (uint32_t)i;
	a->nunknown = 1;
	a->unknown = calloc(1, sizeof(*a->unknown));
	a->unknown[0].flags = BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE |
	    BGP_ATTRF_PARTIAL;
	a->unknown[0].type = 99;
	a->unknown[0].len = 3;
	a->unknown[0].data = malloc(3);
	memcpy(a->unknown[0].data, "abc", 3);
	if (ibgp) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF) |
		    BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID) |
		    BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
		a->local_pref = 200;
		a->originator_id = 0x01020304;
		a->ncluster = 2;
		a->cluster_list = malloc(8);
		a->cluster_list[0] = 0x05050505;
		a->cluster_list[1] = 0x06060606;
	}
	return a;
}

/* ---- attr.c ---- */

static void
test_attr_helpers(void)
{
	static const uint8_t	 path[] = {
		2, 2, 0, 0, 0xfd, 0xea, 0, 0, 0xfd, 0xeb,
		1, 2, 0, 0, 0, 1, 0, 0, 0, 2,
		3, 2, 0, 0, 0xfe, 0x02, 0, 0, 0xfe, 0x03,
		4, 1, 0, 0, 0xfe, 0x0c,
	};
	struct strbuf		 sb = STRBUF_INIT;
	struct bgp_attrs	*a, *b;
	uint32_t		 asns[600];
	uint8_t			*p;
	size_t			 plen, i;

	bgp_aspath_format(path, sizeof(path), &sb);
	T_EQ_STR(sb_str(&sb), "65002 65003 {1,2} (65026 65027) [65036]");
	sb_free(&sb);
	T_EQ_INT(bgp_aspath_length(path, sizeof(path)), 3);
	T_EQ_INT(bgp_aspath_first(path, sizeof(path)), 65002);
	T_EQ_INT(bgp_aspath_first(path + 10, sizeof(path) - 10), 0);
	T_EQ_INT(bgp_aspath_length(NULL, 0), 0);
	bgp_aspath_format(NULL, 0, &sb);
	T_EQ_STR(sb_str(&sb), "");
	sb_free(&sb);
	/* overrun: stop, don't read past */
	T_EQ_INT(bgp_aspath_length(path, 5), 0);

	for (i = 0; i < 600; i++)
		asns[i] = 4200000000u + (uint32_t)i;
	T_EQ_INT(bgp_aspath_from_list(asns, 600, &p, &plen), 0);
	T_EQ_INT(plen, 600 * 4 + 3 * 2);
	T_EQ_INT(p[1], 255);
	T_EQ_INT(p[2 + 255 * 4 + 1], 255);
	T_EQ_INT(p[2 * 2 + 510 * 4 + 1], 90);
	T_EQ_INT(bgp_aspath_length(p, plen), 600);
	T_EQ_INT(bgp_aspath_first(p, plen), 4200000000u);
	free(p);
	T_EQ_INT(bgp_aspath_from_list(asns, 0, &p, &plen), 0);
	T_ASSERT(p == NULL && plen == 0);

	a = rich_attrs(1);
	b = bgp_attrs_dup(a);
	T_ASSERT(b != NULL && b->refcnt == 1);
	T_ASSERT(bgp_attrs_equal(a, b));
	b->communities[1]++;
	T_ASSERT(!bgp_attrs_equal(a, b));
	b->communities[1]--;
	b->unknown[0].data[2] = 'x';
	T_ASSERT(!bgp_attrs_equal(a, b));
	b->unknown[0].data[2] = 'c';
	b->med = 1;
	T_ASSERT(!bgp_attrs_equal(a, b));
	b->present &= ~BGP_ATTRBIT(BGP_ATTR_MED);
	T_ASSERT(!bgp_attrs_equal(a, b));
	a->present &= ~BGP_ATTRBIT(BGP_ATTR_MED);
	T_ASSERT(bgp_attrs_equal(a, b));	/* med ignored when absent */
	T_ASSERT(bgp_attrs_ref(a) == a && a->refcnt == 2);
	bgp_attrs_unref(a);
	T_EQ_INT(a->refcnt, 1);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
	bgp_attrs_unref(NULL);
}

/* ---- Round trips ---- */

static void
test_roundtrip_rich(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a;
	struct xprefix		 p[2];
	const struct bgp_codec_ctx *ctxs[] = { &ctx4i, &ctx2i };
	size_t			 k;

	for (k = 0; k < 2; k++) {
		a = rich_attrs(1);
		pfx4(&p[0], 10, 1, 0, 0, 16);
		pfx4(&p[1], 10, 2, 3, 0, 24);
		wbuf_reset(&wb);
		T_EQ_INT(bgp_update_encode_announce(&wb, ctxs[k], a, p, 2), 0);
		T_EQ_INT(decode_all(&wb, ctxs[k], 0), 1);
		T_EQ_INT(nallp, 2);
		T_ASSERT(U.attrs != NULL);
		if (U.attrs != NULL) {
			T_ASSERT(bgp_attrs_equal(a, U.attrs));
			T_EQ_STR(fmt_path(U.attrs),
			    "65002 4200000001 {1,2}");
			T_EQ_INT(U.attrs->aggregator_as, 4200000001u);
			T_EQ_INT(U.attrs->nunknown, 1);
			T_EQ_INT(U.ndiscarded, 0);
			/* codes in order; 2-octet adds AS4_PATH/AGGREGATOR */
			T_EQ_INT(U.attrs->codes[0], BGP_ATTR_ORIGIN);
			T_EQ_INT(U.attrs->codes[U.attrs->ncodes - 1], 99);
			T_EQ_INT(U.attrs->ncodes, k == 0 ? 13 : 15);
		}
		T_ASSERT(has_pfx(allp, nallp, "10.2.3.0/24"));
		bgp_attrs_unref(a);
	}

	/* eBGP: LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST are not sent. */
	a = rich_attrs(1);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, 1), 0);
	T_EQ_INT(decode_all(&wb, &ctx4e, 0), 1);
	T_ASSERT(U.attrs != NULL && !(U.attrs->present &
	    BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)) && U.attrs->ncluster == 0);
	T_EQ_INT(U.ndiscarded, 0);
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

static void
test_roundtrip_communities(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	size_t			 i, counts[] = { 0, 1, 1000 }, k;

	pfx4(&p, 172, 16, 0, 0, 12);
	for (k = 0; k < 3; k++) {
		a = bgp_attrs_new();
		a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
		    BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
		addr_parse("10.0.0.9", &a->nexthop);
		set_path(a, (uint32_t[]){ 65001 }, 1);
		if (counts[k] > 0) {
			a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
			a->ncommunities = counts[k];
			a->communities = malloc(counts[k] * 4);
			for (i = 0; i < counts[k]; i++)
				a->communities[i] = (uint32_t)i * 7;
		}
		wbuf_reset(&wb);
		T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4i, a, &p, 1), 0);
		T_EQ_INT(decode_all(&wb, &ctx4i, 0), 1);
		T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
		if (U.attrs != NULL)
			T_EQ_INT(U.attrs->ncommunities, counts[k]);
		/* extended length exactly when the value is over 255 bytes */
		if (k == 2)
			T_ASSERT(memmem(wb.buf, wb.len, "\xd0\x08\x0f\xa0", 4)
			    != NULL);
		if (k == 1)
			T_ASSERT(memmem(wb.buf, wb.len, "\xc0\x08\x04", 3)
			    != NULL);
		bgp_attrs_unref(a);
	}
	wbuf_free(&wb);
}

static void
test_roundtrip_aspath(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	uint32_t		 asns[300];
	size_t			 i;

	pfx4(&p, 10, 9, 0, 0, 16);
	/* 300 ASNs, some not 2-octet: 2 segments, extended length */
	for (i = 0; i < 300; i++)
		asns[i] = i % 3 == 0 ? 4200000000u + (uint32_t)i :
		    64512 + (uint32_t)i;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	addr_parse("10.0.0.9", &a->nexthop);
	set_path(a, asns, 300);

	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4i, a, &p, 1), 0);
	T_EQ_INT(decode_all(&wb, &ctx4i, 0), 1);
	T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
	T_ASSERT(U.attrs != NULL &&
	    bgp_aspath_length(U.attrs->aspath, U.attrs->aspath_len) == 300);

	/* 2-octet peer: AS_TRANS in AS_PATH, AS4_PATH merged back */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx2e, a, &p, 1), 0);
	/* AS_TRANS (23456) is on the wire */
	T_ASSERT(memmem(wb.buf, wb.len, "\x5b\xa0", 2) != NULL);
	T_EQ_INT(decode_all(&wb, &ctx2e, 0), 1);
	T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
	/* ... and as a 4-octet peer would see the same wire? no: 2-octet */
	bgp_attrs_unref(a);

	/* all mappable: no AS4_PATH at all */
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	addr_parse("10.0.0.9", &a->nexthop);
	set_path(a, (uint32_t[]){ 65001, 65002 }, 2);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx2e, a, &p, 1), 0);
	T_EQ_INT(decode_all(&wb, &ctx2e, 0), 1);
	T_ASSERT(U.attrs != NULL && U.attrs->ncodes == 3);
	T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
	bgp_attrs_unref(a);
	wbuf_free(&wb);
}

/* RFC 6793 4.2.3 merge cases decoded from hand-made wire. */
static void
test_as4_merge(void)
{
	static const uint8_t	 as2[] = { 2, 3, 0xfd, 0xe9, 0x5b, 0xa0,
	    0x5b, 0xa0 };	/* 65001 23456 23456 */
	static const uint8_t	 as4[] = { 2, 2, 0xfa, 0x56, 0xea, 0x01,
	    0xfa, 0x56, 0xea, 0x02 };	/* 4200000001 4200000002 */
	static const uint8_t	 as4long[] = { 2, 4, 0, 0, 0, 1, 0, 0, 0, 2,
	    0, 0, 0, 3, 0, 0, 0, 4 };
	static const uint8_t	 as4confed[] = { 3, 1, 0, 0, 0, 9,
	    2, 1, 0xfa, 0x56, 0xea, 0x02 };
	static const uint8_t	 as2confed[] = { 3, 1, 0xfe, 0x02,
	    2, 2, 0xfd, 0xe9, 0x5b, 0xa0 };
	static const uint8_t	 agg2t[] = { 0x5b, 0xa0, 10, 0, 0, 7 };
	static const uint8_t	 agg2[] = { 0xfd, 0xe9, 10, 0, 0, 7 };
	static const uint8_t	 agg4[] = { 0xfa, 0x56, 0xea, 0x09, 10, 0,
	    0, 8 };
	static const uint8_t	 o = 0, nh[4] = { 10, 0, 0, 1 };

	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, as2, sizeof(as2));
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 7, agg2t, sizeof(agg2t));
	battr(&A, 0xc0, 17, as4, sizeof(as4));
	battr(&A, 0xc0, 18, agg4, sizeof(agg4));
	base_nlri();
	decode(&ctx2e);
	CHECK("as4 merge", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL);
	if (U.attrs != NULL) {
		T_EQ_STR(fmt_path(U.attrs), "65001 4200000001 4200000002");
		T_EQ_INT(U.attrs->aggregator_as, 4200000009u);
		T_EQ_INT(U.attrs->aggregator_id, 0x0a000008);
		T_ASSERT(!(U.attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_AS4_PATH)));
	}

	/* AGGREGATOR not AS_TRANS: AS4_PATH and AS4_AGGREGATOR ignored */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, as2, sizeof(as2));
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 7, agg2, sizeof(agg2));
	battr(&A, 0xc0, 17, as4, sizeof(as4));
	battr(&A, 0xc0, 18, agg4, sizeof(agg4));
	base_nlri();
	decode(&ctx2e);
	CHECK("as4 ignored (aggregator)", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL) {
		T_EQ_STR(fmt_path(U.attrs), "65001 23456 23456");
		T_EQ_INT(U.attrs->aggregator_as, 65001);
	}

	/* AGGREGATOR not AS_TRANS but no AS4_AGGREGATOR: AS4_PATH used */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, as2, sizeof(as2));
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 7, agg2, sizeof(agg2));
	battr(&A, 0xc0, 17, as4, sizeof(as4));
	base_nlri();
	decode(&ctx2e);
	CHECK("as4 with plain aggregator", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL) {
		T_EQ_STR(fmt_path(U.attrs), "65001 4200000001 4200000002");
		T_EQ_INT(U.attrs->aggregator_as, 65001);
	}

	/* AS4_PATH longer than AS_PATH: ignored */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, as2, sizeof(as2));
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 17, as4long, sizeof(as4long));
	base_nlri();
	decode(&ctx2e);
	CHECK("as4 longer", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "65001 23456 23456");

	/* confed segments: kept from AS_PATH, dropped from AS4_PATH */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, as2confed, sizeof(as2confed));
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 17, as4confed, sizeof(as4confed));
	base_nlri();
	decode(&ctx2i);
	CHECK("as4 confed", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "(65026) 65001 4200000002");

	/* a confed segment after the first sequence is not carried over */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, "\2\2\xfd\xe9\x5b\xa0\3\1\1\1", 10);
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 17, "\2\1\xfa\x56\xea\x02", 6);
	base_nlri();
	decode(&ctx2i);
	CHECK("as4 confed in the middle", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "65001 4200000002");

	/* a leading AS_SET counts one and is kept whole */
	reset_bufs();
	battr(&A, 0x40, 1, &o, 1);
	battr(&A, 0x40, 2, "\1\2\0\1\0\2\2\1\x5b\xa0", 10);
	battr(&A, 0x40, 3, nh, 4);
	battr(&A, 0xc0, 17, "\2\1\xfa\x56\xea\x01", 6);
	base_nlri();
	decode(&ctx2e);
	CHECK("as4 leading set", BGP_UPD_OK, 0, 0);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "{1,2} 4200000001");

	/* AS4_PATH from a 4-octet peer: discarded silently */
	std_with(0xc0, 17, as4, sizeof(as4), 1);
	decode(&ctx4e);
	CHECK("as4_path from as4 peer", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.ndiscarded, 1);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "65001");
	std_with(0xc0, 18, agg4, sizeof(agg4), 1);
	decode(&ctx4e);
	CHECK("as4_aggregator from as4 peer", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.ndiscarded, 1);
}

static void
test_roundtrip_v6(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a;
	struct xprefix		 p[3];
	int			 ll;

	prefix_parse("2001:db8::/32", &p[0], 0);
	prefix_parse("2001:db8:1::/48", &p[1], 0);
	prefix_parse("::/0", &p[2], 0);
	for (ll = 0; ll < 2; ll++) {
		a = bgp_attrs_new();
		a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN);
		set_path(a, (uint32_t[]){ 65001, 65002 }, 2);
		addr_parse("2001:db8::1", &a->nexthop);
		if (ll)
			addr_parse("fe80::1", &a->nexthop_ll);
		wbuf_reset(&wb);
		T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, 3), 0);
		/* MP_REACH is the first attribute (RFC 7606 5.1) */
		T_EQ_INT(wb.buf[BGP_HDR_LEN + 4 + 1], BGP_ATTR_MP_REACH_NLRI);
		T_EQ_INT(decode_all(&wb, &ctx4e, 0), 1);
		T_EQ_INT(nallp, 3);
		T_ASSERT(has_pfx(allp, nallp, "2001:db8:1::/48"));
		T_ASSERT(has_pfx(allp, nallp, "::/0"));
		T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
		T_ASSERT(U.attrs != NULL &&
		    U.attrs->nexthop_ll.af == (ll ? AF_V6 : 0));
		/* not negotiated: ignored, nothing announced */
		bgp_update_free(&U);
		T_EQ_INT(bgp_update_decode(wb.buf + BGP_HDR_LEN,
		    wb.len - BGP_HDR_LEN, &ctx4only, &U), 0);
		CHECK("v6 not negotiated", BGP_UPD_OK, 0, 0);
		T_EQ_INT(U.nnlri, 0);
		T_ASSERT(U.attrs == NULL);
		bgp_attrs_unref(a);
	}

	/* withdraw + EoR */
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw(&wb, &ctx4e, p, 3), 0);
	T_EQ_INT(decode_all(&wb, &ctx4e, 1), 1);
	T_EQ_INT(nallp, 3);
	T_EQ_INT(U.eor_afs, 0);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_eor(&wb, V6U), 0);
	T_EQ_INT(wb.len, 29);
	T_EQ_INT(decode_all(&wb, &ctx4e, 1), 1);
	T_EQ_INT(U.eor_afs, V6U);
	T_EQ_INT(nallp, 0);
	T_ASSERT(U.attrs == NULL);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_eor(&wb, V4U), 0);
	T_EQ_INT(wb.len, 23);
	T_EQ_INT(decode_all(&wb, &ctx4e, 1), 1);
	T_EQ_INT(U.eor_afs, V4U);
	T_EQ_INT(bgp_update_encode_eor(&wb, 0x10), -1);
	wbuf_free(&wb);
}

static void
test_unknown_attrs(void)
{
	struct wbuf		 wb = WBUF_INIT;
	static const uint8_t	 v[5] = { 1, 2, 3, 4, 5 };
	uint8_t			 big[300];
	const uint8_t		*q;
	struct bgp_attrs	*a;
	struct xprefix		 p;

	/* optional transitive: kept, Partial set */
	std_with(0xc0, 99, v, 5, 1);
	decode(&ctx4e);
	CHECK("unknown transitive", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->nunknown == 1);
	if (U.attrs == NULL || U.attrs->nunknown != 1)
		return;
	T_EQ_INT(U.attrs->unknown[0].flags, 0xe0);
	T_EQ_INT(U.attrs->unknown[0].len, 5);
	T_EQ_INT(U.attrs->codes[3], 99);
	/* re-emitted with Partial */
	a = bgp_attrs_ref(U.attrs);
	pfx4(&p, 10, 1, 0, 0, 16);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, &p, 1), 0);
	q = memmem(wb.buf, wb.len, "\xe0\x63\x05\x01\x02", 5);
	T_ASSERT(q != NULL);
	bgp_attrs_unref(a);

	/* kept sorted by type code, whatever the order on the wire */
	reset_bufs();
	base_attrs(0, 1);
	battr(&A, 0xc0, 200, "x", 1);
	battr(&A, 0xc0, 0, NULL, 0);
	battr(&A, 0xc0, 99, "y", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("unknown order", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->nunknown == 3 &&
	    U.attrs->unknown[0].type == 0 && U.attrs->unknown[1].type == 99 &&
	    U.attrs->unknown[2].type == 200 && U.attrs->codes[3] == 200);
	a = bgp_attrs_ref(U.attrs);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, &p, 1), 0);
	T_EQ_INT(decode_all(&wb, &ctx4e, 0), 1);
	T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
	bgp_attrs_unref(a);

	/* optional non-transitive: dropped (but listed in codes) */
	std_with(0x80, 99, v, 5, 1);
	decode(&ctx4e);
	CHECK("unknown non-transitive", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->nunknown == 0 &&
	    U.attrs->ncodes == 4);

	/* extended length unknown attribute, round trip */
	memset(big, 0x5a, sizeof(big));
	std_with(0xd0, 200, big, sizeof(big), 1);
	decode(&ctx4e);
	CHECK("unknown extlen", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->nunknown == 1 &&
	    U.attrs->unknown[0].len == 300);
	a = bgp_attrs_ref(U.attrs);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, &p, 1), 0);
	T_ASSERT(memmem(wb.buf, wb.len, "\xf0\xc8\x01\x2c", 4) != NULL);
	T_EQ_INT(decode_all(&wb, &ctx4e, 0), 1);
	T_ASSERT(U.attrs != NULL && bgp_attrs_equal(a, U.attrs));
	bgp_attrs_unref(a);

	/* extended length flag on a short known attribute is fine */
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x50, 1, "\x02", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("extlen origin", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->origin == 2);
	wbuf_free(&wb);
}

/* ---- Packing ---- */

static void
test_packing(void)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a;
	struct xprefix		*p;
	size_t			 i, n = 10000;
	int			 msgs4, msgsx;

	p = calloc(n, sizeof(*p));
	for (i = 0; i < n; i++)
		pfx4(&p[i], 11, (uint8_t)(i >> 8), (uint8_t)i, 0, 24);
	a = rich_attrs(0);

	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, n), 0);
	msgs4 = decode_all(&wb, &ctx4e, 0);
	T_ASSERT(msgs4 > 1);
	T_EQ_INT(nallp, n);
	T_ASSERT(maxmsg <= 4096 && maxmsg > 4000);
	T_ASSERT(nallp == n && prefix_cmp(&allp[n - 1], &p[n - 1]) == 0);

	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4x, a, p, n), 0);
	msgsx = decode_all(&wb, &ctx4x, 0);
	T_ASSERT(msgsx > 0 && msgsx < msgs4);
	T_EQ_INT(nallp, n);
	T_ASSERT(maxmsg <= 65535 && maxmsg > 4096);

	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw(&wb, &ctx4e, p, n), 0);
	T_ASSERT(decode_all(&wb, &ctx4e, 1) > 1);
	T_EQ_INT(nallp, n);
	T_ASSERT(maxmsg <= 4096);

	/* IPv6: 10,000 /48s in MP_REACH */
	for (i = 0; i < n; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].addr.af = AF_V6;
		p[i].addr.a[0] = 0x20;
		p[i].addr.a[1] = 0x01;
		p[i].addr.a[4] = (uint8_t)(i >> 8);
		p[i].addr.a[5] = (uint8_t)i;
		p[i].len = 48;
	}
	addr_parse("2001:db8::1", &a->nexthop);
	addr_parse("fe80::1", &a->nexthop_ll);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, n), 0);
	T_ASSERT(decode_all(&wb, &ctx4e, 0) > 1);
	T_EQ_INT(nallp, n);
	T_ASSERT(maxmsg <= 4096 && maxmsg > 4000);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4x, a, p, n), 0);
	T_ASSERT(decode_all(&wb, &ctx4x, 0) > 0);
	T_EQ_INT(nallp, n);
	T_ASSERT(maxmsg <= 65535 && maxmsg > 60000);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw(&wb, &ctx4x, p, n), 0);
	T_ASSERT(decode_all(&wb, &ctx4x, 1) > 0);
	T_EQ_INT(nallp, n);

	/* both families in one call, IPv4 next hop: v6 gets ::ffff:a.b.c.d */
	a->nexthop.af = AF_V4;
	memset(a->nexthop.a, 0, sizeof(a->nexthop.a));
	a->nexthop.a[0] = 10;
	a->nexthop.a[3] = 9;
	memset(&a->nexthop_ll, 0, sizeof(a->nexthop_ll));
	pfx4(&p[1], 10, 0, 0, 0, 8);
	pfx4(&p[3], 10, 1, 0, 0, 16);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, 4), 0);
	T_EQ_INT(decode_all(&wb, &ctx4e, 0), 2);
	T_EQ_INT(nallp, 4);
	T_ASSERT(has_pfx(allp, nallp, "10.1.0.0/16"));
	T_ASSERT(has_pfx(allp, nallp, "2001:0:2::/48"));
	T_ASSERT(U.attrs != NULL && U.attrs->nexthop.af == AF_V6 &&
	    U.attrs->nexthop.a[10] == 0xff && U.attrs->nexthop.a[15] == 9);
	wbuf_reset(&wb);
	T_EQ_INT(bgp_update_encode_withdraw(&wb, &ctx4e, p, 4), 0);
	T_EQ_INT(decode_all(&wb, &ctx4e, 1), 2);
	T_EQ_INT(nallp, 4);
	addr_parse("2001:db8::1", &a->nexthop);

	/* invalid prefix or no usable next hop: -1, buffer untouched */
	wbuf_reset(&wb);
	p[0].len = 129;
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, 1), -1);
	T_EQ_INT(bgp_update_encode_withdraw(&wb, &ctx4e, p, 1), -1);
	T_EQ_INT(wb.len, 0);
	pfx4(&p[0], 10, 0, 0, 0, 8);
	T_EQ_INT(bgp_update_encode_announce(&wb, &ctx4e, a, p, 1), -1);
	T_EQ_INT(wb.len, 0);
	bgp_attrs_unref(a);
	free(p);
	wbuf_free(&wb);
}

/* ---- Malformed input: one RFC 7606 action each ---- */

static void
test_malformed_structure(void)
{
	static const uint8_t	 hdr5[] = { 0, 5, 0, 0 };

	/* 3(b): withdrawn length over the message */
	memcpy(body, hdr5, 4);
	bgp_update_free(&U);
	bgp_update_decode(body, 4, &ctx4e, &U);
	CHECK("withdrawn length overrun", BGP_UPD_RESET, 3, 1);
	/* total attribute length over the message */
	reset_bufs();
	base_attrs(0, 1);
	assemble();
	body[2] = 0x10;
	bgp_update_free(&U);
	bgp_update_decode(body, blen, &ctx4e, &U);
	CHECK("attribute length overrun", BGP_UPD_RESET, 3, 1);
	bgp_update_free(&U);
	bgp_update_decode(body, 3, &ctx4e, &U);
	CHECK("short body", BGP_UPD_RESET, 3, 1);

	/* 5.3: NLRI / withdrawn field syntax */
	reset_bufs();
	base_attrs(0, 1);
	b8(&N, 33);
	bmem(&N, "\x0a\x00\x00\x00\x00", 5);
	decode(&ctx4e);
	CHECK("NLRI /33", BGP_UPD_RESET, 3, 10);
	T_EQ_INT(U.nwithdrawn + U.nnlri, 0);
	reset_bufs();
	base_attrs(0, 1);
	bmem(&N, "\x10\x0a\x01\x18\x0a", 5);
	decode(&ctx4e);
	CHECK("NLRI truncated", BGP_UPD_RESET, 3, 10);
	reset_bufs();
	bmem(&W, "\x21\x0a\x00\x00\x00\x00", 6);
	decode(&ctx4e);
	CHECK("withdrawn /33", BGP_UPD_RESET, 3, 10);
	reset_bufs();
	bmem(&W, "\x18\x0a\x00", 3);
	decode(&ctx4e);
	CHECK("withdrawn truncated", BGP_UPD_RESET, 3, 10);

	/* 4: attribute framing */
	reset_bufs();
	base_attrs(0, 1);
	bmem(&A, "\x40\x01", 2);
	base_nlri();
	decode(&ctx4e);
	CHECK("truncated attribute header", BGP_UPD_WITHDRAW, 3, 5);
	T_EQ_INT(U.nwithdrawn, 1);
	T_ASSERT(has_pfx(U.withdrawn, U.nwithdrawn, "10.1.0.0/16"));
	T_ASSERT(U.attrs == NULL && U.nnlri == 0);
	reset_bufs();
	base_attrs(0, 1);
	bmem(&A, "\x50\x08\x00", 3);
	base_nlri();
	decode(&ctx4e);
	CHECK("truncated extlen header", BGP_UPD_WITHDRAW, 3, 5);
	reset_bufs();
	base_attrs(0, 1);
	bmem(&A, "\xc0\x08\x08\x00\x00\x00\x01", 7);
	base_nlri();
	decode(&ctx4e);
	CHECK("attribute overruns section", BGP_UPD_WITHDRAW, 3, 5);
	T_ASSERT(has_pfx(U.withdrawn, U.nwithdrawn, "10.1.0.0/16"));
	reset_bufs();
	base_attrs(0, 1);
	bmem(&A, "\x80\x0e\x20\x00\x02\x01\x10", 7);
	base_nlri();
	decode(&ctx4e);
	CHECK("MP_REACH overruns section", BGP_UPD_RESET, 3, 5);
	/* 5.2: no NLRI at all, attribute framing broken: reset */
	reset_bufs();
	bmem(&W, "\x08\x0a", 2);
	base_attrs(0, 1);
	bmem(&A, "\x40\x01", 2);
	decode(&ctx4e);
	CHECK("broken attributes without NLRI", BGP_UPD_RESET, 3, 5);
}

static void
test_malformed_attrs(void)
{
	static const uint8_t	 nh0[4] = { 0, 0, 0, 0 };
	static const uint8_t	 nhm[4] = { 224, 0, 0, 5 };
	static const uint8_t	 z[16] = { 0 };
	static const uint8_t	 seg5[] = { 5, 1, 0, 0, 0xfd, 0xe9 };
	static const uint8_t	 seg0t[] = { 0, 1, 0, 0, 0xfd, 0xe9 };
	static const uint8_t	 segz[] = { 2, 0 };
	static const uint8_t	 segov[] = { 2, 2, 0, 0, 0xfd, 0xe9 };
	static const uint8_t	 segun[] = { 2, 1, 0, 0, 0xfd, 0xe9, 2 };
	static const uint8_t	 segas0[] = { 2, 1, 0, 0, 0, 0 };
	static const uint8_t	 segcf[] = { 3, 1, 0, 0, 0xfd, 0xe9 };
	static const uint8_t	 o = 0;
	uint8_t			 comm[8] = { 0, 1, 0, 2, 0, 1, 0, 3 };

	/* ORIGIN, 7606 7.1 / 3(c) */
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0xc0, 1, &o, 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("ORIGIN optional flag", BGP_UPD_WITHDRAW, 3, 4);
	T_EQ_INT(U.err.data[1], 1);	/* data: the attribute */
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x40, 1, "\0\0", 2);
	base_nlri();
	decode(&ctx4e);
	CHECK("ORIGIN length 2", BGP_UPD_WITHDRAW, 3, 5);
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x40, 1, NULL, 0);
	base_nlri();
	decode(&ctx4e);
	CHECK("ORIGIN length 0", BGP_UPD_WITHDRAW, 3, 5);
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x40, 1, "\3", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("ORIGIN value 3", BGP_UPD_WITHDRAW, 3, 6);
	T_ASSERT(has_pfx(U.withdrawn, U.nwithdrawn, "10.1.0.0/16"));
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x60, 1, &o, 1);	/* Partial on a well-known: ignored */
	base_nlri();
	decode(&ctx4e);
	CHECK("ORIGIN partial bit", BGP_UPD_OK, 0, 0);

	/* AS_PATH, 7606 7.2, RFC 7607, RFC 5065 */
#define PATHCASE(name, v, ctx) do {					\
	reset_bufs();							\
	base_attrs(SK_ASPATH, 1);					\
	battr(&A, 0x40, 2, v, sizeof(v));				\
	base_nlri();							\
	decode(ctx);							\
	CHECK(name, BGP_UPD_WITHDRAW, 3, 11);				\
} while (0)
	PATHCASE("AS_PATH segment type 5", seg5, &ctx4e);
	PATHCASE("AS_PATH segment type 0", seg0t, &ctx4e);
	PATHCASE("AS_PATH zero-length segment", segz, &ctx4e);
	PATHCASE("AS_PATH segment overrun", segov, &ctx4e);
	PATHCASE("AS_PATH underrun", segun, &ctx4e);
	PATHCASE("AS_PATH AS 0", segas0, &ctx4e);
	PATHCASE("AS_PATH confed from eBGP", segcf, &ctx4e);
	PATHCASE("AS_PATH 4-octet on 2-octet session", segun, &ctx2e);
	reset_bufs();
	base_attrs(SK_ASPATH, 1);
	battr(&A, 0x40, 2, segcf, sizeof(segcf));
	base_nlri();
	decode(&ctx4i);
	CHECK("AS_PATH confed from iBGP", BGP_UPD_OK, 0, 0);
	reset_bufs();
	base_attrs(SK_ASPATH, 1);
	battr(&A, 0x40, 2, NULL, 0);
	base_nlri();
	decode(&ctx4i);
	CHECK("AS_PATH empty", BGP_UPD_OK, 0, 0);
	reset_bufs();
	base_attrs(SK_ASPATH, 1);
	battr(&A, 0x80, 2, seg5 + 0, 0);
	base_nlri();
	decode(&ctx4i);
	CHECK("AS_PATH optional flag", BGP_UPD_WITHDRAW, 3, 4);

	/* NEXT_HOP, 7606 7.3, 4271 6.3 */
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x40, 3, "\x0a\0\0\1\1", 5);
	base_nlri();
	decode(&ctx4e);
	CHECK("NEXT_HOP length 5", BGP_UPD_WITHDRAW, 3, 5);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x40, 3, nh0, 4);
	base_nlri();
	decode(&ctx4e);
	CHECK("NEXT_HOP 0.0.0.0", BGP_UPD_WITHDRAW, 3, 8);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x40, 3, nhm, 4);
	base_nlri();
	decode(&ctx4e);
	CHECK("NEXT_HOP multicast", BGP_UPD_WITHDRAW, 3, 8);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0xc0, 3, nhm, 4);
	base_nlri();
	decode(&ctx4e);
	CHECK("NEXT_HOP flags", BGP_UPD_WITHDRAW, 3, 4);

	/* MED, LOCAL_PREF: 7.4, 7.5 */
	std_with(0x80, 4, "\0\0\1", 3, 1);
	decode(&ctx4e);
	CHECK("MED length 3", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x40, 4, "\0\0\0\1", 4, 1);
	decode(&ctx4e);
	CHECK("MED well-known flag", BGP_UPD_WITHDRAW, 3, 4);
	std_with(0x40, 5, "\0\1", 2, 1);
	decode(&ctx4i);
	CHECK("LOCAL_PREF length 2 iBGP", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x40, 5, "\0\1", 2, 1);
	decode(&ctx4e);
	CHECK("LOCAL_PREF from eBGP", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.ndiscarded, 1);
	T_ASSERT(U.attrs != NULL &&
	    !(U.attrs->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)));
	std_with(0x40, 5, "\0\0\0\x96", 4, 1);
	decode(&ctx4i);
	CHECK("LOCAL_PREF iBGP", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->local_pref == 150);

	/* ATOMIC_AGGREGATE, AGGREGATOR: attribute discard (7.6, 7.7) */
	std_with(0x40, 6, "\1", 1, 1);
	decode(&ctx4e);
	CHECK("ATOMIC_AGGREGATE length 1", BGP_UPD_OK, 3, 5);
	T_EQ_INT(U.ndiscarded, 1);
	T_ASSERT(U.attrs != NULL && U.nnlri == 1 && !(U.attrs->present &
	    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE)));
	std_with(0xc0, 6, NULL, 0, 1);
	decode(&ctx4e);
	CHECK("ATOMIC_AGGREGATE flags", BGP_UPD_OK, 3, 4);
	std_with(0xc0, 7, "\0\0\xfd\xe9\x0a\0\0", 7, 1);
	decode(&ctx4e);
	CHECK("AGGREGATOR length 7", BGP_UPD_OK, 3, 5);
	T_ASSERT(U.attrs != NULL && !(U.attrs->present &
	    BGP_ATTRBIT(BGP_ATTR_AGGREGATOR)));
	std_with(0xc0, 7, "\0\0\xfd\xe9\x0a\0\0\1", 8, 0);
	decode(&ctx2e);
	CHECK("AGGREGATOR length 8 on 2-octet", BGP_UPD_OK, 3, 5);
	std_with(0xc0, 7, "\0\0\0\0\x0a\0\0\1", 8, 1);
	decode(&ctx4e);
	CHECK("AGGREGATOR AS 0", BGP_UPD_OK, 3, 9);
	std_with(0x40, 7, "\0\0\xfd\xe9\x0a\0\0\1", 8, 1);
	decode(&ctx4e);
	CHECK("AGGREGATOR flags", BGP_UPD_OK, 3, 4);
	T_EQ_INT(U.nnlri, 1);

	/* COMMUNITIES 7.8 */
	std_with(0xc0, 8, NULL, 0, 1);
	decode(&ctx4e);
	CHECK("COMMUNITIES length 0", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0xc0, 8, comm, 6, 1);
	decode(&ctx4e);
	CHECK("COMMUNITIES length 6", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x40, 8, comm, 8, 1);
	decode(&ctx4e);
	CHECK("COMMUNITIES well-known flag", BGP_UPD_WITHDRAW, 3, 4);

	/* ORIGINATOR_ID, CLUSTER_LIST 7.9, 7.10 */
	std_with(0x80, 9, "\1\2\3\4\5", 5, 1);
	decode(&ctx4i);
	CHECK("ORIGINATOR_ID length 5", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x80, 10, "\1\2\3\4\5\6", 6, 1);
	decode(&ctx4i);
	CHECK("CLUSTER_LIST length 6", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x80, 10, NULL, 0, 1);
	decode(&ctx4i);
	CHECK("CLUSTER_LIST length 0", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x80, 9, "\1\2\3\4\5", 5, 1);
	decode(&ctx4e);
	CHECK("ORIGINATOR_ID from eBGP", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.ndiscarded, 1);
	std_with(0x80, 10, "\1\2\3\4", 4, 1);
	decode(&ctx4e);
	CHECK("CLUSTER_LIST from eBGP", BGP_UPD_OK, 0, 0);
	T_ASSERT(U.attrs != NULL && U.attrs->ncluster == 0);

	/* EXT_COMMUNITIES 7.14, LARGE_COMMUNITY RFC 8092 6 */
	std_with(0xc0, 16, z, 12, 1);
	decode(&ctx4e);
	CHECK("EXT_COMMUNITIES length 12", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0xc0, 16, NULL, 0, 1);
	decode(&ctx4e);
	CHECK("EXT_COMMUNITIES length 0", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0xc0, 32, z, 13, 1);
	decode(&ctx4e);
	CHECK("LARGE_COMMUNITY length 13", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0xc0, 32, NULL, 0, 1);
	decode(&ctx4e);
	CHECK("LARGE_COMMUNITY length 0", BGP_UPD_WITHDRAW, 3, 5);
	std_with(0x80, 32, z, 12, 1);
	decode(&ctx4e);
	CHECK("LARGE_COMMUNITY flags", BGP_UPD_WITHDRAW, 3, 4);

	/* AS4_PATH / AS4_AGGREGATOR malformed: discard (RFC 6793 6) */
	std_with(0xc0, 17, "\2\0", 2, 0);
	decode(&ctx2e);
	CHECK("AS4_PATH zero segment", BGP_UPD_OK, 3, 9);
	T_EQ_INT(U.ndiscarded, 1);
	if (U.attrs != NULL)
		T_EQ_STR(fmt_path(U.attrs), "65001");
	std_with(0xc0, 17, "\2\1\0\0", 4, 0);
	decode(&ctx2e);
	CHECK("AS4_PATH overrun", BGP_UPD_OK, 3, 9);
	std_with(0xc0, 18, "\0\0\0\1\2\3\4", 7, 0);
	decode(&ctx2e);
	CHECK("AS4_AGGREGATOR length 7", BGP_UPD_OK, 3, 9);
	std_with(0x40, 17, "\2\1\0\0\0\1", 6, 0);
	decode(&ctx2e);
	CHECK("AS4_PATH flags", BGP_UPD_OK, 3, 4);

	/* unknown well-known: 4271 6.3, unchanged by 7606 */
	std_with(0x40, 99, "\1", 1, 1);
	decode(&ctx4e);
	CHECK("unknown well-known", BGP_UPD_RESET, 3, 2);
	T_EQ_INT(U.err.data[1], 99);
}

static void
test_malformed_mp(void)
{
	uint8_t		 mp[64];
	size_t		 n;

	/* MP_REACH v6, next hop length 5 */
	n = 0;
	memcpy(mp, "\0\2\1\5", 4);
	n = 4;
	memset(mp + n, 0x20, 5);
	n += 5;
	mp[n++] = 0;
	mp[n++] = 32;
	memcpy(mp + n, "\x20\x01\x0d\xb8", 4);
	n += 4;
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH next hop length 5", BGP_UPD_RESET, 3, 9);

	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, "\0\2\1\0", 4);
	decode(&ctx4e);
	CHECK("MP_REACH length 4", BGP_UPD_RESET, 3, 9);

	/* valid v6 reach helper: 2001:db8::1 next hop, NLRI appended */
#define MPV6(extra, elen) do {						\
	memcpy(mp, "\0\2\1\x10", 4);					\
	memset(mp + 4, 0, 16);						\
	mp[4] = 0x20; mp[5] = 0x01; mp[6] = 0x0d; mp[7] = 0xb8;		\
	mp[19] = 1;							\
	mp[20] = 0;							\
	memcpy(mp + 21, extra, elen);					\
	n = 21 + (elen);						\
} while (0)
	MPV6("\x81\x20\x01", 3);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH /129", BGP_UPD_RESET, 3, 9);
	MPV6("\x30\x20\x01\x0d", 4);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH truncated NLRI", BGP_UPD_RESET, 3, 9);
	MPV6("\x20\x20\x01\x0d\xb8", 5);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0xc0, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH transitive flag", BGP_UPD_RESET, 3, 4);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH twice", BGP_UPD_RESET, 3, 1);

	/* valid: MP only, no NEXT_HOP needed; host bits masked */
	MPV6("\x20\x20\x01\x0d\xb8\x10\x20\x01", 8);
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH only", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.nnlri, 2);
	T_ASSERT(has_pfx(U.nlri, U.nnlri, "2001::/16"));
	T_ASSERT(U.attrs != NULL && U.attrs->nexthop.af == AF_V6);
	/* ... with a malformed COMMUNITIES: the v6 prefixes are withdrawn */
	battr(&A, 0xc0, 8, "\1\2\3", 3);
	decode(&ctx4e);
	CHECK("MP_REACH + bad COMMUNITIES", BGP_UPD_WITHDRAW, 3, 5);
	T_EQ_INT(U.nwithdrawn, 2);
	T_ASSERT(has_pfx(U.withdrawn, U.nwithdrawn, "2001:db8::/32"));
	/* ... without ORIGIN: missing well-known */
	reset_bufs();
	base_attrs(SK_NH | SK_ORIGIN, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4e);
	CHECK("MP_REACH without ORIGIN", BGP_UPD_WITHDRAW, 3, 3);
	T_EQ_INT(U.err.data[0], 1);
	/* ... not negotiated: ignored, not a reset */
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x80, 14, mp, n);
	decode(&ctx4only);
	CHECK("MP_REACH not negotiated", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.nnlri, 0);
	/* ... unknown AFI/SAFI, even with junk inside: ignored */
	reset_bufs();
	base_attrs(0, 1);
	battr(&A, 0x80, 14, "\0\x19\x41\0\0\xff\xff", 7);
	base_nlri();
	decode(&ctx4e);
	CHECK("MP_REACH unknown AFI", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.nnlri, 1);

	/* MP_UNREACH */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2", 2);
	decode(&ctx4e);
	CHECK("MP_UNREACH length 2", BGP_UPD_RESET, 3, 9);
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1\x40\x20\x01", 6);
	decode(&ctx4e);
	CHECK("MP_UNREACH truncated", BGP_UPD_RESET, 3, 9);
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1", 3);
	battr(&A, 0x80, 15, "\0\2\1", 3);
	decode(&ctx4e);
	CHECK("MP_UNREACH twice", BGP_UPD_RESET, 3, 1);
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1\x20\x20\x01\x0d\xb8", 8);
	decode(&ctx4e);
	CHECK("MP_UNREACH withdraw", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.nwithdrawn, 1);
	T_EQ_INT(U.eor_afs, 0);
	/* attributes after MP_UNREACH: not an End-of-RIB */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1", 3);
	battr(&A, 0x40, 1, "\0", 1);
	decode(&ctx4e);
	CHECK("attributes after MP_UNREACH", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.eor_afs, 0);
	/* ... and a malformed one there: 7606 5.2 session reset */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1", 3);
	battr(&A, 0x40, 1, "\7", 1);
	decode(&ctx4e);
	CHECK("bad ORIGIN without NLRI", BGP_UPD_RESET, 3, 6);
	/* ... but a discard-only error there is fine */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\1", 3);
	battr(&A, 0x40, 6, "\7", 1);
	decode(&ctx4e);
	CHECK("discard without NLRI", BGP_UPD_OK, 3, 5);
	/* v4 EoR as MP_UNREACH too */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\1\1", 3);
	decode(&ctx4e);
	T_EQ_INT(U.eor_afs, V4U);
	/* MP_UNREACH for an unknown family: ignored, no EoR */
	reset_bufs();
	battr(&A, 0x80, 15, "\0\2\x80", 3);
	decode(&ctx4e);
	CHECK("MP_UNREACH unknown SAFI", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.eor_afs, 0);
}

static void
test_malformed_misc(void)
{
	/* missing well-known mandatory attributes, 7606 3(d) */
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("missing ORIGIN", BGP_UPD_WITHDRAW, 3, 3);
	T_EQ_INT(U.err.data[0], 1);
	reset_bufs();
	base_attrs(SK_ASPATH, 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("missing AS_PATH", BGP_UPD_WITHDRAW, 3, 3);
	T_EQ_INT(U.err.data[0], 2);
	reset_bufs();
	base_attrs(SK_NH, 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("missing NEXT_HOP", BGP_UPD_WITHDRAW, 3, 3);
	T_EQ_INT(U.err.data[0], 3);
	/* only an unknown transitive attribute with NLRI (CVE-2023-46753) */
	reset_bufs();
	battr(&A, 0xc0, 99, "\1", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("only unknown attribute", BGP_UPD_WITHDRAW, 3, 3);
	/* NLRI without any attribute (CVE-2023-41358 class) */
	reset_bufs();
	base_nlri();
	decode(&ctx4e);
	CHECK("NLRI without attributes", BGP_UPD_WITHDRAW, 3, 3);
	T_EQ_INT(U.nwithdrawn, 1);
	/* withdrawals only: no attributes needed */
	reset_bufs();
	bmem(&W, "\x10\x0a\x01\x00", 4);
	decode(&ctx4e);
	CHECK("withdraw only", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.nwithdrawn, 2);
	T_ASSERT(has_pfx(U.withdrawn, U.nwithdrawn, "0.0.0.0/0"));
	T_EQ_INT(U.eor_afs, 0);

	/* duplicates, 3(g): first kept */
	reset_bufs();
	base_attrs(0, 1);
	battr(&A, 0x40, 1, "\2", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("duplicate ORIGIN", BGP_UPD_OK, 0, 0);
	T_EQ_INT(U.ndiscarded, 1);
	T_ASSERT(U.attrs != NULL && U.attrs->origin == 0 &&
	    U.attrs->ncodes == 4);
	/* a malformed duplicate doesn't matter either */
	reset_bufs();
	base_attrs(0, 1);
	battr(&A, 0x40, 1, "\2\2", 2);
	base_nlri();
	decode(&ctx4e);
	CHECK("malformed duplicate ORIGIN", BGP_UPD_OK, 0, 0);

	/* strongest action wins, 3(h); the first of equal ones reported */
	reset_bufs();
	base_attrs(SK_ORIGIN, 1);
	battr(&A, 0x40, 6, "\1", 1);
	battr(&A, 0x40, 1, "\5", 1);
	battr(&A, 0x80, 4, "\1", 1);
	base_nlri();
	decode(&ctx4e);
	CHECK("discard + withdraw", BGP_UPD_WITHDRAW, 3, 6);
	T_EQ_INT(U.ndiscarded, 1);
	reset_bufs();
	base_attrs(0, 1);
	battr(&A, 0x80, 4, "\1", 1);
	battr(&A, 0x80, 15, "\0\2", 2);
	base_nlri();
	decode(&ctx4e);
	CHECK("withdraw + reset", BGP_UPD_RESET, 3, 9);
	T_EQ_INT(U.nwithdrawn + U.nnlri, 0);

	/* host bits are masked, not rejected */
	reset_bufs();
	base_attrs(0, 1);
	bmem(&N, "\x10\x0a\x01\x18\x0a\x02\x03\x01\xff", 9);
	decode(&ctx4e);
	CHECK("host bits", BGP_UPD_OK, 0, 0);
	T_ASSERT(has_pfx(U.nlri, U.nnlri, "10.2.3.0/24"));
	T_ASSERT(has_pfx(U.nlri, U.nnlri, "128.0.0.0/1"));
	T_EQ_INT(U.nnlri, 3);

	/* NEXT_HOP without IPv4 NLRI is ignored (RFC 4760 3) */
	reset_bufs();
	base_attrs(SK_NH, 1);
	battr(&A, 0x40, 3, "\0\0\0\0\0", 5);
	bmem(&W, "\x08\x0a", 2);
	decode(&ctx4e);
	CHECK("bad NEXT_HOP without NLRI", BGP_UPD_OK, 0, 0);
}

/* ---- Robustness ---- */

static size_t
rich_body(uint8_t *out, const struct bgp_codec_ctx *ctx, int v6)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_attrs	*a = rich_attrs(!ctx->ebgp);
	struct xprefix		 p[4];
	size_t			 n;

	if (v6) {
		prefix_parse("2001:db8::/32", &p[0], 0);
		prefix_parse("2001:db8:5::/48", &p[1], 0);
		prefix_parse("2001:db8:6:7::/64", &p[2], 0);
		addr_parse("2001:db8::1", &a->nexthop);
		addr_parse("fe80::1", &a->nexthop_ll);
	} else {
		pfx4(&p[0], 10, 1, 0, 0, 16);
		pfx4(&p[1], 10, 2, 3, 0, 24);
		pfx4(&p[2], 10, 2, 3, 128, 25);
	}
	bgp_update_encode_announce(&wb, ctx, a, p, 3);
	n = wb.len - BGP_HDR_LEN;
	memcpy(out, wb.buf + BGP_HDR_LEN, n);
	wbuf_free(&wb);
	bgp_attrs_unref(a);
	return n;
}

static void
invariants(const char *what)
{
	int	 ok = 1;

	switch (U.action) {
	case BGP_UPD_OK:
		ok = (U.nnlri > 0) == (U.attrs != NULL);
		break;
	case BGP_UPD_WITHDRAW:
		ok = U.nnlri == 0 && U.attrs == NULL && U.err.code == 3;
		break;
	case BGP_UPD_RESET:
		ok = U.nnlri == 0 && U.nwithdrawn == 0 && U.attrs == NULL &&
		    U.err.code == 3;
		break;
	}
	if (ok)
		t_passed++;
	else {
		t_failed++;
		fprintf(stderr, "FAIL invariants after %s: action %d\n", what,
		    U.action);
	}
}

static uint32_t
xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_robustness(void)
{
	static uint8_t		 orig[8192], m[8192];
	const struct bgp_codec_ctx *ctxs[] = { &ctx4i, &ctx4e, &ctx2i, &ctx2e,
	    &ctx4only };
	size_t			 olen, i, k, c, v6, flips;
	uint32_t		 seed = 0x12345678;
	int			 bad = 0;

	for (v6 = 0; v6 < 2; v6++)
		for (c = 0; c < 4; c++) {
			olen = rich_body(orig, ctxs[c], (int)v6);
			/* sanity: the rich message itself is fine */
			bgp_update_free(&U);
			bgp_update_decode(orig, olen, ctxs[c], &U);
			CHECK("rich message", BGP_UPD_OK, 0, 0);
			T_EQ_INT(U.nnlri, 3);
			/* truncation sweep: every prefix of the body */
			for (i = 0; i <= olen; i++) {
				memcpy(m, orig, i);
				bgp_update_free(&U);
				if (bgp_update_decode(m, i, ctxs[c], &U) != 0)
					bad++;
				invariants("truncation");
			}
			/* random mutations */
			for (k = 0; k < 1500; k++) {
				memcpy(m, orig, olen);
				flips = 1 + xorshift(&seed) % 4;
				for (i = 0; i < flips; i++)
					m[xorshift(&seed) % olen] =
					    (uint8_t)xorshift(&seed);
				bgp_update_free(&U);
				if (bgp_update_decode(m, olen - (k % 7 == 0 ?
				    xorshift(&seed) % olen : 0),
				    ctxs[(c + k) % 5], &U) != 0)
					bad++;
				invariants("mutation");
			}
		}
	T_EQ_INT(bad, 0);
}

int
main(void)
{
	test_attr_helpers();
	test_roundtrip_rich();
	test_roundtrip_communities();
	test_roundtrip_aspath();
	test_as4_merge();
	test_roundtrip_v6();
	test_unknown_attrs();
	test_packing();
	test_malformed_structure();
	test_malformed_attrs();
	test_malformed_mp();
	test_malformed_misc();
	test_robustness();
	bgp_update_free(&U);
	free(allp);
	return T_DONE();
}
