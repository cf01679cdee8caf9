/*
 * test_diversity: the path-diversity figures (core/bgp/diversity.h)
 * against values computed by hand from seed 000's
 * calculate_as_path_diversity():
 *   1 path                       H = 0, max = 1 (one distinct)     -> 0
 *   2 paths, same AS path        H = 0, max = 1                   -> 0
 *   2 paths, different           H = 1, max = log2 2 = 1          -> 1
 *   3 paths, 2 the same          H = -(2/3)log2(2/3) - (1/3)log2(1/3)
 *                                  = log2 3 - 2/3 = 0.9182958340,
 *                                max = log2 2 = 1                 -> 0.9182958340
 *   4 paths as 2+1+1             H = 1.5, max = log2 3 = 1.5849625007
 *                                                                 -> 0.9463946304
 *   no path                                                       -> 0
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/diversity.h"
#include "tests/unit/t.h"

#define NEAR(a, b)	(fabs((a) - (b)) < 1e-9)

/* An AS path in 4-octet wire form: segments given as type, count,
   ASNs..., ended by 0. */
static size_t
mkpath(uint8_t *out, const uint32_t *spec)
{
	size_t	 off = 0, i;
	uint32_t n;

	while (*spec != 0) {
		out[off++] = (uint8_t)*spec++;
		n = *spec++;
		out[off++] = (uint8_t)n;
		for (i = 0; i < n; i++, spec++) {
			out[off++] = (uint8_t)(*spec >> 24);
			out[off++] = (uint8_t)(*spec >> 16);
			out[off++] = (uint8_t)(*spec >> 8);
			out[off++] = (uint8_t)*spec;
		}
	}
	return off;
}

static uint8_t	 buf[16][64];

static void
setp(struct div_path *p, int slot, const uint32_t *spec, const char *nh)
{
	memset(p, 0, sizeof(*p));
	p->aspath_len = mkpath(buf[slot], spec);
	p->aspath = p->aspath_len > 0 ? buf[slot] : NULL;
	if (nh != NULL)
		addr_parse(nh, &p->nexthop);
}

#define SEQ	2
#define SET	1
#define CSEQ	3

static void
test_entropy_hand(void)
{
	size_t	 c1[] = { 1 }, c2s[] = { 2 }, c2d[] = { 1, 1 };
	size_t	 c3[] = { 2, 1 }, c4[] = { 2, 1, 1 }, c0[] = { 0 };

	T_ASSERT(NEAR(div_entropy(c1, 1), 0));
	T_ASSERT(NEAR(div_entropy(c2s, 1), 0));
	T_ASSERT(NEAR(div_entropy(c2d, 2), 1));
	T_ASSERT(NEAR(div_entropy(c3, 2), 0.9182958340544896));
	T_ASSERT(NEAR(div_entropy(c4, 3), 0.9463946303571863));
	T_ASSERT(NEAR(div_entropy(c0, 1), 0));
	T_ASSERT(NEAR(div_entropy(NULL, 0), 0));
}

static void
test_one_path(void)
{
	static const uint32_t	 a[] = { SEQ, 2, 65001, 65002, 0 };
	struct div_path		 v[1];
	struct div_stat		 s;

	setp(&v[0], 0, a, "10.0.0.1");
	T_EQ_INT(div_compute(v, 1, &s), 0);
	T_EQ_INT(s.paths, 1);
	T_EQ_INT(s.nexthops, 1);
	T_EQ_INT(s.neighbor_as, 1);
	T_EQ_INT(s.as_paths, 1);
	T_ASSERT(NEAR(s.entropy, 0));
	T_EQ_INT(div_compute(v, 0, &s), 0);
	T_EQ_INT(s.paths, 0);
	T_ASSERT(NEAR(s.entropy, 0));
}

static void
test_two_equal(void)
{
	static const uint32_t	 a[] = { SEQ, 2, 65001, 65009, 0 };
	struct div_path		 v[2];
	struct div_stat		 s;

	/* the same AS path by two next hops (two sessions to AS 65001) */
	setp(&v[0], 0, a, "10.0.0.1");
	setp(&v[1], 1, a, "10.0.0.2");
	T_EQ_INT(div_compute(v, 2, &s), 0);
	T_EQ_INT(s.paths, 2);
	T_EQ_INT(s.nexthops, 2);
	T_EQ_INT(s.neighbor_as, 1);
	T_EQ_INT(s.as_paths, 1);
	T_ASSERT(NEAR(s.entropy, 0));
}

