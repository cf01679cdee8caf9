/*
 * peer_sess: the demo speaker's one BGP session, passive side.
 *
 * On accept we send OPEN; on the peer's OPEN, a KEEPALIVE; on its
 * KEEPALIVE the session is Established and the whole table goes into the
 * output buffer, then End-of-RIB.  A ROUTE-REFRESH queues the table again
 * (between BoRR and EoRR when enhanced route refresh was negotiated).
 * What xrsh announces is decoded only to be counted: the socket is read
 * whenever it is readable, so xrsh never blocks on us.  Writes are
 * non-blocking from one buffer of whole messages; POLLOUT is asked for
 * only while something is pending.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/proto.h"
#include "demo/peer_int.h"

#define OPEN_WAIT	240	/* seconds for the peer's OPEN (RFC 4271 8) */
#define FLUSH_MS	1000	/* last words before a close */
#define COMPACT_MIN	(1u << 20)	/* written bytes kept before a memmove */
#define OUT_MAX		(256u << 20)	/* a peer that never reads: give up */

static void	sess_readable(int, short, void *);
static void	sess_close(struct dpeer *, const char *why);

static size_t
msg_len(const uint8_t *m)
{
	return (size_t)m[BGP_MARKER_LEN] << 8 | m[BGP_MARKER_LEN + 1];
}

static void
set_pollout(struct dsess *s)
{
	int	 want = s->outoff < s->out.len;

	if (want != s->want_write && s->fd != -1) {
		loop_fd_set_events(s->fd, POLLIN | (want ? POLLOUT : 0));
		s->want_write = want;
	}
}

/* ---- Output ---- */

/* Moves outmsg up to the message outoff is in. */
static void
track_boundary(struct dsess *s)
{
	size_t	 l;

	while (s->outmsg + BGP_HDR_LEN <= s->out.len) {
		l = msg_len(s->out.buf + s->outmsg);
		if (s->outmsg + l > s->outoff)
			break;
		s->outmsg += l;
	}
}

/* Drops what is written, once it is worth a memmove. */
static void
compact(struct dsess *s)
{
	size_t	 k = s->outmsg;

	if (s->outoff == s->out.len) {
		k = s->out.len;
	} else if (k < COMPACT_MIN || k < s->out.len / 2)
		return;
	memmove(s->out.buf, s->out.buf + k, s->out.len - k);
	s->out.len -= k;
	s->outoff -= k;
	s->outmsg -= k;
	s->send_end = s->send_end > k ? s->send_end - k : 0;
}

static void
send_done(struct dpeer *p)
{
	struct dsess	*s = &p->s;

	if (!s->sending || s->outoff < s->send_end)
		return;
	s->sending = 0;
	dpeer_log("%s: %zu prefixes in %zu UPDATEs, then %s, in %.3f s",
	    s->send_what, s->send_pfx, s->send_msgs, s->send_tail,
	    loop_now() - s->send_t0);
}

/* Writes what the socket takes.  -1: the connection is gone (closed). */
static int
flush_some(struct dpeer *p)
{
	struct dsess	*s = &p->s;
	ssize_t		 n;

	while (s->outoff < s->out.len) {
		n = send(s->fd, s->out.buf + s->outoff, s->out.len - s->outoff,
		    MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			sess_close(p, n == 0 ? "write returned 0" :
			    strerror(errno));
			return -1;
		}
		s->outoff += (size_t)n;
	}
	track_boundary(s);
	send_done(p);
	compact(s);
	set_pollout(s);
	return 0;
}

/* After something was appended to out. */
static int
queued(struct dpeer *p)
{
	struct dsess	*s = &p->s;

	if (s->out.oom) {
		sess_close(p, "out of memory");
		return -1;
	}
	if (s->out.len - s->outoff > OUT_MAX) {
		sess_close(p, "the peer does not read");
		return -1;
	}
	set_pollout(s);
	return 0;
}

/* ---- Closing ---- */

static void
cancel_timers(struct dsess *s)
{
	loop_timer_cancel(s->t_hold);
	loop_timer_cancel(s->t_ka);
	s->t_hold = s->t_ka = NULL;
}

