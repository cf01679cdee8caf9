/*
 * Unit tests for core/persist.c: save/load, the default path, the commit
 * history next to the saved file (round trip, the 100-commit bound, a
 * commit that never reached the file, damaged histories), and three crash
 * tests: a child saves versions in a loop (raw saves, real commits through
 * core/commit.c with the save hook, and commits with the history that
 * restart from what the previous child left) and is killed with SIGKILL
 * at random moments; the file left behind must always parse and be
 * exactly one of the versions committed, and the history must load and
 * agree with it.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/config/cfgtext.h"
#include "core/config/commit.h"
#include "core/config/persist.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/lib/strbuf.h"
#include "tests/unit/t.h"

#define VERSION_LINES	3000
#define KILL_ROUNDS	40
#define SET_ENTRIES	1500
#define HIST_ENTRIES	60	/* smaller: many commits before the kill */

static char		 dir[256];
static struct commit_db	*r_db;	/* the database the save hooks persist */
static int		 set_entries = SET_ENTRIES;	/* per version */

/* Version n: large enough that a torn write would show. */
static char *
version_text(long n)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 j;

	sb_printf(&sb, "hostname v%ld\n", n);
	for (j = 0; j < VERSION_LINES; j++)
		sb_printf(&sb, "prefix-line %ld %d\n", n, j);
	sb_puts(&sb, "end\n");
	return sb_steal(&sb);
}

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

