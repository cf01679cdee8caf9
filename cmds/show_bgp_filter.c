/*
 * show_bgp_filter: the table view narrowed (reference 6.2, 6.5):
 *   show bgp [AF] community C... [exact-match]
 *                    best paths carrying every listed community
 *                    (exact-match: exactly those, in any order)
 *   show bgp [AF] regexp RE     paths whose AS path matches the XR
 *                               ios-regex RE (`_` a delimiter or an end)
 *   show bgp [AF] route-policy NAME
 *                    prefixes whose best path the committed policy
 *                    accepts, shown as the policy leaves them
 *   show bgp [AF] neighbors ADDR routes          accepted (post-policy)
 *   show bgp [AF] neighbors ADDR received routes pre-policy copy
 *                    (soft-reconfiguration inbound)
 *   show bgp [AF] neighbors ADDR advertised-routes  the Adj-RIB-Out,
 *                    columns Network, Next Hop, From, AS Path
 *   show bgp [AF] neighbors ADDR advertised-count
 * (AF: `ipv4 unicast` or `ipv6 unicast`, IPv4 when absent.)
 *
 * JSON: the table views as show_bgp_table.c documents them.  received
 * routes the same with `neighbor` added; advertised-routes: { vrf,
 * address_family, neighbor, routes: [ { prefix, ...a path as
 * bgp_route_fmt.h documents it (from: where we learned it) } ],
 * processed_prefixes, processed_paths }; advertised-count: { vrf,
 * address_family, neighbor, advertised_prefixes }.
 *
 * received routes and advertised-routes read tables the engine walks
 * for us in one call (rib_query.h), so they cannot yield halfway.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/engine.h"
#include "core/rpl/aspath.h"
#include "core/rpl/community.h"
#include "core/rpl/rpl_eval.h"

#define COMM_MAX	64

/* ------------------------------------------------------------------ */
/* community */

struct comm_ctx {
	uint32_t	 want[COMM_MAX];
	size_t		 n;
	int		 exact;
};

static int
has_comm(const struct bgp_attrs *a, uint32_t c)
{
	size_t	 i;

	for (i = 0; i < a->ncommunities; i++)
		if (a->communities[i] == c)
			return 1;
	return 0;
}

static int
keep_comm(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out, void *arg)
{
	struct comm_ctx	*c = arg;
	size_t		 i;

	(void)e;
	(void)pfx;
	(void)out;
	if (!(p->flags & LOCRIB_PATH_BEST))
		return 0;
	for (i = 0; i < c->n; i++)
		if (!has_comm(p->attrs, c->want[i]))
			return 0;
	if (!c->exact)
		return 1;
	/* exactly the list: nothing else on the path */
	for (i = 0; i < p->attrs->ncommunities; i++) {
		size_t k;

		for (k = 0; k < c->n; k++)
			if (c->want[k] == p->attrs->communities[i])
				break;
		if (k == c->n)
			return 0;
	}
	return 1;
}

static int
cmd_show_community(struct cli *cli, const struct cmd_args *a)
{
	struct comm_ctx		 c;
	struct rfmt_walk	 w;
	const char		*s;
	size_t			 i, n = arg_count(a, "community-value");

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&c, 0, sizeof(c));
	if (n > COMM_MAX)
		return cli_error(cli, "Too many communities (at most %d)",
		    COMM_MAX);
	for (i = 0; i < n; i++) {
		s = arg_nth(a, "community-value", i);
		if (comm_parse(s, &c.want[c.n]) == -1)
			return cli_error(cli, "Invalid community '%s'", s);
		c.n++;
	}
	c.exact = arg_has(a, "exact-match");
	memset(&w, 0, sizeof(w));
	w.afi = rfmt_afi(a);
	w.legend = 1;
	w.keep = keep_comm;
	w.arg = &c;
	return rfmt_walk_table(cli, &w);
}

/* ------------------------------------------------------------------ */
/* regexp */

struct re_ctx {
	pcre2_code		*re;
	pcre2_match_data	*md;
	struct strbuf		 text;
	int			 failed;
};

static int
keep_re(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out, void *arg)
{
	struct re_ctx	*c = arg;

	(void)e;
	(void)pfx;
	(void)out;
	sb_reset(&c->text);
	if (p->attrs->aspath != NULL)
		bgp_aspath_format(p->attrs->aspath, p->attrs->aspath_len,
		    &c->text);
	if (c->text.oom) {
		c->failed = 1;
		return 0;
	}
	return pcre2_match(c->re, (PCRE2_SPTR)sb_str(&c->text), c->text.len,
	    0, 0, c->md, NULL) >= 0;
}

