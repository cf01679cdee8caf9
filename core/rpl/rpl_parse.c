/*
 * rpl_parse: RPL block text to AST.  A hand-written recursive descent over
 * the tokens of rpl_lex(): sets (header, elements, end-set) and
 * route-policies (header with parameters, statements, if/elseif/else
 * chains, conditions with XR precedence not > and > or).  Every error
 * names the line within the block, the column and the offending token.
 * Element syntax lives in rpl_sets.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/route.h"
#include "core/rpl/rpl_compile.h"
#include "core/rpl/rpl_int.h"

struct parser {
	struct rpl_toks	 tk;
	size_t		 i;
	struct rpl_err	*err;
	char		**params;	/* declared $params of the policy */
	size_t		 nparams;
	unsigned	 nest;		/* ( and not around the condition now */
	unsigned	 nconds;	/* nodes of the current if/elseif's */
};

/*
 * Limits on nesting.  Parsing, printing, evaluating and freeing recurse
 * over conditions and if blocks, and a session attached to a running
 * router parses on a 1 MB coroutine stack: a pasted policy with
 * thousands of '(' or nested ifs must be an error, not a stack overflow
 * (found by tests/fuzz/fuzz_rpl.c).  Far beyond any hand-written policy.
 */
#define RPL_MAX_NEST		64	/* ( ... ) and not, one in another */
#define RPL_MAX_COND_NODES	1024	/* terms and operators in one if */
#define RPL_MAX_IF_DEPTH	64	/* if inside if */

static const struct rpl_tok *
peek(struct parser *P)
{
	return &P->tk.v[P->i];
}

static const struct rpl_tok *
next(struct parser *P)
{
	const struct rpl_tok	*t = &P->tk.v[P->i];

	if (t->type != RPL_T_EOF)
		P->i++;
	return t;
}

static int
is_kw(const struct rpl_tok *t, const char *kw)
{
	return t->type == RPL_T_WORD && strcmp(t->s, kw) == 0;
}

static int
accept(struct parser *P, const char *kw)
{
	if (is_kw(peek(P), kw)) {
		next(P);
		return 1;
	}
	return 0;
}

/* What a token looks like in "expected X, found Y" messages. */
static const char *
tokdesc(const struct rpl_tok *t)
{
	return t->type == RPL_T_EOF ? "end of input" : t->s;
}

static int
expect(struct parser *P, const char *kw, const char *ctx)
{
	const struct rpl_tok	*t = peek(P);

	if (accept(P, kw))
		return 0;
	if (ctx != NULL)
		rpl_err_at(P->err, t, "expected '%s' after %s, found '%s'",
		    kw, ctx, tokdesc(t));
	else
		rpl_err_at(P->err, t, "expected '%s', found '%s'", kw,
		    tokdesc(t));
	return -1;
}

static void
oom(struct parser *P)
{
	rpl_err_at(P->err, peek(P), "out of memory");
}

static int
is_end_set(const struct rpl_tok *t)
{
	return t->type == RPL_T_WORD && rpl_is_end(t->s, "end-set");
}

static int
is_end_policy(const struct rpl_tok *t)
{
	return t->type == RPL_T_WORD && rpl_is_end(t->s, "end-policy");
}

/* ---------------------------------------------------------- set bodies */

static int
add_elem(struct rpl_set *s, size_t *cap, const struct rpl_elem *e)
{
	if (s->nelems == *cap) {
		size_t		 ncap = *cap ? *cap * 2 : 8;
		struct rpl_elem	*nv;

		if ((nv = reallocarray(s->elems, ncap, sizeof(*nv))) == NULL)
			return -1;
		s->elems = nv;
		*cap = ncap;
	}
	s->elems[s->nelems++] = *e;
	return 0;
}

static int
add_remark(struct rpl_set *s, const char *text)
{
	struct rpl_remark	*nv;

	nv = reallocarray(s->remarks, s->nremarks + 1, sizeof(*nv));
	if (nv == NULL)
		return -1;
	s->remarks = nv;
	if ((nv[s->nremarks].text = strdup(text)) == NULL)
		return -1;
	nv[s->nremarks].before = s->nelems;
	s->nremarks++;
	return 0;
}

/* A token that ends the current element. */
static int
elem_stop(const struct rpl_tok *t, int named)
{
	if (t->type != RPL_T_WORD && t->type != RPL_T_QUOTED)
		return 1;
	return named && is_end_set(t);
}

/*
 * Elements separated by commas.  Named sets end at end-set and may hold
 * remarks; inline sets end at ')' and may not.
 */
static int
parse_elems(struct parser *P, struct rpl_set *s, int named)
{
	size_t			 cap = 0;
	int			 after_comma = 0;
	const struct rpl_tok	*t;

	for (;;) {
		struct rpl_elem	 e;
		size_t		 start;

		while (named && peek(P)->type == RPL_T_REMARK)
			if (add_remark(s, next(P)->s) == -1)
				goto nomem;
		t = peek(P);
		if (named ? is_end_set(t) : t->type == RPL_T_RPAREN) {
			if (after_comma) {
				rpl_err_at(P->err, t, "expected a set "
				    "element after ',', found '%s'", t->s);
				return -1;
			}
			if (!named && s->nelems == 0) {
				rpl_err_at(P->err, t, "empty inline set");
				return -1;
			}
			return 0;
		}
		if (t->type == RPL_T_EOF) {
			rpl_err_at(P->err, t, named ? "missing end-set" :
			    "missing ')' to close the inline set");
			return -1;
		}
		if (t->type == RPL_T_REMARK) {
			rpl_err_at(P->err, t, "remarks are not allowed "
			    "inside an inline set");
			return -1;
		}
		if (t->type == RPL_T_COMMA) {
			rpl_err_at(P->err, t, "missing set element before "
			    "','");
			return -1;
		}
		if (t->type != RPL_T_WORD && t->type != RPL_T_QUOTED) {
			rpl_err_at(P->err, t, "unexpected '%s'", t->s);
			return -1;
		}
		start = P->i;
		while (!elem_stop(peek(P), named))
			next(P);
		if (rpl_elem_parse(s->kind, &P->tk.v[start], P->i - start,
		    &e, &s->flags, P->err) == -1)
			return -1;
		if (add_elem(s, &cap, &e) == -1) {
			rpl_elem_clear(s->kind, &e);
			goto nomem;
		}
		while (named && peek(P)->type == RPL_T_REMARK)
			if (add_remark(s, next(P)->s) == -1)
				goto nomem;
		t = peek(P);
		if (t->type == RPL_T_COMMA) {
			next(P);
			after_comma = 1;
			continue;
		}
		after_comma = 0;
		if (named ? is_end_set(t) : t->type == RPL_T_RPAREN)
			continue;
		if (t->type == RPL_T_EOF)
			continue;	/* reported as missing end */
		rpl_err_at(P->err, t, "missing ',' before '%s'", t->s);
		return -1;
	}
nomem:
	oom(P);
	return -1;
}

