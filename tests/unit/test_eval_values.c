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

static struct aspath
AP(const char *s)
{
	struct aspath	 p;
	char		 err[64];

	if (aspath_parse(s, &p, err, sizeof(err)) == -1)
		abort();
	return p;
}

static void
test_aspath_basic(void)
{
	struct aspath	 p;
	char		 buf[ASPATH_STRLEN], err[64];

	p = AP("174 1299 {3356,2914} (65010 65011)");
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "174 1299 {3356,2914} (65010 65011)");
	T_EQ_INT(aspath_length(&p, 0), 3);	/* set counts 1, confed 0 */
	T_EQ_INT(aspath_length(&p, 1), 5);
	T_EQ_INT(aspath_first(&p), 174);
	T_EQ_INT(aspath_last(&p), 2914);	/* last member of the set */

	p = AP("65001 65001 65001 1299 4200000001");
	T_EQ_INT(aspath_length(&p, 0), 5);
	T_EQ_INT(aspath_unique_length(&p, 0), 3);
	T_EQ_INT(aspath_last(&p), 4200000001u);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "65001 65001 65001 1299 4200000001");

	p = AP("");
	T_EQ_INT(aspath_is_local(&p), 1);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "");
	/* asdot input, asplain output */
	p = AP("1.10");
	T_EQ_INT(p.as[0], 65546);

	T_EQ_INT(aspath_parse("1 x 3", &p, err, sizeof(err)), -1);
	T_EQ_STR(err, "invalid AS number 'x'");
	T_EQ_INT(aspath_parse("1 {2", &p, err, sizeof(err)), -1);
	T_EQ_INT(aspath_parse("4294967296", &p, err, sizeof(err)), -1);
}

static void
test_aspath_lists(void)
{
	struct aspath	 p = AP("1 1 2 3 3 4");
	struct asrange	 l12[] = { { 1, 1 }, { 2, 2 } };
	struct asrange	 l34[] = { { 3, 3 }, { 4, 4 } };
	struct asrange	 l23[] = { { 2, 2 }, { 3, 3 } };
	struct asrange	 lr[] = { { 2, 3 }, { 3, 10 } };
	struct asrange	 l1[] = { { 1, 1 } };

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
	p = AP("5 6");
	T_EQ_INT(aspath_passes_through(&p, l23, 2, 0), 0);
	T_EQ_INT(aspath_neighbor_is(&p, l12, 2, 0), 0);
	p = AP("");
	T_EQ_INT(aspath_neighbor_is(&p, l1, 1, 0), 0);
}

static void
test_aspath_edit(void)
{
	struct aspath	 p = AP("1299 3356");
	char		 buf[ASPATH_STRLEN];

	T_EQ_INT(aspath_prepend(&p, 65001, 3), 0);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "65001 65001 65001 1299 3356");
	p = AP("{1,2}");
	T_EQ_INT(aspath_prepend(&p, 7, 1), 0);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "7 {1,2}");
	p = AP("1");
	T_EQ_INT(aspath_prepend(&p, 2, ASPATH_MAX), -1);	/* full */

	p = AP("64512 65000 1299 64999");
	T_EQ_INT(aspath_remove_private(&p, 0), 1);
	aspath_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "1299 64999");	/* only the leading ones */
	T_EQ_INT(aspath_remove_private(&p, 0), 0);
	p = AP("64512 65000 1299");
	T_EQ_INT(aspath_remove_private(&p, 1), 0);	/* not all private */
	p = AP("64512 4200000000");
	T_EQ_INT(aspath_remove_private(&p, 1), 1);
	T_EQ_INT(p.nas, 0);
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
	T_EQ_STR(err, "extcommunity needs rt or soo");
	sb_puts(&sb, "prefix 10.0.0.0/8 community");
	for (i = 1; i <= ROUTE_COMM_MAX + 1; i++)
		sb_printf(&sb, " 1:%d", i);
	T_EQ_INT(route_spec_parse(sb_str(&sb), 0, &r, err, sizeof(err)), -1);
	T_EQ_STR(err, "too many communities");
	sb_free(&sb);
}

int
main(void)
{
	test_comm();
	test_lcomm_ecomm();
	test_aspath_basic();
	test_aspath_lists();
	test_aspath_edit();
	test_regex();
	test_route_spec();
	return T_DONE();
}
