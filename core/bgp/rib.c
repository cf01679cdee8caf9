/*
 * rib: the routing tables' lifetime, the Loc-RIB change dispatch, and
 * what a commit changes in routing without resetting a session: the
 * decision knobs, the policies linked per neighbor (re-linked only when
 * their text or an object they use changed, so unchanged neighbors keep
 * their programs), soft refresh in and out, and origination.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/converge.h"
#include "core/bgp/bgpmon.h"
#include "core/bgp/damp_rib.h"
#include "core/bgp/impact_rec.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/originate.h"
#include "core/bgp/redist.h"
#include "core/bgp/rov.h"
#include "core/bgp/rt_feed.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/config/rpki_cfg.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"
#include "core/rpl/rpl_eval.h"

#define NEXTHOP_RESCAN_SECS	30.0

struct bgp_rib		 bgp_rib;
static struct config	*rib_cfg;	/* the applied config (a copy) */
static struct loop_timer *t_rescan;

/*
 * Programs replaced by a commit are freed only once export has moved to
 * the new ones (update groups compare their members' programs).
 */
static struct rpl_prog	**grave;
static size_t		  ngrave, capgrave;

static void
grave_add(struct rpl_prog *prog)
{
	struct rpl_prog	**n;
	size_t		  cap;

	if (prog == NULL)
		return;
	if (ngrave == capgrave) {
		cap = capgrave == 0 ? 16 : capgrave * 2;
		if ((n = reallocarray(grave, cap, sizeof(*n))) == NULL) {
			/* leaking one program beats a dangling pointer */
			log_warnx("%s: out of memory", __func__);
			return;
		}
		grave = n;
		capgrave = cap;
	}
	grave[ngrave++] = prog;
}

static void
grave_empty(void)
{
	size_t	 i;

	for (i = 0; i < ngrave; i++)
		rpl_prog_free(grave[i]);
	ngrave = 0;
}

/* bgp-monitor: the new best path (nb NULL: none) for origin history
   and flap counting */
static void
monitor_best(int afi, const struct xprefix *pfx, const struct bgp_attrs *nb)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*bp;
	struct bgpmon_path		 mp;
	double				 now = -1;

	memset(&mp, 0, sizeof(mp));
	mp.pfx = pfx;
	if (nb != NULL) {
		mp.aspath = nb->aspath;
		mp.aspath_len = nb->aspath_len;
		mp.attrs = nb;
		/* the path just received, usually: no lookup (and no clock
		   read) then */
		if ((mp.nbr = bgpmon_pending_nbr(pfx, nb, &now)) == NULL &&
		    (e = locrib_lookup(bgp_rib.loc[afi], pfx)) != NULL &&
		    (bp = locrib_entry_best(e)) != NULL)
			mp.nbr = &bp->src->peer_addr;
	}
	bgpmon_best_changed(&mp, nb == NULL, now >= 0 ? now : loop_now());
}

static void
locrib_changed(const struct xprefix *pfx, const struct bgp_attrs *old,
    const struct bgp_attrs *new, unsigned what, void *arg)
{
	int	 afi = (int)(intptr_t)arg;

	(void)old;
	if (bgpmon_active && (what & LOCRIB_CHG_BEST))
		monitor_best(afi, pfx, new);
	if (what == LOCRIB_CHG_PATHS) {
		/* neither best nor multipath: only add-path groups care */
		updgroup_locrib_change_paths(afi, pfx);
		return;
	}
	bgpe.table_version++;
	converge_prefix_changed();
	/* the B route of the RIB (core/rt) */
	rt_feed_changed(bgp_rib.loc[afi], pfx);
	if (bgp_impact_on && (what & LOCRIB_CHG_BEST))
		impact_count(NULL, afi, BGP_IMP_BEST, 1);
	updgroup_locrib_change(afi, pfx);
	originate_locrib_change(afi, pfx);
	/* BMP Loc-RIB monitoring (RFC 9069) */
	if ((what & LOCRIB_CHG_BEST) && hooks_count[BGP_HOOK_BEST] > 0)
		hooks_run_route(BGP_HOOK_BEST, NULL, afi, pfx, 0, new);
}

/*
 * Next hops follow the RIB by its change notifications; the periodic
 * rescan forgets the next hops no path uses any more (and catches up
 * after a notification lost to an allocation failure).
 */
static void
rescan_fire(void *arg)
{
	(void)arg;
	t_rescan = loop_timer_add(NEXTHOP_RESCAN_SECS, rescan_fire, NULL);
	nexthop_rescan();
}

