/*
 * rov: route origin validation in the RIB; see rov.h.  The ROA table
 * says which VRP prefixes changed; they are kept until the end of the
 * loop turn (one zero-delay timer), so that a burst of VRPs from an RTR
 * reset costs one pass, sorted and with nested prefixes merged.  Then
 * for each prefix only what is under it is visited: the Loc-RIB entries
 * (a scoped cursor) and, for the neighbors whose inbound policy reads
 * validation-state, their pre-policy copies (a range of the adjrib).
 * A batch with more VRP prefixes than the family has routes, or a
 * family validated again whole, walks the family instead.  The walks
 * go in budgeted steps, one a loop turn (a full table takes many), so
 * sessions keep their keepalives and updates flowing meanwhile.
 *
 * A path from a neighbor whose policy does not read the state is
 * validated again on its Loc-RIB attributes: its AS path as received
 * unless the policy rewrote the end of it (remove private-as), which
 * is what the arrival validation saw otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/proto.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/session.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

struct roa_table	*bgp_roa;

static struct rov_stats	 stats;

/* VRP prefixes recorded since the last run, both families. */
static struct xprefix	*pending;
static size_t		 npending, cappending;
static int		 pending_all[2];	/* a whole family (ENOMEM too) */
static struct loop_timer *t_run;
#define PENDING_MAX	(1u << 20)

/* A path of one Loc-RIB entry whose state moved. */
struct chg {
	const struct locrib_source	*src;
	uint8_t				 rov;
};

/* A pre-policy path whose state moved (attrs referenced). */
struct re {
	struct xprefix		 pfx;
	uint32_t		 pid;
	struct bgp_attrs	*attrs;
	uint8_t			 rov;
};

static struct chg	*chg;
static size_t		 capchg;
static struct re	*res;
static size_t		 nres, capres;
static int		 res_failed;

/*
 * The walk of one scope (a merged VRP prefix, or the whole family) in
 * steps: first its Loc-RIB entries with a cursor, then, neighbor by
 * neighbor in address order, the pre-policy copies of those whose
 * policy reads the state.  Between steps the tables may change: the
 * cursors hold positions, not pointers, and a route that arrives
 * behind them was validated on arrival with the same ROA set.
 */
static struct {
	int			 active;
	int			 afi;
	struct xprefix		 scope;
	int			 phase;		/* 0 Loc-RIB, 1 copies */
	struct pfxtable_cursor	 cur;
	struct xaddr		 peer;		/* phase 1: the neighbor */
	int			 peer_set;
	struct xprefix		 after;		/* ... and where in its copy */
	uint32_t		 after_pid;
	int			 after_set;
} w;

/* Scopes of the batch taken over, walked in order. */
static struct xprefix	*jobs;
static size_t		 njobs, jobi;
static size_t		 step_budget = ROV_STEP_BUDGET;

static void	fire(void *);

int
rov_init(void)
{
	if (bgp_roa != NULL)
		return 0;
	if ((bgp_roa = roa_table_new()) == NULL)
		return -1;
	return 0;
}

void
rov_free(void)
{
	loop_timer_cancel(t_run);
	t_run = NULL;
	free(pending);
	pending = NULL;
	npending = cappending = 0;
	pending_all[0] = pending_all[1] = 0;
	free(chg);
	chg = NULL;
	capchg = 0;
	free(res);
	res = NULL;
	nres = capres = 0;
	free(jobs);
	jobs = NULL;
	njobs = jobi = 0;
	memset(&w, 0, sizeof(w));
	step_budget = ROV_STEP_BUDGET;
	roa_table_free(bgp_roa);
	bgp_roa = NULL;
	memset(&stats, 0, sizeof(stats));
}

uint32_t
rov_origin_as(const struct bgp_attrs *a, uint32_t local_as, int *known)
{
	const uint8_t	*p = a->aspath;
	size_t		 len = p != NULL ? a->aspath_len : 0;
	size_t		 off = 0, n;
	uint8_t		 last_type = 0;
	uint32_t	 last_as = 0;

	*known = 1;
	/* segments of 4-byte ASes (attr_decode widens AS2 paths); an
	   empty segment is no segment */
	while (len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (n > 0) {
			last_type = p[off];
			last_as = be32_get(p + off + 2 + 4 * (n - 1));
		}
		off += 2 + 4 * n;
	}
	switch (last_type) {
	case 0:				/* empty: originated in our AS */
	case BGP_AS_CONFED_SEQUENCE:	/* inside our confederation */
	case BGP_AS_CONFED_SET:
		return local_as;
	case BGP_AS_SEQUENCE:
		return last_as;
	default:			/* AS_SET: NONE */
		*known = 0;
		return 0;
	}
}

