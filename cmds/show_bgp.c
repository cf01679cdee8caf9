/*
 * show_bgp: the live operator views of the BGP engine (reference 6.1 and
 * 6.4), read from the engine's snapshots (core/bgp/engine.h):
 *   show bgp [ipv4 unicast | ipv6 unicast] summary
 *   show bgp [ipv4 unicast | ipv6 unicast] neighbors [ADDR]
 *   show bgp neighbor [ADDR]          (XR takes the singular too; the
 *                                      `... ADDR configuration` view of
 *                                      show_bgp_cfg.c stays a separate row)
 * Column geometry follows real XR output exactly, because parsers
 * (ntc-templates, Genie) slice these lines by column and regex.
 *
 * JSON (`| json`), snake_case keys, null when a value is absent:
 *
 * summary: { vrf, address_family ("ipv4 unicast"), router_id, local_as,
 *   table_version, neighbors: [ { address, speaker, remote_as,
 *   messages_received, messages_sent, table_version, inq, outq,
 *   up_down ("00:01:02" | "never"), up_down_seconds (null before the
 *   first Up), state ("Established", "Idle (Admin)", ...),
 *   prefixes_received (null unless Established), replayed (a `replay
 *   mrt` pseudo-neighbor: "(replayed)" ends its line in the table) } ] }
 *
 * neighbors: { vrf, neighbors: [ { address, description, remote_as,
 *   local_as, link ("external" | "internal"), remote_router_id,
 *   state ("Idle", ..., "Established"), state_detail ("Idle (Admin)"),
 *   idle_reason (null | "admin" | "prefix_count" | "no_address_family"),
 *   admin_shutdown, shutdown_message (configured RFC 8203 text),
 *   graceful_shutdown (graceful-shutdown or graceful maintenance in
 *   effect), graceful_maintenance (null | "local" | "global": by the
 *   neighbor's activate or router bgp's),
 *   graceful_maintenance_local_preference (null: LOCAL_PREF untouched),
 *   graceful_maintenance_as_prepends, neighbor_logging ("enabled" |
 *   "disabled" | "detail"), dmz_link_bandwidth_mbps (null unless dmz-link-bandwidth
 *   and the interface speed is known), graceful_restart (bgp
 *   graceful-restart in effect), graceful_restart_restart_time,
 *   graceful_restart_stalepath_time, graceful_restart_state ("none" |
 *   "restarting": session down, its paths kept stale | "awaiting-eor":
 *   back, stale paths wait for its End-of-RIB),
 *   graceful_restart_remaining_seconds (null unless restarting or
 *   awaiting-eor),
 *   up_seconds (Established only), down_seconds (otherwise, null before
 *   any transition), ever_established, last_read_seconds,
 *   last_write_seconds, hold_time, keepalive_interval,
 *   configured_hold_time, configured_keepalive, min_acceptable_hold_time,
 *   capabilities: { route_refresh, four_byte_as, ipv4_unicast,
 *     ipv6_unicast, extended_message, graceful_restart,
 *     enhanced_route_refresh: { advertised, received } },
 *   message_stats: { open, notification, update, keepalive,
 *     route_refresh: { sent, received, last_sent, last_received (epoch
 *     seconds or null) }, total: { sent, received } },
 *   inq, outq, messages_received, messages_sent, notifications_received,
 *   notifications_sent, min_advertisement_interval,
 *   address_families: [ { afi ("ipv4"), safi ("unicast"),
 *     name ("IPv4 Unicast"), policy_in, policy_out, rfc8212_drop,
 *     accepted_prefixes, stale_paths, denied_prefixes, maximum_prefixes,
 *     maximum_prefixes_threshold, maximum_prefixes_restart_minutes,
 *     maximum_prefixes_warning_only,
 *     maximum_prefixes_discard_extra_paths, route_refresh_received,
 *     route_refresh_sent, eor_received, eor_sent, best_paths,
 *     route_reflector_client, soft_reconfiguration,
 *     send_community_gshut_ebgp, multipath } ],
 *   connections_established, connections_dropped, local_address,
 *   local_port, remote_port, last_reset_seconds, last_reset_reason,
 *   last_notification: null | { direction ("sent" | "received"), code,
 *     subcode, code_name, subcode_name }, last_shutdown_message,
 *   ebgp_multihop, ttl_security, password, passive_only, active_only } ] }
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "cmds/bgp_route_fmt.h"
#include "core/bgp/engine.h"
#include "core/bgp/rib_query.h"
#include "core/bgp/wire.h"
#include "core/config/bgp_inherit.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

#define DUR_LEN		32

static const char *const af_label[2] = { "IPv4 Unicast", "IPv6 Unicast" };
static const char *const af_name[2] = { "ipv4", "ipv6" };

static long long
since(time_t t)
{
	long long	 d = (long long)loop_wallclock() - (long long)t;

	return d > 0 ? d : 0;
}

/* "Idle (Admin)", "Established", ... as the summary and header show it */
static const char *
state_text(const struct bgp_nbr_info *n)
{
	if (n->state == BGP_ST_IDLE) {
		switch (n->idle_reason) {
		case BGP_IDLE_ADMIN:
			return "Idle (Admin)";
		case BGP_IDLE_PFXCT:
			return "Idle (PfxCt)";
		case BGP_IDLE_NOAF:
			return "Idle (NoNbrAF)";
		default:
			break;
		}
	}
	return bgp_state_name(n->state);
}

