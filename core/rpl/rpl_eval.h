/*
 * rpl_eval.h: route-policy evaluation with IOS XR semantics.
 *
 * Two steps.  rpl_link() turns (rpl_db, policy name, argument text) into a
 * program: every named set resolved to its compiled set, every applied
 * policy linked (parameterised ones instantiated by re-parsing with the
 * arguments substituted), depth-limited.  Linking is the only step that
 * allocates or can fail for a missing object.  rpl_eval() then runs the
 * program over one route; it allocates only to grow the reusable buffers
 * of the caller's `out` route (route.h), so in steady state not at all.
 *
 * Semantics (xr-reference.md 4.3):
 *  - conditions read the route as it entered the policy (`in`); actions
 *    write a scratch copy, so a `set med` is not seen by a later `med eq`;
 *    `+N`/`-N` and prepends build on the scratch value (last write wins);
 *  - `drop` rejects and stops everything, callers included;
 *  - `done` accepts and stops everything, callers included;
 *  - `pass` marks the route accepted and continues;
 *  - at the end the route is accepted if it was passed or modified by any
 *    action, otherwise dropped (an empty policy drops);
 *  - `apply CHILD` runs CHILD inline: its pass and its modifications count
 *    for the caller (a caller without `pass` accepts a route its child
 *    passed), its drop / done end the whole evaluation;
 *  - `if apply CHILD then` (a condition): CHILD runs; true if it executed
 *    `pass` or any action (with or without a later `done`), false if it
 *    finished or hit `done` without; a `drop` inside drops the route
 *    outright; a `done` inside ends only CHILD; modifications are kept.
 *  - absent MED compares as 0, absent LOCAL_PREF as 100 (core/route.h);
 *    `rib-has-route` is false (no RIB here); `matches-within` on a route
 *    without such communities is false; `matches-every` with an empty set
 *    is false; `is-empty` is true when the route has none;
 *  - `rd in` is false (unicast paths carry no route distinguisher);
 *    `route-type is local / internal / external` read the path type
 *    (originated here / iBGP or confederation eBGP / eBGP), every IGP
 *    route type is false;
 *  - `set extcommunity color` replaces the route's Color communities
 *    (keeps them with `additive`), each opaque value one Color (RFC 9012);
 *  - `set path-selection` fills route.path_sel / path_sel_flags; the IGP
 *    actions fill the route's IGP fields (route.igp_set), which no BGP
 *    attach point lets through (rpl_check_attach_at()).
 */
#ifndef XR_RPL_EVAL_H
#define XR_RPL_EVAL_H

#include <stddef.h>

#include "core/rpl/route.h"

struct rpl_db;
struct rpl_stmt;
struct rpl_cond;
struct rpl_prog;

#define RPL_APPLY_DEPTH_MAX	16

/*
 * Links policy `name` with `args` ("(10, SET)", "10, SET" or NULL) against
 * db.  Returns 0, or -1 with err naming the missing or bad object.
 */
int		 rpl_link(const struct rpl_db *, const char *name,
		    const char *args, struct rpl_prog **, char *err,
		    size_t errlen);
void		 rpl_prog_free(struct rpl_prog *);
/*
 * 1 if a route-policy or named set the program resolved has since been
 * redefined or deleted in db (a commit changed it): the caller re-links
 * and re-evaluates the routes the program filtered.
 */
int		 rpl_prog_stale(const struct rpl_prog *, const struct rpl_db *);
/* 1 if the program uses the named set (directly or through applies) */
int		 rpl_prog_uses_set(const struct rpl_prog *, int kind,
		    const char *name);
/*
 * 1 if the program (or a policy it applies) tests `validation-state`:
 * its result then depends on the RPKI state, and the caller keeps what
 * it needs to run it again when that state changes.
 */
int		 rpl_prog_reads_rpki(const struct rpl_prog *);
/* "NAME" or "NAME(10, SET)" with the arguments in canonical form */
const char	*rpl_prog_name(const struct rpl_prog *);

/* One step of an evaluation, for `test route-policy` and debugging. */
enum rpl_trace_kind {
	RPL_TR_COND,		/* cond, result 0/1 (if / elseif) */
	RPL_TR_ELSE,		/* an else branch taken */
	RPL_TR_ACTION,		/* stmt: set / delete / prepend / remove */
	RPL_TR_PASS,
	RPL_TR_DROP,
	RPL_TR_DONE,
	RPL_TR_APPLY,		/* stmt (or cond): entering the child */
	RPL_TR_RETURN,		/* back from a child */
	RPL_TR_END		/* fell off the end of a policy */
};

struct rpl_trace_ev {
	enum rpl_trace_kind	 kind;
	const char		*policy;	/* "NAME" or "NAME(10, SET)" */
	unsigned		 line;		/* within the policy block */
	unsigned		 depth;		/* 0: the top policy */
	int			 result;	/* COND */
	const struct rpl_stmt	*stmt;		/* ACTION, APPLY, PASS... */
	const struct rpl_cond	*cond;		/* COND, APPLY as condition */
};

typedef void	(*rpl_trace_fn)(void *arg, const struct rpl_trace_ev *);

#define RPL_ACCEPTED	0x01
#define RPL_MODIFIED	0x02	/* *out holds the modified route */
/*
 * Allocation failure while an action grew a list (or the AS path text a
 * regex reads): the evaluation stopped, the route must not be used as
 * evaluated.  Returned alone (never with RPL_ACCEPTED, so a caller that
 * only tests RPL_ACCEPTED treats it as a drop); *out is in an
 * unspecified but valid state (reusable, route_free()-able).
 */
#define RPL_ERROR	0x04

/*
 * Runs prog over `in`.  Returns RPL_ACCEPTED (or 0: dropped), or'ed with
 * RPL_MODIFIED when an action ran, in which case *out holds the result;
 * otherwise *out is untouched and the result is `in` itself; or
 * RPL_ERROR.  `out` is the caller's route: route_init()'ed once, reused
 * across calls (its own buffers are what keeps evaluation free of
 * allocation), route_free()'d at the end.  The result BORROWS in's lists
 * it did not change (route_copy()): it is valid while `in` is.
 * out->set_mask tells what the actions set (ROUTE_SET_*).  trace may be
 * NULL.
 */
int		 rpl_eval(const struct rpl_prog *, const struct route *in,
		    struct route *out, rpl_trace_fn, void *trace_arg);

/* Same, but *out always receives the resulting route (unless RPL_ERROR). */
int		 rpl_eval_route(const struct rpl_prog *, const struct route *in,
		    struct route *out, rpl_trace_fn, void *trace_arg);

#endif
