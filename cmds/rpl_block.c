/*
 * rpl_block: entering RPL objects at (config).  `route-policy NAME` and
 * the `*-set NAME` commands open a block; every line until end-policy /
 * end-set is captured as text (the block modes send lines that match no
 * row to rpl_block_raw()), the prompt following if / elseif / else /
 * endif.  Lines keep the indentation they were typed with, so every error
 * column is where the token is on the user's screen.  A line that fails
 * its immediate check is rejected and marks the block failed: the closing
 * line then creates nothing and says so.  Otherwise the closing line
 * parses the whole text into a policy or set and puts it in the
 * candidate; a syntax error names the object, line, column and token and
 * creates nothing.  Also `no route-policy NAME` & co.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "cmds/rpl_cmds.h"
#include "core/rpl/rpl_db.h"

#define NEST_MAX	64

/* The open block of a session (cmds_session()->rpl_block). */
struct rpl_blk {
	int		 kind;		/* enum rpl_set_kind, or RPL_REF_POLICY */
	char		*name;
	struct strbuf	 text;		/* header and captured lines */
	struct strbuf	 shown;		/* a policy's, indented for `show` */
	int		 nest[NEST_MAX];	/* if-level modes, innermost last */
	int		 depth;
	int		 overflow;	/* levels beyond NEST_MAX */
	unsigned	 lines;		/* typed so far, header included */
	unsigned	 nbad;		/* lines rejected as typed */
	unsigned	 first_bad;	/* the first of them */
};

static struct rpl_blk *
blk_get(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);

	return s != NULL ? s->rpl_block : NULL;
}

static void
blk_free(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);
	struct rpl_blk		*b;

	if (s == NULL || (b = s->rpl_block) == NULL)
		return;
	sb_free(&b->text);
	sb_free(&b->shown);
	free(b->name);
	free(b);
	s->rpl_block = NULL;
}

const char *
rplc_kind_word(int kind)
{
	return kind == RPL_REF_POLICY ? "route-policy" :
	    rpl_set_kind_name((enum rpl_set_kind)kind);
}

static int
blk_mode(int kind)
{
	switch (kind) {
	case RPL_SET_PREFIX:
		return MODE_PFX;
	case RPL_SET_COMMUNITY:
		return MODE_COMM;
	case RPL_SET_ASPATH:
		return MODE_AS;
	case RPL_SET_EXT_RT:
	case RPL_SET_EXT_SOO:
	case RPL_SET_EXT_OPAQUE:
		return MODE_EXT;
	case RPL_SET_LARGECOMM:
		return MODE_LARGECOMM;
	case RPL_SET_RD:
		return MODE_RD;
	default:
		return MODE_RPL;
	}
}

static int
nomem(struct cli *cli)
{
	return cli_error(cli, "Out of memory");
}

/* --------------------------------------------------------- entering */

static int
object_exists(const struct config *c, int kind, const char *name)
{
	if (c == NULL)
		return 0;
	if (kind == RPL_REF_POLICY)
		return rpl_db_find_policy(c->rpl, name) != NULL;
	return rpl_db_find_set(c->rpl, (enum rpl_set_kind)kind, name) != NULL;
}

static int
blk_open(struct cli *cli, int kind, const char *name, const char *header)
{
	struct cmds_session	*s = cmds_session(cli);
	struct config		*c;
	struct rpl_blk		*b;

	if (s == NULL || (c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	blk_free(cli);
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->name = strdup(name)) == NULL) {
		free(b);
		return nomem(cli);
	}
	b->kind = kind;
	b->lines = 1;
	sb_init(&b->text);
	sb_init(&b->shown);
	sb_printf(&b->text, "%s\n", header);
	sb_printf(&b->shown, "%s\n", header);
	if (b->text.oom || b->shown.oom) {
		sb_free(&b->text);
		sb_free(&b->shown);
		free(b->name);
		free(b);
		return nomem(cli);
	}
	if (object_exists(c, kind, name))
		cli_notice(cli, "%% WARNING: Policy object %s %s exists! "
		    "Reconfiguring it via CLI will replace current "
		    "definition. Use abort to cancel.", rplc_kind_word(kind),
		    name);
	s->rpl_block = b;
	if (cli_enter(cli, blk_mode(kind), name) != 0) {
		blk_free(cli);
		return CMD_ERR;
	}
	return CMD_OK;
}

