/*
 * bgp_tpeer.h: a scripted remote BGP speaker for the engine's unit tests.
 * The engine is a singleton, so a test plays the other side itself over
 * loopback TCP: it connects from (or listens on) 127.0.0.x, builds
 * messages with the wire.h encoders and runs the engine's loop while it
 * waits for an answer.  Timers are driven with loop_warp(), never by
 * sleeping; real time passes only while bytes cross the loopback.
 *
 * NETWORK SAFETY: every address here is in 127.0.0.0/8 and the transport
 * guard is switched on by tp_engine_start().
 */
#ifndef XR_TEST_BGP_TPEER_H
#define XR_TEST_BGP_TPEER_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/engine.h"
#include "core/bgp/session.h"
#include "core/bgp/transport.h"
#include "core/bgp/wire.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "t.h"

/* each test binary uses a different subset of these helpers */
#pragma GCC diagnostic ignored "-Wunused-function"

#define TP_WAIT		2000	/* ms: the longest a test waits for bytes */

static uint16_t	 tp_port;	/* the engine's port */

/* ---- captured log lines ---- */

#define TP_LOGMAX	256
static char	*tp_log[TP_LOGMAX];
static int	 tp_nlog;
static int	 tp_verbose;

static void
tp_log_sink(enum log_level lvl, const char *line, void *arg)
{
	(void)arg;
	if (tp_verbose)
		fprintf(stderr, "log: %s\n", line);
	if (lvl == LOG_LVL_DEBUG)
		return;
	if (tp_nlog == TP_LOGMAX) {
		free(tp_log[0]);
		memmove(tp_log, tp_log + 1, sizeof(tp_log[0]) * (TP_LOGMAX - 1));
		tp_nlog--;
	}
	tp_log[tp_nlog++] = strdup(line);
}

static void
tp_log_clear(void)
{
	while (tp_nlog > 0)
		free(tp_log[--tp_nlog]);
}

/* 1 if a captured line contains s. */
static int
tp_log_has(const char *s)
{
	int	 i;

	for (i = 0; i < tp_nlog; i++)
		if (tp_log[i] != NULL && strstr(tp_log[i], s) != NULL)
			return 1;
	return 0;
}

/* ---- time ---- */

static double
tp_real(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the loop for ms milliseconds of real time. */
static void
tp_pump(int ms)
{
	double	 end = tp_real() + ms / 1000.0;

	while (tp_real() < end)
		loop_run_once(2);
}

/* Moves the clock forward and lets the due timers fire. */
static void
tp_warp(double s)
{
	loop_warp(s);
	loop_run_once(0);
	tp_pump(20);
}

/* ---- the engine ---- */

static void
tp_engine_start(int offline)
{
	struct bgp_engine_opts	 o;
	char			 err[128];

	memset(&o, 0, sizeof(o));
	o.offline = offline;
	o.loopback_only = 1;
	o.port = tp_port;
	addr_parse("127.0.0.1", &o.listen[0]);
	addr_parse("::1", &o.listen[1]);
	o.nlisten = 2;
	bgp_tr_set_loopback_only(1);
	if (bgp_engine_start(&o, err, sizeof(err)) == -1)
		fprintf(stderr, "engine start: %s\n", err);
}

static struct config *
tp_cfg(uint32_t asn)
{
	struct config	*c;

	if ((c = config_new()) == NULL || (c->bgp = bgp_cfg_new(asn)) == NULL)
		abort();
	c->bgp->af[BGP_AFI_V4].present = 1;
	c->bgp->af[BGP_AFI_V6].present = 1;
	c->bgp->g[BG_ROUTER_ID].set = 1;
	c->bgp->g[BG_ROUTER_ID].n[0] = 0x01010101;	/* 1.1.1.1 */
	/*
	 * The session tests announce from eBGP peers without policies:
	 * RFC 8212 would deny every route.  The routing tests clear it.
	 */
	c->bgp->g[BG_UNSAFE_EBGP].set = 1;
	return c;
}

static struct bgp_peer *
tp_cfg_nbr(struct config *c, const char *addr, uint32_t remote_as)
{
	struct bgp_peer	*p;
	struct xaddr	 a;

	if (addr_parse(addr, &a) == -1 ||
	    (p = bgp_nbr_get(c->bgp, &a)) == NULL)
		abort();
	p->s[BS_REMOTE_AS].set = 1;
	p->s[BS_REMOTE_AS].n[0] = remote_as;
	p->af[BGP_AFI_V4].present = 1;
	return p;
}

static void
tp_set_item(struct bgp_item *it, uint32_t n0, uint32_t n1, uint8_t opt)
{
	it->set = 1;
	it->n[0] = n0;
	it->n[1] = n1;
	it->opt = opt;
}

/* Adds a route-policy (its whole text) to the config's rpl. */
static void
tp_add_policy(struct config *c, const char *text)
{
	struct rpl_err		 err;
	struct rpl_policy	*p;

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		fprintf(stderr, "policy: %s '%s'\n", err.msg, err.token);
		abort();
	}
	rpl_db_put_policy(c->rpl, p);
}

