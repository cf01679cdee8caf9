/*
 * bgp_print: the canonical `router bgp` text (reference 3.7).  One space
 * per level, every block closed by `!` at its opener's indent, defaults
 * hidden.  Order: global lines, global AFs, af-groups, session-groups,
 * neighbor-groups, neighbors by address (the peer tree's order); inside a
 * peer remote-as, use ..., the other session items, AF blocks; inside an
 * AF route-policy in/out first.  Item formatters are shared with the
 * inheritance views, so a view line is always a pastable command.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "core/config/bgp_model.h"
#include "core/config/password.h"

static void
put_ipv4(struct strbuf *sb, uint32_t v)
{
	struct in_addr	 in;
	char		 buf[INET_ADDRSTRLEN];

	in.s_addr = htonl(v);
	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	sb_puts(sb, buf);
}

static void
put_policy(struct strbuf *sb, const char *name, const char *args)
{
	sb_puts(sb, name);
	if (args != NULL)
		sb_puts(sb, args);
}

void
bgp_gitem_format(int item, const struct bgp_item *it, struct strbuf *sb)
{
	switch (item) {
	case BG_TIMERS:
		sb_printf(sb, "timers bgp %u %u", it->n[0], it->n[1]);
		if (it->opt & BGP_OPT_HAS_MIN)
			sb_printf(sb, " %u", it->n[2]);
		break;
	case BG_ROUTER_ID:
		sb_puts(sb, "bgp router-id ");
		put_ipv4(sb, it->n[0]);
		break;
	case BG_CLUSTER_ID:
		sb_puts(sb, "bgp cluster-id ");
		if (it->opt & BGP_OPT_ADDR)
			put_ipv4(sb, it->n[0]);
		else
			sb_printf(sb, "%u", it->n[0]);
		break;
	case BG_GR_RESTART_TIME:
		sb_printf(sb, "bgp graceful-restart restart-time %u", it->n[0]);
		break;
	case BG_GR_STALEPATH_TIME:
		sb_printf(sb, "bgp graceful-restart stalepath-time %u",
		    it->n[0]);
		break;
	case BG_GR_PURGE_TIME:
		sb_printf(sb, "bgp graceful-restart purge-time %u", it->n[0]);
		break;
	case BG_GR:
		sb_puts(sb, "bgp graceful-restart");
		break;
	case BG_LOG_NBR:
		sb_puts(sb, it->opt & BGP_OPT_DETAIL ?
		    "bgp log neighbor changes detail" :
		    "bgp log neighbor changes disable");
		break;
	case BG_UPDATE_DELAY:
		sb_printf(sb, "bgp update-delay %u", it->n[0]);
		break;
	case BG_DEFAULT_LP:
		sb_printf(sb, "bgp default local-preference %u", it->n[0]);
		break;
	case BG_UNSAFE_EBGP:
		sb_puts(sb, "bgp unsafe-ebgp-policy");
		break;
	case BG_MED_ALWAYS:
		sb_puts(sb, "bgp bestpath med always");
		break;
	case BG_MED_CONFED:
		sb_puts(sb, "bgp bestpath med confed");
		break;
	case BG_MED_MISSING_WORST:
		sb_puts(sb, "bgp bestpath med missing-as-worst");
		break;
	case BG_COMPARE_RID:
		sb_puts(sb, "bgp bestpath compare-routerid");
		break;
	case BG_AIGP_IGNORE:
		sb_puts(sb, "bgp bestpath aigp ignore");
		break;
	case BG_ASPATH_IGNORE:
		sb_puts(sb, "bgp bestpath as-path ignore");
		break;
	case BG_ASPATH_MPR:
		sb_puts(sb, "bgp bestpath as-path multipath-relax");
		break;
	case BG_COST_COMM_IGNORE:
		sb_puts(sb, "bgp bestpath cost-community ignore");
		break;
	case BG_IGP_METRIC_IGNORE:
		sb_puts(sb, "bgp bestpath igp-metric ignore");
		break;
	case BG_OAS_USE_VALIDITY:
		sb_puts(sb, "bgp bestpath origin-as use validity");
		break;
	case BG_OAS_ALLOW_INVALID:
		sb_puts(sb, "bgp bestpath origin-as allow invalid");
		break;
	case BG_OAS_SIGNAL_IBGP:
		sb_puts(sb, "bgp origin-as validation signal ibgp");
		break;
	case BG_OAS_TIME:
		if (it->opt & BGP_OPT_OFF)
			sb_puts(sb, "bgp origin-as validation time off");
		else
			sb_printf(sb, "bgp origin-as validation time %u",
			    it->n[0]);
		break;
	case BG_NSR:
		sb_puts(sb, it->opt & BGP_OPT_DISABLE ? "nsr disable" : "nsr");
		break;
	case BG_IBGP_ENFORCE_MODS:
		sb_puts(sb, "ibgp policy out enforce-modifications");
		break;
	case BG_SOCK_SNDBUF:
		sb_printf(sb, "socket send-buffer-size %u", it->n[0]);
		break;
	case BG_MEMORY_LIMIT:
		sb_printf(sb, "bgp memory-limit %u", it->n[0]);
		break;
	case BG_GM_ACTIVATE:
		/* one line here (views); bgp_cfg_print writes the block */
		sb_puts(sb, "graceful-maintenance activate");
		if (it->opt & BGP_OPT_ALL_NBRS)
			sb_puts(sb, " all-neighbors");
		if (it->opt & BGP_OPT_RETAIN_ROUTES)
			sb_puts(sb, " retain-routes");
		break;
	}
}

