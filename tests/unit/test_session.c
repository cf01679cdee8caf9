/*
 * test_session: the engine against a scripted peer over loopback TCP
 * (bgp_tpeer.h): reaching Established and the OPEN we send, routes into
 * the Adj-RIB-In, NOTIFICATIONs both ways, bad OPENs, unexpected messages
 * (RFC 6608), header errors, RFC 7606 actions, the timers in fake time
 * (hold expiry, keepalive jitter, hold 0, connect-retry back-off) and
 * connection collisions.
 */
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/rib.h"

#define NBR	"127.0.0.2"

static void
test_establish(void)
{
	struct strbuf		 rep = STRBUF_INIT;
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct bgp_open		 eo;
	struct bgp_engine_info	 ei;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;
	const char		*three[] = { "10.1.0.0/16", "10.2.0.0/16",
				    "10.3.3.0/24" };
	uint8_t			 code, sub;

	tp_engine_start(0);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: started\n");
	sb_free(&rep);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);
	T_ASSERT(bgp_engine_running());

	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, &eo));
	/* the OPEN we sent */
	T_EQ_INT(eo.version, 4);
	T_EQ_INT(eo.my_as, 65001);
	T_EQ_INT(eo.hold, 180);
	T_EQ_INT(eo.bgp_id, 0x01010101);
	T_EQ_INT(eo.caps.afs, BGP_AF_V4U);
	T_ASSERT(eo.caps.route_refresh && eo.caps.route_refresh_old);
	T_ASSERT(eo.caps.enhanced_rr);
	T_ASSERT(eo.caps.as4);
	T_EQ_INT(eo.caps.as4_asn, 65001);
	T_ASSERT(eo.caps.ext_msg);
	T_ASSERT(!eo.caps.gr);
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 Up "
	    "(VRF: default) (AS: 65002)"));

	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.hold_neg, 90);
	T_EQ_INT(ni.keepalive_neg, 30);
	T_EQ_INT(ni.remote_id, 0x0a000002);
	T_ASSERT(ni.cap_rcvd.as4 && ni.cap_rcvd.enhanced_rr);
	T_EQ_INT(ni.conn_established, 1);
	T_ASSERT(ni.ever_up);
	T_EQ_INT(ni.remote_as, 65002);
	T_ASSERT(ni.ebgp);
	T_EQ_INT(ni.sent[BGP_MI_OPEN].count, 1);
	T_EQ_INT(ni.rcvd[BGP_MI_OPEN].count, 1);
	T_EQ_INT(ni.local_port, tp_port);

	/* End-of-RIB for IPv4: we advertise nothing yet */
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_UPDATE);
	T_EQ_INT(t.msglen, 23);

	tp_send_announce(&t, 65002, three, 3);
	T_ASSERT(tp_wait_accepted(NBR, 3));
	bgp_engine_info(&ei);
	/* stored, but not best: 10.0.0.2 is no reachable next hop */
	T_EQ_INT(locrib_count_prefixes(bgp_rib.loc[0]), 3);
	T_EQ_INT(ei.nestablished, 1);
	tp_send_withdraw(&t, three + 1, 1);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_send_eor(&t);
	tp_pump(20);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.af[0].withdrawn_rcvd, 1);
	T_ASSERT(ni.af[0].eor_rcvd);
	T_ASSERT(ni.af[0].eor_sent);
	T_EQ_INT(ni.rcvd[BGP_MI_UPDATE].count, 3);

	/* enhanced route refresh: BoRR and EoRR around nothing */
	bgp_route_refresh_encode(&b, BGP_AFI_IPV4, BGP_RR_NORMAL,
	    BGP_SAFI_UNICAST);
	tp_sendw(&t, &b);
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t.msg[21], BGP_RR_BORR);
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t.msg[21], BGP_RR_EORR);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.af[0].rr_rcvd, 1);

	/* the peer shuts us down with a message (RFC 9003) */
	bgp_notification_encode_shutdown(&b, BGP_CEASE_ADMIN_SHUTDOWN,
	    "maintenance window");
	tp_sendw(&t, &b);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_STR(ni.last_shutdown_msg, "maintenance window");
	T_EQ_INT(ni.last_notif_sent, 0);
	T_EQ_INT(ni.last_notif_code, 6);
	T_EQ_INT(ni.last_notif_subcode, 2);
	T_EQ_STR(ni.last_reset_reason, "BGP Notification received: "
	    "administrative shutdown (message: \"maintenance window\")");
	T_ASSERT(ni.last_reset != 0);
	T_EQ_INT(ni.af[0].accepted, 0);
	T_EQ_INT(ni.conn_dropped, 1);
	T_ASSERT(tp_log_has("%ROUTING-BGP-3-NOTIFICATION : received from "
	    "neighbor 127.0.0.2 6/2 (administrative shutdown) 19 bytes "
	    "\"maintenance window\""));
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 "
	    "Down - BGP Notification received, administrative shutdown "
	    "(VRF: default) (AS: 65002)"));
	(void)code; (void)sub;
	tp_finish(&t, c);
}

