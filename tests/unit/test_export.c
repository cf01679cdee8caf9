/*
 * Unit tests for core/bgp/export.c: one test per rule of export.h, each
 * asserting the exact attributes sent (or the reason nothing is), with
 * and without an outbound route-policy.  Every test ends with no interned
 * attribute set left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/export.h"
#include "core/bgp/proto.h"
#include "core/config/bgp_model.h"
#include "core/rpl/community.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "tests/unit/t.h"

#define MY_AS		65001u
#define PEER_AS		65002u

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	if (addr_parse(s, &a) == -1)
		abort();
	return a;
}

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

/* ORIGIN IGP, AS path asns[0..n-1], NEXT_HOP nh, not interned. */
static struct bgp_attrs *
mk(const uint32_t *asns, size_t n, const char *nh)
{
	struct bgp_attrs	*a;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	if (bgp_attrs_set_aspath(a, asns, n) == -1)
		abort();
	a->nexthop = A(nh);
	return a;
}

/* The usual learned path: 65002 65003 via 192.0.2.2. */
static struct bgp_attrs *
mk_std(void)
{
	static const uint32_t	 p[] = { 65002, 65003 };

	return mk(p, 2, "192.0.2.2");
}

static struct bgp_attrs *
intern(struct bgp_attrs *a)
{
	struct bgp_attrs	*r;

	if ((r = bgp_attrs_intern(a)) == NULL)
		abort();
	return r;
}

static void
set_comms(struct bgp_attrs *a, const uint32_t *c, size_t n)
{
	if ((a->communities = malloc(n * 4)) == NULL)
		abort();
	memcpy(a->communities, c, n * 4);
	a->ncommunities = n;
	a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
}

static struct export_target
tgt_ebgp(void)
{
	struct export_target	 t;

	memset(&t, 0, sizeof(t));
	t.ebgp = 1;
	t.peer_as = 65100;
	t.router_as = MY_AS;
	t.local_as = MY_AS;
	t.router_id = 0x01010101;
	t.cluster_id = 0x01010101;
	t.default_local_pref = 100;
	t.unsafe_ebgp = 1;	/* RFC 8212 has its own test */
	t.nexthop = A("10.0.0.1");
	return t;
}

static struct export_target
tgt_ibgp(void)
{
	struct export_target	 t = tgt_ebgp();

	t.ebgp = 0;
	t.peer_as = MY_AS;
	t.unsafe_ebgp = 0;
	t.default_local_pref = 150;
	return t;
}

static struct export_source
src_ebgp(void)
{
	struct export_source	 s;

	memset(&s, 0, sizeof(s));
	s.ebgp = 1;
	s.peer_router_id = 0x02020202;
	s.peer_addr = A("192.0.2.2");
	return s;
}

static struct export_source
src_ibgp(int client)
{
	struct export_source	 s = src_ebgp();

	s.ebgp = 0;
	s.rr_client = client;
	s.peer_router_id = 0x03030303;
	s.peer_addr = A("10.0.0.3");
	return s;
}

static struct export_source
src_local(void)
{
	struct export_source	 s;

	memset(&s, 0, sizeof(s));
	s.local = BGP_LOCAL_NETWORK;
	return s;
}

static struct xprefix	 pfx;

/* Runs bgp_export; *out NULL unless sent. */
static enum export_result
run(const struct export_target *t, const struct export_source *s,
    struct bgp_attrs *best, struct bgp_attrs **out)
{
	enum export_result	 r;

	*out = (struct bgp_attrs *)1;
	r = bgp_export(t, s, &pfx, best, out);
	if (r != EXPORT_SEND) {
		T_ASSERT(*out == NULL);
		*out = NULL;
	} else
		T_ASSERT(*out != NULL && (*out)->interned);
	return r;
}

static char	 pathbuf[8192];

static const char *
path_str(const struct bgp_attrs *a)
{
	struct strbuf	 sb = STRBUF_INIT;

	bgp_aspath_format(a->aspath, a->aspath_len, &sb);
	strlcpy(pathbuf, sb_str(&sb), sizeof(pathbuf));
	sb_free(&sb);
	return pathbuf;
}

static char	 nhbuf[ADDR_STRLEN];

static const char *
nh_str(const struct bgp_attrs *a)
{
	addr_format(&a->nexthop, nhbuf, sizeof(nhbuf));
	return nhbuf;
}

static int
has(const struct bgp_attrs *a, int code)
{
	return (a->present & BGP_ATTRBIT(code)) != 0;
}

/* Every interned set released: nothing leaked a reference. */
static void
check_clean(const char *test)
{
	struct bgp_attrs_intern_stats	 st;

	bgp_attrs_intern_stats(&st, 0);
	if (st.sets != 0)
		fprintf(stderr, "%s: %zu sets left\n", test, st.sets);
	T_EQ_INT(st.sets, 0);
}

