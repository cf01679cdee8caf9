/*
 * transport: the sockets under BGP sessions; see transport.h.  Linux only:
 * TCP_MD5SIG, IP_MINTTL and IPV6_MINHOPCOUNT are Linux socket options.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/bgp/proto.h"
#include "core/bgp/transport.h"
#include "core/lib/addr.h"
#include "core/lib/log.h"
#include "core/sys/netns.h"

#define TR_BACKLOG	64
/* RFC 4271 leaves TOS alone; OpenBGPD and FRR mark control traffic. */
#define TR_TOS		IPTOS_PREC_INTERNETCONTROL

static int	 guard_on;

static const uint8_t	 v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

void
bgp_tr_set_loopback_only(int on)
{
	guard_on = on != 0;
}

/*
 * The environment variable turns the guard on even when nobody called
 * bgp_tr_set_loopback_only(1): the test harness exports it, and a test
 * that forgets to pass the option must still be unable to send anything.
 */
int
bgp_tr_loopback_only(void)
{
	const char	*e;

	if (guard_on)
		return 1;
	e = getenv("XRSH_LOOPBACK_ONLY");
	return e != NULL && *e != '\0' && strcmp(e, "0") != 0;
}

static int
is_v4mapped(const struct xaddr *a)
{
	return a->af == AF_V6 && memcmp(a->a, v4mapped, 12) == 0;
}

/* ::ffff:a.b.c.d becomes a.b.c.d; anything else is copied. */
static void
unmap(const struct xaddr *in, struct xaddr *out)
{
	struct xaddr	 t;

	if (is_v4mapped(in)) {
		memset(&t, 0, sizeof(t));
		t.af = AF_V4;
		memcpy(t.a, in->a + 12, 4);
	} else
		t = *in;
	*out = t;
}

int
bgp_tr_is_loopback(const struct xaddr *a)
{
	static const uint8_t	 one[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	struct xaddr		 u;

	if (a == NULL)
		return 0;
	unmap(a, &u);
	if (u.af == AF_V4)
		return u.a[0] == 127;
	if (u.af == AF_V6)
		return memcmp(u.a, one, 16) == 0;
	return 0;
}

enum bgp_tr_nsrule
bgp_tr_ns_rule(uint64_t self, uint64_t init, int test_named)
{
	if (self == 0)
		return TR_NS_SELF_UNREADABLE;
	/* Whatever pid 1 says: the kernel's own number of the initial one. */
	if (self == NETNS_INIT_INO)
		return TR_NS_INITIAL;
	if (init != 0 && self == init)
		return TR_NS_INITIAL;
	/*
	 * Another namespace than pid 1's is not enough (a container that
	 * sees the host's pid 1 has its own, routed out): only one that `ip
	 * netns add xrsh-t-...` made, a test's own, proves itself.
	 */
	if (!test_named)
		return TR_NS_NO_REFERENCE;
	return init != 0 ? TR_NS_OTHER : TR_NS_TEST_NAMED;
}

int
bgp_tr_ns_allows(enum bgp_tr_nsrule r)
{
	return r == TR_NS_OTHER || r == TR_NS_TEST_NAMED;
}

const char *
bgp_tr_ns_describe(enum bgp_tr_nsrule r, uint64_t self, uint64_t init,
    char *buf, size_t len)
{
	unsigned long long	 s = self, i = init;

	switch (r) {
	case TR_NS_SELF_UNREADABLE:
		snprintf(buf, len, "own network namespace unknown "
		    "(/proc/self/ns/net unreadable)");
		break;
	case TR_NS_INITIAL:
		snprintf(buf, len, "initial network namespace (net:[%llu])",
		    s);
		break;
	case TR_NS_NO_REFERENCE:
		snprintf(buf, len, "network namespace net:[%llu] not known "
		    "to be a test's (no /run/netns/" BGP_TR_TEST_NETNS
		    "* of it)", s);
		break;
	case TR_NS_OTHER:
		snprintf(buf, len, "test network namespace (net:[%llu] is a "
		    "/run/netns/" BGP_TR_TEST_NETNS "*, not pid 1's "
		    "net:[%llu])", s, i);
		break;
	case TR_NS_TEST_NAMED:
		snprintf(buf, len, "test network namespace (net:[%llu] is a "
		    "/run/netns/" BGP_TR_TEST_NETNS "*; /proc/1/ns/net "
		    "unreadable)", s);
		break;
	default:
		snprintf(buf, len, "unknown rule");
		break;
	}
	return buf;
}

static struct {
	int			 decided, logged;
	enum bgp_tr_nsrule	 rule;
	uint64_t		 self, init;
} ns;

void
bgp_tr_ns_inject(uint64_t self, uint64_t init, int test_named)
{
	ns.self = self;
	ns.init = init;
	ns.rule = bgp_tr_ns_rule(self, init, test_named);
	ns.decided = 1;
	ns.logged = 0;
}

int
bgp_tr_guard_allows(const struct xaddr *a)
{
	char	 why[200];

	if (!bgp_tr_loopback_only() || bgp_tr_is_loopback(a))
		return 1;
	/* A process does not change namespace under us: read /proc once. */
	if (!ns.decided) {
		uint64_t	 self = netns_self(), init = netns_init();

		bgp_tr_ns_inject(self, init, self != 0 &&
		    netns_named(BGP_TR_TEST_NETNS));
	}
	/*
	 * Once.  Letting an address through is the news; a refusal is
	 * logged by the caller, so the strict rules stay at debug level
	 * (no new line for the many tests that configure such neighbors).
	 */
	if (!ns.logged) {
		ns.logged = 1;
		log_msg(bgp_tr_ns_allows(ns.rule) ? LOG_LVL_INFO :
		    LOG_LVL_DEBUG, "%%ROUTING-BGP-5-LOOPBACK_ONLY : "
		    "XRSH_LOOPBACK_ONLY is set; addresses outside "
		    "loopback %s: %s", bgp_tr_ns_allows(ns.rule) ? "allowed" :
		    "refused", bgp_tr_ns_describe(ns.rule, ns.self, ns.init,
		    why, sizeof(why)));
	}
	return bgp_tr_ns_allows(ns.rule);
}

/* Fills ss from a and port; returns the length, 0 for an unset address. */
static socklen_t
to_sockaddr(const struct xaddr *a, uint16_t port, struct sockaddr_storage *ss)
{
	struct sockaddr_in	*sin;
	struct sockaddr_in6	*sin6;

	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_V4) {
		sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->a, 4);
		return sizeof(*sin);
	}
	if (a->af == AF_V6) {
		sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->a, 16);
		return sizeof(*sin6);
	}
	return 0;
}

