/*
 * t.h: the unit-test harness.  Each test binary ends with the line
 * "N passed, N failed" and exits non-zero when anything failed;
 * tests/run-all.sh adds those lines up.
 */
#ifndef XR_T_H
#define XR_T_H

#include <stdio.h>
#include <string.h>

static int	t_passed, t_failed;

#define T_ASSERT(c) do {						\
	if (c)								\
		t_passed++;						\
	else {								\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #c); \
	}								\
} while (0)

#define T_EQ_INT(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a == _b)							\
		t_passed++;						\
	else {								\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == %s (%lld != %lld)\n", \
		    __FILE__, __LINE__, #a, #b, _a, _b);		\
	}								\
} while (0)

#define T_EQ_STR(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (_a != NULL && _b != NULL && strcmp(_a, _b) == 0)		\
		t_passed++;						\
	else {								\
		t_failed++;						\
		fprintf(stderr, "%s:%d: FAIL: %s == %s\n  got:  \"%s\"\n" \
		    "  want: \"%s\"\n", __FILE__, __LINE__, #a, #b,	\
		    _a ? _a : "(null)", _b ? _b : "(null)");		\
	}								\
} while (0)

#define T_DONE() (printf("%d passed, %d failed\n", t_passed, t_failed), \
	t_failed ? 1 : 0)

#endif
