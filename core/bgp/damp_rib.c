/*
 * damp_rib: flap dampening between rib_in.c and the Loc-RIB (see
 * damp_rib.h).  The per-path parameters come from the AF's `bgp
 * dampening` line, or from its route-policy's `set dampening` (a path
 * the policy sets nothing for, or drops, is not damped).
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/damp_rib.h"
#include "core/bgp/locrib.h"
#include "core/bgp/peer.h"
#include "core/bgp/policy.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/config/bgp_model.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl_eval.h"

static struct {
	struct damp_tab		*tab[2];
	int			 on[2];
	struct damp_params	 par[2];
	struct rpl_prog		*prog[2];
	char			 policy[2][128];
	double			 offset;	/* debug advance */
	struct loop_timer	*timer;
} D;

double
damp_rib_now(void)
{
	return loop_now() + D.offset;
}

static void	arm(void);

static void
reused(const struct damp_rec *r, void *arg)
{
	const struct locrib_source	*src;
	struct peer			*p;
	int				 afi = r->key.afi;

	(void)arg;
	if (bgp_rib.loc[afi] == NULL ||
	    (p = engine_peer_find(&r->key.peer)) == NULL ||
	    (src = rib_in_source_find(p, afi, r->key.pid)) == NULL)
		return;
	/* best path runs for the prefix; export follows the callback */
	(void)locrib_set_damped(bgp_rib.loc[afi], &r->key.pfx, src, 0);
}

static void
scan(void *arg)
{
	double	 now = damp_rib_now();
	int	 afi;

	(void)arg;
	D.timer = NULL;
	for (afi = 0; afi < 2; afi++)
		if (D.tab[afi] != NULL)
			(void)damp_scan(D.tab[afi], now, reused, NULL);
	arm();
}

/* The scan runs while some record exists. */
static void
arm(void)
{
	if (D.timer != NULL)
		return;
	if ((D.tab[0] == NULL || damp_tab_count(D.tab[0]) == 0) &&
	    (D.tab[1] == NULL || damp_tab_count(D.tab[1]) == 0))
		return;
	if ((D.timer = loop_timer_add(DAMP_SCAN_SECS, scan, NULL)) == NULL)
		log_warnx("bgp dampening: out of memory arming the reuse "
		    "scan");
}

static void
params_of(const struct bgp_gaf *g, struct damp_params *par)
{
	const struct bgp_item	*it = &g->dampening;

	damp_params_default(par);
	if (it->s != NULL)
		return;
	if (it->opt & BGP_OPT_DAMP_HL) {
		par->half_life = it->n[0] * 60;
		/* XR: max-suppress defaults to 4 times the half-life */
		par->max_suppress = par->half_life * 4;
	}
	if (it->opt & BGP_OPT_DAMP_ALL) {
		par->reuse = it->n[1];
		par->suppress = it->n[2];
		par->max_suppress = g->damp_max_suppress * 60;
	}
}

static void
link_policy(int afi, const char *text, const struct rpl_db *db)
{
	char	 name[128], err[256];
	char	*args = NULL;

	if (strcmp(text, D.policy[afi]) == 0 && (D.prog[afi] == NULL ||
	    !rpl_prog_stale(D.prog[afi], db)) && (D.prog[afi] != NULL ||
	    text[0] == '\0'))
		return;
	rpl_prog_free(D.prog[afi]);
	D.prog[afi] = NULL;
	strlcpy(D.policy[afi], text, sizeof(D.policy[afi]));
	if (text[0] == '\0')
		return;
	if (bgp_policy_split(text, name, sizeof(name), &args) == -1 ||
	    rpl_link(db, name, args, &D.prog[afi], err, sizeof(err)) == -1) {
		log_warnx("bgp dampening: route-policy %s not applied", text);
		D.prog[afi] = NULL;
	}
	free(args);
}

void
damp_rib_apply(const struct bgp_cfg *b, const struct rpl_db *db)
{
	const struct bgp_gaf	*g;
	char			 text[128];
	int			 afi, on;

	for (afi = 0; afi < 2; afi++) {
		g = b != NULL ? &b->af[afi] : NULL;
		on = g != NULL && g->present && g->dampening.set;
		text[0] = '\0';
		if (on) {
			params_of(g, &D.par[afi]);
			if (g->dampening.s != NULL) {
				strlcpy(text, g->dampening.s, sizeof(text));
				if (g->dampening.args != NULL)
					strlcat(text, g->dampening.args,
					    sizeof(text));
			}
		}
		link_policy(afi, text, db);
		if (!on && D.tab[afi] != NULL) {
			/* off: the damped paths are candidates again */
			(void)damp_clear(D.tab[afi], NULL, reused, NULL);
			damp_tab_free(D.tab[afi]);
			D.tab[afi] = NULL;
		}
		D.on[afi] = on;
	}
}

