/*
 * rpl_compile: compiled forms of RPL sets and the per-route matching the
 * evaluator asks of them; see rpl_compile.h.
 *
 * A compiled set is built once from the typed elements: prefix-sets become
 * a pfxtrie; community-like sets become a list of matchers (each part a
 * [lo, hi] range, `*` being the full range) plus, for standard
 * communities, an open-addressing hash of the fully concrete values so the
 * common case is one probe; regexes are translated from XR's dialect and
 * compiled (and JIT-compiled) with PCRE2 together with their match data,
 * so matching never allocates.  An as-path regex that only names ASNs
 * (`_(174|1299)_`) is also turned into a set of ASNs, checked on the path
 * without its string or PCRE2.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/pfxtrie.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_compile.h"

struct part_m {
	uint32_t	 lo, hi;
	uint8_t		 peeras;	/* value is the neighbor's AS */
};

struct regex_m {
	pcre2_code		*re;
	pcre2_match_data	*md;
	int			 jit;	/* JIT-compiled: pcre2_jit_match */
};

/* as-path regexes that only name ASNs: see asnre_compile() */
struct asnre_m {
	struct asnset	 set;
	uint8_t		 at_start;	/* `^` instead of the leading `_` */
	uint8_t		 at_end;	/* `$` instead of the trailing `_` */
};

enum { M_PARTS, M_REGEX, M_ASP, M_ASNRE };

struct matcher {
	uint8_t		 kind;
	uint8_t		 concrete;	/* every part one value, no peeras */
	uint8_t		 ext_ip;	/* ext: A.B.C.D[/M]:N form */
	uint8_t		 iplen;
	uint32_t	 ip;		/* host order */
	struct part_m	 p[3];
	struct regex_m	 rx;
	struct asnre_m	 asn;
	const struct rpl_aspath_elem *asp;
	struct asrange	*list;
	size_t		 nlist;
};

struct cset {
	enum rpl_set_kind kind;
	int		 unresolved;	/* $params left: matches nothing */
	struct pfxtrie	 trie;
	struct matcher	*m;
	size_t		 nm;
	uint64_t	*hash;		/* community | 1 << 32; 0 = empty;
					   NULL: no concrete communities */
	uint32_t	 hmask;
	size_t		*slow;		/* matchers not in the hash */
	size_t		 nslow;
};

/* A value of any community-like kind (rpl_cset_values()). */
union cvalue {
	uint32_t	 comm;
	struct lcomm	 lc;
	struct ecomm	 ec;
};

static void
part_set(struct part_m *pm, const struct rpl_part *p, uint32_t max,
    int *unresolved)
{
	pm->peeras = 0;
	switch (p->kind) {
	case RPL_PART_VALUE:
		pm->lo = pm->hi = p->lo;
		break;
	case RPL_PART_ANY:
		pm->lo = 0;
		pm->hi = max;
		break;
	case RPL_PART_RANGE:
		if (p->lo_param != NULL || p->hi_param != NULL)
			*unresolved = 1;
		pm->lo = p->lo;
		pm->hi = p->hi;
		break;
	case RPL_PART_PRIVATE_AS:
		pm->lo = 64512;
		pm->hi = 65534;
		break;
	case RPL_PART_PEERAS:
		pm->lo = pm->hi = 0;
		pm->peeras = 1;
		break;
	default:
		*unresolved = 1;
		pm->lo = 1;
		pm->hi = 0;
		break;
	}
}

static inline int
part_match(const struct part_m *pm, uint32_t v, uint32_t peeras)
{
	if (pm->peeras)
		return peeras != 0 && v == peeras;
	return v >= pm->lo && v <= pm->hi;
}

/* ---------------------------------------------------------------- regex */

/* What a leading / trailing `_` becomes when only its position counts. */
#define RE_AFTER_DELIM	"(?<![^ ,{}()])"
#define RE_BEFORE_DELIM	"(?![^ ,{}()])"

/*
 * 1 if the first n bytes of an ios-regex, translated, cannot match the
 * empty string (PCRE2's minimum match length is at least 1).
 */
static int
never_empty(const char *ios, size_t n)
{
	char		 sub[512], pat[1024];
	pcre2_code	*re;
	uint32_t	 minlen = 0;
	int		 ec;
	PCRE2_SIZE	 eo;

	if (n >= sizeof(sub))
		return 0;
	memcpy(sub, ios, n);
	sub[n] = '\0';
	if (aspath_regex_translate(sub, pat, sizeof(pat)) == -1)
		return 0;
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
	if (re == NULL)
		return 0;
	if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) != 0)
		minlen = 0;
	pcre2_code_free(re);
	return minlen >= 1;
}

