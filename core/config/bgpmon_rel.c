/*
 * bgpmon_rel: the AS relationship table and the CAIDA as-rel reader;
 * see bgpmon_rel.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgpmon_rel.h"
#include "core/lib/addr.h"

/* lo < hi; k: what hi is to lo */
struct relent {
	uint32_t	 lo, hi;
	uint32_t	 seq;		/* order of adding: the last one wins */
	uint8_t		 k;
};

/*
 * Lookups run for every hop of every path received, over a table too
 * large for the caches: an open-addressing table of the pairs
 * themselves (at most 3/4 full) costs one cache miss where an index
 * into the sorted array cost two, and a filter of 16 bits a pair (two
 * bits in one 64-bit word, 1-2% false positives) answers most pairs
 * that are not there without touching the table at all.
 */
struct slot {
	uint32_t	 lo, hi;
	uint32_t	 k;		/* what hi is to lo; 0: empty slot */
};

struct bgpmon_rels {
	struct relent	*v;
	size_t		 n, cap;
	uint32_t	 seq;
	int		 sorted;
	struct slot	*slots;
	size_t		 nslots;	/* a power of two, 0: none */
	uint64_t	*filter;	/* nfilter words, a power of two */
	size_t		 nfilter;
	/* the pairs of one AS (ours: half the lookups have it), apart in a
	   table small enough to stay in the cache; nlocal 0: none */
	uint32_t	 local;
	struct slot	*lslots;	/* lo: the other AS, k: what it is
					   to local */
	size_t		 nlocal;
};

/* mixed well enough that the low bits pick the slot and the high ones
   the filter's word and bits, independently */
static uint64_t
pair_hash(uint32_t lo, uint32_t hi)
{
	uint64_t	 h = ((uint64_t)lo << 32 | hi) * 0x9e3779b97f4a7c15ull;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ h >> 32;
}

#define FILTER_WORD(h, nf)	((size_t)((h) >> 20) & ((nf) - 1))

struct bgpmon_rels *
bgpmon_rels_new(void)
{
	return calloc(1, sizeof(struct bgpmon_rels));
}

void
bgpmon_rels_free(struct bgpmon_rels *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r->slots);
	free(r->filter);
	free(r->lslots);
	free(r);
}

static enum bgpmon_relk
rel_flip(enum bgpmon_relk k)
{
	if (k == BGPMON_REL_CUSTOMER)
		return BGPMON_REL_PROVIDER;
	if (k == BGPMON_REL_PROVIDER)
		return BGPMON_REL_CUSTOMER;
	return k;
}

int
bgpmon_rels_add(struct bgpmon_rels *r, uint32_t x, uint32_t y,
    enum bgpmon_relk k)
{
	struct relent	*n;
	size_t		 cap;

	if (x == y || k == BGPMON_REL_NONE)
		return 0;
	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 64;
		if ((n = reallocarray(r->v, cap, sizeof(*n))) == NULL)
			return -1;
		r->v = n;
		r->cap = cap;
	}
	n = &r->v[r->n++];
	n->lo = x < y ? x : y;
	n->hi = x < y ? y : x;
	n->k = (uint8_t)(x < y ? k : rel_flip(k));
	n->seq = r->seq++;
	r->sorted = 0;
	return 0;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct relent	*x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* the pair's two bits in its filter word */
static uint64_t
filter_bits(uint64_t h)
{
	return 1ull << (h >> 52 & 63) | 1ull << (h >> 58);
}

/* the table; without memory for it lookups fall back to the search */
static void
index_build(struct bgpmon_rels *r)
{
	size_t	 n = 16, nf = 1, i, m;
	uint64_t h;

	free(r->slots);
	free(r->filter);
	r->slots = NULL;
	r->filter = NULL;
	r->nslots = r->nfilter = 0;
	while (n < r->n + r->n / 3 + 1)
		n *= 2;
	/* 16 bits a pair: a quarter of a word */
	while (nf < r->n / 4)
		nf *= 2;
	if ((r->slots = calloc(n, sizeof(*r->slots))) == NULL)
		return;
	if ((r->filter = calloc(nf, sizeof(*r->filter))) != NULL)
		r->nfilter = nf;
	r->nslots = n;
	for (i = 0; i < r->n; i++) {
		h = pair_hash(r->v[i].lo, r->v[i].hi);
		if (r->nfilter != 0)
			r->filter[FILTER_WORD(h, nf)] |= filter_bits(h);
		for (m = (size_t)h & (n - 1); r->slots[m].k != 0;
		    m = (m + 1) & (n - 1))
			;
		r->slots[m].lo = r->v[i].lo;
		r->slots[m].hi = r->v[i].hi;
		r->slots[m].k = r->v[i].k;
	}
}

