/*
 * Unit tests for core/bgp/attr_intern.c: sharing, reference counts,
 * removal when the last reference goes, and a 100,000-set stress run
 * (ASan checks that nothing leaks or is used after free).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/proto.h"
#include "tests/unit/t.h"

/* A set from a few numbers: path of n ASes from asbase, one community. */
static struct bgp_attrs *
mk(uint32_t asbase, unsigned n, uint32_t med, uint32_t comm)
{
	struct bgp_attrs	*a;
	uint32_t		 asns[8];
	unsigned		 i;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	for (i = 0; i < n && i < 8; i++)
		asns[i] = asbase + i;
	if (bgp_attrs_set_aspath(a, asns, n < 8 ? n : 8) == -1)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED);
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[3] = 1;
	a->med = med;
	if (comm != 0) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
		if ((a->communities = malloc(4)) == NULL)
			abort();
		a->communities[0] = comm;
		a->ncommunities = 1;
	}
	return a;
}

static void
basics(void)
{
	struct bgp_attrs		*a, *b, *c, *ia, *ib, *ic, *d;
	struct bgp_attrs_intern_stats	 st;

	a = mk(65001, 3, 10, 0);
	b = mk(65001, 3, 10, 0);
	c = mk(65001, 3, 11, 0);
	T_ASSERT(bgp_attrs_hash(a) == bgp_attrs_hash(b));
	T_ASSERT(bgp_attrs_hash(a) != bgp_attrs_hash(c));

	/* the only reference: the table keeps a compact copy, a is freed */
	T_ASSERT((ia = bgp_attrs_intern(a)) != NULL);
	T_EQ_INT(ia->compact, 1);
	a = ia;
	T_EQ_INT(ia->interned, 1);
	T_EQ_INT(ia->refcnt, 1);
	/* b is equal: it is dropped and a comes back with one more ref. */
	T_ASSERT((ib = bgp_attrs_intern(b)) == a);
	T_EQ_INT(a->refcnt, 2);
	T_ASSERT((ic = bgp_attrs_intern(c)) != NULL);
	T_ASSERT(ic != ia);
	c = ic;
	/* Interning the instance again changes nothing. */
	T_ASSERT(bgp_attrs_intern(a) == a);
	T_EQ_INT(a->refcnt, 2);

	T_EQ_INT(bgp_attrs_intern_stats(&st, 1), 0);
	T_EQ_INT(st.sets, 2);
	T_EQ_INT(st.refs, 3);
	T_ASSERT(st.bytes >= 2 * sizeof(struct bgp_attrs));
	T_EQ_INT(st.aspaths, 2);
	T_EQ_INT(st.aspaths_distinct, 1);	/* a and c share the path */
	T_EQ_INT(st.aspath_bytes, 2 * st.aspath_bytes_distinct);

	/* A field without its present bit does not count. */
	d = mk(65001, 3, 10, 0);
	d->present &= ~BGP_ATTRBIT(BGP_ATTR_MED);
	d->med = 99;
	T_ASSERT((d = bgp_attrs_intern(d)) != a);
	T_EQ_INT(d->refcnt, 1);
	{
		struct bgp_attrs *e = mk(65001, 3, 12345, 0);

		e->present &= ~BGP_ATTRBIT(BGP_ATTR_MED);
		T_ASSERT(bgp_attrs_hash(e) == bgp_attrs_hash(d));
		T_ASSERT(bgp_attrs_intern(e) == d);
		T_EQ_INT(d->refcnt, 2);
		bgp_attrs_unref(d);
	}

	/* A copy of an interned set is private until interned itself. */
	T_ASSERT((b = bgp_attrs_dup(a)) != NULL);
	T_EQ_INT(b->interned, 0);
	b->med = 77;
	T_ASSERT((ib = bgp_attrs_intern(b)) != NULL && ib != a);
	T_EQ_INT(ib->med, 77);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 4);

	/* The last unref drops a set from the table. */
	bgp_attrs_unref(ib);
	bgp_attrs_unref(d);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 2);
	bgp_attrs_unref(a);
	T_EQ_INT(a->refcnt, 1);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 2);
	bgp_attrs_unref(a);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 1);
	/* An equal set interned now is a new instance. */
	a = mk(65001, 3, 10, 0);
	T_ASSERT((a = bgp_attrs_intern(a)) != NULL && a->refcnt == 1);
	bgp_attrs_unref(a);
	bgp_attrs_unref(ic);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 0);
	T_EQ_INT(st.refs, 0);
	T_EQ_INT(st.table_bytes, 0);

	/* Received type codes in the derived order cost nothing once
	   compact; any other order is kept as received. */
	{
		static const uint8_t canon[] = { 1, 2, 3, 4 }, odd[] = {
		    2, 1, 3, 4 };
		struct bgp_attrs *c1 = mk(65011, 2, 1, 0), *c2, *k1, *k2;

		T_ASSERT((c1->present & 0x1f) == 0x1e);
		T_ASSERT((c1->codes = malloc(4)) != NULL);
		memcpy(c1->codes, canon, 4);
		c1->ncodes = 4;
		T_ASSERT((c2 = bgp_attrs_dup(c1)) != NULL);
		c2->med = 2;	/* another set */
		memcpy(c2->codes, odd, 4);
		T_ASSERT((k1 = bgp_attrs_intern(c1)) != NULL);
		T_ASSERT((k2 = bgp_attrs_intern(c2)) != NULL);
		T_EQ_INT(k1->ncodes, 0);
		T_EQ_INT(k2->ncodes, 4);
		T_ASSERT(k2->codes != NULL && k2->codes[0] == 2 &&
		    k2->codes[1] == 1);
		bgp_attrs_unref(k1);
		bgp_attrs_unref(k2);
	}

	/* A set others hold too is interned as itself, not copied. */
	a = mk(65009, 2, 1, 0);
	bgp_attrs_ref(a);
	T_ASSERT(bgp_attrs_intern(a) == a);
	T_EQ_INT(a->compact, 0);
	T_EQ_INT(a->interned, 1);
	T_EQ_INT(a->refcnt, 2);
	bgp_attrs_unref(a);
	bgp_attrs_unref(a);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 0);

	/* Unknown attributes and large communities are part of equality. */
	a = mk(1, 1, 0, 0);
	b = mk(1, 1, 0, 0);
	if ((a->unknown = calloc(1, sizeof(*a->unknown))) == NULL ||
	    (b->unknown = calloc(1, sizeof(*b->unknown))) == NULL ||
	    (a->unknown[0].data = malloc(2)) == NULL ||
	    (b->unknown[0].data = malloc(2)) == NULL)
		abort();
	a->nunknown = b->nunknown = 1;
	a->unknown[0].type = b->unknown[0].type = 99;
	a->unknown[0].flags = b->unknown[0].flags = 0xc0;
	a->unknown[0].len = b->unknown[0].len = 2;
	memcpy(a->unknown[0].data, "xy", 2);
	memcpy(b->unknown[0].data, "xz", 2);
	T_ASSERT((a = bgp_attrs_intern(a)) != NULL);
	T_ASSERT((b = bgp_attrs_intern(b)) != a);
	bgp_attrs_unref(b);
	b = bgp_attrs_dup(a);
	T_ASSERT(b != NULL && bgp_attrs_intern(b) == a);
	T_EQ_INT(a->refcnt, 2);
	bgp_attrs_unref(a);
	b = bgp_attrs_dup(a);
	if ((b->large_communities = calloc(3, sizeof(uint32_t))) == NULL)
		abort();
	b->nlarge_communities = 1;
	T_ASSERT((b = bgp_attrs_intern(b)) != a);
	bgp_attrs_unref(b);
	bgp_attrs_unref(a);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 0);
}

