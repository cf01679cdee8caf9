/*
 * rt_static: `router static` into the RIB.
 *
 * The committed configuration is kept (a copy) so that an interface event
 * can apply it again: a route on an interface is offered only while the
 * interface exists and is up, with that interface's current index.  Each
 * apply builds the whole set of (prefix, distance) paths and offers the
 * difference from the previous one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config/static_cfg.h"
#include "core/lib/log.h"
#include "core/rt/rt.h"
#include "core/rt/rt_src.h"
#include "core/sys/iface.h"

struct sroute {
	struct xprefix	 pfx;		/* masked */
	struct rt_path	 path;
};

static struct {
	struct static_cfg *cfg;		/* the applied copy; NULL none */
	struct sroute	*cur;		/* what is offered now */
	size_t		 ncur;
	int		 sub;		/* iface handle; -1 none */
} S = { NULL, NULL, 0, -1 };

static int
sroute_cmp(const void *a, const void *b)
{
	const struct sroute	*x = a, *y = b;
	int			 c;

	if ((c = prefix_cmp(&x->pfx, &y->pfx)) != 0)
		return c;
	return (int)x->path.distance - (int)y->path.distance;
}

/* The next hop of one line; 0 not usable now (its interface). */
static int
line_nh(const struct static_route *r, struct rt_nh *nh)
{
	const struct iface	*ifp;

	memset(nh, 0, sizeof(*nh));
	if (static_route_is_null0(r)) {
		nh->blackhole = 1;
		return 1;
	}
	if (r->ifname[0] != '\0') {
		if ((ifp = iface_by_name(r->ifname)) == NULL ||
		    !iface_oper_up(ifp))
			return 0;
		nh->ifindex = ifp->ifindex;
	}
	nh->gw = r->nh;
	return nh->ifindex > 0 || nh->gw.af != 0;
}

/* The paths cfg offers now, sorted; -1 on allocation failure. */
static int
build(const struct static_cfg *cfg, struct sroute **out, size_t *nout)
{
	struct sroute	*v = NULL, *g;
	size_t		 n = 0, cap = 0, i, k, first;
	int		 afi;

	*out = NULL;
	*nout = 0;
	for (afi = 0; cfg != NULL && afi < STATIC_AFI_COUNT; afi++) {
		const struct static_af	*af = &cfg->af[afi];

		if (!af->present)
			continue;
		first = n;	/* groups of this family start here */
		for (i = 0; i < af->n; i++) {
			const struct static_route	*r = &af->v[i];
			struct xprefix			 pfx = r->pfx;
			uint8_t				 d;
			struct rt_nh			 nh;

			d = r->distance ? r->distance : STATIC_DISTANCE_DEFAULT;
			prefix_mask(&pfx);
			if (!line_nh(r, &nh))
				continue;
			/* lines are in prefix order: look back only over
			 * this prefix's groups */
			g = NULL;
			for (k = n; k-- > first &&
			    prefix_cmp(&v[k].pfx, &pfx) == 0;)
				if (v[k].path.distance == d) {
					g = &v[k];
					break;
				}
			if (g == NULL) {
				if (n == cap) {
					size_t		 c = cap ? cap * 2 : 16;
					struct sroute	*nv;

					if ((nv = realloc(v, c * sizeof(*nv)))
					    == NULL) {
						free(v);
						return -1;
					}
					v = nv;
					cap = c;
				}
				g = &v[n++];
				memset(g, 0, sizeof(*g));
				g->pfx = pfx;
				g->path.src = RT_SRC_STATIC;
				g->path.distance = d;
			}
			if (r->has_tag && g->path.tag == 0)
				g->path.tag = r->tag;
			if (g->path.nnh < RT_NH_MAX)
				g->path.nh[g->path.nnh++] = nh;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), sroute_cmp);
	*out = v;
	*nout = n;
	return 0;
}

static int
offer(const struct static_cfg *cfg)
{
	struct sroute	*v;
	size_t		 n, i;
	int		 rc = 0;

	if (rt_init() == -1 || build(cfg, &v, &n) == -1) {
		log_warnx("routing table: no memory for the static routes");
		return -1;
	}
	for (i = 0; i < S.ncur; i++)
		if (n == 0 || bsearch(&S.cur[i], v, n, sizeof(*v),
		    sroute_cmp) == NULL)
			rt_del(&S.cur[i].pfx, RT_SRC_STATIC,
			    S.cur[i].path.distance);
	for (i = 0; i < n; i++)
		if (rt_put(&v[i].pfx, &v[i].path) == -1)
			rc = -1;
	if (rc == -1)
		log_warnx("routing table: no memory for a static route");
	free(S.cur);
	S.cur = v;
	S.ncur = n;
	return rc;
}

static void
on_iface(enum iface_event ev, const struct iface *ifp,
    const struct xprefix *a, void *arg)
{
	(void)a;
	(void)arg;
	(void)ifp;
	/* addresses do not change which interface lines are usable */
	if (ev == IFACE_EV_LINK || ev == IFACE_EV_GONE)
		offer(S.cfg);
}

int
rt_static_apply(const struct static_cfg *cfg)
{
	struct static_cfg	*copy = NULL;

	if (cfg != NULL && (copy = static_cfg_dup(cfg)) == NULL) {
		log_warnx("routing table: no memory for the static routes");
		return -1;
	}
	static_cfg_free(S.cfg);
	S.cfg = copy;
	if (S.sub == -1)
		S.sub = iface_subscribe(on_iface, NULL);
	return offer(S.cfg);
}

void
rt_static_stop(void)
{
	if (S.sub != -1)
		iface_unsubscribe(S.sub);
	S.sub = -1;
	rt_del_src(RT_SRC_STATIC);
	static_cfg_free(S.cfg);
	free(S.cur);
	S.cfg = NULL;
	S.cur = NULL;
	S.ncur = 0;
}

int
rt_sources_start(void)
{
	if (rt_init() == -1)
		return -1;
	return rt_connected_start();
}

void
rt_sources_stop(void)
{
	rt_static_stop();
	rt_connected_stop();
	rt_free();
}
