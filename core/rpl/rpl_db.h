/*
 * rpl_db.h: what other subsystems may ask of the RPL objects (sets and
 * route-policies).  (Owner: core/rpl/rpl_db.c and the RPL language modules.)
 */
#ifndef XR_RPL_DB_H
#define XR_RPL_DB_H

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"
#include "core/rpl/rpl.h"

/*
 * The RPL objects of one configuration: named sets per kind and
 * route-policies, each in a tree by name.  The db holds one reference to
 * each object; duplicating a db shares the objects (cheap).
 */
struct rpl_db;
struct rpl_db	*rpl_db_new(void);
struct rpl_db	*rpl_db_dup(const struct rpl_db *);
void		 rpl_db_free(struct rpl_db *);
int		 rpl_db_print(const struct rpl_db *, struct strbuf *);
int		 rpl_db_validate(const struct rpl_db *, struct cfg_errors *);

/* Lookups (NULL when absent).  The object stays owned by the db. */
struct rpl_set	*rpl_db_find_set(const struct rpl_db *, enum rpl_set_kind,
		    const char *name);
struct rpl_policy *rpl_db_find_policy(const struct rpl_db *,
		    const char *name);

/*
 * Put (insert or replace by name) takes over the caller's reference.
 * Returns 0, or -1 on allocation failure (the reference is then dropped).
 */
int		 rpl_db_put_set(struct rpl_db *, struct rpl_set *);
int		 rpl_db_put_policy(struct rpl_db *, struct rpl_policy *);
/* Delete by name: 0, or -1 when there was no such object. */
int		 rpl_db_del_set(struct rpl_db *, enum rpl_set_kind,
		    const char *name);
int		 rpl_db_del_policy(struct rpl_db *, const char *name);

/* Set kinds in the order running-config shows them. */
extern const enum rpl_set_kind rpl_set_print_order[RPL_SET_KIND_COUNT];

/* In name order (strcmp).  Callbacks must not modify the db. */
void		 rpl_db_foreach_set(const struct rpl_db *, enum rpl_set_kind,
		    void (*cb)(struct rpl_set *, void *), void *arg);
void		 rpl_db_foreach_policy(const struct rpl_db *,
		    void (*cb)(struct rpl_policy *, void *), void *arg);
size_t		 rpl_db_count_sets(const struct rpl_db *, enum rpl_set_kind);
size_t		 rpl_db_count_policies(const struct rpl_db *);

/*
 * Incremented by every put/del; a dup starts with the source's value, so
 * an evaluator may cache resolutions per (db, generation).
 */
unsigned long	 rpl_db_generation(const struct rpl_db *);

/*
 * Every named reference of a policy, in order of appearance: sets (kind =
 * enum rpl_set_kind) and applied policies (kind = RPL_REF_POLICY, with
 * the apply node for its arguments; NULL for sets).  Not recursive.
 */
#define RPL_REF_POLICY	(-1)
void		 rpl_policy_foreach_ref(const struct rpl_policy *,
		    void (*cb)(int kind, const char *name,
		    const struct rpl_apply *, void *), void *arg);

/*
 * Everything policy `name` attached or applied with `args` ("(10, SET)" or
 * NULL) uses, recursively with its arguments substituted: cb once per
 * object, sets as they are met and each applied policy after what it
 * uses, the policy itself last.  obj is the struct rpl_set / rpl_policy
 * in the db, NULL for an undefined one.
 */
void		 rpl_policy_foreach_use(const struct rpl_db *, const char *name,
		    const char *args, void (*cb)(int kind, const char *name,
		    const void *obj, void *), void *arg);

/*
 * ACTIVE / INACTIVE / UNUSED as show rpl reports them: feed every attach
 * point with rpl_usage_attach(), then ask per object (kind as for
 * rpl_policy_foreach_ref()).
 */
