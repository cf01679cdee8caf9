/*
 * test_rpl_parse: the RPL parser and printer.  Every statement, condition,
 * action and set element kind parses into the expected typed nodes; print
 * -> parse -> print is stable; every syntax error names its line, column
 * and token.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl.h"
#include "tests/unit/t.h"

static char *
print_policy(const struct rpl_policy *p)
{
	struct strbuf	 sb = STRBUF_INIT;

	rpl_policy_print(p, &sb);
	return sb_steal(&sb);
}

static char *
print_set(const struct rpl_set *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	rpl_set_print(s, &sb);
	return sb_steal(&sb);
}

/* Parses text, checks it prints as want and that the print re-parses to
 * the same print.  Returns the policy (caller puts it). */
static struct rpl_policy *
policy_rt(const char *text, const char *want)
{
	struct rpl_err		 err;
	struct rpl_policy	*p, *q;
	char			*a, *b;

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		fprintf(stderr, "parse failed: %u:%u '%s': %s\n", err.line,
		    err.col, err.token, err.msg);
		T_ASSERT(p != NULL);
		return NULL;
	}
	a = print_policy(p);
	T_EQ_STR(a, want);
	q = rpl_parse_policy(a, &err);
	T_ASSERT(q != NULL);
	if (q != NULL) {
		b = print_policy(q);
		T_EQ_STR(b, a);
		T_ASSERT(rpl_policy_equal(p, q));
		free(b);
		rpl_policy_put(q);
	}
	free(a);
	return p;
}

static struct rpl_set *
set_rt(const char *text, const char *want)
{
	struct rpl_err	 err;
	struct rpl_set	*s, *q;
	char		*a, *b;

	if ((s = rpl_parse_set(text, &err)) == NULL) {
		fprintf(stderr, "parse failed: %u:%u '%s': %s\n", err.line,
		    err.col, err.token, err.msg);
		T_ASSERT(s != NULL);
		return NULL;
	}
	a = print_set(s);
	T_EQ_STR(a, want);
	q = rpl_parse_set(a, &err);
	T_ASSERT(q != NULL);
	if (q != NULL) {
		b = print_set(q);
		T_EQ_STR(b, a);
		T_ASSERT(rpl_set_equal(s, q));
		free(b);
		rpl_set_put(q);
	}
	free(a);
	return s;
}

/* ---------------------------------------------------------------- sets */

static void
test_prefix_set(void)
{
	struct rpl_set	*s;

	s = set_rt("prefix-set test\n"
	    "  10.205.0.0/8,\n"
	    "  10.205.0.0/8 le 16,\n"
	    "  # a remark between elements\n"
	    "  10.94.0.0/8 ge 24,\n"
	    "10.169.0.0/8 ge 16 le 24,\n"
	    "  2001:db8:2::/64 ge 65,\n"
	    "  0.0.0.0/0 eq 32,\n"
	    "  192.0.2.1\n"
	    "end-set\n",
	    "prefix-set test\n"
	    "  10.205.0.0/8,\n"
	    "  10.205.0.0/8 le 16,\n"
	    "  # a remark between elements\n"
	    "  10.94.0.0/8 ge 24,\n"
	    "  10.169.0.0/8 ge 16 le 24,\n"
	    "  2001:db8:2::/64 ge 65,\n"
	    "  0.0.0.0/0 eq 32,\n"
	    "  192.0.2.1\n"
	    "end-set\n!\n");
	if (s == NULL)
		return;
	T_EQ_INT(s->kind, RPL_SET_PREFIX);
	T_EQ_STR(s->name, "test");
	T_EQ_INT(s->refcount, 1);
	T_EQ_INT(s->nelems, 7);
	T_EQ_INT(s->nremarks, 1);
	T_EQ_INT(s->remarks[0].before, 2);
	T_EQ_INT(s->elems[0].u.pfx.pfx.len, 8);
	T_EQ_INT(s->elems[0].u.pfx.ge, 0);
	T_EQ_INT(s->elems[0].u.pfx.le, 0);
	T_EQ_INT(s->elems[1].u.pfx.le, 16);
	T_EQ_INT(s->elems[2].u.pfx.ge, 24);
	T_EQ_INT(s->elems[3].u.pfx.ge, 16);
	T_EQ_INT(s->elems[3].u.pfx.le, 24);
	T_EQ_INT(s->elems[3].line, 6);
	T_EQ_INT(s->elems[3].col, 1);
	T_EQ_INT(s->elems[4].u.pfx.pfx.addr.af, AF_V6);
	T_EQ_INT(s->elems[4].u.pfx.ge, 65);
	/* eq folds to ge = le */
	T_EQ_INT(s->elems[5].u.pfx.ge, 32);
	T_EQ_INT(s->elems[5].u.pfx.le, 32);
	T_EQ_INT(s->elems[5].u.pfx.eq, 1);
	/* no length: a host route */
	T_EQ_INT(s->elems[6].u.pfx.pfx.len, 32);
	T_EQ_INT(s->elems[6].u.pfx.nolen, 1);
	rpl_set_put(s);

	/* empty set, remark at the end */
	s = set_rt("prefix-set E\n# only a remark\nend-set",
	    "prefix-set E\n  # only a remark\nend-set\n!\n");
	if (s != NULL) {
		T_EQ_INT(s->nelems, 0);
		rpl_set_put(s);
	}
}

static void
test_community_set(void)
{
	struct rpl_set	*s;

	s = set_rt("community-set mixed\n"
	    "  ios-regex '_1234:.*',\n"
	    "  dfa-regex '^65000:1.*$',\n"
	    "  1:2,\n"
	    "  *:3,\n"
	    "  4:*,\n"
	    "  6:[100..103],\n"
	    "  private-as:7,\n"
	    "  no-export, no-advertise, local-AS, internet,\n"
	    "  accept-own, graceful-shutdown\n"
	    "end-set\n",
	    "community-set mixed\n"
	    "  ios-regex '_1234:.*',\n"
	    "  dfa-regex '^65000:1.*$',\n"
	    "  1:2,\n"
	    "  *:3,\n"
	    "  4:*,\n"
	    "  6:[100..103],\n"
	    "  private-as:7,\n"
	    "  no-export,\n"
	    "  no-advertise,\n"
	    "  local-AS,\n"
	    "  internet,\n"
	    "  accept-own,\n"
	    "  graceful-shutdown\n"
	    "end-set\n!\n");
	if (s == NULL)
		return;
	T_EQ_INT(s->nelems, 13);
	T_EQ_INT(s->elems[0].u.comm.kind, RPL_COMM_REGEX);
	T_EQ_INT(s->elems[0].u.comm.re.dfa, 0);
	T_EQ_STR(s->elems[0].u.comm.re.text, "_1234:.*");
	T_EQ_INT(s->elems[1].u.comm.re.dfa, 1);
	T_EQ_INT(s->elems[2].u.comm.kind, RPL_COMM_PARTS);
	T_EQ_INT(s->elems[2].u.comm.hi.kind, RPL_PART_VALUE);
	T_EQ_INT(s->elems[2].u.comm.hi.lo, 1);
	T_EQ_INT(s->elems[2].u.comm.lo.lo, 2);
	T_EQ_INT(s->elems[3].u.comm.hi.kind, RPL_PART_ANY);
	T_EQ_INT(s->elems[4].u.comm.lo.kind, RPL_PART_ANY);
	T_EQ_INT(s->elems[5].u.comm.lo.kind, RPL_PART_RANGE);
	T_EQ_INT(s->elems[5].u.comm.lo.lo, 100);
	T_EQ_INT(s->elems[5].u.comm.lo.hi, 103);
	T_EQ_INT(s->elems[6].u.comm.hi.kind, RPL_PART_PRIVATE_AS);
	T_EQ_INT(s->elems[7].u.comm.kind, RPL_COMM_WELLKNOWN);
	T_EQ_INT(s->elems[7].u.comm.wk, RPL_WK_NO_EXPORT);
	T_EQ_INT(s->elems[7].u.comm.hi.lo, 65535);
	T_EQ_INT(s->elems[7].u.comm.lo.lo, 65281);
	T_EQ_INT(s->elems[9].u.comm.wk, RPL_WK_LOCAL_AS);
	T_EQ_INT(s->elems[9].u.comm.lo.lo, 65283);
	T_EQ_INT(s->elems[10].u.comm.wk, RPL_WK_INTERNET);
	T_EQ_INT(s->elems[12].u.comm.wk, RPL_WK_GRACEFUL_SHUTDOWN);
	rpl_set_put(s);
}