/*
 * Translates an ios-regex like aspath_regex_translate(), but a `_` that
 * opens or closes the whole pattern becomes a lookaround when that keeps
 * the meaning: `_X` matches iff X matches at the start or just after a
 * delimiter, provided X cannot match empty (so `_` never needs to be `$`);
 * `X_` likewise before a delimiter or the end.  The pattern then has a
 * known set of first characters, which PCRE2 uses to skip ahead instead
 * of trying the three-way `_` at every offset: about half the cost of
 * the usual `_ASN_` regexes.  Only plain XR syntax qualifies (no
 * escapes, verbs, or (? groups that could recurse into the pattern).
 */
static int
regex_translate_fast(const char *ios, char *pat, size_t patlen)
{
	char		 mid[512];
	size_t		 n = strlen(ios), o = 0;
	int		 lead, trail;
	static const char under[] = ASPATH_RE_UNDERSCORE;
	const size_t	 ul = sizeof(under) - 1;

	if (aspath_regex_translate(ios, pat, patlen) == -1)
		return -1;
	if (n < 2 || n >= sizeof(mid) || strchr(ios, '\\') != NULL ||
	    strstr(ios, "(?") != NULL || strstr(ios, "(*") != NULL)
		return 0;
	lead = ios[0] == '_' && strchr("*+?{", ios[1]) == NULL &&
	    never_empty(ios + 1, n - 1);
	/* a final `_` inside brackets stays literal: the pattern shows it */
	o = strlen(pat);
	trail = ios[n - 1] == '_' && o >= ul &&
	    strcmp(pat + o - ul, under) == 0 && never_empty(ios, n - 1);
	if (!lead && !trail)
		return 0;
	memcpy(mid, ios + lead, n - lead - trail);
	mid[n - lead - trail] = '\0';
	/* each lookaround is shorter than the `_` it replaces: it fits */
	o = lead ? strlcpy(pat, RE_AFTER_DELIM, patlen) : 0;
	if (o >= patlen ||
	    aspath_regex_translate(mid, pat + o, patlen - o) == -1 ||
	    (trail && strlcat(pat, RE_BEFORE_DELIM, patlen) >= patlen))
		return aspath_regex_translate(ios, pat, patlen);
	return 0;
}