static int
compile_set(struct parser *P, struct rpl_set *s, const struct rpl_tok *at)
{
	char	 buf[160];

	size_t	 i;

	buf[0] = '\0';
	if (rpl_set_compile(s, buf, sizeof(buf)) == 0)
		return 0;
	rpl_err_at(P->err, at, "%s", buf[0] ? buf : "invalid set");
	/* name the element: compile each alone (they share the memory) */
	for (i = 0; i < s->nelems; i++) {
		struct rpl_set	 one = *s;
		struct strbuf	 sb = STRBUF_INIT;
		int		 bad;

		one.elems = &s->elems[i];
		one.nelems = 1;
		one.remarks = NULL;
		one.nremarks = 0;
		one.compiled = NULL;
		bad = rpl_set_compile(&one, buf, sizeof(buf)) == -1;
		rpl_set_uncompile(&one);
		if (!bad)
			continue;
		rpl_elem_print(s->kind, &s->elems[i], &sb);
		P->err->line = s->elems[i].line;
		P->err->col = s->elems[i].col;
		strlcpy(P->err->token, sb_str(&sb), sizeof(P->err->token));
		sb_free(&sb);
		break;
	}
	return -1;
}

static struct rpl_set *
set_new(enum rpl_set_kind kind, const struct rpl_tok *at)
{
	struct rpl_set	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->kind = kind;
	s->refcount = 1;
	s->line = rpl_pos16(at->line);
	s->col = rpl_pos16(at->col);
	return s;
}

/* Which kind a set header names: "prefix-set", "extcommunity-set rt"... */
static int
set_header_kind(struct parser *P, enum rpl_set_kind *kind)
{
	const struct rpl_tok	*t = next(P);

	if (is_kw(t, "prefix-set"))
		*kind = RPL_SET_PREFIX;
	else if (is_kw(t, "community-set"))
		*kind = RPL_SET_COMMUNITY;
	else if (is_kw(t, "as-path-set"))
		*kind = RPL_SET_ASPATH;
	else if (is_kw(t, "large-community-set"))
		*kind = RPL_SET_LARGECOMM;
	else if (is_kw(t, "rd-set"))
		*kind = RPL_SET_RD;
	else if (is_kw(t, "extcommunity-set")) {
		t = next(P);
		if (is_kw(t, "rt"))
			*kind = RPL_SET_EXT_RT;
		else if (is_kw(t, "soo"))
			*kind = RPL_SET_EXT_SOO;
		else if (is_kw(t, "opaque"))
			*kind = RPL_SET_EXT_OPAQUE;
		else {
			rpl_err_at(P->err, t, "unknown extcommunity-set kind "
			    "'%s': expected rt, soo or opaque", tokdesc(t));
			return -1;
		}
	} else {
		rpl_err_at(P->err, t, "unknown set kind '%s'", tokdesc(t));
		return -1;
	}
	return 0;
}

static int
lex_or_fail(struct parser *P, const char *text, struct rpl_err *err)
{
	memset(P, 0, sizeof(*P));
	memset(err, 0, sizeof(*err));
	P->err = err;
	return rpl_lex(text, &P->tk, err);
}

static int
expect_eof(struct parser *P, const char *what)
{
	const struct rpl_tok	*t = peek(P);

	if (t->type == RPL_T_EOF)
		return 0;
	rpl_err_at(P->err, t, "unexpected '%s' after %s", t->s, what);
	return -1;
}

struct rpl_set *
rpl_parse_set(const char *text, struct rpl_err *err)
{
	struct parser		 P;
	struct rpl_set		*s = NULL;
	enum rpl_set_kind	 kind;
	const struct rpl_tok	*name, *hdr;

	if (lex_or_fail(&P, text, err) == -1)
		return NULL;
	hdr = peek(&P);
	if (set_header_kind(&P, &kind) == -1)
		goto fail;
	name = next(&P);
	if (name->type != RPL_T_WORD || !rpl_valid_name(name->s)) {
		rpl_err_at(err, name, "invalid %s name '%s'",
		    rpl_set_kind_name(kind), tokdesc(name));
		goto fail;
	}
	if ((s = set_new(kind, hdr)) == NULL ||
	    (s->name = strdup(name->s)) == NULL) {
		oom(&P);
		goto fail;
	}
	if (parse_elems(&P, s, 1) == -1)
		goto fail;
	if (s->flags & (RPL_SETF_PARAM | RPL_SETF_PEERAS)) {
		size_t	 i;

		/* point at the first element that holds one */
		for (i = 0; i < s->nelems; i++) {
			struct strbuf	 sb = STRBUF_INIT;

			rpl_elem_print(kind, &s->elems[i], &sb);
			if (strchr(sb_str(&sb), '$') ||
			    strstr(sb_str(&sb), "peeras")) {
				err->line = s->elems[i].line;
				err->col = s->elems[i].col;
				strlcpy(err->token, sb_str(&sb),
				    sizeof(err->token));
				sb_free(&sb);
				break;
			}
			sb_free(&sb);
		}
		snprintf(err->msg, sizeof(err->msg), "parameters and peeras "
		    "are only allowed in inline sets");
		goto fail;
	}
	if ((kind == RPL_SET_EXT_RT || kind == RPL_SET_EXT_SOO ||
	    kind == RPL_SET_EXT_OPAQUE) && s->nelems == 0) {
		rpl_err_at(err, peek(&P), "an extcommunity-set must contain "
		    "at least one element");
		goto fail;
	}
	next(&P);	/* end-set */
	if (expect_eof(&P, "end-set") == -1)
		goto fail;
	if (compile_set(&P, s, hdr) == -1)
		goto fail;
	rpl_toks_free(&P.tk);
	return s;
fail:
	rpl_set_put(s);
	rpl_toks_free(&P.tk);
	return NULL;
}

/* ------------------------------------------------------------ policies */

static int parse_block(struct parser *, struct rpl_block *, int depth);
static struct rpl_cond *parse_or(struct parser *);

static int
param_declared(struct parser *P, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < P->nparams; i++)
		if (strlen(P->params[i]) == n &&
		    strncmp(P->params[i], s, n) == 0)
			return 1;
	return 0;
}

/*
 * Every $name in the body must be a declared parameter (XR would look for
 * a policy-global, which xrsh does not have).  Checked on the tokens so
 * that inline sets and AS lists are covered too.
 */
static int
check_params(struct parser *P, size_t from)
{
	size_t	 i;

	for (i = from; i < P->tk.n; i++) {
		const struct rpl_tok	*t = &P->tk.v[i];
		const char		*p;

		if (t->type != RPL_T_WORD && (t->type != RPL_T_QUOTED ||
		    i == 0 || P->tk.v[i - 1].type != RPL_T_WORD ||
		    strstr(P->tk.v[i - 1].s, "-regex") != NULL))
			continue;
		for (p = t->s; (p = strchr(p, '$')) != NULL; p++) {
			size_t	 n = 1;

			while (isalnum((unsigned char)p[n]) || p[n] == '_')
				n++;
			if (n == 1 || param_declared(P, p, n))
				continue;
			rpl_err_at(P->err, t, "parameter '%.*s' is not "
			    "declared", (int)n, p);
			return -1;
		}
	}
	return 0;
}

