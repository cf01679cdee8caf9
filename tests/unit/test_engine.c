/*
 * test_engine: the facade of core/bgp/engine.h against a scripted peer
 * (bgp_tpeer.h): offline mode, applying configuration changes (start,
 * reset, shutdown with a message, removal, soft changes), clear bgp, the
 * graceful restart helper, maximum-prefix (and discard-extra-paths),
 * hooks and stop, ADJCHANGE logging (disable, detail, per neighbor),
 * bgp update-delay, dmz-link-bandwidth.
 */
#include <sys/stat.h>

#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/linkbw.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"

#define NBR	"127.0.0.2"

static int
count_nbr(const struct bgp_nbr_info *ni, void *arg)
{
	int	*n = arg;

	if (ni->state == BGP_ST_IDLE)
		n[0]++;
	n[1]++;
	return 0;
}

static void
test_offline(void)
{
	struct strbuf		 rep = STRBUF_INIT;
	struct config		*c = tp_cfg(65001);
	struct bgp_engine_info	 ei;
	struct bgp_nbr_info	 ni;
	struct bgp_peer		*p;
	struct tp		 t;
	int			 n[2] = { 0, 0 };

	tp_cfg_nbr(c, NBR, 65002);
	p = tp_cfg_nbr(c, "127.0.0.3", 65003);
	p->s[BS_DESCRIPTION].set = 1;
	bgp_item_set_str(&p->s[BS_DESCRIPTION], "to R3");
	tp_engine_start(1);
	T_ASSERT(bgp_engine_offline());
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "");
	sb_free(&rep);
	bgp_engine_info(&ei);
	T_EQ_INT(ei.configured, 1);
	T_EQ_INT(ei.local_as, 65001);
	T_EQ_INT(ei.router_id, 0x01010101);
	T_EQ_INT(ei.npeers, 2);
	T_EQ_INT(ei.nestablished, 0);
	bgp_engine_foreach_nbr(count_nbr, n);
	T_EQ_INT(n[0], 2);
	T_EQ_INT(n[1], 2);
	T_EQ_INT(tp_nbr("127.0.0.3", &ni), 0);
	T_EQ_STR(ni.description, "to R3");
	T_EQ_INT(ni.remote_as, 65003);
	T_EQ_INT(ni.local_as, 65001);
	T_EQ_INT(ni.hold_cfg, 180);
	T_EQ_INT(ni.keepalive_cfg, 60);
	T_EQ_INT(ni.af[0].configured, 1);
	T_EQ_STR(ni.last_reset_reason, "BGP neighbor initialized");
	T_EQ_INT(tp_nbr("127.0.0.9", &ni), -1);
	/* no listener */
	T_EQ_INT(tp_connect(&t, NBR), -1);
	tp_pump(20);
	T_EQ_INT(tp_state(NBR), BGP_ST_IDLE);
	tp_finish(NULL, c);
}

/* Establishes 127.0.0.2 on a fresh connection, reading past the EoR. */
static int
up(struct tp *t)
{
	if (tp_connect(t, NBR) == -1 || !tp_establish(t, NBR, 65002, 90,
	    NULL, NULL))
		return 0;
	while (tp_recv(t, 20) > 0)
		;
	return 1;
}

