/*
 * addr: address, prefix and AS-number parsing and formatting; see addr.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/addr.h"

/*
 * What inet_pton(AF_INET) accepts, without the library call (a large
 * prefix-set parses hundreds of thousands): four decimal octets 0-255
 * without leading zeros, dots between, nothing after.
 */
int
addr_parse_v4(const char *s, struct xaddr *a)
{
	uint8_t		 o[4];
	unsigned	 i, v, nd;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return -1;
		for (v = 0, nd = 0; *s >= '0' && *s <= '9'; s++, nd++) {
			if (nd > 0 && v == 0)
				return -1;	/* a leading zero */
			if ((v = v * 10 + (unsigned)(*s - '0')) > 255)
				return -1;
		}
		if (nd == 0)
			return -1;
		o[i] = (uint8_t)v;
	}
	if (*s != '\0')
		return -1;
	memset(a, 0, sizeof(*a));
	a->af = AF_V4;
	memcpy(a->a, o, 4);
	return 0;
}

int
addr_parse_v6(const char *s, struct xaddr *a)
{
	struct in6_addr	 in6;

	if (inet_pton(AF_INET6, s, &in6) != 1)
		return -1;
	memset(a, 0, sizeof(*a));
	a->af = AF_V6;
	memcpy(a->a, &in6, 16);
	return 0;
}

int
addr_parse(const char *s, struct xaddr *a)
{
	if (addr_parse_v4(s, a) == 0)
		return 0;
	return addr_parse_v6(s, a);
}

void
addr_format(const struct xaddr *a, char *buf, size_t len)
{
	if (a->af == AF_V4)
		inet_ntop(AF_INET, a->a, buf, (socklen_t)len);
	else if (a->af == AF_V6)
		inet_ntop(AF_INET6, a->a, buf, (socklen_t)len);
	else
		snprintf(buf, len, "<none>");
}

int
addr_qcmp(const void *a, const void *b)
{
	return addr_cmp(a, b);
}

int
addr_cmp(const struct xaddr *x, const struct xaddr *y)
{
	if (x->af != y->af)
		return x->af < y->af ? -1 : 1;
	return memcmp(x->a, y->a, x->af == AF_V4 ? 4 : 16);
}

int
addr_bit(const struct xaddr *a, unsigned i)
{
	return (a->a[i / 8] >> (7 - (i % 8))) & 1;
}

unsigned
prefix_maxlen(const struct xprefix *p)
{
	return p->addr.af == AF_V4 ? 32 : 128;
}

int
prefix_parse(const char *s, struct xprefix *p, int allow_host)
{
	char		 buf[PREFIX_STRLEN];
	const char	*slash;
	uint32_t	 len;
	size_t		 n;

	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (addr_parse(buf, &p->addr) == -1)
		return -1;
	if (slash == NULL) {
		if (!allow_host)
			return -1;
		p->len = (uint8_t)prefix_maxlen(p);
		return 0;
	}
	if (parse_u32(slash + 1, 0, prefix_maxlen(p), &len) == -1)
		return -1;
	p->len = (uint8_t)len;
	return 0;
}

void
prefix_format(const struct xprefix *p, char *buf, size_t len)
{
	char	 a[ADDR_STRLEN];

	addr_format(&p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
}

int
prefix_cmp(const struct xprefix *x, const struct xprefix *y)
{
	int	 c;

	if ((c = addr_cmp(&x->addr, &y->addr)) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

int
prefix_has_host_bits(const struct xprefix *p)
{
	unsigned	 i, max = prefix_maxlen(p);

	for (i = p->len; i < max; i++)
		if (addr_bit(&p->addr, i))
			return 1;
	return 0;
}

void
prefix_mask(struct xprefix *p)
{
	unsigned	 i, max = prefix_maxlen(p);

	for (i = p->len; i < max; i++)
		p->addr.a[i / 8] &= (uint8_t)~(1u << (7 - (i % 8)));
}

int
prefix_contains(const struct xprefix *c, const struct xprefix *p)
{
	unsigned	 i;

	if (c->addr.af != p->addr.af || p->len < c->len)
		return 0;
	for (i = 0; i < c->len; i++)
		if (addr_bit(&c->addr, i) != addr_bit(&p->addr, i))
			return 0;
	return 1;
}

int
parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	unsigned long long	 v = 0;
	const char		*p;

	if (*s == '\0')
		return -1;
	for (p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
		if (v > 0xffffffffULL)
			return -1;
	}
	if (v < lo || v > hi)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
asn_parse(const char *s, uint32_t *asn)
{
	const char	*dot = strchr(s, '.');
	char		 hi[8];
	uint32_t	 h, l;
	size_t		 n;

	if (dot == NULL)
		return parse_u32(s, 1, 0xffffffffu, asn);
	n = (size_t)(dot - s);
	if (n == 0 || n >= sizeof(hi))
		return -1;
	memcpy(hi, s, n);
	hi[n] = '\0';
	if (parse_u32(hi, 0, 65535, &h) == -1 ||
	    parse_u32(dot + 1, 0, 65535, &l) == -1)
		return -1;
	if (h == 0 && l == 0)
		return -1;
	*asn = (h << 16) | l;
	return 0;
}

void
asn_format(uint32_t asn, char *buf, size_t len)
{
	snprintf(buf, len, "%u", asn);
}

void
asn_format_asdot(uint32_t asn, char *buf, size_t len)
{
	if (asn > 65535)
		snprintf(buf, len, "%u.%u", asn >> 16, asn & 0xffff);
	else
		snprintf(buf, len, "%u", asn);
}

int
asn_is_private(uint32_t asn)
{
	return (asn >= 64512 && asn <= 65534) ||
	    (asn >= 4200000000u && asn <= 4294967294u);
}

void
prefix_host(const struct xaddr *a, struct xprefix *p)
{
	memset(p, 0, sizeof(*p));
	p->addr = *a;
	p->len = a->af == AF_V4 ? 32 : 128;
}

int
addr_is_unspecified(const struct xaddr *a)
{
	size_t	 i, n;

	if (a->af != AF_V4 && a->af != AF_V6)
		return 1;
	n = a->af == AF_V4 ? 4 : 16;
	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}
