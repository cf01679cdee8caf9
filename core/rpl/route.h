/*
 * route: one BGP path as route-policy evaluation sees it, plus the context
 * it arrived in (the peer).  No list has a cap: the community lists and
 * the AS path are arrays the route either BORROWS (someone else's memory,
 * read-only by contract: the engine's attribute set, or the route a
 * scratch copy was taken from) or OWNS (the route's own buffers, kept
 * across uses and only grown).  route_copy() borrows, so the evaluator's
 * scratch copy costs the scalars; a writer makes a list its own first
 * (route_*_own(): copy-on-write), so a reused route stops allocating once
 * its buffers are big enough.  Readers just index comm[0..ncomm) etc.
 *
 * Lifetime: route_init() before first use (allocates nothing),
 * route_free() at the end; a borrowed list is valid while its owner lives
 * unchanged.
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

#define ROUTE_LOCAL_PREF_DEFAULT 100

/*
 * route.set_mask: what the actions of an evaluation set (rpl_eval() sets
 * them on its scratch copy, starting from 0).  The next-hop bits exclude
 * each other: the last `set next-hop` wins.
 */
#define ROUTE_SET_NEXTHOP	0x0001	/* an address, self or peer-address */
#define ROUTE_SET_NH_UNCHANGED	0x0002
#define ROUTE_SET_NH_DISCARD	0x0004
#define ROUTE_SET_MED		0x0008
#define ROUTE_SET_LOCAL_PREF	0x0010
#define ROUTE_SET_WEIGHT	0x0020
#define ROUTE_SET_ASPATH	0x0040	/* prepend / remove / replace */
#define ROUTE_SET_COMMUNITY	0x0080	/* any of the three kinds, also: */
#define ROUTE_SET_COMM_STD	0x0100	/*   standard communities */
#define ROUTE_SET_COMM_LARGE	0x0200	/*   large communities */
#define ROUTE_SET_COMM_EXT	0x0400	/*   extended communities */
#define ROUTE_SET_ORIGIN	0x0800
#define ROUTE_SET_TAG		0x1000
#define ROUTE_SET_PATHSEL	0x2000	/* set path-selection */
#define ROUTE_SET_IGP		0x4000	/* set metric-type / level /
					   isis-metric / ospf-metric */
#define ROUTE_SET_DAMPENING	0x8000	/* set dampening (damp[]) */
#define ROUTE_SET_NH_ANY	(ROUTE_SET_NEXTHOP | ROUTE_SET_NH_UNCHANGED | \
				 ROUTE_SET_NH_DISCARD)

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

/*
 * `set path-selection ...` (the additional-paths selection attach point):
 * which paths of a prefix are sent to add-path neighbors besides the best.
 */
enum route_pathsel {
	PATHSEL_NONE = 0,	/* not set: only the best path */
	PATHSEL_BEST,		/* best-path */
	PATHSEL_ALL,		/* all advertise */
	PATHSEL_GROUP_BEST,	/* group-best advertise */
	PATHSEL_MULTIPATH,	/* multipath advertise */
	PATHSEL_BACKUP,		/* backup 1 [install] [multipath-protect]
				   [advertise] */
};
#define ROUTE_PATHSEL_STRLEN	48	/* "backup 1 install multipath-protect
					   advertise" */
/* The words after `set path-selection`, "" for PATHSEL_NONE. */
void	 route_pathsel_format(unsigned sel, unsigned flags, char *buf,
	    size_t len);

#define ROUTE_IGP_METRIC_TYPE	0x01
#define ROUTE_IGP_LEVEL		0x02
#define ROUTE_IGP_ISIS_METRIC	0x04
#define ROUTE_IGP_OSPF_METRIC	0x08

