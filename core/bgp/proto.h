/*
 * proto: BGP-4 protocol numbers (RFC 4271 and its updates).  Names follow
 * the IANA registries so a reader can look any of them up.
 */
#ifndef XR_BGP_PROTO_H
#define XR_BGP_PROTO_H

#define BGP_VERSION		4
#define BGP_PORT		179
#define BGP_MARKER_LEN		16
#define BGP_HDR_LEN		19
#define BGP_MAX_LEN		4096
#define BGP_EXT_MAX_LEN		65535	/* RFC 8654 */
#define BGP_OPEN_MIN_LEN	29	/* header + 10 */
#define BGP_AS_TRANS		23456	/* RFC 6793 */

/* Message types */
#define BGP_MSG_OPEN		1
#define BGP_MSG_UPDATE		2
#define BGP_MSG_NOTIFICATION	3
#define BGP_MSG_KEEPALIVE	4
#define BGP_MSG_ROUTE_REFRESH	5
#define BGP_MSG_TYPE_MAX	5

/* Path attribute flags */
#define BGP_ATTRF_OPTIONAL	0x80
#define BGP_ATTRF_TRANSITIVE	0x40
#define BGP_ATTRF_PARTIAL	0x20
#define BGP_ATTRF_EXTLEN	0x10

/* Path attribute type codes */
#define BGP_ATTR_ORIGIN			1
#define BGP_ATTR_AS_PATH		2
#define BGP_ATTR_NEXT_HOP		3
#define BGP_ATTR_MED			4
#define BGP_ATTR_LOCAL_PREF		5
#define BGP_ATTR_ATOMIC_AGGREGATE	6
#define BGP_ATTR_AGGREGATOR		7
#define BGP_ATTR_COMMUNITIES		8
#define BGP_ATTR_ORIGINATOR_ID		9
#define BGP_ATTR_CLUSTER_LIST		10
#define BGP_ATTR_MP_REACH_NLRI		14
#define BGP_ATTR_MP_UNREACH_NLRI	15
#define BGP_ATTR_EXT_COMMUNITIES	16
#define BGP_ATTR_AS4_PATH		17
#define BGP_ATTR_AS4_AGGREGATOR		18
#define BGP_ATTR_LARGE_COMMUNITY	32

#define BGP_ORIGIN_IGP		0
#define BGP_ORIGIN_EGP		1
#define BGP_ORIGIN_INCOMPLETE	2

/* AS_PATH segment types */
#define BGP_AS_SET		1
#define BGP_AS_SEQUENCE		2
#define BGP_AS_CONFED_SEQUENCE	3
#define BGP_AS_CONFED_SET	4

/* OPEN optional parameters and capabilities */
#define BGP_OPT_PARAM_CAPABILITIES	2
#define BGP_OPT_PARAM_EXT_LEN		255	/* RFC 9072 */
#define BGP_CAP_MP			1
#define BGP_CAP_ROUTE_REFRESH		2
#define BGP_CAP_EXT_MESSAGE		6
#define BGP_CAP_GRACEFUL_RESTART	64
#define BGP_CAP_AS4			65
#define BGP_CAP_ADD_PATH		69
#define BGP_CAP_ENHANCED_RR		70
#define BGP_CAP_ROUTE_REFRESH_OLD	128	/* Cisco pre-standard */

#define BGP_AFI_IPV4		1
#define BGP_AFI_IPV6		2
#define BGP_SAFI_UNICAST	1

/* ROUTE-REFRESH subtypes (RFC 7313) */
#define BGP_RR_NORMAL		0
#define BGP_RR_BORR		1
#define BGP_RR_EORR		2

/* NOTIFICATION error codes and subcodes (RFC 4271 4.5, 4486, 7313, 8203) */
#define BGP_ERR_HEADER		1
#define  BGP_ERR_HDR_SYNC		1
#define  BGP_ERR_HDR_LEN		2
#define  BGP_ERR_HDR_TYPE		3
#define BGP_ERR_OPEN		2
#define  BGP_ERR_OPEN_VERSION		1
#define  BGP_ERR_OPEN_AS		2
#define  BGP_ERR_OPEN_BGPID		3
#define  BGP_ERR_OPEN_OPT		4
#define  BGP_ERR_OPEN_AUTH		5	/* deprecated */
#define  BGP_ERR_OPEN_HOLD		6
#define  BGP_ERR_OPEN_CAPA		7	/* RFC 5492 */
#define  BGP_ERR_OPEN_ROLE		11	/* RFC 9234 */
#define BGP_ERR_UPDATE		3
#define  BGP_ERR_UPD_ATTRLIST		1
#define  BGP_ERR_UPD_UNKNWN_WK		2
#define  BGP_ERR_UPD_MISSNG_WK		3
#define  BGP_ERR_UPD_ATTRFLAGS		4
#define  BGP_ERR_UPD_ATTRLEN		5
#define  BGP_ERR_UPD_ORIGIN		6
#define  BGP_ERR_UPD_LOOP		7	/* deprecated */
#define  BGP_ERR_UPD_NEXTHOP		8
#define  BGP_ERR_UPD_OPTATTR		9
#define  BGP_ERR_UPD_NETWORK		10
#define  BGP_ERR_UPD_ASPATH		11
#define BGP_ERR_HOLDTIMER	4
#define BGP_ERR_FSM		5
#define  BGP_ERR_FSM_OPENSENT		1	/* RFC 6608 */
#define  BGP_ERR_FSM_OPENCONFIRM	2
#define  BGP_ERR_FSM_ESTABLISHED	3
#define BGP_ERR_CEASE		6
#define  BGP_CEASE_MAX_PREFIX		1
#define  BGP_CEASE_ADMIN_SHUTDOWN	2
#define  BGP_CEASE_PEER_DECONF		3
#define  BGP_CEASE_ADMIN_RESET		4
#define  BGP_CEASE_CONN_REJECT		5
#define  BGP_CEASE_OTHER_CONFIG		6
#define  BGP_CEASE_COLLISION		7
#define  BGP_CEASE_RESOURCES		8
#define  BGP_CEASE_HARD_RESET		9	/* RFC 8538 */
#define  BGP_CEASE_BFD_DOWN		10
#define BGP_ERR_RREFRESH	7	/* RFC 7313 */
#define  BGP_ERR_RR_MSGLEN		1

#define BGP_SHUTDOWN_MSG_MAX	255	/* RFC 9003 */

#endif
