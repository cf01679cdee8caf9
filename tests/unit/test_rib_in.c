/*
 * test_rib_in: import through the engine, with a scripted peer on
 * loopback: RFC 8212, the inbound policy, loop checks, withdrawals,
 * a policy change applied without a reset (soft-reconfiguration replay
 * or ROUTE-REFRESH), and the paths leaving with the session.
 */
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"

#define NBR	"127.0.0.2"

/* An UPDATE for pfx with the given path, next hop and communities. */
static void
announce(struct tp *t, const char *pfx, const uint32_t *path, size_t npath,
    const uint32_t *comm, size_t ncomm)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	struct wbuf		 b = WBUF_INIT;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, path, npath);
	addr_parse(NBR, &a->nexthop);
	if (ncomm > 0) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
		a->communities = malloc(ncomm * sizeof(uint32_t));
		memcpy(a->communities, comm, ncomm * sizeof(uint32_t));
		a->ncommunities = ncomm;
	}
	prefix_parse(pfx, &p, 0);
	bgp_update_encode_announce(&b, &ctx, a, &p, 1);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

/* The stored path of the neighbor for pfx, NULL if none. */
static const struct locrib_path *
path_of(const char *pfx)
{
	struct peer			*p = tp_peer(NBR);
	const struct locrib_entry	*e;
	struct xprefix			 x;

	prefix_parse(pfx, &x, 0);
	if (p == NULL || p->ra[0].src == NULL || bgp_rib.loc[0] == NULL ||
	    (e = locrib_lookup(bgp_rib.loc[0], &x)) == NULL)
		return NULL;
	return locrib_entry_path_from(e, p->ra[0].src);
}

static uint32_t
lp_of(const char *pfx)
{
	const struct locrib_path	*lp = path_of(pfx);

	if (lp == NULL ||
	    !(lp->attrs->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)))
		return 0;
	return lp->attrs->local_pref;
}

static uint32_t
denied(void)
{
	struct bgp_nbr_info	 ni;

	if (tp_nbr(NBR, &ni) == -1)
		return (uint32_t)-1;
	return ni.af[0].denied;
}

static struct config *
cfg_base(int unsafe, struct bgp_peer **pp)
{
	struct config	*c = tp_passive_cfg(65001, NBR, pp);

	c->bgp->g[BG_UNSAFE_EBGP].set = unsafe;
	return c;
}

static int
up(struct tp *t)
{
	if (tp_connect(t, NBR) != 0)
		return 0;
	return tp_establish(t, NBR, 65002, 90, NULL, NULL);
}

static const uint32_t path1[] = { 65002, 3356 };

/* RFC 8212: an eBGP neighbor without inbound policy accepts nothing. */
static void
test_rfc8212(void)
{
	struct tp	 t;
	struct config	*c = cfg_base(0, NULL);

	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, NULL, 0);
	announce(&t, "10.2.0.0/16", path1, 2, NULL, 0);
	tp_pump(100);
	T_EQ_INT(tp_accepted(NBR), 0);
	T_EQ_INT(denied(), 2);
	T_EQ_INT(locrib_count_prefixes(bgp_rib.loc[0]), 0);
	tp_finish(&t, c);

	/* bgp unsafe-ebgp-policy lifts it */
	c = cfg_base(1, NULL);
	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_EQ_INT(denied(), 0);
	T_ASSERT(path_of("10.1.0.0/16") != NULL);
	tp_finish(&t, c);
}

static const char *pol_in =
    "route-policy IN\n"
    "  if community matches-any (65002:100) then\n"
    "    set local-preference 200\n"
    "  endif\n"
    "  if destination in (10.9.0.0/16) then\n"
    "    drop\n"
    "  endif\n"
    "  pass\n"
    "end-policy\n";

