/*
 * STUB: replaced by the module's real command rows.
 */
#include "cmds/cmds.h"

void
cmds_config_init(void)
{
}
