/*
 * test_bgp_cfg: the router bgp model: inheritance precedence and
 * provenance, inheritance-disable, recursive groups, the canonical
 * printer, dup, attach points, commit-time validation (including the
 * checks of each neighbor's effective session) and the public peer
 * context of bgp_cfg.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_inherit.h"
#include "core/config/bgp_model.h"
#include "core/rpl/rpl_db.h"
#include "tests/unit/t.h"

static struct bgp_peer *
nbr(struct bgp_cfg *b, const char *addr)
{
	return bgp_peer_get(b, BGP_NBR, addr);
}

static void
set_n(struct bgp_item *it, uint32_t v)
{
	it->set = 1;
	it->n[0] = v;
}

static const char *
tag_of(const struct bgp_peer *p, const struct bgp_peer *from)
{
	static char	 buf[128];

	bgp_src_tag(p, from, buf, sizeof(buf));
	return buf;
}

/* Cisco's worked example (reference 3.5). */
static void
test_precedence(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(140);
	struct bgp_peer		*sg, *ng, *n;
	const struct bgp_item	*it;
	const struct bgp_peer	*from;

	sg = bgp_peer_get(b, BGP_SG, "AS_2");
	set_n(&sg->s[BS_ADV_INTERVAL], 15);
	ng = bgp_peer_get(b, BGP_NG, "AS_1");
	set_n(&ng->s[BS_ADV_INTERVAL], 20);
	n = nbr(b, "192.168.0.1");
	set_n(&n->s[BS_REMOTE_AS], 1);
	bgp_set_ref(&n->use_sg, "AS_2");
	bgp_set_ref(&n->use_ng, "AS_1");

	it = bgp_eff_sitem(b, n, BS_ADV_INTERVAL, &from);
	T_ASSERT(it != NULL);
	T_EQ_INT(it ? it->n[0] : 0, 15);
	T_EQ_STR(tag_of(n, from), "[s:AS_2]");

	/* without the session-group: the neighbor-group's 20 */
	bgp_set_ref(&n->use_sg, NULL);
	it = bgp_eff_sitem(b, n, BS_ADV_INTERVAL, &from);
	T_EQ_INT(it ? it->n[0] : 0, 20);
	T_EQ_STR(tag_of(n, from), "[n:AS_1]");

	/* configured on the neighbor: 10 beats both */
	bgp_set_ref(&n->use_sg, "AS_2");
	set_n(&n->s[BS_ADV_INTERVAL], 10);
	it = bgp_eff_sitem(b, n, BS_ADV_INTERVAL, &from);
	T_EQ_INT(it ? it->n[0] : 0, 10);
	T_EQ_STR(tag_of(n, from), "[]");

	/* an item configured nowhere is the default */
	it = bgp_eff_sitem(b, n, BS_TIMERS, &from);
	T_ASSERT(it == NULL);
	T_EQ_STR(tag_of(n, from), "[dflt]");
	bgp_cfg_free(b);
}

