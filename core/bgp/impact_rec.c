/*
 * impact_rec: the counters of one commit's window; see engine.h and
 * impact_rec.h.
 * Rows are few (neighbors times families) and found by a linear scan:
 * counting happens only in a window, and a window's events are at most
 * the re-evaluated paths.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/impact_rec.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

int	bgp_impact_on;

static struct {
	struct bgp_impact_row	*v;
	size_t			 n, cap;
	size_t			 hit;		/* the last row counted: events
						   come in runs per neighbor */
	double			 last;		/* loop_now of the last event */
	int			 oom;
} imp;

void
bgp_impact_begin(void)
{
	free(imp.v);
	memset(&imp, 0, sizeof(imp));
	imp.last = loop_now();
	bgp_impact_on = 1;
}

int
bgp_impact_active(void)
{
	return bgp_impact_on;
}

double
bgp_impact_idle(void)
{
	return loop_now() - imp.last;
}

void
impact_count(const struct xaddr *peer, int afi, enum bgp_impact_kind k,
    uint32_t n)
{
	struct bgp_impact_row	*r, *v;
	struct xaddr		 none;
	size_t			 i;

	if (!bgp_impact_on || (unsigned)k >= BGP_IMP_COUNT || n == 0)
		return;
	imp.last = loop_now();
	if (peer == NULL) {
		memset(&none, 0, sizeof(none));
		peer = &none;
	}
	if (imp.hit < imp.n && imp.v[imp.hit].afi == afi &&
	    addr_cmp(&imp.v[imp.hit].addr, peer) == 0) {
		imp.v[imp.hit].n[k] += n;
		return;
	}
	for (i = 0; i < imp.n; i++) {
		r = &imp.v[i];
		if (r->afi == afi && addr_cmp(&r->addr, peer) == 0) {
			r->n[k] += n;
			imp.hit = i;
			return;
		}
	}
	if (imp.n == imp.cap) {
		if ((v = reallocarray(imp.v, imp.cap ? imp.cap * 2 : 8,
		    sizeof(*v))) == NULL) {
			if (!imp.oom)
				log_warnx("bgp: out of memory counting a "
				    "commit's impact");
			imp.oom = 1;
			return;
		}
		imp.v = v;
		imp.cap = imp.cap ? imp.cap * 2 : 8;
	}
	imp.hit = imp.n;
	r = &imp.v[imp.n++];
	memset(r, 0, sizeof(*r));
	r->addr = *peer;
	r->afi = afi;
	r->n[k] = n;
}

static int
row_cmp(const void *x, const void *y)
{
	const struct bgp_impact_row	*a = x, *b = y;
	int				 c;

	/* the family rows (af 0) first */
	if ((a->addr.af == 0) != (b->addr.af == 0))
		return a->addr.af == 0 ? -1 : 1;
	if ((c = addr_cmp(&a->addr, &b->addr)) != 0)
		return c;
	return (a->afi > b->afi) - (a->afi < b->afi);
}

int
bgp_impact_end(struct bgp_impact_row **rows, size_t *n)
{
	int	 oom = imp.oom;

	bgp_impact_on = 0;
	if (imp.n > 1)
		qsort(imp.v, imp.n, sizeof(*imp.v), row_cmp);
	*rows = imp.n > 0 ? imp.v : NULL;
	*n = imp.n;
	if (imp.n == 0)
		free(imp.v);
	memset(&imp, 0, sizeof(imp));
	return oom ? -1 : 0;
}
