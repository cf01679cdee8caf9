/*
 * test_addpath_rib: the RIB side of RFC 7911.  Adj-RIB-In keyed by
 * (prefix, path id); Loc-RIB paths of one neighbor under several
 * per-path-id child sources that coexist, compete, are withdrawn one by
 * one and are flushed, marked stale and swept with their parent; the
 * change callback for a non-best path only when asked for; updpack
 * carrying path ids into the UPDATEs it encodes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/adjrib.h"
#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/bgp/updgroup_int.h"
#include "core/bgp/updpack.h"
#include "core/bgp/wire.h"
#include "tests/unit/t.h"

static struct bgp_attrs *
mka_as(uint32_t med, unsigned nh, uint32_t as)
{
	struct bgp_attrs	*a;

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED);
	a->origin = BGP_ORIGIN_IGP;
	if (bgp_attrs_set_aspath(a, &as, 1) == -1)
		abort();
	a->med = med;
	a->nexthop.af = AF_V4;
	a->nexthop.a[0] = 192;
	a->nexthop.a[2] = 2;
	a->nexthop.a[3] = (uint8_t)nh;
	return a;
}

static struct bgp_attrs *
mka(uint32_t med, unsigned nh)
{
	return mka_as(med, nh, 65002);
}

static struct xprefix
P(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 1) == -1)
		abort();
	return p;
}

struct seen {
	size_t		 n;
	uint32_t	 pid[8];
};

static int
collect(const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	struct seen	*s = arg;

	(void)pfx;
	(void)a;
	(void)flags;
	if (s->n < 8)
		s->pid[s->n] = pid;
	s->n++;
	return 0;
}

static void
test_adjrib(void)
{
	struct adjrib	 r;
	struct xprefix	 p = P("10.1.0.0/16");
	struct seen	 s;

	adjrib_init(&r);
	T_EQ_INT(adjrib_add_pid(&r, &p, 7, mka(10, 1)), 1);
	T_EQ_INT(adjrib_add_pid(&r, &p, 3, mka(20, 2)), 1);
	T_EQ_INT(adjrib_add_pid(&r, &p, 7, mka(30, 3)), 0);	/* replace */
	T_EQ_INT(adjrib_count(&r), 2);
	memset(&s, 0, sizeof(s));
	adjrib_foreach_pid(&r, collect, &s);
	T_EQ_INT(s.n, 2);
	T_EQ_INT(s.pid[0], 3);		/* prefix, then path id order */
	T_EQ_INT(s.pid[1], 7);
	T_EQ_INT(adjrib_remove_pid(&r, &p, 5), 0);
	T_EQ_INT(adjrib_remove_pid(&r, &p, 3), 1);
	T_EQ_INT(adjrib_count(&r), 1);
	/* path id 0 is the plain API's */
	T_ASSERT(adjrib_get(&r, &p) == NULL);
	T_EQ_INT(adjrib_add(&r, &p, mka(40, 4)), 1);
	T_ASSERT(adjrib_get(&r, &p) != NULL);
	T_EQ_INT(adjrib_count(&r), 2);
	adjrib_mark_stale(&r);
	T_EQ_INT(adjrib_add_pid(&r, &p, 7, mka(30, 3)), 0);
	T_EQ_INT(adjrib_sweep_stale(&r), 1);
	T_EQ_INT(adjrib_count(&r), 1);
	adjrib_clear(&r);
}

static int	 ncb, nchg_paths;

static void
count_cb(const struct xprefix *p, const struct bgp_attrs *o,
    const struct bgp_attrs *n, unsigned what, void *arg)
{
	(void)p;
	(void)o;
	(void)n;
	(void)arg;
	ncb++;
	if (what == LOCRIB_CHG_PATHS)
		nchg_paths++;
}

/* path i's MED, -1 past the end */
static long
med_at(const struct locrib *rib, const struct xprefix *p, size_t i)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*x;

	if ((e = locrib_lookup(rib, p)) == NULL ||
	    (x = locrib_entry_path(e, i)) == NULL)
		return -1;
	return x->attrs->med;
}

