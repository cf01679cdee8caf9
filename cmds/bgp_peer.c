/*
 * bgp_peer: rows of the neighbor and template modes.  Session rows (the
 * AF-independent items of reference 3.3) are installed in config-bgp-nbr,
 * config-bgp-nbrgrp and config-bgp-sngrp; AF rows (3.4) in
 * config-bgp-nbr-af, config-bgp-nbrgrp-af and config-bgp-afgrp.  Each
 * handler finds its object from the mode stack (bgpc_peer / bgpc_af), so
 * one row serves all three modes; most rows are items of the spec tables
 * sess_items / af_items (bgp_item.c fills them).  Values are checked when
 * typed; names of groups and policies, and what the effective session of
 * a neighbor cannot combine, are checked at commit (bgp_validate.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/config/password.h"

/* --- session items --- */

static int
check_description(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)a;
	if (it->s == NULL || *it->s == '\0')
		return cli_error(cli, "Description text is required");
	if (strlen(it->s) > 1024)
		return cli_error(cli, "Description longer than 1024 "
		    "characters");
	return CMD_OK;
}

/* The remote-as may still change or come from a group: that half of the
 * check waits for commit (bgp_validate.c). */
static int
check_local_as(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	struct bgp_cfg	*b;
	char		 as[ASN_STRLEN];

	(void)a;
	if (it->off)
		return CMD_OK;
	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	if (it->n[0] == b->asn) {
		asn_format(b->asn, as, sizeof(as));
		return cli_error(cli, "Invalid local-as %s: it is the AS "
		    "number of the router", as);
	}
	return CMD_OK;
}

/* RFC 8203/9003: the shutdown communication is at most 255 octets */
static int
check_shutdown(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	if (!arg_has(a, "message"))
		return CMD_OK;
	if (it->s == NULL || *it->s == '\0')
		return cli_error(cli, "Shutdown message text is required");
	if (strlen(it->s) > 255)
		return cli_error(cli, "Shutdown message longer than 255 bytes "
		    "(RFC 9003)");
	return CMD_OK;
}

static int
check_open_mode(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)it;
	if (!arg_has(a, "active-only") && !arg_has(a, "passive-only") &&
	    !arg_has(a, "both"))
		return cli_error(cli, "Incomplete command.");
	return CMD_OK;
}

/* `log neighbor changes` needs detail, disable or inheritance-disable */
static int
check_log(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)a;
	if (!it->off && !(it->opt & (BGP_OPT_DETAIL | BGP_OPT_DISABLE)))
		return cli_error(cli, "Incomplete command.");
	return CMD_OK;
}

static const struct bgpc_spec sess_items[] = {
	{ .kw = "remote-as", .item = BS_REMOTE_AS,
	  .num = { { "asn", 0, BGPC_ASN } } },
	{ .kw = "description", .item = BS_DESCRIPTION, .str = "text",
	  .check = check_description },
	{ .kw = "shutdown", .item = BS_SHUTDOWN, .str = "msg",
	  .check = check_shutdown },
	{ .kw = "update-source", .item = BS_UPDATE_SOURCE,
	  .str = "interface" },
	{ .kw = "timers", .item = BS_TIMERS, .num = BGPC_TIMERS_NUMS,
	  .check = bgpc_check_timers },
	{ .kw = "ebgp-multihop", .item = BS_EBGP_MULTIHOP,	/* alone: 255 */
	  .num = { { "ttl", 0, BGPC_U32, 0, 255 } } },
	{ .kw = "ttl-security", .item = BS_TTL_SECURITY },
	{ .kw = "local-as", .item = BS_LOCAL_AS,
	  .num = { { "asn", 0, BGPC_ASN } },
	  .kws = { { "no-prepend", BGP_OPT_NO_PREPEND },
	    { "replace-as", BGP_OPT_REPLACE_AS },
	    { "dual-as", BGP_OPT_DUAL_AS } },
	  .check = check_local_as },
	{ .kw = "session-open-mode", .item = BS_SESSION_OPEN_MODE,
	  .kws = { { "active-only", 0, 1, BGP_SOM_ACTIVE_ONLY },
	    { "passive-only", 0, 1, BGP_SOM_PASSIVE_ONLY },
	    { "both", 0, 1, BGP_SOM_BOTH } },
	  .check = check_open_mode },
	{ .kw = "capability", .item = BS_CAP_SUPPRESS_4BYTE },
	{ .kw = "enforce-first-as", .item = BS_ENFORCE_FIRST_AS_DISABLE },
	{ .kw = "graceful-restart", .item = BS_GRACEFUL_RESTART,
	  .kws = { { "disable", BGP_OPT_DISABLE } } },
	{ .kw = "advertisement-interval", .item = BS_ADV_INTERVAL,
	  .num = { { "seconds", 0 },
	    { "milliseconds", 1, BGPC_U32, BGP_OPT_HAS_MS } } },
	{ .kw = "log", .item = BS_LOG_NBR,
	  .kws = { { "detail", BGP_OPT_DETAIL },
	    { "disable", BGP_OPT_DISABLE } },
	  .check = check_log },
	{ .kw = "graceful-shutdown", .item = BS_GSHUT },
	{ .kw = "dmz-link-bandwidth", .item = BS_DMZ_LINK_BW },
	{ .kw = "fast-detect", .item = BS_BFD_FAST_DETECT,
	  .kws = { { "strict-mode", BGP_OPT_STRICT } } },
	{ .kw = "minimum-interval", .item = BS_BFD_MIN_INTERVAL,
	  .num = { { "ms", 0 } } },
	{ .kw = "multiplier", .item = BS_BFD_MULTIPLIER,
	  .num = { { "n", 0 } } },
};