static void
test_recursive(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(65001);
	struct bgp_peer		*a, *pb, *s1, *s2, *n, *x, *y, *z;
	const struct bgp_item	*it;
	const struct bgp_peer	*from;

	/* neighbor -> ng A -> ng B -> sg S1 -> sg S2 */
	a = bgp_peer_get(b, BGP_NG, "A");
	pb = bgp_peer_get(b, BGP_NG, "B");
	s1 = bgp_peer_get(b, BGP_SG, "S1");
	s2 = bgp_peer_get(b, BGP_SG, "S2");
	bgp_set_ref(&a->use_ng, "B");
	bgp_set_ref(&pb->use_sg, "S1");
	bgp_set_ref(&s1->use_sg, "S2");
	set_n(&pb->s[BS_REMOTE_AS], 65002);
	s2->s[BS_TIMERS].set = 1;
	s2->s[BS_TIMERS].n[0] = 10;
	s2->s[BS_TIMERS].n[1] = 30;
	n = nbr(b, "192.0.2.1");
	bgp_set_ref(&n->use_ng, "A");

	it = bgp_eff_sitem(b, n, BS_REMOTE_AS, &from);
	T_EQ_INT(it ? it->n[0] : 0, 65002);
	T_EQ_STR(tag_of(n, from), "[n:B]");
	it = bgp_eff_sitem(b, n, BS_TIMERS, &from);
	T_EQ_INT(it ? it->n[1] : 0, 30);
	T_EQ_STR(tag_of(n, from), "[s:S2]");
	/* the group's own view: B's value is [] for B */
	it = bgp_eff_sitem(b, pb, BS_REMOTE_AS, &from);
	T_EQ_STR(tag_of(pb, from), "[]");

	/* AF: af-group chain X -> Y; ng B's AF uses X */
	x = bgp_peer_get(b, BGP_AFG, "X");
	y = bgp_peer_get(b, BGP_AFG, "Y");
	z = bgp_peer_get(b, BGP_AFG, "Z");
	x->afg_afi = y->afg_afi = z->afg_afi = BGP_AFI_V4;
	x->af[0].present = y->af[0].present = z->af[0].present = 1;
	bgp_set_ref(&x->af[0].use_afg, "Y");
	y->af[0].it[BA_NHS].set = 1;
	y->af[0].it[BA_POLICY_IN].set = 1;
	bgp_item_set_str(&y->af[0].it[BA_POLICY_IN], "FROM_Y");
	pb->af[0].present = 1;
	bgp_set_ref(&pb->af[0].use_afg, "X");

	T_ASSERT(bgp_af_active(b, n, BGP_AFI_V4, &from));
	T_EQ_STR(tag_of(n, from), "[n:B]");
	T_ASSERT(!bgp_af_active(b, n, BGP_AFI_V6, NULL));
	it = bgp_eff_aitem(b, n, BGP_AFI_V4, BA_NHS, &from);
	T_ASSERT(bgp_eff_on(it));
	T_EQ_STR(tag_of(n, from), "[a:Y]");

	/* the neighbor's own af-group beats the neighbor-group's */
	z->af[0].it[BA_POLICY_IN].set = 1;
	bgp_item_set_str(&z->af[0].it[BA_POLICY_IN], "FROM_Z");
	n->af[0].present = 1;
	bgp_set_ref(&n->af[0].use_afg, "Z");
	it = bgp_eff_aitem(b, n, BGP_AFI_V4, BA_POLICY_IN, &from);
	T_EQ_STR(it ? it->s : NULL, "FROM_Z");
	T_EQ_STR(tag_of(n, from), "[a:Z]");

	/* inheritance-disable on the neighbor blocks next-hop-self */
	n->af[0].it[BA_NHS].set = 1;
	n->af[0].it[BA_NHS].off = 1;
	it = bgp_eff_aitem(b, n, BGP_AFI_V4, BA_NHS, &from);
	T_ASSERT(it != NULL && !bgp_eff_on(it));
	T_EQ_STR(tag_of(n, from), "[]");

	/* a cycle does not hang resolution */
	bgp_set_ref(&pb->use_ng, "A");
	it = bgp_eff_sitem(b, n, BS_DESCRIPTION, &from);
	T_ASSERT(it == NULL);
	bgp_cfg_free(b);
}

static void
add_user(const struct bgp_peer *p, void *arg)
{
	struct strbuf	*sb = arg;

	sb_printf(sb, "%s%s", sb->len ? " " : "", p->name);
}

