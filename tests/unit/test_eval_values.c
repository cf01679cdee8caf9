/*
 * test_eval_values: the value types under policy evaluation: communities
 * (standard, large, extended, well-known names), AS paths (parse, format,
 * XR lengths, list conditions, prepend, private-AS removal, ios-regex
 * translation checked through PCRE2) and the route description parser.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>

#include "core/rpl/aspath.h"
#include "core/rpl/community.h"
#include "core/rpl/route_spec.h"
#include "tests/unit/t.h"

static void
test_comm(void)
{
	uint32_t	 v;
	char		 buf[COMM_STRLEN];

	T_EQ_INT(comm_parse("65001:100", &v), 0);
	T_EQ_INT(v, COMM_MAKE(65001, 100));
	comm_format(v, buf, sizeof(buf));
	T_EQ_STR(buf, "65001:100");
	T_EQ_INT(comm_parse("no-export", &v), 0);
	T_EQ_INT(v, 0xffffff01u);
	comm_format(COMM_MAKE(65535, 65281), buf, sizeof(buf));
	T_EQ_STR(buf, "no-export");
	comm_format(COMM_MAKE(65535, 65282), buf, sizeof(buf));
	T_EQ_STR(buf, "no-advertise");
	comm_format(COMM_MAKE(65535, 65283), buf, sizeof(buf));
	T_EQ_STR(buf, "local-AS");
	comm_format(0, buf, sizeof(buf));
	T_EQ_STR(buf, "internet");
	comm_format(COMM_MAKE(65535, 1), buf, sizeof(buf));
	T_EQ_STR(buf, "accept-own");
	comm_format(COMM_MAKE(65535, 0), buf, sizeof(buf));
	T_EQ_STR(buf, "graceful-shutdown");
	comm_format_num(COMM_NO_EXPORT, buf, sizeof(buf));
	T_EQ_STR(buf, "65535:65281");
	T_EQ_INT(comm_parse("65536:1", &v), -1);
	T_EQ_INT(comm_parse("1:65536", &v), -1);
	T_EQ_INT(comm_parse("100", &v), -1);	/* XR: always hi:lo */
	T_EQ_INT(comm_parse("1:2:3", &v), -1);
	T_EQ_INT(comm_parse(":1", &v), -1);
}

static void
test_lcomm_ecomm(void)
{
	struct lcomm	 l;
	struct ecomm	 e;
	char		 buf[ECOMM_STRLEN];

	T_EQ_INT(lcomm_parse("4200000000:1:2", &l), 0);
	T_EQ_INT(l.ga, 4200000000u);
	lcomm_format(&l, buf, sizeof(buf));
	T_EQ_STR(buf, "4200000000:1:2");
	T_EQ_INT(lcomm_parse("1:2", &l), -1);
	T_EQ_INT(lcomm_parse("1:2:3:4", &l), -1);
	T_EQ_INT(lcomm_parse("1:2:4294967296", &l), -1);

	T_EQ_INT(ecomm_parse("65001:100", ECOMM_ST_RT, &e), 0);
	T_EQ_INT(e.type, ECOMM_T_AS2);
	ecomm_format(&e, buf, sizeof(buf));
	T_EQ_STR(buf, "RT:65001:100");
	T_EQ_INT(ecomm_parse("1.2.3.4:5", ECOMM_ST_SOO, &e), 0);
	T_EQ_INT(e.type, ECOMM_T_IPV4);
	ecomm_format(&e, buf, sizeof(buf));
	T_EQ_STR(buf, "SoO:1.2.3.4:5");
	T_EQ_INT(ecomm_parse("4200000000:7", ECOMM_ST_RT, &e), 0);
	T_EQ_INT(e.type, ECOMM_T_AS4);
	T_EQ_INT(ecomm_parse("4200000000:70000", ECOMM_ST_RT, &e), -1);
	T_EQ_INT(ecomm_parse("1.2.3.4:70000", ECOMM_ST_RT, &e), -1);
	T_EQ_INT(ecomm_parse("nonsense", ECOMM_ST_RT, &e), -1);
}

/* Parses s into p (init'ed before); aborts on a bad path. */
static void
AP(struct aspath *p, const char *s)
{
	char		 err[64];

	if (aspath_parse(s, p, err, sizeof(err)) == -1)
		abort();
}

