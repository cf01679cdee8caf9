/*
 * bgp_cfg: STUB until router bgp configuration lands (issue 3).
 */
#include <stdlib.h>

#include "core/config.h"

struct bgp_cfg {
	int	 unused;
};

struct bgp_cfg *
bgp_cfg_dup(const struct bgp_cfg *src)
{
	(void)src;
	return calloc(1, sizeof(struct bgp_cfg));
}

void
bgp_cfg_free(struct bgp_cfg *b)
{
	free(b);
}

int
bgp_cfg_print(const struct bgp_cfg *b, struct strbuf *sb)
{
	(void)b;
	(void)sb;
	return 0;
}

int
bgp_cfg_validate(const struct bgp_cfg *b, const struct rpl_db *rpl,
    struct cfg_errors *errs)
{
	(void)b;
	(void)rpl;
	(void)errs;
	return 0;
}

#include "core/bgp_cfg.h"

void
bgp_cfg_foreach_attach(const struct bgp_cfg *b,
    void (*cb)(const struct bgp_attach *, void *), void *arg)
{
	(void)b;
	(void)cb;
	(void)arg;
}
