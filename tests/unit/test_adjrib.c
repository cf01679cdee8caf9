/*
 * test_adjrib: the Adj-RIB-In store: add/replace/remove/count/clear,
 * iteration order, stale marks, and that every attribute reference it
 * takes is given back; the walk within a prefix (its own stack, see
 * within_from) from the start and resumed after any entry is the tree's
 * order.
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

#define NSEEN	4096

struct seen {
	struct xprefix	 p[NSEEN];
	uint32_t	 pid[NSEEN];
	size_t		 n;
};

static int
seen_one(const struct xprefix *p, uint32_t pid, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	struct seen	*s = arg;

	(void)a;
	(void)flags;
	if (s->n < NSEEN) {
		s->p[s->n] = *p;
		s->pid[s->n] = pid;
	}
	s->n++;
	return 0;
}

/* 3,000 paths added in a scrambled order: the walk within 10/8, from the
   start and after each entry, is the order of adjrib_foreach_pid */
static void
walk_order(struct bgp_attrs *a)
{
	static struct seen	 all, part, ref;
	struct adjrib		 r;
	struct xprefix		 p, within = pfx("10.0.0.0/8");
	size_t			 i, k, bad = 0;
	uint32_t		 x;

	adjrib_init(&r);
	for (i = 0; i < 3000; i++) {
		x = (uint32_t)((i * 7919u) % 3000u);
		memset(&p, 0, sizeof(p));
		p.addr.af = AF_V4;
		p.len = (uint8_t)(x % 5 == 0 ? 16 : 24);
		p.addr.a[0] = 10;
		p.addr.a[1] = (uint8_t)(x / 200);
		p.addr.a[2] = p.len == 16 ? 0 : (uint8_t)(x % 200);
		(void)adjrib_add_pid(&r, &p, x % 3, bgp_attrs_ref(a));
	}
	p = pfx("11.0.0.0/8");		/* outside: never walked */
	(void)adjrib_add(&r, &p, bgp_attrs_ref(a));
	adjrib_foreach_pid(&r, seen_one, &ref);
	T_ASSERT(ref.n > 1000 && ref.n < NSEEN);
	(void)adjrib_foreach_within(&r, &within, seen_one, &all);
	T_EQ_INT(all.n, ref.n - 1);
	for (i = 0; i < all.n && i < ref.n; i++)
		if (prefix_cmp(&all.p[i], &ref.p[i]) != 0 ||
		    all.pid[i] != ref.pid[i])
			bad++;
	T_EQ_INT(bad, 0);
	for (k = 0; k + 1 < all.n; k += 37) {
		part.n = 0;
		(void)adjrib_foreach_within_after(&r, &within, &all.p[k],
		    all.pid[k], seen_one, &part);
		if (part.n != all.n - k - 1) {
			bad++;
			continue;
		}
		for (i = 0; i < part.n; i++)
			if (prefix_cmp(&part.p[i], &all.p[k + 1 + i]) != 0 ||
			    part.pid[i] != all.pid[k + 1 + i])
				bad++;
	}
	T_EQ_INT(bad, 0);
	adjrib_clear(&r);
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
	walk_order(a);
	T_EQ_INT(a->refcnt, 1);
	T_EQ_INT(b->refcnt, 1);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
	return T_DONE();
}
