/*
 * test_rov: route origin validation in the RIB (core/bgp/rov.c).  The
 * origin AS of every kind of AS path, the range walk of the pre-policy
 * store, the policy query, and through the engine with scripted peers on
 * loopback: states on arrival, re-validation when a VRP comes or goes
 * (only the routes under it are visited), a policy that drops invalid
 * routes dropping and readmitting them, best path with `use validity`,
 * and commits that turn validation on and off.
 */
#include <stdio.h>
#include <string.h>

#include "bgp_tpeer.h"
#include "core/bgp/adjrib.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/roa.h"
#include "core/bgp/rov.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval.h"

#define NBR	"127.0.0.2"
#define NBR2	"127.0.0.3"

/* ---- rov_origin_as ---- */

/* Appends a segment of type with n ASes to buf at *len. */
static void
seg(uint8_t *buf, size_t *len, uint8_t type, const uint32_t *as, size_t n)
{
	size_t	 i;

	buf[(*len)++] = type;
	buf[(*len)++] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		buf[(*len)++] = (uint8_t)(as[i] >> 24);
		buf[(*len)++] = (uint8_t)(as[i] >> 16);
		buf[(*len)++] = (uint8_t)(as[i] >> 8);
		buf[(*len)++] = (uint8_t)as[i];
	}
}

static uint32_t
origin(const uint8_t *path, size_t len, int *known)
{
	struct bgp_attrs	 a;

	memset(&a, 0, sizeof(a));
	a.aspath = len > 0 ? (uint8_t *)path : NULL;
	a.aspath_len = (uint32_t)len;
	*known = -1;
	return rov_origin_as(&a, 65001, known);
}

static void
test_origin_as(void)
{
	const uint32_t	 s1[] = { 65002, 3356, 15169 }, set[] = { 7, 8 };
	const uint32_t	 c1[] = { 65010, 65011 }, one[] = { 174 };
	uint8_t		 b[256];
	size_t		 len;
	int		 known;

	memset(b, 0, sizeof(b));
	/* empty path: our own AS */
	T_EQ_INT(origin(b, 0, &known), 65001);
	T_EQ_INT(known, 1);
	/* one AS_SEQUENCE: its last AS */
	len = 0;
	seg(b, &len, BGP_AS_SEQUENCE, s1, 3);
	T_EQ_INT(origin(b, len, &known), 15169);
	T_EQ_INT(known, 1);
	/* ends in an AS_SET: NONE */
	seg(b, &len, BGP_AS_SET, set, 2);
	T_EQ_INT(origin(b, len, &known), 0);
	T_EQ_INT(known, 0);
	/* an AS_SET then a sequence: the sequence decides */
	len = 0;
	seg(b, &len, BGP_AS_SET, set, 2);
	seg(b, &len, BGP_AS_SEQUENCE, one, 1);
	T_EQ_INT(origin(b, len, &known), 174);
	T_EQ_INT(known, 1);
	/* confederation segments then a sequence: the sequence's last */
	len = 0;
	seg(b, &len, BGP_AS_CONFED_SEQUENCE, c1, 2);
	seg(b, &len, BGP_AS_SEQUENCE, s1, 3);
	T_EQ_INT(origin(b, len, &known), 15169);
	T_EQ_INT(known, 1);
	/* only confederation segments: originated in our confederation */
	len = 0;
	seg(b, &len, BGP_AS_CONFED_SEQUENCE, c1, 2);
	T_EQ_INT(origin(b, len, &known), 65001);
	T_EQ_INT(known, 1);
	len = 0;
	seg(b, &len, BGP_AS_CONFED_SET, c1, 2);
	T_EQ_INT(origin(b, len, &known), 65001);
	T_EQ_INT(known, 1);
	/* an empty segment at the end is no segment */
	len = 0;
	seg(b, &len, BGP_AS_SEQUENCE, s1, 3);
	seg(b, &len, BGP_AS_SET, NULL, 0);
	T_EQ_INT(origin(b, len, &known), 15169);
	T_EQ_INT(known, 1);
	/* a truncated last segment is ignored, never read past the end */
	len = 0;
	seg(b, &len, BGP_AS_SEQUENCE, one, 1);
	seg(b, &len, BGP_AS_SET, set, 2);
	T_EQ_INT(origin(b, len - 1, &known), 174);
	T_EQ_INT(known, 1);
	/* a lone byte */
	T_EQ_INT(origin(b, 1, &known), 65001);
}

/* ---- adjrib_foreach_within ---- */

static int
collect(const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *a,
    unsigned flags, void *arg)
{
	char	*out = arg, buf[PREFIX_STRLEN];

	(void)a;
	(void)flags;
	prefix_format(pfx, buf, sizeof(buf));
	snprintf(out + strlen(out), 512 - strlen(out), "%s%s#%u",
	    out[0] != '\0' ? " " : "", buf, pid);
	return 0;
}

