/*
 * aspath: the AS_PATH value of a route under policy evaluation: 4-byte
 * ASNs cut into segments (sequence, set, confed sequence, confed set),
 * with no cap on either.  The arrays either BORROW someone else's memory
 * (read-only by contract: a view of the engine's attributes, or the path
 * a scratch copy was taken from) or point at the path's OWN buffers,
 * which persist across uses and only grow: a writer first calls
 * aspath_own() (copy-on-write), so a path that is read only is never
 * copied and a reused path stops allocating once its buffers are big
 * enough.  A segment holds at most 255 ASNs, as on the wire: writers
 * start a new segment of the same type beyond that.
 *
 * The canonical string ("174 1299 {3356,2914} (65010 65011)") is what
 * as-path ios-regex matches against; aspath_regex_translate() turns XR's
 * ios-regex dialect into a PCRE2 pattern over that string.
 */
#ifndef XR_ASPATH_H
#define XR_ASPATH_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/strbuf.h"

#define ASPATH_SEG_COUNT_MAX	255	/* ASNs in one segment (wire limit) */

enum aspath_seg_type {
	ASSEG_SET = 1,
	ASSEG_SEQ = 2,
	ASSEG_CONFED_SEQ = 3,
	ASSEG_CONFED_SET = 4,
};

struct aspath_seg {
	uint8_t		 type;
	uint8_t		 count;
};

struct aspath {
	uint32_t		 nas;
	uint32_t		 nseg;
	struct aspath_seg	*seg;		/* borrowed or seg_buf */
	uint32_t		*as;		/* borrowed or as_buf */
	/* own buffers, kept across uses (aspath_free() releases them) */
	struct aspath_seg	*seg_buf;
	uint32_t		*as_buf;
	uint32_t		 seg_cap;
	uint32_t		 as_cap;
};

/* The empty path owning nothing; allocates nothing. */
void	 aspath_init(struct aspath *);
/* Frees the own buffers; leaves an init'ed path. */
void	 aspath_free(struct aspath *);
/* Empties the path, keeping its own buffers for reuse. */
void	 aspath_clear(struct aspath *);
/* dst reads src's arrays (borrows them); dst keeps its own buffers. */
void	 aspath_borrow(struct aspath *dst, const struct aspath *src);
/*
 * Makes the arrays the path's own with room for nseg segments and nas
 * ASNs (at least the current counts), copying borrowed contents.  0, or
 * -1 on allocation failure (the path is unchanged).
 */
int	 aspath_own(struct aspath *, size_t nseg, size_t nas);
/* 1 if the arrays are the path's own buffers (or it is empty). */
int	 aspath_is_own(const struct aspath *);

/*
 * Appends one ASN to the last segment if it has `type` and room, else to
 * a new one.  -1 on allocation failure only.
 */
int	 aspath_append(struct aspath *, enum aspath_seg_type, uint32_t);
/*
 * Parses "1 2 {3,4} (5 6) [7 8]" ({} set, () confed sequence, [] confed
 * set) into p's own buffers (p init'ed before); an empty string is the
 * empty path.  0, or -1 with err naming the bad token (or "out of
 * memory").
 */
int	 aspath_parse(const char *, struct aspath *, char *err, size_t);
/* Length of the canonical string (see above), without the NUL. */
size_t	 aspath_strlen(const struct aspath *);
/*
 * Writes the canonical string; "" for the empty path.  Returns its
 * length; a buffer shorter than aspath_strlen() + 1 truncates it.
 */
size_t	 aspath_format(const struct aspath *, char *, size_t);
/* Appends the canonical string to sb (check sb->oom). */
void	 aspath_format_sb(const struct aspath *, struct strbuf *);

/*
 * A path's canonical string, formatted on first use: the evaluator only
 * pays for it when a regex asks.  The text lives in a buffer the caller
 * keeps across uses (*buf / *cap, grown with realloc, freed by the
 * caller), so steady-state evaluation does not allocate.
 */
struct aspath_text {
	const struct aspath	*path;
	int			 ready;
	size_t			 len;
	char			**buf;
	size_t			*cap;
};

void	 aspath_text_init(struct aspath_text *, const struct aspath *,
	    char **buf, size_t *cap);
