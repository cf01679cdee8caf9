/*
 * How the show bgp views print RPKI origin validation (issue 12): the
 * validation code column of the table view and its legend when
 * validation is on for the family (the layout without it unchanged),
 * the "Origin-AS validity" line of the detail view, the
 * origin_as_validity JSON key, and the state a row without a Loc-RIB
 * path gets from the ROA table (rfmt_rov_live).  The paths are built
 * here with their locrib_path.rov state set by hand, as the RIB sets it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "core/bgp/proto.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "tests/unit/t.h"

/* AS_SEQUENCE of n 4-byte ASes (type, count, ASes) */
static uint32_t
seq(uint8_t *buf, const uint32_t *as, size_t n, uint8_t type)
{
	size_t	 i;

	buf[0] = type;
	buf[1] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		buf[2 + 4 * i] = (uint8_t)(as[i] >> 24);
		buf[3 + 4 * i] = (uint8_t)(as[i] >> 16);
		buf[4 + 4 * i] = (uint8_t)(as[i] >> 8);
		buf[5 + 4 * i] = (uint8_t)as[i];
	}
	return (uint32_t)(2 + 4 * n);
}

static struct bgp_attrs	 at;
static uint8_t		 path[64];

static void
attrs_ebgp(const char *nh, uint32_t first, uint32_t origin)
{
	uint32_t	 as[2] = { first, origin };

	memset(&at, 0, sizeof(at));
	at.origin = BGP_ORIGIN_IGP;
	addr_parse(nh, &at.nexthop);
	at.aspath = path;
	at.aspath_len = seq(path, as, 2, BGP_AS_SEQUENCE);
}

static void
path_ebgp(struct rfmt_path *p, uint8_t rov)
{
	memset(p, 0, sizeof(*p));
	p->attrs = &at;
	p->has_src = 1;
	p->src.local = BGP_LOCAL_NONE;
	p->src.ebgp = 1;
	addr_parse("203.0.113.2", &p->src.peer_addr);
	p->src.peer_router_id = 0xcb007102;
	p->flags = LOCRIB_PATH_BEST;
	p->rov = rov;
}

static char *
row(const char *pfx, const struct rfmt_path *p, int afi, int rov)
{
	static char	 out[512];
	struct strbuf	 sb = STRBUF_INIT;
	struct xprefix	 x;

	if (pfx != NULL)
		prefix_parse(pfx, &x, 0);
	rfmt_table_row(&sb, pfx != NULL ? &x : NULL, afi, p, rov);
	strlcpy(out, sb.oom ? "" : sb_str(&sb), sizeof(out));
	sb_free(&sb);
	return out;
}

