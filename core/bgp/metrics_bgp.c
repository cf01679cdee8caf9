/*
 * metrics_bgp: the built-in metric families and the source table; see
 * metrics_src.h.  Everything is read from live state on the loop
 * thread, the way the shows read it.
 *
 * Labels: vrf ("default": xrsh has one), neighbor and remote_as for a
 * neighbor, afi ("ipv4", "ipv6") and safi ("unicast") for a table.  A
 * state or kind is a label of one gauge family (a sample per value,
 * 1 for the current one), as Prometheus' conventions ask.
 *
 * Cost: one pass over the neighbors and the update groups; the RPKI
 * state counts walk the Loc-RIB of a family with origin validation on
 * (about 50 ms for 115k paths here: a scrape then holds the loop that
 * long), nothing else walks a table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bgp/damp_rib.h"
#include "core/bgp/engine.h"
#include "core/bgp/locrib.h"
#include "core/bgp/metrics_src.h"
#include "core/lib/pfxtable.h"
#include "core/bgp/rib.h"
#include "core/bgp/rib_query.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/rtr.h"
#include "core/bgp/updgroup.h"
#include "core/lib/loop.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static const char *const afi_name[2] = { "ipv4", "ipv6" };

/* ---- the source table ---- */

static struct {
	metrics_source_fn	 fn;
	void			*arg;
} sources[METRICS_SOURCES_MAX];

static time_t	 started;

int
metrics_source_add(metrics_source_fn fn, void *arg)
{
	int	 i;

	for (i = 0; i < METRICS_SOURCES_MAX; i++)
		if (sources[i].fn == NULL) {
			sources[i].fn = fn;
			sources[i].arg = arg;
			return i + 1;
		}
	return -1;
}

void
metrics_source_del(int handle)
{
	if (handle >= 1 && handle <= METRICS_SOURCES_MAX)
		sources[handle - 1].fn = NULL;
}

void
metrics_note_start(void)
{
	if (started == 0)
		started = loop_wallclock();
}

/* ---- neighbors ---- */

struct nbr {
	struct bgp_nbr_info	 info;
	char			 addr[ADDR_STRLEN], as[ASN_STRLEN];
	size_t			 advertised[2];
	int			 in_group[2];
};

struct nbrs {
	struct nbr	*v;
	size_t		 n, cap;
	int		 oom;
};

static int
nbr_collect(const struct bgp_nbr_info *n, void *arg)
{
	struct nbrs	*ns = arg;
	struct nbr	*v;
	size_t		 cap;

	if (ns->n == ns->cap) {
		cap = ns->cap ? ns->cap * 2 : 16;
		if ((v = reallocarray(ns->v, cap, sizeof(*v))) == NULL) {
			ns->oom = 1;
			return 1;
		}
		ns->v = v;
		ns->cap = cap;
	}
	memset(&ns->v[ns->n], 0, sizeof(ns->v[ns->n]));
	ns->v[ns->n].info = *n;
	addr_format(&n->addr, ns->v[ns->n].addr, sizeof(ns->v[ns->n].addr));
	snprintf(ns->v[ns->n].as, sizeof(ns->v[ns->n].as), "%u",
	    n->remote_as);
	ns->n++;
	return 0;
}

static int
ug_advertised(const struct updgroup_info *u, void *arg)
{
	struct nbrs	*ns = arg;
	size_t		 i, k;

	if (u->afi < 0 || u->afi > 1)
		return 0;
	for (i = 0; i < u->nmembers; i++)
		for (k = 0; k < ns->n; k++)
			if (addr_cmp(&u->members[i], &ns->v[k].info.addr) ==
			    0) {
				ns->v[k].advertised[u->afi] =
				    u->adjout_prefixes;
				ns->v[k].in_group[u->afi] = 1;
			}
	return 0;
}

/* The families a neighbor shows (show bgp summary's choice). */
static int
nbr_in_af(const struct bgp_nbr_info *n, int afi)
{
	if (n->af[afi].configured)
		return 1;
	return afi == 0 && !n->af[0].configured && !n->af[1].configured;
}