/* The reverse; v4-mapped IPv6 comes back as plain IPv4.  -1 if unknown. */
static int
from_sockaddr(const struct sockaddr_storage *ss, struct xaddr *a,
    uint16_t *port)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	struct xaddr			 t;
	uint16_t			 p;

	memset(&t, 0, sizeof(t));
	if (ss->ss_family == AF_INET) {
		sin = (const struct sockaddr_in *)ss;
		t.af = AF_V4;
		memcpy(t.a, &sin->sin_addr, 4);
		p = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)ss;
		t.af = AF_V6;
		memcpy(t.a, &sin6->sin6_addr, 16);
		p = ntohs(sin6->sin6_port);
		unmap(&t, &t);
	} else
		return -1;
	if (a != NULL)
		*a = t;
	if (port != NULL)
		*port = p;
	return 0;
}

static int
sock_domain(int fd)
{
	int		 d;
	socklen_t	 len = sizeof(d);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &len) == -1)
		return -1;
	return d;
}

/* Best effort: a kernel that refuses the TOS still carries the session. */
static void
set_tos(int fd, int domain)
{
	int	 v = TR_TOS;

	if (domain == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &v, sizeof(v));
	else
		(void)setsockopt(fd, IPPROTO_IP, IP_TOS, &v, sizeof(v));
}

/*
 * Installs (keylen > 0) or removes the RFC 2385 key for peer on fd.  The
 * port in tcpm_addr is ignored by the kernel: the key covers every
 * connection to or from that address.
 */
