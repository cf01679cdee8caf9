/*
 * dispatch: accepted connections, received messages turned into FSM
 * events, and connection collisions (RFC 4271 6.8).
 *
 * A connection accepted while the peer's session is opening (OpenSent,
 * OpenConfirm) becomes the peer's `coll`: we send our OPEN on it and wait
 * for the peer's.  When that OPEN arrives the collision is resolved at
 * once by the BGP identifiers (we know the peer's from this OPEN, which
 * RFC 4271 allows in OpenSent too) and the loser is closed with Cease 7.
 * A connection accepted while Established is refused with Cease 7, unless
 * the peer is a graceful-restart peer: then it is taken as the peer
 * restarting (RFC 4724 4.2) once its OPEN arrives.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/session.h"
#include "core/bgp/transport.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

static void
coll_hold_fire(void *arg)
{
	struct conn	*c = arg;
	struct peer	*p = c->peer;

	c->t_hold = NULL;
	if (p == NULL)
		return;
	session_send_notification(p, c, BGP_ERR_HOLDTIMER, 0, NULL, 0, NULL);
	conn_close_flush(c);
}

static void
send_open_on(struct peer *p, struct conn *c)
{
	struct wbuf	 b = WBUF_INIT;

	if (open_build(p, &b) == 0) {
		hooks_run(BGP_HOOK_OPEN_SENT, &p->addr, 0, 0, b.buf, b.len);
		conn_send(c, b.buf, b.len);
	}
	wbuf_free(&b);
}

void
session_accept(struct peer *p, int fd, const struct xaddr *local,
    uint16_t lport, const struct xaddr *remote, uint16_t rport)
{
	struct conn	*c;
	char		 err[128];
	int		 ttl, min_ttl;

	(void)local; (void)lport; (void)remote; (void)rport;
	if (p->conf.shutdown || p->conf.open_mode == BGP_SOM_ACTIVE_ONLY ||
	    p->conf.remote_as == 0 || p->conf.afs == 0 || bgpe.offline ||
	    (p->state == BGP_ST_IDLE && p->idle_reason == BGP_IDLE_PFXCT)) {
		log_debug("bgp %s: incoming connection refused (%s)", p->name,
		    p->conf.shutdown ? "shut down" : "not accepting");
		close(fd);
		return;
	}
	conn_ttl(p, &ttl, &min_ttl);
	if (bgp_tr_set_ttl(fd, p->addr.af, ttl, min_ttl, err,
	    sizeof(err)) == -1)
		log_debug("bgp %s: %s", p->name, err);
	if ((c = conn_new(p, fd, 0, 0)) == NULL) {
		log_warnx("%s: out of memory", __func__);
		close(fd);
		return;
	}
	switch (p->state) {
	case BGP_ST_IDLE:
	case BGP_ST_CONNECT:
	case BGP_ST_ACTIVE:
		if (p->state == BGP_ST_IDLE) {
			/* waiting out the back-off: the peer is ready now */
			loop_timer_cancel(p->t_restart);
			p->t_restart = NULL;
			p->passive_now = 1;
			session_event(p, FSM_EV_START, NULL);
		}
		if (p->conn != NULL)
			conn_close(p->conn);	/* our attempt loses */
		p->conn = c;
		session_event(p, FSM_EV_TCP_OK, NULL);
		break;
	case BGP_ST_OPENSENT:
	case BGP_ST_OPENCONFIRM:
	case BGP_ST_ESTABLISHED:
		if (p->state == BGP_ST_ESTABLISHED &&
		    !(p->conf.gr && p->cap_rcvd.gr)) {
			session_send_notification(p, c, BGP_ERR_CEASE,
			    BGP_CEASE_COLLISION, NULL, 0, NULL);
			conn_close_flush(c);
			break;
		}
		if (p->coll != NULL)
			conn_close(p->coll);
		p->coll = c;
		send_open_on(p, c);
		if ((c->t_hold = loop_timer_add(FSM_HOLD_LARGE,
		    coll_hold_fire, c)) == NULL)
			log_warnx("%s: out of memory", __func__);
		break;
	}
}

