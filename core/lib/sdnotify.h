/*
 * sdnotify: the service manager's readiness protocol (sd_notify(3))
 * without libsystemd.  A service started with Type=notify finds a Unix
 * datagram socket in $NOTIFY_SOCKET (a path, or an abstract name when it
 * starts with '@') and sends it newline-separated VAR=value states:
 * READY=1 once it serves, RELOADING=1 then READY=1 around a reload,
 * STOPPING=1 when it starts to stop, STATUS=text at any time.
 */
#ifndef XR_SDNOTIFY_H
#define XR_SDNOTIFY_H

/*
 * Sends `state` to $NOTIFY_SOCKET in one datagram.  A no-op without the
 * variable (not started by a service manager) and on any error: the
 * service manager notices a missing READY=1 by itself (a start timeout),
 * and there is nothing better a router could do about it.
 */
void	sd_notify_msg(const char *state);

#endif
