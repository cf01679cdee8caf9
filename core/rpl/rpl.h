/*
 * rpl.h: the Routing Policy Language as typed data.  Sets (prefix,
 * community, as-path, extcommunity rt/soo/opaque, large-community, rd) and
 * route-policies are parsed from their block text into the structures below
 * and printed back canonically from them; nothing downstream reads text.
 *
 * Objects are immutable once parsed and shared by reference count between
 * the running configuration, candidates and the evaluator: a redefinition
 * builds a new object and replaces the old one, it never edits it.
 *
 * Conventions:
 *  - Parameter names are stored with their `$` ("$mymed").  A parsed node
 *    that holds a parameter has a non-NULL `param`; its numeric field is 0.
 *    The evaluator instantiates a parameterised policy by substituting the
 *    argument text and re-parsing (rpl_policy_instantiate()), so an
 *    instantiated policy holds no parameters.
 *  - line/col are 1-based, line within the block (the header is line 1).
 *  - Named set references keep the NAME only; they are resolved against an
 *    rpl_db when used (rpl_db_find_set()).
 *
 * (Owner: the RPL language modules, core/rpl_*.c except rpl_compile* and
 * rpl_eval*.)
 */
#ifndef XR_RPL_H
#define XR_RPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

/* ------------------------------------------------------------------ sets */

enum rpl_set_kind {
	RPL_SET_PREFIX = 0,
	RPL_SET_COMMUNITY,
	RPL_SET_ASPATH,
	RPL_SET_EXT_RT,
	RPL_SET_EXT_SOO,
	RPL_SET_LARGECOMM,
	RPL_SET_RD,			/* rd-set: elements are rpl_ext_elem */
	RPL_SET_EXT_OPAQUE,		/* extcommunity-set opaque: numbers
					   (RPL_EXT_OPAQUE elements) */
	RPL_SET_KIND_COUNT
};

/*
 * One part of a community / large-community / extcommunity value, or one
 * item of an AS list: a value, `*`, a range [lo..hi], `private-as`
 * (community high half), `peeras`, or a parameter.  Range ends may be
 * parameters (lo_param / hi_param).  For RPL_PART_VALUE lo == hi == value.
 */
enum rpl_part_kind {
	RPL_PART_VALUE = 0,
	RPL_PART_ANY,		/* * */
	RPL_PART_RANGE,		/* [lo..hi] */
	RPL_PART_PRIVATE_AS,	/* private-as: 64512..65534 */
	RPL_PART_PEERAS,	/* peeras: the neighbor's AS (set community) */
	RPL_PART_PARAM		/* $p: name in lo_param */
};
struct rpl_part {
	uint8_t		 kind;		/* enum rpl_part_kind */
	uint32_t	 lo, hi;
	char		*lo_param;	/* PARAM, or RANGE with "[$a..hi]" */
	char		*hi_param;	/* RANGE with "[lo..$b]" */
};

/* A quoted regex element: ios-regex '...' or dfa-regex '...'. */
struct rpl_regex {
	uint8_t		 dfa;		/* 1: dfa-regex */
	char		*text;		/* without the quotes */
};

/* prefix-set element.  eq N is folded to ge = le = N (eq kept to print). */
struct rpl_pfx_elem {
	struct xprefix	 pfx;		/* address as typed (host bits kept) */
	uint8_t		 ge, le;	/* 0 = absent */
	uint8_t		 eq;		/* written as `eq N` */
	uint8_t		 nolen;		/* written without /len (host route) */
};

enum rpl_wellknown {
	RPL_WK_NONE = 0,
	RPL_WK_INTERNET,		/* 0:0 */
	RPL_WK_NO_EXPORT,		/* 65535:65281 */
	RPL_WK_NO_ADVERTISE,		/* 65535:65282 */
	RPL_WK_LOCAL_AS,		/* 65535:65283 */
	RPL_WK_ACCEPT_OWN,		/* 65535:1 */
	RPL_WK_GRACEFUL_SHUTDOWN	/* 65535:0 */
};

