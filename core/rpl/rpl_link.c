/*
 * rpl_link: resolves a policy into a runnable program (rpl_eval.h).  Named
 * sets are looked up once and referenced, applied policies are linked
 * recursively (instantiated when they take parameters), AS lists turned
 * into ranges.  Every failure is a message naming the policy, the line and
 * the missing or invalid object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_compile.h"
#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_eval_int.h"

struct linker {
	const struct rpl_db	*db;
	struct rpl_prog		*prog;
	char			*err;
	size_t			 errlen;
	const char		*stack[RPL_APPLY_DEPTH_MAX + 1];
	unsigned		 depth;
};

/*
 * Makes room for one more element in a growing array v holding n of
 * *cap, each size bytes.  Returns the array (moved or not), or NULL with
 * "out of memory" in lk->err (v is then unchanged).
 */
static void *
lk_grow(struct linker *lk, void *v, size_t n, size_t *cap, size_t size,
    size_t first)
{
	void	*nv;
	size_t	 ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : first;
	if ((nv = reallocarray(v, ncap, size)) == NULL) {
		snprintf(lk->err, lk->errlen, "out of memory");
		return NULL;
	}
	*cap = ncap;
	return nv;
}

static void *
lk_alloc(struct linker *lk, size_t n, size_t size)
{
	struct rpl_prog	*p = lk->prog;
	void		*v, **nv;

	if ((nv = lk_grow(lk, p->allocs, p->nallocs, &p->capallocs,
	    sizeof(*p->allocs), 32)) == NULL)
		return NULL;
	p->allocs = nv;
	if ((v = calloc(n ? n : 1, size)) == NULL) {
		snprintf(lk->err, lk->errlen, "out of memory");
		return NULL;
	}
	p->allocs[p->nallocs++] = v;
	return v;
}

static int
keep_policy(struct linker *lk, struct rpl_policy *pol, int take)
{
	struct rpl_prog		 *p = lk->prog;
	struct rpl_policy	**nv;

	if ((nv = lk_grow(lk, p->pols, p->npols, &p->cappols,
	    sizeof(*p->pols), 8)) == NULL) {
		if (take)
			rpl_policy_put(pol);
		return -1;
	}
	p->pols = nv;
	p->pols[p->npols++] = take ? pol : rpl_policy_get(pol);
	return 0;
}

static int
keep_set(struct linker *lk, struct rpl_set *set)
{
	struct rpl_prog	 *p = lk->prog;
	struct rpl_set	**nv;

	if ((nv = lk_grow(lk, p->sets, p->nsets, &p->capsets,
	    sizeof(*p->sets), 8)) == NULL)
		return -1;
	p->sets = nv;
	p->sets[p->nsets++] = rpl_set_get(set);
	return 0;
}

static int
add_dep(struct linker *lk, int policy, enum rpl_set_kind kind,
    const char *name, const void *obj)
{
	struct rpl_prog	*p = lk->prog;
	struct lnk_dep	*d;

	if ((d = lk_grow(lk, p->deps, p->ndeps, &p->capdeps,
	    sizeof(*p->deps), 8)) == NULL)
		return -1;
	p->deps = d;
	d = &p->deps[p->ndeps++];
	d->policy = policy;
	d->kind = kind;
	d->name = name;
	d->obj = obj;
	return 0;
}

static const char *
cur_policy(const struct linker *lk)
{
	return lk->depth > 0 ? lk->stack[lk->depth - 1] : "?";
}

static const struct rpl_set *
resolve_set(struct linker *lk, const struct rpl_setref *ref, unsigned line)
{
	struct rpl_set	*set;
	char		 cerr[160];

	switch (ref->kind) {
	case RPL_REF_INLINE:
		set = ref->inl;
		break;
	case RPL_REF_NAME:
		set = rpl_db_find_set(lk->db, ref->setkind, ref->name);
		if (set == NULL) {
			snprintf(lk->err, lk->errlen, "%s %s is not defined "
			    "(route-policy %s, line %u)",
			    rpl_set_kind_name(ref->setkind), ref->name,
			    cur_policy(lk), line);
			return NULL;
		}
		break;
	default:
		snprintf(lk->err, lk->errlen, "parameter %s of route-policy %s "
		    "has no value (line %u)", ref->name ? ref->name : "?",
		    cur_policy(lk), line);
		return NULL;
	}
	if (set == NULL) {
		snprintf(lk->err, lk->errlen, "route-policy %s: missing set "
		    "(line %u)", cur_policy(lk), line);
		return NULL;
	}
	/* the parser compiles every set; a set built elsewhere may not be */
	if (set->compiled == NULL && rpl_set_compile(set, cerr,
	    sizeof(cerr)) == -1) {
		snprintf(lk->err, lk->errlen, "route-policy %s, line %u: %s",
		    cur_policy(lk), line, cerr);
		return NULL;
	}
	if (keep_set(lk, set) == -1)
		return NULL;
	if (ref->kind == RPL_REF_NAME &&
	    add_dep(lk, 0, ref->setkind, set->name, set) == -1)
		return NULL;
	return set;
}

