/*
 * show_bgp_monitor_an: the analytics views of issue 13 (convergence and
 * path diversity), read from core/bgp/converge.h and diversity.h.  None
 * depends on the bgp-monitor configuration section.
 *
 *   show bgp convergence
 *       XR's three lines ("Converged." / "Not converged." and the two
 *       that go with each), then since when and, when not converged,
 *       the reasons the engine is not quiet.
 *   show bgp-monitor convergence [last N]
 *       the convergence events, newest first (the open one on top).
 *   show bgp-monitor path-diversity [prefix P | prefix-set S]
 *       [ipv4 | ipv6]
 *       per prefix: paths, distinct next hops, distinct neighbor ASes,
 *       distinct AS paths, the normalised Shannon entropy of the AS
 *       paths (diversity.h), and a summary line.  Over the whole table
 *       (or a prefix-set, tested against every prefix) the walk yields
 *       to the event loop every RFMT_CHUNK prefixes after handing over
 *       what it printed, like `show bgp`, so the sessions are never
 *       stalled; the output is complete, `| json` included (the JSON
 *       streams too).  The table may change between chunks: each prefix
 *       is shown as it was when visited.
 *
 * JSON (`| json`):
 * convergence: { converged, since (epoch seconds), since_seconds,
 *   reasons: [text], reasons_total, last_event_id (null),
 *   last_event_seconds (null), longest_event_seconds (null) }
 * bgp-monitor convergence: { converged, events_recorded,
 *   longest_event_seconds (null), longest_event_id (null),
 *   events: [ { id, start (epoch seconds), in_progress,
 *   duration_seconds (so far, when in progress), updates_received,
 *   updates_sent, prefixes_received (announced or withdrawn by the
 *   UPDATEs received), prefixes_changed (best path changed), triggers: [ { kind ("neighbor-up" |
 *   "neighbor-down" | "commit" | "updates" | "internal"), neighbor
 *   (null), commit_id (null) } ], triggers_not_listed } ] }
 * path-diversity: { address_family, prefixes: [ { prefix, paths,
 *   next_hops, neighbor_ases, as_paths, entropy } ], prefixes_examined,
 *   single_path, single_neighbor_as }
 *
 * UPDATE counts leave out End-of-RIB markers (they carry no route).
 * A hidden test helper, `debug bgp wait converged [timeout N]`, runs the
 * event loop until the engine is converged.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/converge.h"
#include "core/bgp/diversity.h"
#include "core/config/config.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_compile.h"
#include "core/rpl/rpl_db.h"

#define REASONS_SHOWN	32
#define WAIT_DEFAULT	60	/* seconds, debug bgp wait converged */

/* Wall clock (epoch seconds) of a loop_now() instant. */
static double
wall_of(double mono)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9 - (loop_now() - mono);
}

/* "Dec  3 14:05:01.123", XR's timestamp. */
static void
fmt_stamp(double wall, char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 t = (time_t)floor(wall);
	char		 s[32];

	localtime_r(&t, &tm);
	strftime(s, sizeof(s), "%b %e %H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03d", s, (int)((wall - floor(wall)) * 1000));
}

/* A number with decimals as a JSON value (the writer has integers). */
static void
kv_fixed(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	sb_printf(j->sb, "%.*f", decimals, v);
	j->after_key = 0;
}

/* ------------------------------------------------------------------ */
/* show bgp convergence */

