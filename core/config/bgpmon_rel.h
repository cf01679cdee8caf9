/*
 * bgpmon_rel: AS relationships for the route-leak detector (the data
 * the configuration names; core/bgp/bgpmon.c looks them up), from the
 * `relationship` lines of `bgp-monitor` and from a file in CAIDA's
 * as-rel format:
 *
 *   # comment
 *   <a>|<b>|-1[|source]     a is a provider of b
 *   <a>|<b>|0[|source]      a and b are peers
 *
 * Every pair is kept (the valley check looks at each hop of a path, not
 * only at our neighbors): a sorted array of 16 bytes a pair, and for the
 * lookups a hash table of the pairs (1.3 to 2.7 slots of 12 bytes a
 * pair) behind a filter of 2 bytes a pair.  A pair given twice keeps
 * the last one, so the configured lines, added after the file, win.
 */
#ifndef XR_CONFIG_BGPMON_REL_H
#define XR_CONFIG_BGPMON_REL_H

#include <stddef.h>
#include <stdint.h>

#include "core/config/bgpmon_cfg.h"

struct bgpmon_rels;

struct bgpmon_rels *bgpmon_rels_new(void);
void		 bgpmon_rels_free(struct bgpmon_rels *);	/* NULL ok */
/*
 * Adds the pair "y is x's rel" (enum bgpmon_relk, not NONE).  Lookups
 * need bgpmon_rels_finish() after the last add.  0, -1 on allocation
 * failure; x == y is ignored.
 */
int		 bgpmon_rels_add(struct bgpmon_rels *, uint32_t x, uint32_t y,
		    enum bgpmon_relk rel);
void		 bgpmon_rels_finish(struct bgpmon_rels *);
/* The AS most lookups name (ours): its pairs kept apart, small enough
   to stay in the cache.  0: none.  Answers do not change. */
void		 bgpmon_rels_set_local(struct bgpmon_rels *, uint32_t asn);
/* What y is to x; NONE when unknown (or rels NULL). */
enum bgpmon_relk bgpmon_rels_get(const struct bgpmon_rels *, uint32_t x,
		    uint32_t y);
size_t		 bgpmon_rels_count(const struct bgpmon_rels *);
/* A hint: the pair (x, y) is about to be looked up (its filter word is
   fetched now, several misses then overlap instead of following each
   other). */
void		 bgpmon_rels_prefetch(const struct bgpmon_rels *, uint32_t x,
		    uint32_t y);

/*
 * One line of the file: 1 and the pair (*rel: what b is to a), 0 for a
 * blank or comment line, -1 with *why for a bad one.
 */
int		 bgpmon_rel_parse_line(const char *line, uint32_t *a,
		    uint32_t *b, enum bgpmon_relk *rel, const char **why);

typedef void	(*bgpmon_rel_err_fn)(unsigned line, const char *msg,
		    void *arg);
/*
 * Reads the file into rels (NULL: only checks it).  Each bad line is
 * reported through err with its number (line 0: the file itself, e.g.
 * cannot be opened) and skipped.  Returns the number of pairs read, or
 * -1 when the file could not be read or on allocation failure.
 */
long		 bgpmon_rel_load(struct bgpmon_rels *, const char *path,
		    bgpmon_rel_err_fn err, void *arg);

#endif
