/*
 * rpl_help: what `?` and TAB offer inside route-policy and set blocks.
 * XR lists the RPL statements (and after `set`, the attributes) in the
 * policy modes, and the element forms of the set's kind in the set modes.
 * These rows exist for that listing only: each one hands the line, as
 * typed, to the open block (rpl_block_raw()), exactly as an unmatched line
 * would be, so the RPL parser stays the only judge of what a line means.
 * A line that matches no row here still reaches the block the same way.
 *
 * The element forms are argument types whose label is the form XR shows
 * ("A.B.C.D:N", "<0-65535>"); they accept any token of roughly that shape
 * so that `?` after a partial value lists the forms it may become.
 */
#include <ctype.h>
#include <string.h>

#include "cmds/rpl_cmds.h"

/* every row: the whole line goes to the block */
static int
fwd(struct cli *cli, const struct cmd_args *a)
{
	return rpl_block_raw(cli, arg_line(a));
}

/* ------------------------------------------------ element-form types */

static int
starts_digit(const char *s)
{
	return isdigit((unsigned char)*s);
}

/* digits only so far (a bare number, or the start of ASN:N / AS:NN) */
static int
num_like(const char *s)
{
	if (!starts_digit(s))
		return 0;
	s += strspn(s, "0123456789");
	return *s == '\0' || *s == ':' || *s == ',';
}

/* A.B.C.D/M, or digits that may still become one */
static int
pfx4_like(const char *s)
{
	return starts_digit(s) && strspn(s, "0123456789./,") == strlen(s);
}

/* A.B.C.D[/M]:N likewise */
static int
v4n_like(const char *s)
{
	return starts_digit(s) && strspn(s, "0123456789./:,") == strlen(s);
}

/* hex and colons; a word like "dead" only once it has a colon */
static int
v6_like(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789abcdefABCDEF:./,") ==
	    strlen(s) && (starts_digit(s) || strchr(s, ':') != NULL);
}

/* X.Y:N (asdot), or digits that may still become one */
static int
asdot_like(const char *s)
{
	return starts_digit(s) && strspn(s, "0123456789.:,") == strlen(s);
}

static int
any_like(const char *s)
{
	return *s == '*';
}

static int
range_like(const char *s)
{
	return *s == '[';
}

static const struct cli_type form_types[] = {
	{ "rplh-pfx4",		"A.B.C.D/M",		pfx4_like, NULL },
	{ "rplh-pfx6",		"X:X::X:X/M",		v6_like, NULL },
	{ "rplh-u16",		"<0-65535>",		num_like, NULL },
	{ "rplh-u32",		"<0-4294967295>",	num_like, NULL },
	{ "rplh-ext32",		"<1-4294967295>",	num_like, NULL },
	{ "rplh-ext16",		"<1-65535>",		num_like, NULL },
	{ "rplh-extasn",	"ASN:N",		num_like, NULL },
	{ "rplh-extasdot",	"X.Y:N",		asdot_like, NULL },
	{ "rplh-extip",		"A.B.C.D:N",		v4n_like, NULL },
	{ "rplh-extipm",	"A.B.C.D/M:N",		v4n_like, NULL },
	{ "rplh-any",		"*",			any_like, NULL },
	{ "rplh-range",		"[",			range_like, NULL },
};

/* ------------------------------------------------------ policy modes */

#define REST		"[<rest:line>]"
#define REMARK_HELP	"#-remark=Remark beginning with '#'"
#define APPLY_HELP	"apply=Apply a route policy"

/* the attributes shared by conditions and `set` */
#define ATTR_HELP \
	"aigp-metric=AIGP metric attribute", \
	"community=BGP community attribute", \
	"extcommunity=BGP extended community attribute", \
	"large-community=BGP large community attribute", \
	"local-preference=BGP local preference attribute", \
	"med=Multi-Exit Discriminator", \
	"next-hop=Next hop address", \
	"origin=BGP origin attribute", \
	"tag=Route tag", \
	"weight=BGP weight attribute"

#define COND_WORDS \
	"( apply | aigp-metric | as-path | community | destination | " \
	"extcommunity | large-community | local-preference | med | " \
	"next-hop | not | origin | path-type | rib-has-route | " \
	"route-has-label | source | tag | validation-state ) " REST

