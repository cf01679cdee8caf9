/*
 * adjrib: the Adj-RIB-In of one neighbor and address family: prefix ->
 * the attribute set it arrived with (a shared, reference-counted struct
 * bgp_attrs).  The API is kept small on purpose (add/replace, remove,
 * count, clear, iterate, and the stale marks of graceful restart and
 * enhanced route refresh) so that the store underneath can become a
 * compressed trie with interned attributes without touching its callers.
 */
#ifndef XR_BGP_ADJRIB_H
#define XR_BGP_ADJRIB_H

#include <sys/tree.h>

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"

struct adjrib_entry;
RB_HEAD(adjrib_tree, adjrib_entry);
int	adjrib_entry_cmp(const struct adjrib_entry *,
	    const struct adjrib_entry *);
RB_PROTOTYPE(adjrib_tree, adjrib_entry, entry, adjrib_entry_cmp)

struct adjrib {
	struct adjrib_tree	 tree;
	size_t			 count;
	size_t			 nstale;
};

#define ADJRIB_STALE	0x01	/* kept across a restart, awaiting refresh */
/* The RPKI state (LOCRIB_ROV_*) the path had when its neighbor's inbound
   policy last ran over it: origin validation (rov.c) re-runs the policy
   when it moves, for paths the policy dropped too. */
#define ADJRIB_ROV_SHIFT 1
#define ADJRIB_ROV_MASK	(0x03u << ADJRIB_ROV_SHIFT)
#define ADJRIB_ROV(flags) (((flags) & ADJRIB_ROV_MASK) >> ADJRIB_ROV_SHIFT)

void	adjrib_init(struct adjrib *);
/*
 * Stores pfx with attrs, taking over the caller's reference to attrs (on
 * failure too).  A previous entry is replaced and its reference dropped.
 * Returns 1 if the prefix is new, 0 if it replaced one, -1 on allocation
 * failure.
 */
int	adjrib_add(struct adjrib *, const struct xprefix *,
	    struct bgp_attrs *);
/* Returns 1 if pfx was there and is removed, 0 if it was not there. */
int	adjrib_remove(struct adjrib *, const struct xprefix *);
/*
 * The same keyed by (prefix, RFC 7911 Path Identifier): a neighbor that
 * sends several paths per prefix has one entry per path id.  The forms
 * above are path id 0.
 */
int	adjrib_add_pid(struct adjrib *, const struct xprefix *, uint32_t pid,
	    struct bgp_attrs *);
int	adjrib_remove_pid(struct adjrib *, const struct xprefix *,
	    uint32_t pid);
size_t	adjrib_count(const struct adjrib *);
/* The attributes stored for pfx (borrowed), NULL if absent. */
struct bgp_attrs *adjrib_get(const struct adjrib *, const struct xprefix *);
void	adjrib_clear(struct adjrib *);
/*
 * Calls cb for each entry in prefix order; cb returns non-zero to stop
 * (that value is returned).  cb must not change the store.
 */
int	adjrib_foreach(const struct adjrib *, int (*cb)(const struct xprefix *,
	    const struct bgp_attrs *, unsigned flags, void *), void *);
/* The same walk with the path id of each entry. */
int	adjrib_foreach_pid(const struct adjrib *, int (*cb)(
	    const struct xprefix *, uint32_t pid, const struct bgp_attrs *,
	    unsigned flags, void *), void *);
/*
 * The walk of adjrib_foreach_pid over the entries inside (or equal to)
 * within only: one descent and the entries in range, whatever the size
 * of the rest.
 */
int	adjrib_foreach_within(const struct adjrib *,
	    const struct xprefix *within, int (*cb)(const struct xprefix *,
	    uint32_t pid, const struct bgp_attrs *, unsigned flags, void *),
	    void *);
/*
 * The same walk resumed: from the first entry after (after, after_pid)
 * (after NULL: from the start), for a caller that walks in steps and
 * lets the store change between them (origin validation, rov.c).
 */
int	adjrib_foreach_within_after(const struct adjrib *,
	    const struct xprefix *within, const struct xprefix *after,
	    uint32_t after_pid, int (*cb)(const struct xprefix *, uint32_t,
	    const struct bgp_attrs *, unsigned, void *), void *);
/* Records the RPKI state (ADJRIB_ROV) of (pfx, pid); -1 if absent. */
int	adjrib_set_rov(struct adjrib *, const struct xprefix *, uint32_t pid,
	    unsigned rov);
/* Marks every entry stale; an add clears the mark of its prefix. */
void	adjrib_mark_stale(struct adjrib *);
/* Removes the entries still stale; returns how many. */
size_t	adjrib_sweep_stale(struct adjrib *);
size_t	adjrib_stale_count(const struct adjrib *);
/* Bytes of the entries (the attribute sets are counted where interned). */
size_t	adjrib_memory(const struct adjrib *);

#endif
