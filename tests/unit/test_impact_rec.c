/*
 * test_impact_rec: the commit-impact counters (core/bgp/impact_rec.c): nothing is
 * counted outside a window, rows per neighbor and family (the family's
 * best-path row first), the last-row shortcut keeps other rows apart,
 * end returns the rows and closes the window, begin starts from zero.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/impact_rec.h"
#include "tests/unit/t.h"

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	memset(&a, 0, sizeof(a));
	T_EQ_INT(addr_parse(s, &a), 0);
	return a;
}

int
main(void)
{
	struct bgp_impact_row	*v;
	struct xaddr		 a2 = A("127.0.0.2"), a3 = A("127.0.0.3");
	struct xaddr		 a6 = A("::2");
	size_t			 n;

	/* outside a window: nothing */
	impact_count(&a2, 0, BGP_IMP_DENIED, 1);
	T_EQ_INT(bgp_impact_active(), 0);
	T_EQ_INT(bgp_impact_end(&v, &n), 0);
	T_EQ_INT(n, 0);
	T_ASSERT(v == NULL);

	bgp_impact_begin();
	T_EQ_INT(bgp_impact_active(), 1);
	impact_count(&a3, 0, BGP_IMP_WITHDRAWN, 1);
	impact_count(&a2, 0, BGP_IMP_DENIED, 1);
	impact_count(&a2, 0, BGP_IMP_DENIED, 1);	/* the cached row */
	impact_count(&a2, 1, BGP_IMP_ACCEPTED, 1);	/* same peer, v6 */
	impact_count(&a3, 0, BGP_IMP_WITHDRAWN, 2);
	impact_count(NULL, 0, BGP_IMP_BEST, 3);
	impact_count(&a6, 1, BGP_IMP_CHANGED, 1);
	impact_count(&a2, 0, BGP_IMP_COUNT, 1);		/* ignored */
	impact_count(&a2, 0, BGP_IMP_ADVERTISED, 0);	/* nothing */
	T_ASSERT(bgp_impact_idle() < 1.0);
	T_EQ_INT(bgp_impact_end(&v, &n), 0);
	T_EQ_INT(bgp_impact_active(), 0);
	T_EQ_INT(n, 5);
	if (n == 5) {
		T_EQ_INT(v[0].addr.af, 0);
		T_EQ_INT(v[0].n[BGP_IMP_BEST], 3);
		T_EQ_INT(addr_cmp(&v[1].addr, &a2), 0);
		T_EQ_INT(v[1].afi, 0);
		T_EQ_INT(v[1].n[BGP_IMP_DENIED], 2);
		T_EQ_INT(v[1].n[BGP_IMP_ADVERTISED], 0);
		T_EQ_INT(v[2].afi, 1);
		T_EQ_INT(v[2].n[BGP_IMP_ACCEPTED], 1);
		T_EQ_INT(addr_cmp(&v[3].addr, &a3), 0);
		T_EQ_INT(v[3].n[BGP_IMP_WITHDRAWN], 3);
		T_EQ_INT(addr_cmp(&v[4].addr, &a6), 0);
		T_EQ_INT(v[4].n[BGP_IMP_CHANGED], 1);
	}
	free(v);

	/* a new window starts from zero */
	bgp_impact_begin();
	impact_count(&a2, 0, BGP_IMP_DENIED, 1);
	bgp_impact_begin();
	T_EQ_INT(bgp_impact_end(&v, &n), 0);
	T_EQ_INT(n, 0);
	free(v);
	return T_DONE();
}
