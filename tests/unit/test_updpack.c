/*
 * test_updpack: the UPDATE packer.  Batches of announcements over many
 * attribute sets and of withdrawals are encoded, every message is
 * decoded again, and the decoded prefix -> attributes mapping must be
 * exactly the batch, in no more messages per set than the codec can fit,
 * none longer than the session's maximum (4096, 65535), IPv6 in
 * MP_REACH / MP_UNREACH.  Every test ends with no attribute set left
 * referenced by the packer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/proto.h"
#include "core/bgp/updpack.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"
#include "tests/unit/t.h"

#define NPFX	10000
#define NSETS	50

/* Set i: MED i (how a decoded message is traced back to its set). */
static struct bgp_attrs *
mkset(unsigned i, int v6, int with_nh)
{
	struct bgp_attrs	*a;
	uint32_t		 asns[3] = { 65001, 65100 + i, 65200 + i % 7 };

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_MED);
	if (!v6)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = (uint8_t)(i % 3);
	a->med = i;
	if (bgp_attrs_set_aspath(a, asns, 1 + i % 3) == -1)
		abort();
	if (i % 5 == 0) {
		if ((a->communities = calloc(2, sizeof(uint32_t))) == NULL)
			abort();
		a->communities[0] = 65001u << 16 | i;
		a->communities[1] = 65001u << 16 | 999;
		a->ncommunities = 2;
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	}
	if (with_nh) {
		if (addr_parse(v6 ? "2001:db8::1" : "192.0.2.1",
		    &a->nexthop) == -1)
			abort();
		a->nexthop.a[v6 ? 15 : 3] = (uint8_t)(1 + i % 200);
	}
	if ((a = bgp_attrs_intern(a)) == NULL)
		abort();
	return a;
}

/* Prefix k: 10.k/24 style for IPv4 (k < 65536), 2001:db8:k::/48. */
static struct xprefix
mkpfx(unsigned k, int v6)
{
	struct xprefix	 p;

	memset(&p, 0, sizeof(p));
	if (v6) {
		p.addr.af = AF_V6;
		p.addr.a[0] = 0x20;
		p.addr.a[1] = 0x01;
		p.addr.a[2] = 0x0d;
		p.addr.a[3] = 0xb8;
		p.addr.a[4] = (uint8_t)(k >> 8);
		p.addr.a[5] = (uint8_t)k;
		p.len = 48;
	} else {
		p.addr.af = AF_V4;
		p.addr.a[0] = 10;
		p.addr.a[1] = (uint8_t)(k >> 8);
		p.addr.a[2] = (uint8_t)k;
		p.len = 24;
	}
	return p;
}

static unsigned
pfx_key(const struct xprefix *p)
{
	if (p->addr.af == AF_V6)
		return (unsigned)p->addr.a[4] << 8 | p->addr.a[5];
	return (unsigned)p->addr.a[1] << 8 | p->addr.a[2];
}

/* NLRI bytes of one prefix. */
static size_t
pfx_bytes(const struct xprefix *p)
{
	return 1 + ((size_t)p->len + 7) / 8;
}

static struct bgp_codec_ctx
mkctx(size_t maxlen)
{
	struct bgp_codec_ctx	 c;

	memset(&c, 0, sizeof(c));
	c.as4 = 1;
	c.ebgp = 1;
	c.afs = BGP_AF_V4U | BGP_AF_V6U;
	c.maxlen = maxlen;
	c.local_as = 65000;
	return c;
}

/*
 * How many prefixes of the size of p fit in one message with attrs a:
 * the length of a message with one prefix, less that prefix, is the
 * fixed cost (one more byte for MP_REACH's length growing to 2 bytes).
 */
