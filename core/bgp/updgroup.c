/*
 * updgroup: update groups, their membership, the per-prefix export into
 * each group's Adj-RIB-Out, and the queries for show.  The paced work
 * (flushes, walks, End-of-RIB) is in updgroup_dump.c.
 */
#include <sys/queue.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/export.h"
#include "core/bgp/impact_rec.h"
#include "core/bgp/locrib.h"
#include "core/bgp/originate.h"
#include "core/bgp/peer.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/bgp/updgroup_int.h"
#include "core/bgp/updpack.h"
#include "core/bgp/wire.h"
#include "core/lib/log.h"
#include "core/rpl/rpl_eval.h"

struct ug_glist	 ug_groups = TAILQ_HEAD_INITIALIZER(ug_groups);
char		 ug_mark;
static unsigned	 ug_next_id = 1;

static uint8_t
afi_family(int afi)
{
	return afi == 0 ? AF_V4 : AF_V6;
}

static void
ug_key_of(const struct peer *p, int afi, struct ug_key *k)
{
	memset(k, 0, sizeof(*k));
	k->afi = afi;
	k->ebgp = p->conf.ebgp;
	/*
	 * As XR: eBGP neighbors of different ASes share a group; only
	 * as-override, which rewrites their AS, keys on it (and a group of
	 * one checks the loop for its neighbor, ug_want).
	 */
	k->peer_as = p->conf.ebgp && p->conf.af[afi].as_override ?
	    p->conf.remote_as : 0;
	k->router_as = p->conf.router_as;
	k->local_as = p->conf.local_as;
	k->local_as_opts = p->conf.local_as_opts;
	if (p->conn != NULL)
		k->local = p->conn->local;
	k->rr_client = p->conf.af[afi].rr_client;
	k->nhs = p->conf.af[afi].nhs;
	k->nhu = p->conf.af[afi].nhu;
	k->send_comm = p->conf.af[afi].send_comm;
	k->send_extcomm = p->conf.af[afi].send_extcomm;
	k->gshut = p->conf.gshut;
	k->gshut_lp_set = p->conf.gshut_lp_set;
	k->gshut_lp = p->conf.gshut_lp;
	k->gshut_prepends = p->conf.gshut_prepends;
	k->send_gshut = p->conf.af[afi].send_gshut;
	k->remove_private = p->conf.af[afi].remove_private;
	k->as_override = p->conf.af[afi].as_override;
	k->default_orig = p->conf.af[afi].default_orig;
	if (k->default_orig)
		strlcpy(k->default_pol, p->conf.af[afi].default_orig_policy,
		    sizeof(k->default_pol));
	strlcpy(k->policy_out, p->ra[afi].out_text, sizeof(k->policy_out));
	k->has_pol_out = p->ra[afi].pol_out != NULL;
	k->as4 = p->as4;
	k->ext_msg = p->ext_msg;
	k->addpath = (p->ap_tx & peer_af_bit(afi)) != 0;
}

static int
ug_key_eq(const struct ug_key *a, const struct ug_key *b)
{
	return a->afi == b->afi && a->ebgp == b->ebgp &&
	    a->peer_as == b->peer_as && a->router_as == b->router_as &&
	    a->local_as == b->local_as &&
	    a->local_as_opts == b->local_as_opts &&
	    addr_cmp(&a->local, &b->local) == 0 &&
	    a->rr_client == b->rr_client && a->nhs == b->nhs &&
	    a->nhu == b->nhu && a->send_comm == b->send_comm &&
	    a->send_extcomm == b->send_extcomm &&
	    a->gshut == b->gshut && a->send_gshut == b->send_gshut &&
	    a->gshut_lp_set == b->gshut_lp_set &&
	    a->gshut_lp == b->gshut_lp &&
	    a->gshut_prepends == b->gshut_prepends &&
	    a->remove_private == b->remove_private &&
	    a->as_override == b->as_override &&
	    a->default_orig == b->default_orig &&
	    strcmp(a->default_pol, b->default_pol) == 0 &&
	    strcmp(a->policy_out, b->policy_out) == 0 &&
	    a->has_pol_out == b->has_pol_out &&
	    a->as4 == b->as4 && a->ext_msg == b->ext_msg &&
	    a->addpath == b->addpath;
}

