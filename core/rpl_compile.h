/*
 * rpl_compile.h: turns a parsed set (struct rpl_set, core/rpl.h) into its
 * compiled matcher: prefix trie, community hash + wildcard lists, PCRE2
 * regexes.  Called once per set when the set (named or inline) is built,
 * never per route.  (Owner: the evaluator work, core/rpl_compile.c.)
 *
 * The match functions below are what the evaluator asks per route; they
 * never allocate.  Each compiled regex owns one PCRE2 match block, so
 * matching is single-threaded (xrsh has one event loop).  A set still holding $parameters (an inline set of a
 * policy that was not instantiated) compiles but matches nothing.
 */
#ifndef XR_RPL_COMPILE_H
#define XR_RPL_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/aspath.h"
#include "core/community.h"

struct rpl_set;

/* Fills set->compiled.  Returns 0, or -1 with a message in err. */
int	rpl_set_compile(struct rpl_set *, char *err, size_t errlen);
/* Frees set->compiled (NULL-safe). */
void	rpl_set_uncompile(struct rpl_set *);

/*
 * prefix-set: 1 if any element matches prefix p (destination) or the host
 * route of address a (source, next-hop).  0 for a set of another kind or
 * one that is not compiled.
 */
int	rpl_cset_match_prefix(const struct rpl_set *, const struct xprefix *p);
int	rpl_cset_match_addr(const struct rpl_set *, const struct xaddr *a);

/*
 * as-path-set: 1 if any element matches.  `str` is the path's canonical
 * string (aspath_format()), built once per route by the caller.
 */
int	rpl_cset_match_aspath(const struct rpl_set *, const struct aspath *,
	    const char *str);

/*
 * One value against a community / large / extended set: 1 if any element
 * matches it.  peeras is the neighbor's AS for `peeras` elements (0: none).
 */
int	rpl_cset_comm_elem(const struct rpl_set *, uint32_t c,
	    uint32_t peeras);
int	rpl_cset_lcomm_elem(const struct rpl_set *, const struct lcomm *,
	    uint32_t peeras);
int	rpl_cset_ecomm_elem(const struct rpl_set *, const struct ecomm *,
	    uint32_t peeras);

/*
 * matches-every: 1 if every element of the set matches at least one of
 * the n values.  (matches-any and matches-within are loops over the *_elem
 * functions.)  An empty set: 0, as XR.
 */
int	rpl_cset_comm_every(const struct rpl_set *, const uint32_t *, size_t,
	    uint32_t peeras);
int	rpl_cset_lcomm_every(const struct rpl_set *, const struct lcomm *,
	    size_t, uint32_t peeras);
int	rpl_cset_ecomm_every(const struct rpl_set *, const struct ecomm *,
	    size_t, uint32_t peeras);

/*
 * Concrete values of a set used by `set community` & co: calls cb for each
 * element that names one value (wildcards, ranges and regexes are
 * skipped; `peeras` high halves take peeras).  Returns the number of
 * elements skipped.
 */
int	rpl_cset_comm_values(const struct rpl_set *, uint32_t peeras,
	    void (*cb)(uint32_t, void *), void *);
int	rpl_cset_lcomm_values(const struct rpl_set *, uint32_t peeras,
	    void (*cb)(const struct lcomm *, void *), void *);
int	rpl_cset_ecomm_values(const struct rpl_set *, uint32_t peeras,
	    void (*cb)(const struct ecomm *, void *), void *);

#endif
