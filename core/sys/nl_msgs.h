/*
 * nl_msgs: what of a datagram read from a netlink socket is whole
 * messages, before libmnl walks it.  Shared by the interface reader and
 * the FIB writer's watcher.
 */
#ifndef XR_SYS_NL_MSGS_H
#define XR_SYS_NL_MSGS_H

#include <stddef.h>

/*
 * The length of buf's prefix made of whole messages.  mnl_cb_run's own
 * check compares a length as a signed int: a header claiming 2 GiB or
 * more passes it and sends the walk out of the buffer.  What follows a
 * bad header is lost, and *malformed (if not NULL) counts it.
 */
size_t	 nl_whole_messages(const void *buf, size_t len,
	    unsigned long *malformed);

#endif