static void
test_users_view(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(65001);
	struct bgp_peer		*ng, *child, *sg, *n1, *n2;
	struct strbuf		 sb = STRBUF_INIT;
	struct bgp_view		 v;
	size_t			 i;

	sg = bgp_peer_get(b, BGP_SG, "SESS");
	set_n(&sg->s[BS_ADV_INTERVAL], 5);
	ng = bgp_peer_get(b, BGP_NG, "PARENT");
	set_n(&ng->s[BS_REMOTE_AS], 64500);
	bgp_set_ref(&ng->use_sg, "SESS");
	ng->af[0].present = 1;
	ng->af[0].it[BA_POLICY_IN].set = 1;
	bgp_item_set_str(&ng->af[0].it[BA_POLICY_IN], "IN");
	bgp_item_set_args(&ng->af[0].it[BA_POLICY_IN], "(10, 20)");
	child = bgp_peer_get(b, BGP_NG, "CHILD");
	bgp_set_ref(&child->use_ng, "PARENT");
	n1 = nbr(b, "198.51.100.2");
	bgp_set_ref(&n1->use_ng, "CHILD");
	n2 = nbr(b, "198.51.100.1");
	bgp_set_ref(&n2->use_ng, "PARENT");
	set_n(&n2->s[BS_REMOTE_AS], 64501);
	nbr(b, "198.51.100.3");

	bgp_users(b, ng, -1, add_user, &sb);
	T_EQ_STR(sb_str(&sb), "CHILD 198.51.100.1 198.51.100.2");
	sb_reset(&sb);
	bgp_users(b, sg, -1, add_user, &sb);
	T_EQ_STR(sb_str(&sb), "CHILD PARENT 198.51.100.1 198.51.100.2");
	sb_reset(&sb);
	bgp_ancestors(b, n1, -1, add_user, &sb);
	T_EQ_STR(sb_str(&sb), "CHILD PARENT SESS");
	sb_reset(&sb);
	bgp_ancestors(b, n1, BGP_AFI_V4, add_user, &sb);
	T_EQ_STR(sb_str(&sb), "CHILD PARENT");

	T_EQ_INT(bgp_view_build(b, n1, &v), 0);
	sb_reset(&sb);
	for (i = 0; i < v.n; i++)
		sb_printf(&sb, "%*s%s %s\n", v.v[i].indent, "", v.v[i].text,
		    v.v[i].tag ? v.v[i].tag : "-");
	T_EQ_STR(sb_str(&sb),
	    "neighbor 198.51.100.2 -\n"
	    " remote-as 64500 [n:PARENT]\n"
	    " advertisement-interval 5 [s:SESS]\n"
	    " address-family ipv4 unicast [n:PARENT]\n"
	    "  policy IN(10, 20) in [n:PARENT]\n"
	    "  maximum-prefix 1048576 75 [dflt]\n");
	bgp_view_free(&v);

	/* eBGP default advertisement interval shows as [dflt] */
	bgp_set_ref(&sg->use_sg, NULL);
	bgp_item_clear(&sg->s[BS_ADV_INTERVAL]);
	T_EQ_INT(bgp_view_build(b, n2, &v), 0);
	T_ASSERT(v.n >= 3);
	T_EQ_STR(v.n >= 3 ? v.v[2].text : NULL, "advertisement-interval 30");
	T_EQ_STR(v.n >= 3 ? v.v[2].tag : NULL, "[dflt]");
	T_EQ_STR(v.n >= 3 ? v.v[2].src_kind : NULL, "default");
	bgp_view_free(&v);
	sb_free(&sb);
	bgp_cfg_free(b);
}