/* Attaches a policy (BA_POLICY_IN or _OUT) to p's IPv4 unicast. */
static void
tp_attach(struct bgp_peer *p, int item, const char *name)
{
	p->af[BGP_AFI_V4].it[item].set = 1;
	bgp_item_set_str(&p->af[BGP_AFI_V4].it[item], name);
}

static void
tp_apply(struct config *c, struct strbuf *report)
{
	struct strbuf	 sb = STRBUF_INIT;

	bgp_engine_apply(c, report != NULL ? report : &sb);
	sb_free(&sb);
	tp_pump(10);
}

/* One neighbor addr in AS 65002 that waits for us to connect. */
static struct config *
tp_passive_cfg(uint32_t asn, const char *addr, struct bgp_peer **pp)
{
	struct config	*c = tp_cfg(asn);
	struct bgp_peer	*p = tp_cfg_nbr(c, addr, 65002);

	tp_set_item(&p->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0, 0);
	if (pp != NULL)
		*pp = p;
	return c;
}

static int
tp_nbr(const char *addr, struct bgp_nbr_info *ni)
{
	struct xaddr	 a;

	addr_parse(addr, &a);
	return bgp_engine_nbr(&a, ni);
}

static enum bgp_state
tp_state(const char *addr)
{
	struct bgp_nbr_info	 ni;

	if (tp_nbr(addr, &ni) == -1)
		return (enum bgp_state)-1;
	return ni.state;
}

static struct peer *
tp_peer(const char *addr)
{
	struct xaddr	 a;

	addr_parse(addr, &a);
	return engine_peer_find(&a);
}

/* Pumps until the neighbor is in state st (or TP_WAIT passes). */
static int
tp_wait_state(const char *addr, enum bgp_state st)
{
	double	 end = tp_real() + TP_WAIT / 1000.0;

	while (tp_real() < end) {
		if (tp_state(addr) == st)
			return 1;
		loop_run_once(2);
	}
	return tp_state(addr) == st;
}

/* ---- the remote speaker ---- */

struct tp {
	int		 fd;
	uint8_t		 buf[2 * BGP_EXT_MAX_LEN];
	size_t		 len;
	uint8_t		 msg[BGP_EXT_MAX_LEN];	/* the last message */
	size_t		 msglen;
};

static void
tp_init(struct tp *t)
{
	t->fd = -1;
	t->len = 0;
	t->msglen = 0;
}

/* A socket bound to local:lport (either family). */
static int
tp_sock(const char *local, uint16_t lport)
{
	struct sockaddr_in6	 sin6;
	struct sockaddr_in	 sin;
	int			 fd, on = 1, v6 = strchr(local, ':') != NULL;

	if ((fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (v6) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(lport);
		inet_pton(AF_INET6, local, &sin6.sin6_addr);
		if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0)
			return fd;
	} else {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(lport);
		inet_pton(AF_INET, local, &sin.sin_addr);
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			return fd;
	}
	close(fd);
	return -1;
}

/* Connects from local (127.0.0.x, or ::1) to the engine (127.0.0.1 or
 * ::1, the same family). */
