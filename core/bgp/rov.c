/*
 * rov: route origin validation in the RIB; see rov.h.  The ROA table
 * says which VRP prefixes changed; they are kept until the end of the
 * loop turn (one zero-delay timer), so that a burst of VRPs from an RTR
 * reset costs one pass, sorted and with nested prefixes merged.  Then
 * for each prefix only what is under it is visited: the Loc-RIB entries
 * (a scoped cursor) and, for the neighbors whose inbound policy reads
 * validation-state, their pre-policy copies (a range of the adjrib).
 *
 * A path from a neighbor whose policy does not read the state is
 * validated again on its Loc-RIB attributes: its AS path as received
 * unless the policy rewrote the end of it (remove private-as), which
 * is what the arrival validation saw otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/proto.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/bgp/session.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

struct roa_table	*bgp_roa;

static struct rov_stats	 stats;

/* VRP prefixes recorded since the last run, both families. */
static struct xprefix	*pending;
static size_t		 npending, cappending;
static int		 pending_all[2];	/* a whole family (ENOMEM too) */
static struct loop_timer *t_run;
#define PENDING_MAX	(1u << 20)

/* A path of one Loc-RIB entry whose state moved. */
struct chg {
	const struct locrib_source	*src;
	uint8_t				 rov;
};

/* A pre-policy path whose state moved (attrs referenced). */
struct re {
	struct xprefix		 pfx;
	uint32_t		 pid;
	struct bgp_attrs	*attrs;
	uint8_t			 rov;
};

static struct chg	*chg;
static size_t		 capchg;
static struct re	*res;
static size_t		 nres, capres;
static int		 res_failed;

static void	fire(void *);

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
	pending_all[0] = pending_all[1] = 0;
	free(chg);
	chg = NULL;
	capchg = 0;
	free(res);
	res = NULL;
	nres = capres = 0;
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
	/* segments of 4-byte ASes (attr_decode widens AS2 paths); an
	   empty segment is no segment */
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
	switch (last_type) {
	case 0:				/* empty: originated in our AS */
	case BGP_AS_CONFED_SEQUENCE:	/* inside our confederation */
	case BGP_AS_CONFED_SET:
		return local_as;
	case BGP_AS_SEQUENCE:
		return last_as;
	default:			/* AS_SET: NONE */
		*known = 0;
		return 0;
	}
}

uint8_t
rov_rpki_state(uint8_t rov)
{
	switch (rov) {
	case LOCRIB_ROV_VALID:
		return RPKI_VALID;
	case LOCRIB_ROV_INVALID:
		return RPKI_INVALID;
	default:
		return RPKI_NOT_FOUND;
	}
}

static void
schedule(void)
{
	if (t_run == NULL && (t_run = loop_timer_add(0, fire, NULL)) == NULL)
		log_warnx("%s: out of memory scheduling origin validation",
		    __func__);
}

static int
afi_of(int af)
{
	return af == AF_V4 ? 0 : af == AF_V6 ? 1 : -1;
}

void
rov_vrp_changed(const struct xprefix *vrp, void *arg)
{
	struct xprefix	*nv;
	size_t		 ncap;
	int		 afi;

	(void)arg;
	if ((afi = afi_of(vrp->addr.af)) == -1)
		return;
	if (pending_all[afi])
		return;
	if (npending >= PENDING_MAX) {
		/* an RTR reset's worth: one pass over the family is less */
		pending_all[afi] = 1;
		schedule();
		return;
	}
	if (npending == cappending) {
		ncap = cappending ? cappending * 2 : 64;
		if ((nv = reallocarray(pending, ncap, sizeof(*nv))) == NULL) {
			/* nothing lost: the whole family instead */
			pending_all[afi] = 1;
			schedule();
			return;
		}
		pending = nv;
		cappending = ncap;
	}
	pending[npending] = *vrp;
	prefix_mask(&pending[npending]);
	npending++;
	schedule();
}

void
rov_revalidate_af(int af)
{
	int	 afi;

	if ((afi = afi_of(af)) == -1)
		return;
	pending_all[afi] = 1;
	schedule();
}