static void
test_well_known(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	uint32_t		 c;

	c = COMM_NO_ADVERTISE;
	a = mk_std();
	set_comms(a, &c, 1);
	a = intern(a);
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_NO_ADVERTISE);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_NO_ADVERTISE);
	bgp_attrs_unref(a);

	/* NO_EXPORT: kept inside the AS, community and all */
	c = COMM_NO_EXPORT;
	a = mk_std();
	set_comms(a, &c, 1);
	a = intern(a);
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_NO_EXPORT);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1);
	T_EQ_INT(out->communities[0], COMM_NO_EXPORT);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);

	/* NO_EXPORT_SUBCONFED (local-AS): no confederations, as NO_EXPORT */
	c = COMM_LOCAL_AS;
	a = mk_std();
	set_comms(a, &c, 1);
	a = intern(a);
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_NO_EXPORT_SUBCONFED);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->communities[0], COMM_LOCAL_AS);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_ibgp_split_horizon(void)
{
	struct export_target	 nc = tgt_ibgp(), cl = tgt_ibgp();
	struct export_source	 s_nc = src_ibgp(0), s_cl = src_ibgp(1);
	struct bgp_attrs	*a, *out;

	cl.rr_client = 1;
	a = intern(mk_std());
	/* non-client to non-client: not without reflection */
	T_EQ_INT(run(&nc, &s_nc, a, &out), EXPORT_IBGP);
	/* non-client to client: reflected */
	T_EQ_INT(run(&cl, &s_nc, a, &out), EXPORT_SEND);
	T_EQ_INT(out->originator_id, 0x03030303);
	T_ASSERT(has(out, BGP_ATTR_ORIGINATOR_ID));
	T_EQ_INT(out->ncluster, 1);
	T_EQ_INT(out->cluster_list[0], 0x01010101);
	T_ASSERT(has(out, BGP_ATTR_CLUSTER_LIST));
	bgp_attrs_unref(out);
	/* client to client: reflected too */
	T_EQ_INT(run(&cl, &s_cl, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncluster, 1);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_reflect_client_to_nonclient(void)
{
	struct export_target	 t = tgt_ibgp();
	struct export_source	 s = src_ibgp(1);
	struct bgp_attrs	*a, *out;

	a = intern(mk_std());
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_ORIGINATOR_ID));
	T_EQ_INT(out->originator_id, 0x03030303);
	T_EQ_INT(out->ncluster, 1);
	T_EQ_INT(out->cluster_list[0], 0x01010101);
	/* the rest as received, next hop included */
	T_EQ_STR(path_str(out), "65002 65003");
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);

	/* reflected once already: ORIGINATOR_ID kept, our ID in front */
	a = mk_std();
	a->originator_id = 0x09090909;
	if ((a->cluster_list = malloc(2 * 4)) == NULL)
		abort();
	a->cluster_list[0] = 0x0a0a0a0a;
	a->cluster_list[1] = 0x0b0b0b0b;
	a->ncluster = 2;
	a->present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID) |
	    BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
	a = intern(a);
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->originator_id, 0x09090909);
	T_EQ_INT(out->ncluster, 3);
	T_EQ_INT(out->cluster_list[0], 0x01010101);
	T_EQ_INT(out->cluster_list[1], 0x0a0a0a0a);
	T_EQ_INT(out->cluster_list[2], 0x0b0b0b0b);
	bgp_attrs_unref(out);

	/* ... and none of it to eBGP */
	t = tgt_ebgp();
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_ORIGINATOR_ID));
	T_ASSERT(!has(out, BGP_ATTR_CLUSTER_LIST));
	T_EQ_INT(out->ncluster, 0);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_ebgp_source_to_ibgp(void)
{
	struct export_target	 t = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;

	/* not reflected: no ORIGINATOR_ID, no CLUSTER_LIST */
	a = mk_std();
	a->local_pref = 200;
	a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a = intern(a);
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_ORIGINATOR_ID));
	T_ASSERT(!has(out, BGP_ATTR_CLUSTER_LIST));
	/* nothing to change: the Loc-RIB's own set */
	T_ASSERT(out == a);
	T_EQ_INT(a->refcnt, 2);
	bgp_attrs_unref(out);
	T_EQ_INT(a->refcnt, 1);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_prepend(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;

	a = intern(mk_std());
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 65002 65003");
	T_EQ_INT(out->aspath_len, 2 + 3 * 4);	/* one segment */
	bgp_attrs_unref(out);

	/* local-as: in front of the router AS */
	t.local_as = 65500;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65500 65001 65002 65003");
	bgp_attrs_unref(out);
	/* no-prepend is about received paths: export unchanged */
	t.local_as_opts = BGP_OPT_NO_PREPEND;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65500 65001 65002 65003");
	bgp_attrs_unref(out);
	/* replace-as: the router AS left out */
	t.local_as_opts = BGP_OPT_NO_PREPEND | BGP_OPT_REPLACE_AS;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65500 65002 65003");
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);

	/* a local path: our AS alone */
	t = tgt_ebgp();
	s = src_local();
	a = mk(NULL, 0, "0.0.0.0");
	a->present &= ~BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	a = intern(a);
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001");
	T_ASSERT(has(out, BGP_ATTR_AS_PATH));
	bgp_attrs_unref(out);
	/* ... and an empty one to iBGP */
	t = tgt_ibgp();
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->aspath_len, 0);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);

	/* an AS_SET first: our AS in a new AS_SEQUENCE in front */
	a = mk_std();
	a->aspath[0] = BGP_AS_SET;
	a = intern(a);
	t = tgt_ebgp();
	s = src_ebgp();
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 {65002,65003}");
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
test_prepend_overflow(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	uint32_t		 asns[255];
	size_t			 i;

	for (i = 0; i < 255; i++)
		asns[i] = 100000 + (uint32_t)i;
	/* a full first segment: our AS starts a new one */
	a = intern(mk(asns, 255, "192.0.2.2"));
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->aspath_len, 2 + 4 + 2 + 255 * 4);
	T_EQ_INT(out->aspath[0], BGP_AS_SEQUENCE);
	T_EQ_INT(out->aspath[1], 1);
	T_EQ_INT(get32(out->aspath + 2), MY_AS);
	T_EQ_INT(out->aspath[6], BGP_AS_SEQUENCE);
	T_EQ_INT(out->aspath[7], 255);
	T_EQ_INT(get32(out->aspath + 8), 100000);
	T_EQ_INT(get32(out->aspath + 8 + 254 * 4), 100254);
	T_EQ_INT(bgp_aspath_length(out->aspath, out->aspath_len), 256);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);

	/* 254: room for one; local-as fills it and the other goes first */
	a = intern(mk(asns, 254, "192.0.2.2"));
	t.local_as = 65500;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->aspath_len, 2 + 4 + 2 + 255 * 4);
	T_EQ_INT(out->aspath[1], 1);
	T_EQ_INT(get32(out->aspath + 2), 65500);
	T_EQ_INT(out->aspath[7], 255);
	T_EQ_INT(get32(out->aspath + 8), MY_AS);
	T_EQ_INT(get32(out->aspath + 12), 100000);
	bgp_attrs_unref(out);
	/* without local-as both fit in one segment */
	t.local_as = MY_AS;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->aspath_len, 2 + 255 * 4);
	T_EQ_INT(out->aspath[1], 255);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_nexthop_ebgp(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp(), l = src_local();
	struct bgp_attrs	*a, *loc, *out;

	a = intern(mk_std());
	loc = intern(mk(NULL, 0, "0.0.0.0"));
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);
	/* next-hop-unchanged */
	t.nhu = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	/* ... but a local path has no next hop to keep */
	T_EQ_INT(run(&t, &l, loc, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);
	/* our session address unknown */
	t.nhu = 0;
	memset(&t.nexthop, 0, sizeof(t.nexthop));
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_NO_NEXTHOP);
	T_EQ_INT(run(&t, &l, loc, &out), EXPORT_NO_NEXTHOP);
	t.nhu = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	bgp_attrs_unref(loc);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_nexthop_ibgp(void)
{
	struct export_target	 t = tgt_ibgp();
	struct export_source	 e = src_ebgp(), r = src_ibgp(1);
	struct export_source	 l = src_local();
	struct bgp_attrs	*a, *loc, *out;

	a = intern(mk_std());
	loc = intern(mk(NULL, 0, "0.0.0.0"));
	/* eBGP-learned: unchanged without next-hop-self */
	T_EQ_INT(run(&t, &e, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	/* locally originated: our address */
	T_EQ_INT(run(&t, &l, loc, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);
	/* next-hop-self: eBGP-learned paths get ours */
	t.nhs = 1;
	T_EQ_INT(run(&t, &e, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);
	/* ... reflected ones keep theirs */
	T_EQ_INT(run(&t, &r, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	/* our address unknown: only paths that need it are held back */
	memset(&t.nexthop, 0, sizeof(t.nexthop));
	T_EQ_INT(run(&t, &e, a, &out), EXPORT_NO_NEXTHOP);
	T_EQ_INT(run(&t, &l, loc, &out), EXPORT_NO_NEXTHOP);
	T_EQ_INT(run(&t, &r, a, &out), EXPORT_SEND);
	bgp_attrs_unref(out);
	t.nhs = 0;
	T_EQ_INT(run(&t, &e, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	bgp_attrs_unref(loc);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_nexthop_v6(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	static const uint32_t	 p[] = { 65002 };

	t.afi = 1;
	t.nexthop = A("2001:db8::1");
	a = mk(p, 1, "2001:db8:1::2");
	a->nexthop_ll = A("fe80::2");
	a = intern(a);
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "2001:db8::1");
	/* the source's link-local is no good on another link */
	T_EQ_INT(out->nexthop_ll.af, 0);
	bgp_attrs_unref(out);
	t = tgt_ibgp();
	t.nexthop = A("2001:db8::1");
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "2001:db8:1::2");
	T_EQ_INT(out->nexthop_ll.af, 0);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_local_pref(void)
{
	struct export_target	 i = tgt_ibgp(), e = tgt_ebgp();
	struct export_source	 s = src_ebgp(), l = src_local();
	struct bgp_attrs	*a, *b, *out;

	/* absent: the default to iBGP, nothing to eBGP */
	a = intern(mk_std());
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_LOCAL_PREF));
	T_EQ_INT(out->local_pref, 150);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&i, &l, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 150);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	bgp_attrs_unref(out);
	/* present: kept to iBGP, stripped to eBGP */
	b = mk_std();
	b->local_pref = 300;
	b->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	b = intern(b);
	T_EQ_INT(run(&i, &s, b, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 300);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&e, &s, b, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
	check_clean(__func__);
}

static struct bgp_attrs *
with_med(struct bgp_attrs *a, uint32_t med)
{
	a->med = med;
	a->present |= BGP_ATTRBIT(BGP_ATTR_MED);
	return intern(a);
}

static void
test_med(void)
{
	struct export_target	 i = tgt_ibgp(), e = tgt_ebgp();
	struct export_source	 se = src_ebgp(), si = src_ibgp(1);
	struct export_source	 l = src_local();
	struct bgp_attrs	*a, *inner, *loc, *out;

	a = with_med(mk_std(), 50);
	inner = with_med(mk(NULL, 0, "10.0.0.3"), 60);
	loc = with_med(mk(NULL, 0, "0.0.0.0"), 70);
	/* iBGP: as received */
	T_EQ_INT(run(&i, &se, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 50);
	bgp_attrs_unref(out);
	/* eBGP: a MED from another AS stays here */
	T_EQ_INT(run(&e, &se, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_MED));
	bgp_attrs_unref(out);
	T_EQ_INT(run(&e, &si, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_MED));
	bgp_attrs_unref(out);
	/* one set inside our AS goes out */
	T_EQ_INT(run(&e, &l, loc, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 70);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&e, &si, inner, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 60);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	bgp_attrs_unref(inner);
	bgp_attrs_unref(loc);
	check_clean(__func__);
}

/* Standard 65002:1, large 65002:1:2, extended RT 65002:7. */
static struct bgp_attrs *
mk_comms(void)
{
	struct bgp_attrs	*a = mk_std();
	static const uint8_t	 rt[8] = { 0x00, 0x02, 0xfd, 0xea, 0, 0, 0,
	    7 };
	uint32_t		 c = COMM_MAKE(65002, 1);

	set_comms(a, &c, 1);
	if ((a->large_communities = malloc(12)) == NULL ||
	    (a->ext_communities = malloc(8)) == NULL)
		abort();
	a->large_communities[0] = 65002;
	a->large_communities[1] = 1;
	a->large_communities[2] = 2;
	a->nlarge_communities = 1;
	memcpy(a->ext_communities, rt, 8);
	a->next_communities = 1;
	a->present |= BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	/* LARGE_COMMUNITY is code 32: no present bit, the count says */
	return intern(a);
}

static void
test_send_community(void)
{
	struct export_target	 t = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;

	a = mk_comms();
	/* default: none of them to eBGP */
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 0);
	T_ASSERT(!has(out, BGP_ATTR_COMMUNITIES));
	T_EQ_INT(out->nlarge_communities, 0);
	T_EQ_INT(out->next_communities, 0);
	T_ASSERT(!has(out, BGP_ATTR_EXT_COMMUNITIES));
	bgp_attrs_unref(out);
	/* send-community-ebgp: standard and large */
	t.send_comm = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1);
	T_EQ_INT(out->communities[0], COMM_MAKE(65002, 1));
	T_EQ_INT(out->nlarge_communities, 1);
	T_EQ_INT(out->large_communities[2], 2);
	T_EQ_INT(out->next_communities, 0);
	bgp_attrs_unref(out);
	/* send-extended-community-ebgp: extended only */
	t.send_comm = 0;
	t.send_extcomm = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 0);
	T_EQ_INT(out->nlarge_communities, 0);
	T_EQ_INT(out->next_communities, 1);
	T_EQ_INT(out->ext_communities[3], 0xea);
	T_EQ_INT(out->ext_communities[7], 7);
	bgp_attrs_unref(out);
	/* both */
	t.send_comm = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities + out->nlarge_communities +
	    out->next_communities, 3);
	bgp_attrs_unref(out);
	/* iBGP: always, whatever the settings */
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1);
	T_EQ_INT(out->nlarge_communities, 1);
	T_EQ_INT(out->next_communities, 1);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_remove_private(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*priv, *mixed, *set, *out;
	static const uint32_t	 p1[] = { 64512, 65000, 4200000001u };
	static const uint32_t	 p2[] = { 64512, 3356, 65534, 174, 4200000000u };

	priv = intern(mk(p1, 3, "192.0.2.2"));
	mixed = intern(mk(p2, 5, "192.0.2.2"));
	set = mk(p2, 5, "192.0.2.2");
	set->aspath[0] = BGP_AS_SET;
	set = intern(set);

	t.remove_private = 1;
	T_EQ_INT(run(&t, &s, priv, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001");
	T_EQ_INT(out->aspath_len, 2 + 4);
	bgp_attrs_unref(out);
	/* a public ASN among them: left alone */
	T_EQ_INT(run(&t, &s, mixed, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 64512 3356 65534 174 4200000000");
	bgp_attrs_unref(out);

	t.remove_private = 2;	/* entire-aspath */
	T_EQ_INT(run(&t, &s, priv, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001");
	bgp_attrs_unref(out);
	T_EQ_INT(run(&t, &s, mixed, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 3356 174");
	bgp_attrs_unref(out);
	T_EQ_INT(run(&t, &s, set, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 {3356,174}");
	bgp_attrs_unref(out);
	/* our own private AS, put in front after removal, stays */
	t.router_as = t.local_as = 64999;
	T_EQ_INT(run(&t, &s, mixed, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "64999 3356 174");
	bgp_attrs_unref(out);

	/* eBGP only */
	t = tgt_ibgp();
	t.remove_private = 2;
	T_EQ_INT(run(&t, &s, mixed, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "64512 3356 65534 174 4200000000");
	bgp_attrs_unref(out);
	bgp_attrs_unref(priv);
	bgp_attrs_unref(mixed);
	bgp_attrs_unref(set);
	check_clean(__func__);
}

static void
test_as_override(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	static const uint32_t	 p[] = { 65100, 65010, 65100 };

	a = intern(mk(p, 3, "192.0.2.2"));
	/* without it the path goes as is (the peer drops it) */
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 65100 65010 65100");
	bgp_attrs_unref(out);
	t.as_override = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 65001 65010 65001");
	bgp_attrs_unref(out);
	/* with local-as: the AS the peer knows us by */
	t.local_as = 65500;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65500 65001 65500 65010 65500");
	bgp_attrs_unref(out);
	/* with remove-private-AS entire-aspath: the peer's (private) AS
	   becomes our public one before private ones go */
	t = tgt_ebgp();
	t.router_as = t.local_as = 3320;
	t.peer_as = 65010;
	t.as_override = 1;
	t.remove_private = 2;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "3320 3320");
	bgp_attrs_unref(out);
	/* eBGP only */
	t = tgt_ibgp();
	t.peer_as = 65100;
	t.as_override = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65100 65010 65100");
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_rfc8212(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp(), l = src_local();
	struct bgp_attrs	*a, *out;

	a = intern(mk_std());
	e.unsafe_ebgp = 0;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_RFC8212);
	T_EQ_INT(run(&e, &l, a, &out), EXPORT_RFC8212);
	e.unsafe_ebgp = 1;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
add_unknown(struct bgp_attrs *a, uint8_t flags, uint8_t type,
    const char *data)
{
	struct bgp_rawattr	*u;
	size_t			 n = a->nunknown;

	if ((u = realloc(a->unknown, (n + 1) * sizeof(*u))) == NULL)
		abort();
	a->unknown = u;
	u[n].flags = flags;
	u[n].type = type;
	u[n].len = (uint16_t)strlen(data);
	if ((u[n].data = malloc(u[n].len)) == NULL)
		abort();
	memcpy(u[n].data, data, u[n].len);
	a->nunknown = n + 1;
}

static void
test_unknown(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	int			 k;

	a = mk_std();
	add_unknown(a, BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE, 99, "abc");
	add_unknown(a, BGP_ATTRF_OPTIONAL, 100, "no");	/* not transitive */
	add_unknown(a, BGP_ATTRF_OPTIONAL | BGP_ATTRF_TRANSITIVE |
	    BGP_ATTRF_PARTIAL | BGP_ATTRF_EXTLEN, 201, "defg");
	a = intern(a);
	for (k = 0; k < 2; k++) {
		T_EQ_INT(run(k ? &i : &e, &s, a, &out), EXPORT_SEND);
		T_EQ_INT(out->nunknown, 2);
		T_EQ_INT(out->unknown[0].type, 99);
		T_EQ_INT(out->unknown[0].flags, BGP_ATTRF_OPTIONAL |
		    BGP_ATTRF_TRANSITIVE | BGP_ATTRF_PARTIAL);
		T_EQ_INT(out->unknown[0].len, 3);
		T_ASSERT(memcmp(out->unknown[0].data, "abc", 3) == 0);
		T_EQ_INT(out->unknown[1].type, 201);
		T_EQ_INT(out->unknown[1].flags, BGP_ATTRF_OPTIONAL |
		    BGP_ATTRF_TRANSITIVE | BGP_ATTRF_PARTIAL |
		    BGP_ATTRF_EXTLEN);
		T_ASSERT(memcmp(out->unknown[1].data, "defg", 4) == 0);
		bgp_attrs_unref(out);
	}
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_weight_not_exported(void)
{
	struct export_target	 i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;

	a = mk_std();
	a->local_pref = 100;
	a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a->has_weight = 1;
	a->weight = 500;
	a = intern(a);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(out != a);
	T_EQ_INT(out->has_weight, 0);
	T_EQ_INT(out->weight, 0);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_long_lists(void)
{
	struct export_target	 t = tgt_ebgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	uint32_t		 comms[1000], asns[300];
	size_t			 i, off, n, k;
	int			 ok;

	for (i = 0; i < 1000; i++)
		comms[i] = COMM_MAKE(65002, i);
	for (i = 0; i < 300; i++)
		asns[i] = 4200000000u + (uint32_t)i * 7 + 1;
	a = mk(asns, 300, "192.0.2.2");
	set_comms(a, comms, 1000);
	a = intern(a);
	t.send_comm = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1000);
	T_ASSERT(memcmp(out->communities, comms, sizeof(comms)) == 0);
	T_EQ_INT(bgp_aspath_length(out->aspath, out->aspath_len), 301);
	T_EQ_INT(bgp_aspath_first(out->aspath, out->aspath_len), MY_AS);
	/* every ASN in order behind ours, whatever the segments */
	ok = 1;
	k = 0;
	for (off = 0; off + 2 <= out->aspath_len; off += 2 + 4 * n) {
		n = out->aspath[off + 1];
		T_EQ_INT(out->aspath[off], BGP_AS_SEQUENCE);
		for (i = 0; i < n; i++, k++) {
			uint32_t v = get32(out->aspath + off + 2 + 4 * i);

			if (v != (k == 0 ? MY_AS : asns[k - 1]))
				ok = 0;
		}
	}
	T_ASSERT(ok);
	T_EQ_INT(k, 301);
	T_EQ_INT(off, out->aspath_len);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_unchanged_ibgp(void)
{
	struct export_target	 t = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out, *out2;
	uint32_t		 c = COMM_MAKE(65002, 5);

	a = mk_std();
	set_comms(a, &c, 1);
	a->local_pref = 120;
	a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a = with_med(a, 5);
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_ASSERT(out == a);
	T_EQ_INT(run(&t, &s, a, &out2), EXPORT_SEND);
	T_ASSERT(out2 == a);
	T_EQ_INT(a->refcnt, 3);
	bgp_attrs_unref(out);
	bgp_attrs_unref(out2);
	/* a changed export is interned too: two runs, one set */
	t.nhs = 1;
	T_EQ_INT(run(&t, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(run(&t, &s, a, &out2), EXPORT_SEND);
	T_ASSERT(out == out2 && out != a);
	bgp_attrs_unref(out);
	bgp_attrs_unref(out2);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

static void
test_names(void)
{
	T_EQ_STR(export_result_name(EXPORT_SEND), "send");
	T_EQ_STR(export_result_name(EXPORT_RFC8212), "rfc8212");
	T_EQ_STR(export_result_name(EXPORT_ERROR), "error");
	T_EQ_STR(export_result_name((enum export_result)99), "unknown");
	T_EQ_INT(bgp_as_private(64511), 0);
	T_EQ_INT(bgp_as_private(64512), 1);
	T_EQ_INT(bgp_as_private(65534), 1);
	T_EQ_INT(bgp_as_private(65535), 0);
	T_EQ_INT(bgp_as_private(4199999999u), 0);
	T_EQ_INT(bgp_as_private(4200000000u), 1);
	T_EQ_INT(bgp_as_private(4294967294u), 1);
	T_EQ_INT(bgp_as_private(4294967295u), 0);
}

/* ---------------------------------------------------- outbound policy */

static struct rpl_db	*db;

/* Links a one-policy program from its text. */
static struct rpl_prog *
prog(const char *text, const char *name)
{
	struct rpl_policy	*p;
	struct rpl_prog		*pr;
	struct rpl_err		 err;
	char			 e[256];

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		fprintf(stderr, "policy: %s '%s'\n", err.msg, err.token);
		abort();
	}
	if (rpl_db_put_policy(db, p) == -1 ||
	    rpl_link(db, name, NULL, &pr, e, sizeof(e)) == -1) {
		fprintf(stderr, "link %s: %s\n", name, e);
		abort();
	}
	return pr;
}

static void
test_policy(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp(), l = src_local();
	struct bgp_attrs	*a, *loc, *out;
	struct rpl_prog		*deny, *pass, *med, *nh, *nhu, *pre, *lp;

	db = rpl_db_new();
	deny = prog("route-policy DENY\n  drop\nend-policy\n", "DENY");
	pass = prog("route-policy PASS\n  pass\nend-policy\n", "PASS");
	/* conditions see the path as the Loc-RIB holds it: LOCAL_PREF 200 */
	med = prog("route-policy MED\n"
	    "  if local-preference eq 200 then\n"
	    "    set med 77\n"
	    "  endif\n"
	    "  pass\n"
	    "end-policy\n", "MED");
	nh = prog("route-policy NH\n  set next-hop 198.51.100.9\n"
	    "end-policy\n", "NH");
	nhu = prog("route-policy NHU\n  set next-hop unchanged\n"
	    "end-policy\n", "NHU");
	pre = prog("route-policy PRE\n  prepend as-path 64900 2\n"
	    "end-policy\n", "PRE");
	lp = prog("route-policy LP\n  set local-preference 250\n"
	    "end-policy\n", "LP");
	a = mk_std();
	a->local_pref = 200;
	a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a = with_med(a, 50);
	loc = intern(mk(NULL, 0, "0.0.0.0"));

	/* drop */
	e.unsafe_ebgp = 0;
	e.policy = deny;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_POLICY);
	i.policy = deny;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_POLICY);
	/* a policy satisfies RFC 8212 */
	e.policy = pass;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_MED));
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);
	/* the filters come first: a pass-all policy sends no NO_EXPORT path */
	{
		struct bgp_attrs	*ne = mk_std();
		uint32_t		 c = COMM_NO_EXPORT;

		set_comms(ne, &c, 1);
		ne = intern(ne);
		T_EQ_INT(run(&e, &s, ne, &out), EXPORT_NO_EXPORT);
		bgp_attrs_unref(ne);
	}

	/* set med: kept on eBGP, the policy saw LOCAL_PREF 200 */
	e.policy = med;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 77);
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	bgp_attrs_unref(out);

	/* set next-hop: kept on eBGP and over next-hop-self on iBGP */
	e.policy = nh;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "198.51.100.9");
	bgp_attrs_unref(out);
	i.policy = nh;
	i.nhs = 1;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "198.51.100.9");
	bgp_attrs_unref(out);
	/* ... even when our own address is unknown */
	memset(&e.nexthop, 0, sizeof(e.nexthop));
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "198.51.100.9");
	bgp_attrs_unref(out);
	e.nexthop = A("10.0.0.1");
	/* set next-hop unchanged: the received one to eBGP */
	e.policy = nhu;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "192.0.2.2");
	bgp_attrs_unref(out);
	/* ... which a local path has not: ours */
	T_EQ_INT(run(&e, &l, loc, &out), EXPORT_SEND);
	T_EQ_STR(nh_str(out), "10.0.0.1");
	bgp_attrs_unref(out);

	/* prepend: the policy's ASNs, then ours on top */
	e.policy = pre;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 64900 64900 65002 65003");
	bgp_attrs_unref(out);
	i.policy = pre;
	i.nhs = 0;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "64900 64900 65002 65003");
	bgp_attrs_unref(out);

	/* set local-preference: sent to iBGP, never to eBGP */
	i.policy = lp;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 250);
	bgp_attrs_unref(out);
	T_EQ_INT(run(&i, &l, loc, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 250);
	bgp_attrs_unref(out);
	e.policy = lp;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	bgp_attrs_unref(out);

	/* a pass-all policy on an unchanged iBGP export: the same set */
	i = tgt_ibgp();
	i.policy = pass;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(out == a);
	bgp_attrs_unref(out);

	bgp_attrs_unref(a);
	bgp_attrs_unref(loc);
	rpl_prog_free(deny);
	rpl_prog_free(pass);
	rpl_prog_free(med);
	rpl_prog_free(nh);
	rpl_prog_free(nhu);
	rpl_prog_free(pre);
	rpl_prog_free(lp);
	rpl_db_free(db);
	check_clean(__func__);
}

/*
 * validation-state in the outbound policy: the source's state (the
 * Loc-RIB path's), not-found for a path never validated (issue 12).
 */
static void
test_policy_validation_state(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *out;
	struct rpl_prog		*rov;

	db = rpl_db_new();
	rov = prog("route-policy ROV\n"
	    "  if validation-state is invalid then\n"
	    "    drop\n"
	    "  endif\n"
	    "  if validation-state is not-found then\n"
	    "    set med 5\n"
	    "  endif\n"
	    "  pass\n"
	    "end-policy\n", "ROV");
	a = mk_std();
	e.policy = rov;
	i.policy = rov;
	s.rov = BGP_ROV_INVALID;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_POLICY);
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_POLICY);
	s.rov = BGP_ROV_VALID;
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_MED));
	bgp_attrs_unref(out);
	/* a zeroed source (validation off): not-found */
	s = src_ebgp();
	T_EQ_INT(run(&e, &s, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 5);
	bgp_attrs_unref(out);
	bgp_attrs_unref(a);
	rpl_prog_free(rov);
	rpl_db_free(db);
	check_clean(__func__);
}

/* An RT and a RFC 8097 community (state byte v). */
static struct bgp_attrs *
mk_signalled(uint8_t v)
{
	struct bgp_attrs	*a = mk_std();
	static const uint8_t	 rt[8] = { 0x00, 0x02, 0xfd, 0xea, 0, 0, 0,
	    7 };
	uint8_t			 sig[8] = { 0x43, 0, 0, 0, 0, 0, 0, 0 };

	sig[7] = v;
	if ((a->ext_communities = malloc(16)) == NULL)
		abort();
	memcpy(a->ext_communities, sig, 8);
	memcpy(a->ext_communities + 8, rt, 8);
	a->next_communities = 2;
	a->present |= BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	return intern(a);
}

/*
 * RFC 8097 (`bgp origin-as validation signal ibgp`): the encoding, the
 * state read back, the community added to iBGP exports (replacing one
 * the path had), none for a path without a state, and never to eBGP.
 */
static void
test_rov_signal(void)
{
	struct export_target	 e = tgt_ebgp(), i = tgt_ibgp();
	struct export_source	 s = src_ebgp();
	struct bgp_attrs	*a, *sig, *out;
	uint8_t			 b[8];
	static const uint8_t	 want_inv[8] = { 0x43, 0, 0, 0, 0, 0, 0, 2 };

	T_EQ_INT(bgp_rov_ecomm_encode(BGP_ROV_VALID, b), 0);
	T_EQ_INT(b[0], 0x43);
	T_EQ_INT(b[1], 0x00);
	T_EQ_INT(b[7], 0);
	T_EQ_INT(bgp_rov_ecomm_encode(BGP_ROV_NOT_FOUND, b), 0);
	T_EQ_INT(b[7], 1);
	T_EQ_INT(bgp_rov_ecomm_encode(BGP_ROV_INVALID, b), 0);
	T_ASSERT(memcmp(b, want_inv, 8) == 0);
	T_EQ_INT(bgp_rov_ecomm_encode(BGP_ROV_OFF, b), -1);

	a = mk_std();
	T_EQ_INT(bgp_rov_ecomm_state(a), BGP_ROV_OFF);
	sig = mk_signalled(0);
	T_EQ_INT(bgp_rov_ecomm_state(sig), BGP_ROV_VALID);
	bgp_attrs_unref(sig);
	sig = mk_signalled(1);
	T_EQ_INT(bgp_rov_ecomm_state(sig), BGP_ROV_NOT_FOUND);
	bgp_attrs_unref(sig);
	sig = mk_signalled(9);		/* unknown value: no state */
	T_EQ_INT(bgp_rov_ecomm_state(sig), BGP_ROV_OFF);
	bgp_attrs_unref(sig);
	sig = mk_signalled(2);
	T_EQ_INT(bgp_rov_ecomm_state(sig), BGP_ROV_INVALID);

	/* off: an iBGP export as before */
	s.rov = BGP_ROV_INVALID;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_EXT_COMMUNITIES));
	bgp_attrs_unref(out);
	/* on: the state added */
	i.signal_rov = 1;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_EXT_COMMUNITIES));
	T_EQ_INT(out->next_communities, 1);
	T_ASSERT(memcmp(out->ext_communities, want_inv, 8) == 0);
	bgp_attrs_unref(out);
	/* replacing the one the path had, the RT kept */
	s.rov = BGP_ROV_VALID;
	T_EQ_INT(run(&i, &s, sig, &out), EXPORT_SEND);
	T_EQ_INT(out->next_communities, 2);
	T_EQ_INT(out->ext_communities[3], 0xea);
	T_EQ_INT(bgp_rov_ecomm_state(out), BGP_ROV_VALID);
	bgp_attrs_unref(out);
	/* the same state already: the set unchanged */
	s.rov = BGP_ROV_INVALID;
	i = tgt_ibgp();
	i.signal_rov = 1;
	{
		struct export_source	 r = src_ibgp(1);

		r.rov = BGP_ROV_INVALID;
		T_EQ_INT(run(&i, &r, sig, &out), EXPORT_SEND);
		T_EQ_INT(out->next_communities, 2);
		T_EQ_INT(bgp_rov_ecomm_state(out), BGP_ROV_INVALID);
		bgp_attrs_unref(out);
	}
	/* no state (not validated): nothing added, what came kept */
	s.rov = BGP_ROV_OFF;
	T_EQ_INT(run(&i, &s, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_EXT_COMMUNITIES));
	bgp_attrs_unref(out);
	/* eBGP: never, even with extended communities sent */
	e.unsafe_ebgp = 1;
	e.send_extcomm = 1;
	e.signal_rov = 1;
	s.rov = BGP_ROV_VALID;
	T_EQ_INT(run(&e, &s, sig, &out), EXPORT_SEND);
	T_EQ_INT(out->next_communities, 1);
	T_EQ_INT(bgp_rov_ecomm_state(out), BGP_ROV_OFF);
	bgp_attrs_unref(out);
	bgp_attrs_unref(sig);
	bgp_attrs_unref(a);
	check_clean(__func__);
}

/*
 * Reflected iBGP -> iBGP: XR applies the outbound policy as a filter
 * only, unless `ibgp policy out enforce-modifications`.
 */
static void
test_ibgp_enforce_modifications(void)
{
	struct export_target	 i = tgt_ibgp(), e = tgt_ebgp();
	struct export_source	 c = src_ibgp(1), x = src_ebgp();
	struct bgp_attrs	*a, *out;
	struct rpl_prog		*lp, *deny;

	db = rpl_db_new();
	lp = prog("route-policy LP\n  set local-preference 250\n"
	    "  set med 9\n  prepend as-path 64900\nend-policy\n", "LP");
	deny = prog("route-policy DENY\n  drop\nend-policy\n", "DENY");
	a = mk_std();
	a->local_pref = 200;
	a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a = intern(a);

	/* default: the reflected path goes out with its own attributes */
	i.rr_client = 1;
	i.policy = lp;
	T_EQ_INT(run(&i, &c, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 200);
	T_ASSERT(!has(out, BGP_ATTR_MED));
	T_EQ_STR(path_str(out), "65002 65003");
	T_ASSERT(has(out, BGP_ATTR_ORIGINATOR_ID));	/* still reflected */
	bgp_attrs_unref(out);
	/* ... but the policy still filters */
	i.policy = deny;
	T_EQ_INT(run(&i, &c, a, &out), EXPORT_POLICY);
	/* the knob: the modifications apply */
	i.policy = lp;
	i.ibgp_enforce_mods = 1;
	T_EQ_INT(run(&i, &c, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 250);
	T_ASSERT(has(out, BGP_ATTR_MED));
	T_EQ_INT(out->med, 9);
	T_EQ_STR(path_str(out), "64900 65002 65003");
	bgp_attrs_unref(out);
	/* not reflected (eBGP-learned to iBGP, iBGP to eBGP): always apply */
	i.ibgp_enforce_mods = 0;
	T_EQ_INT(run(&i, &x, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 250);
	bgp_attrs_unref(out);
	e.policy = lp;
	T_EQ_INT(run(&e, &c, a, &out), EXPORT_SEND);
	T_EQ_INT(out->med, 9);
	bgp_attrs_unref(out);

	bgp_attrs_unref(a);
	rpl_prog_free(lp);
	rpl_prog_free(deny);
	rpl_db_free(db);
	check_clean(__func__);
}

static int
has_comm(const struct bgp_attrs *a, uint32_t c)
{
	uint32_t	 k;

	if (!has(a, BGP_ATTR_COMMUNITIES))
		return 0;
	for (k = 0; k < a->ncommunities; k++)
		if (a->communities[k] == c)
			return 1;
	return 0;
}

/* RFC 8326 on the targets: GRACEFUL_SHUTDOWN, and LOCAL_PREF 0 to iBGP. */
static void
test_graceful_shutdown(void)
{
	struct export_target	 i = tgt_ibgp(), e = tgt_ebgp();
	struct export_source	 x = src_ebgp(), l = src_local();
	struct bgp_attrs	*a, *g, *out;
	uint32_t		 c[2] = { 0xfde80001u, COMM_GSHUT };

	a = mk_std();
	set_comms(a, c, 1);
	a = intern(a);
	/* iBGP: the community appended, LOCAL_PREF 0 (peer.c sets
	   gshut_lp_set for graceful-shutdown) */
	i.gshut = 1;
	i.gshut_lp_set = 1;
	T_EQ_INT(run(&i, &x, a, &out), EXPORT_SEND);
	T_ASSERT(has(out, BGP_ATTR_LOCAL_PREF));
	T_EQ_INT(out->local_pref, 0);
	T_EQ_INT(out->ncommunities, 2);
	T_ASSERT(has_comm(out, 0xfde80001u) && has_comm(out, COMM_GSHUT));
	bgp_attrs_unref(out);
	/* a local path without communities gets one */
	{
		struct bgp_attrs	*loc = intern(mk(NULL, 0, "0.0.0.0"));

		T_EQ_INT(run(&i, &l, loc, &out), EXPORT_SEND);
		T_EQ_INT(out->ncommunities, 1);
		T_ASSERT(has_comm(out, COMM_GSHUT));
		T_EQ_INT(out->local_pref, 0);
		bgp_attrs_unref(out);
		bgp_attrs_unref(loc);
	}
	/* eBGP without send-community-ebgp / -gshut-ebgp: no community,
	   and never LOCAL_PREF */
	e.gshut = 1;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_COMMUNITIES));
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	bgp_attrs_unref(out);
	/* send-community-gshut-ebgp: GRACEFUL_SHUTDOWN only */
	e.send_gshut = 1;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1);
	T_ASSERT(has_comm(out, COMM_GSHUT));
	bgp_attrs_unref(out);
	/* send-community-ebgp: all of them */
	e.send_gshut = 0;
	e.send_comm = 1;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 2);
	T_ASSERT(has_comm(out, COMM_GSHUT));
	bgp_attrs_unref(out);
	/* without graceful-shutdown, send-community-gshut-ebgp passes a
	   received GRACEFUL_SHUTDOWN alone, and adds nothing */
	g = mk_std();
	set_comms(g, c, 2);
	g = intern(g);
	e = tgt_ebgp();
	e.send_gshut = 1;
	T_EQ_INT(run(&e, &x, g, &out), EXPORT_SEND);
	T_EQ_INT(out->ncommunities, 1);
	T_ASSERT(has_comm(out, COMM_GSHUT));
	bgp_attrs_unref(out);
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_COMMUNITIES));
	bgp_attrs_unref(out);

	bgp_attrs_unref(a);
	bgp_attrs_unref(g);
	check_clean(__func__);
}

