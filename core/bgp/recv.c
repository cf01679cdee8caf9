/*
 * recv: what an Established session does with UPDATE and ROUTE-REFRESH,
 * the End-of-RIB markers, maximum-prefix, and the graceful restart helper
 * (RFC 4724: we are only ever the receiving speaker).
 *
 * Every route enters and leaves the Adj-RIB-In through rib_announce() and
 * rib_withdraw(): that is where import policy and the decision process
 * will hook in.  Nothing is advertised yet, so our Adj-RIB-Out is empty:
 * a refresh or `clear ... soft out` sends only End-of-RIB.
 *
 * Graceful restart: when a GR peer's session drops without a NOTIFICATION
 * (or its hold timer expires), its routes of the AFs it listed stay,
 * marked stale, for its restart time.  When it comes back, AFs it no
 * longer lists with the F bit are flushed at once; the others wait for
 * its End-of-RIB (or the stale-path time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/converge.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define TAW_LOG_INTERVAL	30.0	/* seconds between treat-as-withdraw logs */

static const char *
af_label(int afi)
{
	return afi == 0 ? "IPv4 Unicast" : "IPv6 Unicast";
}

static void
send_msg(struct peer *p, struct wbuf *b)
{
	if (!b->oom && b->len > 0)
		conn_send(p->conn, b->buf, b->len);
	wbuf_free(b);
}

/* ---- Adj-RIB-In entry points (rib_in.c) ---- */

static void
rib_sweep(struct peer *p, int afi, const char *why)
{
	size_t	 n;

	if ((n = rib_in_sweep_stale(p, afi)) > 0)
		log_debug("bgp %s: %zu stale %s routes removed (%s)", p->name,
		    n, af_label(afi), why);
}

void
recv_drop_routes(struct peer *p)
{
	int	 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		rib_in_drop(p, afi);
		p->afc[afi].gr_stale = 0;
		p->afc[afi].rr_stale = 0;
	}
	loop_timer_cancel(p->t_gr);
	p->t_gr = NULL;
	p->gr_phase = 0;
}

/* ---- maximum-prefix ---- */

static void
pfx_restart_fire(void *arg)
{
	struct peer	*p = arg;

	p->t_pfx = NULL;
	if (p->idle_reason == BGP_IDLE_PFXCT)
		p->idle_reason = BGP_IDLE_NONE;
	session_start(p);
}

/* Returns -1 when the session was torn down. */
static int
maxpfx_check(struct peer *p, int afi)
{
	struct bgp_err	 err;
	struct sess_ev	 e;
	uint32_t	 max = p->conf.af[afi].maxpfx;
	size_t		 n = rib_in_accepted(p, afi);

	if (max == 0)
		return 0;
	if (n * 100 >= (size_t)max * p->conf.af[afi].maxpfx_threshold &&
	    p->afc[afi].maxpfx_warned == 0 && n <= max) {
		p->afc[afi].maxpfx_warned = 1;
		log_warnx("%%ROUTING-BGP-5-MAXPFX : No. of %s prefixes "
		    "received from %s has reached %zu, max %u", af_label(afi),
		    p->name, n, max);
	}
	if (n <= max)
		return 0;
	if (p->conf.af[afi].maxpfx_warning_only) {
		if (p->afc[afi].maxpfx_warned < 2) {
			p->afc[afi].maxpfx_warned = 2;
			log_warnx("%%ROUTING-BGP-4-MAXPFXEXCEED : No. of %s "
			    "prefixes received from %s: %zu exceed limit %u",
			    af_label(afi), p->name, n, max);
		}
		return 0;
	}
	log_warnx("%%ROUTING-BGP-4-MAXPFXEXCEED : No. of %s prefixes "
	    "received from %s: %zu exceed limit %u", af_label(afi), p->name,
	    n, max);
	/* RFC 4486 4: AFI, SAFI, the limit */
	memset(&err, 0, sizeof(err));
	err.code = BGP_ERR_CEASE;
	err.subcode = BGP_CEASE_MAX_PREFIX;
	err.data[0] = 0;
	err.data[1] = afi == 0 ? BGP_AFI_IPV4 : BGP_AFI_IPV6;
	err.data[2] = BGP_SAFI_UNICAST;
	err.data[3] = (uint8_t)(max >> 24);
	err.data[4] = (uint8_t)(max >> 16);
	err.data[5] = (uint8_t)(max >> 8);
	err.data[6] = (uint8_t)max;
	err.datalen = 7;
	p->idle_reason = BGP_IDLE_PFXCT;
	memset(&e, 0, sizeof(e));
	e.err = &err;
	session_event(p, FSM_EV_UPDATE_ERR, &e);
	p->idle_reason = BGP_IDLE_PFXCT;
	recv_drop_routes(p);
	if (p->conf.af[afi].maxpfx_restart > 0) {
		loop_timer_cancel(p->t_pfx);
		p->t_pfx = loop_timer_add(60.0 * p->conf.af[afi].maxpfx_restart,
		    pfx_restart_fire, p);
	}
	return -1;
}