void
session_promote_coll(struct peer *p)
{
	struct conn	*c = p->coll;
	struct bgp_open	 o;

	if (c == NULL)
		return;
	if (p->conn != NULL)
		conn_close(p->conn);
	p->coll = NULL;
	p->conn = c;
	loop_timer_cancel(c->t_hold);
	c->t_hold = NULL;
	loop_timer_cancel(p->t_ka);
	p->t_ka = NULL;
	session_set_state(p, BGP_ST_OPENSENT);
	session_hold_large(p);
	if (c->open_rcvd) {
		o = c->open;
		open_negotiate(p, &o);
		session_event(p, FSM_EV_OPEN, NULL);
	}
}

/* The OPEN on a collision connection decides which connection stays. */
static void
coll_open(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_err	 err;
	struct sess_ev	 e;
	int		 noaf;

	hooks_run(BGP_HOOK_OPEN_RCVD, &p->addr, 0, 0, msg, len);
	if (open_check(p, msg + BGP_HDR_LEN, len - BGP_HDR_LEN, &c->open,
	    &err, &noaf) == -1) {
		session_send_notification(p, c, err.code, err.subcode,
		    err.data, err.datalen, NULL);
		conn_close_flush(c);
		return;
	}
	c->open_rcvd = 1;
	if (p->state == BGP_ST_ESTABLISHED) {
		/* RFC 4724 4.2: the peer restarted; the old session goes */
		p->coll = NULL;
		memset(&e, 0, sizeof(e));
		e.why = PD_PEER_CLOSED;
		session_event(p, FSM_EV_TCP_FAIL, &e);
		loop_timer_cancel(p->t_restart);
		p->t_restart = NULL;
		if (p->state != BGP_ST_IDLE || !bgpe.configured) {
			conn_close(c);
			return;
		}
		p->coll = c;
		session_promote_coll(p);
		return;
	}
	if (open_collision_coll_wins(p)) {
		log_debug("bgp %s: collision, keeping the peer's connection",
		    p->name);
		if (p->conn != NULL) {
			session_send_notification(p, p->conn, BGP_ERR_CEASE,
			    BGP_CEASE_COLLISION, NULL, 0, NULL);
			p->last_notif_code = p->last_notif_subcode = 0;
			conn_close_flush(p->conn);
		}
		session_promote_coll(p);
	} else {
		log_debug("bgp %s: collision, keeping our connection",
		    p->name);
		session_send_notification(p, c, BGP_ERR_CEASE,
		    BGP_CEASE_COLLISION, NULL, 0, NULL);
		conn_close_flush(c);
	}
}

static void
coll_message(struct peer *p, struct conn *c, uint8_t type,
    const uint8_t *msg, size_t len)
{
	if (type == BGP_MSG_OPEN) {
		coll_open(p, c, msg, len);
		return;
	}
	if (type == BGP_MSG_NOTIFICATION) {
		hooks_run(BGP_HOOK_NOTIF_RCVD, &p->addr, 0, 0, msg, len);
		conn_close(c);
		return;
	}
	session_send_notification(p, c, BGP_ERR_FSM, BGP_ERR_FSM_OPENSENT,
	    NULL, 0, NULL);
	conn_close_flush(c);
}

static void
main_open(struct peer *p, const uint8_t *msg, size_t len)
{
	struct bgp_open	 o;
	struct bgp_err	 err;
	struct sess_ev	 e;
	int		 noaf;

	hooks_run(BGP_HOOK_OPEN_RCVD, &p->addr, 0, 0, msg, len);
	if (p->state != BGP_ST_OPENSENT) {
		session_event(p, FSM_EV_OPEN, NULL);	/* FSM error */
		return;
	}
	if (open_check(p, msg + BGP_HDR_LEN, len - BGP_HDR_LEN, &o, &err,
	    &noaf) == -1) {
		log_debug("bgp %s: bad OPEN: %s", p->name, err.text);
		memset(&e, 0, sizeof(e));
		e.err = &err;
		session_event(p, err.code == BGP_ERR_HEADER ?
		    FSM_EV_HDR_ERR : FSM_EV_OPEN_ERR, &e);
		if (noaf && p->state == BGP_ST_IDLE)
			p->idle_reason = BGP_IDLE_NOAF;
		return;
	}
	open_negotiate(p, &o);
	session_event(p, FSM_EV_OPEN, NULL);
}

