/*
 * rpl_sets: set elements, text to typed values.  One parser per set kind
 * (prefix, community, as-path, extcommunity rt/soo and rd-set, which share
 * the ASN:N / A.B.C.D[/M]:N forms, extcommunity opaque, large-community), each
 * reading the tokens of one element and checking every range the way XR
 * does at definition time.  Printing is in rpl_print.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_int.h"

#define MAX16	65535U
#define MAX32	4294967295U

static int
u32_of(const char *s, uint32_t max, uint32_t *v)
{
	return parse_u32(s, 0, max, v);
}

static int
dupparam(char **dst, const char *s, size_t n)
{
	if ((*dst = strndup(s, n)) == NULL)
		return -1;
	return 0;
}

/*
 * One part of a value (community half, large-community part, ...) from
 * text s[0..n-1]: N, *, [a..b] (ends may be $p), $p, and for community
 * high halves private-as / peeras.  `what` names the part in errors.
 */
#define PART_PRIVATE	0x01
#define PART_PEERAS	0x02
#define PART_PARAM	0x04
static int
part_parse(const char *s, size_t n, uint32_t max, unsigned allow,
    struct rpl_part *p, unsigned *flags, const struct rpl_tok *t,
    struct rpl_err *err)
{
	char	 buf[64];

	memset(p, 0, sizeof(*p));
	if (n == 0 || n >= sizeof(buf)) {
		rpl_err_at(err, t, "invalid value");
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "*") == 0) {
		p->kind = RPL_PART_ANY;
		p->hi = max;
		return 0;
	}
	if ((allow & PART_PRIVATE) && strcmp(buf, "private-as") == 0) {
		p->kind = RPL_PART_PRIVATE_AS;
		p->lo = 64512;
		p->hi = 65534;
		return 0;
	}
	if ((allow & PART_PEERAS) && strcmp(buf, "peeras") == 0) {
		p->kind = RPL_PART_PEERAS;
		*flags |= RPL_SETF_PEERAS;
		return 0;
	}
	if (buf[0] == '$') {
		if (!(allow & PART_PARAM) || !rpl_is_param(buf)) {
			rpl_err_at(err, t, (allow & PART_PARAM) ?
			    "invalid parameter name '%s'" :
			    "parameter '%s' not allowed here", buf);
			return -1;
		}
		p->kind = RPL_PART_PARAM;
		*flags |= RPL_SETF_PARAM;
		return dupparam(&p->lo_param, buf, n);
	}
	if (buf[0] == '[') {
		char	*dots, *lo = buf + 1, *hi;

		if (buf[n - 1] != ']' || (dots = strstr(buf, "..")) == NULL) {
			rpl_err_at(err, t, "invalid range '%s': expected "
			    "[low..high]", buf);
			return -1;
		}
		buf[n - 1] = '\0';
		*dots = '\0';
		hi = dots + 2;
		p->kind = RPL_PART_RANGE;
		if (*lo == '$') {
			if (!(allow & PART_PARAM) || !rpl_is_param(lo)) {
				rpl_err_at(err, t, "invalid range start '%s'",
				    lo);
				return -1;
			}
			*flags |= RPL_SETF_PARAM;
			if ((p->lo_param = strdup(lo)) == NULL)
				return -1;
		} else if (u32_of(lo, max, &p->lo) == -1) {
			rpl_err_at(err, t, "range start '%s' out of range "
			    "0-%u", lo, max);
			return -1;
		}
		if (*hi == '$') {
			if (!(allow & PART_PARAM) || !rpl_is_param(hi)) {
				rpl_err_at(err, t, "invalid range end '%s'",
				    hi);
				return -1;
			}
			*flags |= RPL_SETF_PARAM;
			if ((p->hi_param = strdup(hi)) == NULL)
				return -1;
		} else if (u32_of(hi, max, &p->hi) == -1) {
			rpl_err_at(err, t, "range end '%s' out of range "
			    "0-%u", hi, max);
			return -1;
		}
		if (p->lo_param == NULL && p->hi_param == NULL &&
		    p->lo > p->hi) {
			rpl_err_at(err, t, "invalid range [%u..%u]: start is "
			    "greater than end", p->lo, p->hi);
			return -1;
		}
		return 0;
	}
	if (!isdigit((unsigned char)buf[0])) {
		rpl_err_at(err, t, "invalid value '%s'", buf);
		return -1;
	}
	if (u32_of(buf, max, &p->lo) == -1) {
		rpl_err_at(err, t, "value %s out of range 0-%u", buf, max);
		return -1;
	}
	p->kind = RPL_PART_VALUE;
	p->hi = p->lo;
	return 0;
}

