/*
 * Unit tests for core/cfgtext.c: tree round trip, sections (with keyword
 * abbreviation), block lookup by path, change lists with `no` lines, the
 * marked diff, RPL objects as atomic items.
 */
#include <stdlib.h>

#include "core/config/cfgtext.h"
#include "tests/unit/t.h"

static const char *bgp1 =
    "hostname r1\n"
    "prefix-set PS\n"
    "  10.0.0.0/8 le 24\n"
    "end-set\n"
    "!\n"
    "route-policy P1($a)\n"
    "  if destination in PS then\n"
    "    pass\n"
    "  endif\n"
    "end-policy\n"
    "!\n"
    "router bgp 65001\n"
    " bgp router-id 1.1.1.1\n"
    " address-family ipv4 unicast\n"
    " !\n"
    " neighbor 10.0.0.1\n"
    "  remote-as 65002\n"
    "  description peer one\n"
    "  address-family ipv4 unicast\n"
    "   route-policy P1(10) in\n"
    "  !\n"
    " !\n"
    " neighbor 10.0.0.2\n"
    "  remote-as 65003\n"
    " !\n"
    "!\n";

static char *
changes(const char *a, const char *b, int *n)
{
	struct strbuf	 sb = STRBUF_INIT;

	*n = ct_changes(a, b, &sb);
	return sb.buf ? sb_steal(&sb) : calloc(1, 1);
}

static char *
diff(const char *a, const char *b, int *n)
{
	struct strbuf	 sb = STRBUF_INIT;

	*n = ct_diff(a, b, &sb);
	return sb.buf ? sb_steal(&sb) : calloc(1, 1);
}

static char *
section(const char *text, const char *const *toks, size_t n, int *found)
{
	struct strbuf	 sb = STRBUF_INIT;

	*found = ct_section(text, toks, n, &sb);
	return sb.buf ? sb_steal(&sb) : calloc(1, 1);
}

