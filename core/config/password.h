/*
 * password: the reversible Cisco "type 7" style obfuscation XR uses for
 * `password encrypted <hex>`.  It is not cryptography: it only keeps the
 * secret from being read over a shoulder, and lets `password clear X` and
 * `password encrypted <hex of X>` render identically.
 */
#ifndef XR_PASSWORD_H
#define XR_PASSWORD_H

#include <stddef.h>

#define PASSWORD_MAX	80	/* longest clear secret accepted */

/* 1 if s is acceptable as a clear secret (printable, no blanks, bounded) */
int	password_clear_valid(const char *s);
/*
 * Encodes clear into out ("SS" decimal seed + two hex digits per byte).
 * The seed is derived from the secret, so equal secrets encode equally.
 * Returns 0, or -1 if out is too small or the secret invalid.
 */
int	password_encode(const char *clear, char *out, size_t outlen);
/* Decodes an encoded secret; -1 when malformed. */
int	password_decode(const char *enc, char *out, size_t outlen);

#endif
