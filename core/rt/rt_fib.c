/*
 * rt_fib: see rt_fib.h.  The writer keeps what it installed, so this file
 * only translates: a selection change becomes a queued set (a static or
 * BGP route with usable next hops) or a queued delete (anything else; a
 * delete of a prefix never installed costs nothing), and one timer per
 * loop turn flushes the queue.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/fib_cfg.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rt/rt.h"
#include "core/rt/rt_fib.h"

static struct {
	struct fib_nl		*nl;
	int			 sub;		/* rt_subscribe handle, -1 */
	uint32_t		 table;
	enum rt_fib_state	 state;
	struct loop_timer	*t_flush;
	struct loop_timer	*t_reconcile;
	int			 watch_fd;	/* -1: none on the loop */
	uint64_t		 skipped;
	char			 error[160];
} fib = { .sub = -1, .watch_fd = -1 };

const char *
rt_fib_state_name(enum rt_fib_state s)
{
	switch (s) {
	case RT_FIB_ON:
		return "installing";
	case RT_FIB_OFFLINE:
		return "skipped (offline)";
	case RT_FIB_FAILED:
		return "failed";
	default:
		return "off";
	}
}

static int
nh_cmp(const void *a, const void *b)
{
	const struct fib_nh	*x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return addr_cmp(&x->gw, &y->gw);
}

int
rt_fib_route(const struct xprefix *pfx, const struct rt_sel *s,
    struct fib_route *r)
{
	const struct rt_fwd	*fw;
	size_t			 i, j;

	if (s == NULL || s->path == NULL)
		return -1;
	if (s->path->src != RT_SRC_STATIC && s->path->src != RT_SRC_BGP)
		return -1;
	memset(r, 0, sizeof(*r));
	r->pfx = *pfx;
	prefix_mask(&r->pfx);
	for (i = 0; i < s->path->nnh; i++)
		if (s->path->nh[i].blackhole)
			goto blackhole;
	for (i = 0; i < s->nfwd && r->nnh < FIB_NH_MAX; i++) {
		fw = &s->fwd[i];
		if (fw->blackhole)
			goto blackhole;
		/* an IPv6 next hop of an IPv4 route (RFC 8950) is not
		   installed: RTA_VIA is left for later */
		if (fw->gw.af != 0 && fw->gw.af != pfx->addr.af)
			continue;
		if (fw->gw.af == 0 && fw->ifindex <= 0)
			continue;
		r->nh[r->nnh].gw = fw->gw;
		r->nh[r->nnh].ifindex = fw->ifindex;
		r->nnh++;
	}
	if (r->nnh == 0)
		return -1;
	/* one order for one set, so an unchanged set sends nothing */
	qsort(r->nh, r->nnh, sizeof(r->nh[0]), nh_cmp);
	for (i = 1, j = 1; i < r->nnh; i++)
		if (nh_cmp(&r->nh[i], &r->nh[j - 1]) != 0)
			r->nh[j++] = r->nh[i];
	r->nnh = j;
	return 0;
blackhole:
	memset(r->nh, 0, sizeof(r->nh));
	r->nh[0].blackhole = 1;
	r->nnh = 1;
	return 0;
}

static void
flush_now(void)
{
	loop_timer_cancel(fib.t_flush);
	fib.t_flush = NULL;
	if (fib.nl != NULL && fib_nl_pending(fib.nl) > 0)
		fib_nl_flush(fib.nl);
}

static void
flush_fire(void *arg)
{
	(void)arg;
	fib.t_flush = NULL;
	flush_now();
}

/* Someone deleted routes of ours: compare once the burst is over (an
 * `ip route flush` is one notification per route). */
#define RECONCILE_DELAY_SECS	0.1

static void
reconcile_fire(void *arg)
{
	(void)arg;
	fib.t_reconcile = NULL;
	if (fib.nl == NULL)
		return;
	flush_now();
	fib_nl_reconcile(fib.nl);
}

static void
on_watch(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	if (fib.nl == NULL || fib_nl_watch_read(fib.nl) != 1)
		return;
	if (fib.t_reconcile == NULL)
		fib.t_reconcile = loop_timer_add(RECONCILE_DELAY_SECS,
		    reconcile_fire, NULL);
}

static void
queue_sel(const struct xprefix *pfx, const struct rt_sel *s)
{
	struct fib_route	 r;

	if (rt_fib_route(pfx, s, &r) == 0) {
		if (fib_nl_set(fib.nl, &r) == 0)
			return;
	} else if (s != NULL && s->path != NULL &&
	    (s->path->src == RT_SRC_STATIC || s->path->src == RT_SRC_BGP))
		fib.skipped++;
	/* not installable (now): whatever we had for it goes */
	fib_nl_del(fib.nl, pfx);
}

