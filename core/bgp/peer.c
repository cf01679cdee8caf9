/*
 * peer: effective neighbor settings, the peer tree and the show snapshot;
 * see peer.h.  Every configuration value is read through bgp_inherit so
 * that neighbor-group, session-group and af-group values count exactly as
 * `show bgp neighbor X configuration` prints them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/session.h"
#include "core/config/bgp_inherit.h"
#include "core/config/bgp_model.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl_eval.h"

int
peer_cmp(const struct peer *a, const struct peer *b)
{
	return addr_cmp(&a->addr, &b->addr);
}

RB_GENERATE(peer_tree, peer, entry, peer_cmp)

unsigned
peer_af_bit(int afi)
{
	return afi == 0 ? BGP_AF_V4U : afi == 1 ? BGP_AF_V6U : 0;
}

int
peer_afi_of(const struct xaddr *a)
{
	return a->af == AF_V4 ? 0 : a->af == AF_V6 ? 1 : -1;
}

/* The item if it is in effect (configured somewhere, not blocked). */
static const struct bgp_item *
sitem(const struct bgp_cfg *b, const struct bgp_peer *np, int item)
{
	const struct bgp_item	*it;

	it = bgp_eff_sitem(b, np, item, NULL);
	return it != NULL && bgp_eff_on(it) ? it : NULL;
}

static const struct bgp_item *
aitem(const struct bgp_cfg *b, const struct bgp_peer *np, int afi, int item)
{
	const struct bgp_item	*it;

	it = bgp_eff_aitem(b, np, (enum bgp_afi)afi, item, NULL);
	return it != NULL && bgp_eff_on(it) ? it : NULL;
}

/*
 * graceful-shutdown, and XR's graceful maintenance: active by the
 * neighbor's own `activate` (or its groups'), or by router bgp's
 * `graceful-maintenance activate` for the neighbors that have a
 * graceful-maintenance configuration (every neighbor with
 * all-neighbors).  Both take the graceful-shutdown path: GRACEFUL_SHUTDOWN
 * on what we send and receive; to iBGP, LOCAL_PREF 0 for
 * graceful-shutdown, the configured local-preference for maintenance (XR
 * leaves it untouched when none is configured); to eBGP, as-prepends
 * more copies of our AS (XR's default: none).  Only graceful-shutdown
 * marks what the neighbor sends us (community and LOCAL_PREF 0): XR's
 * maintenance keeps that mark internal to its path selection, never in
 * what it sends on, and xrsh has no such internal mark.
 */
static void
gshut_conf(const struct bgp_cfg *b, const struct bgp_peer *np,
    struct peer_conf *c)
{
	const struct bgp_item	*ga = &b->g[BG_GM_ACTIVATE], *it;
	int			 i, block = 0;

	c->gshut = sitem(b, np, BS_GSHUT) != NULL;
	c->gshut_in = c->gshut;
	c->gshut_lp_set = c->gshut;
	c->gshut_lp = 0;
	c->gshut_prepends = 0;
	c->gm = BGP_GM_OFF;
	for (i = BS_GM; i <= BS_GM_AS_PREPENDS; i++)
		if (bgp_eff_sitem(b, np, i, NULL) != NULL)
			block = 1;
	if (sitem(b, np, BS_GM_ACTIVATE) != NULL)
		c->gm = BGP_GM_LOCAL;
	else if (ga->set && (block || (ga->opt & BGP_OPT_ALL_NBRS)))
		c->gm = BGP_GM_GLOBAL;
	if (c->gm == BGP_GM_OFF)
		return;
	c->gshut = 1;
	if ((it = sitem(b, np, BS_GM_LP)) != NULL) {
		c->gshut_lp_set = 1;
		c->gshut_lp = it->n[0];
	}
	if ((it = sitem(b, np, BS_GM_AS_PREPENDS)) != NULL)
		c->gshut_prepends = it->n[0];
}

static void
policy_text(const struct bgp_item *it, char *buf, size_t len)
{
	buf[0] = '\0';
	if (it == NULL || it->s == NULL)
		return;
	strlcpy(buf, it->s, len);
	if (it->args != NULL)
		strlcat(buf, it->args, len);
}

