/*
 * attr: reference-counted path attribute sets and the AS path helpers
 * over the 4-octet wire form; see attr.h.  The helpers walk paths that
 * may have come off the wire, so they stop at the first segment that
 * would overrun rather than trusting a count.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bytes.h"
#include "core/bgp/attr.h"
#include "core/bgp/attr_intern.h"
#include "core/bgp/proto.h"

struct bgp_attrs *
bgp_attrs_new(void)
{
	struct bgp_attrs	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->refcnt = 1;
	return a;
}

/* Copies n bytes into a fresh allocation; *dst stays NULL for n == 0. */
static int
dup_bytes(void **dst, const void *src, size_t n)
{
	*dst = NULL;
	if (n == 0 || src == NULL)
		return 0;
	if ((*dst = malloc(n)) == NULL)
		return -1;
	memcpy(*dst, src, n);
	return 0;
}

static void
attrs_free(struct bgp_attrs *a)
{
	size_t	 i;

	if (a->compact) {
		free(a);
		return;
	}
	free(a->aspath);
	free(a->communities);
	free(a->cluster_list);
	free(a->ext_communities);
	free(a->large_communities);
	for (i = 0; i < a->nunknown; i++)
		free(a->unknown[i].data);
	free(a->unknown);
	free(a->codes);
	free(a);
}

struct bgp_attrs *
bgp_attrs_dup(const struct bgp_attrs *src)
{
	struct bgp_attrs	*a;
	size_t			 i;

	if ((a = malloc(sizeof(*a))) == NULL)
		return NULL;
	*a = *src;
	a->refcnt = 1;
	a->interned = 0;	/* a copy is private until interned */
	a->compact = 0;
	a->aspath = NULL;
	a->communities = NULL;
	a->cluster_list = NULL;
	a->ext_communities = NULL;
	a->large_communities = NULL;
	a->unknown = NULL;
	a->nunknown = 0;
	a->codes = NULL;
	if (dup_bytes((void **)&a->aspath, src->aspath,
	    src->aspath_len) == -1 ||
	    dup_bytes((void **)&a->communities, src->communities,
	    src->ncommunities * sizeof(uint32_t)) == -1 ||
	    dup_bytes((void **)&a->cluster_list, src->cluster_list,
	    src->ncluster * sizeof(uint32_t)) == -1 ||
	    dup_bytes((void **)&a->ext_communities, src->ext_communities,
	    src->next_communities * 8) == -1 ||
	    dup_bytes((void **)&a->large_communities, src->large_communities,
	    src->nlarge_communities * 3 * sizeof(uint32_t)) == -1 ||
	    dup_bytes((void **)&a->codes, src->codes, src->ncodes) == -1)
		goto fail;
	if (src->nunknown > 0) {
		if ((a->unknown = calloc(src->nunknown,
		    sizeof(*a->unknown))) == NULL)
			goto fail;
		for (i = 0; i < src->nunknown; i++) {
			a->unknown[i] = src->unknown[i];
			a->unknown[i].data = NULL;
			a->nunknown = i + 1;
			if (dup_bytes((void **)&a->unknown[i].data,
			    src->unknown[i].data, src->unknown[i].len) == -1)
				goto fail;
		}
	}
	return a;
fail:
	attrs_free(a);
	return NULL;
}

/* Carves n bytes of src out of the block at *pos (8-byte aligned). */
static void *
carve(uint8_t **pos, const void *src, size_t n)
{
	void	*p;

	if (n == 0)
		return NULL;
	p = *pos;
	memcpy(p, src, n);
	*pos += (n + 7) & ~(size_t)7;
	return p;
}

/*
 * 1 if the received type codes are what a reader derives from the set
 * when it has none (present bits in ascending order, LARGE_COMMUNITY,
 * then the unknown ones: cmds' json_codes): the usual case, which a
 * compact set then stores for free.
 */
static int
codes_derivable(const struct bgp_attrs *a)
{
	size_t		 k = 0, i;
	unsigned	 c;

	for (c = 1; c < 32; c++)
		if (a->present & BGP_ATTRBIT(c)) {
			if (k >= a->ncodes || a->codes[k] != c)
				return 0;
			k++;
		}
	if (a->nlarge_communities > 0) {
		if (k >= a->ncodes || a->codes[k] != BGP_ATTR_LARGE_COMMUNITY)
			return 0;
		k++;
	}
	for (i = 0; i < a->nunknown; i++, k++)
		if (k >= a->ncodes || a->codes[k] != a->unknown[i].type)
			return 0;
	return k == a->ncodes;
}

