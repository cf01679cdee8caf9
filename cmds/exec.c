/*
 * exec: generic exec-mode commands that need no engine: show version,
 * show clock, show history, terminal length/width/monitor, show terminal,
 * show users, exit/quit.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "cmds/cmds.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"0.1.0"
#endif

static double	start_time;


static int
cmd_show_version(struct cli *cli, const struct cmd_args *a)
{
	double		 up = loop_now() - start_time;
	unsigned long	 s = up > 0 ? (unsigned long)up : 0;

	(void)a;
	if (cli_json(cli)) {
		struct strbuf	 sb = STRBUF_INIT;
		struct json	 j;

		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "software", "xrsh");
		json_kv_str(&j, "version", PACKAGE_VERSION);
		json_kv_str(&j, "built_on", __DATE__ " " __TIME__);
		json_kv_str(&j, "hostname", config_hostname(cmds_running()));
		json_kv_u64(&j, "uptime_seconds", s);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	cli_printf(cli, "xrsh (IOS XR-style router shell), Version %s\n",
	    PACKAGE_VERSION);
	cli_printf(cli, "Copyright (c) the xrsh authors\n\n");
	cli_printf(cli, "Build Information:\n");
	cli_printf(cli, " Built On     : %s %s\n\n", __DATE__, __TIME__);
	cli_printf(cli, "%s uptime is %lu weeks, %lu days, %lu hours, "
	    "%lu minutes\n", config_hostname(cmds_running()),
	    s / 604800, s / 86400 % 7, s / 3600 % 24, s / 60 % 60);
	return CMD_OK;
}

static int
cmd_show_clock(struct cli *cli, const struct cmd_args *a)
{
	struct timeval	 tv;
	struct tm	 tm;
	time_t		 t = loop_wallclock();
	char		 hms[32], rest[64];

	(void)a;
	gettimeofday(&tv, NULL);
	localtime_r(&t, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	strftime(rest, sizeof(rest), "%Z %a %b %-d %Y", &tm);
	if (cli_json(cli)) {
		struct strbuf	 sb = STRBUF_INIT;
		struct json	 j;
		char		 iso[64];

		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S%z", &tm);
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "time", iso);
		json_kv_u64(&j, "epoch", (uint64_t)t);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	cli_printf(cli, "%s.%03ld %s\n", hms, (long)(tv.tv_usec / 1000),
	    rest);
	return CMD_OK;
}

static int
cmd_show_history(struct cli *cli, const struct cmd_args *a)
{
	size_t	 i, n = cli_history_count(cli);

	(void)a;
	if (cli_json(cli)) {
		struct strbuf	 sb = STRBUF_INIT;
		struct json	 j;

		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "history");
		json_arr_begin(&j);
		for (i = 0; i < n; i++)
			json_str(&j, cli_history_line(cli, i));
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	for (i = 0; i < n; i++)
		cli_printf(cli, "%s\n", cli_history_line(cli, i));
	return CMD_OK;
}

static int
cmd_terminal_length(struct cli *cli, const struct cmd_args *a)
{
	cli_set_term_length(cli, arg_u32(a, "lines", 24));
	return CMD_OK;
}

static int
cmd_terminal_width(struct cli *cli, const struct cmd_args *a)
{
	cli_set_term_width(cli, arg_u32(a, "columns", 80));
	return CMD_OK;
}

/* `terminal monitor [disable]`: log lines on this session's terminal */
static int
cmd_terminal_monitor(struct cli *cli, const struct cmd_args *a)
{
	cli_set_monitor(cli, !arg_has(a, "disable"));
	return CMD_OK;
}

/*
 * XR's first two lines [R], then with `terminal monitor` IOS's
 * "Capabilities: Receives Logging Output" (chosen; XR's wording
 * unverified).  `| json`: {"line": "con0_RP0_CPU0", "length": N,
 * "width": N, "monitor": bool} (0: no paging, no width limit).
 */
static int
cmd_show_terminal(struct cli *cli, const struct cmd_args *a)
{
	struct cli_session_info	 si;
	const char		*line;
	int			 vty;

	(void)a;
	cli_session_info(cli, &si);
	vty = si.attached || cli_interactive(cli);
	/* the local session keeps its historical names */
	line = si.attached ? si.line : cli_interactive(cli) ? "vty0" :
	    "con0_RP0_CPU0";
	if (cli_json(cli)) {
		struct strbuf	 sb = STRBUF_INIT;
		struct json	 j;

		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "line", line);
		json_kv_u64(&j, "length", cli_term_length(cli));
		json_kv_u64(&j, "width", cli_term_width(cli));
		json_kv_bool(&j, "monitor", cli_monitor(cli));
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	cli_printf(cli, "Line %s, Location \"0/RP0/CPU0\", Type \"%s\"\n",
	    line, vty ? "VTY" : "Console");
	cli_printf(cli, "Length: %u lines, Width: %u columns\n",
	    cli_term_length(cli), cli_term_width(cli));
	if (cli_monitor(cli))
		cli_puts(cli, "Capabilities: Receives Logging Output\n");
	return CMD_OK;
}

