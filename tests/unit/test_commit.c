/*
 * Unit tests for core/commit.c: IDs and labels, all-or-nothing commits
 * with a failing check, confirmed-commit expiry on a warped clock,
 * rollback target selection and the bounded history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/commit.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "tests/unit/t.h"

static int	hook_calls;
static char	last_log[1024];

static struct config *
with_host(const char *h)
{
	struct config	*c = config_new();

	if (c != NULL)
		strlcpy(c->hostname, h, sizeof(c->hostname));
	return c;
}

/* The stand-in for the CLI loader: understands `hostname X` only. */
static struct config *
loader(const char *text, char *err, size_t errlen, void *arg)
{
	struct config	*c = config_new();
	char		 h[HOSTNAME_MAX];

	(void)arg;
	if (c == NULL)
		return NULL;
	if (text[0] == '\0')
		return c;
	if (sscanf(text, "hostname %63s", h) != 1) {
		snprintf(err, errlen, "cannot parse '%s'", text);
		config_free(c);
		return NULL;
	}
	strlcpy(c->hostname, h, sizeof(c->hostname));
	return c;
}

static int
check_no_bad(const struct config *c, struct cfg_errors *errs, void *arg)
{
	(void)arg;
	if (strcmp(c->hostname, "bad") == 0)
		return cfg_error_add(errs, "hostname bad",
		    "hostname 'bad' is not allowed") == 0;
	return 0;
}

static void
hook(const struct commit_rec *r, const struct config *running, void *arg)
{
	(void)r;
	(void)running;
	(void)arg;
	hook_calls++;
}

static void
sink(enum log_level lvl, const char *line, void *arg)
{
	(void)lvl;
	(void)arg;
	strlcpy(last_log, line, sizeof(last_log));
}

static enum commit_status
commit_host(struct commit_db *db, const char *h, const char *label,
    unsigned confirm)
{
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c = with_host(h);
	enum commit_status	 st;
	char			 err[256];

	memset(&o, 0, sizeof(o));
	o.label = label;
	o.user = "tester";
	o.line = "vty0";
	o.confirm_secs = confirm;
	cfg_errors_init(&errs);
	st = commit_apply(db, &c, &o, &errs, err, sizeof(err));
	T_ASSERT((st == COMMIT_OK) == (c == NULL));
	config_free(c);
	cfg_errors_free(&errs);
	return st;
}

static void
test_ids_labels(void)
{
	struct commit_db	*db = commit_db_new();
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	char			 err[256];

	commit_set_hook(db, hook, NULL);
	T_EQ_INT(commit_count(db), 0);
	T_EQ_INT(commit_host(db, "r1", NULL, 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "r2", "two", 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "r3", NULL, 0), COMMIT_OK);
	T_EQ_INT(hook_calls, 3);
	T_EQ_INT(commit_count(db), 3);
	T_EQ_INT(commit_nth(db, 0)->id, 1000000003);
	T_EQ_INT(commit_nth(db, 2)->id, 1000000001);
	T_EQ_STR(commit_nth(db, 1)->label, "two");
	T_EQ_STR(commit_nth(db, 0)->client, "CLI");
	T_EQ_STR(commit_nth(db, 0)->user, "tester");
	T_EQ_STR(commit_nth(db, 0)->text, "hostname r3\n");
	T_EQ_INT(commit_find(db, "two"), 1);
	T_EQ_INT(commit_find(db, "1000000001"), 2);
	T_EQ_INT(commit_find(db, "nope"), -1);
	T_EQ_STR(commit_text_before(db, 2), "");
	T_EQ_STR(commit_text_before(db, 0), "hostname r2\n");

	/* nothing to commit */
	T_EQ_INT(commit_host(db, "r3", NULL, 0), COMMIT_NOCHANGE);
	/* duplicate label or a label that is no name: nothing happens */
	memset(&o, 0, sizeof(o));
	o.label = "two";
	cfg_errors_init(&errs);
	c = with_host("r4");
	T_EQ_INT(commit_apply(db, &c, &o, &errs, err, sizeof(err)),
	    COMMIT_FAIL);
	T_ASSERT(strstr(err, "'two'") != NULL);
	T_ASSERT(c != NULL);
	o.label = "1000000001";
	T_EQ_INT(commit_apply(db, &c, &o, &errs, err, sizeof(err)),
	    COMMIT_FAIL);
	config_free(c);
	cfg_errors_free(&errs);
	T_EQ_INT(commit_count(db), 3);
	T_EQ_STR(config_hostname(commit_running(db)), "r3");
	T_EQ_INT(hook_calls, 3);
	commit_db_free(db);
}

