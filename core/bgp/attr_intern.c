/*
 * attr_intern: the table of shared attribute sets; see attr_intern.h.
 *
 * Open addressing with linear probing over two arrays: the set pointers
 * and 32 bits of each set's hash, so a probe compares hashes without
 * touching the sets and only a hash hit calls bgp_attrs_equal().  Removal
 * shifts the following run back (no tombstones), so lookups stay short
 * under the churn of peers coming and going.  Load is kept at or below
 * one half; the table shrinks again when it falls under one eighth.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/proto.h"

#define MINCAP	64

static struct {
	struct bgp_attrs	**slots;	/* NULL: empty */
	uint32_t		 *hashes;
	size_t			  cap;		/* power of two, or 0 */
	size_t			  count;
	size_t			  bytes;	/* bgp_attrs_bytes of the sets:
						   kept as they come and go so
						   that the memory guard's
						   sample is O(1) */
} tab;

/* A 64-bit multiply-rotate hash, fed 8 bytes at a time. */
#define HK1	0x9e3779b97f4a7c15ULL
#define HK2	0xc2b2ae3d27d4eb4fULL

static inline uint64_t
h_word(uint64_t h, uint64_t v)
{
	h ^= v * HK2;
	h = (h << 31 | h >> 33) * HK1;
	return h;
}

static uint64_t
h_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t	*b = p;
	uint64_t	 v;

	h = h_word(h, n);
	for (; n >= 8; n -= 8, b += 8) {
		memcpy(&v, b, 8);
		h = h_word(h, v);
	}
	if (n > 0) {
		v = 0;
		memcpy(&v, b, n);
		h = h_word(h, v);
	}
	return h;
}

static uint64_t
h_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
h_addr(uint64_t h, const struct xaddr *a)
{
	/* As bgp_attrs_equal(): no family means no bytes to compare. */
	h = h_word(h, a->af);
	if (a->af != 0)
		h = h_bytes(h, a->a, a->af == AF_V4 ? 4 : 16);
	return h;
}

uint64_t
bgp_attrs_hash(const struct bgp_attrs *a)
{
	uint64_t	 h = HK1;
	uint32_t	 p = a->present;
	size_t		 i;

	h = h_word(h, p);
	/* Fields whose present bit is clear are not compared: skip them. */
	if (p & BGP_ATTRBIT(BGP_ATTR_ORIGIN))
		h = h_word(h, a->origin);
	h = h_bytes(h, a->aspath, a->aspath_len);
	h = h_addr(h, &a->nexthop);
	h = h_addr(h, &a->nexthop_ll);
	if (p & BGP_ATTRBIT(BGP_ATTR_MED))
		h = h_word(h, a->med);
	if (p & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF))
		h = h_word(h, a->local_pref);
	if (p & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR))
		h = h_word(h, (uint64_t)a->aggregator_as << 32 |
		    a->aggregator_id);
	if (p & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID))
		h = h_word(h, a->originator_id);
	if (a->has_weight)
		h = h_word(h, (uint64_t)1 << 32 | a->weight);
	h = h_bytes(h, a->communities, a->ncommunities * 4);
	h = h_bytes(h, a->cluster_list, a->ncluster * 4);
	h = h_bytes(h, a->ext_communities, a->next_communities * 8);
	h = h_bytes(h, a->large_communities, a->nlarge_communities * 12);
	h = h_word(h, a->nunknown);
	for (i = 0; i < a->nunknown; i++) {
		h = h_word(h, (uint64_t)a->unknown[i].flags << 8 |
		    a->unknown[i].type);
		h = h_bytes(h, a->unknown[i].data, a->unknown[i].len);
	}
	return h_final(h);
}

static uint32_t
hash32(const struct bgp_attrs *a)
{
	return (uint32_t)bgp_attrs_hash(a);
}

