/*
 * show_bgp_cfg: the inheritance views of router bgp (reference 3.5):
 *   show bgp neighbor <addr> configuration
 *   show bgp {neighbor-group|session-group|af-group} NAME
 *       {configuration|users|inheritance}
 * Each item of a configuration view is its command line with the source
 * tag ([] / [n:NAME] / [s:NAME] / [a:NAME] / [dflt]) padded into a column.
 * They read the session's candidate when it has one (config mode `do`),
 * else running.  JSON keys are stable: kind, name, items[] (indent, line,
 * tag, source, group), scopes[] (scope, groups[] / users[]).
 */
#include <stdio.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/config/bgp_inherit.h"
#include "core/lib/json.h"

#define TAG_COLUMN	45

static const struct bgp_cfg *
eff_bgp(struct cli *cli)
{
	const struct config	*c = cmds_effective(cli);

	return c != NULL ? c->bgp : NULL;
}

static const struct bgp_peer *
lookup(struct cli *cli, const struct cmd_args *a, enum bgp_kind *kindp)
{
	const struct bgp_cfg	*b = eff_bgp(cli);
	const struct bgp_peer	*p;
	enum bgp_kind		 kind;
	const char		*name;

	if (arg_has(a, "neighbor-group"))
		kind = BGP_NG;
	else if (arg_has(a, "session-group"))
		kind = BGP_SG;
	else if (arg_has(a, "af-group"))
		kind = BGP_AFG;
	else
		kind = BGP_NBR;
	name = kind == BGP_NBR ? arg_str(a, "address") : arg_str(a, "name");
	*kindp = kind;
	if ((p = bgp_peer_find(b, kind, name)) == NULL)
		cli_error(cli, "No such configuration item(s)");
	return p;
}

static int
emit(struct cli *cli, struct strbuf *sb)
{
	if (sb->oom) {
		sb_free(sb);
		return bgpc_nomem(cli);
	}
	cli_puts(cli, sb_str(sb));
	sb_free(sb);
	return CMD_OK;
}

static int
show_configuration(struct cli *cli, const struct bgp_peer *p)
{
	struct bgp_view		 v;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	size_t			 i;
	int			 w;

	if (bgp_view_build(eff_bgp(cli), p, &v) == -1) {
		bgp_view_free(&v);
		return bgpc_nomem(cli);
	}
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "kind", bgp_kind_name(p->kind));
		json_kv_str(&j, "name", p->name);
		json_key(&j, "items");
		json_arr_begin(&j);
		for (i = 1; i < v.n; i++) {
			json_obj_begin(&j);
			json_kv_u64(&j, "indent", (uint64_t)v.v[i].indent);
			json_kv_str(&j, "line", v.v[i].text);
			json_kv_str(&j, "tag", v.v[i].tag);
			json_kv_str(&j, "source", v.v[i].src_kind);
			json_kv_str(&j, "group", v.v[i].src_name);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		for (i = 0; i < v.n; i++) {
			w = v.v[i].indent + (int)strlen(v.v[i].text);
			sb_printf(&sb, "%*s%s", v.v[i].indent, "",
			    v.v[i].text);
			if (v.v[i].tag != NULL)
				sb_printf(&sb, "%*s%s", w < TAG_COLUMN ?
				    TAG_COLUMN - w : 1, "", v.v[i].tag);
			sb_putc(&sb, '\n');
		}
	}
	bgp_view_free(&v);
	return emit(cli, &sb);
}

static void
scope_label(int scope, struct strbuf *sb)
{
	sb_puts(sb, scope < 0 ? "Session" : bgp_afi_label(scope));
}

struct list_ctx {
	struct strbuf	*sb;
	struct json	*j;
};

static void
list_one(const struct bgp_peer *p, void *arg)
{
	struct list_ctx	*c = arg;

	if (c->j != NULL) {
		json_obj_begin(c->j);
		json_kv_str(c->j, "kind", bgp_kind_name(p->kind));
		json_kv_str(c->j, "name", p->name);
		json_obj_end(c->j);
	} else if (p->kind == BGP_NBR)
		sb_printf(c->sb, " %s", p->name);
	else
		sb_printf(c->sb, " %c:%s", bgp_kind_tag(p->kind), p->name);
}

/* users (users != 0) or inheritance, one line per scope of the group */
static int
show_list(struct cli *cli, const struct bgp_peer *g, int users)
{
	const struct bgp_cfg	*b = eff_bgp(cli);
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct list_ctx		 c = { &sb, NULL };
	int			 scope;

	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_kv_str(&j, "kind", bgp_kind_name(g->kind));
		json_kv_str(&j, "name", g->name);
		json_key(&j, "scopes");
		json_arr_begin(&j);
	}
	for (scope = -1; scope < BGP_AFI_COUNT; scope++) {
		if (!bgp_has_scope(b, g, scope))
			continue;
		if (c.j != NULL) {
			struct strbuf	 l = STRBUF_INIT;

			scope_label(scope, &l);
			json_obj_begin(&j);
			json_kv_str(&j, "scope", sb_str(&l));
			sb_free(&l);
			json_key(&j, users ? "users" : "groups");
			json_arr_begin(&j);
		} else {
			scope_label(scope, &sb);
			sb_putc(&sb, ':');
		}
		if (users)
			bgp_users(b, g, scope, list_one, &c);
		else
			bgp_ancestors(b, g, scope, list_one, &c);
		if (c.j != NULL) {
			json_arr_end(&j);
			json_obj_end(&j);
		} else
			sb_putc(&sb, '\n');
	}
	if (c.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return emit(cli, &sb);
}

static int
cmd_show_bgp_cfg(struct cli *cli, const struct cmd_args *a)
{
	const struct bgp_peer	*p;
	enum bgp_kind		 kind;

	if ((p = lookup(cli, a, &kind)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "users"))
		return show_list(cli, p, 1);
	if (arg_has(a, "inheritance"))
		return show_list(cli, p, 0);
	return show_configuration(cli, p);
}

#define SHOW_HELP \
	"show=Show running system information", \
	"bgp=BGP information", \
	"configuration=Display configuration with its inheritance sources", \
	"users=Display users of this group", \
	"inheritance=Display the groups this one inherits from"

static const struct cmd show_rows[] = {
	{ "show bgp neighbor <address:ip> configuration", cmd_show_bgp_cfg,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "neighbor=Details about a BGP neighbor",
	      "address=Neighbor address", NULL } },
	{ "show bgp neighbor-group <name:bgp-nbrgrp> ( configuration | users "
	    "| inheritance )", cmd_show_bgp_cfg, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "neighbor-group=Details about a neighbor-group",
	      "name=Neighbor group name", NULL } },
	{ "show bgp session-group <name:bgp-sngrp> ( configuration | users "
	    "| inheritance )", cmd_show_bgp_cfg, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "session-group=Details about a session-group",
	      "name=Session group name", NULL } },
	{ "show bgp af-group <name:bgp-afgrp> ( configuration | users "
	    "| inheritance )", cmd_show_bgp_cfg, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_HELP, "af-group=Details about an af-group",
	      "name=Address family group name", NULL } },
	CMD_END
};

void
show_bgp_cfg_init(void)
{
	cli_install(MODE_EXEC, show_rows);
}
