/*
 * Unit tests for core/bgp/roa.c: the RFC 6811 cases one by one, the
 * sources' reference counting, bad VRPs, the walk, then a random table
 * checked against a brute-force scan of the same VRPs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/roa.h"
#include "core/lib/addr.h"
#include "tests/unit/t.h"

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	memset(&p, 0, sizeof(p));
	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

/* xorshift64*: reproducible across runs and platforms. */
static uint64_t	 rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned
rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static int
add(struct roa_table *t, const char *p, unsigned maxlen, uint32_t asn,
    unsigned src)
{
	struct xprefix	 x = P(p);

	return roa_add(t, &x, (uint8_t)maxlen, asn, src);
}

static int
del(struct roa_table *t, const char *p, unsigned maxlen, uint32_t asn,
    unsigned src)
{
	struct xprefix	 x = P(p);

	return roa_remove(t, &x, (uint8_t)maxlen, asn, src);
}

static enum rpki_state
val(const struct roa_table *t, const char *p, uint32_t asn)
{
	struct xprefix	 x = P(p);

	return roa_validate(t, &x, asn, 1);
}

static enum rpki_state
val_set(const struct roa_table *t, const char *p)
{
	struct xprefix	 x = P(p);

	return roa_validate(t, &x, 65001, 0);
}

