/*
 * rpl_db: the RPL objects of one configuration.  One red-black tree by
 * name per set kind and one for route-policies.  Nodes hold a reference to
 * immutable objects, so duplicating a db (a candidate from running) copies
 * only the tree nodes, and a redefinition swaps in a new object.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/tree.h>

#include "core/rpl/rpl_db.h"

struct rpl_node {
	RB_ENTRY(rpl_node)	 entry;
	const char		*name;	/* the object's own name */
	void			*obj;	/* struct rpl_set / rpl_policy */
};

static int
node_cmp(const struct rpl_node *a, const struct rpl_node *b)
{
	return strcmp(a->name, b->name);
}

RB_HEAD(rpl_tree, rpl_node);
/* static and unused-tolerant: libbsd's __unused is missing under -std=c11 */
RB_GENERATE_INTERNAL(rpl_tree, rpl_node, entry, node_cmp,
    __attribute__((unused)) static)

struct rpl_db {
	struct rpl_tree	 sets[RPL_SET_KIND_COUNT];
	struct rpl_tree	 policies;
	size_t		 nsets[RPL_SET_KIND_COUNT];
	size_t		 npolicies;
	unsigned long	 gen;
};

struct rpl_db *
rpl_db_new(void)
{
	struct rpl_db	*db;
	size_t		 k;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	for (k = 0; k < RPL_SET_KIND_COUNT; k++)
		RB_INIT(&db->sets[k]);
	RB_INIT(&db->policies);
	return db;
}

static void
tree_clear(struct rpl_tree *t, int sets)
{
	struct rpl_node	*n, *nxt;

	for (n = RB_MIN(rpl_tree, t); n != NULL; n = nxt) {
		nxt = RB_NEXT(rpl_tree, t, n);
		RB_REMOVE(rpl_tree, t, n);
		if (sets)
			rpl_set_put(n->obj);
		else
			rpl_policy_put(n->obj);
		free(n);
	}
}

void
rpl_db_free(struct rpl_db *db)
{
	size_t	 k;

	if (db == NULL)
		return;
	for (k = 0; k < RPL_SET_KIND_COUNT; k++)
		tree_clear(&db->sets[k], 1);
	tree_clear(&db->policies, 0);
	free(db);
}

