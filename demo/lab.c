/*
 * lab: the demo lab's processes and files.  demo_lab_start() picks the
 * port, makes a private directory, starts one speaker per role (this very
 * binary, `xrsh --demo-peer ROLE --port N`) and waits for each one's
 * "ready" line, then writes the lab's configuration there.
 *
 * The speakers must never outlive the shell:
 *   - a normal end (exit, end of script) calls demo_lab_stop();
 *   - SIGTERM, SIGHUP, SIGQUIT and SIGINT run a handler that kills them,
 *     removes the directory and re-raises the signal (the interactive
 *     shell installs its own SIGINT handler afterwards: there Ctrl-C
 *     clears the line, as on a router; a signal ignored when xrsh
 *     started, as SIGINT is for `xrsh ... &` in a script, stays ignored);
 *   - anything else (SIGKILL, a crash) is covered by PR_SET_PDEATHSIG:
 *     the kernel sends each speaker SIGTERM when the shell dies.  Only
 *     the directory is left behind then.
 * Each speaker runs in its own process group, so that a Ctrl-C typed at
 * the shell's terminal reaches the shell only.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "demo/demo.h"
#include "demo/lab_int.h"

#define LAB_MAX		8	/* speakers; demo_nroles must fit */
#define READY_SECS	5	/* for every speaker's "ready" line */
#define STOP_SECS	2	/* SIGTERM, then SIGKILL */
#define PORT_ROOT	179
#define PORT_HIGH	10179	/* first port tried without root */
#define PORT_TRIES	1000
#define LINE_MAX_	256

static const int	 lab_signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGINT };
#define NSIGNALS	(sizeof(lab_signals) / sizeof(lab_signals[0]))

/* Read by the signal handler: written only with the signals blocked. */
static volatile pid_t	 lab_pids[LAB_MAX];
static char		 lab_dir[PATH_MAX];	/* "" none */
static volatile sig_atomic_t lab_have_dir;

static struct sigaction	 lab_oldsa[NSIGNALS];
static int		 lab_handlers;
static uint16_t		 lab_portno;
static double		 lab_t0;

uint16_t
lab_port(void)
{
	return lab_portno;
}

double
lab_started(void)
{
	return lab_t0;
}

/* ---- the directory: system calls only (the signal handler uses it) ---- */

/*
 * Removes name (relative to dirfd) and what it holds, one level of
 * subdirectories deep (running.cfg.commits/).  Rescans after deleting, as
 * a directory read while entries go may skip some.
 */
static void
rm_tree_at(int dirfd, const char *name, int depth)
{
	char		 buf[2048] __attribute__((aligned(8)));
	struct dirent64	*d;
	ssize_t		 n, off;
	int		 fd, pass, removed;

	if (unlinkat(dirfd, name, 0) == 0 || errno != EISDIR || depth < 0)
		goto rmdir;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return;
	for (pass = 0; pass < 16; pass++) {
		removed = 0;
		if (lseek(fd, 0, SEEK_SET) == -1)
			break;
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (off = 0; off < n; off += d->d_reclen) {
				d = (struct dirent64 *)(void *)(buf + off);
				if (d->d_reclen == 0)
					break;
				if (strcmp(d->d_name, ".") == 0 ||
				    strcmp(d->d_name, "..") == 0)
					continue;
				rm_tree_at(fd, d->d_name, depth - 1);
				removed++;
			}
		}
		if (removed == 0)
			break;
	}
	close(fd);
rmdir:
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

static void
lab_rmdir(void)
{
	if (!lab_have_dir)
		return;
	lab_have_dir = 0;
	rm_tree_at(AT_FDCWD, lab_dir, 1);
}

/* ---- signals ---- */

void
demo_lab_kill(void)
{
	size_t	 i;
	pid_t	 pid;

	for (i = 0; i < LAB_MAX; i++)
		if ((pid = lab_pids[i]) > 0)
			kill(pid, SIGTERM);
}

/* Async-signal-safe: kill(2), unlinkat(2), getdents64(2), raise(3). */
static void
on_fatal_signal(int sig)
{
	demo_lab_kill();
	lab_rmdir();
	/* SA_RESETHAND put back the default: it acts on return */
	raise(sig);
}

