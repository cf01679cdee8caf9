/*
 * output: where everything a session prints goes.  Command output flows
 * through the `|` stages and the pager to stdout; diagnostics (errors,
 * notices) go inline in interactive and --echo sessions, to stderr with a
 * "FILE:LINE: " prefix in batch mode, and into the remembered first error
 * of a loader session (a collecting one, for `load`, also keeps every
 * error as batch mode would print it).  The error texts live in cli_int.h
 * (ERR_*).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/ctl.h"
#include "shell/match.h"

static int
inline_diag(const struct cli *cli)
{
	return cli->kind == CLI_INTERACTIVE || (cli->opts & CLI_OPT_ECHO);
}

/*
 * The session's standard output and error: this process's own, or for a
 * session attached through the control socket, frames to its client.
 */
static void
out_bytes(struct cli *cli, int err, const char *s, size_t n)
{
	if (cli->conn != NULL) {
		ctl_conn_output(cli->conn, err, s, n);
		return;
	}
	fwrite(s, 1, n, err ? stderr : stdout);
}

static void	out_fmt(struct cli *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
out_fmt(struct cli *cli, int err, const char *fmt, ...)
{
	char	 buf[2048];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	out_bytes(cli, err, buf, (size_t)n);
}

/* output before an error goes out first: the streams are separate */
static void
out_flush(struct cli *cli, int err)
{
	if (cli->conn == NULL)
		fflush(err ? stderr : stdout);
}

/* bytes of s[0..n) that fill `cols` columns (UTF-8 characters) */
static size_t
fold_len(const char *s, size_t n, unsigned cols)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == cols)
			return i;
	return n;
}

/*
 * One output line.  A line wider than the terminal width (`terminal
 * width`; 0: no limit) goes on over as many lines as it needs, as the
 * terminal would show it, so the pager counts the rows it takes; a JSON
 * document is never broken.
 */
static void
emit_line(struct cli *cli, const char *s, size_t n)
{
	size_t	 k;

	if (cli->discard || !pipe_filter(cli, s, n))
		return;
	while (cli->term_width > 0 && !cli->json &&
	    (k = fold_len(s, n, cli->term_width)) < n) {
		out_bytes(cli, 0, s, k);
		out_bytes(cli, 0, "\n", 1);
		pager_line(cli);
		if (cli->discard)
			return;
		s += k;
		n -= k;
	}
	out_bytes(cli, 0, s, n);
	out_bytes(cli, 0, "\n", 1);
	pager_line(cli);
}

void
out_write(struct cli *cli, const char *s, size_t n)
{
	const char	*b, *nl;
	size_t		 rest;

	if (cli->kind == CLI_LOADER || cli->discard)
		return;
	sb_putn(&cli->partial, s, n);
	if (cli->partial.oom || cli->partial.buf == NULL)
		return;
	b = cli->partial.buf;
	while ((nl = memchr(b, '\n', cli->partial.len -
	    (size_t)(b - cli->partial.buf))) != NULL) {
		emit_line(cli, b, (size_t)(nl - b));
		b = nl + 1;
		if (cli->discard)
			break;
	}
	rest = cli->partial.len - (size_t)(b - cli->partial.buf);
	if (cli->discard)
		rest = 0;
	memmove(cli->partial.buf, b, rest);
	cli->partial.len = rest;
	cli->partial.buf[rest] = '\0';
}

void
out_begin(struct cli *cli)
{
	unsigned	 cols;

	/* interactively the width follows the window until set */
	if (cli->kind == CLI_INTERACTIVE && !cli->term_width_set &&
	    (cols = cli->conn != NULL ? ctl_conn_columns(cli->conn) :
	    term_columns()) > 0)
		cli->term_width = cols;
	sb_reset(&cli->partial);
	cli->count = 0;
	cli->discard = 0;
	cli->page_lines = 0;
}

