/*
 * ctl_server: the router's side of the control socket.  Each accepted
 * client that passes the credential check (root, the socket's owner, or
 * a member of its group) becomes a CLI session of its own: a `struct cli`
 * with its own mode stack and candidate configuration, run in a coroutine
 * so that it can wait (for an answer its user types, for a slow client to
 * take its output) without stopping the event loop, BGP or the other
 * sessions.  Requests are queued and run one at a time per session; a
 * session's output is sent as it is produced and, past a high-water mark,
 * its command waits for the client to drain it.  A client that goes away
 * ends its session alone: a command in progress finishes with its output
 * dropped and its questions answered with end of input.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/coro.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"
#include "shell/ctl_proto.h"

#define CORO_STACK	(1024 * 1024)
#define READ_CHUNK	16384
#define OUT_HIGH	(1024 * 1024)	/* a command waits above this */
#define OUT_LOW		(256 * 1024)	/* ... until the client took this */
#define OUT_MAX_ASYNC	(8 * 1024 * 1024)	/* messages dropped above */
#define MAX_CONNS	64
#define MAX_GROUPS	256
#define GONE		(-2)	/* the connection has been freed */
#define MAX_QUEUED	64	/* requests a client may send ahead */

enum wait {
	W_NONE,		/* running (or not started) */
	W_REQUEST,	/* idle: waits for a line */
	W_ANSWER,	/* ASK / NEXTLINE / GETKEY sent */
	W_DRAIN		/* output above the high-water mark */
};

struct request {
	struct request	*next;
	int		 type;		/* CTL_LINE, CTL_HELP, CTL_EOF */
	unsigned long	 lineno;
	char		*origin;
	char		*line;
};

struct ctl_conn {
	struct ctl_conn	*next;
	int		 fd;
	uid_t		 uid;
	pid_t		 pid;
	struct cli	*cli;		/* after HELLO */
	struct coro	*co;
	enum wait	 wait;
	int		 closed;	/* the client is gone */
	int		 running;	/* a request is being run */
	int		 done;		/* session over, output draining */
	unsigned	 vty;		/* N of "vtyN" */
	unsigned	 cols;		/* the client's terminal */
	char		 origin[PATH_MAX];
	struct strbuf	 in;
	size_t		 in_pos;
	struct strbuf	 out;
	size_t		 out_pos;
	int		 pollout;
	struct request	*reqs, **reqs_tail;
	unsigned	 nreqs;
	/* the answer to the last question */
	int		 ans_type;
	char		*ans;
};

static int		 listen_fd = -1;
static char		 sock_path[PATH_MAX];
static dev_t		 sock_dev;
static ino_t		 sock_ino;
static gid_t		 sock_gid;
static struct ctl_conn	*conns;
static unsigned		 nconns;

static void	conn_readable(int, short, void *);
static void	conn_close(struct ctl_conn *);

/* --- output to the client --- */

static size_t
out_pending(const struct ctl_conn *c)
{
	return c->out.len - c->out_pos;
}

static void
set_pollout(struct ctl_conn *c, int on)
{
	if (c->pollout == on || c->closed)
		return;
	c->pollout = on;
	loop_fd_set_events(c->fd, on ? POLLIN | POLLOUT : POLLIN);
}

/* Writes what the socket takes now; -1 when the client is gone. */
static int
flush_out(struct ctl_conn *c)
{
	ssize_t	 n;

	while (out_pending(c) > 0 && !c->closed) {
		n = write(c->fd, c->out.buf + c->out_pos, out_pending(c));
		if (n > 0) {
			c->out_pos += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		conn_close(c);
		return -1;
	}
	if (c->closed)
		return -1;
	if (out_pending(c) == 0) {
		sb_reset(&c->out);
		c->out_pos = 0;
	} else if (c->out_pos > OUT_LOW) {
		memmove(c->out.buf, c->out.buf + c->out_pos, out_pending(c));
		c->out.len -= c->out_pos;
		c->out.buf[c->out.len] = '\0';
		c->out_pos = 0;
	}
	set_pollout(c, out_pending(c) > 0);
	return 0;
}

static void
send_frame(struct ctl_conn *c, int type, const char *p, size_t n)
{
	if (c->closed)
		return;
	ctl_frame_put(&c->out, type, p, n);
	if (c->out.oom) {
		conn_close(c);
		return;
	}
	flush_out(c);
}

/* The session's own coroutine waits until `cond` no longer holds. */
static void
wait_for(struct ctl_conn *c, enum wait w)
{
	c->wait = w;
	coro_yield();
	c->wait = W_NONE;
}

static int
in_own_coro(const struct ctl_conn *c)
{
	return c->co != NULL && coro_current() == c->co;
}

void
ctl_conn_output(struct ctl_conn *c, int err, const char *s, size_t n)
{
	if (c->closed || n == 0)
		return;
	send_frame(c, err ? CTL_ERR : CTL_OUT, s, n);
	/* a slow client holds up its own command, nothing else */
	while (!c->closed && out_pending(c) > OUT_HIGH && in_own_coro(c))
		wait_for(c, W_DRAIN);
}

void
ctl_conn_message(struct ctl_conn *c, const char *text)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 prompt[256];

	if (c->closed || c->cli == NULL || out_pending(c) > OUT_MAX_ASYNC)
		return;
	cli_prompt(c->cli, prompt, sizeof(prompt));
	sb_printf(&sb, "%s\n%s", prompt, text);
	if (!sb.oom)
		send_frame(c, CTL_MSG, sb_str(&sb), sb.len);
	sb_free(&sb);
}

