/*
 * bgp: `router bgp <asn>` and the rows of config-bgp (global knobs,
 * entering neighbors and templates) and config-bgp-af (network,
 * aggregate-address, maximum-paths, redistribute).  Also the dynamic
 * argument types for group and policy names, and the lookups every bgp
 * handler uses (bgp_cmds.h).  Neighbor and template rows: bgp_peer.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"

#define BGP_NAME_MAX	128

/* --- lookups --- */

int
bgpc_nomem(struct cli *cli)
{
	return cli_error(cli, "Out of memory");
}

struct bgp_cfg *
bgpc_cfg(struct cli *cli)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return NULL;
	if (c->bgp == NULL) {
		cli_error(cli, "router bgp is not configured");
		return NULL;
	}
	return c->bgp;
}

static int
afi_of_key(const char *key)
{
	return key != NULL && strcmp(key, "ipv6") == 0 ? BGP_AFI_V6 :
	    BGP_AFI_V4;
}

struct bgp_peer *
bgpc_peer(struct cli *cli, enum bgp_afi *afi)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p = NULL;
	int		 mode = cli_mode(cli);

	if ((b = bgpc_cfg(cli)) == NULL)
		return NULL;
	switch (mode) {
	case MODE_BGP_NBR:
	case MODE_BGP_NBR_AF:
	case MODE_BGP_NBR_GM:
		p = bgp_peer_find(b, BGP_NBR, cli_key(cli, MODE_BGP_NBR));
		if (afi != NULL)
			*afi = afi_of_key(cli_key(cli, MODE_BGP_NBR_AF));
		break;
	case MODE_BGP_NBRGRP:
	case MODE_BGP_NBRGRP_AF:
	case MODE_BGP_NBRGRP_GM:
		p = bgp_peer_find(b, BGP_NG, cli_key(cli, MODE_BGP_NBRGRP));
		if (afi != NULL)
			*afi = afi_of_key(cli_key(cli, MODE_BGP_NBRGRP_AF));
		break;
	case MODE_BGP_SNGRP:
	case MODE_BGP_SNGRP_GM:
		p = bgp_peer_find(b, BGP_SG, cli_key(cli, MODE_BGP_SNGRP));
		break;
	case MODE_BGP_AFGRP:
		p = bgp_peer_find(b, BGP_AFG, cli_key(cli, MODE_BGP_AFGRP));
		if (p != NULL && afi != NULL)
			*afi = p->afg_afi;
		break;
	}
	if (p == NULL)
		cli_error(cli, "The configuration object of this mode no "
		    "longer exists");
	return p;
}

struct bgp_afcfg *
bgpc_af(struct cli *cli, struct bgp_peer **pp, enum bgp_afi *afip)
{
	struct bgp_peer	*p;
	enum bgp_afi	 afi = BGP_AFI_V4;

	if ((p = bgpc_peer(cli, &afi)) == NULL)
		return NULL;
	if (pp != NULL)
		*pp = p;
	if (afip != NULL)
		*afip = afi;
	return &p->af[afi];
}

enum bgp_afi
bgpc_afi_arg(const struct cmd_args *a)
{
	return arg_has(a, "ipv6") ? BGP_AFI_V6 : BGP_AFI_V4;
}

int
bgpc_set_policy(struct cli *cli, struct bgp_item *it, const char *spec)
{
	char	 name[BGP_NAME_MAX + 1], *args;

	if (bgp_policy_split(spec, name, sizeof(name), &args) == -1)
		return cli_error(cli, "Invalid route-policy specification "
		    "'%s'", spec);
	if (bgp_item_set_str(it, name) == -1 ||
	    bgp_item_set_args(it, args) == -1) {
		free(args);
		return bgpc_nomem(cli);
	}
	free(args);
	return CMD_OK;
}

/* --- dynamic types --- */

static int
name_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    *s == '.'))
			return 0;
	return n > 0 && n <= BGP_NAME_MAX;
}

static void
complete_kind(struct cli *cli, enum bgp_kind kind, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	const struct config	*c = cmds_effective(cli);
	const struct bgp_peer	*p;
	size_t			 n = strlen(prefix);

	if (c == NULL || c->bgp == NULL)
		return;
	for (p = bgp_peer_first(c->bgp); p != NULL; p = bgp_peer_next(p))
		if (p->kind == kind && strncmp(p->name, prefix, n) == 0)
			add(ctx, p->name, bgp_kind_name(kind));
}

