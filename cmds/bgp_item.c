/*
 * bgp_item: the table-driven bgp item commands (see bgp_cmds.h).  A spec
 * row tells which bound arguments and keywords fill which fields of one
 * struct bgp_item; bgpc_item_cmd() builds the item aside, runs the row's
 * check, and only then replaces the configured item.  The rows themselves
 * live with their modes (cmds/bgp.c, cmds/bgp_peer.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"

struct bgp_item *
bgpc_item(struct cli *cli, enum bgpc_scope scope, int item)
{
	struct bgp_cfg		*b;
	struct bgp_peer		*p;
	struct bgp_afcfg	*af;
	struct bgp_gaf		*g;

	switch (scope) {
	case BGPC_GLOBAL:
		return (b = bgpc_cfg(cli)) != NULL ? &b->g[item] : NULL;
	case BGPC_SESSION:
		return (p = bgpc_peer(cli, NULL)) != NULL ? &p->s[item] : NULL;
	case BGPC_AF:
		return (af = bgpc_af(cli, NULL, NULL)) != NULL ?
		    &af->it[item] : NULL;
	case BGPC_GAF:
		if ((g = bgpc_gaf(cli, NULL)) == NULL)
			return NULL;
		switch (item) {
		case BGPC_GAF_MAXP_EBGP:
			return &g->maxpaths_ebgp;
		case BGPC_GAF_MAXP_IBGP:
			return &g->maxpaths_ibgp;
		case BGPC_GAF_REDIST_STATIC:
			return &g->redist[BGP_REDIST_STATIC];
		case BGPC_GAF_AP_RECV:
			return &g->addpath[BGP_AP_RECV];
		case BGPC_GAF_AP_SEND:
			return &g->addpath[BGP_AP_SEND];
		case BGPC_GAF_AP_SEL:
			return &g->addpath[BGP_AP_SEL];
		case BGPC_GAF_MAXP_EIBGP:
			return &g->maxpaths_eibgp;
		case BGPC_GAF_ALLOC_LABEL:
			return &g->allocate_label;
		default:
			return &g->redist[BGP_REDIST_CONNECTED];
		}
	}
	return NULL;
}

int
bgpc_item_put(struct cli *cli, enum bgpc_scope scope, int item,
    struct bgp_item *built)
{
	struct bgp_item	*it;

	if ((it = bgpc_item(cli, scope, item)) == NULL) {
		bgp_item_clear(built);
		return CMD_ERR;
	}
	bgp_item_clear(it);
	*it = *built;
	memset(built, 0, sizeof(*built));
	return CMD_OK;
}

int
bgpc_check_timers(struct cli *cli, const struct cmd_args *a,
    const struct bgp_item *it)
{
	uint32_t	 ka = it->n[0], hold = it->n[1], min = it->n[2];
	int		 has_min = it->opt & BGP_OPT_HAS_MIN;

	(void)a;
	if (hold != 0 && hold < 3)
		return cli_error(cli, "Invalid holdtime %u: must be 0 or "
		    "3-65535 seconds", hold);
	if (hold != 0 && ka > hold)
		return cli_error(cli, "Keepalive %u must not exceed the "
		    "holdtime %u", ka, hold);
	if (has_min && min != 0 && min < 3)
		return cli_error(cli, "Invalid minimum acceptable holdtime "
		    "%u: must be 0 or 3-65535 seconds", min);
	if (has_min && hold != 0 && min > hold)
		return cli_error(cli, "Minimum acceptable holdtime %u must "
		    "not exceed the holdtime %u", min, hold);
	return CMD_OK;
}

static int
num_value(struct cli *cli, const struct cmd_args *a, const struct bgpc_num *n,
    uint32_t *v)
{
	const char	*s = arg_str(a, n->arg);
	struct xaddr	 x;

	switch (n->conv) {
	case BGPC_ASN:
		if (s == NULL || asn_parse(s, v) == -1)
			return cli_error(cli, "Invalid AS number '%s'",
			    s ? s : "");
		break;
	case BGPC_IPV4:
		if (s == NULL || addr_parse_v4(s, &x) == -1)
			return cli_error(cli, "Invalid IPv4 address '%s'",
			    s ? s : "");
		*v = (uint32_t)x.a[0] << 24 | (uint32_t)x.a[1] << 16 |
		    (uint32_t)x.a[2] << 8 | x.a[3];
		break;
	default:
		*v = arg_u32(a, n->arg, n->dflt);
		break;
	}
	return CMD_OK;
}

/* Fills *it from the line as sp describes; prints the error. */
static int
build(struct cli *cli, const struct cmd_args *a, const struct bgpc_spec *sp,
    struct bgp_item *it)
{
	const struct bgpc_num	*n;
	const struct bgpc_kw	*k;
	const char		*s;
	size_t			 i;

	memset(it, 0, sizeof(*it));
	it->set = 1;
	it->off = arg_has(a, "inheritance-disable") ? 1 : 0;
	for (i = 0; i < sizeof(sp->num) / sizeof(sp->num[0]); i++) {
		n = &sp->num[i];
		if (n->arg == NULL)
			continue;
		if (!arg_has(a, n->arg)) {
			if (n->dflt != 0)
				it->n[n->idx] = n->dflt;
			continue;
		}
		if (num_value(cli, a, n, &it->n[n->idx]) != CMD_OK)
			return CMD_ERR;
		it->opt |= n->opt;
	}
	for (i = 0; i < sizeof(sp->kws) / sizeof(sp->kws[0]); i++) {
		k = &sp->kws[i];
		if (k->kw == NULL || !arg_has(a, k->kw))
			continue;
		it->opt |= k->opt;
		if (k->sets_n0)
			it->n[0] = k->n0;
	}
	if (sp->str != NULL && (s = arg_str(a, sp->str)) != NULL &&
	    bgp_item_set_str(it, s) == -1)
		return bgpc_nomem(cli);
	if (sp->policy != NULL && (s = arg_str(a, sp->policy)) != NULL &&
	    bgpc_set_policy(cli, it, s) != CMD_OK)
		return CMD_ERR;
	if (sp->check != NULL && sp->check(cli, a, it) != CMD_OK)
		return CMD_ERR;
	return CMD_OK;
}

int
bgpc_item_cmd(struct cli *cli, const struct cmd_args *a,
    enum bgpc_scope scope, const struct bgpc_spec *spec, size_t nspec)
{
	const struct bgpc_spec	*sp;
	struct bgp_item		 built, *it;
	size_t			 i;

	for (i = 0; i < nspec; i++)
		if (arg_has(a, spec[i].kw))
			break;
	if (i == nspec)
		return cli_error(cli, "Unknown bgp option '%s'", arg_line(a));
	sp = &spec[i];
	if (arg_no(a)) {
		if ((it = bgpc_item(cli, scope, sp->item)) == NULL)
			return CMD_ERR;
		bgp_item_clear(it);
		return CMD_OK;
	}
	if (build(cli, a, sp, &built) != CMD_OK) {
		bgp_item_clear(&built);
		return CMD_ERR;
	}
	return bgpc_item_put(cli, scope, sp->item, &built);
}