static uint16_t
clamp16(uint32_t v)
{
	return v > 0xffff ? 0xffff : (uint16_t)v;
}

int
peer_conf_build(const struct bgp_cfg *b, const struct bgp_peer *np,
    uint32_t router_id, struct peer_conf *c)
{
	struct bgp_peer_ctx	 ctx;
	const struct bgp_item	*it;
	int			 afi;

	memset(c, 0, sizeof(*c));
	c->addr = np->addr;
	bgp_cfg_peer_ctx(b, &np->addr, &ctx);
	c->remote_as = ctx.remote_as;
	c->router_as = ctx.router_as;
	c->local_as = ctx.local_as;
	c->ebgp = ctx.ebgp;
	c->router_id = router_id;
	if ((it = sitem(b, np, BS_LOCAL_AS)) != NULL)
		c->local_as_opts = it->opt;
	if ((it = sitem(b, np, BS_SHUTDOWN)) != NULL) {
		c->shutdown = 1;
		if (it->s != NULL)
			strlcpy(c->shutdown_msg, it->s,
			    sizeof(c->shutdown_msg));
	}
	if ((it = sitem(b, np, BS_DESCRIPTION)) != NULL && it->s != NULL)
		strlcpy(c->description, it->s, sizeof(c->description));
	if ((it = sitem(b, np, BS_PASSWORD)) != NULL && it->s != NULL)
		strlcpy(c->password, it->s, sizeof(c->password));
	if ((it = sitem(b, np, BS_UPDATE_SOURCE)) != NULL && it->s != NULL)
		strlcpy(c->update_source, it->s, sizeof(c->update_source));

	/* timers: the neighbor's (inherited), else `timers bgp`, else XR's */
	c->keepalive = FSM_KEEPALIVE_DEFAULT;
	c->hold = FSM_HOLD_DEFAULT;
	c->min_hold = 3;
	if ((it = sitem(b, np, BS_TIMERS)) == NULL && b->g[BG_TIMERS].set)
		it = &b->g[BG_TIMERS];
	if (it != NULL) {
		c->keepalive = clamp16(it->n[0]);
		c->hold = clamp16(it->n[1]);
		if (it->opt & BGP_OPT_HAS_MIN)
			c->min_hold = clamp16(it->n[2]);
	}

	if ((it = sitem(b, np, BS_EBGP_MULTIHOP)) != NULL)
		c->ebgp_multihop = it->n[0] > 255 ? 255 :
		    it->n[0] == 0 ? 255 : (uint8_t)it->n[0];
	c->ttl_security = sitem(b, np, BS_TTL_SECURITY) != NULL;
	c->open_mode = BGP_SOM_BOTH;
	if ((it = sitem(b, np, BS_SESSION_OPEN_MODE)) != NULL)
		c->open_mode = (int)it->n[0];
	c->suppress_as4 = sitem(b, np, BS_CAP_SUPPRESS_4BYTE) != NULL;
	/* XR checks the first AS of eBGP routes unless told not to */
	c->enforce_first_as = c->ebgp &&
	    sitem(b, np, BS_ENFORCE_FIRST_AS_DISABLE) == NULL;

	/* graceful restart: global, or per neighbor; `disable` wins */
	c->gr = b->g[BG_GR].set;
	if ((it = sitem(b, np, BS_GRACEFUL_RESTART)) != NULL)
		c->gr = !(it->opt & BGP_OPT_DISABLE);
	c->gr_restart_time = 120;
	if (b->g[BG_GR_RESTART_TIME].set)
		c->gr_restart_time = clamp16(b->g[BG_GR_RESTART_TIME].n[0]);
	if (c->gr_restart_time > 4095)	/* 12 bits in the capability */
		c->gr_restart_time = 4095;
	c->gr_stalepath_time = 360;
	if (b->g[BG_GR_STALEPATH_TIME].set)
		c->gr_stalepath_time =
		    clamp16(b->g[BG_GR_STALEPATH_TIME].n[0]);
	c->gr_purge_time = 600;
	if (b->g[BG_GR_PURGE_TIME].set)
		c->gr_purge_time = clamp16(b->g[BG_GR_PURGE_TIME].n[0]);
	/* ADJCHANGE logging: the neighbor's own setting, else global */
	c->log_changes = PEER_LOG_ON;
	it = sitem(b, np, BS_LOG_NBR);
	if (it == NULL && b->g[BG_LOG_NBR].set)
		it = &b->g[BG_LOG_NBR];
	if (it != NULL)
		c->log_changes = it->opt & BGP_OPT_DISABLE ? PEER_LOG_OFF :
		    it->opt & BGP_OPT_DETAIL ? PEER_LOG_DETAIL : PEER_LOG_ON;
	gshut_conf(b, np, c);
	c->dmz_link_bw = sitem(b, np, BS_DMZ_LINK_BW) != NULL;

	for (afi = 0; afi < PEER_NAF; afi++) {
		if (!bgp_af_active(b, np, (enum bgp_afi)afi, NULL))
			continue;
		c->afs |= peer_af_bit(afi);
		policy_text(aitem(b, np, afi, BA_POLICY_IN),
		    c->af[afi].policy_in, sizeof(c->af[afi].policy_in));
		policy_text(aitem(b, np, afi, BA_POLICY_OUT),
		    c->af[afi].policy_out, sizeof(c->af[afi].policy_out));
		if ((it = aitem(b, np, afi, BA_MAXPFX)) != NULL) {
			c->af[afi].maxpfx = it->n[0];
			c->af[afi].maxpfx_threshold =
			    (it->opt & BGP_OPT_HAS_THRESHOLD) && it->n[1] <= 100 ?
			    (uint8_t)it->n[1] : 75;
			c->af[afi].maxpfx_warning_only =
			    (it->opt & BGP_OPT_WARNING_ONLY) != 0;
			c->af[afi].maxpfx_discard =
			    (it->opt & BGP_OPT_DISCARD_EXTRA) != 0;
			if (it->opt & BGP_OPT_RESTART)
				c->af[afi].maxpfx_restart = it->n[2];
		}
		c->af[afi].soft_reconf =
		    aitem(b, np, afi, BA_SOFT_RECONF) != NULL;
		c->af[afi].nhs = aitem(b, np, afi, BA_NHS) != NULL;
		c->af[afi].nhu = aitem(b, np, afi, BA_NHU) != NULL;
		c->af[afi].rr_client = aitem(b, np, afi, BA_RRC) != NULL;
		c->af[afi].send_comm = aitem(b, np, afi, BA_SEND_COMM) != NULL;
		c->af[afi].send_extcomm =
		    aitem(b, np, afi, BA_SEND_EXTCOMM) != NULL;
		c->af[afi].send_gshut =
		    aitem(b, np, afi, BA_SEND_GSHUT) != NULL;
		c->af[afi].multipath = aitem(b, np, afi, BA_MULTIPATH) != NULL;
		c->af[afi].oas_disable =
		    aitem(b, np, afi, BA_OAS_VALIDATION_DISABLE) != NULL;
		c->af[afi].oas_allow_invalid =
		    aitem(b, np, afi, BA_OAS_ALLOW_INVALID) != NULL;
		if ((it = aitem(b, np, afi, BA_REMOVE_PRIV_AS)) != NULL)
			c->af[afi].remove_private =
			    (it->opt & BGP_OPT_ENTIRE_ASPATH) ? 2 : 1;
		if ((it = aitem(b, np, afi, BA_ALLOWAS_IN)) != NULL)
			/* XR: `allowas-in` alone allows 3 occurrences */
			c->af[afi].allowas_in = (it->opt & BGP_OPT_HAS_VALUE) ?
			    it->n[0] : 3;
		c->af[afi].as_override =
		    aitem(b, np, afi, BA_AS_OVERRIDE) != NULL;
		if ((it = aitem(b, np, afi, BA_DEFAULT_ORIG)) != NULL) {
			c->af[afi].default_orig = 1;
			policy_text(it, c->af[afi].default_orig_policy,
			    sizeof(c->af[afi].default_orig_policy));
		}
		if ((it = aitem(b, np, afi, BA_WEIGHT)) != NULL) {
			c->af[afi].has_weight = 1;
			c->af[afi].weight = it->n[0];
		}
		/* the AF's additional-paths, unless the neighbor (or what
		   it inherits) says otherwise */
		c->af[afi].ap_send = b->af[afi].addpath[BGP_AP_SEND].set;
		c->af[afi].ap_recv = b->af[afi].addpath[BGP_AP_RECV].set;
		if ((it = aitem(b, np, afi, BA_AP_SEND)) != NULL)
			c->af[afi].ap_send = !(it->opt & BGP_OPT_DISABLE);
		if ((it = aitem(b, np, afi, BA_AP_RECV)) != NULL)
			c->af[afi].ap_recv = !(it->opt & BGP_OPT_DISABLE);
	}
	return 0;
}

