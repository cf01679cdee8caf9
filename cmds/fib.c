/*
 * fib: the kernel FIB's commands (core/config/fib_cfg.h, core/rt/rt_fib.h).
 * Our own syntax: XR programs its forwarding plane unasked and has no
 * such command; on a Linux host changing the kernel's table must be asked
 * for.
 *
 * Configuration (top level):
 *   fib install kernel [table <1-4294967295>]
 *   no fib install [kernel [table N]]
 * Exec:
 *   show fib [| json]    state and counters of the kernel installation
 *
 * JSON of show fib: state ("off", "installing", "skipped (offline)",
 *   "failed"), table (null off), protocol, installed, pending, held
 *   (prefixes where another process's route is, ours waiting for it to
 *   go), adds, changes, deletes, errors, batches, messages, stale_removed,
 *   reinstalled (ours deleted or replaced by another process and put
 *   back, or installed once a held prefix was freed), skipped
 *   (selections with no next hop the kernel takes), last_flush_ms,
 *   last_error (null none).
 */
#include <stdio.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/config/config.h"
#include "core/config/fib_cfg.h"
#include "core/lib/json.h"
#include "core/rt/rt_fib.h"

static int
cmd_fib_install(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;
	uint32_t	 table = arg_has(a, "table") ?
	    arg_u32(a, "table-id", 0) : 0;

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		if (c->fib == NULL || (table != 0 &&
		    fib_cfg_table(c->fib) != table))
			return cli_error(cli, "fib install kernel%s is not "
			    "configured", table != 0 ? " in that table" : "");
		fib_cfg_free(c->fib);
		c->fib = NULL;
		return CMD_OK;
	}
	if (c->fib == NULL) {
		if ((c->fib = fib_cfg_new(table)) == NULL)
			return cli_error(cli, "Out of memory");
	} else
		c->fib->table = table;
	return CMD_OK;
}

static int
cmd_no_fib(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;

	(void)a;
	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (c->fib == NULL)
		return cli_error(cli, "fib install kernel is not configured");
	fib_cfg_free(c->fib);
	c->fib = NULL;
	return CMD_OK;
}

static int
cmd_show_fib(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct rt_fib_status	 s;
	struct json		 j;

	(void)a;
	/* what was queued this turn reaches the kernel first */
	rt_fib_sync();
	rt_fib_status(&s);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "state", rt_fib_state_name(s.state));
		json_key(&j, "table");
		if (s.state == RT_FIB_OFF)
			json_null(&j);
		else
			json_u64(&j, s.table);
		json_kv_u64(&j, "protocol", s.protocol);
		json_kv_u64(&j, "installed", s.st.installed);
		json_kv_u64(&j, "pending", s.st.pending);
		json_kv_u64(&j, "held", s.st.held);
		json_kv_u64(&j, "adds", s.st.adds);
		json_kv_u64(&j, "changes", s.st.changes);
		json_kv_u64(&j, "deletes", s.st.deletes);
		json_kv_u64(&j, "errors", s.st.errors);
		json_kv_u64(&j, "batches", s.st.batches);
		json_kv_u64(&j, "messages", s.st.messages);
		json_kv_u64(&j, "stale_removed", s.st.stale_purged);
		json_kv_u64(&j, "reinstalled", s.st.reinstalled);
		json_kv_u64(&j, "skipped", s.skipped);
		json_kv_u64(&j, "last_flush_ms",
		    (uint64_t)(s.st.last_flush_secs * 1000 + 0.5));
		json_kv_str(&j, "last_error", s.error[0] ? s.error :
		    s.st.last_error[0] ? s.st.last_error : NULL);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "Kernel FIB: %s", rt_fib_state_name(s.state));
	if (s.state != RT_FIB_OFF)
		sb_printf(&sb, ", table %u, protocol %u", s.table, s.protocol);
	sb_puts(&sb, "\n");
	if (s.state == RT_FIB_ON) {
		sb_printf(&sb, "  Routes installed:  %llu\n",
		    (unsigned long long)s.st.installed);
		sb_printf(&sb, "  Pending:           %llu\n",
		    (unsigned long long)s.st.pending);
		sb_printf(&sb, "  Held by others:    %llu (another process's "
		    "route at the prefix)\n", (unsigned long long)s.st.held);
		sb_printf(&sb, "  Added %llu, changed %llu, deleted %llu\n",
		    (unsigned long long)s.st.adds,
		    (unsigned long long)s.st.changes,
		    (unsigned long long)s.st.deletes);
		sb_printf(&sb, "  Errors:            %llu\n",
		    (unsigned long long)s.st.errors);
		sb_printf(&sb, "  Batches %llu, messages %llu, last flush "
		    "%.3f s\n", (unsigned long long)s.st.batches,
		    (unsigned long long)s.st.messages, s.st.last_flush_secs);
		sb_printf(&sb, "  Stale removed:     %llu\n",
		    (unsigned long long)s.st.stale_purged);
		sb_printf(&sb, "  Re-installed:      %llu (deleted or replaced by "
		    "another process, or freed)\n",
		    (unsigned long long)s.st.reinstalled);
		sb_printf(&sb, "  Not installable:   %llu\n",
		    (unsigned long long)s.skipped);
	}
	if (s.error[0] != '\0')
		sb_printf(&sb, "  Error:             %s\n", s.error);
	else if (s.st.last_error[0] != '\0')
		sb_printf(&sb, "  Last error:        %s\n", s.st.last_error);
	return cmds_emit(cli, &sb);
}

#define H_FIB	"fib=Forwarding table (FIB) installation"
#define H_INST	"install=Install the best routes of the RIB"
#define H_KERN	"kernel=In the host's kernel forwarding table (rtnetlink)"
#define H_TBL	"table=Kernel routing table (default main, 254)"
#define H_TID	"table-id=Table number"

static const struct cmd cfg_rows[] = {
	{ "[no] fib install kernel [table <table-id:1-4294967295>]",
	    cmd_fib_install, 0,
	    { H_FIB, H_INST, H_KERN, H_TBL, H_TID, NULL } },
	{ "no fib install", cmd_no_fib, 0,
	    { H_FIB, H_INST, NULL } },
	CMD_END
};

static const struct cmd exec_rows[] = {
	{ "show fib", cmd_show_fib, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "fib=Kernel FIB installation: state and counters", NULL } },
	CMD_END
};

void
fib_cmds_init(void)
{
	cli_install(MODE_CONFIG, cfg_rows);
	cli_install(MODE_EXEC, exec_rows);
}
