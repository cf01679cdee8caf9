/*
 * converge_eng: the engine's convergence state (converge.h).  Observes
 * the engine through its session state hook and four calls: an UPDATE
 * received (recv.c, once decoded, before its routes are applied, so a
 * burst opens its event before the changes it causes), an UPDATE sent
 * (conn.c), a best path changed (rib.c), a commit applied (cmds); each
 * O(1).
 *
 * Quiet is looked at by a timer every CONV_TICK seconds, and only while
 * an event is open, so an event's end is known to CONV_TICK: the look
 * walks the neighbors and update groups (O(peers + groups)), which is
 * never done per UPDATE.  Quiet means:
 *   - update-delay is not holding advertisement;
 *   - no RPKI revalidation pending or walking, no MRT replay feeding;
 *   - every Established neighbor sent End-of-RIB for each address
 *     family negotiated (not waited for beyond CONV_EOR_WAIT seconds
 *     after the session came up: a speaker that never sends one, as
 *     XR's update-delay does not wait forever either), and has no
 *     message read but not processed nor any queued for sending;
 *   - every update group has no change waiting to be sent, is not
 *     recomputing its Adj-RIB-Out, and has no member still being sent
 *     the table or its End-of-RIB.
 * The Loc-RIB itself has no queue: an UPDATE is imported and decided
 * when it is read, so what is pending in the RIB is what the reasons
 * above name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/bgp/converge.h"
#include "core/bgp/metrics_src.h"
#include "core/bgp/peer.h"
#include "core/bgp/proto.h"
#include "core/bgp/replay.h"
#include "core/bgp/rov.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/lib/loop.h"

#define CONV_TICK	0.05	/* seconds between looks while open */
#define CONV_EOR_WAIT	120	/* seconds End-of-RIB is waited for */

static struct conv	 conv;
static int		 inited;
static struct loop_timer *t_tick;

static const char *const af_label[PEER_NAF] = {
	"IPv4 Unicast", "IPv6 Unicast"
};

static void	 arm(void);

static void
tick(void *arg)
{
	(void)arg;
	t_tick = NULL;
	conv_tick(&conv, converge_reasons(NULL, 0) == 0, loop_now());
	arm();
}

static void
arm(void)
{
	if (t_tick == NULL && !conv_converged(&conv))
		t_tick = loop_timer_add(CONV_TICK, tick, NULL);
}

/*
 * End-of-RIB (RFC 4724) as we send it: an UPDATE with nothing in it
 * (IPv4), or with only an empty MP_UNREACH_NLRI (its length in one
 * octet or, extended, two).  Not counted as an update: it carries no
 * route.
 */
static int
is_eor(const uint8_t *m, size_t len)
{
	const uint8_t	*b = m + BGP_HDR_LEN;

	if (len == BGP_HDR_LEN + 4)
		return b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0;
	if (len == BGP_HDR_LEN + 4 + 6)
		return b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 6 &&
		    !(b[4] & 0x10) && b[5] == 15 && b[6] == 3;
	if (len == BGP_HDR_LEN + 4 + 7)
		return b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 7 &&
		    (b[4] & 0x10) && b[5] == 15 && b[6] == 0 && b[7] == 3;
	return 0;
}

static void
on_state(const struct bgp_hook_event *ev, void *arg)
{
	(void)arg;
	if (ev->b == BGP_ST_ESTABLISHED && ev->a != BGP_ST_ESTABLISHED)
		conv_trigger(&conv, CONV_T_PEER_UP, ev->peer, 0, loop_now());
	else if (ev->a == BGP_ST_ESTABLISHED && ev->b != BGP_ST_ESTABLISHED)
		conv_trigger(&conv, CONV_T_PEER_DOWN, ev->peer, 0,
		    loop_now());
	else
		return;
	arm();
}


/* The convergence families of the metrics endpoint (metrics_src.h). */
static void
converge_metrics(struct metrics_out *mo, void *arg)
{
	struct converge_rec	 r;

	(void)arg;
	if (mo_family(mo, "xrsh_bgp_converged", MO_GAUGE, "1 when the RIB "
	    "and every update group are quiet (show bgp convergence)") == 0)
		mo_u64(mo, (uint64_t)converge_converged(), NULL);
	if (mo_family(mo, "xrsh_bgp_convergence_events", MO_COUNTER,
	    "Convergence events recorded (show bgp-monitor convergence)")
	    == 0)
		mo_u64(mo, converge_events(), NULL);
	if (converge_last(&r) == 0 && mo_family(mo,
	    "xrsh_bgp_convergence_last_seconds", MO_GAUGE, "Duration of "
	    "the last completed convergence event") == 0)
		mo_f64(mo, r.end - r.start, NULL);
	if (mo_family(mo, "xrsh_bgp_convergence_max_seconds", MO_GAUGE,
	    "Longest convergence event since the start") == 0)
		mo_f64(mo, converge_max(), NULL);
}