/* the local AS's pairs apart; without memory, the big table answers */
static void
local_build(struct bgpmon_rels *r)
{
	size_t		 i, cnt = 0, n = 4, m;
	uint32_t	 o;

	free(r->lslots);
	r->lslots = NULL;
	r->nlocal = 0;
	if (r->local == 0)
		return;
	for (i = 0; i < r->n; i++)
		cnt += r->v[i].lo == r->local || r->v[i].hi == r->local;
	while (n < 2 * cnt)
		n *= 2;
	if ((r->lslots = calloc(n, sizeof(*r->lslots))) == NULL)
		return;
	r->nlocal = n;
	for (i = 0; i < r->n; i++) {
		if (r->v[i].lo != r->local && r->v[i].hi != r->local)
			continue;
		o = r->v[i].lo == r->local ? r->v[i].hi : r->v[i].lo;
		for (m = (size_t)pair_hash(0, o) & (n - 1);
		    r->lslots[m].k != 0; m = (m + 1) & (n - 1))
			;
		r->lslots[m].lo = o;
		r->lslots[m].k = r->v[i].lo == r->local ? r->v[i].k :
		    rel_flip((enum bgpmon_relk)r->v[i].k);
	}
}

static enum bgpmon_relk
local_get(const struct bgpmon_rels *r, uint32_t other)
{
	size_t	 m;

	for (m = (size_t)pair_hash(0, other) & (r->nlocal - 1);
	    r->lslots[m].k != 0; m = (m + 1) & (r->nlocal - 1))
		if (r->lslots[m].lo == other)
			return (enum bgpmon_relk)r->lslots[m].k;
	return BGPMON_REL_NONE;
}

void
bgpmon_rels_finish(struct bgpmon_rels *r)
{
	size_t	 i, o = 0;

	if (r == NULL || r->sorted)
		return;
	if (r->n > 0)
		qsort(r->v, r->n, sizeof(*r->v), ent_cmp);
	for (i = 0; i < r->n; i++) {
		/* the last of equal keys wins */
		if (i + 1 < r->n && r->v[i + 1].lo == r->v[i].lo &&
		    r->v[i + 1].hi == r->v[i].hi)
			continue;
		r->v[o++] = r->v[i];
	}
	r->n = o;
	r->sorted = 1;
	index_build(r);
	local_build(r);
}

void
bgpmon_rels_set_local(struct bgpmon_rels *r, uint32_t asn)
{
	if (r == NULL)
		return;
	r->local = asn;
	if (r->sorted)
		local_build(r);
}

enum bgpmon_relk
bgpmon_rels_get(const struct bgpmon_rels *r, uint32_t x, uint32_t y)
{
	uint32_t	 lo = x < y ? x : y, hi = x < y ? y : x;
	size_t		 a = 0, b, m;
	uint64_t	 h;

	if (r == NULL || !r->sorted || x == y)
		return BGPMON_REL_NONE;
	if (r->nlocal != 0 && x == r->local)
		return local_get(r, y);
	if (r->nlocal != 0 && y == r->local)
		return rel_flip(local_get(r, x));
	if (r->nslots != 0) {
		h = pair_hash(lo, hi);
		if (r->nfilter != 0 && (r->filter[FILTER_WORD(h,
		    r->nfilter)] & filter_bits(h)) != filter_bits(h))
			return BGPMON_REL_NONE;
		for (m = (size_t)h & (r->nslots - 1); r->slots[m].k != 0;
		    m = (m + 1) & (r->nslots - 1))
			if (r->slots[m].lo == lo && r->slots[m].hi == hi)
				return x == lo ?
				    (enum bgpmon_relk)r->slots[m].k :
				    rel_flip((enum bgpmon_relk)r->slots[m].k);
		return BGPMON_REL_NONE;
	}
	b = r->n;
	while (a < b) {
		m = a + (b - a) / 2;
		if (r->v[m].lo < lo || (r->v[m].lo == lo && r->v[m].hi < hi))
			a = m + 1;
		else
			b = m;
	}
	if (a == r->n || r->v[a].lo != lo || r->v[a].hi != hi)
		return BGPMON_REL_NONE;
	return x == lo ? (enum bgpmon_relk)r->v[a].k :
	    rel_flip((enum bgpmon_relk)r->v[a].k);
}

