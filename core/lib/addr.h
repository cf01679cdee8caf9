/*
 * addr: IPv4/IPv6 addresses and prefixes, AS numbers.  Parsing is strict
 * (no host bits are silently accepted where XR rejects them is left to the
 * caller: prefix_parse() keeps the address as typed and reports whether
 * host bits were set).  Formatting is canonical (inet_ntop; asplain).
 */
#ifndef XR_ADDR_H
#define XR_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define AF_V4	4
#define AF_V6	6

struct xaddr {
	uint8_t		 af;		/* AF_V4 or AF_V6; 0 = unset */
	uint8_t		 a[16];		/* network order; v4 uses a[0..3] */
};

struct xprefix {
	struct xaddr	 addr;
	uint8_t		 len;
};

#define ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */
#define PREFIX_STRLEN	(ADDR_STRLEN + 4)
#define ASN_STRLEN	12

int	 addr_parse(const char *, struct xaddr *);	/* either family */
int	 addr_parse_v4(const char *, struct xaddr *);
int	 addr_parse_v6(const char *, struct xaddr *);
void	 addr_format(const struct xaddr *, char *, size_t);
int	 addr_cmp(const struct xaddr *, const struct xaddr *);
/* addr_cmp for qsort and bsearch over arrays of struct xaddr */
int	 addr_qcmp(const void *, const void *);
/* unset, 0.0.0.0 or :: (a locally originated path's next hop) */
int	 addr_is_unspecified(const struct xaddr *);
/* Bit i (0 = most significant) of the address. */
int	 addr_bit(const struct xaddr *, unsigned);

/*
 * "A.B.C.D/M" or "X:X::X:X/M".  With allow_host, a bare address is taken
 * as a host route (/32 or /128).  Returns 0 or -1.
 */
int	 prefix_parse(const char *, struct xprefix *, int allow_host);
void	 prefix_format(const struct xprefix *, char *, size_t);
int	 prefix_cmp(const struct xprefix *, const struct xprefix *);
/* 1 if bits beyond len are set. */
int	 prefix_has_host_bits(const struct xprefix *);
void	 prefix_mask(struct xprefix *);
/* 1 if p is inside (or equal to) container. */
int	 prefix_contains(const struct xprefix *container,
	    const struct xprefix *p);
unsigned prefix_maxlen(const struct xprefix *);
/* The host prefix of a (/32 or /128). */
void	 prefix_host(const struct xaddr *, struct xprefix *);

/* asplain 1-4294967295 (0 allowed with allow_zero) or asdot X.Y. */
int	 asn_parse(const char *, uint32_t *);
void	 asn_format(uint32_t, char *, size_t);		/* asplain */
void	 asn_format_asdot(uint32_t, char *, size_t);
/* RFC 6996/7300 private ranges. */
int	 asn_is_private(uint32_t);

/* Decimal, no sign, no leading garbage, within [lo, hi]. */
int	 parse_u32(const char *, uint32_t lo, uint32_t hi, uint32_t *);

#endif
