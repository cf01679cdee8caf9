/*
 * diversity: path diversity of one prefix, for `show bgp-monitor
 * path-diversity` (issue 13, seed 000 section 4's analyze_path_diversity).
 * Per prefix: the number of paths the Loc-RIB holds, the distinct next
 * hops, the distinct neighbor ASes (provider diversity) and the
 * normalised Shannon entropy of the AS paths.
 *
 * The entropy is the seed's calculate_as_path_diversity() exactly:
 *   count the paths per distinct AS path; p = count / total;
 *   H = -sum p log2 p; max = log2(distinct) when distinct > 1, else 1;
 *   result = H / max.
 * Its edge cases, kept as the seed has them:
 *   no path: 0;
 *   one distinct AS path (one path, or several identical ones): H = 0
 *     and max = 1, so 0 (no diversity), not 1;
 *   every path distinct: 1 (H = log2 n = max);
 *   2 paths out of 3 sharing a path: (-(2/3)log2(2/3) - (1/3)log2(1/3))
 *     / log2 2 = 0.918296.
 * Identity of AS paths: the seed joins the ASNs of the path; here two
 * paths are the same when their AS_PATH is byte for byte the same in its
 * 4-octet form (segments and their types included), so a prepend makes
 * another path (as in the seed) and so does an AS_SET holding the same
 * ASNs as a sequence (where the seed's flat list would not tell).
 *
 * Neighbor AS: the first AS of the first AS_SEQUENCE, confederation
 * segments skipped (bgp_aspath_first); a path with none (local, or
 * learned over iBGP with an empty path) counts as AS 0, "ours": one
 * more value among the neighbor ASes.  Next hop: the NEXT_HOP (or the
 * MP_REACH global address); a local path's unset next hop is one value.
 *
 * Cost: O(n log n) in the number of paths of the prefix, no allocation
 * up to DIV_STACK paths.
 */
#ifndef XR_BGP_DIVERSITY_H
#define XR_BGP_DIVERSITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

struct locrib_entry;

#define DIV_STACK	64

/* One path as the figures see it; aspath is borrowed. */
struct div_path {
	const uint8_t	*aspath;	/* 4-octet wire form, NULL if len 0 */
	size_t		 aspath_len;
	struct xaddr	 nexthop;	/* af 0: none */
};

struct div_stat {
	size_t		 paths;
	size_t		 nexthops;	/* distinct next hops */
	size_t		 neighbor_as;	/* distinct neighbor ASes */
	size_t		 as_paths;	/* distinct AS paths */
	double		 entropy;	/* normalised, 0..1 */
};

/* The seed's normalised entropy of ndistinct groups of counts[i] paths
   (the total is their sum; a zero count is skipped, as p > 0 there). */
double	 div_entropy(const size_t *counts, size_t ndistinct);
/* The figures of n paths.  0, -1 on allocation failure. */
int	 div_compute(const struct div_path *, size_t n, struct div_stat *);
/* The figures of a Loc-RIB entry's paths (every path it holds, valid or
   not, as `show bgp PREFIX` lists them).  0, -1 on allocation failure. */
int	 div_entry(const struct locrib_entry *, struct div_stat *);

#endif
