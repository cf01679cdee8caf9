/*
 * Unit tests for the RIB's own sources (core/rt/rt_connected.c,
 * rt_static.c) over an interface table filled by hand: C and L routes
 * following links and addresses (no link-local, nothing on a down
 * link), and `router static` applied and re-applied: distance, tag,
 * Null0, interface lines following their interface, recursive next
 * hops, ECMP of lines of one distance, a floating static, withdrawal of
 * what a new configuration no longer has.
 */
#include <net/if.h>
#include <linux/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/static_cfg.h"
#include "core/rt/rt.h"
#include "core/rt/rt_src.h"
#include "core/sys/iface.h"
#include "tests/unit/t.h"

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

static void
link_set(int idx, const char *name, int up)
{
	struct iface	 t;

	memset(&t, 0, sizeof(t));
	t.ifindex = idx;
	snprintf(t.name, sizeof(t.name), "%s", name);
	t.flags = up ? IFF_UP | IFF_RUNNING : 0;
	t.operstate = up ? IF_OPER_UP : IF_OPER_DOWN;
	t.mtu = 1500;
	if (iface_put(&t) == -1)
		abort();
}

static void
addr_add(int idx, const char *a)
{
	struct xprefix	 p;

	if (prefix_parse(a, &p, 0) == -1 && prefix_parse(a, &p, 1) == -1)
		abort();
	if (iface_addr_add(idx, &p) == -1)
		abort();
}

/* The selected route's source, -1 none; *nfwd / *ifindex of fwd[0]. */
static int
route(const char *pfx, size_t *nfwd, int *ifindex)
{
	struct xprefix	 x = P(pfx);
	struct rt_sel	 s;

	if (rt_exact(&x, &s) == -1)
		return -1;
	if (nfwd != NULL)
		*nfwd = s.nfwd;
	if (ifindex != NULL)
		*ifindex = s.nfwd > 0 ? s.fwd[0].ifindex : -1;
	return (int)s.path->src;
}

static void
test_connected(void)
{
	size_t	 c[RT_SRC_COUNT], n;
	int	 ifx;

	link_set(1, "lo", 1);
	addr_add(1, "127.0.0.1/8");
	addr_add(1, "::1/128");
	link_set(3, "veth0", 1);
	addr_add(3, "198.18.1.2/24");
	addr_add(3, "fe80::1/64");
	addr_add(3, "2001:db8:1::2/64");
	T_EQ_INT(rt_sources_start(), 0);
	T_EQ_INT(route("127.0.0.0/8", NULL, &ifx), RT_SRC_CONNECTED);
	T_EQ_INT(ifx, 1);
	T_EQ_INT(route("127.0.0.1/32", NULL, NULL), RT_SRC_LOCAL);
	T_EQ_INT(route("::1/128", NULL, NULL), RT_SRC_LOCAL);
	T_EQ_INT(route("198.18.1.0/24", NULL, &ifx), RT_SRC_CONNECTED);
	T_EQ_INT(ifx, 3);
	T_EQ_INT(route("198.18.1.2/32", NULL, NULL), RT_SRC_LOCAL);
	T_EQ_INT(route("fe80::/64", NULL, NULL), -1);
	T_EQ_INT(route("fe80::1/128", NULL, NULL), -1);
	T_EQ_INT(route("2001:db8:1::/64", NULL, NULL), RT_SRC_CONNECTED);
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_CONNECTED], 2);
	T_EQ_INT(c[RT_SRC_LOCAL], 2);
	rt_counts(AF_V6, c);
	T_EQ_INT(c[RT_SRC_CONNECTED], 1);
	T_EQ_INT(c[RT_SRC_LOCAL], 2);

	/* a second interface in the same network: one route, two exits */
	link_set(4, "veth1", 1);
	addr_add(4, "198.18.1.3/24");
	T_EQ_INT(route("198.18.1.0/24", &n, NULL), RT_SRC_CONNECTED);
	T_EQ_INT(n, 2);
	/* it goes down: back to one */
	link_set(4, "veth1", 0);
	T_EQ_INT(route("198.18.1.0/24", &n, &ifx), RT_SRC_CONNECTED);
	T_EQ_INT(n, 1);
	T_EQ_INT(ifx, 3);
	T_EQ_INT(route("198.18.1.3/32", NULL, NULL), -1);
	/* an address removed */
	T_EQ_INT(iface_addr_del(3, &(struct xprefix){ P("2001:db8:1::2/128")
	    .addr, 64 }), 0);
	T_EQ_INT(route("2001:db8:1::/64", NULL, NULL), -1);
	T_EQ_INT(route("2001:db8:1::2/128", NULL, NULL), -1);
	iface_del(4);
	T_EQ_INT(route("198.18.1.0/24", &n, NULL), RT_SRC_CONNECTED);
}

static struct static_route
sr(const char *pfx, const char *ifn, const char *nh, uint8_t dist)
{
	struct static_route	 r;

	memset(&r, 0, sizeof(r));
	if (prefix_parse(pfx, &r.pfx, 0) == -1)
		abort();
	if (ifn != NULL)
		static_ifname_canon(ifn, r.ifname, sizeof(r.ifname));
	if (nh != NULL && addr_parse(nh, &r.nh) == -1)
		abort();
	r.distance = dist;
	return r;
}