static void
test_all_or_nothing(void)
{
	struct commit_db	*db = commit_db_new();
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	unsigned long		 gen;
	char			 err[256];

	commit_set_check(db, check_no_bad, NULL);
	T_EQ_INT(commit_host(db, "good", NULL, 0), COMMIT_OK);
	gen = commit_generation(db);
	memset(&o, 0, sizeof(o));
	cfg_errors_init(&errs);
	c = with_host("bad");
	T_EQ_INT(commit_apply(db, &c, &o, &errs, err, sizeof(err)),
	    COMMIT_INVALID);
	T_ASSERT(c != NULL);		/* the candidate is kept */
	T_EQ_INT(errs.n, 1);
	T_EQ_STR(errs.v[0].path, "hostname bad");
	T_EQ_STR(errs.v[0].msg, "hostname 'bad' is not allowed");
	T_EQ_STR(config_hostname(commit_running(db)), "good");
	T_EQ_INT(commit_count(db), 1);
	T_EQ_INT(commit_generation(db), gen);
	/* fixed candidate commits */
	strlcpy(c->hostname, "fixed", sizeof(c->hostname));
	cfg_errors_free(&errs);
	T_EQ_INT(commit_apply(db, &c, &o, &errs, err, sizeof(err)),
	    COMMIT_OK);
	T_ASSERT(c == NULL);
	T_EQ_INT(commit_count(db), 2);
	T_ASSERT(commit_generation(db) > gen);
	cfg_errors_free(&errs);
	commit_db_free(db);
}

static void
test_confirmed(void)
{
	struct commit_db	*db = commit_db_new();

	log_set_sink(sink, NULL);
	T_EQ_INT(commit_host(db, "base", NULL, 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "trial", NULL, 30), COMMIT_OK);
	T_ASSERT(commit_trial_pending(db));
	T_EQ_INT(commit_trial_id(db), 1000000002);
	loop_warp(29);
	loop_run_once(0);
	T_EQ_STR(config_hostname(commit_running(db)), "trial");
	/* a second trial re-arms; the target stays the pre-trial config */
	T_EQ_INT(commit_host(db, "trial2", NULL, 30), COMMIT_OK);
	loop_warp(29);
	loop_run_once(0);
	T_EQ_STR(config_hostname(commit_running(db)), "trial2");
	T_ASSERT(commit_trial_pending(db));
	loop_warp(2);
	loop_run_once(0);
	T_ASSERT(!commit_trial_pending(db));
	T_EQ_STR(config_hostname(commit_running(db)), "base");
	T_EQ_INT(commit_count(db), 4);
	T_EQ_STR(commit_nth(db, 0)->client, "Rollback");
	T_EQ_INT(commit_nth(db, 0)->id, 1000000004);
	T_EQ_STR(commit_nth(db, 0)->text, "hostname base\n");
	T_ASSERT(strstr(last_log, "1000000003") != NULL);
	T_ASSERT(strstr(last_log, "1000000004") != NULL);

	/* confirmed in time: nothing rolls back */
	T_EQ_INT(commit_host(db, "kept", NULL, 60), COMMIT_OK);
	T_EQ_INT(commit_confirm(db), 0);
	T_EQ_INT(commit_confirm(db), -1);
	loop_warp(120);
	loop_run_once(0);
	T_EQ_STR(config_hostname(commit_running(db)), "kept");
	T_EQ_INT(commit_count(db), 5);

	/* a plain commit with changes confirms the trial too */
	T_EQ_INT(commit_host(db, "t3", NULL, 60), COMMIT_OK);
	T_EQ_INT(commit_host(db, "final", NULL, 0), COMMIT_OK);
	T_ASSERT(!commit_trial_pending(db));
	loop_warp(120);
	loop_run_once(0);
	T_EQ_STR(config_hostname(commit_running(db)), "final");

	/* abandoned: rolled back at once, the timer is gone */
	T_EQ_INT(commit_host(db, "t4", NULL, 60), COMMIT_OK);
	T_EQ_INT(commit_trial_abandon(db), 0);
	T_EQ_INT(commit_trial_abandon(db), -1);
	T_EQ_STR(config_hostname(commit_running(db)), "final");
	T_EQ_STR(commit_nth(db, 0)->client, "Rollback");
	T_ASSERT(strstr(last_log, "abandoned") != NULL);
	T_EQ_INT(commit_count(db), 9);
	loop_warp(120);
	loop_run_once(0);
	T_EQ_INT(commit_count(db), 9);
	log_set_sink(NULL, NULL);
	commit_db_free(db);
}