/*
 * 100,000 distinct sets, each interned three times over; then released
 * in a scrambled order, checking the count and that every survivor is
 * still found as itself.
 */
#define NSTRESS	100000

/* The running totals (the memory guard's O(1) sample) equal the walk. */
static void
totals_match(const struct bgp_attrs_intern_stats *st)
{
	size_t	 sets, bytes, table;

	bgp_attrs_intern_totals(&sets, &bytes, &table);
	T_EQ_INT(sets, st->sets);
	T_EQ_INT(bytes, st->bytes);
	T_EQ_INT(table, st->table_bytes);
}

static void
stress(void)
{
	struct bgp_attrs		**sets, *a;
	struct bgp_attrs_intern_stats	 st;
	size_t				 i, j, bad = 0;

	if ((sets = calloc(NSTRESS, sizeof(*sets))) == NULL)
		abort();
	for (i = 0; i < NSTRESS; i++) {
		a = mk((uint32_t)(i / 7) + 1, 1 + i % 5, (uint32_t)(i % 7),
		    (uint32_t)(i % 3));
		if ((sets[i] = bgp_attrs_intern(a)) == NULL ||
		    !sets[i]->compact)
			bad++;
	}
	T_EQ_INT(bad, 0);
	for (i = 0; i < NSTRESS; i++) {
		for (j = 0; j < 2; j++) {
			a = mk((uint32_t)(i / 7) + 1, 1 + i % 5,
			    (uint32_t)(i % 7), (uint32_t)(i % 3));
			if (bgp_attrs_intern(a) != sets[i])
				bad++;
		}
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 1), 0);
	T_EQ_INT(st.sets, NSTRESS);
	T_EQ_INT(st.refs, 3 * NSTRESS);
	totals_match(&st);
	T_ASSERT(st.aspaths_distinct < NSTRESS);

	/* Release: a stride coprime with NSTRESS visits every set once. */
	for (i = 0, j = 0; i < NSTRESS; i++, j = (j + 7919) % NSTRESS) {
		bgp_attrs_unref(sets[j]);
		bgp_attrs_unref(sets[j]);
		bgp_attrs_unref(sets[j]);
		sets[j] = NULL;
		if (i % 10007 == 0) {
			size_t	 k;

			T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
			T_EQ_INT(st.sets, NSTRESS - i - 1);
			totals_match(&st);
			for (k = 0; k < NSTRESS; k++) {
				if (sets[k] == NULL)
					continue;
				a = bgp_attrs_dup(sets[k]);
				if (a == NULL || bgp_attrs_intern(a) !=
				    sets[k])
					bad++;
				bgp_attrs_unref(sets[k]);
			}
		}
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(bgp_attrs_intern_stats(&st, 0), 0);
	T_EQ_INT(st.sets, 0);
	totals_match(&st);
	free(sets);
}

int
main(void)
{
	basics();
	stress();
	return T_DONE();
}
