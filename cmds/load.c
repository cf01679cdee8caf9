/*
 * load: `load FILE` in config mode merges a file's lines into the
 * session's candidate (XR's target configuration) as if they were typed
 * in (config); nothing is committed.  Unlike XR, which keeps the lines
 * that parsed and points at `show configuration failed load`, a file with
 * errors changes nothing: the lines run in a loader session on a copy of
 * the candidate, every error is printed as FILE:LINE (the line, the caret,
 * the message, as batch mode prints them), and the copy replaces the
 * candidate only when every line was accepted.
 *
 * The loaded lines join the session's target buffer (what `commit
 * replace` replays), between two `root` lines so that they replay from
 * (config) as they ran and the lines typed afterwards replay where they
 * were typed.  The `load` line itself is not kept (its file may change).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/commit_cmds.h"

#define LOAD_MAX	(64UL * 1024 * 1024)	/* bytes */

/* Not configuration: refused in a loaded file instead of run. */
static const char *const not_config[] = {
	"commit", "abort", "do", "show", "load", "test", "describe",
	"complete", "debug", NULL
};

/* Reads a text file (at most LOAD_MAX bytes); NULL after the error. */
static char *
read_file(struct cli *cli, const char *path, size_t *lenp)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct stat	 st;
	FILE		*f;
	char		 chunk[65536], *text;
	size_t		 n;
	int		 e = 0;

	if ((f = fopen(path, "r")) == NULL) {
		cli_error(cli, "Couldn't open file %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		cli_error(cli, "Couldn't open file %s: %s", path,
		    strerror(EISDIR));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > LOAD_MAX) {
			fclose(f);
			sb_free(&sb);
			cli_error(cli, "File %s is too large to load (more "
			    "than %lu bytes)", path, LOAD_MAX);
			return NULL;
		}
		sb_putn(&sb, chunk, n);
	}
	if (ferror(f))
		e = errno != 0 ? errno : EIO;
	fclose(f);
	if (e != 0 || sb.oom) {
		sb_free(&sb);
		if (e != 0)
			cli_error(cli, "Couldn't read file %s: %s", path,
			    strerror(e));
		else
			cli_error(cli, "Out of memory");
		return NULL;
	}
	if (memchr(sb_str(&sb), '\0', sb.len) != NULL) {
		sb_free(&sb);
		cli_error(cli, "File %s is not a text file (it contains a NUL "
		    "byte)", path);
		return NULL;
	}
	*lenp = sb.len;
	text = sb.buf != NULL ? sb_steal(&sb) : strdup("");
	if (text == NULL)
		cli_error(cli, "Out of memory");
	return text;
}

/* Configuration lines among the first nlines of text (not blank, not !). */
static unsigned long
count_lines(const char *text, unsigned long nlines, size_t *endp)
{
	const char	*p = text, *nl;
	unsigned long	 i, n = 0;

	for (i = 0; i < nlines && *p != '\0'; i++) {
		const char	*s = p + strspn(p, " \t\r");

		if (*s != '\n' && *s != '\0' && *s != '!')
			n++;
		nl = strchr(p, '\n');
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
	*endp = (size_t)(p - text);
	return n;
}

/*
 * Runs text in a collecting loader on top of a copy of `base`.  Returns
 * the new configuration, or NULL with the errors (or an allocation
 * failure: *nerr 0) in errs.
 */
static struct config *
load_text(const char *text, const char *origin, const struct config *base,
    struct strbuf *errs, unsigned long *nerr, unsigned long *nlines)
{
	struct cmds_session	*s;
	struct commit_sess	*cs;
	struct config		*c;
	struct cli		*ld = NULL;
	int			 rc = -1;

	*nerr = 0;
	*nlines = 0;
	c = config_dup(base);
	s = calloc(1, sizeof(*s));
	cs = calloc(1, sizeof(*cs));
	if (c != NULL && s != NULL && cs != NULL) {
		cfg_errors_init(&cs->failed);
		cs->loader = 1;
		s->candidate = c;
		s->commit_priv = cs;
		ld = cli_loader_new(s);
	}
	if (ld != NULL) {
		cli_loader_collect(ld, errs, not_config);
		rc = cli_loader_run(ld, text, origin);
		*nerr = cli_loader_nerrors(ld);
		*nlines = cli_loader_nlines(ld);
		if (s->rpl_block != NULL)
			rpl_block_discard(ld);	/* reported by the loader */
		cli_loader_free(ld);
		c = s->candidate;
	}
	if (cs != NULL) {
		sb_free(&cs->typed);
		cfg_errors_free(&cs->failed);
	}
	free(cs);
	free(s);
	if (rc == -1 || errs->oom) {
		config_free(c);
		return NULL;
	}
	return c;
}

static void
print_errors(struct cli *cli, const struct strbuf *errs)
{
	const char	*p = sb_str(errs), *nl;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		cli_notice(cli, "%.*s", (int)(nl - p), p);
		if (*nl == '\0')
			break;
	}
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
cmd_load(struct cli *cli, const struct cmd_args *a)
{
	const char		*path = arg_str(a, "file");
	struct cmds_session	*s = cmds_session(cli);
	struct commit_sess	*cs = cmds_commit_sess(cli);
	struct strbuf		 errs = STRBUF_INIT;
	struct config		*cand, *c;
	struct timespec		 t0;
	unsigned long		 nerr, nlines, nconf, shown;
	size_t			 len, used;
	double			 secs;
	char			*text;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (s == NULL || cs == NULL)
		return cli_error(cli, "Out of memory");
	if ((text = read_file(cli, path, &len)) == NULL)
		return CMD_ERR;
	if ((cand = cmds_candidate(cli)) == NULL) {
		free(text);
		return CMD_ERR;
	}
	cli_printf(cli, "Loading.\n");
	c = load_text(text, path, cand, &errs, &nerr, &nlines);
	if (c == NULL) {
		free(text);
		if (nerr == 0 || errs.oom) {
			sb_free(&errs);
			return cli_error(cli, "Out of memory");
		}
		print_errors(cli, &errs);
		sb_free(&errs);
		return cli_error(cli, "%lu line%s of %s failed: nothing was "
		    "loaded, the target configuration is unchanged", nerr,
		    nerr == 1 ? "" : "s", path);
	}
	sb_free(&errs);
	nconf = count_lines(text, nlines, &used);
	/* the target buffer replays the file from (config) */
	sb_puts(&cs->typed, "root\n");
	sb_putn(&cs->typed, text, used);
	if (used > 0 && text[used - 1] != '\n')
		sb_putc(&cs->typed, '\n');
	sb_puts(&cs->typed, "root\n");
	cs->drop_line = 1;
	free(text);
	config_free(s->candidate);
	s->candidate = c;
	/* XR's lines; whole seconds, rounded up */
	secs = elapsed(&t0);
	shown = (unsigned long)secs;
	if (shown == 0 || (double)shown < secs)
		shown++;
	cli_printf(cli, "%zu bytes parsed in %lu sec (%.0f)bytes/sec\n",
	    len, shown, (double)len / (secs > 1e-6 ? secs : 1e-6));
	cli_printf(cli, "%lu configuration line%s loaded into the target "
	    "configuration (not committed)\n", nconf, nconf == 1 ? "" : "s");
	return CMD_OK;
}

static const struct cmd load_rows[] = {
	{ "load <file:word>", cmd_load, 0, {
	    "load=Load the target configuration from a file",
	    "file=Configuration file to load (relative to the current "
	    "directory)", NULL } },
	CMD_END
};

void
cmds_load_init(void)
{
	cli_install(MODE_CONFIG, load_rows);
}