static int
regex_compile(struct regex_m *rx, const char *ios, char *err, size_t errlen)
{
	char		 pat[1024];
	int		 ec;
	PCRE2_SIZE	 eo;
	PCRE2_UCHAR	 msg[128];

	if (regex_translate_fast(ios, pat, sizeof(pat)) == -1) {
		snprintf(err, errlen, "regular expression '%s' is too long",
		    ios);
		return -1;
	}
	rx->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &ec,
	    &eo, NULL);
	if (rx->re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errlen, "invalid regular expression '%s': %s",
		    ios, (const char *)msg);
		return -1;
	}
	/* JIT is an optimisation: without it pcre2_match interprets */
	rx->jit = pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE) == 0;
	/* only "does it match" is asked: one pair of offsets suffices */
	rx->md = pcre2_match_data_create(1, NULL);
	if (rx->md == NULL) {
		pcre2_code_free(rx->re);
		rx->re = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
regex_match(const struct regex_m *rx, const char *s, size_t len)
{
	if (rx->re == NULL)
		return 0;
	if (rx->jit)
		return pcre2_jit_match(rx->re, (PCRE2_SPTR)s, len, 0, 0,
		    rx->md, NULL) >= 0;
	return pcre2_match(rx->re, (PCRE2_SPTR)s, len, 0, 0, rx->md,
	    NULL) >= 0;
}

/* ------------------------------------------------- ASN-only regexes */

/*
 * The regexes of as-path-sets are mostly `_ASN_` or `_(A|B|6449[6-9])_`:
 * "an ASN of the path is one of these".  Such a pattern is answered from
 * the path itself (aspath_asn_token_in()), without formatting the path
 * string or running PCRE2.  Qualifies: `_` or `^` first, `_` or `$` last,
 * and between them digits, digit classes ([0-9], ranges) and groups with
 * `|`, each optionally followed by `?`, naming at most ASNRE_MAX strings of
 * up to 10 digits and not the empty string.  Anything else (`.`, `*`,
 * escapes, `_` inside, top-level `|`) keeps the regex.  Because no string
 * of the language holds a delimiter, a match is a whole ASN of the
 * canonical string with a delimiter (or the end) on either side.
 */
#define ASNRE_MAX	4096
#define ASNRE_DIGITS	10
#define ASNRE_BITMAP_SPAN (1u << 19)

struct lang {
	char		(*s)[ASNRE_DIGITS + 1];
	size_t		 n;
	int		 fail;		/* too many strings or bad syntax */
};

static void
lang_free(struct lang *l)
{
	free(l->s);
	l->s = NULL;
	l->n = 0;
}

/* Appends str (NUL-terminated); sets fail when over the cap. */
static void
lang_add(struct lang *l, const char *str)
{
	void	*ns;

	if (l->fail)
		return;
	if (strlen(str) > ASNRE_DIGITS)
		return;		/* longer than any ASN: never matches */
	if (l->n >= ASNRE_MAX) {
		l->fail = 1;
		return;
	}
	if ((l->n & (l->n - 1)) == 0) {
		ns = reallocarray(l->s, l->n ? l->n * 2 : 1, sizeof(*l->s));
		if (ns == NULL) {
			l->fail = 1;
			return;
		}
		l->s = ns;
	}
	strlcpy(l->s[l->n++], str, sizeof(l->s[0]));
}

/* a := a . b (every string of a followed by every string of b) */
static void
lang_cat(struct lang *a, const struct lang *b)
{
	struct lang	 r = { NULL, 0, 0 };
	char		 buf[2 * ASNRE_DIGITS + 2];
	size_t		 i, j;

	/* strings past ASNRE_DIGITS are dropped, not counted: bound work */
	if (a->fail || b->fail || a->n * b->n > 16 * ASNRE_MAX) {
		a->fail = 1;
		return;
	}
	for (i = 0; i < a->n && !r.fail; i++)
		for (j = 0; j < b->n && !r.fail; j++) {
			snprintf(buf, sizeof(buf), "%s%s", a->s[i], b->s[j]);
			lang_add(&r, buf);
		}
	lang_free(a);
	*a = r;
}

static void lang_alt(const char **, struct lang *);

/* One atom and its `?`, or fail. */
static void
lang_atom(const char **pp, struct lang *l)
{
	const char	*p = *pp;
	char		 c[2] = { 0, 0 }, lo, hi;
	unsigned	 seen = 0;

	if (*p >= '0' && *p <= '9') {
		c[0] = *p++;
		lang_add(l, c);
	} else if (*p == '[') {
		for (p++; *p != ']'; p++) {
			if (*p < '0' || *p > '9') {
				l->fail = 1;
				return;
			}
			lo = hi = *p;
			if (p[1] == '-' && p[2] >= '0' && p[2] <= '9') {
				hi = p[2];
				p += 2;
			}
			if (lo > hi) {		/* PCRE2 rejects it too */
				l->fail = 1;
				return;
			}
			for (; lo <= hi; lo++)
				seen |= 1u << (lo - '0');
		}
		p++;
		for (lo = '0'; lo <= '9'; lo++)
			if (seen & (1u << (lo - '0'))) {
				c[0] = lo;
				lang_add(l, c);
			}
		if (seen == 0)
			l->fail = 1;
	} else if (*p == '(' && p[1] != '?' && p[1] != '*') {
		p++;
		lang_alt(&p, l);
		if (*p != ')') {
			l->fail = 1;
			return;
		}
		p++;
	} else {
		l->fail = 1;
		return;
	}
	if (*p == '?') {
		p++;
		lang_add(l, "");
	}
	*pp = p;
}

/* A concatenation of atoms up to `|`, `)` or the end. */
static void
lang_seq(const char **pp, struct lang *l, const char *end)
{
	struct lang	 a;

	lang_add(l, "");
	while (!l->fail && *pp < end && **pp != '|' && **pp != ')') {
		a.s = NULL;
		a.n = 0;
		a.fail = 0;
		lang_atom(pp, &a);
		lang_cat(l, &a);
		lang_free(&a);
	}
}

static void
lang_alt(const char **pp, struct lang *l)
{
	struct lang	 a;
	size_t		 i;

	for (;;) {
		a.s = NULL;
		a.n = 0;
		a.fail = 0;
		lang_seq(pp, &a, *pp + strlen(*pp));
		for (i = 0; i < a.n && !a.fail; i++)
			lang_add(l, a.s[i]);
		if (a.fail)
			l->fail = 1;
		lang_free(&a);
		if (l->fail || **pp != '|')
			return;
		(*pp)++;
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * 1 and am filled if ios qualifies (see above), 0 if not, -1 on
 * allocation failure.
 */
static int
asnre_compile(const char *ios, struct asnre_m *am)
{
	struct lang	 l = { NULL, 0, 0 };
	const char	*p, *end;
	size_t		 len = strlen(ios), i, n = 0;
	unsigned long long x;
	uint32_t	*v;

	memset(am, 0, sizeof(*am));
	if (len < 3 || (ios[0] != '_' && ios[0] != '^') ||
	    (ios[len - 1] != '_' && ios[len - 1] != '$') ||
	    ios[len - 2] == '\\')
		return 0;
	p = ios + 1;
	end = ios + len - 1;
	lang_seq(&p, &l, end);
	if (l.fail || p != end) {
		lang_free(&l);
		return 0;
	}
	/* an empty match would be `__`: not what this shortcut answers */
	for (i = 0; i < l.n; i++)
		if (l.s[i][0] == '\0') {
			lang_free(&l);
			return 0;
		}
	if ((v = calloc(l.n + 1, sizeof(*v))) == NULL) {
		lang_free(&l);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		/* ASNs print without leading zeros */
		if (l.s[i][0] == '0' && l.s[i][1] != '\0')
			continue;
		x = strtoull(l.s[i], NULL, 10);
		if (x <= UINT32_MAX)
			v[n++] = (uint32_t)x;
	}
	lang_free(&l);
	qsort(v, n, sizeof(*v), cmp_u32);
	am->set.v = v;
	for (i = 0; i < n; i++)
		if (am->set.n == 0 || v[am->set.n - 1] != v[i])
			v[am->set.n++] = v[i];
	/* a bitmap of up to 64 KiB answers in one load */
	if (am->set.n > 0 &&
	    (uint64_t)v[am->set.n - 1] - v[0] < ASNRE_BITMAP_SPAN) {
		am->set.lo = v[0];
		am->set.span = v[am->set.n - 1] - v[0] + 1;
		am->set.bits = calloc((am->set.span + 63) / 64,
		    sizeof(uint64_t));
		if (am->set.bits == NULL) {
			free(v);
			am->set.v = NULL;
			return -1;
		}
		for (i = 0; i < am->set.n; i++)
			am->set.bits[(v[i] - v[0]) >> 6] |=
			    1ULL << ((v[i] - v[0]) & 63);
	}
	am->at_start = ios[0] == '^';
	am->at_end = ios[len - 1] == '$';
	return 1;
}

/* ----------------------------------------------------- community hash */

static uint32_t
hash32(uint32_t v)
{
	v ^= v >> 16;
	v *= 0x7feb352dU;
	v ^= v >> 15;
	v *= 0x846ca68bU;
	v ^= v >> 16;
	return v;
}

/*
 * Concrete standard communities go into the hash, every other matcher
 * (and every matcher of the other kinds) on the slow list.
 */
static int
hash_build(struct cset *c)
{
	size_t		 i, n = 0, cap = 8;
	uint32_t	 h, v;

	if ((c->slow = calloc(c->nm + 1, sizeof(*c->slow))) == NULL)
		return -1;
	for (i = 0; i < c->nm; i++)
		n += c->m[i].concrete;
	if (n > 0) {
		while (cap < n * 2)
			cap *= 2;
		if ((c->hash = calloc(cap, sizeof(*c->hash))) == NULL)
			return -1;
		c->hmask = (uint32_t)cap - 1;
	}
	for (i = 0; i < c->nm; i++) {
		if (!c->m[i].concrete) {
			c->slow[c->nslow++] = i;
			continue;
		}
		v = COMM_MAKE(c->m[i].p[0].lo, c->m[i].p[1].lo);
		for (h = hash32(v) & c->hmask; c->hash[h] != 0;
		    h = (h + 1) & c->hmask)
			if ((uint32_t)c->hash[h] == v)
				break;
		c->hash[h] = (uint64_t)v | (1ULL << 32);
	}
	return 0;
}

static int
hash_has(const struct cset *c, uint32_t v)
{
	uint32_t	 h;

	if (c->hash == NULL)
		return 0;
	for (h = hash32(v) & c->hmask; c->hash[h] != 0; h = (h + 1) & c->hmask)
		if ((uint32_t)c->hash[h] == v)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ compile */

static int
compile_prefix(struct cset *c, const struct rpl_set *set)
{
	size_t			 i;
	unsigned		 ge, le, max;
	const struct rpl_pfx_elem *e;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i].u.pfx;
		max = e->pfx.addr.af == AF_V4 ? 32 : 128;
		/* XR: none -> exact; le only -> len..le; ge only -> ge..max */
		if (e->ge == 0 && e->le == 0)
			ge = le = e->pfx.len;
		else if (e->ge == 0)
			ge = e->pfx.len, le = e->le;
		else if (e->le == 0)
			ge = e->ge, le = max;
		else
			ge = e->ge, le = e->le;
		if (pfxtrie_add(&c->trie, &e->pfx, ge, le) == -1)
			return -1;
	}
	/* without the shortcut the trie still answers: not an error */
	(void)pfxtrie_finish(&c->trie);
	return 0;
}

static void
fill_comm(struct cset *c, struct matcher *m, const struct rpl_comm_elem *e)
{
	if (e->kind == RPL_COMM_WELLKNOWN && e->hi.kind != RPL_PART_VALUE) {
		/* parser left only the name: take the value here */
		static const uint32_t wk[] = { 0, COMM_INTERNET,
		    COMM_NO_EXPORT, COMM_NO_ADVERTISE, COMM_LOCAL_AS,
		    COMM_ACCEPT_OWN, COMM_GSHUT };
		uint32_t v = e->wk < 7 ? wk[e->wk] : 0;

		m->p[0].lo = m->p[0].hi = COMM_HI(v);
		m->p[1].lo = m->p[1].hi = COMM_LO(v);
	} else {
		part_set(&m->p[0], &e->hi, 65535, &c->unresolved);
		part_set(&m->p[1], &e->lo, 65535, &c->unresolved);
	}
	m->concrete = m->p[0].lo == m->p[0].hi && !m->p[0].peeras &&
	    m->p[1].lo == m->p[1].hi && !m->p[1].peeras;
}

static void
fill_ext(struct cset *c, struct matcher *m, const struct rpl_ext_elem *e)
{
	if (e->kind == RPL_EXT_IP) {
		m->ext_ip = 1;
		m->iplen = e->iplen ? e->iplen : 32;
		m->ip = ((uint32_t)e->ip.a[0] << 24) |
		    ((uint32_t)e->ip.a[1] << 16) |
		    ((uint32_t)e->ip.a[2] << 8) | e->ip.a[3];
		part_set(&m->p[1], &e->val, 65535, &c->unresolved);
	} else {
		part_set(&m->p[0], &e->asn, UINT32_MAX, &c->unresolved);
		part_set(&m->p[1], &e->val, UINT32_MAX, &c->unresolved);
	}
}

static int
fill_aspath(struct cset *c, struct matcher *m,
    const struct rpl_aspath_elem *e)
{
	struct part_m	 pm;
	size_t		 k;

	m->kind = M_ASP;
	m->asp = e;
	if (e->n.param != NULL)
		c->unresolved = 1;
	if (e->list.n == 0)
		return 0;
	if ((m->list = calloc(e->list.n, sizeof(*m->list))) == NULL)
		return -1;
	m->nlist = e->list.n;
	for (k = 0; k < e->list.n; k++) {
		part_set(&pm, &e->list.v[k], UINT32_MAX, &c->unresolved);
		m->list[k].lo = pm.lo;
		m->list[k].hi = pm.hi;
	}
	return 0;
}

/*
 * Every set kind but prefix-set: one matcher per element, a regex or the
 * element's parts.
 */
static int
compile_elems(struct cset *c, const struct rpl_set *set, char *err,
    size_t errlen)
{
	size_t			 i, k;
	struct matcher		*m;
	const struct rpl_elem	*e;
	const char		*re;
	int			 fast;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i];
		m = &c->m[c->nm++];
		m->kind = M_PARTS;
		re = NULL;
		switch (set->kind) {
		case RPL_SET_COMMUNITY:
			if (e->u.comm.kind == RPL_COMM_REGEX)
				re = e->u.comm.re.text;
			else
				fill_comm(c, m, &e->u.comm);
			break;
		case RPL_SET_LARGECOMM:
			if (e->u.lc.kind == RPL_LARGE_REGEX)
				re = e->u.lc.re.text;
			for (k = 0; re == NULL && k < 3; k++)
				part_set(&m->p[k], &e->u.lc.p[k], UINT32_MAX,
				    &c->unresolved);
			break;
		case RPL_SET_EXT_RT:
		case RPL_SET_EXT_SOO:
		case RPL_SET_RD:
			if (e->u.ext.kind == RPL_EXT_REGEX)
				re = e->u.ext.re.text;
			else
				fill_ext(c, m, &e->u.ext);
			break;
		case RPL_SET_EXT_OPAQUE:
			part_set(&m->p[0], &e->u.ext.val, UINT32_MAX,
			    &c->unresolved);
			break;
		default:
			if (e->u.asp.kind == RPL_ASP_REGEX)
				re = e->u.asp.re.text;
			else if (fill_aspath(c, m, &e->u.asp) == -1)
				return -1;
			break;
		}
		if (re != NULL) {
			m->kind = M_REGEX;
			/* compiled even when not run: the same errors */
			if (regex_compile(&m->rx, re, err, errlen) == -1)
				return -1;
			if (set->kind == RPL_SET_ASPATH &&
			    (fast = asnre_compile(re, &m->asn)) == -1)
				return -1;
			if (set->kind == RPL_SET_ASPATH && fast == 1)
				m->kind = M_ASNRE;
		}
	}
	return hash_build(c);
}

