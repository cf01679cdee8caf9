/*
 * test_commit_affect: which neighbors a change touches (commit confirmed
 * ... verify watches those): a policy used through `apply`, a policy and
 * a setting inherited from a neighbor-group (through another group), a
 * prefix-set changed under a policy, global settings (all), a neighbor
 * shut down by the change (left out), an unrelated change (none).
 */
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_model.h"
#include "core/config/commit_affect.h"
#include "core/config/config.h"
#include "core/rpl/rpl_db.h"
#include "tests/unit/t.h"

static void
put_set(struct config *c, const char *text)
{
	struct rpl_err	 e;
	struct rpl_set	*s = rpl_parse_set(text, &e);

	T_ASSERT(s != NULL);
	if (s != NULL)
		T_EQ_INT(rpl_db_put_set(c->rpl, s), 0);
}

static void
put_policy(struct config *c, const char *text)
{
	struct rpl_err		 e;
	struct rpl_policy	*p = rpl_parse_policy(text, &e);

	T_ASSERT(p != NULL);
	if (p != NULL)
		T_EQ_INT(rpl_db_put_policy(c->rpl, p), 0);
}

static void
policy_in(struct bgp_peer *p, const char *name)
{
	p->af[BGP_AFI_V4].present = 1;
	p->af[BGP_AFI_V4].it[BA_POLICY_IN].set = 1;
	bgp_item_set_str(&p->af[BGP_AFI_V4].it[BA_POLICY_IN], name);
}

static struct bgp_peer *
nbr(struct config *c, const char *addr, uint32_t as)
{
	struct bgp_peer	*p = bgp_peer_get(c->bgp, BGP_NBR, addr);

	if (as != 0) {
		p->s[BS_REMOTE_AS].set = 1;
		p->s[BS_REMOTE_AS].n[0] = as;
	}
	return p;
}

/*
 * 10.0.0.1 uses IN (which applies CHILD, matching set PS); 10.0.0.2
 * inherits policy OTHER from neighbor-group LEAF, which uses group ROOT
 * (remote-as); 10.0.0.3 has no policy.
 */
static struct config *
base(void)
{
	struct config	*c = config_new();
	struct bgp_peer	*root, *leaf, *n2;

	c->bgp = bgp_cfg_new(65001);
	put_set(c, "prefix-set PS\n  10.0.0.0/8 le 24\nend-set\n");
	put_set(c, "prefix-set UNUSED\n  192.0.2.0/24\nend-set\n");
	put_policy(c, "route-policy CHILD\n  if destination in PS then\n"
	    "    pass\n  endif\nend-policy\n");
	put_policy(c, "route-policy IN\n  apply CHILD\nend-policy\n");
	put_policy(c, "route-policy OTHER\n  pass\nend-policy\n");
	policy_in(nbr(c, "10.0.0.1", 65002), "IN");
	root = bgp_peer_get(c->bgp, BGP_NG, "ROOT");
	root->s[BS_REMOTE_AS].set = 1;
	root->s[BS_REMOTE_AS].n[0] = 65003;
	leaf = bgp_peer_get(c->bgp, BGP_NG, "LEAF");
	bgp_set_ref(&leaf->use_ng, "ROOT");
	policy_in(leaf, "OTHER");
	n2 = nbr(c, "10.0.0.2", 0);
	bgp_set_ref(&n2->use_ng, "LEAF");
	n2->af[BGP_AFI_V4].present = 1;
	nbr(c, "10.0.0.3", 65004);
	return c;
}

/* "10.0.0.1 10.0.0.2" (all: "*" first) */
static const char *
affected(const struct config *from, const struct config *to)
{
	static char		 buf[256];
	struct commit_affect	 a;
	char			 ad[64];
	size_t			 i;

	buf[0] = '\0';
	if (commit_affected(from, to, &a) == -1)
		return "(error)";
	if (a.all)
		strlcat(buf, "*", sizeof(buf));
	for (i = 0; i < a.n; i++) {
		addr_format(&a.v[i], ad, sizeof(ad));
		if (buf[0] != '\0')
			strlcat(buf, " ", sizeof(buf));
		strlcat(buf, ad, sizeof(buf));
	}
	if (a.nshut > 0)
		strlcat(buf, " shut", sizeof(buf));
	commit_affect_free(&a);
	return buf;
}

static void
test_same(void)
{
	struct config	*a = base(), *b = base();

	T_EQ_STR(affected(a, b), "");
	/* a set nothing uses, and the hostname: no neighbor */
	put_set(b, "prefix-set UNUSED\n  192.0.2.0/25\nend-set\n");
	strlcpy(b->hostname, "r2", sizeof(b->hostname));
	T_EQ_STR(affected(a, b), "");
	config_free(a);
	config_free(b);
}

