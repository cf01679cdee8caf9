/*
 * peer_table: the demo speakers' tables (see peer_table.h).
 *
 * The universe: UNIVERSE distinct prefixes, drawn one after the other
 * from one seeded generator (a real table's length mix, no special-use
 * space, duplicates drawn again), each with an origin AS from a pool of
 * NORIGIN public ASNs.  Big origins own many prefixes (the draw is
 * squared towards the start of the pool), as in the real table.
 *
 * A provider's path is drawn from a hash of (origin, provider); the
 * ORIGIN code, provider-b's MED and the region the communities name are
 * the origin's.  So the prefixes of one origin mostly share one attribute
 * set and pack into few UPDATEs; one prefix in ten gets a path of its own
 * (hash of (prefix, provider)), as more-specifics announced differently
 * do, and 3% carry 65001:666 at both providers.  The origin AS is the
 * universe's, so a prefix at both providers ends in the same AS there.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/proto.h"
#include "demo/peer_table.h"

#define UNIVERSE	50000
#define NORIGIN		3000
#define NORIGIN2	2100	/* of which 2-octet ASNs, the rest 4-octet */
#define SEED_UNIVERSE	0x58525348444d4f31ULL	/* "XRSHDMO1" */
#define OWN_PATH_PCT	10	/* prefixes with a path of their own */
#define NOEXP_PERMILLE	30	/* prefixes tagged 65001:666 */

#define PROV_A	0
#define PROV_B	1

struct origin {
	uint32_t	 asn;
	uint8_t		 region;	/* 0..5: where it was learned */
	uint8_t		 incomplete;	/* redistributed: ORIGIN INCOMPLETE */
	uint8_t		 med;		/* index in meds[]; 0: no MED at B */
};

struct uentry {
	uint32_t	 addr;
	uint8_t		 len;
	uint8_t		 at;		/* bit 0: provider-a, bit 1: b */
	uint8_t		 noexport;	/* tagged 65001:666 */
	uint8_t		 ownpath;
	uint16_t	 origin;	/* index in the pool */
};

static const struct {
	uint32_t	 addr;
	unsigned	 len;
} reserved[] = {
	{ 0x00000000, 8 },	/* 0.0.0.0/8 "this network" */
	{ 0x0a000000, 8 },	/* 10.0.0.0/8 private */
	{ 0x64400000, 10 },	/* 100.64.0.0/10 shared (CGN) */
	{ 0x7f000000, 8 },	/* 127.0.0.0/8 loopback */
	{ 0xa9fe0000, 16 },	/* 169.254.0.0/16 link local */
	{ 0xac100000, 12 },	/* 172.16.0.0/12 private */
	{ 0xc0000000, 24 },	/* 192.0.0.0/24 IETF protocol assignments */
	{ 0xc0000200, 24 },	/* 192.0.2.0/24 TEST-NET-1, demo customer */
	{ 0xc0586300, 24 },	/* 192.88.99.0/24 6to4 relay (deprecated) */
	{ 0xc0a80000, 16 },	/* 192.168.0.0/16 private */
	{ 0xc6120000, 15 },	/* 198.18.0.0/15 benchmarking */
	{ 0xc6336400, 24 },	/* 198.51.100.0/24 TEST-NET-2, demo customer */
	{ 0xcb007100, 24 },	/* 203.0.113.0/24 TEST-NET-3 */
	{ 0xe0000000, 3 },	/* 224.0.0.0/3 multicast and class E */
};

/* Transit networks for the middle of paths: the three the demo shows
 * often first, then other large carriers. */
static const uint32_t transit_big[] = { 3356, 2914, 6939 };
static const uint32_t transit_other[] = {
	3257, 6453, 6762, 1273, 3491, 6461, 9002, 5511, 3320, 7018, 701,
	12956, 4637, 7473, 2828, 6830, 1239, 4826, 9498, 37100,
};
#define NTRANSIT_BIG	(sizeof(transit_big) / sizeof(transit_big[0]))
#define NTRANSIT_OTHER	(sizeof(transit_other) / sizeof(transit_other[0]))
#define NREGIONAL	300	/* the first origins also sell transit */

static const uint32_t meds[] = { 0, 0, 10, 20, 50, 100, 200, 1000 };
#define NMEDS	(sizeof(meds) / sizeof(meds[0]))