/*
 * XR's graceful maintenance on the targets: GRACEFUL_SHUTDOWN as for
 * graceful-shutdown; to iBGP the configured local-preference, LOCAL_PREF
 * untouched when none is; to eBGP our AS as-prepends more times.
 */
static void
test_graceful_maintenance(void)
{
	struct export_target	 i = tgt_ibgp(), e = tgt_ebgp();
	struct export_source	 x = src_ebgp();
	struct bgp_attrs	*a, *out;

	a = intern(mk_std());
	/* no local-preference configured: the default one, with GSHUT */
	i.gshut = 1;
	T_EQ_INT(run(&i, &x, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 150);
	T_ASSERT(has_comm(out, COMM_GSHUT));
	T_EQ_STR(path_str(out), "65002 65003");
	bgp_attrs_unref(out);
	/* local-preference 20; as-prepends mean nothing to iBGP */
	i.gshut_lp_set = 1;
	i.gshut_lp = 20;
	i.gshut_prepends = 3;
	T_EQ_INT(run(&i, &x, a, &out), EXPORT_SEND);
	T_EQ_INT(out->local_pref, 20);
	T_ASSERT(has_comm(out, COMM_GSHUT));
	T_EQ_STR(path_str(out), "65002 65003");
	bgp_attrs_unref(out);
	/* eBGP: as-prepends 3 puts our AS four times in front; no
	   LOCAL_PREF; the community only with send-community-ebgp */
	e.gshut = 1;
	e.gshut_lp_set = 1;
	e.gshut_lp = 20;
	e.gshut_prepends = 3;
	e.send_comm = 1;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_ASSERT(!has(out, BGP_ATTR_LOCAL_PREF));
	T_ASSERT(has_comm(out, COMM_GSHUT));
	T_EQ_STR(path_str(out), "65001 65001 65001 65001 65002 65003");
	bgp_attrs_unref(out);
	/* local-as: its AS is the one repeated */
	e.local_as = 64777;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out),
	    "64777 64777 64777 64777 65001 65002 65003");
	bgp_attrs_unref(out);
	/* as-prepends 0: the usual single prepend */
	e.local_as = MY_AS;
	e.gshut_prepends = 0;
	T_EQ_INT(run(&e, &x, a, &out), EXPORT_SEND);
	T_EQ_STR(path_str(out), "65001 65002 65003");
	bgp_attrs_unref(out);

	bgp_attrs_unref(a);
	check_clean(__func__);
}

int
main(void)
{
	pfx = P("203.0.113.0/24");
	test_well_known();
	test_ibgp_split_horizon();
	test_reflect_client_to_nonclient();
	test_ebgp_source_to_ibgp();
	test_prepend();
	test_prepend_overflow();
	test_nexthop_ebgp();
	test_nexthop_ibgp();
	test_nexthop_v6();
	test_local_pref();
	test_med();
	test_send_community();
	test_remove_private();
	test_as_override();
	test_rfc8212();
	test_unknown();
	test_weight_not_exported();
	test_long_lists();
	test_unchanged_ibgp();
	test_names();
	test_policy();
	test_policy_validation_state();
	test_rov_signal();
	test_ibgp_enforce_modifications();
	test_graceful_shutdown();
	test_graceful_maintenance();
	return T_DONE();
}
