/*
 * pfxtrie: path-compressed binary trie for prefix-set matching; see
 * pfxtrie.h.  Keys are 128-bit (two host-order words, IPv4 in the top 32
 * bits of the first), so both families share the code.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rpl/pfxtrie.h"

struct pfxtrie_node {
	uint64_t	 key[2];	/* bits beyond len are zero */
	uint64_t	 lo;		/* copy of masks[mask - 1][0]: lengths
					   0..63 without a second load */
	uint32_t	 child[2];
	uint32_t	 mask;		/* 1 + index into masks; 0 = no entry */
	uint8_t		 len;
};

static void
key_of(const struct xaddr *a, uint64_t k[2])
{
	unsigned	 i;

	k[0] = k[1] = 0;
	if (a->af == AF_V4) {
		k[0] = ((uint64_t)a->a[0] << 56) | ((uint64_t)a->a[1] << 48) |
		    ((uint64_t)a->a[2] << 40) | ((uint64_t)a->a[3] << 32);
		return;
	}
	for (i = 0; i < 8; i++) {
		k[0] = (k[0] << 8) | a->a[i];
		k[1] = (k[1] << 8) | a->a[i + 8];
	}
}

static inline int
key_bit(const uint64_t k[2], unsigned i)
{
	return i < 64 ? (int)((k[0] >> (63 - i)) & 1) :
	    (int)((k[1] >> (127 - i)) & 1);
}

/* 1 if the first len bits of a and b agree. */
static inline int
key_eq(const uint64_t a[2], const uint64_t b[2], unsigned len)
{
	if (len == 0)
		return 1;
	if (len <= 64)
		return ((a[0] ^ b[0]) >> (64 - len)) == 0;
	return a[0] == b[0] && ((a[1] ^ b[1]) >> (128 - len)) == 0;
}

static unsigned
key_common(const uint64_t a[2], const uint64_t b[2], unsigned max)
{
	uint64_t	 x = a[0] ^ b[0];
	unsigned	 c;

	if (x != 0)
		c = (unsigned)__builtin_clzll(x);
	else if ((x = a[1] ^ b[1]) != 0)
		c = 64 + (unsigned)__builtin_clzll(x);
	else
		c = 128;
	return c < max ? c : max;
}

static void
key_mask(uint64_t k[2], unsigned len)
{
	if (len == 0) {
		k[0] = k[1] = 0;
	} else if (len < 64) {
		k[0] &= ~0ULL << (64 - len);
		k[1] = 0;
	} else if (len == 64) {
		k[1] = 0;
	} else if (len < 128) {
		k[1] &= ~0ULL << (128 - len);
	}
}

void
pfxtrie_init(struct pfxtrie *t)
{
	memset(t, 0, sizeof(*t));
}

void
pfxtrie_free(struct pfxtrie *t)
{
	free(t->nodes);
	free(t->masks);
	free(t->jump);
	free(t->jump_used);
	free(t->sub);
	free(t->sub_node);
	memset(t, 0, sizeof(*t));
}

/* Drops the shortcuts: they describe the shape the trie had. */
static void
shortcut_free(struct pfxtrie *t)
{
	free(t->jump);
	free(t->jump_used);
	free(t->sub);
	free(t->sub_node);
	t->jump = t->sub = NULL;
	t->jump_used = NULL;
	t->sub_node = NULL;
	t->nsub = 0;
}

/* Returns the index of a new node, 0 on allocation failure. */
static uint32_t
node_new(struct pfxtrie *t, const uint64_t k[2], unsigned len)
{
	struct pfxtrie_node	*n;
	uint32_t		 cap;

	if (t->nnodes == 0)
		t->nnodes = 1;		/* index 0 means "none" */
	if (t->nnodes >= t->capnodes) {
		cap = t->capnodes ? t->capnodes * 2 : 64;
		n = reallocarray(t->nodes, cap, sizeof(*n));
		if (n == NULL)
			return 0;
		t->nodes = n;
		t->capnodes = cap;
	}
	n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->key[0] = k[0];
	n->key[1] = k[1];
	key_mask(n->key, len);
	n->len = (uint8_t)len;
	return t->nnodes++;
}

