/*
 * roa: the VRP table; see roa.h.
 *
 * One pfxtable per family maps a VRP prefix to its (max length, origin
 * AS, sources) entries, kept sorted by (max length, AS) so a walk comes
 * out in the order roa.h promises: one entry inline in the value word,
 * several in a small array (struct roa_set).  Validating a
 * route reads the arrays of its covering prefixes, which the trie hands
 * over in one descent: no allocation, O(route length).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/pfxtable.h"
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
 * in the trie's value word itself, bit 0 set (a set pointer is aligned,
 * bit 0 clear), then maxlen (8 bits), the AS (32) and the sources 0..22
 * (23).  No allocation per VRP for them, and validation reads no memory
 * beyond the trie nodes.  Anything else (several VRPs, a source from 23
 * on, a 32-bit platform) is a roa_set.
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

/* Family index: 0 IPv4, 1 IPv6. */
#define NAF	2

struct roa_table {
	struct pfxtable	*pt[NAF];
	size_t		 nvrp[NAF];
	size_t		 nsrc[NAF][ROA_SRC_MAX];
	size_t		 setbytes;	/* bytes of the roa_sets */
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

static void
value_free(void *v)
{
	if (!is_inline(v))
		free(v);
}

struct roa_table *
roa_table_new(void)
{
	struct roa_table	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->pt[0] = pfxtable_new(AF_V4)) == NULL ||
	    (t->pt[1] = pfxtable_new(AF_V6)) == NULL) {
		pfxtable_free(t->pt[0], NULL);
		free(t);
		return NULL;
	}
	return t;
}

void
roa_table_free(struct roa_table *t)
{
	if (t == NULL)
		return;
	pfxtable_free(t->pt[0], value_free);
	pfxtable_free(t->pt[1], value_free);
	free(t);
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
	t->setbytes += set_size(cap);
	return s;
}

