/*
 * run: executes one input line in a session.  Comments and blank lines
 * are skipped; the line is matched in the current mode, else in the
 * parent levels of the mode stack (the stack pops to the level that took
 * it), else at the level its indentation points to (the nearest earlier,
 * less indented line that opened a mode).  Block modes (RPL) hand lines
 * they have no row for to the mode's raw() handler instead.  While a line
 * runs, cli_raw_line() gives it as typed, indentation included.
 *
 * The fallback is for lines that are invalid (or incomplete) in the
 * current mode.  A line whose abbreviation is ambiguous there (`sh conf`
 * in config-bgp-nbr: show, shutdown) is reported as ambiguous and the
 * session stays: falling through would run it in a parent and silently
 * move the session up.  Only when the ambiguous token is a keyword typed
 * in full in some mode the line could fall back to (a pasted line) does
 * the fallback still apply.  In a block mode an ambiguous abbreviation of
 * one of its rows is reported the same way instead of becoming a
 * statement (no RPL statement is an abbreviation).
 *
 * A block mode may take lines straight to raw() without matching them
 * (cli_mode_direct()): those its rows could only have forwarded there.
 *
 * Invariant: a line with a matcher error runs nothing and leaves the mode
 * stack as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lib/loop.h"
#include "shell/cli_int.h"
#include "shell/grammar.h"
#include "shell/lexer.h"
#include "shell/match.h"

struct parsed {
	const char	*line;
	struct lexed	 lp;		/* `|` split */
	struct lexed	 ln;		/* no split (only if the line has `|`) */
	int		 has_pipe;
	size_t		 seg;		/* tokens of the first segment */
	size_t		 seg_end;	/* its end byte */
};

static int
parse(struct parsed *p, const char *line)
{
	memset(p, 0, sizeof(*p));
	p->line = line;
	if (lex_line(line, LEX_PIPES, &p->lp) != 0)
		return -1;
	p->seg = lex_next_pipe(&p->lp, 0);
	p->has_pipe = p->seg < p->lp.n;
	p->seg_end = p->has_pipe ? p->lp.tok[p->seg].off : strlen(line);
	if (p->has_pipe && lex_line(line, 0, &p->ln) != 0) {
		lex_free(&p->lp);
		return -1;
	}
	return 0;
}

static void
parsed_free(struct parsed *p)
{
	lex_free(&p->lp);
	lex_free(&p->ln);
}

/*
 * Matches the line in one mode.  A row flagged CMDF_NOPIPE sees `|` as
 * part of its arguments, so the unsplit line is tried for those first.
 */
static enum mstatus
attempt(int mode, const struct parsed *p, struct match_result *res,
    int *nopipe)
{
	const struct rowset	*rs = grammar_rows(mode);

	*nopipe = 0;
	if (p->has_pipe) {
		struct match_result	 r2;

		if (match_line(rs, p->line, p->ln.tok, p->ln.n,
		    strlen(p->line), &r2) == M_OK &&
		    (r2.row->cmd->flags & CMDF_NOPIPE)) {
			*res = r2;
			*nopipe = 1;
			return M_OK;
		}
		match_result_free(&r2);
	}
	return match_line(rs, p->line, p->lp.tok, p->seg, p->seg_end, res);
}

static char *
unquote_re(const char *s)
{
	size_t	 n = strlen(s);

	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
		return strndup(s + 1, n - 2);
	return strdup(s);
}

