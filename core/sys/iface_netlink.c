/*
 * iface_netlink: the interface table from the kernel over rtnetlink
 * (libmnl).  One NETLINK_ROUTE socket subscribed to the link and address
 * groups: a dump of links, then of addresses (both families), then every
 * notification as it arrives on the event loop.  When the socket overruns
 * (ENOBUFS: the kernel dropped notifications) the dump is done again and
 * what it no longer brings is swept away.
 *
 * The kernel is trusted no more than a peer: every attribute goes through
 * mnl_attr_validate, every length is checked, and only datagrams from the
 * kernel (port 0) are read (another process may write to our port).
 */
#include <errno.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>

#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/sys/iface.h"
#include "core/sys/iface_nl.h"
#include "core/sys/nl_msgs.h"

#define NL_RCVBUF	(4 * 1024 * 1024)	/* room for a burst */
#define NL_DUMP_TRIES	3		/* overruns in a row before giving up */
#define NL_READS	64		/* datagrams per wakeup, then others */
#define NL_RETRY	1		/* seconds before a failed re-read again */

static struct mnl_socket *nl;
static struct loop_timer *nl_t_retry;
static unsigned		  nl_seq;
static unsigned long	  nl_malformed, nl_resyncs;
static int		  nl_rcvbuf = NL_RCVBUF;
/* 64 KiB: the kernel sizes dump datagrams by the largest read buffer */
static char		  nl_buf[65536] __attribute__((aligned(8)));

/* ---- parsing ---- */

struct link_tb {
	const struct nlattr	*a[IFLA_MAX + 1];
};

static int
link_attr(const struct nlattr *attr, void *data)
{
	struct link_tb	*tb = data;
	uint16_t	 type = mnl_attr_get_type(attr);
	int		 r = 0;

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;	/* newer than us: not needed */
	switch (type) {
	case IFLA_IFNAME:
		r = mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
		break;
	case IFLA_MTU:
		r = mnl_attr_validate(attr, MNL_TYPE_U32);
		break;
	case IFLA_OPERSTATE:
		r = mnl_attr_validate(attr, MNL_TYPE_U8);
		break;
	case IFLA_ADDRESS:
	case IFLA_STATS64:
	case IFLA_STATS:
		r = mnl_attr_validate(attr, MNL_TYPE_BINARY);
		break;
	case IFLA_LINKINFO:
		r = mnl_attr_validate(attr, MNL_TYPE_NESTED);
		break;
	default:
		return MNL_CB_OK;
	}
	if (r < 0)
		return MNL_CB_ERROR;
	tb->a[type] = attr;
	return MNL_CB_OK;
}

static int
linkinfo_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr	**kind = data;

	if (mnl_attr_get_type(attr) != IFLA_INFO_KIND)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
		return MNL_CB_ERROR;
	*kind = attr;
	return MNL_CB_OK;
}

/*
 * libmnl's walks stop quietly at the first attribute that runs past its
 * container: a message cut or lying about a length would pass as a
 * shorter one.  This walk says whether the attributes fill it exactly.
 */
