/*
 * rib: the engine's routing state and the seams between its parts.
 *
 *   recv.c  --rib_in_announce/withdraw-->  rib_in.c (import checks,
 *   inbound policy, soft-reconfiguration copy)  --locrib_update-->
 *   Loc-RIB per AF (locrib.c, decision in decide.c)  --change callback-->
 *   rib.c dispatches to  updgroup.c (export per update group, Adj-RIB-Out,
 *   UPDATE packing)  and  originate.c (aggregates).
 *
 * There is no per-neighbor post-policy table: the Loc-RIB holds every
 * accepted path with its source, and that is the post-policy Adj-RIB-In
 * (a neighbor's "routes" are the Loc-RIB paths from its source).  The
 * pre-policy copy (peer->rib[afi], an adjrib) is kept with
 * `soft-reconfiguration inbound`, and for a neighbor whose inbound policy
 * reads `validation-state` while origin validation is on for it (rov.c
 * re-runs that policy from the copy when a path's RPKI state moves).
 */
#ifndef XR_BGP_RIB_H
#define XR_BGP_RIB_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/rpl/route.h"

struct peer;
struct config;
struct rpl_db;
struct rpl_prog;
struct strbuf;

struct bgp_rib {
	struct locrib		*loc[2];	/* IPv4, IPv6 unicast */
	struct bgp_decide_cfg	 dcfg;		/* IPv4's (dcfg_af[0]) */
	/* per table: the same knobs but the RPKI ones, which XR takes
	   from the address family or router bgp */
	struct bgp_decide_cfg	 dcfg_af[2];
	const struct rpl_db	*rpl;		/* of the applied config */
	const struct config	*cfg;		/* the applied config (owned) */
	uint32_t		 cluster_id;	/* host order */
	int			 unsafe_ebgp;	/* bgp unsafe-ebgp-policy */
	int			 ibgp_enforce_mods; /* ibgp policy out
						   enforce-modifications */
	uint32_t		 default_local_pref;
	/* `additional-paths selection route-policy` per AF, linked; NULL:
	   add-path neighbors get the best path only */
	struct rpl_prog		*apsel[2];
	char			 apsel_text[2][128];
	/* `bgp origin-as validation enable` in the AF (rov.h) */
	int			 rov_on[2];
	/* bgp origin-as validation signal ibgp: iBGP paths carry their
	   state (RFC 8097), and take it from what iBGP neighbors send */
	int			 signal_ibgp;
};
extern struct bgp_rib	 bgp_rib;

/* Per neighbor and AF, in struct peer (ra[]). */
struct rib_peer_af {
	struct locrib_source	*src;	/* this session's paths; NULL down */
	/* RFC 7911 receive: one child source of src per Path Identifier,
	   sorted by it; none for a neighbor without add-path */
	struct locrib_source	**apsrc;
	size_t			 napsrc, capapsrc;
	struct rpl_prog		*pol_in, *pol_out; /* linked; NULL none */
	uint32_t		 accepted;	/* paths in the Loc-RIB from src */
	/* origin validation (rov.h): on for this neighbor's paths; its
	   inbound policy reads validation-state */
	uint8_t			 rov_on, reads_rpki;
	/* the pre-policy copy is kept (soft-reconfiguration inbound, or
	   for validation); partial: it started while the session had sent
	   routes already, so it cannot be replayed before a refresh */
	uint8_t			 keep_in, keep_partial;
	size_t			 nstale;	/* of them marked stale */
	size_t			 stale_left;	/* ... and not refreshed since */
	char			 in_text[128], out_text[128]; /* as linked */
};

/* rib.c: lifetime and configuration. */
int	 rib_init(void);
void	 rib_free(void);
/*
 * After bgp_engine_apply has updated the peers: takes the decision knobs,
 * re-links every neighbor's policies, and re-applies what changed without
 * resetting sessions: a changed inbound policy (or a set it uses) is
 * replayed from the soft-reconfiguration copy or asked for with
 * ROUTE-REFRESH, an outbound change recomputes the update groups and
 * sends the difference.  One report line per neighbor refreshed:
 * "Neighbor 127.0.0.2: soft refresh inbound (route-policy changed)".
 */
void	 rib_apply(const struct config *running, struct strbuf *report);

/* rib_in.c: import.  Session up: sources, next hop, export joins. */
void	 rib_peer_up(struct peer *);
/* Session down: export leaves, next hop goes (recv.c decides what
   happens to the paths: rib_in_drop or rib_in_mark_stale). */
