/*
 * nl_msgs: see nl_msgs.h.
 */
#include <linux/netlink.h>

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
