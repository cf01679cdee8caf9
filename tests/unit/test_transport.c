/*
 * Unit tests for core/bgp/transport.c.  Everything runs on 127.0.0.0/8 and
 * ::1 with random high ports.
 *
 * This file defines socket(), connect() and accept4(): the executable's
 * own definitions take the place of libc's for transport.o, so the tests
 * can count sockets and connects (the guard must refuse before either),
 * fake a non-loopback peer on accept, and refuse outright any connect to
 * an address outside loopback, whatever transport.c does.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/transport.h"
#include "core/lib/addr.h"
#include "core/lib/log.h"
#include "tests/unit/t.h"

static int	 n_socket, n_connect, n_bad_connect, fake_accept_peer;
static char	 last_warn[1024];

static int
sa_is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	const uint8_t			*b;

	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		return ((const uint8_t *)&sin->sin_addr)[0] == 127;
	}
	if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)sa;
		b = (const uint8_t *)&sin6->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && b[12] == 127;
	}
	return 0;
}

int
socket(int domain, int type, int protocol)
{
	n_socket++;
	return (int)syscall(SYS_socket, domain, type, protocol);
}

int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	n_connect++;
	if (!sa_is_loopback(sa)) {
		/* Never reached if the guard works; never sends if not. */
		n_bad_connect++;
		errno = ENETUNREACH;
		return -1;
	}
	return (int)syscall(SYS_connect, fd, sa, len);
}

int
accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	struct sockaddr_in	 fake;
	int			 r;

	r = (int)syscall(SYS_accept4, fd, sa, len, flags);
	if (r >= 0 && fake_accept_peer && sa != NULL &&
	    *len >= sizeof(fake)) {
		memset(&fake, 0, sizeof(fake));
		fake.sin_family = AF_INET;
		fake.sin_port = htons(40000);
		inet_pton(AF_INET, "192.0.2.7", &fake.sin_addr);
		memcpy(sa, &fake, sizeof(fake));
		*len = sizeof(fake);
	}
	return r;
}

static void
sink(enum log_level lvl, const char *line, void *arg)
{
	(void)arg;
	if (lvl == LOG_LVL_WARN)
		snprintf(last_warn, sizeof(last_warn), "%s", line);
}

static struct xaddr
A(const char *s)
{
	struct xaddr	 a;

	memset(&a, 0, sizeof(a));
	if (addr_parse(s, &a) == -1) {
		fprintf(stderr, "bad test address %s\n", s);
		exit(2);
	}
	return a;
}

static const char *
fmt(const struct xaddr *a)
{
	static char	 buf[4][ADDR_STRLEN];
	static int	 n;

	n = (n + 1) % 4;
	addr_format(a, buf[n], sizeof(buf[n]));
	return buf[n];
}

/* Lowest free descriptor: unchanged when nothing leaked. */
static int
next_fd(void)
{
	int	 fd = dup(0);

	close(fd);
	return fd;
}

static int
listen_rand(const char *addr, uint16_t *port)
{
	struct xaddr	 a = A(addr);
	char		 err[256];
	int		 i, fd;

	for (i = 0; i < 200; i++) {
		*port = (uint16_t)(20000 + rand() % 40000);
		if ((fd = bgp_tr_listen(&a, *port, err, sizeof(err))) >= 0)
			return fd;
	}
	fprintf(stderr, "no free port on %s: %s\n", addr, err);
	exit(2);
}

static int
wait_ev(int fd, short ev, int ms)
{
	struct pollfd	 p = { .fd = fd, .events = ev };

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return p.revents;
}

/* Waits up to ms for a connection on lfd and accepts it. */
static int
accept_wait(int lfd, int ms, struct xaddr *peer, uint16_t *pport,
    struct xaddr *local, uint16_t *lport, char *err, size_t errlen)
{
	if (!(wait_ev(lfd, POLLIN, ms) & POLLIN)) {
		snprintf(err, errlen, "timeout");
		return -1;
	}
	return bgp_tr_accept(lfd, peer, pport, local, lport, err, errlen);
}

