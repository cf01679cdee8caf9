/*
 * commit: the commit database.  Owns the running configuration and the
 * history of commits (IDs from 1000000001, optional unique labels, the
 * canonical text of running after each commit).  A commit validates the
 * whole candidate first and either swaps it in or changes nothing.
 * `commit confirmed` arms a timer on core/loop; unless confirmed in time
 * the previous configuration is committed back (client "Rollback").
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
/* Installs a loaded configuration as running without a history record. */
void			 commit_install(struct commit_db *, struct config *);
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

/* Trial commits. */
int			 commit_trial_pending(const struct commit_db *);
uint32_t		 commit_trial_id(const struct commit_db *);
double			 commit_trial_remaining(const struct commit_db *);
/* Rolls a pending trial back now, as its expiry would; 0, -1 if none. */
int			 commit_trial_abandon(struct commit_db *);
/* Confirms a pending trial (cancels its timer); 0, -1 if none. */
int			 commit_confirm(struct commit_db *);

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
