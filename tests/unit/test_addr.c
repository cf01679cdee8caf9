/*
 * Unit tests for core/addr.c.
 */
#include "core/lib/addr.h"
#include "tests/unit/t.h"

int
main(void)
{
	struct xprefix	 p, q;
	uint32_t	 asn;
	char		 buf[PREFIX_STRLEN];

	T_EQ_INT(prefix_parse("10.0.0.0/8", &p, 0), 0);
	prefix_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "10.0.0.0/8");
	T_EQ_INT(prefix_parse("10.0.0.0/33", &p, 0), -1);
	T_EQ_INT(prefix_parse("10.0.0.0", &p, 0), -1);
	T_EQ_INT(prefix_parse("10.0.0.1", &p, 1), 0);
	T_EQ_INT(p.len, 32);
	T_EQ_INT(prefix_parse("2001:DB8::/32", &p, 0), 0);
	prefix_format(&p, buf, sizeof(buf));
	T_EQ_STR(buf, "2001:db8::/32");
	T_EQ_INT(prefix_parse("2001:db8::/129", &p, 0), -1);
	T_EQ_INT(prefix_parse("10.1.0.0/8", &p, 0), 0);
	T_ASSERT(prefix_has_host_bits(&p));
	prefix_mask(&p);
	T_ASSERT(!prefix_has_host_bits(&p));
	T_EQ_INT(prefix_parse("10.1.2.0/24", &q, 0), 0);
	T_ASSERT(prefix_contains(&p, &q));
	T_ASSERT(!prefix_contains(&q, &p));

	T_EQ_INT(asn_parse("65001", &asn), 0);
	T_EQ_INT(asn, 65001);
	T_EQ_INT(asn_parse("1.10", &asn), 0);
	T_EQ_INT(asn, 65546);
	T_EQ_INT(asn_parse("0", &asn), -1);
	T_EQ_INT(asn_parse("4294967296", &asn), -1);
	T_EQ_INT(asn_parse("65536.1", &asn), -1);
	T_EQ_INT(asn_parse("12a", &asn), -1);
	asn_format_asdot(65546, buf, sizeof(buf));
	T_EQ_STR(buf, "1.10");
	T_ASSERT(asn_is_private(64512));
	T_ASSERT(!asn_is_private(1299));
	return T_DONE();
}
