/*
 * fib_netlink: the kernel's forwarding table as xrsh writes it, over
 * rtnetlink (libmnl).  Independent of the RIB: callers queue "this prefix
 * goes to these next hops" and "this prefix goes away", and flush; the
 * queue is keyed by prefix, so a prefix changed three times before a
 * flush costs one message.
 *
 * Ownership: routes carry our own protocol number (FIB_PROTO_XRSH) and a
 * metric of our own, and the writer keeps the set of prefixes it
 * installed: it only ever replaces or deletes a route it installed (a
 * first install is NLM_F_EXCL, so a route of another protocol with our
 * metric is refused, not overwritten; a delete names our protocol, so the
 * kernel matches no other).  purge_stale() is the one exception, by
 * design: routes of our protocol in our table left by a crash.
 *
 * Someone else's deletes: a second socket listens to the kernel's route
 * notifications.  A route of ours deleted by another process (`ip route
 * del`, `ip route flush proto 201`) is seen there; the caller then asks
 * for a reconcile, which reads our table back and installs again what we
 * hold and the kernel lost.  Deletes the kernel makes itself (a link
 * going down) are left to the RIB, which sees the link through the
 * interface table.
 *
 * Someone else's routes at our prefixes: a route of ours replaced by
 * another process (`ip route replace ... metric 20`), or a prefix that
 * already had another's route at our metric when we came to install it,
 * is theirs: we never overwrite it.  The prefix is "held" (the first
 * install's error is logged once), and when the other route is deleted
 * the watcher sees it and a reconcile installs ours.
 *
 * Batching: several RTM_NEWROUTE/RTM_DELROUTE go in one sendmsg; only the
 * last of a batch asks for an ACK, so the kernel answers a batch with the
 * errors of the routes that failed and one final ACK (the kernel handles
 * a batch in order, within sendmsg).  Errors are counted and logged per
 * prefix.
 */
#ifndef XR_SYS_FIB_NETLINK_H
#define XR_SYS_FIB_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

/* Our protocol number in rtm_protocol (`ip route show proto 201`): one
 * of the numbers no routing daemon in /etc/iproute2/rt_protos uses. */
#define FIB_PROTO_XRSH		201
/* Our routes' metric (RTA_PRIORITY; FRR's zebra uses 20 too): a metric
 * of our own keeps a route someone added with `ip route add` (IPv4 0,
 * IPv6 1024 by default) beside ours instead of in our way. */
#define FIB_METRIC		20
#define FIB_TABLE_MAIN		254	/* RT_TABLE_MAIN */
#define FIB_NH_MAX		16

struct fib_nh {
	struct xaddr	 gw;		/* af 0: none (on ifindex's link) */
	int		 ifindex;	/* 0: none (resolve gw) */
	uint8_t		 blackhole;	/* Null0 */
};

/* What a prefix is installed as.  A blackhole next hop makes the whole
 * route RTN_BLACKHOLE; several next hops make an RTA_MULTIPATH route. */
struct fib_route {
	struct xprefix	 pfx;
	size_t		 nnh;
	struct fib_nh	 nh[FIB_NH_MAX];
};

struct fib_stats {
	uint32_t	 table;
	uint64_t	 installed;	/* prefixes in the kernel by us */
	uint64_t	 held;		/* waiting: another's route is there */
	uint64_t	 pending;	/* queued operations */
	uint64_t	 adds, changes, deletes;	/* done since open */
	uint64_t	 errors;	/* operations the kernel refused */
	uint64_t	 batches, messages;
	uint64_t	 stale_purged;	/* by purge_stale() */
	uint64_t	 reinstalled;	/* by reconcile(): ours deleted or
					   replaced by others, or held ones
					   freed */
	uint64_t	 reconciles;	/* reads of our table to compare */
	double		 last_flush_secs;	/* wall time of the last flush */
	char		 last_error[160];	/* "" none */
};

struct fib_nl;

/* A rtnetlink socket writing into table (1-4294967295) with protocol.
 * NULL with err filled (the socket could not be opened or bound). */
struct fib_nl	*fib_nl_open(uint32_t table, uint8_t protocol, char *err,
		    size_t errlen);
/* Deletes every route we installed (flushed at once), then closes. */
void		 fib_nl_close(struct fib_nl *);
/* Forgets what was installed without deleting it (tests; a fork). */
void		 fib_nl_abandon(struct fib_nl *);

/* Queue; 0, -1 on allocation failure or a route the kernel can't take
 * (no next hop, a gateway of the other family).  Nothing is sent. */
int		 fib_nl_set(struct fib_nl *, const struct fib_route *);
int		 fib_nl_del(struct fib_nl *, const struct xprefix *);
size_t		 fib_nl_pending(const struct fib_nl *);
/* Sends everything queued; the number of operations that failed (each
 * logged), or -1 when the socket itself failed. */
int		 fib_nl_flush(struct fib_nl *);
/* Dumps our table and deletes every route of our protocol in it that we
 * did not install (left by a crash); the number deleted, -1 on error. */
int		 fib_nl_purge_stale(struct fib_nl *);
void		 fib_nl_stats(const struct fib_nl *, struct fib_stats *);
/*
 * The watcher: its file descriptor (nonblocking; -1 when it could not be
 * opened: nothing is watched), and a read of what it has.  Returns 1 when
 * another process deleted or replaced a route we installed, or deleted
 * the route that held one of our prefixes (or notifications were lost),
 * so a reconcile is due; 0 nothing of ours; -1 a socket error.
 */
int		 fib_nl_watch_fd(const struct fib_nl *);
int		 fib_nl_watch_read(struct fib_nl *);
/*
 * The same for a buffer of notifications as read (unit tests feed
 * crafted ones); each message's nlmsg_pid names the netlink port whose
 * request caused it (ours, 0 the kernel's own, another process's).
 * Every length is checked; what is malformed is skipped.
 */
int		 fib_nl_watch_parse(struct fib_nl *, const void *buf,
		    size_t len);
/*
 * Reads our table back and installs again every route we installed that
 * it lacks, and every held prefix that nothing holds any more (first
 * installs: never over another protocol's route).  The number installed
 * (logged as one line for each kind), -1 on error.
 */
int		 fib_nl_reconcile(struct fib_nl *);
/* 1 if we installed pfx (as flushed, not queued). */
int		 fib_nl_installed(const struct fib_nl *, const struct xprefix *);

/*
 * Message building, without a socket (unit tests read the bytes): one
 * RTM_NEWROUTE (del 0) or RTM_DELROUTE (del 1) for r (for a delete only
 * r->pfx matters) into buf, nlmsg_flags as given.  The message's length,
 * or 0 if it does not fit in len or r cannot be expressed.
 */
size_t		 fib_nl_build(void *buf, size_t len, int del,
		    const struct fib_route *r, uint32_t table,
		    uint8_t protocol, uint16_t nlmsg_flags, uint32_t seq);

#endif