/* Rehashes into a table of ncap slots; -1 (table unchanged) on ENOMEM. */
static int
resize(size_t ncap)
{
	struct bgp_attrs	**ns;
	uint32_t		 *nh;
	size_t			  i, j;

	if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
		return -1;
	if ((nh = calloc(ncap, sizeof(*nh))) == NULL) {
		free(ns);
		return -1;
	}
	for (i = 0; i < tab.cap; i++) {
		if (tab.slots[i] == NULL)
			continue;
		for (j = tab.hashes[i] & (ncap - 1); ns[j] != NULL;
		    j = (j + 1) & (ncap - 1))
			;
		ns[j] = tab.slots[i];
		nh[j] = tab.hashes[i];
	}
	free(tab.slots);
	free(tab.hashes);
	tab.slots = ns;
	tab.hashes = nh;
	tab.cap = ncap;
	return 0;
}

struct bgp_attrs *
bgp_attrs_intern(struct bgp_attrs *a)
{
	struct bgp_attrs	*s, *c;
	uint32_t		 h;
	size_t			 i, mask;

	if (a == NULL)
		return NULL;
	h = hash32(a);
	if (tab.cap > 0) {
		mask = tab.cap - 1;
		for (i = h & mask; (s = tab.slots[i]) != NULL;
		    i = (i + 1) & mask) {
			if (s == a)
				return a;	/* already the instance */
			if (tab.hashes[i] == h && bgp_attrs_equal(s, a)) {
				bgp_attrs_ref(s);
				bgp_attrs_unref(a);
				return s;
			}
		}
	}
	/* Grow before inserting so a failure leaves everything as it was. */
	/* at most 3/4 full: the hashes kept beside the slots make a long
	   probe cheap, and a full table's sets save 12 bytes each */
	if ((tab.count + 1) * 4 > tab.cap * 3 &&
	    resize(tab.cap == 0 ? MINCAP : tab.cap * 2) == -1)
		return NULL;
	/*
	 * A set nobody else holds is stored compact (one allocation instead
	 * of one per array: a third of a full table's memory); one with other
	 * holders stays itself, since they point at it.
	 */
	if (a->refcnt == 1 && !a->compact) {
		if ((c = bgp_attrs_compact(a)) == NULL)
			return NULL;
		bgp_attrs_unref(a);
		a = c;
	}
	mask = tab.cap - 1;
	for (i = h & mask; tab.slots[i] != NULL; i = (i + 1) & mask)
		;
	tab.slots[i] = a;
	tab.hashes[i] = h;
	tab.count++;
	tab.bytes += bgp_attrs_bytes(a);
	a->interned = 1;
	return a;
}

void
bgp_attrs_intern_remove(struct bgp_attrs *a)
{
	size_t	 i, j, k, mask, b;

	if (a == NULL || !a->interned || tab.cap == 0)
		return;
	a->interned = 0;
	mask = tab.cap - 1;
	for (i = hash32(a) & mask; tab.slots[i] != a; i = (i + 1) & mask)
		if (tab.slots[i] == NULL)
			return;		/* not ours: nothing to drop */
	/*
	 * Backward shift: move up every later entry of the run whose home
	 * slot is not between the hole and itself (cyclically).
	 */
	for (j = (i + 1) & mask; tab.slots[j] != NULL; j = (j + 1) & mask) {
		k = tab.hashes[j] & mask;
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		tab.slots[i] = tab.slots[j];
		tab.hashes[i] = tab.hashes[j];
		i = j;
	}
	tab.slots[i] = NULL;
	tab.count--;
	b = bgp_attrs_bytes(a);
	tab.bytes = tab.bytes > b ? tab.bytes - b : 0;
	if (tab.count == 0) {
		tab.bytes = 0;
		free(tab.slots);
		free(tab.hashes);
		tab.slots = NULL;
		tab.hashes = NULL;
		tab.cap = 0;
	} else if (tab.cap > MINCAP && tab.count * 8 < tab.cap)
		(void)resize(tab.cap / 2);	/* failure: stay larger */
}

void
bgp_attrs_intern_totals(size_t *sets, size_t *set_bytes,
    size_t *table_bytes)
{
	*sets = tab.count;
	*set_bytes = tab.bytes;
	*table_bytes = tab.cap * (sizeof(*tab.slots) + sizeof(*tab.hashes));
}

