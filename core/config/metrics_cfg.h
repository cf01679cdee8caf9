/*
 * metrics_cfg: the typed `metrics` section (xrsh's own; XR has none):
 *
 *   metrics
 *    listen 127.0.0.1 port 9273
 *    listen ::1 port 9273
 *
 * Each listen line is an HTTP endpoint serving GET /metrics in the
 * Prometheus text format (core/bgp/metrics_http.c).  Nothing is served
 * unless configured.  Lines are keyed by (address, port) and kept in
 * canonical order (address, then port).
 */
#ifndef XR_METRICS_CFG_H
#define XR_METRICS_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

#define METRICS_LISTEN_MAX	8
#define METRICS_PORT_DEFAULT	9273	/* shown in help only */

struct metrics_listen {
	struct xaddr	 addr;
	uint16_t	 port;
};

struct metrics_cfg {
	struct metrics_listen	*v;		/* sorted */
	size_t			 n, cap;
};

struct metrics_cfg	*metrics_cfg_new(void);
struct metrics_cfg	*metrics_cfg_dup(const struct metrics_cfg *);
void			 metrics_cfg_free(struct metrics_cfg *);
/* canonical text, closed by `!`; 0, -1 on allocation failure */
int			 metrics_cfg_print(const struct metrics_cfg *,
			    struct strbuf *);
/* commit-time checks (NULL: none); returns the number of errors added */
int			 metrics_cfg_validate(const struct metrics_cfg *,
			    struct cfg_errors *);

/* 1 if a can be listened on: unicast, or the unspecified address
   (every address of its family); not multicast or broadcast. */
int			 metrics_addr_usable(const struct xaddr *);
/* Adds the line (0, also when present), -1 on allocation failure. */
int			 metrics_listen_put(struct metrics_cfg *,
			    const struct metrics_listen *);
/* Removes (addr, port), or every port of addr when port is 0; the
   number removed. */
size_t			 metrics_listen_del(struct metrics_cfg *,
			    const struct xaddr *, uint16_t port);
int			 metrics_listen_cmp(const struct metrics_listen *,
			    const struct metrics_listen *);

#endif
