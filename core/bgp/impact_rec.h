/*
 * impact_rec: counters of what the engine's re-evaluation after a commit
 * changed (the public side is in engine.h).  The import, decision and
 * export paths call impact_count() only while bgp_impact_on is set, so
 * outside a commit's window they pay one test of a global.
 */
#ifndef XR_BGP_IMPACT_REC_H
#define XR_BGP_IMPACT_REC_H

#include "core/bgp/engine.h"

extern int	bgp_impact_on;

/* peer NULL: not a neighbor's (best paths changed, per family) */
void	impact_count(const struct xaddr *peer, int afi,
	    enum bgp_impact_kind, uint32_t n);

#endif
