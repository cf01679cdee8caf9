/*
 * test_rt_fib: what the FIB glue makes of a RIB selection (no kernel, no
 * socket: rt_fib_route only): static and BGP routes are installed,
 * connected and local ones never; Null0 is a blackhole; ECMP next hops
 * are one sorted, deduplicated set; next hops the kernel can't take are
 * left out.
 */
#include <string.h>

#include "core/rt/rt.h"
#include "core/rt/rt_fib.h"
#include "tests/unit/t.h"

static struct xprefix	 pfx;
static struct rt_path	 path;
static struct rt_fwd	 fwd[RT_NH_MAX];
static struct rt_sel	 sel;

static void
mk(const char *p, enum rt_src src)
{
	memset(&path, 0, sizeof(path));
	memset(fwd, 0, sizeof(fwd));
	memset(&sel, 0, sizeof(sel));
	T_EQ_INT(prefix_parse(p, &pfx, 0), 0);
	path.src = src;
	sel.pfx = &pfx;
	sel.path = &path;
	sel.fwd = fwd;
}

static void
add_fwd(const char *gw, int ifindex)
{
	struct rt_fwd	*f = &fwd[sel.nfwd++];

	if (gw != NULL)
		T_EQ_INT(addr_parse(gw, &f->gw), 0);
	f->ifindex = ifindex;
}

int
main(void)
{
	struct fib_route	 r;
	char			 a[ADDR_STRLEN];

	/* a static via a gateway */
	mk("198.18.10.0/24", RT_SRC_STATIC);
	path.nnh = 1;
	add_fwd("198.18.1.2", 4);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nnh, 1);
	addr_format(&r.nh[0].gw, a, sizeof(a));
	T_EQ_STR(a, "198.18.1.2");
	T_EQ_INT(r.nh[0].ifindex, 4);
	T_EQ_INT(r.nh[0].blackhole, 0);
	T_EQ_INT(r.pfx.len, 24);

	/* connected and local routes are the kernel's own */
	path.src = RT_SRC_CONNECTED;
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), -1);
	path.src = RT_SRC_LOCAL;
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), -1);
	/* no selection */
	T_EQ_INT(rt_fib_route(&pfx, NULL, &r), -1);

	/* Null0: a blackhole, whatever the resolution says */
	mk("198.18.11.0/24", RT_SRC_STATIC);
	path.nnh = 1;
	path.nh[0].blackhole = 1;
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nnh, 1);
	T_EQ_INT(r.nh[0].blackhole, 1);
	mk("198.18.11.0/24", RT_SRC_STATIC);
	fwd[0].blackhole = 1;
	sel.nfwd = 1;
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nh[0].blackhole, 1);

	/* BGP ECMP: sorted by interface then gateway, duplicates once */
	mk("203.0.113.0/24", RT_SRC_BGP);
	add_fwd("198.18.2.2", 5);
	add_fwd("198.18.1.2", 4);
	add_fwd("198.18.2.2", 5);
	add_fwd("198.18.1.3", 4);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nnh, 3);
	addr_format(&r.nh[0].gw, a, sizeof(a));
	T_EQ_STR(a, "198.18.1.2");
	addr_format(&r.nh[1].gw, a, sizeof(a));
	T_EQ_STR(a, "198.18.1.3");
	T_EQ_INT(r.nh[2].ifindex, 5);

	/* an IPv6 next hop of an IPv4 route is left out; with nothing
	   else there is nothing to install */
	mk("203.0.113.0/24", RT_SRC_BGP);
	add_fwd("2001:db8::1", 4);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), -1);
	add_fwd("198.18.1.2", 4);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nnh, 1);
	/* directly on an interface; a next hop with neither is refused */
	mk("198.18.13.0/24", RT_SRC_STATIC);
	add_fwd(NULL, 0);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), -1);
	add_fwd(NULL, 7);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.nnh, 1);
	T_EQ_INT(r.nh[0].gw.af, 0);
	T_EQ_INT(r.nh[0].ifindex, 7);

	/* host bits of the key never reach the kernel */
	mk("198.18.14.0/24", RT_SRC_STATIC);
	pfx.addr.a[3] = 9;
	add_fwd("198.18.1.2", 4);
	T_EQ_INT(rt_fib_route(&pfx, &sel, &r), 0);
	T_EQ_INT(r.pfx.addr.a[3], 0);
	return T_DONE();
}