static int
attrs_whole(const void *payload, size_t len)
{
	const struct nlattr	*a = payload;
	long			 left = (long)len;

	while (left > 0) {
		if (!mnl_attr_ok(a, (int)left))
			return 0;
		left -= (long)MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return 1;
}

/* A string attribute into a buffer, NUL or not: -1 if it does not fit. */
static int
attr_str(const struct nlattr *attr, char *dst, size_t dstlen)
{
	const char	*s = mnl_attr_get_payload(attr);
	size_t		 len = mnl_attr_get_payload_len(attr), n;

	for (n = 0; n < len && s[n] != '\0'; n++)
		;
	if (n == 0 || n >= dstlen)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* The same, cut to fit. */
static void
attr_str_cut(const struct nlattr *attr, char *dst, size_t dstlen)
{
	const char	*s = mnl_attr_get_payload(attr);
	size_t		 len = mnl_attr_get_payload_len(attr), n;

	for (n = 0; n < len && n + 1 < dstlen && s[n] != '\0'; n++)
		;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The kernel's two counter layouts have the same field names. */
#define STATS_COPY(st, k) do {						\
	(st)->rx_packets = (k).rx_packets;				\
	(st)->tx_packets = (k).tx_packets;				\
	(st)->rx_bytes = (k).rx_bytes;					\
	(st)->tx_bytes = (k).tx_bytes;					\
	(st)->rx_errors = (k).rx_errors;				\
	(st)->tx_errors = (k).tx_errors;				\
	(st)->rx_dropped = (k).rx_dropped;				\
	(st)->tx_dropped = (k).tx_dropped;				\
	(st)->multicast = (k).multicast;				\
	(st)->collisions = (k).collisions;				\
	(st)->rx_crc_errors = (k).rx_crc_errors;			\
	(st)->rx_frame_errors = (k).rx_frame_errors;			\
	(st)->rx_fifo_errors = (k).rx_fifo_errors;			\
	(st)->tx_carrier_errors = (k).tx_carrier_errors;		\
} while (0)

/* An older kernel's structure is shorter: the rest stays 0. */
static void
payload_copy(void *dst, size_t dstlen, const struct nlattr *attr)
{
	size_t	 len = mnl_attr_get_payload_len(attr);

	memset(dst, 0, dstlen);
	memcpy(dst, mnl_attr_get_payload(attr), len < dstlen ? len : dstlen);
}

static void
stats_from64(struct iface_stats *st, const struct nlattr *attr)
{
	struct rtnl_link_stats64 k;

	payload_copy(&k, sizeof(k), attr);
	STATS_COPY(st, k);
}

static void
stats_from32(struct iface_stats *st, const struct nlattr *attr)
{
	struct rtnl_link_stats k;

	payload_copy(&k, sizeof(k), attr);
	STATS_COPY(st, k);
}

int
iface_nl_parse_link(const struct nlmsghdr *nlh, struct iface *t)
{
	const struct ifinfomsg	*ifi;
	const struct iface	*known;
	const struct nlattr	*kind = NULL;
	struct link_tb		 tb;
	size_t			 ml;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return 1;
	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*ifi)))
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	/* a bridge's port events (AF_BRIDGE) say nothing of the link */
	if (ifi->ifi_family != AF_UNSPEC)
		return 1;
	if (ifi->ifi_index <= 0)
		return -1;
	memset(&tb, 0, sizeof(tb));
	if (!attrs_whole(mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifi)),
	    mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(*ifi))) ||
	    mnl_attr_parse(nlh, sizeof(*ifi), link_attr, &tb) != MNL_CB_OK)
		return -1;

	memset(t, 0, sizeof(*t));
	t->ifindex = ifi->ifi_index;
	t->flags = ifi->ifi_flags;
	t->type = ifi->ifi_type;
	if (tb.a[IFLA_IFNAME] != NULL) {
		if (attr_str(tb.a[IFLA_IFNAME], t->name, sizeof(t->name)) < 0)
			return -1;
	} else if ((known = iface_by_index(t->ifindex)) != NULL)
		memcpy(t->name, known->name, sizeof(t->name));
	else if (nlh->nlmsg_type == RTM_NEWLINK)
		return -1;	/* a new link with no name */
	if (tb.a[IFLA_MTU] != NULL)
		t->mtu = mnl_attr_get_u32(tb.a[IFLA_MTU]);
	if (tb.a[IFLA_OPERSTATE] != NULL)
		t->operstate = mnl_attr_get_u8(tb.a[IFLA_OPERSTATE]);
	if (tb.a[IFLA_ADDRESS] != NULL) {
		ml = mnl_attr_get_payload_len(tb.a[IFLA_ADDRESS]);
		if (ml > sizeof(t->mac))
			return -1;
		memcpy(t->mac, mnl_attr_get_payload(tb.a[IFLA_ADDRESS]), ml);
		t->maclen = (uint8_t)ml;
	}
	if (tb.a[IFLA_STATS64] != NULL)
		stats_from64(&t->stats, tb.a[IFLA_STATS64]);
	else if (tb.a[IFLA_STATS] != NULL)
		stats_from32(&t->stats, tb.a[IFLA_STATS]);
	if (tb.a[IFLA_LINKINFO] != NULL) {
		if (!attrs_whole(mnl_attr_get_payload(tb.a[IFLA_LINKINFO]),
		    mnl_attr_get_payload_len(tb.a[IFLA_LINKINFO])) ||
		    mnl_attr_parse_nested(tb.a[IFLA_LINKINFO], linkinfo_attr,
		    &kind) != MNL_CB_OK)
			return -1;
		/* a kind longer than the field is cut, not refused */
		if (kind != NULL)
			attr_str_cut(kind, t->kind, sizeof(t->kind));
	}
	return 0;
}

static int
addr_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr	**tb = data;
	uint16_t		 type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFA_MAX) < 0)
		return MNL_CB_OK;
	if (type != IFA_ADDRESS && type != IFA_LOCAL)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_BINARY) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int
