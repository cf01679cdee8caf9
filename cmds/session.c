/*
 * session: per-session configuration state and the commit path.  Owns the
 * commit database (running configuration and history), the saved-config
 * file and the commit history saved next to it (loaded at start, written
 * after every commit through core/persist), the hand-over of every new
 * running configuration to the BGP engine, each session's candidate and
 * target buffer (the config lines typed since the last commit, replayed by
 * `commit replace`), and the shell hooks: session create/free, end of
 * batch input, prompt hostname.  At start a `commit confirmed` trial the
 * previous process left unconfirmed (killed, crashed) is rolled back
 * before the engine sees the configuration; `commit best-effort` commits
 * what verifies and leaves the rest in the candidate.
 */
#include <sys/types.h>

#include <ctype.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds/commit_cmds.h"
#include "core/bgp/converge.h"
#include "cmds/commit_verify.h"
#include "core/lib/log.h"
#include "core/config/commit_overlap.h"
#include "core/config/persist.h"

static struct commit_db	*cdb;
static char		 cfg_path[PATH_MAX];
static struct cli	*trial_owner;	/* session that armed the trial */
/*
 * A failed save during a command is reported by that command (so batch
 * mode exits 1); one after a timer-driven rollback goes to the log.
 */
static int		 save_deferred;
static char		 save_err[PATH_MAX + 192];

static void	save_hook(const struct commit_rec *, const struct config *,
		    void *);
static struct config *rollback_loader(const char *, char *, size_t, void *);

/* Created by cmds_session_init() at start-up, so never NULL afterwards. */
struct commit_db *
cmds_commit_db(void)
{
	return cdb;
}

struct cmds_session *
cmds_session(struct cli *cli)
{
	struct cmds_session	*s = cli_userdata(cli);
	struct commit_sess	*cs;

	if (s == NULL) {
		if ((s = calloc(1, sizeof(*s))) == NULL)
			return NULL;
		if ((cs = calloc(1, sizeof(*cs))) == NULL) {
			free(s);
			return NULL;
		}
		cfg_errors_init(&cs->failed);
		s->commit_priv = cs;
		cli_set_userdata(cli, s);
	}
	return s;
}

struct commit_sess *
cmds_commit_sess(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);

	return s != NULL ? s->commit_priv : NULL;
}

const struct config *
cmds_running(void)
{
	return commit_running(cmds_commit_db());
}

/*
 * The candidate's base is running now: its generation, and its text for
 * the overlap check of a commit after others committed.  -1 on ENOMEM.
 */
static int
set_base(struct commit_sess *cs)
{
	char	*t;

	if ((t = strdup(commit_running_text(cdb))) == NULL)
		return -1;
	free(cs->base_text);
	cs->base_text = t;
	cs->base_gen = commit_generation(cdb);
	return 0;
}

struct config *
cmds_candidate(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs;

	if (s == NULL) {
		cli_error(cli, "Out of memory");
		return NULL;
	}
	if (s->candidate == NULL) {
		cs = s->commit_priv;
		if ((s->candidate = config_dup(cmds_running())) == NULL ||
		    set_base(cs) == -1) {
			config_free(s->candidate);
			s->candidate = NULL;
			cli_error(cli, "Out of memory");
			return NULL;
		}
	}
	return s->candidate;
}

const struct config *
cmds_effective(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);

	return s != NULL && s->candidate != NULL ? s->candidate :
	    cmds_running();
}

int
cmds_dirty(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs;
	char			*t;
	int			 dirty;

	const char		*base;

	if (s == NULL || s->candidate == NULL)
		return 0;
	/*
	 * Changes are what the candidate changed in its base: running may
	 * have moved under it (another session committed).  running's text
	 * is kept: one render, of the candidate.
	 */
	cs = s->commit_priv;
	base = cs->base_text != NULL ? cs->base_text :
	    commit_running_text(cdb);
	if ((t = cmds_config_text(s->candidate)) == NULL)
		return 1;
	dirty = strcmp(t, base) != 0;
	free(t);
	return dirty;
}

