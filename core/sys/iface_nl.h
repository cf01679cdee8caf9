/*
 * iface_nl: the inside of iface_netlink.c, open for unit tests that feed
 * it crafted rtnetlink messages (tests/unit/test_iface_netlink.c).  Only
 * iface_netlink.c and tests include this.
 */
#ifndef XR_SYS_IFACE_NL_H
#define XR_SYS_IFACE_NL_H

#include <stddef.h>
#include <linux/netlink.h>

#include "core/sys/iface.h"

/*
 * One RTM_NEWLINK / RTM_DELLINK into t (link fields only; a missing name
 * is taken from the table).  0; 1 for a message that is not ours (another
 * family, e.g. a bridge port's); -1 malformed.  nlh->nlmsg_len must lie
 * within the caller's buffer (mnl_cb_run checks that).
 */
int	 iface_nl_parse_link(const struct nlmsghdr *, struct iface *t);
/* One RTM_NEWADDR / RTM_DELADDR: 0, 1 not ours, -1 malformed. */
int	 iface_nl_parse_addr(const struct nlmsghdr *, int *ifindex,
	    struct xprefix *);
/*
 * Applies one message to the table: 0 applied or not ours, -1 malformed
 * (the table unchanged), -2 out of memory.
 */
int	 iface_nl_apply(const struct nlmsghdr *);
/*
 * A buffer as read from the socket (any number of messages): each is
 * applied; a malformed one is skipped and counted.  Returns what
 * mnl_cb_run returned (MNL_CB_STOP at NLMSG_DONE).
 */
int	 iface_nl_feed(const void *buf, size_t len);
/* Messages skipped as malformed since the start. */
unsigned long iface_nl_malformed(void);
/* Full dumps done (the first, and one per overrun or refresh). */
unsigned long iface_nl_resyncs(void);
/* The socket's receive buffer at the next start (0: the default); a
   test makes it small to overrun it. */
void	 iface_nl_set_rcvbuf(int bytes);

/*
 * A full dump is a sweep: what the table holds and the dump did not
 * bring (links, then addresses) is removed at its end (the state after
 * an overrun, when notifications were lost).  end(0) abandons it.
 */
void	 iface_nl_sweep_begin(void);
void	 iface_nl_sweep_end(int apply);

#endif