static struct bgp_cfg *
sample(void)
{
	struct bgp_cfg	*b = bgp_cfg_new(65001);
	struct bgp_peer	*p;
	struct xprefix	 pfx;
	struct bgp_network *net;

	b->g[BG_ROUTER_ID].set = 1;
	b->g[BG_ROUTER_ID].n[0] = 0xc0000201;
	b->g[BG_MED_ALWAYS].set = 1;
	b->g[BG_LOG_NBR].set = 1;
	b->g[BG_LOG_NBR].opt = BGP_OPT_DISABLE;
	b->g[BG_TIMERS].set = 1;
	b->g[BG_TIMERS].n[0] = 10;
	b->g[BG_TIMERS].n[1] = 30;
	b->af[BGP_AFI_V6].present = 1;
	b->af[BGP_AFI_V4].present = 1;
	prefix_parse("198.51.100.0/24", &pfx, 0);
	net = bgp_network_get(&b->af[0], &pfx);
	net->policy = strdup("ORIGIN");
	prefix_parse("192.0.2.0/24", &pfx, 0);
	bgp_network_get(&b->af[0], &pfx);
	set_n(&b->af[0].maxpaths_ebgp, 4);

	p = nbr(b, "2001:db8::1");
	set_n(&p->s[BS_REMOTE_AS], 64510);
	p = nbr(b, "203.0.113.5");
	bgp_set_ref(&p->use_ng, "PROVIDER");
	bgp_item_set_str(&p->s[BS_DESCRIPTION], "\"Provider B\"");
	p->s[BS_DESCRIPTION].set = 1;
	p = nbr(b, "203.0.113.1");
	set_n(&p->s[BS_REMOTE_AS], 1299);
	bgp_item_set_str(&p->s[BS_PASSWORD], "cisco");
	p->s[BS_PASSWORD].set = 1;
	p->af[0].present = 1;
	p->af[0].it[BA_SEND_COMM].set = 1;
	p->af[0].it[BA_POLICY_OUT].set = 1;
	bgp_item_set_str(&p->af[0].it[BA_POLICY_OUT], "OUT");
	p->af[0].it[BA_POLICY_IN].set = 1;
	bgp_item_set_str(&p->af[0].it[BA_POLICY_IN], "IN");
	p = bgp_peer_get(b, BGP_NG, "PROVIDER");
	set_n(&p->s[BS_REMOTE_AS], 174);
	p->af[0].present = 1;
	set_n(&p->af[0].it[BA_MAXPFX], 800000);
	p->af[0].it[BA_MAXPFX].opt = BGP_OPT_HAS_THRESHOLD;
	p->af[0].it[BA_MAXPFX].n[1] = 85;
	bgp_set_ref(&p->af[0].use_afg, "AFG");
	p = bgp_peer_get(b, BGP_SG, "SESS");
	p = bgp_peer_get(b, BGP_AFG, "AFG");
	p->af[0].present = 1;
	p->af[0].it[BA_NHS].set = 1;
	return b;
}

static const char sample_text[] =
    "router bgp 65001\n"
    " timers bgp 10 30\n"
    " bgp router-id 192.0.2.1\n"
    " bgp log neighbor changes disable\n"
    " bgp bestpath med always\n"
    " address-family ipv4 unicast\n"
    "  maximum-paths ebgp 4\n"
    "  network 192.0.2.0/24\n"
    "  network 198.51.100.0/24 route-policy ORIGIN\n"
    " !\n"
    " address-family ipv6 unicast\n"
    " !\n"
    " af-group AFG address-family ipv4 unicast\n"
    "  next-hop-self\n"
    " !\n"
    " session-group SESS\n"
    " !\n"
    " neighbor-group PROVIDER\n"
    "  remote-as 174\n"
    "  address-family ipv4 unicast\n"
    "   use af-group AFG\n"
    "   maximum-prefix 800000 85\n"
    "  !\n"
    " !\n"
    " neighbor 203.0.113.1\n"
    "  remote-as 1299\n"
    "  password encrypted 01100F175804\n"
    "  address-family ipv4 unicast\n"
    "   route-policy IN in\n"
    "   route-policy OUT out\n"
    "   send-community-ebgp\n"
    "  !\n"
    " !\n"
    " neighbor 203.0.113.5\n"
    "  use neighbor-group PROVIDER\n"
    "  description \"Provider B\"\n"
    " !\n"
    " neighbor 2001:db8::1\n"
    "  remote-as 64510\n"
    " !\n"
    "!\n";