static const char *
idle_reason_key(const struct bgp_nbr_info *n)
{
	if (n->state != BGP_ST_IDLE)
		return NULL;
	switch (n->idle_reason) {
	case BGP_IDLE_ADMIN:
		return "admin";
	case BGP_IDLE_PFXCT:
		return "prefix_count";
	case BGP_IDLE_NOAF:
		return "no_address_family";
	default:
		return NULL;
	}
}

static void
fmt_id(uint32_t id, char *buf, size_t len)
{
	struct in_addr	 in;

	in.s_addr = htonl(id);
	if (inet_ntop(AF_INET, &in, buf, (socklen_t)len) == NULL)
		strlcpy(buf, "0.0.0.0", len);
}

/* the address family index of the view, -1 for "every family" */
static int
view_af(const struct cmd_args *a)
{
	if (arg_has(a, "ipv6"))
		return 1;
	if (arg_has(a, "ipv4"))
		return 0;
	return -1;
}

/*
 * A neighbor belongs to a family's views when that family is configured
 * on it; one with no family at all is shown under IPv4, the default view,
 * so a bare `neighbor X remote-as N` is never invisible.
 */
static int
in_af(const struct bgp_nbr_info *n, int af)
{
	if (af < 0)
		return 1;
	if (n->af[af].configured)
		return 1;
	return af == 0 && !n->af[0].configured && !n->af[1].configured;
}

static void
json_kv_null(struct json *j, const char *k)
{
	json_key(j, k);
	json_null(j);
}

static void
json_kv_opt_str(struct json *j, const char *k, const char *v)
{
	if (v == NULL || *v == '\0')
		json_kv_null(j, k);
	else
		json_kv_str(j, k, v);
}

static void
json_kv_opt_time(struct json *j, const char *k, time_t t)
{
	if (t == 0)
		json_kv_null(j, k);
	else
		json_kv_u64(j, k, (uint64_t)t);
}

static void
json_kv_opt_since(struct json *j, const char *k, time_t t)
{
	if (t == 0)
		json_kv_null(j, k);
	else
		json_kv_u64(j, k, (uint64_t)since(t));
}

static int
bgp_not_active(struct cli *cli)
{
	return cli_error(cli, "BGP instance 'default' not active");
}

/* ------------------------------------------------------------------ */
/* show bgp summary */

struct sum_ctx {
	struct strbuf	*sb;
	struct json	*j;
	int		 af;
	uint64_t	 tblver;
};

static int
sum_row(const struct bgp_nbr_info *n, void *arg)
{
	struct sum_ctx	*c = arg;
	char		 addr[ADDR_STRLEN], as[ASN_STRLEN], ud[DUR_LEN];
	int		 est = n->state == BGP_ST_ESTABLISHED;
	uint64_t	 tv = est ? c->tblver : 0;

	if (!in_af(n, c->af))
		return 0;
	addr_format(&n->addr, addr, sizeof(addr));
	asn_format(n->remote_as, as, sizeof(as));
	if (n->ever_up)
		rfmt_dur(since(n->state_since), ud, sizeof(ud));
	else
		strlcpy(ud, "never", sizeof(ud));
	if (c->j != NULL) {
		struct json	*j = c->j;

		json_obj_begin(j);
		json_kv_str(j, "address", addr);
		json_kv_u64(j, "speaker", 0);
		json_kv_u64(j, "remote_as", n->remote_as);
		json_kv_u64(j, "messages_received", n->msgs_rcvd);
		json_kv_u64(j, "messages_sent", n->msgs_sent);
		json_kv_u64(j, "table_version", tv);
		json_kv_u64(j, "inq", n->inq);
		json_kv_u64(j, "outq", n->outq);
		json_kv_str(j, "up_down", ud);
		if (n->ever_up)
			json_kv_u64(j, "up_down_seconds",
			    (uint64_t)since(n->state_since));
		else
			json_kv_null(j, "up_down_seconds");
		json_kv_str(j, "state", state_text(n));
		if (est)
			json_kv_u64(j, "prefixes_received",
			    n->af[c->af].accepted);
		else
			json_kv_null(j, "prefixes_received");
		json_kv_bool(j, "replayed", n->replayed);
		json_obj_end(j);
		return 0;
	}
	/* a long (IPv6) address stands alone; the columns stay put */
	if (strlen(addr) > 15)
		sb_printf(c->sb, "%s\n%15s", addr, "");
	else
		sb_printf(c->sb, "%-15s", addr);
	sb_printf(c->sb, "%4u %5s %7llu %7llu %8llu %4zu %4zu %8s", 0u, as,
	    (unsigned long long)n->msgs_rcvd,
	    (unsigned long long)n->msgs_sent, (unsigned long long)tv,
	    n->inq, n->outq, ud);
	if (est)
		sb_printf(c->sb, " %10u%s\n", n->af[c->af].accepted,
		    n->replayed ? " (replayed)" : "");
	else
		sb_printf(c->sb, " %s\n", state_text(n));
	return 0;
}

