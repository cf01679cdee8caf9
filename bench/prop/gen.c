/*
 * gen: the synthetic full table of the propagation benchmark.
 *
 * Shape (issue: "a real table's prefix-length mix"): of the prefixes the
 * policies keep, 60% are /24, 20% /22-/23 and the rest /16-/21; on top,
 * 1% longer than /24 and 0.5% bogons, which the inbound policies drop.
 * About a third of the prefixes share their attribute set with others
 * (groups of 2-40, one UPDATE each), the rest have a set of their own.
 * AS paths are 1-8 long: the feeder's AS, then transit ASNs from a small
 * popular part of a ~70,000 ASN pool, then an origin from the whole
 * pool.  Half of the sets carry 1-6 communities; some of them the two the
 * policies act on.  Everything is drawn from one seed, so every feeder
 * and every run sends the same table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/prop/prop.h"

#define POOL_SIZE	70000
#define POOL_TRANSIT	2000	/* the first ones: paths' middle hops */
#define GROUP_MAX	PROP_GROUP_MAX
#define NCOMM_MAX	8

static const struct {
	uint32_t	 addr;
	unsigned	 len;
} bogons[] = {
	{ 0x00000000, 8 },	/* 0.0.0.0/8 */
	{ 0x0a000000, 8 },	/* 10.0.0.0/8 */
	{ 0x64400000, 10 },	/* 100.64.0.0/10 */
	{ 0x7f000000, 8 },	/* 127.0.0.0/8 */
	{ 0xa9fe0000, 16 },	/* 169.254.0.0/16 */
	{ 0xac100000, 12 },	/* 172.16.0.0/12 */
	{ 0xc0000200, 24 },	/* 192.0.2.0/24 */
	{ 0xc0a80000, 16 },	/* 192.168.0.0/16 */
	{ 0xc6120000, 15 },	/* 198.18.0.0/15 */
	{ 0xc6336400, 24 },	/* 198.51.100.0/24 */
	{ 0xcb007100, 24 },	/* 203.0.113.0/24 */
	{ 0xe0000000, 4 },	/* 224.0.0.0/4 */
	{ 0xf0000000, 4 },	/* 240.0.0.0/4 */
};
#define NBOGONS	(sizeof(bogons) / sizeof(bogons[0]))

/* The attributes of one set, minus the feeder's own AS and next hop. */
struct setdraw {
	uint32_t	 path[8];	/* after the feeder's AS */
	unsigned	 plen;
	const uint8_t	*rawpath;	/* real table: instead of path[] */
	size_t		 rawpath_len;
	uint8_t		 origin;
	int		 has_med;
	uint32_t	 med;
	uint32_t	 comm[NCOMM_MAX];
	const uint32_t	*commp;		/* comm, or the real table's */
	size_t		 ncomm;
	int		 lp, prepend;
};

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t
rnd(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((splitmix(s) >> 32) * (uint64_t)n) >> 32);
}

static uint32_t
mask(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

int
gen_is_bogon(uint32_t addr, unsigned len)
{
	size_t	 i;

	for (i = 0; i < NBOGONS; i++)
		if (len >= bogons[i].len &&
		    (addr & mask(bogons[i].len)) == bogons[i].addr)
			return 1;
	return 0;
}

/* A length for a prefix the policies keep: the table's mix. */
static unsigned
draw_len(uint64_t *s)
{
	static const struct { unsigned len, permille; } mix[] = {
		{ 24, 600 }, { 23, 120 }, { 22, 80 }, { 21, 50 }, { 20, 50 },
		{ 19, 40 }, { 18, 25 }, { 17, 15 }, { 16, 20 },
	};
	uint32_t	 r = rnd(s, 1000);
	size_t		 i;

	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (r < mix[i].permille)
			return mix[i].len;
		r -= mix[i].permille;
	}
	return 24;
}

/* Bitmap index of a prefix of at most /24: one bit per (len, prefix). */
static uint32_t
bit_index(uint32_t addr, unsigned len)
{
	return (1u << len) + (len == 0 ? 0 : addr >> (32 - len));
}

/* Open-addressed set of the prefixes longer than /24 (they are few). */
struct longset {
	uint64_t	*k;
	size_t		 cap;
};

static int
longset_add(struct longset *ls, uint32_t addr, unsigned len)
{
	uint64_t	 key = ((uint64_t)addr << 8 | len) + 1, h;
	size_t		 i;

	h = key * 0x9e3779b97f4a7c15ULL;
	for (i = (size_t)(h >> 20) & (ls->cap - 1);; i = (i + 1) & (ls->cap - 1)) {
		if (ls->k[i] == key)
			return 0;
		if (ls->k[i] == 0) {
			ls->k[i] = key;
			return 1;
		}
	}
}

