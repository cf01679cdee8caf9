/*
 * Unit tests for core/bgp/originate.c and originate_agg.c: network
 * statements (local paths, re-apply without churn, removal), aggregates
 * (present only with a contributor, attributes, as-set path and
 * communities, summary-only suppression, nested aggregates, the zero
 * timer), IPv6, and originate_clear.  The Loc-RIBs are real (locrib.c);
 * the change callback does what rib.c does for us: it forwards to
 * originate_locrib_change().  Every test ends with no interned set left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/bgp/originate.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/config/bgp_cfg.h"
#include "core/config/bgp_model.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "tests/unit/t.h"

#define RID	0x0a000001u	/* 10.0.0.1 */
#define MYAS	65000u

static int	 calls[2];	/* change callbacks per AF */
static char	 lastlog[256];

static void
logsink(enum log_level lvl, const char *line, void *arg)
{
	(void)lvl;
	(void)arg;
	snprintf(lastlog, sizeof(lastlog), "%s", line);
}

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

static void
changed(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	int	 afi = (int)(intptr_t)arg;

	(void)o;
	(void)n;
	(void)what;
	calls[afi]++;
	originate_locrib_change(afi, p);
}

static void
setup(void)
{
	struct bgp_decide_cfg	 d;
	int			 afi;

	bgpe.asn = MYAS;
	bgpe.router_id = RID;
	bgp_decide_cfg_init(&d);
	for (afi = 0; afi < 2; afi++) {
		bgp_rib.loc[afi] = locrib_new(afi == 0 ? AF_V4 : AF_V6, &d);
		if (bgp_rib.loc[afi] == NULL)
			abort();
		locrib_set_change_cb(bgp_rib.loc[afi], changed,
		    (void *)(intptr_t)afi);
	}
	calls[0] = calls[1] = 0;
}

static void
teardown(void)
{
	struct bgp_attrs_intern_stats	 st;
	int				 afi;

	originate_clear();
	for (afi = 0; afi < 2; afi++) {
		T_EQ_INT(locrib_count_paths(bgp_rib.loc[afi]), 0);
		locrib_free(bgp_rib.loc[afi]);
		bgp_rib.loc[afi] = NULL;
	}
	/* Timers a withdrawal scheduled find nothing to do. */
	loop_run_once(0);
	bgp_attrs_intern_stats(&st, 0);
	T_EQ_INT(st.sets, 0);
}

/* Runs the zero timers until the aggregates have settled. */
static void
settle(void)
{
	int	 i;

	for (i = 0; i < 8; i++)
		loop_run_once(0);
}

static struct bgp_cfg *
mkcfg(void)
{
	struct bgp_cfg	*c;

	if ((c = bgp_cfg_new(MYAS)) == NULL)
		abort();
	c->af[BGP_AFI_V4].present = 1;
	c->af[BGP_AFI_V6].present = 1;
	return c;
}

static void
net(struct bgp_cfg *c, int afi, const char *pfx)
{
	struct xprefix	 p = P(pfx);

	if (bgp_network_get(&c->af[afi], &p) == NULL)
		abort();
}

static void
agg(struct bgp_cfg *c, int afi, const char *pfx, unsigned flags)
{
	struct xprefix		 p = P(pfx);
	struct bgp_aggregate	*a;

	if ((a = bgp_aggregate_get(&c->af[afi], &p)) == NULL)
		abort();
	a->flags = flags;
}

/* A neighbor: eBGP, router ID and address 192.0.2.n (never dialled). */
static void
mksrc(struct locrib_source *s, unsigned n)
{
	memset(s, 0, sizeof(*s));
	s->ebgp = 1;
	s->peer_router_id = 0xc0000200u | n;
	s->peer_addr.af = AF_V4;
	s->peer_addr.a[0] = 192;
	s->peer_addr.a[2] = 2;
	s->peer_addr.a[3] = (uint8_t)n;
}

