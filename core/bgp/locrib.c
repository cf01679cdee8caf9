/*
 * locrib: the Loc-RIB of one address family; see locrib.h.
 *
 * An entry owns an array of paths rather than a list: one allocation
 * per prefix for any number of paths, no link pointers, and a full
 * table has one or two paths per prefix.  Every change follows the
 * same three steps: note the best path and multipath set (with
 * references held, so a set freed and reallocated at the same address
 * cannot look unchanged), change the array, decide and compare.  All
 * allocation happens before the first step, so a failure changes
 * nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/lib/pool.h"

/* No copy of the prefix: the trie holds it, and every caller has it. */
struct locrib_entry {
	struct locrib_path	*paths;		/* npaths of cap, best first */
	uint64_t		 version;
	uint16_t		 npaths;
	uint16_t		 cap;
	/* the array while cap is 1: most prefixes of a full table have one
	   path, which then costs no allocation of its own */
	struct locrib_path	 one;
};

#define MAXPATHS	UINT16_MAX

/* the decision reads the state through bgp_cand */
_Static_assert(LOCRIB_ROV_OFF == BGP_ROV_OFF &&
    LOCRIB_ROV_VALID == BGP_ROV_VALID &&
    LOCRIB_ROV_INVALID == BGP_ROV_INVALID &&
    LOCRIB_ROV_NOT_FOUND == BGP_ROV_NOT_FOUND, "LOCRIB_ROV_* != BGP_ROV_*");

/* A next hop whose state is not the default (reachable, metric 0). */
struct nhstate {
	uint32_t	 metric;
	int		 reachable;
};

/* The best path and multipath set before a change. */
struct snap {
	const struct locrib_source	*best_src;
	struct bgp_attrs		*best_attrs;	/* referenced */
	uint8_t				 best_rov;	/* an outbound policy
							   may read it */
	size_t				 nmp;		/* in rib->snap_* */
};

struct locrib {
	struct pfxtable		*t;
	struct pfxtable		*nh[2];		/* IPv4, IPv6 next hops */
	struct bgp_decide_cfg	 cfg;
	int			 af;
	size_t			 npaths;
	uint64_t		 version;
	uint64_t		 dropped;	/* paths removed or replaced */
	size_t			 path_bytes;	/* path arrays besides `one` */
	struct pool		 entries;
	locrib_change_cb	 cb;
	void			*cb_arg;
	int			 notify_paths;
	/* scratch for one decision, sized for the largest entry */
	size_t			 scap;
	struct bgp_cand		*cand;
	const struct bgp_cand	**candp;
	unsigned char		*mp;
	const struct locrib_source **snap_src;
	struct bgp_attrs	**snap_attrs;
};

struct locrib *
locrib_new(int af, const struct bgp_decide_cfg *cfg)
{
	struct locrib	*rib;

	if (af != AF_V4 && af != AF_V6)
		return NULL;
	if ((rib = calloc(1, sizeof(*rib))) == NULL)
		return NULL;
	if ((rib->t = pfxtable_new((uint8_t)af)) == NULL) {
		free(rib);
		return NULL;
	}
	rib->af = af;
	pool_init(&rib->entries, sizeof(struct locrib_entry));
	if (cfg != NULL)
		rib->cfg = *cfg;
	else
		bgp_decide_cfg_init(&rib->cfg);
	return rib;
}

static void
entry_free(void *v)
{
	struct locrib_entry	*e = v;
	size_t			 i;

	for (i = 0; i < e->npaths; i++)
		bgp_attrs_unref(e->paths[i].attrs);
	if (e->paths != &e->one)
		free(e->paths);
	/* the entry itself goes with the pool */
}

/* Frees e, whose paths are released. */
static void
entry_dispose(struct locrib *rib, struct locrib_entry *e)
{
	if (e->paths != &e->one) {
		rib->path_bytes -= e->cap * sizeof(*e->paths);
		free(e->paths);
	}
	pool_put(&rib->entries, e);
}

