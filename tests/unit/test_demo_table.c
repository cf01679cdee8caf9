/*
 * Unit tests for demo/peer_table.c and peer_enc.c: the demo speakers'
 * tables are deterministic, of the promised size and shape (overlap
 * between the providers with the same origin AS, paths starting with the
 * provider's AS, ~3% tagged 65001:666, some MEDs at provider-b, no
 * special-use or customer space), the customer table is exactly the six
 * routes the demo policies act on, and the encoded UPDATEs decode back to
 * the same routes, packed (far fewer messages than prefixes, some full).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/proto.h"
#include "core/bgp/wire.h"
#include "demo/demo.h"
#include "demo/peer_table.h"
#include "tests/unit/t.h"

/* The brief's list, written independently of the generator's. */
static const char *const bogons[] = {
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
	"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
	"192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
	"203.0.113.0/24", "224.0.0.0/3",
};

static uint32_t
v4(const struct xaddr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	    (uint32_t)a->a[2] << 8 | a->a[3];
}

static int
overlaps_bogon(uint32_t addr, unsigned len)
{
	struct xprefix	 b;
	uint32_t	 m;
	unsigned	 l;
	size_t		 i;

	for (i = 0; i < sizeof(bogons) / sizeof(bogons[0]); i++) {
		if (prefix_parse(bogons[i], &b, 0) == -1)
			abort();
		l = len < b.len ? len : b.len;
		m = l == 0 ? 0 : 0xffffffffu << (32 - l);
		if (((addr ^ v4(&b.addr)) & m) == 0)
			return 1;
	}
	return 0;
}

static struct demo_table
build(const char *role)
{
	struct demo_table	 t;
	char			 err[128];

	if (demo_table_build(demo_role_find(role), &t, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "build %s: %s\n", role, err);
		abort();
	}
	return t;
}

static const struct demo_route *
find(const struct demo_table *t, uint32_t addr, unsigned len)
{
	size_t	 lo = 0, hi = t->n, m;

	while (lo < hi) {		/* sorted by (addr, len) */
		m = lo + (hi - lo) / 2;
		if (t->r[m].addr < addr ||
		    (t->r[m].addr == addr && t->r[m].len < len))
			lo = m + 1;
		else
			hi = m;
	}
	return lo < t->n && t->r[lo].addr == addr && t->r[lo].len == len ?
	    &t->r[lo] : NULL;
}

static int
has_comm(const struct demo_route *r, uint32_t c)
{
	unsigned	 i;

	for (i = 0; i < r->ncomm; i++)
		if (r->comm[i] == c)
			return 1;
	return 0;
}

static void
test_determinism(void)
{
	struct demo_table	 a = build("provider-a");
	struct demo_table	 b = build("provider-a");

	T_EQ_INT(a.n, b.n);
	T_ASSERT(a.n == b.n && memcmp(a.r, b.r, a.n * sizeof(*a.r)) == 0);
	demo_table_free(&a);
	demo_table_free(&b);
}

/* Shape of one provider's table; returns nothing, asserts. */
static void
check_provider(const struct demo_table *t, uint32_t asn, size_t lo,
    size_t hi)
{
	size_t		 i, bogon = 0, badfirst = 0, dup = 0, noexp = 0;
	size_t		 med = 0, len24 = 0, big = 0, badpath = 0, incompl = 0;
	size_t		 own = 0;
	unsigned	 k;
	const struct demo_route *r;

	T_ASSERT(t->n >= lo && t->n <= hi);
	for (i = 0; i < t->n; i++) {
		r = &t->r[i];
		bogon += overlaps_bogon(r->addr, r->len);
		badfirst += r->npath == 0 || r->path[0] != asn;
		badpath += r->npath < 2 || r->npath > DEMO_PATH_MAX ||
		    (r->addr & ~(r->len == 0 ? 0 :
		    0xffffffffu << (32 - r->len))) != 0;
		if (i > 0 && r->addr == t->r[i - 1].addr &&
		    r->len == t->r[i - 1].len)
			dup++;
		noexp += has_comm(r, 65001u << 16 | 666);
		med += r->has_med;
		len24 += r->len == 24;
		big += r->len <= 15;
		incompl += r->origin == BGP_ORIGIN_INCOMPLETE;
		for (k = 0; k < r->ncomm && r->comm[k] >> 16 != asn; k++)
			;
		own += k < r->ncomm;
	}
	T_EQ_INT(bogon, 0);
	T_EQ_INT(badfirst, 0);
	T_EQ_INT(badpath, 0);
	T_EQ_INT(dup, 0);
	T_EQ_INT(own, t->n);		/* informational community in own AS */
	/* ~3% with 65001:666 */
	T_ASSERT(noexp * 1000 >= t->n * 20 && noexp * 1000 <= t->n * 40);
	/* mostly /24, a few big blocks, some INCOMPLETE */
	T_ASSERT(len24 * 2 > t->n);
	T_ASSERT(big > 0 && big * 100 < t->n);
	T_ASSERT(incompl > 0 && incompl * 4 < t->n);
	if (asn == 174)
		T_ASSERT(med * 100 >= t->n * 20 && med * 100 <= t->n * 40);
	else
		T_EQ_INT(med, 0);
}

