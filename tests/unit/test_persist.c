/*
 * Unit tests for core/persist.c: save/load, the default path, and two
 * crash tests: a child saves versions in a loop (raw saves, then real
 * commits through core/commit.c with the save hook) and is killed with
 * SIGKILL at random moments; the file left behind must always parse and
 * be exactly one of the versions committed.
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

#include "core/cfgtext.h"
#include "core/commit.h"
#include "core/persist.h"
#include "core/rpl.h"
#include "core/rpl_db.h"
#include "core/strbuf.h"
#include "tests/unit/t.h"

#define VERSION_LINES	3000
#define KILL_ROUNDS	40
#define SET_ENTRIES	1500

static char	dir[256];

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
	snprintf(want, sizeof(want), "%s/.local/state/xrsh/running.cfg", dir);
	T_EQ_STR(buf, want);
	unsetenv("HOME");
	T_EQ_INT(persist_default_path(buf, sizeof(buf), err, sizeof(err)), -1);
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
	for (j = 0; j < SET_ENTRIES; j++)
		sb_printf(&sb, "  10.%ld.%d.0/24 le %d%s\n", n % 256, j % 256,
		    24 + j / 256, j + 1 < SET_ENTRIES ? "," : "");
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
	rm_tree(dir);
	return T_DONE();
}
