/*
 * show_route: XR's views of the RIB (core/rt/rt.h).
 *   show route [ipv4|ipv6] [bgp|static|connected|local]
 *                               the legend, the gateway of last resort
 *                               and one line per route (a continuation
 *                               line per further next hop); a protocol
 *                               word lists only its routes, without the
 *                               legend
 *   show route [ipv4|ipv6] <prefix>|<address> [protocol]
 *                               one route in detail: the exact prefix, or
 *                               the longest match for an address
 *   show route [ipv4|ipv6] summary
 *                               routes per source
 * Without ipv4/ipv6 the list and the summary are IPv4's, as on XR; a
 * prefix or address picks its own family.
 *
 * JSON (`| json`):
 * list: { gateway_of_last_resort (address, null: not set), routes: [
 *   route ] }
 * detail: route, with installed (wall clock, "YYYY-MM-DDTHH:MM:SS.mmmZ")
 * route: { prefix, protocol ("connected", "local", "static", "bgp"),
 *   code ("C", "L", "S", "B"), distance, metric, tag (null: none),
 *   peer_as (null but for bgp), bgp_type ("external"/"internal", null),
 *   uptime_seconds, hops: [ { address (null: directly connected),
 *   interface (null: none or recursive), blackhole } ] (the next hops as
 *   shown), forwarding: [ { gateway (null: on the link), interface,
 *   blackhole } ] (resolved, what the kernel is given), igp_metric }
 * summary: { sources: [ { source, routes, backup, deleted, memory_bytes }
 *   ], total: { routes, backup, deleted, memory_bytes } }
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/config/bgp_model.h"
#include "core/config/static_cfg.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"
#include "core/rt/rt.h"
#include "core/sys/iface.h"

static const char *const legend =
    "Codes: C - connected, S - static, R - RIP, B - BGP, (>) - Diversion path\n"
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area\n"
    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
    "       E1 - OSPF external type 1, E2 - OSPF external type 2, E - EGP\n"
    "       i - ISIS, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
    "       ia - IS-IS inter area, su - IS-IS summary null, * - candidate default\n"
    "       U - per-user static route, o - ODR, L - local, G  - DAGR, l - LISP\n"
    "       A - access/subscriber, a - Application route\n"
    "       M - mobile route, r - RPL, t - Traffic Engineering, (!) - FRR Backup path\n";

static const char *const src_name[RT_SRC_COUNT] = {
	"connected", "local", "static", "bgp"
};
static const char *const src_code[RT_SRC_COUNT] = { "C", "L", "S", "B" };

/* ------------------------------------------------------------------ */
/* shared pieces */

/* The AS of `router bgp` as applied, 0 without one. */
static uint32_t
bgp_asn(void)
{
	const struct config	*cfg = cmds_running();

	return cfg != NULL && cfg->bgp != NULL ? cfg->bgp->asn : 0;
}

static void
src_label(enum rt_src src, char *buf, size_t len)
{
	uint32_t	 asn = bgp_asn();

	if (src == RT_SRC_BGP && asn != 0)
		snprintf(buf, len, "bgp %u", (unsigned)asn);
	else
		snprintf(buf, len, "%s", src_name[src]);
}

static void
ifname(int ifindex, char *buf, size_t len)
{
	const struct iface	*ifp = iface_by_index(ifindex);

	if (ifp != NULL)
		snprintf(buf, len, "%s", ifp->name);
	else
		snprintf(buf, len, "ifindex %d", ifindex);
}

static void
uptime(const struct rt_sel *s, char *buf, size_t len)
{
	rfmt_dur(loop_now() - s->since, buf, len);	/* XR's age format */
}

/* The selection time on the wall clock, with milliseconds. */
static void
installed(const struct rt_sel *s, struct timespec *ts)
{
	double	 ago = loop_now() - s->since, w;

	clock_gettime(CLOCK_REALTIME, ts);
	w = (double)ts->tv_sec + (double)ts->tv_nsec / 1e9 - (ago > 0 ? ago :
	    0);
	ts->tv_sec = (time_t)w;
	ts->tv_nsec = (long)((w - (double)ts->tv_sec) * 1e9);
}

