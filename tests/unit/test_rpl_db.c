/*
 * test_rpl_db: the RPL object store and the reference checks: put /
 * replace / delete, cheap duplication with shared objects, print order,
 * commit-time checks of attached policies, and usage states.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_db.h"
#include "tests/unit/t.h"

static struct rpl_set *
mkset(const char *text)
{
	struct rpl_err	 err;
	struct rpl_set	*s = rpl_parse_set(text, &err);

	if (s == NULL)
		fprintf(stderr, "set: %s\n", err.msg);
	T_ASSERT(s != NULL);
	return s;
}

static struct rpl_policy *
mkpol(const char *text)
{
	struct rpl_err		 err;
	struct rpl_policy	*p = rpl_parse_policy(text, &err);

	if (p == NULL)
		fprintf(stderr, "policy: %u:%u %s\n", err.line, err.col,
		    err.msg);
	T_ASSERT(p != NULL);
	return p;
}

static char *
dbtext(const struct rpl_db *db)
{
	struct strbuf	 sb = STRBUF_INIT;

	rpl_db_print(db, &sb);
	return sb_steal(&sb);
}

static void
test_put_find_del(void)
{
	struct rpl_db	*db = rpl_db_new(), *dup;
	struct rpl_set	*s, *s2;
	char		*t;

	T_ASSERT(db != NULL);
	s = mkset("prefix-set B\n10.0.0.0/8\nend-set");
	T_EQ_INT(rpl_db_put_set(db, s), 0);
	T_EQ_INT(rpl_db_put_set(db, mkset("prefix-set A\n10.1.0.0/16\n"
	    "end-set")), 0);
	T_EQ_INT(rpl_db_put_set(db, mkset("community-set A\n1:1\nend-set")),
	    0);
	T_EQ_INT(rpl_db_put_set(db, mkset("large-community-set L\n1:2:3\n"
	    "end-set")), 0);
	T_EQ_INT(rpl_db_put_set(db, mkset("as-path-set AP\nlength ge 3\n"
	    "end-set")), 0);
	T_EQ_INT(rpl_db_put_policy(db, mkpol("route-policy Z\npass\n"
	    "end-policy")), 0);
	T_EQ_INT(rpl_db_put_policy(db, mkpol("route-policy Y\ndrop\n"
	    "end-policy")), 0);
	T_ASSERT(rpl_db_find_set(db, RPL_SET_PREFIX, "B") == s);
	T_ASSERT(rpl_db_find_set(db, RPL_SET_COMMUNITY, "B") == NULL);
	T_ASSERT(rpl_db_find_policy(db, "Y") != NULL);
	T_EQ_INT(rpl_db_count_sets(db, RPL_SET_PREFIX), 2);
	T_EQ_INT(rpl_db_count_policies(db), 2);

	/* sets by kind (running-config order) then name, then policies */
	t = dbtext(db);
	T_EQ_STR(t, "prefix-set A\n  10.1.0.0/16\nend-set\n!\n"
	    "prefix-set B\n  10.0.0.0/8\nend-set\n!\n"
	    "as-path-set AP\n  length ge 3\nend-set\n!\n"
	    "community-set A\n  1:1\nend-set\n!\n"
	    "large-community-set L\n  1:2:3\nend-set\n!\n"
	    "route-policy Y\n  drop\nend-policy\n!\n"
	    "route-policy Z\n  pass\nend-policy\n!\n");
	free(t);

	/* dup shares the objects */
	dup = rpl_db_dup(db);
	T_ASSERT(dup != NULL);
	T_ASSERT(rpl_db_find_set(dup, RPL_SET_PREFIX, "B") == s);
	T_EQ_INT(s->refcount, 2);
	T_EQ_INT(rpl_db_generation(dup), rpl_db_generation(db));

	/* replace in the copy: the original keeps the old object */
	s2 = mkset("prefix-set B\n192.168.0.0/16\nend-set");
	T_EQ_INT(rpl_db_put_set(dup, s2), 0);
	T_ASSERT(rpl_db_find_set(dup, RPL_SET_PREFIX, "B") == s2);
	T_ASSERT(rpl_db_find_set(db, RPL_SET_PREFIX, "B") == s);
	T_EQ_INT(s->refcount, 1);
	T_EQ_INT(rpl_db_count_sets(dup, RPL_SET_PREFIX), 2);
	T_ASSERT(rpl_db_generation(dup) != rpl_db_generation(db));

	/* delete */
	T_EQ_INT(rpl_db_del_set(dup, RPL_SET_PREFIX, "B"), 0);
	T_EQ_INT(rpl_db_del_set(dup, RPL_SET_PREFIX, "B"), -1);
	T_EQ_INT(rpl_db_del_policy(dup, "Z"), 0);
	T_EQ_INT(rpl_db_del_policy(dup, "nope"), -1);
	T_EQ_INT(rpl_db_count_sets(dup, RPL_SET_PREFIX), 1);
	T_EQ_INT(rpl_db_count_policies(dup), 1);
	T_ASSERT(rpl_db_find_policy(db, "Z") != NULL);
	rpl_db_free(dup);
	rpl_db_free(db);
}

