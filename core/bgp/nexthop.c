/*
 * nexthop: the next-hop resolver; see nexthop.h.
 *
 * Three tables per family, all Patricia tries so that a lookup costs
 * O(address bits) however many next hops a peer invents: the connected
 * networks (longest match), the Established peers' addresses (a
 * reference count each: a neighbor may be up twice while an old session
 * closes behind a new one), and the tracked next hops with their last
 * reported state.  A tracked next hop's value is one of two static
 * markers, so tracking one costs only its trie node.
 *
 * Tracked next hops are never forgotten before nexthop_free(): the
 * Loc-RIB does not say when the last path through one goes.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/nexthop.h"
#include "core/lib/pfxtable.h"
#include "core/config/static_cfg.h"

static char	 nh_up, nh_down;	/* tracked values: the state */
static char	 conn_mark;		/* connected values: present */

static struct {
	struct locrib	*rib[2];
	struct pfxtable	*conn[2];
	struct pfxtable	*peers[2];	/* value: unsigned *, the refcount */
	struct pfxtable	*tracked[2];	/* value: &nh_up or &nh_down */
	int		 injected;	/* nexthop_set_connected was used */
	char		(*ifup)[IFNAMSIZ]; /* names of the interfaces up */
	size_t		 nifup;
	const struct static_cfg *statics; /* borrowed; NULL: none */
	size_t		 kept;		/* tracked after the last sweep */
	uint64_t	 swept_dropped;	/* the Loc-RIBs' dropped paths then */
} nh;

static int	in_connected(const struct xaddr *);

static int
env_connected(const struct xaddr *a, void *ctx)
{
	(void)ctx;
	return in_connected(a);
}

static int
env_if_up(const char *name, void *ctx)
{
	size_t	 i;

	(void)ctx;
	for (i = 0; i < nh.nifup; i++)
		if (strcmp(nh.ifup[i], name) == 0)
			return 1;
	return 0;
}

static const struct static_env	 nh_env = { env_connected, env_if_up, NULL };

static int
fam(const struct xaddr *a)
{
	if (a->af == AF_V4)
		return 0;
	if (a->af == AF_V6)
		return 1;
	return -1;
}

/* No next hop, or 0.0.0.0 / :: : a locally originated path. */
static int
unspecified(const struct xaddr *a)
{
	size_t	 i, n;

	if (a->af != AF_V4 && a->af != AF_V6)
		return 1;
	n = a->af == AF_V4 ? 4 : 16;
	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}

static struct pfxtable *
table(struct pfxtable **t, int i)
{
	if (t[i] == NULL)
		t[i] = pfxtable_new(i == 0 ? AF_V4 : AF_V6);
	return t[i];
}

static int
in_connected(const struct xaddr *a)
{
	int	 i = fam(a);

	return i != -1 && nh.conn[i] != NULL &&
	    pfxtable_match(nh.conn[i], a, NULL) != NULL;
}

static int
is_peer(const struct xaddr *a)
{
	struct xprefix	 p;
	int		 i = fam(a);

	if (i == -1 || nh.peers[i] == NULL)
		return 0;
	prefix_host(a, &p);
	return pfxtable_get(nh.peers[i], &p) != NULL;
}

/*
 * Through a static route, but not a default route: XR resolves BGP next
 * hops through a default route only with `nexthop resolution
 * allow-default`, which xrsh does not have.
 */
static int
via_static(const struct xaddr *a)
{
	const struct static_route	*via;

	return nh.statics != NULL && static_resolve(nh.statics, a, &nh_env,
	    &via) && via->pfx.len > 0;
}

/* The state from the tables, tracked or not. */
static int
compute(const struct xaddr *a)
{
	return unspecified(a) || is_peer(a) || in_connected(a) ||
	    via_static(a);
}

/* Reports a tracked next hop whose state may have changed. */
static void
update(const struct xaddr *a)
{
	struct xprefix	 p;
	void		*v;
	int		 i = fam(a), r;

	if (i == -1 || nh.tracked[i] == NULL)
		return;
	prefix_host(a, &p);
	if ((v = pfxtable_get(nh.tracked[i], &p)) == NULL)
		return;
	r = compute(a);
	if (r == (v == &nh_up))
		return;
	/* replacing a value allocates nothing */
	pfxtable_put(nh.tracked[i], &p, r ? &nh_up : &nh_down, NULL);
	/* out of memory: keep the old state, the next rescan retries */
	if (nh.rib[i] != NULL && locrib_set_nexthop(nh.rib[i], a, r, 0) == -1)
		pfxtable_put(nh.tracked[i], &p, v, NULL);
}

