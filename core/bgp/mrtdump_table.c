/*
 * mrtdump_table: the TABLE_DUMP_V2 snapshot itself, written by the child
 * that mrtdump.c forks (see there for why a child).  It runs on the
 * child's copy-on-write image of the engine, so it walks the Loc-RIB in
 * one go with no locking and no care for the loop; it must not log, send
 * or touch any descriptor but its own file.
 *
 * Peers: every neighbor (replayed ones too) that has a source in either
 * family, in address order, then the router itself (0.0.0.0, our router
 * ID and AS) for its own routes (network, redistribute, aggregates).
 *
 * The attribute bytes of a set are cached by the set's address: a full
 * table shares one interned set among many prefixes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/mrt_write.h"
#include "core/bgp/mrtdump.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/lib/loop.h"

#define FLUSH_AT	(1u << 20)	/* bytes buffered before a write */
#define ACACHE_SIZE	65536		/* attribute cache slots */
#define VIEW_NAME	"default"

struct acache_ent {
	const struct bgp_attrs	*a;
	uint8_t			 af, ebgp;
	uint8_t			*buf;
	size_t			 len;
};

/* A peer's index, found by its address in memory (the paths' sources
   point to it). */
struct rank {
	const struct peer	*p;
	size_t			 idx;
};

struct tw {
	int			 fd;
	struct wbuf		 out;
	struct mrtdump_result	*res;
	const struct peer	**peers;	/* in index (address) order */
	size_t			 npeers;
	struct rank		*ranks;		/* by pointer */
	struct acache_ent	*cache;
	struct wbuf		 tmp;
	uint32_t		 seq;
	time_t			 wall;
	double			 mono;
};

static int
flush_out(struct tw *w)
{
	size_t	 off = 0;
	ssize_t	 n;

	while (off < w->out.len) {
		n = write(w->fd, w->out.buf + off, w->out.len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(w->res->err, sizeof(w->res->err), "write: %s",
			    n == 0 ? "short write" : strerror(errno));
			return -1;
		}
		off += (size_t)n;
	}
	w->res->bytes += w->out.len;
	wbuf_reset(&w->out);
	return 0;
}

static int
write_peers(struct tw *w)
{
	struct mrtw_peer	*v;
	struct peer		*p;
	size_t			 n = 0;
	int			 rv;

	RB_FOREACH(p, peer_tree, &bgpe.peers)
		n++;
	if ((w->peers = calloc(n + 1, sizeof(*w->peers))) == NULL ||
	    (v = calloc(n + 1, sizeof(*v))) == NULL) {
		strlcpy(w->res->err, "out of memory", sizeof(w->res->err));
		return -1;
	}
	n = 0;
	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		if (p->ra[0].src == NULL && p->ra[1].src == NULL)
			continue;
		w->peers[n] = p;
		v[n].addr = p->addr;
		v[n].bgp_id = p->remote_id;
		v[n].asn = p->conf.remote_as;
		n++;
	}
	/* the router itself, for its own routes */
	v[n].addr.af = AF_V4;
	v[n].bgp_id = bgpe.router_id;
	v[n].asn = bgpe.asn;
	rv = mrtw_peer_index(&w->out, (uint32_t)w->wall, bgpe.router_id,
	    VIEW_NAME, v, n + 1);
	free(v);
	if (rv == -1) {
		strlcpy(w->res->err, "PEER_INDEX_TABLE: too many peers",
		    sizeof(w->res->err));
		return -1;
	}
	w->res->records++;
	w->npeers = n;
	return 0;
}


