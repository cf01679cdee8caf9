/*
 * session: drives each peer's FSM (fsm.c) and carries out its actions:
 * timers on the loop, OPEN/KEEPALIVE/NOTIFICATION on the connection,
 * Up/Down bookkeeping and the XR log lines.  Messages arrive here from
 * conn.c already framed.
 *
 * Timers (RFC 4271 10 with XR's values): ConnectRetry and the automatic
 * restart after a session ends use a back-off, 5 s, 10 s, 20 s ... up to
 * 120 s, after consecutive failures (reset when a session reaches
 * Established), each multiplied by a jitter in [0.75, 1]; keepalives are
 * jittered the same way.  Keepalives are sent from timers only, never
 * from message processing, so work never delays them.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/session.h"
#include "core/bgp/transport.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

static void
timer_stop(struct loop_timer **t)
{
	loop_timer_cancel(*t);
	*t = NULL;
}

static void
timer_set(struct loop_timer **t, double secs, loop_timer_cb cb, void *arg)
{
	loop_timer_cancel(*t);
	if ((*t = loop_timer_add(secs, cb, arg)) == NULL)
		log_warnx("%s: out of memory", __func__);
}

const char *
session_notif_text(uint8_t code, uint8_t subcode)
{
	static const char *hdr[] = { "message header error",
	    "connection out of sync", "bad message length",
	    "bad message type" };
	static const char *open[] = { "OPEN message error",
	    "unsupported version", "peer in wrong AS", "bad BGP identifier",
	    "unsupported optional parameter", "authentication failure",
	    "unacceptable hold time", "unsupported capability" };
	static const char *upd[] = { "UPDATE message error",
	    "malformed attribute list", "unrecognized well-known attribute",
	    "missing well-known attribute", "attribute flags error",
	    "attribute length error", "invalid ORIGIN attribute",
	    "AS routing loop", "invalid NEXT_HOP attribute",
	    "optional attribute error", "invalid network field",
	    "malformed AS_PATH" };
	static const char *fsm[] = { "FSM error",
	    "unexpected message in OpenSent",
	    "unexpected message in OpenConfirm",
	    "unexpected message in Established" };
	static const char *cease[] = { "cease",
	    "maximum number of prefixes reached", "administrative shutdown",
	    "peer de-configured", "administrative reset",
	    "connection rejected", "other configuration change",
	    "connection collision resolution", "out of resources",
	    "hard reset", "BFD down" };
#define PICK(t) (subcode < sizeof(t) / sizeof(t[0]) ? t[subcode] : t[0])

	switch (code) {
	case BGP_ERR_HEADER:
		return PICK(hdr);
	case BGP_ERR_OPEN:
		return PICK(open);
	case BGP_ERR_UPDATE:
		return PICK(upd);
	case BGP_ERR_HOLDTIMER:
		return "hold time expired";
	case BGP_ERR_FSM:
		return PICK(fsm);
	case BGP_ERR_CEASE:
		return PICK(cease);
	case BGP_ERR_RREFRESH:
		return subcode == BGP_ERR_RR_MSGLEN ?
		    "invalid ROUTE-REFRESH message length" :
		    "ROUTE-REFRESH message error";
	}
	return "unknown error";
#undef PICK
}

/* " 2 bytes FDE9": the log's view of NOTIFICATION data. */
static void
notif_data_text(const uint8_t *data, size_t len, char *buf, size_t buflen)
{
	size_t	 i, off;

	off = (size_t)snprintf(buf, buflen, " %zu bytes", len);
	if (len > 0 && off + 1 < buflen)
		buf[off++] = ' ';
	for (i = 0; i < len && i < 32 && off + 3 < buflen; i++)
		off += (size_t)snprintf(buf + off, buflen - off, "%02X",
		    data[i]);
	if (off < buflen)
		buf[off] = '\0';
}