/* One bad OPEN on a fresh connection: the NOTIFICATION we get back. */
static int
bad_open(const char *nbr, uint32_t as, uint16_t hold, uint32_t id,
    const struct bgp_caps *caps, int version, uint8_t *code, uint8_t *sub)
{
	struct wbuf	 b = WBUF_INIT;
	struct bgp_caps	 c;
	struct tp	 t;
	int		 ok;

	if (tp_connect(&t, nbr) == -1)
		return 0;
	if (tp_recv(&t, TP_WAIT) != BGP_MSG_OPEN) {
		tp_close(&t);
		return 0;
	}
	if (caps == NULL) {
		tp_caps(&c, as);
		caps = &c;
	}
	bgp_open_encode(&b, as, hold, id, caps);
	if (version != 0)
		b.buf[BGP_HDR_LEN] = (uint8_t)version;
	tp_sendw(&t, &b);
	ok = tp_expect_notif(&t, code, sub);
	if (ok && *code == 2 && *sub == 1)	/* data: the version we speak */
		ok = t.msglen == 23 && t.msg[21] == 0 && t.msg[22] == 4;
	if (ok && *code == 2 && *sub == 2)	/* data: the AS it sent */
		ok = t.msglen == 23;
	T_ASSERT(tp_expect_eof(&t));
	tp_close(&t);
	return ok;
}

