/*
 * rpl_lex: splits an RPL block (route-policy or set, header to end line)
 * into tokens with their line and column.  RPL is statement-based: a
 * newline is only a separator, except that a `#` first on a line starts a
 * remark running to the end of that line.  Words are maximal runs of
 * characters other than blanks, parentheses, commas and quotes, so
 * "[1..5]:$p" or "10.0.0.0/8" are single words.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_int.h"

void
rpl_err_at(struct rpl_err *err, const struct rpl_tok *t, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return;
	if (t != NULL) {
		err->line = t->line;
		err->col = t->col;
		if (t->type == RPL_T_EOF)
			err->token[0] = '\0';
		else if (t->type == RPL_T_QUOTED)
			snprintf(err->token, sizeof(err->token), "'%s'", t->s);
		else
			strlcpy(err->token, t->s, sizeof(err->token));
	} else {
		err->line = err->col = 0;
		err->token[0] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

#define LC_SPACE	0x01
#define LC_WORD		0x02

/*
 * Byte classes: isspace() (as the locale says, set once at start-up) and
 * word characters, anything but NUL, blanks, parentheses, commas and
 * quotes.  A table because a large set is lexed byte by byte twice.
 */
static const unsigned char *
lex_classes(void)
{
	static unsigned char	 cls[256];
	static int		 ready;
	int			 c;

	if (!ready) {
		for (c = 0; c < 256; c++) {
			if (isspace(c))
				cls[c] = LC_SPACE;
			else if (c != '\0' && c != '(' && c != ')' &&
			    c != ',' && c != '\'')
				cls[c] = LC_WORD;
		}
		ready = 1;
	}
	return cls;
}

static int
push(struct rpl_toks *tk, size_t *cap, uint8_t type, const char *s,
    uint32_t line, uint32_t col)
{
	if (tk->n == *cap) {
		size_t		 ncap = *cap ? *cap * 2 : 64;
		struct rpl_tok	*nv;

		if (tk->v == NULL) {
			tk->v = tk->small_v;
			*cap = RPL_TOKS_SMALL;
		} else if (tk->v == tk->small_v) {
			if ((nv = reallocarray(NULL, ncap, sizeof(*nv))) ==
			    NULL)
				return -1;
			memcpy(nv, tk->v, tk->n * sizeof(*nv));
			tk->v = nv;
			*cap = ncap;
		} else {
			if ((nv = reallocarray(tk->v, ncap, sizeof(*nv))) ==
			    NULL)
				return -1;
			tk->v = nv;
			*cap = ncap;
		}
	}
	tk->v[tk->n].type = type;
	tk->v[tk->n].s = s;
	tk->v[tk->n].line = line;
	tk->v[tk->n].col = col;
	tk->n++;
	return 0;
}

static uint32_t
clamp32(size_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

int
rpl_lex(const char *text, struct rpl_toks *tk, struct rpl_err *err)
{
	size_t		 cap = 0, len = strlen(text), line = 1;
	const char	*p = text, *bol = text;
	char		*out;
	int		 first = 1;	/* nothing but blanks so far on line */
	const unsigned char *cls = lex_classes();

	tk->v = NULL;
	tk->n = 0;
	/* every token's text plus its NUL fits in twice the input */
	if (2 * len + 2 <= sizeof(tk->small_arena))
		tk->arena = tk->small_arena;
	else if ((tk->arena = malloc(2 * len + 2)) == NULL)
		goto oom;
	out = tk->arena;
	while (*p != '\0') {
		uint32_t	 col, ln;
		const char	*start;

		if (*p == '\n') {
			line++;
			bol = ++p;
			first = 1;
			continue;
		}
		if (cls[(unsigned char)*p] & LC_SPACE) {
			p++;
			continue;
		}
		col = clamp32((size_t)(p - bol) + 1);
		ln = clamp32(line);
		if (first && (*p == '#' || *p == '!')) {
			size_t	 n;

			start = p;
			while (*p != '\0' && *p != '\n')
				p++;
			n = (size_t)(p - start);
			while (n > 0 && isspace((unsigned char)start[n - 1]))
				n--;
			/* `!` lines are comments: not kept, as in XR */
			if (*start == '!')
				continue;
			memcpy(out, start, n);
			out[n] = '\0';
			if (push(tk, &cap, RPL_T_REMARK, out, ln, col) == -1)
				goto oom;
			out += n + 1;
			continue;
		}
		first = 0;
		if (*p == '(' || *p == ')' || *p == ',') {
			uint8_t	 type = *p == '(' ? RPL_T_LPAREN :
			    *p == ')' ? RPL_T_RPAREN : RPL_T_COMMA;

			out[0] = *p;
			out[1] = '\0';
			if (push(tk, &cap, type, out, ln, col) == -1)
				goto oom;
			out += 2;
			p++;
			continue;
		}
		if (*p == '\'') {
			start = ++p;
			while (*p != '\0' && *p != '\'' && *p != '\n')
				p++;
			if (*p != '\'') {
				/* the token is the rest of the line */
				struct rpl_tok	 t = { RPL_T_WORD, NULL, ln, col };
				char		 rest[64];
				size_t		 n = (size_t)(p - start) + 1;

				if (n >= sizeof(rest))
					n = sizeof(rest) - 1;
				memcpy(rest, start - 1, n);
				rest[n] = '\0';
				t.s = rest;
				rpl_err_at(err, &t, "missing closing quote");
				goto fail;
			}
			memcpy(out, start, (size_t)(p - start));
			out[p - start] = '\0';
			if (push(tk, &cap, RPL_T_QUOTED, out, ln, col) == -1)
				goto oom;
			out += (p - start) + 1;
			p++;
			continue;
		}
		start = p;
		while (cls[(unsigned char)*p] & LC_WORD)
			p++;
		memcpy(out, start, (size_t)(p - start));
		out[p - start] = '\0';
		if (push(tk, &cap, RPL_T_WORD, out, ln, col) == -1)
			goto oom;
		out += (p - start) + 1;
	}
	*out = '\0';
	if (push(tk, &cap, RPL_T_EOF, out, clamp32(line),
	    clamp32((size_t)(p - bol) + 1)) == -1)
		goto oom;
	return 0;
oom:
	rpl_err_at(err, NULL, "out of memory");
fail:
	rpl_toks_free(tk);
	return -1;
}

void
rpl_toks_free(struct rpl_toks *tk)
{
	if (tk->v != tk->small_v)
		free(tk->v);
	if (tk->arena != tk->small_arena)
		free(tk->arena);
	tk->v = NULL;
	tk->n = 0;
	tk->arena = NULL;
}

int
rpl_is_end(const char *w, const char *full)
{
	size_t	 n;

	/* asked of every word of a set: most are not */
	if (w[0] != full[0])
		return 0;
	n = strlen(w);
	/* "end-" plus at least one letter: end-s, end-p, end-pol ... */
	return n >= 5 && n <= strlen(full) && strncmp(w, full, n) == 0;
}

int
rpl_valid_name(const char *s)
{
	if (*s == '\0' || strlen(s) > 255)
		return 0;
	if (!isalnum((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("_-.:", *s) == NULL)
			return 0;
	return 1;
}

int
rpl_is_param(const char *s)
{
	if (*s != '$' || s[1] == '\0')
		return 0;
	for (s++; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}
