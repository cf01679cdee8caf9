/*
 * impact: the configuration impact preview; see impact.h.  Three phases,
 * each resumable from a cursor that holds no pointer into the tables:
 *   IN   for each neighbor and AF whose import settings differ, every
 *        pre-policy path through rib_in_evaluate() under the candidate
 *        and under the applied settings; each difference is noted per
 *        prefix (the change map);
 *   BEST for each prefix of the change map (their Loc-RIB entries
 *        looked up 16 at a time), the path the Loc-RIB holds from each
 *        changed neighbor against its candidate one (the inbound
 *        sections' items), then bgp_decide() over the Loc-RIB's paths
 *        with the neighbors' paths swapped for their candidate ones,
 *        compared with the installed best;
 *   OUT  for each update group (split by the candidate's outbound
 *        settings), what it would send (updgroup_preview_want) with the
 *        candidate's target and the new best, against what it sends
 *        now: every Loc-RIB prefix when its outbound settings differ,
 *        else only the prefixes whose best path moves.
 * Sources are kept by value (a copy, the owner looked up again by
 * address), attribute sets by reference: a session that drops between
 * two steps frees nothing this still uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bgp/adjrib.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/decide.h"
#include "core/bgp/export.h"
#include "core/bgp/impact.h"
#include "core/bgp/locrib.h"
#include "core/bgp/nexthop.h"
#include "core/bgp/peer.h"
#include "core/lib/pfxtable.h"
#include "core/bgp/policy.h"
#include "core/bgp/proto.h"
#include "core/bgp/rib.h"
#include "core/bgp/session.h"
#include "core/bgp/updgroup.h"
#include "core/config/bgp_model.h"
#include "core/config/config.h"
#include "core/rpl/rpl_eval.h"

#define IMP_MAXPATHS	64	/* paths of one prefix decided at once */

/* One neighbor's path for a prefix as the candidate would have it. */
struct imp_chg {
	struct xaddr		 peer;
	uint32_t		 pid;
	struct bgp_attrs	*after;		/* NULL: denied */
	size_t			 sec;		/* its inbound section */
	int			 same;		/* the Loc-RIB has after */
	uint8_t			 rov;		/* its state as received */
};

/* The change map's value per prefix. */
struct imp_pfx {
	struct imp_chg		*chg;
	size_t			 n, cap;
	int			 best_changed;
	int			 has_best;	/* a new best exists */
	struct locrib_source	 src;		/* its source, a copy */
	struct bgp_attrs	*battrs;	/* its set (a reference) */
	uint8_t			 rov;
};

/* The change map in prefix order, walked by index (no trie descent). */
struct imp_ent {
	struct xprefix		 pfx;
	struct imp_pfx		*ip;
};

struct imp_in {
	size_t			 sec;
	struct xaddr		 peer;
	int			 afi;
	struct peer_conf	 conf;
	struct rpl_prog		*prog;
	size_t			 accepted;	/* after the change */
	size_t			 before;	/* accepted now */
};

struct imp_out {
	size_t			 sec;
	int			 afi;
	struct xaddr		 rep;		/* the member evaluated */
	int			 changed;	/* its outbound settings */
	struct peer_conf	 conf;
	struct rpl_prog		*prog;
	char			 sig[512];	/* candidate outbound settings */
	unsigned		 gid;
};

enum { PH_IN, PH_BEST, PH_OUT, PH_DONE };

struct impact;
static int	setup_out(struct impact *);
static int	ents_build(struct impact *, int);

struct impact {
	struct config		*cand;
	struct xaddr		 nbr;
	int			 has_nbr, detail;
	struct impact_section	*sec;
	size_t			 nsec, capsec;
	struct imp_in		*in;
	size_t			 nin;
	struct imp_out		*out;
	size_t			 nout;
	struct pfxtable		*map[2];
	struct imp_ent		*ents[2];	/* map[] in order */
	size_t			 nents[2], pos;
	size_t			 best_sec[2];
	size_t			 nbest[2];	/* prefixes whose best path
						   or its set changes */
	int			 phase;
	size_t			 cur;		/* in[] / afi / out[] index */
	struct pfxtable_cursor	 cursor;
	int			 started;	/* IN: cursor `last` valid */
	struct xprefix		 last;
	uint32_t		 last_pid;
	/* the candidate's globals */
	int			 unsafe_ebgp, enforce_mods;
	uint32_t		 cluster_id;
	int			 out_global;	/* they changed export */
	struct impact_summary	 sum;
	struct timespec		 t0;
	char			 err[256];
	int			 failed;
};

/* ---- small helpers ---- */

static double
now_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
fail(struct impact *im, const char *what)
{
	if (!im->failed)
		snprintf(im->err, sizeof(im->err), "%s", what);
	im->failed = 1;
	return -1;
}

static void
note(struct impact_section *s, const char *fmt, const char *a,
    const char *b)
{
	char	 line[160];
	size_t	 len = strlen(s->notes);

	snprintf(line, sizeof(line), fmt, a, b);
	snprintf(s->notes + len, sizeof(s->notes) - len, "%s%s",
	    len > 0 ? "; " : "", line);
}

static void
note_u(struct impact_section *s, const char *what, unsigned a, unsigned b)
{
	char	 sa[16], sb[16], fmt[96];

	snprintf(sa, sizeof(sa), "%u", a);
	snprintf(sb, sizeof(sb), "%u", b);
	snprintf(fmt, sizeof(fmt), "%s %%s -> %%s", what);
	note(s, fmt, sa, sb);
}

static size_t
new_section(struct impact *im, enum impact_kind kind, int afi)
{
	struct impact_section	*v;
	size_t			 cap;

	if (im->nsec == im->capsec) {
		cap = im->capsec ? im->capsec * 2 : 8;
		if ((v = reallocarray(im->sec, cap, sizeof(*v))) == NULL)
			return (size_t)-1;
		im->sec = v;
		im->capsec = cap;
	}
	memset(&im->sec[im->nsec], 0, sizeof(im->sec[0]));
	im->sec[im->nsec].kind = kind;
	im->sec[im->nsec].afi = afi;
	im->sec[im->nsec].computable = 1;
	return im->nsec++;
}

/* Counts the item and keeps it when detail asks or it is among the
   first; before/after are referenced when kept. */
static int
add_item(struct impact *im, struct impact_list *l,
    const struct impact_item *it)
{
	struct impact_item	*v;
	size_t			 cap;

	l->count++;
	if (!im->detail && l->n >= IMPACT_FIRST)
		return 0;
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = *it;
	if (it->before != NULL)
		bgp_attrs_ref(it->before);
	if (it->after != NULL)
		bgp_attrs_ref(it->after);
	l->n++;
	return 0;
}

