/*
 * mrtdump: scheduling and files of `mrt-dump`; see mrtdump.h.
 *
 * Why a forked child writes the table snapshot: walking a full table
 * (a million paths) and encoding every path takes seconds.  In budgeted
 * steps on the loop, the Loc-RIB would change between steps, so the
 * snapshot would not be one instant's table, or the walk would need a
 * copy of it (as large as the table).  A writer thread would need locks
 * on the RIB.  fork() gives the child a copy-on-write image of the very
 * instant of the call, for the cost of copying the page tables (tens of
 * milliseconds for gigabytes); the child walks and writes at its own
 * pace, renames the file into place, sends its counts through a pipe
 * and leaves by _exit.  The loop only watches the pipe: its end (EOF) is
 * the sign to reap the child with waitpid().  The child closes every
 * descriptor but the pipe first, so a session the parent closes
 * meanwhile is really closed (it logs nothing: the log sink is the
 * parent's terminal).  A measure: bench/bench_mrtdump.c.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/mrt_write.h"
#include "core/bgp/mrtdump.h"
#include "core/bgp/session.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define ULOG_FLUSH_AT	(256u << 10)	/* bytes: flush soon */
#define ULOG_FLUSH_SECS	1.0		/* at most this late */
#define ULOG_MAX	(64u << 20)	/* buffered past this: dropped */
#define TMP_SUFFIX	".tmp"

struct dump {
	int			 configured;
	char			 pattern[MRTDUMP_PATTERN_MAX];
	uint32_t		 interval;
	struct loop_timer	*t_next;
	time_t			 next;
	struct mrtdump_status	 st;
};

static struct dump	 D[MRTDUMP_NKIND];

/* the snapshot being written by a child */
static struct {
	pid_t			 pid;	/* 0: none */
	int			 rfd;
	char			 final[MRTDUMP_PATH_MAX];
	char			 tmp[MRTDUMP_PATH_MAX + sizeof(TMP_SUFFIX)];
	double			 t0;
	struct mrtdump_result	 res;
	size_t			 got;
} tj = { 0, -1, "", "", 0, { 0, 0, 0, 0, 0, 0, "" }, 0 };

/* the update log */
static struct {
	int			 fd;	/* -1: no file open */
	char			 final[MRTDUMP_PATH_MAX];
	char			 tmp[MRTDUMP_PATH_MAX + sizeof(TMP_SUFFIX)];
	struct wbuf		 buf;
	uint64_t		 nbuf;	/* records in buf */
	struct loop_timer	*t_flush;
	int			 t_flush_soon;
	int			 hook_upd, hook_state;
	int			 err_logged;	/* once per file */
} ul = { -1, "", "", WBUF_INIT, 0, NULL, 0, 0, 0, 0 };

static void	 dump_arm(enum mrtdump_kind);