static void
cset_free(struct cset *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nm; i++) {
		if (c->m[i].rx.md != NULL)
			pcre2_match_data_free(c->m[i].rx.md);
		if (c->m[i].rx.re != NULL)
			pcre2_code_free(c->m[i].rx.re);
		free(c->m[i].list);
		free(c->m[i].asn.set.v);
		free(c->m[i].asn.set.bits);
	}
	free(c->m);
	free(c->hash);
	free(c->slow);
	pfxtrie_free(&c->trie);
	free(c);
}

int
rpl_set_compile(struct rpl_set *set, char *err, size_t errlen)
{
	struct cset	*c;
	int		 rc;

	rpl_set_uncompile(set);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto nomem;
	c->kind = set->kind;
	pfxtrie_init(&c->trie);
	if (set->flags & RPL_SETF_PARAM)
		c->unresolved = 1;
	if (set->kind != RPL_SET_PREFIX &&
	    (c->m = calloc(set->nelems + 1, sizeof(*c->m))) == NULL)
		goto nomem;
	err[0] = '\0';
	if (set->kind == RPL_SET_PREFIX)
		rc = compile_prefix(c, set);
	else
		rc = compile_elems(c, set, err, errlen);
	if (rc == -1) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		cset_free(c);
		return -1;
	}
	set->compiled = c;
	return 0;