static void
rfc6811(void)
{
	struct roa_table	*t = roa_table_new();

	T_ASSERT(t != NULL);
	/* Empty table: nothing is covered. */
	T_EQ_INT(val(t, "10.0.0.0/8", 65001), RPKI_NOT_FOUND);
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65001, ROA_SRC_STATIC), 1);
	/* valid: exact and more specific within maxlen */
	T_EQ_INT(val(t, "10.0.0.0/8", 65001), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);
	/* invalid: wrong origin */
	T_EQ_INT(val(t, "10.0.0.0/8", 65002), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65002), RPKI_INVALID);
	/* invalid: too specific for maxlen */
	T_EQ_INT(val(t, "10.1.1.0/24", 65001), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.0.0/17", 65001), RPKI_INVALID);
	/* not found: less specific, beside it, other family */
	T_EQ_INT(val(t, "10.0.0.0/7", 65001), RPKI_NOT_FOUND);
	T_EQ_INT(val(t, "0.0.0.0/0", 65001), RPKI_NOT_FOUND);
	T_EQ_INT(val(t, "11.0.0.0/8", 65001), RPKI_NOT_FOUND);
	T_EQ_INT(val(t, "a00::/8", 65001), RPKI_NOT_FOUND);
	/* AS_SET origin: invalid when covered, not found otherwise */
	T_EQ_INT(val_set(t, "10.1.0.0/16"), RPKI_INVALID);
	T_EQ_INT(val_set(t, "11.0.0.0/8"), RPKI_NOT_FOUND);
	/* origin AS 0 never matches, even an AS0 VRP */
	T_EQ_INT(val(t, "10.1.0.0/16", 0), RPKI_INVALID);

	/* AS0 ROA (RFC 6483): covers, never matches */
	T_EQ_INT(add(t, "192.0.2.0/24", 32, 0, ROA_SRC_STATIC), 1);
	T_EQ_INT(val(t, "192.0.2.0/24", 0), RPKI_INVALID);
	T_EQ_INT(val(t, "192.0.2.128/25", 65001), RPKI_INVALID);
	T_EQ_INT(val_set(t, "192.0.2.0/24"), RPKI_INVALID);

	/* Several covering VRPs at different lengths: any match wins. */
	T_EQ_INT(add(t, "10.1.0.0/16", 24, 65002, 1), 1);
	T_EQ_INT(add(t, "10.1.2.0/24", 24, 65003, 2), 1);
	T_EQ_INT(val(t, "10.1.2.0/24", 65001), RPKI_INVALID); /* /8 max 16 */
	T_EQ_INT(val(t, "10.1.2.0/24", 65002), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.2.0/24", 65003), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.3.0/24", 65003), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65002), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.2.0/25", 65003), RPKI_INVALID);
	/* Same prefix, several entries: the maxlen of the matching one. */
	T_EQ_INT(add(t, "10.1.0.0/16", 16, 65004, 1), 1);
	T_EQ_INT(add(t, "10.1.0.0/16", 20, 65004, 1), 1);
	T_EQ_INT(val(t, "10.1.0.0/20", 65004), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.0.0/21", 65004), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65004), RPKI_VALID);
	/* A /32 route and a /32 VRP. */
	T_EQ_INT(add(t, "198.51.100.7/32", 32, 65005, 1), 1);
	T_EQ_INT(val(t, "198.51.100.7/32", 65005), RPKI_VALID);
	T_EQ_INT(val(t, "198.51.100.6/32", 65005), RPKI_NOT_FOUND);
	/* Host bits in the VRP or the route are ignored. */
	T_EQ_INT(add(t, "203.0.113.9/24", 24, 65006, 1), 1);
	T_EQ_INT(val(t, "203.0.113.0/24", 65006), RPKI_VALID);
	T_EQ_INT(val(t, "203.0.113.77/24", 65006), RPKI_VALID);
	T_EQ_INT(add(t, "203.0.113.0/24", 24, 65006, 1), 0);

	/* IPv6 */
	T_EQ_INT(add(t, "2001:db8::/32", 48, 65010, 1), 1);
	T_EQ_INT(add(t, "2001:db8:1::/48", 64, 65011, 1), 1);
	T_EQ_INT(add(t, "::/0", 128, 65012, 1), 0 + 1);
	T_EQ_INT(val(t, "2001:db8::/32", 65010), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:5::/48", 65010), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:5::/49", 65010), RPKI_INVALID);
	T_EQ_INT(val(t, "2001:db8:1::/64", 65011), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:1::/64", 65010), RPKI_INVALID);
	T_EQ_INT(val(t, "2001:db8:1::1/128", 65012), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:1::1/128", 65011), RPKI_INVALID);
	T_EQ_INT(val_set(t, "2001:db8:1::/64"), RPKI_INVALID);
	T_EQ_INT(del(t, "::/0", 128, 65012, 1), 1);
	T_EQ_INT(val(t, "3fff::/16", 65012), RPKI_NOT_FOUND);
	T_EQ_INT(val(t, "2001:db8::/31", 65010), RPKI_NOT_FOUND);
	T_EQ_INT(add(t, "2001:db8:ff::1/128", 128, 65013, 1), 1);
	T_EQ_INT(val(t, "2001:db8:ff::1/128", 65013), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:ff::1/128", 65010), RPKI_INVALID);

	/* The counts, per family and in all. */
	T_EQ_INT(roa_count(t, AF_V4), 8);
	T_EQ_INT(roa_count(t, AF_V6), 3);
	T_EQ_INT(roa_count(t, 0), 11);
	T_EQ_INT(roa_count_prefixes(t, AF_V4), 6);
	T_EQ_INT(roa_count_prefixes(t, AF_V6), 3);
	T_EQ_INT(roa_count_prefixes(t, 0), 9);
	T_ASSERT(roa_memory(t) > 0);
	roa_table_free(t);
}

static void
sources(void)
{
	struct roa_table	*t = roa_table_new();

	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 1), 0);	/* again */
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 2), 0);	/* 2nd src */
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 31), 0);
	T_EQ_INT(roa_count(t, AF_V4), 1);
	T_EQ_INT(roa_count_source(t, 1, AF_V4), 1);
	T_EQ_INT(roa_count_source(t, 2, 0), 1);
	T_EQ_INT(roa_count_source(t, 31, AF_V4), 1);
	T_EQ_INT(roa_count_source(t, 31, AF_V6), 0);
	T_EQ_INT(roa_count_source(t, 3, AF_V4), 0);
	/* Not held by src 3, not there at all: 0, nothing changes. */
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65001, 3), 0);
	T_EQ_INT(del(t, "10.0.0.0/8", 23, 65001, 1), 0);
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65002, 1), 0);
	T_EQ_INT(del(t, "11.0.0.0/8", 24, 65001, 1), 0);
	T_EQ_INT(roa_count_source(t, 1, AF_V4), 1);
	/* The set changes only when the last source lets go. */
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65001, 1), 0);
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65001, 1), 0);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65001, 31), 0);
	T_EQ_INT(roa_count(t, AF_V4), 1);
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65001, 2), 1);
	T_EQ_INT(roa_count(t, AF_V4), 0);
	T_EQ_INT(roa_count_prefixes(t, AF_V4), 0);
	T_EQ_INT(roa_count_source(t, 2, AF_V4), 0);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_NOT_FOUND);
	/* And back. */
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 0), 1);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);
	roa_table_free(t);
}

static int
walk_cb(const struct roa_vrp *, void *);

struct walk_log {
	int		 n, stop;
	char		 s[32][80];
};

/* The walk's lines for 10.0.0.0/8's VRPs, joined by '|'. */
static const char *
dump(const struct roa_table *t)
{
	static char	 out[512];
	struct walk_log	 w;
	struct xprefix	 c = P("10.0.0.0/8");
	int		 i;

	memset(&w, 0, sizeof(w));
	roa_walk(t, AF_V4, &c, walk_cb, &w);
	out[0] = '\0';
	for (i = 0; i < w.n && i < 32; i++) {
		if (i > 0)
			strncat(out, "|", sizeof(out) - strlen(out) - 1);
		strncat(out, w.s[i], sizeof(out) - strlen(out) - 1);
	}
	return out;
}