/* Sets up the `|` stages of the line; CMD_OK or CMD_ERR (reported). */
static int
setup_pipes(struct cli *cli, const struct parsed *p, const struct grow *row)
{
	size_t	 i = p->seg;

	while (i < p->lp.n) {
		size_t			 b = i + 1, e = lex_next_pipe(&p->lp, b);
		size_t			 end;	/* of this segment */
		struct match_result	 res;
		char			 err[512], *re;
		int			 kind = 0, rc;

		end = e < p->lp.n ? p->lp.tok[e].off : strlen(p->line);
		if (match_line(grammar_rows(MODE_PIPE), p->line, p->lp.tok + b,
		    e - b, end, &res) != M_OK) {
			/* offsets are in the whole line; incomplete has none */
			out_match_error(cli, res.status, res.bad_off, p->line);
			return CMD_ERR;
		}
		if (arg_has(res.args, "json")) {
			if (!(row->cmd->flags & CMDF_JSON)) {
				out_match_error(cli, M_INVALID,
				    p->lp.tok[b].off, p->line);
				match_result_free(&res);
				return CMD_ERR;
			}
			cli->json = 1;
		} else if (arg_has(res.args, "count"))
			kind = PIPE_COUNT;
		else if (arg_has(res.args, "include"))
			kind = PIPE_INCLUDE;
		else if (arg_has(res.args, "exclude"))
			kind = PIPE_EXCLUDE;
		else if (arg_has(res.args, "begin"))
			kind = PIPE_BEGIN;
		if (kind != 0) {
			re = unquote_re(kind == PIPE_COUNT ? "" :
			    arg_str(res.args, "regex"));
			if (re == NULL)
				strlcpy(err, "out of memory", sizeof(err));
			rc = re == NULL ? -1 :
			    pipe_add(cli, kind, re, err, sizeof(err));
			free(re);
			if (rc != 0) {
				match_result_free(&res);
				return cli_error(cli, "%s", err);
			}
		}
		match_result_free(&res);
		i = e;
	}
	return CMD_OK;
}

/*
 * The first keyword of the row if a collecting loader (`load`) refuses it
 * (commit, show, ... in a loaded file), else NULL.
 */
static const char *
loader_denied(const struct cli *cli, const struct grow *row)
{
	size_t	 i, j;

	if (cli->kind != CLI_LOADER || cli->loader_deny == NULL)
		return NULL;
	for (i = 0; i < row->nelems && row->elems[i].is_no; i++)
		;
	if (i == row->nelems || row->elems[i].kind != GE_KW)
		return NULL;
	for (j = 0; cli->loader_deny[j] != NULL; j++)
		if (strcmp(cli->loader_deny[j], row->elems[i].text) == 0)
			return cli->loader_deny[j];
	return NULL;
}

static int
execute(struct cli *cli, const struct parsed *p, struct match_result *res,
    int nopipe)
{
	struct match_result	 inner;
	const struct grow	*row = res->row;
	struct cmd_args		*args = res->args;
	const char		*kw;
	int			 rc;

	if ((kw = loader_denied(cli, row)) != NULL)
		return cli_error(cli, "'%s' is not a configuration command: "
		    "not loaded", kw);
	memset(&inner, 0, sizeof(inner));
	if (row->cmd->flags & CMDF_EXECLINE) {
		/* `do <exec command>`: match the rest among exec rows */
		const struct token	*t = nopipe ? p->ln.tok : p->lp.tok;
		size_t			 n = nopipe ? p->ln.n : p->seg;
		size_t			 lt = res->line_tok;

		if (lt > n)
			lt = n;
		if (match_line(grammar_rows(MODE_EXEC), p->line, t + lt,
		    n - lt, nopipe ? strlen(p->line) : p->seg_end,
		    &inner) != M_OK) {
			size_t	 off = inner.bad_off;

			if (inner.status == M_INCOMPLETE)
				off = 0;
			out_match_error(cli, inner.status, off, p->line);
			return CMD_ERR;
		}
		row = inner.row;
		args = inner.args;
	}
	out_begin(cli);
	if (!nopipe && setup_pipes(cli, p, row) != CMD_OK) {
		pipe_clear(cli);
		cli->json = 0;
		match_result_free(&inner);
		return CMD_ERR;
	}
	if ((row->cmd->flags & CMDF_TIMESTAMP) && cli->kind != CLI_LOADER &&
	    (cli->kind == CLI_INTERACTIVE ||
	    (cli->opts & CLI_OPT_TIMESTAMPS))) {
		char	 ts[64];

		cli_timestamp(ts, sizeof(ts));
		out_raw(cli, ts);
		out_raw(cli, "\n");
		cli->page_lines++;
	}
	rc = row->cmd->fn(cli, args);
	out_end(cli);
	match_result_free(&inner);
	return rc;
}

