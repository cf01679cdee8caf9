/*
 * persist: atomic save and load of the running configuration; see
 * persist.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/persist.h"
#include "core/strbuf.h"

int
persist_default_path(char *buf, size_t len, char *err, size_t errlen)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home;
	int		 n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, len, "%s/xrsh/running.cfg", xdg);
	else if ((home = getenv("HOME")) != NULL && home[0] != '\0')
		n = snprintf(buf, len, "%s/.local/state/xrsh/running.cfg",
		    home);
	else {
		snprintf(err, errlen, "neither XDG_STATE_HOME nor HOME is set");
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "state directory path too long");
		return -1;
	}
	return 0;
}

/* mkdir -p of the directory part of path. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char	 dir[PATH_MAX], *p;

	if (strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char	 c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
				snprintf(err, errlen, "%s: %s", dir,
				    strerror(errno));
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
fsync_dir(const char *path)
{
	char	 dir[PATH_MAX], *p;
	int	 fd;

	if (strlcpy(dir, path, sizeof(dir)) >= sizeof(dir))
		return;
	if ((p = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (p == dir)
		p[1] = '\0';
	else
		*p = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return;
	fsync(fd);
	close(fd);
}

int
persist_save(const char *path, const char *text, char *err, size_t errlen)
{
	char	 tmp[PATH_MAX];
	int	 fd, n;

	if (make_parent(path, err, errlen) == -1)
		return -1;
	n = snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (write_all(fd, text, strlen(text)) == -1 || fsync(fd) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	fsync_dir(path);
	return 0;
}

int
persist_load(const char *path, char **text, char *err, size_t errlen)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 buf[8192];
	ssize_t		 r;
	int		 fd;

	*text = NULL;
	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if ((r = read(fd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			sb_free(&sb);
			return -1;
		}
		if (r == 0)
			break;
		if (memchr(buf, '\0', (size_t)r) != NULL) {
			snprintf(err, errlen, "%s: not a text file", path);
			close(fd);
			sb_free(&sb);
			return -1;
		}
		sb_putn(&sb, buf, (size_t)r);
	}
	close(fd);
	if (sb.oom) {
		sb_free(&sb);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	*text = sb.buf ? sb_steal(&sb) : strdup("");
	if (*text == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	return 0;
}