static void
complete_ng(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	complete_kind(cli, BGP_NG, prefix, add, ctx);
}

static void
complete_sg(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	complete_kind(cli, BGP_SG, prefix, add, ctx);
}

static void
complete_afg(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	complete_kind(cli, BGP_AFG, prefix, add, ctx);
}

struct policy_ctx {
	const char	*prefix;
	void		(*add)(void *, const char *, const char *);
	void		*ctx;
};

static void
add_policy(struct rpl_policy *p, void *arg)
{
	struct policy_ctx	*pc = arg;

	if (strncmp(p->name, pc->prefix, strlen(pc->prefix)) == 0)
		pc->add(pc->ctx, p->name, "route-policy");
}

/* policies of the candidate (or running): attaching one is checked at
 * commit, so any name is accepted, but known ones are offered */
static void
complete_policy(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	const struct config	*c = cmds_effective(cli);
	struct policy_ctx	 pc = { prefix, add, ctx };

	if (c != NULL && c->rpl != NULL)
		rpl_db_foreach_policy(c->rpl, add_policy, &pc);
}

static const struct cli_type bgp_types[] = {
	{ "bgp-nbrgrp",	"WORD",	name_ok, complete_ng },
	{ "bgp-sngrp",	"WORD",	name_ok, complete_sg },
	{ "bgp-afgrp",	"WORD",	name_ok, complete_afg },
	{ "bgp-policy",	"WORD",	bgp_policy_spec_valid, complete_policy },
};

void
bgp_types_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(bgp_types) / sizeof(bgp_types[0]); i++)
		cli_type_define(&bgp_types[i]);
}

/* --- config: router bgp --- */

static int
cmd_router_bgp(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;
	uint32_t	 asn = 0;
	const char	*s = arg_str(a, "asn");
	char		 key[ASN_STRLEN];

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (s != NULL && asn_parse(s, &asn) == -1)
		return cli_error(cli, "Invalid AS number '%s'", s);
	if (arg_no(a)) {
		if (c->bgp == NULL)
			return CMD_OK;
		if (s != NULL && asn != c->bgp->asn)
			return cli_error(cli, "router bgp %u is configured, "
			    "not %s", c->bgp->asn, s);
		bgp_cfg_free(c->bgp);
		c->bgp = NULL;
		return CMD_OK;
	}
	if (c->bgp != NULL && c->bgp->asn != asn)
		return cli_error(cli, "BGP is already configured with AS %u; "
		    "only one router bgp instance is supported",
		    c->bgp->asn);
	if (c->bgp == NULL && (c->bgp = bgp_cfg_new(asn)) == NULL)
		return bgpc_nomem(cli);
	asn_format(asn, key, sizeof(key));
	return cli_enter(cli, MODE_BGP, key) == 0 ? CMD_OK : CMD_ERR;
}

static const struct cmd config_rows[] = {
	{ "[no] router bgp <asn:asn>", cmd_router_bgp, 0,
	    { "router=Enable a routing process",
	      "bgp=BGP configuration",
	      "asn=Autonomous system number (asplain <1-4294967295> or "
	      "asdot X.Y)", NULL } },
	CMD_END
};

/* --- config-bgp: global knobs --- */

static int
check_router_id(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)a;
	if (it->n[0] == 0)
		return cli_error(cli, "Invalid router-id 0.0.0.0: the "
		    "router-id must not be zero");
	return CMD_OK;
}

/* `log neighbor changes` takes detail or disable, never neither */
static int
check_detail_disable(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)a;
	if (!it->off && !(it->opt & (BGP_OPT_DETAIL | BGP_OPT_DISABLE)))
		return cli_error(cli, "Incomplete command.");
	return CMD_OK;
}

/* More specific keywords first: `bgp graceful-restart restart-time`
 * binds `graceful-restart` too. */
