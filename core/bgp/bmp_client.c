/*
 * bmp_client: the TCP side of one BMP collector (bmp_client.h).  The
 * engine never waits on it: writes are non-blocking from a queue that
 * is bounded (BMP_QUEUE_MAX); a message that does not fit is dropped
 * and counted, and the owner resynchronises once the queue has drained.
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/bmp_client.h"
#include "core/bgp/bmp_wire.h"
#include "core/bgp/transport.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

static void	connect_now(void *);

static void
set_state(struct bmp_client *c, enum bmp_state st)
{
	if (c->state != st)
		c->since = loop_wallclock();
	c->state = st;
}

static void
close_fd(struct bmp_client *c)
{
	if (c->fd >= 0) {
		loop_fd_del(c->fd);
		close(c->fd);
		c->fd = -1;
	}
	wbuf_reset(&c->q);
	c->qoff = 0;
	c->overflow = 0;
}

/* the connection failed or closed: try again after the back-off */
static void
fail(struct bmp_client *c, const char *why)
{
	char	 a[ADDR_STRLEN];

	addr_format(&c->host, a, sizeof(a));
	if (c->state == BMP_ST_UP || strcmp(why, c->last_error) != 0)
		log_warnx("%%ROUTING-BGP-5-BMP : BMP server %u (%s port %u): "
		    "%s; retrying in %.0f s", c->id, a, c->port, why,
		    c->backoff);
	strlcpy(c->last_error, why, sizeof(c->last_error));
	close_fd(c);
	set_state(c, BMP_ST_WAIT);
	loop_timer_cancel(c->t_retry);
	c->t_retry = loop_timer_add(c->backoff, connect_now, c);
	c->backoff *= 2;
	if (c->backoff > BMP_BACKOFF_MAX)
		c->backoff = BMP_BACKOFF_MAX;
}

void
bmpc_flush(struct bmp_client *c)
{
	ssize_t	 n;
	char	 err[160];

	if (c->state != BMP_ST_UP)
		return;
	while (c->qoff < c->q.len) {
		n = send(c->fd, c->q.buf + c->qoff, c->q.len - c->qoff,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			snprintf(err, sizeof(err), "write failed: %s",
			    strerror(errno));
			fail(c, err);
			return;
		}
		c->qoff += (size_t)n;
		c->bytes_sent += (uint64_t)n;
	}
	if (c->qoff == c->q.len) {
		wbuf_reset(&c->q);
		c->qoff = 0;
	} else if (c->qoff > c->q.len / 2 && c->qoff > 65536) {
		/* keep the buffer from growing with what went out */
		memmove(c->q.buf, c->q.buf + c->qoff, c->q.len - c->qoff);
		c->q.len -= c->qoff;
		c->qoff = 0;
	}
	loop_fd_set_events(c->fd, POLLIN | (c->q.len > c->qoff ? POLLOUT : 0));
	if (c->on_drained != NULL && bmpc_queued(c) < bmpc_qmax(c) / 4)
		c->on_drained(c);
}

static void
on_io(int fd, short rev, void *arg)
{
	struct bmp_client	*c = arg;
	uint8_t			 buf[512];
	char			 err[160];
	ssize_t			 n;

	(void)fd;
	if (c->state == BMP_ST_CONNECTING) {
		if (bgp_tr_connect_done(c->fd, err, sizeof(err)) == -1) {
			fail(c, err);
			return;
		}
		set_state(c, BMP_ST_UP);
		c->connects++;
		c->backoff = BMP_BACKOFF_MIN;
		c->last_error[0] = '\0';
		loop_fd_set_events(c->fd, POLLIN);
		log_info("%%ROUTING-BGP-5-BMP : BMP server %u connected",
		    c->id);
		if (c->on_up != NULL)
			c->on_up(c);
		bmpc_flush(c);
		return;
	}
	if (rev & (POLLIN | POLLHUP | POLLERR)) {
		/* a collector sends nothing (RFC 7854 section 3.3): what
		   comes is read and dropped, and EOF ends the session */
		n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR &&
		    errno != EWOULDBLOCK)) {
			fail(c, n == 0 ? "connection closed by the collector" :
			    strerror(errno));
			return;
		}
	}
	if (rev & POLLOUT)
		bmpc_flush(c);
}

