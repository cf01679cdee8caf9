/*
 * bytes: big-endian 32-bit words in wire data (AS numbers in AS_PATH,
 * the BGP identifier, communities), one definition for the codec, the
 * decision and the attribute rewriting.
 */
#ifndef XR_BGP_BYTES_H
#define XR_BGP_BYTES_H

#include <stdint.h>

static inline uint32_t
be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
