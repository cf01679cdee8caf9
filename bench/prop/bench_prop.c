/*
 * bench_prop: propagation benchmark driver (bench/README.md).
 *
 * Plays the sink and 1..N feeders against a BGP speaker that is already
 * running on loopback: the sink session comes up first, then every
 * feeder; then all feeders write their pre-encoded table at once, and
 * the sink counts distinct prefixes until it has every one the policies
 * let through and the speaker has been quiet for a while.  Prints one
 * line of key=value figures: time from the first UPDATE written to the
 * last prefix counted, the speaker's CPU time, peak and final RSS from
 * /proc/PID/status; then runs the -x command, if any, before it closes
 * the sessions.  Never run by make check; nothing here asserts on
 * time.  Exit 0 when every expected prefix arrived with the expected
 * prepends and communities, 1 otherwise, 2 on a usage error.
 *
 * NETWORK SAFETY: every address (ours and the speaker's) must be in
 * 127.0.0.0/8; anything else is refused before a socket is made.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/prop/prop.h"

#define MAXFEED		(PROP_MAXSESS - 1)

static struct {
	uint32_t	 speaker_as;
	int		 pid;
	const char	*name;
	double		 quiet, timeout;
} opt;

static struct sink	 sink;
static double		 t_full;

static int
parse_lo(const char *s, uint32_t *out)
{
	struct in_addr	 in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return -1;
	*out = ntohl(in.s_addr);
	/* NETWORK SAFETY: loopback only */
	return (*out >> 24) == 127 ? 0 : -1;
}

/* ---- the speaker's /proc figures ---- */

struct procfig {
	long	 hwm_kb, rss_kb;
	double	 cpu;		/* user + system seconds */
};

static int
proc_read(int pid, struct procfig *f)
{
	char		 path[64], line[256], *p;
	FILE		*fp;
	unsigned long	 ut, st;
	int		 i;

	memset(f, 0, sizeof(*f));
	f->hwm_kb = f->rss_kb = -1;
	f->cpu = -1;
	if (pid <= 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "VmHWM:", 6) == 0)
			f->hwm_kb = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "VmRSS:", 6) == 0)
			f->rss_kb = strtol(line + 6, NULL, 10);
	}
	fclose(fp);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), fp) != NULL &&
	    (p = strrchr(line, ')')) != NULL) {
		/* after "pid (comm)": state is field 3, utime 14, stime 15 */
		p += 2;
		for (i = 3; i < 14 && p != NULL; i++)
			if ((p = strchr(p, ' ')) != NULL)
				p++;
		if (p != NULL && sscanf(p, "%lu %lu", &ut, &st) == 2)
			f->cpu = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	}
	fclose(fp);
	return 0;
}

/*
 * The measurement: every feeder writes its table at once (from *t0);
 * ends when the sink holds every expected prefix, the feeders wrote
 * everything and the sink has been quiet for opt.quiet seconds, or
 * when nothing moved for opt.timeout seconds.  *sent_done: when the
 * last feeder byte was written.  -1 when a session failed.
 */
static int
feed(struct sess *ss, size_t nfeed, size_t expect, double *t0,
    double *sent_done)
{
	size_t	 i, sent, last_count = 0, last_sent = 0;
	double	 last_progress, last;

	*t0 = last_progress = prop_now();
	*sent_done = 0;
	for (i = 1; i <= nfeed; i++)
		ss[i].bulk_on = 1;
	for (;;) {
		if (sess_pump(ss, nfeed + 1, 20) == -1)
			return -1;
		for (sent = 0, i = 1; i <= nfeed; i++)
			sent += ss[i].bulk_off;
		if (sink.count != last_count || sent != last_sent) {
			last_count = sink.count;
			last_sent = sent;
			last_progress = prop_now();
		}
		if (t_full == 0 && sink.count >= expect)
			t_full = prop_now();
		if (*sent_done == 0) {
			for (i = 1; i <= nfeed; i++)
				if (ss[i].bulk_done == 0)
					break;
			if (i > nfeed)
				*sent_done = prop_now();
		}
		last = sess_env.t_last > t_full ? sess_env.t_last : t_full;
		if (t_full != 0 && *sent_done != 0 &&
		    prop_now() - last >= opt.quiet)
			return 0;
		if (prop_now() - last_progress >= opt.timeout) {
			fprintf(stderr, "bench_prop: no progress for %.0f s, "
			    "giving up\n", opt.timeout);
			return 0;
		}
	}
}