static void
test_bad_open(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_peer		*p;
	struct bgp_nbr_info	 ni;
	struct bgp_caps		 v6;
	uint8_t			 code = 0, sub = 0;

	p = tp_cfg_nbr(c, "127.0.0.4", 65001);		/* iBGP */
	tp_set_item(&p->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);

	T_ASSERT(bad_open(NBR, 65002, 90, 0x0a000002, NULL, 5, &code, &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 1);
	T_ASSERT(bad_open(NBR, 65099, 90, 0x0a000002, NULL, 0, &code, &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 2);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_STR(ni.last_reset_reason, "BGP Notification sent: peer in "
	    "wrong AS");
	T_EQ_INT(ni.last_notif_sent, 1);
	T_ASSERT(tp_log_has("%ROUTING-BGP-3-NOTIFICATION : sent to neighbor "
	    "127.0.0.2 2/2 (peer in wrong AS) 2 bytes FE4B"));
	T_ASSERT(bad_open(NBR, 65002, 90, 0, NULL, 0, &code, &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 3);
	T_ASSERT(bad_open(NBR, 65002, 2, 0x0a000002, NULL, 0, &code, &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 6);
	/* iBGP with our own identifier (RFC 6286) */
	T_ASSERT(bad_open("127.0.0.4", 65001, 90, 0x01010101, NULL, 0, &code,
	    &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 3);
	/* eBGP may share the identifier */
	{
		struct tp	 t;

		T_EQ_INT(tp_connect(&t, NBR), 0);
		tp_recv(&t, TP_WAIT);
		tp_send_open(&t, 65002, 90, 0x01010101, NULL);
		T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_KEEPALIVE);
		tp_close(&t);
		tp_pump(20);
	}
	/* no address family in common: 2/7 with our MP capability */
	tp_caps(&v6, 65002);
	v6.afs = BGP_AF_V6U;
	T_ASSERT(bad_open(NBR, 65002, 90, 0x0a000002, &v6, 0, &code, &sub));
	T_EQ_INT(code, 2);
	T_EQ_INT(sub, 7);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.state, BGP_ST_IDLE);
	T_EQ_INT(ni.idle_reason, BGP_IDLE_NOAF);
	tp_finish(NULL, c);
}

/* RFC 6608 subcodes for messages out of place; header errors. */
static void
test_unexpected(void)
{
	struct config	*c = tp_passive_cfg(65001, NBR, NULL);
	struct wbuf	 b = WBUF_INIT;
	struct tp	 t;
	uint8_t		 code = 0, sub = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);

	/* UPDATE in OpenSent */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_OPEN);
	tp_send_eor(&t);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 5);
	T_EQ_INT(sub, 1);
	tp_close(&t);

	/* UPDATE in OpenConfirm */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_OPEN);
	tp_send_open(&t, 65002, 90, 0x0a000002, NULL);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_KEEPALIVE);
	T_EQ_INT(tp_state(NBR), BGP_ST_OPENCONFIRM);
	tp_send_eor(&t);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 5);
	T_EQ_INT(sub, 2);
	tp_close(&t);

	/* OPEN in Established */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	tp_send_open(&t, 65002, 90, 0x0a000002, NULL);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 5);
	T_EQ_INT(sub, 3);
	tp_close(&t);

	/* a broken marker: 1/1 */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	bgp_keepalive_encode(&b);
	b.buf[3] = 0;
	tp_sendw(&t, &b);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 1);
	T_EQ_INT(sub, 1);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	tp_close(&t);
	tp_finish(NULL, c);
}

/* RFC 7606: treat-as-withdraw keeps the session, a bad NLRI resets it. */
static void
test_update_errors(void)
{
	static const uint8_t	 taw[] = {
		0, 0,			/* no withdrawn routes */
		0, 20,			/* attributes */
		0x40, 1, 1, 5,		/* ORIGIN 5: invalid */
		0x40, 2, 6, 2, 1, 0, 0, 0xfe, 0xea,	/* AS_PATH 65002 */
		0x40, 3, 4, 10, 0, 0, 2,	/* NEXT_HOP */
		16, 10, 1		/* 10.1.0.0/16 */
	};
	static const uint8_t	 bad[] = {
		0, 0, 0, 0,
		33, 10, 1, 2, 3, 4	/* prefix length 33 */
	};
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;
	const char		*one[] = { "10.1.0.0/16" };
	size_t			 off;
	uint8_t			 code = 0, sub = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));

	off = bgp_msg_begin(&b, BGP_MSG_UPDATE);
	wbuf_put(&b, taw, sizeof(taw));
	bgp_msg_end(&b, off);
	tp_sendw(&t, &b);
	T_ASSERT(tp_wait_accepted(NBR, 0));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.af[0].treat_as_withdraw, 1);
	T_EQ_INT(ni.state, BGP_ST_ESTABLISHED);
	T_ASSERT(tp_log_has("\"TreatAsWithdraw\""));

	off = bgp_msg_begin(&b, BGP_MSG_UPDATE);
	wbuf_put(&b, bad, sizeof(bad));
	bgp_msg_end(&b, off);
	tp_sendw(&t, &b);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, BGP_ERR_UPDATE);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.last_notif_code, BGP_ERR_UPDATE);
	tp_finish(&t, c);
}

