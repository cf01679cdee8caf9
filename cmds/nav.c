/*
 * nav: moving between modes: `configure [terminal | exclusive]` from exec;
 * `end`, `exit` and `root` in every non-block config mode.  Entering
 * config mode begins a configuration session (config_sessions.c; with
 * `exclusive` it also takes the configuration lock, or stays in exec);
 * leaving goes through cmds_leave_config() (the uncommitted-changes
 * question), and the session ends once back in exec.  Ctrl-Z in the
 * terminal runs `end`.
 */
#include "cmds/commit_cmds.h"

static int
cmd_configure(struct cli *cli, const struct cmd_args *a)
{
	if (arg_has(a, "exclusive") && cfgsess_lock(cli) != CMD_OK)
		return CMD_ERR;
	cli_to_config(cli);
	cfgsess_begin(cli);
	return CMD_OK;
}

static int
cmd_end(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	if (cmds_leave_config(cli) != 0)
		return CMD_OK;		/* cancelled: stay */
	cli_to_exec(cli);
	return CMD_OK;
}

static int
cmd_exit(struct cli *cli, const struct cmd_args *a)
{
	if (cli_mode(cli) == MODE_CONFIG)
		return cmd_end(cli, a);
	cli_pop(cli);
	return CMD_OK;
}

static int
cmd_root(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	cli_to_config(cli);
	return CMD_OK;
}

static const struct cmd exec_rows[] = {
	{ "configure [(terminal | exclusive)]", cmd_configure,
	    CMDF_TIMESTAMP, {
	    "configure=Enter configuration mode",
	    "terminal=Configure from the terminal",
	    "exclusive=Configure exclusively from this terminal", NULL } },
	CMD_END
};

static const struct cmd config_rows[] = {
	{ "end", cmd_end, 0, {
	    "end=Exit from configure mode", NULL } },
	{ "exit", cmd_exit, 0, {
	    "exit=Exit from this submode", NULL } },
	{ "root", cmd_root, 0, {
	    "root=Exit to the global configuration mode", NULL } },
	CMD_END
};

void	nav_init(void);

void
nav_init(void)
{
	cli_install(MODE_EXEC, exec_rows);
	cli_install(MODE_ANYCONFIG, config_rows);
}
