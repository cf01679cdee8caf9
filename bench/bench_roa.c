/*
 * bench_roa: the VRP table (core/bgp/roa.c) at full RPKI scale, side by
 * side with rtrlib's pfx_table as the reference.  Built by `make`, run
 * by hand:
 *
 *	./bench/bench_roa [-n vrps] [-r routes] [-s seed] [-o | -O] [-x]
 *
 * n VRPs (default 500,000; 82% IPv4, the share of today's RPKI), shaped
 * like the real set: IPv4 /8../24 (mostly /24, /22, /20, /16), IPv6
 * /19../48 (mostly /48, /32), inside address blocks of RIR sizes (one per
 * 8 IPv4, 4 IPv6 VRPs) mostly with the block's AS, max length the prefix
 * length for most and up to /24 or /48 for the rest, a fifth of them
 * more specifics of an earlier VRP, a few prefixes with several origins.  Then r
 * routes (default 1,000,000): half drawn from the VRPs (the same origin
 * or another, within max length or beyond), half anywhere (mostly not
 * found).  Each table is built and read in its own child process so its
 * RSS growth is its own: insert time, bytes per VRP (roa_memory, the
 * heap's growth per mallinfo2, RSS), validations per second (the best of
 * three passes), and the flush of the source (roa_remove_source; for
 * rtrlib, pfx_table_free).  The two tables'
 * verdicts are compared route by route.  -o: the VRPs inserted in prefix
 * order (as an RTR cache sends its set), -O: the routes validated in
 * prefix order too (a Loc-RIB walk after a change of the VRP set), not in
 * the random order of the default, the worst case for the caches.  -x:
 * xrsh's table only.
 *
 * rtrlib is opened at run time (dlopen of librtr.so.0), not linked: the
 * bench builds, and runs its own half, on a machine without it (apt-get
 * install librtr-dev for the comparison).
 */
#include <dlfcn.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<rtrlib/rtrlib.h>)
#include <rtrlib/rtrlib.h>
#define HAVE_RTRLIB	1
#endif
#endif

#include "core/bgp/roa.h"
#include "core/lib/addr.h"

struct vrp {
	struct xprefix	 p;
	uint8_t		 maxlen;
	uint32_t	 asn;
};

/* Validation passes over the routes; the fastest is reported (the
   machine's other load only ever adds time). */
#define PASSES	3

struct rt {
	struct xprefix	 p;
	uint32_t	 asn;
};

/* What a child reports to the parent through a pipe. */
struct result {
	double		 insert_s;
	double		 validate_s;
	double		 flush_s;
	size_t		 counted;	/* roa_memory; 0 for rtrlib */
	size_t		 heap;		/* mallinfo2 growth */
	size_t		 rss;		/* RSS growth */
	size_t		 added;
	size_t		 states[3];	/* enum rpki_state */
	uint64_t	 digest;	/* of the verdicts, in route order */
};