static void
set_free(struct roa_table *t, struct roa_set *s)
{
	t->setbytes -= set_size(s->cap);
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
	struct roa_set	*s = NULL;
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
	const struct roa_ent	*cur;
	void			**slot, *nv;
	unsigned		 i, n = 0;
	int			 a, created, found;
	uint32_t		 bit = (uint32_t)1 << (src & 31);

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return -1;
	if ((slot = pfxtable_slot(t->pt[a], p, &created)) == NULL)
		return -1;
	cur = created ? NULL : ents(*slot, &tmp, &n);
	i = created ? 0 : ent_find(cur, n, maxlen, asn, &found);
	if (!created && found) {
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
	if (n + 1 > SMALL && (e = malloc((n + 1) * sizeof(*e))) == NULL) {
		if (created)
			pfxtable_slot_undo(t->pt[a], p);
		return -1;
	}
	if (n > 0)
		memcpy(e, cur, i * sizeof(*e));
	e[i].asn = asn;
	e[i].maxlen = maxlen;
	e[i].srcmask = bit;
	if (n > i)
		memcpy(&e[i + 1], &cur[i], (n - i) * sizeof(*e));
	nv = value_for(t, created ? NULL : *slot, e, n + 1);
	if (e != small)
		free(e);
	if (nv == NULL) {
		if (created)
			pfxtable_slot_undo(t->pt[a], p);
		return -1;
	}
	*slot = nv;
	t->nvrp[a]++;
	t->nsrc[a][src]++;
	return 1;
}

/*
 * Clears src's bit from entry i of value *vp (prefix p) and, if no
 * source is left, drops the entry and the prefix with its last one.
 * 1: the entry left the set.  Shrinking never allocates: a set shrinks
 * in place, or becomes an inline word.
 */
static int
ent_clear(struct roa_table *t, int a, const struct xprefix *p, void **vp,
    unsigned i, uint32_t bit, unsigned src)
{
	struct roa_ent	 tmp;
	struct roa_set	*s;

	t->nsrc[a][src]--;
	if (is_inline(*vp)) {
		inl_read(*vp, &tmp);
		tmp.srcmask &= ~bit;
		if (tmp.srcmask != 0) {
			*vp = inl_make(&tmp);
			return 0;
		}
		pfxtable_del(t->pt[a], p);
		t->nvrp[a]--;
		return 1;
	}
	s = *vp;
	s->e[i].srcmask &= ~bit;
	if (s->e[i].srcmask != 0)
		return 0;
	t->nvrp[a]--;
	if (s->n == 1) {
		pfxtable_del(t->pt[a], p);
		set_free(t, s);
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
	void			*v, **slot;
	unsigned		 i, n;
	int			 a, found;
	uint32_t		 bit = (uint32_t)1 << (src & 31);

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return 0;
	if ((v = pfxtable_get(t->pt[a], p)) == NULL)
		return 0;
	cur = ents(v, &tmp, &n);
	i = ent_find(cur, n, maxlen, asn, &found);
	if (!found || !(cur[i].srcmask & bit))
		return 0;
	/* The prefix is there: its slot exists, nothing is allocated. */
	if ((slot = pfxtable_slot(t->pt[a], p, NULL)) == NULL)
		return 0;
	return ent_clear(t, a, p, slot, i, bit, src);
}

size_t
roa_remove_source(struct roa_table *t, unsigned src,
    void (*gone)(const struct xprefix *, void *), void *arg)
{
	struct pfxtable_cursor	 c;
	struct xprefix		 p;
	struct roa_ent		 tmp;
	const struct roa_ent	*cur;
	void			*v, **slot;
	size_t			 n = 0;
	unsigned		 i, ne;
	int			 a;
	uint32_t		 bit = (uint32_t)1 << (src & 31);

	if (src >= ROA_SRC_MAX)
		return 0;
	for (a = 0; a < NAF; a++) {
		if (t->nsrc[a][src] == 0)
			continue;
		/* A cursor, not a walk: emptied prefixes leave the trie. */
		pfxtable_cursor_init(&c, NULL);
		while (t->nsrc[a][src] > 0 &&
		    pfxtable_cursor_next(t->pt[a], &c, &p, &v)) {
			cur = ents(v, &tmp, &ne);
			for (i = ne; i-- > 0; ) {
				if (!(cur[i].srcmask & bit))
					continue;
				if ((slot = pfxtable_slot(t->pt[a], &p,
				    NULL)) == NULL)
					break;
				/* the last entry takes the prefix with it */
				if (!ent_clear(t, a, &p, slot, i, bit, src))
					continue;
				n++;
				if (gone != NULL)
					gone(&p, arg);
				if (ne == 1 || (v = pfxtable_get(t->pt[a],
				    &p)) == NULL)
					break;
				/* an inline word now, or the same set */
				cur = ents(v, &tmp, &ne);
			}
		}
	}
	return n;
}

struct vctx {
	uint32_t	 asn;		/* 0: nothing matches */
	uint8_t		 len;
	uint8_t		 covered;
};

static int
validate_cb(const struct xprefix *p, void *v, void *arg)
{
	const struct roa_set	*s = v;
	struct vctx		*x = arg;
	struct roa_ent		 e;
	unsigned		 i;

	(void)p;
	x->covered = 1;
	if (x->asn == 0)
		return 2;	/* AS0 or an AS_SET origin: invalid */
	if (is_inline(v)) {
		inl_read(v, &e);
		return e.maxlen >= x->len && e.asn == x->asn;
	}
	/* Sorted by maxlen: the entries long enough are at the end. */
	for (i = s->n; i-- > 0 && s->e[i].maxlen >= x->len; ) {
		if (s->e[i].asn == x->asn)
			return 1;
	}
	return 0;
}

enum rpki_state
roa_validate(const struct roa_table *t, const struct xprefix *pfx,
    uint32_t origin_as, int origin_known)
{
	struct vctx	 x;
	int		 a;

	if (pfx == NULL || (a = afi(pfx->addr.af)) == -1)
		return RPKI_NOT_FOUND;
	x.asn = origin_known ? origin_as : 0;
	x.len = pfx->len;
	x.covered = 0;
	if (pfxtable_walk_covering(t->pt[a], pfx, validate_cb, &x) == 1)
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

	if (a == -1)
		return pfxtable_count(t->pt[0]) + pfxtable_count(t->pt[1]);
	return pfxtable_count(t->pt[a]);
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
	return sizeof(*t) + pfxtable_memory(t->pt[0]) +
	    pfxtable_memory(t->pt[1]) + t->setbytes;
}

struct wctx {
	int	(*cb)(const struct roa_vrp *, void *);
	void	*arg;
};

static int
walk_cb(const struct xprefix *p, void *v, void *arg)
{
	const struct roa_ent	*e;
	struct roa_ent		 tmp;
	struct wctx		*w = arg;
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

int
roa_walk(const struct roa_table *t, int af, const struct xprefix *cover,
    int (*cb)(const struct roa_vrp *, void *), void *arg)
{
	struct wctx	 w = { cb, arg };
	int		 a, rc;

	for (a = 0; a < NAF; a++) {
		if (af != 0 && afi(af) != a)
			continue;
		if (cover == NULL)
			rc = pfxtable_walk(t->pt[a], walk_cb, &w);
		else if (afi(cover->addr.af) == a)
			rc = pfxtable_walk_covering(t->pt[a], cover, walk_cb,
			    &w);
		else
			rc = 0;
		if (rc != 0)
			return rc;
	}
	return 0;
}