/* The result line; 1 if the sink got exactly what the table predicts. */
static int
report(const struct table *t, size_t nfeed, double t0, double sent_done,
    const struct procfig *p0, const struct procfig *p1)
{
	struct rusage	 ru;
	int		 ok;

	getrusage(RUSAGE_SELF, &ru);
	ok = sink.count == t->n_expect && sink.n_prep == t->n_expect_prepend &&
	    sink.n_comm == t->n_expect_comm && sink.n_long == 0;
	printf("result speaker=%s feeders=%zu received=%zu expect=%zu "
	    "t_full=%.3f t_last=%.3f t_sent=%.3f cpu=%.2f "
	    "peak_rss_kb=%ld rss_kb=%ld base_rss_kb=%ld "
	    "rss_per_prefix=%.0f prepended=%zu/%zu communities=%zu/%zu "
	    "longer_than_24=%zu updates_rcvd=%zu withdrawn=%zu "
	    "bench_cpu=%.2f ok=%d\n",
	    opt.name, nfeed, sink.count, t->n_expect,
	    t_full != 0 ? t_full - t0 : -1.0,
	    sess_env.t_last != 0 ? sess_env.t_last - t0 : -1.0,
	    sent_done != 0 ? sent_done - t0 : -1.0,
	    p1->cpu >= 0 && p0->cpu >= 0 ? p1->cpu - p0->cpu : -1.0,
	    p1->hwm_kb, p1->rss_kb, p0->rss_kb,
	    sink.count > 0 && p1->rss_kb > 0 ? (double)(p1->rss_kb -
	    p0->rss_kb) * 1024.0 / (double)sink.count : 0,
	    sink.n_prep, t->n_expect_prepend, sink.n_comm, t->n_expect_comm,
	    sink.n_long, sink.msgs, sink.withdrawn,
	    (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ok);
	fflush(stdout);
	return ok;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: bench_prop [-n prefixes] [-f feeders] [-s seed] "
	    "[-P speaker-pid] [-N name]\n"
	    "                  [-S speaker-addr] [-p port] [-A speaker-as] "
	    "[-k sink-addr]\n"
	    "                  [-F first-feeder-addr] [-q quiet-s] "
	    "[-t timeout-s] [-H hold]\n"
	    "                  [-m mrt-table-dump[.gz]] [-x shell-command]\n"
	    "       bench_prop -g [-n prefixes] [-s seed] [-m mrt]   (table "
	    "figures only)\n"
	    "                  [-V vrp-file -R vrps]   (and the VRP set for "
	    "it)\n");
}

static void
print_table(const struct table *t, size_t msgs, size_t bytes)
{
	printf("table source=\"%s\" prefixes=%zu sets=%zu bogons=%zu "
	    "longer_than_24=%zu expect=%zu expect_prepended=%zu "
	    "expect_communities=%zu expect_lp=%zu updates=%zu bytes=%zu\n",
	    t->source, t->n, t->nsets,
	    t->n_bogon, t->n_long, t->n_expect, t->n_expect_prepend,
	    t->n_expect_comm, t->n_expect_lp, msgs, bytes);
}

