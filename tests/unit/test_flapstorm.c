/*
 * test_flapstorm: session resets and route flaps in a row leave nothing
 * behind.  A stable peer (127.0.0.3) holds a fixed set the whole time;
 * its routes and the attribute sets they use are the baseline.  A second
 * peer (127.0.0.2) then resets its session N times (FIN, TCP reset,
 * Cease NOTIFICATION in turn) and, between resets, flaps M routes over a
 * pool of prefixes that overlaps the stable set: announcements with
 * AS paths, MEDs and communities drawn from a seeded PRNG, and
 * withdrawals.  Afterwards:
 *   - the Loc-RIB holds exactly what both peers hold (every prefix of
 *     the pool checked: paths, AS path, MED, communities);
 *   - the memory counters of `show bgp process` (bgp_rib_memory: paths,
 *     prefixes, interned attribute sets, their references and bytes)
 *     are the baseline plus exactly the cost of the flapping peer's
 *     final set, measured by announcing that set alone on a fresh
 *     session from the baseline;
 *   - once the flapping peer is gone, exactly the baseline.
 * Byte counts of slab-allocated structures (the prefix trie, the
 * Loc-RIB's entry pool, the intern table's slots) are high-water marks
 * by design; they are printed, and must not grow when the same storm
 * runs again.
 *
 * Sizes: FLAPSTORM_RESETS and FLAPSTORM_FLAPS (default 20 and 2,000, a
 * second or two under ASan); `make check-stress` runs 1,000 and 100,000.
 * FLAPSTORM_SEED replays a run (the seed is printed).
 */
#include <inttypes.h>
#include <time.h>

#include "bgp_tpeer.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib.h"
#include "core/bgp/rib_query.h"

#define FLAPPER		"127.0.0.2"
#define STABLE		"127.0.0.3"
#define FLAPPER_AS	65002
#define STABLE_AS	65003
#define POOL		512	/* prefixes the flapper uses */
#define NSTABLE		128	/* the stable set: pool prefixes 0..127 */
#define MAXPATH		4
#define MAXCOMM		3
#define NNH		64	/* next hops the flapper uses */

/* What the flapping peer holds for one prefix of the pool. */
struct want {
	int		 on;
	uint32_t	 path[MAXPATH];
	uint32_t	 npath;
	uint32_t	 med;
	uint32_t	 comm[MAXCOMM];
	uint32_t	 ncomm;
	uint32_t	 nh;		/* 10.0.nh.2 (unreachable) or, from 32,
					   127.1.nh.2 (reachable) */
};

static struct want	 want[POOL];
static uint64_t		 rng;
static struct tp	 stable;
static unsigned long	 nresets = 20, nflaps = 2000;

static uint32_t
rnd(void)
{
	/* xorshift64*: fixed sequence for a seed, to replay a failure */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

static void
pool_prefix(unsigned i, struct xprefix *p)
{
	char	 s[32];

	snprintf(s, sizeof(s), "20.%u.%u.0/24", i / 256, i % 256);
	prefix_parse(s, p, 0);
}

/* Reads and drops whatever the engine sent (routes, keepalives). */
static void
drain(struct tp *t)
{
	uint8_t	 buf[65536];

	if (t->fd != -1)
		while (read(t->fd, buf, sizeof(buf)) > 0)
			;
}

static void
pump(void)
{
	loop_run_once(0);
	drain(&stable);
}

/* Sends b whole without the 5 ms pause of tp_send, running the engine
 * whenever the socket is full. */
static int
send_raw(struct tp *t, struct wbuf *b)
{
	size_t	 off = 0;
	ssize_t	 n;
	int	 rc = 0;

	while (off < b->len) {
		n = send(t->fd, b->buf + off, b->len - off, MSG_NOSIGNAL);
		if (n > 0)
			off += (size_t)n;
		else if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			pump();
			drain(t);
		} else {
			rc = -1;
			break;
		}
	}
	wbuf_free(b);
	return rc;
}

static void
codec(struct bgp_codec_ctx *ctx, uint32_t as)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->as4 = 1;
	ctx->ebgp = 1;
	ctx->afs = BGP_AF_V4U;
	ctx->maxlen = BGP_MAX_LEN;
	ctx->local_as = as;
}

