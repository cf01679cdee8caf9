/*
 * static: `router static` (config-static) and its address families
 * (config-static-afi), whose lines are the static routes:
 *
 *   <prefix> ( <next-hop> | <interface> [<next-hop>] ) [<distance>]
 *       [tag <tag>] [description <text>]
 *
 * A line is keyed by prefix, interface and next hop; typing it again
 * replaces its distance, tag and description as XR does.  `no <prefix>`
 * removes every line of the prefix, `no <prefix> <exit>` only that one.
 * The family of the prefix and next hop must be the mode's: XR's parser
 * takes only addresses of the mode's family, so a mismatch is refused at
 * once; the remaining checks run at commit (core/config/static_validate.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmds/cmds.h"
#include "core/config/static_cfg.h"

static int
nomem(struct cli *cli)
{
	return cli_error(cli, "Out of memory");
}

static void
complete_if(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	(void)cli;
	if (strncasecmp(STATIC_NULL0, prefix, strlen(prefix)) == 0)
		add(ctx, STATIC_NULL0, "Null interface");
}

static const struct cli_type static_types[] = {
	{ "static-if", "WORD", static_ifname_valid, complete_if },
};

static int
cmd_router_static(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		static_cfg_free(c->statics);
		c->statics = NULL;
		return CMD_OK;
	}
	if (c->statics == NULL && (c->statics = static_cfg_new()) == NULL)
		return nomem(cli);
	return cli_enter(cli, MODE_STATIC, "static") == 0 ? CMD_OK : CMD_ERR;
}

static struct static_cfg *
static_of(struct cli *cli)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return NULL;
	if (c->statics == NULL)
		cli_error(cli, "router static is not configured");
	return c->statics;
}

static int
cmd_static_af(struct cli *cli, const struct cmd_args *a)
{
	struct static_cfg	*s;
	enum static_afi		 afi = arg_has(a, "ipv6") ? STATIC_AFI_V6 :
				    STATIC_AFI_V4;

	if ((s = static_of(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		static_af_clear(&s->af[afi]);
		return CMD_OK;
	}
	s->af[afi].present = 1;
	return cli_enter(cli, MODE_STATIC_AF, static_afi_name(afi)) == 0 ?
	    CMD_OK : CMD_ERR;
}

/* The next hop argument (either position); prints the error. */
static int
parse_nh(struct cli *cli, const struct cmd_args *a, enum static_afi afi,
    struct xaddr *nh)
{
	const char	*s = arg_str(a, "nexthop");

	if (s == NULL)
		s = arg_str(a, "if-nexthop");
	if (s == NULL)
		return CMD_OK;
	if (addr_parse(s, nh) == -1 || static_afi_of(nh->af) != afi)
		return cli_error(cli, "Invalid %s next-hop address '%s'",
		    afi == STATIC_AFI_V4 ? "IPv4" : "IPv6", s);
	return CMD_OK;
}

static int
cmd_static_route(struct cli *cli, const struct cmd_args *a)
{
	struct static_cfg	*s;
	struct static_af	*af;
	struct static_route	 r;
	const char		*key = cli_key(cli, MODE_STATIC_AF);
	const char		*p = arg_str(a, "prefix");
	const char		*ifn = arg_str(a, "interface");
	const char		*d;
	enum static_afi		 afi = key != NULL && strcmp(key, "ipv6") ==
				    0 ? STATIC_AFI_V6 : STATIC_AFI_V4;

	if ((s = static_of(cli)) == NULL)
		return CMD_ERR;
	af = &s->af[afi];
	memset(&r, 0, sizeof(r));
	if (p == NULL || prefix_parse(p, &r.pfx, 0) == -1 ||
	    static_afi_of(r.pfx.addr.af) != afi)
		return cli_error(cli, "Invalid %s prefix '%s'",
		    afi == STATIC_AFI_V4 ? "IPv4" : "IPv6", p ? p : "");
	if (ifn != NULL)
		static_ifname_canon(ifn, r.ifname, sizeof(r.ifname));
	if (parse_nh(cli, a, afi, &r.nh) != CMD_OK)
		return CMD_ERR;
	if (arg_no(a)) {
		static_route_del(af, &r);
		return CMD_OK;
	}
	r.distance = (uint8_t)arg_u32(a, "distance", 0);
	if (arg_has(a, "tag")) {
		r.has_tag = 1;
		r.tag = arg_u32(a, "tag-value", 0);
	}
	if ((d = arg_str(a, "text")) != NULL &&
	    (r.description = strdup(d)) == NULL)
		return nomem(cli);
	if (static_route_put(af, &r) == -1) {
		static_route_clear(&r);
		return nomem(cli);
	}
	return CMD_OK;
}

static const struct cmd config_rows[] = {
	{ "[no] router static", cmd_router_static, 0,
	    { "router=Enable a routing process",
	      "static=Static route configuration subcommands", NULL } },
	CMD_END
};

static const struct cmd static_rows[] = {
	{ "[no] address-family ( ipv4 | ipv6 ) unicast", cmd_static_af, 0,
	    { "address-family=Enter Address Family command mode",
	      "ipv4=IPv4 Address Family", "ipv6=IPv6 Address Family",
	      "unicast=Unicast Address Family", NULL } },
	CMD_END
};

static const struct cmd static_af_rows[] = {
	{ "[no] <prefix:prefix> ( <nexthop:ip> | <interface:static-if> "
	    "[<if-nexthop:ip>] ) [<distance:1-254>] "
	    "[tag <tag-value:1-4294967295>] [description <text:word>]",
	    cmd_static_route, 0,
	    { "prefix=Destination prefix",
	      "nexthop=Forwarding router's address",
	      "interface=Forwarding interface (Null0 discards)",
	      "if-nexthop=Forwarding router's address",
	      "distance=Distance for this route",
	      "tag=Set tag for this route",
	      "tag-value=Tag value",
	      "description=description of the static route",
	      "text=Description text (one word)", NULL } },
	CMD_END
};

void
cmds_static_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(static_types) / sizeof(static_types[0]); i++)
		cli_type_define(&static_types[i]);
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_STATIC, static_rows);
	cli_install(MODE_STATIC_AF, static_af_rows);
}