nomem:
	cset_free(c);
	snprintf(err, errlen, "out of memory");
	return -1;
}

void
rpl_set_uncompile(struct rpl_set *set)
{
	if (set == NULL)
		return;
	cset_free(set->compiled);
	set->compiled = NULL;
}

/* ------------------------------------------------------------- match */

/* The compiled form if usable for `kind`, else NULL. */
static const struct cset *
usable(const struct rpl_set *set, int kind)
{
	const struct cset	*c;

	if (set == NULL || (c = set->compiled) == NULL || c->unresolved)
		return NULL;
	if ((int)c->kind != kind &&
	    !(kind == RPL_SET_EXT_RT && c->kind == RPL_SET_EXT_SOO) &&
	    !(kind == RPL_SET_EXT_SOO && c->kind == RPL_SET_EXT_RT))
		return NULL;
	return c;
}

int
rpl_cset_match_prefix(const struct rpl_set *set, const struct xprefix *p)
{
	const struct cset	*c = usable(set, RPL_SET_PREFIX);

	return c != NULL && pfxtrie_match(&c->trie, p);
}

int
rpl_cset_match_addr(const struct rpl_set *set, const struct xaddr *a)
{
	const struct cset	*c = usable(set, RPL_SET_PREFIX);

	return c != NULL && a->af != 0 && pfxtrie_match_addr(&c->trie, a);
}

