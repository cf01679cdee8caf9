/*
 * rt_connected: connected and local routes from the interface table.
 *
 * Every interface event recomputes the whole set (a host has tens of
 * addresses) and offers the difference: simpler than following each
 * event, and right also when two interfaces share a network (one route,
 * a next hop on each).
 */
#include <stdlib.h>
#include <string.h>

#include "core/lib/log.h"
#include "core/rt/rt.h"
#include "core/rt/rt_src.h"
#include "core/sys/iface.h"

struct croute {
	struct xprefix	 pfx;
	enum rt_src	 src;
	size_t		 nif;
	int		 ifindex[RT_NH_MAX];
};

struct cset {
	struct croute	*v;
	size_t		 n, cap;
	int		 err;
};

static struct {
	int		 sub;		/* iface handle; -1 none */
	struct cset	 cur;		/* what is offered now */
} C = { -1, { NULL, 0, 0, 0 } };

static int
link_local(const struct xprefix *p)
{
	return p->addr.af == AF_V6 && p->addr.a[0] == 0xfe &&
	    (p->addr.a[1] & 0xc0) == 0x80;
}

static struct croute *
cset_find(const struct cset *s, const struct xprefix *p, enum rt_src src)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].src == src && prefix_cmp(&s->v[i].pfx, p) == 0)
			return &s->v[i];
	return NULL;
}

static void
cset_add(struct cset *s, const struct xprefix *p, enum rt_src src,
    int ifindex)
{
	struct croute	*r;
	size_t		 i;

	if ((r = cset_find(s, p, src)) == NULL) {
		if (s->n == s->cap) {
			size_t		 cap = s->cap ? s->cap * 2 : 32;
			struct croute	*v = realloc(s->v, cap * sizeof(*v));

			if (v == NULL) {
				s->err = 1;
				return;
			}
			s->v = v;
			s->cap = cap;
		}
		r = &s->v[s->n++];
		memset(r, 0, sizeof(*r));
		r->pfx = *p;
		r->src = src;
	}
	for (i = 0; i < r->nif; i++)
		if (r->ifindex[i] == ifindex)
			return;
	if (r->nif < RT_NH_MAX)
		r->ifindex[r->nif++] = ifindex;
}

static void
collect(const struct iface *ifp, void *arg)
{
	struct cset	*s = arg;
	struct xprefix	 net, host;
	size_t		 i;

	if (!iface_oper_up(ifp))
		return;
	for (i = 0; i < ifp->naddrs; i++) {
		const struct xprefix	*a = &ifp->addrs[i];

		if (link_local(a) || (a->addr.af != AF_V4 &&
		    a->addr.af != AF_V6))
			continue;
		net = *a;
		prefix_mask(&net);
		/* a /32 (/128) address is its own network: L only */
		if (a->len < prefix_maxlen(a))
			cset_add(s, &net, RT_SRC_CONNECTED, ifp->ifindex);
		prefix_host(&a->addr, &host);
		cset_add(s, &host, RT_SRC_LOCAL, ifp->ifindex);
	}
}

static void
offer(const struct croute *r)
{
	struct rt_path	 p;
	size_t		 i;

	memset(&p, 0, sizeof(p));
	p.src = r->src;
	p.distance = RT_DIST_CONNECTED;
	p.nnh = r->nif;
	for (i = 0; i < r->nif; i++)
		p.nh[i].ifindex = r->ifindex[i];
	if (rt_put(&r->pfx, &p) == -1)
		log_warnx("routing table: no memory for a connected route");
}

void
rt_connected_sync(void)
{
	struct cset	 n;
	size_t		 i;

	if (rt_init() == -1)
		return;
	memset(&n, 0, sizeof(n));
	iface_foreach(collect, &n);
	if (n.err) {
		/* keep what is there rather than withdraw on a half view */
		log_warnx("routing table: no memory for the connected routes");
		free(n.v);
		return;
	}
	for (i = 0; i < C.cur.n; i++)
		if (cset_find(&n, &C.cur.v[i].pfx, C.cur.v[i].src) == NULL)
			rt_del(&C.cur.v[i].pfx, C.cur.v[i].src,
			    RT_DIST_CONNECTED);
	for (i = 0; i < n.n; i++)
		offer(&n.v[i]);		/* an unchanged offer is a no-op */
	free(C.cur.v);
	C.cur = n;
}

static void
on_iface(enum iface_event ev, const struct iface *ifp,
    const struct xprefix *a, void *arg)
{
	(void)ev;
	(void)ifp;
	(void)a;
	(void)arg;
	rt_connected_sync();
}

int
rt_connected_start(void)
{
	if (rt_init() == -1)
		return -1;
	if (C.sub == -1 && (C.sub = iface_subscribe(on_iface, NULL)) == -1)
		return -1;
	rt_connected_sync();
	return 0;
}

void
rt_connected_stop(void)
{
	if (C.sub != -1)
		iface_unsubscribe(C.sub);
	C.sub = -1;
	rt_del_src(RT_SRC_CONNECTED);
	rt_del_src(RT_SRC_LOCAL);
	free(C.cur.v);
	memset(&C.cur, 0, sizeof(C.cur));
}
