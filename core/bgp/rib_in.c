/*
 * rib_in: import.  A path received from a neighbor passes the import
 * checks (import.c: loops, RFC 8212), then the neighbor's inbound
 * route-policy (policy.c), and what is accepted enters the Loc-RIB of
 * its family as a path from the neighbor's source.  A path the policy
 * rejects removes the neighbor's earlier path for that prefix, as a
 * withdrawal would.  With `soft-reconfiguration inbound` the path as
 * received is also kept (peer->rib[afi]) so that a policy change can be
 * replayed without asking the neighbor; so it is when the policy reads
 * `validation-state` under origin validation (rov.c replays one prefix
 * when its RPKI state moves).  The state is computed on the path as
 * received, before the policy, which sees it; the Loc-RIB keeps it.
 *
 * One struct locrib_source per neighbor session and AF: it is created at
 * the first path and freed when its paths are gone, so a new session
 * never shares a source with the flush of the old one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/bgpmon.h"
#include "core/bgp/damp_rib.h"
#include "core/bgp/export.h"
#include "core/bgp/impact_rec.h"
#include "core/bgp/import.h"
#include "core/bgp/linkbw.h"
#include "core/bgp/memguard.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/policy.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/community.h"

static const char *
af_label(int afi)
{
	return afi == 0 ? "IPv4 Unicast" : "IPv6 Unicast";
}

void
rib_peer_route_ctx(const struct peer *p, struct route_peer *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->addr = p->addr;
	rp->remote_as = p->conf.remote_as;
	rp->local_as = p->conf.local_as;
	if (p->conn != NULL)
		rp->local_addr = p->conn->local;
}

static struct locrib_source *
source_get(struct peer *p, int afi)
{
	struct locrib_source	*s;

	if ((s = p->ra[afi].src) != NULL)
		return s;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	/* a configured weight travels in the path's set (import_to_locrib):
	   a commit that changes it re-imports instead of re-sourcing */
	s->weight = 0;
	s->local = BGP_LOCAL_NONE;
	s->ebgp = p->conf.ebgp;
	s->peer_router_id = p->remote_id;
	s->peer_addr = p->addr;
	/* `maximum-paths ... selective` counts only these neighbors' paths */
	s->multipath = p->conf.af[afi].multipath;
	s->rov_allow_invalid = p->conf.af[afi].oas_allow_invalid;
	s->owner = p;
	p->ra[afi].src = s;
	return s;
}

/*
 * RFC 7911: the source of the paths with Path Identifier pid, a child of
 * the neighbor's source (same decision fields), made at the first path
 * with that id.  Binary search in the sorted array: a neighbor sends a
 * handful of ids per prefix, but an id space as large as its table.
 */
