/*
 * session: what the engine's files share internally (core/bgp only):
 * the engine state, connections with their input buffer and output queue,
 * the FSM driver and message handlers, and the hook dispatcher.
 *
 *   engine.c	facade: start/apply/stop/clear/queries, listeners
 *   peer.c	effective settings, the peer tree, show snapshots
 *   conn.c	connections: connect, read/frame, output queue, closing
 *   session.c	the FSM driver: timers, actions, up/down, logs
 *   dispatch.c	accepted connections, messages to events, collisions
 *   open.c	OPEN building and checks, negotiation, who wins a collision
 *   recv.c	UPDATE and ROUTE-REFRESH when Established, End-of-RIB,
 *		maximum-prefix, the graceful restart helper
 *   hooks.c	bgp_hook_add/del and dispatch
 *   adjrib.c	the Adj-RIB-In store (adjrib.h)
 */
#ifndef XR_BGP_SESSION_H
#define XR_BGP_SESSION_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/engine.h"
#include "core/bgp/fsm.h"
#include "core/bgp/peer.h"
#include "core/bgp/wire.h"

#define ENGINE_MAX_LISTEN	(BGP_ENGINE_LISTEN_MAX + 2)
#define CONN_BATCH		64	/* messages per read callback */

struct engine {
	int		 started;
	int		 offline;
	int		 configured;	/* `router bgp` applied */
	struct bgp_engine_opts opts;
	uint32_t	 asn;
	uint32_t	 router_id;	/* effective, host order */
	/* bgp update-delay: best paths are not advertised until every
	   neighbor that can come up has sent End-of-RIB, or until the
	   timer fires; only armed when router bgp is first applied */
	uint32_t	 update_delay;		/* configured seconds */
	int		 sock_sndbuf;	/* socket send-buffer-size, 0: the
					   kernel's own (autotuned) */
	double		 ka_late_max;	/* seconds the latest keepalive timer
					   ran after it was due */
	int		 ud_active;
	struct loop_timer *t_ud;
	struct peer_tree peers;
	size_t		 npeers;
	struct {
		int		 fd;
		struct xaddr	 addr;
		struct loop_timer *t_pause;	/* accept failing: wait */
	} lst[ENGINE_MAX_LISTEN];
	size_t		 nlst;
	uint64_t	 table_version;
};
extern struct engine	 bgpe;

struct peer	*engine_peer_find(const struct xaddr *);
/* replay.c: removes one pseudo-neighbor and its paths */
void		 replay_remove_peer(struct peer *);
/* update-delay: 1 while advertisement is held */
int		 engine_update_delay_holds(void);
/* update-delay: ends the hold if every neighbor sent End-of-RIB */
void		 engine_update_delay_check(void);

/* ---- conn.c ---- */

struct conn {
	struct peer	*peer;		/* NULL once orphaned (closing) */
	int		 fd;
	int		 outgoing;	/* we initiated it */
	int		 connecting;	/* connect(2) in progress */
	int		 open_rcvd;	/* coll: its OPEN is in `open` */
	struct bgp_open	 open;
	struct xaddr	 local, remote;
	uint16_t	 lport, rport;
	size_t		 maxlen;	/* 4096, or 65535 with RFC 8654 */
	/* input */
	uint8_t		*rbuf;
	size_t		 rlen, rcap;
	int		 eof;		/* the peer closed; drain rbuf first */
	struct loop_timer *t_more;	/* batch limit hit: resume soon */
	/* output: messages back to back, ends[] marks each one's end */
	struct wbuf	 out;
	size_t		 out_off;
	size_t		*ends;
	size_t		 nends, capends;
	double		 wprog;		/* loop_now() of the last write that
					   made progress, or of the first
					   message queued on an empty queue */
	/* lifetime */
	int		 busy;		/* inside a callback: defer the free */
	int		 dead;
	int		 lingering;	/* flushing a NOTIFICATION, then close */
	struct loop_timer *t_linger;
	struct loop_timer *t_hold;	/* coll: OPEN must come in time */
	struct loop_timer *t_fail;	/* a write failed: report it soon */
	char		 failmsg[128];
	TAILQ_ENTRY(conn) lentry;	/* lingering list */
};

struct conn	*conn_new(struct peer *, int fd, int outgoing,
		    int connecting);
/* Starts an outgoing connection for p; NULL with err on failure. */
struct conn	*conn_connect(struct peer *, char *err, size_t errlen);
/*
 * Queues one whole message (already framed) and tries to write.  Counts it
 * on the peer.  Returns 0, -1 when the connection failed (it is then dead
 * and the caller must not use it further; a TCP failure event follows).
 */
int		 conn_send(struct conn *, const uint8_t *msg, size_t len);
/* Closes now, unsent output dropped. */
void		 conn_close(struct conn *);
/*
 * Closes after flushing what is queued (bounded: a whole partial message
 * finishes, a backlog is dropped), best effort within a short delay.
 * The conn is detached from its peer.
 */
void		 conn_close_flush(struct conn *);
size_t		 conn_inq(const struct conn *);
size_t		 conn_outq(const struct conn *);
/* Bytes queued and not yet written. */
size_t		 conn_outq_bytes(const struct conn *);
/* Seconds output has been waiting with no write making progress (0 when
   nothing waits): the send hold timer's measure (RFC 9687). */