/* ---- UPDATE ---- */

static void
taw_log(struct peer *p, size_t len, const struct bgp_err *err)
{
	double	 now = loop_now();

	if (p->last_taw_log != 0 && now - p->last_taw_log < TAW_LOG_INTERVAL) {
		p->taw_suppressed++;
		return;
	}
	log_warnx("%%ROUTING-BGP-3-MALFORM_UPDATE : Malformed UPDATE message "
	    "received from neighbor %s (VRF: default) - message length %zu "
	    "bytes, error %u/%u, action taken \"TreatAsWithdraw\". Error "
	    "details: \"%s\"%s", p->name, len, err->code, err->subcode,
	    err->text, p->taw_suppressed ? " (earlier ones suppressed)" : "");
	p->last_taw_log = now;
	p->taw_suppressed = 0;
}

/* Turns an accepted UPDATE into treat-as-withdraw of all it carries. */
static int
withdraw_all(struct bgp_update *up)
{
	struct xprefix	*nw;

	nw = reallocarray(up->withdrawn, up->nwithdrawn + up->nnlri,
	    sizeof(*nw));
	if (nw == NULL)
		return -1;
	memcpy(nw + up->nwithdrawn, up->nlri, up->nnlri * sizeof(*nw));
	up->withdrawn = nw;
	up->nwithdrawn += up->nnlri;
	free(up->nlri);
	up->nlri = NULL;
	up->nnlri = 0;
	bgp_attrs_unref(up->attrs);
	up->attrs = NULL;
	up->action = BGP_UPD_WITHDRAW;
	memset(&up->err, 0, sizeof(up->err));
	return 0;
}

/*
 * RFC 4271 6.3: a NEXT_HOP that is our own address on the session is
 * semantically incorrect; the routes are ignored (treat-as-withdraw), no
 * NOTIFICATION.  Returns -1 on allocation failure.
 */
static int
own_nexthop_check(struct peer *p, struct bgp_update *up)
{
	const struct bgp_attrs	*a = up->attrs;
	char			 nh[ADDR_STRLEN];

	if (up->action != BGP_UPD_OK || up->nnlri == 0 || a == NULL ||
	    p->conn == NULL || a->nexthop.af == 0 ||
	    addr_cmp(&a->nexthop, &p->conn->local) != 0)
		return 0;
	addr_format(&a->nexthop, nh, sizeof(nh));
	if (withdraw_all(up) == -1)
		return -1;
	up->err.code = BGP_ERR_UPDATE;
	up->err.subcode = BGP_ERR_UPD_NEXTHOP;
	snprintf(up->err.text, sizeof(up->err.text), "NEXT_HOP %s is our "
	    "own address", nh);
	return 0;
}

/*
 * enforce-first-as (on by default for eBGP, as in XR; `enforce-first-as
 * disable` turns it off): the leftmost AS of the AS_PATH must be the
 * peer's.  RFC 4271 6.3 allows the check and calls a failure a Malformed
 * AS_PATH, which RFC 7606 7.2 handles as treat-as-withdraw: every prefix
 * the message announces is withdrawn.  The decoded path is 4-octet and,
 * from an external peer, never starts with a confederation segment.
 * Returns -1 on allocation failure.
 */