/* p's canonical string in a static buffer (tests only). */
static const char *
FMT(const struct aspath *p)
{
	static struct strbuf	 sb = STRBUF_INIT;

	sb_reset(&sb);
	aspath_format_sb(p, &sb);
	return sb.oom ? NULL : sb_str(&sb);
}

static void
test_aspath_basic(void)
{
	struct aspath	 p;
	char		 buf[64], err[64];

	aspath_init(&p);
	AP(&p, "174 1299 {3356,2914} (65010 65011)");
	T_EQ_INT(aspath_format(&p, buf, sizeof(buf)), 34);
	T_EQ_STR(buf, "174 1299 {3356,2914} (65010 65011)");
	T_EQ_INT(aspath_strlen(&p), 34);
	T_EQ_INT(aspath_length(&p, 0), 3);	/* set counts 1, confed 0 */
	T_EQ_INT(aspath_length(&p, 1), 5);
	T_EQ_INT(aspath_first(&p), 174);
	T_EQ_INT(aspath_last(&p), 2914);	/* last member of the set */
	/* a short buffer truncates but stays terminated */
	T_EQ_INT(aspath_format(&p, buf, 9), 8);
	T_EQ_STR(buf, "174 1299");

	AP(&p, "65001 65001 65001 1299 4200000001");
	T_EQ_INT(aspath_length(&p, 0), 5);
	T_EQ_INT(aspath_unique_length(&p, 0), 3);
	T_EQ_INT(aspath_last(&p), 4200000001u);
	T_EQ_STR(FMT(&p), "65001 65001 65001 1299 4200000001");

	AP(&p, "");
	T_EQ_INT(aspath_is_local(&p), 1);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "");
	/* asdot input, asplain output */
	AP(&p, "1.10");
	T_EQ_INT(p.as[0], 65546);

	T_EQ_INT(aspath_parse("1 x 3", &p, err, sizeof(err)), -1);
	T_EQ_STR(err, "invalid AS number 'x'");
	T_EQ_INT(aspath_parse("1 {2", &p, err, sizeof(err)), -1);
	T_EQ_INT(aspath_parse("4294967296", &p, err, sizeof(err)), -1);
	aspath_free(&p);
}

/*
 * No cap: 300 ASNs over 40 segments, a set of 300 (two wire segments),
 * and the canonical text of each, any length.
 */
static void
test_aspath_long(void)
{
	struct aspath	 p, q;
	struct strbuf	 sb = STRBUF_INIT, want = STRBUF_INIT;
	struct aspath_text t;
	char		*tbuf = NULL, small[16];
	size_t		 tcap = 0, len, i;
	unsigned	 k;

	aspath_init(&p);
	aspath_init(&q);
	/* 40 segments: 20 sequences of 14 ASNs, 20 sets of one */
	for (k = 0; k < 20; k++) {
		for (i = 0; i < 14; i++)
			sb_printf(&want, "%s%u", want.len ? " " : "",
			    64496 + k * 100 + (unsigned)i);
		sb_printf(&want, " {%u}", 4200000000u + k);
	}
	AP(&p, sb_str(&want));
	T_EQ_INT(p.nas, 300);
	T_EQ_INT(p.nseg, 40);
	T_EQ_INT(aspath_length(&p, 0), 300);
	T_EQ_STR(FMT(&p), sb_str(&want));
	T_EQ_INT(aspath_strlen(&p), want.len);
	aspath_text_init(&t, &p, &tbuf, &tcap);
	T_EQ_STR(aspath_text_get(&t, &len), sb_str(&want));
	T_EQ_INT(len, want.len);
	T_EQ_INT(aspath_format(&p, small, sizeof(small)), 15);
	T_EQ_STR(small, "64496 64497 644");

	/* a set beyond 255 members goes on in a second set segment */
	sb_reset(&sb);
	sb_puts(&sb, "{");
	for (i = 0; i < 300; i++)
		sb_printf(&sb, "%s%zu", i ? "," : "", 1000 + i);
	sb_puts(&sb, "}");
	AP(&q, sb_str(&sb));
	T_EQ_INT(q.nseg, 2);
	T_EQ_INT(q.seg[0].count, 255);
	T_EQ_INT(q.seg[1].count, 45);
	T_EQ_INT(q.seg[1].type, ASSEG_SET);

	/* prepend 600: the leading sequence has room for none of them */
	T_EQ_INT(aspath_prepend(&p, 7, 600), 0);
	T_EQ_INT(p.nas, 900);
	T_EQ_INT(p.nseg, 43);
	T_EQ_INT(p.seg[0].count + p.seg[1].count + p.seg[2].count, 600);
	T_EQ_INT(p.seg[2].type, ASSEG_SEQ);
	T_EQ_INT(p.seg[3].count, 14);
	T_EQ_INT(aspath_length(&p, 0), 900);
	T_EQ_INT(aspath_unique_length(&p, 0), 301);
	T_EQ_INT(p.as[599], 7);
	T_EQ_INT(p.as[600], 64496);
	T_EQ_INT(aspath_last(&p), 4200000019u);
	aspath_text_init(&t, &p, &tbuf, &tcap);
	T_ASSERT(aspath_text_get(&t, &len) != NULL);
	T_EQ_INT(len, 600 * 2 + want.len);

	aspath_free(&p);
	aspath_free(&q);
	free(tbuf);
	sb_free(&sb);
	sb_free(&want);
}

