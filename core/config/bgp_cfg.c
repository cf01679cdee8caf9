/*
 * bgp_cfg: lifetime of the router bgp model (new, dup, free), lookups of
 * neighbors and templates, and the global address-family lists.  The model
 * itself is described in bgp_model.h.  bgp_cfg_dup() is on the path of
 * every first edit (a candidate is a copy of running), so it copies items
 * with memcpy and only duplicates the strings.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_model.h"

int
bgp_peer_cmp(const struct bgp_peer *x, const struct bgp_peer *y)
{
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == BGP_NBR)
		return addr_cmp(&x->addr, &y->addr);
	return strcmp(x->name, y->name);
}

RB_GENERATE(bgp_peers, bgp_peer, entry, bgp_peer_cmp)

struct bgp_cfg *
bgp_cfg_new(uint32_t asn)
{
	struct bgp_cfg	*b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->asn = asn;
	RB_INIT(&b->peers);
	return b;
}

void
bgp_item_clear(struct bgp_item *it)
{
	free(it->s);
	free(it->args);
	memset(it, 0, sizeof(*it));
}

static int
replace_str(char **dst, const char *src)
{
	char	*p = NULL;

	if (src != NULL && (p = strdup(src)) == NULL)
		return -1;
	free(*dst);
	*dst = p;
	return 0;
}

int
bgp_item_set_str(struct bgp_item *it, const char *s)
{
	return replace_str(&it->s, s);
}

int
bgp_item_set_args(struct bgp_item *it, const char *s)
{
	return replace_str(&it->args, s);
}

int
bgp_set_ref(char **ref, const char *name)
{
	return replace_str(ref, name);
}

/* Copies an item; returns -1 (dst left cleared) on allocation failure. */
static int
item_copy(struct bgp_item *dst, const struct bgp_item *src)
{
	*dst = *src;
	dst->s = dst->args = NULL;
	if ((src->s != NULL && (dst->s = strdup(src->s)) == NULL) ||
	    (src->args != NULL && (dst->args = strdup(src->args)) == NULL)) {
		bgp_item_clear(dst);
		return -1;
	}
	return 0;
}

static int
items_copy(struct bgp_item *dst, const struct bgp_item *src, size_t n)
{
	size_t	 i;
	int	 rc = 0;

	memcpy(dst, src, n * sizeof(*dst));
	for (i = 0; i < n; i++) {
		if (src[i].s == NULL && src[i].args == NULL)
			continue;
		if (item_copy(&dst[i], &src[i]) == -1) {
			rc = -1;
			/* leave the rest string-free so free() is safe */
			for (i++; i < n; i++)
				dst[i].s = dst[i].args = NULL;
		}
	}
	return rc;
}

static void
items_free(struct bgp_item *it, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		bgp_item_clear(&it[i]);
}

void
bgp_afcfg_clear(struct bgp_afcfg *a)
{
	free(a->use_afg);
	items_free(a->it, BA_COUNT);
	memset(a, 0, sizeof(*a));
}

static void
peer_free(struct bgp_peer *p)
{
	int	 i;

	if (p == NULL)
		return;
	free(p->name);
	free(p->use_ng);
	free(p->use_sg);
	items_free(p->s, BS_COUNT);
	for (i = 0; i < BGP_AFI_COUNT; i++)
		bgp_afcfg_clear(&p->af[i]);
	free(p);
}

static struct bgp_peer *
peer_dup(const struct bgp_peer *src)
{
	struct bgp_peer	*p;
	int		 i, rc = 0;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->kind = src->kind;
	p->addr = src->addr;
	p->afg_afi = src->afg_afi;
	if ((p->name = strdup(src->name)) == NULL ||
	    replace_str(&p->use_ng, src->use_ng) == -1 ||
	    replace_str(&p->use_sg, src->use_sg) == -1)
		rc = -1;
	if (items_copy(p->s, src->s, BS_COUNT) == -1)
		rc = -1;
	for (i = 0; i < BGP_AFI_COUNT; i++) {
		p->af[i].present = src->af[i].present;
		if (replace_str(&p->af[i].use_afg, src->af[i].use_afg) == -1)
			rc = -1;
		if (items_copy(p->af[i].it, src->af[i].it, BA_COUNT) == -1)
			rc = -1;
	}
	if (rc == -1) {
		peer_free(p);
		return NULL;
	}
	return p;
}

