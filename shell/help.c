/*
 * help: what `?` prints and what TAB offers, from the same matcher that
 * runs commands.  The hidden `describe` / `complete` commands print the
 * same text so tests need no terminal.
 *
 * `?` format: two spaces, the keyword or argument label padded to the
 * longest + 2, the help text; `|` (output modifiers) and `<cr>` last.
 */
#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"
#include "shell/grammar.h"
#include "shell/lexer.h"
#include "shell/match.h"

#define HELP_PIPE	"Output Modifiers"

struct gathered {
	struct cands		 c;
	struct match_result	 res;
	enum mstatus		 st;
	const char		*partial;	/* NULL: next token */
	size_t			 partial_off;
	size_t			 end_off;
	int			 complete;	/* TAB, not `?` */
};

/* candidates in one mode's rows, or the pipe rows after the last `|` */
static enum mstatus
gather_mode(struct cli *cli, int mode, const char *line, const struct lexed *lx,
    size_t ncomplete, struct gathered *g)
{
	size_t		 i, lastpipe = (size_t)-1, seg;
	enum mstatus	 st;

	for (i = 0; i < ncomplete; i++)
		if (lx->tok[i].pipe)
			lastpipe = i;
	if (lastpipe == (size_t)-1)
		return match_cands(grammar_rows(mode), cli, line, lx->tok,
		    ncomplete, g->partial, g->complete, &g->c, &g->res);
	/* the command before the first `|` must be complete */
	seg = lex_next_pipe(lx, 0);
	st = match_line(grammar_rows(mode), line, lx->tok, seg,
	    lx->tok[seg].off, &g->res);
	if (st != M_OK) {
		if (st == M_INCOMPLETE) {
			st = M_INVALID;
			g->res.status = st;
			g->res.bad_off = lx->tok[seg].off;
		}
		return st;
	}
	if (g->res.row->cmd->flags & CMDF_JSON)
		g->c.json = 1;
	match_result_free(&g->res);
	st = match_cands(grammar_rows(MODE_PIPE), cli, line,
	    lx->tok + lastpipe + 1, ncomplete - lastpipe - 1, g->partial,
	    g->complete, &g->c, &g->res);
	if (st == M_OK && !g->c.json)
		for (i = 0; i < g->c.n; i++)
			if (strcmp(g->c.v[i].word, "json") == 0) {
				free(g->c.v[i].word);
				g->c.v[i] = g->c.v[--g->c.n];
				break;
			}
	g->c.pipe = 0;
	return st;
}

static void
gather(struct cli *cli, const char *line, int complete, struct gathered *g)
{
	struct lexed	 lx;
	size_t		 ncomplete, lvl;
	int		 next;

	memset(g, 0, sizeof(*g));
	g->end_off = strlen(line);
	if (lex_line(line, LEX_PIPES, &lx) != 0) {
		g->st = M_INVALID;
		return;
	}
	next = lx.n == 0 || lx.trailing_space || lx.tok[lx.n - 1].pipe;
	ncomplete = next ? lx.n : lx.n - 1;
	if (!next) {
		g->partial = strdup(lx.tok[lx.n - 1].s);
		g->partial_off = lx.tok[lx.n - 1].off;
	}
	g->complete = complete;
	g->st = gather_mode(cli, cli_mode(cli), line, &lx, ncomplete, g);
	if (g->st != M_OK && !grammar_mode_is_block(cli_mode(cli)) &&
	    cli->depth > 2) {
		/* valid in a parent mode: describe it there */
		for (lvl = cli->depth - 1; lvl-- > 1;) {
			struct gathered	 h;

			memset(&h, 0, sizeof(h));
			h.partial = g->partial;
			h.complete = complete;
			h.st = gather_mode(cli, cli->stack[lvl].mode, line, &lx,
			    ncomplete, &h);
			if (h.st == M_OK) {
				cands_free(&g->c);
				g->c = h.c;
				g->res = h.res;
				g->st = M_OK;
				break;
			}
			cands_free(&h.c);
		}
	}
	lex_free(&lx);
}

static void
gathered_free(struct gathered *g)
{
	cands_free(&g->c);
	free((char *)g->partial);
	match_result_free(&g->res);
}

