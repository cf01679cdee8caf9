/*
 * sess: the BGP sessions of bench_prop's sink and feeders, all in one
 * poll loop.  Each connects from its own 127.0.0.0/8 address to the
 * speaker, sends OPEN, and is Established on the speaker's KEEPALIVE.
 * A feeder then writes its pre-encoded table in 1 MB chunks; the sink
 * hands every UPDATE to sink.c.  KEEPALIVEs go out only between tables
 * (UPDATEs keep the speaker's hold timer running meanwhile).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench/prop/prop.h"

#define RBUF_SIZE	(1u << 20)
#define WCHUNK		(1u << 20)

struct sess_env	 sess_env;

double
prop_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
sess_init(struct sess *s, const char *role, int idx, uint32_t local,
    uint32_t as)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->role = role;
	s->idx = idx;
	s->local = local;
	s->as = as;
	return (s->rbuf = malloc(RBUF_SIZE)) == NULL ? -1 : 0;
}

static void
sess_close(struct sess *s, enum sstate st)
{
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	s->state = st;
	s->rlen = 0;
	wbuf_reset(&s->ctl);
	s->ctl_off = 0;
	s->got_open = 0;
}

static int
sess_connect(struct sess *s)
{
	struct sockaddr_in	 sin;
	int			 fd;

	/* NETWORK SAFETY: loopback only, whatever the caller checked */
	if ((sess_env.speaker >> 24) != 127 || (s->local >> 24) != 127) {
		fprintf(stderr, "bench_prop: refusing a non-loopback "
		    "address\n");
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(s->local);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		fprintf(stderr, "bench_prop: %s %d: bind: %s\n", s->role,
		    s->idx, strerror(errno));
		close(fd);
		return -1;
	}
	sin.sin_addr.s_addr = htonl(sess_env.speaker);
	sin.sin_port = htons(sess_env.port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		s->retry_at = prop_now() + 0.5;
		return 0;
	}
	s->fd = fd;
	s->state = S_CONNECTING;
	return 0;
}

static void
sess_send_open(struct sess *s)
{
	struct bgp_caps	 c;

	memset(&c, 0, sizeof(c));
	c.afs = BGP_AF_V4U;
	c.as4 = 1;
	c.as4_asn = s->as;
	c.route_refresh = 1;
	bgp_open_encode(&s->ctl, s->as, sess_env.hold, s->local, &c);
	s->state = S_OPEN;
}

static int
sess_msg(struct sess *s, const uint8_t *m, const struct bgp_msghdr *h)
{
	const uint8_t		*body = m + BGP_HDR_LEN;
	size_t			 blen = h->len - BGP_HDR_LEN;
	struct bgp_open		 o;
	struct bgp_notification	 n;
	struct bgp_err		 err;
	struct strbuf		 sb = STRBUF_INIT;
	unsigned		 hold;
	int			 r;

	switch (h->type) {
	case BGP_MSG_OPEN:
		if (bgp_open_decode(body, blen, &o, &err) == -1) {
			fprintf(stderr, "bench_prop: %s %d: bad OPEN: %s\n",
			    s->role, s->idx, err.text);
			return -1;
		}
		hold = o.hold < sess_env.hold ? o.hold : sess_env.hold;
		s->ka = hold / 3;
		s->next_ka = prop_now() + s->ka;
		s->got_open = 1;
		bgp_keepalive_encode(&s->ctl);
		break;
	case BGP_MSG_KEEPALIVE:
		if (s->got_open && s->state == S_OPEN)
			s->state = S_ESTABLISHED;
		break;
	case BGP_MSG_UPDATE:
		s->rx_updates++;
		if (strcmp(s->role, "sink") != 0)
			break;
		if ((r = sink_update(sess_env.sink, body, blen)) == -1) {
			fprintf(stderr, "bench_prop: sink: %s\n", sess_env.sink->err);
			return -1;
		}
		sess_env.t_last = prop_now();
		break;
	case BGP_MSG_NOTIFICATION:
		memset(&n, 0, sizeof(n));
		bgp_notification_decode(body, blen, &n, &err);
		bgp_notification_describe(n.code, n.subcode,
		    n.has_shutdown_msg ? n.shutdown_msg : NULL, &sb);
		fprintf(stderr, "bench_prop: %s %d: NOTIFICATION from the "
		    "speaker: %s\n", s->role, s->idx, sb_str(&sb));
		sb_free(&sb);
		return -1;
	default:
		break;
	}
	return 0;
}

static int
sess_read(struct sess *s)
{
	struct bgp_msghdr	 h;
	struct bgp_err		 err;
	size_t			 off = 0;
	ssize_t			 n;
	int			 r;

	n = read(s->fd, s->rbuf + s->rlen, RBUF_SIZE - s->rlen);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		fprintf(stderr, "bench_prop: %s %d: connection %s\n", s->role,
		    s->idx, n == 0 ? "closed by the speaker" : strerror(errno));
		return -1;
	}
	s->rlen += (size_t)n;
	while ((r = bgp_msg_frame(s->rbuf + off, s->rlen - off, BGP_MAX_LEN,
	    &h, &err)) == 1) {
		if (sess_msg(s, s->rbuf + off, &h) == -1)
			return -1;
		off += h.len;
	}
	if (r == -1) {
		fprintf(stderr, "bench_prop: %s %d: %s\n", s->role, s->idx,
		    err.text);
		return -1;
	}
	memmove(s->rbuf, s->rbuf + off, s->rlen - off);
	s->rlen -= off;
	return 0;
}

