/*
 * rib_in: import.  A path received from a neighbor passes the import
 * checks (import.c: loops, RFC 8212), then the neighbor's inbound
 * route-policy (policy.c), and what is accepted enters the Loc-RIB of
 * its family as a path from the neighbor's source.  A path the policy
 * rejects removes the neighbor's earlier path for that prefix, as a
 * withdrawal would.  With `soft-reconfiguration inbound` the path as
 * received is also kept (peer->rib[afi]) so that a policy change can be
 * replayed without asking the neighbor.
 *
 * One struct locrib_source per neighbor session and AF: it is created at
 * the first path and freed when its paths are gone, so a new session
 * never shares a source with the flush of the old one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/import.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/policy.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

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
	/*
	 * HOOK (maximum-paths ... selective): set s->multipath from the
	 * neighbor's effective `multipath` in afi once the neighbor-AF item
	 * exists; until then no path counts for a selective multipath set.
	 */
	s->multipath = 0;
	s->owner = p;
	p->ra[afi].src = s;
	return s;
}

/*
 * Every path of the neighbor in afi leaves the Loc-RIB.  One walk of
 * the table: at full-table scale a stall of the loop, to become a
 * resumable flush once the export side can describe a source whose
 * neighbor is gone.
 */
static void
source_drop(struct peer *p, int afi)
{
	struct locrib_source	*s = p->ra[afi].src;

	if (s == NULL)
		return;
	if (bgp_rib.loc[afi] != NULL)
		locrib_flush_source(bgp_rib.loc[afi], s);
	free(s);
	p->ra[afi].src = NULL;
	p->ra[afi].accepted = 0;
	p->ra[afi].nstale = 0;
}

/* Runs the import checks and the inbound policy; *out on permit. */
static int
import_one(struct peer *p, int afi, const struct xprefix *pfx,
    struct bgp_attrs *attrs, struct bgp_attrs **out)
{
	struct import_peer	 ip;
	struct bgp_pol_ctx	 ctx;
	enum import_result	 ir;
	int			 rc;

	memset(&ip, 0, sizeof(ip));
	ip.ebgp = p->conf.ebgp;
	ip.ibgp = !p->conf.ebgp;
	ip.router_as = p->conf.router_as;
	ip.local_as = p->conf.local_as;
	ip.router_id = p->conf.router_id;
	ip.cluster_id = bgp_rib.cluster_id;
	ip.allowas_in = p->conf.af[afi].allowas_in;
	ip.has_policy = p->ra[afi].pol_in != NULL;
	ip.unsafe_ebgp = bgp_rib.unsafe_ebgp;
	if ((ir = bgp_import_check(&ip, attrs)) != IMPORT_OK) {
		log_debug("bgp %s: %s %s denied (%s)", p->name, af_label(afi),
		    "route", import_result_name(ir));
		return BGP_POL_DENY;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	rib_peer_route_ctx(p, &ctx.peer);
	ctx.path_type = p->conf.ebgp ? PATH_EBGP : PATH_IBGP;
	ctx.weight = p->conf.af[afi].has_weight ? p->conf.af[afi].weight : 0;
	rc = bgp_policy_apply(p->ra[afi].pol_in, &ctx, attrs, out);
	if (rc == BGP_POL_ERROR)
		log_warnx("bgp %s: out of memory applying %s", p->name,
		    p->conf.af[afi].policy_in);
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

/* The policy step alone, for the soft-reconfiguration replay too. */
static int
import_to_locrib(struct peer *p, int afi, const struct xprefix *pfx,
    struct bgp_attrs *attrs)
{
	struct locrib_source	*s;
	struct bgp_attrs	*out = NULL;
	int			 rc;

	if (bgp_rib.loc[afi] == NULL)
		return 0;
	if ((s = source_get(p, afi)) == NULL)
		return -1;
	if (import_one(p, afi, pfx, attrs, &out) != BGP_POL_PERMIT) {
		p->afc[afi].denied++;
		if (locrib_withdraw(bgp_rib.loc[afi], pfx, s) == 1 &&
		    p->ra[afi].accepted > 0)
			p->ra[afi].accepted--;
		return 0;
	}
	if (p->conf.af[afi].has_weight && !out->has_weight &&
	    (out = with_weight(out, p->conf.af[afi].weight)) == NULL)
		return -1;
	if (nexthop_track(&out->nexthop) == -1) {
		bgp_attrs_unref(out);
		return -1;
	}
	rc = locrib_update(bgp_rib.loc[afi], pfx, s, out, loop_now());
	if (rc == -1)
		return -1;
	if (rc == 1)
		p->ra[afi].accepted++;
	return 0;
}

int
rib_in_announce(struct peer *p, int afi, const struct xprefix *pfx,
    struct bgp_attrs *attrs)
{
	if (p->conf.af[afi].soft_reconf &&
	    adjrib_add(&p->rib[afi], pfx, bgp_attrs_ref(attrs)) == -1)
		return -1;
	return import_to_locrib(p, afi, pfx, attrs);
}

void
rib_in_withdraw(struct peer *p, int afi, const struct xprefix *pfx)
{
	adjrib_remove(&p->rib[afi], pfx);
	if (p->ra[afi].src == NULL || bgp_rib.loc[afi] == NULL)
		return;
	if (locrib_withdraw(bgp_rib.loc[afi], pfx, p->ra[afi].src) == 1 &&
	    p->ra[afi].accepted > 0)
		p->ra[afi].accepted--;
}

void
rib_in_mark_stale(struct peer *p, int afi)
{
	adjrib_mark_stale(&p->rib[afi]);
	if (p->ra[afi].src != NULL && bgp_rib.loc[afi] != NULL)
		p->ra[afi].nstale = locrib_mark_stale_source(bgp_rib.loc[afi],
		    p->ra[afi].src);
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
	return n;
}

size_t
rib_in_stale_count(const struct peer *p, int afi)
{
	return p->ra[afi].nstale;
}

void
rib_in_drop(struct peer *p, int afi)
{
	adjrib_clear(&p->rib[afi]);
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
replay_one(const struct xprefix *pfx, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	struct replay	*r = arg;

	(void)flags;
	/* the stored set is shared and immutable: the policy copies */
	if (import_to_locrib(r->p, r->afi, pfx, (struct bgp_attrs *)a) == -1)
		r->failed = 1;
	return 0;
}

int
rib_in_replay(struct peer *p, int afi)
{
	struct replay	 r;

	if (!p->conf.af[afi].soft_reconf)
		return -1;
	r.p = p;
	r.afi = afi;
	r.failed = 0;
	adjrib_foreach(&p->rib[afi], replay_one, &r);
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
	}
	nexthop_peer_up(&p->addr);
	updgroup_peer_up(p);
}

void
rib_peer_down(struct peer *p, int graceful)
{
	(void)graceful;
	updgroup_peer_down(p);
	nexthop_peer_down(&p->addr);
}
