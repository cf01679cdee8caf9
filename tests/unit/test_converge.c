/*
 * test_converge: the convergence event state machine (core/bgp/
 * converge.h) on a fake clock: an event per trigger, overlapping
 * triggers merged into one record, quiet detected only after
 * CONV_SETTLE seconds with no UPDATE and dated from when it started,
 * the bounded ring, the longest event.
 */
#include <math.h>
#include <string.h>

#include "core/bgp/converge.h"
#include "tests/unit/t.h"

#define NEAR(a, b)	(fabs((a) - (b)) < 1e-9)

static struct conv	 c;	/* big: not on the stack */

static struct xaddr
peer(int n)
{
	struct xaddr	 a;

	memset(&a, 0, sizeof(a));
	a.af = AF_V4;
	a.a[0] = 127;
	a.a[3] = (uint8_t)n;
	return a;
}

static void
test_initial(void)
{
	conv_init(&c, 100);
	T_ASSERT(conv_converged(&c));
	T_ASSERT(conv_rec(&c, 0) == NULL);
	T_ASSERT(NEAR(c.since, 100));
	/* nothing open: a tick changes nothing, a send is not counted */
	T_EQ_INT(conv_tick(&c, 1, 101), 0);
	conv_update_sent(&c, 5);
	T_ASSERT(conv_converged(&c));
}

/* session up, its routes, quiet: one record dated by the first quiet
   look, closed only once the settle time has passed */
static void
test_peer_up(void)
{
	struct xaddr			 p2 = peer(2);
	const struct converge_rec	*r;

	conv_init(&c, 100);
	conv_trigger(&c, CONV_T_PEER_UP, &p2, 0, 100.0);
	T_ASSERT(!conv_converged(&c));
	conv_update_rcvd(&c, &p2, 100.1);
	conv_nlri(&c, 1);
	conv_prefix_changed(&c, 100.1);
	conv_update_rcvd(&c, &p2, 100.2);
	conv_nlri(&c, 2);	/* one of them changes no best path */
	conv_prefix_changed(&c, 100.2);
	conv_update_sent(&c, 1);
	T_EQ_INT(conv_tick(&c, 0, 100.25), 0);	/* still busy */
	T_EQ_INT(conv_tick(&c, 1, 100.3), 0);	/* quiet from now */
	T_EQ_INT(conv_tick(&c, 1, 100.45), 0);	/* not settled yet */
	T_ASSERT(!conv_converged(&c));
	T_EQ_INT(conv_tick(&c, 1, 100.55), 1);
	T_ASSERT(conv_converged(&c));
	r = conv_rec(&c, 0);
	T_ASSERT(r != NULL);
	if (r == NULL)
		return;
	T_EQ_INT(r->id, 1);
	T_ASSERT(NEAR(r->start, 100.0));
	T_ASSERT(NEAR(r->end, 100.3));
	T_ASSERT(NEAR(converge_duration(r, 200), 0.3));
	T_EQ_INT(r->updates_rcvd, 2);
	T_EQ_INT(r->updates_sent, 1);
	T_EQ_INT(r->prefixes_rcvd, 3);
	T_EQ_INT(r->prefixes_changed, 2);
	/* the updates belong to the neighbor-up trigger */
	T_EQ_INT(r->ntrig, 1);
	T_EQ_INT(r->trig[0].kind, CONV_T_PEER_UP);
	T_ASSERT(memcmp(&r->trig[0].peer, &p2, sizeof(p2)) == 0);
	T_ASSERT(NEAR(c.since, 100.3));
	T_ASSERT(NEAR(c.max_dur, 0.3));
	T_EQ_INT(c.max_id, 1);
}

/* triggers overlapping in time: one record listing them all */
static void
test_merge(void)
{
	struct xaddr			 p2 = peer(2), p3 = peer(3);
	const struct converge_rec	*r;

	conv_init(&c, 100);
	conv_trigger(&c, CONV_T_PEER_UP, &p2, 0, 200.0);
	conv_trigger(&c, CONV_T_COMMIT, NULL, 1000000007u, 200.1);
	conv_update_rcvd(&c, &p3, 200.2);	/* a neighbor not named */
	conv_update_rcvd(&c, &p3, 200.3);	/* listed once */
	conv_trigger(&c, CONV_T_PEER_UP, &p2, 0, 200.3);	/* again */
	T_EQ_INT(conv_tick(&c, 1, 200.4), 0);
	/* new work during the settle time: the quiet starts over */
	conv_trigger(&c, CONV_T_PEER_DOWN, &p3, 0, 200.5);
	T_EQ_INT(conv_tick(&c, 1, 200.7), 0);
	T_EQ_INT(conv_tick(&c, 1, 201.0), 1);
	r = conv_rec(&c, 0);
	T_ASSERT(r != NULL && c.count == 1);
	if (r == NULL)
		return;
	T_EQ_INT(r->ntrig, 4);
	T_EQ_INT(r->trig[0].kind, CONV_T_PEER_UP);
	T_EQ_INT(r->trig[1].kind, CONV_T_COMMIT);
	T_EQ_INT(r->trig[1].commit_id, 1000000007u);
	T_EQ_INT(r->trig[2].kind, CONV_T_UPDATES);
	T_ASSERT(memcmp(&r->trig[2].peer, &p3, sizeof(p3)) == 0);
	T_EQ_INT(r->trig[3].kind, CONV_T_PEER_DOWN);
	T_EQ_INT(r->updates_rcvd, 2);
	T_ASSERT(NEAR(r->end, 200.7));
	T_ASSERT(NEAR(converge_duration(r, 0), 0.7));
}