double		 conn_write_stalled(const struct conn *);
/* Orphaned connections still flushing (bgp_engine_stop waits on it). */
size_t		 conn_lingering(void);
void		 conn_linger_all_close(void);
/* Drops queued output that has not started to go out (before a NOTIF). */
void		 conn_drop_backlog(struct conn *);
/* Counts one message sent or received on the peer (show counters). */
void		 conn_count_msg(struct peer *, int sent, const uint8_t *msg,
		    size_t len);
/* TTL to send with and GTSM minimum for p's sessions. */
void		 conn_ttl(const struct peer *, int *ttl, int *min_ttl);

/* ---- session.c: the FSM driver ---- */

/* What goes with an event besides its kind. */
struct sess_ev {
	const struct bgp_err	*err;	/* *_ERR events: the NOTIFICATION */
	uint8_t			 cease;	/* STOP: the Cease subcode */
	const char		*msg;	/* STOP: shutdown communication */
	enum peer_down		 why;	/* PD_NONE: derived from the event */
};

/* Feeds one event to p's FSM and carries out the actions; returns them
 * (FSM_A_PROCESS tells the caller to handle the message). */
unsigned	 session_event(struct peer *, enum fsm_event,
		    const struct sess_ev *);
/* Automatic start of an Idle peer, if its configuration allows. */
void		 session_start(struct peer *);
/* Administrative stop: Cease subcode, optional message, no restart. */
void		 session_stop(struct peer *, uint8_t subcode, const char *msg,
		    enum peer_down why);
void		 session_schedule_restart(struct peer *, double delay);
/* Cancels every timer of p and closes its connections, silently. */
void		 session_teardown(struct peer *);
/* Connection-level events from conn.c */
void		 session_connected(struct conn *);
void		 session_conn_failed(struct conn *, const char *why);
/* Sends a NOTIFICATION on c, logs it, records it when c is p->conn. */
void		 session_send_notification(struct peer *, struct conn *,
		    uint8_t code, uint8_t subcode, const uint8_t *data,
		    size_t datalen, const char *shutdown_msg);
/* XR's words for a NOTIFICATION code/subcode: "hold time expired". */
const char	*session_notif_text(uint8_t code, uint8_t subcode);
/* Restarts the hold timer with the negotiated value. */
void		 session_hold_restart(struct peer *);
/* Sets the state (hook called); for collision promotion. */
void		 session_set_state(struct peer *, enum bgp_state);
/* Starts the OpenSent hold timer (4 minutes). */
void		 session_hold_large(struct peer *);

/* ---- dispatch.c: accepted connections, messages, collisions ---- */

void		 session_accept(struct peer *, int fd, const struct xaddr *local,
		    uint16_t lport, const struct xaddr *remote, uint16_t rport);
/* One framed message from c (type, whole message). */
void		 session_message(struct conn *, uint8_t type,
		    const uint8_t *msg, size_t len);
/* Header error from the framer on c. */
void		 session_header_error(struct conn *, const struct bgp_err *);
/* p->conn is gone while p->coll opens: coll becomes the session. */
void		 session_promote_coll(struct peer *);

/* ---- open.c ---- */

/* Appends our OPEN for p to b and records what it advertised. */
int		 open_build(struct peer *, struct wbuf *);
/*
 * Checks a received OPEN body against p's configuration.  0 when
 * acceptable; else -1 with err (the NOTIFICATION to send) and, for no
 * address family in common, *noaf set.
 */
int		 open_check(struct peer *, const uint8_t *body, size_t len,
		    struct bgp_open *, struct bgp_err *err, int *noaf);
/* Records the negotiated session parameters from the OPEN. */
void		 open_negotiate(struct peer *, const struct bgp_open *);
/*
 * Resolves a collision between p->conn and p->coll (whose OPEN is in
 * coll->open): returns 1 when coll wins (p->conn must go), 0 otherwise.
 */
int		 open_collision_coll_wins(const struct peer *);

/* ---- recv.c ---- */

void		 recv_update(struct peer *, const uint8_t *msg, size_t len);
void		 recv_route_refresh(struct peer *, const uint8_t *msg,
		    size_t len);
/* Session up: End-of-RIB out, GR stale handling. */
void		 recv_session_up(struct peer *);
/* Session down: routes dropped, or kept stale for a GR peer. */
void		 recv_session_down(struct peer *, int graceful);
/* Drops every route of p (deconfiguration, hard reset). */
void		 recv_drop_routes(struct peer *);
/* Sends ROUTE-REFRESH for each negotiated AF; -1 if unsupported. */
int		 recv_send_refresh(struct peer *);

/* ---- hooks.c ---- */

void		 hooks_run(enum bgp_hook_kind, const struct xaddr *, int a,
		    int b, const uint8_t *msg, size_t len);
/* Registered hooks per kind: callers of a per-route kind test it first,
   so that no event is built when nobody listens. */
extern unsigned	 hooks_count[BGP_HOOK_COUNT];
void		 hooks_run_route(enum bgp_hook_kind, const struct xaddr *,
		    int afi,
		    const struct xprefix *, uint32_t pid,
		    const struct bgp_attrs *);

#endif
