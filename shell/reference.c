/*
 * reference: the command reference (`xrsh --command-reference`, the
 * README's generated section), printed from the same compiled rows the
 * matcher walks, so it cannot drift from what the shell accepts.
 *
 * One section per mode, in mode-id order (exec, config, then the modes
 * cmds/ declares), then the rows valid in every configuration mode, the
 * output modifiers after `|` and the argument types used.  Modes with the
 * same rows (a neighbor and a neighbor-group) share a section; a mode
 * whose rows extend an earlier section's (`if` inside a route-policy)
 * lists only the rows it adds.  Within a section rows are sorted by their
 * syntax, ignoring a leading "[no]", so the order does not depend on the
 * order in which cmds/ installs them.
 *
 * Each row: its grammar string (blanks collapsed) and one line of help,
 * that of the row's naming keyword: the last keyword outside any group
 * before the first argument ("show bgp summary" -> summary, "neighbor
 * <address:ip>" -> neighbor).  An argument that follows an optional group
 * rather than a keyword names the row itself ("show bgp [ipv4 unicast]
 * <network:prefix>"), as does one that starts the row; a row that starts
 * with a choice of keywords gets one help line per keyword.
 *
 * Hidden rows (CMDF_HIDDEN) are left out, as `?` leaves them out: they are
 * the test hooks (`debug ...`, `describe`, `complete`), a fallback form of
 * a visible row, and XR's unlisted `end` inside RPL blocks.  The reference
 * documents what a user is offered, not the test harness.
 *
 * Text is plain, for a README: at most 78 columns, syntax at two spaces,
 * help at six, long lines wrapped at blanks.
 */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"
#include "shell/grammar.h"

#define REF_WIDTH	78
#define REF_SYN_IND	2
#define REF_SYN_CONT	8	/* continuation of a wrapped syntax line */
#define REF_HELP_IND	6
/* grammar_mode() answers NULL past its table; mode ids are small */
#define REF_MODE_SCAN	256

struct refrow {
	const struct grow	*row;
	char			*syntax;	/* blanks collapsed */
};

struct refsec {
	int		*modes;
	size_t		 nmodes;
	struct refrow	*rows;		/* every row of the first mode */
	size_t		 nrows;
	ssize_t		 base;		/* section extended, or -1 */
};

struct reftype {
	const char	*name;
	const char	*label, *label2;
};

/* grammar string with runs of blanks collapsed to one, and none after an
 * opening or before a closing bracket: "[no] bgp (a | b)" */
static char *
collapse(const char *g)
{
	char	*out, *o;
	int	 sp = 0;

	if ((out = malloc(strlen(g) + 1)) == NULL)
		return NULL;
	o = out;
	while (*g == ' ' || *g == '\t')
		g++;
	for (; *g != '\0'; g++) {
		if (*g == ' ' || *g == '\t') {
			sp = 1;
			continue;
		}
		if (sp && o > out && o[-1] != '[' && o[-1] != '(' &&
		    *g != ']' && *g != ')')
			*o++ = ' ';
		sp = 0;
		*o++ = *g;
	}
	*o = '\0';
	return out;
}

/* "[no] " is not part of what the command is called */
static const char *
sort_key(const char *syntax)
{
	if (strncmp(syntax, "[no] ", 5) == 0)
		return syntax + 5;
	return syntax;
}

static int
refrow_cmp(const void *a, const void *b)
{
	const struct refrow	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(sort_key(x->syntax), sort_key(y->syntax))) != 0)
		return c;
	return strcmp(x->syntax, y->syntax);
}

/*
 * Appends `text` starting at column `col` (the caller already wrote that
 * many columns), wrapping at blanks: continuation lines start at `ind`.
 * A word longer than the line is written whole.
 */
static void
put_wrapped(struct strbuf *out, const char *text, size_t col, size_t ind)
{
	size_t	 n;
	int	 first = 1;

	for (;;) {
		while (*text == ' ')
			text++;
		if ((n = strcspn(text, " ")) == 0)
			break;
		if (!first && col + 1 + n > REF_WIDTH) {
			sb_printf(out, "\n%*s", (int)ind, "");
			col = ind;
		} else if (!first) {
			sb_putc(out, ' ');
			col++;
		}
		sb_putn(out, text, n);
		col += n;
		text += n;
		first = 0;
	}
	sb_putc(out, '\n');
}