static int
cmd_sitem(struct cli *cli, const struct cmd_args *a)
{
	return bgpc_item_cmd(cli, a, BGPC_SESSION, sess_items,
	    sizeof(sess_items) / sizeof(sess_items[0]));
}

/* `use neighbor-group | session-group | af-group NAME` */
static int
cmd_use(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_peer		*p, *g;
	struct bgp_afcfg	*af;
	enum bgp_afi		 afi = BGP_AFI_V4;
	enum bgp_kind		 kind;
	const char		*name = arg_str(a, "name");
	char			**ref;

	if (arg_has(a, "af-group")) {
		kind = BGP_AFG;
		if ((af = bgpc_af(cli, &p, &afi)) == NULL)
			return CMD_ERR;
		ref = &af->use_afg;
	} else {
		kind = arg_has(a, "session-group") ? BGP_SG : BGP_NG;
		if ((p = bgpc_peer(cli, NULL)) == NULL)
			return CMD_ERR;
		ref = kind == BGP_SG ? &p->use_sg : &p->use_ng;
	}
	if (arg_no(a))
		return bgp_set_ref(ref, NULL) == 0 ? CMD_OK : CMD_ERR;
	if (name == NULL)
		return cli_error(cli, "Incomplete command.");
	if (p->kind == kind && strcmp(p->name, name) == 0)
		return cli_error(cli, "%s %s cannot use itself",
		    bgp_kind_name(kind), name);
	if (kind == BGP_AFG &&
	    (g = bgp_peer_find(bgpc_cfg(cli), BGP_AFG, name)) != NULL &&
	    g->afg_afi != afi)
		return cli_error(cli, "af-group %s is configured for "
		    "address-family %s unicast", name,
		    bgp_afi_name(g->afg_afi));
	return bgp_set_ref(ref, name) == 0 ? CMD_OK : bgpc_nomem(cli);
}

static int
cmd_password(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	 built;
	char		 clear[PASSWORD_MAX + 1] = "";
	const char	*s;

	memset(&built, 0, sizeof(built));
	if (arg_no(a))
		return bgpc_item_put(cli, BGPC_SESSION, BS_PASSWORD, &built);
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
	built.set = 1;
	if (arg_has(a, "inheritance-disable"))
		built.off = 1;
	else if (bgp_item_set_str(&built, clear) == -1)
		return bgpc_nomem(cli);
	return bgpc_item_put(cli, BGPC_SESSION, BS_PASSWORD, &built);
}

/* Interface names as XR spells them: letters, then a unit like 0/0/0/1.
 * An address is not one: update-source names an interface. */
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

