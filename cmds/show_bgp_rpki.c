/*
 * show_bgp_rpki: the RPKI views (reference 6.8).
 *   show bgp rpki summary                  XR's layout: servers
 *                                          configured, global knobs,
 *                                          database net/path per family
 *   show bgp rpki server summary           one line per cache server
 *   show bgp rpki server <addr>            one server in detail
 *   show bgp rpki table [ipv4|ipv6] [<prefix>|<addr>]
 *                                          the VRPs (with a prefix: those
 *                                          covering it, which decide its
 *                                          validity)
 *   show bgp [ipv4|ipv6 unicast] origin-as validity [valid|invalid|
 *       not-found]                    the table view (show_bgp_table.c's
 *                                     layout and JSON) of the paths with
 *                                     that state, of every path validated
 *                                     without a state word; paths not
 *                                     validated (local, `origin-as
 *                                     validation disable`) are not listed
 *
 * JSON (`| json`):
 * summary: { cache_servers_configured, origin_as_validation (bool: on in
 *   some address family), bestpath_use_validity, signal_ibgp,
 *   ipv4_nets, ipv4_paths, ipv6_nets, ipv6_paths, static_roas }
 *   (nets: distinct VRP prefixes; paths: VRPs)
 * server summary: { servers: [ { host, transport ("tcp", null without
 *   one), port (null), state, state_seconds, roas_ipv4, roas_ipv6,
 *   preference, active } ] }
 * server: { host, transport, port, state, up, active, preference,
 *   state_seconds, protocol_version (null before the first PDU), serial
 *   (null without a session), session_id (null), last_update_seconds
 *   (null: never synced), refresh_time (null: off), response_time
 *   (null: off), purge_time, retry_time, roas_ipv4, roas_ipv6,
 *   last_error (null) }
 * table: { vrps: [ { prefix, max_length, origin_as, servers (hosts, and
 *   "static" for `rpki route` lines) } ], count }
 *
 * Hidden test helpers, which run the event loop inside a command so a
 * batch script can wait for a cache: `debug bgp wait rpki server ADDR
 * (synced | down) [timeout N]` and `debug bgp wait rpki roas COUNT
 * [timeout N]` (until the table holds COUNT VRPs).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/rtr.h"
#include "core/config/bgp_model.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"

/* ------------------------------------------------------------------ */
/* summary */

static int
knob(int item)
{
	const struct config	*cfg = cmds_running();

	return cfg != NULL && cfg->bgp != NULL && cfg->bgp->g[item].set;
}

/* per-AF knob set in some address family */
static int
af_knob(size_t off)
{
	const struct config	*cfg = cmds_running();
	const struct bgp_item	*it;
	int			 afi;

	if (cfg == NULL || cfg->bgp == NULL)
		return 0;
	for (afi = 0; afi < BGP_AFI_COUNT; afi++) {
		if (!cfg->bgp->af[afi].present)
			continue;
		it = (const struct bgp_item *)(const void *)
		    ((const char *)&cfg->bgp->af[afi] + off);
		if (it->set)
			return 1;
	}
	return 0;
}

static size_t
roas(int af, int prefixes)
{
	if (bgp_roa == NULL)
		return 0;
	return prefixes ? roa_count_prefixes(bgp_roa, af) :
	    roa_count(bgp_roa, af);
}

static int
cmd_show_rpki_summary(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	int		 val, best, sig;

	(void)a;
	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	val = af_knob(offsetof(struct bgp_gaf, oas_validation));
	best = knob(BG_OAS_USE_VALIDITY) ||
	    af_knob(offsetof(struct bgp_gaf, oas_use_validity));
	sig = knob(BG_OAS_SIGNAL_IBGP);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_u64(&j, "cache_servers_configured", rtr_server_count());
		json_kv_bool(&j, "origin_as_validation", val);
		json_kv_bool(&j, "bestpath_use_validity", best);
		json_kv_bool(&j, "signal_ibgp", sig);
		json_kv_u64(&j, "ipv4_nets", roas(AF_V4, 1));
		json_kv_u64(&j, "ipv4_paths", roas(AF_V4, 0));
		json_kv_u64(&j, "ipv6_nets", roas(AF_V6, 1));
		json_kv_u64(&j, "ipv6_paths", roas(AF_V6, 0));
		json_kv_u64(&j, "static_roas", bgp_roa == NULL ? 0 :
		    roa_count_source(bgp_roa, ROA_SRC_STATIC, 0));
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "RPKI cache-servers configured: %zu\n",
	    rtr_server_count());
	sb_puts(&sb, "RPKI global knobs\n");
	sb_printf(&sb, "  Origin-AS validation is %s globally\n",
	    val ? "ENABLED" : "DISABLED");
	sb_printf(&sb, "  Origin-AS validity %s affect bestpath selection "
	    "globally\n", best ? "WILL" : "WILL NOT");
	sb_printf(&sb, "  Origin-AS validity signaling towards iBGP is %s "
	    "globally\n", sig ? "ENABLED" : "DISABLED");
	sb_puts(&sb, "\nRPKI database\n");
	sb_printf(&sb, "  Total IPv4 net/path: %zu/%zu\n", roas(AF_V4, 1),
	    roas(AF_V4, 0));
	sb_printf(&sb, "  Total IPv6 net/path: %zu/%zu\n", roas(AF_V6, 1),
	    roas(AF_V6, 0));
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* servers */