static void
put_inh_disable(struct strbuf *sb, const char *kw)
{
	sb_printf(sb, "%s inheritance-disable", kw);
}

void
bgp_sitem_format(int item, const struct bgp_item *it, struct strbuf *sb)
{
	char	 enc[2 * PASSWORD_MAX + 3];

	switch (item) {
	case BS_REMOTE_AS:
		sb_printf(sb, "remote-as %u", it->n[0]);
		break;
	case BS_SHUTDOWN:
		if (it->off)
			put_inh_disable(sb, "shutdown");
		else if (it->s != NULL)	/* kept exactly, like a description */
			sb_printf(sb, "shutdown message %s", it->s);
		else
			sb_puts(sb, "shutdown");
		break;
	case BS_LOCAL_AS:
		if (it->off) {
			put_inh_disable(sb, "local-as");
			break;
		}
		sb_printf(sb, "local-as %u", it->n[0]);
		if (it->opt & BGP_OPT_NO_PREPEND)
			sb_puts(sb, " no-prepend");
		if (it->opt & BGP_OPT_REPLACE_AS)
			sb_puts(sb, " replace-as");
		if (it->opt & BGP_OPT_DUAL_AS)
			sb_puts(sb, " dual-as");
		break;
	case BS_PASSWORD:
		if (it->off) {
			put_inh_disable(sb, "password");
			break;
		}
		if (it->s == NULL ||
		    password_encode(it->s, enc, sizeof(enc)) == -1)
			enc[0] = '\0';
		sb_printf(sb, "password encrypted %s", enc);
		break;
	case BS_DESCRIPTION:
		sb_printf(sb, "description %s", it->s ? it->s : "");
		break;
	case BS_ADV_INTERVAL:
		sb_printf(sb, "advertisement-interval %u", it->n[0]);
		if (it->opt & BGP_OPT_HAS_MS)
			sb_printf(sb, " %u", it->n[1]);
		break;
	case BS_TIMERS:
		sb_printf(sb, "timers %u %u", it->n[0], it->n[1]);
		if (it->opt & BGP_OPT_HAS_MIN)
			sb_printf(sb, " %u", it->n[2]);
		break;
	case BS_EBGP_MULTIHOP:
		sb_printf(sb, "ebgp-multihop %u", it->n[0]);
		break;
	case BS_TTL_SECURITY:
		if (it->off)
			put_inh_disable(sb, "ttl-security");
		else
			sb_puts(sb, "ttl-security");
		break;
	case BS_SESSION_OPEN_MODE:
		sb_printf(sb, "session-open-mode %s",
		    it->n[0] == BGP_SOM_ACTIVE_ONLY ? "active-only" :
		    it->n[0] == BGP_SOM_PASSIVE_ONLY ? "passive-only" : "both");
		break;
	case BS_CAP_SUPPRESS_4BYTE:
		if (it->off)
			put_inh_disable(sb, "capability suppress 4-byte-as");
		else
			sb_puts(sb, "capability suppress 4-byte-as");
		break;
	case BS_ENFORCE_FIRST_AS_DISABLE:
		sb_puts(sb, "enforce-first-as disable");
		break;
	case BS_GRACEFUL_RESTART:
		sb_puts(sb, it->opt & BGP_OPT_DISABLE ? "graceful-restart disable" :
		    "graceful-restart");
		break;
	case BS_BFD_FAST_DETECT:
		sb_puts(sb, it->opt & BGP_OPT_STRICT ?
		    "bfd fast-detect strict-mode" : "bfd fast-detect");
		break;
	case BS_BFD_MIN_INTERVAL:
		sb_printf(sb, "bfd minimum-interval %u", it->n[0]);
		break;
	case BS_BFD_MULTIPLIER:
		sb_printf(sb, "bfd multiplier %u", it->n[0]);
		break;
	case BS_UPDATE_SOURCE:
		sb_printf(sb, "update-source %s", it->s ? it->s : "");
		break;
	case BS_LOG_NBR:
		if (it->off)
			put_inh_disable(sb, "log neighbor changes");
		else
			sb_puts(sb, it->opt & BGP_OPT_DETAIL ?
			    "log neighbor changes detail" :
			    "log neighbor changes disable");
		break;
	case BS_GSHUT:
		if (it->off)
			put_inh_disable(sb, "graceful-shutdown");
		else
			sb_puts(sb, "graceful-shutdown");
		break;
	case BS_DMZ_LINK_BW:
		if (it->off)
			put_inh_disable(sb, "dmz-link-bandwidth");
		else
			sb_puts(sb, "dmz-link-bandwidth");
		break;
	case BS_BMP1:
	case BS_BMP1 + 1:
	case BS_BMP1 + 2:
	case BS_BMP1 + 3:
	case BS_BMP1 + 4:
	case BS_BMP1 + 5:
	case BS_BMP1 + 6:
	case BS_BMP8:
		sb_printf(sb, "bmp-activate server %d", item - BS_BMP1 + 1);
		break;
	/* one line each here (views, show); the running configuration
	   has them as a block (print_peer) */
	case BS_GM:
		sb_puts(sb, "graceful-maintenance");
		break;
	case BS_GM_ACTIVATE:
		if (it->off)
			put_inh_disable(sb, "graceful-maintenance activate");
		else
			sb_puts(sb, "graceful-maintenance activate");
		break;
	case BS_GM_LP:
		if (it->off)
			put_inh_disable(sb,
			    "graceful-maintenance local-preference");
		else
			sb_printf(sb, "graceful-maintenance local-preference %u",
			    it->n[0]);
		break;
	case BS_GM_AS_PREPENDS:
		if (it->off)
			put_inh_disable(sb, "graceful-maintenance as-prepends");
		else
			sb_printf(sb, "graceful-maintenance as-prepends %u",
			    it->n[0]);
		break;
	}
}