static void
sess_close(struct dpeer *p, const char *why)
{
	struct dsess	*s = &p->s;

	if (s->fd == -1)
		return;
	if (s->st == DS_ESTABLISHED)
		dpeer_log("session down with %s: %s (received %llu UPDATEs: "
		    "%llu prefixes announced, %llu withdrawn)", s->remote, why,
		    (unsigned long long)s->rx_updates,
		    (unsigned long long)s->rx_nlri,
		    (unsigned long long)s->rx_withdrawn);
	else
		dpeer_log("connection from %s closed before Established: %s",
		    s->remote, why);
	loop_fd_del(s->fd);
	close(s->fd);
	s->fd = -1;
	s->st = DS_IDLE;
	cancel_timers(s);
	wbuf_reset(&s->out);
	s->outoff = s->outmsg = 0;
	s->rlen = 0;
	s->want_write = 0;
	s->sending = 0;
}

/*
 * Sends a NOTIFICATION after the message being written (the rest of the
 * queue is dropped), gives it FLUSH_MS to leave, half-closes and reads
 * until the peer closes too, so that unread input can't turn our close
 * into a reset that would lose the NOTIFICATION, then closes.
 */
static void
notify_close(struct dpeer *p, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen, const char *msg, const char *why)
{
	struct dsess	*s = &p->s;
	struct pollfd	 pf;
	double		 deadline = loop_now() + FLUSH_MS / 1000.0;
	uint8_t		 junk[4096];
	ssize_t		 n;
	int		 ms;

	if (s->fd == -1)
		return;
	track_boundary(s);
	s->out.len = s->outmsg == s->outoff ? s->outoff :
	    s->outmsg + msg_len(s->out.buf + s->outmsg);
	s->sending = 0;
	if (msg != NULL)
		bgp_notification_encode_shutdown(&s->out, subcode, msg);
	else
		bgp_notification_encode(&s->out, code, subcode, data, datalen);
	dpeer_log("sending NOTIFICATION %u/%u (%s: %s) to %s", code, subcode,
	    bgp_err_code_name(code), bgp_err_subcode_name(code, subcode),
	    s->remote);
	pf.fd = s->fd;
	while (!s->out.oom && s->outoff < s->out.len &&
	    (ms = (int)((deadline - loop_now()) * 1000)) > 0) {
		pf.events = POLLOUT;
		if (poll(&pf, 1, ms) == -1 && errno != EINTR)
			break;
		n = send(s->fd, s->out.buf + s->outoff,
		    s->out.len - s->outoff, MSG_NOSIGNAL);
		if (n > 0)
			s->outoff += (size_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR)
			break;
	}
	shutdown(s->fd, SHUT_WR);
	while ((ms = (int)((deadline - loop_now()) * 1000)) > 0) {
		pf.events = POLLIN;
		if (poll(&pf, 1, ms) == -1 && errno != EINTR)
			break;
		n = read(s->fd, junk, sizeof(junk));
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR))
			break;
	}
	sess_close(p, why);
}

void
dsess_cease(struct dpeer *p, uint8_t subcode, const char *msg,
    const char *why)
{
	notify_close(p, BGP_ERR_CEASE, subcode, NULL, 0, msg, why);
}

static void
notify_err(struct dpeer *p, const struct bgp_err *err)
{
	notify_close(p, err->code, err->subcode, err->data, err->datalen,
	    NULL, err->text);
}

/* ---- Timers ---- */

static void
hold_fired(void *arg)
{
	struct dpeer	*p = arg;
	struct dsess	*s = &p->s;
	double		 limit, left;

	s->t_hold = NULL;
	limit = s->st == DS_OPENSENT ? OPEN_WAIT : s->hold;
	left = s->last_rx + limit - loop_now();
	if (left > 0) {
		s->t_hold = loop_timer_add(left, hold_fired, p);
		return;
	}
	notify_close(p, BGP_ERR_HOLDTIMER, 0, NULL, 0, NULL,
	    "hold timer expired");
}

