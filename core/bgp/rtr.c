/*
 * rtr: the RTR client on rtrlib; see rtr.h.
 *
 * One rtr_mgr (one group, one socket) per server, and the choice of the
 * preference group made here, on the loop thread.  rtrlib 0.8.0's own
 * multi-group manager is not used for that because of what it does when
 * groups change at run time: rtr_mgr_add_group re-initialises the new
 * sockets with another group's intervals (our per-server refresh/purge
 * times would be lost), rtr_mgr_remove_group never frees the transport
 * of a group that is closed, and a group that comes up stops the less
 * preferred ones from inside its socket thread while holding the manager
 * mutex.  With one manager per server an unchanged server is never
 * touched by a commit, and every start and stop (which joins rtrlib's
 * thread) happens here.
 *
 * Group choice (the same rule rtr_mgr applies): run the groups in
 * preference order up to the first one that is synced, or up to the
 * first one none of whose servers has failed, whichever comes first.
 * Groups before it keep retrying, so the preferred group takes over
 * again once it has synced; groups after it are stopped and their VRPs
 * leave the table.
 *
 * Intervals: refresh-time is rtrlib's refresh interval (off: rtrlib's
 * maximum, a day, so only the server's Serial Notify triggers a query);
 * purge-time is rtrlib's expire interval, set on the socket after
 * rtr_mgr_init (whose range check starts at 600 s, above XR's 30-360);
 * response-time is the TCP connect timeout (rtrlib has no per-query
 * timer to give it; off: rtrlib's default of 30 s).  The retry interval
 * (not configurable on XR) is 10 s, or purge-time when shorter: rtrlib
 * only purges a lost server's VRPs when it retries, so this bounds how
 * late the purge comes, and how soon a preferred server that is back
 * takes over again.  Intervals the
 * server sends in End of Data are ignored: the router's configuration
 * wins, as on XR.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <rtrlib/rtrlib.h>

#include "core/bgp/roa.h"
#include "core/bgp/rtr.h"
#include "core/bgp/rtr_quiet.h"
#include "core/bgp/transport.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define RTR_RETRY_S	10
#define RTR_REFRESH_OFF	86400	/* rtrlib's maximum */
#define RTR_PURGE_DEF	3600	/* purge_time 0 (not given) */
#define RTR_DRAIN_BATCH	65536	/* queue entries applied per loop turn */

enum qkind { Q_ADD, Q_DEL, Q_STATE };

struct qent {
	uint8_t		 kind;
	uint8_t		 slot;
	uint8_t		 maxlen;
	uint8_t		 up;		/* Q_STATE: synced when pushed */
	uint32_t	 gen;
	uint32_t	 asn;
	struct xprefix	 pfx;
};

/* What rtrlib's threads report; read and written under R.mtx. */
struct live {
	const char	*state;
	int		 up;		/* synced */
	int		 failed;	/* an error since it was last synced */
	time_t		 state_since;
	uint8_t		 version;
	int		 have_session;
	uint16_t	 session_id;
	uint32_t	 serial;
	time_t		 last_update;	/* wall clock */
	time_t		 last_update_mono; /* rtrlib's, to see a new EOD */
	unsigned	 refresh, retry, expire;
	char		 last_error[128];
};

struct srv {
	int		 used;
	int		 order;		/* position in the configuration */
	struct rtr_server_cfg cfg;
	unsigned	 slot;
	uint32_t	 gen;
	int		 refused;
	int		 no_transport;
	struct rtr_mgr_config *mgr;	/* non-NULL: running */
	struct rtr_mgr_group grp;
	struct rtr_socket *sockv[1];
	struct rtr_socket rsock;
	struct tr_socket tsock;
	char		 port[8];
	struct live	 live;
	const char	*logged;	/* loop thread: state last logged */
	/*
	 * Loop thread: synced as far as the table knows.  rtrlib says
	 * "synced" (live.up) right after it queued the last VRP, before the
	 * loop applied them; shows and waits read this one, set when the
	 * state's entry, queued after those VRPs, is drained.
	 */
	int		 up_applied;
};