static void
draw_set(const struct table *t, size_t k, struct setdraw *d)
{
	static const unsigned plen_permille[8] = {
		20, 100, 250, 280, 180, 100, 50, 20	/* lengths 1..8 */
	};
	uint64_t	 s = t->seed ^ (0xd1b54a32d192ed03ULL * (k + 1));
	uint32_t	 r;
	unsigned	 len, i, n;
	size_t		 j;

	memset(d, 0, sizeof(*d));
	d->commp = d->comm;
	if (t->sets != NULL) {
		d->rawpath = t->sets[k].aspath;
		d->rawpath_len = t->sets[k].aspath_len;
		d->origin = t->sets[k].origin;
		d->has_med = t->sets[k].has_med;
		d->med = t->sets[k].med;
		d->commp = t->sets[k].comm;
		d->ncomm = t->sets[k].ncomm;
		for (j = 0; j < d->ncomm; j++) {
			d->lp |= d->commp[j] == PROP_LP_COMM;
			d->prepend |= d->commp[j] == PROP_PREPEND_COMM;
		}
		return;
	}
	r = rnd(&s, 1000);
	for (len = 1; len < 8 && r >= plen_permille[len - 1]; len++)
		r -= plen_permille[len - 1];
	d->plen = len - 1;
	for (i = 0; i < d->plen; i++) {
		if (i + 1 == d->plen)
			d->path[i] = t->pool[rnd(&s, (uint32_t)t->npool)];
		else
			d->path[i] = t->pool[rnd(&s, POOL_TRANSIT)];
	}
	r = rnd(&s, 100);
	d->origin = r < 85 ? BGP_ORIGIN_IGP : r < 98 ? BGP_ORIGIN_INCOMPLETE :
	    BGP_ORIGIN_EGP;
	if (rnd(&s, 100) < 30) {
		d->has_med = 1;
		d->med = rnd(&s, 1000);
	}
	if (rnd(&s, 2) == 0)
		return;
	n = 1 + rnd(&s, 6);
	for (i = 0; i < n; i++) {
		/* transit-style ASN:value, ASN from the 16-bit part */
		uint32_t asn;

		do
			asn = t->pool[rnd(&s, POOL_TRANSIT)];
		while (asn > 0xffff);
		d->comm[d->ncomm++] = asn << 16 | (1000 + rnd(&s, 2000));
	}
	if (rnd(&s, 100) < 20) {
		d->comm[d->ncomm++] = PROP_LP_COMM;
		d->lp = 1;
	}
	if (rnd(&s, 100) < 10) {
		d->comm[d->ncomm++] = PROP_PREPEND_COMM;
		d->prepend = 1;
	}
}

int
gen_origin(const struct table *t, size_t k, uint32_t *asn)
{
	struct setdraw	 d;
	size_t		 i, last = 0;
	unsigned	 seg;

	draw_set(t, k, &d);
	if (d.rawpath == NULL) {
		if (d.plen == 0)
			return 0;
		*asn = d.path[d.plen - 1];
		return *asn != 0;
	}
	/* the last segment must be an AS_SEQUENCE of at least one ASN */
	for (i = 0; d.rawpath_len - i >= 2; i += 2 + 4 * seg) {
		seg = d.rawpath[i + 1];
		if (4 * seg > d.rawpath_len - i - 2)
			return 0;
		last = i;
	}
	if (i == 0 || i != d.rawpath_len || d.rawpath[last] !=
	    BGP_AS_SEQUENCE || d.rawpath[last + 1] == 0)
		return 0;
	i -= 4;
	*asn = (uint32_t)d.rawpath[i] << 24 | (uint32_t)d.rawpath[i + 1] << 16 |
	    (uint32_t)d.rawpath[i + 2] << 8 | d.rawpath[i + 3];
	return *asn != 0;
}

/* Public ASNs: 16-bit ones (no AS_TRANS, no reserved) and some 4-byte. */
static int
make_pool(struct table *t, uint64_t *s)
{
	size_t	 i;
	uint32_t a;

	if ((t->pool = calloc(POOL_SIZE, sizeof(*t->pool))) == NULL)
		return -1;
	for (i = 0; i < POOL_SIZE; i++) {
		if (i % 7 == 6) {
			a = 131072 + rnd(s, 270000);
		} else {
			do
				a = 1 + rnd(s, 64495);
			while (a == BGP_AS_TRANS);
		}
		t->pool[i] = a;
	}
	t->npool = POOL_SIZE;
	return 0;
}

