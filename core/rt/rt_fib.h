/*
 * rt_fib: the RIB's selected routes into the kernel's forwarding table
 * (`fib install kernel [table N]`, core/config/fib_cfg.h), through the
 * rtnetlink writer (core/sys/fib_netlink.h).  Static and BGP routes only:
 * the kernel has its connected and local routes already.  Every change
 * of the RIB is queued by prefix and flushed in batches at the end of
 * the event-loop turn (a 0-second timer), not per route.
 *
 * Lifecycle: rt_fib_apply() at every commit (enabling installs the whole
 * table after removing what an earlier run left behind; another table
 * moves the routes; NULL removes every route we installed), rt_fib_stop()
 * at exit.  Never with --offline.  A route of ours that another process
 * deletes (`ip route del`) is installed again a moment later: the
 * writer's watcher sees the delete, a reconcile reads the table back.
 */
#ifndef XR_RT_RT_FIB_H
#define XR_RT_RT_FIB_H

#include <stdint.h>

#include "core/sys/fib_netlink.h"

struct fib_cfg;

enum rt_fib_state {
	RT_FIB_OFF = 0,		/* not configured */
	RT_FIB_ON,		/* installing */
	RT_FIB_OFFLINE,		/* configured, skipped: --offline */
	RT_FIB_FAILED		/* configured, the socket could not open */
};

struct rt_fib_status {
	enum rt_fib_state state;
	uint32_t	 table;		/* configured (0 when off) */
	uint8_t		 protocol;	/* FIB_PROTO_XRSH */
	struct fib_stats st;		/* zero unless on */
	uint64_t	 skipped;	/* selections the kernel can't take
					   (no usable next hop) */
	char		 error[160];	/* FAILED: why */
};

/* cfg NULL: off.  offline: the engine runs without sockets. */
void	 rt_fib_apply(const struct fib_cfg *cfg, int offline);
/* Removes every route we installed and closes (exit, SIGTERM). */
void	 rt_fib_stop(void);
/* Sends what is queued now (a show wants the kernel's view). */
void	 rt_fib_sync(void);
void	 rt_fib_status(struct rt_fib_status *);
const char *rt_fib_state_name(enum rt_fib_state);

struct rt_sel;
/*
 * The kernel route of a selection (what the glue queues; tests): 0 with
 * r filled, -1 when there is nothing to install (no selection, a
 * connected or local route, no next hop the kernel takes).  A Null0 next
 * hop makes a blackhole; next hops are sorted and deduplicated, IPv6
 * gateways of an IPv4 route (RFC 8950) left out.
 */
int	 rt_fib_route(const struct xprefix *, const struct rt_sel *,
	    struct fib_route *r);

#endif
