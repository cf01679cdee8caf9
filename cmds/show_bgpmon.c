/*
 * show_bgpmon: what the routing monitor saw (core/bgp/bgpmon.h).
 *
 *   show bgp-monitor                      configuration summary, counters
 *   show bgp-monitor alerts [kind K] [prefix P] [last N]
 *   show bgp-monitor origin-history prefix P
 *   clear bgp-monitor alerts              the buffer (counters stay)
 *
 * JSON (`| json`):
 *   show bgp-monitor: { configured, local_as, protected: [ { prefix_set,
 *     origin_as: [asn] } ], protected_prefixes, relationships: [ { asn,
 *     relationship } ], relationship_file (null), relationship_pairs,
 *     long_path_threshold, flap_threshold, flap_window, history_depth,
 *     prefixes_tracked, untracked_changes, memory_bytes, alert_kinds: [ {
 *     kind, tag, action ("log" | "none"), raised } ], alerts_buffered,
 *     alerts_buffer_size }
 *   alerts: { alerts: [ { seq, timestamp (epoch seconds), kind, tag,
 *     prefix, neighbor (null), origin_as (null), previous_origin_as
 *     (null), text } ] }
 *   origin-history: { prefix, history_depth, origins: [ { origin_as (null
 *     for an AS_SET), as_set, current, times, first_seen, last_seen
 *     (epoch seconds), neighbor (null) } ] }
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/cmds.h"
#include "core/bgp/bgpmon.h"
#include "core/config/bgpmon_cfg.h"
#include "core/lib/json.h"

static void
fmt_time(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "never");
		return;
	}
	strftime(buf, len, "%b %e %H:%M:%S", &tm);
}

static void
json_asn_or_null(struct json *j, const char *key, uint32_t asn)
{
	json_key(j, key);
	if (asn != 0)
		json_u64(j, asn);
	else
		json_null(j);
}

/* --- show bgp-monitor --- */

