/*
 * Unit tests for core/config/static_cfg.c and static_validate.c: keyed
 * insert/replace/delete in canonical order, printing, dup, interface
 * names, commit checks (every error at once), and resolution: connected,
 * recursive through another static, Null0, loops bounded, longest match.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config/static_cfg.h"
#include "tests/unit/t.h"

static struct static_route
R(const char *pfx, const char *ifn, const char *nh)
{
	struct static_route	 r;

	memset(&r, 0, sizeof(r));
	if (prefix_parse(pfx, &r.pfx, 0) == -1)
		abort();
	if (ifn != NULL)
		static_ifname_canon(ifn, r.ifname, sizeof(r.ifname));
	if (nh != NULL && addr_parse(nh, &r.nh) == -1)
		abort();
	return r;
}

static void
put(struct static_cfg *s, int afi, struct static_route r)
{
	s->af[afi].present = 1;
	if (static_route_put(&s->af[afi], &r) == -1)
		abort();
}

static char *
text(const struct static_cfg *s)
{
	struct strbuf	 sb = STRBUF_INIT;

	static_cfg_print(s, &sb);
	return sb_steal(&sb);
}

/* connected: 192.0.2.0/24 and 2001:db8::/64 */
static int
conn(const struct xaddr *a, void *ctx)
{
	struct xprefix	 c4, c6, h;

	(void)ctx;
	prefix_parse("192.0.2.0/24", &c4, 0);
	prefix_parse("2001:db8::/64", &c6, 0);
	prefix_host(a, &h);
	return prefix_contains(&c4, &h) || prefix_contains(&c6, &h);
}

static int
if_up(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "eth0") == 0;
}

static const struct static_env	 env = { conn, if_up, NULL };
static const struct static_env	 noconn = { NULL, if_up, NULL };

static void
test_order_print(void)
{
	struct static_cfg	*s = static_cfg_new(), *d;
	struct static_route	 r;
	char			*t, *t2;

	put(s, 0, R("10.0.0.0/8", "null0", NULL));
	put(s, 0, R("0.0.0.0/0", NULL, "192.0.2.1"));
	r = R("10.1.0.0/16", "eth0", "192.0.2.9");
	r.distance = 200;
	r.has_tag = 1;
	r.tag = 7;
	r.description = strdup("LAB");
	put(s, 0, r);
	put(s, 0, R("10.1.0.0/16", NULL, "192.0.2.8"));
	put(s, 1, R("::/0", NULL, "2001:db8::1"));
	t = text(s);
	T_EQ_STR(t, "router static\n"
	    " address-family ipv4 unicast\n"
	    "  0.0.0.0/0 192.0.2.1\n"
	    "  10.0.0.0/8 Null0\n"
	    "  10.1.0.0/16 192.0.2.8\n"
	    "  10.1.0.0/16 eth0 192.0.2.9 200 tag 7 description LAB\n"
	    " !\n"
	    " address-family ipv6 unicast\n"
	    "  ::/0 2001:db8::1\n"
	    " !\n"
	    "!\n");
	/* same key again: attributes replaced, no second line */
	r = R("10.1.0.0/16", "eth0", "192.0.2.9");
	r.distance = 5;
	put(s, 0, r);
	T_EQ_INT(s->af[0].n, 4);
	d = static_cfg_dup(s);
	t2 = text(d);
	T_ASSERT(strstr(t2, "  10.1.0.0/16 eth0 192.0.2.9 5\n") != NULL);
	/* `no <prefix>` removes every line of the prefix */
	r = R("10.1.0.0/16", NULL, NULL);
	T_EQ_INT(static_route_del(&d->af[0], &r), 2);
	r = R("10.0.0.0/8", "Null0", NULL);
	T_EQ_INT(static_route_del(&d->af[0], &r), 1);
	T_EQ_INT(d->af[0].n, 1);
	/* the original is untouched by changes to the copy */
	T_EQ_INT(s->af[0].n, 4);
	free(t);
	free(t2);
	static_cfg_free(s);
	static_cfg_free(d);
}

static void
test_ifname(void)
{
	char	 buf[STATIC_IFNAME_MAX];

	T_ASSERT(static_ifname_valid("GigabitEthernet0/0/0/1"));
	T_ASSERT(static_ifname_valid("Bundle-Ether10.100"));
	T_ASSERT(static_ifname_valid("dummy0"));
	T_ASSERT(!static_ifname_valid("fe80::1"));
	T_ASSERT(!static_ifname_valid("abcd::1"));
	T_ASSERT(!static_ifname_valid("10.0.0.1"));
	T_ASSERT(!static_ifname_valid("eth0;rm"));
	static_ifname_canon("NULL0", buf, sizeof(buf));
	T_EQ_STR(buf, "Null0");
}

