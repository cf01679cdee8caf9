/*
 * test_nl_msgs: the netlink helpers shared by the interface reader and
 * the FIB watcher.  nl_whole_messages on crafted buffers (hostile
 * lengths included); nl_recv_kernel on real sockets: a kernel reply is
 * read, a datagram from another process is dropped and counted, a reply
 * larger than the buffer comes back marked cut, an empty socket is 0
 * (nonblocking) or EAGAIN (receive timeout).
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "core/sys/nl_msgs.h"
#include "t.h"

static char	 buf[8192] __attribute__((aligned(8)));

static struct nlmsghdr *
msg_at(size_t off, uint32_t len)
{
	struct nlmsghdr	*h = (struct nlmsghdr *)(void *)(buf + off);

	memset(h, 0, sizeof(*h));
	h->nlmsg_len = len;
	h->nlmsg_type = RTM_NEWLINK;
	return h;
}

static void
whole_checks(void)
{
	unsigned long	 bad = 0;

	memset(buf, 0, sizeof(buf));
	/* two whole messages, the first unaligned in length */
	msg_at(0, 21);
	msg_at(24, 32);
	T_EQ_INT(nl_whole_messages(buf, 56, &bad), 56);
	T_EQ_INT(bad, 0);
	/* the second cut short by the datagram */
	T_EQ_INT(nl_whole_messages(buf, 50, &bad), 24);
	T_EQ_INT(bad, 1);
	/* a tail shorter than a header is not a message, and not counted */
	T_EQ_INT(nl_whole_messages(buf, 24 + 10, &bad), 24);
	T_EQ_INT(bad, 1);
	/* lengths below a header, past the buffer, at 2 GiB and more */
	msg_at(24, 8);
	T_EQ_INT(nl_whole_messages(buf, 56, &bad), 24);
	msg_at(24, 0x80000000u);
	T_EQ_INT(nl_whole_messages(buf, 56, &bad), 24);
	msg_at(24, 0xfffffff0u);
	T_EQ_INT(nl_whole_messages(buf, 56, &bad), 24);
	T_EQ_INT(bad, 4);
	/* NULL counter allowed */
	T_EQ_INT(nl_whole_messages(buf, 56, NULL), 24);
	T_EQ_INT(nl_whole_messages(buf, 0, NULL), 0);
	/* the last message's padding may be missing from the datagram */
	msg_at(0, 21);
	T_EQ_INT(nl_whole_messages(buf, 21, NULL), 21);
}

static int
nl_open(uint32_t *portid)
{
	struct sockaddr_nl	 sa;
	socklen_t		 len = sizeof(sa);
	int			 fd;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
		close(fd);
		return -1;
	}
	*portid = sa.nl_pid;
	return fd;
}

/* asks the kernel for loopback's link (ifindex 1): one RTM_NEWLINK */
static int
ask_link(int fd)
{
	char			 req[64] __attribute__((aligned(8)));
	struct nlmsghdr		*nlh = mnl_nlmsg_put_header(req);
	struct ifinfomsg	*ifi;
	struct sockaddr_nl	 to;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 1;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = 1;
	memset(&to, 0, sizeof(to));
	to.nl_family = AF_NETLINK;
	return sendto(fd, req, nlh->nlmsg_len, 0, (struct sockaddr *)&to,
	    sizeof(to)) == (ssize_t)nlh->nlmsg_len ? 0 : -1;
}

static void
recv_checks(void)
{
	struct sockaddr_nl	 to;
	struct timeval		 tv = { 0, 50000 };
	struct nlmsghdr		*nlh;
	unsigned long		 dropped = 0;
	uint32_t		 me, other_id;
	ssize_t			 n;
	int			 fd, other, cut = -1;
	char			 small[32] __attribute__((aligned(8)));

	if ((fd = nl_open(&me)) == -1 || (other = nl_open(&other_id)) == -1) {
		printf("no netlink socket (%s): socket checks skipped\n",
		    strerror(errno));
		return;
	}
	/* nothing waiting */
	T_EQ_INT(nl_recv_kernel(fd, buf, sizeof(buf), MSG_DONTWAIT, &cut,
	    &dropped), 0);

	/* the kernel's reply is read whole */
	T_EQ_INT(ask_link(fd), 0);
	n = nl_recv_kernel(fd, buf, sizeof(buf), 0, &cut, &dropped);
	T_ASSERT(n >= (ssize_t)sizeof(*nlh));
	T_EQ_INT(cut, 0);
	T_EQ_INT(dropped, 0);
	nlh = (struct nlmsghdr *)(void *)buf;
	T_EQ_INT(nlh->nlmsg_type, RTM_NEWLINK);
	T_EQ_INT(nl_whole_messages(buf, (size_t)n, NULL), n);

	/* the same reply into a buffer too small for it: marked cut */
	T_EQ_INT(ask_link(fd), 0);
	n = nl_recv_kernel(fd, small, sizeof(small), 0, &cut, &dropped);
	T_EQ_INT(n, sizeof(small));
	T_EQ_INT(cut, 1);

	/* another process's datagram (unicast between user sockets needs
	   CAP_NET_ADMIN) is dropped, and the kernel's after it is read */
	memset(&to, 0, sizeof(to));
	to.nl_family = AF_NETLINK;
	to.nl_pid = me;
	nlh = mnl_nlmsg_put_header(small);
	nlh->nlmsg_type = RTM_DELROUTE;
	if (sendto(other, small, nlh->nlmsg_len, 0, (struct sockaddr *)&to,
	    sizeof(to)) == (ssize_t)nlh->nlmsg_len) {
		T_EQ_INT(nl_recv_kernel(fd, buf, sizeof(buf), MSG_DONTWAIT,
		    &cut, &dropped), 0);
		T_EQ_INT(dropped, 1);
		T_EQ_INT(sendto(other, small, nlh->nlmsg_len, 0,
		    (struct sockaddr *)&to, sizeof(to)), nlh->nlmsg_len);
		T_EQ_INT(ask_link(fd), 0);
		n = nl_recv_kernel(fd, buf, sizeof(buf), 0, &cut, NULL);
		T_ASSERT(n > 0);
		nlh = (struct nlmsghdr *)(void *)buf;
		T_EQ_INT(nlh->nlmsg_type, RTM_NEWLINK);
	} else
		printf("user-to-user netlink refused (%s): drop checks "
		    "skipped\n", strerror(errno));

	/* a receive timeout is -1 with EAGAIN, not 0 */
	T_EQ_INT(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	errno = 0;
	T_EQ_INT(nl_recv_kernel(fd, buf, sizeof(buf), 0, &cut, NULL), -1);
	T_ASSERT(errno == EAGAIN || errno == EWOULDBLOCK);
	close(fd);
	close(other);
}

int
main(void)
{
	whole_checks();
	recv_checks();
	return T_DONE();
}