/* ios-regex 'x' / dfa-regex 'x' at v[0..1]; 1 if it is one, -1 error. */
static int
regex_parse(const struct rpl_tok *v, size_t n, struct rpl_regex *re,
    struct rpl_err *err)
{
	int	 dfa;

	if (strcmp(v[0].s, "ios-regex") == 0)
		dfa = 0;
	else if (strcmp(v[0].s, "dfa-regex") == 0)
		dfa = 1;
	else
		return 0;
	if (n < 2 || v[1].type != RPL_T_QUOTED) {
		rpl_err_at(err, n < 2 ? &v[0] : &v[1],
		    "%s needs a quoted expression: %s '<regex>'", v[0].s,
		    v[0].s);
		return -1;
	}
	if (n > 2) {
		rpl_err_at(err, &v[2], "unexpected '%s' (missing ','?)",
		    v[2].s);
		return -1;
	}
	re->dfa = (uint8_t)dfa;
	if ((re->text = strdup(v[1].s)) == NULL) {
		rpl_err_at(err, NULL, "out of memory");
		return -1;
	}
	return 1;
}

static int
trailing(const struct rpl_tok *v, size_t n, size_t used, struct rpl_err *err)
{
	if (n > used) {
		rpl_err_at(err, &v[used], "unexpected '%s' (missing ','?)",
		    v[used].s);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- prefix */

static int
pfxlen_arg(const struct rpl_tok *v, size_t n, size_t i, unsigned max,
    unsigned min, uint8_t *out, struct rpl_err *err)
{
	uint32_t	 x;

	if (i + 1 >= n || v[i + 1].type != RPL_T_WORD) {
		rpl_err_at(err, i + 1 < n ? &v[i + 1] : &v[i],
		    "'%s' needs a prefix length", v[i].s);
		return -1;
	}
	if (parse_u32(v[i + 1].s, 0, 255, &x) == -1 || x > max || x < min) {
		rpl_err_at(err, &v[i + 1], "invalid %s length '%s': must be "
		    "%u-%u", v[i].s, v[i + 1].s, min, max);
		return -1;
	}
	*out = (uint8_t)x;
	return 0;
}

static int
pfx_parse(const struct rpl_tok *v, size_t n, struct rpl_pfx_elem *e,
    struct rpl_err *err)
{
	const char	*s = v[0].s, *slash;
	unsigned	 max;
	size_t		 i = 1;

	if (v[0].type != RPL_T_WORD) {
		rpl_err_at(err, &v[0], "expected a prefix");
		return -1;
	}
	if ((slash = strchr(s, '/')) != NULL) {
		char		 abuf[ADDR_STRLEN + 1];
		uint32_t	 len;

		if ((size_t)(slash - s) >= sizeof(abuf) ||
		    (memcpy(abuf, s, (size_t)(slash - s)),
		    abuf[slash - s] = '\0',
		    addr_parse(abuf, &e->pfx.addr) == -1)) {
			rpl_err_at(err, &v[0], "invalid prefix '%s'", s);
			return -1;
		}
		max = e->pfx.addr.af == AF_V4 ? 32 : 128;
		if (parse_u32(slash + 1, 0, max, &len) == -1) {
			rpl_err_at(err, &v[0], "invalid prefix length in "
			    "'%s': must be 0-%u", s, max);
			return -1;
		}
		e->pfx.len = (uint8_t)len;
	} else {
		if (addr_parse(s, &e->pfx.addr) == -1) {
			rpl_err_at(err, &v[0], "invalid prefix '%s'", s);
			return -1;
		}
		max = e->pfx.addr.af == AF_V4 ? 32 : 128;
		e->pfx.len = (uint8_t)max;
		e->nolen = 1;
	}
	if (i < n && v[i].type == RPL_T_WORD && (strcmp(v[i].s, "ge") == 0 ||
	    strcmp(v[i].s, "le") == 0 || strcmp(v[i].s, "eq") == 0) &&
	    e->nolen) {
		rpl_err_at(err, &v[i], "'%s' needs a prefix with a mask "
		    "length", v[i].s);
		return -1;
	}
	if (i < n && strcmp(v[i].s, "eq") == 0) {
		if (pfxlen_arg(v, n, i, max, e->pfx.len, &e->ge, err) == -1)
			return -1;
		e->le = e->ge;
		e->eq = 1;
		i += 2;
	} else {
		if (i < n && strcmp(v[i].s, "ge") == 0) {
			if (pfxlen_arg(v, n, i, max, e->pfx.len, &e->ge,
			    err) == -1)
				return -1;
			i += 2;
		}
		if (i < n && strcmp(v[i].s, "le") == 0) {
			if (pfxlen_arg(v, n, i, max, e->pfx.len, &e->le,
			    err) == -1)
				return -1;
			if (e->ge != 0 && e->le < e->ge) {
				rpl_err_at(err, &v[i + 1], "le %u is less "
				    "than ge %u", e->le, e->ge);
				return -1;
			}
			i += 2;
		}
	}
	return trailing(v, n, i, err);
}

/* ---------------------------------------------------------- community */

static const struct {
	const char	*name;
	uint8_t		 wk;
	uint16_t	 hi, lo;
} wellknown[] = {
	{ "internet",		RPL_WK_INTERNET,	0,	0 },
	{ "no-export",		RPL_WK_NO_EXPORT,	65535,	65281 },
	{ "no-advertise",	RPL_WK_NO_ADVERTISE,	65535,	65282 },
	{ "local-AS",		RPL_WK_LOCAL_AS,	65535,	65283 },
	{ "accept-own",		RPL_WK_ACCEPT_OWN,	65535,	1 },
	{ "graceful-shutdown",	RPL_WK_GRACEFUL_SHUTDOWN, 65535, 0 },
};

int
rpl_wellknown_lookup(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (strcmp(s, wellknown[i].name) == 0 ||
		    (wellknown[i].wk == RPL_WK_LOCAL_AS &&
		    strcmp(s, "local-as") == 0))
			return wellknown[i].wk;
	return RPL_WK_NONE;
}

const char *
rpl_wellknown_name(unsigned wk)
{
	size_t	 i;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (wellknown[i].wk == wk)
			return wellknown[i].name;
	return "?";
}

static int
comm_parse(const struct rpl_tok *v, size_t n, struct rpl_comm_elem *e,
    unsigned allow, unsigned *flags, struct rpl_err *err)
{
	const char	*s = v[0].s, *colon;
	size_t		 i;
	int		 r;

	if (v[0].type != RPL_T_WORD) {
		rpl_err_at(err, &v[0], "expected a community value");
		return -1;
	}
	if ((r = regex_parse(v, n, &e->re, err)) != 0) {
		e->kind = RPL_COMM_REGEX;
		return r == 1 ? 0 : -1;
	}
	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++) {
		if (rpl_wellknown_lookup(s) != wellknown[i].wk)
			continue;
		e->kind = RPL_COMM_WELLKNOWN;
		e->wk = wellknown[i].wk;
		e->hi.lo = e->hi.hi = wellknown[i].hi;
		e->lo.lo = e->lo.hi = wellknown[i].lo;
		return trailing(v, n, 1, err);
	}
	if (strcmp(s, "*") == 0) {
		/* any community, as Cisco's `matches-any (*)` example writes */
		e->kind = RPL_COMM_PARTS;
		e->star = 1;
		e->hi.kind = e->lo.kind = RPL_PART_ANY;
		e->hi.hi = e->lo.hi = MAX16;
		return trailing(v, n, 1, err);
	}
	if ((colon = strchr(s, ':')) == NULL || strchr(colon + 1, ':')) {
		rpl_err_at(err, &v[0], "invalid community '%s': expected "
		    "<0-65535>:<0-65535>, a well-known name or a regex", s);
		return -1;
	}
	e->kind = RPL_COMM_PARTS;
	if (part_parse(s, (size_t)(colon - s), MAX16,
	    allow | PART_PRIVATE, &e->hi, flags, &v[0], err) == -1)
		return -1;
	if (part_parse(colon + 1, strlen(colon + 1), MAX16,
	    allow & ~PART_PEERAS, &e->lo, flags, &v[0], err) == -1)
		return -1;
	return trailing(v, n, 1, err);
}

/* ------------------------------------------------------------ as-path */

static int
cmp_parse(const struct rpl_tok *t, uint8_t *cmp)
{
	static const char *const names[] = { "eq", "is", "ge", "le" };
	size_t	 i;

	for (i = 0; i < 4; i++)
		if (t->type == RPL_T_WORD && strcmp(t->s, names[i]) == 0) {
			*cmp = (uint8_t)i;
			return 0;
		}
	return -1;
}

/* Number or $param. */
int
rpl_num_parse(const struct rpl_tok *t, uint32_t lo, uint32_t hi,
    int allow_param, struct rpl_num *num, struct rpl_err *err)
{
	memset(num, 0, sizeof(*num));
	if (t->type != RPL_T_WORD) {
		rpl_err_at(err, t, "expected a number");
		return -1;
	}
	if (t->s[0] == '$') {
		if (!allow_param || !rpl_is_param(t->s)) {
			rpl_err_at(err, t, allow_param ? "invalid parameter "
			    "name '%s'" : "parameter '%s' not allowed here",
			    t->s);
			return -1;
		}
		if ((num->param = strdup(t->s)) == NULL) {
			rpl_err_at(err, NULL, "out of memory");
			return -1;
		}
		return 0;
	}
	if (!isdigit((unsigned char)t->s[0])) {
		rpl_err_at(err, t, "expected a number, got '%s'", t->s);
		return -1;
	}
	if (parse_u32(t->s, lo, hi, &num->v) == -1) {
		rpl_err_at(err, t, "value %s out of range %u-%u", t->s, lo,
		    hi);
		return -1;
	}
	return 0;
}

/*
 * '<aslist>': ASNs (asplain or asdot), [lo..hi] ranges and $params
 * separated by blanks.  Columns in errors point into the quoted text.
 */
int
rpl_aslist_parse(const struct rpl_tok *t, int allow_param,
    struct rpl_aslist *l, unsigned *flags, struct rpl_err *err)
{
	const char	*p = t->s;
	size_t		 cap = 0;

	memset(l, 0, sizeof(*l));
	for (;;) {
		const char	*start;
		struct rpl_tok	 sub;
		char		 word[64];
		size_t		 n;
		struct rpl_part	*part;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - start);
		sub.type = RPL_T_WORD;
		sub.line = t->line;
		sub.col = (uint32_t)(t->col + 1 + (start - t->s));
		if (n >= sizeof(word)) {
			sub.s = "";
			rpl_err_at(err, &sub, "AS number too long");
			return -1;
		}
		memcpy(word, start, n);
		word[n] = '\0';
		sub.s = word;
		if (l->n == cap) {
			size_t		 ncap = cap ? cap * 2 : 4;
			struct rpl_part	*nv;

			if ((nv = reallocarray(l->v, ncap, sizeof(*nv)))
			    == NULL) {
				rpl_err_at(err, NULL, "out of memory");
				return -1;
			}
			l->v = nv;
			cap = ncap;
		}
		part = &l->v[l->n];
		memset(part, 0, sizeof(*part));
		if (word[0] != '[' && word[0] != '$') {
			if (asn_parse(word, &part->lo) == -1) {
				rpl_err_at(err, &sub, "invalid AS number "
				    "'%s'", word);
				return -1;
			}
			part->hi = part->lo;
			part->kind = RPL_PART_VALUE;
		} else if (part_parse(word, n, MAX32,
		    allow_param ? PART_PARAM : 0, part, flags, &sub,
		    err) == -1) {
			l->n++;	/* so the caller frees its params */
			return -1;
		}
		l->n++;
	}
	if (l->n == 0) {
		rpl_err_at(err, t, "empty AS list");
		return -1;
	}
	return 0;
}

