/*
 * commit_cmds.h: shared by the commit-area command files (session.c,
 * config_mode.c, show_config.c, rollback.c).  session.c owns the commit
 * database, the saved-config path and each session's commit state.
 */
#ifndef XR_COMMIT_CMDS_H
#define XR_COMMIT_CMDS_H

#include <time.h>

#include "cmds/cmds.h"
#include "core/config/commit.h"

#define XR_VERSION_LINE	"!! IOS XR Configuration 24.3.1"

#define MSG_COMMIT_FAILED "Failed to commit one or more configuration " \
	"items during an atomic operation. No changes have been made. " \
	"Please issue 'show configuration failed if-committed' from this " \
	"session to view the errors"

/* cmds_session(cli)->commit_priv */
struct commit_sess {
	struct strbuf		 typed;		/* target buffer: config lines
						   typed since the last commit */
	struct cfg_errors	 failed;	/* errors of the last failure */
	int			 has_failed;
	unsigned long		 base_gen;	/* running generation the
						   candidate was copied from */
	int			 loader;	/* loader session: never asks */
	int			 drop_line;	/* forget the line just run */
	char			*base_text;	/* running's text at base_gen:
						   what the candidate changed
						   is candidate vs this */
	/* the configuration session (cmds/config_sessions.c) */
	time_t			 cfg_started;	/* entered config; 0: not */
	char			 cfg_id[32];	/* "00001000-PID-00000000" */
	unsigned long		 cfg_serial;	/* bumped when one ends: a
						   command that asked a
						   question sees it was
						   cleared meanwhile */
};

struct commit_db	*cmds_commit_db(void);
struct commit_sess	*cmds_commit_sess(struct cli *);
/* 1 if the session's candidate differs from running */
int			 cmds_dirty(struct cli *);
/* Drops the candidate and the typed lines. */
void			 cmds_discard(struct cli *);
/* Fills user and line of the session. */
void			 cmds_commit_opts(struct cli *, struct commit_opts *);
/*
 * The commit command's work: confirms a trial, commits the candidate,
 * (CMDS_COMMIT_REPLACE) the typed lines alone, or (CMDS_COMMIT_BEST_EFFORT)
 * the items of the candidate that verify, the others staying in it.
 * Prints XR's messages; CMD_OK/CMD_ERR.
 */
#define CMDS_COMMIT_REPLACE	0x01
#define CMDS_COMMIT_BEST_EFFORT	0x02
int			 cmds_do_commit(struct cli *, struct commit_opts *,
			    int how);
/*
 * CLI text -> configuration through a loader session, on top of a copy of
 * `base` (NULL: an empty configuration).  NULL with err "ORIGIN:LINE: ...".
 */
struct config		*cmds_load_text(const char *text, const char *origin,
			    const struct config *base, char *err,
			    size_t errlen);
/*
 * Around a command that commits: a failed save of the saved-config file
 * becomes that command's error (CMD_ERR from cmds_save_end()).
 */
void			 cmds_save_begin(void);
int			 cmds_save_end(struct cli *);
/* canonical text of a configuration (free() it); NULL on failure */
char			*cmds_config_text(const struct config *);

/* The session that armed the pending `commit confirmed` trial, or NULL. */
struct cli		*cmds_trial_owner(void);
/*
 * Rolls back the pending trial now (its session is being cleared);
 * failures to save are reported on `by`.
 */
void			 cmds_trial_abandon(struct cli *by);

/*
 * cmds/config_sessions.c.  A configuration session runs from `configure`
 * until the session is back in exec mode (end, exit, abort, Ctrl-Z, end
 * of input, `clear configuration sessions`) or ends.
 */
void			 cfgsess_begin(struct cli *);
/* Ends it (idempotent): releases the exclusive lock. */
void			 cfgsess_end(struct cli *);
/*
 * `configure exclusive`: takes the lock, or prints XR's refusal (the
 * holder's row, or the trial underway) and returns CMD_ERR.
 */
int			 cfgsess_lock(struct cli *);
/*
 * Before a commit with changes (dirty): 0 when cli may commit; CMD_ERR
 * after the error when another session holds the lock or armed a pending
 * trial.  Without changes it is always 0: `commit` says there are none.
 */
int			 cfgsess_commit_refused(struct cli *, int dirty);
/*
 * 1 when cfgsess_commit_refused() could refuse cli's commit (another
 * session holds the lock or armed a pending trial): only then does the
 * caller need to know whether the candidate has changes.
 */
int			 cfgsess_commit_may_refuse(struct cli *);
/* "00001000-PID-00000000" of cli's configuration session (begun if not) */
const char		*cfgsess_id(struct cli *);

void	cmds_show_config_init(void);	/* show_config.c */
void	cmds_rollback_init(void);	/* rollback.c */

#endif