static int
pfx_order(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* The neighbor's paths go through its policy again from the copy. */
static int
by_policy(const struct peer *p, int afi)
{
	return p->ra[afi].rov_on && p->ra[afi].reads_rpki &&
	    rib_in_prepolicy_ok(p, afi);
}

/* The Loc-RIB entries under v: states of the other neighbors' paths. */
static void
run_locrib(int afi, const struct xprefix *v)
{
	struct locrib			*rib = bgp_rib.loc[afi];
	struct pfxtable_cursor		 cur;
	const struct locrib_entry	*e;
	const struct locrib_path	*path;
	struct peer			*p;
	struct xprefix			 pfx;
	struct chg			*nv;
	size_t				 i, n, ncap;
	uint8_t				 st;

	locrib_cursor_init(&cur, v);
	while (locrib_cursor_next(rib, &cur, &e)) {
		pfx = cur.last;
		n = 0;
		for (i = 0; (path = locrib_entry_path(e, i)) != NULL; i++) {
			if (path->src->local != BGP_LOCAL_NONE ||
			    (p = path->src->owner) == NULL || by_policy(p, afi))
				continue;
			stats.revalidated++;
			st = rib_in_rov_state(p, afi, &pfx, path->attrs);
			if (st == path->rov)
				continue;
			if (n == capchg) {
				ncap = capchg ? capchg * 2 : 16;
				if ((nv = reallocarray(chg, ncap,
				    sizeof(*nv))) == NULL) {
					log_warnx("%s: out of memory",
					    __func__);
					break;
				}
				chg = nv;
				capchg = ncap;
			}
			chg[n].src = path->src;
			chg[n].rov = st;
			n++;
		}
		/* setting a state may decide again and reorder the paths */
		for (i = 0; i < n; i++)
			if (locrib_set_rov(rib, &pfx, chg[i].src,
			    chg[i].rov) == 1)
				stats.changed++;
	}
}

struct collect {
	struct peer	*p;
	int		 afi;
};

static int
collect_one(const struct xprefix *pfx, uint32_t pid,
    const struct bgp_attrs *a, unsigned flags, void *arg)
{
	struct collect	*c = arg;
	struct re	*nv;
	size_t		 ncap;
	uint8_t		 st;

	stats.revalidated++;
	st = rib_in_rov_state(c->p, c->afi, pfx, a);
	if (st == ADJRIB_ROV(flags))
		return 0;
	if (nres == capres) {
		ncap = capres ? capres * 2 : 16;
		if ((nv = reallocarray(res, ncap, sizeof(*nv))) == NULL) {
			res_failed = 1;
			return 1;
		}
		res = nv;
		capres = ncap;
	}
	res[nres].pfx = *pfx;
	res[nres].pid = pid;
	res[nres].attrs = bgp_attrs_ref((struct bgp_attrs *)a);
	res[nres].rov = st;
	nres++;
	return 0;
}

/* The pre-policy copies under v of the neighbors whose policy reads
   the state: the paths whose state moved go through it again. */
static void
run_prepolicy(int afi, const struct xprefix *v)
{
	struct peer	*p;
	struct collect	 c;
	size_t		 i;

	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		if (!by_policy(p, afi))
			continue;
		c.p = p;
		c.afi = afi;
		nres = 0;
		res_failed = 0;
		/* collected first: the re-import must not run inside the
		   walk of the store */
		adjrib_foreach_within(&p->rib[afi], v, collect_one, &c);
		for (i = 0; i < nres; i++) {
			if (rib_in_reimport(p, afi, &res[i].pfx, res[i].pid,
			    res[i].attrs, res[i].rov) == -1)
				res_failed = 1;
			bgp_attrs_unref(res[i].attrs);
			stats.changed++;
			stats.reimported++;
		}
		nres = 0;
		if (res_failed)
			log_warnx("bgp %s: out of memory validating routes "
			    "again", p->name);
	}
}

static void
run_prefix(const struct xprefix *v)
{
	int	 afi = afi_of(v->addr.af);

	if (afi == -1 || bgp_rib.loc[afi] == NULL)
		return;
	stats.prefixes++;
	run_locrib(afi, v);
	run_prepolicy(afi, v);
}

void
rov_run_pending(void)
{
	struct xprefix	*v = pending, whole;
	size_t		 n = npending, i, last = (size_t)-1;
	size_t		 cnt[2] = { 0, 0 };
	int		 all[2] = { pending_all[0], pending_all[1] }, afi;

	loop_timer_cancel(t_run);
	t_run = NULL;
	if (n == 0 && !all[0] && !all[1])
		return;
	/* taken over: a change made by the run (none expected) is kept
	   for the next one */
	pending = NULL;
	npending = cappending = 0;
	pending_all[0] = pending_all[1] = 0;
	stats.runs++;
	/* more VRP prefixes than routes: the walk of the family is less */
	for (i = 0; i < n; i++)
		cnt[afi_of(v[i].addr.af)]++;
	for (afi = 0; afi < 2; afi++) {
		if (cnt[afi] > 0 && bgp_rib.loc[afi] != NULL &&
		    cnt[afi] >= locrib_count_prefixes(bgp_rib.loc[afi]))
			all[afi] = 1;
		if (!all[afi])
			continue;
		memset(&whole, 0, sizeof(whole));
		whole.addr.af = afi == 0 ? AF_V4 : AF_V6;
		run_prefix(&whole);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), pfx_order);
	/*
	 * In (address, length) order a prefix follows any prefix holding
	 * it, so one look back at the last walked is enough to merge.
	 */
	for (i = 0; i < n; i++) {
		if (all[afi_of(v[i].addr.af)])
			continue;
		if (last != (size_t)-1 && prefix_contains(&v[last], &v[i]))
			continue;
		last = i;
		run_prefix(&v[i]);
	}
	free(v);
}

static void
fire(void *arg)
{
	(void)arg;
	t_run = NULL;		/* a fired timer is freed */
	rov_run_pending();
}

void
rov_stats(struct rov_stats *s)
{
	*s = stats;
}
