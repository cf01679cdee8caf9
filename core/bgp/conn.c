/*
 * conn: one TCP connection under a BGP session.  Input is read into a
 * buffer, framed with bgp_msg_frame and handed to session.c at most
 * CONN_BATCH messages per callback, so one busy peer cannot starve the
 * loop (keepalive timers of the others keep firing).  Input is bounded:
 * the buffer holds two messages of the negotiated size, and the socket is
 * not read while a batch waits to be handled, so a peer that sends faster
 * than we process is throttled by TCP (its window closes), never by
 * dropping.  Output is a queue of whole messages written without
 * blocking and flushed on POLLOUT; what the update groups put on it is
 * bounded (updgroup_dump.c), and when nothing could be written for the
 * hold time the session is reset (the send hold timer, session.c).
 *
 * A connection that ends with a NOTIFICATION lingers, detached from its
 * peer: the NOTIFICATION is flushed, our side is shut down, and what the
 * peer still sends is drained until it closes (a close(2) with unread
 * input would reset the connection and lose the NOTIFICATION).  Lingering
 * is bounded by CONN_LINGER seconds.
 *
 * Callbacks may close the connection they run for; `busy` defers the free
 * to the end of the callback.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/bgp/converge.h"
#include "core/bgp/session.h"
#include "core/bgp/transport.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define CONN_RBUF_MIN	65536	/* one read takes a burst of UPDATEs */
#define CONN_LINGER	2.0

#define CONN_SEND_BATCH	(64 * 1024)

static TAILQ_HEAD(, conn) lingering = TAILQ_HEAD_INITIALIZER(lingering);
static size_t	nlingering;

static void	conn_io(int, short, void *);
static void	conn_process(struct conn *);

static void
conn_free(struct conn *c)
{
	loop_timer_cancel(c->t_more);
	loop_timer_cancel(c->t_linger);
	loop_timer_cancel(c->t_hold);
	loop_timer_cancel(c->t_fail);
	wbuf_free(&c->out);
	free(c->ends);
	free(c->rbuf);
	free(c);
}

/* Unhooks c from its peer; the peer's pointers are the only references. */
static void
conn_detach(struct conn *c)
{
	struct peer	*p = c->peer;

	if (p == NULL)
		return;
	if (p->conn == c)
		p->conn = NULL;
	if (p->coll == c)
		p->coll = NULL;
	c->peer = NULL;
}

static void
conn_shut(struct conn *c)
{
	conn_detach(c);
	if (c->lingering) {
		TAILQ_REMOVE(&lingering, c, lentry);
		nlingering--;
		c->lingering = 0;
	}
	if (c->fd != -1) {
		loop_fd_del(c->fd);
		close(c->fd);
		c->fd = -1;
	}
	loop_timer_cancel(c->t_more);
	loop_timer_cancel(c->t_linger);
	loop_timer_cancel(c->t_hold);
	loop_timer_cancel(c->t_fail);
	c->t_more = c->t_linger = c->t_hold = c->t_fail = NULL;
	c->dead = 1;
	if (c->busy == 0)
		conn_free(c);
}

void
conn_close(struct conn *c)
{
	if (c != NULL && !c->dead)
		conn_shut(c);
}

struct conn *
conn_new(struct peer *p, int fd, int outgoing, int connecting)
{
	struct conn	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->peer = p;
	c->fd = fd;
	c->outgoing = outgoing;
	c->connecting = connecting;
	c->maxlen = BGP_MAX_LEN;
	c->rcap = CONN_RBUF_MIN;
	if ((c->rbuf = malloc(c->rcap)) == NULL) {
		free(c);
		return NULL;
	}
	/* socket send-buffer-size: the kernel's part of a slow reader's
	   backlog (ours is bounded by the update groups) */
	if (bgpe.sock_sndbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF,
	    &bgpe.sock_sndbuf, sizeof(bgpe.sock_sndbuf)) == -1)
		log_debug("%s: SO_SNDBUF: %s", p->name, strerror(errno));
	if (loop_fd_add(fd, connecting ? POLLOUT : POLLIN, conn_io, c) == -1) {
		free(c->rbuf);
		free(c);
		return NULL;
	}
	if (!connecting)
		bgp_tr_names(fd, &c->local, &c->lport, &c->remote, &c->rport);
	else
		c->remote = p->addr;
	return c;
}