static void
schedule(void)
{
	if (t_run == NULL && (t_run = loop_timer_add(0, fire, NULL)) == NULL)
		log_warnx("%s: out of memory scheduling origin validation",
		    __func__);
}

static int
afi_of(int af)
{
	return af == AF_V4 ? 0 : af == AF_V6 ? 1 : -1;
}

void
rov_vrp_changed(const struct xprefix *vrp, void *arg)
{
	struct xprefix	*nv;
	size_t		 ncap;
	int		 afi;

	(void)arg;
	if ((afi = afi_of(vrp->addr.af)) == -1)
		return;
	if (pending_all[afi])
		return;
	if (npending >= PENDING_MAX) {
		/* an RTR reset's worth: one pass over the family is less */
		pending_all[afi] = 1;
		schedule();
		return;
	}
	if (npending == cappending) {
		ncap = cappending ? cappending * 2 : 64;
		if ((nv = reallocarray(pending, ncap, sizeof(*nv))) == NULL) {
			/* nothing lost: the whole family instead */
			pending_all[afi] = 1;
			schedule();
			return;
		}
		pending = nv;
		cappending = ncap;
	}
	pending[npending] = *vrp;
	prefix_mask(&pending[npending]);
	npending++;
	schedule();
}

void
rov_revalidate_af(int af)
{
	int	 afi;

	if ((afi = afi_of(af)) == -1)
		return;
	pending_all[afi] = 1;
	schedule();
}

