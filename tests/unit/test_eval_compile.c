/*
 * test_eval_compile: compiled sets and linking, below the policy files:
 * the community hash against a linear reference, regex compile errors,
 * sets still holding parameters, well-known values, the values a
 * `set community` takes, link errors (depth limit, arguments) and the
 * non-mutation of the input route.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/rpl.h"
#include "core/rpl_compile.h"
#include "core/rpl_db.h"
#include "core/rpl_eval.h"
#include "core/route_spec.h"
#include "tests/unit/t.h"

static struct rpl_set *
SET(const char *text)
{
	struct rpl_err	 err;
	struct rpl_set	*s = rpl_parse_set(text, &err);

	if (s == NULL)
		fprintf(stderr, "set does not parse: %u:%u %s '%s'\n",
		    err.line, err.col, err.msg, err.token);
	return s;
}

static void
test_comm_hash(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct rpl_set	*s;
	uint32_t	 i, v, bad = 0;

	/* 2,000 exact values (every third of 0..5999) plus a wildcard */
	sb_puts(&sb, "community-set BIG\n");
	for (i = 0; i < 2000; i++)
		sb_printf(&sb, "  100:%u,\n", i * 3);
	sb_puts(&sb, "  200:*\nend-set\n");
	s = SET(sb_str(&sb));
	sb_free(&sb);
	T_ASSERT(s != NULL);
	if (s == NULL)
		return;
	for (v = 0; v < 6000; v++) {
		if (rpl_cset_comm_elem(s, COMM_MAKE(100, v), 0) !=
		    (v % 3 == 0))
			bad++;
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(rpl_cset_comm_elem(s, COMM_MAKE(200, 65535), 0), 1);
	T_EQ_INT(rpl_cset_comm_elem(s, COMM_MAKE(201, 0), 0), 0);
	rpl_set_put(s);
}

static void
test_regex_error(void)
{
	struct rpl_err	 err;
	struct rpl_set	*s;
	char		 cerr[160];

	memset(&err, 0, sizeof(err));
	s = rpl_parse_set("as-path-set BAD\n  ios-regex '_(12_'\nend-set\n",
	    &err);
	T_ASSERT(s == NULL);
	T_ASSERT(strstr(err.msg, "regular expression") != NULL);
	rpl_set_put(s);

	s = SET("as-path-set OK\n  ios-regex '_12_'\nend-set\n");
	T_ASSERT(s != NULL);
	if (s != NULL) {
		/* recompiling replaces the compiled form */
		T_EQ_INT(rpl_set_compile(s, cerr, sizeof(cerr)), 0);
		T_ASSERT(s->compiled != NULL);
		rpl_set_put(s);
	}
}

static void
collect(uint32_t v, void *arg)
{
	struct route	*r = arg;

	route_comm_add(r, v);
}

static void
test_values(void)
{
	struct rpl_set	*s;
	struct route	 r;
	int		 skipped;

	s = SET("community-set V\n  1:2,\n  *:3,\n  no-export,\n"
	    "  ios-regex '^4:.*',\n  5:[1..2]\nend-set\n");
	T_ASSERT(s != NULL);
	if (s == NULL)
		return;
	route_init(&r);
	skipped = rpl_cset_comm_values(s, 0, collect, &r);
	T_EQ_INT(skipped, 3);		/* wildcard, regex, range */
	T_EQ_INT(r.ncomm, 2);
	T_EQ_INT(r.comm[0], COMM_MAKE(1, 2));
	T_EQ_INT(r.comm[1], COMM_NO_EXPORT);
	T_EQ_INT(rpl_cset_comm_elem(s, COMM_NO_EXPORT, 0), 1);
	T_EQ_INT(rpl_cset_comm_every(s, r.comm, r.ncomm, 0), 0);
	rpl_set_put(s);
}

static struct rpl_db *
db_with(const char *const *policies)
{
	struct rpl_db	*db = rpl_db_new();
	struct rpl_err	 err;
	struct rpl_policy *p;

	for (; *policies != NULL; policies++) {
		if ((p = rpl_parse_policy(*policies, &err)) == NULL) {
			fprintf(stderr, "policy: %s '%s'\n", err.msg,
			    err.token);
			continue;
		}
		rpl_db_put_policy(db, p);
	}
	return db;
}