static void
test_aspath_set(void)
{
	struct rpl_set	*s;

	s = set_rt("as-path-set aset1\n"
	    "  ios-regex '_42$',\n"
	    "  dfa-regex '^1299_',\n"
	    "  length ge 10,\n"
	    "  length is 3 all,\n"
	    "  unique-length le 5,\n"
	    "  neighbor-is '666 777 888' exact,\n"
	    "  originates-from '65001',\n"
	    "  passes-through '174 [64512..65534] 4200000000'\n"
	    "end-set\n",
	    "as-path-set aset1\n"
	    "  ios-regex '_42$',\n"
	    "  dfa-regex '^1299_',\n"
	    "  length ge 10,\n"
	    "  length is 3 all,\n"
	    "  unique-length le 5,\n"
	    "  neighbor-is '666 777 888' exact,\n"
	    "  originates-from '65001',\n"
	    "  passes-through '174 [64512..65534] 4200000000'\n"
	    "end-set\n!\n");
	if (s == NULL)
		return;
	T_EQ_INT(s->elems[0].u.asp.kind, RPL_ASP_REGEX);
	T_EQ_STR(s->elems[0].u.asp.re.text, "_42$");
	T_EQ_INT(s->elems[1].u.asp.re.dfa, 1);
	T_EQ_INT(s->elems[2].u.asp.kind, RPL_ASP_LENGTH);
	T_EQ_INT(s->elems[2].u.asp.cmp, RPL_CMP_GE);
	T_EQ_INT(s->elems[2].u.asp.n.v, 10);
	T_EQ_INT(s->elems[3].u.asp.cmp, RPL_CMP_IS);
	T_EQ_INT(s->elems[3].u.asp.all, 1);
	T_EQ_INT(s->elems[4].u.asp.kind, RPL_ASP_UNIQUE_LENGTH);
	T_EQ_INT(s->elems[5].u.asp.kind, RPL_ASP_NEIGHBOR_IS);
	T_EQ_INT(s->elems[5].u.asp.exact, 1);
	T_EQ_INT(s->elems[5].u.asp.list.n, 3);
	T_EQ_INT(s->elems[5].u.asp.list.v[2].lo, 888);
	T_EQ_INT(s->elems[6].u.asp.kind, RPL_ASP_ORIGINATES_FROM);
	T_EQ_INT(s->elems[7].u.asp.kind, RPL_ASP_PASSES_THROUGH);
	T_EQ_INT(s->elems[7].u.asp.list.v[1].kind, RPL_PART_RANGE);
	T_EQ_INT(s->elems[7].u.asp.list.v[1].lo, 64512);
	T_EQ_INT(s->elems[7].u.asp.list.v[1].hi, 65534);
	T_EQ_INT(s->elems[7].u.asp.list.v[2].lo, 4200000000U);
	rpl_set_put(s);

	/* asdot AS numbers are read and shown asplain */
	s = set_rt("as-path-set d\n  passes-through '1.10'\nend-set\n",
	    "as-path-set d\n  passes-through '65546'\nend-set\n!\n");
	rpl_set_put(s);
}

static void
test_ext_sets(void)
{
	struct rpl_set	*s;

	s = set_rt("extcommunity-set rt a_rt_set\n"
	    "  1.2.3.4:666,\n"
	    "  1234:666,\n"
	    "  1.2.3.4/24:777,\n"
	    "  4567:4294967295,\n"
	    "  4200000000:7,\n"
	    "  1.5:7,\n"
	    "  *:*,\n"
	    "  [1..5]:10,\n"
	    "  ios-regex '^100:'\n"
	    "end-set\n",
	    "extcommunity-set rt a_rt_set\n"
	    "  1.2.3.4:666,\n"
	    "  1234:666,\n"
	    "  1.2.3.4/24:777,\n"
	    "  4567:4294967295,\n"
	    "  4200000000:7,\n"
	    "  1.5:7,\n"
	    "  *:*,\n"
	    "  [1..5]:10,\n"
	    "  ios-regex '^100:'\n"
	    "end-set\n!\n");
	if (s == NULL)
		return;
	T_EQ_INT(s->kind, RPL_SET_EXT_RT);
	T_EQ_INT(s->elems[0].u.ext.kind, RPL_EXT_IP);
	T_EQ_INT(s->elems[0].u.ext.val.lo, 666);
	T_EQ_INT(s->elems[1].u.ext.kind, RPL_EXT_AS2);
	T_EQ_INT(s->elems[1].u.ext.asn.lo, 1234);
	T_EQ_INT(s->elems[2].u.ext.iplen, 24);
	T_EQ_INT(s->elems[3].u.ext.val.lo, 4294967295U);
	T_EQ_INT(s->elems[4].u.ext.kind, RPL_EXT_AS4);
	T_EQ_INT(s->elems[5].u.ext.kind, RPL_EXT_AS4);
	T_EQ_INT(s->elems[5].u.ext.asn.lo, 65541);
	T_EQ_INT(s->elems[6].u.ext.asn.kind, RPL_PART_ANY);
	T_EQ_INT(s->elems[7].u.ext.asn.kind, RPL_PART_RANGE);
	T_EQ_INT(s->elems[8].u.ext.kind, RPL_EXT_REGEX);
	rpl_set_put(s);

	s = set_rt("extcommunity-set soo S\n65000:1\nend-set\n",
	    "extcommunity-set soo S\n  65000:1\nend-set\n!\n");
	if (s != NULL) {
		T_EQ_INT(s->kind, RPL_SET_EXT_SOO);
		rpl_set_put(s);
	}
}

static void
test_large_set(void)
{
	struct rpl_set	*s;

	s = set_rt("large-community-set LARGE1\n"
	    "  0:65001:1,\n"
	    "  0:65002:*,\n"
	    "  [40001..65536]:201001:301001,\n"
	    "  ios-regex '^65000:.*:.*'\n"
	    "end-set\n",
	    "large-community-set LARGE1\n"
	    "  0:65001:1,\n"
	    "  0:65002:*,\n"
	    "  [40001..65536]:201001:301001,\n"
	    "  ios-regex '^65000:.*:.*'\n"
	    "end-set\n!\n");
	if (s == NULL)
		return;
	T_EQ_INT(s->kind, RPL_SET_LARGECOMM);
	T_EQ_INT(s->elems[0].u.lc.kind, RPL_LARGE_PARTS);
	T_EQ_INT(s->elems[0].u.lc.p[1].lo, 65001);
	T_EQ_INT(s->elems[1].u.lc.p[2].kind, RPL_PART_ANY);
	T_EQ_INT(s->elems[2].u.lc.p[0].kind, RPL_PART_RANGE);
	T_EQ_INT(s->elems[2].u.lc.p[0].hi, 65536);
	T_EQ_INT(s->elems[3].u.lc.kind, RPL_LARGE_REGEX);
	rpl_set_put(s);
}

