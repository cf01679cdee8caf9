/*
 * show_rpl: `show rpl` and its forms (reference 4.6): listings of every
 * policy or set kind, one object, `detail` (the policy with everything it
 * uses), `attachpoints` (where BGP attaches it), and the ACTIVE /
 * INACTIVE / UNUSED lists.  Reads the running configuration, as XR does.
 * Every form has a `| json` rendering with stable keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/rpl_cmds.h"
#include "core/config/bgp_cfg.h"
#include "core/lib/json.h"

static const char *const listing_names[RPL_SET_KIND_COUNT] = {
	"Prefix Set", "Community Set", "AS Path Set",
	"Extended Community RT Set", "Extended Community SOO Set",
	"Large Community Set", "RD Set", "Extended Community Opaque Set"
};

static const struct config *
show_config(void)
{
	return cmds_running();
}


/* The usage states of the configuration's objects. */
static void
attach_usage_cb(const struct bgp_attach *at, void *arg)
{
	rpl_usage_attach(arg, at->policy, at->args);
}

static struct rpl_usage *
usage_of(const struct config *c)
{
	struct rpl_usage	*u;

	if ((u = rpl_usage_new(c->rpl)) == NULL)
		return NULL;
	if (c->bgp != NULL)
		bgp_cfg_foreach_attach(c->bgp, attach_usage_cb, u);
	return u;
}

/* ------------------------------------------------------- json pieces */

static void
json_set(struct json *j, const struct rpl_set *s, const struct rpl_usage *u)
{
	struct strbuf	 tmp = STRBUF_INIT;
	size_t		 i;

	json_obj_begin(j);
	json_kv_str(j, "kind", rpl_set_kind_name(s->kind));
	json_kv_str(j, "name", s->name);
	if (u != NULL)
		json_kv_str(j, "state", rpl_state_name(rpl_usage_state(u,
		    (int)s->kind, s->name)));
	json_key(j, "elements");
	json_arr_begin(j);
	for (i = 0; i < s->nelems; i++) {
		sb_reset(&tmp);
		rpl_elem_print(s->kind, &s->elems[i], &tmp);
		json_str(j, sb_str(&tmp));
	}
	json_arr_end(j);
	sb_reset(&tmp);
	rpl_set_print(s, &tmp);
	json_kv_str(j, "text", sb_str(&tmp));
	json_obj_end(j);
	sb_free(&tmp);
}

static void
json_policy(struct json *j, const struct rpl_policy *p,
    const struct rpl_usage *u)
{
	struct strbuf	 tmp = STRBUF_INIT;
	size_t		 i;

	json_obj_begin(j);
	json_kv_str(j, "name", p->name);
	json_key(j, "parameters");
	json_arr_begin(j);
	for (i = 0; i < p->nparams; i++)
		json_str(j, p->params[i]);
	json_arr_end(j);
	if (u != NULL)
		json_kv_str(j, "state", rpl_state_name(rpl_usage_state(u,
		    RPL_REF_POLICY, p->name)));
	rpl_policy_print(p, &tmp);
	json_kv_str(j, "text", sb_str(&tmp));
	json_obj_end(j);
	sb_free(&tmp);
}

struct list_ctx {
	struct strbuf		*sb;
	struct json		*j;
	const struct rpl_usage	*u;
};

static void
list_set_cb(struct rpl_set *s, void *arg)
{
	struct list_ctx	*lc = arg;

	if (lc->j != NULL)
		json_set(lc->j, s, lc->u);
	else
		rpl_set_print(s, lc->sb);
}

static void
list_policy_cb(struct rpl_policy *p, void *arg)
{
	struct list_ctx	*lc = arg;

	if (lc->j != NULL)
		json_policy(lc->j, p, lc->u);
	else
		rpl_policy_print(p, lc->sb);
}

/* ------------------------------------------------------------ show rpl */

