/*
 * test_impact_live: the configuration impact preview (core/bgp/impact.h)
 * through the engine, with a scripted peer on loopback (bgp_tpeer.h):
 * the preview of an inbound policy change lists what the commit then
 * does, and changes nothing itself; without the pre-policy copy the
 * inbound side is not computable; an unknown neighbor is refused.
 */
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/impact.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"

#define NBR	"127.0.0.2"

static void
announce(struct tp *t, const char *pfx, const uint32_t *path, size_t npath,
    const uint32_t *comm, size_t ncomm)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	struct wbuf		 b = WBUF_INIT;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, path, npath);
	addr_parse(NBR, &a->nexthop);
	if (ncomm > 0) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
		a->communities = malloc(ncomm * sizeof(uint32_t));
		memcpy(a->communities, comm, ncomm * sizeof(uint32_t));
		a->ncommunities = ncomm;
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

static uint32_t
lp_of(const char *pfx)
{
	const struct locrib_path	*lp = path_of(pfx);

	if (lp == NULL ||
	    !(lp->attrs->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)))
		return 0;
	return lp->attrs->local_pref;
}

static int
up(struct tp *t)
{
	if (tp_connect(t, NBR) != 0)
		return 0;
	return tp_establish(t, NBR, 65002, 90, NULL, NULL);
}

static const uint32_t path1[] = { 65002, 3356 };

static const char *pol_in =
    "route-policy IN\n"
    "  if community matches-any (65002:100) then\n"
    "    set local-preference 200\n"
    "  endif\n"
    "  if destination in (10.9.0.0/16) then\n"
    "    drop\n"
    "  endif\n"
    "  pass\n"
    "end-policy\n";

static const char *pol_lp300 =
    "route-policy IN\n"
    "  set local-preference 300\n"
    "end-policy\n";

static struct config *
cfg(const char *pol, int soft)
{
	struct bgp_peer	*np;
	struct config	*c = tp_passive_cfg(65001, NBR, &np);

	tp_add_policy(c, pol);
	tp_attach(np, BA_POLICY_IN, "IN");
	if (soft)
		tp_set_item(&np->af[BGP_AFI_V4].it[BA_SOFT_RECONF], 0, 0, 0);
	return c;
}

/* Runs the preview of cand to the end; NULL (and err) on failure. */
static struct impact *
preview(const struct config *cand, const char *nbr, int detail, char *err,
    size_t errlen)
{
	struct impact	*im;
	struct xaddr	 a;
	int		 rc;

	if (nbr != NULL)
		addr_parse(nbr, &a);
	if ((im = impact_start(cand, nbr != NULL ? &a : NULL, detail, err,
	    errlen)) == NULL)
		return NULL;
	/* a budget of 1: every phase resumes from its cursor */
	while ((rc = impact_step(im, 1)) == 1)
		;
	T_EQ_INT(rc, 0);
	return im;
}

static const struct impact_section *
section(const struct impact *im, enum impact_kind kind)
{
	size_t	 i;

	for (i = 0; i < impact_nsections(im); i++)
		if (impact_section(im, i)->kind == kind)
			return impact_section(im, i);
	return NULL;
}

static void
test_preview_is_commit(void)
{
	struct tp			 t;
	struct config			*c = cfg(pol_in, 1), *c2;
	const struct impact_section	*s;
	struct impact			*im;
	char				 pfx[PREFIX_STRLEN], err[128];
	const uint32_t			 tag = COMM_MAKE(65002, 100);

	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, &tag, 1);
	announce(&t, "10.2.0.0/16", path1, 2, NULL, 0);
	announce(&t, "10.9.0.0/16", path1, 2, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_pump(20);
	T_EQ_INT(lp_of("10.1.0.0/16"), 200);

	c2 = cfg(pol_lp300, 1);
	im = preview(c2, NULL, 1, err, sizeof(err));
	T_ASSERT(im != NULL);
	if (im == NULL)
		goto out;
	s = section(im, IMPACT_IN);
	T_ASSERT(s != NULL && s->computable);
	if (s != NULL) {
		T_EQ_INT(s->evaluated, 3);
		T_EQ_INT(s->lists[IMPACT_L_NEW].count, 1);	/* 10.9 */
		T_EQ_INT(s->lists[IMPACT_L_GONE].count, 0);
		T_EQ_INT(s->lists[IMPACT_L_CHANGED].count, 2); /* 200, none */
		if (s->lists[IMPACT_L_NEW].n == 1) {
			prefix_format(&s->lists[IMPACT_L_NEW].v[0].pfx, pfx,
			    sizeof(pfx));
			T_EQ_STR(pfx, "10.9.0.0/16");
		}
		if (s->lists[IMPACT_L_CHANGED].n == 2) {
			T_EQ_INT(s->lists[IMPACT_L_CHANGED].v[0].before->
			    local_pref, 200);
			T_EQ_INT(s->lists[IMPACT_L_CHANGED].v[0].after->
			    local_pref, 300);
		}
	}
	/* 10.9 gets a best path; the other two keep theirs (attributes) */
	s = section(im, IMPACT_BEST);
	T_ASSERT(s != NULL && s->lists[IMPACT_L_NEW].count == 1);
	impact_free(im);
	/* the preview changed nothing */
	T_EQ_INT(lp_of("10.1.0.0/16"), 200);
	T_ASSERT(path_of("10.9.0.0/16") == NULL);
	/* the commit does what it said */
	tp_apply(c2, NULL);
	T_ASSERT(tp_wait_accepted(NBR, 3));
	T_EQ_INT(lp_of("10.1.0.0/16"), 300);
	T_EQ_INT(lp_of("10.2.0.0/16"), 300);
	T_EQ_INT(lp_of("10.9.0.0/16"), 300);
	/* nothing left to preview */
	im = preview(c2, NBR, 0, err, sizeof(err));
	T_ASSERT(im != NULL && impact_nsections(im) == 0);
	impact_free(im);
	/* an unknown neighbor */
	T_ASSERT(preview(c2, "127.0.0.9", 0, err, sizeof(err)) == NULL);
	T_EQ_STR(err, "No such neighbor 127.0.0.9");
out:
	config_free(c2);
	tp_finish(&t, c);
}

static void
test_no_copy(void)
{
	struct tp			 t;
	struct config			*c = cfg(pol_in, 0), *c2;
	const struct impact_section	*s;
	struct impact			*im;
	char				 err[128];

	tp_init(&t);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t));
	announce(&t, "10.1.0.0/16", path1, 2, NULL, 0);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	c2 = cfg(pol_lp300, 0);
	im = preview(c2, NULL, 0, err, sizeof(err));
	T_ASSERT(im != NULL);
	s = im != NULL ? section(im, IMPACT_IN) : NULL;
	T_ASSERT(s != NULL && !s->computable);
	if (s != NULL)
		T_EQ_STR(s->reason, "not computable: no pre-policy routes "
		    "(configure soft-reconfiguration inbound)");
	impact_free(im);
	config_free(c2);
	tp_finish(&t, c);
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(1);
	log_set_sink(tp_log_sink, NULL);
	test_preview_is_commit();
	test_no_copy();
	return T_DONE();
}
