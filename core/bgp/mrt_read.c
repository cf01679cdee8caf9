/*
 * mrt_read: see mrt_read.h.  Records are read one at a time through
 * zlib's gzread (which reads plain files too), so a large dump never sits
 * in memory whole; a TABLE_DUMP_V2 RIB record is walked entry by entry.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/bgp/mrt_read.h"
#include "core/bgp/mrt_types.h"

#define BGP_HDR			19
#define BGP_UPDATE		2
#define PEER_INDEX_MAX		65536	/* the index is 16-bit */

struct mrt_peer {
	struct xaddr	 addr;
	uint32_t	 as;
	uint32_t	 id;
};

struct mrt_reader {
	gzFile		 gz;		/* NULL: reading mem */
	const uint8_t	*mem;
	size_t		 memlen, mempos;
	char		 name[256];
	uint8_t		*rec;		/* the current record's body */
	size_t		 reccap;
	uint32_t	 reclen;
	uint16_t	 type, subtype;
	uint64_t	 off, recoff;	/* stream offset; the record's */
	uint64_t	 nrec;
	/* a TABLE_DUMP_V2 RIB record being walked */
	int		 in_rib;
	size_t		 pos;
	unsigned	 left;
	struct xprefix	 pfx;
	/* TABLE_DUMP_V2 PEER_INDEX_TABLE */
	struct mrt_peer	*peers;
	size_t		 npeers;
	int		 have_index;
};

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static const char *
type_name(uint16_t t)
{
	switch (t) {
	case MRT_TABLE_DUMP:	return "TABLE_DUMP";
	case MRT_TABLE_DUMP_V2:	return "TABLE_DUMP_V2";
	case MRT_BGP4MP:	return "BGP4MP";
	case MRT_BGP4MP_ET:	return "BGP4MP_ET";
	}
	return "MRT";
}

/* -1 after writing "NAME: malformed TYPE record at offset N: why". */
static int
bad(struct mrt_reader *r, char *err, size_t errlen, const char *fmt, ...)
{
	char	 why[160];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: malformed %s record at offset %llu: %s",
	    r->name, type_name(r->type), (unsigned long long)r->recoff, why);
	r->in_rib = 0;
	return -1;
}

static struct mrt_reader *
reader_new(const char *name, char *err, size_t errlen)
{
	struct mrt_reader	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	strlcpy(r->name, name, sizeof(r->name));
	return r;
}

struct mrt_reader *
mrt_open(const char *path, char *err, size_t errlen)
{
	struct mrt_reader	*r;

	if ((r = reader_new(path, err, errlen)) == NULL)
		return NULL;
	errno = 0;
	if ((r->gz = gzopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, errno != 0 ?
		    strerror(errno) : "cannot open");
		free(r);
		return NULL;
	}
	(void)gzbuffer(r->gz, 1u << 17);
	return r;
}

struct mrt_reader *
mrt_open_mem(const uint8_t *buf, size_t len, const char *name, char *err,
    size_t errlen)
{
	struct mrt_reader	*r;

	if ((r = reader_new(name, err, errlen)) == NULL)
		return NULL;
	r->mem = buf;
	r->memlen = len;
	return r;
}

void
mrt_close(struct mrt_reader *r)
{
	if (r == NULL)
		return;
	if (r->gz != NULL)
		gzclose(r->gz);
	free(r->rec);
	free(r->peers);
	free(r);
}

uint64_t
mrt_records(const struct mrt_reader *r)
{
	return r->nrec;
}