static int
cmd_route_policy(struct cli *cli, const struct cmd_args *a)
{
	const char		*name = arg_str(a, "name");
	struct config		*c;
	struct strbuf		 hdr = STRBUF_INIT;
	struct rpl_policy	*p;
	struct rpl_err		 err;
	char			 pname[256];
	size_t			 i;
	int			 rc;

	if (arg_no(a)) {
		/* the name may carry "(...)" as typed: drop it */
		strlcpy(pname, name, sizeof(pname));
		pname[strcspn(pname, "( ")] = '\0';
		if ((c = cmds_candidate(cli)) == NULL)
			return CMD_ERR;
		rpl_db_del_policy(c->rpl, pname);
		return CMD_OK;
	}
	/* check the header now: the line as typed, closed artificially */
	sb_printf(&hdr, "route-policy %s", name);
	for (i = 0; i < arg_count(a, "params"); i++)
		sb_printf(&hdr, " %s", arg_nth(a, "params", i));
	sb_puts(&hdr, "\nend-policy\n");
	if (hdr.oom) {
		sb_free(&hdr);
		return nomem(cli);
	}
	if ((p = rpl_parse_policy(sb_str(&hdr), &err)) == NULL) {
		rc = cli_error(cli, "Invalid route-policy header%s%s%s: %s",
		    err.token[0] ? " at '" : "", err.token,
		    err.token[0] ? "'" : "", err.msg);
		sb_free(&hdr);
		return rc;
	}
	/* keep the header as typed (minus the artificial end) */
	hdr.buf[hdr.len - strlen("\nend-policy\n")] = '\0';
	hdr.len -= strlen("\nend-policy\n");
	rc = blk_open(cli, RPL_REF_POLICY, p->name, sb_str(&hdr));
	rpl_policy_put(p);
	sb_free(&hdr);
	return rc;
}


static int
cmd_set(struct cli *cli, const struct cmd_args *a)
{
	int		 kind = rplc_kind_of(a);
	const char	*name = arg_str(a, "name");
	struct config	*c;
	char		 hdr[512];

	if (name == NULL || !rplc_name_ok(name))
		return cli_error(cli, "Invalid %s name '%s'",
		    rplc_kind_word(kind), name ? name : "");
	if (arg_no(a)) {
		if ((c = cmds_candidate(cli)) == NULL)
			return CMD_ERR;
		rpl_db_del_set(c->rpl, (enum rpl_set_kind)kind, name);
		return CMD_OK;
	}
	snprintf(hdr, sizeof(hdr), "%s %s", rplc_kind_word(kind), name);
	return blk_open(cli, kind, name, hdr);
}

/* ----------------------------------------------------- inside a block */

static void
nest_kw(const char *kw, void *arg)
{
	struct rpl_blk	*b = arg;

	if (strcmp(kw, "if") == 0) {
		if (b->depth < NEST_MAX)
			b->nest[b->depth++] = MODE_RPL_IF;
		else
			b->overflow++;
	} else if (strcmp(kw, "endif") == 0) {
		if (b->overflow > 0)
			b->overflow--;
		else if (b->depth > 0)
			b->depth--;
	} else if (b->depth > 0 && b->overflow == 0)
		b->nest[b->depth - 1] = strcmp(kw, "else") == 0 ?
		    MODE_RPL_ELSE : MODE_RPL_ELSEIF;
}

static void
follow_prompt(struct cli *cli, const struct rpl_blk *b)
{
	if (b->kind != RPL_REF_POLICY)
		return;
	cli_set_mode(cli, b->depth > 0 ? b->nest[b->depth - 1] : MODE_RPL);
}