int
rpl_num_cmp(unsigned op, uint32_t v, uint32_t n)
{
	switch (op) {
	case RPL_CMP_GE:
		return v >= n;
	case RPL_CMP_LE:
		return v <= n;
	default:
		return v == n;
	}
}

static int
asp_match(const struct matcher *m, const struct aspath *p,
    struct aspath_text *text)
{
	const struct rpl_aspath_elem	*e = m->asp;
	const char			*s;
	size_t				 len;

	if (m->kind == M_ASNRE)
		return aspath_asn_token_in(p, &m->asn.set, m->asn.at_start,
		    m->asn.at_end);
	if (m->kind == M_REGEX) {
		if ((s = aspath_text_get(text, &len)) == NULL)
			return -1;
		return regex_match(&m->rx, s, len);
	}
	switch (e->kind) {
	case RPL_ASP_LENGTH:
		return rpl_num_cmp(e->cmp, aspath_length(p, e->all), e->n.v);
	case RPL_ASP_UNIQUE_LENGTH:
		return rpl_num_cmp(e->cmp, aspath_unique_length(p, e->all),
		    e->n.v);
	case RPL_ASP_NEIGHBOR_IS:
		return aspath_neighbor_is(p, m->list, m->nlist, e->exact);
	case RPL_ASP_ORIGINATES_FROM:
		return aspath_originates_from(p, m->list, m->nlist, e->exact);
	case RPL_ASP_PASSES_THROUGH:
		return aspath_passes_through(p, m->list, m->nlist, e->exact);
	default:
		return 0;
	}
}

