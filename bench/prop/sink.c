/*
 * sink: counts what the speaker under test advertises, fast and without
 * storing routes: three bits per possible prefix up to /24 (announced,
 * prepended, with communities), 12 MB in all.  The UPDATE is walked in
 * place; only AS_PATH and COMMUNITIES are looked at.  Lengths are
 * checked against what is left like any other wire data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/prop/prop.h"

#define NBITS	(1u << 25)

static int
bit_get(const uint8_t *m, uint32_t b)
{
	return (m[b >> 3] >> (b & 7)) & 1;
}

static void
bit_put(uint8_t *m, uint32_t b, int v)
{
	if (v)
		m[b >> 3] |= (uint8_t)(1u << (b & 7));
	else
		m[b >> 3] &= (uint8_t)~(1u << (b & 7));
}

int
sink_init(struct sink *s, uint32_t speaker_as)
{
	memset(s, 0, sizeof(*s));
	s->speaker_as = speaker_as;
	s->have = calloc(NBITS / 8, 1);
	s->prep = calloc(NBITS / 8, 1);
	s->comm = calloc(NBITS / 8, 1);
	if (s->have == NULL || s->prep == NULL || s->comm == NULL) {
		sink_free(s);
		return -1;
	}
	return 0;
}

void
sink_free(struct sink *s)
{
	free(s->have);
	free(s->prep);
	free(s->comm);
	s->have = s->prep = s->comm = NULL;
}

static int
bad(struct sink *s, const char *what)
{
	if (s->err[0] == '\0')
		snprintf(s->err, sizeof(s->err), "malformed UPDATE #%zu: %s",
		    s->msgs, what);
	return -1;
}

/*
 * Walks a prefix list; calls back with the bitmap index of each prefix
 * up to /24 (-1 for a longer one).  Returns the count or -1.
 */
static long
walk_prefixes(struct sink *s, const uint8_t *p, size_t len,
    void (*fn)(struct sink *, long, int, int), int prep, int comm)
{
	size_t		 off = 0, nb, i;
	unsigned	 plen;
	uint32_t	 a;
	long		 n = 0;

	while (off < len) {
		plen = p[off++];
		if (plen > 32)
			return bad(s, "prefix length above 32");
		nb = (plen + 7) / 8;
		if (nb > len - off)
			return bad(s, "prefix runs past its field");
		a = 0;
		for (i = 0; i < nb; i++)
			a |= (uint32_t)p[off + i] << (24 - 8 * i);
		off += nb;
		if (plen > 24)
			fn(s, -1, prep, comm);
		else
			fn(s, (long)((1u << plen) +
			    (plen == 0 ? 0 : a >> (32 - plen))), prep, comm);
		n++;
	}
	return n;
}

static void
on_withdraw(struct sink *s, long b, int prep, int comm)
{
	(void)prep;
	(void)comm;
	if (b < 0 || !bit_get(s->have, (uint32_t)b))
		return;
	bit_put(s->have, (uint32_t)b, 0);
	s->count--;
	if (bit_get(s->prep, (uint32_t)b)) {
		bit_put(s->prep, (uint32_t)b, 0);
		s->n_prep--;
	}
	if (bit_get(s->comm, (uint32_t)b)) {
		bit_put(s->comm, (uint32_t)b, 0);
		s->n_comm--;
	}
}

static void
on_announce(struct sink *s, long b, int prep, int comm)
{
	uint32_t	 u;

	if (b < 0) {
		s->n_long++;
		return;
	}
	u = (uint32_t)b;
	if (!bit_get(s->have, u)) {
		bit_put(s->have, u, 1);
		s->count++;
	}
	if (bit_get(s->prep, u) != prep) {
		bit_put(s->prep, u, prep);
		if (prep)
			s->n_prep++;
		else
			s->n_prep--;
	}
	if (bit_get(s->comm, u) != comm) {
		bit_put(s->comm, u, comm);
		if (comm)
			s->n_comm++;
		else
			s->n_comm--;
	}
}

/* 1 if the path opens with the speaker's AS three times or more. */
static int
path_prepended(const struct sink *s, const uint8_t *p, size_t len)
{
	size_t		 i, n;
	uint32_t	 a;
	unsigned	 lead = 0;

	if (len < 2 || p[0] != BGP_AS_SEQUENCE)
		return 0;
	n = p[1];
	for (i = 0; i < n && 2 + 4 * i + 4 <= len; i++) {
		a = (uint32_t)p[2 + 4 * i] << 24 | (uint32_t)p[3 + 4 * i] << 16 |
		    (uint32_t)p[4 + 4 * i] << 8 | p[5 + 4 * i];
		if (a != s->speaker_as)
			break;
		lead++;
	}
	return lead >= 3;
}

int
sink_update(struct sink *s, const uint8_t *body, size_t len)
{
	size_t		 wlen, alen, off, hl, vl;
	const uint8_t	*attrs, *nlri;
	uint8_t		 flags, type;
	int		 prep = 0, comm = 0;
	long		 nw, na;

	s->msgs++;
	if (len < 4)
		return bad(s, "shorter than its two length fields");
	wlen = (size_t)body[0] << 8 | body[1];
	if (wlen > len - 4)
		return bad(s, "withdrawn length");
	alen = (size_t)body[2 + wlen] << 8 | body[3 + wlen];
	if (alen > len - 4 - wlen)
		return bad(s, "attribute length");
	attrs = body + 4 + wlen;
	nlri = attrs + alen;
	for (off = 0; off < alen; off += hl + vl) {
		if (alen - off < 3)
			return bad(s, "attribute header");
		flags = attrs[off];
		type = attrs[off + 1];
		if (flags & BGP_ATTRF_EXTLEN) {
			if (alen - off < 4)
				return bad(s, "attribute header");
			hl = 4;
			vl = (size_t)attrs[off + 2] << 8 | attrs[off + 3];
		} else {
			hl = 3;
			vl = attrs[off + 2];
		}
		if (vl > alen - off - hl)
			return bad(s, "attribute runs past the block");
		if (type == BGP_ATTR_AS_PATH)
			prep = path_prepended(s, attrs + off + hl, vl);
		else if (type == BGP_ATTR_COMMUNITIES)
			comm = vl > 0;
	}
	nw = walk_prefixes(s, body + 2, wlen, on_withdraw, 0, 0);
	if (nw < 0)
		return -1;
	na = walk_prefixes(s, nlri, len - 4 - wlen - alen, on_announce, prep,
	    comm);
	if (na < 0)
		return -1;
	s->withdrawn += (size_t)nw;
	s->announced += (size_t)na;
	if (nw == 0 && na == 0 && alen == 0)
		s->eor++;
	return nw + na > 0;
}
