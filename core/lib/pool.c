/* pool: see pool.h. */
#include <stdlib.h>
#include <string.h>

#include "core/lib/pool.h"

struct pool_slab {
	struct pool_slab	*next;
	/* objects follow, 8-byte aligned */
};

#define SLAB_HDR	((sizeof(struct pool_slab) + 7) & ~(size_t)7)

void
pool_init(struct pool *p, size_t objsz)
{
	memset(p, 0, sizeof(*p));
	if (objsz < sizeof(void *))
		objsz = sizeof(void *);
	p->objsz = (objsz + 7) & ~(size_t)7;
}

void *
pool_get(struct pool *p)
{
	struct pool_slab	*s;
	void			*o;

	if (p->objsz == 0 || p->objsz > POOL_SLAB_BYTES - SLAB_HDR)
		return NULL;
	if ((o = p->freelist) != NULL)
		memcpy(&p->freelist, o, sizeof(void *));
	else {
		if (p->bump == NULL ||
		    (size_t)(p->bump_end - p->bump) < p->objsz) {
			if ((s = malloc(POOL_SLAB_BYTES)) == NULL)
				return NULL;
			s->next = p->slabs;
			p->slabs = s;
			p->nslabs++;
			p->bump = (char *)s + SLAB_HDR;
			p->bump_end = (char *)s + POOL_SLAB_BYTES;
		}
		o = p->bump;
		p->bump += p->objsz;
	}
	memset(o, 0, p->objsz);
	return o;
}

void
pool_put(struct pool *p, void *o)
{
	if (o == NULL)
		return;
	memcpy(o, &p->freelist, sizeof(void *));
	p->freelist = o;
}

void
pool_clear(struct pool *p)
{
	struct pool_slab	*s;
	size_t			 objsz = p->objsz;

	while ((s = p->slabs) != NULL) {
		p->slabs = s->next;
		free(s);
	}
	pool_init(p, objsz);
}

size_t
pool_memory(const struct pool *p)
{
	return p->nslabs * POOL_SLAB_BYTES;
}
