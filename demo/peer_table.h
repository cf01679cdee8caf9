/*
 * peer_table: the routes a demo lab speaker announces (demo/peer*.c).
 *
 * The two providers draw from one universe of about 50,000 public IPv4
 * prefixes, each with an origin AS; provider-a carries ~80% of it,
 * provider-b ~70%, so about half is at both, with the same origin AS and
 * a different path.  The customer has a fixed small table that the lab's
 * policies act on.  Everything comes from fixed seeds: every run, and
 * every speaker process, builds the same tables.
 */
#ifndef DEMO_PEER_TABLE_H
#define DEMO_PEER_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/wire.h"
#include "demo/demo.h"

#define DEMO_PATH_MAX	12	/* provider, up to 5 transits, origin, prepends */
#define DEMO_COMM_MAX	4

/* The community the seed configuration's NO_EXPORT_TO_PEER matches. */
#define DEMO_COMM_NO_EXPORT_PEER	((uint32_t)DEMO_LOCAL_AS << 16 | 666)

struct demo_route {
	uint32_t	 addr;		/* host order, host bits clear */
	uint8_t		 len;
	uint8_t		 origin;	/* BGP_ORIGIN_* */
	uint8_t		 npath;
	uint8_t		 ncomm;
	uint8_t		 has_med;
	uint32_t	 med;
	uint32_t	 path[DEMO_PATH_MAX];	/* path[0]: the role's AS */
	uint32_t	 comm[DEMO_COMM_MAX];	/* ascending */
};

struct demo_table {
	struct demo_route	*r;	/* sorted by prefix */
	size_t			 n;
};

/* Builds the table of a role.  Returns 0, or -1 with err (unknown role,
 * out of memory). */
int	demo_table_build(const struct demo_role *, struct demo_table *,
	    char *err, size_t errlen);
void	demo_table_free(struct demo_table *);

/* 1 if the prefix overlaps special-purpose space (RFC 6890 and friends)
 * or the demo customer's: the providers never announce those. */
int	demo_table_reserved(uint32_t addr, unsigned len);

/*
 * Appends the whole table as UPDATEs, the prefixes of one attribute set
 * packed together (bgp_update_encode_announce splits at ctx->maxlen),
 * with NEXT_HOP nexthop (host order).  *nmsgs gets the number of UPDATEs
 * (End-of-RIB not included: the caller adds it).  Returns 0 or -1 (out of
 * memory; the buffer is left as it was).
 */
int	demo_table_encode(const struct demo_table *, const struct
	    bgp_codec_ctx *, uint32_t nexthop, struct wbuf *, size_t *nmsgs);

#endif
