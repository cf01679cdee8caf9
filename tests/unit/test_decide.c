/*
 * Unit tests for core/bgp/decide.c: every step deciding alone (all earlier
 * steps equal) in both directions, every knob, parts 2 and 3, multipath
 * and the describers.
 */
#include <stdlib.h>

#include "core/bgp/decide.h"
#include "core/bgp/proto.h"
#include "tests/unit/t.h"

/* One test path: attributes, AS path bytes and the candidate. */
struct tp {
	struct bgp_attrs	 a;
	uint8_t			 path[128];
	struct bgp_cand		 c;
};

/*
 * "65001 65002 {1 2} (65010) [65011]": a sequence, an AS_SET, a confed
 * sequence and a confed set, into 4-octet wire form.
 */
static void
setpath(struct tp *p, const char *spec)
{
	size_t		 len = 0;
	uint8_t		*seg = NULL;
	const char	*s = spec;
	char		*end;
	unsigned long	 as;
	int		 type = 0;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '{' || *s == '(' || *s == '[') {
			type = *s == '{' ? BGP_AS_SET : *s == '(' ?
			    BGP_AS_CONFED_SEQUENCE : BGP_AS_CONFED_SET;
			seg = NULL;
			s++;
			continue;
		}
		if (*s == '}' || *s == ')' || *s == ']') {
			type = 0;
			seg = NULL;
			s++;
			continue;
		}
		as = strtoul(s, &end, 10);
		s = end;
		if (seg == NULL) {
			seg = p->path + len;
			seg[0] = (uint8_t)(type ? type : BGP_AS_SEQUENCE);
			seg[1] = 0;
			len += 2;
		}
		p->path[len++] = (uint8_t)(as >> 24);
		p->path[len++] = (uint8_t)(as >> 16);
		p->path[len++] = (uint8_t)(as >> 8);
		p->path[len++] = (uint8_t)as;
		seg[1]++;
	}
	p->a.aspath = len ? p->path : NULL;
	p->a.aspath_len = len;
	p->a.present |= BGP_ATTRBIT(BGP_ATTR_AS_PATH);
}

/* An eBGP path from neighbor AS 65001, peer 10.0.0.<n>, router ID n. */
static void
ebgp(struct tp *p, unsigned n)
{
	char	 buf[32];

	memset(p, 0, sizeof(*p));
	p->a.origin = BGP_ORIGIN_IGP;
	p->a.present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	setpath(p, "65001 65100");
	p->c.attrs = &p->a;
	p->c.ebgp = 1;
	p->c.peer_router_id = n;
	snprintf(buf, sizeof(buf), "10.0.0.%u", n);
	addr_parse(buf, &p->c.peer_addr);
	p->c.nh_reachable = 1;
}

/* An iBGP path with local preference 100 and the AS path given. */
static void
ibgp(struct tp *p, unsigned n)
{
	ebgp(p, n);
	p->c.ebgp = 0;
	p->a.local_pref = 100;
	p->a.present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
}

static void
setmed(struct tp *p, uint32_t m)
{
	p->a.med = m;
	p->a.present |= BGP_ATTRBIT(BGP_ATTR_MED);
}

static void
setlp(struct tp *p, uint32_t lp)
{
	p->a.local_pref = lp;
	p->a.present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
}

static struct bgp_decide_cfg	 cfg;

/*
 * a must beat b at step s with values av / bv, and b must lose to a the
 * other way round.
 */
static void
check_step(int line, struct tp *a, struct tp *b, enum bgp_step s,
    const char *av, const char *bv)
{
	struct bgp_cmp_result	 r;
	int			 d;

	d = bgp_cand_cmp(&a->c, &b->c, &cfg, &r);
	if (d >= 0 || r.step != s)
		fprintf(stderr, "  (from line %d: step %s, want %s)\n", line,
		    bgp_step_name(r.step), bgp_step_name(s));
	T_ASSERT(d < 0);
	T_EQ_INT(r.step, s);
	T_EQ_INT(r.winner, -1);
	if (av != NULL)
		T_EQ_STR(r.a_val, av);
	if (bv != NULL)
		T_EQ_STR(r.b_val, bv);
	d = bgp_cand_cmp(&b->c, &a->c, &cfg, &r);
	if (d <= 0 || r.step != s)
		fprintf(stderr, "  (from line %d, reversed)\n", line);
	T_ASSERT(d > 0);
	T_EQ_INT(r.step, s);
	T_EQ_INT(r.winner, 1);
	if (av != NULL)
		T_EQ_STR(r.b_val, av);
	if (bv != NULL)
		T_EQ_STR(r.a_val, bv);
	/* the comparison without a result (no formatting) agrees */
	T_EQ_INT(bgp_cand_cmp(&a->c, &b->c, &cfg, NULL), -1);
	T_EQ_INT(bgp_cand_cmp(&b->c, &a->c, &cfg, NULL), 1);
}
#define STEP(a, b, s, av, bv)	check_step(__LINE__, a, b, s, av, bv)