/*
 * One prefix through every shape of its storage: one entry from low
 * sources (inline), a high source (a set of one), several entries, and
 * back down, the answers and the walk unchanged by the moves.
 */
static void
shapes(void)
{
	struct roa_table	*t = roa_table_new();

	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65001, 0), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65001, 22), 0);
	T_EQ_STR(dump(t), "10.0.0.0/8 16 65001 400001");
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65001, 23), 0);
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65001, 31), 0);
	T_EQ_STR(dump(t), "10.0.0.0/8 16 65001 80c00001");
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);
	T_EQ_INT(del(t, "10.0.0.0/8", 16, 65001, 23), 0);
	T_EQ_INT(del(t, "10.0.0.0/8", 16, 65001, 31), 0);
	T_EQ_STR(dump(t), "10.0.0.0/8 16 65001 400001");
	T_EQ_INT(add(t, "10.0.0.0/8", 8, 65002, 31), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65000, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65000, 2), 1);
	T_EQ_STR(dump(t), "10.0.0.0/8 8 65002 80000000|"
	    "10.0.0.0/8 16 65000 4|10.0.0.0/8 16 65001 400001|"
	    "10.0.0.0/8 24 65000 2");
	T_EQ_INT(val(t, "10.0.0.0/8", 65002), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65002), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.1.0/24", 65000), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.1.0/24", 65001), RPKI_INVALID);
	T_EQ_INT(roa_count(t, AF_V4), 4);
	T_EQ_INT(roa_count_prefixes(t, AF_V4), 1);
	T_EQ_INT(del(t, "10.0.0.0/8", 24, 65000, 1), 1);
	T_EQ_INT(del(t, "10.0.0.0/8", 16, 65000, 2), 1);
	T_EQ_INT(del(t, "10.0.0.0/8", 16, 65001, 0), 0);
	T_EQ_INT(del(t, "10.0.0.0/8", 16, 65001, 22), 1);
	T_EQ_STR(dump(t), "10.0.0.0/8 8 65002 80000000");
	T_EQ_INT(roa_count_source(t, 31, AF_V4), 1);
	T_EQ_INT(roa_count_source(t, 0, AF_V4), 0);
	/* Many entries on one prefix (more than the add's stack copy). */
	for (unsigned i = 0; i < 40; i++)
		T_EQ_INT(add(t, "10.0.0.0/8", (uint8_t)(8 + i % 17),
		    64500 + i, i % 32), 1);
	T_EQ_INT(roa_count(t, AF_V4), 41);
	T_EQ_INT(val(t, "10.0.0.0/24", 64516), RPKI_VALID);	/* /24 */
	T_EQ_INT(val(t, "10.0.0.0/24", 64515), RPKI_INVALID);	/* /23 */
	T_EQ_INT(roa_remove_source(t, 31, NULL, NULL), 2);
	for (unsigned s = 0; s < 31; s++)
		roa_remove_source(t, s, NULL, NULL);
	T_EQ_INT(roa_count(t, 0), 0);
	T_EQ_INT(roa_count_prefixes(t, 0), 0);
	T_EQ_STR(dump(t), "");
	roa_table_free(t);
}

/*
 * Around the strides (IPv4 /16, IPv6 /32), where the table keeps its
 * prefixes apart: the short and the long covering VRPs of one route both
 * count, and a whole walk merges them in order.
 */
