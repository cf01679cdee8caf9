/*
 * rpl_obj: lifetime of the RPL objects (sets and policies): reference
 * counts, freeing every node the parser allocates, kind names and
 * structural equality.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl.h"
#include "core/rpl/rpl_int.h"
#include "core/rpl/rpl_compile.h"

static const char *const set_kind_names[RPL_SET_KIND_COUNT] = {
	"prefix-set", "community-set", "as-path-set", "extcommunity-set rt",
	"extcommunity-set soo", "large-community-set", "rd-set",
	"extcommunity-set opaque"
};

const char *const rpl_route_type_names[RPL_RT_COUNT] = {
	"local", "internal", "external", "interarea", "level-1", "level-2",
	"level-1-2", "type-1", "type-2", "ospf-external-type-1",
	"ospf-external-type-2", "ospf-inter-area", "ospf-intra-area",
	"ospf-nssa-type-1", "ospf-nssa-type-2"
};

const char *const rpl_metric_type_names[RPL_MT_COUNT] = {
	"type-1", "type-2", "internal", "external", "rib-metric-as-external",
	"rib-metric-as-internal"
};

const char *const rpl_level_names[RPL_LEVEL_COUNT] = {
	"level-1", "level-2", "level-1-2"
};

const char *
rpl_route_type_name(unsigned v)
{
	return v < RPL_RT_COUNT ? rpl_route_type_names[v] : "?";
}

const char *
rpl_metric_type_name(unsigned v)
{
	return v < RPL_MT_COUNT ? rpl_metric_type_names[v] : "?";
}

const char *
rpl_level_name(unsigned v)
{
	return v < RPL_LEVEL_COUNT ? rpl_level_names[v] : "?";
}

const char *
rpl_set_kind_name(enum rpl_set_kind k)
{
	if ((unsigned)k >= RPL_SET_KIND_COUNT)
		return "?";
	return set_kind_names[k];
}

static void
part_clear(struct rpl_part *p)
{
	free(p->lo_param);
	free(p->hi_param);
	p->lo_param = p->hi_param = NULL;
}

void
rpl_elem_clear(enum rpl_set_kind kind, struct rpl_elem *e)
{
	size_t	 i;

	switch (kind) {
	case RPL_SET_PREFIX:
		break;
	case RPL_SET_COMMUNITY:
		part_clear(&e->u.comm.hi);
		part_clear(&e->u.comm.lo);
		free(e->u.comm.re.text);
		break;
	case RPL_SET_ASPATH:
		free(e->u.asp.re.text);
		free(e->u.asp.n.param);
		for (i = 0; i < e->u.asp.list.n; i++)
			part_clear(&e->u.asp.list.v[i]);
		free(e->u.asp.list.v);
		break;
	case RPL_SET_EXT_RT:
	case RPL_SET_EXT_SOO:
	case RPL_SET_RD:
	case RPL_SET_EXT_OPAQUE:
		part_clear(&e->u.ext.asn);
		part_clear(&e->u.ext.val);
		free(e->u.ext.re.text);
		break;
	case RPL_SET_LARGECOMM:
		for (i = 0; i < 3; i++)
			part_clear(&e->u.lc.p[i]);
		free(e->u.lc.re.text);
		break;
	default:
		break;
	}
	memset(e, 0, sizeof(*e));
}

static void
set_free(struct rpl_set *s)
{
	size_t	 i;

	rpl_set_uncompile(s);
	for (i = 0; i < s->nelems; i++)
		rpl_elem_clear(s->kind, &s->elems[i]);
	free(s->elems);
	for (i = 0; i < s->nremarks; i++)
		free(s->remarks[i].text);
	free(s->remarks);
	free(s->name);
	free(s);
}

struct rpl_set *
rpl_set_get(struct rpl_set *s)
{
	if (s != NULL)
		s->refcount++;
	return s;
}

void
rpl_set_put(struct rpl_set *s)
{
	if (s == NULL)
		return;
	if (--s->refcount == 0)
		set_free(s);
}

static void
aslist_clear(struct rpl_aslist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		part_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
rpl_apply_clear(struct rpl_apply *a)
{
	rpl_free_args(a->args, a->nargs);
	free(a->name);
	memset(a, 0, sizeof(*a));
}

void
rpl_setref_clear(struct rpl_setref *r)
{
	free(r->name);
	rpl_set_put(r->inl);
	r->name = NULL;
	r->inl = NULL;
}

void
rpl_cond_free(struct rpl_cond *c)
{
	if (c == NULL)
		return;
	rpl_cond_free(c->l);
	rpl_cond_free(c->r);
	rpl_apply_clear(&c->apply);
	rpl_setref_clear(&c->set);
	free(c->num.param);
	aslist_clear(&c->list);
	free(c);
}

void
rpl_stmt_clear(struct rpl_stmt *st)
{
	size_t	 i;

	for (i = 0; i < st->nbranches; i++) {
		rpl_cond_free(st->branches[i].cond);
		rpl_block_clear(&st->branches[i].body);
	}
	free(st->branches);
	rpl_apply_clear(&st->apply);
	free(st->remark);
	free(st->val.num.param);
	free(st->nh.param);
	rpl_setref_clear(&st->set);
	free(st->prepend.asn.param);
	free(st->prepend.count.param);
	free(st->damp.halflife.param);
	free(st->damp.reuse.param);
	free(st->damp.suppress.param);
	free(st->damp.max_suppress.param);
	memset(st, 0, sizeof(*st));
}

void
rpl_block_clear(struct rpl_block *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		rpl_stmt_clear(&b->v[i]);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static void
policy_free(struct rpl_policy *p)
{
	rpl_block_clear(&p->body);
	rpl_free_args(p->params, p->nparams);
	free(p->name);
	free(p);
}

struct rpl_policy *
rpl_policy_get(struct rpl_policy *p)
{
	if (p != NULL)
		p->refcount++;
	return p;
}

void
rpl_policy_put(struct rpl_policy *p)
{
	if (p == NULL)
		return;
	if (--p->refcount == 0)
		policy_free(p);
}

void
rpl_free_args(char **args, size_t n)
{
	size_t	 i;

	if (args == NULL)
		return;
	for (i = 0; i < n; i++)
		free(args[i]);
	free(args);
}

/*
 * Equality by canonical text: the printer renders every field that the
 * parser fills, so two objects that print the same are the same policy.
 */
int
rpl_set_equal(const struct rpl_set *a, const struct rpl_set *b)
{
	struct strbuf	 sa = STRBUF_INIT, sbb = STRBUF_INIT;
	int		 eq;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL || a->kind != b->kind)
		return 0;
	rpl_set_print(a, &sa);
	rpl_set_print(b, &sbb);
	eq = !sa.oom && !sbb.oom && strcmp(sb_str(&sa), sb_str(&sbb)) == 0;
	sb_free(&sa);
	sb_free(&sbb);
	return eq;
}

int
rpl_policy_equal(const struct rpl_policy *a, const struct rpl_policy *b)
{
	struct strbuf	 sa = STRBUF_INIT, sbb = STRBUF_INIT;
	int		 eq;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	rpl_policy_print(a, &sa);
	rpl_policy_print(b, &sbb);
	eq = !sa.oom && !sbb.oom && strcmp(sb_str(&sa), sb_str(&sbb)) == 0;
	sb_free(&sa);
	sb_free(&sbb);
	return eq;
}
