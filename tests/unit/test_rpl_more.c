/*
 * test_rpl_more: the RPL additions real configurations use: rd-set and
 * `rd in`, `route-type is`, the IGP actions (set metric-type / level /
 * isis-metric / ospf-metric), extcommunity-set opaque with `set
 * extcommunity color`, `set path-selection`, and the attach-point check
 * of a policy's actions.  Each is parsed, printed canonically (print ->
 * parse -> print stable), evaluated, and checked at attach points.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rpl/route_spec.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "tests/unit/t.h"

static char *
printed(const void *obj, int policy)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (policy)
		rpl_policy_print(obj, &sb);
	else
		rpl_set_print(obj, &sb);
	return sb_steal(&sb);
}

/* Parses text, checks the canonical print and that it reads back. */
static void *
roundtrip(const char *text, const char *want, int policy)
{
	struct rpl_err	 err;
	void		*o, *q;
	char		*a, *b;

	o = policy ? (void *)rpl_parse_policy(text, &err) :
	    (void *)rpl_parse_set(text, &err);
	if (o == NULL) {
		fprintf(stderr, "parse failed: %u:%u '%s': %s\n", err.line,
		    err.col, err.token, err.msg);
		T_ASSERT(o != NULL);
		return NULL;
	}
	a = printed(o, policy);
	T_EQ_STR(a, want);
	q = policy ? (void *)rpl_parse_policy(a, &err) :
	    (void *)rpl_parse_set(a, &err);
	T_ASSERT(q != NULL);
	if (q != NULL) {
		b = printed(q, policy);
		T_EQ_STR(b, a);
		free(b);
		if (policy)
			rpl_policy_put(q);
		else
			rpl_set_put(q);
	}
	free(a);
	return o;
}

static struct rpl_db *
db_with(const char *const *texts)
{
	struct rpl_db	*db = rpl_db_new();
	struct rpl_err	 err;
	size_t		 i;

	T_ASSERT(db != NULL);
	for (i = 0; texts[i] != NULL; i++) {
		if (strncmp(texts[i], "route-policy", 12) == 0) {
			struct rpl_policy *p = rpl_parse_policy(texts[i], &err);

			T_ASSERT(p != NULL);
			if (p != NULL)
				rpl_db_put_policy(db, p);
		} else {
			struct rpl_set *s = rpl_parse_set(texts[i], &err);

			T_ASSERT(s != NULL);
			if (s != NULL)
				rpl_db_put_set(db, s);
		}
	}
	return db;
}

/* Evaluates policy `name` of db on the route `spec`; res and out. */
static int
eval(struct rpl_db *db, const char *name, const char *spec,
    struct route *out)
{
	struct rpl_prog	*prog = NULL;
	struct route	 in;
	char		 err[256];
	int		 res = -1;

	route_init(&in);
	T_EQ_INT(route_spec_parse(spec, 65000, &in, err, sizeof(err)), 0);
	if (rpl_link(db, name, NULL, &prog, err, sizeof(err)) == -1) {
		fprintf(stderr, "link %s: %s\n", name, err);
		T_ASSERT(0);
	} else
		res = rpl_eval_route(prog, &in, out, NULL, NULL);
	rpl_prog_free(prog);
	route_free(&in);
	return res;
}

