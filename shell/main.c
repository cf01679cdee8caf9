/*
 * main: options, start-up order and the choice between an interactive
 * session (stdin is a terminal), batch mode (-f, -c, or a script on
 * stdin) and a router without a terminal (--foreground).  The BGP engine
 * starts before the saved configuration is loaded (the load hands it the
 * configuration) and stops last, closing its sessions with a Cease.
 * Exit status: 0 ok, 1 a command failed, 2 usage error, 128 + N after
 * stop signal N (stopsig.h) outside --foreground.
 */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds/cmds.h"
#include "core/bgp/engine.h"
#include "core/lib/log.h"
#include "core/lib/logbuf.h"
#include "core/lib/loop.h"
#include "core/lib/sdnotify.h"
#include "demo/demo.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"
#include "shell/grammar.h"
#include "shell/stopsig.h"

#define CMDS_MAX	256
#define DEMO_WAIT_SECS	30

/* --command-reference: every command of every mode, with its help */
static int
print_reference(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc = 0;

	grammar_reference(&sb);
	if (sb.oom) {
		fprintf(stderr, "xrsh: out of memory\n");
		rc = 1;
	} else
		fputs(sb_str(&sb), stdout);
	sb_free(&sb);
	return rc;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: xrsh [-f FILE] [-c CMD]... [--echo] [--continue] "
	    "[--timestamps]\n"
	    "            [--config FILE] [--offline] [--foreground]\n"
	    "            [--listen ADDR]... [--port N]\n"
	    "       xrsh --demo [-f FILE] [-c CMD]... [--echo] [--continue] "
	    "[--port N]\n"
	    "       xrsh --attach [--socket PATH] [-f FILE] [-c CMD]... "
	    "[--echo] [--continue]\n"
	    "       xrsh --check FILE\n"
	    "       xrsh --command-reference | --version | --help\n"
	    "  -f FILE          run the lines of FILE as if typed, then exit\n"
	    "  -c CMD           run CMD (repeatable), then exit\n"
	    "  --echo           print a transcript with prompts\n"
	    "  --continue       keep going after a failing line\n"
	    "  --timestamps     print timestamp lines in batch mode too\n"
	    "  --config FILE    saved running configuration "
	    "(default: see Files)\n"
	    "  --offline        BGP engine without sockets: no listener, "
	    "no connection\n"
	    "  --foreground     run as a router without a terminal until "
	    "SIGTERM/SIGINT\n"
	    "                   (after the -f/-c script, if any); logs go "
	    "to stdout\n"
	    "  --listen ADDR    BGP listen address (repeatable; default: "
	    "all IPv4 and IPv6)\n"
	    "  --port N         BGP port to listen on and connect to "
	    "(default 179)\n"
	    "  --socket PATH    control socket: served by a router "
	    "(interactive, --foreground,\n"
	    "                   --demo), used by --attach (default: "
	    "$XRSH_SOCKET, else\n"
	    "                   $XDG_RUNTIME_DIR/xrsh/xrsh.sock, else "
	    "/run/xrsh/xrsh.sock for root)\n"
	    "  --attach         open a CLI session on the router that "
	    "serves the socket\n"
	    "  --demo           start the built-in demo lab: xrsh plus three "
	    "BGP speakers\n"
	    "                   on 127.0.0.2-4 (see README)\n"
	    "  --check FILE     validate a configuration file like a commit, "
	    "print FILE:LINE\n"
	    "                   errors, exit 0 (valid) or 1; starts nothing\n"
	    "  --command-reference  print every command of every mode with "
	    "its help\n"
	    "  --version        print the version\n"
	    "  --help           this text\n"
	    "Without -f/-c, a script on stdin runs in batch mode; a terminal "
	    "gets the shell.\n"
	    "Files: the saved running configuration: --config FILE, else "
	    "$XRSH_CONFIG, else\n"
	    "  ${XDG_STATE_HOME:-~/.local/state}/xrsh/running.cfg, or for "
	    "root without\n"
	    "  XDG_STATE_HOME /etc/xrsh/running.cfg (FILE); the commit "
	    "history is kept in\n"
	    "  FILE.commits/\n"
	    "Signals: with --foreground, SIGTERM or SIGINT closes every BGP "
	    "session (Cease)\n"
	    "  and exits 0; SIGHUP reloads the saved configuration.  A script "
	    "stops the same\n"
	    "  way on SIGTERM, SIGHUP or SIGINT, the shell on SIGTERM or "
	    "SIGHUP (Ctrl-C\n"
	    "  clears the line), exiting 128+signal.  Kernel routes "
	    "(fib install) go too.\n"
	    "Exit status: 0 success, 1 a command failed (or --check found "
	    "errors, or the\n"
	    "  start failed), 2 usage error, 128+N stopped by signal N.\n"
	    "XRSH_LOOPBACK_ONLY=1 in the environment: the engine refuses "
	    "every connection\n"
	    "to or from an address outside 127.0.0.0/8 and ::1 (BGP and "
	    "BMP: unless it runs\n"
	    "in a network namespace of its own).  See xrsh(1).\n");
}

