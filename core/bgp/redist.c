/*
 * redist: redistribute static / connected; see redist.h.
 *
 * One Loc-RIB source per kind, so a prefix both configured statically
 * and connected (or also a `network`) has one path per origin, as XR
 * keeps one per protocol.  The prefixes a kind has in the Loc-RIB are
 * kept sorted; an apply computes the wanted set, updates each (identical
 * attributes change nothing: see originate.c) and withdraws the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/bgp/redist.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/config/static_cfg.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl_eval.h"
#include "core/sys/iface.h"

struct redist_af {
	struct locrib	*loc;		/* the Loc-RIB cur refers to */
	struct xprefix	*cur;		/* in the Loc-RIB, sorted */
	size_t		 ncur;
};

struct redist_kind {
	struct locrib_source	 src;
	struct redist_af	 af[2];
};

static struct redist_kind	 rk[BGP_REDIST_COUNT];
/*
 * A configuration with router bgp was applied and not cleared since: a
 * refresh after `no router bgp` (whose config the RIB no longer takes)
 * must not bring the routes back.
 */
static int			 active;

/* the interface table's notifications: a refresh on the next turn */
static int			 iface_handle = -1;
static struct loop_timer	*t_iface;

static const char *const	 kind_name[BGP_REDIST_COUNT] = {
	"connected", "static"
};

static int
pfx_cmp(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* A wanted-prefix list under construction. */
struct plist {
	struct xprefix	*v;
	size_t		 n, cap;
	int		 oom;
};

static void
plist_add(struct plist *l, const struct xprefix *p)
{
	struct xprefix	*nv;
	size_t		 cap;

	if (l->oom)
		return;
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 16 : l->cap * 2;
		if ((nv = reallocarray(l->v, cap, sizeof(*nv))) == NULL) {
			l->oom = 1;
			return;
		}
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = *p;
}

/* sorts and drops duplicates */
static void
plist_finish(struct plist *l)
{
	size_t	 i, j;

	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof(*l->v), pfx_cmp);
	for (i = j = 1; i < l->n; i++)
		if (prefix_cmp(&l->v[i], &l->v[j - 1]) != 0)
			l->v[j++] = l->v[i];
	l->n = j;
}

/*
 * The host's networks XR would redistribute: not loopback (127/8, ::1)
 * and not IPv6 link-local (fe80::/10).
 */
static int
connected_wanted(const struct xprefix *p)
{
	static const uint8_t	 v6lo[16] = { [15] = 1 };

	if (p->addr.af == AF_V4)
		return p->addr.a[0] != 127;
	if (p->addr.af != AF_V6)
		return 0;
	if (p->len == 128 && memcmp(p->addr.a, v6lo, 16) == 0)
		return 0;
	return !(p->addr.a[0] == 0xfe && (p->addr.a[1] & 0xc0) == 0x80);
}

struct conn_walk {
	struct plist	*l;
	uint8_t		 af;
};

/* The networks of an interface that is up (its connected routes). */
static void
add_connected(const struct iface *ifp, void *arg)
{
	struct conn_walk	*w = arg;
	struct xprefix		 m;
	size_t			 i;

	if (!iface_oper_up(ifp))
		return;
	for (i = 0; i < ifp->naddrs; i++) {
		m = ifp->addrs[i];
		if (m.addr.af != w->af)
			continue;
		prefix_mask(&m);
		if (connected_wanted(&m))
			plist_add(w->l, &m);
	}
}

/*
 * The host as router static's usability helpers see it: the networks
 * and states of the interface table.  Usability, not the RIB's
 * selection, decides (as before the RIB): a static route whose prefix is
 * also a connected network is still redistributed.
 */
struct conn_find {
	const struct xaddr	*a;
	int			 found;
};

static void
conn_find_cb(const struct iface *ifp, void *arg)
{
	struct conn_find	*f = arg;
	struct xprefix		 net, host;
	size_t			 i;

	if (f->found || !iface_oper_up(ifp))
		return;
	prefix_host(f->a, &host);
	for (i = 0; i < ifp->naddrs; i++) {
		net = ifp->addrs[i];	/* host bits kept there */
		prefix_mask(&net);
		if (net.addr.af == host.addr.af &&
		    prefix_contains(&net, &host)) {
			f->found = 1;
			return;
		}
	}
}

static int
env_connected(const struct xaddr *a, void *ctx)
{
	struct conn_find	 f = { a, 0 };

	(void)ctx;
	iface_foreach(conn_find_cb, &f);
	return f.found;
}

