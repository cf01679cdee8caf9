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
 * so matching never allocates.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pfxtrie.h"
#include "core/rpl.h"
#include "core/rpl_compile.h"

struct part_m {
	uint32_t	 lo, hi;
	uint8_t		 peeras;	/* value is the neighbor's AS */
};

struct regex_m {
	pcre2_code		*re;
	pcre2_match_data	*md;
};

enum { M_PARTS, M_REGEX, M_ASP };

struct matcher {
	uint8_t		 kind;
	uint8_t		 concrete;	/* every part one value, no peeras */
	uint8_t		 ext_ip;	/* ext: A.B.C.D[/M]:N form */
	uint8_t		 iplen;
	uint32_t	 ip;		/* host order */
	struct part_m	 p[3];
	struct regex_m	 rx;
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
	uint64_t	*hash;		/* community | 1 << 32; 0 = empty */
	uint32_t	 hmask;
	size_t		*slow;		/* matchers not in the hash */
	size_t		 nslow;
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

static int
regex_compile(struct regex_m *rx, const char *ios, char *err, size_t errlen)
{
	char		 pat[1024];
	int		 ec;
	PCRE2_SIZE	 eo;
	PCRE2_UCHAR	 msg[128];

	if (aspath_regex_translate(ios, pat, sizeof(pat)) == -1) {
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
	(void)pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE);
	rx->md = pcre2_match_data_create_from_pattern(rx->re, NULL);
	if (rx->md == NULL) {
		pcre2_code_free(rx->re);
		rx->re = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
regex_match(const struct regex_m *rx, const char *s)
{
	if (rx->re == NULL)
		return 0;
	return pcre2_match(rx->re, (PCRE2_SPTR)s, strlen(s), 0, 0, rx->md,
	    NULL) >= 0;
}

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

static int
hash_build(struct cset *c)
{
	size_t		 i, n = 0, cap = 8;
	uint32_t	 h, v;

	for (i = 0; i < c->nm; i++)
		n += c->m[i].concrete;
	while (cap < n * 2)
		cap *= 2;
	if ((c->hash = calloc(cap, sizeof(*c->hash))) == NULL)
		return -1;
	if ((c->slow = calloc(c->nm + 1, sizeof(*c->slow))) == NULL)
		return -1;
	c->hmask = (uint32_t)cap - 1;
	for (i = 0; i < c->nm; i++) {
		if (!c->m[i].concrete) {
			c->slow[c->nslow++] = i;
			continue;
		}
		v = (c->m[i].p[0].lo << 16) | (c->m[i].p[1].lo & 0xffff);
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

	for (h = hash32(v) & c->hmask; c->hash[h] != 0; h = (h + 1) & c->hmask)
		if ((uint32_t)c->hash[h] == v)
			return 1;
	return 0;
}

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

static int
compile_comm(struct cset *c, const struct rpl_set *set, char *err,
    size_t errlen)
{
	size_t			 i;
	struct matcher		*m;
	const struct rpl_comm_elem *e;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i].u.comm;
		m = &c->m[c->nm++];
		if (e->kind == RPL_COMM_REGEX) {
			m->kind = M_REGEX;
			if (regex_compile(&m->rx, e->re.text, err, errlen) == -1)
				return -1;
			continue;
		}
		m->kind = M_PARTS;
		if (e->kind == RPL_COMM_WELLKNOWN &&
		    e->hi.kind != RPL_PART_VALUE) {
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
	return hash_build(c);
}

static int
compile_large(struct cset *c, const struct rpl_set *set, char *err,
    size_t errlen)
{
	size_t			 i, k;
	struct matcher		*m;
	const struct rpl_large_elem *e;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i].u.lc;
		m = &c->m[c->nm++];
		if (e->kind == RPL_LARGE_REGEX) {
			m->kind = M_REGEX;
			if (regex_compile(&m->rx, e->re.text, err, errlen) == -1)
				return -1;
			continue;
		}
		m->kind = M_PARTS;
		for (k = 0; k < 3; k++)
			part_set(&m->p[k], &e->p[k], UINT32_MAX, &c->unresolved);
	}
	return 0;
}

static int
compile_ext(struct cset *c, const struct rpl_set *set, char *err,
    size_t errlen)
{
	size_t			 i;
	struct matcher		*m;
	const struct rpl_ext_elem *e;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i].u.ext;
		m = &c->m[c->nm++];
		if (e->kind == RPL_EXT_REGEX) {
			m->kind = M_REGEX;
			if (regex_compile(&m->rx, e->re.text, err, errlen) == -1)
				return -1;
			continue;
		}
		m->kind = M_PARTS;
		if (e->kind == RPL_EXT_IP) {
			m->ext_ip = 1;
			m->iplen = e->iplen ? e->iplen : 32;
			m->ip = ((uint32_t)e->ip.a[0] << 24) |
			    ((uint32_t)e->ip.a[1] << 16) |
			    ((uint32_t)e->ip.a[2] << 8) | e->ip.a[3];
			part_set(&m->p[1], &e->val, 65535, &c->unresolved);
		} else {
			part_set(&m->p[0], &e->asn, UINT32_MAX,
			    &c->unresolved);
			part_set(&m->p[1], &e->val, UINT32_MAX,
			    &c->unresolved);
		}
	}
	return 0;
}

