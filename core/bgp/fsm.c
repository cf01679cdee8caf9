/*
 * fsm: the RFC 4271 8.2.2 state/event table; see fsm.h for the places
 * where it departs from the RFC.  One function per state, each a switch
 * over the events that state reacts to; "any other event" is the default
 * branch, as in the RFC text.
 */
#include <stdlib.h>

#include "core/bgp/fsm.h"
#include "core/bgp/proto.h"

/* Going down from an opening or open session because of an error. */
#define DOWN	(FSM_A_CLOSE | FSM_A_CR_STOP | FSM_A_TIMERS_STOP | \
		    FSM_A_RELEASE | FSM_A_COUNT)

static void
set(struct fsm_out *o, enum bgp_state next, unsigned actions)
{
	o->next = next;
	o->actions = actions;
}

static void
notify(struct fsm_out *o, uint8_t code, uint8_t subcode, unsigned actions)
{
	o->next = BGP_ST_IDLE;
	o->actions = FSM_A_SEND_NOTIF | actions;
	o->code = code;
	o->subcode = subcode;
}

static uint8_t
stop_subcode(const struct fsm_ctx *c)
{
	return c->subcode != 0 ? c->subcode : BGP_CEASE_ADMIN_SHUTDOWN;
}

static void
st_idle(enum fsm_event ev, const struct fsm_ctx *c, struct fsm_out *o)
{
	if (ev != FSM_EV_START) {
		set(o, BGP_ST_IDLE, 0);		/* ignored in Idle */
		return;
	}
	if (c->passive)
		set(o, BGP_ST_ACTIVE, 0);
	else
		set(o, BGP_ST_CONNECT, FSM_A_CONNECT | FSM_A_CR_START);
}

/* Connect and Active differ only in a few events. */
static void
st_connect_active(enum bgp_state st, enum fsm_event ev,
    const struct fsm_ctx *c, struct fsm_out *o)
{
	switch (ev) {
	case FSM_EV_START:
		set(o, st, 0);
		break;
	case FSM_EV_STOP:
		set(o, BGP_ST_IDLE, FSM_A_CLOSE | FSM_A_CR_STOP |
		    FSM_A_RELEASE);
		break;
	case FSM_EV_CR_EXPIRES:
		if (c->passive)
			set(o, BGP_ST_ACTIVE, 0);
		else
			set(o, BGP_ST_CONNECT, FSM_A_CLOSE | FSM_A_CONNECT |
			    FSM_A_CR_START |
			    (st == BGP_ST_CONNECT ? FSM_A_COUNT : 0));
		break;
	case FSM_EV_TCP_OK:
		set(o, BGP_ST_OPENSENT, FSM_A_CR_STOP | FSM_A_SEND_OPEN |
		    FSM_A_HOLD_LARGE);
		break;
	case FSM_EV_TCP_FAIL:
		if (st == BGP_ST_CONNECT)
			set(o, BGP_ST_ACTIVE, FSM_A_CLOSE | FSM_A_COUNT |
			    (c->passive ? FSM_A_CR_STOP : FSM_A_CR_START));
		else
			set(o, BGP_ST_IDLE, FSM_A_CLOSE | FSM_A_CR_STOP |
			    FSM_A_RELEASE | FSM_A_COUNT);
		break;
	default:
		set(o, BGP_ST_IDLE, FSM_A_CLOSE | FSM_A_CR_STOP |
		    FSM_A_RELEASE | FSM_A_COUNT);
		break;
	}
}

/*
 * OpenSent, OpenConfirm and Established share the error branches; what
 * differs is the reaction to OPEN, KEEPALIVE and the timers, and the
 * RFC 6608 subcode of an unexpected message.
 */
static void
st_open(enum bgp_state st, enum fsm_event ev, const struct fsm_ctx *c,
    struct fsm_out *o)
{
	uint8_t	 fsmerr;

