/*
 * static_cfg: the typed `router static` configuration (XR):
 *
 *   router static
 *    address-family ipv4 unicast
 *     <prefix> [<interface>] [<next-hop>] [<distance>] [tag <n>]
 *         [description <text>]
 *
 * An entry is keyed by (prefix, interface, next hop): XR keeps several
 * lines for one prefix when they name different exits, and typing a line
 * with the same key again replaces its attributes.  `Null0` is the
 * discard interface.  Entries are kept sorted in canonical print order.
 *
 * The model is shared by the BGP engine (redistribute static, next-hop
 * resolution) and is meant to carry a later RIB/FIB too: the resolution
 * helpers below take the connected networks as a callback so they work
 * over whatever table the caller has.
 */
#ifndef XR_STATIC_CFG_H
#define XR_STATIC_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

enum static_afi { STATIC_AFI_V4 = 0, STATIC_AFI_V6, STATIC_AFI_COUNT };

#define STATIC_IFNAME_MAX	48	/* with the NUL */
#define STATIC_DISTANCE_DEFAULT	1	/* XR: static routes are distance 1 */
#define STATIC_NULL0		"Null0"

struct static_route {
	struct xprefix	 pfx;		/* as typed (host bits are a commit
					   error, not silently masked) */
	char		 ifname[STATIC_IFNAME_MAX];	/* "" none */
	struct xaddr	 nh;		/* af 0: none */
	uint8_t		 distance;	/* 0: not configured (1 applies) */
	uint8_t		 has_tag;
	uint32_t	 tag;
	char		*description;	/* NULL: none */
};

struct static_af {
	uint8_t			 present;	/* `address-family` configured */
	struct static_route	*v;		/* sorted by static_route_cmp */
	size_t			 n, cap;
};

struct static_cfg {
	struct static_af	 af[STATIC_AFI_COUNT];
};

struct static_cfg	*static_cfg_new(void);
struct static_cfg	*static_cfg_dup(const struct static_cfg *);
void			 static_cfg_free(struct static_cfg *);
/* canonical text, closed by `!`; 0, -1 on allocation failure */
int			 static_cfg_print(const struct static_cfg *,
			    struct strbuf *);
/* commit-time checks; returns the number of errors added */
int			 static_cfg_validate(const struct static_cfg *,
			    struct cfg_errors *);

const char		*static_afi_name(enum static_afi);	/* "ipv4" */
/* the address family of a prefix / address (STATIC_AFI_COUNT if none) */
enum static_afi		 static_afi_of(uint8_t af);

/* 1 if s is an interface name (not an address, [A-Za-z][A-Za-z0-9./:_-]*) */
int			 static_ifname_valid(const char *s);
/* "null0" in any case -> "Null0", else s unchanged, into buf */
void			 static_ifname_canon(const char *s, char *buf,
			    size_t len);
int			 static_route_is_null0(const struct static_route *);

/* key order: prefix, then no interface first / by name, then next hop */
int			 static_route_cmp(const struct static_route *,
			    const struct static_route *);
/*
 * Inserts r or replaces the entry with its key (r's description is taken
 * over either way).  0, -1 on allocation failure (r untouched).
 */
int			 static_route_put(struct static_af *,
			    struct static_route *r);
/* Removes the entry with r's key; all entries of r->pfx when r has
 * neither interface nor next hop.  Returns the number removed. */
size_t			 static_route_del(struct static_af *,
			    const struct static_route *r);
void			 static_af_clear(struct static_af *);
void			 static_route_clear(struct static_route *);

/* The route as its config line, without indentation or newline. */
void			 static_route_format(const struct static_route *,
			    struct strbuf *);

/*
 * What the host looks like to the resolution helpers: whether an address
 * lies in a connected network, whether an interface is up.  Either
 * callback may be NULL: no connected networks / every named interface
 * counts as up.
 */
struct static_env {
	int	(*connected)(const struct xaddr *, void *ctx);
	int	(*if_up)(const char *ifname, void *ctx);
	void	*ctx;
};
/*
 * Usability, for redistribution and next-hop resolution.  A route is
 * usable when it is Null0; or names an interface that is up (a next hop
 * given with it is taken as on that link, as XR's fully specified route);
 * or its next hop is in a connected network or resolves, recursively,
 * through another usable static route of the same family (a route whose
 * prefix covers its own next hop only when that next hop is connected:
 * 10.0.0.0/8 via 10.0.0.1 would resolve through itself); the depth of
 * recursion is bounded, so loops end.
 */
int		 static_route_usable(const struct static_cfg *,
		    const struct static_route *, const struct static_env *);
/*
 * 1 if addr resolves through a usable static route (longest match among
 * usable routes, Null0 included: XR resolves through a discard route, as
 * RTBH next hops need), with *via (if not NULL) the route.
 */
int		 static_resolve(const struct static_cfg *, const struct xaddr *,
		    const struct static_env *,
		    const struct static_route **via);

#endif
