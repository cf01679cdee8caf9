/*
 * pfxtable: path-compressed binary trie; see pfxtable.h.
 *
 * Every node carries its full key (masked to its length), so a descent
 * checks each node it passes and never has to backtrack.  A node holds a
 * value, or it is a branch point with exactly two children; deleting
 * keeps that invariant, so the trie never holds more than 2n - 1 nodes
 * for n prefixes.  Pre-order (node, child 0, child 1) is exactly the
 * (address, length) order XR prints: a node's address is the smallest in
 * its subtree, and a longer prefix at the same address lies below it.
 *
 * Keys are host-order 32-bit words, bit 0 the most significant bit of
 * word 0, so a comparison is a XOR and a count of leading zeros per word.
 */
#include <stdlib.h>
#include <string.h>

#include "core/bgp/pfxtable.h"

struct pnode {
	struct pnode	*child[2];
	void		*value;		/* NULL: a branch point */
	uint8_t		 len;
	uint32_t	 key[];		/* 1 word for IPv4, 4 for IPv6 */
};

/*
 * Nodes come from slabs: one malloc per 64 KiB instead of per node saves
 * the allocator's header (16 bytes on glibc, half a 32-byte node) and
 * keeps neighbours close.  Freed nodes go on a list threaded through
 * child[0]; slabs are returned only when the table is freed.
 */
#define SLAB_BYTES	65536

struct slab {
	struct slab	*next;
	/* nodes follow, 8-byte aligned */
};

/* Deepest possible descent: one node per length 0..128. */
#define MAXDEPTH	130

struct pfxtable {
	struct pnode	*root;
	size_t		 count;
	uint8_t		 af;
	uint8_t		 nwords;
	uint8_t		 maxlen;
	size_t		 nodesz;
	struct slab	*slabs;
	size_t		 nslabs;
	char		*bump;		/* next unused node in slabs */
	char		*bump_end;
	struct pnode	*freelist;
};

static struct pnode *
node_alloc(struct pfxtable *t)
{
	struct pnode	*n;
	struct slab	*s;

	if ((n = t->freelist) != NULL)
		t->freelist = n->child[0];
	else {
		if (t->bump == NULL || t->bump_end - t->bump <
		    (ptrdiff_t)t->nodesz) {
			if ((s = malloc(SLAB_BYTES)) == NULL)
				return NULL;
			s->next = t->slabs;
			t->slabs = s;
			t->nslabs++;
			t->bump = (char *)s + sizeof(*s);
			t->bump_end = (char *)s + SLAB_BYTES;
		}
		n = (struct pnode *)t->bump;
		t->bump += t->nodesz;
	}
	memset(n, 0, t->nodesz);
	return n;
}

static void
node_free(struct pfxtable *t, struct pnode *n)
{
	n->child[0] = t->freelist;
	t->freelist = n;
}

static inline int
key_bit(const uint32_t *k, unsigned i)
{
	return (k[i >> 5] >> (31 - (i & 31))) & 1;
}

/* First bit where a and b differ, or limit if the first limit bits agree. */
static inline unsigned
key_diff(const uint32_t *a, const uint32_t *b, unsigned limit, unsigned nw)
{
	unsigned	 w, d;
	uint32_t	 x;

	for (w = 0; w < nw && w * 32 < limit; w++) {
		if ((x = a[w] ^ b[w]) != 0) {
			d = w * 32 + (unsigned)__builtin_clz(x);
			return d < limit ? d : limit;
		}
	}
	return limit;
}

/* Clears the bits from len on. */
static void
key_mask(uint32_t *k, unsigned len, unsigned nw)
{
	unsigned	 w;

	for (w = 0; w < nw; w++) {
		if (len <= 32 * w)
			k[w] = 0;
		else if (len < 32 * (w + 1))
			k[w] &= ~(UINT32_MAX >> (len - 32 * w));
	}
}

/* Host-order words of addr, bits from len on cleared. */
static void
key_load(const struct pfxtable *t, const struct xaddr *addr, unsigned len,
    uint32_t *k)
{
	unsigned	 w;
	const uint8_t	*a = addr->a;

	for (w = 0; w < t->nwords; w++)
		k[w] = (uint32_t)a[4 * w] << 24 | (uint32_t)a[4 * w + 1] << 16 |
		    (uint32_t)a[4 * w + 2] << 8 | a[4 * w + 3];
	key_mask(k, len, t->nwords);
}

