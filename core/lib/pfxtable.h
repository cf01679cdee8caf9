/*
 * pfxtable: a path-compressed binary (Patricia) trie from prefixes to a
 * caller's value, one table per address family.  It is the index of the
 * Loc-RIB and the Adj-RIBs: exact lookup, longest match for an address,
 * walks in the order XR prints (address, then length), the subtree of a
 * prefix (`longer-prefixes`) and a cursor that lets a long `show bgp`
 * print in chunks while the table changes between them.
 *
 * Memory: a node exists only where a prefix is stored or where two
 * stored prefixes branch; nodes come from per-table slabs (no malloc
 * header per node) and an IPv4 node keeps its key in one 32-bit word:
 * 24 bytes per IPv4 node, 40 per IPv6 node.
 *
 * Values are opaque and must not be NULL (NULL is "absent" everywhere).
 * Host bits beyond a prefix's length are ignored: 10.1.2.3/8 is
 * 10.0.0.0/8.  Prefixes and addresses of the other family are refused
 * (-1) or never found.
 */
#ifndef XR_LIB_PFXTABLE_H
#define XR_LIB_PFXTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

struct pfxtable;

/* NULL on allocation failure or an af other than AF_V4/AF_V6. */
struct pfxtable	*pfxtable_new(uint8_t af);
/* free_cb (may be NULL) is called once for every value still stored. */
void		 pfxtable_free(struct pfxtable *,
		    void (*free_cb)(void *value));

uint8_t		 pfxtable_af(const struct pfxtable *);
size_t		 pfxtable_count(const struct pfxtable *);
/* Bytes the table holds from the allocator: slabs and the header. */
size_t		 pfxtable_memory(const struct pfxtable *);

/* Exact match; NULL if absent. */
void		*pfxtable_get(const struct pfxtable *, const struct xprefix *);
/*
 * pfxtable_get of up to PFXTABLE_BATCH prefixes at once, out[i] for p[i]:
 * the descents go side by side, so their cache misses overlap (a walk
 * over many prefixes, e.g. the impact preview's).
 */
#define PFXTABLE_BATCH	16
void		 pfxtable_get_many(const struct pfxtable *,
		    const struct xprefix *const *p, size_t n, void **out);
/*
 * Inserts or replaces.  *old (if old is not NULL) receives the value
 * replaced, NULL if the prefix was new.  -1 (nothing changed) on
 * allocation failure, a NULL value or a wrong family.
 */
int		 pfxtable_put(struct pfxtable *, const struct xprefix *,
		    void *value, void **old);
/* Removes the prefix; returns its value, NULL if it was absent. */
void		*pfxtable_del(struct pfxtable *, const struct xprefix *);
/*
 * Get-or-create in one descent: the address of the prefix's value slot,
 * NULL on allocation failure or a wrong family.  *created (if not NULL)
 * is 1 if the prefix was absent: the slot then holds NULL and already
 * counts as stored, and before the table next changes the caller must
 * either store a value in it or give it back with pfxtable_slot_undo
 * (which leaves the table as it was).  The address is valid until the
 * table next changes.
 */
void		**pfxtable_slot(struct pfxtable *, const struct xprefix *,
		    int *created);
/* Removes a created slot still holding NULL; -1 if p is no such slot. */
int		 pfxtable_slot_undo(struct pfxtable *, const struct xprefix *);
/*
 * Longest match for an address: the value of the longest stored prefix
 * containing it, NULL if none.  *match (if not NULL) receives that prefix.
 */
void		*pfxtable_match(const struct pfxtable *, const struct xaddr *,
		    struct xprefix *match);

/*
 * Walks call cb for every stored prefix in (address, length) order; a
 * non-zero return from cb stops the walk and is returned.  cb must not
 * change the table: use a cursor for that.
 */
typedef int	(*pfxtable_cb)(const struct xprefix *, void *value, void *arg);
int		 pfxtable_walk(const struct pfxtable *, pfxtable_cb, void *arg);
/* Every stored prefix inside (or equal to) within, in the same order. */
int		 pfxtable_walk_subtree(const struct pfxtable *,
		    const struct xprefix *within, pfxtable_cb, void *arg);

/*
 * Every stored prefix that contains (or equals) p, shortest first, which
 * is also (address, length) order: the ancestors of p in one descent,
 * O(p's length), no allocation.  Origin validation (core/bgp/roa.c)
 * reads the covering VRPs of a route this way.
 */
int		 pfxtable_walk_covering(const struct pfxtable *,
		    const struct xprefix *p, pfxtable_cb, void *arg);

/*
 * A resumable walk.  The cursor holds no pointer into the table, only
 * the last prefix it returned, so the table may change freely between
 * calls: each call returns the first prefix strictly after that one in
 * (address, length) order (one descent, O(trie depth)).  A prefix added
 * behind the cursor is not seen; one added ahead of it is.  With a scope
 * the cursor stops at the end of that prefix's subtree.
 */
struct pfxtable_cursor {
	struct xprefix	 last;		/* last returned; valid if started */
	struct xprefix	 scope;		/* walk only inside it if scoped */
	uint8_t		 started;
	uint8_t		 scoped;
	uint8_t		 done;
};

/* within NULL: the whole table. */
void		 pfxtable_cursor_init(struct pfxtable_cursor *,
		    const struct xprefix *within);
/*
 * The next prefix and its value; 0 when the walk is over (then always 0
 * until re-initialised), 1 otherwise.
 */
int		 pfxtable_cursor_next(const struct pfxtable *,
		    struct pfxtable_cursor *, struct xprefix *, void **value);

#endif
