/*
 * grammar: the mode table, the installed rows, the help dictionary, the
 * per-mode row sets the matcher walks, and the start-up check; see
 * grammar.h.  Rows are compiled (compile.c) lazily: any change to modes,
 * rows, help or types marks the sets dirty and the next use rebuilds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/grammar.h"
#include "shell/match.h"

#define MODES_MAX	64
#define INSTALLS_MAX	256

struct install {
	int			 mode;
	const struct cmd	*rows;
};

struct helpent {
	char	*kw;
	char	*help;
};

static const struct mode_def	*modes[MODES_MAX];
static int			(*directs[MODES_MAX])(const char *);
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
cli_mode_direct(int mode, int (*fn)(const char *))
{
	if (mode >= 0 && mode < MODES_MAX)
		directs[mode] = fn;
}

int
grammar_mode_direct(int mode, const char *line)
{
	if (mode < 0 || mode >= MODES_MAX || directs[mode] == NULL ||
	    !grammar_mode_is_block(mode) || strpbrk(line, "|\"'") != NULL)
		return 0;
	return directs[mode](line);
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
		/* `do` works in block modes too: RPL has no word "do" */
		for (i = 0; m != MODE_EXEC && i < nall; i++)
			if (all[i]->mode == MODE_ANYCONFIG && (anycfg ||
			    (all[i]->cmd->flags & CMDF_EXECLINE)))
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
