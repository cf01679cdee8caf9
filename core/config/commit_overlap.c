/*
 * commit_overlap: the three-way comparison behind a commit whose base
 * moved (see commit_overlap.h).  The three texts are parsed
 * (core/config/cfgtext.h) and cut into commit items with the keys
 * commit_best.c uses; an item is changed on a side when its nodes there
 * differ from the base's.  The merge borrows nodes from the parsed trees
 * and prints them in the canonical item order, which the loader needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/cfgtext.h"
#include "core/config/commit.h"
#include "core/config/commit_overlap.h"

enum { OV_BASE, OV_MINE, OV_THEIRS, OV_SIDES };

struct ov_item {
	char			 *key;
	const struct ct_node	**n[OV_SIDES];
	size_t			  nn[OV_SIDES];
	size_t			  seq;		/* order found */
	int			  split;	/* the router bgp placeholder */
};

struct ov_list {
	struct ov_item	*v;
	size_t		 n, cap;
};

struct ov {
	struct ct_node		*root[OV_SIDES];
	struct ov_list		 top;
	struct ov_list		 bgp;		/* under a split router bgp */
	const struct ct_node	*bgp_node;	/* its line (same on all sides) */
};

static int
first_word_is(const char *line, const char *w)
{
	size_t	 n = strlen(w);

	return strncmp(line, w, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

static const struct ct_node *
bgp_of(const struct ct_node *root)
{
	size_t	 i;

	for (i = 0; i < root->nkids; i++)
		if (first_word_is(root->kids[i]->line, "router") &&
		    strstr(root->kids[i]->line, " bgp ") != NULL)
			return root->kids[i];
	return NULL;
}

static struct ov_item *
item_get(struct ov_list *l, const char *key)
{
	struct ov_item	*nv;
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	if (l->n == l->cap) {
		size_t	 ncap = l->cap ? l->cap * 2 : 16;

		if ((nv = reallocarray(l->v, ncap, sizeof(*nv))) == NULL)
			return NULL;
		l->v = nv;
		l->cap = ncap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].seq = l->n;
	if ((l->v[l->n].key = strdup(key)) == NULL)
		return NULL;
	return &l->v[l->n++];
}

static int
push(struct ov_item *it, int side, const struct ct_node *node)
{
	const struct ct_node	**nv;

	nv = reallocarray(it->n[side], it->nn[side] + 1, sizeof(*nv));
	if (nv == NULL)
		return -1;
	nv[it->nn[side]++] = node;
	it->n[side] = nv;
	return 0;
}

static void
list_free(struct ov_list *l)
{
	size_t	 i;
	int	 s;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		for (s = 0; s < OV_SIDES; s++)
			free(l->v[i].n[s]);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
add_side(struct ov *o, int side)
{
	const struct ct_node	*root = o->root[side], *n, *k;
	struct ov_item		*it;
	char			*key;
	size_t			 i, j;

	for (i = 0; i < root->nkids; i++) {
		n = root->kids[i];
		if (o->bgp_node != NULL && strcmp(n->line,
		    o->bgp_node->line) == 0) {
			if ((it = item_get(&o->top, "router bgp")) == NULL)
				return -1;
			it->split = 1;
			for (j = 0; j < n->nkids; j++) {
				k = n->kids[j];
				/* blocks by their line; the leaves are one */
				it = item_get(&o->bgp, k->block ? k->line : "");
				if (it == NULL || push(it, side, k) == -1)
					return -1;
			}
			continue;
		}
		if ((key = commit_item_key(n->line)) == NULL)
			return -1;
		it = item_get(&o->top, key);
		free(key);
		if (it == NULL || push(it, side, n) == -1)
			return -1;
	}
	return 0;
}

static int
same(const struct ov_item *it, int a, int b)
{
	size_t	 i;

	if (it->nn[a] != it->nn[b])
		return 0;
	for (i = 0; i < it->nn[a]; i++)
		if (!commit_item_equal(it->n[a][i], it->n[b][i]))
			return 0;
	return 1;
}

static int
changed(const struct ov_item *it, int side)
{
	return !it->split && !same(it, OV_BASE, side);
}

static int
conflict(const struct ov_item *it)
{
	return changed(it, OV_MINE) && changed(it, OV_THEIRS) &&
	    !same(it, OV_MINE, OV_THEIRS);
}

static int
item_cmp(const void *x, const void *y, void *sub)
{
	const struct ov_item	*a = x, *b = y;

	return commit_item_cmp(a->key, a->seq, b->key, b->seq, *(int *)sub);
}

/*
 * Items found in running's order first (the merge starts from it), then
 * the candidate's, then those only the base has; sorted canonically.
 */
static int
ov_init(struct ov *o, const char *const text[OV_SIDES], char *err,
    size_t errlen)
{
	static const int	 order[OV_SIDES] = {
		OV_THEIRS, OV_MINE, OV_BASE
	};
	const struct ct_node	*b[OV_SIDES];
	int			 s, split = 1;

	memset(o, 0, sizeof(*o));
	for (s = 0; s < OV_SIDES; s++)
		if (ct_parse(text[s], &o->root[s], err, errlen) == -1)
			return -1;
	for (s = 0; s < OV_SIDES; s++) {
		b[s] = bgp_of(o->root[s]);
		if (b[s] == NULL || strcmp(b[s]->line, b[0] != NULL ?
		    b[0]->line : "") != 0)
			split = 0;
	}
	if (split)
		o->bgp_node = b[OV_THEIRS];
	for (s = 0; s < OV_SIDES; s++)
		if (add_side(o, order[s]) == -1) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	if (o->top.n > 0)
		qsort_r(o->top.v, o->top.n, sizeof(o->top.v[0]), item_cmp,
		    &(int){ 0 });	/* top level */
	if (o->bgp.n > 0)
		qsort_r(o->bgp.v, o->bgp.n, sizeof(o->bgp.v[0]), item_cmp,
		    &(int){ 1 });	/* under router bgp */
	return 0;
}

static void
ov_free(struct ov *o)
{
	int	 s;

	for (s = 0; s < OV_SIDES; s++)
		ct_free(o->root[s]);
	list_free(&o->top);
	list_free(&o->bgp);
}

static int
name_conflicts(const struct ov *o, struct strbuf *which)
{
	size_t	 i;

	for (i = 0; i < o->top.n; i++)
		if (conflict(&o->top.v[i]))
			sb_printf(which, "%s\n", o->top.v[i].key);
	for (i = 0; i < o->bgp.n; i++) {
		if (!conflict(&o->bgp.v[i]))
			continue;
		if (o->bgp.v[i].key[0] == '\0')
			sb_printf(which, "%s (global settings)\n",
			    o->bgp_node->line);
		else
			sb_printf(which, "%s %s\n", o->bgp_node->line,
			    o->bgp.v[i].key);
	}
	return which->oom ? -1 : 0;
}

/* Appends a borrowed node to parent's kids (only the array is owned). */
static int
adopt(struct ct_node *parent, const struct ct_node *n)
{
	struct ct_node	**nk;

	if (parent->nkids == parent->cap) {
		size_t	 ncap = parent->cap ? parent->cap * 2 : 16;

		if ((nk = reallocarray(parent->kids, ncap, sizeof(*nk))) ==
		    NULL)
			return -1;
		parent->kids = nk;
		parent->cap = ncap;
	}
	parent->kids[parent->nkids++] = (struct ct_node *)n;
	return 0;
}

/* Each item from the session's side when the session changed it. */
static int
add_items(struct ct_node *parent, const struct ov_list *l,
    struct ct_node *bgp)
{
	const struct ov_item	*it;
	size_t			 i, j;
	int			 side;

	for (i = 0; i < l->n; i++) {
		it = &l->v[i];
		if (it->split) {
			if (adopt(parent, bgp) == -1)
				return -1;
			continue;
		}
		side = changed(it, OV_MINE) ? OV_MINE : OV_THEIRS;
		for (j = 0; j < it->nn[side]; j++)
			if (adopt(parent, it->n[side][j]) == -1)
				return -1;
	}
	return 0;
}

static char *
merge(const struct ov *o)
{
	struct ct_node	 root, bgp;
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc = 0;

	memset(&root, 0, sizeof(root));
	memset(&bgp, 0, sizeof(bgp));
	if (o->bgp_node != NULL) {
		bgp.line = o->bgp_node->line;
		bgp.block = 1;
		rc = add_items(&bgp, &o->bgp, NULL);
	}
	if (rc == 0)
		rc = add_items(&root, &o->top, &bgp);
	if (rc == 0)
		rc = ct_print(&root, &sb);
	free(root.kids);
	free(bgp.kids);
	if (rc == -1 || sb.oom) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf != NULL ? sb_steal(&sb) : strdup("");
}

int
commit_overlap(const char *base, const char *mine, const char *theirs,
    char **merged, struct strbuf *which, char *err, size_t errlen)
{
	const char	*text[OV_SIDES];
	struct ov	 o;
	size_t		 i;
	int		 found = 0;

	if (merged != NULL)
		*merged = NULL;
	text[OV_BASE] = base;
	text[OV_MINE] = mine;
	text[OV_THEIRS] = theirs;
	if (ov_init(&o, text, err, errlen) == -1) {
		ov_free(&o);
		return -1;
	}
	for (i = 0; i < o.top.n; i++)
		found |= conflict(&o.top.v[i]);
	for (i = 0; i < o.bgp.n; i++)
		found |= conflict(&o.bgp.v[i]);
	if (found && which != NULL && name_conflicts(&o, which) == -1)
		goto oom;
	if (!found && merged != NULL && (*merged = merge(&o)) == NULL)
		goto oom;
	ov_free(&o);
	return found;
oom:
	ov_free(&o);
	snprintf(err, errlen, "out of memory");
	return -1;
}
