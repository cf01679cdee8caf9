/*
 * test_bmp_wire: BMP v3 messages byte for byte (RFC 7854 sections 4.1-4.9),
 * and the bmp server configuration's text and commit checks.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/bmp_wire.h"
#include "core/config/bgp_model.h"
#include "core/config/bmp_cfg.h"
#include "core/config/config.h"
#include "tests/unit/t.h"

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
hdr_v4(struct bmp_peer_hdr *h)
{
	memset(h, 0, sizeof(*h));
	addr_parse("192.0.2.1", &h->addr);
	h->as = 65002;
	h->bgp_id = 0x0a000001;		/* 10.0.0.1 */
	h->ts_sec = 0x5f5e1000;
	h->ts_usec = 123456;
}

static void
test_peer_hdr(void)
{
	struct wbuf		 b = WBUF_INIT;
	struct bmp_peer_hdr	 h;
	static const uint8_t	 want_v4[BMP_PEER_HDR_LEN] = {
		0, BMP_PF_L,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
		0, 0, 0xfd, 0xea,		/* 65002 */
		10, 0, 0, 1,
		0x5f, 0x5e, 0x10, 0x00,
		0x00, 0x01, 0xe2, 0x40		/* 123456 */
	};

	hdr_v4(&h);
	h.flags = BMP_PF_L;
	bmp_put_peer_hdr(&b, &h);
	T_EQ_INT(b.len, BMP_PEER_HDR_LEN);
	T_ASSERT(memcmp(b.buf, want_v4, BMP_PEER_HDR_LEN) == 0);

	/* IPv6 peer: V set by the address, whole field used; A kept */
	wbuf_reset(&b);
	addr_parse("2001:db8::1", &h.addr);
	h.flags = BMP_PF_A;
	h.distinguisher = 0x0102030405060708ULL;
	bmp_put_peer_hdr(&b, &h);
	T_EQ_INT(b.buf[0], 0);
	T_EQ_INT(b.buf[1], BMP_PF_V | BMP_PF_A);
	T_EQ_INT(b.buf[2], 1);
	T_EQ_INT(b.buf[9], 8);
	T_EQ_INT(b.buf[10], 0x20);
	T_EQ_INT(b.buf[11], 0x01);
	T_EQ_INT(b.buf[12], 0x0d);
	T_EQ_INT(b.buf[25], 1);
	/* a V flag asked for on an IPv4 peer is dropped */
	wbuf_reset(&b);
	hdr_v4(&h);
	h.flags = BMP_PF_V;
	bmp_put_peer_hdr(&b, &h);
	T_EQ_INT(b.buf[1], 0);
	/* Loc-RIB (RFC 9069): type 3, flags as given (F), zero address */
	wbuf_reset(&b);
	memset(&h, 0, sizeof(h));
	h.type = BMP_PEER_LOC_RIB;
	h.flags = 0x80;
	h.as = 65001;
	bmp_put_peer_hdr(&b, &h);
	T_EQ_INT(b.buf[0], 3);
	T_EQ_INT(b.buf[1], 0x80);
	T_EQ_INT(get32(b.buf + 26), 65001);
	wbuf_free(&b);
}

static void
test_initiation_termination(void)
{
	struct wbuf	 b = WBUF_INIT;
	static const uint8_t want[] = {
		3, 0, 0, 0, 6 + 4 + 4 + 4 + 2, 4,
		0, 1, 0, 4, 'x', 'r', 's', 'h',
		0, 2, 0, 2, 'r', '1'
	};
	static const uint8_t want_t[] = {
		3, 0, 0, 0, 6 + 4 + 3 + 4 + 2, 5,
		0, 0, 0, 3, 'b', 'y', 'e',
		0, 1, 0, 2, 0, 0
	};

	T_EQ_INT(bmp_encode_initiation(&b, "r1", "xrsh"), 0);
	T_EQ_INT(b.len, sizeof(want));
	T_ASSERT(memcmp(b.buf, want, sizeof(want)) == 0);
	wbuf_reset(&b);
	T_EQ_INT(bmp_encode_termination(&b, BMP_TERM_ADMIN, "bye"), 0);
	T_EQ_INT(b.len, sizeof(want_t));
	T_ASSERT(memcmp(b.buf, want_t, sizeof(want_t)) == 0);
	wbuf_free(&b);
}

/* a minimal OPEN: AS, hold, id, no parameters */
static size_t
make_open(uint8_t *m, uint16_t as, uint32_t id)
{
	memset(m, 0xff, 16);
	m[16] = 0;
	m[17] = 29;
	m[18] = BGP_MSG_OPEN;
	m[19] = 4;
	m[20] = (uint8_t)(as >> 8);
	m[21] = (uint8_t)as;
	m[22] = 0;
	m[23] = 180;
	m[24] = (uint8_t)(id >> 24);
	m[25] = (uint8_t)(id >> 16);
	m[26] = (uint8_t)(id >> 8);
	m[27] = (uint8_t)id;
	m[28] = 0;
	return 29;
}

