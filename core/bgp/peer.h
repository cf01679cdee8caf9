/*
 * peer: the engine's neighbors (internal to core/bgp).  A struct peer
 * lives in an RB tree keyed by address for as long as the neighbor is in
 * the applied configuration.  Its struct peer_conf holds the effective
 * settings derived from the configuration through the inheritance rules
 * (never a neighbor's own items); comparing the old and new peer_conf on
 * apply decides between nothing, a reset, a shutdown and a start.
 *
 * A peer has at most two connections: `conn`, the one its FSM runs on,
 * and `coll`, a second one accepted while the first was opening (RFC 4271
 * 6.8), which only lives until its OPEN arrives and the collision is
 * resolved.
 */
#ifndef XR_BGP_PEER_H
#define XR_BGP_PEER_H

#include <sys/tree.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/bgp/adjrib.h"
#include "core/bgp/engine.h"
#include "core/bgp/rib.h"
#include "core/bgp/wire.h"
#include "core/config/bgp_model.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct conn;
struct loop_timer;

#define PEER_NAF	2	/* 0 IPv4 unicast, 1 IPv6 unicast */
#define PEER_IFNAME_MAX	64

/* ADJCHANGE logging of a neighbor */
enum { PEER_LOG_OFF, PEER_LOG_ON, PEER_LOG_DETAIL };

/* Effective settings of one neighbor (see peer_conf_build). */
struct peer_conf {
	struct xaddr	 addr;
	uint32_t	 remote_as;	/* 0: none configured (never started) */
	uint32_t	 router_as;	/* `router bgp` */
	uint32_t	 local_as;	/* `local-as` or router_as */
	unsigned	 local_as_opts;	/* BGP_OPT_NO_PREPEND, ... */
	uint32_t	 router_id;	/* effective, host order */
	int		 ebgp;
	int		 shutdown;
	char		 shutdown_msg[BGP_SHUTDOWN_MSG_MAX + 1];
	char		 description[256];
	char		 password[81];	/* "" none */
	char		 update_source[PEER_IFNAME_MAX];	/* "" none */
	uint16_t	 hold, keepalive, min_hold;	/* configured/default */
	uint8_t		 ebgp_multihop;	/* 0: not configured */
	int		 ttl_security;
	int		 open_mode;	/* BGP_SOM_* */
	int		 suppress_as4;
	int		 enforce_first_as; /* eBGP without `enforce-first-as
					   disable`: see recv.c */
	unsigned	 afs;		/* BGP_AF_* active */
	int		 gr;		/* helper: `bgp graceful-restart` */
	uint16_t	 gr_restart_time, gr_stalepath_time, gr_purge_time;
	int		 log_changes;	/* PEER_LOG_* */
	int		 gshut;		/* graceful-shutdown (RFC 8326), or
					   graceful maintenance active */
	int		 gshut_in;	/* graceful-shutdown: received paths
					   marked too (maintenance: not) */
	int		 gshut_lp_set;	/* LOCAL_PREF to iBGP while gshut */
	uint32_t	 gshut_lp;
	uint32_t	 gshut_prepends; /* our AS again, to eBGP */
	int		 gm;		/* graceful maintenance: BGP_GM_* */
	int		 dmz_link_bw;	/* dmz-link-bandwidth */
	struct {
		char	 policy_in[128], policy_out[128];
		uint32_t maxpfx;
		uint8_t	 maxpfx_threshold;
		int	 maxpfx_warning_only;
		int	 maxpfx_discard;	/* discard-extra-paths */
		uint32_t maxpfx_restart;	/* minutes */
		int	 soft_reconf;
		/* routing: no reset needed when these change */
		int	 nhs, nhu;	/* next-hop-self / -unchanged */
		int	 rr_client;	/* route-reflector-client */
		int	 send_comm;	/* send-community-ebgp */
		int	 send_extcomm;	/* send-extended-community-ebgp */
		int	 send_gshut;	/* send-community-gshut-ebgp */
		int	 multipath;	/* multipath: eligible for selective
					   multipath (maximum-paths ...
					   selective) */
		int	 remove_private; /* 0 off, 1 on, 2 entire-aspath */
		unsigned allowas_in;	/* 0 off, else occurrences allowed */
		int	 as_override;
		int	 default_orig;	/* default-originate */
		char	 default_orig_policy[128];	/* "" none */
		int	 has_weight;
		uint32_t weight;
		/* RFC 7911 capability: `additional-paths send|receive` of
		   the AF, unless the neighbor says `disable` */
		int	 ap_send, ap_recv;
		/* RPKI: `origin-as validation disable`, `bestpath
		   origin-as allow invalid` (applied by rib_apply) */
		int	 oas_disable, oas_allow_invalid;
	} af[PEER_NAF];
};

/*
 * Fills c from neighbor np of configuration b (router_id is the effective
 * one the engine computed).  Returns 0.
 */
int	peer_conf_build(const struct bgp_cfg *b, const struct bgp_peer *np,
	    uint32_t router_id, struct peer_conf *c);
/*
 * What a change from old to new requires: 0 nothing (or a soft change),
 * 1 a session reset, with *why naming the first change found
 * ("remote-as changed").  shutdown is not compared here.
 */
int	peer_conf_needs_reset(const struct peer_conf *old,
	    const struct peer_conf *new, const char **why);

