/*
 * A BGP view (core/rt/rt.h struct rt_bgp_view) over a sorted array, for
 * the unit tests and benches of core/rt that fed B routes by rt_put
 * before the table stopped storing them.  Header-only (static): include
 * it in one file.
 *
 * fake_bgp_init() after rt_init(); fake_bgp_put / fake_bgp_del tell the
 * table (rt_bgp_changed) as rt_feed does; fake_bgp_clear removes every
 * route; fake_bgp_free before rt_free.
 */
#ifndef XR_TESTS_RT_FAKEBGP_H
#define XR_TESTS_RT_FAKEBGP_H

#include <stdlib.h>
#include <string.h>

#include "core/lib/loop.h"
#include "core/rt/rt.h"

struct fake_route {
	struct xprefix		 pfx;
	const struct rt_path	*p;	/* interned in fake.paths */
	double			 since;
};

static struct {
	struct fake_route	*v;
	size_t			 n, cap;
	struct rt_path		**paths;
	size_t			 npaths;
} fake;

/* Index of pfx or of where it goes; *found. */
static inline size_t
fake_find(const struct xprefix *pfx, int *found)
{
	size_t	 lo = 0, hi = fake.n;
	int	 c;

	*found = 0;
	if (fake.n > 0 && prefix_cmp(&fake.v[fake.n - 1].pfx, pfx) < 0)
		return fake.n;		/* appending, as benches do */
	while (lo < hi) {
		size_t	 mid = (lo + hi) / 2;

		if ((c = prefix_cmp(&fake.v[mid].pfx, pfx)) == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static inline const struct rt_path *
fake_path(const struct rt_path *p)
{
	struct rt_path	 n, **v;
	size_t		 i;

	memset(&n, 0, sizeof(n));
	n.src = p->src;
	n.distance = p->distance;
	n.metric = p->metric;
	n.tag = p->tag;
	n.ibgp = p->ibgp;
	n.peer_as = p->peer_as;
	n.nnh = p->nnh;
	for (i = 0; i < p->nnh && i < RT_NH_MAX; i++) {
		n.nh[i].ifindex = p->nh[i].ifindex;
		n.nh[i].blackhole = p->nh[i].blackhole;
		n.nh[i].gw.af = p->nh[i].gw.af;
		memcpy(n.nh[i].gw.a, p->nh[i].gw.a, sizeof(n.nh[i].gw.a));
	}
	for (i = 0; i < fake.npaths; i++)
		if (memcmp(fake.paths[i], &n, sizeof(n)) == 0)
			return fake.paths[i];
	if ((v = realloc(fake.paths, (fake.npaths + 1) * sizeof(*v))) ==
	    NULL)
		abort();
	fake.paths = v;
	if ((v[fake.npaths] = malloc(sizeof(n))) == NULL)
		abort();
	*v[fake.npaths] = n;
	return v[fake.npaths++];
}

static inline int
fake_exact(const struct xprefix *pfx, struct rt_path *p, double *since,
    void *arg)
{
	size_t	 i;
	int	 found;

	(void)arg;
	i = fake_find(pfx, &found);
	if (!found)
		return -1;
	*p = *fake.v[i].p;
	*since = fake.v[i].since;
	return 0;
}

static inline int
fake_match(const struct xaddr *a, struct xprefix *pfx, struct rt_path *p,
    double *since, void *arg)
{
	struct xprefix	 m;
	int		 len;

	for (len = a->af == AF_V6 ? 128 : 32; len >= 0; len--) {
		prefix_host(a, &m);
		m.len = (uint8_t)len;
		prefix_mask(&m);
		if (fake_exact(&m, p, since, arg) == 0) {
			*pfx = m;
			return 0;
		}
	}
	return -1;
}

static inline int
fake_walk(uint8_t af, rt_bgp_walk_cb cb, void *cbarg, void *arg)
{
	size_t	 i;

	(void)arg;
	for (i = 0; i < fake.n; i++)
		if (fake.v[i].pfx.addr.af == af &&
		    cb(&fake.v[i].pfx, fake.v[i].p, fake.v[i].since, cbarg))
			return 1;
	return 0;
}

static inline size_t
fake_count(uint8_t af, void *arg)
{
	size_t	 i, n = 0;

	(void)arg;
	for (i = 0; i < fake.n; i++)
		if (fake.v[i].pfx.addr.af == af)
			n++;
	return n;
}

static inline void
fake_walk_nexthops(const struct xaddr *gw, size_t n, size_t *hits,
    int (*cb)(const struct xprefix *, void *), void *cbarg, void *arg)
{
	const struct xaddr	*at;
	size_t			 i, j;
	int			 used;

	(void)arg;
	for (i = 0; i < fake.n; i++) {
		for (j = 0, used = 0; j < fake.v[i].p->nnh; j++)
			if ((at = bsearch(&fake.v[i].p->nh[j].gw, gw, n,
			    sizeof(*gw), addr_qcmp)) != NULL) {
				hits[at - gw]++;
				used = 1;
			}
		if (used && cb(&fake.v[i].pfx, cbarg))
			return;
	}
}

static const struct rt_bgp_view fake_view = {
	fake_exact, fake_match, fake_walk, fake_count, fake_walk_nexthops
};

static inline void
fake_bgp_init(void)
{
	rt_set_bgp_view(&fake_view, NULL);
}

static inline int
fake_bgp_put(const struct xprefix *in, const struct rt_path *p)
{
	struct xprefix	 pfx = *in;
	size_t		 i;
	int		 found;

	prefix_mask(&pfx);
	i = fake_find(&pfx, &found);
	if (!found) {
		if (fake.n == fake.cap) {
			size_t			 cap = fake.cap ? fake.cap * 2 : 64;
			struct fake_route	*v = realloc(fake.v,
						    cap * sizeof(*v));

			if (v == NULL)
				return -1;
			fake.v = v;
			fake.cap = cap;
		}
		memmove(&fake.v[i + 1], &fake.v[i],
		    (fake.n - i) * sizeof(*fake.v));
		fake.n++;
		fake.v[i].pfx = pfx;
		fake.v[i].since = loop_now();
	} else if (memcmp(fake.v[i].p, fake_path(p), sizeof(*p)) == 0)
		return 0;
	fake.v[i].p = fake_path(p);
	if (rt_bgp_wanted())
		rt_bgp_changed(&pfx);
	return 0;
}

static inline void
fake_bgp_del(const struct xprefix *in)
{
	struct xprefix	 pfx = *in;
	size_t		 i;
	int		 found;

	prefix_mask(&pfx);
	i = fake_find(&pfx, &found);
	if (!found)
		return;
	memmove(&fake.v[i], &fake.v[i + 1], (fake.n - i - 1) *
	    sizeof(*fake.v));
	fake.n--;
	if (rt_bgp_wanted())
		rt_bgp_changed(&pfx);
}

/* Every route gone, each told. */
static inline void
fake_bgp_clear(void)
{
	while (fake.n > 0) {
		struct xprefix	 pfx = fake.v[fake.n - 1].pfx;

		fake_bgp_del(&pfx);
	}
}

static inline void
fake_bgp_free(void)
{
	size_t	 i;

	rt_set_bgp_view(NULL, NULL);
	for (i = 0; i < fake.npaths; i++)
		free(fake.paths[i]);
	free(fake.paths);
	free(fake.v);
	memset(&fake, 0, sizeof(fake));
}

#endif