static int
set_md5(int fd, int domain, const struct xaddr *peer, const char *key,
    char *err, size_t errlen)
{
	struct tcp_md5sig	 md;
	struct sockaddr_in6	*sin6;
	struct xaddr		 p;
	char			 a[ADDR_STRLEN];
	size_t			 keylen;

	unmap(peer, &p);
	addr_format(&p, a, sizeof(a));
	keylen = key != NULL ? strlen(key) : 0;
	if (keylen > TCP_MD5SIG_MAXKEYLEN) {
		snprintf(err, errlen, "TCP MD5 key for %s is too long "
		    "(%zu bytes, at most %d)", a, keylen, TCP_MD5SIG_MAXKEYLEN);
		return -1;
	}
	memset(&md, 0, sizeof(md));
	if (domain == AF_INET6 && p.af == AF_V4) {
		/* An IPv4 peer reaches an IPv6 socket as ::ffff:a.b.c.d. */
		sin6 = (struct sockaddr_in6 *)&md.tcpm_addr;
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, v4mapped, 12);
		memcpy((uint8_t *)&sin6->sin6_addr + 12, p.a, 4);
	} else if (to_sockaddr(&p, 0, &md.tcpm_addr) == 0) {
		snprintf(err, errlen, "TCP MD5 key: no peer address");
		return -1;
	}
	md.tcpm_keylen = (uint16_t)keylen;
	if (keylen > 0)
		memcpy(md.tcpm_key, key, keylen);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md, sizeof(md)) == -1) {
		/* Removing a key that was never installed is not an error. */
		if (keylen == 0 && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot %s TCP MD5 key for %s: %s%s",
		    keylen ? "set" : "remove", a, strerror(errno),
		    errno == ENOPROTOOPT ?
		    " (kernel without TCP_MD5SIG support)" : "");
		return -1;
	}
	return 0;
}

/*
 * ttl 0 is the system default, written as -1 because an accepted socket
 * inherits the listener's TTL; GTSM (min_ttl > 0) needs our own packets
 * to leave with 255 (RFC 5082) or the peer's check drops them.  min_ttl 0
 * turns GTSM off.
 */