void
cmds_discard(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs;

	if (s == NULL)
		return;
	cs = s->commit_priv;
	config_free(s->candidate);
	s->candidate = NULL;
	free(cs->base_text);
	cs->base_text = NULL;
	sb_reset(&cs->typed);
}

char *
cmds_config_text(const struct config *c)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (config_print(c, &sb) == -1 || sb.oom) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf != NULL ? sb_steal(&sb) : strdup("");
}

void
cmds_commit_opts(struct cli *cli, struct commit_opts *o)
{
	static char		 user[64], line[64];
	struct cli_session_info	 si;
	struct passwd		*pw;
	const char		*u;

	memset(o, 0, sizeof(*o));
	if (user[0] == '\0') {
		if ((u = getenv("USER")) == NULL || *u == '\0')
			u = (pw = getpwuid(getuid())) != NULL ?
			    pw->pw_name : "unknown";
		strlcpy(user, u, sizeof(user));
	}
	o->user = user;
	o->line = cli_interactive(cli) ? "vty0:node0_RP0_CPU0" :
	    "con0_RP0_CPU0";
	o->client = "CLI";
	/* an attached session: its own line and user (the local one keeps
	   the strings above) */
	cli_session_info(cli, &si);
	if (si.attached) {
		snprintf(line, sizeof(line), "%s:node0_RP0_CPU0", si.line);
		o->line = line;
		o->user = si.user;
	}
}

/* --- loader sessions --- */

struct config *
cmds_load_text(const char *text, const char *origin,
    const struct config *base, char *err, size_t errlen)
{
	struct cmds_session	*s;
	struct commit_sess	*cs;
	struct config		*c;
	struct cli		*ld;
	int			 rc, mode;

	c = base != NULL ? config_dup(base) : config_new();
	s = calloc(1, sizeof(*s));
	cs = calloc(1, sizeof(*cs));
	if (c == NULL || s == NULL || cs == NULL) {
		config_free(c);
		free(s);
		free(cs);
		snprintf(err, errlen, "%s: out of memory", origin);
		return NULL;
	}
	cfg_errors_init(&cs->failed);
	cs->loader = 1;
	s->candidate = c;
	s->commit_priv = cs;
	if ((ld = cli_loader_new(s)) == NULL) {
		config_free(c);
		free(s);
		free(cs);
		snprintf(err, errlen, "%s: out of memory", origin);
		return NULL;
	}
	rc = cli_loader_run(ld, text, origin);
	if (rc == -1)
		strlcpy(err, cli_loader_error(ld), errlen);
	mode = cli_mode(ld);
	if (rc == 0 && (s->rpl_block != NULL ||
	    mode_is_rpl_block(mode))) {
		snprintf(err, errlen, "%s: the text ends inside a "
		    "route-policy or set", origin);
		rc = -1;
	}
	if (s->rpl_block != NULL)
		rpl_block_at_eof(ld);	/* frees the open block */
	cli_loader_free(ld);
	c = s->candidate;
	/* set when the text aborted and began again from running */
	free(cs->base_text);
	sb_free(&cs->typed);
	cfg_errors_free(&cs->failed);
	free(cs);
	free(s);
	if (rc == -1) {
		config_free(c);
		return NULL;
	}
	return c;
}

static struct config *
rollback_loader(const char *text, char *err, size_t errlen, void *arg)
{
	(void)arg;
	return cmds_load_text(text, "rollback", NULL, err, errlen);
}

/* --- commit --- */

static void
save_hook(const struct commit_rec *r, const struct config *running,
    void *arg)
{
	const char	*what;
	char		 err[PATH_MAX + 128];

	(void)arg;
	if (!commit_trial_pending(cdb))
		trial_owner = NULL;
	/* the live engine follows every change of running; the change is
	   a convergence event (show bgp-monitor convergence), and a
	   verified trial takes its baselines before the engine sees it */
	converge_commit(r != NULL ? r->id : 0);
	cmds_impact_before(r);
	cmds_verify_before(r, running);
	cmds_engine_apply(running, save_deferred);
	cmds_verify_after();
	cmds_impact_after();
	if (cfg_path[0] == '\0')
		return;
	switch (persist_commit(cfg_path, cdb, err, sizeof(err))) {
	case 0:
		return;
	case -1:
		what = "running configuration";
		break;
	default:
		what = "commit history";
		break;
	}
	if (save_deferred)
		snprintf(save_err, sizeof(save_err), "Failed to save the %s: "
		    "%s", what, err);
	else
		log_warnx("%% Failed to save the %s: %s", what, err);
}

