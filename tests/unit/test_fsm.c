/*
 * test_fsm: the RFC 4271 8.2.2 state/event table of core/bgp/fsm.c, row
 * by row (every state with every event), the RFC 6608 subcodes, and the
 * timer arithmetic (back-off, jitter bounds, hold and keepalive
 * negotiation).  Pure functions only: no socket, no loop.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/fsm.h"
#include "core/bgp/proto.h"
#include "t.h"

#define I	BGP_ST_IDLE
#define C	BGP_ST_CONNECT
#define A	BGP_ST_ACTIVE
#define OS	BGP_ST_OPENSENT
#define OC	BGP_ST_OPENCONFIRM
#define E	BGP_ST_ESTABLISHED

/* Action shorthands as the RFC words them. */
#define DROP	(FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_RELEASE | FSM_A_COUNT)
#define DOWN	(FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_TIMERS_STOP | \
		    FSM_A_RELEASE | FSM_A_COUNT)
#define NOTIF	FSM_A_SEND_NOTIF
#define STOPPED	(NOTIF | FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_TIMERS_STOP | \
		    FSM_A_RELEASE)
#define TO_OS	(FSM_A_CR_STOP | FSM_A_SEND_OPEN | FSM_A_HOLD_LARGE)

struct row {
	enum bgp_state	 st;
	enum fsm_event	 ev;
	int		 passive;
	enum bgp_state	 next;
	unsigned	 actions;
	uint8_t		 code, subcode;
};

