/*
 * bgp_peer: rows of the neighbor and template modes.  Session rows (the
 * AF-independent items of reference 3.3) are installed in config-bgp-nbr,
 * config-bgp-nbrgrp and config-bgp-sngrp; AF rows (3.4) in
 * config-bgp-nbr-af, config-bgp-nbrgrp-af and config-bgp-afgrp.  Each
 * handler finds its object from the mode stack (bgpc_peer / bgpc_af), so
 * one row serves all three modes.  Values are checked when typed; names of
 * groups and policies are resolved at commit (bgp_validate.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/password.h"

static struct bgp_item *
sitem(struct cli *cli, int item)
{
	struct bgp_peer	*p;

	if ((p = bgpc_peer(cli, NULL)) == NULL)
		return NULL;
	bgp_item_clear(&p->s[item]);
	return &p->s[item];
}

static int
cmd_remote_as(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	uint32_t	 asn;
	const char	*s = arg_str(a, "asn");

	if (!arg_no(a) && (s == NULL || asn_parse(s, &asn) == -1))
		return cli_error(cli, "Invalid AS number '%s'", s ? s : "");
	if ((it = sitem(cli, BS_REMOTE_AS)) == NULL)
		return CMD_ERR;
	if (!arg_no(a)) {
		it->set = 1;
		it->n[0] = asn;
	}
	return CMD_OK;
}

static int
cmd_use_group(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_peer	*p;
	enum bgp_kind	 kind = arg_has(a, "session-group") ? BGP_SG : BGP_NG;
	const char	*name = arg_str(a, "name");
	char		**ref;

	if ((p = bgpc_peer(cli, NULL)) == NULL)
		return CMD_ERR;
	ref = kind == BGP_SG ? &p->use_sg : &p->use_ng;
	if (arg_no(a))
		return bgp_set_ref(ref, NULL) == 0 ? CMD_OK : CMD_ERR;
	if (p->kind == kind && name != NULL && strcmp(p->name, name) == 0)
		return cli_error(cli, "%s %s cannot use itself",
		    bgp_kind_name(kind), name);
	return bgp_set_ref(ref, name) == 0 ? CMD_OK : bgpc_nomem(cli);
}

static int
cmd_description(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	const char	*s = arg_str(a, "text");

	if (!arg_no(a) && (s == NULL || *s == '\0'))
		return cli_error(cli, "Description text is required");
	if (!arg_no(a) && strlen(s) > 1024)
		return cli_error(cli, "Description longer than 1024 "
		    "characters");
	if ((it = sitem(cli, BS_DESCRIPTION)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	if (bgp_item_set_str(it, s) == -1)
		return bgpc_nomem(cli);
	it->set = 1;
	return CMD_OK;
}

/* Session flags that take `inheritance-disable`. */
static int
cmd_sflag(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	int		 item;

	if (arg_has(a, "shutdown"))
		item = BS_SHUTDOWN;
	else if (arg_has(a, "ttl-security"))
		item = BS_TTL_SECURITY;
	else if (arg_has(a, "enforce-first-as"))
		item = BS_ENFORCE_FIRST_AS_DISABLE;
	else
		item = BS_CAP_SUPPRESS_4BYTE;
	if ((it = sitem(cli, item)) == NULL)
		return CMD_ERR;
	if (!arg_no(a)) {
		it->set = 1;
		it->off = arg_has(a, "inheritance-disable") ? 1 : 0;
	}
	return CMD_OK;
}

/* Interface names as XR spells them: letters, then a unit like 0/0/0/1. */
static int
ifname_ok(const char *s)
{
	const char	*p = s;

	while (isalpha((unsigned char)*p) || *p == '-')
		p++;
	if (p == s || !isdigit((unsigned char)*p))
		return 0;
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != '/' && *p != '.')
			return 0;
	return p - s < 64;
}

