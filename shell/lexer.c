/*
 * lexer: tokens with byte offsets; see lexer.h.  Values live in one
 * buffer sized for the worst case (every byte a token), so no token can
 * overflow it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell/lexer.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
lex_line(const char *line, unsigned flags, struct lexed *lx)
{
	size_t	 len = strlen(line), i = 0, cap = 8;
	char	*w;

	memset(lx, 0, sizeof(*lx));
	if ((lx->store = malloc(2 * len + 2)) == NULL ||
	    (lx->tok = calloc(cap, sizeof(*lx->tok))) == NULL) {
		lex_free(lx);
		return -1;
	}
	w = lx->store;
	for (;;) {
		struct token	*t;
		char		 q = 0;
		int		 depth = 0;	/* ( and [ in this token */

		while (i < len && is_blank(line[i]))
			i++;
		if (i >= len)
			break;
		if (lx->n == cap) {
			struct token	*nt;

			nt = reallocarray(lx->tok, cap * 2, sizeof(*nt));
			if (nt == NULL) {
				lex_free(lx);
				return -1;
			}
			lx->tok = nt;
			cap *= 2;
		}
		t = &lx->tok[lx->n++];
		memset(t, 0, sizeof(*t));
		t->off = i;
		t->s = w;
		if ((flags & LEX_PIPES) && line[i] == '|') {
			*w++ = '|';
			*w++ = '\0';
			t->pipe = 1;
			t->end = ++i;
			continue;
		}
		while (i < len) {
			char	 c = line[i];

			if (q != 0) {
				if (c == q)
					q = 0;
				else
					*w++ = c;
				i++;
				continue;
			}
			/* `| include (a|b)`: a bar inside a group is regex */
			if (is_blank(c) || ((flags & LEX_PIPES) && c == '|' &&
			    depth == 0))
				break;
			if (c == '(' || c == '[')
				depth++;
			else if ((c == ')' || c == ']') && depth > 0)
				depth--;
			/* only a token's first char opens a quote: "don't" */
			if (i == t->off && (c == '"' || c == '\'')) {
				q = c;
				t->quoted = 1;
			} else
				*w++ = c;
			i++;
		}
		*w++ = '\0';
		t->end = i;
	}
	lx->trailing_space = len > 0 && is_blank(line[len - 1]);
	return 0;
}

void
lex_free(struct lexed *lx)
{
	free(lx->tok);
	free(lx->store);
	memset(lx, 0, sizeof(*lx));
}

size_t
lex_next_pipe(const struct lexed *lx, size_t from)
{
	size_t	 i;

	for (i = from; i < lx->n; i++)
		if (lx->tok[i].pipe)
			break;
	return i;
}