static void
ka_fired(void *arg)
{
	struct dpeer	*p = arg;
	struct dsess	*s = &p->s;

	s->t_ka = loop_timer_add(s->hold / 3.0, ka_fired, p);
	bgp_keepalive_encode(&s->out);
	queued(p);
}

/* (Re)starts the hold timer for the state we are in. */
static void
arm_hold(struct dpeer *p)
{
	struct dsess	*s = &p->s;

	loop_timer_cancel(s->t_hold);
	s->t_hold = NULL;
	if (s->st == DS_OPENSENT)
		s->t_hold = loop_timer_add(OPEN_WAIT, hold_fired, p);
	else if (s->hold > 0)
		s->t_hold = loop_timer_add(s->hold, hold_fired, p);
}

/* ---- Sending the table ---- */

/* The whole table, then End-of-RIB; a refresh with enhanced route
 * refresh goes between BoRR and EoRR instead (RFC 7313 4). */
static void
send_table(struct dpeer *p, int refresh)
{
	struct dsess	*s = &p->s;
	size_t		 nmsgs;
	int		 borr = refresh && s->enhanced_rr;

	s->send_t0 = loop_now();
	if (borr)
		bgp_route_refresh_encode(&s->out, BGP_AFI_IPV4, BGP_RR_BORR,
		    BGP_SAFI_UNICAST);
	if (demo_table_encode(&p->table, &s->ctx, p->addr, &s->out,
	    &nmsgs) == -1) {
		sess_close(p, "out of memory encoding the table");
		return;
	}
	if (borr)
		bgp_route_refresh_encode(&s->out, BGP_AFI_IPV4, BGP_RR_EORR,
		    BGP_SAFI_UNICAST);
	else
		bgp_update_encode_eor(&s->out, BGP_AF_V4U);
	s->sending = 1;
	s->send_what = refresh ? "table resent" : "table sent";
	s->send_tail = borr ? "EoRR (after BoRR)" : "End-of-RIB";
	s->send_end = s->out.len;
	s->send_pfx = p->table.n;
	s->send_msgs = nmsgs;
	if (queued(p) == 0)
		flush_some(p);
}

/* ---- Receiving ---- */

static int
on_open(struct dpeer *p, const uint8_t *body, size_t blen)
{
	struct dsess	*s = &p->s;
	struct bgp_open	 o;
	struct bgp_err	 err;
	uint32_t	 as;
	uint8_t		 d[2];

	memset(&err, 0, sizeof(err));
	if (bgp_open_decode(body, blen, &o, &err) == -1) {
		notify_err(p, &err);
		return -1;
	}
	as = bgp_open_peer_as(&o);
	if (as != DEMO_LOCAL_AS) {
		d[0] = (uint8_t)(o.my_as >> 8);
		d[1] = (uint8_t)o.my_as;
		bgp_err_set(&err, BGP_ERR_OPEN, BGP_ERR_OPEN_AS, d, 2,
		    "peer AS %u, the demo expects %u", as, DEMO_LOCAL_AS);
		notify_err(p, &err);
		return -1;
	}
	if (o.hold == 1 || o.hold == 2) {
		bgp_err_set(&err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD, NULL, 0,
		    "unacceptable hold time %u", o.hold);
		notify_err(p, &err);
		return -1;
	}
	if (o.bgp_id == 0 || o.bgp_id == p->addr) {
		bgp_err_set(&err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGPID, NULL, 0,
		    "bad BGP identifier");
		notify_err(p, &err);
		return -1;
	}
	memset(&s->ctx, 0, sizeof(s->ctx));
	s->ctx.as4 = o.has_caps && o.caps.as4;
	s->ctx.ebgp = 1;
	s->ctx.afs = BGP_AF_V4U;
	s->ctx.maxlen = BGP_MAX_LEN;
	s->ctx.local_as = p->role->asn;
	s->enhanced_rr = o.has_caps && o.caps.enhanced_rr;
	s->hold = o.hold < DPEER_HOLD ? o.hold : DPEER_HOLD;
	s->st = DS_OPENCONFIRM;
	bgp_keepalive_encode(&s->out);
	arm_hold(p);
	if (s->hold > 0)
		s->t_ka = loop_timer_add(s->hold / 3.0, ka_fired, p);
	return queued(p);
}

