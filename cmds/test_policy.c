/*
 * STUB: replaced by the module's real command rows.
 */
#include "cmds/cmds.h"

void
cmds_test_policy_init(void)
{
}
