/*
 * rpl_db.h: what other subsystems may ask of the RPL objects (sets and
 * route-policies).  (Owner: core/rpl_db.c and the RPL language modules.)
 */
#ifndef XR_RPL_DB_H
#define XR_RPL_DB_H

#include "core/config.h"

/*
 * Checks, for a commit, that policy `name` attached with `args` (the text
 * "(10, SET)" or NULL) exists and that everything it references
 * (recursively: applied policies, named sets) exists, that parameter counts
 * match and that apply has no cycle.  Each problem is added to errs with
 * `path` (the attach point as config lines) and a message naming the
 * policy, the missing object and `where` (e.g. "neighbor 10.0.0.1
 * address-family ipv4 unicast in").  Returns the number of errors added.
 */
int	rpl_check_attach(const struct rpl_db *, const char *name,
	    const char *args, const char *path, const char *where,
	    struct cfg_errors *errs);

#endif