static void
test_timers(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct peer		*p;
	struct tp		 t;
	double			 rem;
	uint8_t			 code = 0, sub = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);

	/* hold 9: keepalive every 3 s with jitter, hold expiry sends 4/0 */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 9, NULL, NULL));
	T_ASSERT((p = tp_peer(NBR)) != NULL);
	T_ASSERT(p->t_ka != NULL && p->t_hold != NULL);
	rem = p->t_ka != NULL ? loop_timer_remaining(p->t_ka) : 0;
	T_ASSERT(rem >= 0.75 * 3 - 0.1 && rem <= 3.0);
	rem = p->t_hold != NULL ? loop_timer_remaining(p->t_hold) : 0;
	T_ASSERT(rem > 8.5 && rem <= 9.0);
	while (tp_recv(&t, 10) > 0)	/* End-of-RIB */
		;
	tp_warp(3.01);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_KEEPALIVE);
	tp_warp(10);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 4);
	T_EQ_INT(sub, 0);
	T_ASSERT(tp_expect_eof(&t));
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_STR(ni.last_reset_reason, "BGP Notification sent: hold time "
	    "expired");
	T_ASSERT(tp_log_has("%ROUTING-BGP-3-NOTIFICATION : sent to neighbor "
	    "127.0.0.2 4/0 (hold time expired) 0 bytes"));
	T_ASSERT(tp_log_has("Down - BGP Notification sent, hold time "
	    "expired (VRF: default) (AS: 65002)"));
	tp_close(&t);

	/* the automatic restart comes after the back-off: 5 s, jittered */
	T_ASSERT(p->t_restart != NULL);
	rem = p->t_restart != NULL ? loop_timer_remaining(p->t_restart) : 0;
	T_ASSERT(rem >= 3.75 - 0.1 && rem <= 5.0);
	tp_warp(5.01);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);

	/* hold 0: no keepalives, no hold timer */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 0, NULL, NULL));
	T_ASSERT(p->t_ka == NULL && p->t_hold == NULL);
	while (tp_recv(&t, 10) > 0)
		;
	tp_warp(1000);
	T_EQ_INT(tp_recv(&t, 50), -1);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.hold_neg, 0);
	T_EQ_INT(ni.keepalive_neg, 0);
	tp_finish(&t, c);
}

/* Nobody listens on 127.0.0.3: 5, 10, 20, 40, 80, 120, 120 s. */
static void
test_backoff(void)
{
	static const double	 want[] = { 5, 10, 20, 40, 80, 120, 120 };
	struct config		*c = tp_cfg(65001);
	struct peer		*p;
	double			 rem, end;
	size_t			 i;

	tp_cfg_nbr(c, "127.0.0.3", 65003);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT((p = tp_peer("127.0.0.3")) != NULL);
	if (p == NULL)
		return;
	/* the first attempt: Connect with its connect timeout */
	T_ASSERT(p->state == BGP_ST_CONNECT || p->state == BGP_ST_ACTIVE);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		end = tp_real() + 2;
		while (tp_real() < end && p->state != BGP_ST_ACTIVE)
			loop_run_once(2);
		T_EQ_INT(p->state, BGP_ST_ACTIVE);
		T_ASSERT(p->t_cr != NULL);
		if (p->t_cr == NULL)
			break;
		rem = loop_timer_remaining(p->t_cr);
		if (rem < 0.75 * want[i] - 0.1 || rem > want[i]) {
			fprintf(stderr, "back-off %zu: %.2f, want %.0f\n", i,
			    rem, want[i]);
			t_failed++;
		} else
			t_passed++;
		loop_warp(rem + 0.01);
		loop_run_once(0);
	}
	tp_finish(NULL, c);
}

/*
 * RFC 4271 6.8: we connect out (the test accepts: conn A) and the peer
 * connects in (conn B).  The higher BGP identifier's connection wins.
 */
