/*
 * prop: the propagation benchmark (bench/README.md).  One process plays
 * every remote peer of the speaker under test: the feeders, which send a
 * synthetic full table, and the sink, which counts what the speaker
 * advertises.  gen.c makes the table and its UPDATE stream, sink.c reads
 * the speaker's UPDATEs, bench_prop.c runs the sessions and measures.
 */
#ifndef XR_BENCH_PROP_H
#define XR_BENCH_PROP_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/wire.h"

/* Communities the policies of both speakers look at (xrsh.cfg.in,
   bird.conf.in): LP_COMM sets local-preference 200 inbound, PREPEND_COMM
   prepends the speaker's AS twice towards the sink. */
#define PROP_LP_COMM		((65100u << 16) | 200u)
#define PROP_PREPEND_COMM	((65100u << 16) | 3u)

/* The attributes of a set of a real table (mrt.c), feeder's AS aside. */
struct tset {
	uint8_t		*aspath;	/* 4-octet wire form, owned */
	size_t		 aspath_len;
	uint8_t		 origin;
	int		 has_med;
	uint32_t	 med;
	uint32_t	*comm;		/* owned */
	size_t		 ncomm;
};

/* The most prefixes a set has: one UPDATE of 4096 bytes holds them. */
#define PROP_GROUP_MAX	40

/*
 * The table: prefixes in the order they are sent, grouped in attribute
 * sets (set k covers prefixes set_start[k] .. set_start[k+1]-1, at most
 * PROP_GROUP_MAX, one UPDATE).  The attributes of a synthetic set are
 * not stored: they are drawn again from the seed and k.  A real table
 * (mrt.c) keeps them in sets[].
 */
struct table {
	uint32_t	*addr;		/* host order */
	uint8_t		*len;
	size_t		 n;
	uint32_t	*set_start;	/* nsets + 1 entries */
	size_t		 nsets;
	uint32_t	*pool;		/* AS numbers paths are drawn from */
	size_t		 npool;
	uint64_t	 seed;
	struct tset	*sets;		/* real table; NULL: synthetic */
	char		 source[80];	/* "synthetic", "MRT peer 1.2.3.4" */
	/* what the policies leave, counted from the table itself */
	size_t		 n_bogon;	/* dropped: bogon prefix-set */
	size_t		 n_long;	/* dropped: longer than /24 */
	size_t		 n_expect;	/* reach the sink */
	size_t		 n_expect_prepend; /* ... with PREPEND_COMM */
	size_t		 n_expect_comm;	/* ... with any community */
	size_t		 n_expect_lp;	/* ... with LP_COMM */
};

/* Fills *t with n prefixes; -1 (message in err) on failure. */
int	 gen_table(struct table *t, size_t n, uint64_t seed, char *err,
	    size_t errlen);
void	 gen_table_free(struct table *t);
/* Counts n_bogon .. n_expect_lp from the prefixes and set attributes. */
void	 gen_count(struct table *t);
/*
 * mrt.c: the table of one peer of an MRT TABLE_DUMP (v1) RIB, gzipped
 * or not: the peer with the most routes.  Prefixes with the same
 * attributes form sets; every tenth set also gets PROP_PREPEND_COMM and
 * every fifth PROP_LP_COMM, so the policies have something to do.
 */
int	 mrt_table(struct table *t, const char *path, char *err,
	    size_t errlen);
/* 1 if the prefix is in the bench's bogon prefix-set (le 32 entries). */
int	 gen_is_bogon(uint32_t addr, unsigned len);
/*
 * The origin AS every feeder's path for set k ends in: 1 and *asn when
 * it is known and the same for every feeder (the path is more than the
 * feeder's own AS and ends in an AS_SEQUENCE), 0 if not.
 */
