/*
 * match: NFA simulation over the row automata; see match.h.
 *
 * A walk keeps, per token, the set of live (row, state, no-form) entries.
 * Invariant: within one step the entries of a row are contiguous (every
 * entry is added together with its epsilon closure, in row order), so
 * duplicates are found by looking back over the same row only.  Entries
 * point at their predecessor, so the bound tokens of the accepted entry
 * are read back along that chain.  An entry that took a LINE argument is
 * `done`: it has consumed the rest of the line and is carried to the end.
 */
#include <stdlib.h>
#include <string.h>

#include "shell/match.h"
#include "shell/cli_int.h"

enum mclass {
	MC_NONE, MC_WORD, MC_HIDDEN_PREFIX, MC_PREFIX, MC_TYPED, MC_EXACT
};

struct ment {
	const struct grow	*row;
	unsigned short		 state;
	unsigned char		 no, done;
	int			 prev;		/* entry index, -1 at start */
	int			 elem;		/* element taken, -1 for eps */
	size_t			 tok;		/* token it consumed */
};

struct walk {
	struct ment	*e;
	size_t		 n, cap;
	size_t		 begin;		/* first entry of the current step */
	int		 oom;
};

static int
walk_push(struct walk *w, const struct ment *m)
{
	size_t	 i;

	for (i = w->n; i > w->begin && w->e[i - 1].row == m->row; i--) {
		const struct ment	*o = &w->e[i - 1];

		if (o->state == m->state && o->no == m->no &&
		    o->done == m->done)
			return -1;	/* already there */
	}
	if (w->n == w->cap) {
		size_t		 ncap = w->cap ? w->cap * 2 : 256;
		struct ment	*ne = reallocarray(w->e, ncap, sizeof(*ne));

		if (ne == NULL) {
			w->oom = 1;
			return -1;
		}
		w->e = ne;
		w->cap = ncap;
	}
	w->e[w->n] = *m;
	return (int)w->n++;
}

/* pushes m and everything reachable from it by epsilon edges */
static void
walk_add(struct walk *w, const struct ment *m)
{
	size_t	 i;
	int	 idx;

	if (m->done) {
		walk_push(w, m);
		return;
	}
	if ((idx = walk_push(w, m)) < 0)
		return;
	for (i = 0; i < m->row->nedges; i++) {
		const struct gedge	*g = &m->row->edges[i];
		struct ment		 n;

		if (g->kind != GD_EPS || g->from != m->state)
			continue;
		n = w->e[idx];
		n.state = g->to;
		n.prev = idx;
		n.elem = -1;
		walk_add(w, &n);
	}
}

static enum mclass
classify(const struct grow *r, const struct gelem *el, const char *tok)
{
	if (el->kind == GE_KW) {
		if (strcmp(el->text, tok) == 0)
			return MC_EXACT;
		if (tok[0] != '\0' && strncmp(el->text, tok, strlen(tok)) == 0)
			return (r->cmd->flags & CMDF_HIDDEN) ? MC_HIDDEN_PREFIX :
			    MC_PREFIX;
		return MC_NONE;
	}
	switch (types_match(&el->type, tok)) {
	case TM_TYPED:
		return MC_TYPED;
	case TM_WORD:
		return MC_WORD;
	default:
		return MC_NONE;
	}
}

static void
walk_start(struct walk *w, const struct rowset *rs)
{
	size_t	 i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < rs->n; i++) {
		struct ment	 m;

		memset(&m, 0, sizeof(m));
		m.row = rs->rows[i];
		m.prev = -1;
		m.elem = -1;
		walk_add(w, &m);
	}
}

/*
 * Advances the walk over token t (index ti).  Returns M_OK, M_INVALID or
 * M_AMBIGUOUS.
 */