/* Borrowing and copy-on-write: the lender is never written. */
static void
test_aspath_borrow(void)
{
	struct aspath	 src, d;
	uint32_t	*own;

	aspath_init(&src);
	aspath_init(&d);
	AP(&src, "1 2 3");
	aspath_borrow(&d, &src);
	T_ASSERT(d.as == src.as);
	T_EQ_INT(aspath_is_own(&d), 0);
	T_EQ_INT(aspath_prepend(&d, 9, 2), 0);
	T_EQ_INT(aspath_is_own(&d), 1);
	T_EQ_STR(FMT(&d), "9 9 1 2 3");
	T_EQ_STR(FMT(&src), "1 2 3");
	/* reuse: borrow again, write again, same own buffer */
	own = d.as_buf;
	aspath_borrow(&d, &src);
	T_EQ_INT(aspath_remove_private(&d, 0), 0);	/* nothing to do */
	T_ASSERT(d.as == src.as);			/* still borrowed */
	T_EQ_INT(aspath_append(&d, ASSEG_SEQ, 4), 0);
	T_ASSERT(d.as == own);
	T_EQ_STR(FMT(&d), "1 2 3 4");
	T_EQ_STR(FMT(&src), "1 2 3");
	aspath_borrow(&d, &src);
	AP(&src, "64512 1 64513");
	aspath_borrow(&d, &src);
	T_EQ_INT(aspath_replace_private(&d, 7), 1);
	T_EQ_STR(FMT(&d), "7 1 7");
	T_EQ_STR(FMT(&src), "64512 1 64513");
	aspath_free(&src);
	aspath_free(&d);
}