static const struct bgpc_spec global_items[] = {
	{ .kw = "router-id", .item = BG_ROUTER_ID,
	  .num = { { "id", 0, BGPC_IPV4 } }, .check = check_router_id },
	{ .kw = "cluster-id", .item = BG_CLUSTER_ID,
	  .num = { { "id", 0, BGPC_U32 },
	    { "addr", 0, BGPC_IPV4, BGP_OPT_ADDR } } },
	{ .kw = "local-preference", .item = BG_DEFAULT_LP,
	  .num = { { "lp", 0, BGPC_U32, 0, 100 } } },
	{ .kw = "timers", .item = BG_TIMERS, .num = BGPC_TIMERS_NUMS,
	  .check = bgpc_check_timers },
	{ .kw = "restart-time", .item = BG_GR_RESTART_TIME,
	  .num = { { "seconds" } } },
	{ .kw = "stalepath-time", .item = BG_GR_STALEPATH_TIME,
	  .num = { { "seconds" } } },
	{ .kw = "purge-time", .item = BG_GR_PURGE_TIME,
	  .num = { { "seconds" } } },
	{ .kw = "graceful-restart", .item = BG_GR },
	{ .kw = "log", .item = BG_LOG_NBR,
	  .kws = { { "detail", BGP_OPT_DETAIL },
	    { "disable", BGP_OPT_DISABLE } },
	  .check = check_detail_disable },
	{ .kw = "update-delay", .item = BG_UPDATE_DELAY,
	  .num = { { "seconds" } } },
	{ .kw = "unsafe-ebgp-policy", .item = BG_UNSAFE_EBGP },
	{ .kw = "always", .item = BG_MED_ALWAYS },
	{ .kw = "confed", .item = BG_MED_CONFED },
	{ .kw = "missing-as-worst", .item = BG_MED_MISSING_WORST },
	{ .kw = "compare-routerid", .item = BG_COMPARE_RID },
	/* before `ignore`, which their rows bind too */
	{ .kw = "aigp", .item = BG_AIGP_IGNORE },
	{ .kw = "cost-community", .item = BG_COST_COMM_IGNORE },
	{ .kw = "igp-metric", .item = BG_IGP_METRIC_IGNORE },
	{ .kw = "ignore", .item = BG_ASPATH_IGNORE },
	{ .kw = "multipath-relax", .item = BG_ASPATH_MPR },
	{ .kw = "validity", .item = BG_OAS_USE_VALIDITY },
	{ .kw = "invalid", .item = BG_OAS_ALLOW_INVALID },
	{ .kw = "nsr", .item = BG_NSR,
	  .kws = { { "disable", BGP_OPT_DISABLE } } },
	{ .kw = "enforce-modifications", .item = BG_IBGP_ENFORCE_MODS },
	{ .kw = "send-buffer-size", .item = BG_SOCK_SNDBUF,
	  .num = { { "bytes" } } },
	{ .kw = "memory-limit", .item = BG_MEMORY_LIMIT,
	  .num = { { "megabytes" } } },
};

static int
cmd_bgp_item(struct cli *cli, const struct cmd_args *a)
{
	return bgpc_item_cmd(cli, a, BGPC_GLOBAL, global_items,
	    sizeof(global_items) / sizeof(global_items[0]));
}

static int
cmd_bgp_af(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg	*b;
	enum bgp_afi	 afi = bgpc_afi_arg(a);

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		bgp_gaf_clear(&b->af[afi]);
		return CMD_OK;
	}
	b->af[afi].present = 1;
	return cli_enter(cli, MODE_BGP_AF, bgp_afi_name(afi)) == 0 ? CMD_OK :
	    CMD_ERR;
}