static void
block_signals(sigset_t *old)
{
	sigset_t	 set;
	size_t		 i;

	sigemptyset(&set);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&set, lab_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
handlers_install(void)
{
	struct sigaction	 sa;
	size_t			 i;

	if (lab_handlers)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < NSIGNALS; i++) {
		if (sigaction(lab_signals[i], NULL, &lab_oldsa[i]) == -1)
			continue;
		/* ignored on entry (nohup, `cmd &` in a script): stays so */
		if (lab_signals[i] != SIGTERM &&
		    lab_oldsa[i].sa_handler == SIG_IGN)
			continue;
		sigaction(lab_signals[i], &sa, NULL);
	}
	lab_handlers = 1;
}

/* Puts back what was there, unless someone (the terminal code, for
 * SIGINT) has replaced our handler since. */
static void
handlers_remove(void)
{
	struct sigaction	 cur;
	size_t			 i;

	if (!lab_handlers)
		return;
	for (i = 0; i < NSIGNALS; i++)
		if (sigaction(lab_signals[i], NULL, &cur) == 0 &&
		    cur.sa_handler == on_fatal_signal)
			sigaction(lab_signals[i], &lab_oldsa[i], NULL);
	lab_handlers = 0;
}

/* ---- the port ---- */

/* 1 if port can be bound on every lab address (tried with SO_REUSEADDR,
 * as the engine and the speakers bind). */
static int
port_free(uint16_t port)
{
	struct sockaddr_in	 sin;
	const char		*addr;
	size_t			 i;
	int			 s, on = 1, ok;

	for (i = 0; i <= demo_nroles; i++) {
		addr = i == 0 ? DEMO_LOCAL_ADDR : demo_roles[i - 1].addr;
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
			return 0;
		if ((s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
			return 0;
		ok = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on,
		    sizeof(on)) == 0 &&
		    bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0;
		close(s);
		if (!ok)
			return 0;
	}
	return 1;
}

static int
port_pick(uint16_t want, uint16_t *port, char *err, size_t errlen)
{
	unsigned	 p;

	if (want != 0) {
		*port = want;
		return 0;
	}
	if (geteuid() == 0 && port_free(PORT_ROOT)) {
		*port = PORT_ROOT;
		return 0;
	}
	for (p = PORT_HIGH; p < PORT_HIGH + PORT_TRIES && p <= 65535; p++)
		if (port_free((uint16_t)p)) {
			*port = (uint16_t)p;
			return 0;
		}
	snprintf(err, errlen, "no port from %u to %u is free on 127.0.0.1-4 "
	    "(use --port N)", PORT_HIGH, PORT_HIGH + PORT_TRIES - 1);
	return -1;
}

/* ---- the speakers ---- */

struct speaker {
	const struct demo_role	*role;
	int			 fd;	/* read end of its stdout, -1 */
	char			 line[LINE_MAX_];
	size_t			 len;
};

/* The child's side; never returns. */
static void
child(const struct demo_role *r, const char *exe, const char *portstr,
    pid_t parent, int out, int log, int null, const sigset_t *mask)
{
	struct sigaction	 sa;
	char			*argv[6];
	size_t			 i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < NSIGNALS; i++)
		sigaction(lab_signals[i], &sa, NULL);
	/* die with the shell; it may already be gone */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(127);
	sigprocmask(SIG_SETMASK, mask, NULL);
	/* out of the terminal's foreground group: ^C is the shell's */
	setpgid(0, 0);
	if (dup2(null, STDIN_FILENO) == -1 || dup2(out, STDOUT_FILENO) == -1 ||
	    dup2(log, STDERR_FILENO) == -1)
		_exit(127);
	argv[0] = (char *)"xrsh";
	argv[1] = (char *)"--demo-peer";
	argv[2] = (char *)r->name;
	argv[3] = (char *)"--port";
	argv[4] = (char *)portstr;
	argv[5] = NULL;
	execv(exe, argv);
	dprintf(STDOUT_FILENO, "error cannot run %s: %s\n", exe,
	    strerror(errno));
	_exit(127);
}

/*
 * This binary, to run again as the speakers: its path, so that a run
 * under valgrind starts the speakers (natively) from the binary valgrind
 * runs, or /proc/self/exe when the file has been replaced or removed
 * since (a rebuild while the shell runs).
 */
