/*
 * test_fib_netlink: the rtnetlink messages of the kernel FIB writer, byte
 * by byte, without a kernel; the queue's coalescing by prefix; and, as
 * root, the writer against a real kernel table in a network namespace of
 * a forked child's own (unshare: anonymous, gone with the child; routes
 * via lo and blackholes only, so nothing could ever leave it), with
 * routes of ours deleted by "another process" (a socket of the test's)
 * and put back by a reconcile, and crafted, cut and mutated route
 * notifications fed to the watcher.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "core/sys/fib_netlink.h"
#include "tests/unit/t.h"

static const struct nlattr *tb[RTA_MAX + 1];

static int
attr_cb(const struct nlattr *a, void *data)
{
	(void)data;
	if (mnl_attr_type_valid(a, RTA_MAX) > 0)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* Parses a built message; its rtmsg. */
static const struct rtmsg *
parse(const void *buf, size_t n)
{
	const struct nlmsghdr	*nlh = buf;

	memset(tb, 0, sizeof(tb));
	T_EQ_INT(nlh->nlmsg_len, n);
	if (mnl_attr_parse(nlh, sizeof(struct rtmsg), attr_cb, NULL) !=
	    MNL_CB_OK)
		return NULL;
	return mnl_nlmsg_get_payload(nlh);
}

static void
route(struct fib_route *r, const char *pfx)
{
	memset(r, 0, sizeof(*r));
	T_EQ_INT(prefix_parse(pfx, &r->pfx, 0), 0);
}

static void
nh(struct fib_route *r, const char *gw, int ifindex)
{
	struct fib_nh	*h = &r->nh[r->nnh++];

	memset(h, 0, sizeof(*h));
	if (gw != NULL)
		T_EQ_INT(addr_parse(gw, &h->gw), 0);
	h->ifindex = ifindex;
}

static int
attr_is(int type, const void *data, size_t len)
{
	return tb[type] != NULL && mnl_attr_get_payload_len(tb[type]) == len &&
	    memcmp(mnl_attr_get_payload(tb[type]), data, len) == 0;
}

