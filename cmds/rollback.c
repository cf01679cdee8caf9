/*
 * rollback: exec-mode `rollback configuration last N | to ID|LABEL`, its
 * preview `show configuration rollback changes`, and the hidden
 * `debug clock advance SECONDS` that warps the engine clock so tests can
 * expire a `commit confirmed` timer without sleeping.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/commit_cmds.h"
#include "core/config/cfgtext.h"
#include "core/lib/loop.h"

/* The snapshot a rollback command asks for, or NULL after an error. */
static const char *
target_text(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	const char		*t;
	char			 err[256];

	if (arg_has(a, "last"))
		t = commit_target_last(db, arg_u32(a, "n", 1), err,
		    sizeof(err));
	else
		t = commit_target_to(db, arg_str(a, "target"), err,
		    sizeof(err));
	if (t == NULL)
		cli_error(cli, "%s", err);
	return t;
}

static unsigned
secs_since(double t0)
{
	double	 d = ceil(loop_now() - t0);

	return d < 1 ? 1 : (unsigned)d;
}

static int
cmd_rollback(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	enum commit_status	 st;
	const char		*t;
	char			*copy, err[1024];
	double			 t0 = loop_now();
	int			 items = 0, saved;
	size_t			 i;

	if ((t = target_text(cli, a)) == NULL)
		return CMD_ERR;
	/* a rollback is a commit: another session's lock holds it off too */
	if (cfgsess_commit_refused(cli, 1))
		return CMD_ERR;
	/* the commit below may drop the record the text belongs to */
	if ((copy = strdup(t)) == NULL)
		return cli_error(cli, "Out of memory");
	cmds_commit_opts(cli, &o);
	o.client = "Rollback";
	if (cli_interactive(cli))
		cli_puts(cli, "\n");
	cli_puts(cli, "Loading Rollback Changes.\n");
	cfg_errors_init(&errs);
	cmds_save_begin();
	st = commit_rollback(db, copy, &o, &errs, &items, err, sizeof(err));
	free(copy);
	saved = cmds_save_end(cli);
	switch (st) {
	case COMMIT_OK:
		break;
	case COMMIT_NOCHANGE:
		cfg_errors_free(&errs);
		cli_puts(cli, "No configuration changes to commit.\n");
		return CMD_OK;
	case COMMIT_INVALID:
		cli_error(cli, "Failed to complete rollback operation");
		for (i = 0; i < errs.n; i++)
			cli_notice(cli, "!!%% %s", errs.v[i].msg);
		cfg_errors_free(&errs);
		return CMD_ERR;
	case COMMIT_FAIL:
	default:
		cfg_errors_free(&errs);
		return cli_error(cli, "Failed to complete rollback operation: "
		    "%s", err);
	}
	cfg_errors_free(&errs);
	cli_printf(cli, "Loaded Rollback Changes in %u sec\n",
	    secs_since(t0));
	cli_puts(cli, "Committing.\n");
	cli_printf(cli, "%d items committed in %u sec\n", items,
	    secs_since(t0));
	cli_puts(cli, "Updating.\n");
	cli_printf(cli, "Updated Commit database in %u sec\n",
	    secs_since(t0));
	if (arg_has(a, "last"))
		cli_printf(cli, "Configuration successfully rolled back %u "
		    "commits.\n", arg_u32(a, "n", 1));
	else
		cli_printf(cli, "Configuration successfully rolled back to "
		    "'%s'.\n", arg_str(a, "target"));
	return saved;
}

static int
cmd_rollback_preview(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*t;
	char		*cur;
	int		 rc;

	if ((t = target_text(cli, a)) == NULL)
		return CMD_ERR;
	if ((cur = cmds_config_text(cmds_running())) == NULL)
		return cli_error(cli, "Out of memory");
	rc = ct_changes(cur, t, &sb);
	free(cur);
	if (rc < 0 || sb.oom) {
		sb_free(&sb);
		return cli_error(cli, "Out of memory");
	}
	cli_puts(cli, "Building configuration...\n" XR_VERSION_LINE "\n");
	cli_puts(cli, sb_str(&sb));
	cli_puts(cli, "end\n");
	sb_free(&sb);
	return CMD_OK;
}

static int
cmd_clock_advance(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	loop_warp(arg_u32(a, "secs", 0));
	loop_run_once(0);	/* fire what became due right away */
	return CMD_OK;
}

#define H_ROLLBACK	"rollback=Roll back a configuration"
#define H_CONFIGURATION	"configuration=Roll back the configuration"
#define H_LAST		"last=Roll back the last <n> commits"
#define H_N		"n=Number of commits to roll back"
#define H_TO		"to=Roll back up to (and including) a specific commit"
#define H_TARGET	"target=Commit ID or label"

static const struct cmd exec_rows[] = {
	{ "rollback configuration (last <n:1-100> | to <target:commit-ref>)",
	    cmd_rollback, CMDF_TIMESTAMP,
	    { H_ROLLBACK, H_CONFIGURATION, H_LAST, H_N, H_TO, H_TARGET,
	      NULL } },
	{ "show configuration rollback changes (last <n:1-100> | to "
	    "<target:commit-ref>)", cmd_rollback_preview, CMDF_TIMESTAMP,
	    { "show=Show running system information",
	      "configuration=Contents of configuration",
	      "rollback=Show the changes a rollback would make",
	      "changes=Display the configuration changes",
	      H_LAST, H_N, H_TO, H_TARGET, NULL } },
	CMD_END
};

static const struct cmd debug_rows[] = {
	{ "debug clock advance <secs:1-31536000>", cmd_clock_advance,
	    CMDF_HIDDEN,
	    { "debug=Debugging functions",
	      "clock=The engine clock",
	      "advance=Move the clock forward (tests)",
	      "secs=Seconds", NULL } },
	CMD_END
};

void
cmds_rollback_init(void)
{
	cli_install(MODE_EXEC, exec_rows);
	cli_install(MODE_EXEC, debug_rows);
	cli_install(MODE_ANYCONFIG, debug_rows);
}