static void
link_set(struct pfxtrie *t, int fam, uint32_t parent, int dir, uint32_t v)
{
	if (parent == 0)
		t->root[fam] = v;
	else
		t->nodes[parent].child[dir] = v;
}

/*
 * Finds or creates the node for k/len; 0 on allocation failure.  Links
 * are kept as (parent, direction) because node_new() may move the array.
 */
static uint32_t
node_get(struct pfxtrie *t, int fam, const uint64_t k[2], unsigned len)
{
	uint32_t	 parent = 0, idx, nn, glue;
	unsigned	 common, nlen;
	uint64_t	 nkey[2];
	int		 dir = 0;

	for (;;) {
		idx = parent == 0 ? t->root[fam] : t->nodes[parent].child[dir];
		if (idx == 0) {
			if ((nn = node_new(t, k, len)) == 0)
				return 0;
			link_set(t, fam, parent, dir, nn);
			return nn;
		}
		nlen = t->nodes[idx].len;
		nkey[0] = t->nodes[idx].key[0];
		nkey[1] = t->nodes[idx].key[1];
		common = key_common(nkey, k, nlen < len ? nlen : len);
		if (common == nlen) {
			if (nlen == len)
				return idx;
			parent = idx;
			dir = key_bit(k, nlen);
			continue;
		}
		/* idx diverges from k below common: insert above it */
		if (common == len) {
			if ((nn = node_new(t, k, len)) == 0)
				return 0;
			t->nodes[nn].child[key_bit(nkey, len)] = idx;
			link_set(t, fam, parent, dir, nn);
			return nn;
		}
		if ((glue = node_new(t, k, common)) == 0)
			return 0;
		if ((nn = node_new(t, k, len)) == 0)
			return 0;
		t->nodes[glue].child[key_bit(nkey, common)] = idx;
		t->nodes[glue].child[key_bit(k, common)] = nn;
		link_set(t, fam, parent, dir, glue);
		return nn;
	}
}

int
pfxtrie_add(struct pfxtrie *t, const struct xprefix *p, unsigned ge,
    unsigned le)
{
	uint64_t	 k[2];
	uint32_t	 idx, m;
	unsigned	 max = p->addr.af == AF_V4 ? 32 : 128, i;
	int		 fam = p->addr.af == AF_V4 ? 0 : 1;
	void		*nm;

	if (p->len > max)
		return -1;
	shortcut_free(t);
	if (le > max)
		le = max;
	key_of(&p->addr, k);
	if (fam == 0)
		k[1] = 0;
	/* an IPv4 key sits in the top bits; lengths stay IPv4 lengths */
	if ((idx = node_get(t, fam, k, p->len)) == 0)
		return -1;
	if (t->nodes[idx].mask == 0) {
		if (t->nmasks >= t->capmasks) {
			uint32_t cap = t->capmasks ? t->capmasks * 2 : 32;

			nm = reallocarray(t->masks, cap, sizeof(t->masks[0]));
			if (nm == NULL)
				return -1;
			t->masks = nm;
			t->capmasks = cap;
		}
		memset(t->masks[t->nmasks], 0, sizeof(t->masks[0]));
		t->nodes[idx].mask = ++t->nmasks;
	}
	m = t->nodes[idx].mask - 1;
	for (i = ge; i <= le; i++)
		t->masks[m][i >> 6] |= 1ULL << (i & 63);
	t->nodes[idx].lo = t->masks[m][0];
	t->nentries++;
	return 0;
}

/*
 * Renumbers the nodes in depth-first order so that a lookup, which walks
 * from a node to one of its children, mostly stays within a few cache
 * lines: insertion order scatters a large set's walk over megabytes.
 * -1 on allocation failure (the old layout stays, still correct).
 */
