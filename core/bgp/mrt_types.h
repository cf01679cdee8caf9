/*
 * mrt_types: the MRT format's numbers (RFC 6396; RFC 8050 for add-path),
 * one copy for the reader (replay mrt) and the writer (mrt-dump).
 */
#ifndef XR_BGP_MRT_TYPES_H
#define XR_BGP_MRT_TYPES_H

#define MRT_HDR_LEN		12	/* timestamp, type, subtype, length */

/* record types */
#define MRT_TABLE_DUMP		12
#define MRT_TABLE_DUMP_V2	13
#define MRT_BGP4MP		16
#define MRT_BGP4MP_ET		17	/* + microseconds after the header */

/* TABLE_DUMP_V2 subtypes */
#define MRT_TD2_PEER_INDEX		1
#define MRT_TD2_RIB_IPV4_UNICAST	2
#define MRT_TD2_RIB_IPV6_UNICAST	4
#define MRT_TD2_RIB_IPV4_UNICAST_AP	8	/* _ADDPATH */
#define MRT_TD2_RIB_IPV6_UNICAST_AP	10	/* _ADDPATH */

/* BGP4MP and BGP4MP_ET subtypes */
#define MRT_BGP4MP_MESSAGE		1
#define MRT_BGP4MP_MESSAGE_AS4		4
#define MRT_BGP4MP_STATE_CHANGE_AS4	5
#define MRT_BGP4MP_MESSAGE_AS4_AP	9	/* _ADDPATH */

/* BGP FSM state codes of BGP4MP_STATE_CHANGE (RFC 6396 4.4.1) */
#define MRT_FSM_IDLE		1
#define MRT_FSM_ESTABLISHED	6

#endif