static void
self_path(char *buf, size_t len)
{
	ssize_t	 n;

	n = readlink("/proc/self/exe", buf, len - 1);
	if (n <= 0 || (size_t)n >= len - 1 || buf[0] != '/') {
		strlcpy(buf, "/proc/self/exe", len);
		return;
	}
	buf[n] = '\0';
	if (access(buf, X_OK) != 0 || strstr(buf, " (deleted)") != NULL)
		strlcpy(buf, "/proc/self/exe", len);
}

static int
spawn(size_t slot, struct speaker *sp, uint16_t port, char *err,
    size_t errlen)
{
	const struct demo_role	*r = sp->role;
	char			 path[PATH_MAX], exe[PATH_MAX], portstr[8];
	sigset_t		 all, old;
	pid_t			 pid, parent = getpid();
	int			 pfd[2], log, null, saved;

	snprintf(portstr, sizeof(portstr), "%u", (unsigned)port);
	self_path(exe, sizeof(exe));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.log", lab_dir,
	    r->name) >= sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", lab_dir);
		return -1;
	}
	if ((log = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "/dev/null: %s", strerror(errno));
		close(log);
		return -1;
	}
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		close(log);
		close(null);
		return -1;
	}
	/* no handler of ours may run in the child before its exec */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child(r, exe, portstr, parent, pfd[1], log, null, &old);
	saved = errno;
	if (pid > 0)
		lab_pids[slot] = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(pfd[1]);
	close(log);
	close(null);
	if (pid == -1) {
		close(pfd[0]);
		snprintf(err, errlen, "fork: %s", strerror(saved));
		return -1;
	}
	sp->fd = pfd[0];
	sp->len = 0;
	sp->line[0] = '\0';
	return 0;
}

/* The first line of the speaker's log, for an error message. */
static void
log_first_line(const struct demo_role *r, char *buf, size_t len)
{
	char	 path[PATH_MAX];
	FILE	*f;

	buf[0] = '\0';
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.log", lab_dir,
	    r->name) >= sizeof(path) || (f = fopen(path, "re")) == NULL)
		return;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* How speaker slot ended, after its stdout closed without a line. */
static void
exit_text(size_t slot, char *buf, size_t len)
{
	pid_t	 pid = lab_pids[slot];
	int	 status, i;

	for (i = 0; i < 100; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			if (WIFEXITED(status))
				snprintf(buf, len, "exited with status %d",
				    WEXITSTATUS(status));
			else if (WIFSIGNALED(status))
				snprintf(buf, len, "killed by signal %d",
				    WTERMSIG(status));
			else
				snprintf(buf, len, "stopped");
			lab_pids[slot] = 0;
			return;
		}
		usleep(10000);
	}
	snprintf(buf, len, "closed its output");
}

/*
 * Reads each speaker's one line (all within READY_SECS) and checks that
 * it says "ready ROLE ...".  0, or -1 with err naming the speaker.
 */
static int
await_ready(struct speaker *sp, size_t n, uint16_t port, char *err,
    size_t errlen)
{
	struct pollfd	 pfd;
	char		 why[128], logl[200];
	double		 deadline = loop_now() + READY_SECS, left;
	size_t		 i, rl;
	ssize_t		 r;
	char		*nl;

	for (i = 0; i < n; i++) {
		for (;;) {
			if ((nl = memchr(sp[i].line, '\n', sp[i].len)) != NULL)
				break;
			left = deadline - loop_now();
			if (left <= 0) {
				snprintf(err, errlen, "%s (%s port %u): no "
				    "\"ready\" line within %d s",
				    sp[i].role->name, sp[i].role->addr,
				    (unsigned)port, READY_SECS);
				return -1;
			}
			pfd.fd = sp[i].fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, (int)(left * 1000) + 1) == -1 &&
			    errno != EINTR) {
				snprintf(err, errlen, "poll: %s",
				    strerror(errno));
				return -1;
			}
			if (sp[i].len == sizeof(sp[i].line) - 1) {
				nl = sp[i].line + sp[i].len;
				break;
			}
			r = read(sp[i].fd, sp[i].line + sp[i].len,
			    sizeof(sp[i].line) - 1 - sp[i].len);
			if (r == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				exit_text(i, why, sizeof(why));
				log_first_line(sp[i].role, logl, sizeof(logl));
				snprintf(err, errlen, "%s (%s port %u) %s "
				    "before it was ready%s%s",
				    sp[i].role->name, sp[i].role->addr,
				    (unsigned)port, why,
				    logl[0] != '\0' ? ": " : "", logl);
				return -1;
			}
			sp[i].len += (size_t)r;
		}
		*nl = '\0';
		rl = strlen(sp[i].role->name);
		if (strncmp(sp[i].line, "error ", 6) == 0) {
			snprintf(err, errlen, "%s (%s port %u): %s",
			    sp[i].role->name, sp[i].role->addr,
			    (unsigned)port, sp[i].line + 6);
			return -1;
		}
		if (strncmp(sp[i].line, "ready ", 6) != 0 ||
		    strncmp(sp[i].line + 6, sp[i].role->name, rl) != 0 ||
		    sp[i].line[6 + rl] != ' ') {
			snprintf(err, errlen, "%s (%s port %u) said \"%.80s\" "
			    "instead of \"ready %s ...\"", sp[i].role->name,
			    sp[i].role->addr, (unsigned)port, sp[i].line,
			    sp[i].role->name);
			return -1;
		}
		close(sp[i].fd);
		sp[i].fd = -1;
	}
	return 0;
}