static void
test_rollback(void)
{
	struct commit_db	*db = commit_db_new();
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	const char		*t;
	char			 err[256];
	int			 items = -1, i;

	commit_set_loader(db, loader, NULL);
	T_EQ_INT(commit_host(db, "a", NULL, 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "b", "LB", 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "c", NULL, 0), COMMIT_OK);

	T_EQ_STR(commit_target_last(db, 1, err, sizeof(err)), "hostname b\n");
	T_EQ_STR(commit_target_last(db, 3, err, sizeof(err)), "");
	T_ASSERT(commit_target_last(db, 4, err, sizeof(err)) == NULL);
	T_ASSERT(strstr(err, "4") != NULL);
	T_ASSERT(commit_target_last(db, 0, err, sizeof(err)) == NULL);
	/* XR rolls back up to and including the named commit */
	T_EQ_STR(commit_target_to(db, "LB", err, sizeof(err)), "hostname a\n");
	T_EQ_STR(commit_target_to(db, "1000000001", err, sizeof(err)), "");
	T_ASSERT(commit_target_to(db, "ZZ", err, sizeof(err)) == NULL);
	T_ASSERT(strstr(err, "'ZZ'") != NULL);

	memset(&o, 0, sizeof(o));
	o.user = "tester";
	cfg_errors_init(&errs);
	t = commit_target_to(db, "1000000002", err, sizeof(err));
	T_EQ_INT(commit_rollback(db, t, &o, &errs, &items, err, sizeof(err)),
	    COMMIT_OK);
	T_EQ_INT(items, 1);
	T_EQ_STR(config_hostname(commit_running(db)), "a");
	T_EQ_INT(commit_nth(db, 0)->id, 1000000004);
	T_EQ_STR(commit_nth(db, 0)->client, "Rollback");
	/* rolling back to where we are changes nothing */
	t = commit_target_to(db, "1000000002", err, sizeof(err));
	T_EQ_INT(commit_rollback(db, t, &o, &errs, &items, err, sizeof(err)),
	    COMMIT_NOCHANGE);
	/* the loader's error comes back */
	T_EQ_INT(commit_rollback(db, "garbage\n", &o, &errs, &items, err,
	    sizeof(err)), COMMIT_FAIL);
	T_ASSERT(strstr(err, "garbage") != NULL);
	cfg_errors_free(&errs);
	T_EQ_INT(commit_count(db), 4);

	/* history is bounded; the oldest reachable state moves along */
	for (i = 0; i < COMMIT_HISTORY_MAX + 5; i++) {
		char	 h[16];

		snprintf(h, sizeof(h), "h%d", i);
		commit_host(db, h, NULL, 0);
	}
	T_EQ_INT(commit_count(db), COMMIT_HISTORY_MAX);
	T_EQ_INT(commit_nth(db, 0)->id, 1000000004 + COMMIT_HISTORY_MAX + 5);
	T_EQ_STR(commit_target_last(db, COMMIT_HISTORY_MAX, err, sizeof(err)),
	    "hostname h4\n");
	commit_db_free(db);
}

static void
test_install(void)
{
	struct commit_db	*db = commit_db_new();
	char			 err[256];

	commit_install(db, with_host("loaded"));
	T_EQ_INT(commit_count(db), 0);
	T_EQ_STR(config_hostname(commit_running(db)), "loaded");
	T_EQ_INT(commit_host(db, "next", NULL, 0), COMMIT_OK);
	T_EQ_STR(commit_target_last(db, 1, err, sizeof(err)),
	    "hostname loaded\n");
	commit_db_free(db);
}

/* A record as core/persist reads it back. */
static void
make_rec(struct commit_rec *r, uint32_t id, const char *host,
    const char *label)
{
	char	 t[64];

	memset(r, 0, sizeof(*r));
	snprintf(t, sizeof(t), "hostname %s\n", host);
	r->id = id;
	r->label = label ? strdup(label) : NULL;
	r->user = strdup("tester");
	r->line = strdup("vty0");
	r->client = strdup("CLI");
	r->time = 1700000000;
	r->text = strdup(t);
}