static void
test_parse_elem(void)
{
	struct rpl_elem	 e;
	struct rpl_err	 err;

	T_EQ_INT(rpl_parse_elem(RPL_SET_COMMUNITY, "65000:100", &e, &err), 0);
	T_EQ_INT(e.u.comm.hi.lo, 65000);
	T_EQ_INT(e.u.comm.lo.lo, 100);
	rpl_elem_clear(RPL_SET_COMMUNITY, &e);
	T_EQ_INT(rpl_parse_elem(RPL_SET_PREFIX, "10.0.0.0/8 le 24", &e, &err),
	    0);
	T_EQ_INT(e.u.pfx.le, 24);
	T_EQ_INT(rpl_parse_elem(RPL_SET_LARGECOMM, "1:2", &e, &err), -1);
	T_EQ_INT(rpl_parse_elem(RPL_SET_COMMUNITY, "", &e, &err), -1);
}

/* ------------------------------------------------------------ policies */

static void
test_statements(void)
{
	struct rpl_policy	*p;
	const struct rpl_stmt	*v;

	p = policy_rt("route-policy ALL\n"
	    "  # every statement kind\n"
	    "  pass\n"
	    "  drop\n"
	    "  done\n"
	    "  apply OTHER\n"
	    "  apply PARAM(10, SET_A, 'x y')\n"
	    "  set local-preference 200\n"
	    "  set local-preference +89\n"
	    "  set med -5\n"
	    "  set med igp-cost\n"
	    "  set med max-reachable\n"
	    "  set weight 65535\n"
	    "  set origin incomplete\n"
	    "  set next-hop 192.0.2.1\n"
	    "  set next-hop 2001:db8::1\n"
	    "  set next-hop self\n"
	    "  set next-hop peer-address\n"
	    "  set next-hop discard\n"
	    "  set next-hop unchanged\n"
	    "  set community (65000:1, no-export)\n"
	    "  set community CSET additive\n"
	    "  set community no-export additive\n"
	    "  set large-community (1:2:3) additive\n"
	    "  set extcommunity rt (65000:1, 192.0.2.1:5) additive\n"
	    "  set extcommunity soo (65000:2)\n"
	    "  delete community all\n"
	    "  delete community in (65000:*, ios-regex '^1:')\n"
	    "  delete community not in KEEP\n"
	    "  delete large-community in LC\n"
	    "  delete extcommunity rt not in (65000:*)\n"
	    "  prepend as-path 65001\n"
	    "  prepend as-path 65001 3\n"
	    "  prepend as-path most-recent 2\n"
	    "  prepend as-path own-as\n"
	    "  remove as-path private-as\n"
	    "  remove as-path private-as entire-aspath\n"
	    "  replace as-path private-as\n"
	    "  set tag 4294967295\n"
	    "  set aigp-metric igp-cost\n"
	    "  suppress-route\n"
	    "  unsuppress-route\n"
	    "  set dampening halflife 10 reuse 100 suppress 200 "
	    "max-suppress 30\n"
	    "end-policy\n",
	    "route-policy ALL\n"
	    "  # every statement kind\n"
	    "  pass\n"
	    "  drop\n"
	    "  done\n"
	    "  apply OTHER\n"
	    "  apply PARAM(10, SET_A, 'x y')\n"
	    "  set local-preference 200\n"
	    "  set local-preference +89\n"
	    "  set med -5\n"
	    "  set med igp-cost\n"
	    "  set med max-reachable\n"
	    "  set weight 65535\n"
	    "  set origin incomplete\n"
	    "  set next-hop 192.0.2.1\n"
	    "  set next-hop 2001:db8::1\n"
	    "  set next-hop self\n"
	    "  set next-hop peer-address\n"
	    "  set next-hop discard\n"
	    "  set next-hop unchanged\n"
	    "  set community (65000:1, no-export)\n"
	    "  set community CSET additive\n"
	    "  set community no-export additive\n"
	    "  set large-community (1:2:3) additive\n"
	    "  set extcommunity rt (65000:1, 192.0.2.1:5) additive\n"
	    "  set extcommunity soo (65000:2)\n"
	    "  delete community all\n"
	    "  delete community in (65000:*, ios-regex '^1:')\n"
	    "  delete community not in KEEP\n"
	    "  delete large-community in LC\n"
	    "  delete extcommunity rt not in (65000:*)\n"
	    "  prepend as-path 65001\n"
	    "  prepend as-path 65001 3\n"
	    "  prepend as-path most-recent 2\n"
	    "  prepend as-path own-as\n"
	    "  remove as-path private-as\n"
	    "  remove as-path private-as entire-aspath\n"
	    "  replace as-path private-as\n"
	    "  set tag 4294967295\n"
	    "  set aigp-metric igp-cost\n"
	    "  suppress-route\n"
	    "  unsuppress-route\n"
	    "  set dampening halflife 10 reuse 100 suppress 200 "
	    "max-suppress 30\n"
	    "end-policy\n!\n");
	if (p == NULL)
		return;
	v = p->body.v;
	T_EQ_INT(p->body.n, 42);
	T_EQ_INT(v[0].kind, RPL_S_REMARK);
	T_EQ_STR(v[0].remark, "# every statement kind");
	T_EQ_INT(v[1].kind, RPL_S_PASS);
	T_EQ_INT(v[1].line, 3);
	T_EQ_INT(v[1].col, 3);
	T_EQ_INT(v[2].kind, RPL_S_DROP);
	T_EQ_INT(v[3].kind, RPL_S_DONE);
	T_EQ_INT(v[4].kind, RPL_S_APPLY);
	T_EQ_STR(v[4].apply.name, "OTHER");
	T_EQ_INT(v[4].apply.nargs, 0);
	T_EQ_INT(v[5].apply.nargs, 3);
	T_EQ_STR(v[5].apply.args[1], "SET_A");
	T_EQ_STR(v[5].apply.args[2], "'x y'");
	T_EQ_INT(v[6].kind, RPL_S_SET_LOCALPREF);
	T_EQ_INT(v[6].val.op, RPL_VAL_ABS);
	T_EQ_INT(v[6].val.num.v, 200);
	T_EQ_INT(v[7].val.op, RPL_VAL_INC);
	T_EQ_INT(v[7].val.num.v, 89);
	T_EQ_INT(v[8].kind, RPL_S_SET_MED);
	T_EQ_INT(v[8].val.op, RPL_VAL_DEC);
	T_EQ_INT(v[9].val.op, RPL_VAL_IGP_COST);
	T_EQ_INT(v[10].val.op, RPL_VAL_MAX_REACHABLE);
	T_EQ_INT(v[10].val.num.v, 4294967294U);
	T_EQ_INT(v[11].kind, RPL_S_SET_WEIGHT);
	T_EQ_INT(v[12].kind, RPL_S_SET_ORIGIN);
	T_EQ_INT(v[12].val.num.v, RPL_ORIGIN_INCOMPLETE);
	T_EQ_INT(v[13].nh.kind, RPL_NH_ADDR);
	T_EQ_INT(v[13].nh.addr.af, AF_V4);
	T_EQ_INT(v[14].nh.addr.af, AF_V6);
	T_EQ_INT(v[15].nh.kind, RPL_NH_SELF);
	T_EQ_INT(v[16].nh.kind, RPL_NH_PEER_ADDRESS);
	T_EQ_INT(v[17].nh.kind, RPL_NH_DISCARD);
	T_EQ_INT(v[18].nh.kind, RPL_NH_UNCHANGED);
	T_EQ_INT(v[19].kind, RPL_S_SET_COMMUNITY);
	T_EQ_INT(v[19].set.kind, RPL_REF_INLINE);
	T_EQ_INT(v[19].additive, 0);
	T_ASSERT(v[19].set.inl != NULL && v[19].set.inl->name == NULL &&
	    v[19].set.inl->nelems == 2);
	T_EQ_INT(v[20].set.kind, RPL_REF_NAME);
	T_EQ_STR(v[20].set.name, "CSET");
	T_EQ_INT(v[20].additive, 1);
	/* a bare well-known community is a one-element inline set */
	T_EQ_INT(v[21].set.kind, RPL_REF_INLINE);
	T_EQ_INT(v[21].set.bare, 1);
	T_EQ_INT(v[21].set.inl->elems[0].u.comm.wk, RPL_WK_NO_EXPORT);
	T_EQ_INT(v[22].kind, RPL_S_SET_LARGECOMM);
	T_EQ_INT(v[23].kind, RPL_S_SET_EXT_RT);
	T_EQ_INT(v[23].set.setkind, RPL_SET_EXT_RT);
	T_EQ_INT(v[24].kind, RPL_S_SET_EXT_SOO);
	T_EQ_INT(v[25].kind, RPL_S_DELETE_COMMUNITY);
	T_EQ_INT(v[25].del, RPL_DEL_ALL);
	T_EQ_INT(v[26].del, RPL_DEL_IN);
	T_EQ_INT(v[27].del, RPL_DEL_NOT_IN);
	T_EQ_STR(v[27].set.name, "KEEP");
	T_EQ_INT(v[28].kind, RPL_S_DELETE_LARGECOMM);
	T_EQ_INT(v[29].kind, RPL_S_DELETE_EXT_RT);
	T_EQ_INT(v[30].kind, RPL_S_PREPEND);
	T_EQ_INT(v[30].prepend.kind, RPL_PREP_ASN);
	T_EQ_INT(v[30].prepend.asn.v, 65001);
	T_EQ_INT(v[30].prepend.count.v, 1);
	T_EQ_INT(v[30].prepend.has_count, 0);
	T_EQ_INT(v[31].prepend.count.v, 3);
	T_EQ_INT(v[32].prepend.kind, RPL_PREP_MOST_RECENT);
	T_EQ_INT(v[33].prepend.kind, RPL_PREP_OWN_AS);
	T_EQ_INT(v[34].kind, RPL_S_REMOVE_PRIVATE_AS);
	T_EQ_INT(v[34].entire, 0);
	T_EQ_INT(v[35].entire, 1);
	T_EQ_INT(v[36].kind, RPL_S_REPLACE_PRIVATE_AS);
	T_EQ_INT(v[37].kind, RPL_S_SET_TAG);
	T_EQ_INT(v[38].kind, RPL_S_SET_AIGP);
	T_EQ_INT(v[39].kind, RPL_S_SUPPRESS_ROUTE);
	T_EQ_INT(v[40].kind, RPL_S_UNSUPPRESS_ROUTE);
	T_EQ_INT(v[41].kind, RPL_S_SET_DAMPENING);
	T_EQ_INT(v[41].damp.max_suppress.v, 30);
	rpl_policy_put(p);
}

