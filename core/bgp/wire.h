/*
 * wire: the BGP-4 message codec.  Every byte from the network is hostile:
 * decoders take (pointer, length), bounds-check every length against what
 * is left, never trust a count, and report an error as the NOTIFICATION
 * (code, subcode, data) the RFCs prescribe, or for UPDATEs as the RFC 7606
 * action.  Encoders append to a growable byte buffer.  No I/O here.
 */
#ifndef XR_BGP_WIRE_H
#define XR_BGP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/proto.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

/* Growable byte buffer; an allocation failure latches oom (like strbuf). */
struct wbuf {
	uint8_t	*buf;
	size_t	 len;
	size_t	 cap;
	int	 oom;
};
#define WBUF_INIT { NULL, 0, 0, 0 }
void	wbuf_free(struct wbuf *);
void	wbuf_reset(struct wbuf *);
int	wbuf_put(struct wbuf *, const void *, size_t);
int	wbuf_put8(struct wbuf *, uint8_t);
int	wbuf_put16(struct wbuf *, uint16_t);	/* network order */
int	wbuf_put32(struct wbuf *, uint32_t);
/* Overwrites 2 bytes at off (for lengths known only at the end). */
void	wbuf_set16(struct wbuf *, size_t off, uint16_t);

/*
 * A protocol error: what to send in the NOTIFICATION, and a one-line text
 * for logs and `show bgp neighbors` ("bad attribute length 5 for ORIGIN").
 */
struct bgp_err {
	uint8_t		 code;		/* 0: no error */
	uint8_t		 subcode;
	uint8_t		 data[64];	/* RFC data field (truncated copy) */
	size_t		 datalen;
	char		 text[160];
};