void
ug_codec(const struct updgroup *g, struct bgp_codec_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->as4 = g->key.as4;
	c->ebgp = g->key.ebgp;
	c->afs = peer_af_bit(g->afi);
	c->maxlen = g->key.ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	c->local_as = g->key.local_as;
	c->addpath_tx = g->key.addpath ? peer_af_bit(g->afi) : 0;
}

int
ug_member_live(const struct ug_member *m)
{
	return m->peer->conn != NULL &&
	    m->peer->state == BGP_ST_ESTABLISHED;
}

/* The export target of g: the key, the global knobs, and the outbound
   policy and peer context of its first member (all members link the
   same policy text). */
int
ug_target(const struct updgroup *g, struct export_target *t)
{
	const struct ug_member	*m = TAILQ_FIRST(&g->members);
	const struct peer	*p;

	memset(t, 0, sizeof(*t));
	if (m == NULL)
		return -1;
	p = m->peer;
	t->afi = g->afi;
	t->ebgp = g->key.ebgp;
	t->peer_as = p->conf.remote_as;
	t->router_as = g->key.router_as;
	t->local_as = g->key.local_as;
	t->local_as_opts = g->key.local_as_opts;
	t->router_id = bgpe.router_id;
	t->cluster_id = bgp_rib.cluster_id;
	t->default_local_pref = bgp_rib.default_local_pref;
	t->rr_client = g->key.rr_client;
	t->nhs = g->key.nhs;
	t->nhu = g->key.nhu;
	t->send_comm = g->key.send_comm;
	t->send_extcomm = g->key.send_extcomm;
	t->remove_private = g->key.remove_private;
	t->as_override = g->key.as_override;
	t->unsafe_ebgp = bgp_rib.unsafe_ebgp;
	t->ibgp_enforce_mods = bgp_rib.ibgp_enforce_mods;
	t->signal_rov = bgp_rib.signal_ibgp;
	t->gshut = g->key.gshut;
	t->gshut_lp_set = g->key.gshut_lp_set;
	t->gshut_lp = g->key.gshut_lp;
	t->gshut_prepends = g->key.gshut_prepends;
	t->send_gshut = g->key.send_gshut;
	if (g->key.local.af == afi_family(g->afi))
		t->nexthop = g->key.local;
	t->policy = p->ra[g->afi].pol_out;
	rib_peer_route_ctx(p, &t->pctx);
	return 0;
}

/* "NAME(args)" -> a program linked against db; NULL if it fails. */
static struct rpl_prog *
link_text(const char *text, const struct rpl_db *db)
{
	struct rpl_prog	*prog = NULL;
	char		 name[UG_POLTEXT], err[160];
	const char	*args;
	size_t		 n;

	if (db == NULL || text[0] == '\0')
		return NULL;
	args = strchr(text, '(');
	n = args != NULL ? (size_t)(args - text) : strlen(text);
	if (n >= sizeof(name))
		return NULL;
	memcpy(name, text, n);
	name[n] = '\0';
	if (rpl_link(db, name, args, &prog, err, sizeof(err)) == -1) {
		log_warnx("default-originate route-policy %s: %s", text, err);
		return NULL;
	}
	return prog;
}

/* (Re-)links the default-originate policy when the policies moved on. */
static void
ug_defpol(struct updgroup *g)
{
	if (!g->defpol_dirty && g->defpol_db == bgp_rib.rpl &&
	    (g->defpol == NULL || !rpl_prog_stale(g->defpol, bgp_rib.rpl)))
		return;
	rpl_prog_free(g->defpol);
	g->defpol = NULL;
	if (g->key.default_orig)
		g->defpol = link_text(g->key.default_pol, bgp_rib.rpl);
	g->defpol_db = bgp_rib.rpl;
	g->defpol_dirty = 0;
}

static int
is_default(const struct xprefix *pfx)
{
	return pfx->len == 0;
}

/*
 * default-originate: ORIGIN IGP, empty AS path, our next hop, through
 * the optional policy and then the session rules as a local path.  The
 * outbound policy does not apply (XR sends the default around it).
 */