static int
cmd_show_rpl(struct cli *cli, const struct cmd_args *a)
{
	const struct config	*c = show_config();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct list_ctx		 lc = { &sb, NULL, NULL };
	size_t			 k;

	(void)a;
	if (cli_json(cli)) {
		lc.u = usage_of(c);
		lc.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "sets");
		json_arr_begin(&j);
		for (k = 0; k < RPL_SET_KIND_COUNT; k++)
			rpl_db_foreach_set(c->rpl, rpl_set_print_order[k],
			    list_set_cb, &lc);
		json_arr_end(&j);
		json_key(&j, "route_policies");
		json_arr_begin(&j);
		rpl_db_foreach_policy(c->rpl, list_policy_cb, &lc);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		rpl_usage_free((struct rpl_usage *)lc.u);
		return cmds_emit(cli, &sb);
	}
	rpl_db_print(c->rpl, &sb);
	return cmds_emit(cli, &sb);
}

static int
not_found(struct cli *cli, int kind, const char *name)
{
	return cli_error(cli, "Policy object %s %s not found",
	    rplc_kind_word(kind), name);
}

/* Listing of one kind: "Listing for all Route Policy objects". */
static int
show_listing(struct cli *cli, int kind)
{
	const struct config	*c = show_config();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct list_ctx		 lc = { &sb, NULL, NULL };

	if (cli_json(cli)) {
		lc.u = usage_of(c);
		lc.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, kind == RPL_REF_POLICY ? "route_policies" :
		    "sets");
		json_arr_begin(&j);
	} else
		sb_printf(&sb, "Listing for all %s objects\n\n",
		    kind == RPL_REF_POLICY ? "Route Policy" :
		    listing_names[kind]);
	if (kind == RPL_REF_POLICY)
		rpl_db_foreach_policy(c->rpl, list_policy_cb, &lc);
	else
		rpl_db_foreach_set(c->rpl, (enum rpl_set_kind)kind,
		    list_set_cb, &lc);
	if (lc.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		rpl_usage_free((struct rpl_usage *)lc.u);
	}
	return cmds_emit(cli, &sb);
}