static struct {
	int		 inited;
	int		 offline, loopback_only;
	struct roa_table *roa;
	rtr_change_cb	 cb;
	void		*cbarg;
	pthread_mutex_t	 mtx;
	struct qent	*q;		/* filled by rtrlib's threads */
	size_t		 qn, qcap;
	int		 overflow;	/* a record was lost: resync */
	int		 pfd[2];
	struct qent	*work;		/* taken from q, loop thread only */
	size_t		 wn, wi;
	uint32_t	 gen_next;
	struct srv	 srv[ROA_SRC_MAX];	/* index = slot, 0 unused */
} R = { .pfd = { -1, -1 } };

/* ---- rtrlib's threads: enqueue only ---- */

static void
wake(void)
{
	char	 c = 1;

	if (write(R.pfd[1], &c, 1) == -1) {
		/* EAGAIN: the pipe is full, so the loop is woken anyway */
	}
}

/* Under R.mtx. */
static void
push(const struct qent *e)
{
	struct qent	*nq;
	size_t		 ncap;

	if (R.qn == R.qcap) {
		ncap = R.qcap ? R.qcap * 2 : 1024;
		if ((nq = realloc(R.q, ncap * sizeof(*nq))) == NULL) {
			R.overflow = 1;
			wake();
			return;
		}
		R.q = nq;
		R.qcap = ncap;
	}
	R.q[R.qn++] = *e;
	if (R.qn == 1)
		wake();
}

static struct srv *
srv_of_socket(const struct rtr_socket *s)
{
	if (s == NULL)
		return NULL;
	return (struct srv *)(void *)((char *)(uintptr_t)s -
	    offsetof(struct srv, rsock));
}

/* rtrlib's record to a VRP; -1 for lengths no family has. */
static int
vrp_of_record(const struct pfx_record *r, struct qent *e)
{
	unsigned	 i, width;
	uint32_t	 w;

	memset(&e->pfx, 0, sizeof(e->pfx));
	if (r->prefix.ver == LRTR_IPV4) {
		e->pfx.addr.af = AF_V4;
		w = htonl(r->prefix.u.addr4.addr);
		memcpy(e->pfx.addr.a, &w, 4);
		width = 32;
	} else if (r->prefix.ver == LRTR_IPV6) {
		e->pfx.addr.af = AF_V6;
		for (i = 0; i < 4; i++) {
			w = htonl(r->prefix.u.addr6.addr[i]);
			memcpy(e->pfx.addr.a + 4 * i, &w, 4);
		}
		width = 128;
	} else
		return -1;
	if (r->min_len > width || r->max_len > width ||
	    r->max_len < r->min_len)
		return -1;
	e->pfx.len = r->min_len;
	prefix_mask(&e->pfx);
	e->maxlen = r->max_len;
	e->asn = r->asn;
	return 0;
}

static void
pfx_cb(struct pfx_table *t, const struct pfx_record rec, const bool added)
{
	struct srv	*s = srv_of_socket(rec.socket);
	struct qent	 e;

	int		 ocs;

	(void)t;
	if (s == NULL || vrp_of_record(&rec, &e) == -1)
		return;
	e.kind = added ? Q_ADD : Q_DEL;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &ocs);
	pthread_mutex_lock(&R.mtx);
	e.slot = (uint8_t)s->slot;
	e.gen = s->gen;
	push(&e);
	pthread_mutex_unlock(&R.mtx);
	pthread_setcancelstate(ocs, NULL);
}

