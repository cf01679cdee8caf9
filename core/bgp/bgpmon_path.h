/*
 * bgpmon_path: what the monitor's detectors read from an AS path (in the
 * 4-octet wire form of struct bgp_attrs), pure functions over the bytes
 * so that they are tested with hand-made paths.
 *
 * Confederation segments are skipped throughout: they are our own
 * confederation's inside, not the Internet's AS graph.
 */
#ifndef XR_BGP_BGPMON_PATH_H
#define XR_BGP_BGPMON_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "core/config/bgpmon_rel.h"

/* bgpmon_path_origin() */
enum {
	BGPMON_ORIG_NONE = 0,	/* empty path: our own route */
	BGPMON_ORIG_AS,		/* *asn: the last AS of the last AS_SEQUENCE */
	BGPMON_ORIG_SET		/* the path ends in an AS_SET: unknown */
};
int	 bgpmon_path_origin(const uint8_t *path, size_t len, uint32_t *asn);

/*
 * The ASes a route went through, the neighbor first, the origin last:
 * prepends collapsed to one hop, an AS_SET as one hop 0 (unknown), the
 * hop's neighbors seen as not adjacent.  At most max hops; the count.
 */
size_t	 bgpmon_path_hops(const uint8_t *path, size_t len, uint32_t *out,
	    size_t max);

/* A broken valley-free rule (Gao-Rexford). */
enum {
	BGPMON_LEAK_NONE = 0,
	/* leaker passed a route learned from `from` (its provider or peer,
	   from_rel) on to `to` (its provider or peer, to_rel) */
	BGPMON_LEAK_VALLEY,
	/* our customer `leaker` sent us a route through `from`, one of our
	   providers */
	BGPMON_LEAK_CUSTOMER
};
struct bgpmon_leak {
	int			 kind;
	uint32_t		 leaker, from, to;
	enum bgpmon_relk	 from_rel, to_rel;	/* to the leaker */
};
/*
 * Checks hops (bgpmon_path_hops) received by local_as, which counts as
 * the last receiver when non-zero (an eBGP neighbor; 0 for iBGP, where
 * the first hop is not the sender).  Hops whose relationship is unknown
 * are skipped without resetting what was seen before them.  Returns the
 * kind (out filled) or BGPMON_LEAK_NONE.
 */
int	 bgpmon_path_leak(const struct bgpmon_rels *, uint32_t local_as,
	    const uint32_t *hops, size_t n, struct bgpmon_leak *out);

/* "65002 65003 {1,2}" into buf (the path as show prints it). */
void	 bgpmon_path_format(const uint8_t *path, size_t len, char *buf,
	    size_t buflen);

#endif
