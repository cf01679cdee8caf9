/*
 * fuzz_rpl: libFuzzer target for the route-policy language parser.  Built
 * by tests/fuzz/run.sh (FUZZ_TARGET=rpl).
 *
 * Input: the text of one block, `route-policy ... end-policy` or a
 * `*-set ... end-set`; the header decides which parser takes it.  Beyond
 * "no crash, no sanitizer report" it checks the property `show
 * running-config` and the saved configuration rely on: a block that
 * parses prints canonically, and the printed text parses again to an
 * equal object that prints the same.  A violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/strbuf.h"
#include "core/rpl/rpl.h"

static char *
cstr(const uint8_t *data, size_t size)
{
	char	*s;

	if ((s = malloc(size + 1)) == NULL)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void
check_set(const char *text)
{
	struct rpl_err	 err;
	struct rpl_set	*s, *s2;
	struct strbuf	 a, b;

	if ((s = rpl_parse_set(text, &err)) == NULL) {
		if (memchr(err.msg, '\0', sizeof(err.msg)) == NULL ||
		    memchr(err.token, '\0', sizeof(err.token)) == NULL)
			abort();
		return;
	}
	sb_init(&a);
	sb_init(&b);
	if (rpl_set_print(s, &a) != 0)
		goto out;		/* allocation failure: not a finding */
	if ((s2 = rpl_parse_set(sb_str(&a), &err)) == NULL)
		abort();		/* canonical text must parse */
	if (rpl_set_print(s2, &b) != 0 || strcmp(sb_str(&a), sb_str(&b)) != 0
	    || !rpl_set_equal(s, s2))
		abort();
	rpl_set_put(s2);
out:
	sb_free(&a);
	sb_free(&b);
	rpl_set_put(s);
}

static void
check_policy(const char *text)
{
	struct rpl_err		 err;
	struct rpl_policy	*p, *p2;
	struct strbuf		 a, b;

	if ((p = rpl_parse_policy(text, &err)) == NULL) {
		if (memchr(err.msg, '\0', sizeof(err.msg)) == NULL ||
		    memchr(err.token, '\0', sizeof(err.token)) == NULL)
			abort();
		return;
	}
	sb_init(&a);
	sb_init(&b);
	if (rpl_policy_print(p, &a) != 0)
		goto out;
	if ((p2 = rpl_parse_policy(sb_str(&a), &err)) == NULL)
		abort();
	if (rpl_policy_print(p2, &b) != 0 ||
	    strcmp(sb_str(&a), sb_str(&b)) != 0 || !rpl_policy_equal(p, p2))
		abort();
	rpl_policy_put(p2);
out:
	sb_free(&a);
	sb_free(&b);
	rpl_policy_put(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*text;
	const char	*p;

	if (size > 65536 || (text = cstr(data, size)) == NULL)
		return 0;
	for (p = text; *p == ' ' || *p == '\t' || *p == '\n'; p++)
		;
	if (strncmp(p, "route-policy", 12) == 0)
		check_policy(text);
	else
		check_set(text);
	free(text);
	return 0;
}
