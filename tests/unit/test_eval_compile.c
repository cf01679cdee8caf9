/*
 * test_eval_compile: compiled sets and linking, below the policy files:
 * the community hash against a linear reference, regex compile errors,
 * sets still holding parameters, well-known values, the values a
 * `set community` takes, link errors (depth limit, arguments), the
 * non-mutation of the input route, and as-path regexes compiled with the
 * lookaround rewrite of a leading / trailing `_` against the plain
 * translation, and the as-path regexes answered without the path string
 * against PCRE2 on random paths.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl.h"
#include "core/rpl/rpl_compile.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "core/rpl/route_spec.h"
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
	uint32_t	 i, v, c, bad = 0;

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
		c = COMM_MAKE(100, v);
		if (rpl_cset_elem(s, RPL_SET_COMMUNITY, &c, 0) !=
		    (v % 3 == 0))
			bad++;
	}
	T_EQ_INT(bad, 0);
	c = COMM_MAKE(200, 65535);
	T_EQ_INT(rpl_cset_elem(s, RPL_SET_COMMUNITY, &c, 0), 1);
	c = COMM_MAKE(201, 0);
	T_EQ_INT(rpl_cset_elem(s, RPL_SET_COMMUNITY, &c, 0), 0);
	rpl_set_put(s);
}

/* The plain translation of an ios-regex, matched with PCRE2: 0/1, -1. */
static int
plain_match(const char *ios, const char *subject)
{
	char		 pat[1024];
	pcre2_code	*re;
	pcre2_match_data *md;
	int		 ec, rc;
	PCRE2_SIZE	 eo;

	if (aspath_regex_translate(ios, pat, sizeof(pat)) == -1)
		return -1;
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
	if (re == NULL)
		return -1;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = md == NULL ? -1 : pcre2_match(re, (PCRE2_SPTR)subject,
	    strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

/*
 * Every regex against every path: the compiled set (which rewrites an
 * opening or closing `_` where that keeps the meaning) must agree with
 * the plain translation.  Edge cases: `_` that may match empty, quantified
 * `_`, alternation, `_` in brackets, anchors next to `_`.
 */
static void
test_regex_rewrite(void)
{
	static const char *const res[] = {
		"_1299_", "_1299", "1299_", "^1299_", "_1299$", "^1299$",
		"_(0|23456|6449[6-9]|645[0-1][0-9])_", "_[0-9]+_", "_", "__",
		"_.*_", "_1_2_", "_?1", "_*1_", "_+1", "_{1}1", "1|_", "_|1",
		"_1|2", "2|1_", "(_1)", "_[_]", "[_]_", "^_", "_$", "_^1",
		"1$_", "_(1)?_", "_1?_", ".*", "_65001_.*_174$", "_1{2}_",
		"_[^0-9]", "[^ ]_", "_(1|)_", "_.?_", "_2,", "{_", "_}",
		"_[0-9]*", "[0-9]*_", "_1_|_2_", "^$",
	};
	static const char *const paths[] = {
		"", "1", "2", "1299", "11299", "12990", "174 1299",
		"174 1299 3356", "1 2", "1 1 2", "2 1", "{1299,3}",
		"1 {2,1}", "(65001 1299) 174", "174 [1,2]", "[1,2]",
		"23456", "64497 1", "65001 9 174", "10 64512 1",
	};
	char		 text[256], pstr[512], perr[64], *tbuf = NULL;
	struct rpl_set	*s;
	struct aspath	 p;
	struct aspath_text at;
	size_t		 i, j, tcap = 0;
	int		 want, got, bad = 0, n = 0;

	aspath_init(&p);

	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		snprintf(text, sizeof(text), "as-path-set R\n  ios-regex "
		    "'%s'\nend-set\n", res[i]);
		if ((s = SET(text)) == NULL) {
			fprintf(stderr, "regex %s: no set\n", res[i]);
			bad++;
			continue;
		}
		for (j = 0; j < sizeof(paths) / sizeof(paths[0]); j++) {
			if (aspath_parse(paths[j], &p, perr,
			    sizeof(perr)) == -1) {
				fprintf(stderr, "path '%s': %s\n", paths[j],
				    perr);
				bad++;
				continue;
			}
			aspath_format(&p, pstr, sizeof(pstr));
			want = plain_match(res[i], pstr);
			aspath_text_init(&at, &p, &tbuf, &tcap);
			got = rpl_cset_match_aspath(s, &p, &at);
			if (want != got) {
				fprintf(stderr, "regex '%s' on '%s': %d, "
				    "plain %d\n", res[i], pstr, got, want);
				bad++;
			}
			n += want == 1;
		}
		rpl_set_put(s);
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(n > 50);	/* the table exercises matches too */
	aspath_free(&p);
	free(tbuf);
}

static uint32_t	 rng_state = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

/* A random regex from the grammar the ASN shortcut takes, and beyond. */
static void
rnd_regex(char *o, size_t len)
{
	static const char *const atoms[] = {
		"1", "2", "12", "0", "23456", "6449[6-9]", "[1-3]", "[0-2]",
		"(1|2)", "(1|12|3)", "(0|23456|6449[6-9])", "1?", "(2|3)?",
		"4294967295", "42949672951", "01", "[0-9]", "[29]",
		"(1(2|3))", ".", "[0-9]+", "1*",
	};
	size_t	 i, n = 1 + rnd(3);

	snprintf(o, len, "%s", rnd(4) == 0 ? "^" : "_");
	for (i = 0; i < n; i++)
		strlcat(o, atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))],
		    len);
	strlcat(o, rnd(4) == 0 ? "$" : "_", len);
}