static int
aspath_parse(const struct rpl_tok *v, size_t n, struct rpl_aspath_elem *e,
    unsigned allow, unsigned *flags, struct rpl_err *err)
{
	const char	*s = v[0].s;
	size_t		 i = 1;
	int		 r;

	if (v[0].type != RPL_T_WORD) {
		rpl_err_at(err, &v[0], "expected an as-path element");
		return -1;
	}
	if ((r = regex_parse(v, n, &e->re, err)) != 0) {
		e->kind = RPL_ASP_REGEX;
		return r == 1 ? 0 : -1;
	}
	if (strcmp(s, "length") == 0 || strcmp(s, "unique-length") == 0) {
		e->kind = s[0] == 'l' ? RPL_ASP_LENGTH : RPL_ASP_UNIQUE_LENGTH;
		if (n < 2 || cmp_parse(&v[1], &e->cmp) == -1) {
			rpl_err_at(err, n < 2 ? &v[0] : &v[1], "%s needs "
			    "eq, is, ge or le", s);
			return -1;
		}
		if (n < 3) {
			rpl_err_at(err, &v[1], "%s %s needs a number", s,
			    v[1].s);
			return -1;
		}
		if (rpl_num_parse(&v[2], 0, 2047, (allow & PART_PARAM) != 0,
		    &e->n, err) == -1)
			return -1;
		if (e->n.param)
			*flags |= RPL_SETF_PARAM;
		i = 3;
		if (i < n && strcmp(v[i].s, "all") == 0) {
			e->all = 1;
			i++;
		}
		return trailing(v, n, i, err);
	}
	if (strcmp(s, "neighbor-is") == 0)
		e->kind = RPL_ASP_NEIGHBOR_IS;
	else if (strcmp(s, "originates-from") == 0)
		e->kind = RPL_ASP_ORIGINATES_FROM;
	else if (strcmp(s, "passes-through") == 0)
		e->kind = RPL_ASP_PASSES_THROUGH;
	else {
		rpl_err_at(err, &v[0], "invalid as-path element '%s'", s);
		return -1;
	}
	if (n < 2 || v[1].type != RPL_T_QUOTED) {
		rpl_err_at(err, n < 2 ? &v[0] : &v[1], "%s needs a quoted "
		    "AS list: %s '<aslist>'", s, s);
		return -1;
	}
	if (rpl_aslist_parse(&v[1], (allow & PART_PARAM) != 0, &e->list,
	    flags, err) == -1)
		return -1;
	i = 2;
	if (i < n && strcmp(v[i].s, "exact") == 0) {
		e->exact = 1;
		i++;
	}
	return trailing(v, n, i, err);
}