static int
make_dir(char *err, size_t errlen)
{
	const char	*tmp = getenv("TMPDIR");
	char		 path[PATH_MAX];
	sigset_t	 old;

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/xrsh-demo.XXXXXX",
	    tmp) >= sizeof(path)) {
		snprintf(err, errlen, "TMPDIR is too long");
		return -1;
	}
	if (mkdtemp(path) == NULL) {
		snprintf(err, errlen, "cannot make a directory in %s: %s",
		    tmp, strerror(errno));
		return -1;
	}
	block_signals(&old);
	strlcpy(lab_dir, path, sizeof(lab_dir));
	lab_have_dir = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

int
demo_lab_start(uint16_t want, uint16_t *port, char *cfgpath, size_t cfglen,
    char *err, size_t errlen)
{
	struct speaker	 sp[LAB_MAX];
	size_t		 i, n = demo_nroles;
	int		 rc = -1;

	if (n > LAB_MAX) {
		snprintf(err, errlen, "too many lab roles");
		return -1;
	}
	if (lab_have_dir) {
		snprintf(err, errlen, "the lab is already running");
		return -1;
	}
	lab_t0 = loop_now();
	if (port_pick(want, port, err, errlen) != 0)
		return -1;
	if (make_dir(err, errlen) != 0)
		return -1;
	handlers_install();
	for (i = 0; i < n; i++) {
		sp[i].role = &demo_roles[i];
		sp[i].fd = -1;
	}
	for (i = 0; i < n; i++)
		if (spawn(i, &sp[i], *port, err, errlen) != 0)
			goto out;
	if (await_ready(sp, n, *port, err, errlen) != 0)
		goto out;
	if ((size_t)snprintf(cfgpath, cfglen, "%s/running.cfg", lab_dir) >=
	    cfglen) {
		snprintf(err, errlen, "%s: path too long", lab_dir);
		goto out;
	}
	if (lab_config_write(cfgpath, err, errlen) != 0)
		goto out;
	lab_portno = *port;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		if (sp[i].fd != -1)
			close(sp[i].fd);
	if (rc != 0)
		demo_lab_stop();
	return rc;
}

static int
all_reaped(void)
{
	size_t	 i;
	int	 status, left = 0;
	pid_t	 pid, r;

	for (i = 0; i < LAB_MAX; i++) {
		if ((pid = lab_pids[i]) <= 0)
			continue;
		r = waitpid(pid, &status, WNOHANG);
		if (r == 0 || (r == -1 && errno == EINTR))
			left++;
		else
			lab_pids[i] = 0;	/* reaped, or not ours */
	}
	return left == 0;
}

void
demo_lab_stop(void)
{
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	sigset_t	 old;
	double		 deadline;
	size_t		 i;
	pid_t		 pid;

	/* a handler must not kill a pid just reaped (and maybe reused) */
	block_signals(&old);
	demo_lab_kill();
	deadline = loop_now() + STOP_SECS;
	while (!all_reaped() && loop_now() < deadline)
		nanosleep(&ts, NULL);
	for (i = 0; i < LAB_MAX; i++) {
		if ((pid = lab_pids[i]) <= 0)
			continue;
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		lab_pids[i] = 0;
	}
	lab_rmdir();
	handlers_remove();
	lab_portno = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}