static int
env_if_up(const char *name, void *ctx)
{
	const struct iface	*ifp = iface_by_name(name);

	(void)ctx;
	return ifp != NULL && iface_oper_up(ifp);
}

static const struct static_env	 redist_env = {
	env_connected, env_if_up, NULL
};

static void
wanted(int kind, int afi, const struct config *cfg, struct plist *l)
{
	const struct static_af	*sa;
	struct conn_walk	 w;
	size_t			 i;

	if (kind == BGP_REDIST_CONNECTED) {
		w.l = l;
		w.af = afi == 0 ? AF_V4 : AF_V6;
		iface_foreach(add_connected, &w);
	} else if (cfg->statics != NULL) {
		sa = &cfg->statics->af[afi];
		/* a default route needs default-information originate in
		   XR, which xrsh does not have: never redistributed */
		for (i = 0; sa->present && i < sa->n; i++)
			if (sa->v[i].pfx.len > 0 &&
			    static_route_usable(cfg->statics, &sa->v[i],
			    &redist_env))
				plist_add(l, &sa->v[i].pfx);
	}
	plist_finish(l);
}

/* The base attributes of a redistributed route: one interned reference. */
static struct bgp_attrs *
base_attrs(int afi, const struct bgp_item *it)
{
	struct bgp_attrs	*a, *in;

	if ((a = bgp_attrs_new()) == NULL)
		return NULL;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	a->origin = BGP_ORIGIN_INCOMPLETE;
	a->nexthop.af = afi == BGP_AFI_V6 ? AF_V6 : AF_V4;
	/* IPv6 next hops travel in MP_REACH_NLRI, which has no bit. */
	if (afi == BGP_AFI_V4)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	if (it->opt & BGP_OPT_HAS_VALUE) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_MED);
		a->med = it->n[0];
	}
	if ((in = bgp_attrs_intern(a)) == NULL)
		bgp_attrs_unref(a);
	return in;
}

static int
in_cur(const struct redist_af *af, const struct xprefix *p)
{
	return af->ncur > 0 && bsearch(p, af->cur, af->ncur,
	    sizeof(*af->cur), pfx_cmp) != NULL;
}

/* A Loc-RIB that is not the one our list refers to took our paths. */
static struct redist_af *
af_sync(struct redist_kind *k, int afi)
{
	struct redist_af	*af = &k->af[afi];

	if (af->loc != bgp_rib.loc[afi]) {
		free(af->cur);
		memset(af, 0, sizeof(*af));
		af->loc = bgp_rib.loc[afi];
	}
	return af;
}

/*
 * One kind in one family.  The policy decides per prefix; a prefix it
 * drops is withdrawn.  On failure the paths already there stay.
 */
static int
apply_af(int kind, int afi, const struct config *cfg)
{
	struct redist_kind	*k = &rk[kind];
	struct redist_af	*af = af_sync(k, afi);
	const struct bgp_item	*it = NULL;
	struct plist		 want = { NULL, 0, 0, 0 };
	struct xprefix		*now = NULL;
	struct bgp_attrs	*base = NULL, *out;
	struct rpl_prog		*prog = NULL;
	struct bgp_pol_ctx	 ctx;
	size_t			 i, n = 0;
	char			 ebuf[256];
	int			 r, ret = 0;

	if (af->loc == NULL)
		return 0;
	if (cfg != NULL && cfg->bgp != NULL && cfg->bgp->af[afi].present &&
	    cfg->bgp->af[afi].redist[kind].set)
		it = &cfg->bgp->af[afi].redist[kind];
	if (it != NULL && it->s != NULL && (cfg->rpl == NULL ||
	    rpl_link(cfg->rpl, it->s, it->args, &prog, ebuf,
	    sizeof(ebuf)) == -1)) {
		log_warnx("bgp: redistribute %s: route-policy %s: %s, not "
		    "redistributed", kind_name[kind], it->s,
		    cfg->rpl == NULL ? "no policies" : ebuf);
		it = NULL;
	}
	if (it != NULL) {
		wanted(kind, afi, cfg, &want);
		if (want.oom || (base = base_attrs(afi, it)) == NULL)
			goto nomem;
		if (want.n > 0 && (now = calloc(want.n, sizeof(*now))) == NULL)
			goto nomem;
	}
	for (i = 0; i < want.n; i++) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.prefix = &want.v[i];
		ctx.path_type = PATH_LOCAL;
		ctx.weight = BGP_WEIGHT_LOCAL;
		out = NULL;
		r = bgp_policy_apply(prog, &ctx, base, &out);
		if (r == BGP_POL_ERROR) {
			ret = -1;
			/* keep whatever path is there */
			if (in_cur(af, &want.v[i]))
				now[n++] = want.v[i];
			continue;
		}
		if (r != BGP_POL_PERMIT) {
			locrib_withdraw(af->loc, &want.v[i], &k->src);
			continue;
		}
		if (locrib_update(af->loc, &want.v[i], &k->src, out,
		    loop_now()) == -1) {
			ret = -1;
			if (!in_cur(af, &want.v[i]))
				continue;
		}
		now[n++] = want.v[i];
	}
	/* No longer wanted. */
	for (i = 0; i < af->ncur; i++)
		if (n == 0 || bsearch(&af->cur[i], now, n, sizeof(*now),
		    pfx_cmp) == NULL)
			locrib_withdraw(af->loc, &af->cur[i], &k->src);
	free(af->cur);
	af->cur = now;
	af->ncur = n;
	if (base != NULL)
		bgp_attrs_unref(base);
	rpl_prog_free(prog);
	free(want.v);
	return ret;