static struct rpl_prog *
link_text(const char *text, const struct rpl_db *db, char *err,
    size_t errlen)
{
	struct rpl_prog	*prog = NULL;
	char		 name[128];
	char		*args = NULL;

	if (text[0] == '\0')
		return NULL;
	if (bgp_policy_split(text, name, sizeof(name), &args) == -1) {
		snprintf(err, errlen, "route-policy %s is malformed", text);
		return NULL;
	}
	if (rpl_link(db, name, args, &prog, err, errlen) == -1)
		prog = NULL;
	free(args);
	return prog;
}

static const char *
cand_text(const struct peer_conf *c, int afi, int in)
{
	if (!(c->afs & peer_af_bit(afi)))
		return "";
	return in ? c->af[afi].policy_in : c->af[afi].policy_out;
}

/* ---- set-up: what differs ---- */

static int
in_changed(struct impact *im, const struct peer *p, int afi,
    const struct peer_conf *c, struct impact_section *s)
{
	const struct peer_conf	*o = &p->conf;
	const struct rib_peer_af *ra = &p->ra[afi];
	const char		*text = cand_text(c, afi, 1);
	int			 ch = 0;

	if (strcmp(ra->in_text, text) != 0) {
		note(s, "route-policy in %s -> %s",
		    ra->in_text[0] ? ra->in_text : "(none)",
		    text[0] ? text : "(none)");
		ch = 1;
	} else if (ra->pol_in != NULL &&
	    rpl_prog_stale(ra->pol_in, im->cand->rpl)) {
		note(s, "route-policy %s or a set it uses changed%s",
		    text, "");
		ch = 1;
	}
	if (o->af[afi].allowas_in != c->af[afi].allowas_in) {
		note_u(s, "allowas-in", o->af[afi].allowas_in,
		    c->af[afi].allowas_in);
		ch = 1;
	}
	if (o->af[afi].has_weight != c->af[afi].has_weight ||
	    o->af[afi].weight != c->af[afi].weight) {
		note_u(s, "weight", o->af[afi].has_weight ? o->af[afi].weight :
		    0, c->af[afi].has_weight ? c->af[afi].weight : 0);
		ch = 1;
	}
	if (o->gshut_in != c->gshut_in) {
		note_u(s, "graceful-shutdown", (unsigned)o->gshut_in,
		    (unsigned)c->gshut_in);
		ch = 1;
	}
	if (o->dmz_link_bw != c->dmz_link_bw) {
		note_u(s, "dmz-link-bandwidth", (unsigned)o->dmz_link_bw,
		    (unsigned)c->dmz_link_bw);
		ch = 1;
	}
	if (im->unsafe_ebgp != bgp_rib.unsafe_ebgp) {
		note_u(s, "bgp unsafe-ebgp-policy",
		    (unsigned)bgp_rib.unsafe_ebgp, (unsigned)im->unsafe_ebgp);
		ch = 1;
	}
	if (im->cluster_id != bgp_rib.cluster_id) {
		note(s, "bgp cluster-id changed%s%s", "", "");
		ch = 1;
	}
	if (o->af[afi].maxpfx != c->af[afi].maxpfx)
		note_u(s, "maximum-prefix", o->af[afi].maxpfx,
		    c->af[afi].maxpfx);
	return ch;
}

/* The candidate's outbound settings of p in afi as one string: equal
   strings, one evaluation. */
static int
out_sig(struct impact *im, const struct peer *p, int afi,
    const struct peer_conf *c, char *sig, size_t len,
    struct impact_section *s)
{
	const struct peer_conf	*o = &p->conf;
	const struct rib_peer_af *ra = &p->ra[afi];
	const char		*text = cand_text(c, afi, 0);
	int			 ch = 0;

	snprintf(sig, len, "%s|%d%d%d%d%d%d%d%d|%d%u%u%u|%d%d", text,
	    c->af[afi].nhs, c->af[afi].nhu, c->af[afi].send_comm,
	    c->af[afi].send_extcomm, c->af[afi].send_gshut,
	    c->af[afi].remove_private, c->af[afi].as_override,
	    c->af[afi].rr_client, c->gshut, c->gshut_lp_set, c->gshut_lp,
	    c->gshut_prepends, im->unsafe_ebgp, im->enforce_mods);
	if (s == NULL)
		return 0;
	if (strcmp(ra->out_text, text) != 0) {
		note(s, "route-policy out %s -> %s",
		    ra->out_text[0] ? ra->out_text : "(none)",
		    text[0] ? text : "(none)");
		ch = 1;
	} else if (ra->pol_out != NULL &&
	    rpl_prog_stale(ra->pol_out, im->cand->rpl)) {
		note(s, "route-policy %s or a set it uses changed%s", text,
		    "");
		ch = 1;
	}
#define KN(f, name) do {						\
	if (o->af[afi].f != c->af[afi].f) {				\
		note_u(s, name, (unsigned)o->af[afi].f,			\
		    (unsigned)c->af[afi].f);				\
		ch = 1;							\
	}								\
} while (0)
	KN(nhs, "next-hop-self");
	KN(nhu, "next-hop-unchanged");
	KN(send_comm, "send-community-ebgp");
	KN(send_extcomm, "send-extended-community-ebgp");
	KN(send_gshut, "send-community-gshut-ebgp");
	KN(remove_private, "remove-private-AS");
	KN(as_override, "as-override");
	KN(rr_client, "route-reflector-client");
#undef KN
	if (o->gshut != c->gshut || o->gshut_lp_set != c->gshut_lp_set ||
	    o->gshut_lp != c->gshut_lp ||
	    o->gshut_prepends != c->gshut_prepends) {
		note_u(s, "graceful-shutdown", (unsigned)o->gshut,
		    (unsigned)c->gshut);
		ch = 1;
	}
	if (im->out_global) {
		note(s, "bgp unsafe-ebgp-policy or ibgp policy out "
		    "enforce-modifications changed%s%s", "", "");
		ch = 1;
	}
	return ch;
}

static int
want_nbr(const struct impact *im, const struct xaddr *a)
{
	return !im->has_nbr || addr_cmp(&im->nbr, a) == 0;
}

static void
not_covered(struct impact *im, const char *what)
{
	size_t	 len = strlen(im->sum.not_covered);

	if (strstr(im->sum.not_covered, what) != NULL)
		return;
	snprintf(im->sum.not_covered + len, sizeof(im->sum.not_covered) - len,
	    "%s%s", len > 0 ? ", " : "", what);
}

