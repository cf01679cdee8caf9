/*
 * pfxtrie: a compiled prefix-set.  One path-compressed binary trie per
 * address family; each node that holds entries keeps the union of their
 * allowed route lengths as a bitmap (entries with the same prefix merge:
 * "does ANY entry match" is all a prefix-set is asked).  A lookup walks at
 * most one node per bit of the route's prefix and never allocates.
 * Nodes live in one array and link by index so the trie is compact.
 * Large IPv4 sets add direct tables (a multi-bit stride) at /16 and, where
 * a /16 holds many entries, at /24: a lookup then touches one table slot
 * per level instead of the nodes in between, which in a 100,000-entry set
 * are mostly cache misses.
 */
#ifndef XR_PFXTRIE_H
#define XR_PFXTRIE_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

struct pfxtrie_node;

/*
 * One /16 (or /24) of the shortcut: where the walk continues and the
 * route lengths allowed by the shorter entries above it (bit i: route
 * length 16 + i, or 24 + i).  In the /16 table, a node with PFXTRIE_SUB
 * set names instead a block of 256 /24 entries (node & ~PFXTRIE_SUB).
 */
struct pfxtrie_jump {
	uint32_t	 node;
	uint32_t	 anc;
};

#define PFXTRIE_SUB	0x80000000u

struct pfxtrie {
	struct pfxtrie_node	*nodes;		/* [0] unused: index 0 = none */
	uint64_t		(*masks)[3];	/* route lengths 0..128 */
	uint32_t		 nnodes, capnodes;
	uint32_t		 nmasks, capmasks;
	uint32_t		 root[2];	/* IPv4, IPv6 */
	size_t			 nentries;
	/*
	 * Large sets only (pfxtrie_finish()): per IPv4 /16, the node where
	 * the walk continues below /16 and the route lengths allowed by the
	 * entries shorter than /16 that cover it; skips the top of the walk.
	 */
	struct pfxtrie_jump	*jump;
	uint64_t		*jump_used;	/* bit b: jump[b] not empty;
						   8 KiB that stay cached */
	/*
	 * The same one level down for the /16s with large subtries: 256
	 * entries per block, by the route's third octet, for routes of
	 * /24 or longer; sub_node[block] is the /16's own continuation,
	 * for routes of /16../23.
	 */
	struct pfxtrie_jump	*sub;
	uint32_t		*sub_node;
	uint32_t		 nsub;
};

void	pfxtrie_init(struct pfxtrie *);
void	pfxtrie_free(struct pfxtrie *);
/*
 * Adds an entry: prefix p (host bits are ignored) matching route lengths
 * ge..le inclusive (callers resolve XR's defaults: no ge/le means
 * ge = le = p->len).  Returns 0, or -1 on allocation failure.
 */
int	pfxtrie_add(struct pfxtrie *, const struct xprefix *p, unsigned ge,
	    unsigned le);
/*
 * Called once after the last pfxtrie_add(): lays the nodes out for
 * lookups and builds the /16 and /24 shortcuts for sets large enough to
 * benefit.  Returns 0, -1 on allocation failure
 * (the trie still works, without the shortcut).
 */
int	pfxtrie_finish(struct pfxtrie *);
/* 1 if any entry matches the route prefix r. */
int	pfxtrie_match(const struct pfxtrie *, const struct xprefix *r);
/* 1 if any entry matches the host route of address a (/32 or /128). */
int	pfxtrie_match_addr(const struct pfxtrie *, const struct xaddr *a);

#endif