static int
first_as_check(struct peer *p, struct bgp_update *up)
{
	const struct bgp_attrs	*a = up->attrs;
	uint32_t		 first = 0;

	if (!p->conf.enforce_first_as || up->action != BGP_UPD_OK ||
	    up->nnlri == 0 || a == NULL)
		return 0;
	if (a->aspath_len >= 6 && a->aspath[0] == BGP_AS_SEQUENCE &&
	    a->aspath[1] > 0)
		first = (uint32_t)a->aspath[2] << 24 |
		    (uint32_t)a->aspath[3] << 16 |
		    (uint32_t)a->aspath[4] << 8 | a->aspath[5];
	if (first == p->conf.remote_as)
		return 0;
	if (withdraw_all(up) == -1)
		return -1;
	up->err.code = BGP_ERR_UPDATE;
	up->err.subcode = BGP_ERR_UPD_ASPATH;
	if (first == 0)
		snprintf(up->err.text, sizeof(up->err.text), "AS_PATH does "
		    "not start with the peer AS %u (enforce-first-as)",
		    p->conf.remote_as);
	else
		snprintf(up->err.text, sizeof(up->err.text), "first AS %u "
		    "is not the peer AS %u (enforce-first-as)", first,
		    p->conf.remote_as);
	return 0;
}

static void
eor_rcvd(struct peer *p, int afi)
{
	p->afc[afi].eor_rcvd = 1;
	if (p->afc[afi].gr_stale) {
		p->afc[afi].gr_stale = 0;
		rib_sweep(p, afi, "End-of-RIB after restart");
	}
	if (p->gr_phase == 2 && !p->afc[0].gr_stale && !p->afc[1].gr_stale) {
		loop_timer_cancel(p->t_gr);
		p->t_gr = NULL;
		p->gr_phase = 0;
	}
	engine_update_delay_check();
}

