/*
 * damp: flap records and the RFC 2439 penalty arithmetic (see damp.h).
 * A chained hash on the key; the shows sort a copy of the pointers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/damp.h"

struct damp_tab {
	struct damp_rec	**b;		/* buckets, nb a power of two */
	size_t		  nb;
	size_t		  n;
};

void
damp_params_default(struct damp_params *p)
{
	p->half_life = DAMP_HALF_LIFE_DEFAULT * 60;
	p->reuse = DAMP_REUSE_DEFAULT;
	p->suppress = DAMP_SUPPRESS_DEFAULT;
	p->max_suppress = DAMP_MAX_SUPPRESS_DEFAULT * 60;
}

double
damp_decay(double penalty, double dt, uint32_t half_life)
{
	if (dt <= 0 || half_life == 0)
		return penalty;
	return penalty * exp2(-dt / (double)half_life);
}

double
damp_ceiling(const struct damp_params *p)
{
	if (p->half_life == 0)
		return p->reuse;
	return p->reuse * exp2((double)p->max_suppress /
	    (double)p->half_life);
}

/* FNV-1a over the key's meaningful bytes (no padding). */
static size_t
key_hash(const struct damp_key *k)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

#define MIX(x) do { h ^= (uint8_t)(x); h *= 16777619u; } while (0)
	MIX(k->afi);
	for (i = 0; i < 16; i++)
		MIX(k->pfx.addr.a[i]);
	MIX(k->pfx.len);
	for (i = 0; i < 16; i++)
		MIX(k->peer.a[i]);
	for (i = 0; i < 4; i++)
		MIX(k->pid >> (8 * i));
#undef MIX
	return h;
}

static int
key_eq(const struct damp_key *a, const struct damp_key *b)
{
	return a->afi == b->afi && a->pid == b->pid &&
	    prefix_cmp(&a->pfx, &b->pfx) == 0 &&
	    addr_cmp(&a->peer, &b->peer) == 0;
}

struct damp_tab *
damp_tab_new(void)
{
	struct damp_tab	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->nb = 64;
	if ((t->b = calloc(t->nb, sizeof(*t->b))) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static void
rec_free(struct damp_rec *r)
{
	bgp_attrs_unref(r->attrs);
	free(r);
}

void
damp_tab_free(struct damp_tab *t)
{
	struct damp_rec	*r, *nx;
	size_t		 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = nx) {
			nx = r->next;
			rec_free(r);
		}
	free(t->b);
	free(t);
}

size_t
damp_tab_count(const struct damp_tab *t)
{
	return t->n;
}

size_t
damp_tab_suppressed(const struct damp_tab *t)
{
	const struct damp_rec	*r;
	size_t			 i, n = 0;

	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = r->next)
			n += r->suppressed;
	return n;
}

struct damp_rec *
damp_find(const struct damp_tab *t, const struct damp_key *k)
{
	struct damp_rec	*r;

	for (r = t->b[key_hash(k) & (t->nb - 1)]; r != NULL; r = r->next)
		if (key_eq(&r->key, k))
			return r;
	return NULL;
}

