/*
 * bgp_inherit: effective values with provenance, the `configuration`
 * views and the users / inheritance lists.  See bgp_inherit.h for the
 * precedence rules; the recursion below is that table, nothing more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_inherit.h"

static const struct bgp_item *
sitem_at(const struct bgp_cfg *b, const struct bgp_peer *p, int item,
    const struct bgp_peer **from, int depth)
{
	const struct bgp_item	*it;
	const struct bgp_peer	*g;

	if (p == NULL || depth > BGP_INHERIT_DEPTH || p->kind == BGP_AFG)
		return NULL;
	if (p->s[item].set) {
		*from = p;
		return &p->s[item];
	}
	if (p->use_sg != NULL &&
	    (g = bgp_peer_find(b, BGP_SG, p->use_sg)) != NULL &&
	    (it = sitem_at(b, g, item, from, depth + 1)) != NULL)
		return it;
	if (p->kind != BGP_SG && p->use_ng != NULL &&
	    (g = bgp_peer_find(b, BGP_NG, p->use_ng)) != NULL &&
	    (it = sitem_at(b, g, item, from, depth + 1)) != NULL)
		return it;
	return NULL;
}

const struct bgp_item *
bgp_eff_sitem(const struct bgp_cfg *b, const struct bgp_peer *p, int item,
    const struct bgp_peer **from)
{
	const struct bgp_peer	*dummy;

	if (from == NULL)
		from = &dummy;
	*from = NULL;
	return sitem_at(b, p, item, from, 0);
}

static const struct bgp_afcfg *
afcfg_of(const struct bgp_peer *p, enum bgp_afi afi)
{
	if (p->kind == BGP_AFG)
		return p->afg_afi == afi ? &p->af[afi] : NULL;
	if (p->kind == BGP_SG || !p->af[afi].present)
		return NULL;
	return &p->af[afi];
}

static const struct bgp_item *
aitem_at(const struct bgp_cfg *b, const struct bgp_peer *p, enum bgp_afi afi,
    int item, const struct bgp_peer **from, int depth)
{
	const struct bgp_afcfg	*a;
	const struct bgp_item	*it;
	const struct bgp_peer	*g;

	if (p == NULL || depth > BGP_INHERIT_DEPTH)
		return NULL;
	if ((a = afcfg_of(p, afi)) != NULL) {
		if (a->it[item].set) {
			*from = p;
			return &a->it[item];
		}
		if (a->use_afg != NULL &&
		    (g = bgp_peer_find(b, BGP_AFG, a->use_afg)) != NULL &&
		    (it = aitem_at(b, g, afi, item, from, depth + 1)) != NULL)
			return it;
	}
	if ((p->kind == BGP_NBR || p->kind == BGP_NG) && p->use_ng != NULL &&
	    (g = bgp_peer_find(b, BGP_NG, p->use_ng)) != NULL &&
	    (it = aitem_at(b, g, afi, item, from, depth + 1)) != NULL)
		return it;
	return NULL;
}

const struct bgp_item *
bgp_eff_aitem(const struct bgp_cfg *b, const struct bgp_peer *p,
    enum bgp_afi afi, int item, const struct bgp_peer **from)
{
	const struct bgp_peer	*dummy;

	if (from == NULL)
		from = &dummy;
	*from = NULL;
	return aitem_at(b, p, afi, item, from, 0);
}

int
bgp_eff_on(const struct bgp_item *it)
{
	return it != NULL && it->set && !it->off;
}

static int
af_active_at(const struct bgp_cfg *b, const struct bgp_peer *p,
    enum bgp_afi afi, const struct bgp_peer **from, int depth)
{
	const struct bgp_peer	*g;

	if (p == NULL || depth > BGP_INHERIT_DEPTH)
		return 0;
	if (afcfg_of(p, afi) != NULL) {
		*from = p;
		return 1;
	}
	if ((p->kind == BGP_NBR || p->kind == BGP_NG) && p->use_ng != NULL &&
	    (g = bgp_peer_find(b, BGP_NG, p->use_ng)) != NULL)
		return af_active_at(b, g, afi, from, depth + 1);
	return 0;
}

int
bgp_af_active(const struct bgp_cfg *b, const struct bgp_peer *p,
    enum bgp_afi afi, const struct bgp_peer **from)
{
	const struct bgp_peer	*dummy;

	if (from == NULL)
		from = &dummy;
	*from = NULL;
	return af_active_at(b, p, afi, from, 0);
}

void
bgp_src_tag(const struct bgp_peer *p, const struct bgp_peer *from, char *buf,
    size_t len)
{
	if (from == NULL)
		snprintf(buf, len, "[dflt]");
	else if (from == p)
		snprintf(buf, len, "[]");
	else
		snprintf(buf, len, "[%c:%s]", bgp_kind_tag(from->kind),
		    from->name);
}

/* --- views --- */

