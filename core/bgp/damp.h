/*
 * damp: route flap dampening (RFC 2439) as IOS XR configures it, the
 * penalty arithmetic and the table of flap records, kept pure (no RIB,
 * no peers, no clock: every call takes `now`, monotonic seconds) so the
 * math is tested alone.  core/bgp/damp_rib.c ties it to the Loc-RIB.
 *
 * One record per (address family, prefix, neighbor, received path ID)
 * that flapped.  A withdrawal adds DAMP_PENALTY_WITHDRAW, an attribute
 * change DAMP_PENALTY_ATTR; a re-advertisement adds nothing.  The
 * penalty decays exponentially with the half-life, computed lazily from
 * the time of the last update (no timer per record).  At or above the
 * suppress limit the path is suppressed ("damped": kept, never best);
 * it is reused when the penalty decays under the reuse limit.  The
 * penalty is capped so that a suppressed path is reused at most
 * max-suppress-time after its last flap: ceiling = reuse *
 * 2^(max-suppress / half-life).  A withdrawn path's record stays as
 * "history" for its penalty; a record whose penalty fell under half the
 * reuse limit and is not suppressed is freed (damp_scan), which bounds
 * the memory by the number of paths that flapped recently.
 */
#ifndef XR_BGP_DAMP_H
#define XR_BGP_DAMP_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

struct bgp_attrs;

/* XR's defaults and ranges (bgp dampening ...). */
#define DAMP_HALF_LIFE_DEFAULT	15	/* minutes, 1-45 */
#define DAMP_REUSE_DEFAULT	750	/* 1-20000 */
#define DAMP_SUPPRESS_DEFAULT	2000	/* 1-20000 */
#define DAMP_MAX_SUPPRESS_DEFAULT 60	/* minutes, 1-255 */
#define DAMP_PENALTY_WITHDRAW	1000
#define DAMP_PENALTY_ATTR	500

struct damp_params {
	uint32_t	 half_life;	/* seconds */
	uint32_t	 reuse;
	uint32_t	 suppress;
	uint32_t	 max_suppress;	/* seconds */
};

/* Fills XR's defaults (15 min, 750, 2000, 60 min). */
void	damp_params_default(struct damp_params *);
/* penalty after dt seconds of decay */
double	damp_decay(double penalty, double dt, uint32_t half_life);
/* the most a penalty may reach: reuse * 2^(max_suppress / half_life) */
double	damp_ceiling(const struct damp_params *);

struct damp_key {
	uint8_t		 afi;		/* 0 IPv4, 1 IPv6 */
	struct xprefix	 pfx;		/* masked */
	struct xaddr	 peer;		/* the neighbor's address */
	uint32_t	 pid;		/* received path ID, 0 without add-path */
};

/* Read only for callers. */
struct damp_rec {
	struct damp_rec		*next;		/* hash chain */
	struct damp_key		 key;
	struct damp_params	 par;		/* in force for this path */
	double			 penalty;	/* as of `updated` */
	double			 updated;
	double			 first;		/* first flap: "Duration" */
	uint32_t		 flaps;
	uint8_t			 suppressed;	/* damped */
	uint8_t			 history;	/* withdrawn, kept for the
						   penalty */
	/* the path's attributes as last announced (one reference), for
	   the Path column of the shows; NULL if never seen */
	struct bgp_attrs	*attrs;
};

struct damp_tab;

struct damp_tab	*damp_tab_new(void);
/* Frees every record (attributes unreferenced) and the table. */
void		 damp_tab_free(struct damp_tab *);
size_t		 damp_tab_count(const struct damp_tab *);
/* Records currently suppressed. */
size_t		 damp_tab_suppressed(const struct damp_tab *);

struct damp_rec	*damp_find(const struct damp_tab *, const struct damp_key *);

/* The record's penalty decayed to now (the record is not changed). */
double		 damp_penalty(const struct damp_rec *, double now);
/* Seconds until a suppressed record is reused, 0 if not suppressed. */
double		 damp_reuse_in(const struct damp_rec *, double now);

/*
 * Events.  Each returns 1 if the path is suppressed after it, 0 if not,
 * -1 on allocation failure (nothing changed).  par: the parameters for
 * the path now (taken into the record).
 *
 * withdrawn: +1000, the record becomes history.
 * changed: the path is replaced with other attributes: +500.
 * announced: a path that was withdrawn is announced again (no penalty,
 *   the record stops being history); with no record, 0 and nothing is
 *   made.  attrs (may be NULL) is noted for the shows by changed and
 *   announced (a reference is taken).
 */
int	 damp_withdrawn(struct damp_tab *, const struct damp_key *,
	    const struct damp_params *, double now);
int	 damp_changed(struct damp_tab *, const struct damp_key *,
	    const struct damp_params *, double now, struct bgp_attrs *attrs);
int	 damp_announced(struct damp_tab *, const struct damp_key *,
	    const struct damp_params *, double now, struct bgp_attrs *attrs);

/*
 * The periodic reuse pass: every suppressed record whose penalty fell
 * under its reuse limit stops being suppressed, and reused(rec, arg) is
 * called for it (a present path, not history, must become a candidate
 * again); then records under half the reuse limit and not suppressed
 * are freed.  Returns the number of records reused.
 */
typedef void	(*damp_reuse_cb)(const struct damp_rec *, void *arg);
size_t	 damp_scan(struct damp_tab *, double now, damp_reuse_cb, void *arg);

/*
 * `clear bgp dampening [prefix]`: records of pfx (NULL: all) are freed;
 * reused() is called first for those that were suppressed and not
 * history.  Returns the number freed.
 */
size_t	 damp_clear(struct damp_tab *, const struct xprefix *pfx,
	    damp_reuse_cb, void *arg);
/* The neighbor's paths are gone with its session (no flap): its
   records become history. */
void	 damp_peer_gone(struct damp_tab *, const struct xaddr *peer);
/* `clear bgp flap-statistics`: flap counts and durations start again. */
void	 damp_clear_flaps(struct damp_tab *, double now);

/*
 * Every record, sorted by AF, prefix, neighbor, path ID, into a
 * malloc'ed array of *n pointers (NULL with *n 0 when empty or on
 * allocation failure: *n is then (size_t)-1).  Valid until the table
 * changes.
 */
const struct damp_rec **damp_sorted(const struct damp_tab *, size_t *n);

#endif