enum rpl_comm_kind {
	RPL_COMM_PARTS = 0,		/* hi:lo */
	RPL_COMM_WELLKNOWN,		/* name; hi/lo hold its value too */
	RPL_COMM_REGEX
};
struct rpl_comm_elem {
	uint8_t		 kind;		/* enum rpl_comm_kind */
	uint8_t		 wk;		/* enum rpl_wellknown */
	uint8_t		 star;		/* written `*`: the same as *:* */
	struct rpl_part	 hi, lo;
	struct rpl_regex re;
};

enum rpl_cmp {
	RPL_CMP_EQ = 0,
	RPL_CMP_IS,			/* same as eq for numbers */
	RPL_CMP_GE,
	RPL_CMP_LE
};

/* A number that may be a parameter. */
struct rpl_num {
	uint32_t	 v;
	char		*param;		/* "$p" or NULL */
};

/* '<aslist>' of neighbor-is / originates-from / passes-through. */
struct rpl_aslist {
	struct rpl_part	*v;		/* VALUE, RANGE or PARAM */
	size_t		 n;
};

enum rpl_aspath_kind {
	RPL_ASP_REGEX = 0,
	RPL_ASP_LENGTH,
	RPL_ASP_UNIQUE_LENGTH,
	RPL_ASP_NEIGHBOR_IS,
	RPL_ASP_ORIGINATES_FROM,
	RPL_ASP_PASSES_THROUGH
};
struct rpl_aspath_elem {
	uint8_t		 kind;		/* enum rpl_aspath_kind */
	struct rpl_regex re;		/* REGEX */
	uint8_t		 cmp;		/* LENGTH / UNIQUE_LENGTH */
	struct rpl_num	 n;
	uint8_t		 all;		/* `all` */
	struct rpl_aslist list;		/* NEIGHBOR_IS .. PASSES_THROUGH */
	uint8_t		 exact;		/* `exact` */
};

/*
 * extcommunity rt/soo element: ASN:N (two-byte ASN with a 32-bit value, or
 * four-byte ASN with a 16-bit value), A.B.C.D[/M]:N, or a regex.  An
 * rd-set element has the same forms (a route distinguisher is written as
 * an RT value is), `*` parts included.  An extcommunity-set opaque
 * element is one number (or `*`, a range, a parameter) in `val`.
 */
enum rpl_ext_kind {
	RPL_EXT_AS2 = 0,		/* ASN(16):N(32) */
	RPL_EXT_AS4,			/* ASN(32):N(16) */
	RPL_EXT_IP,			/* A.B.C.D[/M]:N(16) */
	RPL_EXT_REGEX,
	RPL_EXT_OPAQUE			/* N(32): opaque sets */
};
struct rpl_ext_elem {
	uint8_t		 kind;		/* enum rpl_ext_kind */
	uint8_t		 asdot;		/* ASN written X.Y */
	struct rpl_part	 asn;		/* AS2 / AS4 */
	struct xaddr	 ip;		/* IP */
	uint8_t		 iplen;		/* /M given: 1-32, else 0 */
	struct rpl_part	 val;
	struct rpl_regex re;
};

enum rpl_large_kind {
	RPL_LARGE_PARTS = 0,
	RPL_LARGE_REGEX
};
struct rpl_large_elem {
	uint8_t		 kind;		/* enum rpl_large_kind */
	struct rpl_part	 p[3];		/* global:local1:local2 */
	struct rpl_regex re;
};

/* One element; which member is valid follows the set's kind. */
struct rpl_elem {
	uint16_t	 line, col;
	union {
		struct rpl_pfx_elem	pfx;
		struct rpl_comm_elem	comm;
		struct rpl_aspath_elem	asp;
		struct rpl_ext_elem	ext;	/* EXT_RT, EXT_SOO, RD,
						   EXT_OPAQUE */
		struct rpl_large_elem	lc;
	} u;
};

/* A `#` remark of a set, printed before element `before` (n: at the end). */
struct rpl_remark {
	size_t		 before;
	char		*text;		/* whole line, starting with '#' */
};

#define RPL_SETF_PARAM	0x01	/* contains $params (inline sets only) */
#define RPL_SETF_PEERAS	0x02	/* contains peeras */