enum {
	OPT_ECHO = 256, OPT_CONTINUE, OPT_TIMESTAMPS, OPT_CONFIG, OPT_HELP,
	OPT_CHECK_GRAMMAR, OPT_CHECK, OPT_OFFLINE, OPT_FOREGROUND, OPT_LISTEN,
	OPT_PORT, OPT_VERSION, OPT_DEMO, OPT_COMMAND_REFERENCE, OPT_ATTACH,
	OPT_SOCKET
};

static const struct option longopts[] = {
	{ "echo",		no_argument,		NULL,	OPT_ECHO },
	{ "continue",		no_argument,		NULL,	OPT_CONTINUE },
	{ "timestamps",		no_argument,		NULL,	OPT_TIMESTAMPS },
	{ "config",		required_argument,	NULL,	OPT_CONFIG },
	{ "help",		no_argument,		NULL,	OPT_HELP },
	{ "check-grammar",	no_argument,		NULL,	OPT_CHECK_GRAMMAR },
	{ "check",		required_argument,	NULL,	OPT_CHECK },
	{ "offline",		no_argument,		NULL,	OPT_OFFLINE },
	{ "foreground",		no_argument,		NULL,	OPT_FOREGROUND },
	{ "listen",		required_argument,	NULL,	OPT_LISTEN },
	{ "port",		required_argument,	NULL,	OPT_PORT },
	{ "version",		no_argument,		NULL,	OPT_VERSION },
	{ "demo",		no_argument,		NULL,	OPT_DEMO },
	{ "command-reference",	no_argument,		NULL,
	    OPT_COMMAND_REFERENCE },
	{ "attach",		no_argument,		NULL,	OPT_ATTACH },
	{ "socket",		required_argument,	NULL,	OPT_SOCKET },
	{ NULL,			0,			NULL,	0 }
};

/* every row has help, no duplicates: prints problems, returns count */
static int
check_grammar(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 n;

	n = grammar_check(&sb);
	if (n > 0)
		fprintf(stderr, "%s", sb_str(&sb));
	sb_free(&sb);
	return n;
}

/* the line before the orderly stop, whichever mode got the signal */
static void
log_stop(int sig)
{
	log_info("%s received: closing every BGP session "
	    "(Cease, Administrative Shutdown)", stopsig_name(sig));
}

/* systemd wants the reload's start time with RELOADING=1 (since v253) */
static void
reload_notify(void)
{
	struct timespec	 ts;
	char		 msg[64];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000);
	sd_notify_msg(msg);
}

/* --foreground: every log line to stdout, with the syslog prefix */
static void
foreground_sink(enum log_level lvl, const char *line, void *arg)
{
	const struct logbuf_ent	*last;
	char			 pfx[LOGBUF_PREFIX_MAX] = "";

	(void)arg;
	if (lvl == LOG_LVL_DEBUG)
		return;
	/* log_msg() keeps the line just before handing it to us */
	last = logbuf_count() > 0 ? logbuf_nth(logbuf_count() - 1) : NULL;
	if (last != NULL && strcmp(last->text, line) == 0)
		logbuf_prefix(last, pfx, sizeof(pfx));
	printf("%s%s\n", pfx, line);
	fflush(stdout);
}

