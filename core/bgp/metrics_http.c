/*
 * metrics_http: the `metrics` listeners on libmicrohttpd in external
 * epoll mode on the event loop; see metrics_http.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/bgp/metrics_http.h"
#include "core/bgp/metrics_src.h"
#include "core/bgp/transport.h"
#include "core/config/metrics_cfg.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define CT_TEXT		"text/plain; version=0.0.4; charset=utf-8"
#define CT_OPENMETRICS	"application/openmetrics-text; version=1.0.0; " \
			    "charset=utf-8"
#define CONN_LIMIT	32	/* scrapers are few */
#define CONN_TIMEOUT	10	/* seconds idle before a connection closes */
#define LISTEN_BACKLOG	16

struct listener {
	struct metrics_listener_info	 info;
	struct MHD_Daemon		*d;
	int				 epfd;	/* watched by the loop, -1 */
	struct loop_timer		*timer;
	int				 keep;	/* in the new config */
	int				 failed;	/* bind failed */
};

static struct listener	*L[METRICS_LISTEN_MAX];
static size_t		 nl;
static int		 src_handle;

static void	rearm(struct listener *);

static void
fmt(const struct listener *l, char *buf, size_t len)
{
	char	 a[ADDR_STRLEN];

	addr_format(&l->info.addr, a, sizeof(a));
	snprintf(buf, len, "Metrics listener %s port %u", a, l->info.port);
}

static void
set_state(struct listener *l, const char *state, const char *error)
{
	l->info.state = state;
	strlcpy(l->info.error, error != NULL ? error : "",
	    sizeof(l->info.error));
	l->info.since = loop_wallclock();
}

/* ---- requests ---- */

static int
wants_openmetrics(struct MHD_Connection *c)
{
	const char	*acc;

	acc = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT);
	return acc != NULL && strstr(acc, "application/openmetrics-text") !=
	    NULL;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned code, const char *ctype,
    char *body, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	if (body == NULL)
		r = MHD_create_response_from_buffer(len, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	else if ((r = MHD_create_response_from_buffer_with_free_callback(len,
	    body, free)) == NULL)
		free(body);
	if (r == NULL)
		return MHD_NO;
	if (ctype != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned code, const char *text)
{
	char	*b;

	if ((b = strdup(text)) == NULL)
		return MHD_NO;
	return reply(c, code, "text/plain; charset=utf-8", b, strlen(b));
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **con_cls)
{
	struct listener	*l = cls;
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 len;
	int		 om;

	(void)version;
	(void)upload_data;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(url, "/metrics") != 0) {
		l->info.not_found++;
		return reply_text(c, MHD_HTTP_NOT_FOUND, "Not Found\n");
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		l->info.not_found++;
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "Method Not Allowed\n");
	}
	om = wants_openmetrics(c);
	if (metrics_render(&sb, om) == -1) {
		sb_free(&sb);
		l->info.errors++;
		return reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "Out of memory\n");
	}
	l->info.scrapes++;
	l->info.last_scrape = loop_wallclock();
	len = sb.len;
	return reply(c, MHD_HTTP_OK, om ? CT_OPENMETRICS : CT_TEXT,
	    sb_steal(&sb), len);
}

/* ---- the loop side ---- */

static void
on_timer(void *arg)
{
	struct listener	*l = arg;

	l->timer = NULL;
	MHD_run(l->d);
	rearm(l);
}

static void
on_ready(int fd, short revents, void *arg)
{
	struct listener	*l = arg;

	(void)fd;
	(void)revents;
	MHD_run(l->d);
	rearm(l);
}

/* libmicrohttpd's own deadline (timeouts, work left pending). */
static void
rearm(struct listener *l)
{
	MHD_UNSIGNED_LONG_LONG	 ms;

	loop_timer_cancel(l->timer);
	l->timer = NULL;
	if (l->d == NULL || MHD_get_timeout(l->d, &ms) != MHD_YES)
		return;
	l->timer = loop_timer_add((double)ms / 1000.0, on_timer, l);
}