static void
test_unicast_v4(void)
{
	char			 buf[1024];
	struct fib_route	 r;
	const struct nlmsghdr	*nlh = (void *)buf;
	const struct rtmsg	*rtm;
	const uint8_t		 dst[4] = { 198, 18, 5, 0 };
	const uint8_t		 gw[4] = { 198, 18, 1, 2 };
	size_t			 n;

	route(&r, "198.18.5.0/24");
	nh(&r, "198.18.1.2", 7);
	n = fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH,
	    NLM_F_CREATE | NLM_F_EXCL, 42);
	T_ASSERT(n > 0);
	rtm = parse(buf, n);
	T_ASSERT(rtm != NULL);
	if (rtm == NULL)
		return;
	T_EQ_INT(nlh->nlmsg_type, RTM_NEWROUTE);
	T_EQ_INT(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	T_EQ_INT(nlh->nlmsg_seq, 42);
	T_EQ_INT(rtm->rtm_family, AF_INET);
	T_EQ_INT(rtm->rtm_dst_len, 24);
	T_EQ_INT(rtm->rtm_table, 254);
	T_EQ_INT(rtm->rtm_protocol, 201);
	T_EQ_INT(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	T_EQ_INT(rtm->rtm_type, RTN_UNICAST);
	T_ASSERT(attr_is(RTA_DST, dst, 4));
	T_ASSERT(attr_is(RTA_GATEWAY, gw, 4));
	T_ASSERT(tb[RTA_OIF] != NULL && mnl_attr_get_u32(tb[RTA_OIF]) == 7);
	T_ASSERT(tb[RTA_PRIORITY] != NULL &&
	    mnl_attr_get_u32(tb[RTA_PRIORITY]) == FIB_METRIC);
	T_ASSERT(tb[RTA_TABLE] == NULL);
	T_ASSERT(tb[RTA_MULTIPATH] == NULL);
	/* the exact size: header 16, rtmsg 12, 4 attributes of 8 */
	T_EQ_INT(n, 16 + 12 + 8 * 4);

	/* a buffer one byte short takes nothing */
	T_EQ_INT(fib_nl_build(buf, n - 1, 0, &r, 254, FIB_PROTO_XRSH, 0, 1),
	    0);
	T_EQ_INT(fib_nl_build(buf, 20, 0, &r, 254, FIB_PROTO_XRSH, 0, 1), 0);
}

static void
test_direct_and_table(void)
{
	char			 buf[1024];
	struct fib_route	 r;
	const struct rtmsg	*rtm;
	size_t			 n;

	route(&r, "198.18.6.0/24");
	nh(&r, NULL, 3);
	n = fib_nl_build(buf, sizeof(buf), 0, &r, 1000, FIB_PROTO_XRSH, 0, 1);
	T_ASSERT(n > 0);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	/* out of an interface only: on-link */
	T_EQ_INT(rtm->rtm_scope, RT_SCOPE_LINK);
	T_ASSERT(tb[RTA_GATEWAY] == NULL);
	T_ASSERT(tb[RTA_OIF] != NULL && mnl_attr_get_u32(tb[RTA_OIF]) == 3);
	/* a table above 255 only in RTA_TABLE */
	T_EQ_INT(rtm->rtm_table, RT_TABLE_UNSPEC);
	T_ASSERT(tb[RTA_TABLE] != NULL &&
	    mnl_attr_get_u32(tb[RTA_TABLE]) == 1000);

	n = fib_nl_build(buf, sizeof(buf), 0, &r, 100, FIB_PROTO_XRSH, 0, 1);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	T_EQ_INT(rtm->rtm_table, 100);
	T_ASSERT(tb[RTA_TABLE] == NULL);
}

static void
test_blackhole(void)
{
	char			 buf[1024];
	struct fib_route	 r;
	const struct rtmsg	*rtm;
	size_t			 n;

	route(&r, "198.18.7.0/24");
	r.nh[0].blackhole = 1;
	r.nnh = 1;
	n = fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH, 0, 1);
	T_ASSERT(n > 0);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	T_EQ_INT(rtm->rtm_type, RTN_BLACKHOLE);
	T_EQ_INT(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	T_ASSERT(tb[RTA_GATEWAY] == NULL && tb[RTA_OIF] == NULL &&
	    tb[RTA_MULTIPATH] == NULL);
}

static void
test_multipath(void)
{
	char			 buf[1024];
	struct fib_route	 r;
	const struct rtmsg	*rtm;
	const struct rtnexthop	*rtnh;
	const struct nlattr	*a;
	const uint8_t		 gw1[4] = { 198, 18, 1, 2 };
	const uint8_t		 gw2[4] = { 198, 18, 2, 2 };
	size_t			 n, left;

	route(&r, "198.18.8.0/24");
	nh(&r, "198.18.1.2", 4);
	nh(&r, "198.18.2.2", 5);
	n = fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH,
	    NLM_F_CREATE | NLM_F_REPLACE, 1);
	T_ASSERT(n > 0);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	T_ASSERT(tb[RTA_GATEWAY] == NULL && tb[RTA_OIF] == NULL);
	T_ASSERT(tb[RTA_MULTIPATH] != NULL);
	if (tb[RTA_MULTIPATH] == NULL)
		return;
	/* two rtnexthop of 8 bytes, each followed by RTA_GATEWAY (8) */
	left = mnl_attr_get_payload_len(tb[RTA_MULTIPATH]);
	T_EQ_INT(left, 2 * (8 + 8));
	rtnh = mnl_attr_get_payload(tb[RTA_MULTIPATH]);
	T_EQ_INT(rtnh->rtnh_len, 16);
	T_EQ_INT(rtnh->rtnh_ifindex, 4);
	T_EQ_INT(rtnh->rtnh_hops, 0);
	a = (const struct nlattr *)((const char *)rtnh + RTNH_ALIGN(
	    sizeof(*rtnh)));
	T_EQ_INT(mnl_attr_get_type(a), RTA_GATEWAY);
	T_ASSERT(memcmp(mnl_attr_get_payload(a), gw1, 4) == 0);
	rtnh = (const struct rtnexthop *)((const char *)rtnh +
	    RTNH_ALIGN(rtnh->rtnh_len));
	T_EQ_INT(rtnh->rtnh_len, 16);
	T_EQ_INT(rtnh->rtnh_ifindex, 5);
	a = (const struct nlattr *)((const char *)rtnh + RTNH_ALIGN(
	    sizeof(*rtnh)));
	T_EQ_INT(mnl_attr_get_type(a), RTA_GATEWAY);
	T_ASSERT(memcmp(mnl_attr_get_payload(a), gw2, 4) == 0);
}