static int
first_word_is(const char *line, const char *w)
{
	size_t	 n = strlen(w);

	return strncmp(line, w, n) == 0 && (line[n] == '\0' ||
	    line[n] == ' ' || line[n] == '\t');
}

/* For `show`: the line indented two spaces per level, as printed. */
static void
indent_line(struct rpl_blk *b, int level, const char *line)
{
	int	 i;

	for (i = 0; i <= level; i++)
		sb_puts(&b->shown, "  ");
	sb_printf(&b->shown, "%s\n", line);
}

/*
 * The line as typed when `line` is the current input line minus its
 * indentation; else `line` itself (`exit` closing an if passes "endif").
 */
static const char *
typed_form(struct cli *cli, const char *line)
{
	const char	*raw = cli_raw_line(cli);

	if (raw != NULL && strcmp(raw + strspn(raw, " \t"), line) == 0)
		return raw;
	return line;
}

/* "% Invalid input in prefix-set P1, line 2, column 17 at '4': ..." */
static int
line_error(struct cli *cli, const struct rpl_blk *b, const struct rpl_err *err)
{
	char	 at[96];

	if (err->token[0] != '\0')
		snprintf(at, sizeof(at), " at '%s'", err->token);
	else
		strlcpy(at, " at end of line", sizeof(at));
	return cli_error(cli, "Invalid input in %s %s, line %u, column %u%s: "
	    "%s", rplc_kind_word(b->kind), b->name, b->lines, err->col, at,
	    err->msg);
}

int
rpl_block_raw(struct cli *cli, const char *line)
{
	struct rpl_blk	*b = blk_get(cli);
	struct rpl_err	 err;
	const char	*typed;
	int		 level, rc;

	if (b == NULL)
		return cli_error(cli, "No route-policy or set is open");
	typed = typed_form(cli, line);
	b->lines++;
	level = b->depth + b->overflow;
	if (b->kind == RPL_REF_POLICY && level > 0 &&
	    (first_word_is(line, "elseif") || first_word_is(line, "else") ||
	    first_word_is(line, "endif")))
		level--;
	if (b->kind == RPL_REF_POLICY)
		rc = rpl_line_scan(typed, nest_kw, b, &err);
	else
		rc = rpl_set_line_check((enum rpl_set_kind)b->kind, typed,
		    &err);
	if (rc == -1) {
		/* the block is now failed; later lines are still checked */
		if (b->nbad++ == 0)
			b->first_bad = b->lines;
		return line_error(cli, b, &err);
	}
	sb_puts(&b->text, typed);
	sb_putc(&b->text, '\n');
	/* a set's lines are all at one level: `show` indents them then */
	if (b->kind == RPL_REF_POLICY)
		indent_line(b, level, line);
	if (b->text.oom || b->shown.oom)
		return nomem(cli);
	follow_prompt(cli, b);
	return CMD_OK;
}

/* Leaves the block's mode for the level it was opened from. */
static void
blk_leave(struct cli *cli)
{
	int	 m = cli_mode(cli);

	if (mode_is_rpl_block(m))
		cli_pop(cli);
}

/*
 * Parses the captured text plus `endline` and stores the object in the
 * candidate.  The block is closed either way.
 */
