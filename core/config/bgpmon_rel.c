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
 * Lookups run for every hop of every path received: an open-addressing
 * index over the sorted array (slot: array index + 1, 0 empty, at most
 * half full) costs one or two cache misses where the binary search
 * cost one per step.
 */
struct bgpmon_rels {
	struct relent	*v;
	size_t		 n, cap;
	uint32_t	 seq;
	int		 sorted;
	uint32_t	*slots;
	size_t		 nslots;	/* a power of two, 0: none */
};

static size_t
slot_hash(uint32_t lo, uint32_t hi)
{
	uint64_t	 h = ((uint64_t)lo << 32 | hi) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32);
}

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

/* the index; without memory for it lookups fall back to the search */
static void
index_build(struct bgpmon_rels *r)
{
	size_t	 n = 16, i, h;

	free(r->slots);
	r->slots = NULL;
	r->nslots = 0;
	while (n < 2 * r->n)
		n *= 2;
	if (r->n > UINT32_MAX - 1 ||
	    (r->slots = calloc(n, sizeof(*r->slots))) == NULL)
		return;
	r->nslots = n;
	for (i = 0; i < r->n; i++) {
		h = slot_hash(r->v[i].lo, r->v[i].hi) & (n - 1);
		while (r->slots[h] != 0)
			h = (h + 1) & (n - 1);
		r->slots[h] = (uint32_t)(i + 1);
	}
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
}

enum bgpmon_relk
bgpmon_rels_get(const struct bgpmon_rels *r, uint32_t x, uint32_t y)
{
	uint32_t	 lo = x < y ? x : y, hi = x < y ? y : x;
	size_t		 a = 0, b, m;

	if (r == NULL || !r->sorted || x == y)
		return BGPMON_REL_NONE;
	if (r->nslots != 0) {
		for (m = slot_hash(lo, hi) & (r->nslots - 1); r->slots[m] != 0;
		    m = (m + 1) & (r->nslots - 1)) {
			a = r->slots[m] - 1;
			if (r->v[a].lo == lo && r->v[a].hi == hi)
				goto found;
		}
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
found:
	return x == lo ? (enum bgpmon_relk)r->v[a].k :
	    rel_flip((enum bgpmon_relk)r->v[a].k);
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