/* The condition of the first statement (an if). */
static const struct rpl_cond *
cond0(const struct rpl_policy *p)
{
	return p->body.v[0].branches[0].cond;
}

static void
test_conditions(void)
{
	static const struct {
		const char	*cond;
		int		 kind;
	} simple[] = {
		{ "destination in PFX", RPL_C_DESTINATION },
		{ "source in (10.0.0.0/8 le 32)", RPL_C_SOURCE },
		{ "next-hop in (192.0.2.1)", RPL_C_NEXTHOP },
		{ "rib-has-route in (0.0.0.0/0)", RPL_C_RIB_HAS_ROUTE },
		{ "as-path in ASP", RPL_C_ASPATH_IN },
		{ "as-path in (ios-regex '_174_')", RPL_C_ASPATH_IN },
		{ "as-path is-local", RPL_C_ASPATH_IS_LOCAL },
		{ "as-path length ge 10", RPL_C_ASPATH_LENGTH },
		{ "as-path length le 3 all", RPL_C_ASPATH_LENGTH },
		{ "as-path unique-length eq 2", RPL_C_ASPATH_UNIQUE_LENGTH },
		{ "as-path neighbor-is '65001 [65010..65020]' exact",
		    RPL_C_ASPATH_NEIGHBOR_IS },
		{ "as-path originates-from '65001'",
		    RPL_C_ASPATH_ORIGINATES_FROM },
		{ "as-path passes-through '1299 174'",
		    RPL_C_ASPATH_PASSES_THROUGH },
		{ "community matches-any C", RPL_C_COMMUNITY },
		{ "community matches-every (1:1, 2:2)", RPL_C_COMMUNITY },
		{ "community matches-within (65000:*)", RPL_C_COMMUNITY },
		{ "community is-empty", RPL_C_COMMUNITY },
		{ "large-community matches-any (1:*:*)", RPL_C_LARGECOMM },
		{ "large-community is-empty", RPL_C_LARGECOMM },
		{ "extcommunity rt matches-any RT", RPL_C_EXT_RT },
		{ "extcommunity rt matches-every (1:1)", RPL_C_EXT_RT },
		{ "extcommunity soo matches-any (65000:1)", RPL_C_EXT_SOO },
		{ "extcommunity soo is-empty", RPL_C_EXT_SOO },
		{ "local-preference ge 100", RPL_C_LOCALPREF },
		{ "med eq 0", RPL_C_MED },
		{ "med is 10", RPL_C_MED },
		{ "tag le 5", RPL_C_TAG },
		{ "weight eq 100", RPL_C_WEIGHT },
		{ "aigp-metric ge 10", RPL_C_AIGP },
		{ "origin is egp", RPL_C_ORIGIN },
		{ "path-type is ibgp", RPL_C_PATH_TYPE },
		{ "validation-state is not-found", RPL_C_VALIDATION_STATE },
		{ "route-has-label", RPL_C_ROUTE_HAS_LABEL },
		{ "apply CHILD", RPL_C_APPLY },
		{ "apply CHILD(1, 2)", RPL_C_APPLY },
		{ "not med eq 1", RPL_C_NOT },
	};
	struct strbuf		 in = STRBUF_INIT, want = STRBUF_INIT;
	struct rpl_policy	*p;
	size_t			 i;

	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		sb_reset(&in);
		sb_reset(&want);
		sb_printf(&in, "route-policy C\n if %s then pass endif\n"
		    "end-policy\n", simple[i].cond);
		sb_printf(&want, "route-policy C\n  if %s then\n    pass\n"
		    "  endif\nend-policy\n!\n", simple[i].cond);
		p = policy_rt(sb_str(&in), sb_str(&want));
		if (p == NULL) {
			fprintf(stderr, "  condition: %s\n", simple[i].cond);
			continue;
		}
		T_EQ_INT(cond0(p)->kind, simple[i].kind);
		T_EQ_INT(cond0(p)->line, 2);
		T_EQ_INT(cond0(p)->col, 5);
		rpl_policy_put(p);
	}
	sb_free(&in);
	sb_free(&want);

	p = policy_rt("route-policy D\n"
	    "  if as-path neighbor-is '65001 [65010..65020]' exact and "
	    "validation-state is invalid then drop endif\nend-policy",
	    "route-policy D\n"
	    "  if as-path neighbor-is '65001 [65010..65020]' exact and "
	    "validation-state is invalid then\n    drop\n  endif\n"
	    "end-policy\n!\n");
	if (p != NULL) {
		const struct rpl_cond	*c = cond0(p)->l;

		T_EQ_INT(cond0(p)->kind, RPL_C_AND);
		T_EQ_INT(c->list.n, 2);
		T_EQ_INT(c->list.v[1].kind, RPL_PART_RANGE);
		T_EQ_INT(c->list.v[1].lo, 65010);
		T_EQ_INT(c->exact, 1);
		T_EQ_INT(cond0(p)->r->num.v, RPL_ROV_INVALID);
		rpl_policy_put(p);
	}
}