static int
connect_from(const char *from, const char *to, uint16_t port,
    const char *key, int ttl, int min_ttl, char *err, size_t errlen)
{
	struct bgp_tr_opts	 o;
	struct xaddr		 p = A(to);

	memset(&o, 0, sizeof(o));
	o.port = port;
	if (from != NULL)
		o.local = A(from);
	o.md5_key = key;
	o.ttl = ttl;
	o.min_ttl = min_ttl;
	return bgp_tr_connect(&p, &o, err, errlen);
}

static int
getint(int fd, int level, int opt)
{
	int		 v = -1;
	socklen_t	 len = sizeof(v);

	if (getsockopt(fd, level, opt, &v, &len) == -1)
		return -1;
	return v;
}

static void
test_is_loopback(void)
{
	static const struct {
		const char	*a;
		int		 yes;
	} t[] = {
		{ "127.0.0.1", 1 }, { "127.255.255.254", 1 },
		{ "127.0.0.0", 1 }, { "126.255.255.255", 0 },
		{ "128.0.0.1", 0 }, { "192.0.2.1", 0 }, { "0.0.0.0", 0 },
		{ "::1", 1 }, { "::2", 0 }, { "::", 0 },
		{ "::ffff:127.0.0.1", 1 }, { "::ffff:127.1.2.3", 1 },
		{ "::ffff:192.0.2.1", 0 }, { "::127.0.0.1", 0 },
		{ "2001:db8::1", 0 }, { "fe80::1", 0 },
	};
	struct xaddr	 a;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		a = A(t[i].a);
		if (bgp_tr_is_loopback(&a) != t[i].yes)
			fprintf(stderr, "is_loopback(%s) != %d\n", t[i].a,
			    t[i].yes);
		T_EQ_INT(bgp_tr_is_loopback(&a), t[i].yes);
	}
	memset(&a, 0, sizeof(a));
	T_EQ_INT(bgp_tr_is_loopback(&a), 0);
	T_EQ_INT(bgp_tr_is_loopback(NULL), 0);
}