static void
test_aspath_lists(void)
{
	struct aspath	 p;
	struct asrange	 l12[] = { { 1, 1 }, { 2, 2 } };
	struct asrange	 l34[] = { { 3, 3 }, { 4, 4 } };
	struct asrange	 l23[] = { { 2, 2 }, { 3, 3 } };
	struct asrange	 lr[] = { { 2, 3 }, { 3, 10 } };
	struct asrange	 l1[] = { { 1, 1 } };
	struct asrange	 ls[] = { { 5, 5 }, { 6, 6 }, { 7, 7 } };

	aspath_init(&p);
	AP(&p, "1 1 2 3 3 4");
	T_EQ_INT(aspath_neighbor_is(&p, l12, 2, 0), 1);	/* prepends collapse */
	T_EQ_INT(aspath_neighbor_is(&p, l12, 2, 1), 0);	/* exact: 1 1 2 */
	T_EQ_INT(aspath_neighbor_is(&p, l1, 1, 1), 1);
	T_EQ_INT(aspath_originates_from(&p, l34, 2, 0), 1);
	T_EQ_INT(aspath_originates_from(&p, l34, 2, 1), 1);	/* 3 4 */
	T_EQ_INT(aspath_originates_from(&p, l12, 2, 0), 0);
	T_EQ_INT(aspath_passes_through(&p, l23, 2, 0), 1);
	T_EQ_INT(aspath_passes_through(&p, l23, 2, 1), 1);
	T_EQ_INT(aspath_passes_through(&p, l34, 2, 0), 1);
	T_EQ_INT(aspath_passes_through(&p, lr, 2, 0), 1);	/* ranges */
	AP(&p, "5 6");
	T_EQ_INT(aspath_passes_through(&p, l23, 2, 0), 0);
	T_EQ_INT(aspath_neighbor_is(&p, l12, 2, 0), 0);
	AP(&p, "");
	T_EQ_INT(aspath_neighbor_is(&p, l1, 1, 0), 0);
	/* confed segments are skipped, a set is one element */
	AP(&p, "5 (9 9) 5 {6,8} 7 7");
	T_EQ_INT(aspath_passes_through(&p, ls, 3, 0), 1);
	T_EQ_INT(aspath_passes_through(&p, ls, 3, 1), 1);
	T_EQ_INT(aspath_neighbor_is(&p, ls, 3, 0), 1);
	T_EQ_INT(aspath_neighbor_is(&p, ls, 3, 1), 0);	/* 5 5 */
	T_EQ_INT(aspath_originates_from(&p, ls, 3, 0), 1);
	T_EQ_INT(aspath_originates_from(&p, ls, 3, 1), 0);	/* ... 7 7 */
	aspath_free(&p);
}

static void
test_aspath_edit(void)
{
	struct aspath	 p;

	aspath_init(&p);
	AP(&p, "1299 3356");
	T_EQ_INT(aspath_prepend(&p, 65001, 3), 0);
	T_EQ_STR(FMT(&p), "65001 65001 65001 1299 3356");
	AP(&p, "{1,2}");
	T_EQ_INT(aspath_prepend(&p, 7, 1), 0);
	T_EQ_STR(FMT(&p), "7 {1,2}");

	AP(&p, "64512 65000 1299 64999");
	T_EQ_INT(aspath_remove_private(&p, 0), 1);
	T_EQ_STR(FMT(&p), "1299 64999");	/* only the leading ones */
	T_EQ_INT(aspath_remove_private(&p, 0), 0);
	AP(&p, "64512 65000 1299");
	T_EQ_INT(aspath_remove_private(&p, 1), 0);	/* not all private */
	AP(&p, "64512 4200000000");
	T_EQ_INT(aspath_remove_private(&p, 1), 1);
	T_EQ_INT(p.nas, 0);
	aspath_free(&p);
}

