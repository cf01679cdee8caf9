/*
 * test_iface: the interface table filled by hand, as iface_netlink.c
 * fills it: lookups, name order, events, transitions.
 */
#include <net/if.h>
#include <linux/if.h>
#include <stdio.h>
#include <string.h>

#include "core/lib/loop.h"
#include "core/sys/iface.h"
#include "t.h"

struct ev {
	enum iface_event ev;
	int		 ifindex;
	char		 name[IFACE_NAME_MAX];
	char		 addr[PREFIX_STRLEN];
	size_t		 naddrs;
};
static struct ev evs[64];
static size_t	 nevs;

static void
record(enum iface_event ev, const struct iface *ifp, const struct xprefix *a,
    void *arg)
{
	struct ev	*e;

	(*(int *)arg)++;
	if (nevs >= sizeof(evs) / sizeof(evs[0]))
		return;
	e = &evs[nevs++];
	e->ev = ev;
	e->ifindex = ifp->ifindex;
	snprintf(e->name, sizeof(e->name), "%s", ifp->name);
	e->addr[0] = '\0';
	if (a != NULL)
		prefix_format(a, e->addr, sizeof(e->addr));
	e->naddrs = ifp->naddrs;
}

static struct iface
mk(int idx, const char *name, unsigned flags, uint8_t oper)
{
	struct iface	 t;

	memset(&t, 0, sizeof(t));
	t.ifindex = idx;
	snprintf(t.name, sizeof(t.name), "%s", name);
	t.flags = flags;
	t.operstate = oper;
	t.mtu = 1500;
	t.type = 1;
	return t;
}

static struct xprefix
pfx(const char *s)
{
	struct xprefix	 p;

	memset(&p, 0, sizeof(p));
	if (prefix_parse(s, &p, 0) < 0)
		fprintf(stderr, "bad prefix %s\n", s);
	return p;
}

static void
collect(const struct iface *ifp, void *arg)
{
	char	*buf = arg;

	if (*buf)
		strncat(buf, ",", 255 - strlen(buf));
	strncat(buf, ifp->name, 255 - strlen(buf));
}

