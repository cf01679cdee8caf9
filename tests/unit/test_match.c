/*
 * Unit tests for the matcher (shell/match.c, grammar.c, types.c, help.c)
 * on its own small command tables, without a terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"
#include "shell/grammar.h"
#include "shell/lexer.h"
#include "shell/match.h"
#include "tests/unit/t.h"

#define MODE_T	2
#define MODE_B	3	/* a block mode, like RPL */

static char	raw_seen[256];

static int
h_ok(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	(void)a;
	return CMD_OK;
}

static int
h_enter_t(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return cli_enter(cli, MODE_T, "t") == 0 ? CMD_OK : CMD_ERR;
}

static int
h_enter_b(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return cli_enter(cli, MODE_B, "b") == 0 ? CMD_OK : CMD_ERR;
}

static int
h_end_b(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	cli_to_config(cli);
	return CMD_OK;
}

static int
h_fail(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return cli_error(cli, "failed on purpose");
}

static int
raw_b(struct cli *cli, const char *line)
{
	(void)cli;
	strlcat(raw_seen, line, sizeof(raw_seen));
	strlcat(raw_seen, ";", sizeof(raw_seen));
	return CMD_OK;
}

static const struct mode_def modes[] = {
	{ MODE_EXEC,	NULL,		-1,		0, NULL },
	{ MODE_CONFIG,	"config",	MODE_EXEC,	0, NULL },
	{ MODE_T,	"config-t",	MODE_CONFIG,	0, NULL },
	{ MODE_B,	"config-b",	MODE_CONFIG,	MODEF_BLOCK, raw_b },
};

static const struct cmd exec_rows[] = {
	{ "show version", h_ok, 0, { "version=Software version", NULL } },
	{ "show running-config [<section:word>]", h_ok, 0, {
	    "running-config=Current configuration",
	    "section=Section name", NULL } },
	{ "show bgp <pfx:prefix>", h_ok, 0, { "bgp=BGP information",
	    "pfx=Network", NULL } },
	{ "show bgp summary", h_ok, 0, { "bgp=BGP information",
	    "summary=Summary", NULL } },
	{ "configure [terminal]", h_ok, 0, { "configure=Enter config",
	    "terminal=From the terminal", NULL } },
	{ "terminal length <n:0-512>", h_ok, 0, { "terminal=Terminal",
	    "length=Lines", "n=Number of lines", NULL } },
	{ "ping ( ipv4 <a:ipv4> | ipv6 <b:ipv6> )", h_ok, 0, {
	    "ping=Ping", "ipv4=IPv4", "ipv6=IPv6", "a=Address",
	    "b=Address", NULL } },
	{ "echo <text:line>", h_ok, 0, { "echo=Echo", "text=Text", NULL } },
	{ "set tags <t:word>...", h_ok, 0, { "set=Set", "tags=Tags",
	    "t=Tag", NULL } },
	{ "router bgp <asn:asn>", h_ok, 0, { "router=Router", "bgp=BGP",
	    "asn=AS number", NULL } },
	{ "help", h_ok, 0, { "help=Help", NULL } },
	{ "hexdump", h_ok, CMDF_HIDDEN, { "hexdump=Dump", NULL } },
	/* repeated groups, a `rest` catch-all */
	{ "repeat ( alpha <x:word> | beta | <other:rest> )...", h_ok, 0, {
	    "repeat=Repeat", "alpha=Alpha", "x=Value", "beta=Beta",
	    "other=Anything else", NULL } },
	{ "many [ gamma ]... end", h_ok, 0, { "many=Many", "gamma=Gamma",
	    "end=End", NULL } },
	CMD_END
};