static void
gaf_free(struct bgp_gaf *g)
{
	size_t	 i;

	for (i = 0; i < g->nnet; i++) {
		free(g->net[i].policy);
		free(g->net[i].args);
	}
	free(g->net);
	for (i = 0; i < g->nagg; i++) {
		free(g->agg[i].policy);
		free(g->agg[i].args);
	}
	free(g->agg);
	bgp_item_clear(&g->maxpaths_ebgp);
	bgp_item_clear(&g->maxpaths_ibgp);
	bgp_item_clear(&g->maxpaths_eibgp);
	bgp_item_clear(&g->allocate_label);
	bgp_item_clear(&g->oas_validation);
	bgp_item_clear(&g->oas_use_validity);
	bgp_item_clear(&g->oas_allow_invalid);
	bgp_item_clear(&g->dampening);
	items_free(g->redist, BGP_REDIST_COUNT);
	items_free(g->addpath, BGP_AP_COUNT);
	memset(g, 0, sizeof(*g));
}

void
bgp_gaf_clear(struct bgp_gaf *g)
{
	gaf_free(g);
}

static int
gaf_copy(struct bgp_gaf *dst, const struct bgp_gaf *src)
{
	size_t	 i;

	memset(dst, 0, sizeof(*dst));
	dst->present = src->present;
	if (src->nnet > 0) {
		if ((dst->net = calloc(src->nnet, sizeof(*dst->net))) == NULL)
			return -1;
		dst->capnet = src->nnet;
		for (i = 0; i < src->nnet; i++, dst->nnet++) {
			dst->net[i].pfx = src->net[i].pfx;
			if (replace_str(&dst->net[i].policy,
			    src->net[i].policy) == -1 ||
			    replace_str(&dst->net[i].args,
			    src->net[i].args) == -1) {
				dst->nnet++;
				return -1;
			}
		}
	}
	if (src->nagg > 0) {
		if ((dst->agg = calloc(src->nagg, sizeof(*dst->agg))) == NULL)
			return -1;
		dst->capagg = src->nagg;
		for (i = 0; i < src->nagg; i++, dst->nagg++) {
			dst->agg[i].pfx = src->agg[i].pfx;
			dst->agg[i].flags = src->agg[i].flags;
			if (replace_str(&dst->agg[i].policy,
			    src->agg[i].policy) == -1 ||
			    replace_str(&dst->agg[i].args,
			    src->agg[i].args) == -1) {
				dst->nagg++;
				return -1;
			}
		}
	}
	dst->damp_max_suppress = src->damp_max_suppress;
	if (item_copy(&dst->maxpaths_ebgp, &src->maxpaths_ebgp) == -1 ||
	    item_copy(&dst->maxpaths_ibgp, &src->maxpaths_ibgp) == -1 ||
	    item_copy(&dst->maxpaths_eibgp, &src->maxpaths_eibgp) == -1 ||
	    item_copy(&dst->allocate_label, &src->allocate_label) == -1 ||
	    item_copy(&dst->oas_validation, &src->oas_validation) == -1 ||
	    item_copy(&dst->oas_use_validity, &src->oas_use_validity) == -1 ||
	    item_copy(&dst->oas_allow_invalid, &src->oas_allow_invalid) ==
	    -1 ||
	    item_copy(&dst->dampening, &src->dampening) == -1 ||
	    items_copy(dst->redist, src->redist, BGP_REDIST_COUNT) == -1 ||
	    items_copy(dst->addpath, src->addpath, BGP_AP_COUNT) == -1)
		return -1;
	return 0;
}

struct bgp_cfg *
bgp_cfg_dup(const struct bgp_cfg *src)
{
	struct bgp_cfg	*b;
	struct bgp_peer	*p, *np;
	int		 i;

	if ((b = bgp_cfg_new(src->asn)) == NULL)
		return NULL;
	if (items_copy(b->g, src->g, BG_GCOUNT) == -1)
		goto fail;
	for (i = 0; i < BGP_AFI_COUNT; i++)
		if (gaf_copy(&b->af[i], &src->af[i]) == -1)
			goto fail;
	RB_FOREACH(p, bgp_peers, (struct bgp_peers *)&src->peers) {
		if ((np = peer_dup(p)) == NULL)
			goto fail;
		RB_INSERT(bgp_peers, &b->peers, np);
		b->npeers++;
	}
	if (bgp_rpki_copy(b, src) == -1)
		goto fail;
	return b;
fail:
	bgp_cfg_free(b);
	return NULL;
}

void
bgp_cfg_free(struct bgp_cfg *b)
{
	struct bgp_peer	*p, *np;
	int		 i;

	if (b == NULL)
		return;
	RB_FOREACH_SAFE(p, bgp_peers, &b->peers, np) {
		RB_REMOVE(bgp_peers, &b->peers, p);
		peer_free(p);
	}
	items_free(b->g, BG_GCOUNT);
	for (i = 0; i < BGP_AFI_COUNT; i++)
		gaf_free(&b->af[i]);
	bgp_rpki_free(b);
	free(b);
}