static void
test_tree(void)
{
	struct ct_node	*root;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[128];

	T_EQ_INT(ct_parse(bgp1, &root, err, sizeof(err)), 0);
	T_EQ_INT(root->nkids, 4);
	T_EQ_STR(root->kids[1]->line, "prefix-set PS");
	T_ASSERT(root->kids[1]->body != NULL);
	T_EQ_INT(root->kids[2]->nkids, 0);	/* policy body is atomic */
	T_EQ_INT(root->kids[3]->nkids, 4);
	T_ASSERT(root->kids[3]->kids[1]->block);	/* empty AF with `!` */
	T_ASSERT(!root->kids[3]->kids[0]->block);
	T_EQ_INT(ct_print(root, &sb), 0);
	T_EQ_STR(sb_str(&sb), bgp1);
	sb_free(&sb);
	ct_free(root);

	T_EQ_INT(ct_parse("hostname a\nroute-policy X\n  pass\n", &root, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "line 2: 'route-policy X' has no end-policy");
	T_ASSERT(ct_is_rpl_header("extcommunity-set rt RT1"));
	T_ASSERT(!ct_is_rpl_header("route-policyX"));
}

static void
test_sections(void)
{
	const char	*t1[] = { "router", "bgp" };
	const char	*t2[] = { "router", "bgp", "neighbor", "10.0.0.2" };
	const char	*t3[] = { "route-policy", "P1" };
	const char	*t4[] = { "prefix-set" };
	const char	*t5[] = { "router", "ospf" };
	const char	*t6[] = { "router", "bgp", "65001", "neighbor" };
	const char	*t7[] = { "hostname" };
	const char	*t8[] = { "router", "bgp", "nei", "10.0.0.2" };
	const char	*t9[] = { "rou" };
	const char	*t10[] = { "route-policy", "P" };
	const char	*t11[] = { "host" };
	char		*s;
	int		 n;

	s = section(bgp1, t1, 2, &n);
	T_EQ_INT(n, 1);
	T_ASSERT(strncmp(s, "router bgp 65001\n bgp router-id", 31) == 0);
	T_ASSERT(strstr(s, "hostname") == NULL);
	free(s);

	s = section(bgp1, t2, 4, &n);
	T_EQ_INT(n, 1);
	T_EQ_STR(s, "router bgp 65001\n neighbor 10.0.0.2\n"
	    "  remote-as 65003\n !\n!\n");
	free(s);

	s = section(bgp1, t3, 2, &n);
	T_EQ_INT(n, 1);
	T_EQ_STR(s, "route-policy P1($a)\n  if destination in PS then\n"
	    "    pass\n  endif\nend-policy\n!\n");
	free(s);

	s = section(bgp1, t4, 1, &n);
	T_EQ_INT(n, 1);
	T_EQ_STR(s, "prefix-set PS\n  10.0.0.0/8 le 24\nend-set\n!\n");
	free(s);

	s = section(bgp1, t5, 2, &n);
	T_EQ_INT(n, 0);
	T_EQ_STR(s, "");
	free(s);

	s = section(bgp1, t6, 4, &n);
	T_EQ_INT(n, 2);
	T_ASSERT(strstr(s, " neighbor 10.0.0.1\n") != NULL);
	T_ASSERT(strstr(s, " neighbor 10.0.0.2\n") != NULL);
	T_ASSERT(strstr(s, "bgp router-id") == NULL);
	free(s);

	s = section(bgp1, t7, 1, &n);
	T_EQ_STR(s, "hostname r1\n");
	free(s);

	/* keywords abbreviate when unique; names never do */
	s = section(bgp1, t8, 4, &n);
	T_EQ_INT(n, 1);
	T_EQ_STR(s, "router bgp 65001\n neighbor 10.0.0.2\n"
	    "  remote-as 65003\n !\n!\n");
	free(s);
	s = section(bgp1, t9, 1, &n);		/* route-policy or router */
	T_EQ_INT(n, 0);
	free(s);
	s = section(bgp1, t10, 2, &n);
	T_EQ_INT(n, 0);
	free(s);
	s = section(bgp1, t11, 1, &n);
	T_EQ_STR(s, "hostname r1\n");
	free(s);
}

static const char *bgp2 =
    "hostname r1\n"
    "route-policy pass-all\n"
    "  pass\n"
    "end-policy\n"
    "!\n"
    "extcommunity-set rt RT1\n"
    "  1:1\n"
    "end-set\n"
    "!\n"
    "router bgp 65001\n"
    " address-family ipv4 unicast\n"
    " !\n"
    " neighbor-group NG\n"
    "  remote-as 65009\n"
    " !\n"
    " neighbor 10.0.0.1\n"
    "  remote-as 65002\n"
    "  description peer one\n"
    "  address-family ipv4 unicast\n"
    "  !\n"
    " !\n"
    "!\n";

/* keywords abbreviate at every level; names and values never do */
static void
test_section_abbrev(void)
{
	static const struct {
		const char	*toks[8];
		int		 found;
		const char	*starts;	/* output begins with */
	} c[] = {
		{ { "router", "bg" }, 1, "router bgp 65001\n bgp" },
		{ { "r", "bgp" }, 1, "router bgp 65001\n bgp" },
		{ { "ro", "b" }, 1, "router bgp 65001\n bgp" },
		{ { "router", "bgp", "neigh", "10.0.0.1" }, 1,
		    "router bgp 65001\n neighbor 10.0.0.1\n  remote-as" },
		{ { "r", "bg", "nei", "10.0.0.2" }, 1,
		    "router bgp 65001\n neighbor 10.0.0.2\n  remote-as" },
		{ { "router", "bgp", "neighbor", "10.0.0.1", "add", "ipv4",
		    "uni" }, 1, "router bgp 65001\n neighbor 10.0.0.1\n"
		    "  address-family ipv4 unicast\n   route-policy" },
		{ { "router", "bgp", "a", "ipv" }, 1,
		    "router bgp 65001\n address-family ipv4 unicast\n !\n!\n" },
		{ { "route-p", "P1" }, 1, "route-policy P1($a)\n" },
		{ { "pre", "PS" }, 1, "prefix-set PS\n" },
		/* an address, a name, a number are never abbreviated */
		{ { "router", "bgp", "neighbor", "10.0.0" }, 0, "" },
		{ { "route-policy", "P" }, 0, "" },
		{ { "router", "bgp", "6500", "neighbor" }, 0, "" },
		{ { "hostname", "r" }, 0, "" },
		/* `r` alone is router or route-policy */
		{ { "r" }, 0, "" },
	};
	static const struct {
		const char	*toks[8];
		int		 found;
		const char	*want;
	} c2[] = {
		/* an exact keyword wins over a longer one it prefixes */
		{ { "router", "bgp", "neighbor" }, 1,
		    "router bgp 65001\n neighbor 10.0.0.1\n  remote-as 65002\n"
		    "  description peer one\n  address-family ipv4 unicast\n"
		    "  !\n !\n!\n" },
		{ { "router", "bgp", "neighbor-g", "NG" }, 1,
		    "router bgp 65001\n neighbor-group NG\n  remote-as 65009\n"
		    " !\n!\n" },
		/* neighbor-group NG does not match the address: unique */
		{ { "router", "bgp", "ne", "10.0.0.1", "rem" }, 1,
		    "router bgp 65001\n neighbor 10.0.0.1\n  remote-as 65002\n"
		    " !\n!\n" },
		/* both neighbor and neighbor-group: ambiguous */
		{ { "router", "bgp", "ne" }, 0, "" },
		/* a lower-case name is a name */
		{ { "route-policy", "pass" }, 0, "" },
		{ { "route-pol", "pass-all" }, 1,
		    "route-policy pass-all\n  pass\nend-policy\n!\n" },
		{ { "ext", "r", "RT1" }, 1, "extcommunity-set rt RT1\n  1:1\n"
		    "end-set\n!\n" },
		{ { "extcommunity-set", "rt", "R" }, 0, "" },
		/* description text is not keywords */
		{ { "router", "bgp", "neighbor", "10.0.0.1", "description",
		    "peer", "o" }, 0, "" },
		{ { "router", "bgp", "neighbor", "10.0.0.1", "desc" }, 1,
		    "router bgp 65001\n neighbor 10.0.0.1\n"
		    "  description peer one\n !\n!\n" },
	};
	size_t		 i, n;
	char		*s;
	int		 found;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		for (n = 0; n < 8 && c[i].toks[n] != NULL; n++)
			;
		s = section(bgp1, c[i].toks, n, &found);
		T_EQ_INT(found, c[i].found);
		T_ASSERT(strncmp(s, c[i].starts, strlen(c[i].starts)) == 0);
		if (c[i].found == 0)
			T_EQ_STR(s, "");
		free(s);
	}
	for (i = 0; i < sizeof(c2) / sizeof(c2[0]); i++) {
		for (n = 0; n < 8 && c2[i].toks[n] != NULL; n++)
			;
		s = section(bgp2, c2[i].toks, n, &found);
		T_EQ_INT(found, c2[i].found);
		T_EQ_STR(s, c2[i].want);
		free(s);
	}
}