static const char *
state_name(const struct rtr_socket *k)
{
	switch (k->state) {
	case RTR_ESTABLISHED:
		return "ESTAB";
	case RTR_RESET:
	case RTR_SYNC:
		return k->last_update != 0 ? "ESTAB" : "CONNECTING";
	case RTR_CONNECTING:
	case RTR_FAST_RECONNECT:
		return "CONNECTING";
	case RTR_ERROR_NO_DATA_AVAIL:
	case RTR_ERROR_NO_INCR_UPDATE_AVAIL:
	case RTR_ERROR_FATAL:
	case RTR_ERROR_TRANSPORT:
		return "ERROR";
	default:
		return "NONE";
	}
}

static const char *
error_text(enum rtr_socket_state st)
{
	switch (st) {
	case RTR_ERROR_NO_DATA_AVAIL:
		return "no data available on the server";
	case RTR_ERROR_NO_INCR_UPDATE_AVAIL:
		return "no incremental update available, reset";
	case RTR_ERROR_FATAL:
		return "protocol error or connection closed by the server";
	case RTR_ERROR_TRANSPORT:
		return "transport error (connection refused, lost or "
		    "timed out)";
	default:
		return NULL;
	}
}

static void
status_cb(const struct rtr_mgr_group *g, enum rtr_mgr_status mst,
    const struct rtr_socket *sock, void *data)
{
	struct srv	*s = data;
	const struct rtr_socket *k = &s->rsock;
	struct live	*l = &s->live;
	const char	*st, *et;
	struct qent	 e;

	int		 ocs;

	(void)g;
	(void)mst;
	(void)sock;
	/*
	 * rtrlib reports some errors from code where its thread may be
	 * cancelled (rtr_stop), and write() in push() is a cancellation
	 * point: cancelled there, the thread would keep R.mtx for ever.
	 */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &ocs);
	pthread_mutex_lock(&R.mtx);
	st = state_name(k);
	if (l->state == NULL || strcmp(l->state, st) != 0) {
		l->state = st;
		l->state_since = time(NULL);
	}
	l->up = k->last_update != 0 && (k->state == RTR_ESTABLISHED ||
	    k->state == RTR_RESET || k->state == RTR_SYNC);
	if ((et = error_text(k->state)) != NULL) {
		l->failed = 1;
		snprintf(l->last_error, sizeof(l->last_error), "%s", et);
	}
	if (l->up)
		l->failed = 0;
	if (k->last_update != 0 && k->last_update != l->last_update_mono) {
		l->last_update_mono = k->last_update;
		l->last_update = time(NULL);
	}
	l->version = (uint8_t)k->version;
	l->have_session = !k->request_session_id;
	l->session_id = (uint16_t)k->session_id;
	l->serial = k->serial_number;
	l->refresh = k->refresh_interval;
	l->retry = k->retry_interval;
	l->expire = k->expire_interval;
	memset(&e, 0, sizeof(e));
	e.kind = Q_STATE;
	e.up = (uint8_t)(l->up != 0);
	e.slot = (uint8_t)s->slot;
	e.gen = s->gen;
	push(&e);
	pthread_mutex_unlock(&R.mtx);
	pthread_setcancelstate(ocs, NULL);
}

/* ---- Loop thread ---- */

static void
vrp_gone(const struct xprefix *p, void *arg)
{
	(void)arg;
	if (R.cb != NULL)
		R.cb(p, R.cbarg);
}

static void
set_state(struct srv *s, const char *st, const char *err)
{
	pthread_mutex_lock(&R.mtx);
	if (s->live.state == NULL || strcmp(s->live.state, st) != 0) {
		s->live.state = st;
		s->live.state_since = time(NULL);
	}
	s->live.up = 0;
	s->up_applied = 0;
	s->live.failed = 0;
	if (err != NULL)
		snprintf(s->live.last_error, sizeof(s->live.last_error),
		    "%s", err);
	pthread_mutex_unlock(&R.mtx);
}

static unsigned
refresh_of(const struct rtr_server_cfg *c)
{
	return c->refresh_time == 0 ? RTR_REFRESH_OFF : c->refresh_time;
}

static unsigned
purge_of(const struct rtr_server_cfg *c)
{
	return c->purge_time == 0 ? RTR_PURGE_DEF : c->purge_time;
}

