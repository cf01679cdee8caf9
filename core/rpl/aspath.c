/*
 * aspath: AS_PATH values, XR's length / list conditions, prepend and
 * private-AS removal, and the ios-regex dialect; see aspath.h.  No
 * function here allocates: the policy evaluator calls them per route.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/lib/addr.h"
#include "core/rpl/aspath.h"

void
aspath_init(struct aspath *p)
{
	p->nas = 0;
	p->nseg = 0;
}

int
aspath_append(struct aspath *p, enum aspath_seg_type type, uint32_t asn)
{
	struct aspath_seg	*last;

	if (p->nas >= ASPATH_MAX)
		return -1;
	last = p->nseg > 0 ? &p->seg[p->nseg - 1] : NULL;
	if (last == NULL || last->type != type || last->count == 255) {
		if (p->nseg >= ASPATH_SEGMAX)
			return -1;
		last = &p->seg[p->nseg++];
		last->type = type;
		last->count = 0;
	}
	p->as[p->nas++] = asn;
	last->count++;
	return 0;
}

/* Starts a new segment even if the previous one has the same type. */
static int
aspath_open(struct aspath *p, enum aspath_seg_type type)
{
	if (p->nseg >= ASPATH_SEGMAX)
		return -1;
	p->seg[p->nseg].type = type;
	p->seg[p->nseg].count = 0;
	p->nseg++;
	return 0;
}

int
aspath_parse(const char *s, struct aspath *p, char *err, size_t errlen)
{
	enum aspath_seg_type	 cur;
	char			 tok[16];
	size_t			 n;
	uint32_t		 asn;
	int			 in_group = 0;

	aspath_init(p);
	while (*s != '\0') {
		if (*s == ' ' || *s == ',' || *s == '\t') {
			s++;
			continue;
		}
		if (!in_group && (*s == '{' || *s == '(' || *s == '[')) {
			cur = *s == '{' ? ASSEG_SET : *s == '(' ?
			    ASSEG_CONFED_SEQ : ASSEG_CONFED_SET;
			if (aspath_open(p, cur) == -1)
				goto toolong;
			in_group = *s == '{' ? '}' : *s == '(' ? ')' : ']';
			s++;
			continue;
		}
		if (in_group && *s == in_group) {
			if (p->seg[p->nseg - 1].count == 0) {
				snprintf(err, errlen, "empty AS path segment");
				return -1;
			}
			in_group = 0;
			s++;
			continue;
		}
		n = strcspn(s, " ,\t{}()[]");
		if (n == 0 || n >= sizeof(tok)) {
			snprintf(err, errlen, "invalid AS path element '%.*s'",
			    n == 0 ? 1 : (int)n, s);
			return -1;
		}
		memcpy(tok, s, n);
		tok[n] = '\0';
		if (asn_parse(tok, &asn) == -1) {
			snprintf(err, errlen, "invalid AS number '%s'", tok);
			return -1;
		}
		if (p->nas >= ASPATH_MAX)
			goto toolong;
		if (in_group) {
			if (p->seg[p->nseg - 1].count == 255)
				goto toolong;
			p->as[p->nas++] = asn;
			p->seg[p->nseg - 1].count++;
		} else if (aspath_append(p, ASSEG_SEQ, asn) == -1)
			goto toolong;
		s += n;
	}
	if (in_group) {
		snprintf(err, errlen, "missing '%c' in AS path", in_group);
		return -1;
	}
	return 0;
toolong:
	snprintf(err, errlen, "AS path longer than %d ASNs", ASPATH_MAX);
	return -1;
}

/*
 * Writes v in decimal at o and returns the end.  Hand-rolled, two digits
 * per step: the evaluator formats every path an as-path regex is matched
 * against, and snprintf would dominate that cost.
 */
static char *
put_asn(char *o, uint32_t v)
{
	static const char	 pairs[] =
	    "00010203040506070809101112131415161718192021222324"
	    "25262728293031323334353637383940414243444546474849"
	    "50515253545556575859606162636465666768697071727374"
	    "75767778798081828384858687888990919293949596979899";
	static const uint32_t	 pow10[] = { 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000 };
	size_t			 n = 1;
	char			*p;

	while (n < 10 && v >= pow10[n - 1])
		n++;
	p = o + n;
	while (v >= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * v, 2);
	} else
		*--p = (char)('0' + v);
	return o + n;
}