/* The inbound sections: one per neighbor and AF whose import differs. */
static int
setup_in(struct impact *im)
{
	const struct bgp_cfg	*b = im->cand->bgp;
	const struct bgp_peer	*np;
	struct peer		*p;
	struct imp_in		*v;
	struct impact_section	*s;
	struct peer_conf	 c;
	size_t			 si;
	int			 afi;
	char			 err[160];

	RB_FOREACH(p, peer_tree, &bgpe.peers) {
		if (p->replayed || !want_nbr(im, &p->addr))
			continue;
		if ((np = bgp_nbr_find(b, &p->addr)) == NULL) {
			not_covered(im, "neighbors removed");
			continue;
		}
		peer_conf_build(b, np, bgpe.router_id, &c);
		if (c.remote_as != p->conf.remote_as ||
		    c.local_as != p->conf.local_as)
			not_covered(im, "AS numbers (sessions reset)");
		if (c.afs != p->conf.afs)
			not_covered(im, "address families");
		if (c.shutdown != p->conf.shutdown)
			not_covered(im, "neighbor shutdown");
		for (afi = 0; afi < PEER_NAF; afi++) {
			if (!(p->conf.afs & peer_af_bit(afi)) &&
			    !(c.afs & peer_af_bit(afi)))
				continue;
			if ((si = new_section(im, IMPACT_IN, afi)) ==
			    (size_t)-1)
				return -1;
			s = &im->sec[si];
			s->nbr = p->addr;
			strlcpy(s->pol_before, p->ra[afi].in_text,
			    sizeof(s->pol_before));
			strlcpy(s->pol_after, cand_text(&c, afi, 1),
			    sizeof(s->pol_after));
			if (!in_changed(im, p, afi, &c, s)) {
				/* the maximum-prefix note alone: shown */
				if (s->notes[0] == '\0') {
					im->nsec--;
					continue;
				}
			}
			if (p->state != BGP_ST_ESTABLISHED ||
			    p->ra[afi].src == NULL) {
				s->computable = 0;
				snprintf(s->reason, sizeof(s->reason),
				    "not computable: the session is not "
				    "established");
				continue;
			}
			if (!rib_in_prepolicy_ok(p, afi)) {
				s->computable = 0;
				snprintf(s->reason, sizeof(s->reason),
				    "not computable: no pre-policy routes "
				    "(configure soft-reconfiguration inbound)");
				continue;
			}
			v = reallocarray(im->in, im->nin + 1, sizeof(*v));
			if (v == NULL)
				return -1;
			im->in = v;
			v = &im->in[im->nin];
			memset(v, 0, sizeof(*v));
			v->sec = si;
			v->peer = p->addr;
			v->afi = afi;
			v->conf = c;
			v->before = rib_in_accepted(p, afi);
			err[0] = '\0';
			v->prog = link_text(s->pol_after, im->cand->rpl, err,
			    sizeof(err));
			if (s->pol_after[0] != '\0' && v->prog == NULL) {
				s->computable = 0;
				snprintf(s->reason, sizeof(s->reason),
				    "not computable: route-policy %s: %s",
				    s->pol_after, err);
				continue;
			}
			im->nin++;
		}
	}
	return 0;
}

/* ---- phase IN ---- */

struct in_walk {
	struct impact		*im;
	struct imp_in		*w;
	struct peer		*p;
	struct rib_in_eval	 ev, cur;	/* candidate, applied */
	size_t			 budget;
	int			 same_check;	/* ev and cur check alike */
	int			 err;
};

static int
map_add(struct impact *im, int afi, const struct xprefix *pfx,
    const struct xaddr *peer, uint32_t pid, struct bgp_attrs *after,
    uint8_t rov, size_t sec)
{
	struct imp_pfx	*ip;
	struct imp_chg	*v;
	void		**slot;
	int		 created;
	size_t		 cap;

	if ((slot = pfxtable_slot(im->map[afi], pfx, &created)) == NULL)
		return -1;
	if ((ip = *slot) == NULL) {
		if ((ip = calloc(1, sizeof(*ip))) == NULL) {
			pfxtable_slot_undo(im->map[afi], pfx);
			return -1;
		}
		*slot = ip;
	}
	if (ip->n == ip->cap) {
		cap = ip->cap ? ip->cap * 2 : 2;
		if ((v = reallocarray(ip->chg, cap, sizeof(*v))) == NULL)
			return -1;
		ip->chg = v;
		ip->cap = cap;
	}
	ip->chg[ip->n].peer = *peer;
	ip->chg[ip->n].pid = pid;
	ip->chg[ip->n].rov = rov;
	ip->chg[ip->n].sec = sec;
	ip->chg[ip->n].same = 0;
	ip->chg[ip->n].after = after != NULL ? bgp_attrs_ref(after) : NULL;
	ip->n++;
	return 0;
}

static int
in_one(const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *pre,
    unsigned flags, void *arg)
{
	struct in_walk			*iw = arg;
	struct impact			*im = iw->im;
	struct impact_section		*s = &im->sec[iw->w->sec];
	struct bgp_attrs		*after = NULL, *now = NULL;
	int				 rc, l;
	uint8_t				 rov = (uint8_t)ADJRIB_ROV(flags);

	if (iw->budget == 0)
		return 1;
	iw->budget--;
	im->last = *pfx;
	im->last_pid = pid;
	im->started = 1;
	im->sum.paths++;
	s->evaluated++;
	/* the checks (AS loop, ...) once for both when their settings are
	   alike: denied by them, the path is denied before and after */
	if (iw->same_check &&
	    rib_in_check(iw->p, iw->w->afi, &iw->ev, pre) == -1)
		return 0;
	rc = rib_in_evaluate(iw->p, iw->w->afi, &iw->ev, pfx,
	    (struct bgp_attrs *)pre, rov, &after);
	if (rc == BGP_POL_ERROR) {
		iw->err = 1;
		return 1;
	}
	if (after != NULL)
		iw->w->accepted++;
	/*
	 * The applied settings over the same path (in cache now): the same
	 * result, and the replay a commit runs changes nothing in the
	 * Loc-RIB for it, so its lookup, the costly part on a full table,
	 * is skipped.  Interned sets: equal results are the same pointer.
	 */
	rc = rib_in_evaluate(iw->p, iw->w->afi, &iw->cur, pfx,
	    (struct bgp_attrs *)pre, rov, &now);
	if (rc == BGP_POL_ERROR) {
		bgp_attrs_unref(after);
		iw->err = 1;
		return 1;
	}
	l = now == after;
	bgp_attrs_unref(now);
	/*
	 * A path whose result differs goes into the change map; what the
	 * Loc-RIB holds from the neighbor now (the "before" of the inbound
	 * lists) is read by the decision phase, which looks the prefix up
	 * anyway: one trie descent per changed prefix instead of two.
	 */
	if (!l && map_add(im, iw->w->afi, pfx, &iw->w->peer, pid, after, rov,
	    iw->w->sec) == -1)
		iw->err = 1;
	bgp_attrs_unref(after);
	return iw->err;
}