int
ug_want_default(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, struct bgp_attrs **out)
{
	struct export_target	 tt = *t;
	struct export_source	 src;
	struct bgp_pol_ctx	 ctx;
	struct bgp_attrs	*a, *in, *pa;
	enum export_result	 r;
	int			 pr;

	*out = NULL;
	if ((a = bgp_attrs_new()) == NULL)
		return -1;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	a->origin = BGP_ORIGIN_IGP;
	a->nexthop.af = afi_family(g->afi);
	if (g->afi == 0)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	if ((in = bgp_attrs_intern(a)) == NULL) {
		bgp_attrs_unref(a);
		return -1;
	}
	ug_defpol(g);
	if (g->key.default_pol[0] != '\0') {
		if (g->defpol == NULL) {	/* not linked: not sent */
			bgp_attrs_unref(in);
			return 0;
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.prefix = pfx;
		ctx.peer = t->pctx;
		ctx.path_type = PATH_LOCAL;
		ctx.weight = BGP_WEIGHT_LOCAL;
		pr = bgp_policy_apply(g->defpol, &ctx, in, &pa);
		bgp_attrs_unref(in);
		if (pr != BGP_POL_PERMIT)
			return pr == BGP_POL_ERROR ? -1 : 0;
		in = pa;
	}
	memset(&src, 0, sizeof(src));
	src.local = BGP_LOCAL_NETWORK;
	tt.policy = NULL;
	tt.unsafe_ebgp = 1;
	r = bgp_export(&tt, &src, pfx, in, out);
	bgp_attrs_unref(in);
	if (r == EXPORT_ERROR)
		return -1;
	if (r != EXPORT_SEND)
		*out = NULL;
	return 0;
}

/* What g should advertise for pfx: *out one reference, or NULL. */
static int
ug_want(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, struct bgp_attrs **out)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*bp;
	struct locrib			*loc = bgp_rib.loc[g->afi];

	*out = NULL;
	if (g->key.default_orig && is_default(pfx))
		return ug_want_default(g, t, pfx, out);
	if (loc == NULL || (e = locrib_lookup(loc, pfx)) == NULL ||
	    (bp = locrib_entry_best(e)) == NULL ||
	    originate_suppressed(g->afi, pfx))
		return 0;
	return ug_export_path(g, t, pfx, bp, out);
}

int
ug_export_path(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, const struct locrib_path *bp,
    struct bgp_attrs **out)
{
	const struct locrib_source	*s;
	const struct peer		*o;
	struct export_source		 src;
	enum export_result		 r;

	*out = NULL;
	/*
	 * XR's send-side loop check: a group of one eBGP neighbor (without
	 * as-override) is not sent the paths whose first AS is its own,
	 * which it would drop; a group of several gets them, as IOS does.
	 */
	if (g->key.ebgp && !g->key.as_override && g->nmembers == 1 &&
	    t->peer_as != 0 &&
	    bgp_aspath_first(bp->attrs->aspath, bp->attrs->aspath_len) ==
	    t->peer_as)
		return 0;
	s = bp->src;
	memset(&src, 0, sizeof(src));
	src.local = s->local;
	src.ebgp = s->ebgp;
	src.peer_router_id = s->peer_router_id;
	src.peer_addr = s->peer_addr;
	src.rov = bp->rov;
	if ((o = s->owner) != NULL)
		src.rr_client = o->conf.af[g->afi].rr_client;
	r = bgp_export(t, &src, pfx, bp->attrs, out);
	if (r == EXPORT_ERROR)
		return -1;
	if (r != EXPORT_SEND)
		*out = NULL;
	return 0;
}

int
ug_pend(struct updgroup *g, const struct xprefix *pfx, struct bgp_attrs *a)
{
	void	**slot, *old;

	if ((slot = pfxtable_slot(g->pending, pfx, NULL)) == NULL)
		return -1;
	old = *slot;
	*slot = a != NULL ? (void *)bgp_attrs_ref(a) : (void *)&ug_mark;
	ug_pend_release(old);
	ug_kick();
	return 0;
}

/*
 * The Adj-RIB-Out keeps, per prefix, a 64-bit fingerprint of the set
 * advertised (the attribute hash, never 0), not the set: a full table's
 * exported sets would otherwise stay interned twice over.  The set itself
 * lives only while pending; a table dump or a show recomputes it from
 * the Loc-RIB, which gives the same set as long as nothing changed, and a
 * change is caught by comparing fingerprints.  A collision between the
 * old and new set of one prefix (2^-64) would lose that one update.
 */
void *
ug_fp(const struct bgp_attrs *a)
{
	return (void *)((uintptr_t)bgp_attrs_hash(a) | 1);
}