static void
collision(uint32_t peer_id, int ours_wins)
{
	struct config	*c = tp_cfg(65001);
	struct tp	 a, b;
	uint8_t		 code = 0, sub = 0;
	int		 lfd;

	tp_cfg_nbr(c, NBR, 65002);
	T_ASSERT((lfd = tp_listen(NBR)) != -1);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_accept(&a, lfd), 0);
	T_EQ_INT(tp_recv(&a, TP_WAIT), BGP_MSG_OPEN);
	T_EQ_INT(tp_state(NBR), BGP_ST_OPENSENT);
	T_EQ_INT(tp_connect(&b, NBR), 0);
	T_EQ_INT(tp_recv(&b, TP_WAIT), BGP_MSG_OPEN);
	tp_send_open(&b, 65002, 90, peer_id, NULL);
	if (ours_wins) {
		T_ASSERT(tp_expect_notif(&b, &code, &sub));
		T_EQ_INT(code, 6);
		T_EQ_INT(sub, 7);
		tp_send_open(&a, 65002, 90, peer_id, NULL);
		tp_send_ka(&a);
		T_EQ_INT(tp_recv(&a, TP_WAIT), BGP_MSG_KEEPALIVE);
	} else {
		T_ASSERT(tp_expect_notif(&a, &code, &sub));
		T_EQ_INT(code, 6);
		T_EQ_INT(sub, 7);
		T_EQ_INT(tp_recv(&b, TP_WAIT), BGP_MSG_KEEPALIVE);
		tp_send_ka(&b);
	}
	T_ASSERT(tp_wait_state(NBR, BGP_ST_ESTABLISHED));
	T_EQ_INT(tp_peer(NBR)->coll == NULL, 1);
	tp_close(&a);
	tp_close(&b);
	close(lfd);
	tp_finish(NULL, c);
}

static void
test_collision(void)
{
	collision(0x0a000002, 0);	/* 10.0.0.2 > 1.1.1.1: theirs */
	collision(0x00000009, 1);	/* 0.0.0.9 < 1.1.1.1: ours */
}

/* More messages than one read callback handles (CONN_BATCH), then a
 * NOTIFICATION right before the close: everything is seen, in order. */
static void
test_batch(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct bgp_nbr_info	 ni;
	struct xprefix		 pfx;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;
	uint32_t		 as = 65002;
	int			 i;

	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	bgp_attrs_set_aspath(a, &as, 1);
	addr_parse("10.0.0.2", &a->nexthop);
	for (i = 0; i < 300; i++) {
		memset(&pfx, 0, sizeof(pfx));
		pfx.addr.af = AF_V4;
		pfx.addr.a[0] = 10;
		pfx.addr.a[1] = (uint8_t)(i >> 8);
		pfx.addr.a[2] = (uint8_t)i;
		pfx.len = 24;
		bgp_update_encode_announce(&b, &ctx, a, &pfx, 1);
	}
	bgp_attrs_unref(a);
	tp_sendw(&t, &b);
	T_ASSERT(tp_wait_accepted(NBR, 300));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.inq, 0);
	T_EQ_INT(ni.rcvd[BGP_MI_UPDATE].count, 300);

	/* 100 more, a NOTIFICATION, and the close, in one go */
	for (i = 0; i < 100; i++)
		bgp_keepalive_encode(&b);
	bgp_notification_encode(&b, BGP_ERR_CEASE, BGP_CEASE_ADMIN_RESET,
	    NULL, 0);
	tp_send(&t, b.buf, b.len);
	wbuf_free(&b);
	tp_close(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.last_notif_code, BGP_ERR_CEASE);
	T_EQ_INT(ni.last_notif_subcode, BGP_CEASE_ADMIN_RESET);
	T_EQ_INT(ni.last_notif_sent, 0);
	T_EQ_INT(ni.rcvd[BGP_MI_KEEPALIVE].count, 101);
	tp_finish(NULL, c);
}

