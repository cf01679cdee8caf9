/*
 * show_bgp_misc: the process-wide views.
 *   show bgp [AF] update-group     (reference 6.7, XR's shape)
 *   show bgp process               (reference 6.6, then xrsh's memory
 *                                   figures by kind)
 *
 * JSON (`| json`):
 * update-group: { vrf, update_groups: [ { index ("0.1"),
 *   address_family, external, peer_as (null for iBGP), rr_client,
 *   next_hop_self, policy_out, min_advertisement_interval, members
 *   (["127.0.0.2"]), adjout_prefixes, updates_sent, withdraws_sent,
 *   messages_formatted, pending, members_behind (slow readers fallen
 *   behind), prefixes_behind (what they still miss) } ] }
 * process: { router_id, router_id_configured, local_as, default_local_preference,
 *   neighbor_logging ("enabled" | "disabled" | "enabled (detail)"),
 *   update_delay (seconds, 0 none), update_delay_running,
 *   keepalive_late_max_ms (the most a keepalive went out after it was
 *   due: the event loop was busy),
 *   bestpath_med_confed, bestpath_aigp_ignore,
 *   bestpath_cost_community_ignore, bestpath_igp_metric_ignore,
 *   ibgp_policy_out_enforce_modifications,
 *   neighbors_configured, neighbors_established, updates_sent,
 *   updates_received, notifications_sent, notifications_received,
 *   address_families: [ { address_family, table_version, prefixes,
 *   paths, locrib_bytes, bytes_per_prefix } ], memory: { attr_sets,
 *   attr_bytes (sets and intern table), attr_refs (references held to
 *   the sets), attr_set_bytes, attr_table_bytes, adjin_prefixes,
 *   adjin_bytes, adjout_bytes, updgroups, nexthops, total_bytes,
 *   bytes_per_prefix }, memory_guard: {
 *   limit_bytes, limit_configured (false: the default, half of physical
 *   memory), in_use_bytes (what the BGP tables hold: the Loc-RIB,
 *   attribute sets, soft-reconfiguration copies, Adj-RIB-Out), state ("accepting" | "refusing"),
 *   refused_prefixes, times_exceeded } }
 */
#include <stdio.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/damp_rib.h"
#include "core/bgp/engine.h"
#include "core/bgp/memguard.h"
#include "core/bgp/updgroup.h"
#include "core/config/bgp_model.h"

/* ------------------------------------------------------------------ */
/* update-group */

struct ug_ctx {
	struct strbuf	*sb;
	struct json	*j;
	int		 afi;		/* -1 every family */
	size_t		 shown;
};

static void
ug_text(struct ug_ctx *c, const struct updgroup_info *u)
{
	struct strbuf	*sb = c->sb;
	char		 as[ASN_STRLEN], addr[ADDR_STRLEN];
	size_t		 i;

	sb_printf(sb, "\nUpdate group for %s, index 0.%u:\n",
	    rfmt_af_label(u->afi), u->id);
	sb_puts(sb, "  Attributes:\n");
	sb_printf(sb, "    Neighbor sessions are %s\n",
	    u->nmembers > 0 && u->members[0].af == AF_V6 ? "IPv6" : "IPv4");
	sb_printf(sb, "    %s\n", u->ebgp ? "External" : "Internal");
	sb_puts(sb, "    Common admin\n");
	if (u->ebgp) {
		asn_format(u->peer_as, as, sizeof(as));
		sb_printf(sb, "    First neighbor AS: %s\n", as);
	}
	if (u->rr_client)
		sb_puts(sb, "    Route Reflector Client\n");
	if (u->nhs)
		sb_puts(sb, "    Next-hop-self enabled\n");
	sb_printf(sb, "    Outbound policy: %s\n", u->policy_out[0] ?
	    u->policy_out : "(none)");
	sb_printf(sb, "    Minimum advertisement interval: %u secs\n",
	    u->ebgp ? 30u : 0u);
	sb_puts(sb, "  Update group desynchronized: 0\n");
	sb_puts(sb, "  Sub-groups merged: 0\n");
	sb_puts(sb, "  Number of refresh subgroups: 0\n");
	sb_printf(sb, "  Messages formatted: %llu, replicated: %llu\n",
	    (unsigned long long)u->msgs_formatted,
	    (unsigned long long)(u->msgs_formatted * u->nmembers));
	sb_printf(sb, "  Prefixes advertised: %zu, pending changes: %zu\n",
	    u->adjout_prefixes, u->pending);
	if (u->members_behind > 0)
		sb_printf(sb, "  Neighbors behind (slow readers): %zu, "
		    "prefixes to catch up: %zu\n", u->members_behind,
		    u->prefixes_behind);
	sb_puts(sb, "  All neighbors are assigned to sub-group(s)\n");
	sb_printf(sb, "    Neighbors in sub-group: 0.%u, Filter-Groups "
	    "num:1\n", u->id);
	sb_printf(sb, "     Neighbors in filter-group: 0.%u(RT num: 0)\n",
	    u->id);
	for (i = 0; i < u->nmembers; i++) {
		addr_format(&u->members[i], addr, sizeof(addr));
		sb_printf(sb, "      %s\n", addr);
	}
}