static struct rpl_cond *
cond_new(struct parser *P, enum rpl_cond_kind kind, const struct rpl_tok *at)
{
	struct rpl_cond	*c;

	if (++P->nconds > RPL_MAX_COND_NODES) {
		rpl_err_at(P->err, at, "condition too long: more than %d "
		    "terms and operators", RPL_MAX_COND_NODES);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		oom(P);
		return NULL;
	}
	c->kind = kind;
	c->line = rpl_pos16(at->line);
	c->col = rpl_pos16(at->col);
	return c;
}

/* Concrete values only: what `set community (...)` may carry. */
static int
check_settable(struct parser *P, const struct rpl_set *s,
    const struct rpl_tok *at)
{
	size_t	 i, k;

	for (i = 0; i < s->nelems; i++) {
		const struct rpl_elem	*e = &s->elems[i];
		const struct rpl_part	*parts[3];
		size_t			 np = 0;
		int			 bad = 0;

		switch (s->kind) {
		case RPL_SET_COMMUNITY:
			bad = e->u.comm.kind == RPL_COMM_REGEX;
			parts[np++] = &e->u.comm.hi;
			parts[np++] = &e->u.comm.lo;
			break;
		case RPL_SET_LARGECOMM:
			bad = e->u.lc.kind == RPL_LARGE_REGEX;
			for (k = 0; k < 3; k++)
				parts[np++] = &e->u.lc.p[k];
			break;
		case RPL_SET_EXT_RT:
		case RPL_SET_EXT_SOO:
			bad = e->u.ext.kind == RPL_EXT_REGEX ||
			    e->u.ext.iplen != 0;
			if (e->u.ext.kind != RPL_EXT_IP)
				parts[np++] = &e->u.ext.asn;
			parts[np++] = &e->u.ext.val;
			break;
		case RPL_SET_EXT_OPAQUE:
			parts[np++] = &e->u.ext.val;
			break;
		default:
			break;
		}
		for (k = 0; k < np && !bad; k++)
			bad = parts[k]->kind == RPL_PART_ANY ||
			    parts[k]->kind == RPL_PART_RANGE ||
			    parts[k]->kind == RPL_PART_PRIVATE_AS;
		if (bad) {
			struct strbuf	 sb = STRBUF_INIT;

			rpl_elem_print(s->kind, e, &sb);
			rpl_err_at(P->err, at, "'%s' cannot be set: wildcards, "
			    "ranges and regexes only match", sb_str(&sb));
			P->err->line = e->line;
			P->err->col = e->col;
			strlcpy(P->err->token, sb_str(&sb),
			    sizeof(P->err->token));
			sb_free(&sb);
			return -1;
		}
	}
	return 0;
}

/*
 * A set operand: NAME, (inline elements), $param, and for communities in
 * a set action a bare well-known name (`set community no-export`).
 */
static int
parse_setref(struct parser *P, enum rpl_set_kind kind, int settable,
    struct rpl_setref *ref)
{
	const struct rpl_tok	*t = peek(P);

	memset(ref, 0, sizeof(*ref));
	ref->setkind = kind;
	if (t->type == RPL_T_LPAREN) {
		next(P);
		ref->kind = RPL_REF_INLINE;
		if ((ref->inl = set_new(kind, t)) == NULL) {
			oom(P);
			return -1;
		}
		if (parse_elems(P, ref->inl, 0) == -1)
			return -1;
		next(P);	/* ) */
		if (settable && check_settable(P, ref->inl, t) == -1)
			return -1;
		return compile_set(P, ref->inl, t);
	}
	if (t->type != RPL_T_WORD) {
		rpl_err_at(P->err, t, "expected a %s name, an inline set or "
		    "a parameter, found '%s'", rpl_set_kind_name(kind),
		    tokdesc(t));
		return -1;
	}
	if (t->s[0] == '$') {
		next(P);
		ref->kind = RPL_REF_PARAM;
		if ((ref->name = strdup(t->s)) == NULL) {
			oom(P);
			return -1;
		}
		return 0;
	}
	if (settable && kind == RPL_SET_COMMUNITY &&
	    rpl_wellknown_lookup(t->s) != RPL_WK_NONE) {
		struct rpl_elem	 e;
		unsigned	 flags = 0;

		ref->kind = RPL_REF_INLINE;
		ref->bare = 1;
		if ((ref->inl = set_new(kind, t)) == NULL ||
		    rpl_elem_parse(kind, t, 1, &e, &flags, P->err) == -1) {
			if (ref->inl == NULL)
				oom(P);
			return -1;
		}
		if ((ref->inl->elems = malloc(sizeof(e))) == NULL) {
			rpl_elem_clear(kind, &e);
			oom(P);
			return -1;
		}
		ref->inl->elems[0] = e;
		ref->inl->nelems = 1;
		next(P);
		return compile_set(P, ref->inl, t);
	}
	if (!rpl_valid_name(t->s)) {
		rpl_err_at(P->err, t, "invalid %s name '%s'",
		    rpl_set_kind_name(kind), t->s);
		return -1;
	}
	next(P);
	ref->kind = RPL_REF_NAME;
	if ((ref->name = strdup(t->s)) == NULL) {
		oom(P);
		return -1;
	}
	return 0;
}

/* apply NAME [ ( arg, ... ) ] after the `apply` keyword. */
static int
parse_apply(struct parser *P, struct rpl_apply *a)
{
	const struct rpl_tok	*t = next(P);
	size_t			 cap = 0;

	memset(a, 0, sizeof(*a));
	if (t->type != RPL_T_WORD || !rpl_valid_name(t->s)) {
		rpl_err_at(P->err, t, "expected a route-policy name after "
		    "apply, found '%s'", tokdesc(t));
		return -1;
	}
	if ((a->name = strdup(t->s)) == NULL)
		goto nomem;
	if (peek(P)->type != RPL_T_LPAREN)
		return 0;
	next(P);
	for (;;) {
		char	*arg;

		t = next(P);
		if (t->type == RPL_T_WORD)
			arg = strdup(t->s);
		else if (t->type == RPL_T_QUOTED) {
			size_t	 n = strlen(t->s) + 3;

			if ((arg = malloc(n)) != NULL)
				snprintf(arg, n, "'%s'", t->s);
		} else {
			rpl_err_at(P->err, t, "expected an argument, found "
			    "'%s'", tokdesc(t));
			return -1;
		}
		if (arg == NULL)
			goto nomem;
		if (a->nargs == cap) {
			size_t	 ncap = cap ? cap * 2 : 4;
			char	**nv;

			if ((nv = reallocarray(a->args, ncap, sizeof(*nv)))
			    == NULL) {
				free(arg);
				goto nomem;
			}
			a->args = nv;
			cap = ncap;
		}
		a->args[a->nargs++] = arg;
		t = next(P);
		if (t->type == RPL_T_RPAREN)
			return 0;
		if (t->type != RPL_T_COMMA) {
			rpl_err_at(P->err, t, "expected ',' or ')' in the "
			    "argument list, found '%s'", tokdesc(t));
			return -1;
		}
	}
nomem:
	oom(P);
	return -1;
}