struct rpl_set {
	enum rpl_set_kind kind;
	char		*name;		/* NULL for an inline set */
	unsigned	 refcount;
	unsigned	 flags;		/* RPL_SETF_* */
	struct rpl_elem	*elems;
	size_t		 nelems;
	struct rpl_remark *remarks;
	size_t		 nremarks;
	uint16_t	 line, col;	/* inline: where the '(' is */
	/* filled by rpl_set_compile() (core/rpl_compile.c, evaluator) */
	void		*compiled;
};

/* ------------------------------------------------------------ policies */

/*
 * A set operand: a named reference, an inline set, or a parameter.
 * `setkind` is the kind the operand must be (prefix for destination, ...).
 */
enum rpl_setref_kind {
	RPL_REF_NAME = 0,
	RPL_REF_INLINE,
	RPL_REF_PARAM
};
struct rpl_setref {
	uint8_t		 kind;		/* enum rpl_setref_kind */
	enum rpl_set_kind setkind;
	char		*name;		/* NAME, or "$p" for PARAM */
	struct rpl_set	*inl;		/* INLINE (name NULL, own ref) */
	uint8_t		 bare;		/* INLINE written without ( ): the
					   `set community no-export` form */
};

/* apply NAME[(args)]: args as written (numbers, names, $p, 'quoted'). */
struct rpl_apply {
	char		*name;
	char		**args;
	size_t		 nargs;
};

enum rpl_cond_kind {
	RPL_C_AND = 0,
	RPL_C_OR,
	RPL_C_NOT,
	RPL_C_APPLY,
	/* prefix-set operands */
	RPL_C_DESTINATION,		/* destination in S */
	RPL_C_SOURCE,			/* source in S */
	RPL_C_NEXTHOP,			/* next-hop in S */
	RPL_C_RIB_HAS_ROUTE,		/* rib-has-route in S */
	/* as-path */
	RPL_C_ASPATH_IN,		/* as-path in S */
	RPL_C_ASPATH_IS_LOCAL,
	RPL_C_ASPATH_LENGTH,		/* cmp, num, all */
	RPL_C_ASPATH_UNIQUE_LENGTH,
	RPL_C_ASPATH_NEIGHBOR_IS,	/* aslist, exact */
	RPL_C_ASPATH_ORIGINATES_FROM,
	RPL_C_ASPATH_PASSES_THROUGH,
	/* community-like: match op + set (is-empty: no set) */
	RPL_C_COMMUNITY,
	RPL_C_LARGECOMM,
	RPL_C_EXT_RT,
	RPL_C_EXT_SOO,
	/* numeric compares: cmp, num */
	RPL_C_LOCALPREF,
	RPL_C_MED,
	RPL_C_TAG,
	RPL_C_WEIGHT,
	RPL_C_AIGP,
	/* enumerated: num.v holds the enum value */
	RPL_C_ORIGIN,			/* origin is enum rpl_origin */
	RPL_C_PATH_TYPE,		/* path-type is enum rpl_path_type */
	RPL_C_VALIDATION_STATE,		/* validation-state is enum rpl_rov */
	RPL_C_ROUTE_HAS_LABEL,
	RPL_C_RD,			/* rd in S (rd-set) */
	RPL_C_ROUTE_TYPE,		/* route-type is enum rpl_route_type */
	RPL_C_KIND_COUNT
};

enum rpl_match {
	RPL_MATCH_ANY = 0,		/* matches-any */
	RPL_MATCH_EVERY,		/* matches-every */
	RPL_MATCH_WITHIN,		/* matches-within */
	RPL_MATCH_IS_EMPTY		/* is-empty (no set) */
};