void
cmds_save_begin(void)
{
	save_deferred = 1;
	save_err[0] = '\0';
}

int
cmds_save_end(struct cli *cli)
{
	save_deferred = 0;
	cmds_engine_report(cli);
	if (save_err[0] == '\0')
		return CMD_OK;
	cli_error(cli, "%s", save_err);
	save_err[0] = '\0';
	return CMD_ERR;
}

static int
answer_is(const char *ans, const char *word)
{
	size_t	 n;

	while (isspace((unsigned char)*ans))
		ans++;
	n = strcspn(ans, " \t\r\n");
	return n > 0 && n <= strlen(word) && strncasecmp(ans, word, n) == 0;
}

#define MSG_OTHER_COMMITS "One or more commits have occurred from other " \
	"configuration sessions since this session started or since the " \
	"last commit was made from this session. You can use the 'show " \
	"configuration commit changes' command to browse the changes.\n" \
	"Do you wish to proceed with this commit anyway? [no]: "

/* The candidate becomes c, based on running now. */
static int
replace_candidate(struct cli *cli, struct config *c)
{
	struct cmds_session	*s = cmds_session(cli);

	config_free(s->candidate);
	s->candidate = c;
	if (set_base(s->commit_priv) == -1)
		return cli_error(cli, "Out of memory");
	return 0;
}

/*
 * Running changed since the candidate was copied (another session
 * committed, a trial expired, a rollback).  When the items this session
 * changed (base -> candidate) and those changed under it (base ->
 * running) are apart, the session's items go on top of running silently
 * (core/config/commit_overlap.h).  When they overlap XR asks, and on yes
 * the session's typed changes are re-applied on top of running rather
 * than overwrite it.  Returns 0 to go on, 1 when the user declined (or
 * the session was cleared meanwhile), -1 after an error.
 */
static int
rebase(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs = s->commit_priv;
	struct config		*c;
	unsigned long		 serial;
	char			 ans[32], err[1024], *mine, *merged = NULL;
	int			 rc = 1;

	if (cs->base_text != NULL) {
		if ((mine = cmds_config_text(s->candidate)) == NULL)
			return cli_error(cli, "Out of memory");
		rc = commit_overlap(cs->base_text, mine,
		    commit_running_text(cdb), &merged, NULL, err,
		    sizeof(err));
		free(mine);
	}
	if (rc == 0) {
		c = cmds_load_text(merged, "merge", NULL, err, sizeof(err));
		free(merged);
		if (c != NULL)
			return replace_candidate(cli, c) == 0 ? 0 : -1;
		/* cannot happen with canonical texts: ask as below */
	}
	serial = cs->cfg_serial;
	if (cli_ask(cli, MSG_OTHER_COMMITS, ans, sizeof(ans)) == -1 ||
	    !answer_is(ans, "yes"))
		return 1;	/* declined: nothing committed */
	/* others ran meanwhile: this session may have been cleared */
	if (cs->cfg_serial != serial || s->candidate == NULL)
		return 1;
	if ((c = cmds_load_text(sb_str(&cs->typed), "target", cmds_running(),
	    err, sizeof(err))) == NULL) {
		cli_error(cli, "Cannot apply this session's changes to the "
		    "new running configuration: %s", err);
		return -1;
	}
	return replace_candidate(cli, c) == 0 ? 0 : -1;
}

static int
report_failure(struct cli *cli, struct cfg_errors *errs)
{
	struct commit_sess	*cs = cmds_commit_sess(cli);
	size_t			 i;

	cfg_errors_free(&cs->failed);
	cs->failed = *errs;
	cs->has_failed = 1;
	cli_error(cli, "%s", MSG_COMMIT_FAILED);
	for (i = 0; i < errs->n; i++)
		cli_notice(cli, "!!%% %s", errs->v[i].msg);
	cfg_errors_init(errs);
	return CMD_ERR;
}

