/*
 * fuzz_decode: libFuzzer target for the BGP message decoders.  Built and
 * run by tests/fuzz/run.sh (clang -fsanitize=fuzzer,address,undefined).
 *
 * Input: one selector byte, then bytes.  The selector picks the session
 * the bytes arrive on (bit 0: 4-octet AS, bit 1: eBGP, bit 2: extended
 * messages, bit 3: IPv4 only, bit 6: RFC 7911 add-path both ways) and the
 * mode (bit 7 set: the rest is one UPDATE body handed straight to
 * bgp_update_decode, which spends the effort where the attributes are;
 * clear: a stream of whole messages
 * framed by bgp_msg_frame and dispatched by type).
 *
 * Beyond "no crash, no sanitizer report" it checks what the engine relies
 * on (the shape of a decoded UPDATE per action) and that an accepted
 * announcement survives encode and decode unchanged; a violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/wire.h"

static struct bgp_notification	 notif;	/* 64 KB: not on the stack */

static void
check_shape(const struct bgp_update *up, unsigned ap)
{
	switch (up->action) {
	case BGP_UPD_OK:
		if ((up->nnlri > 0) != (up->attrs != NULL))
			abort();
		if (up->eor_afs != 0 && (up->nnlri > 0 || up->nwithdrawn > 0))
			abort();
		break;
	case BGP_UPD_WITHDRAW:
		if (up->nnlri != 0 || up->attrs != NULL ||
		    up->err.code != BGP_ERR_UPDATE)
			abort();
		break;
	case BGP_UPD_RESET:
		if (up->nnlri != 0 || up->nwithdrawn != 0 || up->attrs != NULL
		    || up->err.code != BGP_ERR_UPDATE || up->eor_afs != 0)
			abort();
		break;
	default:
		abort();
	}
	/* RFC 7911: ids exactly when the session has add-path */
	if ((up->nnlri > 0 && (up->nlri_pid != NULL) != (ap != 0)) ||
	    (up->nwithdrawn > 0 && (up->withdrawn_pid != NULL) != (ap != 0)))
		abort();
	if (up->err.datalen > sizeof(up->err.data) ||
	    memchr(up->err.text, '\0', sizeof(up->err.text)) == NULL)
		abort();
}

/*
 * decode(encode(x)) == x for an accepted announcement of one family whose
 * next hop came the usual way (IPv4: NEXT_HOP; IPv6: MP_REACH).
 */
static void
check_roundtrip(const struct bgp_update *up, const struct bgp_codec_ctx *ctx)
{
	struct wbuf		 wb = WBUF_INIT;
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	struct bgp_update	 again;
	size_t			 i, off = 0, k = 0;
	uint8_t			 af;

	if (up->action != BGP_UPD_OK || up->nnlri == 0)
		return;
	af = up->nlri[0].addr.af;
	for (i = 1; i < up->nnlri; i++)
		if (up->nlri[i].addr.af != af)
			return;
	if (af != up->attrs->nexthop.af || (af == AF_V4 &&
	    !(up->attrs->present & BGP_ATTRBIT(BGP_ATTR_NEXT_HOP))))
		return;
	if (bgp_update_encode_announce_ap(&wb, ctx, up->attrs, up->nlri,
	    up->nlri_pid, up->nnlri) == -1) {
		/* Only "doesn't fit" is allowed to fail here. */
		if (wb.oom)
			abort();
		wbuf_free(&wb);
		return;
	}
	while (off < wb.len) {
		if (bgp_msg_frame(wb.buf + off, wb.len - off, ctx->maxlen,
		    &hdr, &err) != 1 || hdr.type != BGP_MSG_UPDATE)
			abort();
		if (bgp_update_decode(wb.buf + off + BGP_HDR_LEN,
		    hdr.len - BGP_HDR_LEN, ctx, &again) == -1)
			abort();
		if (again.action != BGP_UPD_OK || again.attrs == NULL ||
		    !bgp_attrs_equal(up->attrs, again.attrs))
			abort();
		for (i = 0; i < again.nnlri; i++, k++)
			if (k >= up->nnlri ||
			    prefix_cmp(&again.nlri[i], &up->nlri[k]) != 0 ||
			    (up->nlri_pid != NULL &&
			    again.nlri_pid[i] != up->nlri_pid[k]))
				abort();
		bgp_update_free(&again);
		off += hdr.len;
	}
	if (k != up->nnlri)
		abort();
	wbuf_free(&wb);
}

static void
one_update(const uint8_t *body, size_t len, const struct bgp_codec_ctx *ctx)
{
	struct bgp_update	 up;

	if (bgp_update_decode(body, len, ctx, &up) == -1)
		return;
	check_shape(&up, ctx->addpath_rx);
	check_roundtrip(&up, ctx);
	bgp_update_free(&up);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_codec_ctx	 ctx;
	struct bgp_msghdr	 hdr;
	struct bgp_err		 err;
	struct bgp_open		 open;
	const uint8_t		*body;
	size_t			 off = 0, blen;
	uint16_t		 afi;
	uint8_t			 sel, subtype, safi;

	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	memset(&ctx, 0, sizeof(ctx));
	ctx.as4 = sel & 1;
	ctx.ebgp = (sel >> 1) & 1;
	ctx.maxlen = (sel & 4) ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	ctx.afs = (sel & 8) ? BGP_AF_V4U : BGP_AF_V4U | BGP_AF_V6U;
	ctx.local_as = 65000;
	/* RFC 7911 Path Identifiers both ways */
	if (sel & 0x40)
		ctx.addpath_rx = ctx.addpath_tx = ctx.afs;

	if (sel & 0x80) {
		one_update(data, size, &ctx);
		return 0;
	}
	while (off < size) {
		if (bgp_msg_frame(data + off, size - off, ctx.maxlen, &hdr,
		    &err) != 1)
			break;
		body = data + off + BGP_HDR_LEN;
		blen = hdr.len - BGP_HDR_LEN;
		switch (hdr.type) {
		case BGP_MSG_UPDATE:
			one_update(body, blen, &ctx);
			break;
		case BGP_MSG_OPEN:
			bgp_open_decode(body, blen, &open, &err);
			break;
		case BGP_MSG_NOTIFICATION:
			bgp_notification_decode(body, blen, &notif, &err);
			break;
		case BGP_MSG_ROUTE_REFRESH:
			bgp_route_refresh_decode(body, blen, &afi, &subtype,
			    &safi, &err);
			break;
		}
		off += hdr.len;
	}
	return 0;
}
