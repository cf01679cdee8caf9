/*
 * loop: epoll(7) loop with an fd table indexed by descriptor and a timer
 * heap.  A thousand BGP sessions made poll(2) the largest cost of an
 * idle speaker (the kernel polled every socket on every turn, and a
 * sorted timer list cost a walk per keepalive or hold timer restarted),
 * so readiness comes from epoll, level-triggered (poll's semantics), and
 * timers from a binary min-heap ordered by (deadline, sequence): equal
 * deadlines fire in the order they were set, as with the list before.
 *
 * Descriptors epoll refuses (regular files: a batch script on standard
 * input) are polled beside the epoll descriptor itself, with poll(2), so
 * that poll's "always readable" still holds for them.
 *
 * An event carries its slot's generation: a descriptor closed and
 * reused by an earlier callback of the same turn never receives the old
 * one's event.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "core/lib/loop.h"

#define LOOP_EVENTS	256	/* events taken per epoll_wait */
#define LOOP_MAXPOLL	16	/* descriptors epoll refuses */

struct loop_timer {
	double		 deadline;
	uint64_t	 seq;
	size_t		 idx;		/* in heap[] */
	loop_timer_cb	 cb;
	void		*arg;
};

struct slot {
	int		 used;
	int		 polled;	/* not in epoll: in pollfds[] */
	short		 events;
	uint32_t	 gen;
	loop_fd_cb	 cb;
	void		*arg;
};

static struct slot	*slots;
static size_t		 nslots;
static int		 epfd = -1;
static int		 pollfds[LOOP_MAXPOLL];
static int		 npoll;

static struct loop_timer **heap;
static size_t		 nheap, capheap;
static uint64_t		 timer_seq;
static double		 warp;

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

/* ---- descriptors ---- */

static struct slot *
slot_of(int fd)
{
	if (fd < 0 || (size_t)fd >= nslots || !slots[fd].used)
		return NULL;
	return &slots[fd];
}

static int
slots_fit(int fd)
{
	struct slot	*ns;
	size_t		 n;

	if ((size_t)fd < nslots)
		return 0;
	n = nslots ? nslots : 64;
	while (n <= (size_t)fd)
		n *= 2;
	if ((ns = reallocarray(slots, n, sizeof(*ns))) == NULL)
		return -1;
	for (size_t i = nslots; i < n; i++)
		ns[i] = (struct slot){ 0 };
	slots = ns;
	nslots = n;
	return 0;
}

static int
ep_ctl(int op, int fd, const struct slot *s)
{
	struct epoll_event	 ev;

	ev.events = (uint32_t)(unsigned short)s->events;
	ev.data.u64 = (uint64_t)(unsigned)fd | (uint64_t)s->gen << 32;
	return epoll_ctl(epfd, op, fd, &ev);
}

