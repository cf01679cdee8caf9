/*
 * engine: the BGP speaker's facade, the only part of core/bgp that cmds/
 * and shell/ see.  One engine per process, running on core/lib/loop.c.  It
 * assumes no terminal: the shell applies committed configurations and asks
 * read-only queries; several CLI sessions may share it.  Log lines go to
 * core/lib/log.c.
 */
#ifndef XR_BGP_ENGINE_H
#define XR_BGP_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct config;

#define BGP_ENGINE_LISTEN_MAX	16

struct bgp_engine_opts {
	int		 offline;	/* open no socket at all */
	int		 loopback_only;	/* refuse (and log) any non-loopback
					   connect or accept */
	uint16_t	 port;		/* listen on and connect to; 179 */
	struct xaddr	 listen[BGP_ENGINE_LISTEN_MAX];	/* none: all v4+v6 */
	size_t		 nlisten;
};

/* Starts the engine (listeners are opened once `router bgp` exists).
 * Returns 0, or -1 with err (e.g. a listen address that can't be bound). */
int	bgp_engine_start(const struct bgp_engine_opts *, char *err,
	    size_t errlen);
/*
 * Applies a committed configuration: starts new neighbors, closes removed
 * ones with Cease/Peer De-configured, takes `shutdown` ones to Idle (Admin)
 * (with the RFC 8203 message when configured), resets only the neighbors
 * whose change needs it (remote-as, local-as, update-source, password,
 * address families, timers, ...), and leaves the others untouched.  The
 * report gets one line per neighbor acted upon, e.g.
 * "Neighbor 127.0.0.2: session reset (remote-as changed)".
 */
void	bgp_engine_apply(const struct config *running, struct strbuf *report);
/* Closes every session with Cease/Administrative Shutdown, flushes what
 * can be sent, closes listeners.  The loop may be left afterwards. */
void	bgp_engine_stop(void);
int	bgp_engine_running(void);	/* `router bgp` configured and started */
int	bgp_engine_offline(void);

/* ---- clear bgp ---- */
enum bgp_clear_kind {
	BGP_CLEAR_HARD,		/* Cease/Administrative Reset, reconnect */
	BGP_CLEAR_SOFT,		/* soft in + out */
	BGP_CLEAR_SOFT_IN,	/* ROUTE-REFRESH, or replay soft-reconf */
	BGP_CLEAR_SOFT_OUT	/* re-send our routes */
};
/* addr NULL: every neighbor.  Returns the number of neighbors cleared,
 * or -1 with err ("% No such neighbor"). */
int	bgp_engine_clear(const struct xaddr *addr, enum bgp_clear_kind,
	    char *err, size_t errlen);

/* ---- Queries (snapshots; safe to keep while the loop runs) ---- */

enum bgp_state {
	BGP_ST_IDLE = 0,
	BGP_ST_CONNECT,
	BGP_ST_ACTIVE,
	BGP_ST_OPENSENT,
	BGP_ST_OPENCONFIRM,
	BGP_ST_ESTABLISHED
};
const char *bgp_state_name(enum bgp_state);	/* "OpenSent" */

/* Why a neighbor sits in Idle: shown as "Idle (Admin)" and so on. */
enum bgp_idle_reason {
	BGP_IDLE_NONE = 0,
	BGP_IDLE_ADMIN,		/* shutdown */
	BGP_IDLE_PFXCT,		/* maximum-prefix exceeded */
	BGP_IDLE_NOAF		/* no address family in common */
};

enum bgp_msgtype_idx {
	BGP_MI_OPEN, BGP_MI_UPDATE, BGP_MI_NOTIFICATION, BGP_MI_KEEPALIVE,
	BGP_MI_ROUTE_REFRESH, BGP_MI_COUNT
};

struct bgp_msgstat {
	uint64_t	 count;
	time_t		 last;		/* wall clock, 0: never */
};

struct bgp_capinfo {
	unsigned	 afs;		/* BGP_AF_* of wire.h */
	int		 route_refresh, route_refresh_old, enhanced_rr;
	int		 as4, ext_msg, gr;
	uint16_t	 gr_time;
	int		 gr_restarting;		/* R bit: it has restarted */
	unsigned	 gr_afs, gr_afs_fwd;	/* listed / state preserved */
	unsigned	 ap_send, ap_recv;	/* RFC 7911, BGP_AF_* */
};

/* Graceful maintenance of a neighbor: off, by its own (or its groups')
   `activate`, or by router bgp's `graceful-maintenance activate`. */
