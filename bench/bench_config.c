/*
 * bench_config: how long the real xrsh binary takes to parse and commit a
 * large configuration, and how much memory it needs.  Two cases from
 * issue 3: a 100,000-line prefix-set in the style bgpq4 produces for a
 * large customer cone (attached to a neighbor through a policy), and a
 * 2,000-neighbor router bgp with session-groups, neighbor-groups and
 * attached policies.
 *
 * Each case is written as a batch script (configure, the text, commit,
 * end) and run several times with `xrsh --config <fresh file> --offline
 * -f script` (fork/exec, wait4).  Reported per case: the median wall time minus the
 * median of an empty script run the same way (process start, loading,
 * exit), and the peak RSS of the child.  Figures are printed, never
 * asserted: `make check` does not run this program.
 *
 * -b: side by side with BIRD 2 (issue 16): the same 100,000 prefixes as a
 * BIRD prefix set in a config with a filter and one BGP protocol using it,
 * parsed with `bird -p -c FILE` (bird from PATH; it only parses: no
 * socket is opened), one run after each run of the prefix-set case.
 *
 * Usage: bench_config [-bk] [-n runs] [path/to/xrsh]   (default ./xrsh)
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PREFIX_LINES	100000
#define NEIGHBORS	2000
#define RUNS_DEFAULT	5
#define RUNS_MAX	101

struct sample {
	double	secs;
	double	cpu;		/* user + system */
	long	maxrss_kib;
};

struct result {
	double	median_secs;
	double	median_cpu;
	long	maxrss_kib;	/* the largest of the runs */
};

static char	 tmpdir[] = "/tmp/bench_config.XXXXXX";
static int	 keep;
static char	 bird_conf[PATH_MAX];	/* -b: the BIRD side, else "" */

static void
usage(void)
{
	fprintf(stderr, "usage: bench_config [-bk] [-n runs] [xrsh]\n");
	exit(2);
}

