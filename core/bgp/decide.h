/*
 * decide: the BGP best-path decision process as IOS XR documents it, kept
 * pure (no RIB, no peers, no clock) so that every step can be tested
 * alone.  The RIB fills one struct bgp_cand per path of a prefix and asks
 * bgp_decide() for the best path and the multipath set; `show bgp <prefix>
 * bestpath-compare` asks bgp_decide_explain() why every other path lost.
 *
 * XR splits the algorithm in three parts (Routing Configuration Guide,
 * "BGP Best Path Algorithm"):
 *   1. bgp_cand_cmp(): compare two paths, first difference wins;
 *   2. the order of comparisons: paths are grouped so that MED is
 *      comparable inside a group (one group per neighbour AS, one group in
 *      all with `bgp bestpath med always`), the best of each group is found
 *      by a walk keeping the best so far, then the group winners are
 *      compared the same way.  This is "deterministic MED", always on in XR,
 *      and it makes the result independent of the order of the paths even
 *      though the pairwise relation is not transitive;
 *   3. best-path change suppression: unless `bgp bestpath compare-routerid`,
 *      the current best is kept when it and the new winner are both
 *      external and equal up to the router ID.  XR has no pairwise "oldest
 *      path" step; this is its "prefer the oldest eBGP path", and the step
 *      BGP_STEP_OLDEST reports it.
 *
 * RPKI origin-AS validity (`bgp bestpath origin-as use validity`) is a
 * step right after validity: valid, then not-found, then invalid; with it
 * an invalid path is not a candidate at all (it is "invalid" like one
 * with an unreachable next hop) unless `allow invalid` says so, globally
 * or for its neighbor.
 *
 * Not implemented (no attribute for them yet): pre-bestpath and IP cost
 * communities, AIGP.
 */
#ifndef XR_BGP_DECIDE_H
#define XR_BGP_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

/* bgp_cand.local: how the path was sourced on this router (higher wins). */
#define BGP_LOCAL_NONE		0	/* received from a peer */
#define BGP_LOCAL_AGGREGATE	1	/* aggregate-address */
#define BGP_LOCAL_NETWORK	2	/* network, redistribute */

/* bgp_cand.flags */
#define BGP_CAND_STALE		0x01	/* graceful restart: kept, not refreshed */
/* suppressed by flap dampening (damp.h): not a candidate, like an
   unreachable next hop ("dampened") */
#define BGP_CAND_DAMPED		0x02

/* bgp_cand.rov: the path's RPKI origin validation state (the values of
   LOCRIB_ROV_*).  OFF: not validated (validation disabled for it, or a
   local path); it ranks with valid, as XR marks unvalidated paths. */
#define BGP_ROV_OFF		0
#define BGP_ROV_VALID		1
#define BGP_ROV_INVALID		2
#define BGP_ROV_NOT_FOUND	3

/* Default weight of a locally originated path (XR: 32768). */
#define BGP_WEIGHT_LOCAL	32768u

/*
 * What the decision needs to know about one path.  attrs is borrowed, never
 * NULL.  Reflected paths are recognised by ORIGINATOR_ID in attrs.
 */
struct bgp_cand {
	const struct bgp_attrs	*attrs;
	uint32_t		 weight;	/* 0 learned, 32768 local (XR default) */
	int			 local;		/* BGP_LOCAL_* */
	/*
	 * ebgp: the peer is outside our AS and outside our confederation.
	 * confed_ebgp: the peer is in another member AS of our confederation;
	 * XR counts it as internal in "eBGP over iBGP", in change suppression
	 * and for multipath (maximum-paths ibgp).  Set at most one of them.
	 */
	int			 ebgp;
	int			 confed_ebgp;
	uint32_t		 peer_router_id; /* host order; own ID if local */
	struct xaddr		 peer_addr;	/* af 0 (or 0.0.0.0) if local */
	uint32_t		 igp_metric;	/* to the next hop; 0 if local */
	int			 nh_reachable;
	/*
	 * The path is the best path installed now (at most one candidate):
	 * needed by change suppression, part 3.  0 on the first run.
	 */
	int			 cur_best;
	/*
	 * Monotonic seconds when the path was received.  Informational: XR
	 * compares no ages (its "oldest path" is change suppression, which
	 * keys on cur_best), the RIB shows it as "Last update".
	 */
	double			 received;
	unsigned		 flags;		/* BGP_CAND_*; stale does not
						   change the decision */
	/*
	 * The path's neighbor has `multipath` configured in this address
	 * family: with `maximum-paths ... selective` only such paths join
	 * the multipath set (locrib_source.multipath).
	 */
	int			 nbr_multipath;
	uint8_t			 rov;		/* BGP_ROV_* */
	/* its neighbor has `bestpath origin-as allow invalid` */
	uint8_t			 rov_allow_invalid;
};

struct bgp_decide_cfg {
	uint32_t	 default_local_pref;	/* bgp default local-preference: 100 */
	int		 med_always;		/* bgp bestpath med always */
	int		 med_confed;		/* bgp bestpath med confed */
	int		 med_missing_worst;	/* bgp bestpath med missing-as-worst */
	int		 compare_routerid;	/* bgp bestpath compare-routerid */
	int		 aspath_ignore;		/* bgp bestpath as-path ignore */
	int		 aspath_multipath_relax; /* ... as-path multipath-relax */
	int		 igp_metric_ignore;	/* bgp bestpath igp-metric ignore */
	unsigned	 maximum_paths_ebgp;	/* maximum-paths ebgp N; 0/1: off */
	unsigned	 maximum_paths_ibgp;	/* maximum-paths ibgp N */
	int		 ibgp_unequal_cost;	/* ... ibgp N unequal-cost */
	unsigned	 maximum_paths_eibgp;	/* maximum-paths eibgp N */
	int		 ebgp_selective;	/* maximum-paths ebgp N selective */
	int		 ibgp_selective;	/* maximum-paths ibgp N ... selective */
	int		 rov_use_validity;	/* bgp bestpath origin-as use
						   validity */
	int		 rov_allow_invalid;	/* ... origin-as allow invalid */
};