static void
test_rows(void)
{
	struct rfmt_path	 p;

	attrs_ebgp("203.0.113.2", 65002, 65001);
	/* off: the layout of today, column for column */
	path_ebgp(&p, LOCRIB_ROV_OFF);
	T_EQ_STR(row("192.0.2.0/24", &p, 0, 0),
	    "*> 192.0.2.0/24       203.0.113.2                   "
	    "         0 65002 65001 i\n");
	/* on: the code, then the same row one column to the right */
	path_ebgp(&p, LOCRIB_ROV_VALID);
	T_EQ_STR(row("192.0.2.0/24", &p, 0, 1),
	    "V*> 192.0.2.0/24       203.0.113.2                   "
	    "         0 65002 65001 i\n");
	path_ebgp(&p, LOCRIB_ROV_INVALID);
	T_EQ_STR(row("192.0.2.0/24", &p, 0, 1),
	    "I*> 192.0.2.0/24       203.0.113.2                   "
	    "         0 65002 65001 i\n");
	path_ebgp(&p, LOCRIB_ROV_NOT_FOUND);
	p.flags = 0;
	T_EQ_STR(row(NULL, &p, 0, 1),
	    "N*                     203.0.113.2                   "
	    "         0 65002 65001 i\n");
	/* a neighbor with validation disabled */
	path_ebgp(&p, LOCRIB_ROV_OFF);
	T_EQ_STR(row("192.0.2.0/24", &p, 0, 1),
	    "D*> 192.0.2.0/24       203.0.113.2                   "
	    "         0 65002 65001 i\n");
	T_EQ_INT(rfmt_rov_code(&p), 'D');
	/* a local path is never validated: blank, as XR's " *>" */
	p.src.local = BGP_LOCAL_NETWORK;
	p.src.ebgp = 0;
	T_EQ_INT(rfmt_rov_code(&p), ' ');
	T_EQ_INT(row("192.0.2.0/24", &p, 0, 1)[0], ' ');
	T_EQ_INT(row("192.0.2.0/24", &p, 0, 1)[1], '*');
	/* the wrapped columns keep their place too */
	attrs_ebgp("2001:db8:ffff::2", 65002, 65001);
	path_ebgp(&p, LOCRIB_ROV_VALID);
	T_EQ_STR(row("2001:db8:1234:5600::/56", &p, 1, 1),
	    "V*> 2001:db8:1234:5600::/56\n"
	    "                       2001:db8:ffff::2\n"
	    "                                      "	/* 38 */
	    "                        0 65002 65001 i\n");
	path_ebgp(&p, LOCRIB_ROV_OFF);
	T_EQ_STR(row("2001:db8:1234:5600::/56", &p, 1, 0),
	    "*> 2001:db8:1234:5600::/56\n"
	    "                      2001:db8:ffff::2\n"
	    "                                     "	/* 37 */
	    "                        0 65002 65001 i\n");
}

static void
test_head(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*s;

	rfmt_table_head(&sb, 0, 1, 0);
	s = sb_str(&sb);
	T_ASSERT(strstr(s, "Origin-AS") == NULL);
	T_ASSERT(strstr(s, "incomplete\n   Network            Next Hop  "
	    "          Metric LocPrf Weight Path\n") != NULL);
	sb_reset(&sb);
	rfmt_table_head(&sb, 0, 1, 1);
	s = sb_str(&sb);
	T_ASSERT(strstr(s, "Origin codes: i - IGP, e - EGP, ? - incomplete\n"
	    "Origin-AS validation codes: V valid, I invalid, N not-found, "
	    "D disabled\n"
	    "    Network            Next Hop            Metric LocPrf "
	    "Weight Path\n") != NULL);
	sb_free(&sb);
}

static void
test_detail(void)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct rfmt_path	 p;
	const char		*s, *rcv, *val;

	attrs_ebgp("203.0.113.2", 65002, 65001);
	path_ebgp(&p, LOCRIB_ROV_INVALID);
	rfmt_detail_path(&sb, 0, 1, &p, NULL, 0);
	s = sb_str(&sb);
	rcv = strstr(s, "      Received Path ID ");
	val = strstr(s, "\n      Origin-AS validity: invalid\n");
	T_ASSERT(rcv != NULL && val != NULL && rcv < val);
	sb_reset(&sb);
	path_ebgp(&p, LOCRIB_ROV_VALID);
	rfmt_detail_path(&sb, 0, 1, &p, NULL, 0);
	T_ASSERT(strstr(sb_str(&sb), "      Origin-AS validity: valid\n") !=
	    NULL);
	sb_reset(&sb);
	path_ebgp(&p, LOCRIB_ROV_NOT_FOUND);
	rfmt_detail_path(&sb, 0, 1, &p, NULL, 0);
	T_ASSERT(strstr(sb_str(&sb), "      Origin-AS validity: not-found\n")
	    != NULL);
	/* off: XR's "(disabled)" for an eBGP path, nothing for a local one */
	sb_reset(&sb);
	path_ebgp(&p, LOCRIB_ROV_OFF);
	rfmt_detail_path(&sb, 0, 1, &p, NULL, 0);
	T_ASSERT(strstr(sb_str(&sb), "      Origin-AS validity: (disabled)\n")
	    != NULL);
	sb_reset(&sb);
	p.src.local = BGP_LOCAL_NETWORK;
	p.src.ebgp = 0;
	rfmt_detail_path(&sb, 0, 1, &p, NULL, 0);
	T_ASSERT(strstr(sb_str(&sb), "Origin-AS validity") == NULL);
	sb_free(&sb);
}

