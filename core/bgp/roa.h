/*
 * roa: the Validated ROA Payloads (VRPs) origin validation (RFC 6811)
 * reads, one table per engine holding both address families.  A VRP is
 * (prefix, max length, origin AS); several sources may hold the same VRP
 * (each RTR server by its slot, and the static `rpki route` lines), so an
 * entry carries a mask of its sources and leaves the set only when the
 * last source drops it.  Only a change of the set matters to validation:
 * roa_add/roa_remove say when that happened, so the caller re-validates
 * the routes under that one prefix and nothing else.
 *
 * The table lives on the engine's loop thread only (the RTR threads hand
 * their changes over through core/bgp/rtr.c); nothing here locks.
 */
#ifndef XR_BGP_ROA_H
#define XR_BGP_ROA_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/rpl/route.h"	/* enum rpki_state */

#define ROA_SRC_STATIC	0	/* `rpki route` lines */
#define ROA_SRC_MAX	32	/* 1..31: RTR server slots */

struct roa_table;

struct roa_vrp {
	struct xprefix	 pfx;
	uint8_t		 maxlen;
	uint32_t	 asn;
	uint32_t	 srcmask;	/* 1u << source */
};

struct roa_table *roa_table_new(void);		/* NULL: no memory */
void		 roa_table_free(struct roa_table *);

/*
 * Adds the VRP for src.  1: the VRP is new to the set (validation of the
 * routes under pfx may change); 0: another source had it already, or src
 * had it; -1: no memory, or a malformed VRP (maxlen below the prefix
 * length or above the family's width, src out of range, asn 0 is fine:
 * RFC 6483 AS0 ROAs never match).
 */
int		 roa_add(struct roa_table *, const struct xprefix *,
		    uint8_t maxlen, uint32_t asn, unsigned src);
/* 1: the last source dropped it (the set changed); 0: not there for src,
   or other sources still hold it. */
int		 roa_remove(struct roa_table *, const struct xprefix *,
		    uint8_t maxlen, uint32_t asn, unsigned src);
/* Drops everything src holds; gone() (may be NULL) is called once per
   VRP that left the set, with its prefix.  Returns that count. */
size_t		 roa_remove_source(struct roa_table *, unsigned src,
		    void (*gone)(const struct xprefix *, void *), void *arg);

/*
 * RFC 6811 for a route to pfx whose origin AS is origin_as (origin_known
 * 0: the AS_PATH ends in an AS_SET, so no VRP can match: invalid when
 * covered).  A VRP covers pfx when its prefix contains pfx; it matches
 * when it also has pfx's length <= maxlen and asn == origin_as != 0.
 */
enum rpki_state	 roa_validate(const struct roa_table *,
		    const struct xprefix *pfx, uint32_t origin_as,
		    int origin_known);

/* VRPs in the set for af (AF_V4 / AF_V6; 0: both), and distinct
   prefixes among them; per source: the VRPs src holds. */
size_t		 roa_count(const struct roa_table *, int af);
size_t		 roa_count_prefixes(const struct roa_table *, int af);
size_t		 roa_count_source(const struct roa_table *, unsigned src,
		    int af);
/* Bytes held from the allocator. */
size_t		 roa_memory(const struct roa_table *);

/*
 * Walks the VRPs of af in (address, length, maxlen, asn) order; cb
 * returns non-zero to stop (that value is returned).  cover (NULL: all):
 * only the VRPs that cover it, i.e. those that decide its validity.
 */
int		 roa_walk(const struct roa_table *, int af,
		    const struct xprefix *cover,
		    int (*cb)(const struct roa_vrp *, void *), void *arg);

#endif