/*
 * Routing settings that change without a reset: *in set when import
 * must be re-run (allowas-in, weight, soft-reconfiguration), *out when
 * export must be (next-hop-self, route-reflector-client, ...).
 */
void	peer_conf_routing_diff(const struct peer_conf *old,
	    const struct peer_conf *new, int *in, int *out);

/* Why the last session ended: the texts of show and of ADJCHANGE. */
enum peer_down {
	PD_NONE = 0,
	PD_INIT,		/* never up: "BGP neighbor initialized" */
	PD_NOTIF_SENT,
	PD_NOTIF_RCVD,
	PD_PEER_CLOSED,		/* TCP closed or reset by the peer */
	PD_ADMIN_SHUT,
	PD_USER_CLEAR,
	PD_DECONF,
	PD_CONFIG_CHANGE,
	PD_LOCAL_ERROR		/* our side failed (allocation, socket) */
};

struct peer {
	RB_ENTRY(peer)	 entry;
	struct xaddr	 addr;
	char		 name[ADDR_STRLEN];	/* formatted address */
	struct peer_conf conf;
	int		 deleted;	/* removed from the tree, freed soon */
	/* a pseudo-neighbor of `replay mrt` (replay.h) when not 0: no
	   connection, no configuration, never started, nothing sent to it
	   (the value is replay.c's) */
	int		 replayed;

	/* FSM */
	enum bgp_state	 state;
	enum bgp_idle_reason idle_reason;
	unsigned	 cr_fails;	/* ConnectRetryCounter (drives back-off) */
	int		 passive_now;	/* started by an accepted connection */
	struct loop_timer *t_cr, *t_hold, *t_ka, *t_restart;
	struct conn	*conn;
	struct conn	*coll;
	int		 dual_as_alt;	/* dual-as: next OPEN uses router AS */
	char		 conn_err[160];	/* last local connect error, logged */

	/* the session being opened or up */
	struct bgp_caps	 cap_adv, cap_rcvd;
	int		 cap_rcvd_valid;
	uint32_t	 remote_id;
	uint16_t	 hold_neg, ka_neg;
	double		 ka_due;	/* loop_now() the keepalive is due */
	unsigned	 afs_neg;	/* BGP_AF_* */
	int		 as4, ext_msg, enhanced_rr, rr_ok;
	/* RFC 7911 negotiated, BGP_AF_*: we receive / send Path IDs */
	unsigned	 ap_rx, ap_tx;
	uint32_t	 open_as;	/* the AS our OPEN carried */

	/* history and counters */
	time_t		 state_since;
	int		 ever_up;
	time_t		 last_read, last_write;
	struct bgp_msgstat sent[BGP_MI_COUNT], rcvd[BGP_MI_COUNT];
	uint64_t	 msgs_sent, msgs_rcvd;
	unsigned	 conn_established, conn_dropped;
	time_t		 last_reset;
	enum peer_down	 down_why;
	char		 last_reset_reason[256];
	int		 last_notif_sent;
	uint8_t		 last_notif_code, last_notif_subcode;
	char		 last_shutdown_msg[BGP_SHUTDOWN_MSG_MAX + 1];
	double		 last_taw_log;	/* rate limit of treat-as-withdraw logs */
	unsigned	 taw_suppressed;

	/* Adj-RIB-In and its per-AF counters */
	struct adjrib	 rib[PEER_NAF];
	struct {
		uint32_t denied, withdrawn_rcvd, treat_as_withdraw;
		uint32_t rr_rcvd, rr_sent;
		int	 eor_rcvd, eor_sent;
		int	 maxpfx_warned;
		uint64_t memguard_refused; /* prefixes the memory guard
					      refused (memguard.h) */
		int	 gr_stale;	/* stale routes wait for EoR */
		int	 rr_stale;	/* enhanced RR: BoRR seen */
	} afc[PEER_NAF];
	struct loop_timer *t_gr;	/* restart, then stale-path timer */
	int		 gr_phase;	/* 0 none, 1 restarting, 2 stale-path */
	struct loop_timer *t_pfx;	/* maximum-prefix restart */

	/* routing (rib.h, updgroup.h) */
	struct rib_peer_af ra[PEER_NAF];
	int		 rib_in_dirty;	/* a commit changed import settings */
	/* dmz-link-bandwidth: our interface's speed on this session,
	   looked up once per session (linkbw.h); 0 unknown */
	int		 link_bw_tried;
	uint32_t	 link_bw_mbps;
	char		 link_bw_if[PEER_IFNAME_MAX];
	int		 rib_out_dirty;	/* ... export settings */
	struct updgroup	*upd[PEER_NAF];	/* the group p is in, per AF */
	void		*upd_member[PEER_NAF];	/* updgroup.c's per-member state */
};

RB_HEAD(peer_tree, peer);
int	peer_cmp(const struct peer *, const struct peer *);
RB_PROTOTYPE(peer_tree, peer, entry, peer_cmp)

/* AF index <-> BGP_AF_* bit <-> address family of a prefix. */
unsigned	 peer_af_bit(int afi);
int		 peer_afi_of(const struct xaddr *);	/* -1 unknown */

struct peer	*peer_new(const struct peer_conf *);
/* Frees a peer whose session is already down (no conn, no timers). */
void		 peer_free(struct peer *);
/* Fills the show snapshot. */
void		 peer_info(const struct peer *, struct bgp_nbr_info *);

#endif
