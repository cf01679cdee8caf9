/*
 * diversity: the path-diversity figures of one prefix (diversity.h has
 * the definitions and the seed's edge cases).  Distinct values are
 * counted by sorting copies: a prefix has few paths, but a route server
 * may hand hundreds, so no quadratic comparison.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/diversity.h"
#include "core/bgp/locrib.h"

double
div_entropy(const size_t *counts, size_t ndistinct)
{
	double	 total = 0, h = 0, p, max;
	size_t	 i;

	for (i = 0; i < ndistinct; i++)
		total += (double)counts[i];
	if (total <= 0)
		return 0;
	for (i = 0; i < ndistinct; i++) {
		p = (double)counts[i] / total;
		if (p > 0)
			h -= p * log2(p);
	}
	/* the seed: log2(distinct) if more than one, else 1 */
	max = ndistinct > 1 ? log2((double)ndistinct) : 1;
	return max > 0 ? h / max : 0;
}

static int
path_cmp(const void *a, const void *b)
{
	const struct div_path	*x = *(const struct div_path *const *)a;
	const struct div_path	*y = *(const struct div_path *const *)b;
	size_t			 n;
	int			 c;

	n = x->aspath_len < y->aspath_len ? x->aspath_len : y->aspath_len;
	if (n > 0 && (c = memcmp(x->aspath, y->aspath, n)) != 0)
		return c;
	return x->aspath_len < y->aspath_len ? -1 :
	    x->aspath_len > y->aspath_len;
}

static int
same_path(const struct div_path *x, const struct div_path *y)
{
	return path_cmp(&x, &y) == 0;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Work arrays for n paths: on the stack up to DIV_STACK. */
struct div_work {
	const struct div_path	**pp;
	struct xaddr		 *nh;
	uint32_t		 *as;
	size_t			 *cnt;
	void			 *heap;
	const struct div_path	 *pp_s[DIV_STACK];
	struct xaddr		  nh_s[DIV_STACK];
	uint32_t		  as_s[DIV_STACK];
	size_t			  cnt_s[DIV_STACK];
};

static int
work_init(struct div_work *w, size_t n)
{
	char	*m;
	size_t	 one;

	w->heap = NULL;
	if (n <= DIV_STACK) {
		w->pp = w->pp_s;
		w->nh = w->nh_s;
		w->as = w->as_s;
		w->cnt = w->cnt_s;
		return 0;
	}
	/* one block, members by decreasing alignment: size_t, pointers,
	   uint32_t, then the byte-aligned addresses */
	one = sizeof(size_t) + sizeof(void *) + sizeof(uint32_t) +
	    sizeof(struct xaddr);
	if (n > SIZE_MAX / one || (m = malloc(n * one)) == NULL)
		return -1;
	w->heap = m;
	w->cnt = (size_t *)(void *)m;
	m += n * sizeof(size_t);
	w->pp = (const struct div_path **)(void *)m;
	m += n * sizeof(void *);
	w->as = (uint32_t *)(void *)m;
	m += n * sizeof(uint32_t);
	w->nh = (struct xaddr *)(void *)m;
	return 0;
}

static size_t
distinct_sorted(const void *base, size_t n, size_t size)
{
	const char	*b = base;
	size_t		 i, d;

	if (n == 0)
		return 0;
	for (d = 1, i = 1; i < n; i++)
		if (memcmp(b + (i - 1) * size, b + i * size, size) != 0)
			d++;
	return d;
}

int
div_compute(const struct div_path *v, size_t n, struct div_stat *st)
{
	struct div_work	 w;
	size_t		 i, d;

	memset(st, 0, sizeof(*st));
	st->paths = n;
	if (n == 0)
		return 0;
	if (work_init(&w, n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		w.pp[i] = &v[i];
		/* a whole copy: unused bytes of a v4 address compare too */
		memset(&w.nh[i], 0, sizeof(w.nh[i]));
		w.nh[i].af = v[i].nexthop.af;
		memcpy(w.nh[i].a, v[i].nexthop.a, sizeof(w.nh[i].a));
		w.as[i] = v[i].aspath_len > 0 ?
		    bgp_aspath_first(v[i].aspath, v[i].aspath_len) : 0;
	}
	qsort(w.nh, n, sizeof(*w.nh), addr_qcmp);
	st->nexthops = distinct_sorted(w.nh, n, sizeof(*w.nh));
	qsort(w.as, n, sizeof(*w.as), u32_cmp);
	st->neighbor_as = distinct_sorted(w.as, n, sizeof(*w.as));
	qsort(w.pp, n, sizeof(*w.pp), path_cmp);
	for (d = 0, i = 0; i < n; i++) {
		if (i == 0 || !same_path(w.pp[i - 1], w.pp[i]))
			w.cnt[d++] = 0;
		w.cnt[d - 1]++;
	}
	st->as_paths = d;
	st->entropy = div_entropy(w.cnt, d);
	free(w.heap);
	return 0;
}

int
div_entry(const struct locrib_entry *e, struct div_stat *st)
{
	struct div_path			 s[DIV_STACK], *v = s;
	const struct locrib_path	*p;
	size_t				 n, i;
	int				 rc;

	n = locrib_entry_npaths(e);
	if (n > DIV_STACK && (v = calloc(n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n && (p = locrib_entry_path(e, i)) != NULL; i++) {
		v[i].aspath = p->attrs->aspath;
		v[i].aspath_len = p->attrs->aspath != NULL ?
		    p->attrs->aspath_len : 0;
		v[i].nexthop = p->attrs->nexthop;
	}
	rc = div_compute(v, i, st);
	if (v != s)
		free(v);
	return rc;
}
