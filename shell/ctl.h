/*
 * ctl: the control socket.  The router side (ctl_server.c) serves CLI
 * sessions on a Unix socket; the client side (attach.c) is `xrsh
 * --attach`.  Both speak the framing of ctl_proto.c.
 */
#ifndef XR_SHELL_CTL_H
#define XR_SHELL_CTL_H

#include <stddef.h>

struct cli;
struct ctl_conn;

/*
 * The default socket path: $XDG_RUNTIME_DIR/xrsh/xrsh.sock; without that
 * variable /run/xrsh/xrsh.sock for root, /tmp/xrsh-UID/xrsh.sock for
 * others.  0, or -1 with err set.
 */
int	ctl_default_path(char *buf, size_t len, char *err, size_t errlen);
/* for a root client: the system service's socket to try next, or NULL */
const char *ctl_fallback_path(const char *tried);

/* Router side.  0, or -1 with err set (nothing left listening). */
int	ctl_server_start(const char *path, char *err, size_t errlen);
void	ctl_server_stop(void);
/* the path served, or NULL */
const char *ctl_server_path(void);
/*
 * What output.c and pager.c use for an attached session: its stdout (err
 * 0) or stderr bytes, a question and its answer (0, or -1 at end of
 * input), one key for the pager (-1: none), its terminal's columns.
 */
void	ctl_conn_output(struct ctl_conn *, int err, const char *, size_t);
int	ctl_conn_ask(struct ctl_conn *, const char *q, char *ans, size_t len);
int	ctl_conn_getkey(struct ctl_conn *);
unsigned ctl_conn_columns(const struct ctl_conn *);
/* an unsolicited message (log line, notice) for an attached session */
void	ctl_conn_message(struct ctl_conn *, const char *text);
/* a log line for every attached session with `terminal monitor` on */
void	ctl_server_log(const char *line);

/* Client side: `xrsh --attach`.  Returns the exit status. */
struct attach_opts {
	const char	 *socket;	/* NULL: ctl_default_path() */
	const char	 *file;		/* -f */
	char		**cmds;		/* -c */
	size_t		  ncmds;
	unsigned	  opts;		/* CLI_OPT_* */
};
int	attach_main(const struct attach_opts *);

#endif