static void
test_up_states(void)
{
	struct iface	 t;

	t = mk(1, "lo", IFF_UP | IFF_RUNNING | IFF_LOOPBACK, IF_OPER_UNKNOWN);
	T_ASSERT(iface_admin_up(&t));
	T_ASSERT(iface_oper_up(&t));
	t = mk(2, "eth0", IFF_UP, IF_OPER_DOWN);
	T_ASSERT(iface_admin_up(&t));
	T_ASSERT(!iface_oper_up(&t));
	t = mk(2, "eth0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	T_ASSERT(iface_oper_up(&t));
	t = mk(2, "eth0", 0, IF_OPER_DOWN);
	T_ASSERT(!iface_admin_up(&t));
	T_ASSERT(!iface_oper_up(&t));
	/* unknown without RUNNING (no carrier): down */
	t = mk(3, "dummy0", IFF_UP, IF_OPER_UNKNOWN);
	T_ASSERT(!iface_oper_up(&t));
	/* lower layer down: RUNNING alone does not make it up */
	t = mk(3, "veth0", IFF_UP | IFF_RUNNING, IF_OPER_LOWERLAYERDOWN);
	T_ASSERT(!iface_oper_up(&t));
}

static void
test_table(void)
{
	struct iface		 t;
	const struct iface	*ifp;
	struct xprefix		 a;
	char			 names[256];
	int			 n = 0, h;

	nevs = 0;
	h = iface_subscribe(record, &n);
	T_ASSERT(h >= 0);

	t = mk(2, "eth1", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	T_EQ_INT(iface_put(&t), 0);
	t = mk(1, "lo", IFF_UP | IFF_RUNNING | IFF_LOOPBACK, IF_OPER_UNKNOWN);
	T_EQ_INT(iface_put(&t), 0);
	t = mk(3, "eth0", IFF_UP, IF_OPER_DOWN);
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(iface_count(), 3);
	T_EQ_INT(n, 3);
	T_EQ_INT(evs[0].ev, IFACE_EV_LINK);
	T_EQ_STR(evs[1].name, "lo");

	names[0] = '\0';
	iface_foreach(collect, names);
	T_EQ_STR(names, "eth0,eth1,lo");

	T_ASSERT((ifp = iface_by_name("eth1")) != NULL);
	T_EQ_INT(ifp->ifindex, 2);
	T_ASSERT(iface_by_name("eth9") == NULL);
	T_ASSERT(iface_by_name(NULL) == NULL);
	T_ASSERT((ifp = iface_by_index(3)) != NULL);
	T_EQ_STR(ifp->name, "eth0");
	T_ASSERT(iface_by_index(99) == NULL);
	/* a new interface has seen no transition */
	T_EQ_INT(ifp->transitions, 0);
	T_EQ_INT(ifp->last_change, 0);

	/* the same again: no event */
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 3);
	/* counters only: the table takes them, no event */
	t.stats.rx_packets = 42;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 3);
	T_EQ_INT(iface_by_index(3)->stats.rx_packets, 42);

	/* eth0 comes up: a transition, an event */
	t.flags |= IFF_RUNNING;
	t.operstate = IF_OPER_UP;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 4);
	ifp = iface_by_index(3);
	T_EQ_INT(ifp->transitions, 1);
	T_ASSERT(ifp->last_change != 0);
	T_ASSERT(ifp->last_change_mono > 0);
	/* mtu only: an event, no transition */
	t.mtu = 9000;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 5);
	T_EQ_INT(iface_by_index(3)->transitions, 1);
	T_EQ_INT(iface_by_index(3)->mtu, 9000);
	/* admin down: a second transition */
	t.flags &= ~(unsigned)(IFF_UP | IFF_RUNNING);
	t.operstate = IF_OPER_DOWN;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(iface_by_index(3)->transitions, 2);

	/* addresses: kept in order, duplicates ignored, with events */
	a = pfx("192.0.2.1/24");
	T_EQ_INT(iface_addr_add(2, &a), 0);
	a = pfx("2001:db8::1/64");
	T_EQ_INT(iface_addr_add(2, &a), 0);
	a = pfx("192.0.2.1/24");
	T_EQ_INT(iface_addr_add(2, &a), 0);
	a = pfx("198.18.0.1/15");
	T_EQ_INT(iface_addr_add(2, &a), 0);
	ifp = iface_by_index(2);
	T_EQ_INT(ifp->naddrs, 3);
	T_EQ_INT(ifp->addrs[0].len, 24);
	T_EQ_INT(evs[nevs - 1].ev, IFACE_EV_ADDR_ADD);
	T_EQ_STR(evs[nevs - 1].addr, "198.18.0.1/15");
	T_EQ_INT(evs[nevs - 1].naddrs, 3);
	/* the same address with another length is another address */
	a = pfx("192.0.2.1/25");
	T_EQ_INT(iface_addr_del(2, &a), 0);
	T_EQ_INT(iface_by_index(2)->naddrs, 3);
	a = pfx("192.0.2.1/24");
	n = 0;
	T_EQ_INT(iface_addr_del(2, &a), 0);
	T_EQ_INT(n, 1);
	T_EQ_INT(evs[nevs - 1].ev, IFACE_EV_ADDR_DEL);
	T_EQ_STR(evs[nevs - 1].addr, "192.0.2.1/24");
	T_EQ_INT(evs[nevs - 1].naddrs, 2);
	ifp = iface_by_index(2);
	T_EQ_INT(ifp->naddrs, 2);
	T_EQ_INT(ifp->addrs[0].addr.af, AF_V6);
	/* an unknown index: nothing, no event */
	T_EQ_INT(iface_addr_add(77, &a), 0);
	T_EQ_INT(iface_addr_del(77, &a), 0);
	T_EQ_INT(n, 1);

	/* rename: back into name order, an event */
	t = mk(2, "wan0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 2);
	T_ASSERT(iface_by_name("eth1") == NULL);
	T_EQ_INT(iface_by_name("wan0")->naddrs, 2);
	names[0] = '\0';
	iface_foreach(collect, names);
	T_EQ_STR(names, "eth0,lo,wan0");

	/* a name taken over by a new index: the stale one goes */
	t = mk(9, "eth0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	n = 0;
	nevs = 0;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 2);
	T_EQ_INT(evs[0].ev, IFACE_EV_GONE);
	T_EQ_INT(evs[0].ifindex, 3);
	T_EQ_INT(evs[1].ev, IFACE_EV_LINK);
	T_EQ_INT(iface_by_name("eth0")->ifindex, 9);
	T_ASSERT(iface_by_index(3) == NULL);
	T_EQ_INT(iface_count(), 3);

	/* delete: addresses first, then the link */
	n = 0;
	nevs = 0;
	iface_del(2);
	T_EQ_INT(n, 3);
	T_EQ_INT(evs[0].ev, IFACE_EV_ADDR_DEL);
	T_EQ_INT(evs[1].ev, IFACE_EV_ADDR_DEL);
	T_EQ_INT(evs[1].naddrs, 0);
	T_EQ_INT(evs[2].ev, IFACE_EV_GONE);
	T_EQ_STR(evs[2].name, "wan0");
	T_ASSERT(iface_by_index(2) == NULL);
	iface_del(2);
	T_EQ_INT(n, 3);

	/* clear: every link gone, with events */
	a = pfx("127.0.0.1/8");
	T_EQ_INT(iface_addr_add(1, &a), 0);
	n = 0;
	iface_clear();
	T_EQ_INT(n, 3);
	T_EQ_INT(iface_count(), 0);
	T_ASSERT(iface_by_name("lo") == NULL);

	/* unsubscribed: silent */
	iface_unsubscribe(h);
	n = 0;
	t = mk(1, "lo", IFF_UP, IF_OPER_UNKNOWN);
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(n, 0);
	iface_clear();
}

