/*
 * test_engine_req: the engine requirements that need more than one
 * scripted exchange, against bgp_tpeer.h over loopback TCP: AS_TRANS and
 * AS4_PATH with a 2-octet peer, `capability suppress 4-byte-as`, the
 * extended message capability (RFC 8654) both ways, refusals (an
 * unconfigured source, session-open-mode), clear bgp *, TCP MD5 and
 * ttl-security on real sockets, a change on one neighbor leaving another
 * untouched, and sessions going up and down many times (run it under
 * ASan for leaks).
 *
 * NETWORK SAFETY: 127.0.0.0/8 only; tp_engine_start() turns the transport
 * guard on.
 */
#include <sys/wait.h>

#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/adjrib.h"
#include "core/bgp/attr.h"

#define NBR	"127.0.0.2"
#define NBR3	"127.0.0.3"

/* Reads what the engine sends after Established (End-of-RIB). */
static void
drain(struct tp *t)
{
	while (tp_recv(t, 20) > 0)
		;
}

/* ---- RFC 6793 with a 2-octet peer ---- */

static void
test_as_trans(void)
{
	struct config		*c = tp_passive_cfg(4200000001u, NBR, NULL);
	struct bgp_codec_ctx	 ctx;
	struct bgp_nbr_info	 ni;
	struct bgp_attrs	*a, *got;
	const struct locrib_entry *e;
	const struct locrib_path *lp;
	struct bgp_caps		 caps;
	struct bgp_open		 eo;
	struct xprefix		 pfx;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;
	uint32_t		 path[] = { 65002, 4200000002u, 65010 };
	uint32_t		 back[8];
	struct peer		*p;

	tp_engine_start(0);
	tp_apply(c, NULL);
	tp_caps(&caps, 65002);
	caps.as4 = 0;				/* an OLD speaker */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &caps, &eo));
	T_EQ_INT(eo.my_as, 23456);		/* AS_TRANS */
	T_ASSERT(eo.caps.as4);
	T_EQ_INT(eo.caps.as4_asn, 4200000001u);
	T_ASSERT((p = tp_peer(NBR)) != NULL);
	T_ASSERT(p != NULL && !p->as4);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.local_as, 4200000001u);
	T_ASSERT(!ni.cap_rcvd.as4);
	drain(&t);

	/* a 4-octet AS in the path: AS_TRANS in AS_PATH, AS4_PATH beside */
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 0;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	ctx.local_as = 65002;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, path, 3);
	addr_parse("10.0.0.2", &a->nexthop);
	prefix_parse("10.9.0.0/16", &pfx, 0);
	bgp_update_encode_announce(&b, &ctx, a, &pfx, 1);
	bgp_attrs_unref(a);
	tp_sendw(&t, &b);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	got = NULL;
	if (p != NULL && p->ra[0].src != NULL && (e = locrib_lookup(
	    bgp_rib.loc[0], &pfx)) != NULL &&
	    (lp = locrib_entry_path_from(e, p->ra[0].src)) != NULL)
		got = lp->attrs;
	T_ASSERT(got != NULL);
	if (got != NULL) {
		/* merged back to the 4-octet path: SEQ of 3 */
		T_EQ_INT(got->aspath_len, 2 + 3 * 4);
		T_EQ_INT(bgp_aspath_length(got->aspath, got->aspath_len), 3);
		if (got->aspath_len == 14) {
			memset(back, 0, sizeof(back));
			back[0] = (uint32_t)got->aspath[6] << 24 |
			    (uint32_t)got->aspath[7] << 16 |
			    (uint32_t)got->aspath[8] << 8 | got->aspath[9];
			T_EQ_INT(back[0], 4200000002u);
		}
	}
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	tp_finish(&t, c);
}

/* `capability suppress 4-byte-as`: no capability 65 in our OPEN. */
static void
test_suppress_as4(void)
{
	struct bgp_peer		*np;
	struct config		*c = tp_passive_cfg(65001, NBR, &np);
	struct bgp_caps		 caps;
	struct bgp_open		 eo;
	struct tp		 t;
	struct peer		*p;

	tp_set_item(&np->s[BS_CAP_SUPPRESS_4BYTE], 0, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, &eo));
	T_EQ_INT(eo.my_as, 65001);
	T_ASSERT(!eo.caps.as4);
	T_ASSERT((p = tp_peer(NBR)) != NULL && !p->as4);
	tp_close(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	(void)caps;
	tp_finish(NULL, c);
}