nomem:
	log_warnx("bgp: redistribute %s: out of memory", kind_name[kind]);
	if (base != NULL)
		bgp_attrs_unref(base);
	rpl_prog_free(prog);
	free(want.v);
	return -1;
}

static void
iface_fire(void *arg)
{
	(void)arg;
	t_iface = NULL;
	redist_refresh();
}

/* An address or link changed: connected networks, once per burst. */
static void
iface_changed(enum iface_event ev, const struct iface *ifp,
    const struct xprefix *addr, void *arg)
{
	(void)ev;
	(void)ifp;
	(void)addr;
	(void)arg;
	/* out of memory: the next change or commit catches up */
	if (t_iface == NULL)
		t_iface = loop_timer_add(0, iface_fire, NULL);
}

static void
sources_init(void)
{
	int	 k;

	for (k = 0; k < BGP_REDIST_COUNT; k++) {
		memset(&rk[k].src, 0, sizeof(rk[k].src));
		rk[k].src.weight = BGP_WEIGHT_LOCAL;
		rk[k].src.local = BGP_LOCAL_NETWORK;
		rk[k].src.peer_router_id = bgpe.router_id;
	}
}

int
redist_apply(const struct config *cfg)
{
	int	 k, afi, ret = 0;

	if (cfg == NULL || cfg->bgp == NULL) {
		redist_clear();
		return 0;
	}
	/* A source's fields may only change with none of its paths left. */
	if (rk[0].src.weight == 0 ||
	    rk[0].src.peer_router_id != bgpe.router_id) {
		redist_clear();
		sources_init();
	}
	active = 1;
	if (iface_handle == -1)
		iface_handle = iface_subscribe(iface_changed, NULL);
	for (k = 0; k < BGP_REDIST_COUNT; k++)
		for (afi = 0; afi < 2; afi++)
			if (apply_af(k, afi, cfg) == -1)
				ret = -1;
	return ret;
}

void
redist_refresh(void)
{
	if (active && bgp_rib.cfg != NULL)
		(void)redist_apply(bgp_rib.cfg);
}

void
redist_clear(void)
{
	struct redist_af	*af;
	size_t			 i;
	int			 k, afi;

	active = 0;
	if (iface_handle != -1)
		iface_unsubscribe(iface_handle);
	iface_handle = -1;
	loop_timer_cancel(t_iface);
	t_iface = NULL;
	for (k = 0; k < BGP_REDIST_COUNT; k++)
		for (afi = 0; afi < 2; afi++) {
			af = af_sync(&rk[k], afi);
			for (i = 0; af->loc != NULL && i < af->ncur; i++)
				locrib_withdraw(af->loc, &af->cur[i],
				    &rk[k].src);
			free(af->cur);
			af->cur = NULL;
			af->ncur = 0;
		}
}

size_t
redist_count(int afi)
{
	size_t	 n = 0;
	int	 k;

	if (afi < 0 || afi > 1)
		return 0;
	for (k = 0; k < BGP_REDIST_COUNT; k++)
		if (rk[k].af[afi].loc == bgp_rib.loc[afi])
			n += rk[k].af[afi].ncur;
	return n;
}