static void
put_help(struct strbuf *out, const char *kw, const char *help)
{
	struct strbuf	 line = STRBUF_INIT;

	if (kw != NULL)
		sb_printf(&line, "%s: ", kw);
	sb_puts(&line, help);
	sb_printf(out, "%*s", REF_HELP_IND, "");
	put_wrapped(out, sb_str(&line), REF_HELP_IND, REF_HELP_IND);
	if (line.oom)
		out->oom = 1;
	sb_free(&line);
}

/*
 * The help lines of a row (see the top of the file).  Walks the grammar
 * string's tokens; elems[] holds them in the same order, after the `no`
 * of a "[no]" row.
 */
static void
put_row_help(struct strbuf *out, const struct grow *r)
{
	const char	*g = r->cmd->grammar, *help = NULL;
	size_t		 n, el = r->has_no ? 1 : 0, lead_from = 0, lead_n = 0;
	int		 depth = 0, tok = 0, lead = 0, after_group = 0;

	if (r->has_no)
		g = strchr(g, ']') + 1;		/* compile.c checked "[no]" */
	while (*g != '\0') {
		if (*g == ' ' || *g == '\t' || *g == '|') {
			g++;
			continue;
		}
		if (*g == '[' || *g == '(') {
			/* a choice of keywords before anything else */
			if (tok == 0 && depth == 0 && *g == '(') {
				lead = 1;
				lead_from = el;
			}
			depth++;
			g++;
			continue;
		}
		if (*g == ']' || *g == ')') {
			if (--depth == 0) {
				after_group = *g == ']';
				if (lead && lead_n == 0)
					lead_n = el - lead_from;
			}
			g++;
			continue;
		}
		if (el >= r->nelems)
			break;
		if (*g == '<') {
			if (depth == 0 && (tok == 0 || after_group) &&
			    r->elems[el].help != NULL)
				help = r->elems[el].help;
			break;
		}
		n = strcspn(g, " \t[]()|<");
		if (depth == 0) {
			after_group = 0;
			if (r->elems[el].help != NULL)
				help = r->elems[el].help;
		}
		g += n;
		el++;
		tok++;
	}
	if (help != NULL) {
		put_help(out, NULL, help);
		return;
	}
	for (n = lead_from; lead && n < lead_from + lead_n; n++)
		if (r->elems[n].kind == GE_KW && r->elems[n].help != NULL)
			put_help(out, r->elems[n].text, r->elems[n].help);
}

static void
rows_free(struct refrow *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(rows[i].syntax);
	free(rows);
}

/* the visible rows of `set` installed for exactly `mode`, sorted */
static int
collect(const struct rowset *set, int mode, struct refrow **out,
    size_t *nout)
{
	struct refrow	*rows;
	size_t		 i, n = 0;

	*out = NULL;
	*nout = 0;
	if (set->n == 0)
		return 0;
	if ((rows = calloc(set->n, sizeof(*rows))) == NULL)
		return -1;
	for (i = 0; i < set->n; i++) {
		const struct grow	*r = set->rows[i];

		if (r->mode != mode || (r->cmd->flags & CMDF_HIDDEN))
			continue;
		rows[n].row = r;
		if ((rows[n].syntax = collapse(r->cmd->grammar)) == NULL) {
			rows_free(rows, n);
			return -1;
		}
		n++;
	}
	qsort(rows, n, sizeof(*rows), refrow_cmp);
	*out = rows;
	*nout = n;
	return 0;
}

static int
has_row(const struct refrow *rows, size_t n, const struct cmd *c)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (rows[i].row->cmd == c)
			return 1;
	return 0;
}

/* every row of `a` is in `b` */
static int
rows_within(const struct refrow *a, size_t na, const struct refrow *b,
    size_t nb)
{
	size_t	 i;

	for (i = 0; i < na; i++)
		if (!has_row(b, nb, a[i].row->cmd))
			return 0;
	return 1;
}

static const char *
mode_title(int mode)
{
	const struct mode_def	*m = grammar_mode(mode);

	if (mode == MODE_EXEC || m == NULL || m->name == NULL)
		return "exec";
	return m->name;
}

