/*
 * commit_best: `commit best-effort` (see commit.h).  The candidate's
 * changes against running are cut into items on the canonical text
 * (core/config/cfgtext.h), a configuration made of running plus the items
 * that verify is committed, and the others are reported.
 *
 * Items: the hostname, each RPL object (a set or a route-policy), and the
 * router bgp configuration.  When running and the candidate have the same
 * `router bgp ASN`, each block under it (a neighbor, a neighbor-group,
 * session-group or af-group, a global address family) is an item and its
 * global settings together are one; when the ASN changes (or BGP comes or
 * goes) the whole `router bgp` is one item.
 *
 * Which items fail: the errors of the whole candidate name their items
 * (an error's path starts with the item's lines); those are dropped and
 * the rest is verified again, until it verifies.  An error that names no
 * changed item (an unchanged neighbor broken because the candidate
 * deletes the policy it uses) cannot be pinned that way; then the changed
 * items (those already named too) are added one at a time, in passes until
 * no more can be added, and the ones that never verify are the failing
 * ones.  That costs a load and
 * a verification of the whole configuration per attempt; it is only taken
 * when an error names no item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/cfgtext.h"
#include "core/config/commit.h"

enum be_state {
	BE_SAME,	/* unchanged: running's nodes */
	BE_TRY,		/* changed, candidate's nodes in the next attempt */
	BE_FAILED	/* changed, skipped: running's nodes */
};

struct be_item {
	char			 *key;
	const struct ct_node	**from;		/* running's nodes */
	size_t			  nfrom;
	const struct ct_node	**to;		/* the candidate's nodes */
	size_t			  nto;
	int			  split;	/* the router bgp placeholder */
	size_t			  seq;		/* order found */
	enum be_state		  state;
	struct cfg_errors	  errs;		/* why it failed */
};

struct be_list {
	struct be_item	*v;
	size_t		 n, cap;
};

struct be {
	struct commit_db	*db;
	struct ct_node		*from, *to;	/* parsed running, candidate */
	struct be_list		 top;
	struct be_list		 bgp;		/* items under a split router bgp */
	const struct ct_node	*bgp_node;	/* its `router bgp ASN` */
	int			 bgp_from;	/* running has it */
	int			 bgp_to;	/* the candidate has it */
};

