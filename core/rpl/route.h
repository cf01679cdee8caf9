/*
 * route: one BGP path as route-policy evaluation sees it, plus the context
 * it arrived in (the peer).  Fixed-capacity arrays keep a route a plain
 * value: the evaluator copies it into a scratch route without allocating.
 *
 * Absent attributes: MED and LOCAL_PREF have presence flags.  Policy
 * comparisons read an absent MED as 0 and an absent LOCAL_PREF as 100
 * (XR's `bgp default local-preference`), as XR does; `set med +N` on a
 * route without MED starts from 0.  Printers show the absence.
 */
#ifndef XR_ROUTE_H
#define XR_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/rpl/aspath.h"
#include "core/rpl/community.h"

#define ROUTE_COMM_MAX		64
#define ROUTE_LCOMM_MAX		32
#define ROUTE_ECOMM_MAX		32
#define ROUTE_LOCAL_PREF_DEFAULT 100

enum route_origin {
	ORIGIN_IGP = 0,
	ORIGIN_EGP = 1,
	ORIGIN_INCOMPLETE = 2,
};

enum rpki_state {
	RPKI_NOT_FOUND = 0,
	RPKI_VALID,
	RPKI_INVALID,
};

enum path_type {
	PATH_EBGP = 0,
	PATH_IBGP,
	PATH_CEBGP,
	PATH_LOCAL,	/* originated here (network / redistribute) */
};

/* What the next hop is when it is not (yet) an address. */
enum route_nh_kind {
	ROUTE_NH_ADDR = 0,	/* nexthop (af 0: none) */
	ROUTE_NH_SELF,		/* set next-hop self, local address unknown */
	ROUTE_NH_PEER,		/* set next-hop peer-address, peer unknown */
	ROUTE_NH_DISCARD,
	ROUTE_NH_UNCHANGED,
};

/* Where the route came from: what `from NEIGHBOR` supplies. */
struct route_peer {
	struct xaddr	 addr;		/* af 0: none */
	uint32_t	 remote_as;	/* 0: unknown */
	uint32_t	 local_as;	/* 0: unknown */
	struct xaddr	 local_addr;	/* for next-hop self; af 0: unknown */
};

/*
 * Scalars first, the arrays last: route_copy() copies the scalar head in
 * one block and only the used part of each array.
 */
struct route {
	struct xprefix	 prefix;
	struct xaddr	 nexthop;	/* af 0: none */
	struct route_peer peer;
	uint8_t		 origin;	/* enum route_origin */
	uint8_t		 has_med;
	uint8_t		 has_local_pref;
	uint8_t		 rpki;		/* enum rpki_state */
	uint8_t		 path_type;	/* enum path_type */
	uint8_t		 nh_kind;	/* enum route_nh_kind */
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 weight;
	uint32_t	 tag;
	uint16_t	 ncomm;
	uint16_t	 nlcomm;
	uint16_t	 necomm;
	/* ---- arrays: keep below, route_copy() relies on it ---- */
	struct aspath	 aspath;
	uint32_t	 comm[ROUTE_COMM_MAX];
	struct lcomm	 lcomm[ROUTE_LCOMM_MAX];
	struct ecomm	 ecomm[ROUTE_ECOMM_MAX];
};

const char	*route_origin_name(unsigned);	/* "igp", "egp", "incomplete" */
const char	*route_rpki_name(unsigned);	/* "valid", "invalid", "not-found" */
const char	*route_path_type_name(unsigned); /* "ebgp", "ibgp", ... */

void	 route_init(struct route *);
/* *dst = *src, touching only the used part of the arrays. */
void	 route_copy(struct route *dst, const struct route *src);
/* The value policy comparisons see (absent MED 0, absent LP 100). */
uint32_t route_med(const struct route *);
uint32_t route_local_pref(const struct route *);
/* 1 if the peer is eBGP (remote AS known and different from local). */
int	 route_peer_is_ebgp(const struct route_peer *);

/* Community lists: add keeps order and skips duplicates; -1 if full. */
int	 route_comm_has(const struct route *, uint32_t);
int	 route_comm_add(struct route *, uint32_t);
int	 route_lcomm_add(struct route *, const struct lcomm *);
int	 route_ecomm_add(struct route *, const struct ecomm *);

int	 route_eq(const struct route *, const struct route *);

#endif
