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
 *
 * Below the action keywords the rows spell out the values (`set med ?`:
 * a number, `+`/`-` with a number, igp-cost, max-reachable, a $parameter;
 * `set community ?`: a set name, an inline `(` set, a $parameter ...), as
 * core/rpl/rpl_parse.c reads them.  A line that strays from these rows is
 * still handed to the block, which reports the error.
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

static int
plus_like(const char *s)
{
	return *s == '+';
}

static int
minus_like(const char *s)
{
	return *s == '-';
}

static int
param_like(const char *s)
{
	return *s == '$';
}

static int
inline_like(const char *s)
{
	return *s == '(';
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
	{ "rplh-plus",		"+",			plus_like, NULL },
	{ "rplh-minus",		"-",			minus_like, NULL },
	{ "rplh-param",		"$PARAM",		param_like, NULL },
	{ "rplh-inline",	"(",			inline_like, NULL },
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

/* conditions the COND_ROWS below do not spell out */
#define COND_WORDS \
	"( apply | as-path | community | extcommunity | large-community | " \
	"not | route-has-label ) " REST

#define COND_HELP \
	APPLY_HELP, ATTR_HELP, \
	"as-path=BGP AS-path attribute", \
	"destination=Destination prefix of the route", \
	"not=Negate the condition that follows", \
	"path-type=Type of the path (ebgp, ibgp, cebgp)", \
	"rd=Route distinguisher (VPN routes)", \
	"rib-has-route=A matching route is in the RIB", \
	"route-type=Type of the route (local, internal, external, IGP "\
	"types)", \
	"route-has-label=The route has an MPLS label", \
	"source=Address of the peer the route came from", \
	"validation-state=RPKI origin validation state", \
	"rest=Rest of the condition, then 'then'"

#define PARAM		"<p:rplh-param>"
#define PARAM_HELP	"p=Parameter of the policy ($name)"
#define SET_HELP	"set=Set a route attribute"

/* set ATTR VALUE for the numeric attributes (+n / -n where they take it) */
#define SET_NUM_ROW(g, attr, v, kw1, kw2) \
	{ "set " g, fwd, 0, { SET_HELP, attr, v, "inc=Increment", \
	    "dec=Decrement", PARAM_HELP, kw1, kw2, NULL } }

/*
 * set ATTR SET [additive], and an inline set: ( ... ) [additive].  The
 * help after `type`: the attribute's keyword(s), then "name=...".
 */
#define SET_COMM_ROWS(attr, type, ...) \
	{ "set " attr " ( <name:" type "> | " PARAM " ) [additive]", fwd, 0, \
	    { SET_HELP, __VA_ARGS__, PARAM_HELP, \
	      "additive=Add to the existing values", NULL } }, \
	{ "set " attr " <il:rplh-inline> " REST, fwd, 0, \
	    { SET_HELP, __VA_ARGS__, \
	      "il=Begin an inline set: (value, ...) [additive]", \
	      "rest=More values, then ')' and [additive]", NULL } }

/* delete ATTR all | [not] in SET; help as for SET_COMM_ROWS */
#define DELETE_ROW(attr, type, ...) \
	{ "delete " attr " ( all | [not] in ( <name:" type "> | " PARAM \
	  " | <il:rplh-inline> " REST " ) )", fwd, 0, \
	    { "delete=Delete all or some items in an attribute", __VA_ARGS__, \
	      "all=Delete all of them", "not=Delete those not in the set", \
	      "in=Delete those in the set", PARAM_HELP, \
	      "il=Begin an inline set: (value, ...)", \
	      "rest=More values, then ')'", NULL } }

/*
 * Conditions with their values, after `if` or `elseif` (lead): numeric
 * comparisons, `is` enumerations, prefix sets; then `then`, or `and` /
 * `or` and the next condition.
 */
#define COND_TAIL	"[ ( then | and | or ) " REST " ]"
#define COND_TAIL_HELP \
	"then=End of the condition", "and=And the next condition", \
	"or=Or the next condition", "rest=Statements, or the next condition"
#define CMP_HELP \
	"eq=Equal to", "is=Equal to", "ge=Greater than or equal to", \
	"le=Less than or equal to"
#define COND_NUM(lead, lead_help, attr, max, ...) \
	{ lead " " attr " ( eq | is | ge | le ) ( <v:0-" max "> | " PARAM \
	  " ) " COND_TAIL, fwd, 0, { lead_help, __VA_ARGS__, CMP_HELP, \
	  PARAM_HELP, COND_TAIL_HELP, NULL } }
#define COND_ROWS(lead, lead_help) \
	COND_NUM(lead, lead_help, "med", "4294967295", \
	    "med=Multi-Exit Discriminator", "v=MED value"), \
	COND_NUM(lead, lead_help, "local-preference", "4294967295", \
	    "local-preference=BGP local preference attribute", \
	    "v=Local preference value"), \
	COND_NUM(lead, lead_help, "tag", "4294967295", "tag=Route tag", \
	    "v=Tag value"), \
	COND_NUM(lead, lead_help, "weight", "65535", \
	    "weight=BGP weight attribute", "v=Weight value"), \
	COND_NUM(lead, lead_help, "aigp-metric", "4294967295", \
	    "aigp-metric=AIGP metric attribute", "v=AIGP metric value"), \
	{ lead " origin is ( igp | egp | incomplete ) " COND_TAIL, fwd, 0, \
	    { lead_help, "origin=BGP origin attribute", "is=Equal to", \
	      "igp=Local IGP", "egp=Remote EGP", \
	      "incomplete=Unknown heritage", COND_TAIL_HELP, NULL } }, \
	{ lead " path-type is ( ebgp | ibgp | cebgp ) " COND_TAIL, fwd, 0, \
	    { lead_help, "path-type=Type of the path", "is=Equal to", \
	      "ebgp=Learned from an external peer", \
	      "ibgp=Learned from an internal peer", \
	      "cebgp=Learned from a confederation external peer", \
	      COND_TAIL_HELP, NULL } }, \
	{ lead " validation-state is ( valid | invalid | not-found ) " \
	  COND_TAIL, fwd, 0, \
	    { lead_help, "validation-state=RPKI origin validation state", \
	      "is=Equal to", "valid=Valid origin", \
	      "invalid=Invalid origin", "not-found=No covering ROA", \
	      COND_TAIL_HELP, NULL } }, \
	{ lead " ( destination | source | next-hop | rib-has-route ) in ( " \
	  "( <name:rpl-prefix-set> | " PARAM " ) " COND_TAIL " | " \
	  "<il:rplh-inline> [<more:line>] )", fwd, 0, \
	    { lead_help, "destination=Destination prefix of the route", \
	      "source=Address of the peer the route came from", \
	      "next-hop=Next hop address", \
	      "rib-has-route=A matching route is in the RIB", \
	      "in=Is in the prefix set", "name=Prefix set name", \
	      PARAM_HELP, "il=Begin an inline prefix set: (prefix, ...)", \
	      "more=More prefixes, then ')' and 'then'", COND_TAIL_HELP, \
	      NULL } }, \
	{ lead " route-type is ( local | internal | external | interarea | " \
	  "level-1 | level-2 | level-1-2 | type-1 | type-2 | " \
	  "ospf-external-type-1 | ospf-external-type-2 | ospf-inter-area | " \
	  "ospf-intra-area | ospf-nssa-type-1 | ospf-nssa-type-2 ) " \
	  COND_TAIL, fwd, 0, \
	    { lead_help, "route-type=Type of the route", "is=Equal to", \
	      "local=Locally originated (network, redistribute)", \
	      "internal=Learned from an internal (iBGP) peer", \
	      "external=Learned from an external (eBGP) peer", \
	      "interarea=OSPF inter-area route", \
	      "level-1=IS-IS level-1 route", "level-2=IS-IS level-2 route", \
	      "level-1-2=IS-IS level-1 or level-2 route", \
	      "type-1=OSPF external type 1 route", \
	      "type-2=OSPF external type 2 route", \
	      "ospf-external-type-1=OSPF external type 1 route", \
	      "ospf-external-type-2=OSPF external type 2 route", \
	      "ospf-inter-area=OSPF inter-area route", \
	      "ospf-intra-area=OSPF intra-area route", \
	      "ospf-nssa-type-1=OSPF NSSA type 1 route", \
	      "ospf-nssa-type-2=OSPF NSSA type 2 route", COND_TAIL_HELP, \
	      NULL } }, \
	{ lead " rd in ( ( <name:rpl-rd-set> | " PARAM " ) " COND_TAIL " | " \
	  "<il:rplh-inline> [<more:line>] )", fwd, 0, \
	    { lead_help, "rd=Route distinguisher (VPN routes)", \
	      "in=Is in the route distinguisher set", \
	      "name=Route distinguisher set name", PARAM_HELP, \
	      "il=Begin an inline rd-set: (rd, ...)", \
	      "more=More route distinguishers, then ')' and 'then'", \
	      COND_TAIL_HELP, NULL } }

static const struct cmd cond_rows[] = {
	COND_ROWS("if", "if=If statement"),
	CMD_END
};

static const struct cmd elseif_rows[] = {
	COND_ROWS("elseif", "elseif=ElseIf statement"),
	CMD_END
};

static const struct cmd stmt_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "apply <name:rpl-policy> " REST, fwd, 0,
	    { APPLY_HELP, "name=Route policy name",
	      "rest=Arguments: (value, ...)", NULL } },
	DELETE_ROW("community", "rpl-community-set",
	    "community=BGP community attribute",
	    "name=Community set name"),
	DELETE_ROW("large-community", "rpl-large-community-set",
	    "large-community=BGP large community attribute",
	    "name=Large community set name"),
	DELETE_ROW("extcommunity rt", "rpl-extcommunity-set",
	    "extcommunity=BGP extended community attribute",
	    "rt=Route Target", "name=Extended community set name"),
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
	{ "prepend as-path ( <asn:asn> | most-recent | own-as | " PARAM " ) "
	  "[( <n:1-63> | <np:rplh-param> )]", fwd, 0,
	    { "prepend=Prepend to an attribute",
	      "as-path=Prepend to the BGP AS-path",
	      "asn=AS number to prepend",
	      "most-recent=Prepend the most recent AS in the AS-path",
	      "own-as=Prepend the local AS", PARAM_HELP,
	      "n=Number of times to prepend (default 1)",
	      "np=Parameter: the number of times", NULL } },
	{ "remove as-path private-as [entire-aspath]", fwd, 0,
	    { "remove=Remove items from an attribute",
	      "as-path=Remove from the BGP AS-path",
	      "private-as=Remove the leading private AS numbers",
	      "entire-aspath=Only when the whole AS-path is private",
	      NULL } },
	{ "replace as-path private-as", fwd, 0,
	    { "replace=Replace items of an attribute",
	      "as-path=Replace in the BGP AS-path",
	      "private-as=Replace private AS numbers with the local AS",
	      NULL } },
	SET_NUM_ROW("med ( <v:0-4294967295> | <inc:rplh-plus> | "
	    "<dec:rplh-minus> | igp-cost | max-reachable | " PARAM " )",
	    "med=Multi-Exit Discriminator", "v=Metric value",
	    "igp-cost=Use IGP metric",
	    "max-reachable=Use maximum reachable metric"),
	SET_NUM_ROW("local-preference ( <v:0-4294967295> | <inc:rplh-plus> | "
	    "<dec:rplh-minus> | " PARAM " )",
	    "local-preference=BGP local preference attribute",
	    "v=Local preference value", NULL, NULL),
	SET_NUM_ROW("aigp-metric ( <v:0-4294967295> | <inc:rplh-plus> | "
	    "<dec:rplh-minus> | igp-cost | " PARAM " )",
	    "aigp-metric=AIGP metric attribute", "v=AIGP metric value",
	    "igp-cost=Use IGP metric", NULL),
	SET_NUM_ROW("weight ( <v:0-65535> | " PARAM " )",
	    "weight=BGP weight attribute", "v=Weight value", NULL, NULL),
	SET_NUM_ROW("tag ( <v:0-4294967295> | " PARAM " )",
	    "tag=Route tag", "v=Tag value", NULL, NULL),
	{ "set origin ( igp | egp | incomplete | " PARAM " )", fwd, 0,
	    { SET_HELP, "origin=BGP origin attribute",
	      "igp=Local IGP", "egp=Remote EGP", "incomplete=Unknown heritage",
	      PARAM_HELP, NULL } },
	{ "set next-hop ( <a:ip> | self | peer-address | discard | unchanged "
	  "| " PARAM " ) [destination-vrf]", fwd, 0,
	    { SET_HELP, "next-hop=Next hop address",
	      "a=Next hop address",
	      "self=Use the local address toward the peer",
	      "peer-address=Use the peer's address",
	      "discard=Drop traffic to the route (null route)",
	      "unchanged=Do not change the next hop",
	      "destination-vrf=Look the next hop up in the destination VRF",
	      PARAM_HELP, NULL } },
	SET_COMM_ROWS("community", "rpl-community-set",
	    "community=BGP community attribute", "name=Community set name"),
	SET_COMM_ROWS("large-community", "rpl-large-community-set",
	    "large-community=BGP large community attribute",
	    "name=Large community set name"),
	SET_COMM_ROWS("extcommunity ( rt | soo )", "rpl-extcommunity-set",
	    "extcommunity=BGP extended community attribute",
	    "rt=Route Target", "soo=Site-of-Origin",
	    "name=Extended community set name"),
	{ "set dampening [halflife <h:1-45>] [reuse <r:1-20000>] "
	  "[suppress <s:1-20000>] [max-suppress <m:1-255>]", fwd, 0,
	    { SET_HELP, "dampening=BGP route flap dampening parameters",
	      "halflife=Half-life time for the penalty (default 15)",
	      "h=Minutes",
	      "reuse=Value to start reusing a route (default 750)",
	      "r=Penalty value",
	      "suppress=Value to start suppressing a route (default 2000)",
	      "s=Penalty value",
	      "max-suppress=Maximum duration to suppress a route (default 60)",
	      "m=Minutes", NULL } },
	{ "set metric-type ( type-1 | type-2 | internal | external | "
	  "rib-metric-as-external | rib-metric-as-internal )", fwd, 0,
	    { SET_HELP, "metric-type=IGP metric type (OSPF, IS-IS)",
	      "type-1=OSPF external type 1",
	      "type-2=OSPF external type 2",
	      "internal=IS-IS internal metric",
	      "external=IS-IS external metric",
	      "rib-metric-as-external=IS-IS: the RIB metric as external",
	      "rib-metric-as-internal=IS-IS: the RIB metric as internal",
	      NULL } },
	{ "set level ( level-1 | level-2 | level-1-2 )", fwd, 0,
	    { SET_HELP, "level=IS-IS level",
	      "level-1=IS-IS level-1", "level-2=IS-IS level-2",
	      "level-1-2=IS-IS level-1 and level-2", NULL } },
	SET_NUM_ROW("isis-metric ( <v:0-16777215> | <inc:rplh-plus> | "
	    "<dec:rplh-minus> | " PARAM " )",
	    "isis-metric=IS-IS metric attribute", "v=IS-IS metric value",
	    NULL, NULL),
	SET_NUM_ROW("ospf-metric ( <v:0-16777214> | <inc:rplh-plus> | "
	    "<dec:rplh-minus> | " PARAM " )",
	    "ospf-metric=OSPF metric attribute", "v=OSPF metric value",
	    NULL, NULL),
	SET_COMM_ROWS("extcommunity color", "rpl-opaque-set",
	    "extcommunity=BGP extended community attribute",
	    "color=Color extended community (RFC 9012)",
	    "name=Opaque extended community set name"),
	{ "set path-selection ( all advertise | best-path | "
	  "group-best advertise | multipath advertise | backup <n:1-1> "
	  "[install] [multipath-protect] [advertise] )", fwd, 0,
	    { SET_HELP,
	      "path-selection=BGP path selection (additional-paths "
	      "selection)",
	      "all=All paths", "best-path=The best path only",
	      "group-best=The best path of each AS",
	      "multipath=The multipaths", "backup=A backup path",
	      "n=Number of backup paths",
	      "install=Install the backup path in the RIB",
	      "multipath-protect=Protect the multipaths too",
	      "advertise=Advertise them to add-path peers", NULL } },
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