void
bgpmon_rels_prefetch(const struct bgpmon_rels *r, uint32_t x, uint32_t y)
{
	uint64_t	 h;

	if (r == NULL || r->nfilter == 0 || x == y || x == r->local ||
	    y == r->local)
		return;
	h = pair_hash(x < y ? x : y, x < y ? y : x);
	__builtin_prefetch(&r->filter[FILTER_WORD(h, r->nfilter)]);
}

size_t
bgpmon_rels_count(const struct bgpmon_rels *r)
{
	return r != NULL ? r->n : 0;
}

/* an ASN field: digits only (asplain), 1..4294967295 */
static int
field_asn(const char *s, size_t len, uint32_t *out)
{
	char	 buf[16];

	if (len == 0 || len >= sizeof(buf) || strspn(s, "0123456789") < len)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_u32(buf, 1, UINT32_MAX, out);
}

int
bgpmon_rel_parse_line(const char *line, uint32_t *a, uint32_t *b,
    enum bgpmon_relk *rel, const char **why)
{
	const char	*p = line, *f[3];
	size_t		 flen[3], n;
	int		 i;

	p += strspn(p, " \t");
	if (*p == '\0' || *p == '#' || *p == '\n' || *p == '\r')
		return 0;
	for (i = 0; i < 3; i++) {
		f[i] = p;
		n = strcspn(p, "|\r\n");
		flen[i] = n;
		p += n;
		if (i < 2) {
			if (*p != '|') {
				*why = "expected <as1>|<as2>|<-1 or 0>";
				return -1;
			}
			p++;
		}
	}
	/* serial-2 files carry a source field after the relationship */
	if (*p != '\0' && *p != '|' && *p != '\r' && *p != '\n') {
		*why = "expected <as1>|<as2>|<-1 or 0>";
		return -1;
	}
	if (field_asn(f[0], flen[0], a) == -1 ||
	    field_asn(f[1], flen[1], b) == -1) {
		*why = "invalid AS number";
		return -1;
	}
	if (flen[2] == 2 && memcmp(f[2], "-1", 2) == 0)
		*rel = BGPMON_REL_CUSTOMER;	/* b is a's customer */
	else if (flen[2] == 1 && f[2][0] == '0')
		*rel = BGPMON_REL_PEER;
	else {
		*why = "the relationship must be -1 (provider|customer) or 0 "
		    "(peer|peer)";
		return -1;
	}
	if (*a == *b) {
		*why = "an AS cannot have a relationship with itself";
		return -1;
	}
	return 1;
}

long
bgpmon_rel_load(struct bgpmon_rels *r, const char *path,
    bgpmon_rel_err_fn err, void *arg)
{
	FILE			*fp;
	char			 line[512], msg[256];
	const char		*why;
	enum bgpmon_relk	 k;
	uint32_t		 a, b;
	unsigned		 ln = 0;
	long			 npairs = 0;
	int			 rc, longline = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(msg, sizeof(msg), "cannot open %s: %s", path,
		    strerror(errno));
		err(0, msg, arg);
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		/* the tail of a line longer than the buffer is no line */
		if (longline) {
			longline = strchr(line, '\n') == NULL;
			continue;
		}
		ln++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			longline = 1;
			err(ln, "line too long", arg);
			continue;
		}
		rc = bgpmon_rel_parse_line(line, &a, &b, &k, &why);
		if (rc == -1) {
			err(ln, why, arg);
			continue;
		}
		if (rc == 0)
			continue;
		npairs++;
		if (r != NULL && bgpmon_rels_add(r, a, b, k) == -1) {
			fclose(fp);
			return -1;
		}
	}
	if (ferror(fp)) {
		snprintf(msg, sizeof(msg), "cannot read %s", path);
		err(0, msg, arg);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return npairs;
}
