/*
 * bgp_gm: XR's BGP graceful maintenance.  In a neighbor, neighbor-group
 * or session-group, `graceful-maintenance` is a sub-mode holding
 * `activate`, `local-preference` and `as-prepends` (each inheritable and
 * each with `inheritance-disable`); the one-line forms
 * `graceful-maintenance activate` etc. are taken in the parent mode too,
 * as XR takes them.  Globally, `graceful-maintenance activate` is a
 * sub-mode holding `all-neighbors` and `retain-routes`, or one line with
 * them.  The engine (core/bgp/peer.c) turns an active neighbor into the
 * graceful-shutdown export path with the configured attributes.
 */
#include <string.h>

#include "cmds/bgp_cmds.h"

/* The sub-mode under the current neighbor or group mode. */
static int
gm_mode(int mode)
{
	switch (mode) {
	case MODE_BGP_NBR:
		return MODE_BGP_NBR_GM;
	case MODE_BGP_NBRGRP:
		return MODE_BGP_NBRGRP_GM;
	default:
		return MODE_BGP_SNGRP_GM;
	}
}

/* Builds one of the three lines from the row's arguments. */
static int
gm_line(const struct cmd_args *a, struct bgp_peer *p)
{
	struct bgp_item	*it;
	int		 item;

	if (arg_has(a, "activate"))
		item = BS_GM_ACTIVATE;
	else if (arg_has(a, "local-preference"))
		item = BS_GM_LP;
	else
		item = BS_GM_AS_PREPENDS;
	it = &p->s[item];
	bgp_item_clear(it);
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	if (arg_has(a, "inheritance-disable"))
		it->off = 1;
	else if (item == BS_GM_LP)
		it->n[0] = arg_u32(a, "lp", 0);
	else if (item == BS_GM_AS_PREPENDS)
		it->n[0] = arg_u32(a, "count", 0);
	/* a line makes the block exist, as it does on XR */
	p->s[BS_GM].set = 1;
	return CMD_OK;
}

/* `graceful-maintenance [activate|local-preference|as-prepends ...]` */
static int
cmd_gm(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_peer	*p;
	int		 i, mode = cli_mode(cli);

	if ((p = bgpc_peer(cli, NULL)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "activate") || arg_has(a, "local-preference") ||
	    arg_has(a, "as-prepends"))
		return gm_line(a, p);
	if (arg_no(a)) {
		for (i = BS_GM; i <= BS_GM_AS_PREPENDS; i++)
			bgp_item_clear(&p->s[i]);
		return CMD_OK;
	}
	p->s[BS_GM].set = 1;
	return cli_enter(cli, gm_mode(mode), "") == 0 ? CMD_OK : CMD_ERR;
}

/* the lines of the sub-mode */
static int
cmd_gm_sub(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_peer	*p;

	if ((p = bgpc_peer(cli, NULL)) == NULL)
		return CMD_ERR;
	return gm_line(a, p);
}

/* global: `graceful-maintenance activate [all-neighbors] [retain-routes]` */
static int
cmd_gm_global(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg	*b;
	struct bgp_item	*it;
	uint8_t		 opt = 0;

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	it = &b->g[BG_GM_ACTIVATE];
	if (arg_has(a, "all-neighbors"))
		opt |= BGP_OPT_ALL_NBRS;
	if (arg_has(a, "retain-routes"))
		opt |= BGP_OPT_RETAIN_ROUTES;
	if (arg_no(a)) {
		/* `no ... activate all-neighbors` drops that option only */
		if (opt != 0)
			it->opt &= ~opt;
		else
			bgp_item_clear(it);
		return CMD_OK;
	}
	if (!it->set)
		it->opt = 0;
	it->set = 1;
	it->opt |= opt;
	return cli_enter(cli, MODE_BGP_GM, "") == 0 ? CMD_OK : CMD_ERR;
}