static int
sess_write(struct sess *s)
{
	ssize_t	 n;
	size_t	 want;

	if (s->ctl_off < s->ctl.len) {
		n = write(s->fd, s->ctl.buf + s->ctl_off,
		    s->ctl.len - s->ctl_off);
		if (n > 0)
			s->ctl_off += (size_t)n;
		if (s->ctl_off == s->ctl.len) {
			wbuf_reset(&s->ctl);
			s->ctl_off = 0;
		}
	} else if (s->bulk_on && s->bulk_off < s->bulk.len) {
		want = s->bulk.len - s->bulk_off;
		if (want > WCHUNK)
			want = WCHUNK;
		n = write(s->fd, s->bulk.buf + s->bulk_off, want);
		if (n > 0) {
			s->bulk_off += (size_t)n;
			if (s->bulk_off == s->bulk.len)
				s->bulk_done = prop_now();
		}
	} else
		return 0;
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		fprintf(stderr, "bench_prop: %s %d: write: %s\n", s->role,
		    s->idx, strerror(errno));
		return -1;
	}
	return 0;
}

static int
wants_write(const struct sess *s)
{
	return s->state == S_CONNECTING || s->ctl_off < s->ctl.len ||
	    (s->bulk_on && s->bulk_off < s->bulk.len);
}

/* Connection finished (or failed: retry in 0.5 s, the speaker may not
   listen yet). */
static void
sess_connected(struct sess *s)
{
	int		 e = 0;
	socklen_t	 el = sizeof(e);

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1 || e != 0) {
		sess_close(s, S_IDLE);
		s->retry_at = prop_now() + 0.5;
		return;
	}
	sess_send_open(s);
}

int
sess_pump(struct sess *ss, size_t n, int ms)
{
	struct pollfd	 pf[PROP_MAXSESS];
	size_t		 i, np = 0, map[PROP_MAXSESS];
	double		 t = prop_now();
	struct sess	*s;

	for (i = 0; i < n; i++) {
		s = &ss[i];
		if (s->state == S_IDLE && t >= s->retry_at &&
		    sess_connect(s) == -1)
			return -1;
		if (s->state == S_ESTABLISHED && s->ka > 0 && t >= s->next_ka) {
			if (s->ctl.len == 0 &&
			    (!s->bulk_on || s->bulk_off == s->bulk.len))
				bgp_keepalive_encode(&s->ctl);
			s->next_ka = t + s->ka;
		}
		if (s->fd == -1)
			continue;
		pf[np].fd = s->fd;
		pf[np].events = POLLIN | (wants_write(s) ? POLLOUT : 0);
		pf[np].revents = 0;
		map[np++] = i;
	}
	if (poll(pf, np, ms) == -1 && errno != EINTR)
		return -1;
	for (i = 0; i < np; i++) {
		s = &ss[map[i]];
		if (s->state == S_CONNECTING) {
			if (pf[i].revents & (POLLOUT | POLLERR | POLLHUP))
				sess_connected(s);
			continue;
		}
		if ((pf[i].revents & (POLLIN | POLLERR | POLLHUP)) &&
		    sess_read(s) == -1)
			return -1;
		if ((pf[i].revents & POLLOUT) && sess_write(s) == -1)
			return -1;
	}
	return 0;
}

static int
all_established(const struct sess *ss, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ss[i].state != S_ESTABLISHED)
			return 0;
	return 1;
}

int
sess_bring_up(struct sess *ss, size_t n, const char *what)
{
	double	 deadline = prop_now() + 60;

	while (!all_established(ss, n)) {
		if (prop_now() > deadline) {
			fprintf(stderr, "bench_prop: %s not up in 60 s\n",
			    what);
			return -1;
		}
		if (sess_pump(ss, n, 50) == -1)
			return -1;
	}
	for (deadline = prop_now() + 0.5; prop_now() < deadline;)
		if (sess_pump(ss, n, 50) == -1)
			return -1;
	return 0;
}

void
sess_teardown(struct sess *ss, size_t n)
{
	struct wbuf	 nb = WBUF_INIT;
	size_t		 i;

	bgp_notification_encode_shutdown(&nb, 2, "bench_prop done");
	for (i = 0; i < n; i++) {
		/* best effort: the session closes anyway */
		if (ss[i].fd != -1 && !nb.oom)
			(void)!write(ss[i].fd, nb.buf, nb.len);
		sess_close(&ss[i], S_DEAD);
		wbuf_free(&ss[i].ctl);
		wbuf_free(&ss[i].bulk);
		free(ss[i].rbuf);
	}
	wbuf_free(&nb);
}
