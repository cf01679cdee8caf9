/*
 * bmp: the engine side of BMP export (bmp.h).  Engine hooks feed a small
 * table of monitored neighbors (their OPENs, last NOTIFICATION, which
 * servers monitor them); each configured server has a bmp_client and,
 * after a connect or a resync, a table dump that runs in steps so the
 * loop keeps serving the sessions.  Nothing is registered while no
 * server is configured: the per-route hook then costs one test.
 */
#include <sys/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bmp.h"
#include "core/bgp/bmp_client.h"
#include "core/bgp/bmp_wire.h"
#include "core/bgp/locrib.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/bgp/updpack.h"
#include "core/config/bmp_cfg.h"
#include "core/config/config.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"0"
#endif

#define DUMP_STEP	2000	/* prefixes per dump step */

/* A neighbor monitored by at least one server. */
struct bmp_nbr {
	RB_ENTRY(bmp_nbr) entry;
	struct xaddr	 addr;
	unsigned	 mask;		/* servers, bit id - 1 */
	uint8_t		*open_sent, *open_rcvd;
	size_t		 open_sent_len, open_rcvd_len;
	uint8_t		*notif;		/* the last NOTIFICATION this session */
	size_t		 notif_len;
	int		 notif_sent;
	unsigned	 up;		/* servers told Peer Up (bits) */
	uint64_t	 cnt[BMP_SERVERS_MAX][5];	/* sent, up, down, rm,
							   stats */
};
RB_HEAD(bmp_nbrs, bmp_nbr);

int	bmp_nbr_cmp(const struct bmp_nbr *, const struct bmp_nbr *);
RB_PROTOTYPE(bmp_nbrs, bmp_nbr, entry, bmp_nbr_cmp)

int
bmp_nbr_cmp(const struct bmp_nbr *a, const struct bmp_nbr *b)
{
	return addr_cmp(&a->addr, &b->addr);
}
RB_GENERATE(bmp_nbrs, bmp_nbr, entry, bmp_nbr_cmp)

struct bmp_srv {
	int		 configured;
	unsigned	 id;
	struct bmp_client c;
	char		 description[256];
	uint32_t	 initial_delay, stats_period;
	int		 shutdown;
	struct loop_timer *t_stats;
	int		 locrib_up;	/* Loc-RIB instance Peer Up sent */
	/* the table dump: next neighbor (addr), family, phase, cursor;
	   phase 1 is the Loc-RIB instance (RFC 9069) */
	int		 dumping;
	int		 dump_phase;
	struct xaddr	 dump_at;	/* af 0: from the first */
	int		 dump_afi;
	struct pfxtable_cursor dump_cur;
	/* the pre-policy part of a family: after the post-policy one, from
	   the soft-reconfiguration copy, resumed after (pre_after, pre_pid) */
	int		 dump_pre, pre_started;	/* dump_pre: 1 pre, 2 out */
	struct xprefix	 pre_after;
	uint32_t	 pre_pid;
	struct loop_timer *t_dump;
};

static struct {
	int		 started, offline;
	struct bmp_srv	 srv[BMP_SERVERS_MAX];
	struct bmp_nbrs	 nbrs;
	int		 hooks[8];
	int		 nhooks;
	int		 base_hooks[4];
	char		 sysname[64];
	uint32_t	 bmp_any;	/* servers configured (bits) */
	int		 local_rib;	/* route-monitoring local-rib */
	int		 adj_rib_out;	/* route-monitoring adj-rib-out */
} bmp;

#define LOCRIB_TABLE	"global"	/* RFC 9069 VRF/Table Name */

enum { C_SENT, C_UP, C_DOWN, C_RM, C_STATS };

static struct bmp_nbr *
nbr_find(const struct xaddr *a)
{
	struct bmp_nbr	 k;

	k.addr = *a;
	return RB_FIND(bmp_nbrs, &bmp.nbrs, &k);
}

/* the entry of a neighbor, made at its first OPEN (every neighbor's
   OPENs are kept, so that a server configured later can still send the
   Peer Up of a session that is already up) */
static struct bmp_nbr *
nbr_get(const struct xaddr *a)
{
	struct bmp_nbr	*n;

	if ((n = nbr_find(a)) != NULL)
		return n;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->addr = *a;
	RB_INSERT(bmp_nbrs, &bmp.nbrs, n);
	return n;
}

static void
nbr_free(struct bmp_nbr *n)
{
	free(n->open_sent);
	free(n->open_rcvd);
	free(n->notif);
	free(n);
}

static int
keep(uint8_t **dst, size_t *dlen, const uint8_t *m, size_t len)
{
	uint8_t	*d;

	if ((d = malloc(len > 0 ? len : 1)) == NULL)
		return -1;
	memcpy(d, m, len);
	free(*dst);
	*dst = d;
	*dlen = len;
	return 0;
}

/* ---- message building ---- */

static void
peer_hdr(const struct peer *p, uint8_t flags, struct bmp_peer_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->type = BMP_PEER_GLOBAL;
	h->flags = flags;
	h->addr = p->addr;
	h->as = p->conf.remote_as;
	h->bgp_id = p->remote_id;
	h->ts_sec = (uint32_t)loop_wallclock();
}

/* Queues b to server s on behalf of neighbor n (counted under what). */
static void
put(struct bmp_srv *s, struct bmp_nbr *n, int what, struct wbuf *b)
{
	if (b->oom || b->len == 0)
		return;
	if (bmpc_send(&s->c, b->buf, b->len) == 0 && n != NULL) {
		n->cnt[s->id - 1][C_SENT]++;
		n->cnt[s->id - 1][what]++;
	}
}

static int
srv_live(const struct bmp_srv *s)
{
	return s->configured && s->c.state == BMP_ST_UP;
}

