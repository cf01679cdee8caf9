/*
 * test_policy_bgp: route-policies over the engine's attribute sets
 * (core/bgp/policy.c): an unchanged path keeps its interned set, each
 * kind of `set` lands in the right attribute, extended communities and
 * the AS path survive the decode / encode round trip, 1,000 communities
 * and a 300-ASN path in 40 segments pass a modifying policy intact, a
 * deny leaves *out alone; ASan builds check the references.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "tests/unit/t.h"

static struct rpl_db	*db;

static void
add_policy(const char *text)
{
	struct rpl_err		 err;
	struct rpl_policy	*p;

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		fprintf(stderr, "policy: %s '%s'\n", err.msg, err.token);
		abort();
	}
	rpl_db_put_policy(db, p);
}

static struct rpl_prog *
prog(const char *name)
{
	struct rpl_prog	*p;
	char		 err[256];

	if (rpl_link(db, name, NULL, &p, err, sizeof(err)) == -1) {
		fprintf(stderr, "link %s: %s\n", name, err);
		abort();
	}
	return p;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * A set: path 65010 65020, MED 10, communities 1:1 1:2, the extended
 * communities RT:65001:7 and an opaque one (type 0x03) with subtype 2,
 * next hop 192.0.2.1; interned.
 */
static struct bgp_attrs *
mk_small(void)
{
	static const uint8_t	 ext[16] = {
		0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x07,
		0x03, 0x02, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
	};
	struct bgp_attrs	*a;
	uint32_t		 asns[] = { 65010, 65020 };

	if ((a = bgp_attrs_new()) == NULL ||
	    bgp_attrs_set_aspath(a, asns, 2) == -1 ||
	    (a->communities = malloc(2 * 4)) == NULL ||
	    (a->ext_communities = malloc(sizeof(ext))) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED) | BGP_ATTRBIT(BGP_ATTR_COMMUNITIES) |
	    BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	a->origin = BGP_ORIGIN_EGP;
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[2] = 2;
	a->nexthop.a[3] = 1;
	a->med = 10;
	a->communities[0] = COMM_MAKE(1, 1);
	a->communities[1] = COMM_MAKE(1, 2);
	a->ncommunities = 2;
	memcpy(a->ext_communities, ext, sizeof(ext));
	a->next_communities = 2;
	if ((a = bgp_attrs_intern(a)) == NULL)
		abort();
	return a;
}

/*
 * The big one: 1,000 communities, 300 large communities and a 300-ASN
 * path in 40 segments (20 sequences of 14, 20 one-member sets).
 */
static struct bgp_attrs *
mk_big(void)
{
	struct bgp_attrs	*a;
	uint8_t			*w;
	unsigned		 i, k;

	if ((a = bgp_attrs_new()) == NULL ||
	    (a->communities = malloc(1000 * 4)) == NULL ||
	    (a->large_communities = malloc(300 * 12)) == NULL ||
	    (a->aspath = malloc(40 * 2 + 300 * 4)) == NULL)
		abort();
	for (i = 0; i < 1000; i++)
		a->communities[i] = COMM_MAKE(1, i + 1);
	a->ncommunities = 1000;
	for (i = 0; i < 300; i++) {
		a->large_communities[3 * i] = 64512;
		a->large_communities[3 * i + 1] = i;
		a->large_communities[3 * i + 2] = 4000000000u + i;
	}
	a->nlarge_communities = 300;
	w = a->aspath;
	for (k = 0; k < 20; k++) {
		*w++ = BGP_AS_SEQUENCE;
		*w++ = 14;
		for (i = 0; i < 14; i++, w += 4)
			put32(w, 64496 + k * 100 + i);
		*w++ = BGP_AS_SET;
		*w++ = 1;
		put32(w, 4200000000u + k);
		w += 4;
	}
	a->aspath_len = (size_t)(w - a->aspath);
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 10;
	a->nexthop.a[3] = 1;
	if ((a = bgp_attrs_intern(a)) == NULL)
		abort();
	return a;
}

static void
ctx_init(struct bgp_pol_ctx *c, const struct xprefix *pfx)
{
	memset(c, 0, sizeof(*c));
	c->prefix = pfx;
	c->peer.addr.af = AF_V4;
	c->peer.addr.a[0] = 203;
	c->peer.addr.a[2] = 113;
	c->peer.addr.a[3] = 5;
	c->peer.remote_as = 65010;
	c->peer.local_as = 65001;
	c->path_type = PATH_EBGP;
	c->set = 0xdead;
}

static struct xprefix	 pfx;

