/*
 * rpl_cmds: the argument types of the RPL commands.  Each completes the
 * names of one kind of object from the session's configuration (candidate
 * if it has one, else running).
 */
#include <ctype.h>
#include <string.h>

#include "cmds/rpl_cmds.h"

int
rplc_name_ok(const char *s)
{
	size_t	 n = 0;

	if (!isalnum((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s != '\0'; s++, n++)
		if (!isalnum((unsigned char)*s) && strchr("_-.:", *s) == NULL)
			return 0;
	return n <= 255;
}

/* A policy name, possibly with its parameter list glued on: "P($a,". */
static int
policy_tok_ok(const char *s)
{
	char	 buf[256];

	strlcpy(buf, s, sizeof(buf));
	buf[strcspn(buf, "(")] = '\0';
	return rplc_name_ok(buf);
}

/*
 * A piece of a parameter list typed after the name: "($a," "$b)" "(" ...
 * Anything else (e.g. the `out` of a neighbor's `route-policy P out`
 * pasted at the wrong indentation) is not a route-policy header, so the
 * shell may look for the line's block by its indentation.
 */
static int
params_tok_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && (s[0] == '(' || s[0] == '$' || s[0] == ')' ||
	    s[n - 1] == ')' || s[n - 1] == ',');
}

struct complete_ctx {
	const char	*prefix;
	size_t		 n;
	const char	*help;
	void		(*add)(void *, const char *, const char *);
	void		*ctx;
};

static void
add_set(struct rpl_set *s, void *arg)
{
	struct complete_ctx	*cc = arg;

	if (strncmp(s->name, cc->prefix, cc->n) == 0)
		cc->add(cc->ctx, s->name, cc->help);
}

static void
add_policy(struct rpl_policy *p, void *arg)
{
	struct complete_ctx	*cc = arg;

	if (strncmp(p->name, cc->prefix, cc->n) == 0)
		cc->add(cc->ctx, p->name, cc->help);
}

static void
complete(struct cli *cli, int kind, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	const struct config	*c = cmds_effective(cli);
	struct complete_ctx	 cc = { prefix, strlen(prefix), NULL, add,
	    ctx };

	if (c == NULL)
		return;
	cc.help = rplc_kind_word(kind);
	if (kind == RPL_REF_POLICY)
		rpl_db_foreach_policy(c->rpl, add_policy, &cc);
	else if (kind == RPL_SET_EXT_RT) {
		/* one type for rt and soo: offer both */
		rpl_db_foreach_set(c->rpl, RPL_SET_EXT_RT, add_set, &cc);
		rpl_db_foreach_set(c->rpl, RPL_SET_EXT_SOO, add_set, &cc);
	} else
		rpl_db_foreach_set(c->rpl, (enum rpl_set_kind)kind, add_set,
		    &cc);
}

#define COMPLETER(fn, kind)						\
static void								\
fn(struct cli *cli, const char *prefix,					\
    void (*add)(void *, const char *, const char *), void *ctx)		\
{									\
	complete(cli, kind, prefix, add, ctx);				\
}
COMPLETER(complete_policy, RPL_REF_POLICY)
COMPLETER(complete_pfx, RPL_SET_PREFIX)
COMPLETER(complete_comm, RPL_SET_COMMUNITY)
COMPLETER(complete_as, RPL_SET_ASPATH)
COMPLETER(complete_ext, RPL_SET_EXT_RT)
COMPLETER(complete_large, RPL_SET_LARGECOMM)
COMPLETER(complete_rd, RPL_SET_RD)
COMPLETER(complete_opaque, RPL_SET_EXT_OPAQUE)

static const struct cli_type rpl_types[] = {
	{ "rpl-policy",			"WORD", policy_tok_ok,
	    complete_policy },
	{ "rpl-params",			"($p1, ...)", params_tok_ok, NULL },
	{ "rpl-prefix-set",		"WORD", rplc_name_ok, complete_pfx },
	{ "rpl-community-set",		"WORD", rplc_name_ok, complete_comm },
	{ "rpl-as-path-set",		"WORD", rplc_name_ok, complete_as },
	{ "rpl-extcommunity-set",	"WORD", rplc_name_ok, complete_ext },
	{ "rpl-large-community-set",	"WORD", rplc_name_ok,
	    complete_large },
	{ "rpl-rd-set",			"WORD", rplc_name_ok, complete_rd },
	{ "rpl-opaque-set",		"WORD", rplc_name_ok,
	    complete_opaque },
};

void
rplc_types_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(rpl_types) / sizeof(rpl_types[0]); i++)
		cli_type_define(&rpl_types[i]);
}

int
rplc_kind_of(const struct cmd_args *a)
{
	if (arg_has(a, "route-policy"))
		return RPL_REF_POLICY;
	if (arg_has(a, "prefix-set"))
		return RPL_SET_PREFIX;
	if (arg_has(a, "community-set"))
		return RPL_SET_COMMUNITY;
	if (arg_has(a, "as-path-set"))
		return RPL_SET_ASPATH;
	if (arg_has(a, "large-community-set"))
		return RPL_SET_LARGECOMM;
	if (arg_has(a, "rd-set"))
		return RPL_SET_RD;
	if (arg_has(a, "extcommunity-set"))
		return arg_has(a, "soo") ? RPL_SET_EXT_SOO :
		    arg_has(a, "opaque") ? RPL_SET_EXT_OPAQUE : RPL_SET_EXT_RT;
	return RPL_REF_POLICY;
}
