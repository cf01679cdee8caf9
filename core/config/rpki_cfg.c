/*
 * rpki_cfg: the RPKI part of the router bgp model (`rpki server <host>`
 * blocks and static `rpki route` lines): lookups, copy and free for
 * bgp_cfg.c, the line formatters for the printer, and the views the
 * engine reads (rpki_cfg.h).  Both lists are small arrays kept in print
 * order, so the printer, the engine and the tests see one order.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_model.h"
#include "core/config/password.h"
#include "core/config/rpki_cfg.h"

_Static_assert(BGP_RPKI_SERVERS_MAX == RTR_SERVERS_MAX, "server limit");
_Static_assert(BGP_RPKI_HOST_MAX < sizeof(((struct rtr_server_cfg *)0)->host),
    "host length");

/* ---- servers ---- */

/*
 * The canonical key of a host: an address as inet_ntop writes it, or a
 * DNS name in lower case.  -1 if it is neither.
 */
static int
host_canon(const char *host, struct xaddr *a, char *out, size_t outlen)
{
	size_t	 i, n;

	memset(a, 0, sizeof(*a));
	if (addr_parse(host, a) == 0) {
		addr_format(a, out, outlen);
		return 0;
	}
	memset(a, 0, sizeof(*a));
	n = strlen(host);
	if (n == 0 || n > BGP_RPKI_HOST_MAX || n >= outlen)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)host[i];

		if (!isalnum(c) && c != '-' && c != '.')
			return -1;
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	/* a name has a letter somewhere (1.2.3 is a mistyped address) */
	for (i = 0; i < n; i++)
		if (isalpha((unsigned char)out[i]))
			return 0;
	return -1;
}

/* addresses first (v4, v6, by value), then names */
static int
srv_cmp(const struct xaddr *a, const char *host,
    const struct bgp_rpki_server *s)
{
	if (a->af != 0 && s->addr.af != 0)
		return addr_cmp(a, &s->addr);
	if (a->af != 0)
		return -1;
	if (s->addr.af != 0)
		return 1;
	return strcmp(host, s->host);
}

