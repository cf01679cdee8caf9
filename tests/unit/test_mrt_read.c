/*
 * Unit tests for core/bgp/mrt_read.c: well-formed TABLE_DUMP,
 * TABLE_DUMP_V2 and BGP4MP records built here byte by byte, then every
 * truncation and every single-byte corruption of them (the reader must
 * end cleanly or report the file and offset, never read out of bounds:
 * run under --enable-sanitizers), lying counts and lengths, and the real
 * bview of ../shared/data/mrt when it is there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/mrt_read.h"
#include "tests/unit/t.h"

static uint8_t	 buf[4096];
static size_t	 blen;

static void
put(const void *p, size_t n)
{
	memcpy(buf + blen, p, n);
	blen += n;
}

static void
u8(unsigned v)
{
	uint8_t	 b = (uint8_t)v;

	put(&b, 1);
}

static void
u16(unsigned v)
{
	u8(v >> 8);
	u8(v);
}

static void
u32(uint32_t v)
{
	u16(v >> 16);
	u16(v & 0xffff);
}

/* header with a length patched by end_rec */
static size_t
rec(unsigned type, unsigned sub)
{
	size_t	 at;

	u32(1027380000);
	u16(type);
	u16(sub);
	at = blen;
	u32(0);
	return at;
}

static void
end_rec(size_t at)
{
	uint32_t	 n = (uint32_t)(blen - at - 4);

	buf[at] = (uint8_t)(n >> 24);
	buf[at + 1] = (uint8_t)(n >> 16);
	buf[at + 2] = (uint8_t)(n >> 8);
	buf[at + 3] = (uint8_t)n;
}

/* ORIGIN IGP, AS_PATH (one AS), NEXT_HOP 192.0.2.1 */
static void
attrs_v4(int as4)
{
	u16(as4 ? 20 : 18);
	u8(0x40); u8(1); u8(1); u8(0);
	u8(0x40); u8(2); u8(as4 ? 6 : 4); u8(2); u8(1);
	if (as4)
		u32(4200000001u);
	else
		u16(65001);
	u8(0x40); u8(3); u8(4); u8(192); u8(0); u8(2); u8(1);
}

static void
build(void)
{
	size_t	 at, i;
	uint8_t	 v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	blen = 0;
	/* TABLE_DUMP IPv4: 10.1.0.0/16 from 198.51.100.1 AS 65001 */
	at = rec(12, 1);
	u16(0); u16(1);
	u8(10); u8(1); u8(0); u8(0); u8(16); u8(1); u32(0);
	u8(198); u8(51); u8(100); u8(1); u16(65001);
	attrs_v4(0);
	end_rec(at);
	/* TABLE_DUMP_V2 peer index: 198.51.100.2 AS4, 2001:db8::2 AS 65002 */
	at = rec(13, 1);
	u32(0x01020304); u16(4); put("test", 4); u16(2);
	u8(2); u32(1); u8(198); u8(51); u8(100); u8(2); u32(4200000002u);
	u8(1); u32(2); v6[15] = 2; put(v6, 16); u16(65002);
	end_rec(at);
	/* RIB_IPV4_UNICAST 203.0.113.0/24, entries from both peers */
	at = rec(13, 2);
	u32(7); u8(24); u8(203); u8(0); u8(113); u16(2);
	for (i = 0; i < 2; i++) {
		u16((unsigned)i); u32(0);
		attrs_v4(1);
	}
	end_rec(at);
	/* RIB_IPV6_UNICAST 2001:db8:1::/48 from peer 1, abbreviated MP_REACH */
	at = rec(13, 4);
	u32(8); u8(48); u8(0x20); u8(0x01); u8(0x0d); u8(0xb8); u8(0); u8(1);
	u16(1);
	u16(1); u32(0); u16(4 + 20);
	u8(0x40); u8(1); u8(1); u8(0);
	u8(0x80); u8(14); u8(17); u8(16); v6[15] = 9; put(v6, 16);
	end_rec(at);
	/* BGP4MP_MESSAGE_AS4: a KEEPALIVE (skipped), then an UPDATE */
	for (i = 0; i < 2; i++) {
		at = rec(16, 4);
		u32(4200000003u); u32(65000); u16(0); u16(1);
		u8(198); u8(51); u8(100); u8(3); u8(127); u8(0); u8(0); u8(1);
		memset(buf + blen, 0xff, 16);
		blen += 16;
		if (i == 0) {
			u16(19); u8(4);
		} else {
			/* withdraws 10.9.8.0/24 */
			u16(19 + 8); u8(2);
			u16(4); u8(24); u8(10); u8(9); u8(8);
			u16(0);
		}
		end_rec(at);
	}
}