static int
cmd_show_regexp(struct cli *cli, const struct cmd_args *a)
{
	const char		*ios = arg_str(a, "regexp-text");
	struct re_ctx		 c;
	struct rfmt_walk	 w;
	char			 pat[2048];
	PCRE2_UCHAR		 msg[128];
	PCRE2_SIZE		 eo;
	int			 ec, rc;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	if (ios == NULL)
		return cli_error(cli, "Missing regular expression");
	memset(&c, 0, sizeof(c));
	if (aspath_regex_translate(ios, pat, sizeof(pat)) == -1)
		return cli_error(cli, "Regular expression too long");
	c.re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
	if (c.re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return cli_error(cli, "Invalid regular expression '%s': %s",
		    ios, (const char *)msg);
	}
	if ((c.md = pcre2_match_data_create(1, NULL)) == NULL) {
		pcre2_code_free(c.re);
		return cli_error(cli, "Out of memory");
	}
	sb_init(&c.text);
	memset(&w, 0, sizeof(w));
	w.afi = rfmt_afi(a);
	w.legend = 1;
	w.keep = keep_re;
	w.arg = &c;
	rc = rfmt_walk_table(cli, &w);
	pcre2_match_data_free(c.md);
	pcre2_code_free(c.re);
	sb_free(&c.text);
	if (c.failed && rc == CMD_OK)
		return cli_error(cli, "Out of memory");
	return rc;
}

/* ------------------------------------------------------------------ */
/* route-policy */

struct pol_ctx {
	const char	*name;
	char		 err[256];
	int		 failed;
};

static int
keep_pol(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out, void *arg)
{
	struct pol_ctx		*c = arg;
	struct bgp_attrs	*res = NULL;
	int			 rc;

	(void)e;
	if (c->failed || !(p->flags & LOCRIB_PATH_BEST))
		return 0;
	rc = bgp_rib_policy_eval(c->name, pfx, p, &res, c->err,
	    sizeof(c->err));
	if (rc == -1) {
		c->failed = 1;
		return 0;
	}
	if (rc == 0)
		return 0;
	out->owned = res;
	out->attrs = res;
	if (res->has_weight)
		out->weight = res->weight;
	return 1;
}

/* the policy must be there, and link, before anything is printed */
static int
pol_check(const char *name, char *err, size_t errlen)
{
	struct rpl_prog	*prog;

	if (rpl_link(cmds_running()->rpl, name, NULL, &prog, err,
	    errlen) == -1)
		return -1;
	rpl_prog_free(prog);
	return 0;
}

static int
pol_resume(void *arg)
{
	struct pol_ctx	*c = arg;

	return c->failed ? -1 : 0;
}

static int
cmd_show_policy(struct cli *cli, const struct cmd_args *a)
{
	struct pol_ctx		 c;
	struct rfmt_walk	 w;
	int			 rc;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&c, 0, sizeof(c));
	c.name = arg_str(a, "policy-name");
	if (c.name == NULL || pol_check(c.name, c.err, sizeof(c.err)) == -1)
		return cli_error(cli, "%s", c.err[0] ? c.err :
		    "Missing policy name");
	memset(&w, 0, sizeof(w));
	w.afi = rfmt_afi(a);
	w.legend = 1;
	w.keep = keep_pol;
	w.resume = pol_resume;
	w.arg = &c;
	rc = rfmt_walk_table(cli, &w);
	/* the policy went away (a commit) while the walk yielded */
	if (c.failed && rc == CMD_OK)
		return cli_error(cli, "%s", strncmp(c.err, "% ", 2) == 0 ?
		    c.err + 2 : c.err);
	return rc;
}

/* ------------------------------------------------------------------ */
/* neighbors ADDR routes | received routes | advertised-routes */

struct nbr_ctx {
	struct xaddr			 nbr;
	int				 afi;
	const struct locrib_source	*src;
	/* the Adj-RIB views */
	struct strbuf			*sb;
	struct json			*j;
	int				 ebgp;
	int				 rov;	/* validation codes shown */
	size_t				 n;
};

static int
keep_nbr(const struct locrib_entry *e, const struct xprefix *pfx,
    const struct locrib_path *p, struct rfmt_path *out, void *arg)
{
	struct nbr_ctx	*c = arg;

	(void)e;
	(void)pfx;
	(void)out;
	return c->src != NULL && (p->src == c->src ||
	    p->src->parent == c->src);
}

/* a new session has a new source: follow it; none, the view ends */
static int
nbr_resume(void *arg)
{
	struct nbr_ctx	*c = arg;

	c->src = bgp_rib_nbr_source(&c->nbr, c->afi);
	return c->src != NULL ? 0 : -1;
}

/*
 * The validation state of a received (pre-policy) route: the one its
 * Loc-RIB path from this neighbor has; a route the inbound policy
 * dropped has none there, so it is validated now, as the RIB would.
 */