void
ctl_server_log(const char *line)
{
	struct ctl_conn	*c, *next;

	for (c = conns; c != NULL; c = next) {
		next = c->next;
		if (c->cli != NULL && c->cli->monitor)
			ctl_conn_message(c, line);
	}
}

unsigned
ctl_conn_columns(const struct ctl_conn *c)
{
	return c->cols;
}

/* --- questions: the client answers with its user or its script --- */

static int
ask(struct ctl_conn *c, int type, const char *q, char **ans)
{
	*ans = NULL;
	if (c->closed || !in_own_coro(c))
		return -1;
	free(c->ans);
	c->ans = NULL;
	c->ans_type = 0;
	send_frame(c, type, q, strlen(q));
	while (!c->closed && c->ans_type == 0)
		wait_for(c, W_ANSWER);
	if (c->ans_type != CTL_ANSWER && c->ans_type != CTL_KEY)
		return -1;
	*ans = c->ans;
	c->ans = NULL;
	return 0;
}

int
ctl_conn_ask(struct ctl_conn *c, const char *q, char *out, size_t len)
{
	char	*a;

	if (ask(c, CTL_ASK, q, &a) != 0)
		return -1;
	strlcpy(out, a, len);
	free(a);
	return 0;
}

int
ctl_conn_getkey(struct ctl_conn *c)
{
	char	*a;
	int	 key;

	if (ask(c, CTL_GETKEY, "", &a) != 0)
		return -1;
	key = a[0] != '\0' ? (unsigned char)a[0] : -1;
	free(a);
	return key;
}

/* cli->next_line of a script session: the client's next input line */
static int
next_line(struct cli *cli, char **line)
{
	struct ctl_conn	*c = cli->conn;

	if (ask(c, CTL_NEXTLINE, "", line) != 0)
		return -1;
	cli->lineno++;
	return 0;
}

/* --- the session --- */