int
peer_conf_needs_reset(const struct peer_conf *o, const struct peer_conf *n,
    const char **why)
{
	const char	*w = NULL;

	if (o->router_as != n->router_as)
		w = "local AS changed";
	else if (o->remote_as != n->remote_as)
		w = "remote-as changed";
	else if (o->local_as != n->local_as ||
	    o->local_as_opts != n->local_as_opts)
		w = "local-as changed";
	else if (o->router_id != n->router_id)
		w = "router-id changed";
	else if (strcmp(o->update_source, n->update_source) != 0)
		w = "update-source changed";
	else if (strcmp(o->password, n->password) != 0)
		w = "password changed";
	else if (o->hold != n->hold || o->keepalive != n->keepalive ||
	    o->min_hold != n->min_hold)
		w = "timers changed";
	else if (o->ebgp_multihop != n->ebgp_multihop)
		w = "ebgp-multihop changed";
	else if (o->ttl_security != n->ttl_security)
		w = "ttl-security changed";
	else if (o->open_mode != n->open_mode)
		w = "session-open-mode changed";
	else if (o->suppress_as4 != n->suppress_as4)
		w = "capability changed";
	else if (o->afs != n->afs)
		w = "address families changed";
	else if (o->gr != n->gr || o->gr_restart_time != n->gr_restart_time)
		w = "graceful-restart changed";
	else if (o->af[0].ap_send != n->af[0].ap_send ||
	    o->af[0].ap_recv != n->af[0].ap_recv ||
	    o->af[1].ap_send != n->af[1].ap_send ||
	    o->af[1].ap_recv != n->af[1].ap_recv)
		w = "additional-paths capability changed";
	if (why != NULL)
		*why = w;
	return w != NULL;
}

