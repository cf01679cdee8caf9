/*
 * grammar: turns each row's grammar string into a small automaton (states
 * and edges labelled with a keyword or an argument) and groups the rows by
 * mode.  Rows are compiled once, on first use after every module has
 * installed its rows and types.  grammar_check() is the start-up check:
 * help for every token, no duplicate rows, unique argument names.
 */
#ifndef XR_SHELL_GRAMMAR_H
#define XR_SHELL_GRAMMAR_H

#include <stddef.h>

#include "core/lib/strbuf.h"
#include "shell/cli.h"
#include "shell/types.h"

enum gelem_kind { GE_KW, GE_ARG };

struct gelem {
	enum gelem_kind	 kind;
	char		*text;		/* keyword, or argument name */
	struct argtype	 type;		/* GE_ARG */
	const char	*help;
	int		 is_no;		/* the leading `no` of a [no] row */
};

enum gedge_kind { GD_EPS, GD_TOK };

struct gedge {
	unsigned short	 from, to;
	unsigned short	 elem;		/* GD_TOK */
	unsigned char	 kind;
};

struct grow {
	const struct cmd	*cmd;
	int			 mode;
	int			 has_no;
	struct gelem		*elems;
	size_t			 nelems;
	struct gedge		*edges;
	size_t			 nedges;
	unsigned short		 nstates;
	unsigned short		 final;
	unsigned char		*accept;	/* state reaches final by eps */
	unsigned char		*no_accept;	/* ... by eps and arguments */
};

/* Pseudo modes of the shell's own row sets. */
#define MODE_GLOBAL	(-2)	/* hidden rows valid in every mode */
#define MODE_PIPE	(-3)	/* output modifiers after `|` */

struct rowset {
	const struct grow	**rows;
	size_t			  n;
};

/* The rows valid in `mode` (its own, ANYCONFIG if not a block, global). */
const struct rowset	*grammar_rows(int mode);

const struct mode_def	*grammar_mode(int mode);
int			 grammar_mode_is_block(int mode);
/* 1 if the block mode's direct test (cli_mode_direct) takes the line */
int			 grammar_mode_direct(int mode, const char *line);

/* Compiles one grammar string (tests use it directly); NULL + err. */
struct grow	*grammar_compile(const struct cmd *, int mode, char *err,
		    size_t errlen);
void		 grammar_row_free(struct grow *);

/*
 * Start-up check of every installed row; appends one line per problem to
 * `out` and returns the number of problems.
 */
int		 grammar_check(struct strbuf *out);
/* The command reference: every mode's commands with their help text
 * (`xrsh --command-reference`, the README's generated section). */
void		 grammar_reference(struct strbuf *out);

/* Help text of a keyword in a row (row help[], then the dictionary). */
const char	*grammar_help(const struct cmd *, const char *token);

/* Types changed: recompile on next use. */
void		 grammar_invalidate(void);

/* Drops every mode, row and help entry (unit tests). */
void		 grammar_reset(void);

#endif
