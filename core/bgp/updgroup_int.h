/*
 * updgroup_int.h: the update group state shared by updgroup.c (groups,
 * membership, the per-prefix export, queries) and updgroup_dump.c (the
 * paced work: recompute walks, flushing pending changes, member table
 * dumps, End-of-RIB).  Not an interface for others.
 */
#ifndef XR_BGP_UPDGROUP_INT_H
#define XR_BGP_UPDGROUP_INT_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/export.h"
#include "core/bgp/locrib.h"
#include "core/lib/pfxtable.h"
#include "core/bgp/updpack.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"

struct peer;
struct rpl_prog;
struct rpl_db;

#define UG_BATCH	2000	/* prefixes per walk and timer tick */
#define UG_OUTQ_MAX	64	/* messages queued on a session: walks wait */
#define UG_OUTQ_BYTES	(256 * 1024)	/* ... or bytes */
#define UG_LAG_BYTES	(1024 * 1024)	/* queued on a session: its member
					   falls behind (ug_flush) */
#define UG_POLTEXT	128

/* What makes two neighbors' UPDATE streams identical. */
struct ug_key {
	int		 afi;
	int		 ebgp;
	uint32_t	 peer_as;	/* eBGP only */
	uint32_t	 router_as, local_as;
	unsigned	 local_as_opts;
	struct xaddr	 local;		/* our session address */
	int		 rr_client, nhs, nhu, send_comm, send_extcomm;
	int		 gshut;		/* graceful-shutdown / maintenance */
	int		 gshut_lp_set;
	uint32_t	 gshut_lp, gshut_prepends;
	int		 send_gshut;	/* send-community-gshut-ebgp */
	int		 remove_private, as_override;
	int		 default_orig;
	char		 default_pol[UG_POLTEXT];
	char		 policy_out[UG_POLTEXT];
	int		 has_pol_out;	/* linked */
	int		 as4, ext_msg;
	int		 addpath;	/* RFC 7911 send negotiated: the
					   group sends Path Identifiers and
					   may send several paths a prefix */
};

enum ug_mstate {
	UGM_WALK,	/* being sent the Adj-RIB-Out, cursor `cur` */
	UGM_SYNCED	/* has it all: every change goes out */
};

struct ug_member {
	TAILQ_ENTRY(ug_member)	 entry;
	struct peer		*peer;
	struct updgroup		*g;
	enum ug_mstate		 state;
	struct pfxtable_cursor	 cur;	/* over g->adjout */
	int			 need_eor; /* End-of-RIB once synced */
	int			 eorr;	/* ... as enhanced RR's EoRR */
	int			 holds;	/* walking but may have routes ahead
					   of the cursor (a resend): their
					   withdrawals must not wait */
	/* A member whose session does not drain (a slow or stuck reader)
	   falls behind instead of buffering the group's changes: the
	   prefixes it missed, each sent later as the group then advertises
	   it (-> &ug_mark).  NULL while it keeps up. */
	struct pfxtable		*lag;
};
TAILQ_HEAD(ug_mlist, ug_member);

struct updgroup {
	TAILQ_ENTRY(updgroup)	 entry;
	unsigned		 id;
	int			 afi;
	struct ug_key		 key;
	/* default-originate's policy, linked against defpol_db */
	struct rpl_prog		*defpol;
	const struct rpl_db	*defpol_db;
	int			 defpol_dirty;
	struct pfxtable		*adjout;	/* -> fingerprint (ug_sync) */
	struct pfxtable		*pending;	/* changed since the last flush */
	/* recompute walk: the Loc-RIB (phase 0), then prefixes only in
	   the Adj-RIB-Out (phase 1) */
	int			 walking;
	int			 phase;
	int			 prune;		/* phase 1 needed: the
						   Adj-RIB-Out was not empty */
	struct pfxtable_cursor	 walk;
	struct ug_mlist		 members;
	size_t			 nmembers;
	uint64_t		 updates_sent, withdraws_sent;
	uint64_t		 msgs_formatted, msgs_replicated;
	uint64_t		 unsendable;
};
TAILQ_HEAD(ug_glist, updgroup);

extern struct ug_glist	 ug_groups;

/*
 * g->pending holds, per prefix changed since the last flush, what the
 * Adj-RIB-Out held after the change: the attributes (a reference of its
 * own, so the flush needs no second lookup) or &ug_mark, a withdrawal.
 */
extern char		 ug_mark;

/*
 * Add-path groups (key.addpath, updgroup_ap.c) keep, per prefix, a
 * struct ug_apset: in the Adj-RIB-Out the Local Path IDs advertised with
 * the fingerprint of each path's set (v), sorted by id; in g->pending
 * the ids that changed since the last flush with the attributes now
 * advertised (v, one reference) or NULL for a withdrawal.  Groups
 * without add-path never hold one.
 */
