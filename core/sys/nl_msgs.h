/*
 * nl_msgs: what of a datagram read from a netlink socket is whole
 * messages, before libmnl walks it.  Shared by the interface reader and
 * the FIB writer's watcher.
 */
#ifndef XR_SYS_NL_MSGS_H
#define XR_SYS_NL_MSGS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The length of buf's prefix made of whole messages.  mnl_cb_run's own
 * check compares a length as a signed int: a header claiming 2 GiB or
 * more passes it and sends the walk out of the buffer.  What follows a
 * bad header is lost, and *malformed (if not NULL) counts it.
 */
size_t	 nl_whole_messages(const void *buf, size_t len,
	    unsigned long *malformed);

/*
 * One datagram from the kernel on netlink socket fd into buf: its length,
 * 0 when flags has MSG_DONTWAIT and nothing is waiting, -1 with errno
 * (ENOBUFS: notifications were lost; EAGAIN: a receive timeout).  EINTR
 * and empty datagrams are read past.  Only the kernel speaks on our
 * sockets: a datagram from anyone else is dropped and counts in *dropped.
 * A datagram cut to the buffer is returned with *cut set: what it held
 * past the buffer is lost.
 */
ssize_t	 nl_recv_kernel(int fd, void *buf, size_t len, int flags, int *cut,
	    unsigned long *dropped);

#endif