static int
cmd_update_source(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	const char	*s = arg_str(a, "interface");

	if (!arg_no(a) && (s == NULL || !ifname_ok(s)))
		return cli_error(cli, "Invalid interface name '%s'",
		    s ? s : "");
	if ((it = sitem(cli, BS_UPDATE_SOURCE)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	if (bgp_item_set_str(it, s) == -1)
		return bgpc_nomem(cli);
	it->set = 1;
	return CMD_OK;
}

static int
cmd_password(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	char		 clear[PASSWORD_MAX + 1] = "";
	const char	*s;

	if (arg_no(a)) {
		it = sitem(cli, BS_PASSWORD);
		return it != NULL ? CMD_OK : CMD_ERR;
	}
	if ((s = arg_str(a, "secret")) != NULL) {
		if (!password_clear_valid(s))
			return cli_error(cli, "Invalid password: 1 to %d "
			    "printable characters without blanks",
			    PASSWORD_MAX);
		strlcpy(clear, s, sizeof(clear));
	} else if ((s = arg_str(a, "encrypted-secret")) != NULL) {
		if (password_decode(s, clear, sizeof(clear)) == -1)
			return cli_error(cli, "Invalid encrypted password "
			    "'%s'", s);
	} else if (!arg_has(a, "inheritance-disable"))
		return cli_error(cli, "Incomplete command.");
	if ((it = sitem(cli, BS_PASSWORD)) == NULL)
		return CMD_ERR;
	it->set = 1;
	if (arg_has(a, "inheritance-disable")) {
		it->off = 1;
		return CMD_OK;
	}
	if (bgp_item_set_str(it, clear) == -1) {
		bgp_item_clear(it);
		return bgpc_nomem(cli);
	}
	return CMD_OK;
}

static int
cmd_timers(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	uint32_t	 ka = arg_u32(a, "keepalive", 60);
	uint32_t	 hold = arg_u32(a, "holdtime", 180);
	uint32_t	 min = arg_u32(a, "min", 3);
	int		 has_min = arg_has(a, "min");

	if (!arg_no(a) &&
	    bgpc_check_timers(cli, ka, hold, has_min, min) != CMD_OK)
		return CMD_ERR;
	if ((it = sitem(cli, BS_TIMERS)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	it->n[0] = ka;
	it->n[1] = hold;
	if (has_min) {
		it->opt = BGP_OPT_HAS_MIN;
		it->n[2] = min;
	}
	return CMD_OK;
}

static int
cmd_ebgp_multihop(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if ((it = sitem(cli, BS_EBGP_MULTIHOP)) == NULL)
		return CMD_ERR;
	if (!arg_no(a)) {
		it->set = 1;
		it->n[0] = arg_u32(a, "ttl", 255);	/* keyword alone: 255 */
	}
	return CMD_OK;
}

static int
cmd_local_as(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	uint32_t	 asn = 0;
	const char	*s = arg_str(a, "asn");

	if (!arg_no(a) && s != NULL && asn_parse(s, &asn) == -1)
		return cli_error(cli, "Invalid AS number '%s'", s);
	if ((it = sitem(cli, BS_LOCAL_AS)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	if (arg_has(a, "inheritance-disable")) {
		it->off = 1;
		return CMD_OK;
	}
	it->n[0] = asn;
	if (arg_has(a, "no-prepend"))
		it->opt |= BGP_OPT_NO_PREPEND;
	if (arg_has(a, "replace-as"))
		it->opt |= BGP_OPT_REPLACE_AS;
	if (arg_has(a, "dual-as"))
		it->opt |= BGP_OPT_DUAL_AS;
	return CMD_OK;
}

static int
cmd_session_open_mode(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if (!arg_no(a) && !arg_has(a, "active-only") &&
	    !arg_has(a, "passive-only") && !arg_has(a, "both"))
		return cli_error(cli, "Incomplete command.");
	if ((it = sitem(cli, BS_SESSION_OPEN_MODE)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	if (arg_has(a, "active-only"))
		it->n[0] = BGP_SOM_ACTIVE_ONLY;
	else if (arg_has(a, "passive-only"))
		it->n[0] = BGP_SOM_PASSIVE_ONLY;
	else
		it->n[0] = BGP_SOM_BOTH;
	return CMD_OK;
}

static int
cmd_adv_interval(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if ((it = sitem(cli, BS_ADV_INTERVAL)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	it->n[0] = arg_u32(a, "seconds", 0);
	if (arg_has(a, "milliseconds")) {
		it->opt = BGP_OPT_HAS_MS;
		it->n[1] = arg_u32(a, "milliseconds", 0);
	}
	return CMD_OK;
}

static int
cmd_peer_af(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_peer	*p;
	enum bgp_afi	 afi = bgpc_afi_arg(a);
	int		 mode;

	if ((p = bgpc_peer(cli, NULL)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		bgp_afcfg_clear(&p->af[afi]);
		return CMD_OK;
	}
	p->af[afi].present = 1;
	mode = p->kind == BGP_NBR ? MODE_BGP_NBR_AF : MODE_BGP_NBRGRP_AF;
	return cli_enter(cli, mode, bgp_afi_name(afi)) == 0 ? CMD_OK : CMD_ERR;
}

static const struct cmd sess_rows[] = {
	{ "[no] remote-as <asn:asn>", cmd_remote_as, 0,
	    { "asn=AS number (asplain <1-4294967295> or asdot X.Y)", NULL } },
	{ "[no] use session-group <name:bgp-sngrp>", cmd_use_group, 0,
	    { "name=Session group name", NULL } },
	{ "[no] description <text:line>", cmd_description, 0,
	    { "text=Up to 1024 characters describing this neighbor", NULL } },
	{ "[no] shutdown [inheritance-disable]", cmd_sflag, 0, { NULL } },
	{ "[no] update-source <interface:word>", cmd_update_source, 0,
	    { "interface=Interface name, e.g. Loopback0", NULL } },
	{ "[no] password [( clear <secret:word> | encrypted "
	    "<encrypted-secret:word> | inheritance-disable )]", cmd_password, 0,
	    { "secret=The unencrypted (cleartext) password",
	      "encrypted-secret=The encrypted password", NULL } },
	{ "[no] timers <keepalive:0-65535> <holdtime:0-65535> "
	    "[<min:0-65535>]", cmd_timers, 0,
	    { "keepalive=Keepalive interval (seconds)",
	      "holdtime=Holdtime (0 or 3-65535 seconds)",
	      "min=Minimum acceptable holdtime from neighbor", NULL } },
	{ "[no] ebgp-multihop [<ttl:1-255>]", cmd_ebgp_multihop, 0,
	    { "ttl=maximum hop count", NULL } },
	{ "[no] ttl-security [inheritance-disable]", cmd_sflag, 0, { NULL } },
	{ "[no] local-as ( <asn:asn> [no-prepend [replace-as [dual-as]]] | "
	    "inheritance-disable )", cmd_local_as, 0,
	    { "asn=AS number (asplain <1-4294967295> or asdot X.Y)", NULL } },
	{ "[no] session-open-mode [( active-only | passive-only | both )]",
	    cmd_session_open_mode, 0, { NULL } },
	{ "[no] capability suppress 4-byte-as [inheritance-disable]",
	    cmd_sflag, 0, { NULL } },
	{ "[no] enforce-first-as disable", cmd_sflag, 0, { NULL } },
	{ "[no] advertisement-interval <seconds:0-600> "
	    "[<milliseconds:0-999>]", cmd_adv_interval, 0,
	    { "seconds=time in seconds",
	      "milliseconds=time in milliseconds", NULL } },
	CMD_END
};

/* neighbor and neighbor-group only */
static const struct cmd nbr_rows[] = {
	{ "[no] use neighbor-group <name:bgp-nbrgrp>", cmd_use_group, 0,
	    { "name=Neighbor group name", NULL } },
	{ "[no] address-family ( ipv4 | ipv6 ) unicast", cmd_peer_af, 0,
	    { NULL } },
	CMD_END
};

/* --- AF rows --- */

static struct bgp_item *
aitem(struct cli *cli, int item)
{
	struct bgp_afcfg	*af;

	if ((af = bgpc_af(cli, NULL, NULL)) == NULL)
		return NULL;
	bgp_item_clear(&af->it[item]);
	return &af->it[item];
}

static int
set_policy_item(struct cli *cli, int item, const char *spec, int no)
{
	struct bgp_item	*it;
	struct bgp_item	 tmp;

	if (!no) {	/* check before touching the item */
		memset(&tmp, 0, sizeof(tmp));
		if (bgpc_set_policy(cli, &tmp, spec) != CMD_OK)
			return CMD_ERR;
		bgp_item_clear(&tmp);
	}
	if ((it = aitem(cli, item)) == NULL)
		return CMD_ERR;
	if (no)
		return CMD_OK;
	if (bgpc_set_policy(cli, it, spec) != CMD_OK)
		return CMD_ERR;
	it->set = 1;
	return CMD_OK;
}

static int
cmd_route_policy(struct cli *cli, const struct cmd_args *a)
{
	return set_policy_item(cli, arg_has(a, "in") ? BA_POLICY_IN :
	    BA_POLICY_OUT, arg_str(a, "policy"), arg_no(a));
}

/* `route-policy NAME(a, b) in`: arguments with blanks, parsed here */
static int
cmd_route_policy_line(struct cli *cli, const struct cmd_args *a)
{
	const char	*s = arg_str(a, "spec"), *sp;
	char		 spec[512];
	size_t		 n;
	int		 item;

	if (s == NULL || (sp = strrchr(s, ' ')) == NULL)
		return cli_error(cli, "Incomplete command.");
	if (strcmp(sp + 1, "in") == 0)
		item = BA_POLICY_IN;
	else if (strcmp(sp + 1, "out") == 0)
		item = BA_POLICY_OUT;
	else
		return cli_error(cli, "Invalid direction '%s': expected in "
		    "or out", sp + 1);
	n = (size_t)(sp - s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(spec))
		return cli_error(cli, "Invalid route-policy specification");
	memcpy(spec, s, n);
	spec[n] = '\0';
	return set_policy_item(cli, item, spec, arg_no(a));
}

static int
cmd_use_afg(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_afcfg	*af;
	struct bgp_peer		*p, *g;
	enum bgp_afi		 afi;
	const char		*name = arg_str(a, "name");

	if ((af = bgpc_af(cli, &p, &afi)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return bgp_set_ref(&af->use_afg, NULL) == 0 ? CMD_OK : CMD_ERR;
	if (p->kind == BGP_AFG && strcmp(p->name, name) == 0)
		return cli_error(cli, "af-group %s cannot use itself", name);
	g = bgp_peer_find(cmds_candidate(cli)->bgp, BGP_AFG, name);
	if (g != NULL && g->afg_afi != afi)
		return cli_error(cli, "af-group %s is configured for "
		    "address-family %s unicast", name,
		    bgp_afi_name(g->afg_afi));
	return bgp_set_ref(&af->use_afg, name) == 0 ? CMD_OK :
	    bgpc_nomem(cli);
}

static int
cmd_maxpfx(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if ((it = aitem(cli, BA_MAXPFX)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	it->n[0] = arg_u32(a, "maximum", 0);
	if (arg_has(a, "threshold")) {
		it->opt |= BGP_OPT_HAS_THRESHOLD;
		it->n[1] = arg_u32(a, "threshold", 75);
	}
	if (arg_has(a, "restart")) {
		it->opt |= BGP_OPT_RESTART;
		it->n[2] = arg_u32(a, "restart-interval", 0);
	}
	if (arg_has(a, "warning-only"))
		it->opt |= BGP_OPT_WARNING_ONLY;
	if (arg_has(a, "discard-extra-paths"))
		it->opt |= BGP_OPT_DISCARD_EXTRA;
	return CMD_OK;
}

static const struct {
	const char	*kw;
	int		 item;
} aflags[] = {
	{ "next-hop-self", BA_NHS },
	{ "next-hop-unchanged", BA_NHU },
	{ "route-reflector-client", BA_RRC },
	{ "send-community-ebgp", BA_SEND_COMM },
	{ "send-extended-community-ebgp", BA_SEND_EXTCOMM },
	{ "soft-reconfiguration", BA_SOFT_RECONF },
	{ "remove-private-AS", BA_REMOVE_PRIV_AS },
	{ "as-override", BA_AS_OVERRIDE },
};

/* AF flags, some with options; all take `inheritance-disable`. */
static int
cmd_aflag(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	size_t		 i;

	for (i = 0; i < sizeof(aflags) / sizeof(aflags[0]); i++)
		if (arg_has(a, aflags[i].kw))
			break;
	if (i == sizeof(aflags) / sizeof(aflags[0]))
		return cli_error(cli, "Unknown address-family option");
	if ((it = aitem(cli, aflags[i].item)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	it->off = arg_has(a, "inheritance-disable") ? 1 : 0;
	if (arg_has(a, "always"))
		it->opt |= BGP_OPT_ALWAYS;
	if (arg_has(a, "entire-aspath"))
		it->opt |= BGP_OPT_ENTIRE_ASPATH;
	return CMD_OK;
}

static int
cmd_allowas_in(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if ((it = aitem(cli, BA_ALLOWAS_IN)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	if (arg_has(a, "count")) {
		it->opt = BGP_OPT_HAS_VALUE;
		it->n[0] = arg_u32(a, "count", 3);
	} else
		it->n[0] = 3;
	return CMD_OK;
}

static int
cmd_default_originate(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;
	const char	*spec = arg_str(a, "policy");

	if (!arg_no(a) && spec != NULL)
		return set_policy_item(cli, BA_DEFAULT_ORIG, spec, 0);
	if ((it = aitem(cli, BA_DEFAULT_ORIG)) == NULL)
		return CMD_ERR;
	if (arg_no(a))
		return CMD_OK;
	it->set = 1;
	it->off = arg_has(a, "inheritance-disable") ? 1 : 0;
	return CMD_OK;
}

static int
cmd_weight(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	*it;

	if ((it = aitem(cli, BA_WEIGHT)) == NULL)
		return CMD_ERR;
	if (!arg_no(a)) {
		it->set = 1;
		it->n[0] = arg_u32(a, "value", 0);
	}
	return CMD_OK;
}

static const struct cmd af_rows[] = {
	{ "[no] route-policy <policy:bgp-policy> ( in | out )",
	    cmd_route_policy, 0,
	    { "policy=Name of the route policy, with (arguments) if any",
	      NULL } },
	{ "[no] route-policy <spec:line>", cmd_route_policy_line,
	    CMDF_HIDDEN,
	    { "spec=Route policy with arguments and direction", NULL } },
	{ "[no] use af-group <name:bgp-afgrp>", cmd_use_afg, 0,
	    { "name=Address family group name", NULL } },
	{ "[no] maximum-prefix <maximum:1-4294967295> [<threshold:1-100>] "
	    "[( restart <restart-interval:1-65535> | warning-only | "
	    "discard-extra-paths )]", cmd_maxpfx, 0,
	    { "maximum=maximum no. of prefix limit",
	      "threshold=Threshold value (%) at which to generate a warning "
	      "msg",
	      "restart-interval=Restart interval in minutes", NULL } },
	{ "[no] next-hop-self [inheritance-disable]", cmd_aflag, 0,
	    { NULL } },
	{ "[no] next-hop-unchanged [inheritance-disable]", cmd_aflag, 0,
	    { NULL } },
	{ "[no] route-reflector-client [inheritance-disable]", cmd_aflag, 0,
	    { NULL } },
	{ "[no] send-community-ebgp [inheritance-disable]", cmd_aflag, 0,
	    { NULL } },
	{ "[no] send-extended-community-ebgp [inheritance-disable]",
	    cmd_aflag, 0, { NULL } },
	{ "[no] soft-reconfiguration inbound [always] [inheritance-disable]",
	    cmd_aflag, 0,
	    { "always=Always use soft reconfig, even if route refresh is "
	      "supported", NULL } },
	{ "[no] remove-private-AS [entire-aspath] [inheritance-disable]",
	    cmd_aflag, 0, { NULL } },
	{ "[no] as-override [inheritance-disable]", cmd_aflag, 0, { NULL } },
	{ "[no] allowas-in [<count:1-10>]", cmd_allowas_in, 0,
	    { "count=Number of occurences of AS number", NULL } },
	{ "[no] default-originate [( route-policy <policy:bgp-policy> | "
	    "inheritance-disable )]", cmd_default_originate, 0,
	    { "policy=Route policy to specify criteria to originate "
	      "default", NULL } },
	{ "[no] weight <value:0-65535>", cmd_weight, 0,
	    { "value=default weight", NULL } },
	CMD_END
};

static const char *const peer_help[][2] = {
	{ "remote-as", "Set remote AS" },
	{ "use", "Inherit configuration from a group" },
	{ "description", "Neighbor specific description" },
	{ "shutdown", "Administratively shut down this neighbor" },
	{ "inheritance-disable", "Prevent the value from being inherited "
	    "from the parent" },
	{ "update-source", "Source of routing updates" },
	{ "password", "Set or disable a password" },
	{ "clear", "Specifies an unencrypted password will follow" },
	{ "encrypted", "Specifies an encrypted password will follow" },
	{ "timers", "BGP per neighbor timers" },
	{ "ebgp-multihop", "Allow EBGP neighbors not on directly connected "
	    "networks" },
	{ "ttl-security", "Enable EBGP TTL security" },
	{ "local-as", "Specify a local-as number" },
	{ "no-prepend", "Do not prepend local AS to announcements from this "
	    "neighbor" },
	{ "replace-as", "Prepend only local AS to announcements to this "
	    "neighbor" },
	{ "dual-as", "Dual-AS mode" },
	{ "session-open-mode", "Establish BGP session using this TCP open "
	    "mode" },
	{ "active-only", "Active only" },
	{ "passive-only", "Passive only" },
	{ "both", "Active or passive" },
	{ "capability", "Advertise capability to the peer" },
	{ "enforce-first-as", "Enforce the first AS for EBGP routes" },
	{ "suppress", "Suppress advertising capability to the peer" },
	{ "4-byte-as", "4-byte-as capability" },
	{ "advertisement-interval", "Minimum interval between sending BGP "
	    "routing updates" },
	{ "in", "Apply route policy to inbound routes" },
	{ "out", "Apply route policy to outbound routes" },
	{ "maximum-prefix", "Maximum number of prefixes to accept from this "
	    "peer" },
	{ "restart", "Restart time interval" },
	{ "warning-only", "Only give warning message when limit is exceeded" },
	{ "discard-extra-paths", "Discard extra paths when limit is "
	    "exceeded" },
	{ "next-hop-self", "Disable the next hop calculation for this "
	    "neighbor" },
	{ "next-hop-unchanged", "Do not overwrite next hop before advertising "
	    "to eBGP peers" },
	{ "route-reflector-client", "Configure a neighbor as Route Reflector "
	    "client" },
	{ "send-community-ebgp", "Send community attribute to this external "
	    "neighbor" },
	{ "send-extended-community-ebgp", "Send extended community attribute "
	    "to this external neighbor" },
	{ "soft-reconfiguration", "Per neighbor soft reconfiguration" },
	{ "inbound", "Allow inbound soft reconfiguration for this neighbor" },
	{ "remove-private-AS", "Remove private AS number from outbound "
	    "updates" },
	{ "entire-aspath", "Remove private AS from the entire AS path" },
	{ "allowas-in", "Allow as-path with my AS present in it" },
	{ "as-override", "Override matching AS-number while sending update" },
	{ "default-originate", "Originate default route to this neighbor" },
	{ "weight", "Set default weight for routes from this neighbor" },
};

void
bgp_peer_cmds_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(peer_help) / sizeof(peer_help[0]); i++)
		cli_help_define(peer_help[i][0], peer_help[i][1]);
	cli_install(MODE_BGP_NBR, sess_rows);
	cli_install(MODE_BGP_NBRGRP, sess_rows);
	cli_install(MODE_BGP_SNGRP, sess_rows);
	cli_install(MODE_BGP_NBR, nbr_rows);
	cli_install(MODE_BGP_NBRGRP, nbr_rows);
	cli_install(MODE_BGP_NBR_AF, af_rows);
	cli_install(MODE_BGP_NBRGRP_AF, af_rows);
	cli_install(MODE_BGP_AFGRP, af_rows);
}
