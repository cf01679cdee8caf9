/*
 * mode: the session's mode stack.  Level 0 is always exec; level 1, when
 * present, is `(config)`.  Levels hold copies of their keys, never
 * pointers into a configuration.
 */
#include <stdlib.h>
#include <string.h>

#include "shell/cli_int.h"

int
cli_mode(const struct cli *cli)
{
	return cli->stack[cli->depth - 1].mode;
}

int
cli_enter(struct cli *cli, int mode, const char *key)
{
	char	*k = NULL;

	if (cli->depth == CLI_MAXDEPTH)
		return -1;
	if (key != NULL && (k = strdup(key)) == NULL)
		return -1;
	cli->stack[cli->depth].mode = mode;
	cli->stack[cli->depth].key = k;
	cli->depth++;
	return 0;
}

void
cli_set_mode(struct cli *cli, int mode)
{
	if (cli->depth > 1)
		cli->stack[cli->depth - 1].mode = mode;
}

void
cli_stack_truncate(struct cli *cli, size_t depth)
{
	while (cli->depth > depth && cli->depth > 1) {
		cli->depth--;
		free(cli->stack[cli->depth].key);
		cli->stack[cli->depth].key = NULL;
	}
}

void
cli_pop(struct cli *cli)
{
	cli_stack_truncate(cli, cli->depth - 1);
}

void
cli_to_config(struct cli *cli)
{
	if (cli->depth == 1)
		cli_enter(cli, MODE_CONFIG, NULL);
	else
		cli_stack_truncate(cli, 2);
}

void
cli_to_exec(struct cli *cli)
{
	cli_stack_truncate(cli, 1);
}

const char *
cli_key(const struct cli *cli, int mode)
{
	size_t	 i;

	for (i = cli->depth; i-- > 0;)
		if (cli->stack[i].mode == mode)
			return cli->stack[i].key;
	return NULL;
}

int
cli_stack_copy(struct level *dst, const struct level *src, size_t depth)
{
	size_t	 i;

	for (i = 0; i < depth; i++) {
		dst[i].mode = src[i].mode;
		dst[i].key = NULL;
		if (src[i].key != NULL &&
		    (dst[i].key = strdup(src[i].key)) == NULL) {
			cli_stack_clear(dst, i);
			return -1;
		}
	}
	return 0;
}

void
cli_stack_clear(struct level *l, size_t depth)
{
	size_t	 i;

	for (i = 0; i < depth; i++) {
		free(l[i].key);
		l[i].key = NULL;
	}
}
