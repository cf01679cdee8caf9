/*
 * nexthop: next-hop tracking through the RIB; see nexthop.h.
 *
 * Two Patricia tries per family, so that a lookup costs O(address bits)
 * however many next hops a peer invents: the Established peers'
 * addresses (a reference count each: a neighbor may be up twice while an
 * old session closes behind a new one), and the tracked next hops with
 * their last reported state and metric (a small allocation each).
 *
 * A RIB change is not matched against the next hops it could affect: a
 * selected non-BGP route coming, going or changing re-resolves every
 * tracked next hop (a few hundred lookups on a full table with a few
 * peers), on a 0-second timer so that a burst is one pass.  Changes of
 * B routes, the bulk of the traffic, cost one test here.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/nexthop.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/lib/pfxtable.h"
#include "core/rt/rt.h"

/*
 * A RIB change seen while the tracked next hops are being re-decided
 * (a B route put by that very pass replaced a floating static that
 * resolved the next hop, say) waits this long: a route resolving its
 * own next hop then flips at most once a second instead of spinning.
 */
#define NH_SETTLE_AGAIN_SECS	1.0

struct nh_state {
	uint32_t	 metric;
	uint8_t		 up;
};

static char	 peer_mark;	/* the used-next-hop set's values */

static struct {
	struct locrib	*rib[2];
	struct pfxtable	*peers[2];	/* value: unsigned *, the refcount */
	struct pfxtable	*tracked[2];	/* value: struct nh_state * */
	uint8_t		 have_conn[2];	/* the RIB had a connected route */
	int		 rt_handle;	/* -1: not subscribed */
	struct loop_timer *t_settle;
	int		 settling;	/* in update_all() */
	size_t		 kept;		/* tracked after the last sweep */
	uint64_t	 swept_dropped;	/* the Loc-RIBs' dropped paths then */
} nh = { .rt_handle = -1 };

static int
fam(const struct xaddr *a)
{
	if (a->af == AF_V4)
		return 0;
	if (a->af == AF_V6)
		return 1;
	return -1;
}

/* No next hop, or 0.0.0.0 / :: : a locally originated path. */
static int
unspecified(const struct xaddr *a)
{
	size_t	 i, n;

	if (a->af != AF_V4 && a->af != AF_V6)
		return 1;
	n = a->af == AF_V4 ? 4 : 16;
	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}

static struct pfxtable *
table(struct pfxtable **t, int i)
{
	if (t[i] == NULL)
		t[i] = pfxtable_new(i == 0 ? AF_V4 : AF_V6);
	return t[i];
}

static int
is_peer(const struct xaddr *a)
{
	struct xprefix	 p;
	int		 i = fam(a);

	if (i == -1 || nh.peers[i] == NULL)
		return 0;
	prefix_host(a, &p);
	return pfxtable_get(nh.peers[i], &p) != NULL;
}

/* The state from the RIB (and the peers), tracked or not. */
static int
compute(const struct xaddr *a, uint32_t *metric)
{
	struct rt_sel	 sel;
	int		 i = fam(a);

	*metric = 0;
	if (unspecified(a))
		return 1;
	/* the IGP metric to the next hop: the resolving route's own */
	if (rt_resolve_nexthop(a, &sel)) {
		*metric = sel.path != NULL ? sel.path->metric : 0;
		return 1;
	}
	return i != -1 && !nh.have_conn[i] && is_peer(a);
}

/* Reports a tracked next hop whose state may have changed. */
static void
update(const struct xaddr *a)
{
	struct xprefix	 p;
	struct nh_state	*st, old;
	uint32_t	 m;
	int		 i = fam(a), r;

	if (i == -1 || nh.tracked[i] == NULL)
		return;
	prefix_host(a, &p);
	if ((st = pfxtable_get(nh.tracked[i], &p)) == NULL)
		return;
	r = compute(a, &m);
	if (r == st->up && m == st->metric)
		return;
	old = *st;
	st->up = (uint8_t)r;
	st->metric = m;
	/* out of memory: keep the old state, the next pass retries */
	if (nh.rib[i] != NULL && locrib_set_nexthop(nh.rib[i], a, r, m) == -1)
		*st = old;
}

static void
update_all(void)
{
	struct pfxtable_cursor	 cur;
	struct xprefix		 p;
	void			*v;
	int			 i;

	nh.settling = 1;
	for (i = 0; i < 2; i++) {
		if (nh.tracked[i] == NULL)
			continue;
		/* a cursor: the Loc-RIB's callbacks may run in between */
		pfxtable_cursor_init(&cur, NULL);
		while (pfxtable_cursor_next(nh.tracked[i], &cur, &p, &v))
			update(&p.addr);
	}
	nh.settling = 0;
}

