/*
 * lexer: splits one command line into tokens that keep their byte offsets
 * in the line (the caret of an error points at them).  A token that starts
 * with a quote ('...' or "...") runs to the closing quote and loses the
 * quotes; `|` outside quotes is a token of its own when pipes are
 * recognised.
 */
#ifndef XR_SHELL_LEXER_H
#define XR_SHELL_LEXER_H

#include <stddef.h>

struct token {
	const char	*s;	/* value, quotes removed, NUL-terminated */
	size_t		 off;	/* byte offset of its first char in the line */
	size_t		 end;	/* byte offset just past it */
	int		 pipe;	/* an unquoted `|` */
	int		 quoted;
};

struct lexed {
	struct token	*tok;
	size_t		 n;
	char		*store;		/* backing store of the values */
	int		 trailing_space;	/* the line ends in blank */
};

#define LEX_PIPES	0x01	/* make unquoted `|` a token */

/* Returns 0, or -1 on allocation failure. */
int	lex_line(const char *line, unsigned flags, struct lexed *);
void	lex_free(struct lexed *);
/* index of the first pipe token at or after `from`, or n */
size_t	lex_next_pipe(const struct lexed *, size_t from);

#endif
