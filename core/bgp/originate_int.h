/*
 * originate_int: the state shared by originate.c (networks, the API) and
 * originate_agg.c (aggregates).  Not for other modules.
 */
#ifndef XR_BGP_ORIGINATE_INT_H
#define XR_BGP_ORIGINATE_INT_H

#include <stddef.h>

#include "core/bgp/locrib.h"
#include "core/lib/addr.h"

struct rpl_prog;
struct loop_timer;

struct orig_net {
	struct xprefix	 pfx;
	int		 active;	/* our path is in the Loc-RIB */
};

struct orig_agg {
	struct xprefix	 pfx;
	unsigned	 flags;		/* BGP_AGG_* */
	struct rpl_prog	*prog;		/* NULL: no route-policy */
	int		 bad_policy;	/* configured but not linkable */
	int		 active;	/* our path is in the Loc-RIB */
	int		 suppressing;	/* active and summary-only */
	int		 dirty;		/* re-evaluate from the timer */
};

struct orig_af {
	/*
	 * The Loc-RIB the state below refers to: if bgp_rib.loc[afi] is no
	 * longer that one (the engine restarted), the paths went with it.
	 */
	struct locrib	*loc;
	struct orig_net	*net;		/* sorted by prefix_cmp */
	size_t		 nnet;
	struct orig_agg	*agg;		/* sorted by prefix_cmp */
	size_t		 nagg;
	size_t		 nsuppressing;
};

struct orig_state {
	struct orig_af		 af[2];
	/* Kept alive here for as long as any path refers to them. */
	struct locrib_source	 src_net;
	struct locrib_source	 src_agg;
	struct loop_timer	*timer;		/* pending aggregate run */
};
extern struct orig_state	 orig;

/* originate.c */
int	 orig_family(int afi);		/* AF_V4 / AF_V6 */
int	 orig_pfx_cmp(const void *, const void *);

/* originate_agg.c */
/* Re-evaluates one aggregate; -1 on allocation failure (logged). */
int	 orig_agg_eval(int afi, struct orig_agg *);
/* Withdraws it (config removed) and lifts its suppression. */
void	 orig_agg_remove(int afi, struct orig_agg *);
/* Re-evaluates every aggregate of afi (dirty or not: all of them). */
int	 orig_agg_eval_all(int afi, int only_dirty);

#endif