static int
parse_cmp(struct parser *P, uint8_t *op, const char *what)
{
	static const char *const names[] = { "eq", "is", "ge", "le" };
	const struct rpl_tok	*t = next(P);
	size_t			 i;

	for (i = 0; i < 4; i++)
		if (is_kw(t, names[i])) {
			*op = (uint8_t)i;
			return 0;
		}
	rpl_err_at(P->err, t, "expected eq, is, ge or le after %s, found "
	    "'%s'", what, tokdesc(t));
	return -1;
}

static int
parse_num(struct parser *P, uint32_t lo, uint32_t hi, struct rpl_num *num)
{
	return rpl_num_parse(next(P), lo, hi, 1, num, P->err);
}

/* word among names[]: its index */
static int
parse_enum(struct parser *P, const char *const *names, size_t n,
    const char *what, uint32_t *v)
{
	const struct rpl_tok	*t = next(P);
	size_t			 i;

	for (i = 0; i < n; i++)
		if (is_kw(t, names[i])) {
			*v = (uint32_t)i;
			return 0;
		}
	rpl_err_at(P->err, t, "invalid %s '%s'", what, tokdesc(t));
	return -1;
}

static const char *const origin_names[] = { "igp", "egp", "incomplete" };
static const char *const pathtype_names[] = { "ebgp", "ibgp", "cebgp" };
static const char *const rov_names[] = { "valid", "invalid", "not-found" };

static int
parse_match(struct parser *P, struct rpl_cond *c, enum rpl_set_kind kind,
    const char *what)
{
	const struct rpl_tok	*t = next(P);

	if (is_kw(t, "matches-any"))
		c->op = RPL_MATCH_ANY;
	else if (is_kw(t, "matches-every"))
		c->op = RPL_MATCH_EVERY;
	else if (is_kw(t, "matches-within"))
		c->op = RPL_MATCH_WITHIN;
	else if (is_kw(t, "is-empty")) {
		c->op = RPL_MATCH_IS_EMPTY;
		return 0;
	} else {
		rpl_err_at(P->err, t, "expected matches-any, matches-every, "
		    "matches-within or is-empty after %s, found '%s'", what,
		    tokdesc(t));
		return -1;
	}
	return parse_setref(P, kind, 0, &c->set);
}

static struct rpl_cond *
parse_simple(struct parser *P)
{
	const struct rpl_tok	*t = next(P);
	struct rpl_cond		*c;
	enum rpl_cond_kind	 k;
	unsigned		 flags = 0;

	if (is_kw(t, "destination") || is_kw(t, "source") ||
	    is_kw(t, "next-hop") || is_kw(t, "rib-has-route")) {
		k = t->s[0] == 'd' ? RPL_C_DESTINATION : t->s[0] == 's' ?
		    RPL_C_SOURCE : t->s[0] == 'n' ? RPL_C_NEXTHOP :
		    RPL_C_RIB_HAS_ROUTE;
		if ((c = cond_new(P, k, t)) == NULL)
			return NULL;
		if (expect(P, "in", t->s) == -1 ||
		    parse_setref(P, RPL_SET_PREFIX, 0, &c->set) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "as-path")) {
		const struct rpl_tok	*w = next(P);

		if ((c = cond_new(P, RPL_C_ASPATH_IN, t)) == NULL)
			return NULL;
		if (is_kw(w, "in")) {
			if (parse_setref(P, RPL_SET_ASPATH, 0, &c->set) == -1)
				goto fail;
		} else if (is_kw(w, "is-local")) {
			c->kind = RPL_C_ASPATH_IS_LOCAL;
		} else if (is_kw(w, "length") || is_kw(w, "unique-length")) {
			c->kind = w->s[0] == 'l' ? RPL_C_ASPATH_LENGTH :
			    RPL_C_ASPATH_UNIQUE_LENGTH;
			if (parse_cmp(P, &c->op, w->s) == -1 ||
			    parse_num(P, 0, 2047, &c->num) == -1)
				goto fail;
			c->all = (uint8_t)accept(P, "all");
		} else if (is_kw(w, "neighbor-is") ||
		    is_kw(w, "originates-from") ||
		    is_kw(w, "passes-through")) {
			const struct rpl_tok	*q = next(P);

			c->kind = w->s[0] == 'n' ? RPL_C_ASPATH_NEIGHBOR_IS :
			    w->s[0] == 'o' ? RPL_C_ASPATH_ORIGINATES_FROM :
			    RPL_C_ASPATH_PASSES_THROUGH;
			if (q->type != RPL_T_QUOTED) {
				rpl_err_at(P->err, q, "%s needs a quoted AS "
				    "list, found '%s'", w->s, tokdesc(q));
				goto fail;
			}
			if (rpl_aslist_parse(q, 1, &c->list, &flags,
			    P->err) == -1)
				goto fail;
			c->exact = (uint8_t)accept(P, "exact");
		} else {
			rpl_err_at(P->err, w, "expected in, is-local, length, "
			    "unique-length, neighbor-is, originates-from or "
			    "passes-through after as-path, found '%s'",
			    tokdesc(w));
			goto fail;
		}
		return c;
	}
	if (is_kw(t, "community") || is_kw(t, "large-community")) {
		k = t->s[0] == 'c' ? RPL_C_COMMUNITY : RPL_C_LARGECOMM;
		if ((c = cond_new(P, k, t)) == NULL)
			return NULL;
		if (parse_match(P, c, k == RPL_C_COMMUNITY ?
		    RPL_SET_COMMUNITY : RPL_SET_LARGECOMM, t->s) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "extcommunity")) {
		const struct rpl_tok	*w = next(P);

		if (!is_kw(w, "rt") && !is_kw(w, "soo")) {
			rpl_err_at(P->err, w, "expected rt or soo after "
			    "extcommunity, found '%s'", tokdesc(w));
			return NULL;
		}
		k = w->s[0] == 'r' ? RPL_C_EXT_RT : RPL_C_EXT_SOO;
		if ((c = cond_new(P, k, t)) == NULL)
			return NULL;
		if (parse_match(P, c, k == RPL_C_EXT_RT ? RPL_SET_EXT_RT :
		    RPL_SET_EXT_SOO, w->s) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "local-preference") || is_kw(t, "med") ||
	    is_kw(t, "tag") || is_kw(t, "weight") || is_kw(t, "aigp-metric")) {
		k = is_kw(t, "local-preference") ? RPL_C_LOCALPREF :
		    is_kw(t, "med") ? RPL_C_MED : is_kw(t, "tag") ? RPL_C_TAG :
		    is_kw(t, "weight") ? RPL_C_WEIGHT : RPL_C_AIGP;
		if ((c = cond_new(P, k, t)) == NULL)
			return NULL;
		if (parse_cmp(P, &c->op, t->s) == -1 ||
		    parse_num(P, 0, k == RPL_C_WEIGHT ? 65535 : 4294967295U,
		    &c->num) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "origin") || is_kw(t, "path-type") ||
	    is_kw(t, "validation-state")) {
		k = t->s[0] == 'o' ? RPL_C_ORIGIN : t->s[0] == 'p' ?
		    RPL_C_PATH_TYPE : RPL_C_VALIDATION_STATE;
		if ((c = cond_new(P, k, t)) == NULL)
			return NULL;
		c->op = RPL_CMP_IS;
		if (expect(P, "is", t->s) == -1 ||
		    parse_enum(P, k == RPL_C_ORIGIN ? origin_names :
		    k == RPL_C_PATH_TYPE ? pathtype_names : rov_names, 3,
		    t->s, &c->num.v) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "route-has-label"))
		return cond_new(P, RPL_C_ROUTE_HAS_LABEL, t);
	if (is_kw(t, "rd")) {
		if ((c = cond_new(P, RPL_C_RD, t)) == NULL)
			return NULL;
		if (expect(P, "in", "rd") == -1 ||
		    parse_setref(P, RPL_SET_RD, 0, &c->set) == -1)
			goto fail;
		return c;
	}
	if (is_kw(t, "route-type")) {
		if ((c = cond_new(P, RPL_C_ROUTE_TYPE, t)) == NULL)
			return NULL;
		c->op = RPL_CMP_IS;
		if (expect(P, "is", t->s) == -1 ||
		    parse_enum(P, rpl_route_type_names, RPL_RT_COUNT,
		    "route-type", &c->num.v) == -1)
			goto fail;
		return c;
	}
	rpl_err_at(P->err, t, t->type == RPL_T_EOF ? "missing condition" :
	    "unknown condition '%s'", tokdesc(t));
	return NULL;
fail:
	rpl_cond_free(c);
	return NULL;
}

