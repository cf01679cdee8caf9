/*
 * replay: see replay.h.  A RIB entry becomes a one-prefix UPDATE body
 * for the codec (attr_decode.c decodes its attributes as a session's
 * would, 2- or 4-octet AS paths as the record type says); an IPv6 entry's
 * MP_REACH_NLRI, which TABLE_DUMP_V2 abbreviates to the next hop (RFC
 * 6396 4.3.4), is rebuilt whole around the entry's prefix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bgp/mrt_read.h"
#include "core/bgp/proto.h"
#include "core/bgp/replay.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl_eval.h"

#define REPLAY_BATCH		2048	/* routes per loop turn at max */
#define REPLAY_READ_MAX		16384	/* entries read per turn (most may
					   be another peer's: `peer ADDR`) */
#define REPLAY_TICK		0.05	/* seconds between paced batches */
#define REPLAY_BODY_MAX		(65536 + 64)

struct replay_job {
	struct mrt_reader	*mr;
	char			 path[256];
	int			 has_peer;
	struct xaddr		 peer;
	char			 policy[128];
	unsigned		 speed;
	double			 start;
	uint64_t		 fed;		/* routes fed, for pacing */
	struct loop_timer	*t;
	uint8_t			 body[REPLAY_BODY_MAX];
};

static struct replay_job	*job;
/* struct peer's replayed field: the generation of the replay that last
   fed it (never 0), so each replay counts the peers it fed */
static int			 generation;
static struct bgp_replay_result	 last;
static int			 running;

int
bgp_replay_running(void)
{
	return running;
}

void
bgp_replay_result(struct bgp_replay_result *r)
{
	*r = last;
}

/* ---- pseudo-neighbors ---- */

static struct peer *
pseudo_peer(const struct mrt_item *it, char *err, size_t errlen)
{
	struct peer_conf	 c;
	struct peer		*p;
	int			 afi;

	if ((p = engine_peer_find(&it->peer)) != NULL) {
		if (p->replayed == 0)
			return NULL;	/* a configured one: skip */
		if (p->replayed != generation) {	/* from an earlier replay */
			p->replayed = generation;
			last.peers++;
		}
		return p;
	}
	memset(&c, 0, sizeof(c));
	c.addr = it->peer;
	c.remote_as = it->peer_as;
	c.router_as = c.local_as = bgpe.asn;
	c.router_id = bgpe.router_id;
	c.ebgp = it->peer_as != bgpe.asn;
	c.afs = BGP_AF_V4U | BGP_AF_V6U;
	snprintf(c.description, sizeof(c.description), "replayed from %.200s",
	    job->path);
	for (afi = 0; afi < PEER_NAF; afi++) {
		strlcpy(c.af[afi].policy_in, job->policy,
		    sizeof(c.af[afi].policy_in));
		c.af[afi].soft_reconf = 1;
	}
	if ((p = peer_new(&c)) == NULL)
		goto oom;
	p->replayed = generation;
	for (afi = 0; afi < PEER_NAF; afi++) {
		if (job->policy[0] != '\0' && rpl_link(bgp_rib.rpl, job->policy,
		    NULL, &p->ra[afi].pol_in, err, errlen) == -1) {
			peer_free(p);
			return NULL;
		}
		strlcpy(p->ra[afi].in_text, job->policy,
		    sizeof(p->ra[afi].in_text));
		p->ra[afi].keep_in = 1;
		p->afc[afi].eor_rcvd = 1;
	}
	p->state = BGP_ST_ESTABLISHED;
	p->state_since = time(NULL);
	p->ever_up = 1;
	p->afs_neg = BGP_AF_V4U | BGP_AF_V6U;
	p->as4 = 1;
	/* TABLE_DUMP_V2 names the BGP ID; else an IPv4 peer's address */
	p->remote_id = it->peer_id;
	if (p->remote_id == 0 && it->peer.af == AF_V4)
		p->remote_id = (uint32_t)it->peer.a[0] << 24 |
		    (uint32_t)it->peer.a[1] << 16 |
		    (uint32_t)it->peer.a[2] << 8 | it->peer.a[3];
	p->conn_established = 1;
	RB_INSERT(peer_tree, &bgpe.peers, p);
	rib_peer_up(p);		/* sources; no update group for it */
	last.peers++;
	return p;
oom:
	snprintf(err, errlen, "out of memory");
	return NULL;
}

void
replay_remove_peer(struct peer *p)
{
	rib_peer_down(p, 0);
	recv_drop_routes(p);
	RB_REMOVE(peer_tree, &bgpe.peers, p);
	peer_free(p);
}

