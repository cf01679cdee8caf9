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
	uint8_t		 compact;	/* one allocation: the arrays follow the
					   struct (bgp_attrs_compact) */
	/*
	 * Not an attribute: the path's weight when an inbound route-policy
	 * set it (`set weight`).  Never encoded; part of the interned
	 * identity, so two paths differing only in weight are two sets.
	 */
	uint8_t		 has_weight;
	uint32_t	 weight;
	uint32_t	 med;
	uint32_t	 local_pref;
	uint32_t	 aggregator_as;	/* 4-octet, merged with AS4_AGGREGATOR */
	uint32_t	 aggregator_id;	/* host order */
	uint32_t	 originator_id;	/* host order */
	struct xaddr	 nexthop;	/* NEXT_HOP, or the MP_REACH global next hop */
	struct xaddr	 nexthop_ll;	/* MP_REACH IPv6 link-local (af 0: none) */
	/*
	 * AS_PATH in 4-octet wire form (segments: type, count, count * 4
	 * bytes), already merged with AS4_PATH for a 2-octet peer (RFC 6793
	 * 4.2.3), so it is the path as a 4-octet speaker sees it.
	 */
	uint8_t		*aspath;
	uint32_t	*communities;	/* as received, host order */
	uint32_t	*cluster_list;	/* host order */
	uint8_t		*ext_communities; /* 8 bytes each, wire order */
	uint32_t	*large_communities; /* 3 words each, host order */
	struct bgp_rawattr *unknown;	/* optional transitive, kept */
	/* type codes of every attribute received, in order, unknown ones too
	   (for `attribute_codes` in show output); none in a compact set
	   when they are the order derived from what it holds (present
	   bits ascending, LARGE_COMMUNITY, the unknown ones) */
	uint8_t		*codes;
	/* counts are 32-bit: an UPDATE holds at most 65,535 bytes of
	   attributes, and a full table keeps one set per few prefixes */
	uint32_t	 aspath_len;
	uint32_t	 ncommunities;
	uint32_t	 ncluster;
	uint32_t	 next_communities;
	uint32_t	 nlarge_communities;
	uint32_t	 nunknown;
	uint32_t	 ncodes;
};

struct bgp_attrs *bgp_attrs_new(void);	/* refcnt 1, nothing present */
/* Deep copy with refcnt 1; NULL on allocation failure. */
struct bgp_attrs *bgp_attrs_dup(const struct bgp_attrs *);
/* The same deep copy in one allocation (the arrays follow the struct),
   for sets that stay unchanged while shared: the intern table keeps
   these.  NULL on allocation failure. */
struct bgp_attrs *bgp_attrs_compact(const struct bgp_attrs *);
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
/* a->aspath becomes the one AS_SEQUENCE of asns (the old path freed);
   -1 on ENOMEM, a unchanged. */
int		 bgp_attrs_set_aspath(struct bgp_attrs *a, const uint32_t *asns,
		    size_t n);
int		 bgp_aspath_from_list(const uint32_t *asns, size_t n,
		    uint8_t **out, size_t *outlen);
/* The same with segments of type (BGP_AS_SET for an aggregate's as-set). */
int		 bgp_aspath_from_list_type(uint8_t type, const uint32_t *asns,
		    size_t n, uint8_t **out, size_t *outlen);

#endif
