/*
 * emit: hands a finished text (a strbuf a handler rendered into) to the
 * session output, turning an allocation failure during rendering into the
 * command's error.  Shared so every show command fails the same way.
 */
#include "cmds/cmds.h"
#include "core/lib/strbuf.h"

int
cmds_emit(struct cli *cli, struct strbuf *sb)
{
	if (sb->oom) {
		sb_free(sb);
		return cli_error(cli, "Out of memory");
	}
	cli_puts(cli, sb_str(sb));
	sb_free(sb);
	return CMD_OK;
}
