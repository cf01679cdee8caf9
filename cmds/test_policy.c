/*
 * test_policy: `test route-policy NAME[(args)] <route>` -- evaluates a
 * policy against one route described on the command line and prints the
 * verdict, the resulting route and the trace of the statements that ran.
 * In exec mode it reads the running configuration; in configuration modes
 * the session's candidate, so a policy can be tried before `commit`.
 *
 * `from ADDR` names the neighbor the route came from.  When ADDR is a
 * configured neighbor, its effective remote-as and local-as come from the
 * router bgp configuration (inheritance included); `remote-as N` /
 * `local-as N` typed after it override them.
 *
 * `rpki live` takes the route's validation state from the engine's ROA
 * table (RFC 6811 over the prefix and the origin AS of the typed AS
 * path; an empty path is originated in the local AS) instead of the
 * command line, and the output says which state that was and why:
 *   RPKI state: invalid (ROA table: origin AS 65002, 1 covering VRP)
 * An engine without VRPs (no rpki configured, servers not yet synced,
 * offline) gives not-found, "(ROA table: empty)".  JSON adds { rpki: {
 * source: "live", state, origin_as (null for an AS_SET origin),
 * covering_vrps, table_vrps } }.
 *
 * The row spells the route's attributes out so that `?` and TAB offer them
 * (and their values) in any order; route_spec_parse() stays the judge of
 * the text: the values are plain words here, and anything the grammar does
 * not describe (policy arguments written after a space, an unknown word)
 * is taken by a `rest` catch-all, so the handler reports it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/bgp/attr.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/config/bgp_cfg.h"
#include "core/config/bgp_model.h"
#include "core/lib/json.h"
#include "core/rpl/route_spec.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"

#define TP_NAME_MAX	128

/* One trace event, kept until the route has been printed. */
struct tev {
	const char		*policy;	/* owned by the program */
	unsigned		 line, depth;
	enum rpl_trace_kind	 kind;
	int			 result;
	int			 cond;		/* a condition result to show */
	char			*text;
};

struct trace_ctx {
	struct tev	*v;
	size_t		 n, cap;
	int		 oom;
};

/* The text of the statement a trace event is about. */
static void
ev_text(const struct rpl_trace_ev *ev, struct strbuf *t)
{
	struct strbuf	 c = STRBUF_INIT;

	switch (ev->kind) {
	case RPL_TR_COND:
		rpl_cond_print(ev->cond, &c);
		sb_printf(t, "%s %s then", ev->stmt != NULL &&
		    ev->stmt->nbranches > 0 &&
		    ev->stmt->branches[0].cond == ev->cond ? "if" : "elseif",
		    sb_str(&c));
		break;
	case RPL_TR_ELSE:
		sb_puts(t, "else");
		break;
	case RPL_TR_END:
		if (ev->depth > 0)
			sb_puts(t, "end-policy");
		else if (ev->result)
			sb_puts(t, "end-policy: accepted (passed or modified)");
		else
			sb_puts(t, "end-policy: dropped (neither passed nor "
			    "modified)");
		break;
	case RPL_TR_RETURN:
		sb_puts(t, "return");
		break;
	case RPL_TR_APPLY:
		if (ev->stmt != NULL)
			rpl_stmt_print_head(ev->stmt, t);
		else {
			rpl_cond_print(ev->cond, &c);
			sb_printf(t, "%s (condition)", sb_str(&c));
		}
		break;
	default:
		if (ev->stmt != NULL)
			rpl_stmt_print_head(ev->stmt, t);
		break;
	}
	sb_free(&c);
}

static const char *
ev_kind(enum rpl_trace_kind k)
{
	switch (k) {
	case RPL_TR_COND:
		return "condition";
	case RPL_TR_ELSE:
		return "else";
	case RPL_TR_ACTION:
		return "action";
	case RPL_TR_PASS:
		return "pass";
	case RPL_TR_DROP:
		return "drop";
	case RPL_TR_DONE:
		return "done";
	case RPL_TR_APPLY:
		return "apply";
	case RPL_TR_RETURN:
		return "return";
	default:
		return "end";
	}
}

