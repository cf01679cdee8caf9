/*
 * aspath: AS_PATH values, XR's length / list conditions, prepend and
 * private-AS removal, and the ios-regex dialect; see aspath.h.  Readers
 * never allocate (the policy evaluator calls them per route); writers
 * take the path's own buffers first (aspath_own()), which only grow.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/addr.h"
#include "core/rpl/aspath.h"
#include "core/rpl/rpl_grow.h"

void
aspath_init(struct aspath *p)
{
	memset(p, 0, sizeof(*p));
}

void
aspath_free(struct aspath *p)
{
	free(p->seg_buf);
	free(p->as_buf);
	aspath_init(p);
}

void
aspath_clear(struct aspath *p)
{
	p->nas = 0;
	p->nseg = 0;
	p->seg = p->seg_buf;
	p->as = p->as_buf;
}

void
aspath_borrow(struct aspath *d, const struct aspath *s)
{
	d->nas = s->nas;
	d->nseg = s->nseg;
	d->seg = s->seg;
	d->as = s->as;
}

int
aspath_is_own(const struct aspath *p)
{
	return (p->nseg == 0 || p->seg == p->seg_buf) &&
	    (p->nas == 0 || p->as == p->as_buf);
}

int
aspath_own(struct aspath *p, size_t nseg, size_t nas)
{
	struct aspath_seg	*sb;
	uint32_t		*ab;
	int			 own;

	if (nseg < p->nseg)
		nseg = p->nseg;
	if (nas < p->nas)
		nas = p->nas;
	/* own: realloc keeps the contents; borrowed: copy them over */
	own = p->seg == p->seg_buf;
	if ((sb = rpl_grow(p->seg_buf, &p->seg_cap, nseg, sizeof(*sb))) ==
	    NULL)
		return -1;
	if (!own && p->nseg > 0)
		memcpy(sb, p->seg, p->nseg * sizeof(*sb));
	p->seg = p->seg_buf = sb;
	own = p->as == p->as_buf;
	if ((ab = rpl_grow(p->as_buf, &p->as_cap, nas, sizeof(*ab))) == NULL)
		return -1;
	if (!own && p->nas > 0)
		memcpy(ab, p->as, p->nas * sizeof(*ab));
	p->as = p->as_buf = ab;
	return 0;
}

int
aspath_append(struct aspath *p, enum aspath_seg_type type, uint32_t asn)
{
	const struct aspath_seg	*last;
	int			 open;

	last = p->nseg > 0 ? &p->seg[p->nseg - 1] : NULL;
	open = last == NULL || last->type != type ||
	    last->count == ASPATH_SEG_COUNT_MAX;
	if (aspath_own(p, (size_t)p->nseg + open, (size_t)p->nas + 1) == -1)
		return -1;
	if (open) {
		p->seg[p->nseg].type = type;
		p->seg[p->nseg].count = 0;
		p->nseg++;
	}
	p->as[p->nas++] = asn;
	p->seg[p->nseg - 1].count++;
	return 0;
}

/* Starts a new segment even if the previous one has the same type. */
static int
aspath_open(struct aspath *p, enum aspath_seg_type type)
{
	if (aspath_own(p, (size_t)p->nseg + 1, p->nas) == -1)
		return -1;
	p->seg[p->nseg].type = type;
	p->seg[p->nseg].count = 0;
	p->nseg++;
	return 0;
}