static void
settle_fire(void *arg)
{
	(void)arg;
	nh.t_settle = NULL;
	update_all();
}

static int
non_bgp(const struct rt_sel *s)
{
	return s != NULL && s->path != NULL && s->path->src != RT_SRC_BGP;
}

static void
rt_changed(const struct xprefix *pfx, const struct rt_sel *old,
    const struct rt_sel *new, void *arg)
{
	int	 i = fam(&pfx->addr);

	(void)arg;
	/* a B route resolves no next hop: the common case, one test */
	if (!non_bgp(old) && !non_bgp(new))
		return;
	if (i != -1 && non_bgp(new) && (new->path->src == RT_SRC_CONNECTED ||
	    new->path->src == RT_SRC_LOCAL))
		nh.have_conn[i] = 1;
	if (nh.t_settle != NULL)
		return;
	/* out of memory: the periodic rescan catches up */
	nh.t_settle = loop_timer_add(nh.settling ? NH_SETTLE_AGAIN_SECS : 0,
	    settle_fire, NULL);
}

int
nexthop_init(struct locrib *v4, struct locrib *v6)
{
	size_t	 counts[RT_SRC_COUNT];
	int	 i;

	nexthop_free();
	nh.rib[0] = v4;
	nh.rib[1] = v6;
	if (rt_init() == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		rt_counts(i == 0 ? AF_V4 : AF_V6, counts);
		nh.have_conn[i] = counts[RT_SRC_CONNECTED] +
		    counts[RT_SRC_LOCAL] > 0;
	}
	if (table(nh.tracked, 0) == NULL || table(nh.tracked, 1) == NULL ||
	    table(nh.peers, 0) == NULL || table(nh.peers, 1) == NULL ||
	    (nh.rt_handle = rt_subscribe(rt_changed, NULL)) == -1) {
		nexthop_free();
		return -1;
	}
	return 0;
}

void
nexthop_free(void)
{
	int	 i;

	if (nh.rt_handle != -1)
		rt_unsubscribe(nh.rt_handle);
	loop_timer_cancel(nh.t_settle);
	for (i = 0; i < 2; i++) {
		pfxtable_free(nh.peers[i], free);
		pfxtable_free(nh.tracked[i], free);
	}
	memset(&nh, 0, sizeof(nh));
	nh.rt_handle = -1;
}

int
nexthop_track(const struct xaddr *a)
{
	struct xprefix	 p;
	struct nh_state	*st;
	int		 i;

	if (unspecified(a))
		return 0;
	i = fam(a);
	prefix_host(a, &p);
	if (table(nh.tracked, i) == NULL)
		return -1;
	if (pfxtable_get(nh.tracked[i], &p) != NULL)
		return 0;
	if ((st = malloc(sizeof(*st))) == NULL)
		return -1;
	st->up = (uint8_t)compute(a, &st->metric);
	/* no path uses a yet: the Loc-RIB needs no walk */
	if (nh.rib[i] != NULL &&
	    locrib_nexthop_preset(nh.rib[i], a, st->up, st->metric) == -1) {
		free(st);
		return -1;
	}
	if (pfxtable_put(nh.tracked[i], &p, st, NULL) == -1) {
		if (nh.rib[i] != NULL)
			locrib_nexthop_preset(nh.rib[i], a, 1, 0);
		free(st);
		return -1;
	}
	return 0;
}

int
nexthop_reachable(const struct xaddr *a, uint32_t *metric)
{
	struct xprefix	 p;
	struct nh_state	*st;
	uint32_t	 m;
	int		 i = fam(a), r;

	if (i != -1 && nh.tracked[i] != NULL) {
		prefix_host(a, &p);
		if ((st = pfxtable_get(nh.tracked[i], &p)) != NULL) {
			if (metric != NULL)
				*metric = st->metric;
			return st->up;
		}
	}
	r = compute(a, &m);
	if (metric != NULL)
		*metric = m;
	return r;
}

const char *
nexthop_reason(const struct xaddr *a)
{
	if (nexthop_reachable(a, NULL))
		return NULL;
	return "no route to the next hop in the RIB (a default or BGP "
	    "route does not resolve it)";
}

void
nexthop_peer_up(const struct xaddr *a)
{
	struct xprefix	 p;
	unsigned	*refs;
	int		 i = fam(a);

	if (i == -1 || table(nh.peers, i) == NULL)
		return;
	prefix_host(a, &p);
	if ((refs = pfxtable_get(nh.peers[i], &p)) != NULL) {
		(*refs)++;
		return;
	}
	/* out of memory: the peer's next hop stays as it was */
	if ((refs = malloc(sizeof(*refs))) == NULL)
		return;
	*refs = 1;
	if (pfxtable_put(nh.peers[i], &p, refs, NULL) == -1) {
		free(refs);
		return;
	}
	update(a);
}

