/*
 * Unit tests for a `commit confirmed` trial across a crash: the
 * pending-confirm marker core/persist keeps beside the history, and the
 * rollback at the next start (commit_trial_recover()).  The disk is put in
 * the state a kill at each step of a save leaves (record written, marker
 * written, file renamed, marker removed), then a child commits trials,
 * confirmations and abandons in a loop and is killed at random moments:
 * after the restart the running configuration is never a trial that was
 * not confirmed, and the history agrees with it.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config/commit.h"
#include "core/config/persist.h"
#include "core/lib/log.h"
#include "tests/unit/t.h"

#define KILL_ROUNDS	30

static char		 dir[256];
static struct commit_db	*g_db;		/* the database the hook saves */
static const char	*g_path;
static char		 last_log[1024];

static void
rm_tree(const char *d)
{
	DIR		*dp;
	struct dirent	*de;
	char		 p[PATH_MAX];

	if ((dp = opendir(d)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", d, de->d_name);
		if (unlink(p) == -1)
			rm_tree(p);
	}
	closedir(dp);
	rmdir(d);
}

static void
sink(enum log_level lvl, const char *line, void *arg)
{
	(void)lvl;
	(void)arg;
	strlcpy(last_log, line, sizeof(last_log));
}

static struct config *
host_config(const char *h)
{
	struct config	*c = config_new();

	if (c != NULL)
		strlcpy(c->hostname, h, sizeof(c->hostname));
	return c;
}

/* The stand-in for the CLI loader: `hostname X` or nothing. */
static struct config *
loader(const char *text, char *err, size_t errlen, void *arg)
{
	char	 h[HOSTNAME_MAX];

	(void)arg;
	if (text[0] == '\0')
		return config_new();
	if (sscanf(text, "hostname %63s", h) != 1) {
		snprintf(err, errlen, "cannot parse '%s'", text);
		return NULL;
	}
	return host_config(h);
}

/* What xrsh's save hook does. */
static void
save_hook(const struct commit_rec *r, const struct config *running,
    void *arg)
{
	char	 err[PATH_MAX + 256];

	(void)r;
	(void)running;
	(void)arg;
	if (persist_commit(g_path, g_db, err, sizeof(err)) != 0) {
		fprintf(stderr, "persist_commit: %s\n", err);
		if (arg != NULL)
			_exit(3);	/* in a crash child */
	}
}

/*
 * A start as cmds_start() does it: the saved file, the marker, the
 * history, then the recovery.  *st: -1 no marker, else the status of
 * commit_trial_recover().  in_child: a failure exits.
 */
static struct commit_db *
start(const char *path, int *st, int in_child)
{
	struct persist_trial	 t;
	struct commit_db	*db;
	const char		*texts[2] = { NULL, NULL };
	char			*text = NULL, err[PATH_MAX + 256];
	int			 trc;

	*st = -9;
	if ((db = commit_db_new()) == NULL)
		return NULL;
	g_db = db;
	g_path = path;
	commit_set_loader(db, loader, NULL);
	commit_set_hook(db, save_hook, in_child ? (void *)1 : NULL);
	if (persist_load(path, &text, err, sizeof(err)) == 0) {
		struct config	*c = loader(text, err, sizeof(err), NULL);

		if (c != NULL)
			commit_install(db, c);
	}
	texts[0] = text != NULL ? text : "";
	trc = persist_trial_load(path, &t, err, sizeof(err));
	persist_hist_load(path, db, texts, err, sizeof(err));
	free(text);
	*st = -1;
	if (trc == 0) {
		*st = commit_trial_recover(db, t.first, t.last, t.target, err,
		    sizeof(err));
		if (*st == COMMIT_NOCHANGE)
			persist_trial_clear(path, err, sizeof(err));
		persist_trial_free(&t);
	} else if (trc == -1)
		*st = -2;
	return db;
}

static int
commit_h(struct commit_db *db, const char *h, unsigned confirm)
{
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c = host_config(h);
	char			 err[256];
	int			 st;

	memset(&o, 0, sizeof(o));
	o.user = "tester";
	o.line = "vty0";
	o.confirm_secs = confirm;
	cfg_errors_init(&errs);
	st = commit_apply(db, &c, &o, &errs, err, sizeof(err));
	config_free(c);
	cfg_errors_free(&errs);
	return st;
}

static char *
slurp(const char *file)
{
	char	*text = NULL, err[PATH_MAX + 64];

	if (persist_load(file, &text, err, sizeof(err)) != 0)
		return NULL;
	return text;
}

static void
put(const char *file, const char *text)
{
	char	 err[PATH_MAX + 64];

	T_EQ_INT(persist_save(file, text, err, sizeof(err)), 0);
}

static int
exists(const char *file)
{
	return access(file, F_OK) == 0;
}

static const char *
host(const struct commit_db *db)
{
	return config_hostname(commit_running(db));
}

/* Paths of one case: the saved file and the marker. */
struct paths {
	char	 sub[300];
	char	 cfg[PATH_MAX];
	char	 marker[PATH_MAX + 64];
};

static void
fresh(struct paths *p, const char *name)
{
	snprintf(p->sub, sizeof(p->sub), "%s/%s", dir, name);
	snprintf(p->cfg, sizeof(p->cfg), "%s/running.cfg", p->sub);
	snprintf(p->marker, sizeof(p->marker), "%s.commits/pending-confirm",
	    p->cfg);
	rm_tree(p->sub);
}

static void
test_marker_lifecycle(void)
{
	struct paths		 p;
	struct persist_trial	 t;
	struct commit_db	*db;
	char			 err[PATH_MAX + 128], *s;
	int			 st;

	fresh(&p, "life");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_INT(commit_h(db, "h1", 0), COMMIT_OK);
	T_ASSERT(!exists(p.marker));
	T_EQ_INT(persist_trial_load(p.cfg, &t, err, sizeof(err)), 1);

	/* a trial is marked with its IDs and the text to go back to */
	T_EQ_INT(commit_h(db, "h2", 30), COMMIT_OK);
	T_EQ_INT(persist_trial_load(p.cfg, &t, err, sizeof(err)), 0);
	T_EQ_INT(t.first, COMMIT_ID_FIRST + 1);
	T_EQ_INT(t.last, COMMIT_ID_FIRST + 1);
	T_EQ_STR(t.target, "hostname h1\n");
	persist_trial_free(&t);
	T_EQ_STR(s = slurp(p.cfg), "hostname h2\n");
	free(s);
	/* re-armed: the last ID moves, the target stays */
	T_EQ_INT(commit_h(db, "h3", 30), COMMIT_OK);
	T_EQ_INT(persist_trial_load(p.cfg, &t, err, sizeof(err)), 0);
	T_EQ_INT(t.first, COMMIT_ID_FIRST + 1);
	T_EQ_INT(t.last, COMMIT_ID_FIRST + 2);
	T_EQ_STR(t.target, "hostname h1\n");
	persist_trial_free(&t);
	/* confirmed without a new commit: the caller clears it */
	T_EQ_INT(commit_confirm(db), 0);
	T_EQ_INT(persist_trial_clear(p.cfg, err, sizeof(err)), 0);
	T_ASSERT(!exists(p.marker));
	T_EQ_INT(persist_trial_clear(p.cfg, err, sizeof(err)), 0);
	/* confirmed by a commit with changes: its save removes it */
	T_EQ_INT(commit_h(db, "h4", 30), COMMIT_OK);
	T_ASSERT(exists(p.marker));
	T_EQ_INT(commit_h(db, "h5", 0), COMMIT_OK);
	T_ASSERT(!exists(p.marker));
	/* abandoned (as the timer does): the rollback's save removes it */
	T_EQ_INT(commit_h(db, "h6", 30), COMMIT_OK);
	T_ASSERT(exists(p.marker));
	T_EQ_INT(commit_trial_abandon(db), 0);
	T_ASSERT(!exists(p.marker));
	T_EQ_STR(s = slurp(p.cfg), "hostname h5\n");
	free(s);
	T_EQ_STR(commit_nth(db, 0)->client, "Rollback");
	commit_db_free(db);

	/* nothing pending after all that */
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h5");
	commit_db_free(db);

	/* a damaged marker is an error naming it */
	put(p.marker, "xrsh-trial 1 00000000\nfirst 1000000002\n");
	T_EQ_INT(persist_trial_load(p.cfg, &t, err, sizeof(err)), -1);
	T_ASSERT(strstr(err, "pending-confirm") != NULL);
	T_ASSERT(strstr(err, "checksum") != NULL);
	put(p.marker, "something else\n");
	T_EQ_INT(persist_trial_load(p.cfg, &t, err, sizeof(err)), -1);
	rm_tree(p.sub);
}

/* h1 committed, then the trial h2 saved; the marker's text in *m. */
static struct commit_db *
h1_trial_h2(struct paths *p, const char *name, char **m)
{
	struct commit_db	*db;
	int			 st;

	fresh(p, name);
	db = start(p->cfg, &st, 0);
	T_EQ_INT(commit_h(db, "h1", 0), COMMIT_OK);
	T_EQ_INT(commit_h(db, "h2", 30), COMMIT_OK);
	*m = slurp(p->marker);
	T_ASSERT(*m != NULL);
	return db;
}

static void
test_recover_steps(void)
{
	struct paths		 p;
	struct commit_db	*db;
	const struct commit_rec	*r;
	char			*m, *s, f[PATH_MAX + 64];
	int			 st;

	/* killed after the trial reached the file: rolled back */
	db = h1_trial_h2(&p, "after", &m);
	commit_db_free(db);		/* no abandon: as kill -9 */
	last_log[0] = '\0';
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 3);
	r = commit_nth(db, 0);
	T_EQ_INT(r->id, COMMIT_ID_FIRST + 2);
	T_EQ_STR(r->client, "Rollback");
	T_EQ_STR(r->user, "tester");
	T_EQ_STR(r->text, "hostname h1\n");
	T_ASSERT(strstr(last_log, "%MGBL-CONFIG-4-TRIAL_ROLLBACK") != NULL);
	T_ASSERT(strstr(last_log, "unconfirmed commit ID 1000000002") !=
	    NULL);
	T_ASSERT(strstr(last_log, "changes 1000000003") != NULL);
	T_ASSERT(!exists(p.marker));
	T_EQ_STR(s = slurp(p.cfg), "hostname h1\n");
	free(s);
	commit_db_free(db);
	/* killed again in the rollback, before its file: rolled back again */
	put(p.cfg, "hostname h2\n");
	put(p.marker, m);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 3);
	commit_db_free(db);
	/* and a third start has nothing to do */
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 3);
	commit_db_free(db);
	free(m);

	/* killed after the marker, before the file: the trial never was */
	db = h1_trial_h2(&p, "marker", &m);
	commit_db_free(db);
	put(p.cfg, "hostname h1\n");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_NOCHANGE);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 1);
	T_ASSERT(!exists(p.marker));
	/* the dropped trial's ID is taken again, and not rolled back */
	T_EQ_INT(commit_h(db, "h7", 0), COMMIT_OK);
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST + 1);
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h7");
	commit_db_free(db);
	free(m);

	/* killed after the record, before the marker: no trace */
	db = h1_trial_h2(&p, "record", &m);
	commit_db_free(db);
	put(p.cfg, "hostname h1\n");
	T_EQ_INT(unlink(p.marker), 0);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 1);
	commit_db_free(db);
	free(m);

	/* re-armed (h3), killed after its marker, before its file */
	db = h1_trial_h2(&p, "rearm", &m);
	T_EQ_INT(commit_h(db, "h3", 30), COMMIT_OK);
	commit_db_free(db);
	put(p.cfg, "hostname h2\n");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 3);	/* h1, h2, the rollback */
	commit_db_free(db);
	free(m);

	/* re-armed, killed after its record, before the new marker */
	db = h1_trial_h2(&p, "rearm2", &m);
	T_EQ_INT(commit_h(db, "h3", 30), COMMIT_OK);
	commit_db_free(db);
	put(p.cfg, "hostname h2\n");
	put(p.marker, m);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	commit_db_free(db);
	free(m);

	/* re-armed and saved: back to before the first trial commit */
	db = h1_trial_h2(&p, "rearm3", &m);
	T_EQ_INT(commit_h(db, "h3", 30), COMMIT_OK);
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 4);
	T_ASSERT(strstr(last_log, "unconfirmed commit ID 1000000003") !=
	    NULL);
	commit_db_free(db);
	free(m);

	/*
	 * Confirmed by a commit (h4) whose file was saved, killed before
	 * the marker went: the marker is stale, h4 stays.
	 */
	db = h1_trial_h2(&p, "confirmed", &m);
	T_EQ_INT(commit_h(db, "h4", 0), COMMIT_OK);
	commit_db_free(db);
	put(p.marker, m);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_NOCHANGE);
	T_EQ_STR(host(db), "h4");
	T_EQ_INT(commit_count(db), 3);
	T_ASSERT(!exists(p.marker));
	commit_db_free(db);
	free(m);

	/* confirmed without a commit and cleared: kept */
	db = h1_trial_h2(&p, "cleared", &m);
	T_EQ_INT(commit_confirm(db), 0);
	T_EQ_INT(persist_trial_clear(p.cfg, f, sizeof(f)), 0);
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h2");
	commit_db_free(db);
	free(m);

	/* confirmed, killed before the marker went: the restart undoes it */
	db = h1_trial_h2(&p, "uncleared", &m);
	T_EQ_INT(commit_confirm(db), 0);
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	commit_db_free(db);
	free(m);

	/* a rejected history: judged by the text, still rolled back */
	db = h1_trial_h2(&p, "rejected", &m);
	commit_db_free(db);
	snprintf(f, sizeof(f), "%s.commits/%u.commit", p.cfg,
	    COMMIT_ID_FIRST + 1);
	put(f, "damaged\n");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 1);	/* the rollback, a new history */
	T_EQ_STR(commit_nth(db, 0)->client, "Rollback");
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, -1);
	T_EQ_STR(host(db), "h1");
	commit_db_free(db);
	free(m);
	/* ... and not when the file is the target already */
	db = h1_trial_h2(&p, "rejected2", &m);
	commit_db_free(db);
	put(p.cfg, "hostname h1\n");
	snprintf(f, sizeof(f), "%s.commits/%u.commit", p.cfg,
	    COMMIT_ID_FIRST);
	put(f, "damaged\n");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_NOCHANGE);
	T_EQ_STR(host(db), "h1");
	T_EQ_INT(commit_count(db), 0);
	commit_db_free(db);
	free(m);

	/* the very first commit a trial: back to the empty configuration */
	fresh(&p, "first");
	db = start(p.cfg, &st, 0);
	T_EQ_INT(commit_h(db, "h1", 30), COMMIT_OK);
	commit_db_free(db);
	db = start(p.cfg, &st, 0);
	T_EQ_INT(st, COMMIT_OK);
	T_EQ_STR(host(db), HOSTNAME_DEFAULT);
	T_EQ_STR(s = slurp(p.cfg), "");
	free(s);
	commit_db_free(db);

	rm_tree(p.sub);
}

