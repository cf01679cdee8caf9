/*
 * logbuf: a ring of the last LOGBUF_LINES log lines; see logbuf.h.
 * Invariant: ring[(head + i) % LOGBUF_LINES] for i < count are the held
 * lines, oldest first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/lib/logbuf.h"
#include "core/lib/loop.h"

static struct logbuf_ent	 ring[LOGBUF_LINES];
static size_t			 head, count;
static unsigned long		 total, dropped;

void
logbuf_add(enum log_level lvl, const char *line)
{
	struct logbuf_ent	*e;
	struct timeval		 tv;
	char			*copy;

	total++;
	if ((copy = strdup(line)) == NULL) {
		dropped++;
		return;
	}
	if (count == LOGBUF_LINES) {
		e = &ring[head];
		free(e->text);
		head = (head + 1) % LOGBUF_LINES;
		count--;
	}
	e = &ring[(head + count) % LOGBUF_LINES];
	gettimeofday(&tv, NULL);
	e->sec = loop_wallclock();
	e->ms = (unsigned)(tv.tv_usec / 1000);
	e->lvl = lvl;
	e->text = copy;
	count++;
}

size_t
logbuf_count(void)
{
	return count;
}

const struct logbuf_ent *
logbuf_nth(size_t i)
{
	return i < count ? &ring[(head + i) % LOGBUF_LINES] : NULL;
}

unsigned long
logbuf_total(void)
{
	return total;
}

unsigned long
logbuf_dropped(void)
{
	return dropped;
}

/* XR names the process that logged a message; ours are all in one. */
const char *
logbuf_process(const char *text, int *pid)
{
	static const struct {
		const char	*prefix;
		const char	*name;
		int		 pid;
	} tab[] = {
		{ "%ROUTING-BGP-", "bgp", 1052 },
		{ "%MGBL-CONFIG-", "config", 65740 },
		{ "%MGBL-", "config", 65740 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strncmp(text, tab[i].prefix, strlen(tab[i].prefix)) == 0) {
			*pid = tab[i].pid;
			return tab[i].name;
		}
	*pid = (int)getpid();
	return "xrsh";
}

void
logbuf_prefix(const struct logbuf_ent *e, char *buf, size_t len)
{
	struct tm	 tm;
	char		 when[32], zone[16];
	const char	*proc;
	int		 pid;

	localtime_r(&e->sec, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%Z", &tm);
	proc = logbuf_process(e->text, &pid);
	snprintf(buf, len, "RP/0/RP0/CPU0:%s.%03u %s: %s[%d]: ", when, e->ms,
	    zone, proc, pid);
}

void
logbuf_clear(void)
{
	size_t	 i;

	for (i = 0; i < count; i++)
		free(ring[(head + i) % LOGBUF_LINES].text);
	memset(ring, 0, sizeof(ring));
	head = count = 0;
	total = dropped = 0;
}