static const struct cmd cfg_rows[] = {
	{ "[no] bgp router-id <id:ipv4>", h_ok, 0, { "bgp=BGP",
	    "router-id=Router ID", "id=Address", NULL } },
	{ "[no] timers bgp <k:0-65535> <h:0-65535>", h_ok, 0, {
	    "timers=Timers", "bgp=BGP", "k=Keepalive", "h=Hold", NULL } },
	{ "[no] neighbor <addr:ip> remote-as <as:asn>", h_ok, 0, {
	    "neighbor=Neighbor", "addr=Address", "remote-as=Remote AS",
	    "as=AS number", NULL } },
	{ "enter-t", h_enter_t, 0, { "enter-t=Enter mode t", NULL } },
	{ "block-b", h_enter_b, 0, { "block-b=Enter block b", NULL } },
	{ "fail", h_fail, 0, { "fail=Fail", NULL } },
	CMD_END
};

static const struct cmd t_rows[] = {
	{ "only-in-t", h_ok, 0, { "only-in-t=Only here", NULL } },
	/* `bgp` in full is config's; any abbreviation is ambiguous here */
	{ "bgp-one", h_ok, 0, { "bgp-one=One", NULL } },
	{ "bgp-two", h_ok, 0, { "bgp-two=Two", NULL } },
	CMD_END
};

static const struct cmd b_rows[] = {
	{ "end-b", h_end_b, 0, { "end-b=End block b", NULL } },
	CMD_END
};

static struct match_result	 R;
static struct lexed		 L;

static enum mstatus
m(int mode, const char *line)
{
	size_t	 seg;

	match_result_free(&R);
	lex_free(&L);
	if (lex_line(line, LEX_PIPES, &L) != 0)
		return M_INVALID;
	seg = lex_next_pipe(&L, 0);
	return match_line(grammar_rows(mode), line, L.tok, seg,
	    seg < L.n ? L.tok[seg].off : strlen(line), &R);
}

static const char *
row(void)
{
	return R.status == M_OK ? R.row->cmd->grammar : "(none)";
}

static char *
describe(struct cli *cli, const char *line)
{
	struct strbuf	 sb = STRBUF_INIT;

	cli_describe(cli, line, &sb);
	return sb_steal(&sb);
}

static char *
complete(struct cli *cli, const char *line)
{
	struct strbuf	 sb = STRBUF_INIT;

	cli_complete(cli, line, &sb);
	return sb_steal(&sb);
}

static void
test_tables(void)
{
	struct strbuf	 sb = STRBUF_INIT;

	/* the start-up check passes on these tables */
	T_EQ_INT(grammar_check(&sb), 0);
	T_EQ_STR(sb_str(&sb), "");
	sb_free(&sb);
}

static void
test_abbrev(void)
{
	T_EQ_INT(m(MODE_EXEC, "sh ver"), M_OK);
	T_EQ_STR(row(), "show version");
	T_EQ_INT(m(MODE_EXEC, "conf t"), M_OK);
	T_EQ_STR(row(), "configure [terminal]");
	T_ASSERT(arg_has(R.args, "terminal"));
	T_EQ_INT(m(MODE_EXEC, "conf"), M_OK);
	T_ASSERT(!arg_has(R.args, "terminal"));
	/* a keyword prefix beats WORD; the typed argument does not parse */
	T_EQ_INT(m(MODE_EXEC, "show bgp s"), M_OK);
	T_EQ_STR(row(), "show bgp summary");
	/* a typed argument that parses */
	T_EQ_INT(m(MODE_EXEC, "show bgp 10.0.0.0/8"), M_OK);
	T_EQ_STR(row(), "show bgp <pfx:prefix>");
	T_EQ_STR(arg_str(R.args, "pfx"), "10.0.0.0/8");
	T_EQ_STR(arg_line(R.args), "show bgp 10.0.0.0/8");
	/* exact keyword beats the prefix of a longer one */
	T_EQ_INT(m(MODE_EXEC, "show running-config bgp"), M_OK);
	T_EQ_STR(arg_str(R.args, "section"), "bgp");
}

static void
test_ambiguous(void)
{
	T_EQ_INT(m(MODE_EXEC, "s version"), M_AMBIGUOUS);
	T_EQ_INT(R.bad_tok, 0);
	T_EQ_INT(m(MODE_EXEC, "show r"), M_OK);		/* running-config */
	/* a hidden keyword never makes a visible one ambiguous */
	T_EQ_INT(m(MODE_EXEC, "he"), M_OK);
	T_EQ_STR(row(), "help");
	T_EQ_INT(m(MODE_EXEC, "hex"), M_OK);
	T_EQ_STR(row(), "hexdump");
}

