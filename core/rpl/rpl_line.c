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

int
rpl_set_line_check(enum rpl_set_kind kind, const char *line,
    struct rpl_err *err)
{
	struct rpl_toks	 tk;
	size_t		 i, start = 0;
	int		 rc = 0;

	memset(err, 0, sizeof(*err));
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
