/*
 * bgpmon: the monitor's runtime, detectors, origin history and alert
 * ring; see bgpmon.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/bgp/attr.h"
#include "core/bgp/bgpmon.h"
#include "core/bgp/bgpmon_path.h"
#include "core/bgp/metrics_src.h"
#include "core/config/bgpmon_rel.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"

#define HOPS_MAX	256	/* a longer path is checked on its first hops */

int	 bgpmon_active;

struct protected {
	struct xprefix	 pfx;		/* masked */
	const struct bgpmon_protect *prot;	/* in mon.cfg */
};

/* an origin as kept: wall-clock seconds in 32 bits (to 2106) */
struct porig {
	uint32_t	 asn;
	uint32_t	 first, last;
	uint32_t	 times;
	uint16_t	 nbr;	/* in mon.nbrs; 0: none */
	uint8_t		 set;
};

/*
 * Per-prefix state, 56 bytes in chunks of STATE_CHUNK: the current
 * origin inline (most prefixes never have another), older ones in
 * `more` (up to depth - 1, allocated when the first change comes).
 * States are only ever freed all at once, so a state is named by its
 * index; the hash table (open addressing, at most 3/4 full) holds the
 * index and the prefix's hash, so that a new prefix costs one cache
 * miss (no state is compared unless the whole hash matches) and growing
 * the table reads no state.
 */
/* 2 MiB a chunk: calloc maps it, the pages come as they are touched */
#define STATE_CHUNK	((2u << 20) / sizeof(struct pstate))

/* The neighbors origins were seen from, numbered from 1 (a number where
   the state would hold a 17-byte address); past NBR_MAX, none is kept. */
#define NBR_MAX		UINT16_MAX

struct pstate {
	struct porig		*more;	/* origins 1 .. norig-1 */
	struct xprefix		 pfx;
	uint8_t			 norig, cap;	/* cap: room in more */
	uint16_t		 changes;	/* best-path changes in the run */
	uint32_t		 run_start;	/* loop seconds */
	struct porig		 cur;	/* origin 0, when norig > 0 */
};

static struct {
	struct bgpmon_cfg	*cfg;	/* a copy; NULL: off */
	uint32_t		 local_as;
	struct bgpmon_rels	*rels;
	struct protected	*prot;
	size_t			 nprot;
	struct pslot {
		uint32_t	 hash;
		uint32_t	 idx;	/* state index + 1, 0: empty */
	}			*slots;
	size_t			 nslots, nstate;
	struct pstate		**chunks;	/* of STATE_CHUNK states */
	size_t			 nchunks, capchunks;
	struct xaddr		*nbrs;		/* [0]: none */
	size_t			 nnbrs, capnbrs;
	uint16_t		*nbrix;		/* open addressing, 0: empty */
	size_t			 nnbrix;
	uint64_t		 untracked;
	struct bgpmon_alert	*ring;	/* BGPMON_RING, allocated on use */
	size_t			 head, len;
	uint64_t		 seq;
	uint64_t		 count[BGPMON_K_COUNT];
	double			 wall_off;	/* wall clock - loop clock */
	size_t			 more_bytes;	/* older origins, all prefixes */
	struct stat		 rel_st;	/* the file as loaded */
} mon;

/*
 * The valley check depends on the path and the kind of neighbor only,
 * and the prefixes of one UPDATE come with one path: the last answer is
 * kept (its path copied: an interned set's address may be reused by
 * another set once freed).  Any commit forgets it.
 */
static struct {
	int			 valid;
	int			 ebgp;
	size_t			 len;
	uint8_t			 path[512];
	struct bgpmon_leak	 lk;
} memo;

/* wall-clock seconds from the loop's clock: no system call per change */
static uint32_t
wall(double now)
{
	return (uint32_t)(now + mon.wall_off);
}

/* ---- the alert ring ---- */

uint64_t
bgpmon_alert_count(enum bgpmon_kind k)
{
	return (unsigned)k < BGPMON_K_COUNT ? mon.count[k] : 0;
}

size_t
bgpmon_alerts_len(void)
{
	return mon.len;
}

const struct bgpmon_alert *
bgpmon_alert_nth(size_t i)
{
	if (i >= mon.len)
		return NULL;
	return &mon.ring[(mon.head + BGPMON_RING - mon.len + i) % BGPMON_RING];
}

void
bgpmon_alerts_clear(void)
{
	mon.len = 0;
	mon.head = 0;
}

