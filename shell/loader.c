/*
 * loader: sessions without a terminal that run configuration text through
 * the same matcher (rollback, `load`, the saved configuration at start).
 * They start in (config), print nothing, and stop at the first error,
 * remembering it as "ORIGIN:LINE: message".
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
	while (*p != '\0') {
		size_t	 n;
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
			free(line);
			break;
		}
		rc = cli_run_line(cli, line);
		if (rc != CMD_OK) {
			if (cli->loader_err[0] == '\0')
				snprintf(cli->loader_err,
				    sizeof(cli->loader_err),
				    "%s:%lu: %% Failed: \"%s\"", cli->origin,
				    cli->lineno, line);
			free(line);
			return -1;
		}
		free(line);
	}
	if (grammar_mode_is_block(cli_mode(cli))) {
		const struct mode_def	*m = grammar_mode(cli_mode(cli));

		snprintf(cli->loader_err, sizeof(cli->loader_err),
		    "%s:%lu: %% Incomplete definition at end of input (%s)",
		    cli->origin, cli->lineno, m->name);
		return -1;
	}
	return 0;
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