static void
within(const struct adjrib *r, const char *w, const char *want)
{
	struct xprefix	 p;
	char		 out[512] = "";

	prefix_parse(w, &p, 0);
	adjrib_foreach_within(r, &p, collect, out);
	T_EQ_STR(out, want);
}

/* The walk resumed after (a, pid). */
static void
after(const struct adjrib *r, const char *w, const char *a, uint32_t pid,
    const char *want)
{
	struct xprefix	 p, ap;
	char		 out[512] = "";

	prefix_parse(w, &p, 0);
	prefix_parse(a, &ap, 0);
	adjrib_foreach_within_after(r, &p, &ap, pid, collect, out);
	T_EQ_STR(out, want);
}

static void
test_adjrib_within(void)
{
	const char	*pfx[] = { "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16",
	    "10.1.0.0/16", "10.1.2.0/24", "10.1.255.0/24", "10.2.0.0/16",
	    "11.0.0.0/8", "2001:db8::/32", "0.0.0.0/0" };
	struct adjrib	 r;
	struct xprefix	 p;
	size_t		 i;

	adjrib_init(&r);
	for (i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++) {
		prefix_parse(pfx[i], &p, 0);
		adjrib_add_pid(&r, &p, 0, bgp_attrs_new());
	}
	prefix_parse("10.1.2.0/24", &p, 0);
	adjrib_add_pid(&r, &p, 7, bgp_attrs_new());
	within(&r, "10.1.0.0/16",
	    "10.1.0.0/16#0 10.1.2.0/24#0 10.1.2.0/24#7 10.1.255.0/24#0");
	within(&r, "10.0.0.0/8", "10.0.0.0/8#0 10.0.0.0/16#0 10.1.0.0/16#0 "
	    "10.1.2.0/24#0 10.1.2.0/24#7 10.1.255.0/24#0 10.2.0.0/16#0");
	within(&r, "10.0.0.0/16", "10.0.0.0/16#0");
	within(&r, "10.1.2.0/24", "10.1.2.0/24#0 10.1.2.0/24#7");
	within(&r, "10.1.3.0/24", "");
	within(&r, "12.0.0.0/8", "");
	within(&r, "10.1.0.0/12", "10.0.0.0/16#0 10.1.0.0/16#0 10.1.2.0/24#0 "
	    "10.1.2.0/24#7 10.1.255.0/24#0 10.2.0.0/16#0");
	/* the whole family, not the other one */
	within(&r, "0.0.0.0/0", "0.0.0.0/0#0 9.0.0.0/8#0 10.0.0.0/8#0 "
	    "10.0.0.0/16#0 10.1.0.0/16#0 10.1.2.0/24#0 10.1.2.0/24#7 "
	    "10.1.255.0/24#0 10.2.0.0/16#0 11.0.0.0/8#0");
	within(&r, "::/0", "2001:db8::/32#0");
	/* resumed: strictly after the entry named, present or not */
	after(&r, "10.0.0.0/8", "10.1.0.0/16", 0, "10.1.2.0/24#0 "
	    "10.1.2.0/24#7 10.1.255.0/24#0 10.2.0.0/16#0");
	after(&r, "10.0.0.0/8", "10.1.2.0/24", 0, "10.1.2.0/24#7 "
	    "10.1.255.0/24#0 10.2.0.0/16#0");
	after(&r, "10.0.0.0/8", "10.1.2.0/24", 7, "10.1.255.0/24#0 "
	    "10.2.0.0/16#0");
	after(&r, "10.0.0.0/8", "10.1.3.0/24", 0, "10.1.255.0/24#0 "
	    "10.2.0.0/16#0");
	after(&r, "10.0.0.0/8", "10.2.0.0/16", 0, "");
	/* a point before the scope: the whole scope */
	after(&r, "10.1.0.0/16", "9.0.0.0/8", 0, "10.1.0.0/16#0 "
	    "10.1.2.0/24#0 10.1.2.0/24#7 10.1.255.0/24#0");
	after(&r, "0.0.0.0/0", "10.2.0.0/16", 0, "11.0.0.0/8#0");
	/* the state recorded for the policy's re-run */
	prefix_parse("10.1.2.0/24", &p, 0);
	T_EQ_INT(adjrib_set_rov(&r, &p, 7, LOCRIB_ROV_INVALID), 0);
	T_EQ_INT(adjrib_set_rov(&r, &p, 8, LOCRIB_ROV_INVALID), -1);
	adjrib_mark_stale(&r);
	T_EQ_INT(adjrib_stale_count(&r), adjrib_count(&r));
	adjrib_clear(&r);
}

/* ---- rpl_prog_reads_rpki ---- */

