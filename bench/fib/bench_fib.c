/*
 * bench_fib: how long the kernel FIB writer (core/sys/fib_netlink.c)
 * takes to install, change and remove a table of N routes.  Run it inside
 * a network namespace (bench/fib/run.sh makes one): it writes the kernel
 * table of wherever it runs.
 *
 *   bench_fib -i IFNAME -g GATEWAY [-n N] [-t TABLE]
 *
 * Routes are 10.0.0.0/28, 10.0.0.16/28, ... via GATEWAY on IFNAME (a
 * second gateway, GATEWAY + 1, for the change).  One line per phase:
 * "install N routes: S s (R routes/s, B batches)".
 */
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/sys/fib_netlink.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct fib_stats	 prev;

/* the phase's own batches and errors: the writer's counters add up */
static void
report(const char *what, size_t n, double secs, const struct fib_stats *st)
{
	printf("%s %zu routes: %.3f s (%.0f routes/s, %llu batches, %llu "
	    "errors)\n", what, n, secs, secs > 0 ? (double)n / secs : 0.0,
	    (unsigned long long)(st->batches - prev.batches),
	    (unsigned long long)(st->errors - prev.errors));
	prev = *st;
}

static int
queue_all(struct fib_nl *f, size_t n, const struct xaddr *gw, int ifindex)
{
	struct fib_route	 r;
	uint32_t		 a;
	size_t			 i;

	memset(&r, 0, sizeof(r));
	r.pfx.addr.af = AF_V4;
	r.pfx.len = 28;
	r.nnh = 1;
	r.nh[0].gw = *gw;
	r.nh[0].ifindex = ifindex;
	for (i = 0; i < n; i++) {
		a = (10u << 24) + (uint32_t)i * 16;
		r.pfx.addr.a[0] = a >> 24;
		r.pfx.addr.a[1] = (a >> 16) & 0xff;
		r.pfx.addr.a[2] = (a >> 8) & 0xff;
		r.pfx.addr.a[3] = a & 0xff;
		if (fib_nl_set(f, &r) == -1)
			return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct fib_nl		*f;
	struct fib_stats	 st;
	struct xaddr		 gw, gw2;
	char			 err[256];
	const char		*ifname = NULL, *gws = NULL;
	size_t			 n = 100000;
	uint32_t		 table = FIB_TABLE_MAIN;
	int			 c, ifindex;
	double			 t0;

	while ((c = getopt(argc, argv, "i:g:n:t:")) != -1)
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'g':
			gws = optarg;
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 't':
			table = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	if (ifname == NULL || gws == NULL || n == 0 || n > (1u << 20) ||
	    addr_parse_v4(gws, &gw) != 0)
		goto usage;
	if ((ifindex = (int)if_nametoindex(ifname)) == 0) {
		fprintf(stderr, "bench_fib: no interface %s\n", ifname);
		return 1;
	}
	gw2 = gw;
	gw2.a[3]++;
	if ((f = fib_nl_open(table, FIB_PROTO_XRSH, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "bench_fib: %s\n", err);
		return 1;
	}
	fib_nl_purge_stale(f);

	t0 = now();
	if (queue_all(f, n, &gw, ifindex) == -1) {
		fprintf(stderr, "bench_fib: out of memory\n");
		return 1;
	}
	fib_nl_flush(f);
	fib_nl_stats(f, &st);
	report("install", n, now() - t0, &st);

	t0 = now();
	queue_all(f, n, &gw2, ifindex);
	fib_nl_flush(f);
	fib_nl_stats(f, &st);
	report("change", n, now() - t0, &st);

	t0 = now();
	fib_nl_close(f);
	printf("remove %zu routes: %.3f s\n", n, now() - t0);
	return 0;
usage:
	fprintf(stderr, "usage: bench_fib -i IFNAME -g GATEWAY [-n N] "
	    "[-t TABLE]\n");
	return 2;
}