static int
blk_finish(struct cli *cli, const char *endline)
{
	struct rpl_blk		*b = blk_get(cli);
	struct config		*c;
	struct rpl_err		 err;
	int			 rc = CMD_OK;

	if (b == NULL) {
		blk_leave(cli);
		return CMD_OK;
	}
	sb_printf(&b->text, "%s\n", endline);
	if (b->nbad > 0) {
		rc = b->nbad == 1 ?
		    cli_error(cli, "%s %s was not created: line %u was "
		    "rejected", rplc_kind_word(b->kind), b->name,
		    b->first_bad) :
		    cli_error(cli, "%s %s was not created: %u lines were "
		    "rejected, the first at line %u", rplc_kind_word(b->kind),
		    b->name, b->nbad, b->first_bad);
	} else if (b->text.oom || (c = cmds_candidate(cli)) == NULL) {
		rc = b->text.oom ? nomem(cli) : CMD_ERR;
	} else if (b->kind == RPL_REF_POLICY) {
		struct rpl_policy	*p;

		if ((p = rpl_parse_policy(sb_str(&b->text), &err)) == NULL)
			rc = rplc_syntax_error(cli, b->kind, b->name, &err);
		else if (rpl_db_put_policy(c->rpl, p) == -1)
			rc = nomem(cli);
	} else {
		struct rpl_set	*s;

		if ((s = rpl_parse_set(sb_str(&b->text), &err)) == NULL)
			rc = rplc_syntax_error(cli, b->kind, b->name, &err);
		else if (rpl_db_put_set(c->rpl, s) == -1)
			rc = nomem(cli);
	}
	blk_free(cli);
	blk_leave(cli);
	return rc;
}

int
rplc_syntax_error(struct cli *cli, int kind, const char *name,
    const struct rpl_err *err)
{
	char	 at[96];

	if (err->token[0] != '\0')
		snprintf(at, sizeof(at), " at '%s'", err->token);
	else
		strlcpy(at, " at end of input", sizeof(at));
	return cli_error(cli, "Syntax error in %s %s, line %u, column %u%s: "
	    "%s; the %s was not created", rplc_kind_word(kind), name,
	    err->line, err->col, at, err->msg, rplc_kind_word(kind));
}

static int
cmd_end_block(struct cli *cli, const struct cmd_args *a)
{
	struct rpl_blk	*b = blk_get(cli);

	(void)a;
	return blk_finish(cli, b != NULL && b->kind != RPL_REF_POLICY ?
	    "end-set" : "end-policy");
}

static int
cmd_abort_block(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	blk_free(cli);
	blk_leave(cli);
	return CMD_OK;
}

static int
cmd_exit_block(struct cli *cli, const struct cmd_args *a)
{
	struct rpl_blk	*b = blk_get(cli);

	if (b != NULL && b->kind == RPL_REF_POLICY &&
	    (b->depth > 0 || b->overflow > 0))
		return rpl_block_raw(cli, "endif");
	return cmd_end_block(cli, a);
}

static int
cmd_end_config(struct cli *cli, const struct cmd_args *a)
{
	int	 rc = cmd_end_block(cli, a);

	if (cmds_leave_config(cli) == 0)
		cli_to_exec(cli);
	return rc;
}

static int
cmd_show_block(struct cli *cli, const struct cmd_args *a)
{
	struct rpl_blk	*b = blk_get(cli);

	struct strbuf	 sb = STRBUF_INIT;
	const char	*l, *nl;

	(void)a;
	if (b == NULL)
		return CMD_OK;
	if (b->kind == RPL_REF_POLICY) {
		cli_puts(cli, sb_str(&b->shown));
		return CMD_OK;
	}
	/* the header as typed, then each line at one level */
	l = sb_str(&b->text);
	for (nl = strchr(l, '\n'); nl != NULL; l = nl + 1,
	    nl = strchr(l, '\n')) {
		if (l != sb_str(&b->text)) {
			sb_puts(&sb, "  ");
			l += strspn(l, " \t");
		}
		sb_putn(&sb, l, (size_t)(nl - l + 1));
	}
	if (sb.oom) {
		sb_free(&sb);
		return nomem(cli);
	}
	cli_puts(cli, sb_str(&sb));
	sb_free(&sb);
	return CMD_OK;
}

void
rpl_block_at_eof(struct cli *cli)
{
	struct rpl_blk	*b = blk_get(cli);

	if (b == NULL)
		return;
	cli_error(cli, "Incomplete %s %s: missing %s", rplc_kind_word(b->kind),
	    b->name, b->kind == RPL_REF_POLICY ? "end-policy" : "end-set");
	blk_free(cli);
	blk_leave(cli);
}