static void
connect_now(void *arg)
{
	struct bmp_client	*c = arg;
	struct bgp_tr_opts	 o;
	char			 err[160];

	c->t_retry = NULL;
	memset(&o, 0, sizeof(o));
	o.port = c->port;
	memset(&c->source, 0, sizeof(c->source));
	/* update-source: bound when the interface has an address of the
	   collector's family, else the kernel chooses */
	if (c->update_source[0] != '\0' && bgp_tr_if_addr(c->update_source,
	    c->host.af, &c->source, err, sizeof(err)) == 0)
		o.local = c->source;
	else
		memset(&c->source, 0, sizeof(c->source));
	if (!bgp_tr_guard_allows(&c->host)) {
		char	 a[ADDR_STRLEN];

		addr_format(&c->host, a, sizeof(a));
		snprintf(c->last_error, sizeof(c->last_error), "connection to "
		    "%s refused: XRSH_LOOPBACK_ONLY is set (address outside "
		    "loopback)", a);
		log_warnx("%%ROUTING-BGP-5-BMP : BMP server %u: %s", c->id,
		    c->last_error);
		set_state(c, BMP_ST_REFUSED);
		return;
	}
	if ((c->fd = bgp_tr_connect(&c->host, &o, err, sizeof(err))) == -1) {
		fail(c, err);
		return;
	}
	if (loop_fd_add(c->fd, POLLOUT, on_io, c) == -1) {
		close(c->fd);
		c->fd = -1;
		fail(c, "no room in the event loop");
		return;
	}
	set_state(c, BMP_ST_CONNECTING);
}

void
bmpc_start(struct bmp_client *c, double delay)
{
	bmpc_stop(c);
	c->backoff = BMP_BACKOFF_MIN;
	set_state(c, BMP_ST_WAIT);
	c->t_retry = loop_timer_add(delay, connect_now, c);
}

void
bmpc_stop(struct bmp_client *c)
{
	loop_timer_cancel(c->t_retry);
	c->t_retry = NULL;
	close_fd(c);
	set_state(c, BMP_ST_IDLE);
}

size_t
bmpc_qmax(const struct bmp_client *c)
{
	return c->qmax != 0 ? c->qmax : BMP_QUEUE_MAX;
}

size_t
bmpc_queued(const struct bmp_client *c)
{
	return c->q.len - c->qoff;
}

int
bmpc_send(struct bmp_client *c, const uint8_t *b, size_t len)
{
	size_t	 off, mlen, was = 0;

	if (c->state != BMP_ST_UP)
		return -1;
	was = bmpc_queued(c);
	if (bmpc_queued(c) + len > bmpc_qmax(c)) {
		c->dropped++;
		c->overflow = 1;
		return -1;
	}
	if (wbuf_put(&c->q, b, len) == -1 || c->q.oom) {
		/* the queue's memory is gone: start over on a new session */
		fail(c, "out of memory for the output queue");
		return -1;
	}
	for (off = 0; off + BMP_COMMON_LEN <= len; off += mlen) {
		mlen = (size_t)b[off + 1] << 24 | (size_t)b[off + 2] << 16 |
		    (size_t)b[off + 3] << 8 | b[off + 4];
		if (mlen < BMP_COMMON_LEN)
			break;
		if (b[off + 5] < 7)
			c->sent_by_type[b[off + 5]]++;
		c->sent++;
	}
	if (was == 0)
		loop_fd_set_events(c->fd, POLLIN | POLLOUT);
	return 0;
}