static struct rpl_cond *
parse_primary(struct parser *P)
{
	const struct rpl_tok	*t = peek(P);
	struct rpl_cond		*c;

	if (t->type == RPL_T_LPAREN) {
		if (P->nest >= RPL_MAX_NEST) {
			rpl_err_at(P->err, t, "condition nested too deeply: more "
			    "than %d levels of '(' and 'not'", RPL_MAX_NEST);
			return NULL;
		}
		next(P);
		P->nest++;
		c = parse_or(P);
		P->nest--;
		if (c == NULL)
			return NULL;
		if (peek(P)->type != RPL_T_RPAREN) {
			rpl_err_at(P->err, peek(P), "expected ')' to close "
			    "the '(' at line %u column %u, found '%s'",
			    t->line, t->col, tokdesc(peek(P)));
			rpl_cond_free(c);
			return NULL;
		}
		next(P);
		if (c->parens < 255)
			c->parens++;
		return c;
	}
	if (is_kw(t, "apply")) {
		next(P);
		if ((c = cond_new(P, RPL_C_APPLY, t)) == NULL)
			return NULL;
		if (parse_apply(P, &c->apply) == -1) {
			rpl_cond_free(c);
			return NULL;
		}
		return c;
	}
	return parse_simple(P);
}

static struct rpl_cond *
parse_not(struct parser *P)
{
	const struct rpl_tok	*t = peek(P);
	struct rpl_cond		*c, *n;

	if (!is_kw(t, "not"))
		return parse_primary(P);
	if (P->nest >= RPL_MAX_NEST) {
		rpl_err_at(P->err, t, "condition nested too deeply: more than "
		    "%d levels of '(' and 'not'", RPL_MAX_NEST);
		return NULL;
	}
	next(P);
	P->nest++;
	c = parse_not(P);
	P->nest--;
	if (c == NULL)
		return NULL;
	if ((n = cond_new(P, RPL_C_NOT, t)) == NULL) {
		rpl_cond_free(c);
		return NULL;
	}
	n->l = c;
	return n;
}

static struct rpl_cond *
parse_binary(struct parser *P, const char *kw, enum rpl_cond_kind kind,
    struct rpl_cond *(*sub)(struct parser *))
{
	struct rpl_cond	*l, *r, *n;

	if ((l = sub(P)) == NULL)
		return NULL;
	while (is_kw(peek(P), kw)) {
		const struct rpl_tok	*t = next(P);

		if ((r = sub(P)) == NULL) {
			rpl_cond_free(l);
			return NULL;
		}
		if ((n = cond_new(P, kind, t)) == NULL) {
			rpl_cond_free(l);
			rpl_cond_free(r);
			return NULL;
		}
		/* the node sits where its left operand starts */
		n->line = l->line;
		n->col = l->col;
		n->l = l;
		n->r = r;
		l = n;
	}
	return l;
}

static struct rpl_cond *
parse_and(struct parser *P)
{
	return parse_binary(P, "and", RPL_C_AND, parse_not);
}

static struct rpl_cond *
parse_or(struct parser *P)
{
	return parse_binary(P, "or", RPL_C_OR, parse_and);
}

/* set local-preference / med / weight / tag / aigp-metric value. */
static int
parse_val(struct parser *P, struct rpl_val *v, uint32_t max, int incdec,
    int igp, int maxr, const char *what)
{
	const struct rpl_tok	*t = peek(P);
	struct rpl_tok		 sub;

	memset(v, 0, sizeof(*v));
	if (t->type == RPL_T_WORD && igp && strcmp(t->s, "igp-cost") == 0) {
		next(P);
		v->op = RPL_VAL_IGP_COST;
		return 0;
	}
	if (t->type == RPL_T_WORD && maxr &&
	    strcmp(t->s, "max-reachable") == 0) {
		next(P);
		v->op = RPL_VAL_MAX_REACHABLE;
		v->num.v = 4294967294U;
		return 0;
	}
	if (t->type == RPL_T_WORD && incdec &&
	    (t->s[0] == '+' || t->s[0] == '-')) {
		next(P);
		v->op = t->s[0] == '+' ? RPL_VAL_INC : RPL_VAL_DEC;
		sub = *t;
		sub.s = t->s + 1;
		if (rpl_num_parse(&sub, 0, max, 1, &v->num, P->err) == -1) {
			rpl_err_at(P->err, t, "invalid %s '%s'", what, t->s);
			return -1;
		}
		return 0;
	}
	if (t->type != RPL_T_WORD || (t->s[0] != '$' &&
	    !isdigit((unsigned char)t->s[0]))) {
		rpl_err_at(P->err, t, "invalid %s '%s'", what, tokdesc(t));
		return -1;
	}
	next(P);
	v->op = RPL_VAL_ABS;
	return rpl_num_parse(t, 0, max, 1, &v->num, P->err);
}