static void
test_view(void)
{
	struct bgp_attrs	*a = mk_small();
	struct route		 r;

	route_init(&r);
	T_EQ_INT(bgp_policy_view(a, &pfx, &r), 0);
	T_EQ_INT(r.prefix.len, 16);
	T_EQ_INT(r.origin, ORIGIN_EGP);
	T_EQ_INT(r.has_med, 1);
	T_EQ_INT(r.med, 10);
	T_EQ_INT(r.has_local_pref, 0);
	T_EQ_INT(r.nexthop.a[0], 192);
	T_ASSERT(r.comm == a->communities);	/* borrowed */
	T_EQ_INT(r.ncomm, 2);
	T_EQ_INT(r.aspath.nas, 2);
	T_EQ_INT(r.aspath.nseg, 1);
	T_EQ_INT(r.aspath.as[1], 65020);
	T_EQ_INT(r.necomm, 2);
	T_EQ_INT(r.ecomm[0].type, ECOMM_T_AS2);
	T_EQ_INT(r.ecomm[0].subtype, ECOMM_ST_RT);
	T_EQ_INT(r.ecomm[0].ga, 65001);
	T_EQ_INT(r.ecomm[0].la, 7);
	T_EQ_INT(r.ecomm[1].type, 3);
	route_free(&r);
	bgp_attrs_unref(a);
}

static void
test_unmodified(void)
{
	struct bgp_attrs	*a = mk_small(), *out = NULL;
	struct bgp_pol_ctx	 c;
	struct rpl_prog		*p = prog("PASS"), *rt = prog("RT_ONLY");
	unsigned		 ref = a->refcnt;

	ctx_init(&c, &pfx);
	T_EQ_INT(bgp_policy_apply(p, &c, a, &out), BGP_POL_PERMIT);
	T_ASSERT(out == a);
	T_EQ_INT(a->refcnt, ref + 1);
	T_EQ_INT(c.set, 0);
	bgp_attrs_unref(out);
	out = NULL;
	T_EQ_INT(bgp_policy_apply(NULL, &c, a, &out), BGP_POL_PERMIT);
	T_ASSERT(out == a);
	bgp_attrs_unref(out);
	/* rt 65001:7 matches; the opaque type with subtype 2 is no rt */
	out = NULL;
	T_EQ_INT(bgp_policy_apply(rt, &c, a, &out), BGP_POL_PERMIT);
	T_ASSERT(out == a);
	bgp_attrs_unref(out);
	T_EQ_INT(a->refcnt, ref);
	rpl_prog_free(p);
	rpl_prog_free(rt);
	bgp_attrs_unref(a);
}

static void
test_deny(void)
{
	struct bgp_attrs	*a = mk_small(), *out;
	struct bgp_attrs	 sentinel;
	struct bgp_pol_ctx	 c;
	struct rpl_prog		*p = prog("DENY_RT");
	unsigned		 ref = a->refcnt;

	ctx_init(&c, &pfx);
	out = &sentinel;
	T_EQ_INT(bgp_policy_apply(p, &c, a, &out), BGP_POL_DENY);
	T_ASSERT(out == &sentinel);
	T_EQ_INT(a->refcnt, ref);
	rpl_prog_free(p);
	bgp_attrs_unref(a);
}

/* Runs policy name over a fresh small set; *out the result. */
static int
run_small(const char *name, struct bgp_pol_ctx *c, struct bgp_attrs **in,
    struct bgp_attrs **out)
{
	struct rpl_prog	*p = prog(name);
	int		 rv;

	*in = mk_small();
	ctx_init(c, &pfx);
	*out = NULL;
	rv = bgp_policy_apply(p, c, *in, out);
	rpl_prog_free(p);
	return rv;
}

