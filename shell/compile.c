/*
 * compile: grammar string -> automaton; see grammar.h.
 *
 * A row compiles to states 0..nstates-1: state 0 is the start, which for
 * a "[no]" row has a `no` keyword edge and an epsilon edge to state 1
 * where the rest of the row begins.  `[x]` adds an epsilon edge around x,
 * `(a|b)` branches, `<x:t>...` loops on its own end state, and a group
 * followed by `...` (`( a | b )...`: one or more, `[ a | b ]...`: any
 * number) has an epsilon edge from its end back to its start.  accept[] and
 * no_accept[] are precomputed per state so the matcher decides in O(1)
 * whether a line may end there.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/grammar.h"

#define GTOK_MAX	128

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
		if (strcmp(t, "[") == 0 || strcmp(t, "(") == 0) {
			int	 start;

			/*
			 * The group starts in a state of its own, so that a
			 * `...` loop cannot reach back into what came before
			 * (a repeated argument's own loop, say).
			 */
			if ((start = new_state(p)) < 0 ||
			    add_edge(p, cur, start, GD_EPS, 0) != 0 ||
			    (s = parse_alts(p, start, t[0] == '[' ? "]" :
			    ")")) < 0)
				return -1;
			if (t[0] == '[' && add_edge(p, start, s, GD_EPS, 0) != 0)
				return -1;
			if (p->pos < p->ntok &&
			    strcmp(p->toks[p->pos], "...") == 0) {
				p->pos++;
				if (add_edge(p, s, start, GD_EPS, 0) != 0)
					return -1;
			}
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