static int
count_entries(const char *d)
{
	DIR		*dp;
	struct dirent	*de;
	int		 n = 0;

	if ((dp = opendir(d)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(dp);
	return n;
}

static void
test_basic(void)
{
	char	 path[PATH_MAX], sub[300], *text, err[256];

	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	T_EQ_INT(persist_load(path, &text, err, sizeof(err)), 1);
	T_ASSERT(text == NULL);
	T_EQ_INT(persist_save(path, "hostname r1\n", err, sizeof(err)), 0);
	T_EQ_INT(persist_load(path, &text, err, sizeof(err)), 0);
	T_EQ_STR(text, "hostname r1\n");
	free(text);
	T_EQ_INT(persist_save(path, "", err, sizeof(err)), 0);
	T_EQ_INT(persist_load(path, &text, err, sizeof(err)), 0);
	T_EQ_STR(text, "");
	free(text);
	T_EQ_INT(count_entries(sub), 1);	/* no temporary left over */

	/* a directory in the way is an error naming the path */
	snprintf(path, sizeof(path), "%s/a", dir);
	T_EQ_INT(persist_save(path, "x\n", err, sizeof(err)), -1);
	T_ASSERT(strstr(err, dir) != NULL);
	T_EQ_INT(persist_load(path, &text, err, sizeof(err)), -1);
}

static void
test_default_path(void)
{
	char	 buf[PATH_MAX], err[256], want[PATH_MAX];
	char	*oxdg = getenv("XDG_STATE_HOME"), *ohome = getenv("HOME");

	oxdg = oxdg ? strdup(oxdg) : NULL;
	ohome = ohome ? strdup(ohome) : NULL;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	T_EQ_INT(persist_default_path(buf, sizeof(buf), err, sizeof(err)), 0);
	T_EQ_STR(buf, "/x/state/xrsh/running.cfg");
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", dir, 1);
	T_EQ_INT(persist_default_path(buf, sizeof(buf), err, sizeof(err)), 0);
	/* root without XDG_STATE_HOME: the router's own file, HOME or not */
	if (geteuid() == 0)
		T_EQ_STR(buf, PERSIST_SYSTEM_PATH);
	else {
		snprintf(want, sizeof(want), "%s/.local/state/xrsh/running.cfg",
		    dir);
		T_EQ_STR(buf, want);
	}
	unsetenv("HOME");
	T_EQ_INT(persist_default_path(buf, sizeof(buf), err, sizeof(err)),
	    geteuid() == 0 ? 0 : -1);
	if (oxdg)
		setenv("XDG_STATE_HOME", oxdg, 1);
	if (ohome)
		setenv("HOME", ohome, 1);
	free(oxdg);
	free(ohome);
}

static void
child_loop(const char *path)
{
	char	 err[256], *t;
	long	 n;

	for (n = 1; ; n++) {
		if ((t = version_text(n)) == NULL)
			_exit(2);
		if (persist_save(path, t, err, sizeof(err)) == -1)
			_exit(3);
		free(t);
	}
}

/* 1 if text is exactly some version_text(n). */
static int
is_a_version(const char *text)
{
	long	 n;
	char	*want;
	int	 ok;

	if (sscanf(text, "hostname v%ld\n", &n) != 1)
		return 0;
	if ((want = version_text(n)) == NULL)
		return 0;
	ok = strcmp(want, text) == 0;
	free(want);
	return ok;
}

static void
test_crash(void)
{
	char	 path[PATH_MAX], sub[300], *text, err[256], *first;
	int	 round, status, bad = 0, seen = 0;
	pid_t	 pid;

	snprintf(sub, sizeof(sub), "%s/crash", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	/* an initial committed version, as after a first commit */
	first = version_text(0);
	T_EQ_INT(persist_save(path, first, err, sizeof(err)), 0);
	free(first);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (round = 0; round < KILL_ROUNDS; round++) {
		if ((pid = fork()) == -1) {
			T_ASSERT(!"fork failed");
			return;
		}
		if (pid == 0)
			child_loop(path);
		usleep((useconds_t)(rand() % 30000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		T_ASSERT(WIFSIGNALED(status));
		if (persist_load(path, &text, err, sizeof(err)) != 0) {
			bad++;
			continue;
		}
		if (is_a_version(text))
			seen++;
		else
			bad++;
		free(text);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(seen, KILL_ROUNDS);
}

/* Committed version n: a hostname and a large prefix-set. */
static struct config *
version_config(long n)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct config	*c;
	struct rpl_set	*set;
	struct rpl_err	 rerr;
	int		 j;

	if ((c = config_new()) == NULL)
		return NULL;
	snprintf(c->hostname, sizeof(c->hostname), "v%ld", n);
	sb_puts(&sb, "prefix-set BIG\n");
	for (j = 0; j < set_entries; j++)
		sb_printf(&sb, "  10.%ld.%d.0/24 le %d%s\n", n % 256, j % 256,
		    24 + j / 256, j + 1 < set_entries ? "," : "");
	sb_puts(&sb, "end-set\n");
	set = sb.oom ? NULL : rpl_parse_set(sb_str(&sb), &rerr);
	sb_free(&sb);
	if (set == NULL || rpl_db_put_set(c->rpl, set) == -1) {
		config_free(c);
		return NULL;
	}
	return c;
}

static void
save_hook(const struct commit_rec *r, const struct config *running,
    void *arg)
{
	char	 err[256];

	(void)running;
	if (persist_save(arg, r->text, err, sizeof(err)) == -1)
		_exit(3);
}

static void
child_commits(const char *path)
{
	struct commit_db	*db;
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	char			 err[256];
	long			 n;

	if ((db = commit_db_new()) == NULL)
		_exit(2);
	commit_set_hook(db, save_hook, (void *)path);
	memset(&o, 0, sizeof(o));
	cfg_errors_init(&errs);
	for (n = 1; ; n++) {
		if ((c = version_config(n)) == NULL)
			_exit(2);
		if (commit_apply(db, &c, &o, &errs, err, sizeof(err)) !=
		    COMMIT_OK)
			_exit(4);
		cfg_errors_free(&errs);
	}
}

/* 1 if text parses and is exactly the committed text of some version. */
static int
is_committed_version(const char *text)
{
	struct ct_node	*root;
	struct strbuf	 sb = STRBUF_INIT;
	struct config	*c;
	long		 n;
	char		 err[128];
	int		 ok;

	if (ct_parse(text, &root, err, sizeof(err)) == -1)
		return 0;
	ok = root->nkids == 2 && root->kids[1]->body != NULL;
	ct_free(root);
	if (!ok || sscanf(text, "hostname v%ld\n", &n) != 1)
		return 0;
	if ((c = version_config(n)) == NULL)
		return 0;
	ok = config_print(c, &sb) == 0 && strcmp(sb_str(&sb), text) == 0;
	sb_free(&sb);
	config_free(c);
	return ok;
}

static void
test_crash_commits(void)
{
	char	 path[PATH_MAX], sub[300], *text, err[256];
	int	 round, status, bad = 0, seen = 0, missing = 0;
	pid_t	 pid;

	snprintf(sub, sizeof(sub), "%s/commits", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	for (round = 0; round < KILL_ROUNDS; round++) {
		if ((pid = fork()) == -1) {
			T_ASSERT(!"fork failed");
			return;
		}
		if (pid == 0)
			child_commits(path);
		/*
		 * Every fifth round waits (up to 2 s) for a first save before
		 * the random delay, so a loaded machine (sanitizers, parallel
		 * jobs) still kills some children mid-save, not only before.
		 */
		if (round % 5 == 0) {
			int	 w;

			for (w = 0; w < 200 && access(path, F_OK) != 0; w++)
				usleep(10000);
		}
		usleep((useconds_t)(rand() % 40000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		T_ASSERT(WIFSIGNALED(status));
		switch (persist_load(path, &text, err, sizeof(err))) {
		case 1:
			missing++;	/* killed before the first save */
			continue;
		case 0:
			if (is_committed_version(text))
				seen++;
			else
				bad++;
			free(text);
			break;
		default:
			bad++;
		}
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(seen + missing, KILL_ROUNDS);
	T_ASSERT(seen > 0);
}

/* --- commit history --- */

static struct config *
small_config(long n)
{
	struct config	*c = config_new();

	if (c != NULL)
		snprintf(c->hostname, sizeof(c->hostname), "h%ld", n);
	return c;
}

static void
hist_hook(const struct commit_rec *r, const struct config *running,
    void *arg)
{
	char	 err[PATH_MAX + 128];

	(void)r;
	(void)running;
	if (persist_commit(arg, r_db, err, sizeof(err)) != 0)
		fprintf(stderr, "persist_commit: %s\n", err);
}

/* Commits small versions first..last through persist_commit(). */
static void
commit_range(struct commit_db *db, long first, long last,
    const char *label)
{
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	char			 err[256];
	long			 n;

	memset(&o, 0, sizeof(o));
	o.user = "tester";
	o.line = "con0_RP0_CPU0";
	cfg_errors_init(&errs);
	for (n = first; n <= last; n++) {
		c = small_config(n);
		o.label = n == last ? label : NULL;
		o.comment = n == last ? "the last one" : NULL;
		T_ASSERT(c != NULL);
		if (c == NULL ||
		    commit_apply(db, &c, &o, &errs, err, sizeof(err)) !=
		    COMMIT_OK) {
			T_ASSERT(!"commit failed");
			config_free(c);
			break;
		}
	}
	cfg_errors_free(&errs);
}

/* A fresh database as xrsh starts: the saved config, then its history. */
static struct commit_db *
restart(const char *path, int *rc, char *err, size_t errlen)
{
	struct commit_db	*db = commit_db_new();
	struct config		*c;
	const char		*texts[2];
	char			*text = NULL;
	long			 n;

	*rc = -9;
	if (db == NULL)
		return NULL;
	if (persist_load(path, &text, err, errlen) == 0 &&
	    sscanf(text, "hostname h%ld", &n) == 1 &&
	    (c = small_config(n)) != NULL)
		commit_install(db, c);
	texts[0] = text != NULL ? text : "";
	texts[1] = NULL;
	*rc = persist_hist_load(path, db, texts, err, errlen);
	free(text);
	return db;
}

static void
hist_file_path(char *buf, size_t len, const char *path, uint32_t id,
    const char *ext)
{
	snprintf(buf, len, "%s.commits/%u%s", path, id, ext);
}

static void
test_history_roundtrip(void)
{
	struct commit_db	*db;
	const struct commit_rec	*r;
	char			 path[PATH_MAX], sub[300], f[PATH_MAX + 64];
	char			 err[PATH_MAX + 256];
	int			 rc;

	snprintf(sub, sizeof(sub), "%s/hist", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	T_EQ_INT(persist_hist_path(path, f, sizeof(f)), 0);
	T_ASSERT(strstr(f, "running.cfg.commits") != NULL);

	/* no history at all: nothing restored, no error */
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), 0);
	commit_db_free(db);

	db = commit_db_new();
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 1, 3, "THIRD");
	commit_db_free(db);

	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), 3);
	r = commit_nth(db, 0);
	T_EQ_INT(r->id, COMMIT_ID_FIRST + 2);
	T_EQ_STR(r->label, "THIRD");
	T_EQ_STR(r->comment, "the last one");
	T_EQ_STR(r->user, "tester");
	T_EQ_STR(r->line, "con0_RP0_CPU0");
	T_EQ_STR(r->client, "CLI");
	T_EQ_STR(r->text, "hostname h3\n");
	T_ASSERT(r->time > 0);
	T_ASSERT(commit_nth(db, 2)->label == NULL);
	T_EQ_STR(commit_text_before(db, 2), "");
	T_EQ_INT(commit_find(db, "THIRD"), 0);
	T_EQ_STR(commit_target_last(db, 3, err, sizeof(err)), "");
	/* the sequence continues after a restart */
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 4, 4, NULL);
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST + 3);
	commit_db_free(db);

	/* the newest record never reached the saved file: dropped */
	T_EQ_INT(persist_save(path, "hostname h3\n", err, sizeof(err)), 0);
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), 3);
	T_EQ_STR(commit_nth(db, 0)->text, "hostname h3\n");
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 9, 9, NULL);	/* takes the dropped ID again */
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST + 3);
	T_EQ_STR(commit_nth(db, 0)->text, "hostname h9\n");
	commit_db_free(db);
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), 4);
	T_EQ_STR(commit_nth(db, 0)->text, "hostname h9\n");
	commit_db_free(db);

	/* a leftover temporary file of an interrupted save is removed */
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 4,
	    ".commit.tmpAbC123");
	T_EQ_INT(persist_save(f, "junk", err, sizeof(err)), 0);
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(access(f, F_OK), -1);
	commit_db_free(db);
	rm_tree(sub);
}

