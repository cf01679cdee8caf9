/*
 * test_loop: the event loop's timer heap (order, ties in the order set,
 * cancels anywhere) and its descriptors (epoll for sockets and pipes,
 * poll beside it for a regular file, no event for a descriptor deleted
 * by an earlier callback of the same turn).
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "tests/unit/t.h"

#define NT	500

static int	 fired[NT], nfired;

static void
on_timer(void *arg)
{
	fired[nfired++] = (int)(long)arg;
}

static void
test_timers(void)
{
	struct loop_timer	*t[NT];
	int			 i, ok = 1, left;

	nfired = 0;
	/*
	 * Deadlines in a scrambled order, then every third cancelled.  A
	 * second apart: a deadline is the real clock at the add plus the
	 * delay, so a millisecond apart a preempted add loop (a loaded
	 * machine) could reorder them.
	 */
	for (i = 0; i < NT; i++)
		t[i] = loop_timer_add((i * 7919) % NT, on_timer,
		    (void *)(long)((i * 7919) % NT));
	for (i = 0; i < NT; i += 3)
		loop_timer_cancel(t[i]);
	left = NT - (NT + 2) / 3;
	loop_warp(NT + 1.0);
	loop_run_once(0);
	T_EQ_INT(nfired, left);
	for (i = 1; i < nfired; i++)
		if (fired[i - 1] >= fired[i])
			ok = 0;
	T_ASSERT(ok);

	/* equal deadlines fire in the order they were set */
	nfired = 0;
	for (i = 0; i < 10; i++)
		loop_timer_add(0, on_timer, (void *)(long)i);
	loop_run_once(0);
	T_EQ_INT(nfired, 10);
	for (i = 0, ok = 1; i < 10; i++)
		if (fired[i] != i)
			ok = 0;
	T_ASSERT(ok);
	/* a timer not yet due stays */
	nfired = 0;
	t[0] = loop_timer_add(100, on_timer, (void *)1L);
	loop_run_once(0);
	T_EQ_INT(nfired, 0);
	T_ASSERT(loop_timer_remaining(t[0]) > 99);
	loop_timer_cancel(t[0]);
}

static int	 reads_a, reads_b, fd_b = -1;

static void
on_a(int fd, short revents, void *arg)
{
	char	 c;

	(void)arg;
	if (revents & POLLIN)
		(void)read(fd, &c, 1);
	reads_a++;
	/* b is deleted under the same turn: it must not be called */
	if (fd_b != -1) {
		loop_fd_del(fd_b);
		fd_b = -1;
	}
}

static void
on_b(int fd, short revents, void *arg)
{
	char	 c;

	(void)arg;
	if (revents & POLLIN)
		(void)read(fd, &c, 1);
	reads_b++;
}

static void
on_file(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(*(int *)arg)++;
}

static void
test_fds(void)
{
	int	 pa[2], pb[2], ff, nfile = 0;
	char	 path[] = "/tmp/test_loopXXXXXX";

	T_ASSERT(pipe(pa) == 0 && pipe(pb) == 0);
	T_EQ_INT(loop_fd_add(pa[0], POLLIN, on_a, NULL), 0);
	T_EQ_INT(loop_fd_add(pa[0], POLLIN, on_a, NULL), -1);
	T_EQ_INT(loop_fd_add(pb[0], POLLIN, on_b, NULL), 0);
	/* nothing ready: the wait times out */
	T_EQ_INT(loop_run_once(10), 0);
	(void)write(pb[1], "x", 1);
	loop_run_once(100);
	T_EQ_INT(reads_b, 1);
	/* events off, then on again */
	T_EQ_INT(loop_fd_set_events(pb[0], 0), 0);
	(void)write(pb[1], "y", 1);
	loop_run_once(10);
	T_EQ_INT(reads_b, 1);
	T_EQ_INT(loop_fd_set_events(pb[0], POLLIN), 0);
	loop_run_once(100);
	T_EQ_INT(reads_b, 2);
	/* both ready; whichever goes first, a deletes b: b is called at
	   most once more, and never after its deletion */
	(void)write(pa[1], "x", 1);
	(void)write(pb[1], "x", 1);
	fd_b = pb[0];
	loop_run_once(100);
	loop_run_once(10);
	T_EQ_INT(reads_a, 1);
	T_ASSERT(reads_b <= 3);
	reads_b = 0;
	(void)write(pb[1], "x", 1);
	loop_run_once(10);
	T_EQ_INT(reads_b, 0);
	/* a regular file (epoll refuses it) is always readable */
	ff = mkstemp(path);
	T_ASSERT(ff != -1);
	T_EQ_INT(loop_fd_add(ff, POLLIN, on_file, &nfile), 0);
	loop_run_once(1000);
	T_EQ_INT(nfile, 1);
	loop_fd_del(ff);
	loop_run_once(10);
	T_EQ_INT(nfile, 1);
	T_EQ_INT(loop_fd_set_events(ff, POLLIN), -1);
	close(ff);
	unlink(path);
	loop_fd_del(pa[0]);
	close(pa[0]);
	close(pa[1]);
	close(pb[0]);
	close(pb[1]);
}

int
main(void)
{
	test_timers();
	test_fds();
	return T_DONE();
}