static int
peer_up_msg(const struct peer *p, const struct bmp_nbr *n, struct wbuf *b)
{
	struct bmp_peer_hdr	 h;

	if (p->conn == NULL || n->open_sent == NULL || n->open_rcvd == NULL)
		return -1;
	peer_hdr(p, 0, &h);
	return bmp_encode_peer_up(b, &h, &p->conn->local, p->conn->lport,
	    p->conn->rport, n->open_sent, n->open_sent_len, n->open_rcvd,
	    n->open_rcvd_len);
}

/* Route Monitoring post-policy of one path (attrs NULL: withdrawn). */
static void
rm_post(struct bmp_srv *s, struct bmp_nbr *n, const struct peer *p, int afi,
    const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *attrs)
{
	struct bgp_codec_ctx	 ctx;
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;
	const uint8_t		*m;
	size_t			 len, off = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;		/* the stored AS_PATH is 4-octet: A clear */
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_EXT_MAX_LEN;
	ctx.local_as = p->conf.router_as;
	ctx.addpath_tx = p->ap_rx & peer_af_bit(afi);
	if (attrs != NULL)
		bgp_update_encode_announce_ap(&u, &ctx, attrs, pfx, &pid, 1);
	else
		bgp_update_encode_withdraw_ap(&u, &ctx, pfx, &pid, 1);
	peer_hdr(p, BMP_PF_L, &h);
	while (!u.oom && updpack_next_msg(&u, &off, &m, &len)) {
		wbuf_reset(&b);
		if (bmp_encode_route_mon(&b, &h, m, len) == 0)
			put(s, n, C_RM, &b);
	}
	wbuf_free(&u);
	wbuf_free(&b);
}

static void
rm_eor(struct bmp_srv *s, struct bmp_nbr *n, const struct peer *p, int afi,
    uint8_t flags)
{
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;

	bgp_update_encode_eor(&u, peer_af_bit(afi));
	peer_hdr(p, flags, &h);
	if (!u.oom && bmp_encode_route_mon(&b, &h, u.buf, u.len) == 0)
		put(s, n, C_RM, &b);
	wbuf_free(&u);
	wbuf_free(&b);
}

/* ---- the Loc-RIB instance (RFC 9069) ---- */

static void
locrib_hdr(struct bmp_peer_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->type = BMP_PEER_LOC_RIB;
	h->as = bgpe.asn;
	h->bgp_id = bgpe.router_id;
	h->ts_sec = (uint32_t)loop_wallclock();
}

/* Our OPEN as the Loc-RIB instance's (both OPENs of its Peer Up, as
   RFC 9069 section 5.3 has it): AS, BGP ID, IPv4/IPv6 unicast, 4-octet
   AS. */
static void
locrib_open(struct wbuf *o)
{
	static const uint8_t	 mp[] = { 2, 6, 1, 4, 0, 1, 0, 1,
				    2, 6, 1, 4, 0, 2, 0, 1 };
	size_t			 off = bgp_msg_begin(o, BGP_MSG_OPEN);

	wbuf_put8(o, 4);
	wbuf_put16(o, bgpe.asn > 0xffff ? 23456 : (uint16_t)bgpe.asn);
	wbuf_put16(o, 0);
	wbuf_put32(o, bgpe.router_id);
	wbuf_put8(o, sizeof(mp) + 8);
	wbuf_put(o, mp, sizeof(mp));
	wbuf_put8(o, 2);
	wbuf_put8(o, 6);
	wbuf_put8(o, 65);
	wbuf_put8(o, 4);
	wbuf_put32(o, bgpe.asn);
	bgp_msg_end(o, off);
}

static void
locrib_peer_up(struct bmp_srv *s)
{
	struct bmp_peer_hdr	 h;
	struct wbuf		 o = WBUF_INIT, b = WBUF_INIT;

	locrib_open(&o);
	locrib_hdr(&h);
	if (!o.oom && bmp_encode_peer_up_table(&b, &h, NULL, 0, 0, o.buf,
	    o.len, o.buf, o.len, LOCRIB_TABLE) == 0) {
		put(s, NULL, 0, &b);
		s->locrib_up = 1;
	}
	wbuf_free(&o);
	wbuf_free(&b);
}

static void
locrib_peer_down(struct bmp_srv *s)
{
	struct bmp_peer_hdr	 h;
	struct wbuf		 b = WBUF_INIT;

	locrib_hdr(&h);
	if (bmp_encode_peer_down_table(&b, &h, LOCRIB_TABLE) == 0)
		put(s, NULL, 0, &b);
	s->locrib_up = 0;
	wbuf_free(&b);
}

/* Route Monitoring of a best path (attrs NULL: the prefix has none) */
static void
rm_locrib(struct bmp_srv *s, const struct xprefix *pfx,
    const struct bgp_attrs *attrs)
{
	struct bgp_codec_ctx	 ctx;
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;
	const uint8_t		*m;
	size_t			 len, off = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_EXT_MAX_LEN;
	ctx.local_as = bgpe.asn;
	if (attrs != NULL)
		bgp_update_encode_announce(&u, &ctx, attrs, pfx, 1);
	else
		bgp_update_encode_withdraw(&u, &ctx, pfx, 1);
	locrib_hdr(&h);
	while (!u.oom && updpack_next_msg(&u, &off, &m, &len)) {
		wbuf_reset(&b);
		if (bmp_encode_route_mon(&b, &h, m, len) == 0)
			put(s, NULL, 0, &b);
	}
	wbuf_free(&u);
	wbuf_free(&b);
}

/*
 * One step of the Loc-RIB part of a dump: Peer Up, then up to DUMP_STEP
 * best paths, End-of-RIB per family.  Returns 1 when it is done.
 */