static double
ago(time_t t)
{
	time_t	 now = time(NULL);

	return t != 0 && now > t ? (double)(now - t) : 0;
}

static void
transport_text(const struct rtr_server_info *i, char *buf, size_t len)
{
	if (i->cfg.port == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "TCP:%u", (unsigned)i->cfg.port);
}

struct srv_ctx {
	struct strbuf	*sb;
	struct json	*j;
};

static int
srv_row(const struct rtr_server_info *i, void *arg)
{
	struct srv_ctx	*c = arg;
	char		 tr[16], dur[32], ro[48];

	if (c->j != NULL) {
		json_obj_begin(c->j);
		json_kv_str(c->j, "host", i->cfg.host);
		json_key(c->j, "transport");
		json_str(c->j, i->cfg.port ? "tcp" : NULL);
		json_key(c->j, "port");
		if (i->cfg.port)
			json_u64(c->j, i->cfg.port);
		else
			json_null(c->j);
		json_kv_str(c->j, "state", i->state);
		json_kv_u64(c->j, "state_seconds",
		    (uint64_t)ago(i->state_since));
		json_kv_u64(c->j, "roas_ipv4", i->vrps_v4);
		json_kv_u64(c->j, "roas_ipv6", i->vrps_v6);
		json_kv_u64(c->j, "preference", i->cfg.preference);
		json_kv_bool(c->j, "active", i->active);
		json_obj_end(c->j);
		return 0;
	}
	transport_text(i, tr, sizeof(tr));
	rfmt_dur(ago(i->state_since), dur, sizeof(dur));
	snprintf(ro, sizeof(ro), "%zu/%zu", i->vrps_v4, i->vrps_v6);
	sb_printf(c->sb, "%-23s %-15s %-15s %-15s %s\n", i->cfg.host, tr,
	    i->state, dur, ro);
	return 0;
}