int
aspath_parse(const char *s, struct aspath *p, char *err, size_t errlen)
{
	enum aspath_seg_type	 cur = ASSEG_SEQ;
	char			 tok[16];
	size_t			 n;
	uint32_t		 asn;
	int			 in_group = 0;

	aspath_clear(p);
	while (*s != '\0') {
		if (*s == ' ' || *s == ',' || *s == '\t') {
			s++;
			continue;
		}
		if (!in_group && (*s == '{' || *s == '(' || *s == '[')) {
			cur = *s == '{' ? ASSEG_SET : *s == '(' ?
			    ASSEG_CONFED_SEQ : ASSEG_CONFED_SET;
			if (aspath_open(p, cur) == -1)
				goto nomem;
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
		/* a group beyond 255 ASNs goes on in a new segment, as on
		   the wire */
		if (aspath_append(p, in_group ? cur : ASSEG_SEQ, asn) == -1)
			goto nomem;
		s += n;
	}
	if (in_group) {
		snprintf(err, errlen, "missing '%c' in AS path", in_group);
		return -1;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
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

/* Digits of v in decimal. */
static size_t
asn_digits(uint32_t v)
{
	size_t	 n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

size_t
aspath_strlen(const struct aspath *p)
{
	size_t		 i, k = 0, len = 0;
	unsigned	 j, t;

	/* what format_at() writes, counted */
	for (i = 0; i < p->nseg; i++) {
		const struct aspath_seg	*sg = &p->seg[i];

		t = sg->type < sizeof(seg_punct) / sizeof(seg_punct[0]) &&
		    seg_punct[sg->type].sep != 0 ? sg->type : ASSEG_SEQ;
		if (len != 0)
			len++;
		len += (seg_punct[t].open != 0) + (seg_punct[t].close != 0);
		for (j = 0; j < sg->count; j++, k++)
			len += (j > 0) + asn_digits(p->as[k]);
	}
	return len;
}

/*
 * An upper bound of aspath_strlen() without walking the ASNs: 10 digits
 * and a separator per ASN, brackets and a space per segment.
 */
static size_t
strlen_bound(const struct aspath *p)
{
	return (size_t)p->nas * 11 + (size_t)p->nseg * 3 + 1;
}

size_t
aspath_format(const struct aspath *p, char *buf, size_t len)
{
	char	*tmp;
	size_t	 n;

	if (len == 0)
		return 0;
	if (len >= strlen_bound(p) || len > (n = aspath_strlen(p)))
		return (size_t)(format_at(p, buf) - buf);
	/* truncated: format whole elsewhere, keep the head */
	if ((tmp = malloc(n + 1)) == NULL) {
		buf[0] = '\0';
		return 0;
	}
	format_at(p, tmp);
	strlcpy(buf, tmp, len);
	free(tmp);
	return len - 1;
}

void
aspath_format_sb(const struct aspath *p, struct strbuf *sb)
{
	char	 small[256], *s = small;
	size_t	 n = aspath_strlen(p);

	if (n >= sizeof(small) && (s = malloc(n + 1)) == NULL) {
		sb->oom = 1;
		return;
	}
	format_at(p, s);
	sb_putn(sb, s, n);
	if (s != small)
		free(s);
}

void
aspath_text_init(struct aspath_text *t, const struct aspath *p, char **buf,
    size_t *cap)
{
	t->path = p;
	t->ready = 0;
	t->buf = buf;
	t->cap = cap;
}

const char *
aspath_text_get(struct aspath_text *t, size_t *len)
{
	size_t	 need, ncap;
	char	*nb;

	if (!t->ready) {
		need = strlen_bound(t->path);
		if (*t->buf == NULL || *t->cap < need) {
			ncap = *t->cap * 2 > need ? *t->cap * 2 : need;
			if (ncap < 256)
				ncap = 256;
			if ((nb = realloc(*t->buf, ncap)) == NULL)
				return NULL;
			*t->buf = nb;
			*t->cap = ncap;
		}
		t->len = (size_t)(format_at(t->path, *t->buf) - *t->buf);
		t->ready = 1;
	}
	if (len != NULL)
		*len = t->len;
	return *t->buf;
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

/*
 * The path's elements for list matching, one at a time: a single ASN or
 * a set (confederation segments skipped); without `exact`, an ASN equal
 * to the previous single-ASN element is skipped (prepends count once).
 * A walk instead of a flattened array: no bound on the path, no memory.
 */
struct as_iter {
	const struct aspath	*p;
	size_t			 seg;	/* current segment */
	size_t			 j;	/* next ASN within it */
	size_t			 k;	/* index of that ASN in p->as */
	int			 exact;
	int			 have_prev;
	uint32_t		 prev;
};

struct as_elem {
	size_t		 off;
	size_t		 n;
};

static void
iter_init(struct as_iter *it, const struct aspath *p, int exact)
{
	memset(it, 0, sizeof(*it));
	it->p = p;
	it->exact = exact;
}

static int
iter_next(struct as_iter *it, struct as_elem *e)
{
	const struct aspath	*p = it->p;
	const struct aspath_seg	*sg;
	uint32_t		 a;

	while (it->seg < p->nseg) {
		sg = &p->seg[it->seg];
		if (sg->type == ASSEG_SET && it->j == 0) {
			/* a set is one element, even an empty one */
			e->off = it->k;
			e->n = sg->count;
			it->have_prev = sg->count == 1;
			if (it->have_prev)
				it->prev = p->as[it->k];
			it->k += sg->count;
			it->seg++;
			return 1;
		}
		if (seg_is_confed(sg->type) || it->j >= sg->count) {
			it->k += sg->count - it->j;
			it->seg++;
			it->j = 0;
			continue;
		}
		a = p->as[it->k];
		it->j++;
		it->k++;
		if (!it->exact && it->have_prev && it->prev == a)
			continue;
		it->have_prev = 1;
		it->prev = a;
		e->off = it->k - 1;
		e->n = 1;
		return 1;
	}
	return 0;
}

static size_t
iter_count(const struct aspath *p, int exact)
{
	struct as_iter	 it;
	struct as_elem	 e;
	size_t		 n = 0;

	iter_init(&it, p, exact);
	while (iter_next(&it, &e))
		n++;
	return n;
}

/* 1 if the nl elements from `it` on match l (it is advanced). */
static int
match_at(struct as_iter *it, const struct asrange *l, size_t nl)
{
	const struct aspath	*p = it->p;
	struct as_elem		 e;
	size_t			 i, j;
	int			 hit;

	for (i = 0; i < nl; i++) {
		if (!iter_next(it, &e))
			return 0;
		hit = 0;
		for (j = 0; j < e.n && !hit; j++) {
			uint32_t a = p->as[e.off + j];

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
	struct as_iter	 it;

	iter_init(&it, p, exact);
	return nl > 0 && match_at(&it, l, nl);
}

int
aspath_originates_from(const struct aspath *p, const struct asrange *l,
    size_t nl, int exact)
{
	struct as_iter	 it;
	struct as_elem	 e;
	size_t		 ne = iter_count(p, exact), i;

	if (nl == 0 || ne < nl)
		return 0;
	iter_init(&it, p, exact);
	for (i = 0; i < ne - nl; i++)
		(void)iter_next(&it, &e);
	return match_at(&it, l, nl);
}

int
aspath_passes_through(const struct aspath *p, const struct asrange *l,
    size_t nl, int exact)
{
	struct as_iter	 it, at;
	struct as_elem	 e;

	if (nl == 0)
		return 0;
	iter_init(&it, p, exact);
	for (;;) {
		at = it;
		if (match_at(&at, l, nl))
			return 1;
		if (!iter_next(&it, &e))
			return 0;
	}
}

int
aspath_prepend(struct aspath *p, uint32_t asn, unsigned n)
{
	size_t	 i, nnew, left;
	int	 merge;

	if (n == 0)
		return 0;
	merge = p->nseg > 0 && p->seg[0].type == ASSEG_SEQ &&
	    p->seg[0].count + n <= ASPATH_SEG_COUNT_MAX;
	nnew = merge ? 0 : (n + ASPATH_SEG_COUNT_MAX - 1) /
	    ASPATH_SEG_COUNT_MAX;
	if (aspath_own(p, p->nseg + nnew, (size_t)p->nas + n) == -1)
		return -1;
	if (merge)
		p->seg[0].count += n;
	else {
		memmove(&p->seg[nnew], &p->seg[0],
		    p->nseg * sizeof(p->seg[0]));
		for (i = 0, left = n; i < nnew; i++) {
			p->seg[i].type = ASSEG_SEQ;
			p->seg[i].count = left > ASPATH_SEG_COUNT_MAX ?
			    ASPATH_SEG_COUNT_MAX : (uint8_t)left;
			left -= p->seg[i].count;
		}
		p->nseg += nnew;
	}
	memmove(&p->as[n], &p->as[0], p->nas * sizeof(p->as[0]));
	for (i = 0; i < n; i++)
		p->as[i] = asn;
	p->nas += n;
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
		/* nothing is read beyond the counts: no need to own */
		p->nas = 0;
		p->nseg = 0;
		return 1;
	}
	if (p->nseg == 0 || p->seg[0].type != ASSEG_SEQ)
		return 0;
	while (n < p->seg[0].count && asn_is_private(p->as[n]))
		n++;
	if (n == 0)
		return 0;
	if (aspath_own(p, 0, 0) == -1)
		return -1;
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
aspath_replace_private(struct aspath *p, uint32_t asn)
{
	size_t	 i;
	int	 changed = 0;

	for (i = 0; i < p->nas; i++) {
		if (!asn_is_private(p->as[i]) || p->as[i] == asn)
			continue;
		if (!changed && aspath_own(p, 0, 0) == -1)
			return -1;
		p->as[i] = asn;
		changed = 1;
	}
	return changed;
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
	    (a->nseg == 0 ||
	    memcmp(a->seg, b->seg, a->nseg * sizeof(a->seg[0])) == 0) &&
	    (a->nas == 0 ||
	    memcmp(a->as, b->as, a->nas * sizeof(a->as[0])) == 0);
}
