/*
 * test_impact: the parts of the configuration impact preview
 * (core/bgp/impact.h) that need no live engine: the attribute
 * differences it lists ("local-pref 100 -> 200") and the refusal to run
 * without an engine.  The preview against live tables is
 * tests/bats/config_impact.bats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/attr.h"
#include "core/bgp/impact.h"
#include "core/bgp/proto.h"
#include "core/config/config.h"
#include "tests/unit/t.h"

struct seen {
	char	 buf[512];
	int	 n;
};

static void
collect(const char *name, const char *b, const char *a, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->buf);

	snprintf(s->buf + len, sizeof(s->buf) - len, "%s[%s|%s|%s]",
	    s->n++ ? " " : "", name, b, a);
}

static struct bgp_attrs *
base(void)
{
	struct bgp_attrs	*a;
	uint32_t		 as[2] = { 65002, 65100 };

	if ((a = bgp_attrs_new()) == NULL)
		abort();
	a->present = BGP_ATTRBIT(BGP_ATTR_ORIGIN) |
	    BGP_ATTRBIT(BGP_ATTR_AS_PATH) | BGP_ATTRBIT(BGP_ATTR_NEXT_HOP) |
	    BGP_ATTRBIT(BGP_ATTR_LOCAL_PREF);
	a->origin = BGP_ORIGIN_IGP;
	a->local_pref = 100;
	if (addr_parse("127.0.0.2", &a->nexthop) == -1 ||
	    bgp_attrs_set_aspath(a, as, 2) == -1)
		abort();
	return a;
}

static void
test_diff(void)
{
	struct bgp_attrs	*a = base(), *b = base();
	struct seen		 s;
	uint32_t		 comm[1] = { (65002u << 16) | 1 };
	uint32_t		 as[3] = { 65000, 65002, 65100 };

	/* the same attributes: nothing */
	memset(&s, 0, sizeof(s));
	impact_attr_diff(a, b, collect, &s);
	T_EQ_INT(s.n, 0);

	/* local-pref, MED added, a community, a prepend */
	b->local_pref = 200;
	b->present |= BGP_ATTRBIT(BGP_ATTR_MED) |
	    BGP_ATTRBIT(BGP_ATTR_COMMUNITIES);
	b->med = 77;
	if ((b->communities = malloc(sizeof(comm))) == NULL)
		abort();
	memcpy(b->communities, comm, sizeof(comm));
	b->ncommunities = 1;
	if (bgp_attrs_set_aspath(b, as, 3) == -1)
		abort();
	memset(&s, 0, sizeof(s));
	impact_attr_diff(a, b, collect, &s);
	T_EQ_STR(s.buf, "[as-path|65002 65100|65000 65002 65100] "
	    "[med||77] [local-pref|100|200] [community||65002:1]");

	/* one side missing: nothing compared */
	memset(&s, 0, sizeof(s));
	impact_attr_diff(a, NULL, collect, &s);
	T_EQ_INT(s.n, 0);
	bgp_attrs_unref(a);
	bgp_attrs_unref(b);
}

static void
test_no_engine(void)
{
	struct config	*c = config_new();
	char		 err[128];

	T_ASSERT(c != NULL);
	err[0] = '\0';
	T_ASSERT(impact_start(c, NULL, 0, err, sizeof(err)) == NULL);
	T_EQ_STR(err, "BGP is not running");
	config_free(c);
}

int
main(void)
{
	test_diff();
	test_no_engine();
	return T_DONE();
}