enum rpl_origin { RPL_ORIGIN_IGP = 0, RPL_ORIGIN_EGP, RPL_ORIGIN_INCOMPLETE };
enum rpl_path_type { RPL_PT_EBGP = 0, RPL_PT_IBGP, RPL_PT_CEBGP };
enum rpl_rov { RPL_ROV_VALID = 0, RPL_ROV_INVALID, RPL_ROV_NOT_FOUND };
/* route-type is ...: the order of rpl_route_type_name() */
enum rpl_route_type {
	RPL_RT_LOCAL = 0,
	RPL_RT_INTERNAL,
	RPL_RT_EXTERNAL,
	RPL_RT_INTERAREA,
	RPL_RT_LEVEL_1,
	RPL_RT_LEVEL_2,
	RPL_RT_LEVEL_1_2,
	RPL_RT_TYPE_1,
	RPL_RT_TYPE_2,
	RPL_RT_OSPF_EXT_TYPE_1,
	RPL_RT_OSPF_EXT_TYPE_2,
	RPL_RT_OSPF_INTER_AREA,
	RPL_RT_OSPF_INTRA_AREA,
	RPL_RT_OSPF_NSSA_TYPE_1,
	RPL_RT_OSPF_NSSA_TYPE_2,
	RPL_RT_COUNT
};
/* set metric-type ... */
enum rpl_metric_type {
	RPL_MT_TYPE_1 = 0,
	RPL_MT_TYPE_2,
	RPL_MT_INTERNAL,
	RPL_MT_EXTERNAL,
	RPL_MT_RIB_AS_EXTERNAL,		/* rib-metric-as-external */
	RPL_MT_RIB_AS_INTERNAL,		/* rib-metric-as-internal */
	RPL_MT_COUNT
};
/* set level ... */
enum rpl_level {
	RPL_LEVEL_1 = 0,
	RPL_LEVEL_2,
	RPL_LEVEL_1_2,
	RPL_LEVEL_COUNT
};

struct rpl_cond {
	enum rpl_cond_kind kind;
	uint16_t	 line, col;
	uint8_t		 parens;	/* ( ) written around it: printing */
	uint8_t		 op;		/* enum rpl_cmp or enum rpl_match */
	uint8_t		 all;		/* length/unique-length `all` */
	uint8_t		 exact;		/* aslist conditions `exact` */
	struct rpl_cond	*l, *r;		/* AND/OR: both; NOT: l */
	struct rpl_apply apply;		/* APPLY */
	struct rpl_setref set;		/* *_IN, DESTINATION.., community-like */
	struct rpl_num	 num;		/* compares, enumerated values */
	struct rpl_aslist list;		/* NEIGHBOR_IS .. PASSES_THROUGH */
};

enum rpl_stmt_kind {
	RPL_S_IF = 0,
	RPL_S_PASS,
	RPL_S_DROP,
	RPL_S_DONE,
	RPL_S_APPLY,
	RPL_S_REMARK,
	RPL_S_SET_LOCALPREF,		/* val */
	RPL_S_SET_MED,			/* val */
	RPL_S_SET_WEIGHT,		/* val (ABS only) */
	RPL_S_SET_ORIGIN,		/* val.num.v = enum rpl_origin */
	RPL_S_SET_NEXTHOP,		/* nh */
	RPL_S_SET_COMMUNITY,		/* set, additive */
	RPL_S_SET_LARGECOMM,
	RPL_S_SET_EXT_RT,
	RPL_S_SET_EXT_SOO,
	RPL_S_DELETE_COMMUNITY,		/* del, set */
	RPL_S_DELETE_LARGECOMM,
	RPL_S_DELETE_EXT_RT,
	RPL_S_PREPEND,			/* prepend */
	RPL_S_REMOVE_PRIVATE_AS,	/* entire */
	RPL_S_REPLACE_PRIVATE_AS,	/* replace as-path private-as */
	RPL_S_SET_TAG,			/* val (ABS only) */
	RPL_S_SET_AIGP,			/* val */
	RPL_S_SUPPRESS_ROUTE,
	RPL_S_UNSUPPRESS_ROUTE,
	RPL_S_SET_DAMPENING,		/* damp */
	/* IGP attributes: accepted anywhere, attachable at no BGP point */
	RPL_S_SET_METRIC_TYPE,		/* val.num.v = enum rpl_metric_type */
	RPL_S_SET_LEVEL,		/* val.num.v = enum rpl_level */
	RPL_S_SET_ISIS_METRIC,		/* val */
	RPL_S_SET_OSPF_METRIC,		/* val */
	RPL_S_SET_EXT_COLOR,		/* set (extcommunity-set opaque) */
	RPL_S_SET_PATHSEL,		/* pathsel, pathsel_flags */
	RPL_S_KIND_COUNT
};

