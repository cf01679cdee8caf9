/*
 * bgpmon_path: AS path reading for the monitor; see bgpmon_path.h.
 * Every segment header is bounds-checked: the bytes came from a peer.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/bgpmon_path.h"
#include "core/bgp/bytes.h"
#include "core/bgp/proto.h"
#include "core/lib/strbuf.h"

int
bgpmon_path_origin(const uint8_t *path, size_t len, uint32_t *asn)
{
	size_t	 off = 0, n;
	int	 kind = BGPMON_ORIG_NONE;

	*asn = 0;
	while (path != NULL && len - off >= 2) {
		n = path[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (n > 0 && path[off] == BGP_AS_SEQUENCE) {
			kind = BGPMON_ORIG_AS;
			*asn = be32_get(path + off + 2 + 4 * (n - 1));
		} else if (n > 0 && path[off] == BGP_AS_SET) {
			kind = BGPMON_ORIG_SET;
			*asn = 0;
		}
		off += 2 + 4 * n;
	}
	return kind;
}

size_t
bgpmon_path_hops(const uint8_t *path, size_t len, uint32_t *out, size_t max)
{
	size_t		 off = 0, n, i, k = 0;
	uint32_t	 a;

	while (path != NULL && len - off >= 2 && k < max) {
		n = path[off + 1];
		if (4 * n > len - off - 2)
			break;
		if (path[off] == BGP_AS_SEQUENCE) {
			for (i = 0; i < n && k < max; i++) {
				a = be32_get(path + off + 2 + 4 * i);
				if (k == 0 || out[k - 1] != a)
					out[k++] = a;
			}
		} else if (path[off] == BGP_AS_SET && n > 0)
			out[k++] = 0;
		off += 2 + 4 * n;
	}
	return k;
}

/* what the sender of a hop is to its receiver, as a valley step */
enum { STEP_UNKNOWN, STEP_UP, STEP_FLAT, STEP_DOWN };

static int
step_of(enum bgpmon_relk sender_to_receiver)
{
	switch (sender_to_receiver) {
	case BGPMON_REL_CUSTOMER:
		return STEP_UP;
	case BGPMON_REL_PEER:
		return STEP_FLAT;
	case BGPMON_REL_PROVIDER:
		return STEP_DOWN;
	default:
		return STEP_UNKNOWN;
	}
}

static int
customer_leak(const struct bgpmon_rels *r, uint32_t local_as,
    const uint32_t *hops, size_t n, struct bgpmon_leak *out)
{
	size_t	 j;

	if (local_as == 0 || n < 2 || hops[0] == 0 ||
	    bgpmon_rels_get(r, local_as, hops[0]) != BGPMON_REL_CUSTOMER)
		return 0;
	for (j = 1; j < n; j++)
		if (hops[j] != 0 && hops[j] != local_as &&
		    bgpmon_rels_get(r, local_as, hops[j]) ==
		    BGPMON_REL_PROVIDER) {
			out->kind = BGPMON_LEAK_CUSTOMER;
			out->leaker = hops[0];
			out->from = hops[j];
			out->from_rel = BGPMON_REL_PROVIDER;
			out->to = local_as;
			out->to_rel = BGPMON_REL_PROVIDER;
			return 1;
		}
	return 0;
}

/* position j of the route's way back from the origin: us (when
   local_as is set) at 0, then the hops */
static uint32_t
seq_at(uint32_t local_as, const uint32_t *hops, size_t j)
{
	if (local_as == 0)
		return hops[j];
	return j == 0 ? local_as : hops[j - 1];
}

int
bgpmon_path_leak(const struct bgpmon_rels *r, uint32_t local_as,
    const uint32_t *hops, size_t n, struct bgpmon_leak *out)
{
	uint32_t		 s, d, last_s = 0;
	enum bgpmon_relk	 k, last_k = BGPMON_REL_NONE;
	size_t			 i, total = n + (local_as != 0);
	int			 st, phase = STEP_UP;

	memset(out, 0, sizeof(*out));
	if (customer_leak(r, local_as, hops, n, out))
		return out->kind;
	/* the route travelled from position total-1 (origin) down to 0 */
	for (i = total; i >= 2; i--) {
		s = seq_at(local_as, hops, i - 1);
		d = seq_at(local_as, hops, i - 2);
		if (s == 0 || d == 0 ||
		    (k = bgpmon_rels_get(r, d, s)) == BGPMON_REL_NONE)
			continue;
		st = step_of(k);
		if ((st == STEP_UP || st == STEP_FLAT) && phase != STEP_UP) {
			out->kind = BGPMON_LEAK_VALLEY;
			out->leaker = s;
			out->from = last_s;
			out->from_rel = last_k;
			out->to = d;
			out->to_rel = bgpmon_rels_get(r, s, d);
			return out->kind;
		}
		if (st == STEP_FLAT || st == STEP_DOWN)
			phase = st;
		last_s = s;
		last_k = k;
	}
	return BGPMON_LEAK_NONE;
}

void
bgpmon_path_format(const uint8_t *path, size_t len, char *buf, size_t buflen)
{
	struct strbuf	 sb = STRBUF_INIT;

	buf[0] = '\0';
	if (path != NULL && len > 0)
		bgp_aspath_format(path, len, &sb);
	if (!sb.oom && sb.len > 0)
		snprintf(buf, buflen, "%s", sb_str(&sb));
	sb_free(&sb);
}
