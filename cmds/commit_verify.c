/*
 * commit_verify: `commit confirmed ... verify`, a trial commit that checks
 * itself.  When such a commit is recorded, the neighbors it affects
 * (core/config/commit_affect.c: changed settings, inherited groups,
 * policies and the sets they use, global settings: all) that are
 * Established are watched with their accepted-prefix counts from before
 * the commit as baselines.  Until the trial is confirmed or ends, a
 * check runs every second and at once when a watched session leaves
 * Established (engine state hook): a session that is not Established, or
 * an address family whose accepted prefixes fell by more than `commit
 * verify prefix-drop P%` (default 50%) of its baseline, rolls the trial
 * back at once.  Counts are read live, so a policy re-applied by soft
 * reconfiguration (at once) or by a route refresh (as the neighbor
 * re-sends) is caught within a second of the drop.
 *
 * Also the configuration line `commit verify prefix-drop P%` and
 * `show configuration commit verify`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/commit_cmds.h"
#include "cmds/commit_verify.h"
#include "core/bgp/engine.h"
#include "core/config/commit_affect.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define VERIFY_TICK	1.0	/* seconds between checks */

struct vw_nbr {
	struct xaddr	 addr;
	uint32_t	 base[2];	/* accepted prefixes before the commit */
	int		 has_af[2];
};

static struct {
	uint32_t		 trial;		/* the watched trial commit; 0 */
	struct vw_nbr		*v;
	size_t			 n;
	int			 all;		/* global settings changed */
	size_t			 nshut;
	struct loop_timer	*tick;
	struct loop_timer	*now;		/* a check right away */
	int			 hook;
	char			 last[256];	/* last failure, for show */
} vw;

static void	check(void *);

static void
vw_stop(void)
{
	loop_timer_cancel(vw.tick);
	loop_timer_cancel(vw.now);
	vw.tick = vw.now = NULL;
	free(vw.v);
	vw.v = NULL;
	vw.n = 0;
	vw.trial = 0;
	vw.all = 0;
	vw.nshut = 0;
}

static unsigned
drop_limit(void)
{
	unsigned	 d = cmds_running()->verify_drop;

	return d == 0 ? VERIFY_DROP_DEFAULT : d;
}

static struct vw_nbr *
vw_find(const struct xaddr *a)
{
	size_t	 i;

	for (i = 0; i < vw.n; i++)
		if (addr_cmp(&vw.v[i].addr, a) == 0)
			return &vw.v[i];
	return NULL;
}

/* A watched session left Established: check from the loop, not from
   inside the engine's state change. */
static void
state_hook(const struct bgp_hook_event *ev, void *arg)
{
	(void)arg;
	if (vw.trial == 0 || vw.now != NULL ||
	    ev->a != BGP_ST_ESTABLISHED || vw_find(ev->peer) == NULL)
		return;
	vw.now = loop_timer_add(0, check, &vw.now);
}

/*
 * Before the engine sees the new running configuration: baselines of
 * the affected neighbors.  A later `commit confirmed ... verify` of the
 * same trial keeps the baselines it has (taken before the trial began)
 * and adds the neighbors it newly affects.
 */
static void
arm(const struct commit_rec *r, const struct config *running)
{
	struct commit_affect	 af;
	struct bgp_nbr_info	 info;
	struct vw_nbr		*v;
	size_t			 i, n = 0;
	int			 k;

	if (commit_affected(commit_trial_prev(cmds_commit_db()), running,
	    &af) == -1) {
		log_warnx("%%MGBL-CONFIG-4-COMMIT_VERIFY : Commit %u: out of "
		    "memory computing the affected neighbors; not verified",
		    r->id);
		vw_stop();
		return;
	}
	if ((v = calloc(af.n + vw.n + 1, sizeof(*v))) == NULL) {
		commit_affect_free(&af);
		vw_stop();
		return;
	}
	for (i = 0; i < vw.n; i++)
		v[n++] = vw.v[i];
	for (i = 0; i < af.n; i++) {
		if (vw_find(&af.v[i]) != NULL ||
		    bgp_engine_nbr(&af.v[i], &info) == -1 ||
		    info.state != BGP_ST_ESTABLISHED)
			continue;
		v[n].addr = af.v[i];
		for (k = 0; k < 2; k++) {
			v[n].has_af[k] = info.af[k].configured;
			v[n].base[k] = info.af[k].accepted;
		}
		n++;
	}
	free(vw.v);
	vw.v = v;
	vw.n = n;
	vw.all |= af.all;
	vw.nshut += af.nshut;
	vw.trial = r->id;
	commit_affect_free(&af);
	if (vw.hook <= 0)
		vw.hook = bgp_hook_add(BGP_HOOK_STATE, state_hook, NULL);
}