static enum mstatus
walk_step(struct walk *w, const struct token *t, size_t ti)
{
	size_t		 i, j, pbegin = w->begin, end = w->n, ndone = 0;
	enum mclass	 best = MC_NONE;
	const char	*pfx_kw = NULL;

	for (i = pbegin; i < end; i++) {
		const struct ment	*m = &w->e[i];

		if (m->done) {
			ndone++;
			continue;
		}
		for (j = 0; j < m->row->nedges; j++) {
			const struct gedge	*g = &m->row->edges[j];
			const struct gelem	*el;
			enum mclass		 c;

			if (g->kind != GD_TOK || g->from != m->state)
				continue;
			el = &m->row->elems[g->elem];
			c = classify(m->row, el, t->s);
			if (c > best) {
				best = c;
				pfx_kw = NULL;
			}
			if (c == best && (c == MC_PREFIX ||
			    c == MC_HIDDEN_PREFIX)) {
				if (pfx_kw != NULL && strcmp(pfx_kw, el->text))
					return M_AMBIGUOUS;
				pfx_kw = el->text;
			}
		}
	}
	if (best == MC_NONE && ndone == 0)
		return M_INVALID;
	w->begin = end;
	for (i = pbegin; i < end; i++) {
		struct ment	 m = w->e[i];

		if (m.done) {
			walk_push(w, &m);
			continue;
		}
		if (best == MC_NONE)
			continue;
		for (j = 0; j < m.row->nedges; j++) {
			const struct gedge	*g = &m.row->edges[j];
			const struct gelem	*el;
			struct ment		 n;

			if (g->kind != GD_TOK || g->from != m.state)
				continue;
			el = &m.row->elems[g->elem];
			if (classify(m.row, el, t->s) != best ||
			    (pfx_kw != NULL && strcmp(pfx_kw, el->text) != 0))
				continue;
			n = m;
			n.state = g->to;
			n.prev = (int)i;
			n.elem = g->elem;
			n.tok = ti;
			n.no = m.no || el->is_no;
			n.done = el->kind == GE_ARG &&
			    el->type.kind == TK_LINE;
			walk_add(w, &n);
		}
	}
	return M_OK;
}

static int
ment_accepts(const struct ment *m)
{
	if (m->done)
		return 1;
	return m->no ? m->row->no_accept[m->state] :
	    m->row->accept[m->state];
}

/* Walks tok[0..n); on error fills res and returns its status. */
static enum mstatus
walk_tokens(struct walk *w, const struct rowset *rs, const struct token *tok,
    size_t n, struct match_result *res)
{
	size_t		 i;
	enum mstatus	 st;

	memset(res, 0, sizeof(*res));
	walk_start(w, rs);
	for (i = 0; i < n; i++) {
		if ((st = walk_step(w, &tok[i], i)) != M_OK) {
			res->status = st;
			res->bad_tok = i;
			res->bad_off = tok[i].off;
			res->reached = i;
			return st;
		}
	}
	res->reached = n;
	return M_OK;
}

struct cmd_args *
args_new(const char *line)
{
	struct cmd_args	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->line = line;
	return a;
}

int
args_add(struct cmd_args *a, const char *name, const char *value, size_t len)
{
	struct cmd_arg	*nv;

	if ((nv = reallocarray(a->v, a->n + 1, sizeof(*nv))) == NULL)
		return -1;
	a->v = nv;
	if ((nv[a->n].value = strndup(value, len)) == NULL)
		return -1;
	nv[a->n].name = name;
	a->n++;
	return 0;
}

void
args_free(struct cmd_args *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		free(a->v[i].value);
	free(a->v);
	free(a);
}

