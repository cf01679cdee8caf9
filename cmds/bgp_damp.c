/*
 * bgp_damp: route flap dampening commands (RFC 2439, core/bgp/damp*.h).
 *
 * config-bgp-af:
 *   bgp dampening [<half-life 1-45> [<reuse> <suppress> <max-suppress>]]
 *   bgp dampening route-policy NAME
 * exec:
 *   show bgp [AF] dampened-paths    (Network From Reuse Path)
 *   show bgp [AF] flap-statistics   (Network From Flaps Duration Reuse
 *                                    Path)
 *   clear bgp [AF] dampening [PREFIX], clear bgp [AF] flap-statistics
 *   debug bgp dampening advance SECONDS   (hidden: moves the dampening
 *                                          clock only, tests)
 *
 * JSON (`| json`), both shows: { address_family, dampening (bool),
 *   half_life, reuse, suppress, max_suppress_time (seconds), route_policy
 *   (null), paths: [ { prefix, from, status ("damped" | "history" |
 *   "flapped"), penalty (rounded), flaps, duration (seconds since the
 *   first flap), reuse_in (seconds, 0 when not suppressed), as_path
 *   ("65002 65003 i", null when unknown), path_id } ] }; dampened-paths
 *   lists the damped paths only (suppressed and present; a withdrawn
 *   path kept for its penalty is "history", in flap-statistics).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/damp_rib.h"

/* --- config-bgp-af --- */

static int
cmd_dampening(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_gaf	*g;
	struct bgp_item	 it;
	const char	*spec = arg_str(a, "policy");

	if ((g = bgpc_gaf(cli, NULL)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		bgp_item_clear(&g->dampening);
		g->damp_max_suppress = 0;
		return CMD_OK;
	}
	memset(&it, 0, sizeof(it));
	if (spec != NULL && bgpc_set_policy(cli, &it, spec) != CMD_OK)
		return CMD_ERR;
	it.set = 1;
	if (arg_has(a, "half-life")) {
		it.opt |= BGP_OPT_DAMP_HL;
		it.n[0] = arg_u32(a, "half-life", DAMP_HALF_LIFE_DEFAULT);
	}
	if (arg_has(a, "reuse")) {
		it.opt |= BGP_OPT_DAMP_ALL;
		it.n[1] = arg_u32(a, "reuse", DAMP_REUSE_DEFAULT);
		it.n[2] = arg_u32(a, "suppress", DAMP_SUPPRESS_DEFAULT);
		if (it.n[2] < it.n[1]) {
			uint32_t	 r = it.n[1], su = it.n[2];

			bgp_item_clear(&it);
			return cli_error(cli, "Suppress penalty (%u) must be "
			    "greater than or equal to reuse penalty (%u)",
			    su, r);
		}
	}
	bgp_item_clear(&g->dampening);
	g->dampening = it;
	g->damp_max_suppress = (it.opt & BGP_OPT_DAMP_ALL) ?
	    arg_u32(a, "max-suppress", DAMP_MAX_SUPPRESS_DEFAULT) : 0;
	return CMD_OK;
}

#define DAMP_CFG_HELP \
	"dampening=Enable Route-flap dampening", \
	"half-life=Half-life time for the penalty (minutes)", \
	"reuse=Value to start reusing a route", \
	"suppress=Value to start suppressing a route", \
	"max-suppress=Maximum duration to suppress a stable route " \
	    "(minutes)"

static const struct cmd af_rows[] = {
	{ "[no] bgp dampening [<half-life:1-45> [<reuse:1-20000> "
	    "<suppress:1-20000> <max-suppress:1-255>]]", cmd_dampening, 0,
	    { DAMP_CFG_HELP, NULL } },
	{ "[no] bgp dampening route-policy <policy:bgp-policy>",
	    cmd_dampening, 0,
	    { DAMP_CFG_HELP,
	      "policy=Route policy to specify criteria for dampening",
	      NULL } },
	CMD_END
};

/* --- show --- */

static const char *
rec_status(const struct damp_rec *r)
{
	if (r->history)
		return "history";
	return r->suppressed ? "damped" : "flapped";
}

/* the table's status field: char 0 'd' damped, 'h' history, '*' a
   valid path that flapped */
static void
rec_code(const struct damp_rec *r, char st[4])
{
	st[0] = r->history ? 'h' : r->suppressed ? 'd' : '*';
	st[1] = ' ';
	st[2] = ' ';
	st[3] = '\0';
}

static void
rec_path(const struct damp_rec *r, struct strbuf *sb)
{
	size_t	 before = sb->len;

	if (r->attrs == NULL)
		return;
	if (r->attrs->aspath != NULL)
		bgp_aspath_format(r->attrs->aspath, r->attrs->aspath_len, sb);
	if (sb->len > before)
		sb_putc(sb, ' ');
	sb_putc(sb, rfmt_origin_code(r->attrs));
}

/* network at col 3 in 18, From at col 22 in 15 (the table's geometry) */
static void
rec_cols(struct strbuf *sb, const struct damp_rec *r)
{
	char	 st[4], net[PREFIX_STRLEN], from[ADDR_STRLEN];

	rec_code(r, st);
	prefix_format(&r->key.pfx, net, sizeof(net));
	addr_format(&r->key.peer, from, sizeof(from));
	if (strlen(net) > 18)
		sb_printf(sb, "%s%s\n%22s", st, net, "");
	else
		sb_printf(sb, "%s%-18s ", st, net);
	if (strlen(from) > 15)
		sb_printf(sb, "%s\n%38s", from, "");
	else
		sb_printf(sb, "%-15s ", from);
}

static void
rec_json(struct json *j, const struct damp_rec *r, double now)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 buf[PREFIX_STRLEN];

	json_obj_begin(j);
	prefix_format(&r->key.pfx, buf, sizeof(buf));
	json_kv_str(j, "prefix", buf);
	addr_format(&r->key.peer, buf, sizeof(buf));
	json_kv_str(j, "from", buf);
	json_kv_str(j, "status", rec_status(r));
	json_kv_u64(j, "penalty", (uint64_t)llround(damp_penalty(r, now)));
	json_kv_u64(j, "flaps", r->flaps);
	json_kv_u64(j, "duration", (uint64_t)(now > r->first ?
	    now - r->first : 0));
	json_kv_u64(j, "reuse_in", (uint64_t)ceil(damp_reuse_in(r, now)));
	rec_path(r, &sb);
	json_key(j, "as_path");
	json_str(j, r->attrs != NULL && !sb.oom ? sb_str(&sb) : NULL);
	json_kv_u64(j, "path_id", r->key.pid);
	json_obj_end(j);
	sb_free(&sb);
}