static int
set_ttl(int fd, int domain, int ttl, int min_ttl, char *err, size_t errlen)
{
	int	 v6 = domain == AF_INET6, v;

	if (ttl < 0 || ttl > 255) {
		snprintf(err, errlen, "TTL %d out of range (0-255)", ttl);
		return -1;
	}
	if (min_ttl < 0 || min_ttl > 255) {
		snprintf(err, errlen, "minimum TTL %d out of range (0-255)",
		    min_ttl);
		return -1;
	}
	if (ttl == 0 && min_ttl > 0)
		ttl = 255;
	v = ttl > 0 ? ttl : -1;
	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
	    v6 ? IPV6_UNICAST_HOPS : IP_TTL, &v, sizeof(v)) == -1) {
		snprintf(err, errlen, "cannot set %s %d: %s",
		    v6 ? "hop limit" : "TTL", ttl, strerror(errno));
		return -1;
	}
	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
	    v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, &min_ttl,
	    sizeof(min_ttl)) == -1 && min_ttl > 0) {
		snprintf(err, errlen, "cannot set ttl-security (%s %d): %s",
		    v6 ? "IPV6_MINHOPCOUNT" : "IP_MINTTL", min_ttl,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
bgp_tr_listen(const struct xaddr *addr, uint16_t port, char *err,
    size_t errlen)
{
	struct sockaddr_storage	 ss;
	struct xaddr		 a;
	socklen_t		 sslen;
	char			 as[ADDR_STRLEN];
	int			 fd, domain, on = 1;

	unmap(addr, &a);
	addr_format(&a, as, sizeof(as));
	if ((sslen = to_sockaddr(&a, port, &ss)) == 0) {
		snprintf(err, errlen, "cannot listen: no address");
		return -1;
	}
	domain = ss.ss_family;
	fd = socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	/* One socket per family: :: must not also take the IPv4 port. */
	if (domain == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    &on, sizeof(on)) == -1)
		goto fail;
	/* Accepted sockets and our SYN-ACKs inherit it. */
	set_tos(fd, domain);
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1)
		goto fail;
	if (listen(fd, TR_BACKLOG) == -1)
		goto fail;
	return fd;

fail:
	snprintf(err, errlen, "cannot listen on %s port %u: %s", as,
	    (unsigned)port, strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}

int
bgp_tr_listen_md5(int lfd, const struct xaddr *peer, const char *key,
    char *err, size_t errlen)
{
	struct xaddr	 p;
	int		 domain;

	if ((domain = sock_domain(lfd)) == -1) {
		snprintf(err, errlen, "TCP MD5 key: not a socket: %s",
		    strerror(errno));
		return -1;
	}
	unmap(peer, &p);
	/* An IPv6 peer can never reach an IPv4 listener: nothing to do. */
	if (domain == AF_INET && p.af == AF_V6)
		return 0;
	if (key != NULL && *key == '\0')
		key = NULL;
	return set_md5(lfd, domain, &p, key, err, errlen);
}

int
bgp_tr_accept(int lfd, struct xaddr *peer, uint16_t *peer_port,
    struct xaddr *local, uint16_t *local_port, char *err, size_t errlen)
{
	struct sockaddr_storage	 ss;
	struct xaddr		 pa, la;
	socklen_t		 len = sizeof(ss);
	uint16_t		 pp, lp;
	char			 as[ADDR_STRLEN];
	int			 fd;

	if (errlen > 0)
		err[0] = '\0';
	memset(&ss, 0, sizeof(ss));
	fd = accept4(lfd, (struct sockaddr *)&ss, &len,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1) {
		/* A connection reset while queued is no error of ours. */
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR || errno == ECONNABORTED)
			return -1;
		snprintf(err, errlen, "accept: %s", strerror(errno));
		return -1;
	}
	if (from_sockaddr(&ss, &pa, &pp) == -1) {
		snprintf(err, errlen, "accept: unexpected address family %d",
		    (int)ss.ss_family);
		close(fd);
		return -1;
	}
	if (!bgp_tr_guard_allows(&pa)) {
		close(fd);
		addr_format(&pa, as, sizeof(as));
		snprintf(err, errlen, "connection from %s refused: "
		    "XRSH_LOOPBACK_ONLY is set (address outside loopback)", as);
		log_warnx("%s", err);
		return -1;
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    from_sockaddr(&ss, &la, &lp) == -1) {
		snprintf(err, errlen, "accept: getsockname: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	set_tos(fd, sock_domain(fd));
	if (peer != NULL)
		*peer = pa;
	if (peer_port != NULL)
		*peer_port = pp;
	if (local != NULL)
		*local = la;
	if (local_port != NULL)
		*local_port = lp;
	return fd;
}

int
bgp_tr_connect(const struct xaddr *peer, const struct bgp_tr_opts *opts,
    char *err, size_t errlen)
{
	static const struct bgp_tr_opts	 defopts = { .port = BGP_PORT };
	struct sockaddr_storage		 ss, ls;
	struct xaddr			 p, l;
	socklen_t			 sslen, lslen;
	char				 as[ADDR_STRLEN], ls_s[ADDR_STRLEN];
	uint16_t			 port;
	int				 fd, domain;

	if (opts == NULL)
		opts = &defopts;
	unmap(peer, &p);
	addr_format(&p, as, sizeof(as));
	/* The guard comes before socket(): nothing may leave the host. */
	if (!bgp_tr_guard_allows(&p)) {
		snprintf(err, errlen, "connection to %s refused: "
		    "XRSH_LOOPBACK_ONLY is set (address outside loopback)", as);
		log_warnx("%s", err);
		return -1;
	}
	port = opts->port != 0 ? opts->port : BGP_PORT;
	if ((sslen = to_sockaddr(&p, port, &ss)) == 0) {
		snprintf(err, errlen, "cannot connect: no peer address");
		return -1;
	}
	domain = ss.ss_family;
	lslen = 0;
	if (opts->local.af != 0) {
		unmap(&opts->local, &l);
		addr_format(&l, ls_s, sizeof(ls_s));
		if (l.af != p.af) {
			snprintf(err, errlen, "cannot connect to %s from %s: "
			    "address families differ", as, ls_s);
			return -1;
		}
		lslen = to_sockaddr(&l, 0, &ls);
	}

	fd = socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "cannot connect to %s port %u: "
		    "socket: %s", as, (unsigned)port, strerror(errno));
		return -1;
	}
	set_tos(fd, domain);
	/* The SYN must already be signed and carry the right TTL. */
	if (opts->md5_key != NULL && opts->md5_key[0] != '\0' &&
	    set_md5(fd, domain, &p, opts->md5_key, err, errlen) == -1)
		goto fail;
	if (set_ttl(fd, domain, opts->ttl, opts->min_ttl, err, errlen) == -1)
		goto fail;
	if (lslen > 0 && bind(fd, (struct sockaddr *)&ls, lslen) == -1) {
		snprintf(err, errlen, "cannot connect to %s port %u: "
		    "cannot bind to %s: %s", as, (unsigned)port, ls_s,
		    strerror(errno));
		goto fail;
	}
	/* EINTR: the connect goes on in the background, like EINPROGRESS. */
	if (connect(fd, (struct sockaddr *)&ss, sslen) == -1 &&
	    errno != EINPROGRESS && errno != EINTR) {
		snprintf(err, errlen, "cannot connect to %s port %u: %s",
		    as, (unsigned)port, strerror(errno));
		goto fail;
	}
	return fd;

fail:
	close(fd);
	return -1;
}