/* ctx for *_ERR events: 3/1; for STOP: Cease subcode 0 (defaults to 2). */
static const struct row rows[] = {
	/* Idle: only Start does anything */
	{ I, FSM_EV_START, 0, C, FSM_A_CONNECT | FSM_A_CR_START, 0, 0 },
	{ I, FSM_EV_START, 1, A, 0, 0, 0 },
	{ I, FSM_EV_STOP, 0, I, 0, 0, 0 },
	{ I, FSM_EV_CR_EXPIRES, 0, I, 0, 0, 0 },
	{ I, FSM_EV_HOLD_EXPIRES, 0, I, 0, 0, 0 },
	{ I, FSM_EV_KA_EXPIRES, 0, I, 0, 0, 0 },
	{ I, FSM_EV_TCP_OK, 0, I, 0, 0, 0 },
	{ I, FSM_EV_TCP_FAIL, 0, I, 0, 0, 0 },
	{ I, FSM_EV_OPEN, 0, I, 0, 0, 0 },
	{ I, FSM_EV_HDR_ERR, 0, I, 0, 0, 0 },
	{ I, FSM_EV_OPEN_ERR, 0, I, 0, 0, 0 },
	{ I, FSM_EV_COLLISION, 0, I, 0, 0, 0 },
	{ I, FSM_EV_NOTIF_VERERR, 0, I, 0, 0, 0 },
	{ I, FSM_EV_NOTIF, 0, I, 0, 0, 0 },
	{ I, FSM_EV_KEEPALIVE, 0, I, 0, 0, 0 },
	{ I, FSM_EV_UPDATE, 0, I, 0, 0, 0 },
	{ I, FSM_EV_UPDATE_ERR, 0, I, 0, 0, 0 },
	{ I, FSM_EV_RREFRESH, 0, I, 0, 0, 0 },

	/* Connect */
	{ C, FSM_EV_START, 0, C, 0, 0, 0 },
	{ C, FSM_EV_STOP, 0, I, FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_RELEASE,
	  0, 0 },
	{ C, FSM_EV_CR_EXPIRES, 0, C, FSM_A_CLOSE | FSM_A_CONNECT |
	  FSM_A_CR_START | FSM_A_COUNT, 0, 0 },
	{ C, FSM_EV_HOLD_EXPIRES, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_KA_EXPIRES, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_TCP_OK, 0, OS, TO_OS, 0, 0 },
	{ C, FSM_EV_TCP_FAIL, 0, A, FSM_A_CLOSE | FSM_A_CR_START | FSM_A_COUNT,
	  0, 0 },
	{ C, FSM_EV_TCP_FAIL, 1, A, FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_COUNT,
	  0, 0 },
	{ C, FSM_EV_OPEN, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_HDR_ERR, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_OPEN_ERR, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_COLLISION, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_NOTIF_VERERR, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_NOTIF, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_KEEPALIVE, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_UPDATE, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_UPDATE_ERR, 0, I, DROP, 0, 0 },
	{ C, FSM_EV_RREFRESH, 0, I, DROP, 0, 0 },

	/* Active */
	{ A, FSM_EV_START, 0, A, 0, 0, 0 },
	{ A, FSM_EV_STOP, 0, I, FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_RELEASE,
	  0, 0 },
	{ A, FSM_EV_CR_EXPIRES, 0, C, FSM_A_CLOSE | FSM_A_CONNECT |
	  FSM_A_CR_START, 0, 0 },
	{ A, FSM_EV_CR_EXPIRES, 1, A, 0, 0, 0 },
	{ A, FSM_EV_HOLD_EXPIRES, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_KA_EXPIRES, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_TCP_OK, 0, OS, TO_OS, 0, 0 },
	{ A, FSM_EV_TCP_OK, 1, OS, TO_OS, 0, 0 },
	{ A, FSM_EV_TCP_FAIL, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_OPEN, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_HDR_ERR, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_OPEN_ERR, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_COLLISION, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_NOTIF_VERERR, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_NOTIF, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_KEEPALIVE, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_UPDATE, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_UPDATE_ERR, 0, I, DROP, 0, 0 },
	{ A, FSM_EV_RREFRESH, 0, I, DROP, 0, 0 },

	/* OpenSent */
	{ OS, FSM_EV_START, 0, OS, 0, 0, 0 },
	{ OS, FSM_EV_STOP, 0, I, STOPPED, 6, 2 },
	{ OS, FSM_EV_CR_EXPIRES, 0, I, NOTIF | DOWN, 5, 1 },
	{ OS, FSM_EV_HOLD_EXPIRES, 0, I, NOTIF | DOWN, 4, 0 },
	{ OS, FSM_EV_KA_EXPIRES, 0, I, NOTIF | DOWN, 5, 1 },
	{ OS, FSM_EV_TCP_OK, 0, OS, 0, 0, 0 },
	{ OS, FSM_EV_TCP_FAIL, 0, A, FSM_A_CLOSE | FSM_A_TIMERS_STOP |
	  FSM_A_COUNT | FSM_A_CR_START, 0, 0 },
	{ OS, FSM_EV_TCP_FAIL, 1, A, FSM_A_CLOSE | FSM_A_TIMERS_STOP |
	  FSM_A_COUNT, 0, 0 },
	{ OS, FSM_EV_OPEN, 0, OC, FSM_A_CR_STOP | FSM_A_SEND_KA |
	  FSM_A_HOLD_NEG | FSM_A_KA_START, 0, 0 },
	{ OS, FSM_EV_HDR_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ OS, FSM_EV_OPEN_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ OS, FSM_EV_COLLISION, 0, I, NOTIF | DOWN, 6, 7 },
	{ OS, FSM_EV_NOTIF_VERERR, 0, I, DOWN & ~FSM_A_COUNT, 0, 0 },
	{ OS, FSM_EV_NOTIF, 0, I, DOWN, 0, 0 },
	{ OS, FSM_EV_KEEPALIVE, 0, I, NOTIF | DOWN, 5, 1 },
	{ OS, FSM_EV_UPDATE, 0, I, NOTIF | DOWN, 5, 1 },
	{ OS, FSM_EV_UPDATE_ERR, 0, I, NOTIF | DOWN, 5, 1 },
	{ OS, FSM_EV_RREFRESH, 0, I, NOTIF | DOWN, 5, 1 },

	/* OpenConfirm */
	{ OC, FSM_EV_START, 0, OC, 0, 0, 0 },
	{ OC, FSM_EV_STOP, 0, I, STOPPED, 6, 2 },
	{ OC, FSM_EV_CR_EXPIRES, 0, I, NOTIF | DOWN, 5, 2 },
	{ OC, FSM_EV_HOLD_EXPIRES, 0, I, NOTIF | DOWN, 4, 0 },
	{ OC, FSM_EV_KA_EXPIRES, 0, OC, FSM_A_SEND_KA | FSM_A_KA_START, 0, 0 },
	{ OC, FSM_EV_TCP_OK, 0, OC, 0, 0, 0 },
	{ OC, FSM_EV_TCP_FAIL, 0, I, DOWN, 0, 0 },
	{ OC, FSM_EV_OPEN, 0, I, NOTIF | DOWN, 5, 2 },
	{ OC, FSM_EV_HDR_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ OC, FSM_EV_OPEN_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ OC, FSM_EV_COLLISION, 0, I, NOTIF | DOWN, 6, 7 },
	{ OC, FSM_EV_NOTIF_VERERR, 0, I, DOWN & ~FSM_A_COUNT, 0, 0 },
	{ OC, FSM_EV_NOTIF, 0, I, DOWN, 0, 0 },
	{ OC, FSM_EV_KEEPALIVE, 0, E, FSM_A_HOLD_NEG | FSM_A_UP, 0, 0 },
	{ OC, FSM_EV_UPDATE, 0, I, NOTIF | DOWN, 5, 2 },
	{ OC, FSM_EV_UPDATE_ERR, 0, I, NOTIF | DOWN, 5, 2 },
	{ OC, FSM_EV_RREFRESH, 0, I, NOTIF | DOWN, 5, 2 },

	/* Established */
	{ E, FSM_EV_START, 0, E, 0, 0, 0 },
	{ E, FSM_EV_STOP, 0, I, STOPPED, 6, 2 },
	{ E, FSM_EV_CR_EXPIRES, 0, I, NOTIF | DOWN, 5, 3 },
	{ E, FSM_EV_HOLD_EXPIRES, 0, I, NOTIF | DOWN, 4, 0 },
	{ E, FSM_EV_KA_EXPIRES, 0, E, FSM_A_SEND_KA | FSM_A_KA_START, 0, 0 },
	{ E, FSM_EV_TCP_OK, 0, E, 0, 0, 0 },
	{ E, FSM_EV_TCP_FAIL, 0, I, DOWN, 0, 0 },
	{ E, FSM_EV_OPEN, 0, I, NOTIF | DOWN, 5, 3 },
	{ E, FSM_EV_HDR_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ E, FSM_EV_OPEN_ERR, 0, I, NOTIF | DOWN, 5, 3 },
	{ E, FSM_EV_COLLISION, 0, I, NOTIF | DOWN, 6, 7 },
	{ E, FSM_EV_NOTIF_VERERR, 0, I, DOWN & ~FSM_A_COUNT, 0, 0 },
	{ E, FSM_EV_NOTIF, 0, I, DOWN, 0, 0 },
	{ E, FSM_EV_KEEPALIVE, 0, E, FSM_A_HOLD_NEG, 0, 0 },
	{ E, FSM_EV_UPDATE, 0, E, FSM_A_PROCESS | FSM_A_HOLD_NEG, 0, 0 },
	{ E, FSM_EV_UPDATE_ERR, 0, I, NOTIF | DOWN, 3, 1 },
	{ E, FSM_EV_RREFRESH, 0, E, FSM_A_PROCESS | FSM_A_HOLD_NEG, 0, 0 },
};

