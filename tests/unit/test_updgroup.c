/*
 * test_updgroup: export through the engine, with scripted peers on
 * loopback.  Routes one eBGP neighbor announces reach another with our
 * AS prepended and our address as next hop, in packed UPDATEs; the
 * initial table is followed by End-of-RIB; withdrawals and a session
 * going down are passed on; neighbors with the same outbound settings
 * share one update group; ROUTE-REFRESH gets the table again between
 * BoRR and EoRR; default-originate announces 0.0.0.0/0; a change of the
 * outbound policy sends only the difference.
 */
#include <stdio.h>

#include "bgp_tpeer.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"
#include "core/bgp/updgroup.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"

#define NBR1	"127.0.0.2"
#define NBR2	"127.0.0.3"
#define NV	2048

static const char pol_pass[] = "route-policy PASS\n  pass\nend-policy\n";
static const char pol_pass2[] = "route-policy PASS2\n  pass\nend-policy\n";
/* everything but 10.2.0.0/16 */
static const char pol_no2[] =
    "route-policy NO2\n"
    "  if destination in (10.2.0.0/16) then\n"
    "    drop\n"
    "  endif\n"
    "  pass\n"
    "end-policy\n";

/* What a scripted peer has been told: prefix -> path and next hop. */
struct view {
	struct {
		char	 pfx[PREFIX_STRLEN];
		int	 up;		/* announced, not withdrawn */
		char	 path[128];
		char	 nh[ADDR_STRLEN];
	} r[NV];
	size_t	 n;
	/* 10.a.b.0/24 (announce_n) kept apart: a full table's worth */
	uint8_t	 big[65536];
	int	 eor, borr, eorr;
	size_t	 updates;	/* UPDATE messages with NLRI or withdrawals */
};

static struct view	 V1, V2;

/* Two neighbors in AS 65002 waiting for us, PASS in and PASS out. */
static struct config *
cfg_two(const char *out2)
{
	struct config	*c = tp_cfg(65001);
	struct bgp_peer	*p;
	const char	*nbr[2] = { NBR1, NBR2 };
	int		 i;

	tp_add_policy(c, pol_pass);
	tp_add_policy(c, pol_pass2);
	tp_add_policy(c, pol_no2);
	for (i = 0; i < 2; i++) {
		/*
		 * Another AS for the second: alone in its group, it would
		 * not be sent paths starting with its own AS (XR's
		 * send-side loop check).
		 */
		p = tp_cfg_nbr(c, nbr[i], i == 0 ? 65002 : 65003);
		tp_set_item(&p->s[BS_SESSION_OPEN_MODE], BGP_SOM_PASSIVE_ONLY,
		    0, 0);
		tp_attach(p, BA_POLICY_IN, "PASS");
		tp_attach(p, BA_POLICY_OUT, i == 1 && out2 != NULL ? out2 :
		    "PASS");
	}
	return c;
}

static int
up(struct tp *t, const char *nbr)
{
	struct bgp_nbr_info	 ni;

	if (tp_nbr(nbr, &ni) == -1 || tp_connect(t, nbr) != 0)
		return 0;
	return tp_establish(t, nbr, ni.remote_as, 90, NULL, NULL);
}

static size_t
vfind(struct view *v, const char *pfx)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->r[i].pfx, pfx) == 0)
			return i;
	if (v->n == NV)
		abort();
	memset(&v->r[v->n], 0, sizeof(v->r[0]));
	strlcpy(v->r[v->n].pfx, pfx, sizeof(v->r[0].pfx));
	return v->n++;
}

/* The slot of a 10.a.b.0/24 prefix in big[], -1 for others. */
static int
bigslot(const struct xprefix *p)
{
	if (p->addr.af != AF_V4 || p->len != 24 || p->addr.a[0] != 10)
		return -1;
	return p->addr.a[1] << 8 | p->addr.a[2];
}

