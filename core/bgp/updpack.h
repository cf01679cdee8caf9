/*
 * updpack: turns a batch of pending Adj-RIB-Out changes into as few
 * UPDATE messages as the codec allows.  Announcements are grouped by
 * attribute set (interned, so grouping is by pointer) and each group is
 * encoded in one call, which fills every message up to the session's
 * maximum length; withdrawals are packed together ahead of them.  Pure:
 * no sessions, no tables, no timers (tests/unit/test_updpack.c).
 */
#ifndef XR_BGP_UPDPACK_H
#define XR_BGP_UPDPACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"

/* The prefixes announced with one attribute set. */
struct updpack_set {
	struct bgp_attrs	*attrs;		/* one reference held */
	struct xprefix		*pfx;
	size_t			 n, cap;
	/* RFC 7911 Path Identifiers, parallel to pfx (cap long); NULL:
	   all 0 */
	uint32_t		*pid;
};

struct updpack {
	struct updpack_set	*sets;		/* in order of first use */
	size_t			 nsets, capsets;
	size_t			*index;		/* attrs pointer -> sets[] + 1 */
	size_t			 capindex;	/* power of two, or 0 */
	struct xprefix		*wd;		/* withdrawals */
	size_t			 nwd, capwd;
	uint32_t		*wdpid;		/* as updpack_set.pid */
	size_t			 npfx;		/* announced prefixes, all sets */
};

void	 updpack_init(struct updpack *);
/* Empties the batch (keeps the arrays for the next one). */
void	 updpack_reset(struct updpack *);
void	 updpack_free(struct updpack *);

/* Queues pfx for announcement with attrs (referenced).  -1 on ENOMEM. */
int	 updpack_announce(struct updpack *, struct bgp_attrs *attrs,
	    const struct xprefix *pfx);
int	 updpack_withdraw(struct updpack *, const struct xprefix *pfx);
/* The same for a path with an RFC 7911 Path Identifier: encoded when
   the codec context says the family sends them (a batch without any
   encodes them as 0). */
int	 updpack_announce_pid(struct updpack *, struct bgp_attrs *attrs,
	    const struct xprefix *pfx, uint32_t pid);
int	 updpack_withdraw_pid(struct updpack *, const struct xprefix *pfx,
	    uint32_t pid);
/* Announcements plus withdrawals queued. */
size_t	 updpack_count(const struct updpack *);

/* What one encoding produced. */
struct updpack_stats {
	size_t	 msgs;		/* UPDATE messages appended */
	size_t	 announced;	/* prefixes in NLRI / MP_REACH */
	size_t	 withdrawn;	/* prefixes withdrawn */
	size_t	 unsendable;	/* announcements whose attributes can't be
				   encoded (too long, no next hop of the
				   family): withdrawn instead */
};

/*
 * Appends the batch to out as whole UPDATE messages (withdrawals first,
 * then one run per attribute set), each at most ctx->maxlen.  st may be
 * NULL.  Returns 0, -1 on allocation failure (out is then latched oom
 * and must be discarded).
 */
int	 updpack_encode(const struct updpack *, const struct bgp_codec_ctx *,
	    struct wbuf *out, struct updpack_stats *st);

/*
 * Steps through the messages of an encoded buffer: *off is the offset of
 * the next one (start at 0).  Returns 1 with msg/len set, 0 at the end or
 * at a truncated header.
 */
int	 updpack_next_msg(const struct wbuf *, size_t *off,
	    const uint8_t **msg, size_t *len);

#endif