static void
test_apply(void)
{
	struct strbuf		 rep = STRBUF_INIT;
	struct bgp_peer		*p;
	struct config		*c = tp_passive_cfg(65001, NBR, &p);
	struct bgp_nbr_info	 ni;
	struct tp		 t;
	uint8_t			 code = 0, sub = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));

	/* a description is no reason to reset */
	p->s[BS_DESCRIPTION].set = 1;
	bgp_item_set_str(&p->s[BS_DESCRIPTION], "peer two");
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "");
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);

	/* timers: Cease 6/6, reset */
	tp_set_item(&p->s[BS_TIMERS], 10, 30, 0);
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: reset (timers changed)\n");
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 6);
	T_ASSERT(tp_log_has("Down - Other configuration change"));
	tp_close(&t);
	tp_pump(20);
	T_ASSERT(up(&t));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.hold_cfg, 30);
	T_EQ_INT(ni.hold_neg, 30);
	T_EQ_INT(ni.keepalive_neg, 10);

	/* shutdown with a message (RFC 9003) */
	p->s[BS_SHUTDOWN].set = 1;
	bgp_item_set_str(&p->s[BS_SHUTDOWN], "going away");
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: shut down\n");
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 2);
	T_EQ_INT(t.msg[21], 10);		/* the message's length */
	T_ASSERT(memcmp(t.msg + 22, "going away", 10) == 0);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.state, BGP_ST_IDLE);
	T_EQ_INT(ni.idle_reason, BGP_IDLE_ADMIN);
	T_EQ_STR(ni.last_reset_reason, "Admin. shutdown");
	T_EQ_STR(ni.shutdown_msg, "going away");
	T_ASSERT(tp_log_has("Down - Admin. shutdown (VRF: default)"));
	tp_close(&t);
	/* shut down: connections are refused */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_expect_eof(&t));
	tp_close(&t);

	/* no shutdown */
	bgp_item_clear(&p->s[BS_SHUTDOWN]);
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: started\n");
	T_ASSERT(up(&t));

	/* remote-as changed */
	p->s[BS_REMOTE_AS].n[0] = 65012;
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: reset (remote-as "
	    "changed)\n");
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(sub, 6);
	tp_close(&t);
	p->s[BS_REMOTE_AS].n[0] = 65002;
	tp_apply(c, NULL);
	tp_pump(20);
	T_ASSERT(up(&t));

	/* removed: 6/3 */
	bgp_peer_del(c->bgp, p);
	sb_reset(&rep);
	tp_apply(c, &rep);
	T_EQ_STR(sb_str(&rep), "Neighbor 127.0.0.2: removed\n");
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 3);
	T_EQ_INT(tp_nbr(NBR, &ni), -1);
	T_ASSERT(tp_log_has("Down - Peer De-configured"));
	tp_close(&t);
	sb_free(&rep);
	tp_finish(NULL, c);
}

/* Removing `router bgp` closes everything, listeners included. */
static void
test_unconfigure(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct config		*none = config_new();
	struct bgp_engine_info	 ei;
	struct tp		 t;
	uint8_t			 code = 0, sub = 0;

	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_apply(none, NULL);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(sub, 3);
	tp_close(&t);
	bgp_engine_info(&ei);
	T_EQ_INT(ei.configured, 0);
	T_EQ_INT(ei.npeers, 0);
	T_ASSERT(!bgp_engine_running());
	T_EQ_INT(tp_connect(&t, NBR), -1);
	config_free(none);
	tp_finish(NULL, c);
}

static void
test_clear(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct bgp_caps		 norr;
	struct xaddr		 a, x;
	struct tp		 t;
	char			 err[128];
	uint8_t			 code = 0, sub = 0;

	addr_parse(NBR, &a);
	addr_parse("127.0.0.99", &x);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(bgp_engine_clear(&x, BGP_CLEAR_HARD, err, sizeof(err)), -1);
	T_EQ_STR(err, "% No such neighbor");
	T_ASSERT(up(&t));

	/* soft in: ROUTE-REFRESH; soft out: the table again */
	T_EQ_INT(bgp_engine_clear(&a, BGP_CLEAR_SOFT_IN, err, sizeof(err)), 1);
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t.msg[21], BGP_RR_NORMAL);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.af[0].rr_sent, 1);
	T_EQ_INT(bgp_engine_clear(NULL, BGP_CLEAR_SOFT_OUT, err, sizeof(err)),
	    1);
	/* enhanced route refresh: BoRR, our (empty) table, EoRR */
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t.msg[21], BGP_RR_BORR);
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_ROUTE_REFRESH);
	T_EQ_INT(t.msg[21], BGP_RR_EORR);

	/* hard: 6/4, then we come back */
	T_EQ_INT(bgp_engine_clear(&a, BGP_CLEAR_HARD, err, sizeof(err)), 1);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 4);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_STR(ni.last_reset_reason, "User clear requested (CEASE "
	    "notification sent - administrative reset)");
	T_ASSERT(tp_log_has("Down - User clear requested (VRF: default)"));
	tp_close(&t);
	tp_warp(1.1);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);

	/* a peer without route refresh */
	tp_caps(&norr, 65002);
	norr.route_refresh = 0;
	norr.enhanced_rr = 0;
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &norr, NULL));
	T_EQ_INT(bgp_engine_clear(&a, BGP_CLEAR_SOFT_IN, err, sizeof(err)),
	    -1);
	T_EQ_STR(err, "% Neighbor does not support route refresh");
	tp_finish(&t, c);
}

