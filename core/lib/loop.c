/*
 * loop: poll(2) loop with a small fd table and a deadline-sorted timer list.
 * Timers are few (commit-confirmed, per-peer timers), so a sorted list is
 * enough.  Invariant: `timers` is sorted by deadline, earliest first.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/queue.h>
#include <time.h>

#include "core/lib/loop.h"

#define LOOP_MAXFD	1024

struct loop_timer {
	double			 deadline;
	loop_timer_cb		 cb;
	void			*arg;
	TAILQ_ENTRY(loop_timer)	 entry;
};

static TAILQ_HEAD(, loop_timer)	timers = TAILQ_HEAD_INITIALIZER(timers);

static struct {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
} fds[LOOP_MAXFD];
static int	nfds;
static double	warp;

double
loop_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + warp;
}

time_t
loop_wallclock(void)
{
	return time(NULL) + (time_t)warp;
}

void
loop_warp(double seconds)
{
	if (seconds > 0)
		warp += seconds;
}

int
loop_fd_add(int fd, short events, loop_fd_cb cb, void *arg)
{
	int	 i;

	for (i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			return -1;
	if (nfds == LOOP_MAXFD)
		return -1;
	fds[nfds].fd = fd;
	fds[nfds].events = events;
	fds[nfds].cb = cb;
	fds[nfds].arg = arg;
	nfds++;
	return 0;
}

int
loop_fd_set_events(int fd, short events)
{
	int	 i;

	for (i = 0; i < nfds; i++)
		if (fds[i].fd == fd) {
			fds[i].events = events;
			return 0;
		}
	return -1;
}

void
loop_fd_del(int fd)
{
	int	 i;

	for (i = 0; i < nfds; i++)
		if (fds[i].fd == fd) {
			fds[i] = fds[--nfds];
			return;
		}
}

struct loop_timer *
loop_timer_add(double seconds, loop_timer_cb cb, void *arg)
{
	struct loop_timer	*t, *it;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->deadline = loop_now() + (seconds > 0 ? seconds : 0);
	t->cb = cb;
	t->arg = arg;
	TAILQ_FOREACH(it, &timers, entry)
		if (it->deadline > t->deadline)
			break;
	if (it != NULL)
		TAILQ_INSERT_BEFORE(it, t, entry);
	else
		TAILQ_INSERT_TAIL(&timers, t, entry);
	return t;
}

void
loop_timer_cancel(struct loop_timer *t)
{
	if (t == NULL)
		return;
	TAILQ_REMOVE(&timers, t, entry);
	free(t);
}

double
loop_timer_remaining(const struct loop_timer *t)
{
	double	 r = t->deadline - loop_now();

	return r > 0 ? r : 0;
}

static int
run_timers(void)
{
	struct loop_timer	*t;
	int			 n = 0;
	double			 now = loop_now();

	while ((t = TAILQ_FIRST(&timers)) != NULL && t->deadline <= now) {
		TAILQ_REMOVE(&timers, t, entry);
		t->cb(t->arg);
		free(t);
		n++;
	}
	return n;
}

int
loop_run_once(int timeout_ms)
{
	struct pollfd		 pfd[LOOP_MAXFD];
	struct loop_timer	*t;
	int			 i, n, count, tmo, ran;

	ran = run_timers();
	tmo = timeout_ms;
	if ((t = TAILQ_FIRST(&timers)) != NULL) {
		double	 ms = (t->deadline - loop_now()) * 1000.0 + 1;

		if (ms < 0)
			ms = 0;
		if (tmo < 0 || ms < tmo)
			tmo = (int)ms;
	}
	if (ran > 0)
		tmo = 0;
	count = nfds;
	for (i = 0; i < count; i++) {
		pfd[i].fd = fds[i].fd;
		pfd[i].events = fds[i].events;
		pfd[i].revents = 0;
	}
	n = poll(pfd, (nfds_t)count, tmo);
	if (n == -1)
		return errno == EINTR ? ran : -1;
	for (i = 0; i < count && n > 0; i++) {
		int	 j;

		if (pfd[i].revents == 0)
			continue;
		n--;
		/* the table may have changed under an earlier callback */
		for (j = 0; j < nfds; j++)
			if (fds[j].fd == pfd[i].fd) {
				fds[j].cb(pfd[i].fd, pfd[i].revents, fds[j].arg);
				ran++;
				break;
			}
	}
	return ran + run_timers();
}