static struct lnk_inst *link_policy(struct linker *, const char *name,
    char *const *args, size_t nargs, unsigned line);

static struct lnk_inst *
link_apply(struct linker *lk, const struct rpl_apply *a, unsigned line)
{
	return link_policy(lk, a->name, a->args, a->nargs, line);
}

static int
link_list(struct linker *lk, struct lnk_cond *lc, const struct rpl_aslist *l,
    unsigned line)
{
	size_t			 i;
	const struct rpl_part	*p;

	if ((lc->list = lk_alloc(lk, l->n, sizeof(*lc->list))) == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		p = &l->v[i];
		if (p->kind == RPL_PART_PARAM || p->lo_param != NULL ||
		    p->hi_param != NULL) {
			snprintf(lk->err, lk->errlen, "parameter in AS list of "
			    "route-policy %s has no value (line %u)",
			    cur_policy(lk), line);
			return -1;
		}
		lc->list[i].lo = p->lo;
		lc->list[i].hi = p->kind == RPL_PART_VALUE ? p->lo : p->hi;
	}
	lc->nlist = l->n;
	return 0;
}

static struct lnk_cond *
link_cond(struct linker *lk, const struct rpl_cond *c)
{
	struct lnk_cond	*lc;

	if ((lc = lk_alloc(lk, 1, sizeof(*lc))) == NULL)
		return NULL;
	lc->c = c;
	switch (c->kind) {
	case RPL_C_AND:
	case RPL_C_OR:
		if ((lc->l = link_cond(lk, c->l)) == NULL ||
		    (lc->r = link_cond(lk, c->r)) == NULL)
			return NULL;
		break;
	case RPL_C_NOT:
		if ((lc->l = link_cond(lk, c->l)) == NULL)
			return NULL;
		break;
	case RPL_C_APPLY:
		if ((lc->apply = link_apply(lk, &c->apply, c->line)) == NULL)
			return NULL;
		break;
	case RPL_C_DESTINATION:
	case RPL_C_SOURCE:
	case RPL_C_NEXTHOP:
	case RPL_C_RIB_HAS_ROUTE:
	case RPL_C_ASPATH_IN:
	case RPL_C_RD:
		if ((lc->set = resolve_set(lk, &c->set, c->line)) == NULL)
			return NULL;
		break;
	case RPL_C_COMMUNITY:
	case RPL_C_LARGECOMM:
	case RPL_C_EXT_RT:
	case RPL_C_EXT_SOO:
		if (c->op != RPL_MATCH_IS_EMPTY &&
		    (lc->set = resolve_set(lk, &c->set, c->line)) == NULL)
			return NULL;
		break;
	case RPL_C_ASPATH_NEIGHBOR_IS:
	case RPL_C_ASPATH_ORIGINATES_FROM:
	case RPL_C_ASPATH_PASSES_THROUGH:
		if (link_list(lk, lc, &c->list, c->line) == -1)
			return NULL;
		break;
	default:
		if (c->num.param != NULL) {
			snprintf(lk->err, lk->errlen, "parameter %s of "
			    "route-policy %s has no value (line %u)",
			    c->num.param, cur_policy(lk), c->line);
			return NULL;
		}
		break;
	}
	return lc;
}

static int link_block(struct linker *, const struct rpl_block *,
    struct lnk_stmt **, size_t *);