static int
cmd_bgp_neighbor(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p;
	struct xaddr	 x;
	const char	*s = arg_str(a, "address");

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	if (s == NULL || addr_parse(s, &x) == -1)
		return cli_error(cli, "Invalid neighbor address '%s'",
		    s ? s : "");
	if (arg_no(a)) {
		if ((p = bgp_nbr_find(b, &x)) != NULL)
			bgp_peer_del(b, p);
		return CMD_OK;
	}
	if ((x.af == AF_V4 && (x.a[0] == 0 || x.a[0] >= 224)) ||
	    (x.af == AF_V6 && (x.a[0] == 0xff ||
	    memcmp(x.a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0)))
		return cli_error(cli, "Invalid neighbor address %s", s);
	if ((p = bgp_nbr_get(b, &x)) == NULL)
		return bgpc_nomem(cli);
	return cli_enter(cli, MODE_BGP_NBR, p->name) == 0 ? CMD_OK : CMD_ERR;
}

static int
cmd_bgp_group(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p;
	enum bgp_kind	 kind;
	const char	*name = arg_str(a, "name");
	int		 mode;

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "neighbor-group")) {
		kind = BGP_NG;
		mode = MODE_BGP_NBRGRP;
	} else if (arg_has(a, "session-group")) {
		kind = BGP_SG;
		mode = MODE_BGP_SNGRP;
	} else {
		kind = BGP_AFG;
		mode = MODE_BGP_AFGRP;
	}
	if (name == NULL || !name_ok(name))
		return cli_error(cli, "Invalid %s name '%s'",
		    bgp_kind_name(kind), name ? name : "");
	p = bgp_peer_find(b, kind, name);
	if (arg_no(a)) {
		if (p != NULL)
			bgp_peer_del(b, p);
		return CMD_OK;
	}
	if (kind == BGP_AFG && !arg_has(a, "address-family"))
		return cli_error(cli, "Incomplete command.");
	if (kind == BGP_AFG && p != NULL && p->afg_afi != bgpc_afi_arg(a))
		return cli_error(cli, "af-group %s is already configured for "
		    "address-family %s unicast", name,
		    bgp_afi_name(p->afg_afi));
	if (p == NULL) {
		if ((p = bgp_peer_get(b, kind, name)) == NULL)
			return bgpc_nomem(cli);
		if (kind == BGP_AFG) {
			p->afg_afi = bgpc_afi_arg(a);
			p->af[p->afg_afi].present = 1;
		}
	}
	return cli_enter(cli, mode, p->name) == 0 ? CMD_OK : CMD_ERR;
}