/* A random path: every segment type, empty segments, small ASNs. */
static void
rnd_path(struct aspath *p)
{
	static const uint32_t asns[] = { 0, 1, 2, 3, 12, 13, 112, 121,
		23456, 64496, 64499, 64500, 4294967295u, 1299 };
	unsigned	 i, j, nseg = rnd(4), cnt;

	aspath_clear(p);
	if (aspath_own(p, 4, 12) == -1)
		abort();
	for (i = 0; i < nseg; i++) {
		cnt = rnd(8) == 0 ? 0 : 1 + rnd(3);
		p->seg[p->nseg].type = (uint8_t)(1 + rnd(4));
		p->seg[p->nseg].count = (uint8_t)cnt;
		p->nseg++;
		for (j = 0; j < cnt; j++)
			p->as[p->nas++] = asns[rnd(sizeof(asns) /
			    sizeof(asns[0]))];
	}
}

/*
 * The as-path regexes answered without the string (`_ASN_` and kin):
 * random patterns on random paths agree with PCRE2 on the string.
 */
static void
test_regex_asn_random(void)
{
	char		 re[128], text[256], pstr[512], *tbuf = NULL;
	struct rpl_set	*s;
	struct aspath	 p;
	struct aspath_text at;
	size_t		 tcap = 0;
	int		 i, j, want, got, bad = 0, hits = 0;

	aspath_init(&p);

	for (i = 0; i < 300; i++) {
		rnd_regex(re, sizeof(re));
		snprintf(text, sizeof(text), "as-path-set R\n  ios-regex "
		    "'%s'\nend-set\n", re);
		if ((s = SET(text)) == NULL) {
			bad++;
			continue;
		}
		for (j = 0; j < 100; j++) {
			rnd_path(&p);
			aspath_format(&p, pstr, sizeof(pstr));
			want = plain_match(re, pstr);
			aspath_text_init(&at, &p, &tbuf, &tcap);
			got = rpl_cset_match_aspath(s, &p, &at);
			if (want != got && bad++ < 10)
				fprintf(stderr, "regex '%s' on '%s': %d, "
				    "plain %d\n", re, pstr, got, want);
			hits += want == 1;
		}
		rpl_set_put(s);
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(hits > 1000);
	aspath_free(&p);
	free(tbuf);
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
collect(const void *v, void *arg)
{
	struct route	*r = arg;

	route_comm_add(r, *(const uint32_t *)v);
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
	skipped = rpl_cset_values(s, RPL_SET_COMMUNITY, 0, collect, &r);
	T_EQ_INT(skipped, 3);		/* wildcard, regex, range */
	T_EQ_INT(r.ncomm, 2);
	T_EQ_INT(r.comm[0], COMM_MAKE(1, 2));
	T_EQ_INT(r.comm[1], COMM_NO_EXPORT);
	T_EQ_INT(rpl_cset_elem(s, RPL_SET_COMMUNITY, &r.comm[1], 0), 1);
	T_EQ_INT(rpl_cset_cond(s, RPL_SET_COMMUNITY, RPL_MATCH_EVERY, r.comm,
	    r.ncomm, 0), 0);
	rpl_set_put(s);
	route_free(&r);
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

	route_init(&in);
	route_init(&copy);
	route_init(&out);
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 as-path 7 community 1:1",
	    0, &in, err, sizeof(err)), 0);
	T_EQ_INT(route_copy_own(&copy, &in), 0);
	T_EQ_INT(rpl_link(db, "EDIT", NULL, &prog, err, sizeof(err)), 0);
	if (prog != NULL) {
		res = rpl_eval(prog, &in, &out, NULL, NULL);
		T_EQ_INT(res, RPL_ACCEPTED | RPL_MODIFIED);
		T_ASSERT(route_eq(&in, &copy));
		T_EQ_INT(out.med, 5);
		T_EQ_INT(out.aspath.nas, 4);
		T_EQ_INT(out.ncomm, 0);
		T_EQ_INT(out.set_mask, ROUTE_SET_MED | ROUTE_SET_ASPATH |
		    ROUTE_SET_COMMUNITY | ROUTE_SET_COMM_STD);
	}
	rpl_prog_free(prog);
	rpl_db_free(db);
	route_free(&in);
	route_free(&copy);
	route_free(&out);
}

