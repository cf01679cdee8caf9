/*
 * commit: the commit database.  Owns the running configuration and the
 * history of commits (IDs from 1000000001, optional unique labels, the
 * canonical text of running after each commit).  A commit validates the
 * whole candidate first and either swaps it in or changes nothing.
 * `commit confirmed` arms a timer on core/loop; unless confirmed in time
 * the previous configuration is committed back (client "Rollback").  A
 * trial does not outlive the process: core/persist marks it on disk and
 * the next start rolls it back (commit_trial_recover()).
 *
 * core cannot parse CLI text, so rollback asks a loader callback (installed
 * by cmds/) to turn a stored snapshot back into a struct config.  The
 * history survives restarts through core/persist, which reads it back with
 * commit_restore().
 */
#ifndef XR_COMMIT_H
#define XR_COMMIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/config/config.h"

#define COMMIT_ID_FIRST		1000000001u
#define COMMIT_HISTORY_MAX	100
#define COMMIT_CONFIRM_DEFAULT	600	/* seconds, `commit confirmed` */

struct commit_rec {
	uint32_t	 id;
	char		*label;		/* NULL: none */
	char		*comment;	/* NULL: none */
	char		*user;
	char		*line;
	char		*client;	/* "CLI", "Rollback" */
	time_t		 time;
	char		*text;		/* canonical running text after it */
	/*
	 * What the commit did to the live routes (commit_verify.c records
	 * it once the engine is quiescent): NULL not recorded (offline, or
	 * not yet), else one "ADDR AFI acc den chg best adv wdr" line per
	 * neighbor and address family that moved ("" nothing moved).
	 */
	char		*impact;
	int		 verify;	/* a `commit confirmed ... verify` */
};

/* Frees a record's strings and zeroes it (the record itself is not freed). */
void	commit_rec_clear(struct commit_rec *);

struct commit_opts {
	const char	*label;
	const char	*comment;
	const char	*user;		/* NULL: "unknown" */
	const char	*line;		/* NULL: "" */
	const char	*client;	/* NULL: "CLI" */
	unsigned	 confirm_secs;	/* > 0: trial commit */
	int		 verify;	/* trial watched by cmds/commit_verify.c */
};

enum commit_status {
	COMMIT_OK,		/* applied, recorded */
	COMMIT_NOCHANGE,	/* candidate equals running: nothing done */
	COMMIT_INVALID,		/* semantic errors added to errs: nothing done */
	COMMIT_FAIL		/* other error in err (label in use, memory) */
};

/* Text -> config for rollback; NULL with err set on failure. */
typedef struct config	*(*commit_loader_fn)(const char *text, char *err,
			    size_t errlen, void *arg);
/* Extra commit-time checks besides config_validate(); errors added. */
typedef int		 (*commit_check_fn)(const struct config *,
			    struct cfg_errors *, void *arg);
/* Called after running changed through a recorded commit. */
typedef void		 (*commit_hook_fn)(const struct commit_rec *,
			    const struct config *running, void *arg);

struct commit_db;

struct commit_db	*commit_db_new(void);
void			 commit_db_free(struct commit_db *);
void			 commit_set_loader(struct commit_db *,
			    commit_loader_fn, void *arg);
void			 commit_set_hook(struct commit_db *, commit_hook_fn,
			    void *arg);
void			 commit_set_check(struct commit_db *, commit_check_fn,
			    void *arg);

const struct config	*commit_running(const struct commit_db *);
/* Bumped whenever running changes (to notice commits under a session). */
unsigned long		 commit_generation(const struct commit_db *);
/*
 * Installs a loaded configuration as running without a history record.
 * Takes it over; -1 (it is freed, running unchanged) on ENOMEM.
 */
int			 commit_install(struct commit_db *, struct config *);
/* The canonical text of running (rendered once per change of running). */
const char		*commit_running_text(const struct commit_db *);
/*
 * Restores a history read back from disk into a database that has none
 * yet: recs[0..n-1] oldest first (n <= COMMIT_HISTORY_MAX, consecutive
 * IDs), `base` the running text before recs[0].  Takes ownership of the
 * records' strings and of base, also on failure.  The next commit ID is
 * next_id.  Returns 0, or -1 (history kept empty) when the database
 * already has a history or n is too large.
 */
int			 commit_restore(struct commit_db *,
			    struct commit_rec *recs, size_t n, char *base,
			    uint32_t next_id);

/*
 * Commits *cand.  On COMMIT_OK the candidate now is running and *cand is
 * set to NULL; otherwise *cand is untouched.  A plain commit while a trial
 * is pending confirms the trial; another trial commit re-arms its timer
 * (the rollback target stays the configuration before the first trial).
 */
enum commit_status	 commit_apply(struct commit_db *, struct config **cand,
			    const struct commit_opts *, struct cfg_errors *errs,
			    char *err, size_t errlen);

