/*
 * bench_locrib: Loc-RIB memory and speed at full-table scale.  Built by
 * `make`, run by hand:
 *
 *	./bench/bench_locrib [-n prefixes] [-s sources]
 *
 * Two runs: n (default 1,000,000) IPv4 prefixes from one source, and
 * n / 10 prefixes from each of s (default 10) sources, each source with
 * its own attributes for every prefix (no two sources agree), drawn from
 * 5,000 distinct sets per source as a real feed shares them.  Prints
 * updates/s and bytes per prefix and per path, as locrib_memory() counts
 * them and as mallinfo2() sees the heap grow (attribute sets excluded:
 * they are reported apart), then the flush of every source.
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
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/lib/addr.h"

#define NSETS	5000

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

static size_t
heap_used(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* Set k of source s: AS path of 2-6 ASes, a MED, next hop per source. */
static struct bgp_attrs *
mkset(unsigned s, unsigned k)
{
	struct bgp_attrs	*a;
	uint32_t		 asns[6];
	unsigned		 i, n = 2 + k % 5;
	size_t			 len;

	if ((a = bgp_attrs_new()) == NULL)
		return NULL;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED);
	for (i = 0; i < n; i++)
		asns[i] = 64512 + s * 1000 + (k * 7 + i * 13) % 997;
	if (bgp_aspath_from_list(asns, n, &a->aspath, &len) == -1) {
		bgp_attrs_unref(a);
		return NULL;
	}
	a->aspath_len = (uint32_t)len;
	a->med = k;
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[2] = (uint8_t)(s >> 8);
	a->nexthop.a[3] = (uint8_t)s;
	return a;
}

/*
 * The i-th of n distinct prefixes, all /24s: the length mix of a full
 * table matters to the trie only, which bench_pfxtable measures.
 */
static void
mkpfx(size_t i, struct xprefix *p)
{
	uint32_t	 v;

	memset(p, 0, sizeof(*p));
	p->addr.af = AF_V4;
	/* bijective in i for i < 2^20 (an odd multiplier), spread out */
	v = (uint32_t)((i * 0x9E3779B1u) & 0xfffffu);
	p->addr.a[0] = (uint8_t)(1 + (v >> 16) * 13);
	p->addr.a[1] = (uint8_t)(v >> 8);
	p->addr.a[2] = (uint8_t)v;
	p->len = 24;
}

/*
 * What `show bgp A.B.C.D` and `show bgp P/L` cost in the table before any
 * formatting: longest match for random addresses, exact match for
 * stored prefixes.
 */
static void
lookups(const struct locrib *rib, size_t nprefixes)
{
	const struct locrib_entry	*e;
	struct xprefix			 p;
	struct xaddr			 a;
	size_t				 i, hit = 0, n = 200000;
	double				 t0, t1, t2;
	uint32_t			 v;

	t0 = now();
	for (i = 0; i < n; i++) {
		v = (uint32_t)rnd();
		memset(&a, 0, sizeof(a));
		a.af = AF_V4;
		a.a[0] = (uint8_t)(v >> 24);
		a.a[1] = (uint8_t)(v >> 16);
		a.a[2] = (uint8_t)(v >> 8);
		a.a[3] = (uint8_t)v;
		if ((e = locrib_match(rib, &a, NULL)) != NULL)
			hit++;
	}
	t1 = now();
	for (i = 0; i < n; i++) {
		mkpfx((size_t)rnd() % nprefixes, &p);
		if ((e = locrib_lookup(rib, &p)) != NULL)
			hit++;
	}
	t2 = now();
	printf("  lookups: longest match %.0f ns, exact %.0f ns (%zu hits)\n",
	    (t1 - t0) * 1e9 / (double)n, (t2 - t1) * 1e9 / (double)n, hit);
}

static int
run(size_t nprefixes, unsigned nsrc)
{
	struct locrib			*rib;
	struct locrib_source		*src;
	struct bgp_attrs		*a;
	struct bgp_attrs_intern_stats	 st;
	struct xprefix			 p;
	size_t				 i, h0, h1, m, npaths, removed = 0;
	double				 t0, t1;
	unsigned			 s;

	if ((src = calloc(nsrc, sizeof(*src))) == NULL)
		return -1;
	for (s = 0; s < nsrc; s++) {
		src[s].ebgp = 1;
		src[s].peer_router_id = s + 1;
		src[s].peer_addr.af = AF_V4;
		src[s].peer_addr.a[0] = 10;
		src[s].peer_addr.a[2] = (uint8_t)(s >> 8);
		src[s].peer_addr.a[3] = (uint8_t)s;
	}
	h0 = heap_used();
	if ((rib = locrib_new(AF_V4, NULL)) == NULL) {
		free(src);
		return -1;
	}
	t0 = now();
	for (s = 0; s < nsrc; s++)
		for (i = 0; i < nprefixes; i++) {
			mkpfx(i, &p);
			if ((a = mkset(s, (unsigned)(rnd() % NSETS))) == NULL ||
			    locrib_update(rib, &p, &src[s], a, t0) == -1) {
				fprintf(stderr, "out of memory\n");
				locrib_free(rib);
				free(src);
				return -1;
			}
		}
	t1 = now();
	h1 = heap_used();
	bgp_attrs_intern_stats(&st, 0);
	m = locrib_memory(rib);
	npaths = locrib_count_paths(rib);
	printf("%zu prefixes x %u source%s: %zu paths, %.0f updates/s\n",
	    locrib_count_prefixes(rib), nsrc, nsrc == 1 ? "" : "s", npaths,
	    (double)npaths / (t1 - t0));
	printf("  locrib_memory: %zu bytes, %.1f B/prefix, %.1f B/path\n",
	    m, (double)m / (double)locrib_count_prefixes(rib),
	    (double)m / (double)npaths);
	/* under a sanitizer mallinfo2() does not see the heap */
	if (h1 >= h0 + st.bytes + st.table_bytes) {
		h1 -= st.bytes + st.table_bytes;
		printf("  heap growth without attribute sets: %zu bytes, "
		    "%.1f B/prefix, %.1f B/path\n", h1 - h0,
		    (double)(h1 - h0) / (double)locrib_count_prefixes(rib),
		    (double)(h1 - h0) / (double)npaths);
	}
	printf("  attribute sets: %zu distinct, %zu bytes (+%zu table)\n",
	    st.sets, st.bytes, st.table_bytes);
	lookups(rib, nprefixes);
	t0 = now();
	for (s = 0; s < nsrc; s++)
		removed += locrib_flush_source(rib, &src[s]);
	t1 = now();
	printf("  flush of every source: %zu paths in %.3f s\n", removed,
	    t1 - t0);
	locrib_free(rib);
	free(src);
	bgp_attrs_intern_stats(&st, 0);
	return st.sets == 0 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	size_t		 n = 1000000;
	unsigned	 nsrc = 10;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 's':
			nsrc = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: bench_locrib [-n prefixes] "
			    "[-s sources]\n");
			return 2;
		}
	}
	if (n == 0 || n > (1u << 20) || nsrc == 0) {
		fprintf(stderr, "bench_locrib: bad -n or -s\n");
		return 2;
	}
	if (run(n, 1) == -1)
		return 1;
	if (run(n / 10, nsrc) == -1)
		return 1;
	return 0;
}