static void
test_peer_up_down(void)
{
	struct wbuf		 b = WBUF_INIT;
	struct bmp_peer_hdr	 h;
	struct xaddr		 local;
	uint8_t			 sent[29], rcvd[29];
	static const uint8_t	 notif[21] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0, 21, 3, 6, 2
	};
	const uint8_t		*p;

	hdr_v4(&h);
	addr_parse("192.0.2.254", &local);
	make_open(sent, 65001, 0x01010101);
	make_open(rcvd, 65002, 0x0a000001);
	T_EQ_INT(bmp_encode_peer_up(&b, &h, &local, 54321, 179, sent, 29,
	    rcvd, 29), 0);
	T_EQ_INT(b.len, 6 + 42 + 16 + 4 + 29 + 29);
	T_EQ_INT(get32(b.buf + 1), b.len);
	T_EQ_INT(b.buf[5], BMP_PEER_UP);
	p = b.buf + 6 + 42;
	T_EQ_INT(p[11], 0);
	T_EQ_INT(p[12], 192);
	T_EQ_INT(p[15], 254);
	T_EQ_INT(p[16] << 8 | p[17], 54321);
	T_EQ_INT(p[18] << 8 | p[19], 179);
	T_ASSERT(memcmp(p + 20, sent, 29) == 0);
	T_ASSERT(memcmp(p + 49, rcvd, 29) == 0);
	/* an OPEN shorter than a header cannot be sent */
	T_EQ_INT(bmp_encode_peer_up(&b, &h, &local, 1, 2, sent, 3, rcvd, 29),
	    -1);

	wbuf_reset(&b);
	T_EQ_INT(bmp_encode_peer_down(&b, &h, BMP_DOWN_LOCAL_NOTIF, notif,
	    sizeof(notif)), 0);
	T_EQ_INT(b.len, 6 + 42 + 1 + 21);
	T_EQ_INT(get32(b.buf + 1), b.len);
	T_EQ_INT(b.buf[5], BMP_PEER_DOWN);
	T_EQ_INT(b.buf[48], 1);
	T_ASSERT(memcmp(b.buf + 49, notif, sizeof(notif)) == 0);
	wbuf_reset(&b);
	T_EQ_INT(bmp_encode_peer_down(&b, &h, BMP_DOWN_REMOTE_NODATA, NULL,
	    0), 0);
	T_EQ_INT(b.len, 49);
	T_EQ_INT(b.buf[48], 4);

	/* RFC 9069: the Loc-RIB instance's Peer Up ends with the VRF/Table
	   Name TLV; its Peer Down is reason 6 with the same TLV */
	wbuf_reset(&b);
	memset(&h, 0, sizeof(h));
	h.type = BMP_PEER_LOC_RIB;
	h.as = 65001;
	T_EQ_INT(bmp_encode_peer_up_table(&b, &h, NULL, 0, 0, sent, 29, sent,
	    29, "global"), 0);
	T_EQ_INT(b.len, 6 + 42 + 20 + 58 + 4 + 6);
	T_EQ_INT(get32(b.buf + 1), b.len);
	T_EQ_INT(b.buf[6], 3);
	p = b.buf + 48;
	T_EQ_INT(p[15] | p[16] | p[17] | p[18] | p[19], 0);
	p += 20 + 58;
	T_ASSERT(memcmp(p, "\0\3\0\6global", 10) == 0);
	wbuf_reset(&b);
	T_EQ_INT(bmp_encode_peer_down_table(&b, &h, "global"), 0);
	T_EQ_INT(b.len, 6 + 42 + 1 + 4 + 6);
	T_EQ_INT(b.buf[48], BMP_DOWN_LOCAL_TLV);
	T_ASSERT(memcmp(b.buf + 49, "\0\3\0\6global", 10) == 0);
	wbuf_free(&b);
}

