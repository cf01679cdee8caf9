/*
 * metrics_src: what the metrics endpoint (core/bgp/metrics_http.c, the
 * `metrics` section) and `show metrics exposition` serve, and the one
 * place other modules add their metric families to it.
 *
 * Registration (for BMP, monitor alerts, convergence times, ...):
 *
 *   static void
 *   bmp_metrics(struct metrics_out *mo, void *arg)
 *   {
 *           mo_family(mo, "xrsh_bmp_messages_sent", MO_COUNTER,
 *               "BMP messages sent to the collector");
 *           mo_u64(mo, n, "server", "1", "type", "route_monitoring",
 *               NULL);
 *   }
 *   ...
 *   handle = metrics_source_add(bmp_metrics, NULL);   (at module start)
 *   metrics_source_del(handle);                      (at module stop)
 *
 * Rules for a source:
 *  - it runs on the event loop's thread, inside a scrape or a show, and
 *    reads live state directly (no locks exist, none are needed); it
 *    must not run the loop, block, or take long (walk no full table
 *    unless that is the point of the metric);
 *  - names start with "xrsh_" and the module's own prefix (xrsh_bmp_,
 *    xrsh_monitor_, ...), units in the name in base units (_seconds,
 *    _bytes), counters named without "_total" (the writer adds it);
 *    label names snake_case; one family is opened once per scrape (a
 *    repeated name is dropped by the writer, see metrics_out.h);
 *  - the writer checks names and escapes label values itself.
 * Sources are called in the order they were added, after the built-in
 * families (process, BGP, RPKI, dampening: metrics_bgp.c).
 */
#ifndef XR_BGP_METRICS_SRC_H
#define XR_BGP_METRICS_SRC_H

#include "core/lib/metrics_out.h"
#include "core/lib/strbuf.h"

#define METRICS_SOURCES_MAX	32

typedef void	(*metrics_source_fn)(struct metrics_out *, void *arg);

/* Returns a handle > 0 for metrics_source_del, -1 when the table is
   full. */
int	metrics_source_add(metrics_source_fn, void *arg);
void	metrics_source_del(int handle);

/*
 * The whole exposition into sb: the built-in families, then every
 * source's.  openmetrics: OpenMetrics 1.0 text (ends with "# EOF")
 * instead of the Prometheus 0.0.4 format.  Returns the number of
 * families or samples the writer left out (bad names), or -1 when sb
 * ran out of memory.
 */
int	metrics_render(struct strbuf *sb, int openmetrics);

/* The process's start (wall clock), noted by metrics_note_start(). */
void	metrics_note_start(void);

#endif