static void
test_guard(void)
{
	static const struct {
		const char	*to, *shown;
	} refused[] = {
		{ "192.0.2.1", "192.0.2.1" },
		{ "2001:db8::1", "2001:db8::1" },
		{ "::ffff:192.0.2.1", "192.0.2.1" },
	};
	struct xaddr	 peer, local;
	char		 err[256], want[256];
	uint16_t	 port, pport;
	size_t		 i;
	int		 lfd, fd, afd, s0, c0, f0;

	unsetenv("XRSH_LOOPBACK_ONLY");
	bgp_tr_set_loopback_only(0);
	T_EQ_INT(bgp_tr_loopback_only(), 0);
	bgp_tr_set_loopback_only(1);
	T_EQ_INT(bgp_tr_loopback_only(), 1);
	/* The environment turns it on even when the caller did not. */
	bgp_tr_set_loopback_only(0);
	setenv("XRSH_LOOPBACK_ONLY", "1", 1);
	T_EQ_INT(bgp_tr_loopback_only(), 1);
	setenv("XRSH_LOOPBACK_ONLY", "0", 1);
	T_EQ_INT(bgp_tr_loopback_only(), 0);
	unsetenv("XRSH_LOOPBACK_ONLY");

	bgp_tr_set_loopback_only(1);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		s0 = n_socket;
		c0 = n_connect;
		f0 = next_fd();
		last_warn[0] = '\0';
		err[0] = '\0';
		fd = connect_from(NULL, refused[i].to, 179, "key", 255, 254,
		    err, sizeof(err));
		snprintf(want, sizeof(want), "connection to %s refused: "
		    "XRSH_LOOPBACK_ONLY is set (address outside loopback)",
		    refused[i].shown);
		T_EQ_INT(fd, -1);
		T_EQ_STR(err, want);
		T_EQ_STR(last_warn, want);
		/* Refused before socket(), so before any connect(). */
		T_EQ_INT(n_socket - s0, 0);
		T_EQ_INT(n_connect - c0, 0);
		T_EQ_INT(next_fd(), f0);
	}
	T_EQ_INT(n_bad_connect, 0);

	/* Loopback passes with the guard on. */
	lfd = listen_rand("127.0.0.5", &port);
	s0 = n_socket;
	c0 = n_connect;
	fd = connect_from(NULL, "127.0.0.5", port, NULL, 0, 0, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	/* The counters see transport.c's calls (so the zeros above count). */
	T_EQ_INT(n_socket - s0, 1);
	T_EQ_INT(n_connect - c0, 1);
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, NULL, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_STR(fmt(&local), "127.0.0.5");
	close(afd);
	close(fd);
	close(lfd);
	lfd = listen_rand("::1", &port);
	fd = connect_from(NULL, "::1", port, NULL, 0, 0, err, sizeof(err));
	T_ASSERT(fd >= 0);
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, NULL, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_STR(fmt(&peer), "::1");
	close(afd);
	close(fd);

	/*
	 * Accept: the accept4() above pretends the peer is 192.0.2.7; the
	 * guard must close the socket and say so.
	 */
	close(lfd);
	lfd = listen_rand("127.0.0.1", &port);
	fd = connect_from("127.0.0.2", "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	fake_accept_peer = 1;
	last_warn[0] = '\0';
	f0 = next_fd();
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, NULL, err,
	    sizeof(err));
	T_EQ_INT(afd, -1);
	T_EQ_STR(err, "connection from 192.0.2.7 refused: XRSH_LOOPBACK_ONLY "
	    "is set (address outside loopback)");
	T_EQ_STR(last_warn, err);
	T_EQ_INT(next_fd(), f0);
	/* The peer sees the connection closed. */
	T_ASSERT(wait_ev(fd, POLLIN, 2000) & (POLLIN | POLLHUP));
	close(fd);
	/* The same fake with the guard off is accepted: the guard did it. */
	bgp_tr_set_loopback_only(0);
	fd = connect_from("127.0.0.2", "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, NULL, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_STR(fmt(&peer), "192.0.2.7");
	fake_accept_peer = 0;
	close(afd);
	close(fd);
	close(lfd);
	T_EQ_INT(n_bad_connect, 0);
}

static void
test_v4(void)
{
	struct xaddr	 peer, local, cl, cr;
	uint16_t	 port, pport, lport, clp, crp;
	char		 err[256], c;
	int		 lfd, fd, afd;

	lfd = listen_rand("127.0.0.1", &port);
	T_EQ_INT(getint(lfd, IPPROTO_IP, IP_TOS), 0xc0);
	T_EQ_INT(bgp_tr_accept(lfd, &peer, &pport, &local, &lport, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "");
	fd = connect_from("127.0.0.2", "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	T_ASSERT(wait_ev(fd, POLLOUT, 2000) & POLLOUT);
	T_EQ_INT(bgp_tr_connect_done(fd, err, sizeof(err)), 0);
	T_EQ_INT(getint(fd, IPPROTO_IP, IP_TOS), 0xc0);
	T_EQ_INT(getint(fd, IPPROTO_TCP, TCP_NODELAY), 0);
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, &lport, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_INT(peer.af, AF_V4);
	T_EQ_STR(fmt(&peer), "127.0.0.2");
	T_EQ_STR(fmt(&local), "127.0.0.1");
	T_EQ_INT(lport, port);
	T_EQ_INT(bgp_tr_names(fd, &cl, &clp, &cr, &crp), 0);
	T_EQ_STR(fmt(&cl), "127.0.0.2");
	T_EQ_STR(fmt(&cr), "127.0.0.1");
	T_EQ_INT(crp, port);
	T_EQ_INT(clp, pport);
	T_EQ_INT(bgp_tr_names(afd, &cl, &clp, &cr, &crp), 0);
	T_EQ_STR(fmt(&cl), "127.0.0.1");
	T_EQ_INT(clp, port);
	T_EQ_STR(fmt(&cr), "127.0.0.2");
	T_EQ_INT(crp, pport);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_TOS), 0xc0);
	T_EQ_INT(write(fd, "x", 1), 1);
	T_ASSERT(wait_ev(afd, POLLIN, 2000) & POLLIN);
	T_EQ_INT(read(afd, &c, 1), 1);
	T_EQ_INT(c, 'x');
	/* Non-blocking and close-on-exec. */
	T_EQ_INT(read(afd, &c, 1), -1);
	T_EQ_INT(errno, EAGAIN);
	T_ASSERT(fcntl(afd, F_GETFD) & FD_CLOEXEC);
	T_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	T_ASSERT(fcntl(lfd, F_GETFD) & FD_CLOEXEC);
	T_ASSERT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	T_ASSERT(fcntl(lfd, F_GETFL) & O_NONBLOCK);
	/* A listener has no peer. */
	T_EQ_INT(bgp_tr_names(lfd, &cl, &clp, &cr, &crp), -1);
	close(afd);
	close(fd);

	/* Address in use, named in the error. */
	{
		struct xaddr	 a = A("127.0.0.1");
		char		 want[128];

		T_EQ_INT(bgp_tr_listen(&a, port, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "cannot listen on 127.0.0.1 "
		    "port %u: Address already in use", (unsigned)port);
		T_EQ_STR(err, want);
	}
	close(lfd);

	/* Connection refused on the port just closed. */
	fd = connect_from(NULL, "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	T_ASSERT(wait_ev(fd, POLLOUT, 2000) & POLLOUT);
	T_EQ_INT(bgp_tr_connect_done(fd, err, sizeof(err)), -1);
	T_EQ_STR(err, "Connection refused");
	close(fd);

	/* Mismatched families for update-source. */
	fd = connect_from("::1", "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	T_EQ_INT(fd, -1);
	T_EQ_STR(err, "cannot connect to 127.0.0.1 from ::1: address "
	    "families differ");
}

static void
test_v6(void)
{
	struct xaddr	 peer, local, cl, cr, a;
	uint16_t	 port, pport, lport, clp, crp;
	char		 err[256], want[128];
	int		 lfd, fd, afd;

	lfd = listen_rand("::1", &port);
	T_EQ_INT(getint(lfd, IPPROTO_IPV6, IPV6_V6ONLY), 1);
	T_EQ_INT(getint(lfd, IPPROTO_IPV6, IPV6_TCLASS), 0xc0);
	fd = connect_from("::1", "::1", port, NULL, 0, 0, err, sizeof(err));
	T_ASSERT(fd >= 0);
	T_ASSERT(wait_ev(fd, POLLOUT, 2000) & POLLOUT);
	T_EQ_INT(bgp_tr_connect_done(fd, err, sizeof(err)), 0);
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, &lport, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_INT(peer.af, AF_V6);
	T_EQ_STR(fmt(&peer), "::1");
	T_EQ_STR(fmt(&local), "::1");
	T_EQ_INT(lport, port);
	T_EQ_INT(bgp_tr_names(fd, &cl, &clp, &cr, &crp), 0);
	T_EQ_INT(clp, pport);
	T_EQ_INT(crp, port);
	T_EQ_INT(getint(fd, IPPROTO_IPV6, IPV6_TCLASS), 0xc0);
	close(afd);
	close(fd);

	a = A("::1");
	T_EQ_INT(bgp_tr_listen(&a, port, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "cannot listen on ::1 port %u: "
	    "Address already in use", (unsigned)port);
	T_EQ_STR(err, want);
	/* V6ONLY: the same port is still free on IPv4. */
	{
		struct xaddr	 v4 = A("127.0.0.1");
		int		 l4;

		l4 = bgp_tr_listen(&v4, port, err, sizeof(err));
		T_ASSERT(l4 >= 0);
		if (l4 >= 0)
			close(l4);
	}
	close(lfd);
	/* bind() sends nothing; ::2 is not ours. */
	a = A("::2");
	T_EQ_INT(bgp_tr_listen(&a, port, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "cannot listen on ::2 port %u: "
	    "Cannot assign requested address", (unsigned)port);
	T_EQ_STR(err, want);
}

/* An IPv4 peer on a dual-stack socket comes back as plain IPv4. */
static void
test_v4mapped_accept(void)
{
	struct sockaddr_in6	 sin6;
	struct xaddr		 peer, local;
	uint16_t		 port = 0, pport, lport;
	char			 err[256];
	int			 lfd, fd, afd, off = 0, i, ok = 0;

	lfd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	T_ASSERT(lfd >= 0);
	setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	for (i = 0; i < 200 && !ok; i++) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		port = (uint16_t)(20000 + rand() % 40000);
		sin6.sin6_port = htons(port);
		inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6.sin6_addr);
		ok = bind(lfd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
	}
	T_ASSERT(ok);
	T_EQ_INT(listen(lfd, 8), 0);
	fd = connect_from("127.0.0.2", "127.0.0.1", port, NULL, 0, 0, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	afd = accept_wait(lfd, 2000, &peer, &pport, &local, &lport, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_INT(peer.af, AF_V4);
	T_EQ_STR(fmt(&peer), "127.0.0.2");
	T_EQ_INT(local.af, AF_V4);
	T_EQ_STR(fmt(&local), "127.0.0.1");
	T_EQ_INT(lport, port);
	/* And an IPv4 key on an IPv6 listener goes in as ::ffff:a.b.c.d. */
	{
		struct xaddr	 p = A("127.0.0.9");

		T_EQ_INT(bgp_tr_listen_md5(lfd, &p, "k", err, sizeof(err)), 0);
		T_EQ_INT(bgp_tr_listen_md5(lfd, &p, NULL, err, sizeof(err)),
		    0);
	}
	close(afd);
	close(fd);
	close(lfd);
}

/* 1 if a connection from `from` with key reaches lfd within ~1 s. */
static int
md5_try(int lfd, uint16_t port, const char *from, const char *to,
    const char *key, int *connected)
{
	char	 err[256];
	int	 fd, afd, ok, ev, done;

	fd = connect_from(from, to, port, key, 0, 0, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "md5 connect: %s\n", err);
		return -1;
	}
	afd = accept_wait(lfd, 1000, NULL, NULL, NULL, NULL, err,
	    sizeof(err));
	ok = afd >= 0;
	ev = wait_ev(fd, POLLOUT, ok ? 1000 : 0);
	done = bgp_tr_connect_done(fd, err, sizeof(err)) == 0;
	*connected = (ev & POLLOUT) && done;
	if (!done)
		/* The SYN went unanswered: the handshake is still on. */
		T_EQ_STR(err, "Operation now in progress");
	if (afd >= 0)
		close(afd);
	close(fd);
	return ok;
}

static void
test_md5(void)
{
	struct xaddr	 p2 = A("127.0.0.2"), p6 = A("::1");
	char		 err[256], longkey[100];
	uint16_t	 port, port6;
	int		 lfd, lfd6, conn;

	lfd = listen_rand("127.0.0.1", &port);
	if (bgp_tr_listen_md5(lfd, &p2, "s3cret", err, sizeof(err)) == -1) {
		if (strstr(err, "TCP_MD5SIG") != NULL ||
		    strstr(err, "No such file") != NULL) {
			printf("SKIP md5: %s\n", err);
			close(lfd);
			return;
		}
		T_EQ_STR(err, "");
	}
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", "s3cret",
	    &conn), 1);
	T_EQ_INT(conn, 1);
	/* Wrong key and no key: the kernel drops the SYN silently. */
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", "wrong",
	    &conn), 0);
	T_EQ_INT(conn, 0);
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", NULL, &conn),
	    0);
	T_EQ_INT(conn, 0);
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", "", &conn), 0);
	T_EQ_INT(conn, 0);
	/* Keys are per peer: another address without a key gets in... */
	T_EQ_INT(md5_try(lfd, port, "127.0.0.3", "127.0.0.1", NULL, &conn),
	    1);
	T_EQ_INT(conn, 1);
	/* ...but not with a key the listener does not expect. */
	T_EQ_INT(md5_try(lfd, port, "127.0.0.3", "127.0.0.1", "s3cret",
	    &conn), 0);
	T_EQ_INT(conn, 0);
	/* Removed key: plain connections again; removing twice is fine. */
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p2, NULL, err, sizeof(err)), 0);
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", NULL, &conn),
	    1);
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p2, NULL, err, sizeof(err)), 0);
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p2, "", err, sizeof(err)), 0);
	/* Key length: 80 is the most. */
	memset(longkey, 'k', sizeof(longkey));
	longkey[80] = '\0';
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p2, longkey, err, sizeof(err)), 0);
	T_EQ_INT(md5_try(lfd, port, "127.0.0.2", "127.0.0.1", longkey,
	    &conn), 1);
	longkey[81] = '\0';
	longkey[80] = 'k';
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p2, longkey, err, sizeof(err)), -1);
	T_EQ_STR(err, "TCP MD5 key for 127.0.0.2 is too long (81 bytes, at "
	    "most 80)");
	T_EQ_INT(connect_from(NULL, "127.0.0.1", port, longkey, 0, 0, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "TCP MD5 key for 127.0.0.1 is too long (81 bytes, at "
	    "most 80)");
	/* An IPv6 peer on an IPv4 listener: nothing to install. */
	T_EQ_INT(bgp_tr_listen_md5(lfd, &p6, "x", err, sizeof(err)), 0);
	T_EQ_INT(bgp_tr_listen_md5(-1, &p2, "x", err, sizeof(err)), -1);
	close(lfd);

	lfd6 = listen_rand("::1", &port6);
	T_EQ_INT(bgp_tr_listen_md5(lfd6, &p6, "v6key", err, sizeof(err)), 0);
	T_EQ_INT(md5_try(lfd6, port6, "::1", "::1", "v6key", &conn), 1);
	T_EQ_INT(conn, 1);
	T_EQ_INT(md5_try(lfd6, port6, "::1", "::1", "other", &conn), 0);
	T_EQ_INT(conn, 0);
	T_EQ_INT(md5_try(lfd6, port6, NULL, "::1", NULL, &conn), 0);
	T_EQ_INT(conn, 0);
	close(lfd6);
}

