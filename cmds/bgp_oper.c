/*
 * bgp_oper: the command layer's side of the live BGP engine.
 *
 * Commits reach the engine here: cmds_engine_apply() hands it each new
 * running configuration (every commit, rollback, trial expiry or abandon,
 * and the load at start).  XR prints nothing on a normal commit, so of
 * the engine's report (one line per neighbor it acted on) only the lines
 * the operator did not ask for in so many words are shown (a session
 * reset because remote-as changed: yes; a neighbor started, shut down or
 * removed: no; offline: nothing).  They are held until the committing
 * command ends and printed then; a commit no command made (a trial timer,
 * the load at start) logs them instead.
 *
 * Exec commands: `clear bgp [ipv4 unicast | ipv6 unicast] (* | ADDR)
 * [soft [in | out]]` (reference 3.6, 6.10), and the hidden test helpers
 * `debug bgp wait neighbor ADDR STATE [timeout N]` and `debug sleep N`,
 * which run the event loop inside a command so that a batch script can
 * bring sessions up before it shows them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/bgp/engine.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define WAIT_DEFAULT	60	/* seconds, `debug bgp wait` */
#define LOOP_SLICE_MS	200	/* longest single wait inside a command */

static struct strbuf	 pending = STRBUF_INIT;

/*
 * A report line worth showing: the engine did something the operator did
 * not literally ask for (a reset because remote-as changed, ...).  A
 * neighbor started, shut down or removed is just what the commit said,
 * and XR prints nothing for it.
 */
static int
worth_showing(const char *line, size_t len)
{
	static const char *const plain[] = {
		": started", ": shut down", ": removed"
	};
	size_t	 i, n;

	if (len == 0)
		return 0;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		n = strlen(plain[i]);
		if (len >= n && memcmp(line + len - n, plain[i], n) == 0)
			return 0;
	}
	return 1;
}

void
cmds_engine_apply(const struct config *running, int in_command)
{
	struct strbuf	 report = STRBUF_INIT;
	const char	*p, *nl;
	size_t		 n;

	bgp_engine_apply(running, &report);
	/* offline there is no session to reset: nothing worth a line */
	if (report.oom || bgp_engine_offline()) {
		sb_free(&report);
		return;
	}
	for (p = sb_str(&report); *p != '\0'; p += n + (nl != NULL)) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (!worth_showing(p, n))
			continue;
		if (in_command)
			sb_printf(&pending, "%.*s\n", (int)n, p);
		else
			log_info("%.*s", (int)n, p);
	}
	sb_free(&report);
}

void
cmds_engine_report(struct cli *cli)
{
	if (pending.len > 0 && !pending.oom)
		cli_puts(cli, sb_str(&pending));
	sb_reset(&pending);
}

/* --- clear bgp --- */

static int
cmd_clear_bgp(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_engine_info	 info;
	enum bgp_clear_kind	 kind = BGP_CLEAR_HARD;
	struct xaddr		 x, *xp = NULL;
	const char		*addr = arg_str(a, "address"), *e;
	char			 err[256];

	if (addr != NULL) {
		if (addr_parse(addr, &x) == -1)
			return cli_error(cli, "Invalid neighbor address '%s'",
			    addr);
		if ((arg_has(a, "ipv4") && x.af != AF_V4) ||
		    (arg_has(a, "ipv6") && x.af != AF_V6))
			return cli_error(cli, "Address %s is not of the "
			    "address family %s unicast", addr,
			    arg_has(a, "ipv4") ? "ipv4" : "ipv6");
		xp = &x;
	}
	if (arg_has(a, "soft"))
		kind = arg_has(a, "in") ? BGP_CLEAR_SOFT_IN :
		    arg_has(a, "out") ? BGP_CLEAR_SOFT_OUT : BGP_CLEAR_SOFT;
	bgp_engine_info(&info);
	if (!info.configured)
		return cli_error(cli, "BGP instance 'default' not active");
	err[0] = '\0';
	if (bgp_engine_clear(xp, kind, err, sizeof(err)) == -1) {
		/* the engine words it like XR, "% " included or not */
		e = err;
		if (e[0] == '%')
			e += e[1] == ' ' ? 2 : 1;
		return cli_error(cli, "%s", *e != '\0' ? e :
		    "No such neighbor");
	}
	return CMD_OK;
}

#define CLEAR_HELP \
	"clear=Reset functions", \
	"bgp=Clear BGP connections", \
	"ipv4=IPv4 Address Family", \
	"ipv6=IPv6 Address Family", \
	"unicast=Unicast sub Address Family", \
	"*=Clear all peers", \
	"address=BGP neighbor address to clear", \
	"soft=Soft reconfig", \
	"in=Soft reconfig inbound update", \
	"out=Soft reconfig outbound update"