void
out_end(struct cli *cli)
{
	size_t	 i;
	int	 counting = 0;

	if (cli->partial.len > 0)
		out_write(cli, "\n", 1);
	for (i = 0; i < cli->npipes; i++)
		if (cli->pipes[i].kind == PIPE_COUNT)
			counting = 1;
	if (counting && cli->kind != CLI_LOADER)
		out_fmt(cli, 0, "%lu\n", cli->count);
	pipe_clear(cli);
	cli->json = 0;
	cli->discard = 0;
	sb_reset(&cli->partial);
	out_flush(cli, 0);
}

void
out_raw(struct cli *cli, const char *s)
{
	if (cli->kind == CLI_LOADER)
		return;
	out_bytes(cli, 0, s, strlen(s));
	out_flush(cli, 0);
}

/* a collecting loader (`load`): each line of msg after "ORIGIN:LINE: " */
static void
collect(struct cli *cli, const char *msg, size_t len)
{
	const char	*p = msg, *end = msg + len, *nl;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		sb_printf(cli->loader_errs, "%s:%lu: %.*s\n", cli->origin,
		    cli->lineno, (int)(nl - p), p);
		p = nl + 1;
	}
}

static void
diag(struct cli *cli, const char *msg, int is_error)
{
	const char	*p, *nl;

	if (cli->kind == CLI_LOADER) {
		if (is_error && cli->loader_errs != NULL)
			collect(cli, msg, strlen(msg));
		if (is_error && cli->loader_err[0] == '\0')
			snprintf(cli->loader_err, sizeof(cli->loader_err),
			    "%s:%lu: %s", cli->origin, cli->lineno, msg);
		return;
	}
	if (inline_diag(cli)) {
		out_bytes(cli, 0, msg, strlen(msg));
		out_bytes(cli, 0, "\n", 1);
		out_flush(cli, 0);
		return;
	}
	out_flush(cli, 0);
	for (p = msg; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			out_fmt(cli, 1, "%s:%lu: %s\n", cli->origin,
			    cli->lineno, p);
			break;
		}
		out_fmt(cli, 1, "%s:%lu: %.*s\n", cli->origin, cli->lineno,
		    (int)(nl - p), p);
	}
	out_flush(cli, 1);
}

int
cli_error(struct cli *cli, const char *fmt, ...)
{
	char	 msg[1024];
	va_list	 ap;
	int	 n;

	strlcpy(msg, "% ", sizeof(msg));
	va_start(ap, fmt);
	n = vsnprintf(msg + 2, sizeof(msg) - 2, fmt, ap);
	va_end(ap);
	(void)n;
	cli->failed = 1;
	cli->line_err = 1;
	/* output already produced by the command comes first */
	if (cli->partial.len > 0)
		out_write(cli, "\n", 1);
	out_flush(cli, 0);
	diag(cli, msg, 1);
	return CMD_ERR;
}