int
rib_init(void)
{
	int	 afi;

	if (bgp_rib.loc[0] != NULL)
		return 0;
	if (bgp_rib.dcfg.default_local_pref == 0)
		bgp_decide_cfg_init(&bgp_rib.dcfg);
	bgp_rib.default_local_pref = bgp_rib.dcfg.default_local_pref;
	for (afi = 0; afi < 2; afi++) {
		bgp_rib.dcfg_af[afi] = bgp_rib.dcfg;
		bgp_rib.loc[afi] = locrib_new(afi == 0 ? AF_V4 : AF_V6,
		    &bgp_rib.dcfg_af[afi]);
		if (bgp_rib.loc[afi] == NULL) {
			rib_free();
			return -1;
		}
		locrib_set_change_cb(bgp_rib.loc[afi], locrib_changed,
		    (void *)(intptr_t)afi);
	}
	if (nexthop_init(bgp_rib.loc[0], bgp_rib.loc[1]) == -1) {
		rib_free();
		return -1;
	}
	t_rescan = loop_timer_add(NEXTHOP_RESCAN_SECS, rescan_fire, NULL);
	return 0;
}

void
rib_free(void)
{
	int	 afi;

	loop_timer_cancel(t_rescan);
	t_rescan = NULL;
	damp_rib_free();
	updgroup_free_all();
	originate_clear();
	redist_clear();
	rt_feed_clear();
	nexthop_free();
	for (afi = 0; afi < 2; afi++) {
		locrib_free(bgp_rib.loc[afi]);
		bgp_rib.loc[afi] = NULL;
		rpl_prog_free(bgp_rib.apsel[afi]);
		bgp_rib.apsel[afi] = NULL;
	}
	config_free(rib_cfg);
	rib_cfg = NULL;
	grave_empty();
	free(grave);
	grave = NULL;
	capgrave = 0;
	memset(&bgp_rib, 0, sizeof(bgp_rib));
}

static void
decide_cfg_from(const struct bgp_cfg *b, struct bgp_decide_cfg *d)
{
	const struct bgp_gaf	*af = &b->af[BGP_AFI_V4];

	bgp_decide_cfg_init(d);
	if (b->g[BG_DEFAULT_LP].set)
		d->default_local_pref = b->g[BG_DEFAULT_LP].n[0];
	d->med_always = b->g[BG_MED_ALWAYS].set;
	d->med_missing_worst = b->g[BG_MED_MISSING_WORST].set;
	d->compare_routerid = b->g[BG_COMPARE_RID].set;
	d->aspath_ignore = b->g[BG_ASPATH_IGNORE].set;
	d->aspath_multipath_relax = b->g[BG_ASPATH_MPR].set;
	d->igp_metric_ignore = b->g[BG_IGP_METRIC_IGNORE].set;
	/* no confederations: kept for show, changes no decision */
	d->med_confed = b->g[BG_MED_CONFED].set;
	/* one decision configuration for both tables: IPv4's knobs, the
	   IPv6 ones where IPv4 has none */
	if (!af->present)
		af = &b->af[BGP_AFI_V6];
	if (af->maxpaths_ebgp.set) {
		d->maximum_paths_ebgp = af->maxpaths_ebgp.n[0];
		d->ebgp_selective = (af->maxpaths_ebgp.opt &
		    BGP_OPT_SELECTIVE) != 0;
	}
	if (af->maxpaths_ibgp.set) {
		d->maximum_paths_ibgp = af->maxpaths_ibgp.n[0];
		d->ibgp_unequal_cost = (af->maxpaths_ibgp.opt &
		    BGP_OPT_UNEQUAL_COST) != 0;
		d->ibgp_selective = (af->maxpaths_ibgp.opt &
		    BGP_OPT_SELECTIVE) != 0;
	}
	if (af->maxpaths_eibgp.set)
		d->maximum_paths_eibgp = af->maxpaths_eibgp.n[0];
}

/*
 * Links text ("NAME" or "NAME(args)") against db.  Returns the program,
 * or NULL for "" and on failure (logged: commit validation makes that
 * an allocation failure).
 */