static void
node_prefix(const struct pfxtable *t, const struct pnode *n,
    struct xprefix *p)
{
	unsigned	 w;

	memset(p, 0, sizeof(*p));
	p->addr.af = t->af;
	p->len = n->len;
	for (w = 0; w < t->nwords; w++) {
		p->addr.a[4 * w] = (uint8_t)(n->key[w] >> 24);
		p->addr.a[4 * w + 1] = (uint8_t)(n->key[w] >> 16);
		p->addr.a[4 * w + 2] = (uint8_t)(n->key[w] >> 8);
		p->addr.a[4 * w + 3] = (uint8_t)n->key[w];
	}
}

static int
pfx_ok(const struct pfxtable *t, const struct xprefix *p)
{
	return p != NULL && p->addr.af == t->af && p->len <= t->maxlen;
}

struct pfxtable *
pfxtable_new(uint8_t af)
{
	struct pfxtable	*t;
	size_t		 sz;

	if (af != AF_V4 && af != AF_V6)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->af = af;
	t->nwords = af == AF_V4 ? 1 : 4;
	t->maxlen = af == AF_V4 ? 32 : 128;
	sz = offsetof(struct pnode, key) + t->nwords * sizeof(uint32_t);
	t->nodesz = (sz + 7) & ~(size_t)7;
	return t;
}

void
pfxtable_free(struct pfxtable *t, void (*free_cb)(void *))
{
	struct pnode	*stack[2 * MAXDEPTH], *n;
	struct slab	*s;
	size_t		 sp = 0;

	if (t == NULL)
		return;
	if (free_cb != NULL && t->root != NULL) {
		stack[sp++] = t->root;
		while (sp > 0) {
			n = stack[--sp];
			if (n->value != NULL)
				free_cb(n->value);
			if (n->child[1] != NULL)
				stack[sp++] = n->child[1];
			if (n->child[0] != NULL)
				stack[sp++] = n->child[0];
		}
	}
	while ((s = t->slabs) != NULL) {
		t->slabs = s->next;
		free(s);
	}
	free(t);
}

uint8_t
pfxtable_af(const struct pfxtable *t)
{
	return t->af;
}

size_t
pfxtable_count(const struct pfxtable *t)
{
	return t->count;
}

size_t
pfxtable_memory(const struct pfxtable *t)
{
	return sizeof(*t) + t->nslabs * SLAB_BYTES;
}

void *
pfxtable_get(const struct pfxtable *t, const struct xprefix *p)
{
	uint32_t		 k[4];
	const struct pnode	*n;

	if (!pfx_ok(t, p))
		return NULL;
	key_load(t, &p->addr, p->len, k);
	for (n = t->root; n != NULL && n->len <= p->len;
	    n = n->child[key_bit(k, n->len)]) {
		if (key_diff(k, n->key, n->len, t->nwords) < n->len)
			return NULL;
		if (n->len == p->len)
			return n->value;
	}
	return NULL;
}

/*
 * The node of p, created (value NULL) if absent: one descent for a get
 * and a put.  NULL on allocation failure.
 */
static struct pnode *
node_find_or_add(struct pfxtable *t, const struct xprefix *p)
{
	uint32_t	 k[4];
	struct pnode	**link, *n, *leaf, *br;
	unsigned	 plen, d, m;

	plen = p->len;
	key_load(t, &p->addr, plen, k);
	link = &t->root;
	while ((n = *link) != NULL) {
		m = n->len < plen ? n->len : plen;
		d = key_diff(k, n->key, m, t->nwords);
		if (d == n->len) {
			if (n->len == plen)
				return n;
			link = &n->child[key_bit(k, n->len)];
			continue;
		}
		/* The new prefix goes above n: at n's place or a branch. */
		if ((leaf = node_alloc(t)) == NULL)
			return NULL;
		memcpy(leaf->key, k, t->nwords * sizeof(uint32_t));
		leaf->len = (uint8_t)plen;
		if (d == plen) {
			leaf->child[key_bit(n->key, plen)] = n;
			*link = leaf;
		} else {
			if ((br = node_alloc(t)) == NULL) {
				node_free(t, leaf);
				return NULL;
			}
			memcpy(br->key, k, t->nwords * sizeof(uint32_t));
			key_mask(br->key, d, t->nwords);
			br->len = (uint8_t)d;
			br->child[key_bit(k, d)] = leaf;
			br->child[!key_bit(k, d)] = n;
			*link = br;
		}
		return leaf;
	}
	if ((leaf = node_alloc(t)) == NULL)
		return NULL;
	memcpy(leaf->key, k, t->nwords * sizeof(uint32_t));
	leaf->len = (uint8_t)plen;
	*link = leaf;
	return leaf;
}