/* A commit's window: an Adj-RIB-Out change counts for every member. */
static void
ug_impact(const struct updgroup *g, enum bgp_impact_kind k)
{
	const struct ug_member	*m;

	TAILQ_FOREACH(m, &g->members, entry)
		impact_count(&m->peer->addr, g->afi, k, 1);
}

/* Brings g's Adj-RIB-Out up to date for pfx, queueing the change if any;
   *out (if asked) gets what g advertises now, one reference, or NULL. */
static int
ug_sync(struct updgroup *g, const struct export_target *t,
    const struct xprefix *pfx, struct bgp_attrs **out)
{
	struct bgp_attrs	*want;
	void			**slot, *fp;

	if (out != NULL)
		*out = NULL;
	if (g->key.addpath)	/* the callers with out know the group */
		return ug_ap_sync(g, t, pfx, NULL);
	if (ug_want(g, t, pfx, &want) == -1)
		goto fail;
	/* one descent on the Adj-RIB-Out whatever the outcome */
	if (want == NULL) {
		if (pfxtable_del(g->adjout, pfx) == NULL)
			return 0;
		if (bgp_impact_on)
			ug_impact(g, BGP_IMP_WITHDRAWN);
	} else {
		if ((slot = pfxtable_slot(g->adjout, pfx, NULL)) == NULL) {
			bgp_attrs_unref(want);
			goto fail;
		}
		fp = ug_fp(want);
		if (*slot == fp) {
			if (out != NULL)
				*out = want;
			else
				bgp_attrs_unref(want);
			return 0;
		}
		if (bgp_impact_on)
			ug_impact(g, *slot == NULL ? BGP_IMP_ADVERTISED :
			    BGP_IMP_READVERTISED);
		*slot = fp;
	}
	if (ug_pend(g, pfx, want) == -1) {
		bgp_attrs_unref(want);
		goto fail;
	}
	if (out != NULL)
		*out = want;
	else
		bgp_attrs_unref(want);
	return 0;
fail:
	log_warnx("update group %u: out of memory exporting a prefix",
	    g->id);
	return -1;
}

int
ug_eval(struct updgroup *g, const struct xprefix *pfx)
{
	struct export_target	 t;

	if (ug_target(g, &t) == -1)
		return 0;
	return ug_sync(g, &t, pfx, NULL);
}

int
ug_current(struct updgroup *g, const struct xprefix *pfx,
    struct bgp_attrs **out)
{
	struct export_target	 t;

	*out = NULL;
	if (ug_target(g, &t) == -1)
		return 0;
	return ug_sync(g, &t, pfx, out);
}

void
ug_pend_release(void *v)
{
	if (v != NULL && v != &ug_mark)
		bgp_attrs_unref(v);
}

void
ug_recompute(struct updgroup *g)
{
	struct xprefix	 dflt;

	g->walking = 1;
	g->phase = 0;
	/* an empty Adj-RIB-Out only gets what the walk and the changes
	   put there, all current */
	g->prune = pfxtable_count(g->adjout) > 0;
	locrib_cursor_init(&g->walk, NULL);
	/* the default of default-originate may be in no table yet */
	memset(&dflt, 0, sizeof(dflt));
	dflt.addr.af = afi_family(g->afi);
	if (g->key.default_orig || pfxtable_get(g->adjout, &dflt) != NULL)
		ug_eval(g, &dflt);
	ug_kick();
}

void
updgroup_locrib_change(int afi, const struct xprefix *pfx)
{
	struct updgroup	*g;

	TAILQ_FOREACH(g, &ug_groups, entry)
		if (g->afi == afi)
			ug_eval(g, pfx);
}

void
updgroup_locrib_change_paths(int afi, const struct xprefix *pfx)
{
	struct updgroup	*g;

	TAILQ_FOREACH(g, &ug_groups, entry)
		if (g->afi == afi && g->key.addpath)
			ug_eval(g, pfx);
}

/* ---- groups and members ---- */

static struct updgroup *
ug_find(const struct ug_key *k)
{
	struct updgroup	*g;

	TAILQ_FOREACH(g, &ug_groups, entry)
		if (ug_key_eq(&g->key, k))
			return g;
	return NULL;
}