void
locrib_free(struct locrib *rib)
{
	if (rib == NULL)
		return;
	pfxtable_free(rib->t, entry_free);
	pool_clear(&rib->entries);
	pfxtable_free(rib->nh[0], free);
	pfxtable_free(rib->nh[1], free);
	free(rib->cand);
	free(rib->candp);
	free(rib->mp);
	free(rib->snap_src);
	free(rib->snap_attrs);
	free(rib);
}

void
locrib_set_change_cb(struct locrib *rib, locrib_change_cb cb, void *arg)
{
	rib->cb = cb;
	rib->cb_arg = arg;
}

void
locrib_set_notify_paths(struct locrib *rib, int on)
{
	rib->notify_paths = on;
}

/* Grows the decision scratch to n paths; -1 (unchanged) on ENOMEM. */
static int
scratch_reserve(struct locrib *rib, size_t n)
{
	void	*p;
	size_t	 cap;

	if (n <= rib->scap)
		return 0;
	cap = rib->scap < 8 ? 8 : rib->scap;
	while (cap < n)
		cap *= 2;
	/* each array is replaced as soon as it is grown: scap stays valid */
	if ((p = reallocarray(rib->cand, cap, sizeof(*rib->cand))) == NULL)
		return -1;
	rib->cand = p;
	if ((p = reallocarray(rib->candp, cap, sizeof(*rib->candp))) == NULL)
		return -1;
	rib->candp = p;
	if ((p = realloc(rib->mp, cap)) == NULL)
		return -1;
	rib->mp = p;
	if ((p = reallocarray(rib->snap_src, cap,
	    sizeof(*rib->snap_src))) == NULL)
		return -1;
	rib->snap_src = p;
	if ((p = reallocarray(rib->snap_attrs, cap,
	    sizeof(*rib->snap_attrs))) == NULL)
		return -1;
	rib->snap_attrs = p;
	rib->scap = cap;
	return 0;
}

static int
nh_idx(const struct xaddr *a)
{
	if (a->af == AF_V4)
		return 0;
	if (a->af == AF_V6)
		return 1;
	return -1;
}

/* The state of a next hop: the default unless set. */
static void
nh_get(const struct locrib *rib, const struct xaddr *a, int *reachable,
    uint32_t *metric)
{
	struct xprefix		 p;
	const struct nhstate	*s = NULL;
	int			 i;

	*reachable = 1;
	*metric = 0;
	if ((i = nh_idx(a)) == -1 || rib->nh[i] == NULL)
		return;
	prefix_host(a, &p);
	if ((s = pfxtable_get(rib->nh[i], &p)) == NULL)
		return;
	*reachable = s->reachable;
	*metric = s->metric;
}

void
locrib_path_cand(const struct locrib_path *p, struct bgp_cand *c)
{
	memset(c, 0, sizeof(*c));
	c->attrs = p->attrs;
	c->weight = p->attrs->has_weight ? p->attrs->weight :
	    p->src->weight;
	c->local = p->src->local;
	c->ebgp = p->src->ebgp;
	c->confed_ebgp = p->src->confed_ebgp;
	c->nbr_multipath = p->src->multipath;
	c->rov = p->rov;
	c->rov_allow_invalid = p->src->rov_allow_invalid != 0;
	c->peer_router_id = p->src->peer_router_id;
	c->peer_addr = p->src->peer_addr;
	c->igp_metric = p->igp_metric;
	c->nh_reachable = p->nh_reachable;
	c->cur_best = (p->flags & LOCRIB_PATH_BEST) != 0;
	c->received = p->received;
	c->flags = ((p->flags & LOCRIB_PATH_STALE) ? BGP_CAND_STALE : 0) |
	    ((p->flags & LOCRIB_PATH_DAMPED) ? BGP_CAND_DAMPED : 0);
}

/*
 * Notes the best path and the multipath set, each attribute set
 * referenced until snap_release().  The scratch holds the entry's paths.
 */
static void
snap_take(struct locrib *rib, const struct locrib_entry *e, struct snap *s)
{
	const struct locrib_path	*p;
	size_t				 i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < e->npaths; i++) {
		p = &e->paths[i];
		if (p->flags & LOCRIB_PATH_BEST) {
			s->best_src = p->src;
			s->best_attrs = bgp_attrs_ref(p->attrs);
			s->best_rov = p->rov;
		}
		if (p->flags & LOCRIB_PATH_MULTIPATH) {
			rib->snap_src[s->nmp] = p->src;
			rib->snap_attrs[s->nmp] = bgp_attrs_ref(p->attrs);
			s->nmp++;
		}
	}
}