static void
print_error(struct cli *cli, const struct gathered *g, const char *line,
    struct strbuf *out)
{
	const char	*text = line + strspn(line, " \t");

	if (g->st == M_AMBIGUOUS)
		sb_printf(out, ERR_AMBIGUOUS "\n", (int)strcspn(text, "\r\n"), text);
	else
		sb_printf(out, "%*s^\n%s\n", (int)(cli->prompt_len +
		    (g->st == M_INVALID ? g->res.bad_off : g->end_off)), "",
		    ERR_INVALID);
}

void
cli_describe(struct cli *cli, const char *line, struct strbuf *out)
{
	struct gathered	 g;
	size_t		 i, w = 0;

	if (cli->remote != NULL) {
		remote_help(cli, "describe", line, out);
		return;
	}
	gather(cli, line, 0, &g);
	if (g.st != M_OK) {
		print_error(cli, &g, line, out);
		gathered_free(&g);
		return;
	}
	if (g.c.n == 0 && !g.c.cr) {
		g.st = M_INVALID;
		g.res.bad_off = g.partial != NULL ? g.partial_off : g.end_off;
		print_error(cli, &g, line, out);
		gathered_free(&g);
		return;
	}
	cands_sort(&g.c);
	for (i = 0; i < g.c.n; i++)
		if (strlen(g.c.v[i].word) > w)
			w = strlen(g.c.v[i].word);
	if (g.c.pipe && w < 1)
		w = 1;
	for (i = 0; i < g.c.n; i++) {
		if (*g.c.v[i].help == '\0')
			sb_printf(out, "  %s\n", g.c.v[i].word);
		else
			sb_printf(out, "  %-*s%s\n", (int)w + 2, g.c.v[i].word,
			    g.c.v[i].help);
	}
	if (g.c.pipe)
		sb_printf(out, "  %-*s%s\n", (int)w + 2, "|", HELP_PIPE);
	if (g.c.cr)
		sb_printf(out, "  <cr>\n");
	gathered_free(&g);
}

static void
gather_complete(struct cli *cli, const char *line, struct gathered *g)
{
	size_t	 i;

	gather(cli, line, 1, g);
	if (g->st != M_OK)
		return;
	/* TAB offers words only: keep keywords, then dynamic values */
	for (i = 0; i < g->c.n;) {
		if (!g->c.v[i].is_kw) {
			free(g->c.v[i].word);
			memmove(&g->c.v[i], &g->c.v[i + 1],
			    (g->c.n - i - 1) * sizeof(g->c.v[0]));
			g->c.n--;
		} else
			i++;
	}
}

void
cli_complete(struct cli *cli, const char *line, struct strbuf *out)
{
	struct gathered	 g;
	size_t		 i;

	gather_complete(cli, line, &g);
	if (g.st == M_OK) {
		cands_sort(&g.c);
		for (i = 0; i < g.c.n; i++)
			sb_printf(out, "%s\n", g.c.v[i].word);
	}
	gathered_free(&g);
}

/* TAB on an attached client: the router's `complete` output, one per line */
static size_t
remote_words(struct cli *cli, const char *line, char ***words)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p, *nl;
	char		**v = NULL, **nv;
	size_t		 n = 0;

	remote_help(cli, "complete", line, &sb);
	for (p = sb_str(&sb); *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (nl == p)
			continue;
		if ((nv = reallocarray(v, n + 1, sizeof(*v))) == NULL)
			break;
		v = nv;
		if ((v[n] = strndup(p, (size_t)(nl - p))) != NULL)
			n++;
	}
	sb_free(&sb);
	*words = v;
	return n;
}

size_t
cli_complete_word(struct cli *cli, const char *line, char ***words)
{
	struct gathered	 g;
	size_t		 i, n = 0;
	char		**v;

	*words = NULL;
	if (cli->remote != NULL)
		return remote_words(cli, line, words);
	gather_complete(cli, line, &g);
	if (g.st != M_OK || g.c.n == 0 ||
	    (v = calloc(g.c.n, sizeof(*v))) == NULL) {
		gathered_free(&g);
		return 0;
	}
	cands_sort(&g.c);
	for (i = 0; i < g.c.n; i++)
		if ((v[n] = strdup(g.c.v[i].word)) != NULL)
			n++;
	*words = v;
	gathered_free(&g);
	return n;
}