struct peer *
peer_new(const struct peer_conf *c)
{
	struct peer	*p;
	int		 i;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->addr = c->addr;
	addr_format(&p->addr, p->name, sizeof(p->name));
	p->conf = *c;
	p->state = BGP_ST_IDLE;
	p->down_why = PD_INIT;
	for (i = 0; i < PEER_NAF; i++)
		adjrib_init(&p->rib[i]);
	return p;
}

void
peer_free(struct peer *p)
{
	int	 i;

	if (p == NULL)
		return;
	for (i = 0; i < PEER_NAF; i++) {
		rib_in_drop(p, i);
		rpl_prog_free(p->ra[i].pol_in);
		rpl_prog_free(p->ra[i].pol_out);
	}
	free(p);
}

void
peer_conf_routing_diff(const struct peer_conf *o, const struct peer_conf *n,
    int *in, int *out)
{
	int	 i;

	/* graceful-shutdown marks what we keep and what we send */
	if (o->gshut != n->gshut)
		*out = 1;
	if (o->gshut_in != n->gshut_in)
		*in = 1;
	if (o->gshut_lp_set != n->gshut_lp_set || o->gshut_lp != n->gshut_lp ||
	    o->gshut_prepends != n->gshut_prepends)
		*out = 1;
	if (o->dmz_link_bw != n->dmz_link_bw)
		*in = 1;
#define CH(f)	(o->af[i].f != n->af[i].f)
	for (i = 0; i < PEER_NAF; i++) {
		if (CH(allowas_in) || CH(has_weight) || CH(weight) ||
		    CH(soft_reconf))
			*in = 1;
		if (CH(nhs) || CH(nhu) || CH(rr_client) || CH(send_comm) ||
		    CH(send_extcomm) || CH(send_gshut) || CH(remove_private) ||
		    CH(as_override) || CH(default_orig) ||
		    strcmp(o->af[i].default_orig_policy,
		    n->af[i].default_orig_policy) != 0)
			*out = 1;
	}
#undef CH
}