static int
compile_aspath(struct cset *c, const struct rpl_set *set, char *err,
    size_t errlen)
{
	size_t			 i, k;
	struct matcher		*m;
	const struct rpl_aspath_elem *e;

	for (i = 0; i < set->nelems; i++) {
		e = &set->elems[i].u.asp;
		m = &c->m[c->nm++];
		m->asp = e;
		if (e->kind == RPL_ASP_REGEX) {
			m->kind = M_REGEX;
			if (regex_compile(&m->rx, e->re.text, err, errlen) == -1)
				return -1;
			continue;
		}
		m->kind = M_ASP;
		if (e->n.param != NULL)
			c->unresolved = 1;
		if (e->list.n == 0)
			continue;
		m->list = calloc(e->list.n, sizeof(*m->list));
		if (m->list == NULL)
			return -1;
		m->nlist = e->list.n;
		for (k = 0; k < e->list.n; k++) {
			struct part_m pm;

			part_set(&pm, &e->list.v[k], UINT32_MAX,
			    &c->unresolved);
			m->list[k].lo = pm.lo;
			m->list[k].hi = pm.hi;
		}
	}
	return 0;
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
	int		 rc = 0;

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
	switch (set->kind) {
	case RPL_SET_PREFIX:
		rc = compile_prefix(c, set);
		break;
	case RPL_SET_COMMUNITY:
		rc = compile_comm(c, set, err, errlen);
		break;
	case RPL_SET_LARGECOMM:
		rc = compile_large(c, set, err, errlen);
		break;
	case RPL_SET_EXT_RT:
	case RPL_SET_EXT_SOO:
		rc = compile_ext(c, set, err, errlen);
		break;
	case RPL_SET_ASPATH:
		rc = compile_aspath(c, set, err, errlen);
		break;
	default:
		break;
	}
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

/* The compiled form if usable for `kind`, else NULL. */
static const struct cset *
usable(const struct rpl_set *set, enum rpl_set_kind kind)
{
	const struct cset	*c;

	if (set == NULL || (c = set->compiled) == NULL || c->unresolved)
		return NULL;
	if (c->kind != kind &&
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

static int
cmp_ok(unsigned op, uint32_t v, uint32_t n)
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
asp_match(const struct matcher *m, const struct aspath *p, const char *str)
{
	const struct rpl_aspath_elem	*e = m->asp;

	if (m->kind == M_REGEX)
		return regex_match(&m->rx, str);
	switch (e->kind) {
	case RPL_ASP_LENGTH:
		return cmp_ok(e->cmp, aspath_length(p, e->all), e->n.v);
	case RPL_ASP_UNIQUE_LENGTH:
		return cmp_ok(e->cmp, aspath_unique_length(p, e->all), e->n.v);
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
    const char *str)
{
	const struct cset	*c = usable(set, RPL_SET_ASPATH);
	size_t			 i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nm; i++)
		if (asp_match(&c->m[i], p, str))
			return 1;
	return 0;
}

static int
comm_m(const struct matcher *m, uint32_t v, uint32_t peeras)
{
	char	 buf[COMM_STRLEN];

	if (m->kind == M_REGEX) {
		comm_format_num(v, buf, sizeof(buf));
		return regex_match(&m->rx, buf);
	}
	return part_match(&m->p[0], COMM_HI(v), peeras) &&
	    part_match(&m->p[1], COMM_LO(v), peeras);
}

int
rpl_cset_comm_elem(const struct rpl_set *set, uint32_t v, uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_COMMUNITY);
	size_t			 i;

	if (c == NULL)
		return 0;
	if (hash_has(c, v))
		return 1;
	for (i = 0; i < c->nslow; i++)
		if (comm_m(&c->m[c->slow[i]], v, peeras))
			return 1;
	return 0;
}

static int
lcomm_m(const struct matcher *m, const struct lcomm *l, uint32_t peeras)
{
	char	 buf[LCOMM_STRLEN];

	if (m->kind == M_REGEX) {
		lcomm_format(l, buf, sizeof(buf));
		return regex_match(&m->rx, buf);
	}
	return part_match(&m->p[0], l->ga, peeras) &&
	    part_match(&m->p[1], l->l1, peeras) &&
	    part_match(&m->p[2], l->l2, peeras);
}

int
rpl_cset_lcomm_elem(const struct rpl_set *set, const struct lcomm *l,
    uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_LARGECOMM);
	size_t			 i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nm; i++)
		if (lcomm_m(&c->m[i], l, peeras))
			return 1;
	return 0;
}