static int
link_stmt(struct linker *lk, const struct rpl_stmt *s, struct lnk_stmt *ls)
{
	size_t	 i;

	ls->s = s;
	switch (s->kind) {
	case RPL_S_IF:
		ls->br = lk_alloc(lk, s->nbranches, sizeof(*ls->br));
		if (ls->br == NULL)
			return -1;
		ls->nbr = s->nbranches;
		for (i = 0; i < s->nbranches; i++) {
			const struct rpl_branch	*b = &s->branches[i];

			ls->br[i].line = b->line;
			if (b->cond != NULL &&
			    (ls->br[i].cond = link_cond(lk, b->cond)) == NULL)
				return -1;
			if (link_block(lk, &b->body, &ls->br[i].body,
			    &ls->br[i].n) == -1)
				return -1;
		}
		return 0;
	case RPL_S_APPLY:
		ls->apply = link_apply(lk, &s->apply, s->line);
		return ls->apply == NULL ? -1 : 0;
	case RPL_S_SET_COMMUNITY:
	case RPL_S_SET_LARGECOMM:
	case RPL_S_SET_EXT_RT:
	case RPL_S_SET_EXT_SOO:
	case RPL_S_SET_EXT_COLOR:
		ls->set = resolve_set(lk, &s->set, s->line);
		return ls->set == NULL ? -1 : 0;
	case RPL_S_DELETE_COMMUNITY:
	case RPL_S_DELETE_LARGECOMM:
	case RPL_S_DELETE_EXT_RT:
		if (s->del == RPL_DEL_ALL)
			return 0;
		ls->set = resolve_set(lk, &s->set, s->line);
		return ls->set == NULL ? -1 : 0;
	case RPL_S_SET_LOCALPREF:
	case RPL_S_SET_MED:
	case RPL_S_SET_WEIGHT:
	case RPL_S_SET_ORIGIN:
	case RPL_S_SET_TAG:
	case RPL_S_SET_AIGP:
	case RPL_S_SET_ISIS_METRIC:
	case RPL_S_SET_OSPF_METRIC:
		if (s->val.num.param != NULL)
			goto param;
		return 0;
	case RPL_S_SET_NEXTHOP:
		if (s->nh.kind == RPL_NH_PARAM)
			goto param;
		return 0;
	case RPL_S_PREPEND:
		if (s->prepend.asn.param != NULL ||
		    s->prepend.count.param != NULL)
			goto param;
		return 0;
	default:
		return 0;
	}
param:
	snprintf(lk->err, lk->errlen, "a parameter of route-policy %s has no "
	    "value (line %u)", cur_policy(lk), s->line);
	return -1;
}

static int
link_block(struct linker *lk, const struct rpl_block *b,
    struct lnk_stmt **out, size_t *n)
{
	size_t	 i;

	if ((*out = lk_alloc(lk, b->n, sizeof(**out))) == NULL)
		return -1;
	*n = b->n;
	for (i = 0; i < b->n; i++)
		if (link_stmt(lk, &b->v[i], &(*out)[i]) == -1)
			return -1;
	return 0;
}

static char *
inst_name(struct linker *lk, const char *name, char *const *args,
    size_t nargs)
{
	size_t	 len = strlen(name) + 3, i;
	char	*s;

	for (i = 0; i < nargs; i++)
		len += strlen(args[i]) + 2;
	if ((s = lk_alloc(lk, len, 1)) == NULL)
		return NULL;
	strlcpy(s, name, len);
	if (nargs > 0) {
		strlcat(s, "(", len);
		for (i = 0; i < nargs; i++) {
			if (i > 0)
				strlcat(s, ", ", len);
			strlcat(s, args[i], len);
		}
		strlcat(s, ")", len);
	}
	return s;
}

static struct lnk_inst *
link_policy(struct linker *lk, const char *name, char *const *args,
    size_t nargs, unsigned line)
{
	struct rpl_policy	*pol, *inst_pol;
	struct lnk_inst		*inst;
	struct rpl_err		 rerr;
	unsigned		 i;

	pol = rpl_db_find_policy(lk->db, name);
	if (pol == NULL) {
		if (lk->depth == 0)
			snprintf(lk->err, lk->errlen, "route-policy %s is not "
			    "defined", name);
		else
			snprintf(lk->err, lk->errlen, "route-policy %s is not "
			    "defined (applied by route-policy %s, line %u)",
			    name, cur_policy(lk), line);
		return NULL;
	}
	for (i = 0; i < lk->depth; i++)
		if (strcmp(lk->stack[i], name) == 0) {
			snprintf(lk->err, lk->errlen, "route-policy %s applies "
			    "itself (apply cycle through route-policy %s)",
			    cur_policy(lk), name);
			return NULL;
		}
	if (lk->depth >= RPL_APPLY_DEPTH_MAX) {
		snprintf(lk->err, lk->errlen, "apply depth of route-policy %s "
		    "exceeds %d", lk->stack[0], RPL_APPLY_DEPTH_MAX);
		return NULL;
	}
	if (pol->nparams != nargs) {
		snprintf(lk->err, lk->errlen, "route-policy %s takes %zu "
		    "parameter%s, %zu given", name, pol->nparams,
		    pol->nparams == 1 ? "" : "s", nargs);
		return NULL;
	}
	if (add_dep(lk, 1, RPL_SET_PREFIX, pol->name, pol) == -1 ||
	    keep_policy(lk, pol, 0) == -1)
		return NULL;
	if (nargs > 0) {
		memset(&rerr, 0, sizeof(rerr));
		inst_pol = rpl_policy_instantiate(pol, args, nargs, &rerr);
		if (inst_pol == NULL) {
			snprintf(lk->err, lk->errlen,
			    "route-policy %s: %s%s%s%s", name, rerr.msg,
			    rerr.token[0] ? " at '" : "", rerr.token,
			    rerr.token[0] ? "'" : "");
			return NULL;
		}
		if (keep_policy(lk, inst_pol, 1) == -1)
			return NULL;
		pol = inst_pol;
	}
	if ((inst = lk_alloc(lk, 1, sizeof(*inst))) == NULL)
		return NULL;
	inst->pol = pol;
	if ((inst->name = inst_name(lk, name, args, nargs)) == NULL)
		return NULL;
	lk->stack[lk->depth++] = name;
	if (link_block(lk, &pol->body, &inst->body, &inst->n) == -1)
		return NULL;
	lk->depth--;
	return inst;
}

