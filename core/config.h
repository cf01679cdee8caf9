/*
 * config: the typed configuration.  Running and every session's candidate
 * are separate `struct config` values; a commit validates a candidate as a
 * whole and then swaps it in.  Text is never the source of truth: the
 * canonical printer renders running-config, the commit history snapshots
 * and the diffs from the typed values.
 *
 * Subsystems own their part: core/rpl_db.c (sets and route-policies),
 * core/bgp_cfg.c (router bgp).  config.c composes them.
 */
#ifndef XR_CONFIG_H
#define XR_CONFIG_H

#include <stddef.h>

#include "core/strbuf.h"

struct rpl_db;
struct bgp_cfg;

#define HOSTNAME_MAX	64
#define HOSTNAME_DEFAULT "ios"

struct config {
	char		 hostname[HOSTNAME_MAX];	/* "" = default */
	struct rpl_db	*rpl;		/* never NULL */
	struct bgp_cfg	*bgp;		/* NULL: no `router bgp` */
};

/*
 * Commit-time (semantic) errors.  `path` is the failing item as canonical
 * config lines ("router bgp 1\n neighbor 10.0.0.1\n  remote-as 2"), `msg`
 * the reason as XR prints it after `!!% `.
 */
struct cfg_error {
	char	*path;
	char	*msg;
};
struct cfg_errors {
	struct cfg_error	*v;
	size_t			 n;
	size_t			 cap;
};
void	cfg_errors_init(struct cfg_errors *);
void	cfg_errors_free(struct cfg_errors *);
/* returns -1 on allocation failure (the error is then dropped) */
int	cfg_error_add(struct cfg_errors *, const char *path, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

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

/* --- subsystem entry points (implemented in rpl_db.c / bgp_cfg.c) --- */
struct rpl_db	*rpl_db_new(void);
struct rpl_db	*rpl_db_dup(const struct rpl_db *);
void		 rpl_db_free(struct rpl_db *);
int		 rpl_db_print(const struct rpl_db *, struct strbuf *);
int		 rpl_db_validate(const struct rpl_db *, struct cfg_errors *);

struct bgp_cfg	*bgp_cfg_dup(const struct bgp_cfg *);
void		 bgp_cfg_free(struct bgp_cfg *);
int		 bgp_cfg_print(const struct bgp_cfg *, struct strbuf *);
/* checks router bgp, including that attached policies resolve in rpl */
int		 bgp_cfg_validate(const struct bgp_cfg *, const struct rpl_db *,
		    struct cfg_errors *);

#endif