static const struct cmd clear_rows[] = {
	{ "clear bgp [( ipv4 | ipv6 ) unicast] ( * | <address:ip> ) "
	    "[soft [( in | out )]]", cmd_clear_bgp, CMDF_TIMESTAMP,
	    { CLEAR_HELP, NULL } },
	CMD_END
};

/* --- debug bgp wait, debug sleep --- */

static const struct {
	const char	*kw;
	enum bgp_state	 st;
} wait_states[] = {
	{ "idle", BGP_ST_IDLE },
	{ "connect", BGP_ST_CONNECT },
	{ "active", BGP_ST_ACTIVE },
	{ "opensent", BGP_ST_OPENSENT },
	{ "openconfirm", BGP_ST_OPENCONFIRM },
	{ "established", BGP_ST_ESTABLISHED },
};

/* Runs the loop until `deadline` (loop_now seconds) or until done() says
 * so; returns 1 when done, 0 at the deadline. */
static int
run_until(double deadline, int (*done)(void *), void *arg)
{
	double	 left;
	int	 ms;

	for (;;) {
		if (done != NULL && done(arg))
			return 1;
		left = deadline - loop_now();
		if (left <= 0 || cli_stop_requested())
			return 0;
		ms = (int)ceil(left * 1000);
		if (ms > LOOP_SLICE_MS)
			ms = LOOP_SLICE_MS;
		if (loop_run_once(ms) < 0)
			return 0;
	}
}

struct wait_ctx {
	struct xaddr		 addr;
	enum bgp_state		 want;
	int			 known;
	struct bgp_nbr_info	 last;
};

static int
reached(void *arg)
{
	struct wait_ctx	*w = arg;

	w->known = bgp_engine_nbr(&w->addr, &w->last) == 0;
	return w->known && w->last.state == w->want;
}

static int
cmd_debug_wait(struct cli *cli, const struct cmd_args *a)
{
	struct wait_ctx	 w;
	const char	*addr = arg_str(a, "address");
	unsigned	 secs = arg_u32(a, "seconds", WAIT_DEFAULT);
	size_t		 i;

	memset(&w, 0, sizeof(w));
	if (addr_parse(addr, &w.addr) == -1)
		return cli_error(cli, "Invalid neighbor address '%s'", addr);
	for (i = 0; i < sizeof(wait_states) / sizeof(wait_states[0]); i++)
		if (arg_has(a, wait_states[i].kw))
			w.want = wait_states[i].st;
	if (run_until(loop_now() + secs, reached, &w))
		return CMD_OK;
	if (!w.known)
		return cli_error(cli, "Neighbor %s is not configured (waited "
		    "%u seconds for %s)", addr, secs, bgp_state_name(w.want));
	return cli_error(cli, "Neighbor %s did not reach %s within %u "
	    "seconds: it is %s", addr, bgp_state_name(w.want), secs,
	    bgp_state_name(w.last.state));
}

static int
cmd_debug_sleep(struct cli *cli, const struct cmd_args *a)
{
	(void)cli;
	run_until(loop_now() + arg_u32(a, "seconds", 1), NULL, NULL);
	return CMD_OK;
}

#define DEBUG_HELP "debug=Debugging functions"

static const struct cmd debug_rows[] = {
	{ "debug bgp wait neighbor <address:ip> ( idle | connect | active | "
	    "opensent | openconfirm | established ) [timeout <seconds:1-600>]",
	    cmd_debug_wait, CMDF_HIDDEN,
	    { DEBUG_HELP, "bgp=BGP engine",
	      "wait=Run the event loop until a neighbor reaches a state "
	      "(tests)",
	      "neighbor=The neighbor to watch",
	      "address=Neighbor address",
	      "idle=Idle (also Idle (Admin) and the other Idle forms)",
	      "connect=Connect", "active=Active", "opensent=OpenSent",
	      "openconfirm=OpenConfirm", "established=Established",
	      "timeout=Give up after this long (default 60 seconds)",
	      "seconds=Seconds", NULL } },
	{ "debug sleep <seconds:1-600>", cmd_debug_sleep, CMDF_HIDDEN,
	    { DEBUG_HELP,
	      "sleep=Run the event loop for a while (tests)",
	      "seconds=Seconds", NULL } },
	CMD_END
};

void
bgp_oper_init(void)
{
	cli_install(MODE_EXEC, clear_rows);
	cli_install(MODE_EXEC, debug_rows);
	cli_install(MODE_ANYCONFIG, debug_rows);
}
