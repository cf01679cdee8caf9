/*
 * iface: the host's interfaces and their addresses, as the kernel reports
 * them over rtnetlink (iface_netlink.c fills the table; tests fill it by
 * hand through the writers below).  The table is the one source for the
 * interface shows, the connected and local routes of the RIB (core/rt)
 * and the interface names of `router static`.
 *
 * Linux has no "line protocol": admin state is IFF_UP, the protocol is
 * the operational state (IFF_RUNNING / IF_OPER_UP, or IF_OPER_UNKNOWN on
 * an up loopback or dummy, which Linux reports that way).
 */
#ifndef XR_SYS_IFACE_H
#define XR_SYS_IFACE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"

#define IFACE_NAME_MAX	16	/* IFNAMSIZ, with the NUL */

struct iface_stats {		/* IFLA_STATS64; 0 where the kernel has none */
	uint64_t	 rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t	 rx_errors, tx_errors, rx_dropped, tx_dropped;
	uint64_t	 multicast, collisions;
	uint64_t	 rx_crc_errors, rx_frame_errors, rx_fifo_errors;
	uint64_t	 tx_carrier_errors;
};

struct iface {
	int		 ifindex;
	char		 name[IFACE_NAME_MAX];
	unsigned	 flags;		/* IFF_* of the kernel */
	uint8_t		 operstate;	/* IF_OPER_* */
	unsigned	 mtu;
	uint16_t	 type;		/* ARPHRD_* */
	char		 kind[16];	/* IFLA_INFO_KIND: "veth", ""... */
	uint8_t		 mac[32];
	uint8_t		 maclen;	/* 0: none */
	struct xprefix	*addrs;		/* the address with its length (host
					   bits kept: 192.0.2.1/24) */
	size_t		 naddrs;
	uint32_t	 transitions;	/* up/down changes seen */
	time_t		 last_change;	/* wall clock of the last; 0 never */
	double		 last_change_mono;	/* loop_now() of the last */
	struct iface_stats stats;
};

int	 iface_admin_up(const struct iface *);
int	 iface_oper_up(const struct iface *);	/* admin up and running */

/* Lookups; NULL if absent.  Pointers stay valid until the next write. */
const struct iface *iface_by_index(int ifindex);
const struct iface *iface_by_name(const char *name);
/* Every interface, in name order. */
void	 iface_foreach(void (*cb)(const struct iface *, void *), void *arg);
size_t	 iface_count(void);

/* What changed, for subscribers (called after the table is updated). */
enum iface_event {
	IFACE_EV_LINK,		/* new, or flags/state/mtu/name changed */
	IFACE_EV_ADDR_ADD,
	IFACE_EV_ADDR_DEL,
	IFACE_EV_GONE,		/* removed (its addresses went first) */
};
typedef void	(*iface_cb)(enum iface_event, const struct iface *,
		    const struct xprefix *addr, void *arg);
/* A handle >= 0, -1 on allocation failure. */
int	 iface_subscribe(iface_cb, void *arg);
void	 iface_unsubscribe(int handle);

/*
 * Writers.  iface_put inserts or updates the link fields of t (its
 * addresses and counters of transitions are the table's own); the rest
 * as named.  0, -1 on allocation failure.
 */
int	 iface_put(const struct iface *t);
int	 iface_addr_add(int ifindex, const struct xprefix *);
int	 iface_addr_del(int ifindex, const struct xprefix *);
void	 iface_del(int ifindex);
void	 iface_clear(void);		/* everything, with events */

/*
 * The kernel as the source: a dump of links and addresses, then live
 * notifications on the event loop (core/lib/loop.h), applied as they
 * arrive.  0 watching; -1 with err filled (no rtnetlink).
 */
int	 iface_netlink_start(char *err, size_t errlen);
void	 iface_netlink_stop(void);
/* 1 between a successful start and the stop. */
int	 iface_netlink_running(void);
/*
 * The kernel's counters are not pushed: a show reads the table again
 * first (a dump, applied like a notification).  0; -1 with errno;
 * 0 when not running (a table filled by hand stays as it is).
 */
int	 iface_netlink_refresh(void);

#endif