static void
test_precedence(void)
{
	struct rpl_policy	*p;
	const struct rpl_cond	*c;

	/* not > and > or: med or ((not dest) and community) */
	p = policy_rt("route-policy P\n  if med eq 10 or not destination in "
	    "(10.1.3.0/24) and community matches-any ([12..34]:[56..78]) "
	    "then\n    pass\n  endif\nend-policy\n",
	    "route-policy P\n  if med eq 10 or not destination in "
	    "(10.1.3.0/24) and community matches-any ([12..34]:[56..78]) "
	    "then\n    pass\n  endif\nend-policy\n!\n");
	if (p == NULL)
		return;
	c = cond0(p);
	T_EQ_INT(c->kind, RPL_C_OR);
	T_EQ_INT(c->l->kind, RPL_C_MED);
	T_EQ_INT(c->l->op, RPL_CMP_EQ);
	T_EQ_INT(c->l->num.v, 10);
	T_EQ_INT(c->r->kind, RPL_C_AND);
	T_EQ_INT(c->r->l->kind, RPL_C_NOT);
	T_EQ_INT(c->r->l->l->kind, RPL_C_DESTINATION);
	T_EQ_INT(c->r->l->l->set.kind, RPL_REF_INLINE);
	T_EQ_INT(c->r->r->kind, RPL_C_COMMUNITY);
	T_EQ_INT(c->r->r->op, RPL_MATCH_ANY);
	T_EQ_INT(c->r->r->set.inl->elems[0].u.comm.hi.kind, RPL_PART_RANGE);
	T_EQ_INT(c->r->r->set.inl->elems[0].u.comm.hi.lo, 12);
	T_EQ_INT(c->r->r->set.inl->elems[0].u.comm.lo.hi, 78);
	rpl_policy_put(p);

	/* parentheses override and are kept */
	p = policy_rt("route-policy Q\n  if (med eq 10 or med eq 20) and "
	    "not (origin is igp) then drop endif\nend-policy\n",
	    "route-policy Q\n  if (med eq 10 or med eq 20) and not (origin "
	    "is igp) then\n    drop\n  endif\nend-policy\n!\n");
	if (p == NULL)
		return;
	c = cond0(p);
	T_EQ_INT(c->kind, RPL_C_AND);
	T_EQ_INT(c->l->kind, RPL_C_OR);
	T_EQ_INT(c->l->parens, 1);
	T_EQ_INT(c->r->kind, RPL_C_NOT);
	T_EQ_INT(c->r->l->parens, 1);
	rpl_policy_put(p);

	/* left to right within one level: (a and b) and c */
	p = policy_rt("route-policy R\n if med eq 1 and med eq 2 and med eq 3 "
	    "or med eq 4 or med eq 5 then pass endif\nend-policy",
	    "route-policy R\n  if med eq 1 and med eq 2 and med eq 3 or med "
	    "eq 4 or med eq 5 then\n    pass\n  endif\nend-policy\n!\n");
	if (p == NULL)
		return;
	c = cond0(p);
	T_EQ_INT(c->kind, RPL_C_OR);
	T_EQ_INT(c->r->num.v, 5);
	T_EQ_INT(c->l->kind, RPL_C_OR);
	T_EQ_INT(c->l->l->kind, RPL_C_AND);
	T_EQ_INT(c->l->l->r->num.v, 3);
	T_EQ_INT(c->l->l->l->kind, RPL_C_AND);
	rpl_policy_put(p);
}

static void
test_if_chains(void)
{
	struct rpl_policy	*p;
	const struct rpl_stmt	*st;

	/* statement-based: one line or many, nested, elseif chains */
	p = policy_rt("route-policy N\n"
	    "if med eq 1 then if med eq 2 then drop elseif med eq 3 then "
	    "pass else done endif set med 5 elseif med eq 4 then\n"
	    "set med 6 else\ndrop\nendif end-policy",
	    "route-policy N\n"
	    "  if med eq 1 then\n"
	    "    if med eq 2 then\n"
	    "      drop\n"
	    "    elseif med eq 3 then\n"
	    "      pass\n"
	    "    else\n"
	    "      done\n"
	    "    endif\n"
	    "    set med 5\n"
	    "  elseif med eq 4 then\n"
	    "    set med 6\n"
	    "  else\n"
	    "    drop\n"
	    "  endif\n"
	    "end-policy\n!\n");
	if (p == NULL)
		return;
	T_EQ_INT(p->body.n, 1);
	st = &p->body.v[0];
	T_EQ_INT(st->kind, RPL_S_IF);
	T_EQ_INT(st->nbranches, 3);
	T_ASSERT(st->branches[0].cond != NULL);
	T_ASSERT(st->branches[1].cond != NULL);
	T_ASSERT(st->branches[2].cond == NULL);
	T_EQ_INT(st->branches[0].body.n, 2);
	T_EQ_INT(st->branches[0].body.v[0].nbranches, 3);
	T_EQ_INT(st->branches[1].line, 2);
	T_EQ_INT(st->branches[2].line, 3);
	T_EQ_INT(st->branches[2].body.v[0].kind, RPL_S_DROP);
	T_EQ_INT(st->branches[2].body.v[0].line, 4);
	rpl_policy_put(p);

	/* empty policy and empty branches */
	p = policy_rt("route-policy EMPTY\nend-pol\n",
	    "route-policy EMPTY\nend-policy\n!\n");
	if (p != NULL) {
		T_EQ_INT(p->body.n, 0);
		rpl_policy_put(p);
	}
}