static int
relayout(struct pfxtrie *t)
{
	struct pfxtrie_node	*nv;
	uint32_t		*map, stack[2 * 130], sp, idx, n = 1, i;
	int			 fam, d;

	if (t->nnodes <= 2)
		return 0;
	nv = calloc(t->nnodes, sizeof(*nv));
	map = calloc(t->nnodes, sizeof(*map));
	if (nv == NULL || map == NULL) {
		free(nv);
		free(map);
		return -1;
	}
	for (fam = 0; fam < 2; fam++) {
		sp = 0;
		if (t->root[fam] != 0)
			stack[sp++] = t->root[fam];
		while (sp > 0) {
			idx = stack[--sp];
			map[idx] = n;
			nv[n++] = t->nodes[idx];
			/* the 0 side first: it is the one placed next */
			for (d = 1; d >= 0; d--)
				if (t->nodes[idx].child[d] != 0 &&
				    sp < sizeof(stack) / sizeof(stack[0]))
					stack[sp++] = t->nodes[idx].child[d];
		}
	}
	for (i = 1; i < n; i++)
		for (d = 0; d < 2; d++)
			nv[i].child[d] = map[nv[i].child[d]];
	for (fam = 0; fam < 2; fam++)
		t->root[fam] = map[t->root[fam]];
	free(t->nodes);
	free(map);
	t->nodes = nv;
	t->nnodes = t->capnodes = n;
	return 0;
}

#define SHORTCUT_BITS	16
#define SUB_BITS	8	/* the /24 level below a /16 */
#define SHORTCUT_MIN	4096	/* nodes; smaller tries stay cache-hot */
#define SUB_MIN		32	/* nodes under a /16 worth a 2 KiB block */

/* out[lo..hi): where the walk continues and the lengths allowed above */
static void
fill_set(struct pfxtrie_jump *out, uint32_t lo, uint32_t hi, uint32_t node,
    uint64_t anc, unsigned depth)
{
	for (; lo < hi; lo++) {
		out[lo].node = node;
		out[lo].anc = (uint32_t)(anc >> depth);
	}
}

/*
 * For every key whose first `from` bits are those of `base` and whose
 * bits [from, depth) are v, lo <= v < hi: the first node at depth or
 * deeper on its walk from idx (0: the key left the trie) and the route
 * lengths the entries passed on the way allow (ORed into anc, stored
 * shifted down by depth), into out[v].  One descent that splits the
 * range at each node, instead of one walk from idx per key: [lo, hi) is
 * the aligned block of keys that reached idx with `anc`.
 */
static void
walk_fill(const struct pfxtrie *t, uint32_t idx, uint64_t base,
    unsigned from, unsigned depth, uint32_t lo, uint32_t hi, uint64_t anc,
    struct pfxtrie_jump *out)
{
	const struct pfxtrie_node	*n;
	uint64_t			 kb[2];
	uint32_t			 blk, half;
	unsigned			 p;

	while (lo < hi) {
		if (idx == 0) {
			fill_set(out, lo, hi, 0, anc, depth);
			return;
		}
		n = &t->nodes[idx];
		p = n->len;
		if (p >= depth) {
			fill_set(out, lo, hi, idx, anc, depth);
			return;
		}
		/* the keys of [lo, hi) that agree with the node's p bits */
		kb[0] = base;
		kb[1] = 0;
		if (!key_eq(n->key, kb, p < from ? p : from)) {
			fill_set(out, lo, hi, 0, anc, depth);
			return;
		}
		if (p > from) {
			blk = (uint32_t)((n->key[0] << from) >>
			    (64 - (p - from))) << (depth - p);
			if (blk >= hi || blk + (1u << (depth - p)) <= lo) {
				fill_set(out, lo, hi, 0, anc, depth);
				return;
			}
			/* [lo, hi) is aligned and at least as large */
			fill_set(out, lo, blk, 0, anc, depth);
			fill_set(out, blk + (1u << (depth - p)), hi, 0, anc,
			    depth);
			lo = blk;
			hi = blk + (1u << (depth - p));
		}
		if (n->mask != 0)
			anc |= t->masks[n->mask - 1][0];
		if (p < from) {
			idx = n->child[key_bit(kb, p)];
			continue;
		}
		/* bit p of the key is the top bit of what is left of v */
		half = (hi - lo) / 2;
		walk_fill(t, n->child[0], base, from, depth, lo, lo + half, anc,
		    out);
		idx = n->child[1];
		lo += half;
	}
}