static void
test_path_is_block(void)
{
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " neighbor 10.0.0.1\n  address-family ipv4 unicast"), 1);
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " address-family ipv4 unicast"), 1);	/* empty, closed */
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " neighbor 10.0.0.2"), 1);
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " neighbor 10.0.0.1\n  remote-as 65002"), 0);
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " neighbor 10.0.0.1\n  address-family ipv4 unicast\n"
	    "   route-policy P1(10) in"), 0);
	T_EQ_INT(ct_path_is_block(bgp1, "hostname r1"), 0);
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 65001\n"
	    " neighbor 10.0.0.9"), -1);
	T_EQ_INT(ct_path_is_block(bgp1, "router bgp 1"), -1);
}

static void
test_changes(void)
{
	char	*s;
	int	 n;

	s = changes("hostname r1\n", "hostname r2\n", &n);
	T_EQ_STR(s, "hostname r2\n");
	T_EQ_INT(n, 1);
	free(s);

	s = changes("hostname r1\n", "", &n);
	T_EQ_STR(s, "no hostname r1\n");
	free(s);

	s = changes("", "", &n);
	T_EQ_STR(s, "");
	T_EQ_INT(n, 0);
	free(s);

	s = changes(bgp1, bgp1, &n);
	T_EQ_INT(n, 0);
	T_EQ_STR(s, "");
	free(s);

	/* a neighbor removed, a leaf changed, a leaf added */
	s = changes(bgp1,
	    "hostname r1\n"
	    "prefix-set PS\n  10.0.0.0/8 le 24\nend-set\n!\n"
	    "route-policy P1($a)\n  if destination in PS then\n    pass\n"
	    "  endif\nend-policy\n!\n"
	    "router bgp 65001\n"
	    " bgp router-id 1.1.1.1\n"
	    " address-family ipv4 unicast\n"
	    " !\n"
	    " neighbor 10.0.0.1\n"
	    "  remote-as 65009\n"
	    "  description peer one\n"
	    "  update-source Loopback0\n"
	    "  address-family ipv4 unicast\n"
	    "   route-policy P1(10) in\n"
	    "  !\n"
	    " !\n"
	    "!\n", &n);
	T_EQ_STR(s,
	    "router bgp 65001\n"
	    " neighbor 10.0.0.1\n"
	    "  remote-as 65009\n"
	    "  update-source Loopback0\n"
	    " !\n"
	    " no neighbor 10.0.0.2\n"
	    "!\n");
	T_EQ_INT(n, 3);
	free(s);

	/* multi-valued leaves are never paired: old one needs a `no` */
	s = changes("router bgp 1\n address-family ipv4 unicast\n"
	    "  network 10.0.0.0/8\n !\n!\n",
	    "router bgp 1\n address-family ipv4 unicast\n"
	    "  network 11.0.0.0/8\n !\n!\n", &n);
	T_EQ_STR(s, "router bgp 1\n address-family ipv4 unicast\n"
	    "  no network 10.0.0.0/8\n  network 11.0.0.0/8\n !\n!\n");
	free(s);

	/* removed whole block */
	s = changes(bgp1, "hostname r1\n", &n);
	T_EQ_STR(s, "no prefix-set PS\nno route-policy P1\n"
	    "no router bgp 65001\n");
	T_EQ_INT(n, 3);
	free(s);
}