/* The string, or NULL on allocation failure. */
const char *aspath_text_get(struct aspath_text *, size_t *len);

/*
 * XR length: each ASN of a sequence counts 1, a set counts 1 in total;
 * confederation segments count only with `all`.
 */
unsigned aspath_length(const struct aspath *, int all);
/* Length ignoring repeated ASNs (prepends). */
unsigned aspath_unique_length(const struct aspath *, int all);
/* First / last AS of the path (0 if none). */
uint32_t aspath_first(const struct aspath *);
uint32_t aspath_last(const struct aspath *);
int	 aspath_is_local(const struct aspath *);

/* One item of an XR as-path list ('1299 [64512..65534]'). */
struct asrange {
	uint32_t	 lo;
	uint32_t	 hi;
};

/*
 * List conditions over the path's ASNs (confederation segments skipped,
 * a set counts as one element that matches if any member does).  Without
 * `exact`, consecutive repeats in the path (prepends) count once.
 *   neighbor-is: the list matches at the start of the path;
 *   originates-from: at the end;
 *   passes-through: anywhere, contiguously.
 */
int	 aspath_neighbor_is(const struct aspath *, const struct asrange *,
	    size_t, int exact);
int	 aspath_originates_from(const struct aspath *, const struct asrange *,
	    size_t, int exact);
int	 aspath_passes_through(const struct aspath *, const struct asrange *,
	    size_t, int exact);

/*
 * Prepends `asn` n times to the leading sequence (new leading sequences
 * when it has no room).  0, or -1 on allocation failure.
 */
int	 aspath_prepend(struct aspath *, uint32_t asn, unsigned n);
/*
 * remove as-path private-as: removes the leading private ASNs of the first
 * sequence; with `entire`, removes all ASNs only if every ASN is private.
 * Returns 1 if the path changed, 0 if not, -1 on allocation failure.
 */
int	 aspath_remove_private(struct aspath *, int entire);
/*
 * replace as-path private-as: every private ASN becomes `asn`.  Returns
 * 1 if the path changed, 0 if not, -1 on allocation failure.
 */
int	 aspath_replace_private(struct aspath *, uint32_t asn);

/* What `_` matches: a delimiter of the canonical string, or either end. */
#define ASPATH_RE_DELIMS	"[ ,{}()]"
#define ASPATH_RE_UNDERSCORE	"(?:^|$|" ASPATH_RE_DELIMS ")"

/*
 * Translates an XR ios-regex into PCRE2 syntax: `_` (outside a bracket
 * expression) becomes ASPATH_RE_UNDERSCORE, everything else is passed on.
 * 0, or -1 if out is too small.
 */
int	 aspath_regex_translate(const char *ios, char *out, size_t);

/*
 * A set of ASNs: a bitmap over [lo, lo + span) when that is small, else
 * the sorted array alone.  Filled by its builder (rpl_compile.c).
 */
struct asnset {
	uint32_t	*v;		/* sorted, distinct */
	size_t		 n;
	uint64_t	*bits;		/* NULL: search v */
	uint32_t	 lo, span;
};

int	 asnset_search(const struct asnset *, uint32_t);

/* 1 if x is in the set; inline: called per ASN of a path. */
static inline int
asnset_has(const struct asnset *set, uint32_t x)
{
	uint32_t	 d = x - set->lo;	/* below lo wraps above span */

	if (set->bits != NULL)
		return d < set->span && (set->bits[d >> 6] >> (d & 63)) & 1;
	return asnset_search(set, x);
}

/*
 * What an ios-regex `_X_` (or `^X_`, `_X$`, `^X$`) answers when X can
 * only match a finite set of decimal ASNs, without the string: 1 if an
 * ASN of the path is in the set and, in the canonical string, is preceded
 * by a delimiter or the start (only the start with at_start) and followed
 * by a delimiter or the end (only the end with at_end).  `[` and `]` of a
 * confed set are no delimiters, as for `_`.
 */
int	 aspath_asn_token_in(const struct aspath *, const struct asnset *,
	    int at_start, int at_end);

int	 aspath_eq(const struct aspath *, const struct aspath *);

#endif