static int
dump_locrib_step(struct bmp_srv *s)
{
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;
	struct bmp_peer_hdr		 h;
	struct wbuf			 u = WBUF_INIT, b = WBUF_INIT;
	size_t				 k;

	if (s->dump_afi < 0) {
		locrib_peer_up(s);
		s->dump_afi = 0;
		locrib_cursor_init(&s->dump_cur, NULL);
		return 0;
	}
	if (s->dump_afi >= PEER_NAF || !s->locrib_up)
		return 1;
	for (k = 0; k < DUMP_STEP && bgp_rib.loc[s->dump_afi] != NULL &&
	    locrib_cursor_next(bgp_rib.loc[s->dump_afi], &s->dump_cur, &e);
	    k++)
		if ((lp = locrib_entry_best(e)) != NULL)
			rm_locrib(s, &s->dump_cur.last, lp->attrs);
	if (k == DUMP_STEP)
		return 0;
	bgp_update_encode_eor(&u, peer_af_bit(s->dump_afi));
	locrib_hdr(&h);
	if (!u.oom && bmp_encode_route_mon(&b, &h, u.buf, u.len) == 0)
		put(s, NULL, 0, &b);
	wbuf_free(&u);
	wbuf_free(&b);
	s->dump_afi++;
	locrib_cursor_init(&s->dump_cur, NULL);
	return 0;
}

/* ---- the table dump ---- */

struct pre_ctx {
	struct bmp_srv		*s;
	struct bmp_nbr		*n;
	const struct peer	*p;
	int			 afi;
	size_t			 count;		/* sent in this step */
};

static int
dump_pre_one(const struct xprefix *pfx, uint32_t pid,
    const struct bgp_attrs *a, unsigned flags, void *arg)
{
	struct pre_ctx		*x = arg;
	struct bgp_codec_ctx	 ctx;
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;
	const uint8_t		*m;
	size_t			 len, off = 0;

	(void)flags;
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_EXT_MAX_LEN;
	ctx.addpath_tx = x->p->ap_rx & peer_af_bit(x->afi);
	bgp_update_encode_announce_ap(&u, &ctx, a, pfx, &pid, 1);
	peer_hdr(x->p, 0, &h);
	while (!u.oom && updpack_next_msg(&u, &off, &m, &len)) {
		wbuf_reset(&b);
		if (bmp_encode_route_mon(&b, &h, m, len) == 0)
			put(x->s, x->n, C_RM, &b);
	}
	wbuf_free(&u);
	wbuf_free(&b);
	/* where the next step resumes */
	x->s->pre_after = *pfx;
	x->s->pre_pid = pid;
	return ++x->count >= DUMP_STEP;
}

static void	dump_step(void *);
static int	dump_pre_step(struct bmp_srv *, struct bmp_nbr *,
		    struct peer *);
static int	dump_out_step(struct bmp_srv *, struct bmp_nbr *,
		    struct peer *);
static void	dump_family_next(struct bmp_srv *, int);

static void
dump_schedule(struct bmp_srv *s)
{
	if (s->dumping && s->t_dump == NULL)
		s->t_dump = loop_timer_add(0, dump_step, s);
}

/* phase 0: the neighbors then the Loc-RIB; 1: the Loc-RIB only */
static void
dump_begin(struct bmp_srv *s, int phase)
{
	s->dumping = 1;
	s->dump_phase = phase;
	memset(&s->dump_at, 0, sizeof(s->dump_at));
	s->dump_afi = -1;
	s->dump_pre = 0;
	dump_schedule(s);
}

/* the neighbors are done: the Loc-RIB next, if it is monitored */
static int
dump_nbrs_done(struct bmp_srv *s)
{
	if (!bmp.local_rib || s->dump_phase == 1) {
		s->dumping = 0;
		return 1;
	}
	s->dump_phase = 1;
	s->dump_afi = -1;
	dump_schedule(s);
	return 1;
}

/* The next neighbor to dump at or after s->dump_at, up and monitored. */
static struct bmp_nbr *
dump_next_nbr(struct bmp_srv *s, int after)
{
	struct bmp_nbr	 k, *n;
	struct peer	*p;

	if (s->dump_at.af == 0)
		n = RB_MIN(bmp_nbrs, &bmp.nbrs);
	else {
		k.addr = s->dump_at;
		n = RB_NFIND(bmp_nbrs, &bmp.nbrs, &k);
		if (n != NULL && after && addr_cmp(&n->addr, &s->dump_at) == 0)
			n = RB_NEXT(bmp_nbrs, &bmp.nbrs, n);
	}
	for (; n != NULL; n = RB_NEXT(bmp_nbrs, &bmp.nbrs, n)) {
		if (!(n->mask & (1u << (s->id - 1))))
			continue;
		if ((p = engine_peer_find(&n->addr)) != NULL &&
		    p->state == BGP_ST_ESTABLISHED)
			return n;
	}
	return NULL;
}

/*
 * One step: Peer Up of the next neighbor, or up to DUMP_STEP prefixes
 * of its post-policy paths (Loc-RIB cursor), its pre-policy copy when
 * kept, End-of-RIB per family.  Stops while the queue is half full;
 * bmpc's drained callback schedules the next step.
 */