/* One prefix of kind 0 (kept), 1 (longer than /24), 2 (bogon). */
static void
draw_prefix(uint64_t *s, int kind, uint32_t *addr, unsigned *len)
{
	unsigned	 b, lo;
	uint32_t	 a;

	if (kind == 2) {
		b = rnd(s, NBOGONS);
		lo = bogons[b].len < 16 ? 16 : bogons[b].len;
		*len = lo + rnd(s, 25 - lo);
		a = bogons[b].addr | ((uint32_t)splitmix(s) & ~mask(bogons[b].len));
		*addr = a & mask(*len);
		return;
	}
	*len = kind == 1 ? 25 + rnd(s, 8) : draw_len(s);
	do
		a = 0x01000000 + rnd(s, 0xdf000000u - 0x01000000);
	while (gen_is_bogon(a & mask(*len), *len));
	*addr = a & mask(*len);
}

int
gen_table(struct table *t, size_t n, uint64_t seed, char *err,
    size_t errlen)
{
	uint64_t	 s = seed;
	uint8_t		*seen = NULL;
	struct longset	 ls = { NULL, 0 };
	size_t		 i, j, nlong, nbogon, k, gsize;
	uint32_t	 addr, ta;
	unsigned	 len;
	uint8_t		 tl;
	int		 kind, fresh;

	memset(t, 0, sizeof(*t));
	t->seed = seed;
	if (n == 0 || n > 10000000) {
		snprintf(err, errlen, "prefix count %zu out of range", n);
		return -1;
	}
	nlong = n / 100;
	nbogon = n / 200;
	for (ls.cap = 64; ls.cap < 4 * nlong; ls.cap *= 2)
		;
	t->addr = calloc(n, sizeof(*t->addr));
	t->len = calloc(n, sizeof(*t->len));
	t->set_start = calloc(n + 1, sizeof(*t->set_start));
	seen = calloc((1u << 25) / 8, 1);
	ls.k = calloc(ls.cap, sizeof(*ls.k));
	if (t->addr == NULL || t->len == NULL || t->set_start == NULL ||
	    seen == NULL || ls.k == NULL || make_pool(t, &s) == -1) {
		snprintf(err, errlen, "out of memory for %zu prefixes", n);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		kind = i < nlong ? 1 : i < nlong + nbogon ? 2 : 0;
		do {
			draw_prefix(&s, kind, &addr, &len);
			if (len > 24) {
				fresh = longset_add(&ls, addr, len);
			} else {
				uint32_t b = bit_index(addr, len);

				fresh = !(seen[b >> 3] & (1u << (b & 7)));
				seen[b >> 3] |= 1u << (b & 7);
			}
		} while (!fresh);
		t->addr[i] = addr;
		t->len[i] = (uint8_t)len;
	}
	/* the dropped ones spread through the stream */
	for (i = n - 1; i > 0; i--) {
		j = rnd(&s, (uint32_t)(i + 1));
		ta = t->addr[i], t->addr[i] = t->addr[j], t->addr[j] = ta;
		tl = t->len[i], t->len[i] = t->len[j], t->len[j] = tl;
	}
	/*
	 * Sets: a group of 2-40 (mean 21) with probability 1/43, else a
	 * single prefix, so 21/(42+21) = 1/3 of the prefixes share.
	 */
	for (i = 0, k = 0; i < n; k++) {
		t->set_start[k] = (uint32_t)i;
		gsize = rnd(&s, 43) == 0 ? 2 + rnd(&s, GROUP_MAX - 1) : 1;
		if (gsize > n - i)
			gsize = n - i;
		i += gsize;
	}
	t->set_start[k] = (uint32_t)n;
	t->nsets = k;
	t->n = n;
	snprintf(t->source, sizeof(t->source), "synthetic");
	gen_count(t);
	free(seen);
	free(ls.k);
	return 0;
fail:
	free(seen);
	free(ls.k);
	gen_table_free(t);
	return -1;
}