static void
update_all(void)
{
	struct pfxtable_cursor	 cur;
	struct xprefix		 p;
	void			*v;
	int			 i;

	for (i = 0; i < 2; i++) {
		if (nh.tracked[i] == NULL)
			continue;
		/* a cursor: update() replaces values as it goes */
		pfxtable_cursor_init(&cur, NULL);
		while (pfxtable_cursor_next(nh.tracked[i], &cur, &p, &v))
			update(&p.addr);
	}
}

static void
conn_free(struct pfxtable **t)
{
	pfxtable_free(t[0], NULL);
	pfxtable_free(t[1], NULL);
	t[0] = t[1] = NULL;
}

static int
conn_add(struct pfxtable **t, const struct xprefix *pfx)
{
	struct xprefix	 p = *pfx;
	int		 i = fam(&p.addr);

	if (i == -1 || p.len > (i == 0 ? 32 : 128))
		return 0;
	prefix_mask(&p);
	if (table(t, i) == NULL)
		return -1;
	return pfxtable_put(t[i], &p, &conn_mark, NULL);
}

static unsigned
mask_len(const uint8_t *m, size_t n)
{
	unsigned	 len = 0;
	size_t		 i;
	uint8_t		 b;

	for (i = 0; i < n; i++) {
		for (b = m[i]; b & 0x80; b <<= 1)
			len++;
		if (m[i] != 0xff)
			break;
	}
	return len;
}

/* One interface address as a connected network; 0 if not one. */
static int
ifa_prefix(const struct ifaddrs *ifa, struct xprefix *p)
{
	const struct sockaddr_in	*s4, *m4;
	const struct sockaddr_in6	*s6, *m6;

	memset(p, 0, sizeof(*p));
	if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
		return 0;
	if (ifa->ifa_addr->sa_family == AF_INET) {
		s4 = (const struct sockaddr_in *)(const void *)ifa->ifa_addr;
		m4 = (const struct sockaddr_in *)(const void *)ifa->ifa_netmask;
		p->addr.af = AF_V4;
		memcpy(p->addr.a, &s4->sin_addr, 4);
		p->len = m4 != NULL ? (uint8_t)mask_len(
		    (const uint8_t *)&m4->sin_addr, 4) : 32;
		return 1;
	}
	if (ifa->ifa_addr->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)(const void *)ifa->ifa_addr;
		m6 = (const struct sockaddr_in6 *)(const void *)
		    ifa->ifa_netmask;
		p->addr.af = AF_V6;
		memcpy(p->addr.a, &s6->sin6_addr, 16);
		p->len = m6 != NULL ? (uint8_t)mask_len(
		    (const uint8_t *)&m6->sin6_addr, 16) : 128;
		return 1;
	}
	return 0;
}

/*
 * The host's connected networks into t; -1 if they could not be read
 * (the caller keeps the old ones rather than losing every next hop).
 */
/* Notes an interface that is up (once); -1 on allocation failure. */
static int
ifup_add(char (**v)[IFNAMSIZ], size_t *n, const char *name)
{
	char	(*nv)[IFNAMSIZ];
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], name) == 0)
			return 0;
	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL)
		return -1;
	strlcpy(nv[*n], name, sizeof(nv[*n]));
	*v = nv;
	(*n)++;
	return 0;
}

static int
conn_read(struct pfxtable **t)
{
	struct ifaddrs	*ifs, *ifa;
	struct xprefix	 p;
	char		(*up)[IFNAMSIZ] = NULL;
	size_t		 nup = 0;
	int		 rc = 0;

	if (getifaddrs(&ifs) == -1)
		return -1;
	for (ifa = ifs; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa_prefix(ifa, &p) && conn_add(t, &p) == -1) {
			rc = -1;
			break;
		}
		if (ifa->ifa_name != NULL && (ifa->ifa_flags & IFF_UP) &&
		    ifup_add(&up, &nup, ifa->ifa_name) == -1) {
			rc = -1;
			break;
		}
	}
	freeifaddrs(ifs);
	if (rc == -1) {
		conn_free(t);
		free(up);
		return -1;
	}
	free(nh.ifup);
	nh.ifup = up;
	nh.nifup = nup;
	return 0;
}

static void
conn_replace(struct pfxtable **t)
{
	conn_free(nh.conn);
	nh.conn[0] = t[0];
	nh.conn[1] = t[1];
}