static int
reads(const char *name)
{
	static struct rpl_db	*db;
	struct rpl_prog		*prog;
	struct rpl_policy	*p;
	struct rpl_err		 e;
	char			 err[256];
	int			 r;
	static const char *const pols[] = {
	    "route-policy DIRECT\n  if validation-state is invalid then\n"
	    "    drop\n  endif\n  pass\nend-policy\n",
	    "route-policy NESTED\n  if destination in (10.0.0.0/8 le 32) then\n"
	    "    if med eq 5 then\n      pass\n"
	    "    elseif not validation-state is valid then\n"
	    "      set local-preference 50\n    endif\n  endif\n"
	    "  pass\nend-policy\n",
	    "route-policy CHILD\n  if validation-state is not-found then\n"
	    "    set local-preference 90\n  endif\nend-policy\n",
	    "route-policy APPLIES\n  apply CHILD\n  pass\nend-policy\n",
	    "route-policy INCOND\n  if med eq 1 and apply CHILD then\n"
	    "    pass\n  endif\nend-policy\n",
	    "route-policy NONE\n  if med eq 5 then\n    drop\n  endif\n"
	    "  pass\nend-policy\n",
	};
	size_t			 i;

	if (db == NULL) {
		db = rpl_db_new();
		for (i = 0; i < sizeof(pols) / sizeof(pols[0]); i++) {
			if ((p = rpl_parse_policy(pols[i], &e)) == NULL) {
				fprintf(stderr, "%s '%s'\n", e.msg, e.token);
				abort();
			}
			rpl_db_put_policy(db, p);
		}
	}
	if (rpl_link(db, name, NULL, &prog, err, sizeof(err)) == -1) {
		fprintf(stderr, "link %s: %s\n", name, err);
		return -1;
	}
	r = rpl_prog_reads_rpki(prog);
	rpl_prog_free(prog);
	return r;
}

static void
test_reads_rpki(void)
{
	T_EQ_INT(reads("DIRECT"), 1);
	T_EQ_INT(reads("NESTED"), 1);
	T_EQ_INT(reads("APPLIES"), 1);
	T_EQ_INT(reads("INCOND"), 1);
	T_EQ_INT(reads("NONE"), 0);
	T_EQ_INT(rpl_prog_reads_rpki(NULL), 0);
}

/* ---- through the engine ---- */

/* An UPDATE for pfx with the AS path given, next hop the sender. */
static void
announce(struct tp *t, const char *nbr, const char *pfx, const uint32_t *path,
    size_t npath)
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
	addr_parse(nbr, &a->nexthop);
	prefix_parse(pfx, &p, 0);
	bgp_update_encode_announce(&b, &ctx, a, &p, 1);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

/* The same from an iBGP neighbor (ebgp 0) with the RFC 8097 community
   of state byte v (v > 2: none). */
static void
announce_sig(struct tp *t, const char *nbr, const char *pfx,
    const uint32_t *path, size_t npath, int ebgp, int v)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p;
	struct wbuf		 b = WBUF_INIT;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = ebgp;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	if (!ebgp) {
		a->present |= BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
		a->local_pref = 100;
	}
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, path, npath);
	addr_parse(nbr, &a->nexthop);
	if (v <= 2) {
		a->ext_communities = calloc(1, 8);
		T_ASSERT(a->ext_communities != NULL);
		a->ext_communities[0] = 0x43;
		a->ext_communities[7] = (uint8_t)v;
		a->next_communities = 1;
		a->present |= BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	}
	prefix_parse(pfx, &p, 0);
	bgp_update_encode_announce(&b, &ctx, a, &p, 1);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

/* The neighbor's Loc-RIB path for pfx, NULL if none. */
static const struct locrib_path *
path_of(const char *nbr, const char *pfx)
{
	struct peer			*p = tp_peer(nbr);
	const struct locrib_entry	*e;
	struct xprefix			 x;

	prefix_parse(pfx, &x, 0);
	if (p == NULL || p->ra[0].src == NULL || bgp_rib.loc[0] == NULL ||
	    (e = locrib_lookup(bgp_rib.loc[0], &x)) == NULL)
		return NULL;
	return locrib_entry_path_from(e, p->ra[0].src);
}

/* The state of the neighbor's path for pfx; -1 if it has none. */
static int
rov_of(const char *nbr, const char *pfx)
{
	const struct locrib_path	*lp = path_of(nbr, pfx);

	return lp != NULL ? lp->rov : -1;
}

/* 1 if the best path for pfx is nbr's. */
static int
best_is(const char *nbr, const char *pfx)
{
	const struct locrib_path	*lp = path_of(nbr, pfx);

	return lp != NULL && (lp->flags & LOCRIB_PATH_BEST);
}

/* A VRP enters (add) or leaves the set, and the run at the end of the
   loop turn follows. */
static void
vrp(int add, const char *pfx, uint8_t maxlen, uint32_t asn)
{
	struct xprefix	 p;
	int		 r;

	prefix_parse(pfx, &p, 0);
	r = add ? roa_add(bgp_roa, &p, maxlen, asn, ROA_SRC_STATIC) :
	    roa_remove(bgp_roa, &p, maxlen, asn, ROA_SRC_STATIC);
	T_EQ_INT(r, 1);
	rov_vrp_changed(&p, NULL);
}

static struct config *
cfg_rov(int validation, struct bgp_peer **pp)
{
	struct config	*c = tp_passive_cfg(65001, NBR, pp);

	c->bgp->af[BGP_AFI_V4].oas_validation.set = validation;
	return c;
}