static void
test_names(void)
{
	T_EQ_STR(bgp_step_name(BGP_STEP_WEIGHT), "weight");
	T_EQ_STR(bgp_step_name(BGP_STEP_LOCAL_PREF), "local preference");
	T_EQ_STR(bgp_step_name(BGP_STEP_LOCAL), "locally originated");
	T_EQ_STR(bgp_step_name(BGP_STEP_ASPATH), "AS path length");
	T_EQ_STR(bgp_step_name(BGP_STEP_ORIGIN), "origin");
	T_EQ_STR(bgp_step_name(BGP_STEP_MED), "MED");
	T_EQ_STR(bgp_step_name(BGP_STEP_EBGP), "eBGP over iBGP");
	T_EQ_STR(bgp_step_name(BGP_STEP_IGP_METRIC), "IGP metric");
	T_EQ_STR(bgp_step_name(BGP_STEP_OLDEST), "oldest path");
	T_EQ_STR(bgp_step_name(BGP_STEP_ROUTER_ID), "router ID");
	T_EQ_STR(bgp_step_name(BGP_STEP_CLUSTER), "cluster list length");
	T_EQ_STR(bgp_step_name(BGP_STEP_NBR_ADDR), "neighbor address");
	T_EQ_STR(bgp_step_name(BGP_STEP_NONE), "equal");
	T_EQ_STR(bgp_step_name(BGP_STEP_VALID), "valid path");
	T_EQ_STR(bgp_step_name(BGP_STEP_RPKI), "origin-AS validity");
	T_EQ_STR(bgp_rov_name(BGP_ROV_VALID), "valid");
	T_EQ_STR(bgp_rov_name(BGP_ROV_INVALID), "invalid");
	T_EQ_STR(bgp_rov_name(BGP_ROV_NOT_FOUND), "not-found");
	T_EQ_STR(bgp_rov_name(BGP_ROV_OFF), "(disabled)");
	T_EQ_STR(bgp_step_name(BGP_STEP_COUNT), "?");
	T_EQ_STR(bgp_step_name((enum bgp_step)-1), "?");
	bgp_decide_cfg_init(&cfg);
	T_EQ_INT(cfg.default_local_pref, 100);
	T_EQ_INT(cfg.med_always, 0);
	T_EQ_INT(cfg.maximum_paths_ebgp, 0);
}

static void
test_equal(void)
{
	struct tp		 a, b;
	struct bgp_cmp_result	 r;

	ebgp(&a, 1);
	ebgp(&b, 1);
	T_EQ_INT(bgp_cand_cmp(&a.c, &b.c, &cfg, &r), 0);
	T_EQ_INT(r.step, BGP_STEP_NONE);
	T_EQ_INT(r.winner, 0);
	T_EQ_INT(bgp_cand_cmp(&a.c, &b.c, &cfg, NULL), 0);
}

static void
test_valid(void)
{
	struct tp	 a, b;

	ebgp(&a, 2);
	ebgp(&b, 1);
	b.c.nh_reachable = 0;
	b.c.weight = 100;	/* a later step would favour b */
	STEP(&a, &b, BGP_STEP_VALID, "valid", "inaccessible");
	T_ASSERT(bgp_cand_invalid_reason(&a.c) == NULL);
	T_EQ_STR(bgp_cand_invalid_reason(&b.c), "inaccessible");
}

static void
test_weight(void)
{
	struct tp	 a, b;

	ebgp(&a, 2);
	ebgp(&b, 1);
	a.c.weight = 200;
	b.c.weight = 100;
	setlp(&b, 500);		/* later steps favour b */
	STEP(&a, &b, BGP_STEP_WEIGHT, "200", "100");
	a.c.weight = BGP_WEIGHT_LOCAL;
	b.c.weight = 0;
	STEP(&a, &b, BGP_STEP_WEIGHT, "32768", "0");
}

static void
test_local_pref(void)
{
	struct tp	 a, b;

	ibgp(&a, 2);
	ibgp(&b, 1);
	setlp(&a, 200);
	setlp(&b, 100);
	b.c.local = BGP_LOCAL_NETWORK;	/* a later step favours b */
	STEP(&a, &b, BGP_STEP_LOCAL_PREF, "200", "100");

	/* a missing LOCAL_PREF is the default, 100 or as configured */
	ebgp(&a, 2);
	ebgp(&b, 1);
	setlp(&b, 50);
	STEP(&a, &b, BGP_STEP_LOCAL_PREF, "100", "50");
	cfg.default_local_pref = 40;
	STEP(&b, &a, BGP_STEP_LOCAL_PREF, "50", "40");
	cfg.default_local_pref = 100;
}

static void
test_local(void)
{
	struct tp	 a, b;

	ebgp(&a, 2);
	ebgp(&b, 1);
	setpath(&a, "");
	a.c.local = BGP_LOCAL_NETWORK;
	a.c.ebgp = 0;
	a.c.peer_addr.af = 0;
	a.a.origin = BGP_ORIGIN_INCOMPLETE;	/* later steps favour b */
	STEP(&a, &b, BGP_STEP_LOCAL, "local", "received");
	b.c.local = BGP_LOCAL_AGGREGATE;
	STEP(&a, &b, BGP_STEP_LOCAL, "local", "aggregate");
	ebgp(&a, 2);
	a.c.local = BGP_LOCAL_AGGREGATE;
	ebgp(&b, 1);
	STEP(&a, &b, BGP_STEP_LOCAL, "aggregate", "received");
}

static void
test_aspath(void)
{
	struct tp	 a, b;
	struct bgp_cmp_result r;

	ebgp(&a, 2);
	ebgp(&b, 1);
	setpath(&a, "65001 65002 65003");
	setpath(&b, "65001 65002 65003 65004");
	b.a.origin = BGP_ORIGIN_IGP;
	a.a.origin = BGP_ORIGIN_INCOMPLETE;	/* origin favours b */
	STEP(&a, &b, BGP_STEP_ASPATH, "3", "4");

	/* as-path ignore: origin decides instead */
	cfg.aspath_ignore = 1;
	STEP(&b, &a, BGP_STEP_ORIGIN, "IGP", "incomplete");
	cfg.aspath_ignore = 0;

	/* an AS_SET counts one, whatever its size */
	setpath(&a, "65001 {1 2 3 4 5}");
	setpath(&b, "65001 65002 65003");
	STEP(&a, &b, BGP_STEP_ASPATH, "2", "3");

	/* confederation segments count zero */
	setpath(&a, "(65010 65011 65012) [65013 65014] 65001 65002");
	setpath(&b, "65001 65002 65003");
	STEP(&a, &b, BGP_STEP_ASPATH, "2", "3");
	setpath(&a, "(65010 65011) 65001 65100");
	setpath(&b, "65001 65100");
	a.a.origin = b.a.origin;
	T_EQ_INT(bgp_cand_cmp(&a.c, &b.c, &cfg, &r) != 0 &&
	    r.step == BGP_STEP_ASPATH, 0);
	/* an empty path is 0 */
	setpath(&a, "");
	setpath(&b, "65001");
	a.a.origin = BGP_ORIGIN_INCOMPLETE;
	STEP(&a, &b, BGP_STEP_ASPATH, "0", "1");
}