/*
 * Nothing to commit: the candidate goes; a plain `commit` from the session
 * that armed a trial confirms it.
 */
static int
no_changes(struct cli *cli, const struct commit_opts *o)
{
	char	 err[PATH_MAX + 128];

	cmds_discard(cli);
	if (o->confirm_secs == 0 && commit_trial_pending(cdb) &&
	    trial_owner == cli) {
		commit_confirm(cdb);
		trial_owner = NULL;
		/* until the marker is gone a restart undoes the trial */
		if (cfg_path[0] != '\0' && persist_trial_clear(cfg_path, err,
		    sizeof(err)) == -1)
			return cli_error(cli, "Failed to save the "
			    "confirmation: %s", err);
		cli_printf(cli, "%% Confirming commit for trial session.\n");
		return CMD_OK;
	}
	cli_printf(cli, "No configuration changes to commit.\n");
	return CMD_OK;
}

#define MSG_BEST_EFFORT_NONE "Failed to commit one or more configuration " \
	"items during a best-effort operation: every item failed " \
	"verification. No changes have been made. Please issue 'show " \
	"configuration failed' from this session to view the errors"

/*
 * commit best-effort: one line per skipped item, then the usual outcome.
 * The skipped items stay in the candidate (running moved under it, so its
 * base moves too) and `show configuration failed` shows their errors.
 */
static int
commit_best_effort(struct cli *cli, struct cmds_session *s,
    struct commit_opts *o)
{
	struct commit_sess	*cs = s->commit_priv;
	struct cfg_errors	 errs, skips;
	enum commit_status	 st;
	char			 err[1024];
	size_t			 i;
	int			 rc;

	cfg_errors_init(&errs);
	cfg_errors_init(&skips);
	cmds_save_begin();
	st = commit_apply_best_effort(cdb, s->candidate, o, &errs, &skips,
	    err, sizeof(err));
	for (i = 0; i < skips.n; i++)
		cli_notice(cli, "%% Skipped (failed verification): %s: %s",
		    skips.v[i].path, skips.v[i].msg);
	switch (st) {
	case COMMIT_OK:
		if (o->confirm_secs > 0)
			trial_owner = cli;
		cfg_errors_free(&cs->failed);
		cs->has_failed = 0;
		if (skips.n == 0) {
			cmds_discard(cli);
			cfg_errors_free(&errs);
		} else {
			if (set_base(cs) == -1)
				cli_error(cli, "Out of memory");
			cs->failed = errs;
			cs->has_failed = 1;
			cli_notice(cli, "%% Committed the items that passed "
			    "verification; %zu item%s skipped and left "
			    "uncommitted. Please issue 'show configuration "
			    "failed' from this session to view the errors",
			    skips.n, skips.n == 1 ? " was" : "s were");
		}
		rc = cmds_save_end(cli);
		break;
	case COMMIT_NOCHANGE:
		cmds_save_end(cli);
		cfg_errors_free(&errs);
		rc = no_changes(cli, o);
		break;
	case COMMIT_INVALID:
		cmds_save_end(cli);
		cfg_errors_free(&cs->failed);
		cs->failed = errs;
		cs->has_failed = 1;
		rc = cli_error(cli, "%s", MSG_BEST_EFFORT_NONE);
		break;
	case COMMIT_FAIL:
	default:
		cmds_save_end(cli);
		cfg_errors_free(&errs);
		rc = cli_error(cli, "%s", err);
		break;
	}
	cfg_errors_free(&skips);
	return rc;
}