#define COND_HELP \
	APPLY_HELP, ATTR_HELP, \
	"as-path=BGP AS-path attribute", \
	"destination=Destination prefix of the route", \
	"not=Negate the condition that follows", \
	"path-type=Type of the path (ebgp, ibgp, cebgp)", \
	"rib-has-route=A matching route is in the RIB", \
	"route-has-label=The route has an MPLS label", \
	"source=Address of the peer the route came from", \
	"validation-state=RPKI origin validation state", \
	"rest=Rest of the condition, then 'then'"

static const struct cmd stmt_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "apply <name:rpl-policy> " REST, fwd, 0,
	    { APPLY_HELP, "name=Route policy name",
	      "rest=Arguments: (value, ...)", NULL } },
	{ "delete ( community | extcommunity | large-community ) " REST, fwd,
	    0, { "delete=Delete all or some items in an attribute",
	      ATTR_HELP, "rest=all, in SET or not in SET", NULL } },
	{ "done " REST, fwd, 0,
	    { "done=Accept this route and stop processing",
	      "rest=More statements", NULL } },
	{ "drop " REST, fwd, 0,
	    { "drop=Reject this route with no further processing",
	      "rest=More statements", NULL } },
	{ "if " COND_WORDS, fwd, 0, { "if=If statement", COND_HELP, NULL } },
	{ "pass " REST, fwd, 0,
	    { "pass=Pass this route for further processing",
	      "rest=More statements", NULL } },
	{ "prepend as-path " REST, fwd, 0,
	    { "prepend=Prepend to an attribute",
	      "as-path=Prepend to the BGP AS-path",
	      "rest=ASN, most-recent or own-as, then a count", NULL } },
	{ "remove as-path " REST, fwd, 0,
	    { "remove=Remove items from an attribute",
	      "as-path=Remove from the BGP AS-path",
	      "rest=private-as [entire-aspath]", NULL } },
	{ "replace as-path " REST, fwd, 0,
	    { "replace=Replace items of an attribute",
	      "as-path=Replace in the BGP AS-path",
	      "rest=private-as", NULL } },
	{ "set ( aigp-metric | community | dampening | extcommunity | "
	  "large-community | local-preference | med | next-hop | origin | "
	  "tag | weight ) " REST, fwd, 0,
	    { "set=Set a route attribute", ATTR_HELP,
	      "dampening=BGP route flap dampening parameters",
	      "rest=The value", NULL } },
	{ "suppress-route " REST, fwd, 0,
	    { "suppress-route=Suppress this component of an aggregate",
	      "rest=More statements", NULL } },
	{ "unsuppress-route " REST, fwd, 0,
	    { "unsuppress-route=Unsuppress this component of an aggregate",
	      "rest=More statements", NULL } },
	CMD_END
};

static const struct cmd if_rows[] = {
	{ "elseif " COND_WORDS, fwd, 0,
	    { "elseif=ElseIf statement", COND_HELP, NULL } },
	{ "else " REST, fwd, 0,
	    { "else=Else statement", "rest=Statements", NULL } },
	{ "endif " REST, fwd, 0,
	    { "endif=End of if statement", "rest=More statements", NULL } },
	CMD_END
};

static const struct cmd else_rows[] = {
	{ "endif " REST, fwd, 0,
	    { "endif=End of if statement", "rest=More statements", NULL } },
	CMD_END
};

/* --------------------------------------------------------- set modes */

#define NEXT_HELP	"rest=',' then the next element"
#define REGEX_ROWS \
	{ "ios-regex " REST, fwd, 0, \
	    { "ios-regex=Traditional IOS style regular expression", \
	      "rest='<regex>'", NULL } }, \
	{ "dfa-regex " REST, fwd, 0, \
	    { "dfa-regex=DFA style regular expression", \
	      "rest='<regex>'", NULL } }

static const struct cmd pfx_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "<p:rplh-pfx4> " REST, fwd, 0,
	    { "p=IPv4 prefix", "rest=ge, le or eq a length; ','", NULL } },
	{ "<p:rplh-pfx6> " REST, fwd, 0,
	    { "p=IPv6 prefix", "rest=ge, le or eq a length; ','", NULL } },
	CMD_END
};