static void
nh_addr(const struct want *w, struct xaddr *a)
{
	char	 s[32];

	snprintf(s, sizeof(s), w->nh < 32 ? "10.0.%u.2" : "127.1.%u.2",
	    w->nh);
	addr_parse(s, a);
}

/* Appends to b the UPDATE announcing pool prefix i as w describes. */
static void
enc_announce(struct wbuf *b, uint32_t as, unsigned i, const struct want *w)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_attrs	*a;
	struct xprefix		 p;

	codec(&ctx, as);
	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_MED);
	a->origin = BGP_ORIGIN_IGP;
	a->med = w->med;
	if (bgp_attrs_set_aspath(a, w->path, w->npath) == -1)
		abort();
	nh_addr(w, &a->nexthop);
	if (w->ncomm > 0) {
		if ((a->communities = calloc(w->ncomm,
		    sizeof(uint32_t))) == NULL)
			abort();
		memcpy(a->communities, w->comm, w->ncomm * sizeof(uint32_t));
		a->ncommunities = w->ncomm;
		a->present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	}
	pool_prefix(i, &p);
	bgp_update_encode_announce(b, &ctx, a, &p, 1);
	bgp_attrs_unref(a);
}

static void
enc_withdraw(struct wbuf *b, unsigned i)
{
	struct bgp_codec_ctx	 ctx;
	struct xprefix		 p;

	codec(&ctx, FLAPPER_AS);
	pool_prefix(i, &p);
	bgp_update_encode_withdraw(b, &ctx, &p, 1);
}

/* A random announcement for the flapper: few enough variants that sets
 * are shared, many enough that they come and go. */
static void
random_want(struct want *w)
{
	uint32_t	 r = rnd(), i;

	memset(w, 0, sizeof(*w));
	w->on = 1;
	w->npath = 1 + r % MAXPATH;
	w->path[0] = FLAPPER_AS;
	for (i = 1; i < w->npath; i++)
		w->path[i] = 64512 + rnd() % 40;
	w->med = (r >> 8) % 5;
	w->nh = (r >> 24) % NNH;
	w->ncomm = (r >> 16) % (MAXCOMM + 1);
	for (i = 0; i < w->ncomm; i++)
		w->comm[i] = (uint32_t)FLAPPER_AS << 16 | (rnd() % 16);
}

/* The stable peer's fixed route for pool prefix i. */
static void
stable_want(unsigned i, struct want *w)
{
	memset(w, 0, sizeof(*w));
	w->on = 1;
	w->npath = 2;
	w->path[0] = STABLE_AS;
	w->path[1] = 64600 + i % 8;
	w->med = 10;
	w->ncomm = 1;
	w->comm[0] = (uint32_t)STABLE_AS << 16 | (i % 4);
	w->nh = 200;
}

/* Connects from addr and takes the session to Established (hold 0: no
 * keepalives, so real time spent in a long storm never expires it). */
static int
up(struct tp *t, const char *addr, uint32_t as)
{
	double	 end = tp_real() + TP_WAIT / 1000.0;

	/* until the engine has finished with the last connection */
	while (tp_state(addr) == BGP_ST_ESTABLISHED && tp_real() < end)
		pump();
	if (tp_connect(t, addr) == -1 || !tp_establish(t, addr, as, 0,
	    NULL, NULL))
		return 0;
	drain(t);
	return 1;
}

/* 1 if path p carries what w says. */
static int
path_is(const struct locrib_path *p, const struct want *w)
{
	const struct bgp_attrs	*a = p->attrs;
	uint8_t			*ap;
	size_t			 aplen;
	struct xaddr		 nha;
	int			 ok;

	if (bgp_aspath_from_list(w->path, w->npath, &ap, &aplen) == -1)
		abort();
	nh_addr(w, &nha);
	ok = addr_cmp(&a->nexthop, &nha) == 0 &&
	    a->aspath_len == aplen && memcmp(a->aspath, ap, aplen) == 0 &&
	    a->med == w->med && a->ncommunities == w->ncomm &&
	    (w->ncomm == 0 || memcmp(a->communities, w->comm,
	    w->ncomm * sizeof(uint32_t)) == 0);
	free(ap);
	return ok;
}

