/*
 * bgp_route_fmt: one path as the show bgp route views print it (see
 * bgp_route_fmt.h for the layouts and the JSON keys).
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/engine.h"
#include "core/bgp/proto.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/config/rpki_cfg.h"
#include "core/lib/loop.h"
#include "core/rpl/community.h"

static const char *const af_label[2] = { "IPv4 Unicast", "IPv6 Unicast" };
static const char *const af_key[2] = { "ipv4 unicast", "ipv6 unicast" };

void
rfmt_from_locrib(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out)
{
	memset(out, 0, sizeof(*out));
	out->attrs = p->attrs;
	bgp_rib_path_src(p, pfx, &out->src);
	out->has_src = 1;
	out->weight = p->attrs->has_weight ? p->attrs->weight :
	    p->src->weight;
	out->flags = p->flags;
	out->rov = p->rov;
	if (!p->nh_reachable) {
		out->invalid = bgp_rib_path_invalid(p);
		if (out->invalid == NULL)
			out->invalid = "inaccessible";
	}
	out->igp_metric = p->igp_metric;
	if (p->flags & LOCRIB_PATH_BEST)
		out->version = locrib_entry_version(e);
	out->suppressed = bgp_rib_suppressed(pfx);
	if (!(p->flags & LOCRIB_PATH_BEST))
		out->addpath_adv = bgp_rib_path_addpath_advertised(p, pfx);
}

void
rfmt_from_attrs(const struct bgp_attrs *a, struct rfmt_path *out)
{
	memset(out, 0, sizeof(*out));
	out->attrs = a;
	out->weight = a->has_weight ? a->weight : 0;
}

void
rfmt_path_clear(struct rfmt_path *p)
{
	bgp_attrs_unref(p->owned);
	memset(p, 0, sizeof(*p));
}

int
rfmt_afi(const struct cmd_args *a)
{
	return arg_has(a, "ipv6") ? 1 : 0;
}

const char *
rfmt_af_label(int afi)
{
	return af_label[afi ? 1 : 0];
}

const char *
rfmt_af_key(int afi)
{
	return af_key[afi ? 1 : 0];
}

int
rfmt_bgp_active(struct cli *cli)
{
	struct bgp_engine_info	 info;

	bgp_engine_info(&info);
	if (info.configured)
		return 1;
	cli_error(cli, "BGP instance 'default' not active");
	return 0;
}

void
rfmt_id(uint32_t id, char *buf, size_t len)
{
	struct in_addr	 in;

	in.s_addr = htonl(id);
	if (inet_ntop(AF_INET, &in, buf, (socklen_t)len) == NULL)
		strlcpy(buf, "0.0.0.0", len);
}

void
rfmt_nexthop(const struct bgp_attrs *a, int afi, char *buf, size_t len)
{
	if (a->nexthop.af != 0)
		addr_format(&a->nexthop, buf, len);
	else
		strlcpy(buf, afi ? "::" : "0.0.0.0", len);
}

/* a local path without a next hop shows the unspecified address */
static void
path_nexthop(const struct rfmt_path *p, int afi, char *buf, size_t len)
{
	rfmt_nexthop(p->attrs, afi, buf, len);
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

void
rfmt_ecomm(const uint8_t *b, char *buf, size_t len)
{
	struct ecomm	 e;

	e.type = b[0];
	e.subtype = b[1];
	switch (b[0]) {
	case ECOMM_T_AS2:
		e.ga = (uint32_t)b[2] << 8 | b[3];
		e.la = get32(b + 4);
		break;
	case ECOMM_T_IPV4:
	case ECOMM_T_AS4:
		e.ga = get32(b + 2);
		e.la = (uint32_t)b[6] << 8 | b[7];
		break;
	default:
		/* a kind xrsh does not name: its bytes */
		snprintf(buf, len, "0x%02x%02x:%02x%02x%02x%02x%02x%02x",
		    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
		return;
	}
	ecomm_format(&e, buf, len);
}

void
rfmt_dur(double secs, char *buf, size_t len)
{
	unsigned long long	 s = secs > 0 ? (unsigned long long)secs : 0;

	if (s < 86400)
		snprintf(buf, len, "%02llu:%02llu:%02llu", s / 3600,
		    s / 60 % 60, s % 60);
	else if (s < 7 * 86400ULL)
		snprintf(buf, len, "%llud%02lluh", s / 86400, s / 3600 % 24);
	else if (s < 365 * 86400ULL)
		snprintf(buf, len, "%lluw%llud", s / (7 * 86400),
		    s / 86400 % 7);
	else
		snprintf(buf, len, "%lluy%lluw", s / (365 * 86400),
		    s % (365 * 86400ULL) / (7 * 86400));
}

char
rfmt_origin_code(const struct bgp_attrs *a)
{
	switch (a->origin) {
	case BGP_ORIGIN_IGP:
		return 'i';
	case BGP_ORIGIN_EGP:
		return 'e';
	default:
		return '?';
	}
}

int
rfmt_rov_enabled(int afi)
{
	const struct config	*c = cmds_running();

	/* the knob the RIB reads (rib.c) */
	return c != NULL && rpki_cfg_validation(c->bgp,
	    afi ? BGP_AFI_V6 : BGP_AFI_V4);
}

const char *
rfmt_rov_word(unsigned rov)
{
	switch (rov) {
	case LOCRIB_ROV_VALID:
		return "valid";
	case LOCRIB_ROV_INVALID:
		return "invalid";
	case LOCRIB_ROV_NOT_FOUND:
		return "not-found";
	default:
		return "disabled";
	}
}

uint8_t
rfmt_rov_live(const struct xprefix *pfx, const struct bgp_attrs *a)
{
	return rov_validate_path(pfx, a, bgp_rib_local_as());
}

static const char *
origin_word(const struct bgp_attrs *a)
{
	switch (a->origin) {
	case BGP_ORIGIN_IGP:
		return "IGP";
	case BGP_ORIGIN_EGP:
		return "EGP";
	default:
		return "incomplete";
	}
}

static const char *
origin_key(const struct bgp_attrs *a)
{
	switch (a->origin) {
	case BGP_ORIGIN_IGP:
		return "igp";
	case BGP_ORIGIN_EGP:
		return "egp";
	default:
		return "incomplete";
	}
}

static int
has_attr(const struct bgp_attrs *a, unsigned code)
{
	return code < 32 && (a->present & BGP_ATTRBIT(code)) != 0;
}

static int
is_internal(const struct rfmt_path *p)
{
	return p->has_src && p->src.local == BGP_LOCAL_NONE && !p->src.ebgp;
}

static const char *
source_kind(const struct rfmt_path *p)
{
	if (!p->has_src)
		return NULL;
	switch (p->src.local) {
	case BGP_LOCAL_NETWORK:
		return "local";
	case BGP_LOCAL_AGGREGATE:
		return "aggregate";
	default:
		break;
	}
	if (p->src.confed_ebgp)
		return "confed-external";
	return p->src.ebgp ? "external" : "internal";
}

/* ------------------------------------------------------------------ */
/* table view */

void
rfmt_table_head(struct strbuf *sb, int afi, int legend, int rov)
{
	const struct locrib	*t = bgp_rib_table(afi);
	char			 rid[INET_ADDRSTRLEN], as[ASN_STRLEN];
	unsigned long long	 v = t != NULL ? locrib_version(t) : 0;

	rfmt_id(bgp_rib_router_id(), rid, sizeof(rid));
	asn_format(bgp_rib_local_as(), as, sizeof(as));
	sb_printf(sb, "BGP router identifier %s, local AS number %s\n",
	    rid, as);
	sb_puts(sb, "BGP generic scan interval 60 secs\n");
	sb_puts(sb, "BGP table state: Active\n");
	sb_printf(sb, "Table ID: 0x%s   RD version: %llu\n",
	    afi ? "e0800000" : "e0000000", v);
	sb_printf(sb, "BGP main routing table version %llu\n", v);
	sb_puts(sb, "BGP scan interval 60 secs\n\n");
	if (legend) {
		sb_puts(sb, "Status codes: s suppressed, d damped, "
		    "h history, * valid, > best\n");
		sb_puts(sb, "              i - internal, r RIB-failure, "
		    "S stale, N Nexthop-discard\n");
		sb_puts(sb, "Origin codes: i - IGP, e - EGP, ? - incomplete\n");
		if (rov)
			sb_puts(sb, "Origin-AS validation codes: V valid, "
			    "I invalid, N not-found, D disabled\n");
	}
	sb_printf(sb, "%s   Network            Next Hop            Metric "
	    "LocPrf Weight Path\n", rov ? " " : "");
}

char
rfmt_rov_code(const struct rfmt_path *p)
{
	switch (p->rov) {
	case LOCRIB_ROV_VALID:
		return 'V';
	case LOCRIB_ROV_INVALID:
		return 'I';
	case LOCRIB_ROV_NOT_FOUND:
		return 'N';
	default:
		break;
	}
	/* XR leaves local paths blank: they are not validated at all */
	if (!p->has_src || p->src.local != BGP_LOCAL_NONE)
		return ' ';
	return 'D';
}

void
rfmt_status(const struct rfmt_path *p, char st[4])
{
	if (p->invalid != NULL)
		st[0] = ' ';
	else if (p->suppressed)
		st[0] = 's';
	else if (p->flags & LOCRIB_PATH_DAMPED)
		st[0] = 'd';
	else if (p->history)
		st[0] = 'h';
	else if (p->flags & LOCRIB_PATH_STALE)
		st[0] = 'S';
	else
		st[0] = '*';
	st[1] = (p->flags & LOCRIB_PATH_BEST) ? '>' : ' ';
	st[2] = is_internal(p) ? 'i' : ' ';
	st[3] = '\0';
}

/* "65002 65003 i", or "i" for an empty AS path */
static void
path_column(const struct bgp_attrs *a, struct strbuf *sb)
{
	size_t	 before = sb->len;

	if (a->aspath != NULL)
		bgp_aspath_format(a->aspath, a->aspath_len, sb);
	if (sb->len > before)
		sb_putc(sb, ' ');
	sb_putc(sb, rfmt_origin_code(a));
}

void
rfmt_table_row(struct strbuf *sb, const struct xprefix *pfx, int afi,
    const struct rfmt_path *p, int rov)
{
	const struct bgp_attrs	*a = p->attrs;
	char			 st[4], net[PREFIX_STRLEN], nh[ADDR_STRLEN];
	char			 med[12] = "", lp[12] = "";
	int			 shift = rov ? 1 : 0;

	/* the validation code goes first and moves every column right */
	if (rov)
		sb_putc(sb, rfmt_rov_code(p));
	rfmt_status(p, st);
	if (pfx != NULL)
		prefix_format(pfx, net, sizeof(net));
	else
		net[0] = '\0';
	/* a network too long for its column stands alone */
	if (strlen(net) > 18)
		sb_printf(sb, "%s%s\n%*s", st, net, 22 + shift, "");
	else
		sb_printf(sb, "%s%-18s ", st, net);
	path_nexthop(p, afi, nh, sizeof(nh));
	if (strlen(nh) > 15)
		sb_printf(sb, "%s\n%*s", nh, 37 + shift, "");
	else
		sb_printf(sb, "%-15s", nh);
	if (has_attr(a, BGP_ATTR_MED))
		snprintf(med, sizeof(med), "%u", a->med);
	if (has_attr(a, BGP_ATTR_LOCAL_PREF))
		snprintf(lp, sizeof(lp), "%u", a->local_pref);
	sb_printf(sb, " %10s %6s %6u ", med, lp, p->weight);
	path_column(a, sb);
	sb_putc(sb, '\n');
}

void
rfmt_table_tail(struct strbuf *sb, size_t prefixes, size_t paths)
{
	sb_printf(sb, "\nProcessed %zu prefixes, %zu paths\n", prefixes,
	    paths);
}

/* ------------------------------------------------------------------ */
/* detail view */

static void
comm_line(struct strbuf *sb, const struct bgp_attrs *a)
{
	char	 buf[LCOMM_STRLEN];
	size_t	 i;

	if (a->ncommunities > 0) {
		sb_puts(sb, "      Community:");
		for (i = 0; i < a->ncommunities; i++) {
			comm_format(a->communities[i], buf, sizeof(buf));
			sb_printf(sb, " %s", buf);
		}
		sb_putc(sb, '\n');
	}
	if (a->nlarge_communities > 0) {
		struct lcomm	 l;

		sb_puts(sb, "      Large Community:");
		for (i = 0; i < a->nlarge_communities; i++) {
			l.ga = a->large_communities[3 * i];
			l.l1 = a->large_communities[3 * i + 1];
			l.l2 = a->large_communities[3 * i + 2];
			lcomm_format(&l, buf, sizeof(buf));
			sb_printf(sb, " %s", buf);
		}
		sb_putc(sb, '\n');
	}
	if (a->next_communities > 0) {
		sb_puts(sb, "      Extended community:");
		for (i = 0; i < a->next_communities; i++) {
			rfmt_ecomm(a->ext_communities + 8 * i, buf,
			    sizeof(buf));
			sb_printf(sb, " %s", buf);
		}
		sb_putc(sb, '\n');
	}
}

static void
reflect_line(struct strbuf *sb, const struct bgp_attrs *a)
{
	char	 buf[INET_ADDRSTRLEN];
	size_t	 i;

	if (!has_attr(a, BGP_ATTR_ORIGINATOR_ID) && a->ncluster == 0)
		return;
	sb_puts(sb, "      ");
	if (has_attr(a, BGP_ATTR_ORIGINATOR_ID)) {
		rfmt_id(a->originator_id, buf, sizeof(buf));
		sb_printf(sb, "Originator: %s", buf);
		if (a->ncluster > 0)
			sb_puts(sb, ", ");
	}
	if (a->ncluster > 0) {
		sb_puts(sb, "Cluster list: ");
		for (i = 0; i < a->ncluster; i++) {
			rfmt_id(a->cluster_list[i], buf, sizeof(buf));
			sb_printf(sb, "%s%s", i ? ", " : "", buf);
		}
	}
	sb_putc(sb, '\n');
}

/* "Origin IGP, metric 0, localpref 100, weight 100, valid, external, ..." */
static void
origin_line(struct strbuf *sb, const struct rfmt_path *p,
    const struct bgp_verdict *v)
{
	const struct bgp_attrs		*a = p->attrs;
	const struct bgp_decide_cfg	*cfg = bgp_rib_decide_cfg();
	uint32_t			 lp;
	int				 best = (p->flags & LOCRIB_PATH_BEST) != 0;

	sb_printf(sb, "      Origin %s", origin_word(a));
	if (has_attr(a, BGP_ATTR_MED))
		sb_printf(sb, ", metric %u", a->med);
	if (has_attr(a, BGP_ATTR_LOCAL_PREF))
		lp = a->local_pref;
	else
		lp = cfg != NULL ? cfg->default_local_pref : 100;
	sb_printf(sb, ", localpref %u", lp);
	if (p->weight != 0)
		sb_printf(sb, ", weight %u", p->weight);
	if (p->invalid == NULL)
		sb_puts(sb, ", valid");
	if (p->has_src) {
		if (p->src.local == BGP_LOCAL_AGGREGATE)
			sb_puts(sb, ", aggregated, local");
		else
			sb_printf(sb, ", %s", source_kind(p));
	}
	if (has_attr(a, BGP_ATTR_ATOMIC_AGGREGATE))
		sb_puts(sb, ", atomic-aggregate");
	if (best)
		sb_puts(sb, ", best");
	if (best || (v != NULL && v->group_best))
		sb_puts(sb, ", group-best");
	if (p->flags & LOCRIB_PATH_MULTIPATH)
		sb_puts(sb, ", multipath");
	if (p->flags & LOCRIB_PATH_STALE)
		sb_puts(sb, ", stale");
	sb_putc(sb, '\n');
}

/* the MED group of a verdict as XR names it in "best of AS ..." */
static void
group_name(const struct bgp_verdict *v, struct strbuf *sb)
{
	if (strcmp(v->group, "internal") == 0)
		sb_puts(sb, "best of local AS");
	else if (strcmp(v->group, "none") == 0)
		sb_puts(sb, "best of confederation paths");
	else
		sb_printf(sb, "best of AS %s", v->group);
}

void
rfmt_compare_text(const struct bgp_verdict *v, struct strbuf *sb)
{
	if (v->best) {
		group_name(v, sb);
		sb_puts(sb, ", Overall best");
		return;
	}
	if (v->lost_to == BGP_DECIDE_NONE) {
		/* nothing is valid: there is no best path to lose to */
		sb_printf(sb, "Invalid path (%s), no best path",
		    v->invalid != NULL ? v->invalid : "inaccessible");
		return;
	}
	if (v->group_best) {
		group_name(v, sb);
		sb_puts(sb, ", ");
	}
	bgp_cmp_xr_reason(&v->res, sb);
}

/*
 * The Local Path ID: the one add-path neighbors get it with once one was
 * given; before that XR's 1 for the best path (the one every neighbor
 * gets) and 0 for the others.
 */
static uint32_t
local_path_id(const struct rfmt_path *p)
{
	if (p->has_src && p->src.local_path_id != 0)
		return p->src.local_path_id;
	return (p->flags & LOCRIB_PATH_BEST) ? 1 : 0;
}

void
rfmt_detail_path(struct strbuf *sb, int afi, unsigned num,
    const struct rfmt_path *p, const struct bgp_verdict *v, int compare)
{
	const struct bgp_attrs	*a = p->attrs;
	char			 nh[ADDR_STRLEN], from[ADDR_STRLEN];
	char			 rid[INET_ADDRSTRLEN], as[ASN_STRLEN];
	int			 local = p->has_src &&
				    p->src.local != BGP_LOCAL_NONE;
	size_t			 before;

	sb_printf(sb, "  Path #%u: Received by speaker 0\n", num);
	/* only the best path is advertised, but to add-path neighbors */
	if (!(p->flags & LOCRIB_PATH_BEST) && !p->addpath_adv)
		sb_puts(sb, "  Not advertised to any peer\n");
	sb_puts(sb, "  ");
	before = sb->len;
	if (a->aspath != NULL)
		bgp_aspath_format(a->aspath, a->aspath_len, sb);
	if (sb->len == before)
		sb_puts(sb, "Local");
	if (has_attr(a, BGP_ATTR_AGGREGATOR)) {
		asn_format(a->aggregator_as, as, sizeof(as));
		rfmt_id(a->aggregator_id, rid, sizeof(rid));
		sb_printf(sb, ", (aggregated by %s %s)", as, rid);
	}
	if (is_internal(p) && p->src.rr_client)
		sb_puts(sb, ", (Received from a RR-client)");
	if (p->flags & LOCRIB_PATH_DAMPED)
		sb_puts(sb, ", (suppressed due to dampening)");
	sb_putc(sb, '\n');

	path_nexthop(p, afi, nh, sizeof(nh));
	sb_printf(sb, "    %s", nh);
	if (is_internal(p) && p->igp_metric != 0)
		sb_printf(sb, " (metric %u)", p->igp_metric);
	if (p->invalid != NULL)
		sb_puts(sb, " (inaccessible)");
	if (local || !p->has_src) {
		strlcpy(from, afi ? "::" : "0.0.0.0", sizeof(from));
		rfmt_id(bgp_rib_router_id(), rid, sizeof(rid));
	} else {
		addr_format(&p->src.peer_addr, from, sizeof(from));
		rfmt_id(p->src.peer_router_id, rid, sizeof(rid));
	}
	sb_printf(sb, " from %s (%s)\n", from, rid);
	origin_line(sb, p, v);
	sb_printf(sb, "      Received Path ID %u, Local Path ID %u, version "
	    "%llu\n", p->has_src ? p->src.rcvd_path_id : 0, local_path_id(p),
	    (unsigned long long)p->version);
	comm_line(sb, a);
	reflect_line(sb, a);
	/* a path without a state (validation off for it) reads
	   "(disabled)"; XR has no such line for local and iBGP paths */
	if (p->rov != LOCRIB_ROV_OFF)
		sb_printf(sb, "      Origin-AS validity: %s\n",
		    rfmt_rov_word(p->rov));
	else if (p->has_src && p->src.ebgp && !local)
		sb_puts(sb, "      Origin-AS validity: (disabled)\n");
	if (compare && v != NULL) {
		sb_puts(sb, "      ");
		rfmt_compare_text(v, sb);
		sb_putc(sb, '\n');
	}
}

/* ------------------------------------------------------------------ */
/* JSON */

void
rfmt_json_null(struct json *j, const char *k)
{
	json_key(j, k);
	json_null(j);
}

static void
json_aspath(struct json *j, const struct bgp_attrs *a)
{
	const uint8_t	*p = a->aspath;
	size_t		 len = p != NULL ? a->aspath_len : 0, off = 0, n, i;

	json_key(j, "as_path");
	json_arr_begin(j);
	while (len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;		/* never stored, but never trusted */
		/* sets and confederation segments nest, as in test's route */
		if (p[off] != BGP_AS_SEQUENCE)
			json_arr_begin(j);
		for (i = 0; i < n; i++)
			json_u64(j, get32(p + off + 2 + 4 * i));
		if (p[off] != BGP_AS_SEQUENCE)
			json_arr_end(j);
		off += 2 + 4 * n;
	}
	json_arr_end(j);
}

static void
json_comms(struct json *j, const struct bgp_attrs *a)
{
	char		 buf[LCOMM_STRLEN];
	struct lcomm	 l;
	size_t		 i;

	json_key(j, "communities");
	json_arr_begin(j);
	for (i = 0; i < a->ncommunities; i++) {
		comm_format(a->communities[i], buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	json_key(j, "large_communities");
	json_arr_begin(j);
	for (i = 0; i < a->nlarge_communities; i++) {
		l.ga = a->large_communities[3 * i];
		l.l1 = a->large_communities[3 * i + 1];
		l.l2 = a->large_communities[3 * i + 2];
		lcomm_format(&l, buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	json_key(j, "extcommunities");
	json_arr_begin(j);
	for (i = 0; i < a->next_communities; i++) {
		rfmt_ecomm(a->ext_communities + 8 * i, buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
}

/*
 * The type codes of the attributes: as received (unknown ones too), or
 * for a set made here (local, policy) from what it holds.
 */
static void
json_codes(struct json *j, const struct bgp_attrs *a)
{
	unsigned	 c;
	size_t		 i;

	json_key(j, "attribute_codes");
	json_arr_begin(j);
	if (a->ncodes > 0) {
		for (i = 0; i < a->ncodes; i++)
			json_u64(j, a->codes[i]);
	} else {
		for (c = 1; c < 32; c++)
			if (a->present & BGP_ATTRBIT(c))
				json_u64(j, c);
		if (a->nlarge_communities > 0)
			json_u64(j, BGP_ATTR_LARGE_COMMUNITY);
		for (i = 0; i < a->nunknown; i++)
			json_u64(j, a->unknown[i].type);
	}
	json_arr_end(j);
}

void
rfmt_path_json(struct json *j, int afi, const struct rfmt_path *p)
{
	json_obj_begin(j);
	rfmt_path_json_fields(j, afi, p);
	json_obj_end(j);
}

void
rfmt_path_json_fields(struct json *j, int afi, const struct rfmt_path *p)
{
	const struct bgp_attrs	*a = p->attrs;
	char			 buf[ADDR_STRLEN];
	size_t			 i;

	path_nexthop(p, afi, buf, sizeof(buf));
	json_kv_str(j, "next_hop", buf);
	json_aspath(j, a);
	json_kv_str(j, "origin", origin_key(a));
	if (has_attr(a, BGP_ATTR_MED))
		json_kv_u64(j, "med", a->med);
	else
		rfmt_json_null(j, "med");
	if (has_attr(a, BGP_ATTR_LOCAL_PREF))
		json_kv_u64(j, "local_preference", a->local_pref);
	else
		rfmt_json_null(j, "local_preference");
	json_kv_u64(j, "weight", p->weight);
	json_comms(j, a);
	json_kv_bool(j, "best", (p->flags & LOCRIB_PATH_BEST) != 0);
	json_kv_bool(j, "multipath", (p->flags & LOCRIB_PATH_MULTIPATH) != 0);
	json_kv_bool(j, "valid", p->invalid == NULL);
	json_key(j, "invalid_reason");
	json_str(j, p->invalid);
	json_kv_bool(j, "stale", (p->flags & LOCRIB_PATH_STALE) != 0);
	json_key(j, "source");
	json_str(j, source_kind(p));
	if (p->has_src && p->src.local == BGP_LOCAL_NONE &&
	    p->src.peer_addr.af != 0) {
		addr_format(&p->src.peer_addr, buf, sizeof(buf));
		json_kv_str(j, "from", buf);
		rfmt_id(p->src.peer_router_id, buf, sizeof(buf));
		json_kv_str(j, "from_router_id", buf);
	} else {
		rfmt_json_null(j, "from");
		rfmt_json_null(j, "from_router_id");
	}
	if (has_attr(a, BGP_ATTR_ORIGINATOR_ID)) {
		rfmt_id(a->originator_id, buf, sizeof(buf));
		json_kv_str(j, "originator_id", buf);
	} else
		rfmt_json_null(j, "originator_id");
	json_key(j, "cluster_list");
	json_arr_begin(j);
	for (i = 0; i < a->ncluster; i++) {
		rfmt_id(a->cluster_list[i], buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	if (has_attr(a, BGP_ATTR_AGGREGATOR)) {
		json_key(j, "aggregator");
		json_obj_begin(j);
		json_kv_u64(j, "as", a->aggregator_as);
		rfmt_id(a->aggregator_id, buf, sizeof(buf));
		json_kv_str(j, "id", buf);
		json_obj_end(j);
	} else
		rfmt_json_null(j, "aggregator");
	json_kv_bool(j, "atomic_aggregate",
	    has_attr(a, BGP_ATTR_ATOMIC_AGGREGATE));
	json_codes(j, a);
	json_kv_u64(j, "igp_metric", p->igp_metric);
	json_kv_u64(j, "version", p->version);
	json_kv_u64(j, "received_path_id", p->has_src ? p->src.rcvd_path_id :
	    0);
	json_kv_u64(j, "local_path_id", local_path_id(p));
	json_kv_str(j, "origin_as_validity", rfmt_rov_word(p->rov));
	json_kv_bool(j, "dampened", (p->flags & LOCRIB_PATH_DAMPED) != 0);
}

/* ------------------------------------------------------------------ */

int
rfmt_flush(struct cli *cli, struct strbuf *sb)
{
	if (sb->oom)
		return -1;
	if (sb->len > 0) {
		cli_puts(cli, sb_str(sb));
		sb_reset(sb);
	}
	loop_run_once(0);
	return 0;
}
