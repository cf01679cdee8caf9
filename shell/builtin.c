/*
 * builtin: the shell's own rows.  `do` (any config mode), the output
 * modifiers after `|`, and the hidden commands valid in every mode:
 * `complete <line>` and `describe <line>` print what TAB and `?` would,
 * `debug log-message <s> <text>` schedules an engine log line (used to
 * test the redraw of the line being edited).
 */
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/grammar.h"
#include "shell/match.h"

/* `do` never runs: run.c executes the exec command it carries */
static int
cmd_do(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return cli_error(cli, "do: no command");
}

/* pipe rows carry no behaviour either: run.c reads their arguments */
static int
cmd_pipe(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	(void)a;
	return CMD_OK;
}

/* the line after the hidden command's own keyword, as typed */
static const char *
rest_of_line(const struct cmd_args *a)
{
	const char	*s = arg_line(a);

	s += strcspn(s, " \t");
	if (*s != '\0')
		s++;		/* exactly one separator */
	return s;
}

static int
cmd_describe(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;

	cli_describe(cli, rest_of_line(a), &sb);
	cli_puts(cli, sb_str(&sb));
	sb_free(&sb);
	return CMD_OK;
}

static int
cmd_complete(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;

	cli_complete(cli, rest_of_line(a), &sb);
	cli_puts(cli, sb_str(&sb));
	sb_free(&sb);
	return CMD_OK;
}

static void
log_fire(void *arg)
{
	char	*msg = arg;

	log_info("%s", msg);
	free(msg);
}

static int
cmd_debug_log(struct cli *cli, const struct cmd_args *a)
{
	char	*msg;

	if ((msg = strdup(arg_str(a, "text"))) == NULL)
		return cli_error(cli, "out of memory");
	if (loop_timer_add(arg_u32(a, "seconds", 1), log_fire, msg) == NULL) {
		free(msg);
		return cli_error(cli, "out of memory");
	}
	return CMD_OK;
}

static const struct cmd do_rows[] = {
	{ "do <command:line>", cmd_do, CMDF_EXECLINE, {
	    "do=Run an exec mode command",
	    "command=Exec Command", NULL } },
	CMD_END
};

static const struct cmd global_rows[] = {
	{ "describe [<line:line>]", cmd_describe, CMDF_HIDDEN | CMDF_NOPIPE, {
	    "describe=Show what ? prints for a line",
	    "line=Command line", NULL } },
	{ "complete [<line:line>]", cmd_complete, CMDF_HIDDEN | CMDF_NOPIPE, {
	    "complete=Show what TAB offers for a line",
	    "line=Command line", NULL } },
	{ "debug log-message <seconds:1-3600> <text:line>", cmd_debug_log,
	    CMDF_HIDDEN, {
	    "debug=Debugging functions",
	    "log-message=Log a message after a delay",
	    "seconds=Delay in seconds",
	    "text=Message text", NULL } },
	CMD_END
};

static const struct cmd pipe_rows[] = {
	{ "begin <regex:line>", cmd_pipe, 0, {
	    "begin=Begin with the line that matches",
	    "regex=Regular Expression", NULL } },
	{ "include <regex:line>", cmd_pipe, 0, {
	    "include=Include lines that match",
	    "regex=Regular Expression", NULL } },
	{ "exclude <regex:line>", cmd_pipe, 0, {
	    "exclude=Exclude lines that match",
	    "regex=Regular Expression", NULL } },
	{ "count", cmd_pipe, 0, {
	    "count=Count the number of lines in the output", NULL } },
	{ "json", cmd_pipe, 0, {
	    "json=Output in JSON format", NULL } },
	CMD_END
};

void
builtin_init(void)
{
	cli_install(MODE_ANYCONFIG, do_rows);
	cli_install(MODE_GLOBAL, global_rows);
	cli_install(MODE_PIPE, pipe_rows);
}