/* A received path: the ASNs (0-terminated), communities (0-terminated). */
static void
announce(int afi, const char *pfx, const struct locrib_source *s,
    uint8_t origin, const uint32_t *asns, const uint32_t *comms)
{
	struct bgp_attrs	*a;
	struct xprefix		 p = P(pfx);
	size_t			 n;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH);
	a->origin = origin;
	for (n = 0; asns != NULL && asns[n] != 0; n++)
		;
	if (bgp_attrs_set_aspath(a, asns, n) == -1)
		abort();
	for (n = 0; comms != NULL && comms[n] != 0; n++)
		;
	if (n > 0) {
		if ((a->communities = calloc(n, sizeof(uint32_t))) == NULL)
			abort();
		memcpy(a->communities, comms, n * sizeof(uint32_t));
		a->ncommunities = n;
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	}
	a->nexthop.af = afi == 0 ? AF_V4 : AF_V6;
	a->nexthop.a[0] = afi == 0 ? 192 : 0x20;
	a->nexthop.a[3] = 9;
	if (afi == 0)
		a->present |= BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	if (locrib_update(bgp_rib.loc[afi], &p, s, a, 0) == -1)
		abort();
}

static void
withdraw(int afi, const char *pfx, const struct locrib_source *s)
{
	struct xprefix	 p = P(pfx);

	T_EQ_INT(locrib_withdraw(bgp_rib.loc[afi], &p, s), 1);
}

/* The best path of pfx, NULL if none. */
static const struct locrib_path *
best(int afi, const char *pfx)
{
	struct xprefix			 p = P(pfx);
	const struct locrib_entry	*e;

	if ((e = locrib_lookup(bgp_rib.loc[afi], &p)) == NULL)
		return NULL;
	return locrib_entry_best(e);
}

static int
supp(int afi, const char *pfx)
{
	struct xprefix	 p = P(pfx);

	return originate_suppressed(afi, &p);
}

static int
unspecified(const struct xaddr *a, int af)
{
	static const uint8_t	 zero[16];

	return a->af == af && memcmp(a->a, zero, sizeof(zero)) == 0;
}