int	 gen_origin(const struct table *t, size_t k, uint32_t *asn);
/*
 * vrp.c: writes a VRP set of total VRPs for the table, rpki-client's
 * JSON format, to path (bench/README.md): half of the routes that can be
 * made valid get a VRP that does, no route is left invalid, and the rest
 * are filler VRPs that cover no route (IPv4 space no route falls in, and
 * IPv6).  Fills *st; -1 (message in err) on failure.
 */
struct vrp_stats {
	size_t	 total, valid, fill4, fill6;
	size_t	 routes_valid, routes_notfound;	/* of those kept */
};
int	 vrp_write(const struct table *t, size_t total, uint64_t seed,
	    const char *path, struct vrp_stats *st, char *err, size_t errlen);
/*
 * Appends to out the whole table as one feeder sends it: every path
 * starts with feeder_as, NEXT_HOP is nexthop (host order), End-of-RIB
 * last.  -1 on allocation failure.
 */
int	 gen_encode(const struct table *t, uint32_t feeder_as,
	    uint32_t nexthop, struct wbuf *out, size_t *nmsgs);

/*
 * The sink's counter: which prefixes are announced now (a bitmap over
 * every /0../24; longer ones only counted), how many came with the
 * speaker's AS at least three times in front (the outbound prepend), and
 * with communities.
 */
struct sink {
	uint32_t	 speaker_as;
	uint8_t		*have, *prep, *comm;	/* bitmaps, 2^25 bits */
	size_t		 count, n_prep, n_comm;
	size_t		 n_long;	/* announcements longer than /24 */
	size_t		 msgs, announced, withdrawn, eor;
	char		 err[160];	/* first malformed UPDATE */
};

int	 sink_init(struct sink *, uint32_t speaker_as);
void	 sink_free(struct sink *);
/* One UPDATE body (after the 19-byte header), 4-octet AS_PATH.  Returns
   1 if it changed the counts, 0 if not, -1 if malformed (s->err). */
int	 sink_update(struct sink *, const uint8_t *body, size_t len);

/* ---- sess.c: the sessions ---- */

#define PROP_MAXSESS	65	/* the sink and up to 64 feeders */

enum sstate { S_IDLE, S_CONNECTING, S_OPEN, S_ESTABLISHED, S_DEAD };

struct sess {
	const char	*role;		/* "sink", "feeder" */
	int		 idx;
	int		 fd;
	enum sstate	 state;
	uint32_t	 local;		/* host order */
	uint32_t	 as;
	double		 retry_at;
	uint8_t		*rbuf;
	size_t		 rlen;
	struct wbuf	 ctl;		/* OPEN, KEEPALIVE */
	size_t		 ctl_off;
	struct wbuf	 bulk;		/* the feeder's table */
	size_t		 bulk_off, nmsgs;
	int		 bulk_on;
	double		 bulk_done;	/* when its last byte was written */
	unsigned	 ka;		/* keepalive interval, 0: none */
	double		 next_ka;
	int		 got_open;
	size_t		 rx_updates;
};

/* What every session shares: where the speaker is, the sink's counter
   and when it last got an UPDATE. */
struct sess_env {
	uint32_t	 speaker;	/* host order, 127.0.0.0/8 */
	uint16_t	 port;
	uint16_t	 hold;		/* offered in our OPENs */
	struct sink	*sink;
	double		 t_last;
};
extern struct sess_env	 sess_env;

double	 prop_now(void);	/* CLOCK_MONOTONIC seconds */
/* -1 on allocation failure. */
int	 sess_init(struct sess *, const char *role, int idx, uint32_t local,
	    uint32_t as);
/* One turn of the loop over ss[0..n): connects, reads, writes,
   keepalives.  -1 when a session failed. */
int	 sess_pump(struct sess *ss, size_t n, int ms);
/* Runs the loop until ss[0..n) are Established (-1 after 60 s), then
   half a second more for what the speaker sends at once (End-of-RIB). */
int	 sess_bring_up(struct sess *ss, size_t n, const char *what);
/* Cease to every session still open, then everything freed. */
void	 sess_teardown(struct sess *ss, size_t n);

#endif