static void
send_done(struct ctl_conn *c, int rc)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 prompt[256];

	cli_prompt(c->cli, prompt, sizeof(prompt));
	sb_printf(&sb, "%d\n%d\n%s", rc, c->cli->quit, prompt);
	if (!sb.oom)
		send_frame(c, CTL_DONE, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void
run_request(struct ctl_conn *c, struct request *r)
{
	struct cli	*cli = c->cli;
	char		 prompt[256];
	int		 rc = CMD_OK;

	strlcpy(c->origin, r->origin, sizeof(c->origin));
	cli->origin = c->origin;
	cli->lineno = r->lineno;
	cli_prompt(cli, prompt, sizeof(prompt));
	cli->prompt_len = strlen(prompt);
	c->running = 1;
	if (r->type == CTL_EOF) {
		if (!cli->quit && cli_hooks.at_eof != NULL)
			cli_hooks.at_eof(cli);
	} else if (r->type == CTL_HELP) {
		/* `?` and TAB text goes to the client's editor as it is:
		 * neither paged nor folded */
		unsigned	 len = cli->term_len, width = cli->term_width;
		int		 width_set = cli->term_width_set;

		cli->no_history = 1;
		cli->term_len = 0;
		cli->term_width = 0;
		cli->term_width_set = 1;
		rc = cli_run_line(cli, r->line);
		cli->no_history = 0;
		cli->term_len = len;
		cli->term_width = width;
		cli->term_width_set = width_set;
	} else
		rc = cli_run_line(cli, r->line);
	c->running = 0;
	send_done(c, rc);
}

static void
request_free(struct request *r)
{
	free(r->origin);
	free(r->line);
	free(r);
}

static void
session_main(void *arg)
{
	struct ctl_conn	*c = arg;
	struct request	*r;

	for (;;) {
		while (c->reqs == NULL && !c->closed && !c->cli->quit)
			wait_for(c, W_REQUEST);
		if (c->closed || c->cli->quit)
			break;
		r = c->reqs;
		if ((c->reqs = r->next) == NULL)
			c->reqs_tail = &c->reqs;
		c->nreqs--;
		run_request(c, r);
		request_free(r);
	}
}

static void
conn_free(struct ctl_conn *c)
{
	struct ctl_conn	**pp;
	struct request	*r;

	for (pp = &conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			nconns--;
			break;
		}
	if (!c->closed)
		loop_fd_del(c->fd);
	close(c->fd);
	while ((r = c->reqs) != NULL) {
		c->reqs = r->next;
		request_free(r);
	}
	if (c->cli != NULL) {
		c->cli->conn = NULL;
		cli_free(c->cli);
	}
	coro_free(c->co);
	sb_free(&c->in);
	sb_free(&c->out);
	free(c->ans);
	free(c);
}

/*
 * Lets the session's coroutine go on; frees the connection when the
 * session has ended.  Returns GONE when c has been freed.
 */
static int
conn_resume(struct ctl_conn *c)
{
	if (c->co == NULL || !coro_suspended(c->co))
		return 0;
	if (coro_resume(c->co) == 1) {
		c->done = 1;
		/* `exit`: the client reads the rest, then sees the close */
		if (!c->closed && flush_out(c) == 0 && out_pending(c) > 0)
			return 0;
		conn_free(c);
		return GONE;
	}
	return 0;
}

static void
conn_close(struct ctl_conn *c)
{
	if (c->closed)
		return;
	c->closed = 1;
	loop_fd_del(c->fd);
	if (c->cli != NULL)
		c->cli->discard = 1;
}

/*
 * The client went away (or broke the protocol): its session ends, now or
 * when the command running further up the stack returns.
 */
static void
conn_gone(struct ctl_conn *c)
{
	conn_close(c);
	if (c->co == NULL || c->done) {
		conn_free(c);
		return;
	}
	conn_resume(c);
}

static unsigned
free_vty(void)
{
	struct ctl_conn	*c;
	unsigned	 n;

	for (n = 0;; n++) {
		for (c = conns; c != NULL; c = c->next)
			if (c->cli != NULL && c->vty == n)
				break;
		if (c == NULL)
			return n;
	}
}

/* HELLO: key=value lines */
static int
hello(struct ctl_conn *c, const char *p, size_t n)
{
	char		*text, *line, *save = NULL, *v;
	int		 interactive = 0;
	unsigned	 opts = 0, width = 0, length = 24;
	char		 tty[64] = "";
	struct cli	*cli;

	if ((text = strndup(p, n)) == NULL)
		return -1;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "interactive") == 0)
			interactive = strcmp(v, "1") == 0;
		else if (strcmp(line, "opts") == 0)
			opts = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(line, "width") == 0)
			width = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(line, "length") == 0)
			length = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(line, "tty") == 0)
			strlcpy(tty, v, sizeof(tty));
	}
	free(text);
	opts &= CLI_OPT_ECHO | CLI_OPT_CONTINUE | CLI_OPT_TIMESTAMPS;
	if ((cli = cli_new(interactive ? CLI_INTERACTIVE : CLI_BATCH,
	    opts)) == NULL)
		return -1;
	if ((c->co = coro_new(CORO_STACK, session_main, c)) == NULL) {
		cli_free(cli);
		return -1;
	}
	c->vty = free_vty();
	c->cli = cli;
	cli->conn = c;
	cli->next_line = next_line;
	cli->pid = (long)c->pid;
	snprintf(cli->line_name, sizeof(cli->line_name), "vty%u", c->vty);
	cli_user_name(c->uid, cli->user, sizeof(cli->user));
	strlcpy(cli->location, tty, sizeof(cli->location));
	c->cols = width;
	if (interactive && length <= 512)
		cli->term_len = length;
	return 0;
}