static void
view_add(struct bgp_view *v, int indent, const char *text,
    const struct bgp_peer *p, const struct bgp_peer *from, int opener,
    int dflt)
{
	struct bgp_view_row	*r;
	char			 tag[256];

	if (v->oom)
		return;
	if (v->n == v->cap) {
		size_t			 ncap = v->cap ? v->cap * 2 : 16;
		struct bgp_view_row	*nv;

		if ((nv = reallocarray(v->v, ncap, sizeof(*nv))) == NULL) {
			v->oom = 1;
			return;
		}
		v->v = nv;
		v->cap = ncap;
	}
	r = &v->v[v->n];
	memset(r, 0, sizeof(*r));
	r->indent = indent;
	if ((r->text = strdup(text)) == NULL) {
		v->oom = 1;
		return;
	}
	if (!opener || from != NULL) {
		bgp_src_tag(p, dflt ? NULL : from, tag, sizeof(tag));
		if ((r->tag = strdup(tag)) == NULL) {
			free(r->text);
			v->oom = 1;
			return;
		}
		if (dflt || from == NULL)
			r->src_kind = "default";
		else if (from == p)
			r->src_kind = "self";
		else {
			r->src_kind = bgp_kind_name(from->kind);
			r->src_name = from->name;
		}
	}
	v->n++;
}

static void
view_af(const struct bgp_cfg *b, const struct bgp_peer *p, enum bgp_afi afi,
    int ind, struct bgp_view *v)
{
	const struct bgp_item	*it;
	const struct bgp_peer	*from;
	struct strbuf		 sb = STRBUF_INIT;
	int			 i;

	for (i = 0; i < BA_COUNT; i++) {
		sb_reset(&sb);
		if ((it = bgp_eff_aitem(b, p, afi, i, &from)) != NULL) {
			bgp_aitem_format(i, it, 1, &sb);
			view_add(v, ind, sb_str(&sb), p, from, 0, 0);
		} else if (i == BA_MAXPFX && p->kind == BGP_NBR) {
			/* XR enforces a limit even when none is configured */
			sb_printf(&sb, "maximum-prefix %u 75",
			    afi == BGP_AFI_V4 ? 1048576u : 524288u);
			view_add(v, ind, sb_str(&sb), p, NULL, 0, 1);
		}
	}
	if (sb.oom)
		v->oom = 1;
	sb_free(&sb);
}

int
bgp_view_build(const struct bgp_cfg *b, const struct bgp_peer *p,
    struct bgp_view *v)
{
	const struct bgp_item	*it, *ras;
	const struct bgp_peer	*from;
	struct strbuf		 sb = STRBUF_INIT;
	int			 i;