static void
test_locrib_children(void)
{
	struct bgp_decide_cfg	 cfg;
	struct locrib		*rib;
	struct locrib_source	 parent, c1, c2, c3, other;
	struct xprefix		 p = P("10.1.0.0/16");
	struct xprefix		 q = P("10.2.0.0/16");
	const struct locrib_entry *e;

	bgp_decide_cfg_init(&cfg);
	if ((rib = locrib_new(AF_V4, &cfg)) == NULL)
		abort();
	locrib_set_change_cb(rib, count_cb, NULL);
	memset(&parent, 0, sizeof(parent));
	parent.peer_router_id = 1;
	parent.peer_addr.af = AF_V4;
	parent.peer_addr.a[0] = 10;
	parent.peer_addr.a[3] = 1;
	c1 = c2 = c3 = parent;
	c1.parent = c2.parent = c3.parent = &parent;
	c1.path_id = 1;
	c2.path_id = 2;
	c3.path_id = 3;
	other = parent;
	other.peer_router_id = 9;
	other.peer_addr.a[3] = 9;

	/* three paths of one neighbor for p coexist; the best is the
	   lowest MED */
	T_EQ_INT(locrib_update(rib, &p, &c1, mka(30, 1), 0), 1);
	T_EQ_INT(locrib_update(rib, &p, &c2, mka(10, 2), 0), 1);
	T_EQ_INT(locrib_update(rib, &p, &c3, mka(20, 3), 0), 1);
	T_EQ_INT(locrib_update(rib, &q, &c1, mka(5, 1), 0), 1);
	T_EQ_INT(locrib_update(rib, &q, &other, mka(6, 9), 0), 1);
	e = locrib_lookup(rib, &p);
	T_ASSERT(e != NULL && locrib_entry_npaths(e) == 3);
	T_EQ_INT(med_at(rib, &p, 0), 10);
	T_ASSERT(locrib_entry_best(e)->src == &c2);

	/* a non-best path changes: the callback only when asked */
	ncb = nchg_paths = 0;
	T_EQ_INT(locrib_update(rib, &p, &c1, mka(31, 1), 0), 0);
	T_EQ_INT(ncb, 0);
	locrib_set_notify_paths(rib, 1);
	T_EQ_INT(locrib_update(rib, &p, &c1, mka(32, 1), 0), 0);
	T_EQ_INT(ncb, 1);
	T_EQ_INT(nchg_paths, 1);
	/* the best changes: a normal change, not LOCRIB_CHG_PATHS */
	T_EQ_INT(locrib_withdraw(rib, &p, &c2), 1);
	T_EQ_INT(ncb, 2);
	T_EQ_INT(nchg_paths, 1);
	T_EQ_INT(med_at(rib, &p, 0), 20);
	T_EQ_INT(locrib_entry_npaths(locrib_lookup(rib, &p)), 2);

	/* stale mark and sweep of the parent cover its children only */
	T_EQ_INT(locrib_mark_stale_source(rib, &parent), 3);
	T_EQ_INT(locrib_update(rib, &p, &c3, mka(20, 3), 0), 0);
	T_EQ_INT(locrib_sweep_stale_source(rib, &parent), 2);
	T_EQ_INT(locrib_entry_npaths(locrib_lookup(rib, &p)), 1);
	T_EQ_INT(med_at(rib, &p, 0), 20);
	T_EQ_INT(locrib_entry_npaths(locrib_lookup(rib, &q)), 1);
	T_EQ_INT(med_at(rib, &q, 0), 6);	/* the other neighbor's */

	/* the flush of the parent takes every child's path */
	T_EQ_INT(locrib_update(rib, &q, &c2, mka(7, 2), 0), 1);
	T_EQ_INT(locrib_update(rib, &q, &c3, mka(8, 3), 0), 1);
	T_EQ_INT(locrib_flush_source(rib, &parent), 3);
	T_ASSERT(locrib_lookup(rib, &p) == NULL);
	T_EQ_INT(locrib_entry_npaths(locrib_lookup(rib, &q)), 1);
	T_EQ_INT(locrib_flush_source(rib, &other), 1);
	T_EQ_INT(locrib_count_paths(rib), 0);
	locrib_free(rib);
}

/* The paths a selection sends, as a string of source numbers. */
static const char *
picks(const struct locrib *rib, const struct xprefix *p, uint8_t sel,
    uint8_t flags)
{
	static char			 buf[16];
	const struct locrib_entry	*e = locrib_lookup(rib, p);
	size_t				 i, n, k = 0, nb = 0;

	buf[0] = '\0';
	if (e == NULL)
		return buf;
	n = locrib_entry_npaths(e);
	for (i = 0; i < n && k + 1 < sizeof(buf); i++)
		if (ug_ap_selected(e, i, sel, flags, &nb))
			buf[k++] = (char)('0' +
			    locrib_entry_path(e, i)->src->peer_router_id);
	buf[k] = '\0';
	return buf;
}

/*
 * Four eBGP paths of one prefix: 1 best, 2 its multipath twin (same
 * neighbor AS), 3 from another AS, 4 with an unreachable next hop.
 */