static int
up(struct tp *t, const char *nbr, uint32_t as)
{
	if (tp_connect(t, nbr) != 0)
		return 0;
	return tp_establish(t, nbr, as, 90, NULL, NULL);
}

static const uint32_t p3356[] = { 65002, 3356 };
static const uint32_t p174[] = { 65002, 174 };

static void
start(struct config *c)
{
	tp_engine_start(0);
	T_EQ_INT(rov_init(), 0);
	tp_apply(c, NULL);
}

static void
finish(struct tp *t, struct config *c)
{
	tp_finish(t, c);
	rov_free();
}

/*
 * States on arrival, then a VRP under 10.1.0.0/16: only the routes
 * under it are validated again, valid and too specific, the others
 * keep theirs.  Withdrawing the VRP returns them to not-found.
 */
static void
test_revalidate(void)
{
	struct tp		 t;
	struct config		*c = cfg_rov(1, NULL);
	struct rov_stats	 st, st0;

	tp_init(&t);
	start(c);
	vrp(1, "20.0.0.0/8", 8, 174);
	rov_run_pending();
	/* the commit turned validation on (a run over the family) */
	rov_stats(&st0);
	T_ASSERT(st0.runs >= 1);
	T_ASSERT(up(&t, NBR, 65002));
	announce(&t, NBR, "10.1.0.0/16", p3356, 2);
	announce(&t, NBR, "10.1.5.0/24", p3356, 2);
	announce(&t, NBR, "10.2.0.0/16", p3356, 2);
	announce(&t, NBR, "20.0.0.0/8", p174, 2);
	announce(&t, NBR, "20.1.0.0/16", p174, 2);
	announce(&t, NBR, "20.2.0.0/16", p3356, 2);
	T_ASSERT(tp_wait_accepted(NBR, 6));
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(rov_of(NBR, "20.0.0.0/8"), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_of(NBR, "20.1.0.0/16"), LOCRIB_ROV_INVALID);
	T_EQ_INT(rov_of(NBR, "20.2.0.0/16"), LOCRIB_ROV_INVALID);

	rov_stats(&st);
	T_EQ_INT(st.revalidated, 0);	/* nothing under 20/8 then */
	vrp(1, "10.1.0.0/16", 16, 3356);
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	tp_pump(20);			/* the end of the loop turn */
	rov_stats(&st);
	T_EQ_INT(st.runs, st0.runs + 1);
	T_EQ_INT(st.revalidated, 2);	/* 10.1/16 and 10.1.5/24 only */
	T_EQ_INT(st.changed, 2);
	T_EQ_INT(st.reimported, 0);
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_INVALID);
	T_EQ_INT(rov_of(NBR, "10.2.0.0/16"), LOCRIB_ROV_NOT_FOUND);

	/* several VRPs in one turn, nested: one walk of the outer one */
	vrp(1, "10.1.5.0/24", 24, 3356);
	vrp(1, "10.1.0.0/16", 24, 174);
	vrp(1, "10.1.5.0/24", 24, 65002);
	rov_run_pending();
	rov_stats(&st);
	T_EQ_INT(st.runs, st0.runs + 2);
	T_EQ_INT(st.prefixes, st0.prefixes + 2);	/* 10.1/16 twice */
	T_EQ_INT(st.revalidated, 4);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_VALID);

	/* the VRPs go: back to not-found */
	vrp(0, "10.1.0.0/16", 16, 3356);
	vrp(0, "10.1.5.0/24", 24, 3356);
	vrp(0, "10.1.0.0/16", 24, 174);
	vrp(0, "10.1.5.0/24", 24, 65002);
	rov_run_pending();
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(rov_of(NBR, "20.2.0.0/16"), LOCRIB_ROV_INVALID);
	/* nothing recorded: nothing run */
	rov_run_pending();
	rov_stats(&st);
	T_EQ_INT(st.runs, st0.runs + 3);
	finish(&t, c);
}

static const char *pol_drop_invalid =
    "route-policy ROV\n"
    "  if validation-state is invalid then\n"
    "    drop\n"
    "  endif\n"
    "  if validation-state is valid then\n"
    "    set local-preference 200\n"
    "  endif\n"
    "  pass\n"
    "end-policy\n";

static uint32_t
lp_of(const char *nbr, const char *pfx)
{
	const struct locrib_path	*lp = path_of(nbr, pfx);

	if (lp == NULL ||
	    !(lp->attrs->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)))
		return 0;
	return lp->attrs->local_pref;
}

/*
 * A policy that drops invalid routes: the pre-policy copy is kept
 * without soft-reconfiguration, a route that becomes valid comes back
 * (through the policy: its local preference set), one that becomes
 * invalid goes, and a disabled neighbor's routes are not validated.
 */