static int
default_ttl(void)
{
	FILE	*f;
	int	 v = 64;

	if ((f = fopen("/proc/sys/net/ipv4/ip_default_ttl", "r")) != NULL) {
		if (fscanf(f, "%d", &v) != 1)
			v = 64;
		fclose(f);
	}
	return v;
}

static void
test_ttl(void)
{
	char		 err[256];
	uint16_t	 port, port6;
	int		 lfd, lfd6, fd, afd, conn;

	lfd = listen_rand("127.0.0.1", &port);
	fd = connect_from(NULL, "127.0.0.1", port, NULL, 5, 250, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	T_EQ_INT(getint(fd, IPPROTO_IP, IP_TTL), 5);
	T_EQ_INT(getint(fd, IPPROTO_IP, IP_MINTTL), 250);
	close(fd);
	/* GTSM alone sends with 255 (RFC 5082). */
	fd = connect_from(NULL, "127.0.0.1", port, NULL, 0, 254, err,
	    sizeof(err));
	T_ASSERT(fd >= 0);
	T_EQ_INT(getint(fd, IPPROTO_IP, IP_TTL), 255);
	T_EQ_INT(getint(fd, IPPROTO_IP, IP_MINTTL), 254);
	/*
	 * The listener answers with TTL 64 < 254: GTSM drops the SYN-ACK and
	 * the connect never completes.
	 */
	T_EQ_INT(wait_ev(fd, POLLOUT, 1000) & POLLOUT, 0);
	close(fd);
	afd = accept_wait(lfd, 0, NULL, NULL, NULL, NULL, err, sizeof(err));
	if (afd >= 0)	/* the handshake may be half-done server side */
		close(afd);
	/* With the listener sending 255 the session comes up. */
	T_EQ_INT(bgp_tr_set_ttl(lfd, AF_V4, 255, 0, err, sizeof(err)), 0);
	fd = connect_from(NULL, "127.0.0.1", port, NULL, 255, 254, err,
	    sizeof(err));
	T_ASSERT(wait_ev(fd, POLLOUT, 2000) & POLLOUT);
	T_EQ_INT(bgp_tr_connect_done(fd, err, sizeof(err)), 0);
	afd = accept_wait(lfd, 2000, NULL, NULL, NULL, NULL, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	/* Accepted sockets inherit the listener's TTL; 0: the default. */
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_TTL), 255);
	T_EQ_INT(bgp_tr_set_ttl(afd, AF_V4, 0, 0, err, sizeof(err)), 0);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_TTL), default_ttl());
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_MINTTL), 0);
	T_EQ_INT(bgp_tr_set_ttl(afd, AF_V4, 255, 254, err, sizeof(err)), 0);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_TTL), 255);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_MINTTL), 254);
	T_EQ_INT(bgp_tr_set_ttl(afd, AF_V4, 2, 0, err, sizeof(err)), 0);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_TTL), 2);
	T_EQ_INT(getint(afd, IPPROTO_IP, IP_MINTTL), 0);
	conn = bgp_tr_set_ttl(afd, AF_V4, 256, 0, err, sizeof(err));
	T_EQ_INT(conn, -1);
	T_EQ_STR(err, "TTL 256 out of range (0-255)");
	T_EQ_INT(bgp_tr_set_ttl(afd, 0, 1, 0, err, sizeof(err)), -1);
	T_EQ_INT(connect_from(NULL, "127.0.0.1", port, NULL, 0, 300, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "minimum TTL 300 out of range (0-255)");
	close(afd);
	close(fd);
	close(lfd);

	lfd6 = listen_rand("::1", &port6);
	fd = connect_from(NULL, "::1", port6, NULL, 7, 200, err, sizeof(err));
	T_ASSERT(fd >= 0);
	T_EQ_INT(getint(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 7);
	T_EQ_INT(getint(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT), 200);
	close(fd);
	T_EQ_INT(bgp_tr_set_ttl(lfd6, AF_V6, 255, 0, err, sizeof(err)), 0);
	fd = connect_from(NULL, "::1", port6, NULL, 255, 255, err,
	    sizeof(err));
	T_ASSERT(wait_ev(fd, POLLOUT, 2000) & POLLOUT);
	T_EQ_INT(bgp_tr_connect_done(fd, err, sizeof(err)), 0);
	afd = accept_wait(lfd6, 2000, NULL, NULL, NULL, NULL, err,
	    sizeof(err));
	T_ASSERT(afd >= 0);
	T_EQ_INT(bgp_tr_set_ttl(afd, AF_V6, 0, 254, err, sizeof(err)), 0);
	T_EQ_INT(getint(afd, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 255);
	T_EQ_INT(getint(afd, IPPROTO_IPV6, IPV6_MINHOPCOUNT), 254);
	close(afd);
	close(fd);
	close(lfd6);
}

static void
test_if_addr(void)
{
	struct xaddr	 a;
	char		 err[256];

	memset(&a, 0, sizeof(a));
	T_EQ_INT(bgp_tr_if_addr("Loopback0", AF_V4, &a, err, sizeof(err)), 0);
	T_EQ_STR(fmt(&a), "127.0.0.1");
	T_EQ_INT(bgp_tr_if_addr("Loopback12", AF_V4, &a, err, sizeof(err)),
	    0);
	T_EQ_STR(fmt(&a), "127.0.0.1");
	if (bgp_tr_if_addr("Loopback0", AF_V6, &a, err, sizeof(err)) == 0)
		T_EQ_STR(fmt(&a), "::1");
	else
		T_EQ_STR(err, "interface Loopback0 has no IPv6 address");
	T_EQ_INT(bgp_tr_if_addr("lo", AF_V4, &a, err, sizeof(err)), 0);
	T_EQ_INT(a.a[0], 127);
	T_EQ_INT(bgp_tr_if_addr("nosuch9", AF_V4, &a, err, sizeof(err)), -1);
	T_EQ_STR(err, "interface nosuch9 not found");
	T_EQ_INT(bgp_tr_if_addr("GigabitEthernet0/0/0/0", AF_V6, &a, err,
	    sizeof(err)), -1);
	T_EQ_STR(err, "interface GigabitEthernet0/0/0/0 not found");
	/* Not an XR loopback name: looked up as typed. */
	T_EQ_INT(bgp_tr_if_addr("LoopbackX", AF_V4, &a, err, sizeof(err)),
	    -1);
	T_EQ_STR(err, "interface LoopbackX not found");
	T_EQ_INT(bgp_tr_if_addr("Loopback0", 5, &a, err, sizeof(err)), -1);
}

int
main(void)
{
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	log_set_sink(sink, NULL);
	/* Start from the harness's setting; test_guard checks both. */
	bgp_tr_set_loopback_only(1);

	test_is_loopback();
	test_guard();
	bgp_tr_set_loopback_only(1);
	test_v4();
	test_v6();
	test_v4mapped_accept();
	test_md5();
	test_ttl();
	test_if_addr();
	T_EQ_INT(n_bad_connect, 0);
	return T_DONE();
}