static void
test_print_dup(void)
{
	struct bgp_cfg	*b = sample(), *d;
	struct strbuf	 x = STRBUF_INIT, y = STRBUF_INIT;
	struct bgp_peer	*p;

	T_EQ_INT(bgp_cfg_print(b, &x), 0);
	T_EQ_STR(sb_str(&x), sample_text);
	d = bgp_cfg_dup(b);
	T_ASSERT(d != NULL);
	T_EQ_INT(bgp_cfg_print(d, &y), 0);
	T_EQ_STR(sb_str(&y), sb_str(&x));
	/* the copy is independent */
	p = bgp_peer_find(d, BGP_NBR, "203.0.113.1");
	T_ASSERT(p != NULL);
	if (p != NULL)
		bgp_peer_del(d, p);
	sb_reset(&x);
	bgp_cfg_print(b, &x);
	T_EQ_STR(sb_str(&x), sample_text);
	T_ASSERT(bgp_peer_find(d, BGP_NBR, "203.0.113.1") == NULL);
	T_ASSERT(bgp_peer_find(b, BGP_NBR, "203.0.113.1") != NULL);
	/* `no` clears an item and the line disappears */
	p = bgp_peer_find(b, BGP_NBR, "203.0.113.5");
	bgp_item_clear(&p->s[BS_DESCRIPTION]);
	sb_reset(&x);
	bgp_cfg_print(b, &x);
	T_ASSERT(strstr(sb_str(&x), "description") == NULL);
	sb_free(&x);
	sb_free(&y);
	bgp_cfg_free(b);
	bgp_cfg_free(d);
}

static void
test_formats(void)
{
	struct bgp_item	 it;
	struct strbuf	 sb = STRBUF_INIT;
	char		 name[64], *args;

	memset(&it, 0, sizeof(it));
	it.set = 1;
	it.n[0] = 1000;
	it.opt = BGP_OPT_RESTART;
	it.n[2] = 5;
	bgp_aitem_format(BA_MAXPFX, &it, 0, &sb);
	T_EQ_STR(sb_str(&sb), "maximum-prefix 1000 restart 5");
	sb_reset(&sb);
	memset(&it, 0, sizeof(it));
	it.set = it.off = 1;
	bgp_aitem_format(BA_SOFT_RECONF, &it, 0, &sb);
	T_EQ_STR(sb_str(&sb), "soft-reconfiguration inbound "
	    "inheritance-disable");
	sb_reset(&sb);
	memset(&it, 0, sizeof(it));
	it.set = 1;
	it.n[0] = 65010;
	it.opt = BGP_OPT_NO_PREPEND | BGP_OPT_REPLACE_AS | BGP_OPT_DUAL_AS;
	bgp_sitem_format(BS_LOCAL_AS, &it, &sb);
	T_EQ_STR(sb_str(&sb), "local-as 65010 no-prepend replace-as dual-as");
	sb_reset(&sb);
	it.opt = 0;
	bgp_sitem_format(BS_GRACEFUL_RESTART, &it, &sb);
	T_EQ_STR(sb_str(&sb), "graceful-restart");
	sb_reset(&sb);
	it.opt = BGP_OPT_DISABLE;
	bgp_sitem_format(BS_GRACEFUL_RESTART, &it, &sb);
	T_EQ_STR(sb_str(&sb), "graceful-restart disable");
	sb_reset(&sb);
	it.s = "POL";
	it.args = "($a, 5)";
	bgp_aitem_format(BA_POLICY_OUT, &it, 1, &sb);
	T_EQ_STR(sb_str(&sb), "policy POL($a, 5) out");
	sb_free(&sb);

	T_EQ_INT(bgp_policy_split("SET_LP(200,  300 )", name, sizeof(name),
	    &args), 0);
	T_EQ_STR(name, "SET_LP");
	T_EQ_STR(args, "(200, 300)");
	free(args);
	T_EQ_INT(bgp_policy_split("PASS", name, sizeof(name), &args), 0);
	T_ASSERT(args == NULL);
	T_EQ_INT(bgp_policy_split("BAD(", name, sizeof(name), &args), -1);
	T_EQ_INT(bgp_policy_split("BAD(1,)", name, sizeof(name), &args), -1);
	T_EQ_INT(bgp_policy_split("BAD()x", name, sizeof(name), &args), -1);
	T_EQ_INT(bgp_policy_split("(1)", name, sizeof(name), &args), -1);
	T_EQ_INT(bgp_policy_spec_valid("A-B_c.1(x)"), 1);
}