int
rpl_cset_match_aspath(const struct rpl_set *set, const struct aspath *p,
    struct aspath_text *text)
{
	const struct cset	*c = usable(set, RPL_SET_ASPATH);
	size_t			 i;
	int			 r;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nm; i++)
		if ((r = asp_match(&c->m[i], p, text)) != 0)
			return r;
	return 0;
}

static int
ecomm_parts(const struct matcher *m, const struct ecomm *e,
    uint32_t peeras)
{
	uint32_t	 mask;

	if (m->ext_ip) {
		if (e->type != ECOMM_T_IPV4)
			return 0;
		mask = m->iplen >= 32 ? 0xffffffffU :
		    ~(0xffffffffU >> m->iplen);
		return (e->ga & mask) == (m->ip & mask) &&
		    part_match(&m->p[1], e->la, peeras);
	}
	return e->type != ECOMM_T_IPV4 &&
	    part_match(&m->p[0], e->ga, peeras) &&
	    part_match(&m->p[1], e->la, peeras);
}

/* One value of the set's kind against one matcher. */
static int
value_m(const struct cset *c, const struct matcher *m, const void *v,
    uint32_t peeras)
{
	const struct lcomm	*l = v;
	const struct ecomm	*x = v;
	uint32_t		 cv;
	char			 buf[ECOMM_STRLEN];

	switch (c->kind) {
	case RPL_SET_COMMUNITY:
		cv = *(const uint32_t *)v;
		if (m->kind == M_REGEX)
			comm_format_num(cv, buf, sizeof(buf));
		else
			return part_match(&m->p[0], COMM_HI(cv), peeras) &&
			    part_match(&m->p[1], COMM_LO(cv), peeras);
		break;
	case RPL_SET_LARGECOMM:
		if (m->kind == M_REGEX)
			lcomm_format(l, buf, sizeof(buf));
		else
			return part_match(&m->p[0], l->ga, peeras) &&
			    part_match(&m->p[1], l->l1, peeras) &&
			    part_match(&m->p[2], l->l2, peeras);
		break;
	case RPL_SET_EXT_OPAQUE:
		/* opaque values are colors (the one use xrsh has) */
		return ecomm_is_color(x) &&
		    part_match(&m->p[0], ecomm_color_value(x), peeras);
	case RPL_SET_RD:
		/* an RD is not an extcommunity: rd in reads no route value */
		return 0;
	default:
		if (x->subtype != (c->kind == RPL_SET_EXT_SOO ? ECOMM_ST_SOO :
		    ECOMM_ST_RT))
			return 0;
		if (m->kind == M_REGEX)
			ecomm_format_value(x, buf, sizeof(buf));
		else
			return ecomm_parts(m, x, peeras);
		break;
	}
	return regex_match(&m->rx, buf, strlen(buf));
}

static int
value_in(const struct cset *c, const void *v, uint32_t peeras)
{
	size_t	 i;

	if (c->kind == RPL_SET_COMMUNITY && hash_has(c, *(const uint32_t *)v))
		return 1;
	for (i = 0; i < c->nslow; i++)
		if (value_m(c, &c->m[c->slow[i]], v, peeras))
			return 1;
	return 0;
}

static size_t
value_size(enum rpl_set_kind kind)
{
	switch (kind) {
	case RPL_SET_COMMUNITY:
		return sizeof(uint32_t);
	case RPL_SET_LARGECOMM:
		return sizeof(struct lcomm);
	default:
		return sizeof(struct ecomm);
	}
}

int
rpl_cset_elem(const struct rpl_set *set, int kind, const void *v,
    uint32_t peeras)
{
	const struct cset	*c = usable(set, kind);

	return c != NULL && value_in(c, v, peeras);
}

/*
 * rpl_cset_cond() with a filter: with subtype >= 0 the values are
 * extcommunities and those of another subtype are skipped.
 */