static struct updgroup *
ug_new(const struct ug_key *k)
{
	struct updgroup	*g;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->afi = k->afi;
	g->key = *k;
	g->defpol_dirty = 1;
	TAILQ_INIT(&g->members);
	if ((g->adjout = pfxtable_new(afi_family(k->afi))) == NULL ||
	    (g->pending = pfxtable_new(afi_family(k->afi))) == NULL) {
		pfxtable_free(g->adjout, NULL);
		free(g);
		return NULL;
	}
	g->id = ug_next_id++;
	TAILQ_INSERT_TAIL(&ug_groups, g, entry);
	if (k->addpath)
		ug_ap_count(k->afi, 1);
	return g;
}

/* A copy of src's Adj-RIB-Out under key k (for a member that moves
   alone): the recompute then sends it only the difference. */
static struct updgroup *
ug_clone(const struct updgroup *src, const struct ug_key *k)
{
	struct pfxtable_cursor	 c;
	struct updgroup		*g;
	struct xprefix		 p;
	void			*v;

	if ((g = ug_new(k)) == NULL)
		return NULL;
	pfxtable_cursor_init(&c, NULL);
	while (pfxtable_cursor_next(src->adjout, &c, &p, &v)) {
		if (k->addpath && (v = ug_apset_dup(v)) == NULL)
			return g;
		if (pfxtable_put(g->adjout, &p, v, NULL) == -1) {
			if (k->addpath)
				free(v);
			return g;	/* partial: the member gets less */
		}
	}
	return g;
}

static void
ug_free(struct updgroup *g)
{
	TAILQ_REMOVE(&ug_groups, g, entry);
	if (g->key.addpath)
		ug_ap_count(g->afi, -1);
	/* add-path values hold fingerprints only */
	pfxtable_free(g->adjout, g->key.addpath ? free : NULL);
	pfxtable_free(g->pending, g->key.addpath ? ug_ap_pend_free :
	    ug_pend_release);
	rpl_prog_free(g->defpol);
	free(g);
}

void
ug_member_free(struct ug_member *m)
{
	if (m == NULL)
		return;
	pfxtable_free(m->lag, NULL);
	free(m);
}

static void
ug_attach(struct updgroup *g, struct ug_member *m)
{
	m->g = g;
	TAILQ_INSERT_TAIL(&g->members, m, entry);
	g->nmembers++;
	m->peer->upd[g->afi] = g;
	m->peer->upd_member[g->afi] = m;
	/* the send-side loop check (ug_want) holds for one member only */
	if (g->key.ebgp && !g->key.as_override && g->nmembers == 2)
		ug_recompute(g);
}

/* Takes m out of its group; frees the group when it was the last. */
static void
ug_detach(struct ug_member *m)
{
	struct updgroup	*g = m->g;

	TAILQ_REMOVE(&g->members, m, entry);
	g->nmembers--;
	m->g = NULL;
	m->peer->upd[g->afi] = NULL;
	m->peer->upd_member[g->afi] = NULL;
	if (g->nmembers == 0)
		ug_free(g);
	else if (g->key.ebgp && !g->key.as_override && g->nmembers == 1)
		ug_recompute(g);
}

static void
ug_join(struct peer *p, int afi)
{
	struct ug_member	*m;
	struct updgroup		*g;
	struct ug_key		 k;
	int			 fresh = 0;

	if (p->upd_member[afi] != NULL || bgp_rib.loc[afi] == NULL)
		return;
	ug_key_of(p, afi, &k);
	if ((m = calloc(1, sizeof(*m))) == NULL)
		goto fail;
	if ((g = ug_find(&k)) == NULL) {
		if ((g = ug_new(&k)) == NULL) {
			ug_member_free(m);
			goto fail;
		}
		fresh = 1;
	}
	m->peer = p;
	m->need_eor = 1;
	ug_attach(g, m);
	if (fresh) {
		/* everything the fill produces goes to m as changes */
		m->state = UGM_SYNCED;
		ug_recompute(g);
	} else
		ug_member_walk(m);
	return;
fail:
	log_warnx("neighbor %s: out of memory joining an update group",
	    p->name);
}

void
updgroup_peer_up(struct peer *p)
{
	int	 afi;

	for (afi = 0; afi < PEER_NAF; afi++)
		if (p->afs_neg & peer_af_bit(afi))
			ug_join(p, afi);
}

void
updgroup_peer_down(struct peer *p)
{
	struct ug_member	*m;
	int			 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		if ((m = p->upd_member[afi]) == NULL)
			continue;
		ug_detach(m);
		ug_member_free(m);
	}
}

