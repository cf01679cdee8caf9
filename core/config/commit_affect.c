/*
 * commit_affect: the neighbors a configuration change touches; see
 * commit_affect.h.  Each side is reduced to texts, one per neighbor and
 * one for the global settings: the effective lines (what `show bgp
 * neighbor ... configuration` lists, inheritance resolved, the provenance
 * left out since moving a value between levels changes nothing).  Equal
 * texts still leave the policies they name: a policy spec is changed when
 * the printed text of everything it uses (rpl_policy_foreach_use, through
 * apply, arguments substituted) differs between the sides.  Texts rather
 * than a walk of each field: a new item in the model is covered without
 * touching this file.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_inherit.h"
#include "core/config/bgp_model.h"
#include "core/config/commit_affect.h"
#include "core/config/config.h"
#include "core/config/static_cfg.h"
#include "core/rpl/rpl_db.h"

/* "route-policy NAME" in config text, "policy NAME in" in the views */
#define POLICY_KW	"policy "

static void
use_print(int kind, const char *name, const void *obj, void *arg)
{
	struct strbuf	*sb = arg;

	sb_printf(sb, "! uses %d %s\n", kind, name);
	if (obj == NULL)
		sb_puts(sb, "! undefined\n");
	else if (kind == RPL_REF_POLICY)
		(void)rpl_policy_print(obj, sb);
	else
		(void)rpl_set_print(obj, sb);
}

/*
 * Whether a policy spec ("NAME" or "NAME(ARGS)") uses anything that
 * changed, worked out once per spec: every neighbor that names it asks,
 * and a big prefix-set is printed twice, not twice per neighbor.
 */
struct spec_memo {
	char	*spec;
	int	 changed;
};
struct actx {
	const struct rpl_db	*from, *to;
	struct spec_memo	*v;
	size_t			 n;
};

/* 1 changed, 0 not, -1 ENOMEM */
static int
spec_changed(struct actx *c, const char *spec)
{
	struct strbuf	 a = STRBUF_INIT, b = STRBUF_INIT;
	struct spec_memo *v;
	char		 name[256], *args;
	size_t		 i;
	int		 rc;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].spec, spec) == 0)
			return c->v[i].changed;
	if (bgp_policy_split(spec, name, sizeof(name), &args) == -1)
		return 0;	/* names no policy, on either side */
	rpl_policy_foreach_use(c->from, name, args, use_print, &a);
	rpl_policy_foreach_use(c->to, name, args, use_print, &b);
	free(args);
	rc = a.oom || b.oom ? -1 : strcmp(sb_str(&a), sb_str(&b)) != 0;
	sb_free(&a);
	sb_free(&b);
	if (rc == -1 || (v = reallocarray(c->v, c->n + 1,
	    sizeof(*v))) == NULL)
		return -1;
	c->v = v;
	if ((v[c->n].spec = strdup(spec)) == NULL)
		return -1;
	v[c->n++].changed = rc;
	return rc;
}

/*
 * 1 if a `[route-]policy NAME[(ARGS)]` in line uses anything that
 * changed; -1 on ENOMEM.  The policy may be followed by a direction or
 * other words; a word that only looks like one names no policy.
 */
static int
policies_changed(struct actx *c, const char *line)
{
	const char	*p = line, *e;
	char		 spec[512];
	size_t		 n;
	int		 rc;

	while ((p = strstr(p, POLICY_KW)) != NULL) {
		p += strlen(POLICY_KW);
		e = p + strcspn(p, " (");
		if (*e == '(' && (e = strchr(e, ')')) != NULL)
			e++;
		else if (e == NULL)
			break;
		n = (size_t)(e - p);
		if (n == 0 || n >= sizeof(spec))
			continue;
		memcpy(spec, p, n);
		spec[n] = '\0';
		if ((rc = spec_changed(c, spec)) != 0)
			return rc;
	}
	return 0;
}

/*
 * The effective lines of neighbor p of cfg into sb (NULL: only the
 * policies); *pol (if not NULL) 1 when a policy they name changed.
 * -1 on ENOMEM.
 */
static int
nbr_print(struct actx *c, const struct config *cfg,
    const struct bgp_peer *p, struct strbuf *sb, int *pol)
{
	struct bgp_view	 view;
	size_t		 i;
	int		 rc = 0;

	memset(&view, 0, sizeof(view));
	if (bgp_view_build(cfg->bgp, p, &view) == -1) {
		bgp_view_free(&view);
		return -1;
	}
	for (i = 0; i < view.n; i++)
		sb_printf(sb, "%d %s\n", view.v[i].indent, view.v[i].text);
	if (pol != NULL)
		*pol = 0;
	for (i = 0; pol != NULL && *pol == 0 && rc == 0 && i < view.n; i++)
		if ((rc = policies_changed(c, view.v[i].text)) == 1)
			*pol = 1;
	bgp_view_free(&view);
	return sb->oom || rc == -1 ? -1 : 0;
}

