/*
 * persist: atomic save and load of the running configuration and of the
 * commit history next to it; see persist.h.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config/commit.h"
#include "core/config/persist.h"
#include "core/lib/strbuf.h"

int
persist_default_path(char *buf, size_t len, char *err, size_t errlen)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home;
	int		 n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, len, "%s/xrsh/running.cfg", xdg);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "%s", PERSIST_SYSTEM_PATH);
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

/* 1 for a temporary file left by a save that was interrupted. */
static int
is_leftover(const char *name)
{
	const char	*t = strstr(name, ".tmp");

	return t != NULL && strlen(t) == 4 + 6;
}

void
persist_sweep(const char *path)
{
	char		 dir[PATH_MAX], file[PATH_MAX + 256];
	const char	*base;
	size_t		 blen;
	DIR		*dp;
	struct dirent	*de;

	if (strlcpy(dir, path, sizeof(dir)) >= sizeof(dir))
		return;
	if ((base = strrchr(path, '/')) == NULL) {
		strlcpy(dir, ".", sizeof(dir));
		base = path;
	} else {
		dir[base - path == 0 ? 1 : base - path] = '\0';
		base++;
	}
	blen = strlen(base);
	if (blen == 0 || (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL)
		if (strncmp(de->d_name, base, blen) == 0 &&
		    strncmp(de->d_name + blen, ".tmp", 4) == 0 &&
		    is_leftover(de->d_name + blen) &&
		    snprintf(file, sizeof(file), "%s/%s", dir, de->d_name) <
		    (int)sizeof(file))
			unlink(file);
	closedir(dp);
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

/* --- commit history --- */

/*
 * File layout (text; the checksum on the first line covers every byte
 * after that line, so any damage is noticed):
 *
 *	xrsh-commit-record 1 <fnv1a-32 hex>	(ID.before: xrsh-commit-base 1)
 *	id 1000000001
 *	time 1763765000				(records only, as are
 *	user NAME				 user/line/client and the
 *	line NAME				 optional label/comment)
 *	client CLI
 *	label NAME
 *	comment TEXT
 *	impact LINE;LINE...			(optional: commit_rec.impact)
 *	text <bytes>
 *	<exactly that many bytes of configuration text>
 */
#define HIST_SUFFIX	".commits"
#define HIST_REJECTED	".rejected"
#define MAGIC_REC	"xrsh-commit-record 1"
#define MAGIC_BASE	"xrsh-commit-base 1"
#define EXT_REC		".commit"
#define EXT_BASE	".before"

static uint32_t
fnv32(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

int
persist_hist_path(const char *path, char *buf, size_t len)
{
	int	 n;

	n = snprintf(buf, len, "%s" HIST_SUFFIX, path);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
hist_file(char *buf, size_t len, const char *dir, uint32_t id,
    const char *ext)
{
	int	 n;

	n = snprintf(buf, len, "%s/%u%s", dir, id, ext);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ID of a history file name "<digits><ext>"; 0 when it is not one. */
static uint32_t
hist_name_id(const char *name, const char *ext)
{
	size_t		 n = strspn(name, "0123456789");
	unsigned long	 v;

	if (n == 0 || n > 10 || strcmp(name + n, ext) != 0)
		return 0;
	v = strtoul(name, NULL, 10);
	return v >= COMMIT_ID_FIRST && v < UINT32_MAX ? (uint32_t)v : 0;
}

/* A header value; a newline would end it early, so it becomes a space. */
static void
put_field(struct strbuf *sb, const char *key, const char *val)
{
	sb_printf(sb, "%s ", key);
	for (; *val != '\0'; val++)
		sb_putc(sb, *val == '\n' || *val == '\r' ? ' ' : *val);
	sb_putc(sb, '\n');
}

/* File contents of a record (r != NULL) or of a base text; NULL: OOM. */
static char *
hist_format(uint32_t id, const struct commit_rec *r, const char *text)
{
	struct strbuf	 body = STRBUF_INIT, out = STRBUF_INIT;

	sb_printf(&body, "id %u\n", id);
	if (r != NULL) {
		sb_printf(&body, "time %lld\n", (long long)r->time);
		put_field(&body, "user", r->user ? r->user : "");
		put_field(&body, "line", r->line ? r->line : "");
		put_field(&body, "client", r->client ? r->client : "");
		if (r->label != NULL)
			put_field(&body, "label", r->label);
		if (r->comment != NULL)
			put_field(&body, "comment", r->comment);
		if (r->impact != NULL)
			put_field(&body, "impact", r->impact);
	}
	sb_printf(&body, "text %zu\n", strlen(text));
	sb_puts(&body, text);
	if (body.oom) {
		sb_free(&body);
		return NULL;
	}
	sb_printf(&out, "%s %08x\n", r != NULL ? MAGIC_REC : MAGIC_BASE,
	    (unsigned)fnv32(body.buf, body.len));
	sb_putn(&out, body.buf, body.len);
	sb_free(&body);
	if (out.oom) {
		sb_free(&out);
		return NULL;
	}
	return sb_steal(&out);
}

static int
hist_bad(char *err, size_t errlen, const char *file, int line,
    const char *what)
{
	if (line > 0)
		snprintf(err, errlen, "%s:%d: %s", file, line, what);
	else
		snprintf(err, errlen, "%s: %s", file, what);
	return -1;
}


/* A string header field, set once. */
static int
set_str(char **dst, const char *v, size_t n)
{
	if (*dst != NULL)
		return -1;
	return (*dst = strndup(v, n)) == NULL ? -1 : 0;
}

/*
 * Parses the contents of history file `file` (a record, or a base text
 * when base is set) into *r: id and text always, the rest for records.
 */
static int
hist_parse(const char *file, const char *buf, int base,
    struct commit_rec *r, char *err, size_t errlen)
{
	const char	*magic = base ? MAGIC_BASE : MAGIC_REC;
	const char	*p, *nl, *v, *body;
	size_t		 mlen = strlen(magic), klen, vlen;
	unsigned long	 sum, ul;
	long long	 ll;
	char		*end;
	int		 line = 1, have_time = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	if (strncmp(buf, magic, mlen) != 0 || buf[mlen] != ' ')
		return hist_bad(err, errlen, file, 1, "not a commit history "
		    "file of this version");
	errno = 0;
	sum = strtoul(buf + mlen + 1, &end, 16);
	if (errno != 0 || end != buf + mlen + 9 || *end != '\n')
		return hist_bad(err, errlen, file, 1, "bad checksum field");
	body = end + 1;
	if (fnv32(body, strlen(body)) != (uint32_t)sum)
		return hist_bad(err, errlen, file, 0, "checksum mismatch "
		    "(the file was damaged or edited)");
	for (p = body; ; p = nl + 1) {
		line++;
		if ((nl = strchr(p, '\n')) == NULL) {
			rc = hist_bad(err, errlen, file, line, "truncated");
			break;
		}
		klen = strcspn(p, " \n");
		if (p[klen] != ' ') {
			rc = hist_bad(err, errlen, file, line, "field "
			    "without a value");
			break;
		}
		v = p + klen + 1;
		vlen = (size_t)(nl - v);
#define KEY(k)	(klen == sizeof(k) - 1 && strncmp(p, k, klen) == 0)
		if (KEY("text")) {
			errno = 0;
			ul = strtoul(v, &end, 10);
			if (errno != 0 || end != nl || v == nl ||
			    strlen(nl + 1) != ul) {
				rc = hist_bad(err, errlen, file, line,
				    "text length does not match");
				break;
			}
			if ((r->text = strdup(nl + 1)) == NULL)
				rc = hist_bad(err, errlen, file, 0,
				    "out of memory");
			break;
		} else if (KEY("id")) {
			errno = 0;
			ul = strtoul(v, &end, 10);
			if (errno != 0 || end != nl || ul < COMMIT_ID_FIRST ||
			    ul >= UINT32_MAX || r->id != 0) {
				rc = hist_bad(err, errlen, file, line,
				    "bad commit ID");
				break;
			}
			r->id = (uint32_t)ul;
		} else if (!base && KEY("time")) {
			errno = 0;
			ll = strtoll(v, &end, 10);
			if (errno != 0 || end != nl || have_time) {
				rc = hist_bad(err, errlen, file, line,
				    "bad time");
				break;
			}
			r->time = (time_t)ll;
			have_time = 1;
		} else if (!base && (KEY("user") || KEY("line") ||
		    KEY("client") || KEY("label") || KEY("comment") ||
		    KEY("impact"))) {
			char	**dst = KEY("user") ? &r->user :
			    KEY("line") ? &r->line : KEY("client") ?
			    &r->client : KEY("label") ? &r->label :
			    KEY("impact") ? &r->impact : &r->comment;

			if (set_str(dst, v, vlen) == -1) {
				rc = hist_bad(err, errlen, file, line,
				    "repeated field or out of memory");
				break;
			}
		} else {
			rc = hist_bad(err, errlen, file, line,
			    "unknown field");
			break;
		}
#undef KEY
	}
	if (rc == 0 && (r->id == 0 || (!base && (!have_time ||
	    r->user == NULL || r->line == NULL || r->client == NULL))))
		rc = hist_bad(err, errlen, file, 0, "missing fields");
	if (rc == -1)
		commit_rec_clear(r);
	return rc;
}

/* Reads and parses one history file. */
static int
hist_read(const char *dir, uint32_t id, int base, struct commit_rec *r,
    char *err, size_t errlen)
{
	char	 file[PATH_MAX + 32], *buf;
	int	 rc;

	memset(r, 0, sizeof(*r));
	if (hist_file(file, sizeof(file), dir, id,
	    base ? EXT_BASE : EXT_REC) == -1)
		return hist_bad(err, errlen, dir, 0, "path too long");
	if ((rc = persist_load(file, &buf, err, errlen)) == 1)
		return hist_bad(err, errlen, file, 0, "No such file or "
		    "directory");
	if (rc == -1)
		return -1;
	rc = hist_parse(file, buf, base, r, err, errlen);
	free(buf);
	if (rc == 0 && r->id != id) {
		commit_rec_clear(r);
		return hist_bad(err, errlen, file, 0, "the ID inside does "
		    "not match the file name");
	}
	return rc;
}

static int
hist_write(const char *dir, uint32_t id, const struct commit_rec *r,
    const char *text, char *err, size_t errlen)
{
	char	 file[PATH_MAX + 32], *data;
	int	 rc;

	if (hist_file(file, sizeof(file), dir, id,
	    r != NULL ? EXT_REC : EXT_BASE) == -1)
		return hist_bad(err, errlen, dir, 0, "path too long");
	if ((data = hist_format(id, r, text)) == NULL)
		return hist_bad(err, errlen, file, 0, "out of memory");
	rc = persist_save(file, data, err, errlen);
	free(data);
	return rc;
}

/*
 * Removes the files the history no longer needs: records outside
 * oldest..newest (but the one before the oldest, whose text is the base
 * once the history is full) and every base text but the oldest's.
 */
static void
hist_prune(const char *dir, uint32_t oldest, uint32_t newest, int full)
{
	DIR		*dp;
	struct dirent	*de;
	char		 file[PATH_MAX];
	uint32_t	 id;
	int		 drop;

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if ((id = hist_name_id(de->d_name, EXT_REC)) != 0)
			drop = !(id >= oldest && id <= newest) &&
			    !(full && id + 1 == oldest);
		else if ((id = hist_name_id(de->d_name, EXT_BASE)) != 0)
			drop = id != oldest;
		else
			continue;
		if (drop && snprintf(file, sizeof(file), "%s/%s", dir,
		    de->d_name) < (int)sizeof(file))
			unlink(file);
	}
	closedir(dp);
}

/* --- the pending-confirm marker --- */

/*
 * FILE.commits/pending-confirm exists while a `commit confirmed` trial is
 * pending (checksummed like the history files):
 *
 *	xrsh-trial 1 <fnv1a-32 hex>
 *	first 1000000002		the trial's first commit
 *	last 1000000003			its latest (re-armed) commit
 *	text <bytes>
 *	<the running text before the first trial commit>
 *
 * It is written after the trial's record and before the configuration
 * file, and removed after the file of the commit that ends the trial (or
 * by persist_trial_clear() when a confirmation commits nothing), so a
 * trial that reached the file is always marked.
 */
#define TRIAL_FILE	"pending-confirm"
#define MAGIC_TRIAL	"xrsh-trial 1"

static int
trial_path(const char *path, char *buf, size_t len)
{
	int	 n;

	n = snprintf(buf, len, "%s" HIST_SUFFIX "/" TRIAL_FILE, path);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
trial_write(const char *file, const struct commit_db *db, char *err,
    size_t errlen)
{
	struct strbuf	 body = STRBUF_INIT, out = STRBUF_INIT;
	const char	*target = commit_trial_target(db);
	int		 rc;

	if (target == NULL)
		return hist_bad(err, errlen, file, 0, "no trial pending");
	sb_printf(&body, "first %u\nlast %u\ntext %zu\n",
	    commit_trial_first(db), commit_trial_id(db), strlen(target));
	sb_puts(&body, target);
	if (!body.oom)
		sb_printf(&out, MAGIC_TRIAL " %08x\n",
		    (unsigned)fnv32(body.buf, body.len));
	sb_putn(&out, body.buf, body.len);
	sb_free(&body);
	if (out.oom) {
		sb_free(&out);
		return hist_bad(err, errlen, file, 0, "out of memory");
	}
	rc = persist_save(file, sb_str(&out), err, errlen);
	sb_free(&out);
	return rc;
}

/* The removal of the marker; a missing one is fine. */
static int
trial_remove(const char *file, char *err, size_t errlen)
{
	if (unlink(file) == -1) {
		if (errno == ENOENT)
			return 0;
		return hist_bad(err, errlen, file, 0, strerror(errno));
	}
	fsync_dir(file);
	return 0;
}

/* An ID field "KEY <id>\n" at *p; advances *p past it. */
static int
trial_id_field(const char **p, const char *key, uint32_t *id)
{
	size_t		 klen = strlen(key);
	unsigned long	 v;
	char		*end;

	if (strncmp(*p, key, klen) != 0 || (*p)[klen] != ' ' ||
	    !isdigit((unsigned char)(*p)[klen + 1]))
		return -1;
	errno = 0;
	v = strtoul(*p + klen + 1, &end, 10);
	if (errno != 0 || *end != '\n' || v < COMMIT_ID_FIRST ||
	    v >= UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	*p = end + 1;
	return 0;
}

int
persist_trial_load(const char *path, struct persist_trial *t, char *err,
    size_t errlen)
{
	const char	*body, *p;
	char		 file[PATH_MAX], *buf, *end;
	size_t		 mlen = strlen(MAGIC_TRIAL);
	unsigned long	 sum, len;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if (trial_path(path, file, sizeof(file)) == -1)
		return hist_bad(err, errlen, path, 0, "path too long");
	if ((rc = persist_load(file, &buf, err, errlen)) != 0)
		return rc;
	rc = -1;
	if (strncmp(buf, MAGIC_TRIAL, mlen) != 0 || buf[mlen] != ' ') {
		hist_bad(err, errlen, file, 1, "not a pending-confirm marker "
		    "of this version");
		goto out;
	}
	errno = 0;
	sum = strtoul(buf + mlen + 1, &end, 16);
	if (errno != 0 || end != buf + mlen + 9 || *end != '\n') {
		hist_bad(err, errlen, file, 1, "bad checksum field");
		goto out;
	}
	body = end + 1;
	if (fnv32(body, strlen(body)) != (uint32_t)sum) {
		hist_bad(err, errlen, file, 0, "checksum mismatch (the file "
		    "was damaged or edited)");
		goto out;
	}
	p = body;
	if (trial_id_field(&p, "first", &t->first) == -1 ||
	    trial_id_field(&p, "last", &t->last) == -1 ||
	    t->last < t->first) {
		hist_bad(err, errlen, file, 0, "bad commit IDs");
		goto out;
	}
	errno = 0;
	if (strncmp(p, "text ", 5) != 0 || !isdigit((unsigned char)p[5]) ||
	    (len = strtoul(p + 5, &end, 10), errno != 0) || *end != '\n' ||
	    strlen(end + 1) != len) {
		hist_bad(err, errlen, file, 0, "text length does not match");
		goto out;
	}
	if ((t->target = strdup(end + 1)) == NULL) {
		hist_bad(err, errlen, file, 0, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

void
persist_trial_free(struct persist_trial *t)
{
	free(t->target);
	memset(t, 0, sizeof(*t));
}

int
persist_trial_clear(const char *path, char *err, size_t errlen)
{
	char	 file[PATH_MAX];

	if (trial_path(path, file, sizeof(file)) == -1)
		return hist_bad(err, errlen, path, 0, "path too long");
	return trial_remove(file, err, errlen);
}

int
persist_commit(const char *path, const struct commit_db *db, char *err,
    size_t errlen)
{
	const struct commit_rec	*r = commit_nth(db, 0), *old;
	size_t			 n = commit_count(db);
	char			 dir[PATH_MAX], herr[PATH_MAX + 128];
	char			 tfile[PATH_MAX], terr[PATH_MAX + 64];
	int			 hrc = 0, trial = commit_trial_pending(db);

	if (r == NULL) {
		snprintf(err, errlen, "%s: no commit to save", path);
		return -1;
	}
	old = commit_nth(db, n - 1);
	herr[0] = '\0';
	tfile[0] = '\0';
	if (persist_hist_path(path, dir, sizeof(dir)) == -1 ||
	    trial_path(path, tfile, sizeof(tfile)) == -1)
		hrc = hist_bad(herr, sizeof(herr), path, 0, "path too long");
	else if (make_parent(path, herr, sizeof(herr)) == -1)
		hrc = -1;
	else if (mkdir(dir, 0700) == 0)
		fsync_dir(dir);
	else if (errno != EEXIST)
		hrc = hist_bad(herr, sizeof(herr), dir, 0, strerror(errno));
	/* the record goes first: the configuration's rename commits it */
	if (hrc == 0 && n == 1)
		hrc = hist_write(dir, r->id, NULL, commit_text_before(db, 0),
		    herr, sizeof(herr));
	if (hrc == 0)
		hrc = hist_write(dir, r->id, r, r->text, herr, sizeof(herr));
	/* a trial reaches the file only marked, so a restart undoes it */
	if (trial && (hrc == -1 ||
	    trial_write(tfile, db, herr, sizeof(herr)) == -1)) {
		snprintf(err, errlen, "%s (the trial commit was not saved: "
		    "it ends with this process)", herr);
		return -1;
	}
	if (persist_save(path, r->text, err, errlen) == -1)
		return -1;
	/*
	 * After the file: the commit that ends a trial is on disk now.  Also
	 * when the history failed: a marker left beside a rejected history
	 * would undo this commit at the next start.
	 */
	if (!trial && tfile[0] != '\0' &&
	    trial_remove(tfile, terr, sizeof(terr)) == -1 && hrc == 0) {
		strlcpy(herr, terr, sizeof(herr));
		hrc = -1;
	}
	if (hrc == -1) {
		strlcpy(err, herr, errlen);
		return -2;
	}
	hist_prune(dir, old->id, r->id, n == COMMIT_HISTORY_MAX);
	return 0;
}

int
persist_rec_update(const char *path, const struct commit_db *db,
    uint32_t id, char *err, size_t errlen)
{
	const struct commit_rec	*r;
	char			 dir[PATH_MAX];
	char			 idbuf[16];
	long			 i;

	snprintf(idbuf, sizeof(idbuf), "%u", id);
	if ((i = commit_find(db, idbuf)) == -1 ||
	    (r = commit_nth(db, (size_t)i)) == NULL) {
		snprintf(err, errlen, "%s: no commit %u to save", path, id);
		return -1;
	}
	if (persist_hist_path(path, dir, sizeof(dir)) == -1)
		return hist_bad(err, errlen, path, 0, "path too long");
	return hist_write(dir, r->id, r, r->text, err, errlen);
}

static int
text_in(const char *t, const char *const *texts)
{
	for (; *texts != NULL; texts++)
		if (strcmp(t, *texts) == 0)
			return 1;
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	const struct commit_rec	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void
recs_free(struct commit_rec *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		commit_rec_clear(&v[i]);
	free(v);
}

/*
 * Record files that did not read.  One that is newer than the commit of
 * the saved configuration is a commit that never reached the file (its
 * save was cut short by something worse than a kill: the rename makes a
 * half-written file impossible otherwise); it is removed with a warning.
 * Any other damage rejects the history.
 */
#define HIST_DAMAGED_MAX	4
struct hist_damaged {
	uint32_t	 id[HIST_DAMAGED_MAX];
	size_t		 n;
	uint32_t	 low;			/* the lowest of id[] */
	char		 err[PATH_MAX + 160];	/* low's error */
};

/*
 * Every record file of dir that reads, sorted by ID, and in *d those that
 * do not; leftovers of saves removed.
 */
static int
hist_read_all(const char *dir, struct commit_rec **out, size_t *np,
    struct hist_damaged *d, char *err, size_t errlen)
{
	DIR		*dp;
	struct dirent	*de;
	struct commit_rec *v = NULL, *nv;
	size_t		 n = 0, cap = 0;
	char		 file[PATH_MAX], rerr[sizeof(d->err)];
	uint32_t	 id;
	int		 rc = 0;

	*out = NULL;
	*np = 0;
	memset(d, 0, sizeof(*d));
	if ((dp = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return hist_bad(err, errlen, dir, 0, strerror(errno));
	}
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (is_leftover(de->d_name)) {
			if (snprintf(file, sizeof(file), "%s/%s", dir,
			    de->d_name) < (int)sizeof(file))
				unlink(file);
			continue;
		}
		if ((id = hist_name_id(de->d_name, EXT_REC)) == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				rc = hist_bad(err, errlen, dir, 0,
				    "out of memory");
				break;
			}
			v = nv;
		}
		if (hist_read(dir, id, 0, &v[n], rerr, sizeof(rerr)) == 0) {
			n++;
			continue;
		}
		if (d->n == HIST_DAMAGED_MAX) {
			rc = hist_bad(err, errlen, dir, 0, "too many damaged "
			    "records");
			break;
		}
		if (d->n == 0 || id < d->low) {
			d->low = id;
			strlcpy(d->err, rerr, sizeof(d->err));
		}
		d->id[d->n++] = id;
	}
	closedir(dp);
	if (rc == -1) {
		recs_free(v, n);
		return -1;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), id_cmp);
	*out = v;
	*np = n;
	return 0;
}

/*
 * The damaged records of d, all newer than the saved configuration's
 * commit, are removed; err says which (the first) and why.
 */
static void
hist_drop_damaged(const char *dir, const struct hist_damaged *d, char *err,
    size_t errlen)
{
	char	 file[PATH_MAX + 32];
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (hist_file(file, sizeof(file), dir, d->id[i],
		    EXT_REC) == 0)
			unlink(file);
	if (snprintf(file, sizeof(file), "%s/.", dir) < (int)sizeof(file))
		fsync_dir(file);
	snprintf(err, errlen, "%s; removed: commit %u never reached the "
	    "saved configuration%s", d->err, d->low,
	    d->n > 1 ? " (nor the newer ones)" : "");
}

/* Moves a rejected history aside so the next commit starts afresh. */
static void
hist_reject(const char *dir, char *err, size_t errlen)
{
	char		 aside[PATH_MAX + 16], file[PATH_MAX + 300];
	DIR		*dp;
	struct dirent	*de;
	size_t		 len = strlen(err);

	snprintf(aside, sizeof(aside), "%s" HIST_REJECTED, dir);
	if ((dp = opendir(aside)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			if (de->d_name[0] != '.' && snprintf(file,
			    sizeof(file), "%s/%s", aside, de->d_name) <
			    (int)sizeof(file))
				unlink(file);
		closedir(dp);
		rmdir(aside);
	}
	if (rename(dir, aside) == 0) {
		fsync_dir(dir);
		snprintf(err + len, errlen - len, "; starting with an empty "
		    "commit history (the old one is in %s)", aside);
	} else if (errno == ENOENT)
		snprintf(err + len, errlen - len, "; starting with an empty "
		    "commit history");
	else
		snprintf(err + len, errlen - len, "; starting with an empty "
		    "commit history (cannot move it aside: %s)",
		    strerror(errno));
}

int
persist_hist_load(const char *path, struct commit_db *db,
    const char *const *texts, char *err, size_t errlen)
{
	struct commit_rec	*v, base;
	struct hist_damaged	 dmg;
	char			 dir[PATH_MAX], *btext;
	size_t			 n, keep, first, i;
	uint32_t		 next;
	long			 m;

	if (persist_hist_path(path, dir, sizeof(dir)) == -1)
		return hist_bad(err, errlen, path, 0, "path too long");
	if (hist_read_all(dir, &v, &n, &dmg, err, errlen) == -1)
		goto reject;
	if (n == 0 && dmg.n == 0) {
		free(v);
		return 0;
	}
	/* the newest commit that reached the saved configuration */
	for (m = (long)n - 1; m >= 0; m--)
		if (text_in(v[m].text, texts))
			break;
	/* damage is tolerated only past the newest record, which is saved */
	if (dmg.n > 0 && (n == 0 || m != (long)n - 1 ||
	    dmg.low < v[n - 1].id)) {
		strlcpy(err, dmg.err, errlen);
		recs_free(v, n);
		goto reject;
	}
	/*
	 * The consecutive run of records ending there, up to one more than
	 * the history holds (that one's text is the base).  Records below a
	 * gap further down are what an interrupted prune left behind.
	 */
	first = m >= 0 ? (size_t)m : 0;
	while (first > 0 && v[first - 1].id + 1 == v[first].id &&
	    (size_t)m - first < COMMIT_HISTORY_MAX)
		first--;
	keep = (size_t)(m + 1);
	if (keep - first > COMMIT_HISTORY_MAX) {
		btext = v[first].text;
		v[first].text = NULL;
		first++;
	} else if (hist_read(dir, v[first].id, 1, &base, err, errlen) == -1) {
		if (first > 0) {
			char	 file[PATH_MAX + 32];

			hist_file(file, sizeof(file), dir, v[first].id - 1,
			    EXT_REC);
			hist_bad(err, errlen, file, 0, "missing (the history "
			    "has a gap)");
		}
		recs_free(v, n);
		goto reject;
	} else {
		btext = base.text;
		base.text = NULL;
		commit_rec_clear(&base);
		if (keep == 0 && !text_in(btext, texts)) {
			free(btext);
			recs_free(v, n);
			snprintf(err, errlen, "%s: does not match the saved "
			    "configuration %s", dir, path);
			goto reject;
		}
	}
	next = keep > 0 ? v[keep - 1].id + 1 : v[0].id;
	/* records [first, keep) move into db; the rest are dropped */
	for (i = 0; i < n; i++)
		if (i < first || i >= keep)
			commit_rec_clear(&v[i]);
	if (commit_restore(db, v + first, keep - first, btext, next) == -1) {
		free(v);
		snprintf(err, errlen, "%s: cannot restore the commit history",
		    dir);
		return -1;
	}
	free(v);
	if (dmg.n > 0) {
		hist_drop_damaged(dir, &dmg, err, errlen);
		return 1;
	}
	return 0;
reject:
	hist_reject(dir, err, errlen);
	return -1;
}
