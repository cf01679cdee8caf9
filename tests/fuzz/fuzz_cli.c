/*
 * fuzz_cli: libFuzzer target for the CLI line matcher, the one code path
 * behind execution, `?` help, TAB completion and the caret under a bad
 * token.  Built by tests/fuzz/run.sh (FUZZ_TARGET=cli).
 *
 * Input: a selector byte picking the mode (every mode the commands
 * define, plus the `|` modifiers), then one line as typed.  The line is
 * tokenized with pipes, every pipe segment matched against its mode's
 * rows, and the candidates computed as `?` and TAB would (whole next
 * word, and completions of the last word).  It checks what the shell
 * relies on: a bad-token offset inside the line, a matched row on M_OK,
 * and candidates with words.  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "cmds/modes.h"
#include "shell/cli_int.h"
#include "shell/grammar.h"
#include "shell/lexer.h"
#include "shell/match.h"

static struct cli	*cli;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	builtin_init();
	if (cmds_init() == -1 || (cli = cli_loader_new(NULL)) == NULL)
		abort();
	return 0;
}

static void
try_cands(const struct rowset *rs, const char *line, const struct token *tok,
    size_t n, const char *partial, int complete)
{
	struct cands		 c;
	struct match_result	 res;
	size_t			 i;

	memset(&c, 0, sizeof(c));
	memset(&res, 0, sizeof(res));
	if (match_cands(rs, cli, line, tok, n, partial, complete, &c,
	    &res) == M_OK) {
		for (i = 0; i < c.n; i++)
			if (c.v[i].word == NULL)
				abort();
		cands_sort(&c);
	}
	match_result_free(&res);
	cands_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rowset	*rs;
	struct match_result	 res;
	struct lexed		 lx;
	char			*line;
	size_t			 from, to, len, seg_end;
	int			 mode;

	if (size < 1 || size > 4096)
		return 0;
	/* MODE_PIPE is -3: one selector value beyond the real modes */
	mode = data[0] % (MODE_COUNT + 1);
	if (mode == MODE_COUNT)
		mode = MODE_PIPE;
	len = size - 1;
	if ((line = malloc(len + 1)) == NULL)
		return 0;
	memcpy(line, data + 1, len);
	line[len] = '\0';
	len = strlen(line);		/* the shell never sees a NUL */
	rs = grammar_rows(mode);
	if (lex_line(line, LEX_PIPES, &lx) != 0) {
		free(line);
		return 0;
	}
	for (from = 0; from <= lx.n; from = to + 1) {
		to = lex_next_pipe(&lx, from);
		if (to > lx.n)
			abort();
		seg_end = to < lx.n ? lx.tok[to].off : len;
		memset(&res, 0, sizeof(res));
		match_line(from == 0 ? rs : grammar_rows(MODE_PIPE), line,
		    lx.tok + from, to - from, seg_end, &res);
		if ((res.status == M_INVALID || res.status == M_AMBIGUOUS) &&
		    res.bad_off > len)
			abort();
		if (res.status == M_OK && res.row == NULL)
			abort();
		match_result_free(&res);
		if (to == lx.n)
			break;
	}
	/* `?` after the whole line, and `?`/TAB on its last word */
	try_cands(rs, line, lx.tok, lx.n, NULL, 0);
	if (lx.n > 0 && !lx.trailing_space) {
		try_cands(rs, line, lx.tok, lx.n - 1, lx.tok[lx.n - 1].s, 0);
		try_cands(rs, line, lx.tok, lx.n - 1, lx.tok[lx.n - 1].s, 1);
	}
	lex_free(&lx);
	free(line);
	return 0;
}