static struct locrib_source *
source_pid(struct peer *p, int afi, uint32_t pid)
{
	struct rib_peer_af	*ra = &p->ra[afi];
	struct locrib_source	*parent, *s, **nv;
	size_t			 lo = 0, hi = ra->napsrc, mid, ncap;

	if ((parent = source_get(p, afi)) == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ra->apsrc[mid]->path_id == pid)
			return ra->apsrc[mid];
		if (ra->apsrc[mid]->path_id < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (ra->napsrc == ra->capapsrc) {
		ncap = ra->capapsrc ? ra->capapsrc * 2 : 8;
		if ((nv = reallocarray(ra->apsrc, ncap, sizeof(*nv))) == NULL)
			return NULL;
		ra->apsrc = nv;
		ra->capapsrc = ncap;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	*s = *parent;
	s->parent = parent;
	s->path_id = pid;
	s->local_id = 0;
	memmove(&ra->apsrc[lo + 1], &ra->apsrc[lo],
	    (ra->napsrc - lo) * sizeof(*nv));
	ra->apsrc[lo] = s;
	ra->napsrc++;
	return s;
}

/* The source a path with pid goes to: the neighbor's own without
   add-path receive in afi. */
static struct locrib_source *
source_for(struct peer *p, int afi, uint32_t pid)
{
	if (!(p->ap_rx & peer_af_bit(afi)))
		return source_get(p, afi);
	return source_pid(p, afi, pid);
}

/* The existing source of pid's paths, NULL if none. */
static struct locrib_source *
source_find(const struct peer *p, int afi, uint32_t pid)
{
	const struct rib_peer_af *ra = &p->ra[afi];
	size_t			 lo = 0, hi = ra->napsrc, mid;

	if (!(p->ap_rx & peer_af_bit(afi)))
		return ra->src;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ra->apsrc[mid]->path_id == pid)
			return ra->apsrc[mid];
		if (ra->apsrc[mid]->path_id < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct locrib_source *
rib_in_source_find(const struct peer *p, int afi, uint32_t pid)
{
	if (afi < 0 || afi >= PEER_NAF)
		return NULL;
	return source_find(p, afi, pid);
}

/*
 * Every path of the neighbor in afi leaves the Loc-RIB.  One walk of
 * the table: at full-table scale a stall of the loop, to become a
 * resumable flush once the export side can describe a source whose
 * neighbor is gone.  The flush covers the per-path-id children.
 */
static void
source_drop(struct peer *p, int afi)
{
	struct locrib_source	*s = p->ra[afi].src;
	size_t			 i;

	if (s == NULL)
		return;
	if (bgp_rib.loc[afi] != NULL)
		locrib_flush_source(bgp_rib.loc[afi], s);
	damp_rib_peer_gone(p, afi);
	for (i = 0; i < p->ra[afi].napsrc; i++)
		free(p->ra[afi].apsrc[i]);
	free(p->ra[afi].apsrc);
	p->ra[afi].apsrc = NULL;
	p->ra[afi].napsrc = p->ra[afi].capapsrc = 0;
	free(s);
	p->ra[afi].src = NULL;
	p->ra[afi].accepted = 0;
	p->ra[afi].nstale = 0;
	p->ra[afi].stale_left = 0;
}

uint8_t
rib_in_rov_state(const struct peer *p, int afi, const struct xprefix *pfx,
    const struct bgp_attrs *attrs)
{
	uint8_t		 st;

	if (afi < 0 || afi >= PEER_NAF || !p->ra[afi].rov_on)
		return LOCRIB_ROV_OFF;
	/* RFC 8097: an iBGP neighbor validated it for us */
	if (!p->conf.ebgp && bgp_rib.signal_ibgp &&
	    (st = bgp_rov_ecomm_state(attrs)) != LOCRIB_ROV_OFF)
		return st;
	return rov_validate_path(pfx, attrs, p->conf.router_as);
}

/* What `validation-state is` tests; not-found where validation is off. */
static uint8_t
rov_rpki(uint8_t rov)
{
	switch (rov) {
	case LOCRIB_ROV_VALID:
		return RPKI_VALID;
	case LOCRIB_ROV_INVALID:
		return RPKI_INVALID;
	default:
		return RPKI_NOT_FOUND;
	}
}

/* Runs the import checks and the inbound policy of ev; *out on permit. */
static void
import_peer_of(const struct peer *p, int afi, const struct rib_in_eval *ev,
    struct import_peer *ip)
{
	const struct peer_conf	*c = ev->conf;

	memset(ip, 0, sizeof(*ip));
	ip->ebgp = c->ebgp;
	ip->ibgp = !c->ebgp;
	ip->router_as = c->router_as;
	ip->local_as = c->local_as;
	ip->router_id = c->router_id;
	ip->cluster_id = ev->cluster_id;
	ip->allowas_in = c->af[afi].allowas_in;
	ip->has_policy = ev->pol_in != NULL;
	/* a replay without a policy accepts all: it is a test tool */
	ip->unsafe_ebgp = ev->unsafe_ebgp || p->replayed;
}

int
rib_in_check_same(const struct peer *p, int afi, const struct rib_in_eval *a,
    const struct rib_in_eval *b)
{
	struct import_peer	 ia, ib;

	import_peer_of(p, afi, a, &ia);
	import_peer_of(p, afi, b, &ib);
	return memcmp(&ia, &ib, sizeof(ia)) == 0;
}

int
rib_in_check(const struct peer *p, int afi, const struct rib_in_eval *ev,
    const struct bgp_attrs *attrs)
{
	struct import_peer	 ip;

	import_peer_of(p, afi, ev, &ip);
	return bgp_import_check(&ip, attrs) == IMPORT_OK ? 0 : -1;
}

static int
import_one(struct peer *p, int afi, const struct rib_in_eval *ev,
    const struct xprefix *pfx, struct bgp_attrs *attrs, uint8_t rov,
    struct bgp_attrs **out)
{
	const struct peer_conf	*c = ev->conf;
	struct import_peer	 ip;
	struct bgp_pol_ctx	 ctx;
	enum import_result	 ir;
	int			 rc;

	if (!ev->checked) {
		import_peer_of(p, afi, ev, &ip);
		if ((ir = bgp_import_check(&ip, attrs)) != IMPORT_OK) {
			if (!ev->quiet)
				log_debug("bgp %s: %s %s denied (%s)",
				    p->name, af_label(afi), "route",
				    import_result_name(ir));
			return BGP_POL_DENY;
		}
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	rib_peer_route_ctx(p, &ctx.peer);
	ctx.path_type = c->ebgp ? PATH_EBGP : PATH_IBGP;
	ctx.weight = c->af[afi].has_weight ? c->af[afi].weight : 0;
	ctx.rpki = rov_rpki(rov);
	rc = bgp_policy_apply(ev->pol_in, &ctx, attrs, out);
	if (rc == BGP_POL_ERROR)
		log_warnx("bgp %s: out of memory applying %s", p->name,
		    c->af[afi].policy_in);
	return rc == BGP_POL_PERMIT ? BGP_POL_PERMIT : BGP_POL_DENY;
}

/* `weight N` of the neighbor on a path the policy gave none. */
static struct bgp_attrs *
with_weight(struct bgp_attrs *a, uint32_t weight)
{
	struct bgp_attrs	*d;

	d = bgp_attrs_dup(a);
	bgp_attrs_unref(a);
	if (d == NULL)
		return NULL;
	d->has_weight = 1;
	d->weight = weight;
	if ((a = bgp_attrs_intern(d)) == NULL)
		bgp_attrs_unref(d);
	return a;
}

/*
 * graceful-shutdown on the neighbor (RFC 8326): what it sends us is
 * marked GRACEFUL_SHUTDOWN with LOCAL_PREF 0, so that another path wins
 * before the session goes down.
 */
static struct bgp_attrs *
with_gshut(struct bgp_attrs *a)
{
	struct bgp_attrs	*d;
	uint32_t		*c, n, i;

	d = bgp_attrs_dup(a);
	bgp_attrs_unref(a);
	if (d == NULL)
		return NULL;
	d->local_pref = 0;
	d->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	n = (d->present & BGP_ATTRBIT(BGP_ATTR_COMMUNITIES)) ?
	    d->ncommunities : 0;
	for (i = 0; i < n; i++)
		if (d->communities[i] == COMM_GSHUT)
			break;
	if (i == n) {
		if ((c = reallocarray(n > 0 ? d->communities : NULL, n + 1,
		    sizeof(*c))) == NULL) {
			bgp_attrs_unref(d);
			return NULL;
		}
		if (n == 0)
			free(d->communities);
		c[n] = COMM_GSHUT;
		d->communities = c;
		d->ncommunities = n + 1;
		d->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	}
	if ((a = bgp_attrs_intern(d)) == NULL)
		bgp_attrs_unref(d);
	return a;
}

/*
 * `maximum-prefix N ... discard-extra-paths`: at the limit, a prefix the
 * neighbor has no path for yet is dropped; the session stays up (so
 * maxpfx_check in recv.c never sees more than N).
 */
static int
discard_extra(struct peer *p, int afi, const struct xprefix *pfx,
    const struct locrib_source *s)
{
	const struct locrib_entry	*e;

	if (!p->conf.af[afi].maxpfx_discard || p->conf.af[afi].maxpfx == 0 ||
	    p->ra[afi].accepted < p->conf.af[afi].maxpfx)
		return 0;
	if ((e = locrib_lookup(bgp_rib.loc[afi], pfx)) != NULL &&
	    locrib_entry_path_from(e, s) != NULL)
		return 0;	/* a new path for a prefix it has: kept */
	if (p->afc[afi].maxpfx_warned < 2) {
		p->afc[afi].maxpfx_warned = 2;
		log_warnx("%%ROUTING-BGP-4-MAXPFXEXCEED : No. of %s prefixes "
		    "received from %s reached the limit %u: extra paths "
		    "discarded", af_label(afi), p->name,
		    p->conf.af[afi].maxpfx);
	}
	return 1;
}

/*
 * The global memory guard (memguard.c): above the limit, a prefix the
 * neighbor has no path for yet is dropped and counted; a new path for a
 * prefix it has replaces the old one (no growth).
 */
static int
memguard_discard(struct peer *p, int afi, const struct xprefix *pfx,
    const struct locrib_source *s)
{
	const struct locrib_entry	*e;

	if (!memguard_over(p->name))
		return 0;
	if ((e = locrib_lookup(bgp_rib.loc[afi], pfx)) != NULL &&
	    locrib_entry_path_from(e, s) != NULL)
		return 0;
	memguard_refused();
	p->afc[afi].memguard_refused++;
	return 1;
}

/*
 * dmz-link-bandwidth on an eBGP neighbor: our interface's speed, looked
 * up the first time a path needs it in a session; 0 when unknown (said
 * once: loopback and virtual interfaces have none).
 */
static uint32_t
link_bw(struct peer *p)
{
	if (p->link_bw_tried)
		return p->link_bw_mbps;
	p->link_bw_tried = 1;
	p->link_bw_mbps = 0;
	if (p->conn == NULL ||
	    linkbw_ifname(&p->conn->local, p->link_bw_if,
	    sizeof(p->link_bw_if)) == -1) {
		p->link_bw_if[0] = '\0';
		log_warnx("%%ROUTING-BGP-4-DMZ_LINK_BW : neighbor %s: no "
		    "interface holds the session's local address: link "
		    "bandwidth not propagated", p->name);
	} else if (linkbw_speed(p->link_bw_if, &p->link_bw_mbps) == -1) {
		p->link_bw_mbps = 0;
		log_warnx("%%ROUTING-BGP-4-DMZ_LINK_BW : neighbor %s: "
		    "interface %s has no known speed: link bandwidth not "
		    "propagated", p->name, p->link_bw_if);
	}
	return p->link_bw_mbps;
}

/* The path with our link-bandwidth extended community (replacing one it
   carried). */
static struct bgp_attrs *
with_link_bw(struct bgp_attrs *a, uint32_t asn, uint32_t mbps)
{
	struct bgp_attrs	*d;
	uint8_t			*ec;
	uint32_t		 n, i, k;

	d = bgp_attrs_dup(a);
	bgp_attrs_unref(a);
	if (d == NULL)
		return NULL;
	n = (d->present & BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES)) ?
	    d->next_communities : 0;
	if ((ec = malloc(8 * ((size_t)n + 1))) == NULL) {
		bgp_attrs_unref(d);
		return NULL;
	}
	for (i = k = 0; i < n; i++)
		if (!linkbw_is_extcomm(d->ext_communities + 8 * i))
			memcpy(ec + 8 * k++, d->ext_communities + 8 * i, 8);
	linkbw_extcomm(asn, mbps, ec + 8 * k++);
	free(d->ext_communities);
	d->ext_communities = ec;
	d->next_communities = k;
	d->present |= BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	if ((a = bgp_attrs_intern(d)) == NULL)
		bgp_attrs_unref(d);
	return a;
}

/* bgp-monitor: whether the neighbor's path for the prefix is already
   this one (a repeat raises no alert again) */
struct mon_seen {
	int				 afi;
	const struct xprefix		*pfx;
	const struct locrib_source	*src;
	const struct bgp_attrs		*ia;
};

static int
monitor_seen(void *arg)
{
	struct mon_seen			*m = arg;
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;

	return (e = locrib_lookup(bgp_rib.loc[m->afi], m->pfx)) != NULL &&
	    (lp = locrib_entry_path_from(e, m->src)) != NULL &&
	    lp->attrs == m->ia;
}

/* the detectors on the path as it enters; it stays pending (mp, ms on
   the caller's stack) until the Loc-RIB update is done */
static int
monitor_rcvd(struct peer *p, int afi, const struct xprefix *pfx,
    const struct locrib_source *s, const struct bgp_attrs *ia,
    struct bgpmon_path *mp, struct mon_seen *ms, double now)
{
	ms->afi = afi;
	ms->pfx = pfx;
	ms->src = s;
	ms->ia = ia;
	mp->pfx = pfx;
	mp->nbr = &p->addr;
	mp->ebgp = s->ebgp && !s->confed_ebgp;
	mp->aspath = ia->aspath;
	mp->aspath_len = ia->aspath_len;
	mp->attrs = ia;
	mp->seen = monitor_seen;
	mp->seen_arg = ms;
	mp->now = now;
	bgpmon_path_rcvd(mp, now);
	bgpmon_path_pending(mp);
	return 1;
}

/*
 * Before a path of s is replaced or withdrawn: if it was still stale, one
 * less is left.  Only looked up while some are (a restart's window), so
 * the usual update pays one comparison.
 */
static void
stale_forget(struct peer *p, int afi, const struct xprefix *pfx,
    const struct locrib_source *s)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;

	if (p->ra[afi].stale_left == 0)
		return;
	if ((e = locrib_lookup(bgp_rib.loc[afi], pfx)) != NULL &&
	    (lp = locrib_entry_path_from(e, s)) != NULL &&
	    (lp->flags & LOCRIB_PATH_STALE))
		p->ra[afi].stale_left--;
}

/*
 * The (interned) attributes source's path for pfx has now, NULL if none:
 * a commit's impact tells a changed path from the same one again (sets
 * are interned: the same attributes are the same pointer).
 */
static const struct bgp_attrs *
impact_old_attrs(int afi, const struct xprefix *pfx,
    const struct locrib_source *s)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;

	if ((e = locrib_lookup(bgp_rib.loc[afi], pfx)) == NULL ||
	    (lp = locrib_entry_path_from(e, s)) == NULL)
		return NULL;
	return lp->attrs;
}

void
rib_in_eval_applied(const struct peer *p, int afi, struct rib_in_eval *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->conf = &p->conf;
	ev->pol_in = p->ra[afi].pol_in;
	ev->unsafe_ebgp = bgp_rib.unsafe_ebgp;
	ev->cluster_id = bgp_rib.cluster_id;
}

/*
 * What import makes of one received path under ev: the checks, the
 * policy, then the neighbor's weight, graceful-shutdown and link
 * bandwidth.  The Loc-RIB and the counters are not touched, so the
 * configuration impact preview (impact.c) runs exactly this over a
 * candidate's settings.
 */
int
rib_in_evaluate(struct peer *p, int afi, const struct rib_in_eval *ev,
    const struct xprefix *pfx, struct bgp_attrs *attrs, uint8_t rov,
    struct bgp_attrs **outp)
{
	const struct peer_conf	*c = ev->conf;
	struct bgp_attrs	*out = NULL;

	*outp = NULL;
	if (import_one(p, afi, ev, pfx, attrs, rov, &out) != BGP_POL_PERMIT)
		return BGP_POL_DENY;
	if (c->af[afi].has_weight && !out->has_weight &&
	    (out = with_weight(out, c->af[afi].weight)) == NULL)
		return BGP_POL_ERROR;
	if (c->gshut_in && (out = with_gshut(out)) == NULL)
		return BGP_POL_ERROR;
	if (c->dmz_link_bw && c->ebgp && link_bw(p) != 0 &&
	    (out = with_link_bw(out, c->router_as, p->link_bw_mbps)) ==
	    NULL)
		return BGP_POL_ERROR;
	*outp = out;
	return BGP_POL_PERMIT;
}

/*
 * The policy step alone, for the soft-reconfiguration replay too.  wire:
 * the neighbor sent it (a replay or re-validation is no flap for
 * dampening: it only keeps the path's damped state).
 */
static int
import_to_locrib(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid, struct bgp_attrs *attrs, uint8_t rov, int wire)
{
	struct locrib_source	*s;
	struct rib_in_eval	 ev;
	struct bgp_attrs	*out = NULL, *ia;
	struct bgpmon_path	 mp;
	struct mon_seen		 ms;
	int			 rc, damped, other = 0, mon = 0;
	double			 now;

	if (bgp_rib.loc[afi] == NULL)
		return 0;
	if ((s = source_for(p, afi, pid)) == NULL)
		return -1;
	rib_in_eval_applied(p, afi, &ev);
	rc = rib_in_evaluate(p, afi, &ev, pfx, attrs, rov, &out);
	if (rc == BGP_POL_ERROR)
		return -1;
	if (rc != BGP_POL_PERMIT) {
		p->afc[afi].denied++;
		if (wire)
			damp_rib_withdraw(p, afi, pfx, pid, s);
		stale_forget(p, afi, pfx, s);
		if (locrib_withdraw(bgp_rib.loc[afi], pfx, s) == 1) {
			if (p->ra[afi].accepted > 0)
				p->ra[afi].accepted--;
			if (bgp_impact_on)
				impact_count(&p->addr, afi, BGP_IMP_DENIED, 1);
			if (hooks_count[BGP_HOOK_ROUTE] > 0)
				hooks_run_route(BGP_HOOK_ROUTE, &p->addr,
				    afi, pfx, pid, NULL);
		}
		return 0;
	}
	if (discard_extra(p, afi, pfx, s) ||
	    memguard_discard(p, afi, pfx, s)) {
		bgp_attrs_unref(out);
		return 0;
	}
	if (nexthop_track(&out->nexthop) == -1) {
		bgp_attrs_unref(out);
		return -1;
	}
	/* interned here so that dampening can tell a change of attributes
	   from the same path again */
	if ((ia = bgp_attrs_intern(out)) == NULL) {
		bgp_attrs_unref(out);
		return -1;
	}
	/* one clock read for the monitor and the Loc-RIB */
	now = loop_now();
	if (bgpmon_active && wire)
		mon = monitor_rcvd(p, afi, pfx, s, ia, &mp, &ms, now);
	damped = damp_rib_announce(p, afi, pfx, pid, s, ia, wire);
	stale_forget(p, afi, pfx, s);
	/* a commit's window: was the path there, with other attributes
	   (decided before the update may free the old set) */
	if (bgp_impact_on)
		other = impact_old_attrs(afi, pfx, s) != ia;
	rc = locrib_update_damp(bgp_rib.loc[afi], pfx, s, ia, now, rov,
	    damped);
	if (mon)
		bgpmon_path_pending(NULL);
	if (rc == -1)
		return -1;
	if (rc == 1)
		p->ra[afi].accepted++;
	if (bgp_impact_on && rc == 1)
		impact_count(&p->addr, afi, BGP_IMP_ACCEPTED, 1);
	else if (bgp_impact_on && other)
		impact_count(&p->addr, afi, BGP_IMP_CHANGED, 1);
	/* the Loc-RIB holds a reference to ia now */
	if (hooks_count[BGP_HOOK_ROUTE] > 0)
		hooks_run_route(BGP_HOOK_ROUTE, &p->addr, afi, pfx, pid,
		    ia);
	return 0;
}

int
rib_in_announce(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid, struct bgp_attrs *attrs)
{
	uint8_t	 rov;

	if (!(p->ap_rx & peer_af_bit(afi)))
		pid = 0;
	rov = rib_in_rov_state(p, afi, pfx, attrs);
	if (p->ra[afi].keep_in) {
		if (adjrib_add_pid(&p->rib[afi], pfx, pid,
		    bgp_attrs_ref(attrs)) == -1)
			return -1;
		(void)adjrib_set_rov(&p->rib[afi], pfx, pid, rov);
	}
	return import_to_locrib(p, afi, pfx, pid, attrs, rov, 1);
}

int
rib_in_prepolicy_ok(const struct peer *p, int afi)
{
	return p->ra[afi].keep_in && !p->ra[afi].keep_partial;
}

int
rib_in_reimport(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid, const struct bgp_attrs *pre, uint8_t rov)
{
	(void)adjrib_set_rov(&p->rib[afi], pfx, pid, rov);
	/* the stored set is shared and immutable: the policy copies */
	return import_to_locrib(p, afi, pfx, pid, (struct bgp_attrs *)pre,
	    rov, 0);
}

void
rib_in_withdraw(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid)
{
	struct locrib_source	*s;

	if (!(p->ap_rx & peer_af_bit(afi)))
		pid = 0;
	adjrib_remove_pid(&p->rib[afi], pfx, pid);
	if ((s = source_find(p, afi, pid)) == NULL || bgp_rib.loc[afi] == NULL)
		return;
	damp_rib_withdraw(p, afi, pfx, pid, s);
	stale_forget(p, afi, pfx, s);
	if (locrib_withdraw(bgp_rib.loc[afi], pfx, s) == 1) {
		if (p->ra[afi].accepted > 0)
			p->ra[afi].accepted--;
		if (hooks_count[BGP_HOOK_ROUTE] > 0)
			hooks_run_route(BGP_HOOK_ROUTE, &p->addr, afi, pfx,
			    pid, NULL);
	}
}

void
rib_in_mark_stale(struct peer *p, int afi)
{
	adjrib_mark_stale(&p->rib[afi]);
	if (p->ra[afi].src != NULL && bgp_rib.loc[afi] != NULL)
		p->ra[afi].nstale = locrib_mark_stale_source(bgp_rib.loc[afi],
		    p->ra[afi].src);
	p->ra[afi].stale_left = p->ra[afi].nstale;
}

size_t
rib_in_sweep_stale(struct peer *p, int afi)
{
	size_t	 n = 0;

	adjrib_sweep_stale(&p->rib[afi]);
	if (p->ra[afi].src != NULL && bgp_rib.loc[afi] != NULL &&
	    p->ra[afi].nstale > 0) {
		n = locrib_sweep_stale_source(bgp_rib.loc[afi],
		    p->ra[afi].src);
		p->ra[afi].accepted = n > p->ra[afi].accepted ? 0 :
		    p->ra[afi].accepted - (uint32_t)n;
	}
	p->ra[afi].nstale = 0;
	p->ra[afi].stale_left = 0;
	return n;
}

size_t
rib_in_stale_count(const struct peer *p, int afi)
{
	return p->ra[afi].nstale;
}

size_t
rib_in_stale_left(const struct peer *p, int afi)
{
	return p->ra[afi].stale_left;
}


void
rib_in_drop(struct peer *p, int afi)
{
	adjrib_clear(&p->rib[afi]);
	/* the next session sends its table from the start */
	p->ra[afi].keep_partial = 0;
	source_drop(p, afi);
}

size_t
rib_in_accepted(const struct peer *p, int afi)
{
	return p->ra[afi].accepted;
}

/* ---- soft reconfiguration ---- */

struct replay {
	struct peer	*p;
	int		 afi;
	int		 failed;
};

static int
replay_one(const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	struct replay	*r = arg;
	uint8_t		 rov;

	/* the state again: validation may have been turned on or off */
	rov = rib_in_rov_state(r->p, r->afi, pfx, a);
	if (rov != ADJRIB_ROV(flags))
		(void)adjrib_set_rov(&r->p->rib[r->afi], pfx, pid, rov);
	/* the stored set is shared and immutable: the policy copies */
	if (import_to_locrib(r->p, r->afi, pfx, pid,
	    (struct bgp_attrs *)a, rov, 0) == -1)
		r->failed = 1;
	return 0;
}

int
rib_in_replay(struct peer *p, int afi)
{
	struct replay	 r;

	if (!rib_in_prepolicy_ok(p, afi))
		return -1;
	r.p = p;
	r.afi = afi;
	r.failed = 0;
	adjrib_foreach_pid(&p->rib[afi], replay_one, &r);
	if (r.failed)
		log_warnx("bgp %s: out of memory replaying %s routes", p->name,
		    af_label(afi));
	return 0;
}

int
rib_in_soft(struct peer *p)
{
	int	 afi, need_rr = 0, did = 0;

	if (p->state != BGP_ST_ESTABLISHED)
		return 0;
	for (afi = 0; afi < PEER_NAF; afi++) {
		if (!(p->afs_neg & peer_af_bit(afi)))
			continue;
		if (rib_in_replay(p, afi) == 0)
			did = 1;
		else
			need_rr = 1;
	}
	if (need_rr) {
		if (recv_send_refresh(p) == -1)
			return did ? 0 : -1;
		/* the neighbor sends everything again: the copies fill */
		for (afi = 0; afi < PEER_NAF; afi++)
			p->ra[afi].keep_partial = 0;
	}
	return 0;
}

/* ---- session up and down ---- */

void
rib_peer_up(struct peer *p)
{
	int	 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		/* a source kept across a graceful restart keeps its
		   fields; a new session's ID shows from the next one */
		if (p->ra[afi].src == NULL && (p->afs_neg & peer_af_bit(afi)))
			source_get(p, afi);
		/* a new session sends its whole table: the copy fills */
		p->ra[afi].keep_partial = 0;
	}
	nexthop_peer_up(&p->addr, p->replayed);
	/* bgp update-delay: it joins its update groups when that ends */
	if (!engine_update_delay_holds() && !p->replayed)
		updgroup_peer_up(p);
}