static void
test_origin(void)
{
	struct tp	 a, b;

	ebgp(&a, 2);
	ebgp(&b, 1);
	setmed(&a, 100);	/* MED favours b */
	a.a.origin = BGP_ORIGIN_IGP;
	b.a.origin = BGP_ORIGIN_EGP;
	STEP(&a, &b, BGP_STEP_ORIGIN, "IGP", "EGP");
	b.a.origin = BGP_ORIGIN_INCOMPLETE;
	STEP(&a, &b, BGP_STEP_ORIGIN, "IGP", "incomplete");
	a.a.origin = BGP_ORIGIN_EGP;
	STEP(&a, &b, BGP_STEP_ORIGIN, "EGP", "incomplete");
}

static void
test_med(void)
{
	struct tp		 a, b;
	struct bgp_cmp_result	 r;

	/* same neighbor AS: lower wins */
	ebgp(&a, 2);
	ebgp(&b, 1);
	setmed(&a, 10);
	setmed(&b, 20);
	b.c.igp_metric = 0;
	a.c.igp_metric = 50;	/* IGP metric favours b */
	STEP(&a, &b, BGP_STEP_MED, "10", "20");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 1);
	T_EQ_STR(r.a_medgrp, "65001");

	/* different neighbor AS: not compared, the IGP metric decides */
	setpath(&b, "65002 65100");
	STEP(&b, &a, BGP_STEP_IGP_METRIC, "0", "50");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 0);
	T_EQ_STR(r.a_medgrp, "65001");
	T_EQ_STR(r.b_medgrp, "65002");
	/* ... unless med always */
	cfg.med_always = 1;
	STEP(&a, &b, BGP_STEP_MED, "10", "20");
	cfg.med_always = 0;

	/* missing MED is 0, or 4294967295 with missing-as-worst */
	ebgp(&a, 2);
	ebgp(&b, 1);
	setmed(&b, 5);
	a.c.igp_metric = 50;
	STEP(&a, &b, BGP_STEP_MED, "0", "5");
	cfg.med_missing_worst = 1;
	STEP(&b, &a, BGP_STEP_MED, "5", "4294967295");
	cfg.med_missing_worst = 0;
	/* a present MED of 0 equals a missing one */
	setmed(&b, 0);
	STEP(&b, &a, BGP_STEP_IGP_METRIC, "0", "50");

	/* internal paths (empty AS path) are comparable */
	ibgp(&a, 2);
	ibgp(&b, 1);
	setpath(&a, "");
	setpath(&b, "");
	setmed(&a, 1);
	setmed(&b, 2);
	STEP(&a, &b, BGP_STEP_MED, "1", "2");
	/* a path starting with an AS_SET counts as internal */
	setpath(&b, "{65001 65002}");
	setpath(&a, "{65003}");
	STEP(&a, &b, BGP_STEP_MED, "1", "2");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_STR(r.b_medgrp, "internal");
	T_EQ_STR(r.a_medgrp, "internal");
	setpath(&a, "");
	/* internal vs external AS: not comparable */
	setpath(&b, "65001");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 0);

	/* confederation then a sequence: the sequence's first AS */
	setpath(&a, "(65010) 65001 65100");
	setpath(&b, "(65011 65012) 65001 65200");
	b.c.peer_router_id = 9;	/* router ID favours a: b must win by MED */
	setmed(&a, 2);
	setmed(&b, 1);
	STEP(&b, &a, BGP_STEP_MED, "1", "2");
	/* confederation only: not comparable unless med confed */
	setpath(&a, "(65010)");
	setpath(&b, "(65011 65012)");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 0);
	T_EQ_STR(r.a_medgrp, "none");
	T_EQ_INT(r.step, BGP_STEP_ROUTER_ID);
	cfg.med_confed = 1;
	STEP(&b, &a, BGP_STEP_MED, "1", "2");
	/* ... and then it is internal, comparable with an empty path */
	setpath(&a, "");
	STEP(&b, &a, BGP_STEP_MED, "1", "2");
	/* confederation then an AS_SET: same rule (both length 1) */
	setpath(&a, "{65003}");
	setpath(&b, "(65011) {65001 65002}");
	STEP(&b, &a, BGP_STEP_MED, "1", "2");
	cfg.med_confed = 0;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 0);
}

static void
test_ebgp(void)
{
	struct tp	 a, b;

	ebgp(&a, 2);
	ibgp(&b, 1);
	a.a.present = b.a.present;
	a.a.local_pref = 100;
	a.c.igp_metric = 10;	/* IGP metric favours b */
	STEP(&a, &b, BGP_STEP_EBGP, "external", "internal");
	/* a confederation-external peer counts as internal */
	b.c.confed_ebgp = 1;
	STEP(&a, &b, BGP_STEP_EBGP, "external", "confed-external");
	a.c.ebgp = 0;
	a.c.confed_ebgp = 0;
	STEP(&b, &a, BGP_STEP_IGP_METRIC, "0", "10");
}

static void
test_igp(void)
{
	struct tp	 a, b;

	ibgp(&a, 2);
	ibgp(&b, 1);
	a.c.igp_metric = 10;
	b.c.igp_metric = 20;
	STEP(&a, &b, BGP_STEP_IGP_METRIC, "10", "20");
	cfg.igp_metric_ignore = 1;
	STEP(&b, &a, BGP_STEP_ROUTER_ID, "0.0.0.1", "0.0.0.2");
	cfg.igp_metric_ignore = 0;
}

