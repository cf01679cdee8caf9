/*
 * modes: declares every configuration mode to the shell.  Parents give the
 * `exit` path and the parent-mode fallback used by pasted configs.
 */
#include "cmds/modes.h"

static const struct mode_def modes[] = {
	{ MODE_EXEC,		NULL,			-1,		0, NULL },
	{ MODE_CONFIG,		"config",		MODE_EXEC,	0, NULL },
	{ MODE_BGP,		"config-bgp",		MODE_CONFIG,	0, NULL },
	{ MODE_BGP_AF,		"config-bgp-af",	MODE_BGP,	0, NULL },
	{ MODE_BGP_NBR,		"config-bgp-nbr",	MODE_BGP,	0, NULL },
	{ MODE_BGP_NBR_AF,	"config-bgp-nbr-af",	MODE_BGP_NBR,	0, NULL },
	{ MODE_BGP_NBRGRP,	"config-bgp-nbrgrp",	MODE_BGP,	0, NULL },
	{ MODE_BGP_NBRGRP_AF,	"config-bgp-nbrgrp-af",	MODE_BGP_NBRGRP, 0, NULL },
	{ MODE_BGP_SNGRP,	"config-bgp-sngrp",	MODE_BGP,	0, NULL },
	{ MODE_BGP_AFGRP,	"config-bgp-afgrp",	MODE_BGP,	0, NULL },
	{ MODE_RPL,		"config-rpl",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_RPL_IF,		"config-rpl-if",	MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_RPL_ELSEIF,	"config-rpl-elseif",	MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_RPL_ELSE,	"config-rpl-else",	MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_PFX,		"config-pfx",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_COMM,		"config-comm",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_AS,		"config-as",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_EXT,		"config-ext",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_LARGECOMM,	"config-largecomm",	MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_RD,		"config-rd",		MODE_CONFIG,	MODEF_BLOCK, rpl_block_raw },
	{ MODE_STATIC,		"config-static",	MODE_CONFIG,	0, NULL },
	{ MODE_STATIC_AF,	"config-static-afi",	MODE_STATIC,	0, NULL },
	{ MODE_BGP_GM,		"config-bgp-gshut",	MODE_BGP,	0, NULL },
	{ MODE_BGP_NBR_GM,	"config-bgp-nbr-gshut",	MODE_BGP_NBR,	0, NULL },
	{ MODE_BGP_NBRGRP_GM,	"config-bgp-nbrgrp-gshut", MODE_BGP_NBRGRP, 0, NULL },
	{ MODE_BGP_SNGRP_GM,	"config-bgp-sngrp-gshut", MODE_BGP_SNGRP, 0, NULL },
	{ MODE_BGP_RPKI_SRV,	"config-bgp-rpki-server", MODE_BGP,	0, NULL },
	{ MODE_METRICS,		"config-metrics",	MODE_CONFIG,	0, NULL },
	{ MODE_BGPMON,		"config-bgp-monitor",	MODE_CONFIG,	0, NULL },
	{ MODE_BMP_SRV,		"config-bmp",		MODE_CONFIG,	0, NULL },
	{ MODE_BMP_ALL,		"config-bmp-all",	MODE_CONFIG,	0, NULL },
};

void
modes_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		cli_mode_define(&modes[i]);
}
