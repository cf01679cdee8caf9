/*
 * pool: fixed-size objects carved from 64 KiB slabs.  A full table holds
 * millions of small objects of a few sizes (trie nodes, Loc-RIB entries);
 * one malloc per object would cost the allocator's header and rounding
 * (8-24 bytes on glibc, a third of a 40-byte object) and scatter them.
 * Freed objects go on a free list and are reused; slabs are returned only
 * by pool_clear().
 */
#ifndef XR_LIB_POOL_H
#define XR_LIB_POOL_H

#include <stddef.h>

struct pool_slab;

struct pool {
	size_t			 objsz;		/* rounded up to 8 */
	struct pool_slab	*slabs;
	size_t			 nslabs;
	char			*bump;		/* next never-used object */
	char			*bump_end;
	void			*freelist;
};

#define POOL_SLAB_BYTES	65536

/* objsz: at least sizeof(void *), at most a slab less its header. */
void	 pool_init(struct pool *, size_t objsz);
/* A zeroed object, or NULL on allocation failure. */
void	*pool_get(struct pool *);
void	 pool_put(struct pool *, void *);
/* Frees every slab: every object is gone. */
void	 pool_clear(struct pool *);
/* Bytes held from the allocator. */
size_t	 pool_memory(const struct pool *);

#endif