static void
test_providers(void)
{
	struct demo_table	 a = build("provider-a");
	struct demo_table	 b = build("provider-b");
	const struct demo_route	*ra, *rb;
	size_t			 i, both = 0, diffpath = 0, sameorig = 0;
	size_t			 via = 0, prepend = 0;
	unsigned		 k;

	check_provider(&a, 1299, 37000, 43000);
	check_provider(&b, 174, 32000, 38000);
	for (i = 0; i < a.n; i++) {
		ra = &a.r[i];
		for (k = 1; k < ra->npath; k++) {
			via += ra->path[k] == 3356 || ra->path[k] == 2914 ||
			    ra->path[k] == 6939;
			prepend += ra->path[k] == ra->path[k - 1];
		}
		if ((rb = find(&b, ra->addr, ra->len)) == NULL)
			continue;
		both++;
		sameorig += ra->path[ra->npath - 1] == rb->path[rb->npath - 1];
		diffpath += ra->npath != rb->npath ||
		    memcmp(ra->path + 1, rb->path + 1,
		    (ra->npath - 2) * sizeof(uint32_t)) != 0;
	}
	/* about half the universe is at both */
	T_ASSERT(both >= 22000 && both <= 28000);
	T_EQ_INT(sameorig, both);
	T_ASSERT(diffpath * 10 >= both * 7);
	T_ASSERT(via > 1000);
	T_ASSERT(prepend > 100);
	demo_table_free(&a);
	demo_table_free(&b);
}

/*
 * Pinned: the bats test (tests/bats/demo_peer.bats) and the demo's
 * documentation name this prefix; a change to the generator that moves
 * it must be deliberate.
 */
static void
test_pinned(void)
{
	static const uint32_t	 pa[] = { 1299, 3356, 7650, 13063 };
	static const uint32_t	 pb[] = { 174, 6939, 9022, 13063 };
	struct demo_table	 a = build("provider-a");
	struct demo_table	 b = build("provider-b");
	const struct demo_route	*ra = find(&a, 0x0185cb00, 24);	/* 1.133.203.0 */
	const struct demo_route	*rb = find(&b, 0x0185cb00, 24);

	T_EQ_INT(a.n, 39935);
	T_EQ_INT(b.n, 35122);
	T_ASSERT(ra != NULL && ra->npath == 4 &&
	    memcmp(ra->path, pa, sizeof(pa)) == 0);
	T_ASSERT(rb != NULL && rb->npath == 4 &&
	    memcmp(rb->path, pb, sizeof(pb)) == 0);
	demo_table_free(&a);
	demo_table_free(&b);
}

