/*
 * cmds: registration order of every command module.
 */
#include "cmds/cmds.h"

int
cmds_init(void)
{
	modes_init();
	if (cmds_session_init() == -1)
		return -1;
	cmds_exec_init();
	cmds_config_init();
	cmds_config_sessions_init();
	cmds_load_init();
	cmds_rpl_init();
	cmds_static_init();
	cmds_bgp_init();
	cmds_bmp_init();
	cmds_test_policy_init();
	bgp_oper_init();
	bgp_damp_cmds_init();
	bgp_replay_cmds_init();
	mrt_dump_cmds_init();
	cmds_show_impact_init();
	show_bgp_init();
	show_logging_init();
	show_bgp_monitor_an_init();
	cmds_metrics_init();
	bgpmon_cmds_init();
	show_route_init();
	show_interfaces_init();
	fib_cmds_init();
	return 0;
}