iface_nl_parse_addr(const struct nlmsghdr *nlh, int *ifindex,
    struct xprefix *p)
{
	const struct ifaddrmsg	*ifa;
	const struct nlattr	*tb[IFA_MAX + 1], *a;
	size_t			 alen;

	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR)
		return 1;
	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*ifa)))
		return -1;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family == AF_INET)
		alen = 4;
	else if (ifa->ifa_family == AF_INET6)
		alen = 16;
	else
		return 1;
	if (ifa->ifa_prefixlen > alen * 8 || ifa->ifa_index == 0 ||
	    ifa->ifa_index > (unsigned)INT32_MAX)
		return -1;
	memset(tb, 0, sizeof(tb));
	if (!attrs_whole(mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifa)),
	    mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(sizeof(*ifa))) ||
	    mnl_attr_parse(nlh, sizeof(*ifa), addr_attr, tb) != MNL_CB_OK)
		return -1;
	/*
	 * IFA_LOCAL is the interface's own address; IFA_ADDRESS is the
	 * peer's on a point-to-point link and the same as local elsewhere
	 * (IPv6 sends only IFA_ADDRESS but on point-to-point).
	 */
	if ((a = tb[IFA_LOCAL]) == NULL && (a = tb[IFA_ADDRESS]) == NULL)
		return -1;
	if (mnl_attr_get_payload_len(a) != alen)
		return -1;
	memset(p, 0, sizeof(*p));
	p->addr.af = alen == 4 ? AF_V4 : AF_V6;
	memcpy(p->addr.a, mnl_attr_get_payload(a), alen);
	p->len = ifa->ifa_prefixlen;
	*ifindex = (int)ifa->ifa_index;
	return 0;
}

/* ---- the sweep of a full dump ---- */

struct seen_addr {
	int		 ifindex;
	struct xprefix	 p;
};

static struct {
	int		  on, failed;
	int		 *links;
	size_t		  nlinks, caplinks;
	struct seen_addr *addrs;
	size_t		  naddrs, capaddrs;
} sw;

static void
seen_link(int ifindex)
{
	int	*n;
	size_t	 cap;

	if (!sw.on || sw.failed)
		return;
	if (sw.nlinks == sw.caplinks) {
		cap = sw.caplinks ? sw.caplinks * 2 : 64;
		if ((n = realloc(sw.links, cap * sizeof(*n))) == NULL) {
			sw.failed = 1;
			return;
		}
		sw.links = n;
		sw.caplinks = cap;
	}
	sw.links[sw.nlinks++] = ifindex;
}

static void
seen_addr(int ifindex, const struct xprefix *p)
{
	struct seen_addr *n;
	size_t		  cap;

	if (!sw.on || sw.failed)
		return;
	if (sw.naddrs == sw.capaddrs) {
		cap = sw.capaddrs ? sw.capaddrs * 2 : 64;
		if ((n = realloc(sw.addrs, cap * sizeof(*n))) == NULL) {
			sw.failed = 1;
			return;
		}
		sw.addrs = n;
		sw.capaddrs = cap;
	}
	sw.addrs[sw.naddrs].ifindex = ifindex;
	sw.addrs[sw.naddrs].p = *p;
	sw.naddrs++;
}

void
iface_nl_sweep_begin(void)
{
	sw.on = 1;
	sw.failed = 0;
	sw.nlinks = sw.naddrs = 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen_addr *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return prefix_cmp(&x->p, &y->p);
}

/* What the table holds beyond the dump, gathered before any removal. */
struct stale {
	struct seen_addr *v;
	size_t		  n, cap;
	int		  failed;
};

static void
stale_push(struct stale *s, int ifindex, const struct xprefix *p)
{
	struct seen_addr *n;
	size_t		  cap;

	if (s->failed)
		return;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 16;
		if ((n = realloc(s->v, cap * sizeof(*n))) == NULL) {
			s->failed = 1;
			return;
		}
		s->v = n;
		s->cap = cap;
	}
	s->v[s->n].ifindex = ifindex;
	if (p != NULL)
		s->v[s->n].p = *p;
	else
		memset(&s->v[s->n].p, 0, sizeof(s->v[s->n].p));
	s->n++;
}

static void
stale_links(const struct iface *ifp, void *arg)
{
	if (bsearch(&ifp->ifindex, sw.links, sw.nlinks, sizeof(int),
	    cmp_int) == NULL)
		stale_push(arg, ifp->ifindex, NULL);
}