static int
show_object(struct cli *cli, int kind, const char *name)
{
	const struct config	*c = show_config();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct rpl_usage	*u;
	const void		*obj;

	obj = kind == RPL_REF_POLICY ?
	    (const void *)rpl_db_find_policy(c->rpl, name) :
	    (const void *)rpl_db_find_set(c->rpl, (enum rpl_set_kind)kind,
	    name);
	if (obj == NULL)
		return not_found(cli, kind, name);
	if (cli_json(cli)) {
		u = usage_of(c);
		json_init(&j, &sb);
		if (kind == RPL_REF_POLICY)
			json_policy(&j, obj, u);
		else
			json_set(&j, obj, u);
		json_end(&j);
		rpl_usage_free(u);
	} else if (kind == RPL_REF_POLICY)
		rpl_policy_print(obj, &sb);
	else
		rpl_set_print(obj, &sb);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------- detail */

struct detail_ctx {
	struct strbuf	*sb;
	struct json	*j;
	const char	*top;
};

static void
detail_cb(int kind, const char *name, const void *obj, void *arg)
{
	struct detail_ctx	*d = arg;

	/* the policy itself comes last, after what it uses */
	if (kind == RPL_REF_POLICY && strcmp(name, d->top) == 0)
		return;
	if (d->j != NULL) {
		json_obj_begin(d->j);
		json_kv_str(d->j, "kind", rplc_kind_word(kind));
		json_kv_str(d->j, "name", name);
		json_kv_bool(d->j, "defined", obj != NULL);
		if (obj != NULL) {
			struct strbuf	 t = STRBUF_INIT;

			if (kind == RPL_REF_POLICY)
				rpl_policy_print(obj, &t);
			else
				rpl_set_print(obj, &t);
			json_kv_str(d->j, "text", sb_str(&t));
			sb_free(&t);
		}
		json_obj_end(d->j);
		return;
	}
	if (obj == NULL)
		sb_printf(d->sb, "%s %s\n  # not defined\n!\n",
		    rplc_kind_word(kind), name);
	else if (kind == RPL_REF_POLICY)
		rpl_policy_print(obj, d->sb);
	else
		rpl_set_print(obj, d->sb);
}

static int
show_detail(struct cli *cli, const char *name)
{
	const struct config	*c = show_config();
	const struct rpl_policy	*p;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct detail_ctx	 d = { &sb, NULL, name };

	if ((p = rpl_db_find_policy(c->rpl, name)) == NULL)
		return not_found(cli, RPL_REF_POLICY, name);
	if (cli_json(cli)) {
		d.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "route_policy");
		json_policy(&j, p, NULL);
		json_key(&j, "uses");
		json_arr_begin(&j);
	}
	rpl_policy_foreach_use(c->rpl, name, NULL, detail_cb, &d);
	if (d.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else
		rpl_policy_print(p, &sb);
	return cmds_emit(cli, &sb);
}

/* -------------------------------------------------------- attachpoints */

struct attach_ctx {
	int		 kind;
	const char	*name;
	int		 found;
};

static void
uses_cb(int kind, const char *name, const void *obj, void *arg)
{
	struct attach_ctx	*ac = arg;

	(void)obj;
	if (kind == ac->kind && strcmp(name, ac->name) == 0)
		ac->found = 1;
}

struct attach_copy {
	char	*owner_kind, *owner, *afi_safi, *dir, *policy, *args;
};

static const char *
section_of(const char *owner_kind)
{
	if (strcmp(owner_kind, "neighbor") == 0 ||
	    strcmp(owner_kind, "neighbor-group") == 0 ||
	    strcmp(owner_kind, "af-group") == 0)
		return "Neighbor";
	if (strcmp(owner_kind, "network") == 0)
		return "Network";
	if (strcmp(owner_kind, "aggregate-address") == 0)
		return "Aggregation";
	if (strcmp(owner_kind, "redistribute") == 0)
		return "Redistribution";
	if (strcmp(owner_kind, "default-originate") == 0)
		return "Default Originate";
	return owner_kind;
}

static const char *
type_of(const char *owner_kind)
{
	if (strcmp(owner_kind, "neighbor-group") == 0)
		return "nbr-grp";
	if (strcmp(owner_kind, "af-group") == 0)
		return "af-grp";
	return "--";
}

/*
 * The attach points are gathered in a callback but printed afterwards,
 * grouped by section: the strings are copied because the bgp walk only
 * lends them for the duration of the callback.
 */
struct attach_list {
	struct attach_copy	*v;
	size_t			 n;
	const struct config	*c;
	int			 kind;
	const char		*name;
	int			 oom;
};

static char *
xdup(struct attach_list *l, const char *s)
{
	char	*d;

	if ((d = strdup(s ? s : "")) == NULL)
		l->oom = 1;
	return d;
}

static void
collect_cb(const struct bgp_attach *at, void *arg)
{
	struct attach_list	*l = arg;
	struct attach_ctx	 ac;
	struct attach_copy	*nv, *e;

	memset(&ac, 0, sizeof(ac));
	ac.kind = l->kind;
	ac.name = l->name;
	rpl_policy_foreach_use(l->c->rpl, at->policy, at->args, uses_cb, &ac);
	if (!ac.found)
		return;
	if ((nv = reallocarray(l->v, l->n + 1, sizeof(*nv))) == NULL) {
		l->oom = 1;
		return;
	}
	l->v = nv;
	e = &nv[l->n++];
	e->owner_kind = xdup(l, at->owner_kind);
	e->owner = xdup(l, at->owner);
	e->afi_safi = xdup(l, at->afi_safi);
	e->dir = xdup(l, at->dir);
	e->policy = xdup(l, at->policy);
	e->args = at->args ? xdup(l, at->args) : NULL;
}

static void
attach_list_free(struct attach_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].owner_kind);
		free(l->v[i].owner);
		free(l->v[i].afi_safi);
		free(l->v[i].dir);
		free(l->v[i].policy);
		free(l->v[i].args);
	}
	free(l->v);
}