/* RFC 4724 helper: a GR peer's routes outlive its TCP session. */
static void
test_graceful_restart(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_nbr_info	 ni;
	struct bgp_open		 eo;
	struct bgp_caps		 gr;
	struct tp		 t;
	const char		*two[] = { "10.1.0.0/16", "10.2.0.0/16" };

	c->bgp->g[BG_GR].set = 1;
	tp_set_item(&c->bgp->g[BG_GR_RESTART_TIME], 90, 0, 0);
	tp_caps(&gr, 65002);
	gr.gr = 1;
	gr.gr_time = 60;
	gr.gr_afs = gr.gr_afs_fwd = BGP_AF_V4U;
	tp_engine_start(0);
	tp_apply(c, NULL);

	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &gr, &eo));
	T_ASSERT(eo.caps.gr);
	T_EQ_INT(eo.caps.gr_time, 90);
	T_EQ_INT(eo.caps.gr_afs, 0);		/* helper only */
	tp_send_announce(&t, 65002, two, 2);
	T_ASSERT(tp_wait_accepted(NBR, 2));

	/* the peer dies without a NOTIFICATION: routes stay, stale */
	tp_reset(&t);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE) ||
	    tp_state(NBR) == BGP_ST_ACTIVE);
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(rib_in_stale_count(tp_peer(NBR), 0), 2);

	/* it comes back, re-sends one route and End-of-RIB */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &gr, NULL));
	T_EQ_INT(tp_accepted(NBR), 2);
	tp_send_announce(&t, 65002, two, 1);
	tp_send_eor(&t);
	T_ASSERT(tp_wait_accepted(NBR, 1));

	/* again, but it stays away longer than its restart time */
	tp_send_announce(&t, 65002, two, 2);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_reset(&t);
	tp_pump(20);
	T_EQ_INT(tp_accepted(NBR), 2);
	tp_warp(61);
	T_EQ_INT(tp_accepted(NBR), 0);

	/* a NOTIFICATION ends it for good: no stale routes */
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &gr, NULL));
	tp_send_announce(&t, 65002, two, 2);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	{
		struct wbuf	 b = WBUF_INIT;

		bgp_notification_encode(&b, 6, 4, NULL, 0);
		tp_sendw(&t, &b);
	}
	T_ASSERT(tp_wait_accepted(NBR, 0));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.cap_rcvd.gr, 1);
	T_EQ_INT(ni.cap_rcvd.gr_time, 60);
	tp_finish(&t, c);
}

/* A GR peer reconnecting while we still think it is up (RFC 4724 4.2). */
static void
test_gr_reconnect(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_caps		 gr;
	struct tp		 t, t2;
	const char		*two[] = { "10.1.0.0/16", "10.2.0.0/16" };

	c->bgp->g[BG_GR].set = 1;
	tp_caps(&gr, 65002);
	gr.gr = 1;
	gr.gr_time = 60;
	gr.gr_afs = gr.gr_afs_fwd = BGP_AF_V4U;
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_ASSERT(tp_establish(&t, NBR, 65002, 90, &gr, NULL));
	tp_send_announce(&t, 65002, two, 2);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	T_EQ_INT(tp_connect(&t2, NBR), 0);
	T_ASSERT(tp_establish(&t2, NBR, 65002, 90, &gr, NULL));
	T_ASSERT(tp_expect_eof(&t));		/* the old one is gone */
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(rib_in_stale_count(tp_peer(NBR), 0), 2);
	tp_send_eor(&t2);
	T_ASSERT(tp_wait_accepted(NBR, 0));
	tp_close(&t);
	tp_finish(&t2, c);
}