/* ------------------------------------------------------- extcommunity */

static int
ext_parse(const struct rpl_tok *v, size_t n, struct rpl_ext_elem *e,
    unsigned allow, unsigned *flags, struct rpl_err *err)
{
	const char	*s = v[0].s, *colon;
	char		 left[64];
	size_t		 ll, dots = 0, i;
	uint32_t	 valmax;
	int		 r;

	if (v[0].type != RPL_T_WORD) {
		rpl_err_at(err, &v[0], "expected an extended community");
		return -1;
	}
	if ((r = regex_parse(v, n, &e->re, err)) != 0) {
		e->kind = RPL_EXT_REGEX;
		return r == 1 ? 0 : -1;
	}
	if ((colon = strrchr(s, ':')) == NULL ||
	    (ll = (size_t)(colon - s)) == 0 || ll >= sizeof(left)) {
		rpl_err_at(err, &v[0], "invalid extended community '%s': "
		    "expected ASN:N or A.B.C.D:N", s);
		return -1;
	}
	memcpy(left, s, ll);
	left[ll] = '\0';
	/* "[1..5]" or "*" are AS parts even though they may hold dots */
	if (left[0] != '[' && left[0] != '*' && left[0] != '$')
		for (i = 0; i < ll; i++)
			dots += left[i] == '.';
	if (dots == 3) {
		char	*slash = strchr(left, '/');

		e->kind = RPL_EXT_IP;
		if (slash != NULL) {
			uint32_t	 m;

			*slash = '\0';
			if (parse_u32(slash + 1, 1, 32, &m) == -1) {
				rpl_err_at(err, &v[0], "invalid mask length "
				    "in '%s'", s);
				return -1;
			}
			e->iplen = (uint8_t)m;
		}
		if (addr_parse_v4(left, &e->ip) == -1) {
			rpl_err_at(err, &v[0], "invalid address '%s'", left);
			return -1;
		}
		valmax = MAX16;
	} else if (dots == 1) {
		e->kind = RPL_EXT_AS4;
		e->asdot = 1;
		if (asn_parse(left, &e->asn.lo) == -1) {
			rpl_err_at(err, &v[0], "invalid AS number '%s'", left);
			return -1;
		}
		e->asn.hi = e->asn.lo;
		valmax = MAX16;
	} else if (dots == 0) {
		if (part_parse(left, ll, MAX32, allow & PART_PARAM, &e->asn,
		    flags, &v[0], err) == -1)
			return -1;
		/* a four-byte ASN leaves 16 bits for the value */
		if (e->asn.kind != RPL_PART_ANY && e->asn.hi > MAX16) {
			e->kind = RPL_EXT_AS4;
			valmax = MAX16;
		} else {
			e->kind = RPL_EXT_AS2;
			valmax = MAX32;
		}
	} else {
		rpl_err_at(err, &v[0], "invalid extended community '%s'", s);
		return -1;
	}
	if (part_parse(colon + 1, strlen(colon + 1), valmax,
	    allow & PART_PARAM, &e->val, flags, &v[0], err) == -1)
		return -1;
	return trailing(v, n, 1, err);
}