void
cmds_verify_before(const struct commit_rec *r, const struct config *running)
{
	struct commit_db	*db = cmds_commit_db();

	if (!commit_trial_pending(db) || !commit_trial_verify(db) ||
	    r->id != commit_trial_id(db) || bgp_engine_offline()) {
		vw_stop();
		return;
	}
	arm(r, running);
}

void
cmds_verify_after(void)
{
	if (vw.trial == 0)
		return;
	vw.last[0] = '\0';
	if (vw.now == NULL)
		vw.now = loop_timer_add(0, check, &vw.now);
	if (vw.tick == NULL)
		vw.tick = loop_timer_add(VERIFY_TICK, check, &vw.tick);
}

/* The first reason to roll back, in why; 0 when all is well. */
static int
failed(char *why, size_t len)
{
	struct bgp_nbr_info	 info;
	char			 a[64];
	unsigned		 lim = drop_limit(), pct;
	uint32_t		 b, c;
	size_t			 i;
	int			 k;

	for (i = 0; i < vw.n; i++) {
		addr_format(&vw.v[i].addr, a, sizeof(a));
		if (bgp_engine_nbr(&vw.v[i].addr, &info) == -1)
			continue;	/* removed by a later commit */
		if (info.state != BGP_ST_ESTABLISHED) {
			snprintf(why, len, "neighbor %s went down "
			    "(Established -> %s)", a,
			    bgp_state_name(info.state));
			return 1;
		}
		for (k = 0; k < 2; k++) {
			b = vw.v[i].base[k];
			c = info.af[k].accepted;
			if (b == 0 || c >= b)
				continue;
			/* percent lost, rounded down: 1 in 3 is 33% */
			pct = (unsigned)((uint64_t)(b - c) * 100 / b);
			if ((uint64_t)(b - c) * 100 > (uint64_t)lim * b) {
				snprintf(why, len, "accepted prefixes from %s "
				    "dropped %u -> %u (%u%% > %u%%)", a, b, c,
				    pct, lim);
				return 1;
			}
		}
	}
	return 0;
}

static void
check(void *arg)
{
	struct commit_db	*db = cmds_commit_db();
	struct loop_timer	**slot = arg;
	char			 why[sizeof(vw.last) - 32];
	uint32_t		 id = vw.trial;

	*slot = NULL;		/* the loop frees a fired timer */
	if (id == 0)
		return;
	if (!commit_trial_pending(db) || commit_trial_id(db) != id) {
		vw_stop();
		return;
	}
	if (slot == &vw.tick)
		vw.tick = loop_timer_add(VERIFY_TICK, check, &vw.tick);
	if (!failed(why, sizeof(why)))
		return;
	snprintf(vw.last, sizeof(vw.last), "%u: %s", id, why);
	vw_stop();
	log_warnx("%%MGBL-CONFIG-4-COMMIT_VERIFY_FAILED : Commit %u rolled "
	    "back: %s", id, why);
	/* the rollback commit's hook saves and hands it to the engine */
	commit_trial_fail(db, "failed verification");
}

/* --- show configuration commit verify --- */