static void
on_change(const struct xprefix *pfx, const struct rt_sel *old,
    const struct rt_sel *new, void *arg)
{
	(void)old;
	(void)arg;
	if (fib.nl == NULL)
		return;
	queue_sel(pfx, new);
	/* at the end of this loop turn: a burst of changes is one flush */
	if (fib.t_flush == NULL)
		fib.t_flush = loop_timer_add(0, flush_fire, NULL);
}

static int
walk_one(const struct rt_sel *s, void *arg)
{
	(void)arg;
	queue_sel(s->pfx, s);
	return 0;
}

static void
fib_off(void)
{
	struct fib_stats	 st;

	if (fib.sub >= 0)
		rt_unsubscribe(fib.sub);
	fib.sub = -1;
	loop_timer_cancel(fib.t_flush);
	fib.t_flush = NULL;
	loop_timer_cancel(fib.t_reconcile);
	fib.t_reconcile = NULL;
	if (fib.watch_fd != -1)
		loop_fd_del(fib.watch_fd);
	fib.watch_fd = -1;
	if (fib.nl != NULL) {
		fib_nl_stats(fib.nl, &st);
		fib_nl_close(fib.nl);
		log_info("%%ROUTING-FIB-5-REMOVED : Removed %llu routes from "
		    "kernel table %u", (unsigned long long)st.installed,
		    fib.table);
	}
	fib.nl = NULL;
}

static void
fib_on(uint32_t table)
{
	struct fib_stats	 st;
	int			 purged;

	fib.table = table;
	fib.error[0] = '\0';
	fib.skipped = 0;
	if ((fib.nl = fib_nl_open(table, FIB_PROTO_XRSH, fib.error,
	    sizeof(fib.error))) == NULL) {
		fib.state = RT_FIB_FAILED;
		log_warnx("%%ROUTING-FIB-3-ERROR : Kernel table %u: %s", table,
		    fib.error);
		return;
	}
	fib.state = RT_FIB_ON;
	/* a crash left routes of ours behind: they go before ours come */
	purged = fib_nl_purge_stale(fib.nl);
	if (rt_init() == -1 ||
	    (fib.sub = rt_subscribe_bgp(on_change, NULL)) < 0) {
		snprintf(fib.error, sizeof(fib.error), "Out of memory");
		fib_nl_close(fib.nl);
		fib.nl = NULL;
		fib.state = RT_FIB_FAILED;
		return;
	}
	rt_walk(AF_V4, walk_one, NULL);
	rt_walk(AF_V6, walk_one, NULL);
	flush_now();
	/* our own installs above are notifications of our port: ignored */
	if (fib_nl_watch_fd(fib.nl) != -1 &&
	    loop_fd_add(fib_nl_watch_fd(fib.nl), POLLIN, on_watch, NULL) == 0)
		fib.watch_fd = fib_nl_watch_fd(fib.nl);
	fib_nl_stats(fib.nl, &st);
	log_info("%%ROUTING-FIB-5-INSTALLED : Installing in kernel table %u "
	    "(protocol %u): %llu routes%s", table, FIB_PROTO_XRSH,
	    (unsigned long long)st.installed, purged > 0 ?
	    ", stale routes of an earlier run removed" : "");
}

void
rt_fib_apply(const struct fib_cfg *cfg, int offline)
{
	uint32_t	 table;

	if (cfg == NULL) {
		fib_off();
		fib.state = RT_FIB_OFF;
		fib.table = 0;
		return;
	}
	table = fib_cfg_table(cfg);
	if (offline) {
		/* a debug line: offline runs check configurations, and
		   their output must stay clean; show fib says it too */
		if (fib.state != RT_FIB_OFFLINE || fib.table != table)
			log_debug("%%ROUTING-FIB-5-SKIPPED : fib install kernel "
			    "is not applied: the engine runs offline");
		fib.state = RT_FIB_OFFLINE;
		fib.table = table;
		return;
	}
	if (fib.nl != NULL && fib.table == table)
		return;
	/* another table: ours leave the old one first */
	fib_off();
	fib_on(table);
}

void
rt_fib_stop(void)
{
	fib_off();
	fib.state = RT_FIB_OFF;
	fib.table = 0;
}

void
rt_fib_sync(void)
{
	flush_now();
}

void
rt_fib_status(struct rt_fib_status *s)
{
	memset(s, 0, sizeof(*s));
	s->state = fib.state;
	s->table = fib.table;
	s->protocol = FIB_PROTO_XRSH;
	s->skipped = fib.skipped;
	strlcpy(s->error, fib.error, sizeof(s->error));
	if (fib.nl != NULL)
		fib_nl_stats(fib.nl, &s->st);
	else
		s->st.table = fib.table;
}
