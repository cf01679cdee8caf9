/*
 * pager: `--More--` after each screenful of interactive output, as set by
 * `terminal length N` (0: no paging).  Space shows the next page, Enter
 * the next line, q drops the rest of the command's output.  Never in
 * batch mode.
 */
#include "shell/cli_int.h"
#include "shell/ctl.h"

#define MORE	" --More-- "

void
pager_line(struct cli *cli)
{
	int	 key;

	if (cli->kind != CLI_INTERACTIVE || cli->term_len < 2 || cli->discard)
		return;
	if (++cli->page_lines < cli->term_len - 1)
		return;
	out_raw(cli, MORE);
	key = cli->conn != NULL ? ctl_conn_getkey(cli->conn) :
	    term_getkey(cli);
	out_raw(cli, "\r          \r");
	switch (key) {
	case '\r':
	case '\n':
		cli->page_lines = cli->term_len - 2;
		break;
	case 'q':
	case 'Q':
	case 3:		/* Ctrl-C */
	case -1:
		cli->discard = 1;
		break;
	default:
		cli->page_lines = 0;
		break;
	}
}
