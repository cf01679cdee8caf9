/*
 * bench_rt: the RIB with a full BGP table: N IPv4 /24s from two eBGP
 * peers' next hops resolved through a static route, then the static
 * moved to another link (every route re-resolved) and back, and the
 * table emptied.  Prints the time of each step and the heap the table
 * holds per route.  ./bench/bench_rt [-n N]
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/rt/rt.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
heap(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static size_t	 changes;

static void
count(const struct xprefix *p, const struct rt_sel *o, const struct rt_sel *n,
    void *arg)
{
	(void)p;
	(void)o;
	(void)n;
	(void)arg;
	changes++;
}

static struct rt_path
one(enum rt_src src, uint8_t d, const char *gw, int ifindex)
{
	struct rt_path	 p;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.distance = d;
	p.nnh = 1;
	if (gw != NULL && addr_parse(gw, &p.nh[0].gw) == -1)
		abort();
	p.nh[0].ifindex = ifindex;
	return p;
}

int
main(int argc, char **argv)
{
	struct xprefix	 x;
	struct rt_path	 p[2], s;
	size_t		 n = 1000000, i, h0, c[RT_SRC_COUNT];
	double		 t;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:")) != -1)
		if (ch == 'n')
			n = strtoul(optarg, NULL, 10);
	if (rt_init() == -1 || rt_subscribe(count, NULL) == -1)
		return 1;
	prefix_parse("198.18.1.0/24", &x, 0);
	s = one(RT_SRC_CONNECTED, 0, NULL, 3);
	rt_put(&x, &s);
	prefix_parse("198.18.2.0/24", &x, 0);
	s = one(RT_SRC_CONNECTED, 0, NULL, 4);
	rt_put(&x, &s);
	prefix_parse("10.0.0.0/8", &x, 0);
	s = one(RT_SRC_STATIC, 1, "198.18.1.1", 0);
	rt_put(&x, &s);
	p[0] = one(RT_SRC_BGP, 20, "10.0.0.1", 0);
	p[1] = one(RT_SRC_BGP, 20, "10.0.0.2", 0);
	h0 = heap();
	t = now();
	memset(&x, 0, sizeof(x));
	x.addr.af = AF_V4;
	x.len = 24;
	for (i = 0; i < n; i++) {
		uint32_t	 a = (uint32_t)(0x0b000000u + (i << 8));

		x.addr.a[0] = (uint8_t)(a >> 24);
		x.addr.a[1] = (uint8_t)(a >> 16);
		x.addr.a[2] = (uint8_t)(a >> 8);
		if (rt_put(&x, &p[i & 1]) == -1)
			return 1;
	}
	printf("put %zu routes: %.3f s, %.1f bytes/route\n", n, now() - t,
	    (double)(heap() - h0) / (double)n);
	rt_counts(AF_V4, c);
	printf("selected bgp %zu\n", c[RT_SRC_BGP]);
	changes = 0;
	prefix_parse("10.0.0.0/8", &x, 0);
	s = one(RT_SRC_STATIC, 1, "198.18.2.1", 0);
	t = now();
	rt_put(&x, &s);
	printf("static moved: %.3f s, %zu changes\n", now() - t, changes);
	changes = 0;
	t = now();
	rt_del(&x, RT_SRC_STATIC, 1);
	printf("static gone: %.3f s, %zu changes\n", now() - t, changes);
	t = now();
	rt_del_src(RT_SRC_BGP);
	printf("bgp withdrawn: %.3f s\n", now() - t);
	rt_free();
	return 0;
}