static void
put_heading(struct strbuf *out, const char *title, const char *note)
{
	size_t	 n = strlen(title);

	sb_printf(out, "%s\n", title);
	while (n-- > 0)
		sb_putc(out, '~');
	sb_putc(out, '\n');
	if (note != NULL) {
		sb_printf(out, "%*s", REF_SYN_IND, "");
		put_wrapped(out, note, REF_SYN_IND, REF_SYN_IND);
	}
}

/* rows of `rows` not in `skip` (NULL: all) */
static void
put_rows(struct strbuf *out, const struct refrow *rows, size_t n,
    const struct refrow *skip, size_t nskip)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (skip != NULL && has_row(skip, nskip, rows[i].row->cmd))
			continue;
		sb_printf(out, "%*s", REF_SYN_IND, "");
		put_wrapped(out, rows[i].syntax, REF_SYN_IND, REF_SYN_CONT);
		put_row_help(out, rows[i].row);
	}
	sb_putc(out, '\n');
}

static void
put_section(struct strbuf *out, const struct refsec *secs, size_t i)
{
	const struct refsec	*s = &secs[i], *b = NULL;
	struct strbuf		 title = STRBUF_INIT, note = STRBUF_INIT;
	size_t			 j;

	for (j = 0; j < s->nmodes; j++)
		sb_printf(&title, "%s%s", j > 0 ? ", " : "",
		    mode_title(s->modes[j]));
	if (grammar_mode_is_block(s->modes[0]))
		sb_puts(&note, "A block: a line that is none of these is "
		    "one of its statements.");
	if (s->base >= 0) {
		b = &secs[s->base];
		sb_printf(&note, "%sEvery command of %s, and:",
		    note.len > 0 ? " " : "", mode_title(b->modes[0]));
	}
	put_heading(out, sb_str(&title), note.len > 0 ? sb_str(&note) :
	    NULL);
	put_rows(out, s->rows, s->nrows, b != NULL ? b->rows : NULL,
	    b != NULL ? b->nrows : 0);
	if (title.oom || note.oom)
		out->oom = 1;
	sb_free(&title);
	sb_free(&note);
}

/* adds mode m with its rows to the sections; takes `rows` */
static int
section_add(struct refsec **secs, size_t *nsecs, int m, struct refrow *rows,
    size_t n)
{
	struct refsec	*s, *ns;
	int		*nm;
	size_t		 i;

	for (i = 0; i < *nsecs; i++) {
		s = &(*secs)[i];
		if (s->nrows == n && rows_within(rows, n, s->rows, n)) {
			nm = reallocarray(s->modes, s->nmodes + 1,
			    sizeof(*nm));
			if (nm == NULL)
				return -1;
			s->modes = nm;
			s->modes[s->nmodes++] = m;
			rows_free(rows, n);
			return 0;
		}
	}
	if ((ns = reallocarray(*secs, *nsecs + 1, sizeof(*ns))) == NULL)
		return -1;
	*secs = ns;
	s = &ns[*nsecs];
	memset(s, 0, sizeof(*s));
	if ((s->modes = malloc(sizeof(*s->modes))) == NULL)
		return -1;
	s->modes[0] = m;
	s->nmodes = 1;
	s->rows = rows;
	s->nrows = n;
	/* the largest earlier section this one extends */
	s->base = -1;
	for (i = 0; i < *nsecs; i++)
		if (ns[i].nrows < n && rows_within(ns[i].rows, ns[i].nrows,
		    rows, n) && (s->base < 0 ||
		    ns[i].nrows > ns[s->base].nrows))
			s->base = (ssize_t)i;
	(*nsecs)++;
	return 0;
}