#define NBR_LABELS(x) "vrf", "default", "neighbor", (x)->addr, \
	"remote_as", (x)->as
#define AF_LABELS(afi) "afi", afi_name[afi], "safi", "unicast"

static void
nbr_families(struct metrics_out *mo, struct nbrs *ns)
{
	static const char *const st[] = { "idle", "connect", "active",
	    "opensent", "openconfirm", "established" };
	static const char *const mt[BGP_MI_COUNT] = { "open", "update",
	    "notification", "keepalive", "route_refresh" };
	struct nbr	*x;
	size_t		 i, j;
	long		 cnt;
	int		 afi, dir;

	mo_family(mo, "xrsh_bgp_neighbor_state", MO_GAUGE,
	    "BGP session state of the neighbor: 1 for the current state");
	for (i = 0; i < ns->n; i++)
		for (j = 0; j < 6; j++) {
			x = &ns->v[i];
			mo_u64(mo, (size_t)x->info.state == j, NBR_LABELS(x),
			    "state", st[j], NULL);
		}
	mo_family(mo, "xrsh_bgp_neighbor_state_code", MO_GAUGE,
	    "BGP session state as in the BGP4-MIB (bgpPeerState): 1 idle, "
	    "2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, (uint64_t)ns->v[i].info.state + 1,
		    NBR_LABELS(&ns->v[i]), NULL);
	mo_family(mo, "xrsh_bgp_neighbor_admin_shutdown", MO_GAUGE,
	    "1 if the neighbor is shut down by configuration");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, ns->v[i].info.idle_reason == BGP_IDLE_ADMIN,
		    NBR_LABELS(&ns->v[i]), NULL);
	mo_family(mo, "xrsh_bgp_neighbor_uptime_seconds", MO_GAUGE,
	    "Seconds the session has been Established (0 when it is not)");
	for (i = 0; i < ns->n; i++) {
		x = &ns->v[i];
		mo_u64(mo, x->info.state == BGP_ST_ESTABLISHED &&
		    loop_wallclock() > x->info.state_since ?
		    (uint64_t)(loop_wallclock() - x->info.state_since) : 0,
		    NBR_LABELS(x), NULL);
	}
	for (dir = 0; dir < 2; dir++) {
		mo_family(mo, dir ? "xrsh_bgp_neighbor_messages_sent" :
		    "xrsh_bgp_neighbor_messages_received", MO_COUNTER,
		    dir ? "BGP messages sent to the neighbor, by type" :
		    "BGP messages received from the neighbor, by type");
		for (i = 0; i < ns->n; i++)
			for (j = 0; j < BGP_MI_COUNT; j++) {
				x = &ns->v[i];
				mo_u64(mo, dir ? x->info.sent[j].count :
				    x->info.rcvd[j].count, NBR_LABELS(x),
				    "type", mt[j], NULL);
			}
	}
	mo_family(mo, "xrsh_bgp_neighbor_connections_established",
	    MO_COUNTER, "Times the session reached Established");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, ns->v[i].info.conn_established,
		    NBR_LABELS(&ns->v[i]), NULL);
	mo_family(mo, "xrsh_bgp_neighbor_connections_dropped", MO_COUNTER,
	    "Times an Established session went down");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, ns->v[i].info.conn_dropped,
		    NBR_LABELS(&ns->v[i]), NULL);
	mo_family(mo, "xrsh_bgp_neighbor_input_queue_messages", MO_GAUGE,
	    "Messages received from the neighbor and not yet processed");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, ns->v[i].info.inq, NBR_LABELS(&ns->v[i]), NULL);
	mo_family(mo, "xrsh_bgp_neighbor_output_queue_messages", MO_GAUGE,
	    "Messages queued for the neighbor and not yet sent");
	for (i = 0; i < ns->n; i++)
		mo_u64(mo, ns->v[i].info.outq, NBR_LABELS(&ns->v[i]), NULL);

	mo_family(mo, "xrsh_bgp_neighbor_prefixes_accepted", MO_GAUGE,
	    "Prefixes accepted from the neighbor after the inbound policy "
	    "(show bgp summary's St/PfxRcd)");
	for (i = 0; i < ns->n; i++)
		for (afi = 0; afi < 2; afi++)
			if (nbr_in_af(&ns->v[i].info, afi))
				mo_u64(mo, ns->v[i].info.af[afi].accepted,
				    NBR_LABELS(&ns->v[i]), AF_LABELS(afi),
				    NULL);
	mo_family(mo, "xrsh_bgp_neighbor_prefixes_received", MO_GAUGE,
	    "Prefixes received from the neighbor before the inbound policy "
	    "(neighbors with soft-reconfiguration inbound only)");
	for (i = 0; i < ns->n; i++)
		for (afi = 0; afi < 2; afi++) {
			x = &ns->v[i];
			if (!nbr_in_af(&x->info, afi) ||
			    (cnt = bgp_rib_nbr_received_count(&x->info.addr,
			    afi)) < 0)
				continue;
			mo_u64(mo, (uint64_t)cnt, NBR_LABELS(x),
			    AF_LABELS(afi), NULL);
		}
	mo_family(mo, "xrsh_bgp_neighbor_prefixes_denied", MO_COUNTER,
	    "Prefixes denied by the inbound policy or RFC 8212");
	for (i = 0; i < ns->n; i++)
		for (afi = 0; afi < 2; afi++)
			if (nbr_in_af(&ns->v[i].info, afi))
				mo_u64(mo, ns->v[i].info.af[afi].denied,
				    NBR_LABELS(&ns->v[i]), AF_LABELS(afi),
				    NULL);
	mo_family(mo, "xrsh_bgp_neighbor_withdrawals_received", MO_COUNTER,
	    "Prefix withdrawals received from the neighbor");
	for (i = 0; i < ns->n; i++)
		for (afi = 0; afi < 2; afi++)
			if (nbr_in_af(&ns->v[i].info, afi))
				mo_u64(mo,
				    ns->v[i].info.af[afi].withdrawn_rcvd,
				    NBR_LABELS(&ns->v[i]), AF_LABELS(afi),
				    NULL);
	mo_family(mo, "xrsh_bgp_neighbor_prefixes_advertised", MO_GAUGE,
	    "Prefixes advertised to the neighbor (its update group's "
	    "Adj-RIB-Out)");
	for (i = 0; i < ns->n; i++)
		for (afi = 0; afi < 2; afi++)
			if (nbr_in_af(&ns->v[i].info, afi))
				mo_u64(mo, ns->v[i].advertised[afi],
				    NBR_LABELS(&ns->v[i]), AF_LABELS(afi),
				    NULL);
}

