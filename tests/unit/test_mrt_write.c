/*
 * test_mrt_write: the MRT record encoders (core/bgp/mrt_write.c) against
 * bytes computed by hand from RFC 6396 and RFC 8050, and the records read
 * back through our own reader (mrt_read.c); the mrt-dump configuration
 * checks (core/config/mrtdump_cfg.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/mrt_read.h"
#include "core/bgp/mrt_write.h"
#include "core/bgp/proto.h"
#include "core/config/mrtdump_cfg.h"
#include "t.h"

static int
same(const struct wbuf *b, const uint8_t *want, size_t n)
{
	size_t	 i;

	if (b->len != n) {
		fprintf(stderr, "length %zu, want %zu\n", b->len, n);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (b->buf[i] != want[i]) {
			fprintf(stderr, "byte %zu: %02x, want %02x\n", i,
			    b->buf[i], want[i]);
			return 0;
		}
	return 1;
}

static void
addr4(struct xaddr *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_V4;
	a->a[0] = x;
	a->a[1] = y;
	a->a[2] = z;
	a->a[3] = w;
}

static void
test_peer_index(void)
{
	static const uint8_t want[] = {
		0x5f, 0x5e, 0x10, 0x00, 0x00, 0x0d, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x2f,
		0x0a, 0x00, 0x00, 0x01, 0x00, 0x01, 'v', 0x00, 0x02,
		/* IPv4 peer, AS4 */
		0x02, 0x01, 0x02, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,
		0x00, 0x00, 0xfd, 0xe9,
		/* IPv6 peer, AS4 */
		0x03, 0x00, 0x00, 0x00, 0x05,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0xfa, 0x56, 0xea, 0x00,
	};
	struct mrtw_peer	 p[2];
	struct wbuf		 b = WBUF_INIT;

	memset(p, 0, sizeof(p));
	addr4(&p[0].addr, 192, 0, 2, 1);
	p[0].bgp_id = 0x01020304;
	p[0].asn = 65001;
	T_ASSERT(addr_parse("2001:db8::1", &p[1].addr) == 0);
	p[1].bgp_id = 5;
	p[1].asn = 4200000000u;
	T_EQ_INT(mrtw_peer_index(&b, 0x5f5e1000, 0x0a000001, "v", p, 2), 0);
	T_ASSERT(same(&b, want, sizeof(want)));
	wbuf_free(&b);
}

static void
test_rib(void)
{
	static const uint8_t want[] = {
		0x00, 0x00, 0x00, 0x64, 0x00, 0x0d, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x15,
		0x00, 0x00, 0x00, 0x07, 0x10, 0x0a, 0x01, 0x00, 0x01,
		0x00, 0x01, 0x00, 0x00, 0x00, 0x32, 0x00, 0x04,
		0x40, 0x01, 0x01, 0x00,
	};
	static const uint8_t want_ap[] = {
		0x00, 0x00, 0x00, 0x64, 0x00, 0x0d, 0x00, 0x08,
		0x00, 0x00, 0x00, 0x19,
		0x00, 0x00, 0x00, 0x07, 0x10, 0x0a, 0x01, 0x00, 0x01,
		0x00, 0x01, 0x00, 0x00, 0x00, 0x32, 0x00, 0x00, 0x00, 0x09,
		0x00, 0x04, 0x40, 0x01, 0x01, 0x00,
	};
	static const uint8_t origin[] = { 0x40, 0x01, 0x01, 0x00 };
	struct wbuf		 b = WBUF_INIT;
	struct mrtw_rib		 r;
	struct xprefix		 p;

	memset(&p, 0, sizeof(p));
	/* host bits past the length are cleared on the wire */
	addr4(&p.addr, 10, 1, 0xff, 0);
	p.len = 16;
	T_EQ_INT(mrtw_rib_begin(&b, &r, 100, 7, &p, 0), 0);
	T_EQ_INT(mrtw_rib_entry(&b, &r, 1, 50, 9, origin, sizeof(origin)),
	    0);
	T_EQ_INT(mrtw_rib_end(&b, &r), 0);
	T_ASSERT(same(&b, want, sizeof(want)));
	wbuf_reset(&b);
	T_EQ_INT(mrtw_rib_begin(&b, &r, 100, 7, &p, 1), 0);
	T_EQ_INT(mrtw_rib_entry(&b, &r, 1, 50, 9, origin, sizeof(origin)),
	    0);
	T_EQ_INT(mrtw_rib_end(&b, &r), 0);
	T_ASSERT(same(&b, want_ap, sizeof(want_ap)));
	/* a prefix length no family has */
	p.len = 33;
	T_EQ_INT(mrtw_rib_begin(&b, &r, 100, 7, &p, 0), -1);
	wbuf_free(&b);
}