/*
 * extcommunity-set opaque: one 32-bit number per element (a color when
 * `set extcommunity color` uses the set); `*` and [lo..hi] match.
 */
static int
opaque_parse(const struct rpl_tok *v, size_t n, struct rpl_ext_elem *e,
    unsigned allow, unsigned *flags, struct rpl_err *err)
{
	const char	*s = v[0].s;

	if (v[0].type != RPL_T_WORD || strchr(s, ':') != NULL ||
	    (!isdigit((unsigned char)s[0]) && s[0] != '*' && s[0] != '[' &&
	    s[0] != '$')) {
		rpl_err_at(err, &v[0], "invalid opaque value '%s': expected "
		    "a number 0-4294967295", v[0].s);
		return -1;
	}
	e->kind = RPL_EXT_OPAQUE;
	if (part_parse(s, strlen(s), MAX32, allow & PART_PARAM, &e->val,
	    flags, &v[0], err) == -1)
		return -1;
	return trailing(v, n, 1, err);
}

/* ---------------------------------------------------- large-community */

static int
large_parse(const struct rpl_tok *v, size_t n, struct rpl_large_elem *e,
    unsigned allow, unsigned *flags, struct rpl_err *err)
{
	const char	*s = v[0].s, *p, *q;
	size_t		 i;
	int		 r;

	if (v[0].type != RPL_T_WORD) {
		rpl_err_at(err, &v[0], "expected a large community");
		return -1;
	}
	if ((r = regex_parse(v, n, &e->re, err)) != 0) {
		e->kind = RPL_LARGE_REGEX;
		return r == 1 ? 0 : -1;
	}
	e->kind = RPL_LARGE_PARTS;
	p = s;
	for (i = 0; i < 3; i++) {
		q = strchr(p, ':');
		if ((i < 2 && q == NULL) || (i == 2 && q != NULL)) {
			rpl_err_at(err, &v[0], "invalid large community '%s': "
			    "expected <global>:<local1>:<local2>", s);
			return -1;
		}
		if (q == NULL)
			q = p + strlen(p);
		if (part_parse(p, (size_t)(q - p), MAX32, allow & PART_PARAM,
		    &e->p[i], flags, &v[0], err) == -1)
			return -1;
		p = q + 1;
	}
	return trailing(v, n, 1, err);
}