static void
strides(void)
{
	struct roa_table	*t = roa_table_new();
	struct walk_log		 w;

	T_EQ_INT(add(t, "10.0.0.0/15", 24, 65001, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/16", 16, 65002, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/17", 17, 65003, 1), 1);
	T_EQ_INT(add(t, "10.1.0.0/16", 24, 65004, 1), 1);
	T_EQ_INT(add(t, "11.0.0.0/8", 8, 65005, 1), 1);
	T_EQ_INT(add(t, "9.255.255.255/32", 32, 65006, 1), 1);
	T_EQ_INT(val(t, "10.0.0.0/15", 65001), RPKI_VALID);
	T_EQ_INT(val(t, "10.0.0.0/15", 65002), RPKI_INVALID);
	T_EQ_INT(val(t, "10.0.0.0/16", 65002), RPKI_VALID);
	T_EQ_INT(val(t, "10.0.0.0/17", 65003), RPKI_VALID);
	T_EQ_INT(val(t, "10.0.0.0/17", 65002), RPKI_INVALID);
	T_EQ_INT(val(t, "10.0.1.0/24", 65001), RPKI_VALID);	/* the /15 */
	T_EQ_INT(val(t, "10.0.1.0/24", 65003), RPKI_INVALID);
	T_EQ_INT(val(t, "10.1.1.0/24", 65004), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.1.0/24", 65001), RPKI_VALID);	/* the /15 */
	T_EQ_INT(val(t, "10.1.1.0/25", 65001), RPKI_INVALID);
	T_EQ_INT(val(t, "10.2.0.0/16", 65001), RPKI_NOT_FOUND);
	T_EQ_INT(val(t, "9.255.255.255/32", 65006), RPKI_VALID);
	T_EQ_INT(val(t, "9.255.255.254/31", 65006), RPKI_NOT_FOUND);
	/* An AS0 short VRP does not hide a matching long one. */
	T_EQ_INT(add(t, "10.0.0.0/8", 8, 0, 2), 1);
	T_EQ_INT(val(t, "10.1.1.0/24", 65004), RPKI_VALID);
	T_EQ_INT(val(t, "10.200.0.0/16", 65004), RPKI_INVALID);
	T_EQ_INT(val_set(t, "10.1.1.0/24"), RPKI_INVALID);
	memset(&w, 0, sizeof(w));
	T_EQ_INT(roa_walk(t, AF_V4, NULL, walk_cb, &w), 0);
	T_EQ_INT(w.n, 7);
	T_EQ_STR(w.s[0], "9.255.255.255/32 32 65006 2");
	T_EQ_STR(w.s[1], "10.0.0.0/8 8 0 4");
	T_EQ_STR(w.s[2], "10.0.0.0/15 24 65001 2");
	T_EQ_STR(w.s[3], "10.0.0.0/16 16 65002 2");
	T_EQ_STR(w.s[4], "10.0.0.0/17 17 65003 2");
	T_EQ_STR(w.s[5], "10.1.0.0/16 24 65004 2");
	T_EQ_STR(w.s[6], "11.0.0.0/8 8 65005 2");

	/* IPv6 around /32, and host routes. */
	T_EQ_INT(add(t, "2001:db8::/31", 31, 65010, 1), 1);
	T_EQ_INT(add(t, "2001:db8::/32", 64, 65011, 1), 1);
	T_EQ_INT(add(t, "2001:db8::/33", 128, 65012, 1), 1);
	T_EQ_INT(add(t, "2001:db9::1/128", 128, 65013, 1), 1);
	T_EQ_INT(val(t, "2001:db8::/31", 65010), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8::/32", 65010), RPKI_INVALID);
	T_EQ_INT(val(t, "2001:db8::/32", 65011), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8::5/128", 65012), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db8:8000::5/128", 65012), RPKI_INVALID);
	T_EQ_INT(val(t, "2001:db9::1/128", 65013), RPKI_VALID);
	T_EQ_INT(val(t, "2001:db9::/32", 65013), RPKI_INVALID);	/* /31 */
	T_EQ_INT(val(t, "2001:dba::/32", 65013), RPKI_NOT_FOUND);
	T_EQ_INT(roa_count_prefixes(t, AF_V6), 4);
	memset(&w, 0, sizeof(w));
	T_EQ_INT(roa_walk(t, AF_V6, NULL, walk_cb, &w), 0);
	T_EQ_INT(w.n, 4);
	T_EQ_STR(w.s[0], "2001:db8::/31 31 65010 2");
	T_EQ_STR(w.s[1], "2001:db8::/32 64 65011 2");
	T_EQ_STR(w.s[2], "2001:db8::/33 128 65012 2");
	T_EQ_STR(w.s[3], "2001:db9::1/128 128 65013 2");
	T_EQ_INT(roa_remove_source(t, 1, NULL, NULL), 10);
	T_EQ_INT(roa_count(t, 0), 1);
	T_EQ_INT(del(t, "10.0.0.0/8", 8, 0, 2), 1);
	T_EQ_INT(roa_count_prefixes(t, 0), 0);
	T_EQ_INT(val(t, "10.1.1.0/24", 65004), RPKI_NOT_FOUND);
	roa_table_free(t);
}

struct gone_log {
	int		 n;
	char		 s[16][PREFIX_STRLEN];
};

static void
gone_cb(const struct xprefix *p, void *arg)
{
	struct gone_log	*g = arg;

	if (g->n < 16)
		prefix_format(p, g->s[g->n], sizeof(g->s[0]));
	g->n++;
}

static void
remove_source(void)
{
	struct roa_table	*t = roa_table_new();
	struct gone_log		 g;

	/* src 1 alone: 10/8 (two entries), 10.1/16, 2001:db8::/32 */
	T_EQ_INT(add(t, "10.0.0.0/8", 8, 65001, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 1), 1);
	T_EQ_INT(add(t, "10.1.0.0/16", 16, 65001, 1), 1);
	T_EQ_INT(add(t, "2001:db8::/32", 48, 65001, 1), 1);
	/* shared with src 2: 172.16/12 and one entry of 10/8 */
	T_EQ_INT(add(t, "172.16.0.0/12", 24, 65002, 1), 1);
	T_EQ_INT(add(t, "172.16.0.0/12", 24, 65002, 2), 0);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 2), 0);
	/* src 2 alone */
	T_EQ_INT(add(t, "192.0.2.0/24", 24, 65003, 2), 1);
	T_EQ_INT(roa_count_source(t, 1, 0), 5);
	T_EQ_INT(roa_count_source(t, 2, 0), 3);

	memset(&g, 0, sizeof(g));
	T_EQ_INT(roa_remove_source(t, 1, gone_cb, &g), 3);
	T_EQ_INT(g.n, 3);
	T_EQ_STR(g.s[0], "10.0.0.0/8");
	T_EQ_STR(g.s[1], "10.1.0.0/16");
	T_EQ_STR(g.s[2], "2001:db8::/32");
	T_EQ_INT(roa_count_source(t, 1, 0), 0);
	T_EQ_INT(roa_count_source(t, 2, 0), 3);
	T_EQ_INT(roa_count(t, 0), 3);
	T_EQ_INT(roa_count_prefixes(t, 0), 3);
	T_EQ_INT(val(t, "10.0.0.0/8", 65001), RPKI_VALID);
	T_EQ_INT(val(t, "10.1.0.0/16", 65001), RPKI_VALID);	/* /8 le 24 */
	T_EQ_INT(val(t, "2001:db8::/32", 65001), RPKI_NOT_FOUND);

	/* Again: nothing left for src 1; NULL callback. */
	T_EQ_INT(roa_remove_source(t, 1, NULL, NULL), 0);
	T_EQ_INT(roa_remove_source(t, 7, gone_cb, &g), 0);
	T_EQ_INT(roa_remove_source(t, ROA_SRC_MAX, gone_cb, &g), 0);
	T_EQ_INT(g.n, 3);
	T_EQ_INT(roa_remove_source(t, 2, NULL, NULL), 3);
	T_EQ_INT(roa_count(t, 0), 0);
	T_EQ_INT(roa_count_prefixes(t, 0), 0);
	T_EQ_INT(val(t, "10.0.0.0/8", 65001), RPKI_NOT_FOUND);
	roa_table_free(t);
}

