/*
 * updpack: grouping pending announcements by attribute set and encoding
 * each group in one codec call (see updpack.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/proto.h"
#include "core/bgp/updpack.h"

void
updpack_init(struct updpack *u)
{
	memset(u, 0, sizeof(*u));
}

void
updpack_reset(struct updpack *u)
{
	size_t	 i;

	for (i = 0; i < u->nsets; i++) {
		bgp_attrs_unref(u->sets[i].attrs);
		u->sets[i].attrs = NULL;
		u->sets[i].n = 0;
	}
	u->nsets = 0;
	if (u->index != NULL)
		memset(u->index, 0, u->capindex * sizeof(*u->index));
	u->nwd = 0;
	u->npfx = 0;
}

void
updpack_free(struct updpack *u)
{
	size_t	 i;

	updpack_reset(u);
	for (i = 0; i < u->capsets; i++) {
		free(u->sets[i].pfx);
		free(u->sets[i].pid);
	}
	free(u->sets);
	free(u->index);
	free(u->wd);
	free(u->wdpid);
	memset(u, 0, sizeof(*u));
}

static size_t
ptr_hash(const void *p)
{
	uint64_t	 x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* The slot of attrs in the index: its entry, or the empty one to use. */
static size_t
index_slot(const struct updpack *u, const struct bgp_attrs *a)
{
	size_t	 mask = u->capindex - 1, h = ptr_hash(a) & mask;

	while (u->index[h] != 0 && u->sets[u->index[h] - 1].attrs != a)
		h = (h + 1) & mask;
	return h;
}

/* Keeps the index at most half full. */
static int
index_grow(struct updpack *u)
{
	size_t	*old = u->index, oldcap = u->capindex, i, h;

	if (u->capindex != 0 && (u->nsets + 1) * 2 <= u->capindex)
		return 0;
	u->capindex = oldcap ? oldcap * 2 : 64;
	if ((u->index = calloc(u->capindex, sizeof(*u->index))) == NULL) {
		u->index = old;
		u->capindex = oldcap;
		return -1;
	}
	for (i = 0; i < u->nsets; i++) {
		h = index_slot(u, u->sets[i].attrs);
		u->index[h] = i + 1;
	}
	free(old);
	return 0;
}

static int
pfx_push(struct xprefix **v, size_t *n, size_t *cap, const struct xprefix *p)
{
	struct xprefix	*nv;
	size_t		 ncap;

	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if ((nv = reallocarray(*v, ncap, sizeof(*nv))) == NULL)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = *p;
	return 0;
}

/*
 * Path id i of an array that follows a prefix array of capacity cap.  No
 * array while every id is 0; once there is one it grows with the prefix
 * array (new room zeroed) and every push writes its slot.
 */
static int
pid_set(uint32_t **pv, size_t oldcap, size_t cap, size_t i, uint32_t pid)
{
	uint32_t	*nv;

	if (*pv == NULL && pid == 0)
		return 0;
	if (*pv == NULL)
		oldcap = 0;
	if (*pv == NULL || oldcap < cap) {
		if ((nv = reallocarray(*pv, cap, sizeof(*nv))) == NULL)
			return -1;
		memset(nv + oldcap, 0, (cap - oldcap) * sizeof(*nv));
		*pv = nv;
	}
	(*pv)[i] = pid;
	return 0;
}

int
updpack_announce(struct updpack *u, struct bgp_attrs *a,
    const struct xprefix *p)
{
	return updpack_announce_pid(u, a, p, 0);
}