static int
ecomm_m(const struct matcher *m, enum rpl_set_kind kind,
    const struct ecomm *e, uint32_t peeras)
{
	char		 buf[ECOMM_STRLEN];
	uint32_t	 mask;

	if (e->subtype != (kind == RPL_SET_EXT_SOO ? ECOMM_ST_SOO :
	    ECOMM_ST_RT))
		return 0;
	if (m->kind == M_REGEX) {
		ecomm_format_value(e, buf, sizeof(buf));
		return regex_match(&m->rx, buf);
	}
	if (m->ext_ip) {
		if (e->type != ECOMM_T_IPV4)
			return 0;
		mask = m->iplen >= 32 ? 0xffffffffU :
		    ~(0xffffffffU >> m->iplen);
		return (e->ga & mask) == (m->ip & mask) &&
		    part_match(&m->p[1], e->la, peeras);
	}
	if (e->type == ECOMM_T_IPV4)
		return 0;
	return part_match(&m->p[0], e->ga, peeras) &&
	    part_match(&m->p[1], e->la, peeras);
}

int
rpl_cset_ecomm_elem(const struct rpl_set *set, const struct ecomm *e,
    uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_EXT_RT);
	size_t			 i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nm; i++)
		if (ecomm_m(&c->m[i], c->kind, e, peeras))
			return 1;
	return 0;
}

int
rpl_cset_comm_every(const struct rpl_set *set, const uint32_t *v, size_t n,
    uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_COMMUNITY);
	size_t			 i, j;
	int			 hit;

	if (c == NULL || c->nm == 0)
		return 0;
	for (i = 0; i < c->nm; i++) {
		for (hit = 0, j = 0; j < n && !hit; j++)
			hit = comm_m(&c->m[i], v[j], peeras);
		if (!hit)
			return 0;
	}
	return 1;
}

int
rpl_cset_lcomm_every(const struct rpl_set *set, const struct lcomm *v,
    size_t n, uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_LARGECOMM);
	size_t			 i, j;
	int			 hit;

	if (c == NULL || c->nm == 0)
		return 0;
	for (i = 0; i < c->nm; i++) {
		for (hit = 0, j = 0; j < n && !hit; j++)
			hit = lcomm_m(&c->m[i], &v[j], peeras);
		if (!hit)
			return 0;
	}
	return 1;
}