static void
mhd_log(void *arg, const char *fmt, va_list ap)
{
	char	 buf[256];

	(void)arg;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_debug("metrics: %s", buf);
}

/* Binds the socket itself, so the reason of a failure is known. */
static int
open_socket(const struct listener *l, char *err, size_t errlen)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 slen;
	int			 fd, on = 1;

	memset(&ss, 0, sizeof(ss));
	if (l->info.addr.af == AF_V4) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(l->info.port);
		memcpy(&sin->sin_addr, l->info.addr.a, 4);
		slen = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(l->info.port);
		memcpy(&sin6->sin6_addr, l->info.addr.a, 16);
		slen = sizeof(*sin6);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ss.ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
		    sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, slen) == -1 ||
	    listen(fd, LISTEN_BACKLOG) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
close_daemon(struct listener *l)
{
	loop_timer_cancel(l->timer);
	l->timer = NULL;
	if (l->epfd != -1)
		loop_fd_del(l->epfd);
	l->epfd = -1;
	if (l->d != NULL)
		MHD_stop_daemon(l->d);	/* closes the listening socket */
	l->d = NULL;
}

static int
start_daemon(struct listener *l, char *err, size_t errlen)
{
	const union MHD_DaemonInfo	*di;
	unsigned			 flags = MHD_USE_EPOLL |
					    MHD_USE_ERROR_LOG;
	int				 fd;

	if ((fd = open_socket(l, err, errlen)) == -1)
		return -1;
	if (l->info.addr.af == AF_V6)
		flags |= MHD_USE_IPv6;
	l->d = MHD_start_daemon(flags, l->info.port, NULL, NULL, on_request,
	    l, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_END);
	if (l->d == NULL) {
		close(fd);
		snprintf(err, errlen, "HTTP server failed to start");
		return -1;
	}
	di = MHD_get_daemon_info(l->d, MHD_DAEMON_INFO_EPOLL_FD);
	if (di == NULL || di->epoll_fd < 0 ||
	    loop_fd_add(di->epoll_fd, POLLIN, on_ready, l) == -1) {
		close_daemon(l);
		snprintf(err, errlen, "event loop has no room");
		return -1;
	}
	l->epfd = di->epoll_fd;
	rearm(l);
	return 0;
}

/* ---- configuration ---- */

/* (Re)starts l as configured; a report line and a log line on failure. */
static void
bring_up(struct listener *l, int offline, int loopback_only,
    struct strbuf *report)
{
	char	 name[ADDR_STRLEN + 40], err[128];

	fmt(l, name, sizeof(name));
	if (offline) {
		set_state(l, "Offline", "the engine runs offline");
		return;
	}
	if (loopback_only && !bgp_tr_is_loopback(&l->info.addr)) {
		set_state(l, "Refused", "XRSH_LOOPBACK_ONLY is set (address "
		    "outside loopback)");
		log_warnx("%s refused: XRSH_LOOPBACK_ONLY is set (address "
		    "outside loopback)", name);
		sb_printf(report, "%s: refused (address outside loopback)\n",
		    name);
		return;
	}
	l->failed = 0;
	if (start_daemon(l, err, sizeof(err)) == -1) {
		l->failed = 1;
		set_state(l, "Bind failed", err);
		log_warnx("%s: bind failed (%s)", name, err);
		sb_printf(report, "%s: bind failed (%s)\n", name, err);
		return;
	}
	set_state(l, "Listening", NULL);
	sb_printf(report, "%s: started\n", name);
}