static void
summary_json(struct json *j, const struct bgpmon_cfg *m,
    const struct bgpmon_stats *st)
{
	size_t	 i, k;

	json_obj_begin(j);
	json_kv_bool(j, "configured", m != NULL);
	json_asn_or_null(j, "local_as", st->local_as);
	json_key(j, "protected");
	json_arr_begin(j);
	for (i = 0; m != NULL && i < m->nprot; i++) {
		json_obj_begin(j);
		json_kv_str(j, "prefix_set", m->prot[i].set);
		json_key(j, "origin_as");
		json_arr_begin(j);
		for (k = 0; k < m->prot[i].nasns; k++)
			json_u64(j, m->prot[i].asns[k]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_u64(j, "protected_prefixes", st->protected_prefixes);
	json_key(j, "relationships");
	json_arr_begin(j);
	for (i = 0; m != NULL && i < m->nrels; i++) {
		json_obj_begin(j);
		json_kv_u64(j, "asn", m->rels[i].asn);
		json_kv_str(j, "relationship",
		    bgpmon_rel_name(m->rels[i].rel));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "relationship_file");
	json_str(j, m != NULL && m->relfile[0] ? m->relfile : NULL);
	json_kv_u64(j, "relationship_pairs", st->relationships);
	json_kv_u64(j, "long_path_threshold", bgpmon_cfg_long_path(m));
	json_kv_u64(j, "flap_threshold", bgpmon_cfg_flap_n(m));
	json_kv_u64(j, "flap_window", bgpmon_cfg_flap_window(m));
	json_kv_u64(j, "history_depth", bgpmon_cfg_history(m));
	json_kv_u64(j, "prefixes_tracked", st->prefixes);
	json_kv_u64(j, "untracked_changes", st->untracked);
	json_kv_u64(j, "memory_bytes", st->memory);
	json_key(j, "alert_kinds");
	json_arr_begin(j);
	for (k = 0; k < BGPMON_K_COUNT; k++) {
		json_obj_begin(j);
		json_kv_str(j, "kind", bgpmon_kind_name(k));
		json_kv_str(j, "tag", bgpmon_kind_tag(k));
		json_kv_str(j, "action", bgpmon_cfg_alert_on(m, k) ? "log" :
		    "none");
		json_kv_u64(j, "raised", bgpmon_alert_count(k));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_u64(j, "alerts_buffered", bgpmon_alerts_len());
	json_kv_u64(j, "alerts_buffer_size", BGPMON_RING);
	json_obj_end(j);
}

static void
summary_text(struct strbuf *sb, const struct bgpmon_cfg *m,
    const struct bgpmon_stats *st)
{
	size_t	 i, k;

	sb_printf(sb, "BGP monitor: %s\n", m != NULL ? "configured" :
	    "not configured");
	if (st->local_as)
		sb_printf(sb, "  Local AS: %u\n", st->local_as);
	sb_printf(sb, "  Protected prefix-sets: %zu (%zu prefixes)\n",
	    m != NULL ? m->nprot : 0, st->protected_prefixes);
	for (i = 0; m != NULL && i < m->nprot; i++) {
		sb_printf(sb, "    %s, allowed origin AS ", m->prot[i].set);
		for (k = 0; k < m->prot[i].nasns; k++)
			sb_printf(sb, "%s%u", k ? "," : "", m->prot[i].asns[k]);
		sb_putc(sb, '\n');
	}
	sb_printf(sb, "  Relationships: %zu configured, %zu AS pairs known\n",
	    m != NULL ? m->nrels : 0, st->relationships);
	if (m != NULL && m->relfile[0])
		sb_printf(sb, "  Relationship file: %s\n", m->relfile);
	sb_printf(sb, "  Long-path threshold: %u\n", bgpmon_cfg_long_path(m));
	sb_printf(sb, "  Flap threshold: %u changes within %u seconds\n",
	    bgpmon_cfg_flap_n(m), bgpmon_cfg_flap_window(m));
	sb_printf(sb, "  Origin history depth: %u\n", bgpmon_cfg_history(m));
	sb_printf(sb, "  Prefixes tracked: %zu (max %d), untracked changes: "
	    "%llu\n", st->prefixes, BGPMON_PFX_MAX,
	    (unsigned long long)st->untracked);
	sb_printf(sb, "  Memory: %zu bytes\n\n", st->memory);
	sb_puts(sb, "Alert kind       Log message          Action  Raised\n");
	for (k = 0; k < BGPMON_K_COUNT; k++)
		sb_printf(sb, "%-16s %-20s %-7s %llu\n", bgpmon_kind_name(k),
		    bgpmon_kind_tag(k), bgpmon_cfg_alert_on(m, k) ? "log" :
		    "none", (unsigned long long)bgpmon_alert_count(k));
	sb_printf(sb, "\nAlerts in buffer: %zu (max %d)\n", bgpmon_alerts_len(),
	    BGPMON_RING);
}

static int
cmd_show_mon(struct cli *cli, const struct cmd_args *a)
{
	const struct config	*c = cmds_running();
	struct bgpmon_stats	 st;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;

	(void)a;
	bgpmon_stats(&st);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		summary_json(&j, c->mon, &st);
		json_end(&j);
	} else
		summary_text(&sb, c->mon, &st);
	return cmds_emit(cli, &sb);
}

/* --- show bgp-monitor alerts --- */

static int
alert_kind_arg(const struct cmd_args *a)
{
	int	 k;

	if (!arg_has(a, "kind"))
		return -1;
	for (k = 0; k < BGPMON_K_COUNT; k++)
		if (arg_has(a, bgpmon_kind_name(k)))
			return k;
	return -1;
}

static void
alert_json(struct json *j, const struct bgpmon_alert *al)
{
	char	 buf[PREFIX_STRLEN];

	json_obj_begin(j);
	json_kv_u64(j, "seq", al->seq);
	json_kv_u64(j, "timestamp", (uint64_t)al->when);
	json_kv_str(j, "kind", bgpmon_kind_name(al->kind));
	json_kv_str(j, "tag", bgpmon_kind_tag(al->kind));
	prefix_format(&al->pfx, buf, sizeof(buf));
	json_kv_str(j, "prefix", buf);
	json_key(j, "neighbor");
	if (al->nbr.af != 0) {
		addr_format(&al->nbr, buf, sizeof(buf));
		json_str(j, buf);
	} else
		json_null(j);
	json_asn_or_null(j, "origin_as", al->origin);
	json_asn_or_null(j, "previous_origin_as", al->prev_origin);
	json_kv_str(j, "text", al->text);
	json_obj_end(j);
}

static void
alert_text(struct strbuf *sb, const struct bgpmon_alert *al)
{
	char	 t[32], pf[PREFIX_STRLEN], nbr[ADDR_STRLEN];

	fmt_time(al->when, t, sizeof(t));
	prefix_format(&al->pfx, pf, sizeof(pf));
	if (al->nbr.af != 0)
		addr_format(&al->nbr, nbr, sizeof(nbr));
	else
		snprintf(nbr, sizeof(nbr), "-");
	sb_printf(sb, "%-6llu %-15s  %-16s %-18s %s\n",
	    (unsigned long long)al->seq, t, bgpmon_kind_tag(al->kind), pf,
	    nbr);
	sb_printf(sb, "       %s\n", al->text);
}

static int
cmd_show_alerts(struct cli *cli, const struct cmd_args *a)
{
	const struct bgpmon_alert	*al;
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 j;
	struct xprefix			 pfx;
	const char			*ps = arg_str(a, "prefix-value");
	size_t				 n = bgpmon_alerts_len(), i, *sel,
					 nsel = 0, from;
	size_t				 last = arg_u32(a, "count", 0);
	int				 kind = alert_kind_arg(a), js =
					    cli_json(cli);

	if (ps != NULL) {
		if (prefix_parse(ps, &pfx, 1) == -1)
			return cli_error(cli, "Invalid prefix '%s'", ps);
		prefix_mask(&pfx);
	}
	if ((sel = calloc(n ? n : 1, sizeof(*sel))) == NULL)
		return cli_error(cli, "Out of memory");
	for (i = 0; i < n; i++) {
		al = bgpmon_alert_nth(i);
		if (kind >= 0 && al->kind != kind)
			continue;
		if (ps != NULL && prefix_cmp(&al->pfx, &pfx) != 0)
			continue;
		sel[nsel++] = i;
	}
	from = last != 0 && nsel > last ? nsel - last : 0;
	if (js) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "alerts");
		json_arr_begin(&j);
		for (i = from; i < nsel; i++)
			alert_json(&j, bgpmon_alert_nth(sel[i]));
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else if (nsel > from) {
		sb_puts(&sb, "Seq    Time (UTC)       Alert            Prefix"
		    "             Neighbor\n");
		for (i = from; i < nsel; i++)
			alert_text(&sb, bgpmon_alert_nth(sel[i]));
	}
	free(sel);
	return cmds_emit(cli, &sb);
}

/* --- show bgp-monitor origin-history --- */

static int
cmd_show_history(struct cli *cli, const struct cmd_args *a)
{
	struct bgpmon_origin	 o[BGPMON_HISTORY_MAX];
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct xprefix		 pfx;
	const char		*ps = arg_str(a, "prefix-value");
	char			 buf[PREFIX_STRLEN], f[32], l[32], as[16];
	size_t			 n, i;
	uint32_t		 depth = bgpmon_cfg_history(cmds_running()->mon);

	if (ps == NULL || prefix_parse(ps, &pfx, 1) == -1)
		return cli_error(cli, "Invalid prefix '%s'", ps ? ps : "");
	prefix_mask(&pfx);
	n = bgpmon_origin_history(&pfx, o, BGPMON_HISTORY_MAX);
	prefix_format(&pfx, buf, sizeof(buf));
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "prefix", buf);
		json_kv_u64(&j, "history_depth", depth);
		json_key(&j, "origins");
		json_arr_begin(&j);
		for (i = 0; i < n; i++) {
			json_obj_begin(&j);
			json_asn_or_null(&j, "origin_as", o[i].set ? 0 :
			    o[i].asn);
			json_kv_bool(&j, "as_set", o[i].set);
			json_kv_bool(&j, "current", i == 0);
			json_kv_u64(&j, "times", o[i].times);
			json_kv_u64(&j, "first_seen", (uint64_t)o[i].first);
			json_kv_u64(&j, "last_seen", (uint64_t)o[i].last);
			json_key(&j, "neighbor");
			if (o[i].nbr.af != 0) {
				addr_format(&o[i].nbr, buf, sizeof(buf));
				json_str(&j, buf);
			} else
				json_null(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "Origin history for %s (depth %u)\n", buf, depth);
	if (n == 0) {
		sb_puts(&sb, "  No origin seen\n");
		return cmds_emit(cli, &sb);
	}
	sb_puts(&sb, "Origin AS     Times  First seen       Last seen        "
	    "Neighbor\n");
	for (i = 0; i < n; i++) {
		fmt_time(o[i].first, f, sizeof(f));
		fmt_time(o[i].last, l, sizeof(l));
		if (o[i].set)
			snprintf(as, sizeof(as), "{AS_SET}");
		else
			snprintf(as, sizeof(as), "%u", o[i].asn);
		if (o[i].nbr.af != 0)
			addr_format(&o[i].nbr, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "-");
		sb_printf(&sb, "%-13s %-6u %-16s %-16s %s%s\n", as, o[i].times,
		    f, l, buf, i == 0 ? " (current)" : "");
	}
	return cmds_emit(cli, &sb);
}

static int
cmd_clear_alerts(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	(void)a;
	bgpmon_alerts_clear();
	return CMD_OK;
}

#define MON_HELP	"bgp-monitor=BGP routing monitor"

static const struct cmd exec_rows[] = {
	{ "show bgp-monitor", cmd_show_mon, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information", MON_HELP, NULL } },
	{ "show bgp-monitor alerts [kind ( origin-change | sub-prefix | leak "
	    "| long-path | flap )] [prefix <prefix-value:prefix>] "
	    "[last <count:1-10000>]", cmd_show_alerts,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information", MON_HELP,
	      "alerts=Hijack, leak, long-path and flap alerts",
	      "kind=Only alerts of one kind",
	      "origin-change=Origin AS changed or not allowed",
	      "sub-prefix=More-specific of protected space",
	      "leak=Valley-free rule broken",
	      "long-path=AS path longer than the threshold",
	      "flap=Best path changing too often",
	      "prefix=Only alerts for one prefix",
	      "prefix-value=The prefix",
	      "last=Only the most recent alerts",
	      "count=Number of alerts", NULL } },
	{ "show bgp-monitor origin-history prefix <prefix-value:prefix>",
	    cmd_show_history, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information", MON_HELP,
	      "origin-history=Origin ASes seen for a prefix",
	      "prefix=Origin ASes seen for a prefix, when and from which "
	      "neighbor", "prefix-value=The prefix", NULL } },
	{ "clear bgp-monitor alerts", cmd_clear_alerts, CMDF_TIMESTAMP,
	    { "clear=Reset functions", MON_HELP,
	      "alerts=Empty the alert buffer (counters are kept)", NULL } },
	CMD_END
};

void	show_bgpmon_init(void);

void
show_bgpmon_init(void)
{
	cli_install(MODE_EXEC, exec_rows);
}
