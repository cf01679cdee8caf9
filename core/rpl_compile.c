/*
 * STUB: compiled sets arrive with issue 4.
 */
#include "core/rpl_compile.h"

int
rpl_set_compile(struct rpl_set *set, char *err, size_t errlen)
{
	(void)set;
	(void)err;
	(void)errlen;
	return 0;
}

void
rpl_set_uncompile(struct rpl_set *set)
{
	(void)set;
}