struct bgp_attrs *
bgp_attrs_compact(const struct bgp_attrs *src)
{
	struct bgp_attrs	*a;
	uint8_t			*pos;
	size_t			 n, i, ncodes;

	ncodes = codes_derivable(src) ? 0 : src->ncodes;
#define	RND(x)	(((x) + 7) & ~(size_t)7)
	n = RND(sizeof(*a)) + RND(src->aspath_len) +
	    RND(src->ncommunities * sizeof(uint32_t)) +
	    RND(src->ncluster * sizeof(uint32_t)) +
	    RND(src->next_communities * 8) +
	    RND(src->nlarge_communities * 3 * sizeof(uint32_t)) +
	    RND(ncodes) + RND(src->nunknown * sizeof(*src->unknown));
	for (i = 0; i < src->nunknown; i++)
		n += RND(src->unknown[i].len);
#undef	RND
	if ((a = malloc(n)) == NULL)
		return NULL;
	*a = *src;
	a->refcnt = 1;
	a->interned = 0;
	a->compact = 1;
	pos = (uint8_t *)a + ((sizeof(*a) + 7) & ~(size_t)7);
	a->aspath = carve(&pos, src->aspath, src->aspath_len);
	a->communities = carve(&pos, src->communities,
	    src->ncommunities * sizeof(uint32_t));
	a->cluster_list = carve(&pos, src->cluster_list,
	    src->ncluster * sizeof(uint32_t));
	a->ext_communities = carve(&pos, src->ext_communities,
	    src->next_communities * 8);
	a->large_communities = carve(&pos, src->large_communities,
	    src->nlarge_communities * 3 * sizeof(uint32_t));
	a->codes = carve(&pos, src->codes, ncodes);
	a->ncodes = (uint32_t)ncodes;
	a->unknown = carve(&pos, src->unknown,
	    src->nunknown * sizeof(*src->unknown));
	for (i = 0; i < src->nunknown; i++)
		a->unknown[i].data = carve(&pos, src->unknown[i].data,
		    src->unknown[i].len);
	return a;
}

int
bgp_attrs_set_aspath(struct bgp_attrs *a, const uint32_t *asns, size_t n)
{
	uint8_t	*p;
	size_t	 len;

	if (bgp_aspath_from_list(asns, n, &p, &len) == -1 ||
	    len > UINT32_MAX) {
		return -1;
	}
	free(a->aspath);
	a->aspath = p;
	a->aspath_len = (uint32_t)len;
	return 0;
}

struct bgp_attrs *
bgp_attrs_ref(struct bgp_attrs *a)
{
	if (a != NULL)
		a->refcnt++;
	return a;
}

void
bgp_attrs_unref(struct bgp_attrs *a)
{
	if (a == NULL)
		return;
	if (a->refcnt > 1) {
		a->refcnt--;
		return;
	}
	if (a->interned)
		bgp_attrs_intern_remove(a);
	attrs_free(a);
}

static int
addr_same(const struct xaddr *x, const struct xaddr *y)
{
	if (x->af != y->af)
		return 0;
	if (x->af == 0)
		return 1;
	return memcmp(x->a, y->a, x->af == AF_V4 ? 4 : 16) == 0;
}

/* Equal lengths and bytes; two empty arrays are equal whatever the pointers. */
static int
bytes_same(const void *x, size_t xn, const void *y, size_t yn)
{
	return xn == yn && (xn == 0 || memcmp(x, y, xn) == 0);
}

