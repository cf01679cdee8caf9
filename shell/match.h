/*
 * match: the one matcher behind execution, `?`, TAB and the error texts.
 * It walks the row automata of a mode token by token.  Per token the best
 * kind of match wins: exact keyword, then a typed argument that parses
 * (address, AS number, range), then a unique keyword prefix (two prefixes:
 * ambiguous), then WORD/LINE.  It records the first bad token (index and
 * byte offset, for the caret), whether the line may end, and the bound
 * arguments.
 */
#ifndef XR_SHELL_MATCH_H
#define XR_SHELL_MATCH_H

#include <stddef.h>

#include "shell/grammar.h"
#include "shell/lexer.h"

/* CMDF_* bit of the shell's own rows: the LINE argument is a command */
#define CMDF_EXECLINE	0x100

enum mstatus { M_OK, M_INVALID, M_INCOMPLETE, M_AMBIGUOUS };

struct cmd_arg {
	const char	*name;
	char		*value;
};

struct cmd_args {
	int		 no;
	const char	*line;
	struct cmd_arg	*v;
	size_t		 n;
};

struct match_result {
	enum mstatus		 status;
	size_t			 bad_tok;	/* INVALID / AMBIGUOUS */
	size_t			 bad_off;	/* byte offset of bad_tok */
	size_t			 reached;	/* tokens accepted (error rank) */
	const struct grow	*row;		/* M_OK */
	struct cmd_args		*args;		/* M_OK; match_result_free() */
	size_t			 line_tok;	/* token a LINE argument began */
};

/*
 * Matches tokens tok[0..n) (one pipe segment of `line`, which ends at byte
 * seg_end) against a row set.  Returns the status, also stored in res.
 */
enum mstatus	match_line(const struct rowset *, const char *line,
		    const struct token *tok, size_t n, size_t seg_end,
		    struct match_result *res);
void		match_result_free(struct match_result *);
/* 1 if `word` is, spelled out in full, a keyword of some row of rs */
int		match_is_keyword(const struct rowset *, const char *word);

struct cand {
	char		*word;		/* keyword or argument label */
	const char	*help;
	int		 is_kw;
};

struct cands {
	struct cand	*v;
	size_t		 n, cap;
	int		 cr;		/* the command may end here */
	int		 pipe;		/* and may take `|` modifiers */
	int		 json;		/* a matching row has CMDF_JSON */
};

/*
 * What may follow tok[0..n): with partial NULL the next tokens (`show ?`),
 * else the completions of the partial word (`sh?`).  complete != 0 asks
 * for TAB candidates: keywords and dynamic values, no labels.  Returns
 * M_OK, or the error of the tokens before (res filled).
 */
enum mstatus	match_cands(const struct rowset *, struct cli *,
		    const char *line, const struct token *tok, size_t n,
		    const char *partial, int complete, struct cands *,
		    struct match_result *res);
void		cands_sort(struct cands *);
void		cands_free(struct cands *);

struct cmd_args	*args_new(const char *line);
int		 args_add(struct cmd_args *, const char *name,
		    const char *value, size_t len);
void		 args_free(struct cmd_args *);

#endif