static void
test_params(void)
{
	struct rpl_policy	*p, *q;
	struct rpl_err		 err;
	char			*args[] = { "65010", "CUST_PFX" };
	char			*bad[] = { "70000", "CUST_PFX" };
	char			**v;
	char			*txt;
	int			 n;

	p = policy_rt("route-policy IMPORT-FROM-CUST($cust_asn, $pfx)\n"
	    "  if not destination in $pfx then\n    drop\n  endif\n"
	    "  if as-path originates-from '$cust_asn' and as-path length le "
	    "10 then\n"
	    "    set local-preference 200\n"
	    "    set community (65000:100, 65000:$cust_asn, peeras:$cust_asn) "
	    "additive\n"
	    "    prepend as-path $cust_asn 2\n"
	    "    pass\n  else\n    drop\n  endif\nend-policy\n",
	    "route-policy IMPORT-FROM-CUST($cust_asn, $pfx)\n"
	    "  if not destination in $pfx then\n    drop\n  endif\n"
	    "  if as-path originates-from '$cust_asn' and as-path length le "
	    "10 then\n"
	    "    set local-preference 200\n"
	    "    set community (65000:100, 65000:$cust_asn, peeras:$cust_asn) "
	    "additive\n"
	    "    prepend as-path $cust_asn 2\n"
	    "    pass\n  else\n    drop\n  endif\nend-policy\n!\n");
	if (p == NULL)
		return;
	T_EQ_INT(p->nparams, 2);
	T_EQ_STR(p->params[0], "$cust_asn");
	T_EQ_STR(p->params[1], "$pfx");
	T_EQ_INT(cond0(p)->l->set.kind, RPL_REF_PARAM);
	T_EQ_STR(cond0(p)->l->set.name, "$pfx");
	T_ASSERT(p->body.v[1].branches[0].body.v[1].set.inl->flags &
	    RPL_SETF_PARAM);

	q = rpl_policy_instantiate(p, args, 2, &err);
	T_ASSERT(q != NULL);
	if (q != NULL) {
		txt = print_policy(q);
		T_EQ_STR(txt, "route-policy IMPORT-FROM-CUST\n"
		    "  if not destination in CUST_PFX then\n    drop\n"
		    "  endif\n"
		    "  if as-path originates-from '65010' and as-path length "
		    "le 10 then\n"
		    "    set local-preference 200\n"
		    "    set community (65000:100, 65000:65010, "
		    "peeras:65010) additive\n"
		    "    prepend as-path 65010 2\n"
		    "    pass\n  else\n    drop\n  endif\nend-policy\n!\n");
		free(txt);
		T_EQ_INT(q->nparams, 0);
		T_EQ_INT(cond0(q)->l->set.kind, RPL_REF_NAME);
		rpl_policy_put(q);
	}
	/* a substituted value is checked like a typed one */
	T_ASSERT(rpl_policy_instantiate(p, bad, 2, &err) == NULL);
	T_ASSERT(strstr(err.msg, "70000") != NULL);
	/* count mismatch */
	T_ASSERT(rpl_policy_instantiate(p, args, 1, &err) == NULL);
	T_ASSERT(strstr(err.msg, "2 parameters, 1 given") != NULL);
	rpl_policy_put(p);

	n = rpl_split_args("(10, SET, 'a, b')", &v);
	T_EQ_INT(n, 3);
	if (n == 3) {
		T_EQ_STR(v[0], "10");
		T_EQ_STR(v[1], "SET");
		T_EQ_STR(v[2], "'a, b'");
	}
	rpl_free_args(v, n > 0 ? (size_t)n : 0);
	T_EQ_INT(rpl_split_args("()", &v), 0);
	T_EQ_INT(rpl_split_args("(1,,2)", &v), -1);
	T_EQ_INT(rpl_split_args("(1, 2", &v), -1);

	/* the header prints with no space before '(' */
	p = policy_rt("route-policy RP-SID ( $SID )\n  set tag $SID\n"
	    "end-policy\n", "route-policy RP-SID($SID)\n  set tag $SID\n"
	    "end-policy\n!\n");
	rpl_policy_put(p);
}

static void
test_seed_policies(void)
{
	struct rpl_policy	*p;

	p = policy_rt("route-policy PROVIDER_A_IN\n"
	    "  if as-path in AS_PATH_SET_KNOWN_PROVIDERS then\n"
	    "    set local-preference 200\n"
	    "  else\n"
	    "    set local-preference 100\n"
	    "  endif\n"
	    "  if community matches-any NO_EXPORT_TO_PEER then\n"
	    "    set community no-export additive\n"
	    "  endif\n"
	    "  pass\n"
	    "end-policy\n",
	    "route-policy PROVIDER_A_IN\n"
	    "  if as-path in AS_PATH_SET_KNOWN_PROVIDERS then\n"
	    "    set local-preference 200\n"
	    "  else\n"
	    "    set local-preference 100\n"
	    "  endif\n"
	    "  if community matches-any NO_EXPORT_TO_PEER then\n"
	    "    set community no-export additive\n"
	    "  endif\n"
	    "  pass\n"
	    "end-policy\n!\n");
	rpl_policy_put(p);
}


/* The reference's example library (4.9) is already canonical. */
static const char *const library[] = {
	    "route-policy PASS\n"
	    "  pass\n"
	    "end-policy\n",
	    "route-policy DROP\n"
	    "  drop\n"
	    "end-policy\n",
	    "route-policy IMPORT-FROM-CUST($cust_asn, $pfx)\n"
	    "  if not destination in $pfx then\n"
	    "    drop\n"
	    "  endif\n"
	    "  if as-path originates-from '$cust_asn' and as-path length le 10 then\n"
	    "    set local-preference 200\n"
	    "    set community (65000:100, 65000:$cust_asn) additive\n"
	    "    pass\n"
	    "  else\n"
	    "    drop\n"
	    "  endif\n"
	    "end-policy\n",
	    "route-policy RPKI\n"
	    "  if validation-state is invalid then\n"
	    "    drop\n"
	    "  elseif validation-state is valid then\n"
	    "    set local-preference 150\n"
	    "  endif\n"
	    "  pass\n"
	    "end-policy\n",
	    "route-policy EXPORT-UPSTREAM\n"
	    "  if community matches-any (65000:666) then\n"
	    "    drop\n"
	    "  endif\n"
	    "  delete community in (65000:*)\n"
	    "  remove as-path private-as\n"
	    "  prepend as-path own-as 2\n"
	    "  set med igp-cost\n"
	    "  done\n"
	    "end-policy\n",
	    "route-policy BLACKHOLE\n"
	    "  if destination in (0.0.0.0/0 ge 32) and community matches-any (65535:666) then\n"
	    "    set next-hop discard\n"
	    "    set community (no-export) additive\n"
	    "    done\n"
	    "  endif\n"
	    "  drop\n"
	    "end-policy\n"
};

static void
test_library(void)
{
	struct strbuf	 want = STRBUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(library) / sizeof(library[0]); i++) {
		struct rpl_policy	*p;

		sb_reset(&want);
		sb_printf(&want, "%s!\n", library[i]);
		p = policy_rt(library[i], sb_str(&want));
		rpl_policy_put(p);
	}
	sb_free(&want);
}

/* -------------------------------------------------------------- errors */

