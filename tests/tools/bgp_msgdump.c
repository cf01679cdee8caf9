/*
 * bgp_msgdump: writes every kind of message our codec encodes as a
 * text2pcap hex dump on stdout, one TCP segment per message, so that
 * tests/bats/wire_tshark.bats can have tshark dissect exactly what xrsh
 * would put on the wire (`tshark -V` must report nothing malformed).
 * Usage: bgp_msgdump [as2]   (as2: a session without 4-octet AS)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/wire.h"
#include "core/lib/addr.h"

static void
dump(const struct wbuf *wb, size_t from)
{
	size_t	 i;

	for (i = from; i < wb->len; i++) {
		if ((i - from) % 16 == 0)
			printf("%s%06zx ", i == from ? "" : "\n",
			    i - from);
		printf(" %02x", wb->buf[i]);
	}
	printf("\n\n");
}

/* Appends one message produced by fn and dumps it as its own segment. */
#define EMIT(call) do {							\
	size_t	 _from = wb.len;					\
	if ((call) != 0 || wb.oom) {					\
		fprintf(stderr, "bgp_msgdump: encode failed: %s\n", #call); \
		return 1;						\
	}								\
	dump(&wb, _from);						\
} while (0)

static struct bgp_attrs *
rich_attrs(int af)
{
	static const uint32_t	 path[] = { 65002, 4200000001u, 174, 1299 };
	static const uint8_t	 ext[16] = {
		0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x64,	/* RT 65001:100 */
		0x00, 0x03, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01	/* SoO 65001:1 */
	};
	struct bgp_attrs	*a;
	size_t			 i;

	if ((a = bgp_attrs_new()) == NULL)
		return NULL;
	a->origin = 0;
	if (bgp_attrs_set_aspath(a, path, 4) != 0)
		return NULL;
	if (af == AF_V4)
		addr_parse("127.0.0.1", &a->nexthop);
	else {
		addr_parse("2001:db8::1", &a->nexthop);
		addr_parse("fe80::1", &a->nexthop_ll);
	}
	a->med = 150;
	a->local_pref = 200;
	a->aggregator_as = 4200000002u;	/* needs AS4_AGGREGATOR on 2-octet sessions */
	a->aggregator_id = 0x0a000002;
	a->originator_id = 0x0a000003;
	a->ncommunities = 3;
	a->communities = calloc(3, sizeof(uint32_t));
	a->ncluster = 2;
	a->cluster_list = calloc(2, sizeof(uint32_t));
	a->next_communities = 2;
	a->ext_communities = malloc(sizeof(ext));
	a->nlarge_communities = 1;
	a->large_communities = calloc(3, sizeof(uint32_t));
	if (a->communities == NULL || a->cluster_list == NULL ||
	    a->ext_communities == NULL || a->large_communities == NULL)
		return NULL;
	a->communities[0] = (65001u << 16) | 100;
	a->communities[1] = (1299u << 16) | 20;
	a->communities[2] = 0xffffff01;	/* NO_EXPORT */
	a->cluster_list[0] = 0x0a000001;
	a->cluster_list[1] = 0x0a000009;
	memcpy(a->ext_communities, ext, sizeof(ext));
	a->large_communities[0] = 4200000001u;
	a->large_communities[1] = 1;
	a->large_communities[2] = 2;
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_MED) |
	    BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF) |
	    BGP_ATTRBIT(BGP_ATTR_ATOMIC_AGGREGATE) |
	    BGP_ATTRBIT(BGP_ATTR_AGGREGATOR) |
	    BGP_ATTRBIT(BGP_ATTR_COMMUNITIES) |
	    BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID) |
	    BGP_ATTRBIT(BGP_ATTR_CLUSTER_LIST) |
	    BGP_ATTRBIT(BGP_ATTR_EXT_COMMUNITIES);
	/* LARGE_COMMUNITY (32) has no bit: nlarge_communities says it */
	a->present |= af == AF_V4 ? BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) :
	    BGP_ATTRBIT(BGP_ATTR_MP_REACH_NLRI);
	for (i = 0; i < 1; i++) {
		/* an unknown optional transitive attribute, passed on */
		if ((a->unknown = calloc(1, sizeof(*a->unknown))) == NULL ||
		    (a->unknown[0].data = malloc(4)) == NULL)
			return NULL;
		a->unknown[0].flags = 0xc0;
		a->unknown[0].type = 200;	/* unassigned, so Wireshark shows it as unknown */
		a->unknown[0].len = 4;
		memcpy(a->unknown[0].data, "\x01\x02\x03\x04", 4);
		a->nunknown = 1;
	}
	return a;
}

