/*
 * updgroup: export.  Neighbors whose outbound settings are the same
 * (address family, eBGP/iBGP, peer AS, local AS and its options, our
 * session address for next-hop self, route-reflector-client,
 * next-hop-self/-unchanged, send-community, remove-private-AS,
 * as-override, default-originate, the outbound policy, 4-octet AS and
 * extended message support) form an update group.  The group runs the
 * export (export.h) once per prefix, keeps the result in its Adj-RIB-Out
 * (prefix -> interned attributes), and encodes one UPDATE stream that is
 * sent to every member: pending announcements are packed by attribute
 * set, withdrawals packed too, flushed from a zero timer so that a burst
 * of Loc-RIB changes goes out in few messages.
 *
 * A member that joins (session up) gets the group's Adj-RIB-Out from a
 * resumable walk paced by its output queue, then End-of-RIB; a new group
 * fills its Adj-RIB-Out from a walk of the Loc-RIB.  Neither stalls the
 * loop.
 */
#ifndef XR_BGP_UPDGROUP_H
#define XR_BGP_UPDGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"

struct peer;
struct updgroup;

/* The Loc-RIB of afi changed for pfx (rib.c forwards the callback). */
void	 updgroup_locrib_change(int afi, const struct xprefix *pfx);
/* A path that is neither best nor multipath changed: the groups of
   add-path neighbors only. */
void	 updgroup_locrib_change_paths(int afi, const struct xprefix *pfx);
/* Established: join a group per negotiated AF, send the table, EoR. */
void	 updgroup_peer_up(struct peer *);
void	 updgroup_peer_down(struct peer *);
/* The peer's outbound settings may have changed: regroup, send only
   the difference. */
void	 updgroup_peer_changed(struct peer *);
/* Policies, sets or global knobs changed: recompute every group's
   Adj-RIB-Out and send only the difference. */
void	 updgroup_refresh_all(void);
/* ROUTE-REFRESH received or `clear ... soft out`: the whole
   Adj-RIB-Out again to p (BoRR/EoRR around it with enhanced RR). */
void	 updgroup_resend(struct peer *, int afi);
/* Every group gone (engine stop, router bgp removed). */
void	 updgroup_free_all(void);

/* ---- Queries (show bgp update-group, advertised-routes, process) ---- */
struct updgroup_info {
	unsigned	 id;		/* stable while the group lives */
	int		 afi;
	int		 ebgp;
	uint32_t	 peer_as;	/* the first member's; 0 for iBGP */
	int		 rr_client;
	int		 nhs;
	char		 policy_out[128];	/* "" none */
	size_t		 nmembers;
	const struct xaddr *members;	/* valid during the callback */
	size_t		 adjout_prefixes;
	uint64_t	 updates_sent, withdraws_sent, msgs_formatted;
	size_t		 pending;	/* changes not yet sent */
	/* convergence (converge_eng.c): the Adj-RIB-Out is being
	   recomputed; members still being sent the table or End-of-RIB */
	int		 walking;
	size_t		 members_syncing;
	/* slow readers fallen behind, and the prefixes they still miss */
	size_t		 members_behind, prefixes_behind;
};
void	 updgroup_foreach(int (*cb)(const struct updgroup_info *, void *),
	    void *arg);
/* The Adj-RIB-Out of p's group for afi, in prefix order; cb returns
   non-zero to stop.  -1 if p is in no group for afi. */
int	 updgroup_adjout_foreach(const struct peer *, int afi,
	    int (*cb)(const struct xprefix *, const struct bgp_attrs *,
	    void *), void *arg);
/* 1 if some add-path group of afi advertises pfx with Local Path ID id. */
int	 updgroup_ap_advertised(int afi, const struct xprefix *pfx,
	    uint32_t id);
/*
 * The configuration impact preview (impact.c): the export target of p's
 * group in afi (and the group's id), -1 if p is in none; and what the
 * group would send for pfx under t: with use_bp the best path bp (NULL:
 * none) instead of the Loc-RIB's, so a hypothetical best path can be
 * exported.  *out one reference or NULL; -1 on allocation failure or no
 * group.  Nothing is changed.
 */
struct export_target;
struct locrib_path;
int	 updgroup_preview_target(const struct peer *, int afi,
	    struct export_target *, unsigned *gid);
/*
 * Whether p's group advertises pfx now (*had) and with the set a (*same;
 * a NULL: not advertised), from the Adj-RIB-Out's fingerprints, without
 * computing the export again.  -1 for no group or an add-path group.
 */
int	 updgroup_preview_sent(const struct peer *, int afi,
	    const struct xprefix *, const struct bgp_attrs *a, int *had,
	    int *same);
/*
 * The Adj-RIB-Out nodes of up to PFXTABLE_BATCH prefixes looked up side
 * by side, so that the updgroup_preview_sent calls for them that follow
 * find them in the cache.
 */
void	 updgroup_preview_warm(const struct peer *, int afi,
	    const struct xprefix *const *, size_t n);
int	 updgroup_preview_want(const struct peer *, int afi,
	    const struct export_target *, const struct xprefix *,
	    const struct locrib_path *bp, int use_bp, struct bgp_attrs **out);
size_t	 updgroup_count(void);
size_t	 updgroup_memory(void);

#endif
