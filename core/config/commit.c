/*
 * commit: the commit database and trial (confirmed) commits; see commit.h.
 * History is kept oldest first in a bounded array; when it is full the
 * oldest record's text becomes the base that rollbacks can still reach.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/cfgtext.h"
#include "core/config/commit.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

struct commit_db {
	struct config		*running;
	/*
	 * Its canonical text, rendered once per change: equality with a
	 * candidate is one render of the candidate and a strcmp, and that
	 * render is the new record's text and the saved file.
	 */
	char			*running_text;
	unsigned long		 generation;
	uint32_t		 next_id;
	struct commit_rec	 recs[COMMIT_HISTORY_MAX];	/* oldest first */
	size_t			 nrecs;
	char			*base_text;	/* running before recs[0] */

	struct loop_timer	*trial_timer;
	struct config		*trial_prev;	/* rollback target of a trial */
	char			*trial_target;	/* its text (for the marker) */
	uint32_t		 trial_first;	/* first commit of the trial */
	uint32_t		 trial_id;	/* latest commit of the trial */
	char			*trial_user;
	char			*trial_line;
	unsigned		 trial_secs;

	commit_loader_fn	 loader;
	void			*loader_arg;
	commit_hook_fn		 hook;
	void			*hook_arg;
	commit_check_fn		 check;
	void			*check_arg;
};

void
commit_rec_clear(struct commit_rec *r)
{
	free(r->label);
	free(r->comment);
	free(r->user);
	free(r->line);
	free(r->client);
	free(r->text);
	free(r->impact);
	memset(r, 0, sizeof(*r));
}

struct commit_db *
commit_db_new(void)
{
	struct commit_db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->next_id = COMMIT_ID_FIRST;
	if ((db->running = config_new()) == NULL ||
	    (db->base_text = strdup("")) == NULL ||
	    (db->running_text = strdup("")) == NULL) {
		config_free(db->running);
		free(db->base_text);
		free(db);
		return NULL;
	}
	return db;
}

void
commit_db_free(struct commit_db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	loop_timer_cancel(db->trial_timer);
	config_free(db->trial_prev);
	free(db->trial_target);
	free(db->trial_user);
	free(db->trial_line);
	for (i = 0; i < db->nrecs; i++)
		commit_rec_clear(&db->recs[i]);
	free(db->base_text);
	free(db->running_text);
	config_free(db->running);
	free(db);
}

void
commit_set_loader(struct commit_db *db, commit_loader_fn fn, void *arg)
{
	db->loader = fn;
	db->loader_arg = arg;
}

void
commit_set_hook(struct commit_db *db, commit_hook_fn fn, void *arg)
{
	db->hook = fn;
	db->hook_arg = arg;
}

void
commit_set_check(struct commit_db *db, commit_check_fn fn, void *arg)
{
	db->check = fn;
	db->check_arg = arg;
}

const struct config *
commit_running(const struct commit_db *db)
{
	return db->running;
}

unsigned long
commit_generation(const struct commit_db *db)
{
	return db->generation;
}

static char *
config_text(const struct config *c)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (config_print(c, &sb) == -1 || sb.oom) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf ? sb_steal(&sb) : strdup("");
}

const char *
commit_running_text(const struct commit_db *db)
{
	return db->running_text;
}

int
commit_install(struct commit_db *db, struct config *c)
{
	char	*t, *u;

	if ((t = config_text(c)) == NULL || (u = strdup(t)) == NULL) {
		free(t);
		config_free(c);
		return -1;
	}
	free(db->base_text);
	db->base_text = t;
	free(db->running_text);
	db->running_text = u;
	config_free(db->running);
	db->running = c;
	db->generation++;
	return 0;
}

int
commit_restore(struct commit_db *db, struct commit_rec *recs, size_t n,
    char *base, uint32_t next_id)
{
	size_t	 i;

	if (db->nrecs > 0 || n > COMMIT_HISTORY_MAX || base == NULL) {
		for (i = 0; i < n; i++)
			commit_rec_clear(&recs[i]);
		free(base);
		return -1;
	}
	for (i = 0; i < n; i++)
		db->recs[i] = recs[i];
	db->nrecs = n;
	free(db->base_text);
	db->base_text = base;
	db->next_id = next_id;
	return 0;
}

static int
label_ok(const struct commit_db *db, const char *label, char *err,
    size_t errlen)
{
	if (!isalpha((unsigned char)label[0])) {
		snprintf(err, errlen, "Invalid label '%s': a label must "
		    "start with a letter", label);
		return 0;
	}
	if (commit_find(db, label) != -1) {
		snprintf(err, errlen, "Label '%s' is already in use in the "
		    "commit database", label);
		return 0;
	}
	return 1;
}