static void
stale_addrs(const struct iface *ifp, void *arg)
{
	struct seen_addr key;
	size_t		 i;

	key.ifindex = ifp->ifindex;
	for (i = 0; i < ifp->naddrs; i++) {
		key.p = ifp->addrs[i];
		if (bsearch(&key, sw.addrs, sw.naddrs, sizeof(key),
		    cmp_seen) == NULL)
			stale_push(arg, ifp->ifindex, &ifp->addrs[i]);
	}
}

void
iface_nl_sweep_end(int apply)
{
	struct stale	 s;
	size_t		 i;

	if (apply && sw.on && !sw.failed) {
		memset(&s, 0, sizeof(s));
		if (sw.nlinks > 0)
			qsort(sw.links, sw.nlinks, sizeof(int), cmp_int);
		if (sw.naddrs > 0)
			qsort(sw.addrs, sw.naddrs, sizeof(*sw.addrs),
			    cmp_seen);
		iface_foreach(stale_links, &s);
		for (i = 0; i < s.n && !s.failed; i++)
			iface_del(s.v[i].ifindex);
		s.n = 0;
		iface_foreach(stale_addrs, &s);
		for (i = 0; i < s.n && !s.failed; i++)
			iface_addr_del(s.v[i].ifindex, &s.v[i].p);
		free(s.v);
	}
	free(sw.links);
	free(sw.addrs);
	memset(&sw, 0, sizeof(sw));
}

/* ---- applying ---- */

int
iface_nl_apply(const struct nlmsghdr *nlh)
{
	struct iface	 t;
	struct xprefix	 p;
	int		 r, ifindex;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if ((r = iface_nl_parse_link(nlh, &t)) != 0)
			return r < 0 ? -1 : 0;
		if (nlh->nlmsg_type == RTM_DELLINK) {
			iface_del(t.ifindex);
			return 0;
		}
		seen_link(t.ifindex);
		return iface_put(&t) < 0 ? -2 : 0;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if ((r = iface_nl_parse_addr(nlh, &ifindex, &p)) != 0)
			return r < 0 ? -1 : 0;
		if (nlh->nlmsg_type == RTM_DELADDR)
			return iface_addr_del(ifindex, &p) < 0 ? -2 : 0;
		seen_addr(ifindex, &p);
		return iface_addr_add(ifindex, &p) < 0 ? -2 : 0;
	default:
		return 0;
	}
}

static int
apply_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	switch (iface_nl_apply(nlh)) {
	case -1:
		nl_malformed++;
		log_debug("rtnetlink: malformed message type %u skipped",
		    (unsigned)nlh->nlmsg_type);
		break;
	case -2:
		/* the table is short of what the kernel has: a dump
		   later would fix it, but memory is gone already */
		log_warnx("interfaces: out of memory, table incomplete");
		break;
	}
	return MNL_CB_OK;
}

int
iface_nl_feed(const void *buf, size_t len)
{
	/*
	 * Sequence and port are not checked: a notification carries those
	 * of the request that caused it (someone's `ip`), not ours.
	 */
	return mnl_cb_run(buf, nl_whole_messages(buf, len, &nl_malformed),
	    0, 0, apply_cb, NULL);
}

unsigned long
iface_nl_malformed(void)
{
	return nl_malformed;
}

unsigned long
iface_nl_resyncs(void)
{
	return nl_resyncs;
}

void
iface_nl_set_rcvbuf(int bytes)
{
	nl_rcvbuf = bytes > 0 ? bytes : NL_RCVBUF;
}

/* ---- the socket ---- */

/*
 * One datagram from the kernel: its length, 0 when nothing is waiting
 * (nonblocking), -1 with errno (ENOBUFS: an overrun).
 */
static ssize_t
nl_read(int dontwait)
{
	ssize_t	 n;
	int	 cut;

	for (;;) {
		n = nl_recv_kernel(mnl_socket_get_fd(nl), nl_buf,
		    sizeof(nl_buf), dontwait ? MSG_DONTWAIT : 0, &cut,
		    &nl_malformed);
		if (n < 0 && !dontwait &&
		    (errno == EAGAIN || errno == EWOULDBLOCK))
			errno = ETIMEDOUT;
		/* a cut datagram is lost */
		if (n > 0 && cut) {
			nl_malformed++;
			continue;
		}
		return n;
	}
}