static void
capinfo(const struct bgp_caps *c, struct bgp_capinfo *ci)
{
	ci->afs = c->afs;
	ci->route_refresh = c->route_refresh;
	ci->route_refresh_old = c->route_refresh_old;
	ci->enhanced_rr = c->enhanced_rr;
	ci->as4 = c->as4;
	ci->ext_msg = c->ext_msg;
	ci->gr = c->gr;
	ci->gr_time = c->gr_time;
	ci->gr_restarting = c->gr_restarting;
	ci->gr_afs = c->gr_afs;
	ci->gr_afs_fwd = c->gr_afs_fwd;
	ci->ap_send = c->ap_send;
	ci->ap_recv = c->ap_recv;
}

void
peer_info(const struct peer *p, struct bgp_nbr_info *ni)
{
	const struct peer_conf	*c = &p->conf;
	int			 i;

	memset(ni, 0, sizeof(*ni));
	ni->addr = p->addr;
	strlcpy(ni->description, c->description, sizeof(ni->description));
	ni->remote_as = c->remote_as;
	ni->local_as = p->open_as != 0 && p->state != BGP_ST_IDLE ?
	    p->open_as : c->local_as;
	ni->ebgp = c->ebgp;
	ni->remote_id = p->remote_id;
	ni->state = p->state;
	ni->idle_reason = p->state == BGP_ST_IDLE ? p->idle_reason :
	    BGP_IDLE_NONE;
	ni->state_since = p->state_since;
	ni->ever_up = p->ever_up;
	ni->hold_cfg = c->hold;
	ni->keepalive_cfg = c->keepalive;
	ni->min_hold_cfg = c->min_hold;
	if (p->state == BGP_ST_ESTABLISHED ||
	    p->state == BGP_ST_OPENCONFIRM) {
		ni->hold_neg = p->hold_neg;
		ni->keepalive_neg = p->ka_neg;
	}
	ni->last_read = p->last_read;
	ni->last_write = p->last_write;
	capinfo(&p->cap_adv, &ni->cap_adv);
	if (p->cap_rcvd_valid)
		capinfo(&p->cap_rcvd, &ni->cap_rcvd);
	memcpy(ni->sent, p->sent, sizeof(ni->sent));
	memcpy(ni->rcvd, p->rcvd, sizeof(ni->rcvd));
	ni->msgs_sent = p->msgs_sent;
	ni->msgs_rcvd = p->msgs_rcvd;
	if (p->conn != NULL) {
		ni->inq = conn_inq(p->conn);
		ni->outq = conn_outq(p->conn);
		if (!p->conn->connecting) {
			ni->local_addr = p->conn->local;
			ni->local_port = p->conn->lport;
			ni->remote_port = p->conn->rport;
		}
	}
	ni->conn_established = p->conn_established;
	ni->replayed = p->replayed != 0;
	ni->conn_dropped = p->conn_dropped;
	ni->last_reset = p->last_reset;
	strlcpy(ni->last_reset_reason, p->last_reset_reason,
	    sizeof(ni->last_reset_reason));
	if (p->last_reset_reason[0] == '\0')
		strlcpy(ni->last_reset_reason, "BGP neighbor initialized",
		    sizeof(ni->last_reset_reason));
	ni->last_notif_sent = p->last_notif_sent;
	ni->last_notif_code = p->last_notif_code;
	ni->last_notif_subcode = p->last_notif_subcode;
	strlcpy(ni->last_shutdown_msg, p->last_shutdown_msg,
	    sizeof(ni->last_shutdown_msg));
	ni->passive_only = c->open_mode == BGP_SOM_PASSIVE_ONLY;
	ni->active_only = c->open_mode == BGP_SOM_ACTIVE_ONLY;
	ni->md5 = c->password[0] != '\0';
	ni->ttl_security = c->ttl_security;
	ni->ebgp_multihop = c->ebgp_multihop;
	strlcpy(ni->shutdown_msg, c->shutdown_msg, sizeof(ni->shutdown_msg));
	ni->log_changes = c->log_changes;
	ni->gshut = c->gshut;
	ni->gm = c->gm;
	ni->gshut_lp_set = c->gshut_lp_set;
	ni->gshut_lp = c->gshut_lp;
	ni->gshut_prepends = c->gshut_prepends;
	ni->dmz_link_bw = c->dmz_link_bw;
	ni->link_bw_mbps = p->link_bw_mbps;
	strlcpy(ni->link_bw_if, p->link_bw_if, sizeof(ni->link_bw_if));
	ni->gr = c->gr;
	ni->gr_restart_time = c->gr_restart_time;
	ni->gr_stalepath_time = c->gr_stalepath_time;
	ni->gr_purge_time = c->gr_purge_time;
	ni->gr_phase = p->t_gr != NULL ? p->gr_phase : 0;
	if (ni->gr_phase != 0)
		ni->gr_remaining = (uint32_t)(loop_timer_remaining(p->t_gr) +
		    0.999);
	for (i = 0; i < PEER_NAF; i++) {
		ni->af[i].stale = (uint32_t)rib_in_stale_left(p, i);
		ni->af[i].configured = (c->afs & peer_af_bit(i)) != 0;
		ni->af[i].ap_tx = (p->ap_tx & peer_af_bit(i)) != 0;
		ni->af[i].ap_rx = (p->ap_rx & peer_af_bit(i)) != 0;
		ni->af[i].accepted = (uint32_t)rib_in_accepted(p, i);
		ni->af[i].rr_client = c->af[i].rr_client;
		ni->af[i].soft_reconf = c->af[i].soft_reconf;
		ni->af[i].remove_private = c->af[i].remove_private;
		ni->af[i].as_override = c->af[i].as_override;
		ni->af[i].default_orig = c->af[i].default_orig;
		ni->af[i].send_comm = c->af[i].send_comm;
		ni->af[i].send_extcomm = c->af[i].send_extcomm;
		ni->af[i].send_gshut = c->af[i].send_gshut;
		ni->af[i].multipath = c->af[i].multipath;
		ni->af[i].nhs = c->af[i].nhs;
		ni->af[i].allowas_in = c->af[i].allowas_in;
		ni->af[i].denied = p->afc[i].denied;
		ni->af[i].withdrawn_rcvd = p->afc[i].withdrawn_rcvd;
		ni->af[i].treat_as_withdraw = p->afc[i].treat_as_withdraw;
		ni->af[i].rr_rcvd = p->afc[i].rr_rcvd;
		ni->af[i].rr_sent = p->afc[i].rr_sent;
		strlcpy(ni->af[i].policy_in, c->af[i].policy_in,
		    sizeof(ni->af[i].policy_in));
		strlcpy(ni->af[i].policy_out, c->af[i].policy_out,
		    sizeof(ni->af[i].policy_out));
		ni->af[i].maxpfx = c->af[i].maxpfx;
		ni->af[i].maxpfx_threshold = c->af[i].maxpfx_threshold;
		ni->af[i].maxpfx_warning_only = c->af[i].maxpfx_warning_only;
		ni->af[i].maxpfx_discard = c->af[i].maxpfx_discard;
		ni->af[i].maxpfx_restart = c->af[i].maxpfx_restart;
		ni->af[i].eor_rcvd = p->afc[i].eor_rcvd;
		ni->af[i].eor_sent = p->afc[i].eor_sent;
	}
}
