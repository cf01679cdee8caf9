/*
 * Unit tests for core/rt/rib.c: selection by distance (and the floating
 * static taking over), recursive resolution (connected, static over
 * static, loops failing within the bound, never through the own prefix),
 * BGP routes from a view (tests/unit/rt_fakebgp.h): their next hops not
 * through BGP routes, not through the default route, re-resolved in bulk
 * when the resolving route changes; the change callbacks, counts and the
 * walk order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rt/rt.h"
#include "tests/unit/rt_fakebgp.h"
#include "tests/unit/t.h"

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	if (addr_parse(s, &a) == -1)
		abort();
	return a;
}

/* A path of one next hop: gw (NULL none), ifindex, or a blackhole. */
static struct rt_path
path(enum rt_src src, uint8_t dist, const char *gw, int ifindex, int bh)
{
	struct rt_path	 p;

	memset(&p, 0, sizeof(p));
	p.src = src;
	p.distance = dist;
	p.nnh = 1;
	if (gw != NULL)
		p.nh[0].gw = A(gw);
	p.nh[0].ifindex = ifindex;
	p.nh[0].blackhole = (uint8_t)bh;
	return p;
}

static int
put(const char *pfx, struct rt_path p)
{
	struct xprefix	 x = P(pfx);

	if (p.src == RT_SRC_BGP)
		return fake_bgp_put(&x, &p);
	return rt_put(&x, &p);
}

static int
del(const char *pfx, enum rt_src src, uint8_t dist)
{
	struct xprefix	 x = P(pfx);

	if (src == RT_SRC_BGP) {
		fake_bgp_del(&x);
		return 0;
	}
	return rt_del(&x, src, dist);
}

static void
init(void)
{
	T_EQ_INT(rt_init(), 0);
	fake_bgp_init();
}

static void
done(void)
{
	fake_bgp_free();
	rt_free();
}

/* The selected route of pfx: its source, or -1 if none. */
static int
sel_src(const char *pfx, struct rt_sel *out)
{
	struct xprefix	 x = P(pfx);
	struct rt_sel	 s;

	if (rt_exact(&x, &s) == -1)
		return -1;
	if (out != NULL)
		*out = s;
	return (int)s.path->src;
}

static int
fwd_is(const struct rt_sel *s, size_t i, const char *gw, int ifindex)
{
	char	 buf[ADDR_STRLEN];

	if (i >= s->nfwd || s->fwd[i].ifindex != ifindex)
		return 0;
	if (gw == NULL)
		return s->fwd[i].gw.af == 0;
	addr_format(&s->fwd[i].gw, buf, sizeof(buf));
	return strcmp(buf, gw) == 0;
}

/* ---- change callbacks ---- */

static struct {
	int	 n;
	char	 pfx[PREFIX_STRLEN];
	int	 oldsrc, newsrc;	/* -1 none */
	size_t	 newnfwd;
} ev;

static void
on_change(const struct xprefix *p, const struct rt_sel *old,
    const struct rt_sel *new, void *arg)
{
	(void)arg;
	ev.n++;
	prefix_format(p, ev.pfx, sizeof(ev.pfx));
	ev.oldsrc = old != NULL ? (int)old->path->src : -1;
	ev.newsrc = new != NULL ? (int)new->path->src : -1;
	ev.newnfwd = new != NULL ? new->nfwd : 0;
}