/*
 * show users: one row per CLI session, `*` on the one asking.  XR's
 * header [V per the brief]; the columns under it as IOS aligns them.
 * `| json`: an array of {"line", "user", "service", "conns": 0,
 * "idle_seconds": N, "location", "current": bool}.
 */
static int
cmd_show_users(struct cli *cli, const struct cmd_args *a)
{
	struct cli_session_info	 si;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct cli		*c;
	unsigned long		 idle;
	char			 hms[32];
	size_t			 i;
	int			 json = cli_json(cli);

	(void)a;
	if (json) {
		json_init(&j, &sb);
		json_arr_begin(&j);
	} else
		cli_puts(cli, "   Line            User                 Service"
		    "  Conns   Idle        Location\n");
	for (i = 0; (c = cli_session_nth(i)) != NULL; i++) {
		cli_session_info(c, &si);
		idle = (unsigned long)si.idle;
		if (json) {
			json_obj_begin(&j);
			json_kv_str(&j, "line", si.line);
			json_kv_str(&j, "user", si.user);
			json_kv_str(&j, "service", si.service);
			json_kv_u64(&j, "conns", 0);
			json_kv_u64(&j, "idle_seconds", idle);
			json_kv_str(&j, "location", si.location);
			json_kv_bool(&j, "current", c == cli);
			json_obj_end(&j);
			continue;
		}
		snprintf(hms, sizeof(hms), "%02lu:%02lu:%02lu", idle / 3600,
		    idle / 60 % 60, idle % 60);
		cli_printf(cli, "%-3s%-15s %-20s %-8s %5u  %8s%s%s\n",
		    c == cli ? "*" : "", si.line, si.user, si.service, 0u, hms,
		    si.location[0] != '\0' ? "     " : "", si.location);
	}
	if (!json)
		return CMD_OK;
	json_arr_end(&j);
	json_end(&j);
	return cmds_emit(cli, &sb);
}

static int
cmd_exit(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	cli_quit(cli);
	return CMD_OK;
}

static const struct cmd exec_rows[] = {
	{ "show version", cmd_show_version, CMDF_TIMESTAMP | CMDF_JSON, {
	    "version=Software version info", NULL } },
	{ "show clock", cmd_show_clock, CMDF_TIMESTAMP | CMDF_JSON, {
	    "clock=Display the system clock", NULL } },
	{ "show history", cmd_show_history, CMDF_TIMESTAMP | CMDF_JSON, {
	    "history=Display the session command history", NULL } },
	{ "terminal length <lines:0-512>", cmd_terminal_length, 0, {
	    "length=Set number of lines on a screen",
	    "lines=Number of lines on screen (0 for no pausing)", NULL } },
	{ "terminal width <columns:0-512>", cmd_terminal_width, 0, {
	    "width=Set width of the display terminal",
	    "columns=Number of characters on a screen line (0 for no limit)",
	    NULL } },
	{ "terminal monitor [disable]", cmd_terminal_monitor, 0, {
	    "monitor=Copy log messages to the current terminal line",
	    "disable=Disable terminal monitor", NULL } },
	{ "show terminal", cmd_show_terminal, CMDF_TIMESTAMP | CMDF_JSON, {
	    "terminal=Display terminal configuration parameters", NULL } },
	{ "show users", cmd_show_users, CMDF_TIMESTAMP | CMDF_JSON, {
	    "users=Display information about terminal lines", NULL } },
	{ "exit", cmd_exit, 0, {
	    "exit=Exit from the EXEC", NULL } },
	{ "quit", cmd_exit, 0, {
	    "quit=Exit from the EXEC", NULL } },
	CMD_END
};

void	nav_init(void);

void
cmds_exec_init(void)
{
	start_time = loop_now();
	cli_help_define("show", "Show running system information");
	cli_help_define("terminal", "Set terminal line parameters");
	cli_install(MODE_EXEC, exec_rows);
	nav_init();
}