/* a burst: UPDATEs after quiet open an event; one arriving within the
   settle time keeps it open even when the engine looked quiet */
static void
test_burst(void)
{
	struct xaddr			 p4 = peer(4);
	const struct converge_rec	*r;

	conv_init(&c, 100);
	conv_update_rcvd(&c, &p4, 300.0);
	T_ASSERT(!conv_converged(&c));
	T_EQ_INT(conv_tick(&c, 1, 300.05), 0);
	conv_update_rcvd(&c, &p4, 300.1);
	T_EQ_INT(conv_tick(&c, 1, 300.15), 0);
	T_EQ_INT(conv_tick(&c, 1, 300.3), 0);	/* 0.15 after the last */
	T_EQ_INT(conv_tick(&c, 1, 300.4), 1);
	r = conv_rec(&c, 0);
	T_ASSERT(r != NULL);
	if (r == NULL)
		return;
	T_EQ_INT(r->ntrig, 1);
	T_EQ_INT(r->trig[0].kind, CONV_T_UPDATES);
	T_EQ_INT(r->updates_rcvd, 2);
	T_ASSERT(NEAR(r->end, 300.15));
	/* a route change with no trigger: internal */
	conv_prefix_changed(&c, 310);
	T_EQ_INT(conv_tick(&c, 1, 310.5), 0);
	T_EQ_INT(conv_tick(&c, 1, 310.8), 1);
	r = conv_rec(&c, 0);
	T_ASSERT(r != NULL && r->id == 2 &&
	    r->trig[0].kind == CONV_T_INTERNAL && r->prefixes_changed == 1);
	/* a session down drops its routes before its state is reported:
	   the changes are the session's, not internal */
	conv_prefix_changed(&c, 320);
	conv_trigger(&c, CONV_T_PEER_DOWN, &p4, 0, 320);
	conv_prefix_changed(&c, 320);
	T_EQ_INT(c.cur.ntrig, 1);
	T_EQ_INT(c.cur.trig[0].kind, CONV_T_PEER_DOWN);
	T_EQ_INT(c.cur.prefixes_changed, 2);
	T_EQ_INT(conv_tick(&c, 1, 320.1), 0);
	T_EQ_INT(conv_tick(&c, 1, 320.4), 1);
	/* newest first */
	T_ASSERT(conv_rec(&c, 0) != NULL && conv_rec(&c, 0)->id == 3);
	T_ASSERT(conv_rec(&c, 2) != NULL && conv_rec(&c, 2)->id == 1);
	T_ASSERT(conv_rec(&c, 3) == NULL);
}

/* more triggers than kept; more records than the ring holds */
static void
test_bounds(void)
{
	struct xaddr			 p;
	const struct converge_rec	*r;
	double				 t = 1000;
	int				 i;

	conv_init(&c, 100);
	for (i = 1; i <= CONV_TRIG_MAX + 2; i++) {
		p = peer(i);
		conv_trigger(&c, CONV_T_PEER_UP, &p, 0, t);
	}
	T_EQ_INT(c.cur.ntrig, CONV_TRIG_MAX);
	T_EQ_INT(c.cur.trig_more, 2);
	conv_tick(&c, 1, t + 5);	/* event 1: 5 s, the longest */
	conv_tick(&c, 1, t + 6);
	for (i = 0; i < CONV_RING + 44; i++) {
		t += 10;
		conv_trigger(&c, CONV_T_COMMIT, NULL, (uint32_t)i + 1, t);
		conv_tick(&c, 1, t + 0.1);
		conv_tick(&c, 1, t + 1);
	}
	T_EQ_INT(c.count, CONV_RING);
	r = conv_rec(&c, 0);
	T_ASSERT(r != NULL && r->id == CONV_RING + 45);
	r = conv_rec(&c, CONV_RING - 1);
	T_ASSERT(r != NULL && r->id == 46);
	T_ASSERT(conv_rec(&c, CONV_RING) == NULL);
	T_EQ_INT(c.max_id, 1);
	T_ASSERT(NEAR(c.max_dur, 5));
}

int
main(void)
{
	test_initial();
	test_peer_up();
	test_merge();
	test_burst();
	test_bounds();
	return T_DONE();
}