static const struct cli_type ifname_type = {
	"bgp-ifname", "WORD", ifname_ok, NULL
};

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
	{ "[no] remote-as <asn:asn>", cmd_sitem, 0,
	    { "asn=AS number (asplain <1-4294967295> or asdot X.Y)", NULL } },
	{ "[no] use session-group <name:bgp-sngrp>", cmd_use, 0,
	    { "name=Session group name", NULL } },
	{ "[no] description <text:line>", cmd_sitem, 0,
	    { "text=Up to 1024 characters describing this neighbor", NULL } },
	{ "[no] shutdown [( inheritance-disable | message <msg:line> )]",
	    cmd_sitem, 0,
	    { "message=Send this RFC 8203 shutdown communication to the "
	      "neighbor",
	      "msg=Up to 255 bytes of text", NULL } },
	{ "[no] update-source <interface:bgp-ifname>", cmd_sitem, 0,
	    { "interface=Interface name, e.g. Loopback0", NULL } },
	{ "[no] password [( clear <secret:word> | encrypted "
	    "<encrypted-secret:word> | inheritance-disable )]", cmd_password, 0,
	    { "secret=The unencrypted (cleartext) password",
	      "encrypted-secret=The encrypted password", NULL } },
	{ "[no] timers <keepalive:0-65535> <holdtime:0-65535> "
	    "[<min:0-65535>]", cmd_sitem, 0,
	    { "keepalive=Keepalive interval (seconds)",
	      "holdtime=Holdtime (0 or 3-65535 seconds)",
	      "min=Minimum acceptable holdtime from neighbor", NULL } },
	{ "[no] ebgp-multihop [<ttl:1-255>]", cmd_sitem, 0,
	    { "ttl=maximum hop count", NULL } },
	{ "[no] ttl-security [inheritance-disable]", cmd_sitem, 0, { NULL } },
	{ "[no] local-as ( <asn:asn> [no-prepend [replace-as [dual-as]]] | "
	    "inheritance-disable )", cmd_sitem, 0,
	    { "asn=AS number (asplain <1-4294967295> or asdot X.Y)", NULL } },
	{ "[no] session-open-mode [( active-only | passive-only | both )]",
	    cmd_sitem, 0, { NULL } },
	{ "[no] capability suppress 4-byte-as [inheritance-disable]",
	    cmd_sitem, 0, { NULL } },
	{ "[no] enforce-first-as disable", cmd_sitem, 0, { NULL } },
	{ "[no] graceful-restart [disable]", cmd_sitem, 0,
	    { "disable=Disable graceful restart for this neighbor", NULL } },
	{ "[no] advertisement-interval <seconds:0-600> "
	    "[<milliseconds:0-999>]", cmd_sitem, 0,
	    { "seconds=time in seconds",
	      "milliseconds=time in milliseconds", NULL } },
	{ "[no] log neighbor changes ( detail | disable | "
	    "inheritance-disable )", cmd_sitem, 0,
	    { "log=Logging update messages",
	      "neighbor=Log neighbor state changes",
	      "changes=Log neighbor up/down and reset reason",
	      "detail=Include extra detail in change messages",
	      "disable=Disable logging of neighbor up/down and reset reason",
	      NULL } },
	{ "[no] graceful-shutdown [inheritance-disable]", cmd_sitem, 0,
	    { NULL } },
	{ "[no] dmz-link-bandwidth [inheritance-disable]", cmd_sitem, 0,
	    { NULL } },
	/* accepted, refused at commit (bgp_unsupported.c): no BFD here */
	{ "[no] bfd fast-detect [strict-mode]", cmd_sitem, 0,
	    { "bfd=Bidirectional Forwarding Detection (BFD)",
	      "fast-detect=Enable Fast detection",
	      "strict-mode=Hold down neighbor session until BFD session is up",
	      NULL } },
	{ "[no] bfd minimum-interval <ms:3-30000>", cmd_sitem, 0,
	    { "bfd=Bidirectional Forwarding Detection (BFD)",
	      "minimum-interval=Hello interval",
	      "ms=Interval in milliseconds", NULL } },
	{ "[no] bfd multiplier <n:2-16>", cmd_sitem, 0,
	    { "bfd=Bidirectional Forwarding Detection (BFD)",
	      "multiplier=Detect multiplier",
	      "n=Detect multiplier", NULL } },
	CMD_END
};

/* neighbor and neighbor-group only */
static const struct cmd nbr_rows[] = {
	{ "[no] use neighbor-group <name:bgp-nbrgrp>", cmd_use, 0,
	    { "name=Neighbor group name", NULL } },
	{ "[no] address-family ( ipv4 | ipv6 ) unicast", cmd_peer_af, 0,
	    { NULL } },
	CMD_END
};

/* --- AF rows --- */

