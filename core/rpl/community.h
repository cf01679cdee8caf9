/*
 * community: BGP community values as the policy engine sees them.
 * Standard communities are one uint32 (hi:lo, 16-bit halves), large
 * communities three uint32 parts, extended communities a typed
 * (type, subtype, global, local) tuple of which xrsh uses the route-target
 * and site-of-origin kinds.  Parsing accepts XR's text forms, formatting
 * gives XR's display (well-known standard communities by name).
 */
#ifndef XR_COMMUNITY_H
#define XR_COMMUNITY_H

#include <stddef.h>
#include <stdint.h>

#define COMM_MAKE(hi, lo)	(((uint32_t)(hi) << 16) | ((uint32_t)(lo) & 0xffff))
#define COMM_HI(c)		((uint32_t)(c) >> 16)
#define COMM_LO(c)		((uint32_t)(c) & 0xffff)

/* Well-known values (RFC 1997, 7611, 8326). */
#define COMM_INTERNET		0x00000000u	/* 0:0 */
#define COMM_GSHUT		0xffff0000u	/* 65535:0 */
#define COMM_ACCEPT_OWN		0xffff0001u	/* 65535:1 */
#define COMM_NO_EXPORT		0xffffff01u	/* 65535:65281 */
#define COMM_NO_ADVERTISE	0xffffff02u	/* 65535:65282 */
#define COMM_LOCAL_AS		0xffffff03u	/* 65535:65283 */

#define COMM_STRLEN		24	/* "graceful-shutdown", "65535:65535" */
#define LCOMM_STRLEN		36	/* "4294967295:4294967295:4294967295" */
#define ECOMM_STRLEN		40	/* "RT:255.255.255.255:65535" */

/* Name of a well-known community value, or NULL. */
const char	*comm_wellknown_name(uint32_t);
/* Value of a well-known name (XR spelling, e.g. "local-AS"); 0 or -1. */
int		 comm_wellknown_value(const char *, uint32_t *);
/* "hi:lo" (0-65535 each) or a well-known name.  0 or -1. */
int		 comm_parse(const char *, uint32_t *);
/* Display form: well-known name, else "hi:lo". */
void		 comm_format(uint32_t, char *, size_t);
/* Always "hi:lo" (what community ios-regex matches against). */
void		 comm_format_num(uint32_t, char *, size_t);

struct lcomm {
	uint32_t	 ga;	/* global administrator */
	uint32_t	 l1;
	uint32_t	 l2;
};

/* "A:B:C", each 0-4294967295.  0 or -1. */
int		 lcomm_parse(const char *, struct lcomm *);
void		 lcomm_format(const struct lcomm *, char *, size_t);
int		 lcomm_cmp(const struct lcomm *, const struct lcomm *);

/* Extended community types (RFC 4360, 5668) and the subtypes xrsh uses. */
#define ECOMM_T_AS2		0x00	/* 2-byte ASN : 32-bit value */
#define ECOMM_T_IPV4		0x01	/* IPv4 address : 16-bit value */
#define ECOMM_T_AS4		0x02	/* 4-byte ASN : 16-bit value */
#define ECOMM_ST_RT		0x02
#define ECOMM_ST_SOO		0x03
/*
 * RFC 9012 Color: transitive opaque (type 0x03) subtype 0x0b, 2 octets of
 * flags then the 4-octet color.  In struct ecomm's 4 + 2 split (how every
 * type but two-octet-AS goes on the wire) ga holds the flags and the high
 * half of the color, la its low half: ecomm_color() / ecomm_color_value().
 */
#define ECOMM_T_OPAQUE		0x03
#define ECOMM_ST_COLOR		0x0b

struct ecomm {
	uint8_t		 type;
	uint8_t		 subtype;
	uint32_t	 ga;	/* ASN or IPv4 address (host order) */
	uint32_t	 la;
};

/*
 * "ASN:N" (2-byte ASN with 32-bit N, or 4-byte ASN/asdot with 16-bit N)
 * or "A.B.C.D:N" (16-bit N), as XR's rt/soo values; with subtype
 * ECOMM_ST_COLOR a color number 0-4294967295.  0 or -1.
 */
int		 ecomm_parse(const char *, uint8_t subtype, struct ecomm *);
/* The value as typed in XR config: "65001:100", "1.2.3.4:5". */
void		 ecomm_format_value(const struct ecomm *, char *, size_t);
/* Display form with the kind: "RT:65001:100", "SoO:1.2.3.4:5",
 * "Color:100" (XR's show bgp spelling). */
void		 ecomm_format(const struct ecomm *, char *, size_t);
int		 ecomm_cmp(const struct ecomm *, const struct ecomm *);
int		 ecomm_eq(const struct ecomm *, const struct ecomm *);
/*
 * 1 if e is a route target (subtype ECOMM_ST_RT) or site of origin
 * (ECOMM_ST_SOO) as asked: a transitive two-octet-AS, IPv4 or
 * four-octet-AS extended community of that subtype.  Other types reuse
 * the subtype numbers for other things (a route's extcommunities from the
 * wire may carry any).
 */
static inline int
ecomm_is_color(const struct ecomm *e)
{
	return e->type == ECOMM_T_OPAQUE && e->subtype == ECOMM_ST_COLOR;
}

/* The Color extended community of `color` (flags 0). */
static inline struct ecomm
ecomm_color(uint32_t color)
{
	struct ecomm	 e;

	e.type = ECOMM_T_OPAQUE;
	e.subtype = ECOMM_ST_COLOR;
	e.ga = color >> 16;
	e.la = color & 0xffff;
	return e;
}

static inline uint32_t
ecomm_color_value(const struct ecomm *e)
{
	return (e->ga << 16) | (e->la & 0xffff);
}

static inline int
ecomm_is_kind(const struct ecomm *e, uint8_t subtype)
{
	return e->subtype == subtype && e->type <= ECOMM_T_AS4;
}

#endif