/* ---- Deterministic randomness ---- */

/* xorshift64*: small, fast, and the same everywhere. */
static uint64_t
xs_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n), from the high bits. */
static uint32_t
below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((xs_next(s) >> 32) * (uint64_t)n) >> 32);
}

/* A seed from two numbers (MurmurHash3's finaliser); never 0, which
 * xorshift can't leave. */
static uint64_t
seed_of(uint64_t a, uint64_t b)
{
	uint64_t	 x = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x != 0 ? x : 1;
}

/* ---- Prefixes ---- */

static uint32_t
netmask(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

int
demo_table_reserved(uint32_t addr, unsigned len)
{
	size_t		 i;
	unsigned	 l;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		l = len < reserved[i].len ? len : reserved[i].len;
		if (((addr ^ reserved[i].addr) & netmask(l)) == 0)
			return 1;
	}
	return 0;
}

/* The length mix of a real table (per mille), /24 taking the rest. */
static unsigned
draw_len(uint64_t *s)
{
	static const struct {
		unsigned	 len, permille;
	} mix[] = {
		{ 23, 90 }, { 22, 100 }, { 21, 55 }, { 20, 60 }, { 19, 40 },
		{ 18, 25 }, { 17, 15 }, { 16, 25 }, { 0, 2 },	/* 0: /8-/15 */
	};
	uint32_t	 r = below(s, 1000);
	size_t		 i;

	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (r < mix[i].permille)
			return mix[i].len != 0 ? mix[i].len : 8 + below(s, 8);
		r -= mix[i].permille;
	}
	return 24;
}

/* Open-addressed set of (addr, len): the universe's duplicate check. */
struct pset {
	uint64_t	*k;
	size_t		 mask;
};

/* 1 added, 0 already there. */
static int
pset_add(struct pset *ps, uint32_t addr, unsigned len)
{
	uint64_t	 key = ((uint64_t)addr << 8 | len) + 1;
	size_t		 i;

	i = (size_t)(seed_of(key, 0) & ps->mask);
	for (;; i = (i + 1) & ps->mask) {
		if (ps->k[i] == key)
			return 0;
		if (ps->k[i] == 0) {
			ps->k[i] = key;
			return 1;
		}
	}
}

/* ---- The universe ---- */

static int
is_transit(uint32_t asn)
{
	size_t	 i;

	for (i = 0; i < NTRANSIT_BIG; i++)
		if (transit_big[i] == asn)
			return 1;
	for (i = 0; i < NTRANSIT_OTHER; i++)
		if (transit_other[i] == asn)
			return 1;
	return asn == 1299 || asn == 174;
}

/*
 * NORIGIN distinct public ASNs: one per stride of the 2-octet range
 * 1000-63999 and of the 4-octet range 131072-401071, never a transit
 * of the paths (documentation and private ranges are outside both).
 */
static void
make_origins(struct origin *o)
{
	uint64_t	 s = seed_of(SEED_UNIVERSE, 1);
	uint32_t	 asn;
	size_t		 i;

	for (i = 0; i < NORIGIN; i++) {
		if (i < NORIGIN2)
			asn = 1000 + (uint32_t)i * 30 + below(&s, 29);
		else
			asn = 131072 + (uint32_t)(i - NORIGIN2) * 300 +
			    below(&s, 299);
		if (is_transit(asn))
			asn++;	/* stays inside its stride */
		o[i].asn = asn;
		o[i].region = (uint8_t)below(&s, 6);
		o[i].incomplete = below(&s, 100) < 10;
		o[i].med = below(&s, 100) < 30 ? (uint8_t)(1 +
		    below(&s, NMEDS - 1)) : 0;
	}
}