static void
collect_attach(const struct bgp_attach *at, void *arg)
{
	struct strbuf	*sb = arg;

	sb_printf(sb, "%s|%s|%s|%s|%s|%s\n", at->owner_kind, at->owner,
	    at->afi_safi, at->dir, at->policy, at->args ? at->args : "-");
}

static int
find_err(const struct cfg_errors *e, const char *path, const char *msgpart)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].path, path) == 0 &&
		    strstr(e->v[i].msg, msgpart) != NULL)
			return 1;
	return 0;
}

static void
dump_errs(const struct cfg_errors *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		fprintf(stderr, "  [%s] %s\n", e->v[i].path, e->v[i].msg);
}

static void
test_validate(void)
{
	struct bgp_cfg		*b = sample();
	struct rpl_db		*rpl = rpl_db_new();
	struct cfg_errors	 e;
	struct strbuf		 sb = STRBUF_INIT;
	struct bgp_peer		*p, *q;

	bgp_cfg_foreach_attach(b, collect_attach, &sb);
	T_EQ_STR(sb_str(&sb),
	    "network|198.51.100.0/24|IPv4/uni||ORIGIN|-\n"
	    "neighbor|203.0.113.1|IPv4/uni|in|IN|-\n"
	    "neighbor|203.0.113.1|IPv4/uni|out|OUT|-\n");
	sb_free(&sb);

	/* policies undefined in an empty rpl db: one error per attach */
	cfg_errors_init(&e);
	T_ASSERT(bgp_cfg_validate(b, rpl, &e) >= 3);
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 203.0.113.1\n"
	    "  address-family ipv4 unicast\n   route-policy IN in", "IN"));
	T_ASSERT(find_err(&e, "router bgp 65001\n address-family ipv4 "
	    "unicast\n  network 198.51.100.0/24 route-policy ORIGIN",
	    "ORIGIN"));
	/* RFC 8212: the eBGP neighbor without policy is not an error */
	T_ASSERT(!find_err(&e, "router bgp 65001\n neighbor 2001:db8::1",
	    ""));
	cfg_errors_free(&e);

	/* remove the attach points: the sample is then valid */
	p = bgp_peer_find(b, BGP_NBR, "203.0.113.1");
	bgp_item_clear(&p->af[0].it[BA_POLICY_IN]);
	bgp_item_clear(&p->af[0].it[BA_POLICY_OUT]);
	bgp_network_del(&b->af[0], &b->af[0].net[1].pfx);
	cfg_errors_init(&e);
	T_EQ_INT(bgp_cfg_validate(b, rpl, &e), 0);
	dump_errs(&e);
	cfg_errors_free(&e);

	/* neighbor AF without the global AF; missing remote-as; undefined
	 * groups; a cycle */
	b->af[BGP_AFI_V6].present = 0;
	p = bgp_peer_find(b, BGP_NBR, "2001:db8::1");
	p->af[BGP_AFI_V6].present = 1;
	bgp_item_clear(&p->s[BS_REMOTE_AS]);
	bgp_set_ref(&p->use_sg, "NOPE");
	p->af[BGP_AFI_V6].use_afg = strdup("AFG");	/* AFG is IPv4 */
	q = bgp_peer_get(b, BGP_NG, "LOOP1");
	bgp_set_ref(&q->use_ng, "LOOP2");
	q = bgp_peer_get(b, BGP_NG, "LOOP2");
	bgp_set_ref(&q->use_ng, "LOOP1");
	cfg_errors_init(&e);
	T_EQ_INT(bgp_cfg_validate(b, rpl, &e), 6);
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 2001:db8::1\n"
	    "  address-family ipv6 unicast", "'BGP' detected the 'warning' "
	    "condition 'The address family has not been initialized'"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 2001:db8::1",
	    "Remote AS must be configured for neighbor 2001:db8::1"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 2001:db8::1\n"
	    "  use session-group NOPE", "The session-group NOPE does not "
	    "exist"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 2001:db8::1\n"
	    "  address-family ipv6 unicast\n   use af-group AFG",
	    "not configured for address-family ipv6 unicast"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor-group LOOP1\n"
	    "  use neighbor-group LOOP2", "Inheritance cycle: neighbor-group "
	    "LOOP1 -> LOOP2 -> LOOP1"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor-group LOOP2\n"
	    "  use neighbor-group LOOP1", "Inheritance cycle"));
	cfg_errors_free(&e);
	rpl_db_free(rpl);
	bgp_cfg_free(b);
}

