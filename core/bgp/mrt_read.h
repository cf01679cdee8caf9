/*
 * mrt_read: a reader of MRT files (RFC 6396, gzip or plain) for `replay
 * mrt`: TABLE_DUMP (v1, 2-octet AS paths), TABLE_DUMP_V2 (4-octet AS
 * paths, its PEER_INDEX_TABLE) and BGP4MP / BGP4MP_ET messages.  It hands
 * out one route (a RIB entry) or one received BGP message at a time; the
 * engine decodes the attributes (attr_decode.c), so nothing here knows
 * what an attribute means.
 *
 * Every byte of the file is hostile: each length is checked against what
 * is left of its record, no count is trusted, a record is at most
 * MRT_RECORD_MAX bytes.  A malformed record stops the reading with an
 * error naming the file and the record's offset (in the decompressed
 * stream); record types and subtypes we do not replay (multicast, RIB_GENERIC,
 * add-path, OSPF, state changes, messages we sent) are skipped.
 */
#ifndef XR_BGP_MRT_READ_H
#define XR_BGP_MRT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

#define MRT_RECORD_MAX	(16u << 20)	/* bytes of one record's body */

enum mrt_item_kind {
	MRT_ITEM_RIB = 1,	/* pfx with attrs (path attributes) */
	MRT_ITEM_UPDATE		/* data: a BGP UPDATE body (after the
				   19-byte header) */
};

struct mrt_item {
	enum mrt_item_kind	 kind;
	struct xaddr		 peer;		/* the MRT peer */
	uint32_t		 peer_as;
	uint32_t		 peer_id;	/* BGP ID (TABLE_DUMP_V2), 0 unknown */
	int			 as4;		/* AS_PATH is 4-octet */
	struct xprefix		 pfx;		/* MRT_ITEM_RIB */
	const uint8_t		*data;		/* borrowed until the next call */
	size_t			 len;
	uint64_t		 offset;	/* of the record holding it */
};

struct mrt_reader;

/* NULL with err set ("FILE: No such file or directory"). */
struct mrt_reader *mrt_open(const char *path, char *err, size_t errlen);
/* Over bytes in memory (not copied), for tests; name is used in errors. */
struct mrt_reader *mrt_open_mem(const uint8_t *buf, size_t len,
		    const char *name, char *err, size_t errlen);
/* 1 an item, 0 end of file, -1 malformed or unreadable (err set). */
int		 mrt_next(struct mrt_reader *, struct mrt_item *, char *err,
		    size_t errlen);
/* Records read so far (whole MRT records, skipped ones too). */
uint64_t	 mrt_records(const struct mrt_reader *);
void		 mrt_close(struct mrt_reader *);

#endif