static void
snap_release(struct locrib *rib, struct snap *s)
{
	size_t	 i;

	bgp_attrs_unref(s->best_attrs);
	for (i = 0; i < s->nmp; i++)
		bgp_attrs_unref(rib->snap_attrs[i]);
	s->best_attrs = NULL;
	s->nmp = 0;
}

/* 0 if the multipath set of e is the one noted in s. */
static int
mp_changed(const struct locrib *rib, const struct locrib_entry *e,
    const struct snap *s)
{
	const struct locrib_path	*p;
	size_t				 i, j, n = 0;

	for (i = 0; i < e->npaths; i++) {
		p = &e->paths[i];
		if (!(p->flags & LOCRIB_PATH_MULTIPATH))
			continue;
		n++;
		for (j = 0; j < s->nmp; j++)
			if (rib->snap_src[j] == p->src &&
			    rib->snap_attrs[j] == p->attrs)
				break;
		if (j == s->nmp)
			return 1;
	}
	return n != s->nmp;
}

/* Decision order: best, other multipaths, then part 1 of the decision. */
static int
path_rank(const struct locrib_path *p)
{
	if (p->flags & LOCRIB_PATH_BEST)
		return 0;
	if (p->flags & LOCRIB_PATH_MULTIPATH)
		return 1;
	return 2;
}

static int
path_before(const struct locrib *rib, const struct locrib_path *a,
    const struct locrib_path *b)
{
	struct bgp_cand	 ca, cb;
	int		 ra = path_rank(a), rb = path_rank(b);

	if (ra != rb)
		return ra < rb;
	locrib_path_cand(a, &ca);
	locrib_path_cand(b, &cb);
	return bgp_cand_cmp(&ca, &cb, &rib->cfg, NULL) < 0;
}

/*
 * Runs the decision over e's paths, sets the flags and sorts the array.
 * Insertion sort: the arrays are short and mostly sorted already, and it
 * is stable, so paths equal through every step keep their order.
 */
static void
decide(struct locrib *rib, struct locrib_entry *e)
{
	struct locrib_path	 tmp;
	size_t			 i, j, best;

	for (i = 0; i < e->npaths; i++) {
		locrib_path_cand(&e->paths[i], &rib->cand[i]);
		rib->candp[i] = &rib->cand[i];
	}
	bgp_decide(rib->candp, e->npaths, &rib->cfg, &best, rib->mp);
	for (i = 0; i < e->npaths; i++) {
		e->paths[i].flags &= ~(LOCRIB_PATH_BEST |
		    LOCRIB_PATH_MULTIPATH);
		if (i == best)
			e->paths[i].flags |= LOCRIB_PATH_BEST;
		if (rib->mp[i])
			e->paths[i].flags |= LOCRIB_PATH_MULTIPATH;
	}
	for (i = 1; i < e->npaths; i++) {
		tmp = e->paths[i];
		for (j = i; j > 0 && path_before(rib, &tmp, &e->paths[j - 1]);
		    j--)
			e->paths[j] = e->paths[j - 1];
		e->paths[j] = tmp;
	}
}

/* Compares e (NULL: removed) with s, bumps versions and calls back. */
static void
notify(struct locrib *rib, struct locrib_entry *e, const struct xprefix *pfx,
    struct snap *s)
{
	const struct locrib_path	*b = NULL;
	unsigned			 what = 0;