static struct rpl_prog *
link_text(const char *text, const struct rpl_db *db, const char *who)
{
	struct rpl_prog	*prog = NULL;
	char		 name[128], err[256];
	char		*args = NULL;

	if (text[0] == '\0')
		return NULL;
	if (bgp_policy_split(text, name, sizeof(name), &args) == -1 ||
	    rpl_link(db, name, args, &prog, err, sizeof(err)) == -1) {
		log_warnx("bgp %s: route-policy %s not applied", who, text);
		prog = NULL;
	}
	free(args);
	return prog;
}

/*
 * Re-links the policy of one attach point when its text changed or an
 * object it uses was redefined.  Returns 1 if it changed.
 */
static int
relink(struct rpl_prog **progp, char *cur, size_t curlen, const char *text,
    const struct rpl_db *db, const char *who)
{
	struct rpl_prog	*old = *progp;

	if (strcmp(cur, text) == 0 && (old == NULL ||
	    !rpl_prog_stale(old, db)) && (old != NULL || text[0] == '\0'))
		return 0;
	*progp = link_text(text, db, who);
	strlcpy(cur, text, curlen);
	grave_add(old);
	return 1;
}

/*
 * Origin validation of one neighbor and AF after a commit: whether its
 * paths are validated, whether its policy reads the state, and so
 * whether the pre-policy copy is kept.  Returns 1 when its paths must
 * go through the inbound policy again (soft in); *revalidate is set
 * when their states must be computed again (validation turned on or
 * off for it).
 */
static int
rov_apply_peer(struct peer *p, int afi, int *revalidate)
{
	struct rib_peer_af	*ra = &p->ra[afi];
	int			 on, reads, keep, in = 0;

	on = (p->conf.afs & peer_af_bit(afi)) && bgp_rib.rov_on[afi] &&
	    !p->conf.af[afi].oas_disable;
	reads = rpl_prog_reads_rpki(ra->pol_in);
	if (on != ra->rov_on) {
		*revalidate = 1;
		/* the policy saw the old state: run it again */
		if (reads || ra->reads_rpki)
			in = 1;
	}
	ra->rov_on = (uint8_t)on;
	ra->reads_rpki = (uint8_t)reads;
	keep = p->conf.af[afi].soft_reconf || (on && reads);
	if (keep && !ra->keep_in) {
		ra->keep_in = 1;
		/* routes came before the copy began: ask for them again */
		ra->keep_partial = p->state == BGP_ST_ESTABLISHED ||
		    ra->src != NULL;
		if (ra->keep_partial)
			in = 1;
	}
	/* a copy no longer wanted goes after the soft in (rov_trim): the
	   policy may run from it once more */
	rib_in_rov_allow_changed(p, afi);
	return in;
}

static void
rov_trim(struct peer *p)
{
	struct rib_peer_af	*ra;
	int			 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		ra = &p->ra[afi];
		if (!ra->keep_in || p->conf.af[afi].soft_reconf ||
		    (ra->rov_on && ra->reads_rpki))
			continue;
		ra->keep_in = ra->keep_partial = 0;
		adjrib_clear(&p->rib[afi]);
	}
}

static void
report(struct strbuf *r, const struct peer *p, const char *what)
{
	if (r != NULL)
		sb_printf(r, "Neighbor %s: %s\n", p->name, what);
}