#define PATHSEL_F_INSTALL	0x01
#define PATHSEL_F_MP_PROTECT	0x02
#define PATHSEL_F_ADVERTISE	0x04

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
 * Scalars first: route_copy() copies them in one block, up to `comm`.
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
	uint8_t		 path_sel;	/* enum route_pathsel */
	uint8_t		 path_sel_flags; /* PATHSEL_F_* */
	/*
	 * IGP attributes a policy may set (ROUTE_SET_IGP), shown by `test
	 * route-policy`: no BGP attach point accepts a policy that sets them
	 * (rpl_check_attach()), so the engine never sees them set.
	 */
	uint8_t		 igp_set;	/* ROUTE_IGP_* of the fields below */
	uint8_t		 metric_type;	/* enum rpl_metric_type */
	uint8_t		 level;		/* enum rpl_level */
	uint32_t	 isis_metric;
	uint32_t	 ospf_metric;
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 weight;
	uint32_t	 tag;
	/* set dampening: half-life (min), reuse, suppress, max-suppress
	   (min); only the bgp dampening attach point accepts it */
	uint32_t	 damp[4];
	uint32_t	 set_mask;	/* ROUTE_SET_* */
	uint32_t	 ncomm;
	uint32_t	 nlcomm;
	uint32_t	 necomm;
	/* ---- lists: borrowed or own; keep below, route_copy() relies on it */
	uint32_t	*comm;
	struct lcomm	*lcomm;
	struct ecomm	*ecomm;
	struct aspath	 aspath;
	/* own buffers, reused (route_free() releases them) */
	uint32_t	*comm_buf;
	struct lcomm	*lcomm_buf;
	struct ecomm	*ecomm_buf;
	uint32_t	 comm_cap;
	uint32_t	 lcomm_cap;
	uint32_t	 ecomm_cap;
	/*
	 * Scratch for the canonical AS path text an as-path regex reads:
	 * rpl_eval() formats `in`'s path into `out`'s buffer.
	 */
	char		*text_buf;
	size_t		 text_cap;
};

const char	*route_origin_name(unsigned);	/* "igp", "egp", "incomplete" */
const char	*route_rpki_name(unsigned);	/* "valid", "invalid", "not-found" */
const char	*route_path_type_name(unsigned); /* "ebgp", "ibgp", ... */

/* An empty route (origin igp, path type local); allocates nothing. */
void	 route_init(struct route *);
/* Frees the own buffers; leaves an init'ed route. */
void	 route_free(struct route *);
/*
 * Empties the route like route_init() but keeps its own buffers (the
 * lists point at them, empty): for parsing into a reused route.
 */
void	 route_reset(struct route *);
/*
 * dst takes src's scalars and BORROWS src's lists (and AS path); dst
 * keeps its own buffers for later writes.  0 (cannot fail today; -1 is
 * reserved for allocation failure).
 */
int	 route_copy(struct route *dst, const struct route *src);
/*
 * route_copy(), then every list made dst's own: dst no longer depends on
 * src.  0, or -1 on allocation failure.
 */
int	 route_copy_own(struct route *dst, const struct route *src);
/*
 * Copy-on-write: makes the list the route's own, with room for `need`
 * values (at least the current count), copying borrowed values.  0, or
 * -1 on allocation failure (the route's value is unchanged).
 */
int	 route_comm_own(struct route *, size_t need);
int	 route_lcomm_own(struct route *, size_t need);
int	 route_ecomm_own(struct route *, size_t need);
int	 route_aspath_own(struct route *);
/* The value policy comparisons see (absent MED 0, absent LP 100). */
uint32_t route_med(const struct route *);
uint32_t route_local_pref(const struct route *);
/* 1 if the peer is eBGP (remote AS known and different from local). */
int	 route_peer_is_ebgp(const struct route_peer *);

/*
 * Community lists: add keeps order and skips duplicates; -1 only on
 * allocation failure.
 */
int	 route_comm_has(const struct route *, uint32_t);
int	 route_comm_add(struct route *, uint32_t);
int	 route_lcomm_add(struct route *, const struct lcomm *);
int	 route_ecomm_add(struct route *, const struct ecomm *);

/* Same attributes (prefix, next hop, path, values, lists; not the peer). */
int	 route_eq(const struct route *, const struct route *);

#endif
