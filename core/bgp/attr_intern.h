/*
 * attr_intern: one shared instance per distinct attribute set.  A full
 * table is a million paths over a few hundred thousand distinct sets;
 * interning makes every path with the same attributes hold the same
 * pointer, so a path costs a pointer, and "same attributes" (grouping
 * prefixes into one UPDATE, comparing an update with what is stored) is
 * a pointer comparison.
 *
 * The table holds no reference.  bgp_attrs_unref() of an interned set
 * whose count reaches zero removes it from the table before freeing it,
 * so the table never points at a freed set and never keeps a set alive.
 * An interned set is shared: never modify it (bgp_attrs_dup() gives a
 * private, non-interned copy).  The table is process wide and, like the
 * rest of the engine, single threaded.
 *
 * Equality is bgp_attrs_equal(): the order of received type codes
 * (`codes`) is not part of it, so sets differing only there share the
 * first one interned.
 */
#ifndef XR_BGP_ATTR_INTERN_H
#define XR_BGP_ATTR_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"

/*
 * Returns the interned set equal to a, with one reference for the
 * caller.  The caller's reference to a is taken over: a (when others hold
 * it too) or a compact copy of it (bgp_attrs_compact, when the caller's
 * was the only reference: a is then freed) becomes the interned
 * instance, or a is unreferenced and the existing instance is returned
 * with its count raised.  On allocation failure returns NULL and leaves
 * a, and the caller's reference to it, untouched.  Interning an interned
 * set returns it unchanged.
 */
struct bgp_attrs *bgp_attrs_intern(struct bgp_attrs *a);

/* Called by bgp_attrs_unref() only: drops a from the table. */
void		 bgp_attrs_intern_remove(struct bgp_attrs *a);

/* Hash over every field bgp_attrs_equal() compares. */
uint64_t	 bgp_attrs_hash(const struct bgp_attrs *);

struct bgp_attrs_intern_stats {
	size_t	 sets;		/* distinct interned sets */
	size_t	 refs;		/* sum of their reference counts */
	size_t	 bytes;		/* the sets: structs and their arrays */
	size_t	 table_bytes;	/* the intern table's own arrays */
	/*
	 * What interning the AS paths and community lists separately
	 * would save: their bytes over all sets, and over distinct values.
	 */
	size_t	 aspaths, aspaths_distinct;
	size_t	 aspath_bytes, aspath_bytes_distinct;
	size_t	 comms, comms_distinct;	/* standard community lists */
	size_t	 comm_bytes, comm_bytes_distinct;
};

/*
 * Fills st by walking the table: O(sets).  With analyze, also counts
 * distinct AS paths and community lists (a temporary table; if that
 * allocation fails the distinct fields stay 0).  Returns 0, or -1 if the
 * analysis could not allocate.
 */
int		 bgp_attrs_intern_stats(struct bgp_attrs_intern_stats *,
		    int analyze);
/* The sets, their bytes and the table's, in O(1) (no walk). */
void		 bgp_attrs_intern_totals(size_t *sets, size_t *set_bytes,
		    size_t *table_bytes);

/*
 * Calls cb for every interned set, in no order; cb must not intern or
 * release sets.  Stops at the first non-zero return and returns it; 0.
 */
int		 bgp_attrs_intern_foreach(int (*cb)(const struct bgp_attrs *,
		    void *), void *arg);

/* Bytes a set holds from the allocator (approximate: no malloc headers). */
size_t		 bgp_attrs_bytes(const struct bgp_attrs *);

#endif