/* 1 if the subtrie at idx has at least `min` nodes. */
static int
subtrie_at_least(const struct pfxtrie *t, uint32_t idx, uint32_t min)
{
	uint32_t	 stack[2 * 130], sp = 0, seen = 0;
	int		 d;

	stack[sp++] = idx;
	while (sp > 0 && seen < min) {
		idx = stack[--sp];
		seen++;
		for (d = 0; d < 2; d++)
			if (t->nodes[idx].child[d] != 0 &&
			    sp < sizeof(stack) / sizeof(stack[0]))
				stack[sp++] = t->nodes[idx].child[d];
	}
	return seen >= min;
}

/* The /24 block of /16 b, whose walk continues at node idx. */
static void
sub_fill(struct pfxtrie *t, uint32_t blk, uint32_t b, uint32_t idx)
{
	struct pfxtrie_jump	*sj = &t->sub[(size_t)blk << SUB_BITS];
	const struct pfxtrie_node *n;
	uint64_t		 k[2];
	uint32_t		 c;

	walk_fill(t, idx, (uint64_t)b << (64 - SHORTCUT_BITS), SHORTCUT_BITS,
	    SHORTCUT_BITS + SUB_BITS, 0, 1u << SUB_BITS, 0, sj);
	for (c = 0; c < (1u << SUB_BITS); c++) {
		k[0] = ((uint64_t)b << (64 - SHORTCUT_BITS)) |
		    ((uint64_t)c << (64 - SHORTCUT_BITS - SUB_BITS));
		k[1] = 0;
		/*
		 * An entry at exactly this /24 with nothing below it goes
		 * into the slot: a /24 route then stops here, without
		 * loading the node.
		 */
		n = &t->nodes[sj[c].node];
		if (sj[c].node != 0 && n->len == SHORTCUT_BITS + SUB_BITS &&
		    key_eq(n->key, k, n->len) && n->child[0] == 0 &&
		    n->child[1] == 0) {
			if (n->mask != 0)
				sj[c].anc |= (uint32_t)(t->masks[n->mask - 1][0]
				    >> (SHORTCUT_BITS + SUB_BITS));
			sj[c].node = 0;
		}
	}
	t->sub_node[blk] = idx;
	t->jump[b].node = PFXTRIE_SUB | blk;
}

/* The /24 blocks; without them (no memory) the /16 level still works. */
static void
sub_build(struct pfxtrie *t)
{
	uint32_t	 b, n = 0, i, *big;

	if (t->nnodes >= PFXTRIE_SUB)	/* the flag bit would be an index */
		return;
	/*
	 * Which /16s are worth a block, asked once per /16: from subtree
	 * sizes, one backward pass (relayout() numbered every node before
	 * its children), else by walking each subtrie.
	 */
	if ((big = calloc(t->nnodes, sizeof(*big))) != NULL)
		for (i = t->nnodes; i-- > 1;)
			big[i] = 1 + big[t->nodes[i].child[0]] +
			    big[t->nodes[i].child[1]];
	for (b = 0; b < (1u << SHORTCUT_BITS); b++) {
		i = t->jump[b].node;
		if (i == 0 || !(big != NULL ? big[i] >= SUB_MIN :
		    subtrie_at_least(t, i, SUB_MIN)))
			continue;
		/* marked in the slot's spare bit until the blocks exist */
		t->jump[b].node |= PFXTRIE_SUB;
		n++;
	}
	free(big);
	if (n == 0) {
		for (b = 0; b < (1u << SHORTCUT_BITS); b++)
			t->jump[b].node &= ~PFXTRIE_SUB;
		return;
	}
	t->sub = calloc((size_t)n << SUB_BITS, sizeof(*t->sub));
	t->sub_node = calloc(n, sizeof(*t->sub_node));
	if (t->sub == NULL || t->sub_node == NULL) {
		free(t->sub);
		free(t->sub_node);
		t->sub = NULL;
		t->sub_node = NULL;
		for (b = 0; b < (1u << SHORTCUT_BITS); b++)
			t->jump[b].node &= ~PFXTRIE_SUB;
		return;
	}
	for (b = 0; b < (1u << SHORTCUT_BITS); b++)
		if (t->jump[b].node & PFXTRIE_SUB)
			sub_fill(t, t->nsub++, b,
			    t->jump[b].node & ~PFXTRIE_SUB);
}