static int
has_error(const struct cfg_errors *e, const char *sub)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (strstr(e->v[i].msg, sub) != NULL)
			return 1;
	return 0;
}

static void
test_check_attach(void)
{
	struct rpl_db		*db = rpl_db_new();
	struct cfg_errors	 e;
	const char		*path = "router bgp 1\n neighbor 10.0.0.1";
	const char		*where = "neighbor 10.0.0.1 ipv4 unicast in";

	rpl_db_put_set(db, mkset("prefix-set CUST\n10.0.0.0/8 le 24\n"
	    "end-set"));
	rpl_db_put_policy(db, mkpol("route-policy OK\n"
	    "if destination in CUST then apply CHILD(5) endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy CHILD($m)\n"
	    "set med $m\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy PARAM($p)\n"
	    "if destination in $p then pass endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy MISSING\n"
	    "if community matches-any NOPE or as-path in NOAS then pass "
	    "endif\napply GHOST\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy LOOP_A\napply LOOP_B\n"
	    "end-policy"));
	rpl_db_put_policy(db, mkpol("route-policy LOOP_B\n"
	    "if apply LOOP_A then pass endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy BADCOUNT\napply CHILD\n"
	    "end-policy"));

	/* an unattached policy may reference anything: db is valid */
	cfg_errors_init(&e);
	T_EQ_INT(rpl_db_validate(db, &e), 0);

	T_EQ_INT(rpl_check_attach(db, "OK", NULL, path, where, &e), 0);
	T_EQ_INT(rpl_check_attach(db, "PARAM", "(CUST)", path, where, &e), 0);
	T_EQ_INT(e.n, 0);

	T_EQ_INT(rpl_check_attach(db, "NOSUCH", NULL, path, where, &e), 1);
	T_ASSERT(has_error(&e, "Policy [NOSUCH] is not defined"));
	T_ASSERT(has_error(&e, where));
	T_EQ_STR(e.v[0].path, path);
	cfg_errors_free(&e);

	T_EQ_INT(rpl_check_attach(db, "MISSING", NULL, path, where, &e), 3);
	T_ASSERT(has_error(&e, "Policy [MISSING] uses the community-set "
	    "[NOPE] which is not defined"));
	T_ASSERT(has_error(&e, "as-path-set [NOAS]"));
	T_ASSERT(has_error(&e, "applies the route-policy [GHOST]"));
	cfg_errors_free(&e);

	/* the set reached through a parameter must exist */
	T_EQ_INT(rpl_check_attach(db, "PARAM", "(NOPFX)", path, where, &e), 1);
	T_ASSERT(has_error(&e, "prefix-set [NOPFX]"));
	cfg_errors_free(&e);

	T_EQ_INT(rpl_check_attach(db, "PARAM", NULL, path, where, &e), 1);
	T_ASSERT(has_error(&e, "takes 1 parameter"));
	cfg_errors_free(&e);

	T_EQ_INT(rpl_check_attach(db, "BADCOUNT", NULL, path, where, &e), 1);
	T_ASSERT(has_error(&e, "Policy [CHILD] takes 1 parameter"));
	cfg_errors_free(&e);

	T_EQ_INT(rpl_check_attach(db, "LOOP_A", NULL, path, where, &e), 1);
	T_ASSERT(has_error(&e, "apply loop"));
	cfg_errors_free(&e);

	/* a value substituted at the attach point is range-checked */
	T_EQ_INT(rpl_check_attach(db, "CHILD", "(4294967296)", path, where,
	    &e), 1);
	T_ASSERT(has_error(&e, "out of range"));
	cfg_errors_free(&e);
	rpl_db_free(db);
}

