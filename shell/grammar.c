/*
 * grammar: mode table, installed rows, help dictionary, and the compiler
 * from grammar strings to automata; see grammar.h.
 *
 * A row compiles to states 0..nstates-1: state 0 is the start, which for
 * a "[no]" row has a `no` keyword edge and an epsilon edge to state 1
 * where the rest of the row begins.  `[x]` adds an epsilon edge around x,
 * `(a|b)` branches, `<x:t>...` loops on its own end state.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/grammar.h"

#define MODES_MAX	64
#define INSTALLS_MAX	256
#define GTOK_MAX	128

struct install {
	int			 mode;
	const struct cmd	*rows;
};

struct helpent {
	char	*kw;
	char	*help;
};

static const struct mode_def	*modes[MODES_MAX];
static struct install		 installs[INSTALLS_MAX];
static size_t			 ninstalls;
static struct helpent		*dict;
static size_t			 ndict, capdict;

/* compiled state, rebuilt when rows or modes change */
static int			 dirty = 1;
static struct grow		**all;
static size_t			 nall;
static struct rowset		 sets[MODES_MAX + 3];

static const char	*builtin_help[][2] = {
	{ "no",		"Negate a command or set its defaults" },
};

static void	build(void);

void
cli_mode_define(const struct mode_def *m)
{
	if (m->id >= 0 && m->id < MODES_MAX) {
		modes[m->id] = m;
		dirty = 1;
	}
}

void
grammar_invalidate(void)
{
	dirty = 1;
}

const struct mode_def *
grammar_mode(int mode)
{
	if (mode < 0 || mode >= MODES_MAX)
		return NULL;
	return modes[mode];
}

int
grammar_mode_is_block(int mode)
{
	const struct mode_def	*m = grammar_mode(mode);

	return m != NULL && (m->flags & MODEF_BLOCK);
}

void
cli_install(int mode, const struct cmd *rows)
{
	if (ninstalls == INSTALLS_MAX)
		return;
	installs[ninstalls].mode = mode;
	installs[ninstalls].rows = rows;
	ninstalls++;
	dirty = 1;
}

void
cli_help_define(const char *kw, const char *help)
{
	size_t	 i;
	char	*h;

	for (i = 0; i < ndict; i++)
		if (strcmp(dict[i].kw, kw) == 0)
			break;
	if ((h = strdup(help)) == NULL)
		return;
	dirty = 1;
	if (i < ndict) {
		free(dict[i].help);
		dict[i].help = h;
		return;
	}
	if (ndict == capdict) {
		size_t		 ncap = capdict ? capdict * 2 : 64;
		struct helpent	*nd = reallocarray(dict, ncap, sizeof(*nd));

		if (nd == NULL) {
			free(h);
			return;
		}
		dict = nd;
		capdict = ncap;
	}
	if ((dict[ndict].kw = strdup(kw)) == NULL) {
		free(h);
		return;
	}
	dict[ndict].help = h;
	ndict++;
}

const char *
grammar_help(const struct cmd *c, const char *token)
{
	size_t	 i, tl = strlen(token);

	for (i = 0; c != NULL && i < CMD_HELP_MAX && c->help[i] != NULL; i++)
		if (strncmp(c->help[i], token, tl) == 0 &&
		    c->help[i][tl] == '=')
			return c->help[i] + tl + 1;
	for (i = 0; i < ndict; i++)
		if (strcmp(dict[i].kw, token) == 0)
			return dict[i].help;
	for (i = 0; i < sizeof(builtin_help) / sizeof(builtin_help[0]); i++)
		if (strcmp(builtin_help[i][0], token) == 0)
			return builtin_help[i][1];
	return NULL;
}

/* ---- compiler ---- */

struct gparse {
	char		*toks[GTOK_MAX];
	size_t		 ntok, pos;
	struct grow	*row;
	size_t		 capelems, capedges;
	char		*err;
	size_t		 errlen;
};

