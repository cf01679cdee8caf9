/*
 * test_damp_live: flap dampening through the engine, with a scripted
 * eBGP peer on loopback (bgp_tpeer.h): a prefix withdrawn and announced
 * again three times is suppressed (kept in the Loc-RIB, damped, not
 * best); once the dampening clock has moved past the reuse time
 * (damp_rib_advance, no real waiting) it is best again.  With a
 * dampening route-policy only the paths it sets parameters for are
 * damped, with its parameters.  Turning dampening off releases them.
 */
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/damp_rib.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"

#define NBR	"127.0.0.2"

static uint32_t	 ann_med;	/* MED of the next announcements, 0 none */

/* An UPDATE for pfx from AS 65002, next hop the neighbor (reachable:
   the path can be best). */
static void
announce(struct tp *t, const char *pfx)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	struct wbuf		 b = WBUF_INIT;
	uint32_t		 as = 65002;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, &as, 1);
	addr_parse(NBR, &a->nexthop);
	if (ann_med != 0) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_MED);
		a->med = ann_med;
	}
	prefix_parse(pfx, &p, 0);
	bgp_update_encode_announce(&b, &ctx, a, &p, 1);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

static const struct locrib_path *
path_of(const char *pfx)
{
	struct peer			*p = tp_peer(NBR);
	const struct locrib_entry	*e;
	struct xprefix			 x;

	prefix_parse(pfx, &x, 0);
	if (p == NULL || p->ra[0].src == NULL || bgp_rib.loc[0] == NULL ||
	    (e = locrib_lookup(bgp_rib.loc[0], &x)) == NULL)
		return NULL;
	return locrib_entry_path_from(e, p->ra[0].src);
}

static const struct damp_rec *
rec_of(const char *pfx)
{
	struct damp_key	 k;

	memset(&k, 0, sizeof(k));
	prefix_parse(pfx, &k.pfx, 0);
	addr_parse(NBR, &k.peer);
	return damp_rib_tab(0) != NULL ? damp_find(damp_rib_tab(0), &k) :
	    NULL;
}

static struct config *
cfg_damp(const char *policy)
{
	struct config	*c = tp_passive_cfg(65001, NBR, NULL);

	c->bgp->g[BG_UNSAFE_EBGP].set = 1;
	c->bgp->af[BGP_AFI_V4].present = 1;
	c->bgp->af[BGP_AFI_V4].dampening.set = 1;
	if (policy != NULL)
		bgp_item_set_str(&c->bgp->af[BGP_AFI_V4].dampening, policy);
	return c;
}

/* n withdraw / announce cycles of pfx, each waited for */
static void
flap(struct tp *t, const char *pfx, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		tp_send_withdraw(t, &pfx, 1);
		T_ASSERT(tp_wait_accepted(NBR, 0));
		announce(t, pfx);
		T_ASSERT(tp_wait_accepted(NBR, 1));
	}
}