struct bgp_peer *
bgp_peer_find(const struct bgp_cfg *b, enum bgp_kind kind, const char *name)
{
	struct bgp_peer	 key;
	struct xaddr	 a;

	if (b == NULL || name == NULL)
		return NULL;
	if (kind == BGP_NBR) {
		if (addr_parse(name, &a) == -1)
			return NULL;
		return bgp_nbr_find(b, &a);
	}
	memset(&key, 0, sizeof(key));
	key.kind = kind;
	key.name = (char *)name;
	return RB_FIND(bgp_peers, (struct bgp_peers *)&b->peers, &key);
}

struct bgp_peer *
bgp_nbr_find(const struct bgp_cfg *b, const struct xaddr *a)
{
	struct bgp_peer	 key;

	if (b == NULL)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.kind = BGP_NBR;
	key.addr = *a;
	return RB_FIND(bgp_peers, (struct bgp_peers *)&b->peers, &key);
}

static struct bgp_peer *
peer_insert(struct bgp_cfg *b, struct bgp_peer *p)
{
	RB_INSERT(bgp_peers, &b->peers, p);
	b->npeers++;
	return p;
}

struct bgp_peer *
bgp_peer_get(struct bgp_cfg *b, enum bgp_kind kind, const char *name)
{
	struct bgp_peer	*p;
	struct xaddr	 a;

	if (kind == BGP_NBR) {
		if (addr_parse(name, &a) == -1)
			return NULL;
		return bgp_nbr_get(b, &a);
	}
	if ((p = bgp_peer_find(b, kind, name)) != NULL)
		return p;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->kind = kind;
	if ((p->name = strdup(name)) == NULL) {
		free(p);
		return NULL;
	}
	return peer_insert(b, p);
}

struct bgp_peer *
bgp_nbr_get(struct bgp_cfg *b, const struct xaddr *a)
{
	struct bgp_peer	*p;
	char		 buf[ADDR_STRLEN];

	if ((p = bgp_nbr_find(b, a)) != NULL)
		return p;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->kind = BGP_NBR;
	p->addr = *a;
	addr_format(a, buf, sizeof(buf));
	if ((p->name = strdup(buf)) == NULL) {
		free(p);
		return NULL;
	}
	return peer_insert(b, p);
}

void
bgp_peer_del(struct bgp_cfg *b, struct bgp_peer *p)
{
	RB_REMOVE(bgp_peers, &b->peers, p);
	b->npeers--;
	peer_free(p);
}

struct bgp_peer *
bgp_peer_first(const struct bgp_cfg *b)
{
	return RB_MIN(bgp_peers, (struct bgp_peers *)&b->peers);
}

struct bgp_peer *
bgp_peer_next(const struct bgp_peer *p)
{
	return RB_NEXT(bgp_peers, NULL, (struct bgp_peer *)p);
}

/*
 * Global AF lists (network, aggregate-address): arrays sorted by prefix
 * (binary search, shifting insert).  Both element types start with their
 * prefix, so one set of helpers serves them.
 */
_Static_assert(offsetof(struct bgp_network, pfx) == 0, "network key");
_Static_assert(offsetof(struct bgp_aggregate, pfx) == 0, "aggregate key");

#define PV_AT(v, size, i)	((char *)(v) + (i) * (size))

