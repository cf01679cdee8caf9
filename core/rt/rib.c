/*
 * rib: the routing table behind rt.h.
 *
 * Per address family a pfxtable maps a prefix to an entry; an entry holds
 * the paths offered for the prefix, each keyed by (source, distance),
 * the index of the selected one and its next hops resolved.
 *
 * BGP routes are not stored: the view (struct rt_bgp_view) is asked at
 * every query and merged with the entries here.  An entry a BGP path
 * could win against (no usable path of its own, or a distance above
 * eBGP's: floating statics) is followed on BGP changes too (bwin: the
 * view's path is the selection), so that next hops never resolve
 * through a prefix whose selection is BGP.
 *
 * Memory: paths are interned (struct ipath: the attributes and the
 * next-hop set, refcounted, shared by every prefix offered the same),
 * and so are resolved next-hop sets (struct fwdset); an entry with one
 * path keeps the pointer inline.
 *
 * Resolution: a next hop with an interface is used as it is; one with
 * only an address is resolved through the longest selected route that
 * is not a BGP route (and, for BGP, not a default route), recursively
 * through that route's own next hops, never through a prefix already on
 * the way (so loops fail at once) and at most RIB_DEPTH deep.  BGP next
 * hops go through a cache per address (struct nhc), so a BGP path costs
 * one lookup per next hop; after an IGP change each cached address is
 * resolved again and, for a BGP subscriber, the prefixes using one that
 * moved are found through the view (walk_nexthops).  A cached address no
 * prefix uses any more is dropped then.
 *
 * Non-BGP routes with recursive next hops (static routes, few) are kept
 * in a list and re-resolved whenever a non-BGP selection changes; that
 * repeats until nothing moves (bounded), then the BGP next-hop cache is
 * refreshed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/lib/loop.h"
#include "core/lib/pfxtable.h"
#include "core/rt/rt.h"

#define RIB_DEPTH	8	/* recursion bound */
#define RIB_ROUNDS	(RIB_DEPTH + 2)
#define RIB_SUBS	8

/* A resolved next-hop set, interned. */
struct fwdset {
	struct fwdset	*next;		/* hash chain */
	uint32_t	 hash;
	uint32_t	 refs;
	size_t		 nfwd;
	struct rt_fwd	 fwd[RT_NH_MAX];
};

/* A cached resolution of a BGP next-hop address. */
struct nhc {
	struct nhc	*next;
	struct xaddr	 gw;
	uint32_t	 metric;
	uint8_t		 changed;
	struct fwdset	*fwd;		/* NULL: unreachable */
	struct xprefix	 via;		/* the resolving prefix */
};

/* An offered path, interned. */
struct ipath {
	struct ipath	*next;
	uint32_t	 hash;
	uint32_t	 refs;
	struct rt_path	 p;
};

struct rt_entry {
	struct xprefix	 pfx;
	uint8_t		 npaths;
	uint8_t		 rec;		/* on the recursive list, at recidx */
	uint8_t		 bwin;		/* the view's path is the selection */
	uint8_t		 mayloose;	/* a BGP path could win (counted in
					   R.nfloat) */
	uint32_t	 igp;
	size_t		 recidx;
	union {
		struct ipath	 *one;
		struct ipath	**many;
	}		 u;
	struct ipath	*sel;		/* referenced; NULL: none usable */
	struct fwdset	*fwd;		/* of the selected path */
	double		 since;
};

struct htab {
	void		**b;
	size_t		 nb, n;
};

static struct {
	int		 init;
	struct pfxtable	*tbl[2];
	struct htab	 paths, fwds, nhcs;
	struct rt_entry	**rec;		/* non-BGP entries with recursive nh */
	size_t		 nrec, caprec;
	size_t		 counts[2][RT_SRC_COUNT];
	struct {
		rt_change_cb	 cb;
		void		*arg;
		int		 bgp;
	}		 subs[RIB_SUBS];
	int		 nbgpsubs;
	size_t		 nfloat;	/* entries with mayloose */
	const struct rt_bgp_view *view;
	void		*varg;
	int		 nonbgp_changed;
	int		 settling;
} R;

static int	 afi(uint8_t af) { return af == AF_V6 ? 1 : 0; }

static struct pfxtable *
tbl_of(uint8_t af)
{
	if (af != AF_V4 && af != AF_V6)
		return NULL;
	return R.tbl[afi(af)];
}

/* ---- hashing ---- */

static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t	*b = p;

	while (n-- > 0) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

static uint32_t
hash_addr(uint32_t h, const struct xaddr *a)
{
	h = fnv(h, &a->af, 1);
	return fnv(h, a->a, a->af == AF_V6 ? 16 : a->af == AF_V4 ? 4 : 0);
}

static int
addr_eq(const struct xaddr *a, const struct xaddr *b)
{
	if (a->af != b->af)
		return 0;
	return memcmp(a->a, b->a, a->af == AF_V6 ? 16 :
	    a->af == AF_V4 ? 4 : 0) == 0;
}