static void
in_finish(struct impact *im, struct imp_in *w)
{
	struct impact_section	*s = &im->sec[w->sec];
	char			 a[24], b[24];

	if (w->conf.af[w->afi].maxpfx != 0 &&
	    w->accepted > w->conf.af[w->afi].maxpfx) {
		snprintf(a, sizeof(a), "%zu", w->accepted);
		snprintf(b, sizeof(b), "%u", w->conf.af[w->afi].maxpfx);
		note(s, "%s paths accepted exceed maximum-prefix %s", a, b);
	}
}

static int
step_in(struct impact *im, size_t *budget)
{
	struct in_walk		 iw;
	struct imp_in		*w;
	struct xprefix		 all;

	while (im->cur < im->nin && *budget > 0) {
		w = &im->in[im->cur];
		memset(&iw, 0, sizeof(iw));
		iw.im = im;
		iw.w = w;
		iw.budget = *budget;
		if ((iw.p = engine_peer_find(&w->peer)) == NULL ||
		    iw.p->ra[w->afi].src == NULL ||
		    !rib_in_prepolicy_ok(iw.p, w->afi)) {
			im->sec[w->sec].computable = 0;
			snprintf(im->sec[w->sec].reason,
			    sizeof(im->sec[w->sec].reason),
			    "not computable: the session went down during "
			    "the preview");
			im->cur++;
			im->started = 0;
			continue;
		}
		iw.ev.conf = &w->conf;
		iw.ev.pol_in = w->prog;
		iw.ev.unsafe_ebgp = im->unsafe_ebgp;
		iw.ev.cluster_id = im->cluster_id;
		iw.ev.quiet = 1;
		rib_in_eval_applied(iw.p, w->afi, &iw.cur);
		iw.cur.quiet = 1;
		iw.same_check = rib_in_check_same(iw.p, w->afi, &iw.ev,
		    &iw.cur);
		iw.ev.checked = iw.cur.checked = iw.same_check;
		memset(&all, 0, sizeof(all));
		all.addr.af = w->afi == 0 ? AF_V4 : AF_V6;
		adjrib_foreach_within_after(&iw.p->rib[w->afi], &all,
		    im->started ? &im->last : NULL, im->last_pid, in_one, &iw);
		if (iw.err)
			return fail(im, "out of memory evaluating the "
			    "candidate");
		if (iw.budget > 0) {	/* walked to the end */
			in_finish(im, w);
			im->cur++;
			im->started = 0;
		}
		*budget = iw.budget;
	}
	if (im->cur >= im->nin) {
		im->phase = PH_BEST;
		im->cur = 0;
		im->pos = 0;
		if (ents_build(im, 0) == -1 || ents_build(im, 1) == -1)
			return fail(im, "out of memory");
	}
	return 0;
}

/* ---- phase BEST ---- */

struct ents_walk {
	struct imp_ent	*v;
	size_t		 n;
};

static int
ents_one(const struct xprefix *pfx, void *value, void *arg)
{
	struct ents_walk	*w = arg;

	w->v[w->n].pfx = *pfx;
	w->v[w->n].ip = value;
	w->n++;
	return 0;
}

/* One walk of the change map of afi into ents[afi] (its size is known:
   one allocation, a few ms on a full table). */
static int
ents_build(struct impact *im, int afi)
{
	struct ents_walk	 w;
	size_t			 n = pfxtable_count(im->map[afi]);

	im->nents[afi] = 0;
	if (n == 0)
		return 0;
	if ((w.v = calloc(n, sizeof(*w.v))) == NULL)
		return -1;
	w.n = 0;
	pfxtable_walk(im->map[afi], ents_one, &w);
	im->ents[afi] = w.v;
	im->nents[afi] = w.n;
	return 0;
}

/* After the decision: only the prefixes whose best path (or its
   attributes) change concern export. */
static void
ents_keep_moved(struct impact *im, int afi)
{
	size_t	 i, k = 0;

	for (i = 0; i < im->nents[afi]; i++)
		if (im->ents[afi][i].ip->best_changed)
			im->ents[afi][k++] = im->ents[afi][i];
	im->nents[afi] = k;
}

static void
from_of(const struct locrib_source *s, struct xaddr *a, int *local)
{
	memset(a, 0, sizeof(*a));
	*local = 0;
	if (s == NULL)
		return;
	if (s->local != BGP_LOCAL_NONE)
		*local = 1;
	else
		*a = s->peer_addr;
}

/* The candidate path of one change as the decision sees it. */
static int
chg_path(int afi, const struct imp_chg *c, const struct locrib_path *old,
    struct locrib_source *src, struct locrib_path *lp)
{
	const struct locrib_source	*s;
	struct peer			*p;
	uint32_t			 metric = 0;

	if ((p = engine_peer_find(&c->peer)) == NULL ||
	    p->ra[afi].src == NULL)
		return -1;
	if ((s = rib_in_source_find(p, afi, c->pid)) == NULL) {
		/* add-path: a new path id, the neighbor's fields */
		*src = *p->ra[afi].src;
		src->parent = p->ra[afi].src;
		src->path_id = c->pid;
	} else
		*src = *s;
	memset(lp, 0, sizeof(*lp));
	lp->src = src;
	lp->attrs = c->after;
	if (old != NULL) {
		lp->received = old->received;
		lp->flags = old->flags & (LOCRIB_PATH_STALE |
		    LOCRIB_PATH_DAMPED);
		lp->rov = old->rov;
	} else
		lp->rov = c->rov;
	if (old != NULL && addr_cmp(&old->attrs->nexthop,
	    &c->after->nexthop) == 0) {
		lp->nh_reachable = old->nh_reachable;
		lp->igp_metric = old->igp_metric;
	} else {
		lp->nh_reachable = (uint8_t)nexthop_reachable(
		    &c->after->nexthop, &metric);
		lp->igp_metric = metric;
	}
	return 0;
}