static int
cmd_show_rpki_servers(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct srv_ctx	 c;

	(void)a;
	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_key(&j, "servers");
		json_arr_begin(&j);
	} else
		sb_printf(&sb, "%-23s %-15s %-15s %-15s %s\n",
		    "Hostname/Address", "Transport", "State", "Time",
		    "ROAs (IPv4/IPv6)");
	rtr_foreach_server(srv_row, &c);
	if (c.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

static void
kv_secs_or_null(struct json *j, const char *key, unsigned v)
{
	json_key(j, key);
	if (v == 0)
		json_null(j);
	else
		json_u64(j, v);
}

static void
srv_detail_json(struct json *j, const struct rtr_server_info *i)
{
	json_obj_begin(j);
	json_kv_str(j, "host", i->cfg.host);
	json_key(j, "transport");
	json_str(j, i->cfg.port ? "tcp" : NULL);
	json_key(j, "port");
	if (i->cfg.port)
		json_u64(j, i->cfg.port);
	else
		json_null(j);
	json_kv_str(j, "state", i->state);
	json_kv_bool(j, "up", i->up);
	json_kv_bool(j, "active", i->active);
	json_kv_u64(j, "preference", i->cfg.preference);
	json_kv_u64(j, "state_seconds", (uint64_t)ago(i->state_since));
	json_key(j, "protocol_version");
	if (i->have_session)
		json_u64(j, i->version);
	else
		json_null(j);
	json_key(j, "serial");
	if (i->have_session)
		json_u64(j, i->serial);
	else
		json_null(j);
	json_key(j, "session_id");
	if (i->have_session)
		json_u64(j, i->session_id);
	else
		json_null(j);
	json_key(j, "last_update_seconds");
	if (i->last_update != 0)
		json_u64(j, (uint64_t)ago(i->last_update));
	else
		json_null(j);
	kv_secs_or_null(j, "refresh_time", i->cfg.refresh_time);
	kv_secs_or_null(j, "response_time", i->cfg.response_time);
	json_kv_u64(j, "purge_time", i->expire_neg);
	json_kv_u64(j, "retry_time", i->retry_neg);
	json_kv_u64(j, "roas_ipv4", i->vrps_v4);
	json_kv_u64(j, "roas_ipv6", i->vrps_v6);
	json_key(j, "last_error");
	json_str(j, i->last_error[0] ? i->last_error : NULL);
	json_obj_end(j);
	json_end(j);
}

static void
secs_line(struct strbuf *sb, const char *label, unsigned v)
{
	if (v == 0)
		sb_printf(sb, "  %s: off\n", label);
	else
		sb_printf(sb, "  %s: %u seconds\n", label, v);
}

static void
srv_detail_text(struct strbuf *sb, const struct rtr_server_info *i)
{
	char	 dur[32];

	sb_printf(sb, "RPKI Cache-Server %s\n", i->cfg.host);
	if (i->cfg.port)
		sb_printf(sb, "  Transport: TCP port %u\n",
		    (unsigned)i->cfg.port);
	else
		sb_puts(sb, "  Transport: none configured\n");
	sb_printf(sb, "  Connect state: %s\n", i->state);
	rfmt_dur(ago(i->state_since), dur, sizeof(dur));
	sb_printf(sb, "  State time: %s\n", dur);
	sb_printf(sb, "  Preference: %u, %s\n", i->cfg.preference,
	    i->active ? "in use" : "standby");
	if (i->last_error[0])
		sb_printf(sb, "  Last error: %s\n", i->last_error);
	sb_puts(sb, "RPKI-RTR protocol information\n");
	if (i->have_session) {
		sb_printf(sb, "  Protocol version: %u\n",
		    (unsigned)i->version);
		sb_printf(sb, "  Serial number: %u\n", (unsigned)i->serial);
		sb_printf(sb, "  Cache nonce: 0x%04X\n",
		    (unsigned)i->session_id);
	} else
		sb_puts(sb, "  No session\n");
	if (i->last_update != 0) {
		rfmt_dur(ago(i->last_update), dur, sizeof(dur));
		sb_printf(sb, "  Last update: %s ago\n", dur);
	} else
		sb_puts(sb, "  Last update: never\n");
	secs_line(sb, "Refresh  time", i->cfg.refresh_time);
	secs_line(sb, "Response time", i->cfg.response_time);
	sb_printf(sb, "  Purge time: %u seconds\n", i->expire_neg);
	sb_printf(sb, "  Retry time: %u seconds\n", i->retry_neg);
	sb_printf(sb, "  ROAs: %zu IPv4, %zu IPv6\n", i->vrps_v4, i->vrps_v6);
}

static int
cmd_show_rpki_server(struct cli *cli, const struct cmd_args *a)
{
	struct rtr_server_info	 i;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	const char		*host = arg_str(a, "addr");

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	if (rtr_server(host, &i) == -1)
		return cli_error(cli, "No such RPKI server %s",
		    host != NULL ? host : "");
	if (cli_json(cli)) {
		json_init(&j, &sb);
		srv_detail_json(&j, &i);
	} else
		srv_detail_text(&sb, &i);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* table */

struct tbl_ctx {
	struct strbuf	*sb;
	struct json	*j;
	char		 host[ROA_SRC_MAX][256];
	size_t		 n;
};

static int
tbl_host(const struct rtr_server_info *i, void *arg)
{
	struct tbl_ctx	*c = arg;

	if (i->slot < ROA_SRC_MAX)
		snprintf(c->host[i->slot], sizeof(c->host[i->slot]), "%s",
		    i->cfg.host);
	return 0;
}

static int
tbl_row(const struct roa_vrp *v, void *arg)
{
	struct tbl_ctx	*c = arg;
	char		 pfx[PREFIX_STRLEN], first[256];
	unsigned	 s;

	c->n++;
	prefix_format(&v->pfx, pfx, sizeof(pfx));
	first[0] = '\0';
	if (c->j != NULL) {
		json_obj_begin(c->j);
		json_kv_str(c->j, "prefix", pfx);
		json_kv_u64(c->j, "max_length", v->maxlen);
		json_kv_u64(c->j, "origin_as", v->asn);
		json_key(c->j, "servers");
		json_arr_begin(c->j);
	}
	for (s = 0; s < ROA_SRC_MAX; s++) {
		if (!(v->srcmask & (1u << s)))
			continue;
		if (first[0] == '\0')
			snprintf(first, sizeof(first), "%s", s ==
			    ROA_SRC_STATIC ? "static" : c->host[s]);
		if (c->j != NULL)
			json_str(c->j, s == ROA_SRC_STATIC ? "static" :
			    c->host[s]);
	}
	if (c->j != NULL) {
		json_arr_end(c->j);
		json_obj_end(c->j);
	} else
		sb_printf(c->sb, "  %-21s %-15u %-17u %s\n", pfx,
		    (unsigned)v->maxlen, (unsigned)v->asn, first);
	/* never yields to the loop inside the walk: the RTR client may
	   change the table there */
	return 0;
}

static int
cmd_show_rpki_table(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct tbl_ctx	*c;
	struct xprefix	 p, *cover = NULL;
	struct xaddr	 ad;
	const char	*s;
	int		 af = 0, fam, rc;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	if (arg_has(a, "ipv4"))
		af = AF_V4;
	else if (arg_has(a, "ipv6"))
		af = AF_V6;
	if ((s = arg_str(a, "pfx")) != NULL) {
		if (prefix_parse(s, &p, 0) == -1)
			return cli_error(cli, "Invalid prefix %s", s);
		prefix_mask(&p);
		cover = &p;
	} else if ((s = arg_str(a, "host")) != NULL) {
		if (addr_parse(s, &ad) == -1)
			return cli_error(cli, "Invalid address %s", s);
		prefix_host(&ad, &p);
		cover = &p;
	}
	if (cover != NULL) {
		if (af != 0 && cover->addr.af != af)
			return cli_error(cli, "%s is not an %s prefix", s,
			    af == AF_V4 ? "IPv4" : "IPv6");
		af = cover->addr.af;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return cli_error(cli, "Out of memory");
	c->sb = &sb;
	rtr_foreach_server(tbl_host, c);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c->j = &j;
		json_obj_begin(&j);
		json_key(&j, "vrps");
		json_arr_begin(&j);
	} else
		sb_printf(&sb, "\n  %-21s %-15s %-17s %s\n", "Network",
		    "Maxlen", "Origin-AS", "Server");
	for (fam = AF_V4; bgp_roa != NULL; fam = AF_V6) {
		if (af == 0 || af == fam)
			(void)roa_walk(bgp_roa, fam, cover, tbl_row, c);
		if (fam == AF_V6)
			break;
	}
	if (c->j != NULL) {
		json_arr_end(&j);
		json_kv_u64(&j, "count", c->n);
		json_obj_end(&j);
		json_end(&j);
	}
	rc = cmds_emit(cli, &sb);
	free(c);
	return rc;
}

/* ------------------------------------------------------------------ */
/* debug bgp wait rpki */

#define WAIT_DEFAULT	60	/* seconds */

struct wait_ctx {
	const char	*host;
	int		 synced;	/* server: 1 synced, 0 down */
	int		 roas;		/* 1: wait for count VRPs */
	size_t		 count;
	struct rtr_server_info info;
	int		 known;
};

static int
wait_done(struct wait_ctx *w)
{
	if (w->roas)
		return (bgp_roa != NULL ? roa_count(bgp_roa, 0) : 0) ==
		    w->count;
	w->known = rtr_server(w->host, &w->info) == 0;
	return w->known && w->info.up == w->synced;
}

static int
cmd_debug_wait_rpki(struct cli *cli, const struct cmd_args *a)
{
	struct wait_ctx	 w;
	double		 until;

	memset(&w, 0, sizeof(w));
	w.host = arg_str(a, "addr");
	w.synced = arg_has(a, "synced");
	w.roas = arg_has(a, "roas");
	w.count = arg_u32(a, "count", 0);
	until = loop_now() + arg_u32(a, "seconds", WAIT_DEFAULT);
	while (!wait_done(&w)) {
		if (loop_now() >= until) {
			if (w.roas)
				return cli_error(cli, "The RPKI table holds "
				    "%zu ROAs, not %zu", bgp_roa != NULL ?
				    roa_count(bgp_roa, 0) : 0, w.count);
			if (!w.known)
				return cli_error(cli, "No such RPKI server %s",
				    w.host);
			return cli_error(cli, "RPKI server %s is %s", w.host,
			    w.info.state);
		}
		if (cli_stop_requested())
			return cli_error(cli, "Interrupted: xrsh is stopping");
		if (loop_run_once(200) < 0)
			return cli_error(cli, "Event loop error");
	}
	return CMD_OK;
}

#define WAIT_HELP \
	"debug=Debugging functions", "bgp=BGP engine", \
	"wait=Run the event loop until something happens (tests)", \
	"rpki=RPKI", "timeout=Give up after this long (default 60 seconds)", \
	"seconds=Seconds"

/* ------------------------------------------------------------------ */
/* origin-as validity */

static int
keep_validity(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out, void *arg)
{
	const uint8_t	*want = arg;

	(void)e;
	(void)pfx;
	(void)out;
	if (p->rov == LOCRIB_ROV_OFF)
		return 0;
	return *want == LOCRIB_ROV_OFF || p->rov == *want;
}

static int
cmd_show_validity(struct cli *cli, const struct cmd_args *a)
{
	struct rfmt_walk	 w;
	uint8_t			 want = LOCRIB_ROV_OFF;	/* any state */

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	if (arg_has(a, "valid"))
		want = LOCRIB_ROV_VALID;
	else if (arg_has(a, "invalid"))
		want = LOCRIB_ROV_INVALID;
	else if (arg_has(a, "not-found"))
		want = LOCRIB_ROV_NOT_FOUND;
	memset(&w, 0, sizeof(w));
	w.afi = rfmt_afi(a);
	w.legend = 1;
	w.keep = keep_validity;
	w.arg = &want;
	return rfmt_walk_table(cli, &w);
}

#define RPKI_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"rpki=Display RPKI specific information"

static const struct cmd rpki_rows[] = {
	{ "show bgp rpki summary", cmd_show_rpki_summary,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { RPKI_HELP, "summary=Display RPKI summary", NULL } },
	{ "show bgp rpki server summary", cmd_show_rpki_servers,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { RPKI_HELP, "server=Display RPKI cache server information",
	      "summary=Display a summary of the cache servers", NULL } },
	{ "show bgp rpki server <addr:ip>", cmd_show_rpki_server,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { RPKI_HELP, "server=Display RPKI cache server information",
	      "addr=Address of the cache server", NULL } },
	{ "show bgp rpki table [( ipv4 | ipv6 )] [( <pfx:prefix> | "
	    "<host:ip> )]", cmd_show_rpki_table,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { RPKI_HELP, "table=Display RPKI table (validated ROA payloads)",
	      "ipv4=IPv4 ROAs", "ipv6=IPv6 ROAs",
	      "pfx=Network prefix: the ROAs covering it",
	      "host=Network address: the ROAs covering it", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] origin-as validity "
	    "[( valid | invalid | not-found )]", cmd_show_validity,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "bgp=BGP information", "ipv4=IPv4 Address Family",
	      "ipv6=IPv6 Address Family",
	      "unicast=Unicast sub Address Family",
	      "origin-as=BGP origin-AS knobs",
	      "validity=BGP origin-AS validity",
	      "valid=Display valid prefixes",
	      "invalid=Display invalid prefixes",
	      "not-found=Display prefixes not found", NULL } },
	{ "debug bgp wait rpki server <addr:ip> ( synced | down ) "
	    "[timeout <seconds:1-600>]", cmd_debug_wait_rpki, CMDF_HIDDEN,
	    { WAIT_HELP, "server=A cache server", "addr=Its address",
	      "synced=Until it is synced", "down=Until it is not synced",
	      NULL } },
	{ "debug bgp wait rpki roas <count:0-100000000> "
	    "[timeout <seconds:1-600>]", cmd_debug_wait_rpki, CMDF_HIDDEN,
	    { WAIT_HELP, "roas=Until the table holds this many ROAs",
	      "count=ROAs (VRPs)", NULL } },
	CMD_END
};

void
show_bgp_rpki_init(void)
{
	cli_install(MODE_EXEC, rpki_rows);
}