static uint64_t	 rng = 0x2545f4914f6cdd1dULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned
rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
heap_used(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static size_t
rss(void)
{
	FILE		*f;
	unsigned long	 size, res = 0;

	if ((f = fopen("/proc/self/statm", "r")) == NULL)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return res * (size_t)sysconf(_SC_PAGESIZE);
}

/* A length from a table of (length, weight) pairs ending in 0, 0. */
static unsigned
pick_len(const unsigned (*w)[2])
{
	unsigned	 i, total = 0, r;

	for (i = 0; w[i][1] != 0; i++)
		total += w[i][1];
	r = rndn(total);
	for (i = 0; r >= w[i][1]; i++)
		r -= w[i][1];
	return w[i][0];
}

/*
 * Rough shares (per 10,000) of the real VRP set's prefix lengths: mostly
 * /24, very few short prefixes (a few dozen /8s), so that about half of
 * the address space is covered, as in today's RPKI.
 */
static const unsigned	 v4_lens[][2] = {
	{ 24, 6000 }, { 23, 800 }, { 22, 1000 }, { 21, 400 }, { 20, 500 },
	{ 19, 300 }, { 18, 200 }, { 17, 150 }, { 16, 400 }, { 15, 60 },
	{ 14, 40 }, { 13, 25 }, { 12, 15 }, { 11, 8 }, { 10, 4 }, { 9, 2 },
	{ 8, 1 }, { 0, 0 }
};
static const unsigned	 v6_lens[][2] = {
	{ 48, 40 }, { 32, 20 }, { 29, 6 }, { 44, 6 }, { 40, 5 }, { 36, 5 },
	{ 47, 2 }, { 46, 2 }, { 45, 2 }, { 42, 2 }, { 33, 2 }, { 34, 1 },
	{ 35, 1 }, { 30, 1 }, { 31, 1 }, { 28, 1 }, { 24, 1 }, { 22, 1 },
	{ 19, 1 }, { 0, 0 }
};

static uint32_t
rnd_asn(void)
{
	/* 80,000 origins, some 4-byte */
	uint32_t	 k = rndn(80000);

	return k < 60000 ? 1 + k * 7 % 64000 : 131072 + k * 13;
}

static void
rnd_addr(int af, struct xaddr *a)
{
	unsigned	 i;

	memset(a, 0, sizeof(*a));
	a->af = (uint8_t)af;
	if (af == AF_V4) {
		a->a[0] = (uint8_t)(1 + rndn(223));
		for (i = 1; i < 4; i++)
			a->a[i] = (uint8_t)rnd();
	} else {
		/* 2000::/3, like the global unicast table */
		a->a[0] = (uint8_t)(0x20 + rndn(0x20));
		for (i = 1; i < 16; i++)
			a->a[i] = (uint8_t)rnd();
	}
}

/* A prefix of length len inside p (len >= p's length). */
static void
more_specific(const struct xprefix *p, unsigned len, struct xprefix *q)
{
	unsigned	 i;

	*q = *p;
	for (i = p->len; i < len; i++)
		if (rnd() & 1)
			q->addr.a[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	q->len = (uint8_t)len;
	prefix_mask(q);
}

/*
 * Address blocks as the RIRs hand them out: VRPs cluster inside them, as
 * real ones do inside their holders' allocations.  Rough shares.
 */
static const unsigned	 v4_alloc_lens[][2] = {
	{ 8, 1 }, { 9, 1 }, { 10, 2 }, { 11, 3 }, { 12, 20 }, { 13, 30 },
	{ 14, 50 }, { 15, 60 }, { 16, 150 }, { 17, 80 }, { 18, 100 },
	{ 19, 120 }, { 20, 140 }, { 21, 100 }, { 22, 150 }, { 0, 0 }
};
static const unsigned	 v6_alloc_lens[][2] = {
	{ 19, 1 }, { 20, 1 }, { 22, 1 }, { 24, 2 }, { 28, 3 }, { 29, 15 },
	{ 32, 70 }, { 36, 4 }, { 40, 3 }, { 0, 0 }
};

struct alloc {
	struct xprefix	 p;
	uint32_t	 asn;		/* the holder's usual origin */
};

static void
gen_allocs(struct alloc *al, size_t n, int af)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		memset(&al[i].p, 0, sizeof(al[i].p));
		rnd_addr(af, &al[i].p.addr);
		al[i].p.len = (uint8_t)pick_len(af == AF_V4 ? v4_alloc_lens :
		    v6_alloc_lens);
		prefix_mask(&al[i].p);
		al[i].asn = rnd_asn();
	}
}

static int
gen_vrps(struct vrp *v, size_t n)
{
	struct alloc	*al[2];
	size_t		 i, j, nal[2];
	unsigned	 top, len;
	int		 af, k;

	/* one IPv4 block per 8 IPv4 VRPs, one IPv6 block per 4 */
	nal[0] = n * 82 / 100 / 8 + 1;
	nal[1] = n * 18 / 100 / 4 + 1;
	for (k = 0; k < 2; k++) {
		if ((al[k] = calloc(nal[k], sizeof(*al[k]))) == NULL)
			return -1;
		gen_allocs(al[k], nal[k], k == 0 ? AF_V4 : AF_V6);
	}
	for (i = 0; i < n; i++) {
		af = rndn(100) < 82 ? AF_V4 : AF_V6;
		top = af == AF_V4 ? 24 : 48;
		if (i > 0 && rndn(20) == 0) {
			/* another origin for an earlier prefix */
			j = rndn((unsigned)i);
			v[i] = v[j];
			v[i].asn = rnd_asn();
			continue;
		}
		j = i > 0 ? rndn((unsigned)i) : 0;
		if (i > 0 && rndn(5) == 0 && v[j].p.addr.af == af &&
		    v[j].p.len < top) {
			/* a more specific of an earlier VRP, same origin */
			len = v[j].p.len + 1 + rndn(top - v[j].p.len);
			more_specific(&v[j].p, len, &v[i].p);
			v[i].asn = v[j].asn;
		} else {
			/* inside a block, mostly with the holder's AS */
			k = af == AF_V4 ? 0 : 1;
			j = rndn((unsigned)nal[k]);
			len = pick_len(af == AF_V4 ? v4_lens : v6_lens);
			if (len < al[k][j].p.len)
				len = al[k][j].p.len;
			more_specific(&al[k][j].p, len, &v[i].p);
			v[i].asn = rndn(10) < 7 ? al[k][j].asn : rnd_asn();
		}
		len = v[i].p.len;
		v[i].maxlen = (uint8_t)(rndn(10) < 7 ? len :
		    len + rndn(top - len + 1));
	}
	free(al[0]);
	free(al[1]);
	return 0;
}

