/*
 * bgp_validate: commit-time checks of router bgp (all-or-nothing; every
 * problem is reported with the config path of the item) and the walk over
 * every route-policy attach point.  Checks:
 *   - a neighbor / neighbor-group / af-group address family whose AF is
 *     not configured under router bgp;
 *   - a neighbor without remote-as, direct or inherited;
 *   - `use` of an undefined group (or an af-group of another AF);
 *   - inheritance cycles among groups of one kind;
 *   - on each neighbor's effective session: ttl-security together with
 *     ebgp-multihop, a local-as equal to the router's AS or to the
 *     remote-as, ttl-security or local-as on an iBGP neighbor;
 *   - every attached policy, through rpl_check_attach();
 *   - the RPKI servers the engine cannot use (rpki_validate.c);
 *   - commands xrsh accepts but cannot honour (bgp_unsupported.c).
 * RFC 8212: an eBGP neighbor without policies is valid configuration.
 */
#include <stdio.h>
#include <string.h>

#include "core/config/bgp_inherit.h"
#include "core/config/bgp_unsupported.h"
#include "core/rpl/rpl_db.h"

#define BGP_WARN	"'BGP' detected the 'warning' condition '"

typedef void	(*attach_fn)(const struct bgp_attach *, const char *path,
		    const char *where, void *);

static const char *
afi_safi(enum bgp_afi afi)
{
	return afi == BGP_AFI_V6 ? "IPv6/uni" : "IPv4/uni";
}

static void
emit(const struct bgp_cfg *b, const struct bgp_peer *p, int afi,
    struct strbuf *line, struct bgp_attach *at, const char *where_tail,
    attach_fn cb, void *arg)
{
	struct strbuf	 path = STRBUF_INIT, where = STRBUF_INIT;

	bgp_peer_path(b, p, afi, sb_str(line), &path);
	if (p != NULL) {
		bgp_peer_header(p, &where);
		if (p->kind != BGP_AFG)
			sb_printf(&where, " address-family %s unicast",
			    bgp_afi_name(afi));
	} else
		sb_printf(&where, "address-family %s unicast",
		    bgp_afi_name(afi));
	sb_printf(&where, " %s", where_tail);
	if (!path.oom && !where.oom)
		cb(at, sb_str(&path), sb_str(&where), arg);
	sb_free(&path);
	sb_free(&where);
}

/* One policy attached to a global AF entry (network, aggregate-address,
 * redistribute): `kind owner route-policy NAME(args)`. */
static void
emit_gaf(const struct bgp_cfg *b, enum bgp_afi afi, const char *kind,
    const char *owner, const char *policy, const char *args, attach_fn cb,
    void *arg)
{
	struct bgp_attach	 at;
	struct strbuf		 line = STRBUF_INIT, tail = STRBUF_INIT;

	memset(&at, 0, sizeof(at));
	at.afi_safi = afi_safi(afi);
	at.dir = "";
	at.owner_kind = kind;
	at.owner = owner;
	at.policy = policy;
	at.args = args;
	/* an owner "" (additional-paths selection) is the kind alone */
	sb_printf(&line, "%s%s%s route-policy %s%s", kind, owner[0] ? " " :
	    "", owner, policy, args ? args : "");
	sb_printf(&tail, "%s%s%s", kind, owner[0] ? " " : "", owner);
	if (!line.oom && !tail.oom)
		emit(b, NULL, afi, &line, &at, sb_str(&tail), cb, arg);
	sb_free(&line);
	sb_free(&tail);
}