static void
test_sets(void)
{
	struct bgp_attrs	*in, *out, *again;
	struct bgp_pol_ctx	 c;
	struct rpl_prog		*p;
	const uint8_t		*w;

	/* set local-preference: present, interned, the rest the input's */
	T_EQ_INT(run_small("LP", &c, &in, &out), BGP_POL_PERMIT);
	T_ASSERT(out != in);
	T_EQ_INT(out->interned, 1);
	T_ASSERT(out->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF));
	T_EQ_INT(out->local_pref, 200);
	T_EQ_INT(c.set, BGP_POL_SET_LOCAL_PREF);
	T_EQ_INT(out->med, 10);
	T_ASSERT(out->aspath_len == in->aspath_len &&
	    memcmp(out->aspath, in->aspath, in->aspath_len) == 0);
	T_EQ_INT(out->ncommunities, 2);
	T_EQ_INT(out->next_communities, 2);
	T_ASSERT(memcmp(out->ext_communities, in->ext_communities, 16) == 0);
	/* the same change again: the same interned set */
	p = prog("LP");
	again = NULL;
	T_EQ_INT(bgp_policy_apply(p, &c, in, &again), BGP_POL_PERMIT);
	T_ASSERT(again == out);
	bgp_attrs_unref(again);
	rpl_prog_free(p);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	T_EQ_INT(run_small("MED", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->med, 55);
	T_ASSERT(out->present & BGP_ATTRBIT(BGP_ATTR_MED));
	T_EQ_INT(c.set, BGP_POL_SET_MED);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	T_EQ_INT(run_small("COMM", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->ncommunities, 3);
	T_EQ_INT(out->communities[0], COMM_MAKE(1, 1));
	T_EQ_INT(out->communities[1], COMM_MAKE(1, 2));
	T_EQ_INT(out->communities[2], COMM_MAKE(65001, 10));
	T_EQ_INT(c.set, BGP_POL_SET_COMMUNITY);
	T_ASSERT(in->ncommunities == 2);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	T_EQ_INT(run_small("NOCOMM", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->ncommunities, 0);
	T_ASSERT(!(out->present & BGP_ATTRBIT(BGP_ATTR_COMMUNITIES)));
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	T_EQ_INT(run_small("PREPEND", &c, &in, &out), BGP_POL_PERMIT);
	w = out->aspath;
	T_EQ_INT(out->aspath_len, 2 + 4 * 4);
	T_EQ_INT(w[0], BGP_AS_SEQUENCE);
	T_EQ_INT(w[1], 4);
	T_EQ_INT(get32(w + 2), 65001);
	T_EQ_INT(get32(w + 6), 65001);
	T_EQ_INT(get32(w + 10), 65010);
	T_EQ_INT(get32(w + 14), 65020);
	T_EQ_INT(c.set, BGP_POL_SET_ASPATH);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	T_EQ_INT(run_small("WEIGHT", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->has_weight, 1);
	T_EQ_INT(out->weight, 300);
	T_EQ_INT(c.set, BGP_POL_SET_WEIGHT);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	/* extended communities: the old ones byte for byte, the new after */
	T_EQ_INT(run_small("EXT", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->next_communities, 3);
	T_ASSERT(memcmp(out->ext_communities, in->ext_communities, 16) == 0);
	T_ASSERT(memcmp(out->ext_communities + 16, "\x01\x02\x01\x02\x03"
	    "\x04\x00\x05", 8) == 0);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	/*
	 * RFC 9012 Color: type 0x03 subtype 0x0b, 2 octets of flags, the
	 * color in the last 4; the opaque subtype-2 one stays (not a color)
	 */
	T_EQ_INT(run_small("COLOR", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->next_communities, 4);
	T_ASSERT(memcmp(out->ext_communities, in->ext_communities, 16) == 0);
	T_ASSERT(memcmp(out->ext_communities + 16, "\x03\x0b\x00\x00\x00"
	    "\x00\x00\x64", 8) == 0);
	T_ASSERT(memcmp(out->ext_communities + 24, "\x03\x0b\x00\x00\xff"
	    "\xff\xff\xff", 8) == 0);
	T_EQ_INT(c.set, BGP_POL_SET_COMMUNITY);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);

	/* next hops: an address, self (known), unchanged / discard flagged */
	T_EQ_INT(run_small("NH", &c, &in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->nexthop.a[0], 10);
	T_EQ_INT(out->nexthop.a[3], 9);
	T_EQ_INT(c.set, BGP_POL_SET_NEXTHOP);
	bgp_attrs_unref(out);
	bgp_attrs_unref(in);
	p = prog("NH_SELF");
	in = mk_small();
	ctx_init(&c, &pfx);
	c.peer.local_addr.af = AF_V4;
	c.peer.local_addr.a[0] = 198;
	c.peer.local_addr.a[1] = 51;
	c.peer.local_addr.a[2] = 100;
	c.peer.local_addr.a[3] = 1;
	T_EQ_INT(bgp_policy_apply(p, &c, in, &out), BGP_POL_PERMIT);
	T_EQ_INT(out->nexthop.a[0], 198);
	T_EQ_INT(c.set, BGP_POL_SET_NEXTHOP);
	bgp_attrs_unref(out);
	rpl_prog_free(p);
	p = prog("NH_UNCH");
	ctx_init(&c, &pfx);
	T_EQ_INT(bgp_policy_apply(p, &c, in, &out), BGP_POL_PERMIT);
	T_ASSERT(out == in);		/* same attributes: same set */
	T_EQ_INT(c.set, BGP_POL_SET_NH_UNCHANGED);
	bgp_attrs_unref(out);
	rpl_prog_free(p);
	bgp_attrs_unref(in);
}

/* 1,000 communities and a 300-ASN path through a modifying policy. */
static void
test_big(void)
{
	struct bgp_attrs	*in = mk_big(), *out = NULL;
	struct bgp_pol_ctx	 c;
	struct rpl_prog		*p = prog("BIG");
	const uint8_t		*w, *v;
	unsigned		 i, bad = 0, round;

	for (round = 0; round < 2; round++) {
		ctx_init(&c, &pfx);
		out = NULL;
		T_EQ_INT(bgp_policy_apply(p, &c, in, &out), BGP_POL_PERMIT);
		if (out == NULL)
			break;
		T_EQ_INT(c.set, BGP_POL_SET_COMMUNITY | BGP_POL_SET_ASPATH |
		    BGP_POL_SET_LOCAL_PREF);
		T_EQ_INT(out->ncommunities, 1001);
		for (i = 0; i < 1000; i++)
			bad += out->communities[i] != in->communities[i];
		T_EQ_INT(out->communities[1000], COMM_MAKE(9, 9));
		/* large communities untouched: the same values */
		T_EQ_INT(out->nlarge_communities, 300);
		bad += memcmp(out->large_communities, in->large_communities,
		    300 * 12) != 0;
		/* the prepend went into the leading sequence: 14 + 2 */
		T_EQ_INT(out->aspath_len, in->aspath_len + 8);
		w = out->aspath;
		v = in->aspath;
		T_EQ_INT(w[0], BGP_AS_SEQUENCE);
		T_EQ_INT(w[1], 16);
		T_EQ_INT(get32(w + 2), 65001);
		T_EQ_INT(get32(w + 6), 65001);
		bad += memcmp(w + 10, v + 2, in->aspath_len - 2) != 0;
		T_EQ_INT(bad, 0);
		T_EQ_INT(out->local_pref, 120);
		T_EQ_INT(bgp_aspath_length(out->aspath, out->aspath_len), 302);
		bgp_attrs_unref(out);
	}
	rpl_prog_free(p);
	bgp_attrs_unref(in);
}

int
main(void)
{
	struct bgp_attrs_intern_stats	 st;

	db = rpl_db_new();
	pfx.addr.af = AF_V4;
	pfx.addr.a[0] = 10;
	pfx.addr.a[1] = 1;
	pfx.len = 16;
	add_policy("route-policy PASS\n  pass\nend-policy\n");
	add_policy("route-policy RT_ONLY\n"
	    "  if extcommunity rt matches-every (65001:7) and\n"
	    "      extcommunity rt matches-within (65001:7) then\n"
	    "    pass\n  endif\nend-policy\n");
	add_policy("route-policy DENY_RT\n"
	    "  if extcommunity rt matches-within (65001:7) then\n"
	    "    drop\n  endif\n  pass\nend-policy\n");
	add_policy("route-policy LP\n  set local-preference 200\n"
	    "end-policy\n");
	add_policy("route-policy MED\n  set med 55\nend-policy\n");
	add_policy("route-policy COMM\n"
	    "  set community (65001:10) additive\nend-policy\n");
	add_policy("route-policy NOCOMM\n  delete community all\n"
	    "end-policy\n");
	add_policy("route-policy PREPEND\n  prepend as-path own-as 2\n"
	    "end-policy\n");
	add_policy("route-policy WEIGHT\n  set weight 300\nend-policy\n");
	add_policy("route-policy EXT\n"
	    "  set extcommunity rt (1.2.3.4:5) additive\nend-policy\n");
	add_policy("route-policy COLOR\n"
	    "  set extcommunity color (100, 4294967295)\nend-policy\n");
	add_policy("route-policy NH\n  set next-hop 10.0.0.9\nend-policy\n");
	add_policy("route-policy NH_SELF\n  set next-hop self\nend-policy\n");
	add_policy("route-policy NH_UNCH\n  set next-hop unchanged\n"
	    "end-policy\n");
	add_policy("route-policy BIG\n"
	    "  if community matches-any (1:1000) and\n"
	    "      as-path length ge 300 and\n"
	    "      as-path originates-from '4200000019' and\n"
	    "      large-community matches-any (64512:299:4000000299) then\n"
	    "    prepend as-path 65001 2\n"
	    "    set community (9:9, 1:5) additive\n"
	    "    set local-preference 120\n"
	    "  else\n    drop\n  endif\nend-policy\n");
	test_view();
	test_unmodified();
	test_deny();
	test_sets();
	test_big();
	/* every set the tests made is gone: no reference left behind */
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 0);
	rpl_db_free(db);
	return T_DONE();
}