static void
dump_step(void *arg)
{
	struct bmp_srv			*s = arg;
	struct bmp_nbr			*n;
	struct peer			*p;
	const struct locrib_entry	*e;
	const struct locrib_path	*lp;
	struct wbuf			 b = WBUF_INIT;
	size_t				 i, k;
	unsigned			 bit = 1u << (s->id - 1);

	s->t_dump = NULL;
	if (!srv_live(s) || !s->dumping)
		return;
	while (bmpc_queued(&s->c) < bmpc_qmax(&s->c) / 2) {
		if (s->dump_phase == 1) {
			if (!bmp.local_rib || dump_locrib_step(s)) {
				s->dumping = 0;
				return;
			}
			if (s->t_dump == NULL && s->dump_afi >= 0 &&
			    s->dump_cur.started && !s->dump_cur.done) {
				/* more to come: let the loop run first */
				dump_schedule(s);
				return;
			}
			continue;
		}
		if ((n = dump_next_nbr(s, 0)) == NULL) {
			dump_nbrs_done(s);
			return;
		}
		/* the neighbor being dumped went down: start the next one */
		if (s->dump_at.af != 0 &&
		    addr_cmp(&n->addr, &s->dump_at) != 0) {
			s->dump_afi = -1;
			s->dump_pre = 0;
		}
		s->dump_at = n->addr;
		p = engine_peer_find(&n->addr);
		if (s->dump_afi < 0) {
			/* (up already when it came up during the dump) */
			wbuf_reset(&b);
			if (!(n->up & bit) && peer_up_msg(p, n, &b) == 0) {
				put(s, n, C_UP, &b);
				n->up |= bit;
			}
			wbuf_free(&b);
			s->dump_afi = 0;
			locrib_cursor_init(&s->dump_cur, NULL);
			continue;
		}
		if (!(n->up & bit) || s->dump_afi >= PEER_NAF) {
			/* next neighbor */
			if ((n = dump_next_nbr(s, 1)) == NULL) {
				dump_nbrs_done(s);
				return;
			}
			s->dump_at = n->addr;
			s->dump_afi = -1;
			s->dump_pre = 0;
			continue;
		}
		if (s->dump_pre == 1) {
			if (!rib_in_prepolicy_ok(p, s->dump_afi) ||
			    dump_pre_step(s, n, p)) {
				dump_family_next(s, 1);
				continue;
			}
			/* more to come: let the loop run first */
			dump_schedule(s);
			return;
		}
		if (s->dump_pre == 2) {
			if (!bmp.adj_rib_out || dump_out_step(s, n, p)) {
				dump_family_next(s, 2);
				continue;
			}
			dump_schedule(s);
			return;
		}
		if (!(p->afs_neg & peer_af_bit(s->dump_afi)) ||
		    bgp_rib.loc[s->dump_afi] == NULL ||
		    p->ra[s->dump_afi].src == NULL) {
			s->dump_afi++;
			locrib_cursor_init(&s->dump_cur, NULL);
			continue;
		}
		for (k = 0; k < DUMP_STEP && locrib_cursor_next(
		    bgp_rib.loc[s->dump_afi], &s->dump_cur, &e); k++) {
			for (i = 0; (lp = locrib_entry_path(e, i)) != NULL;
			    i++) {
				if (lp->src != p->ra[s->dump_afi].src &&
				    lp->src->parent != p->ra[s->dump_afi].src)
					continue;
				rm_post(s, n, p, s->dump_afi,
				    &s->dump_cur.last, lp->src->path_id,
				    lp->attrs);
			}
		}
		if (k == DUMP_STEP) {
			/* more to come: let the loop run first */
			dump_schedule(s);
			return;
		}
		rm_eor(s, n, p, s->dump_afi, BMP_PF_L);
		if (rib_in_prepolicy_ok(p, s->dump_afi)) {
			s->dump_pre = 1;
			s->pre_started = 0;
			continue;
		}
		dump_family_next(s, 1);
	}
}

/* The part `done` (1 pre, 2 out) of the family is over: the next part
   wanted, or the next family. */
static void
dump_family_next(struct bmp_srv *s, int done)
{
	s->pre_started = 0;
	if (done < 2 && bmp.adj_rib_out) {
		s->dump_pre = 2;
		return;
	}
	s->dump_pre = 0;
	s->dump_afi++;
	locrib_cursor_init(&s->dump_cur, NULL);
}

struct out_ctx {
	struct bmp_srv		*s;
	struct bmp_nbr		*n;
	const struct peer	*p;
	size_t			 count;
};

/* Route Monitoring of a path in the Adj-RIB-Out (RFC 8671: O and L) */
static void
rm_out(struct bmp_srv *s, struct bmp_nbr *n, const struct peer *p,
    const uint8_t *update, size_t len)
{
	struct bmp_peer_hdr	 h;
	struct wbuf		 b = WBUF_INIT;

	peer_hdr(p, BMP_PF_O | BMP_PF_L | (p->as4 ? 0 : BMP_PF_A), &h);
	if (bmp_encode_route_mon(&b, &h, update, len) == 0)
		put(s, n, C_RM, &b);
	wbuf_free(&b);
}

static int
dump_out_one(const struct xprefix *pfx, const struct bgp_attrs *a,
    void *arg)
{
	struct out_ctx		*x = arg;
	struct bgp_codec_ctx	 ctx;
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;
	const uint8_t		*m;
	size_t			 len, off = 0;

	/* the walk starts from the first prefix each step: skip what an
	   earlier step sent */
	if (x->s->pre_started && prefix_cmp(pfx, &x->s->pre_after) <= 0)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = 1;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_EXT_MAX_LEN;
	ctx.local_as = x->p->conf.local_as;
	bgp_update_encode_announce(&u, &ctx, a, pfx, 1);
	peer_hdr(x->p, BMP_PF_O | BMP_PF_L, &h);
	while (!u.oom && updpack_next_msg(&u, &off, &m, &len)) {
		wbuf_reset(&b);
		if (bmp_encode_route_mon(&b, &h, m, len) == 0)
			put(x->s, x->n, C_RM, &b);
	}
	wbuf_free(&u);
	wbuf_free(&b);
	x->s->pre_after = *pfx;
	x->s->pre_started = 1;
	return ++x->count >= DUMP_STEP;
}

/*
 * The Adj-RIB-Out part of a family's dump (route-monitoring adj-rib-out):
 * DUMP_STEP prefixes of the neighbor's update group as last sent, after
 * the last one of the previous step (the group's table has no cursor:
 * each step walks from the start and skips).  Returns 1 when done.
 */
static int
dump_out_step(struct bmp_srv *s, struct bmp_nbr *n, struct peer *p)
{
	struct out_ctx		 x;
	struct bmp_peer_hdr	 h;
	struct wbuf		 u = WBUF_INIT, b = WBUF_INIT;

	x.s = s;
	x.n = n;
	x.p = p;
	x.count = 0;
	if (updgroup_adjout_foreach(p, s->dump_afi, dump_out_one, &x) == 0 &&
	    x.count >= DUMP_STEP)
		return 0;
	bgp_update_encode_eor(&u, peer_af_bit(s->dump_afi));
	peer_hdr(p, BMP_PF_O | BMP_PF_L, &h);
	if (!u.oom && bmp_encode_route_mon(&b, &h, u.buf, u.len) == 0)
		put(s, n, C_RM, &b);
	wbuf_free(&u);
	wbuf_free(&b);
	return 1;
}