/* IPv6 unicast over ::1: MP_REACH in, End-of-RIB (MP_UNREACH) out. */
static void
test_ipv6(void)
{
	struct config		*c = tp_cfg(65001);
	struct bgp_peer		*p;
	struct bgp_nbr_info	 ni;
	struct bgp_open		 eo;
	struct bgp_caps		 caps;
	struct tp		 t;
	const char		*v6[] = { "2001:db8:1::/48", "2001:db8:2::/48" };
	const char		*v4[] = { "10.1.0.0/16" };

	p = tp_cfg_nbr(c, "::1", 65006);
	p->af[BGP_AFI_V4].present = 0;
	p->af[BGP_AFI_V6].present = 1;
	tp_set_item(&p->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	tp_caps(&caps, 65006);
	caps.afs = BGP_AF_V6U;
	T_EQ_INT(tp_connect(&t, "::1"), 0);
	T_ASSERT(tp_establish(&t, "::1", 65006, 90, &caps, &eo));
	T_EQ_INT(eo.caps.afs, BGP_AF_V6U);
	/* End-of-RIB for IPv6: an empty MP_UNREACH_NLRI */
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_UPDATE);
	T_EQ_INT(t.msglen, 29);
	tp_send_announce(&t, 65006, v6, 2);
	T_ASSERT(tp_wait_accepted("::1", 0));
	tp_pump(20);
	T_EQ_INT(tp_nbr("::1", &ni), 0);
	T_EQ_INT(ni.af[1].accepted, 2);
	T_EQ_INT(ni.af[0].configured, 0);
	T_EQ_INT(ni.af[1].configured, 1);
	/* IPv4 was not negotiated: ignored */
	tp_send_announce(&t, 65006, v4, 1);
	tp_pump(20);
	T_EQ_INT(tp_nbr("::1", &ni), 0);
	T_EQ_INT(ni.af[0].accepted, 0);
	T_EQ_INT(ni.af[1].accepted, 2);
	tp_finish(&t, c);
}

/* update-source: the interface's address, or a logged failure. */
static void
test_update_source(void)
{
	struct config		*c = tp_cfg(65001);
	struct bgp_peer		*p;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	struct tp		 t;
	char			 buf[INET_ADDRSTRLEN];
	int			 lfd;

	p = tp_cfg_nbr(c, NBR, 65002);
	p->s[BS_UPDATE_SOURCE].set = 1;
	bgp_item_set_str(&p->s[BS_UPDATE_SOURCE], "Loopback0");
	p = tp_cfg_nbr(c, "127.0.0.3", 65003);
	p->s[BS_UPDATE_SOURCE].set = 1;
	bgp_item_set_str(&p->s[BS_UPDATE_SOURCE], "GigabitEthernet0/0/0/99");
	T_ASSERT((lfd = tp_listen(NBR)) != -1);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_accept(&t, lfd), 0);
	getpeername(t.fd, (struct sockaddr *)&sin, &len);
	inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof(buf));
	T_EQ_STR(buf, "127.0.0.1");
	T_ASSERT(tp_log_has("%ROUTING-BGP-4-CONNECT : neighbor 127.0.0.3"));
	T_EQ_INT(tp_state("127.0.0.3"), BGP_ST_ACTIVE);
	close(lfd);
	tp_finish(&t, c);
}

static void
test_refused(void)
{
	struct config	*c = tp_passive_cfg(65001, NBR, NULL);
	struct tp	 t;

	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, "127.0.0.9"), 0);
	T_ASSERT(tp_expect_eof(&t));
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-CONNREFUSED : connection from "
	    "127.0.0.9 refused: not a configured neighbor"));
	tp_finish(&t, c);
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(0);
	log_set_sink(tp_log_sink, NULL);
	test_establish();
	test_bad_open();
	test_unexpected();
	test_update_errors();
	test_timers();
	test_backoff();
	test_collision();
	test_batch();
	test_ipv6();
	test_update_source();
	test_refused();
	return T_DONE();
}
