/*
 * persist: the saved running configuration and its commit history on
 * disk.  A save never leaves a torn file: the text goes to a temporary
 * file in the same directory, is fsync'ed, renamed over the old file, and
 * the directory is fsync'ed, so a crash at any moment leaves the old or
 * the new version.
 *
 * The history lives in the directory PATH.commits next to the saved file
 * PATH: one file per commit (ID.commit: the record and the running text
 * after it) and ID.before (the running text before the oldest commit).
 * The saved file stays the source of truth: a commit writes its record
 * first and the configuration last, so the rename of PATH is the commit
 * point, and a load keeps only the records up to the one whose text is
 * the loaded configuration.
 */
#ifndef XR_PERSIST_H
#define XR_PERSIST_H

#include <stddef.h>
#include <stdint.h>

struct commit_db;

/*
 * The saved configuration's default path into buf: for root (effective
 * uid 0) without XDG_STATE_HOME, PERSIST_SYSTEM_PATH, the router's own
 * configuration as the systemd unit runs it; otherwise, and for everyone
 * else, ${XDG_STATE_HOME:-$HOME/.local/state}/xrsh/running.cfg.  (An
 * explicit XDG_STATE_HOME is a choice like --config, so it wins for root
 * too.)  Returns 0, -1 with err set when no path is usable.
 */
#ifndef PERSIST_SYSTEM_PATH
#define PERSIST_SYSTEM_PATH	"/etc/xrsh/running.cfg"
#endif
int	persist_default_path(char *buf, size_t len, char *err, size_t errlen);

/* Writes text atomically (creating the directory); 0, or -1 with err. */
int	persist_save(const char *path, const char *text, char *err,
	    size_t errlen);

/*
 * Reads the file into *text (free() it).  Returns 0, 1 when the file does
 * not exist (*text = NULL), -1 with err on another error.
 */
int	persist_load(const char *path, char **text, char *err, size_t errlen);

/*
 * Removes the temporary files that saves of `path` cut short by a crash
 * left beside it (PATH.tmpXXXXXX); call it at start, before the load.
 */
void	persist_sweep(const char *path);

/* PATH.commits into buf; 0, or -1 when it does not fit. */
int	persist_hist_path(const char *path, char *buf, size_t len);

/*
 * Saves the state after the commit just recorded in db (commit_nth(db, 0)):
 * its record (and the text before it when it starts the history), the
 * pending-confirm marker when a trial is pending, then the configuration
 * file `path`; then it removes the marker when no trial is pending, and
 * the history files db no longer holds.  Returns 0; -1 with err naming the
 * file when the configuration was not saved (a trial is never saved
 * without its marker); -2 with err when it was saved but the history (or
 * the marker's removal) was not (the next start then rejects the history).
 */
int	persist_commit(const char *path, const struct commit_db *db,
	    char *err, size_t errlen);

/*
 * Saves commit `id`'s record again (after its impact was recorded).
 * 0, or -1 with err.
 */
int	persist_rec_update(const char *path, const struct commit_db *db,
	    uint32_t id, char *err, size_t errlen);

/*
 * Reads the history saved next to `path` into db, which holds the loaded
 * running configuration and no history.  `texts` (NULL-terminated) are the
 * forms of the loaded configuration (as read, as rendered): records newer
 * than the last one whose text is among them never reached the file and
 * are dropped.  Returns 0 (loaded, or no history); 1 with err (a warning)
 * when it loaded without damaged record files newer than that commit,
 * which were removed; or -1 with err naming the offending file: the
 * history is rejected, db keeps an empty history and the directory is
 * moved aside to PATH.commits.rejected.
 */
int	persist_hist_load(const char *path, struct commit_db *db,
	    const char *const *texts, char *err, size_t errlen);

/*
 * The marker of a pending `commit confirmed` trial, PATH.commits/
 * pending-confirm: it exists from the trial's save to the save of the
 * commit that confirms or ends it.  Read it at start before
 * persist_hist_load() (which may move the directory aside) and hand it to
 * commit_trial_recover() once the history is loaded; that rollback's save
 * removes it, persist_trial_clear() removes a stale one.
 */
struct persist_trial {
	uint32_t	 first;		/* the trial's first commit ID */
	uint32_t	 last;		/* its latest commit ID */
	char		*target;	/* running text before the trial */
};

/* 0 with *t filled (persist_trial_free() it), 1 none, -1 with err. */
int	persist_trial_load(const char *path, struct persist_trial *t,
	    char *err, size_t errlen);
void	persist_trial_free(struct persist_trial *);
/* Removes the marker (a trial confirmed without a new commit); 0, -1. */
int	persist_trial_clear(const char *path, char *err, size_t errlen);

#endif