void
damp_rib_free(void)
{
	int	 afi;

	loop_timer_cancel(D.timer);
	for (afi = 0; afi < 2; afi++) {
		damp_tab_free(D.tab[afi]);
		rpl_prog_free(D.prog[afi]);
	}
	memset(&D, 0, sizeof(D));
}

/* The parameters for p's path with set a; 0 when it is not damped. */
static int
path_params(struct peer *p, int afi, const struct xprefix *pfx,
    const struct bgp_attrs *a, struct damp_params *par)
{
	struct bgp_pol_ctx	 ctx;
	uint32_t		 v[4];
	int			 rc;

	if (afi < 0 || afi > 1 || !D.on[afi] || !p->conf.ebgp)
		return 0;
	*par = D.par[afi];
	if (D.policy[afi][0] == '\0')
		return 1;
	if (D.prog[afi] == NULL || a == NULL)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.prefix = pfx;
	rib_peer_route_ctx(p, &ctx.peer);
	ctx.path_type = PATH_EBGP;
	if ((rc = bgp_policy_dampening(D.prog[afi], &ctx, a, v)) != 1) {
		if (rc == -1)
			log_warnx("bgp dampening: out of memory applying %s",
			    D.policy[afi]);
		return 0;
	}
	par->half_life = v[0] * 60;
	par->reuse = v[1];
	par->suppress = v[2];
	par->max_suppress = v[3] * 60;
	return 1;
}

static struct damp_tab *
tab(int afi)
{
	if (D.tab[afi] == NULL && (D.tab[afi] = damp_tab_new()) == NULL)
		log_warnx("bgp dampening: out of memory");
	return D.tab[afi];
}

static void
mkkey(struct damp_key *k, struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid)
{
	memset(k, 0, sizeof(*k));
	k->afi = (uint8_t)afi;
	k->pfx = *pfx;
	prefix_mask(&k->pfx);
	k->peer = p->addr;
	k->pid = pid;
}

int
damp_rib_announce(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid, const struct locrib_source *src, struct bgp_attrs *ia,
    int wire)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*old = NULL;
	struct damp_params		 par;
	struct damp_key			 k;
	struct damp_tab			*t;
	int				 rc;

	if (!path_params(p, afi, pfx, ia, &par) || (t = tab(afi)) == NULL)
		return 0;
	mkkey(&k, p, afi, pfx, pid);
	if ((e = locrib_lookup(bgp_rib.loc[afi], &k.pfx)) != NULL)
		old = locrib_entry_path_from(e, src);
	if (wire && old != NULL && old->attrs != ia)
		rc = damp_changed(t, &k, &par, damp_rib_now(), ia);
	else
		rc = damp_announced(t, &k, &par, damp_rib_now(), ia);
	arm();
	return rc == 1;
}

void
damp_rib_withdraw(struct peer *p, int afi, const struct xprefix *pfx,
    uint32_t pid, const struct locrib_source *src)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*old;
	struct damp_params		 par;
	struct damp_key			 k;
	struct damp_tab			*t;

	if (afi < 0 || afi > 1 || !D.on[afi] || bgp_rib.loc[afi] == NULL)
		return;
	mkkey(&k, p, afi, pfx, pid);
	if ((e = locrib_lookup(bgp_rib.loc[afi], &k.pfx)) == NULL ||
	    (old = locrib_entry_path_from(e, src)) == NULL ||
	    !path_params(p, afi, pfx, old->attrs, &par) ||
	    (t = tab(afi)) == NULL)
		return;
	if (damp_withdrawn(t, &k, &par, damp_rib_now()) == -1)
		log_warnx("bgp dampening: out of memory");
	arm();
}

void
damp_rib_peer_gone(struct peer *p, int afi)
{
	if (afi >= 0 && afi <= 1 && D.tab[afi] != NULL)
		damp_peer_gone(D.tab[afi], &p->addr);
}

void
damp_rib_view(int afi, struct damp_view *v)
{
	memset(v, 0, sizeof(*v));
	damp_params_default(&v->par);
	v->policy = "";
	if (afi < 0 || afi > 1)
		return;
	v->on = D.on[afi];
	if (v->on)
		v->par = D.par[afi];
	v->policy = D.policy[afi];
}

const struct damp_tab *
damp_rib_tab(int afi)
{
	return afi >= 0 && afi <= 1 ? D.tab[afi] : NULL;
}

size_t
damp_rib_clear(int afi, const struct xprefix *pfx)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < 2; i++)
		if ((afi < 0 || afi == i) && D.tab[i] != NULL)
			n += damp_clear(D.tab[i], pfx, reused, NULL);
	return n;
}

void
damp_rib_clear_flaps(void)
{
	int	 i;

	for (i = 0; i < 2; i++)
		if (D.tab[i] != NULL)
			damp_clear_flaps(D.tab[i], damp_rib_now());
}

void
damp_rib_advance(double seconds)
{
	loop_timer_cancel(D.timer);
	D.timer = NULL;
	if (seconds > 0)
		D.offset += seconds;
	scan(NULL);
}
