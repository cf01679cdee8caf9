/*
 * roa: the VRP table; see roa.h.
 *
 * A VRP prefix's entries (max length, origin AS, sources) are kept sorted
 * by (max length, AS), so a walk comes out in the order roa.h promises:
 * one entry inline in a value word, several in a small array (struct
 * roa_set).  Where the value word lives depends on the prefix's length:
 *
 *   - shorter than the family's stride (IPv4 /16, IPv6 /32): a pfxtable
 *     (Patricia trie) of its own per family.  Those prefixes are few (a
 *     couple of percent of the real set), so that trie is small and stays
 *     in the cache;
 *   - the stride or longer: in the bucket of its /16 (/32), a sorted
 *     array of (prefix, value word), 16 bytes per IPv4 prefix.  A second
 *     pfxtable holds the buckets in order; IPv4 ones are also found
 *     through an array indexed by their top 16 bits (512 KiB once the
 *     first exists).
 *
 * Validating a route is one descent of the small trie over its covering
 * prefixes, then, in the route's bucket, one binary search per prefix
 * length present there: no allocation, O(route length), and a route in
 * random order costs a few cache misses, not one per level of a trie of
 * the whole set (which, measured with bench_roa, took twice as long and
 * 40% more memory; see bench/README.md).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/pfxtable.h"
#include "core/bgp/roa.h"

struct roa_ent {
	uint32_t	 asn;
	uint32_t	 srcmask;
	uint8_t		 maxlen;
};

/* The VRPs of one prefix when they do not fit in the value word. */
struct roa_set {
	uint16_t	 n;		/* >= 2, or 1 that does not fit */
	uint16_t	 cap;
	struct roa_ent	 e[];
};

/*
 * Most prefixes carry one VRP from one or two sources: that entry lives
 * in the value word itself, bit 0 set (a set pointer is aligned, bit 0
 * clear), then maxlen (8 bits), the AS (32) and the sources 0..22 (23).
 * No allocation per VRP for them, and validation reads nothing more.
 * Anything else (several VRPs, a source from 23 on, a 32-bit platform)
 * is a roa_set.
 */
#if UINTPTR_MAX > 0xffffffffu
#define INL_SRCBITS	23
#else
#define INL_SRCBITS	0
#endif
#define INL_SRCMAX	((uint32_t)1 << INL_SRCBITS)

static int
is_inline(const void *v)
{
	return ((uintptr_t)v & 1) != 0;
}

static int
fits_inline(const struct roa_ent *e)
{
	return INL_SRCBITS > 0 && e->srcmask < INL_SRCMAX;
}

static void *
inl_make(const struct roa_ent *e)
{
	uint64_t	 w;

	w = 1 | (uint64_t)e->maxlen << 1 | (uint64_t)e->asn << 9 |
	    (uint64_t)e->srcmask << 41;
	return (void *)(uintptr_t)w;
}

static void
inl_read(const void *v, struct roa_ent *e)
{
	uint64_t	 w = (uintptr_t)v;

	e->maxlen = (uint8_t)(w >> 1);
	e->asn = (uint32_t)(w >> 9);
	e->srcmask = (uint32_t)(w >> 41);
}

/* The entries of value v: *n of them at the returned address (tmp for
   an inline one). */
static const struct roa_ent *
ents(const void *v, struct roa_ent *tmp, unsigned *n)
{
	const struct roa_set	*s = v;

	if (is_inline(v)) {
		inl_read(v, tmp);
		*n = 1;
		return tmp;
	}
	*n = s->n;
	return s->e;
}

/* 1 if some entry of v matches a route of length len from asn (not 0). */
static int
ents_match(const void *v, uint32_t asn, unsigned len)
{
	const struct roa_set	*s = v;
	struct roa_ent		 e;
	unsigned		 i;

	if (is_inline(v)) {
		inl_read(v, &e);
		return e.maxlen >= len && e.asn == asn;
	}
	/* Sorted by maxlen: the entries long enough are at the end. */
	for (i = s->n; i-- > 0 && s->e[i].maxlen >= len; )
		if (s->e[i].asn == asn)
			return 1;
	return 0;
}

/* Family index: 0 IPv4, 1 IPv6. */
#define NAF	2

struct fam {
	unsigned	 stride;	/* length of a bucket's prefix */
	unsigned	 nw;		/* key words */
	size_t		 esz;		/* bytes per bucket entry */
};