/* ---- RFC 8654 ---- */

/* One UPDATE of about 5000 bytes: n /32s under 10.x.y.z from AS 65002. */
static size_t
big_update(uint8_t *m, size_t n)
{
	static const uint8_t	 attrs[] = {
		0x40, 0x01, 0x01, 0x00,				/* ORIGIN */
		0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xea,
		0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x02	/* NEXT_HOP */
	};
	size_t			 off = 0, i;

	memset(m, 0xff, 16);
	off = 16 + 2;
	m[off++] = BGP_MSG_UPDATE;
	m[off++] = 0;
	m[off++] = 0;
	m[off++] = 0;
	m[off++] = sizeof(attrs);
	memcpy(m + off, attrs, sizeof(attrs));
	off += sizeof(attrs);
	for (i = 0; i < n; i++) {
		m[off++] = 32;
		m[off++] = 10;
		m[off++] = (uint8_t)(i >> 16);
		m[off++] = (uint8_t)(i >> 8);
		m[off++] = (uint8_t)i;
	}
	m[16] = (uint8_t)(off >> 8);
	m[17] = (uint8_t)off;
	return off;
}

static void
test_ext_msg(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	static uint8_t		 m[8192];
	struct bgp_caps		 caps;
	struct bgp_nbr_info	 ni;
	struct tp		 t;
	struct peer		*p;
	size_t			 len;
	uint8_t			 code = 0, sub = 0;

	len = big_update(m, 992);
	T_ASSERT(len > 5000 && len < 5100);
	tp_engine_start(0);
	tp_apply(c, NULL);

	/* both sides send it: the big UPDATE is fine */
	tp_caps(&caps, 65002);
	caps.ext_msg = 1;
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &caps, NULL));
	T_ASSERT((p = tp_peer(NBR)) != NULL && p->ext_msg);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_ASSERT(ni.cap_adv.ext_msg && ni.cap_rcvd.ext_msg);
	drain(&t);
	tp_send(&t, m, len);
	T_ASSERT(tp_wait_accepted(NBR, 992));
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	tp_close(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	tp_warp(6);

	/* only we send it: 1/2 with the length as data (RFC 8654 4) */
	caps.ext_msg = 0;
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &caps, NULL));
	T_ASSERT((p = tp_peer(NBR)) != NULL && !p->ext_msg);
	drain(&t);
	tp_send(&t, m, len);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 1);
	T_EQ_INT(sub, 2);
	T_EQ_INT(t.msglen, 23);
	T_EQ_INT(t.msg[21] << 8 | t.msg[22], len);
	T_EQ_INT(tp_accepted(NBR), 0);
	tp_finish(&t, c);
}

/* ---- refusals ---- */

static void
test_refusals(void)
{
	struct bgp_peer		*np;
	struct config		*c = tp_passive_cfg(65001, NBR, &np);
	struct bgp_peer		*a3;
	struct tp		 t;
	int			 lfd, fd;

	a3 = tp_cfg_nbr(c, NBR3, 65003);
	tp_set_item(&a3->s[BS_SESSION_OPEN_MODE], BGP_SOM_ACTIVE_ONLY, 0, 0);
	T_ASSERT((lfd = tp_listen(NBR)) != -1);
	tp_engine_start(0);
	tp_apply(c, NULL);

	/* not a neighbor: closed at once, and logged */
	T_EQ_INT(tp_connect(&t, "127.0.0.9"), 0);
	T_ASSERT(tp_expect_eof(&t));
	tp_close(&t);
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-CONNREFUSED : connection from "
	    "127.0.0.9 refused: not a configured neighbor"));

	/* passive-only: never a connection of ours, whatever the time */
	tp_warp(130);
	tp_warp(130);
	fd = accept(lfd, NULL, NULL);
	T_EQ_INT(fd, -1);
	if (fd != -1)
		close(fd);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);

	/* active-only: an incoming connection is refused */
	T_EQ_INT(tp_connect(&t, NBR3), 0);
	T_ASSERT(tp_expect_eof(&t));
	tp_close(&t);
	T_ASSERT(tp_state(NBR3) != BGP_ST_OPENSENT);
	close(lfd);
	tp_finish(NULL, c);
}

