/*
 * loader: sessions without a terminal that run configuration text through
 * the same matcher (rollback, `load`, the saved configuration at start).
 * They start in (config), print nothing, and stop at the first error,
 * remembering it as "ORIGIN:LINE: message".  A collecting loader (`load`)
 * runs every line instead and keeps all the errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"
#include "shell/grammar.h"

struct cli *
cli_loader_new(void *userdata)
{
	struct cli	*cli;

	if ((cli = cli_new(CLI_LOADER, 0)) == NULL)
		return NULL;
	cli->userdata = userdata;
	if (cli_enter(cli, MODE_CONFIG, NULL) != 0) {
		cli_free(cli);
		return NULL;
	}
	return cli;
}

int
cli_loader_run(struct cli *cli, const char *text, const char *origin)
{
	const char	*p = text, *nl;
	char		*line;

	cli->origin = origin != NULL ? origin : "<config>";
	cli->lineno = 0;
	cli->loader_err[0] = '\0';
	cli->loader_nerr = 0;
	while (*p != '\0') {
		size_t	 n, before;
		int	 rc;

		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if ((line = strndup(p, n)) == NULL) {
			snprintf(cli->loader_err, sizeof(cli->loader_err),
			    "%s:%lu: %% out of memory", cli->origin,
			    cli->lineno + 1);
			return -1;
		}
		cli->lineno++;
		p += nl != NULL ? n + 1 : n;
		/* a saved XR configuration ends with `end`: input ends */
		if (strcmp(line, "end") == 0 &&
		    !grammar_mode_is_block(cli_mode(cli))) {
			cli->lineno--;	/* cli_loader_nlines(): not consumed */
			free(line);
			break;
		}
		before = cli->loader_errs != NULL ? cli->loader_errs->len : 0;
		rc = cli_run_line(cli, line);
		if (rc != CMD_OK) {
			cli->loader_nerr++;
			/* a handler that failed without saying why */
			if (cli->loader_errs != NULL &&
			    cli->loader_errs->len == before)
				sb_printf(cli->loader_errs, "%s:%lu: %% Failed: "
				    "\"%s\"\n", cli->origin, cli->lineno, line);
			if (cli->loader_err[0] == '\0')
				snprintf(cli->loader_err,
				    sizeof(cli->loader_err),
				    "%s:%lu: %% Failed: \"%s\"", cli->origin,
				    cli->lineno, line);
			if (cli->loader_errs == NULL) {
				free(line);
				return -1;
			}
		}
		/*
		 * `exit` at top level does not leave config: text loaded
		 * from a file (and replayed from the target buffer) may
		 * close its blocks that way.
		 */
		if (cli->depth == 1 && cli_enter(cli, MODE_CONFIG, NULL) != 0) {
			snprintf(cli->loader_err, sizeof(cli->loader_err),
			    "%s:%lu: %% out of memory", cli->origin,
			    cli->lineno);
			free(line);
			return -1;
		}
		free(line);
	}
	if (grammar_mode_is_block(cli_mode(cli))) {
		const struct mode_def	*m = grammar_mode(cli_mode(cli));

		cli_error(cli, "Incomplete definition at end of input (%s)",
		    m->name);
		cli->loader_nerr++;
		return -1;
	}
	return cli->loader_nerr > 0 ? -1 : 0;
}

void
cli_loader_collect(struct cli *cli, struct strbuf *errs,
    const char *const *deny)
{
	cli->loader_errs = errs;
	cli->loader_deny = deny;
}

unsigned long
cli_loader_nerrors(const struct cli *cli)
{
	return cli->loader_nerr;
}

unsigned long
cli_loader_nlines(const struct cli *cli)
{
	return cli->lineno;
}

const char *
cli_loader_error(const struct cli *cli)
{
	return cli->loader_err;
}

void
cli_loader_free(struct cli *cli)
{
	cli_free(cli);
}
