/*
 * bgpmon: the `bgp-monitor` configuration section (config-bgp-monitor),
 * the model in core/config/bgpmon_cfg.h:
 *
 *   [no] bgp-monitor
 *    [no] protected prefix-set NAME origin-as ASN[,ASN...]
 *    [no] relationship ASN ( customer | peer | provider )
 *    [no] relationship file PATH
 *    [no] long-path threshold N
 *    [no] flap threshold N window S
 *    [no] alert ( origin-change | sub-prefix | leak | long-path | flap )
 *        ( log | none )
 *    [no] history depth N
 *
 * A bad AS list is refused at once (nothing changes); that the prefix-set
 * exists and the relationship file reads are checked at commit.
 */
#include <stdio.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/config/bgpmon_cfg.h"
#include "core/lib/addr.h"

void	show_bgpmon_init(void);		/* cmds/show_bgpmon.c */

static int
nomem(struct cli *cli)
{
	return cli_error(cli, "Out of memory");
}

static int
cmd_bgpmon(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		bgpmon_cfg_free(c->mon);
		c->mon = NULL;
		return CMD_OK;
	}
	if (c->mon == NULL && (c->mon = bgpmon_cfg_new()) == NULL)
		return nomem(cli);
	return cli_enter(cli, MODE_BGPMON, "bgp-monitor") == 0 ? CMD_OK :
	    CMD_ERR;
}

static struct bgpmon_cfg *
mon_of(struct cli *cli)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return NULL;
	if (c->mon == NULL)
		cli_error(cli, "bgp-monitor is not configured");
	return c->mon;
}

static int
cmd_protected(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;
	struct bgpmon_protect	 p;
	const char		*name = arg_str(a, "name");
	const char		*list = arg_str(a, "asns");
	char			 bad[64];

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	if (name == NULL) {		/* `no protected`: all of them */
		m->nprot = 0;
		return CMD_OK;
	}
	if (strlen(name) >= sizeof(p.set))
		return cli_error(cli, "Invalid prefix-set name '%s'", name);
	if (arg_no(a))
		return bgpmon_cfg_del_protect(m, name) == 0 ? CMD_OK :
		    nomem(cli);
	if (list == NULL)
		return cli_error(cli, "Incomplete command.");
	memset(&p, 0, sizeof(p));
	snprintf(p.set, sizeof(p.set), "%s", name);
	if (list == NULL || bgpmon_parse_asns(list, p.asns, BGPMON_ORIGINS_MAX,
	    &p.nasns, bad, sizeof(bad)) == -1)
		return cli_error(cli, "Invalid AS number '%s' in the origin-as "
		    "list (1-4294967295, at most %d, comma separated)",
		    list != NULL ? bad : "", BGPMON_ORIGINS_MAX);
	return bgpmon_cfg_put_protect(m, &p) == 0 ? CMD_OK : nomem(cli);
}

static int
cmd_relationship(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;
	uint32_t		 asn;
	int			 rel;

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_str(a, "asn") == NULL) {	/* `no relationship`: all */
		m->nrels = 0;
		return CMD_OK;
	}
	if (asn_parse(arg_str(a, "asn"), &asn) == -1 || asn == 0)
		return cli_error(cli, "Invalid AS number '%s'",
		    arg_str(a, "asn"));
	if (arg_no(a))
		return bgpmon_cfg_del_rel(m, asn) == 0 ? CMD_OK : nomem(cli);
	if (!arg_has(a, "customer") && !arg_has(a, "peer") &&
	    !arg_has(a, "provider"))
		return cli_error(cli, "Incomplete command.");
	rel = arg_has(a, "customer") ? BGPMON_REL_CUSTOMER :
	    arg_has(a, "peer") ? BGPMON_REL_PEER : BGPMON_REL_PROVIDER;
	return bgpmon_cfg_put_rel(m, asn, rel) == 0 ? CMD_OK : nomem(cli);
}

static int
cmd_relfile(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;
	const char		*path = arg_str(a, "path");

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		m->relfile[0] = '\0';
		return CMD_OK;
	}
	if (strlen(path) >= sizeof(m->relfile))
		return cli_error(cli, "File name too long '%.40s...'", path);
	/* read at each commit and at start, maybe from another directory */
	if (path[0] != '/')
		return cli_error(cli, "Invalid file name '%s': give an absolute "
		    "path", path);
	snprintf(m->relfile, sizeof(m->relfile), "%s", path);
	return CMD_OK;
}

static int
cmd_long_path(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	m->long_path = arg_no(a) ? 0 : arg_u32(a, "n", 0);
	return CMD_OK;
}

