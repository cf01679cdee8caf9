/*
 * show_bgp_path: one prefix of the Loc-RIB (reference 6.3), found by a
 * direct lookup, never a walk:
 *   show bgp [( ipv4 | ipv6 ) unicast] PREFIX/LEN [bestpath-compare]
 *   show bgp [( ipv4 | ipv6 ) unicast] ADDRESS [bestpath-compare]
 *                                        (longest match)
 *   show bgp [( ipv4 | ipv6 ) unicast] PREFIX/LEN longer-prefixes
 *                                        (the table view of the subtree)
 * Without an address family the address's own family is used.
 *
 * JSON (`| json`): { vrf, address_family, prefix, version,
 *   last_modified (epoch seconds), paths_available, best_path (number
 *   or null), paths: [ { path_number, group_best, ...a path as
 *   bgp_route_fmt.h documents it..., bestpath_compare (only with
 *   bestpath-compare): { text ("Lower weight than best path (path
 *   #1)"), step ("weight" | "equal" | ...), lost_to (path number or
 *   null), value, best_value (the two values compared) } } ] }
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/lib/loop.h"

/* The prefix and everything shown about its paths. */
struct detail {
	const struct locrib_entry	*e;
	struct xprefix			 pfx;
	size_t				 n;
	struct bgp_cand			*cand;
	const struct bgp_cand		**cp;
	struct bgp_verdict		*v;
	size_t				 best;	/* index, BGP_DECIDE_NONE */
	double				 modified;	/* loop_now() time */
};

static void
detail_free(struct detail *d)
{
	free(d->cand);
	free(d->cp);
	free(d->v);
}

/* Runs the decision again over the entry's paths to explain it. */
static int
detail_load(struct detail *d, const struct locrib_entry *e,
    const struct xprefix *pfx)
{
	const struct locrib_path	*p;
	size_t				 i, best;

	memset(d, 0, sizeof(*d));
	d->e = e;
	d->pfx = *pfx;
	prefix_mask(&d->pfx);
	d->n = locrib_entry_npaths(e);
	d->best = BGP_DECIDE_NONE;
	if (d->n == 0)
		return 0;
	d->cand = calloc(d->n, sizeof(*d->cand));
	d->cp = calloc(d->n, sizeof(*d->cp));
	d->v = calloc(d->n, sizeof(*d->v));
	if (d->cand == NULL || d->cp == NULL || d->v == NULL) {
		detail_free(d);
		return -1;
	}
	for (i = 0; i < d->n; i++) {
		p = locrib_entry_path(e, i);
		locrib_path_cand(p, &d->cand[i]);
		d->cp[i] = &d->cand[i];
		if (p->flags & LOCRIB_PATH_BEST)
			d->best = i;
		if (p->received > d->modified)
			d->modified = p->received;
	}
	bgp_decide_explain(d->cp, d->n, bgp_rib_decide_cfg(), &best, NULL,
	    d->v);
	return 0;
}

/*
 * "Mar  9 02:23:41.000 for 00:00:35": the wall clock has whole seconds
 * only (and follows the test warp), so the milliseconds are zero, as in
 * show bgp neighbors.
 */
static void
modified_text(double when, struct strbuf *sb)
{
	double		 age = loop_now() - when;
	time_t		 t;
	struct tm	 tm;
	char		 b[32], dur[32];

	if (age < 0)
		age = 0;
	t = loop_wallclock() - (time_t)(age + 0.5);
	localtime_r(&t, &tm);
	strftime(b, sizeof(b), "%b %e %H:%M:%S", &tm);
	rfmt_dur(age, dur, sizeof(dur));
	sb_printf(sb, "%s.000 for %s", b, dur);
}

static uint64_t
modified_epoch(double when)
{
	double	 age = loop_now() - when;

	return (uint64_t)(loop_wallclock() - (time_t)(age > 0 ? age + 0.5 :
	    0));
}

static void
detail_text(const struct detail *d, int afi, int compare, struct strbuf *sb)
{
	const struct locrib_path	*p;
	struct rfmt_path		 rp;
	char				 pfx[PREFIX_STRLEN];
	unsigned long long		 ver = locrib_entry_version(d->e);
	size_t				 i;

	prefix_format(&d->pfx, pfx, sizeof(pfx));
	sb_printf(sb, "BGP routing table entry for %s\n", pfx);
	sb_puts(sb, "Versions:\n");
	sb_puts(sb, "  Process           bRIB/RIB  SendTblVer\n");
	sb_printf(sb, "  Speaker%19llu%12llu\n", ver, ver);
	sb_puts(sb, "Last Modified: ");
	modified_text(d->modified, sb);
	sb_putc(sb, '\n');
	if (d->best != BGP_DECIDE_NONE)
		sb_printf(sb, "Paths: (%zu available, best #%zu)\n", d->n,
		    d->best + 1);
	else
		sb_printf(sb, "Paths: (%zu available, no best path)\n", d->n);
	for (i = 0; i < d->n; i++) {
		p = locrib_entry_path(d->e, i);
		rfmt_from_locrib(d->e, &d->pfx, p, &rp);
		rfmt_detail_path(sb, afi, (unsigned)i + 1, &rp, &d->v[i],
		    compare);
		rfmt_path_clear(&rp);
	}
}

