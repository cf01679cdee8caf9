/*
 * show_bgp_bmp: `show bgp bmp summary` and `show bgp bmp server [N]` in
 * XR's layout (ID/Host/Port/State/Time/NBRs; BMP server N, Host H Port P,
 * Connected for, BGP neighbors, Message Stats, per neighbor counters),
 * plus what xrsh adds: the queue, drops and resyncs.  `| json` too:
 * {"server": [{id, host, port, state (idle|waiting|connecting|connected|
 * refused), state_seconds, neighbors, and with `server`: description,
 * update_source, update_source_address, local_rib, adj_rib_out,
 * initial_delay,
 * stats_reporting_period, shutdown, last_error, messages_sent,
 * messages_dropped, bytes_sent, queue_bytes, queue_max, resyncs,
 * connects, initiation, termination, stats_report, peer_up, peer_down,
 * route_monitoring, neighbor: [{address, peer_up_sent, messages_sent,
 * peer_up, peer_down, route_monitoring, stats_report}]}]}
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmds/cmds.h"
#include "core/bgp/bmp.h"
#include "core/bgp/bmp_wire.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

static void
fmt_since(time_t since, char *buf, size_t len)
{
	long	 d = since > 0 ? (long)(loop_wallclock() - since) : 0;

	if (d < 0)
		d = 0;
	snprintf(buf, len, "%02ld:%02ld:%02ld", d / 3600, d / 60 % 60,
	    d % 60);
}

/* XR's short state words in the summary */
static const char *
short_state(enum bmp_state st)
{
	switch (st) {
	case BMP_ST_UP:
		return "ESTAB";
	case BMP_ST_CONNECTING:
		return "CONNECT";
	case BMP_ST_REFUSED:
		return "REFUSED";
	case BMP_ST_WAIT:
		return "IDLE";
	default:
		return "NOTCONN";
	}
}

struct show_ctx {
	struct strbuf	*sb;
	struct json	*j;
	int		 detail;
	int		 n;
};

static void
json_server(struct json *j, const struct bmp_server_info *i, int detail)
{
	char	 a[ADDR_STRLEN];
	size_t	 k;

	addr_format(&i->host, a, sizeof(a));
	json_obj_begin(j);
	json_kv_u64(j, "id", i->id);
	json_kv_str(j, "host", i->host.af ? a : NULL);
	json_kv_u64(j, "port", i->port);
	json_kv_str(j, "state", bmp_state_name(i->state));
	json_kv_u64(j, "state_seconds", i->since > 0 ?
	    (uint64_t)(loop_wallclock() - i->since) : 0);
	json_kv_u64(j, "neighbors", i->nnbrs);
	if (detail) {
		json_kv_str(j, "description", i->description);
		json_kv_str(j, "update_source", i->update_source[0] ?
		    i->update_source : NULL);
		json_kv_str(j, "update_source_address", i->source_addr[0] ?
		    i->source_addr : NULL);
		json_kv_bool(j, "local_rib", i->local_rib);
		json_kv_bool(j, "adj_rib_out", i->adj_rib_out);
		json_kv_u64(j, "initial_delay", i->initial_delay);
		json_kv_u64(j, "stats_reporting_period", i->stats_period);
		json_kv_bool(j, "shutdown", i->shutdown);
		json_kv_str(j, "last_error", i->last_error[0] ?
		    i->last_error : NULL);
		json_kv_u64(j, "messages_sent", i->sent);
		json_kv_u64(j, "messages_dropped", i->dropped);
		json_kv_u64(j, "bytes_sent", i->bytes_sent);
		json_kv_u64(j, "queue_bytes", i->queue_bytes);
		json_kv_u64(j, "queue_max", i->queue_max);
		json_kv_u64(j, "resyncs", i->resyncs);
		json_kv_u64(j, "connects", i->connects);
		json_kv_u64(j, "initiation", i->sent_by_type[BMP_INITIATION]);
		json_kv_u64(j, "termination",
		    i->sent_by_type[BMP_TERMINATION]);
		json_kv_u64(j, "stats_report",
		    i->sent_by_type[BMP_STATS_REPORT]);
		json_kv_u64(j, "peer_up", i->sent_by_type[BMP_PEER_UP]);
		json_kv_u64(j, "peer_down", i->sent_by_type[BMP_PEER_DOWN]);
		json_kv_u64(j, "route_monitoring",
		    i->sent_by_type[BMP_ROUTE_MONITORING]);
		json_key(j, "neighbor");
		json_arr_begin(j);
		for (k = 0; k < i->nnbrs; k++) {
			addr_format(&i->nbrs[k].addr, a, sizeof(a));
			json_obj_begin(j);
			json_kv_str(j, "address", a);
			json_kv_bool(j, "peer_up_sent", i->nbrs[k].up);
			json_kv_u64(j, "messages_sent", i->nbrs[k].sent);
			json_kv_u64(j, "peer_up", i->nbrs[k].peer_up);
			json_kv_u64(j, "peer_down", i->nbrs[k].peer_down);
			json_kv_u64(j, "route_monitoring",
			    i->nbrs[k].route_mon);
			json_kv_u64(j, "stats_report", i->nbrs[k].stats);
			json_obj_end(j);
		}
		json_arr_end(j);
	}
	json_obj_end(j);
}