static void
on_update(struct dpeer *p, const uint8_t *body, size_t blen)
{
	struct dsess		*s = &p->s;
	struct bgp_update	 up;

	memset(&up, 0, sizeof(up));
	if (bgp_update_decode(body, blen, &s->ctx, &up) == -1) {
		bgp_update_free(&up);
		return;		/* out of memory: it was only counted anyway */
	}
	if (up.action == BGP_UPD_RESET) {
		dpeer_log("bad UPDATE from %s: %s", s->remote, up.err.text);
		notify_err(p, &up.err);
		bgp_update_free(&up);
		return;
	}
	s->rx_updates++;
	s->rx_nlri += up.nnlri;
	s->rx_withdrawn += up.nwithdrawn;
	if (up.eor_afs & BGP_AF_V4U)
		dpeer_log("End-of-RIB received from %s (so far %llu "
		    "prefixes announced, %llu withdrawn)", s->remote,
		    (unsigned long long)s->rx_nlri,
		    (unsigned long long)s->rx_withdrawn);
	bgp_update_free(&up);
}

static void
on_refresh(struct dpeer *p, const uint8_t *body, size_t blen)
{
	struct dsess	*s = &p->s;
	struct bgp_err	 err;
	uint16_t	 afi;
	uint8_t		 subtype, safi;

	memset(&err, 0, sizeof(err));
	if (bgp_route_refresh_decode(body, blen, &afi, &subtype, &safi,
	    &err) == -1) {
		notify_err(p, &err);
		return;
	}
	if (afi != BGP_AFI_IPV4 || safi != BGP_SAFI_UNICAST) {
		dpeer_log("route refresh received for AFI %u SAFI %u: not "
		    "negotiated, ignored", afi, safi);
		return;
	}
	switch (subtype) {
	case BGP_RR_NORMAL:
		dpeer_log("route refresh received from %s: resending the "
		    "table", s->remote);
		send_table(p, 1);
		break;
	case BGP_RR_BORR:
		dpeer_log("route refresh: BoRR received from %s", s->remote);
		break;
	case BGP_RR_EORR:
		dpeer_log("route refresh: EoRR received from %s", s->remote);
		break;
	default:
		break;
	}
}

static void
on_notification(struct dpeer *p, const uint8_t *body, size_t blen)
{
	struct bgp_notification	 n;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;

	memset(&n, 0, sizeof(n));
	(void)bgp_notification_decode(body, blen, &n, &err);
	bgp_notification_describe(n.code, n.subcode,
	    n.has_shutdown_msg ? n.shutdown_msg : NULL, &sb);
	dpeer_log("NOTIFICATION received from %s: %u/%u %s", p->s.remote,
	    n.code, n.subcode, sb_str(&sb));
	sb_free(&sb);
	sess_close(p, "NOTIFICATION received");
}