static int
path_in_tmp(char *buf, size_t len, const char *name)
{
	int	 n;

	n = snprintf(buf, len, "%s/%s", tmpdir, name);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

/* --- script generation ------------------------------------------------ */

/*
 * The cone: one prefix per /21-aligned slot from 20.0.0.0 on (distinct,
 * non-overlapping), lengths and `le` varied the way bgpq4 -A -R 24 output
 * looks: a.b.c.0/22 le 24, a.b.c.0/24, a.b.c.0/21 le 24, ...
 */
static const struct {
	int	len;
	int	le;
} shape[] = { { 22, 24 }, { 24, 0 }, { 23, 24 }, { 21, 24 }, { 22, 0 } };

static unsigned long
cone_addr(int i)
{
	return (20UL << 24) + (unsigned long)i * 2048;
}

static void
write_cone(FILE *f)
{
	unsigned long	 a;
	int		 i, k;

	fprintf(f, "prefix-set AS-CONE\n");
	for (i = 0; i < PREFIX_LINES; i++) {
		a = cone_addr(i);
		k = i % 5;
		fprintf(f, "  %lu.%lu.%lu.%lu/%d", a >> 24, (a >> 16) & 255,
		    (a >> 8) & 255, a & 255, shape[k].len);
		if (shape[k].le)
			fprintf(f, " le %d", shape[k].le);
		fprintf(f, "%s\n", i + 1 < PREFIX_LINES ? "," : "");
	}
	fprintf(f, "end-set\n!\n");
}

/*
 * The same cone for BIRD 2: `a.b.c.0/22 le 24` is `a.b.c.0/22{22,24}`;
 * the filter does what CONE-IN does, on one BGP protocol's import.
 */
static void
write_bird_case(FILE *f)
{
	unsigned long	 a;
	int		 i, k;

	fprintf(f, "router id 192.0.2.1;\n\ndefine AS_CONE = [\n");
	for (i = 0; i < PREFIX_LINES; i++) {
		a = cone_addr(i);
		k = i % 5;
		fprintf(f, "  %lu.%lu.%lu.%lu/%d", a >> 24, (a >> 16) & 255,
		    (a >> 8) & 255, a & 255, shape[k].len);
		if (shape[k].le)
			fprintf(f, "{%d,%d}", shape[k].len, shape[k].le);
		fprintf(f, "%s\n", i + 1 < PREFIX_LINES ? "," : "");
	}
	fprintf(f,
	    "];\n\n"
	    "filter cone_in {\n"
	    "  if net ~ AS_CONE then {\n"
	    "    bgp_local_pref = 300;\n"
	    "    accept;\n"
	    "  }\n"
	    "  reject;\n"
	    "}\n\n"
	    "protocol device {}\n\n"
	    "protocol bgp customer {\n"
	    "  local as 64496;\n"
	    "  neighbor 192.0.2.2 as 64500;\n"
	    "  ipv4 {\n"
	    "    import filter cone_in;\n"
	    "    export none;\n"
	    "  };\n"
	    "}\n");
}

static void
write_prefix_set_case(FILE *f)
{
	fprintf(f, "configure\n");
	write_cone(f);
	fprintf(f,
	    "route-policy CONE-IN\n"
	    "  if destination in AS-CONE then\n"
	    "    set local-preference 300\n"
	    "  else\n"
	    "    drop\n"
	    "  endif\n"
	    "end-policy\n"
	    "!\n"
	    "route-policy FULL-TABLE-OUT\n"
	    "  pass\n"
	    "end-policy\n"
	    "!\n"
	    "router bgp 64496\n"
	    " bgp router-id 192.0.2.1\n"
	    " address-family ipv4 unicast\n"
	    " !\n"
	    " neighbor 192.0.2.2\n"
	    "  remote-as 64500\n"
	    "  description customer cone of AS64500\n"
	    "  address-family ipv4 unicast\n"
	    "   route-policy CONE-IN in\n"
	    "   route-policy FULL-TABLE-OUT out\n"
	    "   maximum-prefix 200000 90\n"
	    "  !\n"
	    " !\n"
	    "!\n"
	    "commit\n"
	    "end\n");
}

/*
 * 2,000 neighbors on documentation addresses: the 762 host addresses of
 * 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, then 2001:db8:ffff::/64.
 * Every tenth IPv4 neighbor is iBGP; every seventh gets its own inbound
 * policy on top of its neighbor-group.
 */
static void
write_neighbor(FILE *f, int i)
{
	static const char *const nets[] = { "192.0.2", "198.51.100",
	    "203.0.113" };
	int	 v4 = i < 3 * 254, ibgp = v4 && i % 10 == 0;
	char	 addr[64];

	if (v4)
		snprintf(addr, sizeof(addr), "%s.%d", nets[i / 254],
		    i % 254 + 1);
	else
		snprintf(addr, sizeof(addr), "2001:db8:ffff::%x", i + 1);
	fprintf(f, " neighbor %s\n", addr);
	if (ibgp)
		fprintf(f, "  remote-as 64496\n  use neighbor-group NG-IBGP\n");
	else
		fprintf(f, "  remote-as %lu\n  use neighbor-group %s\n",
		    4200000000UL + (unsigned long)i, v4 ? "NG-CUST-V4" :
		    "NG-CUST-V6");
	fprintf(f, "  description bench %s peer %d\n", ibgp ? "iBGP" :
	    "customer", i);
	if (i % 7 == 0 && !ibgp)
		fprintf(f, "  address-family %s unicast\n"
		    "   route-policy PEER-IN(%d) in\n"
		    "  !\n", v4 ? "ipv4" : "ipv6", 100 + i % 100);
	fprintf(f, " !\n");
}

static void
write_neighbors_case(FILE *f)
{
	int	 i;

	fprintf(f,
	    "configure\n"
	    "route-policy CUST-IN\n"
	    "  if as-path length ge 50 then\n"
	    "    drop\n"
	    "  endif\n"
	    "  set local-preference 200\n"
	    "end-policy\n"
	    "!\n"
	    "route-policy CUST-OUT\n"
	    "  pass\n"
	    "end-policy\n"
	    "!\n"
	    "route-policy PEER-IN($lp)\n"
	    "  if as-path length ge 50 then\n"
	    "    drop\n"
	    "  endif\n"
	    "  set local-preference $lp\n"
	    "end-policy\n"
	    "!\n"
	    "router bgp 64496\n"
	    " bgp router-id 192.0.2.1\n"
	    " address-family ipv4 unicast\n"
	    " !\n"
	    " address-family ipv6 unicast\n"
	    " !\n"
	    " session-group SG-EBGP\n"
	    "  timers 30 90\n"
	    " !\n"
	    " session-group SG-IBGP\n"
	    "  update-source Loopback0\n"
	    " !\n"
	    " neighbor-group NG-CUST-V4\n"
	    "  use session-group SG-EBGP\n"
	    "  address-family ipv4 unicast\n"
	    "   route-policy CUST-IN in\n"
	    "   route-policy CUST-OUT out\n"
	    "   maximum-prefix 1000 90\n"
	    "   send-community-ebgp\n"
	    "  !\n"
	    " !\n"
	    " neighbor-group NG-CUST-V6\n"
	    "  use session-group SG-EBGP\n"
	    "  address-family ipv6 unicast\n"
	    "   route-policy CUST-IN in\n"
	    "   route-policy CUST-OUT out\n"
	    "   maximum-prefix 500 90\n"
	    "  !\n"
	    " !\n"
	    " neighbor-group NG-IBGP\n"
	    "  use session-group SG-IBGP\n"
	    "  address-family ipv4 unicast\n"
	    "   next-hop-self\n"
	    "  !\n"
	    " !\n");
	for (i = 0; i < NEIGHBORS; i++)
		write_neighbor(f, i);
	fprintf(f, "!\ncommit\nend\n");
}

static void
write_empty_case(FILE *f)
{
	fprintf(f, "configure\ncommit\nend\n");
}

static int
write_script(const char *name, void (*gen)(FILE *), char *path, size_t len)
{
	FILE	*f;

	if (path_in_tmp(path, len, name) == -1) {
		fprintf(stderr, "bench_config: path too long\n");
		return -1;
	}
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "bench_config: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	gen(f);
	if (ferror(f) || fclose(f) == EOF) {
		fprintf(stderr, "bench_config: writing %s failed\n", path);
		return -1;
	}
	return 0;
}

/* --- running ------------------------------------------------------------ */

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
show_errors(const char *errfile)
{
	char	 line[512];
	FILE	*f;
	int	 n = 0;

	if ((f = fopen(errfile, "r")) == NULL)
		return;
	while (n++ < 10 && fgets(line, sizeof(line), f) != NULL)
		fprintf(stderr, "  %s", line);
	fclose(f);
}

/* Removes the commit history xrsh keeps next to `saved` (FILE.commits). */
static void
rm_history(const char *saved)
{
	char		 dir[PATH_MAX], p[PATH_MAX + 300];
	DIR		*dp;
	struct dirent	*de;

	if (snprintf(dir, sizeof(dir), "%s.commits", saved) >=
	    (int)sizeof(dir) || (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.' && snprintf(p, sizeof(p), "%s/%s",
		    dir, de->d_name) < (int)sizeof(p))
			unlink(p);
	closedir(dp);
	rmdir(dir);
}

/*
 * One run of xrsh on `script` with an empty saved configuration and no
 * commit history.  The engine runs --offline: the neighbors case names
 * documentation addresses, which must never see a packet.  The
 * child's stdin and stdout are /dev/null, its stderr a file shown on
 * failure.  Returns 0 and fills `s`, or -1.
 */
static int
run_once(const char *xrsh, const char *script, struct sample *s)
{
	char		 saved[PATH_MAX], errfile[PATH_MAX];
	struct rusage	 ru;
	double		 t0;
	pid_t		 pid;
	int		 st, fd;
	int		 bird = xrsh == NULL;	/* `bird -p -c script` */

	if (path_in_tmp(saved, sizeof(saved), "running.cfg") == -1 ||
	    path_in_tmp(errfile, sizeof(errfile), "stderr") == -1)
		return -1;
	/* bird leaves xrsh's last saved configuration for committed() */
	if (!bird && unlink(saved) == -1 && errno != ENOENT) {
		fprintf(stderr, "bench_config: %s: %s\n", saved,
		    strerror(errno));
		return -1;
	}
	if (!bird)
		rm_history(saved);
	t0 = now();
	if ((pid = fork()) == -1) {
		fprintf(stderr, "bench_config: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) == -1 ||
		    dup2(fd, 0) == -1 || dup2(fd, 1) == -1)
			_exit(126);
		if ((fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC,
		    0644)) == -1 || dup2(fd, 2) == -1)
			_exit(126);
		if (bird)
			execlp("bird", "bird", "-p", "-c", script,
			    (char *)NULL);
		setenv("XRSH_LOOPBACK_ONLY", "1", 1);
		execl(xrsh, xrsh, "--config", saved, "--offline", "-f",
		    script, (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) == -1) {
		fprintf(stderr, "bench_config: wait4: %s\n", strerror(errno));
		return -1;
	}
	s->secs = now() - t0;
	s->cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	s->maxrss_kib = ru.ru_maxrss;
	if (bird)
		xrsh = "bird -p";
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			fprintf(stderr, "bench_config: cannot run %s\n", xrsh);
		else if (WIFEXITED(st))
			fprintf(stderr, "bench_config: %s on %s: exit status "
			    "%d\n", xrsh, script, WEXITSTATUS(st));
		else
			fprintf(stderr, "bench_config: %s on %s: killed by "
			    "signal %d\n", xrsh, script, WTERMSIG(st));
		show_errors(errfile);
		return -1;
	}
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *t, int n)
{
	qsort(t, n, sizeof(t[0]), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/*
 * `runs` runs of the script; with `other` (the BIRD config), a run of
 * `bird -p` after each, its medians into *o, so both see the same load.
 */
static int
run_case(const char *xrsh, const char *script, int runs, struct result *r,
    const char *other, struct result *o)
{
	double		 t[RUNS_MAX], c[RUNS_MAX], ot[RUNS_MAX], oc[RUNS_MAX];
	struct sample	 s;
	int		 i;

	r->maxrss_kib = 0;
	if (o != NULL)
		o->maxrss_kib = 0;
	for (i = 0; i < runs; i++) {
		if (run_once(xrsh, script, &s) == -1)
			return -1;
		t[i] = s.secs;
		c[i] = s.cpu;
		if (s.maxrss_kib > r->maxrss_kib)
			r->maxrss_kib = s.maxrss_kib;
		if (other == NULL)
			continue;
		if (run_once(NULL, other, &s) == -1)
			return -1;
		ot[i] = s.secs;
		oc[i] = s.cpu;
		if (s.maxrss_kib > o->maxrss_kib)
			o->maxrss_kib = s.maxrss_kib;
	}
	r->median_secs = median(t, runs);
	r->median_cpu = median(c, runs);
	if (other != NULL) {
		o->median_secs = median(ot, runs);
		o->median_cpu = median(oc, runs);
	}
	return 0;
}

/* The last run's saved configuration holds what the case committed. */
static int
committed(const char *needle)
{
	char	 saved[PATH_MAX], line[512];
	FILE	*f;
	int	 found = 0;

	if (path_in_tmp(saved, sizeof(saved), "running.cfg") == -1 ||
	    (f = fopen(saved, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

static void
cleanup(void)
{
	static const char *const files[] = { "empty.script",
	    "prefix-set.script", "neighbors.script", "running.cfg",
	    "stderr", "bird.conf" };
	char	 p[PATH_MAX];
	size_t	 i;

	if (keep) {
		printf("scripts kept in %s\n", tmpdir);
		return;
	}
	if (path_in_tmp(p, sizeof(p), "running.cfg") == 0)
		rm_history(p);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (path_in_tmp(p, sizeof(p), files[i]) == 0)
			unlink(p);
	/* xrsh may leave a temporary file next to its saved config */
	rmdir(tmpdir);
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*label;
		const char	*file;
		void		(*gen)(FILE *);
		const char	*proof;		/* in the saved config */
	} cases[] = {
		{ "prefix-set 100000 lines", "prefix-set.script",
		    write_prefix_set_case, "prefix-set AS-CONE" },
		{ "2000 neighbors", "neighbors.script",
		    write_neighbors_case, "neighbor 2001:db8:ffff::7d0" },
	};
	char		 xrsh[PATH_MAX], script[PATH_MAX], empty[PATH_MAX];
	struct result	 base, r, b;
	size_t		 i;
	int		 ch, runs = RUNS_DEFAULT, rc = 0, side = 0;
	const char	*errstr = NULL;

	while ((ch = getopt(argc, argv, "bkn:")) != -1) {
		switch (ch) {
		case 'b':
			side = 1;
			break;
		case 'k':
			keep = 1;
			break;
		case 'n':
			runs = (int)strtonum(optarg, 1, RUNS_MAX, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "bench_config: runs %s: %s\n",
				    optarg, errstr);
				usage();
			}
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	/* exec needs a path that survives the child's view of the cwd */
	if (realpath(argc == 1 ? argv[0] : "./xrsh", xrsh) == NULL) {
		fprintf(stderr, "bench_config: %s: %s\n",
		    argc == 1 ? argv[0] : "./xrsh", strerror(errno));
		return 1;
	}
	if (mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "bench_config: mkdtemp: %s\n",
		    strerror(errno));
		return 1;
	}
	if (write_script("empty.script", write_empty_case, empty,
	    sizeof(empty)) == -1 ||
	    (side && write_script("bird.conf", write_bird_case, bird_conf,
	    sizeof(bird_conf)) == -1) ||
	    run_case(xrsh, empty, runs, &base, NULL, NULL) == -1) {
		cleanup();
		return 1;
	}
	printf("empty script: %.3f s median of %d, peak RSS %.1f MiB\n",
	    base.median_secs, runs, base.maxrss_kib / 1024.0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* BIRD's side only for the prefix set */
		const char	*other = side && i == 0 ? bird_conf : NULL;

		if (write_script(cases[i].file, cases[i].gen, script,
		    sizeof(script)) == -1 ||
		    run_case(xrsh, script, runs, &r, other, &b) == -1) {
			rc = 1;
			continue;
		}
		if (!committed(cases[i].proof)) {
			fprintf(stderr, "bench_config: %s: the saved "
			    "configuration lacks \"%s\": not committed?\n",
			    cases[i].label, cases[i].proof);
			rc = 1;
			continue;
		}
		printf("%s: parse+commit %.3f s (median of %d: %.3f s, "
		    "minus empty %.3f s), cpu %.3f s, peak RSS %.1f MiB\n",
		    cases[i].label, r.median_secs - base.median_secs, runs,
		    r.median_secs, base.median_secs, r.median_cpu,
		    r.maxrss_kib / 1024.0);
		if (other == NULL)
			continue;
		printf("  bird -p, same prefixes: %.3f s (median of %d, "
		    "after each run above), cpu %.3f s, peak RSS %.1f MiB\n"
		    "  xrsh/bird: parse+commit %.2f, whole run %.2f, "
		    "cpu %.2f\n", b.median_secs, runs, b.median_cpu,
		    b.maxrss_kib / 1024.0, (r.median_secs -
		    base.median_secs) / b.median_secs, r.median_secs /
		    b.median_secs, r.median_cpu / b.median_cpu);
	}
	cleanup();
	return rc;
}