static struct bgp_attrs *
mk_attrs(int v6)
{
	static const uint32_t	 asns[] = { 65001, 4200000000u };
	struct bgp_attrs	*a = bgp_attrs_new();

	if (a == NULL)
		return NULL;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = 0;
	if (bgp_attrs_set_aspath(a, asns, 2) == -1)
		return NULL;
	a->present |= BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	if ((a->communities = malloc(sizeof(uint32_t))) == NULL)
		return NULL;
	a->communities[0] = 65001u << 16 | 100;
	a->ncommunities = 1;
	a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	if (v6) {
		if (addr_parse("2001:db8::1", &a->nexthop) == -1)
			return NULL;
	} else
		addr4(&a->nexthop, 192, 0, 2, 1);
	return a;
}

static void
test_attrs(void)
{
	static const uint8_t want4[] = {
		0x40, 0x01, 0x01, 0x00,
		0x40, 0x02, 0x0a, 0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9,
		0xfa, 0x56, 0xea, 0x00,
		0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,
		0xc0, 0x08, 0x04, 0xfd, 0xe9, 0x00, 0x64,
	};
	/* RFC 6396 4.3.4: MP_REACH_NLRI is next-hop length and next hop */
	static const uint8_t want6[] = {
		0x80, 0x0e, 0x11, 0x10,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x40, 0x01, 0x01, 0x00,
		0x40, 0x02, 0x0a, 0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9,
		0xfa, 0x56, 0xea, 0x00,
		0xc0, 0x08, 0x04, 0xfd, 0xe9, 0x00, 0x64,
	};
	struct bgp_attrs	*a4 = mk_attrs(0), *a6 = mk_attrs(1);
	struct wbuf		 b = WBUF_INIT;

	T_ASSERT(a4 != NULL && a6 != NULL);
	if (a4 == NULL || a6 == NULL)
		return;
	T_EQ_INT(mrtw_attrs(&b, a4, AF_V4, 1), 0);
	T_ASSERT(same(&b, want4, sizeof(want4)));
	T_EQ_INT(mrtw_attrs(&b, a6, AF_V6, 1), 0);
	T_ASSERT(same(&b, want6, sizeof(want6)));
	/* iBGP keeps LOCAL_PREF, eBGP drops it */
	a4->local_pref = 200;
	a4->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	T_EQ_INT(mrtw_attrs(&b, a4, AF_V4, 1), 0);
	T_EQ_INT(b.len, sizeof(want4));
	T_EQ_INT(mrtw_attrs(&b, a4, AF_V4, 0), 0);
	T_EQ_INT(b.len, sizeof(want4) + 7);
	bgp_attrs_unref(a4);
	bgp_attrs_unref(a6);
	wbuf_free(&b);
}