/*
 * One change of the inbound phase against what the Loc-RIB holds from
 * its neighbor (e: the prefix's entry, src: the neighbor's source): an
 * item of its section, or, the same set there already (the Loc-RIB had
 * not followed the applied settings), no change at all.
 */
static int
in_item(struct impact *im, const struct locrib_entry *e,
    const struct locrib_source *src, const struct xprefix *pfx,
    struct imp_chg *c)
{
	const struct locrib_path	*cur = NULL;
	struct impact_item		 it;
	int				 l;

	if (e != NULL && src != NULL)
		cur = locrib_entry_path_from(e, src);
	memset(&it, 0, sizeof(it));
	it.before = cur != NULL ? cur->attrs : NULL;
	if (it.before == c->after) {
		c->same = 1;
		return 0;
	}
	it.pfx = *pfx;
	it.pid = c->pid;
	it.after = c->after;
	l = it.before == NULL ? IMPACT_L_NEW : it.after == NULL ?
	    IMPACT_L_GONE : IMPACT_L_CHANGED;
	return add_item(im, &im->sec[c->sec].lists[l], &it);
}

/* e: the prefix's Loc-RIB entry (NULL: none), looked up by the caller */
static int
best_one(struct impact *im, int afi, const struct xprefix *pfx,
    struct imp_pfx *ip, const struct locrib_entry *e)
{
	const struct locrib_path	*op, *ob = NULL, *paths[IMP_MAXPATHS];
	struct locrib_source		 srcs[IMP_MAXPATHS];
	struct locrib_path		 lps[IMP_MAXPATHS];
	struct bgp_cand			 cands[IMP_MAXPATHS];
	const struct bgp_cand		*cp[IMP_MAXPATHS];
	const struct locrib_path	*nb;
	struct impact_item		 it;
	struct peer			*p;
	const struct locrib_source	*cs[IMP_MAXPATHS], *src;
	size_t				 n = 0, np, i, k, nl = 0, best, nc;
	size_t				 nd = 0;

	np = e != NULL ? locrib_entry_npaths(e) : 0;
	ob = e != NULL ? locrib_entry_best(e) : NULL;
	/* the changed neighbors' sources, looked up once, and their paths
	   now: the inbound sections' items */
	nc = ip->n < IMP_MAXPATHS ? ip->n : IMP_MAXPATHS;
	for (k = 0; k < ip->n; k++) {
		p = engine_peer_find(&ip->chg[k].peer);
		src = p != NULL ? rib_in_source_find(p, afi, ip->chg[k].pid) :
		    NULL;
		if (k < nc)
			cs[k] = src;
		if (in_item(im, e, src, pfx, &ip->chg[k]) == -1)
			return -1;
		if (!ip->chg[k].same)
			nd++;
	}
	if (nd == 0)	/* the Loc-RIB is the candidate's already */
		return 0;
	/* the Loc-RIB's paths but those a change replaces */
	for (i = 0; i < np && n < IMP_MAXPATHS; i++) {
		op = locrib_entry_path(e, i);
		for (k = 0; k < nc; k++)
			if (cs[k] != NULL && op->src == cs[k] &&
			    !ip->chg[k].same)
				break;
		if (k < nc)
			continue;
		paths[n++] = op;
	}
	/* the candidate's paths */
	for (k = 0; k < nc && n < IMP_MAXPATHS; k++) {
		if (ip->chg[k].after == NULL || ip->chg[k].same)
			continue;
		op = NULL;
		if (e != NULL && cs[k] != NULL)
			op = locrib_entry_path_from(e, cs[k]);
		if (chg_path(afi, &ip->chg[k], op, &srcs[nl], &lps[nl]) == -1)
			continue;
		paths[n++] = &lps[nl++];
	}
	for (i = 0; i < n; i++) {
		locrib_path_cand(paths[i], &cands[i]);
		cands[i].cur_best = paths[i] == ob;
		cp[i] = &cands[i];
	}
	bgp_decide(cp, n, &bgp_rib.dcfg_af[afi], &best, NULL);
	nb = best != BGP_DECIDE_NONE ? paths[best] : NULL;
	im->sum.prefixes++;
	if (nb == ob || (nb != NULL && ob != NULL && nb->attrs == ob->attrs &&
	    addr_cmp(&nb->src->peer_addr, &ob->src->peer_addr) == 0 &&
	    nb->src->local == ob->src->local &&
	    nb->src->path_id == ob->src->path_id))
		return 0;
	ip->best_changed = 1;
	im->nbest[afi]++;
	if (nb != NULL) {
		ip->has_best = 1;
		ip->src = *nb->src;
		ip->src.owner = NULL;	/* looked up again when used */
		ip->src.parent = NULL;
		ip->battrs = bgp_attrs_ref(nb->attrs);
		ip->rov = nb->rov;
	}
	/* the same path with other attributes: export looks again, the
	   inbound section lists it; the best path has not moved */
	if (nb != NULL && ob != NULL && nb->src->local == ob->src->local &&
	    addr_cmp(&nb->src->peer_addr, &ob->src->peer_addr) == 0 &&
	    nb->src->path_id == ob->src->path_id)
		return 0;
	memset(&it, 0, sizeof(it));
	it.pfx = *pfx;
	it.before = ob != NULL ? ob->attrs : NULL;
	it.after = nb != NULL ? nb->attrs : NULL;
	from_of(ob != NULL ? ob->src : NULL, &it.from_before,
	    &it.local_before);
	from_of(nb != NULL ? nb->src : NULL, &it.from_after,
	    &it.local_after);
	return add_item(im, &im->sec[im->best_sec[afi]].lists[IMPACT_L_NEW],
	    &it);
}