static int
parse_nexthop(struct parser *P, struct rpl_nexthop *nh)
{
	const struct rpl_tok	*t = next(P);

	memset(nh, 0, sizeof(*nh));
	if (is_kw(t, "self"))
		nh->kind = RPL_NH_SELF;
	else if (is_kw(t, "peer-address"))
		nh->kind = RPL_NH_PEER_ADDRESS;
	else if (is_kw(t, "discard"))
		nh->kind = RPL_NH_DISCARD;
	else if (is_kw(t, "unchanged"))
		nh->kind = RPL_NH_UNCHANGED;
	else if (t->type == RPL_T_WORD && rpl_is_param(t->s)) {
		nh->kind = RPL_NH_PARAM;
		if ((nh->param = strdup(t->s)) == NULL) {
			oom(P);
			return -1;
		}
	} else if (t->type == RPL_T_WORD && addr_parse(t->s, &nh->addr) == 0)
		nh->kind = RPL_NH_ADDR;
	else {
		rpl_err_at(P->err, t, "invalid next-hop '%s'", tokdesc(t));
		return -1;
	}
	nh->dest_vrf = (uint8_t)accept(P, "destination-vrf");
	return 0;
}

/* [additive] after a set community/large-community/extcommunity. */
static int
parse_set_comm(struct parser *P, struct rpl_stmt *st, enum rpl_set_kind kind)
{
	if (parse_setref(P, kind, 1, &st->set) == -1)
		return -1;
	st->additive = (uint8_t)accept(P, "additive");
	return 0;
}

static int
parse_delete(struct parser *P, struct rpl_stmt *st, enum rpl_set_kind kind)
{
	const struct rpl_tok	*t = next(P);

	if (is_kw(t, "all")) {
		st->del = RPL_DEL_ALL;
		return 0;
	}
	if (is_kw(t, "not")) {
		st->del = RPL_DEL_NOT_IN;
		if (expect(P, "in", "not") == -1)
			return -1;
	} else if (is_kw(t, "in"))
		st->del = RPL_DEL_IN;
	else {
		rpl_err_at(P->err, t, "expected all, in or not in, found "
		    "'%s'", tokdesc(t));
		return -1;
	}
	return parse_setref(P, kind, 0, &st->set);
}

static int
parse_prepend(struct parser *P, struct rpl_prepend *pp)
{
	const struct rpl_tok	*t;

	if (expect(P, "as-path", "prepend") == -1)
		return -1;
	t = next(P);
	if (is_kw(t, "most-recent"))
		pp->kind = RPL_PREP_MOST_RECENT;
	else if (is_kw(t, "own-as"))
		pp->kind = RPL_PREP_OWN_AS;
	else if (t->type == RPL_T_WORD && rpl_is_param(t->s)) {
		pp->kind = RPL_PREP_ASN;
		if ((pp->asn.param = strdup(t->s)) == NULL) {
			oom(P);
			return -1;
		}
	} else if (t->type == RPL_T_WORD && asn_parse(t->s, &pp->asn.v) == 0)
		pp->kind = RPL_PREP_ASN;
	else {
		rpl_err_at(P->err, t, "invalid AS number '%s': expected "
		    "1-4294967295, most-recent, own-as or a parameter",
		    tokdesc(t));
		return -1;
	}
	pp->count.v = 1;
	t = peek(P);
	if (t->type == RPL_T_WORD && (isdigit((unsigned char)t->s[0]) ||
	    rpl_is_param(t->s))) {
		next(P);
		pp->has_count = 1;
		if (rpl_num_parse(t, 1, 63, 1, &pp->count, P->err) == -1)
			return -1;
	}
	return 0;
}

static int
parse_dampening(struct parser *P, struct rpl_dampening *d)
{
	static const char *const kw[] = { "halflife", "reuse", "suppress",
	    "max-suppress" };
	static const uint32_t lo[] = { 1, 1, 1, 1 };
	static const uint32_t hi[] = { 45, 20000, 20000, 255 };
	static const uint32_t dflt[] = { 15, 750, 2000, 60 };
	struct rpl_num	*f[4] = { &d->halflife, &d->reuse, &d->suppress,
	    &d->max_suppress };
	size_t		 i;
	int		 any = 0;

	for (i = 0; i < 4; i++)
		f[i]->v = dflt[i];
	for (i = 0; i < 4; i++) {
		if (!accept(P, kw[i]))
			continue;
		any = 1;
		if (rpl_num_parse(next(P), lo[i], hi[i], 1, f[i], P->err)
		    == -1)
			return -1;
	}
	if (!any) {
		rpl_err_at(P->err, peek(P), "expected halflife, reuse, "
		    "suppress or max-suppress, found '%s'",
		    tokdesc(peek(P)));
		return -1;
	}
	return 0;
}

/*
 * set path-selection all advertise | best-path | group-best advertise |
 * multipath advertise | backup 1 [install] [multipath-protect]
 * [advertise]: the backup options in any order, each once, printed in
 * the order above.
 */
static int
parse_pathsel(struct parser *P, struct rpl_stmt *st)
{
	const struct rpl_tok	*t = next(P);
	const char		*adv = NULL;

	if (is_kw(t, "all")) {
		st->pathsel = PATHSEL_ALL;
		adv = "all";
	} else if (is_kw(t, "best-path"))
		st->pathsel = PATHSEL_BEST;
	else if (is_kw(t, "group-best")) {
		st->pathsel = PATHSEL_GROUP_BEST;
		adv = "group-best";
	} else if (is_kw(t, "multipath")) {
		st->pathsel = PATHSEL_MULTIPATH;
		adv = "multipath";
	} else if (is_kw(t, "backup")) {
		st->pathsel = PATHSEL_BACKUP;
		t = next(P);
		if (!is_kw(t, "1")) {
			rpl_err_at(P->err, t, "invalid backup path count "
			    "'%s': expected 1", tokdesc(t));
			return -1;
		}
		for (;;) {
			const struct rpl_tok	*w = peek(P);
			uint8_t			 f;

			if (is_kw(w, "install"))
				f = PATHSEL_F_INSTALL;
			else if (is_kw(w, "multipath-protect"))
				f = PATHSEL_F_MP_PROTECT;
			else if (is_kw(w, "advertise"))
				f = PATHSEL_F_ADVERTISE;
			else
				return 0;
			if (st->pathsel_flags & f) {
				rpl_err_at(P->err, w, "'%s' given twice",
				    w->s);
				return -1;
			}
			st->pathsel_flags |= f;
			next(P);
		}
	} else {
		rpl_err_at(P->err, t, "expected all, best-path, group-best, "
		    "multipath or backup after set path-selection, found "
		    "'%s'", tokdesc(t));
		return -1;
	}
	if (adv != NULL) {
		if (expect(P, "advertise", adv) == -1)
			return -1;
		st->pathsel_flags = PATHSEL_F_ADVERTISE;
	}
	return 0;
}