static void
test_bgp4mp(void)
{
	static const uint8_t want_st[] = {
		0x00, 0x00, 0x03, 0xe8, 0x00, 0x11, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x05,
		0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0xfd, 0xe8,
		0x00, 0x00, 0x00, 0x01,
		0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x05, 0x00, 0x06,
	};
	uint8_t			 ka[19], want_msg[16 + 4 + 4 + 4 + 32 + 19];
	struct mrtw_sess	 s;
	struct wbuf		 b = WBUF_INIT;
	size_t			 o = 0;

	memset(&s, 0, sizeof(s));
	s.peer_as = 65001;
	s.local_as = 65000;
	addr4(&s.peer, 192, 0, 2, 1);	/* local unknown: zeros */
	T_EQ_INT(mrtw_bgp4mp_state(&b, 1000, 5, &s, 5, 6), 0);
	T_ASSERT(same(&b, want_st, sizeof(want_st)));

	memset(ka, 0xff, 16);
	ka[16] = 0;
	ka[17] = 19;
	ka[18] = 4;
	T_ASSERT(addr_parse("2001:db8::1", &s.peer) == 0);
	T_ASSERT(addr_parse("2001:db8::2", &s.local) == 0);
	wbuf_reset(&b);
	T_EQ_INT(mrtw_bgp4mp_msg(&b, 1000, 7, &s, 1, ka, sizeof(ka)), 0);
	memcpy(want_msg + o, "\x00\x00\x03\xe8\x00\x11\x00\x09\x00\x00\x00"
	    "\x43\x00\x00\x00\x07", 16);
	o += 16;
	memcpy(want_msg + o, "\x00\x00\xfd\xe9\x00\x00\xfd\xe8\x00\x00\x00"
	    "\x02", 12);
	o += 12;
	memcpy(want_msg + o, s.peer.a, 16);
	o += 16;
	memcpy(want_msg + o, s.local.a, 16);
	o += 16;
	memcpy(want_msg + o, ka, sizeof(ka));
	o += sizeof(ka);
	T_ASSERT(same(&b, want_msg, o));
	/* too short to be a BGP message */
	T_EQ_INT(mrtw_bgp4mp_msg(&b, 1000, 7, &s, 0, ka, 18), -1);
	wbuf_free(&b);
}

static void
test_update_afs(void)
{
	uint8_t	 m[64];

	memset(m, 0xff, 16);
	m[16] = 0;
	m[18] = 2;
	/* empty UPDATE: IPv4 End-of-RIB */
	memset(m + 19, 0, 4);
	m[17] = 23;
	T_EQ_INT(mrtw_update_afs(m, 23), 0);
	/* one IPv4 NLRI 10.0.0.0/8 */
	m[23] = 8;
	m[24] = 10;
	T_EQ_INT(mrtw_update_afs(m, 25), BGP_AF_V4U);
	/* MP_UNREACH_NLRI AFI 2 SAFI 1, nothing else */
	m[21] = 0;
	m[22] = 6;
	memcpy(m + 23, "\x80\x0f\x03\x00\x02\x01", 6);
	T_EQ_INT(mrtw_update_afs(m, 29), BGP_AF_V6U);
	/* an attribute length past the end: nothing trusted */
	m[22] = 60;
	T_EQ_INT(mrtw_update_afs(m, 29), 0);
}

/* A dump made of these records reads back through our own reader. */
static void
test_read_back(void)
{
	static const uint8_t origin_as[] = {
		0x40, 0x01, 0x01, 0x00,
		0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,
		0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,
	};
	struct mrtw_peer	 p;
	struct mrt_reader	*r;
	struct mrt_item		 it;
	struct mrtw_rib		 rib;
	struct xprefix		 px;
	struct wbuf		 b = WBUF_INIT;
	char			 err[256], s[PREFIX_STRLEN];

	memset(&p, 0, sizeof(p));
	addr4(&p.addr, 192, 0, 2, 1);
	p.bgp_id = 0xc0000201;
	p.asn = 65001;
	T_EQ_INT(mrtw_peer_index(&b, 1, 2, "default", &p, 1), 0);
	memset(&px, 0, sizeof(px));
	addr4(&px.addr, 198, 51, 100, 0);
	px.len = 24;
	T_EQ_INT(mrtw_rib_begin(&b, &rib, 1, 0, &px, 0), 0);
	T_EQ_INT(mrtw_rib_entry(&b, &rib, 0, 1, 0, origin_as,
	    sizeof(origin_as)), 0);
	T_EQ_INT(mrtw_rib_end(&b, &rib), 0);
	r = mrt_open_mem(b.buf, b.len, "mem", err, sizeof(err));
	T_ASSERT(r != NULL);
	if (r == NULL)
		return;
	T_EQ_INT(mrt_next(r, &it, err, sizeof(err)), 1);
	T_EQ_INT(it.kind, MRT_ITEM_RIB);
	prefix_format(&it.pfx, s, sizeof(s));
	T_EQ_STR(s, "198.51.100.0/24");
	T_EQ_INT(it.peer_as, 65001);
	T_EQ_INT(it.as4, 1);
	T_EQ_INT(it.len, sizeof(origin_as));
	T_EQ_INT(mrt_next(r, &it, err, sizeof(err)), 0);
	mrt_close(r);
	wbuf_free(&b);
}

