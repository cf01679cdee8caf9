/*
 * mrt: a real table for the propagation benchmark, from an MRT
 * TABLE_DUMP (v1, RFC 6396 4.2) RIB such as the bview in
 * shared/data/mrt: the routes of the peer with the most of them, with
 * their own AS paths, origins, MEDs and communities (LOCAL_PREF,
 * AGGREGATOR and the rest are not sent by an eBGP feeder).  Prefixes
 * that arrived with the same attributes share a set, as they would in
 * the peer's UPDATEs.  The file is read through `gzip -dc`; every length
 * in it is checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/prop/prop.h"

#define MRT_TABLE_DUMP		12
#define MRT_TD_AFI_IPV4		1
#define TD_FIXED		22	/* bytes before the attributes */
#define MAXPEERS		1024

struct ent {
	uint32_t	 addr;
	uint8_t		 len;
	uint16_t	 alen;
	const uint8_t	*attr;
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int
read_all(const char *path, uint8_t **out, size_t *outlen, char *err,
    size_t errlen)
{
	char	 cmd[1100];
	FILE	*f;
	uint8_t	*b = NULL, *nb;
	size_t	 len = 0, cap = 0, n;

	/* the path goes to the shell quoted: no quote in it */
	if (strchr(path, '\'') != NULL || snprintf(cmd, sizeof(cmd),
	    "gzip -dcf '%s'", path) >= (int)sizeof(cmd)) {
		snprintf(err, errlen, "%s: unusable path", path);
		return -1;
	}
	if ((f = popen(cmd, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot run gzip", path);
		return -1;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((nb = realloc(b, cap)) == NULL) {
				free(b);
				pclose(f);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			b = nb;
		}
		if ((n = fread(b + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	if (pclose(f) != 0 || len == 0) {
		free(b);
		snprintf(err, errlen, "%s: not readable (gzip failed)", path);
		return -1;
	}
	*out = b;
	*outlen = len;
	return 0;
}

/*
 * Calls fn for every well-formed IPv4 TABLE_DUMP entry: peer (address,
 * AS), prefix, attributes.
 */
static void
walk(const uint8_t *b, size_t len,
    void (*fn)(void *, uint32_t, uint16_t, uint32_t, uint8_t,
    const uint8_t *, uint16_t), void *arg)
{
	size_t		 off = 0;
	uint32_t	 rlen;
	const uint8_t	*r;
	uint16_t	 alen;

	while (len - off >= 12) {
		rlen = be32(b + off + 8);
		if (rlen > len - off - 12)
			break;
		r = b + off + 12;
		if (be16(b + off + 4) == MRT_TABLE_DUMP &&
		    be16(b + off + 6) == MRT_TD_AFI_IPV4 && rlen >= TD_FIXED &&
		    r[8] <= 32 && (alen = be16(r + 20)) <= rlen - TD_FIXED)
			fn(arg, be32(r + 14), be16(r + 18), be32(r + 4), r[8],
			    r + TD_FIXED, alen);
		off += 12 + rlen;
	}
}

struct peers {
	uint32_t	 addr[MAXPEERS];
	uint16_t	 as[MAXPEERS];
	size_t		 count[MAXPEERS];
	size_t		 n;
};

static void
count_peer(void *arg, uint32_t peer, uint16_t pas, uint32_t addr,
    uint8_t len, const uint8_t *attr, uint16_t alen)
{
	struct peers	*p = arg;
	size_t		 i;

	(void)addr, (void)len, (void)attr, (void)alen;
	for (i = 0; i < p->n; i++)
		if (p->addr[i] == peer && p->as[i] == pas)
			break;
	if (i == p->n) {
		if (p->n == MAXPEERS)
			return;
		p->addr[i] = peer;
		p->as[i] = pas;
		p->n++;
	}
	p->count[i]++;
}

struct collect {
	uint32_t	 peer;
	uint16_t	 pas;
	struct ent	*e;
	size_t		 n, cap;
};

static void
collect_peer(void *arg, uint32_t peer, uint16_t pas, uint32_t addr,
    uint8_t len, const uint8_t *attr, uint16_t alen)
{
	struct collect	*c = arg;

	if (peer != c->peer || pas != c->pas || c->n == c->cap)
		return;
	c->e[c->n].addr = len == 0 ? 0 : addr & (0xffffffffu << (32 - len));
	c->e[c->n].len = len;
	c->e[c->n].attr = attr;
	c->e[c->n].alen = alen;
	c->n++;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent	*x = a, *y = b;
	int			 r;

	if (x->alen != y->alen)
		return x->alen < y->alen ? -1 : 1;
	if ((r = memcmp(x->attr, y->attr, x->alen)) != 0)
		return r;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->len - y->len;
}

/* The attributes an eBGP feeder sends; -1 on allocation failure. */
static int
parse_attrs(const uint8_t *p, size_t len, struct tset *ts, size_t extra)
{
	size_t		 off = 0, alen, i, o, n, seg, j;
	uint8_t		 flags, type;
	const uint8_t	*d;

	memset(ts, 0, sizeof(*ts));
	while (len - off >= 3) {
		flags = p[off];
		type = p[off + 1];
		if (flags & BGP_ATTRF_EXTLEN) {
			if (len - off < 4)
				break;
			alen = be16(p + off + 2);
			off += 4;
		} else {
			alen = p[off + 2];
			off += 3;
		}
		if (alen > len - off)
			break;
		d = p + off;
		off += alen;
		switch (type) {
		case BGP_ATTR_ORIGIN:
			if (alen == 1 && d[0] <= BGP_ORIGIN_INCOMPLETE)
				ts->origin = d[0];
			break;
		case BGP_ATTR_AS_PATH:
			/* 2-octet segments to the 4-octet form */
			for (i = n = 0; alen - i >= 2; i += 2 + 2 * seg) {
				seg = d[i + 1];
				if (2 * seg > alen - i - 2)
					break;
				n += 2 + 4 * seg;
			}
			if (n == 0 || ts->aspath != NULL)
				break;
			if ((ts->aspath = malloc(n)) == NULL)
				return -1;
			for (i = o = 0; o < n; i += 2 + 2 * seg) {
				seg = d[i + 1];
				ts->aspath[o++] = d[i];
				ts->aspath[o++] = (uint8_t)seg;
				for (j = 0; j < seg; j++) {
					ts->aspath[o++] = 0;
					ts->aspath[o++] = 0;
					ts->aspath[o++] = d[i + 2 + 2 * j];
					ts->aspath[o++] = d[i + 3 + 2 * j];
				}
			}
			ts->aspath_len = n;
			break;
		case BGP_ATTR_MED:
			if (alen == 4) {
				ts->has_med = 1;
				ts->med = be32(d);
			}
			break;
		case BGP_ATTR_COMMUNITIES:
			if (alen % 4 != 0 || ts->comm != NULL)
				break;
			if ((ts->comm = calloc(alen / 4 + extra + 1,
			    sizeof(*ts->comm))) == NULL)
				return -1;
			for (i = 0; i < alen / 4; i++)
				ts->comm[i] = be32(d + 4 * i);
			ts->ncomm = alen / 4;
			break;
		}
	}
	if (extra > 0 && ts->comm == NULL &&
	    (ts->comm = calloc(extra, sizeof(*ts->comm))) == NULL)
		return -1;
	return 0;
}

int
mrt_table(struct table *t, const char *path, char *err, size_t errlen)
{
	struct peers	*pe = NULL;
	struct collect	 c;
	uint8_t		*b = NULL, *seen = NULL;
	size_t		 len, i, best, k, start, extra, cap;
	uint32_t	 bit;
	char		 a[16];

	memset(t, 0, sizeof(*t));
	memset(&c, 0, sizeof(c));
	if (read_all(path, &b, &len, err, errlen) == -1)
		return -1;
	if ((pe = calloc(1, sizeof(*pe))) == NULL)
		goto oom;
	walk(b, len, count_peer, pe);
	if (pe->n == 0) {
		snprintf(err, errlen, "%s: no IPv4 TABLE_DUMP entry", path);
		goto fail;
	}
	for (best = 0, i = 1; i < pe->n; i++)
		if (pe->count[i] > pe->count[best])
			best = i;
	c.peer = pe->addr[best];
	c.pas = pe->as[best];
	c.cap = pe->count[best];
	if ((c.e = calloc(c.cap, sizeof(*c.e))) == NULL)
		goto oom;
	walk(b, len, collect_peer, &c);
	/* a prefix twice in one peer's view: keep the first (up to /24) */
	if ((seen = calloc((1u << 25) / 8, 1)) == NULL)
		goto oom;
	for (i = k = 0; i < c.n; i++) {
		if (c.e[i].len <= 24) {
			bit = (1u << c.e[i].len) + (c.e[i].len == 0 ? 0 :
			    c.e[i].addr >> (32 - c.e[i].len));
			if (seen[bit >> 3] & (1u << (bit & 7)))
				continue;
			seen[bit >> 3] |= (uint8_t)(1u << (bit & 7));
		}
		c.e[k++] = c.e[i];
	}
	c.n = k;
	qsort(c.e, c.n, sizeof(*c.e), ent_cmp);

	t->n = c.n;
	t->addr = calloc(c.n, sizeof(*t->addr));
	t->len = calloc(c.n, sizeof(*t->len));
	t->set_start = calloc(c.n + 1, sizeof(*t->set_start));
	cap = c.n;	/* at most one set per prefix */
	t->sets = calloc(cap, sizeof(*t->sets));
	if (t->addr == NULL || t->len == NULL || t->set_start == NULL ||
	    t->sets == NULL)
		goto oom;
	for (i = k = 0; i < c.n; k++) {
		start = i;
		while (i < c.n && i - start < PROP_GROUP_MAX &&
		    c.e[i].alen == c.e[start].alen &&
		    memcmp(c.e[i].attr, c.e[start].attr, c.e[i].alen) == 0) {
			t->addr[i] = c.e[i].addr;
			t->len[i] = c.e[i].len;
			i++;
		}
		t->set_start[k] = (uint32_t)start;
		extra = (k % 10 == 3) + (k % 5 == 1);
		if (parse_attrs(c.e[start].attr, c.e[start].alen, &t->sets[k],
		    extra) == -1) {
			t->nsets = k + 1;
			goto oom;
		}
		if (k % 10 == 3)
			t->sets[k].comm[t->sets[k].ncomm++] = PROP_PREPEND_COMM;
		if (k % 5 == 1)
			t->sets[k].comm[t->sets[k].ncomm++] = PROP_LP_COMM;
	}
	t->set_start[k] = (uint32_t)c.n;
	t->nsets = k;
	snprintf(a, sizeof(a), "%u.%u.%u.%u", c.peer >> 24,
	    (c.peer >> 16) & 0xff, (c.peer >> 8) & 0xff, c.peer & 0xff);
	snprintf(t->source, sizeof(t->source), "MRT peer %s AS%u", a,
	    (unsigned)c.pas);
	gen_count(t);
	free(seen);
	free(c.e);
	free(pe);
	free(b);
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	free(seen);
	free(c.e);
	free(pe);
	free(b);
	gen_table_free(t);
	return -1;
}