/*
 * What changes for m when it moves from its group to one with the
 * Adj-RIB-Out `to`: withdraw what it has that `to` lacks, announce what
 * differs or is new.  A member still being sent its table has only what
 * its walk passed.
 */
static int
ug_diff(struct ug_member *m, struct updgroup *to)
{
	struct pfxtable_cursor	 c;
	struct bgp_codec_ctx	 ctx;
	struct updpack		 u;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	struct bgp_attrs	*a;
	void			*v, *w;
	int			 walked = m->state == UGM_WALK && !m->holds;
	int			 rv = -1, rc;

	updpack_init(&u);
	if (m->g->key.addpath || to->key.addpath) {
		/* both or neither: the key has the session's capability */
		if (ug_ap_diff(m, to, &u) == -1)
			goto out;
		goto send;
	}
	pfxtable_cursor_init(&c, NULL);
	while (pfxtable_cursor_next(m->g->adjout, &c, &p, &v)) {
		if (walked && (!m->cur.started ||
		    prefix_cmp(&p, &m->cur.last) > 0))
			break;
		w = pfxtable_get(to->adjout, &p);
		if (w == NULL && updpack_withdraw(&u, &p) == -1)
			goto out;
		if (w == NULL && bgp_impact_on)
			impact_count(&m->peer->addr, to->afi,
			    BGP_IMP_WITHDRAWN, 1);
		if (w == NULL || w == v)
			continue;
		if (ug_current(to, &p, &a) == -1)
			goto out;
		if (bgp_impact_on)
			impact_count(&m->peer->addr, to->afi, a != NULL ?
			    BGP_IMP_READVERTISED : BGP_IMP_WITHDRAWN, 1);
		rc = a != NULL ? updpack_announce(&u, a, &p) :
		    updpack_withdraw(&u, &p);
		bgp_attrs_unref(a);
		if (rc == -1)
			goto out;
	}
	if (!walked) {
		pfxtable_cursor_init(&c, NULL);
		while (pfxtable_cursor_next(to->adjout, &c, &p, &w)) {
			if (pfxtable_get(m->g->adjout, &p) != NULL)
				continue;
			if (ug_current(to, &p, &a) == -1)
				goto out;
			if (a != NULL && bgp_impact_on)
				impact_count(&m->peer->addr, to->afi,
				    BGP_IMP_ADVERTISED, 1);
			rc = a != NULL ? updpack_announce(&u, a, &p) : 0;
			bgp_attrs_unref(a);
			if (rc == -1)
				goto out;
		}
	}
send:
	ug_codec(to, &ctx);
	if (updpack_encode(&u, &ctx, &b, NULL) == -1)
		goto out;
	rv = ug_send(m, &b);
out:
	wbuf_free(&b);
	updpack_free(&u);
	return rv;
}

/* Puts m where its current settings belong, sending the difference. */
static void
ug_regroup(struct ug_member *m)
{
	struct updgroup	*g = m->g, *ng;
	struct ug_key	 k;
	int		 was_walking = m->state == UGM_WALK;

	ug_key_of(m->peer, g->afi, &k);
	if (ug_key_eq(&k, &g->key)) {
		ug_recompute(g);
		return;
	}
	/* m must have what g's Adj-RIB-Out says before it is compared */
	ug_flush(g);
	if ((ng = ug_find(&k)) != NULL) {
		/* the other group may be mid-recompute: m then gets its
		   remaining changes like any synced member */
		if (ug_diff(m, ng) == -1)
			log_warnx("neighbor %s: out of memory regrouping",
			    m->peer->name);
		ug_detach(m);
		ug_attach(ng, m);
		if (was_walking) {
			m->holds = 1;
			ug_member_walk(m);
		} else
			m->state = UGM_SYNCED;
		ug_kick();
		return;
	}
	if (g->nmembers == 1) {
		/* alone: the group itself changes and recomputes */
		g->key = k;
		g->defpol_dirty = 1;
		ug_recompute(g);
		return;
	}
	if ((ng = ug_clone(g, &k)) == NULL) {
		log_warnx("neighbor %s: out of memory regrouping",
		    m->peer->name);
		return;
	}
	ug_detach(m);
	ug_attach(ng, m);
	if (was_walking) {	/* the clone holds more than m was sent */
		m->holds = 1;
		ug_member_walk(m);
	}
	ug_recompute(ng);
}