static void
walk_gaf(const struct bgp_cfg *b, enum bgp_afi afi, attach_fn cb, void *arg)
{
	const struct bgp_gaf	*g = &b->af[afi];
	char			 pfx[PREFIX_STRLEN];
	size_t			 i;
	int			 r;

	for (i = 0; i < g->nnet; i++) {
		if (g->net[i].policy == NULL)
			continue;
		prefix_format(&g->net[i].pfx, pfx, sizeof(pfx));
		emit_gaf(b, afi, "network", pfx, g->net[i].policy,
		    g->net[i].args, cb, arg);
	}
	for (i = 0; i < g->nagg; i++) {
		if (g->agg[i].policy == NULL)
			continue;
		prefix_format(&g->agg[i].pfx, pfx, sizeof(pfx));
		emit_gaf(b, afi, "aggregate-address", pfx, g->agg[i].policy,
		    g->agg[i].args, cb, arg);
	}
	for (r = 0; r < BGP_REDIST_COUNT; r++) {
		const struct bgp_item	*it = &g->redist[r];

		if (it->set && it->s != NULL)
			emit_gaf(b, afi, "redistribute",
			    r == BGP_REDIST_CONNECTED ? "connected" : "static",
			    it->s, it->args, cb, arg);
	}
	if (g->dampening.set && g->dampening.s != NULL)
		emit_gaf(b, afi, "bgp dampening", "", g->dampening.s,
		    g->dampening.args, cb, arg);
	if (g->addpath[BGP_AP_SEL].set && g->addpath[BGP_AP_SEL].s != NULL)
		emit_gaf(b, afi, "additional-paths selection", "",
		    g->addpath[BGP_AP_SEL].s, g->addpath[BGP_AP_SEL].args, cb,
		    arg);
}

static void
walk_peer_af(const struct bgp_cfg *b, const struct bgp_peer *p,
    enum bgp_afi afi, attach_fn cb, void *arg)
{
	const struct bgp_afcfg	*a = &p->af[afi];
	struct bgp_attach	 at;
	struct strbuf		 line = STRBUF_INIT;
	int			 i;
	static const int	 items[] = { BA_POLICY_IN, BA_POLICY_OUT,
				    BA_DEFAULT_ORIG };

	memset(&at, 0, sizeof(at));
	at.afi_safi = afi_safi(afi);
	at.owner = p->name;
	for (i = 0; i < 3; i++) {
		const struct bgp_item	*it = &a->it[items[i]];

		if (!it->set || it->off || it->s == NULL)
			continue;
		sb_reset(&line);
		bgp_aitem_format(items[i], it, 0, &line);
		at.policy = it->s;
		at.args = it->args;
		if (items[i] == BA_DEFAULT_ORIG) {
			at.owner_kind = "default-originate";
			at.dir = "";
		} else {
			at.owner_kind = bgp_kind_name(p->kind);
			at.dir = items[i] == BA_POLICY_IN ? "in" : "out";
		}
		emit(b, p, afi, &line, &at, items[i] == BA_DEFAULT_ORIG ?
		    "default-originate" : at.dir, cb, arg);
	}
	sb_free(&line);
}

static void
walk(const struct bgp_cfg *b, attach_fn cb, void *arg)
{
	const struct bgp_peer	*p;
	int			 i;

	for (i = 0; i < BGP_AFI_COUNT; i++)
		if (b->af[i].present)
			walk_gaf(b, i, cb, arg);
	for (p = bgp_peer_first(b); p != NULL; p = bgp_peer_next(p)) {
		if (p->kind == BGP_SG)
			continue;
		for (i = 0; i < BGP_AFI_COUNT; i++) {
			if (p->kind == BGP_AFG ? p->afg_afi != (enum bgp_afi)i :
			    !p->af[i].present)
				continue;
			walk_peer_af(b, p, i, cb, arg);
		}
	}
}

struct foreach_ctx {
	void	(*cb)(const struct bgp_attach *, void *);
	void	*arg;
};

static void
foreach_cb(const struct bgp_attach *at, const char *path, const char *where,
    void *arg)
{
	struct foreach_ctx	*c = arg;

	(void)path;
	(void)where;
	c->cb(at, c->arg);
}

void
bgp_cfg_foreach_attach(const struct bgp_cfg *b,
    void (*cb)(const struct bgp_attach *, void *), void *arg)
{
	struct foreach_ctx	 c = { cb, arg };

	if (b != NULL)
		walk(b, foreach_cb, &c);
}