/* Doubles the buckets at load 1; a failed grow keeps the old ones. */
static void
grow(struct damp_tab *t)
{
	struct damp_rec	**nb, *r, *nx;
	size_t		  i, n = t->nb * 2, h;

	if (t->n < t->nb || (nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = nx) {
			nx = r->next;
			h = key_hash(&r->key) & (n - 1);
			r->next = nb[h];
			nb[h] = r;
		}
	free(t->b);
	t->b = nb;
	t->nb = n;
}

static struct damp_rec *
rec_get(struct damp_tab *t, const struct damp_key *k, double now)
{
	struct damp_rec	*r;
	size_t		 h;

	if ((r = damp_find(t, k)) != NULL)
		return r;
	grow(t);
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->key = *k;
	prefix_mask(&r->key.pfx);
	r->updated = r->first = now;
	h = key_hash(&r->key) & (t->nb - 1);
	r->next = t->b[h];
	t->b[h] = r;
	t->n++;
	return r;
}

double
damp_penalty(const struct damp_rec *r, double now)
{
	return damp_decay(r->penalty, now - r->updated, r->par.half_life);
}

double
damp_reuse_in(const struct damp_rec *r, double now)
{
	double	 p = damp_penalty(r, now);

	if (!r->suppressed || p <= r->par.reuse || r->par.reuse == 0)
		return 0;
	return r->par.half_life * log2(p / r->par.reuse);
}

/* Brings the penalty to now; a suppressed record under reuse is
   released here too (the scan would have done it). */
static void
settle(struct damp_rec *r, const struct damp_params *par, double now)
{
	r->penalty = damp_penalty(r, now);
	if (now > r->updated)
		r->updated = now;
	r->par = *par;
	if (r->suppressed && r->penalty < r->par.reuse)
		r->suppressed = 0;
}

static int
add_penalty(struct damp_rec *r, double add)
{
	double	 ceil = damp_ceiling(&r->par);

	r->penalty += add;
	if (r->penalty > ceil)
		r->penalty = ceil;
	r->flaps++;
	if (r->penalty >= r->par.suppress)
		r->suppressed = 1;
	return r->suppressed;
}

static void
note_attrs(struct damp_rec *r, struct bgp_attrs *a)
{
	if (a == NULL || a == r->attrs)
		return;
	bgp_attrs_unref(r->attrs);
	r->attrs = bgp_attrs_ref(a);
}

int
damp_withdrawn(struct damp_tab *t, const struct damp_key *k,
    const struct damp_params *par, double now)
{
	struct damp_rec	*r;

	if ((r = rec_get(t, k, now)) == NULL)
		return -1;
	settle(r, par, now);
	r->history = 1;
	return add_penalty(r, DAMP_PENALTY_WITHDRAW);
}

int
damp_changed(struct damp_tab *t, const struct damp_key *k,
    const struct damp_params *par, double now, struct bgp_attrs *attrs)
{
	struct damp_rec	*r;

	if ((r = rec_get(t, k, now)) == NULL)
		return -1;
	settle(r, par, now);
	r->history = 0;
	note_attrs(r, attrs);
	return add_penalty(r, DAMP_PENALTY_ATTR);
}

int
damp_announced(struct damp_tab *t, const struct damp_key *k,
    const struct damp_params *par, double now, struct bgp_attrs *attrs)
{
	struct damp_rec	*r;

	if ((r = damp_find(t, k)) == NULL)
		return 0;
	settle(r, par, now);
	r->history = 0;
	note_attrs(r, attrs);
	return r->suppressed;
}

/* Unlinks and frees the records matching drop(); reused() first for a
   suppressed present path when release is set. */
static size_t
sweep(struct damp_tab *t, double now, const struct xprefix *pfx,
    damp_reuse_cb cb, void *arg, size_t *nreused)
{
	struct damp_rec	**pp, *r;
	size_t		  i, freed = 0;
	int		  drop, was;

	for (i = 0; i < t->nb; i++) {
		pp = &t->b[i];
		while ((r = *pp) != NULL) {
			was = r->suppressed;
			if (pfx == NULL && now >= 0) {
				/* the reuse pass */
				settle(r, &r->par, now);
				drop = !r->suppressed &&
				    r->penalty < r->par.reuse / 2.0;
			} else {
				drop = pfx == NULL ||
				    (r->key.pfx.addr.af == pfx->addr.af &&
				    prefix_cmp(&r->key.pfx, pfx) == 0);
				if (drop)
					r->suppressed = 0;
			}
			if (was && !r->suppressed) {
				if (nreused != NULL)
					(*nreused)++;
				if (!r->history && cb != NULL)
					cb(r, arg);
			}
			if (drop) {
				*pp = r->next;
				rec_free(r);
				t->n--;
				freed++;
			} else
				pp = &r->next;
		}
	}
	return freed;
}

size_t
damp_scan(struct damp_tab *t, double now, damp_reuse_cb cb, void *arg)
{
	size_t	 n = 0;

	(void)sweep(t, now < 0 ? 0 : now, NULL, cb, arg, &n);
	return n;
}

size_t
damp_clear(struct damp_tab *t, const struct xprefix *pfx, damp_reuse_cb cb,
    void *arg)
{
	struct xprefix	 m;

	if (pfx == NULL) {
		/* every record: the `now < 0` path of sweep */
		return sweep(t, -1, NULL, cb, arg, NULL);
	}
	m = *pfx;
	prefix_mask(&m);
	return sweep(t, -1, &m, cb, arg, NULL);
}

void
damp_peer_gone(struct damp_tab *t, const struct xaddr *peer)
{
	struct damp_rec	*r;
	size_t		 i;

	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = r->next)
			if (addr_cmp(&r->key.peer, peer) == 0)
				r->history = 1;
}

void
damp_clear_flaps(struct damp_tab *t, double now)
{
	struct damp_rec	*r;
	size_t		 i;

	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = r->next) {
			r->flaps = 0;
			r->first = now;
		}
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct damp_rec	*x = *(const struct damp_rec *const *)a;
	const struct damp_rec	*y = *(const struct damp_rec *const *)b;
	int			 c;

	if (x->key.afi != y->key.afi)
		return x->key.afi < y->key.afi ? -1 : 1;
	if ((c = prefix_cmp(&x->key.pfx, &y->key.pfx)) != 0)
		return c;
	if ((c = addr_cmp(&x->key.peer, &y->key.peer)) != 0)
		return c;
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	return 0;
}

const struct damp_rec **
damp_sorted(const struct damp_tab *t, size_t *n)
{
	const struct damp_rec	**v, *r;
	size_t			  i, k = 0;

	*n = 0;
	if (t->n == 0)
		return NULL;
	if ((v = calloc(t->n, sizeof(*v))) == NULL) {
		*n = (size_t)-1;
		return NULL;
	}
	for (i = 0; i < t->nb; i++)
		for (r = t->b[i]; r != NULL; r = r->next)
			v[k++] = r;
	qsort(v, k, sizeof(*v), rec_cmp);
	*n = k;
	return v;
}