static unsigned
retry_of(const struct rtr_server_cfg *c)
{
	unsigned	 p = purge_of(c);

	return p < RTR_RETRY_S ? p : RTR_RETRY_S;
}

static int
srv_start(struct srv *s)
{
	struct tr_tcp_config	 tc;

	memset(&s->rsock, 0, sizeof(s->rsock));
	memset(&s->tsock, 0, sizeof(s->tsock));
	snprintf(s->port, sizeof(s->port), "%u", (unsigned)s->cfg.port);
	memset(&tc, 0, sizeof(tc));
	tc.host = s->cfg.host;
	tc.port = s->port;
	tc.connect_timeout = s->cfg.response_time;
	if (tr_tcp_init(&tc, &s->tsock) != TR_SUCCESS) {
		set_state(s, "ERROR", "cannot create the transport socket");
		return -1;
	}
	s->rsock.tr_socket = &s->tsock;
	s->sockv[0] = &s->rsock;
	memset(&s->grp, 0, sizeof(s->grp));
	s->grp.sockets = s->sockv;
	s->grp.sockets_len = 1;
	s->grp.preference = 1;
	s->grp.status = RTR_MGR_CLOSED;
	/* valid placeholders: the socket's own values are set below */
	if (rtr_mgr_init(&s->mgr, &s->grp, 1, 3600, 7200, 600, pfx_cb,
	    NULL, status_cb, s) != RTR_SUCCESS) {
		s->mgr = NULL;
		s->tsock.free_fp(&s->tsock);
		set_state(s, "ERROR", "cannot initialise the RTR manager");
		return -1;
	}
	s->rsock.refresh_interval = refresh_of(&s->cfg);
	s->rsock.expire_interval = purge_of(&s->cfg);
	s->rsock.retry_interval = retry_of(&s->cfg);
	rtr_set_interval_mode(&s->rsock, RTR_INTERVAL_MODE_IGNORE_ANY);
	set_state(s, "CONNECTING", NULL);
	if (rtr_mgr_start(s->mgr) != RTR_SUCCESS) {
		rtr_mgr_stop(s->mgr);
		rtr_mgr_free(s->mgr);
		s->mgr = NULL;
		set_state(s, "ERROR", "cannot start the RTR thread");
		return -1;
	}
	return 0;
}

/* Joins rtrlib's thread; its VRPs leave the table through the queue. */
static void
srv_stop(struct srv *s, const char *st)
{
	if (s->mgr != NULL) {
		rtr_mgr_stop(s->mgr);
		rtr_mgr_free(s->mgr);
		s->mgr = NULL;
	}
	set_state(s, st, NULL);
	s->logged = st;		/* a stop we asked for is not a loss */
}

/* Enabled: configured, allowed and not shut down. */
static int
srv_enabled(const struct srv *s)
{
	return s->used && !s->refused && !s->no_transport &&
	    !s->cfg.shutdown && !R.offline;
}

