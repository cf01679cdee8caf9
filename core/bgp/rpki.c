/*
 * rpki: the engine's RPKI glue; see rpki.h.  The static `rpki route`
 * VRPs of the last commit are kept sorted, so a commit only adds and
 * removes the difference and origin validation re-runs for those
 * prefixes alone.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/rpki.h"
#include "core/bgp/rtr.h"
#include "core/config/rpki_cfg.h"
#include "core/lib/log.h"

struct svrp {
	struct xprefix	 pfx;
	uint8_t		 maxlen;
	uint32_t	 asn;
};

struct svrps {
	struct svrp	*v;
	size_t		 n, cap;
	int		 nomem;
};

static struct svrps	 cur;		/* in the table now */

static int
svrp_cmp(const void *a, const void *b)
{
	const struct svrp	*x = a, *y = b;
	int			 c;

	if ((c = prefix_cmp(&x->pfx, &y->pfx)) != 0)
		return c;
	if (x->maxlen != y->maxlen)
		return x->maxlen < y->maxlen ? -1 : 1;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return 0;
}

static int
collect(const struct xprefix *p, uint8_t maxlen, uint32_t asn, void *arg)
{
	struct svrps	*s = arg;
	struct svrp	*nv;
	size_t		 ncap;

	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 16;
		if ((nv = realloc(s->v, ncap * sizeof(*nv))) == NULL) {
			s->nomem = 1;
			return 1;
		}
		s->v = nv;
		s->cap = ncap;
	}
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].pfx = *p;
	s->v[s->n].maxlen = maxlen;
	s->v[s->n].asn = asn;
	s->n++;
	return 0;
}

static void
static_del(const struct svrp *v)
{
	if (roa_remove(bgp_roa, &v->pfx, v->maxlen, v->asn,
	    ROA_SRC_STATIC) == 1)
		rov_vrp_changed(&v->pfx, NULL);
}

static int
static_add(const struct svrp *v)
{
	int	 rc;

	if ((rc = roa_add(bgp_roa, &v->pfx, v->maxlen, v->asn,
	    ROA_SRC_STATIC)) == 1)
		rov_vrp_changed(&v->pfx, NULL);
	return rc;
}

/* Sorted merge of the table's static VRPs with the configured ones. */
static void
static_apply(const struct bgp_cfg *b)
{
	struct svrps	 nw;
	size_t		 i = 0, j = 0, k, out;
	int		 c;

	memset(&nw, 0, sizeof(nw));
	(void)rpki_cfg_foreach_route(b, collect, &nw);
	if (nw.nomem) {
		log_warnx("RPKI: no memory for the static ROAs; the previous "
		    "ones stay");
		free(nw.v);
		return;
	}
	if (nw.n > 1)		/* nw.v is NULL when there are none */
		qsort(nw.v, nw.n, sizeof(nw.v[0]), svrp_cmp);
	for (out = 0, k = 0; k < nw.n; k++)	/* duplicates once */
		if (out == 0 || svrp_cmp(&nw.v[out - 1], &nw.v[k]) != 0)
			nw.v[out++] = nw.v[k];
	nw.n = out;
	while (i < cur.n || j < nw.n) {
		c = i == cur.n ? 1 : j == nw.n ? -1 :
		    svrp_cmp(&cur.v[i], &nw.v[j]);
		if (c < 0)
			static_del(&cur.v[i++]);
		else if (c > 0) {
			if (static_add(&nw.v[j]) == -1)
				log_warnx("RPKI: static ROA not added (no "
				    "memory or malformed)");
			j++;
		} else {
			i++;
			j++;
		}
	}
	free(cur.v);
	cur = nw;
}

int
rpki_engine_start(int offline, int loopback_only)
{
	if (rov_init() == -1)
		return -1;
	rtr_init(bgp_roa, rov_vrp_changed, NULL, offline, loopback_only);
	return 0;
}

void
rpki_engine_apply(const struct bgp_cfg *b, struct strbuf *report)
{
	struct rtr_server_cfg	*srv;
	size_t			 n;
	char			 err[256];

	if (bgp_roa == NULL)
		return;
	if ((srv = calloc(RTR_SERVERS_MAX, sizeof(*srv))) == NULL) {
		log_warnx("RPKI: no memory for the server list; servers "
		    "unchanged");
	} else {
		n = rpki_cfg_servers(b, srv, RTR_SERVERS_MAX);
		if (rtr_apply(srv, n, report, err, sizeof(err)) == -1)
			log_warnx("RPKI: %s", err);
		free(srv);
	}
	static_apply(b);
}

void
rpki_engine_stop(void)
{
	size_t	 i;

	rtr_stop();
	if (bgp_roa != NULL)
		for (i = 0; i < cur.n; i++)
			static_del(&cur.v[i]);
	free(cur.v);
	memset(&cur, 0, sizeof(cur));
	rov_free();
}
