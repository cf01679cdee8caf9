/*
 * bmp: BGP Monitoring Protocol export (RFC 7854) from the engine to the
 * collectors of `bmp server N` (core/config/bmp_cfg.h).
 *
 * Per server, a non-blocking TCP client on the engine's loop with a
 * bounded output queue (BMP_QUEUE_MAX): a message that does not fit is
 * dropped and counted, and once the queue has drained the collector is
 * resynchronised (Peer Up and a table dump of every monitored neighbor
 * again).  A slow or dead collector therefore costs memory up to the
 * bound and never blocks a BGP session.  Reconnects back off
 * exponentially from 1 s to 60 s.
 *
 * What is sent for each neighbor with `bmp-activate server N`:
 * Initiation once per connection; Peer Up with both OPENs; Route
 * Monitoring pre-policy (each UPDATE mirrored as received, A flag for a
 * 2-octet AS session) and post-policy (L flag; each path accepted,
 * changed or withdrawn by the inbound policy, encoded from the stored
 * attributes); a table dump at connect (post-policy from the Loc-RIB,
 * pre-policy from the soft-reconfiguration copy when one is kept) ended
 * by End-of-RIB per family; with `bmp server all / route-monitoring
 * local-rib`, the Loc-RIB instance (RFC 9069, peer type 3: its Peer Up
 * with the VRF/Table Name "global", each best path change, a dump of the
 * best paths); Statistics Reports every
 * stats-reporting-period; Peer Down with the NOTIFICATION; Termination
 * when the server is removed or shut down.
 */
#ifndef XR_BGP_BMP_H
#define XR_BGP_BMP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct config;

#define BMP_QUEUE_MAX		(16u * 1024 * 1024)
#define BMP_BACKOFF_MIN		1.0
#define BMP_BACKOFF_MAX		60.0

/* engine.c */
void	bmp_start(int offline);
void	bmp_apply(const struct config *running);
/* Termination to every collector, a short bounded flush, close. */
void	bmp_stop(void);

enum bmp_state {
	BMP_ST_IDLE,		/* not started (shutdown, offline) */
	BMP_ST_WAIT,		/* initial-delay or back-off before a connect */
	BMP_ST_CONNECTING,
	BMP_ST_UP,
	BMP_ST_REFUSED		/* XRSH_LOOPBACK_ONLY: non-loopback host */
};
const char *bmp_state_name(enum bmp_state);	/* "connected" */

struct bmp_nbr_info {
	struct xaddr	 addr;
	int		 up;		/* Peer Up sent on this connection */
	uint64_t	 sent, peer_up, peer_down, route_mon, stats;
};

struct bmp_server_info {
	unsigned	 id;
	struct xaddr	 host;		/* af 0: none */
	uint16_t	 port;
	char		 description[256];
	char		 update_source[64];
	char		 source_addr[ADDR_STRLEN];	/* "" unbound */
	uint32_t	 initial_delay, stats_period;
	int		 shutdown;
	enum bmp_state	 state;
	time_t		 since;		/* wall clock of the last change */
	char		 last_error[160];
	double		 retry_in;	/* seconds to the next connect, or -1 */
	uint64_t	 sent_by_type[7];	/* BMP message types 0-6 */
	uint64_t	 sent, dropped, bytes_sent, resyncs, connects;
	size_t		 queue_bytes, queue_max;
	int		 dumping;
	int		 local_rib;	/* Loc-RIB instance monitored */
	int		 adj_rib_out;	/* Adj-RIB-Outs monitored */
	size_t		 nnbrs;
	struct bmp_nbr_info *nbrs;	/* nnbrs, in address order */
};

/* Configured servers in id order; cb returns non-zero to stop.  The info
   is valid during the call only. */
void	bmp_foreach_server(int (*cb)(const struct bmp_server_info *, void *),
	    void *arg);
/* 1 if server id is configured, with cb called for it */
int	bmp_server(unsigned id, int (*cb)(const struct bmp_server_info *,
	    void *), void *arg);

#endif