int
rpl_link(const struct rpl_db *db, const char *name, const char *args,
    struct rpl_prog **progp, char *err, size_t errlen)
{
	struct linker	 lk;
	char		**av = NULL, *paren = NULL;
	int		 nargs = 0;
	size_t		 len;

	*progp = NULL;
	memset(&lk, 0, sizeof(lk));
	lk.db = db;
	lk.err = err;
	lk.errlen = errlen;
	err[0] = '\0';
	if ((lk.prog = calloc(1, sizeof(*lk.prog))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (args != NULL) {
		while (*args == ' ')
			args++;
	}
	if (args != NULL && *args != '\0') {
		if (*args != '(') {
			/* accept "10, SET" as well as "(10, SET)" */
			len = strlen(args) + 3;
			if ((paren = malloc(len)) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			snprintf(paren, len, "(%s)", args);
			args = paren;
		}
		if ((nargs = rpl_split_args(args, &av)) < 0) {
			snprintf(err, errlen, "invalid arguments '%s' for "
			    "route-policy %s", args, name);
			goto fail;
		}
	}
	lk.prog->top = link_policy(&lk, name, av, (size_t)nargs, 0);
	if (av != NULL)
		rpl_free_args(av, (size_t)nargs);
	free(paren);
	if (lk.prog->top == NULL)
		goto fail_nofree;
	*progp = lk.prog;
	return 0;
fail:
	free(paren);
fail_nofree:
	if (err[0] == '\0')
		snprintf(err, errlen, "cannot link route-policy %s", name);
	rpl_prog_free(lk.prog);
	return -1;
}

void
rpl_prog_free(struct rpl_prog *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nallocs; i++)
		free(p->allocs[i]);
	for (i = 0; i < p->npols; i++)
		rpl_policy_put(p->pols[i]);
	for (i = 0; i < p->nsets; i++)
		rpl_set_put(p->sets[i]);
	free(p->allocs);
	free(p->pols);
	free(p->sets);
	free(p->deps);
	free(p);
}

int
rpl_prog_stale(const struct rpl_prog *p, const struct rpl_db *db)
{
	const struct lnk_dep	*d;
	size_t			 i;

	for (i = 0; i < p->ndeps; i++) {
		d = &p->deps[i];
		if (d->policy ? rpl_db_find_policy(db, d->name) != d->obj :
		    rpl_db_find_set(db, d->kind, d->name) != d->obj)
			return 1;
	}
	return 0;
}

int
rpl_prog_uses_set(const struct rpl_prog *p, int kind, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->ndeps; i++)
		if (!p->deps[i].policy && (int)p->deps[i].kind == kind &&
		    strcmp(p->deps[i].name, name) == 0)
			return 1;
	return 0;
}

static int	inst_reads_rpki(const struct lnk_inst *);

static int
cond_reads_rpki(const struct lnk_cond *lc)
{
	if (lc == NULL)
		return 0;
	if (lc->c->kind == RPL_C_VALIDATION_STATE)
		return 1;
	if (lc->apply != NULL && inst_reads_rpki(lc->apply))
		return 1;
	return cond_reads_rpki(lc->l) || cond_reads_rpki(lc->r);
}

static int
block_reads_rpki(const struct lnk_stmt *body, size_t n)
{
	const struct lnk_stmt	*ls;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		ls = &body[i];
		if (ls->apply != NULL && inst_reads_rpki(ls->apply))
			return 1;
		for (j = 0; j < ls->nbr; j++)
			if (cond_reads_rpki(ls->br[j].cond) ||
			    block_reads_rpki(ls->br[j].body, ls->br[j].n))
				return 1;
	}
	return 0;
}

/* The nesting is bounded by RPL_APPLY_DEPTH_MAX, checked at link time. */
static int
inst_reads_rpki(const struct lnk_inst *inst)
{
	return block_reads_rpki(inst->body, inst->n);
}

int
rpl_prog_reads_rpki(const struct rpl_prog *p)
{
	return p != NULL && p->top != NULL && inst_reads_rpki(p->top);
}

const char *
rpl_prog_name(const struct rpl_prog *p)
{
	return p->top->name;
}
