/*
 * rpki: the engine's side of RPKI.  It owns the ROA table's feeds: the
 * RTR client (core/bgp/rtr.c, one source per server) and the static
 * `rpki route` lines (ROA_SRC_STATIC), and reports every VRP that
 * entered or left the set to route origin validation (core/bgp/rov.c).
 */
#ifndef XR_BGP_RPKI_H
#define XR_BGP_RPKI_H

#include "core/lib/strbuf.h"

struct bgp_cfg;

/* Engine start: the ROA table and the RTR client.  0, or -1 (no
   memory for the table). */
int	 rpki_engine_start(int offline, int loopback_only);
/* A commit (b NULL: no router bgp): servers and static ROAs as
   configured; report lines for servers acted upon. */
void	 rpki_engine_apply(const struct bgp_cfg *b, struct strbuf *report);
/* Engine stop: sessions closed, threads joined, the table freed. */
void	 rpki_engine_stop(void);

#endif