static size_t
fit(const struct bgp_codec_ctx *ctx, struct bgp_attrs *a,
    const struct xprefix *p)
{
	struct wbuf	 b = WBUF_INIT;
	size_t		 fixed;

	if (bgp_update_encode_announce(&b, ctx, a, p, 1) == -1)
		abort();
	fixed = b.len - pfx_bytes(p) + (p->addr.af == AF_V6 ? 1 : 0);
	wbuf_free(&b);
	return (ctx->maxlen - fixed) / pfx_bytes(p);
}

/* What came out of a decode: per prefix key, the set index + 1. */
struct result {
	int		 got[65536];	/* set + 1, 0 none, -1 twice */
	unsigned	 wd[65536];	/* times withdrawn */
	size_t		 msgs_of_set[NSETS];
	size_t		 msgs, bad, toolong;
	size_t		 mpreach;	/* IPv6 announcements seen */
};

static void
decode_all(const struct wbuf *b, const struct bgp_codec_ctx *ctx,
    struct bgp_attrs **sets, size_t nsets, struct result *r)
{
	struct bgp_update	 up;
	const uint8_t		*m;
	size_t			 off = 0, len, i, s;
	unsigned		 k;

	memset(r, 0, sizeof(*r));
	while (updpack_next_msg(b, &off, &m, &len)) {
		r->msgs++;
		if (len > ctx->maxlen)
			r->toolong++;
		if (m[18] != BGP_MSG_UPDATE) {
			r->bad++;
			continue;
		}
		memset(&up, 0, sizeof(up));
		if (bgp_update_decode(m + BGP_HDR_LEN, len - BGP_HDR_LEN, ctx,
		    &up) == -1 || up.action != BGP_UPD_OK) {
			r->bad++;
			bgp_update_free(&up);
			continue;
		}
		for (i = 0; i < up.nwithdrawn; i++)
			r->wd[pfx_key(&up.withdrawn[i])]++;
		if (up.nnlri > 0) {
			if (up.attrs == NULL || !(up.attrs->present &
			    BGP_ATTRBIT(BGP_ATTR_MED)) ||
			    up.attrs->med >= nsets) {
				r->bad++;
				bgp_update_free(&up);
				continue;
			}
			s = up.attrs->med;
			/* the set must come back whole */
			if (!bgp_attrs_equal(up.attrs, sets[s]))
				r->bad++;
			r->msgs_of_set[s]++;
			if (up.nlri[0].addr.af == AF_V6)
				r->mpreach++;
			for (i = 0; i < up.nnlri; i++) {
				k = pfx_key(&up.nlri[i]);
				r->got[k] = r->got[k] ? -1 : (int)s + 1;
			}
		}
		bgp_update_free(&up);
	}
	if (off != b->len)
		r->bad++;
}

static struct result	 R;

/*
 * npfx prefixes over nsets sets (prefix k to set (k * 7) % nsets, so the
 * sets interleave), nwd withdrawals of further prefixes.
 */