void
conn_ttl(const struct peer *p, int *ttl, int *min_ttl)
{
	*min_ttl = 0;
	if (p->conf.ttl_security) {
		/* GTSM, XR's `ttl-security`: the peer is one hop away */
		*ttl = 255;
		*min_ttl = 254;
	} else if (!p->conf.ebgp)
		*ttl = 255;
	else
		*ttl = p->conf.ebgp_multihop ? p->conf.ebgp_multihop : 1;
}

/*
 * The source of an outgoing connection: update-source's address, else the
 * one --listen address of the neighbor's family (how several speakers
 * share the loopback in tests), else the kernel's choice.
 */
static int
conn_source(const struct peer *p, struct xaddr *src, char *err,
    size_t errlen)
{
	const struct xaddr	*one = NULL;
	size_t			 i, n = 0;

	memset(src, 0, sizeof(*src));
	if (p->conf.update_source[0] != '\0')
		return bgp_tr_if_addr(p->conf.update_source, p->addr.af, src,
		    err, errlen);
	for (i = 0; i < bgpe.opts.nlisten; i++)
		if (bgpe.opts.listen[i].af == p->addr.af) {
			one = &bgpe.opts.listen[i];
			n++;
		}
	if (n == 1)
		*src = *one;
	return 0;
}

struct conn *
conn_connect(struct peer *p, char *err, size_t errlen)
{
	struct bgp_tr_opts	 o;
	struct conn		*c;
	int			 fd;

	if (bgpe.offline) {
		snprintf(err, errlen, "engine is offline");
		return NULL;
	}
	/* The transport guard checks this too; never rely on one lock. */
	if (!bgp_tr_guard_allows(&p->addr)) {
		snprintf(err, errlen, "%s is not a loopback address "
		    "(loopback-only mode)", p->name);
		return NULL;
	}
	memset(&o, 0, sizeof(o));
	o.port = bgpe.opts.port;
	if (conn_source(p, &o.local, err, errlen) == -1)
		return NULL;
	o.md5_key = p->conf.password[0] != '\0' ? p->conf.password : NULL;
	conn_ttl(p, &o.ttl, &o.min_ttl);
	if ((fd = bgp_tr_connect(&p->addr, &o, err, errlen)) == -1)
		return NULL;
	if ((c = conn_new(p, fd, 1, 1)) == NULL) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return c;
}

static void
fail_fire(void *arg)
{
	struct conn	*c = arg;

	c->t_fail = NULL;
	c->busy++;
	session_conn_failed(c, c->failmsg);
	c->busy--;
	if (c->dead)
		conn_free(c);
}

/* A write or read error: reported from a timer, never from inside the
 * action that caused it. */
static void
conn_fail_later(struct conn *c, const char *why)
{
	if (c->t_fail != NULL || c->dead)
		return;
	snprintf(c->failmsg, sizeof(c->failmsg), "%s", why);
	if (c->fd != -1)
		loop_fd_set_events(c->fd, 0);
	if ((c->t_fail = loop_timer_add(0, fail_fire, c)) == NULL)
		log_warnx("%s: out of memory", __func__);
}