static int
step_best(struct impact *im, size_t *budget)
{
	struct imp_ent			*en;
	const struct locrib_entry	*be[PFXTABLE_BATCH];
	const struct xprefix		*bp[PFXTABLE_BATCH];
	size_t				 bstart = 0, bn = 0, j;
	int				 afi;

	while (im->cur < 2 && *budget > 0) {
		afi = (int)im->cur;
		bn = 0;
		if (im->nents[afi] == 0) {
			im->cur++;
			im->pos = 0;
			continue;
		}
		if (im->best_sec[afi] == (size_t)-1 &&
		    (im->best_sec[afi] = new_section(im, IMPACT_BEST, afi)) ==
		    (size_t)-1)
			return fail(im, "out of memory");
		while (*budget > 0) {
			if (im->pos >= im->nents[afi]) {
				ents_keep_moved(im, afi);
				im->cur++;
				im->pos = 0;
				break;
			}
			/* the Loc-RIB entries of the next prefixes, looked
			   up side by side (the table does not change
			   within a step) */
			if (im->pos < bstart || im->pos >= bstart + bn) {
				bstart = im->pos;
				bn = im->nents[afi] - im->pos;
				if (bn > PFXTABLE_BATCH)
					bn = PFXTABLE_BATCH;
				for (j = 0; j < bn; j++) {
					bp[j] = &im->ents[afi][bstart + j].pfx;
					be[j] = NULL;
				}
				if (bgp_rib.loc[afi] != NULL)
					locrib_lookup_many(bgp_rib.loc[afi],
					    bp, bn, be);
			}
			en = &im->ents[afi][im->pos];
			(*budget)--;
			im->sec[im->best_sec[afi]].evaluated++;
			if (best_one(im, afi, &en->pfx, en->ip,
			    be[im->pos - bstart]) == -1)
				return fail(im, "out of memory");
			im->pos++;
		}
	}
	if (im->cur >= 2) {
		im->phase = PH_OUT;
		im->cur = 0;
		im->started = 0;
		if (setup_out(im) == -1)
			return fail(im, "out of memory");
	}
	return 0;
}

/* ---- phase OUT ---- */

static int
best_moves(const struct impact *im, int afi)
{
	return im->nbest[afi] > 0;
}

static int
add_member(struct impact_section *s, const struct xaddr *a)
{
	struct xaddr	*v;

	if ((v = reallocarray(s->members, s->nmembers + 1, sizeof(*v))) ==
	    NULL)
		return -1;
	s->members = v;
	s->members[s->nmembers++] = *a;
	return 0;
}

/* One section per update group and candidate outbound settings. */
static int
setup_out(struct impact *im)
{
	const struct bgp_cfg	*b = im->cand->bgp;
	const struct bgp_peer	*np;
	struct export_target	 t;
	struct impact_section	 tmp, *s;
	struct imp_out		*v, *w;
	struct peer		*p;
	struct peer_conf	 c;
	char			 sig[512], err[160];
	unsigned		 gid;
	size_t			 i, si;
	int			 afi, ch;

	for (afi = 0; afi < PEER_NAF; afi++) {
		RB_FOREACH(p, peer_tree, &bgpe.peers) {
			if (p->replayed || !want_nbr(im, &p->addr) ||
			    p->state != BGP_ST_ESTABLISHED ||
			    updgroup_preview_target(p, afi, &t, &gid) == -1 ||
			    (np = bgp_nbr_find(b, &p->addr)) == NULL)
				continue;
			peer_conf_build(b, np, bgpe.router_id, &c);
			memset(&tmp, 0, sizeof(tmp));
			ch = out_sig(im, p, afi, &c, sig, sizeof(sig), &tmp);
			if (!ch && !best_moves(im, afi))
				continue;
			for (i = 0; i < im->nout; i++) {
				w = &im->out[i];
				if (w->afi == afi && w->gid == gid &&
				    w->changed == ch && strcmp(w->sig, sig) == 0)
					break;
			}
			if (i < im->nout) {
				if (add_member(&im->sec[im->out[i].sec],
				    &p->addr) == -1)
					return -1;
				continue;
			}
			if ((si = new_section(im, IMPACT_OUT, afi)) ==
			    (size_t)-1)
				return -1;
			s = &im->sec[si];
			strlcpy(s->notes, tmp.notes, sizeof(s->notes));
			s->gid = gid;
			strlcpy(s->pol_before, p->ra[afi].out_text,
			    sizeof(s->pol_before));
			strlcpy(s->pol_after, cand_text(&c, afi, 0),
			    sizeof(s->pol_after));
			if (add_member(s, &p->addr) == -1)
				return -1;
			if ((v = reallocarray(im->out, im->nout + 1,
			    sizeof(*v))) == NULL)
				return -1;
			im->out = v;
			w = &im->out[im->nout];
			memset(w, 0, sizeof(*w));
			w->sec = si;
			w->afi = afi;
			w->rep = p->addr;
			w->changed = ch;
			w->conf = c;
			w->gid = gid;
			strlcpy(w->sig, sig, sizeof(w->sig));
			err[0] = '\0';
			w->prog = link_text(s->pol_after, im->cand->rpl, err,
			    sizeof(err));
			im->nout++;
			if (s->pol_after[0] != '\0' && w->prog == NULL) {
				s->computable = 0;
				snprintf(s->reason, sizeof(s->reason),
				    "not computable: route-policy %s: %s",
				    s->pol_after, err);
			}
		}
	}
	return 0;
}

static void
target_cand(const struct impact *im, const struct imp_out *w,
    struct export_target *t)
{
	const struct peer_conf	*c = &w->conf;
	int			 afi = w->afi;

	t->nhs = c->af[afi].nhs;
	t->nhu = c->af[afi].nhu;
	t->send_comm = c->af[afi].send_comm;
	t->send_extcomm = c->af[afi].send_extcomm;
	t->send_gshut = c->af[afi].send_gshut;
	t->remove_private = c->af[afi].remove_private;
	t->as_override = c->af[afi].as_override;
	t->rr_client = c->af[afi].rr_client;
	t->gshut = c->gshut;
	t->gshut_lp_set = c->gshut_lp_set;
	t->gshut_lp = c->gshut_lp;
	t->gshut_prepends = c->gshut_prepends;
	t->unsafe_ebgp = im->unsafe_ebgp;
	t->ibgp_enforce_mods = im->enforce_mods;
	t->policy = w->prog;
}

struct out_ctx {
	struct peer		*p;
	struct imp_out		*w;
	struct export_target	 tcur, tnew;
};

static int
out_one(struct impact *im, struct out_ctx *oc, const struct xprefix *pfx,
    struct imp_pfx *ip)
{
	struct impact_section	*s = &im->sec[oc->w->sec];
	struct locrib_source	 src;
	struct locrib_path	 lp;
	struct bgp_attrs	*b = NULL, *a = NULL;
	struct impact_item	 it;
	int			 rc = 0, l, had, same, fast;

