/*
 * rov: route origin validation in the RIB; see rov.h.  The ROA table
 * tells which VRP prefixes changed; this file keeps them until the end
 * of the loop turn (one zero-delay timer), so that a burst of VRPs from
 * an RTR reset costs one pass, then re-validates only the routes under
 * each recorded prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/proto.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

struct roa_table	*bgp_roa;

static struct rov_stats	 stats;

/* VRP prefixes recorded since the last run, both families. */
static struct xprefix	*pending;
static size_t		 npending, cappending;
static int		 pending_overflow;	/* ENOMEM: run everything */
static struct loop_timer *t_run;

static void	run(void *);

int
rov_init(void)
{
	if (bgp_roa != NULL)
		return 0;
	if ((bgp_roa = roa_table_new()) == NULL)
		return -1;
	return 0;
}

void
rov_free(void)
{
	loop_timer_cancel(t_run);
	t_run = NULL;
	free(pending);
	pending = NULL;
	npending = cappending = 0;
	pending_overflow = 0;
	roa_table_free(bgp_roa);
	bgp_roa = NULL;
	memset(&stats, 0, sizeof(stats));
}

uint32_t
rov_origin_as(const struct bgp_attrs *a, uint32_t local_as, int *known)
{
	const uint8_t	*p = a->aspath;
	size_t		 len = p != NULL ? a->aspath_len : 0;
	size_t		 off = 0, n;
	uint8_t		 last_type = 0;
	uint32_t	 last_as = 0;

	*known = 1;
	/* segments of 4-byte ASes (attr_decode widens AS2 paths) */
	while (len - off >= 2) {
		n = p[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (n > 0) {
			last_type = p[off];
			last_as = be32_get(p + off + 2 + 4 * (n - 1));
		}
		off += 2 + 4 * n;
	}
	if (last_type == 0)
		return local_as;	/* empty path: originated in our AS */
	if (last_type != BGP_AS_SEQUENCE) {
		*known = 0;
		return 0;
	}
	return last_as;
}

void
rov_vrp_changed(const struct xprefix *vrp, void *arg)
{
	struct xprefix	*nv;
	size_t		 ncap;

	(void)arg;
	if (npending == cappending) {
		ncap = cappending ? cappending * 2 : 64;
		if ((nv = reallocarray(pending, ncap, sizeof(*nv))) == NULL) {
			pending_overflow = 1;
			goto sched;
		}
		pending = nv;
		cappending = ncap;
	}
	pending[npending] = *vrp;
	prefix_mask(&pending[npending]);
	npending++;
sched:
	if (t_run == NULL && (t_run = loop_timer_add(0, run, NULL)) == NULL)
		log_warnx("%s: out of memory scheduling validation",
		    __func__);
}

static void
run(void *arg)
{
	(void)arg;
	t_run = NULL;
	stats.runs++;
	/* re-validation of the recorded prefixes: to come */
	npending = 0;
	pending_overflow = 0;
}

void
rov_stats(struct rov_stats *s)
{
	*s = stats;
}