/* Applies the last message t received to v. */
static void
vapply(struct tp *t, struct view *v)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_update	 up;
	struct strbuf		 sb = STRBUF_INIT;
	char			 buf[PREFIX_STRLEN];
	size_t			 i, k;
	int			 b;

	if (t->msg[18] == BGP_MSG_ROUTE_REFRESH && t->msglen >= 23) {
		if (t->msg[21] == BGP_RR_BORR)
			v->borr++;
		if (t->msg[21] == BGP_RR_EORR)
			v->eorr++;
		return;
	}
	if (t->msg[18] != BGP_MSG_UPDATE)
		return;
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_MAX_LEN;
	memset(&up, 0, sizeof(up));
	if (bgp_update_decode(t->msg + BGP_HDR_LEN, t->msglen - BGP_HDR_LEN,
	    &ctx, &up) == -1 || up.action != BGP_UPD_OK) {
		bgp_update_free(&up);
		return;
	}
	if (up.eor_afs != 0)
		v->eor++;
	else
		v->updates++;
	for (i = 0; i < up.nwithdrawn; i++) {
		if ((b = bigslot(&up.withdrawn[i])) != -1) {
			v->big[b] = 0;
			continue;
		}
		prefix_format(&up.withdrawn[i], buf, sizeof(buf));
		v->r[vfind(v, buf)].up = 0;
	}
	for (i = 0; i < up.nnlri; i++) {
		if ((b = bigslot(&up.nlri[i])) != -1) {
			v->big[b] = 1;
			continue;
		}
		prefix_format(&up.nlri[i], buf, sizeof(buf));
		k = vfind(v, buf);
		v->r[k].up = 1;
		sb_reset(&sb);
		bgp_aspath_format(up.attrs->aspath, up.attrs->aspath_len, &sb);
		strlcpy(v->r[k].path, sb_str(&sb), sizeof(v->r[k].path));
		addr_format(&up.attrs->nexthop, v->r[k].nh,
		    sizeof(v->r[k].nh));
	}
	sb_free(&sb);
	bgp_update_free(&up);
}

/* Reads until End-of-RIB number n (or EoRR number n with rr). */
static int
rx_eor(struct tp *t, struct view *v, int n, int rr)
{
	int	 type;

	while ((rr ? v->eorr : v->eor) < n) {
		if ((type = tp_recv(t, TP_WAIT)) <= 0)
			return 0;
		vapply(t, v);
	}
	return 1;
}

/* Reads until pfx is announced (up 1) or withdrawn (up 0). */
static int
vup(struct view *v, const char *pfx)
{
	struct xprefix	 p;
	int		 b;

	if (prefix_parse(pfx, &p, 0) == -1)
		abort();
	if ((b = bigslot(&p)) != -1)
		return v->big[b];
	return v->r[vfind(v, pfx)].up;
}

static int
rx_pfx(struct tp *t, struct view *v, const char *pfx, int up)
{
	for (;;) {
		if (vup(v, pfx) == up)
			return 1;
		if (tp_recv(t, TP_WAIT) <= 0)
			return 0;
		vapply(t, v);
	}
}

/* Reads whatever comes within ms. */
static void
rx_idle(struct tp *t, struct view *v, int ms)
{
	while (tp_recv(t, ms) > 0)
		vapply(t, v);
}

static size_t
vcount(const struct view *v)
{
	size_t	 i, n = 0;

	for (i = 0; i < v->n; i++)
		n += v->r[i].up != 0;
	for (i = 0; i < sizeof(v->big); i++)
		n += v->big[i];
	return n;
}

/* One UPDATE (or more) from NBR1: pfx[0..n) with path 65002 3356. */
static void
announce_v(struct tp *t, const struct xprefix *p, size_t n)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct wbuf		 b = WBUF_INIT;
	uint32_t		 path[2] = { 65002, 3356 };

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.ebgp = 1;
	ctx.afs = BGP_AF_V4U;
	ctx.maxlen = BGP_MAX_LEN;
	a = bgp_attrs_new();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a->origin = BGP_ORIGIN_IGP;
	bgp_attrs_set_aspath(a, path, 2);
	/* reachable: the peer's own address */
	addr_parse(NBR1, &a->nexthop);
	bgp_update_encode_announce(&b, &ctx, a, p, n);
	bgp_attrs_unref(a);
	tp_sendw(t, &b);
}