/*
 * The pre-policy part of a family's dump: DUMP_STEP paths of the
 * soft-reconfiguration copy, in order, from where the last step ended.
 * Returns 1 when the family is done (End-of-RIB sent).
 */
static int
dump_pre_step(struct bmp_srv *s, struct bmp_nbr *n, struct peer *p)
{
	struct pre_ctx	 x;
	struct xprefix	 all;
	int		 rc;

	memset(&all, 0, sizeof(all));
	all.addr.af = s->dump_afi == 0 ? AF_V4 : AF_V6;
	x.s = s;
	x.n = n;
	x.p = p;
	x.afi = s->dump_afi;
	x.count = 0;
	if (s->pre_started)
		rc = adjrib_foreach_within_after(&p->rib[s->dump_afi], &all,
		    &s->pre_after, s->pre_pid, dump_pre_one, &x);
	else
		rc = adjrib_foreach_within(&p->rib[s->dump_afi], &all,
		    dump_pre_one, &x);
	s->pre_started = 1;
	if (rc != 0)
		return 0;
	rm_eor(s, n, p, s->dump_afi, 0);
	return 1;
}

/* ---- statistics ---- */

static void
stats_send(struct bmp_srv *s)
{
	struct bmp_nbr		*n;
	struct peer		*p;
	struct bmp_peer_hdr	 h;
	struct bmp_stat		 st[8];
	struct wbuf		 b = WBUF_INIT;
	uint64_t		 rej, taw, adj, loc, adjaf[PEER_NAF],
				 locaf[PEER_NAF];
	size_t			 ns;
	int			 afi;

	RB_FOREACH(n, bmp_nbrs, &bmp.nbrs) {
		if (!(n->up & (1u << (s->id - 1))) ||
		    (p = engine_peer_find(&n->addr)) == NULL ||
		    p->state != BGP_ST_ESTABLISHED)
			continue;
		rej = taw = adj = loc = 0;
		for (afi = 0; afi < PEER_NAF; afi++) {
			rej += p->afc[afi].denied;
			taw += p->afc[afi].treat_as_withdraw;
			locaf[afi] = p->ra[afi].accepted;
			/* the pre-policy count where a copy is kept */
			adjaf[afi] = p->ra[afi].keep_in ?
			    adjrib_count(&p->rib[afi]) : p->ra[afi].accepted;
			adj += adjaf[afi];
			loc += locaf[afi];
		}
		ns = 0;
		st[ns++] = (struct bmp_stat){ BMP_STAT_REJECTED,
		    BMP_STAT_C32, 0, 0, rej };
		st[ns++] = (struct bmp_stat){ BMP_STAT_TAW, BMP_STAT_C32, 0,
		    0, taw };
		st[ns++] = (struct bmp_stat){ BMP_STAT_ADJ_RIB_IN,
		    BMP_STAT_G64, 0, 0, adj };
		st[ns++] = (struct bmp_stat){ BMP_STAT_LOC_RIB, BMP_STAT_G64,
		    0, 0, loc };
		for (afi = 0; afi < PEER_NAF; afi++) {
			if (!(p->afs_neg & peer_af_bit(afi)))
				continue;
			st[ns++] = (struct bmp_stat){ BMP_STAT_ADJ_RIB_IN_AF,
			    BMP_STAT_AF_G64, (uint16_t)(afi == 0 ? 1 : 2), 1,
			    adjaf[afi] };
			st[ns++] = (struct bmp_stat){ BMP_STAT_LOC_RIB_AF,
			    BMP_STAT_AF_G64, (uint16_t)(afi == 0 ? 1 : 2), 1,
			    locaf[afi] };
		}
		peer_hdr(p, 0, &h);
		wbuf_reset(&b);
		if (bmp_encode_stats(&b, &h, st, ns) == 0)
			put(s, n, C_STATS, &b);
	}
	wbuf_free(&b);
}

static void
stats_timer(void *arg)
{
	struct bmp_srv	*s = arg;

	s->t_stats = NULL;
	if (srv_live(s))
		stats_send(s);
	if (s->stats_period > 0)
		s->t_stats = loop_timer_add(s->stats_period, stats_timer, s);
}

/* ---- client callbacks ---- */

static void
on_up(struct bmp_client *c)
{
	struct bmp_srv	*s = c->arg;
	struct bmp_nbr	*n;
	struct wbuf	 b = WBUF_INIT;
	char		 descr[128];

	RB_FOREACH(n, bmp_nbrs, &bmp.nbrs)
		n->up &= ~(1u << (s->id - 1));
	s->locrib_up = 0;
	snprintf(descr, sizeof(descr), "xrsh %s (IOS XR-style BGP speaker)",
	    PACKAGE_VERSION);
	if (bmp_encode_initiation(&b, bmp.sysname, descr) == 0)
		put(s, NULL, 0, &b);
	wbuf_free(&b);
	dump_begin(s, 0);
}

static void
on_drained(struct bmp_client *c)
{
	struct bmp_srv	*s = c->arg;
	struct bmp_nbr	*n;

	if (c->overflow && bmpc_queued(c) == 0) {
		/* messages were lost: tell the collector everything again,
		   each neighbor from its Peer Up on */
		c->overflow = 0;
		RB_FOREACH(n, bmp_nbrs, &bmp.nbrs)
			n->up &= ~(1u << (s->id - 1));
		s->locrib_up = 0;
		c->resyncs++;
		log_warnx("%%ROUTING-BGP-5-BMP : BMP server %u: %llu messages "
		    "dropped (queue full): resynchronising", s->id,
		    (unsigned long long)c->dropped);
		dump_begin(s, 0);
		return;
	}
	dump_schedule(s);
}