static void
test_repeat_group(void)
{
	struct cli	*cli = cli_new(CLI_BATCH, 0);
	char		*s;

	T_ASSERT(cli != NULL);
	T_EQ_INT(m(MODE_EXEC, "repeat alpha 1 beta alpha 2"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "repeat beta beta"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "repeat"), M_INCOMPLETE);
	T_EQ_INT(m(MODE_EXEC, "repeat alpha"), M_INCOMPLETE);
	/* what the groups do not describe goes to the catch-all */
	T_EQ_INT(m(MODE_EXEC, "repeat beta zzz yyy"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "many end"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "many gamma gamma end"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "many gamma"), M_INCOMPLETE);
	/* the catch-all is never offered */
	s = describe(cli, "repeat ");
	T_EQ_STR(s, "  alpha  Alpha\n  beta   Beta\n");
	free(s);
	s = describe(cli, "repeat beta ");
	T_EQ_STR(s, "  alpha  Alpha\n  beta   Beta\n  |      Output Modifiers\n"
	    "  <cr>\n");
	free(s);
	s = complete(cli, "repeat beta ");
	T_EQ_STR(s, "alpha\nbeta\n");
	free(s);
	cli_free(cli);
}

static void
test_ranges(void)
{
	T_EQ_INT(m(MODE_EXEC, "terminal length 512"), M_OK);
	T_EQ_INT(arg_u32(R.args, "n", 7), 512);
	T_EQ_INT(m(MODE_EXEC, "terminal length 0"), M_OK);
	T_EQ_INT(arg_u32(R.args, "n", 7), 0);
	T_EQ_INT(m(MODE_EXEC, "terminal length 513"), M_INVALID);
	T_EQ_INT(R.bad_tok, 2);
	T_EQ_INT(R.bad_off, 16);
	T_EQ_INT(m(MODE_EXEC, "terminal length -1"), M_INVALID);
	T_EQ_INT(m(MODE_EXEC, "terminal length x"), M_INVALID);
	T_EQ_INT(m(MODE_EXEC, "terminal length"), M_INCOMPLETE);
	T_EQ_INT(m(MODE_EXEC, "router bgp 1.10"), M_OK);
	T_EQ_INT(arg_u32(R.args, "asn", 0), 65546);
	T_EQ_INT(m(MODE_EXEC, "router bgp 4294967296"), M_INVALID);
}

static void
test_alternatives(void)
{
	T_EQ_INT(m(MODE_EXEC, "ping ipv6 ::1"), M_OK);
	T_ASSERT(arg_has(R.args, "ipv6"));
	T_ASSERT(!arg_has(R.args, "ipv4"));
	T_EQ_STR(arg_str(R.args, "b"), "::1");
	T_EQ_INT(m(MODE_EXEC, "ping ipv4 ::1"), M_INVALID);
	T_EQ_INT(R.bad_tok, 2);
	T_EQ_INT(R.bad_off, 10);
	T_EQ_INT(m(MODE_EXEC, "ping ipv4 192.0.2.1"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "ping"), M_INCOMPLETE);
}

static void
test_no_forms(void)
{
	T_EQ_INT(m(MODE_CONFIG, "bgp router-id 1.1.1.1"), M_OK);
	T_ASSERT(!arg_no(R.args));
	T_EQ_INT(m(MODE_CONFIG, "no bgp router-id 1.1.1.1"), M_OK);
	T_ASSERT(arg_no(R.args));
	/* `no` may stop before trailing arguments ... */
	T_EQ_INT(m(MODE_CONFIG, "no bgp router-id"), M_OK);
	T_ASSERT(arg_no(R.args));
	T_EQ_INT(m(MODE_CONFIG, "no timers bgp"), M_OK);
	T_EQ_INT(m(MODE_CONFIG, "no timers bgp 10"), M_OK);
	T_EQ_INT(arg_u32(R.args, "k", 0), 10);
	/* ... but not before keywords */
	T_EQ_INT(m(MODE_CONFIG, "no bgp"), M_INCOMPLETE);
	T_EQ_INT(m(MODE_CONFIG, "no neighbor 10.0.0.1"), M_INCOMPLETE);
	T_EQ_INT(m(MODE_CONFIG, "bgp router-id"), M_INCOMPLETE);
	T_EQ_INT(m(MODE_CONFIG, "no show"), M_INVALID);
	T_EQ_INT(R.bad_off, 3);
}