static void
run(size_t maxlen, int v6, size_t npfx, size_t nsets, size_t nwd)
{
	struct bgp_codec_ctx	 ctx = mkctx(maxlen);
	struct bgp_attrs	*sets[NSETS];
	struct updpack		 u;
	struct updpack_stats	 st;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	size_t			 k, s, per[NSETS], ok, lim, over = 0;
	size_t			 fails = 0;

	for (s = 0; s < nsets; s++) {
		sets[s] = mkset((unsigned)s, v6, 1);
		per[s] = 0;
	}
	updpack_init(&u);
	for (k = 0; k < npfx; k++) {
		p = mkpfx((unsigned)k, v6);
		s = (k * 7) % nsets;
		per[s]++;
		fails += updpack_announce(&u, sets[s], &p) != 0;
	}
	for (k = 0; k < nwd; k++) {
		p = mkpfx((unsigned)(npfx + k), v6);
		fails += updpack_withdraw(&u, &p) != 0;
	}
	T_EQ_INT(fails, 0);
	T_EQ_INT(updpack_count(&u), npfx + nwd);
	T_EQ_INT(u.nsets, nsets);
	T_EQ_INT(updpack_encode(&u, &ctx, &b, &st), 0);
	T_EQ_INT(st.announced, npfx);
	T_EQ_INT(st.withdrawn, nwd);
	T_EQ_INT(st.unsendable, 0);

	decode_all(&b, &ctx, sets, nsets, &R);
	T_EQ_INT(R.msgs, st.msgs);
	T_EQ_INT(R.bad, 0);
	T_EQ_INT(R.toolong, 0);
	for (ok = 0, k = 0; k < npfx; k++)
		if (R.got[k] == (int)((k * 7) % nsets) + 1 && R.wd[k] == 0)
			ok++;
	T_EQ_INT(ok, npfx);
	for (ok = 0, k = npfx; k < npfx + nwd; k++)
		if (R.wd[k] == 1 && R.got[k] == 0)
			ok++;
	T_EQ_INT(ok, nwd);
	/* at most ceil(prefixes of the set / what fits) per set */
	p = mkpfx(0, v6);
	for (s = 0; s < nsets; s++) {
		lim = (per[s] + fit(&ctx, sets[s], &p) - 1) /
		    fit(&ctx, sets[s], &p);
		if (R.msgs_of_set[s] > lim) {
			over++;
			fprintf(stderr, "set %zu: %zu messages, limit %zu\n",
			    s, R.msgs_of_set[s], lim);
		}
	}
	T_EQ_INT(over, 0);
	/* IPv6: every announcement in MP_REACH (the decoder saw IPv6 NLRI
	   in each message carrying any) */
	for (ok = 0, s = 0; s < nsets; s++)
		ok += R.msgs_of_set[s];
	T_EQ_INT(R.mpreach, v6 ? ok : 0);

	/* reset drops the packer's references; the arrays are reused */
	for (s = 0; s < nsets; s++)
		T_EQ_INT(sets[s]->refcnt, 2);
	updpack_reset(&u);
	T_EQ_INT(updpack_count(&u), 0);
	for (s = 0; s < nsets; s++)
		T_EQ_INT(sets[s]->refcnt, 1);
	wbuf_free(&b);
	updpack_free(&u);
	for (s = 0; s < nsets; s++)
		bgp_attrs_unref(sets[s]);
}

/* Only withdrawals: packed to the brim. */
static void
test_withdraw_only(size_t maxlen, int v6)
{
	struct bgp_codec_ctx	 ctx = mkctx(maxlen);
	struct updpack		 u;
	struct updpack_stats	 st;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	size_t			 k, ok, per, n = NPFX, fails = 0;

	updpack_init(&u);
	for (k = 0; k < n; k++) {
		p = mkpfx((unsigned)k, v6);
		fails += updpack_withdraw(&u, &p) != 0;
	}
	T_EQ_INT(fails, 0);
	T_EQ_INT(updpack_encode(&u, &ctx, &b, &st), 0);
	decode_all(&b, &ctx, NULL, 0, &R);
	T_EQ_INT(R.bad, 0);
	T_EQ_INT(R.toolong, 0);
	for (ok = 0, k = 0; k < n; k++)
		ok += R.wd[k] == 1;
	T_EQ_INT(ok, n);
	/* header 19, two length fields 4 (+ MP_UNREACH 4 + AFI/SAFI 3) */
	per = (maxlen - 23 - (v6 ? 7 : 0)) / pfx_bytes(&p);
	T_ASSERT(st.msgs <= (n + per - 1) / per);
	T_EQ_INT(st.msgs, R.msgs);
	wbuf_free(&b);
	updpack_free(&u);
}

