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

#include "core/lib/pfxtable.h"

/*
 * Nodes are named by a 32-bit index, not a pointer: two 4-byte children
 * instead of two 8-byte pointers make an IPv4 node 24 bytes (was 32) and
 * an IPv6 node 40 (was 48), a quarter less for a full table, of which
 * there are several (the Loc-RIB, each update group's Adj-RIB-Out).
 * Index i is slot i & SLAB_MASK of slab i >> SLAB_SHIFT; slot 0 of slab
 * 0 is never handed out, so index 0 is "none".  A node never moves once
 * allocated (only the array of slab pointers grows), so the slot address
 * pfxtable_slot returns stays put.  Freed nodes are threaded through
 * child[0] and reused before the slabs grow; slabs are returned only
 * when the table is freed.
 */
struct pnode {
	uint32_t	 child[2];	/* node indices, 0: none */
	void		*value;		/* NULL: a branch point */
	uint8_t		 len;
	uint32_t	 key[];		/* 1 word for IPv4, 4 for IPv6 */
};

_Static_assert(offsetof(struct pnode, key) + sizeof(uint32_t) <= 24,
    "an IPv4 node must fit in 24 bytes");

/* 2048 nodes: 48 KiB slabs for IPv4, 80 KiB for IPv6. */
#define SLAB_SHIFT	11
#define SLAB_NODES	((size_t)1 << SLAB_SHIFT)
#define SLAB_MASK	((uint32_t)SLAB_NODES - 1)
/* As many slabs as 32-bit indices can name. */
#define MAXSLABS	((size_t)1 << (32 - SLAB_SHIFT))

/* Deepest possible descent: one node per length 0..128. */
#define MAXDEPTH	130

struct pfxtable {
	char		**slabs;
	size_t		  nodesz;	/* bytes per node, a multiple of 8 */
	size_t		  nslabs;
	size_t		  slabcap;	/* entries allocated in slabs[] */
	size_t		  nused;	/* indices handed out, 0 included */
	size_t		  count;
	uint32_t	  root;
	uint32_t	  freelist;
	uint8_t		  af;
	uint8_t		  nwords;
	uint8_t		  maxlen;
};

/* The node of index i (not 0): a shift, a mask, a load, a multiply. */
static inline struct pnode *
node(const struct pfxtable *t, uint32_t i)
{
	return (struct pnode *)(t->slabs[i >> SLAB_SHIFT] +
	    (size_t)(i & SLAB_MASK) * t->nodesz);
}

/*
 * The node of n's child on side b (0 or 1) and, in *ip, its index (0:
 * none, and then the node must not be read).  Both children are
 * translated and one is picked without a branch: the slab lookups
 * overlap reading the bit that picks, which would otherwise add a
 * load's latency to every step of a descent.  Index 0 translates to
 * slot 0 of slab 0, which exists whenever n does.
 */
static inline struct pnode *
node_child(const struct pfxtable *t, const struct pnode *n, unsigned b,
    uint32_t *ip)
{
	uintptr_t	 p0, p1, m;

	p0 = (uintptr_t)node(t, n->child[0]);
	p1 = (uintptr_t)node(t, n->child[1]);
	m = -(uintptr_t)b;
	*ip = n->child[b];
	return (struct pnode *)((p0 & ~m) | (p1 & m));
}

static int
slab_add(struct pfxtable *t)
{
	char	**ns;
	size_t	  cap;

	if (t->nslabs == MAXSLABS)
		return -1;
	if (t->nslabs == t->slabcap) {
		cap = t->slabcap ? t->slabcap * 2 : 4;
		if ((ns = reallocarray(t->slabs, cap, sizeof(*ns))) == NULL)
			return -1;
		t->slabs = ns;
		t->slabcap = cap;
	}
	if ((t->slabs[t->nslabs] = malloc(SLAB_NODES * t->nodesz)) == NULL)
		return -1;
	t->nslabs++;
	return 0;
}