static void
test_policy_drop(void)
{
	struct tp		 t;
	struct bgp_peer		*np;
	struct config		*c = cfg_rov(1, &np), *c2;
	struct rov_stats	 st;
	struct peer		*p;

	tp_add_policy(c, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_init(&t);
	start(c);
	p = tp_peer(NBR);
	T_ASSERT(p != NULL && p->ra[0].keep_in && p->ra[0].reads_rpki &&
	    p->ra[0].rov_on && !p->ra[0].keep_partial);
	vrp(1, "10.1.0.0/16", 16, 3356);
	rov_run_pending();
	T_ASSERT(up(&t, NBR, 65002));
	announce(&t, NBR, "10.1.0.0/16", p3356, 2);	/* valid */
	announce(&t, NBR, "10.1.5.0/24", p3356, 2);	/* too specific */
	announce(&t, NBR, "10.2.0.0/16", p3356, 2);	/* not-found */
	T_ASSERT(tp_wait_accepted(NBR, 2));
	tp_pump(20);
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(adjrib_count(&p->rib[0]), 3);
	T_ASSERT(path_of(NBR, "10.1.5.0/24") == NULL);
	T_EQ_INT(lp_of(NBR, "10.1.0.0/16"), 200);
	T_EQ_INT(lp_of(NBR, "10.2.0.0/16"), 0);

	/* a VRP makes the dropped route valid: the policy readmits it */
	vrp(1, "10.1.5.0/24", 24, 3356);
	tp_pump(20);
	rov_stats(&st);
	T_EQ_INT(st.reimported, 1);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_VALID);
	T_EQ_INT(lp_of(NBR, "10.1.5.0/24"), 200);
	T_EQ_INT(tp_accepted(NBR), 3);

	/* a VRP for another origin makes 10.2/16 invalid: dropped; and
	   10.1/16 loses its VRP: not-found, kept, policy run again */
	vrp(1, "10.2.0.0/16", 16, 174);
	vrp(0, "10.1.0.0/16", 16, 3356);
	rov_run_pending();
	rov_stats(&st);
	T_EQ_INT(st.reimported, 3);
	T_ASSERT(path_of(NBR, "10.2.0.0/16") == NULL);
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(lp_of(NBR, "10.1.0.0/16"), 0);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_VALID);
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);

	/* `origin-as validation disable` on the neighbor: no state, the
	   policy sees not-found (10.2/16 comes back), no copy kept */
	c2 = cfg_rov(1, &np);
	tp_add_policy(c2, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_set_item(&np->af[BGP_AFI_V4].it[BA_OAS_VALIDATION_DISABLE], 0, 0,
	    0);
	tp_apply(c2, NULL);
	tp_pump(20);
	T_EQ_INT(p->ra[0].rov_on, 0);
	T_EQ_INT(p->ra[0].keep_in, 0);
	T_EQ_INT(rov_of(NBR, "10.2.0.0/16"), LOCRIB_ROV_OFF);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_OFF);
	T_EQ_INT(lp_of(NBR, "10.1.5.0/24"), 0);
	T_EQ_INT(tp_accepted(NBR), 3);
	config_free(c2);
	finish(&t, c);
}

/*
 * Best path with `bgp bestpath origin-as use validity`: NBR2's path
 * (shorter AS path) wins without it; with it, NBR's valid path wins and
 * NBR2's invalid one is not even a candidate, until the VRP goes.
 */
