/*
 * types: the type registry; see types.h.  Built-in address types use
 * core/addr.c so the shell and the configuration agree on what parses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/addr.h"
#include "shell/grammar.h"
#include "shell/types.h"

#define TYPES_MAX	128

static int
m_ipv4(const char *s)
{
	struct xaddr	 a;

	return addr_parse_v4(s, &a) == 0;
}

static int
m_ipv6(const char *s)
{
	struct xaddr	 a;

	return addr_parse_v6(s, &a) == 0;
}

static int
m_ip(const char *s)
{
	struct xaddr	 a;

	return addr_parse(s, &a) == 0;
}

static int
m_pfx(const char *s, int af)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 0) != 0)
		return 0;
	return af == 0 || p.addr.af == af;
}

static int
m_ipv4pfx(const char *s)
{
	return m_pfx(s, AF_V4);
}

static int
m_ipv6pfx(const char *s)
{
	return m_pfx(s, AF_V6);
}

static int
m_prefix(const char *s)
{
	return m_pfx(s, 0);
}

static int
m_asn(const char *s)
{
	uint32_t	 asn;

	return asn_parse(s, &asn) == 0;
}

static const struct cli_type builtin[] = {
	{ "ipv4",	"A.B.C.D",	m_ipv4,		NULL },
	{ "ipv6",	"X:X::X:X",	m_ipv6,		NULL },
	{ "ip",		"A.B.C.D",	m_ip,		NULL },
	{ "ipv4pfx",	"A.B.C.D/M",	m_ipv4pfx,	NULL },
	{ "ipv6pfx",	"X:X::X:X/M",	m_ipv6pfx,	NULL },
	{ "prefix",	"A.B.C.D/M",	m_prefix,	NULL },
	{ "asn",	"<1-4294967295>", m_asn,	NULL },
};

static const struct cli_type	*dyn[TYPES_MAX];
static size_t			 ndyn;

void
cli_type_define(const struct cli_type *t)
{
	size_t	 i;

	grammar_invalidate();
	for (i = 0; i < ndyn; i++)
		if (strcmp(dyn[i]->name, t->name) == 0) {
			dyn[i] = t;
			return;
		}
	if (ndyn < TYPES_MAX)
		dyn[ndyn++] = t;
}

static int
parse_range(const char *spec, uint32_t *lo, uint32_t *hi)
{
	const char	*dash = strchr(spec, '-');
	char		 a[16];
	size_t		 n;

	if (dash == NULL || (n = (size_t)(dash - spec)) == 0 ||
	    n >= sizeof(a))
		return -1;
	memcpy(a, spec, n);
	a[n] = '\0';
	if (parse_u32(a, 0, UINT32_MAX, lo) != 0 ||
	    parse_u32(dash + 1, 0, UINT32_MAX, hi) != 0 || *lo > *hi)
		return -1;
	return 0;
}

int
types_resolve(const char *spec, struct argtype *t)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	if (strcmp(spec, "word") == 0) {
		t->kind = TK_WORD;
		strlcpy(t->label, "WORD", sizeof(t->label));
		return 0;
	}
	if (strcmp(spec, "line") == 0) {
		t->kind = TK_LINE;
		strlcpy(t->label, "LINE", sizeof(t->label));
		return 0;
	}
	if (strcmp(spec, "rest") == 0) {
		t->kind = TK_LINE;	/* no label: `?` never offers it */
		return 0;
	}
	if (spec[0] >= '0' && spec[0] <= '9') {
		if (parse_range(spec, &t->lo, &t->hi) != 0)
			return -1;
		t->kind = TK_RANGE;
		snprintf(t->label, sizeof(t->label), "<%u-%u>", t->lo, t->hi);
		return 0;
	}
	/* dynamic types may override built-in names on purpose */
	for (i = 0; i < ndyn; i++)
		if (strcmp(dyn[i]->name, spec) == 0) {
			t->kind = TK_FN;
			t->type = dyn[i];
			strlcpy(t->label, dyn[i]->label != NULL ?
			    dyn[i]->label : "WORD", sizeof(t->label));
			return 0;
		}
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(builtin[i].name, spec) == 0) {
			t->kind = TK_FN;
			t->type = &builtin[i];
			strlcpy(t->label, builtin[i].label, sizeof(t->label));
			if (strcmp(spec, "ip") == 0)
				t->label2 = "X:X::X:X";
			else if (strcmp(spec, "prefix") == 0)
				t->label2 = "X:X::X:X/M";
			return 0;
		}
	return -1;
}

static int
is_builtin(const struct cli_type *ct)
{
	return ct >= builtin &&
	    ct < builtin + sizeof(builtin) / sizeof(builtin[0]);
}

enum tmatch
types_match(const struct argtype *t, const char *tok)
{
	uint32_t	 v;

	switch (t->kind) {
	case TK_WORD:
	case TK_LINE:
		return TM_WORD;
	case TK_RANGE:
		return parse_u32(tok, t->lo, t->hi, &v) == 0 ? TM_TYPED :
		    TM_NONE;
	case TK_FN:
		if (t->type->match == NULL)
			return TM_WORD;
		if (!t->type->match(tok))
			return TM_NONE;
		/*
		 * Names checked by cmds/ (policy, group names) rank as words:
		 * only strictly-shaped built-in values outrank a keyword
		 * prefix, or every name type would break abbreviations.
		 */
		return is_builtin(t->type) ? TM_TYPED : TM_WORD;
	}
	return TM_NONE;
}