/* ---- engine hooks ---- */

static void
on_event(const struct bgp_hook_event *ev, void *arg)
{
	struct bmp_nbr		*n;
	struct peer		*p;
	struct bmp_srv		*s;
	struct bmp_peer_hdr	 h;
	struct wbuf		 b = WBUF_INIT;
	uint8_t			 reason;
	int			 i;

	(void)arg;
	if (ev->kind == BGP_HOOK_OPEN_SENT || ev->kind == BGP_HOOK_OPEN_RCVD) {
		if ((n = nbr_get(ev->peer)) == NULL)
			return;
		if (ev->kind == BGP_HOOK_OPEN_SENT)
			(void)keep(&n->open_sent, &n->open_sent_len, ev->msg,
			    ev->msglen);
		else
			(void)keep(&n->open_rcvd, &n->open_rcvd_len, ev->msg,
			    ev->msglen);
		return;
	}
	if (ev->kind == BGP_HOOK_BEST) {
		for (i = 0; i < BMP_SERVERS_MAX; i++)
			if (srv_live(&bmp.srv[i]) && bmp.srv[i].locrib_up)
				rm_locrib(&bmp.srv[i], ev->pfx, ev->attrs);
		return;
	}
	if ((n = nbr_find(ev->peer)) == NULL)
		return;
	switch (ev->kind) {
	case BGP_HOOK_NOTIF_SENT:
	case BGP_HOOK_NOTIF_RCVD:
		if (keep(&n->notif, &n->notif_len, ev->msg, ev->msglen) == 0)
			n->notif_sent = ev->kind == BGP_HOOK_NOTIF_SENT;
		return;
	default:
		break;
	}
	if (n->mask == 0 && ev->kind != BGP_HOOK_STATE)
		return;
	if ((p = engine_peer_find(ev->peer)) == NULL)
		return;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		s = &bmp.srv[i];
		if (!(n->mask & (1u << i)) || !srv_live(s))
			continue;
		switch (ev->kind) {
		case BGP_HOOK_STATE:
			if (ev->b == BGP_ST_ESTABLISHED) {
				wbuf_reset(&b);
				if (peer_up_msg(p, n, &b) == 0) {
					put(s, n, C_UP, &b);
					n->up |= 1u << i;
				}
			} else if (ev->a == BGP_ST_ESTABLISHED &&
			    (n->up & (1u << i))) {
				n->up &= ~(1u << i);
				reason = n->notif == NULL ?
				    BMP_DOWN_REMOTE_NODATA : n->notif_sent ?
				    BMP_DOWN_LOCAL_NOTIF :
				    BMP_DOWN_REMOTE_NOTIF;
				peer_hdr(p, 0, &h);
				wbuf_reset(&b);
				if (bmp_encode_peer_down(&b, &h, reason,
				    n->notif, n->notif_len) == 0)
					put(s, n, C_DOWN, &b);
			}
			break;
		case BGP_HOOK_UPDATE_RCVD:
			if (!(n->up & (1u << i)))
				break;
			peer_hdr(p, p->as4 ? 0 : BMP_PF_A, &h);
			wbuf_reset(&b);
			if (bmp_encode_route_mon(&b, &h, ev->msg,
			    ev->msglen) == 0)
				put(s, n, C_RM, &b);
			break;
		case BGP_HOOK_ROUTE:
			if (n->up & (1u << i))
				rm_post(s, n, p, ev->a, ev->pfx, ev->pid,
				    ev->attrs);
			break;
		case BGP_HOOK_UPDATE_SENT:
			if (bmp.adj_rib_out && (n->up & (1u << i)))
				rm_out(s, n, p, ev->msg, ev->msglen);
			break;
		default:
			break;
		}
	}
	wbuf_free(&b);
	/* a new session starts with no NOTIFICATION; the last one is
	   kept until the next Peer Down has used it */
	if (ev->kind == BGP_HOOK_STATE && ev->b == BGP_ST_ESTABLISHED) {
		free(n->notif);
		n->notif = NULL;
		n->notif_len = 0;
	}
}

/* the per-message and per-route hooks, only while a server is
   configured (the OPEN and NOTIFICATION ones stay from bmp_start on) */
static void
hooks_on(void)
{
	static const enum bgp_hook_kind kinds[] = {
		BGP_HOOK_STATE, BGP_HOOK_UPDATE_RCVD, BGP_HOOK_ROUTE,
		BGP_HOOK_BEST, BGP_HOOK_UPDATE_SENT
	};
	size_t	 i;
	int	 h;

	if (bmp.nhooks > 0)
		return;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((h = bgp_hook_add(kinds[i], on_event, NULL)) > 0)
			bmp.hooks[bmp.nhooks++] = h;
}

static void
hooks_off(void)
{
	int	 i;

	for (i = 0; i < bmp.nhooks; i++)
		bgp_hook_del(bmp.hooks[i]);
	bmp.nhooks = 0;
}

/* ---- configuration ---- */

void
bmp_start(int offline)
{
	static const enum bgp_hook_kind kinds[] = {
		BGP_HOOK_OPEN_SENT, BGP_HOOK_OPEN_RCVD, BGP_HOOK_NOTIF_SENT,
		BGP_HOOK_NOTIF_RCVD
	};
	int	 i;

	memset(&bmp, 0, sizeof(bmp));
	RB_INIT(&bmp.nbrs);
	bmp.started = 1;
	for (i = 0; i < 4; i++)
		bmp.base_hooks[i] = bgp_hook_add(kinds[i], on_event, NULL);
	bmp.offline = offline;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		bmp.srv[i].id = (unsigned)i + 1;
		bmp.srv[i].c.id = (unsigned)i + 1;
		bmp.srv[i].c.fd = -1;
		bmp.srv[i].c.arg = &bmp.srv[i];
		bmp.srv[i].c.on_up = on_up;
		bmp.srv[i].c.on_drained = on_drained;
	}
}