static int
bind_args(const struct walk *w, int idx, const char *line,
    const struct token *tok, size_t seg_end, struct match_result *res)
{
	int		*chain, i;
	size_t		 n = 0, k;
	struct cmd_args	*a;

	for (i = idx; i >= 0; i = w->e[i].prev)
		if (w->e[i].elem >= 0)
			n++;
	if ((chain = calloc(n + 1, sizeof(*chain))) == NULL)
		return -1;
	for (k = n, i = idx; i >= 0; i = w->e[i].prev)
		if (w->e[i].elem >= 0)
			chain[--k] = i;
	if ((a = args_new(line + strspn(line, " \t"))) == NULL) {
		free(chain);
		return -1;
	}
	res->line_tok = (size_t)-1;
	for (k = 0; k < n; k++) {
		const struct ment	*m = &w->e[chain[k]];
		const struct gelem	*el = &m->row->elems[m->elem];
		const struct token	*t = &tok[m->tok];
		int			 rc;

		if (el->is_no) {
			a->no = 1;
			continue;
		}
		if (el->kind == GE_KW)
			rc = args_add(a, el->text, el->text, strlen(el->text));
		else if (el->type.kind == TK_LINE) {
			size_t	 e = seg_end;

			while (e > t->off && (line[e - 1] == ' ' ||
			    line[e - 1] == '\t' || line[e - 1] == '\r' ||
			    line[e - 1] == '\n'))
				e--;
			res->line_tok = m->tok;
			rc = args_add(a, el->text, line + t->off, e - t->off);
		} else
			rc = args_add(a, el->text, t->s, strlen(t->s));
		if (rc != 0) {
			args_free(a);
			free(chain);
			return -1;
		}
	}
	free(chain);
	res->args = a;
	return 0;
}

enum mstatus
match_line(const struct rowset *rs, const char *line, const struct token *tok,
    size_t n, size_t seg_end, struct match_result *res)
{
	struct walk	 w;
	size_t		 i;
	enum mstatus	 st;

	if ((st = walk_tokens(&w, rs, tok, n, res)) != M_OK) {
		free(w.e);
		return st;
	}
	res->status = M_INCOMPLETE;
	for (i = w.begin; i < w.n; i++)
		if (ment_accepts(&w.e[i])) {
			res->row = w.e[i].row;
			res->status = M_OK;
			if (bind_args(&w, (int)i, line, tok, seg_end, res) != 0)
				res->status = M_INVALID;	/* no memory */
			break;
		}
	if (n == 0 && res->status == M_INCOMPLETE) {
		res->bad_off = 0;
		res->reached = 0;
	}
	free(w.e);
	return res->status;
}

void
match_result_free(struct match_result *res)
{
	args_free(res->args);
	res->args = NULL;
}

int
match_is_keyword(const struct rowset *rs, const char *word)
{
	size_t	 i, j;

	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->rows[i]->nelems; j++)
			if (rs->rows[i]->elems[j].kind == GE_KW &&
			    strcmp(rs->rows[i]->elems[j].text, word) == 0)
				return 1;
	return 0;
}

/* ---- candidates for `?` and TAB ---- */

static void
cand_add(struct cands *c, const char *word, const char *help, int is_kw)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].word, word) == 0)
			return;
	if (c->n == c->cap) {
		size_t		 ncap = c->cap ? c->cap * 2 : 16;
		struct cand	*nv = reallocarray(c->v, ncap, sizeof(*nv));

		if (nv == NULL)
			return;
		c->v = nv;
		c->cap = ncap;
	}
	if ((c->v[c->n].word = strdup(word)) == NULL)
		return;
	c->v[c->n].help = help != NULL ? help : "";
	c->v[c->n].is_kw = is_kw;
	c->n++;
}

static void
dyn_add(void *ctx, const char *word, const char *help)
{
	struct cands	*c = ctx;

	cand_add(c, word, help, 1);
}

struct dynctx {
	struct cands	*c;
	const char	*prefix;
};

static void
dyn_add_prefix(void *ctx, const char *word, const char *help)
{
	struct dynctx	*d = ctx;

	if (strncmp(word, d->prefix, strlen(d->prefix)) == 0)
		dyn_add(d->c, word, help);
}