static void
ug_json(struct ug_ctx *c, const struct updgroup_info *u)
{
	struct json	*j = c->j;
	char		 buf[ADDR_STRLEN];
	size_t		 i;

	json_obj_begin(j);
	snprintf(buf, sizeof(buf), "0.%u", u->id);
	json_kv_str(j, "index", buf);
	json_kv_str(j, "address_family", rfmt_af_key(u->afi));
	json_kv_bool(j, "external", u->ebgp);
	if (u->ebgp)
		json_kv_u64(j, "peer_as", u->peer_as);
	else
		rfmt_json_null(j, "peer_as");
	json_kv_bool(j, "rr_client", u->rr_client);
	json_kv_bool(j, "next_hop_self", u->nhs);
	json_key(j, "policy_out");
	json_str(j, u->policy_out[0] ? u->policy_out : NULL);
	json_kv_u64(j, "min_advertisement_interval", u->ebgp ? 30 : 0);
	json_key(j, "members");
	json_arr_begin(j);
	for (i = 0; i < u->nmembers; i++) {
		addr_format(&u->members[i], buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	json_kv_u64(j, "adjout_prefixes", u->adjout_prefixes);
	json_kv_u64(j, "updates_sent", u->updates_sent);
	json_kv_u64(j, "withdraws_sent", u->withdraws_sent);
	json_kv_u64(j, "messages_formatted", u->msgs_formatted);
	json_kv_u64(j, "pending", u->pending);
	json_kv_u64(j, "members_behind", u->members_behind);
	json_kv_u64(j, "prefixes_behind", u->prefixes_behind);
	json_obj_end(j);
}

static int
ug_one(const struct updgroup_info *u, void *arg)
{
	struct ug_ctx	*c = arg;

	if (c->afi >= 0 && u->afi != c->afi)
		return 0;
	c->shown++;
	if (c->j != NULL)
		ug_json(c, u);
	else
		ug_text(c, u);
	return 0;
}

static int
cmd_show_updgroup(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct ug_ctx	 c;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	c.afi = arg_has(a, "ipv6") ? 1 : arg_has(a, "ipv4") ? 0 : -1;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_kv_str(&j, "vrf", "default");
		json_key(&j, "update_groups");
		json_arr_begin(&j);
	}
	updgroup_foreach(ug_one, &c);
	if (c.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* process */

struct proc_counts {
	uint64_t	 upd_sent, upd_rcvd, notif_sent, notif_rcvd;
};

static int
proc_nbr(const struct bgp_nbr_info *n, void *arg)
{
	struct proc_counts	*c = arg;

	c->upd_sent += n->sent[BGP_MI_UPDATE].count;
	c->upd_rcvd += n->rcvd[BGP_MI_UPDATE].count;
	c->notif_sent += n->sent[BGP_MI_NOTIFICATION].count;
	c->notif_rcvd += n->rcvd[BGP_MI_NOTIFICATION].count;
	return 0;
}

static int
rid_configured(void)
{
	const struct config	*cfg = cmds_running();

	return cfg != NULL && cfg->bgp != NULL &&
	    cfg->bgp->g[BG_ROUTER_ID].set;
}

/* a global knob of the running router bgp */
static const struct bgp_item *
gknob(int item)
{
	const struct config	*cfg = cmds_running();

	if (cfg == NULL || cfg->bgp == NULL || !cfg->bgp->g[item].set)
		return NULL;
	return &cfg->bgp->g[item];
}

static const char *
nbr_logging(void)
{
	const struct bgp_item	*it = gknob(BG_LOG_NBR);

	if (it == NULL)
		return "enabled";
	return it->opt & BGP_OPT_DISABLE ? "disabled" : "enabled (detail)";
}

/*
 * Best-path knobs XR's process detail does not list: shown so that a
 * pasted knob is visibly taken, with what it does here.
 */
static void
proc_bestpath(struct strbuf *sb)
{
	if (gknob(BG_MED_CONFED) != NULL)
		sb_puts(sb, "Bestpath: MED compared among confederation "
		    "paths\n");
	if (gknob(BG_AIGP_IGNORE) != NULL)
		sb_puts(sb, "Bestpath: AIGP ignored (xrsh never compares "
		    "AIGP)\n");
	if (gknob(BG_COST_COMM_IGNORE) != NULL)
		sb_puts(sb, "Bestpath: cost community ignored (xrsh never "
		    "compares cost communities)\n");
	if (gknob(BG_IGP_METRIC_IGNORE) != NULL)
		sb_puts(sb, "Bestpath: IGP metric ignored\n");
	if (gknob(BG_IBGP_ENFORCE_MODS) != NULL)
		sb_puts(sb, "iBGP outbound policy modifications enforced on "
		    "reflected routes\n");
}

static size_t
mem_total(const struct bgp_rib_mem *m)
{
	return m->locrib_bytes[0] + m->locrib_bytes[1] + m->attr_bytes +
	    m->adjin_bytes + m->adjout_bytes;
}

static size_t
per_prefix(size_t bytes, size_t prefixes)
{
	return prefixes > 0 ? (bytes + prefixes / 2) / prefixes : 0;
}

/* The memory guard (bgp memory-limit): xrsh's own, XR has none. */
static void
proc_guard_text(struct strbuf *sb)
{
	struct memguard_info	 mg;

	memguard_info(&mg);
	sb_printf(sb, "  Memory limit: %llu MB%s, in use %llu MB, new "
	    "prefixes %s\n", (unsigned long long)(mg.limit >> 20),
	    mg.configured ? "" : " (default)",
	    (unsigned long long)(mg.in_use >> 20),
	    mg.refusing ? "refused" : "accepted");
	sb_printf(sb, "  Prefixes refused over the limit: %llu (limit "
	    "exceeded %llu times)\n", (unsigned long long)mg.refused,
	    (unsigned long long)mg.episodes);
}

static void
proc_guard_json(struct json *j)
{
	struct memguard_info	 mg;

	memguard_info(&mg);
	json_key(j, "memory_guard");
	json_obj_begin(j);
	json_kv_u64(j, "limit_bytes", mg.limit);
	json_kv_bool(j, "limit_configured", mg.configured);
	json_kv_u64(j, "in_use_bytes", mg.in_use);
	json_kv_str(j, "state", mg.refusing ? "refusing" : "accepting");
	json_kv_u64(j, "refused_prefixes", mg.refused);
	json_kv_u64(j, "times_exceeded", mg.episodes);
	json_obj_end(j);
}

static void
proc_text(struct strbuf *sb, const struct bgp_engine_info *info,
    const struct proc_counts *pc, const struct bgp_rib_mem *m)
{
	const struct bgp_decide_cfg	*dc = bgp_rib_decide_cfg();
	const struct locrib		*t;
	struct damp_view		 dv;
	char				 rid[16], as[ASN_STRLEN];
	int				 afi;

	rfmt_id(bgp_rib_router_id(), rid, sizeof(rid));
	asn_format(bgp_rib_local_as(), as, sizeof(as));
	sb_puts(sb, "BGP Process Information: \n");
	sb_puts(sb, "BGP is operating in STANDALONE mode\n");
	sb_puts(sb, "Autonomous System number format: ASPLAIN\n");
	sb_printf(sb, "Autonomous System: %s\n", as);
	sb_printf(sb, "Router ID: %s%s\n", rid, rid_configured() ?
	    " (manually configured)" : "");
	sb_printf(sb, "Default Cluster ID: %s\n", rid);
	sb_printf(sb, "Active Cluster IDs:  %s\n", rid);
	sb_puts(sb, "Fast external fallover enabled\n");
	sb_printf(sb, "Neighbor logging is %s\n", nbr_logging());
	sb_puts(sb, "Enforce first AS enabled\n");
	sb_printf(sb, "Default local preference: %u\n",
	    dc != NULL ? dc->default_local_pref : 100);
	sb_puts(sb, "Default keepalive: 60\n");
	sb_puts(sb, "Non-stop routing is disabled\n");
	/* XR's default is 120; xrsh holds nothing unless configured */
	sb_printf(sb, "Update delay: %u%s\n", info->update_delay,
	    info->update_delay_active ? " (running)" : "");
	sb_printf(sb, "Keepalives late by at most: %llu ms\n",
	    (unsigned long long)info->keepalive_late_max_ms);
	sb_puts(sb, "Generic scan interval: 60\n");
	proc_bestpath(sb);
	sb_putc(sb, '\n');
	sb_puts(sb, "BGP Speaker process: 0, Node: node0_0_CPU0\n");
	sb_puts(sb, "Restart count: 1\n");
	sb_puts(sb, "                           Total           Nbrs "
	    "Estab/Cfg\n");
	sb_printf(sb, "Default VRFs:              1               %zu/%zu\n",
	    info->nestablished, info->npeers);
	sb_puts(sb, "Non-Default VRFs:          0               0/0\n\n");
	sb_puts(sb, "                           Sent            Received\n");
	sb_printf(sb, "Updates:                   %-16llu%-16llu\n",
	    (unsigned long long)pc->upd_sent,
	    (unsigned long long)pc->upd_rcvd);
	sb_printf(sb, "Notifications:             %-16llu%-16llu\n",
	    (unsigned long long)pc->notif_sent,
	    (unsigned long long)pc->notif_rcvd);

	sb_puts(sb, "\nMemory:\n");
	for (afi = 0; afi < 2; afi++)
		sb_printf(sb, "  %s Loc-RIB: %zu prefixes, %zu paths, %zu "
		    "bytes, %zu bytes per prefix\n", rfmt_af_label(afi),
		    m->prefixes[afi], m->paths[afi], m->locrib_bytes[afi],
		    per_prefix(m->locrib_bytes[afi], m->prefixes[afi]));
	sb_printf(sb, "  Attribute sets: %zu, %zu bytes\n", m->attr_sets,
	    m->attr_bytes);
	/* a leak shows here first: references nothing will release */
	sb_printf(sb, "  Attribute references: %zu (sets %zu bytes, intern "
	    "table %zu bytes)\n", m->attr_refs, m->attr_set_bytes,
	    m->attr_table_bytes);
	sb_printf(sb, "  Soft-reconfiguration copies: %zu prefixes, %zu "
	    "bytes\n", m->adjin_prefixes, m->adjin_bytes);
	sb_printf(sb, "  Adj-RIB-Out: %zu bytes\n", m->adjout_bytes);
	sb_printf(sb, "  Update groups: %zu\n", m->updgroups);
	sb_printf(sb, "  Next hops: %zu\n", m->nexthops);
	sb_printf(sb, "  Total: %zu bytes, %zu bytes per prefix\n",
	    mem_total(m), per_prefix(mem_total(m),
	    m->prefixes[0] + m->prefixes[1]));
	proc_guard_text(sb);

	for (afi = 0; afi < 2; afi++) {
		if ((t = bgp_rib_table(afi)) == NULL)
			continue;
		sb_printf(sb, "\nAddress family: %s\n", rfmt_af_label(afi));
		damp_rib_view(afi, &dv);
		sb_printf(sb, "Dampening is %senabled\n", dv.on ? "" : "not ");
		sb_puts(sb, "Client reflection is enabled in global config\n");
		sb_puts(sb, "Scan interval: 60\n");
		sb_printf(sb, "Main Table Version: %llu\n",
		    (unsigned long long)locrib_version(t));
		sb_printf(sb, "Prefixes: %zu, Paths: %zu\n",
		    locrib_count_prefixes(t), locrib_count_paths(t));
	}
}

static void
proc_json(struct json *j, const struct bgp_engine_info *info,
    const struct proc_counts *pc, const struct bgp_rib_mem *m)
{
	const struct bgp_decide_cfg	*dc = bgp_rib_decide_cfg();
	const struct locrib		*t;
	char				 rid[16];
	int				 afi;

	json_obj_begin(j);
	rfmt_id(bgp_rib_router_id(), rid, sizeof(rid));
	json_kv_str(j, "router_id", rid);
	json_kv_bool(j, "router_id_configured", rid_configured());
	json_kv_u64(j, "local_as", bgp_rib_local_as());
	json_kv_u64(j, "default_local_preference",
	    dc != NULL ? dc->default_local_pref : 100);
	json_kv_str(j, "neighbor_logging", nbr_logging());
	json_kv_u64(j, "update_delay", info->update_delay);
	json_kv_u64(j, "keepalive_late_max_ms", info->keepalive_late_max_ms);
	json_kv_bool(j, "update_delay_running", info->update_delay_active);
	json_kv_bool(j, "bestpath_med_confed", gknob(BG_MED_CONFED) != NULL);
	json_kv_bool(j, "bestpath_aigp_ignore",
	    gknob(BG_AIGP_IGNORE) != NULL);
	json_kv_bool(j, "bestpath_cost_community_ignore",
	    gknob(BG_COST_COMM_IGNORE) != NULL);
	json_kv_bool(j, "bestpath_igp_metric_ignore",
	    gknob(BG_IGP_METRIC_IGNORE) != NULL);
	json_kv_bool(j, "ibgp_policy_out_enforce_modifications",
	    gknob(BG_IBGP_ENFORCE_MODS) != NULL);
	json_kv_u64(j, "neighbors_configured", info->npeers);
	json_kv_u64(j, "neighbors_established", info->nestablished);
	json_kv_u64(j, "updates_sent", pc->upd_sent);
	json_kv_u64(j, "updates_received", pc->upd_rcvd);
	json_kv_u64(j, "notifications_sent", pc->notif_sent);
	json_kv_u64(j, "notifications_received", pc->notif_rcvd);
	json_key(j, "address_families");
	json_arr_begin(j);
	for (afi = 0; afi < 2; afi++) {
		if ((t = bgp_rib_table(afi)) == NULL)
			continue;
		json_obj_begin(j);
		json_kv_str(j, "address_family", rfmt_af_key(afi));
		json_kv_u64(j, "table_version", locrib_version(t));
		json_kv_u64(j, "prefixes", m->prefixes[afi]);
		json_kv_u64(j, "paths", m->paths[afi]);
		json_kv_u64(j, "locrib_bytes", m->locrib_bytes[afi]);
		json_kv_u64(j, "bytes_per_prefix",
		    per_prefix(m->locrib_bytes[afi], m->prefixes[afi]));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "memory");
	json_obj_begin(j);
	json_kv_u64(j, "attr_sets", m->attr_sets);
	json_kv_u64(j, "attr_bytes", m->attr_bytes);
	json_kv_u64(j, "attr_refs", m->attr_refs);
	json_kv_u64(j, "attr_set_bytes", m->attr_set_bytes);
	json_kv_u64(j, "attr_table_bytes", m->attr_table_bytes);
	json_kv_u64(j, "adjin_prefixes", m->adjin_prefixes);
	json_kv_u64(j, "adjin_bytes", m->adjin_bytes);
	json_kv_u64(j, "adjout_bytes", m->adjout_bytes);
	json_kv_u64(j, "updgroups", m->updgroups);
	json_kv_u64(j, "nexthops", m->nexthops);
	json_kv_u64(j, "total_bytes", mem_total(m));
	json_kv_u64(j, "bytes_per_prefix", per_prefix(mem_total(m),
	    m->prefixes[0] + m->prefixes[1]));
	json_obj_end(j);
	proc_guard_json(j);
	json_obj_end(j);
	json_end(j);
}

static int
cmd_show_process(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_engine_info	 info;
	struct proc_counts	 pc;
	struct bgp_rib_mem	 m;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;

	(void)a;
	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	bgp_engine_info(&info);
	memset(&pc, 0, sizeof(pc));
	bgp_engine_foreach_nbr(proc_nbr, &pc);
	memset(&m, 0, sizeof(m));
	bgp_rib_memory(&m);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		proc_json(&j, &info, &pc, &m);
	} else
		proc_text(&sb, &info, &pc, &m);
	return cmds_emit(cli, &sb);
}

#define MISC_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family"

static const struct cmd misc_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast] update-group",
	    cmd_show_updgroup, CMDF_TIMESTAMP | CMDF_JSON,
	    { MISC_HELP, "update-group=Display information on update "
	      "groups", NULL } },
	{ "show bgp process", cmd_show_process, CMDF_TIMESTAMP | CMDF_JSON,
	    { MISC_HELP, "process=Display process state info", NULL } },
	CMD_END
};

void
show_bgp_misc_init(void)
{
	cli_install(MODE_EXEC, misc_rows);
}