static void
test_json(void)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct rfmt_path	 p;
	static const uint8_t	 st[] = { LOCRIB_ROV_OFF, LOCRIB_ROV_VALID,
				    LOCRIB_ROV_INVALID, LOCRIB_ROV_NOT_FOUND };
	static const char *const want[] = {
		"\"origin_as_validity\":\"disabled\"",
		"\"origin_as_validity\":\"valid\"",
		"\"origin_as_validity\":\"invalid\"",
		"\"origin_as_validity\":\"not-found\"" };
	size_t			 i;

	attrs_ebgp("203.0.113.2", 65002, 65001);
	for (i = 0; i < 4; i++) {
		sb_reset(&sb);
		path_ebgp(&p, st[i]);
		json_init(&j, &sb);
		rfmt_path_json(&j, 0, &p);
		json_end(&j);
		T_ASSERT(strstr(sb_str(&sb), want[i]) != NULL);
	}
	sb_free(&sb);
}

static uint8_t
live(const char *pfx, const uint32_t *as, size_t n, uint8_t type)
{
	struct xprefix	 x;

	prefix_parse(pfx, &x, 0);
	memset(&at, 0, sizeof(at));
	at.aspath = n > 0 ? path : NULL;
	at.aspath_len = n > 0 ? seq(path, as, n, type) : 0;
	return rfmt_rov_live(&x, &at);
}

static void
test_live(void)
{
	struct xprefix	 x;
	uint32_t	 good[] = { 65002, 65001 }, bad[] = { 65002, 65003 };
	uint32_t	 set[] = { 65001 };

	/* no table (the engine did not start): not-found */
	bgp_roa = NULL;
	T_EQ_INT(live("192.0.2.0/24", good, 2, BGP_AS_SEQUENCE),
	    LOCRIB_ROV_NOT_FOUND);
	bgp_roa = roa_table_new();
	T_ASSERT(bgp_roa != NULL);
	prefix_parse("192.0.2.0/24", &x, 0);
	T_EQ_INT(roa_add(bgp_roa, &x, 24, 65001, ROA_SRC_STATIC), 1);
	T_EQ_INT(live("192.0.2.0/24", good, 2, BGP_AS_SEQUENCE),
	    LOCRIB_ROV_VALID);
	/* wrong origin, too specific, an AS_SET origin */
	T_EQ_INT(live("192.0.2.0/24", bad, 2, BGP_AS_SEQUENCE),
	    LOCRIB_ROV_INVALID);
	T_EQ_INT(live("192.0.2.0/25", good, 2, BGP_AS_SEQUENCE),
	    LOCRIB_ROV_INVALID);
	T_EQ_INT(live("192.0.2.0/24", set, 1, BGP_AS_SET),
	    LOCRIB_ROV_INVALID);
	T_EQ_INT(live("198.51.100.0/24", good, 2, BGP_AS_SEQUENCE),
	    LOCRIB_ROV_NOT_FOUND);
	roa_table_free(bgp_roa);
	bgp_roa = NULL;
	T_EQ_INT(rov_from_rpki(RPKI_VALID), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_from_rpki(RPKI_INVALID), LOCRIB_ROV_INVALID);
	T_EQ_INT(rov_from_rpki(RPKI_NOT_FOUND), LOCRIB_ROV_NOT_FOUND);
	T_EQ_STR(rfmt_rov_word(LOCRIB_ROV_OFF), "disabled");
}

int
main(void)
{
	test_rows();
	test_head();
	test_detail();
	test_json();
	test_live();
	return T_DONE();
}