/* The AS path as XR prints it, in a static buffer. */
static const char *
pathstr(const struct bgp_attrs *a)
{
	static char	 buf[256];
	struct strbuf	 sb;

	sb_init(&sb);
	bgp_aspath_format(a->aspath, a->aspath_len, &sb);
	snprintf(buf, sizeof(buf), "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

static void
test_network(void)
{
	struct bgp_cfg			*c = mkcfg();
	const struct locrib_path	*b;
	struct xprefix			 p = P("10.2.0.0/16");
	uint64_t			 v;

	setup();
	net(c, 0, "10.1.0.0/16");
	net(c, 0, "10.2.0.0/16");
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(originate_count(0), 2);
	T_EQ_INT(calls[0], 2);
	T_ASSERT((b = best(0, "10.1.0.0/16")) != NULL);
	if (b != NULL) {
		T_EQ_INT(b->src->weight, 32768);
		T_EQ_INT(b->src->local, BGP_LOCAL_NETWORK);
		T_EQ_INT(b->src->peer_router_id, RID);
		T_ASSERT(b->flags & LOCRIB_PATH_LOCAL);
		T_EQ_INT(b->attrs->origin, BGP_ORIGIN_IGP);
		T_ASSERT(b->attrs->present & BGP_ATTRBIT(BGP_ATTR_AS_PATH));
		T_EQ_INT(b->attrs->aspath_len, 0);
		T_ASSERT(unspecified(&b->attrs->nexthop, AF_V4));
		T_ASSERT(!(b->attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE)));
	}

	/* The same configuration again: no Loc-RIB change at all. */
	v = locrib_version(bgp_rib.loc[0]);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(calls[0], 2);
	T_EQ_INT(locrib_version(bgp_rib.loc[0]), v);

	/* A neighbor's path for the same prefix loses to weight 32768. */
	{
		struct locrib_source	 s;
		uint32_t		 path[] = { 65001, 0 };

		mksrc(&s, 1);
		announce(0, "10.1.0.0/16", &s, BGP_ORIGIN_IGP, path, NULL);
		T_ASSERT((b = best(0, "10.1.0.0/16")) != NULL &&
		    b->src->local == BGP_LOCAL_NETWORK);
		withdraw(0, "10.1.0.0/16", &s);
	}

	/* Removed statement: withdrawn, the other one untouched. */
	bgp_network_del(&c->af[0], &p);
	calls[0] = 0;
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(calls[0], 1);
	T_ASSERT(best(0, "10.2.0.0/16") == NULL);
	T_ASSERT(best(0, "10.1.0.0/16") != NULL);
	T_EQ_INT(originate_count(0), 1);
	T_EQ_INT(originate_count(1), 0);

	/* No `router bgp`: everything goes. */
	T_EQ_INT(originate_apply(NULL, NULL), 0);
	T_ASSERT(best(0, "10.1.0.0/16") == NULL);
	T_EQ_INT(originate_count(0), 0);
	teardown();
	bgp_cfg_free(c);
}

static void
test_aggregate(void)
{
	struct bgp_cfg			*c = mkcfg();
	struct locrib_source		 s1, s2;
	const struct locrib_path	*b;
	uint32_t			 path[] = { 65001, 65002, 0 };
	uint32_t			 comm[] = { 0xfde90001u, 0 };
	int				 n;

	setup();
	mksrc(&s1, 1);
	mksrc(&s2, 2);
	agg(c, 0, "172.16.0.0/12", 0);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "172.16.0.0/12") == NULL);
	T_EQ_INT(originate_count(0), 0);

	/* Outside it, or the aggregate's own prefix: no contributor. */
	announce(0, "172.32.0.0/16", &s1, BGP_ORIGIN_IGP, path, NULL);
	announce(0, "172.16.0.0/12", &s2, BGP_ORIGIN_IGP, path, NULL);
	settle();
	T_ASSERT((b = best(0, "172.16.0.0/12")) != NULL &&
	    b->src->local == BGP_LOCAL_NONE);
	T_EQ_INT(originate_count(0), 0);
	withdraw(0, "172.16.0.0/12", &s2);

	/* A contributor: not from the callback, from the zero timer. */
	n = calls[0];
	announce(0, "172.16.1.0/24", &s1, BGP_ORIGIN_EGP, path, comm);
	T_EQ_INT(calls[0], n + 1);
	T_ASSERT(best(0, "172.16.0.0/12") == NULL);
	settle();
	T_ASSERT((b = best(0, "172.16.0.0/12")) != NULL);
	T_EQ_INT(originate_count(0), 1);
	if (b != NULL) {
		T_EQ_INT(b->src->weight, 32768);
		T_EQ_INT(b->src->local, BGP_LOCAL_AGGREGATE);
		T_ASSERT(b->attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE));
		T_ASSERT(b->attrs->present & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR));
		T_EQ_INT(b->attrs->aggregator_as, MYAS);
		T_EQ_INT(b->attrs->aggregator_id, RID);
		T_EQ_INT(b->attrs->origin, BGP_ORIGIN_IGP);
		T_EQ_INT(b->attrs->aspath_len, 0);
		T_EQ_INT(b->attrs->ncommunities, 0);
		T_ASSERT(unspecified(&b->attrs->nexthop, AF_V4));
	}
	T_EQ_INT(supp(0, "172.16.1.0/24"), 0);

	/* A second contributor changes nothing (same attributes). */
	n = calls[0];
	announce(0, "172.17.0.0/16", &s2, BGP_ORIGIN_IGP, path, NULL);
	settle();
	T_EQ_INT(calls[0], n + 1);

	/* Re-applying the configuration: no churn either. */
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(calls[0], n + 1);

	/* Gone with the last contributor. */
	withdraw(0, "172.16.1.0/24", &s1);
	settle();
	T_ASSERT(best(0, "172.16.0.0/12") != NULL);
	withdraw(0, "172.17.0.0/16", &s2);
	T_ASSERT(best(0, "172.16.0.0/12") != NULL);	/* not yet */
	settle();
	T_ASSERT(best(0, "172.16.0.0/12") == NULL);
	T_EQ_INT(originate_count(0), 0);

	/* A network statement contributes too, and apply is immediate. */
	net(c, 0, "172.20.0.0/16");
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "172.16.0.0/12") != NULL);
	T_EQ_INT(originate_count(0), 2);

	/* Aggregate removed from the configuration. */
	{
		struct xprefix	 p = P("172.16.0.0/12");

		bgp_aggregate_del(&c->af[0], &p);
	}
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "172.16.0.0/12") == NULL);
	T_EQ_INT(originate_count(0), 1);

	withdraw(0, "172.32.0.0/16", &s1);
	teardown();
	bgp_cfg_free(c);
}

