/*
 * engine: the facade of engine.h.  It owns the peer tree and the
 * listeners, turns each applied configuration into per-neighbor actions
 * (start, reset, shut down, remove), and answers the shows from
 * snapshots.  Offline, it keeps the neighbor table (all Idle) and never
 * opens a socket.
 *
 * Router ID: `bgp router-id`, else the highest IPv4 address of the
 * host's non-loopback interfaces, else 127.0.0.1 (so two speakers on a
 * host without router-ids share an ID: iBGP between them is refused with
 * 2/3 like on XR, eBGP works as RFC 6286 allows).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/converge.h"
#include "core/bgp/mrtdump.h"
#include "core/bgp/metrics_http.h"
#include "core/rt/rt_fib.h"
#include "core/bgp/bmp.h"
#include "core/bgp/memguard.h"
#include "core/bgp/replay.h"
#include "core/bgp/rib.h"
#include "core/bgp/rpki.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/bgp/transport.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rt/rt_src.h"
#include "core/sys/iface.h"

#define ENGINE_ACCEPT_BATCH	16
#define ENGINE_STOP_FLUSH	1.0	/* seconds of loop time at stop */

struct engine	 bgpe;

const char *
bgp_state_name(enum bgp_state s)
{
	static const char	*n[] = { "Idle", "Connect", "Active",
				    "OpenSent", "OpenConfirm", "Established" };

	return (unsigned)s < sizeof(n) / sizeof(n[0]) ? n[s] : "?";
}

struct peer *
engine_peer_find(const struct xaddr *a)
{
	struct peer	 key;

	memset(&key, 0, sizeof(key));
	key.addr = *a;
	return RB_FIND(peer_tree, &bgpe.peers, &key);
}

/*
 * A descriptor per session: the usual soft limit of 1024 would stop a
 * thousand neighbors short, so it goes up to the hard limit (at most
 * 65536).  Failing that is no error: fewer sessions can be accepted.
 */
static void
raise_fd_limit(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536)
		rl.rlim_max = 65536;
	if (rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_debug("RLIMIT_NOFILE: %s", strerror(errno));
}

int
bgp_engine_start(const struct bgp_engine_opts *o, char *err, size_t errlen)
{
	const char	*env;
	size_t		 i;
	char		 ierr[128];

	if (bgpe.started) {
		snprintf(err, errlen, "BGP engine already started");
		return -1;
	}
	if (o->nlisten > BGP_ENGINE_LISTEN_MAX) {
		snprintf(err, errlen, "too many listen addresses (%zu, max %d)",
		    o->nlisten, BGP_ENGINE_LISTEN_MAX);
		return -1;
	}
	for (i = 0; i < o->nlisten; i++)
		if (o->listen[i].af != AF_V4 && o->listen[i].af != AF_V6) {
			snprintf(err, errlen, "listen address %zu has no "
			    "address family", i + 1);
			return -1;
		}
	memset(&bgpe, 0, sizeof(bgpe));
	RB_INIT(&bgpe.peers);
	bgpe.opts = *o;
	if (bgpe.opts.port == 0)
		bgpe.opts.port = BGP_PORT;
	bgpe.offline = o->offline;
	env = getenv("XRSH_LOOPBACK_ONLY");
	if (o->loopback_only || (env != NULL && *env != '\0' &&
	    strcmp(env, "0") != 0))
		bgp_tr_set_loopback_only(1);
	if (rpki_engine_start(bgpe.offline, bgp_tr_loopback_only()) == -1) {
		snprintf(err, errlen, "no memory for the ROA table");
		memset(&bgpe, 0, sizeof(bgpe));
		RB_INIT(&bgpe.peers);
		return -1;
	}
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	raise_fd_limit();
	/* not fatal: the engine runs without its convergence records */
	if (converge_init() == -1)
		log_warnx("BGP convergence records off: no free "
		    "engine hook");
	bmp_start(bgpe.offline);
	/* not fatal (no rtnetlink in a jail): no interfaces then; reading
	   them is harmless, so --offline reads them too */
	if (iface_netlink_start(ierr, sizeof(ierr)) == -1)
		log_warnx("interfaces: %s", ierr);
	/* the RIB (connected, local, static) runs with or without BGP */
	if (rt_sources_start() == -1)
		log_warnx("routing table: no memory; show route stays empty");
	bgpe.started = 1;
	return 0;
}

