/*
 * rpl_usage: which objects a policy uses (recursively, through apply with
 * arguments substituted), and from that the ACTIVE / INACTIVE / UNUSED
 * state of every set and policy that show rpl reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/tree.h>

#include "core/rpl/rpl_db.h"

#define USE_DEPTH_MAX	32

/* A set of (kind, name) keys. */
struct key {
	RB_ENTRY(key)	 entry;
	int		 kind;
	char		 name[];
};

static int
key_cmp(const struct key *a, const struct key *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->name, b->name);
}

RB_HEAD(keyset, key);
RB_GENERATE_INTERNAL(keyset, key, entry, key_cmp,
    __attribute__((unused)) static)

/* 1 if added, 0 if present, -1 on allocation failure */
static int
keyset_add(struct keyset *ks, int kind, const char *name)
{
	struct key	*k;
	size_t		 n = strlen(name) + 1;

	if ((k = malloc(sizeof(*k) + n)) == NULL)
		return -1;
	k->kind = kind;
	memcpy(k->name, name, n);
	if (RB_INSERT(keyset, ks, k) != NULL) {
		free(k);
		return 0;
	}
	return 1;
}

static int
keyset_has(const struct keyset *ks, int kind, const char *name)
{
	struct key	*k, *f;
	size_t		 n = strlen(name) + 1;
	int		 r;

	if ((k = malloc(sizeof(*k) + n)) == NULL)
		return 0;
	k->kind = kind;
	memcpy(k->name, name, n);
	f = RB_FIND(keyset, (struct keyset *)ks, k);
	r = f != NULL;
	free(k);
	return r;
}

static void
keyset_clear(struct keyset *ks)
{
	struct key	*k, *nxt;

	for (k = RB_MIN(keyset, ks); k != NULL; k = nxt) {
		nxt = RB_NEXT(keyset, ks, k);
		RB_REMOVE(keyset, ks, k);
		free(k);
	}
}

/* ------------------------------------------------------------ uses */

struct use_walk {
	const struct rpl_db	*db;
	struct keyset		 seen;
	int			 depth;
	void			(*cb)(int, const char *, const void *,
				    void *);
	void			*arg;
};

static void use_policy(struct use_walk *, const char *name,
    char *const *args, size_t nargs);

static void
use_ref(int kind, const char *name, const struct rpl_apply *ap, void *arg)
{
	struct use_walk	*w = arg;

	if (kind == RPL_REF_POLICY) {
		use_policy(w, name, ap->args, ap->nargs);
		return;
	}
	if (keyset_add(&w->seen, kind, name) != 1)
		return;
	w->cb(kind, name, rpl_db_find_set(w->db, (enum rpl_set_kind)kind,
	    name), w->arg);
}

static void
use_policy(struct use_walk *w, const char *name, char *const *args,
    size_t nargs)
{
	struct rpl_policy	*p, *inst = NULL;
	struct rpl_err		 err;

	/* a policy applied twice with other arguments is walked once */
	if (keyset_add(&w->seen, RPL_REF_POLICY, name) != 1)
		return;
	p = rpl_db_find_policy(w->db, name);
	if (p != NULL && w->depth < USE_DEPTH_MAX) {
		if (p->nparams > 0 && nargs == p->nparams)
			inst = rpl_policy_instantiate(p, args, nargs, &err);
		w->depth++;
		rpl_policy_foreach_ref(inst ? inst : p, use_ref, w);
		w->depth--;
		rpl_policy_put(inst);
	}
	w->cb(RPL_REF_POLICY, name, p, w->arg);
}

void
rpl_policy_foreach_use(const struct rpl_db *db, const char *name,
    const char *args, void (*cb)(int, const char *, const void *, void *),
    void *arg)
{
	struct use_walk	 w;
	char		**v = NULL;
	int		 n = 0;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.cb = cb;
	w.arg = arg;
	RB_INIT(&w.seen);
	if (args != NULL && (n = rpl_split_args(args, &v)) == -1)
		n = 0;
	use_policy(&w, name, v, (size_t)n);
	rpl_free_args(v, (size_t)n);
	keyset_clear(&w.seen);
}

/* ----------------------------------------------------------- states */

struct rpl_usage {
	const struct rpl_db	*db;
	struct keyset		 active;
	struct keyset		 referenced;
};

static void
mark_ref(int kind, const char *name, const struct rpl_apply *ap, void *arg)
{
	struct rpl_usage	*u = arg;

	(void)ap;
	keyset_add(&u->referenced, kind, name);
}

static void
mark_policy_refs(struct rpl_policy *p, void *arg)
{
	rpl_policy_foreach_ref(p, mark_ref, arg);
}

struct rpl_usage *
rpl_usage_new(const struct rpl_db *db)
{
	struct rpl_usage	*u;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return NULL;
	u->db = db;
	RB_INIT(&u->active);
	RB_INIT(&u->referenced);
	rpl_db_foreach_policy(db, mark_policy_refs, u);
	return u;
}

static void
mark_active(int kind, const char *name, const void *obj, void *arg)
{
	struct rpl_usage	*u = arg;

	(void)obj;
	keyset_add(&u->active, kind, name);
}

void
rpl_usage_attach(struct rpl_usage *u, const char *policy, const char *args)
{
	if (u != NULL && policy != NULL)
		rpl_policy_foreach_use(u->db, policy, args, mark_active, u);
}

enum rpl_state
rpl_usage_state(const struct rpl_usage *u, int kind, const char *name)
{
	if (u == NULL)
		return RPL_STATE_UNUSED;
	if (keyset_has(&u->active, kind, name))
		return RPL_STATE_ACTIVE;
	if (keyset_has(&u->referenced, kind, name))
		return RPL_STATE_INACTIVE;
	return RPL_STATE_UNUSED;
}

void
rpl_usage_free(struct rpl_usage *u)
{
	if (u == NULL)
		return;
	keyset_clear(&u->active);
	keyset_clear(&u->referenced);
	free(u);
}

const char *
rpl_state_name(enum rpl_state s)
{
	switch (s) {
	case RPL_STATE_ACTIVE:
		return "ACTIVE";
	case RPL_STATE_INACTIVE:
		return "INACTIVE";
	default:
		return "UNUSED";
	}
}