static int
show_attachpoints(struct cli *cli, int kind, const char *name)
{
	const struct config	*c = show_config();
	struct attach_list	 l;
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	const char		*done[16];
	size_t			 ndone = 0, i, k;
	int			 exists;

	exists = kind == RPL_REF_POLICY ?
	    rpl_db_find_policy(c->rpl, name) != NULL :
	    rpl_db_find_set(c->rpl, (enum rpl_set_kind)kind, name) != NULL;
	if (!exists)
		return not_found(cli, kind, name);
	memset(&l, 0, sizeof(l));
	l.c = c;
	l.kind = kind;
	l.name = name;
	if (c->bgp != NULL)
		bgp_cfg_foreach_attach(c->bgp, collect_cb, &l);
	if (l.oom) {
		attach_list_free(&l);
		return cli_error(cli, "Out of memory");
	}
	if (cli_json(cli)) {
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "kind", rplc_kind_word(kind));
		json_kv_str(&j, "name", name);
		json_key(&j, "attachpoints");
		json_arr_begin(&j);
		for (i = 0; i < l.n; i++) {
			json_obj_begin(&j);
			json_kv_str(&j, "owner_kind", l.v[i].owner_kind);
			json_kv_str(&j, "owner", l.v[i].owner);
			json_kv_str(&j, "afi_safi", l.v[i].afi_safi);
			json_kv_str(&j, "direction", l.v[i].dir);
			json_kv_str(&j, "policy", l.v[i].policy);
			json_kv_str(&j, "args", l.v[i].args);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		attach_list_free(&l);
		return cmds_emit(cli, &sb);
	}
	/* one section per attach point kind, in order of first appearance */
	for (i = 0; i < l.n; i++) {
		const char	*sec = section_of(l.v[i].owner_kind);

		for (k = 0; k < ndone; k++)
			if (strcmp(done[k], sec) == 0)
				break;
		if (k < ndone || ndone == sizeof(done) / sizeof(done[0]))
			continue;
		done[ndone++] = sec;
		if (ndone > 1)
			sb_putc(&sb, '\n');
		sb_printf(&sb, "BGP Attachpoint:%s\n\n", sec);
		sb_printf(&sb, "%-15s %-5s %-14s %s\n", "Neighbor/Group",
		    "type", "afi/safi", "in/out");
		sb_puts(&sb, "---------------------------------------------"
		    "------\n");
		for (k = i; k < l.n; k++) {
			if (strcmp(section_of(l.v[k].owner_kind), sec) != 0)
				continue;
			sb_printf(&sb, "%-15s %-5s %-14s %s\n", l.v[k].owner,
			    type_of(l.v[k].owner_kind), l.v[k].afi_safi,
			    l.v[k].dir[0] ? l.v[k].dir : "--");
		}
	}
	attach_list_free(&l);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------- states */

struct state_ctx {
	const struct rpl_usage	*u;
	enum rpl_state		 want;
	struct strbuf		*sb;
	struct json		*j;
};

static void
state_name(struct state_ctx *sc, int kind, const char *name)
{
	if (rpl_usage_state(sc->u, kind, name) != sc->want)
		return;
	if (sc->j != NULL)
		json_str(sc->j, name);
	else
		sb_printf(sc->sb, "%s\n", name);
}

static void
state_set_cb(struct rpl_set *s, void *arg)
{
	state_name(arg, (int)s->kind, s->name);
}

static void
state_policy_cb(struct rpl_policy *p, void *arg)
{
	state_name(arg, RPL_REF_POLICY, p->name);
}

static int
show_states(struct cli *cli, enum rpl_state want, int kind)
{
	const struct config	*c = show_config();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct state_ctx	 sc;
	const char		*plural;

	memset(&sc, 0, sizeof(sc));
	if ((sc.u = usage_of(c)) == NULL)
		return cli_error(cli, "Out of memory");
	sc.want = want;
	sc.sb = &sb;
	plural = kind == RPL_REF_POLICY ? "policies" :
	    kind == RPL_SET_PREFIX ? "prefix-sets" :
	    kind == RPL_SET_COMMUNITY ? "community-sets" :
	    kind == RPL_SET_ASPATH ? "as-path-sets" :
	    kind == RPL_SET_EXT_RT ? "extcommunity-set rt sets" :
	    kind == RPL_SET_EXT_SOO ? "extcommunity-set soo sets" :
	    kind == RPL_SET_EXT_OPAQUE ? "extcommunity-set opaque sets" :
	    kind == RPL_SET_RD ? "rd-sets" :
	    "large-community-sets";
	if (cli_json(cli)) {
		sc.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_kv_str(&j, "state", rpl_state_name(want));
		json_kv_str(&j, "kind", rplc_kind_word(kind));
		json_key(&j, "names");
		json_arr_begin(&j);
	} else {
		sb_puts(&sb, "ACTIVE -- Referenced by at least one policy "
		    "which is attached\n"
		    "INACTIVE -- Only referenced by policies which are not "
		    "attached\n"
		    "UNUSED -- Not attached (directly or indirectly) and not "
		    "referenced\n\n");
		sb_printf(&sb, "The following %s are (%s)\n", plural,
		    rpl_state_name(want));
		sb_puts(&sb, "------------------------------------------\n");
	}
	if (kind == RPL_REF_POLICY)
		rpl_db_foreach_policy(c->rpl, state_policy_cb, &sc);
	else
		rpl_db_foreach_set(c->rpl, (enum rpl_set_kind)kind,
		    state_set_cb, &sc);
	if (sc.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else
		sb_puts(&sb, "------------------------------------------\n");
	rpl_usage_free((struct rpl_usage *)sc.u);
	return cmds_emit(cli, &sb);
}

/* ---------------------------------------------------------- handlers */


static int
cmd_show_kind(struct cli *cli, const struct cmd_args *a)
{
	int		 kind = rplc_kind_of(a);
	const char	*name = arg_str(a, "name");

	if (name == NULL)
		return show_listing(cli, kind);
	if (arg_has(a, "detail"))
		return show_detail(cli, name);
	if (arg_has(a, "attachpoints"))
		return show_attachpoints(cli, kind, name);
	return show_object(cli, kind, name);
}

static int
cmd_show_state(struct cli *cli, const struct cmd_args *a)
{
	enum rpl_state	 want = arg_has(a, "active") ? RPL_STATE_ACTIVE :
	    arg_has(a, "inactive") ? RPL_STATE_INACTIVE : RPL_STATE_UNUSED;

	return show_states(cli, want, rplc_kind_of(a));
}

#define SHOW_RPL_HELP \
	"show=Show running system information", \
	"rpl=Routing policy language information", \
	"route-policy=Route policy", \
	"prefix-set=Prefix set", \
	"community-set=Community set", \
	"as-path-set=AS path set", \
	"large-community-set=Large community set", \
	"extcommunity-set=Extended community set", \
	"rt=Route target extended community set", \
	"soo=Site-of-origin extended community set", \
	"opaque=Opaque extended community set", \
	"rd-set=Route distinguisher set", \
	"detail=Show the policy with every object it uses", \
	"attachpoints=Show where it is attached", \
	"active=Objects used by an attached policy", \
	"inactive=Objects used only by unattached policies", \
	"unused=Objects neither attached nor referenced"

#define SHOW_FLAGS	(CMDF_TIMESTAMP | CMDF_JSON)

static const struct cmd show_rows[] = {
	{ "show rpl", cmd_show_rpl, SHOW_FLAGS, { SHOW_RPL_HELP, NULL } },
	{ "show rpl route-policy [<name:rpl-policy> [(detail | "
	    "attachpoints)]]", cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Route policy name", NULL } },
	{ "show rpl prefix-set [<name:rpl-prefix-set> [attachpoints]]",
	    cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Prefix set name", NULL } },
	{ "show rpl community-set [<name:rpl-community-set> "
	    "[attachpoints]]", cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Community set name", NULL } },
	{ "show rpl as-path-set [<name:rpl-as-path-set> [attachpoints]]",
	    cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=AS path set name", NULL } },
	{ "show rpl large-community-set [<name:rpl-large-community-set> "
	    "[attachpoints]]", cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Large community set name", NULL } },
	{ "show rpl extcommunity-set (rt | soo) [<name:rpl-extcommunity-set> "
	    "[attachpoints]]", cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Extended community set name", NULL } },
	{ "show rpl extcommunity-set opaque [<name:rpl-opaque-set> "
	    "[attachpoints]]", cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Extended community set name", NULL } },
	{ "show rpl rd-set [<name:rpl-rd-set> [attachpoints]]",
	    cmd_show_kind, SHOW_FLAGS,
	    { SHOW_RPL_HELP, "name=Route distinguisher set name", NULL } },
	{ "show rpl (active | inactive | unused) (route-policy | prefix-set | "
	    "community-set | as-path-set | large-community-set | rd-set | "
	    "extcommunity-set (rt | soo | opaque))", cmd_show_state, SHOW_FLAGS,
	    { SHOW_RPL_HELP, NULL } },
	CMD_END
};

void
rplc_show_init(void)
{
	cli_install(MODE_EXEC, show_rows);
}