int
bgp_engine_running(void)
{
	return bgpe.started && bgpe.configured;
}

int
bgp_engine_offline(void)
{
	return bgpe.offline;
}

/* ---- Router ID ---- */

static uint32_t
auto_router_id(void)
{
	struct ifaddrs		*ifa, *i;
	const struct sockaddr_in *sin;
	uint32_t		 best = 0, a;

	if (getifaddrs(&ifa) == -1)
		return 0x7f000001;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		sin = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		a = ntohl(sin->sin_addr.s_addr);
		if ((a >> 24) == 127 || a == 0)
			continue;
		if (a > best)
			best = a;
	}
	freeifaddrs(ifa);
	return best != 0 ? best : 0x7f000001;
}

/* ---- Listeners ---- */

static void
listen_resume(void *arg)
{
	size_t	 i = (size_t)(uintptr_t)arg;

	bgpe.lst[i].t_pause = NULL;
	loop_fd_set_events(bgpe.lst[i].fd, POLLIN);
}

/* accept(2) failing (out of descriptors): pause instead of spinning. */
static void
listen_pause(int fd)
{
	size_t	 i;

	for (i = 0; i < bgpe.nlst; i++)
		if (bgpe.lst[i].fd == fd && bgpe.lst[i].t_pause == NULL) {
			loop_fd_set_events(fd, 0);
			bgpe.lst[i].t_pause = loop_timer_add(1.0,
			    listen_resume, (void *)(uintptr_t)i);
		}
}

static void
listen_cb(int fd, short revents, void *arg)
{
	struct xaddr	 remote, local;
	uint16_t	 rport, lport;
	struct peer	*p;
	char		 err[160], name[ADDR_STRLEN];
	int		 n, cfd;

	(void)revents;
	(void)arg;
	for (n = 0; n < ENGINE_ACCEPT_BATCH; n++) {
		err[0] = '\0';
		if ((cfd = bgp_tr_accept(fd, &remote, &rport, &local, &lport,
		    err, sizeof(err))) == -1) {
			if (err[0] == '\0')
				return;		/* nothing pending */
			/* the loopback guard refused one (and logged it) */
			if (strncmp(err, "accept", 6) != 0)
				continue;
			log_warnx("%%ROUTING-BGP-3-ACCEPT : %s", err);
			listen_pause(fd);
			return;
		}
		if ((p = engine_peer_find(&remote)) == NULL) {
			addr_format(&remote, name, sizeof(name));
			log_info("%%ROUTING-BGP-5-CONNREFUSED : connection "
			    "from %s refused: not a configured neighbor",
			    name);
			close(cfd);
			continue;
		}
		session_accept(p, cfd, &local, lport, &remote, rport);
	}
}

static void
listeners_md5(const struct peer *p, const char *key)
{
	char	 err[160];
	size_t	 i;

	for (i = 0; i < bgpe.nlst; i++)
		if (bgpe.lst[i].addr.af == p->addr.af &&
		    bgp_tr_listen_md5(bgpe.lst[i].fd, &p->addr, key, err,
		    sizeof(err)) == -1)
			log_warnx("%%ROUTING-BGP-3-MD5 : neighbor %s: %s",
			    p->name, err);
}