/* dual-as: refused with 2/2 under local-as, try the real AS next. */
static void
test_dual_as(void)
{
	struct bgp_peer		*p;
	struct config		*c = tp_passive_cfg(65001, NBR, &p);
	struct bgp_open		 o;
	struct bgp_err		 err;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;

	tp_set_item(&p->s[BS_LOCAL_AS], 65100, 0, BGP_OPT_DUAL_AS);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_OPEN);
	bgp_open_decode(t.msg + BGP_HDR_LEN, t.msglen - BGP_HDR_LEN, &o,
	    &err);
	T_EQ_INT(bgp_open_peer_as(&o), 65100);
	bgp_notification_encode(&b, BGP_ERR_OPEN, BGP_ERR_OPEN_AS, NULL, 0);
	tp_sendw(&t, &b);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	tp_close(&t);
	T_EQ_INT(tp_connect(&t, NBR), 0);
	T_EQ_INT(tp_recv(&t, TP_WAIT), BGP_MSG_OPEN);
	bgp_open_decode(t.msg + BGP_HDR_LEN, t.msglen - BGP_HDR_LEN, &o,
	    &err);
	T_EQ_INT(bgp_open_peer_as(&o), 65001);
	tp_finish(&t, c);
}

static void
test_maxpfx(void)
{
	struct bgp_peer		*p;
	struct config		*c = tp_passive_cfg(65001, NBR, &p);
	struct bgp_nbr_info	 ni;
	struct tp		 t;
	const char		*three[] = { "10.1.0.0/16", "10.2.0.0/16",
				    "10.3.0.0/16" };
	struct xprefix		 x;
	uint8_t			 code = 0, sub = 0;

	tp_set_item(&p->af[BGP_AFI_V4].it[BA_MAXPFX], 2, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, three, 3);
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 1);
	T_ASSERT(tp_wait_state(NBR, BGP_ST_IDLE));
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.idle_reason, BGP_IDLE_PFXCT);
	T_EQ_INT(ni.af[0].accepted, 0);
	T_EQ_INT(ni.af[0].maxpfx, 2);
	tp_close(&t);
	/* no restart configured: stays down until cleared */
	tp_warp(300);
	T_EQ_INT(tp_state(NBR), BGP_ST_IDLE);
	T_EQ_INT(bgp_engine_clear(NULL, BGP_CLEAR_HARD, NULL, 0), 1);
	tp_warp(1.1);
	T_EQ_INT(tp_state(NBR), BGP_ST_ACTIVE);
	tp_finish(NULL, c);

	/* discard-extra-paths: the third prefix is dropped, the session
	   stays up, a new path for a prefix it has is still taken */
	c = tp_passive_cfg(65001, NBR, &p);
	tp_set_item(&p->af[BGP_AFI_V4].it[BA_MAXPFX], 2, 0,
	    BGP_OPT_DISCARD_EXTRA);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, three, 3);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_send_announce(&t, 65002, three, 2);	/* again: replaced, kept */
	tp_send_eor(&t);
	tp_pump(20);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.state, BGP_ST_ESTABLISHED);
	T_EQ_INT(ni.af[0].accepted, 2);
	T_ASSERT(ni.af[0].maxpfx_discard);
	T_ASSERT(prefix_parse("10.3.0.0/16", &x, 0) == 0);
	T_ASSERT(locrib_lookup(bgp_rib.loc[0], &x) == NULL);
	T_ASSERT(prefix_parse("10.2.0.0/16", &x, 0) == 0);
	T_ASSERT(locrib_lookup(bgp_rib.loc[0], &x) != NULL);
	T_ASSERT(tp_log_has("extra paths discarded"));
	tp_finish(&t, c);
}