static const struct cmd bgp_rows[] = {
	{ "[no] bgp router-id <id:ipv4>", cmd_bgp_item, 0,
	    { "id=Manually configured router identifier", NULL } },
	{ "[no] bgp cluster-id ( <id:1-4294967295> | <addr:ipv4> )",
	    cmd_bgp_item, 0,
	    { "id=Route-Reflector Cluster-id as 32 bit quantity",
	      "addr=Route-Reflector Cluster-id in IP address format", NULL } },
	{ "[no] bgp default local-preference <lp:0-4294967295>",
	    cmd_bgp_item, 0,
	    { "lp=Local preference value", NULL } },
	{ "[no] bgp graceful-restart", cmd_bgp_item, 0, { NULL } },
	{ "[no] bgp graceful-restart restart-time <seconds:1-4095>",
	    cmd_bgp_item, 0,
	    { "seconds=Restart time in seconds", NULL } },
	{ "[no] bgp graceful-restart stalepath-time <seconds:1-4095>",
	    cmd_bgp_item, 0,
	    { "seconds=Stalepath time in seconds", NULL } },
	{ "[no] bgp graceful-restart purge-time <seconds:1-6000>",
	    cmd_bgp_item, 0,
	    { "seconds=RIB purge time in seconds", NULL } },
	{ "[no] bgp log neighbor changes ( detail | disable )", cmd_bgp_item,
	    0,
	    { "detail=Include extra detail in change messages",
	      "disable=Disable logging", NULL } },
	{ "[no] bgp update-delay <seconds:0-3600>", cmd_bgp_item, 0,
	    { "seconds=Delay value (seconds)", NULL } },
	{ "[no] bgp unsafe-ebgp-policy", cmd_bgp_item, 0, { NULL } },
	{ "[no] socket send-buffer-size <bytes:4096-131072>", cmd_bgp_item, 0,
	    { "bytes=Send buffer size in bytes", NULL } },
	{ "[no] bgp memory-limit <megabytes:16-1048576>", cmd_bgp_item, 0,
	    { "megabytes=Memory BGP may use for routes, in megabytes", NULL } },
	{ "[no] bgp bestpath med always", cmd_bgp_item, 0, { NULL } },
	{ "[no] bgp bestpath med confed", cmd_bgp_item, 0, { NULL } },
	{ "[no] bgp bestpath med missing-as-worst", cmd_bgp_item, 0,
	    { NULL } },
	{ "[no] bgp bestpath aigp ignore", cmd_bgp_item, 0,
	    { "ignore=Ignore AIGP attribute", NULL } },
	{ "[no] bgp bestpath cost-community ignore", cmd_bgp_item, 0,
	    { "ignore=Ignore cost-community comparison", NULL } },
	{ "[no] bgp bestpath igp-metric ignore", cmd_bgp_item, 0,
	    { "ignore=Ignore IGP metric during path comparison", NULL } },
	{ "[no] bgp bestpath compare-routerid", cmd_bgp_item, 0, { NULL } },
	{ "[no] bgp bestpath as-path ignore", cmd_bgp_item, 0, { NULL } },
	{ "[no] bgp bestpath as-path multipath-relax", cmd_bgp_item, 0,
	    { NULL } },
	{ "[no] bgp bestpath origin-as use validity", cmd_bgp_item, 0,
	    { "use=BGP origin-AS knobs", NULL } },
	{ "[no] bgp bestpath origin-as allow invalid", cmd_bgp_item, 0,
	    { NULL } },
	{ "[no] nsr [disable]", cmd_bgp_item, 0,
	    { "disable=Disable non-stop routing", NULL } },
	{ "[no] ibgp policy out enforce-modifications", cmd_bgp_item, 0,
	    { "ibgp=iBGP specific commands",
	      "policy=Policy commands",
	      "out=Outbound policy",
	      "enforce-modifications=Allow policy to modify all attributes "
	      "of reflected routes", NULL } },
	{ "[no] timers bgp <keepalive:0-65535> <holdtime:0-65535> "
	    "[<min:0-65535>]", cmd_bgp_item, 0,
	    { "timers=Adjust routing timers",
	      "bgp=BGP timers",
	      "keepalive=Keepalive interval (seconds)",
	      "holdtime=Holdtime (0 or 3-65535 seconds)",
	      "min=Minimum acceptable holdtime from neighbor", NULL } },
	{ "[no] address-family ( ipv4 | ipv6 ) unicast", cmd_bgp_af, 0,
	    { NULL } },
	{ "[no] neighbor <address:ip>", cmd_bgp_neighbor, 0,
	    { "address=Neighbor address", NULL } },
	{ "[no] neighbor-group <name:bgp-nbrgrp>", cmd_bgp_group, 0,
	    { "name=Neighbor group name", NULL } },
	{ "[no] session-group <name:bgp-sngrp>", cmd_bgp_group, 0,
	    { "name=Session group name", NULL } },
	{ "[no] af-group <name:bgp-afgrp> [address-family ( ipv4 | ipv6 ) "
	    "unicast]", cmd_bgp_group, 0,
	    { "name=Address family group name", NULL } },
	CMD_END
};

/* --- config-bgp-af --- */

struct bgp_gaf *
bgpc_gaf(struct cli *cli, enum bgp_afi *afip)
{
	struct bgp_cfg	*b;
	enum bgp_afi	 afi;

	if ((b = bgpc_cfg(cli)) == NULL)
		return NULL;
	afi = afi_of_key(cli_key(cli, MODE_BGP_AF));
	if (afip != NULL)
		*afip = afi;
	return &b->af[afi];
}

/* Parses a prefix of the mode's AF; prints the error. */
static int
af_prefix(struct cli *cli, enum bgp_afi afi, const char *s,
    struct xprefix *pfx)
{
	if (s == NULL || prefix_parse(s, pfx, 0) == -1)
		return cli_error(cli, "Invalid prefix '%s'", s ? s : "");
	if ((afi == BGP_AFI_V4) != (pfx->addr.af == AF_V4))
		return cli_error(cli, "%s is not an %s prefix", s,
		    afi == BGP_AFI_V4 ? "IPv4" : "IPv6");
	if (prefix_has_host_bits(pfx))
		return cli_error(cli, "Prefix %s has host bits set beyond "
		    "the prefix length", s);
	return CMD_OK;
}

/*
 * XR's address-mask form "A.B.C.D M.M.M.M" as "A.B.C.D/len" (XR renders
 * it so); the mask must be contiguous.  Prints the error.
 */