static void
listen_on(const struct xaddr *a)
{
	char	 err[160], name[ADDR_STRLEN];
	int	 fd;

	addr_format(a, name, sizeof(name));
	if ((fd = bgp_tr_listen(a, bgpe.opts.port, err, sizeof(err))) == -1) {
		log_warnx("%%ROUTING-BGP-3-LISTEN : cannot listen on %s port "
		    "%u: %s", name, bgpe.opts.port, err);
		return;
	}
	if (loop_fd_add(fd, POLLIN, listen_cb, NULL) == -1) {
		log_warnx("%%ROUTING-BGP-3-LISTEN : cannot listen on %s port "
		    "%u: too many descriptors", name, bgpe.opts.port);
		close(fd);
		return;
	}
	bgpe.lst[bgpe.nlst].fd = fd;
	bgpe.lst[bgpe.nlst].addr = *a;
	bgpe.nlst++;
}

static void
listeners_open(void)
{
	struct xaddr	 any;
	size_t		 i;

	if (bgpe.offline || bgpe.nlst > 0)
		return;
	for (i = 0; i < bgpe.opts.nlisten; i++)
		listen_on(&bgpe.opts.listen[i]);
	if (bgpe.opts.nlisten == 0) {
		memset(&any, 0, sizeof(any));
		any.af = AF_V4;
		listen_on(&any);
		any.af = AF_V6;
		listen_on(&any);
	}
}

static void
listeners_close(void)
{
	size_t	 i;

	for (i = 0; i < bgpe.nlst; i++) {
		loop_timer_cancel(bgpe.lst[i].t_pause);
		bgpe.lst[i].t_pause = NULL;
		loop_fd_del(bgpe.lst[i].fd);
		close(bgpe.lst[i].fd);
	}
	bgpe.nlst = 0;
}

/* ---- Apply ---- */

static void
report(struct strbuf *r, const struct peer *p, const char *what)
{
	if (r != NULL)
		sb_printf(r, "Neighbor %s: %s\n", p->name, what);
}

static int
peer_enabled(const struct peer_conf *c)
{
	return !c->shutdown && c->remote_as != 0 && c->afs != 0;
}

static void
peer_remove(struct peer *p, uint8_t subcode, enum peer_down why)
{
	session_stop(p, subcode, NULL, why);
	if (p->conf.password[0] != '\0')
		listeners_md5(p, NULL);
	p->deleted = 1;
	session_teardown(p);
	RB_REMOVE(peer_tree, &bgpe.peers, p);
	bgpe.npeers--;
	peer_free(p);
}

static void
peer_added(const struct peer_conf *c, struct strbuf *r)
{
	struct peer	*p;
	char		 name[ADDR_STRLEN];

	if ((p = peer_new(c)) == NULL) {
		addr_format(&c->addr, name, sizeof(name));
		log_warnx("%s: out of memory for neighbor %s", __func__, name);
		return;
	}
	RB_INSERT(peer_tree, &bgpe.peers, p);
	bgpe.npeers++;
	if (c->password[0] != '\0')
		listeners_md5(p, c->password);
	if (c->shutdown) {
		p->idle_reason = BGP_IDLE_ADMIN;
		report(r, p, "shut down");
		return;
	}
	session_start(p);
	if (peer_enabled(c) && !bgpe.offline)
		report(r, p, "started");
}

