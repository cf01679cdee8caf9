/*
 * loop: the single event loop.  The shell calls loop_run_once() while it
 * waits for a keystroke or for the next script line, so timers (commit
 * confirmed, later BGP keepalives) and sockets are serviced whenever the
 * user is idle.  The clock can be warped forward for tests.
 */
#ifndef XR_LOOP_H
#define XR_LOOP_H

#include <time.h>

typedef void	(*loop_fd_cb)(int fd, short revents, void *arg);
typedef void	(*loop_timer_cb)(void *arg);

struct loop_timer;

/* Returns 0, or -1 when the table is full or fd already registered. */
int		 loop_fd_add(int fd, short events, loop_fd_cb, void *arg);
void		 loop_fd_del(int fd);
int		 loop_fd_set_events(int fd, short events);

/* Schedules cb after `seconds`; NULL on allocation failure. */
struct loop_timer *loop_timer_add(double seconds, loop_timer_cb, void *arg);
/* Cancels a pending timer; NULL is ignored.  A fired timer is freed. */
void		 loop_timer_cancel(struct loop_timer *);
/* Seconds until the timer fires (0 if due). */
double		 loop_timer_remaining(const struct loop_timer *);

/* Monotonic seconds (plus warp). */
double		 loop_now(void);
/* Wall-clock time (plus warp). */
time_t		 loop_wallclock(void);
/* Moves the clock forward; due timers fire on the next loop_run_once(). */
void		 loop_warp(double seconds);

/*
 * Runs due timers, then waits up to timeout_ms (-1: until the next timer or
 * forever) for fd events and dispatches them.  Returns the number of
 * callbacks run, or -1 on a poll error other than EINTR.
 */
int		 loop_run_once(int timeout_ms);

#endif
