/*
 * metrics_http: the HTTP endpoints of the `metrics` section
 * (core/config/metrics_cfg.h), on libmicrohttpd.
 *
 * libmicrohttpd runs no thread of its own here: each listener is a
 * daemon in external-loop epoll mode whose epoll descriptor is watched
 * by the event loop (core/lib/loop.h), with MHD_run() when it is
 * readable and a loop timer for libmicrohttpd's own timeouts.  So the
 * exposition (metrics_render(), metrics_src.h) is built on the loop
 * thread from live state, with no lock.  Only GET (and HEAD) /metrics
 * is served, 404 otherwise; a client that Accepts
 * application/openmetrics-text gets OpenMetrics.
 *
 * xrsh binds the socket itself, so a failure (address in use, not on
 * this host) is known at once: the commit goes on, the listener is
 * shown as "Bind failed" with the reason, and a log line says so; every
 * later commit tries it again.  With loopback_only (XRSH_LOOPBACK_ONLY)
 * a listener outside 127.0.0.0/8 and ::1 is refused (logged, shown as
 * "Refused"); offline engines serve nothing ("Offline").
 */
#ifndef XR_BGP_METRICS_HTTP_H
#define XR_BGP_METRICS_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct metrics_cfg;

/*
 * A commit (m NULL: no metrics section): listeners added start, removed
 * ones stop, unchanged ones keep serving.  One report line per listener
 * acted upon ("Metrics listener 127.0.0.1 port 9273: started", ":
 * removed", ": bind failed (Address already in use)", ": refused
 * (address outside loopback)").  offline and loopback_only as the
 * engine's.
 */
void	 metrics_http_apply(const struct metrics_cfg *m, int offline,
	    int loopback_only, struct strbuf *report);
/* Every listener closed (process exit). */
void	 metrics_http_stop(void);

struct metrics_listener_info {
	struct xaddr	 addr;
	uint16_t	 port;
	const char	*state;		/* "Listening", "Bind failed",
					   "Refused", "Offline" */
	char		 error[128];	/* the reason, "" none */
	uint64_t	 scrapes;	/* /metrics answered */
	uint64_t	 not_found;	/* other paths or methods */
	uint64_t	 errors;	/* responses that could not be made */
	time_t		 last_scrape;	/* wall clock, 0: never */
	time_t		 since;		/* state since (wall clock) */
};

size_t	 metrics_listener_count(void);
void	 metrics_foreach_listener(int (*cb)(const struct
	    metrics_listener_info *, void *), void *arg);

#endif
