/*
 * config: composition of the subsystem configurations; see config.h.
 * Order of the canonical text follows XR: hostname, RPL objects (sets,
 * then policies), then router bgp.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

void
cfg_errors_init(struct cfg_errors *e)
{
	e->v = NULL;
	e->n = e->cap = 0;
}

void
cfg_errors_free(struct cfg_errors *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].msg);
	}
	free(e->v);
	cfg_errors_init(e);
}

int
cfg_error_add(struct cfg_errors *e, const char *path, const char *fmt, ...)
{
	struct strbuf	 sb = STRBUF_INIT;
	va_list		 ap;
	char		*p;

	if (e->n == e->cap) {
		size_t			 ncap = e->cap ? e->cap * 2 : 8;
		struct cfg_error	*nv;

		if ((nv = reallocarray(e->v, ncap, sizeof(*nv))) == NULL)
			return -1;
		e->v = nv;
		e->cap = ncap;
	}
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	p = strdup(path ? path : "");
	if (sb.oom || p == NULL) {
		sb_free(&sb);
		free(p);
		return -1;
	}
	e->v[e->n].path = p;
	e->v[e->n].msg = sb_steal(&sb);
	e->n++;
	return 0;
}

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
	if ((c->rpl = rpl_db_dup(src->rpl)) == NULL)
		goto fail;
	if (src->bgp != NULL && (c->bgp = bgp_cfg_dup(src->bgp)) == NULL)
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
	bgp_cfg_free(c->bgp);
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
	if (rpl_db_print(c->rpl, sb) == -1)
		return -1;
	if (c->bgp != NULL && bgp_cfg_print(c->bgp, sb) == -1)
		return -1;
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
	if (c->bgp != NULL)
		bgp_cfg_validate(c->bgp, c->rpl, errs);
	return (int)(errs->n - before);
}