int
cmds_do_commit(struct cli *cli, struct commit_opts *o, int how)
{
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs;
	struct cfg_errors	 errs;
	struct config		*target;
	enum commit_status	 st;
	char			 err[1024];

	if (s == NULL)
		return cli_error(cli, "Out of memory");
	cs = s->commit_priv;
	/* cleared by another session while a question was asked */
	if (cli_mode(cli) == MODE_EXEC)
		return cli_error(cli, "This configuration session was "
		    "terminated: nothing was committed");
	/* whether it has changes costs a render: asked only if it matters */
	if (cfgsess_commit_may_refuse(cli) &&
	    cfgsess_commit_refused(cli, (how & CMDS_COMMIT_REPLACE) ||
	    cmds_dirty(cli)))
		return CMD_ERR;
	if (how & CMDS_COMMIT_REPLACE) {
		if ((target = cmds_load_text(sb_str(&cs->typed), "target",
		    NULL, err, sizeof(err))) == NULL)
			return cli_error(cli, "%s", err);
		if (replace_candidate(cli, target) != 0)
			return CMD_ERR;
	} else if (s->candidate != NULL &&
	    cs->base_gen != commit_generation(cdb)) {
		/* even when unchanged: the candidate must not undo theirs */
		switch (rebase(cli)) {
		case -1:
			return CMD_ERR;
		case 1:
			return CMD_OK;
		}
		/* the question let others run: the lock may be taken now */
		if (cfgsess_commit_may_refuse(cli) &&
		    cfgsess_commit_refused(cli, cmds_dirty(cli)))
			return CMD_ERR;
	}

	/* no candidate: nothing typed; an unchanged one: commit_apply says */
	if (s->candidate == NULL)
		return no_changes(cli, o);
	if (how & CMDS_COMMIT_BEST_EFFORT)
		return commit_best_effort(cli, s, o);
	cfg_errors_init(&errs);
	cmds_save_begin();
	st = commit_apply(cdb, &s->candidate, o, &errs, err, sizeof(err));
	switch (st) {
	case COMMIT_OK:
		sb_reset(&cs->typed);
		cfg_errors_free(&cs->failed);
		cs->has_failed = 0;
		if (o->confirm_secs > 0)
			trial_owner = cli;
		cfg_errors_free(&errs);
		return cmds_save_end(cli);
	case COMMIT_NOCHANGE:
		cmds_save_end(cli);
		cfg_errors_free(&errs);
		return no_changes(cli, o);
	case COMMIT_INVALID:
		cmds_save_end(cli);
		return report_failure(cli, &errs);
	case COMMIT_FAIL:
	default:
		cmds_save_end(cli);
		cfg_errors_free(&errs);
		return cli_error(cli, "%s", err);
	}
}

/* --- leaving configuration mode --- */

#define MSG_TRIAL_EXIT "You are exiting after a 'commit confirm' with an " \
	"active rollback session.  If you exit the configuration awaiting " \
	"confirmation will not be confirmed and the router will " \
	"immediately rollback to the previous configuration.\n" \
	"Do you wish to exit? [no]: "

/* This session armed a trial that is still pending. */
static int
owns_trial(struct cli *cli)
{
	return trial_owner == cli && commit_trial_pending(cmds_commit_db());
}

struct cli *
cmds_trial_owner(void)
{
	return commit_trial_pending(cdb) ? trial_owner : NULL;
}

void
cmds_trial_abandon(struct cli *by)
{
	if (!commit_trial_pending(cdb))
		return;
	cmds_save_begin();
	commit_trial_abandon(cdb);
	trial_owner = NULL;
	(void)cmds_save_end(by);	/* reported; the trial is gone */
}

/* Leaving abandons this session's unconfirmed trial (rolled back now). */
static int
leave_trial(struct cli *cli, struct commit_sess *cs)
{
	char	 ans[64];
	int	 rc;

	if (!owns_trial(cli))
		return 0;
	if (cli_ask(cli, MSG_TRIAL_EXIT, ans, sizeof(ans)) == -1 ||
	    !answer_is(ans, "yes")) {
		cs->drop_line = 1;
		return -1;
	}
	/* others ran while asking: the trial may have ended */
	if (!owns_trial(cli))
		return 0;
	cmds_save_begin();
	commit_trial_abandon(cdb);
	trial_owner = NULL;
	rc = cmds_save_end(cli);
	(void)rc;	/* reported; leaving goes ahead */
	return 0;
}