/* Effective session checks: each on a neighbor's inherited values. */
static void
test_session_checks(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(65001);
	struct rpl_db		*rpl = rpl_db_new();
	struct cfg_errors	 e;
	struct bgp_peer		*sg, *ng, *n1, *n2, *n3;

	sg = bgp_peer_get(b, BGP_SG, "SEC");
	sg->s[BS_TTL_SECURITY].set = 1;
	ng = bgp_peer_get(b, BGP_NG, "LAS");
	set_n(&ng->s[BS_LOCAL_AS], 65010);
	n1 = nbr(b, "192.0.2.1");
	set_n(&n1->s[BS_REMOTE_AS], 65002);
	bgp_set_ref(&n1->use_sg, "SEC");
	set_n(&n1->s[BS_EBGP_MULTIHOP], 2);
	n2 = nbr(b, "192.0.2.2");
	set_n(&n2->s[BS_REMOTE_AS], 65010);
	bgp_set_ref(&n2->use_ng, "LAS");
	n3 = nbr(b, "192.0.2.3");
	set_n(&n3->s[BS_REMOTE_AS], 65001);	/* iBGP */
	bgp_set_ref(&n3->use_sg, "SEC");
	set_n(&n3->s[BS_LOCAL_AS], 65020);

	cfg_errors_init(&e);
	T_EQ_INT(bgp_cfg_validate(b, rpl, &e), 4);
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 192.0.2.1",
	    "ttl-security and ebgp-multihop are mutually exclusive: both are "
	    "configured for neighbor 192.0.2.1"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 192.0.2.2",
	    "The local-as 65010 of neighbor 192.0.2.2 is the same as its "
	    "remote-as"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 192.0.2.3\n"
	    "  ttl-security", "Change would result in internal neighbor "
	    "(192.0.2.3) with external-only config"));
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 192.0.2.3\n"
	    "  local-as 65020", "internal neighbor (192.0.2.3)"));
	cfg_errors_free(&e);

	/* a local-as equal to the router's AS (only a typed check stops
	 * it in the shell; the model still refuses it) */
	set_n(&ng->s[BS_LOCAL_AS], 65001);
	cfg_errors_init(&e);
	T_ASSERT(bgp_cfg_validate(b, rpl, &e) >= 1);
	T_ASSERT(find_err(&e, "router bgp 65001\n neighbor 192.0.2.2",
	    "The local-as 65001 of neighbor 192.0.2.2 is the AS number of "
	    "the router"));
	cfg_errors_free(&e);

	/* inheritance-disable clears each conflict */
	n1->s[BS_TTL_SECURITY].set = n1->s[BS_TTL_SECURITY].off = 1;
	n3->s[BS_TTL_SECURITY].set = n3->s[BS_TTL_SECURITY].off = 1;
	bgp_item_clear(&n3->s[BS_LOCAL_AS]);
	set_n(&ng->s[BS_LOCAL_AS], 65010);
	n2->s[BS_LOCAL_AS].set = n2->s[BS_LOCAL_AS].off = 1;
	cfg_errors_init(&e);
	T_EQ_INT(bgp_cfg_validate(b, rpl, &e), 0);
	dump_errs(&e);
	cfg_errors_free(&e);
	rpl_db_free(rpl);
	bgp_cfg_free(b);
}

