/*
 * pipe: the output modifiers after `|` (include, exclude, begin, count),
 * each regex compiled once per command with PCRE2.  Stages apply in the
 * order typed; `count` swallows the lines and out_end() prints the total.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "shell/cli_int.h"

int
pipe_add(struct cli *cli, int kind, const char *re, char *err, size_t errlen)
{
	struct pipe_stage	*st;
	pcre2_code		*code = NULL;

	if (cli->npipes == PIPE_MAX) {
		snprintf(err, errlen, "too many output modifiers");
		return -1;
	}
	if (kind != PIPE_COUNT) {
		int		 ec;
		PCRE2_SIZE	 eo;

		code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, 0,
		    &ec, &eo, NULL);
		if (code == NULL) {
			PCRE2_UCHAR	 msg[256];

			pcre2_get_error_message(ec, msg, sizeof(msg));
			snprintf(err, errlen, "Invalid regular expression "
			    "\"%s\" at offset %zu: %s", re, (size_t)eo,
			    (const char *)msg);
			return -1;
		}
	}
	st = &cli->pipes[cli->npipes++];
	st->kind = kind;
	st->re = code;
	st->begun = 0;
	return 0;
}

static int
re_match(void *re, const char *s, size_t n)
{
	pcre2_match_data	*md;
	int			 rc;

	if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

int
pipe_filter(struct cli *cli, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < cli->npipes; i++) {
		struct pipe_stage	*st = &cli->pipes[i];

		switch (st->kind) {
		case PIPE_INCLUDE:
			if (!re_match(st->re, s, n))
				return 0;
			break;
		case PIPE_EXCLUDE:
			if (re_match(st->re, s, n))
				return 0;
			break;
		case PIPE_BEGIN:
			if (!st->begun && re_match(st->re, s, n))
				st->begun = 1;
			if (!st->begun)
				return 0;
			break;
		case PIPE_COUNT:
			cli->count++;
			return 0;
		}
	}
	return 1;
}

void
pipe_clear(struct cli *cli)
{
	size_t	 i;

	for (i = 0; i < cli->npipes; i++)
		pcre2_code_free(cli->pipes[i].re);
	cli->npipes = 0;
}