/* ---- tables, memory, update groups ---- */

static void
rov_counts(const struct locrib *t, size_t c[4])
{
	struct pfxtable_cursor		 cur;
	const struct locrib_entry	*e;
	const struct locrib_path	*p;
	size_t				 i, n;

	memset(c, 0, 4 * sizeof(c[0]));
	locrib_cursor_init(&cur, NULL);
	while (locrib_cursor_next(t, &cur, &e)) {
		n = locrib_entry_npaths(e);
		for (i = 0; i < n; i++)
			if ((p = locrib_entry_path(e, i)) != NULL &&
			    p->rov < 4)
				c[p->rov]++;
	}
}

static void
table_families(struct metrics_out *mo)
{
	static const char *const rs[4] = { NULL, "valid", "invalid",
	    "not_found" };
	const struct locrib	*t[2];
	struct bgp_rib_mem	 m;
	size_t			 c[4];
	int			 afi, k;

	for (afi = 0; afi < 2; afi++)
		t[afi] = bgp_rib_table(afi);
	memset(&m, 0, sizeof(m));
	bgp_rib_memory(&m);
	mo_family(mo, "xrsh_bgp_locrib_prefixes", MO_GAUGE,
	    "Prefixes in the Loc-RIB");
	for (afi = 0; afi < 2; afi++)
		if (t[afi] != NULL)
			mo_u64(mo, locrib_count_prefixes(t[afi]), "vrf",
			    "default", AF_LABELS(afi), NULL);
	mo_family(mo, "xrsh_bgp_locrib_paths", MO_GAUGE,
	    "Paths in the Loc-RIB");
	for (afi = 0; afi < 2; afi++)
		if (t[afi] != NULL)
			mo_u64(mo, locrib_count_paths(t[afi]), "vrf",
			    "default", AF_LABELS(afi), NULL);
	mo_family(mo, "xrsh_bgp_locrib_table_version", MO_GAUGE,
	    "Loc-RIB table version (bumped on each best-path change)");
	for (afi = 0; afi < 2; afi++)
		if (t[afi] != NULL)
			mo_u64(mo, locrib_version(t[afi]), "vrf", "default",
			    AF_LABELS(afi), NULL);
	mo_family(mo, "xrsh_bgp_locrib_bytes", MO_GAUGE,
	    "Memory held by the Loc-RIB (entries, paths, trie)");
	for (afi = 0; afi < 2; afi++)
		if (t[afi] != NULL)
			mo_u64(mo, m.locrib_bytes[afi], "vrf", "default",
			    AF_LABELS(afi), NULL);
	mo_family(mo, "xrsh_bgp_rpki_paths", MO_GAUGE,
	    "Loc-RIB paths by RPKI origin validation state (paths with "
	    "validation off are not counted)");
	for (afi = 0; afi < 2; afi++) {
		if (t[afi] == NULL)
			continue;
		/* no path is validated while validation is off: no walk */
		if (bgp_rib.rov_on[afi])
			rov_counts(t[afi], c);
		else
			memset(c, 0, sizeof(c));
		for (k = 1; k < 4; k++)
			mo_u64(mo, c[k], "vrf", "default", AF_LABELS(afi),
			    "state", rs[k], NULL);
	}

	mo_family(mo, "xrsh_bgp_memory_bytes", MO_GAUGE,
	    "Memory held by kind, as show bgp process reports it (the "
	    "Loc-RIB is xrsh_bgp_locrib_bytes)");
	mo_u64(mo, m.attr_bytes, "kind", "attributes", NULL);
	mo_u64(mo, m.adjin_bytes, "kind", "adj_rib_in", NULL);
	mo_u64(mo, m.adjout_bytes, "kind", "adj_rib_out", NULL);
	mo_family(mo, "xrsh_bgp_attribute_sets", MO_GAUGE,
	    "Interned path attribute sets");
	mo_u64(mo, m.attr_sets, NULL);
	mo_family(mo, "xrsh_bgp_adj_rib_in_prefixes", MO_GAUGE,
	    "Pre-policy copies kept for soft-reconfiguration inbound");
	mo_u64(mo, m.adjin_prefixes, NULL);
	mo_family(mo, "xrsh_bgp_nexthops", MO_GAUGE,
	    "Next hops tracked");
	mo_u64(mo, m.nexthops, NULL);
	mo_family(mo, "xrsh_bgp_update_groups", MO_GAUGE,
	    "Update groups");
	mo_u64(mo, m.updgroups, NULL);
}