void
gen_count(struct table *t)
{
	struct setdraw	 d;
	size_t		 k, i;

	t->n_bogon = t->n_long = t->n_expect = 0;
	t->n_expect_comm = t->n_expect_lp = t->n_expect_prepend = 0;
	for (k = 0; k < t->nsets; k++) {
		draw_set(t, k, &d);
		for (i = t->set_start[k]; i < t->set_start[k + 1]; i++) {
			if (gen_is_bogon(t->addr[i], t->len[i])) {
				t->n_bogon++;
				continue;
			}
			if (t->len[i] > 24) {
				t->n_long++;
				continue;
			}
			t->n_expect++;
			t->n_expect_comm += d.ncomm > 0;
			t->n_expect_lp += d.lp;
			t->n_expect_prepend += d.prepend;
		}
	}
}

void
gen_table_free(struct table *t)
{
	size_t	 k;

	if (t->sets != NULL)
		for (k = 0; k < t->nsets; k++) {
			free(t->sets[k].aspath);
			free(t->sets[k].comm);
		}
	free(t->sets);
	free(t->addr);
	free(t->len);
	free(t->set_start);
	free(t->pool);
	memset(t, 0, sizeof(*t));
}

int
gen_encode(const struct table *t, uint32_t feeder_as, uint32_t nexthop,
    struct wbuf *out, size_t *nmsgs)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	 a;
	struct setdraw		 d;
	struct xprefix		 nlri[GROUP_MAX + 1];
	struct wbuf		 path = WBUF_INIT;
	size_t			 k, i, m, before;
	unsigned		 j;
	int			 rv = -1;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	*nmsgs = 0;
	for (k = 0; k < t->nsets; k++) {
		draw_set(t, k, &d);
		memset(&a, 0, sizeof(a));
		a.refcnt = 1;
		a.present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
		    BGP_ATTRBIT(BGP_ATTR_AS_PATH) |
		    BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
		a.origin = d.origin;
		wbuf_reset(&path);
		if (d.rawpath != NULL && d.rawpath_len >= 2 &&
		    d.rawpath[0] == BGP_AS_SEQUENCE && d.rawpath[1] < 255) {
			/* the feeder's AS joins the first sequence */
			wbuf_put8(&path, BGP_AS_SEQUENCE);
			wbuf_put8(&path, (uint8_t)(d.rawpath[1] + 1));
			wbuf_put32(&path, feeder_as);
			wbuf_put(&path, d.rawpath + 2, d.rawpath_len - 2);
		} else if (d.rawpath != NULL) {
			wbuf_put8(&path, BGP_AS_SEQUENCE);
			wbuf_put8(&path, 1);
			wbuf_put32(&path, feeder_as);
			wbuf_put(&path, d.rawpath, d.rawpath_len);
		} else {
			wbuf_put8(&path, BGP_AS_SEQUENCE);
			wbuf_put8(&path, (uint8_t)(1 + d.plen));
			wbuf_put32(&path, feeder_as);
			for (j = 0; j < d.plen; j++)
				wbuf_put32(&path, d.path[j]);
		}
		if (path.oom)
			goto out;
		a.aspath = path.buf;
		a.aspath_len = path.len;
		a.nexthop.af = AF_V4;
		a.nexthop.a[0] = (uint8_t)(nexthop >> 24);
		a.nexthop.a[1] = (uint8_t)(nexthop >> 16);
		a.nexthop.a[2] = (uint8_t)(nexthop >> 8);
		a.nexthop.a[3] = (uint8_t)nexthop;
		if (d.has_med) {
			a.present |= BGP_ATTRBIT(BGP_ATTR_MED);
			a.med = d.med;
		}
		if (d.ncomm > 0) {
			a.present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
			a.communities = (uint32_t *)d.commp;
			a.ncommunities = d.ncomm;
		}
		m = 0;
		for (i = t->set_start[k]; i < t->set_start[k + 1]; i++) {
			memset(&nlri[m], 0, sizeof(nlri[m]));
			nlri[m].addr.af = AF_V4;
			nlri[m].addr.a[0] = (uint8_t)(t->addr[i] >> 24);
			nlri[m].addr.a[1] = (uint8_t)(t->addr[i] >> 16);
			nlri[m].addr.a[2] = (uint8_t)(t->addr[i] >> 8);
			nlri[m].addr.a[3] = (uint8_t)t->addr[i];
			nlri[m].len = t->len[i];
			m++;
		}
		before = out->len;
		if (bgp_update_encode_announce(out, &ctx, &a, nlri, m) == -1 ||
		    out->oom)
			goto out;
		/* one message, unless a real path is very long */
		if (out->len > before)
			(*nmsgs)++;
	}
	if (bgp_update_encode_eor(out, BGP_AF_V4U) == -1 || out->oom)
		goto out;
	(*nmsgs)++;
	rv = 0;
out:
	wbuf_free(&path);
	return rv;
}
