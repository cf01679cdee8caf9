/*
 * roa: the VRP table; see roa.h.
 *
 * One pfxtable per family maps a VRP prefix to the small array of its
 * (max length, origin AS, sources) entries, kept sorted by (max length,
 * AS) so a walk comes out in the order roa.h promises.  Validating a
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

/* The VRPs of one prefix; n >= 1 while stored. */
struct roa_set {
	uint16_t	 n;
	uint16_t	 cap;
	struct roa_ent	 e[];
};

/* Family index: 0 IPv4, 1 IPv6. */
#define NAF	2

struct roa_table {
	struct pfxtable	*pt[NAF];
	size_t		 nvrp[NAF];
	size_t		 nsrc[NAF][ROA_SRC_MAX];
	size_t		 setbytes;	/* bytes of the entry arrays */
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
	pfxtable_free(t->pt[0], free);
	pfxtable_free(t->pt[1], free);
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
 * The index of (maxlen, asn) in s, or where it would go (*found 0).
 * The arrays are short (one entry for most prefixes): a linear scan.
 */
static unsigned
set_find(const struct roa_set *s, uint8_t maxlen, uint32_t asn, int *found)
{
	unsigned	 i;

	for (i = 0; i < s->n; i++) {
		if (s->e[i].maxlen > maxlen ||
		    (s->e[i].maxlen == maxlen && s->e[i].asn >= asn))
			break;
	}
	*found = i < s->n && s->e[i].maxlen == maxlen && s->e[i].asn == asn;
	return i;
}

int
roa_add(struct roa_table *t, const struct xprefix *p, uint8_t maxlen,
    uint32_t asn, unsigned src)
{
	struct roa_set	*s, *ns;
	void		**slot;
	unsigned	 i, cap;
	int		 a, created, found;
	uint32_t	 bit = (uint32_t)1 << (src & 31);

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return -1;
	if ((slot = pfxtable_slot(t->pt[a], p, &created)) == NULL)
		return -1;
	if (created) {
		if ((s = malloc(set_size(1))) == NULL) {
			pfxtable_slot_undo(t->pt[a], p);
			return -1;
		}
		s->n = 0;
		s->cap = 1;
		t->setbytes += set_size(1);
		*slot = s;
	}
	s = *slot;
	i = set_find(s, maxlen, asn, &found);
	if (found) {
		if (s->e[i].srcmask & bit)
			return 0;
		s->e[i].srcmask |= bit;
		t->nsrc[a][src]++;
		return 0;
	}
	if (s->n == s->cap) {
		/* 1, 2, 4 ...: at most 2^16 - 1 entries per prefix. */
		if (s->cap >= UINT16_MAX)
			return -1;
		cap = s->cap * 2 > UINT16_MAX ? UINT16_MAX : s->cap * 2u;
		if ((ns = realloc(s, set_size(cap))) == NULL)
			return -1;
		t->setbytes += set_size(cap) - set_size(ns->cap);
		ns->cap = (uint16_t)cap;
		*slot = s = ns;
	}
	memmove(&s->e[i + 1], &s->e[i], (s->n - i) * sizeof(s->e[0]));
	s->e[i].asn = asn;
	s->e[i].maxlen = maxlen;
	s->e[i].srcmask = bit;
	s->n++;
	t->nvrp[a]++;
	t->nsrc[a][src]++;
	return 1;
}

/* Drops entry i of s (the set of p) from the set, the prefix with it if
   it was the last. */
static void
set_drop(struct roa_table *t, int a, const struct xprefix *p,
    struct roa_set *s, unsigned i)
{
	memmove(&s->e[i], &s->e[i + 1], (s->n - i - 1) * sizeof(s->e[0]));
	s->n--;
	t->nvrp[a]--;
	if (s->n == 0) {
		pfxtable_del(t->pt[a], p);
		t->setbytes -= set_size(s->cap);
		free(s);
	}
}

int
roa_remove(struct roa_table *t, const struct xprefix *p, uint8_t maxlen,
    uint32_t asn, unsigned src)
{
	struct roa_set	*s;
	unsigned	 i;
	int		 a, found;
	uint32_t	 bit = (uint32_t)1 << (src & 31);

	if ((a = vrp_check(p, maxlen, src)) == -1)
		return 0;
	if ((s = pfxtable_get(t->pt[a], p)) == NULL)
		return 0;
	i = set_find(s, maxlen, asn, &found);
	if (!found || !(s->e[i].srcmask & bit))
		return 0;
	s->e[i].srcmask &= ~bit;
	t->nsrc[a][src]--;
	if (s->e[i].srcmask != 0)
		return 0;
	set_drop(t, a, p, s, i);
	return 1;
}

size_t
roa_remove_source(struct roa_table *t, unsigned src,
    void (*gone)(const struct xprefix *, void *), void *arg)
{
	struct pfxtable_cursor	 c;
	struct xprefix		 p;
	struct roa_set		*s;
	void			*v;
	size_t			 n = 0;
	unsigned		 i;
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
			s = v;
			for (i = s->n; i-- > 0; ) {
				if (!(s->e[i].srcmask & bit))
					continue;
				s->e[i].srcmask &= ~bit;
				t->nsrc[a][src]--;
				if (s->e[i].srcmask != 0)
					continue;
				n++;
				if (gone != NULL)
					gone(&p, arg);
				if (s->n == 1) {
					set_drop(t, a, &p, s, i);
					break;
				}
				set_drop(t, a, &p, s, i);
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
	unsigned		 i;

	(void)p;
	x->covered = 1;
	if (x->asn == 0)
		return 2;	/* AS0 or an AS_SET origin: invalid */
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
	const struct roa_set	*s = v;
	struct wctx		*w = arg;
	struct roa_vrp		 vrp;
	unsigned		 i;
	int			 rc;

	vrp.pfx = *p;
	for (i = 0; i < s->n; i++) {
		vrp.maxlen = s->e[i].maxlen;
		vrp.asn = s->e[i].asn;
		vrp.srcmask = s->e[i].srcmask;
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
