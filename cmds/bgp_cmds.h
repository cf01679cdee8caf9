/*
 * bgp_cmds.h: shared by the router bgp command modules (cmds/bgp*.c,
 * cmds/show_bgp_cfg.c).  Handlers find their object from the keys on the
 * mode stack on every command; these helpers do that lookup in the
 * session's candidate and print the error when it fails.
 */
#ifndef XR_BGP_CMDS_H
#define XR_BGP_CMDS_H

#include "cmds/cmds.h"
#include "core/bgp_model.h"

/* the candidate's router bgp, or NULL after printing an error */
struct bgp_cfg		*bgpc_cfg(struct cli *);
/*
 * The neighbor / group of the current mode (session modes and AF modes).
 * For AF modes *afi is set too (pass NULL in session modes).
 */
struct bgp_peer		*bgpc_peer(struct cli *, enum bgp_afi *afi);
/* the AF block of the current AF mode */
struct bgp_afcfg	*bgpc_af(struct cli *, struct bgp_peer **,
			    enum bgp_afi *);

/* "ipv4"/"ipv6" keyword bound in a row -> afi */
enum bgp_afi		 bgpc_afi_arg(const struct cmd_args *);
/* stores a parsed "NAME[(args)]" into an item; prints errors */
int			 bgpc_set_policy(struct cli *, struct bgp_item *,
			    const char *spec);
/* hold time 0 or 3-65535, keepalive and minimum within it; prints errors */
int			 bgpc_check_timers(struct cli *, uint32_t ka,
			    uint32_t hold, int has_min, uint32_t min);
/* handler result for allocation failure */
int			 bgpc_nomem(struct cli *);

void	bgp_types_init(void);		/* cmds/bgp.c: dynamic name types */
void	bgp_peer_cmds_init(void);	/* cmds/bgp_peer.c */
void	show_bgp_cfg_init(void);	/* cmds/show_bgp_cfg.c */

#endif
