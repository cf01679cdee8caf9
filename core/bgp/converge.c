/*
 * converge: the convergence event state machine (converge.h).  Pure:
 * no engine, no clock of its own.
 */
#include <string.h>

#include "core/bgp/converge.h"

void
conv_init(struct conv *c, double now)
{
	memset(c, 0, sizeof(*c));
	c->next_id = 1;
	c->since = now;
}

static int
same_peer(const struct xaddr *a, const struct xaddr *b)
{
	return a->af == b->af && memcmp(a->a, b->a, sizeof(a->a)) == 0;
}

static void
open_event(struct conv *c, double now)
{
	memset(&c->cur, 0, sizeof(c->cur));
	c->cur.id = c->next_id++;
	c->cur.start = now;
	c->open = 1;
	c->quiet = 0;
	c->last_rcvd = now;
	c->since = now;
}

/*
 * Adds t unless the same trigger is listed already.  "Internal" only
 * stands for changes nothing explained yet: a named trigger joining the
 * event replaces it (a session going down drops its routes before its
 * state hook runs, and those changes are the session's).
 */
static void
add_trig(struct converge_rec *r, const struct conv_trig *t)
{
	size_t	 i;

	if (t->kind != CONV_T_INTERNAL)
		for (i = 0; i < r->ntrig; i++)
			if (r->trig[i].kind == CONV_T_INTERNAL) {
				memmove(&r->trig[i], &r->trig[i + 1],
				    (r->ntrig - i - 1) * sizeof(r->trig[0]));
				r->ntrig--;
				break;
			}
	for (i = 0; i < r->ntrig; i++)
		if (r->trig[i].kind == t->kind &&
		    r->trig[i].commit_id == t->commit_id &&
		    same_peer(&r->trig[i].peer, &t->peer))
			return;
	if (r->ntrig < CONV_TRIG_MAX)
		r->trig[r->ntrig++] = *t;
	else
		r->trig_more++;
}

void
conv_trigger(struct conv *c, enum conv_trig_kind kind,
    const struct xaddr *peer, uint32_t commit_id, double now)
{
	struct conv_trig	 t;

	memset(&t, 0, sizeof(t));
	t.kind = kind;
	if (peer != NULL) {
		t.peer.af = peer->af;
		memcpy(t.peer.a, peer->a, sizeof(t.peer.a));
	}
	t.commit_id = commit_id;
	if (!c->open)
		open_event(c, now);
	/* new work: the quiet seen so far does not count */
	c->quiet = 0;
	add_trig(&c->cur, &t);
}

void
conv_update_rcvd(struct conv *c, const struct xaddr *peer, double now)
{
	size_t	 i;

	if (!c->open)
		conv_trigger(c, CONV_T_UPDATES, peer, 0, now);
	else {
		/* part of a trigger naming this neighbor, or a new one */
		for (i = 0; i < c->cur.ntrig; i++)
			if (c->cur.trig[i].kind != CONV_T_COMMIT &&
			    c->cur.trig[i].kind != CONV_T_INTERNAL &&
			    same_peer(&c->cur.trig[i].peer, peer))
				break;
		if (i == c->cur.ntrig)
			conv_trigger(c, CONV_T_UPDATES, peer, 0, now);
	}
	c->cur.updates_rcvd++;
	c->last_rcvd = now;
	c->quiet = 0;
}

void
conv_update_sent(struct conv *c, uint64_t n)
{
	if (c->open)
		c->cur.updates_sent += n;
}

void
conv_nlri(struct conv *c, uint64_t n)
{
	if (c->open)
		c->cur.prefixes_rcvd += n;
}

void
conv_prefix_changed(struct conv *c, double now)
{
	if (!c->open)
		conv_trigger(c, CONV_T_INTERNAL, NULL, 0, now);
	c->cur.prefixes_changed++;
}

static void
close_event(struct conv *c, double end)
{
	double	 d;

	c->cur.end = end;
	d = end - c->cur.start;
	if (d > c->max_dur || c->max_id == 0) {
		c->max_dur = d;
		c->max_id = c->cur.id;
	}
	c->ring[c->next] = c->cur;
	c->next = (c->next + 1) % CONV_RING;
	if (c->count < CONV_RING)
		c->count++;
	c->open = 0;
	c->since = end;
	c->quiet = 0;
}

int
conv_tick(struct conv *c, int quiet, double now)
{
	if (!c->open)
		return 0;
	if (!quiet) {
		c->quiet = 0;
		return 0;
	}
	if (!c->quiet) {
		c->quiet = 1;
		c->quiet_since = now > c->cur.start ? now : c->cur.start;
	}
	if (now - c->quiet_since < CONV_SETTLE ||
	    now - c->last_rcvd < CONV_SETTLE)
		return 0;
	close_event(c, c->quiet_since);
	return 1;
}

int
conv_converged(const struct conv *c)
{
	return !c->open;
}

const struct converge_rec *
conv_rec(const struct conv *c, size_t i)
{
	if (i >= c->count)
		return NULL;
	return &c->ring[(c->next + CONV_RING - 1 - i) % CONV_RING];
}