/*
 * 1 if the Loc-RIB holds exactly the stable set plus what the flapper
 * holds (flapper_up: want[]; else nothing), over the whole pool and in
 * the prefix count.  With report, says what differs.
 */
static int
rib_matches(int flapper_up, int report)
{
	const struct locrib		*rib = bgp_rib_table(0);
	const struct locrib_entry	*e;
	const struct locrib_path	*p;
	struct want			 sw;
	struct xprefix			 x;
	size_t				 n = 0, np;
	unsigned			 i;
	int				 fl, ok;

	if (rib == NULL)
		return 0;
	for (i = 0; i < POOL; i++) {
		fl = flapper_up && want[i].on;
		np = (i < NSTABLE) + fl;
		pool_prefix(i, &x);
		e = locrib_lookup(rib, &x);
		if (np == 0) {
			ok = e == NULL || locrib_entry_npaths(e) == 0;
		} else {
			ok = e != NULL && locrib_entry_npaths(e) == np;
			n++;
		}
		if (ok && i < NSTABLE) {
			stable_want(i, &sw);
			p = locrib_entry_path(e, 0);
			if (!path_is(p, &sw) && (!fl ||
			    !path_is(p = locrib_entry_path(e, 1), &sw)))
				ok = 0;
		}
		if (ok && fl) {
			p = locrib_entry_path(e, 0);
			if (!path_is(p, &want[i]) && (np < 2 ||
			    !path_is(locrib_entry_path(e, 1), &want[i])))
				ok = 0;
		}
		if (!ok) {
			if (report)
				fprintf(stderr, "prefix 20.%u.%u.0/24: %zu "
				    "paths, %zu expected (flapper %s)\n",
				    i / 256, i % 256, e != NULL ?
				    locrib_entry_npaths(e) : 0, np,
				    fl ? "announces it" : "does not");
			return 0;
		}
	}
	if (locrib_count_prefixes(rib) != n) {
		if (report)
			fprintf(stderr, "%zu prefixes, %zu expected\n",
			    locrib_count_prefixes(rib), n);
		return 0;
	}
	return 1;
}

/* Runs the engine until the Loc-RIB matches (or 10 s pass). */
static int
wait_rib(int flapper_up)
{
	double	 end = tp_real() + 10;

	while (tp_real() < end) {
		if (rib_matches(flapper_up, 0))
			return 1;
		pump();
		poll(NULL, 0, 1);
	}
	return rib_matches(flapper_up, 1);
}

/* The counters that must come back exactly. */
struct counts {
	size_t	 prefixes, paths, attr_sets, attr_refs, attr_set_bytes;
	size_t	 adjin_prefixes, nexthops;
	size_t	 total_bytes;		/* slabs included */
	size_t	 locrib_bytes, attr_table_bytes, adjout_bytes, adjin_bytes;
};

static void
counts(struct counts *c)
{
	struct bgp_rib_mem	 m;

	/* the rescan (every 30 s, NEXTHOP_RESCAN_SECS in core/bgp/rib.c)
	   forgets next hops no path uses */
	tp_warp(31);
	pump();
	bgp_rib_memory(&m);
	c->prefixes = m.prefixes[0] + m.prefixes[1];
	c->paths = m.paths[0] + m.paths[1];
	c->attr_sets = m.attr_sets;
	c->attr_refs = m.attr_refs;
	c->attr_set_bytes = m.attr_set_bytes;
	c->adjin_prefixes = m.adjin_prefixes;
	c->nexthops = m.nexthops;
	c->locrib_bytes = m.locrib_bytes[0] + m.locrib_bytes[1];
	c->attr_table_bytes = m.attr_table_bytes;
	c->adjout_bytes = m.adjout_bytes;
	c->adjin_bytes = m.adjin_bytes;
	c->total_bytes = c->locrib_bytes + m.attr_bytes + m.adjin_bytes +
	    m.adjout_bytes;
}