static int
cmd_show_summary(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_engine_info	 info;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct sum_ctx		 c;
	char			 rid[INET_ADDRSTRLEN], as[ASN_STRLEN];
	unsigned long long	 v;

	bgp_engine_info(&info);
	if (!info.configured)
		return bgp_not_active(cli);
	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	c.af = view_af(a) < 0 ? 0 : view_af(a);
	c.tblver = info.table_version;
	fmt_id(info.router_id, rid, sizeof(rid));
	asn_format(info.local_as, as, sizeof(as));
	v = (unsigned long long)info.table_version;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_kv_str(&j, "vrf", "default");
		json_kv_str(&j, "address_family", c.af ? "ipv6 unicast" :
		    "ipv4 unicast");
		if (info.router_id != 0)
			json_kv_str(&j, "router_id", rid);
		else
			json_kv_null(&j, "router_id");
		json_kv_u64(&j, "local_as", info.local_as);
		json_kv_u64(&j, "table_version", v);
		json_key(&j, "neighbors");
		json_arr_begin(&j);
		bgp_engine_foreach_nbr(sum_row, &c);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "BGP router identifier %s, local AS number %s\n",
	    rid, as);
	sb_puts(&sb, "BGP generic scan interval 60 secs\n");
	sb_puts(&sb, "BGP table state: Active\n");
	sb_printf(&sb, "Table ID: 0x%s   RD version: %llu\n",
	    c.af ? "e0800000" : "e0000000", v);
	sb_printf(&sb, "BGP main routing table version %llu\n", v);
	sb_puts(&sb, "BGP scan interval 60 secs\n\n");
	sb_puts(&sb, "BGP is operating in STANDALONE mode.\n\n\n");
	sb_puts(&sb, "Process       RcvTblVer   bRIB/RIB   LabelVer  "
	    "ImportVer  SendTblVer  StandbyVer\n");
	sb_printf(&sb, "Speaker%16llu%11llu%11llu%11llu%12llu%12u\n\n",
	    v, v, v, v, v, 0u);
	sb_puts(&sb, "Neighbor        Spk    AS MsgRcvd MsgSent   TblVer  "
	    "InQ OutQ  Up/Down  St/PfxRcd\n");
	bgp_engine_foreach_nbr(sum_row, &c);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show bgp neighbors */

struct nbr_ctx {
	struct strbuf		*sb;
	struct json		*j;
	int			 af;	/* -1: every family */
	const struct bgp_cfg	*cfg;	/* running router bgp (may be NULL) */
	size_t			 shown;
};

static const char *const msg_label[BGP_MI_COUNT] = {
	"Open:", "Update:", "Notification:", "Keepalive:", "Route_Refresh:"
};
static const char *const msg_key[BGP_MI_COUNT] = {
	"open", "update", "notification", "keepalive", "route_refresh"
};
/* XR lists them in this order */
static const int msg_order[BGP_MI_COUNT] = {
	BGP_MI_OPEN, BGP_MI_NOTIFICATION, BGP_MI_UPDATE, BGP_MI_KEEPALIVE,
	BGP_MI_ROUTE_REFRESH
};

static void
fmt_stamp(time_t t, char *buf, size_t len)
{
	struct tm	 tm;
	char		 b[24];

	if (t == 0) {
		strlcpy(buf, "---", len);
		return;
	}
	localtime_r(&t, &tm);
	strftime(b, sizeof(b), "%b %d %H:%M:%S", &tm);
	snprintf(buf, len, "%s.000", b);
}

/* RFC 8212: eBGP without a policy in that direction drops everything */
static int
rfc8212_drop(const struct nbr_ctx *c, const struct bgp_nbr_info *n, int af)
{
	if (!n->ebgp)
		return 0;
	if (c->cfg != NULL && c->cfg->g[BG_UNSAFE_EBGP].set)
		return 0;
	return n->af[af].policy_in[0] == '\0' ||
	    n->af[af].policy_out[0] == '\0';
}

/* advertisement-interval: configured (inheritance included) or default */
static unsigned
adv_interval(const struct nbr_ctx *c, const struct bgp_nbr_info *n)
{
	const struct bgp_peer	*p;
	const struct bgp_item	*it;

	if (c->cfg != NULL && (p = bgp_nbr_find(c->cfg, &n->addr)) != NULL &&
	    (it = bgp_eff_sitem(c->cfg, p, BS_ADV_INTERVAL, NULL)) != NULL &&
	    bgp_eff_on(it))
		return it->n[0];
	return n->ebgp ? 30 : 0;
}

static void
cap_row(struct strbuf *sb, const char *label, int adv, int rcvd)
{
	sb_printf(sb, "    %-32s%-12s%s\n", label, adv ? "Yes" : "No",
	    rcvd ? "Yes" : "No");
}

static void
text_caps(struct strbuf *sb, const struct bgp_nbr_info *n)
{
	const struct bgp_capinfo	*a = &n->cap_adv, *r = &n->cap_rcvd;

	sb_puts(sb, "  Neighbor capabilities:            Adv         Rcvd\n");
	cap_row(sb, "Route refresh:", a->route_refresh || a->route_refresh_old,
	    r->route_refresh || r->route_refresh_old);
	cap_row(sb, "4-byte AS:", a->as4, r->as4);
	cap_row(sb, "Address family IPv4 Unicast:", a->afs & BGP_AF_V4U,
	    r->afs & BGP_AF_V4U);
	cap_row(sb, "Address family IPv6 Unicast:", a->afs & BGP_AF_V6U,
	    r->afs & BGP_AF_V6U);
	cap_row(sb, "Extended message:", a->ext_msg, r->ext_msg);
	cap_row(sb, "Graceful restart:", a->gr, r->gr);
	cap_row(sb, "Enhanced route refresh:", a->enhanced_rr,
	    r->enhanced_rr);
}