static int
parse_port(const char *s, uint16_t *port)
{
	uint32_t	 v;

	if (parse_u32(s, 1, 65535, &v) != 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int	bad_usage(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

/* a bad option value: one line, exit status 2 */
static int
bad_usage(const char *fmt, ...)
{
	va_list	 ap;

	fputs("xrsh: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see xrsh --help)\n", stderr);
	return 2;
}

/* --check FILE: the text of cmds_check_file() on the right stream */
static int
check_file(const char *path)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc;

	rc = cmds_check_file(path, &sb);
	if (sb.oom) {
		fprintf(stderr, "xrsh: out of memory\n");
		sb_free(&sb);
		return 1;
	}
	if (rc == 0)
		printf("%s: configuration OK\n", path);
	else
		fputs(sb_str(&sb), stderr);
	sb_free(&sb);
	return rc == 0 ? 0 : 1;
}

/*
 * The control socket: --socket PATH or $XRSH_SOCKET must work (-1 after
 * saying why); the default path is best effort (another router may hold
 * it), noted in the log.
 */
static int
start_serving(const char *path)
{
	char		 def[512], err[640];
	const char	*env = getenv("XRSH_SOCKET");

	if (path == NULL && env != NULL && *env != '\0')
		path = env;
	if (path != NULL) {
		if (ctl_server_start(path, err, sizeof(err)) != 0) {
			fprintf(stderr, "xrsh: control socket: %s\n", err);
			return -1;
		}
		return 0;
	}
	if (ctl_default_path(def, sizeof(def), err, sizeof(err)) != 0 ||
	    ctl_server_start(def, err, sizeof(err)) != 0)
		log_info("%%XRSH-CTL-6-NOT_SERVING: no attached sessions: "
		    "%s", err);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct cli		*cli;
	struct bgp_engine_opts	 eo;
	const char		*file = NULL, *config = NULL, *check = NULL;
	const char		*env;
	char			*cmds[CMDS_MAX], err[512];
	size_t			 ncmds = 0;
	unsigned		 opts = 0, sigf;
	int			 ch, check_grammar_only = 0, foreground = 0, rc;
	int			 engine_opts = 0, shell_opts = 0;
	int			 demo = 0, port_given = 0, reference = 0;
	int			 attach = 0, serve;
	const char		*socket_path = NULL;
	char			 demo_cfg[512];

	setlocale(LC_CTYPE, "");
	/* a demo lab speaker: a child of `xrsh --demo`, not a shell */
	if (argc > 1 && strcmp(argv[1], "--demo-peer") == 0)
		return demo_peer_main(argc - 1, argv + 1);
	memset(&eo, 0, sizeof(eo));
	eo.port = 179;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "f:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			shell_opts++;
			break;
		case 'c':
			if (ncmds == CMDS_MAX) {
				fprintf(stderr, "xrsh: too many -c options\n");
				return 2;
			}
			cmds[ncmds++] = optarg;
			shell_opts++;
			break;
		case OPT_ECHO:
			opts |= CLI_OPT_ECHO;
			shell_opts++;
			break;
		case OPT_CONTINUE:
			opts |= CLI_OPT_CONTINUE;
			shell_opts++;
			break;
		case OPT_TIMESTAMPS:
			opts |= CLI_OPT_TIMESTAMPS;
			shell_opts++;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("xrsh %s\n", PACKAGE_VERSION);
			return 0;
		case OPT_CHECK_GRAMMAR:
			check_grammar_only = 1;
			break;
		case OPT_CHECK:
			check = optarg;
			break;
		case OPT_OFFLINE:
			eo.offline = 1;
			break;
		case OPT_FOREGROUND:
			foreground = 1;
			engine_opts++;
			break;
		case OPT_LISTEN:
			if (eo.nlisten == BGP_ENGINE_LISTEN_MAX)
				return bad_usage("too many --listen options "
				    "(at most %d)", BGP_ENGINE_LISTEN_MAX);
			if (addr_parse(optarg, &eo.listen[eo.nlisten]) != 0)
				return bad_usage("bad --listen address '%s'",
				    optarg);
			eo.nlisten++;
			engine_opts++;
			break;
		case OPT_PORT:
			if (parse_port(optarg, &eo.port) != 0)
				return bad_usage("bad --port '%s': use "
				    "1-65535", optarg);
			engine_opts++;
			port_given = 1;
			break;
		case OPT_DEMO:
			demo = 1;
			break;
		case OPT_COMMAND_REFERENCE:
			reference = 1;
			break;
		case OPT_ATTACH:
			attach = 1;
			break;
		case OPT_SOCKET:
			socket_path = optarg;
			break;
		default:
			if (optopt != 0 && optopt < 256)
				fprintf(stderr, "xrsh: bad option -%c\n",
				    optopt);
			else
				fprintf(stderr, "xrsh: bad option %s\n",
				    argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xrsh: unexpected argument %s\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	/* --offline and --config are harmless with --check (test helpers
	 * pass them everywhere); anything that would run something is not */
	if (check != NULL && (shell_opts > 0 || engine_opts > 0 ||
	    check_grammar_only))
		return bad_usage("--check FILE combines with no other "
		    "option");
	if (demo && (check != NULL || config != NULL || eo.offline ||
	    foreground || eo.nlisten > 0 || check_grammar_only))
		return bad_usage("--demo runs its own lab: it combines only "
		    "with -f, -c, --echo, --continue, --timestamps and "
		    "--port");
	if (attach) {
		struct attach_opts	 ao;

		if (check != NULL || config != NULL || demo || engine_opts > 0 ||
		    eo.offline || check_grammar_only || reference)
			return bad_usage("--attach combines only with "
			    "--socket, -f, -c, --echo, --continue and "
			    "--timestamps");
		memset(&ao, 0, sizeof(ao));
		ao.socket = socket_path;
		ao.file = file;
		ao.cmds = cmds;
		ao.ncmds = ncmds;
		ao.opts = opts;
		/* the client holds no routes, but it leaves the terminal
		 * and the router's session in order too */
		if (stopsig_init(file == NULL && ncmds == 0 &&
		    isatty(STDIN_FILENO) ? 0 : STOPSIG_INT) != 0) {
			fprintf(stderr, "xrsh: cannot set up signals\n");
			return 1;
		}
		rc = attach_main(&ao);
		return stopsig_pending() ? 128 + stopsig_pending() : rc;
	}
	if ((env = getenv("XRSH_LOOPBACK_ONLY")) != NULL && *env != '\0' &&
	    strcmp(env, "0") != 0)
		eo.loopback_only = 1;

	builtin_init();
	if (cmds_init() == -1) {
		fprintf(stderr, "xrsh: out of memory\n");
		return 1;
	}
	if (check_grammar_only)
		return check_grammar() == 0 ? 0 : 1;
	if (reference)
		return print_reference();
	if (check != NULL)
		return check_file(check);

	/* a peer that resets its connection must not kill the router */
	signal(SIGPIPE, SIG_IGN);
	if (demo) {
		if (demo_lab_start(port_given ? eo.port : 0, &eo.port,
		    demo_cfg, sizeof(demo_cfg), err, sizeof(err)) != 0) {
			fprintf(stderr, "xrsh: demo: %s\n", err);
			return 1;
		}
		atexit(demo_lab_stop);
		if (addr_parse(DEMO_LOCAL_ADDR, &eo.listen[0]) != 0) {
			fprintf(stderr, "xrsh: demo: bad lab address\n");
			return 1;
		}
		eo.nlisten = 1;
		config = demo_cfg;
	}
	/*
	 * From here on a stop signal ends every mode through the exit path
	 * below, which takes our routes out of the kernel: --foreground and
	 * scripts on SIGTERM, SIGHUP and SIGINT (--foreground reloads on
	 * SIGHUP), the interactive shell on SIGTERM and SIGHUP (Ctrl-C
	 * clears the line there).
	 */
	if (foreground)
		sigf = STOPSIG_INT | STOPSIG_RELOAD | STOPSIG_ALWAYS;
	else if (file == NULL && ncmds == 0 && isatty(STDIN_FILENO))
		sigf = 0;
	else
		sigf = STOPSIG_INT;
	if (stopsig_init(sigf) != 0) {
		fprintf(stderr, "xrsh: cannot set up signals\n");
		return 1;
	}
	if (bgp_engine_start(&eo, err, sizeof(err)) != 0) {
		fprintf(stderr, "xrsh: %s\n", err);
		return 1;
	}
	monitor_install(foreground ? foreground_sink : NULL, NULL);
	if (cmds_start(config, err, sizeof(err)) != 0)
		fprintf(stderr, "xrsh: warning: %s\n", err);
	/* a router serves attached sessions; a script does not */
	serve = foreground || (file == NULL && ncmds == 0 &&
	    isatty(STDIN_FILENO));
	if (serve && start_serving(socket_path) != 0) {
		monitor_uninstall();
		bgp_engine_stop();
		return 1;
	}
	/* the banner is output in the shell, a side note in batch mode */
	if (demo && demo_lab_wait(DEMO_WAIT_SECS, file == NULL && ncmds == 0 &&
	    isatty(STDIN_FILENO) ? stdout : stderr, cli_stop_requested, err,
	    sizeof(err)) != 0)
		fprintf(stderr, "xrsh: demo: warning: %s\n", err);

	rc = 0;
	if (foreground) {
		/* also tells whoever started us that signals are handled */
		log_info("xrsh %s running in the foreground: BGP %s, port %u",
		    PACKAGE_VERSION, eo.offline ? "offline" : "online",
		    (unsigned)eo.port);
		/* the script (if any) first, then serve until told to stop */
		if (file != NULL || ncmds > 0) {
			if ((cli = cli_new(CLI_BATCH, opts)) == NULL) {
				fprintf(stderr, "xrsh: out of memory\n");
				bgp_engine_stop();
				return 1;
			}
			if (batch_run(cli, file, cmds, ncmds) != 0)
				fprintf(stderr, "xrsh: warning: the script "
				    "failed; running on\n");
			cli_free(cli);
		}
		sd_notify_msg("READY=1");
		while (!stopsig_pending()) {
			if (stopsig_take_reload()) {
				reload_notify();
				/* logged either way; running stays on error */
				cmds_reload_saved(err, sizeof(err));
				sd_notify_msg("READY=1");
			}
			if (loop_run_once(-1) < 0)
				break;
		}
		sd_notify_msg("STOPPING=1");
		log_stop(stopsig_pending());
		ctl_server_stop();
		bgp_engine_stop();
		monitor_uninstall();
		return 0;
	}
	if (file == NULL && ncmds == 0 && isatty(STDIN_FILENO)) {
		check_grammar();
		if ((cli = cli_new(CLI_INTERACTIVE, opts)) == NULL) {
			fprintf(stderr, "xrsh: out of memory\n");
			bgp_engine_stop();
			return 1;
		}
		rc = term_run(cli);
		if (rc == 0 && cli->failed)
			rc = 0;		/* interactive errors were shown */
	} else {
		if ((cli = cli_new(CLI_BATCH, opts)) == NULL) {
			fprintf(stderr, "xrsh: out of memory\n");
			bgp_engine_stop();
			return 1;
		}
		rc = batch_run(cli, file, cmds, ncmds);
	}
	cli_free(cli);
	/* the session ended in order; now the router */
	if (stopsig_pending()) {
		log_stop(stopsig_pending());
		rc = 128 + stopsig_pending();
	}
	ctl_server_stop();
	bgp_engine_stop();
	monitor_uninstall();
	if (demo)
		demo_lab_stop();
	return rc;
}
