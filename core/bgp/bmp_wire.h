/*
 * bmp_wire: the BGP Monitoring Protocol v3 messages (RFC 7854) as bytes.
 * Pure encoding into a struct wbuf: no sockets, no engine state, so the
 * tests pin every header byte (tests/unit/test_bmp_wire.c).
 *
 *   common header:   version 3, length (4), type (1)
 *   per-peer header: type, flags, distinguisher (8), address (16: IPv4 in
 *                    the last 4), AS (4), BGP ID (4), timestamp s/us (4+4)
 */
#ifndef XR_BGP_BMP_WIRE_H
#define XR_BGP_BMP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/proto.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"

#define BMP_VERSION		3
#define BMP_COMMON_LEN		6
#define BMP_PEER_HDR_LEN	42

enum bmp_msg_type {
	BMP_ROUTE_MONITORING = 0,
	BMP_STATS_REPORT = 1,
	BMP_PEER_DOWN = 2,
	BMP_PEER_UP = 3,
	BMP_INITIATION = 4,
	BMP_TERMINATION = 5,
	BMP_ROUTE_MIRRORING = 6,
	BMP_MSG_TYPES
};

/* per-peer header: peer types and flags */
#define BMP_PEER_GLOBAL		0
#define BMP_PEER_LOC_RIB	3	/* RFC 9069 */
#define BMP_PF_V		0x80	/* IPv6 peer address */
#define BMP_PF_L		0x40	/* post-policy */
#define BMP_PF_A		0x20	/* 2-octet AS_PATH in the PDU */
#define BMP_PF_O		0x10	/* Adj-RIB-Out (RFC 8671) */

/* Initiation / Termination information TLVs */
#define BMP_INFO_STRING		0
#define BMP_INFO_SYSDESCR	1
#define BMP_INFO_SYSNAME	2
#define BMP_INFO_TABLE_NAME	3	/* RFC 9069 VRF/Table Name */
#define BMP_TERM_REASON		1
enum {
	BMP_TERM_ADMIN = 0, BMP_TERM_UNSPEC, BMP_TERM_RESOURCES,
	BMP_TERM_REDUNDANT, BMP_TERM_PERM_ADMIN
};

/* Peer Down reasons */
enum {
	BMP_DOWN_LOCAL_NOTIF = 1,	/* data: the NOTIFICATION we sent */
	BMP_DOWN_LOCAL_FSM = 2,		/* data: 2-byte FSM event code */
	BMP_DOWN_REMOTE_NOTIF = 3,	/* data: the NOTIFICATION received */
	BMP_DOWN_REMOTE_NODATA = 4,
	BMP_DOWN_DECONFIGURED = 5,
	BMP_DOWN_LOCAL_TLV = 6		/* RFC 9069: data: information TLVs */
};

/* Statistics types used here */
enum {
	BMP_STAT_REJECTED = 0,		/* 32-bit counter: inbound policy */
	BMP_STAT_DUP_PREFIX = 1,	/* 32-bit counter */
	BMP_STAT_DUP_WITHDRAW = 2,
	BMP_STAT_ADJ_RIB_IN = 7,	/* 64-bit gauge */
	BMP_STAT_LOC_RIB = 8,		/* 64-bit gauge */
	BMP_STAT_ADJ_RIB_IN_AF = 9,	/* AFI, SAFI, 64-bit gauge */
	BMP_STAT_LOC_RIB_AF = 10,
	BMP_STAT_TAW = 11		/* updates treated as withdraw */
};

struct bmp_peer_hdr {
	uint8_t		 type;		/* BMP_PEER_* */
	uint8_t		 flags;		/* BMP_PF_*; V follows addr */
	uint64_t	 distinguisher;
	struct xaddr	 addr;		/* af 0: all zero (Loc-RIB) */
	uint32_t	 as;
	uint32_t	 bgp_id;	/* host order */
	uint32_t	 ts_sec, ts_usec;
};

struct bmp_stat {
	uint16_t	 type;
	uint8_t		 kind;		/* BMP_STAT_C32, _G64, _AF_G64 */
	uint16_t	 afi;
	uint8_t		 safi;
	uint64_t	 value;
};
enum { BMP_STAT_C32, BMP_STAT_G64, BMP_STAT_AF_G64 };

/* Begins a message (common header with length 0) and returns its offset;
   bmp_msg_end() fills in the length. */
size_t	bmp_msg_begin(struct wbuf *, uint8_t type);
void	bmp_msg_end(struct wbuf *, size_t off);
void	bmp_put_peer_hdr(struct wbuf *, const struct bmp_peer_hdr *);

/* Each appends one whole message; 0, -1 when the buffer is out of memory
   (latched in wbuf.oom) or an argument cannot be encoded. */
int	bmp_encode_initiation(struct wbuf *, const char *sysname,
	    const char *sysdescr);
int	bmp_encode_termination(struct wbuf *, uint16_t reason,
	    const char *text);
/* opens: whole BGP OPEN messages (marker and header included) */
int	bmp_encode_peer_up(struct wbuf *, const struct bmp_peer_hdr *,
	    const struct xaddr *local, uint16_t lport, uint16_t rport,
	    const uint8_t *sent, size_t sentlen, const uint8_t *rcvd,
	    size_t rcvdlen);
/* The same with RFC 9069's VRF/Table Name TLV after the OPENs (the
   Loc-RIB instance's Peer Up); table NULL: none */
int	bmp_encode_peer_up_table(struct wbuf *, const struct bmp_peer_hdr *,
	    const struct xaddr *local, uint16_t lport, uint16_t rport,
	    const uint8_t *sent, size_t sentlen, const uint8_t *rcvd,
	    size_t rcvdlen, const char *table);
/* Peer Down reason 6 with the VRF/Table Name TLV (Loc-RIB instance) */
int	bmp_encode_peer_down_table(struct wbuf *, const struct bmp_peer_hdr *,
	    const char *table);
int	bmp_encode_peer_down(struct wbuf *, const struct bmp_peer_hdr *,
	    uint8_t reason, const uint8_t *data, size_t len);
/* update: one whole BGP UPDATE message */
int	bmp_encode_route_mon(struct wbuf *, const struct bmp_peer_hdr *,
	    const uint8_t *update, size_t len);
int	bmp_encode_stats(struct wbuf *, const struct bmp_peer_hdr *,
	    const struct bmp_stat *, size_t n);

/* "Peer Up", for show and logs */
const char *bmp_msg_type_name(unsigned type);

#endif