static void
test_router_id(void)
{
	struct tp	 a, b;

	ebgp(&a, 9);
	ebgp(&b, 1);
	a.c.peer_router_id = 0x01010101;
	b.c.peer_router_id = 0x02020202;
	STEP(&a, &b, BGP_STEP_ROUTER_ID, "1.1.1.1", "2.2.2.2");

	/* a reflected path is compared by its ORIGINATOR_ID */
	ibgp(&a, 9);
	ibgp(&b, 1);
	a.c.peer_router_id = 0x01010101;	/* the reflector */
	a.a.originator_id = 0x03030303;
	a.a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID);
	b.c.peer_router_id = 0x02020202;
	STEP(&b, &a, BGP_STEP_ROUTER_ID, "2.2.2.2", "3.3.3.3");
	a.a.originator_id = 0x00000101;
	STEP(&a, &b, BGP_STEP_ROUTER_ID, "0.0.1.1", "2.2.2.2");
}

static void
test_cluster(void)
{
	struct tp	 a, b;
	uint32_t	 cl1[1] = { 0x0a000001 };
	uint32_t	 cl2[2] = { 0x0a000001, 0x0a000002 };

	ibgp(&a, 9);
	ibgp(&b, 1);
	/* reflected twice, same originator: the cluster list decides */
	a.a.originator_id = b.a.originator_id = 0x05050505;
	a.a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID) |
	    BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
	b.a.present |= BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID) |
	    BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
	a.a.cluster_list = cl1;
	a.a.ncluster = 1;
	b.a.cluster_list = cl2;
	b.a.ncluster = 2;
	STEP(&a, &b, BGP_STEP_CLUSTER, "1", "2");
	/* no CLUSTER_LIST counts 0 */
	a.a.present &= ~BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST);
	STEP(&a, &b, BGP_STEP_CLUSTER, "0", "2");
}

static void
test_nbr_addr(void)
{
	struct tp	 a, b;

	ebgp(&a, 9);
	ebgp(&b, 1);
	a.c.peer_router_id = b.c.peer_router_id = 7;
	addr_parse("10.0.0.1", &a.c.peer_addr);
	addr_parse("10.0.0.2", &b.c.peer_addr);
	STEP(&a, &b, BGP_STEP_NBR_ADDR, "10.0.0.1", "10.0.0.2");
	addr_parse("9.255.255.255", &b.c.peer_addr);
	STEP(&b, &a, BGP_STEP_NBR_ADDR, "9.255.255.255", "10.0.0.1");
	addr_parse("2001:db8::1", &a.c.peer_addr);
	addr_parse("2001:db8::10", &b.c.peer_addr);
	STEP(&a, &b, BGP_STEP_NBR_ADDR, "2001:db8::1", "2001:db8::10");
	addr_parse("fe80::1", &b.c.peer_addr);
	STEP(&a, &b, BGP_STEP_NBR_ADDR, "2001:db8::1", "fe80::1");
	/* a locally generated path counts as 0.0.0.0 */
	memset(&a.c.peer_addr, 0, sizeof(a.c.peer_addr));
	STEP(&a, &b, BGP_STEP_NBR_ADDR, "0.0.0.0", "fe80::1");
}

static const struct bgp_cand *
cp(struct tp *p)
{
	return &p->c;
}

static void
test_decide_valid(void)
{
	struct tp			 p[3];
	const struct bgp_cand		*c[3];
	struct bgp_verdict		 v[3];
	unsigned char			 mp[3];
	size_t				 best, i;

	for (i = 0; i < 3; i++) {
		ebgp(&p[i], (unsigned)i + 1);
		c[i] = cp(&p[i]);
	}
	/* path 0 is best on weight but unreachable */
	p[0].c.weight = 1000;
	p[0].c.nh_reachable = 0;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, mp), 2);
	T_EQ_INT(best, 1);
	T_EQ_INT(bgp_decide_explain(c, 3, &cfg, &best, NULL, v), 2);
	T_EQ_INT(best, 1);
	T_EQ_STR(v[0].invalid, "inaccessible");
	T_EQ_INT(v[0].lost_to, 1);
	T_EQ_INT(v[0].res.step, BGP_STEP_VALID);
	T_ASSERT(v[1].invalid == NULL);
	T_EQ_INT(v[1].best, 1);
	T_EQ_INT(v[2].lost_to, 1);
	T_EQ_INT(v[2].res.step, BGP_STEP_ROUTER_ID);
	T_EQ_INT(v[2].res.a_num, 3);
	T_EQ_INT(v[2].res.b_num, 2);
	/* nothing reachable */
	for (i = 0; i < 3; i++)
		p[i].c.nh_reachable = 0;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, mp), 0);
	T_EQ_INT(best, BGP_DECIDE_NONE);
	T_EQ_INT(mp[0] + mp[1] + mp[2], 0);
	T_EQ_INT(bgp_decide(c, 0, &cfg, &best, NULL), 0);
	T_EQ_INT(best, BGP_DECIDE_NONE);
	/* one path */
	p[2].c.nh_reachable = 1;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, NULL), 1);
	T_EQ_INT(best, 2);
}

/*
 * RPKI (`bgp bestpath origin-as use validity`): valid > not-found >
 * invalid before every other step but validity; an invalid path is no
 * candidate unless `allow invalid` (global, or its neighbor's); without
 * use validity the state changes nothing.
 */