/*
 * A bucket entry: its prefix as host-order words masked to its length
 * (the whole address: comparisons need no offset) and its value word.
 */
struct bent {
	void		*v;
	uint8_t		 len;
	uint32_t	 key[];
};

#define ESZ(nw)	((offsetof(struct bent, key) + (nw) * sizeof(uint32_t) + \
	7) & ~(size_t)7)

_Static_assert(ESZ(1) == 16, "an IPv4 bucket entry must fit in 16 bytes");

static const struct fam	 fams[NAF] = {
	{ 16, 1, ESZ(1) },
	{ 32, 4, ESZ(4) },
};

/*
 * The prefixes inside one /16 (IPv4) or /32 (IPv6) of that length or
 * longer, sorted by (address, length), the walk's order.  Bit l - stride
 * of lens is set when some entry has length l: a lookup searches those
 * lengths only.
 */
struct bucket {
	uint32_t	 n, cap;
	uint64_t	 lens[2];
	uint64_t	 e[];		/* n entries of esz bytes */
};

/* IPv4 buckets by the top 16 bits of their prefix. */
#define NDIR	((size_t)1 << 16)

struct roa_table {
	struct pfxtable	*sh[NAF];	/* prefixes shorter than the stride */
	struct pfxtable	*bk[NAF];	/* stride-long prefix -> bucket */
	struct bucket	**dir;		/* IPv4: bk[0] as an array; NULL: none */
	size_t		 nvrp[NAF];
	size_t		 npfx[NAF];
	size_t		 nsrc[NAF][ROA_SRC_MAX];
	size_t		 heapbytes;	/* roa_sets and buckets */
};

static int
afi(int af)
{
	return af == AF_V4 ? 0 : af == AF_V6 ? 1 : -1;
}

static size_t
set_size(unsigned cap)
{
	return sizeof(struct roa_set) + cap * sizeof(struct roa_ent);
}

static size_t
bucket_size(const struct fam *f, size_t cap)
{
	return sizeof(struct bucket) + cap * f->esz;
}

static struct bent *
bent_at(const struct bucket *b, const struct fam *f, unsigned i)
{
	return (struct bent *)((char *)(uintptr_t)b->e + (size_t)i * f->esz);
}

/* Host-order words of the address, bits from len on cleared. */
static void
key_load(const struct fam *f, const struct xaddr *a, unsigned len,
    uint32_t *k)
{
	unsigned	 w;

	for (w = 0; w < f->nw; w++) {
		k[w] = (uint32_t)a->a[4 * w] << 24 |
		    (uint32_t)a->a[4 * w + 1] << 16 |
		    (uint32_t)a->a[4 * w + 2] << 8 | a->a[4 * w + 3];
		if (len <= 32 * w)
			k[w] = 0;
		else if (len < 32 * (w + 1))
			k[w] &= ~(UINT32_MAX >> (len - 32 * w));
	}
}

/* k masked to len, into out. */
static void
key_trunc(const struct fam *f, const uint32_t *k, unsigned len,
    uint32_t *out)
{
	unsigned	 w;

	for (w = 0; w < f->nw; w++) {
		if (len <= 32 * w)
			out[w] = 0;
		else if (len < 32 * (w + 1))
			out[w] = k[w] & ~(UINT32_MAX >> (len - 32 * w));
		else
			out[w] = k[w];
	}
}

static void
bent_prefix(const struct fam *f, int a, const struct bent *e,
    struct xprefix *p)
{
	unsigned	 w;

	memset(p, 0, sizeof(*p));
	p->addr.af = a == 0 ? AF_V4 : AF_V6;
	p->len = e->len;
	for (w = 0; w < f->nw; w++) {
		p->addr.a[4 * w] = (uint8_t)(e->key[w] >> 24);
		p->addr.a[4 * w + 1] = (uint8_t)(e->key[w] >> 16);
		p->addr.a[4 * w + 2] = (uint8_t)(e->key[w] >> 8);
		p->addr.a[4 * w + 3] = (uint8_t)e->key[w];
	}
}

/* (address, length) order of (k, len) against entry e. */
static int
bent_cmp(const struct fam *f, const uint32_t *k, unsigned len,
    const struct bent *e)
{
	unsigned	 w;

	for (w = 0; w < f->nw; w++)
		if (k[w] != e->key[w])
			return k[w] < e->key[w] ? -1 : 1;
	return len < e->len ? -1 : len > e->len;
}