static int
cond_values(const struct cset *c, unsigned op, const char *v, size_t n,
    int subtype, uint32_t peeras)
{
	size_t	 i, j, sz = value_size(c->kind), seen = 0;
	int	 hit;

#define SKIP(j) (subtype >= 0 && \
	!ecomm_is_kind((const struct ecomm *)(v + (j) * sz), (uint8_t)subtype))
	switch (op) {
	case RPL_MATCH_EVERY:
		if (c->nm == 0)
			return 0;
		for (i = 0; i < c->nm; i++) {
			for (hit = 0, j = 0; j < n && !hit; j++)
				hit = !SKIP(j) &&
				    value_m(c, &c->m[i], v + j * sz, peeras);
			if (!hit)
				return 0;
		}
		return 1;
	case RPL_MATCH_WITHIN:
		for (j = 0; j < n; j++) {
			if (SKIP(j))
				continue;
			seen++;
			if (!value_in(c, v + j * sz, peeras))
				return 0;
		}
		return seen > 0;
	default:
		for (j = 0; j < n; j++)
			if (!SKIP(j) && value_in(c, v + j * sz, peeras))
				return 1;
		return 0;
	}
#undef SKIP
}

int
rpl_cset_cond(const struct rpl_set *set, int kind, unsigned op,
    const void *values, size_t n, uint32_t peeras)
{
	const struct cset	*c;

	if (op == RPL_MATCH_IS_EMPTY)
		return n == 0;
	if ((c = usable(set, kind)) == NULL)
		return 0;
	return cond_values(c, op, values, n, -1, peeras);
}

int
rpl_cset_cond_ecomm(const struct rpl_set *set, int kind, unsigned op,
    const struct ecomm *v, size_t n, uint8_t subtype, uint32_t peeras)
{
	const struct cset	*c;
	size_t			 i;

	if (op == RPL_MATCH_IS_EMPTY) {
		for (i = 0; i < n; i++)
			if (ecomm_is_kind(&v[i], subtype))
				return 0;
		return 1;
	}
	if ((c = usable(set, kind)) == NULL)
		return 0;
	return cond_values(c, op, (const char *)v, n, subtype, peeras);
}

/* The values of m's first np parts (peeras resolved); -1 unless each
   names exactly one. */
static int
parts_value(const struct matcher *m, size_t np, uint32_t peeras,
    uint32_t *v)
{
	size_t	 i;

	if (m->kind != M_PARTS)
		return -1;
	for (i = 0; i < np; i++) {
		if (m->p[i].peeras) {
			if (peeras == 0)
				return -1;
			v[i] = peeras;
		} else if (m->p[i].lo != m->p[i].hi)
			return -1;
		else
			v[i] = m->p[i].lo;
	}
	return 0;
}

/* The one value matcher m names, or -1. */
static int
value_of(const struct cset *c, const struct matcher *m, uint32_t peeras,
    union cvalue *out)
{
	uint32_t	 v[3];

	memset(out, 0, sizeof(*out));
	switch (c->kind) {
	case RPL_SET_COMMUNITY:
		if (parts_value(m, 2, peeras, v) == -1 || v[0] > 65535 ||
		    v[1] > 65535)
			return -1;
		out->comm = COMM_MAKE(v[0], v[1]);
		return 0;
	case RPL_SET_LARGECOMM:
		if (parts_value(m, 3, peeras, v) == -1)
			return -1;
		out->lc.ga = v[0];
		out->lc.l1 = v[1];
		out->lc.l2 = v[2];
		return 0;
	case RPL_SET_EXT_OPAQUE:
		/* set extcommunity color: each number a Color community */
		if (parts_value(m, 1, peeras, v) == -1)
			return -1;
		out->ec = ecomm_color(v[0]);
		return 0;
	case RPL_SET_RD:
		return -1;
	default:
		/* an A.B.C.D form leaves part 0 empty: it takes the address */
		if (parts_value(m, 2, peeras, v) == -1 ||
		    (m->ext_ip && m->iplen != 32))
			return -1;
		out->ec.subtype = c->kind == RPL_SET_EXT_SOO ? ECOMM_ST_SOO :
		    ECOMM_ST_RT;
		out->ec.la = v[1];
		if (m->ext_ip) {
			out->ec.type = ECOMM_T_IPV4;
			out->ec.ga = m->ip;
		} else {
			out->ec.ga = v[0];
			out->ec.type = v[0] > 65535 ? ECOMM_T_AS4 :
			    ECOMM_T_AS2;
		}
		return 0;
	}
}

int
rpl_cset_values(const struct rpl_set *set, int kind, uint32_t peeras,
    void (*cb)(const void *, void *), void *arg)
{
	const struct cset	*c = usable(set, kind);
	union cvalue		 v;
	size_t			 i;
	int			 skipped = 0;

	if (c == NULL)
		return set != NULL ? (int)set->nelems : 0;
	for (i = 0; i < c->nm; i++) {
		if (value_of(c, &c->m[i], peeras, &v) == -1)
			skipped++;
		else
			cb(&v, arg);
	}
	return skipped;
}