static void
test_suppress_reuse(void)
{
	struct tp		 t;
	struct config		*c = cfg_damp(NULL);
	const char		*pfx = "10.1.0.0/16";
	const struct locrib_path *p;
	const struct damp_rec	*r;

	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(tp_connect(&t, NBR) == 0 &&
	    tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	announce(&t, pfx);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_BEST));
	T_ASSERT(rec_of(pfx) == NULL);
	/* two flaps: penalty just under 2000, still usable */
	flap(&t, pfx, 2);
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->flaps == 2 && !r->suppressed);
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_BEST));
	/* the third: suppressed, kept but not best */
	flap(&t, pfx, 1);
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->suppressed && !r->history);
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_DAMPED) &&
	    !(p->flags & LOCRIB_PATH_BEST));
	T_EQ_INT(tp_accepted(NBR), 1);
	/* withdrawn while suppressed: history, and back suppressed */
	tp_send_withdraw(&t, &pfx, 1);
	T_ASSERT(tp_wait_accepted(NBR, 0));
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->history && r->suppressed);
	announce(&t, pfx);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_DAMPED));
	/* ~3990 now: reuse after 900 * log2(3990 / 750) ~ 2170 s */
	damp_rib_advance(1800);
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_DAMPED));
	damp_rib_advance(600);
	p = path_of(pfx);
	T_ASSERT(p != NULL && !(p->flags & LOCRIB_PATH_DAMPED) &&
	    (p->flags & LOCRIB_PATH_BEST));
	r = rec_of(pfx);
	T_ASSERT(r != NULL && !r->suppressed);
	/* under half of reuse, the record goes (bounded memory) */
	damp_rib_advance(1000);
	T_ASSERT(rec_of(pfx) == NULL);
	/* an attribute change (MED) costs 500; the same update again
	   nothing */
	ann_med = 50;
	announce(&t, pfx);
	tp_pump(100);
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->flaps == 1 && !r->history &&
	    r->penalty > 499 && r->penalty <= 500 && !r->suppressed);
	announce(&t, pfx);
	tp_pump(100);
	T_ASSERT(rec_of(pfx) == r && r->flaps == 1);
	ann_med = 0;
	/* suppressed again; clear bgp flap-statistics keeps the penalty,
	   clear bgp dampening PREFIX releases the path at once */
	flap(&t, pfx, 3);
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->suppressed && r->flaps == 4);
	damp_rib_clear_flaps();
	T_ASSERT(rec_of(pfx) == r && r->flaps == 0 && r->suppressed);
	{
		struct xprefix	 x;

		prefix_parse(pfx, &x, 0);
		T_EQ_INT(damp_rib_clear(0, &x), 1);
	}
	T_ASSERT(rec_of(pfx) == NULL);
	p = path_of(pfx);
	T_ASSERT(p != NULL && !(p->flags & LOCRIB_PATH_DAMPED) &&
	    (p->flags & LOCRIB_PATH_BEST));
	tp_finish(&t, c);
}

static const char *pol =
    "route-policy DAMP\n"
    "  if destination in (10.1.0.0/16) then\n"
    "    set dampening halflife 1 reuse 750 suppress 1500 max-suppress 4\n"
    "  endif\n"
    "end-policy\n";

static void
test_policy_and_off(void)
{
	struct tp		 t;
	struct config		*c = cfg_damp("DAMP"), *c2;
	const char		*pfx = "10.1.0.0/16", *other = "10.2.0.0/16";
	const struct locrib_path *p;
	const struct damp_rec	*r;

	tp_add_policy(c, pol);
	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(tp_connect(&t, NBR) == 0 &&
	    tp_establish(&t, NBR, 65002, 90, NULL, NULL));
	announce(&t, other);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	announce(&t, pfx);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	/* the policy sets nothing for other: never damped */
	tp_send_withdraw(&t, &other, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	announce(&t, other);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	T_ASSERT(rec_of(other) == NULL);
	/* its parameters: suppress 1500 is crossed at the second flap */
	tp_send_withdraw(&t, &pfx, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	announce(&t, pfx);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_send_withdraw(&t, &pfx, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	announce(&t, pfx);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	r = rec_of(pfx);
	T_ASSERT(r != NULL && r->suppressed && r->par.half_life == 60 &&
	    r->par.max_suppress == 240);
	p = path_of(pfx);
	T_ASSERT(p != NULL && (p->flags & LOCRIB_PATH_DAMPED));
	/* dampening off: the path is released at once */
	c2 = tp_passive_cfg(65001, NBR, NULL);
	c2->bgp->g[BG_UNSAFE_EBGP].set = 1;
	tp_apply(c2, NULL);
	config_free(c);
	p = path_of(pfx);
	T_ASSERT(p != NULL && !(p->flags & LOCRIB_PATH_DAMPED) &&
	    (p->flags & LOCRIB_PATH_BEST));
	T_ASSERT(damp_rib_tab(0) == NULL);
	tp_finish(&t, c2);
}

int
main(void)
{
	tp_verbose = getenv("V") != NULL;
	tp_port = tp_pick_port(13);
	log_set_sink(tp_log_sink, NULL);
	test_suppress_reuse();
	test_policy_and_off();
	return T_DONE();
}