/* dampened-paths: the paths held back now (a withdrawn one, history,
   is only in flap-statistics) */
static int
shown(const struct damp_rec *r)
{
	return r->suppressed && !r->history;
}

static int
show_damp(struct cli *cli, const struct cmd_args *a, int flaps)
{
	const struct damp_rec	**v = NULL;
	const struct damp_tab	 *t;
	struct damp_view	  dv;
	struct strbuf		  sb = STRBUF_INIT;
	struct json		  j;
	char			  reuse[16], dur[16];
	double			  now = damp_rib_now();
	size_t			  n = 0, i;
	int			  afi = rfmt_afi(a), js = cli_json(cli);

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	damp_rib_view(afi, &dv);
	if ((t = damp_rib_tab(afi)) != NULL &&
	    (v = damp_sorted(t, &n)) == NULL && n != 0)
		return cli_error(cli, "Out of memory");
	if (js) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "address_family", rfmt_af_key(afi));
		json_kv_bool(&j, "dampening", dv.on);
		json_kv_u64(&j, "half_life", dv.par.half_life);
		json_kv_u64(&j, "reuse", dv.par.reuse);
		json_kv_u64(&j, "suppress", dv.par.suppress);
		json_kv_u64(&j, "max_suppress_time", dv.par.max_suppress);
		json_key(&j, "route_policy");
		json_str(&j, dv.policy[0] ? dv.policy : NULL);
		json_key(&j, "paths");
		json_arr_begin(&j);
		for (i = 0; i < n; i++)
			if (flaps || shown(v[i]))
				rec_json(&j, v[i], now);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		free(v);
		return cmds_emit(cli, &sb);
	}
	rfmt_table_head(&sb, afi, 1, 0);
	/* the table's column line is replaced by this view's */
	if (!sb.oom && sb.len > 0) {
		for (i = sb.len - 1; i > 0 && sb.buf[i - 1] != '\n'; i--)
			;
		sb.len = i;
		sb.buf[i] = '\0';
	}
	if (flaps)
		sb_puts(&sb, "   Network            From            Flaps "
		    "Duration Reuse    Path\n");
	else
		sb_puts(&sb, "   Network            From            Reuse    "
		    "Path\n");
	for (i = 0; i < n; i++) {
		if (!flaps && !shown(v[i]))
			continue;
		rec_cols(&sb, v[i]);
		reuse[0] = '\0';
		if (v[i]->suppressed)
			rfmt_dur(ceil(damp_reuse_in(v[i], now)), reuse,
			    sizeof(reuse));
		if (flaps) {
			rfmt_dur(now - v[i]->first, dur, sizeof(dur));
			sb_printf(&sb, "%-5u %-8s %-8s ", v[i]->flaps, dur,
			    reuse);
		} else
			sb_printf(&sb, "%-8s ", reuse);
		rec_path(v[i], &sb);
		sb_putc(&sb, '\n');
	}
	free(v);
	return cmds_emit(cli, &sb);
}