static int
rx(const char *ios, const char *subject)
{
	char		 pat[512];
	pcre2_code	*re;
	pcre2_match_data *md;
	int		 ec, rc;
	PCRE2_SIZE	 eo;

	if (aspath_regex_translate(ios, pat, sizeof(pat)) == -1)
		return -2;
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
	if (re == NULL)
		return -3;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md,
	    NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

static void
test_regex(void)
{
	char	 pat[64];

	T_EQ_INT(rx("_1299_", "174 1299 3356"), 1);
	T_EQ_INT(rx("_1299_", "1299"), 1);		/* start and end */
	T_EQ_INT(rx("_1299_", "11299 3356"), 0);	/* not a substring */
	T_EQ_INT(rx("_1299_", "174 12990"), 0);
	T_EQ_INT(rx("_1299_", "174 {1299,3}"), 1);	/* set delimiters */
	T_EQ_INT(rx("_1299_", "(65001 1299)"), 1);	/* confed */
	T_EQ_INT(rx("^$", ""), 1);
	T_EQ_INT(rx("^$", "174"), 0);
	T_EQ_INT(rx("^174_", "174 3356"), 1);
	T_EQ_INT(rx("^174_", "174"), 1);
	T_EQ_INT(rx("^174_", "1740 3356"), 0);
	T_EQ_INT(rx("^174_", "3356 174"), 0);
	T_EQ_INT(rx("_65001$", "1 65001"), 1);
	T_EQ_INT(rx("^[0-9]+_[0-9]+$", "1 2"), 1);
	T_EQ_INT(rx("[_]", "a"), 0);	/* '_' in brackets is literal */
	T_EQ_INT(aspath_regex_translate("_1_", pat, sizeof(pat)), 0);
	T_EQ_STR(pat, "(?:^|$|[ ,{}()])1(?:^|$|[ ,{}()])");
	T_EQ_INT(aspath_regex_translate("____________", pat, sizeof(pat)), -1);
}

static void
test_route_spec(void)
{
	struct route	 r;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[128];
	int		 i;

	route_init(&r);
	T_EQ_INT(route_spec_parse("prefix 10.1.0.0/16 next-hop 192.0.2.1 "
	    "as-path 174 1299 origin egp med 0 local-pref 200 community "
	    "65001:100 no-export large-community 1:2:3 extcommunity rt "
	    "65001:7 1.2.3.4:9 weight 5 from 203.0.113.5 remote-as 174 "
	    "rpki invalid", 65001, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.prefix.len, 16);
	T_EQ_INT(r.aspath.nas, 2);
	T_EQ_INT(r.origin, ORIGIN_EGP);
	T_EQ_INT(r.has_med, 1);
	T_EQ_INT(r.med, 0);
	T_EQ_INT(r.local_pref, 200);
	T_EQ_INT(r.ncomm, 2);
	T_EQ_INT(r.nlcomm, 1);
	T_EQ_INT(r.necomm, 2);
	T_EQ_INT(r.weight, 5);
	T_EQ_INT(r.peer.remote_as, 174);
	T_EQ_INT(r.path_type, PATH_EBGP);
	T_EQ_INT(r.rpki, RPKI_INVALID);
	route_print_spec(&r, &sb);
	T_EQ_STR(sb_str(&sb), "prefix 10.1.0.0/16 next-hop 192.0.2.1 "
	    "as-path 174 1299 origin egp med 0 local-preference 200 "
	    "weight 5 community 65001:100 no-export large-community 1:2:3 "
	    "extcommunity rt 65001:7 extcommunity rt 1.2.3.4:9");
	sb_free(&sb);

	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 from 10.0.0.1 remote-as "
	    "65001", 65001, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.path_type, PATH_IBGP);
	T_EQ_INT(r.has_med, 0);
	T_EQ_INT(route_spec_parse("prefix 2001:db8::/32", 0, &r, err,
	    sizeof(err)), 0);
	T_EQ_INT(r.prefix.addr.af, AF_V6);

	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/33", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "invalid prefix '10.0.0.0/33'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.1/8", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_INT(route_spec_parse("next-hop 1.1.1.1", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "a route needs a prefix");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 community 1:70000", 0,
	    &r, err, sizeof(err)), -1);
	T_EQ_STR(err, "invalid community '1:70000'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 colour blue", 0, &r,
	    err, sizeof(err)), -1);
	T_EQ_STR(err, "unknown route attribute 'colour'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 med", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "med needs a value");

	/* enumerated words and value lists share one parser each */
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 origin incomplete "
	    "path-type cebgp rpki valid", 0, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.origin, ORIGIN_INCOMPLETE);
	T_EQ_INT(r.path_type, PATH_CEBGP);
	T_EQ_INT(r.rpki, RPKI_VALID);
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 origin bgp", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "invalid origin 'bgp'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 path-type local", 0, &r,
	    err, sizeof(err)), -1);
	T_EQ_STR(err, "invalid path-type 'local'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 rpki", 0, &r, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "invalid rpki state ''");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 large-community 1:2:3 "
	    "1:2 med 5", 0, &r, err, sizeof(err)), -1);
	T_EQ_STR(err, "invalid large-community '1:2'");
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 extcommunity soo 1:2 "
	    "large-community 1:2:3 community 1:1 med 5", 0, &r, err,
	    sizeof(err)), 0);
	T_EQ_INT(r.necomm, 1);
	T_EQ_INT(r.ecomm[0].subtype, ECOMM_ST_SOO);
	T_EQ_INT(r.nlcomm, 1);
	T_EQ_INT(r.ncomm, 1);
	T_EQ_INT(r.med, 5);
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 extcommunity xx 1:2", 0,
	    &r, err, sizeof(err)), -1);
	T_EQ_STR(err, "extcommunity needs rt, soo or color");
	/* no cap: 1,000 communities, 300 large, 300 extended, 300 ASNs */
	sb_puts(&sb, "prefix 10.0.0.0/8 community");
	for (i = 1; i <= 1000; i++)
		sb_printf(&sb, " 1:%d", i);
	sb_puts(&sb, " large-community");
	for (i = 1; i <= 300; i++)
		sb_printf(&sb, " 1:2:%d", i);
	sb_puts(&sb, " extcommunity rt");
	for (i = 1; i <= 300; i++)
		sb_printf(&sb, " 65001:%d", i);
	sb_puts(&sb, " as-path");
	for (i = 1; i <= 300; i++)
		sb_printf(&sb, " %d", 64000 + i);
	T_EQ_INT(route_spec_parse(sb_str(&sb), 0, &r, err, sizeof(err)), 0);
	T_EQ_INT(r.ncomm, 1000);
	T_EQ_INT(r.comm[999], COMM_MAKE(1, 1000));
	T_EQ_INT(r.nlcomm, 300);
	T_EQ_INT(r.lcomm[299].l2, 300);
	T_EQ_INT(r.necomm, 300);
	T_EQ_INT(r.ecomm[299].la, 300);
	T_EQ_INT(r.aspath.nas, 300);
	T_EQ_INT(r.aspath.nseg, 2);		/* 255 + 45, as on the wire */
	T_EQ_INT(r.aspath.as[299], 64300);
	sb_free(&sb);
	/* and it prints back whole */
	T_EQ_INT(route_print_spec(&r, &sb), 0);
	{
		struct route	 back;

		route_init(&back);
		T_EQ_INT(route_spec_parse(sb_str(&sb), 0, &back, err,
		    sizeof(err)), 0);
		T_ASSERT(route_eq(&r, &back));
		route_free(&back);
	}
	sb_free(&sb);
	route_free(&r);
}