static int
cmd_flap(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		m->flap_n = m->flap_window = 0;
		return CMD_OK;
	}
	if (!arg_has(a, "n"))
		return cli_error(cli, "Incomplete command.");
	m->flap_n = arg_u32(a, "n", BGPMON_FLAP_N_DFLT);
	m->flap_window = arg_u32(a, "seconds", BGPMON_FLAP_WINDOW_DFLT);
	return CMD_OK;
}

static int
cmd_alert(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;
	int			 k;

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	for (k = 0; k < BGPMON_K_COUNT; k++)
		if (arg_has(a, bgpmon_kind_name(k)))
			break;
	if (k == BGPMON_K_COUNT && arg_no(a)) {	/* `no alert`: all */
		memset(m->alert, 0, sizeof(m->alert));
		return CMD_OK;
	}
	if (k == BGPMON_K_COUNT)
		return cli_error(cli, "Incomplete command.");
	if (!arg_no(a) && !arg_has(a, "log") && !arg_has(a, "none"))
		return cli_error(cli, "Incomplete command.");
	m->alert[k] = arg_no(a) ? BGPMON_ALERT_UNSET : arg_has(a, "none") ?
	    BGPMON_ALERT_NONE : BGPMON_ALERT_LOG;
	return CMD_OK;
}

static int
cmd_history(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_cfg	*m;

	if ((m = mon_of(cli)) == NULL)
		return CMD_ERR;
	m->history = arg_no(a) ? 0 : arg_u32(a, "n", 0);
	return CMD_OK;
}

static const struct cmd config_rows[] = {
	{ "[no] bgp-monitor", cmd_bgpmon, 0,
	    { "bgp-monitor=BGP routing monitor: hijack, leak, long-path and "
	      "flap alerts", NULL } },
	CMD_END
};

static const struct cmd mon_rows[] = {
	{ "[no] protected prefix-set <name:rpl-prefix-set> "
	    "[origin-as <asns:word>]", cmd_protected, 0,
	    { "protected=Address space to watch for hijacks",
	      "prefix-set=The prefix-set holding the protected prefixes",
	      "name=Prefix-set name",
	      "origin-as=The ASes allowed to originate it",
	      "asns=AS number list, comma separated (e.g. 65001,65002)",
	      NULL } },
	{ "[no] relationship <asn:asn> [( customer | peer | provider )]",
	    cmd_relationship, 0,
	    { "relationship=Business relationship with a neighbor AS "
	      "(route-leak detection)",
	      "asn=The neighbor AS",
	      "customer=The AS is our customer",
	      "peer=The AS is our peer",
	      "provider=The AS is our provider", NULL } },
	{ "[no] relationship file <path:word>", cmd_relfile, 0,
	    { "relationship=Business relationship with a neighbor AS "
	      "(route-leak detection)",
	      "file=AS relationships from a file in CAIDA as-rel format "
	      "(a|b|-1, a|b|0)",
	      "path=File name (absolute path)", NULL } },
	{ "[no] long-path threshold <n:1-1000>", cmd_long_path, 0,
	    { "long-path=Alert on unusually long AS paths",
	      "threshold=AS path length above which to alert (default 20)",
	      "n=AS path length", NULL } },
	{ "[no] flap threshold [<n:1-10000> window <seconds:1-86400>]",
	    cmd_flap, 0,
	    { "flap=Alert on prefixes whose best path keeps changing",
	      "threshold=Best-path changes above which to alert "
	      "(default 10)",
	      "n=Number of changes",
	      "window=Time window (default 60 seconds)",
	      "seconds=Seconds", NULL } },
	{ "[no] alert [( origin-change | sub-prefix | leak | long-path | "
	    "flap ) [( log | none )]]", cmd_alert, 0,
	    { "alert=What to do with an alert kind",
	      "origin-change=Origin AS changed, or not allowed for "
	      "protected space",
	      "sub-prefix=More-specific of protected space from another "
	      "origin",
	      "leak=AS path breaking the valley-free rule",
	      "long-path=AS path longer than the threshold",
	      "flap=Best path changing too often",
	      "log=Log it and keep it in the alert buffer (default)",
	      "none=Do not raise it", NULL } },
	{ "[no] history depth <n:1-64>", cmd_history, 0,
	    { "history=Per-prefix origin history",
	      "depth=Origins kept per prefix (default 8)",
	      "n=Number of origins", NULL } },
	CMD_END
};

void
bgpmon_cmds_init(void)
{
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_BGPMON, mon_rows);
	show_bgpmon_init();
}
