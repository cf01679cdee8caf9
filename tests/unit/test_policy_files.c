/*
 * test_policy_files: runs every table-driven policy case in tests/policy/.
 *
 * A file defines sets and policies as XR blocks (header line at column 0
 * through end-set / end-policy) and then cases:
 *
 *   case NAME                   starts a case
 *   policy NAME[(args)]         policy to run (default: the last defined)
 *   route <route spec>          the input route (core/route_spec.h)
 *   expect accepted|dropped     the verdict
 *   result <route spec>         the whole resulting route (accepted only)
 *   trace TEXT                  a trace line must contain TEXT
 *   error TEXT                  linking must fail with a message with TEXT
 *
 * Blocks may be redefined between cases (the later definition replaces the
 * earlier one, as in XR).  Lines starting with `#` outside blocks and blank
 * lines are ignored.  Each case counts as one test; failures say why.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "core/rpl/route_spec.h"
#include "tests/unit/t.h"

#define MAXTRACE	16

struct pcase {
	char		 file[256];
	unsigned	 line;
	char		 name[128];
	char		 policy[256];
	char		 route[1024];
	char		 result[1024];
	int		 expect;	/* -1 unset, 0 dropped, 1 accepted */
	char		 error[256];
	char		 trace[MAXTRACE][128];
	size_t		 ntrace;
	int		 active;
};

static struct strbuf	 tracebuf;

static void
on_trace(void *arg, const struct rpl_trace_ev *ev)
{
	struct strbuf	*sb = arg;
	struct strbuf	 t = STRBUF_INIT;

	switch (ev->kind) {
	case RPL_TR_COND:
		rpl_cond_print(ev->cond, &t);
		sb_printf(sb, "%s:%u if %s -> %s\n", ev->policy, ev->line,
		    sb_str(&t), ev->result ? "true" : "false");
		break;
	case RPL_TR_ELSE:
		sb_printf(sb, "%s:%u else\n", ev->policy, ev->line);
		break;
	case RPL_TR_END:
		sb_printf(sb, "%s:%u end-policy\n", ev->policy, ev->line);
		break;
	case RPL_TR_RETURN:
		sb_printf(sb, "%s:%u return\n", ev->policy, ev->line);
		break;
	default:
		if (ev->stmt != NULL)
			rpl_stmt_print_head(ev->stmt, &t);
		else if (ev->cond != NULL)
			rpl_cond_print(ev->cond, &t);
		sb_printf(sb, "%s:%u %s\n", ev->policy, ev->line, sb_str(&t));
		break;
	}
	sb_free(&t);
}

static void
fail(const struct pcase *c, const char *fmt, const char *a, const char *b)
{
	t_failed++;
	printf("FAIL %s:%u: %s: ", c->file, c->line, c->name);
	printf(fmt, a, b);
	printf("\n");
	if (tracebuf.len > 0)
		printf("  trace:\n%s", sb_str(&tracebuf));
}

static void
run_case(struct rpl_db *db, struct pcase *c)
{
	struct rpl_prog	*prog = NULL;
	struct route	 in, out, want;
	struct strbuf	 got = STRBUF_INIT, exp = STRBUF_INIT;
	char		 err[256], name[sizeof(c->policy) + 2], *args;
	int		 res;
	size_t		 i;

	if (!c->active)
		return;
	c->active = 0;
	/* nothing allocated until a parse: the early returns need no free */
	route_init(&in);
	route_init(&out);
	route_init(&want);
	sb_reset(&tracebuf);
	strlcpy(name, c->policy, sizeof(name));
	if ((args = strchr(name, '(')) != NULL) {
		memmove(args + 1, args, strlen(args) + 1);
		*args++ = '\0';
	}
	if (rpl_link(db, name, args, &prog, err, sizeof(err)) == -1) {
		if (c->error[0] != '\0' && strstr(err, c->error) != NULL) {
			t_passed++;
			printf("ok %s: %s\n", c->file, c->name);
		} else
			fail(c, "link error: %s%s", err, "");
		return;
	}
	if (c->error[0] != '\0') {
		fail(c, "expected link error '%s'%s", c->error, "");
		goto out;
	}
	if (route_spec_parse(c->route, 0, &in, err, sizeof(err)) == -1) {
		fail(c, "bad route: %s%s", err, "");
		goto out;
	}
	res = rpl_eval_route(prog, &in, &out, on_trace, &tracebuf);
	if (res == RPL_ERROR) {
		fail(c, "evaluation failed: %s%s", "out of memory", "");
		goto out;
	}
	if (c->expect != -1 && (res & RPL_ACCEPTED ? 1 : 0) != c->expect) {
		fail(c, "verdict %s, expected %s", res & RPL_ACCEPTED ?
		    "accepted" : "dropped", c->expect ? "accepted" : "dropped");
		goto out;
	}
	if (c->result[0] != '\0') {
		if (route_spec_parse(c->result, 0, &want, err,
		    sizeof(err)) == -1) {
			fail(c, "bad result line: %s%s", err, "");
			goto out;
		}
		if (!route_eq(&out, &want)) {
			route_print_spec(&out, &got);
			route_print_spec(&want, &exp);
			fail(c, "route differs\n  got:  %s\n  want: %s",
			    sb_str(&got), sb_str(&exp));
			goto out;
		}
	}
	for (i = 0; i < c->ntrace; i++)
		if (strstr(sb_str(&tracebuf), c->trace[i]) == NULL) {
			fail(c, "trace lacks '%s'%s", c->trace[i], "");
			goto out;
		}
	t_passed++;
	printf("ok %s: %s\n", c->file, c->name);
out:
	sb_free(&got);
	sb_free(&exp);
	rpl_prog_free(prog);
	route_free(&in);
	route_free(&out);
	route_free(&want);
}

