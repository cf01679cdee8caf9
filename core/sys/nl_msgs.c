/*
 * nl_msgs: see nl_msgs.h.
 */
#include <sys/socket.h>
#include <linux/netlink.h>

#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "core/sys/nl_msgs.h"

size_t
nl_whole_messages(const void *buf, size_t len, unsigned long *malformed)
{
	const struct nlmsghdr	*h;
	size_t			 off = 0, step;

	while (len - off >= sizeof(*h)) {
		h = (const struct nlmsghdr *)(const void *)
		    ((const char *)buf + off);
		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len - off) {
			if (malformed != NULL)
				(*malformed)++;
			break;
		}
		step = MNL_ALIGN((size_t)h->nlmsg_len);
		off = step < len - off ? off + step : len;
	}
	return off;
}

ssize_t
nl_recv_kernel(int fd, void *buf, size_t len, int flags, int *cut,
    unsigned long *dropped)
{
	struct sockaddr_nl	 sa;
	struct iovec		 iov = { buf, len };
	struct msghdr		 msg;
	ssize_t			 n;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &sa;
		msg.msg_namelen = sizeof(sa);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		n = recvmsg(fd, &msg, flags);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if ((flags & MSG_DONTWAIT) &&
			    (errno == EAGAIN || errno == EWOULDBLOCK))
				return 0;
			return -1;
		}
		if (msg.msg_namelen != sizeof(sa) || sa.nl_pid != 0) {
			if (dropped != NULL)
				(*dropped)++;
			continue;
		}
		if (n == 0)
			continue;
		*cut = (msg.msg_flags & MSG_TRUNC) != 0;
		return n;
	}
}