unsigned
bgp_replay_clear(void)
{
	struct peer	*p, *next;
	unsigned	 n = 0;

	if (job != NULL) {
		loop_timer_cancel(job->t);
		mrt_close(job->mr);
		free(job);
		job = NULL;
		running = 0;
	}
	if (!bgpe.started)
		return 0;
	RB_FOREACH_SAFE(p, peer_tree, &bgpe.peers, next)
		if (p->replayed) {
			replay_remove_peer(p);
			n++;
		}
	return n;
}

/* ---- one item ---- */

static size_t
put_prefix(uint8_t *b, const struct xprefix *pfx)
{
	size_t	 n = ((size_t)pfx->len + 7) / 8;

	b[0] = pfx->len;
	memcpy(b + 1, pfx->addr.a, n);
	return 1 + n;
}

/*
 * The UPDATE body announcing it->pfx with it->data's attributes in
 * job->body; its length, 0 when the attributes cannot be walked.
 */
static size_t
rib_body(const struct mrt_item *it)
{
	const uint8_t	*a = it->data, *v, *nh = NULL;
	uint8_t		*b = job->body, *mp;
	size_t		 off = 0, o = 4, alen, hl, nhlen = 0;
	int		 v6 = it->pfx.addr.af == AF_V6;

	b[0] = b[1] = 0;	/* no withdrawn routes */
	while (off < it->len) {
		if (it->len - off < 3)
			return 0;
		hl = (a[off] & BGP_ATTRF_EXTLEN) ? 4 : 3;
		if (it->len - off < hl)
			return 0;
		alen = hl == 4 ? (size_t)(a[off + 2] << 8 | a[off + 3]) :
		    a[off + 2];
		if (alen > it->len - off - hl)
			return 0;
		v = a + off + hl;
		if (a[off + 1] == BGP_ATTR_MP_REACH_NLRI) {
			/* abbreviated (TABLE_DUMP_V2): next hop length and
			   next hop; else a whole one: AFI, SAFI, length */
			if (alen >= 1 && (size_t)v[0] + 1 == alen) {
				nhlen = v[0];
				nh = v + 1;
			} else if (alen >= 4 && (size_t)v[3] + 4 <= alen) {
				nhlen = v[3];
				nh = v + 4;
			}
		} else {
			memcpy(b + o, a + off, hl + alen);
			o += hl + alen;
		}
		off += hl + alen;
	}
	if (v6) {
		if (nh == NULL || (nhlen != 16 && nhlen != 32))
			return 0;
		mp = b + o;
		mp[0] = BGP_ATTRF_OPTIONAL | BGP_ATTRF_EXTLEN;
		mp[1] = BGP_ATTR_MP_REACH_NLRI;
		o += 4;
		b[o++] = 0;
		b[o++] = 2;		/* AFI IPv6 */
		b[o++] = 1;		/* SAFI unicast */
		b[o++] = (uint8_t)nhlen;
		memcpy(b + o, nh, nhlen);
		o += nhlen;
		b[o++] = 0;		/* reserved */
		o += put_prefix(b + o, &it->pfx);
		mp[2] = (uint8_t)((b + o - mp - 4) >> 8);
		mp[3] = (uint8_t)(b + o - mp - 4);
	}
	b[2] = (uint8_t)((o - 4) >> 8);
	b[3] = (uint8_t)(o - 4);
	if (!v6)
		o += put_prefix(b + o, &it->pfx);
	return o;
}