static void
notif_log(const struct peer *p, int sent, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen, const char *smsg)
{
	char	 dtext[96];

	notif_data_text(data, datalen, dtext, sizeof(dtext));
	log_msg(LOG_LVL_ERR, "%%ROUTING-BGP-3-NOTIFICATION : %s neighbor %s "
	    "%u/%u (%s)%s%s%s%s", sent ? "sent to" : "received from",
	    p->name, code, subcode, session_notif_text(code, subcode), dtext,
	    smsg != NULL && smsg[0] != '\0' ? " \"" : "",
	    smsg != NULL ? smsg : "",
	    smsg != NULL && smsg[0] != '\0' ? "\"" : "");
}

/* Sends a NOTIFICATION on c; record: it ends p's session (show fields). */
static void
notify_conn(struct peer *p, struct conn *c, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen, const char *smsg, int record)
{
	struct wbuf	 b = WBUF_INIT;
	int		 rc;

	if (smsg != NULL && smsg[0] == '\0')
		smsg = NULL;
	if (code != BGP_ERR_CEASE || (subcode != BGP_CEASE_ADMIN_SHUTDOWN &&
	    subcode != BGP_CEASE_ADMIN_RESET))
		smsg = NULL;
	if (smsg != NULL)
		rc = bgp_notification_encode_shutdown(&b, subcode, smsg);
	else
		rc = bgp_notification_encode(&b, code, subcode, data, datalen);
	if (record) {
		p->last_notif_sent = 1;
		p->last_notif_code = code;
		p->last_notif_subcode = subcode;
		snprintf(p->last_shutdown_msg, sizeof(p->last_shutdown_msg),
		    "%s", smsg != NULL ? smsg : "");
	}
	if (rc == -1 || b.len < BGP_HDR_LEN + 2) {
		log_warnx("%s: cannot encode NOTIFICATION for %s", __func__,
		    p->name);
		wbuf_free(&b);
		return;
	}
	notif_log(p, 1, code, subcode, b.buf + BGP_HDR_LEN + 2,
	    b.len - BGP_HDR_LEN - 2, smsg);
	hooks_run(BGP_HOOK_NOTIF_SENT, &p->addr, code, subcode, b.buf, b.len);
	if (c != NULL) {
		conn_drop_backlog(c);
		conn_send(c, b.buf, b.len);
	}
	wbuf_free(&b);
}

void
session_send_notification(struct peer *p, struct conn *c, uint8_t code,
    uint8_t subcode, const uint8_t *data, size_t datalen, const char *smsg)
{
	notify_conn(p, c, code, subcode, data, datalen, smsg, c == p->conn);
}

static void
send_open(struct peer *p, struct conn *c)
{
	struct wbuf	 b = WBUF_INIT;

	if (c == NULL)
		return;
	if (open_build(p, &b) == -1)
		log_warnx("%s: cannot encode OPEN for %s", __func__, p->name);
	else {
		hooks_run(BGP_HOOK_OPEN_SENT, &p->addr, 0, 0, b.buf, b.len);
		conn_send(c, b.buf, b.len);
	}
	wbuf_free(&b);
}

static void
send_keepalive(struct peer *p)
{
	struct wbuf	 b = WBUF_INIT;

	bgp_keepalive_encode(&b);
	if (!b.oom)
		conn_send(p->conn, b.buf, b.len);
	wbuf_free(&b);
}

static void
cr_fire(void *arg)
{
	struct peer	*p = arg;

	p->t_cr = NULL;
	session_event(p, FSM_EV_CR_EXPIRES, NULL);
}

static void
hold_fire(void *arg)
{
	struct peer	*p = arg;

	p->t_hold = NULL;
	session_event(p, FSM_EV_HOLD_EXPIRES, NULL);
}

/*
 * The send hold timer (RFC 9687; XR drops such a peer by its hold
 * timer): a peer that keeps sending keepalives but stops reading closes
 * its TCP window, and our output waits forever.  Once nothing could be
 * written for the hold time, the session is reset as if it had expired.
 * Checked at each keepalive tick, so within hold + hold/3 seconds.
 */
