/*
 * config: the typed configuration.  Running and every session's candidate
 * are separate `struct config` values; a commit validates a candidate as a
 * whole and then swaps it in.  Text is never the source of truth: the
 * canonical printer renders running-config, the commit history snapshots
 * and the diffs from the typed values.
 *
 * Subsystems own their part: core/rpl/rpl_db.c (sets and route-policies),
 * core/config/bgp_cfg.c (router bgp), core/config/static_cfg.c (router
 * static), core/config/metrics_cfg.c (metrics).  config.c composes them.
 */
#ifndef XR_CONFIG_H
#define XR_CONFIG_H

#include <stddef.h>

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

struct rpl_db;
struct bgp_cfg;
struct static_cfg;
struct mrtdump_cfg;
struct metrics_cfg;
struct bgpmon_cfg;
struct bmp_cfg;
struct fib_cfg;

#define HOSTNAME_MAX	64
#define HOSTNAME_DEFAULT "ios"
/* `commit verify prefix-drop P%`: the share of an affected neighbor's
   accepted prefixes a `commit confirmed ... verify` may lose */
#define VERIFY_DROP_DEFAULT	50

struct config {
	char		 hostname[HOSTNAME_MAX];	/* "" = default */
	unsigned	 verify_drop;	/* 1-100 percent, 0 = default */
	struct rpl_db	*rpl;		/* never NULL */
	struct static_cfg *statics;	/* NULL: no `router static` */
	struct bgp_cfg	*bgp;		/* NULL: no `router bgp` */
	struct mrtdump_cfg *mrtdump;	/* NULL: no `mrt-dump` line */
	struct metrics_cfg *metrics;	/* NULL: no `metrics` */
	struct bgpmon_cfg *mon;		/* NULL: no `bgp-monitor` */
	struct bmp_cfg	*bmp;		/* NULL: no `bmp server` */
	struct fib_cfg	*fib;		/* NULL: no `fib install` */
};

struct config	*config_new(void);
struct config	*config_dup(const struct config *);
void		 config_free(struct config *);
const char	*config_hostname(const struct config *);
/*
 * Canonical running-config text: no header, no trailing `end`; each
 * top-level block closed by `!`.  Returns 0, -1 on allocation failure.
 */
int		 config_print(const struct config *, struct strbuf *);
/* 1 if both print the same */
int		 config_equal(const struct config *, const struct config *);
/* Semantic checks at commit; returns the number of errors added. */
int		 config_validate(const struct config *, struct cfg_errors *);

#endif