/* Bytes read into buf (short at the end), -1 on a read error. */
static long
read_bytes(struct mrt_reader *r, uint8_t *buf, size_t n, char *err,
    size_t errlen)
{
	size_t	 got = 0;
	int	 k, e;

	if (n == 0)		/* an empty record: r->rec may be NULL */
		return 0;
	if (r->gz == NULL) {
		got = r->memlen - r->mempos < n ? r->memlen - r->mempos : n;
		memcpy(buf, r->mem + r->mempos, got);
		r->mempos += got;
		r->off += got;
		return (long)got;
	}
	while (got < n) {
		k = gzread(r->gz, buf + got, (unsigned)(n - got));
		if (k < 0) {
			snprintf(err, errlen, "%s: read error at offset %llu: "
			    "%s", r->name, (unsigned long long)(r->off + got),
			    gzerror(r->gz, &e));
			return -1;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	r->off += got;
	return (long)got;
}

/* a prefix of plen bits from p (left bytes); bytes used, -1 if bad */
static int
get_prefix(const uint8_t *p, size_t left, int af, uint8_t plen,
    struct xprefix *out)
{
	size_t	 n = ((size_t)plen + 7) / 8;

	if (plen > (af == AF_V4 ? 32 : 128) || n > left)
		return -1;
	memset(out, 0, sizeof(*out));
	out->addr.af = (uint8_t)af;
	out->len = plen;
	memcpy(out->addr.a, p, n);
	prefix_mask(out);
	return (int)n;
}

static void
set_addr(struct xaddr *a, int af, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->af = (uint8_t)af;
	memcpy(a->a, p, af == AF_V4 ? 4 : 16);
}

/* TABLE_DUMP (v1): one route per record, 2-octet AS */
static int
table_dump(struct mrt_reader *r, struct mrt_item *it, char *err,
    size_t errlen)
{
	const uint8_t	*b = r->rec;
	int		 af = r->subtype == 1 ? AF_V4 : AF_V6;
	size_t		 al = af == AF_V4 ? 4 : 16, fixed = 4 + al + 6 + al + 4;
	uint16_t	 alen;

	if (r->reclen < fixed)
		return bad(r, err, errlen, "%u bytes, below %zu", r->reclen,
		    fixed);
	if (b[4 + al] > (af == AF_V4 ? 32 : 128))
		return bad(r, err, errlen, "prefix length %u", b[4 + al]);
	memset(it, 0, sizeof(*it));
	it->kind = MRT_ITEM_RIB;
	memset(&it->pfx, 0, sizeof(it->pfx));
	set_addr(&it->pfx.addr, af, b + 4);
	it->pfx.len = b[4 + al];
	prefix_mask(&it->pfx);
	set_addr(&it->peer, af, b + 4 + al + 6);
	it->peer_as = get16(b + 4 + al + 6 + al);
	alen = get16(b + fixed - 2);
	if (alen > r->reclen - fixed)
		return bad(r, err, errlen, "attribute length %u overruns the "
		    "record (%zu left)", alen, r->reclen - fixed);
	it->data = b + fixed;
	it->len = alen;
	it->as4 = 0;
	it->offset = r->recoff;
	return 1;
}

static int
peer_index(struct mrt_reader *r, char *err, size_t errlen)
{
	const uint8_t	*b = r->rec;
	size_t		 pos, i, n, al, asl;
	uint16_t	 vlen;
	uint8_t		 t;

	if (r->have_index)
		return bad(r, err, errlen, "a second PEER_INDEX_TABLE");
	if (r->reclen < 6)
		return bad(r, err, errlen, "PEER_INDEX_TABLE of %u bytes",
		    r->reclen);
	vlen = get16(b + 4);
	if ((size_t)vlen + 8 > r->reclen)
		return bad(r, err, errlen, "view name length %u overruns the "
		    "record", vlen);
	pos = 6 + vlen;
	n = get16(b + pos);
	pos += 2;
	/* not trusted: each entry is at least 7 bytes */
	if (n > (r->reclen - pos) / 7)
		return bad(r, err, errlen, "peer count %zu does not fit in "
		    "%zu bytes", n, r->reclen - pos);
	free(r->peers);
	if ((r->peers = calloc(n > 0 ? n : 1, sizeof(*r->peers))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", r->name);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (r->reclen - pos < 1)
			return bad(r, err, errlen, "peer %zu truncated", i);
		t = b[pos];
		al = (t & 1) ? 16 : 4;
		asl = (t & 2) ? 4 : 2;
		if (r->reclen - pos < 1 + 4 + al + asl)
			return bad(r, err, errlen, "peer %zu truncated", i);
		set_addr(&r->peers[i].addr, al == 4 ? AF_V4 : AF_V6,
		    b + pos + 5);
		r->peers[i].id = get32(b + pos + 1);
		r->peers[i].as = asl == 4 ? get32(b + pos + 5 + al) :
		    get16(b + pos + 5 + al);
		pos += 1 + 4 + al + asl;
	}
	r->npeers = n;
	r->have_index = 1;
	return 0;
}

static int
rib_start(struct mrt_reader *r, char *err, size_t errlen)
{
	int	 af = r->subtype == MRT_TD2_RIB_IPV4_UNICAST ? AF_V4 : AF_V6;
	int	 n;

	if (!r->have_index)
		return bad(r, err, errlen, "RIB entry before the "
		    "PEER_INDEX_TABLE");
	if (r->reclen < 5)
		return bad(r, err, errlen, "RIB record of %u bytes",
		    r->reclen);
	if ((n = get_prefix(r->rec + 5, r->reclen - 5, af, r->rec[4],
	    &r->pfx)) == -1)
		return bad(r, err, errlen, "prefix length %u", r->rec[4]);
	r->pos = 5 + (size_t)n;
	if (r->reclen - r->pos < 2)
		return bad(r, err, errlen, "no entry count");
	r->left = get16(r->rec + r->pos);
	r->pos += 2;
	r->in_rib = 1;
	return 0;
}

static int
rib_entry(struct mrt_reader *r, struct mrt_item *it, char *err,
    size_t errlen)
{
	const uint8_t	*b = r->rec + r->pos;
	size_t		 rest = r->reclen - r->pos;
	uint16_t	 idx, alen;

	if (rest < 8)
		return bad(r, err, errlen, "RIB entry truncated (%u of the "
		    "entry count left)", r->left);
	idx = get16(b);
	alen = get16(b + 6);
	if (alen > rest - 8)
		return bad(r, err, errlen, "attribute length %u overruns the "
		    "record (%zu left)", alen, rest - 8);
	if (idx >= r->npeers)
		return bad(r, err, errlen, "peer index %u of %zu peers", idx,
		    r->npeers);
	memset(it, 0, sizeof(*it));
	it->kind = MRT_ITEM_RIB;
	it->peer = r->peers[idx].addr;
	it->peer_as = r->peers[idx].as;
	it->peer_id = r->peers[idx].id;
	it->as4 = 1;
	it->pfx = r->pfx;
	it->data = b + 8;
	it->len = alen;
	it->offset = r->recoff;
	r->pos += 8 + (size_t)alen;
	if (--r->left == 0) {
		r->in_rib = 0;
		if (r->pos != r->reclen)
			return bad(r, err, errlen, "%zu bytes after the last "
			    "entry", r->reclen - r->pos);
	}
	return 1;
}

/* BGP4MP(_ET) MESSAGE(_AS4): 1 an UPDATE, 0 another message (skipped) */
static int
bgp4mp(struct mrt_reader *r, struct mrt_item *it, char *err, size_t errlen)
{
	const uint8_t	*b = r->rec;
	size_t		 len = r->reclen, asl, al, pos;
	uint16_t	 afi, mlen;

	if (r->type == MRT_BGP4MP_ET) {	/* microseconds first */
		if (len < 4)
			return bad(r, err, errlen, "%zu bytes", len);
		b += 4;
		len -= 4;
	}
	asl = r->subtype == MRT_BGP4MP_MESSAGE_AS4 ? 4 : 2;
	if (len < 2 * asl + 4)
		return bad(r, err, errlen, "%zu bytes", len);
	afi = get16(b + 2 * asl + 2);
	if (afi != 1 && afi != 2)
		return bad(r, err, errlen, "address family %u", afi);
	al = afi == 1 ? 4 : 16;
	pos = 2 * asl + 4 + 2 * al;
	if (len < pos + BGP_HDR)
		return bad(r, err, errlen, "BGP message truncated");
	mlen = get16(b + pos + 16);
	if (mlen < BGP_HDR || mlen > len - pos)
		return bad(r, err, errlen, "BGP message length %u (%zu bytes "
		    "left)", mlen, len - pos);
	if (b[pos + 18] != BGP_UPDATE)
		return 0;
	memset(it, 0, sizeof(*it));
	it->kind = MRT_ITEM_UPDATE;
	set_addr(&it->peer, afi == 1 ? AF_V4 : AF_V6, b + 2 * asl + 4);
	it->peer_as = asl == 4 ? get32(b) : get16(b);
	it->as4 = asl == 4;
	it->data = b + pos + BGP_HDR;
	it->len = mlen - BGP_HDR;
	it->offset = r->recoff;
	return 1;
}

/* the next record into r->rec: 1, 0 at the end, -1 */
static int
read_record(struct mrt_reader *r, char *err, size_t errlen)
{
	uint8_t	 h[MRT_HDR_LEN], *nb;
	long	 got;

	r->recoff = r->off;
	r->type = 0;
	if ((got = read_bytes(r, h, sizeof(h), err, errlen)) < 0)
		return -1;
	if (got == 0)
		return 0;
	if (got < MRT_HDR_LEN)
		return bad(r, err, errlen, "file truncated in the record "
		    "header (%ld of 12 bytes)", got);
	r->type = get16(h + 4);
	r->subtype = get16(h + 6);
	r->reclen = get32(h + 8);
	if (r->reclen > MRT_RECORD_MAX)
		return bad(r, err, errlen, "length %u above %u", r->reclen,
		    MRT_RECORD_MAX);
	if (r->reclen > r->reccap) {
		if ((nb = realloc(r->rec, r->reclen)) == NULL) {
			snprintf(err, errlen, "%s: out of memory", r->name);
			return -1;
		}
		r->rec = nb;
		r->reccap = r->reclen;
	}
	if ((got = read_bytes(r, r->rec, r->reclen, err, errlen)) < 0)
		return -1;
	if ((uint32_t)got != r->reclen)
		return bad(r, err, errlen, "file truncated (%ld of %u bytes)",
		    got, r->reclen);
	r->nrec++;
	return 1;
}

int
mrt_next(struct mrt_reader *r, struct mrt_item *it, char *err,
    size_t errlen)
{
	int	 rc;

	for (;;) {
		if (r->in_rib)
			return rib_entry(r, it, err, errlen);
		if ((rc = read_record(r, err, errlen)) <= 0)
			return rc;
		switch (r->type) {
		case MRT_TABLE_DUMP:
			if (r->subtype == 1 || r->subtype == 2)
				return table_dump(r, it, err, errlen);
			break;
		case MRT_TABLE_DUMP_V2:
			if (r->subtype == MRT_TD2_PEER_INDEX) {
				if (peer_index(r, err, errlen) == -1)
					return -1;
			} else if (r->subtype == MRT_TD2_RIB_IPV4_UNICAST ||
			    r->subtype == MRT_TD2_RIB_IPV6_UNICAST) {
				if (rib_start(r, err, errlen) == -1)
					return -1;
				/* an empty entry list is legal: nothing */
				if (r->left == 0) {
					r->in_rib = 0;
					if (r->pos != r->reclen)
						return bad(r, err, errlen,
						    "bytes after an empty "
						    "entry list");
				}
			}
			break;
		case MRT_BGP4MP:
		case MRT_BGP4MP_ET:
			if (r->subtype == MRT_BGP4MP_MESSAGE ||
			    r->subtype == MRT_BGP4MP_MESSAGE_AS4) {
				if ((rc = bgp4mp(r, it, err, errlen)) != 0)
					return rc;
			}
			break;
		}
	}
}