static int
pfx_order(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* The neighbor's paths go through its policy again from the copy. */
static int
by_policy(const struct peer *p, int afi)
{
	return p->ra[afi].rov_on && p->ra[afi].reads_rpki &&
	    rib_in_prepolicy_ok(p, afi);
}

/*
 * One Loc-RIB entry: the states of the paths of the neighbors whose
 * policy does not read them.  Returns the paths visited.
 */
static size_t
entry_paths(struct locrib *rib, int afi, const struct xprefix *pfx,
    const struct locrib_entry *e)
{
	const struct locrib_path	*path;
	struct peer			*p;
	struct chg			*nv;
	size_t				 i, n = 0, ncap, seen = 0;
	uint8_t				 st;

	for (i = 0; (path = locrib_entry_path(e, i)) != NULL; i++) {
		if (path->src->local != BGP_LOCAL_NONE ||
		    (p = path->src->owner) == NULL || by_policy(p, afi))
			continue;
		seen++;
		stats.revalidated++;
		st = rib_in_rov_state(p, afi, pfx, path->attrs);
		if (st == path->rov)
			continue;
		if (n == capchg) {
			ncap = capchg ? capchg * 2 : 16;
			if ((nv = reallocarray(chg, ncap, sizeof(*nv))) ==
			    NULL) {
				log_warnx("%s: out of memory", __func__);
				break;
			}
			chg = nv;
			capchg = ncap;
		}
		chg[n].src = path->src;
		chg[n].rov = st;
		n++;
	}
	/* setting a state may decide again and reorder the paths */
	for (i = 0; i < n; i++)
		if (locrib_set_rov(rib, pfx, chg[i].src, chg[i].rov) == 1)
			stats.changed++;
	return seen;
}

struct collect {
	struct peer	*p;
	int		 afi;
	size_t		 left;		/* entries this step may visit */
	struct xprefix	 last;		/* the last visited */
	uint32_t	 last_pid;
	int		 any;
};

static int
collect_one(const struct xprefix *pfx, uint32_t pid,
    const struct bgp_attrs *a, unsigned flags, void *arg)
{
	struct collect	*c = arg;
	struct re	*nv;
	size_t		 ncap;
	uint8_t		 st;

	if (c->left == 0)
		return 1;
	st = rib_in_rov_state(c->p, c->afi, pfx, a);
	if (st != ADJRIB_ROV(flags)) {
		if (nres == capres) {
			ncap = capres ? capres * 2 : 16;
			if ((nv = reallocarray(res, ncap, sizeof(*nv))) ==
			    NULL) {
				/* what was collected first; this entry
				   again next step (or lost if alone) */
				res_failed = 1;
				if (nres > 0)
					return 1;
				goto visited;
			}
			res = nv;
			capres = ncap;
		}
		res[nres].pfx = *pfx;
		res[nres].pid = pid;
		res[nres].attrs = bgp_attrs_ref((struct bgp_attrs *)a);
		res[nres].rov = st;
		nres++;
	}
 visited:
	stats.revalidated++;
	c->left--;
	c->last = *pfx;
	c->last_pid = pid;
	c->any = 1;
	return 0;
}

static void
walk_start(const struct xprefix *scope)
{
	memset(&w, 0, sizeof(w));
	w.active = 1;
	w.afi = afi_of(scope->addr.af);
	w.scope = *scope;
	locrib_cursor_init(&w.cur, scope);
	stats.prefixes++;
}

/* Loc-RIB entries until the budget is spent; returns what it used. */
static size_t
walk_locrib(size_t budget)
{
	struct locrib			*rib = bgp_rib.loc[w.afi];
	const struct locrib_entry	*e;
	struct xprefix			 pfx;
	size_t				 used = 0;

	while (used < budget) {
		if (rib == NULL || !locrib_cursor_next(rib, &w.cur, &e)) {
			w.phase = 1;
			break;
		}
		pfx = w.cur.last;
		used += 1 + entry_paths(rib, w.afi, &pfx, e);
	}
	return used;
}

/* The neighbor to walk: the one at w.peer or the next one after it. */
static struct peer *
walk_peer(void)
{
	static struct peer	 key;	/* big: not on the stack */
	struct peer		*p;

	if (!w.peer_set)
		p = RB_MIN(peer_tree, &bgpe.peers);
	else {
		key.addr = w.peer;
		p = RB_NFIND(peer_tree, &bgpe.peers, &key);
	}
	for (; p != NULL; p = RB_NEXT(peer_tree, &bgpe.peers, p))
		if (by_policy(p, w.afi))
			break;
	if (p != NULL && (!w.peer_set || addr_cmp(&p->addr, &w.peer) != 0)) {
		/* a new neighbor: from the start of its copy */
		w.peer = p->addr;
		w.peer_set = 1;
		w.after_set = 0;
	}
	return p;
}

/* Pre-policy copies until the budget is spent; returns what it used. */
static size_t
walk_copies(size_t budget)
{
	struct peer	*p;
	struct collect	 c;
	size_t		 i, used = 0, give;
	int		 more;

	while (used < budget) {
		if ((p = walk_peer()) == NULL) {
			w.active = 0;	/* no neighbor left */
			break;
		}
		give = budget - used;
		memset(&c, 0, sizeof(c));
		c.p = p;
		c.afi = w.afi;
		c.left = give;
		nres = 0;
		res_failed = 0;
		/* collected first: the re-import must not run inside the
		   walk of the store */
		more = adjrib_foreach_within_after(&p->rib[w.afi], &w.scope,
		    w.after_set ? &w.after : NULL, w.after_pid, collect_one,
		    &c);
		/* a copy looked into costs one, even when empty */
		used += give - c.left > 0 ? give - c.left : 1;
		if (c.any) {
			w.after = c.last;
			w.after_pid = c.last_pid;
			w.after_set = 1;
		}
		for (i = 0; i < nres; i++) {
			if (rib_in_reimport(p, w.afi, &res[i].pfx, res[i].pid,
			    res[i].attrs, res[i].rov) == -1)
				res_failed = 1;
			bgp_attrs_unref(res[i].attrs);
			stats.changed++;
			stats.reimported++;
			used++;
		}
		nres = 0;
		if (res_failed)
			log_warnx("bgp %s: out of memory validating routes "
			    "again", p->name);
		if (more)		/* the budget ran out in this copy */
			return used;
		/* this neighbor is done: on with the next one */
		if ((p = RB_NEXT(peer_tree, &bgpe.peers, p)) == NULL) {
			w.active = 0;
			break;
		}
		w.peer = p->addr;
		w.after_set = 0;
	}
	return used;
}

/* Takes over what was recorded: the jobs of one batch, sorted, nested
   prefixes merged, a family walked whole where that is less. */
static int
take_over(void)
{
	struct xprefix	*v = pending, whole;
	size_t		 n = npending, i, k = 0, last = (size_t)-1;
	size_t		 cnt[2] = { 0, 0 };
	int		 all[2] = { pending_all[0], pending_all[1] }, afi;

	if (n == 0 && !all[0] && !all[1])
		return 0;
	/* a change made by the walk (none expected) is kept for the next
	   batch */
	pending = NULL;
	npending = cappending = 0;
	pending_all[0] = pending_all[1] = 0;
	stats.runs++;
	/* more VRP prefixes than routes: the walk of the family is less */
	for (i = 0; i < n; i++)
		cnt[afi_of(v[i].addr.af)]++;
	for (afi = 0; afi < 2; afi++)
		if (cnt[afi] > 0 && bgp_rib.loc[afi] != NULL &&
		    cnt[afi] >= locrib_count_prefixes(bgp_rib.loc[afi]))
			all[afi] = 1;
	if (n > 1)
		qsort(v, n, sizeof(*v), pfx_order);
	/*
	 * The jobs reuse v: the whole families first (two more slots),
	 * then in (address, length) order a prefix follows any prefix
	 * holding it, so one look back at the last kept is enough to
	 * merge.
	 */
	free(jobs);
	jobs = NULL;
	njobs = jobi = 0;
	if (all[0] || all[1]) {
		struct xprefix	*nv;

		if ((nv = reallocarray(v, n + 2, sizeof(*nv))) == NULL) {
			log_warnx("%s: out of memory validating routes again",
			    __func__);
			free(v);
			return 1;
		}
		v = nv;
	}
	for (i = 0; i < n; i++) {
		if (all[afi_of(v[i].addr.af)])
			continue;
		if (last != (size_t)-1 && prefix_contains(&v[last], &v[i]))
			continue;
		v[k] = v[i];
		last = k++;
	}
	for (afi = 1; afi >= 0; afi--) {
		if (!all[afi])
			continue;
		memmove(v + 1, v, k * sizeof(*v));
		memset(&whole, 0, sizeof(whole));
		whole.addr.af = afi == 0 ? AF_V4 : AF_V6;
		v[0] = whole;
		k++;
	}
	jobs = v;
	njobs = k;
	return 1;
}

/* Walks with this budget (paths visited); 1 if work is left. */
static int
step(size_t budget)
{
	size_t	 used = 0;

	stats.steps++;
	while (used < budget) {
		if (!w.active) {
			if (jobi == njobs && !take_over())
				break;
			if (jobi == njobs)
				continue;
			walk_start(&jobs[jobi++]);
			/* a scope costs its descents even when empty: an
			   RTR reset's worth of them is many steps */
			used++;
			if (w.afi == -1 || bgp_rib.loc[w.afi] == NULL) {
				w.active = 0;
				continue;
			}
		}
		if (w.phase == 0)
			used += walk_locrib(budget - used);
		else
			used += walk_copies(budget - used);
	}
	return rov_busy();
}

int
rov_busy(void)
{
	return w.active || jobi < njobs || npending > 0 || pending_all[0] ||
	    pending_all[1];
}

void
rov_run_pending(void)
{
	loop_timer_cancel(t_run);
	t_run = NULL;
	while (step(SIZE_MAX))
		;
}

void
rov_set_step_budget(size_t budget)
{
	step_budget = budget > 0 ? budget : ROV_STEP_BUDGET;
}

static void
fire(void *arg)
{
	(void)arg;
	t_run = NULL;		/* a fired timer is freed */
	/* the rest on the next loop turn: sessions are served between */
	if (step(step_budget))
		schedule();
}

void
rov_stats(struct rov_stats *s)
{
	*s = stats;
}

uint8_t
rov_from_rpki(enum rpki_state state)
{
	switch (state) {
	case RPKI_VALID:
		return LOCRIB_ROV_VALID;
	case RPKI_INVALID:
		return LOCRIB_ROV_INVALID;
	default:
		return LOCRIB_ROV_NOT_FOUND;
	}
}

uint8_t
rov_validate_path(const struct xprefix *pfx, const struct bgp_attrs *a,
    uint32_t local_as)
{
	uint32_t	 origin;
	int		 known;

	if (bgp_roa == NULL)
		return LOCRIB_ROV_NOT_FOUND;
	origin = rov_origin_as(a, local_as, &known);
	return rov_from_rpki(roa_validate(bgp_roa, pfx, origin, known));
}
