/*
 * vrp: the VRP set of the propagation benchmark with origin validation
 * (run.sh -R, bench/README.md), written for stayrtr in rpki-client's
 * JSON format.
 *
 * The sink checks that exactly the prefixes the policies keep arrive, so
 * no route may be invalid: both speakers would drop it.  Hence:
 *   - a route gets a VRP of its own prefix, max length its length and
 *     its origin (valid) only when no other route lies inside it (a VRP
 *     covers every more specific route, which it does not match), its
 *     origin is the same for every feeder (the path is more than the
 *     feeder's AS and ends in an AS_SEQUENCE) and a coin says so: half
 *     of those, as about half of today's routes are valid;
 *   - the rest of the set are fillers that cover no route at all: IPv4
 *     prefixes whose whole subtree holds no route of the table (found by
 *     descending from a random /12../24 to the first free one, so they
 *     fill the gaps between routes, any max length up to /24 is safe),
 *     and IPv6 ones (the table has none): 18% of the set, about today's
 *     share, as long as the fillers are enough for it.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/prop/prop.h"

#define NODES		(1u << 25)	/* one bit per /0../24 prefix */
#define V6_PERCENT	18

struct vrp {
	uint64_t	 hi;		/* IPv4: the address << 32 */
	uint32_t	 asn;
	uint8_t		 v6, len, maxlen;
};

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rnd(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((splitmix(s) >> 32) * (uint64_t)n) >> 32);
}