int
main(int argc, char *argv[])
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_codec_ctx	 ctx;
	struct bgp_caps		 caps;
	struct bgp_attrs	*a4, *a6;
	struct xprefix		 v4[3], v6[2];
	int			 as2 = argc > 1 && strcmp(argv[1], "as2") == 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = !as2;
	ctx.ebgp = 0;
	ctx.afs = BGP_AF_V4U | BGP_AF_V6U;
	ctx.maxlen = BGP_MAX_LEN;
	ctx.local_as = 65001;

	memset(&caps, 0, sizeof(caps));
	caps.afs = BGP_AF_V4U | BGP_AF_V6U;
	caps.route_refresh = caps.route_refresh_old = caps.enhanced_rr = 1;
	caps.as4 = !as2;
	caps.as4_asn = as2 ? 65001 : 4200000001u;
	caps.ext_msg = 1;
	caps.gr = 1;
	caps.gr_time = 120;

	prefix_parse("10.1.0.0/16", &v4[0], 0);
	prefix_parse("10.2.3.0/24", &v4[1], 0);
	prefix_parse("192.0.2.128/25", &v4[2], 0);
	prefix_parse("2001:db8:1::/48", &v6[0], 0);
	prefix_parse("2001:db8:2:3::/64", &v6[1], 0);
	if ((a4 = rich_attrs(AF_V4)) == NULL ||
	    (a6 = rich_attrs(AF_V6)) == NULL) {
		fprintf(stderr, "bgp_msgdump: out of memory\n");
		return 1;
	}

	EMIT(bgp_open_encode(&wb, as2 ? 65001 : 4200000001u, 180,
	    0x0a000001, &caps));
	EMIT((bgp_keepalive_encode(&wb), 0));
	EMIT(bgp_update_encode_announce(&wb, &ctx, a4, v4, 3));
	EMIT(bgp_update_encode_announce(&wb, &ctx, a6, v6, 2));
	EMIT(bgp_update_encode_withdraw(&wb, &ctx, v4, 3));
	EMIT(bgp_update_encode_withdraw(&wb, &ctx, v6, 2));
	EMIT(bgp_update_encode_eor(&wb, BGP_AF_V4U));
	EMIT(bgp_update_encode_eor(&wb, BGP_AF_V6U));
	EMIT(bgp_route_refresh_encode(&wb, BGP_AFI_IPV4, BGP_RR_NORMAL,
	    BGP_SAFI_UNICAST));
	EMIT(bgp_route_refresh_encode(&wb, BGP_AFI_IPV6, BGP_RR_BORR,
	    BGP_SAFI_UNICAST));
	EMIT(bgp_route_refresh_encode(&wb, BGP_AFI_IPV6, BGP_RR_EORR,
	    BGP_SAFI_UNICAST));
	EMIT(bgp_notification_encode_shutdown(&wb, BGP_CEASE_ADMIN_SHUTDOWN,
	    "maintenance window, back at 17:00 UTC"));
	EMIT(bgp_notification_encode(&wb, BGP_ERR_UPDATE, BGP_ERR_UPD_ATTRLEN,
	    (const uint8_t *)"\x40\x01\x02\x00\x00", 5));
	EMIT(bgp_notification_encode(&wb, BGP_ERR_HOLDTIMER, 0, NULL, 0));
	bgp_attrs_unref(a4);
	bgp_attrs_unref(a6);
	wbuf_free(&wb);
	return 0;
}
