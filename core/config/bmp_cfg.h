/*
 * bmp_cfg: XR's top-level `bmp server <1-8>` blocks (BGP Monitoring
 * Protocol collectors, RFC 7854):
 *
 *   bmp server 1
 *    host 127.0.0.1 port 11019
 *    description <text>
 *    update-source <ifname>
 *    initial-delay <1-3600>
 *    stats-reporting-period <1-3600>
 *    shutdown
 *
 *   bmp server all
 *    route-monitoring local-rib        (RFC 9069 Loc-RIB to every server)
 *    max-buffer-size <1-4096>          (MB of output queue per server)
 *    route-monitoring adj-rib-out      (RFC 8671 post-policy, xrsh's
 *                                       own knob: XR has none)
 *
 * Neighbors name the servers that monitor them with `bmp-activate server
 * N` (an item of router bgp's model, BS_BMP1 + N - 1).  The model is a
 * fixed array of the eight servers XR allows; the engine reads it through
 * bmp_cfg_server() and bmp_cfg_nbr_servers().
 */
#ifndef XR_CONFIG_BMP_CFG_H
#define XR_CONFIG_BMP_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

#define BMP_SERVERS_MAX		8
#define BMP_DESC_MAX		255
#define BMP_IFNAME_MAX		63

struct bmp_server_cfg {
	uint8_t		 present;	/* `bmp server N` configured */
	uint8_t		 has_host;
	uint8_t		 shutdown;
	struct xaddr	 host;
	uint16_t	 port;
	uint32_t	 initial_delay;	/* seconds; 0: not configured */
	uint32_t	 stats_period;	/* seconds; 0: not configured (off) */
	char		*description;	/* NULL: none */
	char		*update_source;	/* NULL: none */
};

struct bmp_cfg {
	struct bmp_server_cfg	 srv[BMP_SERVERS_MAX];	/* [id - 1] */
	uint8_t			 all_present;	/* `bmp server all` */
	uint8_t			 local_rib;	/* route-monitoring local-rib */
	uint32_t		 max_buffer_mb;	/* 0: not configured (16) */
	uint8_t			 adj_rib_out;	/* route-monitoring adj-rib-out */
};

struct bmp_cfg	*bmp_cfg_new(void);
struct bmp_cfg	*bmp_cfg_dup(const struct bmp_cfg *);
void		 bmp_cfg_free(struct bmp_cfg *);
/* 1 if no server is configured (the block can go) */
int		 bmp_cfg_empty(const struct bmp_cfg *);
/* the server with id 1-8 if configured, else NULL (cfg may be NULL) */
const struct bmp_server_cfg *bmp_cfg_server(const struct bmp_cfg *,
		    unsigned id);
/* Server id as index into srv[], creating it; NULL for a bad id. */
struct bmp_server_cfg *bmp_cfg_server_get(struct bmp_cfg *, unsigned id);
void		 bmp_server_cfg_clear(struct bmp_server_cfg *);
/* replaces a string field; -1 on allocation failure (field unchanged) */
int		 bmp_cfg_set_str(char **field, const char *s);

/* canonical text (each server a block closed by `!`); 0, -1 on ENOMEM */
int		 bmp_cfg_print(const struct bmp_cfg *, struct strbuf *);

struct bgp_cfg;
/*
 * Commit checks: a server without host and port that is not shut down,
 * and every `bmp-activate server N` (neighbors and groups) naming a
 * server that is not configured.  Returns the number of errors added.
 */
int		 bmp_cfg_validate(const struct bmp_cfg *,
		    const struct bgp_cfg *, struct cfg_errors *);
/*
 * The servers monitoring the neighbor at addr (bit id - 1 for each),
 * through neighbor-group / session-group inheritance.  0 if none or not
 * a neighbor.
 */
unsigned	 bmp_cfg_nbr_servers(const struct bgp_cfg *,
		    const struct xaddr *);

#endif
