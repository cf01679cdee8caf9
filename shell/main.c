/*
 * main: options, start-up order and the choice between an interactive
 * session (stdin is a terminal) and batch mode (-f, -c, or a script on
 * stdin).  Exit status: 0 ok, 1 a command failed, 2 usage error.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds/cmds.h"
#include "shell/cli_int.h"
#include "shell/grammar.h"

#define CMDS_MAX	256

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: xrsh [-f FILE] [-c CMD]... [--echo] [--continue] "
	    "[--timestamps]\n"
	    "            [--config FILE]\n"
	    "  -f FILE          run the lines of FILE as if typed, then exit\n"
	    "  -c CMD           run CMD (repeatable), then exit\n"
	    "  --echo           print a transcript with prompts\n"
	    "  --continue       keep going after a failing line\n"
	    "  --timestamps     print timestamp lines in batch mode too\n"
	    "  --config FILE    saved running configuration "
	    "(default: state directory)\n"
	    "  --help           this text\n"
	    "Without -f/-c, a script on stdin runs in batch mode; a terminal "
	    "gets the shell.\n");
}

enum {
	OPT_ECHO = 256, OPT_CONTINUE, OPT_TIMESTAMPS, OPT_CONFIG, OPT_HELP,
	OPT_CHECK
};

static const struct option longopts[] = {
	{ "echo",		no_argument,		NULL,	OPT_ECHO },
	{ "continue",		no_argument,		NULL,	OPT_CONTINUE },
	{ "timestamps",		no_argument,		NULL,	OPT_TIMESTAMPS },
	{ "config",		required_argument,	NULL,	OPT_CONFIG },
	{ "help",		no_argument,		NULL,	OPT_HELP },
	{ "check-grammar",	no_argument,		NULL,	OPT_CHECK },
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

int
main(int argc, char *argv[])
{
	struct cli	*cli;
	const char	*file = NULL, *config = NULL;
	char		*cmds[CMDS_MAX], err[512];
	size_t		 ncmds = 0;
	unsigned	 opts = 0;
	int		 ch, check = 0, rc;

	setlocale(LC_CTYPE, "");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "f:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'c':
			if (ncmds == CMDS_MAX) {
				fprintf(stderr, "xrsh: too many -c options\n");
				return 2;
			}
			cmds[ncmds++] = optarg;
			break;
		case OPT_ECHO:
			opts |= CLI_OPT_ECHO;
			break;
		case OPT_CONTINUE:
			opts |= CLI_OPT_CONTINUE;
			break;
		case OPT_TIMESTAMPS:
			opts |= CLI_OPT_TIMESTAMPS;
			break;
		case OPT_CONFIG:
			config = optarg;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_CHECK:
			check = 1;
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

	builtin_init();
	if (cmds_init() == -1) {
		fprintf(stderr, "xrsh: out of memory\n");
		return 1;
	}
	if (check)
		return check_grammar() == 0 ? 0 : 1;
	if (cmds_start(config, err, sizeof(err)) != 0)
		fprintf(stderr, "xrsh: warning: %s\n", err);

	if (file == NULL && ncmds == 0 && isatty(STDIN_FILENO)) {
		check_grammar();
		if ((cli = cli_new(CLI_INTERACTIVE, opts)) == NULL) {
			fprintf(stderr, "xrsh: out of memory\n");
			return 1;
		}
		rc = term_run(cli);
		if (rc == 0 && cli->failed)
			rc = 0;		/* interactive errors were shown */
	} else {
		if ((cli = cli_new(CLI_BATCH, opts)) == NULL) {
			fprintf(stderr, "xrsh: out of memory\n");
			return 1;
		}
		rc = batch_run(cli, file, cmds, ncmds);
	}
	cli_free(cli);
	return rc;
}