static char *
dup_or(const char *s, const char *dflt)
{
	if (s == NULL)
		s = dflt;
	return s == NULL ? NULL : strdup(s);
}

static void	trial_expire(void *);

/*
 * Makes *cand running and records it; may not fail after the swap.  text:
 * *cand's canonical text if the caller has it (taken over), else NULL.
 */
static enum commit_status
record(struct commit_db *db, struct config **cand, char *text,
    const struct commit_opts *o, char *err, size_t errlen)
{
	struct commit_rec	 r;
	struct loop_timer	*t = NULL;
	struct config		*old;
	char			*tu = NULL, *tl = NULL, *tt = NULL, *rt;
	int			 first = o->confirm_secs > 0 &&
				    db->trial_prev == NULL;

	memset(&r, 0, sizeof(r));
	r.text = text != NULL ? text : config_text(*cand);
	rt = r.text != NULL ? strdup(r.text) : NULL;
	r.label = dup_or(o->label, NULL);
	r.comment = dup_or(o->comment, NULL);
	r.user = dup_or(o->user, "unknown");
	r.line = dup_or(o->line, "");
	r.client = dup_or(o->client, "CLI");
	r.verify = o->confirm_secs > 0 && o->verify;
	if (o->confirm_secs > 0) {
		t = loop_timer_add(o->confirm_secs, trial_expire, db);
		tu = strdup(r.user ? r.user : "");
		tl = strdup(r.line ? r.line : "");
	}
	/* the text running has now: the marker's rollback target */
	if (first)
		tt = strdup(db->running_text);
	if (r.text == NULL || rt == NULL || (o->label && !r.label) ||
	    (o->comment && !r.comment) || !r.user || !r.line || !r.client ||
	    (o->confirm_secs > 0 && (t == NULL || !tu || !tl)) ||
	    (first && tt == NULL)) {
		commit_rec_clear(&r);
		loop_timer_cancel(t);
		free(tu);
		free(tl);
		free(tt);
		free(rt);
		snprintf(err, errlen, "out of memory");
		return COMMIT_FAIL;
	}
	r.id = db->next_id++;
	r.time = loop_wallclock();

	old = db->running;
	if (o->confirm_secs > 0) {
		if (first) {
			db->trial_prev = old;
			old = NULL;
			db->trial_target = tt;
			db->trial_first = r.id;
		}
		loop_timer_cancel(db->trial_timer);
		db->trial_timer = t;
		db->trial_id = r.id;
		db->trial_secs = o->confirm_secs;
		free(db->trial_user);
		free(db->trial_line);
		db->trial_user = tu;
		db->trial_line = tl;
	} else if (db->trial_prev != NULL || db->trial_timer != NULL)
		commit_confirm(db);
	db->running = *cand;
	*cand = NULL;
	config_free(old);
	free(db->running_text);
	db->running_text = rt;
	db->generation++;

	if (db->nrecs == COMMIT_HISTORY_MAX) {
		free(db->base_text);
		db->base_text = db->recs[0].text;
		db->recs[0].text = NULL;
		commit_rec_clear(&db->recs[0]);
		memmove(&db->recs[0], &db->recs[1],
		    (COMMIT_HISTORY_MAX - 1) * sizeof(db->recs[0]));
		db->nrecs--;
	}
	db->recs[db->nrecs++] = r;
	if (db->hook != NULL)
		db->hook(&db->recs[db->nrecs - 1], db->running, db->hook_arg);
	return COMMIT_OK;
}

