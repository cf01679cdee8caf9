/*
 * import: the checks a received path passes before the inbound policy,
 * kept pure so each rule is tested alone (tests/unit/test_import.c):
 * AS-path loop (our AS, `allowas-in N` occurrences allowed), route
 * reflection loops (ORIGINATOR_ID is our router ID, our cluster ID in the
 * CLUSTER_LIST), and RFC 8212 (an eBGP neighbor without an inbound policy
 * accepts nothing unless `bgp unsafe-ebgp-policy`).
 */
#ifndef XR_BGP_IMPORT_H
#define XR_BGP_IMPORT_H

#include <stdint.h>

#include "core/bgp/attr.h"

struct import_peer {
	int		 ebgp;
	int		 ibgp;		/* internal (not eBGP) */
	uint32_t	 router_as;	/* `router bgp` */
	uint32_t	 local_as;	/* `local-as`, else router_as */
	uint32_t	 router_id;	/* host order */
	uint32_t	 cluster_id;	/* host order (router ID if none set) */
	unsigned	 allowas_in;	/* 0: off; N: our AS may occur N times */
	int		 has_policy;	/* an inbound route-policy is attached */
	int		 unsafe_ebgp;	/* bgp unsafe-ebgp-policy */
};

enum import_result {
	IMPORT_OK = 0,
	IMPORT_AS_LOOP,		/* our AS in AS_PATH */
	IMPORT_ORIGINATOR,	/* ORIGINATOR_ID is our router ID */
	IMPORT_CLUSTER_LOOP,	/* our cluster ID in CLUSTER_LIST */
	IMPORT_RFC8212		/* eBGP without inbound policy */
};

/* "AS path loop", "originator is us", ... for logs and show. */
const char	*import_result_name(enum import_result);

enum import_result bgp_import_check(const struct import_peer *,
		    const struct bgp_attrs *);

/* Occurrences of asn in a 4-octet wire AS path (all segment types). */
unsigned	 bgp_aspath_count_as(const uint8_t *path, size_t len,
		    uint32_t asn);

#endif