/* A zeroed node and its index in *ip; NULL on allocation failure. */
static struct pnode *
node_alloc(struct pfxtable *t, uint32_t *ip)
{
	struct pnode	*n;
	uint32_t	 i;

	if ((i = t->freelist) != 0) {
		n = node(t, i);
		t->freelist = n->child[0];
	} else {
		if (t->nused == t->nslabs * SLAB_NODES && slab_add(t) == -1)
			return NULL;
		if (t->nused == 0)
			t->nused = 1;		/* index 0 is "none" */
		i = (uint32_t)t->nused++;
		n = node(t, i);
	}
	memset(n, 0, t->nodesz);
	*ip = i;
	return n;
}

static void
node_free(struct pfxtable *t, uint32_t i)
{
	node(t, i)->child[0] = t->freelist;
	t->freelist = i;
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
	/* Rounded to the value pointer's alignment: 24 and 40 bytes. */
	sz = offsetof(struct pnode, key) + t->nwords * sizeof(uint32_t);
	t->nodesz = (sz + _Alignof(struct pnode) - 1) &
	    ~(_Alignof(struct pnode) - 1);
	return t;
}

void
pfxtable_free(struct pfxtable *t, void (*free_cb)(void *))
{
	uint32_t	 stack[2 * MAXDEPTH];
	struct pnode	*n;
	size_t		 sp = 0, i;

	if (t == NULL)
		return;
	if (free_cb != NULL && t->root != 0) {
		stack[sp++] = t->root;
		while (sp > 0) {
			n = node(t, stack[--sp]);
			if (n->value != NULL)
				free_cb(n->value);
			if (n->child[1] != 0)
				stack[sp++] = n->child[1];
			if (n->child[0] != 0)
				stack[sp++] = n->child[0];
		}
	}
	for (i = 0; i < t->nslabs; i++)
		free(t->slabs[i]);
	free(t->slabs);
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
	return sizeof(*t) + t->slabcap * sizeof(*t->slabs) +
	    t->nslabs * SLAB_NODES * t->nodesz;
}

void *
pfxtable_get(const struct pfxtable *t, const struct xprefix *p)
{
	uint32_t		 k[4], i;
	const struct pnode	*n;

	if (!pfx_ok(t, p))
		return NULL;
	key_load(t, &p->addr, p->len, k);
	if ((i = t->root) == 0)
		return NULL;
	for (n = node(t, i); i != 0;
	    n = node_child(t, n, key_bit(k, n->len), &i)) {
		if (n->len > p->len ||
		    key_diff(k, n->key, n->len, t->nwords) < n->len)
			return NULL;
		if (n->len == p->len)
			return n->value;
	}
	return NULL;
}

void
pfxtable_get_many(const struct pfxtable *t, const struct xprefix *const *p,
    size_t n, void **out)
{
	struct {
		uint32_t		 k[4], i;
		const struct pnode	*n;
	}			 s[PFXTABLE_BATCH];
	const struct pnode	*x;
	size_t			 j, live = 0;

	if (n > PFXTABLE_BATCH)
		n = PFXTABLE_BATCH;
	for (j = 0; j < n; j++) {
		out[j] = NULL;
		s[j].i = 0;
		if (!pfx_ok(t, p[j]) || t->root == 0)
			continue;
		key_load(t, &p[j]->addr, p[j]->len, s[j].k);
		s[j].i = t->root;
		s[j].n = node(t, t->root);
		live++;
	}
	/* each descent one node further a round: the next nodes of all of
	   them are fetched at once */
	while (live > 0) {
		for (j = 0; j < n; j++) {
			if (s[j].i == 0)
				continue;
			x = s[j].n;
			if (x->len > p[j]->len || key_diff(s[j].k, x->key,
			    x->len, t->nwords) < x->len) {
				s[j].i = 0;
				live--;
				continue;
			}
			if (x->len == p[j]->len) {
				out[j] = x->value;
				s[j].i = 0;
				live--;
				continue;
			}
			s[j].n = node_child(t, x, key_bit(s[j].k, x->len),
			    &s[j].i);
			if (s[j].i == 0)
				live--;
			else
				__builtin_prefetch(s[j].n);
		}
	}
}