enum rpl_state {
	RPL_STATE_UNUSED = 0,	/* not attached, not referenced */
	RPL_STATE_INACTIVE,	/* referenced only by unattached policies */
	RPL_STATE_ACTIVE	/* attached, or used by an attached policy */
};
struct rpl_usage;
struct rpl_usage *rpl_usage_new(const struct rpl_db *);
void		 rpl_usage_attach(struct rpl_usage *, const char *policy,
		    const char *args);
enum rpl_state	 rpl_usage_state(const struct rpl_usage *, int kind,
		    const char *name);
void		 rpl_usage_free(struct rpl_usage *);
const char	*rpl_state_name(enum rpl_state);	/* "ACTIVE" ... */

/*
 * Checks, for a commit, that policy `name` attached with `args` (the text
 * "(10, SET)" or NULL) exists and that everything it references
 * (recursively: applied policies, named sets) exists, that parameter counts
 * match and that apply has no cycle.  Each problem is added to errs with
 * `path` (the attach point as config lines) and a message naming the
 * policy, the missing object and `where` (e.g. "neighbor 10.0.0.1
 * address-family ipv4 unicast in").  Returns the number of errors added.
 */
int	rpl_check_attach(const struct rpl_db *, const char *name,
	    const char *args, const char *path, const char *where,
	    struct cfg_errors *errs);

/*
 * Attach points, for the check of a policy's actions against what the
 * attach point can do (XR verifies them when a policy is attached):
 *   - IGP attributes (set metric-type, level, isis-metric, ospf-metric)
 *     are refused at every BGP attach point;
 *   - set path-selection only at RPL_ATTACH_ADDPATH_SEL, which in turn
 *     refuses every other action (it selects paths, changes nothing);
 *   - suppress-route / unsuppress-route only at RPL_ATTACH_AGGREGATE;
 *   - set dampening only at RPL_ATTACH_DAMPENING.
 * RPL_ATTACH_ANY refuses nothing (references are still checked).
 */
enum rpl_attach {
	RPL_ATTACH_ANY = 0,
	RPL_ATTACH_NBR_IN,	/* neighbor / group AF route-policy X in */
	RPL_ATTACH_NBR_OUT,	/* ... route-policy X out */
	RPL_ATTACH_DEFAULT_ORIG,	/* default-originate route-policy X */
	RPL_ATTACH_NETWORK,	/* network P route-policy X */
	RPL_ATTACH_AGGREGATE,	/* aggregate-address P route-policy X */
	RPL_ATTACH_REDIST,	/* redistribute ... route-policy X */
	RPL_ATTACH_ADDPATH_SEL,	/* additional-paths selection route-policy X */
	RPL_ATTACH_DAMPENING,	/* bgp dampening route-policy X */
	RPL_ATTACH_BGP_OTHER	/* any other BGP attach point */
};

/*
 * The attach point of a struct bgp_attach (core/config/bgp_cfg.h) from
 * its owner_kind and dir: "network", "aggregate-address", "redistribute",
 * "default-originate", any owner_kind starting with "additional-paths"
 * (e.g. "additional-paths selection"), "dampening" or "bgp dampening",
 * dir "in" / "out" for the neighbor, neighbor-group and af-group ones;
 * RPL_ATTACH_BGP_OTHER for any other owner_kind, RPL_ATTACH_ANY for
 * NULL.
 */
enum rpl_attach	 rpl_attach_kind(const char *owner_kind,
		    const char *dir);

/*
 * rpl_check_attach() for attach point `at`, adding one error per policy
 * and kind of action the attach point cannot perform ("Policy [X] uses
 * [set isis-metric 10] which is not supported at this attach point (IGP
 * attribute, not a BGP one), attached at WHERE").  rpl_check_attach()
 * is this with RPL_ATTACH_ANY.
 */
int	rpl_check_attach_at(const struct rpl_db *, enum rpl_attach at,
	    const char *name, const char *args, const char *path,
	    const char *where, struct cfg_errors *errs);

#endif