struct use_log {
	struct strbuf	sb;
};

static void
use_cb(int kind, const char *name, const void *obj, void *arg)
{
	struct use_log	*l = arg;

	sb_printf(&l->sb, "%d:%s%s ", kind, name, obj ? "" : "?");
}

static void
test_usage(void)
{
	struct rpl_db		*db = rpl_db_new();
	struct rpl_usage	*u;
	struct use_log		 l;

	rpl_db_put_set(db, mkset("prefix-set P1\n10.0.0.0/8\nend-set"));
	rpl_db_put_set(db, mkset("prefix-set P2\n10.0.0.0/8\nend-set"));
	rpl_db_put_set(db, mkset("prefix-set P3\n10.0.0.0/8\nend-set"));
	rpl_db_put_set(db, mkset("community-set C1\n1:1\nend-set"));
	rpl_db_put_policy(db, mkpol("route-policy TOP\n"
	    "if destination in P1 then apply MID(P2) endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy MID($s)\n"
	    "if destination in $s and community matches-any C1 then pass "
	    "endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy IDLE\n"
	    "if destination in P3 then pass endif\nend-policy"));
	rpl_db_put_policy(db, mkpol("route-policy LONELY\npass\nend-policy"));

	sb_init(&l.sb);
	rpl_policy_foreach_use(db, "TOP", NULL, use_cb, &l);
	T_EQ_STR(sb_str(&l.sb), "0:P1 0:P2 1:C1 -1:MID -1:TOP ");
	sb_free(&l.sb);

	u = rpl_usage_new(db);
	T_ASSERT(u != NULL);
	rpl_usage_attach(u, "TOP", NULL);
	T_EQ_INT(rpl_usage_state(u, RPL_REF_POLICY, "TOP"),
	    RPL_STATE_ACTIVE);
	T_EQ_INT(rpl_usage_state(u, RPL_REF_POLICY, "MID"),
	    RPL_STATE_ACTIVE);
	T_EQ_INT(rpl_usage_state(u, RPL_SET_PREFIX, "P2"), RPL_STATE_ACTIVE);
	T_EQ_INT(rpl_usage_state(u, RPL_SET_COMMUNITY, "C1"),
	    RPL_STATE_ACTIVE);
	T_EQ_INT(rpl_usage_state(u, RPL_SET_PREFIX, "P3"),
	    RPL_STATE_INACTIVE);
	T_EQ_INT(rpl_usage_state(u, RPL_REF_POLICY, "IDLE"),
	    RPL_STATE_UNUSED);
	T_EQ_INT(rpl_usage_state(u, RPL_REF_POLICY, "LONELY"),
	    RPL_STATE_UNUSED);
	T_EQ_STR(rpl_state_name(RPL_STATE_INACTIVE), "INACTIVE");
	rpl_usage_free(u);
	rpl_db_free(db);
}

int
main(void)
{
	test_put_find_del();
	test_check_attach();
	test_usage();
	return T_DONE();
}
