/*
 * Unit tests for the namespace rule of the loopback guard
 * (core/bgp/transport.c: bgp_tr_ns_rule, bgp_tr_guard_allows) and for
 * core/sys/netns.c.  The inodes of the two namespaces are injected; the
 * connect() below stands in for libc's and never lets a connection to an
 * address outside loopback leave (it counts it and fails), so the test
 * can see the guard let one through without sending anything.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/transport.h"
#include "core/lib/addr.h"
#include "core/lib/log.h"
#include "core/sys/netns.h"
#include "tests/unit/t.h"

static int	 n_outside;		/* connects to outside loopback tried */
static char	 last_info[512], last_debug[512], last_warn[512];

int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)sa;

	if (sa->sa_family != AF_INET ||
	    ((const uint8_t *)&sin->sin_addr)[0] != 127) {
		n_outside++;
		errno = ENETUNREACH;
		return -1;
	}
	return (int)syscall(SYS_connect, fd, sa, len);
}

static void
sink(enum log_level lvl, const char *line, void *arg)
{
	(void)arg;
	if (lvl == LOG_LVL_INFO)
		snprintf(last_info, sizeof(last_info), "%s", line);
	else if (lvl == LOG_LVL_DEBUG)
		snprintf(last_debug, sizeof(last_debug), "%s", line);
	else if (lvl == LOG_LVL_WARN)
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

static void
test_rule(void)
{
	static const struct {
		uint64_t		 self, init;
		int			 named;
		enum bgp_tr_nsrule	 want;
		int			 allows;
	} t[] = {
		/* Our own namespace unknown: strict, whatever else. */
		{ 0, 0, 0, TR_NS_SELF_UNREADABLE, 0 },
		{ 0, 4026532000u, 1, TR_NS_SELF_UNREADABLE, 0 },
		/* The same as pid 1's: strict, even with a test's name. */
		{ 4026532178u, 4026532178u, 0, TR_NS_INITIAL, 0 },
		{ 4026532178u, 4026532178u, 1, TR_NS_INITIAL, 0 },
		/* The kernel's own number of the initial namespace. */
		{ NETNS_INIT_INO, 0, 1, TR_NS_INITIAL, 0 },
		{ NETNS_INIT_INO, 4026532178u, 0, TR_NS_INITIAL, 0 },
		/* Another than pid 1's: only when a test made it. */
		{ 4026532178u, 4026531956u, 0, TR_NS_NO_REFERENCE, 0 },
		{ 4026532178u, 4026531956u, 1, TR_NS_OTHER, 1 },
		{ 4026532178u, NETNS_INIT_INO, 1, TR_NS_OTHER, 1 },
		/* pid 1's unreadable: only a test's named namespace. */
		{ 4026532178u, 0, 0, TR_NS_NO_REFERENCE, 0 },
		{ 4026532178u, 0, 1, TR_NS_TEST_NAMED, 1 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum bgp_tr_nsrule	 r;

		r = bgp_tr_ns_rule(t[i].self, t[i].init, t[i].named);
		if (r != t[i].want)
			fprintf(stderr, "rule #%zu: %d, want %d\n", i, (int)r,
			    (int)t[i].want);
		T_EQ_INT(r, t[i].want);
		T_EQ_INT(bgp_tr_ns_allows(r), t[i].allows);
	}
}

static void
test_describe(void)
{
	char	 b[200], small[16];

	T_EQ_STR(bgp_tr_ns_describe(TR_NS_OTHER, 4026532178u, 4026531833u, b,
	    sizeof(b)), "test network namespace (net:[4026532178] is a "
	    "/run/netns/xrsh-t-*, not pid 1's net:[4026531833])");
	T_EQ_STR(bgp_tr_ns_describe(TR_NS_INITIAL, 4026531833u, 0, b,
	    sizeof(b)), "initial network namespace (net:[4026531833])");
	T_EQ_STR(bgp_tr_ns_describe(TR_NS_TEST_NAMED, 7, 0, b, sizeof(b)),
	    "test network namespace (net:[7] is a /run/netns/xrsh-t-*; "
	    "/proc/1/ns/net unreadable)");
	T_EQ_STR(bgp_tr_ns_describe(TR_NS_NO_REFERENCE, 7, 0, b, sizeof(b)),
	    "network namespace net:[7] not known to be a test's "
	    "(no /run/netns/xrsh-t-* of it)");
	T_EQ_STR(bgp_tr_ns_describe(TR_NS_SELF_UNREADABLE, 0, 0, b,
	    sizeof(b)), "own network namespace unknown (/proc/self/ns/net "
	    "unreadable)");
	/* Bounded: cut, terminated. */
	bgp_tr_ns_describe(TR_NS_OTHER, 1, 2, small, sizeof(small));
	T_EQ_INT(strlen(small), sizeof(small) - 1);
}

static void
test_guard(void)
{
	struct xaddr	 out = A("198.18.1.2"), lo = A("127.0.0.9");
	struct xaddr	 out6 = A("2001:db8::1");
	char		 err[256];
	int		 fd, n0;

	/* Guard off: anything goes, no namespace looked at. */
	bgp_tr_set_loopback_only(0);
	unsetenv("XRSH_LOOPBACK_ONLY");
	bgp_tr_ns_inject(5, 5, 0);
	last_info[0] = '\0';
	T_EQ_INT(bgp_tr_guard_allows(&out), 1);
	T_EQ_STR(last_info, "");

	bgp_tr_set_loopback_only(1);
	/* Loopback always passes, and needs no rule. */
	T_EQ_INT(bgp_tr_guard_allows(&lo), 1);
	T_EQ_STR(last_info, "");

	/* The initial namespace: refused, the rule logged once (debug:
	   the refusal itself is the caller's warning). */
	T_EQ_INT(bgp_tr_guard_allows(&out), 0);
	T_EQ_STR(last_debug, "%ROUTING-BGP-5-LOOPBACK_ONLY : "
	    "XRSH_LOOPBACK_ONLY is set; addresses outside loopback refused: "
	    "initial network namespace (net:[5])");
	T_EQ_STR(last_info, "");
	last_debug[0] = '\0';
	T_EQ_INT(bgp_tr_guard_allows(&out6), 0);
	T_EQ_STR(last_debug, "");
	n0 = n_outside;
	fd = bgp_tr_connect(&out, NULL, err, sizeof(err));
	T_EQ_INT(fd, -1);
	T_EQ_STR(err, "connection to 198.18.1.2 refused: XRSH_LOOPBACK_ONLY "
	    "is set (address outside loopback)");
	T_EQ_INT(n_outside, n0);

	/* pid 1's unreadable, not a test's: refused. */
	bgp_tr_ns_inject(4026532178u, 0, 0);
	T_EQ_INT(bgp_tr_guard_allows(&out), 0);
	T_ASSERT(strstr(last_debug, "refused: network namespace "
	    "net:[4026532178] not known") != NULL);
	T_EQ_STR(last_info, "");

	/* Not pid 1's but not a test's either (a container seeing the
	   host's pid 1): refused. */
	bgp_tr_ns_inject(4026532178u, 4026531833u, 0);
	T_EQ_INT(bgp_tr_guard_allows(&out), 0);
	T_EQ_STR(last_info, "");

	/* A test's namespace, not pid 1's: the connect reaches connect(). */
	bgp_tr_ns_inject(4026532178u, 4026531833u, 1);
	T_EQ_INT(bgp_tr_guard_allows(&out), 1);
	T_EQ_STR(last_info, "%ROUTING-BGP-5-LOOPBACK_ONLY : "
	    "XRSH_LOOPBACK_ONLY is set; addresses outside loopback allowed: "
	    "test network namespace (net:[4026532178] is a /run/netns/xrsh-t-*, "
	    "not pid 1's net:[4026531833])");
	n0 = n_outside;
	fd = bgp_tr_connect(&out, NULL, err, sizeof(err));
	if (fd >= 0)
		close(fd);
	T_EQ_INT(n_outside, n0 + 1);

	/* A test's named namespace with pid 1's unreadable. */
	bgp_tr_ns_inject(4026532178u, 0, 1);
	T_EQ_INT(bgp_tr_guard_allows(&out6), 1);
	T_ASSERT(strstr(last_info, "allowed: test network namespace") !=
	    NULL);

	/* The environment alone turns the guard on: same rule. */
	bgp_tr_set_loopback_only(0);
	setenv("XRSH_LOOPBACK_ONLY", "1", 1);
	bgp_tr_ns_inject(9, 9, 1);
	T_EQ_INT(bgp_tr_guard_allows(&out), 0);
	unsetenv("XRSH_LOOPBACK_ONLY");
	bgp_tr_set_loopback_only(1);
}

static void
test_sys(void)
{
	/* Linux always has our own; the prefix must be a real one. */
	T_ASSERT(netns_self() != 0);
	T_EQ_INT(netns_named(NULL), 0);
	T_EQ_INT(netns_named(""), 0);
	/* No namespace is named like this. */
	T_EQ_INT(netns_named("xrsh-t-no-such-namespace-here-"), 0);
	/* The rule from the real values is one of the five. */
	T_ASSERT(bgp_tr_ns_rule(netns_self(), netns_init(), 0) <=
	    TR_NS_TEST_NAMED);
}

int
main(void)
{
	log_set_sink(sink, NULL);
	test_rule();
	test_describe();
	test_guard();
	test_sys();
	T_EQ_INT(last_warn[0] == '\0' || strstr(last_warn, "refused") != NULL,
	    1);
	return T_DONE();
}