void
recv_update(struct peer *p, const uint8_t *msg, size_t len)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_update	 up;
	struct bgp_err		 err;
	struct sess_ev		 e;
	struct bgp_attrs	*ia;
	unsigned		 changed = 0;
	size_t			 i;
	int			 afi;

	hooks_run(BGP_HOOK_UPDATE_RCVD, &p->addr, 0, 0, msg, len);
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = p->as4;
	ctx.ebgp = p->conf.ebgp;
	ctx.afs = p->afs_neg;
	ctx.maxlen = p->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	ctx.local_as = p->open_as;
	ctx.addpath_rx = p->ap_rx;
	if (bgp_update_decode(msg + BGP_HDR_LEN, len - BGP_HDR_LEN, &ctx,
	    &up) == -1 || own_nexthop_check(p, &up) == -1 ||
	    first_as_check(p, &up) == -1) {
		bgp_update_free(&up);
		memset(&err, 0, sizeof(err));
		err.code = BGP_ERR_CEASE;
		err.subcode = BGP_CEASE_RESOURCES;
		memset(&e, 0, sizeof(e));
		e.err = &err;
		e.why = PD_LOCAL_ERROR;
		log_warnx("%s: out of memory decoding an UPDATE from %s",
		    __func__, p->name);
		session_event(p, FSM_EV_UPDATE_ERR, &e);
		return;
	}
	if (up.action == BGP_UPD_RESET) {
		log_warnx("%%ROUTING-BGP-3-MALFORM_UPDATE : Malformed UPDATE "
		    "message received from neighbor %s (VRF: default) - "
		    "message length %zu bytes, error %u/%u, action taken "
		    "\"SessionReset\". Error details: \"%s\"", p->name, len,
		    up.err.code, up.err.subcode, up.err.text);
		err = up.err;
		bgp_update_free(&up);
		memset(&e, 0, sizeof(e));
		e.err = &err;
		session_event(p, FSM_EV_UPDATE_ERR, &e);
		return;
	}
	if (up.action == BGP_UPD_WITHDRAW)
		taw_log(p, len, &up.err);
	converge_update_rcvd(&p->addr, up.nwithdrawn + up.nnlri);
	for (i = 0; i < up.nwithdrawn; i++) {
		afi = peer_afi_of(&up.withdrawn[i].addr);
		if (afi < 0 || !(p->afs_neg & peer_af_bit(afi)))
			continue;
		if (up.action == BGP_UPD_WITHDRAW)
			p->afc[afi].treat_as_withdraw++;
		else
			p->afc[afi].withdrawn_rcvd++;
		rib_in_withdraw(p, afi, &up.withdrawn[i],
		    up.withdrawn_pid != NULL ? up.withdrawn_pid[i] : 0);
	}
	/*
	 * Every prefix of the message shares the set: intern it once, so
	 * the soft-reconfiguration copy and every path accepted unchanged
	 * by the policy share one stored set.
	 */
	if (up.nnlri > 0 && up.attrs != NULL &&
	    (ia = bgp_attrs_intern(up.attrs)) != NULL)
		up.attrs = ia;	/* on failure the private set still serves */
	for (i = 0; i < up.nnlri && up.attrs != NULL; i++) {
		afi = peer_afi_of(&up.nlri[i].addr);
		if (afi < 0 || !(p->afs_neg & peer_af_bit(afi)))
			continue;
		if (rib_in_announce(p, afi, &up.nlri[i],
		    up.nlri_pid != NULL ? up.nlri_pid[i] : 0, up.attrs) == -1) {
			log_warnx("%s: out of memory storing a route from %s",
			    __func__, p->name);
			break;
		}
		changed |= peer_af_bit(afi);
	}
	for (afi = 0; afi < PEER_NAF; afi++)
		if (up.eor_afs & p->afs_neg & peer_af_bit(afi))
			eor_rcvd(p, afi);
	bgp_update_free(&up);
	for (afi = 0; afi < PEER_NAF; afi++)
		if ((changed & peer_af_bit(afi)) && maxpfx_check(p, afi) == -1)
			return;
}

/* ---- ROUTE-REFRESH ---- */

static void
send_refresh(struct peer *p, int afi, uint8_t subtype)
{
	struct wbuf	 b = WBUF_INIT;

	bgp_route_refresh_encode(&b, afi == 0 ? BGP_AFI_IPV4 : BGP_AFI_IPV6,
	    subtype, BGP_SAFI_UNICAST);
	send_msg(p, &b);
}

void
recv_route_refresh(struct peer *p, const uint8_t *msg, size_t len)
{
	struct bgp_err	 err;
	struct sess_ev	 e;
	uint16_t	 afi_w;
	uint8_t		 subtype, safi;
	int		 afi;

	if (bgp_route_refresh_decode(msg + BGP_HDR_LEN, len - BGP_HDR_LEN,
	    &afi_w, &subtype, &safi, &err) == -1) {
		/*
		 * 7/1 exists only once enhanced route refresh is negotiated
		 * (RFC 7313 5); before that a wrong length is the header's
		 * Bad Message Length (RFC 4271 6.1), data the length field.
		 */
		if (!p->enhanced_rr) {
			err.code = BGP_ERR_HEADER;
			err.subcode = BGP_ERR_HDR_LEN;
			memcpy(err.data, msg + BGP_MARKER_LEN, 2);
			err.datalen = 2;
		}
		memset(&e, 0, sizeof(e));
		e.err = &err;
		session_event(p, FSM_EV_UPDATE_ERR, &e);
		return;
	}
	afi = afi_w == BGP_AFI_IPV4 ? 0 : afi_w == BGP_AFI_IPV6 ? 1 : -1;
	/* RFC 2918 4: an AF not negotiated is ignored */
	if (afi < 0 || safi != BGP_SAFI_UNICAST ||
	    !(p->afs_neg & peer_af_bit(afi)))
		return;
	switch (subtype) {
	case BGP_RR_NORMAL:
		p->afc[afi].rr_rcvd++;
		updgroup_resend(p, afi);
		break;
	case BGP_RR_BORR:
		if (!p->enhanced_rr)
			break;
		/* RFC 7313 4: what is not re-advertised goes at EoRR */
		rib_in_mark_stale(p, afi);
		p->afc[afi].rr_stale = 1;
		break;
	case BGP_RR_EORR:
		if (!p->enhanced_rr || !p->afc[afi].rr_stale)
			break;
		p->afc[afi].rr_stale = 0;
		rib_sweep(p, afi, "enhanced route refresh");
		break;
	}
}