/* Asks for a dump of type (RTM_GETLINK, RTM_GETADDR) and applies it. */
static int
nl_dump(uint16_t type)
{
	char		 req[128] __attribute__((aligned(8)));
	struct nlmsghdr	*nlh;
	ssize_t		 n;
	int		 r, overrun = 0;

	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++nl_seq;
	/* AF_UNSPEC: every family (IPv4 and IPv6 addresses) */
	if (type == RTM_GETLINK) {
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh,
		    sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
	} else {
		struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh,
		    sizeof(*ifa));
		ifa->ifa_family = AF_UNSPEC;
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	/*
	 * An overrun in the middle still reads the dump to its end: the
	 * socket takes no second dump while one runs.  The caller then
	 * starts over.
	 */
	for (;;) {
		if ((n = nl_read(0)) < 0) {
			if (errno == ENOBUFS) {
				overrun = 1;
				continue;
			}
			return -1;
		}
		r = iface_nl_feed(nl_buf, (size_t)n);
		if (r == MNL_CB_ERROR)
			return -1;
		if (r == MNL_CB_STOP) {
			if (!overrun)
				return 0;
			errno = ENOBUFS;
			return -1;
		}
	}
}

/* Links, then addresses, with the sweep; again after an overrun. */
static int
nl_resync(void)
{
	int	 i, r = -1, e = 0;

	for (i = 0; i < NL_DUMP_TRIES; i++) {
		nl_resyncs++;
		iface_nl_sweep_begin();
		r = nl_dump(RTM_GETLINK);
		if (r == 0)
			r = nl_dump(RTM_GETADDR);
		e = errno;
		iface_nl_sweep_end(r == 0);
		if (r == 0 || e != ENOBUFS)
			break;
	}
	errno = e;
	return r;
}

static void nl_resync_or_retry(void);

static void
nl_retry(void *arg)
{
	(void)arg;
	nl_t_retry = NULL;
	if (nl != NULL)
		nl_resync_or_retry();
}

/* A failed re-read (changes storming on) is tried again a bit later:
   until it succeeds the table may miss what the lost messages said. */
static void
nl_resync_or_retry(void)
{
	if (nl_resync() == 0)
		return;
	log_warnx("interfaces: rtnetlink dump: %s, again in %d s",
	    strerror(errno), NL_RETRY);
	if (nl_t_retry == NULL)
		nl_t_retry = loop_timer_add(NL_RETRY, nl_retry, NULL);
}

static void
nl_readable(int fd, short revents, void *arg)
{
	ssize_t	 n;
	int	 i;

	(void)fd;
	(void)revents;
	(void)arg;
	for (i = 0; i < NL_READS && nl != NULL; i++) {
		if ((n = nl_read(1)) == 0)
			return;
		if (n > 0) {
			iface_nl_feed(nl_buf, (size_t)n);
			continue;
		}
		if (errno == ENOBUFS) {
			log_info("interfaces: rtnetlink overrun, reading "
			    "the table again");
			nl_resync_or_retry();
			return;
		}
		log_warnx("interfaces: rtnetlink read: %s", strerror(errno));
		return;
	}
}

int
iface_netlink_start(char *err, size_t errlen)
{
	struct timeval	 tv = { 2, 0 };
	int		 sz = nl_rcvbuf, fd;

	if (nl != NULL)
		return 0;
	if ((nl = mnl_socket_open(NETLINK_ROUTE)) == NULL) {
		snprintf(err, errlen, "rtnetlink socket: %s", strerror(errno));
		return -1;
	}
	fd = mnl_socket_get_fd(nl);
	/* FORCE passes rmem_max when we may (root); else what we get */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	/* a dump never blocks the loop for long */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (mnl_socket_bind(nl, RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
	    RTMGRP_IPV6_IFADDR, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "rtnetlink bind: %s", strerror(errno));
		goto fail;
	}
	if (nl_resync() < 0) {
		snprintf(err, errlen, "rtnetlink dump: %s", strerror(errno));
		goto fail;
	}
	if (loop_fd_add(fd, POLLIN, nl_readable, NULL) < 0) {
		snprintf(err, errlen, "rtnetlink: event loop full");
		goto fail;
	}
	return 0;
fail:
	mnl_socket_close(nl);
	nl = NULL;
	iface_clear();
	return -1;
}

int
iface_netlink_running(void)
{
	return nl != NULL;
}

int
iface_netlink_refresh(void)
{
	if (nl == NULL)
		return 0;
	/* what is queued first, so the dump is newer than all of it */
	nl_readable(mnl_socket_get_fd(nl), POLLIN, NULL);
	if (nl == NULL)
		return 0;
	return nl_resync();
}

void
iface_netlink_stop(void)
{
	if (nl == NULL)
		return;
	loop_timer_cancel(nl_t_retry);
	nl_t_retry = NULL;
	loop_fd_del(mnl_socket_get_fd(nl));
	mnl_socket_close(nl);
	nl = NULL;
	iface_clear();
}