static int
mask_prefix(struct cli *cli, const char *as, const char *ms, char *buf,
    size_t len)
{
	struct xaddr	 m;
	uint32_t	 v;
	unsigned	 n = 0;

	if (ms == NULL || addr_parse_v4(ms, &m) == -1)
		return cli_error(cli, "Invalid mask '%s'", ms ? ms : "");
	v = (uint32_t)m.a[0] << 24 | (uint32_t)m.a[1] << 16 |
	    (uint32_t)m.a[2] << 8 | m.a[3];
	while (n < 32 && (v & (0x80000000u >> n)))
		n++;
	if (n < 32 && (v << n) != 0)
		return cli_error(cli, "Invalid mask %s: the mask must be "
		    "contiguous", ms);
	snprintf(buf, len, "%s/%u", as, n);
	return CMD_OK;
}

/*
 * `network` and `aggregate-address`: a prefix entry of the global AF with
 * an optional policy.  The policy is parsed before the entry is touched;
 * typing the line again without a policy removes the policy.
 */
static int
cmd_af_prefix(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_gaf		*g;
	struct bgp_network	*n;
	struct bgp_aggregate	*ag;
	struct bgp_item		 pol;
	struct xprefix		 pfx;
	enum bgp_afi		 afi;
	const char		*spec = arg_str(a, "policy");
	const char		*ps = arg_str(a, "prefix");
	char			**policy, **args;
	char			 mbuf[PREFIX_STRLEN];
	int			 agg = arg_has(a, "aggregate-address");

	if ((g = bgpc_gaf(cli, &afi)) == NULL)
		return CMD_ERR;
	if (ps == NULL && arg_has(a, "mask")) {
		if (mask_prefix(cli, arg_str(a, "address"), arg_str(a, "mask"),
		    mbuf, sizeof(mbuf)) != CMD_OK)
			return CMD_ERR;
		ps = mbuf;
	}
	if (af_prefix(cli, afi, ps, &pfx) != CMD_OK)
		return CMD_ERR;
	if (arg_no(a)) {
		if (agg)
			bgp_aggregate_del(g, &pfx);
		else
			bgp_network_del(g, &pfx);
		return CMD_OK;
	}
	memset(&pol, 0, sizeof(pol));
	if (spec != NULL && bgpc_set_policy(cli, &pol, spec) != CMD_OK)
		return CMD_ERR;
	if (agg) {
		if ((ag = bgp_aggregate_get(g, &pfx)) == NULL)
			goto nomem;
		ag->flags = (arg_has(a, "as-set") ? BGP_AGG_AS_SET : 0) |
		    (arg_has(a, "summary-only") ? BGP_AGG_SUMMARY_ONLY : 0);
		policy = &ag->policy;
		args = &ag->args;
	} else {
		if ((n = bgp_network_get(g, &pfx)) == NULL)
			goto nomem;
		policy = &n->policy;
		args = &n->args;
	}
	free(*policy);
	free(*args);
	*policy = pol.s;
	*args = pol.args;
	return CMD_OK;
nomem:
	bgp_item_clear(&pol);
	return bgpc_nomem(cli);
}

/* `no allocate-label` may stop after the keyword; the line may not */
static int
check_alloc_label(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	(void)a;
	if (!(it->opt & BGP_OPT_ALL) && it->s == NULL)
		return cli_error(cli, "Incomplete command.");
	return CMD_OK;
}