struct check_ctx {
	const struct rpl_db	*rpl;
	struct cfg_errors	*errs;
};

static void
check_cb(const struct bgp_attach *at, const char *path, const char *where,
    void *arg)
{
	struct check_ctx	*c = arg;

	rpl_check_attach_at(c->rpl, rpl_attach_kind(at->owner_kind, at->dir),
	    at->policy, at->args, path, where, c->errs);
}

static void
err_at(const struct bgp_cfg *b, const struct bgp_peer *p, int afi,
    const char *line, struct cfg_errors *errs, const char *msg)
{
	struct strbuf	 path = STRBUF_INIT;

	bgp_peer_path(b, p, afi, line, &path);
	if (!path.oom)
		cfg_error_add(errs, sb_str(&path), BGP_WARN "%s'", msg);
	sb_free(&path);
}

/* XR's own wording for external-only items on an iBGP neighbor. */
static void
err_internal(const struct bgp_cfg *b, const struct bgp_peer *p, int item,
    const struct bgp_item *it, struct cfg_errors *errs)
{
	struct strbuf	 line = STRBUF_INIT, path = STRBUF_INIT;

	bgp_sitem_format(item, it, &line);
	bgp_peer_path(b, p, -1, sb_str(&line), &path);
	if (!line.oom && !path.oom)
		cfg_error_add(errs, sb_str(&path), "Change would result in "
		    "internal neighbor (%s) with external-only config",
		    p->name);
	sb_free(&line);
	sb_free(&path);
}

static void
check_ref(const struct bgp_cfg *b, const struct bgp_peer *p, int afi,
    enum bgp_kind kind, const char *name, struct cfg_errors *errs)
{
	const struct bgp_peer	*g;
	char			 line[256], msg[384];

	if (name == NULL)
		return;
	snprintf(line, sizeof(line), "use %s %s", bgp_kind_name(kind), name);
	if ((g = bgp_peer_find(b, kind, name)) == NULL) {
		snprintf(msg, sizeof(msg), "The %s %s does not exist",
		    bgp_kind_name(kind), name);
		err_at(b, p, afi, line, errs, msg);
	} else if (kind == BGP_AFG && g->afg_afi != (enum bgp_afi)afi) {
		snprintf(msg, sizeof(msg), "The af-group %s is not configured "
		    "for address-family %s unicast", name, bgp_afi_name(afi));
		err_at(b, p, afi, line, errs, msg);
	}
}

/* an effective session item of neighbor p, NULL when off or unset */
static const struct bgp_item *
eff_on(const struct bgp_cfg *b, const struct bgp_peer *p, int item)
{
	const struct bgp_item	*it = bgp_eff_sitem(b, p, item, NULL);

	return bgp_eff_on(it) ? it : NULL;
}

/*
 * What an effective neighbor session cannot combine: ttl-security with
 * ebgp-multihop; a local-as equal to the router's AS or the remote-as;
 * external-only items (ttl-security, local-as) on an iBGP neighbor.
 */
static void
check_session(const struct bgp_cfg *b, const struct bgp_peer *p,
    struct cfg_errors *errs)
{
	const struct bgp_item	*ras, *las, *ttl;
	char			 msg[256], as[ASN_STRLEN];

	ras = eff_on(b, p, BS_REMOTE_AS);
	las = eff_on(b, p, BS_LOCAL_AS);
	ttl = eff_on(b, p, BS_TTL_SECURITY);
	if (ttl != NULL && eff_on(b, p, BS_EBGP_MULTIHOP) != NULL) {
		snprintf(msg, sizeof(msg), "ttl-security and ebgp-multihop "
		    "are mutually exclusive: both are configured for "
		    "neighbor %s", p->name);
		err_at(b, p, -1, NULL, errs, msg);
	}
	if (ras != NULL && ras->n[0] == b->asn) {
		if (ttl != NULL)
			err_internal(b, p, BS_TTL_SECURITY, ttl, errs);
		if (las != NULL)
			err_internal(b, p, BS_LOCAL_AS, las, errs);
		return;
	}
	if (las == NULL)
		return;
	asn_format(las->n[0], as, sizeof(as));
	if (las->n[0] == b->asn)
		snprintf(msg, sizeof(msg), "The local-as %s of neighbor %s "
		    "is the AS number of the router", as, p->name);
	else if (ras != NULL && las->n[0] == ras->n[0])
		snprintf(msg, sizeof(msg), "The local-as %s of neighbor %s "
		    "is the same as its remote-as", as, p->name);
	else
		return;
	err_at(b, p, -1, NULL, errs, msg);
}

