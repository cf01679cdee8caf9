/*
 * attach: `xrsh --attach`, a CLI session on a router running elsewhere
 * (a service, another terminal).  The client keeps the terminal: the line
 * editor, history, `?` and TAB run here as in a local session (term.c,
 * batch.c), but every line, help request and completion is answered by
 * the router over the control socket (ctl_proto.h), which holds the
 * session's modes and candidate configuration.  While a line runs, its
 * output is printed as it arrives and Ctrl-C tells the router to drop the
 * rest.  Log lines arrive between commands and are drawn above the line
 * being edited.  A router that goes away ends the client with status 1.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"
#include "shell/ctl_proto.h"
#include "shell/stopsig.h"

struct remote {
	int		 fd;
	struct strbuf	 in;
	size_t		 in_pos;
	char		 prompt[256];
	char		 reason[256];	/* BYE text */
	int		 gone;
	int		 dropping;	/* Ctrl-C: output ignored until DONE */
	unsigned	 cols;		/* last width sent */
};

static void
set_gone(struct cli *cli, const char *why)
{
	struct remote	*r = cli->remote;

	if (!r->gone && why != NULL && r->reason[0] == '\0')
		strlcpy(r->reason, why, sizeof(r->reason));
	r->gone = 1;
	cli->quit = 1;
	cli->failed = 1;
}

static int
send_msg(struct cli *cli, int type, const char *p, size_t n)
{
	struct remote	*r = cli->remote;
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 off = 0;
	ssize_t		 w;
	int		 rc = 0;

	if (r->gone)
		return -1;
	ctl_frame_put(&sb, type, p, n);
	if (sb.oom)
		rc = -1;
	while (rc == 0 && off < sb.len) {
		w = write(r->fd, sb.buf + off, sb.len - off);
		if (w > 0)
			off += (size_t)w;
		else if (w < 0 && errno == EINTR)
			continue;
		else
			rc = -1;
	}
	sb_free(&sb);
	if (rc != 0)
		set_gone(cli, NULL);
	return rc;
}