/* The inbound policy: modifies, passes unchanged, drops. */
static void
test_policy(void)
{
	struct tp		 t;
	struct bgp_peer		*np;
	struct config		*c = cfg_base(0, &np);
	const struct locrib_path *a, *b;
	const uint32_t		 tag = COMM_MAKE(65002, 100);

	tp_add_policy(c, pol_in);
	tp_attach(np, BA_POLICY_IN, "IN");
	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, &tag, 1);
	announce(&t, "10.2.0.0/16", path1, 2, NULL, 0);
	announce(&t, "10.9.0.0/16", path1, 2, &tag, 1);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_pump(50);
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(denied(), 1);
	T_EQ_INT(lp_of("10.1.0.0/16"), 200);
	T_EQ_INT(lp_of("10.2.0.0/16"), 0);	/* untouched: none set */
	T_ASSERT(path_of("10.9.0.0/16") == NULL);
	a = path_of("10.1.0.0/16");
	b = path_of("10.2.0.0/16");
	T_ASSERT(a != NULL && b != NULL && a->attrs->interned &&
	    b->attrs->interned);
	/* the next hop is the established peer: a candidate, the best */
	T_ASSERT(b != NULL && b->nh_reachable &&
	    (b->flags & LOCRIB_PATH_BEST));

	/* a later announcement the policy drops takes the path away */
	announce(&t, "10.1.0.0/16", path1, 2, NULL, 0);
	tp_pump(50);
	T_EQ_INT(lp_of("10.1.0.0/16"), 0);
	T_ASSERT(path_of("10.1.0.0/16") != NULL);
	tp_send_withdraw(&t, (const char *[]){ "10.2.0.0/16" }, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT(path_of("10.2.0.0/16") == NULL);

	/* the session goes: so do its paths */
	tp_close(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE) ||
	    tp_state(NBR) == BGP_ST_ACTIVE);
	T_EQ_INT(locrib_count_prefixes(bgp_rib.loc[0]), 0);
	T_EQ_INT(tp_accepted(NBR), 0);
	tp_finish(NULL, c);
}

/* Our AS in the path is a loop, unless allowas-in. */
static void
test_loops(void)
{
	struct tp	 t;
	struct bgp_peer	*np;
	struct config	*c = cfg_base(1, &np);
	const uint32_t	 loop[] = { 65002, 65001, 7 };

	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.3.0.0/16", loop, 3, NULL, 0);
	announce(&t, "10.4.0.0/16", path1, 2, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	tp_pump(50);
	T_ASSERT(path_of("10.3.0.0/16") == NULL);
	T_EQ_INT(denied(), 1);
	tp_finish(&t, c);

	c = cfg_base(1, &np);
	tp_set_item(&np->af[BGP_AFI_V4].it[BA_ALLOWAS_IN], 1, 0,
	    BGP_OPT_HAS_VALUE);
	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.3.0.0/16", loop, 3, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT(path_of("10.3.0.0/16") != NULL);
	tp_finish(&t, c);
}

static const char *pol_lp300 =
    "route-policy IN\n"
    "  set local-preference 300\n"
    "end-policy\n";

/*
 * A commit that changes the inbound policy re-runs it: from the
 * soft-reconfiguration copy when kept, else by ROUTE-REFRESH; the
 * session is not reset.
 */
static void
test_soft(int softrc)
{
	struct tp		 t;
	struct bgp_peer		*np;
	struct config		*c = cfg_base(0, &np), *c2;
	struct strbuf		 rep = STRBUF_INIT;
	struct bgp_nbr_info	 ni;
	const uint32_t		 tag = COMM_MAKE(65002, 100);
	int			 type, rr = 0, i;

	tp_add_policy(c, pol_in);
	tp_attach(np, BA_POLICY_IN, "IN");
	if (softrc)
		tp_set_item(&np->af[BGP_AFI_V4].it[BA_SOFT_RECONF], 0, 0, 0);
	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, &tag, 1);
	announce(&t, "10.9.0.0/16", path1, 2, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	for (i = 0; i < 100 && denied() != 1; i++)	/* 10.9 read too */
		tp_pump(5);
	T_EQ_INT(denied(), 1);
	T_EQ_INT(lp_of("10.1.0.0/16"), 200);

	c2 = cfg_base(0, &np);
	tp_add_policy(c2, pol_lp300);
	tp_attach(np, BA_POLICY_IN, "IN");
	if (softrc)
		tp_set_item(&np->af[BGP_AFI_V4].it[BA_SOFT_RECONF], 0, 0, 0);
	tp_apply(c2, &rep);
	T_ASSERT(strstr(sb_str(&rep), "Neighbor 127.0.0.2: soft refresh "
	    "inbound") != NULL);
	if (!softrc) {
		/* the peer is asked, and answers with its table */
		for (i = 0; i < 5 && !rr; i++) {
			type = tp_recv_nka(&t, TP_WAIT);
			if (type == BGP_MSG_ROUTE_REFRESH)
				rr = 1;
		}
		T_ASSERT(rr);
		announce(&t, "10.1.0.0/16", path1, 2, &tag, 1);
		announce(&t, "10.9.0.0/16", path1, 2, NULL, 0);
	}
	T_ASSERT(tp_wait_accepted(NBR, 2));
	T_EQ_INT(lp_of("10.1.0.0/16"), 300);
	T_EQ_INT(lp_of("10.9.0.0/16"), 300);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.conn_established, 1);
	sb_free(&rep);
	config_free(c2);
	tp_finish(&t, c);
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(1);
	log_set_sink(tp_log_sink, NULL);
	test_rfc8212();
	test_policy();
	test_loops();
	test_soft(1);
	test_soft(0);
	return T_DONE();
}
