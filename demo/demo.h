/*
 * The built-in demo lab (`xrsh --demo`): xrsh on 127.0.0.1 (AS 65001) with
 * the completed seed multi-homing configuration, and three real BGP
 * speakers on other loopback addresses, each a child process running
 * `xrsh --demo-peer ROLE --port N` (the route generator in demo/peer*.c).
 *
 * Contract between the lab (demo/lab.c) and a speaker (demo/peer.c):
 *   - the speaker binds ROLE's address and the port, listens (passive:
 *     xrsh connects), then writes exactly one line on stdout,
 *     "ready ROLE ADDR PORT", or "error TEXT" and exits 1; it closes
 *     stdout after that line;
 *   - it logs to stderr (the lab sends that to a file in its directory);
 *   - it exits 0 on SIGTERM/SIGINT after a Cease NOTIFICATION, and dies
 *     with its parent (PR_SET_PDEATHSIG, set by the lab before exec).
 */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DEMO_LOCAL_ADDR	"127.0.0.1"
#define DEMO_LOCAL_AS	65001

struct demo_role {
	const char	*name;		/* "provider-a": the --demo-peer ROLE */
	const char	*addr;		/* "127.0.0.2" */
	uint32_t	 asn;		/* 1299 */
	const char	*label;		/* "PROVIDER_A" */
};

/* provider-a 127.0.0.2 AS 1299, provider-b 127.0.0.3 AS 174,
 * customer 127.0.0.4 AS 64500 (demo/roles.c) */
extern const struct demo_role	demo_roles[];
extern const size_t		demo_nroles;
const struct demo_role	*demo_role_find(const char *name);

/* `xrsh --demo-peer ROLE --port N`: argv[0] is "--demo-peer".
 * Returns the process exit status. */
int	demo_peer_main(int argc, char **argv);

/* ---- the lab, driven by shell/main.c ---- */

/* Picks the port (want != 0: that one; else 179 as root when free on
 * every lab address, otherwise a free high port), starts the speakers and
 * waits until each is listening, and writes the lab's configuration as a
 * saved running configuration in a fresh temporary directory.  Fills
 * *port and cfgpath.  Returns 0, or -1 with err (nothing left running). */
int	demo_lab_start(uint16_t want, uint16_t *port, char *cfgpath,
	    size_t cfglen, char *err, size_t errlen);
/* After the engine started and the configuration was loaded: runs the
 * event loop until every lab neighbor is Established with End-of-RIB
 * received, or `timeout` seconds.  Progress and the banner go to `out`
 * (NULL: silent).  `stop` (may be NULL) is asked every slice: a stop
 * signal ends the wait.  Returns 0 ready, -1 with err naming what is
 * missing or that the wait was stopped. */
int	demo_lab_wait(double timeout, FILE *out, int (*stop)(void), char *err,
	    size_t errlen);
/* Stops the speakers (SIGTERM, SIGKILL after 2 s), reaps them, removes
 * the temporary directory.  Idempotent; async-signal paths use
 * demo_lab_kill(). */
void	demo_lab_stop(void);
/* Only kill(2) of the speakers: safe in a signal handler. */
void	demo_lab_kill(void);

#endif