/* reads everything: items, or -1 with err; never crashes */
static int
read_all(const uint8_t *b, size_t n, char *err, size_t errlen,
    struct mrt_item *items, size_t max)
{
	struct mrt_reader	*r;
	struct mrt_item		 it;
	int			 rc, k = 0;

	if ((r = mrt_open_mem(b, n, "mem.mrt", err, errlen)) == NULL)
		return -2;
	while ((rc = mrt_next(r, &it, err, errlen)) == 1) {
		if ((size_t)k < max)
			items[k] = it;
		k++;
	}
	mrt_close(r);
	return rc == -1 ? -1 : k;
}

static void
test_good(void)
{
	struct mrt_item	 it[8];
	char		 err[256], s[PREFIX_STRLEN];

	build();
	err[0] = '\0';
	T_EQ_INT(read_all(buf, blen, err, sizeof(err), it, 8), 5);
	if (err[0] != '\0')
		fprintf(stderr, "%s\n", err);
	prefix_format(&it[0].pfx, s, sizeof(s));
	T_EQ_STR(s, "10.1.0.0/16");
	T_EQ_INT(it[0].peer_as, 65001);
	T_EQ_INT(it[0].as4, 0);
	T_EQ_INT(it[0].kind, MRT_ITEM_RIB);
	T_EQ_INT(it[0].len, 18);
	addr_format(&it[1].peer, s, sizeof(s));
	T_EQ_STR(s, "198.51.100.2");
	T_EQ_INT(it[1].peer_as, 4200000002u);
	T_EQ_INT(it[1].as4, 1);
	prefix_format(&it[2].pfx, s, sizeof(s));
	T_EQ_STR(s, "203.0.113.0/24");
	addr_format(&it[2].peer, s, sizeof(s));
	T_EQ_STR(s, "2001:db8::2");
	T_EQ_INT(it[2].peer_as, 65002);
	T_EQ_INT(it[2].peer_id, 2);
	T_EQ_INT(it[1].peer_id, 1);
	T_EQ_INT(it[0].peer_id, 0);
	prefix_format(&it[3].pfx, s, sizeof(s));
	T_EQ_STR(s, "2001:db8:1::/48");
	T_EQ_INT(it[3].len, 24);
	T_EQ_INT(it[4].kind, MRT_ITEM_UPDATE);
	T_EQ_INT(it[4].peer_as, 4200000003u);
	T_EQ_INT(it[4].as4, 1);
	T_EQ_INT(it[4].len, 8);
	addr_format(&it[4].peer, s, sizeof(s));
	T_EQ_STR(s, "198.51.100.3");
}

