/*
 * rt_feed: the Loc-RIBs' best paths into the routing table; see
 * rt_feed.h.
 *
 * This runs once per best-path change, so at full-table load once per
 * prefix: no allocation here (the path is built on the stack, only its
 * used next hops written) and one lookup of the entry the Loc-RIB has
 * just decided.  The key of a path in the RIB is (prefix, source,
 * distance), so a best path moving between eBGP and iBGP must remove the
 * path of the other distance too.
 */
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/bgp/rt_feed.h"
#include "core/lib/log.h"
#include "core/rt/rt.h"

/* No next hop, or 0.0.0.0 / :: : a locally originated path. */
static int
unspecified(const struct xaddr *a)
{
	size_t	 i, n;

	if (a->af != AF_V4 && a->af != AF_V6)
		return 1;
	n = a->af == AF_V4 ? 4 : 16;
	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}

static void
del_both(const struct xprefix *pfx)
{
	rt_del(pfx, RT_SRC_BGP, RT_DIST_EBGP);
	rt_del(pfx, RT_SRC_BGP, RT_DIST_IBGP);
}

/* Adds gw to the path's next hops unless there already (ECMP set). */
static void
nh_add(struct rt_path *rp, const struct xaddr *gw)
{
	size_t	 i;

	if (rp->nnh == RT_NH_MAX || unspecified(gw))
		return;
	for (i = 0; i < rp->nnh; i++)
		if (addr_cmp(&rp->nh[i].gw, gw) == 0)
			return;
	rp->nh[rp->nnh].gw = *gw;
	rp->nh[rp->nnh].ifindex = 0;
	rp->nh[rp->nnh].blackhole = 0;
	rp->nnh++;
}

/*
 * An aggregate-address that is best: XR installs it towards Null0 at
 * the local distance (200), so that traffic to the parts of it no more
 * specific route covers is dropped rather than looping back.
 */
static void
put_discard(const struct xprefix *pfx, const struct bgp_attrs *a)
{
	struct rt_path	 rp;

	rp.src = RT_SRC_BGP;
	rp.ibgp = 1;
	rp.distance = RT_DIST_IBGP;
	rp.metric = (a->present & BGP_ATTRBIT(BGP_ATTR_MED)) ? a->med : 0;
	rp.tag = 0;
	rp.peer_as = 0;
	rp.nnh = 1;
	memset(&rp.nh[0], 0, sizeof(rp.nh[0]));
	rp.nh[0].blackhole = 1;
	if (rt_put(pfx, &rp) == -1) {
		log_warnx("%s: out of memory: aggregate not in the RIB",
		    __func__);
		del_both(pfx);
		return;
	}
	rt_del(pfx, RT_SRC_BGP, RT_DIST_EBGP);
}

void
rt_feed_changed(const struct locrib *rib, const struct xprefix *pfx)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*b, *p;
	const struct bgp_attrs		*a;
	struct rt_path			 rp;	/* not zeroed: nh[] is large */
	size_t				 i, n;

	if ((e = locrib_lookup(rib, pfx)) == NULL ||
	    (b = locrib_entry_best(e)) == NULL) {
		del_both(pfx);
		return;
	}
	a = b->attrs;
	if (b->src->local == BGP_LOCAL_AGGREGATE) {
		put_discard(pfx, a);
		return;
	}
	if ((b->flags & LOCRIB_PATH_LOCAL) || unspecified(&a->nexthop)) {
		del_both(pfx);
		return;
	}
	rp.src = RT_SRC_BGP;
	/* confederation eBGP counts as internal, as in IOS/XR */
	rp.ibgp = !b->src->ebgp || b->src->confed_ebgp;
	rp.distance = rp.ibgp ? RT_DIST_IBGP : RT_DIST_EBGP;
	rp.metric = (a->present & BGP_ATTRBIT(BGP_ATTR_MED)) ? a->med : 0;
	rp.tag = 0;
	rp.peer_as = bgp_aspath_first(a->aspath, a->aspath_len);
	rp.nnh = 0;
	nh_add(&rp, &a->nexthop);
	/* the multipath set follows the best path in decision order */
	n = locrib_entry_npaths(e);
	for (i = 0; i < n; i++) {
		if ((p = locrib_entry_path(e, i)) == NULL ||
		    !(p->flags & LOCRIB_PATH_MULTIPATH))
			break;
		if (p != b && !(p->flags & LOCRIB_PATH_LOCAL))
			nh_add(&rp, &p->attrs->nexthop);
	}
	if (rt_put(pfx, &rp) == -1) {
		/* the old B route (if any) would point the wrong way */
		log_warnx("%s: out of memory: B route withdrawn", __func__);
		del_both(pfx);
		return;
	}
	rt_del(pfx, RT_SRC_BGP, rp.ibgp ? RT_DIST_EBGP : RT_DIST_IBGP);
}

void
rt_feed_clear(void)
{
	rt_del_src(RT_SRC_BGP);
}