static int
pref_cmp(const void *a, const void *b)
{
	unsigned	 x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* The group rule of the file's comment. */
static void
select_groups(void)
{
	unsigned	 prefs[ROA_SRC_MAX], limit;
	size_t		 np = 0, i, k;
	struct srv	*s;
	int		 all_up, any_failed, dup;

	for (k = 1; k < ROA_SRC_MAX; k++) {
		s = &R.srv[k];
		if (!srv_enabled(s))
			continue;
		for (dup = 0, i = 0; i < np; i++)
			if (prefs[i] == s->cfg.preference)
				dup = 1;
		if (!dup)
			prefs[np++] = s->cfg.preference;
	}
	qsort(prefs, np, sizeof(prefs[0]), pref_cmp);
	limit = np > 0 ? prefs[np - 1] : 0;
	pthread_mutex_lock(&R.mtx);
	for (i = 0; i < np; i++) {
		all_up = 1;
		any_failed = 0;
		for (k = 1; k < ROA_SRC_MAX; k++) {
			s = &R.srv[k];
			if (!srv_enabled(s) || s->cfg.preference != prefs[i])
				continue;
			if (s->mgr == NULL || !s->live.up)
				all_up = 0;
			if (s->mgr != NULL && s->live.failed)
				any_failed = 1;
		}
		if (all_up || !any_failed) {
			limit = prefs[i];
			break;
		}
	}
	pthread_mutex_unlock(&R.mtx);
	for (k = 1; k < ROA_SRC_MAX; k++) {
		s = &R.srv[k];
		if (!srv_enabled(s))
			continue;
		if (s->cfg.preference <= limit && s->mgr == NULL)
			(void)srv_start(s);
		else if (s->cfg.preference > limit && s->mgr != NULL) {
			log_info("RPKI server %s: standby (a more preferred "
			    "server is synced)", s->cfg.host);
			srv_stop(s, "NONE");
		}
	}
}

static void
apply_vrp(const struct qent *e)
{
	int	 rc;

	if (e->kind == Q_ADD)
		rc = roa_add(R.roa, &e->pfx, e->maxlen, e->asn, e->slot);
	else
		rc = roa_remove(R.roa, &e->pfx, e->maxlen, e->asn, e->slot);
	if (rc == 1 && R.cb != NULL)
		R.cb(&e->pfx, R.cbarg);
}

static void
log_state(struct srv *s)
{
	const char	*st;
	uint32_t	 serial;
	char		 err[sizeof(s->live.last_error)];

	pthread_mutex_lock(&R.mtx);
	st = s->live.state;
	serial = s->live.serial;
	snprintf(err, sizeof(err), "%s", s->live.last_error);
	pthread_mutex_unlock(&R.mtx);
	if (st == NULL || (s->logged != NULL && strcmp(st, s->logged) == 0))
		return;
	if (strcmp(st, "ESTAB") == 0)
		log_info("RPKI server %s: synced (serial %u)", s->cfg.host,
		    (unsigned)serial);
	else if (s->logged != NULL && strcmp(s->logged, "ESTAB") == 0)
		log_warnx("RPKI server %s: session lost%s%s", s->cfg.host,
		    err[0] ? ": " : "", err);
	else if (strcmp(st, "ERROR") == 0)
		log_warnx("RPKI server %s: %s", s->cfg.host, err);
	s->logged = st;
}

struct resync_ctx {
	unsigned	 slot;
};

static void
resync_rec(const struct pfx_record *r, void *arg)
{
	struct resync_ctx *c = arg;
	struct qent	 e;

	if (vrp_of_record(r, &e) == -1 || srv_of_socket(r->socket) !=
	    &R.srv[c->slot])
		return;
	e.kind = Q_ADD;
	e.slot = (uint8_t)c->slot;
	apply_vrp(&e);
}

/*
 * A record was lost (no memory for the queue): rebuild each server's
 * part of the table from rtrlib's.  Entries queued after the reset are
 * replayed on top, which is harmless: each is the latest operation on
 * its VRP.
 */
static void
resync(void)
{
	struct resync_ctx c;
	unsigned	 k;

	log_warnx("RPKI: update queue overflow, resynchronising the ROA "
	    "table");
	for (k = 1; k < ROA_SRC_MAX; k++) {
		if (!R.srv[k].used)
			continue;
		(void)roa_remove_source(R.roa, k, vrp_gone, NULL);
		if (R.srv[k].mgr == NULL)
			continue;
		c.slot = k;
		rtr_mgr_for_each_ipv4_record(R.srv[k].mgr, resync_rec, &c);
		rtr_mgr_for_each_ipv6_record(R.srv[k].mgr, resync_rec, &c);
	}
}

static void
drain(int fd, short revents, void *arg)
{
	char		 buf[256];
	const struct qent *e;
	struct srv	*s;
	size_t		 end, k;
	int		 states = 0, overflow;

	(void)revents;
	(void)arg;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	if (R.work == NULL) {
		pthread_mutex_lock(&R.mtx);
		R.work = R.q;
		R.wn = R.qn;
		R.wi = 0;
		R.q = NULL;
		R.qn = R.qcap = 0;
		overflow = R.overflow;
		R.overflow = 0;
		pthread_mutex_unlock(&R.mtx);
		if (overflow) {
			free(R.work);
			R.work = NULL;
			R.wn = 0;
			resync();
			/* the table is rtrlib's whole one now */
			pthread_mutex_lock(&R.mtx);
			for (k = 1; k < ROA_SRC_MAX; k++)
				R.srv[k].up_applied = R.srv[k].live.up;
			pthread_mutex_unlock(&R.mtx);
			select_groups();
			return;
		}
	}
	end = R.wi + RTR_DRAIN_BATCH < R.wn ? R.wi + RTR_DRAIN_BATCH : R.wn;
	for (; R.wi < end; R.wi++) {
		e = &R.work[R.wi];
		s = &R.srv[e->slot];
		if (!s->used || s->gen != e->gen)
			continue;	/* from a server since removed */
		if (e->kind == Q_STATE) {
			s->up_applied = e->up;
			log_state(s);
			states = 1;
		} else
			apply_vrp(e);
	}
	if (R.wi >= R.wn) {
		free(R.work);
		R.work = NULL;
		R.wn = R.wi = 0;
	} else
		wake();		/* the rest on the next turn */
	if (states)
		select_groups();
}

void
rtr_init(struct roa_table *roa, rtr_change_cb cb, void *arg, int offline,
    int loopback_only)
{
	int	 i;

	if (R.inited)
		rtr_stop();
	rtr_quiet_init();
	memset(&R, 0, sizeof(R));
	R.pfd[0] = R.pfd[1] = -1;
	for (i = 0; i < ROA_SRC_MAX; i++)
		R.srv[i].slot = (unsigned)i;
	R.roa = roa;
	R.cb = cb;
	R.cbarg = arg;
	R.offline = offline;
	R.loopback_only = loopback_only || bgp_tr_loopback_only();
	if (pthread_mutex_init(&R.mtx, NULL) != 0) {
		log_warnx("RPKI: cannot create a mutex: no RTR client");
		R.offline = 1;
	} else if (pipe(R.pfd) == -1) {
		log_warnx("RPKI: pipe: %s: no RTR client", strerror(errno));
		R.pfd[0] = R.pfd[1] = -1;
		R.offline = 1;
	} else {
		for (i = 0; i < 2; i++) {
			(void)fcntl(R.pfd[i], F_SETFL, O_NONBLOCK);
			(void)fcntl(R.pfd[i], F_SETFD, FD_CLOEXEC);
		}
		if (loop_fd_add(R.pfd[0], POLLIN, drain, NULL) == -1) {
			log_warnx("RPKI: event loop full: no RTR client");
			R.offline = 1;
		}
	}
	R.inited = 1;
}

/* Same session settings: the preference is not one (only the group
   choice reads it), so changing it keeps the session. */
static int
same_cfg(const struct rtr_server_cfg *a, const struct rtr_server_cfg *b)
{
	return strcmp(a->host, b->host) == 0 && a->port == b->port &&
	    a->refresh_time == b->refresh_time &&
	    a->response_time == b->response_time &&
	    a->purge_time == b->purge_time && a->shutdown == b->shutdown;
}

static struct srv *
srv_find(const char *host)
{
	struct xaddr	 a, b;
	int		 isaddr;
	unsigned	 k;

	isaddr = addr_parse(host, &a) == 0;
	for (k = 1; k < ROA_SRC_MAX; k++) {
		if (!R.srv[k].used)
			continue;
		if (strcmp(R.srv[k].cfg.host, host) == 0)
			return &R.srv[k];
		if (isaddr && addr_parse(R.srv[k].cfg.host, &b) == 0 &&
		    addr_cmp(&a, &b) == 0)
			return &R.srv[k];
	}
	return NULL;
}

/* 1 if s's host is still configured (its other settings changed). */
static int
in_new_cfg(const struct srv *s, const struct rtr_server_cfg *cfg, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s->cfg.host, cfg[i].host) == 0)
			return 1;
	return 0;
}