static void
test_rpki(void)
{
	struct tp			 p[3], a, b;
	const struct bgp_cand		*c[3];
	struct bgp_verdict		 v[3];
	struct bgp_cmp_result		 r;
	struct strbuf			 sb = STRBUF_INIT;
	size_t				 best, i;

	/* off: the state is ignored, weight decides */
	ebgp(&a, 2);
	ebgp(&b, 1);
	a.c.rov = BGP_ROV_INVALID;
	a.c.weight = 100;
	b.c.rov = BGP_ROV_VALID;
	STEP(&a, &b, BGP_STEP_WEIGHT, "100", "0");

	cfg.rov_use_validity = 1;
	cfg.rov_allow_invalid = 1;
	/* each pair, with a later step favouring the loser */
	ebgp(&a, 2);
	ebgp(&b, 1);
	a.c.rov = BGP_ROV_VALID;
	b.c.rov = BGP_ROV_NOT_FOUND;
	b.c.weight = 1000;
	setlp(&b, 500);
	STEP(&a, &b, BGP_STEP_RPKI, "valid", "not-found");
	a.c.rov = BGP_ROV_NOT_FOUND;
	b.c.rov = BGP_ROV_INVALID;
	STEP(&a, &b, BGP_STEP_RPKI, "not-found", "invalid");
	/* a path not validated (disabled for it, or local) ranks as valid */
	a.c.rov = BGP_ROV_OFF;
	b.c.rov = BGP_ROV_NOT_FOUND;
	STEP(&a, &b, BGP_STEP_RPKI, "(disabled)", "not-found");
	a.c.rov = BGP_ROV_OFF;
	b.c.rov = BGP_ROV_VALID;
	STEP(&b, &a, BGP_STEP_WEIGHT, "1000", "0");
	/* the next hop still comes first */
	a.c.rov = BGP_ROV_VALID;
	b.c.rov = BGP_ROV_INVALID;
	a.c.nh_reachable = 0;
	STEP(&b, &a, BGP_STEP_VALID, "valid", "inaccessible");
	a.c.nh_reachable = 1;
	bgp_cand_cmp(&b.c, &a.c, &cfg, &r);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Worse origin-AS validity than best path (path #2)");
	sb_reset(&sb);

	/* without allow invalid: invalid is not a candidate at all */
	cfg.rov_allow_invalid = 0;
	STEP(&a, &b, BGP_STEP_VALID, "valid", "origin-AS invalid");
	T_ASSERT(bgp_cand_ineligible_reason(&a.c, &cfg) == NULL);
	T_EQ_STR(bgp_cand_ineligible_reason(&b.c, &cfg), "origin-AS invalid");
	T_ASSERT(bgp_cand_invalid_reason(&b.c) == NULL);	/* next hop */
	/* the neighbor's allow invalid lets its own paths compete */
	b.c.rov_allow_invalid = 1;
	STEP(&a, &b, BGP_STEP_RPKI, "valid", "invalid");
	T_ASSERT(bgp_cand_ineligible_reason(&b.c, &cfg) == NULL);

	/* the whole decision: path 0 invalid (best on weight), 1
	   not-found, 2 valid but a longer AS path */
	for (i = 0; i < 3; i++) {
		ebgp(&p[i], (unsigned)i + 1);
		c[i] = cp(&p[i]);
	}
	p[0].c.rov = BGP_ROV_INVALID;
	p[0].c.weight = 1000;
	p[1].c.rov = BGP_ROV_NOT_FOUND;
	p[2].c.rov = BGP_ROV_VALID;
	setpath(&p[2], "65001 65100 65100 65100");
	T_EQ_INT(bgp_decide_explain(c, 3, &cfg, &best, NULL, v), 2);
	T_EQ_INT(best, 2);
	T_EQ_STR(v[0].invalid, "origin-AS invalid");
	T_EQ_INT(v[0].res.step, BGP_STEP_VALID);
	T_EQ_INT(v[1].lost_to, 2);
	T_EQ_INT(v[1].res.step, BGP_STEP_RPKI);
	/* only invalid paths: no best */
	p[1].c.rov = p[2].c.rov = BGP_ROV_INVALID;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, NULL), 0);
	T_EQ_INT(best, BGP_DECIDE_NONE);
	/* allowed: the invalid path best on weight wins */
	cfg.rov_allow_invalid = 1;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, NULL), 3);
	T_EQ_INT(best, 0);
	/* the current best, invalid and barred, is not kept by part 3 */
	cfg.rov_allow_invalid = 0;
	p[1].c.rov = BGP_ROV_VALID;
	p[2].c.rov = BGP_ROV_VALID;
	setpath(&p[2], "65001 65100");
	p[0].c.weight = 0;
	p[0].c.cur_best = 1;
	T_EQ_INT(bgp_decide(c, 3, &cfg, &best, NULL), 2);
	T_EQ_INT(best, 1);
	/* valid and not-found never share a multipath set */
	cfg.maximum_paths_ebgp = 4;
	{
		unsigned char	 mp[3];

		p[0].c.cur_best = 0;
		p[0].c.rov = BGP_ROV_NOT_FOUND;
		T_EQ_INT(bgp_decide(c, 3, &cfg, &best, mp), 3);
		T_EQ_INT(best, 1);
		T_EQ_INT(mp[0], 0);
		T_EQ_INT(mp[1], 1);
		T_EQ_INT(mp[2], 1);
	}
	sb_free(&sb);
	bgp_decide_cfg_init(&cfg);
}