static void
test_customer(void)
{
	struct demo_table	 c = build("customer");
	static const struct {
		const char	*pfx;
		uint32_t	 comm;	/* 0: none */
	} want[] = {
		{ "192.0.2.0/24", 65001u << 16 | 100 },
		{ "198.51.100.0/24", 65001u << 16 | 1000 },
		{ "198.51.100.0/25", 0 },
		{ "198.51.100.64/27", 0 },
		{ "198.51.100.128/26", 65001u << 16 | 2000 },
		{ "203.0.113.0/24", 0 },
	};
	const struct demo_route	*r;
	struct xprefix		 p;
	size_t			 i;

	T_EQ_INT(c.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (prefix_parse(want[i].pfx, &p, 0) == -1)
			abort();
		r = find(&c, v4(&p.addr), p.len);
		T_ASSERT(r != NULL);
		if (r == NULL)
			continue;
		T_ASSERT(r->npath == 1 && r->path[0] == 64500);
		T_EQ_INT(r->ncomm, want[i].comm != 0);
		if (want[i].comm != 0)
			T_ASSERT(has_comm(r, want[i].comm));
	}
	demo_table_free(&c);
}

static void
test_reserved(void)
{
	T_ASSERT(demo_table_reserved(0xc0a80100, 24));	/* 192.168.1/24 */
	T_ASSERT(demo_table_reserved(0xc0000000, 8));	/* 192/8 covers */
	T_ASSERT(demo_table_reserved(0xf0000000, 4));
	T_ASSERT(!demo_table_reserved(0x01010100, 24));	/* 1.1.1.0/24 */
	T_ASSERT(!demo_table_reserved(0x64000000, 10));	/* 100.0/10 */
	T_ASSERT(demo_table_reserved(0x64400000, 12));	/* 100.64/12 */
}

/* Encodes the table and decodes it back: every route once, packed. */
static void
test_encode(void)
{
	struct demo_table	 a = build("provider-b");
	struct bgp_codec_ctx	 ctx;
	struct wbuf		 out = WBUF_INIT;
	struct bgp_msghdr	 h;
	struct bgp_err		 err;
	struct bgp_update	 up;
	const struct demo_route	*r;
	size_t			 nmsgs, off = 0, msgs = 0, pfx = 0, bad = 0;
	size_t			 full = 0, i;
	struct strbuf		 sb = STRBUF_INIT;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	ctx.local_as = 174;
	T_EQ_INT(demo_table_encode(&a, &ctx, 0x7f000003, &out, &nmsgs), 0);
	while (off < out.len &&
	    bgp_msg_frame(out.buf + off, out.len - off, BGP_MAX_LEN, &h,
	    &err) == 1) {
		bad += h.type != BGP_MSG_UPDATE;
		memset(&up, 0, sizeof(up));
		if (bgp_update_decode(out.buf + off + BGP_HDR_LEN,
		    h.len - BGP_HDR_LEN, &ctx, &up) == -1)
			abort();
		msgs++;
		full += h.len > BGP_MAX_LEN - 100;
		for (i = 0; i < up.nnlri; i++) {
			pfx++;
			r = find(&a, v4(&up.nlri[i].addr), up.nlri[i].len);
			if (r == NULL || up.attrs == NULL ||
			    bgp_aspath_first(up.attrs->aspath,
			    up.attrs->aspath_len) != 174 ||
			    bgp_aspath_length(up.attrs->aspath,
			    up.attrs->aspath_len) != r->npath ||
			    up.attrs->ncommunities != r->ncomm ||
			    v4(&up.attrs->nexthop) != 0x7f000003 ||
			    !!(up.attrs->present &
			    BGP_ATTRBIT(BGP_ATTR_MED)) != r->has_med) {
				if (bad++ == 0 && up.attrs != NULL) {
					bgp_aspath_format(up.attrs->aspath,
					    up.attrs->aspath_len, &sb);
					fprintf(stderr, "mismatch: path %s\n",
					    sb_str(&sb));
				}
			}
		}
		bad += up.action != BGP_UPD_OK;
		bgp_update_free(&up);
		off += h.len;
	}
	T_EQ_INT(off, out.len);
	T_EQ_INT(msgs, nmsgs);
	T_EQ_INT(pfx, a.n);
	T_EQ_INT(bad, 0);
	/* packed: far fewer messages than prefixes, some of them full */
	T_ASSERT(nmsgs * 2 < a.n);
	T_ASSERT(full > 0);
	sb_free(&sb);
	wbuf_free(&out);
	demo_table_free(&a);
}

int
main(void)
{
	test_determinism();
	test_providers();
	test_pinned();
	test_customer();
	test_reserved();
	test_encode();
	return T_DONE();
}