	if (e != NULL && e->npaths > 0 &&
	    (e->paths[0].flags & LOCRIB_PATH_BEST))
		b = &e->paths[0];
	if ((b == NULL) != (s->best_src == NULL) ||
	    (b != NULL && (b->src != s->best_src ||
	    b->attrs != s->best_attrs || b->rov != s->best_rov)))
		what |= LOCRIB_CHG_BEST;
	if (e == NULL ? s->nmp != 0 : mp_changed(rib, e, s))
		what |= LOCRIB_CHG_MULTIPATH;
	if (what != 0) {
		rib->version++;
		if (e != NULL)
			e->version = rib->version;
		if (rib->cb != NULL)
			rib->cb(pfx, s->best_attrs, b != NULL ? b->attrs : NULL,
			    what, rib->cb_arg);
	} else if (rib->notify_paths && rib->cb != NULL)
		rib->cb(pfx, s->best_attrs, b != NULL ? b->attrs : NULL,
		    LOCRIB_CHG_PATHS, rib->cb_arg);
	snap_release(rib, s);
}

static struct locrib_path *
find_path(struct locrib_entry *e, const struct locrib_source *src)
{
	size_t	 i;

	for (i = 0; i < e->npaths; i++)
		if (e->paths[i].src == src)
			return &e->paths[i];
	return NULL;
}

/*
 * Room for one more path.  Exact sizes up to 16 paths: a full table has
 * one to a few paths per prefix and spare slots would cost 32 bytes
 * each on every prefix; realloc of a small block is cheap.  By half
 * again beyond, for route servers.
 */
static int
entry_grow(struct locrib *rib, struct locrib_entry *e)
{
	struct locrib_path	*p;
	size_t			 cap;

	if (e->npaths < e->cap)
		return 0;
	if (e->cap >= MAXPATHS)
		return -1;
	if (e->cap == 0) {
		e->paths = &e->one;
		e->cap = 1;
		return 0;
	}
	cap = e->cap < 16 ? e->cap + 1u : e->cap + e->cap / 2u;
	if (cap > MAXPATHS)
		cap = MAXPATHS;
	if (e->paths == &e->one) {
		if ((p = calloc(cap, sizeof(*p))) == NULL)
			return -1;
		p[0] = e->one;
		rib->path_bytes += cap * sizeof(*p);
	} else {
		if ((p = reallocarray(e->paths, cap, sizeof(*p))) == NULL)
			return -1;
		rib->path_bytes += (cap - e->cap) * sizeof(*p);
	}
	/* the paths keep pointing at e, which does not move */
	e->paths = p;
	e->cap = (uint16_t)cap;
	return 0;
}

/* Gives back most of an array that shrank; failure is harmless. */
static void
entry_shrink(struct locrib *rib, struct locrib_entry *e)
{
	struct locrib_path	*p;
	size_t			 cap;

	if (e->cap <= 16 || e->npaths > e->cap / 4u)
		return;
	cap = e->cap / 2u;
	if ((p = reallocarray(e->paths, cap, sizeof(*p))) == NULL)
		return;
	rib->path_bytes -= (e->cap - cap) * sizeof(*p);
	e->paths = p;
	e->cap = (uint16_t)cap;
}

static void
entry_remove(struct locrib *rib, struct locrib_entry *e,
    const struct xprefix *pfx)
{
	pfxtable_del(rib->t, pfx);
	entry_dispose(rib, e);
}

int
locrib_update(struct locrib *rib, const struct xprefix *upfx,
    const struct locrib_source *src, struct bgp_attrs *attrs, double now)
{
	return locrib_update_rov(rib, upfx, src, attrs, now, LOCRIB_ROV_OFF);
}

int
locrib_update_rov(struct locrib *rib, const struct xprefix *upfx,
    const struct locrib_source *src, struct bgp_attrs *attrs, double now,
    uint8_t rov)
{
	return locrib_update_damp(rib, upfx, src, attrs, now, rov, 0);
}