static void
test_selection(void)
{
	struct bgp_decide_cfg	 cfg;
	struct locrib		*rib;
	struct locrib_source	 s[4];
	struct xprefix		 p = P("10.9.0.0/16");
	struct xaddr		 nh4;
	const uint32_t		 as[4] = { 65002, 65002, 65003, 65004 };
	int			 i;

	bgp_decide_cfg_init(&cfg);
	cfg.maximum_paths_ebgp = 2;
	if ((rib = locrib_new(AF_V4, &cfg)) == NULL)
		abort();
	memset(&nh4, 0, sizeof(nh4));
	nh4.af = AF_V4;
	nh4.a[0] = 192;
	nh4.a[2] = 2;
	nh4.a[3] = 4;
	T_EQ_INT(locrib_nexthop_preset(rib, &nh4, 0, 0), 0);
	for (i = 0; i < 4; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].ebgp = 1;
		s[i].peer_router_id = (uint32_t)i + 1;
		s[i].peer_addr.af = AF_V4;
		s[i].peer_addr.a[0] = 10;
		s[i].peer_addr.a[3] = (uint8_t)(i + 1);
		T_EQ_INT(locrib_update(rib, &p, &s[i], mka_as(0,
		    (unsigned)i + 1, as[i]), 0), 1);
	}
	T_EQ_STR(picks(rib, &p, PATHSEL_NONE, 0), "1");
	T_EQ_STR(picks(rib, &p, PATHSEL_BEST, 0), "1");
	T_EQ_STR(picks(rib, &p, PATHSEL_ALL, PATHSEL_F_ADVERTISE), "123");
	T_EQ_STR(picks(rib, &p, PATHSEL_MULTIPATH, PATHSEL_F_ADVERTISE),
	    "12");
	/* backup 1: installed only, unless advertise */
	T_EQ_STR(picks(rib, &p, PATHSEL_BACKUP, PATHSEL_F_INSTALL), "1");
	T_EQ_STR(picks(rib, &p, PATHSEL_BACKUP, PATHSEL_F_INSTALL |
	    PATHSEL_F_ADVERTISE), "12");
	T_EQ_STR(picks(rib, &p, PATHSEL_GROUP_BEST, PATHSEL_F_ADVERTISE),
	    "13");
	/* the best goes: 2 is best, 3 its backup */
	T_EQ_INT(locrib_withdraw(rib, &p, &s[0]), 1);
	T_EQ_STR(picks(rib, &p, PATHSEL_BACKUP, PATHSEL_F_ADVERTISE), "23");
	T_EQ_STR(picks(rib, &p, PATHSEL_ALL, PATHSEL_F_ADVERTISE), "23");
	for (i = 1; i < 4; i++)
		locrib_withdraw(rib, &p, &s[i]);
	T_EQ_STR(picks(rib, &p, PATHSEL_ALL, 0), "");
	locrib_free(rib);
}

/* updpack: ids travel to the wire, and back with a decoder */
static void
test_updpack_pid(void)
{
	static const struct bgp_codec_ctx ctx = { 1, 0, BGP_AF_V4U, 4096,
		65000, BGP_AF_V4U, BGP_AF_V4U };
	struct updpack		 u;
	struct wbuf		 b = WBUF_INIT;
	struct bgp_attrs	*a1, *a2;
	struct bgp_update	 up;
	struct xprefix		 p = P("10.1.0.0/16");
	const uint8_t		*m;
	size_t			 off = 0, len, nann = 0, nwd = 0, i;
	uint32_t		 sum = 0;

	a1 = bgp_attrs_intern(mka(10, 1));
	a2 = bgp_attrs_intern(mka(20, 2));
	updpack_init(&u);
	/* a plain announcement first: its id is 0 */
	T_EQ_INT(updpack_announce(&u, a1, &p), 0);
	T_EQ_INT(updpack_announce_pid(&u, a1, &p, 11), 0);
	T_EQ_INT(updpack_announce_pid(&u, a2, &p, 12), 0);
	T_EQ_INT(updpack_withdraw_pid(&u, &p, 13), 0);
	T_EQ_INT(updpack_encode(&u, &ctx, &b, NULL), 0);
	while (updpack_next_msg(&b, &off, &m, &len)) {
		if (bgp_update_decode(m + BGP_HDR_LEN, len - BGP_HDR_LEN,
		    &ctx, &up) != 0)
			break;
		for (i = 0; i < up.nnlri; i++)
			sum += up.nlri_pid[i];
		for (i = 0; i < up.nwithdrawn; i++)
			sum += up.withdrawn_pid[i] * 100;
		nann += up.nnlri;
		nwd += up.nwithdrawn;
		bgp_update_free(&up);
	}
	T_EQ_INT(nann, 3);
	T_EQ_INT(nwd, 1);
	T_EQ_INT(sum, 0 + 11 + 12 + 1300);
	updpack_free(&u);
	wbuf_free(&b);
	bgp_attrs_unref(a1);
	bgp_attrs_unref(a2);
}

int
main(void)
{
	test_adjrib();
	test_locrib_children();
	test_selection();
	test_updpack_pid();
	return T_DONE();
}
