/*
 * fsm: the BGP-4 finite state machine of RFC 4271 section 8 as a pure
 * function.  fsm_next() maps (state, event, context) to the next state and
 * a set of actions; it touches no socket, timer or peer, so the whole
 * state/event table can be checked by a unit test and the session code
 * (session.c) only carries the actions out.
 *
 * Deviations from the RFC table, all deliberate:
 *  - a NOTIFICATION received is never answered with a NOTIFICATION (RFC
 *    4271 lists event 25 among the "other events" of OpenSent, but nobody
 *    answers a NOTIFICATION; RFC 6608 names only KEEPALIVE, UPDATE and
 *    ROUTE-REFRESH as unexpected messages);
 *  - ROUTE-REFRESH (not in RFC 4271) is an event: processed in
 *    Established, an FSM error elsewhere (RFC 6608);
 *  - an OPEN on the same connection in OpenConfirm or Established is an
 *    unexpected message (5/2, 5/3); collisions between two connections
 *    are resolved by the session code before the FSM sees an OPEN;
 *  - TcpConnectionFails, and a connect attempt that times out in Connect,
 *    also count towards the ConnectRetryCounter so that the connect-retry
 *    back-off grows while a peer refuses or ignores us;
 *  - passive (session-open-mode passive-only, or an accepted connection
 *    while waiting in Idle) never starts the ConnectRetry timer: there is
 *    nothing to retry.
 * DelayOpen, damping (IdleHold) and the optional session attributes of
 * RFC 4271 8.1.1 are not implemented.
 */
#ifndef XR_BGP_FSM_H
#define XR_BGP_FSM_H

#include <stdint.h>

#include "core/bgp/engine.h"

/* Events, with their RFC 4271 8.1 numbers. */
enum fsm_event {
	FSM_EV_START = 0,	/* 1, 3 (4, 5 with ctx->passive) */
	FSM_EV_STOP,		/* 2, 8: ctx->subcode is the Cease subcode */
	FSM_EV_CR_EXPIRES,	/* 9 ConnectRetryTimer_Expires */
	FSM_EV_HOLD_EXPIRES,	/* 10 */
	FSM_EV_KA_EXPIRES,	/* 11 */
	FSM_EV_TCP_OK,		/* 16, 17 Tcp_CR_Acked, TcpConnectionConfirmed */
	FSM_EV_TCP_FAIL,	/* 18 TcpConnectionFails */
	FSM_EV_OPEN,		/* 19 BGPOpen (acceptable) */
	FSM_EV_HDR_ERR,		/* 21 BGPHeaderErr: ctx->code/subcode */
	FSM_EV_OPEN_ERR,	/* 22 BGPOpenMsgErr: ctx->code/subcode */
	FSM_EV_COLLISION,	/* 23 OpenCollisionDump */
	FSM_EV_NOTIF_VERERR,	/* 24 NotifMsgVerErr */
	FSM_EV_NOTIF,		/* 25 NotifMsg */
	FSM_EV_KEEPALIVE,	/* 26 KeepAliveMsg */
	FSM_EV_UPDATE,		/* 27 UpdateMsg */
	FSM_EV_UPDATE_ERR,	/* 28 UpdateMsgErr: ctx->code/subcode */
	FSM_EV_RREFRESH,	/* ROUTE-REFRESH (RFC 2918) */
	FSM_EV_COUNT
};

/* Actions, carried out by the session code in this order. */
#define FSM_A_CR_STOP		0x0001	/* stop the ConnectRetry timer */
#define FSM_A_TIMERS_STOP	0x0002	/* stop Hold and Keepalive */
#define FSM_A_SEND_OPEN		0x0004
#define FSM_A_SEND_KA		0x0008
#define FSM_A_SEND_NOTIF	0x0010	/* out->code, out->subcode */
#define FSM_A_CLOSE		0x0020	/* drop the TCP connection */
#define FSM_A_CONNECT		0x0040	/* initiate a TCP connection */
#define FSM_A_CR_START		0x0080	/* (re)start ConnectRetry */
#define FSM_A_HOLD_LARGE	0x0100	/* Hold = 4 minutes (OpenSent) */
#define FSM_A_HOLD_NEG		0x0200	/* Hold = negotiated (restart) */
#define FSM_A_KA_START		0x0400	/* (re)start Keepalive */
#define FSM_A_PROCESS		0x0800	/* hand the message on (UPDATE, RR) */
#define FSM_A_UP		0x1000	/* the session became Established */
#define FSM_A_RELEASE		0x2000	/* release BGP resources (routes) */
#define FSM_A_COUNT		0x4000	/* ConnectRetryCounter++ */

struct fsm_ctx {
	int		 passive;	/* never initiate a connection */
	uint8_t		 code;		/* error to send for *_ERR events */
	uint8_t		 subcode;	/* ... and the Cease subcode for STOP */
};

struct fsm_out {
	enum bgp_state	 next;
	unsigned	 actions;	/* FSM_A_* */
	uint8_t		 code;		/* with FSM_A_SEND_NOTIF */
	uint8_t		 subcode;
};

void		 fsm_next(enum bgp_state, enum fsm_event,
		    const struct fsm_ctx *, struct fsm_out *);
const char	*fsm_event_name(enum fsm_event);

/* ---- Timer values (RFC 4271 10, XR defaults) ---- */

#define FSM_HOLD_DEFAULT	180
#define FSM_KEEPALIVE_DEFAULT	60
#define FSM_HOLD_LARGE		240	/* OpenSent, "4 minutes" */
#define FSM_CR_FIRST		5	/* first connect retry, seconds */
#define FSM_CR_MAX		120	/* back-off ceiling */

/* Random factor in [0.75, 1.0] (RFC 4271 10 jitter). */
double		 fsm_jitter(void);
/*
 * The connect-retry (and restart) delay after `fails` consecutive failures
 * before jitter: 5, 10, 20, 40, 80, then 120 seconds.
 */
double		 fsm_backoff(unsigned fails);
/* Negotiated hold time: the smaller one; 0 if either is 0. */
uint16_t	 fsm_hold_negotiate(uint16_t ours, uint16_t theirs);
/*
 * Keepalive interval for a negotiated hold time: the configured keepalive
 * (0: not configured) when it is below a third of the hold time, else a
 * third of it (at least 1 second); 0 when hold is 0.
 */
uint16_t	 fsm_keepalive(uint16_t hold_neg, uint16_t ka_cfg);

#endif