static void
test_validate(void)
{
	struct static_cfg	*s = static_cfg_new();
	struct cfg_errors	 e;
	struct static_route	 r;

	cfg_errors_init(&e);
	put(s, 0, R("10.0.0.0/8", NULL, "192.0.2.1"));
	T_EQ_INT(static_cfg_validate(s, &e), 0);
	memset(&r, 0, sizeof(r));
	prefix_parse("10.9.9.1/24", &r.pfx, 0);
	addr_parse("192.0.2.1", &r.nh);
	put(s, 0, r);				/* host bits */
	put(s, 0, R("10.8.0.0/16", "Null0", "192.0.2.1"));
	put(s, 1, R("2001:db8:5::/48", NULL, "fe80::1"));
	put(s, 1, R("2001:db8:6::/48", "eth0", "fe80::1"));	/* fine */
	put(s, 0, R("10.7.0.0/16", NULL, "224.0.0.1"));
	T_EQ_INT(static_cfg_validate(s, &e), 4);
	T_EQ_INT(e.n, 4);
	T_ASSERT(e.n > 0 && strstr(e.v[0].path, "router static\n "
	    "address-family ipv4 unicast\n  10.7.0.0/16 224.0.0.1") != NULL);
	T_ASSERT(e.n > 0 && strstr(e.v[0].msg, "multicast") != NULL);
	cfg_errors_free(&e);
	static_cfg_free(s);
}

static void
test_resolve(void)
{
	struct static_cfg		*s = static_cfg_new();
	const struct static_route	*via;
	struct xaddr			 a;

	put(s, 0, R("10.0.0.0/8", NULL, "192.0.2.1"));	/* connected */
	put(s, 0, R("10.1.0.0/16", NULL, "10.9.9.9"));	/* via 10/8 */
	put(s, 0, R("172.16.0.0/12", NULL, "198.51.100.1"));	/* nowhere */
	put(s, 0, R("198.18.0.0/15", "Null0", NULL));
	put(s, 0, R("100.64.0.0/10", NULL, "100.64.0.1"));	/* itself */
	put(s, 0, R("203.0.113.0/25", NULL, "203.0.113.129"));	/* loop */
	put(s, 0, R("203.0.113.128/25", NULL, "203.0.113.1"));
	put(s, 1, R("2001:db8:1::/48", NULL, "2001:db8::2"));
	put(s, 0, R("192.168.0.0/16", "eth0", NULL));		/* up */
	put(s, 0, R("192.169.0.0/16", "GigabitEthernet0/0/0/0", NULL));
	addr_parse("192.169.1.1", &a);
	T_ASSERT(!static_resolve(s, &a, &env, NULL));	/* no such link */

	T_ASSERT(static_route_usable(s, &s->af[0].v[1], &env));
	addr_parse("10.1.2.3", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 16);	/* longest match */
	addr_parse("10.2.0.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 8);
	addr_parse("172.16.0.1", &a);
	T_ASSERT(!static_resolve(s, &a, &env, NULL));
	addr_parse("198.19.0.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, NULL));	/* Null0 */
	addr_parse("100.64.0.5", &a);
	T_ASSERT(!static_resolve(s, &a, &env, NULL));
	addr_parse("203.0.113.5", &a);
	T_ASSERT(!static_resolve(s, &a, &env, NULL));	/* bounded */
	/* a default route via a connected next hop resolves what nothing
	   longer does, and a static route can resolve through it */
	put(s, 0, R("0.0.0.0/0", NULL, "192.0.2.254"));
	put(s, 0, R("172.20.0.0/16", NULL, "198.18.99.1"));
	addr_parse("11.0.0.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 0);
	/* 172.16/12 via 198.51.100.1 now resolves through the default */
	addr_parse("172.16.0.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 12);
	addr_parse("100.64.0.5", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 0);	/* not 100.64/10 */
	addr_parse("2001:db8:1::1", &a);
	T_ASSERT(static_resolve(s, &a, &env, NULL));
	addr_parse("192.168.1.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 16);
	/* the route over a link that is not up is skipped: the default */
	addr_parse("192.169.1.1", &a);
	T_ASSERT(static_resolve(s, &a, &env, &via));
	T_ASSERT(via != NULL && via->pfx.len == 0);
	/* without the connected networks nothing with a next hop resolves */
	addr_parse("10.1.2.3", &a);
	T_ASSERT(!static_resolve(s, &a, &noconn, NULL));
	static_cfg_free(s);
}

int
main(void)
{
	test_order_print();
	test_ifname();
	test_validate();
	test_resolve();
	return T_DONE();
}
