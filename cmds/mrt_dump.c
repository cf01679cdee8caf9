/*
 * mrt_dump: the commands of MRT dumps (core/config/mrtdump_cfg.h,
 * core/bgp/mrtdump.h).  Our own syntax: XR has no MRT dump.
 *
 * Configuration (top level):
 *   [no] mrt-dump (table | updates) file PATTERN interval SECONDS
 *   no mrt-dump (table | updates)
 * Exec:
 *   mrt-dump table now [file PATH]   a snapshot now (into PATH, or the
 *       configured pattern's file); waits for it and prints
 *       "Wrote P prefixes, N paths (R records, B bytes) to FILE in T s"
 *   mrt-dump updates rotate          closes the update log's file now
 *   show mrt-dump [| json]           each dump's state and counters
 *
 * JSON of show mrt-dump: { table: {...}, updates: {...} }, each with
 *   configured, file_pattern (null if not), interval (s), next (epoch of
 *   the next snapshot / rotation, 0 none), last_file, last_write (epoch,
 *   0 never), files, records, bytes, errors, last_error (null none);
 *   table also in_progress, prefixes, paths, milliseconds (of the last
 *   snapshot); updates also current_file and dropped (records lost).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/mrtdump.h"
#include "core/config/config.h"
#include "core/config/mrtdump_cfg.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

#define SLICE_MS	200

static int
cmd_mrt_dump(struct cli *cli, const struct cmd_args *a)
{
	struct config		*c;
	enum mrtdump_kind	 k = arg_has(a, "table") ? MRTDUMP_TABLE :
	    MRTDUMP_UPDATES;
	const char		*pat = arg_str(a, "pattern");
	struct mrtdump_cfg	*m;
	/* the `no` rows without an interval have a literal `no` */
	int			 no = arg_no(a) || !arg_has(a, "secs");

	if (pat != NULL && strlen(pat) >= MRTDUMP_PATTERN_MAX)
		return cli_error(cli, "File pattern '%s' is longer than %d "
		    "characters", pat, MRTDUMP_PATTERN_MAX - 1);
	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (no) {
		m = c->mrtdump;
		if (m == NULL || !m->d[k].set || (pat != NULL &&
		    strcmp(pat, m->d[k].pattern) != 0))
			return cli_error(cli, "mrt-dump %s%s%s is not "
			    "configured", mrtdump_kind_name(k),
			    pat != NULL ? " file " : "", pat != NULL ? pat : "");
		m->d[k].set = 0;
		m->d[k].pattern[0] = '\0';
		m->d[k].interval = 0;
		if (mrtdump_cfg_empty(m)) {
			mrtdump_cfg_free(m);
			c->mrtdump = NULL;
		}
		return CMD_OK;
	}
	if (c->mrtdump == NULL) {
		struct mrtdump_cfg	 zero;

		memset(&zero, 0, sizeof(zero));
		if ((c->mrtdump = mrtdump_cfg_dup(&zero)) == NULL)
			return cli_error(cli, "Out of memory");
	}
	m = c->mrtdump;
	m->d[k].set = 1;
	strlcpy(m->d[k].pattern, pat, sizeof(m->d[k].pattern));
	m->d[k].interval = arg_u32(a, "secs", MRTDUMP_INTERVAL_MIN);
	return CMD_OK;
}