/* Fills the XR defaults: local preference 100, everything else off. */
void	bgp_decide_cfg_init(struct bgp_decide_cfg *);

/* The steps of part 1, in XR order.  BGP_STEP_NONE: equal throughout. */
enum bgp_step {
	BGP_STEP_NONE = 0,
	BGP_STEP_VALID,		/* an invalid path loses (next hop, or
				   RPKI invalid not allowed as best) */
	BGP_STEP_RPKI,		/* origin-AS validity (use validity) */
	BGP_STEP_WEIGHT,
	BGP_STEP_LOCAL_PREF,
	BGP_STEP_LOCAL,		/* locally originated */
	BGP_STEP_ASPATH,
	BGP_STEP_ORIGIN,
	BGP_STEP_MED,
	BGP_STEP_EBGP,		/* eBGP over iBGP */
	BGP_STEP_IGP_METRIC,
	BGP_STEP_OLDEST,	/* part 3 only: change suppression */
	BGP_STEP_ROUTER_ID,
	BGP_STEP_CLUSTER,
	BGP_STEP_NBR_ADDR,
	BGP_STEP_COUNT
};

/* "weight", "local preference", ...; "equal" for NONE, "?" if unknown. */
const char	*bgp_step_name(enum bgp_step);

#define BGP_CMP_VALLEN	48	/* fits an IPv6 address */

struct bgp_cmp_result {
	enum bgp_step	 step;		/* the deciding step */
	int		 winner;	/* <0 a, >0 b, 0 equal */
	/*
	 * Path numbers for the describers ("Path #2 lost to path #1"):
	 * bgp_cand_cmp sets 1 and 2, bgp_decide_explain the real ones.
	 */
	unsigned	 a_num, b_num;
	/* the two values compared at `step`, as printed */
	char		 a_val[BGP_CMP_VALLEN];
	char		 b_val[BGP_CMP_VALLEN];
	/*
	 * MED: whether the step compared the MEDs, and each path's MED group
	 * ("65002", "internal", "none") so a display can say why not.
	 */
	int		 med_compared;
	char		 a_medgrp[BGP_CMP_VALLEN];
	char		 b_medgrp[BGP_CMP_VALLEN];
};

/*
 * Part 1: <0 if a is better, >0 if b is better, 0 if equal through every
 * step.  res may be NULL.
 */
int	bgp_cand_cmp(const struct bgp_cand *a, const struct bgp_cand *b,
	    const struct bgp_decide_cfg *, struct bgp_cmp_result *res);

/*
 * "Path #2 lost to path #1 at step 'local preference': 100 < 200": the
 * loser's value first, then how it relates to the winner's ("<" where the
 * higher value wins, ">" where the lower wins, "vs" otherwise).  For
 * BGP_STEP_NONE: "Path #1 and path #2 are equal".
 */
void	bgp_cmp_describe(const struct bgp_cmp_result *, struct strbuf *);
/*
 * The same as XR's bestpath-compare words it, from the loser's side:
 * "Lower weight than best path (path #1)".
 */
void	bgp_cmp_xr_reason(const struct bgp_cmp_result *, struct strbuf *);

/* Why a candidate is not valid, NULL if it is: "inaccessible". */
const char	*bgp_cand_invalid_reason(const struct bgp_cand *);
/*
 * The same with the knobs: also "origin-AS invalid" for an RPKI-invalid
 * path that `use validity` keeps from being best, and "dampened" for a
 * path suppressed by flap dampening.
 */
const char	*bgp_cand_ineligible_reason(const struct bgp_cand *,
		    const struct bgp_decide_cfg *);
/* The state's name as show prints it: "valid", "invalid", "not-found",
   "(disabled)". */
const char	*bgp_rov_name(unsigned rov);

#define BGP_DECIDE_NONE	((size_t)-1)	/* *best when nothing is valid */

/* Why each path is or is not the best, for bestpath-compare. */
struct bgp_verdict {
	const char		*invalid;	/* NULL, or the reason */
	int			 best;
	int			 group_best;	/* best of its MED group */
	int			 multipath;
	char			 group[BGP_CMP_VALLEN]; /* "65401", "internal" */
	size_t			 lost_to;	/* BGP_DECIDE_NONE if none */
	struct bgp_cmp_result	 res;		/* this path as a, lost_to as b */
};

/*
 * Picks the best of c[0..n-1]: candidates with an unreachable next hop are
 * skipped, the rest go through parts 2 and 3.  *best is the index of the
 * best path or BGP_DECIDE_NONE.  multipath (n bytes, or NULL) gets 1 for
 * every member of the multipath set, the best included, when the set has
 * two paths or more; 0 otherwise.  Returns the number of valid
 * candidates.
 */
size_t	bgp_decide(const struct bgp_cand *const *c, size_t n,
	    const struct bgp_decide_cfg *, size_t *best,
	    unsigned char *multipath);
/* bgp_decide, and v[0..n-1] (if not NULL) explains each path. */
size_t	bgp_decide_explain(const struct bgp_cand *const *c, size_t n,
	    const struct bgp_decide_cfg *, size_t *best,
	    unsigned char *multipath, struct bgp_verdict *v);

#endif
