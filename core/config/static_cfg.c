/*
 * static_cfg: the router static model, its canonical text and the
 * resolution helpers; see static_cfg.h.  Commit-time checks are in
 * static_validate.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config/static_cfg.h"

#define STATIC_RESOLVE_DEPTH	8

struct static_cfg *
static_cfg_new(void)
{
	return calloc(1, sizeof(struct static_cfg));
}

void
static_route_clear(struct static_route *r)
{
	free(r->description);
	memset(r, 0, sizeof(*r));
}

void
static_af_clear(struct static_af *af)
{
	size_t	 i;

	for (i = 0; i < af->n; i++)
		static_route_clear(&af->v[i]);
	free(af->v);
	memset(af, 0, sizeof(*af));
}

void
static_cfg_free(struct static_cfg *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < STATIC_AFI_COUNT; i++)
		static_af_clear(&s->af[i]);
	free(s);
}

struct static_cfg *
static_cfg_dup(const struct static_cfg *src)
{
	struct static_cfg	*s;
	const struct static_af	*sa;
	struct static_af	*da;
	size_t			 i;
	int			 afi;

	if ((s = static_cfg_new()) == NULL)
		return NULL;
	for (afi = 0; afi < STATIC_AFI_COUNT; afi++) {
		sa = &src->af[afi];
		da = &s->af[afi];
		da->present = sa->present;
		if (sa->n == 0)
			continue;
		if ((da->v = calloc(sa->n, sizeof(*da->v))) == NULL)
			goto fail;
		da->cap = sa->n;
		for (i = 0; i < sa->n; i++) {
			da->v[i] = sa->v[i];
			da->v[i].description = NULL;
			da->n = i + 1;
			if (sa->v[i].description != NULL &&
			    (da->v[i].description =
			    strdup(sa->v[i].description)) == NULL)
				goto fail;
		}
	}
	return s;
fail:
	static_cfg_free(s);
	return NULL;
}

const char *
static_afi_name(enum static_afi afi)
{
	return afi == STATIC_AFI_V6 ? "ipv6" : "ipv4";
}

enum static_afi
static_afi_of(uint8_t af)
{
	if (af == AF_V4)
		return STATIC_AFI_V4;
	if (af == AF_V6)
		return STATIC_AFI_V6;
	return STATIC_AFI_COUNT;
}

int
static_ifname_valid(const char *s)
{
	struct xaddr	 x;
	size_t		 n;

	if (s == NULL || !isalpha((unsigned char)s[0]))
		return 0;
	/* "fe80::1" starts with a letter: an address is never a name */
	if (addr_parse(s, &x) == 0)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!isalnum((unsigned char)s[n]) && strchr("./:_-",
		    s[n]) == NULL)
			return 0;
	return n < STATIC_IFNAME_MAX;
}

void
static_ifname_canon(const char *s, char *buf, size_t len)
{
	if (len == 0)
		return;
	if (strcasecmp(s, STATIC_NULL0) == 0)
		s = STATIC_NULL0;
	strlcpy(buf, s, len);
}

int
static_route_is_null0(const struct static_route *r)
{
	return strcmp(r->ifname, STATIC_NULL0) == 0;
}

int
static_route_cmp(const struct static_route *a, const struct static_route *b)
{
	int	 c;

	if ((c = prefix_cmp(&a->pfx, &b->pfx)) != 0)
		return c;
	if ((c = strcmp(a->ifname, b->ifname)) != 0)
		return c < 0 ? -1 : 1;
	if (a->nh.af != b->nh.af)
		return a->nh.af < b->nh.af ? -1 : 1;
	return a->nh.af == 0 ? 0 : addr_cmp(&a->nh, &b->nh);
}

