/*
 * rpl_compile.h: turns a parsed set (struct rpl_set, core/rpl.h) into its
 * compiled matcher: prefix trie, community hash + wildcard lists, PCRE2
 * regexes.  Called once per set when the set (named or inline) is built,
 * never per route.  (Owner: the evaluator work, core/rpl_compile.c.)
 *
 * The match functions below are what the evaluator asks per route; they
 * never allocate.  Each compiled regex owns one PCRE2 match block, so
 * matching is single-threaded (xrsh has one event loop).  A set still
 * holding $parameters (an inline set of a policy that was not
 * instantiated) compiles but matches nothing.
 */
#ifndef XR_RPL_COMPILE_H
#define XR_RPL_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/rpl/aspath.h"
#include "core/rpl/community.h"

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
 * as-path-set: 1 if any element matches.  `text` gives the path's
 * canonical string, formatted only if a regex element needs it (once per
 * route: the caller keeps it across conditions).  -1 if formatting it
 * failed to allocate.
 */
int	rpl_cset_match_aspath(const struct rpl_set *, const struct aspath *,
	    struct aspath_text *text);

/*
 * Community-like sets.  `kind` is the set kind the operand must have
 * (enum rpl_set_kind: COMMUNITY, LARGECOMM, EXT_RT or EXT_SOO; rt and soo
 * sets are interchangeable), and values point at what it holds: uint32_t
 * communities, struct lcomm or struct ecomm.  peeras is the neighbor's AS
 * for `peeras` elements (0: none).
 */

/* One value: 1 if any element of the set matches it. */
int	rpl_cset_elem(const struct rpl_set *, int kind, const void *v,
	    uint32_t peeras);

/*
 * A route's n values against the set, op being enum rpl_match:
 * matches-any; matches-every (every element matches one of the values;
 * an empty set: 0, as XR); matches-within (every value matches an
 * element; no values: 0); is-empty (n == 0, the set is not read).
 */
int	rpl_cset_cond(const struct rpl_set *, int kind, unsigned op,
	    const void *v, size_t n, uint32_t peeras);
/*
 * rpl_cset_cond() over the extcommunities of one subtype only (rt / soo
 * conditions), the others skipped as if absent.
 */
int	rpl_cset_cond_ecomm(const struct rpl_set *, int kind, unsigned op,
	    const struct ecomm *v, size_t n, uint8_t subtype,
	    uint32_t peeras);

/*
 * Concrete values of a set used by `set community` & co: calls cb with a
 * pointer to each element that names one value (wildcards, ranges and
 * regexes are skipped; `peeras` parts take peeras).  Returns the number
 * of elements skipped.
 */
int	rpl_cset_values(const struct rpl_set *, int kind, uint32_t peeras,
	    void (*cb)(const void *v, void *arg), void *arg);

/* `v op n` for eq / is / ge / le (enum rpl_cmp). */
int	rpl_num_cmp(unsigned op, uint32_t v, uint32_t n);

#endif