	fsmerr = st == BGP_ST_OPENSENT ? BGP_ERR_FSM_OPENSENT :
	    st == BGP_ST_OPENCONFIRM ? BGP_ERR_FSM_OPENCONFIRM :
	    BGP_ERR_FSM_ESTABLISHED;
	switch (ev) {
	case FSM_EV_START:
	case FSM_EV_TCP_OK:	/* a second connection: session.c's business */
		set(o, st, 0);
		return;
	case FSM_EV_STOP:
		notify(o, BGP_ERR_CEASE, stop_subcode(c), FSM_A_CLOSE |
		    FSM_A_CR_STOP | FSM_A_TIMERS_STOP | FSM_A_RELEASE);
		return;
	case FSM_EV_HOLD_EXPIRES:
		notify(o, BGP_ERR_HOLDTIMER, 0, DOWN);
		return;
	case FSM_EV_TCP_FAIL:
		if (st == BGP_ST_OPENSENT)
			set(o, BGP_ST_ACTIVE, FSM_A_CLOSE | FSM_A_TIMERS_STOP |
			    FSM_A_COUNT | (c->passive ? 0 : FSM_A_CR_START));
		else
			set(o, BGP_ST_IDLE, DOWN);
		return;
	case FSM_EV_NOTIF_VERERR:
		set(o, BGP_ST_IDLE, DOWN & ~FSM_A_COUNT);
		return;
	case FSM_EV_NOTIF:
		set(o, BGP_ST_IDLE, DOWN);
		return;
	case FSM_EV_HDR_ERR:
		notify(o, c->code, c->subcode, DOWN);
		return;
	case FSM_EV_COLLISION:
		notify(o, BGP_ERR_CEASE, BGP_CEASE_COLLISION, DOWN);
		return;
	default:
		break;
	}
	if (st == BGP_ST_OPENSENT) {
		switch (ev) {
		case FSM_EV_OPEN:
			set(o, BGP_ST_OPENCONFIRM, FSM_A_CR_STOP |
			    FSM_A_SEND_KA | FSM_A_HOLD_NEG | FSM_A_KA_START);
			return;
		case FSM_EV_OPEN_ERR:
			notify(o, c->code, c->subcode, DOWN);
			return;
		default:
			break;
		}
	} else {
		switch (ev) {
		case FSM_EV_KA_EXPIRES:
			set(o, st, FSM_A_SEND_KA | FSM_A_KA_START);
			return;
		case FSM_EV_KEEPALIVE:
			if (st == BGP_ST_OPENCONFIRM)
				set(o, BGP_ST_ESTABLISHED, FSM_A_HOLD_NEG |
				    FSM_A_UP);
			else
				set(o, st, FSM_A_HOLD_NEG);
			return;
		case FSM_EV_UPDATE:
		case FSM_EV_RREFRESH:
			if (st != BGP_ST_ESTABLISHED)
				break;
			set(o, st, FSM_A_PROCESS | FSM_A_HOLD_NEG);
			return;
		case FSM_EV_UPDATE_ERR:
			if (st != BGP_ST_ESTABLISHED)
				break;
			notify(o, c->code, c->subcode, DOWN);
			return;
		case FSM_EV_OPEN_ERR:
			if (st != BGP_ST_OPENCONFIRM)
				break;
			notify(o, c->code, c->subcode, DOWN);
			return;
		default:
			break;
		}
	}
	/* Any other event: RFC 4271 "FSM Error", RFC 6608 subcodes. */
	notify(o, BGP_ERR_FSM, fsmerr, DOWN);
}

void
fsm_next(enum bgp_state st, enum fsm_event ev, const struct fsm_ctx *c,
    struct fsm_out *o)
{
	static const struct fsm_ctx	 none;

	if (c == NULL)
		c = &none;
	o->code = o->subcode = 0;
	switch (st) {
	case BGP_ST_IDLE:
		st_idle(ev, c, o);
		break;
	case BGP_ST_CONNECT:
	case BGP_ST_ACTIVE:
		st_connect_active(st, ev, c, o);
		break;
	case BGP_ST_OPENSENT:
	case BGP_ST_OPENCONFIRM:
	case BGP_ST_ESTABLISHED:
		st_open(st, ev, c, o);
		break;
	default:
		set(o, BGP_ST_IDLE, 0);
		break;
	}
}

const char *
fsm_event_name(enum fsm_event ev)
{
	static const char	*names[FSM_EV_COUNT] = {
		"Start", "Stop", "ConnectRetryTimer_Expires",
		"HoldTimer_Expires", "KeepaliveTimer_Expires", "TcpConnectionOK",
		"TcpConnectionFails", "BGPOpen", "BGPHeaderErr",
		"BGPOpenMsgErr", "OpenCollisionDump", "NotifMsgVerErr",
		"NotifMsg", "KeepAliveMsg", "UpdateMsg", "UpdateMsgErr",
		"RouteRefreshMsg"
	};

	return (unsigned)ev < FSM_EV_COUNT ? names[ev] : "?";
}

double
fsm_jitter(void)
{
	return 0.75 + 0.25 * ((double)random() / (double)RAND_MAX);
}

double
fsm_backoff(unsigned fails)
{
	double	 d = FSM_CR_FIRST;

	while (fails-- > 0 && d < FSM_CR_MAX)
		d *= 2;
	return d < FSM_CR_MAX ? d : FSM_CR_MAX;
}

uint16_t
fsm_hold_negotiate(uint16_t ours, uint16_t theirs)
{
	if (ours == 0 || theirs == 0)
		return 0;
	return ours < theirs ? ours : theirs;
}

uint16_t
fsm_keepalive(uint16_t hold_neg, uint16_t ka_cfg)
{
	uint16_t	 third;

	if (hold_neg == 0)
		return 0;
	third = hold_neg / 3;
	if (third == 0)
		third = 1;
	if (ka_cfg != 0 && ka_cfg < third)
		return ka_cfg;
	return third;
}