/* Reads what the socket has (blocking if `wait`); -1 when it closed. */
static int
fill(struct cli *cli, int wait)
{
	struct remote	*r = cli->remote;
	struct pollfd	 pfd[2];
	char		 buf[16384];
	ssize_t		 n;

	for (;;) {
		pfd[0].fd = r->fd;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		/* a stop signal's wake-up: the caller sees the flag */
		pfd[1].fd = stopsig_fd();
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (wait && stopsig_pending())
			return 0;
		if (poll(pfd, pfd[1].fd != -1 ? 2 : 1, wait ? -1 : 0) == -1) {
			if (errno != EINTR)
				return -1;
			return 0;	/* Ctrl-C: until_done() sends INTR */
		}
		if (pfd[0].revents == 0)
			return 0;
		n = read(r->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (r->in_pos == r->in.len) {
			sb_reset(&r->in);
			r->in_pos = 0;
		}
		if (sb_putn(&r->in, buf, (size_t)n) != 0 || r->in.oom)
			return -1;
		return 0;
	}
}

/* The next buffered frame, if complete: 1, 0 (none yet), -1 (bad). */
static int
peek(struct cli *cli, int *type, const char **p, size_t *n, size_t *used)
{
	struct remote	*r = cli->remote;
	long		 u;

	u = ctl_frame_get(r->in.buf + r->in_pos, r->in.len - r->in_pos,
	    CTL_MAX_FRAME, type, p, n);
	if (u < 0)
		return -1;
	*used = (size_t)u;
	return u > 0;
}

/* MSG and BYE may come at any time */
static int
async_frame(struct cli *cli, int type, const char *p, size_t n)
{
	struct remote	*r = cli->remote;
	const char	*f;
	size_t		 fl;
	char		*text;

	if (type == CTL_MSG) {
		if (ctl_field(p, n, 0, 0, &f, &fl) == 0 && fl < sizeof(r->prompt))
			strlcpy(r->prompt, f, fl + 1);
		if (ctl_field(p, n, 1, 1, &f, &fl) != 0 ||
		    (text = strndup(f, fl)) == NULL)
			return 1;
		if (cli->kind == CLI_INTERACTIVE)
			term_message(cli, text);
		else {
			fflush(stdout);
			fprintf(stderr, "%s\n", text);
		}
		free(text);
		return 1;
	}
	if (type == CTL_BYE) {
		if ((text = strndup(p, n)) != NULL)
			set_gone(cli, text);
		else
			set_gone(cli, "closed");
		free(text);
		return 1;
	}
	return 0;
}

/* Between commands: the router's unsolicited frames, drawn at once. */
static void
sock_readable(int fd, short revents, void *arg)
{
	struct cli	*cli = arg;
	struct remote	*r = cli->remote;
	const char	*p;
	size_t		 n, used;
	int		 type, rc;

	(void)fd;
	(void)revents;
	if (fill(cli, 0) != 0) {
		loop_fd_del(r->fd);
		set_gone(cli, NULL);
		return;
	}
	while ((rc = peek(cli, &type, &p, &n, &used)) == 1) {
		if (type != CTL_MSG && type != CTL_BYE)
			break;	/* the command loop reads it */
		r->in_pos += used;
		async_frame(cli, type, p, n);
	}
	if (rc < 0 || r->gone) {
		loop_fd_del(r->fd);
		set_gone(cli, NULL);
	}
}

static void
put_out(FILE *f, const char *p, size_t n)
{
	fwrite(p, 1, n, f);
	fflush(f);
}

/* answers a question with the terminal or the script's next line */
static int
answer(struct cli *cli, int type, const char *p, size_t n)
{
	char	 ans[1024], *q, *line = NULL;
	int	 key, rc;

	switch (type) {
	case CTL_ASK:
		if ((q = strndup(p, n)) == NULL)
			return send_msg(cli, CTL_NOANSWER, NULL, 0);
		rc = term_ask(cli, q, ans, sizeof(ans));
		free(q);
		if (rc != 0)
			return send_msg(cli, CTL_NOANSWER, NULL, 0);
		return send_msg(cli, CTL_ANSWER, ans, strlen(ans));
	case CTL_NEXTLINE:
		if (cli->next_line == NULL || cli->next_line(cli, &line) != 0)
			return send_msg(cli, CTL_NOANSWER, NULL, 0);
		line[strcspn(line, "\r\n")] = '\0';
		rc = send_msg(cli, CTL_ANSWER, line, strlen(line));
		free(line);
		return rc;
	case CTL_GETKEY:
		key = term_getkey(cli);
		ans[0] = (char)key;
		return send_msg(cli, CTL_KEY, ans, key >= 0 ? 1 : 0);
	}
	return -1;
}

/*
 * Runs frames until DONE: output to stdout/stderr (or into `into`, for
 * help requests), questions answered.  Returns the line's status.
 */
static int
until_done(struct cli *cli, struct strbuf *into)
{
	struct remote	*r = cli->remote;
	const char	*p, *f;
	size_t		 n, used, fl;
	int		 type, rc, status = CMD_ERR;

	r->dropping = 0;
	for (;;) {
		if (r->gone)
			return CMD_ERR;
		/* SIGTERM/SIGHUP: the client leaves now; its socket closing
		 * ends the session (and what it ran) on the router */
		if (stopsig_pending()) {
			cli->quit = 1;
			return CMD_ERR;
		}
		/* the user wants it to stop: the router stops producing, and
		 * what is already on its way is not printed */
		if (term_take_intr() && !r->dropping) {
			r->dropping = 1;
			send_msg(cli, CTL_INTR, NULL, 0);
		}
		rc = peek(cli, &type, &p, &n, &used);
		if (rc < 0) {
			set_gone(cli, "protocol error");
			return CMD_ERR;
		}
		if (rc == 0) {
			if (fill(cli, 1) != 0) {
				set_gone(cli, NULL);
				return CMD_ERR;
			}
			continue;
		}
		r->in_pos += used;
		switch (type) {
		case CTL_OUT:
			if (r->dropping)
				break;
			if (into != NULL)
				sb_putn(into, p, n);
			else
				put_out(stdout, p, n);
			break;
		case CTL_ERR:
			fflush(stdout);
			put_out(stderr, p, n);
			break;
		case CTL_ASK:
		case CTL_NEXTLINE:
		case CTL_GETKEY:
			answer(cli, type, p, n);
			break;
		case CTL_DONE:
			if (ctl_field(p, n, 0, 0, &f, &fl) == 0)
				status = atoi(f) == 0 ? CMD_OK : CMD_ERR;
			if (ctl_field(p, n, 1, 0, &f, &fl) == 0 && fl > 0 &&
			    f[0] == '1')
				cli->quit = 1;
			if (ctl_field(p, n, 2, 1, &f, &fl) == 0 &&
			    fl < sizeof(r->prompt))
				strlcpy(r->prompt, f, fl + 1);
			if (status != CMD_OK)
				cli->failed = 1;
			if (r->dropping && into == NULL)
				put_out(stdout, "\n", 1);	/* after ^C */
			return status;
		default:
			if (!async_frame(cli, type, p, n)) {
				set_gone(cli, "protocol error");
				return CMD_ERR;
			}
		}
	}
}

static int
send_line(struct cli *cli, int type, const char *line)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc;

	sb_printf(&sb, "%lu\n%s\n%s", cli->lineno, cli->origin, line);
	rc = sb.oom ? -1 : send_msg(cli, type, sb.buf, sb.len);
	sb_free(&sb);
	return rc;
}

