/*
 * updgroup_dump: the paced side of export.  One zero-delay timer does
 * the work of every group in bounded steps, so neither a full table nor
 * a burst of changes stalls the loop:
 *  - a group's recompute walk (new group, refresh) evaluates at most
 *    UG_BATCH prefixes per tick, and waits while a member's output
 *    queue is long;
 *  - pending changes are packed (updpack) and encoded once for all the
 *    synced members; a member still being sent the table gets only the
 *    changes its walk already passed (it finds the others on its way);
 *  - a member's table dump sends at most UG_BATCH prefixes per tick,
 *    waiting while its output queue is long;
 *  - a member whose queue is full when changes go out falls behind
 *    instead: it keeps the set of prefixes it missed and, once its
 *    session drains, is sent those as the group then advertises them;
 *    the others go on, and its queue stays within about UG_LAG_BYTES
 *    plus one batch (a session that never drains is reset by the send
 *    hold timer, session.c);
 *  - End-of-RIB (or EoRR) goes out once the member has the whole
 *    Adj-RIB-Out and the group has nothing left to compute or send.
 */
#include <sys/queue.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/locrib.h"
#include "core/bgp/peer.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/bgp/updgroup_int.h"
#include "core/bgp/updpack.h"
#include "core/bgp/wire.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define UG_RETRY	0.01	/* seconds: every walk waits on a queue */

static struct loop_timer	*t_work;

static void	 ug_work(void *);

void
ug_kick(void)
{
	if (t_work == NULL)
		t_work = loop_timer_add(0, ug_work, NULL);
}

void
ug_work_cancel(void)
{
	loop_timer_cancel(t_work);
	t_work = NULL;
}

int
ug_send(struct ug_member *m, const struct wbuf *b)
{
	const uint8_t	*msg;
	size_t		 off = 0, len;

	if (!ug_member_live(m))
		return -1;
	while (updpack_next_msg(b, &off, &msg, &len)) {
		/* BMP Adj-RIB-Out monitoring (RFC 8671) */
		if (hooks_count[BGP_HOOK_UPDATE_SENT] > 0)
			hooks_run(BGP_HOOK_UPDATE_SENT, &m->peer->addr, 0, 0,
			    msg, len);
		if (conn_send(m->peer->conn, msg, len) == -1)
			return -1;
	}
	return 0;
}

static int
ug_busy(const struct ug_member *m)
{
	return ug_member_live(m) &&
	    (conn_outq(m->peer->conn) > UG_OUTQ_MAX ||
	    conn_outq_bytes(m->peer->conn) > UG_OUTQ_BYTES);
}

/*
 * Far behind: changes stop going onto its queue.  A burst that only
 * fills queues for a moment (a table to a thousand neighbors) stays on
 * them: catching up re-evaluates every prefix, which costs more.
 */
static int
ug_stuck(const struct ug_member *m)
{
	return ug_member_live(m) &&
	    conn_outq_bytes(m->peer->conn) > UG_LAG_BYTES;
}

static int
ug_lagging(const struct ug_member *m)
{
	return m->lag != NULL && pfxtable_count(m->lag) > 0;
}

/* Remembers that m missed pfx. */
static int
ug_lag_put(struct ug_member *m, const struct xprefix *pfx)
{
	if (m->lag == NULL &&
	    (m->lag = pfxtable_new(pfx->addr.af)) == NULL)
		return -1;
	return pfxtable_put(m->lag, pfx, &ug_mark, NULL);
}

/*
 * m cannot take u now (its queue is full, or it already lags, and the
 * order of its changes must hold): the prefixes of u it should get (for
 * a member walking its table, those its walk passed) wait in m->lag.
 */
static int
ug_lag_add(struct ug_member *m, const struct updpack *u)
{
	const struct updpack_set	*s;
	size_t				 i, j;
	int				 walked = m->state == UGM_WALK;

	for (i = 0; i < u->nwd; i++)
		if ((!walked || m->holds || (m->cur.started &&
		    prefix_cmp(&u->wd[i], &m->cur.last) <= 0)) &&
		    ug_lag_put(m, &u->wd[i]) == -1)
			return -1;
	if (walked && !m->cur.started)
		return 0;
	for (i = 0; i < u->nsets; i++) {
		s = &u->sets[i];
		for (j = 0; j < s->n; j++)
			if ((!walked ||
			    prefix_cmp(&s->pfx[j], &m->cur.last) <= 0) &&
			    ug_lag_put(m, &s->pfx[j]) == -1)
				return -1;
	}
	return 0;
}