static int
cmd_table_now(struct cli *cli, const struct cmd_args *a)
{
	struct mrtdump_status	 before, st;
	char			 err[MRTDUMP_PATH_MAX * 2];

	/* a periodic snapshot under way: let it finish, then take ours */
	while (mrtdump_table_running()) {
		if (cli_stop_requested())
			return cli_error(cli, "Interrupted: xrsh is stopping");
		if (loop_run_once(SLICE_MS) < 0)
			break;
	}
	mrtdump_status(MRTDUMP_TABLE, &before);
	err[0] = '\0';
	if (mrtdump_table_start(arg_str(a, "path"), err, sizeof(err)) == -1)
		return cli_error(cli, "%s", err);
	while (mrtdump_table_running()) {
		/* SIGTERM: the engine's stop ends the writer */
		if (cli_stop_requested())
			return cli_error(cli, "Table snapshot interrupted: xrsh "
			    "is stopping");
		if (loop_run_once(SLICE_MS) < 0)
			break;
	}
	mrtdump_status(MRTDUMP_TABLE, &st);
	if (st.files == before.files)
		return cli_error(cli, "Table snapshot failed: %s",
		    st.last_error);
	cli_printf(cli, "Wrote %llu prefixes, %llu paths (%llu records, "
	    "%llu bytes) to %s in %.3f s\n",
	    (unsigned long long)st.prefixes, (unsigned long long)st.paths,
	    (unsigned long long)(st.records - before.records),
	    (unsigned long long)(st.bytes - before.bytes), st.last_file,
	    st.seconds);
	return CMD_OK;
}

static int
cmd_updates_rotate(struct cli *cli, const struct cmd_args *a)
{
	struct mrtdump_status	 st;
	char			 err[256];

	(void)a;
	if (mrtdump_updates_rotate(err, sizeof(err)) == -1)
		return cli_error(cli, "%s", err);
	mrtdump_status(MRTDUMP_UPDATES, &st);
	if (st.last_file[0] != '\0')
		cli_printf(cli, "Closed %s\n", st.last_file);
	if (st.current[0] != '\0')
		cli_printf(cli, "Writing %s\n", st.current);
	return CMD_OK;
}

/* ---- show mrt-dump ---- */

