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
 * from an address outside 127.0.0.0/8 and ::1 is refused and logged.
 */
void	bgp_tr_set_loopback_only(int on);
int	bgp_tr_loopback_only(void);
/* 1 if a is in 127.0.0.0/8, is ::1, or is ::ffff:127.x.x.x. */
int	bgp_tr_is_loopback(const struct xaddr *a);

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
