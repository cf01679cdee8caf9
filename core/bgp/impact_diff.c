/*
 * impact_diff: the attribute differences the impact preview lists
 * ("local-pref 100 -> 200"), each attribute as show prints it; see
 * impact_attr_diff() in impact.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/impact.h"
#include "core/bgp/proto.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

static void
fmt_comms(const struct bgp_attrs *a, struct strbuf *sb)
{
	size_t	 i;

	if (!(a->present & BGP_ATTRBIT(BGP_ATTR_COMMUNITIES)))
		return;
	for (i = 0; i < a->ncommunities; i++)
		sb_printf(sb, "%s%u:%u", i ? " " : "",
		    a->communities[i] >> 16, a->communities[i] & 0xffff);
}

static void
fmt_lcomms(const struct bgp_attrs *a, struct strbuf *sb)
{
	size_t	 i;

	for (i = 0; i < a->nlarge_communities; i++)
		sb_printf(sb, "%s%u:%u:%u", i ? " " : "",
		    a->large_communities[3 * i],
		    a->large_communities[3 * i + 1],
		    a->large_communities[3 * i + 2]);
}

static void
fmt_ecomms(const struct bgp_attrs *a, struct strbuf *sb)
{
	const uint8_t	*w;
	size_t		 i, k;

	if (!(a->present & BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES)))
		return;
	for (i = 0; i < a->next_communities; i++) {
		w = a->ext_communities + 8 * i;
		sb_printf(sb, "%s0x", i ? " " : "");
		for (k = 0; k < 8; k++)
			sb_printf(sb, "%02x", w[k]);
	}
}

static void
fmt_clusters(const struct bgp_attrs *a, struct strbuf *sb)
{
	size_t	 i;
	uint32_t c;

	for (i = 0; a->cluster_list != NULL && i < a->ncluster; i++) {
		c = a->cluster_list[i];
		sb_printf(sb, "%s%u.%u.%u.%u", i ? " " : "", c >> 24,
		    (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
	}
}

enum { AD_NH, AD_ORIGIN, AD_ASPATH, AD_MED, AD_LP, AD_WEIGHT, AD_COMM,
	AD_ECOMM, AD_LCOMM, AD_ORIGINATOR, AD_CLUSTER, AD_N };

static const char *const ad_names[AD_N] = {
	"next-hop", "origin", "as-path", "med", "local-pref", "weight",
	"community", "extended-community", "large-community",
	"originator-id", "cluster-list"
};

static void
fmt_attr(const struct bgp_attrs *a, int which, struct strbuf *sb)
{
	char	 buf[ADDR_STRLEN];
	uint32_t v;

	switch (which) {
	case AD_NH:
		if (a->nexthop.af != 0) {
			addr_format(&a->nexthop, buf, sizeof(buf));
			sb_puts(sb, buf);
		}
		break;
	case AD_ORIGIN:
		sb_puts(sb, a->origin == BGP_ORIGIN_IGP ? "igp" :
		    a->origin == BGP_ORIGIN_EGP ? "egp" : "incomplete");
		break;
	case AD_ASPATH:
		bgp_aspath_format(a->aspath, a->aspath_len, sb);
		break;
	case AD_MED:
		if (a->present & BGP_ATTRBIT(BGP_ATTR_MED))
			sb_printf(sb, "%u", a->med);
		break;
	case AD_LP:
		if (a->present & BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF))
			sb_printf(sb, "%u", a->local_pref);
		break;
	case AD_WEIGHT:
		if (a->has_weight)
			sb_printf(sb, "%u", a->weight);
		break;
	case AD_COMM:
		fmt_comms(a, sb);
		break;
	case AD_ECOMM:
		fmt_ecomms(a, sb);
		break;
	case AD_LCOMM:
		fmt_lcomms(a, sb);
		break;
	case AD_ORIGINATOR:
		if (a->present & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID)) {
			v = a->originator_id;
			sb_printf(sb, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff,
			    (v >> 8) & 0xff, v & 0xff);
		}
		break;
	case AD_CLUSTER:
		fmt_clusters(a, sb);
		break;
	}
}

void
impact_attr_diff(const struct bgp_attrs *a, const struct bgp_attrs *b,
    void (*cb)(const char *, const char *, const char *, void *), void *arg)
{
	struct strbuf	 sa = STRBUF_INIT, sbb = STRBUF_INIT;
	int		 i;

	if (a == NULL || b == NULL)
		return;
	for (i = 0; i < AD_N; i++) {
		sb_reset(&sa);
		sb_reset(&sbb);
		fmt_attr(a, i, &sa);
		fmt_attr(b, i, &sbb);
		if (sa.oom || sbb.oom)
			break;
		if (strcmp(sb_str(&sa), sb_str(&sbb)) != 0)
			cb(ad_names[i], sb_str(&sa), sb_str(&sbb), arg);
	}
	sb_free(&sa);
	sb_free(&sbb);
}