/* The public peer context (bgp_cfg.h) other subsystems use. */
static void
test_peer_ctx(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(65001);
	struct bgp_peer		*ng, *n;
	struct bgp_peer_ctx	 pc;
	struct xaddr		 a;

	b->g[BG_ROUTER_ID].set = 1;
	b->g[BG_ROUTER_ID].n[0] = 0xc0000201;		/* 192.0.2.1 */
	ng = bgp_peer_get(b, BGP_NG, "UP");
	set_n(&ng->s[BS_REMOTE_AS], 174);
	set_n(&ng->s[BS_LOCAL_AS], 65100);
	n = nbr(b, "203.0.113.5");
	bgp_set_ref(&n->use_ng, "UP");
	n = nbr(b, "203.0.113.6");
	set_n(&n->s[BS_REMOTE_AS], 65001);

	T_EQ_INT(addr_parse("203.0.113.5", &a), 0);
	T_EQ_INT(bgp_cfg_peer_ctx(b, &a, &pc), 0);
	T_EQ_INT(pc.remote_as, 174);
	T_EQ_INT(pc.local_as, 65100);
	T_EQ_INT(pc.router_as, 65001);
	T_EQ_INT(pc.router_id, 0xc0000201);
	T_EQ_INT(pc.ebgp, 1);
	T_EQ_INT(addr_cmp(&pc.addr, &a), 0);

	/* local-as inheritance-disable: the router's AS again */
	n = bgp_peer_find(b, BGP_NBR, "203.0.113.5");
	n->s[BS_LOCAL_AS].set = n->s[BS_LOCAL_AS].off = 1;
	T_EQ_INT(bgp_cfg_peer_ctx(b, &a, &pc), 0);
	T_EQ_INT(pc.local_as, 65001);

	T_EQ_INT(addr_parse("203.0.113.6", &a), 0);
	T_EQ_INT(bgp_cfg_peer_ctx(b, &a, &pc), 0);
	T_EQ_INT(pc.remote_as, 65001);
	T_EQ_INT(pc.ebgp, 0);

	/* not a neighbor: only the router's own values */
	T_EQ_INT(addr_parse("198.51.100.1", &a), 0);
	T_EQ_INT(bgp_cfg_peer_ctx(b, &a, &pc), -1);
	T_EQ_INT(pc.remote_as, 0);
	T_EQ_INT(pc.local_as, 65001);
	T_EQ_INT(pc.router_id, 0xc0000201);
	T_EQ_INT(bgp_cfg_peer_ctx(NULL, &a, &pc), -1);
	T_EQ_INT(pc.local_as, 0);
	bgp_cfg_free(b);
}

/* A candidate is a copy of running: dup of 2,000 neighbors. */
static void
test_scale(void)
{
	struct bgp_cfg	*b = bgp_cfg_new(65000), *d;
	struct strbuf	 x = STRBUF_INIT, y = STRBUF_INIT;
	struct bgp_peer	*p;
	char		 addr[32];
	int		 i;

	p = bgp_peer_get(b, BGP_NG, "PEERS");
	set_n(&p->s[BS_REMOTE_AS], 64600);
	for (i = 0; i < 2000; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.1", i / 250, i % 250);
		p = nbr(b, addr);
		bgp_set_ref(&p->use_ng, "PEERS");
		bgp_item_set_str(&p->s[BS_DESCRIPTION], addr);
		p->s[BS_DESCRIPTION].set = 1;
		p->af[0].present = 1;
	}
	T_EQ_INT(b->npeers, 2001);
	d = bgp_cfg_dup(b);
	T_ASSERT(d != NULL);
	T_EQ_INT(d ? d->npeers : 0, 2001);
	bgp_cfg_print(b, &x);
	bgp_cfg_print(d, &y);
	T_EQ_STR(sb_str(&y), sb_str(&x));
	/* sorted by address, not by insertion or text */
	T_ASSERT(strstr(sb_str(&x), " neighbor 10.0.2.1\n") <
	    strstr(sb_str(&x), " neighbor 10.0.10.1\n"));
	sb_free(&x);
	sb_free(&y);
	bgp_cfg_free(b);
	bgp_cfg_free(d);
}

int
main(void)
{
	test_precedence();
	test_recursive();
	test_users_view();
	test_print_dup();
	test_formats();
	test_validate();
	test_session_checks();
	test_peer_ctx();
	test_scale();
	return T_DONE();
}