static void
test_as_set(void)
{
	struct bgp_cfg			*c = mkcfg();
	struct locrib_source		 s1, s2;
	const struct locrib_path	*b;
	uint32_t			 p1[] = { 65001, 65002, 0 };
	uint32_t			 p2[] = { 65003, 65002, 0 };
	uint32_t			 c1[] = { 0x00010001u, 0x00020002u, 0 };
	uint32_t			 c2[] = { 0x00030003u, 0x00020002u, 0 };

	setup();
	mksrc(&s1, 1);
	mksrc(&s2, 2);
	agg(c, 0, "192.168.0.0/16", BGP_AGG_AS_SET);
	T_EQ_INT(originate_apply(c, NULL), 0);
	announce(0, "192.168.1.0/24", &s1, BGP_ORIGIN_IGP, p1, c1);
	announce(0, "192.168.2.0/24", &s2, BGP_ORIGIN_EGP, p2, c2);
	settle();
	T_ASSERT((b = best(0, "192.168.0.0/16")) != NULL);
	if (b != NULL) {
		T_EQ_STR(pathstr(b->attrs), "{65001,65002,65003}");
		T_EQ_INT(b->attrs->origin, BGP_ORIGIN_EGP);
		T_ASSERT(!(b->attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE)));
		T_ASSERT(b->attrs->present & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR));
		T_ASSERT(b->attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_COMMUNITIES));
		T_EQ_INT(b->attrs->ncommunities, 3);
		if (b->attrs->ncommunities == 3) {
			T_EQ_INT(b->attrs->communities[0], 0x00010001u);
			T_EQ_INT(b->attrs->communities[1], 0x00020002u);
			T_EQ_INT(b->attrs->communities[2], 0x00030003u);
		}
	}

	/* One contributor left: its path as it is, its communities. */
	withdraw(0, "192.168.2.0/24", &s2);
	settle();
	T_ASSERT((b = best(0, "192.168.0.0/16")) != NULL);
	if (b != NULL) {
		T_EQ_STR(pathstr(b->attrs), "65001 65002");
		T_EQ_INT(b->attrs->origin, BGP_ORIGIN_IGP);
		T_EQ_INT(b->attrs->ncommunities, 2);
	}

	/* as-set turned off: back to the atomic aggregate. */
	agg(c, 0, "192.168.0.0/16", 0);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT((b = best(0, "192.168.0.0/16")) != NULL);
	if (b != NULL) {
		T_EQ_INT(b->attrs->aspath_len, 0);
		T_EQ_INT(b->attrs->ncommunities, 0);
		T_ASSERT(b->attrs->present &
		    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE));
	}
	withdraw(0, "192.168.1.0/24", &s1);
	settle();
	T_ASSERT(best(0, "192.168.0.0/16") == NULL);
	teardown();
	bgp_cfg_free(c);
}

static void
test_summary_only(void)
{
	struct bgp_cfg		*c = mkcfg();
	struct locrib_source	 s1;
	uint32_t		 path[] = { 65001, 0 };

	setup();
	mksrc(&s1, 1);
	agg(c, 0, "10.0.0.0/8", BGP_AGG_SUMMARY_ONLY);
	net(c, 0, "10.1.0.0/16");
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "10.0.0.0/8") != NULL);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 1);
	T_EQ_INT(supp(0, "10.0.0.0/8"), 0);
	T_EQ_INT(supp(0, "11.1.0.0/16"), 0);
	T_EQ_INT(supp(1, "10.1.0.0/16"), 0);
	/* Suppression covers later contributors at once. */
	announce(0, "10.9.9.0/24", &s1, BGP_ORIGIN_IGP, path, NULL);
	T_EQ_INT(supp(0, "10.9.9.0/24"), 1);

	/* summary-only removed. */
	agg(c, 0, "10.0.0.0/8", 0);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 0);
	T_EQ_INT(supp(0, "10.9.9.0/24"), 0);
	agg(c, 0, "10.0.0.0/8", BGP_AGG_SUMMARY_ONLY);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 1);

	/* No contributor left: no aggregate, nothing suppressed. */
	withdraw(0, "10.9.9.0/24", &s1);
	settle();
	T_EQ_INT(supp(0, "10.1.0.0/16"), 1);
	{
		struct xprefix	 p = P("10.1.0.0/16");

		bgp_network_del(&c->af[0], &p);
	}
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "10.0.0.0/8") == NULL);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 0);

	/* Back, then the whole configuration gone. */
	net(c, 0, "10.1.0.0/16");
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 1);
	originate_clear();
	T_EQ_INT(supp(0, "10.1.0.0/16"), 0);
	T_ASSERT(best(0, "10.0.0.0/8") == NULL);
	teardown();
	bgp_cfg_free(c);
}