void
nexthop_peer_down(const struct xaddr *a)
{
	struct xprefix	 p;
	unsigned	*refs;
	int		 i = fam(a);

	if (i == -1 || nh.peers[i] == NULL)
		return;
	prefix_host(a, &p);
	if ((refs = pfxtable_get(nh.peers[i], &p)) == NULL)
		return;
	if (--(*refs) > 0)
		return;
	free(pfxtable_del(nh.peers[i], &p));
	update(a);
}

/*
 * The sweep's marks: used[] holds every next hop of an interned set; a
 * small direct-mapped cache in front of it, since a table has hundreds of
 * thousands of sets over a few hundred next hops.
 */
#define MARK_CACHE	256
struct marks {
	struct pfxtable	*used[2];
	struct xaddr	 cache[MARK_CACHE];	/* af 0: empty */
};

static int
mark_used(const struct bgp_attrs *a, void *arg)
{
	struct marks	*m = arg;
	struct xaddr	*c;
	struct xprefix	 host;
	unsigned	 h = 0;
	size_t		 k;
	int		 i;

	if ((i = fam(&a->nexthop)) == -1)
		return 0;
	for (k = 0; k < sizeof(a->nexthop.a); k++)
		h = h * 31 + a->nexthop.a[k];
	c = &m->cache[h % MARK_CACHE];
	if (addr_cmp(c, &a->nexthop) == 0)
		return 0;
	prefix_host(&a->nexthop, &host);
	if (pfxtable_get(m->used[i], &host) == NULL &&
	    pfxtable_put(m->used[i], &host, &peer_mark, NULL) == -1)
		return -1;
	*c = a->nexthop;
	return 0;
}

/*
 * Forgets the tracked next hops that no Loc-RIB path uses any more (and
 * the Loc-RIB's record of their state): without this, every next hop a
 * peer ever sent stays, and a peer cycling through next hops (a flap
 * storm, a hostile peer) grows the table without bound.  Every Loc-RIB
 * path holds an interned attribute set, so the next hops in use are among
 * those of the interned sets: a walk of the sets (a few per hundred
 * paths on a full table), not of the paths, and only when next hops were
 * tracked or paths removed or replaced since the last sweep.  Sets held
 * elsewhere (soft-reconfiguration copies) keep theirs too, which is
 * harmless.  A failed allocation skips the sweep (the next rescan tries
 * again).
 */
static void
sweep(void)
{
	struct pfxtable_cursor	 cur;
	struct marks		*m;
	struct xprefix		 p;
	void			*v;
	uint64_t		 dropped = 0;
	int			 i;

	for (i = 0; i < 2; i++)
		if (nh.rib[i] != NULL)
			dropped += locrib_paths_dropped(nh.rib[i]);
	if (nexthop_count() == nh.kept && dropped == nh.swept_dropped)
		return;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return;
	m->used[0] = pfxtable_new(AF_V4);
	m->used[1] = pfxtable_new(AF_V6);
	if (m->used[0] == NULL || m->used[1] == NULL ||
	    bgp_attrs_intern_foreach(mark_used, m) != 0)
		goto out;
	for (i = 0; i < 2; i++) {
		if (nh.tracked[i] == NULL)
			continue;
		/* a cursor resumes after a deletion */
		pfxtable_cursor_init(&cur, NULL);
		while (pfxtable_cursor_next(nh.tracked[i], &cur, &p, &v)) {
			if (pfxtable_get(m->used[i], &p) != NULL)
				continue;
			free(pfxtable_del(nh.tracked[i], &p));
			/* back to the default: frees the Loc-RIB's record */
			if (nh.rib[i] != NULL)
				locrib_nexthop_preset(nh.rib[i], &p.addr, 1, 0);
		}
	}
	nh.kept = nexthop_count();
	nh.swept_dropped = dropped;
out:
	pfxtable_free(m->used[0], NULL);
	pfxtable_free(m->used[1], NULL);
	free(m);
}

void
nexthop_rescan(void)
{
	sweep();
	loop_timer_cancel(nh.t_settle);
	nh.t_settle = NULL;
	update_all();
}

size_t
nexthop_count(void)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < 2; i++)
		if (nh.tracked[i] != NULL)
			n += pfxtable_count(nh.tracked[i]);
	return n;
}
