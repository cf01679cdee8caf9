/*
 * cmds: registration order of every command module.
 */
#include "cmds/cmds.h"

void
cmds_init(void)
{
	modes_init();
	cmds_session_init();
	cmds_exec_init();
	cmds_config_init();
	cmds_rpl_init();
	cmds_bgp_init();
	cmds_test_policy_init();
}