static void
srv_remove(struct srv *s)
{
	srv_stop(s, "NONE");
	pthread_mutex_lock(&R.mtx);
	s->used = 0;
	s->gen = ++R.gen_next;
	pthread_mutex_unlock(&R.mtx);
	(void)roa_remove_source(R.roa, s->slot, vrp_gone, NULL);
}

static void
srv_setup(struct srv *s, const struct rtr_server_cfg *c, int order,
    struct strbuf *report)
{
	struct xaddr	 a;

	pthread_mutex_lock(&R.mtx);
	memset(&s->live, 0, sizeof(s->live));
	s->cfg = *c;
	s->order = order;
	s->refused = 0;
	s->no_transport = 0;
	s->logged = NULL;
	s->gen = ++R.gen_next;
	s->used = 1;
	pthread_mutex_unlock(&R.mtx);
	/* offline nothing is ever contacted: no refusal to report */
	if (R.loopback_only && !R.offline &&
	    (addr_parse(c->host, &a) == -1 || !bgp_tr_is_loopback(&a))) {
		s->refused = 1;
		set_state(s, "REFUSED", "XRSH_LOOPBACK_ONLY is set (address "
		    "outside loopback)");
		log_warnx("RPKI server %s refused: XRSH_LOOPBACK_ONLY is set "
		    "(address outside loopback)", c->host);
		if (report != NULL)
			sb_printf(report, "RPKI server %s: refused (address "
			    "outside loopback)\n", c->host);
		return;
	}
	if (c->shutdown) {
		set_state(s, "SHUTDOWN", NULL);
		if (report != NULL)
			sb_printf(report, "RPKI server %s: shut down\n",
			    c->host);
		return;
	}
	if (c->port == 0) {
		s->no_transport = 1;
		set_state(s, "NONE", "no transport configured");
		return;
	}
	set_state(s, "NONE", NULL);
	if (report != NULL)
		sb_printf(report, "RPKI server %s: started\n", c->host);
}