static void
test_repeat_line(void)
{
	T_EQ_INT(m(MODE_EXEC, "set tags a b c"), M_OK);
	T_EQ_INT(arg_count(R.args, "t"), 3);
	T_EQ_STR(arg_nth(R.args, "t", 2), "c");
	T_EQ_INT(m(MODE_EXEC, "set tags"), M_INCOMPLETE);
	{
		/* long lines bind every value, the first one included */
		struct strbuf	 sb = STRBUF_INIT;
		int		 i;

		sb_puts(&sb, "set tags");
		for (i = 0; i < 700; i++)
			sb_printf(&sb, " t%d", i);
		T_EQ_INT(m(MODE_EXEC, sb_str(&sb)), M_OK);
		T_EQ_INT(arg_count(R.args, "t"), 700);
		T_EQ_STR(arg_nth(R.args, "t", 0), "t0");
		T_EQ_STR(arg_nth(R.args, "t", 699), "t699");
		match_result_free(&R);
		sb_free(&sb);
	}
	/* LINE: the rest of the line, raw, spaces and quotes kept */
	T_EQ_INT(m(MODE_EXEC, "echo hello   \"big world\"  "), M_OK);
	T_EQ_STR(arg_str(R.args, "text"), "hello   \"big world\"");
	/* quoted: one token, `|` inside is not a pipe */
	T_EQ_INT(m(MODE_EXEC, "show running-config \"a | b\""), M_OK);
	T_EQ_STR(arg_str(R.args, "section"), "a | b");
	/* a quote inside a word is a character: the `|` still splits */
	T_EQ_INT(m(MODE_EXEC, "echo it's fine | include x"), M_OK);
	T_EQ_STR(arg_str(R.args, "text"), "it's fine");
	/* the segment before `|` is the command */
	T_EQ_INT(m(MODE_EXEC, "show version | include x"), M_OK);
	T_EQ_STR(row(), "show version");
}

static void
test_caret(void)
{
	T_EQ_INT(m(MODE_EXEC, "show  version  extra"), M_INVALID);
	T_EQ_INT(R.bad_tok, 2);
	T_EQ_INT(R.bad_off, 15);
	T_EQ_INT(m(MODE_EXEC, "  bogus"), M_INVALID);
	T_EQ_INT(R.bad_tok, 0);
	T_EQ_INT(R.bad_off, 2);
	T_EQ_INT(m(MODE_EXEC, "show bogus"), M_INVALID);
	T_EQ_INT(R.bad_off, 5);
}

static void
test_modes(void)
{
	/* ANYCONFIG rows (`do`) in config modes, not in exec */
	T_EQ_INT(m(MODE_T, "do show version"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "do show version"), M_INVALID);
	/* a mode's own rows are not in its parent */
	T_EQ_INT(m(MODE_T, "only-in-t"), M_OK);
	T_EQ_INT(m(MODE_CONFIG, "only-in-t"), M_INVALID);
	/* hidden global rows everywhere */
	T_EQ_INT(m(MODE_T, "describe show"), M_OK);
	T_EQ_INT(m(MODE_EXEC, "complete sh"), M_OK);
}