static const struct bgpc_spec gaf_items[] = {
	{ .kw = "eibgp", .item = BGPC_GAF_MAXP_EIBGP,
	  .num = { { "paths", 0, BGPC_U32, 0, 1 } } },
	{ .kw = "ebgp", .item = BGPC_GAF_MAXP_EBGP,
	  .num = { { "paths", 0, BGPC_U32, 0, 1 } },
	  .kws = { { "selective", BGP_OPT_SELECTIVE } } },
	{ .kw = "ibgp", .item = BGPC_GAF_MAXP_IBGP,
	  .num = { { "paths", 0, BGPC_U32, 0, 1 } },
	  .kws = { { "unequal-cost", BGP_OPT_UNEQUAL_COST },
	    { "selective", BGP_OPT_SELECTIVE } } },
	{ .kw = "allocate-label", .item = BGPC_GAF_ALLOC_LABEL,
	  .kws = { { "all", BGP_OPT_ALL } }, .policy = "policy",
	  .check = check_alloc_label },
	{ .kw = "connected", .item = BGPC_GAF_REDIST_CONNECTED,
	  .num = { { "metric-value", 0, BGPC_U32, BGP_OPT_HAS_VALUE } },
	  .policy = "policy" },
	{ .kw = "static", .item = BGPC_GAF_REDIST_STATIC,
	  .num = { { "metric-value", 0, BGPC_U32, BGP_OPT_HAS_VALUE } },
	  .policy = "policy" },
	{ .kw = "receive", .item = BGPC_GAF_AP_RECV },
	{ .kw = "send", .item = BGPC_GAF_AP_SEND },
	{ .kw = "selection", .item = BGPC_GAF_AP_SEL, .policy = "policy" },
};

static int
cmd_af_item(struct cli *cli, const struct cmd_args *a)
{
	return bgpc_item_cmd(cli, a, BGPC_GAF, gaf_items,
	    sizeof(gaf_items) / sizeof(gaf_items[0]));
}

static const struct cmd bgp_af_rows[] = {
	{ "[no] network <prefix:prefix> [route-policy <policy:bgp-policy>]",
	    cmd_af_prefix, 0,
	    { "prefix=IP prefix <network>/<length>",
	      "policy=Route-policy to modify the attributes", NULL } },
	{ "[no] aggregate-address <prefix:prefix> [as-set] [summary-only] "
	    "[route-policy <policy:bgp-policy>]", cmd_af_prefix, 0,
	    { "prefix=IP prefix <network>/<length>",
	      "policy=Route-policy to modify the attributes", NULL } },
	{ "[no] network <address:ipv4> <mask:ipv4> "
	    "[route-policy <policy:bgp-policy>]", cmd_af_prefix, 0,
	    { "address=IP address of the network",
	      "mask=Network mask",
	      "policy=Route-policy to modify the attributes", NULL } },
	{ "[no] aggregate-address <address:ipv4> <mask:ipv4> [as-set] "
	    "[summary-only] [route-policy <policy:bgp-policy>]",
	    cmd_af_prefix, 0,
	    { "address=Aggregate address",
	      "mask=Aggregate mask",
	      "policy=Route-policy to modify the attributes", NULL } },
	{ "[no] maximum-paths ebgp <paths:2-64> [selective]", cmd_af_item,
	    0, { "paths=Number of paths",
	      "selective=Allow multipath selectively, only for neighbors "
	      "configured with multipath", NULL } },
	{ "[no] maximum-paths ibgp <paths:2-64> [unequal-cost] [selective]",
	    cmd_af_item, 0,
	    { "paths=Number of paths",
	      "unequal-cost=Allow multipaths to have different BGP nexthop "
	      "IGP metrics",
	      "selective=Allow multipath selectively, only for neighbors "
	      "configured with multipath", NULL } },
	{ "[no] maximum-paths eibgp <paths:2-64>", cmd_af_item, 0,
	    { "paths=Number of paths", NULL } },
	{ "[no] allocate-label [ all | route-policy <policy:bgp-policy> ]",
	    cmd_af_item, 0,
	    { "all=Allocate labels for all prefixes",
	      "policy=Route-policy to select the prefixes to allocate "
	      "labels for", NULL } },
	{ "[no] redistribute ( connected | static ) [metric "
	    "<metric-value:0-4294967295>] [route-policy <policy:bgp-policy>]",
	    cmd_af_item, 0,
	    { "metric-value=Default metric",
	      "policy=Route-policy to filter redistributed routes", NULL } },
	/* XR takes the two options in either order; printed metric first */
	{ "[no] redistribute ( connected | static ) route-policy "
	    "<policy:bgp-policy> metric <metric-value:0-4294967295>",
	    cmd_af_item, 0,
	    { "metric-value=Default metric",
	      "policy=Route-policy to filter redistributed routes", NULL } },
	{ "[no] additional-paths ( receive | send )", cmd_af_item, 0,
	    { NULL } },
	{ "[no] additional-paths selection route-policy "
	    "<policy:bgp-policy>", cmd_af_item, 0,
	    { "policy=Route policy that selects the additional paths",
	      NULL } },
	CMD_END
};