int
loop_fd_add(int fd, short events, loop_fd_cb cb, void *arg)
{
	struct slot	*s;

	if (fd < 0 || slot_of(fd) != NULL || slots_fit(fd) == -1)
		return -1;
	if (epfd == -1 && (epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return -1;
	s = &slots[fd];
	s->events = events;
	s->cb = cb;
	s->arg = arg;
	s->gen++;
	s->polled = 0;
	if (ep_ctl(EPOLL_CTL_ADD, fd, s) == -1) {
		if (errno != EPERM || npoll == LOOP_MAXPOLL)
			return -1;
		s->polled = 1;
		pollfds[npoll++] = fd;
	}
	s->used = 1;
	return 0;
}

int
loop_fd_set_events(int fd, short events)
{
	struct slot	*s;

	if ((s = slot_of(fd)) == NULL)
		return -1;
	if (s->events == events)
		return 0;	/* the usual case: no system call */
	s->events = events;
	if (!s->polled && ep_ctl(EPOLL_CTL_MOD, fd, s) == -1)
		return -1;
	return 0;
}

void
loop_fd_del(int fd)
{
	struct slot	*s;
	int		 i;

	if ((s = slot_of(fd)) == NULL)
		return;
	if (s->polled) {
		for (i = 0; i < npoll; i++)
			if (pollfds[i] == fd) {
				pollfds[i] = pollfds[--npoll];
				break;
			}
	} else
		(void)epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	s->used = 0;
	s->gen++;
}

/* ---- timers: a binary min-heap ---- */

static int
t_before(const struct loop_timer *a, const struct loop_timer *b)
{
	return a->deadline < b->deadline ||
	    (a->deadline == b->deadline && a->seq < b->seq);
}

static void
h_set(size_t i, struct loop_timer *t)
{
	heap[i] = t;
	t->idx = i;
}

static void
h_up(size_t i)
{
	struct loop_timer	*t = heap[i];

	while (i > 0 && t_before(t, heap[(i - 1) / 2])) {
		h_set(i, heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	h_set(i, t);
}

static void
h_down(size_t i)
{
	struct loop_timer	*t = heap[i];
	size_t			 c;

	while ((c = 2 * i + 1) < nheap) {
		if (c + 1 < nheap && t_before(heap[c + 1], heap[c]))
			c++;
		if (!t_before(heap[c], t))
			break;
		h_set(i, heap[c]);
		i = c;
	}
	h_set(i, t);
}

static void
h_remove(struct loop_timer *t)
{
	size_t	 i = t->idx;

	nheap--;
	if (i == nheap)
		return;
	h_set(i, heap[nheap]);
	h_down(i);
	h_up(heap[i]->idx);
}

struct loop_timer *
loop_timer_add(double seconds, loop_timer_cb cb, void *arg)
{
	struct loop_timer	*t, **nh;
	size_t			 ncap;

	if (nheap == capheap) {
		ncap = capheap ? capheap * 2 : 64;
		if ((nh = reallocarray(heap, ncap, sizeof(*nh))) == NULL)
			return NULL;
		heap = nh;
		capheap = ncap;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->deadline = loop_now() + (seconds > 0 ? seconds : 0);
	t->seq = timer_seq++;
	t->cb = cb;
	t->arg = arg;
	h_set(nheap++, t);
	h_up(t->idx);
	return t;
}

void
loop_timer_cancel(struct loop_timer *t)
{
	if (t == NULL)
		return;
	h_remove(t);
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

	while (nheap > 0 && (t = heap[0])->deadline <= now) {
		h_remove(t);
		t->cb(t->arg);
		free(t);
		n++;
	}
	return n;
}

/* ---- the turn ---- */

static void
dispatch(int fd, uint32_t gen, short revents, int check_gen)
{
	struct slot	*s = slot_of(fd);

	if (s == NULL || (check_gen && s->gen != gen))
		return;
	s->cb(fd, revents, s->arg);
}

int
loop_run_once(int timeout_ms)
{
	struct epoll_event	 ev[LOOP_EVENTS];
	struct pollfd		 pfd[LOOP_MAXPOLL + 1];
	uint32_t		 pgen[LOOP_MAXPOLL + 1];
	int			 i, n, np, tmo, ran;

	ran = run_timers();
	tmo = timeout_ms;
	if (nheap > 0) {
		double	 ms = (heap[0]->deadline - loop_now()) * 1000.0 + 1;

		if (ms < 0)
			ms = 0;
		if (tmo < 0 || ms < tmo)
			tmo = (int)ms;
	}
	if (ran > 0)
		tmo = 0;
	if (epfd == -1 && (epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return -1;
	np = 0;
	if (npoll > 0) {
		/* the epoll descriptor and the others, in one wait */
		pfd[np].fd = epfd;
		pfd[np].events = POLLIN;
		pfd[np++].revents = 0;
		for (i = 0; i < npoll; i++) {
			pfd[np].fd = pollfds[i];
			pfd[np].events = slots[pollfds[i]].events;
			pgen[np] = slots[pollfds[i]].gen;
			pfd[np++].revents = 0;
		}
		if (poll(pfd, (nfds_t)np, tmo) == -1)
			return errno == EINTR ? ran : -1;
		tmo = 0;
	}
	n = (np == 0 || pfd[0].revents) ?
	    epoll_wait(epfd, ev, LOOP_EVENTS, tmo) : 0;
	if (n == -1)
		return errno == EINTR ? ran : -1;
	for (i = 0; i < n; i++) {
		dispatch((int)(ev[i].data.u64 & 0xffffffffu),
		    (uint32_t)(ev[i].data.u64 >> 32), (short)ev[i].events, 1);
		ran++;
	}
	for (i = 1; i < np; i++)
		if (pfd[i].revents != 0) {
			dispatch(pfd[i].fd, pgen[i], pfd[i].revents, 1);
			ran++;
		}
	return ran + run_timers();
}
