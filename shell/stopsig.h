/*
 * stopsig: the signals that end xrsh in order.  SIGTERM and SIGHUP (the
 * terminal went away) always stop; SIGINT stops too unless Ctrl-C is a
 * key of the line editor (interactive sessions keep term.c's handler);
 * with --foreground SIGHUP reloads the saved configuration instead.  The
 * handler only sets a flag and writes to a pipe the event loop watches,
 * so a signal that arrives between a check of the flag and poll() still
 * wakes the loop.  The read loops (term.c, batch.c, attach.c) end when
 * the flag is set; main.c then runs the normal exit path (control
 * socket, BGP engine with its kernel routes) and exits 128 + signal.
 */
#ifndef XR_SHELL_STOPSIG_H
#define XR_SHELL_STOPSIG_H

#define STOPSIG_INT	0x01	/* SIGINT stops (not interactive) */
#define STOPSIG_RELOAD	0x02	/* SIGHUP reloads instead (--foreground) */
/* SIGHUP and SIGINT are caught even when ignored on entry (--foreground:
 * they are meant for the router); otherwise an ignored one stays so */
#define STOPSIG_ALWAYS	0x04

/* installs the handlers and the wake-up pipe; -1 on failure */
int		 stopsig_init(unsigned flags);
/* the signal that asked to stop, 0 if none */
int		 stopsig_pending(void);
/* 1 (and cleared) if SIGHUP asked for a reload (STOPSIG_RELOAD) */
int		 stopsig_take_reload(void);
/* the wake-up pipe's read end for a poll() of one's own, -1 if none;
 * never read it (the event loop drains it) */
int		 stopsig_fd(void);
/* "SIGTERM", "SIGHUP", "SIGINT" */
const char	*stopsig_name(int sig);

#endif