static void
text_msgstats(struct strbuf *sb, const struct bgp_nbr_info *n)
{
	char		 ls[40], lr[40];
	uint64_t	 ts = 0, tr = 0;
	int		 i, k;

	sb_puts(sb, "  Message stats:\n");
	sb_printf(sb, "    InQ depth: %zu, OutQ depth: %zu\n", n->inq, n->outq);
	sb_puts(sb, "                    Last_Sent               Sent  "
	    "Last_Rcvd               Rcvd\n");
	for (i = 0; i < BGP_MI_COUNT; i++) {
		k = msg_order[i];
		fmt_stamp(n->sent[k].last, ls, sizeof(ls));
		fmt_stamp(n->rcvd[k].last, lr, sizeof(lr));
		sb_printf(sb, "    %-16s%-19s%9llu  %-19s%9llu\n", msg_label[k],
		    ls, (unsigned long long)n->sent[k].count, lr,
		    (unsigned long long)n->rcvd[k].count);
		ts += n->sent[k].count;
		tr += n->rcvd[k].count;
	}
	sb_printf(sb, "    Total:%38llu%30llu\n", (unsigned long long)ts,
	    (unsigned long long)tr);
}

/* "advertised and received", "advertised", "received"; NULL neither */
static const char *
adv_rcvd(int adv, int rcvd)
{
	if (adv && rcvd)
		return "advertised and received";
	if (adv)
		return "advertised";
	return rcvd ? "received" : NULL;
}

/* XR's "Additional-paths operation": what was negotiated. */
static const char *
ap_operation(const struct bgp_nbr_info *n, int af)
{
	if (n->af[af].ap_tx && n->af[af].ap_rx)
		return "Send and Receive";
	if (n->af[af].ap_tx)
		return "Send";
	return n->af[af].ap_rx ? "Receive" : "None";
}

/* RFC 7911 capability lines of one AF, when either side has one. */
static void
text_af_caps(struct strbuf *sb, const struct bgp_nbr_info *n, int af)
{
	unsigned	 bit = af == 0 ? BGP_AF_V4U : BGP_AF_V6U;
	const char	*s, *r;

	int		 gra = n->cap_adv.gr, grr = n->cap_rcvd.gr &&
			    (n->cap_rcvd.gr_afs & bit);

	s = adv_rcvd(n->cap_adv.ap_send & bit, n->cap_rcvd.ap_send & bit);
	r = adv_rcvd(n->cap_adv.ap_recv & bit, n->cap_rcvd.ap_recv & bit);
	if (s == NULL && r == NULL && !gra && !grr)
		return;
	sb_puts(sb, "  AF-dependent capabilities:\n");
	/* we are a helper: our capability lists no family, the timers are
	   what we apply to the neighbor's routes */
	if (gra)
		sb_printf(sb, "    Graceful Restart capability advertised\n"
		    "      Local restart time is %u, RIB purge time is %u "
		    "seconds\n      Maximum stalepath time is %u seconds\n",
		    n->gr_restart_time, n->gr_purge_time,
		    n->gr_stalepath_time);
	if (grr)
		sb_printf(sb, "    Graceful Restart capability received\n"
		    "      Remote Restart time is %u seconds\n"
		    "      Neighbor %s the forwarding state during latest "
		    "restart\n", n->cap_rcvd.gr_time,
		    n->cap_rcvd.gr_afs_fwd & bit ? "preserved" :
		    "did not preserve");
	if (s != NULL)
		sb_printf(sb, "    Additional-paths Send: %s\n", s);
	if (r != NULL)
		sb_printf(sb, "    Additional-paths Receive: %s\n", r);
}

static void
text_af(struct nbr_ctx *c, const struct bgp_nbr_info *n, int af)
{
	struct strbuf	*sb = c->sb;

	sb_printf(sb, "\n For Address Family: %s\n", af_label[af]);
	text_af_caps(sb, n, af);
	sb_printf(sb, "  Route refresh request: received %u, sent %u\n",
	    n->af[af].rr_rcvd, n->af[af].rr_sent);
	if (n->af[af].stale > 0)
		sb_printf(sb, "  %u stale paths kept across the neighbor's "
		    "restart\n", n->af[af].stale);
	if (n->af[af].rr_client)
		sb_puts(sb, "  Route-Reflector Client\n");
	if (n->af[af].soft_reconf)
		sb_puts(sb, "  Inbound soft reconfiguration allowed\n");
	if (n->af[af].nhs)
		sb_puts(sb, "  NEXT_HOP is always this router\n");
	if (n->af[af].remove_private)
		sb_puts(sb, "  Private AS number removed from updates to this "
		    "neighbor\n");
	if (n->af[af].as_override)
		sb_puts(sb, "  AS override is set\n");
	if (n->af[af].allowas_in)
		sb_printf(sb, "  My AS number is allowed %u times in received "
		    "updates\n", n->af[af].allowas_in);
	if (n->af[af].default_orig)
		sb_puts(sb, "  Default information originate: default sent\n");
	if (n->af[af].send_comm)
		sb_puts(sb, "  Community attribute sent to this neighbor\n");
	if (n->af[af].send_extcomm)
		sb_puts(sb, "  Extended community attribute sent to this "
		    "neighbor\n");
	if (n->af[af].send_gshut)
		sb_puts(sb, "  GSHUT community attribute sent to this "
		    "neighbor\n");
	if (n->af[af].policy_in[0] != '\0')
		sb_printf(sb, "  Policy for incoming advertisements is %s\n",
		    n->af[af].policy_in);
	if (n->af[af].policy_out[0] != '\0')
		sb_printf(sb, "  Policy for outgoing advertisements is %s\n",
		    n->af[af].policy_out);
	if (rfc8212_drop(c, n, af))
		sb_puts(sb, "  eBGP neighbor with no inbound or outbound "
		    "policy; defaults to 'drop'\n");
	sb_printf(sb, "  %u accepted prefixes, %zu are bestpaths\n",
	    n->af[af].accepted, bgp_rib_nbr_bestpaths(&n->addr, af));
	sb_printf(sb, "  Exact no. of prefixes denied : %u.\n",
	    n->af[af].denied);
	if (n->af[af].maxpfx != 0) {
		sb_printf(sb, "  Maximum prefixes allowed %u\n",
		    n->af[af].maxpfx);
		sb_printf(sb, "  Threshold for warning message %u%%, restart "
		    "interval %u min\n", n->af[af].maxpfx_threshold,
		    n->af[af].maxpfx_restart);
		if (n->af[af].maxpfx_warning_only)
			sb_puts(sb, "  Warning only: no session reset when "
			    "the maximum is exceeded\n");
		if (n->af[af].maxpfx_discard)
			sb_puts(sb, "  Discard extra paths: no session reset "
			    "when the maximum is exceeded\n");
	}
	sb_printf(sb, "  Additional-paths operation: %s\n",
	    ap_operation(n, af));
}