static void
set_error(enum mrtdump_kind k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_error(enum mrtdump_kind k, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(D[k].st.last_error, sizeof(D[k].st.last_error), fmt, ap);
	va_end(ap);
	D[k].st.errors++;
}

static void
tmp_name(const char *final, char *tmp, size_t len)
{
	snprintf(tmp, len, "%s%s", final, TMP_SUFFIX);
}

/*
 * A pattern's name already taken (a pattern without escapes, or two
 * files in the same minute): NAME.1, NAME.2, ... rather than overwrite a
 * complete file.  -1 when all are taken.
 */
static int
unique_name(char *name, size_t len)
{
	char	 alt[MRTDUMP_PATH_MAX];
	int	 i;

	if (access(name, F_OK) == -1)
		return 0;
	for (i = 1; i < 1000; i++) {
		if ((size_t)snprintf(alt, sizeof(alt), "%s.%d", name, i) >=
		    sizeof(alt))
			return -1;
		if (access(alt, F_OK) == -1) {
			strlcpy(name, alt, len);
			return 0;
		}
	}
	return -1;
}

/* ---- table snapshots ---- */

/* Every descriptor but keep: close_range(2) where the kernel has it, a
   loop over the table's size otherwise. */
static void
close_fds_but(int keep)
{
	long	 max, fd;

	if (keep < 3 && close_range(3, ~0u, 0) == 0)
		return;
	if (keep >= 3 && (keep == 3 ||
	    close_range(3, (unsigned)keep - 1, 0) == 0) &&
	    close_range((unsigned)keep + 1, ~0u, 0) == 0)
		return;
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			close((int)fd);
}

static void
child_main(int wfd, const char *tmp, const char *final)
{
	struct mrtdump_result	 res;
	size_t			 off = 0;
	ssize_t			 n;
	int			 fd;

	/* the terminal's Ctrl-C and hang-up are the parent's business; the
	   parent's handlers must not run here either */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	close_fds_but(wfd);
	memset(&res, 0, sizeof(res));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		res.failed = 1;
		snprintf(res.err, sizeof(res.err), "%s: %s", tmp,
		    strerror(errno));
	} else {
		mrtdump_table_write(fd, &res);
		if (close(fd) == -1 && !res.failed) {
			res.failed = 1;
			snprintf(res.err, sizeof(res.err), "%s: %s", tmp,
			    strerror(errno));
		}
		if (!res.failed && rename(tmp, final) == -1) {
			res.failed = 1;
			snprintf(res.err, sizeof(res.err), "rename to %s: %s",
			    final, strerror(errno));
		}
		if (res.failed)
			unlink(tmp);
	}
	while (off < sizeof(res)) {
		n = write(wfd, (const char *)&res + off, sizeof(res) - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	_exit(res.failed ? 1 : 0);
}

static void
table_done(int ok_read)
{
	struct dump	*d = &D[MRTDUMP_TABLE];
	int		 status = 0;
	pid_t		 r;

	loop_fd_del(tj.rfd);
	close(tj.rfd);
	tj.rfd = -1;
	do
		r = waitpid(tj.pid, &status, 0);
	while (r == -1 && errno == EINTR);
	tj.pid = 0;
	d->st.in_progress = 0;
	if (!ok_read || r == -1 || !WIFEXITED(status)) {
		unlink(tj.tmp);
		set_error(MRTDUMP_TABLE, "snapshot writer %s",
		    r != -1 && WIFSIGNALED(status) ? "killed by a signal" :
		    "ended without a result");
		log_warnx("%%MRT-DUMP-3-TABLE : %s: %s", tj.final,
		    d->st.last_error);
		return;
	}
	d->st.records += tj.res.records;
	d->st.bytes += tj.res.bytes;
	if (tj.res.failed) {
		set_error(MRTDUMP_TABLE, "%s", tj.res.err);
		log_warnx("%%MRT-DUMP-3-TABLE : %s: %s", tj.final, tj.res.err);
		return;
	}
	strlcpy(d->st.last_file, tj.final, sizeof(d->st.last_file));
	d->st.last_write = loop_wallclock();
	d->st.files++;
	d->st.prefixes = tj.res.prefixes;
	d->st.paths = tj.res.paths;
	d->st.seconds = loop_now() - tj.t0;
	if (tj.res.skipped > 0)
		set_error(MRTDUMP_TABLE, "%llu paths could not be encoded",
		    (unsigned long long)tj.res.skipped);
}

static void
table_pipe_cb(int fd, short revents, void *arg)
{
	ssize_t	 n;

	(void)revents;
	(void)arg;
	for (;;) {
		if (tj.got >= sizeof(tj.res)) {
			char	 junk[64];

			n = read(fd, junk, sizeof(junk));
		} else
			n = read(fd, (char *)&tj.res + tj.got,
			    sizeof(tj.res) - tj.got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0)
			break;
		if (tj.got < sizeof(tj.res))
			tj.got += (size_t)n;
	}
	table_done(tj.got == sizeof(tj.res));
}

int
mrtdump_table_running(void)
{
	return tj.pid != 0;
}

int
mrtdump_table_start(const char *path, char *err, size_t errlen)
{
	struct dump	*d = &D[MRTDUMP_TABLE];
	int		 pfd[2];
	pid_t		 pid;

	if (tj.pid != 0) {
		snprintf(err, errlen, "A table snapshot is being written to "
		    "%s", tj.final);
		return -1;
	}
	if (path == NULL) {
		if (!d->configured) {
			snprintf(err, errlen, "No mrt-dump table configured: "
			    "give a file");
			return -1;
		}
		if (mrtdump_expand(d->pattern, loop_wallclock(), tj.final,
		    sizeof(tj.final)) == -1 ||
		    unique_name(tj.final, sizeof(tj.final)) == -1) {
			snprintf(err, errlen, "File pattern '%s' gives no "
			    "free file name", d->pattern);
			return -1;
		}
	} else if (strlcpy(tj.final, path, sizeof(tj.final)) >=
	    sizeof(tj.final)) {
		snprintf(err, errlen, "File name too long");
		return -1;
	}
	if (mrtdump_check_path(tj.final, err, errlen) == -1)
		return -1;
	tmp_name(tj.final, tj.tmp, sizeof(tj.tmp));
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		child_main(pfd[1], tj.tmp, tj.final);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, fcntl(pfd[0], F_GETFL) | O_NONBLOCK);
	tj.pid = pid;
	tj.rfd = pfd[0];
	tj.got = 0;
	tj.t0 = loop_now();
	memset(&tj.res, 0, sizeof(tj.res));
	if (loop_fd_add(tj.rfd, POLLIN, table_pipe_cb, NULL) == -1) {
		/* nobody would reap it: wait here, a stall but no leak */
		fcntl(tj.rfd, F_SETFL, 0);
		table_pipe_cb(tj.rfd, POLLIN, NULL);
	}
	d->st.in_progress = tj.pid != 0;
	return 0;
}

/* ---- the update log ---- */

static void
ulog_write_error(const char *what)
{
	struct dump	*d = &D[MRTDUMP_UPDATES];

	set_error(MRTDUMP_UPDATES, "%s: %s", what, strerror(errno));
	if (!ul.err_logged)
		log_warnx("%%MRT-DUMP-3-UPDATES : %s (further errors on this "
		    "file are only counted)", d->st.last_error);
	ul.err_logged = 1;
}

static void
ulog_flush(void)
{
	struct dump	*d = &D[MRTDUMP_UPDATES];
	size_t		 off = 0;
	ssize_t		 n;

	if (ul.buf.len == 0)
		return;
	while (ul.fd != -1 && off < ul.buf.len) {
		n = write(ul.fd, ul.buf.buf + off, ul.buf.len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			ulog_write_error(ul.tmp);
			break;
		}
		off += (size_t)n;
	}
	d->st.bytes += off;
	/* what did not go out is lost (the file may hold part of a record:
	   a reader stops there, as at a truncated file) */
	if (off < ul.buf.len) {
		d->st.dropped += ul.nbuf;
		d->st.records -= ul.nbuf;
	}
	ul.nbuf = 0;
	wbuf_reset(&ul.buf);
}

static void
ulog_flush_cb(void *arg)
{
	(void)arg;
	ul.t_flush = NULL;
	ul.t_flush_soon = 0;
	ulog_flush();
}

static void
ulog_close(void)
{
	struct dump	*d = &D[MRTDUMP_UPDATES];

	loop_timer_cancel(ul.t_flush);
	ul.t_flush = NULL;
	ulog_flush();
	if (ul.fd == -1)
		return;
	if (close(ul.fd) == -1)
		ulog_write_error(ul.tmp);
	ul.fd = -1;
	if (rename(ul.tmp, ul.final) == -1) {
		ulog_write_error(ul.final);
		return;
	}
	strlcpy(d->st.last_file, ul.final, sizeof(d->st.last_file));
	d->st.last_write = loop_wallclock();
	d->st.files++;
	d->st.current[0] = '\0';
}

static void
ulog_open(void)
{
	struct dump	*d = &D[MRTDUMP_UPDATES];
	char		 err[MRTDUMP_PATTERN_MAX * 2];

	ul.err_logged = 0;
	if (mrtdump_expand(d->pattern, loop_wallclock(), ul.final,
	    sizeof(ul.final)) == -1 ||
	    unique_name(ul.final, sizeof(ul.final)) == -1) {
		set_error(MRTDUMP_UPDATES, "File pattern '%s' gives no free "
		    "file name", d->pattern);
		return;
	}
	if (mrtdump_check_path(ul.final, err, sizeof(err)) == -1) {
		set_error(MRTDUMP_UPDATES, "%s", err);
		log_warnx("%%MRT-DUMP-3-UPDATES : %s", err);
		ul.err_logged = 1;
		return;
	}
	tmp_name(ul.final, ul.tmp, sizeof(ul.tmp));
	ul.fd = open(ul.tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ul.fd == -1) {
		ulog_write_error(ul.tmp);
		return;
	}
	strlcpy(d->st.current, ul.final, sizeof(d->st.current));
}

static void
ulog_sess(const struct peer *p, struct mrtw_sess *s)
{
	memset(s, 0, sizeof(*s));
	s->peer = p->addr;
	s->peer_as = p->conf.remote_as;
	s->local_as = p->open_as != 0 ? p->open_as : p->conf.local_as;
	if (p->conn != NULL)
		s->local = p->conn->local;
}

static void
now_us(uint32_t *sec, uint32_t *usec)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = (uint32_t)loop_wallclock();
	*usec = (uint32_t)(ts.tv_nsec / 1000);
}