/* Keyword help shared by every bgp row (one description per keyword). */
static const char *const bgp_help[][2] = {
	{ "bgp", "BGP specific commands" },
	{ "router-id", "Configure Router-id" },
	{ "cluster-id", "Configure Route-Reflector Cluster-id" },
	{ "default", "Configure default value" },
	{ "local-preference", "Local preference" },
	{ "graceful-restart", "Enable Graceful Restart support" },
	{ "restart-time", "Restart time advertised to neighbors" },
	{ "stalepath-time", "Maximum time to wait for restart of GR capable "
	    "peers" },
	{ "purge-time", "Time before stale routes are purged" },
	{ "log", "Log bgp info" },
	{ "neighbor", "Specify a neighbor router" },
	{ "changes", "Log neighbor state changes" },
	{ "disable", "Disable the feature" },
	{ "unsafe-ebgp-policy", "Make eBGP neighbors with no policy pass all "
	    "routes" },
	{ "bestpath", "Change default route selection criteria" },
	{ "med", "MED attribute" },
	{ "always", "Allow comparing MED from different neighbors" },
	{ "missing-as-worst", "Treat missing MED as the least preferred one" },
	{ "compare-routerid", "Compare router-id for identical EBGP paths" },
	{ "as-path", "AS-path" },
	{ "ignore", "Ignore as-path length" },
	{ "confed", "Compare MED among confederation paths" },
	{ "aigp", "AIGP attribute" },
	{ "cost-community", "Cost community" },
	{ "igp-metric", "IGP metric" },
	{ "update-delay", "Set the max initial delay for sending updates" },
	{ "socket", "Set socket parameters" },
	{ "send-buffer-size", "Set socket send buffer size" },
	{ "memory-limit", "Refuse new prefixes above this memory use" },
	{ "detail", "Include extra detail in change messages" },
	{ "nsr", "Enable non-stop routing" },
	{ "multipath-relax", "Relax as-path check for multipath selection" },
	{ "origin-as", "BGP origin-AS knobs" },
	{ "validity", "BGP bestpath selection will use origin-AS validity" },
	{ "allow", "Allow paths by origin-AS validity state" },
	{ "invalid", "BGP bestpath selection will allow 'invalid' origin-AS" },
	{ "address-family", "Enter Address Family command mode" },
	{ "ipv4", "Address family" },
	{ "ipv6", "Address family" },
	{ "unicast", "Address Family modifier" },
	{ "neighbor-group", "Specify a Neighbor-group" },
	{ "session-group", "Specify a Session-group" },
	{ "af-group", "Specify a AF group" },
	{ "network", "Specify a network to announce via BGP" },
	{ "aggregate-address", "Configure BGP aggregate entries" },
	{ "as-set", "Generate AS set path information" },
	{ "summary-only", "Filter more specific routes from updates" },
	{ "route-policy", "Route policy" },
	{ "maximum-paths", "Forward packets over multiple paths" },
	{ "ebgp", "eBGP-multipath" },
	{ "ibgp", "iBGP-multipath" },
	{ "eibgp", "eiBGP-multipath" },
	{ "allocate-label", "Allocate label for selective prefixes" },
	{ "redistribute", "Redistribute information from another routing "
	    "protocol" },
	{ "connected", "Connected routes" },
	{ "static", "Static routes" },
	{ "metric", "Metric for redistributed routes" },
	{ "additional-paths", "Additional paths configuration" },
	{ "receive", "Additional paths Receive capability" },
	{ "send", "Additional paths Send capability" },
	{ "selection", "Additional paths selection" },
};

void
cmds_bgp_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(bgp_help) / sizeof(bgp_help[0]); i++)
		cli_help_define(bgp_help[i][0], bgp_help[i][1]);
	bgp_types_init();
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_BGP, bgp_rows);
	cli_install(MODE_BGP_AF, bgp_af_rows);
	bgp_peer_cmds_init();
	bgp_gm_cmds_init();
	bgp_rpki_cmds_init();
	show_bgp_cfg_init();
}