enum commit_status
commit_apply(struct commit_db *db, struct config **cand,
    const struct commit_opts *o, struct cfg_errors *errs, char *err,
    size_t errlen)
{
	char	*text;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	/* the one render of the candidate: compared, then recorded */
	if ((text = config_text(*cand)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return COMMIT_FAIL;
	}
	if (strcmp(text, db->running_text) == 0) {
		free(text);
		return COMMIT_NOCHANGE;
	}
	if ((o->label != NULL && !label_ok(db, o->label, err, errlen))) {
		free(text);
		return COMMIT_FAIL;
	}
	if (commit_verify(db, *cand, errs) > 0) {
		free(text);
		return COMMIT_INVALID;
	}
	return record(db, cand, text, o, err, errlen);
}

int
commit_verify(const struct commit_db *db, const struct config *c,
    struct cfg_errors *errs)
{
	size_t	 before = errs->n;

	config_validate(c, errs);
	if (db->check != NULL)
		db->check(c, errs, db->check_arg);
	return (int)(errs->n - before);
}

struct config *
commit_load(const struct commit_db *db, const char *text, char *err,
    size_t errlen)
{
	if (db->loader == NULL) {
		snprintf(err, errlen, "no configuration loader");
		return NULL;
	}
	return db->loader(text, err, errlen, db->loader_arg);
}

/* Commits the configuration from before the trial back. */
static void
trial_revert(struct commit_db *db, const char *why)
{
	struct commit_opts	 o;
	struct config		*prev = db->trial_prev;
	uint32_t		 tid = db->trial_id;
	char			 err[128];

	if (prev == NULL)
		return;
	/* not pending any more: the save of the rollback drops the marker */
	db->trial_prev = NULL;
	free(db->trial_target);
	db->trial_target = NULL;
	db->trial_first = 0;
	memset(&o, 0, sizeof(o));
	o.user = db->trial_user;
	o.line = db->trial_line;
	o.client = "Rollback";
	if (record(db, &prev, NULL, &o, err, sizeof(err)) != COMMIT_OK) {
		log_warnx("%%MGBL-CONFIG-3-ROLLBACK : Failed to roll back "
		    "trial commit %u: %s", tid, err);
		config_free(prev);
		return;
	}
	log_info("%%MGBL-CONFIG-6-DB_COMMIT : Trial commit %u %s; the "
	    "configuration was rolled back. Use 'show configuration commit "
	    "changes %u' to view the changes.", tid, why,
	    db->recs[db->nrecs - 1].id);
}

static void
trial_expire(void *arg)
{
	struct commit_db	*db = arg;
	char			 why[64];

	db->trial_timer = NULL;		/* freed by the loop */
	snprintf(why, sizeof(why), "was not confirmed within %u seconds",
	    db->trial_secs);
	trial_revert(db, why);
}

int
commit_trial_abandon(struct commit_db *db)
{
	if (db->trial_prev == NULL)
		return -1;
	loop_timer_cancel(db->trial_timer);
	db->trial_timer = NULL;
	trial_revert(db, "was abandoned before it was confirmed");
	return 0;
}

int
commit_trial_fail(struct commit_db *db, const char *why)
{
	if (db->trial_prev == NULL)
		return -1;
	loop_timer_cancel(db->trial_timer);
	db->trial_timer = NULL;
	trial_revert(db, why);
	return 0;
}

int
commit_trial_verify(const struct commit_db *db)
{
	size_t	 i;

	if (db->trial_prev == NULL)
		return 0;
	for (i = 0; i < db->nrecs; i++)
		if (db->recs[i].id == db->trial_id)
			return db->recs[i].verify;
	return 0;
}

const struct config *
commit_trial_prev(const struct commit_db *db)
{
	return db->trial_prev;
}

int
commit_set_impact(struct commit_db *db, uint32_t id, const char *impact)
{
	size_t	 i;
	char	*t;

	for (i = 0; i < db->nrecs; i++)
		if (db->recs[i].id == id) {
			if ((t = strdup(impact)) == NULL)
				return -1;
			free(db->recs[i].impact);
			db->recs[i].impact = t;
			return 0;
		}
	return -1;
}

int
commit_trial_pending(const struct commit_db *db)
{
	return db->trial_prev != NULL;
}

uint32_t
commit_trial_id(const struct commit_db *db)
{
	return db->trial_prev != NULL ? db->trial_id : 0;
}

double
commit_trial_remaining(const struct commit_db *db)
{
	return db->trial_timer ? loop_timer_remaining(db->trial_timer) : 0;
}

int
commit_confirm(struct commit_db *db)
{
	if (db->trial_prev == NULL)
		return -1;
	loop_timer_cancel(db->trial_timer);
	db->trial_timer = NULL;
	config_free(db->trial_prev);
	db->trial_prev = NULL;
	free(db->trial_target);
	db->trial_target = NULL;
	db->trial_first = 0;
	return 0;
}

uint32_t
commit_trial_first(const struct commit_db *db)
{
	return db->trial_prev != NULL ? db->trial_first : 0;
}

const char *
commit_trial_target(const struct commit_db *db)
{
	return db->trial_prev != NULL ? db->trial_target : NULL;
}

enum commit_status
commit_trial_recover(struct commit_db *db, uint32_t first, uint32_t last,
    const char *target, char *err, size_t errlen)
{
	const struct commit_rec	*newest = commit_nth(db, 0);
	struct commit_opts	 o;
	struct config		*c;
	uint32_t		 tid = newest != NULL ? newest->id : last;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (db->trial_prev != NULL || first == 0 || last < first) {
		snprintf(err, errlen, "no trial to recover");
		return COMMIT_FAIL;
	}
	if (newest != NULL) {
		/*
		 * Trial commits are consecutive: any other commit confirms
		 * or ends the trial.  Newest before `first`: the trial never
		 * reached the saved file; after `last`: it was confirmed or
		 * rolled back and only the marker's removal was lost.
		 */
		if (newest->id < first || newest->id > last)
			return COMMIT_NOCHANGE;
	} else if (strcmp(db->running_text, target) == 0 ||
	    strcmp(db->base_text, target) == 0)
		return COMMIT_NOCHANGE;	/* no history: running is the target */
	if (db->loader == NULL) {
		snprintf(err, errlen, "no configuration loader");
		return COMMIT_FAIL;
	}
	if ((c = db->loader(target, err, errlen, db->loader_arg)) == NULL)
		return COMMIT_FAIL;
	memset(&o, 0, sizeof(o));
	if (newest != NULL) {
		o.user = newest->user;
		o.line = newest->line;
	}
	o.client = "Rollback";
	/* like the timer's rollback: not validated, it was running before */
	if (record(db, &c, NULL, &o, err, errlen) != COMMIT_OK) {
		config_free(c);
		return COMMIT_FAIL;
	}
	log_warnx("%%MGBL-CONFIG-4-TRIAL_ROLLBACK : Rolled back the "
	    "unconfirmed commit ID %u (the process stopped before it was "
	    "confirmed). Use 'show configuration commit changes %u' to view "
	    "the changes.", tid, db->recs[db->nrecs - 1].id);
	return COMMIT_OK;
}

size_t
commit_count(const struct commit_db *db)
{
	return db->nrecs;
}

const struct commit_rec *
commit_nth(const struct commit_db *db, size_t i)
{
	return i < db->nrecs ? &db->recs[db->nrecs - 1 - i] : NULL;
}

long
commit_find(const struct commit_db *db, const char *key)
{
	size_t	 i;
	char	 idbuf[16];

	for (i = 0; i < db->nrecs; i++) {
		const struct commit_rec	*r = &db->recs[db->nrecs - 1 - i];

		snprintf(idbuf, sizeof(idbuf), "%u", r->id);
		if (strcmp(idbuf, key) == 0 ||
		    (r->label != NULL && strcmp(r->label, key) == 0))
			return (long)i;
	}
	return -1;
}

const char *
commit_text_before(const struct commit_db *db, size_t i)
{
	size_t	 k;

	if (i >= db->nrecs)
		return db->base_text;
	k = db->nrecs - 1 - i;
	return k == 0 ? db->base_text : db->recs[k - 1].text;
}

const char *
commit_target_last(const struct commit_db *db, unsigned n, char *err,
    size_t errlen)
{
	if (n == 0 || n > db->nrecs) {
		snprintf(err, errlen, "Cannot roll back %u commits: the "
		    "commit database holds %zu", n, db->nrecs);
		return NULL;
	}
	return commit_text_before(db, n - 1);
}

const char *
commit_target_to(const struct commit_db *db, const char *to, char *err,
    size_t errlen)
{
	long	 i;

	if ((i = commit_find(db, to)) == -1) {
		snprintf(err, errlen, "No such commit ID or label '%s' in the "
		    "commit database", to);
		return NULL;
	}
	/* XR: "roll back up to (and including)" the named commit */
	return commit_text_before(db, (size_t)i);
}

enum commit_status
commit_rollback(struct commit_db *db, const char *text,
    const struct commit_opts *o, struct cfg_errors *errs, int *items,
    char *err, size_t errlen)
{
	struct commit_opts	 ro = *o;
	struct config		*c;
	struct strbuf		 sb = STRBUF_INIT;
	enum commit_status	 st;
	int			 n;

	if (db->loader == NULL) {
		snprintf(err, errlen, "no configuration loader");
		return COMMIT_FAIL;
	}
	if ((c = db->loader(text, err, errlen, db->loader_arg)) == NULL)
		return COMMIT_FAIL;
	n = ct_changes(db->running_text, text, &sb);
	sb_free(&sb);
	if (ro.client == NULL)
		ro.client = "Rollback";
	st = commit_apply(db, &c, &ro, errs, err, errlen);
	config_free(c);
	if (st == COMMIT_OK && items != NULL)
		*items = n < 0 ? 0 : n;
	return st;
}