/* After a record was appended: see that a flush comes in time. */
static void
ulog_added(void)
{
	int	 soon = ul.buf.len >= ULOG_FLUSH_AT;

	D[MRTDUMP_UPDATES].st.records++;
	ul.nbuf++;
	if (ul.t_flush != NULL && (!soon || ul.t_flush_soon))
		return;
	loop_timer_cancel(ul.t_flush);
	ul.t_flush = loop_timer_add(soon ? 0 : ULOG_FLUSH_SECS,
	    ulog_flush_cb, NULL);
	ul.t_flush_soon = soon;
	if (ul.t_flush == NULL)		/* no timer: write now */
		ulog_flush();
}

static int
ulog_room(void)
{
	if (ul.fd != -1 && ul.buf.len < ULOG_MAX)
		return 1;
	D[MRTDUMP_UPDATES].st.dropped++;
	return 0;
}

static void
on_update(const struct bgp_hook_event *ev, void *arg)
{
	const struct peer	*p;
	struct mrtw_sess	 s;
	uint32_t		 sec, usec;
	int			 ap;

	(void)arg;
	if ((p = engine_peer_find(ev->peer)) == NULL || !ulog_room())
		return;
	ulog_sess(p, &s);
	now_us(&sec, &usec);
	ap = p->ap_rx != 0 &&
	    (mrtw_update_afs(ev->msg, ev->msglen) & p->ap_rx) != 0;
	if (mrtw_bgp4mp_msg(&ul.buf, sec, usec, &s, ap, ev->msg,
	    ev->msglen) == -1) {
		D[MRTDUMP_UPDATES].st.dropped++;
		return;
	}
	ulog_added();
}