static void
test_rpl_atomic(void)
{
	const char	*a = "route-policy P\n  set med 10\n  pass\n"
	    "end-policy\n!\n";
	const char	*b = "route-policy P\n  set med 20\n  pass\n"
	    "end-policy\n!\n";
	char		*s;
	int		 n;

	s = changes(a, b, &n);
	T_EQ_STR(s, b);		/* the whole new policy */
	T_EQ_INT(n, 1);
	free(s);

	s = diff(a, b, &n);
	T_EQ_STR(s,
	    "-  route-policy P\n-    set med 10\n-    pass\n-  end-policy\n"
	    "   !\n"
	    "+  route-policy P\n+    set med 20\n+    pass\n+  end-policy\n"
	    "   !\n");
	T_EQ_INT(n, 1);
	free(s);

	/* parameters changed: same object, redefined */
	s = changes("route-policy P($x)\n  pass\nend-policy\n!\n",
	    "route-policy P\n  pass\nend-policy\n!\n", &n);
	T_EQ_STR(s, "route-policy P\n  pass\nend-policy\n!\n");
	free(s);

	s = changes("community-set C\n  1:1\nend-set\n!\n", "", &n);
	T_EQ_STR(s, "no community-set C\n");
	free(s);
}

static void
test_diff(void)
{
	char	*s;
	int	 n;

	s = diff("hostname r1\n", "hostname r2\n", &n);
	T_EQ_STR(s, "<- hostname r1\n+> hostname r2\n");
	T_EQ_INT(n, 1);
	free(s);

	s = diff("", "hostname r2\n", &n);
	T_EQ_STR(s, "+  hostname r2\n");
	free(s);

	s = diff(bgp1, bgp1, &n);
	T_EQ_STR(s, "");
	T_EQ_INT(n, 0);
	free(s);

	s = diff("router bgp 1\n neighbor 10.0.0.1\n  remote-as 2\n"
	    "  description first\n !\n neighbor 10.0.0.2\n"
	    "  description second\n !\n!\n",
	    "router bgp 1\n neighbor 10.0.0.2\n  description first\n !\n!\n",
	    &n);
	T_EQ_STR(s,
	    "   router bgp 1\n"
	    "-   neighbor 10.0.0.1\n"
	    "-    remote-as 2\n"
	    "-    description first\n"
	    "    !\n"
	    "    neighbor 10.0.0.2\n"
	    "<-   description second\n"
	    "+>   description first\n"
	    "    !\n"
	    "   !\n");
	T_EQ_INT(n, 2);
	free(s);
}

int
main(void)
{
	test_tree();
	test_sections();
	test_section_abbrev();
	test_path_is_block();
	test_changes();
	test_rpl_atomic();
	test_diff();
	return T_DONE();
}