void
updgroup_peer_changed(struct peer *p)
{
	struct ug_member	*m;
	int			 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		if ((m = p->upd_member[afi]) == NULL)
			continue;
		m->g->defpol_dirty = 1;
		ug_regroup(m);
	}
}

void
updgroup_refresh_all(void)
{
	struct ug_member	**v = NULL;
	struct ug_member	*m;
	struct updgroup		*g;
	size_t			 n = 0, i;

	TAILQ_FOREACH(g, &ug_groups, entry)
		n += g->nmembers;
	/* regrouping changes the lists: collect the members first */
	if (n > 0 && (v = calloc(n, sizeof(*v))) == NULL) {
		log_warnx("%s: out of memory", __func__);
		return;
	}
	i = 0;
	TAILQ_FOREACH(g, &ug_groups, entry) {
		g->defpol_dirty = 1;
		TAILQ_FOREACH(m, &g->members, entry)
			if (i < n)
				v[i++] = m;
	}
	n = i;
	for (i = 0; i < n; i++)
		ug_regroup(v[i]);
	free(v);
	/* groups nobody moved in or out of still recompute */
	TAILQ_FOREACH(g, &ug_groups, entry)
		if (!g->walking)
			ug_recompute(g);
}

void
updgroup_resend(struct peer *p, int afi)
{
	struct ug_member	*m;
	struct wbuf		 b = WBUF_INIT;

	if (afi < 0 || afi >= PEER_NAF ||
	    (m = p->upd_member[afi]) == NULL)
		return;
	/* a dump already under way restarts and keeps its end marker
	   (no BoRR/EoRR around half a table) */
	if (!m->need_eor) {
		m->eorr = p->enhanced_rr;
		if (m->eorr &&
		    bgp_route_refresh_encode(&b, afi == 0 ? BGP_AFI_IPV4 :
		    BGP_AFI_IPV6, BGP_RR_BORR, BGP_SAFI_UNICAST) == 0)
			ug_send(m, &b);
		wbuf_free(&b);
	}
	m->need_eor = 1;
	m->holds = 1;
	ug_member_walk(m);
}

void
updgroup_free_all(void)
{
	struct updgroup		*g;
	struct ug_member	*m;

	ug_work_cancel();
	while ((g = TAILQ_FIRST(&ug_groups)) != NULL) {
		if ((m = TAILQ_FIRST(&g->members)) == NULL) {
			ug_free(g);
			continue;
		}
		/* the last member's detach frees g */
		ug_detach(m);
		ug_member_free(m);
	}
}

/* ---- queries ---- */

void
updgroup_foreach(int (*cb)(const struct updgroup_info *, void *), void *arg)
{
	struct updgroup_info	 in;
	struct updgroup		*g;
	struct ug_member	*m;
	struct xaddr		*addrs;
	size_t			 i;

	TAILQ_FOREACH(g, &ug_groups, entry) {
		memset(&in, 0, sizeof(in));
		in.id = g->id;
		in.afi = g->afi;
		in.ebgp = g->key.ebgp;
		/* XR's "First neighbor AS" */
		if (g->key.ebgp && (m = TAILQ_FIRST(&g->members)) != NULL)
			in.peer_as = m->peer->conf.remote_as;
		in.rr_client = g->key.rr_client;
		in.nhs = g->key.nhs;
		strlcpy(in.policy_out, g->key.policy_out,
		    sizeof(in.policy_out));
		if ((addrs = calloc(g->nmembers + 1, sizeof(*addrs))) == NULL)
			return;
		i = 0;
		TAILQ_FOREACH(m, &g->members, entry) {
			addrs[i++] = m->peer->addr;
			if (m->state == UGM_WALK || m->need_eor)
				in.members_syncing++;
			if (m->lag != NULL && pfxtable_count(m->lag) > 0) {
				in.members_behind++;
				in.prefixes_behind += pfxtable_count(m->lag);
			}
		}
		in.walking = g->walking;
		in.nmembers = i;
		in.members = addrs;
		in.adjout_prefixes = pfxtable_count(g->adjout);
		in.updates_sent = g->updates_sent;
		in.withdraws_sent = g->withdraws_sent;
		in.msgs_formatted = g->msgs_formatted;
		in.pending = pfxtable_count(g->pending);
		i = (size_t)cb(&in, arg);
		free(addrs);
		if (i != 0)
			return;
	}
}