void	 rib_peer_down(struct peer *, int graceful);
/* pid: the RFC 7911 Path Identifier (0 when the AF has no add-path
   receive: then one path per prefix, as always) */
int	 rib_in_announce(struct peer *, int afi, const struct xprefix *,
	    uint32_t pid, struct bgp_attrs *attrs);	/* borrowed */
void	 rib_in_withdraw(struct peer *, int afi, const struct xprefix *,
	    uint32_t pid);
/* Graceful restart and enhanced route refresh. */
void	 rib_in_mark_stale(struct peer *, int afi);
size_t	 rib_in_sweep_stale(struct peer *, int afi);
size_t	 rib_in_stale_count(const struct peer *, int afi);
/* Of those, the paths still stale (not refreshed or withdrawn since). */
size_t	 rib_in_stale_left(const struct peer *, int afi);
/* Every path of the neighbor in afi gone, the soft-reconf copy too. */
void	 rib_in_drop(struct peer *, int afi);
/* Re-imports the soft-reconfiguration copy; -1 if none is kept. */
int	 rib_in_replay(struct peer *, int afi);
/* `clear bgp ... soft in`: replay the soft-reconfiguration copy, or
   ROUTE-REFRESH.  -1 if neither is possible. */
int	 rib_in_soft(struct peer *);
/* the neighbor's `multipath` in afi changed: its paths' eligibility for a
   selective multipath set, and every prefix decided again */
void	 rib_in_multipath_changed(struct peer *, int afi);
/* the neighbor's `bestpath origin-as allow invalid` in afi changed */
void	 rib_in_rov_allow_changed(struct peer *, int afi);
/* The source of the neighbor's paths with Path ID pid in afi (its own
   without add-path receive), NULL if none (flap dampening's reuse). */
const struct locrib_source *rib_in_source_find(const struct peer *, int afi,
	    uint32_t pid);
/* Post-policy paths from the neighbor (the Loc-RIB count). */
size_t	 rib_in_accepted(const struct peer *, int afi);

/*
 * Origin validation (rov.c).  The RPKI state (LOCRIB_ROV_*) of a path
 * from p as received (before its inbound policy): OFF where validation
 * is off for p in afi.
 */
uint8_t	 rib_in_rov_state(const struct peer *, int afi,
	    const struct xprefix *, const struct bgp_attrs *);
/* The pre-policy copy of p in afi can be re-run through the policy. */
int	 rib_in_prepolicy_ok(const struct peer *, int afi);
/*
 * Runs the inbound policy again over the pre-policy path (pfx, pid)
 * whose state is now rov, and records rov in the copy: the path enters,
 * changes or leaves the Loc-RIB as the policy now says.  0, -1 on
 * allocation failure.
 */
int	 rib_in_reimport(struct peer *, int afi, const struct xprefix *,
	    uint32_t pid, const struct bgp_attrs *pre, uint8_t rov);

/*
 * What import evaluates a path under: the applied settings
 * (rib_in_eval_applied), or a candidate configuration's for the impact
 * preview (impact.h).  quiet: no debug log per denied path.
 */
struct peer_conf;
struct rib_in_eval {
	const struct peer_conf	*conf;
	const struct rpl_prog	*pol_in;
	int			 unsafe_ebgp;
	uint32_t		 cluster_id;	/* host order */
	int			 quiet;
	int			 checked;	/* the checks passed already
						   (rib_in_check): policy on */
};
void	 rib_in_eval_applied(const struct peer *, int afi,
	    struct rib_in_eval *);
/*
 * The import of one path as received (checks, inbound policy, weight,
 * graceful-shutdown, link bandwidth) without touching the Loc-RIB:
 * BGP_POL_PERMIT with *out an interned set (one reference),
 * BGP_POL_DENY, or BGP_POL_ERROR on allocation failure.
 */
int	 rib_in_evaluate(struct peer *, int afi, const struct rib_in_eval *,
	    const struct xprefix *, struct bgp_attrs *attrs, uint8_t rov,
	    struct bgp_attrs **out);

/*
 * The checks of import alone (AS loop, originator, cluster list, RFC
 * 8212): 0 passed, -1 denied.  rib_in_check_same: 1 if a and b check
 * alike (one check serves both evaluations of a path).
 */
int	 rib_in_check(const struct peer *, int afi,
	    const struct rib_in_eval *, const struct bgp_attrs *);
int	 rib_in_check_same(const struct peer *, int afi,
	    const struct rib_in_eval *, const struct rib_in_eval *);

/* The peer context a policy sees for p (from NEIGHBOR). */
void	 rib_peer_route_ctx(const struct peer *, struct route_peer *);

#endif