/* the last reset line's reason, with the shutdown message if needed */
static void
reset_reason(const struct bgp_nbr_info *n, struct strbuf *out)
{
	sb_puts(out, n->last_reset_reason);
	/* the engine quotes a received message (cut to fit) itself */
	if (n->last_shutdown_msg[0] != '\0' &&
	    strstr(n->last_reset_reason, "(message: \"") == NULL)
		sb_printf(out, " (message: \"%s\")", n->last_shutdown_msg);
}

static void
text_nbr(struct nbr_ctx *c, const struct bgp_nbr_info *n)
{
	struct strbuf	*sb = c->sb;
	char		 addr[ADDR_STRLEN], la[ADDR_STRLEN], rid[INET_ADDRSTRLEN];
	char		 ras[ASN_STRLEN], las[ASN_STRLEN], d1[DUR_LEN];
	char		 d2[DUR_LEN];
	int		 est = n->state == BGP_ST_ESTABLISHED, af;

	addr_format(&n->addr, addr, sizeof(addr));
	asn_format(n->remote_as, ras, sizeof(ras));
	asn_format(n->local_as, las, sizeof(las));
	fmt_id(n->remote_id, rid, sizeof(rid));
	sb_printf(sb, "\nBGP neighbor is %s\n", addr);
	sb_printf(sb, " Remote AS %s, local AS %s, %s link\n", ras, las,
	    n->ebgp ? "external" : "internal");
	if (n->description[0] != '\0')
		sb_printf(sb, " Description: %s\n", n->description);
	sb_printf(sb, " Remote router ID %s\n", rid);
	if (est) {
		rfmt_dur(since(n->state_since), d1, sizeof(d1));
		sb_printf(sb, "  BGP state = Established, up for %s\n", d1);
	} else
		sb_printf(sb, "  BGP state = %s\n", state_text(n));
	if (n->state == BGP_ST_IDLE && n->idle_reason == BGP_IDLE_ADMIN)
		sb_puts(sb, "  Administratively shut down\n");
	if (n->gshut) {
		/* router bgp's activate, or the neighbor's own (and
		   graceful-shutdown) */
		sb_printf(sb, "  Graceful Maintenance %s active, ",
		    n->gm == BGP_GM_GLOBAL ? "globally" : "locally");
		if (n->gshut_lp_set)
			sb_printf(sb, "Local Preference=%u, ", n->gshut_lp);
		else
			sb_puts(sb, "No Local Preference change, ");
		if (n->gshut_prepends > 0)
			sb_printf(sb, "AS prepends=%u\n", n->gshut_prepends);
		else
			sb_puts(sb, "No AS prepends\n");
	}
	if (n->passive_only)
		sb_puts(sb, "  TCP open mode: passive only\n");
	else if (n->active_only)
		sb_puts(sb, "  TCP open mode: active only\n");
	rfmt_dur(n->last_read ? since(n->last_read) : 0, d1, sizeof(d1));
	sb_printf(sb, "  Last read %s, Last read before reset 00:00:00\n", d1);
	sb_printf(sb, "  Hold time is %u, keepalive interval is %u seconds\n",
	    est ? n->hold_neg : n->hold_cfg,
	    est ? n->keepalive_neg : n->keepalive_cfg);
	sb_printf(sb, "  Configured hold time: %u, keepalive: %u, min "
	    "acceptable hold time: %u\n", n->hold_cfg, n->keepalive_cfg,
	    n->min_hold_cfg);
	rfmt_dur(n->last_write ? since(n->last_write) : 0, d2, sizeof(d2));
	sb_printf(sb, "  Last write %s\n", d2);
	sb_puts(sb, "  Precedence: internet\n");
	if (n->gr) {
		sb_printf(sb, "  Graceful restart is enabled\n"
		    "  Restart time is %u seconds\n"
		    "  Stale path timeout time is %u seconds\n",
		    n->gr_restart_time, n->gr_stalepath_time);
		if (n->gr_phase == 1)
			sb_printf(sb, "  Neighbor is restarting: its paths are "
			    "kept as stale for %u more seconds\n",
			    n->gr_remaining);
		else if (n->gr_phase == 2)
			sb_printf(sb, "  Neighbor restarted: stale paths await "
			    "its End-of-RIB for %u more seconds\n",
			    n->gr_remaining);
	}
	if (n->cap_rcvd.afs != 0)
		sb_puts(sb, "  Multi-protocol capability received\n");
	text_caps(sb, n);
	text_msgstats(sb, n);
	sb_printf(sb, "  Minimum time between advertisement runs is %u secs\n",
	    adv_interval(c, n));
	sb_printf(sb, "  Received %llu messages, %llu notifications, %zu in "
	    "queue\n", (unsigned long long)n->msgs_rcvd,
	    (unsigned long long)n->rcvd[BGP_MI_NOTIFICATION].count, n->inq);
	sb_printf(sb, "  Sent %llu messages, %llu notifications, %zu in "
	    "queue\n", (unsigned long long)n->msgs_sent,
	    (unsigned long long)n->sent[BGP_MI_NOTIFICATION].count, n->outq);
	for (af = 0; af < 2; af++)
		if (n->af[af].configured && (c->af < 0 || c->af == af))
			text_af(c, n, af);

	sb_printf(sb, "\n  Connections established %u; dropped %u\n",
	    n->conn_established, n->conn_dropped);
	if (n->local_addr.af != 0)
		addr_format(&n->local_addr, la, sizeof(la));
	else
		strlcpy(la, n->addr.af == AF_V6 ? "::" : "0.0.0.0",
		    sizeof(la));
	sb_printf(sb, "  Local host: %s, Local port: %u, IF Handle: "
	    "0x00000000\n", la, n->local_port);
	sb_printf(sb, "  Foreign host: %s, Foreign port: %u\n", addr,
	    n->remote_port);
	if (n->last_reset != 0) {
		struct strbuf	 r = STRBUF_INIT;

		rfmt_dur(since(n->last_reset), d1, sizeof(d1));
		reset_reason(n, &r);
		if (r.len > 0)
			sb_printf(sb, "  Last reset %s, due to %s\n", d1,
			    sb_str(&r));
		else
			sb_printf(sb, "  Last reset %s\n", d1);
		sb_free(&r);
		if (n->last_notif_code != 0)
			sb_printf(sb, "  Error Code: %s/%s\n",
			    bgp_err_code_name(n->last_notif_code),
			    bgp_err_subcode_name(n->last_notif_code,
			    n->last_notif_subcode));
	} else
		sb_puts(sb, "  Last reset 00:00:00\n");
	if (n->ebgp && n->ebgp_multihop > 1)
		sb_printf(sb, "  External BGP neighbor may be up to %u hops "
		    "away.\n", n->ebgp_multihop);
	else if (n->ebgp && n->ttl_security)
		sb_puts(sb, "  External BGP neighbor may be up to 1 hops "
		    "away.\n");
}

