/*
 * log: route engine messages to the installed sink and keep them in the
 * `show logging` buffer (core/lib/logbuf.c); see log.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "core/lib/log.h"
#include "core/lib/logbuf.h"

static log_sink_fn	 sink;
static void		*sink_arg;

void
log_set_sink(log_sink_fn fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (lvl != LOG_LVL_DEBUG)
		logbuf_add(lvl, line);
	if (sink != NULL)
		sink(lvl, line, sink_arg);
	else if (lvl != LOG_LVL_DEBUG)
		fprintf(stderr, "%s\n", line);
}