static void
test_describe(void)
{
	struct cli	*cli = cli_new(CLI_BATCH, 0);
	char		*s;

	T_ASSERT(cli != NULL);
	s = describe(cli, "show ");
	T_EQ_STR(s,
	    "  bgp             BGP information\n"
	    "  running-config  Current configuration\n"
	    "  version         Software version\n");
	free(s);
	s = describe(cli, "show running-config ");
	T_EQ_STR(s,
	    "  WORD  Section name\n"
	    "  |     Output Modifiers\n"
	    "  <cr>\n");
	free(s);
	s = describe(cli, "sh");
	T_EQ_STR(s, "  show  Show commands\n");
	free(s);
	s = describe(cli, "terminal length ");
	T_EQ_STR(s, "  <0-512>  Number of lines\n");
	free(s);
	s = describe(cli, "show version | ");
	T_EQ_STR(s,
	    "  begin    Begin with the line that matches\n"
	    "  count    Count the number of lines in the output\n"
	    "  exclude  Exclude lines that match\n"
	    "  include  Include lines that match\n");
	free(s);
	s = describe(cli, "ping ");
	T_EQ_STR(s, "  ipv4  IPv4\n  ipv6  IPv6\n");
	free(s);
	/* an error in the line: the caret under the bad token */
	s = describe(cli, "show bogus ");
	T_EQ_STR(s, "     ^\n% Invalid input detected at '^' marker.\n");
	free(s);
	s = describe(cli, "s");
	T_EQ_STR(s, "  set   Set\n  show  Show commands\n");
	free(s);
	s = complete(cli, "sh");
	T_EQ_STR(s, "show\n");
	free(s);
	s = complete(cli, "show ");
	T_EQ_STR(s, "bgp\nrunning-config\nversion\n");
	free(s);
	s = complete(cli, "terminal length ");
	T_EQ_STR(s, "");
	free(s);
	/* `do` in config modes describes exec commands */
	cli_enter(cli, MODE_CONFIG, NULL);
	s = describe(cli, "do sh");
	T_EQ_STR(s, "  show  Show commands\n");
	free(s);
	s = describe(cli, "do show v");
	T_EQ_STR(s, "  version  Software version\n");
	free(s);
	s = describe(cli, "no timers bgp ");
	T_EQ_STR(s, "  <0-65535>  Keepalive\n  <cr>\n");
	free(s);
	cli_free(cli);
}

static void
test_check_problems(void)
{
	static const struct cmd bad_rows[] = {
		{ "frobnicate <x:word>", h_ok, 0, { NULL } },
		{ "show version", h_ok, 0, { NULL } },
		{ "two <a:word> <a:word>", h_ok, 0, { "two=Two", "a=A",
		    NULL } },
		{ "typo <a:nosuchtype>", h_ok, 0, { "typo=T", "a=A", NULL } },
		{ "open [ unbalanced", h_ok, 0, { "open=O", NULL } },
		CMD_END
	};
	struct strbuf	 sb = STRBUF_INIT;

	cli_install(MODE_EXEC, bad_rows);
	/*
	 * frobnicate, x: no help; show version: no help and duplicate;
	 * two: name; typo: type; open: syntax
	 */
	T_EQ_INT(grammar_check(&sb), 7);
	T_ASSERT(strstr(sb_str(&sb), "no help for \"frobnicate\"") != NULL);
	T_ASSERT(strstr(sb_str(&sb), "no help for \"x\"") != NULL);
	T_ASSERT(strstr(sb_str(&sb), "\"show version\": duplicate row") !=
	    NULL);
	T_ASSERT(strstr(sb_str(&sb), "argument name \"a\" used twice") !=
	    NULL);
	T_ASSERT(strstr(sb_str(&sb), "unknown type \"nosuchtype\"") != NULL);
	T_ASSERT(strstr(sb_str(&sb), "missing ]") != NULL);
	sb_free(&sb);
}