static void
peer_changed(struct peer *p, const struct peer_conf *c, struct strbuf *r)
{
	struct peer_conf	 old = p->conf;
	const char		*why;
	char			 text[96];
	int			 i;

	if (strcmp(old.password, c->password) != 0)
		listeners_md5(p, c->password[0] != '\0' ? c->password : NULL);
	/*
	 * A session that ends goes down under the settings it ran with
	 * (the ADJCHANGE line names the old remote AS); the new ones
	 * apply from the next attempt.
	 */
	if (!old.shutdown && c->shutdown) {
		session_stop(p, BGP_CEASE_ADMIN_SHUTDOWN, c->shutdown_msg,
		    PD_ADMIN_SHUT);
		p->conf = *c;
		report(r, p, "shut down");
		return;
	}
	if (!c->shutdown && !old.shutdown &&
	    peer_conf_needs_reset(&old, c, &why) &&
	    (p->state != BGP_ST_IDLE || peer_enabled(&old))) {
		session_stop(p, BGP_CEASE_OTHER_CONFIG, NULL,
		    PD_CONFIG_CHANGE);
		p->conf = *c;
		p->cr_fails = 0;
		p->dual_as_alt = 0;
		if (peer_enabled(c) && !bgpe.offline)
			session_schedule_restart(p, 0);
		else
			session_start(p);	/* sets the idle reason */
		snprintf(text, sizeof(text), "reset (%s)", why);
		report(r, p, text);
		return;
	}
	p->conf = *c;
	peer_conf_routing_diff(&old, c, &p->rib_in_dirty, &p->rib_out_dirty);
	for (i = 0; i < PEER_NAF; i++)
		if (old.af[i].multipath != c->af[i].multipath)
			rib_in_multipath_changed(p, i);
	if (c->shutdown)
		return;
	if (old.shutdown) {
		p->idle_reason = BGP_IDLE_NONE;
		session_start(p);
		report(r, p, "started");
		return;
	}
	/* Idle and never startable before: a change may make it so */
	if (p->state == BGP_ST_IDLE && !peer_enabled(&old) &&
	    peer_conf_needs_reset(&old, c, NULL)) {
		session_start(p);
		if (peer_enabled(c))
			report(r, p, "started");
	}
}

static void
engine_unconfigure(struct strbuf *r)
{
	struct peer	*p, *next;

	bgp_replay_clear();
	RB_FOREACH_SAFE(p, peer_tree, &bgpe.peers, next) {
		report(r, p, "removed");
		peer_remove(p, BGP_CEASE_PEER_DECONF, PD_DECONF);
	}
	listeners_close();
	rib_apply(NULL, r);
	bgpe.ud_active = 0;
	loop_timer_cancel(bgpe.t_ud);
	bgpe.t_ud = NULL;
	bgpe.configured = 0;
	bgpe.asn = 0;
	bgpe.router_id = 0;
}

/* ---- bgp update-delay ---- */

int
engine_update_delay_holds(void)
{
	return bgpe.ud_active;
}

static void
update_delay_end(const char *why)
{
	struct peer	*p;

	if (!bgpe.ud_active)
		return;
	bgpe.ud_active = 0;
	loop_timer_cancel(bgpe.t_ud);
	bgpe.t_ud = NULL;
	log_info("%%ROUTING-BGP-5-UPDATE_DELAY : Update delay ended: %s",
	    why);
	RB_FOREACH(p, peer_tree, &bgpe.peers)
		if (p->state == BGP_ST_ESTABLISHED)
			updgroup_peer_up(p);
}

static void
update_delay_fire(void *arg)
{
	(void)arg;
	bgpe.t_ud = NULL;
	update_delay_end("timer expired");
}

/* Without the knob nothing is held: the behaviour before it existed. */
static void
update_delay_arm(const struct bgp_cfg *b)
{
	const struct bgp_item	*it = &b->g[BG_UPDATE_DELAY];

	if (!it->set || it->n[0] == 0 || bgpe.offline)
		return;
	bgpe.ud_active = 1;
	bgpe.t_ud = loop_timer_add((double)it->n[0], update_delay_fire, NULL);
}

void
engine_update_delay_check(void)
{
	struct peer	*p;
	int		 afi;

	if (!bgpe.ud_active)
		return;
	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		if (!peer_enabled(&p->conf))
			continue;
		if (p->state != BGP_ST_ESTABLISHED)
			return;
		for (afi = 0; afi < PEER_NAF; afi++)
			if ((p->afs_neg & peer_af_bit(afi)) &&
			    !p->afc[afi].eor_rcvd)
				return;
	}
	update_delay_end("all neighbors sent End-of-RIB");
}

