/*
 * peer: `xrsh --demo-peer ROLE [--port N]`, one of the demo lab's route
 * generator speakers (the contract is in demo/demo.h).  This file has the
 * options, the listener and the main loop; the session is peer_sess.c,
 * the routes peer_table.c.
 *
 * The speaker is passive: it listens on its role's loopback address and
 * takes one session at a time.  It stops on SIGTERM or SIGINT (a Cease,
 * Administrative Shutdown, on an open session) and when its parent goes
 * away: the lab sets PR_SET_PDEATHSIG, and a once-a-second look at
 * getppid() covers a parent that died before that, or a speaker started
 * by hand.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/proto.h"
#include "demo/peer_int.h"

#define PARENT_CHECK	1.0	/* seconds between getppid() looks */
#define BACKLOG		8

static const char	*log_role = "demo-peer";
static int		 sigpipe_fd[2] = { -1, -1 };
static int		 quit;		/* 0, or the signal / -1 parent gone */
static pid_t		 parent;

void
dpeer_log(const char *fmt, ...)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 line[1024];
	va_list		 ap;
	int		 n;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line), "%02d:%02d:%02d.%03ld %s: ",
	    tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, log_role);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* one write per line: the lab's log file never gets half lines */
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

/* The contract's one line on stdout, then stdout is closed. */
static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
say(const char *fmt, ...)
{
	va_list	 ap;
	int	 fd;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) != -1) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

static int
usage(const char *what)
{
	say("error %s", what);
	fprintf(stderr, "xrsh: %s\nusage: xrsh --demo-peer ROLE "
	    "[--port N]\n  ROLE: provider-a, provider-b or customer\n", what);
	return 2;
}

static void
on_signal(int sig)
{
	unsigned char	 c = (unsigned char)sig;
	int		 e = errno;

	/* the loop wakes up on the pipe; a full pipe already woke it */
	(void)!write(sigpipe_fd[1], &c, 1);
	errno = e;
}

static void
sig_readable(int fd, short revents, void *arg)
{
	unsigned char	 c;

	(void)revents;
	(void)arg;
	if (read(fd, &c, 1) == 1)
		quit = c;
}