/* Value of set local-preference / med / weight / tag / aigp-metric. */
enum rpl_val_op {
	RPL_VAL_ABS = 0,		/* N or $p */
	RPL_VAL_INC,			/* +N */
	RPL_VAL_DEC,			/* -N */
	RPL_VAL_IGP_COST,		/* igp-cost */
	RPL_VAL_MAX_REACHABLE		/* max-reachable (4294967294) */
};
struct rpl_val {
	uint8_t		 op;		/* enum rpl_val_op */
	struct rpl_num	 num;
};

enum rpl_nh_kind {
	RPL_NH_ADDR = 0,
	RPL_NH_SELF,
	RPL_NH_PEER_ADDRESS,
	RPL_NH_DISCARD,
	RPL_NH_UNCHANGED,
	RPL_NH_PARAM
};
struct rpl_nexthop {
	uint8_t		 kind;		/* enum rpl_nh_kind */
	struct xaddr	 addr;
	char		*param;
	uint8_t		 dest_vrf;	/* destination-vrf */
};

enum rpl_del_mode { RPL_DEL_ALL = 0, RPL_DEL_IN, RPL_DEL_NOT_IN };

enum rpl_prepend_kind {
	RPL_PREP_ASN = 0,		/* asn.v, or asn.param */
	RPL_PREP_MOST_RECENT,
	RPL_PREP_OWN_AS
};
struct rpl_prepend {
	uint8_t		 kind;		/* enum rpl_prepend_kind */
	struct rpl_num	 asn;
	struct rpl_num	 count;		/* 1 when not written */
	uint8_t		 has_count;
};

struct rpl_dampening {
	struct rpl_num	 halflife, reuse, suppress, max_suppress;
};

struct rpl_block;
struct rpl_stmt;

struct rpl_block {
	struct rpl_stmt	*v;
	size_t		 n;
};

/* if / elseif ... branch: cond NULL for else. */
struct rpl_branch {
	struct rpl_cond	*cond;
	struct rpl_block body;
	uint16_t	 line, col;	/* of the if / elseif / else keyword */
};

struct rpl_stmt {
	enum rpl_stmt_kind kind;
	uint16_t	 line, col;
	/* IF: branches[0] is the if, then elseifs, then an else (cond NULL) */
	struct rpl_branch *branches;
	size_t		 nbranches;
	struct rpl_apply apply;		/* APPLY */
	char		*remark;	/* REMARK: whole line from '#' */
	struct rpl_val	 val;		/* SET_LOCALPREF, MED, WEIGHT, ... */
	struct rpl_nexthop nh;		/* SET_NEXTHOP */
	struct rpl_setref set;		/* SET_COMMUNITY.., DELETE_* (IN/NOT_IN) */
	uint8_t		 additive;	/* SET_COMMUNITY.. */
	uint8_t		 del;		/* enum rpl_del_mode */
	struct rpl_prepend prepend;	/* PREPEND */
	uint8_t		 entire;	/* REMOVE_PRIVATE_AS entire-aspath */
	struct rpl_dampening damp;	/* SET_DAMPENING */
	uint8_t		 pathsel;	/* SET_PATHSEL: enum route_pathsel */
	uint8_t		 pathsel_flags;	/* SET_PATHSEL: PATHSEL_F_* */
};

struct rpl_policy {
	char		*name;
	char		**params;	/* "$p", in declaration order */
	size_t		 nparams;
	unsigned	 refcount;
	struct rpl_block body;
	uint16_t	 nlines;	/* lines in the block as typed */
};

/* -------------------------------------------------------------- errors */

/* A syntax error: where in the block, which token, why. */
struct rpl_err {
	unsigned	 line, col;	/* 1-based within the block */
	char		 token[64];	/* offending token ("" at end of input) */
	char		 msg[192];
};

/* ----------------------------------------------------------------- API */

/* "prefix-set", "community-set", "as-path-set", "extcommunity-set rt",
 * "extcommunity-set soo", "large-community-set", "rd-set",
 * "extcommunity-set opaque" */