void
cli_notice(struct cli *cli, const char *fmt, ...)
{
	char	 msg[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_flush(cli, 0);
	diag(cli, msg, 0);
}

void
cli_printf(struct cli *cli, const char *fmt, ...)
{
	char	 buf[1024], *big = NULL;
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		if ((big = malloc((size_t)n + 1)) == NULL)
			return;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	out_write(cli, big != NULL ? big : buf, (size_t)n);
	free(big);
}

void
cli_puts(struct cli *cli, const char *s)
{
	out_write(cli, s, strlen(s));
}

/*
 * A matcher error.  The caret sits under the first bad character: inline
 * below the prompt and the echoed line; in batch mode below the line
 * repeated after the "FILE:LINE: " prefix, which stands in for the prompt.
 */
void
out_match_error(struct cli *cli, int status, size_t bad_off, const char *line)
{
	char		 msg[1200];
	const char	*text = line;
	size_t		 tl;

	while (*text == ' ' || *text == '\t')
		text++;
	tl = strcspn(text, "\r\n");
	cli->failed = 1;
	cli->line_err = 1;
	if (cli->kind == CLI_LOADER) {
		if (cli->loader_errs != NULL) {
			/* as batch mode prints it: line, caret, message */
			collect(cli, line, strcspn(line, "\r\n"));
			if (status == M_INVALID) {
				snprintf(msg, sizeof(msg), "%*s^\n%s",
				    (int)bad_off, "", ERR_INVALID);
				collect(cli, msg, strlen(msg));
			} else if (status == M_INCOMPLETE)
				collect(cli, ERR_INCOMPLETE,
				    strlen(ERR_INCOMPLETE));
			else {
				snprintf(msg, sizeof(msg), ERR_AMBIGUOUS,
				    (int)tl, text);
				collect(cli, msg, strlen(msg));
			}
		}
		if (cli->loader_err[0] != '\0')
			return;
		if (status == M_INVALID) {
			size_t	 bl = strcspn(line + bad_off, " \t\r\n");

			snprintf(msg, sizeof(msg), "%% Invalid input detected "
			    "at \"%.*s\" in \"%.*s\"", (int)bl, line + bad_off,
			    (int)tl, text);
		} else if (status == M_INCOMPLETE)
			snprintf(msg, sizeof(msg), "%% Incomplete command: "
			    "\"%.*s\"", (int)tl, text);
		else
			snprintf(msg, sizeof(msg), ERR_AMBIGUOUS, (int)tl,
			    text);
		snprintf(cli->loader_err, sizeof(cli->loader_err),
		    "%s:%lu: %s", cli->origin, cli->lineno, msg);
		return;
	}
	out_flush(cli, 0);
	if (inline_diag(cli)) {
		if (status == M_INVALID)
			out_fmt(cli, 0, "%*s^\n%s\n",
			    (int)(cli->prompt_len + bad_off), "", ERR_INVALID);
		else if (status == M_INCOMPLETE)
			out_fmt(cli, 0, "%s\n", ERR_INCOMPLETE);
		else
			out_fmt(cli, 0, ERR_AMBIGUOUS "\n", (int)tl, text);
		out_flush(cli, 0);
		return;
	}
	out_fmt(cli, 1, "%s:%lu: %.*s\n", cli->origin, cli->lineno,
	    (int)strcspn(line, "\r\n"), line);
	if (status == M_INVALID)
		out_fmt(cli, 1, "%s:%lu: %*s^\n%s:%lu: %s\n", cli->origin,
		    cli->lineno, (int)bad_off, "", cli->origin, cli->lineno,
		    ERR_INVALID);
	else if (status == M_INCOMPLETE)
		out_fmt(cli, 1, "%s:%lu: %s\n", cli->origin, cli->lineno,
		    ERR_INCOMPLETE);
	else
		out_fmt(cli, 1, "%s:%lu: " ERR_AMBIGUOUS "\n",
		    cli->origin, cli->lineno, (int)tl, text);
	out_flush(cli, 1);
}

void
cli_timestamp(char *buf, size_t len)
{
	struct timeval	 tv;
	struct tm	 tm;
	time_t		 t;
	char		 a[64], z[16];

	gettimeofday(&tv, NULL);
	t = loop_wallclock();
	localtime_r(&t, &tm);
	strftime(a, sizeof(a), "%a %b %e %H:%M:%S", &tm);
	strftime(z, sizeof(z), "%Z", &tm);
	snprintf(buf, len, "%s.%03ld %s", a, (long)(tv.tv_usec / 1000), z);
}

int
cli_ask(struct cli *cli, const char *q, char *ans, size_t len)
{
	char	*line = NULL;

	if (len > 0)
		ans[0] = '\0';
	if (cli->partial.len > 0)
		out_write(cli, "\n", 1);
	out_flush(cli, 0);
	if (cli->kind == CLI_LOADER)
		return -1;
	if (cli->kind == CLI_INTERACTIVE && cli->conn != NULL)
		return ctl_conn_ask(cli->conn, q, ans, len);
	if (cli->kind == CLI_INTERACTIVE)
		return term_ask(cli, q, ans, len);
	out_raw(cli, q);
	if (cli->next_line == NULL || cli->next_line(cli, &line) != 0) {
		out_raw(cli, "\n");
		return -1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	strlcpy(ans, line, len);
	if (cli->opts & CLI_OPT_ECHO)
		out_raw(cli, line);
	out_raw(cli, "\n");
	free(line);
	return 0;
}