/*
 * One step of catching m up: up to UG_BATCH of the prefixes it missed,
 * each as the group advertises it now; they leave m->lag once sent (an
 * allocation failure keeps them for the next try).  0 when caught up, 1
 * more, 2 its queue is full again.
 */
static int
ug_lag_step(struct ug_member *m)
{
	struct pfxtable_cursor	 c;
	struct bgp_codec_ctx	 ctx;
	struct updpack		 u;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		*done;
	struct bgp_attrs	*a;
	void			*v;
	size_t			 n = 0, i;
	int			 rv = 1, rc;

	if (!ug_lagging(m))
		return 0;
	if (!ug_member_live(m)) {
		pfxtable_free(m->lag, NULL);
		m->lag = NULL;
		return 0;
	}
	if (ug_busy(m))
		return 2;
	if ((done = calloc(UG_BATCH, sizeof(*done))) == NULL)
		return 2;
	updpack_init(&u);
	pfxtable_cursor_init(&c, NULL);
	while (n < UG_BATCH &&
	    pfxtable_cursor_next(m->lag, &c, &done[n], &v)) {
		if (ug_current(m->g, &done[n], &a) == -1)
			goto oom;
		rc = a != NULL ? updpack_announce(&u, a, &done[n]) :
		    updpack_withdraw(&u, &done[n]);
		bgp_attrs_unref(a);
		if (rc == -1)
			goto oom;
		n++;
	}
	ug_codec(m->g, &ctx);
	if (updpack_encode(&u, &ctx, &b, NULL) == -1)
		goto oom;
	ug_send(m, &b);
	for (i = 0; i < n; i++)
		pfxtable_del(m->lag, &done[i]);
	if (pfxtable_count(m->lag) == 0) {
		pfxtable_free(m->lag, NULL);
		m->lag = NULL;
		rv = 0;
	}
	goto out;
oom:
	log_warnx("neighbor %s: out of memory catching up", m->peer->name);
	rv = 2;
out:
	free(done);
	wbuf_free(&b);
	updpack_free(&u);
	return rv;
}

void
ug_member_walk(struct ug_member *m)
{
	m->state = UGM_WALK;
	pfxtable_cursor_init(&m->cur, NULL);
	ug_kick();
}

/* The part of u that m's walk has passed (prefixes up to its cursor). */
static int
ug_passed(const struct updpack *u, const struct ug_member *m,
    struct updpack *out)
{
	const struct updpack_set	*s;
	size_t				 i, j;

	for (i = 0; i < u->nwd; i++)
		if ((m->holds || (m->cur.started &&
		    prefix_cmp(&u->wd[i], &m->cur.last) <= 0)) &&
		    updpack_withdraw_pid(out, &u->wd[i],
		    u->wdpid != NULL ? u->wdpid[i] : 0) == -1)
			return -1;
	if (!m->cur.started)
		return 0;
	for (i = 0; i < u->nsets; i++) {
		s = &u->sets[i];
		for (j = 0; j < s->n; j++)
			if (prefix_cmp(&s->pfx[j], &m->cur.last) <= 0 &&
			    updpack_announce_pid(out, s->attrs, &s->pfx[j],
			    s->pid != NULL ? s->pid[j] : 0) == -1)
				return -1;
	}
	return 0;
}