static const char *
parent_ref(const struct bgp_peer *p)
{
	switch (p->kind) {
	case BGP_NG:
		return p->use_ng;
	case BGP_SG:
		return p->use_sg;
	case BGP_AFG:
		return p->af[p->afg_afi].use_afg;
	default:
		return NULL;
	}
}

/* A group whose chain of same-kind parents comes back to it. */
static void
check_cycle(const struct bgp_cfg *b, const struct bgp_peer *p,
    struct cfg_errors *errs)
{
	const struct bgp_peer	*q = p;
	struct strbuf		 chain = STRBUF_INIT, msg = STRBUF_INIT;
	char			 line[256];
	size_t			 steps;

	sb_printf(&chain, "%s %s", bgp_kind_name(p->kind), p->name);
	for (steps = 0; steps <= b->npeers; steps++) {
		const char	*ref = parent_ref(q);

		if (ref == NULL ||
		    (q = bgp_peer_find(b, p->kind, ref)) == NULL)
			goto done;
		sb_printf(&chain, " -> %s", q->name);
		if (q == p)
			break;
	}
	if (q != p)
		goto done;
	snprintf(line, sizeof(line), "use %s %s", bgp_kind_name(p->kind),
	    parent_ref(p));
	sb_printf(&msg, "Inheritance cycle: %s", sb_str(&chain));
	if (!msg.oom)
		err_at(b, p, p->kind == BGP_AFG ? (int)p->afg_afi : -1, line,
		    errs, sb_str(&msg));
done:
	sb_free(&chain);
	sb_free(&msg);
}

int
bgp_cfg_validate(const struct bgp_cfg *b, const struct rpl_db *rpl,
    struct cfg_errors *errs)
{
	const struct bgp_peer	*p;
	struct check_ctx	 c = { rpl, errs };
	size_t			 before = errs->n;
	int			 i;
	char			 msg[128];

	if (b == NULL)
		return 0;
	for (p = bgp_peer_first(b); p != NULL; p = bgp_peer_next(p)) {
		if (p->kind != BGP_NBR)
			check_cycle(b, p, errs);
		if (p->kind == BGP_NBR || p->kind == BGP_NG) {
			check_ref(b, p, -1, BGP_NG, p->use_ng, errs);
			check_ref(b, p, -1, BGP_SG, p->use_sg, errs);
		} else if (p->kind == BGP_SG)
			check_ref(b, p, -1, BGP_SG, p->use_sg, errs);
		for (i = 0; i < BGP_AFI_COUNT; i++) {
			if (p->kind == BGP_SG)
				break;
			if (p->kind == BGP_AFG ? p->afg_afi != (enum bgp_afi)i :
			    !p->af[i].present)
				continue;
			if (!b->af[i].present)
				err_at(b, p, i, NULL, errs, "The address family "
				    "has not been initialized");
			check_ref(b, p, i, BGP_AFG, p->af[i].use_afg, errs);
		}
		if (p->kind != BGP_NBR)
			continue;
		if (bgp_eff_sitem(b, p, BS_REMOTE_AS, NULL) == NULL) {
			snprintf(msg, sizeof(msg), "Remote AS must be configured "
			    "for neighbor %s", p->name);
			err_at(b, p, -1, NULL, errs, msg);
		}
		check_session(b, p, errs);
	}
	walk(b, check_cb, &c);
	bgp_rpki_validate(b, errs);
	bgp_cfg_check_unsupported(b, errs);
	return (int)(errs->n - before);
}