static int
send_hold_expired(struct peer *p)
{
	double	 stalled;

	if (p->hold_neg == 0 || p->conn == NULL ||
	    p->state != BGP_ST_ESTABLISHED ||
	    (stalled = conn_write_stalled(p->conn)) < p->hold_neg)
		return 0;
	log_warnx("%%ROUTING-BGP-3-SEND_HOLD_EXPIRED : neighbor %s: nothing "
	    "could be sent for %.0f seconds (%zu bytes queued), hold time "
	    "%u: resetting the session", p->name, stalled,
	    conn_outq_bytes(p->conn), p->hold_neg);
	session_event(p, FSM_EV_HOLD_EXPIRES, NULL);
	return 1;
}

static void
ka_fire(void *arg)
{
	struct peer	*p = arg;

	p->t_ka = NULL;
	/* how late the loop ran it (a busy loop delays every timer) */
	if (p->ka_due > 0 && loop_now() - p->ka_due > bgpe.ka_late_max)
		bgpe.ka_late_max = loop_now() - p->ka_due;
	p->ka_due = 0;
	if (send_hold_expired(p))
		return;
	session_event(p, FSM_EV_KA_EXPIRES, NULL);
}

static void
restart_fire(void *arg)
{
	struct peer	*p = arg;

	p->t_restart = NULL;
	session_start(p);
}

void
session_hold_restart(struct peer *p)
{
	if (p->hold_neg > 0)
		timer_set(&p->t_hold, p->hold_neg, hold_fire, p);
	else
		timer_stop(&p->t_hold);
}

void
session_hold_large(struct peer *p)
{
	timer_set(&p->t_hold, FSM_HOLD_LARGE, hold_fire, p);
}

void
session_schedule_restart(struct peer *p, double delay)
{
	timer_set(&p->t_restart, delay, restart_fire, p);
}

/* The delay before the next attempt after p->cr_fails failures. */
static double
retry_delay(const struct peer *p)
{
	return fsm_backoff(p->cr_fails > 0 ? p->cr_fails - 1 : 0) *
	    fsm_jitter();
}

static int
startable(const struct peer *p)
{
	return bgpe.started && !bgpe.offline && bgpe.configured &&
	    !p->replayed &&
	    !p->deleted && !p->conf.shutdown && p->conf.remote_as != 0 &&
	    p->conf.afs != 0;
}

void
session_set_state(struct peer *p, enum bgp_state st)
{
	enum bgp_state	 old = p->state;

	if (old == st)
		return;
	p->state = st;
	if (old == BGP_ST_IDLE)
		p->idle_reason = BGP_IDLE_NONE;
	/* `log neighbor changes detail`: every FSM transition too */
	if (p->conf.log_changes == PEER_LOG_DETAIL)
		log_info("%%ROUTING-BGP-5-ADJCHANGE_DETAIL : neighbor %s "
		    "state changed from %s to %s (VRF: default) (AS: %u)",
		    p->name, bgp_state_name(old), bgp_state_name(st),
		    p->conf.remote_as);
	hooks_run(BGP_HOOK_STATE, &p->addr, (int)old, (int)st, NULL, 0);
}

/* Texts for ADJCHANGE (adj) and "Last reset ..., due to" (rst). */
static void
down_texts(const struct peer *p, enum peer_down why, char *adj,
    size_t adjlen, char *rst, size_t rstlen)
{
	const char	*t = session_notif_text(p->last_notif_code,
			    p->last_notif_subcode);

	switch (why) {
	case PD_NOTIF_SENT:
		snprintf(adj, adjlen, "BGP Notification sent, %s", t);
		snprintf(rst, rstlen, "BGP Notification sent: %s", t);
		break;
	case PD_NOTIF_RCVD:
		snprintf(adj, adjlen, "BGP Notification received, %s", t);
		if (p->last_shutdown_msg[0] != '\0')
			snprintf(rst, rstlen, "BGP Notification received: %s "
			    "(message: \"%.180s\")", t, p->last_shutdown_msg);
		else
			snprintf(rst, rstlen, "BGP Notification received: %s",
			    t);
		break;
	case PD_ADMIN_SHUT:
		snprintf(adj, adjlen, "Admin. shutdown");
		snprintf(rst, rstlen, "Admin. shutdown");
		break;
	case PD_USER_CLEAR:
		snprintf(adj, adjlen, "User clear requested");
		snprintf(rst, rstlen, "User clear requested (CEASE "
		    "notification sent - administrative reset)");
		break;
	case PD_DECONF:
		snprintf(adj, adjlen, "Peer De-configured");
		snprintf(rst, rstlen, "Peer De-configured");
		break;
	case PD_CONFIG_CHANGE:
		snprintf(adj, adjlen, "Other configuration change");
		snprintf(rst, rstlen, "Other configuration change");
		break;
	case PD_LOCAL_ERROR:
		snprintf(adj, adjlen, "Local error");
		snprintf(rst, rstlen, "Local error");
		break;
	case PD_PEER_CLOSED:
	default:
		snprintf(adj, adjlen, "Peer closing down the session");
		snprintf(rst, rstlen, "Peer closing down the session");
		break;
	}
}

