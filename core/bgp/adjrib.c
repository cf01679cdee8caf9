/*
 * adjrib: an RB tree per Adj-RIB-In; see adjrib.h.  Each entry holds one
 * reference to its attribute set.  Invariants: count is the number of
 * entries, nstale the number of entries with ADJRIB_STALE.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/adjrib.h"

struct adjrib_entry {
	RB_ENTRY(adjrib_entry)	 entry;
	struct xprefix		 pfx;
	struct bgp_attrs	*attrs;
	unsigned		 flags;
	uint32_t		 pid;	/* RFC 7911 Path Identifier, or 0
					   (fits the padding: no growth) */
};

int
adjrib_entry_cmp(const struct adjrib_entry *a, const struct adjrib_entry *b)
{
	int	 c;

	if ((c = prefix_cmp(&a->pfx, &b->pfx)) != 0)
		return c;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

RB_GENERATE(adjrib_tree, adjrib_entry, entry, adjrib_entry_cmp)

void
adjrib_init(struct adjrib *r)
{
	RB_INIT(&r->tree);
	r->count = 0;
	r->nstale = 0;
}

static struct adjrib_entry *
find(const struct adjrib *r, const struct xprefix *pfx, uint32_t pid)
{
	struct adjrib_entry	 key;

	key.pfx = *pfx;
	key.pid = pid;
	return RB_FIND(adjrib_tree, (struct adjrib_tree *)&r->tree, &key);
}

int
adjrib_add(struct adjrib *r, const struct xprefix *pfx,
    struct bgp_attrs *attrs)
{
	return adjrib_add_pid(r, pfx, 0, attrs);
}

int
adjrib_add_pid(struct adjrib *r, const struct xprefix *pfx, uint32_t pid,
    struct bgp_attrs *attrs)
{
	struct adjrib_entry	*e;

	if ((e = find(r, pfx, pid)) != NULL) {
		bgp_attrs_unref(e->attrs);
		e->attrs = attrs;
		if (e->flags & ADJRIB_STALE) {
			e->flags &= ~ADJRIB_STALE;
			r->nstale--;
		}
		return 0;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		bgp_attrs_unref(attrs);
		return -1;
	}
	e->pfx = *pfx;
	e->pid = pid;
	e->attrs = attrs;
	RB_INSERT(adjrib_tree, &r->tree, e);
	r->count++;
	return 1;
}

static void
entry_free(struct adjrib *r, struct adjrib_entry *e)
{
	RB_REMOVE(adjrib_tree, &r->tree, e);
	if (e->flags & ADJRIB_STALE)
		r->nstale--;
	r->count--;
	bgp_attrs_unref(e->attrs);
	free(e);
}

int
adjrib_remove(struct adjrib *r, const struct xprefix *pfx)
{
	return adjrib_remove_pid(r, pfx, 0);
}

int
adjrib_remove_pid(struct adjrib *r, const struct xprefix *pfx, uint32_t pid)
{
	struct adjrib_entry	*e;

	if ((e = find(r, pfx, pid)) == NULL)
		return 0;
	entry_free(r, e);
	return 1;
}

size_t
adjrib_count(const struct adjrib *r)
{
	return r->count;
}

struct bgp_attrs *
adjrib_get(const struct adjrib *r, const struct xprefix *pfx)
{
	struct adjrib_entry	*e;

	return (e = find(r, pfx, 0)) != NULL ? e->attrs : NULL;
}

void
adjrib_clear(struct adjrib *r)
{
	struct adjrib_entry	*e;

	while ((e = RB_ROOT(&r->tree)) != NULL)
		entry_free(r, e);
}

int
adjrib_foreach(const struct adjrib *r, int (*cb)(const struct xprefix *,
    const struct bgp_attrs *, unsigned, void *), void *arg)
{
	struct adjrib_entry	*e;
	int			 rc;

	RB_FOREACH(e, adjrib_tree, (struct adjrib_tree *)&r->tree)
		if ((rc = cb(&e->pfx, e->attrs, e->flags, arg)) != 0)
			return rc;
	return 0;
}

int
adjrib_foreach_pid(const struct adjrib *r, int (*cb)(const struct xprefix *,
    uint32_t, const struct bgp_attrs *, unsigned, void *), void *arg)
{
	struct adjrib_entry	*e;
	int			 rc;

	RB_FOREACH(e, adjrib_tree, (struct adjrib_tree *)&r->tree)
		if ((rc = cb(&e->pfx, e->pid, e->attrs, e->flags, arg)) != 0)
			return rc;
	return 0;
}

/* The walk of adjrib_foreach_within from the first entry after
   (after, after_pid) when after is not NULL. */
#define WALK_AHEAD	8	/* entries found ahead of the callback */

/* a set is three lines, a compact one's AS path and communities follow
   it (bgp_attrs_compact) */
static inline void
prefetch_set(const struct adjrib_entry *e)
{
	const char	*a = (const char *)e->attrs;

	__builtin_prefetch(a);
	__builtin_prefetch(a + 64);
	__builtin_prefetch(a + 128);
	__builtin_prefetch(a + 192);
}

static inline void
prefetch_paths(const struct adjrib_entry *e)
{
	__builtin_prefetch(e->attrs->aspath);
	__builtin_prefetch(e->attrs->communities);
}

/*
 * An in-order walk of the tree with its own stack of the nodes still to
 * come (no climb back through parents), so that the right child of each
 * node is known, and fetched, long before the walk gets there.  An RB
 * tree of n nodes is at most 2 log2(n + 1) high: WALK_DEPTH is never
 * reached; were it, the walk goes on with RB_NEXT.
 */
#define WALK_DEPTH	128

struct walk_it {
	struct adjrib_tree	*t;
	struct adjrib_entry	*st[WALK_DEPTH];
	size_t			 n;
	int			 deep;		/* the stack overflowed */
	struct adjrib_entry	*first, *last;	/* then: RB_NEXT from last */
};

static void
walk_push(struct walk_it *it, struct adjrib_entry *e)
{
	if (it->n == WALK_DEPTH) {
		it->deep = 1;
		return;
	}
	if (RB_RIGHT(e, entry) != NULL)
		__builtin_prefetch(RB_RIGHT(e, entry));
	it->st[it->n++] = e;
}

/* the walk from e on: e's ancestors it lies left of are still to come */
static void
walk_init(struct walk_it *it, struct adjrib_tree *t, struct adjrib_entry *e)
{
	struct adjrib_entry	*up[WALK_DEPTH], *x, *p;
	size_t			 n = 0;

	it->t = t;
	it->n = 0;
	it->deep = 0;
	it->first = it->last = NULL;
	if (e == NULL)
		return;
	for (x = e; (p = RB_PARENT(x, entry)) != NULL; x = p)
		if (RB_LEFT(p, entry) == x && n < WALK_DEPTH)
			up[n++] = p;
	while (n > 0)
		walk_push(it, up[--n]);
	walk_push(it, e);
	it->first = e;
}

static struct adjrib_entry *
walk_next(struct walk_it *it)
{
	struct adjrib_entry	*x, *y, *r;

	if (it->deep) {
		if (it->first != NULL)
			it->last = it->first;
		else if (it->last != NULL)
			it->last = RB_NEXT(adjrib_tree, it->t, it->last);
		it->first = NULL;
		return it->last;
	}
	if (it->n == 0)
		return NULL;
	x = it->st[--it->n];
	it->first = NULL;
	for (y = RB_RIGHT(x, entry); y != NULL; y = RB_LEFT(y, entry))
		walk_push(it, y);
	if (it->deep) {		/* not reached: see WALK_DEPTH */
		it->last = x;
		return x;
	}
	/* the one after next: its right subtree's first node */
	if (it->n > 0 && (r = RB_RIGHT(it->st[it->n - 1], entry)) != NULL &&
	    RB_LEFT(r, entry) != NULL)
		__builtin_prefetch(RB_LEFT(r, entry));
	return x;
}

static int
within_from(const struct adjrib *r, const struct xprefix *within,
    const struct xprefix *after, uint32_t after_pid,
    int (*cb)(const struct xprefix *, uint32_t, const struct bgp_attrs *,
    unsigned, void *), void *arg)
{
	struct adjrib_entry	 key, from, *e, *ahead;
	struct adjrib_entry	*ring[WALK_AHEAD];
	struct walk_it		 it;
	struct xprefix		 top;
	size_t			 i;
	int			 rc;

	/*
	 * In (address, length) order the prefixes inside within follow
	 * (within, path id 0) without a gap: a stored prefix (host bits
	 * clear) whose address is in range and shorter than within has
	 * within's address, so it sorts before.
	 */
	memset(&key, 0, sizeof(key));
	key.pfx = *within;
	prefix_mask(&key.pfx);
	key.pid = 0;
	e = NULL;
	if (after != NULL) {
		memset(&from, 0, sizeof(from));
		from.pfx = *after;
		prefix_mask(&from.pfx);
		from.pid = after_pid;
		if (adjrib_entry_cmp(&from, &key) >= 0) {
			e = RB_NFIND(adjrib_tree, (struct adjrib_tree *)&r->tree,
			    &from);
			if (e != NULL && adjrib_entry_cmp(e, &from) == 0)
				e = RB_NEXT(adjrib_tree,
				    (struct adjrib_tree *)&r->tree, e);
		} else
			after = NULL;
	}
	if (after == NULL)
		e = RB_NFIND(adjrib_tree, (struct adjrib_tree *)&r->tree, &key);
	/*
	 * The tree's nodes and their attribute sets lie all over the heap:
	 * on a full table the walk waits on memory more than it computes.
	 * The entries a few steps ahead are found first and their sets
	 * (then the AS path and communities, which import reads first)
	 * fetched while the callback works on this one.
	 */
	memset(ring, 0, sizeof(ring));
	walk_init(&it, (struct adjrib_tree *)&r->tree, e);
	ahead = walk_next(&it);
	for (i = 0; i < WALK_AHEAD && ahead != NULL; i++) {
		ring[i] = ahead;
		prefetch_set(ahead);
		ahead = walk_next(&it);
	}
	for (i = 0; (e = ring[i % WALK_AHEAD]) != NULL; i++) {
		ring[i % WALK_AHEAD] = ahead;
		if (ahead != NULL) {
			prefetch_set(ahead);
			ahead = walk_next(&it);
		}
		if (ring[(i + 1) % WALK_AHEAD] != NULL)
			prefetch_paths(ring[(i + 1) % WALK_AHEAD]);
		if (e->pfx.addr.af != key.pfx.addr.af)
			break;
		top.addr = e->pfx.addr;
		top.len = key.pfx.len;
		prefix_mask(&top);
		if (prefix_cmp(&top, &key.pfx) != 0)
			break;
		if (e->pfx.len < key.pfx.len)
			continue;
		if ((rc = cb(&e->pfx, e->pid, e->attrs, e->flags, arg)) != 0)
			return rc;
	}
	return 0;
}

int
adjrib_foreach_within(const struct adjrib *r, const struct xprefix *within,
    int (*cb)(const struct xprefix *, uint32_t, const struct bgp_attrs *,
    unsigned, void *), void *arg)
{
	return within_from(r, within, NULL, 0, cb, arg);
}

int
adjrib_foreach_within_after(const struct adjrib *r,
    const struct xprefix *within, const struct xprefix *after,
    uint32_t after_pid, int (*cb)(const struct xprefix *, uint32_t,
    const struct bgp_attrs *, unsigned, void *), void *arg)
{
	return within_from(r, within, after, after_pid, cb, arg);
}

int
adjrib_set_rov(struct adjrib *r, const struct xprefix *pfx, uint32_t pid,
    unsigned rov)
{
	struct adjrib_entry	*e;

	if ((e = find(r, pfx, pid)) == NULL)
		return -1;
	e->flags = (e->flags & ~ADJRIB_ROV_MASK) |
	    ((rov << ADJRIB_ROV_SHIFT) & ADJRIB_ROV_MASK);
	return 0;
}

void
adjrib_mark_stale(struct adjrib *r)
{
	struct adjrib_entry	*e;

	RB_FOREACH(e, adjrib_tree, &r->tree)
		e->flags |= ADJRIB_STALE;
	r->nstale = r->count;
}

size_t
adjrib_sweep_stale(struct adjrib *r)
{
	struct adjrib_entry	*e, *next;
	size_t			 n = 0;

	if (r->nstale == 0)
		return 0;
	RB_FOREACH_SAFE(e, adjrib_tree, &r->tree, next)
		if (e->flags & ADJRIB_STALE) {
			entry_free(r, e);
			n++;
		}
	return n;
}

size_t
adjrib_stale_count(const struct adjrib *r)
{
	return r->nstale;
}

size_t
adjrib_memory(const struct adjrib *r)
{
	return r->count * sizeof(struct adjrib_entry);
}
