/*
 * rpl_line: checks on single lines of a block being typed, so the CLI can
 * follow if/endif nesting in the prompt and reject a bad set element as
 * soon as it is typed (as XR does), before the block is parsed whole.
 * Lines come with the indentation they were typed with, so columns in
 * errors count it.
 */
#include <string.h>

#include "core/rpl/rpl_int.h"

int
rpl_line_scan(const char *line, void (*cb)(const char *, void *), void *arg,
    struct rpl_err *err)
{
	struct rpl_toks	 tk;
	size_t		 i;

	if (rpl_lex(line, &tk, err) == -1)
		return -1;
	for (i = 0; i < tk.n; i++) {
		const struct rpl_tok	*t = &tk.v[i];

		if (t->type != RPL_T_WORD)
			continue;
		if (cb != NULL && (strcmp(t->s, "if") == 0 ||
		    strcmp(t->s, "elseif") == 0 || strcmp(t->s, "else") == 0 ||
		    strcmp(t->s, "endif") == 0))
			cb(t->s, arg);
	}
	rpl_toks_free(&tk);
	return 0;
}

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A length after a blank: digits, as parse_u32() reads them. */
static int
fast_num(const char **pp, unsigned *v)
{
	const char	*p = *pp;
	unsigned	 x = 0;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((x = x * 10 + (unsigned)(*p - '0')) > 255)
			return 0;	/* out of range: the full check says */
	*v = x;
	*pp = p;
	return 1;
}

/* `KW N` after at least one blank; *pp moves past it. */
static int
fast_kw(const char **pp, const char *kw, unsigned *v)
{
	const char	*p = *pp;

	if (*p != ' ' && *p != '\t')
		return 0;
	p = skip_blanks(p);
	if (p[0] != kw[0] || p[1] != kw[1] || (p[2] != ' ' && p[2] != '\t'))
		return 0;
	p = skip_blanks(p + 2);
	if (!fast_num(&p, v))
		return 0;
	*pp = p;
	return 1;
}

/*
 * The common prefix-set line -- `A.B.C.D/N`, then `eq X`, or `ge X` and/or
 * `le Y`, then an optional comma, blanks and tabs between -- checked
 * without the lexer: a large pasted set is mostly such lines.  1 only
 * when the full check below accepts the line, by the same rules
 * (pfx_parse() in rpl_sets.c); 0 leaves it to the full check, which
 * also words any error.
 */
static int
pfx_line_fast(const char *s)
{
	struct xaddr	 a;
	char		 buf[16];
	const char	*p;
	unsigned	 len, ge = 0, le = 0, eq;

	s = skip_blanks(s);
	for (p = s; (*p >= '0' && *p <= '9') || *p == '.'; p++)
		;
	if (*p != '/' || p == s || (size_t)(p - s) >= sizeof(buf))
		return 0;
	memcpy(buf, s, (size_t)(p - s));
	buf[p - s] = '\0';
	p++;
	if (addr_parse_v4(buf, &a) == -1 || !fast_num(&p, &len) || len > 32)
		return 0;
	if (fast_kw(&p, "eq", &eq)) {
		if (eq < len || eq > 32)
			return 0;
	} else {
		if (fast_kw(&p, "ge", &ge) && (ge < len || ge > 32))
			return 0;
		if (fast_kw(&p, "le", &le) && (le < len || le > 32 ||
		    (ge != 0 && le < ge)))
			return 0;
	}
	p = skip_blanks(p);
	if (*p == ',')
		p++;
	return *skip_blanks(p) == '\0';
}

int
rpl_set_line_check(enum rpl_set_kind kind, const char *line,
    struct rpl_err *err)
{
	struct rpl_toks	 tk;
	size_t		 i, start = 0;
	int		 rc = 0;

	memset(err, 0, sizeof(*err));
	if (kind == RPL_SET_PREFIX && pfx_line_fast(line))
		return 0;
	if (rpl_lex(line, &tk, err) == -1)
		return -1;
	for (i = 0; i < tk.n && rc == 0; i++) {
		const struct rpl_tok	*t = &tk.v[i];
		struct rpl_elem		 e;
		unsigned		 flags = 0;

		if (t->type == RPL_T_REMARK)
			break;
		if (t->type == RPL_T_WORD || t->type == RPL_T_QUOTED)
			continue;
		if (t->type != RPL_T_COMMA && t->type != RPL_T_EOF) {
			rpl_err_at(err, t, "unexpected '%s'", t->s);
			rc = -1;
			break;
		}
		if (i == start) {
			/* an empty element: only the end after a comma */
			if (t->type == RPL_T_COMMA) {
				rpl_err_at(err, t, "missing set element "
				    "before ','");
				rc = -1;
			}
			start = i + 1;
			continue;
		}
		if (rpl_elem_parse(kind, &tk.v[start], i - start, &e, &flags,
		    err) == -1)
			rc = -1;
		else {
			rpl_elem_clear(kind, &e);
			if (flags & (RPL_SETF_PARAM | RPL_SETF_PEERAS)) {
				rpl_err_at(err, &tk.v[start], "parameters and "
				    "peeras are only allowed in inline sets");
				rc = -1;
			}
		}
		start = i + 1;
	}
	rpl_toks_free(&tk);
	return rc;
}