int
rpl_elem_parse(enum rpl_set_kind kind, const struct rpl_tok *v, size_t n,
    struct rpl_elem *e, unsigned *flags, struct rpl_err *err)
{
	unsigned	 allow = PART_PARAM | PART_PEERAS;
	int		 r;

	memset(e, 0, sizeof(*e));
	e->line = rpl_pos16(v[0].line);
	e->col = rpl_pos16(v[0].col);
	switch (kind) {
	case RPL_SET_PREFIX:
		r = pfx_parse(v, n, &e->u.pfx, err);
		break;
	case RPL_SET_COMMUNITY:
		r = comm_parse(v, n, &e->u.comm, allow, flags, err);
		break;
	case RPL_SET_ASPATH:
		r = aspath_parse(v, n, &e->u.asp, allow, flags, err);
		break;
	case RPL_SET_EXT_RT:
	case RPL_SET_EXT_SOO:
	case RPL_SET_RD:
		r = ext_parse(v, n, &e->u.ext, allow, flags, err);
		break;
	case RPL_SET_EXT_OPAQUE:
		r = opaque_parse(v, n, &e->u.ext, allow, flags, err);
		break;
	case RPL_SET_LARGECOMM:
		r = large_parse(v, n, &e->u.lc, allow, flags, err);
		break;
	default:
		rpl_err_at(err, &v[0], "unknown set kind");
		r = -1;
	}
	if (r == -1) {
		rpl_elem_clear(kind, e);
		e->line = rpl_pos16(v[0].line);
	}
	return r;
}

int
rpl_parse_elem(enum rpl_set_kind kind, const char *text, struct rpl_elem *out,
    struct rpl_err *err)
{
	struct rpl_toks	 tk;
	unsigned	 flags = 0;
	size_t		 i;
	int		 r;

	memset(out, 0, sizeof(*out));
	if (rpl_lex(text, &tk, err) == -1)
		return -1;
	for (i = 0; i + 1 < tk.n; i++)
		if (tk.v[i].type != RPL_T_WORD &&
		    tk.v[i].type != RPL_T_QUOTED) {
			rpl_err_at(err, &tk.v[i], "unexpected '%s'",
			    tk.v[i].s);
			rpl_toks_free(&tk);
			return -1;
		}
	if (tk.n == 1) {
		rpl_err_at(err, &tk.v[0], "empty element");
		rpl_toks_free(&tk);
		return -1;
	}
	r = rpl_elem_parse(kind, tk.v, tk.n - 1, out, &flags, err);
	rpl_toks_free(&tk);
	return r;
}