int
updpack_announce_pid(struct updpack *u, struct bgp_attrs *a,
    const struct xprefix *p, uint32_t pid)
{
	size_t	 oldcap;
	struct updpack_set	*s, *ns;
	size_t			 h, ncap;

	if (a == NULL || index_grow(u) == -1)
		return -1;
	h = index_slot(u, a);
	if (u->index[h] == 0) {
		if (u->nsets == u->capsets) {
			ncap = u->capsets ? u->capsets * 2 : 8;
			if ((ns = reallocarray(u->sets, ncap,
			    sizeof(*ns))) == NULL)
				return -1;
			memset(ns + u->capsets, 0,
			    (ncap - u->capsets) * sizeof(*ns));
			u->sets = ns;
			u->capsets = ncap;
		}
		s = &u->sets[u->nsets];
		oldcap = s->cap;
		if (pfx_push(&s->pfx, &s->n, &s->cap, p) == -1)
			return -1;
		if (pid_set(&s->pid, oldcap, s->cap, s->n - 1, pid) == -1) {
			s->n--;
			return -1;
		}
		s->attrs = bgp_attrs_ref(a);
		u->index[h] = ++u->nsets;
	} else {
		s = &u->sets[u->index[h] - 1];
		oldcap = s->cap;
		if (pfx_push(&s->pfx, &s->n, &s->cap, p) == -1)
			return -1;
		if (pid_set(&s->pid, oldcap, s->cap, s->n - 1, pid) == -1) {
			s->n--;
			return -1;
		}
	}
	u->npfx++;
	return 0;
}

int
updpack_withdraw(struct updpack *u, const struct xprefix *p)
{
	return updpack_withdraw_pid(u, p, 0);
}

int
updpack_withdraw_pid(struct updpack *u, const struct xprefix *p, uint32_t pid)
{
	size_t	 oldcap = u->capwd;

	if (pfx_push(&u->wd, &u->nwd, &u->capwd, p) == -1)
		return -1;
	if (pid_set(&u->wdpid, oldcap, u->capwd, u->nwd - 1, pid) == -1) {
		u->nwd--;
		return -1;
	}
	return 0;
}

size_t
updpack_count(const struct updpack *u)
{
	return u->npfx + u->nwd;
}

int
updpack_next_msg(const struct wbuf *b, size_t *off, const uint8_t **msg,
    size_t *len)
{
	size_t	 mlen;

	if (*off + BGP_HDR_LEN > b->len)
		return 0;
	mlen = (size_t)b->buf[*off + 16] << 8 | b->buf[*off + 17];
	if (mlen < BGP_HDR_LEN || *off + mlen > b->len)
		return 0;
	*msg = b->buf + *off;
	*len = mlen;
	*off += mlen;
	return 1;
}

static size_t
count_msgs(const struct wbuf *b, size_t from)
{
	const uint8_t	*m;
	size_t		 off = from, len, n = 0;

	while (updpack_next_msg(b, &off, &m, &len))
		n++;
	return n;
}

int
updpack_encode(const struct updpack *u, const struct bgp_codec_ctx *ctx,
    struct wbuf *out, struct updpack_stats *st)
{
	struct updpack_stats	 dummy;
	const struct updpack_set *s;
	size_t			 start = out->len, i;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	if (u->nwd > 0) {
		if (bgp_update_encode_withdraw_ap(out, ctx, u->wd, u->wdpid,
		    u->nwd) == -1)
			goto fail;
		st->withdrawn += u->nwd;
	}
	for (i = 0; i < u->nsets; i++) {
		s = &u->sets[i];
		if (s->n == 0)
			continue;
		if (bgp_update_encode_announce_ap(out, ctx, s->attrs, s->pfx,
		    s->pid, s->n) == 0) {
			st->announced += s->n;
			continue;
		}
		if (out->oom)
			goto fail;
		/*
		 * The attributes alone exceed the message (or there is no
		 * next hop to put in MP_REACH): the neighbor can't have the
		 * new path, so it must not keep the old one either.
		 */
		if (bgp_update_encode_withdraw_ap(out, ctx, s->pfx, s->pid,
		    s->n) == -1)
			goto fail;
		st->withdrawn += s->n;
		st->unsendable += s->n;
	}
	st->msgs = count_msgs(out, start);
	return 0;
fail:
	st->msgs = count_msgs(out, start);
	return -1;
}