static uint8_t
rcvd_rov(const struct nbr_ctx *c, const struct xprefix *pfx,
    const struct bgp_attrs *a)
{
	const struct locrib		*t = bgp_rib_table(c->afi);
	const struct locrib_entry	*e;
	const struct locrib_path	*p;
	const struct locrib_source	*src;
	size_t				 i;

	if (!c->rov)
		return LOCRIB_ROV_OFF;
	src = bgp_rib_nbr_source(&c->nbr, c->afi);
	if (t != NULL && src != NULL && (e = locrib_lookup(t, pfx)) != NULL)
		for (i = 0; (p = locrib_entry_path(e, i)) != NULL; i++)
			if (p->src == src || p->src->parent == src)
				return p->rov;
	return rfmt_rov_live(pfx, a);
}

static int
rcvd_row(const struct xprefix *pfx, const struct bgp_attrs *a, void *arg)
{
	struct nbr_ctx	*c = arg;
	struct rfmt_path rp;
	char		 buf[PREFIX_STRLEN];

	rfmt_from_attrs(a, &rp);
	rp.has_src = 1;
	rp.src.ebgp = c->ebgp;
	rp.src.peer_addr = c->nbr;
	rp.rov = rcvd_rov(c, pfx, a);
	if (c->j != NULL) {
		json_obj_begin(c->j);
		prefix_format(pfx, buf, sizeof(buf));
		json_kv_str(c->j, "prefix", buf);
		json_key(c->j, "paths");
		json_arr_begin(c->j);
		rfmt_path_json(c->j, c->afi, &rp);
		json_arr_end(c->j);
		json_obj_end(c->j);
	} else
		rfmt_table_row(c->sb, pfx, c->afi, &rp, c->rov);
	c->n++;
	return 0;
}

/* XR's advertised-routes: Network, Next Hop, From, AS Path */
static int
adv_row(const struct xprefix *pfx, const struct bgp_attrs *a, void *arg)
{
	struct nbr_ctx			*c = arg;
	const struct locrib		*t = bgp_rib_table(c->afi);
	const struct locrib_entry	*e;
	const struct locrib_path	*best = NULL;
	struct rfmt_path		 rp;
	char				 net[PREFIX_STRLEN], nh[ADDR_STRLEN];
	char				 from[ADDR_STRLEN];

	rfmt_from_attrs(a, &rp);
	if (t != NULL && (e = locrib_lookup(t, pfx)) != NULL &&
	    (best = locrib_entry_best(e)) != NULL) {
		bgp_rib_path_src(best, pfx, &rp.src);
		rp.has_src = 1;
		rp.rov = best->rov;	/* the path advertised */
	}
	prefix_format(pfx, net, sizeof(net));
	c->n++;
	if (c->j != NULL) {
		json_obj_begin(c->j);
		json_kv_str(c->j, "prefix", net);
		rfmt_path_json_fields(c->j, c->afi, &rp);
		json_obj_end(c->j);
		return 0;
	}
	if (rp.has_src && rp.src.local == BGP_LOCAL_NONE &&
	    rp.src.peer_addr.af != 0)
		addr_format(&rp.src.peer_addr, from, sizeof(from));
	else
		strlcpy(from, "Local", sizeof(from));
	rfmt_nexthop(a, c->afi, nh, sizeof(nh));
	if (strlen(net) > 18)
		sb_printf(c->sb, "%s\n%19s", net, "");
	else
		sb_printf(c->sb, "%-18s ", net);
	if (strlen(nh) > 15)
		sb_printf(c->sb, "%s\n%35s", nh, "");
	else
		sb_printf(c->sb, "%-15s ", nh);
	sb_printf(c->sb, "%-15s ", from);
	/* the origin code sits right after the last AS: "3222 65401i" */
	if (a->aspath != NULL)
		bgp_aspath_format(a->aspath, a->aspath_len, c->sb);
	sb_printf(c->sb, "%c\n", rfmt_origin_code(a));
	return 0;
}

static int
count_row(const struct xprefix *pfx, const struct bgp_attrs *a, void *arg)
{
	struct nbr_ctx	*c = arg;

	(void)pfx;
	(void)a;
	c->n++;
	return 0;
}

static void
nbr_json_head(struct json *j, const struct nbr_ctx *c, const char *addr)
{
	json_obj_begin(j);
	json_kv_str(j, "vrf", "default");
	json_kv_str(j, "address_family", rfmt_af_key(c->afi));
	json_kv_str(j, "neighbor", addr);
}