/* ---- clear bgp * ---- */

static void
test_clear_all(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_peer		*a3;
	struct bgp_nbr_info	 ni;
	struct tp		 t2, t3;
	char			 err[128];
	uint8_t			 code = 0, sub = 0;
	int			 type;

	a3 = tp_cfg_nbr(c, NBR3, 65003);
	tp_set_item(&a3->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t2, NBR), 0);
	T_ASSERT(tp_establish(&t2, NBR, 65002, 90, NULL, NULL));
	T_EQ_INT(tp_connect(&t3, NBR3), 0);
	T_ASSERT(tp_establish(&t3, NBR3, 65003, 90, NULL, NULL));
	drain(&t2);
	drain(&t3);

	/* soft in: ROUTE-REFRESH; soft out: the table again */
	T_EQ_INT(bgp_engine_clear(NULL, BGP_CLEAR_SOFT_IN, err, sizeof(err)),
	    2);
	T_EQ_INT(tp_recv_nka(&t2, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(tp_recv_nka(&t3, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(bgp_engine_clear(NULL, BGP_CLEAR_SOFT_OUT, err, sizeof(err)),
	    2);
	/* enhanced route refresh: BoRR, our (empty) table, EoRR */
	T_EQ_INT(tp_recv_nka(&t2, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t2.msg[21], BGP_RR_BORR);
	T_EQ_INT(tp_recv_nka(&t2, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t2.msg[21], BGP_RR_EORR);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);

	/* hard: 6/4 to both, both come back */
	T_EQ_INT(bgp_engine_clear(NULL, BGP_CLEAR_HARD, err, sizeof(err)), 2);
	T_ASSERT(tp_expect_notif(&t2, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 4);
	T_ASSERT(tp_expect_notif(&t3, &code, &sub));
	T_EQ_INT(sub, 4);
	tp_close(&t2);
	tp_close(&t3);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_STR(ni.last_reset_reason, "User clear requested (CEASE "
	    "notification sent - administrative reset)");
	tp_warp(1.5);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);
	T_EQ_INT(tp_connect(&t2, NBR), 0);
	T_ASSERT(tp_establish(&t2, NBR, 65002, 90, NULL, NULL));
	type = tp_recv_nka(&t2, 50);
	T_EQ_INT(type, BGP_MSG_UPDATE);
	tp_finish(&t2, c);
}

/* ---- TCP MD5 and GTSM on real sockets ---- */

/*
 * Connects from NBR with MD5 key (NULL: none) and IP TTL ttl; 1 when the
 * connection is made and the engine's OPEN arrives.
 */
static int
try_session(struct tp *t, const char *key, int ttl)
{
	struct bgp_tr_opts	 o;
	struct xaddr		 eng;
	char			 err[160];
	double			 end;
	int			 fd;

	tp_init(t);
	memset(&o, 0, sizeof(o));
	o.port = tp_port;
	addr_parse(NBR, &o.local);
	o.md5_key = key;
	o.ttl = ttl;
	addr_parse("127.0.0.1", &eng);
	if ((fd = bgp_tr_connect(&eng, &o, err, sizeof(err))) == -1) {
		fprintf(stderr, "connect: %s\n", err);
		return 0;
	}
	t->fd = fd;
	end = tp_real() + 1.0;
	while (tp_real() < end) {
		loop_run_once(5);
		if (bgp_tr_connect_done(fd, err, sizeof(err)) == 0)
			return tp_recv(t, 500) == BGP_MSG_OPEN;
	}
	return 0;
}

static void
test_md5(void)
{
	struct bgp_peer		*np;
	struct config		*c = tp_passive_cfg(65001, NBR, &np);
	struct tp		 t;

	np->s[BS_PASSWORD].set = 1;
	bgp_item_set_str(&np->s[BS_PASSWORD], "s3cret");
	tp_engine_start(0);
	tp_apply(c, NULL);
	/* does this kernel sign at all?  the right key must work */
	if (!try_session(&t, "s3cret", 0)) {
		printf("SKIP md5: no TCP MD5 signatures here\n");
		tp_close(&t);
		tp_finish(NULL, c);
		return;
	}
	tp_close(&t);
	tp_pump(20);
	T_ASSERT(!try_session(&t, "wrong", 0));
	tp_close(&t);
	T_ASSERT(!try_session(&t, NULL, 0));
	tp_close(&t);
	T_ASSERT(tp_state(NBR) != BGP_ST_ESTABLISHED);
	T_ASSERT(try_session(&t, "s3cret", 0));
	tp_send_open(&t, 65002, 90, 0x0a000002, NULL);
	tp_send_ka(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_ESTABLISHED));
	tp_finish(&t, c);
}

static void
test_ttl_security(void)
{
	struct bgp_peer		*np;
	struct config		*c = tp_passive_cfg(65001, NBR, &np);
	struct tp		 t;
	struct peer		*p;

	tp_set_item(&np->s[BS_TTL_SECURITY], 0, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	/* TTL 64: the engine must never see it */
	(void)try_session(&t, NULL, 64);
	if (t.fd != -1) {
		tp_send_open(&t, 65002, 90, 0x0a000002, NULL);
		tp_send_ka(&t);
		tp_pump(300);
	}
	T_ASSERT((p = tp_peer(NBR)) != NULL);
	T_ASSERT(tp_state(NBR) != BGP_ST_ESTABLISHED &&
	    tp_state(NBR) != BGP_ST_OPENCONFIRM);
	tp_close(&t);
	tp_pump(20);
	tp_warp(250);		/* whatever was half open times out */
	/* TTL 255: fine */
	T_ASSERT(try_session(&t, NULL, 255));
	tp_send_open(&t, 65002, 90, 0x0a000002, NULL);
	tp_send_ka(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_ESTABLISHED));
	tp_finish(&t, c);
}

/* ---- one neighbor changes, the other doesn't notice ---- */

static void
test_isolation(void)
{
	struct strbuf		 rep = STRBUF_INIT;
	struct bgp_peer		*a2, *a3;
	struct config		*c = tp_passive_cfg(65001, NBR, &a2);
	struct bgp_nbr_info	 before, after;
	struct tp		 t2, t3;
	uint8_t			 code = 0, sub = 0;
	struct conn		*conn3;
	int			 type;

	a3 = tp_cfg_nbr(c, NBR3, 65003);
	tp_set_item(&a3->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t2, NBR), 0);
	T_ASSERT(tp_establish(&t2, NBR, 65002, 90, NULL, NULL));
	T_EQ_INT(tp_connect(&t3, NBR3), 0);
	T_ASSERT(tp_establish(&t3, NBR3, 65003, 90, NULL, NULL));
	drain(&t2);
	drain(&t3);
	T_EQ_INT(tp_nbr(NBR3, &before), 0);
	conn3 = tp_peer(NBR3)->conn;

	/* remote-as on A: only A is reset */
	a2->s[BS_REMOTE_AS].n[0] = 65012;
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: reset (remote-as "
	    "changed)\n");
	T_ASSERT(tp_expect_notif(&t2, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 6);
	/* it went down as the session it was: the old remote AS */
	T_ASSERT(tp_log_has("neighbor 127.0.0.2 Down - Other configuration "
	    "change (VRF: default) (AS: 65002)"));
	tp_close(&t2);
	/* a description on B resets nothing either */
	a3->s[BS_DESCRIPTION].set = 1;
	bgp_item_set_str(&a3->s[BS_DESCRIPTION], "to R3");
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "");
	tp_warp(2);
	T_EQ_INT(tp_nbr(NBR3, &after), 0);
	T_EQ_INT(after.state, BGP_ST_ESTABLISHED);
	T_ASSERT(tp_peer(NBR3)->conn == conn3);
	T_EQ_INT(after.local_port, before.local_port);
	T_EQ_INT(after.remote_port, before.remote_port);
	T_EQ_INT(after.state_since, before.state_since);
	T_EQ_INT(after.conn_established, 1);
	T_EQ_INT(after.sent[BGP_MI_NOTIFICATION].count, 0);
	/* nothing but keepalives reached B */
	while ((type = tp_recv(&t3, 20)) > 0)
		T_EQ_INT(type, BGP_MSG_KEEPALIVE);
	T_EQ_INT(type, -1);

	/* removing A: 6/3 to A only (A is back first) */
	T_EQ_INT(tp_connect(&t2, NBR), 0);
	T_ASSERT(tp_establish(&t2, NBR, 65012, 90, NULL, NULL));
	bgp_peer_del(c->bgp, a2);
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: removed\n");
	T_ASSERT(tp_expect_notif(&t2, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 3);
	T_EQ_INT(tp_state(NBR3), BGP_ST_ESTABLISHED);
	T_ASSERT(tp_peer(NBR3)->conn == conn3);
	sb_free(&rep);
	tp_close(&t2);
	tp_finish(&t3, c);
}

/* ---- up and down many times (leaks show under ASan) ---- */

static void
test_flap(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct tp		 t;
	const char		*two[] = { "10.1.0.0/16", "10.2.0.0/24" };
	struct wbuf		 b = WBUF_INIT;
	uint8_t			 code = 0, sub = 0;
	int			 i, ok = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);
	for (i = 0; i < 50; i++) {
		if (tp_connect(&t, NBR) == -1 ||
		    !tp_establish(&t, NBR, 65002, 90, NULL, NULL))
			break;
		tp_send_announce(&t, 65002, two, 2);
		if (!tp_wait_accepted(NBR, 2))
			break;
		switch (i % 3) {
		case 0:		/* the peer goes away */
			tp_close(&t);
			break;
		case 1:		/* a NOTIFICATION from the peer */
			bgp_notification_encode(&b, BGP_ERR_CEASE,
			    BGP_CEASE_ADMIN_RESET, NULL, 0);
			tp_sendw(&t, &b);
			tp_close(&t);
			break;
		case 2:		/* a hard clear from us */
			bgp_engine_clear(NULL, BGP_CLEAR_HARD, NULL, 0);
			if (!tp_expect_notif(&t, &code, &sub))
				goto out;
			tp_close(&t);
			break;
		}
		if (!tp_wait_state(NBR, BGP_ST_IDLE) &&
		    tp_state(NBR) != BGP_ST_ACTIVE)
			break;
		tp_warp(130);		/* past any back-off */
		ok++;
	}
out:
	T_EQ_INT(ok, 50);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.conn_established, 50);
	T_EQ_INT(ni.af[0].accepted, 0);
	tp_finish(&t, c);
}

/* ---- a burst of UPDATEs must not make our keepalives late ---- */

#define FLOOD_PFX	100000
#define FLOOD_SECS	6.0

/* The child's blocking write (it must never run the engine's loop copy). */
static int
child_send(int fd, const uint8_t *m, size_t len)
{
	size_t	 off = 0;
	ssize_t	 n;

	while (off < len) {
		if ((n = send(fd, m + off, len - off, MSG_NOSIGNAL)) > 0)
			off += (size_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR)
			return -1;
		else
			poll(NULL, 0, 1);
	}
	return 0;
}

/*
 * The child: gaps between the engine's KEEPALIVEs while it floods.  It
 * inherited the engine's descriptors and state: it must use none of it
 * (tp_recv/tp_send would run the loop and could accept for the engine).
 */
static int
flood_peer(void)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct bgp_caps		 caps;
	struct xprefix		 pfx;
	struct wbuf		 b = WBUF_INIT, ka = WBUF_INIT, op = WBUF_INIT;
	struct pollfd		 pfd;
	struct tp		*t;
	double			 start, last_ka = 0, last_sent, now, gap = 0;
	uint32_t		 as = 65002, i;
	size_t			 off = 0;
	ssize_t			 n;
	int			 type, nka = 0;
	char			 name[32];

	/* one prefix per UPDATE: the most messages for the prefixes */
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, &as, 1);
	addr_parse("10.0.0.2", &a->nexthop);
	for (i = 0; i < FLOOD_PFX; i++) {
		snprintf(name, sizeof(name), "11.%u.%u.%u/32", i >> 16,
		    (i >> 8) & 0xff, i & 0xff);
		prefix_parse(name, &pfx, 0);
		bgp_update_encode_announce(&b, &ctx, a, &pfx, 1);
	}
	bgp_attrs_unref(a);
	bgp_keepalive_encode(&ka);
	tp_caps(&caps, 65002);
	bgp_open_encode(&op, 65002, 3, 0x0a000002, &caps);
	if (b.oom || ka.oom || op.oom)
		return 5;

	if ((t = calloc(1, sizeof(*t))) == NULL || tp_connect(t, NBR) == -1)
		return 2;
	if (tp_recv_how(t, 5000, 0) != BGP_MSG_OPEN)
		return 3;
	if (child_send(t->fd, op.buf, op.len) == -1 ||
	    child_send(t->fd, ka.buf, ka.len) == -1)
		return 3;
	if (tp_recv_how(t, 5000, 0) != BGP_MSG_KEEPALIVE)
		return 4;
	start = last_sent = tp_real();
	while ((now = tp_real()) < start + FLOOD_SECS) {
		pfd.fd = t->fd;
		pfd.events = POLLIN | (off < b.len ? POLLOUT : 0);
		poll(&pfd, 1, 10);
		if (now - last_sent >= 0.5 && off == b.len) {
			if (send(t->fd, ka.buf, ka.len, MSG_NOSIGNAL) > 0)
				last_sent = now;
		}
		if (off < b.len && (pfd.revents & POLLOUT) &&
		    (n = send(t->fd, b.buf + off, b.len - off,
		    MSG_NOSIGNAL)) > 0)
			off += (size_t)n;
		while ((type = tp_recv_how(t, 0, 0)) > 0) {
			now = tp_real();
			if (type == BGP_MSG_NOTIFICATION)
				return 6;
			if (type != BGP_MSG_KEEPALIVE)
				continue;
			if (nka++ > 0 && now - last_ka > gap)
				gap = now - last_ka;
			last_ka = now;
		}
		if (type == 0)
			return 7;
	}
	fprintf(stderr, "flood: %d keepalives, longest gap %.3f s, %zu of "
	    "%zu bytes sent\n", nka, gap, off, b.len);
	if (off < b.len)
		return 8;
	/* keepalive 1 s with jitter: never more than 1 s apart */
	return nka >= 4 && gap < 1.3 ? 0 : 9;
}