/*
 * The global settings of cfg (router bgp without its peers and
 * templates, router static) into sb; *pol as for nbr_print().
 */
static int
global_print(struct actx *c, const struct config *cfg, struct strbuf *sb,
    int *pol)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p;
	struct strbuf	 t = STRBUF_INIT;
	const char	*s, *nl;
	char		 line[1024];
	size_t		 n;
	int		 rc = 0;

	if (pol != NULL)
		*pol = 0;
	if (cfg->statics != NULL && static_cfg_print(cfg->statics, sb) == -1)
		return -1;
	if (cfg->bgp == NULL)
		return sb->oom ? -1 : 0;
	if ((b = bgp_cfg_dup(cfg->bgp)) == NULL)
		return -1;
	while ((p = bgp_peer_first(b)) != NULL)
		bgp_peer_del(b, p);
	if (bgp_cfg_print(b, &t) == -1 || t.oom) {
		bgp_cfg_free(b);
		sb_free(&t);
		return -1;
	}
	bgp_cfg_free(b);
	sb_puts(sb, sb_str(&t));
	for (s = sb_str(&t); pol != NULL && *s != '\0' && rc == 0;
	    s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		n = (size_t)(nl - s);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		if ((rc = policies_changed(c, line)) == 1)
			*pol = 1;
	}
	sb_free(&t);
	return sb->oom || rc == -1 ? -1 : 0;
}

/* 1 if the two fingerprints differ, -1 on ENOMEM (either side). */
static int
differ(struct strbuf *a, struct strbuf *b)
{
	int	 rc;

	rc = a->oom || b->oom ? -1 : strcmp(sb_str(a), sb_str(b)) != 0;
	sb_free(a);
	sb_free(b);
	return rc;
}

static int
push(struct commit_affect *out, const struct xaddr *a)
{
	struct xaddr	*v;

	if ((v = reallocarray(out->v, out->n + 1, sizeof(*v))) == NULL)
		return -1;
	out->v = v;
	v[out->n++] = *a;
	return 0;
}

static void
actx_free(struct actx *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].spec);
	free(c->v);
}

int
commit_affected(const struct config *from, const struct config *to,
    struct commit_affect *out)
{
	struct actx		 c;
	const struct bgp_peer	*p, *q;
	const struct bgp_item	*shut;
	struct strbuf		 a = STRBUF_INIT, b = STRBUF_INIT;
	int			 rc, hit, pol;

	memset(out, 0, sizeof(*out));
	if (to->bgp == NULL)
		return 0;
	memset(&c, 0, sizeof(c));
	c.from = from->rpl;
	c.to = to->rpl;
	rc = global_print(&c, from, &a, NULL);
	if (global_print(&c, to, &b, &pol) == -1 || rc == -1) {
		sb_free(&a);
		sb_free(&b);
		goto fail;
	}
	if ((rc = differ(&a, &b)) == -1)
		goto fail;
	/* a new router bgp (or another ASN) restarts everything anyway */
	out->all = rc || pol || from->bgp == NULL;
	for (p = bgp_peer_first(to->bgp); p != NULL; p = bgp_peer_next(p)) {
		if (p->kind != BGP_NBR)
			continue;
		q = from->bgp != NULL ? bgp_nbr_find(from->bgp, &p->addr) :
		    NULL;
		if (q == NULL || out->all)
			hit = 1;	/* new, or everything is */
		else {
			rc = nbr_print(&c, from, q, &a, NULL);
			if (nbr_print(&c, to, p, &b, &pol) == -1 || rc == -1) {
				sb_free(&a);
				sb_free(&b);
				goto fail;
			}
			if ((hit = differ(&a, &b)) == -1)
				goto fail;
			hit |= pol;
		}
		if (!hit)
			continue;
		shut = bgp_eff_sitem(to->bgp, p, BS_SHUTDOWN, NULL);
		if (shut != NULL && bgp_eff_on(shut)) {
			out->nshut++;
			continue;
		}
		if (push(out, &p->addr) == -1)
			goto fail;
	}
	actx_free(&c);
	return 0;
fail:
	actx_free(&c);
	commit_affect_free(out);
	return -1;
}

void
commit_affect_free(struct commit_affect *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

int
commit_affect_has(const struct commit_affect *a, const struct xaddr *x)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		if (addr_cmp(&a->v[i], x) == 0)
			return 1;
	return 0;
}