static void
test_apply_and_set(void)
{
	struct config	*a = base(), *b = base(), *c = base();

	/* the applied policy changed: IN's user is affected */
	put_policy(b, "route-policy CHILD\n  if destination in PS then\n"
	    "    drop\n  endif\nend-policy\n");
	T_EQ_STR(affected(a, b), "10.0.0.1");
	/* the set under the applied policy changed */
	put_set(c, "prefix-set PS\n  10.0.0.0/8 le 16\nend-set\n");
	T_EQ_STR(affected(a, c), "10.0.0.1");
	config_free(a);
	config_free(b);
	config_free(c);
}

static void
test_groups(void)
{
	struct config	*a = base(), *b = base(), *c = base();
	struct bgp_peer	*g;

	/* the policy the neighbor-group hands down */
	put_policy(b, "route-policy OTHER\n  drop\nend-policy\n");
	T_EQ_STR(affected(a, b), "10.0.0.2");
	/* a session setting two groups up the chain */
	g = bgp_peer_find(c->bgp, BGP_NG, "ROOT");
	T_ASSERT(g != NULL);
	if (g != NULL)
		g->s[BS_REMOTE_AS].n[0] = 65099;
	T_EQ_STR(affected(a, c), "10.0.0.2");
	config_free(a);
	config_free(b);
	config_free(c);
}

static void
test_global_and_shut(void)
{
	struct config	*a = base(), *b = base(), *c = base();
	struct bgp_peer	*p;

	b->bgp->g[BG_DEFAULT_LP].set = 1;
	b->bgp->g[BG_DEFAULT_LP].n[0] = 200;
	T_EQ_STR(affected(a, b), "* 10.0.0.1 10.0.0.2 10.0.0.3");
	/* shutting a neighbor down is meant: not watched */
	p = bgp_peer_find(c->bgp, BGP_NBR, "10.0.0.3");
	T_ASSERT(p != NULL);
	if (p != NULL)
		p->s[BS_SHUTDOWN].set = 1;
	policy_in(bgp_peer_find(c->bgp, BGP_NBR, "10.0.0.1"), "OTHER");
	T_EQ_STR(affected(a, c), "10.0.0.1 shut");
	config_free(a);
	config_free(b);
	config_free(c);
}

/* a policy used by the global address family (network) affects all */
static void
test_global_policy(void)
{
	struct config		*a = base(), *b = base(), *c;
	struct bgp_network	*net;
	struct xprefix		 px;
	struct config		*v[2];
	int			 i;

	v[0] = a;
	v[1] = b;
	for (i = 0; i < 2; i++) {
		put_policy(v[i], "route-policy NETPOL\n  pass\nend-policy\n");
		T_EQ_INT(prefix_parse("203.0.113.0/24", &px, 0), 0);
		v[i]->bgp->af[BGP_AFI_V4].present = 1;
		net = bgp_network_get(&v[i]->bgp->af[BGP_AFI_V4], &px);
		T_ASSERT(net != NULL);
		if (net != NULL)
			bgp_set_ref(&net->policy, "NETPOL");
	}
	T_EQ_STR(affected(a, b), "");
	c = config_dup(b);
	put_policy(c, "route-policy NETPOL\n  set med 5\nend-policy\n");
	T_EQ_STR(affected(b, c), "* 10.0.0.1 10.0.0.2 10.0.0.3");
	config_free(a);
	config_free(b);
	config_free(c);
}

/* a parameterized policy: other arguments are a change of the neighbor */
static void
test_args(void)
{
	struct config	*a = base(), *b, *c;
	struct bgp_peer	*p;

	put_policy(a, "route-policy LP($v)\n  set local-preference $v\n"
	    "end-policy\n");
	p = bgp_peer_find(a->bgp, BGP_NBR, "10.0.0.3");
	policy_in(p, "LP");
	bgp_item_set_args(&p->af[BGP_AFI_V4].it[BA_POLICY_IN], "(100)");
	b = config_dup(a);
	c = config_dup(a);
	p = bgp_peer_find(b->bgp, BGP_NBR, "10.0.0.3");
	bgp_item_set_args(&p->af[BGP_AFI_V4].it[BA_POLICY_IN], "(200)");
	T_EQ_STR(affected(a, b), "10.0.0.3");
	put_policy(c, "route-policy LP($v)\n  set local-preference $v\n"
	    "  set med 1\nend-policy\n");
	T_EQ_STR(affected(a, c), "10.0.0.3");
	config_free(a);
	config_free(b);
	config_free(c);
}

int
main(void)
{
	test_same();
	test_apply_and_set();
	test_groups();
	test_global_and_shut();
	test_global_policy();
	test_args();
	return T_DONE();
}