/* Expects the history at path to be rejected naming `names`, with the
 * saved configuration (hostname `host`) loaded all the same. */
static void
expect_rejected(const char *path, const char *names, const char *host,
    int line)
{
	struct commit_db	*db;
	char			 err[PATH_MAX + 256], aside[PATH_MAX + 64];
	int			 rc;

	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, -1);
	if (rc == -1 && strstr(err, names) == NULL)
		fprintf(stderr, "%d: error \"%s\" does not name %s\n", line,
		    err, names);
	T_ASSERT(strstr(err, names) != NULL);
	T_ASSERT(strstr(err, "starting with an empty commit history") !=
	    NULL);
	T_EQ_INT(commit_count(db), 0);
	/* the loaded configuration stays */
	T_EQ_STR(config_hostname(commit_running(db)), host);
	commit_db_free(db);
	snprintf(aside, sizeof(aside), "%s.commits.rejected", path);
	T_EQ_INT(access(aside, F_OK), 0);
	snprintf(aside, sizeof(aside), "%s.commits", path);
	T_EQ_INT(access(aside, F_OK), -1);
}

/* Two commits (h1, h2) saved with their history. */
static void
two_commits(const char *sub, const char *path)
{
	struct commit_db	*db;

	rm_tree(sub);
	db = commit_db_new();
	r_db = db;
	commit_set_hook(db, hist_hook, (void *)path);
	commit_range(db, 1, 2, NULL);
	commit_db_free(db);
}