static int
make_universe(struct uentry *u, char *err, size_t errlen)
{
	struct pset	 ps;
	uint64_t	 s = SEED_UNIVERSE;
	uint32_t	 addr, r, x;
	unsigned	 len;
	size_t		 n = 0;

	ps.mask = 131072 - 1;	/* over twice UNIVERSE: short probes */
	if ((ps.k = calloc(ps.mask + 1, sizeof(*ps.k))) == NULL) {
		strlcpy(err, "out of memory", errlen);
		return -1;
	}
	while (n < UNIVERSE) {
		len = draw_len(&s);
		addr = (1 + below(&s, 223)) << 24 | below(&s, 1u << 24);
		addr &= netmask(len);
		if (demo_table_reserved(addr, len) || !pset_add(&ps, addr, len))
			continue;
		u[n].addr = addr;
		u[n].len = (uint8_t)len;
		r = below(&s, 100);
		u[n].at = r < 50 ? 3 : r < 80 ? 1 : 2;
		u[n].noexport = below(&s, 1000) < NOEXP_PERMILLE;
		u[n].ownpath = below(&s, 100) < OWN_PATH_PCT;
		/*
		 * One big access network with 3% of the table (its one
		 * attribute set fills more than one UPDATE), then squared:
		 * the first origins get about 1% each, the tail one or two
		 * prefixes.
		 */
		x = below(&s, 65536);
		u[n].origin = below(&s, 100) < 3 ? 0 :
		    (uint16_t)(((uint64_t)x * x * NORIGIN) >> 32);
		n++;
	}
	free(ps.k);
	return 0;
}

/* ---- A provider's attributes ---- */

static int
in_path(const struct demo_route *r, uint32_t asn)
{
	unsigned	 i;

	for (i = 0; i < r->npath; i++)
		if (r->path[i] == asn)
			return 1;
	return 0;
}

/*
 * self [self] [transits...] origin [origin...]: 2-7 distinct ASNs, the
 * first transit often 3356, 2914 or 6939, some origin prepends, a few of
 * the provider's own.  Returns the number of distinct ASNs.
 */
static unsigned
make_path(uint64_t seed, uint32_t self, const struct origin *pool,
    const struct origin *o, struct demo_route *r)
{
	static const unsigned	 weights[] = { 15, 35, 28, 13, 6, 3 };
	uint64_t		 s = seed;
	uint32_t		 w = below(&s, 100), asn;
	unsigned		 distinct, i, k, prepends;

	for (distinct = 2; distinct < 7 && w >= weights[distinct - 2];
	    distinct++)
		w -= weights[distinct - 2];
	r->npath = 0;
	r->path[r->npath++] = self;
	if (below(&s, 100) < 3)
		r->path[r->npath++] = self;
	for (i = 0; i + 2 < distinct; i++) {
		do {
			if (i == 0 && below(&s, 100) < 45)
				asn = transit_big[below(&s, NTRANSIT_BIG)];
			else if (i == 0 || below(&s, 100) < 30)
				asn = transit_other[below(&s, NTRANSIT_OTHER)];
			else
				asn = pool[below(&s, NREGIONAL)].asn;
		} while (asn == o->asn || asn == 1299 || asn == 174 ||
		    in_path(r, asn));
		r->path[r->npath++] = asn;
	}
	prepends = below(&s, 100) < 8 ? 1 + below(&s, 3) : 0;
	for (k = 0; k <= prepends; k++)
		r->path[r->npath++] = o->asn;
	return distinct;
}

static void
add_comm(struct demo_route *r, uint32_t c)
{
	unsigned	 i;

	if (r->ncomm >= DEMO_COMM_MAX)
		return;
	/* keep ascending, as implementations print them */
	for (i = r->ncomm; i > 0 && r->comm[i - 1] > c; i--)
		r->comm[i] = r->comm[i - 1];
	r->comm[i] = c;
	r->ncomm++;
}

static void
make_route(const struct uentry *u, size_t idx, int prov, uint32_t self,
    const struct origin *pool, struct demo_route *r)
{
	const struct origin	*o = &pool[u->origin];
	uint64_t		 seed;
	int			 customer;

	memset(r, 0, sizeof(*r));
	r->addr = u->addr;
	r->len = u->len;
	r->origin = o->incomplete ? BGP_ORIGIN_INCOMPLETE : BGP_ORIGIN_IGP;
	seed = u->ownpath ? seed_of(SEED_UNIVERSE ^ (idx + 1), 100 + prov) :
	    seed_of(SEED_UNIVERSE ^ u->origin, 200 + prov);
	/* two ASNs: the origin is the provider's customer */
	customer = make_path(seed, self, pool, o, r) == 2;
	if (prov == PROV_A) {
		add_comm(r, 1299u << 16 | (20000 + 100u * o->region));
		add_comm(r, 1299u << 16 | (customer ? 35000 : 30000));
	} else {
		add_comm(r, 174u << 16 | (21000 + 100u * o->region +
		    (customer ? 0 : 1)));
		if (o->med != 0) {
			r->has_med = 1;
			r->med = meds[o->med];
		}
	}
	if (u->noexport)
		add_comm(r, DEMO_COMM_NO_EXPORT_PEER);
}

