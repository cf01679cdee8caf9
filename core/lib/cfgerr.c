/*
 * cfgerr: commit-time error lists, shared by every configuration subsystem
 * so that none of them needs the composed configuration to report one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

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