static void
on_trace(void *arg, const struct rpl_trace_ev *ev)
{
	struct trace_ctx	*tc = arg;
	struct strbuf		 t = STRBUF_INIT;
	struct tev		*nv, *e;
	size_t			 cap;

	if (tc->oom)
		return;
	if (tc->n == tc->cap) {
		cap = tc->cap ? tc->cap * 2 : 32;
		if ((nv = reallocarray(tc->v, cap, sizeof(*nv))) == NULL) {
			tc->oom = 1;
			return;
		}
		tc->v = nv;
		tc->cap = cap;
	}
	ev_text(ev, &t);
	if (t.oom) {
		tc->oom = 1;
		sb_free(&t);
		return;
	}
	e = &tc->v[tc->n++];
	e->policy = ev->policy;
	e->line = ev->line;
	e->depth = ev->depth;
	e->kind = ev->kind;
	e->result = ev->result;
	e->cond = ev->kind == RPL_TR_COND ||
	    (ev->kind == RPL_TR_RETURN && ev->cond != NULL);
	e->text = sb_steal(&t);
	if (e->text == NULL && (e->text = strdup("")) == NULL) {
		tc->n--;
		tc->oom = 1;
	}
}

static void
trace_free(struct trace_ctx *tc)
{
	size_t	 i;

	for (i = 0; i < tc->n; i++)
		free(tc->v[i].text);
	free(tc->v);
}

static void
trace_text(const struct trace_ctx *tc, struct strbuf *sb)
{
	const struct tev	*e;
	size_t			 i;

	for (i = 0; i < tc->n; i++) {
		e = &tc->v[i];
		sb_printf(sb, "  %*s%s line %u: %s", (int)e->depth * 2, "",
		    e->policy, e->line, e->text);
		if (e->cond)
			sb_printf(sb, " -> %s", e->result ? "true" : "false");
		sb_putc(sb, '\n');
	}
}

static void
trace_json(const struct trace_ctx *tc, struct json *j)
{
	const struct tev	*e;
	size_t			 i;

	json_arr_begin(j);
	for (i = 0; i < tc->n; i++) {
		e = &tc->v[i];
		json_obj_begin(j);
		json_kv_str(j, "policy", e->policy);
		json_kv_u64(j, "line", e->line);
		json_kv_u64(j, "depth", e->depth);
		json_kv_str(j, "kind", ev_kind(e->kind));
		json_kv_str(j, "text", e->text);
		if (e->cond)
			json_kv_bool(j, "result", e->result);
		json_obj_end(j);
	}
	json_arr_end(j);
}

/*
 * Splits "NAME[ ](args) route..." into the name, the argument text (NULL
 * when none) and the route description.  Returns 0 or -1.
 */
static int
split_spec(const char *s, char *name, size_t namelen, char **args,
    const char **route)
{
	size_t		 n = strcspn(s, " \t(");
	const char	*p, *close;

	*args = NULL;
	if (n == 0 || n >= namelen)
		return -1;
	memcpy(name, s, n);
	name[n] = '\0';
	p = s + n;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '(') {
		if ((close = strchr(p, ')')) == NULL)
			return -1;
		if ((*args = strndup(p, (size_t)(close - p + 1))) == NULL)
			return -1;
		p = close + 1;
	}
	*route = p;
	return 0;
}

/*
 * The text after the `route-policy` keyword of the line as typed (any
 * abbreviation, `do` prefix), without a trailing `| ...` pipe.
 */
