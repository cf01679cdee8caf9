/*
 * bgp_replay: the exec commands of core/bgp/replay.h.
 *
 *   replay mrt FILE [peer ADDR] [route-policy NAME] [speed (N | max)]
 *   clear bgp replay
 *
 * `replay mrt` runs the event loop until the replay is done (sessions,
 * timers and attached clients are served meanwhile, like `debug bgp
 * wait`), then prints
 *   Replayed N routes from P peers in T s (R routes/s)
 * Without `speed` the routes go at max.  The pseudo-neighbors show in
 * `show bgp summary` with "(replayed)" after St/PfxRcd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/bgp/replay.h"
#include "core/lib/loop.h"

#define REPLAY_SLICE_MS	200

static int
cmd_replay_mrt(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_replay_opts	 o;
	struct bgp_replay_result r;
	const char		*peer = arg_str(a, "address");
	char			 err[512];
	double			 rate;

	memset(&o, 0, sizeof(o));
	o.path = arg_str(a, "file");
	o.policy = arg_str(a, "policy");
	if (peer != NULL) {
		if (addr_parse(peer, &o.peer) == -1)
			return cli_error(cli, "Invalid peer address '%s'",
			    peer);
		o.has_peer = 1;
	}
	if (arg_has(a, "speed") && !arg_has(a, "max"))
		o.speed = arg_u32(a, "rate", 0);
	err[0] = '\0';
	if (bgp_replay_start(&o, err, sizeof(err)) == -1)
		return cli_error(cli, "%s", err);
	while (bgp_replay_running()) {
		/* SIGTERM: the engine's stop ends the replay */
		if (cli_stop_requested())
			return cli_error(cli, "Replay interrupted: xrsh is "
			    "stopping");
		if (loop_run_once(REPLAY_SLICE_MS) < 0)
			break;
	}
	bgp_replay_result(&r);
	if (r.failed)
		return cli_error(cli, "%s", r.err);
	if (o.has_peer && r.peers == 0)
		return cli_error(cli, "No MRT peer %s in %s", peer, o.path);
	rate = r.seconds > 0 ? (double)r.routes / r.seconds : 0;
	cli_printf(cli, "Replayed %llu routes from %u peer%s in %.3f s "
	    "(%.0f routes/s)\n", (unsigned long long)r.routes, r.peers,
	    r.peers == 1 ? "" : "s", r.seconds, rate);
	if (r.withdrawals > 0)
		cli_printf(cli, "%llu withdrawals replayed\n",
		    (unsigned long long)r.withdrawals);
	if (r.malformed > 0)
		cli_printf(cli, "%llu entries with malformed attributes "
		    "ignored\n", (unsigned long long)r.malformed);
	if (r.skipped > 0)
		cli_printf(cli, "%llu entries of configured neighbors' "
		    "addresses skipped\n", (unsigned long long)r.skipped);
	return CMD_OK;
}

static int
cmd_clear_replay(struct cli *cli, const struct cmd_args *a)
{
	unsigned	 n;

	(void)a;
	n = bgp_replay_clear();
	cli_printf(cli, "Removed %u replayed peer%s\n", n, n == 1 ? "" : "s");
	return CMD_OK;
}

static const struct cmd replay_rows[] = {
	{ "replay mrt <file:word> [peer <address:ip>] "
	    "[route-policy <policy:bgp-policy>] [speed ( <rate:1-10000000> | "
	    "max )]", cmd_replay_mrt, 0,
	    { "replay=Replay recorded routing data",
	      "mrt=Feed an MRT file (TABLE_DUMP, TABLE_DUMP_V2, BGP4MP) "
	      "into BGP, each MRT peer as a replayed neighbor",
	      "file=MRT file (gzip or plain)",
	      "peer=Replay only this MRT peer",
	      "address=MRT peer address",
	      "route-policy=Inbound route-policy (default: accept all)",
	      "policy=Route-policy name",
	      "speed=Routes per second (default: max)",
	      "rate=Routes per second",
	      "max=As fast as possible, in batches per event loop turn",
	      NULL } },
	{ "clear bgp replay", cmd_clear_replay, CMDF_TIMESTAMP,
	    { "clear=Reset functions", "bgp=Clear BGP connections",
	      "replay=Remove the replayed neighbors and their routes",
	      NULL } },
	CMD_END
};

void
bgp_replay_cmds_init(void)
{
	cli_install(MODE_EXEC, replay_rows);
}