static int
is_block_start(const char *l)
{
	static const char *const starts[] = { "route-policy ", "prefix-set ",
	    "community-set ", "as-path-set ", "extcommunity-set ",
	    "large-community-set " };
	size_t	 i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (strncmp(l, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

static void
run_file(const char *dir, const char *fname)
{
	char		 path[512], line[2048];
	FILE		*f;
	struct rpl_db	*db = rpl_db_new();
	struct strbuf	 block = STRBUF_INIT;
	struct pcase	 c;
	struct rpl_err	 rerr;
	unsigned	 ln = 0, bline = 0;
	int		 in_block = 0;
	char		 lastpol[256] = "";
	size_t		 len;

	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	if (db == NULL || (f = fopen(path, "r")) == NULL) {
		t_failed++;
		printf("FAIL cannot open %s\n", path);
		rpl_db_free(db);
		return;
	}
	memset(&c, 0, sizeof(c));
	while (fgets(line, sizeof(line), f) != NULL) {
		ln++;
		len = strlen(line);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (in_block) {
			sb_printf(&block, "%s\n", line);
			if (strncmp(line, "end-policy", 10) != 0 &&
			    strncmp(line, "end-set", 7) != 0)
				continue;
			in_block = 0;
			memset(&rerr, 0, sizeof(rerr));
			if (strncmp(line, "end-policy", 10) == 0) {
				struct rpl_policy *p = rpl_parse_policy(
				    sb_str(&block), &rerr);

				if (p != NULL) {
					strlcpy(lastpol, p->name,
					    sizeof(lastpol));
					rpl_db_put_policy(db, p);
				}
				if (p == NULL)
					goto parse_error;
			} else {
				struct rpl_set *s = rpl_parse_set(
				    sb_str(&block), &rerr);

				if (s == NULL)
					goto parse_error;
				rpl_db_put_set(db, s);
			}
			continue;
parse_error:
			t_failed++;
			printf("FAIL %s:%u: block does not parse: line %u col "
			    "%u '%s': %s\n", fname, bline + rerr.line - 1,
			    rerr.line, rerr.col, rerr.token, rerr.msg);
			continue;
		}
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (is_block_start(line)) {
			run_case(db, &c);
			sb_reset(&block);
			sb_printf(&block, "%s\n", line);
			in_block = 1;
			bline = ln;
			continue;
		}
		if (strncmp(line, "case ", 5) == 0) {
			run_case(db, &c);
			memset(&c, 0, sizeof(c));
			c.active = 1;
			c.expect = -1;
			c.line = ln;
			strlcpy(c.file, fname, sizeof(c.file));
			strlcpy(c.name, line + 5, sizeof(c.name));
			strlcpy(c.policy, lastpol, sizeof(c.policy));
		} else if (strncmp(line, "policy ", 7) == 0)
			strlcpy(c.policy, line + 7, sizeof(c.policy));
		else if (strncmp(line, "route ", 6) == 0)
			strlcpy(c.route, line + 6, sizeof(c.route));
		else if (strncmp(line, "result ", 7) == 0)
			strlcpy(c.result, line + 7, sizeof(c.result));
		else if (strcmp(line, "expect accepted") == 0)
			c.expect = 1;
		else if (strcmp(line, "expect dropped") == 0)
			c.expect = 0;
		else if (strncmp(line, "error ", 6) == 0)
			strlcpy(c.error, line + 6, sizeof(c.error));
		else if (strncmp(line, "trace ", 6) == 0 &&
		    c.ntrace < MAXTRACE)
			strlcpy(c.trace[c.ntrace++], line + 6,
			    sizeof(c.trace[0]));
		else {
			t_failed++;
			printf("FAIL %s:%u: unknown line '%s'\n", fname, ln,
			    line);
		}
	}
	if (in_block) {
		t_failed++;
		printf("FAIL %s:%u: block not closed\n", fname, bline);
	}
	run_case(db, &c);
	fclose(f);
	sb_free(&block);
	rpl_db_free(db);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	const char	*src = getenv("SRCDIR");
	char		 dir[512], *names[256];
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0, i, len;

	snprintf(dir, sizeof(dir), "%s/tests/policy", src ? src : ".");
	if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++)
			run_file(".", argv[i]);
		sb_free(&tracebuf);
		return T_DONE();
	}
	if ((d = opendir(dir)) == NULL) {
		printf("cannot open %s\n", dir);
		t_failed++;
		return T_DONE();
	}
	while ((de = readdir(d)) != NULL && n < 256) {
		len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".pol") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		if (names[i] != NULL)
			run_file(dir, names[i]);
		free(names[i]);
	}
	if (n == 0) {
		printf("no policy files in %s\n", dir);
		t_failed++;
	}
	sb_free(&tracebuf);
	return T_DONE();
}
