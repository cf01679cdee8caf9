/*
 * locrib: the Loc-RIB of one address family.  Every prefix some source
 * (a neighbor, or the router itself) announced has one entry holding the
 * paths to it, kept in decision order: the best path first, then the
 * other members of the multipath set, then the rest as bgp_cand_cmp()
 * orders them (unreachable next hops last).  Each change re-runs the
 * decision (decide.h) for that prefix only and tells the export side,
 * through the change callback, when the best path or the multipath set
 * changed.
 *
 * Attributes: locrib_update() takes over the caller's reference to the
 * set and interns it itself (an interned set passes through unchanged),
 * so the caller may hand over either kind.  The Loc-RIB then holds one
 * reference per path and drops it when the path goes.  A replacement
 * with the same interned set from the same source changes nothing.
 *
 * Sources: a struct locrib_source per neighbor, filled once by the
 * caller and kept alive (same address) while any path refers to it,
 * that is until locrib_flush_source() has finished.  Its fields feed
 * the decision; changing them in place needs a flush and a reload.
 *
 * Pointers returned by queries (entries, paths) are valid until the
 * next call that changes the Loc-RIB.  The change callback may query
 * but must not change the Loc-RIB.
 *
 * Memory: an entry is 56 bytes from a pool (core/lib/pool.h) holding
 * its first path; more paths are 32 bytes each in one array per entry
 * (no malloc per path); plus the pfxtable node(s) of the prefix.
 */
#ifndef XR_BGP_LOCRIB_H
#define XR_BGP_LOCRIB_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/decide.h"
#include "core/lib/pfxtable.h"
#include "core/lib/addr.h"

/* What the decision needs to know about a neighbor (see bgp_cand). */
struct locrib_source {
	uint32_t	 weight;	/* 0 learned; BGP_WEIGHT_LOCAL if local */
	int		 local;		/* BGP_LOCAL_* */
	int		 ebgp;
	int		 confed_ebgp;
	uint32_t	 peer_router_id; /* host order */
	struct xaddr	 peer_addr;	/* af 0 if local */
	/*
	 * The neighbor has `multipath` in this address family (for
	 * `maximum-paths ... selective`).  Hook: the peer sets it from its
	 * effective neighbor-AF `multipath` item when it fills the source.
	 */
	int		 multipath;
	/* `bestpath origin-as allow invalid` on the neighbor (its
	   effective AF item): its RPKI-invalid paths may be best */
	int		 rov_allow_invalid;
	void		*owner;		/* the caller's (the peer); not used */
	/*
	 * RFC 7911: a neighbor sending several paths per prefix has one
	 * source per received Path Identifier, each with parent set to
	 * the neighbor's own source: the flush, stale mark and sweep of
	 * the parent cover them all.  NULL and 0 otherwise.
	 */
	const struct locrib_source *parent;
	uint32_t	 path_id;	/* received Path Identifier */
	uint32_t	 local_id;	/* Local Path ID sent for its paths to
					   add-path neighbors (never 0 once
					   assigned; 0: not yet) */
};

/* locrib_path.flags */
#define LOCRIB_PATH_BEST	0x01
#define LOCRIB_PATH_MULTIPATH	0x02	/* in the multipath set (best too) */
#define LOCRIB_PATH_STALE	0x04	/* graceful restart; cleared by update */
#define LOCRIB_PATH_LOCAL	0x08	/* source->local != BGP_LOCAL_NONE */
#define LOCRIB_PATH_DAMPED	0x10	/* suppressed by flap dampening: kept,
					   never best (BGP_CAND_DAMPED) */

/* locrib_path.rov: RPKI origin validation (core/bgp/rov.h); OFF where
   validation is not enabled for the path ("(disabled)" in show) */
#define LOCRIB_ROV_OFF		0
#define LOCRIB_ROV_VALID	1
#define LOCRIB_ROV_INVALID	2
#define LOCRIB_ROV_NOT_FOUND	3

struct locrib_entry;

/* Read only for callers. */
/* No pointer back to the entry or prefix (8 bytes a path on a full
   table): queries pass the entry and prefix alongside. */
struct locrib_path {
	const struct locrib_source	*src;
	struct bgp_attrs		*attrs;	/* interned; one reference */
	double				 received; /* `now` of the update */
	uint32_t			 igp_metric; /* to the next hop */
	uint8_t				 flags;	/* LOCRIB_PATH_* */
	uint8_t				 nh_reachable;
	uint8_t				 rov;	/* LOCRIB_ROV_* */
};

struct locrib;

