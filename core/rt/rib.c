/*
 * rib: the routing table behind rt.h.
 *
 * Per address family a pfxtable maps a prefix to an entry; an entry holds
 * the paths offered for the prefix, each keyed by (source, distance),
 * the index of the selected one and its next hops resolved.
 *
 * Memory: paths are interned (struct ipath: the attributes and the
 * next-hop set, refcounted, shared by every prefix offered the same),
 * and so are resolved next-hop sets (struct fwdset); an entry with one
 * path keeps the pointer inline.  A million BGP routes over two peers
 * hold a handful of ipaths and fwdsets.
 *
 * Resolution: a next hop with an interface is used as it is; one with
 * only an address is resolved through the longest selected route that
 * is not a BGP route (and, for BGP, not a default route), recursively
 * through that route's own next hops, never through a prefix already on
 * the way (so loops fail at once) and at most RIB_DEPTH deep.  BGP next
 * hops go through a cache per address (struct nhc), so re-resolving a
 * full table after an IGP change costs one lookup per distinct next hop
 * plus a pass over the prefixes whose paths use a changed one.
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
	uint32_t	 refs;
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
	uint8_t		 dirty;		/* a cached next hop of it moved */
	struct nhc	*nhc[RT_NH_MAX];	/* BGP: per recursive next hop */
	struct rt_path	 p;
};

struct rt_entry {
	struct xprefix	 pfx;
	uint8_t		 npaths;
	uint8_t		 rec;		/* on the recursive list */
	uint32_t	 igp;
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
	}		 subs[RIB_SUBS];
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
	if (sp == NULL || sp->src == RT_SRC_BGP)
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

static struct nhc *
nhc_get(const struct xaddr *gw)
{
	struct nhc	*c;
	uint32_t	 h;

	if ((c = nhc_find(gw)) != NULL) {
		c->refs++;
		return c;
	}
	if (R.nhcs.n >= R.nhcs.nb &&
	    htab_grow(&R.nhcs, nc_next, nc_hash, nc_setnext) == -1)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->gw = *gw;
	c->refs = 1;
	nhc_resolve(c);
	h = nc_hash(c);
	c->next = R.nhcs.b[h & (R.nhcs.nb - 1)];
	R.nhcs.b[h & (R.nhcs.nb - 1)] = c;
	R.nhcs.n++;
	return c;
}

static void
nhc_unref(struct nhc *c)
{
	if (c == NULL || --c->refs > 0)
		return;
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
	size_t	 i;

	if (ip == NULL || --ip->refs > 0)
		return;
	htab_unlink(&R.paths, ip, ip->hash, ip_next, ip_setnext);
	for (i = 0; i < RT_NH_MAX; i++)
		nhc_unref(ip->nhc[i]);
	free(ip);
}