static void
put_flag(struct strbuf *sb, const struct bgp_item *it, const char *kw)
{
	if (it->off)
		put_inh_disable(sb, kw);
	else
		sb_puts(sb, kw);
}

void
bgp_aitem_format(int item, const struct bgp_item *it, int view,
    struct strbuf *sb)
{
	switch (item) {
	case BA_POLICY_IN:
	case BA_POLICY_OUT:
		sb_puts(sb, view ? "policy " : "route-policy ");
		put_policy(sb, it->s ? it->s : "", it->args);
		sb_puts(sb, item == BA_POLICY_IN ? " in" : " out");
		break;
	case BA_MAXPFX:
		sb_printf(sb, "maximum-prefix %u", it->n[0]);
		if (it->opt & BGP_OPT_HAS_THRESHOLD)
			sb_printf(sb, " %u", it->n[1]);
		if (it->opt & BGP_OPT_RESTART)
			sb_printf(sb, " restart %u", it->n[2]);
		if (it->opt & BGP_OPT_WARNING_ONLY)
			sb_puts(sb, " warning-only");
		if (it->opt & BGP_OPT_DISCARD_EXTRA)
			sb_puts(sb, " discard-extra-paths");
		break;
	case BA_NHS:
		put_flag(sb, it, "next-hop-self");
		break;
	case BA_NHU:
		put_flag(sb, it, "next-hop-unchanged");
		break;
	case BA_RRC:
		put_flag(sb, it, "route-reflector-client");
		break;
	case BA_SEND_COMM:
		put_flag(sb, it, "send-community-ebgp");
		break;
	case BA_SEND_EXTCOMM:
		put_flag(sb, it, "send-extended-community-ebgp");
		break;
	case BA_SEND_GSHUT:
		put_flag(sb, it, "send-community-gshut-ebgp");
		break;
	case BA_SOFT_RECONF:
		sb_puts(sb, "soft-reconfiguration inbound");
		if (it->opt & BGP_OPT_ALWAYS)
			sb_puts(sb, " always");
		if (it->off)
			sb_puts(sb, " inheritance-disable");
		break;
	case BA_REMOVE_PRIV_AS:
		sb_puts(sb, "remove-private-AS");
		if (it->opt & BGP_OPT_ENTIRE_ASPATH)
			sb_puts(sb, " entire-aspath");
		if (it->off)
			sb_puts(sb, " inheritance-disable");
		break;
	case BA_ALLOWAS_IN:
		sb_puts(sb, "allowas-in");
		if (it->opt & BGP_OPT_HAS_VALUE)
			sb_printf(sb, " %u", it->n[0]);
		break;
	case BA_AS_OVERRIDE:
		put_flag(sb, it, "as-override");
		break;
	case BA_DEFAULT_ORIG:
		if (it->off) {
			put_inh_disable(sb, "default-originate");
			break;
		}
		sb_puts(sb, "default-originate");
		if (it->s != NULL) {
			sb_puts(sb, view ? " policy " : " route-policy ");
			put_policy(sb, it->s, it->args);
		}
		break;
	case BA_WEIGHT:
		sb_printf(sb, "weight %u", it->n[0]);
		break;
	case BA_MULTIPATH:
		sb_puts(sb, "multipath");
		break;
	case BA_ORF:
		sb_printf(sb, "capability orf prefix %s",
		    it->n[0] == BGP_ORF_SEND ? "send" :
		    it->n[0] == BGP_ORF_RECEIVE ? "receive" :
		    it->n[0] == BGP_ORF_NONE ? "none" : "both");
		break;
	case BA_SEND_MCAST_ATTR:
		sb_puts(sb, it->opt & BGP_OPT_DISABLE ?
		    "send-multicast-attributes disable" :
		    "send-multicast-attributes");
		break;
	case BA_OAS_VALIDATION_DISABLE:
		sb_puts(sb, "origin-as validation disable");
		break;
	case BA_OAS_ALLOW_INVALID:
		sb_puts(sb, "bestpath origin-as allow invalid");
		break;
	case BA_AP_RECV:
	case BA_AP_SEND:
		sb_printf(sb, "capability additional-paths %s",
		    item == BA_AP_RECV ? "receive" : "send");
		if (it->opt & BGP_OPT_DISABLE)
			sb_puts(sb, " disable");
		break;
	}
}

