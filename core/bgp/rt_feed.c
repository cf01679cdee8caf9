/*
 * rt_feed: the Loc-RIBs' best paths as the routing table's BGP view; see
 * rt_feed.h.
 *
 * The routing table keeps no copy of a BGP route: it asks this view (an
 * exact lookup, a longest match, an ordered walk) and the path is built
 * from the Loc-RIB entry each time, on the stack.  A best-path change
 * costs one test (rt_bgp_wanted) unless something follows BGP routes
 * (the kernel FIB) or a stored route competes with them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/bgp/rt_feed.h"
#include "core/rt/rt.h"

static const struct locrib	*feed_loc[2];

/* Adds gw to the path's next hops unless there already (ECMP set). */
static void
nh_add(struct rt_path *rp, const struct xaddr *gw)
{
	size_t	 i;

	if (rp->nnh == RT_NH_MAX || addr_is_unspecified(gw))
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
 * The B route of a Loc-RIB entry into rp: 0, or -1 when there is none
 * (no best, a locally originated path: the RIB has the route it comes
 * from already, and XR shows B only for learned routes).  An
 * aggregate-address that is best goes as XR installs it: towards Null0
 * at the local distance (200), so that traffic to the parts of it no more
 * specific route covers is dropped rather than looping back.
 */
static int
build(const struct locrib_entry *e, struct rt_path *rp, double *since)
{
	const struct locrib_path	*b, *p;
	const struct bgp_attrs		*a;
	size_t				 i, n;

	if (e == NULL || (b = locrib_entry_best(e)) == NULL)
		return -1;
	a = b->attrs;
	rp->src = RT_SRC_BGP;
	rp->metric = (a->present & BGP_ATTRBIT(BGP_ATTR_MED)) ? a->med : 0;
	rp->tag = 0;
	if (since != NULL)
		*since = b->received;
	if (b->src->local == BGP_LOCAL_AGGREGATE) {
		rp->ibgp = 1;
		rp->distance = RT_DIST_IBGP;
		rp->peer_as = 0;
		rp->nnh = 1;
		memset(&rp->nh[0], 0, sizeof(rp->nh[0]));
		rp->nh[0].blackhole = 1;
		return 0;
	}
	if ((b->flags & LOCRIB_PATH_LOCAL) || addr_is_unspecified(&a->nexthop))
		return -1;
	/* confederation eBGP counts as internal, as in IOS/XR */
	rp->ibgp = !b->src->ebgp || b->src->confed_ebgp;
	rp->distance = rp->ibgp ? RT_DIST_IBGP : RT_DIST_EBGP;
	rp->peer_as = bgp_aspath_first(a->aspath, a->aspath_len);
	rp->nnh = 0;
	nh_add(rp, &a->nexthop);
	/* the multipath set follows the best path in decision order */
	n = locrib_entry_npaths(e);
	for (i = 0; i < n; i++) {
		if ((p = locrib_entry_path(e, i)) == NULL ||
		    !(p->flags & LOCRIB_PATH_MULTIPATH))
			break;
		if (p != b && !(p->flags & LOCRIB_PATH_LOCAL))
			nh_add(rp, &p->attrs->nexthop);
	}
	return 0;
}

/* Whether the entry has a B route, without building it. */
static int
has_route(const struct locrib_entry *e)
{
	const struct locrib_path	*b;

	if (e == NULL || (b = locrib_entry_best(e)) == NULL)
		return 0;
	if (b->src->local == BGP_LOCAL_AGGREGATE)
		return 1;
	return !(b->flags & LOCRIB_PATH_LOCAL) &&
	    !addr_is_unspecified(&b->attrs->nexthop);
}

static const struct locrib *
loc_of(uint8_t af)
{
	return af == AF_V4 ? feed_loc[0] : af == AF_V6 ? feed_loc[1] : NULL;
}

static int
v_exact(const struct xprefix *pfx, struct rt_path *p, double *since,
    void *arg)
{
	const struct locrib	*l = loc_of(pfx->addr.af);

	(void)arg;
	if (l == NULL)
		return -1;
	return build(locrib_lookup(l, pfx), p, since);
}

static int
v_match(const struct xaddr *a, struct xprefix *pfx, struct rt_path *p,
    double *since, void *arg)
{
	const struct locrib		*l = loc_of(a->af);
	const struct locrib_entry	*e;
	struct xprefix			 m;
	int				 len;

	(void)arg;
	if (l == NULL || (e = locrib_match(l, a, &m)) == NULL)
		return -1;
	if (build(e, p, since) == 0) {
		*pfx = m;
		return 0;
	}
	/* the longest one is not a B route (rare): the shorter ones */
	for (len = (int)m.len - 1; len >= 0; len--) {
		prefix_host(a, &m);
		m.len = (uint8_t)len;
		prefix_mask(&m);
		if (build(locrib_lookup(l, &m), p, since) == 0) {
			*pfx = m;
			return 0;
		}
	}
	return -1;
}

static int
v_walk(uint8_t af, rt_bgp_walk_cb cb, void *cbarg, void *arg)
{
	const struct locrib		*l = loc_of(af);
	const struct locrib_entry	*e;
	struct pfxtable_cursor		 c;
	struct rt_path			 p;
	struct xprefix			 pfx;
	double				 since;

	(void)arg;
	if (l == NULL)
		return 0;
	locrib_cursor_init(&c, NULL);
	while (locrib_cursor_next(l, &c, &e) == 1) {
		if (build(e, &p, &since) == -1)
			continue;
		pfx = c.last;
		if (cb(&pfx, &p, since, cbarg))
			return 1;
	}
	return 0;
}

static size_t
v_count(uint8_t af, void *arg)
{
	const struct locrib		*l = loc_of(af);
	const struct locrib_entry	*e;
	struct pfxtable_cursor		 c;
	size_t				 n = 0;

	(void)arg;
	if (l == NULL)
		return 0;
	locrib_cursor_init(&c, NULL);
	while (locrib_cursor_next(l, &c, &e) == 1)
		if (has_route(e))
			n++;
	return n;
}

static void
v_walk_nexthops(const struct xaddr *gw, size_t n, size_t *hits,
    int (*cb)(const struct xprefix *, void *), void *cbarg, void *arg)
{
	const struct locrib_entry	*e;
	const struct xaddr		*at;
	struct pfxtable_cursor		 c;
	struct rt_path			 p;
	struct xprefix			 pfx;
	size_t				 i;
	int				 k, used;

	(void)arg;
	/* an IPv6 next hop may serve IPv4 prefixes (RFC 8950): both */
	for (k = 0; k < 2; k++) {
		if (feed_loc[k] == NULL)
			continue;
		locrib_cursor_init(&c, NULL);
		while (locrib_cursor_next(feed_loc[k], &c, &e) == 1) {
			if (build(e, &p, NULL) == -1)
				continue;
			for (i = 0, used = 0; i < p.nnh; i++)
				if (!p.nh[i].blackhole && (at = bsearch(
				    &p.nh[i].gw, gw, n, sizeof(*gw),
				    addr_qcmp)) != NULL) {
					hits[at - gw]++;
					used = 1;
				}
			if (!used)
				continue;
			pfx = c.last;
			if (cb(&pfx, cbarg))
				return;
		}
	}
}

static const struct rt_bgp_view view = {
	v_exact, v_match, v_walk, v_count, v_walk_nexthops
};

void
rt_feed_init(const struct locrib *v4, const struct locrib *v6)
{
	feed_loc[0] = v4;
	feed_loc[1] = v6;
	rt_set_bgp_view(&view, NULL);
}

void
rt_feed_changed(const struct locrib *rib, const struct xprefix *pfx)
{
	(void)rib;
	if (rt_bgp_wanted())
		rt_bgp_changed(pfx);
}

void
rt_feed_clear(void)
{
	rt_set_bgp_view(NULL, NULL);
	feed_loc[0] = feed_loc[1] = NULL;
}
