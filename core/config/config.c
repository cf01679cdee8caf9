/*
 * config: composition of the subsystem configurations; see config.h.
 * Order of the canonical text follows XR: hostname (then our own `commit
 * verify` setting), RPL objects (sets, then policies), then router
 * static, then bmp server, then router bgp; then our own top-level
 * sections: `mrt-dump` lines, metrics, bgp-monitor, `fib install`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/config/bgp_cfg.h"
#include "core/config/mrtdump_cfg.h"
#include "core/config/metrics_cfg.h"
#include "core/config/bgpmon_cfg.h"
#include "core/config/bmp_cfg.h"
#include "core/config/fib_cfg.h"
#include "core/config/static_cfg.h"
#include "core/rpl/rpl_db.h"

struct config *
config_new(void)
{
	struct config	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->rpl = rpl_db_new()) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

struct config *
config_dup(const struct config *src)
{
	struct config	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	memcpy(c->hostname, src->hostname, sizeof(c->hostname));
	c->verify_drop = src->verify_drop;
	if ((c->rpl = rpl_db_dup(src->rpl)) == NULL)
		goto fail;
	if (src->statics != NULL &&
	    (c->statics = static_cfg_dup(src->statics)) == NULL)
		goto fail;
	if (src->bgp != NULL && (c->bgp = bgp_cfg_dup(src->bgp)) == NULL)
		goto fail;
	if (src->mrtdump != NULL &&
	    (c->mrtdump = mrtdump_cfg_dup(src->mrtdump)) == NULL)
		goto fail;
	if (src->metrics != NULL &&
	    (c->metrics = metrics_cfg_dup(src->metrics)) == NULL)
		goto fail;
	if (src->mon != NULL && (c->mon = bgpmon_cfg_dup(src->mon)) == NULL)
		goto fail;
	if (src->bmp != NULL && (c->bmp = bmp_cfg_dup(src->bmp)) == NULL)
		goto fail;
	if (src->fib != NULL && (c->fib = fib_cfg_dup(src->fib)) == NULL)
		goto fail;
	return c;
fail:
	config_free(c);
	return NULL;
}

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	rpl_db_free(c->rpl);
	static_cfg_free(c->statics);
	bgp_cfg_free(c->bgp);
	mrtdump_cfg_free(c->mrtdump);
	metrics_cfg_free(c->metrics);
	bgpmon_cfg_free(c->mon);
	bmp_cfg_free(c->bmp);
	fib_cfg_free(c->fib);
	free(c);
}

const char *
config_hostname(const struct config *c)
{
	return c->hostname[0] ? c->hostname : HOSTNAME_DEFAULT;
}

int
config_print(const struct config *c, struct strbuf *sb)
{
	if (c->hostname[0])
		sb_printf(sb, "hostname %s\n", c->hostname);
	if (c->verify_drop != 0)
		sb_printf(sb, "commit verify prefix-drop %u%%\n",
		    c->verify_drop);
	if (rpl_db_print(c->rpl, sb) == -1)
		return -1;
	if (c->statics != NULL && static_cfg_print(c->statics, sb) == -1)
		return -1;
	if (bmp_cfg_print(c->bmp, sb) == -1)
		return -1;
	if (c->bgp != NULL && bgp_cfg_print(c->bgp, sb) == -1)
		return -1;
	mrtdump_cfg_print(c->mrtdump, sb);
	if (c->metrics != NULL && metrics_cfg_print(c->metrics, sb) == -1)
		return -1;
	if (c->mon != NULL && bgpmon_cfg_print(c->mon, sb) == -1)
		return -1;
	fib_cfg_print(c->fib, sb);
	return sb->oom ? -1 : 0;
}

int
config_equal(const struct config *a, const struct config *b)
{
	struct strbuf	 x = STRBUF_INIT, y = STRBUF_INIT;
	int		 eq;

	config_print(a, &x);
	config_print(b, &y);
	eq = !x.oom && !y.oom && strcmp(sb_str(&x), sb_str(&y)) == 0;
	sb_free(&x);
	sb_free(&y);
	return eq;
}

int
config_validate(const struct config *c, struct cfg_errors *errs)
{
	size_t	 before = errs->n;

	rpl_db_validate(c->rpl, errs);
	static_cfg_validate(c->statics, errs);
	if (c->bgp != NULL)
		bgp_cfg_validate(c->bgp, c->rpl, errs);
	mrtdump_cfg_validate(c->mrtdump, errs);
	metrics_cfg_validate(c->metrics, errs);
	bgpmon_cfg_validate(c->mon, c->rpl, errs);
	bmp_cfg_validate(c->bmp, c->bgp, errs);
	fib_cfg_validate(c->fib, errs);
	return (int)(errs->n - before);
}