	memset(v, 0, sizeof(*v));
	bgp_peer_header(p, &sb);
	view_add(v, 0, sb_str(&sb), p, NULL, 1, 0);
	if (p->kind == BGP_AFG) {
		view_af(b, p, p->afg_afi, 1, v);
		goto done;
	}
	for (i = 0; i < BS_COUNT; i++) {
		sb_reset(&sb);
		if ((it = bgp_eff_sitem(b, p, i, &from)) != NULL) {
			bgp_sitem_format(i, it, &sb);
			view_add(v, 1, sb_str(&sb), p, from, 0, 0);
		} else if (i == BS_ADV_INTERVAL && p->kind == BGP_NBR &&
		    (ras = bgp_eff_sitem(b, p, BS_REMOTE_AS, NULL)) != NULL) {
			/* 0 s for iBGP, 30 s for eBGP */
			sb_printf(&sb, "advertisement-interval %u",
			    ras->n[0] == b->asn ? 0 : 30);
			view_add(v, 1, sb_str(&sb), p, NULL, 0, 1);
		}
	}
	if (p->kind == BGP_SG)
		goto done;
	for (i = 0; i < BGP_AFI_COUNT; i++) {
		if (!bgp_af_active(b, p, i, &from))
			continue;
		sb_reset(&sb);
		sb_printf(&sb, "address-family %s unicast", bgp_afi_name(i));
		view_add(v, 1, sb_str(&sb), p, from, 1, 0);
		view_af(b, p, i, 2, v);
	}
done:
	if (sb.oom)
		v->oom = 1;
	sb_free(&sb);
	return v->oom ? -1 : 0;
}

void
bgp_view_free(struct bgp_view *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].text);
		free(v->v[i].tag);
	}
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/* --- users and inheritance --- */

/* The parents of p in a scope, in precedence order (at most two). */
static size_t
parents(const struct bgp_cfg *b, const struct bgp_peer *p, int scope,
    const struct bgp_peer *out[2])
{
	const struct bgp_afcfg	*a;
	const struct bgp_peer	*g;
	size_t			 n = 0;

	if (scope < 0) {
		if (p->kind == BGP_AFG)
			return 0;
		if (p->use_sg != NULL &&
		    (g = bgp_peer_find(b, BGP_SG, p->use_sg)) != NULL)
			out[n++] = g;
	} else {
		if ((a = afcfg_of(p, scope)) != NULL && a->use_afg != NULL &&
		    (g = bgp_peer_find(b, BGP_AFG, a->use_afg)) != NULL)
			out[n++] = g;
	}
	if ((p->kind == BGP_NBR || p->kind == BGP_NG) && p->use_ng != NULL &&
	    (g = bgp_peer_find(b, BGP_NG, p->use_ng)) != NULL)
		out[n++] = g;
	return n;
}

static int
inherits(const struct bgp_cfg *b, const struct bgp_peer *p,
    const struct bgp_peer *g, int scope, int depth)
{
	const struct bgp_peer	*par[2];
	size_t			 i, n;

	if (depth > BGP_INHERIT_DEPTH)
		return 0;
	n = parents(b, p, scope, par);
	for (i = 0; i < n; i++)
		if (par[i] == g || inherits(b, par[i], g, scope, depth + 1))
			return 1;
	return 0;
}

void
bgp_users(const struct bgp_cfg *b, const struct bgp_peer *g, int scope,
    void (*cb)(const struct bgp_peer *, void *), void *arg)
{
	const struct bgp_peer	*p;

	for (p = bgp_peer_first(b); p != NULL; p = bgp_peer_next(p))
		if (p != g && inherits(b, p, g, scope, 0))
			cb(p, arg);
}

static void
ancestors_at(const struct bgp_cfg *b, const struct bgp_peer *p, int scope,
    void (*cb)(const struct bgp_peer *, void *), void *arg, int depth)
{
	const struct bgp_peer	*par[2];
	size_t			 i, n;

	if (depth > BGP_INHERIT_DEPTH)
		return;
	n = parents(b, p, scope, par);
	for (i = 0; i < n; i++) {
		cb(par[i], arg);
		ancestors_at(b, par[i], scope, cb, arg, depth + 1);
	}
}

void
bgp_ancestors(const struct bgp_cfg *b, const struct bgp_peer *p, int scope,
    void (*cb)(const struct bgp_peer *, void *), void *arg)
{
	ancestors_at(b, p, scope, cb, arg, 0);
}

int
bgp_has_scope(const struct bgp_cfg *b, const struct bgp_peer *p, int scope)
{
	if (scope < 0)
		return p->kind != BGP_AFG;
	if (p->kind == BGP_AFG)
		return p->afg_afi == (enum bgp_afi)scope;
	if (p->kind == BGP_SG)
		return 0;
	return bgp_af_active(b, p, scope, NULL);
}
