/*
 * password: type-7 style encode/decode (see password.h).  The key string
 * is the well-known Cisco one; the seed is the first two decimal digits.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/config/password.h"

static const char xlat[] =
    "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
#define XLAT_LEN	(sizeof(xlat) - 1)

int
password_clear_valid(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++, n++)
		if (!isgraph((unsigned char)*s))
			return 0;
	return n > 0 && n <= PASSWORD_MAX;
}

int
password_encode(const char *clear, char *out, size_t outlen)
{
	size_t		 i, n = strlen(clear);
	unsigned	 seed = 0;

	if (!password_clear_valid(clear) || outlen < 2 * n + 3)
		return -1;
	for (i = 0; i < n; i++)
		seed += (unsigned char)clear[i];
	seed %= 16;
	snprintf(out, outlen, "%02u", seed);
	for (i = 0; i < n; i++)
		snprintf(out + 2 + 2 * i, outlen - 2 - 2 * i, "%02X",
		    (unsigned char)clear[i] ^
		    (unsigned char)xlat[(seed + i) % XLAT_LEN]);
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
password_decode(const char *enc, char *out, size_t outlen)
{
	size_t		 i, n = strlen(enc);
	unsigned	 seed;
	int		 hi, lo, c;

	if (n < 4 || n % 2 != 0 || !isdigit((unsigned char)enc[0]) ||
	    !isdigit((unsigned char)enc[1]))
		return -1;
	seed = (unsigned)(enc[0] - '0') * 10 + (unsigned)(enc[1] - '0');
	if (seed >= XLAT_LEN || (n - 2) / 2 + 1 > outlen ||
	    (n - 2) / 2 > PASSWORD_MAX)
		return -1;
	for (i = 0; i < (n - 2) / 2; i++) {
		if ((hi = hexval((unsigned char)enc[2 + 2 * i])) == -1 ||
		    (lo = hexval((unsigned char)enc[3 + 2 * i])) == -1)
			return -1;
		c = (hi << 4 | lo) ^ (unsigned char)xlat[(seed + i) % XLAT_LEN];
		if (!isgraph(c))
			return -1;
		out[i] = (char)c;
	}
	out[i] = '\0';
	return 0;
}