void
bgp_alloc_label_format(const struct bgp_item *it, struct strbuf *sb)
{
	if (it->opt & BGP_OPT_ALL) {
		sb_puts(sb, "allocate-label all");
		return;
	}
	sb_puts(sb, "allocate-label route-policy ");
	put_policy(sb, it->s ? it->s : "", it->args);
}

void
bgp_peer_header(const struct bgp_peer *p, struct strbuf *sb)
{
	if (p->kind == BGP_AFG)
		sb_printf(sb, "af-group %s address-family %s unicast", p->name,
		    bgp_afi_name(p->afg_afi));
	else
		sb_printf(sb, "%s %s", bgp_kind_name(p->kind), p->name);
}

void
bgp_peer_path(const struct bgp_cfg *b, const struct bgp_peer *p, int afi,
    const char *line, struct strbuf *sb)
{
	int	 depth = 2;

	sb_printf(sb, "router bgp %u", b->asn);
	if (p == NULL) {
		depth = 1;
		if (afi >= 0) {
			sb_printf(sb, "\n address-family %s unicast",
			    bgp_afi_name(afi));
			depth = 2;
		}
	} else {
		sb_puts(sb, "\n ");
		bgp_peer_header(p, sb);
		if (afi >= 0 && p->kind != BGP_AFG) {
			sb_printf(sb, "\n  address-family %s unicast",
			    bgp_afi_name(afi));
			depth = 3;
		}
	}
	if (line != NULL)
		sb_printf(sb, "\n%*s%s", depth, "", line);
}