int
locrib_update_damp(struct locrib *rib, const struct xprefix *upfx,
    const struct locrib_source *src, struct bgp_attrs *attrs, double now,
    uint8_t rov, int damped)
{
	struct xprefix		 m = *upfx, *pfx = &m;
	struct locrib_entry	*e;
	struct locrib_path	*p;
	struct bgp_attrs	*ia;
	struct snap		 s;
	void			**slot;
	uint32_t		 metric;
	int			 isnew = 0, added = 0, reach;

	if (attrs == NULL)
		return -1;
	prefix_mask(&m);	/* what the change callback reports */
	if (pfx->addr.af != rib->af || src == NULL) {
		bgp_attrs_unref(attrs);
		return -1;
	}
	if ((ia = bgp_attrs_intern(attrs)) == NULL) {
		bgp_attrs_unref(attrs);
		return -1;
	}
	/* one descent for new and known prefixes alike */
	if ((slot = pfxtable_slot(rib->t, pfx, &isnew)) == NULL) {
		bgp_attrs_unref(ia);
		return -1;
	}
	if ((e = *slot) == NULL) {
		if ((e = pool_get(&rib->entries)) == NULL)
			goto fail;
	}
	if ((p = find_path(e, src)) != NULL && p->attrs == ia) {
		/* implicit withdraw and re-announce of the same route */
		p->flags &= ~LOCRIB_PATH_STALE;
		bgp_attrs_unref(ia);
		if (p->rov != rov)
			locrib_set_rov(rib, pfx, src, rov);
		if (((p->flags & LOCRIB_PATH_DAMPED) != 0) != (damped != 0))
			locrib_set_damped(rib, pfx, src, damped);
		return 0;
	}
	if (p == NULL) {
		if (entry_grow(rib, e) == -1 ||
		    scratch_reserve(rib, (size_t)e->npaths + 1) == -1)
			goto fail;
		if (isnew)
			*slot = e;	/* nothing can fail from here */
	}

	snap_take(rib, e, &s);
	if (p == NULL) {
		p = &e->paths[e->npaths++];
		memset(p, 0, sizeof(*p));
		p->src = src;
		rib->npaths++;
		added = 1;
	} else {
		bgp_attrs_unref(p->attrs);
		rib->dropped++;
	}
	/* a replaced best stays the current best for change suppression */
	p->attrs = ia;
	p->rov = rov;
	p->received = now;
	p->flags &= ~(LOCRIB_PATH_STALE | LOCRIB_PATH_DAMPED);
	if (damped)
		p->flags |= LOCRIB_PATH_DAMPED;
	if (src->local != BGP_LOCAL_NONE)
		p->flags |= LOCRIB_PATH_LOCAL;
	nh_get(rib, &ia->nexthop, &reach, &metric);
	p->nh_reachable = reach != 0;
	p->igp_metric = metric;
	decide(rib, e);
	notify(rib, e, pfx, &s);
	return added;

 fail:
	if (isnew) {
		/* the slot is still empty: the table is as it was */
		pfxtable_slot_undo(rib->t, pfx);
		if (e != NULL)
			entry_dispose(rib, e);
	}
	bgp_attrs_unref(ia);
	return -1;
}

int
locrib_set_rov(struct locrib *rib, const struct xprefix *upfx,
    const struct locrib_source *src, uint8_t rov)
{
	struct xprefix		 pfx = *upfx;
	struct locrib_entry	*e;
	struct locrib_path	*p;
	struct snap		 s;

	prefix_mask(&pfx);
	if ((e = pfxtable_get(rib->t, &pfx)) == NULL ||
	    (p = find_path(e, src)) == NULL)
		return -1;
	if (p->rov == rov)
		return 0;
	/* the best path's state is exported (an outbound policy may read
	   it): notify sees it moved; without `use validity` the decision
	   and the order of the paths stay */
	snap_take(rib, e, &s);
	p->rov = rov;
	if (rib->cfg.rov_use_validity)
		decide(rib, e);
	notify(rib, e, &pfx, &s);
	return 1;
}

int
locrib_set_damped(struct locrib *rib, const struct xprefix *upfx,
    const struct locrib_source *src, int on)
{
	struct xprefix		 pfx = *upfx;
	struct locrib_entry	*e;
	struct locrib_path	*p;
	struct snap		 s;

	prefix_mask(&pfx);
	if ((e = pfxtable_get(rib->t, &pfx)) == NULL ||
	    (p = find_path(e, src)) == NULL)
		return -1;
	if (((p->flags & LOCRIB_PATH_DAMPED) != 0) == (on != 0))
		return 0;
	snap_take(rib, e, &s);
	if (on)
		p->flags |= LOCRIB_PATH_DAMPED;
	else
		p->flags &= ~LOCRIB_PATH_DAMPED;
	decide(rib, e);
	notify(rib, e, &pfx, &s);
	return 1;
}