/*
 * A change for export: old_best is the best path's attributes before
 * (NULL if there was none), new_best after (NULL if the prefix is gone
 * or has no valid path).  what says which of LOCRIB_CHG_* changed; the
 * old and new attributes may be the same set (the best moved to another
 * source with equal attributes, or only the multipath set changed).
 * The entry, if any, is found with locrib_lookup().
 */
#define LOCRIB_CHG_BEST		0x01
#define LOCRIB_CHG_MULTIPATH	0x02
/* only another path changed: see locrib_set_notify_paths() */
#define LOCRIB_CHG_PATHS	0x04
typedef void	(*locrib_change_cb)(const struct xprefix *,
		    const struct bgp_attrs *old_best,
		    const struct bgp_attrs *new_best, unsigned what, void *arg);

/*
 * af: AF_V4 or AF_V6.  cfg is copied.  NULL on allocation failure or a
 * wrong family.
 */
struct locrib	*locrib_new(int af, const struct bgp_decide_cfg *cfg);
/* Drops every path (no callbacks) and frees the Loc-RIB. */
void		 locrib_free(struct locrib *);
void		 locrib_set_change_cb(struct locrib *, locrib_change_cb,
		    void *arg);
/*
 * on: also call back (what LOCRIB_CHG_PATHS alone, no version bump) when
 * a path that is neither best nor multipath came, went or changed, for
 * add-path neighbors, who are sent more than the best path.  Off (the
 * default) costs nothing.
 */
void		 locrib_set_notify_paths(struct locrib *, int on);

/*
 * Adds the path from source for pfx, or replaces that source's path,
 * and re-runs the decision for pfx.  attrs: see above; the reference is
 * taken over on failure too.  Returns 1 if the path is new, 0 if it
 * replaced one (or was identical), -1 on allocation failure or a wrong
 * family (nothing changed).
 */
int		 locrib_update(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source,
		    struct bgp_attrs *attrs, double now);
/*
 * The same with the path's RPKI state (LOCRIB_ROV_*, computed by the
 * caller before its inbound policy); locrib_update stores OFF.  The same
 * set with another state is a change: the state is stored and, when the
 * decision uses it, the prefix decided again.
 */
int		 locrib_update_rov(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source,
		    struct bgp_attrs *attrs, double now, uint8_t rov);
/*
 * Re-validation: the RPKI state of source's path for pfx becomes rov,
 * in place (same attributes).  The prefix is decided again only when
 * the knobs make the state matter (`use validity`); the change callback
 * runs when the best path or its state changed (LOCRIB_CHG_BEST: the
 * export re-runs, an outbound policy may read the state).  1 changed,
 * 0 the same, -1 no such path.
 */
int		 locrib_set_rov(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source, uint8_t rov);
/*
 * The same with the path's flap-dampening state (damped: the path is
 * suppressed, LOCRIB_PATH_DAMPED), decided in the same run so that a
 * suppressed path never becomes best for a moment.
 */
int		 locrib_update_damp(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source,
		    struct bgp_attrs *attrs, double now, uint8_t rov,
		    int damped);
/*
 * Flap dampening suppresses (on) or reuses (off) source's path for pfx
 * in place; the prefix is decided again, with the change callback.
 * 1 changed, 0 the same, -1 no such path.
 */
int		 locrib_set_damped(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source, int on);
/* Returns 1 if the source had a path for pfx (now removed), else 0. */
int		 locrib_withdraw(struct locrib *, const struct xprefix *pfx,
		    const struct locrib_source *source);
/*
 * Session down: removes every path from source, one walk over the whole
 * table, and returns how many.  At full-table scale that is a long stall
 * of the loop: use the resumable form, which visits at most budget
 * prefixes per call and returns 1 while there is more to do, 0 when
 * done (*removed, if not NULL, is increased).  The source must not send
 * new paths before the flush is done (a path added behind the cursor
 * would survive it): give a new session a new struct locrib_source.
 */
size_t		 locrib_flush_source(struct locrib *,
		    const struct locrib_source *source);
int		 locrib_flush_source_step(struct locrib *,
		    const struct locrib_source *source,
		    struct pfxtable_cursor *, size_t budget, size_t *removed);

/*
 * The flush, mark and sweep below take a neighbor's source and act on
 * its paths and those of every source whose parent it is.
 *
 * Graceful restart and enhanced route refresh.  locrib_mark_stale_source
 * flags every path from source LOCRIB_PATH_STALE, one walk over the
 * whole table (the flag changes no decision, so nothing is re-decided
 * and the callback is not called); returns how many paths.  A later
 * locrib_update from the source clears the flag of that path.
 * locrib_sweep_stale_source removes the source's paths still stale,
 * each like locrib_withdraw (decision, callback), and returns how many;
 * its resumable form works like locrib_flush_source_step.
 */