static const struct cmd comm_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "<v:rplh-u16> " REST, fwd, 0,
	    { "v=16-bit half-community number (AS:NN)", NEXT_HELP, NULL } },
	{ "<v:rplh-any> " REST, fwd, 0,
	    { "v=Wildcard (any community or part thereof)", NEXT_HELP,
	      NULL } },
	{ "<v:rplh-range> " REST, fwd, 0,
	    { "v=Left bracket to begin range", NEXT_HELP, NULL } },
	{ "( accept-own | graceful-shutdown | internet | local-AS | "
	  "no-advertise | no-export ) " REST, fwd, 0,
	    { "accept-own=Accept-Own (BGP well-known community)",
	      "graceful-shutdown=Graceful Shutdown (BGP well-known "
	      "community)",
	      "internet=Internet (BGP well-known community)",
	      "local-AS=Do not send outside local AS (BGP well-known "
	      "community)",
	      "no-advertise=Do not advertise to any peer (BGP well-known "
	      "community)",
	      "no-export=Do not export to next AS (BGP well-known "
	      "community)", NEXT_HELP, NULL } },
	{ "private-as " REST, fwd, 0,
	    { "private-as=Match within BGP private AS range "
	      "[64512..65534]", NEXT_HELP, NULL } },
	REGEX_ROWS,
	CMD_END
};

static const struct cmd as_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "( length | unique-length ) " REST, fwd, 0,
	    { "length=Length of BGP AS-path",
	      "unique-length=Length of BGP AS-path ignoring duplicates",
	      "rest=eq, is, ge or le a number [all]", NULL } },
	{ "( neighbor-is | originates-from | passes-through ) " REST, fwd,
	    0, { "neighbor-is=Test AS number for neighbor AS",
	      "originates-from=Test AS number for originating AS",
	      "passes-through=Test AS number for transit AS",
	      "rest='<aslist>' [exact]", NULL } },
	REGEX_ROWS,
	CMD_END
};

static const struct cmd ext_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "<v:rplh-any> " REST, fwd, 0, { "v=Wildcard", NEXT_HELP, NULL } },
	{ "<v:rplh-ext32> " REST, fwd, 0,
	    { "v=32-bit decimal number", NEXT_HELP, NULL } },
	{ "<v:rplh-ext16> " REST, fwd, 0,
	    { "v=16-bit decimal number", NEXT_HELP, NULL } },
	{ "<v:rplh-extipm> " REST, fwd, 0,
	    { "v=Extended community - IPv4 prefix format", NEXT_HELP,
	      NULL } },
	{ "<v:rplh-extip> " REST, fwd, 0,
	    { "v=Extended community - IPv4 format", NEXT_HELP, NULL } },
	{ "<v:rplh-extasn> " REST, fwd, 0,
	    { "v=Extended community - ASPLAIN format", NEXT_HELP, NULL } },
	{ "<v:rplh-extasdot> " REST, fwd, 0,
	    { "v=Extended community - ASDOT format", NEXT_HELP, NULL } },
	REGEX_ROWS,
	CMD_END
};

static const struct cmd large_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "<v:rplh-u32> " REST, fwd, 0,
	    { "v=32-bit number (global:local1:local2)", NEXT_HELP, NULL } },
	{ "<v:rplh-any> " REST, fwd, 0,
	    { "v=Wildcard (any value of the part)", NEXT_HELP, NULL } },
	{ "<v:rplh-range> " REST, fwd, 0,
	    { "v=Left bracket to begin range", NEXT_HELP, NULL } },
	REGEX_ROWS,
	CMD_END
};

void
rplc_help_init(void)
{
	static const int pol_modes[] = { MODE_RPL, MODE_RPL_IF,
	    MODE_RPL_ELSEIF, MODE_RPL_ELSE };
	size_t	 i;

	for (i = 0; i < sizeof(form_types) / sizeof(form_types[0]); i++)
		cli_type_define(&form_types[i]);
	for (i = 0; i < sizeof(pol_modes) / sizeof(pol_modes[0]); i++)
		cli_install(pol_modes[i], stmt_rows);
	cli_install(MODE_RPL_IF, if_rows);
	cli_install(MODE_RPL_ELSEIF, if_rows);
	cli_install(MODE_RPL_ELSE, else_rows);
	cli_install(MODE_PFX, pfx_rows);
	cli_install(MODE_COMM, comm_rows);
	cli_install(MODE_AS, as_rows);
	cli_install(MODE_EXT, ext_rows);
	cli_install(MODE_LARGECOMM, large_rows);
}
