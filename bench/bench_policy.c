/*
 * bench_policy: route-policy evaluation throughput on one core.
 *
 * A realistic inbound policy -- bogon prefix-set, a 100,000-entry customer
 * prefix-set, bogon-ASN as-path regex, community matches-any, set
 * local-preference -- is parsed and compiled once, then evaluated over
 * 1,000,000 synthetic routes (distinct prefixes; AS paths, communities and
 * MEDs drawn from 4,096 attribute templates).  Prints routes per second
 * and nanoseconds per route from the thread's CPU time (wall time shown
 * too).  Built by `make`, never run by `make check`.
 *
 *   bench/bench_policy [--routes N]	(or a bare N, as before)
 *
 * For instruction counts that do not depend on the machine's load, run a
 * reduced set under callgrind, counting only the evaluation:
 *   valgrind --tool=callgrind --toggle-collect=rpl_eval \
 *       bench/bench_policy --routes 100000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rpl/route.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"
#include "core/lib/strbuf.h"

#define CUSTOMERS	100000
#define TEMPLATES	4096

static const char bogons[] =
    "prefix-set BOGONS\n"
    "  0.0.0.0/8 le 32,\n"
    "  10.0.0.0/8 le 32,\n"
    "  100.64.0.0/10 le 32,\n"
    "  127.0.0.0/8 le 32,\n"
    "  169.254.0.0/16 le 32,\n"
    "  172.16.0.0/12 le 32,\n"
    "  192.0.2.0/24 le 32,\n"
    "  192.168.0.0/16 le 32,\n"
    "  198.18.0.0/15 le 32,\n"
    "  198.51.100.0/24 le 32,\n"
    "  203.0.113.0/24 le 32,\n"
    "  224.0.0.0/4 le 32,\n"
    "  240.0.0.0/4 le 32,\n"
    "  0.0.0.0/0 ge 25\n"
    "end-set\n";

static const char sets[] =
    "as-path-set BOGON_ASNS\n"
    "  ios-regex '_(0|23456|6449[6-9]|645[0-1][0-9]|6551[1-9]|6553[0-5])_'\n"
    "end-set\n";

static const char comms[] =
    "community-set PEER_TAGS\n"
    "  65001:100,\n"
    "  65001:200,\n"
    "  65001:[300..399]\n"
    "end-set\n";

static const char policy[] =
    "route-policy BENCH_IN\n"
    "  if destination in BOGONS then\n"
    "    drop\n"
    "  endif\n"
    "  if as-path in BOGON_ASNS then\n"
    "    drop\n"
    "  endif\n"
    "  if community matches-any (65535:666, 65001:666) then\n"
    "    drop\n"
    "  endif\n"
    "  if destination in CUSTOMERS then\n"
    "    set local-preference 200\n"
    "  elseif community matches-any PEER_TAGS then\n"
    "    set local-preference 150\n"
    "  else\n"
    "    set local-preference 100\n"
    "  endif\n"
    "  pass\n"
    "end-policy\n";

static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static double
clock_s(clockid_t id)
{
	struct timespec	 ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this thread: the figure is per core even on a busy host. */
static double
cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* A public-looking /16../24 prefix; customers come from 20.0.0.0/6. */
static void
customer_prefix(uint32_t i, struct xprefix *p)
{
	uint32_t	 a = (20u << 24) + (i << 8);	/* 20.x.y.0/24 */

	memset(p, 0, sizeof(*p));
	p->addr.af = AF_V4;
	p->addr.a[0] = (uint8_t)(a >> 24);
	p->addr.a[1] = (uint8_t)(a >> 16);
	p->addr.a[2] = (uint8_t)(a >> 8);
	p->len = 24;
}

static int
add_set(struct rpl_db *db, const char *text)
{
	struct rpl_err	 err;
	struct rpl_set	*s;

	if ((s = rpl_parse_set(text, &err)) == NULL) {
		fprintf(stderr, "set: line %u: %s '%s'\n", err.line, err.msg,
		    err.token);
		return -1;
	}
	return rpl_db_put_set(db, s);
}