/* An IPv6 set without a next hop can't go into MP_REACH: withdrawn. */
static void
test_unsendable(void)
{
	struct bgp_codec_ctx	 ctx = mkctx(BGP_MAX_LEN);
	struct bgp_attrs	*good = mkset(1, 1, 1), *bad = mkset(2, 1, 0);
	struct bgp_attrs	*sets[3] = { NULL, good, bad };
	struct updpack		 u;
	struct updpack_stats	 st;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	unsigned		 k;

	updpack_init(&u);
	for (k = 0; k < 10; k++) {
		p = mkpfx(k, 1);
		updpack_announce(&u, k < 5 ? good : bad, &p);
	}
	T_EQ_INT(updpack_encode(&u, &ctx, &b, &st), 0);
	T_EQ_INT(st.announced, 5);
	T_EQ_INT(st.unsendable, 5);
	T_EQ_INT(st.withdrawn, 5);
	decode_all(&b, &ctx, sets, 3, &R);
	T_EQ_INT(R.bad, 0);
	for (k = 0; k < 10; k++) {
		T_EQ_INT(R.got[k], k < 5 ? 2 : 0);
		T_EQ_INT(R.wd[k], k < 5 ? 0 : 1);
	}
	wbuf_free(&b);
	updpack_free(&u);
	bgp_attrs_unref(good);
	bgp_attrs_unref(bad);
}

/* The same set announced under equal but distinct pointers would be two
 * runs: the packer keys on the interned pointer, one run per set. */
static void
test_grouping_by_pointer(void)
{
	struct bgp_codec_ctx	 ctx = mkctx(BGP_MAX_LEN);
	struct bgp_attrs	*a = mkset(3, 0, 1), *b2 = mkset(3, 0, 1);
	struct bgp_attrs	*sets[4] = { NULL, NULL, NULL, a };
	struct updpack		 u;
	struct updpack_stats	 st;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	unsigned		 k;

	T_ASSERT(a == b2);	/* interned */
	updpack_init(&u);
	for (k = 0; k < 100; k++) {
		p = mkpfx(k, 0);
		updpack_announce(&u, k % 2 ? a : b2, &p);
	}
	T_EQ_INT(u.nsets, 1);
	T_EQ_INT(updpack_encode(&u, &ctx, &b, &st), 0);
	T_EQ_INT(st.msgs, 1);
	decode_all(&b, &ctx, sets, 4, &R);
	T_EQ_INT(R.msgs_of_set[3], 1);
	T_EQ_INT(R.bad, 0);
	wbuf_free(&b);
	updpack_free(&u);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b2);
}

/* An empty batch encodes nothing. */
static void
test_empty(void)
{
	struct bgp_codec_ctx	 ctx = mkctx(BGP_MAX_LEN);
	struct updpack		 u;
	struct updpack_stats	 st;
	struct wbuf		 b = WBUF_INIT;

	updpack_init(&u);
	T_EQ_INT(updpack_encode(&u, &ctx, &b, &st), 0);
	T_EQ_INT(b.len, 0);
	T_EQ_INT(st.msgs, 0);
	updpack_free(&u);
	wbuf_free(&b);
}

int
main(void)
{
	struct bgp_attrs_intern_stats	 is;

	run(BGP_MAX_LEN, 0, NPFX, NSETS, 500);
	run(BGP_EXT_MAX_LEN, 0, NPFX, NSETS, 500);
	run(BGP_MAX_LEN, 1, NPFX, NSETS, 0);
	run(BGP_EXT_MAX_LEN, 1, NPFX, NSETS, 0);
	run(BGP_MAX_LEN, 1, 2000, 10, 300);
	run(BGP_MAX_LEN, 0, 1, 1, 0);
	test_withdraw_only(BGP_MAX_LEN, 0);
	test_withdraw_only(BGP_EXT_MAX_LEN, 0);
	test_withdraw_only(BGP_MAX_LEN, 1);
	test_unsendable();
	test_grouping_by_pointer();
	test_empty();
	bgp_attrs_intern_stats(&is, 0);
	T_EQ_INT(is.sets, 0);
	return T_DONE();
}
