/*
 * memguard: see memguard.h.  The measure is what malloc handed out
 * (mallinfo2: arena bytes in use plus mmap'ed blocks), not the RSS: it
 * falls as soon as routes are freed, which a resident size kept by the
 * allocator would not.  (Under AddressSanitizer mallinfo2 reports
 * nothing and the guard never refuses.)
 */
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#include "core/bgp/memguard.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define MG_EVERY	256	/* calls between samples, ... */
#define MG_PERIOD	1.0	/* ... or seconds */
#define MG_RESUME_PCT	90	/* accept again below this share */
#define MB		(1024ULL * 1024ULL)

static uint64_t	 limit_cfg;	/* bytes, 0: the default */
static uint64_t	 in_use;
static int	 refusing;
static unsigned	 calls;
static double	 last_sample = -1;
static uint64_t	 refused, episodes, refused_episode;

static uint64_t
default_limit(void)
{
	long	 pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || psize <= 0)
		return 0;
	return (uint64_t)pages * (uint64_t)psize / 4 * 3;
}

static uint64_t
limit(void)
{
	return limit_cfg != 0 ? limit_cfg : default_limit();
}

void
memguard_set_limit(uint32_t megabytes)
{
	limit_cfg = (uint64_t)megabytes * MB;
	last_sample = -1;	/* look again at the next prefix */
}

uint64_t
memguard_sample(void)
{
	struct mallinfo2	 mi = mallinfo2();

	return (uint64_t)mi.uordblks + (uint64_t)mi.hblkhd;
}

/* Samples and moves between accepting and refusing. */
static void
update(const char *who)
{
	uint64_t	 lim = limit();

	in_use = memguard_sample();
	last_sample = loop_now();
	calls = 0;
	if (lim == 0)
		return;
	if (!refusing && in_use > lim) {
		refusing = 1;
		episodes++;
		refused_episode = 0;
		log_warnx("%%ROUTING-BGP-3-MEMORY_LIMIT : memory in use %llu "
		    "MB exceeds the limit of %llu MB: new prefixes%s%s%s are "
		    "refused until it drops below %d%%",
		    (unsigned long long)(in_use / MB),
		    (unsigned long long)(lim / MB),
		    who != NULL ? " (first from neighbor " : "",
		    who != NULL ? who : "", who != NULL ? ")" : "",
		    MG_RESUME_PCT);
	} else if (refusing && in_use < lim / 100 * MG_RESUME_PCT) {
		refusing = 0;
		log_warnx("%%ROUTING-BGP-5-MEMORY_LIMIT : memory in use %llu "
		    "MB, limit %llu MB: new prefixes are accepted again "
		    "(%llu were refused)", (unsigned long long)(in_use / MB),
		    (unsigned long long)(lim / MB),
		    (unsigned long long)refused_episode);
	}
}

int
memguard_over(const char *who)
{
	if (++calls >= MG_EVERY || last_sample < 0 ||
	    loop_now() - last_sample >= MG_PERIOD)
		update(who);
	return refusing;
}

void
memguard_refused(void)
{
	refused++;
	refused_episode++;
}

void
memguard_info(struct memguard_info *mi)
{
	update(NULL);
	mi->limit = limit();
	mi->configured = limit_cfg != 0;
	mi->in_use = in_use;
	mi->refusing = refusing;
	mi->refused = refused;
	mi->episodes = episodes;
}
