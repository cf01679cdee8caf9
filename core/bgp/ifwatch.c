/*
 * ifwatch: the rtnetlink change notification; see ifwatch.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#endif

#include "core/bgp/ifwatch.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

/* a burst of address events (an interface coming up) is one rescan */
#define IFWATCH_DELAY	0.2

static struct {
	int			 fd;
	void			(*changed)(void);
	struct loop_timer	*timer;
} iw = { -1, NULL, NULL };

static void
fire(void *arg)
{
	(void)arg;
	iw.timer = NULL;
	if (iw.changed != NULL)
		iw.changed();
}

static void
readable(int fd, short revents, void *arg)
{
	char	 buf[8192];
	ssize_t	 n;
	int	 any = 0;

	(void)revents;
	(void)arg;
	/* drain: the contents do not matter, only that something changed */
	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			any = 1;
			continue;
		}
		/* ENOBUFS: events were lost, which is also a change */
		if (n == -1 && errno == ENOBUFS) {
			any = 1;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (any && iw.timer == NULL &&
	    (iw.timer = loop_timer_add(IFWATCH_DELAY, fire, NULL)) == NULL)
		log_warnx("ifwatch: out of memory, waiting for the periodic "
		    "rescan");
}

int
ifwatch_start(void (*changed)(void))
{
#ifdef __linux__
	struct sockaddr_nl	 sa;
	int			 fd;

	if (iw.fd != -1) {
		iw.changed = changed;
		return 0;
	}
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    loop_fd_add(fd, POLLIN, readable, NULL) == -1) {
		close(fd);
		return -1;
	}
	iw.fd = fd;
	iw.changed = changed;
	return 0;
#else
	(void)changed;
	return -1;
#endif
}

void
ifwatch_stop(void)
{
	loop_timer_cancel(iw.timer);
	iw.timer = NULL;
	if (iw.fd != -1) {
		loop_fd_del(iw.fd);
		close(iw.fd);
		iw.fd = -1;
	}
	iw.changed = NULL;
}