/* One whole message.  -1: the session is gone. */
static int
on_msg(struct dpeer *p, const uint8_t *m, const struct bgp_msghdr *h)
{
	struct dsess	*s = &p->s;
	const uint8_t	*body = m + BGP_HDR_LEN;
	size_t		 blen = h->len - BGP_HDR_LEN;
	struct bgp_err	 err;
	static const uint8_t fsm_sub[] = { 0, BGP_ERR_FSM_OPENSENT,
	    BGP_ERR_FSM_OPENCONFIRM, BGP_ERR_FSM_ESTABLISHED };

	s->last_rx = loop_now();
	if (h->type == BGP_MSG_NOTIFICATION) {
		on_notification(p, body, blen);
		return -1;
	}
	switch (s->st) {
	case DS_OPENSENT:
		if (h->type == BGP_MSG_OPEN)
			return on_open(p, body, blen);
		break;
	case DS_OPENCONFIRM:
		if (h->type != BGP_MSG_KEEPALIVE)
			break;
		s->st = DS_ESTABLISHED;
		s->rx_updates = s->rx_nlri = s->rx_withdrawn = 0;
		dpeer_log("session up with %s (hold %u, %s, %s)", s->remote,
		    s->hold, s->ctx.as4 ? "4-octet AS" : "2-octet AS",
		    s->enhanced_rr ? "enhanced route refresh" :
		    "route refresh");
		send_table(p, 0);
		return s->fd == -1 ? -1 : 0;
	case DS_ESTABLISHED:
		switch (h->type) {
		case BGP_MSG_KEEPALIVE:
			return 0;
		case BGP_MSG_UPDATE:
			on_update(p, body, blen);
			return s->fd == -1 ? -1 : 0;
		case BGP_MSG_ROUTE_REFRESH:
			on_refresh(p, body, blen);
			return s->fd == -1 ? -1 : 0;
		}
		break;
	case DS_IDLE:
		return -1;
	}
	bgp_err_set(&err, BGP_ERR_FSM, fsm_sub[s->st], NULL, 0,
	    "unexpected %s", bgp_msg_type_name(h->type));
	notify_err(p, &err);
	return -1;
}

/* Every whole message in rbuf; -1 when the session went away. */
static int
drain_rbuf(struct dpeer *p)
{
	struct dsess		*s = &p->s;
	struct bgp_err		 err;
	struct bgp_msghdr	 h;
	size_t			 used;
	int			 st;

	memset(&err, 0, sizeof(err));
	for (used = 0; (st = bgp_msg_frame(s->rbuf + used, s->rlen - used,
	    BGP_MAX_LEN, &h, &err)) == 1; used += h.len)
		if (on_msg(p, s->rbuf + used, &h) == -1)
			return -1;
	if (st == -1) {
		notify_err(p, &err);
		return -1;
	}
	s->rlen -= used;
	memmove(s->rbuf, s->rbuf + used, s->rlen);
	return 0;
}

static void
sess_readable(int fd, short revents, void *arg)
{
	struct dpeer	*p = arg;
	struct dsess	*s = &p->s;
	ssize_t		 got;

	if ((revents & POLLOUT) && flush_some(p) == -1)
		return;
	if (!(revents & (POLLIN | POLLERR | POLLHUP)))
		return;
	got = read(fd, s->rbuf + s->rlen, sizeof(s->rbuf) - s->rlen);
	if (got == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (got <= 0) {
		sess_close(p, got == 0 ? "connection closed by the peer" :
		    strerror(errno));
		return;
	}
	s->rlen += (size_t)got;
	(void)drain_rbuf(p);
}

/* ---- Accepting ---- */

void
dsess_accept(struct dpeer *p, int fd, const struct sockaddr_in *from)
{
	struct dsess	*s = &p->s;
	struct bgp_caps	 c;
	char		 a[INET_ADDRSTRLEN];

	if (s->fd != -1)
		dsess_cease(p, BGP_CEASE_COLLISION, NULL,
		    "replaced by a new connection");
	inet_ntop(AF_INET, &from->sin_addr, a, sizeof(a));
	snprintf(s->remote, sizeof(s->remote), "%s:%u", a,
	    ntohs(from->sin_port));
	if (loop_fd_add(fd, POLLIN, sess_readable, p) == -1) {
		dpeer_log("connection from %s refused: event loop full",
		    s->remote);
		close(fd);
		return;
	}
	s->fd = fd;
	s->st = DS_OPENSENT;
	s->rlen = 0;
	s->last_rx = loop_now();
	s->enhanced_rr = 0;
	dpeer_log("connection from %s accepted", s->remote);
	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U;
	c.as4 = 1;
	c.as4_asn = p->role->asn;
	c.route_refresh = 1;
	c.enhanced_rr = 1;
	bgp_open_encode(&s->out, p->role->asn, DPEER_HOLD, p->addr, &c);
	arm_hold(p);
	if (queued(p) == 0)
		flush_some(p);
}

void
dsess_free(struct dpeer *p)
{
	sess_close(p, "stopped");
	wbuf_free(&p->s.out);
}