/*
 * Round k of the child: plain commit h(10k), trial h(10k+1), re-armed
 * h(10k+2), then by k % 3: confirmed by a commit h(10k+3); confirmed
 * without one (h(10k+2) stays); abandoned (back to h(10k)).
 */
static void
child_trials(const char *path)
{
	struct commit_db	*db;
	char			 h[32], err[PATH_MAX + 128];
	long			 k = 0, n;
	int			 st;

	if ((db = start(path, &st, 1)) == NULL)
		_exit(2);
	if (sscanf(host(db), "h%ld", &n) == 1)
		k = n / 10 + 1;
	for (;; k++) {
		snprintf(h, sizeof(h), "h%ld", 10 * k);
		if (commit_h(db, h, 0) != COMMIT_OK)
			_exit(4);
		snprintf(h, sizeof(h), "h%ld", 10 * k + 1);
		if (commit_h(db, h, 60) != COMMIT_OK)
			_exit(4);
		snprintf(h, sizeof(h), "h%ld", 10 * k + 2);
		if (commit_h(db, h, 60) != COMMIT_OK)
			_exit(4);
		switch (k % 3) {
		case 0:
			snprintf(h, sizeof(h), "h%ld", 10 * k + 3);
			if (commit_h(db, h, 0) != COMMIT_OK)
				_exit(4);
			break;
		case 1:
			if (commit_confirm(db) == -1 ||
			    persist_trial_clear(path, err, sizeof(err)) == -1)
				_exit(4);
			break;
		default:
			if (commit_trial_abandon(db) == -1)
				_exit(4);
			break;
		}
	}
}