static void
srv_terminate(struct bmp_srv *s, const char *why)
{
	struct wbuf	 b = WBUF_INIT;

	if (srv_live(s)) {
		if (bmp_encode_termination(&b, BMP_TERM_ADMIN, why) == 0)
			put(s, NULL, 0, &b);
		bmpc_flush(&s->c);
	}
	wbuf_free(&b);
	loop_timer_cancel(s->t_dump);
	loop_timer_cancel(s->t_stats);
	s->t_dump = s->t_stats = NULL;
	s->dumping = 0;
	bmpc_stop(&s->c);
}

static void
srv_apply(struct bmp_srv *s, const struct bmp_server_cfg *sc)
{
	int	 restart;

	if (sc == NULL) {
		if (s->configured)
			srv_terminate(s, "BMP server removed");
		s->configured = 0;
		return;
	}
	restart = !s->configured || addr_cmp(&s->c.host, &sc->host) != 0 ||
	    s->c.port != sc->port || s->shutdown != sc->shutdown ||
	    strcmp(s->c.update_source, sc->update_source ?
	    sc->update_source : "") != 0;
	s->configured = 1;
	strlcpy(s->description, sc->description ? sc->description : "",
	    sizeof(s->description));
	s->initial_delay = sc->initial_delay;
	if (s->stats_period != sc->stats_period || s->t_stats == NULL) {
		s->stats_period = sc->stats_period;
		loop_timer_cancel(s->t_stats);
		s->t_stats = NULL;
		if (s->stats_period > 0)
			s->t_stats = loop_timer_add(s->stats_period,
			    stats_timer, s);
	}
	if (!restart)
		return;
	srv_terminate(s, sc->shutdown ? "BMP server shut down" :
	    "BMP server reconfigured");
	s->c.host = sc->host;
	s->c.port = sc->port;
	s->shutdown = sc->shutdown;
	strlcpy(s->c.update_source, sc->update_source ? sc->update_source :
	    "", sizeof(s->c.update_source));
	if (sc->stats_period > 0 && s->t_stats == NULL)
		s->t_stats = loop_timer_add(s->stats_period, stats_timer, s);
	if (!bmp.offline && !sc->shutdown && sc->has_host)
		bmpc_start(&s->c, sc->initial_delay);
}

/* route-monitoring local-rib turned on or off: the live servers get the
   Loc-RIB instance's Peer Up and table, or its Peer Down */
static void
locrib_apply(int on)
{
	struct bmp_srv	*s;
	int		 i;

	if (on == bmp.local_rib)
		return;
	bmp.local_rib = on;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		s = &bmp.srv[i];
		if (!srv_live(s))
			continue;
		if (!on && s->locrib_up)
			locrib_peer_down(s);
		else if (on && !s->dumping)
			dump_begin(s, 1);
	}
}

/* route-monitoring adj-rib-out turned on: each live server gets the
   Adj-RIB-Outs with a dump (off: nothing more is sent) */
static void
adjout_apply(int on)
{
	int	 i;

	if (on == bmp.adj_rib_out)
		return;
	bmp.adj_rib_out = on;
	for (i = 0; on && i < BMP_SERVERS_MAX; i++)
		if (srv_live(&bmp.srv[i]))
			dump_begin(&bmp.srv[i], 0);
}

void
bmp_apply(const struct config *running)
{
	const struct bmp_cfg	*bc = running != NULL ? running->bmp : NULL;
	const struct bgp_cfg	*b = running != NULL ? running->bgp : NULL;
	const struct bgp_peer	*np;
	struct bmp_nbr		*n, *next;
	struct peer		*p;
	unsigned		 mask;
	int			 i;

	if (!bmp.started)
		return;
	strlcpy(bmp.sysname, running != NULL ? config_hostname(running) :
	    HOSTNAME_DEFAULT, sizeof(bmp.sysname));
	locrib_apply(bc != NULL && bc->local_rib);
	adjout_apply(bc != NULL && bc->adj_rib_out);
	for (i = 0; i < BMP_SERVERS_MAX; i++)
		bmp.srv[i].c.qmax = bc != NULL && bc->max_buffer_mb != 0 ?
		    (size_t)bc->max_buffer_mb << 20 : 0;
	bmp.bmp_any = 0;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		srv_apply(&bmp.srv[i], bmp_cfg_server(bc, (unsigned)i + 1));
		if (bmp.srv[i].configured)
			bmp.bmp_any |= 1u << i;
	}
	/* the monitored neighbors: kept (with their OPENs) while some
	   configured server still monitors them */
	RB_FOREACH(n, bmp_nbrs, &bmp.nbrs)
		n->mask = 0;
	for (np = b != NULL ? bgp_peer_first(b) : NULL; np != NULL;
	    np = bgp_peer_next(np)) {
		if (np->kind != BGP_NBR)
			continue;
		mask = bmp_cfg_nbr_servers(b, &np->addr) & bmp.bmp_any;
		if (mask == 0)
			continue;
		if ((n = nbr_get(&np->addr)) == NULL) {
			log_warnx("bmp: out of memory");
			continue;
		}
		/* newly monitored by a live server while up: Peer Up and
		   its routes come with a dump (started again if one runs:
		   it may be past this neighbor) */
		if ((mask & ~n->mask & ~n->up) != 0 &&
		    (p = engine_peer_find(&n->addr)) != NULL &&
		    p->state == BGP_ST_ESTABLISHED) {
			for (i = 0; i < BMP_SERVERS_MAX; i++)
				if ((mask & (1u << i)) &&
				    !(n->up & (1u << i)) &&
				    srv_live(&bmp.srv[i]))
					dump_begin(&bmp.srv[i], 0);
		}
		n->mask = mask;
	}
	RB_FOREACH_SAFE(n, bmp_nbrs, &bmp.nbrs, next) {
		n->up &= n->mask;
		/* kept for its OPENs while it is a neighbor */
		if (b == NULL || bgp_nbr_find(b, &n->addr) == NULL) {
			RB_REMOVE(bmp_nbrs, &bmp.nbrs, n);
			nbr_free(n);
		}
	}
	if (bmp.bmp_any != 0)
		hooks_on();
	else
		hooks_off();
}