static void
opener_push(struct cli *cli, size_t indent)
{
	struct opener	*o;

	/* openers at or beyond this indent can never be chosen again */
	while (cli->nopeners > 0 &&
	    cli->openers[cli->nopeners - 1].indent >= indent) {
		o = &cli->openers[--cli->nopeners];
		cli_stack_clear(o->stack, o->depth);
	}
	if (cli->nopeners == cli->capopeners) {
		size_t		 ncap = cli->capopeners ? cli->capopeners * 2 : 8;
		struct opener	*no;

		no = reallocarray(cli->openers, ncap, sizeof(*no));
		if (no == NULL)
			return;
		cli->openers = no;
		cli->capopeners = ncap;
	}
	o = &cli->openers[cli->nopeners];
	o->indent = indent;
	o->depth = cli->depth;
	if (cli_stack_copy(o->stack, cli->stack, cli->depth) == 0)
		cli->nopeners++;
}

static void
openers_clear(struct cli *cli)
{
	while (cli->nopeners > 0) {
		struct opener	*o = &cli->openers[--cli->nopeners];

		cli_stack_clear(o->stack, o->depth);
	}
}

/* tries the top level, then the parents down to (config) */
static int
attempt_stack(struct cli *cli, const struct parsed *p,
    struct match_result *res, int *nopipe, struct match_result *best)
{
	size_t	 lvl;

	for (lvl = cli->depth; lvl-- > 0;) {
		struct match_result	 r;

		if (lvl == 0 && cli->depth > 1)
			break;		/* never fall back from config to exec */
		if (lvl + 1 < cli->depth &&
		    grammar_mode_is_block(cli->stack[lvl].mode))
			continue;
		if (attempt(cli->stack[lvl].mode, p, &r, nopipe) == M_OK) {
			cli_stack_truncate(cli, lvl + 1);
			*res = r;
			return 0;
		}
		if (best->status == M_OK || r.reached > best->reached)
			*best = r;
	}
	return -1;
}

static int
by_indentation(struct cli *cli, const struct parsed *p, size_t indent,
    struct match_result *res, int *nopipe, struct match_result *best)
{
	struct level	 saved[CLI_MAXDEPTH];
	size_t		 i, sdepth = cli->depth;

	for (i = cli->nopeners; i-- > 0;)
		if (cli->openers[i].indent < indent)
			break;
	if (i == (size_t)-1)
		return -1;
	memcpy(saved, cli->stack, sizeof(saved));
	memset(cli->stack, 0, sizeof(cli->stack));
	if (cli_stack_copy(cli->stack, cli->openers[i].stack,
	    cli->openers[i].depth) != 0) {
		memcpy(cli->stack, saved, sizeof(saved));
		return -1;
	}
	cli->depth = cli->openers[i].depth;
	if (attempt_stack(cli, p, res, nopipe, best) == 0) {
		cli_stack_clear(saved, sdepth);
		return 0;
	}
	cli_stack_clear(cli->stack, cli->depth);
	memcpy(cli->stack, saved, sizeof(saved));
	cli->depth = sdepth;
	return -1;
}

/*
 * 1 if `word` is spelled out in full as a keyword of a mode the line may
 * fall back to: a parent level or a level an indentation opener saved.
 */
static int
full_keyword_below(const struct cli *cli, const char *word)
{
	size_t	 i, lvl;

	for (lvl = cli->depth - 1; lvl-- > 1;)
		if (match_is_keyword(grammar_rows(cli->stack[lvl].mode), word))
			return 1;
	for (i = 0; i < cli->nopeners; i++)
		for (lvl = 1; lvl < cli->openers[i].depth; lvl++)
			if (match_is_keyword(grammar_rows(
			    cli->openers[i].stack[lvl].mode), word))
				return 1;
	return 0;
}

