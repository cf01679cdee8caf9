/*
 * peer_enc: a demo speaker's table as UPDATE messages.  The routes are
 * put in attribute order, so the prefixes that share one attribute set
 * are neighbours, and each run goes to the project's encoder, which packs
 * as many prefixes as fit in a message after the attributes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/proto.h"
#include "demo/peer_table.h"

#define RUN_MAX	4096	/* prefixes handed to the encoder at once */

static int
cmp_u32s(const uint32_t *a, unsigned na, const uint32_t *b, unsigned nb)
{
	unsigned	 i;

	if (na != nb)
		return na < nb ? -1 : 1;
	for (i = 0; i < na; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* Attribute order; ties (one set) in prefix order, for a stable output. */
static int
attr_cmp(const void *a, const void *b)
{
	const struct demo_route	*x = *(const struct demo_route * const *)a;
	const struct demo_route	*y = *(const struct demo_route * const *)b;
	int			 c;

	if (x->origin != y->origin)
		return (int)x->origin - (int)y->origin;
	if (x->has_med != y->has_med || x->med != y->med)
		return x->has_med != y->has_med ?
		    (int)x->has_med - (int)y->has_med :
		    (x->med < y->med ? -1 : 1);
	if ((c = cmp_u32s(x->path, x->npath, y->path, y->npath)) != 0)
		return c;
	if ((c = cmp_u32s(x->comm, x->ncomm, y->comm, y->ncomm)) != 0)
		return c;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->len - (int)y->len;
}

static int
same_attrs(const struct demo_route *x, const struct demo_route *y)
{
	return x->origin == y->origin && x->has_med == y->has_med &&
	    x->med == y->med &&
	    cmp_u32s(x->path, x->npath, y->path, y->npath) == 0 &&
	    cmp_u32s(x->comm, x->ncomm, y->comm, y->ncomm) == 0;
}

static void
v4(uint32_t a, struct xaddr *x)
{
	memset(x, 0, sizeof(*x));
	x->af = AF_V4;
	x->a[0] = (uint8_t)(a >> 24);
	x->a[1] = (uint8_t)(a >> 16);
	x->a[2] = (uint8_t)(a >> 8);
	x->a[3] = (uint8_t)a;
}

/* Messages in b from off on (our own, well-formed output). */
static size_t
count_msgs(const struct wbuf *b, size_t off)
{
	size_t	 n = 0;

	while (off + BGP_HDR_LEN <= b->len) {
		off += (size_t)b->buf[off + BGP_MARKER_LEN] << 8 |
		    b->buf[off + BGP_MARKER_LEN + 1];
		n++;
	}
	return n;
}

/* One attribute set: routes[0..n) share it. */
static int
encode_run(struct wbuf *out, const struct bgp_codec_ctx *ctx,
    uint32_t nexthop, const struct demo_route * const *routes, size_t n,
    struct xprefix *nlri)
{
	const struct demo_route	*r = routes[0];
	struct bgp_attrs	 a;
	size_t			 i, plen;
	int			 rv;

	memset(&a, 0, sizeof(a));
	a.refcnt = 1;
	a.present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP);
	a.origin = r->origin;
	if (bgp_aspath_from_list(r->path, r->npath, &a.aspath,
	    &plen) == -1)
		return -1;
	a.aspath_len = (uint32_t)plen;	/* a few dozen bytes */
	v4(nexthop, &a.nexthop);
	if (r->has_med) {
		a.present |= BGP_ATTRBIT(BGP_ATTR_MED);
		a.med = r->med;
	}
	if (r->ncomm > 0) {
		a.present |= BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
		a.communities = (uint32_t *)r->comm;
		a.ncommunities = r->ncomm;
	}
	for (i = 0; i < n; i++) {
		v4(routes[i]->addr, &nlri[i].addr);
		nlri[i].len = routes[i]->len;
	}
	rv = bgp_update_encode_announce(out, ctx, &a, nlri, n);
	free(a.aspath);
	return rv;
}

int
demo_table_encode(const struct demo_table *t, const struct bgp_codec_ctx *ctx,
    uint32_t nexthop, struct wbuf *out, size_t *nmsgs)
{
	const struct demo_route	**ord = NULL;
	struct xprefix		 *nlri = NULL;
	size_t			  i, j, start = out->len;
	int			  rv = -1;

	*nmsgs = 0;
	if (t->n == 0)
		return 0;
	ord = calloc(t->n, sizeof(*ord));
	nlri = calloc(RUN_MAX, sizeof(*nlri));
	if (ord == NULL || nlri == NULL)
		goto out;
	for (i = 0; i < t->n; i++)
		ord[i] = &t->r[i];
	qsort(ord, t->n, sizeof(*ord), attr_cmp);
	for (i = 0; i < t->n; i = j) {
		for (j = i + 1; j < t->n && j - i < RUN_MAX &&
		    same_attrs(ord[i], ord[j]); j++)
			;
		if (encode_run(out, ctx, nexthop, ord + i, j - i, nlri) == -1)
			goto out;
	}
	*nmsgs = count_msgs(out, start);
	rv = 0;
out:
	if (rv == -1 && !out->oom)
		out->len = start;
	free(ord);
	free(nlri);
	return rv;
}