void
rpl_block_discard(struct cli *cli)
{
	if (blk_get(cli) != NULL)
		blk_free(cli);
}

/* ------------------------------------------------------------- rows */

#define SET_HELP \
	"prefix-set=Define a prefix set", \
	"community-set=Define a community set", \
	"as-path-set=Define an AS path set", \
	"large-community-set=Define a large community set", \
	"extcommunity-set=Define an extended community set", \
	"rd-set=Define a route distinguisher set", \
	"rt=Route Target extended community set", \
	"soo=Site-of-Origin extended community set", \
	"opaque=Opaque extended community set"

static const struct cmd config_rows[] = {
	{ "[no] route-policy <name:rpl-policy> [<params:rpl-params>...]",
	    cmd_route_policy, 0,
	    { "route-policy=Define a route policy",
	      "name=Route Policy name",
	      "params=Parameter list ($p1, $p2 ...)", NULL } },
	{ "[no] prefix-set <name:rpl-prefix-set>", cmd_set, 0,
	    { SET_HELP, "name=Prefix set name", NULL } },
	{ "[no] community-set <name:rpl-community-set>", cmd_set, 0,
	    { SET_HELP, "name=Community set name", NULL } },
	{ "[no] as-path-set <name:rpl-as-path-set>", cmd_set, 0,
	    { SET_HELP, "name=AS path set name", NULL } },
	{ "[no] large-community-set <name:rpl-large-community-set>", cmd_set,
	    0, { SET_HELP, "name=Large community set name", NULL } },
	{ "[no] extcommunity-set (rt | soo) <name:rpl-extcommunity-set>",
	    cmd_set, 0,
	    { SET_HELP, "name=Extended community set name", NULL } },
	{ "[no] extcommunity-set opaque <name:rpl-opaque-set>", cmd_set, 0,
	    { SET_HELP, "name=Extended community set name", NULL } },
	{ "[no] rd-set <name:rpl-rd-set>", cmd_set, 0,
	    { SET_HELP, "name=Route distinguisher set name", NULL } },
	CMD_END
};

#define BLOCK_COMMON_HELP \
	"abort=Discard RPL definition and return to top level config", \
	"exit=Exit from this submode", \
	"show=Show partial RPL configuration", \
	"end=Close this definition and exit to exec mode"

static const struct cmd rpl_rows[] = {
	{ "end-policy", cmd_end_block, 0,
	    { "end-policy=End of route-policy definition", NULL } },
	{ "abort", cmd_abort_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "exit", cmd_exit_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "show", cmd_show_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "end", cmd_end_config, CMDF_HIDDEN, { BLOCK_COMMON_HELP, NULL } },
	CMD_END
};

static const struct cmd set_rows[] = {
	{ "end-set", cmd_end_block, 0,
	    { "end-set=End of set definition", NULL } },
	{ "abort", cmd_abort_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "exit", cmd_exit_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "show", cmd_show_block, 0, { BLOCK_COMMON_HELP, NULL } },
	{ "end", cmd_end_config, CMDF_HIDDEN, { BLOCK_COMMON_HELP, NULL } },
	CMD_END
};

void
cmds_rpl_init(void)
{
	static const int pol_modes[] = { MODE_RPL, MODE_RPL_IF,
	    MODE_RPL_ELSEIF, MODE_RPL_ELSE };
	static const int set_modes[] = { MODE_PFX, MODE_COMM, MODE_AS,
	    MODE_EXT, MODE_LARGECOMM, MODE_RD };
	size_t	 i;

	rplc_types_init();
	cli_install(MODE_CONFIG, config_rows);
	for (i = 0; i < sizeof(pol_modes) / sizeof(pol_modes[0]); i++)
		cli_install(pol_modes[i], rpl_rows);
	for (i = 0; i < sizeof(set_modes) / sizeof(set_modes[0]); i++)
		cli_install(set_modes[i], set_rows);
	rplc_help_init();
	rplc_show_init();
}