int
recv_send_refresh(struct peer *p)
{
	int	 afi;

	if (!p->rr_ok)
		return -1;
	for (afi = 0; afi < PEER_NAF; afi++)
		if (p->afs_neg & peer_af_bit(afi)) {
			send_refresh(p, afi, BGP_RR_NORMAL);
			p->afc[afi].rr_sent++;
		}
	return 0;
}

/* ---- Session up and down, graceful restart ---- */

static void
gr_fire(void *arg)
{
	struct peer	*p = arg;
	int		 afi;

	p->t_gr = NULL;
	for (afi = 0; afi < PEER_NAF; afi++) {
		p->afc[afi].gr_stale = 0;
		rib_sweep(p, afi, p->gr_phase == 1 ? "restart time expired" :
		    "stale-path time expired");
	}
	p->gr_phase = 0;
}

void
recv_session_up(struct peer *p)
{
	const struct bgp_caps	*c = &p->cap_rcvd;
	unsigned		 bit;
	int			 afi, waiting = 0;

	p->link_bw_tried = 0;	/* the session may run on another link */
	p->link_bw_mbps = 0;
	p->link_bw_if[0] = '\0';
	for (afi = 0; afi < PEER_NAF; afi++) {
		p->afc[afi].eor_rcvd = 0;
		p->afc[afi].eor_sent = 0;
		p->afc[afi].maxpfx_warned = 0;
		p->afc[afi].rr_stale = 0;
	}
	if (p->gr_phase != 0) {
		loop_timer_cancel(p->t_gr);
		p->t_gr = NULL;
		for (afi = 0; afi < PEER_NAF; afi++) {
			bit = peer_af_bit(afi);
			if (rib_in_stale_count(p, afi) == 0)
				continue;
			if (c->gr && (c->gr_afs & bit) &&
			    (c->gr_afs_fwd & bit) && (p->afs_neg & bit)) {
				p->afc[afi].gr_stale = 1;
				waiting = 1;
			} else {
				p->afc[afi].gr_stale = 0;
				rib_sweep(p, afi, "peer kept no state");
			}
		}
		p->gr_phase = 0;
		if (waiting) {
			p->gr_phase = 2;
			p->t_gr = loop_timer_add(p->conf.gr_stalepath_time,
			    gr_fire, p);
		}
	}
	/* export joins the update groups: table, then End-of-RIB */
	rib_peer_up(p);
}

void
recv_session_down(struct peer *p, int graceful)
{
	const struct bgp_caps	*c = &p->cap_rcvd;
	int			 afi, kept = 0;

	rib_peer_down(p, graceful);
	if (!graceful || c->gr_time == 0) {
		recv_drop_routes(p);
		return;
	}
	for (afi = 0; afi < PEER_NAF; afi++) {
		p->afc[afi].rr_stale = 0;
		if ((c->gr_afs & peer_af_bit(afi)) &&
		    rib_in_accepted(p, afi) > 0) {
			rib_in_mark_stale(p, afi);
			kept = 1;
		} else {
			rib_in_drop(p, afi);
			p->afc[afi].gr_stale = 0;
		}
	}
	loop_timer_cancel(p->t_gr);
	p->t_gr = NULL;
	p->gr_phase = 0;
	if (kept) {
		p->gr_phase = 1;
		p->t_gr = loop_timer_add(c->gr_time, gr_fire, p);
		log_info("%%ROUTING-BGP-5-GR : neighbor %s restarting, routes "
		    "kept stale for %u seconds", p->name, c->gr_time);
	}
}