int
converge_init(void)
{
	if (inited)
		return 0;
	conv_init(&conv, loop_now());
	if (bgp_hook_add(BGP_HOOK_STATE, on_state, NULL) == -1)
		return -1;
	/* a full table only costs the series */
	(void)metrics_source_add(converge_metrics, NULL);
	inited = 1;
	return 0;
}

void
converge_commit(uint32_t commit_id)
{
	if (!inited)
		return;
	conv_trigger(&conv, CONV_T_COMMIT, NULL, commit_id, loop_now());
	arm();
}

void
converge_msg_sent(const uint8_t *msg, size_t len)
{
	if (!inited || len < BGP_HDR_LEN || msg[18] != BGP_MSG_UPDATE ||
	    is_eor(msg, len))
		return;
	conv_update_sent(&conv, 1);
}

void
converge_update_rcvd(const struct xaddr *peer, size_t nprefixes)
{
	/* End-of-RIB, or attributes alone: no route, no event */
	if (!inited || nprefixes == 0)
		return;
	conv_update_rcvd(&conv, peer, loop_now());
	conv_nlri(&conv, nprefixes);
	arm();
}

void
converge_prefix_changed(void)
{
	if (!inited)
		return;
	conv_prefix_changed(&conv, loop_now());
	arm();
}

int
converge_last(struct converge_rec *out)
{
	const struct converge_rec	*r = conv_rec(&conv, 0);

	if (r == NULL)
		return -1;
	*out = *r;
	return 0;
}

double
converge_max(void)
{
	return conv.max_id != 0 ? conv.max_dur : 0;
}

int
converge_converged(void)
{
	return converge_reasons(NULL, 0) == 0;
}

uint64_t
converge_events(void)
{
	/* ids are given from 1 as events open; the open one not counted */
	return conv.next_id > 0 ? conv.next_id - 1 - (uint64_t)conv.open : 0;
}

const struct conv *
converge_state(void)
{
	if (!inited)
		conv_init(&conv, loop_now());
	return &conv;
}

double
converge_duration(const struct converge_rec *r, double now)
{
	return (r->end > 0 ? r->end : now) - r->start;
}

/* ---- quiet, and why not ---- */

struct why {
	char		(*v)[CONV_REASON_LEN];
	size_t		 max, n;
};

static void
reason(struct why *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reason(struct why *w, const char *fmt, ...)
{
	va_list	 ap;

	if (w->v != NULL && w->n < w->max) {
		va_start(ap, fmt);
		vsnprintf(w->v[w->n], CONV_REASON_LEN, fmt, ap);
		va_end(ap);
	}
	w->n++;
}

static void
peer_reasons(struct why *w, struct peer *p, time_t now)
{
	size_t	 q;
	int	 afi;

	if (p->state != BGP_ST_ESTABLISHED || p->conn == NULL)
		return;
	for (afi = 0; afi < PEER_NAF; afi++)
		if ((p->afs_neg & peer_af_bit(afi)) &&
		    !p->afc[afi].eor_rcvd &&
		    now - p->state_since < CONV_EOR_WAIT)
			reason(w, "Neighbor %s: End-of-RIB not received for "
			    "%s", p->name, af_label[afi]);
	if ((q = conn_inq(p->conn)) > 0)
		reason(w, "Neighbor %s: %zu messages in input queue",
		    p->name, q);
	if ((q = conn_outq(p->conn)) > 0)
		reason(w, "Neighbor %s: %zu messages in output queue",
		    p->name, q);
}

static int
group_reasons(const struct updgroup_info *g, void *arg)
{
	struct why	*w = arg;
	const char	*af = af_label[g->afi == 1];

	if (g->pending > 0)
		reason(w, "Update group 0.%u (%s): %zu prefixes waiting to be "
		    "sent", g->id, af, g->pending);
	if (g->walking)
		reason(w, "Update group 0.%u (%s): Adj-RIB-Out being "
		    "recomputed", g->id, af);
	if (g->members_syncing > 0)
		reason(w, "Update group 0.%u (%s): %zu neighbors being sent "
		    "the table", g->id, af, g->members_syncing);
	return 0;
}

size_t
converge_reasons(char (*v)[CONV_REASON_LEN], size_t max)
{
	struct why	 w;
	struct peer	*p;
	time_t		 now = loop_wallclock();

	w.v = v;
	w.max = max;
	w.n = 0;
	if (engine_update_delay_holds())
		reason(&w, "Update-delay is holding advertisement");
	if (rov_busy())
		reason(&w, "RPKI origin validation running");
	if (bgp_replay_running())
		reason(&w, "MRT replay feeding routes");
	RB_FOREACH(p, peer_tree, &bgpe.peers)
		peer_reasons(&w, p, now);
	updgroup_foreach(group_reasons, &w);
	return w.n;
}
