/*
 * mrtdump_cfg: the top-level `mrt-dump` lines (our own syntax; XR has no
 * MRT dump):
 *
 *   mrt-dump table file PATTERN interval SECONDS
 *   mrt-dump updates file PATTERN interval SECONDS
 *
 * PATTERN is an absolute path with strftime(3) escapes, expanded in UTC
 * when a file is started, so the files rotate by time.  Each kind is
 * configured at most once (a second line replaces the first).
 */
#ifndef XR_CONFIG_MRTDUMP_CFG_H
#define XR_CONFIG_MRTDUMP_CFG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

enum mrtdump_kind {
	MRTDUMP_TABLE,
	MRTDUMP_UPDATES,
	MRTDUMP_NKIND
};

#define MRTDUMP_PATTERN_MAX	1024
#define MRTDUMP_INTERVAL_MIN	60
#define MRTDUMP_INTERVAL_MAX	86400

struct mrtdump_cfg {
	struct {
		int		 set;
		char		 pattern[MRTDUMP_PATTERN_MAX];
		uint32_t	 interval;	/* seconds */
	} d[MRTDUMP_NKIND];
};

const char	*mrtdump_kind_name(enum mrtdump_kind);	/* "table" */
struct mrtdump_cfg *mrtdump_cfg_dup(const struct mrtdump_cfg *);
void		 mrtdump_cfg_free(struct mrtdump_cfg *);
/* 1 if nothing is configured (c NULL too). */
int		 mrtdump_cfg_empty(const struct mrtdump_cfg *);
/* One line per configured kind, table first. */
void		 mrtdump_cfg_print(const struct mrtdump_cfg *, struct strbuf *);
/* Commit checks (absolute path, its directory exists and is writable,
   the pattern expands); returns the number of errors added. */
int		 mrtdump_cfg_validate(const struct mrtdump_cfg *,
		    struct cfg_errors *);
/*
 * The file name of pattern at time t (UTC): 0, or -1 (out "") when the
 * expansion is empty or too long for out.
 */
int		 mrtdump_expand(const char *pattern, time_t t, char *out,
		    size_t outlen);
/*
 * The path (or pattern) is absolute and its directory (the part before
 * the last '/' ahead of the first strftime escape) exists and is
 * writable.  0, or -1 with err naming the path
 * ("Directory '/x' of file '/x/a.%Y': No such file or directory").
 */
int		 mrtdump_check_path(const char *path, char *err,
		    size_t errlen);

#endif