int
remote_run_line(struct cli *cli, const char *line)
{
	struct remote	*r = cli->remote;
	unsigned	 cols;
	char		 num[16];

	if (cli->kind == CLI_INTERACTIVE && (cols = term_columns()) > 0 &&
	    cols != r->cols) {
		r->cols = cols;
		snprintf(num, sizeof(num), "%u", cols);
		send_msg(cli, CTL_WINCH, num, strlen(num));
	}
	if (send_line(cli, CTL_LINE, line) != 0)
		return CMD_ERR;
	return until_done(cli, NULL);
}

void
remote_help(struct cli *cli, const char *what, const char *line,
    struct strbuf *out)
{
	struct strbuf	 sb = STRBUF_INIT;

	sb_printf(&sb, "%s %s", what, line);
	if (!sb.oom && send_line(cli, CTL_HELP, sb_str(&sb)) == 0)
		until_done(cli, out);
	sb_free(&sb);
}

void
remote_at_eof(struct cli *cli)
{
	if (send_line(cli, CTL_EOF, "") == 0)
		until_done(cli, NULL);
}

void
remote_prompt(const struct cli *cli, char *buf, size_t len)
{
	strlcpy(buf, cli->remote->prompt, len);
}

/* --- connecting --- */

static int
connect_to(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un	 sun;
	int			 s;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", path);
		return -1;
	}
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			snprintf(err, errlen, "no router is running on %s "
			    "(start one with xrsh --foreground)", path);
		else
			snprintf(err, errlen, "%s: %s", path,
			    strerror(errno));
		close(s);
		return -1;
	}
	return s;
}