static int
htab_grow(struct htab *h, void *(*nextp)(void *), uint32_t (*hashof)(void *),
    void (*setnext)(void *, void *))
{
	size_t	 nb = h->nb ? h->nb * 2 : 64, i;
	void	**b;

	if ((b = calloc(nb, sizeof(*b))) == NULL)
		return -1;
	for (i = 0; i < h->nb; i++) {
		void	*e = h->b[i], *n;

		for (; e != NULL; e = n) {
			size_t	 k = hashof(e) & (nb - 1);

			n = nextp(e);
			setnext(e, b[k]);
			b[k] = e;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
	return 0;
}

static void	*fs_next(void *e) { return ((struct fwdset *)e)->next; }
static uint32_t	 fs_hash(void *e) { return ((struct fwdset *)e)->hash; }
static void	 fs_setnext(void *e, void *n) { ((struct fwdset *)e)->next = n; }
static void	*ip_next(void *e) { return ((struct ipath *)e)->next; }
static uint32_t	 ip_hash(void *e) { return ((struct ipath *)e)->hash; }
static void	 ip_setnext(void *e, void *n) { ((struct ipath *)e)->next = n; }
static void	*nc_next(void *e) { return ((struct nhc *)e)->next; }
static uint32_t	 nc_hash(void *e) { return hash_addr(2166136261u,
		    &((struct nhc *)e)->gw); }
static void	 nc_setnext(void *e, void *n) { ((struct nhc *)e)->next = n; }

static void
htab_unlink(struct htab *h, void *e, uint32_t hash, void *(*nextp)(void *),
    void (*setnext)(void *, void *))
{
	size_t	 k = hash & (h->nb - 1);
	void	*p, *prev = NULL;

	for (p = h->b[k]; p != NULL; prev = p, p = nextp(p)) {
		if (p != e)
			continue;
		if (prev == NULL)
			h->b[k] = nextp(p);
		else
			setnext(prev, nextp(p));
		h->n--;
		return;
	}
}

/* ---- interned forwarding sets ---- */

static uint32_t
fwd_hash(const struct rt_fwd *f, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h = hash_addr(h, &f[i].gw);
		h = fnv(h, &f[i].ifindex, sizeof(f[i].ifindex));
		h = fnv(h, &f[i].blackhole, 1);
	}
	return fnv(h, &n, sizeof(n));
}

static int
fwd_eq(const struct rt_fwd *a, const struct rt_fwd *b)
{
	return addr_eq(&a->gw, &b->gw) && a->ifindex == b->ifindex &&
	    a->blackhole == b->blackhole;
}

/* A referenced set equal to f[0..n), NULL on allocation failure. */
static struct fwdset *
fwd_intern(const struct rt_fwd *f, size_t n)
{
	uint32_t	 h = fwd_hash(f, n);
	struct fwdset	*s;
	size_t		 i;

	if (R.fwds.nb > 0)
		for (s = R.fwds.b[h & (R.fwds.nb - 1)]; s != NULL;
		    s = s->next) {
			if (s->hash != h || s->nfwd != n)
				continue;
			for (i = 0; i < n && fwd_eq(&s->fwd[i], &f[i]); i++)
				;
			if (i == n) {
				s->refs++;
				return s;
			}
		}
	if (R.fwds.n >= R.fwds.nb &&
	    htab_grow(&R.fwds, fs_next, fs_hash, fs_setnext) == -1)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->hash = h;
	s->refs = 1;
	s->nfwd = n;
	memcpy(s->fwd, f, n * sizeof(*f));
	s->next = R.fwds.b[h & (R.fwds.nb - 1)];
	R.fwds.b[h & (R.fwds.nb - 1)] = s;
	R.fwds.n++;
	return s;
}

static void
fwd_unref(struct fwdset *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	htab_unlink(&R.fwds, s, s->hash, fs_next, fs_setnext);
	free(s);
}

/* ---- resolution ---- */

struct fwdbuf {
	size_t		 n;
	struct rt_fwd	 f[RT_NH_MAX];
};

static void
fwdbuf_add(struct fwdbuf *b, const struct xaddr *gw, int ifindex,
    uint8_t blackhole)
{
	struct rt_fwd	 f;
	size_t		 i;

	memset(&f, 0, sizeof(f));
	if (gw != NULL && gw->af != 0) {
		f.gw.af = gw->af;
		memcpy(f.gw.a, gw->a, gw->af == AF_V6 ? 16 : 4);
	}
	f.ifindex = blackhole ? 0 : ifindex;
	f.blackhole = blackhole;
	for (i = 0; i < b->n; i++)
		if (fwd_eq(&b->f[i], &f))
			return;
	if (b->n < RT_NH_MAX)
		b->f[b->n++] = f;
}

static const struct rt_path *
sel_path(const struct rt_entry *e)
{
	return e->sel != NULL ? &e->sel->p : NULL;
}

static struct ipath *
path_at(const struct rt_entry *e, size_t i)
{
	return e->npaths == 1 ? e->u.one : e->u.many[i];
}

struct covering {
	const struct xprefix *const *stack;
	size_t		 nstack;
	int		 for_bgp;
	struct rt_entry	*best;
};

static int
covering_cb(const struct xprefix *p, void *value, void *arg)
{
	struct covering		*c = arg;
	struct rt_entry		*e = value;
	const struct rt_path	*sp = sel_path(e);
	size_t			 i;

	(void)p;
	if (sp == NULL || e->bwin)
		return 0;
	if (c->for_bgp && e->pfx.len == 0)
		return 0;
	for (i = 0; i < c->nstack; i++)
		if (prefix_cmp(c->stack[i], &e->pfx) == 0)
			return 0;
	c->best = e;			/* shortest first: the last one wins */
	return 0;
}

/*
 * The longest selected non-BGP route for gw that is not on the stack.
 */
static struct rt_entry *
resolving_route(const struct xaddr *gw, const struct xprefix *const *stack,
    size_t nstack, int for_bgp)
{
	struct pfxtable	*t = tbl_of(gw->af);
	struct covering	 c = { stack, nstack, for_bgp, NULL };
	struct xprefix	 host;

	if (t == NULL)
		return NULL;
	prefix_host(gw, &host);
	pfxtable_walk_covering(t, &host, covering_cb, &c);
	return c.best;
}

static void	resolve_gw(const struct xaddr *, const struct xprefix **,
		    size_t, int, struct fwdbuf *, uint32_t *, struct xprefix *);

/*
 * The next hops of a path resolved into b; stack holds the prefixes
 * already on the way (the path's own first).
 */
static void
resolve_path(const struct rt_path *p, const struct xprefix **stack,
    size_t nstack, int for_bgp, struct fwdbuf *b, uint32_t *metric)
{
	size_t	 i;

	for (i = 0; i < p->nnh; i++) {
		const struct rt_nh	*nh = &p->nh[i];

		if (nh->blackhole)
			fwdbuf_add(b, NULL, 0, 1);
		else if (nh->ifindex > 0)
			fwdbuf_add(b, &nh->gw, nh->ifindex, 0);
		else if (nh->gw.af != 0)
			resolve_gw(&nh->gw, stack, nstack, for_bgp, b, metric,
			    NULL);
	}
}

static void
resolve_gw(const struct xaddr *gw, const struct xprefix **stack,
    size_t nstack, int for_bgp, struct fwdbuf *b, uint32_t *metric,
    struct xprefix *via)
{
	struct rt_entry		*e;
	const struct rt_path	*p;
	struct fwdbuf		 sub;
	size_t			 i;

	if (nstack >= RIB_DEPTH)
		return;
	if ((e = resolving_route(gw, stack, nstack, for_bgp)) == NULL)
		return;
	p = sel_path(e);
	if (via != NULL)
		*via = e->pfx;
	if (metric != NULL && nstack <= 1)
		*metric = p->metric;
	stack[nstack] = &e->pfx;
	memset(&sub, 0, sizeof(sub));
	resolve_path(p, stack, nstack + 1, for_bgp, &sub, NULL);
	for (i = 0; i < sub.n; i++) {
		if (sub.f[i].blackhole)
			fwdbuf_add(b, NULL, 0, 1);
		else if (sub.f[i].gw.af == 0)	/* gw is on that link */
			fwdbuf_add(b, gw, sub.f[i].ifindex, 0);
		else
			fwdbuf_add(b, &sub.f[i].gw, sub.f[i].ifindex, 0);
	}
}

/* ---- the BGP next-hop cache ---- */

static struct nhc *
nhc_find(const struct xaddr *gw)
{
	uint32_t	 h = hash_addr(2166136261u, gw);
	struct nhc	*c;

	if (R.nhcs.nb == 0)
		return NULL;
	for (c = R.nhcs.b[h & (R.nhcs.nb - 1)]; c != NULL; c = c->next)
		if (addr_eq(&c->gw, gw))
			return c;
	return NULL;
}

/* Resolves c afresh; 1 if the result moved. */
static int
nhc_resolve(struct nhc *c)
{
	const struct xprefix	*stack[RIB_DEPTH + 1];
	struct fwdbuf		 b;
	uint32_t		 metric = 0;
	struct xprefix		 via;
	struct fwdset		*s = NULL;

	memset(&b, 0, sizeof(b));
	memset(&via, 0, sizeof(via));
	resolve_gw(&c->gw, stack, 0, 1, &b, &metric, &via);
	if (b.n > 0 && (s = fwd_intern(b.f, b.n)) == NULL)
		return 0;	/* keep the old result rather than lose it */
	if (s == c->fwd && metric == c->metric &&
	    (s == NULL || prefix_cmp(&via, &c->via) == 0)) {
		fwd_unref(s);
		return 0;
	}
	fwd_unref(c->fwd);
	c->fwd = s;
	c->metric = metric;
	c->via = via;
	return 1;
}

/* The cache entry of gw, made on first use; NULL on allocation. */
static struct nhc *
nhc_get(const struct xaddr *gw)
{
	struct nhc	*c;
	uint32_t	 h;

	if ((c = nhc_find(gw)) != NULL)
		return c;
	if (R.nhcs.n >= R.nhcs.nb &&
	    htab_grow(&R.nhcs, nc_next, nc_hash, nc_setnext) == -1)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->gw = *gw;
	nhc_resolve(c);
	h = nc_hash(c);
	c->next = R.nhcs.b[h & (R.nhcs.nb - 1)];
	R.nhcs.b[h & (R.nhcs.nb - 1)] = c;
	R.nhcs.n++;
	return c;
}

static void
nhc_drop(struct nhc *c)
{
	htab_unlink(&R.nhcs, c, nc_hash(c), nc_next, nc_setnext);
	fwd_unref(c->fwd);
	free(c);
}

/* ---- interned paths ---- */

/* p with every unused byte zero, so that paths compare field by field. */
static void
path_norm(const struct rt_path *in, struct rt_path *out)
{
	size_t	 i;

	memset(out, 0, sizeof(*out));
	out->src = in->src;
	out->distance = in->distance;
	out->metric = in->metric;
	out->tag = in->tag;
	out->ibgp = in->ibgp;
	out->peer_as = in->peer_as;
	out->nnh = in->nnh;
	for (i = 0; i < in->nnh; i++) {
		const struct rt_nh	*a = &in->nh[i];
		struct rt_nh		*b = &out->nh[i];

		b->blackhole = a->blackhole ? 1 : 0;
		if (b->blackhole)
			continue;
		b->ifindex = a->ifindex > 0 ? a->ifindex : 0;
		if (a->gw.af == AF_V4 || a->gw.af == AF_V6) {
			b->gw.af = a->gw.af;
			memcpy(b->gw.a, a->gw.a, a->gw.af == AF_V6 ? 16 : 4);
		}
	}
}

static uint32_t
path_hash(const struct rt_path *p)
{
	uint32_t	 h = 2166136261u, v[6];
	size_t		 i;

	v[0] = p->src;
	v[1] = p->distance;
	v[2] = p->metric;
	v[3] = p->tag;
	v[4] = p->ibgp;
	v[5] = p->peer_as;
	h = fnv(h, v, sizeof(v));
	for (i = 0; i < p->nnh; i++) {
		h = hash_addr(h, &p->nh[i].gw);
		h = fnv(h, &p->nh[i].ifindex, sizeof(int));
		h = fnv(h, &p->nh[i].blackhole, 1);
	}
	return fnv(h, &p->nnh, sizeof(p->nnh));
}

static int
path_eq(const struct rt_path *a, const struct rt_path *b)
{
	size_t	 i;

	if (a->src != b->src || a->distance != b->distance ||
	    a->metric != b->metric || a->tag != b->tag ||
	    a->ibgp != b->ibgp || a->peer_as != b->peer_as ||
	    a->nnh != b->nnh)
		return 0;
	for (i = 0; i < a->nnh; i++)
		if (!addr_eq(&a->nh[i].gw, &b->nh[i].gw) ||
		    a->nh[i].ifindex != b->nh[i].ifindex ||
		    a->nh[i].blackhole != b->nh[i].blackhole)
			return 0;
	return 1;
}

static void
path_unref(struct ipath *ip)
{
	if (ip == NULL || --ip->refs > 0)
		return;
	htab_unlink(&R.paths, ip, ip->hash, ip_next, ip_setnext);
	free(ip);
}

static struct ipath *
path_intern(const struct rt_path *in)
{
	struct rt_path	 p;
	struct ipath	*ip;
	uint32_t	 h;

	path_norm(in, &p);
	h = path_hash(&p);
	if (R.paths.nb > 0)
		for (ip = R.paths.b[h & (R.paths.nb - 1)]; ip != NULL;
		    ip = ip->next)
			if (ip->hash == h && path_eq(&ip->p, &p)) {
				ip->refs++;
				return ip;
			}
	if (R.paths.n >= R.paths.nb &&
	    htab_grow(&R.paths, ip_next, ip_hash, ip_setnext) == -1)
		return NULL;
	if ((ip = calloc(1, sizeof(*ip))) == NULL)
		return NULL;
	ip->p = p;
	ip->hash = h;
	ip->refs = 1;
	ip->next = R.paths.b[h & (R.paths.nb - 1)];
	R.paths.b[h & (R.paths.nb - 1)] = ip;
	R.paths.n++;
	return ip;
}

/* ---- selection ---- */

static int
path_recursive(const struct rt_path *p)
{
	size_t	 i;

	for (i = 0; i < p->nnh; i++)
		if (!p->nh[i].blackhole && p->nh[i].ifindex <= 0 &&
		    p->nh[i].gw.af != 0)
			return 1;
	return 0;
}

/* The resolved next hops of ip offered for e; NULL: not usable. */
static struct fwdset *
path_fwd(struct rt_entry *e, struct ipath *ip, uint32_t *metric)
{
	struct fwdbuf		 b;
	const struct xprefix	*stack[RIB_DEPTH + 1];

	memset(&b, 0, sizeof(b));
	*metric = 0;
	stack[0] = &e->pfx;
	resolve_path(&ip->p, stack, 1, 0, &b, metric);
	if (b.n == 0)
		return NULL;
	return fwd_intern(b.f, b.n);
}

/*
 * The next hops of the view's path p for pfx resolved into b, through the
 * next-hop cache (create 0: only what is cached, for use in the middle of
 * a resolution); 1 usable, 0 not.
 */
static int
bgp_fwd(const struct xprefix *pfx, const struct rt_path *p, struct fwdbuf *b,
    uint32_t *metric, int create)
{
	size_t	 i, j;

	b->n = 0;
	*metric = 0;
	for (i = 0; i < p->nnh && i < RT_NH_MAX; i++) {
		const struct rt_nh	*nh = &p->nh[i];
		struct nhc		*c;

		if (nh->blackhole) {
			fwdbuf_add(b, NULL, 0, 1);
			continue;
		}
		if (nh->ifindex > 0) {
			fwdbuf_add(b, &nh->gw, nh->ifindex, 0);
			continue;
		}
		if (nh->gw.af != AF_V4 && nh->gw.af != AF_V6)
			continue;
		c = create ? nhc_get(&nh->gw) : nhc_find(&nh->gw);
		/* never through its own prefix */
		if (c == NULL || c->fwd == NULL ||
		    prefix_cmp(&c->via, pfx) == 0)
			continue;
		if (b->n == 0)
			*metric = c->metric;
		for (j = 0; j < c->fwd->nfwd; j++)
			fwdbuf_add(b, &c->fwd->fwd[j].gw,
			    c->fwd->fwd[j].ifindex, c->fwd->fwd[j].blackhole);
	}
	return b->n > 0;
}

static void
sel_fill(struct rt_entry *e, const struct rt_path *p, struct fwdset *f,
    uint32_t igp, double since, struct rt_sel *out)
{
	memset(out, 0, sizeof(*out));
	out->pfx = &e->pfx;
	out->path = p;
	out->nfwd = f != NULL ? f->nfwd : 0;
	out->fwd = f != NULL ? f->fwd : NULL;
	out->igp_metric = igp;
	out->since = since;
	out->since_wall = loop_wallclock() - (time_t)(loop_now() - since);
}

/* The view's path and its resolution, the storage behind a BGP rt_sel. */
struct bsel {
	struct rt_path	 p;
	struct fwdbuf	 b;
	uint32_t	 metric;
	double		 since;
};

static void
bsel_fill(const struct xprefix *pfx, const struct bsel *bs,
    struct rt_sel *out)
{
	memset(out, 0, sizeof(*out));
	out->pfx = pfx;
	out->path = &bs->p;
	out->nfwd = bs->b.n;
	out->fwd = bs->b.f;
	out->igp_metric = bs->metric;
	out->since = bs->since;
	out->since_wall = loop_wallclock() - (time_t)(loop_now() - bs->since);
}

/*
 * The view's usable path for pfx into *bs when it beats own (the stored
 * selection; NULL: none): 1, else 0.  A tie goes to the stored path (a
 * lower source), as XR does.
 */
static int
view_wins(const struct xprefix *pfx, const struct rt_path *own,
    struct bsel *bs, int create)
{
	if (R.view == NULL ||
	    (own != NULL && own->distance <= RT_DIST_EBGP))
		return 0;
	if (R.view->exact(pfx, &bs->p, &bs->since, R.varg) == -1 ||
	    bs->p.nnh == 0 || bs->p.nnh > RT_NH_MAX ||
	    (own != NULL && bs->p.distance >= own->distance))
		return 0;
	return bgp_fwd(pfx, &bs->p, &bs->b, &bs->metric, create);
}

static int
is_nonbgp(const struct rt_sel *s)
{
	return s != NULL && s->path != NULL && s->path->src != RT_SRC_BGP;
}

/* Plain subscribers hear of changes with a non-BGP route on one side;
 * BGP subscribers of all. */
static void
notify(const struct xprefix *pfx, const struct rt_sel *old,
    const struct rt_sel *new)
{
	int	 i, plain = is_nonbgp(old) || is_nonbgp(new);

	for (i = 0; i < RIB_SUBS; i++)
		if (R.subs[i].cb != NULL && (plain || R.subs[i].bgp))
			R.subs[i].cb(pfx, old, new, R.subs[i].arg);
}

static void	entry_free(struct rt_entry *);

/*
 * Selects e's path afresh, the view's path included, and tells
 * subscribers if anything moved.  bgpchg: the view's path changed (a
 * BGP route's change under a BGP selection is an event).  May free e
 * (when it holds no paths).  1 if the selection changed.
 */
static int
reselect(struct rt_entry *e, int bgpchg)
{
	struct ipath	*best = NULL, *old = e->sel;
	struct fwdset	*bestf = NULL, *oldf = e->fwd;
	uint32_t	 bestm = 0, m, oldm = e->igp;
	size_t		 i;
	double		 oldsince = e->since;
	struct xprefix	 pfx = e->pfx;
	struct rt_sel	 so, sn;
	struct bsel	 bs;
	int		 oldwin = e->bwin, newwin, ownsame, mayloose;
	uint8_t		 a = afi(e->pfx.addr.af);

	for (i = 0; i < e->npaths; i++) {
		struct ipath	*ip = path_at(e, i);
		struct fwdset	*f;

		if (best != NULL && (ip->p.distance > best->p.distance ||
		    (ip->p.distance == best->p.distance &&
		    ip->p.src >= best->p.src)))
			continue;
		if ((f = path_fwd(e, ip, &m)) == NULL)
			continue;
		fwd_unref(bestf);
		best = ip;
		bestf = f;
		bestm = m;
	}
	mayloose = best == NULL || best->p.distance > RT_DIST_EBGP;
	newwin = mayloose && view_wins(&pfx, best != NULL ? &best->p : NULL,
	    &bs, 1);
	ownsame = best == old && bestf == oldf && bestm == oldm;
	if (mayloose != e->mayloose) {
		if (mayloose)
			R.nfloat++;
		else
			R.nfloat--;
		e->mayloose = (uint8_t)mayloose;
	}
	e->bwin = (uint8_t)newwin;
	if (oldwin != newwin)
		R.nonbgp_changed = 1;	/* resolution through pfx moved */
	if (ownsame) {
		fwd_unref(bestf);
		if (e->npaths == 0)
			entry_free(e);
		if (newwin && (bgpchg || !oldwin)) {
			bsel_fill(&pfx, &bs, &sn);
			if (!oldwin && old != NULL)
				sel_fill(e, &old->p, oldf, oldm, oldsince,
				    &so);
			so.pfx = &pfx;
			notify(&pfx, !oldwin && old != NULL ? &so : NULL,
			    &sn);
			return 1;
		}
		if (oldwin && !newwin) {
			if (old != NULL)
				sel_fill(e, &old->p, oldf, oldm, oldsince,
				    &sn);
			sn.pfx = &pfx;
			notify(&pfx, NULL, old != NULL ? &sn : NULL);
			return 1;
		}
		return 0;
	}
	/* The entry's references to the old selection pass to us and stay
	 * alive across the callbacks. */
	if (old != NULL)
		R.counts[a][old->p.src]--;
	e->sel = best;
	e->fwd = bestf;
	e->igp = bestm;
	if (best != NULL) {
		R.counts[a][best->p.src]++;
		best->refs++;
		e->since = loop_now();
	}
	R.nonbgp_changed = 1;
	if (old != NULL && !oldwin)
		sel_fill(e, &old->p, oldf, oldm, oldsince, &so);
	if (newwin)
		bsel_fill(&pfx, &bs, &sn);
	else if (best != NULL)
		sel_fill(e, &best->p, bestf, bestm, e->since, &sn);
	so.pfx = sn.pfx = &pfx;
	if (e->npaths == 0)
		entry_free(e);
	/* under a BGP selection before and after, the stored path moved
	 * unseen */
	if (!(oldwin && newwin && !bgpchg))
		notify(&pfx, old != NULL && !oldwin ? &so : NULL,
		    newwin || best != NULL ? &sn : NULL);
	path_unref(old);
	fwd_unref(oldf);
	return 1;
}

/* ---- entries ---- */

static void
rec_add(struct rt_entry *e)
{
	struct rt_entry	**n;

	if (e->rec)
		return;
	if (R.nrec == R.caprec) {
		size_t	 cap = R.caprec ? R.caprec * 2 : 16;

		if ((n = realloc(R.rec, cap * sizeof(*n))) == NULL)
			return;	/* resolved only when offered again */
		R.rec = n;
		R.caprec = cap;
	}
	e->recidx = R.nrec;
	R.rec[R.nrec++] = e;
	e->rec = 1;
}

static void
rec_del(struct rt_entry *e)
{
	if (!e->rec)
		return;
	/* the last one takes its place */
	R.rec[e->recidx] = R.rec[--R.nrec];
	R.rec[e->recidx]->recidx = e->recidx;
	e->rec = 0;
}

static void
rec_update(struct rt_entry *e)
{
	size_t	 i;

	for (i = 0; i < e->npaths; i++) {
		const struct rt_path	*p = &path_at(e, i)->p;

		if (path_recursive(p)) {
			rec_add(e);
			return;
		}
	}
	rec_del(e);
}

static void
entry_free(struct rt_entry *e)
{
	struct pfxtable	*t = tbl_of(e->pfx.addr.af);

	rec_del(e);
	if (e->mayloose)
		R.nfloat--;
	if (t != NULL)
		pfxtable_del(t, &e->pfx);
	fwd_unref(e->fwd);	/* NULL unless freed with a selection */
	path_unref(e->sel);
	if (e->npaths > 1)
		free(e->u.many);
	free(e);
}

/* A table-free release, for rt_free: no events, no index upkeep. */
static void
entry_drop(void *v)
{
	struct rt_entry	*e = v;
	size_t		 i;

	for (i = 0; i < e->npaths; i++)
		path_unref(path_at(e, i));
	path_unref(e->sel);
	fwd_unref(e->fwd);
	if (e->npaths > 1)
		free(e->u.many);
	free(e);
}

static int
path_find(const struct rt_entry *e, enum rt_src src, uint8_t distance)
{
	size_t	 i;

	for (i = 0; i < e->npaths; i++) {
		const struct rt_path	*p = &path_at(e, i)->p;

		if (p->src == src && p->distance == distance)
			return (int)i;
	}
	return -1;
}

/* Adds ip (its reference taken over) to e; -1 on allocation failure. */
static int
path_insert(struct rt_entry *e, struct ipath *ip)
{
	struct ipath	**m;

	if (e->npaths == 0) {
		e->u.one = ip;
		e->npaths = 1;
		return 0;
	}
	if (e->npaths == UINT8_MAX)
		return -1;
	if (e->npaths == 1) {
		if ((m = malloc(2 * sizeof(*m))) == NULL)
			return -1;
		m[0] = e->u.one;
	} else if ((m = realloc(e->u.many,
	    (e->npaths + 1) * sizeof(*m))) == NULL)
		return -1;
	m[e->npaths++] = ip;
	e->u.many = m;
	return 0;
}

/* Removes path i (its reference returned to the caller). */
static struct ipath *
path_remove(struct rt_entry *e, size_t i)
{
	struct ipath	*ip = path_at(e, i);

	if (e->npaths == 1) {
		e->u.one = NULL;
		e->npaths = 0;
		return ip;
	}
	memmove(&e->u.many[i], &e->u.many[i + 1],
	    (e->npaths - i - 1) * sizeof(*e->u.many));
	e->npaths--;
	if (e->npaths == 1) {
		struct ipath	*one = e->u.many[0];

		free(e->u.many);
		e->u.one = one;
	}
	return ip;
}

/* ---- settling after non-BGP changes ---- */

struct own_walk {
	struct rt_entry	**v;
	size_t		 n, cap;
	int		 all;		/* else only the mayloose ones */
	int		 err;
};

static int
own_cb(const struct xprefix *p, void *value, void *arg)
{
	struct own_walk	*w = arg;
	struct rt_entry	*e = value;

	(void)p;
	if (!w->all && !e->mayloose)
		return 0;
	if (w->n == w->cap) {
		size_t		  cap = w->cap ? w->cap * 2 : 64;
		struct rt_entry	**v = realloc(w->v, cap * sizeof(*v));

		if (v == NULL) {
			w->err = 1;
			return 1;
		}
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = e;
	return 0;
}

/* The entries of table af (all, or those a BGP path could win against),
 * in the table's order; w->v freed by the caller. */
static void
own_collect(int af, int all, struct own_walk *w)
{
	memset(w, 0, sizeof(*w));
	w->all = all;
	pfxtable_walk(R.tbl[af], own_cb, w);
}

/* The entries a BGP path could win against, selected again (the view's
 * path or its next hops changed). */
static void
reselect_floating(void)
{
	struct own_walk	 w;
	size_t		 i;
	int		 af;

	if (R.nfloat == 0)
		return;
	for (af = 0; af < 2; af++) {
		own_collect(af, 0, &w);
		for (i = 0; i < w.n; i++)
			reselect(w.v[i], 1);
		free(w.v);
	}
}

/* A BGP route with no entry here: its selection now, to BGP
 * subscribers. */
static void
notify_bgp_only(const struct xprefix *pfx)
{
	struct bsel	 bs;
	struct rt_sel	 sn;

	if (view_wins(pfx, NULL, &bs, 1)) {
		bsel_fill(pfx, &bs, &sn);
		notify(pfx, NULL, &sn);
	} else
		notify(pfx, NULL, NULL);
}

static int
nh_hit(const struct xprefix *pfx, void *arg)
{
	struct pfxtable	*t = tbl_of(pfx->addr.af);

	(void)arg;
	/* an entry here: re-selected with the floating ones (if a BGP
	 * path can win there at all) */
	if (t != NULL && pfxtable_get(t, pfx) != NULL)
		return 0;
	notify_bgp_only(pfx);
	return 0;
}

/* Re-resolves the BGP next-hop cache; BGP subscribers hear of the
 * prefixes using a next hop that moved (one walk for all of them). */
static void
settle_bgp(void)
{
	struct xaddr	*moved = NULL, *m;
	size_t		 i, j, n = 0, cap = 0, *hits;
	struct nhc	*c;

	for (i = 0; i < R.nhcs.nb; i++)
		for (c = R.nhcs.b[i]; c != NULL; c = c->next) {
			if (!nhc_resolve(c))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((m = realloc(moved,
				    cap * sizeof(*m))) == NULL) {
					cap = n;
					continue;	/* not followed */
				}
				moved = m;
			}
			moved[n++] = c->gw;
		}
	if (n > 1) {
		qsort(moved, n, sizeof(*moved), addr_qcmp);
		for (i = 1, j = 1; i < n; i++)
			if (addr_cmp(&moved[i], &moved[j - 1]) != 0)
				moved[j++] = moved[i];
		n = j;
	}
	/* Collected first: the walk may add to the cache. */
	if (n > 0 && R.view != NULL && R.nbgpsubs > 0 &&
	    (hits = calloc(n, sizeof(*hits))) != NULL) {
		R.view->walk_nexthops(moved, n, hits, nh_hit, NULL, R.varg);
		/* nobody uses them any more */
		for (i = 0; i < n; i++)
			if (hits[i] == 0 && (c = nhc_find(&moved[i])) != NULL)
				nhc_drop(c);
		free(hits);
	}
	free(moved);
	if (n > 0)
		reselect_floating();
}
static void
settle(void)
{
	int	 rounds;
	size_t	 i;

	if (R.settling)
		return;		/* the outer call goes on until quiet */
	R.settling = 1;
	for (rounds = 0; R.nonbgp_changed && rounds < RIB_ROUNDS; rounds++) {
		R.nonbgp_changed = 0;
		/* Index, not pointer: re-selection can change the list. */
		for (i = 0; i < R.nrec; i++)
			reselect(R.rec[i], 0);
		/* the BGP next hops once the recursive routes are still
		 * (or at the last round, still or not) */
		if (!R.nonbgp_changed || rounds == RIB_ROUNDS - 1)
			settle_bgp();
	}
	R.nonbgp_changed = 0;
	R.settling = 0;
}

/* ---- the interface ---- */

int
rt_init(void)
{
	if (R.init)
		return 0;
	if ((R.tbl[0] = pfxtable_new(AF_V4)) == NULL ||
	    (R.tbl[1] = pfxtable_new(AF_V6)) == NULL) {
		pfxtable_free(R.tbl[0], NULL);
		R.tbl[0] = NULL;
		return -1;
	}
	R.init = 1;
	return 0;
}

void
rt_free(void)
{
	int	 i;
	size_t	 k;

	if (!R.init)
		return;
	for (i = 0; i < 2; i++)
		pfxtable_free(R.tbl[i], entry_drop);
	/* Anything left is a leak elsewhere; free what the tables hold. */
	for (k = 0; k < R.paths.nb; k++)
		while (R.paths.b[k] != NULL) {
			struct ipath	*ip = R.paths.b[k];

			R.paths.b[k] = ip->next;
			free(ip);
		}
	for (k = 0; k < R.nhcs.nb; k++)
		while (R.nhcs.b[k] != NULL) {
			struct nhc	*c = R.nhcs.b[k];

			R.nhcs.b[k] = c->next;
			free(c);
		}
	for (k = 0; k < R.fwds.nb; k++)
		while (R.fwds.b[k] != NULL) {
			struct fwdset	*s = R.fwds.b[k];

			R.fwds.b[k] = s->next;
			free(s);
		}
	free(R.paths.b);
	free(R.nhcs.b);
	free(R.fwds.b);
	free(R.rec);
	{
		/* the view is BGP's registration: it outlives the table */
		const struct rt_bgp_view *v = R.view;
		void		*varg = R.varg;

		memset(&R, 0, sizeof(R));
		R.view = v;
		R.varg = varg;
	}
}

int
rt_put(const struct xprefix *pfx, const struct rt_path *path)
{
	struct pfxtable	*t;
	struct xprefix	 key;
	struct rt_entry	*e;
	struct ipath	*ip, *oldp = NULL;
	void		**slot;
	int		 created = 0, i;

	if (!R.init || pfx == NULL || path == NULL ||
	    (t = tbl_of(pfx->addr.af)) == NULL ||
	    pfx->len > prefix_maxlen(pfx) || path->nnh == 0 ||
	    path->nnh > RT_NH_MAX || (unsigned)path->src >= RT_SRC_COUNT ||
	    path->src == RT_SRC_BGP)
		return -1;
	key = *pfx;
	prefix_mask(&key);
	if ((ip = path_intern(path)) == NULL)
		return -1;
	if ((slot = pfxtable_slot(t, &key, &created)) == NULL) {
		path_unref(ip);
		return -1;
	}
	if (created) {
		if ((e = calloc(1, sizeof(*e))) == NULL) {
			pfxtable_slot_undo(t, &key);
			path_unref(ip);
			return -1;
		}
		e->pfx = key;
		*slot = e;
	} else
		e = *slot;
	if ((i = path_find(e, path->src, path->distance)) >= 0) {
		if (path_at(e, (size_t)i) == ip) {
			path_unref(ip);		/* the same offer again */
			return 0;
		}
		if (e->npaths == 1)
			oldp = e->u.one, e->u.one = ip;
		else
			oldp = e->u.many[i], e->u.many[i] = ip;
	} else if (path_insert(e, ip) == -1) {
		path_unref(ip);
		if (created) {
			pfxtable_del(t, &key);
			free(e);
		}
		return -1;
	}
	rec_update(e);
	path_unref(oldp);	/* e->sel keeps it alive if selected */
	reselect(e, 0);
	settle();
	return 0;
}

void
rt_batch_begin(void)
{
	R.settling++;
}

void
rt_batch_end(void)
{
	if (R.settling > 0 && --R.settling == 0)
		settle();
}

int
rt_del(const struct xprefix *pfx, enum rt_src src, uint8_t distance)
{
	struct pfxtable	*t;
	struct xprefix	 key;
	struct rt_entry	*e;
	int		 i;

	if (!R.init || pfx == NULL || (t = tbl_of(pfx->addr.af)) == NULL)
		return -1;
	key = *pfx;
	prefix_mask(&key);
	if ((e = pfxtable_get(t, &key)) == NULL ||
	    (i = path_find(e, src, distance)) < 0)
		return 0;
	path_unref(path_remove(e, (size_t)i));
	rec_update(e);
	reselect(e, 0);
	settle();
	return 0;
}

struct src_walk {
	enum rt_src	 src;
	struct rt_entry	**v;
	size_t		 n, cap;
};

static int
src_cb(const struct xprefix *p, void *value, void *arg)
{
	struct src_walk	*w = arg;
	struct rt_entry	*e = value;
	size_t		 i;

	(void)p;
	for (i = 0; i < e->npaths; i++)
		if (path_at(e, i)->p.src == w->src)
			break;
	if (i == e->npaths)
		return 0;
	if (w->n == w->cap) {
		size_t		  cap = w->cap ? w->cap * 2 : 256;
		struct rt_entry	**v = realloc(w->v, cap * sizeof(*v));

		if (v == NULL)
			return 1;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = e;
	return 0;
}

void
rt_del_src(enum rt_src src)
{
	struct src_walk	 w;
	size_t		 i, j;
	int		 af, more;

	if (!R.init)
		return;
	for (af = 0; af < 2; af++) {
		do {
			memset(&w, 0, sizeof(w));
			w.src = src;
			more = pfxtable_walk(R.tbl[af], src_cb, &w) != 0;
			R.settling++;	/* one settle at the end */
			for (i = 0; i < w.n; i++) {
				struct rt_entry	*e = w.v[i];

				for (j = e->npaths; j-- > 0;)
					if (path_at(e, j)->p.src == src)
						path_unref(path_remove(e, j));
				rec_update(e);
				reselect(e, 0);
			}
			R.settling--;
			free(w.v);
			settle();
		} while (more && w.n > 0);
	}
}

/* Storage behind a returned BGP selection (valid until the next call). */
struct bq {
	struct xprefix	 pfx;
	struct bsel	 bs;
};
static struct bq	 q_exact, q_match;

/* The selection at pfx (masked): e the entry here or NULL. */
static int
sel_at(const struct xprefix *pfx, struct rt_entry *e, struct bq *q,
    struct rt_sel *out)
{
	const struct rt_path	*own = e != NULL && e->sel != NULL ?
				    &e->sel->p : NULL;

	if (own == NULL || own->distance > RT_DIST_EBGP) {
		q->pfx = *pfx;
		if (view_wins(&q->pfx, own, &q->bs, 1)) {
			if (out != NULL)
				bsel_fill(&q->pfx, &q->bs, out);
			return 0;
		}
	}
	if (own == NULL)
		return -1;
	if (out != NULL)
		sel_fill(e, own, e->fwd, e->igp, e->since, out);
	return 0;
}

int
rt_exact(const struct xprefix *pfx, struct rt_sel *out)
{
	struct pfxtable	*t;
	struct xprefix	 key;

	if (!R.init || pfx == NULL || (t = tbl_of(pfx->addr.af)) == NULL)
		return -1;
	key = *pfx;
	prefix_mask(&key);
	return sel_at(&key, pfxtable_get(t, &key), &q_exact, out);
}

struct match_walk {
	struct rt_entry	*best;
};

static int
match_cb(const struct xprefix *p, void *value, void *arg)
{
	struct rt_entry	*e = value;

	(void)p;
	if (e->sel != NULL || e->mayloose)
		((struct match_walk *)arg)->best = e;
	return 0;
}

/* The longer of the stored and the view's longest matches; at one
 * prefix, the selection there. */
int
rt_match(const struct xaddr *a, struct rt_sel *out)
{
	struct pfxtable		*t;
	struct xprefix		 host;
	struct match_walk	 w = { NULL };
	struct bq		*q = &q_match;

	if (!R.init || a == NULL || (t = tbl_of(a->af)) == NULL)
		return -1;
	prefix_host(a, &host);
	pfxtable_walk_covering(t, &host, match_cb, &w);
	if (R.view != NULL &&
	    R.view->match(a, &q->pfx, &q->bs.p, &q->bs.since, R.varg) == 0 &&
	    q->bs.p.nnh > 0 && q->bs.p.nnh <= RT_NH_MAX &&
	    (w.best == NULL || q->pfx.len > w.best->pfx.len) &&
	    bgp_fwd(&q->pfx, &q->bs.p, &q->bs.b, &q->bs.metric, 1)) {
		if (out != NULL)
			bsel_fill(&q->pfx, &q->bs, out);
		return 0;
	}
	if (w.best == NULL)
		return -1;
	return sel_at(&w.best->pfx, w.best, q, out);
}

int
rt_resolve_nexthop(const struct xaddr *gw, struct rt_sel *out)
{
	struct rt_entry	*e;

	if (!R.init || gw == NULL)
		return 0;
	if ((e = resolving_route(gw, NULL, 0, 1)) == NULL || e->fwd == NULL)
		return 0;
	if (out != NULL)
		sel_fill(e, &e->sel->p, e->fwd, e->igp, e->since, out);
	return 1;
}

/* The walk: the view's ordered walk with the (few) entries here merged
 * in, both in (address, length) order. */
struct sel_walk {
	int		(*cb)(const struct rt_sel *, void *);
	void		*arg;
	struct own_walk	 own;
	size_t		 i;
};

static int
own_emit(struct sel_walk *w, struct rt_entry *e)
{
	struct rt_sel	 s;

	if (e->sel == NULL)
		return 0;
	sel_fill(e, &e->sel->p, e->fwd, e->igp, e->since, &s);
	return w->cb(&s, w->arg);
}

static int
merge_cb(const struct xprefix *pfx, const struct rt_path *p, double since,
    void *arg)
{
	struct sel_walk		*w = arg;
	struct rt_entry		*e = NULL;
	const struct rt_path	*own;
	struct fwdbuf		 b;
	struct rt_sel		 s;
	uint32_t		 m;

	while (w->i < w->own.n && prefix_cmp(&w->own.v[w->i]->pfx, pfx) < 0)
		if (own_emit(w, w->own.v[w->i++]))
			return 1;
	if (w->i < w->own.n && prefix_cmp(&w->own.v[w->i]->pfx, pfx) == 0)
		e = w->own.v[w->i++];
	own = e != NULL && e->sel != NULL ? &e->sel->p : NULL;
	if ((own == NULL || (own->distance > RT_DIST_EBGP &&
	    p->distance < own->distance)) && p->nnh > 0 &&
	    p->nnh <= RT_NH_MAX && bgp_fwd(pfx, p, &b, &m, 1)) {
		memset(&s, 0, sizeof(s));
		s.pfx = pfx;
		s.path = p;
		s.nfwd = b.n;
		s.fwd = b.f;
		s.igp_metric = m;
		s.since = since;
		s.since_wall = loop_wallclock() - (time_t)(loop_now() - since);
		return w->cb(&s, w->arg);
	}
	return e != NULL ? own_emit(w, e) : 0;
}

void
rt_walk(uint8_t af, int (*cb)(const struct rt_sel *, void *), void *arg)
{
	struct sel_walk	 w;
	int		 stop = 0;

	if (!R.init || cb == NULL || tbl_of(af) == NULL)
		return;
	memset(&w, 0, sizeof(w));
	w.cb = cb;
	w.arg = arg;
	own_collect(afi(af), 1, &w.own);
	if (R.view != NULL)
		stop = R.view->walk(af, merge_cb, &w, R.varg);
	while (!stop && w.i < w.own.n)
		stop = own_emit(&w, w.own.v[w.i++]);
	free(w.own.v);
}

struct count_walk {
	struct pfxtable	*t;
	size_t		 n;
};

static int
count_cb(const struct xprefix *pfx, const struct rt_path *p, double since,
    void *arg)
{
	struct count_walk	*w = arg;
	struct fwdbuf		 b;
	uint32_t		 m;

	(void)since;
	if (pfxtable_get(w->t, pfx) == NULL && p->nnh > 0 &&
	    p->nnh <= RT_NH_MAX && bgp_fwd(pfx, p, &b, &m, 1))
		w->n++;
	return 0;
}

/* Whether every cached BGP next hop resolves: then every path of the
 * view is usable and its count is the count (the common case, as BGP
 * makes paths over unreachable next hops invalid). */
static int
nhcs_all_reachable(void)
{
	struct nhc	*c;
	size_t		 i;

	for (i = 0; i < R.nhcs.nb; i++)
		for (c = R.nhcs.b[i]; c != NULL; c = c->next)
			if (c->fwd == NULL)
				return 0;
	return 1;
}

void
rt_counts(uint8_t af, size_t counts[RT_SRC_COUNT])
{
	struct own_walk		 w;
	struct count_walk	 cw;
	struct bsel		 bs;
	size_t			 i, both = 0, won = 0;
	int			 k;

	for (k = 0; k < RT_SRC_COUNT; k++)
		counts[k] = R.init && (af == AF_V4 || af == AF_V6) ?
		    R.counts[afi(af)][k] : 0;
	if (!R.init || R.view == NULL || (af != AF_V4 && af != AF_V6))
		return;
	/* where both sides have a route, one of them is selected */
	own_collect(afi(af), 1, &w);
	for (i = 0; i < w.n; i++) {
		struct rt_entry	*e = w.v[i];

		if (R.view->exact(&e->pfx, &bs.p, &bs.since, R.varg) == -1)
			continue;
		both++;
		if (view_wins(&e->pfx, e->sel != NULL ? &e->sel->p : NULL,
		    &bs, 1)) {
			won++;
			if (e->sel != NULL)
				counts[e->sel->p.src]--;
		}
	}
	free(w.v);
	if (nhcs_all_reachable()) {
		counts[RT_SRC_BGP] = R.view->count(af, R.varg);
		counts[RT_SRC_BGP] = counts[RT_SRC_BGP] >= both ?
		    counts[RT_SRC_BGP] - both : 0;
	} else {
		/* some paths are not usable: each one looked at */
		cw.t = R.tbl[afi(af)];
		cw.n = 0;
		R.view->walk(af, count_cb, &cw, R.varg);
		counts[RT_SRC_BGP] = cw.n;
	}
	counts[RT_SRC_BGP] += won;
}

size_t
rt_route_bytes(uint8_t af)
{
	/* The entry and its trie node; interned sets are shared. */
	return sizeof(struct rt_entry) + (af == AF_V6 ? 40 : 24);
}

static int
subscribe(rt_change_cb cb, void *arg, int bgp)
{
	int	 i;

	if (cb == NULL)
		return -1;
	for (i = 0; i < RIB_SUBS; i++)
		if (R.subs[i].cb == NULL) {
			R.subs[i].cb = cb;
			R.subs[i].arg = arg;
			R.subs[i].bgp = bgp;
			if (bgp)
				R.nbgpsubs++;
			return i;
		}
	return -1;
}

int
rt_subscribe(rt_change_cb cb, void *arg)
{
	return subscribe(cb, arg, 0);
}

int
rt_subscribe_bgp(rt_change_cb cb, void *arg)
{
	return subscribe(cb, arg, 1);
}

void
rt_unsubscribe(int h)
{
	if (h >= 0 && h < RIB_SUBS && R.subs[h].cb != NULL) {
		if (R.subs[h].bgp)
			R.nbgpsubs--;
		R.subs[h].cb = NULL;
		R.subs[h].arg = NULL;
		R.subs[h].bgp = 0;
	}
}

/* ---- the BGP view ---- */

/* A route of a view coming or going, where no entry here is: BGP
 * subscribers hear of it. */
static int
view_edge_cb(const struct xprefix *pfx, const struct rt_path *p,
    double since, void *arg)
{
	struct pfxtable	*t = tbl_of(pfx->addr.af);

	(void)p;
	(void)since;
	(void)arg;
	if (t != NULL && pfxtable_get(t, pfx) != NULL)
		return 0;	/* re-selected afterwards */
	notify_bgp_only(pfx);
	return 0;
}

void
rt_set_bgp_view(const struct rt_bgp_view *v, void *arg)
{
	if (R.view == v && R.varg == arg)
		return;
	if (!R.init) {
		/* kept for when the table starts: no table, no routes */
		R.view = v;
		R.varg = arg;
		return;
	}
	if (R.view != NULL && R.nbgpsubs > 0) {
		const struct rt_bgp_view *old = R.view;
		void		*oarg = R.varg;

		/* their removal: the view asked (notify_bgp_only) is gone */
		R.view = NULL;
		old->walk(AF_V4, view_edge_cb, NULL, oarg);
		old->walk(AF_V6, view_edge_cb, NULL, oarg);
	}
	R.view = v;
	R.varg = arg;
	if (v != NULL && R.nbgpsubs > 0) {
		v->walk(AF_V4, view_edge_cb, NULL, arg);
		v->walk(AF_V6, view_edge_cb, NULL, arg);
	}
	R.settling++;
	reselect_floating();
	R.settling--;
	settle();
}

int
rt_bgp_wanted(void)
{
	return R.view != NULL && (R.nbgpsubs > 0 || R.nfloat > 0);
}

void
rt_bgp_changed(const struct xprefix *pfx)
{
	struct pfxtable	*t;
	struct xprefix	 key;
	struct rt_entry	*e;

	if (!R.init || R.view == NULL || pfx == NULL ||
	    (t = tbl_of(pfx->addr.af)) == NULL)
		return;
	key = *pfx;
	prefix_mask(&key);
	if ((e = pfxtable_get(t, &key)) != NULL) {
		if (e->mayloose) {
			reselect(e, 1);
			settle();
		}
		return;
	}
	if (R.nbgpsubs > 0)
		notify_bgp_only(&key);
}
