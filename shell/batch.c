/*
 * batch: runs a script (-f FILE, -c commands, or stdin that is not a
 * terminal) line by line as if typed.  Input is read through the event
 * loop, so timers and sockets keep being serviced while a script waits
 * for its next line.  cli_ask() answers come from the same source.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/stopsig.h"

struct fdsrc {
	int		 fd;
	struct strbuf	 buf;
	size_t		 pos;
	int		 eof;
	int		 registered;
};

struct cmdsrc {
	char		**cmds;
	size_t		  n, next;
};

static void
on_readable(int fd, short revents, void *arg)
{
	struct fdsrc	*s = arg;
	char		 tmp[16384];
	ssize_t		 n;

	(void)revents;
	n = read(fd, tmp, sizeof(tmp));
	if (n > 0) {
		sb_putn(&s->buf, tmp, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	s->eof = 1;
	loop_fd_del(fd);
	s->registered = 0;
}

/*
 * 1 when the loop is due between two script lines: at most every 2 ms of
 * script time (the coarse clock costs nothing), not at every line -- a
 * poll(2) and the timer scan per line were a quarter of a large paste.
 */
static int
loop_due(void)
{
	static struct timespec	 last;
	struct timespec		 now;

	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &now) != 0)
		return 1;
	if (now.tv_sec == last.tv_sec &&
	    now.tv_nsec - last.tv_nsec < 2000000L)
		return 0;
	last = now;
	return 1;
}

static int
fd_next_line(struct cli *cli, char **out)
{
	struct fdsrc	*s = cli->src;

	if (loop_due())
		loop_run_once(0);
	for (;;) {
		const char	*b = sb_str(&s->buf) + s->pos;
		const char	*nl = strchr(b, '\n');

		if (nl != NULL || (s->eof && *b != '\0')) {
			size_t	 n = nl != NULL ? (size_t)(nl - b) :
			    strlen(b);

			if ((*out = strndup(b, n)) == NULL)
				return -1;
			s->pos += nl != NULL ? n + 1 : n;
			cli->lineno++;
			if (s->pos > 65536 && s->pos >= s->buf.len / 2) {
				/* drop what has been consumed */
				memmove(s->buf.buf, s->buf.buf + s->pos,
				    s->buf.len - s->pos + 1);
				s->buf.len -= s->pos;
				s->pos = 0;
			}
			return 0;
		}
		/* an attached client whose router went away */
		if (s->eof || s->buf.oom || cli->quit)
			return -1;
		/* a stop signal ends the wait for the next line */
		if (stopsig_pending())
			return -1;
		if (!s->registered) {
			if (loop_fd_add(s->fd, POLLIN, on_readable, s) != 0)
				return -1;
			s->registered = 1;
		}
		if (loop_run_once(-1) < 0)
			return -1;
	}
}

static int
cmd_next_line(struct cli *cli, char **out)
{
	struct cmdsrc	*s = cli->src;

	loop_run_once(0);
	if (s->next >= s->n)
		return -1;
	if ((*out = strdup(s->cmds[s->next++])) == NULL)
		return -1;
	cli->lineno++;
	return 0;
}

/* Runs lines until the source ends, an error stops it, or `exit`. */
static int
run_source(struct cli *cli)
{
	char	*line, prompt[256];
	int	 rc;

	/* a stop signal: the lines not run yet never are */
	while (!cli->quit && !stopsig_pending()) {
		if (cli->next_line(cli, &line) != 0)
			return 0;
		if (cli->opts & CLI_OPT_ECHO) {
			cli_prompt(cli, prompt, sizeof(prompt));
			cli->prompt_len = strlen(prompt);
			printf("%s%s\n", prompt, line);
			fflush(stdout);
		}
		rc = cli_run_line(cli, line);
		free(line);
		if (rc != CMD_OK && !(cli->opts & CLI_OPT_CONTINUE))
			return -1;
	}
	return 0;
}

int
batch_run(struct cli *cli, const char *file, char **cmds, size_t ncmds)
{
	struct fdsrc	 fs;
	struct cmdsrc	 cs;
	int		 stopped = 0;

	memset(&fs, 0, sizeof(fs));
	sb_init(&fs.buf);
	if (file != NULL) {
		if ((fs.fd = open(file, O_RDONLY)) == -1) {
			fprintf(stderr, "xrsh: %s: %s\n", file,
			    strerror(errno));
			sb_free(&fs.buf);
			return 2;	/* cannot even start: a usage error */
		}
		cli->origin = file;
	} else if (ncmds == 0) {
		fs.fd = STDIN_FILENO;
		cli->origin = "<stdin>";
	}
	if (file != NULL || ncmds == 0) {
		cli->src = &fs;
		cli->next_line = fd_next_line;
		cli->lineno = 0;
		stopped = run_source(cli) != 0;
		if (fs.registered)
			loop_fd_del(fs.fd);
		if (file != NULL)
			close(fs.fd);
	}
	if (!stopped && !cli->quit && !stopsig_pending() && ncmds > 0) {
		cs.cmds = cmds;
		cs.n = ncmds;
		cs.next = 0;
		cli->src = &cs;
		cli->next_line = cmd_next_line;
		cli->origin = "-c";
		cli->lineno = 0;
		stopped = run_source(cli) != 0;
	}
	cli->next_line = NULL;
	cli->src = NULL;
	/* after a stop signal too (uncommitted work is discarded, said so),
	 * but an attached client does not wait for its router */
	if (!stopped && !cli->quit &&
	    !(stopsig_pending() && cli->remote != NULL))
		cli_at_eof(cli);
	sb_free(&fs.buf);
	return cli->failed ? 1 : 0;
}