static void
sput(struct static_cfg *s, struct static_route r)
{
	int	 afi = r.pfx.addr.af == AF_V6;

	s->af[afi].present = 1;
	if (static_route_put(&s->af[afi], &r) == -1)
		abort();
}

static void
test_static(void)
{
	struct static_cfg	*s = static_cfg_new(), *s2;
	struct static_route	 r;
	struct xprefix		 x;
	struct rt_sel		 sel;
	size_t			 n;
	int			 ifx;

	T_ASSERT(s != NULL);
	sput(s, sr("192.0.2.0/24", "null0", NULL, 0));
	sput(s, sr("10.0.0.0/8", NULL, "198.18.1.1", 0));
	sput(s, sr("10.0.0.0/8", NULL, "198.18.1.9", 0));	/* ECMP */
	sput(s, sr("10.0.0.0/8", "lo", NULL, 250));		/* floating */
	r = sr("172.16.0.0/12", "veth1", NULL, 5);
	r.has_tag = 1;
	r.tag = 77;
	sput(s, r);
	sput(s, sr("172.20.0.0/16", NULL, "10.1.1.1", 0));	/* recursive */
	sput(s, sr("2001:db8:99::/48", "veth0", "fe80::9", 0));
	T_EQ_INT(rt_static_apply(s), 0);

	T_EQ_INT(route("192.0.2.0/24", &n, NULL), RT_SRC_STATIC);
	x = P("192.0.2.0/24");
	T_EQ_INT(rt_exact(&x, &sel), 0);
	T_ASSERT(sel.nfwd == 1 && sel.fwd[0].blackhole);
	T_EQ_INT(sel.path->distance, 1);
	T_EQ_INT(route("10.0.0.0/8", &n, &ifx), RT_SRC_STATIC);
	T_EQ_INT(n, 2);
	T_EQ_INT(ifx, 3);
	T_EQ_INT(route("172.20.0.0/16", NULL, &ifx), RT_SRC_STATIC);
	T_EQ_INT(ifx, 3);
	/* veth1 is down: its line is not offered */
	T_EQ_INT(route("172.16.0.0/12", NULL, NULL), -1);
	link_set(4, "veth1", 1);
	x = P("172.16.0.0/12");
	T_EQ_INT(rt_exact(&x, &sel), 0);
	T_EQ_INT(sel.path->tag, 77);
	T_EQ_INT(sel.path->distance, 5);
	T_ASSERT(sel.nfwd == 1 && sel.fwd[0].ifindex == 4 &&
	    sel.fwd[0].gw.af == 0);
	T_EQ_INT(route("2001:db8:99::/48", NULL, &ifx), RT_SRC_STATIC);
	T_EQ_INT(ifx, 3);

	/* veth0 down: its connected network goes, the recursive statics
	 * with it, the floating static on lo takes 10/8 */
	link_set(3, "veth0", 0);
	x = P("10.0.0.0/8");
	T_EQ_INT(rt_exact(&x, &sel), 0);
	T_EQ_INT(sel.path->distance, 250);
	T_EQ_INT(sel.fwd[0].ifindex, 1);
	T_EQ_INT(route("2001:db8:99::/48", NULL, NULL), -1);
	link_set(3, "veth0", 1);
	T_EQ_INT(route("10.0.0.0/8", &n, NULL), RT_SRC_STATIC);
	T_EQ_INT(n, 2);

	/* a new configuration without some of the lines */
	s2 = static_cfg_new();
	T_ASSERT(s2 != NULL);
	sput(s2, sr("10.0.0.0/8", NULL, "198.18.1.1", 0));
	T_EQ_INT(rt_static_apply(s2), 0);
	T_EQ_INT(route("192.0.2.0/24", NULL, NULL), -1);
	T_EQ_INT(route("10.0.0.0/8", &n, NULL), RT_SRC_STATIC);
	T_EQ_INT(n, 1);
	x = P("10.0.0.0/8");
	T_EQ_INT(rt_exact(&x, &sel), 0);
	T_EQ_INT(sel.path->distance, 1);
	T_EQ_INT(route("172.16.0.0/12", NULL, NULL), -1);
	/* none at all */
	T_EQ_INT(rt_static_apply(NULL), 0);
	T_EQ_INT(route("10.0.0.0/8", NULL, NULL), -1);
	T_EQ_INT(route("198.18.1.0/24", NULL, NULL), RT_SRC_CONNECTED);
	static_cfg_free(s);
	static_cfg_free(s2);
}

int
main(void)
{
	size_t	 c[RT_SRC_COUNT];

	test_connected();
	test_static();
	rt_sources_stop();
	rt_counts(AF_V4, c);
	T_EQ_INT(c[RT_SRC_CONNECTED] + c[RT_SRC_LOCAL] + c[RT_SRC_STATIC], 0);
	iface_clear();
	return T_DONE();
}