/* default-originate first: its row binds `route-policy` too */
static const struct bgpc_spec af_items[] = {
	{ .kw = "default-originate", .item = BA_DEFAULT_ORIG,
	  .policy = "policy" },
	{ .kw = "in", .item = BA_POLICY_IN, .policy = "policy" },
	{ .kw = "out", .item = BA_POLICY_OUT, .policy = "policy" },
	{ .kw = "maximum-prefix", .item = BA_MAXPFX,
	  .num = { { "maximum", 0 },
	    { "threshold", 1, BGPC_U32, BGP_OPT_HAS_THRESHOLD },
	    { "restart-interval", 2, BGPC_U32, BGP_OPT_RESTART } },
	  .kws = { { "warning-only", BGP_OPT_WARNING_ONLY },
	    { "discard-extra-paths", BGP_OPT_DISCARD_EXTRA } } },
	{ .kw = "next-hop-self", .item = BA_NHS },
	{ .kw = "next-hop-unchanged", .item = BA_NHU },
	{ .kw = "route-reflector-client", .item = BA_RRC },
	{ .kw = "send-community-ebgp", .item = BA_SEND_COMM },
	{ .kw = "send-extended-community-ebgp", .item = BA_SEND_EXTCOMM },
	{ .kw = "send-community-gshut-ebgp", .item = BA_SEND_GSHUT },
	{ .kw = "multipath", .item = BA_MULTIPATH },
	{ .kw = "orf", .item = BA_ORF,
	  .kws = { { "send", 0, 1, BGP_ORF_SEND },
	    { "receive", 0, 1, BGP_ORF_RECEIVE },
	    { "none", 0, 1, BGP_ORF_NONE } } },	/* both: n0 = 0 */
	{ .kw = "send-multicast-attributes", .item = BA_SEND_MCAST_ATTR,
	  .kws = { { "disable", BGP_OPT_DISABLE } } },
	{ .kw = "validation", .item = BA_OAS_VALIDATION_DISABLE },
	{ .kw = "bestpath", .item = BA_OAS_ALLOW_INVALID },
	{ .kw = "soft-reconfiguration", .item = BA_SOFT_RECONF,
	  .kws = { { "always", BGP_OPT_ALWAYS } } },
	{ .kw = "remove-private-AS", .item = BA_REMOVE_PRIV_AS,
	  .kws = { { "entire-aspath", BGP_OPT_ENTIRE_ASPATH } } },
	{ .kw = "as-override", .item = BA_AS_OVERRIDE },
	{ .kw = "allowas-in", .item = BA_ALLOWAS_IN,	/* alone: 3 */
	  .num = { { "count", 0, BGPC_U32, BGP_OPT_HAS_VALUE, 3 } } },
	{ .kw = "weight", .item = BA_WEIGHT, .num = { { "value", 0 } } },
	{ .kw = "receive", .item = BA_AP_RECV,
	  .kws = { { "disable", BGP_OPT_DISABLE } } },
	{ .kw = "send", .item = BA_AP_SEND,
	  .kws = { { "disable", BGP_OPT_DISABLE } } },
};

static int
cmd_aitem(struct cli *cli, const struct cmd_args *a)
{
	return bgpc_item_cmd(cli, a, BGPC_AF, af_items,
	    sizeof(af_items) / sizeof(af_items[0]));
}

/* `route-policy NAME(a, b) in`: arguments with blanks, parsed here */
static int
cmd_route_policy_line(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	 built;
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
	memset(&built, 0, sizeof(built));
	if (!arg_no(a)) {
		if (bgpc_set_policy(cli, &built, spec) != CMD_OK) {
			bgp_item_clear(&built);
			return CMD_ERR;
		}
		built.set = 1;
	}
	return bgpc_item_put(cli, BGPC_AF, item, &built);
}

