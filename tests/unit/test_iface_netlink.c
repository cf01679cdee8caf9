/*
 * test_iface_netlink: crafted rtnetlink messages (built with libmnl as
 * the kernel would) into the parser and the table, hostile ones too; the
 * sweep of a dump; and a read of the host's own loopback.
 */
#include <arpa/inet.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "core/lib/loop.h"
#include "core/sys/iface.h"
#include "core/sys/iface_nl.h"
#include "t.h"

static char	 buf[8192] __attribute__((aligned(8)));

static struct nlmsghdr *
link_msg(void *at, uint16_t type, int idx, unsigned flags, uint8_t family)
{
	struct nlmsghdr		*nlh = mnl_nlmsg_put_header(at);
	struct ifinfomsg	*ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = 4711;		/* someone else's request */
	nlh->nlmsg_pid = 12345;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = family;
	ifi->ifi_type = ARPHRD_ETHER;
	ifi->ifi_index = idx;
	ifi->ifi_flags = flags;
	return nlh;
}

static struct nlmsghdr *
veth(void *at, int idx, const char *name, unsigned flags, uint8_t oper)
{
	struct nlmsghdr			*nlh;
	struct nlattr			*nest;
	struct rtnl_link_stats64	 st;
	uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

	nlh = link_msg(at, RTM_NEWLINK, idx, flags, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, oper);
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	memset(&st, 0, sizeof(st));
	st.rx_packets = 10;
	st.tx_packets = 20;
	st.rx_bytes = 1000;
	st.tx_bytes = 2000;
	st.rx_crc_errors = 3;
	st.collisions = 4;
	mnl_attr_put(nlh, IFLA_STATS64, sizeof(st), &st);
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);
	/* an attribute from a newer kernel: ignored */
	mnl_attr_put_u32(nlh, 999, 7);
	return nlh;
}

static struct nlmsghdr *
addr_msg(void *at, uint16_t type, int family, int idx, const char *a,
    int plen, int local)
{
	struct nlmsghdr		*nlh = mnl_nlmsg_put_header(at);
	struct ifaddrmsg	*ifa;
	uint8_t			 raw[16];

	nlh->nlmsg_type = type;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (unsigned)idx;
	inet_pton(family, a, raw);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, raw);
	if (local)
		mnl_attr_put(nlh, IFA_LOCAL, 4, raw);
	return nlh;
}

static int
feed(const struct nlmsghdr *nlh)
{
	return iface_nl_feed(nlh, nlh->nlmsg_len);
}