static void
test_bestpath(void)
{
	struct tp		 t, t2;
	struct bgp_peer		*np2;
	struct config		*c = cfg_rov(1, NULL), *c2;
	const uint32_t		 short2[] = { 65003 };

	np2 = tp_cfg_nbr(c, NBR2, 65003);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	tp_init(&t);
	tp_init(&t2);
	start(c);
	vrp(1, "10.5.0.0/16", 16, 3356);
	T_ASSERT(up(&t, NBR, 65002));
	T_ASSERT(up(&t2, NBR2, 65003));
	announce(&t, NBR, "10.5.0.0/16", p3356, 2);
	announce(&t2, NBR2, "10.5.0.0/16", short2, 1);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_ASSERT(tp_wait_accepted(NBR2, 1));
	T_EQ_INT(rov_of(NBR, "10.5.0.0/16"), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_of(NBR2, "10.5.0.0/16"), LOCRIB_ROV_INVALID);
	T_ASSERT(best_is(NBR2, "10.5.0.0/16"));

	/* a commit with use validity decides again */
	c2 = cfg_rov(1, NULL);
	np2 = tp_cfg_nbr(c2, NBR2, 65003);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	/* in the address family (the later commits: under router bgp) */
	c2->bgp->af[BGP_AFI_V4].oas_use_validity.set = 1;
	tp_apply(c2, NULL);
	T_ASSERT(best_is(NBR, "10.5.0.0/16"));
	T_EQ_INT(bgp_rib.dcfg_af[0].rov_use_validity, 1);
	T_EQ_INT(bgp_rib.dcfg_af[1].rov_use_validity, 0);

	/* the VRP goes: both not-found, the shorter path again */
	vrp(0, "10.5.0.0/16", 16, 3356);
	rov_run_pending();
	T_EQ_INT(rov_of(NBR2, "10.5.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_ASSERT(best_is(NBR2, "10.5.0.0/16"));
	/* a covering VRP (another prefix) for NBR's origin: NBR valid,
	   NBR2 invalid */
	vrp(1, "10.0.0.0/8", 24, 3356);
	rov_run_pending();
	T_ASSERT(best_is(NBR, "10.5.0.0/16"));
	/* NBR2 invalid only: with allow invalid on NBR2 it competes
	   (and loses, valid first) */
	config_free(c);
	c = cfg_rov(1, NULL);
	np2 = tp_cfg_nbr(c, NBR2, 65003);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	tp_set_item(&np2->af[BGP_AFI_V4].it[BA_OAS_ALLOW_INVALID], 0, 0, 0);
	c->bgp->g[BG_OAS_USE_VALIDITY].set = 1;
	tp_apply(c, NULL);
	T_ASSERT(tp_peer(NBR2)->ra[0].src->rov_allow_invalid);
	T_ASSERT(best_is(NBR, "10.5.0.0/16"));
	/* NBR withdraws: NBR2's invalid path is best only when allowed */
	tp_send_withdraw(&t, (const char *[]){ "10.5.0.0/16" }, 1);
	T_ASSERT(tp_wait_accepted(NBR, 0));
	T_ASSERT(best_is(NBR2, "10.5.0.0/16"));
	tp_apply(c2, NULL);
	T_ASSERT(!best_is(NBR2, "10.5.0.0/16"));
	T_ASSERT(path_of(NBR2, "10.5.0.0/16") != NULL);
	tp_close(&t2);
	config_free(c2);
	finish(&t, c);
}

/*
 * Commits turning validation on and off: the states follow (one run
 * over the family), OFF when off; a policy reading the state on a live
 * session without a copy asks the neighbor for its routes again.
 */
static void
test_commit_toggle(void)
{
	struct tp		 t;
	struct bgp_peer		*np;
	struct config		*c = cfg_rov(0, NULL), *c2;
	struct peer		*p;
	int			 i, type, rr = 0;

	tp_init(&t);
	start(c);
	vrp(1, "10.1.0.0/16", 16, 3356);
	rov_run_pending();
	T_ASSERT(up(&t, NBR, 65002));
	announce(&t, NBR, "10.1.0.0/16", p3356, 2);
	announce(&t, NBR, "10.1.5.0/24", p3356, 2);
	T_ASSERT(tp_wait_accepted(NBR, 2));
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_OFF);
	p = tp_peer(NBR);
	T_EQ_INT(p->ra[0].keep_in, 0);

	c2 = cfg_rov(1, NULL);
	tp_apply(c2, NULL);
	tp_pump(20);
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_INVALID);
	config_free(c2);

	/* a policy dropping invalid: the copy starts partial, the
	   neighbor is asked for its table, which fills it */
	c2 = cfg_rov(1, &np);
	tp_add_policy(c2, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_apply(c2, NULL);
	T_EQ_INT(p->ra[0].keep_in, 1);
	for (i = 0; i < 5 && !rr; i++) {
		type = tp_recv_nka(&t, TP_WAIT);
		if (type == BGP_MSG_ROUTE_REFRESH)
			rr = 1;
	}
	T_ASSERT(rr);
	T_EQ_INT(p->ra[0].keep_partial, 0);
	announce(&t, NBR, "10.1.0.0/16", p3356, 2);
	announce(&t, NBR, "10.1.5.0/24", p3356, 2);
	T_ASSERT(tp_wait_accepted(NBR, 1));
	tp_pump(20);
	T_EQ_INT(adjrib_count(&p->rib[0]), 2);
	T_ASSERT(path_of(NBR, "10.1.5.0/24") == NULL);
	T_EQ_INT(lp_of(NBR, "10.1.0.0/16"), 200);

	/* validation off: the policy runs again from the copy (all
	   not-found: 10.1.5/24 back), states OFF, the copy dropped */
	config_free(c);
	c = cfg_rov(0, &np);
	tp_add_policy(c, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_apply(c, NULL);
	tp_pump(20);
	T_EQ_INT(tp_accepted(NBR), 2);
	T_EQ_INT(rov_of(NBR, "10.1.5.0/24"), LOCRIB_ROV_OFF);
	T_EQ_INT(rov_of(NBR, "10.1.0.0/16"), LOCRIB_ROV_OFF);
	T_EQ_INT(lp_of(NBR, "10.1.0.0/16"), 0);
	T_EQ_INT(p->ra[0].keep_in, 0);
	T_EQ_INT(adjrib_count(&p->rib[0]), 0);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	config_free(c2);
	finish(&t, c);
}

/* The states of the ten routes 10.9.N.0/24 as a string: V, I, N, O
   (off), - (no Loc-RIB path: dropped by the policy). */
static void
states(const char *nbr, char out[11])
{
	char	 pfx[32];
	int	 i, st;

	for (i = 0; i < 10; i++) {
		snprintf(pfx, sizeof(pfx), "10.9.%d.0/24", i);
		st = rov_of(nbr, pfx);
		out[i] = st == -1 ? '-' : st == LOCRIB_ROV_VALID ? 'V' :
		    st == LOCRIB_ROV_INVALID ? 'I' :
		    st == LOCRIB_ROV_NOT_FOUND ? 'N' : 'O';
	}
	out[10] = '\0';
}

/* VRPs for 10.9.N.0/24, origin 3356 (valid) for N < 5, else 174;
   alt: 3356 for odd N, 174 for even N. */
static void
vrps_ten(int add, int alt)
{
	char	 pfx[32];
	int	 i, ok;

	for (i = 0; i < 10; i++) {
		snprintf(pfx, sizeof(pfx), "10.9.%d.0/24", i);
		ok = alt ? i % 2 : i < 5;
		vrp(add, pfx, 24, ok ? 3356 : 174);
	}
}

/*
 * Whole-family walks in budgeted steps, one a loop turn: validation
 * turned on by a commit (NBR2, no policy: the Loc-RIB phase) and a
 * batch of VRPs as large as the table (NBR, a policy reading the state:
 * the pre-policy copies, re-imports).  Each loop turn runs one step,
 * the states are the ones a single run gives.
 */
static void
test_steps(void)
{
	static const uint32_t	 p3356_2[] = { 65003, 3356 };
	struct tp		 t, t2;
	struct bgp_peer		*np, *np2;
	struct config		*c = cfg_rov(0, &np), *c2;
	struct rov_stats	 s0, s1;
	struct strbuf		 sb = STRBUF_INIT;
	char			 pfx[32], st[11], st2[11];
	int			 i, turns;

	tp_add_policy(c, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_set_item(&np->af[BGP_AFI_V4].it[BA_SOFT_RECONF], 0, 0, 0);
	np2 = tp_cfg_nbr(c, NBR2, 65003);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	tp_init(&t);
	tp_init(&t2);
	start(c);
	T_ASSERT(up(&t, NBR, 65002));
	T_ASSERT(up(&t2, NBR2, 65003));
	for (i = 0; i < 10; i++) {
		snprintf(pfx, sizeof(pfx), "10.9.%d.0/24", i);
		announce(&t, NBR, pfx, p3356, 2);
		announce(&t2, NBR2, pfx, p3356_2, 2);
	}
	T_ASSERT(tp_wait_accepted(NBR, 10));
	T_ASSERT(tp_wait_accepted(NBR2, 10));
	vrps_ten(1, 0);
	rov_run_pending();
	states(NBR2, st);
	T_EQ_STR(st, "OOOOOOOOOO");

	/* validation on, budget 3: NBR2's paths in steps */
	rov_set_step_budget(3);
	c2 = cfg_rov(1, &np);
	tp_add_policy(c2, pol_drop_invalid);
	tp_attach(np, BA_POLICY_IN, "ROV");
	tp_set_item(&np->af[BGP_AFI_V4].it[BA_SOFT_RECONF], 0, 0, 0);
	np2 = tp_cfg_nbr(c2, NBR2, 65003);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	rov_stats(&s0);
	/* tp_apply would run the loop for a while: the walk too */
	bgp_engine_apply(c2, &sb);
	sb_free(&sb);
	T_ASSERT(rov_busy());
	/* a loop turn runs the due timers before and after its poll: one
	   or two steps of 2 Loc-RIB entries of 2 paths each (NBR's not
	   counted: its policy reads the state), less the family's start
	   (one) in the first */
	loop_run_once(0);
	rov_stats(&s1);
	T_ASSERT(s1.steps - s0.steps >= 1 && s1.steps - s0.steps <= 2);
	T_EQ_INT(s1.runs, s0.runs + 1);
	T_EQ_INT(s1.revalidated - s0.revalidated,
	    2 * (s1.steps - s0.steps) - 1);
	T_ASSERT(rov_busy());
	states(NBR2, st);
	T_ASSERT(strcmp(st, "VOOOOOOOOO") == 0 ||
	    strcmp(st, "VVVOOOOOOO") == 0);
	for (turns = 1; rov_busy() && turns < 100; turns++)
		loop_run_once(0);
	T_ASSERT(!rov_busy());
	rov_stats(&s1);
	T_ASSERT(turns >= 3);
	T_ASSERT(s1.steps - s0.steps >= 5);
	states(NBR2, st);
	T_EQ_STR(st, "VVVVVIIIII");
	/* NBR's policy ran again with the states (soft in from the copy) */
	tp_pump(50);
	states(NBR, st);
	T_EQ_STR(st, "VVVVV-----");

	/* a batch of VRPs as large as the table: the family whole, the
	   pre-policy copies in steps; NBR's invalid ones come back */
	vrps_ten(0, 0);
	vrps_ten(1, 1);
	rov_stats(&s0);
	for (turns = 0; rov_busy() && turns < 100; turns++)
		loop_run_once(0);
	T_ASSERT(!rov_busy());
	rov_stats(&s1);
	T_ASSERT(turns >= 3);
	T_ASSERT(s1.steps - s0.steps >= 5);
	T_EQ_INT(s1.runs, s0.runs + 1);
	T_EQ_INT(s1.prefixes, s0.prefixes + 1);		/* the family */
	T_ASSERT(s1.reimported - s0.reimported >= 5);
	states(NBR, st);
	T_EQ_STR(st, "-V-V-V-V-V");
	states(NBR2, st2);
	T_EQ_STR(st2, "IVIVIVIVIV");

	/* the same in one run with the default budget */
	/* budget 1: still progress, a step at a time */
	rov_set_step_budget(1);
	vrps_ten(0, 1);
	for (turns = 0; rov_busy() && turns < 1000; turns++)
		loop_run_once(0);
	T_ASSERT(!rov_busy());
	T_ASSERT(turns >= 10);
	states(NBR, st);
	T_EQ_STR(st, "NNNNNNNNNN");
	rov_set_step_budget(0);
	vrps_ten(1, 1);
	rov_stats(&s0);
	rov_run_pending();
	rov_stats(&s1);
	T_EQ_INT(s1.steps, s0.steps + 1);
	states(NBR, st);
	T_EQ_STR(st, "-V-V-V-V-V");
	states(NBR2, st);
	T_EQ_STR(st, st2);
	T_EQ_INT(tp_state(NBR), BGP_ST_ESTABLISHED);
	T_EQ_INT(tp_state(NBR2), BGP_ST_ESTABLISHED);
	tp_close(&t2);
	config_free(c2);
	finish(&t, c);
}

/* A config with validation on, NBR (eBGP) and NBR2 (iBGP), and the
   signal knob as given. */
static struct config *
cfg_signal(int signal)
{
	struct config	*c = cfg_rov(1, NULL);
	struct bgp_peer	*np2;

	np2 = tp_cfg_nbr(c, NBR2, 65001);
	tp_set_item(&np2->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY, 0,
	    0);
	c->bgp->g[BG_OAS_SIGNAL_IBGP].set = signal;
	return c;
}

/*
 * RFC 8097 on receive: with `signal ibgp` an iBGP path carrying the
 * origin validation state community takes that state instead of being
 * validated; one without it, and every eBGP path, is validated; the
 * knob removed, the iBGP paths are validated again.
 */
static void
test_signal_receive(void)
{
	struct tp		 t, t2;
	struct config		*c = cfg_signal(1), *c2;
	static const uint32_t	 i3356[] = { 3356 };

	tp_init(&t);
	tp_init(&t2);
	start(c);
	vrp(1, "10.7.0.0/16", 16, 3356);
	vrp(1, "10.9.0.0/16", 16, 3356);
	rov_run_pending();
	T_ASSERT(up(&t, NBR, 65002));
	T_ASSERT(up(&t2, NBR2, 65001));
	/* locally valid, signalled invalid: invalid */
	announce_sig(&t2, NBR2, "10.7.0.0/16", i3356, 1, 0, 2);
	/* no signal: validated here, not-found */
	announce_sig(&t2, NBR2, "10.8.0.0/16", i3356, 1, 0, 9);
	/* eBGP: the signal is ignored, validated here (valid) */
	announce_sig(&t, NBR, "10.9.0.0/16", p3356, 2, 1, 2);
	T_ASSERT(tp_wait_accepted(NBR2, 2));
	T_ASSERT(tp_wait_accepted(NBR, 1));
	T_EQ_INT(rov_of(NBR2, "10.7.0.0/16"), LOCRIB_ROV_INVALID);
	T_EQ_INT(rov_of(NBR2, "10.8.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(rov_of(NBR, "10.9.0.0/16"), LOCRIB_ROV_VALID);
	/* a VRP change leaves the signalled state alone */
	vrp(0, "10.7.0.0/16", 16, 3356);
	rov_run_pending();
	T_EQ_INT(rov_of(NBR2, "10.7.0.0/16"), LOCRIB_ROV_INVALID);
	vrp(1, "10.7.0.0/16", 16, 3356);
	rov_run_pending();

	/* the knob removed: validated here */
	c2 = cfg_signal(0);
	tp_apply(c2, NULL);
	rov_run_pending();
	T_EQ_INT(rov_of(NBR2, "10.7.0.0/16"), LOCRIB_ROV_VALID);
	T_EQ_INT(rov_of(NBR2, "10.8.0.0/16"), LOCRIB_ROV_NOT_FOUND);
	T_EQ_INT(bgp_rib.signal_ibgp, 0);
	tp_close(&t2);
	config_free(c2);
	finish(&t, c);
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(12);
	log_set_sink(tp_log_sink, NULL);
	test_origin_as();
	test_adjrib_within();
	test_reads_rpki();
	test_revalidate();
	test_policy_drop();
	test_bestpath();
	test_commit_toggle();
	test_steps();
	test_signal_receive();
	return T_DONE();
}