static void
test_flood(void)
{
	struct bgp_peer		*np;
	struct config		*c = tp_passive_cfg(65001, NBR, &np);
	struct bgp_nbr_info	 ni;
	double			 end;
	uint32_t		 best = 0;
	pid_t			 pid;
	int			 status = -1;

	tp_set_item(&np->s[BS_TIMERS], 1, 3, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	if ((pid = fork()) == -1) {
		T_ASSERT(0);
		tp_finish(NULL, c);
		return;
	}
	if (pid == 0)
		_exit(flood_peer());
	/* the child closes when done: count the routes while it is up */
	end = tp_real() + FLOOD_SECS + 30;
	while (tp_real() < end && waitpid(pid, &status, WNOHANG) == 0) {
		loop_run_once(2);
		if (tp_nbr(NBR, &ni) == 0 && ni.af[0].accepted > best)
			best = ni.af[0].accepted;
	}
	if (tp_real() >= end) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	T_ASSERT(WIFEXITED(status));
	T_EQ_INT(WEXITSTATUS(status), 0);
	T_EQ_INT(best, FLOOD_PFX);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.conn_established, 1);
	T_ASSERT(ni.rcvd[BGP_MI_UPDATE].count == FLOOD_PFX);
	tp_finish(NULL, c);
}

int
main(void)
{
	log_set_sink(tp_log_sink, NULL);
	tp_verbose = getenv("TP_VERBOSE") != NULL;
	tp_port = tp_pick_port(11);
	test_as_trans();
	test_suppress_as4();
	test_ext_msg();
	test_refusals();
	test_clear_all();
	test_md5();
	test_ttl_security();
	test_isolation();
	test_flap();
	test_flood();
	return T_DONE();
}