int
bgp_attrs_equal(const struct bgp_attrs *x, const struct bgp_attrs *y)
{
	uint32_t	 p;
	size_t		 i;

	if (x == y)
		return 1;
	if (x == NULL || y == NULL)
		return 0;
	if ((p = x->present) != y->present)
		return 0;
	/* Fields without their present bit hold no meaning: skip them. */
	if ((p & BGP_ATTRBIT(BGP_ATTR_ORIGIN)) && x->origin != y->origin)
		return 0;
	if (!bytes_same(x->aspath, x->aspath_len, y->aspath, y->aspath_len))
		return 0;
	if (!addr_same(&x->nexthop, &y->nexthop) ||
	    !addr_same(&x->nexthop_ll, &y->nexthop_ll))
		return 0;
	if ((p & BGP_ATTRBIT(BGP_ATTR_MED)) && x->med != y->med)
		return 0;
	if ((p & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF)) &&
	    x->local_pref != y->local_pref)
		return 0;
	if ((p & BGP_ATTRBIT(BGP_ATTR_AGGREGATOR)) &&
	    (x->aggregator_as != y->aggregator_as ||
	    x->aggregator_id != y->aggregator_id))
		return 0;
	if ((p & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID)) &&
	    x->originator_id != y->originator_id)
		return 0;
	if (x->has_weight != y->has_weight ||
	    (x->has_weight && x->weight != y->weight))
		return 0;
	if (!bytes_same(x->communities, x->ncommunities * 4,
	    y->communities, y->ncommunities * 4) ||
	    !bytes_same(x->cluster_list, x->ncluster * 4,
	    y->cluster_list, y->ncluster * 4) ||
	    !bytes_same(x->ext_communities, x->next_communities * 8,
	    y->ext_communities, y->next_communities * 8) ||
	    !bytes_same(x->large_communities, x->nlarge_communities * 12,
	    y->large_communities, y->nlarge_communities * 12))
		return 0;
	if (x->nunknown != y->nunknown)
		return 0;
	for (i = 0; i < x->nunknown; i++) {
		const struct bgp_rawattr *u = &x->unknown[i];
		const struct bgp_rawattr *v = &y->unknown[i];

		if (u->flags != v->flags || u->type != v->type ||
		    !bytes_same(u->data, u->len, v->data, v->len))
			return 0;
	}
	return 1;
}

unsigned
bgp_aspath_length(const uint8_t *path, size_t len)
{
	size_t		 off = 0, n;
	unsigned	 total = 0;

	while (len - off >= 2) {
		n = path[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (path[off] == BGP_AS_SEQUENCE)
			total += (unsigned)n;
		else if (path[off] == BGP_AS_SET)
			total++;
		/* confederation segments count 0 (RFC 5065 5.3) */
		off += 2 + 4 * n;
	}
	return total;
}

uint32_t
bgp_aspath_first(const uint8_t *path, size_t len)
{
	size_t	 off = 0, n;

	while (len - off >= 2) {
		n = path[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (path[off] == BGP_AS_SEQUENCE && n > 0)
			return be32_get(path + off + 2);
		off += 2 + 4 * n;
	}
	return 0;
}

void
bgp_aspath_format(const uint8_t *path, size_t len, struct strbuf *sb)
{
	size_t		 off = 0, n, i;
	char		 open, close, sep;
	int		 first = 1;

	while (len - off >= 2) {
		n = path[off + 1];
		if (4 * n > len - off - 2)
			break;
		switch (path[off]) {
		case BGP_AS_SET:
			open = '{', close = '}', sep = ',';
			break;
		case BGP_AS_CONFED_SEQUENCE:
			open = '(', close = ')', sep = ' ';
			break;
		case BGP_AS_CONFED_SET:
			open = '[', close = ']', sep = ',';
			break;
		default:
			open = close = 0, sep = ' ';
			break;
		}
		if (!first)
			sb_putc(sb, ' ');
		first = 0;
		if (open)
			sb_putc(sb, open);
		for (i = 0; i < n; i++) {
			if (i > 0)
				sb_putc(sb, sep);
			sb_printf(sb, "%u", be32_get(path + off + 2 + 4 * i));
		}
		if (close)
			sb_putc(sb, close);
		off += 2 + 4 * n;
	}
}

int
bgp_aspath_from_list(const uint32_t *asns, size_t n, uint8_t **out,
    size_t *outlen)
{
	return bgp_aspath_from_list_type(BGP_AS_SEQUENCE, asns, n, out, outlen);
}

int
bgp_aspath_from_list_type(uint8_t type, const uint32_t *asns, size_t n,
    uint8_t **out, size_t *outlen)
{
	size_t	 nseg, i, k, cnt, off = 0;
	uint8_t	*p;

	*out = NULL;
	*outlen = 0;
	if (n == 0)
		return 0;
	/* A segment holds at most 255 ASNs: its count is one octet. */
	nseg = (n + 254) / 255;
	if (n > (SIZE_MAX - 2 * nseg) / 4)
		return -1;
	if ((p = malloc(4 * n + 2 * nseg)) == NULL)
		return -1;
	for (i = 0; i < n; i += cnt) {
		cnt = n - i > 255 ? 255 : n - i;
		p[off++] = type;
		p[off++] = (uint8_t)cnt;
		for (k = 0; k < cnt; k++) {
			p[off++] = (uint8_t)(asns[i + k] >> 24);
			p[off++] = (uint8_t)(asns[i + k] >> 16);
			p[off++] = (uint8_t)(asns[i + k] >> 8);
			p[off++] = (uint8_t)asns[i + k];
		}
	}
	*out = p;
	*outlen = off;
	return 0;
}
