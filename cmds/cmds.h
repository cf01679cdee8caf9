/*
 * cmds.h: shared by the command modules.  cmds/ is the only layer that
 * sees both the shell and the engine: handlers edit the session's candidate
 * configuration or ask the engine read-only questions.
 */
#ifndef XR_CMDS_H
#define XR_CMDS_H

#include "cmds/modes.h"
#include "core/config/config.h"
#include "shell/cli.h"

/*
 * Per-session state of cmds/, stored as the shell session's userdata.
 * Created by the session_new hook (cmds/session.c).
 */
struct cmds_session {
	struct config	*candidate;	/* NULL until the first edit */
	void		*commit_priv;	/* cmds/session.c + config_mode.c */
	void		*rpl_block;	/* cmds/rpl_block.c: open block */
};
struct cmds_session	*cmds_session(struct cli *);

/*
 * The session's candidate: a private copy of running, made on first use.
 * Handlers look objects up in it by the keys on the mode stack each time
 * (never keep pointers across commands).  NULL only on allocation failure
 * (after printing an error).
 */
struct config		*cmds_candidate(struct cli *);
/* The running configuration (read-only). */
const struct config	*cmds_running(void);
/* Candidate if the session has one, else running: for `test` and `show`. */
const struct config	*cmds_effective(struct cli *);

/*
 * Startup: loads the saved running configuration from `config_file` (NULL:
 * the default under the user's state directory) and hands it to the BGP
 * engine (started before).  On a load error the message names the file
 * and line, and xrsh starts with an empty configuration.  A damaged
 * commit history is reported the same way (the configuration is still
 * loaded).  Returns 0, or -1 with err set (not fatal; err may hold
 * several lines).
 */
int	cmds_start(const char *config_file, char *err, size_t errlen);

/*
 * Leaving configuration mode (`end`, `exit` from config, Ctrl-Z): asks
 * "Uncommitted changes found, commit them before exiting(yes/no/cancel)?
 * [cancel]:" when the candidate differs from running and acts on the answer.
 * Returns 0 when the caller may leave, -1 to stay.
 */
int	cmds_leave_config(struct cli *);

struct strbuf;
/*
 * Prints a rendered text and frees it; an allocation failure while
 * rendering becomes "% Out of memory".  Returns CMD_OK or CMD_ERR.
 */
int	cmds_emit(struct cli *, struct strbuf *);

/* cmds/rpl_block.c: batch input ended inside a block; reports it. */
void	rpl_block_at_eof(struct cli *);
/* cmds/rpl_block.c: frees an open block silently (session teardown). */
void	rpl_block_discard(struct cli *);

/*
 * Module initialisers, called once by cmds_init() in cmds/cmds.c.
 * cmds_init() returns -1 when start-up allocation fails.
 */
int	cmds_init(void);
int	cmds_session_init(void);	/* cmds/session.c: hooks, commit db */
void	cmds_exec_init(void);		/* cmds/exec.c, cmds/nav.c */
void	cmds_config_init(void);		/* cmds/config_mode.c */
void	cmds_config_sessions_init(void);	/* cmds/config_sessions.c */
void	cmds_load_init(void);		/* cmds/load.c */
void	cmds_bgp_init(void);		/* cmds/bgp*.c */
void	cmds_static_init(void);		/* cmds/static.c */
void	cmds_bmp_init(void);		/* cmds/bmp.c: bmp server */
void	cmds_rpl_init(void);		/* cmds/rpl*.c */
void	cmds_test_policy_init(void);	/* cmds/test_policy.c */
void	bgp_oper_init(void);		/* cmds/bgp_oper.c: clear, debug */
void	bgp_damp_cmds_init(void);	/* cmds/bgp_damp.c: dampening */
void	bgp_replay_cmds_init(void);	/* cmds/bgp_replay.c: replay mrt */
void	mrt_dump_cmds_init(void);	/* cmds/mrt_dump.c: mrt-dump */
void	cmds_show_impact_init(void);	/* cmds/show_impact.c: show configuration impact */
void	show_bgp_init(void);		/* cmds/show_bgp.c */
void	show_logging_init(void);	/* cmds/show_logging.c */
void	show_bgp_monitor_an_init(void);	/* cmds/show_bgp_monitor_an.c */
void	cmds_metrics_init(void);	/* cmds/metrics.c */
void	bgpmon_cmds_init(void);		/* cmds/bgpmon.c, show_bgpmon.c */
void	show_route_init(void);		/* cmds/show_route.c */
void	show_interfaces_init(void);	/* cmds/show_interfaces.c */
void	fib_cmds_init(void);		/* cmds/fib.c: fib install, show fib */

/*
 * cmds/bgp_oper.c: hands a new running configuration to the BGP engine.
 * in_command: a command is committing, so the engine's report lines wait
 * for cmds_engine_report() (called when the command's commit ends);
 * otherwise (a timer, the load at start) they go to the log.
 */
void	cmds_engine_apply(const struct config *running, int in_command);
void	cmds_engine_report(struct cli *);

/*
 * cmds/check.c: `xrsh --check FILE`.  Loads FILE like the saved
 * configuration and validates it like a commit; the errors go to out as
 * "FILE:LINE: % message" lines.  Returns 0 valid, 1 errors, -1 when the
 * file cannot be read (the reason in out).
 */
int	cmds_check_file(const char *path, struct strbuf *out);

/*
 * cmds/reload.c: SIGHUP with --foreground.  Reads the saved configuration
 * file again and commits it as a replace of running through the commit
 * path (validated, all or nothing, recorded in the commit history with
 * client "Reload"); sessions' candidates are left alone.  Every outcome
 * is logged.  Returns 0 (committed, or nothing to change), -1 when
 * nothing was applied, with the first error in err.
 */
int	cmds_reload_saved(char *err, size_t errlen);
/* cmds/session.c: the saved-config file ("" before cmds_start()). */
const char	*cmds_config_path(void);

#endif