int
main(int argc, char **argv)
{
	struct rpl_db	*db = rpl_db_new();
	struct strbuf	 sb = STRBUF_INIT;
	struct rpl_err	 err;
	struct rpl_policy *pol;
	struct rpl_prog	*prog;
	struct route	*tmpl, out;
	struct xprefix	*pfx, p;
	char		 buf[256], lerr[256];
	size_t		 nroutes = 1000000, i, k;
	uint32_t	 j, n;
	size_t		 accepted = 0, lp200 = 0;
	double		 t0, t1, tc, c0, c1;
	int		 res;

	if (argc == 3 && strcmp(argv[1], "--routes") == 0)
		argv++, argc--;
	if (argc > 2 || (argc == 2 && (nroutes = strtoul(argv[1], NULL,
	    10)) == 0)) {
		fprintf(stderr, "usage: bench_policy [--routes N]\n");
		return 2;
	}
	if (db == NULL)
		return 1;
	t0 = now();
	/* the customer cone, in the style bgpq4 generates */
	sb_puts(&sb, "prefix-set CUSTOMERS\n");
	for (i = 0; i < CUSTOMERS; i++) {
		customer_prefix((uint32_t)i * 2, &p);
		prefix_format(&p, buf, sizeof(buf));
		sb_printf(&sb, "  %s%s%s\n", buf, i % 4 == 0 ? " le 24" : "",
		    i + 1 < CUSTOMERS ? "," : "");
	}
	sb_puts(&sb, "end-set\n");
	if (sb.oom || add_set(db, sb_str(&sb)) == -1 ||
	    add_set(db, bogons) == -1 || add_set(db, sets) == -1 ||
	    add_set(db, comms) == -1)
		return 1;
	sb_free(&sb);
	if ((pol = rpl_parse_policy(policy, &err)) == NULL) {
		fprintf(stderr, "policy: line %u: %s\n", err.line, err.msg);
		return 1;
	}
	rpl_db_put_policy(db, pol);
	if (rpl_link(db, "BENCH_IN", NULL, &prog, lerr, sizeof(lerr)) == -1) {
		fprintf(stderr, "%s\n", lerr);
		return 1;
	}
	tc = now() - t0;

	/* attribute templates: AS paths 1-6 long, 0-4 communities, MED */
	if ((tmpl = calloc(TEMPLATES, sizeof(*tmpl))) == NULL ||
	    (pfx = calloc(nroutes, sizeof(*pfx))) == NULL)
		return 1;
	for (i = 0; i < TEMPLATES; i++) {
		route_init(&tmpl[i]);
		tmpl[i].path_type = PATH_EBGP;
		tmpl[i].nexthop.af = AF_V4;
		tmpl[i].nexthop.a[0] = 203;
		tmpl[i].nexthop.a[3] = 1;
		aspath_append(&tmpl[i].aspath, ASSEG_SEQ, 1299);
		n = rnd() % 6;
		for (j = 0; j < n; j++)
			aspath_append(&tmpl[i].aspath, ASSEG_SEQ,
			    rnd() % 100 == 0 ? 64500 + rnd() % 20 :
			    1000 + rnd() % 60000);
		n = rnd() % 5;
		for (j = 0; j < n; j++)
			route_comm_add(&tmpl[i], rnd() % 200 == 0 ?
			    COMM_MAKE(65535, 666) :
			    COMM_MAKE(65001, 100 + rnd() % 400));
		if (rnd() % 2) {
			tmpl[i].has_med = 1;
			tmpl[i].med = rnd() % 1000;
		}
	}
	/* 10% customer prefixes, 1% bogons, the rest public /16../24 */
	for (i = 0; i < nroutes; i++) {
		k = rnd() % 100;
		if (k < 10)
			customer_prefix((rnd() % (CUSTOMERS * 2)), &pfx[i]);
		else {
			memset(&pfx[i], 0, sizeof(pfx[i]));
			pfx[i].addr.af = AF_V4;
			pfx[i].addr.a[0] = k == 10 ? 10 :
			    (uint8_t)(24 + rnd() % 190);
			pfx[i].addr.a[1] = (uint8_t)rnd();
			pfx[i].addr.a[2] = (uint8_t)rnd();
			pfx[i].len = (uint8_t)(16 + rnd() % 9);
			prefix_mask(&pfx[i]);
		}
	}

	route_init(&out);
	t0 = now();
	c0 = cpu();
	for (i = 0; i < nroutes; i++) {
		struct route *r = &tmpl[i & (TEMPLATES - 1)];

		r->prefix = pfx[i];
		res = rpl_eval(prog, r, &out, NULL, NULL);
		if (res & RPL_ACCEPTED) {
			accepted++;
			if ((res & RPL_MODIFIED) && out.local_pref == 200)
				lp200++;
		}
	}
	c1 = cpu() - c0;
	t1 = now() - t0;

	printf("policy BENCH_IN: %d customer prefixes, parse+compile+link "
	    "%.3f s\n", CUSTOMERS, tc);
	printf("%zu routes in %.3f s CPU (%.3f s wall): %.0f routes/s, "
	    "%.1f ns/route (accepted %zu, customer lp 200 %zu)\n", nroutes,
	    c1, t1, (double)nroutes / c1, c1 * 1e9 / (double)nroutes,
	    accepted, lp200);
	route_free(&out);
	for (i = 0; i < TEMPLATES; i++)
		route_free(&tmpl[i]);
	rpl_prog_free(prog);
	rpl_db_free(db);
	free(tmpl);
	free(pfx);
	return 0;
}
