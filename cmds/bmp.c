/*
 * bmp: XR's BMP configuration (RFC 7854 collectors).
 *
 *   bmp server all                        -> config-bmp-all
 *     route-monitoring local-rib          (RFC 9069, every server)
 *     max-buffer-size <1-4096>            (MB, each server's queue)
 *     route-monitoring adj-rib-out        (RFC 8671; not XR's: an
 *                                          extension of xrsh)
 *   bmp server <1-8>                      -> config-bmp
 *     host <address> port <1-65535>
 *     description <text>
 *     update-source <interface>
 *     initial-delay <1-3600>
 *     stats-reporting-period <1-3600>
 *     shutdown
 *   neighbor / neighbor-group / session-group:
 *     bmp-activate server <1-8>
 *
 * Each line is checked whole before it replaces anything.  A neighbor
 * naming a server that is not configured is refused at commit
 * (bmp_cfg_validate), as XR does: the server may be configured later in
 * the same commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/config/bmp_cfg.h"

static int
nomem(struct cli *cli)
{
	return cli_error(cli, "Out of memory");
}

static int
cmd_bmp_all(struct cli *cli, const struct cmd_args *a, struct config *c)
{
	if (arg_no(a)) {
		if (c->bmp != NULL) {
			c->bmp->all_present = c->bmp->local_rib = 0;
			c->bmp->max_buffer_mb = 0;
			c->bmp->adj_rib_out = 0;
		}
		if (bmp_cfg_empty(c->bmp)) {
			bmp_cfg_free(c->bmp);
			c->bmp = NULL;
		}
		return CMD_OK;
	}
	if (c->bmp == NULL && (c->bmp = bmp_cfg_new()) == NULL)
		return nomem(cli);
	c->bmp->all_present = 1;
	return cli_enter(cli, MODE_BMP_ALL, "all") == 0 ? CMD_OK : CMD_ERR;
}

static int
cmd_local_rib(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (c->bmp == NULL || !c->bmp->all_present)
		return cli_error(cli, "The configuration object of this mode "
		    "no longer exists");
	if (arg_has(a, "max-buffer-size"))
		c->bmp->max_buffer_mb = arg_no(a) ? 0 : arg_u32(a, "mb", 0);
	else if (arg_has(a, "adj-rib-out"))
		c->bmp->adj_rib_out = !arg_no(a);
	else
		c->bmp->local_rib = !arg_no(a);
	return CMD_OK;
}

static int
cmd_bmp_server(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;
	unsigned	 id = arg_u32(a, "id", 0);
	char		 key[8];

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "all"))
		return cmd_bmp_all(cli, a, c);
	if (arg_no(a)) {
		if (c->bmp != NULL && id >= 1 && id <= BMP_SERVERS_MAX)
			bmp_server_cfg_clear(&c->bmp->srv[id - 1]);
		if (bmp_cfg_empty(c->bmp)) {
			bmp_cfg_free(c->bmp);
			c->bmp = NULL;
		}
		return CMD_OK;
	}
	if (c->bmp == NULL && (c->bmp = bmp_cfg_new()) == NULL)
		return nomem(cli);
	if (bmp_cfg_server_get(c->bmp, id) == NULL)
		return cli_error(cli, "Invalid BMP server id %u", id);
	snprintf(key, sizeof(key), "%u", id);
	return cli_enter(cli, MODE_BMP_SRV, key) == 0 ? CMD_OK : CMD_ERR;
}

/* the server of the current config-bmp mode, or NULL after an error */
static struct bmp_server_cfg *
srv_of(struct cli *cli)
{
	struct config		*c;
	const char		*k = cli_key(cli, MODE_BMP_SRV);
	unsigned		 id = k != NULL ? (unsigned)atoi(k) : 0;

	if ((c = cmds_candidate(cli)) == NULL)
		return NULL;
	if (bmp_cfg_server(c->bmp, id) == NULL) {
		cli_error(cli, "The configuration object of this mode no "
		    "longer exists");
		return NULL;
	}
	return &c->bmp->srv[id - 1];
}

