/*
 * community: parse and format standard, large and extended community
 * values; see community.h.  Well-known names use XR's spelling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/addr.h"
#include "core/rpl/community.h"

static const struct {
	const char	*name;
	uint32_t	 value;
} wellknown[] = {
	{ "internet",		COMM_INTERNET },
	{ "no-export",		COMM_NO_EXPORT },
	{ "no-advertise",	COMM_NO_ADVERTISE },
	{ "local-AS",		COMM_LOCAL_AS },
	{ "accept-own",		COMM_ACCEPT_OWN },
	{ "graceful-shutdown",	COMM_GSHUT },
};

const char *
comm_wellknown_name(uint32_t v)
{
	size_t	 i;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (wellknown[i].value == v)
			return wellknown[i].name;
	return NULL;
}

int
comm_wellknown_value(const char *name, uint32_t *v)
{
	size_t	 i;

	for (i = 0; i < sizeof(wellknown) / sizeof(wellknown[0]); i++)
		if (strcmp(wellknown[i].name, name) == 0) {
			*v = wellknown[i].value;
			return 0;
		}
	return -1;
}

/* Splits "a:b" at the first ':' into a bounded copy of each half. */
static int
split2(const char *s, char *a, size_t alen, char *b, size_t blen)
{
	const char	*colon = strchr(s, ':');
	size_t		 n;

	if (colon == NULL)
		return -1;
	n = (size_t)(colon - s);
	if (n == 0 || n >= alen || strlen(colon + 1) >= blen)
		return -1;
	memcpy(a, s, n);
	a[n] = '\0';
	strlcpy(b, colon + 1, blen);
	return 0;
}

int
comm_parse(const char *s, uint32_t *v)
{
	char		 a[16], b[16];
	uint32_t	 hi, lo;

	if (comm_wellknown_value(s, v) == 0)
		return 0;
	if (split2(s, a, sizeof(a), b, sizeof(b)) == -1)
		return -1;
	if (parse_u32(a, 0, 65535, &hi) == -1 ||
	    parse_u32(b, 0, 65535, &lo) == -1)
		return -1;
	*v = COMM_MAKE(hi, lo);
	return 0;
}

void
comm_format(uint32_t v, char *buf, size_t len)
{
	const char	*name = comm_wellknown_name(v);

	if (name != NULL)
		strlcpy(buf, name, len);
	else
		comm_format_num(v, buf, len);
}

void
comm_format_num(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u", COMM_HI(v), COMM_LO(v));
}

int
lcomm_parse(const char *s, struct lcomm *l)
{
	char		 part[3][16];
	const char	*p = s, *colon;
	size_t		 i, n;
	uint32_t	 v[3];

	for (i = 0; i < 3; i++) {
		colon = strchr(p, ':');
		if (i < 2 && colon == NULL)
			return -1;
		if (i == 2 && colon != NULL)
			return -1;
		n = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (n == 0 || n >= sizeof(part[i]))
			return -1;
		memcpy(part[i], p, n);
		part[i][n] = '\0';
		if (parse_u32(part[i], 0, UINT32_MAX, &v[i]) == -1)
			return -1;
		p = colon != NULL ? colon + 1 : p + n;
	}
	l->ga = v[0];
	l->l1 = v[1];
	l->l2 = v[2];
	return 0;
}

void
lcomm_format(const struct lcomm *l, char *buf, size_t len)
{
	snprintf(buf, len, "%u:%u:%u", l->ga, l->l1, l->l2);
}

int
lcomm_cmp(const struct lcomm *a, const struct lcomm *b)
{
	if (a->ga != b->ga)
		return a->ga < b->ga ? -1 : 1;
	if (a->l1 != b->l1)
		return a->l1 < b->l1 ? -1 : 1;
	if (a->l2 != b->l2)
		return a->l2 < b->l2 ? -1 : 1;
	return 0;
}

int
ecomm_parse(const char *s, uint8_t subtype, struct ecomm *e)
{
	char		 a[48], b[16];
	struct xaddr	 ip;
	uint32_t	 asn, n;

	/* The global part may contain ':' only as IPv4 never does. */
	const char	*colon = strrchr(s, ':');
	size_t		 alen;

	if (subtype == ECOMM_ST_COLOR) {
		if (parse_u32(s, 0, UINT32_MAX, &n) == -1)
			return -1;
		*e = ecomm_color(n);
		return 0;
	}
	if (colon == NULL)
		return -1;
	alen = (size_t)(colon - s);
	if (alen == 0 || alen >= sizeof(a) || strlen(colon + 1) >= sizeof(b))
		return -1;
	memcpy(a, s, alen);
	a[alen] = '\0';
	strlcpy(b, colon + 1, sizeof(b));
	memset(e, 0, sizeof(*e));
	e->subtype = subtype;
	if (strchr(a, '.') != NULL && strchr(strchr(a, '.') + 1, '.') != NULL) {
		if (addr_parse_v4(a, &ip) == -1 ||
		    parse_u32(b, 0, 65535, &n) == -1)
			return -1;
		e->type = ECOMM_T_IPV4;
		e->ga = ((uint32_t)ip.a[0] << 24) | ((uint32_t)ip.a[1] << 16) |
		    ((uint32_t)ip.a[2] << 8) | ip.a[3];
		e->la = n;
		return 0;
	}
	if (asn_parse(a, &asn) == -1)
		return -1;
	if (asn <= 65535 && strchr(a, '.') == NULL) {
		if (parse_u32(b, 0, UINT32_MAX, &n) == -1)
			return -1;
		e->type = ECOMM_T_AS2;
	} else {
		if (parse_u32(b, 0, 65535, &n) == -1)
			return -1;
		e->type = ECOMM_T_AS4;
	}
	e->ga = asn;
	e->la = n;
	return 0;
}

void
ecomm_format_value(const struct ecomm *e, char *buf, size_t len)
{
	if (ecomm_is_color(e))
		snprintf(buf, len, "%u", ecomm_color_value(e));
	else if (e->type == ECOMM_T_IPV4)
		snprintf(buf, len, "%u.%u.%u.%u:%u", e->ga >> 24,
		    (e->ga >> 16) & 0xff, (e->ga >> 8) & 0xff, e->ga & 0xff,
		    e->la);
	else
		snprintf(buf, len, "%u:%u", e->ga, e->la);
}

void
ecomm_format(const struct ecomm *e, char *buf, size_t len)
{
	char	 v[ECOMM_STRLEN];

	ecomm_format_value(e, v, sizeof(v));
	snprintf(buf, len, "%s:%s", ecomm_is_color(e) ? "Color" :
	    e->subtype == ECOMM_ST_SOO ? "SoO" :
	    e->subtype == ECOMM_ST_RT ? "RT" : "EXT", v);
}

int
ecomm_cmp(const struct ecomm *a, const struct ecomm *b)
{
	if (a->subtype != b->subtype)
		return a->subtype < b->subtype ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->ga != b->ga)
		return a->ga < b->ga ? -1 : 1;
	if (a->la != b->la)
		return a->la < b->la ? -1 : 1;
	return 0;
}

int
ecomm_eq(const struct ecomm *a, const struct ecomm *b)
{
	return a->subtype == b->subtype && a->type == b->type &&
	    a->ga == b->ga && a->la == b->la;
}