static void
bad_input(void)
{
	struct roa_table	*t = roa_table_new();
	struct xprefix		 x;

	T_EQ_INT(add(t, "10.0.0.0/16", 15, 65001, 1), -1);	/* < len */
	T_EQ_INT(add(t, "10.0.0.0/16", 33, 65001, 1), -1);	/* > 32 */
	T_EQ_INT(add(t, "2001:db8::/32", 129, 65001, 1), -1);
	T_EQ_INT(add(t, "10.0.0.0/16", 24, 65001, ROA_SRC_MAX), -1);
	T_EQ_INT(add(t, "10.0.0.0/16", 24, 65001, 1000), -1);
	x = P("10.0.0.0/16");
	x.addr.af = 0;
	T_EQ_INT(roa_add(t, &x, 24, 65001, 1), -1);
	x.addr.af = AF_V4;
	x.len = 33;
	T_EQ_INT(roa_add(t, &x, 33, 65001, 1), -1);
	T_EQ_INT(roa_add(t, NULL, 24, 65001, 1), -1);
	T_EQ_INT(roa_count(t, 0), 0);
	T_EQ_INT(roa_count_prefixes(t, 0), 0);
	/* Boundaries that are fine. */
	T_EQ_INT(add(t, "0.0.0.0/0", 0, 65001, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/16", 32, 65001, 31), 1);
	T_EQ_INT(add(t, "::/0", 128, 0, 0), 1);
	T_EQ_INT(val(t, "0.0.0.0/0", 65001), RPKI_VALID);
	T_EQ_INT(val(t, "0.0.0.0/1", 65001), RPKI_INVALID);
	/* remove with bad input: 0, nothing changed */
	T_EQ_INT(del(t, "10.0.0.0/16", 32, 65001, ROA_SRC_MAX), 0);
	T_EQ_INT(del(t, "10.0.0.0/16", 33, 65001, 31), 0);
	T_EQ_INT(roa_count(t, 0), 3);
	T_EQ_INT(roa_count_source(t, ROA_SRC_MAX, 0), 0);
	roa_table_free(t);
	roa_table_free(NULL);
}

static int
walk_cb(const struct roa_vrp *v, void *arg)
{
	struct walk_log	*w = arg;
	char		 buf[PREFIX_STRLEN];

	prefix_format(&v->pfx, buf, sizeof(buf));
	if (w->n < 32)
		snprintf(w->s[w->n], sizeof(w->s[0]), "%s %u %u %x", buf,
		    v->maxlen, v->asn, v->srcmask);
	w->n++;
	return w->n == w->stop ? 7 : 0;
}

static void
walk(void)
{
	struct roa_table	*t = roa_table_new();
	struct walk_log		 w;
	struct xprefix		 c;

	T_EQ_INT(add(t, "10.1.0.0/16", 24, 65002, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65003, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 16, 65009, 2), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 1), 1);
	T_EQ_INT(add(t, "10.0.0.0/8", 24, 65001, 3), 0);
	T_EQ_INT(add(t, "10.0.0.0/16", 16, 65001, 1), 1);
	T_EQ_INT(add(t, "9.0.0.0/8", 8, 65001, 1), 1);
	T_EQ_INT(add(t, "2001:db8::/32", 48, 65001, 1), 1);
	T_EQ_INT(add(t, "2001:db8::/48", 48, 65001, 1), 1);

	memset(&w, 0, sizeof(w));
	T_EQ_INT(roa_walk(t, AF_V4, NULL, walk_cb, &w), 0);
	T_EQ_INT(w.n, 6);
	T_EQ_STR(w.s[0], "9.0.0.0/8 8 65001 2");
	T_EQ_STR(w.s[1], "10.0.0.0/8 16 65009 4");
	T_EQ_STR(w.s[2], "10.0.0.0/8 24 65001 a");
	T_EQ_STR(w.s[3], "10.0.0.0/8 24 65003 2");
	T_EQ_STR(w.s[4], "10.0.0.0/16 16 65001 2");
	T_EQ_STR(w.s[5], "10.1.0.0/16 24 65002 2");

	memset(&w, 0, sizeof(w));
	T_EQ_INT(roa_walk(t, 0, NULL, walk_cb, &w), 0);
	T_EQ_INT(w.n, 8);
	T_EQ_STR(w.s[6], "2001:db8::/32 48 65001 2");
	T_EQ_STR(w.s[7], "2001:db8::/48 48 65001 2");

	memset(&w, 0, sizeof(w));
	T_EQ_INT(roa_walk(t, AF_V6, NULL, walk_cb, &w), 0);
	T_EQ_INT(w.n, 2);

	/* The stop value comes back. */
	memset(&w, 0, sizeof(w));
	w.stop = 2;
	T_EQ_INT(roa_walk(t, 0, NULL, walk_cb, &w), 7);
	T_EQ_INT(w.n, 2);

	/* cover: only the VRPs that decide 10.1.2.0/24 */
	memset(&w, 0, sizeof(w));
	c = P("10.1.2.0/24");
	T_EQ_INT(roa_walk(t, AF_V4, &c, walk_cb, &w), 0);
	T_EQ_INT(w.n, 4);
	T_EQ_STR(w.s[0], "10.0.0.0/8 16 65009 4");
	T_EQ_STR(w.s[1], "10.0.0.0/8 24 65001 a");
	T_EQ_STR(w.s[2], "10.0.0.0/8 24 65003 2");
	T_EQ_STR(w.s[3], "10.1.0.0/16 24 65002 2");
	/* cover equal to a VRP prefix includes it; af 0 follows cover */
	memset(&w, 0, sizeof(w));
	c = P("10.0.0.0/16");
	T_EQ_INT(roa_walk(t, 0, &c, walk_cb, &w), 0);
	T_EQ_INT(w.n, 4);
	T_EQ_STR(w.s[3], "10.0.0.0/16 16 65001 2");
	memset(&w, 0, sizeof(w));
	c = P("2001:db8:0:1::/64");
	T_EQ_INT(roa_walk(t, 0, &c, walk_cb, &w), 0);
	T_EQ_INT(w.n, 2);
	/* nothing covers, or the other family */
	memset(&w, 0, sizeof(w));
	c = P("11.0.0.0/8");
	T_EQ_INT(roa_walk(t, AF_V4, &c, walk_cb, &w), 0);
	c = P("10.0.0.0/7");
	T_EQ_INT(roa_walk(t, AF_V4, &c, walk_cb, &w), 0);
	c = P("10.0.0.0/8");
	T_EQ_INT(roa_walk(t, AF_V6, &c, walk_cb, &w), 0);
	T_EQ_INT(w.n, 0);
	roa_table_free(t);
}

/* The reference: every VRP in an array, validated by a linear scan. */
struct rvrp {
	struct xprefix	 p;
	uint8_t		 maxlen;
	uint32_t	 asn;
	uint32_t	 srcmask;
};

static enum rpki_state
ref_validate(const struct rvrp *r, size_t n, const struct xprefix *p,
    uint32_t asn, int known)
{
	size_t	 i;
	int	 covered = 0;

	for (i = 0; i < n; i++) {
		if (r[i].srcmask == 0 || !prefix_contains(&r[i].p, p))
			continue;
		covered = 1;
		if (known && asn != 0 && r[i].asn == asn &&
		    p->len <= r[i].maxlen)
			return RPKI_VALID;
	}
	return covered ? RPKI_INVALID : RPKI_NOT_FOUND;
}

/*
 * Random prefixes under two roots so that they nest: lengths spread over
 * the whole range (no /0, which would cover everything), addresses drawn
 * from a small pool.  A route (route 1) falls outside the roots one time
 * in five, so some are not covered.
 */
static void
rnd_prefix(int af, struct xprefix *p, int route)
{
	unsigned	 w = af == AF_V4 ? 32 : 128, i;

	memset(p, 0, sizeof(*p));
	p->addr.af = (uint8_t)af;
	p->addr.a[0] = (uint8_t)(route && rndn(5) == 0 ? 200 : 10 + rndn(2));
	for (i = 1; i < w / 8; i++)
		p->addr.a[i] = (uint8_t)(rndn(4) == 0 ? rnd() : rndn(2));
	p->len = (uint8_t)(rndn(4) == 0 ? 1 + rndn(w) :
	    (af == AF_V4 ? 8 + rndn(17) : 16 + rndn(33)));
	prefix_mask(p);
}

static int
rvrp_cmp(const void *a, const void *b)
{
	const struct rvrp	*x = a, *y = b;
	int			 c;

	if ((c = prefix_cmp(&x->p, &y->p)) != 0)
		return c;
	if (x->maxlen != y->maxlen)
		return x->maxlen < y->maxlen ? -1 : 1;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return 0;
}

struct collect {
	struct rvrp	*v;
	size_t		 n, max;
};

static int
collect_cb(const struct roa_vrp *v, void *arg)
{
	struct collect	*c = arg;

	if (c->n == c->max)
		return 1;
	c->v[c->n].p = v->pfx;
	c->v[c->n].maxlen = v->maxlen;
	c->v[c->n].asn = v->asn;
	c->v[c->n].srcmask = v->srcmask;
	c->n++;
	return 0;
}

/* Low and high slots: an entry with a source from 23 on is stored apart. */
static const unsigned	 srcs[4] = { 0, 5, 23, 31 };

static void
random_af(int af, size_t nvrp, size_t nroutes)
{
	struct roa_table	*t = roa_table_new();
	struct rvrp		*r, *live, *got;
	struct xprefix		 p;
	struct collect		 c;
	size_t			 i, j, n = 0, nlive, mism = 0, nvalid = 0,
				 ninvalid = 0;
	unsigned		 w = af == AF_V4 ? 32 : 128, src, k;
	uint32_t		 asn;
	int			 rc, want;
	enum rpki_state		 s, rs;

	r = calloc(nvrp, sizeof(*r));
	live = calloc(nvrp, sizeof(*live));
	got = calloc(nvrp + 1, sizeof(*got));
	if (r == NULL || live == NULL || got == NULL)
		abort();
	/* Adds and removes from 4 sources; ASNs from a small pool, 0 too. */
	for (i = 0; i < 3 * nvrp; i++) {
		rnd_prefix(af, &p, 0);
		src = srcs[rndn(4)];
		if (n > 0 && rndn(3) == 0) {
			/* remove one we have, from one of its sources */
			j = rndn((unsigned)n);
			rc = roa_remove(t, &r[j].p, r[j].maxlen, r[j].asn,
			    src);
			want = (r[j].srcmask == (1u << src));
			r[j].srcmask &= ~(1u << src);
			if (rc != want)
				mism++;
			continue;
		}
		if (n > 0 && rndn(3) == 0) {
			/* the same VRP again, maybe from another source */
			j = rndn((unsigned)n);
			rc = roa_add(t, &r[j].p, r[j].maxlen, r[j].asn, src);
			want = r[j].srcmask == 0;
			r[j].srcmask |= 1u << src;
			if (rc != want)
				mism++;
			continue;
		}
		if (n == nvrp)
			continue;
		asn = rndn(20) == 0 ? 0 : 64500 + rndn(8);
		r[n].p = p;
		r[n].maxlen = (uint8_t)(p.len + rndn(w - p.len + 1));
		r[n].asn = asn;
		/* a duplicate of an earlier entry would split the ref */
		for (j = 0; j < n; j++)
			if (rvrp_cmp(&r[j], &r[n]) == 0)
				break;
		if (j < n)
			continue;
		rc = roa_add(t, &r[n].p, r[n].maxlen, asn, src);
		r[n].srcmask = 1u << src;
		if (rc != 1)
			mism++;
		n++;
	}
	T_EQ_INT(mism, 0);

	/* Counts and the walk against the sorted live entries. */
	for (i = nlive = 0; i < n; i++)
		if (r[i].srcmask != 0)
			live[nlive++] = r[i];
	qsort(live, nlive, sizeof(*live), rvrp_cmp);
	T_EQ_INT(roa_count(t, af), nlive);
	T_EQ_INT(roa_count(t, af == AF_V4 ? AF_V6 : AF_V4), 0);
	for (k = 0; k < 4; k++) {
		src = srcs[k];
		for (i = j = 0; i < nlive; i++)
			j += (live[i].srcmask >> src) & 1;
		T_EQ_INT(roa_count_source(t, src, af), j);
	}
	for (i = j = 0; i < nlive; i++)
		j += i == 0 || prefix_cmp(&live[i].p, &live[i - 1].p) != 0;
	T_EQ_INT(roa_count_prefixes(t, af), j);
	c.v = got;
	c.n = 0;
	c.max = nvrp + 1;
	T_EQ_INT(roa_walk(t, af, NULL, collect_cb, &c), 0);
	T_EQ_INT(c.n, nlive);
	for (i = mism = 0; i < nlive && i < c.n; i++)
		if (rvrp_cmp(&got[i], &live[i]) != 0 ||
		    got[i].srcmask != live[i].srcmask)
			mism++;
	T_EQ_INT(mism, 0);

	/* Validation and the cover walk against the linear scan. */
	for (i = mism = 0; i < nroutes; i++) {
		rnd_prefix(af, &p, 1);
		/* origins: mostly from the pool, so some match */
		asn = rndn(10) == 0 ? 0 : 64500 + rndn(9);
		s = roa_validate(t, &p, asn, 1);
		rs = ref_validate(live, nlive, &p, asn, 1);
		if (s != rs)
			mism++;
		nvalid += s == RPKI_VALID;
		ninvalid += s == RPKI_INVALID;
		if (roa_validate(t, &p, asn, 0) !=
		    ref_validate(live, nlive, &p, asn, 0))
			mism++;
		c.n = 0;
		roa_walk(t, af, &p, collect_cb, &c);
		for (j = want = 0; j < nlive; j++) {
			if (!prefix_contains(&live[j].p, &p))
				continue;
			if ((size_t)want >= c.n ||
			    rvrp_cmp(&got[want], &live[j]) != 0)
				mism++;
			want++;
		}
		if ((size_t)want != c.n)
			mism++;
	}
	T_EQ_INT(mism, 0);
	/* the draw must exercise every outcome */
	T_ASSERT(nvalid > nroutes / 50);
	T_ASSERT(ninvalid > nroutes / 50);
	T_ASSERT(nvalid + ninvalid < nroutes);

	/* Drop the sources one by one; the last one empties the table. */
	for (k = 0; k < 4; k++) {
		src = srcs[k];
		for (i = j = 0; i < nlive; i++)
			if (live[i].srcmask == (1u << src))
				j++;
			else if (live[i].srcmask & (1u << src))
				live[i].srcmask &= ~(1u << src);
		T_EQ_INT(roa_remove_source(t, src, NULL, NULL), j);
		for (i = j = 0; i < nlive; i++)
			if (live[i].srcmask != (1u << src))
				live[j++] = live[i];
		nlive = j;
		T_EQ_INT(roa_count(t, af), nlive);
		/* what is left still validates as the scan says */
		for (i = mism = 0; i < nroutes / 10; i++) {
			rnd_prefix(af, &p, 1);
			asn = 64500 + rndn(9);
			if (roa_validate(t, &p, asn, 1) !=
			    ref_validate(live, nlive, &p, asn, 1))
				mism++;
		}
		T_EQ_INT(mism, 0);
		c.n = 0;
		T_EQ_INT(roa_walk(t, af, NULL, collect_cb, &c), 0);
		T_EQ_INT(c.n, nlive);
	}
	T_EQ_INT(roa_count(t, 0), 0);
	T_EQ_INT(roa_count_prefixes(t, 0), 0);
	free(r);
	free(live);
	free(got);
	roa_table_free(t);
}

int
main(void)
{
	rfc6811();
	sources();
	remove_source();
	shapes();
	strides();
	bad_input();
	walk();
	random_af(AF_V4, 3000, 5000);
	random_af(AF_V6, 3000, 5000);
	return T_DONE();
}
