/*
 * test_adjrib: the Adj-RIB-In store: add/replace/remove/count/clear,
 * iteration order, stale marks, and that every attribute reference it
 * takes is given back.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/adjrib.h"
#include "t.h"

static struct xprefix
pfx(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 0) == -1)
		memset(&p, 0, sizeof(p));
	return p;
}

static int
collect(const struct xprefix *p, const struct bgp_attrs *a, unsigned flags,
    void *arg)
{
	char	*out = arg;
	char	 buf[PREFIX_STRLEN];

	(void)a;
	prefix_format(p, buf, sizeof(buf));
	strcat(out, buf);
	strcat(out, (flags & ADJRIB_STALE) ? "* " : " ");
	return 0;
}

int
main(void)
{
	struct adjrib		 r;
	struct bgp_attrs	*a, *b;
	struct xprefix		 p1 = pfx("10.0.0.0/8"), p2 = pfx("10.1.0.0/16");
	struct xprefix		 p3 = pfx("2001:db8::/32"), p4 = pfx("10.0.0.0/9");
	char			 out[256];

	adjrib_init(&r);
	a = bgp_attrs_new();
	b = bgp_attrs_new();
	T_ASSERT(a != NULL && b != NULL);
	T_EQ_INT(adjrib_add(&r, &p1, bgp_attrs_ref(a)), 1);
	T_EQ_INT(adjrib_add(&r, &p2, bgp_attrs_ref(a)), 1);
	T_EQ_INT(adjrib_add(&r, &p3, bgp_attrs_ref(a)), 1);
	T_EQ_INT(a->refcnt, 4);
	T_EQ_INT(adjrib_count(&r), 3);
	/* replace: the old reference goes back */
	T_EQ_INT(adjrib_add(&r, &p2, bgp_attrs_ref(b)), 0);
	T_EQ_INT(a->refcnt, 3);
	T_EQ_INT(b->refcnt, 2);
	T_ASSERT(adjrib_get(&r, &p2) == b);
	T_ASSERT(adjrib_get(&r, &p4) == NULL);
	T_EQ_INT(adjrib_count(&r), 3);
	T_EQ_INT(adjrib_remove(&r, &p4), 0);
	T_EQ_INT(adjrib_remove(&r, &p1), 1);
	T_EQ_INT(a->refcnt, 2);
	T_EQ_INT(adjrib_count(&r), 2);
	T_EQ_INT(adjrib_add(&r, &p4, bgp_attrs_ref(a)), 1);
	T_EQ_INT(adjrib_add(&r, &p1, bgp_attrs_ref(a)), 1);
	out[0] = '\0';
	adjrib_foreach(&r, collect, out);
	T_EQ_STR(out, "10.0.0.0/8 10.0.0.0/9 10.1.0.0/16 2001:db8::/32 ");

	/* stale: marked, refreshed ones unmarked, the rest swept */
	adjrib_mark_stale(&r);
	T_EQ_INT(adjrib_stale_count(&r), 4);
	T_EQ_INT(adjrib_add(&r, &p2, bgp_attrs_ref(a)), 0);
	T_EQ_INT(adjrib_stale_count(&r), 3);
	T_EQ_INT(adjrib_remove(&r, &p3), 1);
	T_EQ_INT(adjrib_stale_count(&r), 2);
	out[0] = '\0';
	adjrib_foreach(&r, collect, out);
	T_EQ_STR(out, "10.0.0.0/8* 10.0.0.0/9* 10.1.0.0/16 ");
	T_EQ_INT(adjrib_sweep_stale(&r), 2);
	T_EQ_INT(adjrib_count(&r), 1);
	T_EQ_INT(adjrib_stale_count(&r), 0);
	T_EQ_INT(adjrib_sweep_stale(&r), 0);

	adjrib_clear(&r);
	T_EQ_INT(adjrib_count(&r), 0);
	T_EQ_INT(a->refcnt, 1);
	T_EQ_INT(b->refcnt, 1);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
	return T_DONE();
}