/* route_copy() borrows; writers copy on write; buffers are reused. */
static void
test_route_cow(void)
{
	struct route	 in, out;
	struct lcomm	 lc = { 1, 2, 3 };
	uint32_t	*buf;
	char		 err[128];

	route_init(&in);
	route_init(&out);
	T_EQ_INT(route_spec_parse("prefix 10.0.0.0/8 community 1:1 1:2 "
	    "large-community 7:7:7 as-path 1 2", 0, &in, err, sizeof(err)), 0);
	T_EQ_INT(route_copy(&out, &in), 0);
	T_ASSERT(out.comm == in.comm);
	T_ASSERT(out.lcomm == in.lcomm);
	T_ASSERT(out.aspath.as == in.aspath.as);
	T_EQ_INT(route_comm_add(&out, COMM_MAKE(1, 3)), 0);
	T_ASSERT(out.comm != in.comm);
	T_EQ_INT(out.ncomm, 3);
	T_EQ_INT(in.ncomm, 2);
	T_EQ_INT(out.comm[1], COMM_MAKE(1, 2));
	T_EQ_INT(out.comm[2], COMM_MAKE(1, 3));
	T_ASSERT(out.lcomm == in.lcomm);	/* untouched lists borrowed */
	T_EQ_INT(route_lcomm_add(&out, &lc), 0);
	T_EQ_INT(out.nlcomm, 2);
	T_EQ_INT(in.nlcomm, 1);
	/* again: the own buffer is reused, not reallocated */
	buf = out.comm_buf;
	T_EQ_INT(route_copy(&out, &in), 0);
	T_ASSERT(out.comm == in.comm);
	T_EQ_INT(route_comm_add(&out, COMM_MAKE(1, 4)), 0);
	T_ASSERT(out.comm == buf);
	T_EQ_INT(route_copy_own(&out, &in), 0);
	T_ASSERT(out.comm == out.comm_buf && out.lcomm == out.lcomm_buf);
	T_ASSERT(aspath_is_own(&out.aspath));
	T_ASSERT(route_eq(&out, &in));
	route_free(&out);
	route_free(&in);
}

int
main(void)
{
	test_comm();
	test_lcomm_ecomm();
	test_aspath_basic();
	test_aspath_long();
	test_aspath_borrow();
	test_aspath_lists();
	test_aspath_edit();
	test_regex();
	test_route_spec();
	test_route_cow();
	return T_DONE();
}
