/*
 * test_bgp_password: the type-7 style encoding used by `password`.
 */
#include <string.h>

#include "core/config/password.h"
#include "tests/unit/t.h"

int
main(void)
{
	char	 enc[2 * PASSWORD_MAX + 3], enc2[sizeof(enc)];
	char	 dec[PASSWORD_MAX + 1];
	char	 longpw[PASSWORD_MAX + 2];

	/* round trip */
	T_EQ_INT(password_encode("s3cret!", enc, sizeof(enc)), 0);
	T_EQ_INT(strlen(enc), 2 + 2 * 7);
	T_EQ_INT(password_decode(enc, dec, sizeof(dec)), 0);
	T_EQ_STR(dec, "s3cret!");
	/* deterministic: the same secret always encodes the same */
	T_EQ_INT(password_encode("s3cret!", enc2, sizeof(enc2)), 0);
	T_EQ_STR(enc, enc2);
	/* a known Cisco type 7 value decodes (seed 07) */
	T_EQ_INT(password_decode("0822455D0A16", dec, sizeof(dec)), 0);
	T_EQ_STR(dec, "cisco");
	/* lower-case hex is accepted */
	T_EQ_INT(password_decode("0822455d0a16", dec, sizeof(dec)), 0);
	T_EQ_STR(dec, "cisco");
	/* our canonical encoding of "cisco" (pinned in test_bgp_cfg too) */
	T_EQ_INT(password_encode("cisco", enc, sizeof(enc)), 0);
	T_EQ_STR(enc, "01100F175804");
	/* re-encoding a decoded foreign encoding gives our canonical form */
	T_EQ_INT(password_encode("cisco", enc, sizeof(enc)), 0);
	T_EQ_INT(password_decode(enc, dec, sizeof(dec)), 0);
	T_EQ_STR(dec, "cisco");
	/* malformed */
	T_EQ_INT(password_decode("", dec, sizeof(dec)), -1);
	T_EQ_INT(password_decode("08", dec, sizeof(dec)), -1);
	T_EQ_INT(password_decode("0822455D0A1", dec, sizeof(dec)), -1);
	T_EQ_INT(password_decode("XX22455D0A16", dec, sizeof(dec)), -1);
	T_EQ_INT(password_decode("0822455D0AZZ", dec, sizeof(dec)), -1);
	T_EQ_INT(password_decode("9922455D0A16", dec, sizeof(dec)), -1);
	/* clear secrets: no blanks, bounded */
	T_EQ_INT(password_clear_valid("abc"), 1);
	T_EQ_INT(password_clear_valid("a b"), 0);
	T_EQ_INT(password_clear_valid(""), 0);
	memset(longpw, 'x', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	T_EQ_INT(password_clear_valid(longpw), 0);
	T_EQ_INT(password_encode(longpw, enc, sizeof(enc)), -1);
	/* output buffer too small */
	T_EQ_INT(password_encode("cisco", enc, 5), -1);
	return T_DONE();
}