/* every cut: clean only at a record boundary, else an offset named */
static void
test_truncated(void)
{
	struct mrt_item	 it[8];
	char		 err[256];
	size_t		 cut, bad = 0, clean = 0;
	uint8_t		*copy;
	int		 rc;

	build();
	for (cut = 0; cut < blen; cut++) {
		/* an exact copy on the heap: ASan sees any overread */
		if ((copy = malloc(cut > 0 ? cut : 1)) == NULL)
			abort();
		memcpy(copy, buf, cut);
		err[0] = '\0';
		rc = read_all(copy, cut, err, sizeof(err), it, 8);
		if (rc == -1) {
			if (strstr(err, "mem.mrt: malformed") == NULL ||
			    strstr(err, "at offset") == NULL) {
				fprintf(stderr, "cut %zu: %s\n", cut, err);
				bad++;
			}
		} else
			clean++;
		free(copy);
	}
	T_EQ_INT(bad, 0);
	T_EQ_INT(clean, 6);	/* 0 bytes and each record boundary but the last */
	err[0] = '\0';
	read_all(buf, 20, err, sizeof(err), it, 8);
	T_EQ_STR(err, "mem.mrt: malformed TABLE_DUMP record at offset 0: "
	    "file truncated (8 of 40 bytes)");
}

/* any byte changed to any of a few values: no crash, always ends */
static void
test_corrupt(void)
{
	static const uint8_t	 vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	struct mrt_item		 it[8];
	char			 err[256];
	uint8_t			*copy;
	size_t			 i, v;

	build();
	if ((copy = malloc(blen)) == NULL)
		abort();
	for (i = 0; i < blen; i++)
		for (v = 0; v < sizeof(vals); v++) {
			memcpy(copy, buf, blen);
			copy[i] = vals[v];
			(void)read_all(copy, blen, err, sizeof(err), it, 8);
		}
	free(copy);
	T_ASSERT(1);
}

static void
test_lies(void)
{
	struct mrt_item	 it[8];
	char		 err[256];

	/* peer count of 65535 in a short PEER_INDEX_TABLE */
	build();
	buf[52 + 12 + 10] = 0xff;
	buf[52 + 12 + 11] = 0xff;
	T_EQ_INT(read_all(buf, blen, err, sizeof(err), it, 8), -1);
	T_ASSERT(strstr(err, "peer count 65535 does not fit") != NULL);
	/* RIB entry count 3 where there are 2 */
	build();
	{
		size_t	 rib = 52 + 12 + 48;	/* the RIB_IPV4 record */

		T_EQ_INT(buf[rib + 5], 13);
		T_EQ_INT(buf[rib + 7], 2);
		buf[rib + 12 + 9] = 3;
	}
	T_EQ_INT(read_all(buf, blen, err, sizeof(err), it, 8), -1);
	T_ASSERT(strstr(err, "RIB entry truncated") != NULL);
	/* a record length of 1 GB */
	build();
	buf[8] = 0x40;
	T_EQ_INT(read_all(buf, blen, err, sizeof(err), it, 8), -1);
	T_ASSERT(strstr(err, "above") != NULL);
	/* attribute length beyond the record */
	build();
	buf[12 + 20] = 0x7f;
	T_EQ_INT(read_all(buf, blen, err, sizeof(err), it, 8), -1);
	T_ASSERT(strstr(err, "attribute length") != NULL);
}

static void
test_real(void)
{
	struct mrt_reader	*r;
	struct mrt_item		 it;
	char			 path[1024], err[256];
	const char		*src = getenv("SRCDIR");
	size_t			 n = 0;
	int			 rc;

	/* a missing file names itself */
	T_ASSERT(mrt_open("/nonexistent.mrt", err, sizeof(err)) == NULL);
	T_EQ_STR(err, "/nonexistent.mrt: No such file or directory");
	snprintf(path, sizeof(path), "%s/../shared/data/mrt/"
	    "bview.20020722.2337.gz", src != NULL ? src : ".");
	if ((r = mrt_open(path, err, sizeof(err))) == NULL) {
		printf("skip: %s\n", err);
		return;
	}
	while ((rc = mrt_next(r, &it, err, sizeof(err))) == 1)
		n++;
	T_EQ_INT(rc, 0);
	T_EQ_INT(n, 115521);	/* bgpdump -m | wc -l */
	mrt_close(r);
}

int
main(void)
{
	test_good();
	test_truncated();
	test_corrupt();
	test_lies();
	test_real();
	return T_DONE();
}