static void
gen_routes(const struct vrp *v, size_t nv, struct rt *r, size_t n)
{
	size_t		 i;
	const struct vrp *x;
	unsigned	 top, len;
	int		 af;

	for (i = 0; i < n; i++) {
		if (nv > 0 && rndn(2) == 0) {
			x = &v[rndn((unsigned)nv)];
			top = x->p.addr.af == AF_V4 ? 24 : 48;
			/* at maxlen or below mostly, sometimes beyond */
			len = rndn(4) == 0 && x->maxlen < top ?
			    x->maxlen + 1 + rndn(top - x->maxlen) :
			    x->p.len + rndn(x->maxlen - x->p.len + 1);
			more_specific(&x->p, len, &r[i].p);
			r[i].asn = rndn(4) == 0 ? rnd_asn() : x->asn;
			continue;
		}
		af = rndn(100) < 83 ? AF_V4 : AF_V6;
		memset(&r[i].p, 0, sizeof(r[i].p));
		rnd_addr(af, &r[i].p.addr);
		r[i].p.len = (uint8_t)(af == AF_V4 ? 16 + rndn(9) :
		    32 + rndn(17));
		prefix_mask(&r[i].p);
		r[i].asn = rnd_asn();
	}
}

static int
vrp_cmp(const void *a, const void *b)
{
	const struct vrp	*x = a, *y = b;

	return prefix_cmp(&x->p, &y->p);
}

static int
rt_cmp(const void *a, const void *b)
{
	const struct rt	*x = a, *y = b;

	return prefix_cmp(&x->p, &y->p);
}

static uint64_t
digest_add(uint64_t d, unsigned state)
{
	return (d ^ state) * 0x100000001b3ULL;
}

static int
run_xrsh(const struct vrp *v, size_t nv, const struct rt *r, size_t nr,
    struct result *res)
{
	struct roa_table	*t;
	size_t			 i, h0, r0;
	double			 t0;
	enum rpki_state		 s;
	int			 rc, pass;

	h0 = heap_used();
	r0 = rss();
	if ((t = roa_table_new()) == NULL)
		return -1;
	t0 = now();
	for (i = 0; i < nv; i++) {
		rc = roa_add(t, &v[i].p, v[i].maxlen, v[i].asn, 1);
		if (rc == -1)
			return -1;
		res->added += (size_t)rc;
	}
	res->insert_s = now() - t0;
	res->counted = roa_memory(t);
	res->heap = heap_used() - h0;
	res->rss = rss() - r0;
	res->digest = 0xcbf29ce484222325ULL;
	for (pass = 0; pass < PASSES; pass++) {
		t0 = now();
		for (i = 0; i < nr; i++) {
			s = roa_validate(t, &r[i].p, r[i].asn, 1);
			if (pass == 0) {
				res->states[s]++;
				res->digest = digest_add(res->digest, s);
			}
		}
		t0 = now() - t0;
		if (pass == 0 || t0 < res->validate_s)
			res->validate_s = t0;
	}
	t0 = now();
	if (roa_remove_source(t, 1, NULL, NULL) != res->added)
		return -1;
	res->flush_s = now() - t0;
	roa_table_free(t);
	return 0;
}

#ifdef HAVE_RTRLIB
/* The four functions of rtrlib's pfx_table the bench calls. */
static struct {
	void	(*init)(struct pfx_table *, pfx_update_fp);
	void	(*free)(struct pfx_table *);
	int	(*add)(struct pfx_table *, const struct pfx_record *);
	int	(*validate)(struct pfx_table *, const uint32_t,
		    const struct lrtr_ip_addr *, const uint8_t,
		    enum pfxv_state *);
} rtr;

