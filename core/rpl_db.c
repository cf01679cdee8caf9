/*
 * rpl_db: STUB until the RPL configuration language lands (issue 3).
 * Holds no objects; prints nothing.
 */
#include <stdlib.h>

#include "core/config.h"

struct rpl_db {
	int	 unused;
};

struct rpl_db *
rpl_db_new(void)
{
	return calloc(1, sizeof(struct rpl_db));
}

struct rpl_db *
rpl_db_dup(const struct rpl_db *src)
{
	(void)src;
	return rpl_db_new();
}

void
rpl_db_free(struct rpl_db *db)
{
	free(db);
}

int
rpl_db_print(const struct rpl_db *db, struct strbuf *sb)
{
	(void)db;
	(void)sb;
	return 0;
}

int
rpl_db_validate(const struct rpl_db *db, struct cfg_errors *errs)
{
	(void)db;
	(void)errs;
	return 0;
}

#include "core/rpl_db.h"

int
rpl_check_attach(const struct rpl_db *db, const char *name, const char *args,
    const char *path, const char *where, struct cfg_errors *errs)
{
	(void)db;
	(void)args;
	(void)where;
	return cfg_error_add(errs, path,
	    "'RPL' detected the 'warning' condition 'Policy [%s] is not "
	    "defined'", name) == 0 ? 1 : 0;
}