static const struct {
	const char	*text;
	unsigned	 line, col;
	const char	*token;
	const char	*msg;		/* substring */
} errors[] = {
	/* policies */
	{ "route-policy X\n  if med eq 10\n    pass\n  endif\nend-policy\n",
	    3, 5, "pass", "expected 'then'" },
	{ "route-policy X\n  if med eq 10 then\n    pass\nend-policy\n",
	    4, 1, "end-policy", "missing endif" },
	{ "route-policy X\n  if med eq 10 then pass endif\n",
	    3, 1, "", "missing end-policy" },
	{ "route-policy X\n  pass\n  endif\nend-policy\n",
	    3, 3, "endif", "without a matching if" },
	{ "route-policy X\n  if med eq 1 then drop else pass elseif med eq 2 "
	    "then drop endif\nend-policy\n",
	    2, 35, "elseif", "expected 'endif' after else" },
	{ "route-policy X\n  set med 10\n  dorp\nend-policy\n",
	    3, 3, "dorp", "unknown statement" },
	{ "route-policy X\n  if med foo 10 then pass endif\nend-policy\n",
	    2, 10, "foo", "expected eq, is, ge or le" },
	{ "route-policy X\n  if medd eq 10 then pass endif\nend-policy\n",
	    2, 6, "medd", "unknown condition" },
	{ "route-policy X\n  if (med eq 10 then pass endif\nend-policy\n",
	    2, 17, "then", "expected ')'" },
	{ "route-policy X\n  set local-preference 4294967296\nend-policy\n",
	    2, 24, "4294967296", "out of range" },
	{ "route-policy X\n  set weight 65536\nend-policy\n",
	    2, 14, "65536", "out of range" },
	{ "route-policy X\n  prepend as-path 65001 64\nend-policy\n",
	    2, 25, "64", "out of range 1-63" },
	{ "route-policy X\n  set med $m\nend-policy\n",
	    2, 11, "$m", "not declared" },
	{ "route-policy X($a, $a)\nend-policy\n",
	    1, 20, "$a", "duplicate parameter" },
	{ "route-policy X\n  set community (65000:*)\nend-policy\n",
	    2, 18, "65000:*", "cannot be set" },
	{ "route-policy X\n  set community (1:1,)\nend-policy\n",
	    2, 22, ")", "expected a set element after ','" },
	{ "route-policy X\n  if destination in (10.0.0.0/8 10.1.0.0/16) then "
	    "pass endif\nend-policy\n", 2, 33, "10.1.0.0/16", "missing ','" },
	{ "route-policy X\n  if as-path neighbor-is '1 x' then pass endif\n"
	    "end-policy\n", 2, 29, "x", "invalid AS number" },
	{ "route-policy X\n  if as-path in (ios-regex '_1) then pass endif\n"
	    "end-policy\n", 2, 28, "'_1) then pass endif",
	    "missing closing quote" },
	{ "route-policy X\n  pass\nend-policy\n  pass\n",
	    4, 3, "pass", "after end-policy" },
	{ "route-policy 9$bad\nend-policy\n", 1, 14, "9$bad",
	    "invalid route-policy name" },
	/* sets */
	{ "prefix-set P\n  10.0.0.0/33\nend-set\n", 2, 3, "10.0.0.0/33",
	    "invalid prefix length" },
	{ "prefix-set P\n  10.0.0.0/8 ge 24 le 16\nend-set\n", 2, 23, "16",
	    "le 16 is less than ge 24" },
	{ "prefix-set P\n  10.0.0.0/8 ge 33\nend-set\n", 2, 17, "33",
	    "must be 8-32" },
	{ "prefix-set P\n  10.0.0.0/16 le 8\nend-set\n", 2, 18, "8",
	    "must be 16-32" },
	{ "prefix-set P\n  10.0.0.1 ge 24\nend-set\n", 2, 12, "ge",
	    "needs a prefix with a mask length" },
	{ "prefix-set P\n  10.0.0.0/8\n  10.1.0.0/16\nend-set\n", 3, 3,
	    "10.1.0.0/16", "missing ','" },
	{ "prefix-set P\n  10.0.0.0/8,\nend-set\n", 3, 1, "end-set",
	    "expected a set element after ','" },
	{ "prefix-set P\n  ,10.0.0.0/8\nend-set\n", 2, 3, ",",
	    "missing set element" },
	{ "prefix-set P\n  10.0.0.0/8\n", 3, 1, "", "missing end-set" },
	{ "as-path-set A\n  ios-regex '_1$\nend-set\n", 2, 13, "'_1$",
	    "missing closing quote" },
	{ "as-path-set A\n  ios-regex _1$\nend-set\n", 2, 13, "_1$",
	    "quoted" },
	{ "foo-set F\nend-set\n", 1, 1, "foo-set", "unknown set kind" },
	{ "extcommunity-set cost C\nend-set\n", 1, 18, "cost",
	    "expected rt, soo or opaque" },
	{ "community-set C\n  [5..1]:3\nend-set\n", 2, 3, "[5..1]:3",
	    "start is greater than end" },
	{ "community-set C\n  70000:1\nend-set\n", 2, 3, "70000:1",
	    "out of range 0-65535" },
	{ "community-set C\n  65536\nend-set\n", 2, 3, "65536",
	    "expected <0-65535>:<0-65535>" },
	{ "community-set C\n  1:$p\nend-set\n", 2, 3, "1:$p",
	    "only allowed in inline sets" },
	{ "large-community-set L\n  1:2\nend-set\n", 2, 3, "1:2",
	    "expected <global>:<local1>:<local2>" },
	{ "large-community-set L\n  1:2:4294967296\nend-set\n", 2, 3,
	    "1:2:4294967296", "out of range" },
	{ "extcommunity-set rt R\n  1.2.3.4:70000\nend-set\n", 2, 3,
	    "1.2.3.4:70000", "out of range 0-65535" },
	{ "extcommunity-set rt R\nend-set\n", 2, 1, "end-set",
	    "at least one element" },
	{ "as-path-set A\n  length gt 3\nend-set\n", 2, 10, "gt",
	    "eq, is, ge or le" },
	/* a regex that does not compile is named by its element */
	{ "as-path-set A\n  ios-regex '_2_',\n  ios-regex '_1('\nend-set\n",
	    3, 3, "ios-regex '_1('", "_1(" },
};

static void
test_errors(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct rpl_err	 err;
		void		*obj;
		int		 ok;

		memset(&err, 0, sizeof(err));
		if (strncmp(errors[i].text, "route-policy", 12) == 0)
			obj = rpl_parse_policy(errors[i].text, &err);
		else
			obj = rpl_parse_set(errors[i].text, &err);
		T_ASSERT(obj == NULL);
		ok = err.line == errors[i].line && err.col == errors[i].col &&
		    strcmp(err.token, errors[i].token) == 0 &&
		    strstr(err.msg, errors[i].msg) != NULL;
		T_ASSERT(ok);
		if (!ok)
			fprintf(stderr, "  case %zu: got %u:%u '%s' \"%s\"\n",
			    i, err.line, err.col, err.token, err.msg);
		if (obj != NULL) {
			if (strncmp(errors[i].text, "route-policy", 12) == 0)
				rpl_policy_put(obj);
			else
				rpl_set_put(obj);
		}
	}
}

static void
scan_cb(const char *kw, void *arg)
{
	sb_printf(arg, "%s ", kw);
}

static void
test_line_helpers(void)
{
	struct rpl_err	 err;
	struct strbuf	 sb = STRBUF_INIT;

	/* keywords that open / close levels, not words inside quotes */
	T_EQ_INT(rpl_line_scan("if med eq 1 then drop elseif as-path in "
	    "(ios-regex 'if') then pass else if x then endif endif", scan_cb,
	    &sb, &err), 0);
	T_EQ_STR(sb_str(&sb), "if elseif else if endif endif ");
	sb_free(&sb);
	T_EQ_INT(rpl_line_scan("if as-path in (ios-regex '_1) then", scan_cb,
	    &sb, &err), -1);
	T_ASSERT(strstr(err.msg, "quote") != NULL);

	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 le 24,",
	    &err), 0);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "1.0.0.0/8, 2.0.0.0/8",
	    &err), 0);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "# remark", &err), 0);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/33", &err), -1);
	T_EQ_INT(err.col, 1);
	T_EQ_INT(rpl_set_line_check(RPL_SET_COMMUNITY, "1:1,,2:2", &err), -1);
	T_EQ_INT(err.col, 5);
	T_EQ_INT(rpl_set_line_check(RPL_SET_COMMUNITY, "peeras:1", &err), -1);
}

/*
 * Plain IPv4 prefix lines are checked without the lexer: the verdicts and
 * the errors must be those of the full check, at the edges of that path.
 */