enum { UG_PENDING, UG_MEMBERS, UG_ADJOUT, UG_UPDATES, UG_WITHDRAWS,
	UG_FORMATTED, UG_COUNT };

struct ug_ctx {
	struct metrics_out	*mo;
	int			 what;
};

static int
ug_row(const struct updgroup_info *u, void *arg)
{
	struct ug_ctx	*c = arg;
	char		 id[24];
	uint64_t	 v;

	if (u->afi < 0 || u->afi > 1)
		return 0;
	snprintf(id, sizeof(id), "0.%u", u->id);
	switch (c->what) {
	case UG_PENDING:	v = u->pending; break;
	case UG_MEMBERS:	v = u->nmembers; break;
	case UG_ADJOUT:		v = u->adjout_prefixes; break;
	case UG_UPDATES:	v = u->updates_sent; break;
	case UG_WITHDRAWS:	v = u->withdraws_sent; break;
	default:		v = u->msgs_formatted; break;
	}
	mo_u64(c->mo, v, "vrf", "default", AF_LABELS(u->afi),
	    "update_group", id, NULL);
	return 0;
}

static void
ug_families(struct metrics_out *mo)
{
	static const struct {
		const char	*name, *help;
		enum mo_type	 type;
	} f[UG_COUNT] = {
		{ "xrsh_bgp_update_group_pending_changes",
		  "Loc-RIB changes queued in the update group, not yet sent",
		  MO_GAUGE },
		{ "xrsh_bgp_update_group_members",
		  "Neighbors in the update group", MO_GAUGE },
		{ "xrsh_bgp_update_group_adj_rib_out_prefixes",
		  "Prefixes in the update group's Adj-RIB-Out", MO_GAUGE },
		{ "xrsh_bgp_update_group_prefixes_announced",
		  "Prefix announcements sent by the update group", MO_COUNTER },
		{ "xrsh_bgp_update_group_prefixes_withdrawn",
		  "Prefix withdrawals sent by the update group", MO_COUNTER },
		{ "xrsh_bgp_update_group_messages_formatted",
		  "UPDATE messages the update group formatted", MO_COUNTER },
	};
	struct ug_ctx	 c;

	c.mo = mo;
	for (c.what = 0; c.what < UG_COUNT; c.what++) {
		mo_family(mo, f[c.what].name, f[c.what].type, f[c.what].help);
		updgroup_foreach(ug_row, &c);
	}
}

