/*
 * bench_mrtdump: a TABLE_DUMP_V2 snapshot of a large table, and what it
 * costs the event loop.  Built by `make`, run by hand:
 *
 *	./bench/bench_mrtdump [-n prefixes] [-p peers] [-k]
 *
 * Writes an MRT file of n (default 200,000) IPv4 prefixes, each with a
 * path from every one of p (default 5) MRT peers (1,000,000 paths),
 * attributes drawn from 5,000 sets per peer, replays it into an offline
 * engine (`replay mrt`), then:
 *
 *   - `mrt-dump table now` as xrsh does it (a forked child writes): the
 *     time fork() holds the loop, the worst lateness of a 1 ms timer
 *     while the child writes (the loop's stall), the time to the file
 *     being complete, the child's peak RSS and the parent's RSS;
 *   - the same snapshot written in-process on the loop, for comparison:
 *     the stall a walk without a child would cause.
 *
 * The files go to $TMPDIR (default /tmp) and are removed unless -k.
 */
#include <sys/resource.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/bgp/engine.h"
#include "core/bgp/mrt_write.h"
#include "core/bgp/mrtdump.h"
#include "core/bgp/replay.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define NSETS		5000
#define TICK		0.001

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
rss_kb(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static void
quiet(enum log_level l, const char *line, void *arg)
{
	(void)l;
	(void)line;
	(void)arg;
}

/* ORIGIN IGP, AS_PATH (peer_as, 64512 + set % 400, 100000 + set),
   NEXT_HOP: no path holds the AS of the engine (65000) */
static void
mk_attrs(struct wbuf *b, uint32_t peer_as, unsigned set,
    const struct xaddr *nh)
{
	wbuf_reset(b);
	wbuf_put(b, "\x40\x01\x01\x00", 4);
	wbuf_put(b, "\x40\x02\x0e\x02\x03", 5);
	wbuf_put32(b, peer_as);
	wbuf_put32(b, 64512 + set % 400);
	wbuf_put32(b, 100000 + set);
	wbuf_put(b, "\x40\x03\x04", 3);
	wbuf_put(b, nh->a, 4);
}

static int
gen(const char *path, unsigned npfx, unsigned npeers)
{
	struct mrtw_peer	*pv;
	struct wbuf		 b = WBUF_INIT, a = WBUF_INIT;
	struct mrtw_rib		 r;
	struct xprefix		 px;
	FILE			*f;
	unsigned		 i, j;
	uint32_t		 v;

	if ((f = fopen(path, "w")) == NULL ||
	    (pv = calloc(npeers, sizeof(*pv))) == NULL)
		return -1;
	for (j = 0; j < npeers; j++) {
		pv[j].addr.af = AF_V4;
		pv[j].addr.a[0] = 198;
		pv[j].addr.a[1] = 18;
		pv[j].addr.a[2] = (uint8_t)(j >> 8);
		pv[j].addr.a[3] = (uint8_t)(j + 1);
		pv[j].bgp_id = 0x0a000001 + j;
		pv[j].asn = 64600 + j;
	}
	mrtw_peer_index(&b, 1, 1, "bench", pv, npeers);
	memset(&px, 0, sizeof(px));
	px.addr.af = AF_V4;
	px.len = 24;
	for (i = 0; i < npfx; i++) {
		v = (1u << 24) + (i << 8);	/* 1.0.0.0/24 onwards */
		px.addr.a[0] = (uint8_t)(v >> 24);
		px.addr.a[1] = (uint8_t)(v >> 16);
		px.addr.a[2] = (uint8_t)(v >> 8);
		mrtw_rib_begin(&b, &r, 1, i, &px, 0);
		for (j = 0; j < npeers; j++) {
			mk_attrs(&a, pv[j].asn, (i * 7 + j * 13) % NSETS,
			    &pv[j].addr);
			mrtw_rib_entry(&b, &r, (uint16_t)j, 1, 0, a.buf, a.len);
		}
		mrtw_rib_end(&b, &r);
		if (b.len > (1u << 20)) {
			fwrite(b.buf, 1, b.len, f);
			wbuf_reset(&b);
		}
	}
	fwrite(b.buf, 1, b.len, f);
	wbuf_free(&b);
	wbuf_free(&a);
	free(pv);
	return fclose(f) == 0 && !b.oom ? 0 : -1;
}

static double	 last_tick, worst;
static struct loop_timer *t_tick;

static void
tick(void *arg)
{
	double	 t = now(), late = t - last_tick - TICK;

	(void)arg;
	if (late > worst)
		worst = late;
	last_tick = t;
	t_tick = loop_timer_add(TICK, tick, NULL);
}

int
main(int argc, char **argv)
{
	struct bgp_engine_opts	 o;
	struct bgp_replay_opts	 ro;
	struct bgp_replay_result rr;
	struct mrtdump_status	 st;
	struct mrtdump_result	 res;
	struct rusage		 ru;
	struct config		*c;
	struct strbuf		 rep = STRBUF_INIT;
	const char		*tmp = getenv("TMPDIR");
	char			 in[512], out[512], out2[512], err[1024];
	unsigned		 npfx = 200000, npeers = 5;
	double			 t0, tf, t1;
	int			 ch, keep = 0, fd;

	while ((ch = getopt(argc, argv, "n:p:k")) != -1) {
		switch (ch) {
		case 'n':
			npfx = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'p':
			npeers = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			keep = 1;
			break;
		default:
			fprintf(stderr, "usage: bench_mrtdump [-n prefixes] "
			    "[-p peers] [-k]\n");
			return 2;
		}
	}
	if (npfx == 0 || npfx > (1u << 22) || npeers == 0 || npeers > 1000) {
		fprintf(stderr, "bench_mrtdump: -n 1..4194304, -p 1..1000\n");
		return 2;
	}
	if (tmp == NULL)
		tmp = "/tmp";
	snprintf(in, sizeof(in), "%s/bench_mrtdump.%d.in", tmp, (int)getpid());
	snprintf(out, sizeof(out), "%s/bench_mrtdump.%d.fork", tmp,
	    (int)getpid());
	snprintf(out2, sizeof(out2), "%s/bench_mrtdump.%d.inline", tmp,
	    (int)getpid());
	log_set_sink(quiet, NULL);

	t0 = now();
	if (gen(in, npfx, npeers) == -1) {
		fprintf(stderr, "bench_mrtdump: cannot write %s\n", in);
		return 1;
	}
	printf("input: %u prefixes x %u peers = %u paths (%.2f s to write)\n",
	    npfx, npeers, npfx * npeers, now() - t0);

	memset(&o, 0, sizeof(o));
	o.offline = 1;
	o.loopback_only = 1;
	if (bgp_engine_start(&o, err, sizeof(err)) == -1) {
		fprintf(stderr, "engine: %s\n", err);
		return 1;
	}
	if ((c = config_new()) == NULL || (c->bgp = bgp_cfg_new(65000)) ==
	    NULL)
		return 1;
	c->bgp->af[BGP_AFI_V4].present = 1;
	c->bgp->g[BG_ROUTER_ID].set = 1;
	c->bgp->g[BG_ROUTER_ID].n[0] = 0xc0000201;
	bgp_engine_apply(c, &rep);

	memset(&ro, 0, sizeof(ro));
	ro.path = in;
	t0 = now();
	if (bgp_replay_start(&ro, err, sizeof(err)) == -1) {
		fprintf(stderr, "replay: %s\n", err);
		return 1;
	}
	while (bgp_replay_running())
		loop_run_once(0);
	bgp_replay_result(&rr);
	printf("replay: %llu routes from %u peers in %.2f s; RSS %ld MiB\n",
	    (unsigned long long)rr.routes, rr.peers, now() - t0,
	    rss_kb() / 1024);

	/* forked, as `mrt-dump table now` does */
	last_tick = now();
	worst = 0;
	t_tick = loop_timer_add(TICK, tick, NULL);
	loop_run_once(5);
	worst = 0;
	t0 = now();
	if (mrtdump_table_start(out, err, sizeof(err)) == -1) {
		fprintf(stderr, "dump: %s\n", err);
		return 1;
	}
	tf = now() - t0;
	last_tick = now();
	while (mrtdump_table_running())
		loop_run_once(1);
	t1 = now() - t0;
	loop_timer_cancel(t_tick);
	mrtdump_status(MRTDUMP_TABLE, &st);
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("forked dump: %llu prefixes, %llu paths, %.1f MiB in %.2f s "
	    "(%s)\n", (unsigned long long)st.prefixes,
	    (unsigned long long)st.paths, st.bytes / 1048576.0, t1,
	    st.errors ? st.last_error : "no error");
	printf("  loop: fork() held it %.1f ms, worst 1 ms-timer lateness "
	    "while the child wrote %.1f ms\n", tf * 1e3, worst * 1e3);
	printf("  memory: parent RSS %ld MiB, child peak RSS %ld MiB\n",
	    rss_kb() / 1024, ru.ru_maxrss / 1024);

	/* the same walk in-process: the stall a loop-side dump would be */
	if ((fd = open(out2, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return 1;
	t0 = now();
	mrtdump_table_write(fd, &res);
	t1 = now() - t0;
	close(fd);
	printf("in-process dump (no child): %.2f s of loop stall, %.1f MiB "
	    "(%s)\n", t1, res.bytes / 1048576.0, res.failed ? res.err : "ok");

	bgp_engine_stop();
	config_free(c);
	sb_free(&rep);
	if (!keep) {
		unlink(in);
		unlink(out);
		unlink(out2);
	} else
		printf("kept %s %s %s\n", in, out, out2);
	return 0;
}