enum { BGP_GM_OFF, BGP_GM_LOCAL, BGP_GM_GLOBAL };

struct bgp_nbr_info {
	struct xaddr	 addr;
	char		 description[256];
	int		 replayed;	/* a `replay mrt` pseudo-neighbor */
	uint32_t	 remote_as;
	uint32_t	 local_as;
	int		 ebgp;
	uint32_t	 remote_id;	/* host order, 0: unknown */
	enum bgp_state	 state;
	enum bgp_idle_reason idle_reason;
	time_t		 state_since;	/* wall clock of the last Up/Down */
	int		 ever_up;	/* has been Established at least once */
	/* timers */
	uint16_t	 hold_cfg, keepalive_cfg, min_hold_cfg;
	uint16_t	 hold_neg, keepalive_neg;	/* when Established */
	time_t		 last_read, last_write;
	/* capabilities */
	struct bgp_capinfo cap_adv, cap_rcvd;
	/* counters */
	struct bgp_msgstat sent[BGP_MI_COUNT], rcvd[BGP_MI_COUNT];
	uint64_t	 msgs_sent, msgs_rcvd;
	size_t		 inq, outq;	/* messages queued */
	unsigned	 conn_established, conn_dropped;
	/* last reset: text as XR prints it after "due to", and the
	   NOTIFICATION behind it when there was one */
	time_t		 last_reset;	/* 0: never */
	char		 last_reset_reason[256];
	int		 last_notif_sent;	/* 1 sent, 0 received */
	uint8_t		 last_notif_code, last_notif_subcode; /* 0: none */
	char		 last_shutdown_msg[256];
	/* transport */
	struct xaddr	 local_addr;
	uint16_t	 local_port, remote_port;
	int		 passive_only, active_only;
	int		 md5;		/* password configured */
	int		 ttl_security;
	uint8_t		 ebgp_multihop;	/* 0: not configured */
	char		 shutdown_msg[256];	/* configured, for shutdown */
	int		 log_changes;	/* 0 off, 1 on, 2 detail */
	int		 gshut;		/* graceful-shutdown configured, or
					   graceful maintenance active */
	int		 gm;		/* BGP_GM_* */
	int		 gshut_lp_set;
	uint32_t	 gshut_lp, gshut_prepends;
	int		 dmz_link_bw;	/* dmz-link-bandwidth configured */
	uint32_t	 link_bw_mbps;	/* its interface speed, 0 unknown */
	char		 link_bw_if[64];
	/* graceful restart (RFC 4724): our settings, and the helper's state
	   while the neighbor restarts: phase 1 its session is down and its
	   routes are kept stale until the restart time runs out, phase 2 it
	   is back and the stale routes wait for its End-of-RIB until the
	   stale-path time runs out */
	int		 gr;		/* graceful restart in effect */
	uint16_t	 gr_restart_time, gr_stalepath_time, gr_purge_time;
	int		 gr_phase;	/* 0 none, 1 restarting, 2 awaiting EoR */
	uint32_t	 gr_remaining;	/* seconds left in that phase */
	/* per address family (0 v4 unicast, 1 v6 unicast) */
	struct {
		int	 configured;
		uint32_t accepted;	/* prefixes in Adj-RIB-In */
		uint32_t denied;	/* by policy or RFC 8212, cumulative */
		uint32_t withdrawn_rcvd;
		uint32_t treat_as_withdraw;
		uint32_t rr_rcvd, rr_sent;	/* ROUTE-REFRESH */
		char	 policy_in[128], policy_out[128];	/* "" none */
		uint32_t maxpfx;	/* 0: none */
		uint8_t	 maxpfx_threshold;	/* percent */
		int	 maxpfx_warning_only;
		int	 maxpfx_discard;	/* discard-extra-paths */
		uint32_t maxpfx_restart;	/* minutes */
		int	 eor_rcvd, eor_sent;
		uint32_t stale;		/* paths kept across its restart */
		/* routing settings shown as AF lines */
		int	 rr_client, soft_reconf, remove_private, as_override;
		int	 default_orig, send_comm, send_extcomm, nhs;
		int	 send_gshut, multipath;
		unsigned allowas_in;
		/* RFC 7911 negotiated: we send / receive Path IDs */
		int	 ap_tx, ap_rx;
	} af[2];
};

struct bgp_engine_info {
	int		 configured;	/* `router bgp` present */
	uint32_t	 local_as;
	uint32_t	 router_id;	/* host order */
	uint64_t	 table_version;
	size_t		 npeers;
	size_t		 nestablished;
	/* bgp update-delay: configured seconds (0 none), and whether
	   advertisement is still held after the start */
	uint32_t	 update_delay;
	int		 update_delay_active;
	/* the most a keepalive timer ran late, in ms (the loop was busy) */
	uint64_t	 keepalive_late_max_ms;
};