void
ug_flush(struct updgroup *g)
{
	struct pfxtable_cursor	 c;
	struct bgp_codec_ctx	 ctx;
	struct updpack_stats	 st;
	struct updpack		 u, sub;
	struct ug_member	*m;
	struct wbuf		 b = WBUF_INIT, sb = WBUF_INIT;
	struct xprefix		 p;
	void			*v;
	size_t			 nsync = 0;
	int			 rc;

	if (pfxtable_count(g->pending) == 0)
		return;
	updpack_init(&u);
	updpack_init(&sub);
	pfxtable_cursor_init(&c, NULL);
	while (pfxtable_cursor_next(g->pending, &c, &p, &v)) {
		pfxtable_del(g->pending, &p);
		/* updpack keeps its own reference to what it packs */
		if (g->key.addpath) {
			rc = ug_ap_pack(&u, &p, v);
			ug_ap_pend_free(v);
		} else {
			rc = v != &ug_mark ? updpack_announce(&u, v, &p) :
			    updpack_withdraw(&u, &p);
			ug_pend_release(v);
		}
		if (rc == -1)
			goto oom;
	}
	ug_codec(g, &ctx);
	if (updpack_encode(&u, &ctx, &b, &st) == -1)
		goto oom;
	g->msgs_formatted += st.msgs;
	g->updates_sent += st.announced;
	g->withdraws_sent += st.withdrawn;
	g->unsendable += st.unsendable;
	TAILQ_FOREACH(m, &g->members, entry) {
		/* add-path groups have no lag: their withdrawals name path
		   ids, which a later look at the group could not recover */
		if (!g->key.addpath && ug_member_live(m) &&
		    (ug_lagging(m) || ug_stuck(m))) {
			if (ug_lag_add(m, &u) == -1)
				goto oom;
			continue;
		}
		if (m->state == UGM_SYNCED) {
			if (ug_send(m, &b) == 0)
				nsync++;
			continue;
		}
		updpack_reset(&sub);
		wbuf_reset(&sb);
		if (ug_passed(&u, m, &sub) == -1 ||
		    updpack_encode(&sub, &ctx, &sb, NULL) == -1)
			goto oom;
		ug_send(m, &sb);
	}
	g->msgs_replicated += st.msgs * nsync;
	goto out;
oom:
	/* members may now lack changes: a refresh would repair them */
	log_warnx("update group %u: out of memory sending updates", g->id);
out:
	wbuf_free(&b);
	wbuf_free(&sb);
	updpack_free(&sub);
	updpack_free(&u);
}

/*
 * One step of g's recompute walk.  Returns 0 when done, 1 when there is
 * more, 2 when a member's queue is too long to go on now.
 */
static int
ug_recompute_step(struct updgroup *g)
{
	const struct locrib_entry	*e;
	struct locrib			*loc = bgp_rib.loc[g->afi];
	struct ug_member		*m;
	struct xprefix			 p;
	void				*v;
	size_t				 n = 0, nbusy, nlive;

	/* a slow member lags (ug_flush) rather than holding the others
	   back: wait only when none can take more (add-path groups, which
	   cannot lag, when any cannot) */
	nbusy = nlive = 0;
	TAILQ_FOREACH(m, &g->members, entry)
		if (ug_member_live(m)) {
			nlive++;
			nbusy += ug_busy(m);
		}
	if (nbusy > 0 && (g->key.addpath || nbusy == nlive))
		return 2;
	if (g->phase == 0) {
		while (n < UG_BATCH && loc != NULL &&
		    locrib_cursor_next(loc, &g->walk, &e)) {
			p = g->walk.last;
			ug_eval(g, &p);
			n++;
		}
		if (n == UG_BATCH)
			return 1;
		g->phase = 1;
		pfxtable_cursor_init(&g->walk, NULL);
	}
	/* prefixes gone from the Loc-RIB that the group still advertises */
	while (g->prune && n < UG_BATCH &&
	    pfxtable_cursor_next(g->adjout, &g->walk, &p, &v)) {
		if (loc == NULL || locrib_lookup(loc, &p) == NULL)
			ug_eval(g, &p);
		n++;
	}
	if (n == UG_BATCH)
		return 1;
	g->walking = 0;
	/* the default-originate policy may have been relinked meanwhile */
	if (g->key.default_orig) {
		memset(&p, 0, sizeof(p));
		p.addr.af = g->afi == 0 ? AF_V4 : AF_V6;
		ug_eval(g, &p);
	}
	return 0;
}