/* Removes path p of e, which must have at least one other path or go. */
static void
path_remove(struct locrib *rib, struct locrib_entry *e, struct locrib_path *p)
{
	size_t	 i = (size_t)(p - e->paths);

	bgp_attrs_unref(p->attrs);
	memmove(p, p + 1, (e->npaths - i - 1) * sizeof(*p));
	e->npaths--;
	rib->npaths--;
	rib->dropped++;
}

/* Removes src's path from e, deciding again; 1 if there was one. */
static int
entry_withdraw(struct locrib *rib, struct locrib_entry *e,
    const struct xprefix *pfx, const struct locrib_source *src)
{
	struct locrib_path	*p;
	struct snap		 s;

	if ((p = find_path(e, src)) == NULL)
		return 0;
	snap_take(rib, e, &s);
	path_remove(rib, e, p);
	if (e->npaths == 0) {
		entry_remove(rib, e, pfx);
		notify(rib, NULL, pfx, &s);
		return 1;
	}
	entry_shrink(rib, e);
	decide(rib, e);
	notify(rib, e, pfx, &s);
	return 1;
}

int
locrib_withdraw(struct locrib *rib, const struct xprefix *pfx,
    const struct locrib_source *src)
{
	struct locrib_entry	*e;
	struct xprefix		 m = *pfx;

	prefix_mask(&m);	/* what the change callback reports */
	if ((e = pfxtable_get(rib->t, &m)) == NULL)
		return 0;
	return entry_withdraw(rib, e, &m, src);
}

/* src itself or one of its per-path-id children (RFC 7911). */
static int
of_family(const struct locrib_source *s, const struct locrib_source *src)
{
	return s == src || (s->parent != NULL && s->parent == src);
}

/* A path of src's family in e (only a stale one if stale_only). */
static struct locrib_path *
find_family(struct locrib_entry *e, const struct locrib_source *src,
    int stale_only)
{
	size_t	 i;

	for (i = 0; i < e->npaths; i++)
		if (of_family(e->paths[i].src, src) && (!stale_only ||
		    (e->paths[i].flags & LOCRIB_PATH_STALE)))
			return &e->paths[i];
	return NULL;
}

/* The flush and the sweep: src's paths, or only its stale ones. */
static int
source_step(struct locrib *rib, const struct locrib_source *src,
    int stale_only, struct pfxtable_cursor *cur, size_t budget,
    size_t *removed)
{
	struct locrib_entry	*e;
	struct locrib_path	*p;
	struct xprefix		 pfx;
	void			*v;
	size_t			 n = 0;

	/* The cursor keeps no pointer, so removing its entry is safe. */
	while (n < budget) {
		if (!pfxtable_cursor_next(rib->t, cur, &pfx, &v))
			return 0;
		n++;
		/* one path at a time: the entry may go with the last */
		for (e = v; e != NULL && (p = find_family(e, src,
		    stale_only)) != NULL; e = pfxtable_get(rib->t, &pfx))
			if (entry_withdraw(rib, e, &pfx, p->src) &&
			    removed != NULL)
				(*removed)++;
	}
	return 1;
}

int
locrib_flush_source_step(struct locrib *rib, const struct locrib_source *src,
    struct pfxtable_cursor *cur, size_t budget, size_t *removed)
{
	return source_step(rib, src, 0, cur, budget, removed);
}

size_t
locrib_flush_source(struct locrib *rib, const struct locrib_source *src)
{
	struct pfxtable_cursor	 cur;
	size_t			 removed = 0;

	pfxtable_cursor_init(&cur, NULL);
	while (source_step(rib, src, 0, &cur, SIZE_MAX, &removed))
		;
	return removed;
}

struct mark_arg {
	const struct locrib_source	*src;
	size_t				 n;
};

static int
mark_one(const struct xprefix *pfx, void *v, void *arg)
{
	struct mark_arg		*ma = arg;
	struct locrib_path	*p;
	struct locrib_entry	*e = v;
	size_t			 i;

	(void)pfx;
	for (i = 0; i < e->npaths; i++) {
		p = &e->paths[i];
		if (of_family(p->src, ma->src)) {
			p->flags |= LOCRIB_PATH_STALE;
			ma->n++;
		}
	}
	return 0;
}