static void
test_prefix_line_fast(void)
{
	static const char *const ok[] = {
		"10.0.0.0/8", "  10.0.0.0/8 le 24,", "\t10.0.0.0/8\tge 9 ,",
		"10.0.0.0/08 ge 08 le 32", "0.0.0.0/0 ge 0 le 0",
		"10.0.0.1/8 eq 8", "10.0.0.0/8 ge 24 le 24 ,  ", NULL
	};
	struct rpl_err	 err;
	size_t		 i;

	for (i = 0; ok[i] != NULL; i++)
		T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, ok[i], &err), 0);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 ge 24 le 16",
	    &err), -1);
	T_EQ_STR(err.msg, "le 16 is less than ge 24");
	T_EQ_INT(err.col, 21);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 eq 7", &err),
	    -1);
	T_EQ_STR(err.msg, "invalid eq length '7': must be 8-32");
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "010.0.0.0/8,", &err),
	    -1);
	T_EQ_STR(err.token, "010.0.0.0/8");
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 le 24 ge 16",
	    &err), -1);
	T_EQ_STR(err.token, "ge");
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 eq 9 le 9",
	    &err), -1);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8,,", &err), -1);
	T_EQ_INT(err.col, 12);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 le 256",
	    &err), -1);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8x", &err), -1);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 le", &err),
	    -1);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "10.0.0.0/8 lex 9", &err),
	    -1);
}

/*
 * The CLI hands lines over with the indentation they were typed with:
 * columns count it, so they point at the token on the user's screen.
 */
static void
test_columns_as_typed(void)
{
	struct rpl_err		 err;
	struct rpl_set		*s;
	struct rpl_policy	*p;

	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "  10.0.0.0/8 ge 4,",
	    &err), -1);
	T_EQ_INT(err.col, 17);
	T_EQ_STR(err.token, "4");
	T_EQ_STR(err.msg, "invalid ge length '4': must be 8-32");
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "\t10.0.0.0/8 le 40",
	    &err), -1);
	T_EQ_INT(err.col, 16);
	T_EQ_INT(rpl_set_line_check(RPL_SET_PREFIX, "    # indented remark",
	    &err), 0);
	T_EQ_INT(rpl_set_line_check(RPL_SET_EXT_RT, "   1.2.3.4:70000", &err),
	    -1);
	T_EQ_INT(err.col, 4);
	T_EQ_INT(rpl_line_scan("      if as-path in (ios-regex '_1) then",
	    NULL, NULL, &err), -1);
	T_EQ_INT(err.col, 32);

	/* whole blocks: the same columns at end-set / end-policy */
	s = rpl_parse_set("prefix-set P\n  10.0.0.0/8,\n    11.0.0.0/8\n"
	    "  12.0.0.0/8\nend-set\n", &err);
	T_ASSERT(s == NULL);
	T_EQ_INT(err.line, 4);
	T_EQ_INT(err.col, 3);
	T_EQ_STR(err.token, "12.0.0.0/8");
	p = rpl_parse_policy("route-policy R\n  if med eq 10 then\n"
	    "      dorp\n  endif\nend-policy\n", &err);
	T_ASSERT(p == NULL);
	T_EQ_INT(err.line, 3);
	T_EQ_INT(err.col, 7);
	T_EQ_STR(err.token, "dorp");
	s = rpl_parse_set("community-set C\n  # kept\n    65000:1\n"
	    "end-set\n", &err);
	T_ASSERT(s != NULL);
	if (s != NULL) {
		T_EQ_INT(s->elems[0].line, 3);
		T_EQ_INT(s->elems[0].col, 5);
		rpl_set_put(s);
	}
}

/*
 * Nesting limits (found by fuzz_rpl: 5000 '(' overflowed the stack): at
 * the limit a policy parses and round-trips, one beyond it is an error
 * naming the token; a long but flat condition is fine up to its limit.
 */
static char *
nested_policy(const char *open, const char *close, int n, int ifs)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 i;

	sb_puts(&sb, "route-policy DEEP\n");
	for (i = 0; i < ifs; i++)
		sb_puts(&sb, "if med eq 1 then\n");
	sb_puts(&sb, "if ");
	for (i = 0; i < n; i++)
		sb_puts(&sb, open);
	sb_puts(&sb, "med eq 5");
	for (i = 0; close != NULL && i < n; i++)
		sb_puts(&sb, close);
	sb_puts(&sb, " then\npass\nendif\n");
	for (i = 0; i < ifs; i++)
		sb_puts(&sb, "endif\n");
	sb_puts(&sb, "end-policy\n");
	return sb_steal(&sb);
}

static void
expect_limit(char *text, int ok, const char *msg)
{
	struct rpl_err		 err;
	struct rpl_policy	*p, *q;
	char			*a;

	p = rpl_parse_policy(text, &err);
	if (ok) {
		T_ASSERT(p != NULL);
		if (p != NULL) {
			a = print_policy(p);
			q = rpl_parse_policy(a, &err);
			T_ASSERT(q != NULL && rpl_policy_equal(p, q));
			rpl_policy_put(q);
			free(a);
		}
	} else {
		T_ASSERT(p == NULL);
		T_ASSERT(strstr(err.msg, msg) != NULL);
		if (strstr(err.msg, msg) == NULL)
			fprintf(stderr, "  got %u:%u '%s' \"%s\"\n", err.line,
			    err.col, err.token, err.msg);
	}
	rpl_policy_put(p);
	free(text);
}

static void
test_limits(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 i;

	expect_limit(nested_policy("(", ")", 64, 0), 1, NULL);
	expect_limit(nested_policy("(", ")", 65, 0), 0,
	    "condition nested too deeply: more than 64 levels");
	expect_limit(nested_policy("(", NULL, 5000, 0), 0,
	    "condition nested too deeply");
	expect_limit(nested_policy("not ", NULL, 64, 0), 1, NULL);
	expect_limit(nested_policy("not ", NULL, 65, 0), 0,
	    "condition nested too deeply");
	expect_limit(nested_policy("not (", ")", 32, 0), 1, NULL);
	expect_limit(nested_policy("not (", ")", 33, 0), 0,
	    "condition nested too deeply");
	expect_limit(nested_policy("", "", 0, 63), 1, NULL);
	expect_limit(nested_policy("", "", 0, 64), 0,
	    "if statements nested too deeply: more than 64 levels");
	/* 512 comparisons and 511 ands: 1023 nodes; one more pair: 1025 */
	sb_puts(&sb, "route-policy FLAT\nif med eq 0");
	for (i = 1; i < 512; i++)
		sb_printf(&sb, " and med eq %d", i);
	sb_puts(&sb, " then\npass\nendif\nend-policy\n");
	expect_limit(strdup(sb_str(&sb)), 1, NULL);
	sb_free(&sb);
	sb_init(&sb);
	sb_puts(&sb, "route-policy FLAT\nif med eq 0");
	for (i = 1; i < 513; i++)
		sb_printf(&sb, " and med eq %d", i);
	sb_puts(&sb, " then\npass\nendif\nend-policy\n");
	expect_limit(strdup(sb_str(&sb)), 0,
	    "condition too long: more than 1024 terms and operators");
	sb_free(&sb);
}

int
main(void)
{
	test_prefix_set();
	test_prefix_line_fast();
	test_community_set();
	test_aspath_set();
	test_ext_sets();
	test_large_set();
	test_parse_elem();
	test_statements();
	test_conditions();
	test_precedence();
	test_if_chains();
	test_params();
	test_seed_policies();
	test_library();
	test_errors();
	test_line_helpers();
	test_columns_as_typed();
	test_limits();
	return T_DONE();
}
