/*
 * bgpmon: routing monitoring in the engine (`bgp-monitor`, the model in
 * core/config/bgpmon_cfg.h).  Detectors run on each change, never on a
 * table scan:
 *
 *  - on each path a neighbor sends (after the inbound policy, a path
 *    identical to the one the neighbor had is skipped): origin of
 *    protected space not allowed (ORIGIN_CHANGE), a more-specific of
 *    protected space from an origin not allowed (SUBPREFIX_HIJACK), a
 *    valley under the known relationships (ROUTE_LEAK), an AS path
 *    longer than the threshold (LONG_PATH);
 *  - on each best-path change of the Loc-RIB: the origin differs from
 *    the prefix's previous origin (ORIGIN_CHANGE, with the origin
 *    history kept per prefix) and more than N changes within S seconds
 *    (PREFIX_FLAP; the window is a run that starts at the first change
 *    and ends S seconds later, then the next change starts one anew).
 *
 * Each alert is a log line (%ROUTING-BGP-4-<TAG> : <text>) and an entry
 * in a ring of BGPMON_RING alerts; counters per kind never go down
 * (clearing the ring keeps them), for the metrics.
 *
 * Memory is bounded: at most BGPMON_PFX_MAX prefixes have state (later
 * ones go untracked and are counted), each with at most `history depth`
 * origins.  Cost: one test of bgpmon_active when not configured.
 */
#ifndef XR_BGP_BGPMON_H
#define XR_BGP_BGPMON_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/config/bgpmon_cfg.h"
#include "core/lib/addr.h"

struct rpl_db;

#define BGPMON_RING	10000
#define BGPMON_PFX_MAX	2000000
#define BGPMON_TEXT_MAX	320

/* Non-zero while `bgp-monitor` is configured; callers test it first. */
extern int	 bgpmon_active;

/*
 * After a commit: cfg NULL turns monitoring off (state and ring are
 * freed, the counters kept).  The relationship file is read again here;
 * its bad lines (a commit has refused them) are skipped with a log line.
 * local_as: `router bgp`'s AS, 0 when none.
 */
void	 bgpmon_apply(const struct bgpmon_cfg *, const struct rpl_db *,
	    uint32_t local_as);
void	 bgpmon_free(void);

/* A path as the detectors see it. */
struct bgpmon_path {
	const struct xprefix	*pfx;
	const struct xaddr	*nbr;	/* af 0: a local path */
	int			 ebgp;	/* the neighbor is an eBGP one (not
					   iBGP, not a confederation peer) */
	const uint8_t		*aspath;	/* 4-octet wire form */
	size_t			 aspath_len;
	const void		*attrs;	/* the interned set: identity only */
	/*
	 * Receive side, may be NULL: 1 when the neighbor had this very path
	 * already (its alerts were raised then).  Asked only before an
	 * alert, so the common case costs no Loc-RIB lookup.
	 */
	int			(*seen)(void *arg);
	void			*seen_arg;
	double			 now;	/* receive side: when (the loop's
					   clock) */
};
/* A neighbor's path for a prefix arrived (now: the loop's clock). */
void	 bgpmon_path_rcvd(const struct bgpmon_path *, double now);
/*
 * Around the Loc-RIB update of a received path: while it is pending,
 * bgpmon_pending_nbr() names its neighbor (and *now its time) when the
 * best path that results is that path (same prefix, same interned set),
 * so the change callback needs no lookup.  NULL clears it.
 */
void	 bgpmon_path_pending(const struct bgpmon_path *);
const struct xaddr *bgpmon_pending_nbr(const struct xprefix *,
	    const void *attrs, double *now);
/* The prefix's best path changed to bp (bp->aspath NULL and bp->nbr
   NULL when the prefix has no best path any more). */
void	 bgpmon_best_changed(const struct bgpmon_path *bp, int gone,
	    double now);

/* ---- for the shows ---- */
struct bgpmon_alert {
	uint64_t	 seq;		/* 1, 2, ... since start */
	time_t		 when;		/* wall clock */
	uint8_t		 kind;		/* enum bgpmon_kind */
	struct xprefix	 pfx;
	struct xaddr	 nbr;		/* af 0: none */
	uint32_t	 origin;	/* 0: unknown or none */
	uint32_t	 prev_origin;	/* 0: none */
	char		 text[BGPMON_TEXT_MAX];	/* after "TAG : " */
};
/* Alerts raised per kind since start (clear keeps them). */
uint64_t bgpmon_alert_count(enum bgpmon_kind);
size_t	 bgpmon_alerts_len(void);
/* i-th alert in the ring, oldest first; NULL past the end */
const struct bgpmon_alert *bgpmon_alert_nth(size_t i);
void	 bgpmon_alerts_clear(void);

struct bgpmon_origin {
	uint32_t	 asn;		/* 0 with set: unknown (AS_SET) */
	uint8_t		 set;
	time_t		 first, last;	/* wall clock */
	struct xaddr	 nbr;		/* the neighbor last seen with it */
	uint32_t	 times;		/* times it became the origin */
};
/* The origins of pfx, the current (most recent) first; the count. */
size_t	 bgpmon_origin_history(const struct xprefix *,
	    struct bgpmon_origin *out, size_t max);

struct bgpmon_stats {
	int		 active;
	uint32_t	 local_as;
	size_t		 protected_prefixes;	/* from the prefix-sets */
	size_t		 relationships;	/* pairs known (file and lines) */
	size_t		 prefixes;	/* with state */
	uint64_t	 untracked;	/* changes of prefixes past the cap */
	size_t		 memory;	/* bytes of per-prefix state */
};
void	 bgpmon_stats(struct bgpmon_stats *);

#endif