static int
first_word_is(const char *line, const char *w)
{
	size_t	 n = strlen(w);

	return strncmp(line, w, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

/*
 * The item a top-level line belongs to: "router bgp" whatever the ASN, an
 * RPL object by kind and name (without its parameters), else the first
 * word (`hostname`).
 */
char *
commit_item_key(const char *line)
{
	size_t	 n;

	if (first_word_is(line, "router")) {
		n = 6 + strspn(line + 6, " ");
		n += strcspn(line + n, " ");
		return strndup(line, n);
	}
	if (ct_is_rpl_header(line))
		return strndup(line, strcspn(line, "("));
	return strndup(line, strcspn(line, " "));
}

int
commit_item_equal(const struct ct_node *a, const struct ct_node *b)
{
	size_t	 i;

	if (strcmp(a->line, b->line) != 0 || a->nkids != b->nkids ||
	    a->block != b->block || (a->body == NULL) != (b->body == NULL) ||
	    (a->body != NULL && strcmp(a->body, b->body) != 0))
		return 0;
	for (i = 0; i < a->nkids; i++)
		if (!commit_item_equal(a->kids[i], b->kids[i]))
			return 0;
	return 1;
}

static int
push_node(const struct ct_node ***v, size_t *n, const struct ct_node *node)
{
	const struct ct_node	**nv;

	if ((nv = reallocarray(*v, *n + 1, sizeof(**v))) == NULL)
		return -1;
	nv[(*n)++] = node;
	*v = nv;
	return 0;
}

/* The item of `key` in l, created when absent; NULL on ENOMEM. */
static struct be_item *
item_get(struct be_list *l, const char *key)
{
	struct be_item	*nv;
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if ((nv = reallocarray(l->v, l->cap, sizeof(*nv))) == NULL)
			return NULL;
		l->v = nv;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	cfg_errors_init(&l->v[l->n].errs);
	l->v[l->n].seq = l->n;
	if ((l->v[l->n].key = strdup(key)) == NULL)
		return NULL;
	return &l->v[l->n++];
}

static void
list_free(struct be_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].from);
		free(l->v[i].to);
		cfg_errors_free(&l->v[i].errs);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Adds a side's nodes to the items; to: the candidate's side. */
static int
add_side(struct be *b, const struct ct_node *root, int to)
{
	struct be_item		*it;
	const struct ct_node	*n, *k;
	char			*key;
	size_t			 i, j;

	for (i = 0; i < root->nkids; i++) {
		n = root->kids[i];
		if (b->bgp_node != NULL && strcmp(n->line,
		    b->bgp_node->line) == 0) {
			if ((it = item_get(&b->top, "router bgp")) == NULL)
				return -1;
			it->split = 1;
			/* blocks by their line; the leaves are one item */
			for (j = 0; j < n->nkids; j++) {
				k = n->kids[j];
				it = item_get(&b->bgp, k->block ? k->line : "");
				if (it == NULL || push_node(to ? &it->to :
				    &it->from, to ? &it->nto : &it->nfrom, k) ==
				    -1)
					return -1;
			}
			continue;
		}
		if ((key = commit_item_key(n->line)) == NULL)
			return -1;
		it = item_get(&b->top, key);
		free(key);
		if (it == NULL || push_node(to ? &it->to : &it->from,
		    to ? &it->nto : &it->nfrom, n) == -1)
			return -1;
	}
	return 0;
}

/* The one `router bgp` line of a side, or NULL. */
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

/*
 * The canonical order of the printer, which the loader needs (a top-level
 * line after a router bgp block is read inside it): hostname, sets,
 * policies, router bgp; under router bgp the global settings, the address
 * families, then af-, session- and neighbor-groups, then neighbors.
 */
int
commit_item_rank(const char *key, int sub)
{
	static const char *const top[] = {
		"hostname", "commit", "-set", "route-policy", "router", NULL
	};
	static const char *const bgp[] = {
		"", "address-family", "af-group", "session-group",
		"neighbor-group", "neighbor", NULL
	};
	const char *const	*v = sub ? bgp : top;
	size_t			 n = strcspn(key, " "), k;
	int			 i;

	for (i = 0; v[i] != NULL; i++) {
		k = strlen(v[i]);
		if (v[i][0] == '-' ? n > k && strncmp(key + n - k, v[i], k) ==
		    0 : n == k && strncmp(key, v[i], k) == 0)
			return i;
	}
	return i;
}

int
commit_item_cmp(const char *ka, size_t seqa, const char *kb, size_t seqb,
    int sub)
{
	int	 ra = commit_item_rank(ka, sub), rb = commit_item_rank(kb, sub);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return seqa < seqb ? -1 : seqa > seqb;
}

static int
item_cmp(const void *x, const void *y, void *sub)
{
	const struct be_item	*a = x, *b = y;

	return commit_item_cmp(a->key, a->seq, b->key, b->seq, *(int *)sub);
}

static void
mark_changed(struct be_list *l)
{
	struct be_item	*it;
	size_t		 i, j;

	for (i = 0; i < l->n; i++) {
		it = &l->v[i];
		it->state = BE_SAME;
		if (it->split)
			continue;
		if (it->nfrom != it->nto)
			it->state = BE_TRY;
		for (j = 0; it->state == BE_SAME && j < it->nfrom; j++)
			if (!commit_item_equal(it->from[j], it->to[j]))
				it->state = BE_TRY;
	}
}

/*
 * Items of the candidate's side first, in its (canonical) order, then
 * those only running has: the candidate is parsed second and items are
 * found by key, so build them from it, then from running.
 */
static int
be_init(struct be *b, struct commit_db *db, const char *from,
    const char *to, char *err, size_t errlen)
{
	const struct ct_node	*bf, *bt;

	memset(b, 0, sizeof(*b));
	b->db = db;
	if (ct_parse(from, &b->from, err, errlen) == -1 ||
	    ct_parse(to, &b->to, err, errlen) == -1)
		return -1;
	/* split unless the ASN changes: BGP added or removed is split too */
	bf = bgp_of(b->from);
	bt = bgp_of(b->to);
	if (bf == NULL || bt == NULL || strcmp(bf->line, bt->line) == 0) {
		b->bgp_node = bf != NULL ? bf : bt;
		b->bgp_from = bf != NULL;
		b->bgp_to = bt != NULL;
	}
	if (add_side(b, b->to, 1) == -1 || add_side(b, b->from, 0) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	mark_changed(&b->top);
	mark_changed(&b->bgp);
	if (b->top.n > 0)
		qsort_r(b->top.v, b->top.n, sizeof(b->top.v[0]), item_cmp,
		    &(int){ 0 });	/* top level */
	if (b->bgp.n > 0)
		qsort_r(b->bgp.v, b->bgp.n, sizeof(b->bgp.v[0]), item_cmp,
		    &(int){ 1 });	/* under router bgp */
	return 0;
}

static void
be_free(struct be *b)
{
	ct_free(b->from);
	ct_free(b->to);
	list_free(&b->top);
	list_free(&b->bgp);
}

/* The nodes an item contributes to the next attempt. */
static void
item_nodes(const struct be_item *it, const struct ct_node *const **v,
    size_t *n)
{
	if (it->state == BE_TRY) {
		*v = it->to;
		*n = it->nto;
	} else {
		*v = it->from;
		*n = it->nfrom;
	}
}

static int
add_kids(struct ct_node *parent, const struct be_list *l)
{
	const struct ct_node *const	*v;
	struct ct_node			**nk;
	size_t				 i, j, n;

	for (i = 0; i < l->n; i++) {
		item_nodes(&l->v[i], &v, &n);
		for (j = 0; j < n; j++) {
			if (parent->nkids == parent->cap) {
				parent->cap = parent->cap ? parent->cap * 2 :
				    16;
				nk = reallocarray(parent->kids, parent->cap,
				    sizeof(*nk));
				if (nk == NULL)
					return -1;
				parent->kids = nk;
			}
			/* borrowed: only the kids arrays are freed */
			parent->kids[parent->nkids++] = (struct ct_node *)v[j];
		}
	}
	return 0;
}

/*
 * Whether the next attempt has a `router bgp`: running's stays unless the
 * candidate removes it and every change under it is taken; a new one
 * comes with the first change under it that is taken.
 */
static int
bgp_present(const struct be *b)
{
	size_t	 i;
	int	 all = 1, any = 0;

	for (i = 0; i < b->bgp.n; i++) {
		if (b->bgp.v[i].state == BE_TRY)
			any = 1;
		else if (b->bgp.v[i].state == BE_FAILED)
			all = 0;
	}
	return b->bgp_from ? b->bgp_to || !all || !any : any;
}

/* Renders running with the items in BE_TRY state taken from the candidate. */
static char *
be_render(const struct be *b)
{
	struct ct_node	 root, bgp;
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 i;
	int		 rc = 0;

	memset(&root, 0, sizeof(root));
	memset(&bgp, 0, sizeof(bgp));
	if (b->bgp_node != NULL) {
		bgp.line = b->bgp_node->line;
		bgp.block = 1;
		rc = add_kids(&bgp, &b->bgp);
	}
	for (i = 0; rc == 0 && i < b->top.n; i++) {
		struct be_list	 one = { &b->top.v[i], 1, 1 };

		if (b->top.v[i].split) {
			if (!bgp_present(b))
				continue;
			if (root.nkids == root.cap) {
				struct ct_node	**nk;

				root.cap = root.cap ? root.cap * 2 : 16;
				nk = reallocarray(root.kids, root.cap,
				    sizeof(*nk));
				if (nk == NULL) {
					rc = -1;
					break;
				}
				root.kids = nk;
			}
			root.kids[root.nkids++] = &bgp;
		} else
			rc = add_kids(&root, &one);
	}
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

/*
 * Loads and verifies the next attempt: 1 it verifies (*out the config),
 * 0 it does not (errs filled; a configuration that does not even load
 * gets one error without a path), -1 out of memory.
 */
static int
be_try(const struct be *b, struct config **out, struct cfg_errors *errs,
    char *err, size_t errlen)
{
	struct config	*c;
	char		*text, lerr[512];

	*out = NULL;
	if ((text = be_render(b)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c = commit_load(b->db, text, lerr, sizeof(lerr));
	free(text);
	if (c == NULL) {
		cfg_error_add(errs, "", "%s", lerr);
		return 0;
	}
	if (commit_verify(b->db, c, errs) > 0) {
		config_free(c);
		return 0;
	}
	*out = c;
	return 1;
}

/* The changed item an error's path names, or NULL. */
static struct be_item *
item_of_path(struct be *b, const char *path)
{
	struct be_item	*it = NULL;
	const char	*nl = strchr(path, '\n'), *second;
	char		*first, *key;
	size_t		 i, n;

	if ((first = strndup(path, nl ? (size_t)(nl - path) :
	    strlen(path))) == NULL || (key = commit_item_key(first)) == NULL) {
		free(first);
		return NULL;
	}
	for (i = 0; i < b->top.n; i++)
		if (strcmp(b->top.v[i].key, key) == 0)
			it = &b->top.v[i];
	free(key);
	if (it != NULL && it->split) {
		it = NULL;
		if (strcmp(first, b->bgp_node->line) == 0) {
			second = nl ? nl + 1 + strspn(nl + 1, " ") : "";
			n = strcspn(second, "\n");
			for (i = 0; i < b->bgp.n && it == NULL; i++)
				if (b->bgp.v[i].key[0] != '\0' &&
				    strlen(b->bgp.v[i].key) == n &&
				    strncmp(b->bgp.v[i].key, second, n) == 0)
					it = &b->bgp.v[i];
			/* a global setting, or router bgp itself */
			for (i = 0; i < b->bgp.n && it == NULL; i++)
				if (b->bgp.v[i].key[0] == '\0')
					it = &b->bgp.v[i];
		}
	}
	free(first);
	return it != NULL && it->state == BE_TRY ? it : NULL;
}

static int
copy_errors(struct cfg_errors *dst, const struct cfg_errors *src)
{
	size_t	 i;

	for (i = 0; i < src->n; i++)
		if (cfg_error_add(dst, src->v[i].path, "%s", src->v[i].msg) ==
		    -1)
			return -1;
	return 0;
}

/*
 * Fails the items the errors name; returns how many, -1 on ENOMEM.  An
 * error that names no item is left for the item-by-item search.
 */
static int
fail_named(struct be *b, const struct cfg_errors *errs)
{
	struct be_item	*it;
	size_t		 i;
	int		 n = 0;

	for (i = 0; i < errs->n; i++) {
		if ((it = item_of_path(b, errs->v[i].path)) == NULL)
			continue;
		if (cfg_error_add(&it->errs, errs->v[i].path, "%s",
		    errs->v[i].msg) == -1)
			return -1;
		n++;
	}
	/* only now: several errors may name one item */
	for (i = 0; i < b->top.n; i++)
		if (b->top.v[i].state == BE_TRY && b->top.v[i].errs.n > 0)
			b->top.v[i].state = BE_FAILED;
	for (i = 0; i < b->bgp.n; i++)
		if (b->bgp.v[i].state == BE_TRY && b->bgp.v[i].errs.n > 0)
			b->bgp.v[i].state = BE_FAILED;
	return n;
}

/* Every item, top level then router bgp, for the one-by-one search. */
static struct be_item *
nth_item(struct be *b, size_t i)
{
	return i < b->top.n ? &b->top.v[i] : &b->bgp.v[i - b->top.n];
}

/*
 * Adds the BE_TRY items one at a time to running plus the items already
 * accepted, in passes until a pass adds none; the rest fail with the
 * errors of their last attempt.  *out: the last configuration that
 * verified (NULL when none was accepted).
 */
static int
one_by_one(struct be *b, struct config **out, char *err, size_t errlen)
{
	struct cfg_errors	 errs;
	struct config		*c;
	struct be_item		*it;
	size_t			 total = b->top.n + b->bgp.n, i;
	enum be_state		*want;
	int			 progress, rc;

	*out = NULL;
	if ((want = calloc(total ? total : 1, sizeof(*want))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/*
	 * want: the changed items still to place, all out of the attempt at
	 * first.  Those an error named get another chance: the error may
	 * come from another item (a neighbor changed, the policy it uses
	 * deleted).
	 */
	for (i = 0; i < total; i++) {
		it = nth_item(b, i);
		want[i] = it->state == BE_SAME ? BE_SAME : BE_TRY;
		if (it->state == BE_TRY)
			it->state = BE_FAILED;
	}
	cfg_errors_init(&errs);
	do {
		progress = 0;
		for (i = 0; i < total; i++) {
			it = nth_item(b, i);
			if (want[i] != BE_TRY)
				continue;
			it->state = BE_TRY;
			cfg_errors_free(&errs);
			if ((rc = be_try(b, &c, &errs, err, errlen)) == -1)
				goto fail;
			if (rc == 1) {
				config_free(*out);
				*out = c;
				want[i] = BE_SAME;	/* placed */
				cfg_errors_free(&it->errs);
				progress = 1;
				continue;
			}
			it->state = BE_FAILED;
			cfg_errors_free(&it->errs);
			if (copy_errors(&it->errs, &errs) == -1) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		}
	} while (progress);
	/* placed items stay BE_TRY, the others BE_FAILED with their errors */
	cfg_errors_free(&errs);
	free(want);
	return 0;
fail:
	cfg_errors_free(&errs);
	free(want);
	config_free(*out);
	*out = NULL;
	return -1;
}

/* "router bgp 1 neighbor 10.0.0.2", "no route-policy P": the item. */
static int
item_name(const struct be *b, const struct be_item *it, int sub,
    struct strbuf *sb)
{
	const struct ct_node	*n;

	n = it->nto > 0 ? it->to[0] : it->from[0];
	if (it->nto == 0)
		sb_puts(sb, "no ");
	if (sub) {
		sb_printf(sb, "%s ", b->bgp_node->line);
		if (it->key[0] == '\0') {
			sb_puts(sb, "(global settings)");
			return sb->oom ? -1 : 0;
		}
	}
	sb_puts(sb, it->key[0] != '\0' && n->body != NULL ? it->key :
	    n->line);
	return sb->oom ? -1 : 0;
}

/* One skip per failed item (path: its name, msg: its first reason). */
static int
report(struct be *b, struct cfg_errors *errs, struct cfg_errors *skips)
{
	struct strbuf	 name = STRBUF_INIT;
	struct be_item	*it;
	size_t		 i, total = b->top.n + b->bgp.n;
	int		 rc = 0;

	for (i = 0; rc == 0 && i < total; i++) {
		it = nth_item(b, i);
		if (it->state != BE_FAILED)
			continue;
		sb_reset(&name);
		if (item_name(b, it, i >= b->top.n, &name) == -1 ||
		    copy_errors(errs, &it->errs) == -1 ||
		    cfg_error_add(skips, sb_str(&name), "%s", it->errs.n > 0 ?
		    it->errs.v[0].msg : "failed verification") == -1)
			rc = -1;
	}
	sb_free(&name);
	return rc;
}

static char *
text_of(const struct config *c)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (config_print(c, &sb) == -1 || sb.oom) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf != NULL ? sb_steal(&sb) : strdup("");
}

enum commit_status
commit_apply_best_effort(struct commit_db *db, const struct config *cand,
    const struct commit_opts *o, struct cfg_errors *errs,
    struct cfg_errors *skips, char *err, size_t errlen)
{
	struct cfg_errors	 cur;
	struct config		*c = NULL;
	struct be		 b;
	enum commit_status	 st;
	char			*to;
	size_t			 i, guard;
	int			 rc, any = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	cfg_errors_init(&cur);
	/* the whole candidate first: most of the time it simply verifies */
	if (commit_verify(db, cand, &cur) == 0) {
		cfg_errors_free(&cur);
		if ((c = config_dup(cand)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return COMMIT_FAIL;
		}
		st = commit_apply(db, &c, o, errs, err, errlen);
		config_free(c);
		return st;
	}
	if ((to = text_of(cand)) == NULL) {
		cfg_errors_free(&cur);
		snprintf(err, errlen, "out of memory");
		return COMMIT_FAIL;
	}
	if (strcmp(to, commit_running_text(db)) == 0) {
		free(to);
		cfg_errors_free(&cur);
		return COMMIT_NOCHANGE;
	}
	rc = be_init(&b, db, commit_running_text(db), to, err, errlen);
	free(to);
	/* drop what the errors name, verify the rest, until it verifies */
	for (guard = 0; rc == 0; guard++) {
		if ((rc = fail_named(&b, &cur)) == -1) {
			snprintf(err, errlen, "out of memory");
			break;
		}
		if (rc == 0 || guard > b.top.n + b.bgp.n) {
			/* an error names no changed item */
			rc = one_by_one(&b, &c, err, errlen);
			break;
		}
		cfg_errors_free(&cur);
		if ((rc = be_try(&b, &c, &cur, err, errlen)) == -1)
			break;
		if (rc == 1) {
			rc = 0;
			break;
		}
		rc = 0;
	}
	cfg_errors_free(&cur);
	for (i = 0; rc == 0 && i < b.top.n + b.bgp.n; i++)
		if (nth_item(&b, i)->state == BE_TRY)
			any = 1;
	if (rc == 0 && report(&b, errs, skips) == -1) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	be_free(&b);
	if (rc == -1) {
		config_free(c);
		return COMMIT_FAIL;
	}
	if (!any || c == NULL) {
		config_free(c);
		return COMMIT_INVALID;
	}
	st = commit_apply(db, &c, o, errs, err, errlen);
	config_free(c);
	return st;
}