/*
 * The mark changes no decision (stale paths compete as before), so no
 * prefix is re-decided and the callback is not called.
 */
size_t
locrib_mark_stale_source(struct locrib *rib, const struct locrib_source *src)
{
	struct mark_arg	 ma = { src, 0 };

	pfxtable_walk(rib->t, mark_one, &ma);
	return ma.n;
}

int
locrib_sweep_stale_source_step(struct locrib *rib,
    const struct locrib_source *src, struct pfxtable_cursor *cur,
    size_t budget, size_t *removed)
{
	return source_step(rib, src, 1, cur, budget, removed);
}

size_t
locrib_sweep_stale_source(struct locrib *rib, const struct locrib_source *src)
{
	struct pfxtable_cursor	 cur;
	size_t			 removed = 0;

	pfxtable_cursor_init(&cur, NULL);
	while (source_step(rib, src, 1, &cur, SIZE_MAX, &removed))
		;
	return removed;
}

/* Records the state of nh; 0, -1 (unchanged) on ENOMEM. */
static int
nh_store(struct locrib *rib, const struct xaddr *nh, int reachable,
    uint32_t metric)
{
	struct nhstate	*st;
	struct xprefix	 host;
	int		 k;

	if ((k = nh_idx(nh)) == -1)
		return -1;
	prefix_host(nh, &host);
	if (reachable && metric == 0) {
		/* back to the default: keep only what differs */
		if (rib->nh[k] != NULL)
			free(pfxtable_del(rib->nh[k], &host));
		return 0;
	}
	if (rib->nh[k] == NULL &&
	    (rib->nh[k] = pfxtable_new(nh->af)) == NULL)
		return -1;
	if ((st = pfxtable_get(rib->nh[k], &host)) == NULL) {
		if ((st = malloc(sizeof(*st))) == NULL)
			return -1;
		if (pfxtable_put(rib->nh[k], &host, st, NULL) == -1) {
			free(st);
			return -1;
		}
	}
	st->reachable = reachable;
	st->metric = metric;
	return 0;
}

int
locrib_nexthop_preset(struct locrib *rib, const struct xaddr *nh,
    int reachable, uint32_t metric)
{
	return nh_store(rib, nh, reachable != 0, metric);
}

long
locrib_set_decide_cfg(struct locrib *rib, const struct bgp_decide_cfg *cfg)
{
	if (memcmp(&rib->cfg, cfg, sizeof(*cfg)) == 0)
		return 0;
	rib->cfg = *cfg;
	return locrib_redecide(rib);
}

long
locrib_redecide(struct locrib *rib)
{
	struct pfxtable_cursor	 cur;
	struct locrib_entry	*e;
	struct xprefix		 pfx;
	struct snap		 s;
	void			*v;
	long			 n = 0;

	pfxtable_cursor_init(&cur, NULL);
	while (pfxtable_cursor_next(rib->t, &cur, &pfx, &v)) {
		e = v;
		snap_take(rib, e, &s);
		decide(rib, e);
		notify(rib, e, &pfx, &s);
		n++;
	}
	return n;
}

long
locrib_set_nexthop(struct locrib *rib, const struct xaddr *nh, int reachable,
    uint32_t metric)
{
	struct pfxtable_cursor	 cur;
	struct locrib_entry	*e;
	struct locrib_path	*p;
	struct xprefix		 host;
	struct snap		 s;
	void			*v;
	long			 n = 0;
	size_t			 i;
	int			 r;
	uint32_t		 m;

	reachable = reachable != 0;
	if (nh_idx(nh) == -1)
		return -1;
	nh_get(rib, nh, &r, &m);
	if (r == reachable && m == metric)
		return 0;
	if (nh_store(rib, nh, reachable, metric) == -1)
		return -1;

	pfxtable_cursor_init(&cur, NULL);
	while (pfxtable_cursor_next(rib->t, &cur, &host, &v)) {
		e = v;
		for (i = 0; i < e->npaths; i++) {
			p = &e->paths[i];
			if (addr_cmp(&p->attrs->nexthop, nh) == 0)
				break;
		}
		if (i == e->npaths)
			continue;
		snap_take(rib, e, &s);
		for (i = 0; i < e->npaths; i++) {
			p = &e->paths[i];
			if (addr_cmp(&p->attrs->nexthop, nh) != 0)
				continue;
			p->nh_reachable = (uint8_t)reachable;
			p->igp_metric = metric;
		}
		decide(rib, e);
		notify(rib, e, &host, &s);
		n++;
	}
	return n;
}

