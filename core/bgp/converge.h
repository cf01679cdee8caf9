/*
 * converge: convergence events of the BGP engine (issue 13, analytics).
 *
 * An event starts with a trigger: a session coming up or going down, a
 * commit applied to the engine, UPDATEs arriving while the engine was
 * quiet (a burst), or a route change with none of those (RPKI, flap
 * dampening, next hop: "internal").  It lasts until the engine is quiet
 * again (converge_eng.c decides what quiet is: nothing pending in the
 * RIB, every update group's queue sent and every member caught up, no
 * session waiting for End-of-RIB, update-delay not holding) and has
 * stayed quiet CONV_SETTLE seconds with no UPDATE received, so that a
 * burst sent in pieces is one event.  Its end is the moment it became
 * quiet, not the end of the settle time.  Triggers arriving while an
 * event is open join it (overlapping events are one record listing all
 * of them); updates from a neighbor already named by a trigger are part
 * of that trigger; "internal" is dropped as soon as a named trigger
 * joins (the changes were that trigger's, e.g. a session's routes
 * dropped just before its down state is reported).
 *
 * Each record counts UPDATEs received and sent, the prefixes those
 * received announced or withdrew, and prefixes whose best path (or
 * multipath set) changed while it was open.  Finished records
 * go into a ring of CONV_RING; the oldest is dropped.
 *
 * This file is the state machine alone, on a clock the caller passes
 * (monotonic seconds): the unit tests drive it with a fake one.  Cost:
 * O(1) per UPDATE or prefix change (the trigger list is bounded).
 */
#ifndef XR_BGP_CONVERGE_H
#define XR_BGP_CONVERGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

#define CONV_RING	256
#define CONV_TRIG_MAX	8	/* triggers kept per record; more counted */
#define CONV_SETTLE	0.2	/* seconds quiet before an event ends */

enum conv_trig_kind {
	CONV_T_PEER_UP,
	CONV_T_PEER_DOWN,
	CONV_T_COMMIT,
	CONV_T_UPDATES,
	CONV_T_INTERNAL
};

struct conv_trig {
	enum conv_trig_kind	 kind;
	struct xaddr		 peer;		/* PEER_*, UPDATES */
	uint32_t		 commit_id;	/* COMMIT; 0: not known */
};

struct converge_rec {
	uint64_t		 id;		/* 1, 2, ... */
	double			 start;		/* monotonic (loop_now) */
	double			 end;		/* 0 while open */
	uint64_t		 updates_rcvd, updates_sent;
	uint64_t		 prefixes_rcvd;	/* announced + withdrawn */
	uint64_t		 prefixes_changed; /* best path changed */
	size_t			 ntrig;
	size_t			 trig_more;	/* not kept: list full */
	struct conv_trig	 trig[CONV_TRIG_MAX];
};

struct conv {
	struct converge_rec	 ring[CONV_RING];
	size_t			 next;		/* slot of the next record */
	size_t			 count;		/* records in the ring */
	uint64_t		 next_id;
	struct converge_rec	 cur;		/* the open event */
	int			 open;
	int			 quiet;		/* since quiet_since */
	double			 quiet_since;
	double			 last_rcvd;	/* last UPDATE (or the start) */
	double			 since;		/* converged/not since */
	double			 max_dur;	/* longest event finished */
	uint64_t		 max_id;
};

/* A fresh state, converged since now. */
void	 conv_init(struct conv *, double now);
/* A trigger: opens an event or joins the open one. */
void	 conv_trigger(struct conv *, enum conv_trig_kind,
	    const struct xaddr *peer, uint32_t commit_id, double now);
/* One UPDATE received from peer (opens a burst when none is open). */
void	 conv_update_rcvd(struct conv *, const struct xaddr *peer,
	    double now);
/* n UPDATEs sent; counted only while an event is open. */
void	 conv_update_sent(struct conv *, uint64_t n);
/* An UPDATE received announced or withdrew n prefixes (after
   conv_update_rcvd, so an event is open). */
void	 conv_nlri(struct conv *, uint64_t n);
/* A prefix's best path changed (opens an internal event if none). */
void	 conv_prefix_changed(struct conv *, double now);
/*
 * The engine was looked at: quiet or not.  Ends the open event once it
 * has been quiet CONV_SETTLE seconds (with no UPDATE in that time);
 * returns 1 when it ended one.
 */
int	 conv_tick(struct conv *, int quiet, double now);
/* 1 if no event is open. */
int	 conv_converged(const struct conv *);
/* Finished records, newest first: i 0 is the last one.  NULL past the
   end. */
const struct converge_rec *conv_rec(const struct conv *, size_t i);

/* ---- The engine's instance (converge_eng.c) ---- */

/* Registers the hooks; called once by bgp_engine_start. */
int	 converge_init(void);
/* A commit was applied (cmds calls it with the commit's id, 0 none). */
void	 converge_commit(uint32_t commit_id);
/* Counting hooks inside the engine: O(1). */
/* every message sent: UPDATEs but End-of-RIB counted */
void	 converge_msg_sent(const uint8_t *msg, size_t len);
/* an UPDATE received from peer announcing or withdrawing nprefixes
   (0: End-of-RIB or no route, not counted) */
void	 converge_update_rcvd(const struct xaddr *peer, size_t nprefixes);
void	 converge_prefix_changed(void);
/*
 * For a metrics module: the last finished record (0, or -1 when none),
 * and the longest duration seen (seconds, 0 when none).
 */
int	 converge_last(struct converge_rec *);
double	 converge_max(void);
/* 1 when the engine is quiet now (what `show bgp convergence` says),
   and the number of events recorded since the start (a counter). */
int	 converge_converged(void);
uint64_t converge_events(void);
/* The engine's state machine, read-only (show). */
const struct conv *converge_state(void);
/*
 * Whether the engine is quiet now, and why not: up to max reasons of
 * at most CONV_REASON_LEN bytes each into why (may be NULL); returns
 * the number of reasons (0: quiet), which may exceed max.
 */
#define CONV_REASON_LEN	128
size_t	 converge_reasons(char (*why)[CONV_REASON_LEN], size_t max);
/* Seconds of duration of a record (end - start; now - start if open). */
double	 converge_duration(const struct converge_rec *, double now);

#endif