void
bgp_engine_apply(const struct config *running, struct strbuf *r)
{
	const struct bgp_cfg	*b;
	const struct bgp_peer	*np;
	struct peer		*p, *next;
	struct peer_conf	 c;

	if (!bgpe.started)
		return;
	rt_static_apply(running != NULL ? running->statics : NULL);
	mrtdump_apply(running != NULL ? running->mrtdump : NULL);
	metrics_http_apply(running != NULL ? running->metrics : NULL,
	    bgpe.offline, bgp_tr_loopback_only(), r);
	/* the kernel FIB follows the RIB by itself; this turns it on/off */
	rt_fib_apply(running != NULL ? running->fib : NULL, bgpe.offline);
	b = running != NULL ? running->bgp : NULL;
	if (b == NULL) {
		rpki_engine_apply(NULL, r);
		if (bgpe.configured)
			engine_unconfigure(r);
		bmp_apply(running);
		return;
	}
	bgpe.asn = b->asn;
	bgpe.router_id = b->g[BG_ROUTER_ID].set ? b->g[BG_ROUTER_ID].n[0] :
	    auto_router_id();
	if (!bgpe.configured)
		update_delay_arm(b);
	bgpe.update_delay = b->g[BG_UPDATE_DELAY].set ?
	    b->g[BG_UPDATE_DELAY].n[0] : 0;
	bgpe.sock_sndbuf = b->g[BG_SOCK_SNDBUF].set ?
	    (int)b->g[BG_SOCK_SNDBUF].n[0] : 0;
	memguard_set_limit(b->g[BG_MEMORY_LIMIT].set ?
	    b->g[BG_MEMORY_LIMIT].n[0] : 0);
	bgpe.configured = 1;
	listeners_open();

	RB_FOREACH_SAFE(p, peer_tree, &bgpe.peers, next) {
		np = bgp_nbr_find(b, &p->addr);
		if (np == NULL && !p->replayed) {
			report(r, p, "removed");
			peer_remove(p, BGP_CEASE_PEER_DECONF, PD_DECONF);
		}
	}
	for (np = bgp_peer_first(b); np != NULL; np = bgp_peer_next(np)) {
		if (np->kind != BGP_NBR)
			continue;
		peer_conf_build(b, np, bgpe.router_id, &c);
		/* a configured neighbor takes over a replayed address:
		   the replay's paths of it go */
		if ((p = engine_peer_find(&np->addr)) != NULL && p->replayed) {
			replay_remove_peer(p);
			p = NULL;
		}
		if (p == NULL)
			peer_added(&c, r);
		else
			peer_changed(p, &c, r);
	}
	/* static ROAs in the table before the RIB validates anything */
	rpki_engine_apply(b, r);
	rib_apply(running, r);
	/* a neighbor removed or shut down is no longer waited for */
	engine_update_delay_check();
	/* after the peers: a removed neighbor's Peer Down goes out first */
	bmp_apply(running);
}

void
bgp_engine_stop(void)
{
	struct peer	*p, *next;
	double		 until;

	if (!bgpe.started)
		return;
	metrics_http_stop();
	/* our routes leave the kernel whatever happens next */
	rt_fib_stop();
	bgp_replay_clear();
	RB_FOREACH(p, peer_tree, &bgpe.peers)
		session_stop(p, BGP_CEASE_ADMIN_SHUTDOWN, NULL, PD_ADMIN_SHUT);
	until = loop_now() + ENGINE_STOP_FLUSH;
	while (conn_lingering() > 0 && loop_now() < until)
		if (loop_run_once(50) == -1)
			break;
	conn_linger_all_close();
	/* after the sessions went down: their last transitions are logged */
	mrtdump_stop();
	/* after the Peer Downs of the sessions just stopped */
	bmp_stop();
	RB_FOREACH_SAFE(p, peer_tree, &bgpe.peers, next) {
		p->deleted = 1;
		session_teardown(p);
		RB_REMOVE(peer_tree, &bgpe.peers, p);
		peer_free(p);
	}
	listeners_close();
	iface_netlink_stop();
	rpki_engine_stop();
	rib_free();
	rt_sources_stop();	/* after the BGP routes left the RIB */
	loop_timer_cancel(bgpe.t_ud);
	memset(&bgpe, 0, sizeof(bgpe));
	RB_INIT(&bgpe.peers);
}