static int
cmd_show_convergence(struct cli *cli, const struct cmd_args *a)
{
	static char		 why[REASONS_SHOWN][CONV_REASON_LEN];
	const struct conv	*c = converge_state();
	const struct converge_rec *last;
	struct converge_rec	 lr;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	size_t			 n, i;
	double			 now = loop_now(), since;
	int			 conv;
	char			 st[40], dur[32];

	(void)a;
	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	n = converge_reasons(why, REASONS_SHOWN);
	/* quiet with an event still settling counts as converged: the
	   record closes at the instant it became quiet */
	conv = n == 0;
	since = c->open && !conv ? c->cur.start :
	    c->open && c->quiet ? c->quiet_since : c->since;
	last = converge_last(&lr) == 0 ? &lr : NULL;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_bool(&j, "converged", conv);
		kv_fixed(&j, "since", wall_of(since), 3);
		kv_fixed(&j, "since_seconds", now - since, 3);
		json_key(&j, "reasons");
		json_arr_begin(&j);
		for (i = 0; i < n && i < REASONS_SHOWN; i++)
			json_str(&j, why[i]);
		json_arr_end(&j);
		json_kv_u64(&j, "reasons_total", n);
		if (last != NULL) {
			json_kv_u64(&j, "last_event_id", last->id);
			kv_fixed(&j, "last_event_seconds",
			    converge_duration(last, now), 3);
			kv_fixed(&j, "longest_event_seconds", converge_max(),
			    3);
		} else {
			rfmt_json_null(&j, "last_event_id");
			rfmt_json_null(&j, "last_event_seconds");
			rfmt_json_null(&j, "longest_event_seconds");
		}
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	if (conv)
		sb_puts(&sb, "Converged.\n"
		    "All received routes in RIB, all neighbors updated.\n"
		    "All neighbors have empty write queues.\n");
	else
		sb_puts(&sb, "Not converged.\n"
		    "Received routes may not be entered in RIB.\n"
		    "One or more neighbors may need updating.\n");
	fmt_stamp(wall_of(since), st, sizeof(st));
	rfmt_dur(now - since, dur, sizeof(dur));
	sb_printf(&sb, "\n%s since %s (%s ago)\n", conv ? "Converged" :
	    "Not converged", st, dur);
	if (last != NULL)
		sb_printf(&sb, "Last convergence event %llu took %.3f secs, "
		    "longest %.3f secs\n", (unsigned long long)last->id,
		    converge_duration(last, now), converge_max());
	if (n > 0) {
		sb_puts(&sb, "\nReasons:\n");
		for (i = 0; i < n && i < REASONS_SHOWN; i++)
			sb_printf(&sb, "  %s\n", why[i]);
		if (n > REASONS_SHOWN)
			sb_printf(&sb, "  ... and %zu more\n",
			    n - REASONS_SHOWN);
	}
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show bgp-monitor convergence */

static const char *
trig_kind(enum conv_trig_kind k)
{
	switch (k) {
	case CONV_T_PEER_UP:
		return "neighbor-up";
	case CONV_T_PEER_DOWN:
		return "neighbor-down";
	case CONV_T_COMMIT:
		return "commit";
	case CONV_T_UPDATES:
		return "updates";
	default:
		return "internal";
	}
}

static void
trig_text(const struct conv_trig *t, struct strbuf *sb)
{
	char	 a[ADDR_STRLEN];

	if (t->peer.af != 0)
		addr_format(&t->peer, a, sizeof(a));
	switch (t->kind) {
	case CONV_T_PEER_UP:
		sb_printf(sb, "neighbor %s up", a);
		break;
	case CONV_T_PEER_DOWN:
		sb_printf(sb, "neighbor %s down", a);
		break;
	case CONV_T_COMMIT:
		if (t->commit_id != 0)
			sb_printf(sb, "commit %u", t->commit_id);
		else
			sb_puts(sb, "configuration change");
		break;
	case CONV_T_UPDATES:
		sb_printf(sb, "updates from %s", a);
		break;
	default:
		sb_puts(sb, "route changes (internal)");
		break;
	}
}

static void
rec_json(struct json *j, const struct converge_rec *r, double now)
{
	char	 a[ADDR_STRLEN];
	size_t	 i;

	json_obj_begin(j);
	json_kv_u64(j, "id", r->id);
	kv_fixed(j, "start", wall_of(r->start), 3);
	json_kv_bool(j, "in_progress", r->end == 0);
	kv_fixed(j, "duration_seconds", converge_duration(r, now), 3);
	json_kv_u64(j, "updates_received", r->updates_rcvd);
	json_kv_u64(j, "updates_sent", r->updates_sent);
	json_kv_u64(j, "prefixes_received", r->prefixes_rcvd);
	json_kv_u64(j, "prefixes_changed", r->prefixes_changed);
	json_key(j, "triggers");
	json_arr_begin(j);
	for (i = 0; i < r->ntrig; i++) {
		json_obj_begin(j);
		json_kv_str(j, "kind", trig_kind(r->trig[i].kind));
		if (r->trig[i].peer.af != 0) {
			addr_format(&r->trig[i].peer, a, sizeof(a));
			json_kv_str(j, "neighbor", a);
		} else
			rfmt_json_null(j, "neighbor");
		if (r->trig[i].kind == CONV_T_COMMIT &&
		    r->trig[i].commit_id != 0)
			json_kv_u64(j, "commit_id", r->trig[i].commit_id);
		else
			rfmt_json_null(j, "commit_id");
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_u64(j, "triggers_not_listed", r->trig_more);
	json_obj_end(j);
}

static void
rec_row(struct strbuf *sb, const struct converge_rec *r, double now)
{
	char	 st[40], d[24];
	size_t	 i;

	fmt_stamp(wall_of(r->start), st, sizeof(st));
	if (r->end == 0)
		snprintf(d, sizeof(d), "(running)");
	else
		snprintf(d, sizeof(d), "%.3f", converge_duration(r, now));
	sb_printf(sb, "%-6llu %-19s %10s %7llu %7llu %7llu %7llu  ",
	    (unsigned long long)r->id, st, d,
	    (unsigned long long)r->updates_rcvd,
	    (unsigned long long)r->prefixes_rcvd,
	    (unsigned long long)r->updates_sent,
	    (unsigned long long)r->prefixes_changed);
	for (i = 0; i < r->ntrig; i++) {
		if (i > 0)
			sb_puts(sb, ", ");
		trig_text(&r->trig[i], sb);
	}
	if (r->trig_more > 0)
		sb_printf(sb, " (+%zu more)", r->trig_more);
	sb_puts(sb, "\n");
}

static int
cmd_show_mon_convergence(struct cli *cli, const struct cmd_args *a)
{
	const struct conv		*c = converge_state();
	const struct converge_rec	*r;
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 j;
	size_t				 want, i, shown = 0;
	double				 now = loop_now();
	int				 js = cli_json(cli);
	/* as show bgp convergence says: an event may still be settling */
	int				 conv = converge_reasons(NULL, 0) == 0;

	want = arg_has(a, "last") ? arg_u32(a, "count", CONV_RING) :
	    CONV_RING + 1;
	if (js) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_bool(&j, "converged", conv);
		json_kv_u64(&j, "events_recorded", c->count);
		if (c->max_id != 0) {
			kv_fixed(&j, "longest_event_seconds", c->max_dur, 3);
			json_kv_u64(&j, "longest_event_id", c->max_id);
		} else {
			rfmt_json_null(&j, "longest_event_seconds");
			rfmt_json_null(&j, "longest_event_id");
		}
		json_key(&j, "events");
		json_arr_begin(&j);
	} else {
		sb_printf(&sb, "BGP convergence events: %zu recorded",
		    c->count);
		if (c->max_id != 0)
			sb_printf(&sb, ", longest %.3f secs (event %llu)",
			    c->max_dur, (unsigned long long)c->max_id);
		sb_printf(&sb, "\nCurrently %s\n\n", conv ?
		    "converged" : "not converged");
		sb_puts(&sb, "Event  Started             Duration(s)  "
		    "Upd-In  Pfx-In Upd-Out Changed  Triggers\n");
	}
	if (c->open && shown < want) {
		if (js)
			rec_json(&j, &c->cur, now);
		else
			rec_row(&sb, &c->cur, now);
		shown++;
	}
	for (i = 0; shown < want && (r = conv_rec(c, i)) != NULL; i++) {
		if (js)
			rec_json(&j, r, now);
		else
			rec_row(&sb, r, now);
		shown++;
	}
	if (js) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show bgp-monitor path-diversity */

struct div_sum {
	size_t	 examined, single_path, single_as;
};

static void
div_row(struct strbuf *sb, struct json *j, const struct xprefix *pfx,
    const struct div_stat *d, struct div_sum *s)
{
	char	 p[PREFIX_STRLEN];

	prefix_format(pfx, p, sizeof(p));
	s->examined++;
	if (d->paths == 1)
		s->single_path++;
	if (d->neighbor_as == 1)
		s->single_as++;
	if (j != NULL) {
		json_obj_begin(j);
		json_kv_str(j, "prefix", p);
		json_kv_u64(j, "paths", d->paths);
		json_kv_u64(j, "next_hops", d->nexthops);
		json_kv_u64(j, "neighbor_ases", d->neighbor_as);
		json_kv_u64(j, "as_paths", d->as_paths);
		kv_fixed(j, "entropy", d->entropy, 6);
		json_obj_end(j);
		return;
	}
	/* a network too long for its column gets a line of its own, as
	   XR does in the table views */
	if (strlen(p) > 18)
		sb_printf(sb, "%s\n%-18s", p, "");
	else
		sb_printf(sb, "%-18s", p);
	sb_printf(sb, " %6zu %8zu %7zu %7zu %7.4f\n", d->paths, d->nexthops,
	    d->neighbor_as, d->as_paths, d->entropy);
}

static void
div_head(struct strbuf *sb, struct json *j, int afi)
{
	if (j != NULL) {
		json_obj_begin(j);
		json_kv_str(j, "address_family", rfmt_af_key(afi));
		json_key(j, "prefixes");
		json_arr_begin(j);
		return;
	}
	sb_printf(sb, "Path diversity, %s\n\n", rfmt_af_label(afi));
	sb_puts(sb, "Network             Paths NextHops NbrASes ASPaths "
	    "Entropy\n");
}

static void
div_tail(struct strbuf *sb, struct json *j, const struct div_sum *s)
{
	if (j != NULL) {
		json_arr_end(j);
		json_kv_u64(j, "prefixes_examined", s->examined);
		json_kv_u64(j, "single_path", s->single_path);
		json_kv_u64(j, "single_neighbor_as", s->single_as);
		json_obj_end(j);
		json_end(j);
		return;
	}
	sb_printf(sb, "\nPrefixes examined: %zu, with a single path: %zu, "
	    "with a single neighbor AS: %zu\n", s->examined, s->single_path,
	    s->single_as);
}

static const struct rpl_set *
find_pset(const char *name)
{
	const struct config	*cfg = cmds_running();

	if (cfg == NULL || cfg->rpl == NULL)
		return NULL;
	return rpl_db_find_set(cfg->rpl, RPL_SET_PREFIX, name);
}

static int
cmd_show_diversity(struct cli *cli, const struct cmd_args *a)
{
	const char			*net = arg_str(a, "network");
	const char			*setname = arg_str(a, "set");
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 js, *j = NULL;
	struct xprefix			 pfx;
	struct pfxtable_cursor		 cur;
	const struct locrib		*t;
	const struct locrib_entry	*e;
	const struct rpl_set		*set = NULL;
	struct div_stat			 d;
	struct div_sum			 s;
	size_t				 chunk = 0;
	int				 afi = rfmt_afi(a);

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&s, 0, sizeof(s));
	if (net != NULL) {
		if (prefix_parse(net, &pfx, 0) == -1)
			return cli_error(cli, "Invalid prefix '%s'", net);
		prefix_mask(&pfx);
		if ((arg_has(a, "ipv4") || arg_has(a, "ipv6")) &&
		    pfx.addr.af != (afi ? AF_V6 : AF_V4))
			return cli_error(cli, "%s is not an %s prefix", net,
			    rfmt_af_label(afi));
		afi = pfx.addr.af == AF_V6;
		if ((t = bgp_rib_table(afi)) == NULL ||
		    (e = locrib_lookup(t, &pfx)) == NULL ||
		    locrib_entry_npaths(e) == 0)
			return cli_error(cli, "Network not in table");
		if (div_entry(e, &d) == -1)
			return cli_error(cli, "Out of memory");
	} else if (setname != NULL && find_pset(setname) == NULL)
		return cli_error(cli, "Policy object prefix-set %s not found",
		    setname);
	if (cli_json(cli)) {
		json_init(&js, &sb);
		j = &js;
	}
	div_head(&sb, j, afi);
	if (net != NULL) {
		div_row(&sb, j, &pfx, &d, &s);
		div_tail(&sb, j, &s);
		return cmds_emit(cli, &sb);
	}
	locrib_cursor_init(&cur, NULL);
	while ((t = bgp_rib_table(afi)) != NULL &&
	    locrib_cursor_next(t, &cur, &e)) {
		/* looked up again after each yield: a commit may free it */
		if (setname != NULL && chunk == 0 &&
		    (set = find_pset(setname)) == NULL)
			break;
		if ((set == NULL || rpl_cset_match_prefix(set, &cur.last)) &&
		    locrib_entry_npaths(e) > 0) {
			if (div_entry(e, &d) == -1) {
				sb_free(&sb);
				return cli_error(cli, "Out of memory");
			}
			div_row(&sb, j, &cur.last, &d, &s);
		}
		if (++chunk < RFMT_CHUNK)
			continue;
		chunk = 0;
		if (rfmt_flush(cli, &sb) == -1)
			break;
	}
	div_tail(&sb, j, &s);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* debug bgp wait converged */

static int
cmd_debug_wait_converged(struct cli *cli, const struct cmd_args *a)
{
	double	 until = loop_now() + arg_u32(a, "seconds", WAIT_DEFAULT);

	while (!conv_converged(converge_state()) ||
	    converge_reasons(NULL, 0) > 0) {
		if (loop_now() >= until)
			return cli_error(cli, "BGP not converged");
		if (cli_stop_requested())
			return cli_error(cli, "Interrupted: xrsh is stopping");
		if (loop_run_once(50) < 0)
			return cli_error(cli, "Event loop error");
	}
	return CMD_OK;
}

#define MON_HELP \
	"show=Show running system information", \
	"bgp-monitor=BGP monitoring and analytics"

static const struct cmd an_rows[] = {
	{ "show bgp convergence", cmd_show_convergence,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "bgp=BGP information",
	      "convergence=Converged state of BGP", NULL } },
	{ "show bgp-monitor convergence [last <count:1-256>]",
	    cmd_show_mon_convergence, CMDF_TIMESTAMP | CMDF_JSON,
	    { MON_HELP,
	      "convergence=Convergence events (session up/down, commit, "
	      "update bursts)",
	      "last=The most recent events only",
	      "count=Number of events", NULL } },
	{ "show bgp-monitor path-diversity [( prefix <network:prefix> | "
	    "prefix-set <set:rpl-prefix-set> )] [( ipv4 | ipv6 )]",
	    cmd_show_diversity, CMDF_TIMESTAMP | CMDF_JSON,
	    { MON_HELP,
	      "path-diversity=Paths, next hops, neighbor ASes and AS path "
	      "entropy per prefix",
	      "prefix=One prefix",
	      "network=Network prefix (A.B.C.D/len or X:X::X/len)",
	      "prefix-set=The prefixes a prefix-set matches",
	      "set=Name of the prefix-set",
	      "ipv4=IPv4 Address Family", "ipv6=IPv6 Address Family",
	      NULL } },
	{ "debug bgp wait converged [timeout <seconds:1-600>]",
	    cmd_debug_wait_converged, CMDF_HIDDEN,
	    { "debug=Debugging functions", "bgp=BGP engine",
	      "wait=Run the event loop until something happens (tests)",
	      "converged=Until BGP is converged",
	      "timeout=Give up after this long (default 60 seconds)",
	      "seconds=Seconds", NULL } },
	CMD_END
};

void
show_bgp_monitor_an_init(void)
{
	cli_install(MODE_EXEC, an_rows);
}