/*
 * The node of p, created (value NULL) if absent: one descent for a get
 * and a put.  NULL on allocation failure.  link points into a node or
 * at the root; allocating never moves nodes, so it stays valid.
 */
static struct pnode *
node_find_or_add(struct pfxtable *t, const struct xprefix *p)
{
	uint32_t	 k[4], *link, ni, li, bi;
	struct pnode	*n, *leaf, *br;
	unsigned	 plen, d, m, b;

	plen = p->len;
	key_load(t, &p->addr, plen, k);
	link = &t->root;
	if ((ni = t->root) != 0)
		n = node(t, ni);
	while (ni != 0) {
		m = n->len < plen ? n->len : plen;
		d = key_diff(k, n->key, m, t->nwords);
		if (d == n->len) {
			if (n->len == plen)
				return n;
			b = key_bit(k, n->len);
			link = &n->child[b];
			n = node_child(t, n, b, &ni);
			continue;
		}
		/* The new prefix goes above n: at n's place or a branch. */
		if ((leaf = node_alloc(t, &li)) == NULL)
			return NULL;
		memcpy(leaf->key, k, t->nwords * sizeof(uint32_t));
		leaf->len = (uint8_t)plen;
		if (d == plen) {
			leaf->child[key_bit(n->key, plen)] = ni;
			*link = li;
		} else {
			if ((br = node_alloc(t, &bi)) == NULL) {
				node_free(t, li);
				return NULL;
			}
			memcpy(br->key, k, t->nwords * sizeof(uint32_t));
			key_mask(br->key, d, t->nwords);
			br->len = (uint8_t)d;
			br->child[key_bit(k, d)] = li;
			br->child[!key_bit(k, d)] = ni;
			*link = bi;
		}
		return leaf;
	}
	if ((leaf = node_alloc(t, &li)) == NULL)
		return NULL;
	memcpy(leaf->key, k, t->nwords * sizeof(uint32_t));
	leaf->len = (uint8_t)plen;
	*link = li;
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
	uint32_t	 k[4], *links[MAXDEPTH], ni, pi;
	struct pnode	*n, *parent;
	size_t		 depth = 0;
	unsigned	 b;

	*v = NULL;
	if (!pfx_ok(t, p) || (ni = t->root) == 0)
		return 0;
	key_load(t, &p->addr, p->len, k);
	links[0] = &t->root;
	for (n = node(t, ni); ni != 0; n = node_child(t, n, b, &ni)) {
		if (n->len > p->len ||
		    key_diff(k, n->key, n->len, t->nwords) < n->len)
			return 0;
		if (n->len == p->len)
			break;
		b = key_bit(k, n->len);
		links[++depth] = &n->child[b];
	}
	if (ni == 0)
		return 0;
	if ((n->value == NULL) != (slot != 0))
		return 0;
	*v = n->value;
	n->value = NULL;
	t->count--;
	if (n->child[0] != 0 && n->child[1] != 0)
		return 1;		/* still a branch point */
	*links[depth] = n->child[0] != 0 ? n->child[0] : n->child[1];
	node_free(t, ni);
	if (*links[depth] != 0 || depth == 0)
		return 1;
	/* n was a leaf: a valueless parent is left with one child. */
	pi = *links[depth - 1];
	parent = node(t, pi);
	if (parent->value == NULL) {
		*links[depth - 1] = parent->child[0] != 0 ? parent->child[0] :
		    parent->child[1];
		node_free(t, pi);
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
	uint32_t		 k[4], i;
	const struct pnode	*n, *best = NULL;

	if (a == NULL || a->af != t->af)
		return NULL;
	key_load(t, a, t->maxlen, k);
	if ((i = t->root) == 0)
		return NULL;
	for (n = node(t, i); i != 0;
	    n = node_child(t, n, key_bit(k, n->len), &i)) {
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

/* Pre-order from top (0: none); the stack holds the pending subtrees. */
static int
walk_from(const struct pfxtable *t, uint32_t top, pfxtable_cb cb,
    void *arg)
{
	uint32_t		 stack[2 * MAXDEPTH], i;
	const struct pnode	*n;
	struct xprefix		 p;
	size_t			 sp = 0;
	int			 rc;

	if (top != 0)
		stack[sp++] = top;
	while (sp > 0) {
		/* Straight on down child 0; child 1 waits on the stack. */
		for (i = stack[--sp]; i != 0; i = n->child[0]) {
			n = node(t, i);
			if (n->value != NULL) {
				node_prefix(t, n, &p);
				if ((rc = cb(&p, n->value, arg)) != 0)
					return rc;
			}
			if (n->child[1] != 0)
				stack[sp++] = n->child[1];
		}
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
	uint32_t		 k[4], i;
	const struct pnode	*n = NULL;

	if (!pfx_ok(t, within))
		return 0;
	key_load(t, &within->addr, within->len, k);
	/* The subtree is the first node at or below within's length. */
	for (i = t->root; i != 0; i = n->child[key_bit(k, n->len)]) {
		n = node(t, i);
		if (n->len >= within->len)
			break;
		if (key_diff(k, n->key, n->len, t->nwords) < n->len)
			return 0;
	}
	if (i == 0 ||
	    key_diff(k, n->key, within->len, t->nwords) < within->len)
		return 0;
	return walk_from(t, i, cb, arg);
}

int
pfxtable_walk_covering(const struct pfxtable *t, const struct xprefix *p,
    pfxtable_cb cb, void *arg)
{
	uint32_t		 k[4], i;
	const struct pnode	*n;
	struct xprefix		 q;
	int			 rc;

	if (!pfx_ok(t, p) || (i = t->root) == 0)
		return 0;
	key_load(t, &p->addr, p->len, k);
	for (n = node(t, i); i != 0;
	    n = node_child(t, n, key_bit(k, n->len), &i)) {
		if (n->len > p->len ||
		    key_diff(k, n->key, n->len, t->nwords) < n->len)
			break;
		if (n->value != NULL) {
			node_prefix(t, n, &q);
			if ((rc = cb(&q, n->value, arg)) != 0)
				return rc;
		}
		if (n->len == p->len)
			break;
	}
	return 0;
}

/* First node holding a value in pre-order from i (0: none). */
static const struct pnode *
first_in(const struct pfxtable *t, uint32_t i)
{
	const struct pnode	*n;

	/*
	 * A valueless node has both children unless it is a created slot
	 * not yet filled: the test is predictable, and a plain branch is
	 * quicker here than node_child's select.
	 */
	while (i != 0) {
		n = node(t, i);
		if (n->value != NULL)
			return n;
		i = n->child[0] != 0 ? n->child[0] : n->child[1];
	}
	return NULL;
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
	const struct pnode	*n = NULL;
	uint32_t		 i = t->root, cand = 0;
	unsigned		 m, d, b;

	if (i != 0)
		n = node(t, i);
	while (i != 0) {
		m = n->len < klen ? n->len : klen;
		d = key_diff(k, n->key, m, t->nwords);
		if (d < m) {
			/* Diverge at d: n's subtree is wholly after or before. */
			return first_in(t, key_bit(k, d) == 0 ? i : cand);
		}
		if (n->len > klen)
			return first_in(t, i);	/* inside k: all after it */
		if (n->len == klen) {
			if (!strict && n->value != NULL)
				return n;
			if (n->child[0] != 0)
				return first_in(t, n->child[0]);
			if (n->child[1] != 0)
				return first_in(t, n->child[1]);
			return first_in(t, cand);
		}
		/* n contains k: n is before it, go on down. */
		b = key_bit(k, n->len);
		if (b == 0 && n->child[1] != 0)
			cand = n->child[1];
		n = node_child(t, n, b, &i);
	}
	return first_in(t, cand);
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