static int
parse_set_stmt(struct parser *P, struct rpl_stmt *st)
{
	const struct rpl_tok	*t = next(P);
	uint32_t		 v;

	if (is_kw(t, "local-preference")) {
		st->kind = RPL_S_SET_LOCALPREF;
		return parse_val(P, &st->val, 4294967295U, 1, 0, 0,
		    "local-preference");
	}
	if (is_kw(t, "med")) {
		st->kind = RPL_S_SET_MED;
		return parse_val(P, &st->val, 4294967295U, 1, 1, 1, "med");
	}
	if (is_kw(t, "weight")) {
		st->kind = RPL_S_SET_WEIGHT;
		return parse_val(P, &st->val, 65535, 0, 0, 0, "weight");
	}
	if (is_kw(t, "tag")) {
		st->kind = RPL_S_SET_TAG;
		return parse_val(P, &st->val, 4294967295U, 0, 0, 0, "tag");
	}
	if (is_kw(t, "aigp-metric")) {
		st->kind = RPL_S_SET_AIGP;
		return parse_val(P, &st->val, 4294967295U, 1, 1, 0,
		    "aigp-metric");
	}
	if (is_kw(t, "origin")) {
		const struct rpl_tok	*w = peek(P);

		st->kind = RPL_S_SET_ORIGIN;
		if (w->type == RPL_T_WORD && rpl_is_param(w->s)) {
			next(P);
			if ((st->val.num.param = strdup(w->s)) == NULL) {
				oom(P);
				return -1;
			}
			return 0;
		}
		if (parse_enum(P, origin_names, 3, "origin", &v) == -1)
			return -1;
		st->val.num.v = v;
		return 0;
	}
	if (is_kw(t, "next-hop")) {
		st->kind = RPL_S_SET_NEXTHOP;
		return parse_nexthop(P, &st->nh);
	}
	if (is_kw(t, "community")) {
		st->kind = RPL_S_SET_COMMUNITY;
		return parse_set_comm(P, st, RPL_SET_COMMUNITY);
	}
	if (is_kw(t, "large-community")) {
		st->kind = RPL_S_SET_LARGECOMM;
		return parse_set_comm(P, st, RPL_SET_LARGECOMM);
	}
	if (is_kw(t, "extcommunity")) {
		const struct rpl_tok	*w = next(P);

		if (is_kw(w, "rt")) {
			st->kind = RPL_S_SET_EXT_RT;
			return parse_set_comm(P, st, RPL_SET_EXT_RT);
		}
		if (is_kw(w, "soo")) {
			st->kind = RPL_S_SET_EXT_SOO;
			return parse_set_comm(P, st, RPL_SET_EXT_SOO);
		}
		if (is_kw(w, "color")) {
			st->kind = RPL_S_SET_EXT_COLOR;
			return parse_set_comm(P, st, RPL_SET_EXT_OPAQUE);
		}
		rpl_err_at(P->err, w, "expected rt, soo or color after set "
		    "extcommunity, found '%s'", tokdesc(w));
		return -1;
	}
	if (is_kw(t, "metric-type")) {
		st->kind = RPL_S_SET_METRIC_TYPE;
		if (parse_enum(P, rpl_metric_type_names, RPL_MT_COUNT,
		    "metric-type", &v) == -1)
			return -1;
		st->val.num.v = v;
		return 0;
	}
	if (is_kw(t, "level")) {
		st->kind = RPL_S_SET_LEVEL;
		if (parse_enum(P, rpl_level_names, RPL_LEVEL_COUNT, "level",
		    &v) == -1)
			return -1;
		st->val.num.v = v;
		return 0;
	}
	if (is_kw(t, "isis-metric")) {
		st->kind = RPL_S_SET_ISIS_METRIC;
		return parse_val(P, &st->val, 16777215, 1, 0, 0,
		    "isis-metric");
	}
	if (is_kw(t, "ospf-metric")) {
		st->kind = RPL_S_SET_OSPF_METRIC;
		return parse_val(P, &st->val, 16777214, 1, 0, 0,
		    "ospf-metric");
	}
	if (is_kw(t, "path-selection")) {
		st->kind = RPL_S_SET_PATHSEL;
		return parse_pathsel(P, st);
	}
	if (is_kw(t, "dampening")) {
		st->kind = RPL_S_SET_DAMPENING;
		return parse_dampening(P, &st->damp);
	}
	rpl_err_at(P->err, t, "unknown set action '%s'", tokdesc(t));
	return -1;
}

static int
add_branch(struct parser *P, struct rpl_stmt *st, const struct rpl_tok *at)
{
	struct rpl_branch	*nv;

	nv = reallocarray(st->branches, st->nbranches + 1, sizeof(*nv));
	if (nv == NULL) {
		oom(P);
		return -1;
	}
	st->branches = nv;
	memset(&nv[st->nbranches], 0, sizeof(*nv));
	nv[st->nbranches].line = rpl_pos16(at->line);
	nv[st->nbranches].col = rpl_pos16(at->col);
	st->nbranches++;
	return 0;
}

static int
parse_if(struct parser *P, struct rpl_stmt *st, int depth)
{
	const struct rpl_tok	*t = &P->tk.v[P->i - 1];	/* if */

	st->kind = RPL_S_IF;
	for (;;) {
		struct rpl_branch	*b;

		if (add_branch(P, st, t) == -1)
			return -1;
		b = &st->branches[st->nbranches - 1];
		if (!is_kw(t, "else")) {
			P->nconds = 0;
			P->nest = 0;
			if ((b->cond = parse_or(P)) == NULL)
				return -1;
			if (!is_kw(peek(P), "then")) {
				rpl_err_at(P->err, peek(P), "expected 'then' "
				    "after the %s condition, found '%s'",
				    is_kw(t, "if") ? "if" : "elseif",
				    tokdesc(peek(P)));
				return -1;
			}
			next(P);
		}
		if (depth + 1 > RPL_MAX_IF_DEPTH) {
			rpl_err_at(P->err, t, "if statements nested too deeply: "
			    "more than %d levels", RPL_MAX_IF_DEPTH);
			return -1;
		}
		if (parse_block(P, &b->body, depth + 1) == -1)
			return -1;
		t = next(P);	/* elseif / else / endif (checked) */
		if (is_kw(t, "endif"))
			return 0;
		if (b->cond == NULL) {
			rpl_err_at(P->err, t, "expected 'endif' after else, "
			    "found '%s'", t->s);
			return -1;
		}
	}
}

static int
add_stmt(struct parser *P, struct rpl_block *b, const struct rpl_stmt *st)
{
	struct rpl_stmt	*nv;

	/* blocks are short: grow by one, policies are parsed once */
	if ((nv = reallocarray(b->v, b->n + 1, sizeof(*nv))) == NULL) {
		oom(P);
		return -1;
	}
	b->v = nv;
	b->v[b->n++] = *st;
	return 0;
}