static void
indent(struct strbuf *sb, int n)
{
	sb_printf(sb, "%*s", n, "");
}

static void
print_item_line(struct strbuf *sb, int ind, void (*fmt)(int,
    const struct bgp_item *, struct strbuf *), int item,
    const struct bgp_item *it)
{
	if (!it->set)
		return;
	indent(sb, ind);
	fmt(item, it, sb);
	sb_putc(sb, '\n');
}

static void
print_af_items(struct strbuf *sb, int ind, const struct bgp_afcfg *a)
{
	int	 i;

	for (i = 0; i < BA_COUNT; i++) {
		if (i == BA_MAXPFX && a->use_afg != NULL)
			sb_printf(sb, "%*suse af-group %s\n", ind, "",
			    a->use_afg);
		if (!a->it[i].set)
			continue;
		indent(sb, ind);
		bgp_aitem_format(i, &a->it[i], 0, sb);
		sb_putc(sb, '\n');
	}
}

/*
 * XR's graceful-maintenance block: the header when any of its lines is
 * configured here, each line without the "graceful-maintenance " the
 * one-line form (bgp_sitem_format) starts with.
 */
static void
print_gm(struct strbuf *sb, const struct bgp_peer *p)
{
	static const char	 pfx[] = "graceful-maintenance ";
	struct strbuf		 line = STRBUF_INIT;
	const char		*t;
	int			 i, any = p->s[BS_GM].set;

	for (i = BS_GM_ACTIVATE; i <= BS_GM_AS_PREPENDS; i++)
		any |= p->s[i].set;
	if (!any)
		return;
	sb_puts(sb, "  graceful-maintenance\n");
	for (i = BS_GM_ACTIVATE; i <= BS_GM_AS_PREPENDS; i++) {
		if (!p->s[i].set)
			continue;
		sb_reset(&line);
		bgp_sitem_format(i, &p->s[i], &line);
		t = sb_str(&line);
		if (strncmp(t, pfx, sizeof(pfx) - 1) == 0)
			t += sizeof(pfx) - 1;
		sb_printf(sb, "   %s\n", t);
	}
	if (line.oom)
		sb->oom = 1;
	sb_free(&line);
	sb_puts(sb, "  !\n");
}

