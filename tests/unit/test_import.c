/*
 * Unit tests for core/bgp/import.c: each rule alone and in its edges
 * (our AS in an AS_SET and in confederation segments, local-as,
 * allowas-in 1 and 3, a truncated AS path), the order of the rules
 * and the names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/import.h"
#include "core/bgp/proto.h"
#include "tests/unit/t.h"

/* A wire AS path built segment by segment. */
struct path {
	uint8_t		 b[256];
	size_t		 len;
};

static void
seg(struct path *p, int type, const uint32_t *as, size_t n)
{
	size_t	 i;

	if (p->len + 2 + 4 * n > sizeof(p->b))
		abort();
	p->b[p->len++] = (uint8_t)type;
	p->b[p->len++] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		p->b[p->len++] = (uint8_t)(as[i] >> 24);
		p->b[p->len++] = (uint8_t)(as[i] >> 16);
		p->b[p->len++] = (uint8_t)(as[i] >> 8);
		p->b[p->len++] = (uint8_t)as[i];
	}
}

/* The attributes borrow the path's bytes. */
static void
attrs_with(struct bgp_attrs *a, struct path *p)
{
	memset(a, 0, sizeof(*a));
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->aspath = p != NULL ? p->b : NULL;
	a->aspath_len = p != NULL ? p->len : 0;
}

/* iBGP peer of AS 65000, router ID 1.1.1.1, no cluster ID set. */
static void
ibgp(struct import_peer *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->ibgp = 1;
	ip->router_as = 65000;
	ip->local_as = 65000;
	ip->router_id = 0x01010101;
	ip->cluster_id = 0x01010101;
}

static void
ebgp(struct import_peer *ip)
{
	ibgp(ip);
	ip->ibgp = 0;
	ip->ebgp = 1;
	ip->has_policy = 1;
}

static void
test_count(void)
{
	struct path	 p = { .len = 0 };
	uint32_t	 s1[] = { 65001, 65000, 65002, 65000 };
	uint32_t	 set[] = { 1, 65000, 2 };
	uint32_t	 conf[] = { 65000 };

	T_EQ_INT(bgp_aspath_count_as(NULL, 0, 65000), 0);
	T_EQ_INT(bgp_aspath_count_as(p.b, 0, 65000), 0);
	seg(&p, BGP_AS_SEQUENCE, s1, 4);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 65000), 2);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 65001), 1);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 65003), 0);
	seg(&p, BGP_AS_SET, set, 3);
	seg(&p, BGP_AS_CONFED_SEQUENCE, conf, 1);
	seg(&p, BGP_AS_CONFED_SET, conf, 1);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 65000), 5);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 2), 1);
	/* an empty segment in the middle is skipped, not the end */
	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, s1, 0);
	seg(&p, BGP_AS_SEQUENCE, s1, 2);
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 65000), 1);
	/* ASN 0 is counted like any other, only where present */
	T_EQ_INT(bgp_aspath_count_as(p.b, p.len, 0), 0);
}

/* Truncated and garbage paths: only whole ASNs are read, never past len. */
static void
test_truncated(void)
{
	struct path	 p = { .len = 0 };
	uint32_t	 s[] = { 65001, 65000, 65000 };
	size_t		 full;

	seg(&p, BGP_AS_SEQUENCE, s, 3);
	full = p.len;
	T_EQ_INT(bgp_aspath_count_as(p.b, full, 65000), 2);
	/* the last ASN cut in the middle: one whole occurrence left */
	T_EQ_INT(bgp_aspath_count_as(p.b, full - 1, 65000), 1);
	T_EQ_INT(bgp_aspath_count_as(p.b, full - 4, 65000), 1);
	T_EQ_INT(bgp_aspath_count_as(p.b, full - 5, 65000), 0);
	/* a header alone, a lone type byte */
	T_EQ_INT(bgp_aspath_count_as(p.b, 2, 65000), 0);
	T_EQ_INT(bgp_aspath_count_as(p.b, 1, 65000), 0);
	/* a count of 255 over 3 ASNs: stops at the end of the data */
	p.b[1] = 255;
	T_EQ_INT(bgp_aspath_count_as(p.b, full, 65000), 2);
	/* the bytes after len are ours (65000) but must not be read */
	p.b[1] = 3;
	T_EQ_INT(bgp_aspath_count_as(p.b, 2 + 4, 65000), 0);
}

static void
test_as_loop(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 clean[] = { 65001, 65002 };
	uint32_t		 ours[] = { 65001, 65000, 65002 };

	ebgp(&ip);
	seg(&p, BGP_AS_SEQUENCE, clean, 2);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, ours, 3);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* the same for iBGP */
	ibgp(&ip);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* no AS path at all (iBGP, locally originated upstream) */
	attrs_with(&a, NULL);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

