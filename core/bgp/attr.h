/*
 * attr: the path attributes of a route as the engine stores them.  Every
 * list is variable length with no cap (an UPDATE may carry 65,535 bytes of
 * attributes), and one set is shared, reference counted, by every prefix
 * that arrived with it.  A set is immutable once it is shared: to change
 * one, copy it (bgp_attrs_dup) and change the copy.
 */
#ifndef XR_BGP_ATTR_H
#define XR_BGP_ATTR_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

/* Bits of bgp_attrs.present: 1u << type code, for codes below 32. */
#define BGP_ATTRBIT(code)	(1u << (code))

/* An attribute we keep as bytes: unknown optional transitive ones. */
struct bgp_rawattr {
	uint8_t		 flags;		/* as received, Partial set when passed on */
	uint8_t		 type;
	uint16_t	 len;
	uint8_t		*data;
};

struct bgp_attrs {
	unsigned	 refcnt;
	uint32_t	 present;	/* BGP_ATTRBIT() of each attribute kept */
	uint8_t		 origin;
	uint8_t		 interned;	/* in the attr_intern table (attr_intern.h) */
	/*
	 * AS_PATH in 4-octet wire form (segments: type, count, count * 4
	 * bytes), already merged with AS4_PATH for a 2-octet peer (RFC 6793
	 * 4.2.3), so it is the path as a 4-octet speaker sees it.
	 */
	uint8_t		*aspath;
	size_t		 aspath_len;
	struct xaddr	 nexthop;	/* NEXT_HOP, or the MP_REACH global next hop */
	struct xaddr	 nexthop_ll;	/* MP_REACH IPv6 link-local (af 0: none) */
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 aggregator_as;	/* 4-octet, merged with AS4_AGGREGATOR */
	uint32_t	 aggregator_id;	/* host order */
	uint32_t	 originator_id;	/* host order */
	uint32_t	*communities;	/* as received, host order */
	size_t		 ncommunities;
	uint32_t	*cluster_list;	/* host order */
	size_t		 ncluster;
	uint8_t		*ext_communities; /* 8 bytes each, wire order */
	size_t		 next_communities;
	uint32_t	*large_communities; /* 3 words each, host order */
	size_t		 nlarge_communities;
	struct bgp_rawattr *unknown;	/* optional transitive, kept */
	size_t		 nunknown;
	/* type codes of every attribute received, in order, unknown ones too
	   (for `attribute_codes` in show output) */
	uint8_t		*codes;
	size_t		 ncodes;
	/*
	 * Not an attribute: the path's weight when an inbound route-policy
	 * set it (`set weight`).  Never encoded; part of the interned
	 * identity, so two paths differing only in weight are two sets.
	 */
	uint8_t		 has_weight;
	uint32_t	 weight;
};

struct bgp_attrs *bgp_attrs_new(void);	/* refcnt 1, nothing present */
/* Deep copy with refcnt 1; NULL on allocation failure. */
struct bgp_attrs *bgp_attrs_dup(const struct bgp_attrs *);
struct bgp_attrs *bgp_attrs_ref(struct bgp_attrs *);
void		 bgp_attrs_unref(struct bgp_attrs *);	/* NULL ignored */
/* 1 if both hold the same attributes (refcnt and codes ignored). */
int		 bgp_attrs_equal(const struct bgp_attrs *,
		    const struct bgp_attrs *);

/* AS path helpers over the 4-octet wire form. */
/* Number of ASNs for best path: a set counts 1, confederation segments 0. */
unsigned	 bgp_aspath_length(const uint8_t *path, size_t len);
/* First AS of the first AS_SEQUENCE, 0 if none. */
uint32_t	 bgp_aspath_first(const uint8_t *path, size_t len);
/* "65002 65003 {1,2} (65010)" as XR prints it; "" for an empty path. */
void		 bgp_aspath_format(const uint8_t *path, size_t len,
		    struct strbuf *);
/* Builds a path of one AS_SEQUENCE; caller frees *out.  -1 on ENOMEM. */
int		 bgp_aspath_from_list(const uint32_t *asns, size_t n,
		    uint8_t **out, size_t *outlen);
/* The same with segments of type (BGP_AS_SET for an aggregate's as-set). */
int		 bgp_aspath_from_list_type(uint8_t type, const uint32_t *asns,
		    size_t n, uint8_t **out, size_t *outlen);

#endif