static void
self_metrics(struct metrics_out *mo, void *arg)
{
	static const char *const fam[3] = { "xrsh_metrics_scrapes",
	    "xrsh_metrics_requests_rejected", "xrsh_metrics_errors" };
	static const char *const help[3] = {
	    "Scrapes of /metrics answered by the listener",
	    "Requests for another path or with another method",
	    "Scrapes that could not be answered (out of memory)" };
	char		 a[ADDR_STRLEN], port[8];
	uint64_t	 v;
	size_t		 i, k;

	(void)arg;
	for (k = 0; k < 3; k++) {
		mo_family(mo, fam[k], MO_COUNTER, help[k]);
		for (i = 0; i < nl; i++) {
			addr_format(&L[i]->info.addr, a, sizeof(a));
			snprintf(port, sizeof(port), "%u", L[i]->info.port);
			v = k == 0 ? L[i]->info.scrapes : k == 1 ?
			    L[i]->info.not_found : L[i]->info.errors;
			mo_u64(mo, v, "address", a, "port", port, NULL);
		}
	}
}

static int
listener_cmp(const struct listener *a, const struct listener *b)
{
	struct metrics_listen	 x, y;

	x.addr = a->info.addr;
	x.port = a->info.port;
	y.addr = b->info.addr;
	y.port = b->info.port;
	return metrics_listen_cmp(&x, &y);
}

void
metrics_http_apply(const struct metrics_cfg *m, int offline,
    int loopback_only, struct strbuf *report)
{
	struct listener	*l;
	char		 name[ADDR_STRLEN + 40];
	size_t		 i, j, n = m != NULL ? m->n : 0;

	metrics_note_start();
	if (src_handle == 0)
		src_handle = metrics_source_add(self_metrics, NULL);
	for (i = 0; i < nl; i++)
		L[i]->keep = 0;
	for (j = 0; j < n && j < METRICS_LISTEN_MAX; j++)
		for (i = 0; i < nl; i++)
			if (addr_cmp(&L[i]->info.addr, &m->v[j].addr) == 0 &&
			    L[i]->info.port == m->v[j].port)
				L[i]->keep = 1;
	/* removed ones first: their ports may be wanted by new ones */
	for (i = 0; i < nl; ) {
		if (L[i]->keep) {
			i++;
			continue;
		}
		fmt(L[i], name, sizeof(name));
		close_daemon(L[i]);
		free(L[i]);
		memmove(&L[i], &L[i + 1], (nl - i - 1) * sizeof(L[0]));
		nl--;
		sb_printf(report, "%s: removed\n", name);
	}
	/* a bind that failed gets another chance on every commit (refused
	   and offline ones stay so for the process's life) */
	for (i = 0; i < nl; i++)
		if (L[i]->d == NULL && L[i]->failed)
			bring_up(L[i], offline, loopback_only, report);
	for (j = 0; j < n && nl < METRICS_LISTEN_MAX; j++) {
		for (i = 0; i < nl; i++)
			if (addr_cmp(&L[i]->info.addr, &m->v[j].addr) == 0 &&
			    L[i]->info.port == m->v[j].port)
				break;
		if (i < nl)
			continue;
		if ((l = calloc(1, sizeof(*l))) == NULL) {
			log_warnx("metrics: out of memory");
			return;
		}
		l->info.addr = m->v[j].addr;
		l->info.port = m->v[j].port;
		l->epfd = -1;
		L[nl++] = l;
		bring_up(l, offline, loopback_only, report);
	}
	/* shown in configuration order */
	for (i = 1; i < nl; i++)
		for (j = i; j > 0 && listener_cmp(L[j - 1], L[j]) > 0; j--) {
			l = L[j];
			L[j] = L[j - 1];
			L[j - 1] = l;
		}
}

void
metrics_http_stop(void)
{
	size_t	 i;

	for (i = 0; i < nl; i++) {
		close_daemon(L[i]);
		free(L[i]);
	}
	nl = 0;
}

size_t
metrics_listener_count(void)
{
	return nl;
}

void
metrics_foreach_listener(int (*cb)(const struct metrics_listener_info *,
    void *), void *arg)
{
	size_t	 i;

	for (i = 0; i < nl; i++)
		if (cb(&L[i]->info, arg))
			break;
}
