/*
 * modes.h: the configuration modes xrsh knows, with XR's prompt names.
 * MODE_EXEC and MODE_CONFIG come from shell/cli.h.  cmds/modes.c declares
 * them to the shell (names, parents, block flags).
 */
#ifndef XR_MODES_H
#define XR_MODES_H

#include "shell/cli.h"

enum {
	MODE_BGP = 2,		/* config-bgp */
	MODE_BGP_AF,		/* config-bgp-af */
	MODE_BGP_NBR,		/* config-bgp-nbr */
	MODE_BGP_NBR_AF,	/* config-bgp-nbr-af */
	MODE_BGP_NBRGRP,	/* config-bgp-nbrgrp */
	MODE_BGP_NBRGRP_AF,	/* config-bgp-nbrgrp-af */
	MODE_BGP_SNGRP,		/* config-bgp-sngrp */
	MODE_BGP_AFGRP,		/* config-bgp-afgrp */
	MODE_RPL,		/* config-rpl (block) */
	MODE_RPL_IF,		/* config-rpl-if (block) */
	MODE_RPL_ELSEIF,	/* config-rpl-elseif (block) */
	MODE_RPL_ELSE,		/* config-rpl-else (block) */
	MODE_PFX,		/* config-pfx (block) */
	MODE_COMM,		/* config-comm (block) */
	MODE_AS,		/* config-as (block) */
	MODE_EXT,		/* config-ext (block) */
	MODE_LARGECOMM,		/* config-largecomm (block) */
	MODE_RD,		/* config-rd (block) */
	MODE_STATIC,		/* config-static */
	MODE_STATIC_AF,		/* config-static-afi */
	MODE_BGP_GM,		/* config-bgp-gshut */
	MODE_BGP_NBR_GM,	/* config-bgp-nbr-gshut */
	MODE_BGP_NBRGRP_GM,	/* config-bgp-nbrgrp-gshut */
	MODE_BGP_SNGRP_GM,	/* config-bgp-sngrp-gshut */
	MODE_BGP_RPKI_SRV,	/* config-bgp-rpki-server */
	MODE_METRICS,		/* config-metrics */
	MODE_BGPMON,		/* config-bgp-monitor */
	MODE_BMP_SRV,		/* config-bmp */
	MODE_BMP_ALL,		/* config-bmp-all */
	MODE_COUNT
};

/* The modes of an open route-policy or set block. */
static inline int
mode_is_rpl_block(int m)
{
	return (m >= MODE_RPL && m <= MODE_LARGECOMM) || m == MODE_RD;
}

/*
 * Raw-line handlers of the block modes, provided by cmds/rpl_block.c.
 * modes.c wires them into the mode table.
 */
int	rpl_block_raw(struct cli *, const char *line);

void	modes_init(void);

#endif