static void
test_link(void)
{
	char		 text[64][128], err[256];
	const char	*pols[65];
	struct rpl_db	*db;
	struct rpl_prog	*prog;
	int		 i;

	/* a chain P0 -> P1 -> ... -> P20: deeper than the limit */
	for (i = 0; i <= 20; i++) {
		if (i < 20)
			snprintf(text[i], sizeof(text[i]), "route-policy P%d\n"
			    "  apply P%d\nend-policy\n", i, i + 1);
		else
			snprintf(text[i], sizeof(text[i]), "route-policy P%d\n"
			    "  pass\nend-policy\n", i);
		pols[i] = text[i];
	}
	pols[21] = NULL;
	db = db_with(pols);
	T_EQ_INT(rpl_link(db, "P0", NULL, &prog, err, sizeof(err)), -1);
	T_ASSERT(strstr(err, "apply depth") != NULL);
	/* within the limit */
	T_EQ_INT(rpl_link(db, "P10", NULL, &prog, err, sizeof(err)), 0);
	rpl_prog_free(prog);
	/* arguments to a policy without parameters */
	T_EQ_INT(rpl_link(db, "P20", "(1)", &prog, err, sizeof(err)), -1);
	T_ASSERT(strstr(err, "takes 0 parameters, 1 given") != NULL);
	rpl_db_free(db);
}

static void
test_input_untouched(void)
{
	static const char *const pols[] = {
		"route-policy EDIT\n  set med 5\n  prepend as-path 1 3\n"
		"  set community (9:9)\n  delete community all\n"
		"end-policy\n",
		NULL
	};
	struct rpl_db	*db = db_with(pols);
	struct rpl_prog	*prog = NULL;
	struct route	 in, copy, out;
	char		 err[256];
	int		 res;

	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 as-path 7 community 1:1",
	    0, &in, err, sizeof(err)), 0);
	copy = in;
	T_EQ_INT(rpl_link(db, "EDIT", NULL, &prog, err, sizeof(err)), 0);
	if (prog != NULL) {
		res = rpl_eval(prog, &in, &out, NULL, NULL);
		T_EQ_INT(res, RPL_ACCEPTED | RPL_MODIFIED);
		T_ASSERT(route_eq(&in, &copy));
		T_EQ_INT(out.med, 5);
		T_EQ_INT(out.aspath.nas, 4);
		T_EQ_INT(out.ncomm, 0);
	}
	rpl_prog_free(prog);
	rpl_db_free(db);
}

static void
test_stale(void)
{
	static const char *const pols[] = {
		"route-policy TOP\n  apply CHILD\nend-policy\n",
		"route-policy CHILD\n  if destination in PS then\n    pass\n"
		"  endif\nend-policy\n",
		"route-policy OTHER\n  pass\nend-policy\n",
		NULL
	};
	struct rpl_db	*db = db_with(pols);
	struct rpl_prog	*prog = NULL;
	char		 err[256];

	rpl_db_put_set(db, SET("prefix-set PS\n  10.0.0.0/8\nend-set\n"));
	rpl_db_put_set(db, SET("prefix-set UNUSED\n  11.0.0.0/8\nend-set\n"));
	T_EQ_INT(rpl_link(db, "TOP", NULL, &prog, err, sizeof(err)), 0);
	if (prog == NULL) {
		rpl_db_free(db);
		return;
	}
	T_EQ_INT(rpl_prog_stale(prog, db), 0);
	T_EQ_INT(rpl_prog_uses_set(prog, RPL_SET_PREFIX, "PS"), 1);
	T_EQ_INT(rpl_prog_uses_set(prog, RPL_SET_PREFIX, "UNUSED"), 0);
	/* changes to objects the program does not use */
	rpl_db_put_set(db, SET("prefix-set UNUSED\n  12.0.0.0/8\nend-set\n"));
	rpl_db_del_policy(db, "OTHER");
	T_EQ_INT(rpl_prog_stale(prog, db), 0);
	/* a set used through an applied policy is redefined */
	rpl_db_put_set(db, SET("prefix-set PS\n  10.0.0.0/16\nend-set\n"));
	T_EQ_INT(rpl_prog_stale(prog, db), 1);
	rpl_prog_free(prog);
	/* re-linked: current again; then the child is deleted */
	T_EQ_INT(rpl_link(db, "TOP", NULL, &prog, err, sizeof(err)), 0);
	if (prog != NULL) {
		T_EQ_INT(rpl_prog_stale(prog, db), 0);
		rpl_db_del_policy(db, "CHILD");
		T_EQ_INT(rpl_prog_stale(prog, db), 1);
	}
	rpl_prog_free(prog);
	rpl_db_free(db);
}

int
main(void)
{
	test_stale();
	test_comm_hash();
	test_regex_error();
	test_values();
	test_link();
	test_input_untouched();
	return T_DONE();
}