static int
rtr_open(void)
{
	void	*h;

	if ((h = dlopen("librtr.so.0", RTLD_NOW)) == NULL &&
	    (h = dlopen("librtr.so", RTLD_NOW)) == NULL)
		return -1;
	*(void **)&rtr.init = dlsym(h, "pfx_table_init");
	*(void **)&rtr.free = dlsym(h, "pfx_table_free");
	*(void **)&rtr.add = dlsym(h, "pfx_table_add");
	*(void **)&rtr.validate = dlsym(h, "pfx_table_validate");
	if (rtr.init == NULL || rtr.free == NULL || rtr.add == NULL ||
	    rtr.validate == NULL)
		return -1;
	return 0;
}

static void
to_lrtr(const struct xprefix *p, struct lrtr_ip_addr *a)
{
	unsigned	 w;
	const uint8_t	*b = p->addr.a;

	memset(a, 0, sizeof(*a));
	if (p->addr.af == AF_V4) {
		a->ver = LRTR_IPV4;
		a->u.addr4.addr = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		    (uint32_t)b[2] << 8 | b[3];
		return;
	}
	a->ver = LRTR_IPV6;
	for (w = 0; w < 4; w++)
		a->u.addr6.addr[w] = (uint32_t)b[4 * w] << 24 |
		    (uint32_t)b[4 * w + 1] << 16 |
		    (uint32_t)b[4 * w + 2] << 8 | b[4 * w + 3];
}

static int
run_rtrlib(const struct vrp *v, size_t nv, const struct rt *r,
    size_t nr, struct result *res)
{
	struct pfx_table	 t;
	struct pfx_record	 rec;
	struct lrtr_ip_addr	*ra;
	enum pfxv_state		 ps;
	size_t			 i, h0, r0;
	double			 t0;
	unsigned		 s;
	int			 rc, pass;

	/* The routes in rtrlib's form first, outside the timing. */
	if ((ra = calloc(nr, sizeof(*ra))) == NULL)
		return -1;
	for (i = 0; i < nr; i++)
		to_lrtr(&r[i].p, &ra[i]);
	h0 = heap_used();
	r0 = rss();
	rtr.init(&t, NULL);
	t0 = now();
	for (i = 0; i < nv; i++) {
		memset(&rec, 0, sizeof(rec));
		rec.asn = v[i].asn;
		to_lrtr(&v[i].p, &rec.prefix);
		rec.min_len = v[i].p.len;
		rec.max_len = v[i].maxlen;
		rec.socket = NULL;
		rc = rtr.add(&t, &rec);
		if (rc == PFX_SUCCESS)
			res->added++;
		else if (rc != PFX_DUPLICATE_RECORD)
			return -1;
	}
	res->insert_s = now() - t0;
	res->heap = heap_used() - h0;
	res->rss = rss() - r0;
	res->digest = 0xcbf29ce484222325ULL;
	for (pass = 0; pass < PASSES; pass++) {
		t0 = now();
		for (i = 0; i < nr; i++) {
			if (rtr.validate(&t, r[i].asn, &ra[i], r[i].p.len,
			    &ps) != PFX_SUCCESS)
				return -1;
			s = ps == BGP_PFXV_STATE_VALID ? RPKI_VALID :
			    ps == BGP_PFXV_STATE_INVALID ? RPKI_INVALID :
			    RPKI_NOT_FOUND;
			if (pass == 0) {
				res->states[s]++;
				res->digest = digest_add(res->digest, s);
			}
		}
		t0 = now() - t0;
		if (pass == 0 || t0 < res->validate_s)
			res->validate_s = t0;
	}
	t0 = now();
	rtr.free(&t);
	res->flush_s = now() - t0;
	free(ra);
	return 0;
}
#endif	/* HAVE_RTRLIB */

/* Runs one table in a child; its result comes back through a pipe. */
static int
in_child(int (*fn)(const struct vrp *, size_t, const struct rt *,
    size_t, struct result *), const struct vrp *v, size_t nv,
    const struct rt *r, size_t nr, struct result *res)
{
	int	 fd[2], st;
	pid_t	 pid;
	ssize_t	 got;

	memset(res, 0, sizeof(*res));
	if (pipe(fd) == -1)
		return -1;
	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		if (fn(v, nv, r, nr, res) == -1)
			_exit(1);
		if (write(fd[1], res, sizeof(*res)) != sizeof(*res))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	got = read(fd[0], res, sizeof(*res));
	close(fd[0]);
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0 || got != sizeof(*res))
		return -1;
	return 0;
}