/*
 * `commit best-effort`: commits the items of the candidate's changes that
 * verify (an item: the hostname, an RPL object, a block under router bgp
 * or its global settings; see commit_best.c) and skips the others.  The
 * candidate is not changed: it still holds the skipped items.  For each
 * skipped item `skips` gets one entry (path: the item, e.g. "router bgp 1
 * neighbor 10.0.0.2" or "no route-policy P"; msg: its first reason) and
 * `errs` the verification errors that failed it.  COMMIT_OK: committed
 * (skips may be empty); COMMIT_INVALID: every item failed, nothing was
 * committed; COMMIT_NOCHANGE, COMMIT_FAIL as commit_apply().
 */
enum commit_status	 commit_apply_best_effort(struct commit_db *,
			    const struct config *cand,
			    const struct commit_opts *, struct cfg_errors *errs,
			    struct cfg_errors *skips, char *err, size_t errlen);
/*
 * Commit items, shared by commit_best.c and commit_overlap.c (see above):
 * the item key of a top-level canonical line ("hostname", "route-policy
 * P", "router bgp": whatever the ASN); the canonical rank of an item key
 * at top level (sub 0) or of a block line under router bgp (sub 1; "" is
 * the global settings), which orders items as the printer and the loader
 * want them; whether two parsed nodes are equal, children included.
 */
struct ct_node;
char			*commit_item_key(const char *line);
int			 commit_item_rank(const char *key, int sub);
/* qsort order of two items: rank, then the order they were found in */
int			 commit_item_cmp(const char *ka, size_t seqa,
			    const char *kb, size_t seqb, int sub);
int			 commit_item_equal(const struct ct_node *,
			    const struct ct_node *);
/* The commit-time checks alone; returns the number of errors added. */
int			 commit_verify(const struct commit_db *,
			    const struct config *, struct cfg_errors *);
/* Text -> config through the loader; NULL with err set. */
struct config		*commit_load(const struct commit_db *,
			    const char *text, char *err, size_t errlen);

/* Trial commits. */
int			 commit_trial_pending(const struct commit_db *);
uint32_t		 commit_trial_id(const struct commit_db *);
double			 commit_trial_remaining(const struct commit_db *);
/* Rolls a pending trial back now, as its expiry would; 0, -1 if none. */
int			 commit_trial_abandon(struct commit_db *);
/*
 * Rolls a pending trial back now because its verification failed (why:
 * for the log line, e.g. "failed verification"); 0, -1 if none.
 */
int			 commit_trial_fail(struct commit_db *, const char *why);
/* 1 if the pending trial's latest commit asked for `verify`. */
int			 commit_trial_verify(const struct commit_db *);
/* The configuration before the pending trial (its rollback target). */
const struct config	*commit_trial_prev(const struct commit_db *);
/*
 * Stores the recorded impact of commit `id` (copied); 0, -1 when the
 * commit is no longer in the history or on ENOMEM.
 */
int			 commit_set_impact(struct commit_db *, uint32_t id,
			    const char *impact);
/* Confirms a pending trial (cancels its timer); 0, -1 if none. */
int			 commit_confirm(struct commit_db *);
/*
 * A pending trial's first commit ID (commit_trial_id() is its latest; the
 * commits of one trial are consecutive) and the running text before it,
 * the rollback target.  0 / NULL when no trial is pending.  core/persist
 * keeps them on disk while the trial is pending.
 */
uint32_t		 commit_trial_first(const struct commit_db *);
const char		*commit_trial_target(const struct commit_db *);
/*
 * At start, after the history loaded: a trial (commits first..last) whose
 * confirmation never reached the disk.  If the newest commit is one of
 * the trial's (without a history: if running is not `target`), `target`
 * goes back through the loader and is committed like the timer's
 * rollback (client "Rollback", not validated), with a log line: COMMIT_OK.
 * COMMIT_NOCHANGE: the trial never took effect, or a later commit
 * confirmed or ended it.  COMMIT_FAIL with err otherwise.
 */
enum commit_status	 commit_trial_recover(struct commit_db *,
			    uint32_t first, uint32_t last, const char *target,
			    char *err, size_t errlen);

/* History, newest first: nth(0) is the latest commit. */
size_t			 commit_count(const struct commit_db *);
const struct commit_rec	*commit_nth(const struct commit_db *, size_t);
/* Index (for commit_nth) of an ID or label; -1 if unknown. */
long			 commit_find(const struct commit_db *, const char *);
/* Running text before the nth newest commit (the one before it, or the
 * configuration the history started from). */
const char		*commit_text_before(const struct commit_db *, size_t);

/*
 * Rollback targets: the running text before the last n commits, or before
 * commit `to` (ID or label): XR rolls back up to and including it.  NULL
 * with err set when out of range.
 */
const char		*commit_target_last(const struct commit_db *,
			    unsigned n, char *err, size_t errlen);
const char		*commit_target_to(const struct commit_db *,
			    const char *to, char *err, size_t errlen);
/*
 * Loads `text` through the loader and commits it like commit_apply()
 * (opts->client defaults to "Rollback").  On COMMIT_OK *items (if not NULL)
 * is the number of changed items.
 */
enum commit_status	 commit_rollback(struct commit_db *, const char *text,
			    const struct commit_opts *, struct cfg_errors *errs,
			    int *items, char *err, size_t errlen);

#endif