static int
tree_put(struct rpl_tree *t, const char *name, void *obj, void **old)
{
	struct rpl_node	 key, *n;

	*old = NULL;
	key.name = name;
	if ((n = RB_FIND(rpl_tree, t, &key)) != NULL) {
		*old = n->obj;
		n->obj = obj;
		n->name = name;
		return 0;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return -1;
	n->name = name;
	n->obj = obj;
	RB_INSERT(rpl_tree, t, n);
	return 1;
}

struct rpl_db *
rpl_db_dup(const struct rpl_db *src)
{
	struct rpl_db	*db;
	struct rpl_node	*n;
	void		*old;
	size_t		 k;

	if ((db = rpl_db_new()) == NULL)
		return NULL;
	for (k = 0; k < RPL_SET_KIND_COUNT; k++) {
		RB_FOREACH(n, rpl_tree, (struct rpl_tree *)&src->sets[k]) {
			if (tree_put(&db->sets[k], n->name, n->obj, &old)
			    == -1)
				goto fail;
			rpl_set_get(n->obj);
		}
		db->nsets[k] = src->nsets[k];
	}
	RB_FOREACH(n, rpl_tree, (struct rpl_tree *)&src->policies) {
		if (tree_put(&db->policies, n->name, n->obj, &old) == -1)
			goto fail;
		rpl_policy_get(n->obj);
	}
	db->npolicies = src->npolicies;
	db->gen = src->gen;
	return db;
fail:
	rpl_db_free(db);
	return NULL;
}

static void *
tree_find(const struct rpl_tree *t, const char *name)
{
	struct rpl_node	 key, *n;

	if (name == NULL)
		return NULL;
	key.name = name;
	n = RB_FIND(rpl_tree, (struct rpl_tree *)t, &key);
	return n ? n->obj : NULL;
}

struct rpl_set *
rpl_db_find_set(const struct rpl_db *db, enum rpl_set_kind kind,
    const char *name)
{
	if (db == NULL || (unsigned)kind >= RPL_SET_KIND_COUNT)
		return NULL;
	return tree_find(&db->sets[kind], name);
}

struct rpl_policy *
rpl_db_find_policy(const struct rpl_db *db, const char *name)
{
	if (db == NULL)
		return NULL;
	return tree_find(&db->policies, name);
}

int
rpl_db_put_set(struct rpl_db *db, struct rpl_set *s)
{
	void	*old;
	int	 r;

	if (s == NULL || s->name == NULL ||
	    (unsigned)s->kind >= RPL_SET_KIND_COUNT) {
		rpl_set_put(s);
		return -1;
	}
	if ((r = tree_put(&db->sets[s->kind], s->name, s, &old)) == -1) {
		rpl_set_put(s);
		return -1;
	}
	if (r == 1)
		db->nsets[s->kind]++;
	rpl_set_put(old);
	db->gen++;
	return 0;
}

int
rpl_db_put_policy(struct rpl_db *db, struct rpl_policy *p)
{
	void	*old;
	int	 r;

	if (p == NULL)
		return -1;
	if ((r = tree_put(&db->policies, p->name, p, &old)) == -1) {
		rpl_policy_put(p);
		return -1;
	}
	if (r == 1)
		db->npolicies++;
	rpl_policy_put(old);
	db->gen++;
	return 0;
}

static void *
tree_del(struct rpl_tree *t, const char *name)
{
	struct rpl_node	 key, *n;
	void		*obj;

	key.name = name;
	if ((n = RB_FIND(rpl_tree, t, &key)) == NULL)
		return NULL;
	RB_REMOVE(rpl_tree, t, n);
	obj = n->obj;
	free(n);
	return obj;
}

int
rpl_db_del_set(struct rpl_db *db, enum rpl_set_kind kind, const char *name)
{
	struct rpl_set	*s;

	if ((unsigned)kind >= RPL_SET_KIND_COUNT ||
	    (s = tree_del(&db->sets[kind], name)) == NULL)
		return -1;
	db->nsets[kind]--;
	rpl_set_put(s);
	db->gen++;
	return 0;
}

int
rpl_db_del_policy(struct rpl_db *db, const char *name)
{
	struct rpl_policy	*p;

	if ((p = tree_del(&db->policies, name)) == NULL)
		return -1;
	db->npolicies--;
	rpl_policy_put(p);
	db->gen++;
	return 0;
}

void
rpl_db_foreach_set(const struct rpl_db *db, enum rpl_set_kind kind,
    void (*cb)(struct rpl_set *, void *), void *arg)
{
	struct rpl_node	*n;

	if (db == NULL || (unsigned)kind >= RPL_SET_KIND_COUNT)
		return;
	RB_FOREACH(n, rpl_tree, (struct rpl_tree *)&db->sets[kind])
		cb(n->obj, arg);
}

void
rpl_db_foreach_policy(const struct rpl_db *db,
    void (*cb)(struct rpl_policy *, void *), void *arg)
{
	struct rpl_node	*n;

	if (db == NULL)
		return;
	RB_FOREACH(n, rpl_tree, (struct rpl_tree *)&db->policies)
		cb(n->obj, arg);
}

size_t
rpl_db_count_sets(const struct rpl_db *db, enum rpl_set_kind kind)
{
	if (db == NULL || (unsigned)kind >= RPL_SET_KIND_COUNT)
		return 0;
	return db->nsets[kind];
}

size_t
rpl_db_count_policies(const struct rpl_db *db)
{
	return db ? db->npolicies : 0;
}

unsigned long
rpl_db_generation(const struct rpl_db *db)
{
	return db ? db->gen : 0;
}

static void
print_set_cb(struct rpl_set *s, void *arg)
{
	rpl_set_print(s, arg);
}

static void
print_policy_cb(struct rpl_policy *p, void *arg)
{
	rpl_policy_print(p, arg);
}

/* The order of set kinds in running-config. */
const enum rpl_set_kind rpl_set_print_order[RPL_SET_KIND_COUNT] = {
	RPL_SET_PREFIX, RPL_SET_ASPATH, RPL_SET_COMMUNITY, RPL_SET_EXT_RT,
	RPL_SET_EXT_SOO, RPL_SET_EXT_OPAQUE, RPL_SET_LARGECOMM, RPL_SET_RD
};

/* Sets by kind then name, then policies by name: a stable order. */
int
rpl_db_print(const struct rpl_db *db, struct strbuf *sb)
{
	size_t	 k;

	for (k = 0; k < RPL_SET_KIND_COUNT; k++)
		rpl_db_foreach_set(db, rpl_set_print_order[k], print_set_cb,
		    sb);
	rpl_db_foreach_policy(db, print_policy_cb, sb);
	return sb->oom ? -1 : 0;
}
