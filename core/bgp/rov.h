/*
 * rov: route origin validation in the RIB.  Each received path gets its
 * RPKI state (valid / invalid / not-found, core/bgp/roa.c) before the
 * inbound policy runs, so `validation-state is ...` sees it, and the
 * Loc-RIB path keeps it for best path (`bgp bestpath origin-as use
 * validity`, `allow invalid`) and for show.  Validation is on in an
 * address family with `bgp origin-as validation enable` there, off for a
 * neighbor with `origin-as validation disable`; where it is off a path
 * has no state ("(disabled)" in show).
 *
 * When the ROA set changes (core/bgp/rtr.c, static `rpki route` lines),
 * rov_vrp_changed() records the VRP's prefix; at the end of the loop
 * turn the routes under each recorded prefix, and only those, are
 * validated again.  A path whose state moved is re-imported: through
 * the inbound policy again when that policy reads validation-state (from
 * the pre-policy copy, which the RIB keeps for such neighbors), else its
 * state is updated in place; best path runs for the prefix and the
 * difference is advertised.  No session is reset.
 */
#ifndef XR_BGP_ROV_H
#define XR_BGP_ROV_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"
#include "core/rpl/route.h"

struct roa_table;

/* The engine's ROA table (created by rov_init at engine start). */
extern struct roa_table *bgp_roa;

int	 rov_init(void);
void	 rov_free(void);

/* Origin AS of a path (RFC 6811 section 2): the last AS of an AS_SEQUENCE
   that ends the path; the local AS for an empty path or one ending in a
   confederation segment (originated inside our confederation); *known 0
   (NONE) when the path ends in an AS_SET. */
uint32_t rov_origin_as(const struct bgp_attrs *, uint32_t local_as,
	    int *known);
/* LOCRIB_ROV_* of an enum rpki_state. */
uint8_t	 rov_from_rpki(enum rpki_state);
/* The LOCRIB_ROV_* state the ROA table gives a route to pfx with these
   attributes now (RFC 6811; not-found while there is no table). */
uint8_t	 rov_validate_path(const struct xprefix *, const struct bgp_attrs *,
	    uint32_t local_as);

/* rtr_change_cb: a VRP under this prefix entered or left the set. */
void	 rov_vrp_changed(const struct xprefix *vrp_prefix, void *arg);
/* Every path of the family (AF_V4 / AF_V6) validated again, from the
   end of the loop turn on (in steps): validation was turned on or off
   (rib_apply). */
void	 rov_revalidate_af(int af);
/* Runs what is recorded, and the rest of a walk in steps, now and to
   the end (tests; a caller that must show settled states). */
void	 rov_run_pending(void);
/* 1 while changes are recorded or a walk is under way. */
int	 rov_busy(void);

/* Paths validated again so far, and re-imports they caused (for show
   bgp rpki summary and the tests). */
struct rov_stats {
	uint64_t	 revalidated;	/* paths (and pre-policy copies) */
	uint64_t	 changed;	/* of them, a new state */
	uint64_t	 reimported;	/* of those, through the policy */
	uint64_t	 runs;		/* batches processed */
	uint64_t	 prefixes;	/* VRP prefixes walked (merged), and
					   whole families */
	uint64_t	 steps;		/* loop turns (budgeted steps) */
};
void	 rov_stats(struct rov_stats *);

/*
 * The walks run in steps of this many paths visited (Loc-RIB paths,
 * pre-policy copies, re-imports), one step a loop turn, so a family
 * validated again whole (validation turned on, an RTR reset's worth of
 * VRPs) does not stall the sessions.  Tests set a small one (0: the
 * default back).
 */
#define ROV_STEP_BUDGET	4096
void	 rov_set_step_budget(size_t);

#endif