/*
 * No cap anywhere: a route with 1,000 communities and a 300-ASN path in
 * 40 segments goes through a policy that matches on both (community,
 * as-path regex, length, originates-from), prepends and adds
 * communities, and comes out whole; the input is untouched; a second
 * evaluation reuses out's buffers (no allocation in steady state); and
 * lists no action wrote stay borrowed from the input.
 */
static void
test_uncapped(void)
{
	static const char *const pols[] = {
		"route-policy BIG\n"
		"  if community matches-any (1:1000) and as-path in LONG and\n"
		"      as-path length ge 300 and\n"
		"      as-path originates-from '4200000019' then\n"
		"    prepend as-path 65000 3\n"
		"    set community (2:1, 2:2, 1:5) additive\n"
		"    set large-community (9:9:9) additive\n"
		"    set local-preference 300\n"
		"  else\n"
		"    drop\n"
		"  endif\n"
		"end-policy\n",
		"route-policy LONELY\n"
		"  set med 7\n"
		"end-policy\n",
		NULL
	};
	struct rpl_db	*db = db_with(pols);
	struct rpl_prog	*prog = NULL, *lonely = NULL;
	struct strbuf	 sb = STRBUF_INIT;
	struct route	 in, out;
	char		 err[256];
	uint32_t	*cbuf, *abuf;
	char		*tbuf;
	unsigned	 i, k, bad = 0, round;
	int		 res;

	route_init(&in);
	route_init(&out);
	/* two ASNs: a regex that needs the path's text */
	rpl_db_put_set(db, SET("as-path-set LONG\n"
	    "  ios-regex '^64496_64497_.*4200000019}$'\nend-set\n"));
	sb_puts(&sb, "prefix 10.0.0.0/8 community");
	for (i = 1; i <= 1000; i++)
		sb_printf(&sb, " 1:%u", i);
	/* 40 segments: 20 sequences of 14 ASNs, 20 one-member sets */
	sb_puts(&sb, " as-path");
	for (k = 0; k < 20; k++) {
		for (i = 0; i < 14; i++)
			sb_printf(&sb, " %u", 64496 + k * 100 + i);
		sb_printf(&sb, " {%u}", 4200000000u + k);
	}
	T_EQ_INT(route_spec_parse(sb_str(&sb), 0, &in, err, sizeof(err)), 0);
	sb_free(&sb);
	T_EQ_INT(in.ncomm, 1000);
	T_EQ_INT(in.aspath.nas, 300);
	T_EQ_INT(in.aspath.nseg, 40);
	T_EQ_INT(rpl_link(db, "BIG", NULL, &prog, err, sizeof(err)), 0);
	T_EQ_INT(rpl_link(db, "LONELY", NULL, &lonely, err, sizeof(err)), 0);
	if (prog == NULL || lonely == NULL)
		goto out;
	cbuf = NULL;
	abuf = NULL;
	tbuf = NULL;
	for (round = 0; round < 3; round++) {
		res = rpl_eval(prog, &in, &out, NULL, NULL);
		T_EQ_INT(res, RPL_ACCEPTED | RPL_MODIFIED);
		/* 1,000 + 2 new (1:5 is there already), in order */
		T_EQ_INT(out.ncomm, 1002);
		for (i = 0; i < 1000; i++)
			bad += out.comm[i] != COMM_MAKE(1, i + 1);
		T_EQ_INT(out.comm[1000], COMM_MAKE(2, 1));
		T_EQ_INT(out.comm[1001], COMM_MAKE(2, 2));
		T_EQ_INT(out.nlcomm, 1);
		T_EQ_INT(out.local_pref, 300);
		/* 3 prepended into the leading sequence, then the 300 */
		T_EQ_INT(out.aspath.nas, 303);
		T_EQ_INT(out.aspath.nseg, 40);
		T_EQ_INT(out.aspath.seg[0].count, 17);
		for (i = 0; i < 3; i++)
			bad += out.aspath.as[i] != 65000;
		for (i = 0; i < 300; i++)
			bad += out.aspath.as[3 + i] != in.aspath.as[i];
		for (i = 1; i < 40; i++)
			bad += memcmp(&out.aspath.seg[i],
			    &in.aspath.seg[i], sizeof(in.aspath.seg[0])) != 0;
		T_EQ_INT(bad, 0);
		T_EQ_INT(out.set_mask, ROUTE_SET_ASPATH | ROUTE_SET_COMMUNITY |
		    ROUTE_SET_COMM_STD | ROUTE_SET_COMM_LARGE |
		    ROUTE_SET_LOCAL_PREF);
		/* the input is untouched */
		T_EQ_INT(in.ncomm, 1000);
		T_EQ_INT(in.aspath.nas, 300);
		T_EQ_INT(in.nlcomm, 0);
		if (round == 0) {
			cbuf = out.comm_buf;
			abuf = out.aspath.as_buf;
			tbuf = out.text_buf;
			T_ASSERT(tbuf != NULL);	/* the regex formatted */
		} else {
			/* steady state: the same buffers, not regrown */
			T_ASSERT(out.comm_buf == cbuf);
			T_ASSERT(out.aspath.as_buf == abuf);
			T_ASSERT(out.text_buf == tbuf);
		}
		/* an action on something else: the lists stay borrowed */
		res = rpl_eval(lonely, &in, &out, NULL, NULL);
		T_EQ_INT(res, RPL_ACCEPTED | RPL_MODIFIED);
		T_ASSERT(out.comm == in.comm);
		T_ASSERT(out.aspath.as == in.aspath.as);
		T_EQ_INT(out.med, 7);
		T_EQ_INT(out.set_mask, ROUTE_SET_MED);
	}
	/* a route the policy does not match is dropped */
	in.ncomm = 999;
	T_EQ_INT(rpl_eval(prog, &in, &out, NULL, NULL), 0);
out:
	rpl_prog_free(prog);
	rpl_prog_free(lonely);
	rpl_db_free(db);
	route_free(&in);
	route_free(&out);
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
	test_regex_rewrite();
	test_regex_asn_random();
	test_values();
	test_link();
	test_input_untouched();
	test_uncapped();
	return T_DONE();
}