int
cmds_leave_config(struct cli *cli)
{
	struct commit_sess	*cs = cmds_commit_sess(cli);
	struct commit_opts	 o;
	unsigned long		 serial;
	char			 ans[64];

	if (cs == NULL || cs->loader)
		return 0;
	if (!cmds_dirty(cli)) {
		if (leave_trial(cli, cs) == -1)
			return -1;
		cmds_discard(cli);
		return 0;
	}
	serial = cs->cfg_serial;
	if (cli_ask(cli, "Uncommitted changes found, commit them before "
	    "exiting(yes/no/cancel)? [cancel]: ", ans, sizeof(ans)) == -1) {
		cs->drop_line = 1;
		return -1;
	}
	/* cleared meanwhile: already back in exec, nothing left to commit */
	if (cs->cfg_serial != serial)
		return 0;
	if (answer_is(ans, "yes")) {
		cmds_commit_opts(cli, &o);
		if (cmds_do_commit(cli, &o, 0) != CMD_OK || cmds_dirty(cli)) {
			cs->drop_line = 1;
			return -1;
		}
	} else if (!answer_is(ans, "no")) {
		cs->drop_line = 1;	/* cancel, or anything else: stay */
		return -1;
	}
	if (leave_trial(cli, cs) == -1)
		return -1;
	cmds_discard(cli);
	return 0;
}

/* --- hooks --- */

static void
hook_session_new(struct cli *cli)
{
	cmds_session(cli);
}

static void
hook_session_free(struct cli *cli)
{
	struct cmds_session	*s = cli_userdata(cli);
	struct commit_sess	*cs;

	/* a session that ends never confirms its trial */
	if (owns_trial(cli))
		commit_trial_abandon(cdb);
	if (trial_owner == cli)
		trial_owner = NULL;
	cfgsess_end(cli);	/* and holds no lock */
	if (s == NULL)
		return;
	cs = s->commit_priv;
	rpl_block_discard(cli);
	config_free(s->candidate);
	if (cs != NULL) {
		free(cs->base_text);
		sb_free(&cs->typed);
		cfg_errors_free(&cs->failed);
		free(cs);
	}
	free(s);
	cli_set_userdata(cli, NULL);
}

static void
hook_at_eof(struct cli *cli)
{
	rpl_block_at_eof(cli);
	if (cmds_dirty(cli))
		cli_notice(cli, "%% WARNING: Uncommitted changes were "
		    "discarded at end of input");
	cmds_discard(cli);
	cfgsess_end(cli);
}

static const char *
hook_hostname(void)
{
	return config_hostname(cmds_running());
}

/* Lines that do not edit configuration never enter the target buffer. */
static int
is_config_line(const char *line)
{
	static const char *const skip[] = {
		"show", "commit", "abort", "do", "end", "pwd", "debug",
		"describe", "complete", NULL
	};
	size_t	 n, i;

	n = strcspn(line, " \t");
	if (n == 0 || line[0] == '!')
		return 0;
	for (i = 0; skip[i] != NULL; i++)
		if (skip[i][0] == line[0] && n <= strlen(skip[i]) &&
		    strncmp(line, skip[i], n) == 0)
			return 0;
	return 1;
}

static void
hook_after_line(struct cli *cli, const char *line, int ok)
{
	struct commit_sess	*cs = cmds_commit_sess(cli);

	if (cs == NULL)
		return;
	if (cli_mode(cli) == MODE_EXEC) {
		sb_reset(&cs->typed);	/* left config mode: buffer gone */
		cfgsess_end(cli);	/* and the configuration session */
		cs->drop_line = 0;
		return;
	}
	if (cs->drop_line) {
		cs->drop_line = 0;
		return;
	}
	if (ok && is_config_line(line)) {
		sb_puts(&cs->typed, line);
		sb_putc(&cs->typed, '\n');
	}
}

/* --- startup --- */

/*
 * The commit history saved next to the configuration, checked against the
 * configuration as loaded (`raw`: the file's text when it loaded, NULL
 * otherwise).  0, or -1 with err set (the history was rejected).
 */
static int
start_history(const char *raw, char *err, size_t errlen)
{
	const char	*texts[3];
	char		*shown;
	size_t		 n = 0;
	int		 rc;

	if ((shown = cmds_config_text(cmds_running())) == NULL) {
		snprintf(err, errlen, "%s: out of memory", cfg_path);
		return -1;
	}
	if (raw != NULL)
		texts[n++] = raw;
	texts[n++] = shown;
	texts[n] = NULL;
	rc = persist_hist_load(cfg_path, cdb, texts, err, errlen);
	free(shown);
	return rc;
}