static void
fmt_time(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		strlcpy(buf, "never", len);
	else
		strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void
show_one(struct strbuf *sb, enum mrtdump_kind k,
    const struct mrtdump_status *s)
{
	char	 t[64], dur[32];
	time_t	 now = loop_wallclock();

	sb_printf(sb, "MRT dump %s: %s\n", mrtdump_kind_name(k),
	    s->configured ? "configured" : "not configured");
	if (s->configured) {
		sb_printf(sb, "  File pattern:  %s\n", s->pattern);
		sb_printf(sb, "  Interval:      %u s\n", s->interval);
		if (s->next != 0) {
			fmt_time(s->next, t, sizeof(t));
			rfmt_dur(s->next > now ? (double)(s->next - now) : 0,
			    dur, sizeof(dur));
			sb_printf(sb, "  Next %s: %s (in %s)\n",
			    k == MRTDUMP_TABLE ? "snapshot" : "rotation",
			    t, dur);
		}
	}
	if (k == MRTDUMP_UPDATES && s->current[0] != '\0')
		sb_printf(sb, "  Current file:  %s\n", s->current);
	if (k == MRTDUMP_TABLE && s->in_progress)
		sb_puts(sb, "  Snapshot being written\n");
	sb_printf(sb, "  Last file:     %s\n",
	    s->last_file[0] ? s->last_file : "none");
	fmt_time(s->last_write, t, sizeof(t));
	sb_printf(sb, "  Last write:    %s\n", t);
	if (k == MRTDUMP_TABLE && s->files > 0)
		sb_printf(sb, "  Last snapshot: %llu prefixes, %llu paths in "
		    "%.3f s\n", (unsigned long long)s->prefixes,
		    (unsigned long long)s->paths, s->seconds);
	sb_printf(sb, "  Files:         %llu\n", (unsigned long long)s->files);
	sb_printf(sb, "  Records:       %llu\n",
	    (unsigned long long)s->records);
	sb_printf(sb, "  Bytes:         %llu\n", (unsigned long long)s->bytes);
	if (k == MRTDUMP_UPDATES)
		sb_printf(sb, "  Dropped:       %llu\n",
		    (unsigned long long)s->dropped);
	sb_printf(sb, "  Errors:        %llu\n", (unsigned long long)s->errors);
	if (s->last_error[0] != '\0')
		sb_printf(sb, "  Last error:    %s\n", s->last_error);
}

static void
json_one(struct json *j, enum mrtdump_kind k, const struct mrtdump_status *s)
{
	json_key(j, mrtdump_kind_name(k));
	json_obj_begin(j);
	json_kv_bool(j, "configured", s->configured);
	json_kv_str(j, "file_pattern", s->configured ? s->pattern : NULL);
	json_kv_u64(j, "interval", s->interval);
	json_kv_u64(j, "next", (uint64_t)s->next);
	if (k == MRTDUMP_TABLE)
		json_kv_bool(j, "in_progress", s->in_progress);
	else
		json_kv_str(j, "current_file",
		    s->current[0] ? s->current : NULL);
	json_kv_str(j, "last_file", s->last_file[0] ? s->last_file : NULL);
	json_kv_u64(j, "last_write", (uint64_t)s->last_write);
	json_kv_u64(j, "files", s->files);
	json_kv_u64(j, "records", s->records);
	json_kv_u64(j, "bytes", s->bytes);
	json_kv_u64(j, "errors", s->errors);
	if (k == MRTDUMP_UPDATES)
		json_kv_u64(j, "dropped", s->dropped);
	json_kv_str(j, "last_error", s->last_error[0] ? s->last_error : NULL);
	if (k == MRTDUMP_TABLE) {
		json_kv_u64(j, "prefixes", s->prefixes);
		json_kv_u64(j, "paths", s->paths);
		json_kv_u64(j, "milliseconds",
		    (uint64_t)(s->seconds * 1000 + 0.5));
	}
	json_obj_end(j);
}

static int
cmd_show_mrt_dump(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct mrtdump_status	 st[MRTDUMP_NKIND];
	struct json		 j;
	int			 k;

	(void)a;
	for (k = 0; k < MRTDUMP_NKIND; k++)
		mrtdump_status(k, &st[k]);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		for (k = 0; k < MRTDUMP_NKIND; k++)
			json_one(&j, k, &st[k]);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	for (k = 0; k < MRTDUMP_NKIND; k++) {
		if (k > 0)
			sb_puts(&sb, "\n");
		show_one(&sb, k, &st[k]);
	}
	return cmds_emit(cli, &sb);
}

#define H_MRT	"mrt-dump=Write MRT (RFC 6396) dumps of BGP"
#define H_TABLE	"table=TABLE_DUMP_V2 snapshots of the BGP table"
#define H_UPD	"updates=BGP4MP log of received UPDATEs and state changes"

static const struct cmd cfg_rows[] = {
	{ "[no] mrt-dump ( table | updates ) file <pattern:word> interval "
	    "<secs:60-86400>", cmd_mrt_dump, 0,
	    { H_MRT, H_TABLE, H_UPD,
	      "file=Write the dumps to files named by a pattern",
	      "pattern=Absolute path, with strftime escapes (UTC) such as "
	      "%Y%m%d.%H%M for files rotated by time",
	      "interval=Seconds between snapshots (table) or file "
	      "rotations (updates)",
	      "secs=Seconds, aligned to multiples of it in UTC",
	      NULL } },
	{ "no mrt-dump ( table | updates ) [file <pattern:word>]",
	    cmd_mrt_dump, 0,
	    { H_MRT, H_TABLE, H_UPD,
	      "file=Write the dumps to files named by a pattern",
	      "pattern=The configured file pattern", NULL } },
	CMD_END
};

static const struct cmd exec_rows[] = {
	{ "mrt-dump table now [file <path:word>]", cmd_table_now,
	    CMDF_TIMESTAMP,
	    { H_MRT, H_TABLE,
	      "now=Write a snapshot now and wait for it",
	      "file=Write it to this file instead of the configured pattern",
	      "path=Absolute path of the file", NULL } },
	{ "mrt-dump updates rotate", cmd_updates_rotate, CMDF_TIMESTAMP,
	    { H_MRT, H_UPD,
	      "rotate=Close the current update log file and start the next",
	      NULL } },
	{ "show mrt-dump", cmd_show_mrt_dump, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "mrt-dump=MRT dumps: files, counters, errors", NULL } },
	CMD_END
};

void
mrt_dump_cmds_init(void)
{
	cli_install(MODE_CONFIG, cfg_rows);
	cli_install(MODE_EXEC, exec_rows);
}