static void
on_state(const struct bgp_hook_event *ev, void *arg)
{
	const struct peer	*p;
	struct mrtw_sess	 s;
	uint32_t		 sec, usec;

	(void)arg;
	if ((p = engine_peer_find(ev->peer)) == NULL || !ulog_room())
		return;
	ulog_sess(p, &s);
	now_us(&sec, &usec);
	/* enum bgp_state is Idle 0 .. Established 5; MRT counts from 1 */
	if (mrtw_bgp4mp_state(&ul.buf, sec, usec, &s, (uint16_t)(ev->a + 1),
	    (uint16_t)(ev->b + 1)) == -1) {
		D[MRTDUMP_UPDATES].st.dropped++;
		return;
	}
	ulog_added();
}

int
mrtdump_updates_rotate(char *err, size_t errlen)
{
	if (!D[MRTDUMP_UPDATES].configured) {
		snprintf(err, errlen, "No mrt-dump updates configured");
		return -1;
	}
	ulog_close();
	ulog_open();
	return 0;
}

/* ---- schedule ---- */

static void
dump_fire(void *arg)
{
	enum mrtdump_kind	 k = (enum mrtdump_kind)(intptr_t)arg;
	char			 err[MRTDUMP_PATTERN_MAX * 2];

	D[k].t_next = NULL;
	if (k == MRTDUMP_UPDATES) {
		ulog_close();
		ulog_open();
	} else if (tj.pid != 0) {
		set_error(k, "snapshot skipped: the previous one is still "
		    "being written");
	} else if (mrtdump_table_start(NULL, err, sizeof(err)) == -1) {
		set_error(k, "%s", err);
		log_warnx("%%MRT-DUMP-3-TABLE : %s", err);
	}
	dump_arm(k);
}