/* loader sessions: fallback to parents, indentation, block modes, errors */
static void
test_run(void)
{
	struct cli	*cli = cli_loader_new(NULL);

	T_ASSERT(cli != NULL);
	T_EQ_INT(cli_mode(cli), MODE_CONFIG);
	/* a config row typed in config-t runs in config: the stack pops */
	T_EQ_INT(cli_loader_run(cli, "enter-t\n only-in-t\nfail-not\n",
	    "a.cfg"), -1);
	T_EQ_STR(cli_loader_error(cli),
	    "a.cfg:3: % Invalid input detected at \"fail-not\" in "
	    "\"fail-not\"");
	T_EQ_INT(cli_mode(cli), MODE_T);
	T_EQ_INT(cli_loader_run(cli, "bgp router-id 1.1.1.1\n", "b.cfg"), 0);
	T_EQ_INT(cli_mode(cli), MODE_CONFIG);
	T_EQ_STR(cli_loader_error(cli), "");
	/*
	 * A block leaves us in (config); " only-in-t" is valid in no mode
	 * on the stack, its indentation puts it back under "enter-t".
	 */
	raw_seen[0] = '\0';
	T_EQ_INT(cli_loader_run(cli, "enter-t\n"
	    " block-b\n"
	    "  # remark\n"
	    "  pass\n"
	    "  !\n"
	    " end-b\n"
	    " only-in-t\n", "c.cfg"), 0);
	T_EQ_STR(raw_seen, "# remark;pass;");
	T_EQ_INT(cli_mode(cli), MODE_T);
	T_EQ_STR(cli_key(cli, MODE_T), "t");
	/* handler errors are remembered with origin and line */
	T_EQ_INT(cli_loader_run(cli, "\n\nfail\n", "d.cfg"), -1);
	T_EQ_STR(cli_loader_error(cli), "d.cfg:3: % failed on purpose");
	/* input ending inside a block is an error */
	T_EQ_INT(cli_loader_run(cli, "block-b\npass\n", "e.cfg"), -1);
	T_EQ_STR(cli_loader_error(cli), "e.cfg:2: % Incomplete definition at "
	    "end of input (config-b)");
	/* a saved configuration's final `end` ends the input */
	T_EQ_INT(cli_loader_run(cli, "end-b\nend\nbogus\n", "f.cfg"), 0);
	cli_loader_free(cli);
}

/*
 * An abbreviation ambiguous in the current mode is an error there, even
 * when a parent would take it; a keyword typed in full still falls back.
 */
static void
test_run_ambiguous(void)
{
	struct cli	*cli = cli_loader_new(NULL);

	T_ASSERT(cli != NULL);
	T_EQ_INT(cli_loader_run(cli, "enter-t\nbg router-id 1.1.1.1\n",
	    "a.cfg"), -1);
	T_EQ_STR(cli_loader_error(cli),
	    "a.cfg:2: % Ambiguous command: \"bg router-id 1.1.1.1\"");
	T_EQ_INT(cli_mode(cli), MODE_T);
	T_EQ_INT(cli_loader_run(cli, "bgp router-id 1.1.1.1\n", "b.cfg"), 0);
	T_EQ_INT(cli_mode(cli), MODE_CONFIG);
	/* an invalid line still falls back (and an ambiguous one in config
	 * itself is reported as before) */
	T_EQ_INT(cli_loader_run(cli, "enter-t\ntimers bgp 1 3\n", "c.cfg"),
	    0);
	T_EQ_INT(cli_mode(cli), MODE_CONFIG);
	/* in a block an ambiguous abbreviation never becomes a statement */
	raw_seen[0] = '\0';
	T_EQ_INT(cli_loader_run(cli, "block-b\nde\n", "d.cfg"), -1);
	T_EQ_STR(cli_loader_error(cli),
	    "d.cfg:2: % Ambiguous command: \"de\"");
	T_EQ_STR(raw_seen, "");
	T_EQ_INT(cli_mode(cli), MODE_B);
	cli_loader_free(cli);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		cli_mode_define(&modes[i]);
	builtin_init();
	cli_help_define("show", "Show commands");
	cli_install(MODE_EXEC, exec_rows);
	cli_install(MODE_CONFIG, cfg_rows);
	cli_install(MODE_T, t_rows);
	cli_install(MODE_B, b_rows);

	test_tables();
	test_abbrev();
	test_ambiguous();
	test_repeat_group();
	test_ranges();
	test_alternatives();
	test_no_forms();
	test_repeat_line();
	test_caret();
	test_modes();
	test_describe();
	test_run();
	test_run_ambiguous();
	test_check_problems();
	match_result_free(&R);
	lex_free(&L);
	grammar_reset();
	return T_DONE();
}