static void
json_cap(struct json *j, const char *k, int adv, int rcvd)
{
	json_key(j, k);
	json_obj_begin(j);
	json_kv_bool(j, "advertised", adv);
	json_kv_bool(j, "received", rcvd);
	json_obj_end(j);
}

static void
json_af(struct nbr_ctx *c, const struct bgp_nbr_info *n, int af)
{
	struct json	*j = c->j;

	json_obj_begin(j);
	json_kv_str(j, "afi", af_name[af]);
	json_kv_str(j, "safi", "unicast");
	json_kv_str(j, "name", af_label[af]);
	json_kv_opt_str(j, "policy_in", n->af[af].policy_in);
	json_kv_opt_str(j, "policy_out", n->af[af].policy_out);
	json_kv_bool(j, "rfc8212_drop", rfc8212_drop(c, n, af));
	json_kv_u64(j, "accepted_prefixes", n->af[af].accepted);
	json_kv_u64(j, "stale_paths", n->af[af].stale);
	json_kv_u64(j, "denied_prefixes", n->af[af].denied);
	if (n->af[af].maxpfx != 0) {
		json_kv_u64(j, "maximum_prefixes", n->af[af].maxpfx);
		json_kv_u64(j, "maximum_prefixes_threshold",
		    n->af[af].maxpfx_threshold);
		json_kv_u64(j, "maximum_prefixes_restart_minutes",
		    n->af[af].maxpfx_restart);
		json_kv_bool(j, "maximum_prefixes_warning_only",
		    n->af[af].maxpfx_warning_only);
		json_kv_bool(j, "maximum_prefixes_discard_extra_paths",
		    n->af[af].maxpfx_discard);
	} else {
		json_kv_null(j, "maximum_prefixes");
		json_kv_null(j, "maximum_prefixes_threshold");
		json_kv_null(j, "maximum_prefixes_restart_minutes");
		json_kv_null(j, "maximum_prefixes_warning_only");
		json_kv_null(j, "maximum_prefixes_discard_extra_paths");
	}
	json_kv_u64(j, "route_refresh_received", n->af[af].rr_rcvd);
	json_kv_u64(j, "route_refresh_sent", n->af[af].rr_sent);
	json_kv_bool(j, "eor_received", n->af[af].eor_rcvd);
	json_kv_bool(j, "eor_sent", n->af[af].eor_sent);
	json_kv_u64(j, "best_paths", bgp_rib_nbr_bestpaths(&n->addr, af));
	json_kv_bool(j, "route_reflector_client", n->af[af].rr_client);
	json_kv_bool(j, "soft_reconfiguration", n->af[af].soft_reconf);
	json_kv_bool(j, "send_community_gshut_ebgp", n->af[af].send_gshut);
	json_kv_bool(j, "multipath", n->af[af].multipath);
	/* RFC 7911 negotiated (XR's Additional-paths operation) */
	json_kv_bool(j, "additional_paths_send", n->af[af].ap_tx);
	json_kv_bool(j, "additional_paths_receive", n->af[af].ap_rx);
	json_obj_end(j);
}

