/*
 * commit_affect: which BGP neighbors a change of configuration touches,
 * for `commit confirmed ... verify` (cmds/commit_verify.c watches them).
 * A neighbor of `to` is affected when its effective settings changed
 * (its own lines, or what it inherits from its neighbor-, session- or
 * af-groups), or when a route-policy or set that one of its policies
 * uses changed (directly or through `apply`, arguments substituted).  A
 * change of the global BGP settings (router bgp's own lines, its address
 * families with their network/redistribute/aggregate policies, RPKI) or
 * of router static affects every neighbor.  Neighbors `to` no longer has
 * are not listed (they were removed on purpose), nor are neighbors that
 * `to` shuts down (effective `shutdown`): a commit that shuts a session
 * means it to go down.
 */
#ifndef XR_COMMIT_AFFECT_H
#define XR_COMMIT_AFFECT_H

#include <stddef.h>

#include "core/lib/addr.h"

struct config;

struct commit_affect {
	int		 all;		/* global settings changed */
	struct xaddr	*v;		/* affected, in `to`'s address order */
	size_t		 n;
	size_t		 nshut;		/* affected but shut down: left out */
};

/* Fills *out (free with commit_affect_free()); 0, or -1 on ENOMEM. */
int	commit_affected(const struct config *from, const struct config *to,
	    struct commit_affect *out);
void	commit_affect_free(struct commit_affect *);
/* 1 if addr is in the list */
int	commit_affect_has(const struct commit_affect *, const struct xaddr *);

#endif