static void
test_history_rejected(void)
{
	struct commit_db	*db;
	char			 path[PATH_MAX], sub[300], f[PATH_MAX + 64];
	char			 err[PATH_MAX + 256], *text;
	FILE			*fp;
	int			 rc;

	snprintf(sub, sizeof(sub), "%s/bad", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);

	/* one flipped byte in a record */
	two_commits(sub, path);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST, ".commit");
	T_EQ_INT(persist_load(f, &text, err, sizeof(err)), 0);
	text[strlen(text) - 3] = 'X';
	T_EQ_INT(persist_save(f, text, err, sizeof(err)), 0);
	free(text);
	expect_rejected(path, f, "h2", __LINE__);

	/* the next commit starts a fresh history; the old one stays aside */
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 7, 7, NULL);
	commit_db_free(db);
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), 1);
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST);
	T_EQ_STR(commit_text_before(db, 0), "hostname h2\n");
	commit_db_free(db);

	/* not a history file at all */
	two_commits(sub, path);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 1, ".commit");
	T_EQ_INT(persist_save(f, "hostname h2\n", err, sizeof(err)), 0);
	expect_rejected(path, f, "h2", __LINE__);

	/* a gap in the IDs */
	two_commits(sub, path);
	db = commit_db_new();
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 1, 3, NULL);
	commit_db_free(db);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 1, ".commit");
	unlink(f);
	expect_rejected(path, f, "h3", __LINE__);

	/* the text before the first commit is missing */
	two_commits(sub, path);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST, ".before");
	unlink(f);
	expect_rejected(path, f, "h2", __LINE__);

	/* the saved configuration is none of the committed versions */
	two_commits(sub, path);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 1, ".commit");
	unlink(f);
	expect_rejected(path, "does not match", "h2", __LINE__);

	/* truncated text */
	two_commits(sub, path);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 1, ".commit");
	if ((fp = fopen(f, "a")) != NULL) {
		fputs("extra\n", fp);
		fclose(fp);
	}
	expect_rejected(path, f, "h2", __LINE__);
	rm_tree(sub);
}

