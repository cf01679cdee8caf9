/*
 * updgroup_ap: the export of add-path groups (RFC 7911 send).  Which
 * paths of a prefix go out is the `additional-paths selection` policy's
 * `set path-selection`, run on the best path:
 *   none / best-path      the best path only;
 *   all advertise         every valid path;
 *   multipath advertise   the multipath set;
 *   backup 1 ... advertise the best and the next valid path;
 *   group-best advertise  the best path of each neighboring AS.
 * Each path goes out with the Local Path ID of its Loc-RIB source, given
 * once and kept while the source lives, so a path keeps its id whatever
 * else comes and goes, and a path no longer selected is withdrawn by id.
 * Groups without add-path never come here (updgroup.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/originate.h"
#include "core/bgp/peer.h"
#include "core/bgp/policy.h"
#include "core/bgp/rib.h"
#include "core/bgp/updgroup.h"
#include "core/bgp/updgroup_int.h"
#include "core/lib/log.h"

static uint32_t	 ug_next_local_id = UG_AP_DEFAULT_ID + 1;
static int	 ug_ap_groups[2];

void
ug_ap_count(int afi, int delta)
{
	if (afi < 0 || afi > 1)
		return;
	ug_ap_groups[afi] += delta;
	if (bgp_rib.loc[afi] != NULL)
		locrib_set_notify_paths(bgp_rib.loc[afi],
		    ug_ap_groups[afi] > 0);
}

/*
 * The Local Path ID of the paths of source s.  The source belongs to
 * whoever made it (rib_in, originate); the id is the one field export
 * writes, once.  Past 2^32 - 2 sources the ids wrap, skipping 0 and the
 * default route's.
 */
static uint32_t
local_id(const struct locrib_source *s)
{
	struct locrib_source	*w = (struct locrib_source *)s;

	if (w->local_id == 0) {
		if (ug_next_local_id <= UG_AP_DEFAULT_ID)
			ug_next_local_id = UG_AP_DEFAULT_ID + 1;
		w->local_id = ug_next_local_id++;
	}
	return w->local_id;
}

void
ug_apvec_free(struct ug_apvec *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		bgp_attrs_unref(v->e[i].v);
	free(v->e);
	memset(v, 0, sizeof(*v));
}

/* Appends (id, v), taking over the reference a holds; -1 on ENOMEM
   (the reference is dropped then). */
static int
vec_push(struct ug_apvec *v, uint32_t id, struct bgp_attrs *a)
{
	struct ug_ape	*ne;
	size_t		 ncap;

	if (v->n == v->cap) {
		ncap = v->cap ? v->cap * 2 : 4;
		if ((ne = reallocarray(v->e, ncap, sizeof(*ne))) == NULL) {
			bgp_attrs_unref(a);
			return -1;
		}
		v->e = ne;
		v->cap = ncap;
	}
	v->e[v->n].id = id;
	v->e[v->n].v = a;
	v->n++;
	return 0;
}

static int
ape_cmp(const void *a, const void *b)
{
	const struct ug_ape	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The first AS of a path (0 for an empty AS path): group-best's key. */
static uint32_t
first_as(const struct locrib_path *p)
{
	return bgp_aspath_first(p->attrs->aspath, p->attrs->aspath_len);
}

/* What the selection policy says for the best path bp of pfx. */
static void
selection(int afi, const struct xprefix *pfx, const struct locrib_path *bp,
    uint8_t *sel, uint8_t *flags)
{
	struct bgp_pol_ctx	 ctx;
	const struct peer	*o = bp->src->owner;

	*sel = PATHSEL_NONE;
	*flags = 0;
	if (bgp_rib.apsel[afi] == NULL)
		return;
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	if (o != NULL && bp->src->local == BGP_LOCAL_NONE)
		rib_peer_route_ctx(o, &ctx.peer);
	ctx.path_type = bp->src->local != BGP_LOCAL_NONE ? PATH_LOCAL :
	    bp->src->ebgp ? PATH_EBGP : PATH_IBGP;
	ctx.weight = bp->attrs->has_weight ? bp->attrs->weight :
	    bp->src->weight;
	if (bgp_policy_pathsel(bgp_rib.apsel[afi], &ctx, bp->attrs, sel,
	    flags) == -1)
		log_warnx("additional-paths selection %s: out of memory",
		    bgp_rib.apsel_text[afi]);
}

int
ug_ap_selected(const struct locrib_entry *e, size_t i, uint8_t sel,
    uint8_t flags, size_t *nbackup)
{
	const struct locrib_path	*p = locrib_entry_path(e, i);
	size_t				 j;

	if (p->flags & LOCRIB_PATH_BEST)
		return 1;
	if (!p->nh_reachable)
		return 0;
	switch (sel) {
	case PATHSEL_ALL:
		return 1;
	case PATHSEL_MULTIPATH:
		return (p->flags & LOCRIB_PATH_MULTIPATH) != 0;
	case PATHSEL_BACKUP:
		/* `backup 1`: the next valid path, sent only with
		   `advertise` (otherwise it is installed, not sent) */
		if (!(flags & PATHSEL_F_ADVERTISE) || *nbackup >= 1)
			return 0;
		(*nbackup)++;
		return 1;
	case PATHSEL_GROUP_BEST:
		/* the first valid path of its neighboring AS */
		for (j = 0; j < i; j++) {
			const struct locrib_path *q = locrib_entry_path(e, j);

			if ((q->nh_reachable || (q->flags & LOCRIB_PATH_BEST))
			    && first_as(q) == first_as(p))
				return 0;
		}
		return 1;
	}
	return 0;
}

int
ug_ap_want(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, struct ug_apvec *out)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*bp, *p;
	struct locrib			*loc = bgp_rib.loc[g->afi];
	struct bgp_attrs		*a;
	size_t				 i, n, nbackup = 0;
	uint8_t				 sel, flags;

	memset(out, 0, sizeof(*out));
	if (g->key.default_orig && pfx->len == 0) {
		if (ug_want_default(g, t, pfx, &a) == -1)
			return -1;
		return a != NULL ? vec_push(out, UG_AP_DEFAULT_ID, a) : 0;
	}
	if (loc == NULL || (e = locrib_lookup(loc, pfx)) == NULL ||
	    (bp = locrib_entry_best(e)) == NULL ||
	    originate_suppressed(g->afi, pfx))
		return 0;
	selection(g->afi, pfx, bp, &sel, &flags);
	n = locrib_entry_npaths(e);
	for (i = 0; i < n; i++) {
		if (!ug_ap_selected(e, i, sel, flags, &nbackup))
			continue;
		p = locrib_entry_path(e, i);
		if (ug_export_path(g, t, pfx, p, &a) == -1 ||
		    (a != NULL && vec_push(out, local_id(p->src), a) == -1)) {
			ug_apvec_free(out);
			return -1;
		}
	}
	qsort(out->e, out->n, sizeof(out->e[0]), ape_cmp);
	return 0;
}

