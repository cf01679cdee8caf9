/*
 * Unit tests for core/config/commit_overlap.c: which commit items two
 * sides of a moved base both changed, and the merge when none: top-level
 * items (hostname, RPL objects), blocks under router bgp and its global
 * settings, the same change on both sides, router bgp added or its ASN
 * changed (one item then), and the merged text's canonical order.
 */
#include <stdlib.h>

#include "core/config/commit_overlap.h"
#include "tests/unit/t.h"

static const char *base =
    "hostname r1\n"
    "prefix-set PS\n"
    "  10.0.0.0/8 le 24\n"
    "end-set\n"
    "!\n"
    "route-policy P1\n"
    "  pass\n"
    "end-policy\n"
    "!\n"
    "router bgp 65001\n"
    " bgp router-id 1.1.1.1\n"
    " neighbor 10.0.0.1\n"
    "  remote-as 65002\n"
    " !\n"
    " neighbor 10.0.0.2\n"
    "  remote-as 65003\n"
    " !\n"
    "!\n";

/* base with `from` replaced by `to` (one occurrence) */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char	*p = strstr(text, from);
	size_t		 n;
	char		*r;

	if (p == NULL)
		return NULL;
	n = strlen(text) - strlen(from) + strlen(to) + 1;
	if ((r = malloc(n)) == NULL)
		return NULL;
	snprintf(r, n, "%.*s%s%s", (int)(p - text), text, to,
	    p + strlen(from));
	return r;
}

static int
run(const char *b, const char *m, const char *t, char **merged,
    char **which)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[256];
	int		 rc;

	err[0] = '\0';
	rc = commit_overlap(b, m, t, merged, &sb, err, sizeof(err));
	if (rc == -1)
		fprintf(stderr, "commit_overlap: %s\n", err);
	*which = sb.buf != NULL ? sb_steal(&sb) : calloc(1, 1);
	return rc;
}

static void
test_nothing_changed(void)
{
	char	*merged, *which;

	T_EQ_INT(run(base, base, base, &merged, &which), 0);
	T_EQ_STR(merged, base);
	T_EQ_STR(which, "");
	free(merged);
	free(which);
}

static void
test_disjoint_top_items(void)
{
	char	*mine = edit(base, "hostname r1", "hostname r2");
	char	*theirs = edit(base, "  pass\n", "  drop\n");
	char	*want = edit(mine, "  pass\n", "  drop\n");
	char	*merged, *which;

	T_EQ_INT(run(base, mine, theirs, &merged, &which), 0);
	T_EQ_STR(merged, want);
	T_EQ_STR(which, "");
	free(merged);
	free(which);
	free(mine);
	free(theirs);
	free(want);
}

static void
test_same_top_item(void)
{
	char	*mine = edit(base, "hostname r1", "hostname r2");
	char	*theirs = edit(base, "hostname r1", "hostname r3");
	char	*merged, *which;

	T_EQ_INT(run(base, mine, theirs, &merged, &which), 1);
	T_ASSERT(merged == NULL);
	T_EQ_STR(which, "hostname\n");
	free(merged);
	free(which);
	free(mine);
	free(theirs);
}

static void
test_identical_change_is_no_conflict(void)
{
	char	*mine = edit(base, "hostname r1", "hostname r2");
	char	*merged, *which;

	T_EQ_INT(run(base, mine, mine, &merged, &which), 0);
	T_EQ_STR(merged, mine);
	free(merged);
	free(which);
	free(mine);
}

static void
test_rpl_object(void)
{
	char	*mine = edit(base, "  10.0.0.0/8 le 24\n",
	    "  10.0.0.0/8 le 25\n");
	char	*theirs = edit(base, "  10.0.0.0/8 le 24\n",
	    "  10.0.0.0/8 le 26\n");
	char	*merged, *which;

	T_EQ_INT(run(base, mine, theirs, &merged, &which), 1);
	T_EQ_STR(which, "prefix-set PS\n");
	free(merged);
	free(which);
	free(mine);
	free(theirs);
}

static void
test_bgp_blocks(void)
{
	char	*mine = edit(base, "  remote-as 65002\n",
	    "  remote-as 65002\n  description one\n");
	char	*theirs = edit(base, "  remote-as 65003\n",
	    "  remote-as 65004\n");
	char	*want = edit(mine, "  remote-as 65003\n",
	    "  remote-as 65004\n");
	char	*t2 = edit(base, "  remote-as 65002\n",
	    "  remote-as 65009\n");
	char	*merged, *which;

	/* two neighbors: no overlap, both changes kept */
	T_EQ_INT(run(base, mine, theirs, &merged, &which), 0);
	T_EQ_STR(merged, want);
	free(merged);
	free(which);
	/* the same neighbor */
	T_EQ_INT(run(base, mine, t2, &merged, &which), 1);
	T_EQ_STR(which, "router bgp 65001 neighbor 10.0.0.1\n");
	free(merged);
	free(which);
	free(mine);
	free(theirs);
	free(want);
	free(t2);
}