static void
test_crash_trials(void)
{
	struct paths		 p;
	struct commit_db	*db;
	const struct commit_rec	*r;
	char			 want[64];
	int			 round, status, st, bad = 0, rolled = 0;
	long			 n, most = 0;
	pid_t			 pid;

	fresh(&p, "crash");
	for (round = 0; round < KILL_ROUNDS; round++) {
		if ((pid = fork()) == -1) {
			T_ASSERT(!"fork failed");
			break;
		}
		if (pid == 0)
			child_trials(p.cfg);
		usleep((useconds_t)(rand() % 60000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "round %d: child exited %d\n", round,
			    WEXITSTATUS(status));
			bad++;
			continue;
		}
		db = start(p.cfg, &st, 0);
		if (db == NULL) {
			bad++;
			continue;
		}
		if (st == COMMIT_OK)
			rolled++;
		n = -1;
		if (commit_count(db) > 0)
			sscanf(host(db), "h%ld", &n);
		r = commit_nth(db, 0);
		snprintf(want, sizeof(want), "hostname %s\n", host(db));
		/*
		 * Never a trial that was not confirmed: h(10k+1) never is,
		 * h(10k+2) only in the rounds that confirm it as it is.
		 */
		if ((n >= 0 && (n % 10 == 1 || (n % 10 == 2 &&
		    (n / 10) % 3 != 1))) || st == COMMIT_FAIL || st == -2 ||
		    (r != NULL && strcmp(r->text, want) != 0) ||
		    exists(p.marker)) {
			fprintf(stderr, "round %d: running %s, recovery %d, "
			    "newest %s", round, host(db), st,
			    r != NULL ? r->text : "(none)\n");
			bad++;
		}
		if (n > most)
			most = n;
		commit_db_free(db);
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(most > 0);
	printf("# crash with trials: %d rounds, up to h%ld, %d rolled back "
	    "at start\n", KILL_ROUNDS, most, rolled);
	rm_tree(p.sub);
}

int
main(void)
{
	char	 tmpl[] = "/tmp/test_trial.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		T_ASSERT(0);
		return T_DONE();
	}
	strlcpy(dir, tmpl, sizeof(dir));
	srand((unsigned)getpid());
	log_set_sink(sink, NULL);	/* the tests read the last line */
	test_marker_lifecycle();
	test_recover_steps();
	test_crash_trials();
	rm_tree(dir);
	return T_DONE();
}