static int
cmd_show_dampened(struct cli *cli, const struct cmd_args *a)
{
	return show_damp(cli, a, 0);
}

static int
cmd_show_flaps(struct cli *cli, const struct cmd_args *a)
{
	return show_damp(cli, a, 1);
}

struct rfmt_hist *
rfmt_hist_collect(int afi, size_t *n)
{
	const struct damp_rec	**v;
	const struct damp_tab	 *t;
	struct rfmt_hist	 *h;
	size_t			  nv, i;

	*n = 0;
	if ((t = damp_rib_tab(afi)) == NULL ||
	    (v = damp_sorted(t, &nv)) == NULL)
		return NULL;
	if ((h = calloc(nv, sizeof(*h))) != NULL)
		for (i = 0; i < nv; i++) {
			if (!v[i]->history || v[i]->attrs == NULL)
				continue;
			h[*n].pfx = v[i]->key.pfx;
			h[*n].attrs = bgp_attrs_ref(v[i]->attrs);
			(*n)++;
		}
	free(v);
	return h;
}

void
rfmt_hist_free(struct rfmt_hist *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		bgp_attrs_unref(h[i].attrs);
	free(h);
}

/* --- clear --- */

static int
cmd_clear_damp(struct cli *cli, const struct cmd_args *a)
{
	struct xprefix	 pfx;
	const char	*ps = arg_str(a, "prefix");
	int		 afi = arg_has(a, "ipv6") ? 1 : arg_has(a, "ipv4") ? 0 :
			    -1;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	if (arg_has(a, "flap-statistics")) {
		damp_rib_clear_flaps();
		return CMD_OK;
	}
	if (ps == NULL) {
		(void)damp_rib_clear(afi, NULL);
		return CMD_OK;
	}
	if (prefix_parse(ps, &pfx, 1) == -1)
		return cli_error(cli, "Invalid prefix '%s'", ps);
	if ((afi == 0 && pfx.addr.af != AF_V4) ||
	    (afi == 1 && pfx.addr.af != AF_V6))
		return cli_error(cli, "Prefix %s is not of the address family "
		    "%s unicast", ps, afi ? "ipv6" : "ipv4");
	(void)damp_rib_clear(pfx.addr.af == AF_V6 ? 1 : 0, &pfx);
	return CMD_OK;
}

static int
cmd_debug_advance(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	damp_rib_advance(arg_u32(a, "seconds", 0));
	return CMD_OK;
}

#define SHOW_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family"

#define CLEAR_HELP \
	"clear=Reset functions", \
	"bgp=Clear BGP connections", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family"

static const struct cmd exec_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast] dampened-paths",
	    cmd_show_dampened, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "dampened-paths=Display paths suppressed due to "
	      "dampening", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] flap-statistics",
	    cmd_show_flaps, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "flap-statistics=Display flap statistics of "
	      "routes", NULL } },
	{ "clear bgp [( ipv4 | ipv6 ) unicast] dampening [<prefix:prefix>]",
	    cmd_clear_damp, CMDF_TIMESTAMP,
	    { CLEAR_HELP, "dampening=Clear route flap dampening information",
	      "prefix=Network to clear dampening information", NULL } },
	{ "clear bgp [( ipv4 | ipv6 ) unicast] flap-statistics",
	    cmd_clear_damp, CMDF_TIMESTAMP,
	    { CLEAR_HELP, "flap-statistics=Clear route flap statistics",
	      NULL } },
	{ "debug bgp dampening advance <seconds:1-31536000>",
	    cmd_debug_advance, CMDF_HIDDEN,
	    { "debug=Debugging functions", "bgp=BGP engine",
	      "dampening=Route flap dampening",
	      "advance=Move the dampening clock forward and run the reuse "
	      "scan (tests)", "seconds=Seconds", NULL } },
	CMD_END
};

void
bgp_damp_cmds_init(void)
{
	cli_install(MODE_BGP_AF, af_rows);
	cli_install(MODE_EXEC, exec_rows);
}