/* index of the key, or where it goes (*found 0) */
static size_t
srv_pos(const struct bgp_cfg *b, const struct xaddr *a, const char *host,
    int *found)
{
	size_t	 lo = 0, hi = b->nrpki_srv, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = srv_cmp(a, host, &b->rpki_srv[mid]);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct bgp_rpki_server *
bgp_rpki_server_find(const struct bgp_cfg *b, const char *host)
{
	struct xaddr	 a;
	char		 key[BGP_RPKI_HOST_MAX + 1];
	size_t		 i;
	int		 found;

	if (b == NULL || host == NULL ||
	    host_canon(host, &a, key, sizeof(key)) == -1)
		return NULL;
	i = srv_pos(b, &a, key, &found);
	return found ? &b->rpki_srv[i] : NULL;
}

struct bgp_rpki_server *
bgp_rpki_server_get(struct bgp_cfg *b, const char *host)
{
	struct bgp_rpki_server	*v, *s;
	struct xaddr		 a;
	char			 key[BGP_RPKI_HOST_MAX + 1], *h;
	size_t			 i;
	int			 found;

	if (host == NULL || host_canon(host, &a, key, sizeof(key)) == -1) {
		errno = EINVAL;
		return NULL;
	}
	i = srv_pos(b, &a, key, &found);
	if (found)
		return &b->rpki_srv[i];
	if ((h = strdup(key)) == NULL)
		return NULL;
	if ((v = reallocarray(b->rpki_srv, b->nrpki_srv + 1,
	    sizeof(*v))) == NULL) {
		free(h);
		return NULL;
	}
	b->rpki_srv = v;
	memmove(&v[i + 1], &v[i], (b->nrpki_srv - i) * sizeof(*v));
	b->nrpki_srv++;
	s = &v[i];
	memset(s, 0, sizeof(*s));
	s->host = h;
	s->addr = a;
	return s;
}

static void
srv_clear(struct bgp_rpki_server *s)
{
	int	 i;

	free(s->host);
	for (i = 0; i < BR_COUNT; i++)
		bgp_item_clear(&s->it[i]);
	memset(s, 0, sizeof(*s));
}

void
bgp_rpki_server_del(struct bgp_cfg *b, const char *host)
{
	struct bgp_rpki_server	*s;
	size_t			 i;

	if ((s = bgp_rpki_server_find(b, host)) == NULL)
		return;
	i = (size_t)(s - b->rpki_srv);
	srv_clear(s);
	memmove(&b->rpki_srv[i], &b->rpki_srv[i + 1],
	    (b->nrpki_srv - i - 1) * sizeof(*s));
	b->nrpki_srv--;
}

/* ---- static routes ---- */

static int
rt_cmp(const struct bgp_rpki_route *x, const struct bgp_rpki_route *y)
{
	int	 c;

	if ((c = prefix_cmp(&x->pfx, &y->pfx)) != 0)
		return c;
	if (x->maxlen != y->maxlen)
		return x->maxlen < y->maxlen ? -1 : 1;
	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return 0;
}

static size_t
rt_pos(const struct bgp_cfg *b, const struct bgp_rpki_route *r, int *found)
{
	size_t	 lo = 0, hi = b->nrpki_rt, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = rt_cmp(r, &b->rpki_rt[mid]);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int
bgp_rpki_route_add(struct bgp_cfg *b, const struct bgp_rpki_route *r)
{
	struct bgp_rpki_route	*v;
	size_t			 i;
	int			 found;

	i = rt_pos(b, r, &found);
	if (found)
		return 0;
	if ((v = reallocarray(b->rpki_rt, b->nrpki_rt + 1,
	    sizeof(*v))) == NULL)
		return -1;
	b->rpki_rt = v;
	memmove(&v[i + 1], &v[i], (b->nrpki_rt - i) * sizeof(*v));
	v[i] = *r;
	b->nrpki_rt++;
	return 0;
}

int
bgp_rpki_route_del(struct bgp_cfg *b, const struct bgp_rpki_route *r)
{
	size_t	 i;
	int	 found;

	i = rt_pos(b, r, &found);
	if (!found)
		return 0;
	memmove(&b->rpki_rt[i], &b->rpki_rt[i + 1],
	    (b->nrpki_rt - i - 1) * sizeof(*r));
	b->nrpki_rt--;
	return 1;
}

/* ---- lifetime ---- */

void
bgp_rpki_free(struct bgp_cfg *b)
{
	size_t	 i;

	for (i = 0; i < b->nrpki_srv; i++)
		srv_clear(&b->rpki_srv[i]);
	free(b->rpki_srv);
	free(b->rpki_rt);
	b->rpki_srv = NULL;
	b->rpki_rt = NULL;
	b->nrpki_srv = b->nrpki_rt = 0;
}

static int
item_dup(struct bgp_item *dst, const struct bgp_item *src)
{
	*dst = *src;
	dst->s = dst->args = NULL;
	if ((src->s != NULL && (dst->s = strdup(src->s)) == NULL) ||
	    (src->args != NULL && (dst->args = strdup(src->args)) == NULL))
		return -1;
	return 0;
}

int
bgp_rpki_copy(struct bgp_cfg *dst, const struct bgp_cfg *src)
{
	struct bgp_rpki_server	*d;
	size_t			 i;
	int			 k;

	if (src->nrpki_rt > 0) {
		if ((dst->rpki_rt = calloc(src->nrpki_rt,
		    sizeof(*dst->rpki_rt))) == NULL)
			return -1;
		memcpy(dst->rpki_rt, src->rpki_rt,
		    src->nrpki_rt * sizeof(*dst->rpki_rt));
		dst->nrpki_rt = src->nrpki_rt;
	}
	if (src->nrpki_srv == 0)
		return 0;
	if ((dst->rpki_srv = calloc(src->nrpki_srv,
	    sizeof(*dst->rpki_srv))) == NULL)
		return -1;
	/* counted as it fills, so bgp_rpki_free() is right at any point */
	for (i = 0; i < src->nrpki_srv; i++) {
		d = &dst->rpki_srv[i];
		dst->nrpki_srv++;
		d->addr = src->rpki_srv[i].addr;
		if ((d->host = strdup(src->rpki_srv[i].host)) == NULL)
			return -1;
		for (k = 0; k < BR_COUNT; k++)
			if (item_dup(&d->it[k], &src->rpki_srv[i].it[k]) == -1)
				return -1;
	}
	return 0;
}

/* ---- formatting ---- */

void
bgp_ritem_format(int item, const struct bgp_item *it, struct strbuf *sb)
{
	char	 enc[2 * PASSWORD_MAX + 3];

	switch (item) {
	case BR_TRANSPORT:
		sb_printf(sb, "transport %s port %u",
		    it->opt & BGP_OPT_SSH ? "ssh" : "tcp", it->n[0]);
		break;
	case BR_USERNAME:
		sb_printf(sb, "username %s", it->s ? it->s : "");
		break;
	case BR_PASSWORD:
		if (it->s == NULL ||
		    password_encode(it->s, enc, sizeof(enc)) == -1)
			enc[0] = '\0';
		sb_printf(sb, "password encrypted %s", enc);
		break;
	case BR_PREFERENCE:
		sb_printf(sb, "preference %u", it->n[0]);
		break;
	case BR_PURGE_TIME:
		sb_printf(sb, "purge-time %u", it->n[0]);
		break;
	case BR_REFRESH_TIME:
	case BR_RESPONSE_TIME:
		sb_puts(sb, item == BR_REFRESH_TIME ? "refresh-time " :
		    "response-time ");
		if (it->opt & BGP_OPT_OFF)
			sb_puts(sb, "off");
		else
			sb_printf(sb, "%u", it->n[0]);
		break;
	case BR_SHUTDOWN:
		sb_puts(sb, "shutdown");
		break;
	}
}

void
bgp_rpki_route_format(const struct bgp_rpki_route *r, struct strbuf *sb)
{
	char	 pfx[PREFIX_STRLEN];

	prefix_format(&r->pfx, pfx, sizeof(pfx));
	sb_printf(sb, "rpki route %s max %u origin %u", pfx, r->maxlen,
	    r->asn);
}

/* ---- the engine's views ---- */

/* a timer item: its value, 0 for off, dflt when not configured */
static unsigned
timer_of(const struct bgp_item *it, unsigned dflt)
{
	if (!it->set)
		return dflt;
	return it->opt & BGP_OPT_OFF ? 0 : it->n[0];
}

size_t
rpki_cfg_servers(const struct bgp_cfg *b, struct rtr_server_cfg *out,
    size_t max)
{
	const struct bgp_rpki_server	*s;
	struct rtr_server_cfg		*o;
	size_t				 i, n = 0;

	if (b == NULL)
		return 0;
	for (i = 0; i < b->nrpki_srv && n < max; i++) {
		s = &b->rpki_srv[i];
		o = &out[n++];
		memset(o, 0, sizeof(*o));
		strlcpy(o->host, s->host, sizeof(o->host));
		o->port = s->it[BR_TRANSPORT].set ?
		    (uint16_t)s->it[BR_TRANSPORT].n[0] : 0;
		o->refresh_time = timer_of(&s->it[BR_REFRESH_TIME],
		    BGP_RPKI_REFRESH_DFLT);
		o->response_time = timer_of(&s->it[BR_RESPONSE_TIME],
		    BGP_RPKI_RESPONSE_DFLT);
		o->purge_time = timer_of(&s->it[BR_PURGE_TIME],
		    BGP_RPKI_PURGE_DFLT);
		o->preference = s->it[BR_PREFERENCE].set ?
		    s->it[BR_PREFERENCE].n[0] : BGP_RPKI_PREF_DFLT;
		o->shutdown = s->it[BR_SHUTDOWN].set;
	}
	return n;
}

int
rpki_cfg_foreach_route(const struct bgp_cfg *b, int (*cb)(
    const struct xprefix *, uint8_t maxlen, uint32_t asn, void *), void *arg)
{
	size_t	 i;
	int	 rc;

	if (b == NULL)
		return 0;
	for (i = 0; i < b->nrpki_rt; i++)
		if ((rc = cb(&b->rpki_rt[i].pfx, b->rpki_rt[i].maxlen,
		    b->rpki_rt[i].asn, arg)) != 0)
			return rc;
	return 0;
}

static const struct bgp_gaf *
gaf_of(const struct bgp_cfg *b, int afi)
{
	if (b == NULL || afi < 0 || afi >= BGP_AFI_COUNT ||
	    !b->af[afi].present)
		return NULL;
	return &b->af[afi];
}

int
rpki_cfg_validation(const struct bgp_cfg *b, int afi)
{
	const struct bgp_gaf	*g = gaf_of(b, afi);

	return g != NULL && g->oas_validation.set;
}

int
rpki_cfg_use_validity(const struct bgp_cfg *b, int afi)
{
	const struct bgp_gaf	*g = gaf_of(b, afi);

	return g != NULL && (g->oas_use_validity.set ||
	    b->g[BG_OAS_USE_VALIDITY].set);
}

int
rpki_cfg_allow_invalid(const struct bgp_cfg *b, int afi)
{
	const struct bgp_gaf	*g = gaf_of(b, afi);

	return g != NULL && (g->oas_allow_invalid.set ||
	    b->g[BG_OAS_ALLOW_INVALID].set);
}