static void
json_nbr(struct nbr_ctx *c, const struct bgp_nbr_info *n)
{
	struct json			*j = c->j;
	const struct bgp_capinfo	*ca = &n->cap_adv, *cr = &n->cap_rcvd;
	struct strbuf			 r = STRBUF_INIT;
	char				 addr[ADDR_STRLEN], buf[ADDR_STRLEN];
	uint64_t			 ts = 0, tr = 0;
	int				 est = n->state == BGP_ST_ESTABLISHED;
	int				 i, af;

	addr_format(&n->addr, addr, sizeof(addr));
	json_obj_begin(j);
	json_kv_str(j, "address", addr);
	json_kv_opt_str(j, "description", n->description);
	json_kv_u64(j, "remote_as", n->remote_as);
	json_kv_u64(j, "local_as", n->local_as);
	json_kv_str(j, "link", n->ebgp ? "external" : "internal");
	if (n->remote_id != 0) {
		fmt_id(n->remote_id, buf, sizeof(buf));
		json_kv_str(j, "remote_router_id", buf);
	} else
		json_kv_null(j, "remote_router_id");
	json_kv_str(j, "state", bgp_state_name(n->state));
	json_kv_str(j, "state_detail", state_text(n));
	json_kv_opt_str(j, "idle_reason", idle_reason_key(n));
	json_kv_bool(j, "admin_shutdown", n->state == BGP_ST_IDLE &&
	    n->idle_reason == BGP_IDLE_ADMIN);
	json_kv_opt_str(j, "shutdown_message", n->shutdown_msg);
	json_kv_bool(j, "graceful_shutdown", n->gshut);
	json_kv_opt_str(j, "graceful_maintenance", n->gm == BGP_GM_LOCAL ?
	    "local" : n->gm == BGP_GM_GLOBAL ? "global" : NULL);
	if (n->gshut && n->gshut_lp_set)
		json_kv_u64(j, "graceful_maintenance_local_preference",
		    n->gshut_lp);
	else
		json_kv_null(j, "graceful_maintenance_local_preference");
	json_kv_u64(j, "graceful_maintenance_as_prepends",
	    n->gshut ? n->gshut_prepends : 0);
	if (n->dmz_link_bw && n->link_bw_mbps != 0)
		json_kv_u64(j, "dmz_link_bandwidth_mbps", n->link_bw_mbps);
	else
		json_kv_null(j, "dmz_link_bandwidth_mbps");
	json_kv_bool(j, "graceful_restart", n->gr);
	json_kv_u64(j, "graceful_restart_restart_time", n->gr_restart_time);
	json_kv_u64(j, "graceful_restart_stalepath_time", n->gr_stalepath_time);
	json_kv_str(j, "graceful_restart_state", n->gr_phase == 1 ?
	    "restarting" : n->gr_phase == 2 ? "awaiting-eor" : "none");
	if (n->gr_phase != 0)
		json_kv_u64(j, "graceful_restart_remaining_seconds",
		    n->gr_remaining);
	else
		json_kv_null(j, "graceful_restart_remaining_seconds");
	json_kv_str(j, "neighbor_logging", n->log_changes == 0 ? "disabled" :
	    n->log_changes == 2 ? "detail" : "enabled");
	if (est)
		json_kv_u64(j, "up_seconds", (uint64_t)since(n->state_since));
	else
		json_kv_null(j, "up_seconds");
	if (!est && n->state_since != 0)
		json_kv_u64(j, "down_seconds",
		    (uint64_t)since(n->state_since));
	else
		json_kv_null(j, "down_seconds");
	json_kv_bool(j, "ever_established", n->ever_up);
	json_kv_opt_since(j, "last_read_seconds", n->last_read);
	json_kv_opt_since(j, "last_write_seconds", n->last_write);
	if (est) {
		json_kv_u64(j, "hold_time", n->hold_neg);
		json_kv_u64(j, "keepalive_interval", n->keepalive_neg);
	} else {
		json_kv_null(j, "hold_time");
		json_kv_null(j, "keepalive_interval");
	}
	json_kv_u64(j, "configured_hold_time", n->hold_cfg);
	json_kv_u64(j, "configured_keepalive", n->keepalive_cfg);
	json_kv_u64(j, "min_acceptable_hold_time", n->min_hold_cfg);

	json_key(j, "capabilities");
	json_obj_begin(j);
	json_cap(j, "route_refresh", ca->route_refresh || ca->route_refresh_old,
	    cr->route_refresh || cr->route_refresh_old);
	json_cap(j, "four_byte_as", ca->as4, cr->as4);
	json_cap(j, "ipv4_unicast", ca->afs & BGP_AF_V4U,
	    cr->afs & BGP_AF_V4U);
	json_cap(j, "ipv6_unicast", ca->afs & BGP_AF_V6U,
	    cr->afs & BGP_AF_V6U);
	json_cap(j, "extended_message", ca->ext_msg, cr->ext_msg);
	json_cap(j, "graceful_restart", ca->gr, cr->gr);
	json_cap(j, "enhanced_route_refresh", ca->enhanced_rr,
	    cr->enhanced_rr);
	json_cap(j, "additional_paths_send_ipv4_unicast",
	    ca->ap_send & BGP_AF_V4U, cr->ap_send & BGP_AF_V4U);
	json_cap(j, "additional_paths_receive_ipv4_unicast",
	    ca->ap_recv & BGP_AF_V4U, cr->ap_recv & BGP_AF_V4U);
	json_cap(j, "additional_paths_send_ipv6_unicast",
	    ca->ap_send & BGP_AF_V6U, cr->ap_send & BGP_AF_V6U);
	json_cap(j, "additional_paths_receive_ipv6_unicast",
	    ca->ap_recv & BGP_AF_V6U, cr->ap_recv & BGP_AF_V6U);
	json_obj_end(j);

	json_key(j, "message_stats");
	json_obj_begin(j);
	for (i = 0; i < BGP_MI_COUNT; i++) {
		json_key(j, msg_key[i]);
		json_obj_begin(j);
		json_kv_u64(j, "sent", n->sent[i].count);
		json_kv_u64(j, "received", n->rcvd[i].count);
		json_kv_opt_time(j, "last_sent", n->sent[i].last);
		json_kv_opt_time(j, "last_received", n->rcvd[i].last);
		json_obj_end(j);
		ts += n->sent[i].count;
		tr += n->rcvd[i].count;
	}
	json_key(j, "total");
	json_obj_begin(j);
	json_kv_u64(j, "sent", ts);
	json_kv_u64(j, "received", tr);
	json_obj_end(j);
	json_obj_end(j);
	json_kv_u64(j, "inq", n->inq);
	json_kv_u64(j, "outq", n->outq);
	json_kv_u64(j, "messages_received", n->msgs_rcvd);
	json_kv_u64(j, "messages_sent", n->msgs_sent);
	json_kv_u64(j, "notifications_received",
	    n->rcvd[BGP_MI_NOTIFICATION].count);
	json_kv_u64(j, "notifications_sent",
	    n->sent[BGP_MI_NOTIFICATION].count);
	json_kv_u64(j, "min_advertisement_interval", adv_interval(c, n));

	json_key(j, "address_families");
	json_arr_begin(j);
	for (af = 0; af < 2; af++)
		if (n->af[af].configured && (c->af < 0 || c->af == af))
			json_af(c, n, af);
	json_arr_end(j);

	json_kv_u64(j, "connections_established", n->conn_established);
	json_kv_u64(j, "connections_dropped", n->conn_dropped);
	if (n->local_addr.af != 0) {
		addr_format(&n->local_addr, buf, sizeof(buf));
		json_kv_str(j, "local_address", buf);
		json_kv_u64(j, "local_port", n->local_port);
		json_kv_u64(j, "remote_port", n->remote_port);
	} else {
		json_kv_null(j, "local_address");
		json_kv_null(j, "local_port");
		json_kv_null(j, "remote_port");
	}
	json_kv_opt_since(j, "last_reset_seconds", n->last_reset);
	if (n->last_reset != 0)
		reset_reason(n, &r);
	json_kv_opt_str(j, "last_reset_reason", r.oom ? NULL : sb_str(&r));
	sb_free(&r);
	if (n->last_notif_code != 0) {
		json_key(j, "last_notification");
		json_obj_begin(j);
		json_kv_str(j, "direction", n->last_notif_sent ? "sent" :
		    "received");
		json_kv_u64(j, "code", n->last_notif_code);
		json_kv_u64(j, "subcode", n->last_notif_subcode);
		json_kv_str(j, "code_name",
		    bgp_err_code_name(n->last_notif_code));
		json_kv_str(j, "subcode_name",
		    bgp_err_subcode_name(n->last_notif_code,
		    n->last_notif_subcode));
		json_obj_end(j);
	} else
		json_kv_null(j, "last_notification");
	json_kv_opt_str(j, "last_shutdown_message", n->last_shutdown_msg);
	if (n->ebgp_multihop != 0)
		json_kv_u64(j, "ebgp_multihop", n->ebgp_multihop);
	else
		json_kv_null(j, "ebgp_multihop");
	json_kv_bool(j, "ttl_security", n->ttl_security);
	json_kv_bool(j, "password", n->md5);
	json_kv_bool(j, "passive_only", n->passive_only);
	json_kv_bool(j, "active_only", n->active_only);
	json_obj_end(j);
}