/* detail: the reset reason as `show bgp neighbors` words it, or NULL */
static void
adjchange(const struct peer *p, const char *what, const char *detail)
{
	if (p->conf.log_changes == PEER_LOG_OFF)
		return;
	if (p->conf.log_changes == PEER_LOG_DETAIL && detail != NULL)
		log_info("%%ROUTING-BGP-5-ADJCHANGE : neighbor %s %s "
		    "(VRF: default) (AS: %u) (Reason: %s)", p->name, what,
		    p->conf.remote_as, detail);
	else
		log_info("%%ROUTING-BGP-5-ADJCHANGE : neighbor %s %s "
		    "(VRF: default) (AS: %u)", p->name, what,
		    p->conf.remote_as);
}

static void
record_reset(struct peer *p, enum peer_down why, const char *text)
{
	p->last_reset = loop_wallclock();
	p->down_why = why;
	snprintf(p->last_reset_reason, sizeof(p->last_reset_reason), "%s",
	    text);
}

/* The session p was opening or running is gone: bookkeeping and logs. */
static void
session_down(struct peer *p, enum bgp_state old, enum fsm_event ev,
    enum peer_down why)
{
	char	 adj[320], rst[sizeof(p->last_reset_reason)];
	char	 line[sizeof(adj) + 8];
	int	 graceful;

	if (why == PD_PEER_CLOSED || why == PD_LOCAL_ERROR) {
		p->last_notif_code = p->last_notif_subcode = 0;
		p->last_shutdown_msg[0] = '\0';
	}
	down_texts(p, why, adj, sizeof(adj), rst, sizeof(rst));
	if (old >= BGP_ST_OPENSENT || why == PD_ADMIN_SHUT ||
	    why == PD_USER_CLEAR || why == PD_DECONF ||
	    why == PD_CONFIG_CHANGE)
		record_reset(p, why, rst);
	if (old == BGP_ST_ESTABLISHED) {
		/* RFC 4724 4.2; hold expiry counts as in RFC 8538 */
		graceful = p->conf.gr && p->cap_rcvd_valid &&
		    p->cap_rcvd.gr && (ev == FSM_EV_TCP_FAIL ||
		    ev == FSM_EV_HOLD_EXPIRES);
		p->conn_dropped++;
		p->state_since = loop_wallclock();
		recv_session_down(p, graceful);
		snprintf(line, sizeof(line), "Down - %s", adj);
		adjchange(p, line, rst);
	}
	if (p->coll != NULL) {
		notify_conn(p, p->coll, BGP_ERR_CEASE, BGP_CEASE_COLLISION,
		    NULL, 0, NULL, 0);
		conn_close_flush(p->coll);
	}
	p->hold_neg = p->ka_neg = 0;
	p->afs_neg = 0;
	p->ap_rx = p->ap_tx = 0;
}

static void
session_up(struct peer *p)
{
	p->cr_fails = 0;
	p->conn_established++;
	p->ever_up = 1;
	p->state_since = loop_wallclock();
	adjchange(p, "Up", NULL);
	recv_session_up(p);
}

static int
start_connect(struct peer *p)
{
	char	 err[160];

	if (p->conn != NULL)
		conn_close(p->conn);
	if ((p->conn = conn_connect(p, err, sizeof(err))) == NULL) {
		/* a local problem (update-source, bind): say it once */
		if (strcmp(err, p->conn_err) != 0)
			log_warnx("%%ROUTING-BGP-4-CONNECT : neighbor %s: %s",
			    p->name, err);
		snprintf(p->conn_err, sizeof(p->conn_err), "%s", err);
		return -1;
	}
	p->conn_err[0] = '\0';
	return 0;
}