static int	 hook_counts[BGP_HOOK_COUNT];
static int	 hook_last_state;

static void
hook_fn(const struct bgp_hook_event *ev, void *arg)
{
	(void)arg;
	hook_counts[ev->kind]++;
	if (ev->kind == BGP_HOOK_STATE)
		hook_last_state = ev->b;
	if (ev->kind == BGP_HOOK_OPEN_RCVD && ev->msg[18] != BGP_MSG_OPEN)
		hook_counts[ev->kind] += 1000;
}

static void
test_hooks_and_stop(void)
{
	struct config	*c = tp_passive_cfg(65001, NBR, NULL);
	struct tp	 t;
	const char	*one[] = { "10.1.0.0/16" };
	int		 h[BGP_HOOK_COUNT], i;
	uint8_t		 code = 0, sub = 0;

	for (i = 0; i < BGP_HOOK_COUNT; i++)
		T_ASSERT((h[i] = bgp_hook_add((enum bgp_hook_kind)i, hook_fn,
		    NULL)) > 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	T_EQ_INT(hook_last_state, BGP_ST_ESTABLISHED);
	/* Idle -> Active -> OpenSent -> OpenConfirm -> Established */
	T_EQ_INT(hook_counts[BGP_HOOK_STATE], 4);
	T_EQ_INT(hook_counts[BGP_HOOK_OPEN_RCVD], 1);
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_EQ_INT(hook_counts[BGP_HOOK_UPDATE_RCVD], 1);

	/* stop: Cease/Administrative Shutdown to everyone */
	bgp_engine_stop();
	T_ASSERT(tp_expect_notif(&t, &code, &sub));
	T_EQ_INT(code, 6);
	T_EQ_INT(sub, 2);
	T_EQ_INT(hook_counts[BGP_HOOK_NOTIF_SENT], 1);
	T_ASSERT(!bgp_engine_running());
	for (i = 0; i < BGP_HOOK_COUNT; i++)
		bgp_hook_del(h[i]);
	tp_close(&t);
	config_free(c);
	tp_log_clear();
}

/* `bgp log neighbor changes disable` silences ADJCHANGE only. */
static void
test_log_disable(void)
{
	struct config	*c = tp_passive_cfg(65001, NBR, NULL);
	struct tp	 t;

	c->bgp->g[BG_LOG_NBR].set = 1;
	c->bgp->g[BG_LOG_NBR].opt = BGP_OPT_DISABLE;
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	T_ASSERT(!tp_log_has("ADJCHANGE"));
	tp_finish(&t, c);
}

/* `log neighbor changes`: detail adds the transitions and the reason;
 * a neighbor's setting overrides the global one. */
static void
test_log_detail(void)
{
	struct bgp_peer	*p;
	struct config	*c = tp_passive_cfg(65001, NBR, &p);
	struct tp	 t;

	tp_set_item(&c->bgp->g[BG_LOG_NBR], 0, 0, BGP_OPT_DETAIL);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 Up "
	    "(VRF: default) (AS: 65002)"));
	T_ASSERT(tp_log_has("%ROUTING-BGP-5-ADJCHANGE_DETAIL : neighbor "
	    "127.0.0.2 state changed from OpenConfirm to Established"));
	tp_close(&t);
	(void)tp_wait_state(NBR, BGP_ST_ACTIVE);	/* pumps the loop */
	T_ASSERT(tp_log_has("neighbor 127.0.0.2 Down - Peer closing down the "
	    "session (VRF: default) (AS: 65002) (Reason: Peer closing down "
	    "the session)"));
	tp_finish(NULL, c);

	/* global disable, the neighbor's detail wins */
	c = tp_passive_cfg(65001, NBR, &p);
	tp_set_item(&c->bgp->g[BG_LOG_NBR], 0, 0, BGP_OPT_DISABLE);
	tp_set_item(&p->s[BS_LOG_NBR], 0, 0, BGP_OPT_DETAIL);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	T_ASSERT(tp_log_has("ADJCHANGE_DETAIL"));
	tp_finish(&t, c);

	/* global on, the neighbor's disable wins */
	c = tp_passive_cfg(65001, NBR, &p);
	tp_set_item(&p->s[BS_LOG_NBR], 0, 0, BGP_OPT_DISABLE);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	T_ASSERT(!tp_log_has("ADJCHANGE"));
	tp_finish(&t, c);
}