static void
edge_cands(const struct grow *r, const struct gelem *el, struct cli *cli,
    const char *partial, int complete, struct cands *c)
{
	const char	*p = partial != NULL ? partial : "";

	if (el->kind == GE_KW) {
		if (strncmp(el->text, p, strlen(p)) == 0)
			cand_add(c, el->text, el->help, 1);
		return;
	}
	if (el->type.kind == TK_LINE && (r->cmd->flags & CMDF_EXECLINE)) {
		struct cands		 sub;
		struct match_result	 res;
		size_t			 i;

		memset(&sub, 0, sizeof(sub));
		match_cands(grammar_rows(MODE_EXEC), cli, "", NULL, 0,
		    partial, complete, &sub, &res);
		for (i = 0; i < sub.n; i++)
			cand_add(c, sub.v[i].word, sub.v[i].help,
			    sub.v[i].is_kw);
		cands_free(&sub);
		return;
	}
	if (el->type.label[0] == '\0')
		return;		/* a `rest` catch-all: never offered */
	if (complete) {
		if (el->type.kind == TK_FN && el->type.type->complete != NULL &&
		    cli != NULL) {
			struct dynctx	 d = { c, p };

			el->type.type->complete(cli, p, dyn_add_prefix, &d);
		}
		return;
	}
	if (partial != NULL && types_match(&el->type, partial) == TM_NONE)
		return;
	cand_add(c, el->type.label, el->help, 0);
	if (el->type.label2 != NULL)
		cand_add(c, el->type.label2, el->help, 0);
}

/*
 * `?` lists `|` after commands that print something: exec commands and
 * `show` in config modes, not configuration lines.
 */
static int
offers_pipe(const struct grow *r)
{
	size_t	 i;

	if (r->cmd->flags & CMDF_NOPIPE)
		return 0;
	if (r->mode == MODE_EXEC)
		return 1;
	for (i = 0; i < r->nelems; i++)
		if (!r->elems[i].is_no)
			return strcmp(r->elems[i].text, "show") == 0;
	return 0;
}

enum mstatus
match_cands(const struct rowset *rs, struct cli *cli, const char *line,
    const struct token *tok, size_t n, const char *partial, int complete,
    struct cands *c, struct match_result *res)
{
	struct walk	 w;
	size_t		 i, j;
	enum mstatus	 st;

	if ((st = walk_tokens(&w, rs, tok, n, res)) != M_OK) {
		free(w.e);
		return st;
	}
	for (i = w.begin; i < w.n; i++) {
		const struct ment	*m = &w.e[i];

		if (m->row->cmd->flags & CMDF_HIDDEN)
			continue;
		if (m->done && (m->row->cmd->flags & CMDF_EXECLINE)) {
			/* `do ...`: describe the exec command after it */
			size_t			 k = i, lt;
			struct match_result	 sub;

			while (w.e[k].elem < 0 ||
			    w.e[k].row->elems[w.e[k].elem].kind != GE_ARG)
				k = (size_t)w.e[k].prev;
			lt = w.e[k].tok;
			st = match_cands(grammar_rows(MODE_EXEC), cli, line,
			    tok + lt, n - lt, partial, complete, c, &sub);
			if (st != M_OK) {
				*res = sub;
				res->bad_tok += lt;
				res->reached += lt;
				free(w.e);
				return st;
			}
			continue;
		}
		if (ment_accepts(m) && partial == NULL) {
			c->cr = 1;
			if (offers_pipe(m->row))
				c->pipe = 1;
			if (m->row->cmd->flags & CMDF_JSON)
				c->json = 1;
		}
		if (m->done) {
			if (partial == NULL) {
				c->cr = 1;
			}
			continue;
		}
		for (j = 0; j < m->row->nedges; j++) {
			const struct gedge	*g = &m->row->edges[j];

			if (g->kind != GD_TOK || g->from != m->state)
				continue;
			edge_cands(m->row, &m->row->elems[g->elem], cli,
			    partial, complete, c);
		}
	}
	(void)line;
	free(w.e);
	return M_OK;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	return strcmp(x->word, y->word);
}

void
cands_sort(struct cands *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(c->v[0]), cand_cmp);
}

void
cands_free(struct cands *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].word);
	free(c->v);
	memset(c, 0, sizeof(*c));
}