static void
alert(enum bgpmon_kind k, const struct xprefix *pfx, const struct xaddr *nbr,
    uint32_t origin, uint32_t prev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
alert(enum bgpmon_kind k, const struct xprefix *pfx, const struct xaddr *nbr,
    uint32_t origin, uint32_t prev, const char *fmt, ...)
{
	struct bgpmon_alert	*a;
	va_list			 ap;
	char			 text[BGPMON_TEXT_MAX];

	if (!bgpmon_cfg_alert_on(mon.cfg, k))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mon.count[k]++;
	log_warnx("%%ROUTING-BGP-4-%s : %s", bgpmon_kind_tag(k), text);
	if (mon.ring == NULL &&
	    (mon.ring = calloc(BGPMON_RING, sizeof(*mon.ring))) == NULL)
		return;		/* the log line and the counter remain */
	a = &mon.ring[mon.head];
	memset(a, 0, sizeof(*a));
	a->seq = ++mon.seq;
	a->when = time(NULL);
	a->kind = (uint8_t)k;
	a->pfx = *pfx;
	if (nbr != NULL)
		a->nbr = *nbr;
	a->origin = origin;
	a->prev_origin = prev;
	memcpy(a->text, text, sizeof(a->text));
	mon.head = (mon.head + 1) % BGPMON_RING;
	if (mon.len < BGPMON_RING)
		mon.len++;
}

/* ---- per-prefix state ---- */

static size_t
pfx_hash(const struct xprefix *p)
{
	size_t		 i, n = p->addr.af == AF_V6 ? 16 : 4;
	uint32_t	 h = 2166136261u ^ p->addr.af;

	for (i = 0; i < n; i++)
		h = (h ^ p->addr.a[i]) * 16777619u;
	h = (h ^ p->len) * 16777619u;
	return h;
}

static int
pfx_eq(const struct xprefix *a, const struct xprefix *b)
{
	return a->len == b->len && a->addr.af == b->addr.af &&
	    memcmp(a->addr.a, b->addr.a, a->addr.af == AF_V6 ? 16 : 4) == 0;
}

static struct pstate *
state_at(uint32_t idx)
{
	return &mon.chunks[idx / STATE_CHUNK][idx % STATE_CHUNK];
}

/* the slot of p, or the empty one where it would go */
static struct pslot *
slot_of(const struct xprefix *p, uint32_t h)
{
	struct pslot	*e;
	size_t		 m;

	for (m = h & (mon.nslots - 1);; m = (m + 1) & (mon.nslots - 1)) {
		e = &mon.slots[m];
		if (e->idx == 0 ||
		    (e->hash == h && pfx_eq(&state_at(e->idx - 1)->pfx, p)))
			return e;
	}
}

static struct pstate *
state_find(const struct xprefix *p)
{
	struct pslot	*e;

	if (mon.nslots == 0)
		return NULL;
	e = slot_of(p, (uint32_t)pfx_hash(p));
	return e->idx != 0 ? state_at(e->idx - 1) : NULL;
}

static int
grow(void)
{
	struct pslot	*ns;
	size_t		  n = mon.nslots ? mon.nslots * 2 : 1024, i, m;

	if ((ns = calloc(n, sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < mon.nslots; i++) {
		if (mon.slots[i].idx == 0)
			continue;
		for (m = mon.slots[i].hash & (n - 1); ns[m].idx != 0;
		    m = (m + 1) & (n - 1))
			;
		ns[m] = mon.slots[i];
	}
	free(mon.slots);
	mon.slots = ns;
	mon.nslots = n;
	return 0;
}

/* room for state number mon.nstate */
static int
chunk_room(void)
{
	struct pstate	**nc;
	size_t		  cap;

	if (mon.nstate < mon.nchunks * STATE_CHUNK)
		return 0;
	if (mon.nchunks == mon.capchunks) {
		cap = mon.capchunks ? mon.capchunks * 2 : 64;
		if ((nc = reallocarray(mon.chunks, cap, sizeof(*nc))) == NULL)
			return -1;
		mon.chunks = nc;
		mon.capchunks = cap;
	}
	if ((mon.chunks[mon.nchunks] = calloc(STATE_CHUNK,
	    sizeof(struct pstate))) == NULL)
		return -1;
	mon.nchunks++;
	return 0;
}

/* the prefix's state, created when missing; NULL past the cap */
static struct pstate *
state_get(const struct xprefix *p)
{
	struct pslot	*e;
	struct pstate	*s;
	uint32_t	 h = (uint32_t)pfx_hash(p);

	if (mon.nslots != 0 && (e = slot_of(p, h))->idx != 0)
		return state_at(e->idx - 1);
	if (mon.nstate >= BGPMON_PFX_MAX) {
		mon.untracked++;
		return NULL;
	}
	if (4 * (mon.nstate + 1) > 3 * mon.nslots) {
		if (grow() == -1)
			return NULL;
	}
	if (chunk_room() == -1)
		return NULL;
	/* after a growth the slot moved */
	e = slot_of(p, h);
	s = state_at((uint32_t)mon.nstate);
	s->pfx = *p;
	e->hash = h;
	e->idx = (uint32_t)++mon.nstate;
	return s;
}

static size_t
addr_hash(const struct xaddr *a)
{
	size_t		 i;
	uint32_t	 h = 2166136261u ^ a->af;

	for (i = 0; i < sizeof(a->a); i++)
		h = (h ^ a->a[i]) * 16777619u;
	return h;
}

static int
nbrix_build(size_t n)
{
	uint16_t	*ix;
	size_t		 i, m;

	if ((ix = calloc(n, sizeof(*ix))) == NULL)
		return -1;
	for (i = 1; i < mon.nnbrs; i++) {
		for (m = addr_hash(&mon.nbrs[i]) & (n - 1); ix[m] != 0;
		    m = (m + 1) & (n - 1))
			;
		ix[m] = (uint16_t)i;
	}
	free(mon.nbrix);
	mon.nbrix = ix;
	mon.nnbrix = n;
	return 0;
}

/* the neighbor's number, added when new; 0 for none (or no room) */
static uint16_t
nbr_id(const struct xaddr *a)
{
	static uint16_t	 last;
	struct xaddr	*v, k;
	size_t		 m, cap;

	if (a == NULL || a->af == 0)
		return 0;
	/* as compared: the unused bytes of an IPv4 address zero */
	memset(&k, 0, sizeof(k));
	k.af = a->af;
	memcpy(k.a, a->a, a->af == AF_V6 ? 16 : 4);
	/* a table arrives from one neighbor at a time */
	if (last != 0 && last < mon.nnbrs &&
	    memcmp(&mon.nbrs[last], &k, sizeof(k)) == 0)
		return last;
	if (mon.nnbrix != 0)
		for (m = addr_hash(&k) & (mon.nnbrix - 1); mon.nbrix[m] != 0;
		    m = (m + 1) & (mon.nnbrix - 1))
			if (memcmp(&mon.nbrs[mon.nbrix[m]], &k, sizeof(k)) ==
			    0)
				return last = mon.nbrix[m];
	if (mon.nnbrs == 0)
		mon.nnbrs = 1;		/* [0] is none */
	if (mon.nnbrs > NBR_MAX)
		return 0;
	if (mon.nnbrs >= mon.capnbrs) {
		cap = mon.capnbrs ? mon.capnbrs * 2 : 16;
		if ((v = reallocarray(mon.nbrs, cap, sizeof(*v))) == NULL)
			return 0;
		memset(&v[0], 0, sizeof(v[0]));
		mon.nbrs = v;
		mon.capnbrs = cap;
	}
	mon.nbrs[mon.nnbrs++] = k;
	if (2 * mon.nnbrs > mon.nnbrix) {
		/* the index made anew, the new one in it */
		if (nbrix_build(mon.nnbrix ? 2 * mon.nnbrix : 64) == -1) {
			mon.nnbrs--;
			return 0;
		}
	} else {
		for (m = addr_hash(&k) & (mon.nnbrix - 1); mon.nbrix[m] != 0;
		    m = (m + 1) & (mon.nnbrix - 1))
			;
		mon.nbrix[m] = (uint16_t)(mon.nnbrs - 1);
	}
	return last = (uint16_t)(mon.nnbrs - 1);
}

_Static_assert(sizeof(struct pstate) == 56, "struct pstate grew");

static void
state_free_all(void)
{
	size_t		 i;

	for (i = 0; i < mon.nstate; i++)
		free(state_at((uint32_t)i)->more);
	for (i = 0; i < mon.nchunks; i++)
		free(mon.chunks[i]);
	free(mon.chunks);
	mon.chunks = NULL;
	mon.nchunks = mon.capchunks = 0;
	free(mon.slots);
	mon.slots = NULL;
	mon.nslots = mon.nstate = 0;
	free(mon.nbrs);
	mon.nbrs = NULL;
	mon.nnbrs = mon.capnbrs = 0;
	free(mon.nbrix);
	mon.nbrix = NULL;
	mon.nnbrix = 0;
}

static void
origin_out(const struct porig *o, struct bgpmon_origin *out)
{
	out->asn = o->asn;
	out->set = o->set;
	out->first = (time_t)o->first;
	out->last = (time_t)o->last;
	if (o->nbr != 0 && o->nbr < mon.nnbrs)
		out->nbr = mon.nbrs[o->nbr];
	else
		memset(&out->nbr, 0, sizeof(out->nbr));
	out->times = o->times;
}

size_t
bgpmon_origin_history(const struct xprefix *p, struct bgpmon_origin *out,
    size_t max)
{
	struct pstate	*s;
	struct xprefix	 m = *p;
	size_t		 i;

	prefix_mask(&m);
	if ((s = state_find(&m)) == NULL)
		return 0;
	if (max > bgpmon_cfg_history(mon.cfg))
		max = bgpmon_cfg_history(mon.cfg);
	for (i = 0; i < s->norig && i < max; i++)
		origin_out(i == 0 ? &s->cur : &s->more[i - 1], &out[i]);
	return i;
}

void
bgpmon_stats(struct bgpmon_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->active = bgpmon_active;
	st->local_as = mon.local_as;
	st->protected_prefixes = mon.nprot;
	st->relationships = bgpmon_rels_count(mon.rels);
	st->prefixes = mon.nstate;
	st->untracked = mon.untracked;
	st->memory = mon.nslots * sizeof(*mon.slots) +
	    mon.nchunks * STATE_CHUNK * sizeof(struct pstate) +
	    mon.capchunks * sizeof(*mon.chunks) +
	    mon.capnbrs * sizeof(*mon.nbrs) +
	    mon.nnbrix * sizeof(*mon.nbrix);
	st->memory += mon.more_bytes;
}

/* ---- configuration ---- */

static void
rel_log(unsigned line, const char *msg, void *arg)
{
	const char	*path = arg;

	if (line)
		log_warnx("%%ROUTING-BGP-4-MONITOR : relationship file %s, "
		    "line %u: %s (skipped)", path, line, msg);
	else
		log_warnx("%%ROUTING-BGP-4-MONITOR : relationship file: %s",
		    msg);
}

static int
protected_build(const struct bgpmon_cfg *c, const struct rpl_db *db)
{
	const struct rpl_set	*set;
	struct protected	*v = NULL, *n;
	size_t			 i, e, nv = 0;

	for (i = 0; i < c->nprot; i++) {
		if (db == NULL || (set = rpl_db_find_set(db, RPL_SET_PREFIX,
		    c->prot[i].set)) == NULL)
			continue;
		if (set->nelems == 0)
			continue;
		if ((n = reallocarray(v, nv + set->nelems, sizeof(*v))) ==
		    NULL) {
			free(v);
			return -1;
		}
		v = n;
		for (e = 0; e < set->nelems; e++) {
			v[nv].pfx = set->elems[e].u.pfx.pfx;
			prefix_mask(&v[nv].pfx);
			v[nv].prot = &c->prot[i];
			nv++;
		}
	}
	mon.prot = v;
	mon.nprot = nv;
	return 0;
}

/*
 * Every commit comes here: the relationships are kept when neither the
 * lines, the file (name, size, modification time) nor the local AS
 * changed, so that an unrelated commit does not read a large file again.
 */
static int
rels_unchanged(const struct bgpmon_cfg *c, uint32_t local_as,
    const struct stat *st)
{
	const struct bgpmon_cfg	*o = mon.cfg;
	size_t			 i;

	if (o == NULL || mon.rels == NULL || mon.local_as != local_as ||
	    strcmp(o->relfile, c->relfile) != 0 || o->nrels != c->nrels)
		return 0;
	/* field by field: the padding of the entries is not initialised */
	for (i = 0; i < c->nrels; i++)
		if (o->rels[i].asn != c->rels[i].asn ||
		    o->rels[i].rel != c->rels[i].rel)
			return 0;
	return c->relfile[0] == '\0' ||
	    (st->st_size == mon.rel_st.st_size &&
	    st->st_mtime == mon.rel_st.st_mtime &&
	    st->st_ino == mon.rel_st.st_ino);
}

static struct bgpmon_rels *
rels_build(const struct bgpmon_cfg *c, uint32_t local_as)
{
	struct bgpmon_rels	*rels;
	size_t			 i;

	if ((rels = bgpmon_rels_new()) == NULL)
		return NULL;
	if (c->relfile[0] &&
	    bgpmon_rel_load(rels, c->relfile, rel_log, (void *)c->relfile) ==
	    -1)
		log_warnx("%%ROUTING-BGP-4-MONITOR : relationship file %s not "
		    "(fully) loaded", c->relfile);
	/* the configured lines win over the file */
	for (i = 0; i < c->nrels; i++)
		if (local_as != 0 && bgpmon_rels_add(rels, local_as,
		    c->rels[i].asn, c->rels[i].rel) == -1)
			log_warnx("%s: out of memory", __func__);
	bgpmon_rels_finish(rels);
	bgpmon_rels_set_local(rels, local_as);
	return rels;
}

/* The monitor's families on the metrics endpoint while it is configured:
   alerts raised per kind since the start (they survive `clear bgp-monitor
   alerts`, like the counters of `show bgp-monitor`), alerts kept. */
static int	 metrics_handle;

static void
bgpmon_metrics(struct metrics_out *mo, void *arg)
{
	int	 k;

	(void)arg;
	if (mo_family(mo, "xrsh_monitor_alerts", MO_COUNTER, "Alerts raised "
	    "by bgp-monitor, by kind") == 0)
		for (k = 0; k < BGPMON_K_COUNT; k++)
			mo_u64(mo, mon.count[k], "kind",
			    bgpmon_kind_name((enum bgpmon_kind)k), NULL);
	if (mo_family(mo, "xrsh_monitor_alerts_kept", MO_GAUGE, "Alerts in "
	    "the ring of show bgp-monitor alerts") == 0)
		mo_u64(mo, (uint64_t)mon.len, NULL);
}

void
bgpmon_apply(const struct bgpmon_cfg *c, const struct rpl_db *db,
    uint32_t local_as)
{
	struct bgpmon_cfg	*copy;
	struct bgpmon_rels	*rels = NULL;
	struct stat		 st;

	if (c == NULL) {
		bgpmon_free();
		return;
	}
	memset(&st, 0, sizeof(st));
	if (c->relfile[0] && stat(c->relfile, &st) == -1)
		memset(&st, 0, sizeof(st));
	if ((copy = bgpmon_cfg_dup(c)) == NULL ||
	    (!rels_unchanged(c, local_as, &st) &&
	    (rels = rels_build(c, local_as)) == NULL)) {
		bgpmon_cfg_free(copy);
		log_warnx("%s: out of memory", __func__);
		return;
	}
	if (rels != NULL) {
		bgpmon_rels_free(mon.rels);
		mon.rels = rels;
		mon.rel_st = st;
	}
	free(mon.prot);
	mon.prot = NULL;
	mon.nprot = 0;
	bgpmon_cfg_free(mon.cfg);
	mon.cfg = copy;
	if (protected_build(copy, db) == -1)
		log_warnx("%s: out of memory", __func__);
	mon.local_as = local_as;
	memo.valid = 0;
	mon.wall_off = (double)time(NULL) - loop_now();
	bgpmon_active = 1;
	if (metrics_handle <= 0)
		metrics_handle = metrics_source_add(bgpmon_metrics, NULL);
}

void
bgpmon_free(void)
{
	bgpmon_active = 0;
	memo.valid = 0;
	state_free_all();
	bgpmon_rels_free(mon.rels);
	mon.rels = NULL;
	free(mon.prot);
	mon.prot = NULL;
	mon.nprot = 0;
	bgpmon_cfg_free(mon.cfg);
	mon.cfg = NULL;
	free(mon.ring);
	mon.ring = NULL;
	mon.len = mon.head = 0;
	mon.untracked = 0;
	mon.more_bytes = 0;
	if (metrics_handle > 0)
		metrics_source_del(metrics_handle);
	metrics_handle = 0;
}

/* ---- detectors ---- */

static int
origin_allowed(const struct bgpmon_protect *p, int okind, uint32_t asn)
{
	size_t	 i;

	if (okind != BGPMON_ORIG_AS)
		return 0;
	for (i = 0; i < p->nasns; i++)
		if (p->asns[i] == asn)
			return 1;
	return 0;
}

static void
fmt_origin(int okind, uint32_t asn, char *buf, size_t len)
{
	if (okind == BGPMON_ORIG_AS)
		snprintf(buf, len, "AS %u", asn);
	else if (okind == BGPMON_ORIG_SET)
		snprintf(buf, len, "unknown (AS_SET)");
	else
		snprintf(buf, len, "local");
}

static void
fmt_allowed(const struct bgpmon_protect *p, char *buf, size_t len)
{
	size_t	 i, o = 0;
	int	 n;

	buf[0] = '\0';
	for (i = 0; i < p->nasns && o < len; i++) {
		n = snprintf(buf + o, len - o, "%s%u", i ? "," : "",
		    p->asns[i]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* the previous origin of the prefix other than asn, 0 if none */
static uint32_t
previous_origin(const struct xprefix *pfx, uint32_t asn)
{
	const struct porig	*o;
	struct pstate		*s;
	size_t		 i;

	if ((s = state_find(pfx)) == NULL)
		return 0;
	for (i = 0; i < s->norig; i++) {
		o = i == 0 ? &s->cur : &s->more[i - 1];
		if (!o->set && o->asn != asn)
			return o->asn;
	}
	return 0;
}

/* the neighbor and path as text, made only when an alert needs them */
struct ptext {
	const struct bgpmon_path *p;
	int			 done;
	int			 seen;	/* -1 not asked yet */
	char			 nbr[ADDR_STRLEN];
	char			 path[160];
};

static void
ptext_fill(struct ptext *x)
{
	if (x->done)
		return;
	x->done = 1;
	if (x->p->nbr != NULL && x->p->nbr->af != 0)
		addr_format(x->p->nbr, x->nbr, sizeof(x->nbr));
	else
		snprintf(x->nbr, sizeof(x->nbr), "local");
	bgpmon_path_format(x->p->aspath, x->p->aspath_len, x->path,
	    sizeof(x->path));
}

/* 1 if the path is a repeat whose alerts were raised already */
static int
ptext_repeat(struct ptext *x)
{
	if (x->seen == -1)
		x->seen = x->p->seen != NULL && x->p->seen(x->p->seen_arg);
	return x->seen;
}

static void
check_protected(const struct bgpmon_path *p, int okind, uint32_t asn,
    struct ptext *x)
{
	const struct protected	*e;
	char			 o[32], allowed[192], cover[PREFIX_STRLEN],
				 pf[PREFIX_STRLEN], prev[48];
	uint32_t		 pv;
	size_t			 i;

	for (i = 0; i < mon.nprot; i++) {
		e = &mon.prot[i];
		if (e->pfx.addr.af != p->pfx->addr.af ||
		    !prefix_contains(&e->pfx, p->pfx) ||
		    origin_allowed(e->prot, okind, asn))
			continue;
		if (ptext_repeat(x))
			return;
		ptext_fill(x);
		fmt_origin(okind, asn, o, sizeof(o));
		fmt_allowed(e->prot, allowed, sizeof(allowed));
		prefix_format(p->pfx, pf, sizeof(pf));
		if (p->pfx->len == e->pfx.len) {
			prev[0] = '\0';
			if ((pv = previous_origin(p->pfx, asn)) != 0)
				snprintf(prev, sizeof(prev), ", previously "
				    "AS %u", pv);
			alert(BGPMON_K_ORIGIN, p->pfx, p->nbr, asn, pv,
			    "prefix %s origin %s is not an allowed origin "
			    "(prefix-set %s allows AS %s%s) (neighbor %s, "
			    "path %s)", pf, o, e->prot->set, allowed, prev,
			    x->nbr, x->path);
		} else {
			prefix_format(&e->pfx, cover, sizeof(cover));
			alert(BGPMON_K_SUBPFX, p->pfx, p->nbr, asn, 0,
			    "prefix %s is a more-specific of protected %s "
			    "(prefix-set %s allows AS %s) with origin %s "
			    "(neighbor %s, path %s)", pf, cover,
			    e->prot->set, allowed, o, x->nbr, x->path);
		}
		return;		/* one alert for one path */
	}
}

static const char *
rel_word(enum bgpmon_relk k)
{
	return k == BGPMON_REL_NONE ? "neighbor" : bgpmon_rel_name(k);
}

static int
leak_memo_get(const struct bgpmon_path *p, struct bgpmon_leak *lk)
{
	if (!memo.valid || memo.ebgp != p->ebgp || memo.len != p->aspath_len ||
	    memcmp(memo.path, p->aspath, p->aspath_len) != 0)
		return -1;
	*lk = memo.lk;
	return 0;
}

static void
leak_memo_put(const struct bgpmon_path *p, const struct bgpmon_leak *lk)
{
	memo.valid = p->aspath_len <= sizeof(memo.path);
	if (!memo.valid)
		return;
	memo.ebgp = p->ebgp;
	memo.len = p->aspath_len;
	memcpy(memo.path, p->aspath, p->aspath_len);
	memo.lk = *lk;
}

static void
check_leak(const struct bgpmon_path *p, uint32_t origin, struct ptext *x)
{
	uint32_t		 hops[HOPS_MAX];
	struct bgpmon_leak	 lk;
	char			 pf[PREFIX_STRLEN];
	size_t			 n, i;

	if (bgpmon_rels_count(mon.rels) == 0)
		return;
	if (leak_memo_get(p, &lk) == -1) {
		n = bgpmon_path_hops(p->aspath, p->aspath_len, hops, HOPS_MAX);
		/* the check looks up each pair of hops */
		for (i = 0; i + 1 < n && i < 8; i++)
			bgpmon_rels_prefetch(mon.rels, hops[i], hops[i + 1]);
		(void)bgpmon_path_leak(mon.rels, p->ebgp ? mon.local_as : 0,
		    hops, n, &lk);
		leak_memo_put(p, &lk);
	}
	if (lk.kind == BGPMON_LEAK_NONE)
		return;
	if (ptext_repeat(x))
		return;
	prefix_format(p->pfx, pf, sizeof(pf));
	ptext_fill(x);
	if (lk.kind == BGPMON_LEAK_CUSTOMER)
		alert(BGPMON_K_LEAK, p->pfx, p->nbr, origin, 0,
		    "prefix %s from customer AS %u passes through our "
		    "provider AS %u (neighbor %s, path %s)", pf, lk.leaker,
		    lk.from, x->nbr, x->path);
	else if (lk.from != 0)
		alert(BGPMON_K_LEAK, p->pfx, p->nbr, origin, 0,
		    "prefix %s: AS %u passed a route learned from its %s "
		    "AS %u to its %s AS %u (neighbor %s, path %s)", pf,
		    lk.leaker, rel_word(lk.from_rel), lk.from,
		    rel_word(lk.to_rel), lk.to, x->nbr, x->path);
}

void
bgpmon_path_rcvd(const struct bgpmon_path *p, double now)
{
	struct ptext	 x;
	char		 pf[PREFIX_STRLEN];
	uint32_t	 asn, len, max;
	int		 okind;

	(void)now;
	if (!bgpmon_active)
		return;
	/* the best-path change that usually follows looks the prefix up:
	   its slot comes into the cache while the Loc-RIB is updated */
	if (mon.nslots != 0)
		__builtin_prefetch(&mon.slots[pfx_hash(p->pfx) &
		    (mon.nslots - 1)]);
	if (p->aspath == NULL || p->aspath_len == 0)
		return;
	okind = bgpmon_path_origin(p->aspath, p->aspath_len, &asn);
	if (okind == BGPMON_ORIG_NONE)
		return;
	x.p = p;
	x.done = 0;
	x.seen = -1;
	if (mon.nprot > 0)
		check_protected(p, okind, asn, &x);
	check_leak(p, asn, &x);
	max = bgpmon_cfg_long_path(mon.cfg);
	if ((len = bgp_aspath_length(p->aspath, p->aspath_len)) > max &&
	    !ptext_repeat(&x)) {
		ptext_fill(&x);
		prefix_format(p->pfx, pf, sizeof(pf));
		alert(BGPMON_K_LONG, p->pfx, p->nbr, asn, 0, "prefix %s AS "
		    "path length %u exceeds the threshold %u (neighbor %s, "
		    "path %s)", pf, len, max, x.nbr, x.path);
	}
}

static const struct bgpmon_path *pending;

void
bgpmon_path_pending(const struct bgpmon_path *p)
{
	pending = p;
}

const struct xaddr *
bgpmon_pending_nbr(const struct xprefix *pfx, const void *attrs,
    double *now)
{
	if (pending == NULL || attrs == NULL || pending->attrs != attrs ||
	    !pfx_eq(pending->pfx, pfx))
		return NULL;
	*now = pending->now;
	return pending->nbr;
}

/* covered by protected space with an origin it does not allow: the
   receive side has said so already */
static int
protected_denied(const struct xprefix *pfx, int okind, uint32_t asn)
{
	size_t	 i;

	for (i = 0; i < mon.nprot; i++)
		if (mon.prot[i].pfx.addr.af == pfx->addr.af &&
		    prefix_contains(&mon.prot[i].pfx, pfx) &&
		    !origin_allowed(mon.prot[i].prot, okind, asn))
			return 1;
	return 0;
}

static void
origin_alert(const struct pstate *s, const struct bgpmon_path *bp, int okind,
    uint32_t asn)
{
	char	 pf[PREFIX_STRLEN], nbr[ADDR_STRLEN], was[32], now_o[32],
		 path[160];

	fmt_origin(s->cur.set ? BGPMON_ORIG_SET : BGPMON_ORIG_AS, s->cur.asn,
	    was, sizeof(was));
	fmt_origin(okind, asn, now_o, sizeof(now_o));
	prefix_format(bp->pfx, pf, sizeof(pf));
	if (bp->nbr != NULL && bp->nbr->af != 0)
		addr_format(bp->nbr, nbr, sizeof(nbr));
	else
		snprintf(nbr, sizeof(nbr), "local");
	bgpmon_path_format(bp->aspath, bp->aspath_len, path, sizeof(path));
	alert(BGPMON_K_ORIGIN, bp->pfx, bp->nbr, asn, s->cur.asn,
	    "prefix %s origin changed from %s to %s (neighbor %s, path %s)",
	    pf, was, now_o, nbr, path);
}

/*
 * The best path's origin is (okind, asn): the same as the current one
 * is only seen again; another one alerts (unless the receive side did)
 * and becomes current, the older ones shifting down (the oldest drops
 * out past the depth).
 */
static void
origin_seen(struct pstate *s, const struct bgpmon_path *bp, int okind,
    uint32_t asn, double now)
{
	struct porig	 v[BGPMON_HISTORY_MAX], cur, *m;
	uint32_t	 t = wall(now);
	uint32_t	 depth = bgpmon_cfg_history(mon.cfg);
	size_t		 i, n;
	uint8_t		 isset = okind == BGPMON_ORIG_SET;

	if (s->norig > 0 && s->cur.asn == asn && s->cur.set == isset) {
		s->cur.last = t;
		if (bp->nbr != NULL)
			s->cur.nbr = nbr_id(bp->nbr);
		return;
	}
	if (s->norig > 0 && !protected_denied(bp->pfx, okind, asn))
		origin_alert(s, bp, okind, asn);
	/* all of them in order (a smaller depth since committed cuts the
	   oldest here), then the new list written back */
	n = s->norig < depth ? s->norig : depth;
	for (i = 0; i < n; i++)
		v[i] = i == 0 ? s->cur : s->more[i - 1];
	for (i = 0; i < n; i++)
		if (v[i].asn == asn && v[i].set == isset)
			break;
	if (i < n)
		cur = v[i];
	else {
		memset(&cur, 0, sizeof(cur));
		cur.asn = asn;
		cur.set = isset;
		cur.first = t;
		if (n < depth)
			n++;
		i = n - 1;
	}
	memmove(&v[1], &v[0], i * sizeof(*v));
	cur.last = t;
	cur.times++;
	if (bp->nbr != NULL)
		cur.nbr = nbr_id(bp->nbr);
	v[0] = cur;
	if (n - 1 > s->cap) {
		if ((m = reallocarray(s->more, depth - 1, sizeof(*m))) == NULL)
			n = (size_t)s->cap + 1;	/* keep what fits */
		else {
			mon.more_bytes += (depth - 1 - s->cap) * sizeof(*m);
			s->more = m;
			s->cap = (uint8_t)(depth - 1);
		}
	}
	s->cur = v[0];
	if (n > 1)
		memcpy(s->more, &v[1], (n - 1) * sizeof(*v));
	s->norig = (uint8_t)n;
}

static void
flap_count(struct pstate *s, const struct bgpmon_path *bp, double now)
{
	uint32_t	 n = bgpmon_cfg_flap_n(mon.cfg);
	uint32_t	 w = bgpmon_cfg_flap_window(mon.cfg);
	const struct xaddr *nbr = bp->nbr;
	char		 pf[PREFIX_STRLEN];

	if (s->changes == 0 || (uint32_t)now - s->run_start > w) {
		s->run_start = (uint32_t)now;
		s->changes = 0;
	}
	if (s->changes < UINT16_MAX)
		s->changes++;
	if (s->changes <= n)
		return;
	/* a withdrawal has no new best path: name the neighbor of the one
	   that went, as the origin is the one it had */
	if (nbr == NULL && s->norig > 0 && s->cur.nbr != 0 &&
	    s->cur.nbr < mon.nnbrs)
		nbr = &mon.nbrs[s->cur.nbr];
	prefix_format(bp->pfx, pf, sizeof(pf));
	alert(BGPMON_K_FLAP, bp->pfx, nbr, s->norig ? s->cur.asn : 0,
	    0, "prefix %s best path changed %u times within %u seconds "
	    "(threshold %u)", pf, s->changes, w, n);
	/* the next alert needs another run */
	s->changes = 0;
}

void
bgpmon_best_changed(const struct bgpmon_path *bp, int gone, double now)
{
	struct pstate	*s;
	uint32_t	 asn;
	int		 okind;

	if (!bgpmon_active || (s = state_get(bp->pfx)) == NULL)
		return;
	flap_count(s, bp, now);
	if (gone)
		return;
	okind = bgpmon_path_origin(bp->aspath, bp->aspath_len, &asn);
	if (okind == BGPMON_ORIG_NONE)
		return;		/* our own route: no origin to follow */
	origin_seen(s, bp, okind, asn, now);
}