static int
queue_request(struct ctl_conn *c, int type, const char *p, size_t n)
{
	struct request	*r;
	const char	*f;
	size_t		 fl;
	char		 num[24];

	if (c->nreqs >= MAX_QUEUED || (r = calloc(1, sizeof(*r))) == NULL)
		return -1;
	r->type = type;
	if (ctl_field(p, n, 0, 0, &f, &fl) != 0 || fl >= sizeof(num)) {
		free(r);
		return -1;
	}
	memcpy(num, f, fl);
	num[fl] = '\0';
	r->lineno = strtoul(num, NULL, 10);
	if (ctl_field(p, n, 1, 0, &f, &fl) != 0) {
		free(r);
		return -1;
	}
	r->origin = strndup(f, fl);
	if (ctl_field(p, n, 2, 1, &f, &fl) != 0) {
		free(r->origin);
		free(r);
		return -1;
	}
	r->line = strndup(f, fl);
	if (r->origin == NULL || r->line == NULL) {
		request_free(r);
		return -1;
	}
	*c->reqs_tail = r;
	c->reqs_tail = &r->next;
	c->nreqs++;
	return 0;
}

/* One frame from the client: 0, -1 (protocol error), GONE. */
static int
handle_frame(struct ctl_conn *c, int type, const char *p, size_t n)
{
	char	 buf[256];

	if (c->cli == NULL) {
		if (type != CTL_HELLO || hello(c, p, n) != 0)
			return -1;
		cli_prompt(c->cli, buf, sizeof(buf));
		send_frame(c, CTL_WELCOME, buf, strlen(buf));
		/* the session starts and waits for its first request */
		return conn_resume(c);
	}
	switch (type) {
	case CTL_LINE:
	case CTL_HELP:
	case CTL_EOF:
		if (queue_request(c, type, p, n) != 0)
			return -1;
		return c->wait == W_REQUEST ? conn_resume(c) : 0;
	case CTL_ANSWER:
	case CTL_NOANSWER:
	case CTL_KEY:
		if (c->wait != W_ANSWER)
			return 0;	/* nobody asked: ignored */
		free(c->ans);
		if ((c->ans = strndup(p, n)) == NULL)
			return -1;
		c->ans_type = type;
		return conn_resume(c);
	case CTL_INTR:
		if (c->running)
			c->cli->discard = 1;
		return 0;
	case CTL_WINCH:
		if (n < 16) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			c->cols = (unsigned)strtoul(buf, NULL, 10);
		}
		return 0;
	default:
		return -1;
	}
}

static void
conn_readable(int fd, short revents, void *arg)
{
	struct ctl_conn	*c = arg;
	char		 buf[READ_CHUNK];
	const char	*p;
	size_t		 plen;
	ssize_t		 n;
	long		 used;
	int		 type, rc;

	if (revents & POLLOUT) {
		if (flush_out(c) != 0) {
			conn_gone(c);
			return;
		}
		if (c->done) {
			if (out_pending(c) == 0)
				conn_free(c);
			return;
		}
		if (c->wait == W_DRAIN && out_pending(c) <= OUT_LOW &&
		    conn_resume(c) == GONE)
			return;
		if (c->closed || !(revents & (POLLIN | POLLHUP | POLLERR)))
			return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		conn_gone(c);
		return;
	}
	if (sb_putn(&c->in, buf, (size_t)n) != 0 || c->in.oom) {
		conn_gone(c);
		return;
	}
	while (!c->closed) {
		used = ctl_frame_get(c->in.buf + c->in_pos, c->in.len -
		    c->in_pos, CTL_MAX_REQUEST, &type, &p, &plen);
		if (used == 0)
			break;
		if (used < 0) {
			log_warnx("%%XRSH-CTL-4-BAD_FRAME: control socket: "
			    "oversized frame from pid %ld: session closed",
			    (long)c->pid);
			conn_gone(c);
			return;
		}
		c->in_pos += (size_t)used;
		if ((rc = handle_frame(c, type, p, plen)) == GONE)
			return;
		if (rc != 0) {
			conn_gone(c);
			return;
		}
	}
	if (!c->closed && c->in_pos == c->in.len) {
		sb_reset(&c->in);
		c->in_pos = 0;
	}
}

/* --- accepting --- */

/* root, the socket's owner, or a member of its group */
static int
admitted(uid_t uid, gid_t gid)
{
	struct passwd	*pw;
	gid_t		 groups[MAX_GROUPS];
	int		 n = MAX_GROUPS, i;

	if (uid == 0 || uid == geteuid() || gid == sock_gid)
		return 1;
	if ((pw = getpwuid(uid)) == NULL)
		return 0;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (groups[i] == sock_gid)
			return 1;
	return 0;
}

static void
refuse(int fd, const char *why)
{
	struct strbuf	 sb = STRBUF_INIT;
	ssize_t		 n;

	ctl_frame_put(&sb, CTL_BYE, why, strlen(why));
	if (!sb.oom)
		n = write(fd, sb.buf, sb.len);
	(void)n;
	sb_free(&sb);
	close(fd);
}