static int
nbr_one(const struct bgp_nbr_info *n, void *arg)
{
	struct nbr_ctx	*c = arg;

	if (c->af >= 0 && !in_af(n, c->af))
		return 0;
	c->shown++;
	if (c->j != NULL)
		json_nbr(c, n);
	else
		text_nbr(c, n);
	return 0;
}

static int
cmd_show_neighbors(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_engine_info	 info;
	struct bgp_nbr_info	 n;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct nbr_ctx		 c;
	struct xaddr		 x;
	const char		*addr = arg_str(a, "address");

	bgp_engine_info(&info);
	if (!info.configured)
		return bgp_not_active(cli);
	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	c.af = view_af(a);
	c.cfg = cmds_running()->bgp;
	if (addr != NULL) {
		if (addr_parse(addr, &x) == -1)
			return cli_error(cli, "Invalid neighbor address '%s'",
			    addr);
		if (bgp_engine_nbr(&x, &n) == -1)
			return cli_error(cli, "No such neighbor %s", addr);
	}
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_kv_str(&j, "vrf", "default");
		json_key(&j, "neighbors");
		json_arr_begin(&j);
	}
	if (addr != NULL)
		nbr_one(&n, &c);
	else
		bgp_engine_foreach_nbr(nbr_one, &c);
	if (c.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

#define SHOW_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family"

static const struct cmd show_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast] summary", cmd_show_summary,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "summary=Summary of BGP neighbor status", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] neighbors [<address:ip>]",
	    cmd_show_neighbors, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "neighbors=Detailed information on TCP and BGP "
	      "neighbor connections", "address=Neighbor address", NULL } },
	{ "show bgp neighbor [<address:ip>]", cmd_show_neighbors,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "neighbor=Details about a BGP neighbor",
	      "address=Neighbor address", NULL } },
	CMD_END
};

void
show_bgp_init(void)
{
	cli_install(MODE_EXEC, show_rows);
	show_bgp_routes_init();
}