static void
print_peer(struct strbuf *sb, const struct bgp_peer *p)
{
	int	 i;

	sb_putc(sb, ' ');
	bgp_peer_header(p, sb);
	sb_putc(sb, '\n');
	if (p->kind == BGP_AFG) {
		print_af_items(sb, 2, &p->af[p->afg_afi]);
		sb_puts(sb, " !\n");
		return;
	}
	print_item_line(sb, 2, bgp_sitem_format, BS_REMOTE_AS,
	    &p->s[BS_REMOTE_AS]);
	if (p->use_ng != NULL)
		sb_printf(sb, "  use neighbor-group %s\n", p->use_ng);
	if (p->use_sg != NULL)
		sb_printf(sb, "  use session-group %s\n", p->use_sg);
	for (i = BS_REMOTE_AS + 1; i < BS_COUNT; i++) {
		if (i == BS_GM)
			print_gm(sb, p);
		else if (i < BS_GM || i > BS_GM_AS_PREPENDS)
			print_item_line(sb, 2, bgp_sitem_format, i, &p->s[i]);
	}
	for (i = 0; i < BGP_AFI_COUNT; i++) {
		if (!p->af[i].present)
			continue;
		sb_printf(sb, "  address-family %s unicast\n",
		    bgp_afi_name(i));
		print_af_items(sb, 3, &p->af[i]);
		sb_puts(sb, "  !\n");
	}
	sb_puts(sb, " !\n");
}

void
bgp_dampening_format(const struct bgp_gaf *g, struct strbuf *sb)
{
	const struct bgp_item	*it = &g->dampening;

	sb_puts(sb, "bgp dampening");
	if (it->s != NULL) {
		sb_puts(sb, " route-policy ");
		put_policy(sb, it->s, it->args);
		return;
	}
	if (it->opt & BGP_OPT_DAMP_HL)
		sb_printf(sb, " %u", it->n[0]);
	if (it->opt & BGP_OPT_DAMP_ALL)
		sb_printf(sb, " %u %u %u", it->n[1], it->n[2],
		    g->damp_max_suppress);
}

static void
print_gaf(struct strbuf *sb, enum bgp_afi afi, const struct bgp_gaf *g)
{
	char	 buf[PREFIX_STRLEN];
	size_t	 i;
	int	 r;

	sb_printf(sb, " address-family %s unicast\n", bgp_afi_name(afi));
	if (g->oas_validation.set)
		sb_puts(sb, "  bgp origin-as validation enable\n");
	if (g->oas_use_validity.set)
		sb_puts(sb, "  bgp bestpath origin-as use validity\n");
	if (g->oas_allow_invalid.set)
		sb_puts(sb, "  bgp bestpath origin-as allow invalid\n");
	if (g->dampening.set) {
		sb_puts(sb, "  ");
		bgp_dampening_format(g, sb);
		sb_putc(sb, '\n');
	}
	if (g->addpath[BGP_AP_RECV].set)
		sb_puts(sb, "  additional-paths receive\n");
	if (g->addpath[BGP_AP_SEND].set)
		sb_puts(sb, "  additional-paths send\n");
	if (g->addpath[BGP_AP_SEL].set) {
		sb_puts(sb, "  additional-paths selection route-policy ");
		put_policy(sb, g->addpath[BGP_AP_SEL].s ?
		    g->addpath[BGP_AP_SEL].s : "", g->addpath[BGP_AP_SEL].args);
		sb_putc(sb, '\n');
	}
	if (g->maxpaths_ebgp.set)
		sb_printf(sb, "  maximum-paths ebgp %u%s\n",
		    g->maxpaths_ebgp.n[0],
		    (g->maxpaths_ebgp.opt & BGP_OPT_SELECTIVE) ?
		    " selective" : "");
	if (g->maxpaths_ibgp.set)
		sb_printf(sb, "  maximum-paths ibgp %u%s%s\n",
		    g->maxpaths_ibgp.n[0],
		    (g->maxpaths_ibgp.opt & BGP_OPT_UNEQUAL_COST) ?
		    " unequal-cost" : "",
		    (g->maxpaths_ibgp.opt & BGP_OPT_SELECTIVE) ?
		    " selective" : "");
	if (g->maxpaths_eibgp.set)
		sb_printf(sb, "  maximum-paths eibgp %u\n",
		    g->maxpaths_eibgp.n[0]);
	for (i = 0; i < g->nagg; i++) {
		prefix_format(&g->agg[i].pfx, buf, sizeof(buf));
		sb_printf(sb, "  aggregate-address %s", buf);
		if (g->agg[i].flags & BGP_AGG_AS_SET)
			sb_puts(sb, " as-set");
		if (g->agg[i].flags & BGP_AGG_SUMMARY_ONLY)
			sb_puts(sb, " summary-only");
		if (g->agg[i].policy != NULL) {
			sb_puts(sb, " route-policy ");
			put_policy(sb, g->agg[i].policy, g->agg[i].args);
		}
		sb_putc(sb, '\n');
	}
	for (i = 0; i < g->nnet; i++) {
		prefix_format(&g->net[i].pfx, buf, sizeof(buf));
		sb_printf(sb, "  network %s", buf);
		if (g->net[i].policy != NULL) {
			sb_puts(sb, " route-policy ");
			put_policy(sb, g->net[i].policy, g->net[i].args);
		}
		sb_putc(sb, '\n');
	}
	for (r = 0; r < BGP_REDIST_COUNT; r++) {
		const struct bgp_item	*it = &g->redist[r];

		if (!it->set)
			continue;
		sb_printf(sb, "  redistribute %s",
		    r == BGP_REDIST_CONNECTED ? "connected" : "static");
		if (it->opt & BGP_OPT_HAS_VALUE)
			sb_printf(sb, " metric %u", it->n[0]);
		if (it->s != NULL) {
			sb_puts(sb, " route-policy ");
			put_policy(sb, it->s, it->args);
		}
		sb_putc(sb, '\n');
	}
	if (g->allocate_label.set) {
		sb_puts(sb, "  ");
		bgp_alloc_label_format(&g->allocate_label, sb);
		sb_putc(sb, '\n');
	}
	sb_puts(sb, " !\n");
}