static void
test_rd_set(void)
{
	struct rpl_set	*s;
	struct rpl_err	 err;

	/* the reference's rd-set, plus 4-byte and asdot ASNs */
	s = roundtrip("rd-set rdset1\n"
	    "  10.0.0.0/8:*,\n"
	    "  10.0.0.0/8:777,\n"
	    "  10.0.0.0:*,\n"
	    "  10.0.0.0:777,\n"
	    "  65000:*,\n"
	    "  65000:777,\n"
	    "  4200000000:7,\n"
	    "  1.2:3\n"
	    "end-set\n",
	    "rd-set rdset1\n"
	    "  10.0.0.0/8:*,\n"
	    "  10.0.0.0/8:777,\n"
	    "  10.0.0.0:*,\n"
	    "  10.0.0.0:777,\n"
	    "  65000:*,\n"
	    "  65000:777,\n"
	    "  4200000000:7,\n"
	    "  1.2:3\n"
	    "end-set\n!\n", 0);
	if (s != NULL) {
		T_EQ_INT(s->kind, RPL_SET_RD);
		T_EQ_INT(s->nelems, 8);
		T_EQ_INT(s->elems[0].u.ext.kind, RPL_EXT_IP);
		T_EQ_INT(s->elems[0].u.ext.iplen, 8);
		T_EQ_INT(s->elems[0].u.ext.val.kind, RPL_PART_ANY);
		T_EQ_INT(s->elems[4].u.ext.kind, RPL_EXT_AS2);
		T_EQ_INT(s->elems[6].u.ext.kind, RPL_EXT_AS4);
		rpl_set_put(s);
	}
	/* an empty rd-set is accepted (only extcommunity sets may not be) */
	s = roundtrip("rd-set E\nend-set\n", "rd-set E\nend-set\n!\n", 0);
	rpl_set_put(s);
	/* a 4-byte ASN leaves 16 bits */
	T_ASSERT(rpl_parse_set("rd-set B\n  4200000000:70000\nend-set\n",
	    &err) == NULL);
	T_EQ_STR(err.token, "4200000000:70000");
	T_ASSERT(strstr(rpl_set_kind_name(RPL_SET_RD), "rd-set") != NULL);
}

static void
test_opaque_set(void)
{
	struct rpl_set	*s;
	struct rpl_err	 err;

	s = roundtrip("extcommunity-set opaque COLORS\n"
	    "  # colors of the SR policies\n"
	    "  100,\n"
	    "  [200..300],\n"
	    "  4294967295\n"
	    "end-set\n",
	    "extcommunity-set opaque COLORS\n"
	    "  # colors of the SR policies\n"
	    "  100,\n"
	    "  [200..300],\n"
	    "  4294967295\n"
	    "end-set\n!\n", 0);
	if (s != NULL) {
		T_EQ_INT(s->kind, RPL_SET_EXT_OPAQUE);
		T_EQ_INT(s->elems[0].u.ext.kind, RPL_EXT_OPAQUE);
		T_EQ_INT(s->elems[0].u.ext.val.lo, 100);
		T_EQ_INT(s->elems[1].u.ext.val.kind, RPL_PART_RANGE);
		rpl_set_put(s);
	}
	/* like every extcommunity-set: at least one element */
	T_ASSERT(rpl_parse_set("extcommunity-set opaque E\nend-set\n", &err)
	    == NULL);
	T_ASSERT(strstr(err.msg, "at least one") != NULL);
	T_ASSERT(rpl_parse_set("extcommunity-set opaque B\n  1:2\nend-set\n",
	    &err) == NULL);
	T_ASSERT(rpl_parse_set("extcommunity-set opaque B\n  4294967296\n"
	    "end-set\n", &err) == NULL);
	/* set extcommunity color takes concrete values only */
	T_ASSERT(rpl_parse_policy("route-policy P\n"
	    "  set extcommunity color (1, [2..3])\nend-policy\n", &err) ==
	    NULL);
	T_ASSERT(strstr(err.msg, "cannot be set") != NULL);
}