static int
nbr_adjrib(struct cli *cli, struct nbr_ctx *c, const char *addr,
    const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 js;
	int		 rc, rcvd = arg_has(a, "received");
	int		 count = arg_has(a, "advertised-count");

	c->sb = &sb;
	c->rov = rcvd && rfmt_rov_enabled(c->afi);
	if (cli_json(cli)) {
		json_init(&js, &sb);
		c->j = &js;
		nbr_json_head(c->j, c, addr);
		if (!count) {
			json_key(c->j, "routes");
			json_arr_begin(c->j);
		}
	} else if (rcvd)
		rfmt_table_head(&sb, c->afi, 1, c->rov);
	else if (!count)
		sb_puts(&sb, "Network            Next Hop        From      "
		    "      AS Path\n");
	if (rcvd)
		rc = bgp_rib_nbr_received_foreach(&c->nbr, c->afi, rcvd_row,
		    c);
	else
		rc = bgp_rib_nbr_advertised_foreach(&c->nbr, c->afi,
		    count ? count_row : adv_row, c);
	if (rc == -1 && rcvd) {
		sb_free(&sb);
		return cli_error(cli, "Soft reconfiguration inbound is not "
		    "enabled for neighbor %s", addr);
	}
	/* a neighbor in no update group advertises nothing */
	if (c->j != NULL) {
		if (count)
			json_kv_u64(c->j, "advertised_prefixes", c->n);
		else {
			json_arr_end(c->j);
			json_kv_u64(c->j, "processed_prefixes", c->n);
			json_kv_u64(c->j, "processed_paths", c->n);
		}
		json_obj_end(c->j);
		json_end(c->j);
	} else if (count)
		sb_printf(&sb, "No of prefixes Advertised: %zu\n", c->n);
	else
		rfmt_table_tail(&sb, c->n, c->n);
	return cmds_emit(cli, &sb);
}

static int
cmd_show_nbr_routes(struct cli *cli, const struct cmd_args *a)
{
	const char		*addr = arg_str(a, "address");
	struct bgp_nbr_info	 ni;
	struct nbr_ctx		 c;
	struct rfmt_walk	 w;

	if (!rfmt_bgp_active(cli))
		return CMD_ERR;
	memset(&c, 0, sizeof(c));
	if (addr == NULL || addr_parse(addr, &c.nbr) == -1)
		return cli_error(cli, "Invalid neighbor address '%s'",
		    addr != NULL ? addr : "");
	if (!bgp_rib_nbr_known(&c.nbr))
		return cli_error(cli, "No such neighbor %s", addr);
	c.afi = rfmt_afi(a);
	if (bgp_engine_nbr(&c.nbr, &ni) == 0)
		c.ebgp = ni.ebgp;
	if (arg_has(a, "received") || arg_has(a, "advertised-routes") ||
	    arg_has(a, "advertised-count"))
		return nbr_adjrib(cli, &c, addr, a);
	c.src = bgp_rib_nbr_source(&c.nbr, c.afi);
	memset(&w, 0, sizeof(w));
	w.afi = c.afi;
	w.legend = 1;
	w.keep = keep_nbr;
	w.resume = nbr_resume;
	w.arg = &c;
	return rfmt_walk_table(cli, &w);
}

#define FILTER_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family"

static const struct cmd filter_rows[] = {
	{ "show bgp [( ipv4 | ipv6 ) unicast] community "
	  "<community-value:word>... [exact-match]", cmd_show_community,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { FILTER_HELP, "community=Display routes matching the "
	      "communities", "community-value=community number "
	      "(aa:nn) or well-known name",
	      "exact-match=Exact match of the communities", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] regexp <regexp-text:line>",
	    cmd_show_regexp, CMDF_TIMESTAMP | CMDF_JSON,
	    { FILTER_HELP, "regexp=Display routes matching the AS path "
	      "regular expression", "regexp-text=A regular-expression to "
	      "match the BGP AS paths", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] route-policy "
	  "<policy-name:rpl-policy>", cmd_show_policy,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { FILTER_HELP, "route-policy=Display routes matching the "
	      "route policy", "policy-name=Route policy name", NULL } },
	{ "show bgp [( ipv4 | ipv6 ) unicast] ( neighbors | neighbor ) "
	  "<address:ip> ( routes | advertised-routes | advertised-count | "
	  "received routes )", cmd_show_nbr_routes,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { FILTER_HELP, "neighbors=Detailed information on TCP and BGP "
	      "neighbor connections", "neighbor=Details about a BGP "
	      "neighbor", "address=Neighbor address",
	      "routes=Display routes learned from neighbor",
	      "advertised-routes=Display the routes advertised to a BGP "
	      "neighbor", "advertised-count=Display the number of routes "
	      "advertised to a BGP neighbor",
	      "received=Display information received from a BGP neighbor",
	      NULL } },
	CMD_END
};

void
show_bgp_filter_init(void)
{
	cli_install(MODE_EXEC, filter_rows);
}
