/*
 * rpl_grow: the one growth rule of the evaluator's reusable buffers
 * (route and AS path own buffers): double, at least 8, capacity in a
 * uint32_t.  Internal to core/rpl.
 */
#ifndef XR_RPL_GROW_H
#define XR_RPL_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Returns buf grown (realloc: contents kept) to hold at least `need`
 * elements of elsz bytes, updating *cap; buf itself when it already has
 * room; NULL on allocation failure or a count beyond UINT32_MAX (buf is
 * then untouched).
 */
static inline void *
rpl_grow(void *buf, uint32_t *cap, size_t need, size_t elsz)
{
	size_t	 ncap;
	void	*nb;

	if (buf != NULL && need <= *cap)
		return buf;
	if (need > UINT32_MAX)
		return NULL;
	ncap = *cap < 8 ? 8 : *cap;
	while (ncap < need)
		ncap = ncap > UINT32_MAX / 2 ? UINT32_MAX : ncap * 2;
	if ((nb = reallocarray(buf, ncap, elsz)) == NULL)
		return NULL;
	*cap = (uint32_t)ncap;
	return nb;
}

#endif