/* The next multiple of the interval (UTC), so files line up with the
   clock like the collectors' ones. */
static void
dump_arm(enum mrtdump_kind k)
{
	struct dump	*d = &D[k];
	time_t		 now = loop_wallclock();

	loop_timer_cancel(d->t_next);
	d->next = (now / d->interval + 1) * d->interval;
	d->t_next = loop_timer_add((double)(d->next - now), dump_fire,
	    (void *)(intptr_t)k);
	if (d->t_next == NULL)
		d->next = 0;
}

static void
updates_on(void)
{
	if (ul.hook_upd <= 0)
		ul.hook_upd = bgp_hook_add(BGP_HOOK_UPDATE_RCVD, on_update,
		    NULL);
	if (ul.hook_state <= 0)
		ul.hook_state = bgp_hook_add(BGP_HOOK_STATE, on_state, NULL);
	if (ul.fd == -1)
		ulog_open();
}

static void
updates_off(void)
{
	if (ul.hook_upd > 0)
		bgp_hook_del(ul.hook_upd);
	if (ul.hook_state > 0)
		bgp_hook_del(ul.hook_state);
	ul.hook_upd = ul.hook_state = 0;
	ulog_close();
	wbuf_free(&ul.buf);
}

void
mrtdump_apply(const struct mrtdump_cfg *c)
{
	struct dump	*d;
	int		 k, on, same;

	for (k = 0; k < MRTDUMP_NKIND; k++) {
		d = &D[k];
		on = c != NULL && c->d[k].set;
		same = on == d->configured && (!on ||
		    (strcmp(c->d[k].pattern, d->pattern) == 0 &&
		    c->d[k].interval == d->interval));
		if (same)
			continue;
		if (k == MRTDUMP_UPDATES && d->configured)
			updates_off();
		loop_timer_cancel(d->t_next);
		d->t_next = NULL;
		d->next = 0;
		d->configured = on;
		if (!on) {
			d->pattern[0] = '\0';
			d->interval = 0;
			continue;
		}
		strlcpy(d->pattern, c->d[k].pattern, sizeof(d->pattern));
		d->interval = c->d[k].interval;
		if (d->interval == 0)
			d->interval = MRTDUMP_INTERVAL_MIN;
		if (k == MRTDUMP_UPDATES)
			updates_on();
		dump_arm(k);
	}
}

void
mrtdump_stop(void)
{
	int	 k;

	for (k = 0; k < MRTDUMP_NKIND; k++) {
		loop_timer_cancel(D[k].t_next);
		D[k].t_next = NULL;
		D[k].next = 0;
	}
	if (D[MRTDUMP_UPDATES].configured)
		updates_off();
	D[MRTDUMP_TABLE].configured = D[MRTDUMP_UPDATES].configured = 0;
	if (tj.pid != 0) {
		fcntl(tj.rfd, F_SETFL, 0);	/* block: wait for the end */
		table_pipe_cb(tj.rfd, POLLIN, NULL);
	}
}

void
mrtdump_status(enum mrtdump_kind k, struct mrtdump_status *out)
{
	const struct dump	*d = &D[k];

	*out = d->st;
	out->configured = d->configured;
	strlcpy(out->pattern, d->pattern, sizeof(out->pattern));
	out->interval = d->interval;
	out->next = d->configured ? d->next : 0;
	if (k == MRTDUMP_TABLE)
		out->in_progress = tj.pid != 0;
}
