/*
 * damp_rib: flap dampening in the engine.  rib_in.c reports each eBGP
 * path's announcements and withdrawals here (XR damps eBGP paths only);
 * the flap records (damp.h, one table per address family) say whether
 * the path enters the Loc-RIB suppressed (LOCRIB_PATH_DAMPED: kept, no
 * candidate for best).  One timer scans the records every
 * DAMP_SCAN_SECS while there are any: a suppressed path whose penalty
 * decayed under reuse becomes a candidate again (the prefix is decided
 * again and exported if it wins), and records whose penalty fell under
 * half the reuse limit are freed.
 *
 * The dampening clock is loop_now() plus an offset that the hidden
 * `debug bgp dampening advance SECONDS` moves forward, so tests see a
 * half-life pass without moving the session timers.
 */
#ifndef XR_BGP_DAMP_RIB_H
#define XR_BGP_DAMP_RIB_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/damp.h"

struct bgp_attrs;
struct bgp_cfg;
struct locrib_source;
struct peer;
struct rpl_db;

#define DAMP_SCAN_SECS	5

/* After a commit: the knobs of each AF (off: every record is cleared and
   the damped paths are released). */
void	 damp_rib_apply(const struct bgp_cfg *, const struct rpl_db *);
void	 damp_rib_free(void);

/*
 * Before the path (pfx, pid) from p enters the Loc-RIB with the interned
 * set ia (src: its source): the event is recorded (an attribute change
 * when the source has another set for pfx, else a re-advertisement).
 * wire 0 (a soft-reconfiguration replay, a re-validation): no event,
 * the record's state only.  Returns 1 if the path must enter
 * suppressed.  The sets compared are the ones after the inbound policy:
 * a ROUTE-REFRESH after a policy change counts as attribute changes.
 */
int	 damp_rib_announce(struct peer *, int afi, const struct xprefix *,
	    uint32_t pid, const struct locrib_source *src,
	    struct bgp_attrs *ia, int wire);
/* Before src's path for pfx leaves the Loc-RIB on a withdrawal. */
void	 damp_rib_withdraw(struct peer *, int afi, const struct xprefix *,
	    uint32_t pid, const struct locrib_source *src);

/* The neighbor's session ended: its paths left without withdrawals. */
void	 damp_rib_peer_gone(struct peer *, int afi);

/* For the shows and clears. */
struct damp_view {
	int			 on;		/* dampening configured */
	struct damp_params	 par;		/* the AF's parameters */
	const char		*policy;	/* "" without a route-policy */
};
void	 damp_rib_view(int afi, struct damp_view *);
const struct damp_tab *damp_rib_tab(int afi);	/* NULL: none yet */
double	 damp_rib_now(void);
/* `clear bgp dampening [prefix]`: afi -1 both; the count cleared */
size_t	 damp_rib_clear(int afi, const struct xprefix *);
void	 damp_rib_clear_flaps(void);
/* the hidden test command: the dampening clock moves, a scan runs */
void	 damp_rib_advance(double seconds);

#endif