static void
out_compact(struct conn *c)
{
	size_t	 i, k;

	if (c->out_off == c->out.len) {
		wbuf_reset(&c->out);
		c->out_off = 0;
		c->nends = 0;
		return;
	}
	for (k = 0; k < c->nends && c->ends[k] <= c->out_off; k++)
		;
	if (k > 0) {
		for (i = k; i < c->nends; i++)
			c->ends[i - k] = c->ends[i];
		c->nends -= k;
	}
	if (c->out_off > 65536 && c->out_off > c->out.len / 2) {
		memmove(c->out.buf, c->out.buf + c->out_off,
		    c->out.len - c->out_off);
		c->out.len -= c->out_off;
		for (i = 0; i < c->nends; i++)
			c->ends[i] -= c->out_off;
		c->out_off = 0;
	}
}

/* Writes what the socket takes; 0, or -1 on a connection error. */
static int
conn_flush(struct conn *c)
{
	ssize_t	 n;

	while (c->out_off < c->out.len) {
		n = send(c->fd, c->out.buf + c->out_off,
		    c->out.len - c->out_off, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		c->out_off += (size_t)n;
		c->wprog = loop_now();
	}
	out_compact(c);
	if (!c->connecting && c->t_fail == NULL)
		loop_fd_set_events(c->fd, POLLIN |
		    (c->out_off < c->out.len ? POLLOUT : 0));
	return 0;
}

static int
msg_index(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:		return BGP_MI_OPEN;
	case BGP_MSG_UPDATE:		return BGP_MI_UPDATE;
	case BGP_MSG_NOTIFICATION:	return BGP_MI_NOTIFICATION;
	case BGP_MSG_KEEPALIVE:		return BGP_MI_KEEPALIVE;
	case BGP_MSG_ROUTE_REFRESH:	return BGP_MI_ROUTE_REFRESH;
	}
	return -1;
}

void
conn_count_msg(struct peer *p, int sent, const uint8_t *msg, size_t len)
{
	time_t	 now = loop_wallclock();
	int	 i;

	if (p == NULL || len < BGP_HDR_LEN)
		return;
	if ((i = msg_index(msg[18])) != -1) {
		if (sent) {
			p->sent[i].count++;
			p->sent[i].last = now;
		} else {
			p->rcvd[i].count++;
			p->rcvd[i].last = now;
		}
	}
	if (sent) {
		converge_msg_sent(msg, len);
		p->msgs_sent++;
		p->last_write = now;
	} else {
		p->msgs_rcvd++;
		p->last_read = now;
	}
}

int
conn_send(struct conn *c, const uint8_t *msg, size_t len)
{
	size_t	*ne;
	size_t	 ncap;

	if (c == NULL || c->dead || c->t_fail != NULL || c->fd == -1)
		return -1;
	if (c->nends == c->capends) {
		ncap = c->capends ? c->capends * 2 : 16;
		if ((ne = reallocarray(c->ends, ncap, sizeof(*ne))) == NULL) {
			conn_fail_later(c, "out of memory");
			return -1;
		}
		c->ends = ne;
		c->capends = ncap;
	}
	if (c->out_off == c->out.len)
		c->wprog = loop_now();	/* the stall clock starts now */
	if (wbuf_put(&c->out, msg, len) == -1) {
		conn_fail_later(c, "out of memory");
		return -1;
	}
	c->ends[c->nends++] = c->out.len;
	conn_count_msg(c->peer, 1, msg, len);
	if (c->connecting)
		return 0;
	/*
	 * UPDATEs come in bursts (a table dump, a flush of an update
	 * group): one send(2) each costs more than building them, so they
	 * wait for the loop's next turn (POLLOUT) unless 64 KB are queued.
	 * Everything else goes at once, and takes the queue with it.
	 */
	if (len > BGP_HDR_LEN - 1 && msg[BGP_HDR_LEN - 1] == BGP_MSG_UPDATE &&
	    c->out.len - c->out_off < CONN_SEND_BATCH && c->t_fail == NULL) {
		loop_fd_set_events(c->fd, POLLIN | POLLOUT);
		return 0;
	}
	if (conn_flush(c) == -1) {
		conn_fail_later(c, strerror(errno));
		return -1;
	}
	return 0;
}