int
rpl_cset_ecomm_every(const struct rpl_set *set, const struct ecomm *v,
    size_t n, uint32_t peeras)
{
	const struct cset	*c = usable(set, RPL_SET_EXT_RT);
	size_t			 i, j;
	int			 hit;

	if (c == NULL || c->nm == 0)
		return 0;
	for (i = 0; i < c->nm; i++) {
		for (hit = 0, j = 0; j < n && !hit; j++)
			hit = ecomm_m(&c->m[i], c->kind, &v[j], peeras);
		if (!hit)
			return 0;
	}
	return 1;
}

/* A part that names one value (peeras resolved); -1 if it does not. */
static int
part_value(const struct part_m *pm, uint32_t peeras, uint32_t *v)
{
	if (pm->peeras) {
		if (peeras == 0)
			return -1;
		*v = peeras;
		return 0;
	}
	if (pm->lo != pm->hi)
		return -1;
	*v = pm->lo;
	return 0;
}

int
rpl_cset_comm_values(const struct rpl_set *set, uint32_t peeras,
    void (*cb)(uint32_t, void *), void *arg)
{
	const struct cset	*c = usable(set, RPL_SET_COMMUNITY);
	size_t			 i;
	int			 skipped = 0;
	uint32_t		 hi, lo;

	if (c == NULL)
		return set != NULL ? (int)set->nelems : 0;
	for (i = 0; i < c->nm; i++) {
		if (c->m[i].kind != M_PARTS ||
		    part_value(&c->m[i].p[0], peeras, &hi) == -1 ||
		    part_value(&c->m[i].p[1], peeras, &lo) == -1 ||
		    hi > 65535 || lo > 65535) {
			skipped++;
			continue;
		}
		cb(COMM_MAKE(hi, lo), arg);
	}
	return skipped;
}

int
rpl_cset_lcomm_values(const struct rpl_set *set, uint32_t peeras,
    void (*cb)(const struct lcomm *, void *), void *arg)
{
	const struct cset	*c = usable(set, RPL_SET_LARGECOMM);
	size_t			 i;
	int			 skipped = 0;
	struct lcomm		 l;

	if (c == NULL)
		return set != NULL ? (int)set->nelems : 0;
	for (i = 0; i < c->nm; i++) {
		if (c->m[i].kind != M_PARTS ||
		    part_value(&c->m[i].p[0], peeras, &l.ga) == -1 ||
		    part_value(&c->m[i].p[1], peeras, &l.l1) == -1 ||
		    part_value(&c->m[i].p[2], peeras, &l.l2) == -1) {
			skipped++;
			continue;
		}
		cb(&l, arg);
	}
	return skipped;
}

int
rpl_cset_ecomm_values(const struct rpl_set *set, uint32_t peeras,
    void (*cb)(const struct ecomm *, void *), void *arg)
{
	const struct cset	*c = usable(set, RPL_SET_EXT_RT);
	size_t			 i;
	int			 skipped = 0;
	struct ecomm		 e;

	if (c == NULL)
		return set != NULL ? (int)set->nelems : 0;
	for (i = 0; i < c->nm; i++) {
		const struct matcher *m = &c->m[i];

		memset(&e, 0, sizeof(e));
		e.subtype = c->kind == RPL_SET_EXT_SOO ? ECOMM_ST_SOO :
		    ECOMM_ST_RT;
		if (m->kind != M_PARTS ||
		    part_value(&m->p[1], peeras, &e.la) == -1 ||
		    (!m->ext_ip &&
		    part_value(&m->p[0], peeras, &e.ga) == -1) ||
		    (m->ext_ip && m->iplen != 32)) {
			skipped++;
			continue;
		}
		if (m->ext_ip) {
			e.type = ECOMM_T_IPV4;
			e.ga = m->ip;
		} else
			e.type = e.ga > 65535 ? ECOMM_T_AS4 : ECOMM_T_AS2;
		cb(&e, arg);
	}
	return skipped;
}