static int
gsplit(struct gparse *p, const char *g)
{
	const char	*s = g;

	while (*s != '\0') {
		const char	*b;
		size_t		 n;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		b = s;
		if (strchr("[]()|", *s) != NULL)
			s++;
		else if (*s == '<') {
			while (*s != '\0' && *s != '>')
				s++;
			if (*s != '>') {
				snprintf(p->err, p->errlen, "unterminated <");
				return -1;
			}
			s++;
			if (strncmp(s, "...", 3) == 0)
				s += 3;
		} else
			while (*s != '\0' && !isspace((unsigned char)*s) &&
			    strchr("[]()|<", *s) == NULL)
				s++;
		n = (size_t)(s - b);
		if (p->ntok == GTOK_MAX) {
			snprintf(p->err, p->errlen, "too many tokens");
			return -1;
		}
		if ((p->toks[p->ntok] = strndup(b, n)) == NULL) {
			snprintf(p->err, p->errlen, "out of memory");
			return -1;
		}
		p->ntok++;
	}
	return 0;
}

static int
new_state(struct gparse *p)
{
	if (p->row->nstates >= 60000) {
		snprintf(p->err, p->errlen, "grammar too large");
		return -1;
	}
	return p->row->nstates++;
}

static int
add_edge(struct gparse *p, int from, int to, int kind, size_t elem)
{
	struct grow	*r = p->row;

	if (r->nedges == p->capedges) {
		size_t		 ncap = p->capedges ? p->capedges * 2 : 16;
		struct gedge	*ne = reallocarray(r->edges, ncap, sizeof(*ne));

		if (ne == NULL) {
			snprintf(p->err, p->errlen, "out of memory");
			return -1;
		}
		r->edges = ne;
		p->capedges = ncap;
	}
	r->edges[r->nedges].from = (unsigned short)from;
	r->edges[r->nedges].to = (unsigned short)to;
	r->edges[r->nedges].kind = (unsigned char)kind;
	r->edges[r->nedges].elem = (unsigned short)elem;
	r->nedges++;
	return 0;
}

static int
add_elem(struct gparse *p, const struct gelem *e)
{
	struct grow	*r = p->row;

	if (r->nelems == p->capelems) {
		size_t		 ncap = p->capelems ? p->capelems * 2 : 8;
		struct gelem	*ne = reallocarray(r->elems, ncap, sizeof(*ne));

		if (ne == NULL) {
			snprintf(p->err, p->errlen, "out of memory");
			return -1;
		}
		r->elems = ne;
		p->capelems = ncap;
	}
	r->elems[r->nelems] = *e;
	return (int)r->nelems++;
}

static int	parse_alts(struct gparse *, int from, const char *closer);

