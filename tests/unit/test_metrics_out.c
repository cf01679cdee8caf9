/*
 * test_metrics_out: the exposition writer (core/lib/metrics_out.c):
 * label value and HELP escaping as the text format and OpenMetrics
 * specify, name rules, counters' _total, repeated families, # EOF; and
 * the `metrics` section's model (core/config/metrics_cfg.c); the
 * registration point other modules use (core/bgp/metrics_src.h), with
 * no engine running.
 */
#include <math.h>
#include <stdlib.h>

#include "core/bgp/metrics_src.h"
#include "core/config/metrics_cfg.h"
#include "core/lib/metrics_out.h"
#include "tests/unit/t.h"

static void
test_names(void)
{
	T_ASSERT(mo_name_valid("xrsh_bgp_neighbor_state"));
	T_ASSERT(mo_name_valid("_x"));
	T_ASSERT(mo_name_valid("a:b_c9"));
	T_ASSERT(!mo_name_valid(""));
	T_ASSERT(!mo_name_valid("9abc"));
	T_ASSERT(!mo_name_valid("xrsh-bgp"));
	T_ASSERT(!mo_name_valid("xrsh bgp"));
	T_ASSERT(!mo_name_valid("xrsh.bgp"));
	T_ASSERT(!mo_name_valid(NULL));
	T_ASSERT(mo_label_valid("neighbor"));
	T_ASSERT(mo_label_valid("_x1"));
	T_ASSERT(!mo_label_valid("__reserved"));
	T_ASSERT(!mo_label_valid("a:b"));	/* colons: names only */
	T_ASSERT(!mo_label_valid("1a"));
	T_ASSERT(!mo_label_valid(""));
}

static void
test_escape(void)
{
	struct strbuf	 sb = STRBUF_INIT;

	mo_escape_label(&sb, "a\\b\"c\nd");
	T_EQ_STR(sb_str(&sb), "a\\\\b\\\"c\\nd");
	sb_reset(&sb);
	mo_escape_label(&sb, "plain 127.0.0.1 ::1 é");
	T_EQ_STR(sb_str(&sb), "plain 127.0.0.1 ::1 é");
	sb_free(&sb);
}

static void
test_text(void)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct metrics_out	 mo;

	mo_init(&mo, &sb, 0);
	T_EQ_INT(mo_family(&mo, "xrsh_x", MO_GAUGE,
	    "Help with \\ and\nnewline and \"quotes\""), 0);
	mo_u64(&mo, 3, "neighbor", "127.0.0.2", "desc", "a\"b\\c\nd", NULL);
	mo_u64(&mo, 0, NULL);
	T_EQ_INT(mo_family(&mo, "xrsh_msgs", MO_COUNTER, "Messages"), 0);
	mo_u64(&mo, 18446744073709551615ULL, "type", "update", NULL);
	mo_finish(&mo);
	T_EQ_STR(sb_str(&sb),
	    "# HELP xrsh_x Help with \\\\ and\\nnewline and \"quotes\"\n"
	    "# TYPE xrsh_x gauge\n"
	    "xrsh_x{neighbor=\"127.0.0.2\",desc=\"a\\\"b\\\\c\\nd\"} 3\n"
	    "xrsh_x 0\n"
	    "# HELP xrsh_msgs_total Messages\n"
	    "# TYPE xrsh_msgs_total counter\n"
	    "xrsh_msgs_total{type=\"update\"} 18446744073709551615\n");
	T_EQ_INT(mo.errors, 0);
	sb_free(&sb);
}

static void
test_openmetrics(void)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct metrics_out	 mo;

	mo_init(&mo, &sb, 1);
	mo_family(&mo, "xrsh_msgs", MO_COUNTER, "Say \"hi\"");
	mo_u64(&mo, 7, NULL);
	mo_family(&mo, "xrsh_f", MO_GAUGE, "F");
	mo_f64(&mo, 1.5, NULL);
	mo_f64(&mo, NAN, "k", "nan", NULL);
	mo_f64(&mo, INFINITY, "k", "inf", NULL);
	mo_f64(&mo, -INFINITY, "k", "-inf", NULL);
	mo_finish(&mo);
	T_EQ_STR(sb_str(&sb),
	    "# HELP xrsh_msgs Say \\\"hi\\\"\n"
	    "# TYPE xrsh_msgs counter\n"
	    "xrsh_msgs_total 7\n"
	    "# HELP xrsh_f F\n"
	    "# TYPE xrsh_f gauge\n"
	    "xrsh_f 1.5\n"
	    "xrsh_f{k=\"nan\"} NaN\n"
	    "xrsh_f{k=\"inf\"} +Inf\n"
	    "xrsh_f{k=\"-inf\"} -Inf\n"
	    "# EOF\n");
	sb_free(&sb);
}