static void
test_v6_and_delete(void)
{
	char			 buf[1024];
	struct fib_route	 r;
	const struct nlmsghdr	*nlh = (void *)buf;
	const struct rtmsg	*rtm;
	size_t			 n;

	route(&r, "2001:db8:1::/48");
	nh(&r, "fe80::1", 9);
	n = fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH, 0, 1);
	T_ASSERT(n > 0);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	T_EQ_INT(rtm->rtm_family, AF_INET6);
	T_EQ_INT(rtm->rtm_dst_len, 48);
	T_ASSERT(tb[RTA_DST] != NULL &&
	    mnl_attr_get_payload_len(tb[RTA_DST]) == 16);
	T_ASSERT(tb[RTA_GATEWAY] != NULL &&
	    mnl_attr_get_payload_len(tb[RTA_GATEWAY]) == 16);

	/* a gateway of the other family can't be said */
	route(&r, "198.18.9.0/24");
	nh(&r, "2001:db8::1", 2);
	T_EQ_INT(fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH,
	    0, 1), 0);
	/* nor no next hop at all */
	route(&r, "198.18.9.0/24");
	T_EQ_INT(fib_nl_build(buf, sizeof(buf), 0, &r, 254, FIB_PROTO_XRSH,
	    0, 1), 0);

	/* a delete: only our protocol and metric, any scope and type */
	n = fib_nl_build(buf, sizeof(buf), 1, &r, 254, FIB_PROTO_XRSH, 0, 5);
	T_ASSERT(n > 0);
	if ((rtm = parse(buf, n)) == NULL)
		return;
	T_EQ_INT(nlh->nlmsg_type, RTM_DELROUTE);
	T_EQ_INT(rtm->rtm_protocol, 201);
	T_EQ_INT(rtm->rtm_scope, RT_SCOPE_NOWHERE);
	T_EQ_INT(rtm->rtm_type, RTN_UNSPEC);
	T_ASSERT(tb[RTA_PRIORITY] != NULL &&
	    mnl_attr_get_u32(tb[RTA_PRIORITY]) == FIB_METRIC);
	T_ASSERT(tb[RTA_GATEWAY] == NULL);
}

static void
test_queue(void)
{
	struct fib_nl		*f;
	struct fib_route	 r;
	struct fib_stats	 st;
	char			 err[128];

	/* an unprivileged socket opens and binds; nothing is sent here */
	if ((f = fib_nl_open(254, FIB_PROTO_XRSH, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "test_queue skipped: %s\n", err);
		return;
	}
	route(&r, "198.18.10.0/24");
	nh(&r, "198.18.1.2", 0);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	r.nh[0].ifindex = 3;
	T_EQ_INT(fib_nl_set(f, &r), 0);
	/* one prefix, one operation */
	T_EQ_INT(fib_nl_pending(f), 1);
	/* host bits are the same prefix */
	T_EQ_INT(prefix_parse("198.18.10.7/24", &r.pfx, 0), 0);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_pending(f), 1);
	route(&r, "2001:db8::/32");
	nh(&r, "2001:db8:ffff::1", 0);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_pending(f), 2);
	/* a delete of a prefix never installed drops its queued set */
	T_EQ_INT(fib_nl_del(f, &r.pfx), 0);
	T_EQ_INT(fib_nl_pending(f), 1);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 0);
	/* refused at queueing: no next hop, a gateway of the other family */
	route(&r, "198.18.11.0/24");
	T_EQ_INT(fib_nl_set(f, &r), -1);
	nh(&r, "2001:db8::1", 0);
	T_EQ_INT(fib_nl_set(f, &r), -1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.pending, 1);
	T_EQ_INT(st.installed, 0);
	T_EQ_INT(st.table, 254);
	fib_nl_abandon(f);
	T_ASSERT(fib_nl_open(0, FIB_PROTO_XRSH, err, sizeof(err)) == NULL);
}