/* Part 3: XR's "oldest eBGP path" is keeping the current best. */
static void
test_suppression(void)
{
	struct tp			 p[2];
	const struct bgp_cand		*c[2] = { &p[0].c, &p[1].c };
	struct bgp_verdict		 v[2];
	struct strbuf			 sb = STRBUF_INIT;
	size_t				 best;

	ebgp(&p[0], 1);			/* lower router ID */
	ebgp(&p[1], 2);
	setpath(&p[1], "65002 65100");	/* another AS: still equal */
	p[1].c.received = 100.0;	/* ages are not compared */
	p[0].c.received = 200.0;
	T_EQ_INT(bgp_decide(c, 2, &cfg, &best, NULL), 2);
	T_EQ_INT(best, 0);		/* first run: router ID */
	p[1].c.cur_best = 1;
	T_EQ_INT(bgp_decide(c, 2, &cfg, &best, NULL), 2);
	T_EQ_INT(best, 1);		/* kept */
	bgp_decide_explain(c, 2, &cfg, &best, NULL, v);
	T_EQ_INT(v[1].best, 1);
	T_EQ_INT(v[0].lost_to, 1);
	T_EQ_INT(v[0].res.step, BGP_STEP_OLDEST);
	bgp_cmp_describe(&v[0].res, &sb);
	T_EQ_STR(sb_str(&sb), "Path #1 lost to path #2 at step 'oldest path': "
	    "new vs current best");
	sb_reset(&sb);
	bgp_cmp_xr_reason(&v[0].res, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Best path change suppressed, kept best path (path #2)");
	sb_free(&sb);
	/* compare-routerid: the new winner always */
	cfg.compare_routerid = 1;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
	cfg.compare_routerid = 0;
	/* not suppressed when the current best is worse before router ID */
	p[1].c.igp_metric = 1;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
	p[1].c.igp_metric = 0;
	/* ... nor when it is no longer valid */
	p[1].c.nh_reachable = 0;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
	p[1].c.nh_reachable = 1;
	/* ... nor when either is internal or confederation */
	p[1].c.ebgp = 0;
	p[0].c.ebgp = 0;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
	p[1].c.confed_ebgp = 1;
	p[0].c.confed_ebgp = 1;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
	p[1].c.ebgp = p[0].c.ebgp = 1;
	p[1].c.confed_ebgp = p[0].c.confed_ebgp = 0;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 1);
	/* ... nor when both come from the same router */
	p[1].c.peer_router_id = 1;
	addr_parse("10.0.0.9", &p[1].c.peer_addr);
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);		/* neighbor address */
	/* ... nor for a locally originated path */
	ebgp(&p[0], 1);
	ebgp(&p[1], 2);
	p[1].c.cur_best = 1;
	p[1].c.local = BGP_LOCAL_NETWORK;
	p[0].c.local = BGP_LOCAL_NETWORK;
	bgp_decide(c, 2, &cfg, &best, NULL);
	T_EQ_INT(best, 0);
}

/*
 * The classic MED cycle: P1 and P3 from AS 65001 (MED 50 and 20), P2 from
 * AS 65002.  P1 beats P2 (router ID), P2 beats P3 (router ID), P3 beats P1
 * (MED): a walk in arrival order can end anywhere.  XR groups by
 * neighbour AS first: best of 65001 is P3, which loses to P2.
 */
static size_t
naive(const struct bgp_cand *const *c, size_t n)
{
	size_t	 i, best = 0;

	for (i = 1; i < n; i++)
		if (bgp_cand_cmp(c[i], c[best], &cfg, NULL) < 0)
			best = i;
	return best;
}

static void
test_med_nontransitive(void)
{
	static const int	 perms[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
		{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};
	struct tp			 p[3];
	const struct bgp_cand		*c[3];
	struct bgp_verdict		 v[3];
	struct strbuf			 sb = STRBUF_INIT;
	size_t				 best, i, k;
	int				 seen[3] = { 0, 0, 0 };

	ebgp(&p[0], 1);
	setmed(&p[0], 50);
	ebgp(&p[1], 2);
	setpath(&p[1], "65002 65100");
	setmed(&p[1], 10);
	ebgp(&p[2], 3);
	setmed(&p[2], 20);

	T_ASSERT(bgp_cand_cmp(&p[0].c, &p[1].c, &cfg, NULL) < 0);
	T_ASSERT(bgp_cand_cmp(&p[1].c, &p[2].c, &cfg, NULL) < 0);
	T_ASSERT(bgp_cand_cmp(&p[2].c, &p[0].c, &cfg, NULL) < 0);

	for (k = 0; k < 6; k++) {
		for (i = 0; i < 3; i++)
			c[i] = &p[perms[k][i]].c;
		seen[perms[k][naive(c, 3)]] = 1;
		T_EQ_INT(bgp_decide(c, 3, &cfg, &best, NULL), 3);
		T_EQ_INT(perms[k][best], 1);
	}
	/* the naive walk really does depend on the order */
	T_EQ_INT(seen[0] + seen[1] + seen[2], 3);

	for (i = 0; i < 3; i++)
		c[i] = &p[i].c;
	bgp_decide_explain(c, 3, &cfg, &best, NULL, v);
	T_EQ_INT(best, 1);
	T_EQ_STR(v[0].group, "65001");
	T_EQ_STR(v[1].group, "65002");
	T_EQ_INT(v[0].group_best, 0);
	T_EQ_INT(v[1].group_best, 1);
	T_EQ_INT(v[2].group_best, 1);
	/* P1 lost inside its group, to P3, on MED (not to P2) */
	T_EQ_INT(v[0].lost_to, 2);
	T_EQ_INT(v[0].res.step, BGP_STEP_MED);
	bgp_cmp_describe(&v[0].res, &sb);
	T_EQ_STR(sb_str(&sb), "Path #1 lost to path #3 at step 'MED': 50 > 20");
	sb_reset(&sb);
	T_EQ_INT(v[2].lost_to, 1);
	T_EQ_INT(v[2].res.step, BGP_STEP_ROUTER_ID);
	bgp_cmp_describe(&v[2].res, &sb);
	T_EQ_STR(sb_str(&sb), "Path #3 lost to path #2 at step 'router ID': "
	    "0.0.0.3 > 0.0.0.2");
	sb_free(&sb);

	/* med always: one group, P2 (MED 10) wins on MED */
	cfg.med_always = 1;
	bgp_decide_explain(c, 3, &cfg, &best, NULL, v);
	T_EQ_INT(best, 1);
	T_EQ_INT(v[2].res.step, BGP_STEP_MED);
	T_EQ_INT(v[0].group_best + v[2].group_best, 0);
	cfg.med_always = 0;
}

/* med_compared: set only when the MED step was reached and allowed. */
static void
test_med_compared(void)
{
	struct tp		 a, b;
	struct bgp_cmp_result	 r;

	ebgp(&a, 2);
	ebgp(&b, 1);
	setmed(&a, 10);
	setmed(&b, 10);
	/* decided before MED: not compared */
	setlp(&a, 200);
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.step, BGP_STEP_LOCAL_PREF);
	T_EQ_INT(r.med_compared, 0);
	T_EQ_STR(r.a_medgrp, "65001");
	/* equal MEDs, decided after: compared */
	setlp(&a, 100);
	setlp(&b, 100);
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.step, BGP_STEP_ROUTER_ID);
	T_EQ_INT(r.med_compared, 1);
	/* equal throughout */
	bgp_cand_cmp(&a.c, &a.c, &cfg, &r);
	T_EQ_INT(r.step, BGP_STEP_NONE);
	T_EQ_INT(r.med_compared, 1);
	T_EQ_STR(r.a_val, "");
	T_EQ_STR(r.b_val, "");
	/* as-path ignore does not skip the MED step */
	cfg.aspath_ignore = 1;
	setpath(&b, "65001 65002 65003");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 1);
	cfg.aspath_ignore = 0;
	/* other neighbor AS under med always: compared */
	setpath(&b, "65002 65100");
	cfg.med_always = 1;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	T_EQ_INT(r.med_compared, 1);
	T_EQ_STR(r.b_medgrp, "65002");
	cfg.med_always = 0;
}

