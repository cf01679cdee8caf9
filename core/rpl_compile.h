/*
 * rpl_compile.h: turns a parsed set (struct rpl_set, core/rpl.h) into its
 * compiled matcher: prefix trie, community hash + wildcard lists, PCRE2
 * regexes.  Called once per set when the set (named or inline) is built,
 * never per route.  (Owner: the evaluator work, core/rpl_compile.c.)
 */
#ifndef XR_RPL_COMPILE_H
#define XR_RPL_COMPILE_H

#include <stddef.h>

struct rpl_set;

/* Fills set->compiled.  Returns 0, or -1 with a message in err. */
int	rpl_set_compile(struct rpl_set *, char *err, size_t errlen);
/* Frees set->compiled (NULL-safe). */
void	rpl_set_uncompile(struct rpl_set *);

#endif