static int
cmd_show_verify(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	struct bgp_nbr_info	 info;
	char			 ad[64];
	size_t			 i;
	int			 k;

	(void)a;
	cli_printf(cli, "Prefix-drop limit: %u%%\n", drop_limit());
	if (vw.last[0] != '\0')
		cli_printf(cli, "Last failed verification: commit %s\n",
		    vw.last);
	if (vw.trial == 0 && commit_trial_pending(db) &&
	    commit_trial_verify(db) && bgp_engine_offline()) {
		cli_printf(cli, "Trial commit %u is not verified: the BGP "
		    "engine is offline.\n", commit_trial_id(db));
		return CMD_OK;
	}
	if (vw.trial == 0 || !commit_trial_pending(db)) {
		cli_puts(cli, "No commit verify trial is running.\n");
		return CMD_OK;
	}
	cli_printf(cli, "Verifying trial commit %u: rolled back in %.0f sec "
	    "unless confirmed\n", vw.trial, commit_trial_remaining(db));
	cli_printf(cli, "Watching %zu neighbor%s%s", vw.n,
	    vw.n == 1 ? "" : "s", vw.all ? " (global BGP settings "
	    "changed: every Established neighbor)" : "");
	if (vw.nshut > 0)
		cli_printf(cli, "; %zu shut down by the commit, not watched",
		    vw.nshut);
	cli_puts(cli, "\n");
	if (vw.n == 0)
		return CMD_OK;
	cli_printf(cli, "%-16s %-5s %-12s %10s %10s\n", "Neighbor", "AFI",
	    "State", "Baseline", "Accepted");
	for (i = 0; i < vw.n; i++) {
		addr_format(&vw.v[i].addr, ad, sizeof(ad));
		if (bgp_engine_nbr(&vw.v[i].addr, &info) == -1)
			continue;
		for (k = 0; k < 2; k++) {
			if (!vw.v[i].has_af[k])
				continue;
			cli_printf(cli, "%-16s %-5s %-12s %10u %10u\n", ad,
			    k == 0 ? "IPv4" : "IPv6",
			    bgp_state_name(info.state), vw.v[i].base[k],
			    info.af[k].accepted);
		}
	}
	return CMD_OK;
}

/* --- commit verify prefix-drop P% --- */

/* "20" or "20%" -> 20; 0 when not 1-100 */
static unsigned
parse_pct(const char *s)
{
	char		*end;
	unsigned long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	v = strtoul(s, &end, 10);
	if (*end == '%')
		end++;
	return *end == '\0' && v >= 1 && v <= 100 ? (unsigned)v : 0;
}

static int
cmd_verify_drop(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;
	const char	*s = arg_str(a, "pct");
	unsigned	 v = parse_pct(s);

	if (s != NULL && v == 0)
		return cli_error(cli, "Invalid prefix-drop '%s': give a "
		    "percentage from 1 to 100, e.g. 20%%", s);
	if (!arg_no(a) && s == NULL)
		return cli_error(cli, "Incomplete command: give the "
		    "percentage, e.g. commit verify prefix-drop 20%%");
	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		if (s != NULL && v != c->verify_drop)
			return cli_error(cli, "commit verify prefix-drop %s "
			    "is not configured", s);
		c->verify_drop = 0;
	} else
		c->verify_drop = v;
	return CMD_OK;
}

static const struct cmd config_rows[] = {
	{ "[no] commit verify prefix-drop [<pct:word>]", cmd_verify_drop, 0,
	    { "commit=Settings of commits",
	      "verify=Self-verifying commits ('commit confirmed ... verify')",
	      "prefix-drop=Roll back a verified commit when an affected "
	      "neighbor's accepted prefixes drop by more than this share",
	      "pct=<1-100>[%] Percentage of the prefixes before the commit "
	      "(default 50%)", NULL } },
	CMD_END
};

static const struct cmd show_rows[] = {
	{ "show configuration commit verify", cmd_show_verify, 0,
	    { "show=Show running system information",
	      "configuration=Contents of configuration",
	      "commit=Show commit information",
	      "verify=The running 'commit confirmed ... verify' trial: "
	      "watched neighbors and baselines", NULL } },
	CMD_END
};

void
cmds_verify_init(void)
{
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_EXEC, show_rows);
	cli_install(MODE_ANYCONFIG, show_rows);
}