static void
text_server(struct strbuf *sb, const struct bmp_server_info *i)
{
	char	 a[ADDR_STRLEN], t[32];
	size_t	 k;
	uint64_t per = 0;

	addr_format(&i->host, a, sizeof(a));
	fmt_since(i->since, t, sizeof(t));
	sb_printf(sb, "BMP server %u\n", i->id);
	if (i->host.af != 0)
		sb_printf(sb, "Host %s Port %u\n", a, i->port);
	else
		sb_puts(sb, "Host - Port -\n");
	if (i->description[0] != '\0')
		sb_printf(sb, "Description: %s\n", i->description);
	if (i->state == BMP_ST_UP)
		sb_printf(sb, "Connected for %s\n", t);
	else if (i->shutdown)
		sb_puts(sb, "Shutdown\n");
	else {
		sb_printf(sb, "Not connected (%s) for %s\n",
		    bmp_state_name(i->state), t);
		if (i->retry_in >= 0)
			sb_printf(sb, "Next connect attempt in %.0f s\n",
			    i->retry_in);
	}
	if (i->last_error[0] != '\0')
		sb_printf(sb, "Last error: %s\n", i->last_error);
	sb_puts(sb, "Precedence: internet\n");
	sb_printf(sb, "BGP neighbors: %zu\n", i->nnbrs);
	sb_puts(sb, "VRF: - (0x60000000)\n");
	if (i->update_source[0] != '\0')
		sb_printf(sb, "Update Source: %s (%s)\n", i->source_addr[0] ?
		    i->source_addr : "-", i->update_source);
	else
		sb_puts(sb, "Update Source: - (-)\n");
	sb_printf(sb, "Update Mode : In-Pre-Policy, In-Post-Policy%s%s\n",
	    i->adj_rib_out ? ", Out-Post-Policy" : "",
	    i->local_rib ? ", Local-RIB" : "");
	sb_printf(sb, "Initial delay: %u secs\n", i->initial_delay);
	if (i->stats_period > 0)
		sb_printf(sb, "Stats reporting period: %u secs\n",
		    i->stats_period);
	else
		sb_puts(sb, "Stats reporting period: disabled\n");
	sb_printf(sb, "Queue: %zu of %zu bytes, %llu messages dropped, "
	    "%llu resyncs\n", i->queue_bytes, i->queue_max,
	    (unsigned long long)i->dropped, (unsigned long long)i->resyncs);
	for (k = 0; k < i->nnbrs; k++)
		per += i->nbrs[k].sent;
	sb_puts(sb, "Message Stats:\n");
	sb_printf(sb, "Total messages sent: %llu\n",
	    (unsigned long long)i->sent);
	sb_printf(sb, "        INITIATION: %llu\n",
	    (unsigned long long)i->sent_by_type[BMP_INITIATION]);
	sb_printf(sb, "       TERMINATION: %llu\n",
	    (unsigned long long)i->sent_by_type[BMP_TERMINATION]);
	sb_printf(sb, "      STATS-REPORT: %llu\n",
	    (unsigned long long)i->sent_by_type[BMP_STATS_REPORT]);
	sb_printf(sb, " PER-PEER messages: %llu\n", (unsigned long long)per);
	for (k = 0; k < i->nnbrs; k++) {
		addr_format(&i->nbrs[k].addr, a, sizeof(a));
		sb_printf(sb, "Neighbor %s\n", a);
		sb_printf(sb, "Messages sent: %llu\n",
		    (unsigned long long)i->nbrs[k].sent);
		sb_printf(sb, "           PEER-UP: %llu\n",
		    (unsigned long long)i->nbrs[k].peer_up);
		sb_printf(sb, "         PEER-DOWN: %llu\n",
		    (unsigned long long)i->nbrs[k].peer_down);
		sb_printf(sb, "         ROUTE-MON: %llu\n",
		    (unsigned long long)i->nbrs[k].route_mon);
		sb_printf(sb, "      STATS-REPORT: %llu\n",
		    (unsigned long long)i->nbrs[k].stats);
	}
}

static int
show_one(const struct bmp_server_info *i, void *arg)
{
	struct show_ctx	*c = arg;
	char		 a[ADDR_STRLEN], t[32];

	if (c->j != NULL) {
		json_server(c->j, i, c->detail);
		return 0;
	}
	if (c->detail) {
		if (c->n++ > 0)
			sb_putc(c->sb, '\n');
		text_server(c->sb, i);
		return 0;
	}
	if (c->n++ == 0)
		sb_printf(c->sb, "%-3s %-39s %-5s %-7s %-8s %s\n", "ID", "Host",
		    "Port", "State", "Time", "NBRs");
	addr_format(&i->host, a, sizeof(a));
	fmt_since(i->since, t, sizeof(t));
	sb_printf(c->sb, "%-3u %-39s %-5u %-7s %-8s %zu\n", i->id,
	    i->host.af ? a : "-", i->port, short_state(i->state), t, i->nnbrs);
	return 0;
}

static int
cmd_show_bmp(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct show_ctx	 c;
	unsigned	 id = arg_u32(a, "id", 0);

	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	c.detail = arg_has(a, "server");
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_key(&j, "server");
		json_arr_begin(&j);
	}
	if (id != 0) {
		if (!bmp_server(id, show_one, &c)) {
			sb_free(&sb);
			return cli_error(cli, "BMP server %u is not "
			    "configured", id);
		}
	} else
		bmp_foreach_server(show_one, &c);
	if (c.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

static const struct cmd show_rows[] = {
	{ "show bgp bmp summary", cmd_show_bmp, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "bgp=BGP information",
	      "bmp=BGP Monitoring Protocol (BMP) information",
	      "summary=Summary of the BMP servers", NULL } },
	{ "show bgp bmp server [<id:1-8>]", cmd_show_bmp,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "bgp=BGP information",
	      "bmp=BGP Monitoring Protocol (BMP) information",
	      "server=BMP server information",
	      "id=BMP Server ID", NULL } },
	CMD_END
};

void
show_bgp_bmp_init(void)
{
	cli_install(MODE_EXEC, show_rows);
}