int
pfxtable_put(struct pfxtable *t, const struct xprefix *p, void *value,
    void **old)
{
	struct pnode	*n;

	if (old != NULL)
		*old = NULL;
	if (!pfx_ok(t, p) || value == NULL)
		return -1;
	if ((n = node_find_or_add(t, p)) == NULL)
		return -1;
	if (n->value == NULL)
		t->count++;
	else if (old != NULL)
		*old = n->value;
	n->value = value;
	return 0;
}

void **
pfxtable_slot(struct pfxtable *t, const struct xprefix *p, int *created)
{
	struct pnode	*n;

	if (created != NULL)
		*created = 0;
	if (!pfx_ok(t, p) || (n = node_find_or_add(t, p)) == NULL)
		return NULL;
	if (n->value == NULL) {
		/* counted now: the caller fills it or undoes it */
		t->count++;
		if (created != NULL)
			*created = 1;
	}
	return &n->value;
}

/*
 * Removes p and the nodes that no longer hold a value or branch; 1 if it
 * did, *v the value.  With slot, p must be an empty counted slot (see
 * pfxtable_slot), otherwise a stored value.
 */
static int
node_remove(struct pfxtable *t, const struct xprefix *p, int slot, void **v)
{
	uint32_t	 k[4];
	struct pnode	**links[MAXDEPTH], *n, *parent, *other;
	size_t		 depth = 0;

	*v = NULL;
	if (!pfx_ok(t, p))
		return 0;
	key_load(t, &p->addr, p->len, k);
	links[0] = &t->root;
	for (;;) {
		if ((n = *links[depth]) == NULL || n->len > p->len ||
		    key_diff(k, n->key, n->len, t->nwords) < n->len)
			return 0;
		if (n->len == p->len)
			break;
		links[depth + 1] = &n->child[key_bit(k, n->len)];
		depth++;
	}
	if ((n->value == NULL) != (slot != 0))
		return 0;
	*v = n->value;
	n->value = NULL;
	t->count--;
	if (n->child[0] != NULL && n->child[1] != NULL)
		return 1;		/* still a branch point */
	*links[depth] = n->child[0] != NULL ? n->child[0] : n->child[1];
	node_free(t, n);
	if (*links[depth] != NULL || depth == 0)
		return 1;
	/* n was a leaf: a valueless parent is left with one child. */
	parent = *links[depth - 1];
	if (parent->value == NULL) {
		other = parent->child[0] != NULL ? parent->child[0] :
		    parent->child[1];
		*links[depth - 1] = other;
		node_free(t, parent);
	}
	return 1;
}

void *
pfxtable_del(struct pfxtable *t, const struct xprefix *p)
{
	void	*v;

	node_remove(t, p, 0, &v);
	return v;
}

int
pfxtable_slot_undo(struct pfxtable *t, const struct xprefix *p)
{
	void	*v;

	return node_remove(t, p, 1, &v) ? 0 : -1;
}

void *
pfxtable_match(const struct pfxtable *t, const struct xaddr *a,
    struct xprefix *match)
{
	uint32_t		 k[4];
	const struct pnode	*n, *best = NULL;

	if (a == NULL || a->af != t->af)
		return NULL;
	key_load(t, a, t->maxlen, k);
	for (n = t->root; n != NULL; n = n->child[key_bit(k, n->len)]) {
		if (key_diff(k, n->key, n->len, t->nwords) < n->len)
			break;
		if (n->value != NULL)
			best = n;
		if (n->len == t->maxlen)
			break;
	}
	if (best == NULL)
		return NULL;
	if (match != NULL)
		node_prefix(t, best, match);
	return best->value;
}