static struct ipath *
path_intern(const struct rt_path *in)
{
	struct rt_path	 p;
	struct ipath	*ip;
	uint32_t	 h;
	size_t		 i;

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
	if (p.src == RT_SRC_BGP)
		for (i = 0; i < p.nnh; i++) {
			if (p.nh[i].blackhole || p.nh[i].ifindex > 0 ||
			    p.nh[i].gw.af == 0)
				continue;
			if ((ip->nhc[i] = nhc_get(&p.nh[i].gw)) == NULL) {
				path_unref(ip);	/* not linked yet: frees */
				return NULL;
			}
		}
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
	size_t			 i;

	memset(&b, 0, sizeof(b));
	*metric = 0;
	if (ip->p.src == RT_SRC_BGP) {
		for (i = 0; i < ip->p.nnh; i++) {
			const struct rt_nh	*nh = &ip->p.nh[i];
			struct nhc		*c = ip->nhc[i];
			size_t			 j;

			if (c == NULL) {
				if (nh->blackhole)
					fwdbuf_add(&b, NULL, 0, 1);
				else if (nh->ifindex > 0)
					fwdbuf_add(&b, &nh->gw, nh->ifindex,
					    0);
				continue;
			}
			/* never through its own prefix */
			if (c->fwd == NULL || prefix_cmp(&c->via, &e->pfx) == 0)
				continue;
			if (b.n == 0)
				*metric = c->metric;
			for (j = 0; j < c->fwd->nfwd; j++)
				fwdbuf_add(&b, &c->fwd->fwd[j].gw,
				    c->fwd->fwd[j].ifindex,
				    c->fwd->fwd[j].blackhole);
		}
	} else {
		stack[0] = &e->pfx;
		resolve_path(&ip->p, stack, 1, 0, &b, metric);
	}
	if (b.n == 0)
		return NULL;
	return fwd_intern(b.f, b.n);
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

static void
notify(const struct xprefix *pfx, const struct rt_sel *old,
    const struct rt_sel *new)
{
	int	 i;

	for (i = 0; i < RIB_SUBS; i++)
		if (R.subs[i].cb != NULL)
			R.subs[i].cb(pfx, old, new, R.subs[i].arg);
}

static void	entry_free(struct rt_entry *);

/*
 * Selects e's path afresh and tells subscribers if anything moved.  May
 * free e (when it holds no paths).  1 if the selection changed.
 */
static int
reselect(struct rt_entry *e)
{
	struct ipath	*best = NULL, *old = e->sel;
	struct fwdset	*bestf = NULL, *oldf = e->fwd;
	uint32_t	 bestm = 0, m, oldm = e->igp;
	size_t		 i;
	double		 oldsince = e->since;
	struct xprefix	 pfx = e->pfx;
	struct rt_sel	 so, sn;
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
	if (best == old && bestf == oldf && bestm == oldm) {
		fwd_unref(bestf);
		if (e->npaths == 0)
			entry_free(e);
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
	if ((old != NULL && old->p.src != RT_SRC_BGP) ||
	    (best != NULL && best->p.src != RT_SRC_BGP))
		R.nonbgp_changed = 1;
	if (old != NULL)
		sel_fill(e, &old->p, oldf, oldm, oldsince, &so);
	if (best != NULL)
		sel_fill(e, &best->p, bestf, bestm, e->since, &sn);
	so.pfx = sn.pfx = &pfx;
	if (e->npaths == 0)
		entry_free(e);
	notify(&pfx, old != NULL ? &so : NULL, best != NULL ? &sn : NULL);
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
	R.rec[R.nrec++] = e;
	e->rec = 1;
}

static void
rec_del(struct rt_entry *e)
{
	size_t	 i;

	if (!e->rec)
		return;
	for (i = 0; i < R.nrec; i++)
		if (R.rec[i] == e) {
			R.rec[i] = R.rec[--R.nrec];
			break;
		}
	e->rec = 0;
}

static void
rec_update(struct rt_entry *e)
{
	size_t	 i;

	for (i = 0; i < e->npaths; i++) {
		const struct rt_path	*p = &path_at(e, i)->p;

		if (p->src != RT_SRC_BGP && path_recursive(p)) {
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

struct dirty_walk {
	struct rt_entry	**v;
	size_t		 n, cap;
	int		 err;
};

static int
dirty_cb(const struct xprefix *p, void *value, void *arg)
{
	struct dirty_walk	*w = arg;
	struct rt_entry		*e = value;
	size_t			 i;

	(void)p;
	for (i = 0; i < e->npaths; i++)
		if (path_at(e, i)->dirty)
			break;
	if (i == e->npaths)
		return 0;
	if (w->n == w->cap) {
		size_t		  cap = w->cap ? w->cap * 2 : 256;
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

/* Re-resolves the BGP next-hop cache; re-selects the prefixes using a
 * next hop that moved. */
static void
settle_bgp(void)
{
	size_t			 i, j, moved = 0;
	struct dirty_walk	 w;
	int			 af;

	for (i = 0; i < R.nhcs.nb; i++) {
		struct nhc	*c;

		for (c = R.nhcs.b[i]; c != NULL; c = c->next)
			if ((c->changed = (uint8_t)nhc_resolve(c)))
				moved++;
	}
	if (moved == 0)
		return;
	for (i = 0; i < R.paths.nb; i++) {
		struct ipath	*ip;

		for (ip = R.paths.b[i]; ip != NULL; ip = ip->next)
			for (j = 0; j < ip->p.nnh; j++)
				if (ip->nhc[j] != NULL && ip->nhc[j]->changed)
					ip->dirty = 1;
	}
	/* Collect first: re-selecting may free entries, which a walk
	 * must not see. */
	for (af = 0; af < 2; af++) {
		memset(&w, 0, sizeof(w));
		pfxtable_walk(R.tbl[af], dirty_cb, &w);
		for (i = 0; i < w.n; i++)
			reselect(w.v[i]);
		free(w.v);
	}
	for (i = 0; i < R.paths.nb; i++) {
		struct ipath	*ip;

		for (ip = R.paths.b[i]; ip != NULL; ip = ip->next)
			ip->dirty = 0;
	}
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
			reselect(R.rec[i]);
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
	memset(&R, 0, sizeof(R));
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
	    path->nnh > RT_NH_MAX || (unsigned)path->src >= RT_SRC_COUNT)
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
	reselect(e);
	settle();
	return 0;
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
	reselect(e);
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
				reselect(e);
			}
			R.settling--;
			free(w.v);
			settle();
		} while (more && w.n > 0);
	}
}

int
rt_exact(const struct xprefix *pfx, struct rt_sel *out)
{
	struct pfxtable	*t;
	struct xprefix	 key;
	struct rt_entry	*e;

	if (!R.init || pfx == NULL || (t = tbl_of(pfx->addr.af)) == NULL)
		return -1;
	key = *pfx;
	prefix_mask(&key);
	if ((e = pfxtable_get(t, &key)) == NULL || e->sel == NULL)
		return -1;
	if (out != NULL)
		sel_fill(e, &e->sel->p, e->fwd, e->igp, e->since, out);
	return 0;
}

struct match_walk {
	struct rt_entry	*best;
};

static int
match_cb(const struct xprefix *p, void *value, void *arg)
{
	struct rt_entry	*e = value;

	(void)p;
	if (e->sel != NULL)
		((struct match_walk *)arg)->best = e;
	return 0;
}

int
rt_match(const struct xaddr *a, struct rt_sel *out)
{
	struct pfxtable		*t;
	struct xprefix		 host;
	struct match_walk	 w = { NULL };

	if (!R.init || a == NULL || (t = tbl_of(a->af)) == NULL)
		return -1;
	prefix_host(a, &host);
	pfxtable_walk_covering(t, &host, match_cb, &w);
	if (w.best == NULL)
		return -1;
	if (out != NULL)
		sel_fill(w.best, &w.best->sel->p, w.best->fwd, w.best->igp,
		    w.best->since, out);
	return 0;
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

struct sel_walk {
	int	(*cb)(const struct rt_sel *, void *);
	void	*arg;
};

static int
walk_cb(const struct xprefix *p, void *value, void *arg)
{
	struct sel_walk	*w = arg;
	struct rt_entry	*e = value;
	struct rt_sel	 s;

	(void)p;
	if (e->sel == NULL)
		return 0;
	sel_fill(e, &e->sel->p, e->fwd, e->igp, e->since, &s);
	return w->cb(&s, w->arg);
}

void
rt_walk(uint8_t af, int (*cb)(const struct rt_sel *, void *), void *arg)
{
	struct pfxtable	*t;
	struct sel_walk	 w = { cb, arg };

	if (!R.init || cb == NULL || (t = tbl_of(af)) == NULL)
		return;
	pfxtable_walk(t, walk_cb, &w);
}

void
rt_counts(uint8_t af, size_t counts[RT_SRC_COUNT])
{
	int	 i;

	for (i = 0; i < RT_SRC_COUNT; i++)
		counts[i] = R.init && (af == AF_V4 || af == AF_V6) ?
		    R.counts[afi(af)][i] : 0;
}

size_t
rt_route_bytes(uint8_t af)
{
	/* The entry and its trie node; interned sets are shared. */
	return sizeof(struct rt_entry) + (af == AF_V6 ? 40 : 24);
}

int
rt_subscribe(rt_change_cb cb, void *arg)
{
	int	 i;

	if (cb == NULL)
		return -1;
	for (i = 0; i < RIB_SUBS; i++)
		if (R.subs[i].cb == NULL) {
			R.subs[i].cb = cb;
			R.subs[i].arg = arg;
			return i;
		}
	return -1;
}

void
rt_unsubscribe(int h)
{
	if (h >= 0 && h < RIB_SUBS) {
		R.subs[h].cb = NULL;
		R.subs[h].arg = NULL;
	}
}