static int
tp_connect(struct tp *t, const char *local)
{
	struct sockaddr_in6	 sin6;
	struct sockaddr_in	 sin;
	int			 rc;

	tp_init(t);
	if ((t->fd = tp_sock(local, 0)) == -1)
		return -1;
	if (strchr(local, ':') != NULL) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(tp_port);
		inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
		rc = connect(t->fd, (struct sockaddr *)&sin6, sizeof(sin6));
	} else {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(tp_port);
		inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
		rc = connect(t->fd, (struct sockaddr *)&sin, sizeof(sin));
	}
	if (rc == -1) {
		close(t->fd);
		t->fd = -1;
		return -1;
	}
	fcntl(t->fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/* A listening socket on addr:tp_port, for the engine to connect to. */
static int
tp_listen(const char *addr)
{
	int	 fd;

	if ((fd = tp_sock(addr, tp_port)) == -1)
		return -1;
	listen(fd, 8);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Accepts the engine's connection, running the loop meanwhile. */
static int
tp_accept(struct tp *t, int lfd)
{
	double	 end = tp_real() + TP_WAIT / 1000.0;

	tp_init(t);
	while (tp_real() < end) {
		if ((t->fd = accept(lfd, NULL, NULL)) != -1) {
			fcntl(t->fd, F_SETFL, O_NONBLOCK);
			return 0;
		}
		loop_run_once(2);
	}
	return -1;
}

static void
tp_close(struct tp *t)
{
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
}

/* End of a test: the peer, the engine, the config and the captured log. */
static void
tp_finish(struct tp *t, struct config *c)
{
	if (t != NULL)
		tp_close(t);
	bgp_engine_stop();
	config_free(c);
	tp_log_clear();
}

/* Closes with a TCP reset (no FIN): a crashed peer. */
static void
tp_reset(struct tp *t)
{
	struct linger	 l = { 1, 0 };

	setsockopt(t->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	tp_close(t);
}

static void
tp_send(struct tp *t, const uint8_t *m, size_t len)
{
	size_t	 off = 0;
	ssize_t	 n;

	while (off < len) {
		n = send(t->fd, m + off, len - off, MSG_NOSIGNAL);
		if (n > 0)
			off += (size_t)n;
		else if (n == -1 && errno == EAGAIN)
			loop_run_once(2);
		else
			return;
	}
	tp_pump(5);
}

static void
tp_sendw(struct tp *t, struct wbuf *b)
{
	tp_send(t, b->buf, b->len);
	wbuf_free(b);
}

/*
 * The next message from the engine: its type, 0 when the connection was
 * closed, -1 when nothing came within ms.  With pump the engine's loop
 * runs meanwhile; without, the caller only sleeps (a forked child must
 * not run the engine it inherited).
 */
static int
tp_recv_how(struct tp *t, int ms, int pump)
{
	double	 end = tp_real() + ms / 1000.0;
	size_t	 mlen;
	ssize_t	 n;

	for (;;) {
		if (t->len >= BGP_HDR_LEN) {
			mlen = (size_t)t->buf[16] << 8 | t->buf[17];
			if (mlen >= BGP_HDR_LEN && t->len >= mlen) {
				memcpy(t->msg, t->buf, mlen);
				t->msglen = mlen;
				memmove(t->buf, t->buf + mlen, t->len - mlen);
				t->len -= mlen;
				return t->msg[18];
			}
		}
		n = read(t->fd, t->buf + t->len, sizeof(t->buf) - t->len);
		if (n > 0) {
			t->len += (size_t)n;
			continue;
		}
		if (n == 0 || (n == -1 && errno != EAGAIN))
			return 0;
		if (tp_real() >= end)
			return -1;
		if (pump)
			loop_run_once(2);
		else
			poll(NULL, 0, 1);
	}
}

static int
tp_recv(struct tp *t, int ms)
{
	return tp_recv_how(t, ms, 1);
}

/* The next message that is not a KEEPALIVE. */
static int
tp_recv_nka(struct tp *t, int ms)
{
	int	 type;

	while ((type = tp_recv(t, ms)) == BGP_MSG_KEEPALIVE)
		;
	return type;
}

/* Reads until a NOTIFICATION: 1 and code/subcode, or 0. */
static int
tp_expect_notif(struct tp *t, uint8_t *code, uint8_t *subcode)
{
	int	 type;

	while ((type = tp_recv(t, TP_WAIT)) > 0)
		if (type == BGP_MSG_NOTIFICATION) {
			*code = t->msg[19];
			*subcode = t->msg[20];
			return 1;
		}
	return 0;
}

/* 1 if the engine closed the connection (EOF) within TP_WAIT. */
static int
tp_expect_eof(struct tp *t)
{
	int	 type;

	while ((type = tp_recv(t, TP_WAIT)) > 0)
		;
	return type == 0;
}

/* ---- messages ---- */

static void
tp_caps(struct bgp_caps *c, uint32_t as)
{
	memset(c, 0, sizeof(*c));
	c->afs = BGP_AF_V4U;
	c->route_refresh = 1;
	c->enhanced_rr = 1;
	c->as4 = 1;
	c->as4_asn = as;
}

static void
tp_send_open(struct tp *t, uint32_t as, uint16_t hold, uint32_t id,
    const struct bgp_caps *caps)
{
	struct wbuf	 b = WBUF_INIT;
	struct bgp_caps	 c;

	if (caps == NULL) {
		tp_caps(&c, as);
		caps = &c;
	}
	bgp_open_encode(&b, as, hold, id, caps);
	tp_sendw(t, &b);
}

static void
tp_send_ka(struct tp *t)
{
	struct wbuf	 b = WBUF_INIT;

	bgp_keepalive_encode(&b);
	tp_sendw(t, &b);
}

/*
 * Takes a fresh connection to Established: reads the engine's OPEN into
 * *eo (may be NULL), answers with ours and a KEEPALIVE, reads the
 * engine's KEEPALIVE.  Returns 1 when the neighbor is Established.
 */
static int
tp_establish(struct tp *t, const char *nbr, uint32_t as, uint16_t hold,
    const struct bgp_caps *caps, struct bgp_open *eo)
{
	struct bgp_open	 o;
	struct bgp_err	 err;

	if (tp_recv(t, TP_WAIT) != BGP_MSG_OPEN)
		return 0;
	if (bgp_open_decode(t->msg + BGP_HDR_LEN, t->msglen - BGP_HDR_LEN,
	    &o, &err) == -1)
		return 0;
	if (eo != NULL)
		*eo = o;
	tp_send_open(t, as, hold, 0x0a000002, caps);
	tp_send_ka(t);
	if (tp_recv(t, TP_WAIT) != BGP_MSG_KEEPALIVE)
		return 0;
	return tp_wait_state(nbr, BGP_ST_ESTABLISHED);
}

/* An UPDATE announcing prefixes (IPv4, or IPv6 in MP_REACH) from AS as. */
static void
tp_send_announce(struct tp *t, uint32_t as, const char **pfxs, size_t n)
{
	int			 v6 = n > 0 && strchr(pfxs[0], ':') != NULL;

	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p[16];
	struct wbuf		 b = WBUF_INIT;
	size_t			 i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_MAX_LEN;
	ctx.local_as = as;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, &as, 1);
	addr_parse(v6 ? "2001:db8::2" : "10.0.0.2", &a->nexthop);
	for (i = 0; i < n && i < 16; i++)
		prefix_parse(pfxs[i], &p[i], 0);
	bgp_update_encode_announce(&b, &ctx, a, p, i);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

static void
tp_send_withdraw(struct tp *t, const char **pfxs, size_t n)
{
	struct bgp_codec_ctx	 ctx;
	struct xprefix		 p[16];
	struct wbuf		 b = WBUF_INIT;
	size_t			 i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	for (i = 0; i < n && i < 16; i++)
		prefix_parse(pfxs[i], &p[i], 0);
	bgp_update_encode_withdraw(&b, &ctx, p, i);
	tp_sendw(t, &b);
}

static void
tp_send_eor(struct tp *t)
{
	struct wbuf	 b = WBUF_INIT;

	bgp_update_encode_eor(&b, BGP_AF_V4U);
	tp_sendw(t, &b);
}

static uint32_t
tp_accepted(const char *nbr)
{
	struct bgp_nbr_info	 ni;

	if (tp_nbr(nbr, &ni) == -1)
		return (uint32_t)-1;
	return ni.af[0].accepted;
}

/* Pumps until the IPv4 accepted count is n. */
static int
tp_wait_accepted(const char *nbr, uint32_t n)
{
	double	 end = tp_real() + TP_WAIT / 1000.0;

	while (tp_real() < end && tp_accepted(nbr) != n)
		loop_run_once(2);
	return tp_accepted(nbr) == n;
}

/* 1 if nothing is bound to addr:port. */
static int
tp_port_free(const char *addr, uint16_t port)
{
	int	 fd;

	if ((fd = tp_sock(addr, port)) == -1)
		return 0;
	close(fd);
	return 1;
}

/* A free port above 20000, different between concurrent runs. */
static uint16_t
tp_pick_port(unsigned salt)
{
	uint16_t	 port;
	int		 i;

	port = (uint16_t)(20000 + (getpid() * 7 + salt * 1009) % 40000);
	for (i = 0; i < 100; i++, port = port < 60000 ? port + 1 : 20000)
		if (tp_port_free("127.0.0.1", port) &&
		    tp_port_free("127.0.0.2", port) &&
		    tp_port_free("::1", port))
			break;
	return port;
}

#endif
