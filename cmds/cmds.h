/*
 * cmds.h: shared by the command modules.  cmds/ is the only layer that
 * sees both the shell and the engine: handlers edit the session's candidate
 * configuration or ask the engine read-only questions.
 */
#ifndef XR_CMDS_H
#define XR_CMDS_H

#include "cmds/modes.h"
#include "core/config.h"
#include "shell/cli.h"

/*
 * The session's candidate: a private copy of running, made on first use.
 * Handlers look objects up in it by the keys on the mode stack each time
 * (never keep pointers across commands).  NULL only on allocation failure.
 */
struct config		*cmds_candidate(struct cli *);
/* The running configuration (read-only). */
const struct config	*cmds_running(void);
/* Candidate if the session has one, else running: for `test` and `show`. */
const struct config	*cmds_effective(struct cli *);

/* Module initialisers, called once by cmds_init() in cmds/cmds.c. */
void	cmds_init(void);
void	cmds_exec_init(void);		/* cmds/exec.c */
void	cmds_config_init(void);		/* cmds/config_mode.c */
void	cmds_bgp_init(void);		/* cmds/bgp*.c */
void	cmds_rpl_init(void);		/* cmds/rpl*.c */
void	cmds_test_policy_init(void);	/* cmds/test_policy.c */

#endif