static const struct ug_ape *
find_id(const struct ug_ape *e, size_t n, uint32_t id)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (e[mid].id == id)
			return &e[mid];
		if (e[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct ug_apset *
set_new(size_t n)
{
	struct ug_apset	*s;

	if ((s = malloc(sizeof(*s) + n * sizeof(s->e[0]))) == NULL)
		return NULL;
	s->n = n;
	return s;
}

struct ug_apset *
ug_apset_dup(const struct ug_apset *s)
{
	struct ug_apset	*d;

	if ((d = set_new(s->n)) == NULL)
		return NULL;
	memcpy(d->e, s->e, s->n * sizeof(s->e[0]));
	return d;
}

void
ug_ap_pend_free(void *v)
{
	struct ug_apset	*s = v;
	size_t		 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		bgp_attrs_unref(s->e[i].v);
	free(s);
}

/*
 * Merges the changes d (sorted, referenced) into g->pending for pfx:
 * a newer state of an id replaces the older one.  Takes over d's
 * references on success.
 */
static int
pend_merge(struct updgroup *g, const struct xprefix *pfx,
    const struct ug_apvec *d)
{
	struct ug_apset	*old, *ns;
	void		**slot;
	size_t		 i = 0, j = 0, k = 0, n;
	int		 created;

	if ((slot = pfxtable_slot(g->pending, pfx, &created)) == NULL)
		return -1;
	old = *slot;
	n = d->n + (old != NULL ? old->n : 0);
	if ((ns = set_new(n)) == NULL) {
		if (created)
			pfxtable_slot_undo(g->pending, pfx);
		return -1;
	}
	while (i < d->n || (old != NULL && j < old->n)) {
		if (old == NULL || j == old->n ||
		    (i < d->n && d->e[i].id <= old->e[j].id)) {
			if (old != NULL && j < old->n &&
			    old->e[j].id == d->e[i].id)
				bgp_attrs_unref(old->e[j++].v);
			ns->e[k++] = d->e[i++];
		} else
			ns->e[k++] = old->e[j++];
	}
	ns->n = k;
	free(old);
	*slot = ns;
	ug_kick();
	return 0;
}

int
ug_ap_sync(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, struct ug_apvec *out)
{
	struct ug_apvec		 want, d;
	struct ug_apset		*old, *ns = NULL;
	const struct ug_ape	*o;
	size_t			 i;
	void			*fp;

	memset(&d, 0, sizeof(d));
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (ug_ap_want(g, t, pfx, &want) == -1)
		goto fail;
	old = pfxtable_get(g->adjout, pfx);
	/* withdrawn: ids advertised that are no longer wanted */
	for (i = 0; old != NULL && i < old->n; i++)
		if (find_id(want.e, want.n, old->e[i].id) == NULL &&
		    vec_push(&d, old->e[i].id, NULL) == -1)
			goto fail;
	/* announced: new ids, or a changed set */
	for (i = 0; i < want.n; i++) {
		fp = ug_fp(want.e[i].v);
		if (old != NULL && (o = find_id(old->e, old->n,
		    want.e[i].id)) != NULL && o->v == fp)
			continue;
		if (vec_push(&d, want.e[i].id,
		    bgp_attrs_ref(want.e[i].v)) == -1)
			goto fail;
	}
	if (d.n > 0) {
		qsort(d.e, d.n, sizeof(d.e[0]), ape_cmp);
		if (want.n > 0) {
			if ((ns = set_new(want.n)) == NULL)
				goto fail;
			for (i = 0; i < want.n; i++) {
				ns->e[i].id = want.e[i].id;
				ns->e[i].v = ug_fp(want.e[i].v);
			}
			if (pfxtable_put(g->adjout, pfx, ns, NULL) == -1)
				goto fail;
			ns = NULL;
		} else
			pfxtable_del(g->adjout, pfx);
		free(old);
		if (pend_merge(g, pfx, &d) == -1) {
			/* the Adj-RIB-Out moved on: a refresh repairs */
			ug_apvec_free(&d);
			goto fail_logged;
		}
		free(d.e);
	}
	if (out != NULL)
		*out = want;
	else
		ug_apvec_free(&want);
	return 0;
fail:
	free(ns);
	ug_apvec_free(&d);
fail_logged:
	ug_apvec_free(&want);
	log_warnx("update group %u: out of memory exporting a prefix",
	    g->id);
	return -1;
}

int
ug_ap_current(struct updgroup *g, const struct xprefix *pfx,
    struct ug_apvec *out)
{
	struct export_target	 t;

	memset(out, 0, sizeof(*out));
	if (ug_target(g, &t) == -1)
		return 0;
	return ug_ap_sync(g, &t, pfx, out);
}

int
ug_ap_pack(struct updpack *u, const struct xprefix *pfx, void *v)
{
	const struct ug_apset	*s = v;
	size_t			 i;
	int			 rc;

	for (i = 0; i < s->n; i++) {
		rc = s->e[i].v != NULL ?
		    updpack_announce_pid(u, s->e[i].v, pfx, s->e[i].id) :
		    updpack_withdraw_pid(u, pfx, s->e[i].id);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/* Sends what `to` has for p against what m's group had (old, or NULL). */
static int
diff_one(struct ug_member *m, struct updgroup *to, const struct xprefix *p,
    const struct ug_apset *old, struct updpack *u)
{
	struct ug_apvec		 cur;
	const struct ug_ape	*o;
	size_t			 i;
	int			 rc = 0;

	(void)m;
	if (ug_ap_current(to, p, &cur) == -1)
		return -1;
	for (i = 0; old != NULL && i < old->n && rc == 0; i++)
		if (find_id(cur.e, cur.n, old->e[i].id) == NULL)
			rc = updpack_withdraw_pid(u, p, old->e[i].id);
	for (i = 0; i < cur.n && rc == 0; i++) {
		if (old != NULL && (o = find_id(old->e, old->n,
		    cur.e[i].id)) != NULL && o->v == ug_fp(cur.e[i].v))
			continue;
		rc = updpack_announce_pid(u, cur.e[i].v, p, cur.e[i].id);
	}
	ug_apvec_free(&cur);
	return rc;
}

int
ug_ap_diff(struct ug_member *m, struct updgroup *to, struct updpack *u)
{
	struct pfxtable_cursor	 c;
	struct xprefix		 p;
	void			*v;
	const struct ug_apset	*old;
	size_t			 i;
	int			 walked = m->state == UGM_WALK && !m->holds;

	if (!m->g->key.addpath || !to->key.addpath)
		return -1;	/* the key holds the capability: never */
	pfxtable_cursor_init(&c, NULL);
	while (pfxtable_cursor_next(m->g->adjout, &c, &p, &v)) {
		if (walked && (!m->cur.started ||
		    prefix_cmp(&p, &m->cur.last) > 0))
			break;
		old = v;
		if (pfxtable_get(to->adjout, &p) == NULL) {
			for (i = 0; i < old->n; i++)
				if (updpack_withdraw_pid(u, &p,
				    old->e[i].id) == -1)
					return -1;
			continue;
		}
		if (diff_one(m, to, &p, old, u) == -1)
			return -1;
	}
	if (walked)
		return 0;
	pfxtable_cursor_init(&c, NULL);
	while (pfxtable_cursor_next(to->adjout, &c, &p, &v))
		if (pfxtable_get(m->g->adjout, &p) == NULL &&
		    diff_one(m, to, &p, NULL, u) == -1)
			return -1;
	return 0;
}

int
updgroup_ap_advertised(int afi, const struct xprefix *pfx, uint32_t id)
{
	struct updgroup		*g;
	const struct ug_apset	*s;

	if (id == 0)
		return 0;
	TAILQ_FOREACH(g, &ug_groups, entry)
		if (g->afi == afi && g->key.addpath &&
		    (s = pfxtable_get(g->adjout, pfx)) != NULL &&
		    find_id(s->e, s->n, id) != NULL)
			return 1;
	return 0;
}