/* <name:type> or <name:type>... */
static int
parse_arg(struct gparse *p, const char *tok, int *repeat, struct gelem *e)
{
	char		 buf[128];
	char		*colon;
	size_t		 n = strlen(tok), i;

	*repeat = 0;
	if (n >= 3 && strcmp(tok + n - 3, "...") == 0) {
		*repeat = 1;
		n -= 3;
	}
	if (n < 3 || n - 2 >= sizeof(buf)) {
		snprintf(p->err, p->errlen, "bad argument %s", tok);
		return -1;
	}
	memcpy(buf, tok + 1, n - 2);
	buf[n - 2] = '\0';
	if ((colon = strchr(buf, ':')) == NULL || colon == buf) {
		snprintf(p->err, p->errlen, "argument %s needs name:type",
		    tok);
		return -1;
	}
	*colon = '\0';
	if (types_resolve(colon + 1, &e->type) != 0) {
		snprintf(p->err, p->errlen, "unknown type \"%s\" in %s",
		    colon + 1, tok);
		return -1;
	}
	for (i = 0; i < p->row->nelems; i++)
		if (p->row->elems[i].kind == GE_ARG &&
		    strcmp(p->row->elems[i].text, buf) == 0) {
			snprintf(p->err, p->errlen,
			    "argument name \"%s\" used twice", buf);
			return -1;
		}
	e->kind = GE_ARG;
	if ((e->text = strdup(buf)) == NULL) {
		snprintf(p->err, p->errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* A sequence up to `|` or the closer; returns its end state or -1. */
static int
parse_seq(struct gparse *p, int from, const char *closer)
{
	int	 cur = from;

	while (p->pos < p->ntok) {
		const char	*t = p->toks[p->pos];
		struct gelem	 e;
		int		 s, ei, repeat = 0;

		if (strcmp(t, "|") == 0 || (closer != NULL &&
		    strcmp(t, closer) == 0))
			break;
		if (strcmp(t, "]") == 0 || strcmp(t, ")") == 0) {
			snprintf(p->err, p->errlen, "unbalanced %s", t);
			return -1;
		}
		p->pos++;
		if (strcmp(t, "[") == 0) {
			if ((s = parse_alts(p, cur, "]")) < 0 ||
			    add_edge(p, cur, s, GD_EPS, 0) != 0)
				return -1;
			cur = s;
			continue;
		}
		if (strcmp(t, "(") == 0) {
			if ((s = parse_alts(p, cur, ")")) < 0)
				return -1;
			cur = s;
			continue;
		}
		memset(&e, 0, sizeof(e));
		if (t[0] == '<') {
			if (parse_arg(p, t, &repeat, &e) != 0)
				return -1;
		} else {
			e.kind = GE_KW;
			if ((e.text = strdup(t)) == NULL) {
				snprintf(p->err, p->errlen, "out of memory");
				return -1;
			}
		}
		if ((ei = add_elem(p, &e)) < 0) {
			free(e.text);
			return -1;
		}
		if ((s = new_state(p)) < 0 ||
		    add_edge(p, cur, s, GD_TOK, (size_t)ei) != 0)
			return -1;
		if (repeat && add_edge(p, s, s, GD_TOK, (size_t)ei) != 0)
			return -1;
		cur = s;
	}
	return cur;
}

static int
parse_alts(struct gparse *p, int from, const char *closer)
{
	int	 end, e;

	if ((end = new_state(p)) < 0)
		return -1;
	for (;;) {
		if ((e = parse_seq(p, from, closer)) < 0 ||
		    add_edge(p, e, end, GD_EPS, 0) != 0)
			return -1;
		if (p->pos >= p->ntok) {
			snprintf(p->err, p->errlen, "missing %s", closer);
			return -1;
		}
		if (strcmp(p->toks[p->pos++], "|") != 0)
			return end;	/* the closer */
	}
}

static int
closure_flags(struct grow *r)
{
	int	 changed = 1;
	size_t	 i;

	if ((r->accept = calloc(r->nstates, 1)) == NULL ||
	    (r->no_accept = calloc(r->nstates, 1)) == NULL)
		return -1;
	r->accept[r->final] = r->no_accept[r->final] = 1;
	while (changed) {
		changed = 0;
		for (i = 0; i < r->nedges; i++) {
			const struct gedge	*e = &r->edges[i];
			int			 arg;

			arg = e->kind == GD_TOK &&
			    r->elems[e->elem].kind == GE_ARG;
			if (e->kind == GD_EPS && r->accept[e->to] &&
			    !r->accept[e->from]) {
				r->accept[e->from] = 1;
				changed = 1;
			}
			if ((e->kind == GD_EPS || arg) && r->no_accept[e->to] &&
			    !r->no_accept[e->from]) {
				r->no_accept[e->from] = 1;
				changed = 1;
			}
		}
	}
	return 0;
}

struct grow *
grammar_compile(const struct cmd *c, int mode, char *err, size_t errlen)
{
	struct gparse	 p;
	struct grow	*r;
	size_t		 i;
	int		 end;

	memset(&p, 0, sizeof(p));
	p.err = err;
	p.errlen = errlen;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->cmd = c;
	r->mode = mode;
	p.row = r;
	if (gsplit(&p, c->grammar) != 0)
		goto fail;
	r->nstates = 2;
	if (p.ntok >= 3 && strcmp(p.toks[0], "[") == 0 &&
	    strcmp(p.toks[1], "no") == 0 && strcmp(p.toks[2], "]") == 0) {
		struct gelem	 e;
		int		 ei;

		memset(&e, 0, sizeof(e));
		e.kind = GE_KW;
		e.is_no = 1;
		if ((e.text = strdup("no")) == NULL ||
		    (ei = add_elem(&p, &e)) < 0) {
			free(e.text);
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		r->has_no = 1;
		p.pos = 3;
		if (add_edge(&p, 0, 1, GD_TOK, (size_t)ei) != 0)
			goto fail;
	}
	if (add_edge(&p, 0, 1, GD_EPS, 0) != 0)
		goto fail;
	if (p.pos == p.ntok) {
		snprintf(err, errlen, "empty grammar");
		goto fail;
	}
	if ((end = parse_seq(&p, 1, NULL)) < 0)
		goto fail;
	if (p.pos != p.ntok) {
		snprintf(err, errlen, "unexpected %s", p.toks[p.pos]);
		goto fail;
	}
	r->final = (unsigned short)end;
	if (closure_flags(r) != 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < r->nelems; i++)
		r->elems[i].help = grammar_help(c, r->elems[i].text);
	for (i = 0; i < p.ntok; i++)
		free(p.toks[i]);
	return r;
fail:
	for (i = 0; i < p.ntok; i++)
		free(p.toks[i]);
	grammar_row_free(r);
	return NULL;
}

void
grammar_row_free(struct grow *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nelems; i++)
		free(r->elems[i].text);
	free(r->elems);
	free(r->edges);
	free(r->accept);
	free(r->no_accept);
	free(r);
}

/* ---- row sets ---- */

static void
clear_compiled(void)
{
	size_t	 i;

	for (i = 0; i < nall; i++)
		grammar_row_free(all[i]);
	free(all);
	all = NULL;
	nall = 0;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		free(sets[i].rows);
		sets[i].rows = NULL;
		sets[i].n = 0;
	}
}

/* index into sets[] of a mode id (pseudo modes first) */
static size_t
set_index(int mode)
{
	return (size_t)(mode + 3);
}

static int
set_add(struct rowset *s, const struct grow *r)
{
	const struct grow	**nr;

	nr = reallocarray(s->rows, s->n + 1, sizeof(*nr));
	if (nr == NULL)
		return -1;
	s->rows = nr;
	s->rows[s->n++] = r;
	return 0;
}

static void
build(void)
{
	size_t	 i, j, total = 0;
	char	 err[256];
	int	 m;

	clear_compiled();
	dirty = 0;
	for (i = 0; i < ninstalls; i++)
		for (j = 0; installs[i].rows[j].grammar != NULL; j++)
			total++;
	if (total == 0 || (all = calloc(total, sizeof(*all))) == NULL)
		return;
	for (i = 0; i < ninstalls; i++)
		for (j = 0; installs[i].rows[j].grammar != NULL; j++) {
			struct grow	*r;

			r = grammar_compile(&installs[i].rows[j],
			    installs[i].mode, err, sizeof(err));
			if (r != NULL)
				all[nall++] = r;
		}
	/* each mode: own rows, ANYCONFIG rows (non-block config), global */
	for (m = 0; m < MODES_MAX; m++) {
		struct rowset	*s = &sets[set_index(m)];
		int		 anycfg;

		anycfg = m != MODE_EXEC && !grammar_mode_is_block(m);
		for (i = 0; i < nall; i++)
			if (all[i]->mode == m)
				set_add(s, all[i]);
		for (i = 0; anycfg && i < nall; i++)
			if (all[i]->mode == MODE_ANYCONFIG)
				set_add(s, all[i]);
		for (i = 0; i < nall; i++)
			if (all[i]->mode == MODE_GLOBAL)
				set_add(s, all[i]);
	}
	for (i = 0; i < nall; i++)
		if (all[i]->mode == MODE_PIPE)
			set_add(&sets[set_index(MODE_PIPE)], all[i]);
}

const struct rowset *
grammar_rows(int mode)
{
	if (dirty)
		build();
	if (mode < MODE_PIPE || mode >= MODES_MAX)
		return &sets[set_index(MODE_ANYCONFIG)];	/* never filled */
	return &sets[set_index(mode)];
}

static const char *
mode_label(int mode)
{
	static char	 buf[32];

	switch (mode) {
	case MODE_EXEC:
		return "exec";
	case MODE_ANYCONFIG:
		return "any-config";
	case MODE_GLOBAL:
		return "global";
	case MODE_PIPE:
		return "pipe";
	}
	if (grammar_mode(mode) != NULL && grammar_mode(mode)->name != NULL)
		return grammar_mode(mode)->name;
	snprintf(buf, sizeof(buf), "mode %d", mode);
	return buf;
}

/* grammar with runs of blanks collapsed, for duplicate detection */
static void
normalize(const char *g, char *out, size_t len)
{
	size_t	 o = 0;
	int	 sp = 0;

	while (*g == ' ' || *g == '\t')
		g++;
	for (; *g != '\0' && o + 2 < len; g++) {
		if (*g == ' ' || *g == '\t') {
			sp = 1;
			continue;
		}
		if (sp)
			out[o++] = ' ';
		sp = 0;
		out[o++] = *g;
	}
	out[o] = '\0';
}

int
grammar_check(struct strbuf *out)
{
	size_t	 i, j, k, l;
	char	 err[256], a[512], b[512];
	int	 problems = 0;

	for (i = 0; i < ninstalls; i++) {
		int	 m = installs[i].mode;

		if (m >= 0 && grammar_mode(m) == NULL) {
			sb_printf(out, "%s: rows installed for an undefined "
			    "mode\n", mode_label(m));
			problems++;
		}
		for (j = 0; installs[i].rows[j].grammar != NULL; j++) {
			const struct cmd	*c = &installs[i].rows[j];
			struct grow		*r;

			if (c->fn == NULL) {
				sb_printf(out, "%s: \"%s\": no handler\n",
				    mode_label(m), c->grammar);
				problems++;
			}
			r = grammar_compile(c, m, err, sizeof(err));
			if (r == NULL) {
				sb_printf(out, "%s: \"%s\": %s\n",
				    mode_label(m), c->grammar, err);
				problems++;
				continue;
			}
			for (k = 0; k < r->nelems; k++)
				if (r->elems[k].help == NULL) {
					sb_printf(out, "%s: \"%s\": no help "
					    "for \"%s\"\n", mode_label(m),
					    c->grammar, r->elems[k].text);
					problems++;
				}
			grammar_row_free(r);
			/* duplicates: same mode, same normalised grammar */
			normalize(c->grammar, a, sizeof(a));
			for (k = 0; k <= i; k++) {
				if (installs[k].mode != m)
					continue;
				for (l = 0; installs[k].rows[l].grammar != NULL;
				    l++) {
					if (k == i && l >= j)
						break;
					normalize(installs[k].rows[l].grammar,
					    b, sizeof(b));
					if (strcmp(a, b) == 0) {
						sb_printf(out, "%s: \"%s\": "
						    "duplicate row\n",
						    mode_label(m), c->grammar);
						problems++;
					}
				}
			}
		}
	}
	return problems;
}

void
grammar_reset(void)
{
	size_t	 i;

	clear_compiled();
	memset(modes, 0, sizeof(modes));
	ninstalls = 0;
	for (i = 0; i < ndict; i++) {
		free(dict[i].kw);
		free(dict[i].help);
	}
	free(dict);
	dict = NULL;
	ndict = capdict = 0;
	dirty = 1;
}