void
bmp_stop(void)
{
	struct bmp_nbr	*n, *next;
	double		 until;
	int		 i, busy;

	if (!bmp.started)
		return;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		struct wbuf	 b = WBUF_INIT;

		if (srv_live(&bmp.srv[i]) && bmp_encode_termination(&b,
		    BMP_TERM_ADMIN, "xrsh stopping") == 0)
			put(&bmp.srv[i], NULL, 0, &b);
		wbuf_free(&b);
		bmp.srv[i].dumping = 0;
	}
	/* what is queued gets a second at most */
	until = loop_now() + 1.0;
	do {
		busy = 0;
		for (i = 0; i < BMP_SERVERS_MAX; i++)
			if (srv_live(&bmp.srv[i]) &&
			    bmpc_queued(&bmp.srv[i].c) > 0) {
				bmpc_flush(&bmp.srv[i].c);
				busy |= bmpc_queued(&bmp.srv[i].c) > 0;
			}
	} while (busy && loop_now() < until && loop_run_once(20) != -1);
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		loop_timer_cancel(bmp.srv[i].t_dump);
		loop_timer_cancel(bmp.srv[i].t_stats);
		bmpc_stop(&bmp.srv[i].c);
		wbuf_free(&bmp.srv[i].c.q);
	}
	hooks_off();
	for (i = 0; i < 4; i++)
		if (bmp.base_hooks[i] > 0)
			bgp_hook_del(bmp.base_hooks[i]);
	RB_FOREACH_SAFE(n, bmp_nbrs, &bmp.nbrs, next) {
		RB_REMOVE(bmp_nbrs, &bmp.nbrs, n);
		nbr_free(n);
	}
	memset(&bmp, 0, sizeof(bmp));
}

/* ---- show ---- */

const char *
bmp_state_name(enum bmp_state st)
{
	switch (st) {
	case BMP_ST_IDLE:
		return "idle";
	case BMP_ST_WAIT:
		return "waiting";
	case BMP_ST_CONNECTING:
		return "connecting";
	case BMP_ST_UP:
		return "connected";
	case BMP_ST_REFUSED:
		return "refused";
	}
	return "?";
}

static int
info_of(const struct bmp_srv *s, struct bmp_server_info *o)
{
	struct bmp_nbr		*n;
	struct bmp_nbr_info	*v;
	size_t			 k = 0;
	unsigned		 bit = 1u << (s->id - 1);

	memset(o, 0, sizeof(*o));
	o->id = s->id;
	o->host = s->c.host;
	o->port = s->c.port;
	strlcpy(o->description, s->description, sizeof(o->description));
	strlcpy(o->update_source, s->c.update_source,
	    sizeof(o->update_source));
	if (s->c.source.af != 0)
		addr_format(&s->c.source, o->source_addr,
		    sizeof(o->source_addr));
	o->initial_delay = s->initial_delay;
	o->stats_period = s->stats_period;
	o->shutdown = s->shutdown;
	o->state = s->c.state;
	o->since = s->c.since;
	strlcpy(o->last_error, s->c.last_error, sizeof(o->last_error));
	o->retry_in = s->c.t_retry != NULL ?
	    loop_timer_remaining(s->c.t_retry) : -1;
	memcpy(o->sent_by_type, s->c.sent_by_type, sizeof(o->sent_by_type));
	o->sent = s->c.sent;
	o->dropped = s->c.dropped;
	o->bytes_sent = s->c.bytes_sent;
	o->resyncs = s->c.resyncs;
	o->connects = s->c.connects;
	o->queue_bytes = bmpc_queued(&s->c);
	o->queue_max = bmpc_qmax(&s->c);
	o->dumping = s->dumping;
	o->local_rib = bmp.local_rib;
	o->adj_rib_out = bmp.adj_rib_out;
	RB_FOREACH(n, bmp_nbrs, &bmp.nbrs)
		if (n->mask & bit)
			o->nnbrs++;
	if (o->nnbrs == 0)
		return 0;
	if ((v = calloc(o->nnbrs, sizeof(*v))) == NULL)
		return -1;
	RB_FOREACH(n, bmp_nbrs, &bmp.nbrs) {
		if (!(n->mask & bit) || k == o->nnbrs)
			continue;
		v[k].addr = n->addr;
		v[k].up = (n->up & bit) != 0;
		v[k].sent = n->cnt[s->id - 1][C_SENT];
		v[k].peer_up = n->cnt[s->id - 1][C_UP];
		v[k].peer_down = n->cnt[s->id - 1][C_DOWN];
		v[k].route_mon = n->cnt[s->id - 1][C_RM];
		v[k].stats = n->cnt[s->id - 1][C_STATS];
		k++;
	}
	o->nbrs = v;
	return 0;
}

int
bmp_server(unsigned id, int (*cb)(const struct bmp_server_info *, void *),
    void *arg)
{
	struct bmp_server_info	 o;

	if (!bmp.started || id < 1 || id > BMP_SERVERS_MAX ||
	    !bmp.srv[id - 1].configured)
		return 0;
	if (info_of(&bmp.srv[id - 1], &o) == 0) {
		cb(&o, arg);
		free(o.nbrs);
	}
	return 1;
}

void
bmp_foreach_server(int (*cb)(const struct bmp_server_info *, void *),
    void *arg)
{
	struct bmp_server_info	 o;
	int			 i, stop = 0;

	for (i = 0; bmp.started && i < BMP_SERVERS_MAX && !stop; i++) {
		if (!bmp.srv[i].configured || info_of(&bmp.srv[i], &o) == -1)
			continue;
		stop = cb(&o, arg);
		free(o.nbrs);
	}
}