static int
cmd_host(struct cli *cli, const struct cmd_args *a)
{
	struct bmp_server_cfg	*s;
	struct xaddr		 h;
	const char		*hs = arg_str(a, "address");

	if ((s = srv_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		s->has_host = 0;
		memset(&s->host, 0, sizeof(s->host));
		s->port = 0;
		return CMD_OK;
	}
	if (hs == NULL || addr_parse(hs, &h) == -1)
		return cli_error(cli, "Invalid BMP server address '%s'",
		    hs ? hs : "");
	if (!arg_has(a, "port"))
		return cli_error(cli, "Incomplete command.");
	s->host = h;
	s->port = (uint16_t)arg_u32(a, "number", 0);
	s->has_host = 1;
	return CMD_OK;
}

static int
cmd_str(struct cli *cli, const struct cmd_args *a)
{
	struct bmp_server_cfg	*s;
	char			**f;
	const char		*v;
	size_t			 max;

	if ((s = srv_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "description")) {
		f = &s->description;
		v = arg_str(a, "text");
		max = BMP_DESC_MAX;
	} else {
		f = &s->update_source;
		v = arg_str(a, "interface");
		max = BMP_IFNAME_MAX;
	}
	if (arg_no(a))
		v = NULL;
	else if (v == NULL)
		return cli_error(cli, "Incomplete command.");
	else if (strlen(v) > max)
		return cli_error(cli, "'%s' is too long: at most %zu "
		    "characters", v, max);
	return bmp_cfg_set_str(f, v) == 0 ? CMD_OK : nomem(cli);
}

static int
cmd_num(struct cli *cli, const struct cmd_args *a)
{
	struct bmp_server_cfg	*s;
	uint32_t		 v = arg_no(a) ? 0 : arg_u32(a, "seconds", 0);

	if ((s = srv_of(cli)) == NULL)
		return CMD_ERR;
	if (!arg_no(a) && v == 0)
		return cli_error(cli, "Incomplete command.");
	if (arg_has(a, "initial-delay"))
		s->initial_delay = v;
	else
		s->stats_period = v;
	return CMD_OK;
}

static int
cmd_shutdown(struct cli *cli, const struct cmd_args *a)
{
	struct bmp_server_cfg	*s;

	if ((s = srv_of(cli)) == NULL)
		return CMD_ERR;
	s->shutdown = !arg_no(a);
	return CMD_OK;
}

/* neighbor, neighbor-group, session-group: one item per server */
static int
cmd_activate(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	 built;
	unsigned	 id = arg_u32(a, "id", 0);
	struct bgp_item	*it;

	if (id < 1 || id > BMP_SERVERS_MAX)
		return cli_error(cli, "Incomplete command.");
	if (arg_no(a)) {
		if ((it = bgpc_item(cli, BGPC_SESSION, BS_BMP1 +
		    (int)id - 1)) == NULL)
			return CMD_ERR;
		bgp_item_clear(it);
		return CMD_OK;
	}
	memset(&built, 0, sizeof(built));
	built.set = 1;
	return bgpc_item_put(cli, BGPC_SESSION, BS_BMP1 + (int)id - 1,
	    &built);
}

static const struct cmd config_rows[] = {
	{ "[no] bmp server ( <id:1-8> | all )", cmd_bmp_server, 0,
	    { "bmp=BGP Monitoring Protocol (BMP) configuration",
	      "server=Enter BMP Server Configuration Mode",
	      "id=BMP Server ID",
	      "all=Configuration common to all BMP servers", NULL } },
	CMD_END
};

static const struct cmd all_rows[] = {
	{ "[no] route-monitoring adj-rib-out", cmd_local_rib, 0,
	    { "route-monitoring=Enable route monitoring",
	      "adj-rib-out=Monitor what is sent to each neighbor, post-policy "
	      "(RFC 8671)", NULL } },
	{ "[no] route-monitoring local-rib", cmd_local_rib, 0,
	    { "route-monitoring=Enable route monitoring",
	      "local-rib=Monitor the Loc-RIB (RFC 9069) to every BMP server",
	      NULL } },
	{ "[no] max-buffer-size <mb:1-4096>", cmd_local_rib, 0,
	    { "max-buffer-size=Output queue of each BMP server (default 16)",
	      "mb=Size in megabytes", NULL } },
	CMD_END
};

static const struct cmd srv_rows[] = {
	{ "[no] host <address:ip> [port <number:1-65535>]", cmd_host, 0,
	    { "host=Configure BMP server host",
	      "address=IPv4 or IPv6 address of the BMP server",
	      "port=Port number of the BMP server",
	      "number=Port number", NULL } },
	{ "[no] description <text:line>", cmd_str, 0,
	    { "description=Description for this BMP server",
	      "text=Up to 255 characters describing this BMP server",
	      NULL } },
	{ "[no] update-source <interface:bgp-ifname>", cmd_str, 0,
	    { "update-source=Specify source interface for BMP connection",
	      "interface=Interface name, e.g. Loopback0", NULL } },
	{ "[no] initial-delay <seconds:1-3600>", cmd_num, 0,
	    { "initial-delay=Initial connect delay in seconds",
	      "seconds=Delay in seconds", NULL } },
	{ "[no] stats-reporting-period <seconds:1-3600>", cmd_num, 0,
	    { "stats-reporting-period=Interval between BMP statistics "
	      "reports",
	      "seconds=Time in seconds", NULL } },
	{ "[no] shutdown", cmd_shutdown, 0,
	    { "shutdown=Shutdown connection with the BMP server", NULL } },
	CMD_END
};

static const struct cmd peer_rows[] = {
	{ "[no] bmp-activate server <id:1-8>", cmd_activate, 0,
	    { "bmp-activate=Enable BMP logging for this neighbor",
	      "server=Enable BMP connection to particular server",
	      "id=BMP Server ID", NULL } },
	CMD_END
};

void	show_bgp_bmp_init(void);	/* cmds/show_bgp_bmp.c */

void
cmds_bmp_init(void)
{
	show_bgp_bmp_init();
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_BMP_SRV, srv_rows);
	cli_install(MODE_BMP_ALL, all_rows);
	cli_install(MODE_BGP_NBR, peer_rows);
	cli_install(MODE_BGP_NBRGRP, peer_rows);
	cli_install(MODE_BGP_SNGRP, peer_rows);
}