/* 10.<first+i>.0/24 for i < n. */
static void
announce_n(struct tp *t, unsigned first, unsigned n)
{
	struct xprefix	*p;
	unsigned	 i;

	if ((p = calloc(n, sizeof(*p))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		p[i].addr.af = AF_V4;
		p[i].addr.a[0] = 10;
		p[i].addr.a[1] = (uint8_t)((first + i) >> 8);
		p[i].addr.a[2] = (uint8_t)(first + i);
		p[i].len = 24;
	}
	announce_v(t, p, n);
	free(p);
}

static void
announce(struct tp *t, const char *pfx)
{
	struct xprefix	 p;

	if (prefix_parse(pfx, &p, 0) == -1)
		abort();
	announce_v(t, &p, 1);
}

static void
withdraw(struct tp *t, const char *pfx)
{
	const char	*v[1] = { pfx };

	tp_send_withdraw(t, v, 1);
}

static void
send_refresh(struct tp *t)
{
	struct wbuf	 b = WBUF_INIT;

	bgp_route_refresh_encode(&b, BGP_AFI_IPV4, BGP_RR_NORMAL,
	    BGP_SAFI_UNICAST);
	tp_sendw(t, &b);
}

static void
test_basic(void)
{
	struct tp	 t1, t2;
	struct config	*c = cfg_two(NULL);
	size_t		 k;

	memset(&V1, 0, sizeof(V1));
	memset(&V2, 0, sizeof(V2));
	tp_init(&t1);
	tp_init(&t2);
	tp_engine_start(0);
	tp_apply(c, NULL);

	/* an empty table: End-of-RIB straight away */
	T_ASSERT(up(&t1, NBR1));
	T_ASSERT(rx_eor(&t1, &V1, 1, 0));
	T_EQ_INT(V1.updates, 0);
	T_EQ_INT(updgroup_count(), 1);

	announce(&t1, "10.1.0.0/16");
	announce(&t1, "10.2.0.0/16");
	T_ASSERT(tp_wait_accepted(NBR1, 2));

	/* the second neighbor: the table, then End-of-RIB */
	T_ASSERT(up(&t2, NBR2));
	T_ASSERT(rx_eor(&t2, &V2, 1, 0));
	T_EQ_INT(vcount(&V2), 2);
	k = vfind(&V2, "10.1.0.0/16");
	T_EQ_INT(V2.r[k].up, 1);
	T_EQ_STR(V2.r[k].path, "65001 65002 3356");
	T_EQ_STR(V2.r[k].nh, "127.0.0.1");
	T_ASSERT(vup(&V2, "10.2.0.0/16"));
	/* same AS, same policy, same session address: one group */
	T_EQ_INT(updgroup_count(), 1);

	/* changes follow */
	announce(&t1, "10.3.0.0/16");
	T_ASSERT(rx_pfx(&t2, &V2, "10.3.0.0/16", 1));
	k = vfind(&V2, "10.3.0.0/16");
	T_EQ_STR(V2.r[k].path, "65001 65002 3356");
	withdraw(&t1, "10.1.0.0/16");
	T_ASSERT(rx_pfx(&t2, &V2, "10.1.0.0/16", 0));
	T_EQ_INT(vcount(&V2), 2);

	/* a burst is packed: 1000 prefixes in 4 messages come out in few */
	V2.updates = 0;
	announce_n(&t1, 1000, 1000);
	T_ASSERT(rx_pfx(&t2, &V2, "10.7.207.0/24", 1));	/* the last */
	rx_idle(&t2, &V2, 100);
	T_EQ_INT(vcount(&V2), 1002);
	T_ASSERT(V2.updates <= 16);

	/* ROUTE-REFRESH: the whole table between BoRR and EoRR */
	V2.updates = 0;
	send_refresh(&t2);
	T_ASSERT(rx_eor(&t2, &V2, 1, 1));
	T_EQ_INT(V2.borr, 1);
	T_ASSERT(V2.updates >= 1 && V2.updates <= 16);
	T_EQ_INT(vcount(&V2), 1002);

	/* the first neighbor goes: its routes are withdrawn */
	tp_close(&t1);
	T_ASSERT(rx_pfx(&t2, &V2, "10.3.0.0/16", 0));
	rx_idle(&t2, &V2, 100);
	T_EQ_INT(vcount(&V2), 0);
	T_EQ_INT(updgroup_count(), 1);
	tp_close(&t2);
	tp_pump(50);
	tp_finish(NULL, c);
	T_EQ_INT(updgroup_count(), 0);
}

/* A different outbound policy: two groups; changing it to the other's
   sends the second neighbor only the difference. */
static void
test_policy_change(void)
{
	struct tp	 t1, t2;
	struct config	*c = cfg_two("NO2"), *c2;
	struct strbuf	 rep = STRBUF_INIT;

	memset(&V1, 0, sizeof(V1));
	memset(&V2, 0, sizeof(V2));
	tp_init(&t1);
	tp_init(&t2);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t1, NBR1));
	T_ASSERT(rx_eor(&t1, &V1, 1, 0));
	announce(&t1, "10.1.0.0/16");
	announce(&t1, "10.2.0.0/16");
	T_ASSERT(tp_wait_accepted(NBR1, 2));
	T_ASSERT(up(&t2, NBR2));
	T_ASSERT(rx_eor(&t2, &V2, 1, 0));
	T_EQ_INT(updgroup_count(), 2);
	T_ASSERT(vup(&V2, "10.1.0.0/16"));
	T_ASSERT(!vup(&V2, "10.2.0.0/16"));

	/*
	 * NO2 -> PASS: 10.2.0.0/16 is new.  The second neighbor joins the
	 * first's group, which then has two members and drops its send-side
	 * loop check: 10.1.0.0/16 may be sent again with the group's
	 * stream, never withdrawn.
	 */
	V2.updates = 0;
	c2 = cfg_two(NULL);
	tp_apply(c2, &rep);
	T_ASSERT(rx_pfx(&t2, &V2, "10.2.0.0/16", 1));
	rx_idle(&t2, &V2, 100);
	T_ASSERT(V2.updates >= 1 && V2.updates <= 2);
	T_ASSERT(vup(&V2, "10.1.0.0/16"));
	T_EQ_INT(vcount(&V2), 2);
	T_EQ_INT(updgroup_count(), 1);

	/* PASS -> NO2 again: 10.2.0.0/16 withdrawn */
	V2.updates = 0;
	tp_apply(c, &rep);
	T_ASSERT(rx_pfx(&t2, &V2, "10.2.0.0/16", 0));
	rx_idle(&t2, &V2, 100);
	T_EQ_INT(V2.updates, 1);
	T_ASSERT(vup(&V2, "10.1.0.0/16"));
	T_EQ_INT(updgroup_count(), 2);

	/* NO2 -> PASS2 (passes all, another name): alone in its group, the
	   group changes in place and sends only 10.2.0.0/16 */
	V2.updates = 0;
	config_free(c2);
	c2 = cfg_two("PASS2");
	tp_apply(c2, &rep);
	T_ASSERT(rx_pfx(&t2, &V2, "10.2.0.0/16", 1));
	rx_idle(&t2, &V2, 100);
	T_EQ_INT(V2.updates, 1);
	T_EQ_INT(vcount(&V2), 2);
	T_EQ_INT(updgroup_count(), 2);
	sb_free(&rep);
	tp_close(&t1);
	tp_close(&t2);
	tp_pump(50);
	tp_finish(NULL, c);
	config_free(c2);
}