static void
print(const char *name, const struct result *x, size_t nr)
{
	double	 n = (double)x->added;

	printf("%-7s insert %.3f s (%.0f ns/VRP)  validate %.3f s "
	    "(%.1f M/s, %.0f ns each)  flush %.3f s\n", name, x->insert_s,
	    x->insert_s * 1e9 / n, x->validate_s, (double)nr / x->validate_s /
	    1e6, x->validate_s * 1e9 / (double)nr, x->flush_s);
	printf("%-7s bytes/VRP: counted %.1f  heap %.1f  RSS %.1f   "
	    "(valid %zu invalid %zu not-found %zu)\n", "",
	    x->counted ? (double)x->counted / n : 0.0, (double)x->heap / n,
	    (double)x->rss / n, x->states[RPKI_VALID],
	    x->states[RPKI_INVALID], x->states[RPKI_NOT_FOUND]);
}

/* Both tables on the same input; the exit status. */
static int
run_all(const struct vrp *v, size_t nv, const struct rt *r, size_t nr,
    int only)
{
	struct result	 rx;

	if (in_child(run_xrsh, v, nv, r, nr, &rx) == -1) {
		fprintf(stderr, "bench_roa: the xrsh run failed\n");
		return 1;
	}
	printf("%zu distinct VRPs\n", rx.added);
	print("xrsh", &rx, nr);
	if (only)
		return 0;
#ifndef HAVE_RTRLIB
	printf("rtrlib: not built in (no <rtrlib/rtrlib.h>)\n");
	return 0;
#else
	struct result	 rr;

	if (rtr_open() == -1) {
		printf("rtrlib: librtr.so.0 not found: %s\n", dlerror());
		return 0;
	}
	if (in_child(run_rtrlib, v, nv, r, nr, &rr) == -1) {
		fprintf(stderr, "bench_roa: the rtrlib run failed\n");
		return 1;
	}
	print("rtrlib", &rr, nr);
	printf("ratio rtrlib/xrsh: insert %.2f  validate %.2f  heap %.2f  "
	    "RSS %.2f\n", rr.insert_s / rx.insert_s,
	    rr.validate_s / rx.validate_s, (double)rr.heap / (double)rx.heap,
	    (double)rr.rss / (double)rx.rss);
	if (rr.added != rx.added || rr.digest != rx.digest) {
		printf("MISMATCH: the two tables disagree\n");
		return 1;
	}
	printf("verdicts agree on every route\n");
	return 0;
#endif
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_roa [-n vrps] [-r routes] [-s seed] "
	    "[-o | -O] [-x]\n");
}

int
main(int argc, char **argv)
{
	struct vrp	*v;
	struct rt	*r;
	size_t		 nv = 500000, nr = 1000000, i, n4 = 0;
	int		 c, only = 0, sorted = 0;

	while ((c = getopt(argc, argv, "n:r:oOs:x")) != -1) {
		switch (c) {
		case 'o':
			sorted = 1;
			break;
		case 'O':
			sorted = 2;
			break;
		case 'n':
			nv = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			nr = strtoul(optarg, NULL, 10);
			break;
		case 's':
			rng = strtoull(optarg, NULL, 0) | 1;
			break;
		case 'x':
			only = 1;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (nv == 0 || nr == 0) {
		usage();
		return 2;
	}
	if ((v = calloc(nv, sizeof(*v))) == NULL ||
	    (r = calloc(nr, sizeof(*r))) == NULL) {
		fprintf(stderr, "bench_roa: out of memory\n");
		return 1;
	}
	if (gen_vrps(v, nv) == -1) {
		fprintf(stderr, "bench_roa: out of memory\n");
		return 1;
	}
	gen_routes(v, nv, r, nr);
	if (sorted)
		qsort(v, nv, sizeof(*v), vrp_cmp);
	if (sorted == 2)
		qsort(r, nr, sizeof(*r), rt_cmp);
	for (i = 0; i < nv; i++)
		n4 += v[i].p.addr.af == AF_V4;
	printf("%zu VRPs generated (%zu IPv4, %zu IPv6), %zu routes; VRPs "
	    "in %s order, routes in %s order\n", nv, n4, nv - n4, nr,
	    sorted ? "prefix" : "random", sorted == 2 ? "prefix" : "random");

	c = run_all(v, nv, r, nr, only);
	free(v);
	free(r);
	return c;
}
