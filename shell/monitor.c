/*
 * monitor: where engine log lines go.  One sink fans them out: to the
 * base sink main.c chose (stdout for --foreground), to the local terminal
 * and to every attached session with `terminal monitor` on.  Without a
 * base sink and without a local terminal they go to stderr, as log.c
 * does by itself (a script sees the engine's messages).
 */
#include <stdio.h>

#include "core/lib/log.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"

static log_sink_fn	 base;
static void		*base_arg;

static void
fanout(enum log_level lvl, const char *line, void *arg)
{
	struct cli	*cli;
	size_t		 i;
	int		 local_term = 0;

	(void)arg;
	if (lvl == LOG_LVL_DEBUG)
		return;
	if (base != NULL)
		base(lvl, line, base_arg);
	for (i = 0; i < cli_session_count(); i++) {
		cli = cli_session_nth(i);
		if (cli->conn != NULL || cli->kind != CLI_INTERACTIVE ||
		    cli_local_message == NULL)
			continue;
		local_term = 1;
		if (cli->monitor)
			cli_local_message(cli, line);
	}
	ctl_server_log(line);
	if (base == NULL && !local_term) {
		fflush(stdout);
		fprintf(stderr, "%s\n", line);
	}
}

void
monitor_install(log_sink_fn fn, void *arg)
{
	base = fn;
	base_arg = arg;
	log_set_sink(fanout, NULL);
}

void
monitor_uninstall(void)
{
	log_set_sink(NULL, NULL);
	base = NULL;
}