int
rtr_apply(const struct rtr_server_cfg *cfg, size_t n, struct strbuf *report,
    char *err, size_t errlen)
{
	struct srv	*s;
	size_t		 i, j;
	unsigned	 k;
	int		 keep[ROA_SRC_MAX];

	if (!R.inited) {
		snprintf(err, errlen, "RTR client not initialised");
		return -1;
	}
	if (n > RTR_SERVERS_MAX) {
		snprintf(err, errlen, "too many RPKI servers (%zu, at most "
		    "%d)", n, RTR_SERVERS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (cfg[i].host[0] == '\0' || memchr(cfg[i].host, '\0',
		    sizeof(cfg[i].host)) == NULL) {
			snprintf(err, errlen, "RPKI server %zu has no host",
			    i + 1);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(cfg[i].host, cfg[j].host) == 0) {
				snprintf(err, errlen, "RPKI server %s "
				    "configured twice", cfg[i].host);
				return -1;
			}
	}
	/* removed and changed servers first: their slots are reused */
	memset(keep, 0, sizeof(keep));
	for (i = 0; i < n; i++)
		if ((s = srv_find(cfg[i].host)) != NULL &&
		    strcmp(s->cfg.host, cfg[i].host) == 0 &&
		    same_cfg(&s->cfg, &cfg[i])) {
			keep[s->slot] = 1;
			s->order = (int)i;
			s->cfg.preference = cfg[i].preference;
		}
	for (k = 1; k < ROA_SRC_MAX; k++) {
		s = &R.srv[k];
		if (!s->used || keep[k])
			continue;
		/* a changed server is removed here and started below */
		if (report != NULL && !in_new_cfg(s, cfg, n))
			sb_printf(report, "RPKI server %s: removed\n",
			    s->cfg.host);
		srv_remove(s);
	}
	for (i = 0; i < n; i++) {
		if ((s = srv_find(cfg[i].host)) != NULL &&
		    strcmp(s->cfg.host, cfg[i].host) == 0)
			continue;
		for (k = 1; k < ROA_SRC_MAX && R.srv[k].used; k++)
			;
		if (k == ROA_SRC_MAX)
			break;		/* cannot happen: n <= slots */
		srv_setup(&R.srv[k], &cfg[i], (int)i, report);
	}
	select_groups();
	return 0;
}

void
rtr_stop(void)
{
	unsigned	 k;

	if (!R.inited)
		return;
	for (k = 1; k < ROA_SRC_MAX; k++)
		if (R.srv[k].used)
			srv_remove(&R.srv[k]);
	if (R.pfd[0] != -1) {
		loop_fd_del(R.pfd[0]);
		close(R.pfd[0]);
		close(R.pfd[1]);
	}
	free(R.q);
	free(R.work);
	pthread_mutex_destroy(&R.mtx);
	memset(&R, 0, sizeof(R));
	R.pfd[0] = R.pfd[1] = -1;
}

/* ---- Queries ---- */

size_t
rtr_server_count(void)
{
	size_t		 n = 0;
	unsigned	 k;

	for (k = 1; k < ROA_SRC_MAX; k++)
		if (R.srv[k].used)
			n++;
	return n;
}

static void
info_of(const struct srv *s, struct rtr_server_info *o)
{
	memset(o, 0, sizeof(*o));
	o->cfg = s->cfg;
	o->slot = s->slot;
	pthread_mutex_lock(&R.mtx);
	o->state = s->live.state != NULL ? s->live.state : "NONE";
	o->up = s->up_applied;
	o->state_since = s->live.state_since;
	o->version = s->live.version;
	o->have_session = s->live.have_session;
	o->session_id = s->live.session_id;
	o->serial = s->live.serial;
	o->last_update = s->live.last_update;
	o->refresh_neg = s->live.refresh;
	o->retry_neg = s->live.retry;
	o->expire_neg = s->live.expire;
	snprintf(o->last_error, sizeof(o->last_error), "%s",
	    s->live.last_error);
	pthread_mutex_unlock(&R.mtx);
	o->active = s->mgr != NULL;
	if (!o->active) {
		o->refresh_neg = refresh_of(&s->cfg);
		o->retry_neg = retry_of(&s->cfg);
		o->expire_neg = purge_of(&s->cfg);
	}
	if (R.roa != NULL) {
		o->vrps_v4 = roa_count_source(R.roa, s->slot, AF_V4);
		o->vrps_v6 = roa_count_source(R.roa, s->slot, AF_V6);
	}
}

void
rtr_foreach_server(int (*cb)(const struct rtr_server_info *, void *),
    void *arg)
{
	struct rtr_server_info	 info;
	int			 order, next;
	unsigned		 k;

	/* configuration order */
	for (order = -1;; order = next) {
		next = -1;
		for (k = 1; k < ROA_SRC_MAX; k++)
			if (R.srv[k].used && R.srv[k].order > order &&
			    (next == -1 || R.srv[k].order < next))
				next = R.srv[k].order;
		if (next == -1)
			return;
		for (k = 1; k < ROA_SRC_MAX; k++)
			if (R.srv[k].used && R.srv[k].order == next) {
				info_of(&R.srv[k], &info);
				if (cb(&info, arg) != 0)
					return;
			}
	}
}

int
rtr_server(const char *host, struct rtr_server_info *out)
{
	struct srv	*s;

	if (host == NULL || (s = srv_find(host)) == NULL)
		return -1;
	info_of(s, out);
	return 0;
}
