/*
 * memguard: see memguard.h.  The measure is what the BGP tables hold, the
 * figures of `show bgp process` (Loc-RIB, interned attribute sets,
 * soft-reconfiguration copies, Adj-RIB-Out): kept by counters, so cheap
 * to read, and falling as soon as routes go.  Neither the RSS (which the
 * allocator keeps after a free) nor mallinfo2 (which walks every free
 * chunk: 30 ms in a fragmented heap of a few million routes) would do
 * every few hundred routes.
 */
#include <stdio.h>
#include <unistd.h>

#include "core/bgp/memguard.h"
#include "core/bgp/rib_query.h"
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
	/* the tables are most of the process, not all of it */
	return (uint64_t)pages * (uint64_t)psize / 2;
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
	/* not bgp_rib_memory(): that walks every attribute set, and a
	   sample every MG_EVERY paths made a full table quadratic */
	return bgp_rib_memory_total();
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