static int
setup_signals(void)
{
	struct sigaction	 sa;
	sigset_t		 set;

	if (pipe2(sigpipe_fd, O_NONBLOCK | O_CLOEXEC) == -1)
		return -1;
	if (loop_fd_add(sigpipe_fd[0], POLLIN, sig_readable, NULL) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		return -1;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		return -1;
	/* a mask blocked across the parent's fork survives exec */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
parent_check(void *arg)
{
	(void)arg;
	if (getppid() != parent) {
		quit = -1;
		return;
	}
	if (loop_timer_add(PARENT_CHECK, parent_check, NULL) == NULL)
		dpeer_log("warning: no parent check: out of memory");
}

static void
on_accept(int lfd, short revents, void *arg)
{
	struct dpeer		*p = arg;
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof(sin);
	char			 a[INET_ADDRSTRLEN];
	int			 fd;

	(void)revents;
	fd = accept4(lfd, (struct sockaddr *)&sin, &sl,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			dpeer_log("accept: %s", strerror(errno));
		return;
	}
	/* NETWORK SAFETY: the demo talks to the loopback only */
	if (sin.sin_family != AF_INET ||
	    (ntohl(sin.sin_addr.s_addr) >> 24) != 127) {
		if (sin.sin_family != AF_INET ||
		    inet_ntop(AF_INET, &sin.sin_addr, a, sizeof(a)) == NULL)
			strlcpy(a, "?", sizeof(a));
		dpeer_log("connection from %s refused: not a loopback "
		    "address", a);
		close(fd);
		return;
	}
	dsess_accept(p, fd, &sin);
}

static int
listen_on(const struct dpeer *p, char *err, size_t errlen)
{
	struct sockaddr_in	 sin;
	int			 fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(p->addr);
	sin.sin_port = htons(p->port);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, BACKLOG) == -1) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s",
		    p->role->addr, p->port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
parse_args(int argc, char **argv, struct dpeer *p)
{
	struct in_addr	 in;
	const char	*port = NULL;
	uint32_t	 v;
	char		 msg[256];
	int		 i;

	if (argc < 2 || argv[1][0] == '-')
		return usage("--demo-peer: missing ROLE");
	if ((p->role = demo_role_find(argv[1])) == NULL) {
		snprintf(msg, sizeof(msg), "--demo-peer: unknown role '%s'",
		    argv[1]);
		return usage(msg);
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
			port = argv[++i];
		else if (strncmp(argv[i], "--port=", 7) == 0)
			port = argv[i] + 7;
		else {
			snprintf(msg, sizeof(msg), "--demo-peer: unexpected "
			    "argument '%s'", argv[i]);
			return usage(msg);
		}
	}
	p->port = BGP_PORT;
	if (port != NULL) {
		if (parse_u32(port, 1, 65535, &v) == -1) {
			snprintf(msg, sizeof(msg), "--demo-peer: bad port "
			    "'%s' (1-65535)", port);
			return usage(msg);
		}
		p->port = (uint16_t)v;
	}
	/* NETWORK SAFETY: a role's address is always a loopback one */
	if (inet_pton(AF_INET, p->role->addr, &in) != 1 ||
	    (ntohl(in.s_addr) >> 24) != 127) {
		snprintf(msg, sizeof(msg), "--demo-peer: role %s has a "
		    "non-loopback address", p->role->name);
		return usage(msg);
	}
	p->addr = ntohl(in.s_addr);
	return 0;
}

static void
stop(struct dpeer *p, int lfd)
{
	if (lfd != -1) {
		loop_fd_del(lfd);
		close(lfd);
	}
	dsess_free(p);
	demo_table_free(&p->table);
	if (sigpipe_fd[0] != -1) {
		loop_fd_del(sigpipe_fd[0]);
		close(sigpipe_fd[0]);
		close(sigpipe_fd[1]);
		sigpipe_fd[0] = sigpipe_fd[1] = -1;
	}
}

int
demo_peer_main(int argc, char **argv)
{
	static struct dpeer	 p;	/* 64 KB read buffer: not on the stack */
	char			 err[256];
	double			 t0;
	int			 lfd, rc;

	memset(&p, 0, sizeof(p));
	p.s.fd = -1;
	if ((rc = parse_args(argc, argv, &p)) != 0)
		return rc;
	log_role = p.role->name;
	/* the lab's PR_SET_PDEATHSIG came too late: the parent is gone */
	if ((parent = getppid()) == 1) {
		say("error the parent process is gone");
		return 1;
	}
	if ((lfd = listen_on(&p, err, sizeof(err))) == -1) {
		dpeer_log("%s", err);
		say("error %s", err);
		return 1;
	}
	t0 = loop_now();
	if (demo_table_build(p.role, &p.table, err, sizeof(err)) == -1)
		goto fail;
	if (setup_signals() == -1) {
		snprintf(err, sizeof(err), "signals: %s", strerror(errno));
		goto fail;
	}
	if (loop_fd_add(lfd, POLLIN, on_accept, &p) == -1 ||
	    loop_timer_add(PARENT_CHECK, parent_check, NULL) == NULL) {
		strlcpy(err, "event loop: out of memory", sizeof(err));
		goto fail;
	}
	dpeer_log("AS %u, router-id %s, %zu prefixes (built in %.0f ms), "
	    "listening on %s port %u", p.role->asn, p.role->addr,
	    p.table.n, (loop_now() - t0) * 1000, p.role->addr, p.port);
	say("ready %s %s %u", p.role->name, p.role->addr, p.port);
	while (!quit)
		if (loop_run_once(-1) == -1 && errno != EINTR) {
			dpeer_log("poll: %s", strerror(errno));
			break;
		}
	if (quit == -1)
		dpeer_log("the parent process is gone: stopping");
	else if (quit > 0)
		dpeer_log("signal %d: stopping", quit);
	dsess_cease(&p, BGP_CEASE_ADMIN_SHUTDOWN, "demo speaker stopped",
	    "speaker stopped");
	stop(&p, lfd);
	return 0;
fail:
	dpeer_log("%s", err);
	say("error %s", err);
	stop(&p, lfd);
	return 1;
}
