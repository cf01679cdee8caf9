/*
 * show_bgp_table: the table view of the Loc-RIB (reference 6.2)
 *   show bgp [( ipv4 | ipv6 ) unicast]
 * and the walk every filtered table view shares (rfmt_walk_table).  A
 * full table is walked with the Loc-RIB cursor in chunks: after each
 * RFMT_CHUNK entries what was formatted is printed and the event loop
 * runs once, so sessions keep their keepalives and updates flowing.
 * Only formatted text survives a yield; the cursor holds no pointer into
 * the table and resumes after the last prefix shown.
 *
 * JSON (`| json`): { vrf, address_family ("ipv4 unicast"), router_id,
 *   local_as, table_version, origin_as_validation (true when `bgp
 *   origin-as validation enable` is on for the family: the text has the
 *   validation codes), routes: [ { prefix, paths: [ path ] } ],
 *   processed_prefixes, processed_paths }, a path as bgp_route_fmt.h
 *   documents it.
 */
#include <stdio.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"

static void
json_head(struct json *j, int afi, int rov)
{
	const struct locrib	*t = bgp_rib_table(afi);
	char			 rid[16];

	json_obj_begin(j);
	json_kv_str(j, "vrf", "default");
	json_kv_str(j, "address_family", rfmt_af_key(afi));
	if (bgp_rib_router_id() != 0) {
		rfmt_id(bgp_rib_router_id(), rid, sizeof(rid));
		json_kv_str(j, "router_id", rid);
	} else
		rfmt_json_null(j, "router_id");
	json_kv_u64(j, "local_as", bgp_rib_local_as());
	json_kv_u64(j, "table_version", t != NULL ? locrib_version(t) : 0);
	json_kv_bool(j, "origin_as_validation", rov);
	json_key(j, "routes");
	json_arr_begin(j);
}

/* The shown paths of one entry; returns how many. */
static size_t
walk_entry(const struct rfmt_walk *w, const struct locrib_entry *e,
    const struct xprefix *epfx, struct strbuf *sb, struct json *j, int rov)
{
	const struct locrib_path	*p;
	struct rfmt_path		 rp;
	char				 pfx[PREFIX_STRLEN];
	size_t				 i, shown = 0;

	for (i = 0; (p = locrib_entry_path(e, i)) != NULL; i++) {
		rfmt_from_locrib(e, epfx, p, &rp);
		if (w->keep != NULL && !w->keep(e, epfx, p, &rp, w->arg)) {
			rfmt_path_clear(&rp);
			continue;
		}
		if (j == NULL)
			rfmt_table_row(sb, shown == 0 ? epfx : NULL, w->afi,
			    &rp, rov);
		else {
			if (shown == 0) {
				json_obj_begin(j);
				prefix_format(epfx, pfx, sizeof(pfx));
				json_kv_str(j, "prefix", pfx);
				json_key(j, "paths");
				json_arr_begin(j);
			}
			rfmt_path_json(j, w->afi, &rp);
		}
		shown++;
		rfmt_path_clear(&rp);
	}
	if (shown > 0 && j != NULL) {
		json_arr_end(j);
		json_obj_end(j);
	}
	return shown;
}

/*
 * The `h` rows of flap dampening's history paths up to pfx (NULL: all
 * the rest; with incl, pfx's own too), after its paths when it has
 * some (`shown`).  Text view only: the rows are not in the counts.
 */
static void
hist_rows(struct strbuf *sb, int afi, const struct rfmt_hist *h, size_t n,
    size_t *next, const struct xprefix *pfx, int incl, size_t shown)
{
	struct rfmt_path	 rp;
	int			 c;

	for (; *next < n; (*next)++) {
		c = pfx == NULL ? -1 : prefix_cmp(&h[*next].pfx, pfx);
		if (c > 0 || (c == 0 && !incl))
			break;
		rfmt_from_attrs(h[*next].attrs, &rp);
		rp.history = 1;
		/* the prefix once per group, as the table does */
		rfmt_table_row(sb, (c == 0 && shown > 0) || (*next > 0 &&
		    prefix_cmp(&h[*next - 1].pfx, &h[*next].pfx) == 0) ?
		    NULL : &h[*next].pfx, afi, &rp, 0);
		if (c == 0)
			shown++;
	}
}

int
rfmt_walk_table(struct cli *cli, const struct rfmt_walk *w)
{
	struct rfmt_hist		*hist = NULL;
	size_t				 nhist = 0, hnext = 0;
	struct strbuf			 sb = STRBUF_INIT;
	struct json			 js, *j = NULL;
	struct pfxtable_cursor		 cur;
	const struct locrib		*t;
	const struct locrib_entry	*e;
	size_t				 n, npfx = 0, npaths = 0, chunk = 0;
	/* read once: a commit during a yield must not change the layout
	   halfway through the table */
	int				 rov = rfmt_rov_enabled(w->afi);

	if (cli_json(cli)) {
		json_init(&js, &sb);
		j = &js;
		json_head(j, w->afi, rov);
	} else {
		rfmt_table_head(&sb, w->afi, w->legend, rov);
		/* the plain table only; copies, a yield may free records */
		if (w->keep == NULL && w->within == NULL && !rov)
			hist = rfmt_hist_collect(w->afi, &nhist);
	}
	locrib_cursor_init(&cur, w->within);
	while ((t = bgp_rib_table(w->afi)) != NULL &&
	    locrib_cursor_next(t, &cur, &e)) {
		hist_rows(&sb, w->afi, hist, nhist, &hnext, &cur.last, 0, 0);
		n = walk_entry(w, e, &cur.last, &sb, j, rov);
		hist_rows(&sb, w->afi, hist, nhist, &hnext, &cur.last, 1, n);
		if (n > 0) {
			npfx++;
			npaths += n;
		}
		if (++chunk < RFMT_CHUNK)
			continue;
		chunk = 0;
		if (rfmt_flush(cli, &sb) == -1)
			break;
		if (w->resume != NULL && w->resume(w->arg) == -1)
			break;
	}
	if (j != NULL) {
		json_arr_end(j);
		json_kv_u64(j, "processed_prefixes", npfx);
		json_kv_u64(j, "processed_paths", npaths);
		json_obj_end(j);
		json_end(j);
	} else {
		hist_rows(&sb, w->afi, hist, nhist, &hnext, NULL, 1, 0);
		rfmt_table_tail(&sb, npfx, npaths);
	}
	rfmt_hist_free(hist, nhist);
	return cmds_emit(cli, &sb);
}

static int
cmd_show_table(struct cli *cli, const struct cmd_args *a)
{
	struct rfmt_walk	 w;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&w, 0, sizeof(w));
	w.afi = rfmt_afi(a);
	w.legend = 1;
	return rfmt_walk_table(cli, &w);
}

static const struct cmd table_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast]", cmd_show_table,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "bgp=BGP information", "ipv4=IPv4 Address Family",
	      "ipv6=IPv6 Address Family",
	      "unicast=Unicast sub Address Family", NULL } },
	CMD_END
};

void
show_bgp_routes_init(void)
{
	cli_install(MODE_EXEC, table_rows);
	show_bgp_path_init();
	show_bgp_filter_init();
	show_bgp_misc_init();
	show_bgp_rpki_init();
}