static size_t
pv_pos(void *v, size_t n, size_t size, const struct xprefix *pfx,
    int *found)
{
	size_t	 lo = 0, hi = n, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = prefix_cmp((const struct xprefix *)PV_AT(v, size, mid), pfx);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void *
pv_find(void *v, size_t n, size_t size, const struct xprefix *pfx)
{
	int	 found;
	size_t	 i = pv_pos(v, n, size, pfx, &found);

	return found ? PV_AT(v, size, i) : NULL;
}

/* The element of pfx, inserted zeroed (but for its prefix) if absent. */
static void *
pv_get(void **vp, size_t *np, size_t *capp, size_t size,
    const struct xprefix *pfx)
{
	void	*nv;
	size_t	 i, ncap;
	int	 found;

	i = pv_pos(*vp, *np, size, pfx, &found);
	if (found)
		return PV_AT(*vp, size, i);
	if (*np == *capp) {
		ncap = *capp ? *capp * 2 : 8;
		if ((nv = reallocarray(*vp, ncap, size)) == NULL)
			return NULL;
		*vp = nv;
		*capp = ncap;
	}
	memmove(PV_AT(*vp, size, i + 1), PV_AT(*vp, size, i),
	    (*np - i) * size);
	memset(PV_AT(*vp, size, i), 0, size);
	memcpy(PV_AT(*vp, size, i), pfx, sizeof(*pfx));
	(*np)++;
	return PV_AT(*vp, size, i);
}

static void
pv_remove(void *v, size_t *np, size_t size, void *elem)
{
	size_t	 i = (size_t)((char *)elem - (char *)v) / size;

	memmove(PV_AT(v, size, i), PV_AT(v, size, i + 1),
	    (*np - i - 1) * size);
	(*np)--;
}

struct bgp_network *
bgp_network_find(struct bgp_gaf *g, const struct xprefix *pfx)
{
	return pv_find(g->net, g->nnet, sizeof(*g->net), pfx);
}

struct bgp_network *
bgp_network_get(struct bgp_gaf *g, const struct xprefix *pfx)
{
	void			*v = g->net;
	struct bgp_network	*n;

	n = pv_get(&v, &g->nnet, &g->capnet, sizeof(*g->net), pfx);
	g->net = v;
	return n;
}

void
bgp_network_del(struct bgp_gaf *g, const struct xprefix *pfx)
{
	struct bgp_network	*n;

	if ((n = bgp_network_find(g, pfx)) == NULL)
		return;
	free(n->policy);
	free(n->args);
	pv_remove(g->net, &g->nnet, sizeof(*g->net), n);
}

struct bgp_aggregate *
bgp_aggregate_get(struct bgp_gaf *g, const struct xprefix *pfx)
{
	void			*v = g->agg;
	struct bgp_aggregate	*ag;

	ag = pv_get(&v, &g->nagg, &g->capagg, sizeof(*g->agg), pfx);
	g->agg = v;
	return ag;
}

void
bgp_aggregate_del(struct bgp_gaf *g, const struct xprefix *pfx)
{
	struct bgp_aggregate	*ag;

	if ((ag = pv_find(g->agg, g->nagg, sizeof(*g->agg), pfx)) == NULL)
		return;
	free(ag->policy);
	free(ag->args);
	pv_remove(g->agg, &g->nagg, sizeof(*g->agg), ag);
}

const char *
bgp_afi_name(enum bgp_afi afi)
{
	return afi == BGP_AFI_V6 ? "ipv6" : "ipv4";
}

const char *
bgp_afi_label(enum bgp_afi afi)
{
	return afi == BGP_AFI_V6 ? "IPv6 Unicast" : "IPv4 Unicast";
}

const char *
bgp_kind_name(enum bgp_kind k)
{
	switch (k) {
	case BGP_AFG:
		return "af-group";
	case BGP_SG:
		return "session-group";
	case BGP_NG:
		return "neighbor-group";
	default:
		return "neighbor";
	}
}

char
bgp_kind_tag(enum bgp_kind k)
{
	switch (k) {
	case BGP_AFG:
		return 'a';
	case BGP_SG:
		return 's';
	case BGP_NG:
		return 'n';
	default:
		return '?';
	}
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/*
 * Arguments are kept as XR prints them: "(a, b)".  Each argument is a
 * word or a $parameter; empty arguments are malformed.
 */
char *
bgp_policy_args_canon(const char *s)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p = s, *start;
	size_t		 n;

	if (*p++ != '(')
		return NULL;
	sb_putc(&sb, '(');
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ')' && *p != ' ' &&
		    *p != '\t' && *p != '(')
			p++;
		n = (size_t)(p - start);
		while (*p == ' ' || *p == '\t')
			p++;
		if (n == 0 || (*p != ',' && *p != ')'))
			goto bad;
		sb_putn(&sb, start, n);
		if (*p == ')')
			break;
		sb_puts(&sb, ", ");
		p++;
	}
	if (p[1] != '\0')
		goto bad;
	sb_putc(&sb, ')');
	if (sb.oom)
		goto bad;
	return sb_steal(&sb);
bad:
	sb_free(&sb);
	return NULL;
}

int
bgp_policy_split(const char *spec, char *name, size_t namelen, char **args)
{
	const char	*p = spec;
	size_t		 n;

	*args = NULL;
	while (name_char((unsigned char)*p))
		p++;
	n = (size_t)(p - spec);
	if (n == 0 || n >= namelen)
		return -1;
	memcpy(name, spec, n);
	name[n] = '\0';
	if (*p == '\0')
		return 0;
	if (*p != '(' || (*args = bgp_policy_args_canon(p)) == NULL)
		return -1;
	return 0;
}

int
bgp_policy_spec_valid(const char *spec)
{
	char	 name[256], *args;

	if (bgp_policy_split(spec, name, sizeof(name), &args) == -1)
		return 0;
	free(args);
	return 1;
}