int
nexthop_init(struct locrib *v4, struct locrib *v6)
{
	struct pfxtable	*t[2] = { NULL, NULL };

	nexthop_free();
	nh.rib[0] = v4;
	nh.rib[1] = v6;
	/* unreadable interfaces: only peers count until a rescan works */
	if (conn_read(t) == 0)
		conn_replace(t);
	if (table(nh.tracked, 0) == NULL || table(nh.tracked, 1) == NULL ||
	    table(nh.peers, 0) == NULL || table(nh.peers, 1) == NULL) {
		nexthop_free();
		return -1;
	}
	return 0;
}

void
nexthop_free(void)
{
	int	 i;

	conn_free(nh.conn);
	for (i = 0; i < 2; i++) {
		pfxtable_free(nh.peers[i], free);
		pfxtable_free(nh.tracked[i], NULL);
	}
	free(nh.ifup);
	memset(&nh, 0, sizeof(nh));
}

int
nexthop_track(const struct xaddr *a)
{
	struct xprefix	 p;
	int		 i, r;

	if (unspecified(a))
		return 0;
	i = fam(a);
	prefix_host(a, &p);
	if (table(nh.tracked, i) == NULL)
		return -1;
	if (pfxtable_get(nh.tracked[i], &p) != NULL)
		return 0;
	r = compute(a);
	/* no path uses a yet: the Loc-RIB needs no walk */
	if (nh.rib[i] != NULL &&
	    locrib_nexthop_preset(nh.rib[i], a, r, 0) == -1)
		return -1;
	if (pfxtable_put(nh.tracked[i], &p, r ? &nh_up : &nh_down,
	    NULL) == -1) {
		if (nh.rib[i] != NULL)
			locrib_nexthop_preset(nh.rib[i], a, 1, 0);
		return -1;
	}
	return 0;
}

int
nexthop_reachable(const struct xaddr *a, uint32_t *metric)
{
	struct xprefix	 p;
	void		*v;
	int		 i = fam(a);

	if (metric != NULL)
		*metric = 0;
	if (i != -1 && nh.tracked[i] != NULL) {
		prefix_host(a, &p);
		if ((v = pfxtable_get(nh.tracked[i], &p)) != NULL)
			return v == &nh_up;
	}
	return compute(a);
}

const char *
nexthop_reason(const struct xaddr *a)
{
	if (nexthop_reachable(a, NULL))
		return NULL;
	return "not in a connected network, not through a static route and "
	    "not an established peer";
}

void
nexthop_peer_up(const struct xaddr *a)
{
	struct xprefix	 p;
	unsigned	*refs;
	int		 i = fam(a);

	if (i == -1 || table(nh.peers, i) == NULL)
		return;
	prefix_host(a, &p);
	if ((refs = pfxtable_get(nh.peers[i], &p)) != NULL) {
		(*refs)++;
		return;
	}
	/* out of memory: the peer's next hop stays as it was */
	if ((refs = malloc(sizeof(*refs))) == NULL)
		return;
	*refs = 1;
	if (pfxtable_put(nh.peers[i], &p, refs, NULL) == -1) {
		free(refs);
		return;
	}
	update(a);
}

void
nexthop_peer_down(const struct xaddr *a)
{
	struct xprefix	 p;
	unsigned	*refs;
	int		 i = fam(a);

	if (i == -1 || nh.peers[i] == NULL)
		return;
	prefix_host(a, &p);
	if ((refs = pfxtable_get(nh.peers[i], &p)) == NULL)
		return;
	if (--(*refs) > 0)
		return;
	free(pfxtable_del(nh.peers[i], &p));
	update(a);
}

/*
 * The sweep's marks: used[] holds every next hop of an interned set; a
 * small direct-mapped cache in front of it, since a table has hundreds of
 * thousands of sets over a few hundred next hops.
 */
#define MARK_CACHE	256
struct marks {
	struct pfxtable	*used[2];
	struct xaddr	 cache[MARK_CACHE];	/* af 0: empty */
};

