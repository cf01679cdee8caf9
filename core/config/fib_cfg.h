/*
 * fib_cfg: the top-level `fib install` line (our own; XR programs its
 * forwarding plane without being asked and has no such command):
 *
 *   fib install kernel [table <1-4294967295>]
 *
 * Without it nothing is installed in the host's forwarding table, so a
 * user's machine is never changed by surprise.  The table defaults to
 * main (254); a table given is printed as given.
 */
#ifndef XR_CONFIG_FIB_CFG_H
#define XR_CONFIG_FIB_CFG_H

#include <stdint.h>

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

#define FIB_CFG_TABLE_MAIN	254
#define FIB_CFG_TABLE_LOCAL	255

struct fib_cfg {
	uint32_t	 table;		/* 0: not given (main) */
};

struct fib_cfg	*fib_cfg_new(uint32_t table);	/* NULL on allocation */
struct fib_cfg	*fib_cfg_dup(const struct fib_cfg *);
void		 fib_cfg_free(struct fib_cfg *);
/* The kernel table meant (main when not given); c must not be NULL. */
uint32_t	 fib_cfg_table(const struct fib_cfg *);
/* The line (NULL: nothing). */
void		 fib_cfg_print(const struct fib_cfg *, struct strbuf *);
/* Commit checks (NULL: none); the number of errors added. */
int		 fib_cfg_validate(const struct fib_cfg *, struct cfg_errors *);

#endif
