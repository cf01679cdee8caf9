/*
 * args: accessors for the bound tokens of a matched line (cli.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/lib/addr.h"
#include "shell/match.h"

int
arg_no(const struct cmd_args *a)
{
	return a != NULL && a->no;
}

int
arg_has(const struct cmd_args *a, const char *name)
{
	return arg_count(a, name) > 0;
}

const char *
arg_str(const struct cmd_args *a, const char *name)
{
	return arg_nth(a, name, 0);
}

size_t
arg_count(const struct cmd_args *a, const char *name)
{
	size_t	 i, n = 0;

	for (i = 0; a != NULL && i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			n++;
	return n;
}

const char *
arg_nth(const struct cmd_args *a, const char *name, size_t nth)
{
	size_t	 i;

	for (i = 0; a != NULL && i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0 && nth-- == 0)
			return a->v[i].value;
	return NULL;
}

uint32_t
arg_u32(const struct cmd_args *a, const char *name, uint32_t dflt)
{
	const char	*s = arg_str(a, name);
	uint32_t	 v;

	if (s == NULL)
		return dflt;
	if (parse_u32(s, 0, UINT32_MAX, &v) == 0)
		return v;
	if (strchr(s, '.') != NULL && asn_parse(s, &v) == 0)
		return v;	/* asdot */
	return dflt;
}

const char *
arg_line(const struct cmd_args *a)
{
	return a != NULL && a->line != NULL ? a->line : "";
}