static void
test_nested(void)
{
	struct bgp_cfg			*c = mkcfg();
	struct locrib_source		 s1;
	const struct locrib_path	*b;
	uint32_t			 path[] = { 65001, 0 };

	setup();
	mksrc(&s1, 1);
	agg(c, 0, "10.0.0.0/8", BGP_AGG_AS_SET);
	agg(c, 0, "10.1.0.0/16", BGP_AGG_SUMMARY_ONLY);
	T_EQ_INT(originate_apply(c, NULL), 0);
	announce(0, "10.1.1.0/24", &s1, BGP_ORIGIN_IGP, path, NULL);
	settle();
	T_ASSERT(best(0, "10.1.0.0/16") != NULL);
	T_ASSERT((b = best(0, "10.0.0.0/8")) != NULL);
	/* The outer one sees both the /24 and the inner aggregate. */
	if (b != NULL)
		T_EQ_STR(pathstr(b->attrs), "{65001}");
	T_EQ_INT(supp(0, "10.1.1.0/24"), 1);
	T_EQ_INT(supp(0, "10.1.0.0/16"), 0);
	T_EQ_INT(originate_count(0), 2);
	withdraw(0, "10.1.1.0/24", &s1);
	settle();
	T_ASSERT(best(0, "10.1.0.0/16") == NULL);
	T_ASSERT(best(0, "10.0.0.0/8") == NULL);
	teardown();
	bgp_cfg_free(c);
}

static void
test_ipv6(void)
{
	struct bgp_cfg			*c = mkcfg();
	struct locrib_source		 s1;
	const struct locrib_path	*b;
	uint32_t			 path[] = { 65010, 0 };
	uint64_t			 v;

	setup();
	mksrc(&s1, 1);
	net(c, 1, "2001:db8:1::/48");
	agg(c, 1, "2001:db8::/32", BGP_AGG_SUMMARY_ONLY | BGP_AGG_AS_SET);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(calls[0], 0);
	T_ASSERT((b = best(1, "2001:db8:1::/48")) != NULL);
	if (b != NULL) {
		T_EQ_INT(b->src->weight, 32768);
		T_EQ_INT(b->src->local, BGP_LOCAL_NETWORK);
		T_ASSERT(unspecified(&b->attrs->nexthop, AF_V6));
	}
	T_ASSERT((b = best(1, "2001:db8::/32")) != NULL);
	if (b != NULL) {
		T_EQ_INT(b->src->local, BGP_LOCAL_AGGREGATE);
		T_ASSERT(unspecified(&b->attrs->nexthop, AF_V6));
		T_EQ_INT(b->attrs->aspath_len, 0);	/* local path only */
		T_EQ_INT(b->attrs->aggregator_as, MYAS);
	}
	T_EQ_INT(supp(1, "2001:db8:1::/48"), 1);
	T_EQ_INT(supp(1, "2001:db9::/48"), 0);
	T_EQ_INT(originate_count(1), 2);
	T_EQ_INT(originate_count(0), 0);

	announce(1, "2001:db8:2::/48", &s1, BGP_ORIGIN_IGP, path, NULL);
	settle();
	T_ASSERT((b = best(1, "2001:db8::/32")) != NULL);
	if (b != NULL)
		T_EQ_STR(pathstr(b->attrs), "{65010}");
	T_EQ_INT(supp(1, "2001:db8:2::/48"), 1);

	v = locrib_version(bgp_rib.loc[1]);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(locrib_version(bgp_rib.loc[1]), v);

	withdraw(1, "2001:db8:2::/48", &s1);
	settle();
	T_ASSERT((b = best(1, "2001:db8::/32")) != NULL);
	if (b != NULL)
		T_EQ_INT(b->attrs->aspath_len, 0);
	teardown();
	bgp_cfg_free(c);
}

/* A new Loc-RIB (engine restarted): the old state is simply forgotten. */
static void
test_restart(void)
{
	struct bgp_cfg	*c = mkcfg();

	setup();
	net(c, 0, "10.1.0.0/16");
	agg(c, 0, "10.0.0.0/8", BGP_AGG_SUMMARY_ONLY);
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(originate_count(0), 2);
	locrib_free(bgp_rib.loc[0]);
	locrib_free(bgp_rib.loc[1]);
	bgp_rib.loc[0] = bgp_rib.loc[1] = NULL;
	setup();
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_EQ_INT(originate_count(0), 2);
	T_ASSERT(best(0, "10.0.0.0/8") != NULL);
	T_ASSERT(best(0, "10.1.0.0/16") != NULL);

	/* A new router ID: the paths are reloaded with it. */
	bgpe.router_id = RID + 1;
	T_EQ_INT(originate_apply(c, NULL), 0);
	T_ASSERT(best(0, "10.1.0.0/16") != NULL &&
	    best(0, "10.1.0.0/16")->src->peer_router_id == RID + 1);
	T_ASSERT(best(0, "10.0.0.0/8") != NULL &&
	    best(0, "10.0.0.0/8")->attrs->aggregator_id == RID + 1);
	teardown();
	bgp_cfg_free(c);
}