static uint32_t
mask4(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static uint32_t
node(uint32_t addr, unsigned len)
{
	return (1u << len) + (len == 0 ? 0 : addr >> (32 - len));
}

static int
bit(const uint8_t *b, uint32_t i)
{
	return b[i >> 3] >> (i & 7) & 1;
}

static void
setbit(uint8_t *b, uint32_t i)
{
	b[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* A filler's length, from the mix of today's IPv4 VRPs. */
static unsigned
fill_len4(uint64_t *s)
{
	static const struct { unsigned len, permille; } mix[] = {
		{ 24, 550 }, { 23, 80 }, { 22, 100 }, { 21, 60 }, { 20, 70 },
		{ 19, 40 }, { 18, 30 }, { 17, 20 }, { 16, 40 }, { 15, 3 },
		{ 14, 3 }, { 13, 2 }, { 12, 2 },
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

static unsigned
fill_len6(uint64_t *s)
{
	static const struct { unsigned len, permille; } mix[] = {
		{ 48, 450 }, { 32, 300 }, { 29, 50 }, { 36, 50 }, { 40, 50 },
		{ 44, 50 }, { 47, 50 },
	};
	uint32_t	 r = rnd(s, 1000);
	size_t		 i;

	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (r < mix[i].permille)
			return mix[i].len;
		r -= mix[i].permille;
	}
	return 48;
}

/* 70% the prefix's own length, the rest up to lim (as in the RPKI). */
static uint8_t
fill_maxlen(uint64_t *s, unsigned len, unsigned lim)
{
	if (rnd(s, 10) < 7)
		return (uint8_t)len;
	return (uint8_t)(len + rnd(s, lim - len + 1));
}

/* A public ASN, one in seven a 4-octet one. */
static uint32_t
fill_asn(uint64_t *s)
{
	uint32_t	 a;

	if (rnd(s, 7) == 0)
		return 131072 + rnd(s, 270000);
	do
		a = 1 + rnd(s, 64495);
	while (a == BGP_AS_TRANS);
	return a;
}

/* occ: some route in the node's subtree; multi: two or more. */
static void
mark_routes(const struct table *t, uint8_t *occ, uint8_t *multi)
{
	size_t		 i;
	unsigned	 l;
	uint32_t	 b;

	for (i = 0; i < t->n; i++) {
		for (l = t->len[i] > 24 ? 24 : t->len[i];; l--) {
			b = node(t->addr[i] & mask4(l), l);
			if (bit(multi, b))
				break;	/* and so are its ancestors */
			if (bit(occ, b))
				setbit(multi, b);
			else
				setbit(occ, b);
			if (l == 0)
				break;
		}
	}
}

static size_t
pick_valid(const struct table *t, const uint8_t *multi, size_t total,
    uint64_t seed, struct vrp *v)
{
	uint64_t	 s;
	size_t		 k, i, n = 0;
	uint32_t	 asn;

	for (k = 0; k < t->nsets && n < total; k++) {
		if (!gen_origin(t, k, &asn))
			continue;
		for (i = t->set_start[k]; i < t->set_start[k + 1] &&
		    n < total; i++) {
			if (t->len[i] > 24 ||
			    gen_is_bogon(t->addr[i], t->len[i]) ||
			    bit(multi, node(t->addr[i], t->len[i])))
				continue;
			s = seed ^ ((uint64_t)t->addr[i] << 8 | t->len[i]);
			if (splitmix(&s) & 1)
				continue;
			v[n].hi = (uint64_t)t->addr[i] << 32;
			v[n].len = v[n].maxlen = t->len[i];
			v[n].asn = asn;
			v[n].v6 = 0;
			n++;
		}
	}
	return n;
}

/* IPv4 fillers in the gaps: -1 when the space runs out. */
static int
fill4(uint8_t *occ, size_t want, uint64_t *s, struct vrp *v)
{
	size_t		 n = 0, tries = 0, limit = 100 * want + 1000000;
	uint32_t	 a, p, b;
	unsigned	 l;

	while (n < want) {
		if (++tries > limit)
			return -1;
		a = 0x01000000 + rnd(s, 0xdf000000u - 0x01000000);
		for (l = fill_len4(s); l <= 24; l++) {
			p = a & mask4(l);
			b = node(p, l);
			/* a free node's children are free: descend to an
			   unused one (occ marks the fillers too) */
			if (gen_is_bogon(p, l) || bit(occ, b))
				continue;
			setbit(occ, b);
			v[n].hi = (uint64_t)p << 32;
			v[n].len = (uint8_t)l;
			v[n].maxlen = fill_maxlen(s, l, 24);
			v[n].asn = fill_asn(s);
			v[n].v6 = 0;
			n++;
			break;
		}
	}
	return 0;
}

/* IPv6 fillers under 2001::/16..2c0f::/16, distinct (prefix, length). */
static int
fill6(size_t want, uint64_t *s, struct vrp *v)
{
	uint64_t	*seen, key, h, hi;
	size_t		 cap, n = 0, i, tries = 0;
	unsigned	 l;

	for (cap = 1024; cap < 2 * want; cap *= 2)
		;
	if ((seen = calloc(cap, sizeof(*seen))) == NULL)
		return -1;
	while (n < want) {
		if (++tries > 100 * want + 1000000) {
			free(seen);
			return -1;
		}
		l = fill_len6(s);
		hi = (uint64_t)(0x20010000u + rnd(s, 0x0c0f0000u)) << 32 |
		    (splitmix(s) & 0xffffffffu);
		hi &= ~0ULL << (64 - l);
		key = (hi | l) + 1;	/* l < 64 <= the first bit kept */
		h = key * 0x9e3779b97f4a7c15ULL;
		for (i = (size_t)(h >> 20) & (cap - 1); seen[i] != 0 &&
		    seen[i] != key; i = (i + 1) & (cap - 1))
			;
		if (seen[i] == key)
			continue;
		seen[i] = key;
		v[n].hi = hi;
		v[n].len = (uint8_t)l;
		v[n].maxlen = fill_maxlen(s, l, 48);
		v[n].asn = fill_asn(s);
		v[n].v6 = 1;
		n++;
	}
	free(seen);
	return 0;
}

static int
write_json(const char *path, const struct vrp *v, size_t n)
{
	char		 tmp[4096], a[INET6_ADDRSTRLEN];
	uint8_t		 b[16];
	FILE		*fp;
	size_t		 i;
	int		 j, ok;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -1;
	if ((fp = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(fp, "{\"metadata\":{\"generated\":%lld,\"counts\":%zu},"
	    "\"roas\":[\n", (long long)time(NULL), n);
	for (i = 0; i < n; i++) {
		memset(b, 0, sizeof(b));
		for (j = 0; j < 8; j++)
			b[j] = (uint8_t)(v[i].hi >> (56 - 8 * j));
		inet_ntop(v[i].v6 ? AF_INET6 : AF_INET, b, a, sizeof(a));
		fprintf(fp, "{\"prefix\":\"%s/%u\",\"maxLength\":%u,"
		    "\"asn\":\"AS%u\",\"ta\":\"bench\"}%s\n", a, v[i].len,
		    v[i].maxlen, v[i].asn, i + 1 < n ? "," : "");
	}
	fprintf(fp, "]}\n");
	ok = !ferror(fp);
	if (fclose(fp) != 0 || !ok || rename(tmp, path) != 0) {
		remove(tmp);
		return -1;
	}
	return 0;
}

int
vrp_write(const struct table *t, size_t total, uint64_t seed,
    const char *path, struct vrp_stats *st, char *err, size_t errlen)
{
	uint8_t		*occ, *multi;
	struct vrp	*v;
	uint64_t	 s = seed ^ 0x5652505321ULL;
	size_t		 nfill;
	int		 rv = -1;

	memset(st, 0, sizeof(*st));
	occ = calloc(NODES / 8, 1);
	multi = calloc(NODES / 8, 1);
	v = calloc(total > 0 ? total : 1, sizeof(*v));
	if (occ == NULL || multi == NULL || v == NULL) {
		snprintf(err, errlen, "out of memory for %zu VRPs", total);
		goto out;
	}
	mark_routes(t, occ, multi);
	st->valid = pick_valid(t, multi, total, seed, v);
	nfill = total - st->valid;
	st->fill6 = total * V6_PERCENT / 100;
	if (st->fill6 > nfill)
		st->fill6 = nfill;
	st->fill4 = nfill - st->fill6;
	if (fill4(occ, st->fill4, &s, v + st->valid) == -1) {
		snprintf(err, errlen, "no room for %zu IPv4 filler VRPs "
		    "outside the table", st->fill4);
		goto out;
	}
	if (fill6(st->fill6, &s, v + st->valid + st->fill4) == -1) {
		snprintf(err, errlen, "no room for %zu IPv6 filler VRPs",
		    st->fill6);
		goto out;
	}
	if (write_json(path, v, total) == -1) {
		snprintf(err, errlen, "%s: cannot write", path);
		goto out;
	}
	st->total = total;
	st->routes_valid = st->valid;
	st->routes_notfound = t->n_expect - st->valid;
	rv = 0;
out:
	free(occ);
	free(multi);
	free(v);
	return rv;
}