static int
route_cmp(const void *a, const void *b)
{
	const struct demo_route	*x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->len - (int)y->len;
}

static int
build_provider(int prov, const struct demo_role *role, struct demo_table *t,
    char *err, size_t errlen)
{
	struct origin	*pool = NULL;
	struct uentry	*u = NULL;
	size_t		 i;
	int		 rv = -1;

	pool = calloc(NORIGIN, sizeof(*pool));
	u = calloc(UNIVERSE, sizeof(*u));
	t->r = calloc(UNIVERSE, sizeof(*t->r));
	if (pool == NULL || u == NULL || t->r == NULL) {
		strlcpy(err, "out of memory", errlen);
		goto out;
	}
	make_origins(pool);
	if (make_universe(u, err, errlen) == -1)
		goto out;
	for (i = 0; i < UNIVERSE; i++)
		if (u[i].at & (1u << prov))
			make_route(&u[i], i, prov, role->asn, pool,
			    &t->r[t->n++]);
	qsort(t->r, t->n, sizeof(*t->r), route_cmp);
	rv = 0;
out:
	free(pool);
	free(u);
	if (rv == -1)
		demo_table_free(t);
	return rv;
}

/* ---- The customer ---- */

/*
 * What the demo policies act on: the customer's two prefix-sets
 * (198.51.100.0/24 le 26, 192.0.2.0/24), the communities the seed
 * configuration matches (65001:1000 prepend once, 65001:2000 twice,
 * 65001:100 prefer provider A), and two routes the inbound policy
 * drops: 203.0.113.0/24 (not the customer's) and a /27 (too long).
 */
static const struct {
	uint32_t	 addr;
	uint8_t		 len;
	uint16_t	 comm;	/* 65001:comm; 0: none */
} customer[] = {
	{ 0xc6336400, 24, 1000 },	/* 198.51.100.0/24 */
	{ 0xc6336400, 25, 0 },		/* 198.51.100.0/25 */
	{ 0xc6336440, 27, 0 },		/* 198.51.100.64/27 */
	{ 0xc6336480, 26, 2000 },	/* 198.51.100.128/26 */
	{ 0xc0000200, 24, 100 },	/* 192.0.2.0/24 */
	{ 0xcb007100, 24, 0 },		/* 203.0.113.0/24 */
};
#define NCUSTOMER	(sizeof(customer) / sizeof(customer[0]))

static int
build_customer(const struct demo_role *role, struct demo_table *t,
    char *err, size_t errlen)
{
	struct demo_route	*r;
	size_t			 i;

	if ((t->r = calloc(NCUSTOMER, sizeof(*t->r))) == NULL) {
		strlcpy(err, "out of memory", errlen);
		return -1;
	}
	for (i = 0; i < NCUSTOMER; i++) {
		r = &t->r[t->n++];
		r->addr = customer[i].addr;
		r->len = customer[i].len;
		r->origin = BGP_ORIGIN_IGP;
		r->path[r->npath++] = role->asn;
		if (customer[i].comm != 0)
			add_comm(r, (uint32_t)DEMO_LOCAL_AS << 16 |
			    customer[i].comm);
	}
	qsort(t->r, t->n, sizeof(*t->r), route_cmp);
	return 0;
}

int
demo_table_build(const struct demo_role *role, struct demo_table *t,
    char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(role->name, "provider-a") == 0)
		return build_provider(PROV_A, role, t, err, errlen);
	if (strcmp(role->name, "provider-b") == 0)
		return build_provider(PROV_B, role, t, err, errlen);
	if (strcmp(role->name, "customer") == 0)
		return build_customer(role, t, err, errlen);
	snprintf(err, errlen, "no table for role '%s'", role->name);
	return -1;
}

void
demo_table_free(struct demo_table *t)
{
	free(t->r);
	t->r = NULL;
	t->n = 0;
}
