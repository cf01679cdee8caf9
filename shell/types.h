/*
 * types: argument types of grammar strings.  Built-in ones (word, line,
 * integer ranges, addresses, prefixes, AS numbers) and the dynamic ones
 * cmds/ registers with cli_type_define().  A type decides how strongly a
 * token matches it: a typed argument that parses beats a keyword prefix;
 * word-like types only beat nothing.
 */
#ifndef XR_SHELL_TYPES_H
#define XR_SHELL_TYPES_H

#include <stdint.h>

#include "shell/cli.h"

enum tkind {
	TK_WORD,	/* any token */
	TK_LINE,	/* the rest of the line, raw (`rest`: no label) */
	TK_RANGE,	/* decimal in [lo, hi] */
	TK_FN,		/* a cli_type: match() decides (NULL: any word) */
};

struct argtype {
	enum tkind		 kind;
	uint32_t		 lo, hi;
	const struct cli_type	*type;		/* TK_FN */
	char			 label[32];	/* "<1-65535>", "A.B.C.D" */
	const char		*label2;	/* second `?` line (ip: X:X::X:X) */
};

/* Resolves "word", "line", "1-65535", "ipv4"...; 0 or -1 (unknown). */
int	types_resolve(const char *spec, struct argtype *);

/* How a token matches an argument. */
enum tmatch { TM_NONE, TM_WORD, TM_TYPED };
enum tmatch types_match(const struct argtype *, const char *tok);

#endif