/* index of r's key, or the insertion point with *found 0 */
static size_t
find(const struct static_af *af, const struct static_route *r, int *found)
{
	size_t	 lo = 0, hi = af->n, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = static_route_cmp(&af->v[mid], r);
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

int
static_route_put(struct static_af *af, struct static_route *r)
{
	struct static_route	*nv;
	size_t			 i, cap;
	int			 found;

	i = find(af, r, &found);
	if (found) {
		static_route_clear(&af->v[i]);
		af->v[i] = *r;
		memset(r, 0, sizeof(*r));
		return 0;
	}
	if (af->n == af->cap) {
		cap = af->cap == 0 ? 8 : af->cap * 2;
		if ((nv = reallocarray(af->v, cap, sizeof(*nv))) == NULL)
			return -1;
		af->v = nv;
		af->cap = cap;
	}
	memmove(&af->v[i + 1], &af->v[i], (af->n - i) * sizeof(*af->v));
	af->v[i] = *r;
	af->n++;
	memset(r, 0, sizeof(*r));
	return 0;
}

size_t
static_route_del(struct static_af *af, const struct static_route *r)
{
	size_t	 i, j, n = 0;
	int	 all = r->ifname[0] == '\0' && r->nh.af == 0;

	for (i = j = 0; i < af->n; i++) {
		if (all ? prefix_cmp(&af->v[i].pfx, &r->pfx) == 0 :
		    static_route_cmp(&af->v[i], r) == 0) {
			static_route_clear(&af->v[i]);
			n++;
			continue;
		}
		af->v[j++] = af->v[i];
	}
	af->n = j;
	return n;
}

void
static_route_format(const struct static_route *r, struct strbuf *sb)
{
	char	 buf[PREFIX_STRLEN];

	prefix_format(&r->pfx, buf, sizeof(buf));
	sb_puts(sb, buf);
	if (r->ifname[0] != '\0')
		sb_printf(sb, " %s", r->ifname);
	if (r->nh.af != 0) {
		addr_format(&r->nh, buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	if (r->distance != 0)
		sb_printf(sb, " %u", r->distance);
	if (r->has_tag)
		sb_printf(sb, " tag %u", r->tag);
	if (r->description != NULL)
		sb_printf(sb, " description %s", r->description);
}

int
static_cfg_print(const struct static_cfg *s, struct strbuf *sb)
{
	size_t	 i;
	int	 afi;

	if (s == NULL)
		return 0;
	sb_puts(sb, "router static\n");
	for (afi = 0; afi < STATIC_AFI_COUNT; afi++) {
		if (!s->af[afi].present)
			continue;
		sb_printf(sb, " address-family %s unicast\n",
		    static_afi_name(afi));
		for (i = 0; i < s->af[afi].n; i++) {
			sb_puts(sb, "  ");
			static_route_format(&s->af[afi].v[i], sb);
			sb_putc(sb, '\n');
		}
		sb_puts(sb, " !\n");
	}
	sb_puts(sb, "!\n");
	return sb->oom ? -1 : 0;
}

/* --- resolution --- */

static int	resolve(const struct static_cfg *, const struct xaddr *,
		    const struct static_env *, const struct static_route **,
		    const struct static_route *exclude, int depth);

/*
 * A next hop in a connected network makes a route usable, whatever its
 * prefix (0.0.0.0/0 via a neighbor on the LAN).  Otherwise it resolves
 * through another route, never through r itself (a route covering its own
 * next hop, 10.0.0.0/8 via 10.0.0.1, would be its own resolution); longer
 * loops end at the depth bound.
 */
static int
usable(const struct static_cfg *s, const struct static_route *r,
    const struct static_env *env, int depth)
{
	if (static_route_is_null0(r))
		return 1;
	if (r->ifname[0] != '\0')
		return env == NULL || env->if_up == NULL ||
		    env->if_up(r->ifname, env->ctx);
	if (r->nh.af == 0 || r->nh.af != r->pfx.addr.af)
		return 0;
	if (env != NULL && env->connected != NULL &&
	    env->connected(&r->nh, env->ctx))
		return 1;
	/* recursion would come back to r itself: a loop, not installed */
	if (prefix_contains(&r->pfx, &(struct xprefix){ r->nh,
	    r->nh.af == AF_V4 ? 32 : 128 }))
		return 0;
	return depth > 0 && resolve(s, &r->nh, env, NULL, r, depth - 1);
}

static int
resolve(const struct static_cfg *s, const struct xaddr *a,
    const struct static_env *env, const struct static_route **via,
    const struct static_route *exclude, int depth)
{
	const struct static_af		*af;
	const struct static_route	*r, *best = NULL;
	struct xprefix			 host;
	enum static_afi			 afi = static_afi_of(a->af);
	size_t				 i;

	if (via != NULL)
		*via = NULL;
	if (s == NULL || afi == STATIC_AFI_COUNT)
		return 0;
	af = &s->af[afi];
	if (!af->present)
		return 0;
	prefix_host(a, &host);
	/* sorted by prefix, which is not by length: scan them all */
	for (i = 0; i < af->n; i++) {
		r = &af->v[i];
		if (r == exclude || prefix_has_host_bits(&r->pfx) ||
		    !prefix_contains(&r->pfx, &host))
			continue;
		if (best != NULL && r->pfx.len <= best->pfx.len)
			continue;
		if (!usable(s, r, env, depth))
			continue;
		best = r;
	}
	if (via != NULL)
		*via = best;
	return best != NULL;
}

int
static_route_usable(const struct static_cfg *s, const struct static_route *r,
    const struct static_env *env)
{
	if (prefix_has_host_bits(&r->pfx))
		return 0;
	return usable(s, r, env, STATIC_RESOLVE_DEPTH);
}

int
static_resolve(const struct static_cfg *s, const struct xaddr *a,
    const struct static_env *env, const struct static_route **via)
{
	return resolve(s, a, env, via, NULL, STATIC_RESOLVE_DEPTH);
}