static uint8_t
stop_cease(const struct sess_ev *e)
{
	return e->cease != 0 ? e->cease : BGP_CEASE_ADMIN_SHUTDOWN;
}

unsigned
session_event(struct peer *p, enum fsm_event ev, const struct sess_ev *e)
{
	static const struct sess_ev	 none;
	struct fsm_ctx			 ctx;
	struct fsm_out			 out;
	enum bgp_state			 old = p->state;
	enum peer_down			 why;
	const uint8_t			*data = NULL;
	size_t				 dlen = 0;
	int				 connect_failed = 0;

	if (e == NULL)
		e = &none;
	/*
	 * The connection we opened lost a collision the peer resolved
	 * first (or just failed) while the peer's own connection is
	 * opening: carry on with that one instead of going down.
	 */
	if (p->coll != NULL && (old == BGP_ST_OPENSENT ||
	    old == BGP_ST_OPENCONFIRM) && (ev == FSM_EV_TCP_FAIL ||
	    ev == FSM_EV_NOTIF || ev == FSM_EV_NOTIF_VERERR)) {
		session_promote_coll(p);
		return 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.passive = p->conf.open_mode == BGP_SOM_PASSIVE_ONLY ||
	    p->passive_now;
	if (e->err != NULL) {
		ctx.code = e->err->code;
		ctx.subcode = e->err->subcode;
		data = e->err->data;
		dlen = e->err->datalen;
	}
	if (ev == FSM_EV_STOP)
		ctx.subcode = e->cease;
	fsm_next(old, ev, &ctx, &out);
	log_debug("bgp %s: %s + %s -> %s (actions 0x%x)", p->name,
	    bgp_state_name(old), fsm_event_name(ev), bgp_state_name(out.next),
	    out.actions);

	if (out.actions & FSM_A_COUNT)
		p->cr_fails++;
	if (out.actions & FSM_A_CR_STOP)
		timer_stop(&p->t_cr);
	if (out.actions & FSM_A_TIMERS_STOP) {
		timer_stop(&p->t_hold);
		timer_stop(&p->t_ka);
	}
	/* a connection still opening beside the session goes with it */
	if (ev == FSM_EV_STOP && p->coll != NULL) {
		notify_conn(p, p->coll, BGP_ERR_CEASE, stop_cease(e), NULL, 0,
		    e->msg, 0);
		conn_close_flush(p->coll);
	}
	if (out.actions & FSM_A_SEND_OPEN)
		send_open(p, p->conn);
	if (out.actions & FSM_A_SEND_KA)
		send_keepalive(p);
	if (out.actions & FSM_A_SEND_NOTIF) {
		if (ev != FSM_EV_HDR_ERR && ev != FSM_EV_OPEN_ERR &&
		    ev != FSM_EV_UPDATE_ERR) {
			data = NULL;
			dlen = 0;
		}
		notify_conn(p, p->conn, out.code, out.subcode, data, dlen,
		    ev == FSM_EV_STOP ? e->msg : NULL, 1);
	}
	if ((out.actions & FSM_A_CLOSE) && p->conn != NULL) {
		if (out.actions & FSM_A_SEND_NOTIF)
			conn_close_flush(p->conn);
		else
			conn_close(p->conn);
	}
	if (out.actions & FSM_A_RELEASE) {
		why = e->why;
		if (why == PD_NONE)
			why = (out.actions & FSM_A_SEND_NOTIF) ? PD_NOTIF_SENT :
			    ev == FSM_EV_NOTIF || ev == FSM_EV_NOTIF_VERERR ?
			    PD_NOTIF_RCVD : ev == FSM_EV_TCP_FAIL ?
			    PD_PEER_CLOSED : PD_LOCAL_ERROR;
		session_down(p, old, ev, why);
	}
	session_set_state(p, out.next);
	if (out.actions & FSM_A_UP)
		session_up(p);
	if ((out.actions & FSM_A_CONNECT) && start_connect(p) == -1)
		connect_failed = 1;
	if (out.actions & FSM_A_CR_START)
		timer_set(&p->t_cr, retry_delay(p), cr_fire, p);
	if (out.actions & FSM_A_HOLD_LARGE)
		session_hold_large(p);
	if (out.actions & FSM_A_HOLD_NEG)
		session_hold_restart(p);
	if ((out.actions & FSM_A_KA_START) && p->ka_neg > 0) {
		double	 ka = p->ka_neg * fsm_jitter();

		timer_set(&p->t_ka, ka, ka_fire, p);
		p->ka_due = loop_now() + ka;
	}
	if (ev == FSM_EV_TCP_OK)
		p->passive_now = 0;

	if (p->state == BGP_ST_IDLE && old != BGP_ST_IDLE) {
		timer_stop(&p->t_cr);
		timer_stop(&p->t_hold);
		timer_stop(&p->t_ka);
		if (p->conn != NULL)
			conn_close(p->conn);
		if (ev != FSM_EV_STOP && startable(p) &&
		    p->idle_reason != BGP_IDLE_PFXCT)
			session_schedule_restart(p, retry_delay(p));
	}
	if (connect_failed && p->state == BGP_ST_CONNECT)
		session_event(p, FSM_EV_TCP_FAIL, NULL);
	return out.actions;
}

void
session_start(struct peer *p)
{
	timer_stop(&p->t_restart);
	if (p->conf.shutdown)
		p->idle_reason = BGP_IDLE_ADMIN;
	else if (p->conf.afs == 0)
		p->idle_reason = BGP_IDLE_NOAF;
	if (!startable(p) || p->state != BGP_ST_IDLE)
		return;
	p->passive_now = 0;
	session_event(p, FSM_EV_START, NULL);
}

void
session_stop(struct peer *p, uint8_t subcode, const char *msg,
    enum peer_down why)
{
	struct sess_ev	 e;
	char		 adj[320], rst[sizeof(p->last_reset_reason)];

	memset(&e, 0, sizeof(e));
	e.cease = subcode;
	e.msg = msg;
	e.why = why;
	timer_stop(&p->t_restart);
	timer_stop(&p->t_pfx);
	if (p->state != BGP_ST_IDLE)
		session_event(p, FSM_EV_STOP, &e);
	else if (why == PD_ADMIN_SHUT || why == PD_DECONF) {
		/* nothing to close, but the reason is worth showing */
		if (p->ever_up || p->last_reset != 0) {
			down_texts(p, why, adj, sizeof(adj), rst, sizeof(rst));
			record_reset(p, why, rst);
		}
	}
	if (why == PD_ADMIN_SHUT)
		p->idle_reason = BGP_IDLE_ADMIN;
	else if (p->idle_reason == BGP_IDLE_PFXCT)
		p->idle_reason = BGP_IDLE_NONE;
}

void
session_teardown(struct peer *p)
{
	timer_stop(&p->t_cr);
	timer_stop(&p->t_hold);
	timer_stop(&p->t_ka);
	timer_stop(&p->t_restart);
	timer_stop(&p->t_gr);
	timer_stop(&p->t_pfx);
	if (p->conn != NULL)
		conn_close(p->conn);
	if (p->coll != NULL)
		conn_close(p->coll);
}

void
session_connected(struct conn *c)
{
	struct peer	*p = c->peer;

	if (p == NULL || c != p->conn || p->state != BGP_ST_CONNECT) {
		conn_close(c);
		return;
	}
	session_event(p, FSM_EV_TCP_OK, NULL);
}

void
session_conn_failed(struct conn *c, const char *why)
{
	struct peer	*p = c->peer;
	struct sess_ev	 e;

	if (p == NULL) {
		conn_close(c);
		return;
	}
	log_debug("bgp %s: connection %s: %s", p->name,
	    c == p->conn ? "failed" : "(collision) failed", why);
	if (c != p->conn) {
		conn_close(c);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.why = PD_PEER_CLOSED;
	session_event(p, FSM_EV_TCP_FAIL, &e);
}