static void
test_table(void)
{
	struct fsm_ctx	 ctx;
	struct fsm_out	 out;
	size_t		 i;
	int		 seen[6][FSM_EV_COUNT];

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];

		memset(&ctx, 0, sizeof(ctx));
		ctx.passive = r->passive;
		ctx.code = BGP_ERR_UPDATE;
		ctx.subcode = BGP_ERR_UPD_ATTRLIST;
		if (r->ev == FSM_EV_STOP)
			ctx.subcode = 0;
		fsm_next(r->st, r->ev, &ctx, &out);
		if (out.next != r->next || out.actions != r->actions ||
		    ((r->actions & FSM_A_SEND_NOTIF) &&
		    (out.code != r->code || out.subcode != r->subcode))) {
			fprintf(stderr, "row %zu: %s + %s (passive %d): got %s "
			    "0x%x %u/%u, want %s 0x%x %u/%u\n", i,
			    bgp_state_name(r->st), fsm_event_name(r->ev),
			    r->passive, bgp_state_name(out.next), out.actions,
			    out.code, out.subcode, bgp_state_name(r->next),
			    r->actions, r->code, r->subcode);
			t_failed++;
		} else
			t_passed++;
		seen[r->st][r->ev] = 1;
	}
	/* the table covers every state with every event */
	for (i = 0; i < 6 * FSM_EV_COUNT; i++)
		if (!seen[i / FSM_EV_COUNT][i % FSM_EV_COUNT]) {
			fprintf(stderr, "no row for %s + %s\n",
			    bgp_state_name((enum bgp_state)(i / FSM_EV_COUNT)),
			    fsm_event_name((enum fsm_event)(i % FSM_EV_COUNT)));
			t_failed++;
		}
}