	im->sum.prefixes++;
	s->evaluated++;
	if (ip != NULL && ip->best_changed) {
		memset(&lp, 0, sizeof(lp));
		if (ip->has_best) {
			src = ip->src;
			if (src.local == BGP_LOCAL_NONE)
				src.owner = engine_peer_find(&src.peer_addr);
			lp.src = &src;
			lp.attrs = ip->battrs;
			lp.rov = ip->rov;
		}
		rc = updgroup_preview_want(oc->p, oc->w->afi, &oc->tnew, pfx,
		    ip->has_best ? &lp : NULL, 1, &a);
	} else
		rc = updgroup_preview_want(oc->p, oc->w->afi, &oc->tnew, pfx,
		    NULL, 0, &a);
	if (rc == -1)
		return -1;
	/*
	 * What the group sends now is in its Adj-RIB-Out (fingerprints of
	 * the sets): the current export is computed again only for a
	 * difference, to list what changed in it.
	 */
	fast = updgroup_preview_sent(oc->p, oc->w->afi, pfx, a, &had,
	    &same) == 0;
	if (fast && same) {
		bgp_attrs_unref(a);
		return 0;
	}
	if ((!fast || (had && a != NULL)) &&
	    updgroup_preview_want(oc->p, oc->w->afi, &oc->tcur, pfx, NULL, 0,
	    &b) == -1) {
		bgp_attrs_unref(a);
		return -1;
	}
	if (fast)
		l = !had ? IMPACT_L_NEW : a == NULL ? IMPACT_L_GONE :
		    IMPACT_L_CHANGED;
	else
		l = b == NULL ? IMPACT_L_NEW : a == NULL ? IMPACT_L_GONE :
		    IMPACT_L_CHANGED;
	if (fast || a != b) {
		memset(&it, 0, sizeof(it));
		it.pfx = *pfx;
		it.before = b;
		it.after = a;
		rc = add_item(im, &s->lists[l], &it);
	}
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
	return rc;
}

static int
blocks_all(const struct export_target *t)
{
	return t->ebgp && t->policy == NULL && !t->unsafe_ebgp;
}

static int
rfc8212_both(const struct peer *p, const struct imp_out *w,
    const struct export_target *tcur, const struct export_target *tnew)
{
	return blocks_all(tcur) && blocks_all(tnew) &&
	    !p->conf.af[w->afi].default_orig &&
	    !w->conf.af[w->afi].default_orig;
}

static int
step_out(struct impact *im, size_t *budget)
{
	struct out_ctx			 oc;
	struct imp_out			*w;
	const struct locrib_entry	*e;
	struct locrib			*loc;
	struct xprefix			 pfx;
	struct imp_pfx			*ip;
	const struct xprefix		*wp[PFXTABLE_BATCH];
	unsigned			 gid;
	size_t				 warm = 0, j;

	while (im->cur < im->nout && *budget > 0) {
		warm = 0;
		w = &im->out[im->cur];
		memset(&oc, 0, sizeof(oc));
		oc.w = w;
		loc = bgp_rib.loc[w->afi];
		if (!im->sec[w->sec].computable || loc == NULL ||
		    (oc.p = engine_peer_find(&w->rep)) == NULL ||
		    updgroup_preview_target(oc.p, w->afi, &oc.tcur, &gid) ==
		    -1) {
			if (im->sec[w->sec].computable) {
				im->sec[w->sec].computable = 0;
				snprintf(im->sec[w->sec].reason,
				    sizeof(im->sec[w->sec].reason),
				    "not computable: the session went down "
				    "during the preview");
			}
			im->cur++;
			im->started = 0;
			continue;
		}
		oc.tnew = oc.tcur;
		if (w->changed)
			target_cand(im, w, &oc.tnew);
		/* RFC 8212 before and after: nothing but a default-originate
		   is sent, and that one does not depend on the best path */
		if (rfc8212_both(oc.p, w, &oc.tcur, &oc.tnew)) {
			note(&im->sec[w->sec], "nothing sent before or after: "
			    "eBGP without route-policy out (RFC 8212)%s%s", "",
			    "");
			im->cur++;
			im->started = 0;
			continue;
		}
		/* pass 0: the Loc-RIB (outbound settings changed); pass 1:
		   the change map (prefixes whose best path moves) */
		if (im->started == 0) {
			locrib_cursor_init(&im->cursor, NULL);
			im->started = w->changed ? 1 : 2;
			im->pos = 0;
		}
		while (*budget > 0 && im->started == 1) {
			if (!locrib_cursor_next(loc, &im->cursor, &e)) {
				im->started = 2;
				im->pos = 0;
				break;
			}
			(*budget)--;
			pfx = im->cursor.last;
			ip = pfxtable_get(im->map[w->afi], &pfx);
			if (out_one(im, &oc, &pfx, ip) == -1)
				return fail(im, "out of memory");
		}
		while (*budget > 0 && im->started == 2) {
			if (im->pos >= im->nents[w->afi]) {
				im->started = 3;
				break;
			}
			/* the next prefixes' Adj-RIB-Out nodes fetched
			   side by side */
			if (im->pos >= warm) {
				for (j = 0; j < PFXTABLE_BATCH &&
				    im->pos + j < im->nents[w->afi]; j++)
					wp[j] = &im->ents[w->afi][im->pos +
					    j].pfx;
				updgroup_preview_warm(oc.p, w->afi, wp, j);
				warm = im->pos + j;
			}
			pfx = im->ents[w->afi][im->pos].pfx;
			ip = im->ents[w->afi][im->pos++].ip;
			/* seen in pass 0 already */
			if (w->changed && locrib_lookup(loc, &pfx) != NULL)
				continue;
			(*budget)--;
			if (out_one(im, &oc, &pfx, ip) == -1)
				return fail(im, "out of memory");
		}
		if (im->started == 3) {
			im->cur++;
			im->started = 0;
		}
	}
	if (im->cur >= im->nout)
		im->phase = PH_DONE;
	return 0;
}

/* ---- the interface ---- */

static void
prepolicy_stats(struct impact *im)
{
	struct peer	*p;
	int		 afi;

	RB_FOREACH(p, peer_tree, &bgpe.peers)
		for (afi = 0; afi < PEER_NAF; afi++) {
			im->sum.prepolicy_paths += adjrib_count(&p->rib[afi]);
			im->sum.prepolicy_bytes += adjrib_memory(&p->rib[afi]);
		}
}

static int
item_differs(const struct bgp_item *a, const struct bgp_item *b)
{
	return a->set != b->set || a->opt != b->opt || a->n[0] != b->n[0];
}

/* The decision and router-id knobs: changed ones are named as not
   previewed (every prefix would be decided again). */