static void
test_route_mon_stats(void)
{
	struct wbuf		 b = WBUF_INIT;
	struct bmp_peer_hdr	 h;
	uint8_t			 upd[23];
	struct bmp_stat		 st[4] = {
		{ BMP_STAT_REJECTED, BMP_STAT_C32, 0, 0, 7 },
		{ BMP_STAT_ADJ_RIB_IN, BMP_STAT_G64, 0, 0,
		  0x100000002ULL },
		{ BMP_STAT_LOC_RIB, BMP_STAT_G64, 0, 0, 5 },
		{ BMP_STAT_LOC_RIB_AF, BMP_STAT_AF_G64, 2, 1, 3 },
	};
	static const uint8_t	 want_tlvs[] = {
		0, 0, 0, 4, 0, 0, 0, 7,
		0, 7, 0, 8, 0, 0, 0, 1, 0, 0, 0, 2,
		0, 8, 0, 8, 0, 0, 0, 0, 0, 0, 0, 5,
		0, 10, 0, 11, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 3
	};

	hdr_v4(&h);
	h.flags = BMP_PF_L;
	memset(upd, 0xff, 16);
	upd[16] = 0;
	upd[17] = 23;
	upd[18] = BGP_MSG_UPDATE;
	upd[19] = upd[20] = upd[21] = upd[22] = 0;	/* End-of-RIB */
	T_EQ_INT(bmp_encode_route_mon(&b, &h, upd, sizeof(upd)), 0);
	T_EQ_INT(b.len, 6 + 42 + 23);
	T_EQ_INT(b.buf[5], BMP_ROUTE_MONITORING);
	T_EQ_INT(b.buf[6 + 1], BMP_PF_L);
	T_ASSERT(memcmp(b.buf + 48, upd, sizeof(upd)) == 0);

	wbuf_reset(&b);
	T_EQ_INT(bmp_encode_stats(&b, &h, st, 4), 0);
	T_EQ_INT(b.buf[5], BMP_STATS_REPORT);
	T_EQ_INT(get32(b.buf + 48), 4);
	T_EQ_INT(b.len, 6 + 42 + 4 + sizeof(want_tlvs));
	T_EQ_INT(get32(b.buf + 1), b.len);
	T_ASSERT(memcmp(b.buf + 52, want_tlvs, sizeof(want_tlvs)) == 0);
	wbuf_free(&b);
}

static void
test_cfg(void)
{
	struct config		*c = config_new(), *d;
	struct bmp_server_cfg	*s;
	struct bgp_peer		*p;
	struct cfg_errors	 errs;
	struct strbuf		 sb = STRBUF_INIT;
	struct xaddr		 a;

	T_ASSERT(c != NULL);
	c->bmp = bmp_cfg_new();
	s = bmp_cfg_server_get(c->bmp, 2);
	T_ASSERT(s != NULL);
	T_ASSERT(bmp_cfg_server_get(c->bmp, 9) == NULL);
	addr_parse("127.0.0.1", &s->host);
	s->port = 11019;
	s->has_host = 1;
	s->initial_delay = 5;
	s->stats_period = 60;
	bmp_cfg_set_str(&s->description, "collector one");
	config_print(c, &sb);
	T_EQ_STR(sb_str(&sb), "bmp server 2\n host 127.0.0.1 port 11019\n"
	    " description collector one\n initial-delay 5\n"
	    " stats-reporting-period 60\n!\n");

	/* a neighbor activating server 1 (absent) and 2 (present) */
	c->bgp = bgp_cfg_new(65001);
	addr_parse("127.0.0.2", &a);
	p = bgp_nbr_get(c->bgp, &a);
	p->s[BS_REMOTE_AS].set = 1;
	p->s[BS_REMOTE_AS].n[0] = 65002;
	p->s[BS_BMP1].set = 1;
	p->s[BS_BMP1 + 1].set = 1;
	cfg_errors_init(&errs);
	T_EQ_INT(config_validate(c, &errs), 1);
	T_ASSERT(errs.n == 1 && strstr(errs.v[0].path,
	    "bmp-activate server 1") != NULL);
	T_ASSERT(errs.n == 1 && strstr(errs.v[0].msg, "BMP server 1 is not "
	    "configured") != NULL);
	cfg_errors_free(&errs);
	T_EQ_INT(bmp_cfg_nbr_servers(c->bgp, &a), 3);

	/* a copy prints the same; a server without host is refused */
	d = config_dup(c);
	T_ASSERT(d != NULL && config_equal(c, d));
	p->s[BS_BMP1].set = 0;
	bmp_cfg_server_get(c->bmp, 3);
	cfg_errors_init(&errs);
	T_EQ_INT(config_validate(c, &errs), 1);
	T_ASSERT(errs.n == 1 && strcmp(errs.v[0].path, "bmp server 3") == 0);
	cfg_errors_free(&errs);
	c->bmp->srv[2].shutdown = 1;
	cfg_errors_init(&errs);
	T_EQ_INT(config_validate(c, &errs), 0);
	cfg_errors_free(&errs);
	sb_free(&sb);
	config_free(c);
	config_free(d);
}

int
main(void)
{
	test_peer_hdr();
	test_initiation_termination();
	test_peer_up_down();
	test_route_mon_stats();
	test_cfg();
	return T_DONE();
}