/* One step of m's table dump: same return values. */
static int
ug_walk_step(struct ug_member *m)
{
	struct bgp_codec_ctx	 ctx;
	struct updpack		 u;
	struct wbuf		 b = WBUF_INIT;
	struct xprefix		 p;
	struct bgp_attrs	*a;
	struct ug_apvec		 ap;
	void			*v;
	size_t			 n = 0, i;
	int			 rv = 1, rc;

	if (!ug_member_live(m))
		return 0;
	if (ug_busy(m))
		return 2;
	updpack_init(&u);
	while (n < UG_BATCH &&
	    pfxtable_cursor_next(m->g->adjout, &m->cur, &p, &v)) {
		if (m->g->key.addpath) {
			if (ug_ap_current(m->g, &p, &ap) == -1)
				goto oom;
			for (i = 0, rc = 0; i < ap.n && rc == 0; i++)
				rc = updpack_announce_pid(&u, ap.e[i].v, &p,
				    ap.e[i].id);
			ug_apvec_free(&ap);
			if (rc == -1)
				goto oom;
			n++;
			continue;
		}
		/* recomputed: the Adj-RIB-Out holds fingerprints */
		if (ug_current(m->g, &p, &a) == -1)
			goto oom;
		rc = a != NULL ? updpack_announce(&u, a, &p) : 0;
		bgp_attrs_unref(a);
		if (rc == -1)
			goto oom;
		n++;
	}
	ug_codec(m->g, &ctx);
	if (updpack_encode(&u, &ctx, &b, NULL) == -1)
		goto oom;
	ug_send(m, &b);
	if (n < UG_BATCH) {
		m->state = UGM_SYNCED;
		m->holds = 0;
		rv = 0;
	}
	goto out;
oom:
	/* try the same batch again later */
	log_warnx("neighbor %s: out of memory sending the table",
	    m->peer->name);
	rv = 2;
out:
	wbuf_free(&b);
	updpack_free(&u);
	return rv;
}

/* End-of-RIB (or EoRR) to each member that has the whole table now. */
static void
ug_eor(struct updgroup *g)
{
	struct ug_member	*m;
	struct wbuf		 b = WBUF_INIT;
	int			 rc;

	if (g->walking || pfxtable_count(g->pending) > 0)
		return;
	TAILQ_FOREACH(m, &g->members, entry) {
		if (m->state != UGM_SYNCED || !m->need_eor ||
		    !ug_member_live(m) || ug_lagging(m))
			continue;
		wbuf_reset(&b);
		if (m->eorr)
			rc = bgp_route_refresh_encode(&b, g->afi == 0 ?
			    BGP_AFI_IPV4 : BGP_AFI_IPV6, BGP_RR_EORR,
			    BGP_SAFI_UNICAST);
		else
			rc = bgp_update_encode_eor(&b, peer_af_bit(g->afi));
		if (rc == -1 || ug_send(m, &b) == -1)
			continue;
		m->need_eor = 0;
		m->eorr = 0;
		m->peer->afc[g->afi].eor_sent = 1;
	}
	wbuf_free(&b);
}

static void
ug_work(void *arg)
{
	struct updgroup		*g;
	struct ug_member	*m;
	int			 progress = 0, waiting = 0, r;

	(void)arg;
	t_work = NULL;
	TAILQ_FOREACH(g, &ug_groups, entry) {
		if (g->walking) {
			r = ug_recompute_step(g);
			progress |= r == 1;
			waiting |= r == 2;
		}
		ug_flush(g);
		TAILQ_FOREACH(m, &g->members, entry) {
			if (ug_lagging(m)) {
				/* what it missed first, then its walk */
				r = ug_lag_step(m);
				progress |= r == 1;
				waiting |= r == 2;
				if (r != 0)
					continue;
			}
			if (m->state != UGM_WALK)
				continue;
			r = ug_walk_step(m);
			progress |= r == 1;
			waiting |= r == 2;
		}
		ug_eor(g);
	}
	if (t_work != NULL)	/* new changes already asked for a tick */
		return;
	if (progress)
		t_work = loop_timer_add(0, ug_work, NULL);
	else if (waiting)
		t_work = loop_timer_add(UG_RETRY, ug_work, NULL);
}