/* Pre-order from top; the stack holds the pending subtrees. */
static int
walk_from(const struct pfxtable *t, struct pnode *top, pfxtable_cb cb,
    void *arg)
{
	struct pnode	*stack[2 * MAXDEPTH], *n;
	struct xprefix	 p;
	size_t		 sp = 0;
	int		 rc;

	if (top != NULL)
		stack[sp++] = top;
	while (sp > 0) {
		n = stack[--sp];
		if (n->value != NULL) {
			node_prefix(t, n, &p);
			if ((rc = cb(&p, n->value, arg)) != 0)
				return rc;
		}
		if (n->child[1] != NULL)
			stack[sp++] = n->child[1];
		if (n->child[0] != NULL)
			stack[sp++] = n->child[0];
	}
	return 0;
}

int
pfxtable_walk(const struct pfxtable *t, pfxtable_cb cb, void *arg)
{
	return walk_from(t, t->root, cb, arg);
}

int
pfxtable_walk_subtree(const struct pfxtable *t, const struct xprefix *within,
    pfxtable_cb cb, void *arg)
{
	uint32_t	 k[4];
	struct pnode	*n;

	if (!pfx_ok(t, within))
		return 0;
	key_load(t, &within->addr, within->len, k);
	/* The subtree is the first node at or below within's length. */
	for (n = t->root; n != NULL && n->len < within->len;
	    n = n->child[key_bit(k, n->len)])
		if (key_diff(k, n->key, n->len, t->nwords) < n->len)
			return 0;
	if (n == NULL ||
	    key_diff(k, n->key, within->len, t->nwords) < within->len)
		return 0;
	return walk_from(t, n, cb, arg);
}

/* First node holding a value in pre-order from n. */
static const struct pnode *
first_in(const struct pnode *n)
{
	while (n != NULL && n->value == NULL)
		n = n->child[0] != NULL ? n->child[0] : n->child[1];
	return n;
}

/*
 * The first stored prefix after (k, klen) in (address, length) order, or
 * at it unless strict.  (k, klen) need not be stored.  One descent: cand
 * is the subtree that follows everything seen so far in pre-order (the
 * child 1 of the deepest node where the descent went to child 0).
 */
static const struct pnode *
seek(const struct pfxtable *t, const uint32_t *k, unsigned klen, int strict)
{
	const struct pnode	*n = t->root, *cand = NULL;
	unsigned		 m, d, b;

	while (n != NULL) {
		m = n->len < klen ? n->len : klen;
		d = key_diff(k, n->key, m, t->nwords);
		if (d < m) {
			/* Diverge at d: n's subtree is wholly after or before. */
			return key_bit(k, d) == 0 ? first_in(n) : first_in(cand);
		}
		if (n->len > klen)
			return first_in(n);	/* inside k: all after it */
		if (n->len == klen) {
			if (!strict && n->value != NULL)
				return n;
			if (n->child[0] != NULL)
				return first_in(n->child[0]);
			if (n->child[1] != NULL)
				return first_in(n->child[1]);
			return first_in(cand);
		}
		/* n contains k: n is before it, go on down. */
		b = key_bit(k, n->len);
		if (b == 0 && n->child[1] != NULL)
			cand = n->child[1];
		n = n->child[b];
	}
	return first_in(cand);
}

void
pfxtable_cursor_init(struct pfxtable_cursor *c, const struct xprefix *within)
{
	memset(c, 0, sizeof(*c));
	if (within != NULL) {
		c->scope = *within;
		prefix_mask(&c->scope);
		c->scoped = 1;
	}
}

int
pfxtable_cursor_next(const struct pfxtable *t, struct pfxtable_cursor *c,
    struct xprefix *p, void **value)
{
	uint32_t		 k[4], sk[4];
	const struct pnode	*n;

	if (c->done)
		return 0;
	if (c->scoped && !pfx_ok(t, &c->scope)) {
		c->done = 1;
		return 0;
	}
	memset(k, 0, sizeof(k));
	if (c->started)
		key_load(t, &c->last.addr, c->last.len, k);
	else if (c->scoped)
		key_load(t, &c->scope.addr, c->scope.len, k);
	n = seek(t, k, c->started ? c->last.len :
	    c->scoped ? c->scope.len : 0, c->started);
	if (n != NULL && c->scoped) {
		key_load(t, &c->scope.addr, c->scope.len, sk);
		if (n->len < c->scope.len || key_diff(sk, n->key,
		    c->scope.len, t->nwords) < c->scope.len)
			n = NULL;
	}
	if (n == NULL) {
		c->done = 1;
		return 0;
	}
	node_prefix(t, n, &c->last);
	c->started = 1;
	if (p != NULL)
		*p = c->last;
	if (value != NULL)
		*value = n->value;
	return 1;
}