struct ug_ape {
	uint32_t	 id;
	void		*v;
};
struct ug_apset {
	size_t		 n;
	struct ug_ape	 e[];
};
/* A growable list of (id, attributes referenced). */
struct ug_apvec {
	struct ug_ape	*e;
	size_t		 n, cap;
};
/* The Local Path ID of default-originate's route; others start above. */
#define UG_AP_DEFAULT_ID	1

/* updgroup.c */
/* The export of one Loc-RIB path of pfx to g (the send-side loop check
   included): *out one reference, or NULL.  -1 on allocation failure. */
int	 ug_export_path(struct updgroup *, const struct export_target *,
	    const struct xprefix *, const struct locrib_path *,
	    struct bgp_attrs **out);
/* default-originate's route for g: *out one reference or NULL. */
int	 ug_want_default(struct updgroup *, const struct export_target *,
	    const struct xprefix *, struct bgp_attrs **out);
/* The Adj-RIB-Out fingerprint of a set (never NULL). */
void	*ug_fp(const struct bgp_attrs *);
int	 ug_target(const struct updgroup *, struct export_target *);

/* updgroup_ap.c */
/* As ug_sync for an add-path group; *out (if asked) what g advertises
   for pfx now, sorted by id (caller: ug_apvec_free). */
int	 ug_ap_sync(struct updgroup *, const struct export_target *,
	    const struct xprefix *, struct ug_apvec *out);
int	 ug_ap_current(struct updgroup *, const struct xprefix *,
	    struct ug_apvec *out);
/*
 * 1 if path i (in decision order) of e is one that selection sel
 * (enum route_pathsel, flags PATHSEL_F_*) sends: the best path always,
 * then valid paths as the selection says.  Call for i = 0, 1, ... with
 * *nbackup 0 at the start.
 */
int	 ug_ap_selected(const struct locrib_entry *, size_t i, uint8_t sel,
	    uint8_t flags, size_t *nbackup);
/* What g should advertise for pfx, read-only (show). */
int	 ug_ap_want(struct updgroup *, const struct export_target *,
	    const struct xprefix *, struct ug_apvec *out);
void	 ug_apvec_free(struct ug_apvec *);
/* Frees a g->pending value of an add-path group. */
void	 ug_ap_pend_free(void *);
/* A copy of an Adj-RIB-Out value (for a clone); NULL on ENOMEM. */
struct ug_apset *ug_apset_dup(const struct ug_apset *);
/* What m must be sent to move to group `to`, into u (see ug_diff). */
int	 ug_ap_diff(struct ug_member *, struct updgroup *to,
	    struct updpack *u);
/* Adds pending value v of pfx to the batch u. */
int	 ug_ap_pack(struct updpack *, const struct xprefix *, void *v);
/* The Loc-RIB of afi reports every path change while some add-path
   group of afi exists. */
void	 ug_ap_count(int afi, int delta);

/* updgroup.c */
/* Recomputes what g advertises for pfx; queues the change if any.
   -1 on allocation failure. */
int	 ug_eval(struct updgroup *, const struct xprefix *);
/* As ug_eval, and *out gets what g now advertises for pfx (one
   reference) or NULL: a table dump sends it. */
int	 ug_current(struct updgroup *, const struct xprefix *,
	    struct bgp_attrs **out);
/* Marks pfx pending in g with what it now advertises, a (NULL: a
   withdrawal); the work timer flushes it.  -1 on allocation failure. */
int	 ug_pend(struct updgroup *, const struct xprefix *,
	    struct bgp_attrs *);
/* Releases a g->pending value. */
void	 ug_pend_release(void *);
/* Starts (or restarts) g's recompute walk. */
void	 ug_recompute(struct updgroup *);
/* The session is usable for sending. */
int	 ug_member_live(const struct ug_member *);
/* The codec context of g's sessions. */
void	 ug_codec(const struct updgroup *, struct bgp_codec_ctx *);
/* Frees a member taken out of its group. */
void	 ug_member_free(struct ug_member *);

/* updgroup_dump.c */
/* Schedules the work timer (zero delay) if it is not pending. */
void	 ug_kick(void);
void	 ug_work_cancel(void);
/* Sends every whole message in b to m's session.  -1 if it failed. */
int	 ug_send(struct ug_member *, const struct wbuf *);
/* Sends g's pending changes now. */
void	 ug_flush(struct updgroup *);
/* Starts a table dump of g's Adj-RIB-Out to m. */
void	 ug_member_walk(struct ug_member *);

#endif