static void
test_distance(void)
{
	struct rt_sel	 s;
	size_t		 c[RT_SRC_COUNT];
	int		 h;

	init();
	h = rt_subscribe(on_change, NULL);
	T_ASSERT(h >= 0);
	memset(&ev, 0, sizeof(ev));
	T_EQ_INT(put("198.18.1.0/24",
	    path(RT_SRC_CONNECTED, 0, NULL, 3, 0)), 0);
	T_EQ_INT(ev.n, 1);
	T_EQ_STR(ev.pfx, "198.18.1.0/24");
	T_EQ_INT(ev.oldsrc, -1);
	T_EQ_INT(ev.newsrc, RT_SRC_CONNECTED);

	/* static 1 over a floating static 250: the lower distance wins,
	 * the floating one takes over when it goes */
	T_EQ_INT(put("10.0.0.0/8", path(RT_SRC_STATIC, 250, NULL, 0, 1)), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", &s), RT_SRC_STATIC);
	T_EQ_INT(s.path->distance, 250);
	T_ASSERT(s.nfwd == 1 && s.fwd[0].blackhole);
	T_EQ_INT(put("10.0.0.0/8",
	    path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0)), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", &s), RT_SRC_STATIC);
	T_EQ_INT(s.path->distance, 1);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	ev.n = 0;
	/* an equal offer again changes nothing */
	T_EQ_INT(put("10.0.0.0/8",
	    path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0)), 0);
	T_EQ_INT(ev.n, 0);
	/* eBGP 20 does not beat static 1 */
	T_EQ_INT(put("10.0.0.0/8",
	    path(RT_SRC_BGP, 20, "198.18.1.9", 0, 0)), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", NULL), RT_SRC_STATIC);
	T_EQ_INT(ev.n, 0);
	T_EQ_INT(del("10.0.0.0/8", RT_SRC_STATIC, 1), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", &s), RT_SRC_BGP);
	T_EQ_INT(ev.n, 1);
	T_EQ_INT(ev.oldsrc, RT_SRC_STATIC);
	T_EQ_INT(ev.newsrc, RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.9", 3));
	T_EQ_INT(del("10.0.0.0/8", RT_SRC_BGP, 20), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", &s), RT_SRC_STATIC);
	T_EQ_INT(s.path->distance, 250);

	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_CONNECTED], 1);
	T_EQ_INT(c[RT_SRC_STATIC], 1);
	T_EQ_INT(c[RT_SRC_BGP], 0);
	T_EQ_INT(del("10.0.0.0/8", RT_SRC_STATIC, 250), 0);
	T_EQ_INT(sel_src("10.0.0.0/8", NULL), -1);
	T_EQ_INT(ev.newsrc, -1);
	rt_unsubscribe(h);
	done();
}

static void
test_recursion(void)
{
	struct rt_sel	 s;
	struct xaddr	 a;

	init();
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	put("198.18.1.2/32", path(RT_SRC_LOCAL, 0, NULL, 3, 0));
	/* static over static over connected */
	put("10.0.0.0/8", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	put("172.16.0.0/12", path(RT_SRC_STATIC, 1, "10.1.2.3", 0, 0));
	T_EQ_INT(sel_src("172.16.0.0/12", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	/* interface and next hop: used as given */
	put("192.0.2.0/24", path(RT_SRC_STATIC, 1, "198.18.1.7", 5, 0));
	T_EQ_INT(sel_src("192.0.2.0/24", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.7", 5));
	/* directly on an interface */
	put("192.0.3.0/24", path(RT_SRC_STATIC, 1, NULL, 5, 0));
	T_EQ_INT(sel_src("192.0.3.0/24", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, NULL, 5));
	/* a loop: neither resolves, within the bound */
	put("100.64.0.0/16", path(RT_SRC_STATIC, 1, "100.65.0.1", 0, 0));
	put("100.65.0.0/16", path(RT_SRC_STATIC, 1, "100.64.0.1", 0, 0));
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), -1);
	T_EQ_INT(sel_src("100.65.0.0/16", NULL), -1);
	/* never through its own prefix */
	put("100.66.0.0/16", path(RT_SRC_STATIC, 1, "100.66.0.1", 0, 0));
	T_EQ_INT(sel_src("100.66.0.0/16", NULL), -1);
	/* ... but through a shorter one (the default) */
	put("0.0.0.0/0", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	T_EQ_INT(sel_src("100.66.0.0/16", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	/* the loop now resolves via the default: the loop members point
	 * at each other, which goes out through the default */
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), RT_SRC_STATIC);
	/* BGP next hops: not through the default route */
	a = A("203.0.113.1");
	T_EQ_INT(rt_resolve_nexthop(&a, NULL), 0);
	a = A("10.9.9.9");
	T_EQ_INT(rt_resolve_nexthop(&a, &s), 1);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	/* longest match */
	a = A("198.18.1.2");
	T_EQ_INT(rt_match(&a, &s), 0);
	T_EQ_INT(s.pfx->len, 32);
	/* removing the connected route takes everything recursive down
	 * (re-resolution on change) */
	del("198.18.1.0/24", RT_SRC_CONNECTED, 0);
	T_EQ_INT(sel_src("10.0.0.0/8", NULL), -1);
	T_EQ_INT(sel_src("172.16.0.0/12", NULL), -1);
	T_EQ_INT(sel_src("0.0.0.0/0", NULL), -1);
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), -1);
	T_EQ_INT(sel_src("192.0.2.0/24", NULL), RT_SRC_STATIC);
	/* and back */
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	T_EQ_INT(sel_src("172.16.0.0/12", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), RT_SRC_STATIC);
	done();
}

static size_t	 nbgp_ev;

static void
count_bgp(const struct xprefix *p, const struct rt_sel *old,
    const struct rt_sel *new, void *arg)
{
	(void)p;
	(void)arg;
	/* a BGP route's (its old path is not known: NULL) */
	if ((old == NULL || old->path->src == RT_SRC_BGP) &&
	    (new == NULL || new->path->src == RT_SRC_BGP))
		nbgp_ev++;
}

static void
test_bgp(void)
{
	struct rt_sel	 s;
	struct xprefix	 x;
	struct rt_path	 p;
	size_t		 c[RT_SRC_COUNT], i;
	char		 buf[PREFIX_STRLEN];
	int		 h;

	init();
	h = rt_subscribe_bgp(count_bgp, NULL);
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	put("198.18.2.0/24", path(RT_SRC_CONNECTED, 0, NULL, 4, 0));
	put("10.0.0.0/8", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	/* a thousand BGP routes over a next hop resolving via the static */
	p = path(RT_SRC_BGP, 20, "10.0.0.1", 0, 0);
	p.peer_as = 65002;
	for (i = 0; i < 1000; i++) {
		snprintf(buf, sizeof(buf), "203.%zu.%zu.0/24", i / 256,
		    i % 256);
		x = P(buf);
		T_EQ_INT(fake_bgp_put(&x, &p), 0);
	}
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 1000);
	T_EQ_INT(sel_src("203.0.5.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	T_EQ_INT(s.path->peer_as, 65002);
	/* a BGP route never resolves through a BGP route */
	put("100.64.0.0/10", path(RT_SRC_BGP, 20, "10.0.0.1", 0, 0));
	put("100.127.0.0/24", path(RT_SRC_BGP, 20, "100.64.0.1", 0, 0));
	T_EQ_INT(sel_src("100.64.0.0/10", NULL), RT_SRC_BGP);
	T_EQ_INT(sel_src("100.127.0.0/24", NULL), -1);
	/* the static moves to the other link: every BGP route follows */
	nbgp_ev = 0;
	put("10.0.0.0/8", path(RT_SRC_STATIC, 1, "198.18.2.1", 0, 0));
	T_EQ_INT(nbgp_ev, 1001);
	T_EQ_INT(sel_src("203.3.200.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.2.1", 4));
	/* the static goes: the BGP routes are unreachable */
	nbgp_ev = 0;
	del("10.0.0.0/8", RT_SRC_STATIC, 1);
	T_EQ_INT(nbgp_ev, 1001);
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 0);
	T_EQ_INT(c[RT_SRC_STATIC], 0);
	T_EQ_INT(c[RT_SRC_CONNECTED], 2);
	/* a connected route for the next hop brings them back */
	put("10.0.0.0/24", path(RT_SRC_CONNECTED, 0, NULL, 7, 0));
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 1001);
	T_EQ_INT(sel_src("203.0.0.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "10.0.0.1", 7));
	fake_bgp_clear();
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 0);
	T_EQ_INT(c[RT_SRC_CONNECTED], 3);
	rt_unsubscribe(h);
	done();
}

/* Several next hops moving at once: one walk of the BGP view for all of
 * them, each BGP route told once (an ECMP route over two of them too). */
static void
test_bgp_nexthops_at_once(void)
{
	struct rt_sel	 s;
	struct xprefix	 x;
	struct rt_path	 p;
	size_t		 c[RT_SRC_COUNT];
	int		 h;

	init();
	h = rt_subscribe_bgp(count_bgp, NULL);
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	put("198.18.2.0/24", path(RT_SRC_CONNECTED, 0, NULL, 4, 0));
	put("10.1.0.0/16", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	put("10.2.0.0/16", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	put("10.3.0.0/16", path(RT_SRC_STATIC, 1, "198.18.2.1", 0, 0));
	put("203.0.1.0/24", path(RT_SRC_BGP, 20, "10.1.0.1", 0, 0));
	put("203.0.2.0/24", path(RT_SRC_BGP, 20, "10.2.0.1", 0, 0));
	put("203.0.4.0/24", path(RT_SRC_BGP, 20, "10.3.0.1", 0, 0));
	p = path(RT_SRC_BGP, 20, "10.1.0.1", 0, 0);
	p.nh[1].gw = A("10.2.0.1");
	p.nnh = 2;
	x = P("203.0.3.0/24");
	T_EQ_INT(fake_bgp_put(&x, &p), 0);
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 4);
	T_EQ_INT(sel_src("203.0.3.0/24", &s), RT_SRC_BGP);
	T_EQ_INT(s.nfwd, 1);		/* both hops over one gateway */
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	/* both statics move to the other link in one batch */
	nbgp_ev = 0;
	rt_batch_begin();
	put("10.1.0.0/16", path(RT_SRC_STATIC, 1, "198.18.2.1", 0, 0));
	put("10.2.0.0/16", path(RT_SRC_STATIC, 1, "198.18.2.1", 0, 0));
	rt_batch_end();
	T_EQ_INT(nbgp_ev, 3);
	T_EQ_INT(sel_src("203.0.3.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.2.1", 4));
	T_EQ_INT(sel_src("203.0.1.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.2.1", 4));
	/* both go: three routes unreachable, the fourth untouched */
	nbgp_ev = 0;
	rt_batch_begin();
	del("10.1.0.0/16", RT_SRC_STATIC, 1);
	del("10.2.0.0/16", RT_SRC_STATIC, 1);
	rt_batch_end();
	T_EQ_INT(nbgp_ev, 3);
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_BGP], 1);
	T_EQ_INT(sel_src("203.0.4.0/24", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.2.1", 4));
	/* one back: the two routes over it (the ECMP one with one hop) */
	nbgp_ev = 0;
	put("10.2.0.0/16", path(RT_SRC_STATIC, 1, "198.18.1.1", 0, 0));
	T_EQ_INT(nbgp_ev, 2);
	T_EQ_INT(sel_src("203.0.3.0/24", &s), RT_SRC_BGP);
	T_EQ_INT(s.nfwd, 1);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	fake_bgp_clear();
	rt_unsubscribe(h);
	done();
}

static void
test_ecmp_v6(void)
{
	struct rt_sel	 s;
	struct rt_path	 p;
	struct xprefix	 x;

	init();
	put("2001:db8:1::/64", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	put("2001:db8:2::/64", path(RT_SRC_CONNECTED, 0, NULL, 4, 0));
	p = path(RT_SRC_STATIC, 1, "2001:db8:1::1", 0, 0);
	p.nnh = 2;
	p.nh[1].gw = A("2001:db8:2::1");
	x = P("2001:db8:100::/48");
	T_EQ_INT(rt_put(&x, &p), 0);
	T_EQ_INT(sel_src("2001:db8:100::/48", &s), RT_SRC_STATIC);
	T_EQ_INT(s.nfwd, 2);
	T_ASSERT(fwd_is(&s, 0, "2001:db8:1::1", 3));
	T_ASSERT(fwd_is(&s, 1, "2001:db8:2::1", 4));
	/* one link down: one next hop left */
	del("2001:db8:2::/64", RT_SRC_CONNECTED, 0);
	T_EQ_INT(sel_src("2001:db8:100::/48", &s), RT_SRC_STATIC);
	T_EQ_INT(s.nfwd, 1);
	/* bad input */
	p.nnh = 0;
	T_EQ_INT(rt_put(&x, &p), -1);
	p.nnh = RT_NH_MAX + 1;
	T_EQ_INT(rt_put(&x, &p), -1);
	done();
}

static int
collect(const struct rt_sel *s, void *arg)
{
	char	*out = arg, buf[PREFIX_STRLEN];

	prefix_format(s->pfx, buf, sizeof(buf));
	strncat(out, buf, 511 - strlen(out));
	strncat(out, " ", 511 - strlen(out));
	return 0;
}

static void
test_walk(void)
{
	char	 out[512] = "";

	init();
	put("10.0.0.0/8", path(RT_SRC_STATIC, 1, NULL, 0, 1));
	put("10.0.0.0/16", path(RT_SRC_STATIC, 1, NULL, 0, 1));
	put("9.0.0.0/8", path(RT_SRC_STATIC, 1, NULL, 0, 1));
	put("10.0.0.0/24", path(RT_SRC_STATIC, 1, NULL, 0, 1));
	put("10.1.0.0/16", path(RT_SRC_STATIC, 1, NULL, 0, 1));
	/* unusable: not walked */
	put("11.0.0.0/8", path(RT_SRC_STATIC, 1, "192.0.2.1", 0, 0));
	rt_walk(AF_V4, collect, out);
	T_EQ_STR(out, "9.0.0.0/8 10.0.0.0/8 10.0.0.0/16 10.0.0.0/24 "
	    "10.1.0.0/16 ");
	T_ASSERT(rt_route_bytes(AF_V4) > 0);
	done();
}

/* Cases that could chase their own tails: they must end, and right. */
static void
test_tails(void)
{
	struct rt_sel	 s;

	init();
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	/* a three-way loop of statics */
	put("100.64.0.0/16", path(RT_SRC_STATIC, 1, "100.65.0.1", 0, 0));
	put("100.65.0.0/16", path(RT_SRC_STATIC, 1, "100.66.0.1", 0, 0));
	put("100.66.0.0/16", path(RT_SRC_STATIC, 1, "100.64.0.1", 0, 0));
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), -1);
	T_EQ_INT(sel_src("100.65.0.0/16", NULL), -1);
	T_EQ_INT(sel_src("100.66.0.0/16", NULL), -1);
	/* one member gets a real exit: the chain resolves through it */
	put("100.66.0.0/16", path(RT_SRC_STATIC, 1, "198.18.1.5", 0, 0));
	T_EQ_INT(sel_src("100.64.0.0/16", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.5", 3));
	/* a BGP route whose next hop lies in its own prefix, under a
	 * floating static of that prefix: the static stays (the BGP path
	 * would resolve through the route it replaces) */
	put("10.0.0.0/8", path(RT_SRC_STATIC, 250, "198.18.1.1", 0, 0));
	put("10.0.0.0/8", path(RT_SRC_BGP, 20, "10.0.0.1", 0, 0));
	T_EQ_INT(sel_src("10.0.0.0/8", &s), RT_SRC_STATIC);
	T_EQ_INT(s.path->distance, 250);
	/* a more specific BGP route over the same next hop is fine */
	put("10.1.0.0/16", path(RT_SRC_BGP, 20, "10.0.0.1", 0, 0));
	T_EQ_INT(sel_src("10.1.0.0/16", &s), RT_SRC_BGP);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.1", 3));
	/* the floating static goes: both BGP routes are unreachable */
	del("10.0.0.0/8", RT_SRC_STATIC, 250);
	T_EQ_INT(sel_src("10.0.0.0/8", NULL), -1);
	T_EQ_INT(sel_src("10.1.0.0/16", NULL), -1);
	done();
}

/* A batch: one resolution pass at its end, the same result. */
static void
test_batch(void)
{
	struct rt_sel	 s;
	char		 buf[PREFIX_STRLEN];
	int		 i, h;

	init();
	h = rt_subscribe(on_change, NULL);
	memset(&ev, 0, sizeof(ev));
	rt_batch_begin();
	rt_batch_begin();		/* nested: the outer end settles */
	/* a chain put from its far end: 100.64 via 100.65 via 100.66 via
	 * the connected network */
	put("100.64.0.0/16", path(RT_SRC_STATIC, 1, "100.65.0.1", 0, 0));
	put("100.65.0.0/16", path(RT_SRC_STATIC, 1, "100.66.0.1", 0, 0));
	put("100.66.0.0/16", path(RT_SRC_STATIC, 1, "198.18.1.5", 0, 0));
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256, i % 256);
		put(buf, path(RT_SRC_STATIC, 1, "100.64.0.1", 0, 0));
	}
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	rt_batch_end();
	T_EQ_INT(sel_src("10.1.243.0/24", NULL), -1);	/* not settled */
	rt_batch_end();
	T_EQ_INT(sel_src("100.64.0.0/16", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.5", 3));
	T_EQ_INT(sel_src("10.1.243.0/24", &s), RT_SRC_STATIC);
	T_ASSERT(fwd_is(&s, 0, "198.18.1.5", 3));
	T_EQ_STR(ev.pfx, "10.1.243.0/24");
	T_EQ_INT(ev.newsrc, RT_SRC_STATIC);
	/* removed in a batch: all gone at its end, the list kept right */
	rt_batch_begin();
	for (i = 0; i < 500; i += 2) {
		snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256, i % 256);
		del(buf, RT_SRC_STATIC, 1);
	}
	del("198.18.1.0/24", RT_SRC_CONNECTED, 0);
	rt_batch_end();
	T_EQ_INT(sel_src("10.1.243.0/24", NULL), -1);
	T_EQ_INT(sel_src("100.64.0.0/16", NULL), -1);
	put("198.18.1.0/24", path(RT_SRC_CONNECTED, 0, NULL, 3, 0));
	T_EQ_INT(sel_src("10.1.243.0/24", NULL), RT_SRC_STATIC);
	T_EQ_INT(sel_src("10.1.242.0/24", NULL), -1);
	rt_unsubscribe(h);
	done();
}

int
main(void)
{
	test_distance();
	test_recursion();
	test_bgp();
	test_bgp_nexthops_at_once();
	test_ecmp_v6();
	test_walk();
	test_tails();
	test_batch();
	return T_DONE();
}