long
locrib_set_nh_reachable(struct locrib *rib, const struct xaddr *nh,
    int reachable)
{
	int		 r;
	uint32_t	 m;

	nh_get(rib, nh, &r, &m);
	return locrib_set_nexthop(rib, nh, reachable, m);
}

const struct locrib_entry *
locrib_lookup(const struct locrib *rib, const struct xprefix *pfx)
{
	return pfxtable_get(rib->t, pfx);
}

void
locrib_lookup_many(const struct locrib *rib, const struct xprefix *const *p,
    size_t n, const struct locrib_entry **out)
{
	void	*v[PFXTABLE_BATCH];
	size_t	 i;

	if (n > PFXTABLE_BATCH)
		n = PFXTABLE_BATCH;
	pfxtable_get_many(rib->t, p, n, v);
	for (i = 0; i < n; i++) {
		out[i] = v[i];
		if (v[i] != NULL)
			__builtin_prefetch(v[i]);
	}
}

const struct locrib_entry *
locrib_match(const struct locrib *rib, const struct xaddr *a,
    struct xprefix *match)
{
	return pfxtable_match(rib->t, a, match);
}

size_t
locrib_entry_npaths(const struct locrib_entry *e)
{
	return e->npaths;
}

const struct locrib_path *
locrib_entry_path(const struct locrib_entry *e, size_t i)
{
	return i < e->npaths ? &e->paths[i] : NULL;
}

const struct locrib_path *
locrib_entry_best(const struct locrib_entry *e)
{
	if (e->npaths > 0 && (e->paths[0].flags & LOCRIB_PATH_BEST))
		return &e->paths[0];
	return NULL;
}

uint64_t
locrib_entry_version(const struct locrib_entry *e)
{
	return e->version;
}

const struct locrib_path *
locrib_entry_path_from(const struct locrib_entry *e,
    const struct locrib_source *src)
{
	return find_path((struct locrib_entry *)e, src);
}

int
locrib_af(const struct locrib *rib)
{
	return rib->af;
}

size_t
locrib_count_prefixes(const struct locrib *rib)
{
	return pfxtable_count(rib->t);
}

size_t
locrib_count_paths(const struct locrib *rib)
{
	return rib->npaths;
}

uint64_t
locrib_version(const struct locrib *rib)
{
	return rib->version;
}

uint64_t
locrib_paths_dropped(const struct locrib *rib)
{
	return rib->dropped;
}

size_t
locrib_memory(const struct locrib *rib)
{
	size_t	 m, i;

	m = sizeof(*rib) + pfxtable_memory(rib->t) + rib->path_bytes +
	    pool_memory(&rib->entries);
	for (i = 0; i < 2; i++)
		if (rib->nh[i] != NULL)
			m += pfxtable_memory(rib->nh[i]) +
			    pfxtable_count(rib->nh[i]) *
			    sizeof(struct nhstate);
	m += rib->scap * (sizeof(*rib->cand) + sizeof(*rib->candp) + 1 +
	    sizeof(*rib->snap_src) + sizeof(*rib->snap_attrs));
	return m;
}

void
locrib_cursor_init(struct pfxtable_cursor *cur, const struct xprefix *within)
{
	pfxtable_cursor_init(cur, within);
}

int
locrib_cursor_next(const struct locrib *rib, struct pfxtable_cursor *cur,
    const struct locrib_entry **ep)
{
	struct xprefix	 pfx;
	void		*v;

	if (!pfxtable_cursor_next(rib->t, cur, &pfx, &v))
		return 0;
	*ep = v;
	return 1;
}
