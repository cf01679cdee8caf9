/*
 * bench_rt_fib: N BGP-like routes through the RIB (core/rt) and the FIB
 * glue (core/rt/rt_fib.c) into the kernel: rt_put of each, the selection
 * changes queued by prefix, one flush at the end of the loop turn.  Run
 * it inside a network namespace (bench/fib/run.sh makes one).
 *
 *   bench_rt_fib -i IFNAME -a ADDRESS/LEN -g GATEWAY [-n N]
 *
 * The connected route of ADDRESS/LEN on IFNAME is offered as the
 * interface table would; the routes, 10.0.0.0/28, 10.0.0.16/28, ..., are
 * eBGP paths via GATEWAY (resolved through it), then via GATEWAY + 1.
 */
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/config/fib_cfg.h"
#include "core/lib/loop.h"
#include "core/rt/rt.h"
#include "core/rt/rt_fib.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
put_all(size_t n, const struct xaddr *gw)
{
	struct xprefix	 p;
	struct rt_path	 path;
	uint32_t	 a;
	size_t		 i;

	memset(&path, 0, sizeof(path));
	path.src = RT_SRC_BGP;
	path.distance = RT_DIST_EBGP;
	path.peer_as = 64501;
	path.nnh = 1;
	path.nh[0].gw = *gw;
	memset(&p, 0, sizeof(p));
	p.addr.af = AF_V4;
	p.len = 28;
	for (i = 0; i < n; i++) {
		a = (10u << 24) + (uint32_t)i * 16;
		p.addr.a[0] = a >> 24;
		p.addr.a[1] = (a >> 16) & 0xff;
		p.addr.a[2] = (a >> 8) & 0xff;
		p.addr.a[3] = a & 0xff;
		if (rt_put(&p, &path) == -1)
			return -1;
	}
	return 0;
}

static void
phase(const char *what, size_t n, const struct xaddr *gw)
{
	struct rt_fib_status	 s0, s;
	double			 t0, t1, t2;

	rt_fib_status(&s0);
	t0 = now();
	if (put_all(n, gw) == -1) {
		fprintf(stderr, "bench_rt_fib: out of memory\n");
		exit(1);
	}
	t1 = now();
	/* the end of the loop turn: the glue's 0-second timer flushes */
	loop_run_once(0);
	rt_fib_sync();
	t2 = now();
	rt_fib_status(&s);
	printf("%s %zu routes: %.3f s (rt_put %.3f s, kernel %.3f s; "
	    "%.0f routes/s, %llu batches, %llu errors, %llu in the kernel)\n",
	    what, n, t2 - t0, t1 - t0, t2 - t1, (double)n / (t2 - t0),
	    (unsigned long long)(s.st.batches - s0.st.batches),
	    (unsigned long long)(s.st.errors - s0.st.errors),
	    (unsigned long long)s.st.installed);
}

int
main(int argc, char **argv)
{
	struct fib_cfg		 cfg;
	struct xprefix		 net;
	struct rt_path		 conn;
	struct xaddr		 gw, gw2;
	const char		*ifname = NULL, *nets = NULL, *gws = NULL;
	size_t			 n = 100000;
	int			 c, ifindex;
	double			 t0;

	while ((c = getopt(argc, argv, "i:a:g:n:")) != -1)
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'a':
			nets = optarg;
			break;
		case 'g':
			gws = optarg;
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	if (ifname == NULL || nets == NULL || gws == NULL || n == 0 ||
	    n > (1u << 20) || prefix_parse(nets, &net, 0) != 0 ||
	    addr_parse_v4(gws, &gw) != 0)
		goto usage;
	if ((ifindex = (int)if_nametoindex(ifname)) == 0) {
		fprintf(stderr, "bench_rt_fib: no interface %s\n", ifname);
		return 1;
	}
	gw2 = gw;
	gw2.a[3]++;
	if (rt_init() == -1)
		return 1;
	prefix_mask(&net);
	memset(&conn, 0, sizeof(conn));
	conn.src = RT_SRC_CONNECTED;
	conn.distance = RT_DIST_CONNECTED;
	conn.nnh = 1;
	conn.nh[0].ifindex = ifindex;
	if (rt_put(&net, &conn) == -1)
		return 1;
	memset(&cfg, 0, sizeof(cfg));
	rt_fib_apply(&cfg, 0);

	phase("install", n, &gw);
	phase("change", n, &gw2);
	t0 = now();
	rt_fib_stop();
	printf("remove %zu routes: %.3f s\n", n, now() - t0);
	rt_free();
	return 0;
usage:
	fprintf(stderr, "usage: bench_rt_fib -i IFNAME -a ADDRESS/LEN -g "
	    "GATEWAY [-n N]\n");
	return 2;
}