void
rib_apply(const struct config *running, struct strbuf *r)
{
	const struct bgp_cfg	*b = running != NULL ? running->bgp : NULL;
	struct bgp_decide_cfg	 d, da;
	struct config		*cfg, *old;
	struct peer		*p;
	uint32_t		 cluster;
	int			 afi, in, out, gin = 0, gout = 0;
	int			 reval[2] = { 0, 0 };
	const char		*text;

	bgpmon_apply(running != NULL ? running->mon : NULL,
	    running != NULL ? running->rpl : NULL, b != NULL ? b->asn : 0);
	if (b == NULL) {
		damp_rib_apply(NULL, NULL);
		updgroup_free_all();
		originate_clear();
		redist_clear();
		return;
	}
	if (rib_init() == -1 || (cfg = config_dup(running)) == NULL) {
		log_warnx("%s: out of memory applying routing", __func__);
		return;
	}
	decide_cfg_from(b, &d);
	for (afi = 0; afi < 2; afi++) {
		da = d;
		da.rov_use_validity = rpki_cfg_use_validity(b, afi);
		da.rov_allow_invalid = rpki_cfg_allow_invalid(b, afi);
		if (memcmp(&da, &bgp_rib.dcfg_af[afi], sizeof(da)) == 0)
			continue;
		bgp_rib.dcfg_af[afi] = da;
		/* re-decides every prefix, export follows the callback */
		locrib_set_decide_cfg(bgp_rib.loc[afi], &da);
	}
	bgp_rib.dcfg = bgp_rib.dcfg_af[0];
	cluster = b->g[BG_CLUSTER_ID].set ? b->g[BG_CLUSTER_ID].n[0] :
	    bgpe.router_id;
	/* both change what import accepts and what export sends */
	if (cluster != bgp_rib.cluster_id ||
	    bgp_rib.unsafe_ebgp != (int)b->g[BG_UNSAFE_EBGP].set)
		gin = gout = 1;
	if (bgp_rib.ibgp_enforce_mods != (int)b->g[BG_IBGP_ENFORCE_MODS].set)
		gout = 1;
	bgp_rib.ibgp_enforce_mods = b->g[BG_IBGP_ENFORCE_MODS].set;
	if (bgp_rib.default_local_pref != d.default_local_pref)
		gout = 1;
	bgp_rib.cluster_id = cluster;
	bgp_rib.unsafe_ebgp = b->g[BG_UNSAFE_EBGP].set;
	bgp_rib.default_local_pref = d.default_local_pref;
	for (afi = 0; afi < 2; afi++)
		bgp_rib.rov_on[afi] = rpki_cfg_validation(b, afi);
	if (bgp_rib.signal_ibgp != (int)b->g[BG_OAS_SIGNAL_IBGP].set) {
		/* iBGP exports change, iBGP paths' states may */
		bgp_rib.signal_ibgp = b->g[BG_OAS_SIGNAL_IBGP].set;
		gout = 1;
		reval[0] = reval[1] = 1;
	}

	/* a new or changed add-path selection policy: every group again
	   (groups without add-path find nothing changed) */
	for (afi = 0; afi < 2; afi++) {
		char	 sel[128] = "";
		const struct bgp_item *it = &b->af[afi].addpath[BGP_AP_SEL];

		if (b->af[afi].present && it->set && it->s != NULL) {
			strlcpy(sel, it->s, sizeof(sel));
			if (it->args != NULL)
				strlcat(sel, it->args, sizeof(sel));
		}
		if (relink(&bgp_rib.apsel[afi], bgp_rib.apsel_text[afi],
		    sizeof(bgp_rib.apsel_text[afi]), sel, cfg->rpl,
		    "additional-paths selection"))
			gout = 1;
	}

	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		in = out = 0;
		for (afi = 0; afi < PEER_NAF; afi++) {
			text = (p->conf.afs & peer_af_bit(afi)) ?
			    p->conf.af[afi].policy_in : "";
			in |= relink(&p->ra[afi].pol_in, p->ra[afi].in_text,
			    sizeof(p->ra[afi].in_text), text, cfg->rpl,
			    p->name);
			text = (p->conf.afs & peer_af_bit(afi)) ?
			    p->conf.af[afi].policy_out : "";
			out |= relink(&p->ra[afi].pol_out, p->ra[afi].out_text,
			    sizeof(p->ra[afi].out_text), text, cfg->rpl,
			    p->name);
			in |= rov_apply_peer(p, afi, &reval[afi]);
		}
		in |= p->rib_in_dirty;
		out |= p->rib_out_dirty;
		p->rib_in_dirty = p->rib_out_dirty = 0;
		if (p->state == BGP_ST_ESTABLISHED && (in || gin)) {
			rib_in_soft(p);
			report(r, p, "soft refresh inbound");
		}
		if (p->state == BGP_ST_ESTABLISHED && out) {
			updgroup_peer_changed(p);
			report(r, p, "soft refresh outbound");
		}
		rov_trim(p);
	}
	old = rib_cfg;
	rib_cfg = cfg;
	bgp_rib.cfg = cfg;
	bgp_rib.rpl = cfg->rpl;
	config_free(old);
	if (gout)
		updgroup_refresh_all();
	/* states computed again in place at the end of the loop turn (the
	   neighbors whose policy reads them were refreshed above) */
	for (afi = 0; afi < 2; afi++)
		if (reval[afi])
			rov_revalidate_af(afi == 0 ? AF_V4 : AF_V6);
	damp_rib_apply(b, cfg->rpl);
	if (originate_apply(b, cfg->rpl) == -1)
		log_warnx("%s: out of memory originating routes", __func__);
	if (redist_apply(cfg) == -1)
		log_warnx("%s: out of memory redistributing routes", __func__);
	grave_empty();
}