void
conn_drop_backlog(struct conn *c)
{
	size_t	 k;

	if (c == NULL)
		return;
	out_compact(c);
	/* keep the message being written, if one is half out */
	for (k = 0; k < c->nends && c->ends[k] <= c->out_off; k++)
		;
	if (k < c->nends && c->out_off > (k > 0 ? c->ends[k - 1] : 0)) {
		c->out.len = c->ends[k];
		c->nends = k + 1;
	} else {
		c->out.len = c->out_off;
		c->nends = k;
	}
}

size_t
conn_outq(const struct conn *c)
{
	size_t	 k, n = 0;

	for (k = 0; k < c->nends; k++)
		if (c->ends[k] > c->out_off)
			n++;
	return n;
}

size_t
conn_outq_bytes(const struct conn *c)
{
	return c->out.len - c->out_off;
}

double
conn_write_stalled(const struct conn *c)
{
	if (c == NULL || c->connecting || c->out_off == c->out.len)
		return 0;
	return loop_now() - c->wprog;
}

size_t
conn_inq(const struct conn *c)
{
	struct bgp_msghdr	 h;
	struct bgp_err		 err;
	size_t			 off = 0, n = 0;

	while (off < c->rlen && bgp_msg_frame(c->rbuf + off, c->rlen - off,
	    c->maxlen, &h, &err) == 1) {
		off += h.len;
		n++;
	}
	return n;
}

static void
linger_done(struct conn *c)
{
	conn_shut(c);
}

static void
linger_fire(void *arg)
{
	struct conn	*c = arg;

	c->t_linger = NULL;
	linger_done(c);
}

static void
linger_io(struct conn *c, short revents)
{
	uint8_t	 buf[4096];
	ssize_t	 n;

	if (revents & POLLOUT) {
		if (conn_flush(c) == -1) {
			linger_done(c);
			return;
		}
		if (c->out_off < c->out.len) {
			loop_fd_set_events(c->fd, POLLIN | POLLOUT);
			return;
		}
		shutdown(c->fd, SHUT_WR);
		loop_fd_set_events(c->fd, POLLIN);
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		n = read(c->fd, buf, sizeof(buf));
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR))
			linger_done(c);
	}
}

void
conn_close_flush(struct conn *c)
{
	if (c == NULL || c->dead)
		return;
	conn_detach(c);
	if (c->connecting || c->fd == -1 || c->t_fail != NULL ||
	    conn_flush(c) == -1) {
		conn_shut(c);
		return;
	}
	loop_timer_cancel(c->t_more);
	loop_timer_cancel(c->t_hold);
	c->t_more = c->t_hold = NULL;
	c->lingering = 1;
	TAILQ_INSERT_TAIL(&lingering, c, lentry);
	nlingering++;
	c->rlen = 0;
	if (c->out_off == c->out.len) {
		shutdown(c->fd, SHUT_WR);
		loop_fd_set_events(c->fd, POLLIN);
	} else
		loop_fd_set_events(c->fd, POLLIN | POLLOUT);
	if ((c->t_linger = loop_timer_add(CONN_LINGER, linger_fire, c)) ==
	    NULL)
		conn_shut(c);
}

size_t
conn_lingering(void)
{
	return nlingering;
}

void
conn_linger_all_close(void)
{
	struct conn	*c;

	while ((c = TAILQ_FIRST(&lingering)) != NULL)
		conn_shut(c);
}

static void
more_fire(void *arg)
{
	struct conn	*c = arg;

	c->t_more = NULL;
	c->busy++;
	conn_process(c);
	c->busy--;
	if (c->dead)
		conn_free(c);
}

/*
 * Frames and dispatches up to CONN_BATCH messages.  Leftovers are picked
 * up by a zero-delay timer, since poll(2) won't report bytes we already
 * read; EOF is reported only once everything before it was handled (a
 * NOTIFICATION just before the close must be seen).
 */