static void
test_link(void)
{
	struct nlmsghdr		*nlh;
	const struct iface	*ifp;
	struct iface		 t;

	nlh = veth(buf, 7, "veth0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), 0);
	T_EQ_INT(t.ifindex, 7);
	T_EQ_STR(t.name, "veth0");
	T_EQ_STR(t.kind, "veth");
	T_EQ_INT(t.mtu, 1500);
	T_EQ_INT(t.maclen, 6);
	T_EQ_INT(t.mac[5], 0x30);
	T_EQ_INT(t.type, ARPHRD_ETHER);
	T_EQ_INT(t.stats.tx_bytes, 2000);
	T_EQ_INT(t.stats.rx_crc_errors, 3);
	T_EQ_INT(t.stats.collisions, 4);

	T_EQ_INT(feed(nlh), MNL_CB_OK);
	T_ASSERT((ifp = iface_by_name("veth0")) != NULL);
	T_ASSERT(ifp && iface_oper_up(ifp));
	T_EQ_INT(ifp ? ifp->stats.rx_packets : 0, 10);

	/* down: a transition */
	nlh = veth(buf, 7, "veth0", IFF_UP, IF_OPER_DOWN);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	ifp = iface_by_index(7);
	T_ASSERT(ifp && !iface_oper_up(ifp));
	T_EQ_INT(ifp ? ifp->transitions : 0, 1);

	/* a bridge port's RTM_DELLINK is not the link going */
	nlh = link_msg(buf, RTM_DELLINK, 7, 0, AF_BRIDGE);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	T_ASSERT(iface_by_index(7) != NULL);

	/* a link with only the 32-bit counters and no name, known */
	nlh = link_msg(buf, RTM_NEWLINK, 7, IFF_UP | IFF_RUNNING, AF_UNSPEC);
	{
		struct rtnl_link_stats s32;

		memset(&s32, 0, sizeof(s32));
		s32.rx_packets = 99;
		mnl_attr_put(nlh, IFLA_STATS, sizeof(s32), &s32);
	}
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	ifp = iface_by_index(7);
	T_EQ_STR(ifp ? ifp->name : "", "veth0");
	T_EQ_INT(ifp ? ifp->stats.rx_packets : 0, 99);

	/* and gone */
	nlh = link_msg(buf, RTM_DELLINK, 7, 0, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth0");
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	T_ASSERT(iface_by_index(7) == NULL);
	T_EQ_INT(iface_count(), 0);
}

static void
test_addr(void)
{
	struct nlmsghdr		*nlh;
	const struct iface	*ifp;
	struct xprefix		 p;
	char			 s[PREFIX_STRLEN];
	int			 idx;

	feed(veth(buf, 3, "eth0", IFF_UP | IFF_RUNNING, IF_OPER_UP));
	/* IPv4: IFA_LOCAL is ours, IFA_ADDRESS a peer's on p2p */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 3, "198.18.0.1", 24, 1);
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), 0);
	prefix_format(&p, s, sizeof(s));
	T_EQ_STR(s, "198.18.0.1/24");
	T_EQ_INT(idx, 3);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET6, 3, "fe80::1", 64, 0);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET6, 3, "2001:db8::1", 64, 0);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	ifp = iface_by_index(3);
	T_EQ_INT(ifp ? ifp->naddrs : 0, 3);
	if (ifp && ifp->naddrs == 3) {
		prefix_format(&ifp->addrs[2], s, sizeof(s));
		T_EQ_STR(s, "2001:db8::1/64");
	}
	/* an address of another family (e.g. DECnet, MPLS): skipped */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 3, "198.18.0.9", 24, 0);
	((struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh))->ifa_family = 12;
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), 1);
	nlh = addr_msg(buf, RTM_DELADDR, AF_INET6, 3, "fe80::1", 64, 0);
	T_EQ_INT(feed(nlh), MNL_CB_OK);
	ifp = iface_by_index(3);
	T_EQ_INT(ifp ? ifp->naddrs : 0, 2);
	/* the link going takes its addresses */
	feed(link_msg(buf, RTM_DELLINK, 3, 0, AF_UNSPEC));
	T_EQ_INT(iface_count(), 0);
}

/* Each one is skipped and counted; the table is untouched. */
static void
test_hostile(void)
{
	struct nlmsghdr		*nlh;
	struct nlattr		*nest;
	unsigned long		 m0;
	struct iface		 t;
	struct xprefix		 p;
	int			 idx;
	size_t			 len;
	char			 longname[40];

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	m0 = iface_nl_malformed();

	/* a name without its NUL */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth5");
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* a name longer than IFNAMSIZ */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, longname);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* an empty name */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "");
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* an MTU of two bytes */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* an operstate of four bytes */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	mnl_attr_put_u32(nlh, IFLA_OPERSTATE, 6);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* a hardware address of 40 bytes */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(longname), longname);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* a nest whose inner attribute runs past it */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);
	((struct nlattr *)((char *)nest + MNL_ATTR_HDRLEN))->nla_len = 200;
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* a nest of three bytes */
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	mnl_attr_put(nlh, IFLA_LINKINFO, 3, "abc");
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* a message shorter than its ifinfomsg */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, 8);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	/* no index, and a new link without a name */
	nlh = link_msg(buf, RTM_NEWLINK, 0, IFF_UP, AF_UNSPEC);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth5");
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	nlh = link_msg(buf, RTM_NEWLINK, 5, IFF_UP, AF_UNSPEC);
	T_EQ_INT(iface_nl_parse_link(nlh, &t), -1);
	feed(nlh);
	T_EQ_INT(iface_count(), 0);
	T_EQ_INT(iface_nl_malformed() - m0, 11);

	/* addresses: a known link first */
	feed(veth(buf, 5, "eth5", IFF_UP | IFF_RUNNING, IF_OPER_UP));
	m0 = iface_nl_malformed();
	/* a v4 address of 5 bytes */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 24, 0);
	mnl_attr_put(nlh, IFA_LOCAL, 5, "abcde");
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), -1);
	feed(nlh);
	/* a v6 address in 4 bytes */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 64, 0);
	((struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh))->ifa_family =
	    AF_INET6;
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), -1);
	feed(nlh);
	/* a prefix length of 33 */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 33, 0);
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), -1);
	feed(nlh);
	/* no address at all */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	((struct ifaddrmsg *)mnl_nlmsg_put_extra_header(nlh,
	    sizeof(struct ifaddrmsg)))->ifa_family = AF_INET;
	((struct ifaddrmsg *)mnl_nlmsg_get_payload(nlh))->ifa_index = 5;
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), -1);
	feed(nlh);
	/* an attribute whose length runs past the message */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 24, 0);
	((struct nlattr *)mnl_nlmsg_get_payload_offset(nlh,
	    sizeof(struct ifaddrmsg)))->nla_len = 100;
	T_EQ_INT(iface_nl_parse_addr(nlh, &idx, &p), -1);
	feed(nlh);
	T_EQ_INT(iface_by_index(5)->naddrs, 0);
	T_EQ_INT(iface_nl_malformed() - m0, 5);

	/* a length past 2 GiB (libmnl's own check takes it as negative) */
	m0 = iface_nl_malformed();
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 24, 0);
	len = nlh->nlmsg_len;
	nlh->nlmsg_len = 0x80000010u;
	(void)iface_nl_feed(buf, len);
	T_EQ_INT(iface_nl_malformed() - m0, 1);
	/* a message longer than the buffer: mnl_cb_run stops at it */
	nlh = addr_msg(buf, RTM_NEWADDR, AF_INET, 5, "198.18.0.1", 24, 0);
	(void)iface_nl_feed(buf, nlh->nlmsg_len - 4);
	T_EQ_INT(iface_by_index(5)->naddrs, 0);
	iface_clear();
}