static void
test_two_different(void)
{
	static const uint32_t	 a[] = { SEQ, 2, 65001, 65009, 0 };
	static const uint32_t	 b[] = { SEQ, 2, 65002, 65009, 0 };
	struct div_path		 v[2];
	struct div_stat		 s;

	setp(&v[0], 0, a, "10.0.0.1");
	setp(&v[1], 1, b, "10.0.0.1");	/* same next hop: 1 */
	T_EQ_INT(div_compute(v, 2, &s), 0);
	T_EQ_INT(s.nexthops, 1);
	T_EQ_INT(s.neighbor_as, 2);
	T_EQ_INT(s.as_paths, 2);
	T_ASSERT(NEAR(s.entropy, 1));
}

static void
test_three_two_same(void)
{
	static const uint32_t	 a[] = { SEQ, 2, 65001, 65009, 0 };
	static const uint32_t	 b[] = { SEQ, 2, 4200000001u, 65009, 0 };
	struct div_path		 v[3];
	struct div_stat		 s;

	setp(&v[0], 0, a, "10.0.0.1");
	setp(&v[1], 1, b, "10.0.0.2");
	setp(&v[2], 2, a, "10.0.0.3");
	T_EQ_INT(div_compute(v, 3, &s), 0);
	T_EQ_INT(s.paths, 3);
	T_EQ_INT(s.nexthops, 3);
	T_EQ_INT(s.neighbor_as, 2);	/* 65001 and a 4-byte AS */
	T_EQ_INT(s.as_paths, 2);
	T_ASSERT(NEAR(s.entropy, 0.9182958340544896));
}

/* prepends and sets make other paths; confederation segments and a
   leading set are not the neighbor AS; an empty path is AS 0 */
static void
test_segments(void)
{
	static const uint32_t	 plain[] = { SEQ, 2, 65001, 65009, 0 };
	static const uint32_t	 prep[] = { SEQ, 3, 65001, 65001, 65009, 0 };
	static const uint32_t	 set[] = { SEQ, 1, 65001, SET, 1, 65009, 0 };
	static const uint32_t	 conf[] = { CSEQ, 1, 64512, SEQ, 2, 65001,
				    65009, 0 };
	static const uint32_t	 empty[] = { 0 };
	struct div_path		 v[5];
	struct div_stat		 s;

	setp(&v[0], 0, plain, "10.0.0.1");
	setp(&v[1], 1, prep, "10.0.0.1");
	setp(&v[2], 2, set, "10.0.0.1");
	setp(&v[3], 3, conf, "10.0.0.1");
	T_EQ_INT(div_compute(v, 4, &s), 0);
	T_EQ_INT(s.as_paths, 4);
	T_EQ_INT(s.neighbor_as, 1);	/* 65001 for all four */
	T_ASSERT(NEAR(s.entropy, 1));
	setp(&v[4], 4, empty, NULL);	/* local: no next hop, AS 0 */
	T_EQ_INT(div_compute(v, 5, &s), 0);
	T_EQ_INT(s.neighbor_as, 2);
	T_EQ_INT(s.nexthops, 2);
	T_EQ_INT(s.as_paths, 5);
}

/* more paths than the stack arrays hold */
static void
test_many(void)
{
	struct div_path	*v;
	struct div_stat	 s;
	uint8_t		*paths;
	size_t		 i, n = 3 * DIV_STACK;

	v = calloc(n, sizeof(*v));
	paths = calloc(n, 6);
	T_ASSERT(v != NULL && paths != NULL);
	if (v == NULL || paths == NULL)
		return;
	for (i = 0; i < n; i++) {
		/* AS 65000 + i/2: pairs share a path and a neighbor AS */
		uint32_t as = 65000 + (uint32_t)(i / 2);

		paths[i * 6] = SEQ;
		paths[i * 6 + 1] = 1;
		paths[i * 6 + 2] = (uint8_t)(as >> 24);
		paths[i * 6 + 3] = (uint8_t)(as >> 16);
		paths[i * 6 + 4] = (uint8_t)(as >> 8);
		paths[i * 6 + 5] = (uint8_t)as;
		v[i].aspath = &paths[i * 6];
		v[i].aspath_len = 6;
		v[i].nexthop.af = AF_V4;
		v[i].nexthop.a[0] = 10;
		v[i].nexthop.a[3] = (uint8_t)i;
	}
	T_EQ_INT(div_compute(v, n, &s), 0);
	T_EQ_INT(s.paths, n);
	T_EQ_INT(s.nexthops, n);
	T_EQ_INT(s.neighbor_as, n / 2);
	T_EQ_INT(s.as_paths, n / 2);
	/* n/2 groups of 2: uniform, so H = log2(n/2) = max */
	T_ASSERT(NEAR(s.entropy, 1));
	free(v);
	free(paths);
}

int
main(void)
{
	test_entropy_hand();
	test_one_path();
	test_two_equal();
	test_two_different();
	test_three_two_same();
	test_segments();
	test_many();
	return T_DONE();
}