static void
test_as_set_confed(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 seq[] = { 65001 };
	uint32_t		 set[] = { 7, 65000 };
	uint32_t		 conf[] = { 65000, 65010 };

	ebgp(&ip);
	/* in an AS_SET (an aggregate that went through us) */
	seg(&p, BGP_AS_SEQUENCE, seq, 1);
	seg(&p, BGP_AS_SET, set, 2);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* in a confederation sequence, then a confederation set */
	p.len = 0;
	seg(&p, BGP_AS_CONFED_SEQUENCE, conf, 2);
	seg(&p, BGP_AS_SEQUENCE, seq, 1);
	attrs_with(&a, &p);
	ibgp(&ip);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	p.len = 0;
	seg(&p, BGP_AS_CONFED_SET, conf, 2);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* other members of the confederation only: no loop */
	p.len = 0;
	seg(&p, BGP_AS_CONFED_SEQUENCE, conf + 1, 1);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

static void
test_local_as(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 s[] = { 65001, 64999, 65002 };

	ebgp(&ip);
	seg(&p, BGP_AS_SEQUENCE, s, 3);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	ip.local_as = 64999;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* router_as still checked with local-as set */
	s[1] = 65000;
	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, s, 3);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	/* local_as 0 (unset) is not an AS to look for */
	ip.local_as = 0;
	s[1] = 0;
	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, s, 3);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	/* allowas-in applies to local-as too */
	ip.local_as = 64999;
	s[0] = s[1] = 64999;
	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, s, 3);
	ip.allowas_in = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	ip.allowas_in = 2;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

static void
test_allowas_in(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 one[] = { 65001, 65000 };
	uint32_t		 three[] = { 65000, 65000, 65001, 65000 };
	uint32_t		 set[] = { 65000 };

	ebgp(&ip);
	seg(&p, BGP_AS_SEQUENCE, one, 2);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	ip.allowas_in = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);

	p.len = 0;
	seg(&p, BGP_AS_SEQUENCE, three, 4);
	attrs_with(&a, &p);
	ip.allowas_in = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	ip.allowas_in = 2;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	ip.allowas_in = 3;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	/* a fourth occurrence, in an AS_SET, is over 3 */
	seg(&p, BGP_AS_SET, set, 1);
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	ip.allowas_in = 4;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

/* A truncated path with our AS in its whole part is a loop. */
static void
test_truncated_loop(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 s[] = { 65000, 65001, 65002 };

	ebgp(&ip);
	seg(&p, BGP_AS_SEQUENCE, s, 3);
	p.len -= 6;
	attrs_with(&a, &p);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	a.aspath_len = 5;	/* 65000 cut */
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

static void
test_originator(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;

	ibgp(&ip);
	attrs_with(&a, NULL);
	a.originator_id = 0x01010101;
	/* the value without the attribute present is not looked at */
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_ORIGINATOR);
	a.originator_id = 0x02020202;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	/* the byte order is the host's: 1.1.1.2 is not 2.1.1.1 */
	ip.router_id = 0x01010102;
	a.originator_id = 0x02010101;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	a.originator_id = 0x01010102;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_ORIGINATOR);
}

static void
test_cluster(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	uint32_t		 cl[] = { 0x0a000001, 0x0a000002, 0x0a000003 };

	ibgp(&ip);
	ip.cluster_id = 0x0a000003;
	attrs_with(&a, NULL);
	a.present |= BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
	a.cluster_list = cl;
	a.ncluster = 3;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_CLUSTER_LOOP);
	a.ncluster = 2;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	ip.cluster_id = 0x0a000001;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_CLUSTER_LOOP);
	a.ncluster = 0;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	/* the router ID as cluster ID (none configured) */
	ip.cluster_id = ip.router_id;
	cl[1] = ip.router_id;
	a.ncluster = 3;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_CLUSTER_LOOP);
}

static void
test_rfc8212(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;

	ebgp(&ip);
	attrs_with(&a, NULL);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	ip.has_policy = 0;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_RFC8212);
	ip.unsafe_ebgp = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
	/* iBGP needs no policy */
	ibgp(&ip);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_OK);
}

/* Loops first, then RFC 8212; AS loop before the reflection loops. */
static void
test_order(void)
{
	struct import_peer	 ip;
	struct bgp_attrs	 a;
	struct path		 p = { .len = 0 };
	uint32_t		 s[] = { 65000 };
	uint32_t		 cl[] = { 0x01010101 };

	ebgp(&ip);
	ip.has_policy = 0;
	seg(&p, BGP_AS_SEQUENCE, s, 1);
	attrs_with(&a, &p);
	a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID);
	a.originator_id = ip.router_id;
	a.cluster_list = cl;
	a.ncluster = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_AS_LOOP);
	attrs_with(&a, NULL);
	a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID);
	a.originator_id = ip.router_id;
	a.cluster_list = cl;
	a.ncluster = 1;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_ORIGINATOR);
	a.present &= ~BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID);
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_CLUSTER_LOOP);
	a.ncluster = 0;
	T_EQ_INT(bgp_import_check(&ip, &a), IMPORT_RFC8212);
}

static void
test_names(void)
{
	T_EQ_STR(import_result_name(IMPORT_OK), "accepted");
	T_EQ_STR(import_result_name(IMPORT_AS_LOOP), "AS path loop");
	T_EQ_STR(import_result_name(IMPORT_ORIGINATOR), "originator is us");
	T_EQ_STR(import_result_name(IMPORT_CLUSTER_LOOP),
	    "cluster ID in cluster list");
	T_EQ_STR(import_result_name(IMPORT_RFC8212),
	    "no inbound policy (RFC 8212)");
	T_EQ_STR(import_result_name((enum import_result)99), "?");
}

int
main(void)
{
	test_count();
	test_truncated();
	test_as_loop();
	test_as_set_confed();
	test_local_as();
	test_allowas_in();
	test_truncated_loop();
	test_originator();
	test_cluster();
	test_rfc8212();
	test_order();
	test_names();
	return T_DONE();
}
