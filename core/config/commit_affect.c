/*
 * commit_affect: the neighbors a configuration change touches; see
 * commit_affect.h.  Each side is reduced to fingerprints, one text per
 * neighbor and one for the global settings: the effective lines (what
 * `show bgp neighbor ... configuration` lists, inheritance resolved, the
 * provenance left out since moving a value between levels changes
 * nothing) followed by the printed text of every RPL object each policy
 * it names uses.  Texts rather than a walk of each field: a new item in
 * the model is covered without touching this file.
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
 * Appends what every `[route-]policy NAME[(ARGS)]` in line uses.  The
 * policy may be followed by a direction or other words; a word that only
 * looks like one names no policy on either side, so it changes nothing.
 */
static void
policies_of(const struct rpl_db *db, const char *line, struct strbuf *sb)
{
	const char	*p = line, *e;
	char		 spec[512], name[256], *args;
	size_t		 n;

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
		if (bgp_policy_split(spec, name, sizeof(name), &args) == -1)
			continue;
		rpl_policy_foreach_use(db, name, args, use_print, sb);
		free(args);
	}
}

/* The fingerprint of neighbor p of c; -1 on ENOMEM. */
static int
nbr_print(const struct config *c, const struct bgp_peer *p,
    struct strbuf *sb)
{
	struct bgp_view	 view;
	size_t		 i;

	memset(&view, 0, sizeof(view));
	if (bgp_view_build(c->bgp, p, &view) == -1) {
		bgp_view_free(&view);
		return -1;
	}
	for (i = 0; i < view.n; i++)
		sb_printf(sb, "%d %s\n", view.v[i].indent, view.v[i].text);
	for (i = 0; i < view.n; i++)
		policies_of(c->rpl, view.v[i].text, sb);
	bgp_view_free(&view);
	return sb->oom ? -1 : 0;
}

/* The global fingerprint: router bgp without its peers, router static. */
static int
global_print(const struct config *c, struct strbuf *sb)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p;
	struct strbuf	 t = STRBUF_INIT;
	const char	*s, *nl;
	char		 line[1024];
	size_t		 n;

	if (c->statics != NULL && static_cfg_print(c->statics, sb) == -1)
		return -1;
	if (c->bgp == NULL)
		return sb->oom ? -1 : 0;
	if ((b = bgp_cfg_dup(c->bgp)) == NULL)
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
	for (s = sb_str(&t); *s != '\0'; s = *nl ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		n = (size_t)(nl - s);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		policies_of(c->rpl, line, sb);
	}
	sb_free(&t);
	return sb->oom ? -1 : 0;
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

int
commit_affected(const struct config *from, const struct config *to,
    struct commit_affect *out)
{
	const struct bgp_peer	*p, *q;
	const struct bgp_item	*shut;
	struct strbuf		 a = STRBUF_INIT, b = STRBUF_INIT;
	int			 rc, hit;

	memset(out, 0, sizeof(*out));
	if (to->bgp == NULL)
		return 0;
	rc = global_print(from, &a);
	if (global_print(to, &b) == -1 || rc == -1) {
		sb_free(&a);
		sb_free(&b);
		return -1;
	}
	if ((rc = differ(&a, &b)) == -1)
		return -1;
	/* a new router bgp (or another ASN) restarts everything anyway */
	out->all = rc || from->bgp == NULL;
	for (p = bgp_peer_first(to->bgp); p != NULL; p = bgp_peer_next(p)) {
		if (p->kind != BGP_NBR)
			continue;
		q = from->bgp != NULL ? bgp_nbr_find(from->bgp, &p->addr) :
		    NULL;
		if (q == NULL)
			hit = 1;	/* new: nothing to compare with */
		else if (out->all)
			hit = 1;
		else {
			rc = nbr_print(from, q, &a);
			if (nbr_print(to, p, &b) == -1 || rc == -1) {
				sb_free(&a);
				sb_free(&b);
				goto fail;
			}
			if ((hit = differ(&a, &b)) == -1)
				goto fail;
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
	return 0;
fail:
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