/* config-bgp-gshut: `[no] all-neighbors`, `[no] retain-routes` */
static int
cmd_gm_global_sub(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg	*b;
	struct bgp_item	*it;
	uint8_t		 opt;

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	it = &b->g[BG_GM_ACTIVATE];
	opt = arg_has(a, "all-neighbors") ? BGP_OPT_ALL_NBRS :
	    BGP_OPT_RETAIN_ROUTES;
	if (arg_no(a))
		it->opt &= ~opt;
	else {
		it->set = 1;
		it->opt |= opt;
	}
	return CMD_OK;
}

#define GM_HELP \
	"graceful-maintenance=Graceful Maintenance attributes: neighbors " \
	"de-prefer the routes this router sends and move to alternates, " \
	"so that it can be taken out of or brought into service gracefully"
#define ACTIVATE_HELP \
	"activate=Announce routes with the graceful maintenance attributes " \
	"(GSHUT community, local-preference, AS prepends) while active here " \
	"or under router bgp"
#define LP_HELP \
	"local-preference=Local preference sent with routes to iBGP " \
	"neighbors while active (default: unchanged)"
#define ASP_HELP \
	"as-prepends=Times the local AS number is prepended to the AS path " \
	"of routes sent to eBGP neighbors while active (default: 0)"
#define INH_HELP \
	"inheritance-disable=Prevent this from being inherited from the parent"

static const struct cmd sess_gm_rows[] = {
	{ "[no] graceful-maintenance [( activate [inheritance-disable] | "
	    "local-preference ( <lp:0-4294967295> | inheritance-disable ) | "
	    "as-prepends ( <count:0-6> | inheritance-disable ) )]", cmd_gm, 0,
	    { GM_HELP, ACTIVATE_HELP, LP_HELP, ASP_HELP, INH_HELP,
	      "lp=Local preference value",
	      "count=Number of AS prepends", NULL } },
	CMD_END
};

static const struct cmd gm_rows[] = {
	{ "[no] activate [inheritance-disable]", cmd_gm_sub, 0,
	    { ACTIVATE_HELP, INH_HELP, NULL } },
	{ "[no] local-preference ( <lp:0-4294967295> | inheritance-disable )",
	    cmd_gm_sub, 0,
	    { LP_HELP, INH_HELP, "lp=Local preference value", NULL } },
	{ "[no] as-prepends ( <count:0-6> | inheritance-disable )",
	    cmd_gm_sub, 0,
	    { ASP_HELP, INH_HELP, "count=Number of AS prepends", NULL } },
	CMD_END
};

static const struct cmd bgp_gm_rows[] = {
	{ "[no] graceful-maintenance activate [all-neighbors] "
	    "[retain-routes]", cmd_gm_global, 0,
	    { GM_HELP,
	      "activate=Activate graceful maintenance for every neighbor "
	      "with a graceful-maintenance configuration",
	      "all-neighbors=Also for neighbors without a "
	      "graceful-maintenance configuration",
	      "retain-routes=Keep BGP routes in the RIB once the BGP process "
	      "stops", NULL } },
	CMD_END
};

static const struct cmd global_sub_rows[] = {
	{ "[no] all-neighbors", cmd_gm_global_sub, 0,
	    { "all-neighbors=Also for neighbors without a "
	      "graceful-maintenance configuration", NULL } },
	{ "[no] retain-routes", cmd_gm_global_sub, 0,
	    { "retain-routes=Keep BGP routes in the RIB once the BGP process "
	      "stops", NULL } },
	CMD_END
};

void
bgp_gm_cmds_init(void)
{
	cli_install(MODE_BGP_NBR, sess_gm_rows);
	cli_install(MODE_BGP_NBRGRP, sess_gm_rows);
	cli_install(MODE_BGP_SNGRP, sess_gm_rows);
	cli_install(MODE_BGP_NBR_GM, gm_rows);
	cli_install(MODE_BGP_NBRGRP_GM, gm_rows);
	cli_install(MODE_BGP_SNGRP_GM, gm_rows);
	cli_install(MODE_BGP, bgp_gm_rows);
	cli_install(MODE_BGP_GM, global_sub_rows);
}
