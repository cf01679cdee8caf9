/*
 * commit_overlap: a session commits after other sessions committed under
 * it.  Whether its changes and theirs touch the same commit items (the
 * units of `commit best-effort`, see commit.h: the hostname, each RPL
 * object, each block under router bgp and the global bgp settings), and
 * when they do not, running with the session's items put back on top.
 * Works on canonical text (config_print()): three snapshots, `base` (running
 * when the session copied its candidate), `mine` (the candidate) and
 * `theirs` (running now).
 */
#ifndef XR_COMMIT_OVERLAP_H
#define XR_COMMIT_OVERLAP_H

#include <stddef.h>

#include "core/lib/strbuf.h"

/*
 * 1: an item changed base -> mine was also changed base -> theirs, and the
 * two sides do not agree on it (the same change on both sides is no
 * conflict).  `which` (if not NULL) gets each such item's name on a line
 * of its own ("hostname", "route-policy P", "router bgp 1 neighbor
 * 10.0.0.2", "router bgp 1 (global settings)").
 * 0: no overlap; *merged (if merged is not NULL) is `theirs` with every
 * item the session changed taken from `mine`, canonical text to free().
 * When the three do not agree on `router bgp ASN` (BGP added, removed, or
 * its ASN changed somewhere), the whole router bgp is one item.
 * -1: unparsable text or out of memory, err set.
 */
int	commit_overlap(const char *base, const char *mine, const char *theirs,
	    char **merged, struct strbuf *which, char *err, size_t errlen);

#endif