/* `rpki server` blocks, then the static `rpki route` lines: after the
   global knobs, before the address families */
static void
print_rpki(struct strbuf *sb, const struct bgp_cfg *b)
{
	const struct bgp_rpki_server	*s;
	size_t				 i;
	int				 k;

	for (i = 0; i < b->nrpki_srv; i++) {
		s = &b->rpki_srv[i];
		sb_printf(sb, " rpki server %s\n", s->host);
		for (k = 0; k < BR_COUNT; k++)
			print_item_line(sb, 2, bgp_ritem_format, k, &s->it[k]);
		sb_puts(sb, " !\n");
	}
	for (i = 0; i < b->nrpki_rt; i++) {
		sb_putc(sb, ' ');
		bgp_rpki_route_format(&b->rpki_rt[i], sb);
		sb_putc(sb, '\n');
	}
}

int
bgp_cfg_print(const struct bgp_cfg *b, struct strbuf *sb)
{
	const struct bgp_peer	*p;
	int			 i;

	if (b == NULL)
		return 0;
	sb_printf(sb, "router bgp %u\n", b->asn);
	for (i = 0; i < BG_GCOUNT; i++) {
		if (i != BG_GM_ACTIVATE) {
			print_item_line(sb, 1, bgp_gitem_format, i, &b->g[i]);
			continue;
		}
		if (!b->g[i].set)
			continue;
		/* XR: a block of its own, its options one per line */
		sb_puts(sb, " graceful-maintenance activate\n");
		if (b->g[i].opt & BGP_OPT_ALL_NBRS)
			sb_puts(sb, "  all-neighbors\n");
		if (b->g[i].opt & BGP_OPT_RETAIN_ROUTES)
			sb_puts(sb, "  retain-routes\n");
		sb_puts(sb, " !\n");
	}
	print_rpki(sb, b);
	for (i = 0; i < BGP_AFI_COUNT; i++)
		if (b->af[i].present)
			print_gaf(sb, i, &b->af[i]);
	for (p = bgp_peer_first(b); p != NULL; p = bgp_peer_next(p))
		print_peer(sb, p);
	sb_puts(sb, "!\n");
	return sb->oom ? -1 : 0;
}
