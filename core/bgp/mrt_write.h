/*
 * mrt_write: encoders of the MRT records `mrt-dump` writes (RFC 6396,
 * RFC 8050 for add-path), appended to a struct wbuf.  No I/O and no
 * engine state here, so each record can be checked byte by byte.
 *
 *   TABLE_DUMP_V2 PEER_INDEX_TABLE, RIB_IPV4_UNICAST, RIB_IPV6_UNICAST
 *     and their _ADDPATH forms (one Path Identifier per RIB entry);
 *   BGP4MP_ET MESSAGE_AS4 (and MESSAGE_AS4_ADDPATH) and STATE_CHANGE_AS4,
 *     with the microseconds field of the extended timestamp.
 *
 * Every function returns 0, or -1 when the buffer ran out of memory or a
 * length cannot be said in its field (the record is then rolled back).
 */
#ifndef XR_BGP_MRT_WRITE_H
#define XR_BGP_MRT_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/mrt_types.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"

/* One PEER_INDEX_TABLE entry; always written with a 4-octet AS. */
struct mrtw_peer {
	struct xaddr	 addr;		/* AF_V4 or AF_V6 */
	uint32_t	 bgp_id;	/* host order */
	uint32_t	 asn;
};

/*
 * The common header (12 bytes, 16 with et: the microseconds count in the
 * length, RFC 6396 3); returns the record's offset for mrtw_rec_end,
 * which fills in the length once the body is appended.
 */
size_t	 mrtw_rec_begin(struct wbuf *, uint32_t sec, int et, uint32_t usec,
	    uint16_t type, uint16_t subtype);
int	 mrtw_rec_end(struct wbuf *, size_t off);

int	 mrtw_peer_index(struct wbuf *, uint32_t ts, uint32_t collector_id,
	    const char *view, const struct mrtw_peer *, size_t n);

/*
 * A RIB record: mrtw_rib_begin, then mrtw_rib_entry per path (the
 * attributes as mrtw_attrs made them), then mrtw_rib_end with the count.
 * addpath: the _ADDPATH subtype, a Path Identifier in each entry.
 */
struct mrtw_rib {
	size_t		 off;		/* of the record */
	size_t		 count_off;	/* of the entry count */
	unsigned	 count;
	int		 addpath;
};
int	 mrtw_rib_begin(struct wbuf *, struct mrtw_rib *, uint32_t ts,
	    uint32_t seq, const struct xprefix *, int addpath);
int	 mrtw_rib_entry(struct wbuf *, struct mrtw_rib *, uint16_t peer_idx,
	    uint32_t originated, uint32_t path_id, const uint8_t *attrs,
	    size_t attrlen);
int	 mrtw_rib_end(struct wbuf *, struct mrtw_rib *);

/*
 * The path attributes of a TABLE_DUMP_V2 RIB entry for a route of family
 * af: as our encoder would send them to a 4-octet iBGP speaker (ebgp:
 * as to an eBGP one, without LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST),
 * AS_PATH always 4-octet (RFC 6396 4.3.4), and for IPv6 the
 * MP_REACH_NLRI abbreviated to its next-hop length and next hop.  The
 * bytes replace out's content.
 */
int	 mrtw_attrs(struct wbuf *out, const struct bgp_attrs *, int af,
	    int ebgp);

/* The BGP4MP address pair; local of another (or no) family is written
   as zeros of the peer's family. */
struct mrtw_sess {
	uint32_t	 peer_as, local_as;
	struct xaddr	 peer, local;
};
/* msg: a whole BGP message, marker and header included. */
int	 mrtw_bgp4mp_msg(struct wbuf *, uint32_t sec, uint32_t usec,
	    const struct mrtw_sess *, int addpath, const uint8_t *msg,
	    size_t len);
/* old, new: the FSM codes (MRT_FSM_*: Idle 1 .. Established 6). */
int	 mrtw_bgp4mp_state(struct wbuf *, uint32_t sec, uint32_t usec,
	    const struct mrtw_sess *, uint16_t old, uint16_t new_);
/*
 * The families (BGP_AF_V4U, BGP_AF_V6U) an UPDATE (whole message) has
 * routes of: IPv4 withdrawn or NLRI fields, the AFI of MP_(UN)REACH.
 * Reads only what is in bounds; 0 for a malformed or empty one.
 */
unsigned mrtw_update_afs(const uint8_t *msg, size_t len);

#endif