/* The index of (k, len) in b, or where it would go (*found 0). */
static unsigned
bucket_find(const struct bucket *b, const struct fam *f, const uint32_t *k,
    unsigned len, int *found)
{
	unsigned	 lo = 0, hi = b->n, mid;
	int		 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = bent_cmp(f, k, len, bent_at(b, f, mid))) == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = 0;
	return lo;
}

/*
 * Calls cb for each entry of b that covers (k, len), k masked to len,
 * shortest first, which is also (address, length) order: one binary
 * search per length present (the set bits of lens, in order).  A
 * non-zero return from cb stops it.
 */
static int
bucket_covering(const struct bucket *b, const struct fam *f,
    const uint32_t *k, unsigned len,
    int (*cb)(const struct bent *, void *), void *arg)
{
	uint32_t	 kk[4];
	uint64_t	 m;
	unsigned	 w, l, i;
	int		 found, rc;

	for (w = 0; w < 2; w++) {
		for (m = b->lens[w]; m != 0; m &= m - 1) {
			l = f->stride + 64 * w + (unsigned)__builtin_ctzll(m);
			if (l > len)
				return 0;
			key_trunc(f, k, l, kk);
			i = bucket_find(b, f, kk, l, &found);
			if (found && (rc = cb(bent_at(b, f, i), arg)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The bucket's prefix of p (p at least the stride long). */
static void
bucket_prefix(const struct fam *f, const struct xprefix *p,
    struct xprefix *q)
{
	*q = *p;
	q->len = (uint8_t)f->stride;
	prefix_mask(q);
}

struct roa_table *
roa_table_new(void)
{
	struct roa_table	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->sh[0] = pfxtable_new(AF_V4)) == NULL ||
	    (t->sh[1] = pfxtable_new(AF_V6)) == NULL ||
	    (t->bk[0] = pfxtable_new(AF_V4)) == NULL ||
	    (t->bk[1] = pfxtable_new(AF_V6)) == NULL) {
		pfxtable_free(t->sh[0], NULL);
		pfxtable_free(t->sh[1], NULL);
		pfxtable_free(t->bk[0], NULL);
		free(t);
		return NULL;
	}
	return t;
}

static void
value_free(void *v)
{
	if (!is_inline(v))
		free(v);
}

/* Frees a bucket and its entries' sets. */
static int
bucket_free_cb(const struct xprefix *p, void *v, void *arg)
{
	const struct fam	*f = arg;
	struct bucket		*b = v;
	unsigned		 i;

	(void)p;
	for (i = 0; i < b->n; i++)
		value_free(bent_at(b, f, i)->v);
	free(b);
	return 0;
}

void
roa_table_free(struct roa_table *t)
{
	int	 a;

	if (t == NULL)
		return;
	for (a = 0; a < NAF; a++) {
		pfxtable_free(t->sh[a], value_free);
		/* values only: the walk does not change the trie */
		pfxtable_walk(t->bk[a], bucket_free_cb,
		    (void *)(uintptr_t)&fams[a]);
		pfxtable_free(t->bk[a], NULL);
	}
	free(t->dir);
	free(t);
}

/* Records b (NULL: none) as the bucket of key k in the IPv4 array. */
static void
dir_set(struct roa_table *t, int a, const uint32_t *k, struct bucket *b)
{
	if (a == 0)
		t->dir[k[0] >> 16] = b;
}

/* The bucket of p (at least the stride long), whose key is k; NULL:
   none. */
static struct bucket *
bucket_get(const struct roa_table *t, int a, const struct xprefix *p,
    const uint32_t *k)
{
	struct xprefix	 q;

	if (a == 0)
		return t->dir == NULL ? NULL : t->dir[k[0] >> 16];
	bucket_prefix(&fams[a], p, &q);
	return pfxtable_get(t->bk[a], &q);
}

/* The family index of a well-formed VRP, -1 otherwise. */
static int
vrp_check(const struct xprefix *p, uint8_t maxlen, unsigned src)
{
	int	 a;

	if (p == NULL || src >= ROA_SRC_MAX || (a = afi(p->addr.af)) == -1)
		return -1;
	if (p->len > prefix_maxlen(p) || maxlen < p->len ||
	    maxlen > prefix_maxlen(p))
		return -1;
	return a;
}

/*
 * The address of p's value word, NULL if p holds no VRP.  With create, p
 * is added if absent (NULL then: no memory, nothing changed) with a NULL
 * value, *created 1: before the table next changes the caller stores a
 * value there or calls pfx_drop.  Valid until the table next changes.
 */
static void **
pfx_slot(struct roa_table *t, int a, const struct xprefix *p, int create,
    int *created)
{
	const struct fam	*f = &fams[a];
	struct bucket		*b, *nb;
	struct bent		*e;
	struct xprefix		 q;
	uint32_t		 k[4];
	void			**bslot;
	unsigned		 i;
	size_t			 cap;
	int			 found, bnew;

	if (created != NULL)
		*created = 0;
	if (p->len < f->stride) {
		if (!create)
			return pfxtable_get(t->sh[a], p) == NULL ? NULL :
			    pfxtable_slot(t->sh[a], p, NULL);
		if ((bslot = pfxtable_slot(t->sh[a], p, &bnew)) != NULL &&
		    bnew) {
			t->npfx[a]++;
			if (created != NULL)
				*created = 1;
		}
		return bslot;
	}
	bucket_prefix(f, p, &q);
	key_load(f, &p->addr, p->len, k);
	if (!create) {
		if ((b = bucket_get(t, a, &q, k)) == NULL)
			return NULL;
		i = bucket_find(b, f, k, p->len, &found);
		return found ? &bent_at(b, f, i)->v : NULL;
	}
	if (a == 0 && t->dir == NULL &&
	    (t->dir = calloc(NDIR, sizeof(*t->dir))) == NULL)
		return NULL;
	if ((bslot = pfxtable_slot(t->bk[a], &q, &bnew)) == NULL)
		return NULL;
	if (bnew) {
		if ((b = calloc(1, bucket_size(f, 1))) == NULL) {
			pfxtable_slot_undo(t->bk[a], &q);
			return NULL;
		}
		b->cap = 1;
		t->heapbytes += bucket_size(f, 1);
		*bslot = b;
		dir_set(t, a, k, b);
	}
	b = *bslot;
	i = bucket_find(b, f, k, p->len, &found);
	if (found)
		return &bent_at(b, f, i)->v;
	if (b->n == b->cap) {
		/* bnew has room: a failure here leaves an older bucket. */
		cap = b->cap < 8 ? b->cap * 2 : b->cap + b->cap / 2;
		if (cap > UINT32_MAX ||
		    (nb = realloc(b, bucket_size(f, cap))) == NULL)
			return NULL;
		t->heapbytes += bucket_size(f, cap) - bucket_size(f, nb->cap);
		nb->cap = (uint32_t)cap;
		*bslot = b = nb;
		dir_set(t, a, k, b);
	}
	memmove(bent_at(b, f, i + 1), bent_at(b, f, i),
	    (b->n - i) * f->esz);
	e = bent_at(b, f, i);
	memset(e, 0, f->esz);
	memcpy(e->key, k, f->nw * sizeof(uint32_t));
	e->len = p->len;
	b->n++;
	b->lens[(p->len - f->stride) >> 6] |=
	    (uint64_t)1 << ((p->len - f->stride) & 63);
	t->npfx[a]++;
	if (created != NULL)
		*created = 1;
	return &e->v;
}

/* Removes entry i of b (the bucket of prefix q), and b if it empties. */
static void
bucket_remove(struct roa_table *t, int a, const struct xprefix *q,
    struct bucket *b, unsigned i)
{
	const struct fam	*f = &fams[a];
	unsigned		 l = bent_at(b, f, i)->len, j;

	memmove(bent_at(b, f, i), bent_at(b, f, i + 1),
	    (b->n - i - 1) * f->esz);
	b->n--;
	t->npfx[a]--;
	if (b->n == 0) {
		pfxtable_del(t->bk[a], q);
		if (a == 0)
			t->dir[q->addr.a[0] << 8 | q->addr.a[1]] = NULL;
		t->heapbytes -= bucket_size(f, b->cap);
		free(b);
		return;
	}
	for (j = 0; j < b->n; j++)
		if (bent_at(b, f, j)->len == l)
			return;
	b->lens[(l - f->stride) >> 6] &= ~((uint64_t)1 <<
	    ((l - f->stride) & 63));
}

/* Removes p, whose value word the caller has set to NULL. */
static void
pfx_drop(struct roa_table *t, int a, const struct xprefix *p)
{
	const struct fam	*f = &fams[a];
	struct bucket		*b;
	struct xprefix		 q;
	uint32_t		 k[4];
	unsigned		 i;
	int			 found;

	if (p->len < f->stride) {
		if (pfxtable_slot_undo(t->sh[a], p) == 0)
			t->npfx[a]--;
		return;
	}
	bucket_prefix(f, p, &q);
	key_load(f, &p->addr, p->len, k);
	if ((b = bucket_get(t, a, &q, k)) == NULL)
		return;
	i = bucket_find(b, f, k, p->len, &found);
	if (found)
		bucket_remove(t, a, &q, b, i);
}

/*
 * The index of (maxlen, asn) in e[0..n), or where it would go (*found
 * 0).  The arrays are short (a few entries at most): a linear scan.
 */
static unsigned
ent_find(const struct roa_ent *e, unsigned n, uint8_t maxlen, uint32_t asn,
    int *found)
{
	unsigned	 i;

	for (i = 0; i < n; i++) {
		if (e[i].maxlen > maxlen ||
		    (e[i].maxlen == maxlen && e[i].asn >= asn))
			break;
	}
	*found = i < n && e[i].maxlen == maxlen && e[i].asn == asn;
	return i;
}

/* A set of capacity cap holding e[0..n); NULL: no memory. */
static struct roa_set *
set_new(struct roa_table *t, const struct roa_ent *e, unsigned n,
    unsigned cap)
{
	struct roa_set	*s;

	if ((s = malloc(set_size(cap))) == NULL)
		return NULL;
	s->n = (uint16_t)n;
	s->cap = (uint16_t)cap;
	memcpy(s->e, e, n * sizeof(*e));
	t->heapbytes += set_size(cap);
	return s;
}

static void
set_free(struct roa_table *t, struct roa_set *s)
{
	t->heapbytes -= set_size(s->cap);
	free(s);
}

/*
 * The value for the entries e[0..n) (n >= 1) in place of old (NULL: the
 * prefix is new), reusing old's set when it has room: an inline word when
 * they fit in one, else a set.  NULL: no memory, old untouched.  On
 * success old is gone (freed or reused) unless it is returned.
 */
static void *
value_for(struct roa_table *t, void *old, const struct roa_ent *e,
    unsigned n)
{
	struct roa_set	*s;
	unsigned	 cap;

	if (n == 1 && fits_inline(&e[0])) {
		if (old != NULL && !is_inline(old))
			set_free(t, old);
		return inl_make(&e[0]);
	}
	if (old != NULL && !is_inline(old)) {
		s = old;
		if (n <= s->cap) {
			memmove(s->e, e, n * sizeof(*e));
			s->n = (uint16_t)n;
			return s;
		}
	}
	/* 2, 4, 8 ...: at most 2^16 - 1 entries per prefix. */
	if (n > UINT16_MAX)
		return NULL;
	for (cap = 2; cap < n; cap *= 2)
		;
	if (cap > UINT16_MAX)
		cap = UINT16_MAX;
	if ((s = set_new(t, e, n, cap)) == NULL)
		return NULL;
	if (old != NULL && !is_inline(old))
		set_free(t, old);
	return s;
}

/*
 * An add builds the prefix's new entries in a copy (on the stack for up
 * to SMALL of them), so that an allocation failure leaves everything as
 * it was.
 */
#define SMALL	8

int
roa_add(struct roa_table *t, const struct xprefix *p, uint8_t maxlen,
    uint32_t asn, unsigned src)
{
	struct roa_ent		 tmp, small[SMALL], *e = small;
	const struct roa_ent	*cur = NULL;
	void			**slot, *nv;
	unsigned		 i = 0, n = 0;
	int			 a, created, found = 0;
	uint32_t		 bit = (uint32_t)1 << (src & 31);

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return -1;
	if ((slot = pfx_slot(t, a, p, 1, &created)) == NULL)
		return -1;
	if (!created) {
		cur = ents(*slot, &tmp, &n);
		i = ent_find(cur, n, maxlen, asn, &found);
	}
	if (found) {
		if (cur[i].srcmask & bit)
			return 0;
		if (!is_inline(*slot)) {
			/* a set changes in place: nothing to allocate */
			((struct roa_set *)*slot)->e[i].srcmask |= bit;
			t->nsrc[a][src]++;
			return 0;
		}
		tmp.srcmask |= bit;
		if ((nv = value_for(t, *slot, &tmp, 1)) == NULL)
			return -1;
		*slot = nv;
		t->nsrc[a][src]++;
		return 0;
	}
	if (n + 1 > SMALL && (e = malloc((n + 1) * sizeof(*e))) == NULL)
		goto fail;
	if (i > 0)
		memcpy(e, cur, i * sizeof(*e));
	e[i].asn = asn;
	e[i].maxlen = maxlen;
	e[i].srcmask = bit;
	if (n > i)
		memcpy(&e[i + 1], &cur[i], (n - i) * sizeof(*e));
	nv = value_for(t, *slot, e, n + 1);
	if (e != small)
		free(e);
	if (nv == NULL)
		goto fail;
	*slot = nv;
	t->nvrp[a]++;
	t->nsrc[a][src]++;
	return 1;
fail:
	if (created)
		pfx_drop(t, a, p);
	return -1;
}

/*
 * Clears src's bit from entry i of value *vp: 1 if no source is left and
 * the entry left the set; *vp is NULL when that was its last entry (the
 * caller then drops the prefix).  Never allocates: a set shrinks in
 * place, or becomes an inline word.
 */
static int
ent_clear(struct roa_table *t, int a, void **vp, unsigned i, unsigned src)
{
	struct roa_ent	 tmp;
	struct roa_set	*s;
	uint32_t	 bit = (uint32_t)1 << src;

	t->nsrc[a][src]--;
	if (is_inline(*vp)) {
		inl_read(*vp, &tmp);
		tmp.srcmask &= ~bit;
		if (tmp.srcmask != 0) {
			*vp = inl_make(&tmp);
			return 0;
		}
		*vp = NULL;
		t->nvrp[a]--;
		return 1;
	}
	s = *vp;
	s->e[i].srcmask &= ~bit;
	if (s->e[i].srcmask != 0)
		return 0;
	t->nvrp[a]--;
	if (s->n == 1) {
		set_free(t, s);
		*vp = NULL;
		return 1;
	}
	memmove(&s->e[i], &s->e[i + 1], (s->n - i - 1) * sizeof(s->e[0]));
	s->n--;
	if (s->n == 1 && fits_inline(&s->e[0])) {
		*vp = inl_make(&s->e[0]);
		set_free(t, s);
	}
	return 1;
}

int
roa_remove(struct roa_table *t, const struct xprefix *p, uint8_t maxlen,
    uint32_t asn, unsigned src)
{
	struct roa_ent		 tmp;
	const struct roa_ent	*cur;
	void			**slot;
	unsigned		 i, n;
	int			 a, found, rc;

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return 0;
	if ((slot = pfx_slot(t, a, p, 0, NULL)) == NULL)
		return 0;
	cur = ents(*slot, &tmp, &n);
	i = ent_find(cur, n, maxlen, asn, &found);
	if (!found || !(cur[i].srcmask & ((uint32_t)1 << src)))
		return 0;
	rc = ent_clear(t, a, slot, i, src);
	if (*slot == NULL)
		pfx_drop(t, a, p);
	return rc;
}

/*
 * Clears src from every entry of the value word *vp: the count of the
 * entries that left the set.  *vp is NULL when none is left.
 */
static size_t
value_clear_source(struct roa_table *t, int a, void **vp, unsigned src)
{
	struct roa_ent		 tmp;
	const struct roa_ent	*cur;
	unsigned		 i, n;
	size_t			 left = 0;
	uint32_t		 bit = (uint32_t)1 << src;

	cur = ents(*vp, &tmp, &n);
	/* Downwards: a removal shifts only the entries already seen. */
	for (i = n; i-- > 0; ) {
		if (!(cur[i].srcmask & bit))
			continue;
		left += (size_t)ent_clear(t, a, vp, i, src);
		if (*vp == NULL)
			break;
		/* an inline word now, or the same set */
		cur = ents(*vp, &tmp, &n);
	}
	return left;
}

static void
call_gone(void (*gone)(const struct xprefix *, void *), void *arg,
    const struct xprefix *p, size_t n)
{
	while (gone != NULL && n-- > 0)
		gone(p, arg);
}

/*
 * gone() is called once a prefix's entries are settled (and the prefix
 * dropped if it emptied), so the table it may read is consistent; the
 * iteration resumes from positions (a cursor, a bucket search), not from
 * pointers, so it survives whatever the callback does.
 */
size_t
roa_remove_source(struct roa_table *t, unsigned src,
    void (*gone)(const struct xprefix *, void *), void *arg)
{
	const struct fam	*f;
	struct pfxtable_cursor	 c;
	struct xprefix		 p, q;
	struct bucket		*b;
	struct bent		*e;
	void			*v, **slot;
	uint32_t		 k[4];
	size_t			 n = 0, left;
	unsigned		 i;
	int			 a, found, last;

	if (src >= ROA_SRC_MAX)
		return 0;
	for (a = 0; a < NAF; a++) {
		f = &fams[a];
		pfxtable_cursor_init(&c, NULL);
		while (t->nsrc[a][src] > 0 &&
		    pfxtable_cursor_next(t->sh[a], &c, &q, NULL)) {
			if ((slot = pfxtable_slot(t->sh[a], &q, NULL)) == NULL)
				continue;
			left = value_clear_source(t, a, slot, src);
			if (*slot == NULL)
				pfx_drop(t, a, &q);
			n += left;
			call_gone(gone, arg, &q, left);
		}
		pfxtable_cursor_init(&c, NULL);
		while (t->nsrc[a][src] > 0 &&
		    pfxtable_cursor_next(t->bk[a], &c, &q, &v)) {
			b = v;
			for (i = 0; b != NULL && i < b->n &&
			    t->nsrc[a][src] > 0; ) {
				e = bent_at(b, f, i);
				bent_prefix(f, a, e, &p);
				left = value_clear_source(t, a, &e->v, src);
				if (e->v != NULL)
					i++;
				else {
					/* the bucket goes with its last entry */
					last = b->n == 1;
					bucket_remove(t, a, &q, b, i);
					if (last)
						b = NULL;
				}
				if (left == 0)
					continue;
				n += left;
				if (gone == NULL)
					continue;
				call_gone(gone, arg, &p, left);
				/* after p, wherever the callback left it */
				if ((b = pfxtable_get(t->bk[a], &q)) == NULL)
					break;
				key_load(f, &p.addr, p.len, k);
				i = bucket_find(b, f, k, p.len, &found) +
				    (found ? 1 : 0);
			}
		}
	}
	return n;
}

struct vctx {
	const struct fam *f;
	uint32_t	 k[4];		/* the route's key */
	uint32_t	 asn;		/* 0: nothing matches */
	uint8_t		 len;
	uint8_t		 covered;
};

/* 1: v has a match (valid); 2: covered, nothing can match (invalid). */
static int
validate_value(const void *v, struct vctx *x)
{
	x->covered = 1;
	if (x->asn == 0)
		return 2;	/* AS0 or an AS_SET origin */
	return ents_match(v, x->asn, x->len);
}

static int
validate_bent(const struct bent *e, void *arg)
{
	return validate_value(e->v, arg);
}

static int
validate_cb(const struct xprefix *p, void *v, void *arg)
{
	(void)p;
	return validate_value(v, arg);
}

enum rpki_state
roa_validate(const struct roa_table *t, const struct xprefix *pfx,
    uint32_t origin_as, int origin_known)
{
	const struct bucket	*b;
	struct vctx		 x;
	int			 a, rc;

	if (pfx == NULL || (a = afi(pfx->addr.af)) == -1 ||
	    pfx->len > prefix_maxlen(pfx))
		return RPKI_NOT_FOUND;
	x.f = &fams[a];
	key_load(x.f, &pfx->addr, pfx->len, x.k);
	x.asn = origin_known ? origin_as : 0;
	x.len = pfx->len;
	x.covered = 0;
	/* The few short prefixes first, then the route's bucket. */
	rc = pfxtable_walk_covering(t->sh[a], pfx, validate_cb, &x);
	if (rc == 0 && pfx->len >= x.f->stride) {
		if ((b = bucket_get(t, a, pfx, x.k)) != NULL)
			rc = bucket_covering(b, x.f, x.k, x.len,
			    validate_bent, &x);
	}
	if (rc == 1)
		return RPKI_VALID;
	return x.covered ? RPKI_INVALID : RPKI_NOT_FOUND;
}

size_t
roa_count(const struct roa_table *t, int af)
{
	int	 a = afi(af);

	return a == -1 ? t->nvrp[0] + t->nvrp[1] : t->nvrp[a];
}

size_t
roa_count_prefixes(const struct roa_table *t, int af)
{
	int	 a = afi(af);

	return a == -1 ? t->npfx[0] + t->npfx[1] : t->npfx[a];
}

size_t
roa_count_source(const struct roa_table *t, unsigned src, int af)
{
	int	 a = afi(af);

	if (src >= ROA_SRC_MAX)
		return 0;
	return a == -1 ? t->nsrc[0][src] + t->nsrc[1][src] : t->nsrc[a][src];
}

size_t
roa_memory(const struct roa_table *t)
{
	size_t	 n = sizeof(*t) + t->heapbytes;
	int	 a;

	for (a = 0; a < NAF; a++)
		n += pfxtable_memory(t->sh[a]) + pfxtable_memory(t->bk[a]);
	if (t->dir != NULL)
		n += NDIR * sizeof(*t->dir);
	return n;
}

struct wctx {
	int		(*cb)(const struct roa_vrp *, void *);
	void		*arg;
	const struct fam *f;
	int		 a;
	/* whole walks: the next short prefix, merged in address order */
	const struct pfxtable *sh;
	struct pfxtable_cursor cur;
	struct xprefix	 next;
	void		*nextv;
	int		 more;
};

static int
walk_value(const struct xprefix *p, const void *v, struct wctx *w)
{
	const struct roa_ent	*e;
	struct roa_ent		 tmp;
	struct roa_vrp		 vrp;
	unsigned		 i, n;
	int			 rc;

	vrp.pfx = *p;
	e = ents(v, &tmp, &n);
	for (i = 0; i < n; i++) {
		vrp.maxlen = e[i].maxlen;
		vrp.asn = e[i].asn;
		vrp.srcmask = e[i].srcmask;
		if ((rc = w->cb(&vrp, w->arg)) != 0)
			return rc;
	}
	return 0;
}

static int
walk_bent(const struct bent *e, void *arg)
{
	struct wctx	*w = arg;
	struct xprefix	 p;

	bent_prefix(w->f, w->a, e, &p);
	return walk_value(&p, e->v, w);
}

static int
walk_short(const struct xprefix *p, void *v, void *arg)
{
	return walk_value(p, v, arg);
}

/*
 * The short prefixes up to addr (NULL: all that are left).  A short
 * prefix at a bucket's address comes before it (it is shorter); one
 * after that address comes after the whole bucket, since it is aligned
 * on more than the bucket's size.
 */
static int
walk_shorts_until(struct wctx *w, const struct xaddr *addr)
{
	int	 rc;

	while (w->more && (addr == NULL ||
	    addr_cmp(&w->next.addr, addr) <= 0)) {
		if ((rc = walk_value(&w->next, w->nextv, w)) != 0)
			return rc;
		w->more = pfxtable_cursor_next(w->sh, &w->cur, &w->next,
		    &w->nextv);
	}
	return 0;
}

static int
walk_bucket(const struct xprefix *q, void *v, void *arg)
{
	struct wctx	*w = arg;
	struct bucket	*b = v;
	unsigned	 i;
	int		 rc;

	if ((rc = walk_shorts_until(w, &q->addr)) != 0)
		return rc;
	for (i = 0; i < b->n; i++)
		if ((rc = walk_bent(bent_at(b, w->f, i), w)) != 0)
			return rc;
	return 0;
}

int
roa_walk(const struct roa_table *t, int af, const struct xprefix *cover,
    int (*cb)(const struct roa_vrp *, void *), void *arg)
{
	const struct bucket	*b;
	struct wctx		 w;
	uint32_t		 k[4];
	int			 a, rc;

	memset(&w, 0, sizeof(w));
	w.cb = cb;
	w.arg = arg;
	for (a = 0; a < NAF; a++) {
		if (af != 0 && afi(af) != a)
			continue;
		w.f = &fams[a];
		w.a = a;
		if (cover == NULL) {
			w.sh = t->sh[a];
			pfxtable_cursor_init(&w.cur, NULL);
			w.more = pfxtable_cursor_next(w.sh, &w.cur, &w.next,
			    &w.nextv);
			if ((rc = pfxtable_walk(t->bk[a], walk_bucket,
			    &w)) != 0 || (rc = walk_shorts_until(&w,
			    NULL)) != 0)
				return rc;
			continue;
		}
		if (afi(cover->addr.af) != a ||
		    cover->len > prefix_maxlen(cover))
			continue;
		/* Covering prefixes, shortest first: the short ones lead. */
		if ((rc = pfxtable_walk_covering(t->sh[a], cover, walk_short,
		    &w)) != 0)
			return rc;
		if (cover->len < w.f->stride)
			continue;
		key_load(w.f, &cover->addr, cover->len, k);
		if ((b = bucket_get(t, a, cover, k)) != NULL &&
		    (rc = bucket_covering(b, w.f, k, cover->len, walk_bent,
		    &w)) != 0)
			return rc;
	}
	return 0;
}