static void
test_restore(void)
{
	struct commit_db	*db = commit_db_new();
	struct commit_rec	 recs[2], *many;
	char			 err[256];

	commit_install(db, with_host("b"));
	make_rec(&recs[0], 1000000041, "a", "OLD");
	make_rec(&recs[1], 1000000042, "b", NULL);
	T_EQ_INT(commit_restore(db, recs, 2, strdup(""), 1000000043), 0);
	T_EQ_INT(commit_count(db), 2);
	T_EQ_INT(commit_find(db, "OLD"), 1);
	T_EQ_STR(commit_target_last(db, 2, err, sizeof(err)), "");
	T_EQ_STR(commit_target_to(db, "OLD", err, sizeof(err)), "");
	T_EQ_STR(commit_target_to(db, "1000000042", err, sizeof(err)),
	    "hostname a\n");
	/* the sequence goes on from the restored IDs */
	T_EQ_INT(commit_host(db, "c", NULL, 0), COMMIT_OK);
	T_EQ_INT(commit_nth(db, 0)->id, 1000000043);
	T_EQ_STR(commit_text_before(db, 0), "hostname b\n");
	/* only into an empty history; the records are freed all the same */
	make_rec(&recs[0], 1000000001, "x", NULL);
	T_EQ_INT(commit_restore(db, recs, 1, strdup(""), 1000000002), -1);
	T_EQ_INT(commit_count(db), 3);
	commit_db_free(db);

	db = commit_db_new();
	many = calloc(COMMIT_HISTORY_MAX + 1, sizeof(*many));
	T_ASSERT(many != NULL);
	if (many != NULL) {
		make_rec(&many[0], 1000000001, "x", NULL);
		T_EQ_INT(commit_restore(db, many, COMMIT_HISTORY_MAX + 1,
		    strdup(""), 1), -1);
		free(many);
	}
	T_EQ_INT(commit_count(db), 0);
	commit_db_free(db);
}

/* running's kept text is its render after every way running changes */
static int
text_is_running(const struct commit_db *db)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 ok;

	ok = config_print(commit_running(db), &sb) == 0 &&
	    strcmp(sb_str(&sb), commit_running_text(db)) == 0;
	sb_free(&sb);
	return ok;
}

static void
test_running_text(void)
{
	struct commit_db	*db = commit_db_new();
	struct cfg_errors	 errs;
	struct commit_opts	 o;
	char			 err[256];

	T_EQ_STR(commit_running_text(db), "");
	T_EQ_INT(commit_install(db, with_host("loaded")), 0);
	T_EQ_STR(commit_running_text(db), "hostname loaded\n");
	T_ASSERT(text_is_running(db));
	T_EQ_INT(commit_host(db, "a", NULL, 0), COMMIT_OK);
	T_ASSERT(text_is_running(db));
	/* the same text again: nothing to commit */
	T_EQ_INT(commit_host(db, "a", NULL, 0), COMMIT_NOCHANGE);
	/* ... which is said before a label in use is */
	T_EQ_INT(commit_host(db, "b", "L1", 0), COMMIT_OK);
	T_EQ_INT(commit_host(db, "b", "L1", 0), COMMIT_NOCHANGE);
	T_EQ_INT(commit_host(db, "c", "L1", 0), COMMIT_FAIL);
	/* the record holds the text that was compared */
	T_EQ_STR(commit_nth(db, 0)->text, commit_running_text(db));
	/* a trial, its rollback, a rollback command */
	T_EQ_INT(commit_host(db, "trial", NULL, 30), COMMIT_OK);
	T_EQ_STR(commit_trial_target(db), "hostname b\n");
	T_EQ_INT(commit_trial_first(db), commit_nth(db, 0)->id);
	T_ASSERT(text_is_running(db));
	log_set_sink(sink, NULL);
	T_EQ_INT(commit_trial_abandon(db), 0);
	log_set_sink(NULL, NULL);
	T_EQ_STR(commit_running_text(db), "hostname b\n");
	T_ASSERT(commit_trial_target(db) == NULL);
	commit_set_loader(db, loader, NULL);
	memset(&o, 0, sizeof(o));
	cfg_errors_init(&errs);
	T_EQ_INT(commit_rollback(db, "hostname a\n", &o, &errs, NULL, err,
	    sizeof(err)), COMMIT_OK);
	cfg_errors_free(&errs);
	T_EQ_STR(commit_running_text(db), "hostname a\n");
	T_ASSERT(text_is_running(db));
	commit_db_free(db);
}

int
main(void)
{
	test_ids_labels();
	test_all_or_nothing();
	test_confirmed();
	test_rollback();
	test_install();
	test_restore();
	test_running_text();
	return T_DONE();
}
