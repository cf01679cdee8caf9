/*
 * open: the OPEN we send, the checks on the OPEN we receive (RFC 4271
 * 6.2, RFC 6286, RFC 6793, RFC 5492), what the two OPENs negotiate, and
 * connection collision resolution (RFC 4271 6.8, RFC 6286 2.3).
 *
 * No address family in common: we answer 2/7 Unsupported Capability with
 * our multiprotocol capabilities as data (RFC 5492 5) and the neighbor
 * shows `Idle (NoNbrAF)` until its next attempt.
 */
#include <stdio.h>
#include <string.h>

#include "core/bgp/session.h"

static void
seterr(struct bgp_err *err, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t datalen, const char *text)
{
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->subcode = subcode;
	if (datalen > sizeof(err->data))
		datalen = sizeof(err->data);
	if (data != NULL && datalen > 0)
		memcpy(err->data, data, datalen);
	err->datalen = data != NULL ? datalen : 0;
	snprintf(err->text, sizeof(err->text), "%s", text);
}

/* The AS our OPEN carries: local-as, or with dual-as the router's AS on
 * every other attempt after the peer refused the first one (2/2). */
static uint32_t
open_my_as(const struct peer *p)
{
	if (p->dual_as_alt && (p->conf.local_as_opts & BGP_OPT_DUAL_AS))
		return p->conf.router_as;
	return p->conf.local_as;
}

int
open_build(struct peer *p, struct wbuf *b)
{
	struct bgp_caps	*c = &p->cap_adv;
	uint32_t	 my_as = open_my_as(p);
	int		 afi;

	memset(c, 0, sizeof(*c));
	c->afs = p->conf.afs;
	c->route_refresh = 1;
	c->route_refresh_old = 1;
	c->enhanced_rr = 1;
	/* the encoder adds the capability for an AS that needs it */
	c->as4 = !p->conf.suppress_as4 || my_as > 0xffff;
	c->as4_asn = my_as;
	c->ext_msg = 1;
	for (afi = 0; afi < PEER_NAF; afi++) {
		if (!(c->afs & peer_af_bit(afi)))
			continue;
		if (p->conf.af[afi].ap_send)
			c->ap_send |= peer_af_bit(afi);
		if (p->conf.af[afi].ap_recv)
			c->ap_recv |= peer_af_bit(afi);
	}
	if (p->conf.gr) {
		/* helper only: no address family, hence no F bit */
		c->gr = 1;
		c->gr_time = p->conf.gr_restart_time;
	}
	p->open_as = my_as;
	return bgp_open_encode(b, my_as, p->conf.hold, p->conf.router_id, c);
}

/* Our multiprotocol capabilities, as 2/7 data. */
static size_t
mp_caps(unsigned afs, uint8_t *buf)
{
	size_t	 n = 0;
	int	 afi;

	for (afi = 0; afi < PEER_NAF; afi++) {
		if (!(afs & peer_af_bit(afi)))
			continue;
		buf[n++] = BGP_CAP_MP;
		buf[n++] = 4;
		buf[n++] = 0;
		buf[n++] = afi == 0 ? BGP_AFI_IPV4 : BGP_AFI_IPV6;
		buf[n++] = 0;
		buf[n++] = BGP_SAFI_UNICAST;
	}
	return n;
}

/* The AFs the peer offers: without any multiprotocol capability, IPv4
 * unicast is implied (RFC 4760 8). */
static unsigned
open_peer_afs(const struct bgp_open *o)
{
	if (!o->has_caps || (o->caps.afs == 0 && o->caps.other_afs == 0))
		return BGP_AF_V4U;
	return o->caps.afs;
}

int
open_check(struct peer *p, const uint8_t *body, size_t len,
    struct bgp_open *o, struct bgp_err *err, int *noaf)
{
	const struct peer_conf	*c = &p->conf;
	uint8_t			 data[16];
	char			 text[128];
	uint32_t		 peer_as;
	size_t			 n;

	*noaf = 0;
	if (bgp_open_decode(body, len, o, err) == -1)
		return -1;
	peer_as = bgp_open_peer_as(o);
	if (peer_as != c->remote_as) {
		data[0] = (uint8_t)(o->my_as >> 8);
		data[1] = (uint8_t)o->my_as;
		snprintf(text, sizeof(text), "peer AS %u, expected %u",
		    peer_as, c->remote_as);
		seterr(err, BGP_ERR_OPEN, BGP_ERR_OPEN_AS, data, 2, text);
		return -1;
	}
	/* RFC 6286 2.2: equal identifiers only between different ASes */
	if (o->bgp_id == 0 || (!c->ebgp && o->bgp_id == c->router_id)) {
		snprintf(text, sizeof(text), "bad BGP identifier %u.%u.%u.%u",
		    o->bgp_id >> 24, (o->bgp_id >> 16) & 0xff,
		    (o->bgp_id >> 8) & 0xff, o->bgp_id & 0xff);
		seterr(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGPID, NULL, 0, text);
		return -1;
	}
	if (o->hold == 1 || o->hold == 2 ||
	    (o->hold != 0 && o->hold < c->min_hold)) {
		snprintf(text, sizeof(text), "unacceptable hold time %u",
		    o->hold);
		seterr(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD, NULL, 0, text);
		return -1;
	}
	if ((open_peer_afs(o) & c->afs) == 0) {
		n = mp_caps(c->afs, data);
		seterr(err, BGP_ERR_OPEN, BGP_ERR_OPEN_CAPA, data, n,
		    "no address family in common");
		*noaf = 1;
		return -1;
	}
	return 0;
}

void
open_negotiate(struct peer *p, const struct bgp_open *o)
{
	p->cap_rcvd = o->caps;
	p->cap_rcvd_valid = 1;
	p->remote_id = o->bgp_id;
	p->hold_neg = fsm_hold_negotiate(p->conf.hold, o->hold);
	p->ka_neg = fsm_keepalive(p->hold_neg, p->conf.keepalive);
	p->afs_neg = open_peer_afs(o) & p->cap_adv.afs;
	p->as4 = p->cap_adv.as4 && o->caps.as4;
	p->ext_msg = p->cap_adv.ext_msg && o->caps.ext_msg;
	p->enhanced_rr = p->cap_adv.enhanced_rr && o->caps.enhanced_rr;
	/* RFC 7911 4: ids go one way when one side sends, the other
	   receives */
	p->ap_rx = p->cap_adv.ap_recv & o->caps.ap_send & p->afs_neg;
	p->ap_tx = p->cap_adv.ap_send & o->caps.ap_recv & p->afs_neg;
	p->rr_ok = o->caps.route_refresh || o->caps.route_refresh_old;
	if (p->conn != NULL)
		p->conn->maxlen = p->ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
}

int
open_collision_coll_wins(const struct peer *p)
{
	uint32_t	 local_id = p->conf.router_id;
	uint32_t	 remote_id = p->coll->open.bgp_id;
	uint32_t	 remote_as = bgp_open_peer_as(&p->coll->open);
	int		 keep_remote;

	/* two connections from the peer: it gave up on the first one */
	if (p->conn == NULL || !p->conn->outgoing)
		return 1;
	if (local_id != remote_id)
		keep_remote = local_id < remote_id;
	else
		keep_remote = p->open_as < remote_as;
	return keep_remote;
}
