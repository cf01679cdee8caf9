/*
 * show_logging: `show logging`, the XR header lines and then the log
 * buffer (core/lib/logbuf.c), oldest first, each line with its syslog
 * prefix "RP/0/RP0/CPU0:Dec  2 15:04:47.123 UTC: bgp[1052]: ".
 * `| include ADJCHANGE` and friends filter it like any output.
 *
 * JSON: { messages_logged, messages_dropped, buffer_lines,
 *   messages: [ { timestamp (epoch seconds), milliseconds, process, pid,
 *   level ("informational" | "warnings" | "errors"), text, line (as the
 *   text form prints it) } ] }
 */
#include <stdio.h>

#include "cmds/cmds.h"
#include "core/lib/json.h"
#include "core/lib/logbuf.h"

#define LOGBUF_BYTES	2097152		/* what XR's default buffer says */

static const char *
level_name(enum log_level l)
{
	switch (l) {
	case LOG_LVL_ERR:
		return "errors";
	case LOG_LVL_WARN:
		return "warnings";
	case LOG_LVL_DEBUG:
		return "debugging";
	default:
		return "informational";
	}
}

static int
cmd_show_logging(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 j;
	const struct logbuf_ent		*e;
	char				 pfx[LOGBUF_PREFIX_MAX];
	size_t				 i, n = logbuf_count();
	unsigned long			 total = logbuf_total();
	const char			*proc;
	int				 pid;

	(void)a;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_u64(&j, "messages_logged", total);
		json_kv_u64(&j, "messages_dropped", logbuf_dropped());
		json_kv_u64(&j, "buffer_lines", n);
		json_key(&j, "messages");
		json_arr_begin(&j);
		for (i = 0; i < n; i++) {
			e = logbuf_nth(i);
			proc = logbuf_process(e->text, &pid);
			logbuf_prefix(e, pfx, sizeof(pfx));
			json_obj_begin(&j);
			json_kv_u64(&j, "timestamp", (uint64_t)e->sec);
			json_kv_u64(&j, "milliseconds", e->ms);
			json_kv_str(&j, "process", proc);
			json_kv_u64(&j, "pid", (uint64_t)pid);
			json_kv_str(&j, "level", level_name(e->lvl));
			json_kv_str(&j, "text", e->text);
			json_key(&j, "line");
			{
				struct strbuf	 l = STRBUF_INIT;

				sb_printf(&l, "%s%s", pfx, e->text);
				json_str(&j, l.oom ? NULL : sb_str(&l));
				sb_free(&l);
			}
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "Syslog logging: enabled (%lu messages dropped, 0 "
	    "flushes, 0 overruns)\n", logbuf_dropped());
	sb_printf(&sb, "    Console logging: level warnings, %lu messages "
	    "logged\n", total);
	sb_puts(&sb, "    Monitor logging: level debugging, 0 messages "
	    "logged\n");
	sb_puts(&sb, "    Trap logging: level informational, 0 message lines "
	    "logged\n");
	sb_printf(&sb, "    Buffer logging: level debugging, %lu messages "
	    "logged\n\n", total);
	sb_printf(&sb, "Log Buffer (%d bytes):\n\n", LOGBUF_BYTES);
	for (i = 0; i < n; i++) {
		e = logbuf_nth(i);
		logbuf_prefix(e, pfx, sizeof(pfx));
		sb_printf(&sb, "%s%s\n", pfx, e->text);
	}
	return cmds_emit(cli, &sb);
}

static const struct cmd show_rows[] = {
	{ "show logging", cmd_show_logging, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "logging=Show the contents of logging buffers", NULL } },
	CMD_END
};

void
show_logging_init(void)
{
	cli_install(MODE_EXEC, show_rows);
}