static const struct cmd af_rows[] = {
	{ "[no] route-policy <policy:bgp-policy> ( in | out )",
	    cmd_aitem, 0,
	    { "policy=Name of the route policy, with (arguments) if any",
	      NULL } },
	{ "[no] route-policy <spec:line>", cmd_route_policy_line,
	    CMDF_HIDDEN,
	    { "spec=Route policy with arguments and direction", NULL } },
	{ "[no] use af-group <name:bgp-afgrp>", cmd_use, 0,
	    { "name=Address family group name", NULL } },
	{ "[no] maximum-prefix <maximum:1-4294967295> [<threshold:1-100>] "
	    "[( restart <restart-interval:1-65535> | warning-only | "
	    "discard-extra-paths )]", cmd_aitem, 0,
	    { "maximum=maximum no. of prefix limit",
	      "threshold=Threshold value (%) at which to generate a warning "
	      "msg",
	      "restart-interval=Restart interval in minutes", NULL } },
	{ "[no] next-hop-self [inheritance-disable]", cmd_aitem, 0,
	    { NULL } },
	{ "[no] next-hop-unchanged [inheritance-disable]", cmd_aitem, 0,
	    { NULL } },
	{ "[no] route-reflector-client [inheritance-disable]", cmd_aitem, 0,
	    { NULL } },
	{ "[no] send-community-ebgp [inheritance-disable]", cmd_aitem, 0,
	    { NULL } },
	{ "[no] send-extended-community-ebgp [inheritance-disable]",
	    cmd_aitem, 0, { NULL } },
	{ "[no] soft-reconfiguration inbound [always] [inheritance-disable]",
	    cmd_aitem, 0,
	    { "always=Always use soft reconfig, even if route refresh is "
	      "supported", NULL } },
	{ "[no] remove-private-AS [entire-aspath] [inheritance-disable]",
	    cmd_aitem, 0, { NULL } },
	{ "[no] as-override [inheritance-disable]", cmd_aitem, 0, { NULL } },
	{ "[no] allowas-in [<count:1-10>]", cmd_aitem, 0,
	    { "count=Number of occurences of AS number", NULL } },
	{ "[no] default-originate [( route-policy <policy:bgp-policy> | "
	    "inheritance-disable )]", cmd_aitem, 0,
	    { "policy=Route policy to specify criteria to originate "
	      "default", NULL } },
	{ "[no] weight <value:0-65535>", cmd_aitem, 0,
	    { "value=default weight", NULL } },
	{ "[no] send-community-gshut-ebgp [inheritance-disable]", cmd_aitem,
	    0, { NULL } },
	{ "[no] multipath", cmd_aitem, 0, { NULL } },
	{ "[no] capability orf prefix ( both | send | receive | none )",
	    cmd_aitem, 0,
	    { "capability=Advertise capability to the peer",
	      "orf=Advertise ORF capability to the peer",
	      "prefix=Advertise address prefix ORF capability to this "
	      "neighbor",
	      "both=Capability to SEND and RECEIVE the ORF to/from this "
	      "neighbor",
	      "send=Capability to SEND the ORF to this neighbor",
	      "receive=Capability to RECEIVE the ORF from this neighbor",
	      "none=No capability to SEND or RECEIVE the ORF to/from this "
	      "neighbor", NULL } },
	{ "[no] send-multicast-attributes [disable]", cmd_aitem, 0,
	    { "disable=Disable sending multicast attributes", NULL } },
	{ "[no] origin-as validation disable", cmd_aitem, 0,
	    { "origin-as=BGP origin-AS knobs",
	      "validation=BGP origin-AS validation knobs",
	      "disable=Disable RPKI origin-AS validation", NULL } },
	{ "[no] bestpath origin-as allow invalid", cmd_aitem, 0,
	    { "bestpath=Change default route selection criteria",
	      "origin-as=BGP origin-AS knobs",
	      "allow=Allow paths by origin-AS validity state",
	      "invalid=BGP bestpath selection will allow 'invalid' "
	      "origin-AS", NULL } },
	{ "[no] capability additional-paths ( receive | send ) [disable]",
	    cmd_aitem, 0, { NULL } },
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
	{ "graceful-shutdown", "Mark paths to and from this neighbor with "
	    "the GSHUT community and local-preference 0" },
	{ "dmz-link-bandwidth", "Propagate the DMZ link bandwidth" },
	{ "send-community-gshut-ebgp", "Allow the GSHUT community to be sent "
	    "to this external neighbor" },
	{ "multipath", "Paths from this neighbor are eligible for selective "
	    "multipath" },
	{ "send-multicast-attributes", "Send multicast attributes to this "
	    "neighbor" },
};

void
bgp_peer_cmds_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(peer_help) / sizeof(peer_help[0]); i++)
		cli_help_define(peer_help[i][0], peer_help[i][1]);
	cli_type_define(&ifname_type);
	cli_install(MODE_BGP_NBR, sess_rows);
	cli_install(MODE_BGP_NBRGRP, sess_rows);
	cli_install(MODE_BGP_SNGRP, sess_rows);
	cli_install(MODE_BGP_NBR, nbr_rows);
	cli_install(MODE_BGP_NBRGRP, nbr_rows);
	cli_install(MODE_BGP_NBR_AF, af_rows);
	cli_install(MODE_BGP_NBRGRP_AF, af_rows);
	cli_install(MODE_BGP_AFGRP, af_rows);
}