static int
parse_stmt(struct parser *P, struct rpl_stmt *st, int depth)
{
	const struct rpl_tok	*t = next(P);

	memset(st, 0, sizeof(*st));
	st->line = rpl_pos16(t->line);
	st->col = rpl_pos16(t->col);
	if (t->type == RPL_T_REMARK) {
		st->kind = RPL_S_REMARK;
		if ((st->remark = strdup(t->s)) == NULL) {
			oom(P);
			return -1;
		}
		return 0;
	}
	if (t->type != RPL_T_WORD) {
		rpl_err_at(P->err, t, "unexpected '%s'", t->s);
		return -1;
	}
	if (is_kw(t, "if"))
		return parse_if(P, st, depth);
	if (is_kw(t, "pass")) {
		st->kind = RPL_S_PASS;
		return 0;
	}
	if (is_kw(t, "drop")) {
		st->kind = RPL_S_DROP;
		return 0;
	}
	if (is_kw(t, "done")) {
		st->kind = RPL_S_DONE;
		return 0;
	}
	if (is_kw(t, "apply")) {
		st->kind = RPL_S_APPLY;
		return parse_apply(P, &st->apply);
	}
	if (is_kw(t, "set"))
		return parse_set_stmt(P, st);
	if (is_kw(t, "delete")) {
		const struct rpl_tok	*w = next(P);

		if (is_kw(w, "community")) {
			st->kind = RPL_S_DELETE_COMMUNITY;
			return parse_delete(P, st, RPL_SET_COMMUNITY);
		}
		if (is_kw(w, "large-community")) {
			st->kind = RPL_S_DELETE_LARGECOMM;
			return parse_delete(P, st, RPL_SET_LARGECOMM);
		}
		if (is_kw(w, "extcommunity")) {
			st->kind = RPL_S_DELETE_EXT_RT;
			if (expect(P, "rt", "delete extcommunity") == -1)
				return -1;
			return parse_delete(P, st, RPL_SET_EXT_RT);
		}
		rpl_err_at(P->err, w, "expected community, large-community "
		    "or extcommunity rt after delete, found '%s'",
		    tokdesc(w));
		return -1;
	}
	if (is_kw(t, "prepend")) {
		st->kind = RPL_S_PREPEND;
		return parse_prepend(P, &st->prepend);
	}
	if (is_kw(t, "remove")) {
		st->kind = RPL_S_REMOVE_PRIVATE_AS;
		if (expect(P, "as-path", "remove") == -1 ||
		    expect(P, "private-as", "remove as-path") == -1)
			return -1;
		st->entire = (uint8_t)accept(P, "entire-aspath");
		return 0;
	}
	if (is_kw(t, "replace")) {
		st->kind = RPL_S_REPLACE_PRIVATE_AS;
		if (expect(P, "as-path", "replace") == -1 ||
		    expect(P, "private-as", "replace as-path") == -1)
			return -1;
		return 0;
	}
	if (is_kw(t, "suppress-route")) {
		st->kind = RPL_S_SUPPRESS_ROUTE;
		return 0;
	}
	if (is_kw(t, "unsuppress-route")) {
		st->kind = RPL_S_UNSUPPRESS_ROUTE;
		return 0;
	}
	rpl_err_at(P->err, t, "unknown statement '%s'", t->s);
	return -1;
}

/*
 * Statements up to the token that closes this level: end-policy at depth
 * 0, elseif / else / endif inside an if (left for parse_if()).
 */
static int
parse_block(struct parser *P, struct rpl_block *b, int depth)
{
	for (;;) {
		const struct rpl_tok	*t = peek(P);
		struct rpl_stmt		 st;

		if (t->type == RPL_T_EOF) {
			rpl_err_at(P->err, t, depth > 0 ? "missing endif" :
			    "missing end-policy");
			return -1;
		}
		if (is_kw(t, "elseif") || is_kw(t, "else") ||
		    is_kw(t, "endif")) {
			if (depth > 0)
				return 0;
			rpl_err_at(P->err, t, "'%s' without a matching if",
			    t->s);
			return -1;
		}
		if (is_end_policy(t)) {
			if (depth == 0)
				return 0;
			rpl_err_at(P->err, t, "missing endif before "
			    "end-policy");
			return -1;
		}
		if (is_kw(t, "then")) {
			rpl_err_at(P->err, t, "'then' without if");
			return -1;
		}
		if (parse_stmt(P, &st, depth) == -1) {
			rpl_stmt_clear(&st);
			return -1;
		}
		if (add_stmt(P, b, &st) == -1) {
			rpl_stmt_clear(&st);
			return -1;
		}
	}
}

static int
add_param(struct parser *P, struct rpl_policy *p, const struct rpl_tok *t)
{
	char	**nv;
	size_t	 i;

	if (t->type != RPL_T_WORD || !rpl_is_param(t->s)) {
		rpl_err_at(P->err, t, "invalid parameter '%s': expected "
		    "$name", tokdesc(t));
		return -1;
	}
	for (i = 0; i < p->nparams; i++)
		if (strcmp(p->params[i], t->s) == 0) {
			rpl_err_at(P->err, t, "duplicate parameter '%s'",
			    t->s);
			return -1;
		}
	if ((nv = reallocarray(p->params, p->nparams + 1, sizeof(*nv)))
	    == NULL) {
		oom(P);
		return -1;
	}
	p->params = nv;
	if ((nv[p->nparams] = strdup(t->s)) == NULL) {
		oom(P);
		return -1;
	}
	p->nparams++;
	return 0;
}

struct rpl_policy *
rpl_parse_policy(const char *text, struct rpl_err *err)
{
	struct parser		 P;
	struct rpl_policy	*p = NULL;
	const struct rpl_tok	*t;
	size_t			 body;

	if (lex_or_fail(&P, text, err) == -1)
		return NULL;
	t = next(&P);
	if (!is_kw(t, "route-policy")) {
		rpl_err_at(err, t, "expected 'route-policy', found '%s'",
		    tokdesc(t));
		goto fail;
	}
	t = next(&P);
	if (t->type != RPL_T_WORD || !rpl_valid_name(t->s)) {
		rpl_err_at(err, t, "invalid route-policy name '%s'",
		    tokdesc(t));
		goto fail;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->name = strdup(t->s)) == NULL) {
		oom(&P);
		goto fail;
	}
	p->refcount = 1;
	if (peek(&P)->type == RPL_T_LPAREN) {
		next(&P);
		for (;;) {
			if (add_param(&P, p, next(&P)) == -1)
				goto fail;
			t = next(&P);
			if (t->type == RPL_T_RPAREN)
				break;
			if (t->type != RPL_T_COMMA) {
				rpl_err_at(err, t, "expected ',' or ')' in "
				    "the parameter list, found '%s'",
				    tokdesc(t));
				goto fail;
			}
		}
	}
	P.params = p->params;
	P.nparams = p->nparams;
	body = P.i;
	if (check_params(&P, body) == -1)
		goto fail;
	if (parse_block(&P, &p->body, 0) == -1)
		goto fail;
	t = next(&P);	/* end-policy */
	p->nlines = rpl_pos16(t->line);
	if (expect_eof(&P, "end-policy") == -1)
		goto fail;
	rpl_toks_free(&P.tk);
	return p;
fail:
	rpl_policy_put(p);
	rpl_toks_free(&P.tk);
	return NULL;
}
