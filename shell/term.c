/*
 * term: the interactive terminal, on libedit.  Keys: `?` describes the
 * line at once and redraws it, TAB completes, Ctrl-C clears the line,
 * Ctrl-Z is `end`.  While waiting for a key the event loop runs
 * (EL_GETCFN), and engine log lines that arrive meanwhile are printed
 * above the prompt with the edited line redrawn intact.  History persists
 * in ${XDG_STATE_HOME:-$HOME/.local/state}/xrsh/history.
 */
#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/stopsig.h"

struct term {
	EditLine	*el;
	History		*hist;
	HistEvent	 ev;
	struct cli	*cli;
	char		 prompt[256];
	const char	*ask;		/* cli_ask() question as prompt */
	int		 editing;
	int		 ready;		/* stdin readable */
	int		 ctrlz;
	char		 histfile[PATH_MAX];
};

#define KEY_INTR	0x03	/* ^C */
#define KEY_SUSP	0x1a	/* ^Z */
#define KEY_CANCEL	0x1f	/* what getc_fn hands libedit for ^C */
#define KEY_END		0x1e	/* ... and for ^Z */

static volatile sig_atomic_t	got_int, got_tstp, got_winch;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_int = 1;
	else if (sig == SIGTSTP)
		got_tstp = 1;
	else if (sig == SIGWINCH)
		got_winch = 1;
}

static struct term *
term_of(EditLine *el)
{
	void	*p = NULL;

	el_get(el, EL_CLIENTDATA, &p);
	return p;
}

static char *
prompt_fn(EditLine *el)
{
	struct term	*t = term_of(el);

	return (char *)(t->ask != NULL ? t->ask : t->prompt);
}

static void
on_stdin(int fd, short revents, void *arg)
{
	struct term	*t = arg;

	(void)fd;
	(void)revents;
	t->ready = 1;
	/* stop polling until the byte is read, or poll would spin */
	loop_fd_set_events(STDIN_FILENO, 0);
}

/* one byte from the terminal, running the loop while none is there */
static int
read_byte(struct term *t, unsigned char *c, int editing)
{
	ssize_t	 n;

	for (;;) {
		if (got_winch) {
			got_winch = 0;
			el_resize(t->el);
		}
		if (editing && got_int) {
			got_int = 0;
			*c = KEY_INTR;
			return 1;
		}
		if (editing && got_tstp) {
			got_tstp = 0;
			*c = KEY_SUSP;
			return 1;
		}
		/* an attached client whose router went away: end of input */
		if (t->cli->quit && t->cli->remote != NULL)
			return 0;
		/* SIGTERM/SIGHUP: no more keys, the session ends */
		if (stopsig_pending())
			return -1;
		if (t->ready) {
			t->ready = 0;
			loop_fd_set_events(STDIN_FILENO, POLLIN);
			n = read(STDIN_FILENO, c, 1);
			if (n == 1)
				return 1;
			if (n == 0)
				return 0;
			if (errno != EINTR && errno != EAGAIN)
				return -1;
			continue;
		}
		if (loop_run_once(-1) < 0)
			return -1;
	}
}

static int
getc_fn(EditLine *el, wchar_t *wc)
{
	struct term	*t = term_of(el);
	mbstate_t	 mbs;
	char		 buf[MB_LEN_MAX];
	size_t		 n = 0;

	memset(&mbs, 0, sizeof(mbs));
	for (;;) {
		unsigned char	 c;
		size_t		 r;
		int		 rc;

		if ((rc = read_byte(t, &c, 1)) <= 0)
			return rc;
		/*
		 * libedit rebinds the terminal's own ^C / ^Z to its tty
		 * functions, so hand them over as keys it leaves alone.
		 */
		if (n == 0 && (c == KEY_INTR || c == KEY_SUSP)) {
			*wc = c == KEY_INTR ? KEY_CANCEL : KEY_END;
			return 1;
		}
		buf[n++] = (char)c;
		r = mbrtowc(wc, buf, n, &mbs);
		if (r == (size_t)-2 && n < sizeof(buf))
			continue;
		if (r == (size_t)-1 || r == (size_t)-2) {
			*wc = (wchar_t)(unsigned char)buf[0];
			return 1;
		}
		return 1;
	}
}