/* default-originate: 0.0.0.0/0 from us, next hop ours, empty path
   before our AS. */
static void
test_default(void)
{
	struct tp	 t1;
	struct config	*c = cfg_two(NULL);
	struct bgp_peer	*p;
	struct xaddr	 a;
	size_t		 k;

	memset(&V1, 0, sizeof(V1));
	addr_parse(NBR1, &a);
	p = bgp_nbr_get(c->bgp, &a);
	p->af[BGP_AFI_V4].it[BA_DEFAULT_ORIG].set = 1;
	tp_init(&t1);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t1, NBR1));
	T_ASSERT(rx_eor(&t1, &V1, 1, 0));
	k = vfind(&V1, "0.0.0.0/0");
	T_EQ_INT(V1.r[k].up, 1);
	T_EQ_STR(V1.r[k].path, "65001");
	T_EQ_STR(V1.r[k].nh, "127.0.0.1");
	tp_close(&t1);
	tp_pump(50);
	tp_finish(NULL, c);
}

/*
 * A table larger than one walk step: a neighbor in a new group (another
 * outbound policy) gets all of it from the group's fill, in full
 * messages, then End-of-RIB; a ROUTE-REFRESH walks it all again.
 */
static void
test_large(void)
{
	struct tp	 t1, t2;
	struct config	*c = cfg_two("PASS2");
	unsigned	 k;

	memset(&V1, 0, sizeof(V1));
	memset(&V2, 0, sizeof(V2));
	tp_init(&t1);
	tp_init(&t2);
	tp_engine_start(0);
	tp_apply(c, NULL);
	T_ASSERT(up(&t1, NBR1));
	T_ASSERT(rx_eor(&t1, &V1, 1, 0));
	for (k = 0; k < 20000; k += 1000)
		announce_n(&t1, k, 1000);
	T_ASSERT(tp_wait_accepted(NBR1, 20000));
	T_ASSERT(up(&t2, NBR2));
	T_ASSERT(rx_eor(&t2, &V2, 1, 0));
	T_EQ_INT(vcount(&V2), 20000);
	/* 1000 /24s fit in 4096 bytes 4 times over: ~20 messages */
	T_ASSERT(V2.updates <= 30);
	T_EQ_INT(updgroup_count(), 2);
	V2.updates = 0;
	memset(V2.big, 0, sizeof(V2.big));
	send_refresh(&t2);
	T_ASSERT(rx_eor(&t2, &V2, 1, 1));
	T_EQ_INT(V2.borr, 1);
	T_EQ_INT(vcount(&V2), 20000);
	T_ASSERT(V2.updates <= 30);
	tp_close(&t1);
	tp_close(&t2);
	tp_pump(50);
	tp_finish(NULL, c);
}

int
main(int argc, char **argv)
{
	struct bgp_attrs_intern_stats	 is;

	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(7);
	log_set_sink(tp_log_sink, NULL);
	test_basic();
	test_policy_change();
	test_default();
	test_large();
	bgp_attrs_intern_stats(&is, 0);
	T_EQ_INT(is.sets, 0);
	return T_DONE();
}