static void
conn_process(struct conn *c)
{
	struct bgp_msghdr	 h;
	struct bgp_err		 err;
	size_t			 off = 0;
	int			 n = 0, r = 0;

	while (!c->dead && c->peer != NULL && n < CONN_BATCH &&
	    (r = bgp_msg_frame(c->rbuf + off, c->rlen - off, c->maxlen, &h,
	    &err)) == 1) {
		session_message(c, h.type, c->rbuf + off, h.len);
		off += h.len;
		n++;
	}
	if (c->dead || c->peer == NULL)
		return;
	if (r == -1) {
		session_header_error(c, &err);
		return;
	}
	if (off > 0) {
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
	}
	if (n == CONN_BATCH && c->rlen >= BGP_HDR_LEN) {
		if (c->t_more == NULL &&
		    (c->t_more = loop_timer_add(0, more_fire, c)) == NULL)
			log_warnx("%s: out of memory", __func__);
		return;
	}
	if (c->eof)
		session_conn_failed(c, c->failmsg[0] != '\0' ? c->failmsg :
		    "Peer closing down the session");
}

/* Grows the input buffer to hold two messages of the negotiated size. */
static int
rbuf_fit(struct conn *c)
{
	uint8_t	*nb;
	size_t	 need = 2 * c->maxlen;

	if (need < CONN_RBUF_MIN)
		need = CONN_RBUF_MIN;
	if (c->rcap >= need)
		return 0;
	if ((nb = realloc(c->rbuf, need)) == NULL)
		return -1;
	c->rbuf = nb;
	c->rcap = need;
	return 0;
}

static void
conn_read(struct conn *c)
{
	ssize_t	 n;

	if (c->eof || c->t_more != NULL)
		return;
	if (rbuf_fit(c) == -1) {
		conn_fail_later(c, "out of memory");
		return;
	}
	if (c->rlen == c->rcap)
		return;
	n = read(c->fd, c->rbuf + c->rlen, c->rcap - c->rlen);
	if (n > 0) {
		c->rlen += (size_t)n;
		return;
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n == -1)
		snprintf(c->failmsg, sizeof(c->failmsg), "%s",
		    strerror(errno));
	c->eof = 1;
	loop_fd_set_events(c->fd, 0);
}

static void
connect_io(struct conn *c, short revents)
{
	char	 err[128];

	if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
		return;
	if (bgp_tr_connect_done(c->fd, err, sizeof(err)) == -1) {
		/* a stale event for a reused descriptor: still connecting */
		if (strcmp(err, strerror(EINPROGRESS)) == 0 &&
		    !(revents & (POLLERR | POLLHUP)))
			return;
		session_conn_failed(c, err);
		return;
	}
	if (bgp_tr_names(c->fd, &c->local, &c->lport, &c->remote,
	    &c->rport) == -1) {
		if (revents & (POLLERR | POLLHUP))
			session_conn_failed(c, "connection failed");
		return;
	}
	c->connecting = 0;
	loop_fd_set_events(c->fd, POLLIN |
	    (c->out_off < c->out.len ? POLLOUT : 0));
	session_connected(c);
}

static void
conn_io(int fd, short revents, void *arg)
{
	struct conn	*c = arg;

	(void)fd;
	c->busy++;
	if (c->lingering)
		linger_io(c, revents);
	else if (c->connecting)
		connect_io(c, revents);
	else {
		if ((revents & POLLOUT) && conn_flush(c) == -1)
			conn_fail_later(c, strerror(errno));
		if (!c->dead && c->t_fail == NULL &&
		    (revents & (POLLIN | POLLHUP | POLLERR))) {
			conn_read(c);
			conn_process(c);
		}
	}
	c->busy--;
	if (c->dead)
		conn_free(c);
}