/* Fills *err (NULL ignored); data is copied up to sizeof(err->data). */
void	bgp_err_set(struct bgp_err *err, uint8_t code, uint8_t subcode,
	    const uint8_t *data, size_t datalen, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/* ---- Header framing (wire.c) ---- */

struct bgp_msghdr {
	uint8_t		 type;
	uint16_t	 len;		/* whole message, header included */
};
/*
 * Looks at the start of a receive buffer.  Returns 1 with *hdr filled when
 * a whole message of len bytes is there, 0 when more bytes are needed, -1
 * with *err filled (1/1 bad marker, 1/2 bad length, 1/3 bad type) when the
 * header is invalid.  maxlen is 4096, or 65535 once the extended message
 * capability is negotiated (RFC 8654).  The minimum and maximum length of
 * each type (OPEN >= 29, KEEPALIVE == 19, NOTIFICATION >= 21, ...) are
 * checked here, so a message body handed to a decoder is at least as long
 * as its fixed part.
 */
int	bgp_msg_frame(const uint8_t *buf, size_t len, size_t maxlen,
	    struct bgp_msghdr *hdr, struct bgp_err *err);
/* Starts a message (marker, length placeholder, type): returns its offset. */
size_t	bgp_msg_begin(struct wbuf *, uint8_t type);
/* Fills in the length of the message begun at off. */
void	bgp_msg_end(struct wbuf *, size_t off);
const char *bgp_msg_type_name(uint8_t type);	/* "UPDATE", "Route-Refresh" */

void	bgp_keepalive_encode(struct wbuf *);

/* ---- OPEN and capabilities (wire_open.c) ---- */

/* Address families we speak, as bits. */
#define BGP_AF_V4U	0x01	/* IPv4 unicast */
#define BGP_AF_V6U	0x02	/* IPv6 unicast */

struct bgp_cap_raw {
	uint8_t		 code;
	uint8_t		 len;
	uint8_t		 data[255];
};

struct bgp_caps {
	unsigned	 afs;		/* BGP_AF_* multiprotocol AFs */
	unsigned	 other_afs;	/* count of AFI/SAFI pairs we don't know */
	uint8_t		 route_refresh;	/* code 2 */
	uint8_t		 route_refresh_old; /* code 128 */
	uint8_t		 enhanced_rr;	/* code 70 */
	uint8_t		 as4;		/* code 65 */
	uint32_t	 as4_asn;
	uint8_t		 ext_msg;	/* code 6 */
	uint8_t		 gr;		/* code 64 */
	uint8_t		 gr_restarting;	/* R bit */
	uint16_t	 gr_time;	/* restart time, seconds */
	unsigned	 gr_afs;	/* BGP_AF_* listed */
	unsigned	 gr_afs_fwd;	/* ... with forwarding state preserved */
	uint8_t		 add_path;	/* code 69 present */
	/* RFC 7911 4: the BGP_AF_* the speaker can receive / send several
	   paths in (tuples of an unknown AF or a bad flag value ignored) */
	unsigned	 ap_recv, ap_send;
	struct bgp_cap_raw unknown[8];	/* first 8 unknown capabilities */
	size_t		 nunknown;	/* all unknown ones, may be > 8 */
};

struct bgp_open {
	uint8_t		 version;
	uint16_t	 my_as;		/* 2-octet field (AS_TRANS for 4-octet) */
	uint16_t	 hold;
	uint32_t	 bgp_id;	/* host order */
	int		 has_caps;	/* a capabilities parameter was present */
	struct bgp_caps	 caps;
};
/*
 * Decodes an OPEN body (after the header).  Checks the structure only
 * (version, optional parameter lengths, capability lengths: 2/1 with data
 * 0x0004, 2/4 for an unsupported optional parameter, 1/2 or 2/0 for length
 * overruns); policy checks (peer AS, BGP identifier, hold time) belong to
 * the FSM, which knows the configuration.  Returns 0, or -1 with *err.
 */
int	bgp_open_decode(const uint8_t *body, size_t len, struct bgp_open *,
	    struct bgp_err *err);
/* Appends a whole OPEN message; my_as is the real (4-octet) AS. */
int	bgp_open_encode(struct wbuf *, uint32_t my_as, uint16_t hold,
	    uint32_t bgp_id, const struct bgp_caps *);
/* The peer's real AS: caps.as4_asn when the 4-octet capability is there. */
uint32_t bgp_open_peer_as(const struct bgp_open *);

/* ---- NOTIFICATION (wire_notify.c) ---- */

struct bgp_notification {
	uint8_t		 code;
	uint8_t		 subcode;
	uint8_t		 data[BGP_EXT_MAX_LEN];	/* not NUL-terminated */
	size_t		 datalen;
	/* RFC 8203/9003 shutdown communication (Cease 2 and 4), UTF-8 */
	int		 has_shutdown_msg;
	char		 shutdown_msg[BGP_SHUTDOWN_MSG_MAX + 1];
};
int	bgp_notification_decode(const uint8_t *body, size_t len,
	    struct bgp_notification *, struct bgp_err *err);
/* Appends a whole NOTIFICATION; data may be NULL. */
int	bgp_notification_encode(struct wbuf *, uint8_t code, uint8_t subcode,
	    const uint8_t *data, size_t datalen);
/* Cease with a shutdown communication (truncated to 255 bytes on a
 * character boundary). */
int	bgp_notification_encode_shutdown(struct wbuf *, uint8_t subcode,
	    const char *msg);
/* "Cease", "UPDATE Message Error" */
const char *bgp_err_code_name(uint8_t code);
/* "Administrative Shutdown", "Malformed AS_PATH"; "Unspecific" for 0 */
const char *bgp_err_subcode_name(uint8_t code, uint8_t subcode);
/* XR-style reason text: "Cease: Administrative Shutdown (message: ...)" */
void	bgp_notification_describe(uint8_t code, uint8_t subcode,
	    const char *shutdown_msg, struct strbuf *);

/* ---- ROUTE-REFRESH (wire_notify.c) ---- */

int	bgp_route_refresh_decode(const uint8_t *body, size_t len,
	    uint16_t *afi, uint8_t *subtype, uint8_t *safi,
	    struct bgp_err *err);
int	bgp_route_refresh_encode(struct wbuf *, uint16_t afi, uint8_t subtype,
	    uint8_t safi);

/* ---- UPDATE (wire_update.c) ---- */

/* What the session negotiated, which changes how an UPDATE is read. */
struct bgp_codec_ctx {
	int		 as4;		/* 4-octet AS_PATH / AGGREGATOR */
	int		 ebgp;		/* LOCAL_PREF from eBGP is discarded */
	unsigned	 afs;		/* negotiated BGP_AF_* */
	size_t		 maxlen;	/* 4096 or 65535 */
	uint32_t	 local_as;	/* for encode: nothing else */
	/* RFC 7911: BGP_AF_* whose NLRI carry a 4-byte Path Identifier,
	   in the UPDATEs we receive (decode) and send (encode) */
	unsigned	 addpath_rx, addpath_tx;
};

enum bgp_upd_action {
	BGP_UPD_OK = 0,		/* use it (some attributes may be discarded) */
	BGP_UPD_WITHDRAW,	/* RFC 7606 treat-as-withdraw: every NLRI
				   in the message is withdrawn */
	BGP_UPD_RESET		/* session reset with err */
};

struct bgp_update {
	enum bgp_upd_action	 action;
	struct bgp_err		 err;	/* why (also for WITHDRAW/discard) */
	unsigned		 ndiscarded;	/* attributes discarded (7606) */
	/* withdrawn: IPv4 withdrawn routes and MP_UNREACH_NLRI */
	struct xprefix		*withdrawn;
	size_t			 nwithdrawn;
	/* announced: IPv4 NLRI and MP_REACH_NLRI (all share attrs) */
	struct xprefix		*nlri;
	size_t			 nnlri;
	/* RFC 7911 Path Identifiers, parallel to withdrawn and nlri; NULL
	   unless ctx->addpath_rx is set (0 for a family without it) */
	uint32_t		*withdrawn_pid;
	uint32_t		*nlri_pid;
	/* decoded attributes, NULL when the message has none; owned */
	struct bgp_attrs	*attrs;
	/* End-of-RIB (RFC 4724): an empty UPDATE (IPv4) or an MP_UNREACH
	   with no NLRI; eor_afs says which */
	unsigned		 eor_afs;
};
/*
 * Decodes an UPDATE body.  Returns 0 (look at up->action), or -1 on
 * allocation failure.  On BGP_UPD_WITHDRAW the prefixes that could be
 * located are all in up->withdrawn (announced ones moved there too) and
 * up->nlri is empty.  Per RFC 7606: attribute discard for ATOMIC_AGGREGATE,
 * AGGREGATOR, AS4_*; treat-as-withdraw for ORIGIN, AS_PATH, NEXT_HOP, MED,
 * LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXT/LARGE
 * communities, missing mandatory attributes; session reset for MP_REACH /
 * MP_UNREACH errors, NLRI that can't be parsed, and lengths that make the
 * NLRI impossible to locate.  Duplicates: the first is kept (MP_* twice:
 * reset).  Unknown optional transitive attributes are kept with the
 * Partial bit set; unknown optional non-transitive ones are dropped;
 * unknown well-known ones are 3/2.
 */
int	bgp_update_decode(const uint8_t *body, size_t len,
	    const struct bgp_codec_ctx *, struct bgp_update *up);
void	bgp_update_free(struct bgp_update *);

/*
 * Appends one or more UPDATE messages that announce nlri[0..n) with attrs
 * (IPv4 in the classic NLRI field, IPv6 in MP_REACH), each at most
 * ctx->maxlen long.  attrs->nexthop gives the next hop of the family.
 */
int	bgp_update_encode_announce(struct wbuf *, const struct bgp_codec_ctx *,
	    const struct bgp_attrs *, const struct xprefix *nlri, size_t n);
/* Appends UPDATE(s) withdrawing prefixes (IPv4 field or MP_UNREACH). */
int	bgp_update_encode_withdraw(struct wbuf *, const struct bgp_codec_ctx *,
	    const struct xprefix *pfx, size_t n);
/*
 * The same with RFC 7911 Path Identifiers: a family in ctx->addpath_tx
 * gets pid[i] (0 when pid is NULL) in front of each prefix; the others
 * are encoded as above.
 */
int	bgp_update_encode_announce_ap(struct wbuf *,
	    const struct bgp_codec_ctx *, const struct bgp_attrs *,
	    const struct xprefix *nlri, const uint32_t *pid, size_t n);
int	bgp_update_encode_withdraw_ap(struct wbuf *,
	    const struct bgp_codec_ctx *, const struct xprefix *pfx,
	    const uint32_t *pid, size_t n);
/* Appends the End-of-RIB marker of one family (BGP_AF_V4U or _V6U). */
int	bgp_update_encode_eor(struct wbuf *, unsigned af);

/* ---- One-line description of any message, for tests and debug ---- */
void	bgp_msg_describe(const uint8_t *msg, size_t len,
	    const struct bgp_codec_ctx *, struct strbuf *);

#endif