int
main(int argc, char *argv[])
{
	struct table	 t;
	struct sess	 ss[MAXFEED + 1];
	struct procfig	 p0, p1;
	char		 err[160];
	size_t		 n = 100000, nfeed = 1, i;
	uint64_t	 seed = 1;
	uint32_t	 sink_addr, feed_addr;
	double		 t0, sent_done;
	int		 ch, gen_only = 0, ok, r;
	const char	*mrt = NULL, *after = NULL, *vrp_path = NULL;
	size_t		 nvrp = 500000;
	struct vrp_stats vs;

	sess_env.port = 17979;
	opt.speaker_as = 65000;
	sess_env.hold = 180;
	opt.name = "speaker";
	opt.quiet = 3;
	opt.timeout = 120;
	parse_lo("127.0.77.1", &sess_env.speaker);
	parse_lo("127.0.77.100", &sink_addr);
	parse_lo("127.0.77.11", &feed_addr);
	while ((ch = getopt(argc, argv, "A:F:f:gH:hk:m:N:n:P:p:q:R:S:s:t:V:x:")) != -1) {
		switch (ch) {
		case 'A':
			opt.speaker_as = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'F':
			if (parse_lo(optarg, &feed_addr) == -1)
				goto bad_addr;
			break;
		case 'f':
			nfeed = strtoul(optarg, NULL, 10);
			break;
		case 'g':
			gen_only = 1;
			break;
		case 'H':
			sess_env.hold = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			if (parse_lo(optarg, &sink_addr) == -1)
				goto bad_addr;
			break;
		case 'm':
			mrt = optarg;
			break;
		case 'N':
			opt.name = optarg;
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 'P':
			opt.pid = atoi(optarg);
			break;
		case 'p':
			sess_env.port = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 'q':
			opt.quiet = strtod(optarg, NULL);
			break;
		case 'R':
			nvrp = strtoul(optarg, NULL, 10);
			break;
		case 'S':
			if (parse_lo(optarg, &sess_env.speaker) == -1)
				goto bad_addr;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			opt.timeout = strtod(optarg, NULL);
			break;
		case 'V':
			vrp_path = optarg;
			break;
		case 'x':
			after = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (nfeed < 1 || nfeed > MAXFEED || (feed_addr & 0xff) + nfeed > 255 ||
	    sess_env.port == 0) {
		usage();
		return 2;
	}
	if (mrt != NULL)
		r = mrt_table(&t, mrt, err, sizeof(err));
	else
		r = gen_table(&t, n, seed, err, sizeof(err));
	if (r == -1) {
		fprintf(stderr, "bench_prop: %s\n", err);
		return 1;
	}
	if (vrp_path != NULL) {
		if (vrp_write(&t, nvrp, seed, vrp_path, &vs, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "bench_prop: %s\n", err);
			return 1;
		}
		printf("vrps total=%zu valid=%zu filler_ipv4=%zu "
		    "filler_ipv6=%zu routes_valid=%zu routes_not_found=%zu "
		    "routes_invalid=0\n", vs.total, vs.valid, vs.fill4,
		    vs.fill6, vs.routes_valid, vs.routes_notfound);
		fflush(stdout);
	}
	memset(ss, 0, sizeof(ss));
	for (i = 0; i <= nfeed; i++) {
		if (sess_init(&ss[i], i == 0 ? "sink" : "feeder", (int)i,
		    i == 0 ? sink_addr : feed_addr + (uint32_t)i - 1,
		    i == 0 ? 65099 : 65000 + (uint32_t)i) == -1) {
			fprintf(stderr, "bench_prop: out of memory\n");
			return 1;
		}
		if (i > 0 && gen_encode(&t, ss[i].as, ss[i].local, &ss[i].bulk,
		    &ss[i].nmsgs) == -1) {
			fprintf(stderr, "bench_prop: out of memory encoding "
			    "feeder %zu\n", i);
			return 1;
		}
		if (gen_only)
			break;
	}
	if (gen_only) {
		gen_encode(&t, 65001, 0x7f004d0b, &ss[1].bulk, &ss[1].nmsgs);
		print_table(&t, ss[1].nmsgs, ss[1].bulk.len);
		return 0;
	}
	print_table(&t, ss[1].nmsgs, ss[1].bulk.len);
	fflush(stdout);
	if (sink_init(&sink, opt.speaker_as) == -1) {
		fprintf(stderr, "bench_prop: out of memory\n");
		return 1;
	}
	sess_env.sink = &sink;

	/* the sink first, so it sees the whole table */
	if (sess_bring_up(ss, 1, "sink session") == -1)
		return 1;
	proc_read(opt.pid, &p0);
	if (sess_bring_up(ss, nfeed + 1, "feeder sessions") == -1)
		return 1;
	if (sink.count != 0)
		fprintf(stderr, "bench_prop: warning: the sink has %zu "
		    "prefixes before the feeders sent any\n", sink.count);
	if (feed(ss, nfeed, t.n_expect, &t0, &sent_done) == -1)
		return 1;
	proc_read(opt.pid, &p1);
	ok = report(&t, nfeed, t0, sent_done, &p0, &p1);
	/* while every session is still up, e.g. to ask the speaker for its
	   own memory figures (the hold time, 180 s, covers the pause) */
	if (after != NULL && system(after) != 0)
		fprintf(stderr, "bench_prop: -x command failed\n");
	sess_teardown(ss, nfeed + 1);
	sink_free(&sink);
	gen_table_free(&t);
	return ok ? 0 : 1;
bad_addr:
	fprintf(stderr, "bench_prop: %s: not a 127.0.0.0/8 address\n", optarg);
	return 2;
}
