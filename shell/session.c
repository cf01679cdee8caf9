/*
 * session: creation and per-session state of a shell session (interactive,
 * batch or loader): userdata, history, terminal size, the prompt.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"
#include "shell/grammar.h"

#define HISTORY_MAX	500

struct cli_hooks	cli_hooks;
void		(*cli_local_message)(struct cli *, const char *);

/* every non-loader session, in creation order */
static struct cli	**sessions;
static size_t		  nsessions, capsessions;
static unsigned		  next_id = 1;

static int
register_session(struct cli *cli)
{
	if (nsessions == capsessions) {
		size_t		 ncap = capsessions ? capsessions * 2 : 8;
		struct cli	**v = reallocarray(sessions, ncap, sizeof(*v));

		if (v == NULL)
			return -1;
		sessions = v;
		capsessions = ncap;
	}
	sessions[nsessions++] = cli;
	return 0;
}

static void
unregister_session(struct cli *cli)
{
	size_t	 i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i] == cli) {
			memmove(sessions + i, sessions + i + 1,
			    (nsessions - i - 1) * sizeof(*sessions));
			nsessions--;
			break;
		}
	if (nsessions == 0) {
		free(sessions);
		sessions = NULL;
		capsessions = 0;
	}
}

/* the login name of uid (the environment's for our own uid) */
void
cli_user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd	*pw;
	const char	*u;

	if (uid == getuid() && (u = getenv("USER")) != NULL && *u != '\0' &&
	    (pw = getpwnam(u)) != NULL && pw->pw_uid == uid) {
		strlcpy(buf, u, len);
		return;
	}
	if ((pw = getpwuid(uid)) != NULL)
		strlcpy(buf, pw->pw_name, len);
	else
		snprintf(buf, len, "%lu", (unsigned long)uid);
}

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
	if (kind != CLI_LOADER) {
		if (register_session(cli) != 0) {
			free(cli);
			return NULL;
		}
		cli->id = next_id++;
		cli->started = loop_wallclock();
		cli->last_used = loop_now();
		cli->monitor = kind == CLI_INTERACTIVE;
		cli->pid = (long)getpid();
		strlcpy(cli->line_name, "con0", sizeof(cli->line_name));
		cli_user_name(getuid(), cli->user, sizeof(cli->user));
		if (cli_hooks.session_new != NULL)
			cli_hooks.session_new(cli);
	}
	return cli;
}

void
cli_free(struct cli *cli)
{
	size_t	 i;

	if (cli == NULL)
		return;
	if (cli->kind != CLI_LOADER) {
		if (cli_hooks.session_free != NULL)
			cli_hooks.session_free(cli);
		unregister_session(cli);
	}
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

	size_t	 i;

	if ((l = strdup(line)) == NULL)
		return;
	/*
	 * Up to twice HISTORY_MAX lines are kept, the last HISTORY_MAX
	 * shown: the oldest half goes at once, so a long script does not
	 * shift the array at every line.
	 */
	if (cli->nhist == 2 * HISTORY_MAX) {
		for (i = 0; i < HISTORY_MAX; i++)
			free(cli->hist[i]);
		memmove(cli->hist, cli->hist + HISTORY_MAX,
		    HISTORY_MAX * sizeof(*cli->hist));
		cli->nhist = HISTORY_MAX;
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
	return cli->nhist < HISTORY_MAX ? cli->nhist : HISTORY_MAX;
}

const char *
cli_history_line(const struct cli *cli, size_t i)
{
	size_t	 n = cli_history_count(cli);

	return i < n ? cli->hist[cli->nhist - n + i] : NULL;
}

void
cli_prompt(const struct cli *cli, char *buf, size_t len)
{
	const char		*host = NULL;
	const struct mode_def	*m;
	int			 mode;

	if (cli->remote != NULL) {
		remote_prompt(cli, buf, len);
		return;
	}
	mode = cli_mode(cli);

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

size_t
cli_session_count(void)
{
	return nsessions;
}

struct cli *
cli_session_nth(size_t i)
{
	return i < nsessions ? sessions[i] : NULL;
}

void
cli_session_info(const struct cli *cli, struct cli_session_info *si)
{
	double	 idle = loop_now() - cli->last_used;

	memset(si, 0, sizeof(*si));
	si->id = cli->id;
	si->line = cli->line_name;
	si->user = cli->user;
	si->attached = cli->conn != NULL;
	si->service = si->attached ? "attach" : "console";
	si->location = cli->location;
	si->pid = cli->pid;
	si->started = cli->started;
	si->idle = idle > 0 ? idle : 0;
	si->interactive = cli->kind == CLI_INTERACTIVE;
}

void
cli_session_message(struct cli *cli, const char *text)
{
	if (cli->conn != NULL)
		ctl_conn_message(cli->conn, text);
	else if (cli->kind == CLI_INTERACTIVE && cli_local_message != NULL)
		cli_local_message(cli, text);
	else if (cli->kind == CLI_BATCH) {
		fflush(stdout);
		fprintf(stderr, "%s\n", text);
		fflush(stderr);
	}
}

int
cli_monitor(const struct cli *cli)
{
	return cli->monitor;
}

void
cli_set_monitor(struct cli *cli, int on)
{
	cli->monitor = on != 0;
}

void
cli_at_eof(struct cli *cli)
{
	if (cli->remote != NULL)
		remote_at_eof(cli);
	else if (cli_hooks.at_eof != NULL)
		cli_hooks.at_eof(cli);
}