/* the line up to the cursor, NUL-terminated (caller frees) */
static char *
line_to_cursor(EditLine *el)
{
	const LineInfo	*li = el_line(el);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char
fn_describe(EditLine *el, int ch)
{
	struct term	*t = term_of(el);
	struct strbuf	 sb = STRBUF_INIT;
	char		*l;

	(void)ch;
	if ((l = line_to_cursor(el)) == NULL)
		return CC_ERROR;
	t->cli->prompt_len = strlen(t->prompt);
	cli_describe(t->cli, l, &sb);
	fputs("?\n", stdout);
	fputs(sb_str(&sb), stdout);
	fflush(stdout);
	sb_free(&sb);
	free(l);
	return CC_REDISPLAY;
}

static unsigned char
fn_complete(EditLine *el, int ch)
{
	struct term	*t = term_of(el);
	char		*l, **w;
	const char	*part;
	size_t		 n, i, pl, lcp;
	unsigned char	 rc = CC_REFRESH;

	(void)ch;
	if ((l = line_to_cursor(el)) == NULL)
		return CC_ERROR;
	n = cli_complete_word(t->cli, l, &w);
	part = l + strlen(l);
	while (part > l && part[-1] != ' ' && part[-1] != '\t')
		part--;
	pl = strlen(part);
	if (n == 0)
		rc = CC_REFRESH_BEEP;
	else if (n == 1) {
		el_insertstr(el, w[0] + (strlen(w[0]) >= pl ? pl : 0));
		el_insertstr(el, " ");
	} else {
		lcp = strlen(w[0]);
		for (i = 1; i < n; i++) {
			size_t	 k = 0;

			while (k < lcp && w[i][k] == w[0][k])
				k++;
			lcp = k;
		}
		if (lcp > pl) {
			char	*ext = strndup(w[0] + pl, lcp - pl);

			if (ext != NULL)
				el_insertstr(el, ext);
			free(ext);
		} else {
			fputs("\n", stdout);
			for (i = 0; i < n; i++)
				printf("%s%s", i ? "  " : "", w[i]);
			fputs("\n", stdout);
			fflush(stdout);
			rc = CC_REDISPLAY;
		}
	}
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	free(l);
	return rc;
}

static void
clear_line(EditLine *el)
{
	const LineInfo	*li = el_line(el);

	el_cursor(el, (int)(li->lastchar - li->cursor));
	li = el_line(el);
	el_deletestr(el, (int)(li->lastchar - li->buffer));
}

static unsigned char
fn_cancel(EditLine *el, int ch)
{
	(void)ch;
	clear_line(el);
	fputs("\n", stdout);
	fflush(stdout);
	return CC_REDISPLAY;
}

static unsigned char
fn_ctrlz(EditLine *el, int ch)
{
	struct term	*t = term_of(el);

	(void)ch;
	clear_line(el);
	t->ctrlz = 1;
	return CC_NEWLINE;
}

void
term_message(struct cli *cli, const char *line)
{
	struct term	*t = cli->term;

	if (t == NULL) {
		printf("%s\n", line);
		fflush(stdout);
		return;
	}
	if (t->editing) {
		/* over the prompt line, then libedit redraws it below */
		printf("\r\033[K%s\n", line);
		fflush(stdout);
		/* the event may have changed the prompt (a trial rollback) */
		if (t->ask == NULL) {
			cli_prompt(t->cli, t->prompt, sizeof(t->prompt));
			t->cli->prompt_len = strlen(t->prompt);
		}
		el_set(t->el, EL_REFRESH);
	} else {
		printf("%s\n", line);
		fflush(stdout);
	}
}

static int
mkdir_p(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static void
history_path(struct term *t)
{
	const char	*x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
	char		 dir[PATH_MAX - 16];
	int		 n;

	t->histfile[0] = '\0';
	if (x != NULL && *x != '\0')
		n = snprintf(dir, sizeof(dir), "%s/xrsh", x);
	else if (h != NULL && *h != '\0')
		n = snprintf(dir, sizeof(dir), "%s/.local/state/xrsh", h);
	else
		return;
	if (n < 0 || (size_t)n >= sizeof(dir) || mkdir_p(dir) != 0)
		return;
	if ((size_t)snprintf(t->histfile, sizeof(t->histfile), "%s/history",
	    dir) >= sizeof(t->histfile))
		t->histfile[0] = '\0';
}

int
term_getkey(struct cli *cli)
{
	struct term	*t = cli->term;
	struct termios	 old, raw;
	unsigned char	 c;
	int		 rc;

	if (t == NULL)
		return -1;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	rc = read_byte(t, &c, 0);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return rc == 1 ? c : -1;
}

int
term_ask(struct cli *cli, const char *q, char *ans, size_t len)
{
	struct term	*t = cli->term;
	const char	*l;
	int		 n;

	if (t == NULL)
		return -1;
	t->ask = q;
	t->editing = 1;
	l = el_gets(t->el, &n);
	t->editing = 0;
	t->ask = NULL;
	if (l == NULL)
		return -1;
	strlcpy(ans, l, len);
	ans[strcspn(ans, "\r\n")] = '\0';
	return 0;
}

static void
setup_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
}

int
term_take_intr(void)
{
	int	 was = got_int;

	got_int = 0;
	return was;
}

unsigned
term_columns(void)
{
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1)
		return 0;
	return ws.ws_col;
}