/* The process's resident set (kB, from /proc; 0 when unreadable). */
static long
rss_kb(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[128];
	long	 kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void
counts_print(const char *what, const struct counts *c)
{
	printf("# %-28s prefixes %zu paths %zu attr sets %zu refs %zu "
	    "set bytes %zu next hops %zu\n", what, c->prefixes, c->paths,
	    c->attr_sets, c->attr_refs, c->attr_set_bytes, c->nexthops);
	printf("# %-28s total bytes %zu (Loc-RIB %zu, intern table %zu, "
	    "Adj-RIB-Out %zu, Adj-RIB-In %zu), process RSS %ld kB\n", "",
	    c->total_bytes, c->locrib_bytes, c->attr_table_bytes,
	    c->adjout_bytes, c->adjin_bytes, rss_kb());
}

/* T_EQ of every exact counter; d: a difference to add to base. */
static void
counts_eq(const struct counts *got, const struct counts *base,
    const struct counts *d)
{
	static const struct counts	 zero;

	if (d == NULL)
		d = &zero;
	T_EQ_INT(got->prefixes, base->prefixes + d->prefixes);
	T_EQ_INT(got->paths, base->paths + d->paths);
	T_EQ_INT(got->attr_sets, base->attr_sets + d->attr_sets);
	T_EQ_INT(got->attr_refs, base->attr_refs + d->attr_refs);
	T_EQ_INT(got->attr_set_bytes, base->attr_set_bytes +
	    d->attr_set_bytes);
	T_EQ_INT(got->nexthops, base->nexthops + d->nexthops);
}

/* Closes the flapper's session the k-th way and waits for the engine. */
static void
reset_flapper(struct tp *t, unsigned k)
{
	struct wbuf	 b = WBUF_INIT;
	double		 end;

	switch (k % 3) {
	case 0:
		tp_close(t);			/* FIN */
		break;
	case 1:
		tp_reset(t);			/* RST: a crashed peer */
		break;
	default:				/* Cease, administrative reset */
		bgp_notification_encode(&b, 6, 4, NULL, 0);
		send_raw(t, &b);
		tp_close(t);
		break;
	}
	end = tp_real() + TP_WAIT / 1000.0;
	while (tp_state(FLAPPER) == BGP_ST_ESTABLISHED && tp_real() < end)
		pump();
	memset(want, 0, sizeof(want));
}

/* Sends the flapper's whole want[] on its session. */
static void
announce_want(struct tp *t)
{
	struct wbuf	 b = WBUF_INIT;
	unsigned	 i;

	for (i = 0; i < POOL; i++)
		if (want[i].on)
			enc_announce(&b, FLAPPER_AS, i, &want[i]);
	send_raw(t, &b);
}

/*
 * The storm: resets spread evenly over the flaps.  Returns with the
 * flapper Established and holding want[].
 */
static int
storm(struct tp *t)
{
	struct wbuf	 b = WBUF_INIT;
	/* the last reset comes well before the end: the final set is big */
	unsigned long	 f, every = nflaps / (nresets + 1), done = 0;
	unsigned	 i;

	if (every == 0)
		every = 1;
	if (t->fd == -1 && !up(t, FLAPPER, FLAPPER_AS))
		return 0;
	for (f = 0; f < nflaps; f++) {
		i = rnd() % POOL;
		if (want[i].on && rnd() % 3 == 0) {
			want[i].on = 0;
			enc_withdraw(&b, i);
		} else {
			random_want(&want[i]);
			enc_announce(&b, FLAPPER_AS, i, &want[i]);
		}
		/* a few hundred UPDATEs a write, like a busy peer */
		if (b.len > 16384 && send_raw(t, &b) == -1)
			return 0;
		if ((f + 1) % every == 0 && done < nresets) {
			if (send_raw(t, &b) == -1)
				return 0;
			reset_flapper(t, (unsigned)done++);
			if (!up(t, FLAPPER, FLAPPER_AS))
				return 0;
		}
	}
	while (done < nresets) {
		reset_flapper(t, (unsigned)done++);
		if (!up(t, FLAPPER, FLAPPER_AS))
			return 0;
	}
	return send_raw(t, &b) == 0;
}

static void
test_storm(void)
{
	struct config		*c = tp_cfg(65001);
	struct counts		 base, after, cost, fin, gone, again;
	struct want		 keep[POOL], sw;
	struct wbuf		 b = WBUF_INIT;
	struct tp		 t;
	struct timespec		 t0, t1;
	unsigned		 i;

	tp_cfg_nbr(c, FLAPPER, FLAPPER_AS);
	tp_cfg_nbr(c, STABLE, STABLE_AS);
	tp_engine_start(0);
	tp_apply(c, NULL);

	/* the baseline: the stable peer and its set */
	tp_init(&stable);
	tp_init(&t);
	T_ASSERT(up(&stable, STABLE, STABLE_AS));
	for (i = 0; i < NSTABLE; i++) {
		stable_want(i, &sw);
		enc_announce(&b, STABLE_AS, i, &sw);
	}
	T_EQ_INT(send_raw(&stable, &b), 0);
	T_ASSERT(wait_rib(0));
	counts(&base);
	counts_print("baseline (stable peer)", &base);

	/* the storm */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	T_ASSERT(storm(&t));
	T_ASSERT(wait_rib(1));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	counts(&after);
	printf("# %lu resets, %lu flaps in %.2f s\n", nresets, nflaps,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	counts_print("after the storm", &after);
	T_EQ_INT(tp_state(STABLE), BGP_ST_ESTABLISHED);

	/*
	 * The cost of the final set alone: the flapper resets and announces
	 * just that set on a fresh session.
	 */
	memcpy(keep, want, sizeof(keep));
	reset_flapper(&t, 0);
	T_ASSERT(wait_rib(0));
	counts(&gone);
	counts_print("flapper gone", &gone);
	counts_eq(&gone, &base, NULL);
	T_ASSERT(up(&t, FLAPPER, FLAPPER_AS));
	memcpy(want, keep, sizeof(want));
	announce_want(&t);
	T_ASSERT(wait_rib(1));
	counts(&fin);
	counts_print("the final set alone", &fin);
	memset(&cost, 0, sizeof(cost));
	cost.prefixes = fin.prefixes - base.prefixes;
	cost.paths = fin.paths - base.paths;
	cost.attr_sets = fin.attr_sets - base.attr_sets;
	cost.attr_refs = fin.attr_refs - base.attr_refs;
	cost.attr_set_bytes = fin.attr_set_bytes - base.attr_set_bytes;
	cost.nexthops = fin.nexthops - base.nexthops;
	/* the storm left exactly what the final set costs */
	counts_eq(&after, &base, &cost);

	/* a second storm: the slabs are high-water marks, no growth */
	T_ASSERT(storm(&t));
	T_ASSERT(wait_rib(1));
	reset_flapper(&t, 1);
	T_ASSERT(wait_rib(0));
	counts(&again);
	counts_print("after a second storm, gone", &again);
	counts_eq(&again, &base, NULL);
	/*
	 * Slabs stay at the storm's high-water mark; another storm of the
	 * same size reaches about the same mark (its random sequence differs,
	 * so a slab or two either way), it does not add a storm's worth.
	 */
	if (again.total_bytes > gone.total_bytes)
		printf("# total bytes grew by %zu over the second storm\n",
		    again.total_bytes - gone.total_bytes);
	T_ASSERT(again.total_bytes <= gone.total_bytes +
	    (gone.total_bytes - base.total_bytes) / 10);
	T_EQ_INT(tp_state(STABLE), BGP_ST_ESTABLISHED);

	tp_close(&stable);
	tp_finish(&t, c);
}

static unsigned long
env_ul(const char *name, unsigned long dflt)
{
	const char	*s = getenv(name);
	char		*end;
	unsigned long	 v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtoul(s, &end, 10);
	return *end == '\0' ? v : dflt;
}

int
main(int argc, char **argv)
{
	(void)argv;
	tp_verbose = argc > 1;
	tp_port = tp_pick_port(7);
	log_set_sink(tp_log_sink, NULL);
	nresets = env_ul("FLAPSTORM_RESETS", nresets);
	nflaps = env_ul("FLAPSTORM_FLAPS", nflaps);
	rng = env_ul("FLAPSTORM_SEED", (unsigned long)time(NULL));
	printf("# seed %" PRIu64 " (FLAPSTORM_SEED replays it)\n", rng);
	if (rng == 0)
		rng = 1;
	test_storm();
	return T_DONE();
}