static void
compare_json(struct json *j, const struct bgp_verdict *v)
{
	struct strbuf	 t = STRBUF_INIT;

	rfmt_compare_text(v, &t);
	json_key(j, "bestpath_compare");
	json_obj_begin(j);
	json_kv_str(j, "text", t.oom ? NULL : sb_str(&t));
	sb_free(&t);
	json_kv_str(j, "step", v->best ? "best" : v->lost_to ==
	    BGP_DECIDE_NONE ? "invalid" : bgp_step_name(v->res.step));
	if (v->best || v->lost_to == BGP_DECIDE_NONE) {
		rfmt_json_null(j, "lost_to");
		rfmt_json_null(j, "value");
		rfmt_json_null(j, "best_value");
	} else {
		json_kv_u64(j, "lost_to", v->lost_to + 1);
		json_kv_str(j, "value", v->res.a_val);
		json_kv_str(j, "best_value", v->res.b_val);
	}
	json_obj_end(j);
}

static void
detail_json(const struct detail *d, int afi, int compare, struct json *j)
{
	const struct locrib_path	*p;
	struct rfmt_path		 rp;
	char				 pfx[PREFIX_STRLEN];
	size_t				 i;

	json_obj_begin(j);
	json_kv_str(j, "vrf", "default");
	json_kv_str(j, "address_family", rfmt_af_key(afi));
	prefix_format(&d->pfx, pfx, sizeof(pfx));
	json_kv_str(j, "prefix", pfx);
	json_kv_u64(j, "version", locrib_entry_version(d->e));
	json_kv_u64(j, "last_modified", modified_epoch(d->modified));
	json_kv_u64(j, "paths_available", d->n);
	if (d->best != BGP_DECIDE_NONE)
		json_kv_u64(j, "best_path", d->best + 1);
	else
		rfmt_json_null(j, "best_path");
	json_key(j, "paths");
	json_arr_begin(j);
	for (i = 0; i < d->n; i++) {
		p = locrib_entry_path(d->e, i);
		rfmt_from_locrib(d->e, &d->pfx, p, &rp);
		json_obj_begin(j);
		json_kv_u64(j, "path_number", i + 1);
		json_kv_bool(j, "group_best", d->v[i].group_best);
		rfmt_path_json_fields(j, afi, &rp);
		if (compare)
			compare_json(j, &d->v[i]);
		json_obj_end(j);
		rfmt_path_clear(&rp);
	}
	json_arr_end(j);
	json_obj_end(j);
	json_end(j);
}

/* AF keyword if given, else the family of the typed address. */
static int
view_afi(const struct cmd_args *a, const struct xaddr *x)
{
	if (arg_has(a, "ipv4") || arg_has(a, "ipv6"))
		return rfmt_afi(a);
	return x->af == AF_V6 ? 1 : 0;
}

static int
cmd_show_prefix(struct cli *cli, const struct cmd_args *a)
{
	const char			*net = arg_str(a, "network");
	const char			*host = arg_str(a, "address");
	const struct locrib		*t;
	const struct locrib_entry	*e;
	struct xprefix			 pfx;
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 j;
	struct detail			 d;
	struct rfmt_walk		 w;
	int				 afi;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&pfx, 0, sizeof(pfx));
	if (net != NULL) {
		if (prefix_parse(net, &pfx, 0) == -1)
			return cli_error(cli, "Invalid prefix '%s'", net);
		prefix_mask(&pfx);
	} else if (host == NULL || addr_parse(host, &pfx.addr) == -1)
		return cli_error(cli, "Invalid address '%s'",
		    host != NULL ? host : "");
	afi = view_afi(a, &pfx.addr);
	if (pfx.addr.af != (afi ? AF_V6 : AF_V4))
		return cli_error(cli, "Network not in table");
	if (arg_has(a, "longer-prefixes")) {
		memset(&w, 0, sizeof(w));
		w.afi = afi;
		w.within = &pfx;
		w.legend = 1;
		return rfmt_walk_table(cli, &w);
	}
	if ((t = bgp_rib_table(afi)) == NULL)
		return cli_error(cli, "Network not in table");
	if (net != NULL)
		e = locrib_lookup(t, &pfx);
	else
		e = locrib_match(t, &pfx.addr, &pfx);
	if (e == NULL || locrib_entry_npaths(e) == 0)
		return cli_error(cli, "Network not in table");
	if (detail_load(&d, e, &pfx) == -1)
		return cli_error(cli, "Out of memory");
	if (cli_json(cli)) {
		json_init(&j, &sb);
		detail_json(&d, afi, arg_has(a, "bestpath-compare"), &j);
	} else
		detail_text(&d, afi, arg_has(a, "bestpath-compare"), &sb);
	detail_free(&d);
	return cmds_emit(cli, &sb);
}

#define PATH_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family", \
	"bestpath-compare=Compare the paths and say why each lost"

static const struct cmd path_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast] <network:prefix> "
	  "[( longer-prefixes | bestpath-compare )]", cmd_show_prefix,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { PATH_HELP, "network=IP prefix <network>/<length>",
	      "longer-prefixes=Display route and more specific routes",
	      NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] <address:ip> "
	  "[bestpath-compare]", cmd_show_prefix,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { PATH_HELP, "address=Network in the BGP routing table to "
	      "display", NULL } },
	CMD_END
};

void
show_bgp_path_init(void)
{
	cli_install(MODE_EXEC, path_rows);
}