static int
mark_used(const struct bgp_attrs *a, void *arg)
{
	struct marks	*m = arg;
	struct xaddr	*c;
	struct xprefix	 host;
	unsigned	 h = 0;
	size_t		 k;
	int		 i;

	if ((i = fam(&a->nexthop)) == -1)
		return 0;
	for (k = 0; k < sizeof(a->nexthop.a); k++)
		h = h * 31 + a->nexthop.a[k];
	c = &m->cache[h % MARK_CACHE];
	if (addr_cmp(c, &a->nexthop) == 0)
		return 0;
	prefix_host(&a->nexthop, &host);
	if (pfxtable_get(m->used[i], &host) == NULL &&
	    pfxtable_put(m->used[i], &host, &conn_mark, NULL) == -1)
		return -1;
	*c = a->nexthop;
	return 0;
}

/*
 * Forgets the tracked next hops that no Loc-RIB path uses any more (and
 * the Loc-RIB's record of their state): without this, every next hop a
 * peer ever sent stays, and a peer cycling through next hops (a flap
 * storm, a hostile peer) grows the table without bound.  Every Loc-RIB
 * path holds an interned attribute set, so the next hops in use are among
 * those of the interned sets: a walk of the sets (a few per hundred
 * paths on a full table), not of the paths, and only when next hops were
 * tracked or paths removed or replaced since the last sweep.  Sets held
 * elsewhere (soft-reconfiguration copies) keep theirs too, which is
 * harmless.  A failed allocation skips the sweep (the next rescan tries
 * again).
 */
static void
sweep(void)
{
	struct pfxtable_cursor	 cur;
	struct marks		*m;
	struct xprefix		 p;
	void			*v;
	uint64_t		 dropped = 0;
	int			 i;

	for (i = 0; i < 2; i++)
		if (nh.rib[i] != NULL)
			dropped += locrib_paths_dropped(nh.rib[i]);
	if (nexthop_count() == nh.kept && dropped == nh.swept_dropped)
		return;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return;
	m->used[0] = pfxtable_new(AF_V4);
	m->used[1] = pfxtable_new(AF_V6);
	if (m->used[0] == NULL || m->used[1] == NULL ||
	    bgp_attrs_intern_foreach(mark_used, m) != 0)
		goto out;
	for (i = 0; i < 2; i++) {
		if (nh.tracked[i] == NULL)
			continue;
		/* a cursor resumes after a deletion */
		pfxtable_cursor_init(&cur, NULL);
		while (pfxtable_cursor_next(nh.tracked[i], &cur, &p, &v)) {
			if (pfxtable_get(m->used[i], &p) != NULL)
				continue;
			pfxtable_del(nh.tracked[i], &p);
			/* back to the default: frees the Loc-RIB's record */
			if (nh.rib[i] != NULL)
				locrib_nexthop_preset(nh.rib[i], &p.addr, 1, 0);
		}
	}
	nh.kept = nexthop_count();
	nh.swept_dropped = dropped;
out:
	pfxtable_free(m->used[0], NULL);
	pfxtable_free(m->used[1], NULL);
	free(m);
}

void
nexthop_rescan(void)
{
	struct pfxtable	*t[2] = { NULL, NULL };

	sweep();
	/* injected networks stand for the interfaces until nexthop_free */
	if (!nh.injected) {
		if (conn_read(t) == -1)
			return;
		conn_replace(t);
	}
	update_all();
}

size_t
nexthop_count(void)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < 2; i++)
		if (nh.tracked[i] != NULL)
			n += pfxtable_count(nh.tracked[i]);
	return n;
}

/*
 * The networks given replace the interfaces' (NULL, 0: none) until
 * nexthop_free, and the tracked next hops are re-decided as on a
 * rescan.  On allocation failure the old networks stay.
 */
void
nexthop_set_connected(const struct xprefix *pfx, size_t n)
{
	struct pfxtable	*t[2] = { NULL, NULL };
	size_t		 i;

	for (i = 0; i < n; i++)
		if (conn_add(t, &pfx[i]) == -1) {
			conn_free(t);
			return;
		}
	conn_replace(t);
	nh.injected = 1;
	update_all();
}

void
nexthop_set_statics(const struct static_cfg *s)
{
	nh.statics = s;
	update_all();
}

const struct static_env *
nexthop_static_env(void)
{
	return &nh_env;
}

void
nexthop_foreach_connected(int afi, void (*cb)(const struct xprefix *,
    void *), void *arg)
{
	struct pfxtable_cursor	 cur;
	struct xprefix		 p;
	void			*v;

	if (afi < 0 || afi > 1 || nh.conn[afi] == NULL)
		return;
	pfxtable_cursor_init(&cur, NULL);
	while (pfxtable_cursor_next(nh.conn[afi], &cur, &p, &v))
		cb(&p, arg);
}