/*
 * A next hop as shown: the offered one, with the interface it was
 * configured on or, for the detail, the one it is directly reachable
 * through.
 */
struct hop {
	const struct rt_nh	*nh;
	int			 onlink;	/* resolved on this ifindex */
};

static int
addr_same(const struct xaddr *a, const struct xaddr *b)
{
	return a->af != 0 && addr_cmp(a, b) == 0;
}

static void
hop_of(const struct rt_sel *s, const struct rt_nh *nh, struct hop *h)
{
	size_t	 i;

	h->nh = nh;
	h->onlink = nh->ifindex;
	if (nh->ifindex > 0 || nh->blackhole || nh->gw.af == 0)
		return;
	for (i = 0; i < s->nfwd; i++)
		if (addr_same(&s->fwd[i].gw, &nh->gw)) {
			h->onlink = s->fwd[i].ifindex;
			return;
		}
}

static int
directly(const struct rt_nh *nh)
{
	return nh->blackhole || nh->gw.af == 0;
}

/* ------------------------------------------------------------------ */
/* JSON */

static void
json_route(struct json *j, const struct rt_sel *s, int detail)
{
	const struct rt_path	*p = s->path;
	char			 buf[PREFIX_STRLEN], name[IFACE_NAME_MAX + 16];
	struct timespec		 ts;
	struct tm		 tm;
	size_t			 i;

	json_obj_begin(j);
	prefix_format(s->pfx, buf, sizeof(buf));
	json_kv_str(j, "prefix", buf);
	json_kv_str(j, "protocol", src_name[p->src]);
	json_kv_str(j, "code", src_code[p->src]);
	json_kv_u64(j, "distance", p->distance);
	json_kv_u64(j, "metric", p->metric);
	json_key(j, "tag");
	if (p->tag != 0)
		json_u64(j, p->tag);
	else
		json_null(j);
	json_key(j, "peer_as");
	if (p->src == RT_SRC_BGP)
		json_u64(j, p->peer_as);
	else
		json_null(j);
	json_key(j, "bgp_type");
	json_str(j, p->src != RT_SRC_BGP ? NULL : p->ibgp ? "internal" :
	    "external");
	json_kv_u64(j, "uptime_seconds", loop_now() > s->since ?
	    (uint64_t)(loop_now() - s->since) : 0);
	if (detail) {
		char	 iso[96];

		installed(s, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
		json_kv_str(j, "installed", iso);
	}
	json_key(j, "hops");
	json_arr_begin(j);
	for (i = 0; i < p->nnh; i++) {
		struct hop	 h;

		hop_of(s, &p->nh[i], &h);
		json_obj_begin(j);
		json_key(j, "address");
		if (h.nh->gw.af != 0) {
			addr_format(&h.nh->gw, buf, sizeof(buf));
			json_str(j, buf);
		} else
			json_null(j);
		json_key(j, "interface");
		if (h.nh->blackhole)
			json_str(j, "Null0");
		else if (h.nh->ifindex > 0) {
			ifname(h.nh->ifindex, name, sizeof(name));
			json_str(j, name);
		} else
			json_null(j);
		json_kv_bool(j, "blackhole", h.nh->blackhole);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "forwarding");
	json_arr_begin(j);
	for (i = 0; i < s->nfwd; i++) {
		json_obj_begin(j);
		json_key(j, "gateway");
		if (s->fwd[i].gw.af != 0) {
			addr_format(&s->fwd[i].gw, buf, sizeof(buf));
			json_str(j, buf);
		} else
			json_null(j);
		json_key(j, "interface");
		if (s->fwd[i].blackhole)
			json_str(j, "Null0");
		else {
			ifname(s->fwd[i].ifindex, name, sizeof(name));
			json_str(j, name);
		}
		json_kv_bool(j, "blackhole", s->fwd[i].blackhole);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_u64(j, "igp_metric", s->igp_metric);
	json_obj_end(j);
}

/* ------------------------------------------------------------------ */
/* the list */

/*
 * One route: "S    10.0.0.0/8 [1/0] via 198.18.1.1, 00:00:12", the
 * further next hops on lines of their own aligned under the first; IPv6
 * breaks after the prefix (or after "connected,") as XR does.
 */
static void
text_route(struct strbuf *sb, const struct rt_sel *s)
{
	const struct rt_path	*p = s->path;
	char			 pfx[PREFIX_STRLEN], code[8], up[32];
	char			 gw[ADDR_STRLEN], name[IFACE_NAME_MAX + 16];
	int			 v6 = s->pfx->addr.af == AF_V6;
	size_t			 i, indent;

	prefix_format(s->pfx, pfx, sizeof(pfx));
	snprintf(code, sizeof(code), "%s%s", src_code[p->src],
	    s->pfx->len == 0 ? "*" : "");
	uptime(s, up, sizeof(up));
	sb_printf(sb, "%-5s%s ", code, pfx);
	indent = v6 ? 6 : 5 + strlen(pfx) + 1;
	for (i = 0; i < p->nnh; i++) {
		const struct rt_nh	*nh = &p->nh[i];

		if (nh->blackhole)
			snprintf(name, sizeof(name), "Null0");
		else if (nh->ifindex > 0)
			ifname(nh->ifindex, name, sizeof(name));
		else
			name[0] = '\0';
		if (i > 0)
			sb_printf(sb, "%*s", (int)indent, "");
		if (directly(nh)) {
			/* IPv6 goes on after "connected," */
			sb_printf(sb, "is directly connected,%s%s, %s\n",
			    v6 ? "\n      " : " ", up, name);
			continue;
		}
		if (v6 && i == 0)	/* the next hop under the prefix */
			sb_printf(sb, "\n%*s", (int)indent, "");
		addr_format(&nh->gw, gw, sizeof(gw));
		sb_printf(sb, "[%u/%u] via %s, %s%s%s\n", (unsigned)p->distance,
		    (unsigned)p->metric, gw, up, name[0] ? ", " : "", name);
	}
}

struct list_ctx {
	struct strbuf	*sb;
	struct json	*j;
	int		 src;		/* -1 every source */
};

static int
list_cb(const struct rt_sel *s, void *arg)
{
	struct list_ctx	*c = arg;

	if (c->src != -1 && (int)s->path->src != c->src)
		return 0;
	if (c->j != NULL)
		json_route(c->j, s, 0);
	else
		text_route(c->sb, s);
	return 0;
}

/* The default route's first gateway (or the unspecified address). */
static int
last_resort(uint8_t af, char *buf, size_t len)
{
	struct xprefix	 dflt;
	struct rt_sel	 s;

	memset(&dflt, 0, sizeof(dflt));
	dflt.addr.af = af;
	if (rt_exact(&dflt, &s) == -1)
		return 0;
	if (s.nfwd > 0 && s.fwd[0].gw.af != 0)
		addr_format(&s.fwd[0].gw, buf, len);
	else
		addr_format(&dflt.addr, buf, len);
	return 1;
}

static int
want_src(const struct cmd_args *a)
{
	int	 i;

	for (i = 0; i < RT_SRC_COUNT; i++)
		if (arg_has(a, src_name[i]))
			return i;
	return -1;
}

static int
show_list(struct cli *cli, uint8_t af, int src)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct list_ctx	 c = { &sb, NULL, src };
	char		 gw[ADDR_STRLEN];
	struct xaddr	 zero;
	int		 lr = last_resort(af, gw, sizeof(gw));

	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_key(&j, "gateway_of_last_resort");
		json_str(&j, lr ? gw : NULL);
		json_key(&j, "routes");
		json_arr_begin(&j);
		rt_walk(af, list_cb, &c);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	if (src == -1) {
		memset(&zero, 0, sizeof(zero));
		zero.af = af;
		sb_printf(&sb, "\n%s\n", legend);
		if (lr) {
			char	 net[ADDR_STRLEN];

			addr_format(&zero, net, sizeof(net));
			sb_printf(&sb, "Gateway of last resort is %s to "
			    "network %s\n\n", gw, net);
		} else
			sb_puts(&sb, "Gateway of last resort is not set\n\n");
	} else
		sb_puts(&sb, "\n");
	rt_walk(af, list_cb, &c);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* one route in detail */

static void
text_detail(struct strbuf *sb, const struct rt_sel *s)
{
	const struct rt_path	*p = s->path;
	char			 buf[PREFIX_STRLEN], lbl[32], up[32];
	char			 name[IFACE_NAME_MAX + 16], when[64];
	struct timespec		 ts;
	struct tm		 tm;
	size_t			 i;

	prefix_format(s->pfx, buf, sizeof(buf));
	src_label(p->src, lbl, sizeof(lbl));
	sb_printf(sb, "\nRouting entry for %s\n", buf);
	sb_printf(sb, "  Known via \"%s\", distance %u, metric %u%s\n", lbl,
	    (unsigned)p->distance, (unsigned)p->metric,
	    p->src == RT_SRC_CONNECTED || p->src == RT_SRC_LOCAL ?
	    " (connected)" : "");
	if (p->src == RT_SRC_BGP)
		sb_printf(sb, "  Tag %u, type %s\n", (unsigned)p->peer_as,
		    p->ibgp ? "internal" : "external");
	else if (p->tag != 0)
		sb_printf(sb, "  Tag %u\n", (unsigned)p->tag);
	installed(s, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M:%S", &tm);
	uptime(s, up, sizeof(up));
	sb_printf(sb, "  Installed %s.%03ld for %s\n", when,
	    ts.tv_nsec / 1000000, up);
	sb_puts(sb, "  Routing Descriptor Blocks\n");
	for (i = 0; i < p->nnh; i++) {
		struct hop	 h;

		hop_of(s, &p->nh[i], &h);
		if (h.nh->blackhole)
			snprintf(name, sizeof(name), "Null0");
		else if (h.onlink > 0)
			ifname(h.onlink, name, sizeof(name));
		else
			name[0] = '\0';
		if (directly(h.nh))
			sb_printf(sb, "    directly connected, via %s\n", name);
		else {
			addr_format(&h.nh->gw, buf, sizeof(buf));
			if (p->src == RT_SRC_BGP)
				sb_printf(sb, "    %s, from %s, BGP %s\n", buf,
				    buf, p->ibgp ? "internal" : "external");
			else if (name[0] != '\0')
				sb_printf(sb, "    %s, via %s\n", buf, name);
			else
				sb_printf(sb, "    %s\n", buf);
		}
		sb_printf(sb, "      Route metric is %u\n",
		    (unsigned)p->metric);
	}
	sb_puts(sb, "  No advertising protos.\n");
}

static int
show_one(struct cli *cli, const struct cmd_args *a, const char *tok,
    int is_prefix)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct xprefix	 p;
	struct rt_sel	 s;
	int		 src = want_src(a), found;

	if (is_prefix) {
		if (prefix_parse(tok, &p, 0) == -1)
			return cli_error(cli, "Invalid prefix: %s", tok);
		found = rt_exact(&p, &s) == 0;
	} else {
		if (addr_parse(tok, &p.addr) == -1)
			return cli_error(cli, "Invalid address: %s", tok);
		found = rt_match(&p.addr, &s) == 0;
	}
	if (found && src != -1 && (int)s.path->src != src)
		found = 0;
	if (!found) {
		if (cli_json(cli))
			return cli_error(cli, "Network not in table");
		/* XR frames it with blank lines, as output */
		cli_puts(cli, "\n% Network not in table\n\n");
		return CMD_OK;
	}
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_route(&j, &s, 1);
		json_end(&j);
	} else
		text_detail(&sb, &s);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* summary */

static int
show_summary(struct cli *cli, uint8_t af)
{
	const struct config	*cfg = cmds_running();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	size_t			 counts[RT_SRC_COUNT], per, total = 0, mem = 0;
	char			 lbl[32];
	int			 i, sa = af == AF_V6 ? STATIC_AFI_V6 :
				    STATIC_AFI_V4;

	rt_counts(af, counts);
	per = rt_route_bytes(af);
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "sources");
		json_arr_begin(&j);
	} else
		sb_puts(&sb, "Route Source                     Routes     "
		    "Backup     Deleted     Memory(bytes)\n");
	for (i = 0; i < RT_SRC_COUNT; i++) {
		/* static and bgp appear once configured, as on XR */
		if (counts[i] == 0 && ((i == RT_SRC_STATIC && (cfg == NULL ||
		    cfg->statics == NULL || !cfg->statics->af[sa].present)) ||
		    (i == RT_SRC_BGP && bgp_asn() == 0)))
			continue;
		src_label((enum rt_src)i, lbl, sizeof(lbl));
		total += counts[i];
		mem += counts[i] * per;
		if (cli_json(cli)) {
			json_obj_begin(&j);
			json_kv_str(&j, "source", lbl);
			json_kv_u64(&j, "routes", counts[i]);
			json_kv_u64(&j, "backup", 0);
			json_kv_u64(&j, "deleted", 0);
			json_kv_u64(&j, "memory_bytes", counts[i] * per);
			json_obj_end(&j);
		} else
			sb_printf(&sb, "%-33s%-11zu%-11d%-12d%zu\n", lbl,
			    counts[i], 0, 0, counts[i] * per);
	}
	if (cli_json(cli)) {
		json_arr_end(&j);
		json_key(&j, "total");
		json_obj_begin(&j);
		json_kv_u64(&j, "routes", total);
		json_kv_u64(&j, "backup", 0);
		json_kv_u64(&j, "deleted", 0);
		json_kv_u64(&j, "memory_bytes", mem);
		json_obj_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else
		sb_printf(&sb, "%-33s%-11zu%-11d%-12d%zu\n", "Total", total,
		    0, 0, mem);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */

static uint8_t
af_of(const struct cmd_args *a)
{
	return arg_has(a, "ipv6") ? AF_V6 : AF_V4;
}

static int
cmd_show_route(struct cli *cli, const struct cmd_args *a)
{
	static const char *const names[] = { "pfx", "pfx4", "pfx6" };
	static const char *const hosts[] = { "host", "host4", "host6" };
	const char	*tok;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		if ((tok = arg_str(a, names[i])) != NULL)
			return show_one(cli, a, tok, 1);
		if ((tok = arg_str(a, hosts[i])) != NULL)
			return show_one(cli, a, tok, 0);
	}
	return show_list(cli, af_of(a), want_src(a));
}

static int
cmd_show_route_summary(struct cli *cli, const struct cmd_args *a)
{
	return show_summary(cli, af_of(a));
}

#define ROUTE_HELP \
	"show=Show running system information", \
	"route=IP routing information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family"
#define SRC_HELP \
	"bgp=Border Gateway Protocol (BGP)", \
	"static=Static routes", \
	"connected=Connected routes", \
	"local=Local routes"
#define SRC_WORDS	"[( bgp | static | connected | local )]"

static const struct cmd route_rows[] = {
	{ "show route [( ipv4 | ipv6 )] " SRC_WORDS, cmd_show_route,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { ROUTE_HELP, SRC_HELP, NULL } },
	{ "show route ipv4 ( <pfx4:ipv4pfx> | <host4:ipv4> ) " SRC_WORDS,
	    cmd_show_route, CMDF_TIMESTAMP | CMDF_JSON,
	    { ROUTE_HELP, SRC_HELP, "pfx4=Network and mask",
	      "host4=Network address: the longest match", NULL } },
	{ "show route ipv6 ( <pfx6:ipv6pfx> | <host6:ipv6> ) " SRC_WORDS,
	    cmd_show_route, CMDF_TIMESTAMP | CMDF_JSON,
	    { ROUTE_HELP, SRC_HELP, "pfx6=Network and prefix length",
	      "host6=Network address: the longest match", NULL } },
	{ "show route ( <pfx:prefix> | <host:ip> ) " SRC_WORDS,
	    cmd_show_route, CMDF_TIMESTAMP | CMDF_JSON,
	    { ROUTE_HELP, SRC_HELP, "pfx=Network and mask",
	      "host=Network address: the longest match", NULL } },
	{ "show route [( ipv4 | ipv6 )] summary", cmd_show_route_summary,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { ROUTE_HELP, "summary=Summary of routing information", NULL } },
	CMD_END
};

void
show_route_init(void)
{
	cli_install(MODE_EXEC, route_rows);
}