/*
 * More paths than part 2 keeps groups for on the stack (32): the
 * non-transitive trio of test_med_nontransitive among 37 worse paths
 * from 37 other neighbor ASes, at every position, gives the same best
 * and the same explanation.
 */
#define NMANY	40

static void
test_many_paths(void)
{
	static struct tp		 p[NMANY];
	const struct bgp_cand		*c[NMANY];
	struct bgp_verdict		 v[NMANY];
	unsigned char			 mp[NMANY];
	char				 path[32];
	size_t				 best, i, k, at[3];
	unsigned			 ok = 0, okmp = 0;

	for (k = 0; k + 3 <= NMANY; k++) {
		for (i = 0; i < NMANY; i++) {
			ebgp(&p[i], 10 + (unsigned)i);
			snprintf(path, sizeof(path), "%u 65100",
			    64600 + (unsigned)i);
			setpath(&p[i], path);
			setlp(&p[i], 50);
			c[i] = &p[i].c;
		}
		/* the trio at k, k + 1, k + 2 */
		for (i = 0; i < 3; i++) {
			at[i] = k + i;
			ebgp(&p[at[i]], (unsigned)i + 1);
		}
		setmed(&p[at[0]], 50);
		setpath(&p[at[1]], "65002 65100");
		setmed(&p[at[1]], 10);
		setmed(&p[at[2]], 20);
		bgp_decide_explain(c, NMANY, &cfg, &best, NULL, v);
		if (best == at[1] && v[at[0]].lost_to == at[2] &&
		    v[at[0]].res.step == BGP_STEP_MED &&
		    v[at[2]].lost_to == at[1] &&
		    v[at[2]].res.step == BGP_STEP_ROUTER_ID &&
		    v[at[1]].group_best && !v[at[0]].group_best &&
		    v[k == 0 ? NMANY - 1 : 0].lost_to == at[1] &&
		    v[k == 0 ? NMANY - 1 : 0].res.step ==
		    BGP_STEP_LOCAL_PREF)
			ok++;
		/* med always: one group, P2 still wins, on MED over P3 */
		cfg.med_always = 1;
		bgp_decide_explain(c, NMANY, &cfg, &best, NULL, v);
		if (best == at[1] && v[at[2]].res.step == BGP_STEP_MED)
			ok++;
		cfg.med_always = 0;
		/*
		 * P1's MED equal to P3's: P1 wins its group on router ID and
		 * then P2 too; P3 shares its set, P2 (another AS) does not.
		 */
		cfg.maximum_paths_ebgp = 8;
		setmed(&p[at[0]], 20);
		bgp_decide(c, NMANY, &cfg, &best, mp);
		if (best == at[0] && mp[at[0]] && mp[at[2]] && !mp[at[1]] &&
		    !mp[k == 0 ? NMANY - 1 : 0])
			okmp++;
		cfg.maximum_paths_ebgp = 0;
	}
	T_EQ_INT(ok, 2 * (NMANY - 2));
	T_EQ_INT(okmp, NMANY - 2);
}