/* ---- RPKI, dampening ---- */

struct rtr_ctx {
	struct metrics_out	*mo;
	int			 what;	/* 0 up, 1 vrps */
};

static int
rtr_row(const struct rtr_server_info *s, void *arg)
{
	struct rtr_ctx	*c = arg;
	char		 port[8];

	snprintf(port, sizeof(port), "%u", s->cfg.port);
	if (c->what == 0)
		mo_u64(c->mo, s->up != 0, "server", s->cfg.host, "port", port,
		    NULL);
	else {
		mo_u64(c->mo, s->vrps_v4, "server", s->cfg.host, "port", port,
		    "afi", "ipv4", NULL);
		mo_u64(c->mo, s->vrps_v6, "server", s->cfg.host, "port", port,
		    "afi", "ipv6", NULL);
	}
	return 0;
}

static void
rpki_families(struct metrics_out *mo)
{
	struct rtr_ctx	 c;
	int		 afi;

	c.mo = mo;
	mo_family(mo, "xrsh_rpki_server_up", MO_GAUGE,
	    "1 if the RPKI cache server is synchronized and serving");
	c.what = 0;
	rtr_foreach_server(rtr_row, &c);
	mo_family(mo, "xrsh_rpki_server_vrps", MO_GAUGE,
	    "Validated ROA payloads held from the RPKI cache server");
	c.what = 1;
	rtr_foreach_server(rtr_row, &c);
	mo_family(mo, "xrsh_rpki_vrps", MO_GAUGE,
	    "Validated ROA payloads in the table (servers and static "
	    "rpki route lines)");
	for (afi = 0; afi < 2; afi++)
		mo_u64(mo, bgp_roa != NULL ? roa_count(bgp_roa,
		    afi ? AF_V6 : AF_V4) : 0, AF_LABELS(afi), NULL);
}