static void
test_policy_print(void)
{
	struct rpl_policy	*p;
	const struct rpl_stmt	*v;

	p = roundtrip("route-policy NEW\n"
	    "  if rd in RDS or rd in (65000:1, 10.0.0.1:*) then\n"
	    "    set metric-type type-1\n"
	    "  elseif route-type is local then\n"
	    "    set metric-type rib-metric-as-internal\n"
	    "    set level level-1-2\n"
	    "    set isis-metric 10\n"
	    "    set ospf-metric +5\n"
	    "  elseif route-type is ospf-nssa-type-2 or route-type is "
	    "level-2 then\n"
	    "    set tag 7\n"
	    "  endif\n"
	    "  set extcommunity color COLOR-100\n"
	    "  set extcommunity color (200, 300) additive\n"
	    "  if community matches-any (*) then set path-selection all "
	    "advertise else set path-selection backup 1 advertise install "
	    "multipath-protect endif\n"
	    "  set path-selection best-path\n"
	    "  set path-selection group-best advertise\n"
	    "  set path-selection multipath advertise\n"
	    "  set path-selection backup 1 install multipath-protect\n"
	    "  set path-selection backup 1\n"
	    "end-policy\n",
	    "route-policy NEW\n"
	    "  if rd in RDS or rd in (65000:1, 10.0.0.1:*) then\n"
	    "    set metric-type type-1\n"
	    "  elseif route-type is local then\n"
	    "    set metric-type rib-metric-as-internal\n"
	    "    set level level-1-2\n"
	    "    set isis-metric 10\n"
	    "    set ospf-metric +5\n"
	    "  elseif route-type is ospf-nssa-type-2 or route-type is "
	    "level-2 then\n"
	    "    set tag 7\n"
	    "  endif\n"
	    "  set extcommunity color COLOR-100\n"
	    "  set extcommunity color (200, 300) additive\n"
	    "  if community matches-any (*) then\n"
	    "    set path-selection all advertise\n"
	    "  else\n"
	    "    set path-selection backup 1 install multipath-protect "
	    "advertise\n"
	    "  endif\n"
	    "  set path-selection best-path\n"
	    "  set path-selection group-best advertise\n"
	    "  set path-selection multipath advertise\n"
	    "  set path-selection backup 1 install multipath-protect\n"
	    "  set path-selection backup 1\n"
	    "end-policy\n!\n", 1);
	if (p == NULL)
		return;
	v = p->body.v;
	T_EQ_INT(v[0].branches[0].cond->l->kind, RPL_C_RD);
	T_EQ_INT(v[0].branches[0].cond->r->set.kind, RPL_REF_INLINE);
	T_EQ_INT(v[0].branches[1].cond->kind, RPL_C_ROUTE_TYPE);
	T_EQ_INT(v[0].branches[1].cond->num.v, RPL_RT_LOCAL);
	T_EQ_INT(v[0].branches[0].body.v[0].kind, RPL_S_SET_METRIC_TYPE);
	T_EQ_INT(v[0].branches[0].body.v[0].val.num.v, RPL_MT_TYPE_1);
	T_EQ_INT(v[0].branches[1].body.v[1].kind, RPL_S_SET_LEVEL);
	T_EQ_INT(v[0].branches[1].body.v[1].val.num.v, RPL_LEVEL_1_2);
	T_EQ_INT(v[0].branches[1].body.v[3].val.op, RPL_VAL_INC);
	T_EQ_INT(v[1].kind, RPL_S_SET_EXT_COLOR);
	T_EQ_INT(v[1].set.setkind, RPL_SET_EXT_OPAQUE);
	T_EQ_INT(v[2].additive, 1);
	T_EQ_INT(v[3].branches[1].body.v[0].kind, RPL_S_SET_PATHSEL);
	T_EQ_INT(v[3].branches[1].body.v[0].pathsel, PATHSEL_BACKUP);
	T_EQ_INT(v[3].branches[1].body.v[0].pathsel_flags, PATHSEL_F_INSTALL |
	    PATHSEL_F_MP_PROTECT | PATHSEL_F_ADVERTISE);
	T_EQ_INT(v[4].pathsel, PATHSEL_BEST);
	T_EQ_INT(v[4].pathsel_flags, 0);
	T_EQ_INT(v[5].pathsel, PATHSEL_GROUP_BEST);
	T_EQ_INT(v[5].pathsel_flags, PATHSEL_F_ADVERTISE);
	T_EQ_INT(v[6].pathsel, PATHSEL_MULTIPATH);
	T_EQ_INT(v[8].pathsel_flags, 0);
	rpl_policy_put(p);
}