size_t		 locrib_mark_stale_source(struct locrib *,
		    const struct locrib_source *source);
size_t		 locrib_sweep_stale_source(struct locrib *,
		    const struct locrib_source *source);
int		 locrib_sweep_stale_source_step(struct locrib *,
		    const struct locrib_source *source,
		    struct pfxtable_cursor *, size_t budget, size_t *removed);

/*
 * Next-hop state, as the resolver reports it.  A next hop nobody set is
 * reachable at metric 0 (no resolver yet), and so is a path without a
 * next hop (local).  A change re-runs the decision of every prefix with
 * a path through that next hop; finding them is one walk over the whole
 * table, no per-next-hop index yet (it would cost 16 bytes per path for
 * the list links).  Returns the number of prefixes re-decided, -1 on
 * allocation failure (nothing changed).
 */
long		 locrib_set_nexthop(struct locrib *, const struct xaddr *nh,
		    int reachable, uint32_t igp_metric);
/*
 * New decision knobs (a commit changed `bgp bestpath ...` or
 * maximum-paths): every prefix is decided again, one walk, changes
 * reported through the callback.  Returns the prefixes visited.
 */
long		 locrib_set_decide_cfg(struct locrib *,
		    const struct bgp_decide_cfg *);
/* every prefix decided again (a source's `multipath` changed); the count */
long		 locrib_redecide(struct locrib *);
/* The same, keeping the metric last set. */
long		 locrib_set_nh_reachable(struct locrib *,
		    const struct xaddr *nh, int reachable);
/*
 * Records the state of a next hop no path uses yet (the resolver calls
 * it before the first path through nh enters), without walking the
 * table.  0, -1 on allocation failure or no family.
 */
int		 locrib_nexthop_preset(struct locrib *, const struct xaddr *nh,
		    int reachable, uint32_t igp_metric);

/* Queries. */
const struct locrib_entry *locrib_lookup(const struct locrib *,
		    const struct xprefix *);
/* locrib_lookup of n (at most PFXTABLE_BATCH) prefixes side by side */
void		 locrib_lookup_many(const struct locrib *,
		    const struct xprefix *const *, size_t n,
		    const struct locrib_entry **);
/* Longest match for addr among the stored prefixes; *match (if not NULL)
   gets the prefix. */
const struct locrib_entry *locrib_match(const struct locrib *,
		    const struct xaddr *, struct xprefix *match);
size_t		 locrib_entry_npaths(const struct locrib_entry *);
/* Path i in decision order, NULL past the end. */
const struct locrib_path *locrib_entry_path(const struct locrib_entry *,
		    size_t i);
/* The best path, NULL if no path is valid. */
const struct locrib_path *locrib_entry_best(const struct locrib_entry *);
/* The table version when the best path or multipath set last changed. */
uint64_t	 locrib_entry_version(const struct locrib_entry *);
/* The path from source, NULL if none. */
const struct locrib_path *locrib_entry_path_from(const struct locrib_entry *,
		    const struct locrib_source *);
/* The candidate the decision saw for p (for bestpath-compare). */
void		 locrib_path_cand(const struct locrib_path *,
		    struct bgp_cand *);

int		 locrib_af(const struct locrib *);
size_t		 locrib_count_prefixes(const struct locrib *);
size_t		 locrib_count_paths(const struct locrib *);
/* Raised each time a prefix's best path or multipath set changes. */
uint64_t	 locrib_version(const struct locrib *);
/* Raised each time a path is removed or its attributes replaced (the
   next hop resolver then looks for next hops no path uses). */
uint64_t	 locrib_paths_dropped(const struct locrib *);
/* Bytes held from the allocator (malloc headers not counted). */
size_t		 locrib_memory(const struct locrib *);

/*
 * Resumable walk in (address, length) order over the pfxtable cursor
 * (within NULL: everything); the Loc-RIB may change between calls.
 * Returns 1 and the next entry, 0 at the end.  The entry's prefix is
 * the cursor's `last` (entries do not store it).
 */
void		 locrib_cursor_init(struct pfxtable_cursor *,
		    const struct xprefix *within);
int		 locrib_cursor_next(const struct locrib *,
		    struct pfxtable_cursor *, const struct locrib_entry **);

#endif