static int
feed(const struct mrt_item *it, char *err, size_t errlen)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_update	 up;
	struct peer		*p;
	const uint8_t		*body = it->data;
	size_t			 len = it->len, i;
	int			 afi, rc = 0;

	if (job->has_peer && addr_cmp(&it->peer, &job->peer) != 0)
		return 0;
	if ((p = pseudo_peer(it, err, errlen)) == NULL) {
		if (err[0] != '\0')
			return -1;
		last.skipped++;
		return 0;
	}
	if (it->kind == MRT_ITEM_RIB) {
		if ((len = rib_body(it)) == 0) {
			last.malformed++;
			return 0;
		}
		body = job->body;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = it->as4;
	ctx.ebgp = p->conf.ebgp;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = 65535;
	memset(&up, 0, sizeof(up));
	if (bgp_update_decode(body, len, &ctx, &up) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (up.action != BGP_UPD_OK)
		last.malformed++;
	if (up.action != BGP_UPD_RESET) {
		for (i = 0; i < up.nwithdrawn; i++) {
			if ((afi = peer_afi_of(&up.withdrawn[i].addr)) < 0)
				continue;
			rib_in_withdraw(p, afi, &up.withdrawn[i], 0);
			last.withdrawals++;
		}
		for (i = 0; i < up.nnlri && up.attrs != NULL; i++) {
			if ((afi = peer_afi_of(&up.nlri[i].addr)) < 0)
				continue;
			if (rib_in_announce(p, afi, &up.nlri[i], 0,
			    up.attrs) == -1) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			p->rcvd[BGP_MI_UPDATE].count++;
			last.routes++;
		}
	}
	p->msgs_rcvd++;
	bgp_update_free(&up);
	return rc;
}

/* ---- the batches ---- */

static void
finish(void)
{
	last.seconds = loop_now() - job->start;
	mrt_close(job->mr);
	free(job);
	job = NULL;
	running = 0;
}

static void
batch(void *arg)
{
	struct mrt_item	 it;
	char		 err[400];
	uint64_t	 n = REPLAY_BATCH, due = 0, k, before = last.routes;
	int		 rc;

	(void)arg;
	job->t = NULL;
	if (job->speed > 0) {
		due = (uint64_t)((loop_now() - job->start) * job->speed) + 1;
		n = due > job->fed ? due - job->fed : 0;
		if (n > REPLAY_BATCH)
			n = REPLAY_BATCH;
	}
	for (k = 0; k < REPLAY_READ_MAX && last.routes - before < n; k++) {
		err[0] = '\0';
		if ((rc = mrt_next(job->mr, &it, err, sizeof(err))) == 1)
			rc = feed(&it, err, sizeof(err)) == -1 ? -1 : 1;
		if (rc == 0) {
			finish();
			return;
		}
		if (rc == -1) {
			last.failed = 1;
			snprintf(last.err, sizeof(last.err), "%s; %llu routes "
			    "replayed before it are kept (clear bgp replay "
			    "removes them)", err,
			    (unsigned long long)last.routes);
			finish();
			return;
		}
	}
	job->fed += last.routes - before;
	/* paced and on time: wait a tick; behind (or max): the next turn */
	job->t = loop_timer_add(job->speed > 0 && job->fed >= due ?
	    REPLAY_TICK : 0, batch, NULL);
	if (job->t == NULL) {
		last.failed = 1;
		snprintf(last.err, sizeof(last.err), "out of memory");
		finish();
	}
}

int
bgp_replay_start(const struct bgp_replay_opts *o, char *err, size_t errlen)
{
	struct rpl_prog	*prog = NULL;
	struct peer	*p;
	const char	*pol = o->policy != NULL ? o->policy : "";

	if (running) {
		snprintf(err, errlen, "A replay is already running");
		return -1;
	}
	if (!bgpe.started || !bgpe.configured || bgp_rib.rpl == NULL) {
		snprintf(err, errlen, "BGP is not configured (router bgp)");
		return -1;
	}
	if (pol[0] != '\0') {
		if (rpl_link(bgp_rib.rpl, pol, NULL, &prog, err, errlen) == -1)
			return -1;
		rpl_prog_free(prog);
	}
	/* another file into the same pseudo-neighbors (a bview, then its
	   updates) must go through the policy their routes went through */
	RB_FOREACH(p, peer_tree, &bgpe.peers)
		if (p->replayed && strcmp(p->conf.af[0].policy_in, pol) != 0) {
			snprintf(err, errlen, "Replayed neighbors exist with "
			    "%s%s: clear bgp replay first, or replay with it",
			    p->conf.af[0].policy_in[0] != '\0' ?
			    "route-policy " : "no route-policy",
			    p->conf.af[0].policy_in);
			return -1;
		}
	if ((job = calloc(1, sizeof(*job))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((job->mr = mrt_open(o->path, err, errlen)) == NULL) {
		free(job);
		job = NULL;
		return -1;
	}
	strlcpy(job->path, o->path, sizeof(job->path));
	strlcpy(job->policy, pol, sizeof(job->policy));
	job->has_peer = o->has_peer;
	job->peer = o->peer;
	job->speed = o->speed;
	job->start = loop_now();
	memset(&last, 0, sizeof(last));
	if (++generation <= 0)
		generation = 1;
	if ((job->t = loop_timer_add(0, batch, NULL)) == NULL) {
		mrt_close(job->mr);
		free(job);
		job = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	running = 1;
	return 0;
}
