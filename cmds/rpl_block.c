/*
 * STUB: RPL block capture (route-policy / *-set) arrives with issue 3.
 */
#include "cmds/cmds.h"

int
rpl_block_raw(struct cli *cli, const char *line)
{
	(void)line;
	return cli_error(cli, "RPL is not available yet");
}

void
rpl_block_at_eof(struct cli *cli)
{
	(void)cli;
}

void
cmds_rpl_init(void)
{
}