int
term_run(struct cli *cli)
{
	struct term	 t;
	const char	*l;
	char		*line;
	int		 n;

	memset(&t, 0, sizeof(t));
	t.cli = cli;
	cli->term = &t;
	if ((t.hist = history_init()) == NULL ||
	    (t.el = el_init("xrsh", stdin, stdout, stderr)) == NULL) {
		fprintf(stderr, "xrsh: cannot initialise the terminal\n");
		if (t.hist != NULL)
			history_end(t.hist);
		cli->term = NULL;
		return 1;
	}
	history(t.hist, &t.ev, H_SETSIZE, 1000);
	history(t.hist, &t.ev, H_SETUNIQUE, 1);
	history_path(&t);
	if (t.histfile[0] != '\0')
		history(t.hist, &t.ev, H_LOAD, t.histfile);
	el_set(t.el, EL_CLIENTDATA, &t);
	el_set(t.el, EL_EDITOR, "emacs");
	el_set(t.el, EL_PROMPT, prompt_fn);
	el_set(t.el, EL_HIST, history, t.hist);
	el_set(t.el, EL_GETCFN, getc_fn);
	/* ^C and ^Z reach the key bindings as characters, not signals */
	el_set(t.el, EL_SETTY, "-d", "-isig", NULL);
	/* the narrow el_set() leaks copies of these names (libedit XXX) */
	el_wset(t.el, EL_ADDFN, L"xr-describe", L"Describe", fn_describe);
	el_wset(t.el, EL_ADDFN, L"xr-complete", L"Complete", fn_complete);
	el_wset(t.el, EL_ADDFN, L"xr-cancel", L"Clear line", fn_cancel);
	el_wset(t.el, EL_ADDFN, L"xr-end", L"End", fn_ctrlz);
	el_set(t.el, EL_BIND, "?", "xr-describe", NULL);
	el_set(t.el, EL_BIND, "^I", "xr-complete", NULL);
	el_set(t.el, EL_BIND, "^_", "xr-cancel", NULL);
	el_set(t.el, EL_BIND, "^^", "xr-end", NULL);
	setup_signals();
	loop_fd_add(STDIN_FILENO, POLLIN, on_stdin, &t);
	cli_local_message = term_message;

	while (!cli->quit) {
		cli_prompt(cli, t.prompt, sizeof(t.prompt));
		cli->prompt_len = strlen(t.prompt);
		t.ctrlz = 0;
		t.editing = 1;
		l = el_gets(t.el, &n);
		t.editing = 0;
		if (stopsig_pending()) {
			/* what was typed is not run: main.c stops in order */
			fputs("\n", stdout);
			break;
		}
		if (t.ctrlz) {
			/* the emptied line reads as NULL: not end of input */
			fputs("\n", stdout);
			cli_do_end(cli);
			continue;
		}
		if (l == NULL) {
			fputs("\n", stdout);
			break;
		}
		if ((line = strdup(l)) == NULL)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] != '\0') {
			history(t.hist, &t.ev, H_ENTER, line);
			if (t.histfile[0] != '\0')
				history(t.hist, &t.ev, H_SAVE, t.histfile);
		}
		cli->lineno++;
		cli_run_line(cli, line);
		free(line);
	}
	/* an attached client stopped by a signal does not wait for the
	 * router: closing the socket ends the session there */
	if (!cli->quit && !(stopsig_pending() && cli->remote != NULL))
		cli_at_eof(cli);
	cli_local_message = NULL;
	loop_fd_del(STDIN_FILENO);
	el_end(t.el);
	history_end(t.hist);
	cli->term = NULL;
	return 0;
}