/* More than COMMIT_HISTORY_MAX commits: the newest 100 survive a restart
 * and `rollback last 100` still reaches the text before them. */
static void
test_history_bound(void)
{
	struct commit_db	*db;
	char			 path[PATH_MAX], sub[300], f[PATH_MAX + 64];
	char			 err[PATH_MAX + 256];
	int			 rc;
	long			 total = COMMIT_HISTORY_MAX + 7;
	char			*leftover = NULL;

	snprintf(sub, sizeof(sub), "%s/bound", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	db = commit_db_new();
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 1, 5, NULL);
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 4, ".commit");
	T_EQ_INT(persist_load(f, &leftover, err, sizeof(err)), 0);
	commit_range(db, 6, total, NULL);
	commit_db_free(db);
	/* the records kept, and the one before them that holds the base */
	snprintf(f, sizeof(f), "%s.commits", path);
	T_EQ_INT(count_entries(f), COMMIT_HISTORY_MAX + 1);
	/* a record an interrupted prune left below a gap does not matter */
	hist_file_path(f, sizeof(f), path, COMMIT_ID_FIRST + 4, ".commit");
	T_EQ_INT(persist_save(f, leftover ? leftover : "", err, sizeof(err)),
	    0);
	free(leftover);
	snprintf(f, sizeof(f), "%s.commits", path);

	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), COMMIT_HISTORY_MAX);
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST + total - 1);
	T_EQ_STR(commit_nth(db, COMMIT_HISTORY_MAX - 1)->text,
	    "hostname h8\n");
	T_EQ_STR(commit_target_last(db, COMMIT_HISTORY_MAX, err,
	    sizeof(err)), "hostname h7\n");
	T_ASSERT(commit_target_last(db, COMMIT_HISTORY_MAX + 1, err,
	    sizeof(err)) == NULL);
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, total + 1, total + 1, NULL);
	T_EQ_INT(commit_nth(db, 0)->id, COMMIT_ID_FIRST + total);
	commit_db_free(db);
	T_EQ_INT(count_entries(f), COMMIT_HISTORY_MAX + 1);	/* pruned */

	/* the history became full without dropping: the base file stays */
	rm_tree(sub);
	db = commit_db_new();
	r_db = db;
	commit_set_hook(db, hist_hook, path);
	commit_range(db, 1, COMMIT_HISTORY_MAX, NULL);
	commit_db_free(db);
	db = restart(path, &rc, err, sizeof(err));
	T_EQ_INT(rc, 0);
	T_EQ_INT(commit_count(db), COMMIT_HISTORY_MAX);
	T_EQ_STR(commit_target_last(db, COMMIT_HISTORY_MAX, err,
	    sizeof(err)), "");
	commit_db_free(db);
	rm_tree(sub);
}

/*
 * Crash test with the history: each child starts like xrsh (saved file,
 * then its history), then commits versions n+1, n+2, ... until killed.
 * Version k is always commit ID FIRST + k - 1, so after any kill the
 * history must load, end with the saved text, and count back from it.
 */
static void
big_hist_hook(const struct commit_rec *r, const struct config *running,
    void *arg)
{
	char	 err[PATH_MAX + 128];

	(void)r;
	(void)running;
	if (persist_commit(arg, r_db, err, sizeof(err)) != 0)
		_exit(3);
}

static struct commit_db *
big_restart(const char *path, long *n, int *rc, char *err, size_t errlen)
{
	struct commit_db	*db = commit_db_new();
	struct config		*c;
	const char		*texts[2] = { NULL, NULL };
	char			*text = NULL;

	*n = 0;
	*rc = -9;
	if (db == NULL)
		return NULL;
	switch (persist_load(path, &text, err, errlen)) {
	case 0:
		if (!is_committed_version(text) ||
		    sscanf(text, "hostname v%ld", n) != 1 ||
		    (c = version_config(*n)) == NULL) {
			free(text);
			*rc = -8;
			return db;
		}
		commit_install(db, c);
		texts[0] = text;
		break;
	case 1:
		texts[0] = "";
		break;
	default:
		*rc = -7;
		return db;
	}
	*rc = persist_hist_load(path, db, texts, err, errlen);
	free(text);
	return db;
}