static void
test_errors(void)
{
	static const struct {
		const char	*text;
		const char	*token, *msg;
	} bad[] = {
		{ "set path-selection all", "end-policy", "'advertise'" },
		{ "set path-selection backup 2", "2", "expected 1" },
		{ "set path-selection backup 1 install install", "install",
		  "given twice" },
		{ "set path-selection some", "some", "expected all" },
		{ "set metric-type type-3", "type-3", "metric-type" },
		{ "set level level-3", "level-3", "level" },
		{ "set isis-metric 16777216", "16777216", "out of range" },
		{ "if route-type is nssa then pass endif", "nssa",
		  "route-type" },
		{ "if rd matches-any X then pass endif", "matches-any",
		  "'in'" },
		{ "set extcommunity cost (1)", "cost", "rt, soo or color" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rpl_err	 err;
		char		 text[256];
		int		 ok;

		snprintf(text, sizeof(text), "route-policy P\n  %s\n"
		    "end-policy\n", bad[i].text);
		T_ASSERT(rpl_parse_policy(text, &err) == NULL);
		ok = strcmp(err.token, bad[i].token) == 0 &&
		    strstr(err.msg, bad[i].msg) != NULL;
		T_ASSERT(ok);
		if (!ok)
			fprintf(stderr, "  case %zu: '%s' \"%s\"\n", i,
			    err.token, err.msg);
	}
}

static void
test_eval(void)
{
	static const char *const texts[] = {
		"rd-set RDS\n  65000:*\nend-set\n",
		"extcommunity-set opaque COLOR-100\n  100\nend-set\n",
		"route-policy RD\n"
		"  if rd in RDS or rd in (*:*) then pass endif\n"
		"end-policy\n",
		"route-policy LOCAL\n"
		"  if route-type is local then pass endif\nend-policy\n",
		"route-policy INTERNAL\n"
		"  if route-type is internal then pass endif\nend-policy\n",
		"route-policy EXTERNAL\n"
		"  if route-type is external then pass endif\nend-policy\n",
		"route-policy L2\n"
		"  if route-type is level-2 or route-type is type-1 or "
		"route-type is interarea then pass endif\nend-policy\n",
		"route-policy IGP\n"
		"  set metric-type type-2\n  set level level-2\n"
		"  set isis-metric 20\n  set ospf-metric 30\n"
		"  set ospf-metric +5\nend-policy\n",
		"route-policy COLOR\n"
		"  set extcommunity color COLOR-100\nend-policy\n",
		"route-policy COLOR2\n"
		"  set extcommunity color (7, 8) additive\nend-policy\n",
		"route-policy SEL\n"
		"  if community matches-any (*) then\n"
		"    set path-selection all advertise\n"
		"  else\n"
		"    set path-selection backup 1 install multipath-protect\n"
		"  endif\nend-policy\n",
		NULL
	};
	struct rpl_db	*db = db_with(texts);
	struct route	 out;
	char		 buf[ECOMM_STRLEN];

	route_init(&out);
	/* unicast paths carry no RD: rd in is false, even for (*:*) */
	T_EQ_INT(eval(db, "RD", "prefix 10.0.0.0/8", &out), 0);
	T_EQ_INT(eval(db, "RD", "prefix 10.0.0.0/8 from 192.0.2.1 "
	    "remote-as 65001", &out), 0);

	/* route-type: local / internal / external from the path type */
	T_EQ_INT(eval(db, "LOCAL", "prefix 10.0.0.0/8", &out), RPL_ACCEPTED);
	T_EQ_INT(eval(db, "LOCAL", "prefix 10.0.0.0/8 from 192.0.2.1 "
	    "remote-as 65001", &out), 0);
	T_EQ_INT(eval(db, "EXTERNAL", "prefix 10.0.0.0/8 from 192.0.2.1 "
	    "remote-as 65001", &out), RPL_ACCEPTED);
	T_EQ_INT(eval(db, "EXTERNAL", "prefix 10.0.0.0/8 from 192.0.2.1 "
	    "remote-as 65000", &out), 0);
	T_EQ_INT(eval(db, "INTERNAL", "prefix 10.0.0.0/8 from 192.0.2.1 "
	    "remote-as 65000", &out), RPL_ACCEPTED);
	T_EQ_INT(eval(db, "INTERNAL", "prefix 10.0.0.0/8 path-type cebgp",
	    &out), RPL_ACCEPTED);
	T_EQ_INT(eval(db, "INTERNAL", "prefix 10.0.0.0/8", &out), 0);
	/* the IGP-only route types never match a BGP path */
	T_EQ_INT(eval(db, "L2", "prefix 10.0.0.0/8", &out), 0);
	T_EQ_INT(eval(db, "L2", "prefix 10.0.0.0/8 path-type ibgp", &out), 0);
	T_EQ_INT(eval(db, "L2", "prefix 10.0.0.0/8 path-type ebgp", &out), 0);

	/* IGP actions: a modification (accepted), kept on the route */
	T_EQ_INT(eval(db, "IGP", "prefix 10.0.0.0/8", &out),
	    RPL_ACCEPTED | RPL_MODIFIED);
	T_EQ_INT(out.set_mask, ROUTE_SET_IGP);
	T_EQ_INT(out.igp_set, ROUTE_IGP_METRIC_TYPE | ROUTE_IGP_LEVEL |
	    ROUTE_IGP_ISIS_METRIC | ROUTE_IGP_OSPF_METRIC);
	T_EQ_INT(out.metric_type, RPL_MT_TYPE_2);
	T_EQ_INT(out.level, RPL_LEVEL_2);
	T_EQ_INT(out.isis_metric, 20);
	T_EQ_INT(out.ospf_metric, 35);

	/* color: type 0x03 subtype 0x0b, replacing colors, keeping RTs */
	T_EQ_INT(eval(db, "COLOR", "prefix 10.0.0.0/8 extcommunity rt 1:1 "
	    "extcommunity color 5", &out), RPL_ACCEPTED | RPL_MODIFIED);
	T_EQ_INT(out.necomm, 2);
	T_EQ_INT(out.ecomm[0].subtype, ECOMM_ST_RT);
	T_EQ_INT(out.ecomm[1].type, 0x03);
	T_EQ_INT(out.ecomm[1].subtype, 0x0b);
	T_EQ_INT(ecomm_color_value(&out.ecomm[1]), 100);
	ecomm_format(&out.ecomm[1], buf, sizeof(buf));
	T_EQ_STR(buf, "Color:100");
	T_EQ_INT(eval(db, "COLOR2", "prefix 10.0.0.0/8 extcommunity color 5",
	    &out), RPL_ACCEPTED | RPL_MODIFIED);
	T_EQ_INT(out.necomm, 3);
	T_EQ_INT(ecomm_color_value(&out.ecomm[0]), 5);
	T_EQ_INT(ecomm_color_value(&out.ecomm[2]), 8);

	/* path-selection fills the route's fields */
	T_EQ_INT(eval(db, "SEL", "prefix 10.0.0.0/8 community 1:1", &out),
	    RPL_ACCEPTED | RPL_MODIFIED);
	T_EQ_INT(out.path_sel, PATHSEL_ALL);
	T_EQ_INT(out.path_sel_flags, PATHSEL_F_ADVERTISE);
	T_EQ_INT(out.set_mask, ROUTE_SET_PATHSEL);
	T_EQ_INT(eval(db, "SEL", "prefix 10.0.0.0/8", &out),
	    RPL_ACCEPTED | RPL_MODIFIED);
	T_EQ_INT(out.path_sel, PATHSEL_BACKUP);
	T_EQ_INT(out.path_sel_flags, PATHSEL_F_INSTALL | PATHSEL_F_MP_PROTECT);
	route_free(&out);
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
test_attach_points(void)
{
	static const char *const texts[] = {
		"route-policy IGP\n  set isis-metric 10\n"
		"  if med eq 1 then set metric-type type-1 endif\n"
		"  set isis-metric 20\nend-policy\n",
		"route-policy WRAP\n  apply IGP\n  pass\nend-policy\n",
		"route-policy SEL\n  set path-selection backup 1 install "
		"multipath-protect\nend-policy\n",
		"route-policy SELMED\n  set path-selection all advertise\n"
		"  set med 5\nend-policy\n",
		"route-policy AGG\n  if destination in (10.1.0.0/16) then "
		"suppress-route endif\n  set community (1:1)\nend-policy\n",
		"route-policy PLAIN\n  set med 5\n  set tag 3\nend-policy\n",
		"route-policy DAMP\n  set dampening halflife 20\nend-policy\n",
		NULL
	};
	struct rpl_db		*db = db_with(texts);
	struct cfg_errors	 e;
	const char		*path = "router bgp 1 / neighbor 10.0.0.1 / "
				    "address-family ipv4 unicast / "
				    "route-policy IGP in";
	const char		*where = "neighbor 10.0.0.1 address-family "
				    "ipv4 unicast in";

	cfg_errors_init(&e);
	/* the strings of struct bgp_attach */
	T_EQ_INT(rpl_attach_kind("neighbor", "in"), RPL_ATTACH_NBR_IN);
	T_EQ_INT(rpl_attach_kind("af-group", "out"), RPL_ATTACH_NBR_OUT);
	T_EQ_INT(rpl_attach_kind("network", ""), RPL_ATTACH_NETWORK);
	T_EQ_INT(rpl_attach_kind("aggregate-address", ""),
	    RPL_ATTACH_AGGREGATE);
	T_EQ_INT(rpl_attach_kind("redistribute", ""), RPL_ATTACH_REDIST);
	T_EQ_INT(rpl_attach_kind("default-originate", ""),
	    RPL_ATTACH_DEFAULT_ORIG);
	T_EQ_INT(rpl_attach_kind("additional-paths selection", ""),
	    RPL_ATTACH_ADDPATH_SEL);
	T_EQ_INT(rpl_attach_kind("additional-paths", "selection"),
	    RPL_ATTACH_ADDPATH_SEL);
	T_EQ_INT(rpl_attach_kind(NULL, NULL), RPL_ATTACH_ANY);
	T_EQ_INT(rpl_attach_kind("bgp dampening", ""), RPL_ATTACH_DAMPENING);
	T_EQ_INT(rpl_attach_kind("table-policy", ""), RPL_ATTACH_BGP_OTHER);

	/* IGP actions: refused at every BGP attach point, once per kind */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_IN, "IGP", NULL, path,
	    where, &e), 2);
	T_ASSERT(has_error(&e, "'RPL' detected the 'warning' condition "
	    "'Policy [IGP] uses [set isis-metric 10] which is not supported "
	    "at this attach point (IGP attribute, not a BGP one), attached "
	    "at neighbor 10.0.0.1 address-family ipv4 unicast in'"));
	T_ASSERT(has_error(&e, "[set metric-type type-1]"));
	T_EQ_STR(e.v[0].path, path);
	cfg_errors_free(&e);
	/* through an apply, the applied policy is named */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_OUT, "WRAP", NULL,
	    path, where, &e), 2);
	T_ASSERT(has_error(&e, "Policy [IGP] uses"));
	cfg_errors_free(&e);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_REDIST, "IGP", NULL, path,
	    where, &e), 2);
	cfg_errors_free(&e);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_ADDPATH_SEL, "IGP", NULL,
	    path, where, &e), 2);
	cfg_errors_free(&e);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_BGP_OTHER, "IGP", NULL,
	    path, where, &e), 2);
	cfg_errors_free(&e);
	/* set dampening: the dampening attach point only */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_DAMPENING, "DAMP", NULL,
	    path, where, &e), 0);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_IN, "DAMP", NULL,
	    path, where, &e), 1);
	T_ASSERT(has_error(&e, "(only at bgp dampening)"));
	cfg_errors_free(&e);
	/* no attach-point kind: only references are checked */
	T_EQ_INT(rpl_check_attach(db, "IGP", NULL, path, where, &e), 0);

	/* path-selection: only at additional-paths selection */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_ADDPATH_SEL, "SEL", NULL,
	    path, where, &e), 0);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_IN, "SEL", NULL,
	    path, where, &e), 1);
	T_ASSERT(has_error(&e, "[set path-selection backup 1 install "
	    "multipath-protect] which is not supported at this attach point "
	    "(only at additional-paths selection)"));
	cfg_errors_free(&e);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NETWORK, "SEL", NULL,
	    path, where, &e), 1);
	cfg_errors_free(&e);
	/* ... which takes nothing but path-selection */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_ADDPATH_SEL, "SELMED",
	    NULL, path, where, &e), 1);
	T_ASSERT(has_error(&e, "[set med 5]"));
	cfg_errors_free(&e);

	/* suppress-route: aggregate-address only */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_AGGREGATE, "AGG", NULL,
	    path, where, &e), 0);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_IN, "AGG", NULL,
	    path, where, &e), 1);
	T_ASSERT(has_error(&e, "[suppress-route]"));
	cfg_errors_free(&e);

	/* BGP actions (and set tag) stay fine everywhere they were */
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NBR_IN, "PLAIN", NULL,
	    path, where, &e), 0);
	T_EQ_INT(rpl_check_attach_at(db, RPL_ATTACH_NETWORK, "PLAIN", NULL,
	    path, where, &e), 0);
	T_EQ_INT(e.n, 0);
	rpl_db_free(db);
}

