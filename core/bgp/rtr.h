/*
 * rtr: the RPKI-to-Router client (RFC 6810 version 0, RFC 8210 version
 * 1) on top of rtrlib's rtr_mgr.  Servers are grouped by preference
 * (lower is preferred); the most preferred group that works is kept
 * connected and the next one takes over when it fails, as XR's `rpki
 * server ... preference` does (one rtr_mgr per server, the group chosen
 * on the loop thread: rtr.c says why).
 *
 * Threads: rtrlib runs one thread per server socket and calls back from
 * there.  Those callbacks only append to a queue under a short mutex and
 * write one byte to a pipe; the engine's loop (core/lib/loop.c) reads the
 * pipe and drains the queue on its own thread, applies each change to
 * the ROA table (core/bgp/roa.c, server slot = source id) and reports
 * every VRP that entered or left the set through the change callback, so
 * no lock is held across the loop and the ROA table is never touched by
 * another thread.
 *
 * Safety: with loopback_only set (XRSH_LOOPBACK_ONLY) a server outside
 * 127.0.0.0/8 and ::1 is refused and logged, never connected; offline
 * engines start no client at all.
 */
#ifndef XR_BGP_RTR_H
#define XR_BGP_RTR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct roa_table;

#define RTR_SERVERS_MAX	31	/* ROA_SRC_MAX - 1 */

/* One `rpki server` as committed (core/config builds these). */
struct rtr_server_cfg {
	char		 host[256];	/* as configured: address or name */
	uint16_t	 port;		/* transport tcp port */
	unsigned	 refresh_time;	/* seconds; 0: off (serial query only
					   on the server's notify) */
	unsigned	 response_time;	/* seconds; 0: off */
	unsigned	 purge_time;	/* seconds ROAs survive a lost server */
	unsigned	 preference;	/* lower is preferred */
	int		 shutdown;	/* configured, not connected */
};

typedef void	(*rtr_change_cb)(const struct xprefix *vrp_prefix, void *arg);

/* Once, at engine start.  The table and callback stay the same for the
   engine's life. */
void	 rtr_init(struct roa_table *, rtr_change_cb, void *arg,
	    int offline, int loopback_only);
/*
 * A commit: servers added, removed or changed take effect; an unchanged
 * server keeps its session and its ROAs.  A removed or changed server's
 * ROAs leave the table at once (through the change callback).  One
 * report line per server acted upon ("RPKI server 127.0.0.1: started",
 * ": shut down", ": removed", ": refused (address outside loopback)"; a
 * changed server is "started" again).  0, or -1 with err filled
 * (nothing changed).
 */
int	 rtr_apply(const struct rtr_server_cfg *, size_t n,
	    struct strbuf *report, char *err, size_t errlen);
/* Engine stop: every session closed, every server's ROAs removed. */
void	 rtr_stop(void);

/* ---- Queries (snapshots) ---- */
struct rtr_server_info {
	struct rtr_server_cfg cfg;
	unsigned	 slot;		/* ROA source id */
	const char	*state;		/* "NONE", "CONNECTING", "ESTAB",
					   "ERROR", "SHUTDOWN", "REFUSED" */
	int		 up;		/* synced and serving */
	int		 active;	/* its session runs: its preference
					   group is in use, or preferred to
					   the one in use and retried */
	time_t		 state_since;	/* wall clock of the last change */
	uint8_t		 version;	/* negotiated RTR version */
	int		 have_session;
	uint16_t	 session_id;
	uint32_t	 serial;
	size_t		 vrps_v4, vrps_v6;	/* held from this server */
	time_t		 last_update;	/* last End of Data, 0: never */
	unsigned	 refresh_neg, retry_neg, expire_neg; /* in use */
	char		 last_error[128];
};

size_t	 rtr_server_count(void);
void	 rtr_foreach_server(int (*cb)(const struct rtr_server_info *,
	    void *), void *arg);
/* 0 and *out, or -1 if host is not a configured server. */
int	 rtr_server(const char *host, struct rtr_server_info *out);

#endif