static void
test_batch_and_sweep(void)
{
	struct nlmsghdr	*nlh;
	size_t		 off = 0;
	struct xprefix	 p;

	/* a dump datagram: several messages, then DONE */
	nlh = veth(buf + off, 1, "a0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = veth(buf + off, 2, "b0", IFF_UP | IFF_RUNNING, IF_OPER_UP);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = addr_msg(buf + off, RTM_NEWADDR, AF_INET, 1, "10.1.0.1", 16, 1);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = addr_msg(buf + off, RTM_NEWADDR, AF_INET, 2, "10.2.0.1", 16, 1);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = mnl_nlmsg_put_header(buf + off);
	nlh->nlmsg_type = NLMSG_DONE;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	T_EQ_INT(iface_nl_feed(buf, off), MNL_CB_STOP);
	T_EQ_INT(iface_count(), 2);

	/* a second dump without b0 nor a0's address: both swept */
	iface_nl_sweep_begin();
	feed(veth(buf, 1, "a0", IFF_UP | IFF_RUNNING, IF_OPER_UP));
	feed(addr_msg(buf, RTM_NEWADDR, AF_INET, 1, "10.1.0.2", 16, 1));
	iface_nl_sweep_end(1);
	T_EQ_INT(iface_count(), 1);
	T_ASSERT(iface_by_name("b0") == NULL);
	T_EQ_INT(iface_by_index(1)->naddrs, 1);
	prefix_parse("10.1.0.2/16", &p, 0);
	T_EQ_INT(prefix_cmp(&iface_by_index(1)->addrs[0], &p), 0);

	/* an abandoned sweep removes nothing */
	iface_nl_sweep_begin();
	iface_nl_sweep_end(0);
	T_EQ_INT(iface_count(), 1);
	iface_clear();
}

static void
test_host(void)
{
	char			 err[128];
	const struct iface	*lo;
	struct xprefix		 p;
	size_t			 i;
	int			 found = 0;

	err[0] = '\0';
	if (iface_netlink_start(err, sizeof(err)) < 0) {
		fprintf(stderr, "skip host read: %s\n", err);
		return;
	}
	T_ASSERT(iface_netlink_running());
	/* every namespace has a loopback */
	T_ASSERT((lo = iface_by_name("lo")) != NULL);
	if (lo != NULL) {
		T_ASSERT(lo->flags & IFF_LOOPBACK);
		prefix_parse("127.0.0.1/8", &p, 0);
		for (i = 0; i < lo->naddrs; i++)
			if (prefix_cmp(&lo->addrs[i], &p) == 0)
				found = 1;
		/* down in a fresh namespace: then it has no address */
		T_ASSERT(found || !iface_admin_up(lo));
	}
	T_EQ_INT(iface_netlink_refresh(), 0);
	T_ASSERT(iface_by_name("lo") != NULL);
	iface_netlink_stop();
	T_ASSERT(!iface_netlink_running());
	T_EQ_INT(iface_count(), 0);
	T_EQ_INT(iface_netlink_refresh(), 0);
}

/*
 * Random damage to valid messages (a fixed seed, so a failure repeats):
 * nothing may crash or read outside the buffer (run it under ASan), and
 * whatever is accepted leaves a table of sane entries.
 */
static void
check_sane(const struct iface *ifp, void *arg)
{
	size_t	 i;

	(*(int *)arg) += ifp->ifindex > 0 && ifp->name[0] != '\0' &&
	    strlen(ifp->name) < sizeof(ifp->name) &&
	    strlen(ifp->kind) < sizeof(ifp->kind) &&
	    ifp->maclen <= sizeof(ifp->mac) ? 0 : 1;
	for (i = 0; i < ifp->naddrs; i++)
		(*(int *)arg) += ifp->addrs[i].len <=
		    (ifp->addrs[i].addr.af == AF_V4 ? 32 : 128) ? 0 : 1;
}

static void
test_mutations(void)
{
	static char	 orig[1024] __attribute__((aligned(8)));
	struct nlmsghdr	*nlh;
	unsigned	 seed = 17, k, i, n, pos;
	size_t		 len;
	int		 bad = 0;

	for (k = 0; k < 20000; k++) {
		switch (k % 3) {
		case 0:
			nlh = veth(orig, 1 + k % 5, "m0", IFF_UP, IF_OPER_UP);
			break;
		case 1:
			nlh = addr_msg(orig, RTM_NEWADDR, AF_INET6, 1 + k % 5,
			    "2001:db8::1", 64, 0);
			break;
		default:
			nlh = addr_msg(orig, RTM_DELADDR, AF_INET, 1 + k % 5,
			    "198.18.0.1", 24, 1);
			break;
		}
		len = nlh->nlmsg_len;
		memcpy(buf, orig, len);
		n = 1 + rand_r(&seed) % 4;
		for (i = 0; i < n; i++) {
			pos = (unsigned)rand_r(&seed) % len;
			buf[pos] = (char)rand_r(&seed);
		}
		/* sometimes cut the datagram short */
		if (rand_r(&seed) % 4 == 0)
			len = (size_t)rand_r(&seed) % len;
		(void)iface_nl_feed(buf, len);
	}
	iface_foreach(check_sane, &bad);
	T_EQ_INT(bad, 0);
	iface_clear();
}

/* ip(8) in our own namespace, quietly: 0 or -1 */
static int
sh(const char *cmd)
{
	char	 line[256];

	snprintf(line, sizeof(line), "%s >/dev/null 2>&1", cmd);
	return system(line) == 0 ? 0 : -1;
}

/*
 * An overrun, for real: in a network namespace of this process only
 * (root; skipped otherwise), with a receive buffer too small for a burst
 * of links made while the loop does not read.  The re-dump brings what
 * the lost notifications said, and sweeps a link deleted meanwhile.
 */
static void
test_overrun(void)
{
	char		 err[128], cmd[128];
	unsigned long	 r0;
	int		 i;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "skip overrun: needs root for a namespace\n");
		return;
	}
	if (sh("ip link add xo0 type veth peer name xo1") < 0) {
		fprintf(stderr, "skip overrun: no ip(8) or no veth\n");
		return;
	}
	iface_nl_set_rcvbuf(1024);	/* the kernel's minimum */
	T_EQ_INT(iface_netlink_start(err, sizeof(err)), 0);
	T_ASSERT(iface_by_name("xo0") != NULL);
	r0 = iface_nl_resyncs();
	for (i = 0; i < 40; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add xq%d type veth peer "
		    "name xr%d", i, i);
		if (sh(cmd) < 0)
			break;
	}
	T_EQ_INT(i, 40);
	/* last, into a full buffer: only the sweep can see it go */
	T_ASSERT(sh("ip link del xo0") == 0);
	/* until the loop has read everything waiting */
	for (i = 0; i < 100 && loop_run_once(0) > 0; i++)
		;
	T_ASSERT(iface_nl_resyncs() > r0);
	T_EQ_INT(iface_count(), 81);	/* lo and 40 pairs */
	T_ASSERT(iface_by_name("xo0") == NULL);
	T_ASSERT(iface_by_name("xo1") == NULL);
	T_ASSERT(iface_by_name("xq39") != NULL);
	T_ASSERT(iface_by_name("xr0") != NULL);
	iface_netlink_stop();
	iface_nl_set_rcvbuf(0);
}

int
main(void)
{
	test_link();
	test_addr();
	test_hostile();
	test_batch_and_sweep();
	test_mutations();
	test_host();
	test_overrun();
	return T_DONE();
}