static void
child_hist_commits(const char *path)
{
	struct commit_db	*db;
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	char			 err[PATH_MAX + 256];
	long			 n;
	int			 rc;

	if ((db = big_restart(path, &n, &rc, err, sizeof(err))) == NULL ||
	    rc != 0)
		_exit(5);
	r_db = db;
	commit_set_hook(db, big_hist_hook, (void *)path);
	memset(&o, 0, sizeof(o));
	cfg_errors_init(&errs);
	for (n++; ; n++) {
		if ((c = version_config(n)) == NULL)
			_exit(2);
		if (commit_apply(db, &c, &o, &errs, err, sizeof(err)) !=
		    COMMIT_OK)
			_exit(4);
		cfg_errors_free(&errs);
	}
}

/* The loaded history agrees with saved version n; 1 if so. */
static int
history_agrees(struct commit_db *db, long n)
{
	size_t	 i, cnt = commit_count(db);
	long	 k;

	if (n == 0)
		return cnt == 0;
	if (cnt == 0 || cnt > COMMIT_HISTORY_MAX || (long)cnt > n)
		return 0;
	for (i = 0; i < cnt; i++) {
		const struct commit_rec	*r = commit_nth(db, i);

		if (r->id != COMMIT_ID_FIRST + (uint32_t)(n - 1 - (long)i) ||
		    sscanf(r->text, "hostname v%ld", &k) != 1 ||
		    k != n - (long)i)
			return 0;
	}
	k = -1;
	if ((long)cnt == n)
		return commit_text_before(db, cnt - 1)[0] == '\0';
	return sscanf(commit_text_before(db, cnt - 1), "hostname v%ld",
	    &k) == 1 && k == n - (long)cnt;
}

static void
test_crash_history(void)
{
	struct commit_db	*db;
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	char			 path[PATH_MAX], sub[300];
	char			 err[PATH_MAX + 256];
	int			 round, status, rc, bad = 0;
	long			 n, most = 0;
	pid_t			 pid;

	snprintf(sub, sizeof(sub), "%s/crashhist", dir);
	snprintf(path, sizeof(path), "%s/running.cfg", sub);
	set_entries = HIST_ENTRIES;
	for (round = 0; round < KILL_ROUNDS; round++) {
		if ((pid = fork()) == -1) {
			T_ASSERT(!"fork failed");
			return;
		}
		if (pid == 0)
			child_hist_commits(path);
		usleep((useconds_t)(rand() % 60000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "round %d: child exited %d\n", round,
			    WEXITSTATUS(status));
			bad++;
			continue;
		}
		db = big_restart(path, &n, &rc, err, sizeof(err));
		if (db == NULL || rc != 0 || !history_agrees(db, n)) {
			fprintf(stderr, "round %d: rc %d n %ld: %s\n", round,
			    rc, n, rc != 0 ? err : "history disagrees");
			bad++;
			commit_db_free(db);
			continue;
		}
		if (n > most)
			most = n;
		/* the next commit continues the sequence */
		if (n > 0) {
			memset(&o, 0, sizeof(o));
			cfg_errors_init(&errs);
			c = version_config(n + 1);
			if (c == NULL || commit_apply(db, &c, &o, &errs, err,
			    sizeof(err)) != COMMIT_OK ||
			    commit_nth(db, 0)->id != COMMIT_ID_FIRST + n)
				bad++;
			config_free(c);
			cfg_errors_free(&errs);
		}
		commit_db_free(db);
	}
	set_entries = SET_ENTRIES;
	T_EQ_INT(bad, 0);
	T_ASSERT(most > 0);
	printf("# crash with history: %d rounds, %ld commits\n", KILL_ROUNDS,
	    most);
}

int
main(void)
{
	char	 tmpl[] = "/tmp/test_persist.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		T_ASSERT(0);
		return T_DONE();
	}
	strlcpy(dir, tmpl, sizeof(dir));
	test_basic();
	test_default_path();
	test_crash();
	test_crash_commits();
	test_history_roundtrip();
	test_history_rejected();
	test_history_bound();
	test_crash_history();
	rm_tree(dir);
	return T_DONE();
}