/* Brackets and separator per segment type: "" for a plain sequence. */
static const struct {
	char	 open, close, sep;
} seg_punct[] = {
	[ASSEG_SET] = { '{', '}', ',' },
	[ASSEG_SEQ] = { 0, 0, ' ' },
	[ASSEG_CONFED_SEQ] = { '(', ')', ' ' },
	[ASSEG_CONFED_SET] = { '[', ']', ',' },
};

/* Writes the canonical string at o, unchecked; returns its end. */
static char *
format_at(const struct aspath *p, char *o)
{
	char		*start = o;
	size_t		 i, k = 0;
	unsigned	 j, t;

	for (i = 0; i < p->nseg; i++) {
		const struct aspath_seg	*sg = &p->seg[i];

		t = sg->type < sizeof(seg_punct) / sizeof(seg_punct[0]) &&
		    seg_punct[sg->type].sep != 0 ? sg->type : ASSEG_SEQ;
		if (o != start)
			*o++ = ' ';
		if (seg_punct[t].open != 0)
			*o++ = seg_punct[t].open;
		for (j = 0; j < sg->count; j++, k++) {
			if (j > 0)
				*o++ = seg_punct[t].sep;
			o = put_asn(o, p->as[k]);
		}
		if (seg_punct[t].close != 0)
			*o++ = seg_punct[t].close;
	}
	*o = '\0';
	return o;
}

