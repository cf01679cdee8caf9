/*
 * replay: `replay mrt FILE [peer ADDR] [route-policy NAME] [speed N|max]`
 * feeds an MRT dump (mrt_read.h) into the engine.  Each MRT peer becomes
 * a pseudo-neighbor: a struct peer in the engine's tree, Established,
 * marked replayed, with no connection and no configuration.  Its paths
 * pass the import checks and the given inbound policy (none: accept all,
 * RFC 8212 does not apply, since a replay is a test tool), take part in
 * best path and are advertised to the real neighbors like any path.  A
 * pseudo-neighbor never opens a socket (session.c's startable() refuses
 * it), never joins an update group (nothing is sent to it) and is never
 * printed in the configuration.  Its pre-policy copy is kept, so
 * committing a changed policy re-filters the replayed table at once.
 *
 * The routes are fed from timers in batches, so the CLI and the real
 * sessions keep running during a long replay: `speed N` paces them at N
 * routes a second, `max` feeds one batch per loop turn.
 *
 * A malformed record stops the replay with an error naming the file and
 * the record's offset; what was fed before it stays (the message says how
 * much) until `clear bgp replay`.
 */
#ifndef XR_BGP_REPLAY_H
#define XR_BGP_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

struct bgp_replay_opts {
	const char	*path;
	int		 has_peer;	/* only this MRT peer */
	struct xaddr	 peer;
	const char	*policy;	/* inbound route-policy; NULL or "" none */
	unsigned	 speed;		/* routes a second; 0: max */
};

struct bgp_replay_result {
	uint64_t	 routes;	/* announcements fed */
	uint64_t	 withdrawals;	/* BGP4MP withdrawals fed */
	uint64_t	 malformed;	/* entries the decoder refused */
	uint64_t	 skipped;	/* of configured neighbors' addresses */
	unsigned	 peers;		/* pseudo-neighbors fed by this replay */
	double		 seconds;
	int		 failed;	/* err says why */
	char		 err[512];
};

/* Starts a replay: 0, or -1 with err (no file, no such policy, BGP not
   configured, one already running). */
int	 bgp_replay_start(const struct bgp_replay_opts *, char *err,
	    size_t errlen);
/* 1 while routes are still being fed. */
int	 bgp_replay_running(void);
/* The last replay's outcome (valid once it is no longer running). */
void	 bgp_replay_result(struct bgp_replay_result *);
/* Stops a running replay and removes every pseudo-neighbor with its
   paths; the number of pseudo-neighbors removed. */
unsigned bgp_replay_clear(void);

#endif