static int	 order[4], norder;

static void
first(enum iface_event ev, const struct iface *ifp, const struct xprefix *a,
    void *arg)
{
	(void)ev; (void)ifp; (void)a;
	order[norder++ % 4] = *(int *)arg;
}

static void
test_subscribers(void)
{
	struct iface	 t;
	int		 one = 1, two = 2, three = 3, h1, h2, h3;

	h1 = iface_subscribe(first, &one);
	h2 = iface_subscribe(first, &two);
	T_ASSERT(h1 >= 0 && h2 >= 0 && h1 != h2);
	T_EQ_INT(iface_subscribe(NULL, NULL), -1);
	t = mk(5, "x", IFF_UP, 0);
	norder = 0;
	T_EQ_INT(iface_put(&t), 0);
	T_EQ_INT(norder, 2);
	T_EQ_INT(order[0], 1);
	T_EQ_INT(order[1], 2);
	/* a freed handle is reused */
	iface_unsubscribe(h1);
	h3 = iface_subscribe(first, &three);
	T_EQ_INT(h3, h1);
	iface_unsubscribe(h2);
	iface_unsubscribe(h3);
	iface_unsubscribe(-1);
	iface_unsubscribe(1000);
	norder = 0;
	iface_clear();
	T_EQ_INT(norder, 0);
}

static void
test_many(void)
{
	struct iface	 t;
	char		 name[IFACE_NAME_MAX], names[256];
	int		 i;

	/* past the first growth of the array, inserted in reverse */
	for (i = 40; i >= 1; i--) {
		snprintf(name, sizeof(name), "v%02d", i);
		t = mk(100 + i, name, 0, 0);
		T_EQ_INT(iface_put(&t), 0);
	}
	T_EQ_INT(iface_count(), 40);
	T_EQ_INT(iface_by_name("v17")->ifindex, 117);
	T_EQ_INT(iface_by_name("v01")->ifindex, 101);
	T_EQ_INT(iface_by_name("v40")->ifindex, 140);
	names[0] = '\0';
	iface_foreach(collect, names);
	T_ASSERT(strncmp(names, "v01,v02,v03,", 12) == 0);
	iface_clear();
	T_EQ_INT(iface_count(), 0);
}

int
main(void)
{
	test_up_states();
	test_table();
	test_subscribers();
	test_many();
	return T_DONE();
}
