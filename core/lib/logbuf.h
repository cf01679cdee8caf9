/*
 * logbuf: the last LOGBUF_LINES log lines with the time they were logged,
 * for `show logging`.  log_msg() feeds it (debug lines excepted), so every
 * line that reached the console, stderr or stdout is kept here too; when
 * full the oldest line goes.  Lines are rendered with the XR syslog prefix
 * "RP/0/RP0/CPU0:Dec  2 15:04:47.123 UTC: bgp[1052]: ".
 */
#ifndef XR_LOGBUF_H
#define XR_LOGBUF_H

#include <stddef.h>
#include <time.h>

#include "core/lib/log.h"

#define LOGBUF_LINES	1000
/* "RP/0/RP0/CPU0:" + "Dec  2 15:04:47.123 UTC: " + "process[pid]: " */
#define LOGBUF_PREFIX_MAX	96

struct logbuf_ent {
	time_t		 sec;		/* wall clock (loop_wallclock) */
	unsigned	 ms;
	enum log_level	 lvl;
	char		*text;		/* the line as logged */
};

void		 logbuf_add(enum log_level, const char *line);
/* Lines held, and the i-th oldest of them (NULL when out of range). */
size_t		 logbuf_count(void);
const struct logbuf_ent *logbuf_nth(size_t i);
/* Lines ever added, and those not stored for lack of memory. */
unsigned long	 logbuf_total(void);
unsigned long	 logbuf_dropped(void);
/* The XR prefix of an entry, ending in ": " (always NUL-terminated). */
void		 logbuf_prefix(const struct logbuf_ent *, char *buf,
		    size_t len);
/* The process tag XR would show for a line: "bgp", pid 1052, ... */
const char	*logbuf_process(const char *text, int *pid);
void		 logbuf_clear(void);

#endif