static void
decision_knobs(struct impact *im, const struct bgp_cfg *c,
    const struct bgp_cfg *r)
{
	static const int gi[] = { BG_ROUTER_ID, BG_DEFAULT_LP, BG_MED_ALWAYS,
	    BG_MED_MISSING_WORST, BG_COMPARE_RID, BG_ASPATH_IGNORE,
	    BG_ASPATH_MPR, BG_IGP_METRIC_IGNORE, BG_OAS_USE_VALIDITY,
	    BG_OAS_ALLOW_INVALID };
	size_t	 i;
	int	 afi;

	if (r == NULL)
		return;
	for (i = 0; i < sizeof(gi) / sizeof(gi[0]); i++)
		if (item_differs(&c->g[gi[i]], &r->g[gi[i]]))
			not_covered(im, gi[i] == BG_ROUTER_ID ? "bgp router-id" :
			    "bgp bestpath or default local-preference");
	for (afi = 0; afi < PEER_NAF; afi++)
		if (item_differs(&c->af[afi].maxpaths_ebgp,
		    &r->af[afi].maxpaths_ebgp) ||
		    item_differs(&c->af[afi].maxpaths_ibgp,
		    &r->af[afi].maxpaths_ibgp) ||
		    item_differs(&c->af[afi].maxpaths_eibgp,
		    &r->af[afi].maxpaths_eibgp))
			not_covered(im, "maximum-paths");
}

struct impact *
impact_start(const struct config *cand, const struct xaddr *nbr, int detail,
    char *err, size_t errlen)
{
	struct impact		*im;
	const struct bgp_cfg	*b;
	const struct bgp_peer	*np;
	struct peer		*p;
	char			 a[ADDR_STRLEN];
	int			 afi;

	if (!bgp_engine_running() || bgp_rib.loc[0] == NULL) {
		snprintf(err, errlen, "BGP is not running");
		return NULL;
	}
	if (cand == NULL || (b = cand->bgp) == NULL) {
		snprintf(err, errlen, "router bgp is not configured in the "
		    "candidate configuration");
		return NULL;
	}
	if (nbr != NULL && ((p = engine_peer_find(nbr)) == NULL ||
	    p->replayed) && bgp_nbr_find(b, nbr) == NULL) {
		addr_format(nbr, a, sizeof(a));
		snprintf(err, errlen, "No such neighbor %s", a);
		return NULL;
	}
	if ((im = calloc(1, sizeof(*im))) == NULL ||
	    (im->cand = config_dup(cand)) == NULL ||
	    (im->map[0] = pfxtable_new(AF_V4)) == NULL ||
	    (im->map[1] = pfxtable_new(AF_V6)) == NULL) {
		impact_free(im);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b = im->cand->bgp;
	if (nbr != NULL) {
		im->nbr = *nbr;
		im->has_nbr = 1;
	}
	im->detail = detail;
	for (afi = 0; afi < 2; afi++)
		im->best_sec[afi] = (size_t)-1;
	im->unsafe_ebgp = b->g[BG_UNSAFE_EBGP].set;
	im->enforce_mods = b->g[BG_IBGP_ENFORCE_MODS].set;
	im->cluster_id = b->g[BG_CLUSTER_ID].set ? b->g[BG_CLUSTER_ID].n[0] :
	    bgpe.router_id;
	im->out_global = im->unsafe_ebgp != bgp_rib.unsafe_ebgp ||
	    im->enforce_mods != bgp_rib.ibgp_enforce_mods;
	if (b->asn != bgpe.asn)
		not_covered(im, "router bgp AS");
	decision_knobs(im, b, bgp_rib.cfg != NULL ? bgp_rib.cfg->bgp : NULL);
	for (np = bgp_peer_first(b); np != NULL; np = bgp_peer_next(np))
		if (np->kind == BGP_NBR && want_nbr(im, &np->addr) &&
		    ((p = engine_peer_find(&np->addr)) == NULL ||
		    p->replayed))
			not_covered(im, "neighbors added");
	prepolicy_stats(im);
	im->t0.tv_sec = 0;
	if (setup_in(im) == -1) {
		impact_free(im);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	im->phase = PH_IN;
	return im;
}

int
impact_step(struct impact *im, size_t budget)
{
	double	 t = now_secs(), c = cpu_secs(), tp;
	int	 rc = 0, ph;

	if (budget == 0)
		budget = 1;
	while (budget > 0 && rc == 0 && im->phase != PH_DONE) {
		tp = now_secs();
		ph = im->phase;
		switch (im->phase) {
		case PH_IN:
			rc = step_in(im, &budget);
			break;
		case PH_BEST:
			rc = step_best(im, &budget);
			break;
		case PH_OUT:
			rc = step_out(im, &budget);
			break;
		}
		im->sum.phase_s[ph] += now_secs() - tp;
	}
	im->sum.seconds += now_secs() - t;
	im->sum.cpu_s += cpu_secs() - c;
	im->sum.steps++;
	if (rc == -1 || im->failed)
		return -1;
	return im->phase == PH_DONE ? 0 : 1;
}

const char *
impact_error(const struct impact *im)
{
	return im->err;
}

static void
map_free(void *v)
{
	struct imp_pfx	*ip = v;
	size_t		 i;

	for (i = 0; i < ip->n; i++)
		bgp_attrs_unref(ip->chg[i].after);
	free(ip->chg);
	bgp_attrs_unref(ip->battrs);
	free(ip);
}

void
impact_free(struct impact *im)
{
	size_t	 i, k, j;

	if (im == NULL)
		return;
	for (i = 0; i < im->nsec; i++) {
		for (k = 0; k < IMPACT_NLISTS; k++) {
			for (j = 0; j < im->sec[i].lists[k].n; j++) {
				bgp_attrs_unref(im->sec[i].lists[k].v[j].before);
				bgp_attrs_unref(im->sec[i].lists[k].v[j].after);
			}
			free(im->sec[i].lists[k].v);
		}
		free(im->sec[i].members);
	}
	free(im->sec);
	for (i = 0; i < im->nin; i++)
		rpl_prog_free(im->in[i].prog);
	free(im->in);
	for (i = 0; i < im->nout; i++)
		rpl_prog_free(im->out[i].prog);
	free(im->out);
	for (i = 0; i < 2; i++) {
		free(im->ents[i]);
		if (im->map[i] != NULL)
			pfxtable_free(im->map[i], map_free);
	}
	config_free(im->cand);
	free(im);
}

size_t
impact_nsections(const struct impact *im)
{
	return im->nsec;
}

const struct impact_section *
impact_section(const struct impact *im, size_t i)
{
	return i < im->nsec ? &im->sec[i] : NULL;
}

void
impact_summary(const struct impact *im, struct impact_summary *s)
{
	*s = im->sum;
}