/* asnset_has() without a bitmap: binary search of the sorted values. */
int
asnset_search(const struct asnset *set, uint32_t x)
{
	size_t	 lo = 0, hi = set->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (set->v[mid] == x)
			return 1;
		if (set->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A character `_` matches in the canonical string (0: either end). */
static inline int
delim_ok(char c, int only_end)
{
	if (c == 0)
		return 1;
	return !only_end && (c == ' ' || c == ',' || c == '{' || c == '}' ||
	    c == '(' || c == ')');
}

/*
 * Walks the path as format_at() would print it, knowing for each ASN the
 * character before and after it (0 at either end of the string).
 */
int
aspath_asn_token_in(const struct aspath *p, const struct asnset *set,
    int at_start, int at_end)
{
	size_t		 i, k = 0;
	unsigned	 j, t, first, last;
	int		 emitted = 0;
	char		 before, after;

	if (!at_start && !at_end) {
		/*
		 * Unanchored: every ASN has a delimiter on both sides but
		 * the first and last of a confed set (`[`, `]`).
		 */
		for (i = 0; i < p->nseg; k += p->seg[i].count, i++) {
			first = 0;
			last = p->seg[i].count;
			if (p->seg[i].type == ASSEG_CONFED_SET) {
				first++;
				last = last > 0 ? last - 1 : 0;
			}
			for (j = first; j < last; j++)
				if (asnset_has(set, p->as[k + j]))
					return 1;
		}
		return 0;
	}
	for (i = 0; i < p->nseg; i++) {
		const struct aspath_seg	*sg = &p->seg[i];

		t = sg->type < sizeof(seg_punct) / sizeof(seg_punct[0]) &&
		    seg_punct[sg->type].sep != 0 ? sg->type : ASSEG_SEQ;
		before = emitted ? ' ' : 0;
		if (seg_punct[t].open != 0)
			before = seg_punct[t].open;
		for (j = 0; j < sg->count; j++, k++) {
			if (j > 0)
				before = seg_punct[t].sep;
			if (j + 1 < sg->count)
				after = seg_punct[t].sep;
			else if (seg_punct[t].close != 0)
				after = seg_punct[t].close;
			else
				after = i + 1 < p->nseg ? ' ' : 0;
			if (delim_ok(before, at_start) &&
			    delim_ok(after, at_end) &&
			    asnset_has(set, p->as[k]))
				return 1;
		}
		/* format_at() writes nothing for an empty plain sequence */
		if (seg_punct[t].open != 0 || sg->count > 0)
			emitted = 1;
	}
	return 0;
}

size_t
aspath_format(const struct aspath *p, char *buf, size_t len)
{
	char	 tmp[ASPATH_STRLEN];
	size_t	 n;

	/* ASPATH_STRLEN holds any path: write in place, else copy */
	if (len >= ASPATH_STRLEN)
		return (size_t)(format_at(p, buf) - buf);
	if (len == 0)
		return 0;
	n = (size_t)(format_at(p, tmp) - tmp);
	return strlcpy(buf, tmp, len) < len ? n : len - 1;
}

void
aspath_text_init(struct aspath_text *t, const struct aspath *p)
{
	t->path = p;
	t->ready = 0;
}

const char *
aspath_text_get(struct aspath_text *t, size_t *len)
{
	if (!t->ready) {
		t->len = aspath_format(t->path, t->s, sizeof(t->s));
		t->ready = 1;
	}
	if (len != NULL)
		*len = t->len;
	return t->s;
}

static int
seg_is_confed(uint8_t type)
{
	return type == ASSEG_CONFED_SEQ || type == ASSEG_CONFED_SET;
}

unsigned
aspath_length(const struct aspath *p, int all)
{
	unsigned	 len = 0;
	size_t		 i;

	for (i = 0; i < p->nseg; i++) {
		if (seg_is_confed(p->seg[i].type) && !all)
			continue;
		if (p->seg[i].type == ASSEG_SET ||
		    p->seg[i].type == ASSEG_CONFED_SET)
			len += p->seg[i].count > 0;
		else
			len += p->seg[i].count;
	}
	return len;
}

unsigned
aspath_unique_length(const struct aspath *p, int all)
{
	unsigned	 len = 0;
	size_t		 i, k = 0, a, b;
	int		 seen;

	for (i = 0; i < p->nseg; i++) {
		const struct aspath_seg	*sg = &p->seg[i];

		if ((seg_is_confed(sg->type) && !all)) {
			k += sg->count;
			continue;
		}
		if (sg->type == ASSEG_SET || sg->type == ASSEG_CONFED_SET) {
			len += sg->count > 0;
			k += sg->count;
			continue;
		}
		for (a = k; a < k + sg->count; a++) {
			seen = 0;
			for (b = 0; b < a && !seen; b++)
				seen = p->as[b] == p->as[a];
			len += !seen;
		}
		k += sg->count;
	}
	return len;
}

uint32_t
aspath_first(const struct aspath *p)
{
	size_t	 i, k = 0;

	for (i = 0; i < p->nseg; i++) {
		if (!seg_is_confed(p->seg[i].type) && p->seg[i].count > 0)
			return p->as[k];
		k += p->seg[i].count;
	}
	return 0;
}

uint32_t
aspath_last(const struct aspath *p)
{
	size_t	 i, k = p->nas;

	for (i = p->nseg; i > 0; i--) {
		if (!seg_is_confed(p->seg[i - 1].type) &&
		    p->seg[i - 1].count > 0)
			return p->as[k - 1];
		k -= p->seg[i - 1].count;
	}
	return 0;
}

int
aspath_is_local(const struct aspath *p)
{
	return aspath_length(p, 0) == 0;
}

/* One element of the path for list matching: a single ASN or a set. */
struct as_elem {
	uint16_t	 off;
	uint16_t	 n;
};

static size_t
flatten(const struct aspath *p, struct as_elem *e, int exact)
{
	size_t	 i, k = 0, ne = 0;
	unsigned j;

	for (i = 0; i < p->nseg; i++) {
		const struct aspath_seg	*sg = &p->seg[i];

		if (seg_is_confed(sg->type)) {
			k += sg->count;
			continue;
		}
		if (sg->type == ASSEG_SET) {
			e[ne].off = (uint16_t)k;
			e[ne].n = sg->count;
			ne++;
			k += sg->count;
			continue;
		}
		for (j = 0; j < sg->count; j++, k++) {
			if (!exact && ne > 0 && e[ne - 1].n == 1 &&
			    p->as[e[ne - 1].off] == p->as[k])
				continue;
			e[ne].off = (uint16_t)k;
			e[ne].n = 1;
			ne++;
		}
	}
	return ne;
}

static int
match_at(const struct aspath *p, const struct as_elem *e,
    const struct asrange *l, size_t nl)
{
	size_t	 i, j;
	int	 hit;

	for (i = 0; i < nl; i++) {
		hit = 0;
		for (j = 0; j < e[i].n && !hit; j++) {
			uint32_t a = p->as[e[i].off + j];

			hit = a >= l[i].lo && a <= l[i].hi;
		}
		if (!hit)
			return 0;
	}
	return 1;
}

int
aspath_neighbor_is(const struct aspath *p, const struct asrange *l,
    size_t nl, int exact)
{
	struct as_elem	 e[ASPATH_MAX];
	size_t		 ne = flatten(p, e, exact);

	return nl > 0 && ne >= nl && match_at(p, e, l, nl);
}

int
aspath_originates_from(const struct aspath *p, const struct asrange *l,
    size_t nl, int exact)
{
	struct as_elem	 e[ASPATH_MAX];
	size_t		 ne = flatten(p, e, exact);

	return nl > 0 && ne >= nl && match_at(p, e + (ne - nl), l, nl);
}

int
aspath_passes_through(const struct aspath *p, const struct asrange *l,
    size_t nl, int exact)
{
	struct as_elem	 e[ASPATH_MAX];
	size_t		 ne = flatten(p, e, exact), s;

	if (nl == 0 || ne < nl)
		return 0;
	for (s = 0; s + nl <= ne; s++)
		if (match_at(p, e + s, l, nl))
			return 1;
	return 0;
}

int
aspath_prepend(struct aspath *p, uint32_t asn, unsigned n)
{
	unsigned	 i;

	if (n == 0)
		return 0;
	if (p->nas + n > ASPATH_MAX)
		return -1;
	if (p->nseg == 0 || p->seg[0].type != ASSEG_SEQ ||
	    p->seg[0].count + n > 255) {
		if (p->nseg >= ASPATH_SEGMAX)
			return -1;
		memmove(&p->seg[1], &p->seg[0], p->nseg * sizeof(p->seg[0]));
		p->seg[0].type = ASSEG_SEQ;
		p->seg[0].count = 0;
		p->nseg++;
	}
	memmove(&p->as[n], &p->as[0], p->nas * sizeof(p->as[0]));
	for (i = 0; i < n; i++)
		p->as[i] = asn;
	p->nas += n;
	p->seg[0].count += n;
	return 0;
}

int
aspath_remove_private(struct aspath *p, int entire)
{
	size_t		 i, n = 0;

	if (entire) {
		for (i = 0; i < p->nas; i++)
			if (!asn_is_private(p->as[i]))
				return 0;
		if (p->nas == 0)
			return 0;
		aspath_init(p);
		return 1;
	}
	if (p->nseg == 0 || p->seg[0].type != ASSEG_SEQ)
		return 0;
	while (n < p->seg[0].count && asn_is_private(p->as[n]))
		n++;
	if (n == 0)
		return 0;
	memmove(&p->as[0], &p->as[n], (p->nas - n) * sizeof(p->as[0]));
	p->nas -= n;
	p->seg[0].count -= n;
	if (p->seg[0].count == 0) {
		memmove(&p->seg[0], &p->seg[1],
		    (p->nseg - 1) * sizeof(p->seg[0]));
		p->nseg--;
	}
	return 1;
}

int
aspath_regex_translate(const char *ios, char *out, size_t len)
{
	static const char	 delim[] = ASPATH_RE_UNDERSCORE;
	size_t			 o = 0, dl = sizeof(delim) - 1;
	int			 in_bracket = 0;

	for (; *ios != '\0'; ios++) {
		if (*ios == '\\' && ios[1] != '\0') {
			if (o + 2 >= len)
				return -1;
			out[o++] = *ios++;
			out[o++] = *ios;
			continue;
		}
		if (in_bracket) {
			/* "[]" and "[^]" start with a literal ']' */
			if (*ios == ']' && in_bracket > 1)
				in_bracket = 0;
			else
				in_bracket++;
		} else if (*ios == '[') {
			in_bracket = 1;
			if (ios[1] == '^') {
				if (o + 1 >= len)
					return -1;
				out[o++] = *ios++;
			}
		} else if (*ios == '_') {
			if (o + dl >= len)
				return -1;
			memcpy(out + o, delim, dl);
			o += dl;
			continue;
		}
		if (o + 1 >= len)
			return -1;
		out[o++] = *ios;
	}
	if (o >= len)
		return -1;
	out[o] = '\0';
	return 0;
}

int
aspath_eq(const struct aspath *a, const struct aspath *b)
{
	return a->nas == b->nas && a->nseg == b->nseg &&
	    memcmp(a->seg, b->seg, a->nseg * sizeof(a->seg[0])) == 0 &&
	    memcmp(a->as, b->as, a->nas * sizeof(a->as[0])) == 0;
}
