/*
 * pfxtrie: a compiled prefix-set.  One path-compressed binary trie per
 * address family; each node that holds entries keeps the union of their
 * allowed route lengths as a bitmap (entries with the same prefix merge:
 * "does ANY entry match" is all a prefix-set is asked).  A lookup walks at
 * most one node per bit of the route's prefix and never allocates.
 * Nodes live in one array and link by index so the trie is compact.
 */
#ifndef XR_PFXTRIE_H
#define XR_PFXTRIE_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

struct pfxtrie_node;

/* One /16 of the shortcut: where to continue, lengths 16..32 allowed. */
struct pfxtrie_jump {
	uint32_t	 node;
	uint32_t	 anc;		/* bit i: route length 16 + i */
};

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
 * Called once after the last pfxtrie_add(): builds the /16 shortcut for
 * sets large enough to benefit.  Returns 0, -1 on allocation failure
 * (the trie still works, without the shortcut).
 */
int	pfxtrie_finish(struct pfxtrie *);
/* 1 if any entry matches the route prefix r. */
int	pfxtrie_match(const struct pfxtrie *, const struct xprefix *r);
/* 1 if any entry matches the host route of address a (/32 or /128). */
int	pfxtrie_match_addr(const struct pfxtrie *, const struct xaddr *a);

#endif
