/*
 * bench_pfxtable: the prefix table at full-table scale, and attribute
 * interning on real data.  Built by `make`, run by hand:
 *
 *	./bench/bench_pfxtable [-n prefixes] [-m mrt-table-dump.gz]
 *
 * IPv4: n (default 1,000,000) distinct prefixes with a full table's
 * length mix (about 60% /24, then /22, /23, /20, /16 ...), half of them
 * clustered inside 30,000 /16 regions as allocations are; IPv6: n/5
 * prefixes (/48, /32, /44, /40, /36 ...).  Prints inserts/s, exact
 * lookups/s, longest-match/s, full walk and chunked cursor walk times,
 * deletes/s (wall clock, and CPU ns per operation, steadier on a shared
 * machine) and bytes per prefix, both as the table counts its slabs and
 * as mallinfo2() sees the heap grow.
 *
 * With -m (an MRT TABLE_DUMP v1 RIB, e.g. the bview in
 * /work/shared/data/mrt), every route's attributes are interned and the
 * sharing is reported: distinct sets for the paths, and how many
 * distinct AS paths and community lists those sets hold (what interning
 * those separately would save).
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/lib/pfxtable.h"
#include "core/bgp/proto.h"
#include "core/lib/addr.h"

static uint64_t	 rng = 0x2545f4914f6cdd1dULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process: the machine is shared, wall time is noisy. */
static double
cpu(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
heap_used(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* Share of each length in a full IPv4 table, per mille. */
static const struct {
	uint8_t	 len;
	unsigned permille;
} v4mix[] = {
	{ 24, 600 }, { 22, 95 }, { 23, 80 }, { 20, 50 }, { 21, 45 },
	{ 16, 35 }, { 19, 30 }, { 18, 20 }, { 17, 15 }, { 15, 6 },
	{ 14, 6 }, { 13, 5 }, { 12, 4 }, { 11, 3 }, { 10, 2 }, { 9, 1 },
	{ 8, 3 }
};

static const struct {
	uint8_t	 len;
	unsigned permille;
} v6mix[] = {
	{ 48, 480 }, { 32, 130 }, { 44, 80 }, { 40, 70 }, { 36, 50 },
	{ 46, 40 }, { 47, 30 }, { 29, 30 }, { 42, 30 }, { 45, 20 },
	{ 64, 20 }, { 28, 20 }
};

static uint8_t
pick_len(int v6)
{
	unsigned	 r = (unsigned)(rnd() % 1000), acc = 0, i, n;

	n = v6 ? sizeof(v6mix) / sizeof(v6mix[0]) :
	    sizeof(v4mix) / sizeof(v4mix[0]);
	for (i = 0; i < n; i++) {
		acc += v6 ? v6mix[i].permille : v4mix[i].permille;
		if (r < acc)
			return v6 ? v6mix[i].len : v4mix[i].len;
	}
	return v6 ? 48 : 24;
}

#define NREGIONS	30000

static void
gen(struct xprefix *p, int v6, const uint32_t *regions)
{
	uint32_t	 w;
	uint64_t	 r = rnd();

	memset(p, 0, sizeof(*p));
	p->len = pick_len(v6);
	if (!v6) {
		p->addr.af = AF_V4;
		if (r & 1)	/* clustered: inside an allocated /16 */
			w = regions[(r >> 1) % NREGIONS] |
			    (uint32_t)(rnd() & 0xffff);
		else		/* anywhere in 1.0.0.0 - 223.255.255.255 */
			w = (uint32_t)(0x01000000 + rnd() % 0xdf000000u);
		p->addr.a[0] = (uint8_t)(w >> 24);
		p->addr.a[1] = (uint8_t)(w >> 16);
		p->addr.a[2] = (uint8_t)(w >> 8);
		p->addr.a[3] = (uint8_t)w;
	} else {
		p->addr.af = AF_V6;
		/* 2000::/3, mostly 2001: - 2a0f: as the registries give. */
		w = 0x20010000u + (uint32_t)(rnd() % 0x0a0f0000u);
		p->addr.a[0] = (uint8_t)(w >> 24);
		p->addr.a[1] = (uint8_t)(w >> 16);
		p->addr.a[2] = (uint8_t)(w >> 8);
		p->addr.a[3] = (uint8_t)w;
		w = (uint32_t)rnd();
		memcpy(p->addr.a + 4, &w, 4);
		w = (uint32_t)rnd();
		memcpy(p->addr.a + 8, &w, 4);
	}
	prefix_mask(p);
}

static int
count_cb(const struct xprefix *p, void *v, void *arg)
{
	(void)p;
	(void)v;
	(*(size_t *)arg)++;
	return 0;
}

static void
bench_af(int v6, size_t n)
{
	struct pfxtable		*t;
	struct xprefix		*pf, tmp;
	struct xaddr		*ad;
	struct pfxtable_cursor	 cur;
	uint32_t		 regions[NREGIONS];
	size_t			 i, k, hits, heap0, heap1, cnt, chunks;
	double			 t0, t1, c0, c1;
	void			*v, *old;
	const char		*name = v6 ? "IPv6" : "IPv4";

	for (i = 0; i < NREGIONS; i++)
		regions[i] = (uint32_t)(0x01000000 + rnd() % 0xdf000000u) &
		    0xffff0000u;
	if ((pf = calloc(n, sizeof(*pf))) == NULL ||
	    (ad = calloc(n, sizeof(*ad))) == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	heap0 = heap_used();
	if ((t = pfxtable_new(v6 ? AF_V6 : AF_V4)) == NULL)
		exit(1);

	/* Distinct prefixes: regenerate on a duplicate (timed together). */
	t0 = now();
	c0 = cpu();
	for (i = 0; i < n; ) {
		gen(&pf[i], v6, regions);
		if (pfxtable_put(t, &pf[i], &pf[i], &old) == -1) {
			fprintf(stderr, "pfxtable_put failed\n");
			exit(1);
		}
		if (old == NULL)
			i++;
		else	/* duplicate: the old entry must keep its own */
			pfxtable_put(t, &pf[i], old, NULL);
	}
	t1 = now();
	c1 = cpu();
	heap1 = heap_used();
	printf("%s %zu prefixes\n", name, pfxtable_count(t));
	printf("  insert        %8.0f k/s  (%.3f s)  %6.0f ns/op cpu\n",
	    n / (t1 - t0) / 1e3, t1 - t0, (c1 - c0) * 1e9 / n);
	printf("  bytes/prefix  %8.1f table (slabs)  %8.1f heap (mallinfo2)\n",
	    (double)pfxtable_memory(t) / n, (double)(heap1 - heap0) / n);

	/* Exact lookups in a shuffled order (no cache-friendly replay). */
	for (i = n - 1; i > 0; i--) {
		k = (size_t)(rnd() % (i + 1));
		tmp = pf[i];
		pf[i] = pf[k];
		pf[k] = tmp;
	}
	hits = 0;
	t0 = now();
	c0 = cpu();
	for (i = 0; i < n; i++)
		hits += pfxtable_get(t, &pf[i]) != NULL;
	t1 = now();
	c1 = cpu();
	printf("  get           %8.0f k/s  (%zu found)  %6.0f ns/op cpu\n",
	    n / (t1 - t0) / 1e3, hits, (c1 - c0) * 1e9 / n);

	/* Longest match: addresses inside stored prefixes, and random. */
	for (i = 0; i < n; i++) {
		ad[i] = pf[i].addr;
		if (i & 1)
			ad[i].a[v6 ? 15 : 3] ^= (uint8_t)rnd();
		else
			ad[i].a[v6 ? 7 : 1] ^= (uint8_t)rnd();
	}
	hits = 0;
	t0 = now();
	c0 = cpu();
	for (i = 0; i < n; i++)
		hits += pfxtable_match(t, &ad[i], NULL) != NULL;
	t1 = now();
	c1 = cpu();
	printf("  match         %8.0f k/s  (%zu matched)  %6.0f ns/op cpu\n",
	    n / (t1 - t0) / 1e3, hits, (c1 - c0) * 1e9 / n);

	cnt = 0;
	t0 = now();
	c0 = cpu();
	pfxtable_walk(t, count_cb, &cnt);
	t1 = now();
	c1 = cpu();
	printf("  walk          %8.3f s    (%.0f ns/prefix)  %6.0f ns/op cpu\n",
	    t1 - t0, (t1 - t0) * 1e9 / cnt, (c1 - c0) * 1e9 / cnt);

	/* The cursor in chunks of 100, as `show bgp` would page. */
	cnt = chunks = 0;
	pfxtable_cursor_init(&cur, NULL);
	t0 = now();
	c0 = cpu();
	for (;;) {
		for (k = 0; k < 100; k++) {
			if (!pfxtable_cursor_next(t, &cur, NULL, &v))
				break;
			cnt++;
		}
		chunks++;
		if (k < 100)
			break;
	}
	t1 = now();
	c1 = cpu();
	printf("  cursor walk   %8.3f s    (%.0f ns/prefix, %zu chunks)  "
	    "%6.0f ns/op cpu\n", t1 - t0, (t1 - t0) * 1e9 / cnt, chunks,
	    (c1 - c0) * 1e9 / cnt);

	t0 = now();
	c0 = cpu();
	for (i = 0; i < n; i++)
		if (pfxtable_del(t, &pf[i]) == NULL) {
			fprintf(stderr, "pfxtable_del missed\n");
			exit(1);
		}
	t1 = now();
	c1 = cpu();
	printf("  delete        %8.0f k/s  (left %zu)  %6.0f ns/op cpu\n",
	    n / (t1 - t0) / 1e3, pfxtable_count(t), (c1 - c0) * 1e9 / n);
	pfxtable_free(t, NULL);
	free(pf);
	free(ad);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Attributes of a TABLE_DUMP v1 entry (2-octet AS paths); NULL if bad. */
static struct bgp_attrs *
mrt_attrs(const uint8_t *p, size_t len)
{
	struct bgp_attrs	*a;
	size_t			 off = 0, alen, seg, i, o, n;
	uint8_t			 flags, type;
	const uint8_t		*d;

	if ((a = bgp_attrs_new()) == NULL)
		return NULL;
	while (len - off >= 3) {
		flags = p[off];
		type = p[off + 1];
		if (flags & 0x10) {
			if (len - off < 4)
				break;
			alen = be16(p + off + 2);
			off += 4;
		} else {
			alen = p[off + 2];
			off += 3;
		}
		if (alen > len - off)
			break;
		d = p + off;
		off += alen;
		a->present |= type < 32 ? BGP_ATTRBIT(type) : 0;
		switch (type) {
		case BGP_ATTR_ORIGIN:
			if (alen == 1)
				a->origin = d[0];
			break;
		case BGP_ATTR_AS_PATH:
			/* 2-octet segments to the 4-octet form. */
			for (i = n = 0; alen - i >= 2; i += 2 + 2 * seg) {
				seg = d[i + 1];
				if (2 * seg > alen - i - 2)
					break;
				n += 2 + 4 * seg;
			}
			if (n == 0 || (a->aspath = malloc(n)) == NULL)
				break;
			for (i = o = 0; alen - i >= 2 && o < n;
			    i += 2 + 2 * seg) {
				size_t	 j;

				seg = d[i + 1];
				a->aspath[o++] = d[i];
				a->aspath[o++] = (uint8_t)seg;
				for (j = 0; j < seg; j++) {
					a->aspath[o++] = 0;
					a->aspath[o++] = 0;
					a->aspath[o++] = d[i + 2 + 2 * j];
					a->aspath[o++] = d[i + 3 + 2 * j];
				}
			}
			a->aspath_len = n;
			break;
		case BGP_ATTR_NEXT_HOP:
			if (alen == 4) {
				a->nexthop.af = AF_V4;
				memcpy(a->nexthop.a, d, 4);
			}
			break;
		case BGP_ATTR_MED:
			if (alen == 4)
				a->med = be32(d);
			break;
		case BGP_ATTR_LOCAL_PREF:
			if (alen == 4)
				a->local_pref = be32(d);
			break;
		case BGP_ATTR_AGGREGATOR:
			if (alen == 6) {
				a->aggregator_as = be16(d);
				a->aggregator_id = be32(d + 2);
			}
			break;
		case BGP_ATTR_COMMUNITIES:
			if (alen == 0 || alen % 4 != 0 ||
			    (a->communities = malloc(alen)) == NULL)
				break;
			for (i = 0; i < alen / 4; i++)
				a->communities[i] = be32(d + 4 * i);
			a->ncommunities = alen / 4;
			break;
		}
	}
	return a;
}

static void
bench_mrt(const char *path)
{
	struct bgp_attrs_intern_stats	 st;
	struct bgp_attrs		*a, **paths = NULL, **np;
	uint8_t				 hdr[12], *body = NULL, *nb;
	size_t				 npaths = 0, cap = 0, blen, alen, i;
	size_t				 heap0, raw = 0;
	uint32_t			 len;
	uint16_t			 type, sub;
	char				 cmd[1024];
	FILE				*f;

	/* The path goes to the shell quoted; refuse quotes inside it. */
	if (strchr(path, '\'') != NULL || snprintf(cmd, sizeof(cmd),
	    "gzip -dc '%s'", path) >= (int)sizeof(cmd)) {
		fprintf(stderr, "bad path\n");
		exit(1);
	}
	if ((f = popen(cmd, "r")) == NULL) {
		perror("popen");
		exit(1);
	}
	heap0 = heap_used();
	while (fread(hdr, 1, 12, f) == 12) {
		type = be16(hdr + 4);
		sub = be16(hdr + 6);
		len = be32(hdr + 8);
		if ((nb = realloc(body, len ? len : 1)) == NULL)
			exit(1);
		body = nb;
		if (fread(body, 1, len, f) != len)
			break;
		/* TABLE_DUMP (12), AFI IPv4: 22 bytes before the attributes. */
		if (type != 12 || sub != 1 || len < 22)
			continue;
		alen = be16(body + 20);
		if (alen > len - 22)
			continue;
		if ((a = mrt_attrs(body + 22, alen)) == NULL)
			exit(1);
		raw += bgp_attrs_bytes(a);
		if ((a = bgp_attrs_intern(a)) == NULL)
			exit(1);
		if (npaths == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((np = realloc(paths, cap * sizeof(*np))) == NULL)
				exit(1);
			paths = np;
		}
		paths[npaths++] = a;
	}
	pclose(f);
	free(body);
	blen = heap_used() - heap0;
	if (bgp_attrs_intern_stats(&st, 1) == -1)
		fprintf(stderr, "analysis out of memory\n");
	printf("MRT %s\n", path);
	printf("  paths %zu, distinct attribute sets %zu (%.2f paths/set), "
	    "refs %zu\n", npaths, st.sets,
	    st.sets ? (double)npaths / st.sets : 0.0, st.refs);
	printf("  set bytes %zu interned vs %zu one per path "
	    "(+ table %zu; heap grew %zu incl. path array)\n",
	    st.bytes, raw, st.table_bytes, blen);
	printf("  AS paths in sets %zu, distinct %zu: %zu bytes, %zu if "
	    "shared (saves %zu, %.1f%% of set bytes)\n", st.aspaths,
	    st.aspaths_distinct, st.aspath_bytes, st.aspath_bytes_distinct,
	    st.aspath_bytes - st.aspath_bytes_distinct,
	    st.bytes ? 100.0 * (st.aspath_bytes -
	    st.aspath_bytes_distinct) / st.bytes : 0.0);
	printf("  community lists in sets %zu, distinct %zu: %zu bytes, %zu "
	    "if shared (saves %zu, %.1f%% of set bytes)\n", st.comms,
	    st.comms_distinct, st.comm_bytes, st.comm_bytes_distinct,
	    st.comm_bytes - st.comm_bytes_distinct,
	    st.bytes ? 100.0 * (st.comm_bytes -
	    st.comm_bytes_distinct) / st.bytes : 0.0);
	for (i = 0; i < npaths; i++)
		bgp_attrs_unref(paths[i]);
	free(paths);
	bgp_attrs_intern_stats(&st, 0);
	printf("  after release: %zu sets\n", st.sets);
}

int
main(int argc, char *argv[])
{
	size_t		 n = 1000000;
	const char	*mrt = NULL;
	int		 ch;

	while ((ch = getopt(argc, argv, "m:n:")) != -1) {
		switch (ch) {
		case 'm':
			mrt = optarg;
			break;
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr,
			    "usage: bench_pfxtable [-n prefixes] [-m mrt.gz]\n");
			return 2;
		}
	}
	if (n < 10)
		n = 10;
	bench_af(0, n);
	bench_af(1, n / 5);
	if (mrt != NULL)
		bench_mrt(mrt);
	return 0;
}