/* Establishes NBR without reading what the engine sends after it. */
static int
up_quiet(struct tp *t)
{
	return tp_connect(t, NBR) != -1 && tp_establish(t, NBR, 65002, 90,
	    NULL, NULL);
}

/*
 * `bgp update-delay`: after router bgp is applied, nothing is advertised
 * (not even End-of-RIB) until every neighbor that can come up sent its
 * End-of-RIB, or the delay passed.  Without the knob nothing waits.
 */
static void
test_update_delay(void)
{
	struct config		*c = tp_passive_cfg(65001, NBR, NULL);
	struct bgp_engine_info	 ei;
	struct tp		 t;

	tp_set_item(&c->bgp->g[BG_UPDATE_DELAY], 60, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	bgp_engine_info(&ei);
	T_EQ_INT(ei.update_delay, 60);
	T_ASSERT(ei.update_delay_active);
	T_ASSERT(up_quiet(&t));
	/* held: the neighbor is in no update group */
	T_ASSERT(tp_peer(NBR)->upd_member[0] == NULL);
	tp_send_eor(&t);
	/* its End-of-RIB ends the wait: ours follows */
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_UPDATE);
	T_EQ_INT(t.msglen, 23);
	bgp_engine_info(&ei);
	T_ASSERT(!ei.update_delay_active);
	T_ASSERT(tp_log_has("Update delay ended: all neighbors sent "
	    "End-of-RIB"));
	tp_finish(&t, c);

	/* a neighbor that never sends End-of-RIB: the timer ends it */
	c = tp_passive_cfg(65001, NBR, NULL);
	tp_set_item(&c->bgp->g[BG_UPDATE_DELAY], 60, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up_quiet(&t));
	T_ASSERT(tp_peer(NBR)->upd_member[0] == NULL);
	tp_warp(30);
	bgp_engine_info(&ei);
	T_ASSERT(ei.update_delay_active);
	tp_warp(31);
	bgp_engine_info(&ei);
	T_ASSERT(!ei.update_delay_active);
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_UPDATE);
	T_EQ_INT(t.msglen, 23);
	T_ASSERT(tp_log_has("Update delay ended: timer expired"));
	tp_finish(&t, c);

	/* without the knob: no wait (the behaviour before it existed) */
	c = tp_passive_cfg(65001, NBR, NULL);
	tp_engine_start(0);
	tp_apply(c, NULL);
	bgp_engine_info(&ei);
	T_EQ_INT(ei.update_delay, 0);
	T_ASSERT(!ei.update_delay_active);
	T_ASSERT(up_quiet(&t));
	T_EQ_INT(tp_recv_nka(&t, TP_WAIT), BGP_MSG_UPDATE);
	T_EQ_INT(t.msglen, 23);
	tp_finish(&t, c);
}

/*
 * dmz-link-bandwidth: paths from the eBGP neighbor carry our link's
 * bandwidth (the interface of 127.0.0.1 is lo; its speed comes from a
 * stand-in sysfs tree), replacing one they came with.
 */
