/*
 * export: what one best path becomes when it is advertised to a group of
 * neighbors with the same outbound settings, kept pure (no sessions, no
 * tables) so that every rule is tested alone (tests/unit/test_export.c).
 *
 * Order, as XR applies it:
 *  1. filters: NO_ADVERTISE (never sent), NO_EXPORT (not to eBGP),
 *     NO_EXPORT_SUBCONFED (not to eBGP, confederation peers included);
 *     iBGP-learned paths go to iBGP targets only when we reflect (source
 *     or target is a route-reflector client; a path from a non-client
 *     goes to clients only); RFC 8212: nothing to an eBGP target without
 *     an outbound policy unless `bgp unsafe-ebgp-policy`;
 *  2. the outbound route-policy, on the path as the Loc-RIB holds it
 *     (LOCAL_PREF, MED and next hop as received); on a path reflected
 *     iBGP to iBGP it only filters: what it sets is dropped, as XR
 *     does, unless `ibgp policy out enforce-modifications`;
 *  3. the session rules on the result, keeping what the policy set:
 *     iBGP: LOCAL_PREF always sent (default if absent), reflection adds
 *     ORIGINATOR_ID (the source's router ID, if not already present) and
 *     prepends our cluster ID to CLUSTER_LIST; next hop unchanged unless
 *     next-hop-self (and never for reflected paths unless the policy
 *     says so); locally originated paths get our address.
 *     eBGP: our AS prepended (local-as: prepended in front of the router
 *     AS unless no-prepend; replace-as: router AS left out), LOCAL_PREF,
 *     ORIGINATOR_ID and CLUSTER_LIST removed, MED removed when it came
 *     from another AS (not set by the policy, not locally originated),
 *     NEXT_HOP our session address unless next-hop-unchanged or the
 *     policy set it, standard and large communities only with
 *     send-community-ebgp, extended with send-extended-community-ebgp,
 *     remove-private-AS (leading private ASNs, or all of them with
 *     entire-aspath), as-override (the peer's AS replaced by ours);
 *     send-community-gshut-ebgp alone keeps GRACEFUL_SHUTDOWN of the
 *     standard communities;
 *  4. graceful-shutdown (RFC 8326) or active graceful maintenance on the
 *     targets: GRACEFUL_SHUTDOWN added (to eBGP only with
 *     send-community-ebgp or send-community-gshut-ebgp); to iBGP,
 *     LOCAL_PREF 0 (graceful-shutdown) or the graceful-maintenance
 *     local-preference when configured; to eBGP, the graceful-maintenance
 *     as-prepends: our AS that many more times.
 *  5. RFC 8097: with `bgp origin-as validation signal ibgp`, to iBGP
 *     the path's validation state as the origin validation state
 *     extended community (0x4300; one, replacing any the path had),
 *     when it has one; never to eBGP (it is non-transitive).
 * Unknown optional transitive attributes are passed on with the Partial
 * bit, every list whole.
 */
#ifndef XR_BGP_EXPORT_H
#define XR_BGP_EXPORT_H

#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"
#include "core/rpl/route.h"

struct rpl_prog;

/* The outbound side: one per update group. */
struct export_target {
	int		 afi;		/* 0 IPv4 unicast, 1 IPv6 unicast */
	int		 ebgp;
	uint32_t	 peer_as;
	uint32_t	 router_as;	/* `router bgp` */
	uint32_t	 local_as;	/* `local-as`, else router_as */
	unsigned	 local_as_opts;	/* BGP_OPT_NO_PREPEND | _REPLACE_AS |
					   _DUAL_AS (bgp_model.h) */
	uint32_t	 router_id;	/* host order */
	uint32_t	 cluster_id;	/* host order */
	uint32_t	 default_local_pref;
	int		 rr_client;	/* the targets are our RR clients */
	int		 nhs;		/* next-hop-self */
	int		 nhu;		/* next-hop-unchanged */
	int		 send_comm;	/* send-community-ebgp */
	int		 send_extcomm;	/* send-extended-community-ebgp */
	int		 remove_private; /* 0 off, 1 leading, 2 entire-aspath */
	int		 as_override;
	int		 unsafe_ebgp;	/* bgp unsafe-ebgp-policy */
	int		 ibgp_enforce_mods; /* ibgp policy out
					   enforce-modifications */
	int		 gshut;		/* graceful-shutdown or graceful
					   maintenance on the targets */
	int		 gshut_lp_set;	/* then LOCAL_PREF gshut_lp to iBGP */
	uint32_t	 gshut_lp;
	uint32_t	 gshut_prepends; /* and our AS this many more times
					   to eBGP */
	int		 send_gshut;	/* send-community-gshut-ebgp */
	/* our address on the sessions, of afi's family (next hop self);
	   af 0 when unknown: then a path needing it is not sent */
	struct xaddr	 nexthop;
	int		 signal_rov;	/* bgp origin-as validation signal
					   ibgp: iBGP targets get the state */
	const struct rpl_prog *policy;	/* route-policy out, NULL none */
	struct route_peer pctx;		/* the policy's peer context */
};

/* Where the best path came from. */
struct export_source {
	int		 local;		/* originated here: BGP_LOCAL_* */
	int		 ebgp;		/* learned from an eBGP peer */
	int		 rr_client;	/* learned from one of our RR clients */
	uint32_t	 peer_router_id; /* host order */
	struct xaddr	 peer_addr;	/* af 0 if local */
	/* the path's origin validation state, BGP_ROV_* (decide.h; the
	   Loc-RIB's): `validation-state is` in the outbound policy (OFF,
	   not validated, is not-found there, as on the inbound side) and
	   the RFC 8097 signal to iBGP */
	uint8_t		 rov;
};

enum export_result {
	EXPORT_SEND = 0,
	EXPORT_NO_ADVERTISE,
	EXPORT_NO_EXPORT,
	EXPORT_NO_EXPORT_SUBCONFED,
	EXPORT_IBGP,		/* iBGP to iBGP, not reflected */
	EXPORT_RFC8212,
	EXPORT_POLICY,		/* denied by the outbound policy */
	EXPORT_NO_NEXTHOP,	/* our session address is unknown */
	EXPORT_ERROR		/* allocation failure */
};

const char	*export_result_name(enum export_result);

/*
 * best: the path's interned attributes (borrowed).  On EXPORT_SEND *out
 * holds one reference to an interned set (best itself when nothing
 * changed).
 */
enum export_result bgp_export(const struct export_target *,
		    const struct export_source *, const struct xprefix *,
		    struct bgp_attrs *best, struct bgp_attrs **out);

/*
 * RFC 8097 origin validation state extended community: type 0x43,
 * sub-type 0x00, five reserved octets, the state (0 valid, 1 not-found,
 * 2 invalid).  Encode: -1 for BGP_ROV_OFF (no state to signal).  The
 * state a set carries: BGP_ROV_* of its first such community, OFF when
 * none (or an unknown value).
 */
int		 bgp_rov_ecomm_encode(uint8_t rov, uint8_t out[8]);
uint8_t		 bgp_rov_ecomm_state(const struct bgp_attrs *);

/* 1 if asn is private (64512-65534, 4200000000-4294967294). */
int		 bgp_as_private(uint32_t asn);

#endif
