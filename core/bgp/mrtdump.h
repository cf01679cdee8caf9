/*
 * mrtdump: the MRT files `mrt-dump` writes (core/config/mrtdump_cfg.h).
 *
 * Table snapshots (TABLE_DUMP_V2): every interval, aligned to multiples
 * of it in UTC (a 7200 s interval dumps at 00:00, 02:00, ...), and on
 * `mrt-dump table now`.  One PEER_INDEX_TABLE (collector ID: our router
 * ID, view "default", each neighbor with paths, then the router itself
 * as 0.0.0.0 for its own routes), then per prefix one RIB_IPV4_UNICAST /
 * RIB_IPV6_UNICAST record with every path the Loc-RIB holds (each
 * neighbor's accepted paths, post-policy, best first, as RIPE RIS dumps
 * do), and an RIB_*_ADDPATH record with the paths received with RFC 7911
 * Path Identifiers.  See mrtdump_table.c for how it avoids stalling the
 * loop.
 *
 * Update log (BGP4MP_ET): every UPDATE received, as BGP4MP_MESSAGE_AS4
 * (MESSAGE_AS4_ADDPATH where the session receives Path IDs for the
 * message's family), and every FSM transition as STATE_CHANGE_AS4.  The
 * file rotates at each multiple of the interval and on `mrt-dump updates
 * rotate`.  Records collect in memory and go to the file from a timer
 * (at most a second later, sooner past 256 KiB); a write error is logged
 * once per file, counted, and drops what was buffered.  Nothing is
 * hooked into the engine while no update log is configured.
 *
 * Both kinds write to "NAME.tmp" and rename it to NAME when the file is
 * complete, so a reader never sees half a file.  A pattern's name that is
 * already taken (no escape in it, or two files in one minute) becomes
 * NAME.1, NAME.2, ...: a complete file is never overwritten (but by
 * `mrt-dump table now file PATH`, which writes PATH as asked).  IPv4
 * routes with an IPv6 next hop (RFC 8950) cannot be said in a
 * TABLE_DUMP_V2 IPv4 entry: they are left out and counted as an error.
 */
#ifndef XR_BGP_MRTDUMP_H
#define XR_BGP_MRTDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/config/mrtdump_cfg.h"

#define MRTDUMP_PATH_MAX	MRTDUMP_PATTERN_MAX

struct mrtdump_status {
	int		 configured;
	char		 pattern[MRTDUMP_PATTERN_MAX];
	uint32_t	 interval;
	time_t		 next;		/* next snapshot / rotation, 0 none */
	int		 in_progress;	/* table: a snapshot being written */
	char		 current[MRTDUMP_PATH_MAX]; /* updates: being written */
	char		 last_file[MRTDUMP_PATH_MAX];	/* last complete one */
	time_t		 last_write;	/* when it was completed, 0 never */
	uint64_t	 files;		/* completed */
	uint64_t	 records, bytes;	/* in all files, completed or not */
	uint64_t	 errors;	/* failed opens, writes, snapshots */
	uint64_t	 dropped;	/* updates: records lost to errors */
	char		 last_error[2 * MRTDUMP_PATH_MAX + 128];
	/* table: the last snapshot */
	uint64_t	 prefixes, paths;
	double		 seconds;
};

/* The running configuration's `mrt-dump` lines (NULL: none). */
void	 mrtdump_apply(const struct mrtdump_cfg *);
/* Closes the update log (renamed into place) and waits for a snapshot
   being written. */
void	 mrtdump_stop(void);
void	 mrtdump_status(enum mrtdump_kind, struct mrtdump_status *);

/*
 * Starts a table snapshot into path (NULL: the configured pattern).  0,
 * or -1 with err (no pattern configured, bad path, fork failed, one is
 * being written already).
 */
int	 mrtdump_table_start(const char *path, char *err, size_t errlen);
int	 mrtdump_table_running(void);
/* Closes the current update log file and starts the next one; 0, or -1
   with err when no update log is configured. */
int	 mrtdump_updates_rotate(char *err, size_t errlen);

/* mrtdump_table.c: writes the snapshot to fd (in the child). */
struct mrtdump_result {
	uint64_t	 records, bytes, prefixes, paths, skipped;
	int		 failed;
	char		 err[2 * MRTDUMP_PATH_MAX + 128];
};
void	 mrtdump_table_write(int fd, struct mrtdump_result *);

#endif