static void
test_dmz_link_bw(void)
{
	struct bgp_peer			*p;
	struct config			*c = tp_passive_cfg(65001, NBR, &p);
	struct bgp_nbr_info		 ni;
	struct tp			 t;
	struct xprefix			 x;
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;
	const char			*one[] = { "10.1.0.0/16" };
	char				 root[] = "/tmp/tengine.XXXXXX", path[128];
	static const uint8_t		 want[8] = { 0x40, 0x04, 0xfd, 0xe9,
					    0x4e, 0x95, 0x02, 0xf9 };
	FILE				*f;

	T_ASSERT(mkdtemp(root) != NULL);
	snprintf(path, sizeof(path), "%s/lo", root);
	T_ASSERT(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/lo/speed", root);
	T_ASSERT((f = fopen(path, "w")) != NULL);
	fputs("10000\n", f);
	fclose(f);
	linkbw_set_root(root);

	tp_set_item(&p->s[BS_DMZ_LINK_BW], 0, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT(prefix_parse("10.1.0.0/16", &x, 0) == 0);
	T_ASSERT((e = locrib_lookup(bgp_rib.loc[0], &x)) != NULL);
	T_ASSERT((lp = locrib_entry_path(e, 0)) != NULL);
	T_EQ_INT(lp->attrs->next_communities, 1);
	T_ASSERT(memcmp(lp->attrs->ext_communities, want, 8) == 0);
	T_EQ_INT(tp_nbr(NBR, &ni), 0);
	T_EQ_INT(ni.link_bw_mbps, 10000);
	T_EQ_STR(ni.link_bw_if, "lo");
	tp_finish(&t, c);

	/* no speed known: nothing added, said once */
	unlink(path);
	c = tp_passive_cfg(65001, NBR, &p);
	tp_set_item(&p->s[BS_DMZ_LINK_BW], 0, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT((e = locrib_lookup(bgp_rib.loc[0], &x)) != NULL);
	T_ASSERT((lp = locrib_entry_path(e, 0)) != NULL);
	T_EQ_INT(lp->attrs->next_communities, 0);
	T_ASSERT(tp_log_has("interface lo has no known speed"));
	tp_finish(&t, c);
	linkbw_set_root(NULL);
	snprintf(path, sizeof(path), "%s/lo", root);
	rmdir(path);
	rmdir(root);
}

/* graceful-shutdown: what the neighbor sends us gets GRACEFUL_SHUTDOWN
 * and LOCAL_PREF 0 here (after the inbound policy); without it, not. */
static void
test_gshut_inbound(void)
{
	struct bgp_peer			*p;
	struct config			*c = tp_passive_cfg(65001, NBR, &p);
	struct tp			 t;
	struct xprefix			 x;
	const struct locrib_entry	*e;
	const struct bgp_attrs		*a;
	const char			*one[] = { "10.1.0.0/16" };

	tp_set_item(&p->s[BS_GSHUT], 0, 0, 0);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT(prefix_parse("10.1.0.0/16", &x, 0) == 0);
	T_ASSERT((e = locrib_lookup(bgp_rib.loc[0], &x)) != NULL);
	a = locrib_entry_path(e, 0)->attrs;
	T_ASSERT(a->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF));
	T_EQ_INT(a->local_pref, 0);
	T_EQ_INT(a->ncommunities, 1);
	T_EQ_INT(a->communities[0], 0xffff0000u);
	tp_finish(&t, c);

	c = tp_passive_cfg(65001, NBR, &p);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	tp_send_announce(&t, 65002, one, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT((e = locrib_lookup(bgp_rib.loc[0], &x)) != NULL);
	a = locrib_entry_path(e, 0)->attrs;
	T_ASSERT(!(a->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)));
	T_EQ_INT(a->ncommunities, 0);
	tp_finish(&t, c);
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(1);
	log_set_sink(tp_log_sink, NULL);
	test_offline();
	test_apply();
	test_unconfigure();
	test_clear();
	test_graceful_restart();
	test_gr_reconnect();
	test_dual_as();
	test_maxpfx();
	test_hooks_and_stop();
	test_log_disable();
	test_log_detail();
	test_update_delay();
	test_dmz_link_bw();
	test_gshut_inbound();
	return T_DONE();
}