static const struct cmd rd_rows[] = {
	{ "#-remark", fwd, 0, { REMARK_HELP, NULL } },
	{ "<v:rplh-any> " REST, fwd, 0, { "v=Wildcard", NEXT_HELP, NULL } },
	{ "<v:rplh-extipm> " REST, fwd, 0,
	    { "v=Route distinguisher - IPv4 prefix format", NEXT_HELP,
	      NULL } },
	{ "<v:rplh-extip> " REST, fwd, 0,
	    { "v=Route distinguisher - IPv4 format", NEXT_HELP, NULL } },
	{ "<v:rplh-extasn> " REST, fwd, 0,
	    { "v=Route distinguisher - ASPLAIN format", NEXT_HELP, NULL } },
	{ "<v:rplh-extasdot> " REST, fwd, 0,
	    { "v=Route distinguisher - ASDOT format", NEXT_HELP, NULL } },
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

/*
 * A set line that opens with a digit is an element (or a broken one):
 * the rows a digit can start in the set modes are the element forms
 * above, all forwarding; the block's own rows (end-set, abort, exit,
 * show, end) and those of every mode (do, describe, ...) open with a
 * keyword, and no keyword opens with a digit.  Such lines skip the
 * matcher: a 100,000-line prefix-set is pasted in a fraction of the time.
 */
static int
set_line_direct(const char *line)
{
	return isdigit((unsigned char)line[0]);
}

void
rplc_help_init(void)
{
	static const int set_modes[] = { MODE_PFX, MODE_COMM, MODE_AS,
	    MODE_EXT, MODE_LARGECOMM, MODE_RD };
	static const int pol_modes[] = { MODE_RPL, MODE_RPL_IF,
	    MODE_RPL_ELSEIF, MODE_RPL_ELSE };
	size_t	 i;

	for (i = 0; i < sizeof(form_types) / sizeof(form_types[0]); i++)
		cli_type_define(&form_types[i]);
	for (i = 0; i < sizeof(pol_modes) / sizeof(pol_modes[0]); i++) {
		cli_install(pol_modes[i], stmt_rows);
		cli_install(pol_modes[i], cond_rows);
	}
	cli_install(MODE_RPL_IF, if_rows);
	cli_install(MODE_RPL_ELSEIF, if_rows);
	cli_install(MODE_RPL_IF, elseif_rows);
	cli_install(MODE_RPL_ELSEIF, elseif_rows);
	cli_install(MODE_RPL_ELSE, else_rows);
	cli_install(MODE_PFX, pfx_rows);
	cli_install(MODE_COMM, comm_rows);
	cli_install(MODE_AS, as_rows);
	cli_install(MODE_EXT, ext_rows);
	cli_install(MODE_LARGECOMM, large_rows);
	cli_install(MODE_RD, rd_rows);
	for (i = 0; i < sizeof(set_modes) / sizeof(set_modes[0]); i++)
		cli_mode_direct(set_modes[i], set_line_direct);
}
