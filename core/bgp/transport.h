/*
 * transport: the sockets under BGP sessions.  Listening and connecting
 * over IPv4 and IPv6, TCP MD5 signatures (RFC 2385, TCP_MD5SIG), TTL for
 * eBGP and multihop, GTSM (ttl-security: IP_MINTTL / IPV6_MINHOPCOUNT),
 * and the loopback-only guard that tests rely on.  Everything here is
 * non-blocking and returns errors as values with a message.
 */
#ifndef XR_BGP_TRANSPORT_H
#define XR_BGP_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

/*
 * With the guard on (XRSH_LOOPBACK_ONLY=1), every connect to and accept
 * from an address outside 127.0.0.0/8 and ::1 is refused and logged,
 * unless the process runs in a network namespace of its own (below).
 */
void	bgp_tr_set_loopback_only(int on);
int	bgp_tr_loopback_only(void);
/* 1 if a is in 127.0.0.0/8, is ::1, or is ::ffff:127.x.x.x. */
int	bgp_tr_is_loopback(const struct xaddr *a);

/*
 * The guard lets an address outside loopback pass when the process runs
 * in a network namespace a test made (`ip netns add xrsh-t-...`) other
 * than the initial one: it reaches nothing but its veth peers.  The
 * rule, from the inodes of
 * /proc/self/ns/net (self) and /proc/1/ns/net (init), 0 when unreadable,
 * and whether ours is a /run/netns/xrsh-t-* namespace (test_named):
 */
enum bgp_tr_nsrule {
	TR_NS_SELF_UNREADABLE,	/* strict */
	TR_NS_INITIAL,		/* strict: pid 1's, or the kernel's initial */
	TR_NS_NO_REFERENCE,	/* strict: not a test's */
	TR_NS_OTHER,		/* allowed: a test's, not pid 1's */
	TR_NS_TEST_NAMED,	/* allowed: pid 1's unreadable, a test's */
};
#define BGP_TR_TEST_NETNS	"xrsh-t-"
enum bgp_tr_nsrule bgp_tr_ns_rule(uint64_t self, uint64_t init,
	    int test_named);
int	bgp_tr_ns_allows(enum bgp_tr_nsrule);
/* Says why, e.g. "test network namespace (net:[1] is a
   /run/netns/xrsh-t-*, not pid 1's net:[2])", into buf. */
const char *bgp_tr_ns_describe(enum bgp_tr_nsrule, uint64_t self,
	    uint64_t init, char *buf, size_t len);
/*
 * 1 when a may be connected to or accepted from: a loopback address, the
 * guard off, or a namespace rule allowing it (decided once, from /proc,
 * and logged the first time an address outside loopback is checked).
 */
int	bgp_tr_guard_allows(const struct xaddr *a);
/* For tests: decide from these values instead of /proc (the next check
   logs again). */
void	bgp_tr_ns_inject(uint64_t self, uint64_t init, int test_named);

/* Per-socket options of one session. */
struct bgp_tr_opts {
	uint16_t	 port;		/* remote port to connect to */
	struct xaddr	 local;		/* bind to this before connect (af 0: any) */
	const char	*md5_key;	/* NULL or "": none (max 80 bytes) */
	int		 ttl;		/* outgoing TTL / hop limit; 0: default */
	int		 min_ttl;	/* GTSM: minimum incoming TTL; 0: off */
};

/*
 * Opens a listening socket on addr:port (IPV6_V6ONLY for v6), non-blocking,
 * SO_REUSEADDR.  Returns the fd, or -1 with err.
 */
int	bgp_tr_listen(const struct xaddr *addr, uint16_t port, char *err,
	    size_t errlen);
/* Installs (key != NULL) or removes (key NULL) the MD5 key for peer on a
 * listening socket, so the kernel accepts only signed SYNs from it. */
int	bgp_tr_listen_md5(int lfd, const struct xaddr *peer, const char *key,
	    char *err, size_t errlen);
/*
 * Accepts one connection: fd >= 0 with the peer's address and port and
 * our local address and port, -1 when none is pending (EAGAIN) or on error
 * (err set, empty for EAGAIN).  The guard refuses (closes, logs) non-loopback
 * peers and returns -1 with err saying so.
 */
int	bgp_tr_accept(int lfd, struct xaddr *peer, uint16_t *peer_port,
	    struct xaddr *local, uint16_t *local_port, char *err,
	    size_t errlen);
/*
 * Starts a non-blocking connect to peer with opts (MD5 and TTL set before
 * the SYN).  Returns the fd (the connect is in progress: wait for POLLOUT
 * and call bgp_tr_connect_done), or -1 with err; the guard refuses
 * non-loopback peers here.
 */
int	bgp_tr_connect(const struct xaddr *peer, const struct bgp_tr_opts *,
	    char *err, size_t errlen);
/* 0 when the connect finished, -1 with err (e.g. "Connection refused"). */
int	bgp_tr_connect_done(int fd, char *err, size_t errlen);
/* Applies TTL / GTSM to an accepted socket. */
int	bgp_tr_set_ttl(int fd, int af, int ttl, int min_ttl, char *err,
	    size_t errlen);
/* Local and remote address/port of a connected socket. */
int	bgp_tr_names(int fd, struct xaddr *local, uint16_t *lport,
	    struct xaddr *remote, uint16_t *rport);
/*
 * The address of interface `ifname` in family af (AF_V4/AF_V6) for
 * update-source; XR names such as Loopback0 map to Linux "lo" and
 * GigabitEthernet0/0/0/0 style names are looked up as typed.  -1 with err
 * when the interface has no such address.
 */
int	bgp_tr_if_addr(const char *ifname, int af, struct xaddr *out,
	    char *err, size_t errlen);

#endif