void	bgp_engine_info(struct bgp_engine_info *);
/* Neighbors in address order; cb returns non-zero to stop. */
void	bgp_engine_foreach_nbr(int (*cb)(const struct bgp_nbr_info *,
	    void *), void *arg);
/* 0 and *out filled, or -1 if addr is not a neighbor. */
int	bgp_engine_nbr(const struct xaddr *, struct bgp_nbr_info *out);

/*
 * ---- Commit impact: what the re-evaluation after a commit changed ----
 * Between begin and end the engine counts, per neighbor and address
 * family, its inbound policy results that differ from before (a path
 * newly accepted, newly denied, accepted with other attributes), per
 * family the prefixes whose best path changed, and per neighbor its
 * Adj-RIB-Out changes (advertised, re-advertised with other attributes,
 * withdrawn; add-path groups are not counted).  Not counting costs one
 * test of a flag.  The caller ends the window once idle() says nothing
 * was counted for a while (the re-evaluation is paced over the loop).
 */
enum bgp_impact_kind {
	BGP_IMP_ACCEPTED,	/* newly accepted on input */
	BGP_IMP_DENIED,		/* newly denied on input */
	BGP_IMP_CHANGED,	/* accepted with other attributes */
	BGP_IMP_BEST,		/* best path changed (addr af 0) */
	BGP_IMP_ADVERTISED,	/* newly advertised */
	BGP_IMP_READVERTISED,	/* advertised with other attributes */
	BGP_IMP_WITHDRAWN,	/* withdrawn */
	BGP_IMP_COUNT
};
struct bgp_impact_row {
	struct xaddr	 addr;		/* af 0: the family's best paths */
	int		 afi;		/* 0 IPv4, 1 IPv6 unicast */
	uint32_t	 n[BGP_IMP_COUNT];
};
/* Starts counting from zero (an open window is dropped). */
void	bgp_impact_begin(void);
int	bgp_impact_active(void);
/* Seconds since the window began or something was last counted. */
double	bgp_impact_idle(void);
/* Stops counting: the rows in (address, afi) order, best paths first;
   *rows is malloc()ed (free it), NULL when *n is 0.  -1 on ENOMEM. */
int	bgp_impact_end(struct bgp_impact_row **rows, size_t *n);

/* ---- Hooks: tests and later features (BMP, MRT, monitoring) ---- */
enum bgp_hook_kind {
	BGP_HOOK_STATE,		/* a: old state, b: new state */
	BGP_HOOK_OPEN_RCVD,	/* msg: the whole OPEN */
	BGP_HOOK_UPDATE_RCVD,	/* msg: the whole UPDATE */
	BGP_HOOK_NOTIF_SENT,	/* msg: the whole NOTIFICATION */
	BGP_HOOK_NOTIF_RCVD,
	BGP_HOOK_OPEN_SENT,	/* msg: the whole OPEN we sent */
	/* a neighbor's post-policy path came, changed or went (a: afi,
	   pfx, pid, attrs; attrs NULL: withdrawn); only run while some
	   hook of the kind is registered (BMP monitoring) */
	BGP_HOOK_ROUTE,
	/* a prefix's best path changed in the Loc-RIB (peer NULL, a: afi,
	   pfx, attrs the new best or NULL); run like BGP_HOOK_ROUTE */
	BGP_HOOK_BEST,
	/* msg: one whole UPDATE sent to the neighbor by its update group
	   (its Adj-RIB-Out as it goes out); run only while registered */
	BGP_HOOK_UPDATE_SENT,
	BGP_HOOK_COUNT
};
struct bgp_attrs;
struct bgp_hook_event {
	enum bgp_hook_kind	 kind;
	const struct xaddr	*peer;
	int			 a, b;
	const uint8_t		*msg;
	size_t			 msglen;
	/* BGP_HOOK_ROUTE */
	const struct xprefix	*pfx;
	uint32_t		 pid;
	const struct bgp_attrs	*attrs;
};
typedef void	(*bgp_hook_fn)(const struct bgp_hook_event *, void *arg);
/* Returns a handle > 0 for bgp_hook_del, or -1 when the table is full. */
int	bgp_hook_add(enum bgp_hook_kind, bgp_hook_fn, void *arg);
void	bgp_hook_del(int handle);

#endif