/* RFC 6608: the unexpected message subcode names the state. */
static void
test_rfc6608(void)
{
	static const enum fsm_event msgs[] = { FSM_EV_KEEPALIVE,
	    FSM_EV_UPDATE, FSM_EV_RREFRESH };
	struct fsm_out	 out;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		fsm_next(OS, msgs[i], NULL, &out);
		T_EQ_INT(out.code, BGP_ERR_FSM);
		T_EQ_INT(out.subcode, BGP_ERR_FSM_OPENSENT);
	}
	fsm_next(OC, FSM_EV_UPDATE, NULL, &out);
	T_EQ_INT(out.subcode, BGP_ERR_FSM_OPENCONFIRM);
	fsm_next(OC, FSM_EV_RREFRESH, NULL, &out);
	T_EQ_INT(out.subcode, BGP_ERR_FSM_OPENCONFIRM);
	fsm_next(E, FSM_EV_OPEN, NULL, &out);
	T_EQ_INT(out.subcode, BGP_ERR_FSM_ESTABLISHED);
	/* a NOTIFICATION is never answered with one */
	fsm_next(OS, FSM_EV_NOTIF, NULL, &out);
	T_ASSERT(!(out.actions & FSM_A_SEND_NOTIF));
	fsm_next(E, FSM_EV_NOTIF, NULL, &out);
	T_ASSERT(!(out.actions & FSM_A_SEND_NOTIF));
}

static void
test_stop_subcode(void)
{
	struct fsm_ctx	 ctx;
	struct fsm_out	 out;

	memset(&ctx, 0, sizeof(ctx));
	ctx.subcode = BGP_CEASE_ADMIN_RESET;
	fsm_next(E, FSM_EV_STOP, &ctx, &out);
	T_EQ_INT(out.code, BGP_ERR_CEASE);
	T_EQ_INT(out.subcode, BGP_CEASE_ADMIN_RESET);
	ctx.subcode = BGP_CEASE_PEER_DECONF;
	fsm_next(OC, FSM_EV_STOP, &ctx, &out);
	T_EQ_INT(out.subcode, BGP_CEASE_PEER_DECONF);
	/* no connection up yet: nothing to notify */
	fsm_next(C, FSM_EV_STOP, &ctx, &out);
	T_ASSERT(!(out.actions & FSM_A_SEND_NOTIF));
}

static void
test_timers(void)
{
	double	 j, lo = 1, hi = 0;
	int	 i;

	/* back-off: 5 s, doubling, capped at 120 s */
	T_ASSERT(fsm_backoff(0) == 5);
	T_ASSERT(fsm_backoff(1) == 10);
	T_ASSERT(fsm_backoff(2) == 20);
	T_ASSERT(fsm_backoff(3) == 40);
	T_ASSERT(fsm_backoff(4) == 80);
	T_ASSERT(fsm_backoff(5) == 120);
	T_ASSERT(fsm_backoff(6) == 120);
	T_ASSERT(fsm_backoff(1000) == 120);
	/* jitter in [0.75, 1] (RFC 4271 10) and actually varying */
	for (i = 0; i < 10000; i++) {
		j = fsm_jitter();
		if (j < lo)
			lo = j;
		if (j > hi)
			hi = j;
	}
	T_ASSERT(lo >= 0.75);
	T_ASSERT(hi <= 1.0);
	T_ASSERT(hi - lo > 0.2);
	/* hold: the smaller, 0 if either is 0 */
	T_EQ_INT(fsm_hold_negotiate(180, 90), 90);
	T_EQ_INT(fsm_hold_negotiate(9, 180), 9);
	T_EQ_INT(fsm_hold_negotiate(0, 180), 0);
	T_EQ_INT(fsm_hold_negotiate(180, 0), 0);
	/* keepalive: configured if below hold/3, else hold/3 */
	T_EQ_INT(fsm_keepalive(180, 60), 60);
	T_EQ_INT(fsm_keepalive(90, 60), 30);
	T_EQ_INT(fsm_keepalive(30, 5), 5);
	T_EQ_INT(fsm_keepalive(9, 0), 3);
	T_EQ_INT(fsm_keepalive(3, 60), 1);
	T_EQ_INT(fsm_keepalive(0, 60), 0);
}

int
main(void)
{
	test_table();
	test_rfc6608();
	test_stop_subcode();
	test_timers();
	return T_DONE();
}
