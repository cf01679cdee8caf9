/*
 * rib_query: read-only access to the routing tables for cmds/ (the show
 * bgp family), beside the engine facade (engine.h).  Pointers into the
 * tables (entries, paths, attribute sets) are valid until the event loop
 * runs again: a show that walks a full table copies what it prints and
 * may then yield (loop_run_once(0)) between chunks, resuming its
 * locrib cursor afterwards, so that sessions are never stalled.
 */
#ifndef XR_BGP_RIB_QUERY_H
#define XR_BGP_RIB_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/lib/addr.h"

/* The Loc-RIB of afi (0 IPv4, 1 IPv6); NULL when there is none. */
const struct locrib *bgp_rib_table(int afi);
const struct bgp_decide_cfg *bgp_rib_decide_cfg(void);
/* The knobs of one table (afi 0 IPv4, 1 IPv6): the RPKI ones may differ
   by address family; bestpath-compare explains with these. */
const struct bgp_decide_cfg *bgp_rib_decide_cfg_af(int afi);
/* The table's own router ID and AS (0 when not configured). */
uint32_t	 bgp_rib_router_id(void);
uint32_t	 bgp_rib_local_as(void);

/* Who a path came from. */
struct bgp_path_src {
	int		 local;		/* BGP_LOCAL_* */
	int		 ebgp, confed_ebgp;
	int		 rr_client;	/* the neighbor is our RR client */
	struct xaddr	 peer_addr;	/* af 0 if local */
	uint32_t	 peer_router_id;
	uint32_t	 peer_as;
	/* RFC 7911: the Path ID the neighbor sent it with, and the one it
	   goes to add-path neighbors with (0: none given yet) */
	uint32_t	 rcvd_path_id, local_path_id;
};
/* pfx: the path's prefix (its family picks the AF settings). */
void	 bgp_rib_path_src(const struct locrib_path *, const struct xprefix *pfx,
	    struct bgp_path_src *);
/* 1 if an add-path neighbor is sent the path (not the best one too). */
int	 bgp_rib_path_addpath_advertised(const struct locrib_path *,
	    const struct xprefix *pfx);
/* Why a path's next hop is unreachable ("inaccessible" detail), or NULL. */
const char *bgp_rib_path_invalid(const struct locrib_path *);

/*
 * The current source of neighbor nbr's paths in afi, NULL when the
 * neighbor is unknown or down: a neighbor's post-policy routes are the
 * paths whose src is this.
 */
const struct locrib_source *bgp_rib_nbr_source(const struct xaddr *nbr,
		    int afi);
/* 1 if a summary-only aggregate suppresses pfx ("s" in show). */
int		 bgp_rib_suppressed(const struct xprefix *pfx);
/* Prefixes whose best path is nbr's: one walk of the table. */
size_t		 bgp_rib_nbr_bestpaths(const struct xaddr *nbr, int afi);
/* 1 if nbr is a configured neighbor. */
int		 bgp_rib_nbr_known(const struct xaddr *nbr);
/*
 * Pre-policy routes (soft-reconfiguration inbound), prefix order; cb
 * returns non-zero to stop.  -1 when the neighbor is unknown or keeps no
 * copy (then show says "soft reconfiguration inbound is not enabled").
 */
int		 bgp_rib_nbr_received_foreach(const struct xaddr *nbr, int afi,
		    int (*cb)(const struct xprefix *, const struct bgp_attrs *,
		    void *), void *arg);
/* How many pre-policy routes that keeps (no walk); -1 as above. */
long		 bgp_rib_nbr_received_count(const struct xaddr *nbr, int afi);
/* What we advertise to nbr (its update group's Adj-RIB-Out); -1 none. */
int		 bgp_rib_nbr_advertised_foreach(const struct xaddr *nbr,
		    int afi, int (*cb)(const struct xprefix *,
		    const struct bgp_attrs *, void *), void *arg);

/*
 * `show bgp route-policy NAME`: runs the committed policy over one path.
 * Returns 1 accepted (*out a reference to the result: release with
 * bgp_attrs_unref), 0 dropped, -1 with err when the policy does not
 * exist or can't be linked.
 */
int		 bgp_rib_policy_eval(const char *policy,
		    const struct xprefix *, const struct locrib_path *,
		    struct bgp_attrs **out, char *err, size_t errlen);

/* `show bgp process`: memory by kind. */
struct bgp_rib_mem {
	size_t	 prefixes[2], paths[2];
	size_t	 locrib_bytes[2];	/* entries, paths, trie */
	size_t	 attr_sets, attr_bytes;	/* interned attribute sets */
	size_t	 attr_refs;		/* references held to them */
	size_t	 attr_set_bytes;	/* of attr_bytes: the sets ... */
	size_t	 attr_table_bytes;	/* ... and the intern table */
	size_t	 adjin_prefixes, adjin_bytes;	/* soft-reconfiguration copies */
	size_t	 adjout_bytes;
	size_t	 updgroups;
	size_t	 nexthops;
};
void		 bgp_rib_memory(struct bgp_rib_mem *);
/*
 * What the memory guard adds up (Loc-RIB, attribute sets and their
 * table, soft-reconfiguration copies, Adj-RIB-Out), without walking any
 * table: the guard samples it every few hundred paths.
 */
uint64_t	 bgp_rib_memory_total(void);

#endif