static void
damp_families(struct metrics_out *mo)
{
	static const char *const st[3] = { "damped", "history", "flapped" };
	const struct damp_tab	*t;
	const struct damp_rec	**v;
	struct damp_view	 dv;
	size_t			 n, c[3];
	int			 afi, k;

	mo_family(mo, "xrsh_bgp_dampening_enabled", MO_GAUGE,
	    "1 if bgp dampening is configured for the address family");
	for (afi = 0; afi < 2; afi++) {
		damp_rib_view(afi, &dv);
		mo_u64(mo, dv.on != 0, "vrf", "default", AF_LABELS(afi),
		    NULL);
	}
	mo_family(mo, "xrsh_bgp_dampening_paths", MO_GAUGE,
	    "Flap records by status as show bgp flap-statistics gives it: "
	    "damped (suppressed and present), history (withdrawn, kept for "
	    "its penalty), flapped (neither)");
	for (afi = 0; afi < 2; afi++) {
		memset(c, 0, sizeof(c));
		if ((t = damp_rib_tab(afi)) != NULL &&
		    (v = damp_sorted(t, &n)) != NULL) {
			while (n-- > 0)
				c[v[n]->history ? 1 : v[n]->suppressed ? 0 :
				    2]++;
			free(v);
		}
		for (k = 0; k < 3; k++)
			mo_u64(mo, c[k], "vrf", "default", AF_LABELS(afi),
			    "state", st[k], NULL);
	}
}

/* ---- the whole ---- */

static void
process_families(struct metrics_out *mo)
{
	struct bgp_engine_info	 info;
	char			 as[ASN_STRLEN], rid[16];
	time_t			 now = loop_wallclock();

	metrics_note_start();
	mo_family(mo, "xrsh_build_info", MO_GAUGE,
	    "xrsh's version (the value is always 1)");
	mo_u64(mo, 1, "version", PACKAGE_VERSION, NULL);
	mo_family(mo, "xrsh_start_time_seconds", MO_GAUGE,
	    "Start time of the process since the Unix epoch");
	mo_u64(mo, (uint64_t)started, NULL);
	mo_family(mo, "xrsh_uptime_seconds", MO_GAUGE,
	    "Seconds since the process started");
	mo_u64(mo, now > started ? (uint64_t)(now - started) : 0, NULL);
	bgp_engine_info(&info);
	mo_family(mo, "xrsh_bgp_info", MO_GAUGE,
	    "The BGP instance: local AS and router ID as labels (1 while "
	    "router bgp is configured)");
	if (info.configured) {
		snprintf(as, sizeof(as), "%u", info.local_as);
		snprintf(rid, sizeof(rid), "%u.%u.%u.%u",
		    info.router_id >> 24, (info.router_id >> 16) & 0xff,
		    (info.router_id >> 8) & 0xff, info.router_id & 0xff);
		mo_u64(mo, 1, "vrf", "default", "local_as", as, "router_id",
		    rid, NULL);
	}
	mo_family(mo, "xrsh_bgp_neighbors", MO_GAUGE,
	    "Neighbors configured");
	mo_u64(mo, info.npeers, "vrf", "default", NULL);
	mo_family(mo, "xrsh_bgp_neighbors_established", MO_GAUGE,
	    "Neighbors in state Established");
	mo_u64(mo, info.nestablished, "vrf", "default", NULL);
}

int
metrics_render(struct strbuf *sb, int openmetrics)
{
	struct metrics_out	 mo;
	struct nbrs		 ns;
	int			 i, errors;

	mo_init(&mo, sb, openmetrics);
	process_families(&mo);
	memset(&ns, 0, sizeof(ns));
	bgp_engine_foreach_nbr(nbr_collect, &ns);
	if (ns.oom)
		sb->oom = 1;
	updgroup_foreach(ug_advertised, &ns);
	nbr_families(&mo, &ns);
	free(ns.v);
	table_families(&mo);
	ug_families(&mo);
	rpki_families(&mo);
	damp_families(&mo);
	for (i = 0; i < METRICS_SOURCES_MAX; i++)
		if (sources[i].fn != NULL)
			sources[i].fn(&mo, sources[i].arg);
	errors = (int)mo.errors;
	mo_finish(&mo);
	return sb->oom ? -1 : errors;
}