void
rib_peer_down(struct peer *p, int graceful)
{
	(void)graceful;
	updgroup_peer_down(p);
	nexthop_peer_down(&p->addr, p->replayed);
}

void
rib_in_multipath_changed(struct peer *p, int afi)
{
	struct rib_peer_af	*ra = &p->ra[afi];
	size_t			 i;
	int			 on = p->conf.af[afi].multipath;

	if (ra->src == NULL || ra->src->multipath == on)
		return;
	ra->src->multipath = on;
	for (i = 0; i < ra->napsrc; i++)
		ra->apsrc[i]->multipath = on;
	if (bgp_rib.loc[afi] != NULL)
		locrib_redecide(bgp_rib.loc[afi]);
}

void
rib_in_rov_allow_changed(struct peer *p, int afi)
{
	struct rib_peer_af	*ra = &p->ra[afi];
	size_t			 i;
	int			 on = p->conf.af[afi].oas_allow_invalid;

	if (ra->src == NULL || ra->src->rov_allow_invalid == on)
		return;
	ra->src->rov_allow_invalid = on;
	for (i = 0; i < ra->napsrc; i++)
		ra->apsrc[i]->rov_allow_invalid = on;
	/* only `use validity` reads it */
	if (bgp_rib.loc[afi] != NULL && bgp_rib.dcfg_af[afi].rov_use_validity)
		locrib_redecide(bgp_rib.loc[afi]);
}
