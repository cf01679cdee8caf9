/*
 * session: creation and per-session state of a shell session (interactive,
 * batch or loader): userdata, history, terminal size, the prompt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"
#include "shell/grammar.h"

#define HISTORY_MAX	500

struct cli_hooks	cli_hooks;

void
cli_set_hooks(const struct cli_hooks *h)
{
	cli_hooks = *h;
}

struct cli *
cli_new(enum cli_kind kind, unsigned opts)
{
	struct cli	*cli;

	if ((cli = calloc(1, sizeof(*cli))) == NULL)
		return NULL;
	cli->kind = kind;
	cli->opts = opts;
	cli->depth = 1;
	cli->stack[0].mode = MODE_EXEC;
	cli->term_len = kind == CLI_INTERACTIVE ? 24 : 0;
	/*
	 * Interactively the width follows the terminal (out_begin()) until
	 * `terminal width` sets it, as XR takes it from the client's window
	 * size; scripts and files get no limit, as they get no paging.
	 */
	cli->term_width = kind == CLI_INTERACTIVE ? 80 : 0;
	cli->origin = kind == CLI_INTERACTIVE ? "<tty>" : "<stdin>";
	sb_init(&cli->partial);
	if (kind != CLI_LOADER && cli_hooks.session_new != NULL)
		cli_hooks.session_new(cli);
	return cli;
}

void
cli_free(struct cli *cli)
{
	size_t	 i;

	if (cli == NULL)
		return;
	if (cli->kind != CLI_LOADER && cli_hooks.session_free != NULL)
		cli_hooks.session_free(cli);
	cli_stack_clear(cli->stack, cli->depth);
	for (i = 0; i < cli->nopeners; i++)
		cli_stack_clear(cli->openers[i].stack, cli->openers[i].depth);
	free(cli->openers);
	for (i = 0; i < cli->nhist; i++)
		free(cli->hist[i]);
	free(cli->hist);
	pipe_clear(cli);
	sb_free(&cli->partial);
	free(cli);
}

void *
cli_userdata(const struct cli *cli)
{
	return cli->userdata;
}

void
cli_set_userdata(struct cli *cli, void *p)
{
	cli->userdata = p;
}

const char *
cli_raw_line(const struct cli *cli)
{
	return cli->raw_line;
}

int
cli_interactive(const struct cli *cli)
{
	return cli->kind == CLI_INTERACTIVE;
}

int
cli_json(const struct cli *cli)
{
	return cli->json;
}

void
cli_quit(struct cli *cli)
{
	cli->quit = 1;
}

void
cli_set_term_length(struct cli *cli, unsigned n)
{
	cli->term_len = n;
}

unsigned
cli_term_length(const struct cli *cli)
{
	return cli->term_len;
}

void
cli_set_term_width(struct cli *cli, unsigned n)
{
	cli->term_width = n;
	cli->term_width_set = 1;
}

unsigned
cli_term_width(const struct cli *cli)
{
	return cli->term_width;
}

void
cli_history_add(struct cli *cli, const char *line)
{
	char	*l;

	if ((l = strdup(line)) == NULL)
		return;
	if (cli->nhist == HISTORY_MAX) {
		free(cli->hist[0]);
		memmove(cli->hist, cli->hist + 1,
		    (cli->nhist - 1) * sizeof(*cli->hist));
		cli->nhist--;
	}
	if (cli->nhist == cli->caphist) {
		size_t	 ncap = cli->caphist ? cli->caphist * 2 : 32;
		char	**nh = reallocarray(cli->hist, ncap, sizeof(*nh));

		if (nh == NULL) {
			free(l);
			return;
		}
		cli->hist = nh;
		cli->caphist = ncap;
	}
	cli->hist[cli->nhist++] = l;
}

size_t
cli_history_count(const struct cli *cli)
{
	return cli->nhist;
}

const char *
cli_history_line(const struct cli *cli, size_t i)
{
	return i < cli->nhist ? cli->hist[i] : NULL;
}

void
cli_prompt(const struct cli *cli, char *buf, size_t len)
{
	const char		*host = NULL;
	const struct mode_def	*m;
	int			 mode = cli_mode(cli);

	if (cli_hooks.hostname != NULL)
		host = cli_hooks.hostname();
	if (host == NULL || *host == '\0')
		host = "ios";
	m = grammar_mode(mode);
	if (mode == MODE_EXEC || m == NULL || m->name == NULL)
		snprintf(buf, len, "RP/0/RP0/CPU0:%s#", host);
	else
		snprintf(buf, len, "RP/0/RP0/CPU0:%s(%s)#", host, m->name);
}
