/*
 * update_int: what the UPDATE decoder's two files share (wire_update.c
 * walks the message, attr_decode.c checks each attribute).  Not for use
 * outside core/bgp/wire_update.c and attr_decode.c.
 */
#ifndef XR_BGP_UPDATE_INT_H
#define XR_BGP_UPDATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/wire.h"

enum sev {
	SEV_NONE = 0,
	SEV_DISCARD,		/* attribute discard */
	SEV_WITHDRAW,		/* treat-as-withdraw */
	SEV_RESET		/* session reset */
};

struct pfxvec {
	struct xprefix	*v;
	uint32_t	*pid;		/* RFC 7911 path ids, parallel
					   to v; with ctx->addpath_rx */
	size_t		 n, cap;
};

struct dec {
	const struct bgp_codec_ctx *ctx;
	struct bgp_update	*up;
	struct bgp_attrs	*a;
	enum sev		 sev;
	int			 oom;
	struct pfxvec		 wd;		/* withdrawn, both families */
	struct pfxvec		 nl;		/* announced, both families */
	size_t			 nv4nlri;	/* of nl: from the NLRI field */
	uint8_t			 seen[32];	/* bitmap of type codes */
	int			 other_attrs;	/* any but MP_UNREACH */
	int			 reach_nlri;	/* MP_REACH with NLRI bytes */
	unsigned		 unreach_af;	/* BGP_AF_* of MP_UNREACH */
	size_t			 unreach_n;	/* prefixes it withdrew */
	/* AS4_PATH / AS4_AGGREGATOR from a 2-octet peer, for the merge */
	uint8_t			*as4path;
	size_t			 as4path_len;
	int			 has_as4path;
	uint32_t		 as4agg_as, as4agg_id;
	int			 has_as4agg;
};

static inline uint16_t
upd_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
upd_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* wire_update.c */
void	 upd_fail(struct dec *, enum sev, uint8_t subcode, const uint8_t *data,
	    size_t datalen, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	 upd_note(struct dec *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 upd_pfx_push(struct dec *, struct pfxvec *, const struct xprefix *,
	    uint32_t pid);
int	 upd_parse_prefixes(struct dec *, const uint8_t *, size_t, uint8_t af,
	    struct pfxvec *, const char **why);

/* attr_decode.c */
const char *upd_attr_name(uint8_t type);
void	 upd_attr_one(struct dec *, uint8_t flags, uint8_t type,
	    const uint8_t *whole, size_t wlen, const uint8_t *v, size_t len);
int	 upd_merge_as4(struct dec *);

#endif