static char *
spec_text(const struct cmd_args *a)
{
	const char	*line = arg_line(a), *p, *w;
	char		*s;
	size_t		 n;
	int		 seen_test = 0;

	if (line == NULL)
		return NULL;
	for (p = line; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		n = strcspn(p, " \t");
		p += n;
		if (n == 0)
			break;
		if (!seen_test && strncmp("test", w, n) == 0) {
			seen_test = 1;
			continue;
		}
		if (seen_test && strncmp("route-policy", w, n) == 0)
			break;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if ((s = strdup(p)) == NULL)
		return NULL;
	s[strcspn(s, "|")] = '\0';
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/*
 * Fills the peer context of `from ADDR` from the router bgp config;
 * values typed on the command line (keep_local: `local-as`) win.
 */
static void
peer_from_config(const struct config *cfg, struct route *r, int keep_local)
{
	struct bgp_peer_ctx	 pc;

	if (cfg->bgp == NULL)
		return;
	if (bgp_cfg_peer_ctx(cfg->bgp, r->peer.addr.af != 0 ?
	    &r->peer.addr : NULL, &pc) == -1) {
		if (r->peer.local_as == 0)
			r->peer.local_as = pc.router_as;
		return;
	}
	if (r->peer.remote_as == 0)
		r->peer.remote_as = pc.remote_as;
	if (!keep_local || r->peer.local_as == 0)
		r->peer.local_as = pc.local_as;
}

/* Whether the route text sets something explicitly. */
static int
spec_has(const char *route, const char *kw)
{
	const char	*p = route;
	size_t		 n = strlen(kw);

	while ((p = strstr(p, kw)) != NULL) {
		if ((p == route || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* The validation state `rpki live` found, and what decided it. */
struct live_rpki {
	int		 on;		/* `rpki live` was typed */
	enum rpki_state	 state;
	uint32_t	 origin_as;
	int		 origin_known;	/* 0: the path ends in an AS_SET */
	size_t		 covering;	/* VRPs covering the prefix */
	size_t		 table;		/* VRPs of the family in the table */
};

/*
 * Takes `rpki live` (the keyword abbreviated as the row allows) out of
 * the route text, which route_spec_parse() would refuse.  1 if found.
 */
static int
strip_rpki_live(char *route)
{
	char	*p = route, *w1, *w2, *end;
	size_t	 n1, n2;
	int	 found = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		w1 = p;
		n1 = strcspn(w1, " \t");
		w2 = w1 + n1;
		while (*w2 == ' ' || *w2 == '\t')
			w2++;
		n2 = strcspn(w2, " \t");
		/* "rp" is the shortest unique prefix among the route words */
		if (n1 >= 2 && n1 <= 4 && strncmp(w1, "rpki", n1) == 0 &&
		    n2 >= 1 && n2 <= 4 && strncmp(w2, "live", n2) == 0) {
			end = w2 + n2;
			memmove(w1, end, strlen(end) + 1);
			found = 1;
			p = w1;
			continue;
		}
		p = w1 + n1;
	}
	return found;
}

static int
count_vrp(const struct roa_vrp *v, void *arg)
{
	(void)v;
	(*(size_t *)arg)++;
	return 0;
}

/*
 * RFC 6811 for the route as typed, against the engine's table: its AS
 * path in wire form so the origin AS is the one the RIB would take.
 */
static int
rpki_live(struct route *r, uint32_t local_as, struct live_rpki *lv)
{
	struct bgp_attrs	 at;
	const struct aspath	*ap = &r->aspath;
	uint8_t			*wire, *w;
	size_t			 len = 0, i, k, as = 0;
	int			 af = r->prefix.addr.af;

	for (i = 0; i < ap->nseg; i++)
		len += 2 + 4 * (size_t)ap->seg[i].count;
	if ((wire = malloc(len > 0 ? len : 1)) == NULL)
		return -1;
	for (w = wire, i = 0; i < ap->nseg; i++) {
		*w++ = ap->seg[i].type;		/* ASSEG_* are the wire codes */
		*w++ = ap->seg[i].count;
		for (k = 0; k < ap->seg[i].count; k++, as++) {
			*w++ = (uint8_t)(ap->as[as] >> 24);
			*w++ = (uint8_t)(ap->as[as] >> 16);
			*w++ = (uint8_t)(ap->as[as] >> 8);
			*w++ = (uint8_t)ap->as[as];
		}
	}
	memset(&at, 0, sizeof(at));
	at.aspath = len > 0 ? wire : NULL;
	at.aspath_len = (uint32_t)len;
	lv->origin_as = rov_origin_as(&at, local_as, &lv->origin_known);
	free(wire);
	lv->state = RPKI_NOT_FOUND;
	lv->covering = lv->table = 0;
	if (bgp_roa != NULL) {
		lv->table = roa_count(bgp_roa, af);
		lv->state = roa_validate(bgp_roa, &r->prefix, lv->origin_as,
		    lv->origin_known);
		roa_walk(bgp_roa, af, &r->prefix, count_vrp, &lv->covering);
	}
	r->rpki = lv->state;
	return 0;
}

static void
live_text(const struct live_rpki *lv, struct strbuf *sb)
{
	sb_printf(sb, "RPKI state: %s (ROA table: ", route_rpki_name(lv->state));
	if (lv->table == 0) {
		sb_puts(sb, "empty)\n");
		return;
	}
	if (lv->origin_known)
		sb_printf(sb, "origin AS %u, ", lv->origin_as);
	else
		sb_puts(sb, "origin AS unknown (AS_SET), ");
	if (lv->covering == 0)
		sb_puts(sb, "no covering VRP)\n");
	else
		sb_printf(sb, "%zu covering VRP%s)\n", lv->covering,
		    lv->covering == 1 ? "" : "s");
}

static void
live_json(const struct live_rpki *lv, struct json *j)
{
	json_key(j, "rpki");
	json_obj_begin(j);
	json_kv_str(j, "source", "live");
	json_kv_str(j, "state", route_rpki_name(lv->state));
	json_key(j, "origin_as");
	if (lv->origin_known)
		json_u64(j, lv->origin_as);
	else
		json_null(j);
	json_kv_u64(j, "covering_vrps", lv->covering);
	json_kv_u64(j, "table_vrps", lv->table);
	json_obj_end(j);
}

static int
cmd_test_policy(struct cli *cli, const struct cmd_args *a)
{
	const struct config	*cfg;
	struct rpl_prog		*prog = NULL;
	struct route		 in, out;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct trace_ctx	 tc;
	struct live_rpki	 lv;
	char			 name[TP_NAME_MAX], err[256], *spec, *args = NULL;
	const char		*route;
	int			 res, rc = CMD_ERR, explicit_pt;

	route_init(&in);
	route_init(&out);
	cfg = cli_mode(cli) == MODE_EXEC ? cmds_running() :
	    cmds_effective(cli);
	if ((spec = spec_text(a)) == NULL)
		return cli_error(cli, "out of memory");
	if (split_spec(spec, name, sizeof(name), &args, &route) == -1) {
		cli_error(cli, "Invalid policy name or arguments: '%s'", spec);
		goto out;
	}
	memset(&lv, 0, sizeof(lv));
	/* route points into spec: the words go before the parser sees them */
	lv.on = strip_rpki_live(spec + (route - spec));
	if (route_spec_parse(route, 0, &in, err, sizeof(err)) == -1) {
		cli_error(cli, "Invalid route: %s", err);
		goto out;
	}
	/* the configuration supplies what the command line did not */
	explicit_pt = spec_has(route, "path-type");
	peer_from_config(cfg, &in, spec_has(route, "local-as"));
	if (!explicit_pt && in.peer.addr.af != 0)
		in.path_type = in.peer.remote_as != 0 &&
		    in.peer.remote_as == in.peer.local_as ? PATH_IBGP :
		    PATH_EBGP;
	if (lv.on && rpki_live(&in, in.peer.local_as != 0 ? in.peer.local_as :
	    cfg->bgp != NULL ? cfg->bgp->asn : 0, &lv) == -1) {
		cli_error(cli, "out of memory");
		goto out;
	}
	if (rpl_link(cfg->rpl, name, args, &prog, err, sizeof(err)) == -1) {
		cli_error(cli, "%s", err);
		goto out;
	}
	memset(&tc, 0, sizeof(tc));
	res = rpl_eval_route(prog, &in, &out, on_trace, &tc);
	if (res == RPL_ERROR) {
		trace_free(&tc);
		cli_error(cli, "out of memory");
		goto out;
	}
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "policy", name);
		if (args != NULL)
			json_kv_str(&j, "arguments", args);
		json_kv_str(&j, "verdict", res & RPL_ACCEPTED ? "accepted" :
		    "dropped");
		if (lv.on)
			live_json(&lv, &j);
		json_key(&j, "route");
		route_json(&out, &j);
		json_key(&j, "trace");
		trace_json(&tc, &j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		sb_printf(&sb, "Policy %s: %s\n", rpl_prog_name(prog),
		    res & RPL_ACCEPTED ? "accepted" : "dropped");
		if (lv.on)
			live_text(&lv, &sb);
		sb_printf(&sb, "Route%s:\n", res & RPL_ACCEPTED ? "" :
		    " (as dropped)");
		route_print(&out, "  ", &sb);
		sb_puts(&sb, "Trace:\n");
		trace_text(&tc, &sb);
	}
	trace_free(&tc);
	if (sb.oom || tc.oom) {
		cli_error(cli, "out of memory");
		goto out;
	}
	cli_puts(cli, sb_str(&sb));
	rc = CMD_OK;
out:
	route_free(&out);
	route_free(&in);
	rpl_prog_free(prog);
	sb_free(&sb);
	free(args);
	free(spec);
	return rc;
}

/* `from ` + TAB: the configured neighbors */
static void
complete_nbr(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	const struct config	*c = cmds_effective(cli);
	const struct bgp_peer	*p;
	size_t			 n = strlen(prefix);

	if (c == NULL || c->bgp == NULL)
		return;
	for (p = bgp_peer_first(c->bgp); p != NULL; p = bgp_peer_next(p))
		if (p->kind == BGP_NBR && strncmp(p->name, prefix, n) == 0)
			add(ctx, p->name, "Configured neighbor");
}

/*
 * Route attribute values: any word (route_spec_parse() checks them), shown
 * by `?` in the form they take.
 */
static const struct cli_type route_types[] = {
	{ "tp-pfx4", "A.B.C.D/M", NULL, NULL },
	{ "tp-pfx6", "X:X::X:X/M", NULL, NULL },
	{ "tp-addr4", "A.B.C.D", NULL, NULL },
	{ "tp-addr6", "X:X::X:X", NULL, NULL },
	{ "tp-nbr", "A.B.C.D", NULL, complete_nbr },
	{ "tp-nbr6", "X:X::X:X", NULL, NULL },
	{ "tp-asn", "<1-4294967295>", NULL, NULL },
	{ "tp-u32", "<0-4294967295>", NULL, NULL },
	{ "tp-u16", "<0-65535>", NULL, NULL },
	{ "tp-comm", "AS:NN", NULL, NULL },
	{ "tp-lcomm", "GA:LD1:LD2", NULL, NULL },
	{ "tp-ext", "ASN:N", NULL, NULL },
	{ "tp-ext4", "A.B.C.D:N", NULL, NULL },
};

static const struct cmd test_rows[] = {
	{ "test route-policy <name:rpl-policy> ( prefix ( <p:tp-pfx4> | "
	    "<p6:tp-pfx6> ) | next-hop ( <nh:tp-addr4> | <nh6:tp-addr6> ) | "
	    "as-path <asn:tp-asn>... | "
	    "origin ( igp | egp | incomplete ) | med <mv:tp-u32> | "
	    "local-preference <lp:tp-u32> | community <c:tp-comm>... | "
	    "large-community <lc:tp-lcomm>... | "
	    "extcommunity ( ( rt | soo ) ( <ec:tp-ext> | <ec4:tp-ext4> )... | "
	    "color <col:tp-u32>... ) | "
	    "weight <w:tp-u16> | tag <tg:tp-u32> | "
	    "from ( <nbr:tp-nbr> | <nbr6:tp-nbr6> ) | remote-as <ras:tp-asn> | "
	    "local-as <las:tp-asn> | path-type ( ebgp | ibgp | cebgp ) | "
	    "rpki ( valid | invalid | not-found | live ) | <rest:rest> )...",
	    cmd_test_policy, CMDF_JSON,
	    { "test=Test features",
	      "route-policy=Evaluate a route policy against a route",
	      "name=Policy name, with (arguments) if it takes parameters",
	      "prefix=Prefix of the route (required)",
	      "p=Network prefix", "p6=Network prefix",
	      "next-hop=Next hop of the route",
	      "nh=Next-hop address (or self, peer-address, discard)",
	      "nh6=Next-hop address",
	      "as-path=AS path of the route",
	      "asn=AS number, first the neighbor's ({1,2}: an AS set)",
	      "origin=Origin of the route",
	      "igp=IGP origin", "egp=EGP origin",
	      "incomplete=Incomplete origin",
	      "med=Multi-Exit Discriminator", "mv=MED value",
	      "local-preference=Local preference", "lp=Local preference value",
	      "community=Communities of the route",
	      "c=Community (AS:NN, or a name such as no-export)",
	      "large-community=Large communities of the route",
	      "lc=Large community",
	      "extcommunity=Extended communities of the route",
	      "rt=Route Target extended communities",
	      "soo=Site-of-Origin extended communities",
	      "ec=Extended community", "ec4=Extended community",
	      "color=Color extended communities (RFC 9012)",
	      "col=Color value",
	      "weight=Weight of the route", "w=Weight value",
	      "tag=Tag of the route", "tg=Tag value",
	      "from=Neighbor the route was received from",
	      "nbr=Neighbor address", "nbr6=Neighbor address",
	      "remote-as=AS of that neighbor (default: its configuration)",
	      "ras=AS number",
	      "local-as=Local AS toward it (default: its configuration)",
	      "las=AS number",
	      "path-type=Path type (default: from the neighbor's AS)",
	      "ebgp=External BGP", "ibgp=Internal BGP",
	      "cebgp=Confederation external BGP",
	      "rpki=RPKI origin validation state",
	      "valid=Valid", "invalid=Invalid", "not-found=Not found",
	      "live=The state the ROA table gives the route now",
	      "rest=Anything else", NULL } },
	CMD_END
};

void
cmds_test_policy_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		cli_type_define(&route_types[i]);
	cli_install(MODE_EXEC, test_rows);
	cli_install(MODE_ANYCONFIG, test_rows);
}