int
pfxtrie_finish(struct pfxtrie *t)
{
	uint32_t	 b;

	shortcut_free(t);
	if (relayout(t) == -1)
		return -1;
	if (t->nnodes < SHORTCUT_MIN || t->root[0] == 0)
		return 0;
	t->jump = calloc(1u << SHORTCUT_BITS, sizeof(*t->jump));
	t->jump_used = calloc((1u << SHORTCUT_BITS) / 64, sizeof(uint64_t));
	if (t->jump == NULL || t->jump_used == NULL) {
		shortcut_free(t);
		return -1;
	}
	walk_fill(t, t->root[0], 0, 0, SHORTCUT_BITS, 0, 1u << SHORTCUT_BITS,
	    0, t->jump);
	for (b = 0; b < (1u << SHORTCUT_BITS); b++)
		if (t->jump[b].node != 0 || t->jump[b].anc != 0)
			t->jump_used[b >> 6] |= 1ULL << (b & 63);
	sub_build(t);
	return 0;
}

static int
trie_match(const struct pfxtrie *t, const struct xaddr *a, unsigned r)
{
	uint64_t			 k[2];
	uint32_t			 idx, b;
	const struct pfxtrie_node	*n;
	const struct pfxtrie_jump	*sj;

	if (a->af != AF_V4 && a->af != AF_V6)
		return 0;
	key_of(a, k);
	if (a->af == AF_V4 && r >= SHORTCUT_BITS && t->jump != NULL) {
		b = (uint32_t)(k[0] >> (64 - SHORTCUT_BITS));
		/* most /16s of a customer cone's set hold nothing */
		if (!((t->jump_used[b >> 6] >> (b & 63)) & 1))
			return 0;
		if ((t->jump[b].anc >> (r - SHORTCUT_BITS)) & 1)
			return 1;
		idx = t->jump[b].node;
		if (idx & PFXTRIE_SUB) {
			idx &= ~PFXTRIE_SUB;
			if (r < SHORTCUT_BITS + SUB_BITS)
				idx = t->sub_node[idx];
			else {
				sj = &t->sub[((size_t)idx << SUB_BITS) |
				    ((k[0] >> (64 - SHORTCUT_BITS -
				    SUB_BITS)) & 0xff)];
				if ((sj->anc >> (r - SHORTCUT_BITS -
				    SUB_BITS)) & 1)
					return 1;
				idx = sj->node;
			}
		}
	} else
		idx = t->root[a->af == AF_V4 ? 0 : 1];
	while (idx != 0) {
		n = &t->nodes[idx];
		if (n->len > r || !key_eq(n->key, k, n->len))
			return 0;
		if (r < 64 ? (n->lo >> r) & 1 : n->mask != 0 &&
		    (t->masks[n->mask - 1][r >> 6] >> (r & 63)) & 1)
			return 1;
		if (n->len == r)
			return 0;
		idx = n->child[key_bit(k, n->len)];
	}
	return 0;
}

int
pfxtrie_match(const struct pfxtrie *t, const struct xprefix *r)
{
	return trie_match(t, &r->addr, r->len);
}

int
pfxtrie_match_addr(const struct pfxtrie *t, const struct xaddr *a)
{
	return trie_match(t, a, a->af == AF_V4 ? 32 : 128);
}