static int
handshake(struct cli *cli, unsigned opts, char *err, size_t errlen)
{
	struct remote	*r = cli->remote;
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p, *tty = NULL;
	size_t		 n, used;
	int		 type, rc;

	if (cli->kind == CLI_INTERACTIVE)
		tty = ttyname(STDIN_FILENO);
	r->cols = cli->kind == CLI_INTERACTIVE ? term_columns() : 0;
	sb_printf(&sb, "interactive=%d\nopts=%u\nwidth=%u\nlength=24\n"
	    "tty=%s\n", cli->kind == CLI_INTERACTIVE, opts, r->cols,
	    tty != NULL ? tty : "");
	if (sb.oom) {
		sb_free(&sb);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/*
	 * A router that refuses us writes its BYE and closes, maybe before
	 * our HELLO arrives: then the write fails (EPIPE) but the BYE is
	 * still readable, and it is the reason the user must see.
	 */
	(void)send_msg(cli, CTL_HELLO, sb.buf, sb.len);
	sb_free(&sb);
	rc = 0;
	while (rc == 0) {
		if ((rc = peek(cli, &type, &p, &n, &used)) < 0)
			break;
		if (rc == 0) {
			if (stopsig_pending()) {
				snprintf(err, errlen, "%s before the router "
				    "answered", stopsig_name(stopsig_pending()));
				return -1;
			}
			rc = fill(cli, 1);
			if (rc != 0)
				break;
			continue;
		}
		r->in_pos += used;
		if (type == CTL_WELCOME) {
			if (n < sizeof(r->prompt))
				strlcpy(r->prompt, p, n + 1);
			return 0;
		}
		if (type == CTL_BYE) {
			snprintf(err, errlen, "the router refused the "
			    "session: %.*s", (int)n, p);
			return -1;
		}
		rc = -1;
	}
	snprintf(err, errlen, "the router closed the connection");
	return -1;
}

int
attach_main(const struct attach_opts *o)
{
	struct remote	 r;
	struct cli	*cli;
	char		 path[512], err[640];
	const char	*sock = o->socket;
	int		 interactive, rc;

	signal(SIGPIPE, SIG_IGN);
	if (sock == NULL && (sock = getenv("XRSH_SOCKET")) != NULL &&
	    *sock == '\0')
		sock = NULL;
	if (sock == NULL) {
		if (ctl_default_path(path, sizeof(path), err,
		    sizeof(err)) != 0) {
			fprintf(stderr, "xrsh: %s\n", err);
			return 1;
		}
		sock = path;
	}
	memset(&r, 0, sizeof(r));
	sb_init(&r.in);
	if ((r.fd = connect_to(sock, err, sizeof(err))) == -1 &&
	    sock == path && ctl_fallback_path(path) != NULL)
		r.fd = connect_to(ctl_fallback_path(path), err, sizeof(err));
	if (r.fd == -1) {
		fprintf(stderr, "xrsh: %s\n", err);
		return 1;
	}
	interactive = o->file == NULL && o->ncmds == 0 && isatty(STDIN_FILENO);
	if ((cli = cli_new(interactive ? CLI_INTERACTIVE : CLI_BATCH,
	    o->opts)) == NULL) {
		fprintf(stderr, "xrsh: out of memory\n");
		close(r.fd);
		return 1;
	}
	cli->remote = &r;
	if (handshake(cli, o->opts, err, sizeof(err)) != 0) {
		fprintf(stderr, "xrsh: %s\n", err);
		cli->remote = NULL;
		cli_free(cli);
		close(r.fd);
		sb_free(&r.in);
		return 1;
	}
	/* between commands (waiting for a key or a script line) the
	 * router's messages and its going away are noticed at once */
	loop_fd_add(r.fd, POLLIN, sock_readable, cli);
	if (interactive)
		rc = term_run(cli);
	else
		rc = batch_run(cli, o->file, o->cmds, o->ncmds);
	if (!r.gone)
		loop_fd_del(r.fd);
	if (r.gone) {
		fflush(stdout);
		fprintf(stderr, "xrsh: %s%s\n", r.reason[0] != '\0' ?
		    "session ended by the router: " : "the router went away",
		    r.reason);
		rc = 1;
	}
	cli->remote = NULL;
	cli_free(cli);
	close(r.fd);
	sb_free(&r.in);
	return rc;
}