size_t
bgp_attrs_bytes(const struct bgp_attrs *a)
{
	size_t	 n, i;

	n = sizeof(*a) + a->aspath_len + a->ncommunities * 4 +
	    a->ncluster * 4 + a->next_communities * 8 +
	    a->nlarge_communities * 12 + a->ncodes +
	    a->nunknown * sizeof(*a->unknown);
	for (i = 0; i < a->nunknown; i++)
		n += a->unknown[i].len;
	return n;
}

/*
 * Distinct byte strings among the sets, for the analysis: a scratch
 * open-addressing table of (hash, set) keyed on one array of each set.
 */
struct distinct {
	const struct bgp_attrs	**slot;
	uint64_t		 *hash;
	size_t			  cap;
};

static void
distinct_add(struct distinct *d, const struct bgp_attrs *a, int aspath,
    size_t *ndistinct, size_t *bytes_distinct)
{
	const void	*p = aspath ? (const void *)a->aspath :
			    (const void *)a->communities;
	size_t		 n = aspath ? a->aspath_len : a->ncommunities * 4;
	const void	*q;
	size_t		 i, qn;
	uint64_t	 h = h_final(h_bytes(HK1, p, n));

	for (i = h & (d->cap - 1); d->slot[i] != NULL;
	    i = (i + 1) & (d->cap - 1)) {
		if (d->hash[i] != h)
			continue;
		q = aspath ? (const void *)d->slot[i]->aspath :
		    (const void *)d->slot[i]->communities;
		qn = aspath ? d->slot[i]->aspath_len :
		    d->slot[i]->ncommunities * 4;
		if (qn == n && memcmp(p, q, n) == 0)
			return;
	}
	d->slot[i] = a;
	d->hash[i] = h;
	(*ndistinct)++;
	*bytes_distinct += n;
}

int
bgp_attrs_intern_foreach(int (*cb)(const struct bgp_attrs *, void *),
    void *arg)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < tab.cap; i++)
		if (tab.slots[i] != NULL && (rc = cb(tab.slots[i], arg)) != 0)
			return rc;
	return 0;
}

int
bgp_attrs_intern_stats(struct bgp_attrs_intern_stats *st, int analyze)
{
	struct distinct		 dp, dc;
	const struct bgp_attrs	*a;
	size_t			 i;

	memset(st, 0, sizeof(*st));
	st->sets = tab.count;
	st->table_bytes = tab.cap * (sizeof(*tab.slots) + sizeof(*tab.hashes));
	memset(&dp, 0, sizeof(dp));
	memset(&dc, 0, sizeof(dc));
	if (analyze && tab.count > 0) {
		dp.cap = dc.cap = tab.cap;	/* load <= 1/2 here too */
		if ((dp.slot = calloc(dp.cap, sizeof(*dp.slot))) == NULL ||
		    (dp.hash = calloc(dp.cap, sizeof(*dp.hash))) == NULL ||
		    (dc.slot = calloc(dc.cap, sizeof(*dc.slot))) == NULL ||
		    (dc.hash = calloc(dc.cap, sizeof(*dc.hash))) == NULL)
			analyze = -1;
	}
	for (i = 0; i < tab.cap; i++) {
		if ((a = tab.slots[i]) == NULL)
			continue;
		st->refs += a->refcnt;
		st->bytes += bgp_attrs_bytes(a);
		if (a->aspath_len > 0) {
			st->aspaths++;
			st->aspath_bytes += a->aspath_len;
			if (analyze == 1)
				distinct_add(&dp, a, 1, &st->aspaths_distinct,
				    &st->aspath_bytes_distinct);
		}
		if (a->ncommunities > 0) {
			st->comms++;
			st->comm_bytes += a->ncommunities * 4;
			if (analyze == 1)
				distinct_add(&dc, a, 0, &st->comms_distinct,
				    &st->comm_bytes_distinct);
		}
	}
	free(dp.slot);
	free(dp.hash);
	free(dc.slot);
	free(dc.hash);
	return analyze == -1 ? -1 : 0;
}