static void
on_accept(int fd, short revents, void *arg)
{
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	struct ctl_conn	*c;
	char		 who[64];
	int		 s;

	(void)revents;
	(void)arg;
	if ((s = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1)
		return;
	if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		close(s);
		return;
	}
	if (!admitted(cred.uid, cred.gid)) {
		cli_user_name(cred.uid, who, sizeof(who));
		log_warnx("%%XRSH-CTL-4-REFUSED: control socket: uid %lu "
		    "(%s) pid %ld refused: not root, the owner or in the "
		    "socket's group", (unsigned long)cred.uid, who,
		    (long)cred.pid);
		refuse(s, "not authorised to use this router");
		return;
	}
	if (nconns >= MAX_CONNS) {
		log_warnx("%%XRSH-CTL-4-REFUSED: control socket: pid %ld "
		    "refused: %d sessions already", (long)cred.pid, MAX_CONNS);
		refuse(s, "too many sessions");
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(s);
		return;
	}
	c->fd = s;
	c->uid = cred.uid;
	c->pid = cred.pid;
	c->reqs_tail = &c->reqs;
	sb_init(&c->in);
	sb_init(&c->out);
	if (loop_fd_add(s, POLLIN, conn_readable, c) != 0) {
		close(s);
		free(c);
		return;
	}
	c->next = conns;
	conns = c;
	nconns++;
}

/* --- the listening socket --- */

/* A socket file where a live router answers is not ours to take. */
static int
path_in_use(const char *path)
{
	struct sockaddr_un	 sun;
	int			 s, rc;

	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	rc = connect(s, (struct sockaddr *)&sun, sizeof(sun));
	close(s);
	return rc == 0;
}

/*
 * The socket's directory: created 0750 if missing (not its parents).  One
 * that someone else could have planted (/tmp/xrsh-UID made by another
 * user, or a symbolic link) is not used: it must be ours or root's, and
 * writable by no one else unless sticky (/tmp itself).
 */
static int
make_dir(const char *path, char *err, size_t errlen)
{
	char		 dir[PATH_MAX], *slash;
	struct stat	 st;

	strlcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (lstat(dir, &st) != 0) {
		if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", dir,
			    strerror(errno));
			return -1;
		}
		if (lstat(dir, &st) != 0) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return -1;
		}
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return -1;
	}
	if ((st.st_uid != geteuid() && st.st_uid != 0) ||
	    ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))) {
		snprintf(err, errlen, "%s: not safe for the control socket "
		    "(owned by uid %lu, mode %04o)", dir,
		    (unsigned long)st.st_uid, (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

int
ctl_server_start(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old;
	int			 s;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", path);
		return -1;
	}
	if (make_dir(path, err, errlen) != 0)
		return -1;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s exists and is not a socket",
			    path);
			return -1;
		}
		if (path_in_use(path)) {
			snprintf(err, errlen, "%s: another router is serving "
			    "it", path);
			return -1;
		}
		unlink(path);	/* left behind by a router that died */
	}
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	/* never a moment with wider permissions than 0660 */
	old = umask(0117);
	if (bind(s, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		umask(old);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(s);
		return -1;
	}
	umask(old);
	if (chmod(path, 0660) != 0 || stat(path, &st) != 0 ||
	    listen(s, 16) != 0 || loop_fd_add(s, POLLIN, on_accept,
	    NULL) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(path);
		close(s);
		return -1;
	}
	listen_fd = s;
	sock_dev = st.st_dev;
	sock_ino = st.st_ino;
	sock_gid = st.st_gid;
	strlcpy(sock_path, path, sizeof(sock_path));
	return 0;
}

const char *
ctl_server_path(void)
{
	return listen_fd != -1 ? sock_path : NULL;
}

void
ctl_server_stop(void)
{
	struct ctl_conn	*c;
	struct stat	 st;
	static const char bye[] = "the router is shutting down";

	if (listen_fd == -1)
		return;
	loop_fd_del(listen_fd);
	close(listen_fd);
	listen_fd = -1;
	/* remove the file only if it still is ours */
	if (lstat(sock_path, &st) == 0 && st.st_dev == sock_dev &&
	    st.st_ino == sock_ino)
		unlink(sock_path);
	/* sessions unwind (their questions get end of input), then go */
	while ((c = conns) != NULL) {
		send_frame(c, CTL_BYE, bye, sizeof(bye) - 1);
		conn_close(c);
		if (c->co != NULL && !c->done && !coro_suspended(c->co))
			break;	/* stopping from inside a session: leak */
		if (c->co == NULL || c->done || conn_resume(c) != GONE)
			conn_free(c);
	}
}
