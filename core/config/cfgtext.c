/*
 * cfgtext: canonical configuration text as a tree, and the comparisons
 * built on it; see cfgtext.h.  Siblings are matched by key (the line, or
 * an RPL header without its parameter list); a removed leaf and an added
 * leaf that set the same single-valued item ("hostname a" / "hostname b")
 * are paired as one replaced leaf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/cfgtext.h"
#include "core/lib/addr.h"

#define CT_MAXDEPTH	64
#define CT_MAXTOK	32

static const char *const rpl_headers[] = {
	"route-policy", "prefix-set", "community-set", "as-path-set",
	"extcommunity-set", "large-community-set", "rd-set", NULL
};

/* two-token leaves that may appear many times side by side */
static const char *const multi_leaves[] = {
	"network", "aggregate-address", "redistribute", NULL
};

static int
first_word_is(const char *line, const char *w)
{
	size_t	 n = strlen(w);

	return strncmp(line, w, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

int
ct_is_rpl_header(const char *line)
{
	size_t	 i;

	for (i = 0; rpl_headers[i] != NULL; i++)
		if (first_word_is(line, rpl_headers[i]))
			return 1;
	return 0;
}

static struct ct_node *
node_new(const char *line, size_t len)
{
	struct ct_node	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	if ((n->line = strndup(line, len)) == NULL) {
		free(n);
		return NULL;
	}
	return n;
}

void
ct_free(struct ct_node *n)
{
	size_t	 i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ct_free(n->kids[i]);
	free(n->kids);
	free(n->line);
	free(n->body);
	free(n);
}

static int
node_add(struct ct_node *parent, struct ct_node *kid)
{
	if (parent->nkids == parent->cap) {
		size_t		  ncap = parent->cap ? parent->cap * 2 : 4;
		struct ct_node	**nv;

		if ((nv = reallocarray(parent->kids, ncap, sizeof(*nv))) == NULL)
			return -1;
		parent->kids = nv;
		parent->cap = ncap;
	}
	parent->kids[parent->nkids++] = kid;
	return 0;
}

/* One input line: [*s, *e) without the newline; advances *p. */
static int
next_line(const char **p, const char **s, const char **e)
{
	const char	*q;

	if (**p == '\0')
		return 0;
	*s = *p;
	if ((q = strchr(*p, '\n')) == NULL) {
		*e = *p + strlen(*p);
		*p = *e;
	} else {
		*e = q;
		*p = q + 1;
	}
	while (*e > *s && ((*e)[-1] == '\r' || (*e)[-1] == ' '))
		(*e)--;
	return 1;
}

/* Collects an RPL object's raw lines up to its end keyword into n->body. */
static int
read_rpl_body(struct ct_node *n, const char **p, const char *s,
    const char *e, int *lineno, char *err, size_t errlen)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*endkw;
	int		 start = *lineno;

	endkw = first_word_is(n->line, "route-policy") ? "end-policy" :
	    "end-set";
	sb_putn(&sb, s, (size_t)(e - s));
	sb_putc(&sb, '\n');
	while (next_line(p, &s, &e)) {
		const char	*t = s;

		(*lineno)++;
		while (t < e && (*t == ' ' || *t == '\t'))
			t++;
		sb_putn(&sb, s, (size_t)(e - s));
		sb_putc(&sb, '\n');
		if ((size_t)(e - t) == strlen(endkw) &&
		    strncmp(t, endkw, strlen(endkw)) == 0) {
			if (sb.oom) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			n->body = sb_steal(&sb);
			return 0;
		}
	}
	sb_free(&sb);
	snprintf(err, errlen, "line %d: '%s' has no %s", start, n->line,
	    endkw);
	return -1;
}

int
ct_parse(const char *text, struct ct_node **rootp, char *err, size_t errlen)
{
	struct ct_node	*root, *n, *stack[CT_MAXDEPTH];
	const char	*p = text ? text : "", *s, *e, *t;
	size_t		 sp = 0, depth;
	int		 lineno = 0;

	*rootp = NULL;
	if ((root = calloc(1, sizeof(*root))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (next_line(&p, &s, &e)) {
		lineno++;
		for (t = s; t < e && (*t == ' ' || *t == '\t'); t++)
			;
		if (t == e)
			continue;
		depth = (size_t)(t - s);
		if (*t == '!') {
			/* a closer ends the open block at its own indent */
			if (depth < sp) {
				stack[depth]->block = 1;
				sp = depth;
			}
			continue;
		}
		if (depth == 0 && (size_t)(e - t) == 3 &&
		    strncmp(t, "end", 3) == 0)
			continue;	/* wrapper around a pasted config */
		if (depth > sp)
			depth = sp;
		if (depth >= CT_MAXDEPTH)
			depth = CT_MAXDEPTH - 1;
		if ((n = node_new(t, (size_t)(e - t))) == NULL)
			goto oom;
		if (node_add(depth ? stack[depth - 1] : root, n) == -1) {
			ct_free(n);
			goto oom;
		}
		if (depth > 0)
			stack[depth - 1]->block = 1;
		stack[depth] = n;
		sp = depth + 1;
		if (depth == 0 && ct_is_rpl_header(n->line)) {
			if (read_rpl_body(n, &p, s, e, &lineno, err,
			    errlen) == -1) {
				ct_free(root);
				return -1;
			}
			sp = 1;
		}
	}
	*rootp = root;
	return 0;
oom:
	ct_free(root);
	snprintf(err, errlen, "out of memory");
	return -1;
}

static void
indent(struct strbuf *sb, size_t depth)
{
	size_t	 i;

	for (i = 0; i < depth; i++)
		sb_putc(sb, ' ');
}

static void
print_node(const struct ct_node *n, size_t depth, struct strbuf *sb)
{
	size_t	 i;

	if (n->body != NULL)
		sb_puts(sb, n->body);
	else {
		indent(sb, depth);
		sb_puts(sb, n->line);
		sb_putc(sb, '\n');
	}
	for (i = 0; i < n->nkids; i++)
		print_node(n->kids[i], depth + 1, sb);
	if (n->block) {
		indent(sb, depth);
		sb_puts(sb, "!\n");
	}
}

int
ct_print(const struct ct_node *root, struct strbuf *sb)
{
	size_t	 i;

	for (i = 0; i < root->nkids; i++)
		print_node(root->kids[i], 0, sb);
	return sb->oom ? -1 : 0;
}

/* --- matching siblings --- */

/* Length of the matching key: an RPL header stops before its `(`. */
static size_t
key_len(const struct ct_node *n)
{
	if (n->body != NULL)
		return strcspn(n->line, "(");
	return strlen(n->line);
}

static int
key_cmp(const struct ct_node *a, const struct ct_node *b)
{
	size_t	 la = key_len(a), lb = key_len(b);
	int	 c;

	if ((a->body != NULL) != (b->body != NULL))
		return a->body != NULL ? 1 : -1;
	c = strncmp(a->line, b->line, la < lb ? la : lb);
	if (c != 0)
		return c;
	return la < lb ? -1 : la > lb;
}

static int
node_equal(const struct ct_node *a, const struct ct_node *b)
{
	size_t	 i;

	if (strcmp(a->line, b->line) != 0 || a->nkids != b->nkids)
		return 0;
	if ((a->body == NULL) != (b->body == NULL))
		return 0;
	if (a->body != NULL && strcmp(a->body, b->body) != 0)
		return 0;
	for (i = 0; i < a->nkids; i++)
		if (!node_equal(a->kids[i], b->kids[i]))
			return 0;
	return 1;
}

struct ref {
	const struct ct_node	*n;
	size_t			 idx;
};

static int
ref_cmp(const void *x, const void *y)
{
	const struct ref	*a = x, *b = y;
	int			 c;

	if ((c = key_cmp(a->n, b->n)) != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int
is_leaf(const struct ct_node *n)
{
	return n->body == NULL && n->nkids == 0 && !n->block;
}

/*
 * Pairing key of a single-valued leaf, or 0 if the leaf cannot be paired:
 * "hostname X" -> "hostname", "description ..." -> "description",
 * "route-policy P in" -> "route-policy" + direction.
 */
/*
 * A router static line "<prefix> [<interface>] [<next-hop>] [<distance>]
 * [tag N] [description T]" is keyed by its prefix and exit (the tokens
 * before the distance, `tag` or `description`): retyping it with other
 * attributes replaces the line, as XR does.  0 if n is not such a line.
 */
static int
static_route_key(const struct ct_node *n, char *buf, size_t len)
{
	struct xprefix	 p;
	const char	*s = n->line, *e;
	char		 tok[64];
	size_t		 k, used;

	k = strcspn(s, " ");
	if (k == 0 || k >= sizeof(tok) || memchr(s, '/', k) == NULL)
		return 0;
	memcpy(tok, s, k);
	tok[k] = '\0';
	if (prefix_parse(tok, &p, 0) == -1)
		return 0;
	/* used: the prefix and every exit token after it */
	for (used = k, e = s + k; *e == ' '; ) {
		e++;
		k = strcspn(e, " ");
		if (k == 0 || (*e >= '0' && *e <= '9' &&
		    strspn(e, "0123456789") == k) ||
		    (k == 3 && strncmp(e, "tag", 3) == 0) ||
		    (k == 11 && strncmp(e, "description", 11) == 0))
			break;
		e += k;
		used = (size_t)(e - s);
	}
	snprintf(buf, len, "static %.*s", (int)used, s);
	return 1;
}

static int
pair_key(const struct ct_node *n, char *buf, size_t len)
{
	const char	*sp, *last;
	size_t		 i;

	if (!is_leaf(n) || (sp = strchr(n->line, ' ')) == NULL)
		return 0;
	if (static_route_key(n, buf, len))
		return 1;
	if (first_word_is(n->line, "description")) {
		snprintf(buf, len, "description");
		return 1;
	}
	if (first_word_is(n->line, "route-policy")) {
		last = strrchr(n->line, ' ');
		snprintf(buf, len, "route-policy%s", last);
		return 1;
	}
	if (strchr(sp + 1, ' ') != NULL)
		return 0;
	for (i = 0; multi_leaves[i] != NULL; i++)
		if (first_word_is(n->line, multi_leaves[i]))
			return 0;
	snprintf(buf, len, "%.*s", (int)(sp - n->line), n->line);
	return 1;
}

static size_t
count_pair_key(struct ct_node *const *v, size_t n, const char *key)
{
	char	 k[256];
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (pair_key(v[i], k, sizeof(k)) && strcmp(k, key) == 0)
			c++;
	return c;
}

/*
 * om[i]: index in b matched to a[i], or -1; nm[j] likewise for b.  pm[i]:
 * index in b of the leaf that replaces unmatched leaf a[i], or -1.
 */
struct match {
	long	*om, *nm, *pm, *pn;
	long	*nx;	/* old index of the next kept item in b after j */
};

static void
match_free(struct match *m)
{
	free(m->om);
	free(m->nm);
	free(m->pm);
	free(m->pn);
	free(m->nx);
}

static int
match_kids(const struct ct_node *a, const struct ct_node *b, struct match *m)
{
	struct ref	*ra = NULL, *rb = NULL;
	size_t		 i, j;
	char		 k[256];

	memset(m, 0, sizeof(*m));
	m->om = calloc(a->nkids + 1, sizeof(long));
	m->pm = calloc(a->nkids + 1, sizeof(long));
	m->nm = calloc(b->nkids + 1, sizeof(long));
	m->pn = calloc(b->nkids + 1, sizeof(long));
	m->nx = calloc(b->nkids + 1, sizeof(long));
	ra = calloc(a->nkids + 1, sizeof(*ra));
	rb = calloc(b->nkids + 1, sizeof(*rb));
	if (!m->om || !m->pm || !m->nm || !m->pn || !m->nx || !ra || !rb) {
		free(ra);
		free(rb);
		match_free(m);
		return -1;
	}
	for (i = 0; i < a->nkids; i++) {
		m->om[i] = m->pm[i] = -1;
		ra[i].n = a->kids[i];
		ra[i].idx = i;
	}
	for (j = 0; j < b->nkids; j++) {
		m->nm[j] = m->pn[j] = -1;
		rb[j].n = b->kids[j];
		rb[j].idx = j;
	}
	qsort(ra, a->nkids, sizeof(*ra), ref_cmp);
	qsort(rb, b->nkids, sizeof(*rb), ref_cmp);
	i = j = 0;
	while (i < a->nkids && j < b->nkids) {
		int	 c = key_cmp(ra[i].n, rb[j].n);

		if (c < 0)
			i++;
		else if (c > 0)
			j++;
		else {
			m->om[ra[i].idx] = (long)rb[j].idx;
			m->nm[rb[j].idx] = (long)ra[i].idx;
			i++;
			j++;
		}
	}
	free(ra);
	free(rb);

	for (i = 0; i < a->nkids; i++) {
		if (m->om[i] != -1 || !pair_key(a->kids[i], k, sizeof(k)))
			continue;
		if (count_pair_key(a->kids, a->nkids, k) != 1 ||
		    count_pair_key(b->kids, b->nkids, k) != 1)
			continue;
		for (j = 0; j < b->nkids; j++) {
			char	 k2[256];

			if (m->nm[j] == -1 && m->pn[j] == -1 &&
			    pair_key(b->kids[j], k2, sizeof(k2)) &&
			    strcmp(k, k2) == 0) {
				m->pm[i] = (long)j;
				m->pn[j] = (long)i;
				break;
			}
		}
	}
	for (j = b->nkids; j-- > 0; ) {
		if (m->nm[j] != -1)
			m->nx[j] = m->nm[j];
		else if (m->pn[j] != -1)
			m->nx[j] = m->pn[j];
		else
			m->nx[j] = j + 1 < b->nkids ? m->nx[j + 1] : -1;
	}
	return 0;
}

/*
 * Walking the new list in order, old items that vanished are reported just
 * before the item that followed them (or its replacement).
 */
static size_t
flush_upto(const struct match *m, size_t j, size_t nb, size_t na)
{
	if (j == nb)
		return na;
	if (m->nm[j] != -1)
		return (size_t)m->nm[j];
	if (m->pn[j] != -1)
		return (size_t)m->pn[j];
	return m->nx[j] == -1 ? na : (size_t)m->nx[j];
}

/* --- change list and marked diff: one walk, two renderings --- */

/*
 * How a walk of two trees renders what it finds.  Each callback returns
 * the number of changed items it rendered.
 */
struct ct_emit {
	int	(*removed)(const struct ct_node *o, size_t, struct strbuf *);
	int	(*added)(const struct ct_node *n, size_t, struct strbuf *);
	/* a leaf replaced by one with the same key */
	int	(*replaced)(const struct ct_node *o, const struct ct_node *n,
		    size_t, struct strbuf *);
	/* an RPL object whose body changed */
	int	(*body)(const struct ct_node *o, const struct ct_node *n,
		    size_t, struct strbuf *);
	/* an unchanged line kept for context (block header or `!`) */
	void	(*context)(const char *line, size_t, struct strbuf *);
};

static int	walk_kids(const struct ct_node *, const struct ct_node *,
		    size_t, const struct ct_emit *, struct strbuf *);

/* A node present in both trees: nothing, its body, or its changed kids. */
static int
walk_node(const struct ct_node *o, const struct ct_node *n, size_t depth,
    const struct ct_emit *e, struct strbuf *out)
{
	int	 c;

	if (node_equal(o, n))
		return 0;
	if (n->body != NULL || o->body != NULL)
		return e->body(o, n, depth, out);
	e->context(n->line, depth, out);
	if ((c = walk_kids(o, n, depth + 1, e, out)) == -1)
		return -1;
	if (n->block || o->block)
		e->context("!", depth, out);
	return c;
}

static int
walk_kids(const struct ct_node *a, const struct ct_node *b, size_t depth,
    const struct ct_emit *e, struct strbuf *out)
{
	struct match	 m;
	size_t		 i = 0, j;
	int		 total = 0, c;

	if (match_kids(a, b, &m) == -1)
		return -1;
	for (j = 0; j <= b->nkids; j++) {
		size_t	 upto = flush_upto(&m, j, b->nkids, a->nkids);

		for (; i < upto && i < a->nkids; i++)
			if (m.om[i] == -1 && m.pm[i] == -1)
				total += e->removed(a->kids[i], depth, out);
		if (j == b->nkids)
			break;
		if (m.nm[j] != -1) {
			if (i == (size_t)m.nm[j])
				i++;
			c = walk_node(a->kids[m.nm[j]], b->kids[j], depth, e,
			    out);
		} else if (m.pn[j] != -1)
			c = e->replaced(a->kids[m.pn[j]], b->kids[j], depth,
			    out);
		else
			c = e->added(b->kids[j], depth, out);
		if (c == -1) {
			match_free(&m);
			return -1;
		}
		total += c;
	}
	match_free(&m);
	return total;
}

/* change list: CLI syntax, `no` lines for removals */

static int
count_lines(const struct ct_node *n)
{
	size_t	 i;
	int	 c = 1;

	if (n->body != NULL)
		return 1;
	for (i = 0; i < n->nkids; i++)
		c += count_lines(n->kids[i]);
	return c;
}

static int
chg_removed(const struct ct_node *o, size_t depth, struct strbuf *out)
{
	indent(out, depth);
	sb_printf(out, "no %.*s\n", (int)key_len(o), o->line);
	return 1;
}

static int
chg_added(const struct ct_node *n, size_t depth, struct strbuf *out)
{
	print_node(n, depth, out);
	return count_lines(n);
}

static int
chg_replaced(const struct ct_node *o, const struct ct_node *n, size_t depth,
    struct strbuf *out)
{
	(void)o;
	print_node(n, depth, out);
	return 1;
}

static void
chg_context(const char *line, size_t depth, struct strbuf *out)
{
	indent(out, depth);
	sb_printf(out, "%s\n", line);
}

static const struct ct_emit changes_emit = {
	chg_removed, chg_added, chg_replaced, chg_replaced, chg_context
};

static int
parse_pair(const char *from, const char *to, struct ct_node **a,
    struct ct_node **b)
{
	char	 err[128];

	if (ct_parse(from, a, err, sizeof(err)) == -1)
		return -1;
	if (ct_parse(to, b, err, sizeof(err)) == -1) {
		ct_free(*a);
		return -1;
	}
	return 0;
}

int
ct_changes(const char *from, const char *to, struct strbuf *out)
{
	struct ct_node	*a, *b;
	int		 c;

	if (parse_pair(from, to, &a, &b) == -1)
		return -1;
	c = walk_kids(a, b, 0, &changes_emit, out);
	ct_free(a);
	ct_free(b);
	return out->oom ? -1 : c;
}

/* --- marked diff --- */

static void
mark_line(struct strbuf *out, const char *mark, size_t depth,
    const char *line)
{
	sb_printf(out, "%s ", mark);
	indent(out, depth);
	sb_printf(out, "%s\n", line);
}

/* A whole subtree with one marker; closers are context, as XR shows. */
static void
mark_tree(const struct ct_node *n, const char *mark, size_t depth,
    struct strbuf *out)
{
	size_t		 i;
	const char	*p, *e;

	if (n->body != NULL) {
		for (p = n->body; *p != '\0'; p = *e ? e + 1 : e) {
			if ((e = strchr(p, '\n')) == NULL)
				e = p + strlen(p);
			sb_printf(out, "%s %.*s\n", mark, (int)(e - p), p);
		}
	} else
		mark_line(out, mark, depth, n->line);
	for (i = 0; i < n->nkids; i++)
		mark_tree(n->kids[i], mark, depth + 1, out);
	if (n->block)
		mark_line(out, "  ", depth, "!");
}

static int
diff_removed(const struct ct_node *o, size_t depth, struct strbuf *out)
{
	mark_tree(o, "- ", depth, out);
	return 1;
}

static int
diff_added(const struct ct_node *n, size_t depth, struct strbuf *out)
{
	mark_tree(n, "+ ", depth, out);
	return 1;
}

static int
diff_replaced(const struct ct_node *o, const struct ct_node *n, size_t depth,
    struct strbuf *out)
{
	mark_line(out, "<-", depth, o->line);
	mark_line(out, "+>", depth, n->line);
	return 1;
}

static int
diff_body(const struct ct_node *o, const struct ct_node *n, size_t depth,
    struct strbuf *out)
{
	mark_tree(o, "- ", depth, out);
	mark_tree(n, "+ ", depth, out);
	return 1;
}

static void
diff_context(const char *line, size_t depth, struct strbuf *out)
{
	mark_line(out, "  ", depth, line);
}

static const struct ct_emit diff_emit = {
	diff_removed, diff_added, diff_replaced, diff_body, diff_context
};

int
ct_diff(const char *from, const char *to, struct strbuf *out)
{
	struct ct_node	*a, *b;
	int		 c;

	if (parse_pair(from, to, &a, &b) == -1)
		return -1;
	c = walk_kids(a, b, 0, &diff_emit, out);
	ct_free(a);
	ct_free(b);
	return out->oom ? -1 : c;
}

/* --- sections --- */

/* keywords whose next word is a name, never abbreviated */
static const char *const name_keywords[] = {
	"route-policy", "prefix-set", "community-set", "as-path-set",
	"large-community-set", "rd-set", "rt", "soo", "opaque",
	"neighbor-group", "session-group", "af-group", "vrf", "hostname",
	"interface", "update-source", "encrypted", "clear", NULL
};

/*
 * 1 if word p of a line is a keyword.  Text has no grammar, so arguments
 * are told by shape (numbers, addresses, anything with upper case or
 * punctuation), by following a keyword that takes a name, or by being
 * part of a description.
 */
static int
is_keyword(char *const *v, size_t p)
{
	const char	*s;
	size_t		 q;
	int		 alpha = 0;

	for (q = 0; q < p; q++)
		if (strcmp(v[q], "description") == 0)
			return 0;
	if (p > 0)
		for (q = 0; name_keywords[q] != NULL; q++)
			if (strcmp(v[p - 1], name_keywords[q]) == 0)
				return 0;
	for (s = v[p]; *s != '\0'; s++) {
		if (*s >= 'a' && *s <= 'z')
			alpha = 1;
		else if (!(*s >= '0' && *s <= '9') && *s != '-')
			return 0;
	}
	return alpha;
}

/* How one line matched the leading tokens of a path step. */
struct sel {
	char	 buf[512];
	char	*v[CT_MAXTOK];
	size_t	 nt;		/* words of the line's key */
	size_t	 m;		/* tokens matched */
	char	 pfx[CT_MAXTOK];	/* token p abbreviated word p */
	int	 kind;		/* 0 no match, 2 the item, 1 enclosing */
	int	 sub;		/* items found below (kind 1) */
};

/* Splits a node's key into words. */
static void
split_key(const struct ct_node *n, struct sel *s)
{
	size_t	 kl = key_len(n);
	char	*p, *w;

	if (kl >= sizeof(s->buf))
		kl = sizeof(s->buf) - 1;
	memcpy(s->buf, n->line, kl);
	s->buf[kl] = '\0';
	s->nt = 0;
	p = s->buf;
	while (s->nt < CT_MAXTOK && (w = strsep(&p, " ")) != NULL)
		if (*w != '\0')
			s->v[s->nt++] = w;
}

static int
same_words(const struct sel *a, const struct sel *b, size_t n)
{
	size_t	 q;

	if (a->nt < n || b->nt < n)
		return 0;
	for (q = 0; q < n; q++)
		if (strcmp(a->v[q], b->v[q]) != 0)
			return 0;
	return 1;
}

/*
 * An abbreviation at word p of line i stands only if no sibling with the
 * same leading words has the token there exactly (an exact match wins)
 * and no other selected sibling read it as a different keyword.
 */
static int
abbrev_stands(const struct sel *s, size_t ns, size_t i, size_t p,
    const char *tok)
{
	size_t	 j;

	for (j = 0; j < ns; j++) {
		if (j == i || !same_words(&s[i], &s[j], p) || s[j].nt <= p)
			continue;
		if (strcmp(s[j].v[p], tok) == 0)
			return 0;
		if (s[j].kind != 0 && s[j].m > p && s[j].pfx[p] &&
		    strcmp(s[j].v[p], s[i].v[p]) != 0)
			return 0;
	}
	return 1;
}

static void
clear_marks(struct ct_node *n)
{
	size_t	 i;

	n->mark = 0;
	for (i = 0; i < n->nkids; i++)
		clear_marks(n->kids[i]);
}

/*
 * Marks selected nodes: 2 = the item itself, 1 = an enclosing block.  A
 * node's last word may be left out of the path (`router bgp neighbor X`
 * skips the AS number).  Keywords abbreviate like XR's (`r bg nei X`):
 * a token stands for a keyword it is a prefix of when, among the siblings
 * that match the path, it reads as that keyword only.  Returns the number
 * of items selected, -1 on allocation failure.
 */
static int
select_kids(struct ct_node *parent, const char *const *toks, size_t ntok)
{
	struct sel	*s;
	size_t		 i, m, p, tl;
	int		 found = 0;

	if (parent->nkids == 0)
		return 0;
	if ((s = calloc(parent->nkids, sizeof(*s))) == NULL)
		return -1;
	for (i = 0; i < parent->nkids; i++) {
		split_key(parent->kids[i], &s[i]);
		for (m = 0; m < s[i].nt && m < ntok; m++) {
			tl = strlen(toks[m]);
			if (strcmp(s[i].v[m], toks[m]) == 0)
				continue;
			if (strlen(s[i].v[m]) <= tl ||
			    strncmp(s[i].v[m], toks[m], tl) != 0 ||
			    !is_keyword(s[i].v, m))
				break;
			s[i].pfx[m] = 1;
		}
		s[i].m = m;
		if (m == ntok)
			s[i].kind = 2;
		else if (m == s[i].nt || (m >= 1 && m + 1 == s[i].nt)) {
			s[i].sub = select_kids(parent->kids[i], toks + m,
			    ntok - m);
			if (s[i].sub == -1) {
				free(s);
				return -1;
			}
			s[i].kind = s[i].sub > 0;
		}
	}
	for (i = 0; i < parent->nkids; i++) {
		if (s[i].kind == 0)
			continue;
		for (p = 0; p < s[i].m; p++)
			if (s[i].pfx[p] &&
			    !abbrev_stands(s, parent->nkids, i, p, toks[p]))
				break;
		if (p < s[i].m)
			continue;	/* ambiguous, or an exact match won */
		parent->kids[i]->mark = s[i].kind;
		found += s[i].kind == 2 ? 1 : s[i].sub;
	}
	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i]->mark == 0 && s[i].sub > 0)
			clear_marks(parent->kids[i]);
	free(s);
	return found;
}

static void
print_marked(const struct ct_node *parent, size_t depth, struct strbuf *out)
{
	size_t	 i;

	for (i = 0; i < parent->nkids; i++) {
		const struct ct_node	*n = parent->kids[i];

		if (n->mark == 2)
			print_node(n, depth, out);
		else if (n->mark == 1) {
			indent(out, depth);
			sb_printf(out, "%s\n", n->line);
			print_marked(n, depth + 1, out);
			if (n->block) {
				indent(out, depth);
				sb_puts(out, "!\n");
			}
		}
	}
}

int
ct_section(const char *text, const char *const *toks, size_t ntok,
    struct strbuf *out)
{
	struct ct_node	*root;
	int		 found;
	char		 err[128];

	if (ct_parse(text, &root, err, sizeof(err)) == -1)
		return -1;
	found = ntok == 0 ? 0 : select_kids(root, toks, ntok);
	if (found > 0)
		print_marked(root, 0, out);
	ct_free(root);
	return out->oom ? -1 : found;
}

int
ct_path_is_block(const char *text, const char *path)
{
	struct ct_node	*root, *want, *n, *w;
	size_t		 i;
	int		 rc = -1;
	char		 err[128];

	if (ct_parse(text, &root, err, sizeof(err)) == -1)
		return -1;
	if (ct_parse(path, &want, err, sizeof(err)) == -1) {
		ct_free(root);
		return -1;
	}
	/* the path parses to a chain: one kid per level */
	for (n = root, w = want; w->nkids == 1; w = w->kids[0]) {
		for (i = 0; i < n->nkids; i++)
			if (key_cmp(n->kids[i], w->kids[0]) == 0)
				break;
		if (i == n->nkids)
			break;
		n = n->kids[i];
	}
	if (w->nkids == 0 && n != root)
		rc = n->body == NULL && n->block;	/* RPL: end-* closes */
	ct_free(root);
	ct_free(want);
	return rc;
}