const char	*rpl_set_kind_name(enum rpl_set_kind);
/* "local", "internal", ... / "type-1", ... / "level-1", ... ("?" if out
 * of range) */
const char	*rpl_route_type_name(unsigned);
const char	*rpl_metric_type_name(unsigned);
const char	*rpl_level_name(unsigned);

/*
 * Parse a whole block, header line to end-set / end-policy inclusive
 * (`end-pol`-style abbreviations accepted; a missing end is an error).
 * Every named and inline set is compiled (rpl_set_compile()).  Returns a
 * new object with refcount 1, or NULL with *err filled.
 */
struct rpl_set	*rpl_parse_set(const char *text, struct rpl_err *err);
struct rpl_policy *rpl_parse_policy(const char *text, struct rpl_err *err);

/*
 * Parse one set element of `kind` (e.g. "65000:100" or "10.0.0.0/8 le 24")
 * into *out (zeroed first); free it with rpl_elem_clear().  Returns 0 or -1
 * with *err filled.  Useful to read route attributes given as text.
 */
int		 rpl_parse_elem(enum rpl_set_kind kind, const char *text,
		    struct rpl_elem *out, struct rpl_err *err);
void		 rpl_elem_clear(enum rpl_set_kind, struct rpl_elem *);

/*
 * A copy of policy p with its parameters replaced by args (the argument
 * texts, p->nparams of them), re-parsed; refcount 1.  NULL with *err on a
 * count mismatch or when a substituted value is invalid.
 */
struct rpl_policy *rpl_policy_instantiate(const struct rpl_policy *p,
		    char *const *args, size_t nargs, struct rpl_err *err);
/* Splits "(10, SET)" into argument texts; returns count or -1. */
int		 rpl_split_args(const char *text, char ***argsp);
void		 rpl_free_args(char **args, size_t n);

/*
 * Line-at-a-time helpers for the CLI, which captures a block line by line.
 * rpl_line_scan(): calls cb with each keyword of the line that opens or
 * closes a level ("if", "elseif", "else", "endif"), in order, so the
 * prompt can follow; -1 with *err when the line does not lex.
 * rpl_set_line_check(): 0 if the line is a remark or a list of valid
 * elements of `kind` (a trailing comma is fine), else -1 with *err (line
 * 1, column within the line).
 */
int		 rpl_line_scan(const char *line,
		    void (*cb)(const char *kw, void *), void *arg,
		    struct rpl_err *err);
int		 rpl_set_line_check(enum rpl_set_kind kind, const char *line,
		    struct rpl_err *err);

/* Reference counts (NULL-safe).  The last put frees the object. */
struct rpl_set	*rpl_set_get(struct rpl_set *);
void		 rpl_set_put(struct rpl_set *);
struct rpl_policy *rpl_policy_get(struct rpl_policy *);
void		 rpl_policy_put(struct rpl_policy *);

/*
 * Canonical text (§4.7 / §5.0): header, two-space indentation per level,
 * end-set / end-policy, then "!\n".  Returns 0, -1 on allocation failure.
 */
int		 rpl_set_print(const struct rpl_set *, struct strbuf *);
int		 rpl_policy_print(const struct rpl_policy *, struct strbuf *);
/* "route-policy NAME($a, $b)", no newline. */
int		 rpl_policy_print_header(const struct rpl_policy *,
		    struct strbuf *);
/* Just the elements, as an inline set: "(a, b, c)". */
int		 rpl_set_print_inline(const struct rpl_set *, struct strbuf *);
/* One element, as it appears in a set ("10.0.0.0/8 le 24"). */
int		 rpl_elem_print(enum rpl_set_kind, const struct rpl_elem *,
		    struct strbuf *);
/* A condition / a single statement line (IF: only the "if C then" head). */
int		 rpl_cond_print(const struct rpl_cond *, struct strbuf *);
int		 rpl_stmt_print_head(const struct rpl_stmt *, struct strbuf *);

/* 1 if both print identically (structural equality). */
int		 rpl_set_equal(const struct rpl_set *, const struct rpl_set *);
int		 rpl_policy_equal(const struct rpl_policy *,
		    const struct rpl_policy *);

#endif