static int
lo_up(void)
{
	struct ifreq	 ifr;
	int		 fd, rc = -1;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

static struct fib_nl *
open_or_die(uint32_t table, uint8_t proto)
{
	struct fib_nl	*f;
	char		 err[128];

	if ((f = fib_nl_open(table, proto, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fib_nl_open: %s\n", err);
		_exit(1);
	}
	return f;
}

static void
bh(struct fib_route *r, const char *pfx)
{
	route(r, pfx);
	r->nh[0].blackhole = 1;
	r->nnh = 1;
}

/* In the child, inside its own network namespace. */
static void
kernel_checks(void)
{
	struct fib_nl		*f, *g;
	struct fib_route	 r;
	struct fib_stats	 st;
	int			 lo = (int)if_nametoindex("lo");

	T_ASSERT(lo > 0);
	f = open_or_die(254, FIB_PROTO_XRSH);
	T_EQ_INT(fib_nl_purge_stale(f), 0);
	route(&r, "10.1.0.0/16");
	nh(&r, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	bh(&r, "10.2.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	route(&r, "10.3.0.0/16");
	nh(&r, "127.0.0.2", lo);
	nh(&r, "127.0.0.3", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	bh(&r, "2001:db8:1::/48");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.installed, 4);
	T_EQ_INT(st.adds, 4);
	T_EQ_INT(st.errors, 0);
	T_EQ_INT(st.pending, 0);
	T_EQ_INT(st.batches, 1);
	/* a change is a replace; the same next hops again send nothing */
	route(&r, "10.1.0.0/16");
	nh(&r, "127.0.0.3", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.changes, 1);
	T_EQ_INT(st.messages, 5);
	/* a crash: the next run's purge finds the four */
	fib_nl_abandon(f);
	f = open_or_die(254, FIB_PROTO_XRSH);
	T_EQ_INT(fib_nl_purge_stale(f), 4);
	T_EQ_INT(fib_nl_purge_stale(f), 0);
	fib_nl_close(f);

	/* another protocol's routes: never purged, never replaced */
	g = open_or_die(254, RTPROT_STATIC);
	bh(&r, "10.5.0.0/16");
	T_EQ_INT(fib_nl_set(g, &r), 0);
	bh(&r, "10.6.0.0/16");
	T_EQ_INT(fib_nl_set(g, &r), 0);
	T_EQ_INT(fib_nl_flush(g), 0);
	fib_nl_abandon(g);
	f = open_or_die(254, FIB_PROTO_XRSH);
	T_EQ_INT(fib_nl_purge_stale(f), 0);
	/* ours at their prefix and metric: refused, not installed */
	route(&r, "10.6.0.0/16");
	nh(&r, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	route(&r, "10.7.0.0/16");
	nh(&r, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 1);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 1);
	route(&r, "10.6.0.0/16");
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 0);
	T_EQ_INT(fib_nl_del(f, &r.pfx), 0);
	T_EQ_INT(fib_nl_pending(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.errors, 1);
	T_ASSERT(strstr(st.last_error, "add 10.6.0.0/16: File exists") !=
	    NULL);
	fib_nl_close(f);
	/* theirs are both still there: a purge of their protocol sees 2 */
	g = open_or_die(254, RTPROT_STATIC);
	T_EQ_INT(fib_nl_purge_stale(g), 2);
	fib_nl_close(g);

	/* a table above 255, and a route deleted behind our back */
	f = open_or_die(1000, FIB_PROTO_XRSH);
	bh(&r, "10.8.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	bh(&r, "10.9.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	g = open_or_die(254, FIB_PROTO_XRSH);
	T_EQ_INT(fib_nl_purge_stale(g), 0);	/* not in main */
	fib_nl_close(g);
	g = open_or_die(1000, FIB_PROTO_XRSH);
	bh(&r, "10.9.0.0/16");
	T_EQ_INT(fib_nl_set(g, &r), 0);
	T_EQ_INT(fib_nl_flush(g), 1);	/* EEXIST: ours from f */
	fib_nl_abandon(g);
	g = open_or_die(1000, FIB_PROTO_XRSH);
	T_EQ_INT(fib_nl_purge_stale(g), 2);
	fib_nl_close(g);
	/* gone already: the deletes at close are not errors */
	fib_nl_stats(f, &st);
	T_EQ_INT(st.installed, 2);
	route(&r, "10.8.0.0/16");
	T_EQ_INT(fib_nl_del(f, &r.pfx), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.installed, 1);
	T_EQ_INT(st.deletes, 1);
	fib_nl_close(f);
}

/* Sends one route message (built as the writer builds it) from a socket
 * of its own, as `ip route` would; the kernel's answer (0, -errno). */
/* What another process does to r at our metric: FOREIGN_ADD (never over
 * a route there), FOREIGN_DEL, FOREIGN_REPLACE (`ip route replace`).
 * 0, or the kernel's -errno. */
#define FOREIGN_ADD	0
#define FOREIGN_DEL	1
#define FOREIGN_REPLACE	2
static int
foreign_op(int what, const struct fib_route *r, uint32_t table,
    uint8_t proto)
{
	char			 buf[8192] __attribute__((aligned(8)));
	struct mnl_socket	*nl;
	struct nlmsghdr		*nlh = (struct nlmsghdr *)buf;
	const struct nlmsgerr	*e;
	size_t			 n;
	ssize_t			 got;
	int			 rc = -EIO;

	n = fib_nl_build(buf, sizeof(buf), what == FOREIGN_DEL, r, table,
	    proto, NLM_F_REQUEST | NLM_F_ACK | (what == FOREIGN_DEL ? 0 :
	    what == FOREIGN_ADD ? NLM_F_CREATE | NLM_F_EXCL :
	    NLM_F_CREATE | NLM_F_REPLACE), 1);
	if (n == 0 || (nl = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		return -EIO;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 &&
	    mnl_socket_sendto(nl, buf, n) == (ssize_t)n &&
	    (got = mnl_socket_recvfrom(nl, buf, sizeof(buf))) >=
	    (ssize_t)(MNL_NLMSG_HDRLEN + sizeof(*e)) &&
	    nlh->nlmsg_type == NLMSG_ERROR) {
		e = mnl_nlmsg_get_payload(nlh);
		rc = e->error;
	}
	mnl_socket_close(nl);
	return rc;
}

/* 1 if a notification waits on f's watcher, 0 if none */
static int
watch_queued(const struct fib_nl *f)
{
	char	 c;

	if (recv(fib_nl_watch_fd(f), &c, 1, MSG_PEEK | MSG_DONTWAIT) >= 0)
		return 1;
	return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
}

/* A DELROUTE of r, as the kernel notifies it, caused by port pid. */
static size_t
del_note(void *buf, size_t len, const struct fib_route *r, uint32_t table,
    uint8_t proto, uint32_t pid)
{
	size_t	 n = fib_nl_build(buf, len, 1, r, table, proto, 0, 0);

	if (n > 0)
		((struct nlmsghdr *)buf)->nlmsg_pid = pid;
	return n;
}

/* A NEWROUTE of r with nlmsg_flags, as notified, caused by port pid. */
static size_t
new_note(void *buf, size_t len, const struct fib_route *r, uint32_t table,
    uint8_t proto, uint16_t flags, uint32_t pid)
{
	size_t	 n = fib_nl_build(buf, len, 0, r, table, proto, flags, 0);

	if (n > 0)
		((struct nlmsghdr *)buf)->nlmsg_pid = pid;
	return n;
}

/*
 * In the child: another process's routes at our prefixes stay theirs; we
 * wait for the prefix (held) and install ours once it is free.
 */
static void
held_checks(void)
{
	struct fib_nl		*f;
	struct fib_route	 r, q, q6;
	struct fib_stats	 st;
	int			 lo = (int)if_nametoindex("lo");

	f = open_or_die(254, FIB_PROTO_XRSH);
	bh(&r, "10.30.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);

	/* `ip route replace ... proto static metric 20` over ours: seen,
	   and theirs stays (the reconcile's first install is refused) */
	T_EQ_INT(foreign_op(FOREIGN_REPLACE, &r, 254, RTPROT_STATIC), 0);
	T_EQ_INT(watch_queued(f), 1);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 0);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 1);
	T_EQ_INT(st.installed, 0);
	T_EQ_INT(st.errors, 1);
	/* their route is still theirs: adding it again says it exists */
	T_EQ_INT(foreign_op(FOREIGN_ADD, &r, 254, RTPROT_STATIC), -EEXIST);
	/* a change of ours meanwhile is a first install again: refused,
	   held again with the new next hop, theirs untouched */
	route(&r, "10.30.0.0/16");
	nh(&r, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 1);
	T_EQ_INT(st.changes, 0);
	/* their delete frees the prefix: ours goes in, with the new hop */
	T_EQ_INT(foreign_op(FOREIGN_DEL, &r, 254, RTPROT_STATIC), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 1);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 0);
	T_EQ_INT(st.reinstalled, 1);
	/* it is ours with that hop: deleting it with our protocol works */
	T_EQ_INT(foreign_op(FOREIGN_DEL, &r, 254, FIB_PROTO_XRSH), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 1);

	/* a prefix someone had before we came: held from the start (v4
	   and v6), and nothing happens on a reconcile while it is held */
	bh(&q, "10.31.0.0/16");
	bh(&q6, "2001:db8:31::/48");
	T_EQ_INT(foreign_op(FOREIGN_ADD, &q, 254, RTPROT_BOOT), 0);
	T_EQ_INT(foreign_op(FOREIGN_ADD, &q6, 254, RTPROT_BOOT), 0);
	T_EQ_INT(fib_nl_watch_read(f), 0);	/* their adds: not ours */
	T_EQ_INT(fib_nl_set(f, &q), 0);
	T_EQ_INT(fib_nl_set(f, &q6), 0);
	T_EQ_INT(fib_nl_flush(f), 2);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 2);
	T_EQ_INT(st.errors, 4);
	T_EQ_INT(fib_nl_reconcile(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 2);
	T_EQ_INT(st.errors, 4);		/* not tried again: still theirs */
	/* the RIB drops one while held: nothing waits for it any more */
	T_EQ_INT(fib_nl_del(f, &q.pfx), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 1);
	T_EQ_INT(foreign_op(FOREIGN_DEL, &q, 254, RTPROT_BOOT), 0);
	T_EQ_INT(fib_nl_watch_read(f), 0);
	T_EQ_INT(fib_nl_installed(f, &q.pfx), 0);
	T_EQ_INT(foreign_op(FOREIGN_DEL, &q6, 254, RTPROT_BOOT), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 1);
	T_EQ_INT(fib_nl_installed(f, &q6.pfx), 1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 0);
	T_EQ_INT(st.installed, 2);
	T_EQ_INT(fib_nl_del(f, &q6.pfx), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	fib_nl_close(f);
}

/* In the child: routes of ours deleted by another process come back. */
static void
watch_checks(void)
{
	struct fib_nl		*f, *g;
	struct fib_route	 r, r6, other;
	struct fib_stats	 st;
	char			 buf[4096] __attribute__((aligned(8)));
	char			 two[8192] __attribute__((aligned(8)));
	size_t			 n, n2, i, cut;
	int			 lo = (int)if_nametoindex("lo"), hits;

	f = open_or_die(254, FIB_PROTO_XRSH);
	T_ASSERT(fib_nl_watch_fd(f) >= 0);
	bh(&r, "10.20.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	route(&other, "10.21.0.0/16");
	nh(&other, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &other), 0);
	bh(&r6, "2001:db8:20::/48");
	T_EQ_INT(fib_nl_set(f, &r6), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	/* our own installs are not someone else's business: the kernel
	   does not even queue them on the watcher (its filter) */
	T_EQ_INT(watch_queued(f), 0);
	T_EQ_INT(fib_nl_watch_read(f), 0);
	T_EQ_INT(fib_nl_reconcile(f), 0);	/* all there */

	/* `ip route del` of one of ours: seen, and put back */
	T_EQ_INT(foreign_op(1, &r, 254, FIB_PROTO_XRSH), 0);
	T_EQ_INT(watch_queued(f), 1);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_watch_read(f), 0);	/* read once */
	T_EQ_INT(fib_nl_reconcile(f), 1);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 1);
	/* really there: another delete finds it */
	T_EQ_INT(foreign_op(1, &r, 254, FIB_PROTO_XRSH), 0);
	/* the IPv6 one too, in the same burst: one reconcile for both */
	T_EQ_INT(foreign_op(1, &r6, 254, FIB_PROTO_XRSH), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 2);
	T_EQ_INT(foreign_op(1, &r6, 254, FIB_PROTO_XRSH), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.reinstalled, 4);
	T_EQ_INT(st.reconciles, 4);
	T_EQ_INT(st.installed, 3);
	T_EQ_INT(st.errors, 0);

	/* our own delete, and a change: nothing to see */
	T_EQ_INT(fib_nl_del(f, &other.pfx), 0);
	route(&r, "10.20.0.0/16");
	nh(&r, "127.0.0.2", lo);
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	T_EQ_INT(watch_queued(f), 0);
	T_EQ_INT(fib_nl_watch_read(f), 0);
	bh(&r, "10.20.0.0/16");
	T_EQ_INT(fib_nl_set(f, &r), 0);
	T_EQ_INT(fib_nl_flush(f), 0);
	/* someone else's route of another protocol: not ours to watch */
	g = open_or_die(254, RTPROT_STATIC);
	bh(&other, "10.22.0.0/16");
	T_EQ_INT(fib_nl_set(g, &other), 0);
	T_EQ_INT(fib_nl_flush(g), 0);
	fib_nl_abandon(g);
	T_EQ_INT(foreign_op(1, &other, 254, RTPROT_STATIC), 0);
	T_EQ_INT(fib_nl_watch_read(f), 0);

	/* deleted and taken by another protocol meanwhile: theirs stays,
	   ours is not installed any more (an error, not an overwrite) */
	T_EQ_INT(foreign_op(1, &r, 254, FIB_PROTO_XRSH), 0);
	T_EQ_INT(foreign_op(0, &r, 254, RTPROT_STATIC), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 0);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 0);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.errors, 1);
	T_EQ_INT(st.reinstalled, 4);
	T_EQ_INT(st.held, 1);
	/* theirs deleted: the prefix is free, ours goes in */
	T_EQ_INT(foreign_op(1, &r, 254, RTPROT_STATIC), 0);
	T_EQ_INT(fib_nl_watch_read(f), 1);
	T_EQ_INT(fib_nl_reconcile(f), 1);
	T_EQ_INT(fib_nl_installed(f, &r.pfx), 1);
	fib_nl_stats(f, &st);
	T_EQ_INT(st.held, 0);
	T_EQ_INT(st.reinstalled, 5);
	T_EQ_INT(fib_nl_del(f, &r.pfx), 0);
	T_EQ_INT(fib_nl_flush(f), 0);

	/* crafted notifications: only another port's delete of an
	   installed prefix of ours, in our table, at our metric counts */
	n = del_note(buf, sizeof(buf), &r6, 254, FIB_PROTO_XRSH, 4242);
	T_ASSERT(n > 0);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 1);
	n = del_note(buf, sizeof(buf), &r6, 254, FIB_PROTO_XRSH, 0);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);	/* the kernel's */
	n = del_note(buf, sizeof(buf), &r6, 1000, FIB_PROTO_XRSH, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);	/* another table */
	n = del_note(buf, sizeof(buf), &r6, 254, RTPROT_BOOT, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);	/* another proto */
	n = del_note(buf, sizeof(buf), &r, 254, FIB_PROTO_XRSH, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);	/* not installed */
	/* a replacement of ours by another protocol counts; a plain add,
	   our own protocol's, the kernel's, another table's do not */
	n = new_note(buf, sizeof(buf), &r6, 254, RTPROT_STATIC,
	    NLM_F_REPLACE, 4242);
	T_ASSERT(n > 0);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 1);
	n = new_note(buf, sizeof(buf), &r6, 254, RTPROT_STATIC,
	    NLM_F_CREATE | NLM_F_EXCL, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);
	n = new_note(buf, sizeof(buf), &r6, 254, FIB_PROTO_XRSH,
	    NLM_F_REPLACE, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);
	n = new_note(buf, sizeof(buf), &r6, 254, RTPROT_STATIC,
	    NLM_F_REPLACE, 0);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);
	n = new_note(buf, sizeof(buf), &r6, 1000, RTPROT_STATIC,
	    NLM_F_REPLACE, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);
	n = new_note(buf, sizeof(buf), &r, 254, RTPROT_STATIC,
	    NLM_F_REPLACE, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, buf, n), 0);	/* not installed */
	/* a second message after one that is not ours */
	n = del_note(two, sizeof(two), &r, 254, FIB_PROTO_XRSH, 4242);
	n2 = del_note(two + MNL_ALIGN(n), sizeof(two) - MNL_ALIGN(n), &r6,
	    254, FIB_PROTO_XRSH, 4242);
	T_EQ_INT(fib_nl_watch_parse(f, two, MNL_ALIGN(n) + n2), 1);
	/* hostile: every truncation, a length past the buffer, a huge
	   one, and random bytes, never read outside what was given */
	for (cut = 0; cut < MNL_ALIGN(n) + n2; cut++) {
		hits = fib_nl_watch_parse(f, two, cut);
		T_ASSERT(hits == 0 || hits == 1);
	}
	T_EQ_INT(fib_nl_watch_parse(f, two, MNL_ALIGN(n) + n2 - 1), 0);
	((struct nlmsghdr *)two)->nlmsg_len = (uint32_t)sizeof(two) + 64;
	T_EQ_INT(fib_nl_watch_parse(f, two, MNL_ALIGN(n) + n2), 0);
	((struct nlmsghdr *)two)->nlmsg_len = 0xfffffff0u;
	T_EQ_INT(fib_nl_watch_parse(f, two, MNL_ALIGN(n) + n2), 0);
	n = del_note(buf, sizeof(buf), &r6, 254, FIB_PROTO_XRSH, 4242);
	srandom(17);
	for (i = 0; i < 20000; i++) {
		memcpy(two, buf, n);
		two[random() % n] = (char)random();
		two[random() % n] = (char)random();
		hits = fib_nl_watch_parse(f, two, n);
		T_ASSERT(hits == 0 || hits == 1);
	}
	fib_nl_close(f);
}

static void
test_kernel(void)
{
	pid_t	 pid;
	int	 status;

	if (geteuid() != 0) {
		fprintf(stderr, "test_kernel skipped: not root\n");
		return;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		T_ASSERT(0);
		return;
	}
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) == -1 || lo_up() == -1) {
			fprintf(stderr, "test_kernel skipped: no network "
			    "namespace\n");
			_exit(77);
		}
		kernel_checks();
		watch_checks();
		held_checks();
		printf("kernel (own netns): ");
		status = T_DONE();
		fflush(NULL);
		_exit(status);
	}
	T_ASSERT(waitpid(pid, &status, 0) == pid);
	T_ASSERT(WIFEXITED(status) && (WEXITSTATUS(status) == 0 ||
	    WEXITSTATUS(status) == 77));
}

int
main(void)
{
	test_unicast_v4();
	test_direct_and_table();
	test_blackhole();
	test_multipath();
	test_v6_and_delete();
	test_queue();
	test_kernel();
	return T_DONE();
}