static void
test_multipath(void)
{
	struct tp			 p[5];
	const struct bgp_cand		*c[5];
	struct bgp_verdict		 v[5];
	unsigned char			 mp[5];
	size_t				 best, i;

	for (i = 0; i < 5; i++) {
		ebgp(&p[i], (unsigned)i + 1);
		c[i] = &p[i].c;
	}
	/* off by default */
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(best, 0);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 0);
	/* ebgp 2: the best and the next best */
	cfg.maximum_paths_ebgp = 2;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0], 1);
	T_EQ_INT(mp[1], 1);
	T_EQ_INT(mp[2] + mp[3] + mp[4], 0);
	/* ebgp 8: all equal ones; not a worse IGP metric, not another AS */
	cfg.maximum_paths_ebgp = 8;
	p[3].c.igp_metric = 5;
	setpath(&p[4], "65002 65100");
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0] + mp[1] + mp[2], 3);
	T_EQ_INT(mp[3], 0);
	T_EQ_INT(mp[4], 0);
	/* multipath-relax: another AS with an equally long path */
	cfg.aspath_multipath_relax = 1;
	bgp_decide_explain(c, 5, &cfg, &best, mp, v);
	T_EQ_INT(mp[4], 1);
	T_EQ_INT(v[4].multipath, 1);
	T_EQ_INT(v[0].multipath, 1);
	/* ... but not a longer one */
	setpath(&p[4], "65002 65003 65100");
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[4], 0);
	/* MED differs within the AS: not equal */
	setmed(&p[2], 7);
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[2], 0);
	T_EQ_INT(mp[1], 1);
	/* ebgp N does not apply to an iBGP best */
	for (i = 0; i < 5; i++) {
		ibgp(&p[i], (unsigned)i + 1);
		c[i] = &p[i].c;
	}
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 0);
	/* ibgp 3 */
	cfg.maximum_paths_ibgp = 3;
	p[1].c.igp_metric = 10;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(best, 0);
	T_EQ_INT(mp[0] + mp[2] + mp[3], 3);
	T_EQ_INT(mp[1] + mp[4], 0);
	/* ibgp unequal-cost: the IGP metric is not required equal */
	cfg.maximum_paths_ibgp = 5;
	cfg.ibgp_unequal_cost = 1;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 5);
	cfg.ibgp_unequal_cost = 0;
	/* an eBGP path never joins an iBGP set under ibgp N */
	p[4].c.ebgp = 1;
	setlp(&p[4], 50);	/* keep the iBGP path best */
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[4], 0);
	/* an unreachable path never joins */
	p[3].c.nh_reachable = 0;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[3], 0);
	T_EQ_INT(mp[0] + mp[2], 2);
	/* eibgp: external and internal together, equal through MED */
	p[3].c.nh_reachable = 1;
	p[4].a.local_pref = 100;
	cfg.maximum_paths_ibgp = 0;
	cfg.maximum_paths_ebgp = 0;
	cfg.maximum_paths_eibgp = 5;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(best, 4);		/* eBGP over iBGP */
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 5);
	cfg.maximum_paths_eibgp = 0;
	cfg.aspath_multipath_relax = 0;
	/* a locally originated best has no multipath */
	cfg.maximum_paths_ebgp = 4;
	for (i = 0; i < 5; i++) {
		ebgp(&p[i], (unsigned)i + 1);
		c[i] = &p[i].c;
	}
	p[2].c.local = BGP_LOCAL_NETWORK;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(best, 2);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 0);
	p[2].c.local = 0;
	/* ebgp selective: only paths from `multipath` neighbors join */
	cfg.ebgp_selective = 1;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3] + mp[4], 0);
	p[0].c.nbr_multipath = 1;
	p[3].c.nbr_multipath = 1;
	p[4].c.nbr_multipath = 1;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(best, 0);
	T_EQ_INT(mp[0] + mp[3] + mp[4], 3);
	T_EQ_INT(mp[1] + mp[2], 0);
	/* selective does not apply to the other mode */
	cfg.ebgp_selective = 0;
	cfg.ibgp_selective = 1;
	bgp_decide(c, 5, &cfg, &best, mp);
	T_EQ_INT(mp[0] + mp[1] + mp[2] + mp[3], 4);
	cfg.ibgp_selective = 0;
	cfg.maximum_paths_ebgp = 0;
}

static void
test_describe(void)
{
	struct tp		 a, b;
	struct bgp_cmp_result	 r;
	struct strbuf		 sb = STRBUF_INIT;

	ibgp(&a, 1);
	ibgp(&b, 2);
	setlp(&a, 200);
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Path #2 lost to path #1 at step 'local preference': 100 < 200");
	sb_reset(&sb);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Lower local preference than best path (path #1)");
	sb_reset(&sb);

	/* b better: the loser is a */
	b.c.weight = 100;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Lower weight than best path (path #2)");
	sb_reset(&sb);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Path #1 lost to path #2 at step 'weight': 0 < 100");
	sb_reset(&sb);

	ebgp(&a, 1);
	ebgp(&b, 2);
	setpath(&a, "64513 15169");
	setpath(&b, "64666");
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Longer AS path than best path (path #2)");
	sb_reset(&sb);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Path #1 lost to path #2 at step 'AS path length': 2 > 1");
	sb_reset(&sb);

	ebgp(&a, 1);
	ebgp(&b, 1);
	a.a.origin = BGP_ORIGIN_INCOMPLETE;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Path #1 lost to path #2 at step 'origin': incomplete > IGP");
	sb_reset(&sb);

	ebgp(&a, 1);
	ibgp(&b, 1);
	a.a.present = b.a.present;
	a.a.local_pref = 100;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Path #2 lost to path #1 at step "
	    "'eBGP over iBGP': internal vs external");
	sb_reset(&sb);

	ebgp(&a, 7);
	ebgp(&b, 7);
	addr_parse("108.10.0.2", &a.c.peer_addr);
	addr_parse("108.11.0.2", &b.c.peer_addr);
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Higher neighbor address than best path (path #1)");
	sb_reset(&sb);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Path #2 lost to path #1 at step "
	    "'neighbor address': 108.11.0.2 > 108.10.0.2");
	sb_reset(&sb);

	ebgp(&b, 7);
	a = b;
	a.c.attrs = &a.a;
	a.a.aspath = a.path;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Path #1 and path #2 are equal");
	sb_reset(&sb);

	/* renumbered by the caller */
	ibgp(&a, 1);
	ibgp(&b, 2);
	a.c.igp_metric = 30;
	bgp_cand_cmp(&a.c, &b.c, &cfg, &r);
	r.a_num = 4;
	r.b_num = 7;
	bgp_cmp_describe(&r, &sb);
	T_EQ_STR(sb_str(&sb),
	    "Path #4 lost to path #7 at step 'IGP metric': 30 > 0");
	sb_reset(&sb);
	bgp_cmp_xr_reason(&r, &sb);
	T_EQ_STR(sb_str(&sb), "Higher IGP metric than best path (path #7)");
	T_EQ_INT(sb.oom, 0);
	sb_free(&sb);
}

int
main(void)
{
	test_names();
	test_equal();
	test_valid();
	test_weight();
	test_local_pref();
	test_local();
	test_aspath();
	test_origin();
	test_med();
	test_ebgp();
	test_igp();
	test_router_id();
	test_cluster();
	test_nbr_addr();
	test_decide_valid();
	test_rpki();
	test_suppression();
	test_med_nontransitive();
	test_med_compared();
	test_many_paths();
	test_multipath();
	test_describe();
	return T_DONE();
}