/*
 * A `commit confirmed` trial the last run left unconfirmed (its marker,
 * read before the history loaded) is rolled back now, before the engine
 * sees the configuration: the rollback commit's save hook hands the
 * engine the restored configuration and removes the marker.  0, or -1
 * with err set.
 */
static int
start_trial(struct persist_trial *t, char *err, size_t errlen)
{
	char	 cerr[256];

	switch (commit_trial_recover(cdb, t->first, t->last, t->target, cerr,
	    sizeof(cerr))) {
	case COMMIT_OK:
		return 0;
	case COMMIT_NOCHANGE:
		return persist_trial_clear(cfg_path, err, errlen);
	default:
		snprintf(err, errlen, "%s: cannot roll back the unconfirmed "
		    "commit %u: %s", cfg_path, t->last, cerr);
		return -1;
	}
}

/* Appends a warning to err (main prints err as one warning line). */
static void
add_warning(char *err, size_t errlen, const char *w)
{
	size_t	 len = strlen(err);

	if (len == 0)
		strlcpy(err, w, errlen);
	else if (len < errlen)
		snprintf(err + len, errlen - len, "\nxrsh: warning: %s", w);
}

int
cmds_start(const char *config_file, char *err, size_t errlen)
{
	struct persist_trial	 trial;
	struct config		*c = NULL;
	char			*text = NULL, perr[PATH_MAX + 128];
	char			 herr[PATH_MAX + 256], terr[PATH_MAX + 512];
	int			 rc, trc;

	if (config_file == NULL || *config_file == '\0')
		config_file = getenv("XRSH_CONFIG");
	if (config_file != NULL && *config_file != '\0')
		strlcpy(cfg_path, config_file, sizeof(cfg_path));
	else if (persist_default_path(cfg_path, sizeof(cfg_path), err,
	    errlen) == -1) {
		cfg_path[0] = '\0';
		return -1;
	}
	err[0] = '\0';
	persist_sweep(cfg_path);
	if ((rc = persist_load(cfg_path, &text, perr, sizeof(perr))) == -1)
		strlcpy(err, perr, errlen);
	else if (rc == 0) {
		c = cmds_load_text(text, cfg_path, NULL, err, errlen);
		if (c != NULL && commit_install(cdb, c) == -1) {
			c = NULL;	/* freed */
			snprintf(err, errlen, "%s: out of memory", cfg_path);
		}
		/* else running stays empty: never half-loaded */
	}
	/* before the history load, which may move the directory aside */
	if ((trc = persist_trial_load(cfg_path, &trial, terr,
	    sizeof(terr))) == -1) {
		/* unreadable: no target to go back to; say so once */
		add_warning(err, errlen, terr);
		persist_trial_clear(cfg_path, terr, sizeof(terr));
	}
	rc = start_history(c != NULL ? text : NULL, herr, sizeof(herr));
	free(text);
	if (rc != 0)
		add_warning(err, errlen, herr);
	/* a failed rollback keeps the marker: the next start tries again */
	if (trc == 0) {
		if (start_trial(&trial, terr, sizeof(terr)) == -1)
			add_warning(err, errlen, terr);
		persist_trial_free(&trial);
	}
	converge_commit(0);	/* the saved configuration: no commit id */
	cmds_engine_apply(cmds_running(), 0);
	return err[0] == '\0' ? 0 : -1;
}

int
cmds_session_init(void)
{
	static const struct cli_hooks hooks = {
		.session_new = hook_session_new,
		.session_free = hook_session_free,
		.at_eof = hook_at_eof,
		.hostname = hook_hostname,
		.after_line = hook_after_line,
	};

	if (cdb == NULL) {
		if ((cdb = commit_db_new()) == NULL)
			return -1;
		commit_set_hook(cdb, save_hook, NULL);
		commit_set_loader(cdb, rollback_loader, NULL);
	}
	cli_set_hooks(&hooks);
	return 0;
}

/* The saved-config file ("" before cmds_start()), for cmds/reload.c. */
const char *
cmds_config_path(void)
{
	return cfg_path;
}