/* The configuration side: names by the clock, the path checks. */
static void
test_cfg(void)
{
	struct mrtdump_cfg	 c;
	struct cfg_errors	 errs;
	struct strbuf		 sb = STRBUF_INIT;
	char			 name[64], err[256];

	T_EQ_INT(mrtdump_expand("/d/bview.%Y%m%d.%H%M", 1027381055, name,
	    sizeof(name)), 0);
	T_EQ_STR(name, "/d/bview.20020722.2337");
	T_EQ_INT(mrtdump_expand("", 0, name, sizeof(name)), -1);
	T_EQ_INT(mrtdump_expand("/a/very/long/name/that/does/not/fit/in/"
	    "sixty-four/characters/at/all", 0, name, sizeof(name)), -1);
	T_EQ_INT(mrtdump_check_path("/tmp/x.%Y", err, sizeof(err)), 0);
	T_EQ_INT(mrtdump_check_path("x.mrt", err, sizeof(err)), -1);
	T_EQ_STR(err, "File 'x.mrt' must be an absolute path");
	T_EQ_INT(mrtdump_check_path("/tmp/", err, sizeof(err)), -1);
	T_EQ_INT(mrtdump_check_path("/nonexistent-dir/%Y/x", err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "Directory '/nonexistent-dir' of file "
	    "'/nonexistent-dir/%Y/x': No such file or directory");
	/* an escape in the directory: only the part before it is checked */
	T_EQ_INT(mrtdump_check_path("/tmp/%Y/x", err, sizeof(err)), 0);

	memset(&c, 0, sizeof(c));
	T_ASSERT(mrtdump_cfg_empty(&c));
	c.d[MRTDUMP_UPDATES].set = 1;
	strlcpy(c.d[MRTDUMP_UPDATES].pattern, "/tmp/u.%s",
	    sizeof(c.d[0].pattern));
	c.d[MRTDUMP_UPDATES].interval = 300;
	c.d[MRTDUMP_TABLE].set = 1;
	strlcpy(c.d[MRTDUMP_TABLE].pattern, "rel", sizeof(c.d[0].pattern));
	c.d[MRTDUMP_TABLE].interval = 60;
	mrtdump_cfg_print(&c, &sb);
	T_EQ_STR(sb_str(&sb), "mrt-dump table file rel interval 60\n"
	    "mrt-dump updates file /tmp/u.%s interval 300\n");
	cfg_errors_init(&errs);
	T_EQ_INT(mrtdump_cfg_validate(&c, &errs), 1);
	T_EQ_INT(errs.n, 1);
	if (errs.n == 1) {
		T_EQ_STR(errs.v[0].path, "mrt-dump table file rel interval 60");
		T_EQ_STR(errs.v[0].msg, "File 'rel' must be an absolute path");
	}
	cfg_errors_free(&errs);
	sb_free(&sb);
}

int
main(void)
{
	test_peer_index();
	test_rib();
	test_attrs();
	test_bgp4mp();
	test_update_afs();
	test_read_back();
	test_cfg();
	return T_DONE();
}
