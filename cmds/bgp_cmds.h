/*
 * bgp_cmds.h: shared by the router bgp command modules (cmds/bgp*.c,
 * cmds/show_bgp_cfg.c).  Handlers find their object from the keys on the
 * mode stack on every command; these helpers do that lookup in the
 * session's candidate and print the error when it fails.
 */
#ifndef XR_BGP_CMDS_H
#define XR_BGP_CMDS_H

#include "cmds/cmds.h"
#include "core/config/bgp_model.h"

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

/* the global AF block of config-bgp-af */
struct bgp_gaf		*bgpc_gaf(struct cli *, enum bgp_afi *);

/* "ipv4"/"ipv6" keyword bound in a row -> afi */
enum bgp_afi		 bgpc_afi_arg(const struct cmd_args *);
/* stores a parsed "NAME[(args)]" into an item; prints errors */
int			 bgpc_set_policy(struct cli *, struct bgp_item *,
			    const char *spec);
/* handler result for allocation failure */
int			 bgpc_nomem(struct cli *);

/*
 * Table-driven items (cmds/bgp_item.c).  Most bgp commands only fill one
 * struct bgp_item from the bound arguments: a spec row says how, and one
 * handler per scope serves every row of that scope.  The item is built
 * aside, checked, and only then replaces the configured one, so a refused
 * line changes nothing.
 */
enum bgpc_scope {
	BGPC_GLOBAL,		/* router bgp: b->g[BG_*] */
	BGPC_SESSION,		/* neighbor and groups: p->s[BS_*] */
	BGPC_AF,		/* their AF blocks, af-groups: it[BA_*] */
	BGPC_GAF		/* router bgp address-family: BGPC_GAF_* */
};
enum {
	BGPC_GAF_MAXP_EBGP,
	BGPC_GAF_MAXP_IBGP,
	BGPC_GAF_REDIST_CONNECTED,
	BGPC_GAF_REDIST_STATIC,
	BGPC_GAF_AP_RECV,	/* additional-paths receive */
	BGPC_GAF_AP_SEND,
	BGPC_GAF_AP_SEL,	/* additional-paths selection */
	BGPC_GAF_MAXP_EIBGP,
	BGPC_GAF_ALLOC_LABEL
};
enum bgpc_conv { BGPC_U32 = 0, BGPC_ASN, BGPC_IPV4 };

/* A bound argument stored in n[idx]; dflt (when non-zero) if absent. */
struct bgpc_num {
	const char	*arg;
	uint8_t		 idx;
	uint8_t		 conv;		/* enum bgpc_conv */
	uint8_t		 opt;		/* opt bits when the argument is given */
	uint32_t	 dflt;
};
/* A keyword that sets opt bits and/or n[0] when bound. */
struct bgpc_kw {
	const char	*kw;
	uint8_t		 opt;
	uint8_t		 sets_n0;
	uint32_t	 n0;
};
struct bgpc_spec {
	const char	*kw;		/* keyword bound by the row(s) */
	int		 item;
	struct bgpc_num	 num[3];
	struct bgpc_kw	 kws[3];
	const char	*str;		/* argument kept as the text value */
	const char	*policy;	/* argument "NAME[(args)]" */
	/* more checks of the built item; prints the error */
	int		(*check)(struct cli *, const struct cmd_args *,
			    const struct bgp_item *);
};
#define BGPC_TIMERS_NUMS {						\
	{ "keepalive", 0, BGPC_U32, 0, 60 },				\
	{ "holdtime", 1, BGPC_U32, 0, 180 },				\
	{ "min", 2, BGPC_U32, BGP_OPT_HAS_MIN, 0 } }

/* Runs the line against the first spec whose keyword is bound. */
int			 bgpc_item_cmd(struct cli *, const struct cmd_args *,
			    enum bgpc_scope, const struct bgpc_spec *,
			    size_t nspec);
/* the item of the current mode, or NULL after printing an error */
struct bgp_item		*bgpc_item(struct cli *, enum bgpc_scope, int item);
/* Replaces the item with *built (taken over, even on error). */
int			 bgpc_item_put(struct cli *, enum bgpc_scope, int item,
			    struct bgp_item *built);
/* hold time 0 or 3-65535, keepalive and minimum within it (a check) */
int			 bgpc_check_timers(struct cli *,
			    const struct cmd_args *, const struct bgp_item *);

void	bgp_types_init(void);		/* cmds/bgp.c: dynamic name types */
void	bgp_peer_cmds_init(void);	/* cmds/bgp_peer.c */
void	bgp_gm_cmds_init(void);		/* cmds/bgp_gm.c */
void	bgp_rpki_cmds_init(void);	/* cmds/bgp_rpki.c */
void	show_bgp_cfg_init(void);	/* cmds/show_bgp_cfg.c */

#endif