int
bgp_tr_connect_done(int fd, char *err, size_t errlen)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(int);
	int			 e = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1)
		e = errno;
	if (e != 0) {
		snprintf(err, errlen, "%s", strerror(e));
		return -1;
	}
	/* SO_ERROR is also 0 while the handshake is still going on. */
	len = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1) {
		snprintf(err, errlen, "%s", errno == ENOTCONN ?
		    strerror(EINPROGRESS) : strerror(errno));
		return -1;
	}
	return 0;
}

int
bgp_tr_set_ttl(int fd, int af, int ttl, int min_ttl, char *err,
    size_t errlen)
{
	if (af != AF_V4 && af != AF_V6) {
		snprintf(err, errlen, "cannot set TTL: unknown address "
		    "family %d", af);
		return -1;
	}
	return set_ttl(fd, af == AF_V6 ? AF_INET6 : AF_INET, ttl, min_ttl,
	    err, errlen);
}

int
bgp_tr_names(int fd, struct xaddr *local, uint16_t *lport,
    struct xaddr *remote, uint16_t *rport)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    from_sockaddr(&ss, local, lport) == -1)
		return -1;
	len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    from_sockaddr(&ss, remote, rport) == -1)
		return -1;
	return 0;
}

/* "Loopback" followed by digits only: XR's loopback interfaces. */
static int
is_xr_loopback(const char *name)
{
	const char	*p;

	if (strncasecmp(name, "Loopback", 8) != 0 || name[8] == '\0')
		return 0;
	for (p = name + 8; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

int
bgp_tr_if_addr(const char *ifname, int af, struct xaddr *out, char *err,
    size_t errlen)
{
	struct ifaddrs		*ifa, *i;
	struct sockaddr_storage	 ss;
	struct xaddr		 a, found;
	const char		*lname;
	int			 exists = 0, have = 0, lo;

	if (af != AF_V4 && af != AF_V6) {
		snprintf(err, errlen, "interface %s: unknown address family %d",
		    ifname, af);
		return -1;
	}
	lo = is_xr_loopback(ifname);
	lname = lo ? "lo" : ifname;
	if (getifaddrs(&ifa) == -1) {
		snprintf(err, errlen, "interface %s: getifaddrs: %s", ifname,
		    strerror(errno));
		return -1;
	}
	memset(&found, 0, sizeof(found));
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (strcmp(i->ifa_name, lname) != 0)
			continue;
		exists = 1;
		if (i->ifa_addr == NULL || (i->ifa_addr->sa_family !=
		    AF_INET && i->ifa_addr->sa_family != AF_INET6))
			continue;
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, i->ifa_addr, i->ifa_addr->sa_family == AF_INET ?
		    sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
		if (from_sockaddr(&ss, &a, NULL) == -1 || a.af != af)
			continue;
		/*
		 * A link-local address needs a scope that struct xaddr
		 * cannot carry, so it is no use as an update-source.
		 */
		if (a.af == AF_V6 && a.a[0] == 0xfe && (a.a[1] & 0xc0) == 0x80)
			continue;
		if (!have) {
			found = a;
			have = 1;
		}
	}
	freeifaddrs(ifa);
	if (!exists) {
		snprintf(err, errlen, "interface %s not found", ifname);
		return -1;
	}
	if (!have) {
		snprintf(err, errlen, "interface %s has no %s address", ifname,
		    af == AF_V4 ? "IPv4" : "IPv6");
		return -1;
	}
	/*
	 * Every LoopbackN is Linux "lo", which holds all of 127.0.0.0/8;
	 * 127.0.0.1 is the one address sure to be there.  A caller that
	 * wants another loopback address configures it as an address.
	 */
	if (lo && af == AF_V4)
		(void)addr_parse_v4("127.0.0.1", &found);
	*out = found;
	return 0;
}
