/*
 * fib_cfg: the `fib install` line's model; see fib_cfg.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/config/fib_cfg.h"

/* XR words a component's commit error this way; the component is ours */
#define FIB_ERR	"'fib' detected the 'warning' condition '"

struct fib_cfg *
fib_cfg_new(uint32_t table)
{
	struct fib_cfg	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->table = table;
	return c;
}

struct fib_cfg *
fib_cfg_dup(const struct fib_cfg *src)
{
	return fib_cfg_new(src->table);
}

void
fib_cfg_free(struct fib_cfg *c)
{
	free(c);
}

uint32_t
fib_cfg_table(const struct fib_cfg *c)
{
	return c->table != 0 ? c->table : FIB_CFG_TABLE_MAIN;
}

void
fib_cfg_print(const struct fib_cfg *c, struct strbuf *sb)
{
	if (c == NULL)
		return;
	if (c->table != 0)
		sb_printf(sb, "fib install kernel table %u\n", c->table);
	else
		sb_puts(sb, "fib install kernel\n");
}

int
fib_cfg_validate(const struct fib_cfg *c, struct cfg_errors *errs)
{
	char	 line[64];

	if (c == NULL || c->table != FIB_CFG_TABLE_LOCAL)
		return 0;
	snprintf(line, sizeof(line), "fib install kernel table %u", c->table);
	/* the kernel's own table of local and broadcast addresses */
	cfg_error_add(errs, line, FIB_ERR "Table %u is the kernel's local "
	    "table; routes are installed in main (254) or another table'",
	    c->table);
	return 1;
}