/* Bad names are left out and counted; the text stays parseable. */
static void
test_refused(void)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct metrics_out	 mo;

	mo_init(&mo, &sb, 0);
	T_EQ_INT(mo_family(&mo, "bad-name", MO_GAUGE, "x"), -1);
	mo_u64(&mo, 1, NULL);			/* dropped with its family */
	T_EQ_INT(mo_family(&mo, "xrsh_c_total", MO_COUNTER, "x"), -1);
	T_EQ_INT(mo_family(&mo, "xrsh_g", MO_GAUGE, "x"), 0);
	mo_u64(&mo, 1, "bad-label", "v", NULL);	/* counted */
	mo_u64(&mo, 1, "__name__", "v", NULL);	/* counted */
	mo_u64(&mo, 2, "ok", "v", NULL);
	T_EQ_INT(mo_family(&mo, "xrsh_g", MO_GAUGE, "again"), -1);
	mo_u64(&mo, 3, NULL);
	mo_finish(&mo);
	T_EQ_STR(sb_str(&sb),
	    "# HELP xrsh_g x\n"
	    "# TYPE xrsh_g gauge\n"
	    "xrsh_g{ok=\"v\"} 2\n");
	T_EQ_INT(mo.errors, 5);
	sb_free(&sb);
}

static void
test_cfg(void)
{
	struct metrics_cfg	*m = metrics_cfg_new(), *d;
	struct metrics_listen	 l;
	struct strbuf		 sb = STRBUF_INIT;
	struct cfg_errors	 errs;

	T_ASSERT(m != NULL);
	memset(&l, 0, sizeof(l));
	addr_parse("::1", &l.addr);
	l.port = 9273;
	T_EQ_INT(metrics_listen_put(m, &l), 0);
	addr_parse("127.0.0.1", &l.addr);
	l.port = 9274;
	T_EQ_INT(metrics_listen_put(m, &l), 0);
	l.port = 9273;
	T_EQ_INT(metrics_listen_put(m, &l), 0);
	T_EQ_INT(metrics_listen_put(m, &l), 0);	/* again: no duplicate */
	T_EQ_INT(m->n, 3);
	metrics_cfg_print(m, &sb);
	T_EQ_STR(sb_str(&sb), "metrics\n listen 127.0.0.1 port 9273\n"
	    " listen 127.0.0.1 port 9274\n listen ::1 port 9273\n!\n");
	d = metrics_cfg_dup(m);
	T_ASSERT(d != NULL && d->n == 3);
	T_EQ_INT(metrics_listen_del(d, &l.addr, 0), 2);
	T_EQ_INT(d->n, 1);
	cfg_errors_init(&errs);
	T_EQ_INT(metrics_cfg_validate(m, &errs), 0);
	addr_parse("0.0.0.0", &l.addr);
	l.port = 9273;
	metrics_listen_put(m, &l);
	/* 127.0.0.1 port 9273 can't be bound beside 0.0.0.0 port 9273 */
	T_EQ_INT(metrics_cfg_validate(m, &errs), 1);
	cfg_errors_free(&errs);
	addr_parse("224.0.0.1", &l.addr);
	T_ASSERT(!metrics_addr_usable(&l.addr));
	addr_parse("ff02::1", &l.addr);
	T_ASSERT(!metrics_addr_usable(&l.addr));
	addr_parse("::", &l.addr);
	T_ASSERT(metrics_addr_usable(&l.addr));
	metrics_cfg_free(m);
	metrics_cfg_free(d);
	sb_free(&sb);
}

static void
src_a(struct metrics_out *mo, void *arg)
{
	mo_family(mo, "xrsh_test_a", MO_COUNTER, "A");
	mo_u64(mo, *(unsigned *)arg, "k", "v\"1", NULL);
}

static void
src_b(struct metrics_out *mo, void *arg)
{
	(void)arg;
	mo_family(mo, "xrsh_test_b", MO_GAUGE, "B");
	mo_u64(mo, 2, NULL);
	/* a name already taken, and a bad one: left out, counted */
	mo_family(mo, "xrsh_build_info", MO_GAUGE, "again");
	mo_family(mo, "xrsh-bad", MO_GAUGE, "bad");
}

static void
test_sources(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	unsigned	 n = 7;
	const char	*a, *b, *p;
	int		 ha, hb;

	ha = metrics_source_add(src_a, &n);
	hb = metrics_source_add(src_b, NULL);
	T_ASSERT(ha > 0 && hb > 0 && ha != hb);
	T_EQ_INT(metrics_render(&sb, 0), 2);
	p = sb_str(&sb);
	a = strstr(p, "xrsh_test_a_total{k=\"v\\\"1\"} 7\n");
	b = strstr(p, "# TYPE xrsh_test_b gauge\nxrsh_test_b 2\n");
	T_ASSERT(a != NULL && b != NULL && a < b);
	/* the built-in families come first */
	T_ASSERT(strstr(p, "# TYPE xrsh_build_info gauge\n") == p +
	    strcspn(p, "\n") + 1);
	T_ASSERT(strstr(p, "again") == NULL && strstr(p, "xrsh-bad") == NULL);
	metrics_source_del(ha);
	sb_reset(&sb);
	T_EQ_INT(metrics_render(&sb, 1), 2);
	T_ASSERT(strstr(sb_str(&sb), "xrsh_test_a") == NULL);
	T_ASSERT(strstr(sb_str(&sb), "xrsh_test_b 2\n") != NULL);
	T_ASSERT(sb.len > 6 && strcmp(sb_str(&sb) + sb.len - 6, "# EOF\n") ==
	    0);
	metrics_source_del(hb);
	sb_reset(&sb);
	T_EQ_INT(metrics_render(&sb, 0), 0);
	T_ASSERT(strstr(sb_str(&sb), "xrsh_test_") == NULL);
	sb_free(&sb);
}

int
main(void)
{
	test_names();
	test_escape();
	test_text();
	test_openmetrics();
	test_refused();
	test_cfg();
	test_sources();
	return T_DONE();
}