/* argument types of the rows, for the legend; ranges explain themselves */
static int
types_add(struct reftype **types, size_t *ntypes, const struct refrow *rows,
    size_t n)
{
	struct reftype	*nt;
	size_t		 i, j, k;

	for (i = 0; i < n; i++)
		for (j = 0; j < rows[i].row->nelems; j++) {
			const struct gelem	*e = &rows[i].row->elems[j];
			struct reftype		 t;

			if (e->kind != GE_ARG || e->type.kind == TK_RANGE)
				continue;
			t.name = e->type.kind == TK_WORD ? "word" :
			    e->type.kind == TK_LINE ? (e->type.label[0] ?
			    "line" : "rest") : e->type.type->name;
			t.label = e->type.label;
			t.label2 = e->type.label2;
			for (k = 0; k < *ntypes; k++)
				if (strcmp((*types)[k].name, t.name) == 0)
					break;
			if (k < *ntypes)
				continue;
			nt = reallocarray(*types, *ntypes + 1, sizeof(*nt));
			if (nt == NULL)
				return -1;
			*types = nt;
			nt[(*ntypes)++] = t;
		}
	return 0;
}

static int
reftype_cmp(const void *a, const void *b)
{
	return strcmp(((const struct reftype *)a)->name,
	    ((const struct reftype *)b)->name);
}

static void
put_types(struct strbuf *out, struct reftype *types, size_t n)
{
	size_t	 i;

	qsort(types, n, sizeof(*types), reftype_cmp);
	put_heading(out, "argument types",
	    "<name:type> in the syntax above; what `?` shows for each type "
	    "(a range like 1-65535 is a number in that range):");
	for (i = 0; i < n; i++) {
		const char	*l = types[i].label;

		if (strcmp(types[i].name, "word") == 0)
			l = "WORD (one word)";
		else if (strcmp(types[i].name, "line") == 0)
			l = "LINE (the rest of the line, as typed)";
		else if (strcmp(types[i].name, "rest") == 0)
			l = "(anything else: checked when the command runs)";
		sb_printf(out, "  %-26s %s%s%s\n", types[i].name, l,
		    types[i].label2 != NULL ? " or " : "",
		    types[i].label2 != NULL ? types[i].label2 : "");
	}
}

/* collects the rows of `mode` as seen from `from`'s row set */
static int
extra_rows(struct strbuf *out, int from, int mode, const char *title,
    const char *note, struct reftype **types, size_t *ntypes)
{
	struct refrow	*rows;
	size_t		 n;

	if (collect(grammar_rows(from), mode, &rows, &n) != 0)
		return -1;
	if (types_add(types, ntypes, rows, n) != 0) {
		rows_free(rows, n);
		return -1;
	}
	put_heading(out, title, note);
	put_rows(out, rows, n, NULL, 0);
	rows_free(rows, n);
	return 0;
}

void
grammar_reference(struct strbuf *out)
{
	struct refsec	*secs = NULL;
	struct reftype	*types = NULL;
	struct refrow	*rows;
	size_t		 nsecs = 0, ntypes = 0, n, i;
	int		 m;

	for (m = 0; m < REF_MODE_SCAN; m++) {
		if (m != MODE_EXEC && grammar_mode(m) == NULL)
			continue;
		if (collect(grammar_rows(m), m, &rows, &n) != 0)
			goto oom;
		if (n == 0) {
			free(rows);
			continue;
		}
		if (types_add(&types, &ntypes, rows, n) != 0 ||
		    section_add(&secs, &nsecs, m, rows, n) != 0) {
			rows_free(rows, n);
			goto oom;
		}
	}
	sb_puts(out, "One section per mode, named as in the prompt: "
	    "RP/0/RP0/CPU0:ios(config-bgp)#\n\n");
	for (i = 0; i < nsecs; i++)
		put_section(out, secs, i);
	/* ANYCONFIG rows are in every config mode's set; config has them */
	if (extra_rows(out, MODE_CONFIG, MODE_ANYCONFIG,
	    "every configuration mode", "Not inside route-policy and set "
	    "blocks, which take only `do`.", &types, &ntypes) != 0 ||
	    extra_rows(out, MODE_PIPE, MODE_PIPE, "output modifiers",
	    "After `|` on any command, chained; `| json` where the command "
	    "has a JSON form.", &types, &ntypes) != 0)
		goto oom;
	put_types(out, types, ntypes);
	goto done;
oom:
	out->oom = 1;
done:
	for (i = 0; i < nsecs; i++) {
		rows_free(secs[i].rows, secs[i].nrows);
		free(secs[i].modes);
	}
	free(secs);
	free(types);
}