static int
rank_cmp(const void *a, const void *b)
{
	const struct rank	*x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

static int
peer_rank(const struct tw *w, const struct locrib_source *s)
{
	struct rank		 key, *hit;

	if (s->parent != NULL)
		s = s->parent;
	if (s->owner == NULL || s->local != BGP_LOCAL_NONE)
		return (int)w->npeers;
	key.p = s->owner;
	hit = bsearch(&key, w->ranks, w->npeers, sizeof(*w->ranks), rank_cmp);
	return hit != NULL ? (int)hit->idx : -1;
}

static const uint8_t *
attrs_bytes(struct tw *w, const struct bgp_attrs *a, int af, int ebgp,
    size_t *len)
{
	struct acache_ent	*e;
	uintptr_t		 h = (uintptr_t)a;

	h = (h >> 4) ^ (h >> 16) ^ (uintptr_t)af ^ ((uintptr_t)ebgp << 3);
	e = w->cache != NULL ? &w->cache[h % ACACHE_SIZE] : NULL;
	if (e != NULL && e->a == a && e->af == af && e->ebgp == ebgp) {
		*len = e->len;
		return e->buf;
	}
	if (mrtw_attrs(&w->tmp, a, af, ebgp) == -1)
		return NULL;
	*len = w->tmp.len;
	if (e != NULL) {
		uint8_t	*nb = realloc(e->buf, w->tmp.len ? w->tmp.len : 1);

		if (nb != NULL) {
			memcpy(nb, w->tmp.buf, w->tmp.len);
			e->buf = nb;
			e->len = w->tmp.len;
			e->a = a;
			e->af = (uint8_t)af;
			e->ebgp = (uint8_t)ebgp;
		}
	}
	return w->tmp.buf;
}

/* One record of the entry's paths with (addpath) or without Path IDs. */
static int
write_rib(struct tw *w, const struct xprefix *pfx,
    const struct locrib_entry *le, int addpath)
{
	const struct locrib_path	*lp;
	const struct locrib_source	*s;
	struct mrtw_rib			 r;
	const uint8_t			*ab;
	size_t				 i, alen, n = 0;
	double				 age;
	uint32_t			 orig;
	int				 idx;

	for (i = 0; (lp = locrib_entry_path(le, i)) != NULL; i++)
		if ((lp->src->parent != NULL) == addpath)
			n++;
	if (n == 0)
		return 0;
	if (mrtw_rib_begin(&w->out, &r, (uint32_t)w->wall, w->seq, pfx,
	    addpath) == -1)
		return -1;
	for (i = 0; (lp = locrib_entry_path(le, i)) != NULL; i++) {
		s = lp->src;
		if ((s->parent != NULL) != addpath)
			continue;
		if ((idx = peer_rank(w, s)) < 0 || idx > 0xffff ||
		    (ab = attrs_bytes(w, lp->attrs, pfx->addr.af, s->ebgp,
		    &alen)) == NULL) {
			w->res->skipped++;
			continue;
		}
		age = w->mono - lp->received;
		orig = (uint32_t)(w->wall - (age > 0 ? (time_t)age : 0));
		if (mrtw_rib_entry(&w->out, &r, (uint16_t)idx, orig,
		    s->path_id, ab, alen) == -1) {
			w->res->skipped++;
			continue;
		}
		w->res->paths++;
	}
	if (mrtw_rib_end(&w->out, &r) == -1)
		return -1;
	w->seq++;
	w->res->records++;
	return 0;
}

static int
write_af(struct tw *w, int afi)
{
	struct pfxtable_cursor		 cur;
	const struct locrib_entry	*le;
	const struct locrib		*loc = bgp_rib.loc[afi];

	if (loc == NULL)
		return 0;
	locrib_cursor_init(&cur, NULL);
	while (locrib_cursor_next(loc, &cur, &le)) {
		if (write_rib(w, &cur.last, le, 0) == -1 ||
		    write_rib(w, &cur.last, le, 1) == -1) {
			strlcpy(w->res->err, "out of memory",
			    sizeof(w->res->err));
			return -1;
		}
		w->res->prefixes++;
		if (w->out.len >= FLUSH_AT && flush_out(w) == -1)
			return -1;
	}
	return 0;
}

void
mrtdump_table_write(int fd, struct mrtdump_result *res)
{
	struct tw	 w;
	size_t		 i;
	int		 rv = -1;

	memset(res, 0, sizeof(*res));
	memset(&w, 0, sizeof(w));
	w.fd = fd;
	w.res = res;
	w.wall = loop_wallclock();
	w.mono = loop_now();
	w.cache = calloc(ACACHE_SIZE, sizeof(*w.cache));
	if (write_peers(&w) == -1)
		goto out;
	if ((w.ranks = calloc(w.npeers + 1, sizeof(*w.ranks))) == NULL) {
		strlcpy(res->err, "out of memory", sizeof(res->err));
		goto out;
	}
	for (i = 0; i < w.npeers; i++) {
		w.ranks[i].p = w.peers[i];
		w.ranks[i].idx = i;
	}
	qsort(w.ranks, w.npeers, sizeof(*w.ranks), rank_cmp);
	if (write_af(&w, 0) == -1 || write_af(&w, 1) == -1)
		goto out;
	rv = flush_out(&w);
out:
	if (rv == -1) {
		res->failed = 1;
		if (res->err[0] == '\0')
			strlcpy(res->err, "out of memory", sizeof(res->err));
	}
	/* the child leaves by _exit: nothing to free */
}