static void
test_route_text(void)
{
	struct route	 r;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[128], buf[ROUTE_PATHSEL_STRLEN];

	route_init(&r);
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 extcommunity color 7 "
	    "4294967295", 0, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.necomm, 2);
	T_EQ_INT(ecomm_color_value(&r.ecomm[1]), 4294967295U);
	r.path_sel = PATHSEL_BACKUP;
	r.path_sel_flags = PATHSEL_F_INSTALL | PATHSEL_F_MP_PROTECT |
	    PATHSEL_F_ADVERTISE;
	r.igp_set = ROUTE_IGP_LEVEL;
	r.level = RPL_LEVEL_1_2;
	route_print(&r, "", &sb);
	T_ASSERT(strstr(sb_str(&sb), "extcommunity       Color:7 "
	    "Color:4294967295\n") != NULL);
	T_ASSERT(strstr(sb_str(&sb), "path-selection     backup 1 install "
	    "multipath-protect advertise\n") != NULL);
	T_ASSERT(strstr(sb_str(&sb), "level              level-1-2\n") !=
	    NULL);
	T_ASSERT(strstr(sb_str(&sb), "metric-type") == NULL);
	sb_reset(&sb);
	route_print_spec(&r, &sb);
	T_ASSERT(strstr(sb_str(&sb), " extcommunity color 7 extcommunity "
	    "color 4294967295") != NULL);
	route_pathsel_format(PATHSEL_NONE, 0, buf, sizeof(buf));
	T_EQ_STR(buf, "");
	route_pathsel_format(PATHSEL_GROUP_BEST, PATHSEL_F_ADVERTISE, buf,
	    sizeof(buf));
	T_EQ_STR(buf, "group-best advertise");
	sb_free(&sb);
	route_free(&r);
}

int
main(void)
{
	test_rd_set();
	test_opaque_set();
	test_policy_print();
	test_errors();
	test_eval();
	test_attach_points();
	test_route_text();
	return T_DONE();
}