static void
putpol(struct rpl_db *db, const char *text)
{
	struct rpl_err		 err;
	struct rpl_policy	*p;

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		fprintf(stderr, "policy: %s\n", err.msg);
		abort();
	}
	if (rpl_db_put_policy(db, p) == -1)
		abort();
}

static void
netpol(struct bgp_cfg *c, const char *pfx, const char *pol)
{
	struct xprefix		 p = P(pfx);
	struct bgp_network	*n;

	if ((n = bgp_network_get(&c->af[0], &p)) == NULL)
		abort();
	free(n->policy);
	if ((n->policy = strdup(pol)) == NULL)
		abort();
}

static uint32_t
med(const char *pfx)
{
	const struct locrib_path	*b = best(0, pfx);

	if (b == NULL || !(b->attrs->present & BGP_ATTRBIT(BGP_ATTR_MED)))
		return 0;
	return b->attrs->med;
}

/* route-policy on network and aggregate-address (needs core/bgp/policy.c) */
static void
test_policy(void)
{
	struct bgp_cfg		*c = mkcfg();
	struct rpl_db		*db;
	struct bgp_aggregate	*a;
	struct locrib_source	 s1;
	struct xprefix		 ap = P("172.16.0.0/12");
	uint32_t		 path[] = { 65001, 0 };
	int			 n;

	if ((db = rpl_db_new()) == NULL)
		abort();
	putpol(db, "route-policy SETMED\n  set med 50\nend-policy\n");
	putpol(db, "route-policy DROP\n  drop\nend-policy\n");
	setup();
	mksrc(&s1, 1);
	netpol(c, "10.1.0.0/16", "SETMED");
	netpol(c, "10.2.0.0/16", "DROP");
	netpol(c, "10.3.0.0/16", "NOSUCH");
	T_EQ_INT(originate_apply(c, db), 0);
	T_EQ_INT(med("10.1.0.0/16"), 50);
	T_ASSERT(best(0, "10.2.0.0/16") == NULL);
	T_ASSERT(best(0, "10.3.0.0/16") == NULL);
	T_EQ_INT(originate_count(0), 1);
	T_ASSERT(strstr(lastlog, "10.3.0.0/16") != NULL &&
	    strstr(lastlog, "NOSUCH") != NULL);

	/* Same again: nothing moves. */
	n = calls[0];
	T_EQ_INT(originate_apply(c, db), 0);
	T_EQ_INT(calls[0], n);

	/* The policy redefined: re-evaluated on apply. */
	putpol(db, "route-policy SETMED\n  set med 60\nend-policy\n");
	T_EQ_INT(originate_apply(c, db), 0);
	T_EQ_INT(med("10.1.0.0/16"), 60);
	/* Now dropped by its new policy. */
	netpol(c, "10.1.0.0/16", "DROP");
	T_EQ_INT(originate_apply(c, db), 0);
	T_ASSERT(best(0, "10.1.0.0/16") == NULL);
	T_EQ_INT(originate_count(0), 0);

	/* Aggregates: attributes set, or the aggregate dropped. */
	if ((a = bgp_aggregate_get(&c->af[0], &ap)) == NULL ||
	    (a->policy = strdup("SETMED")) == NULL)
		abort();
	T_EQ_INT(originate_apply(c, db), 0);
	announce(0, "172.16.1.0/24", &s1, BGP_ORIGIN_IGP, path, NULL);
	settle();
	T_EQ_INT(med("172.16.0.0/12"), 60);
	free(a->policy);
	if ((a->policy = strdup("DROP")) == NULL)
		abort();
	T_EQ_INT(originate_apply(c, db), 0);
	T_ASSERT(best(0, "172.16.0.0/12") == NULL);
	withdraw(0, "172.16.1.0/24", &s1);
	teardown();
	bgp_cfg_free(c);
	rpl_db_free(db);
}

int
main(void)
{
	log_set_sink(logsink, NULL);
	test_network();
	test_aggregate();
	test_as_set();
	test_summary_only();
	test_nested();
	test_ipv6();
	test_restart();
	test_policy();
	return T_DONE();
}
