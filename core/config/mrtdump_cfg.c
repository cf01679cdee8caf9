/*
 * mrtdump_cfg: see mrtdump_cfg.h.  The directory check runs at commit
 * (and again before each file is started, since a directory may vanish
 * later): a dump that could never be written is refused up front rather
 * than failing every interval.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config/mrtdump_cfg.h"

const char *
mrtdump_kind_name(enum mrtdump_kind k)
{
	return k == MRTDUMP_TABLE ? "table" : "updates";
}

struct mrtdump_cfg *
mrtdump_cfg_dup(const struct mrtdump_cfg *c)
{
	struct mrtdump_cfg	*n;

	if ((n = malloc(sizeof(*n))) == NULL)
		return NULL;
	memcpy(n, c, sizeof(*n));
	return n;
}

void
mrtdump_cfg_free(struct mrtdump_cfg *c)
{
	free(c);
}

int
mrtdump_cfg_empty(const struct mrtdump_cfg *c)
{
	int	 k;

	if (c == NULL)
		return 1;
	for (k = 0; k < MRTDUMP_NKIND; k++)
		if (c->d[k].set)
			return 0;
	return 1;
}

void
mrtdump_cfg_print(const struct mrtdump_cfg *c, struct strbuf *sb)
{
	int	 k;

	if (c == NULL)
		return;
	for (k = 0; k < MRTDUMP_NKIND; k++)
		if (c->d[k].set)
			sb_printf(sb, "mrt-dump %s file %s interval %u\n",
			    mrtdump_kind_name(k), c->d[k].pattern,
			    c->d[k].interval);
}

int
mrtdump_expand(const char *pattern, time_t t, char *out, size_t outlen)
{
	struct tm	 tm;
	size_t		 n;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	n = strftime(out, outlen, pattern, &tm);
	if (n == 0 || n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
mrtdump_check_path(const char *path, char *err, size_t errlen)
{
	char		 dir[MRTDUMP_PATTERN_MAX];
	const char	*pct, *slash = NULL, *p;
	struct stat	 st;

	if (path[0] != '/') {
		snprintf(err, errlen, "File '%s' must be an absolute path",
		    path);
		return -1;
	}
	if (path[strlen(path) - 1] == '/') {
		snprintf(err, errlen, "File '%s' names a directory, not a "
		    "file", path);
		return -1;
	}
	/* the directory part that does not depend on the time */
	pct = strchr(path, '%');
	for (p = path; *p != '\0' && (pct == NULL || p < pct); p++)
		if (*p == '/')
			slash = p;
	if (slash == NULL || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	if (slash == path)
		strlcpy(dir, "/", sizeof(dir));
	else {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	if (stat(dir, &st) == -1) {
		snprintf(err, errlen, "Directory '%s' of file '%s': %s", dir,
		    path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "'%s' of file '%s' is not a directory",
		    dir, path);
		return -1;
	}
	if (access(dir, W_OK | X_OK) == -1) {
		snprintf(err, errlen, "Directory '%s' of file '%s' is not "
		    "writable", dir, path);
		return -1;
	}
	return 0;
}

int
mrtdump_cfg_validate(const struct mrtdump_cfg *c, struct cfg_errors *errs)
{
	char	 line[MRTDUMP_PATTERN_MAX + 64], err[MRTDUMP_PATTERN_MAX * 2];
	char	 name[MRTDUMP_PATTERN_MAX];
	int	 k, n = 0;

	if (c == NULL)
		return 0;
	for (k = 0; k < MRTDUMP_NKIND; k++) {
		if (!c->d[k].set)
			continue;
		snprintf(line, sizeof(line), "mrt-dump %s file %s interval %u",
		    mrtdump_kind_name(k), c->d[k].pattern, c->d[k].interval);
		if (mrtdump_expand(c->d[k].pattern, 0, name, sizeof(name))
		    == -1) {
			cfg_error_add(errs, line, "File pattern '%s' expands "
			    "to nothing or to more than %d characters",
			    c->d[k].pattern, MRTDUMP_PATTERN_MAX - 1);
			n++;
		} else if (mrtdump_check_path(c->d[k].pattern, err,
		    sizeof(err)) == -1) {
			cfg_error_add(errs, line, "%s", err);
			n++;
		}
	}
	return n;
}