static void
main_notification(struct peer *p, const uint8_t *msg, size_t len)
{
	static struct bgp_notification	 n;	/* 64 KiB: not on the stack */
	struct bgp_err			 err;
	struct sess_ev			 e;

	hooks_run(BGP_HOOK_NOTIF_RCVD, &p->addr, 0, 0, msg, len);
	if (bgp_notification_decode(msg + BGP_HDR_LEN, len - BGP_HDR_LEN, &n,
	    &err) == -1) {
		memset(&n, 0, sizeof(n));
		if (len >= BGP_HDR_LEN + 2) {
			n.code = msg[BGP_HDR_LEN];
			n.subcode = msg[BGP_HDR_LEN + 1];
		}
	}
	p->last_notif_sent = 0;
	p->last_notif_code = n.code;
	p->last_notif_subcode = n.subcode;
	snprintf(p->last_shutdown_msg, sizeof(p->last_shutdown_msg), "%s",
	    n.has_shutdown_msg ? n.shutdown_msg : "");
	log_msg(LOG_LVL_ERR, "%%ROUTING-BGP-3-NOTIFICATION : received from "
	    "neighbor %s %u/%u (%s) %zu bytes%s%s%s", p->name, n.code,
	    n.subcode, session_notif_text(n.code, n.subcode),
	    len > BGP_HDR_LEN + 2 ? len - BGP_HDR_LEN - 2 : 0,
	    n.has_shutdown_msg ? " \"" : "",
	    n.has_shutdown_msg ? n.shutdown_msg : "",
	    n.has_shutdown_msg ? "\"" : "");
	/* dual-as: the peer expects the other AS; offer it next time */
	if (n.code == BGP_ERR_OPEN && n.subcode == BGP_ERR_OPEN_AS &&
	    (p->conf.local_as_opts & BGP_OPT_DUAL_AS))
		p->dual_as_alt = !p->dual_as_alt;
	memset(&e, 0, sizeof(e));
	e.why = PD_NOTIF_RCVD;
	session_event(p, n.code == BGP_ERR_OPEN &&
	    n.subcode == BGP_ERR_OPEN_VERSION ? FSM_EV_NOTIF_VERERR :
	    FSM_EV_NOTIF, &e);
}

void
session_message(struct conn *c, uint8_t type, const uint8_t *msg,
    size_t len)
{
	struct peer	*p = c->peer;
	unsigned	 a;

	if (p == NULL)
		return;
	conn_count_msg(p, 0, msg, len);
	if (c == p->coll) {
		coll_message(p, c, type, msg, len);
		return;
	}
	if (c != p->conn)
		return;
	switch (type) {
	case BGP_MSG_OPEN:
		main_open(p, msg, len);
		break;
	case BGP_MSG_KEEPALIVE:
		session_event(p, FSM_EV_KEEPALIVE, NULL);
		break;
	case BGP_MSG_UPDATE:
		a = session_event(p, FSM_EV_UPDATE, NULL);
		if (a & FSM_A_PROCESS)
			recv_update(p, msg, len);
		break;
	case BGP_MSG_ROUTE_REFRESH:
		a = session_event(p, FSM_EV_RREFRESH, NULL);
		if (a & FSM_A_PROCESS)
			recv_route_refresh(p, msg, len);
		break;
	case BGP_MSG_NOTIFICATION:
		main_notification(p, msg, len);
		break;
	}
}

void
session_header_error(struct conn *c, const struct bgp_err *err)
{
	struct peer	*p = c->peer;
	struct sess_ev	 e;

	if (p == NULL) {
		conn_close(c);
		return;
	}
	log_debug("bgp %s: bad message header: %s", p->name, err->text);
	if (c != p->conn) {
		session_send_notification(p, c, err->code, err->subcode,
		    err->data, err->datalen, NULL);
		conn_close_flush(c);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.err = err;
	session_event(p, FSM_EV_HDR_ERR, &e);
}