/* ---- clear bgp ---- */

static int
clear_one(struct peer *p, enum bgp_clear_kind kind, char *err,
    size_t errlen)
{
	int	 in = kind == BGP_CLEAR_SOFT || kind == BGP_CLEAR_SOFT_IN;
	int	 out = kind == BGP_CLEAR_SOFT || kind == BGP_CLEAR_SOFT_OUT;
	int	 afi;

	if (p->replayed)	/* clear bgp replay removes those */
		return 0;
	if (kind == BGP_CLEAR_HARD) {
		if (p->conf.shutdown)
			return 0;
		session_stop(p, BGP_CEASE_ADMIN_RESET, NULL, PD_USER_CLEAR);
		recv_drop_routes(p);
		p->cr_fails = 0;
		if (peer_enabled(&p->conf) && !bgpe.offline)
			session_schedule_restart(p, 1.0);
		return 1;
	}
	if (p->state != BGP_ST_ESTABLISHED)
		return 0;
	if (in && rib_in_soft(p) == -1) {
		snprintf(err, errlen, "%% Neighbor does not support "
		    "route refresh");
		return -1;
	}
	if (out)
		for (afi = 0; afi < PEER_NAF; afi++)
			if (p->afs_neg & peer_af_bit(afi))
				updgroup_resend(p, afi);
	return 1;
}

int
bgp_engine_clear(const struct xaddr *a, enum bgp_clear_kind kind, char *err,
    size_t errlen)
{
	struct peer	*p, *next;
	int		 n = 0, rc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (a != NULL) {
		if (!bgpe.started || (p = engine_peer_find(a)) == NULL) {
			snprintf(err, errlen, "%% No such neighbor");
			return -1;
		}
		return clear_one(p, kind, err, errlen) == -1 ? -1 : 1;
	}
	if (!bgpe.started)
		return 0;
	RB_FOREACH_SAFE(p, peer_tree, &bgpe.peers, next)
		if ((rc = clear_one(p, kind, err, errlen)) > 0)
			n += rc;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return n;
}

/* ---- Queries ---- */

void
bgp_engine_info(struct bgp_engine_info *i)
{
	struct peer	*p;

	memset(i, 0, sizeof(*i));
	i->configured = bgpe.configured;
	i->local_as = bgpe.asn;
	i->router_id = bgpe.router_id;
	i->table_version = bgpe.table_version;
	i->npeers = bgpe.npeers;
	i->update_delay = bgpe.update_delay;
	i->update_delay_active = bgpe.ud_active;
	i->keepalive_late_max_ms = (uint64_t)(bgpe.ka_late_max * 1000);
	RB_FOREACH(p, peer_tree, &bgpe.peers)
		if (p->state == BGP_ST_ESTABLISHED)
			i->nestablished++;
}

void
bgp_engine_foreach_nbr(int (*cb)(const struct bgp_nbr_info *, void *),
    void *arg)
{
	struct bgp_nbr_info	*ni;
	struct peer		*p;

	if ((ni = malloc(sizeof(*ni))) == NULL)
		return;
	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		peer_info(p, ni);
		if (cb(ni, arg) != 0)
			break;
	}
	free(ni);
}

int
bgp_engine_nbr(const struct xaddr *a, struct bgp_nbr_info *out)
{
	struct peer	*p;

	if (!bgpe.started || (p = engine_peer_find(a)) == NULL)
		return -1;
	peer_info(p, out);
	return 0;
}