static void
test_bgp_global_settings(void)
{
	char	*mine = edit(base, " bgp router-id 1.1.1.1\n",
	    " bgp router-id 2.2.2.2\n");
	char	*theirs = edit(base, " bgp router-id 1.1.1.1\n",
	    " bgp router-id 1.1.1.1\n bgp cluster-id 7\n");
	char	*t2 = edit(base, "  remote-as 65003\n",
	    "  remote-as 65004\n");
	char	*merged, *which;

	/* the global settings are one item */
	T_EQ_INT(run(base, mine, theirs, &merged, &which), 1);
	T_EQ_STR(which, "router bgp 65001 (global settings)\n");
	free(merged);
	free(which);
	/* against a neighbor: none */
	T_EQ_INT(run(base, mine, t2, &merged, &which), 0);
	T_ASSERT(merged != NULL && strstr(merged, "2.2.2.2") != NULL &&
	    strstr(merged, "65004") != NULL);
	free(merged);
	free(which);
	free(mine);
	free(theirs);
	free(t2);
}

static void
test_new_items_ordered(void)
{
	/* the session adds a set and a neighbor; others add a policy */
	char	*m1 = edit(base, "route-policy P1\n",
	    "community-set C\n  1:1\nend-set\n!\nroute-policy P1\n");
	char	*mine = edit(m1, "  remote-as 65003\n !\n",
	    "  remote-as 65003\n !\n neighbor 10.0.0.3\n  remote-as 1\n !\n");
	char	*theirs = edit(base, "router bgp",
	    "route-policy P2\n  drop\nend-policy\n!\nrouter bgp");
	char	*merged, *which;
	const char *pc, *pp, *p2, *rb, *n3;

	T_EQ_INT(run(base, mine, theirs, &merged, &which), 0);
	T_ASSERT(merged != NULL);
	if (merged != NULL) {
		pc = strstr(merged, "community-set C");
		pp = strstr(merged, "route-policy P1");
		p2 = strstr(merged, "route-policy P2");
		rb = strstr(merged, "router bgp");
		n3 = strstr(merged, "neighbor 10.0.0.3");
		T_ASSERT(pc != NULL && pp != NULL && p2 != NULL &&
		    rb != NULL && n3 != NULL);
		T_ASSERT(pc < pp && pp < p2 && p2 < rb && rb < n3);
	}
	free(merged);
	free(which);
	free(m1);
	free(mine);
	free(theirs);
}

static void
test_bgp_whole_item(void)
{
	const char	*nobgp = "hostname r1\n";
	char		*mine = edit(base, "router bgp 65001", "router bgp 65002");
	char		*t2 = edit(base, "hostname r1", "hostname r9");
	char		*t3 = edit(base, "  remote-as 65003\n",
	    "  remote-as 65004\n");
	char		*merged, *which;

	/* both add router bgp: one item, an overlap */
	T_EQ_INT(run(nobgp, base, base, &merged, &which), 0);
	free(merged);
	free(which);
	T_EQ_INT(run(nobgp, base, "hostname r1\nrouter bgp 1\n!\n", &merged,
	    &which), 1);
	T_EQ_STR(which, "router bgp\n");
	free(merged);
	free(which);
	/* the session adds BGP, others change the hostname */
	T_EQ_INT(run(nobgp, base, "hostname r9\n", &merged, &which), 0);
	T_ASSERT(merged != NULL && strncmp(merged, "hostname r9\n", 12) ==
	    0 && strstr(merged, "router bgp 65001\n") != NULL);
	free(merged);
	free(which);
	/* an ASN change against a hostname change: none */
	T_EQ_INT(run(base, mine, t2, &merged, &which), 0);
	T_ASSERT(merged != NULL && strstr(merged, "hostname r9") != NULL &&
	    strstr(merged, "router bgp 65002") != NULL);
	free(merged);
	free(which);
	/* an ASN change against a neighbor change: the whole router bgp */
	T_EQ_INT(run(base, mine, t3, &merged, &which), 1);
	T_EQ_STR(which, "router bgp\n");
	free(merged);
	free(which);
	free(mine);
	free(t2);
	free(t3);
}

static void
test_deletions(void)
{
	char	*mine = edit(base, " neighbor 10.0.0.2\n  remote-as 65003\n"
	    " !\n", "");
	char	*theirs = edit(base, "hostname r1\n", "");
	char	*t2 = edit(base, "  remote-as 65003\n", "  remote-as 1\n");
	char	*merged, *which;

	T_EQ_INT(run(base, mine, theirs, &merged, &which), 0);
	T_ASSERT(merged != NULL && strstr(merged, "hostname") == NULL &&
	    strstr(merged, "10.0.0.2") == NULL &&
	    strstr(merged, "10.0.0.1") != NULL);
	free(merged);
	free(which);
	/* deleting what the others changed */
	T_EQ_INT(run(base, mine, t2, &merged, &which), 1);
	T_EQ_STR(which, "router bgp 65001 neighbor 10.0.0.2\n");
	free(merged);
	free(which);
	free(mine);
	free(theirs);
	free(t2);
}

static void
test_bad_text(void)
{
	char	*merged, *which;

	T_EQ_INT(run(base, "route-policy X\n  pass\n", base, &merged,
	    &which), -1);
	T_ASSERT(merged == NULL);
	free(which);
}

int
main(void)
{
	test_nothing_changed();
	test_disjoint_top_items();
	test_same_top_item();
	test_identical_change_is_no_conflict();
	test_rpl_object();
	test_bgp_blocks();
	test_bgp_global_settings();
	test_new_items_ordered();
	test_bgp_whole_item();
	test_deletions();
	test_bad_text();
	return T_DONE();
}