struct adj_walk {
	struct ug_apvec		 ap;
	struct updgroup		*g;
	struct export_target	 t;
	int	(*cb)(const struct xprefix *, const struct bgp_attrs *,
		    void *);
	void	*arg;
};

/* What the group advertises, recomputed (the table keeps fingerprints);
   read-only: a prefix whose export changed since shows its new set. */
static int
adj_walk_cb(const struct xprefix *p, void *v, void *arg)
{
	struct adj_walk		*w = arg;
	struct bgp_attrs	*a;
	size_t			 i;
	int			 rc = 0;

	(void)v;
	if (w->g->key.addpath) {
		/* every path it would advertise, recomputed */
		if (ug_ap_want(w->g, &w->t, p, &w->ap) == -1)
			return 0;
		for (i = 0; i < w->ap.n && rc == 0; i++)
			rc = w->cb(p, w->ap.e[i].v, w->arg);
		ug_apvec_free(&w->ap);
		return rc;
	}
	if (ug_want(w->g, &w->t, p, &a) == -1 || a == NULL)
		return 0;
	rc = w->cb(p, a, w->arg);
	bgp_attrs_unref(a);
	return rc;
}

int
updgroup_adjout_foreach(const struct peer *p, int afi,
    int (*cb)(const struct xprefix *, const struct bgp_attrs *, void *),
    void *arg)
{
	struct adj_walk	 w;

	if (afi < 0 || afi >= PEER_NAF || p->upd[afi] == NULL)
		return -1;
	memset(&w, 0, sizeof(w));
	w.g = p->upd[afi];
	if (ug_target(w.g, &w.t) == -1)
		return 0;
	w.cb = cb;
	w.arg = arg;
	pfxtable_walk(w.g->adjout, adj_walk_cb, &w);
	return 0;
}

/* ---- the configuration impact preview (impact.c) ---- */

int
updgroup_preview_target(const struct peer *p, int afi,
    struct export_target *t, unsigned *gid)
{
	if (afi < 0 || afi >= PEER_NAF || p->upd[afi] == NULL)
		return -1;
	if (gid != NULL)
		*gid = p->upd[afi]->id;
	return ug_target(p->upd[afi], t);
}

int
updgroup_preview_want(const struct peer *p, int afi,
    const struct export_target *t, const struct xprefix *pfx,
    const struct locrib_path *bp, int use_bp, struct bgp_attrs **out)
{
	struct updgroup	*g;

	*out = NULL;
	if (afi < 0 || afi >= PEER_NAF || (g = p->upd[afi]) == NULL)
		return -1;
	if (!use_bp)
		return ug_want(g, t, pfx, out);
	/* what ug_want does, with the best path given */
	if (g->key.default_orig && is_default(pfx))
		return ug_want_default(g, t, pfx, out);
	if (bp == NULL || originate_suppressed(g->afi, pfx))
		return 0;
	return ug_export_path(g, t, pfx, bp, out);
}

int
updgroup_preview_sent(const struct peer *p, int afi, const struct xprefix *pfx,
    const struct bgp_attrs *a, int *had, int *same)
{
	struct updgroup	*g;
	void		*fp;

	if (afi < 0 || afi >= PEER_NAF || (g = p->upd[afi]) == NULL ||
	    g->key.addpath)
		return -1;
	fp = pfxtable_get(g->adjout, pfx);
	*had = fp != NULL;
	*same = a == NULL ? fp == NULL : fp == ug_fp(a);
	return 0;
}

void
updgroup_preview_warm(const struct peer *p, int afi,
    const struct xprefix *const *pfx, size_t n)
{
	struct updgroup	*g;
	void		*v[PFXTABLE_BATCH];

	if (afi < 0 || afi >= PEER_NAF || (g = p->upd[afi]) == NULL)
		return;
	pfxtable_get_many(g->adjout, pfx, n, v);
}

size_t
updgroup_count(void)
{
	struct updgroup	*g;
	size_t		 n = 0;

	TAILQ_FOREACH(g, &ug_groups, entry)
		n++;
	return n;
}

size_t
updgroup_memory(void)
{
	struct updgroup	*g;
	size_t		 n = 0;

	TAILQ_FOREACH(g, &ug_groups, entry)
		n += sizeof(*g) + pfxtable_memory(g->adjout) +
		    pfxtable_memory(g->pending) +
		    g->nmembers * sizeof(struct ug_member);
	return n;
}