static int
run_raw(struct cli *cli, int mode, const char *text)
{
	const struct mode_def	*m = grammar_mode(mode);

	if (m == NULL || m->raw == NULL) {
		out_match_error(cli, M_INVALID, 0, text);
		return CMD_ERR;
	}
	return m->raw(cli, text);
}

int
cli_run_line(struct cli *cli, const char *raw)
{
	struct parsed		 p;
	struct match_result	 res, best;
	char			*line;
	const char		*text, *outer_raw = cli->raw_line;
	size_t			 indent, depth;
	int			 mode, rc = CMD_ERR, nopipe = 0;
	int			 was_config;

	if (cli->remote != NULL)
		return remote_run_line(cli, raw);
	cli->line_err = 0;
	if ((line = strdup(raw)) == NULL)
		return cli_error(cli, "out of memory");
	line[strcspn(line, "\r\n")] = '\0';
	cli->raw_line = line;
	indent = strspn(line, " \t");
	text = line + indent;
	mode = cli_mode(cli);
	was_config = mode != MODE_EXEC;
	if (*text == '\0' || *text == '!' ||
	    (*text == '#' && !grammar_mode_is_block(mode))) {
		cli->raw_line = outer_raw;
		free(line);
		return CMD_OK;
	}
	if (cli->kind != CLI_LOADER && !cli->no_history) {
		cli_history_add(cli, text);
		cli->last_used = loop_now();
	}
	if (*text == '#') {
		rc = run_raw(cli, mode, text);
		goto done;
	}
	if (grammar_mode_direct(mode, text)) {
		/* as the forwarding row would run it (execute()) */
		out_begin(cli);
		rc = run_raw(cli, mode, text);
		out_end(cli);
		goto done;
	}
	if (parse(&p, line) != 0) {
		rc = cli_error(cli, "out of memory");
		goto done;
	}
	memset(&best, 0, sizeof(best));
	best.status = M_OK;
	if (attempt(mode, &p, &res, &nopipe) != M_OK) {
		best = res;
		if (res.status == M_AMBIGUOUS && res.bad_tok < p.seg &&
		    (grammar_mode_is_block(mode) ||
		    !full_keyword_below(cli, p.lp.tok[res.bad_tok].s))) {
			out_match_error(cli, M_AMBIGUOUS, res.bad_off, line);
			parsed_free(&p);
			rc = CMD_ERR;
			goto done;
		}
		if (grammar_mode_is_block(mode)) {
			parsed_free(&p);
			rc = run_raw(cli, mode, text);
			goto done;
		}
		if (attempt_stack(cli, &p, &res, &nopipe, &best) != 0 &&
		    (indent == 0 || by_indentation(cli, &p, indent, &res,
		    &nopipe, &best) != 0)) {
			out_match_error(cli, best.status,
			    best.status == M_INCOMPLETE ? 0 : best.bad_off,
			    line);
			parsed_free(&p);
			rc = CMD_ERR;
			goto done;
		}
	}
	depth = cli->depth;
	rc = execute(cli, &p, &res, nopipe);
	match_result_free(&res);
	parsed_free(&p);
	if (rc == CMD_OK && cli->depth > depth &&
	    !grammar_mode_is_block(cli_mode(cli)))
		opener_push(cli, indent);
done:
	if (cli->depth == 1)
		openers_clear(cli);
	if (cli->line_err)
		rc = CMD_ERR;
	if (rc != CMD_OK)
		cli->failed = 1;
	if (was_config && cli->kind != CLI_LOADER &&
	    cli_hooks.after_line != NULL)
		cli_hooks.after_line(cli, text, rc == CMD_OK);
	cli->raw_line = outer_raw;
	free(line);
	return rc;
}

int
cli_do_end(struct cli *cli)
{
	if (cli_mode(cli) == MODE_EXEC)
		return CMD_OK;
	return cli_run_line(cli, "end");
}
