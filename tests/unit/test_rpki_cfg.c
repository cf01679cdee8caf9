/*
 * Unit tests for the RPKI part of the router bgp model (rpki_cfg.c,
 * rpki_validate.c): servers keyed and sorted by address (names after),
 * static routes keyed by prefix, max length and origin; copy and free;
 * printing; the engine's views (rpki_cfg_servers with XR's defaults,
 * rpki_cfg_foreach_route in order with an early stop, the address
 * families' origin-validation knobs); commit checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_model.h"
#include "core/config/rpki_cfg.h"
#include "core/lib/cfgerr.h"
#include "tests/unit/t.h"

static struct bgp_rpki_server *
srv(struct bgp_cfg *b, const char *host, unsigned port)
{
	struct bgp_rpki_server	*s;

	if ((s = bgp_rpki_server_get(b, host)) == NULL)
		abort();
	if (port != 0) {
		s->it[BR_TRANSPORT].set = 1;
		s->it[BR_TRANSPORT].n[0] = port;
	}
	return s;
}

static struct bgp_rpki_route
RT(const char *pfx, unsigned max, uint32_t asn)
{
	struct bgp_rpki_route	 r;

	memset(&r, 0, sizeof(r));
	if (prefix_parse(pfx, &r.pfx, 0) == -1)
		abort();
	r.maxlen = (uint8_t)max;
	r.asn = asn;
	return r;
}

static char *
text(const struct bgp_cfg *b)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (bgp_cfg_print(b, &sb) == -1)
		abort();
	return sb_steal(&sb);
}

struct seen {
	char	 buf[512];
	int	 stop_at;
	int	 n;
};

static int
collect(const struct xprefix *p, uint8_t maxlen, uint32_t asn, void *arg)
{
	struct seen	*s = arg;
	char		 pfx[PREFIX_STRLEN];
	size_t		 len = strlen(s->buf);

	prefix_format(p, pfx, sizeof(pfx));
	snprintf(s->buf + len, sizeof(s->buf) - len, "%s-%u-%u;", pfx,
	    maxlen, asn);
	return ++s->n == s->stop_at ? 7 : 0;
}

static void
test_servers(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(64512);
	struct rtr_server_cfg	 out[8];
	struct bgp_rpki_server	*s;
	size_t			 n;

	/* typed out of order; a name, a v6 and two v4 */
	srv(b, "cache.EXAMPLE.net", 3323);
	srv(b, "2001:db8::5", 8282);
	s = srv(b, "198.51.100.7", 323);
	s->it[BR_PREFERENCE].set = 1;
	s->it[BR_PREFERENCE].n[0] = 3;
	s->it[BR_REFRESH_TIME].set = 1;
	s->it[BR_REFRESH_TIME].opt = BGP_OPT_OFF;
	s->it[BR_RESPONSE_TIME].set = 1;
	s->it[BR_RESPONSE_TIME].n[0] = 30;
	s->it[BR_PURGE_TIME].set = 1;
	s->it[BR_PURGE_TIME].n[0] = 120;
	s = srv(b, "192.0.2.10", 0);
	s->it[BR_SHUTDOWN].set = 1;
	/* the same key again: the same server, canonical spelling */
	T_ASSERT(bgp_rpki_server_get(b, "2001:DB8:0::5") ==
	    bgp_rpki_server_find(b, "2001:db8::5"));
	T_EQ_INT(b->nrpki_srv, 4);
	errno = 0;
	T_ASSERT(bgp_rpki_server_get(b, "bad_name") == NULL);
	T_EQ_INT(errno, EINVAL);
	T_ASSERT(bgp_rpki_server_get(b, "10.1.2") == NULL);

	n = rpki_cfg_servers(b, out, 8);
	T_EQ_INT(n, 4);
	T_EQ_STR(out[0].host, "192.0.2.10");
	T_EQ_STR(out[1].host, "198.51.100.7");
	T_EQ_STR(out[2].host, "2001:db8::5");
	T_EQ_STR(out[3].host, "cache.example.net");
	/* XR's defaults where nothing is configured */
	T_EQ_INT(out[0].port, 0);
	T_EQ_INT(out[0].shutdown, 1);
	T_EQ_INT(out[0].refresh_time, 600);
	T_EQ_INT(out[0].response_time, 600);
	T_EQ_INT(out[0].purge_time, 60);
	T_EQ_INT(out[0].preference, BGP_RPKI_PREF_DFLT);
	/* configured values; off is 0 */
	T_EQ_INT(out[1].port, 323);
	T_EQ_INT(out[1].shutdown, 0);
	T_EQ_INT(out[1].refresh_time, 0);
	T_EQ_INT(out[1].response_time, 30);
	T_EQ_INT(out[1].purge_time, 120);
	T_EQ_INT(out[1].preference, 3);
	T_EQ_INT(out[2].port, 8282);
	/* bounded by max; none for no router bgp */
	T_EQ_INT(rpki_cfg_servers(b, out, 2), 2);
	T_EQ_STR(out[1].host, "198.51.100.7");
	T_EQ_INT(rpki_cfg_servers(NULL, out, 8), 0);

	bgp_rpki_server_del(b, "198.51.100.7");
	bgp_rpki_server_del(b, "203.0.113.1");	/* absent: nothing */
	T_EQ_INT(rpki_cfg_servers(b, out, 8), 3);
	T_EQ_STR(out[1].host, "2001:db8::5");
	bgp_cfg_free(b);
}

static void
test_routes(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(64512);
	struct bgp_rpki_route	 r;
	struct seen		 s;

	r = RT("2001:db8::/32", 48, 0);
	T_EQ_INT(bgp_rpki_route_add(b, &r), 0);
	r = RT("192.0.2.0/24", 26, 64513);
	T_EQ_INT(bgp_rpki_route_add(b, &r), 0);
	r = RT("192.0.2.0/24", 24, 64514);
	T_EQ_INT(bgp_rpki_route_add(b, &r), 0);
	r = RT("192.0.2.0/24", 24, 64513);
	T_EQ_INT(bgp_rpki_route_add(b, &r), 0);
	T_EQ_INT(bgp_rpki_route_add(b, &r), 0);	/* again: one */
	T_EQ_INT(b->nrpki_rt, 4);

	memset(&s, 0, sizeof(s));
	T_EQ_INT(rpki_cfg_foreach_route(b, collect, &s), 0);
	T_EQ_STR(s.buf, "192.0.2.0/24-24-64513;192.0.2.0/24-24-64514;"
	    "192.0.2.0/24-26-64513;2001:db8::/32-48-0;");
	/* a non-zero return stops the walk and is returned */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	T_EQ_INT(rpki_cfg_foreach_route(b, collect, &s), 7);
	T_EQ_INT(s.n, 2);
	T_EQ_INT(rpki_cfg_foreach_route(NULL, collect, &s), 0);

	r = RT("192.0.2.0/24", 24, 64514);
	T_EQ_INT(bgp_rpki_route_del(b, &r), 1);
	T_EQ_INT(bgp_rpki_route_del(b, &r), 0);
	T_EQ_INT(b->nrpki_rt, 3);
	bgp_cfg_free(b);
}

static void
test_print_dup(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(64512), *d;
	struct bgp_rpki_server	*s;
	struct bgp_rpki_route	 r;
	char			*t1, *t2;

	s = srv(b, "192.0.2.10", 3323);
	s->it[BR_REFRESH_TIME].set = 1;
	s->it[BR_REFRESH_TIME].n[0] = 30;
	s->it[BR_PREFERENCE].set = 1;
	s->it[BR_PREFERENCE].n[0] = 1;
	s = srv(b, "2001:db8::5", 0);
	s->it[BR_TRANSPORT].set = 1;
	s->it[BR_TRANSPORT].opt = BGP_OPT_SSH;
	s->it[BR_TRANSPORT].n[0] = 22;
	s->it[BR_USERNAME].set = 1;
	if (bgp_item_set_str(&s->it[BR_USERNAME], "rpki") == -1)
		abort();
	r = RT("198.51.100.0/24", 24, 64515);
	bgp_rpki_route_add(b, &r);
	b->g[BG_OAS_TIME].set = 1;
	b->g[BG_OAS_TIME].opt = BGP_OPT_OFF;
	b->af[BGP_AFI_V4].present = 1;
	b->af[BGP_AFI_V4].oas_validation.set = 1;
	b->af[BGP_AFI_V4].oas_use_validity.set = 1;

	t1 = text(b);
	T_EQ_STR(t1, "router bgp 64512\n"
	    " bgp origin-as validation time off\n"
	    " rpki server 192.0.2.10\n"
	    "  transport tcp port 3323\n"
	    "  preference 1\n"
	    "  refresh-time 30\n"
	    " !\n"
	    " rpki server 2001:db8::5\n"
	    "  transport ssh port 22\n"
	    "  username rpki\n"
	    " !\n"
	    " rpki route 198.51.100.0/24 max 24 origin 64515\n"
	    " address-family ipv4 unicast\n"
	    "  bgp origin-as validation enable\n"
	    "  bgp bestpath origin-as use validity\n"
	    " !\n"
	    "!\n");
	/* a copy prints the same and owns its strings */
	d = bgp_cfg_dup(b);
	T_ASSERT(d != NULL);
	bgp_cfg_free(b);
	t2 = text(d);
	T_EQ_STR(t2, t1);
	bgp_cfg_free(d);
	free(t1);
	free(t2);
}

static void
test_validate(void)
{
	struct bgp_cfg		*b = bgp_cfg_new(64512);
	struct bgp_rpki_server	*s;
	struct cfg_errors	 errs;
	char			 host[32];
	int			 i;

	cfg_errors_init(&errs);
	srv(b, "192.0.2.10", 3323);		/* fine */
	srv(b, "192.0.2.11", 0)->it[BR_SHUTDOWN].set = 1; /* fine: shut */
	T_EQ_INT(bgp_cfg_validate(b, NULL, &errs), 0);

	srv(b, "192.0.2.12", 0);		/* no transport */
	srv(b, "cache.example.net", 3323);	/* a name */
	s = srv(b, "192.0.2.13", 0);		/* ssh and its user */
	s->it[BR_TRANSPORT].set = 1;
	s->it[BR_TRANSPORT].opt = BGP_OPT_SSH;
	s->it[BR_TRANSPORT].n[0] = 22;
	s->it[BR_USERNAME].set = 1;
	if (bgp_item_set_str(&s->it[BR_USERNAME], "u") == -1)
		abort();
	T_EQ_INT(bgp_cfg_validate(b, NULL, &errs), 4);
	T_EQ_STR(errs.v[0].path, "router bgp 64512\n rpki server 192.0.2.12");
	T_ASSERT(strstr(errs.v[0].msg, "has no transport") != NULL);
	T_EQ_STR(errs.v[1].path,
	    "router bgp 64512\n rpki server cache.example.net");
	T_ASSERT(strstr(errs.v[1].msg, "is a host name") != NULL);
	T_EQ_STR(errs.v[2].path, "router bgp 64512\n rpki server 192.0.2.13\n"
	    "  transport ssh port 22");
	T_ASSERT(strstr(errs.v[2].msg, "not supported on this platform")
	    != NULL);
	T_EQ_STR(errs.v[3].path, "router bgp 64512\n rpki server 192.0.2.13\n"
	    "  username u");
	cfg_errors_free(&errs);

	/* one server more than the RTR client has sources for */
	bgp_cfg_free(b);
	b = bgp_cfg_new(64512);
	cfg_errors_init(&errs);
	for (i = 0; i <= BGP_RPKI_SERVERS_MAX; i++) {
		snprintf(host, sizeof(host), "192.0.2.%d", i + 1);
		srv(b, host, 323);
	}
	T_EQ_INT(bgp_cfg_validate(b, NULL, &errs), 1);
	T_ASSERT(errs.n == 1 && strstr(errs.v[0].msg, "At most 31") != NULL);
	cfg_errors_free(&errs);
	bgp_cfg_free(b);
}

static void
test_knobs(void)
{
	struct bgp_cfg	*b = bgp_cfg_new(64512);

	T_EQ_INT(rpki_cfg_validation(NULL, BGP_AFI_V4), 0);
	T_EQ_INT(rpki_cfg_use_validity(b, BGP_AFI_V4), 0);
	b->af[BGP_AFI_V4].present = 1;
	b->af[BGP_AFI_V6].present = 1;
	b->af[BGP_AFI_V4].oas_validation.set = 1;
	b->af[BGP_AFI_V6].oas_allow_invalid.set = 1;
	T_EQ_INT(rpki_cfg_validation(b, BGP_AFI_V4), 1);
	T_EQ_INT(rpki_cfg_validation(b, BGP_AFI_V6), 0);
	T_EQ_INT(rpki_cfg_allow_invalid(b, BGP_AFI_V4), 0);
	T_EQ_INT(rpki_cfg_allow_invalid(b, BGP_AFI_V6), 1);
	/* router bgp's knob counts in every configured address family */
	b->g[BG_OAS_USE_VALIDITY].set = 1;
	T_EQ_INT(rpki_cfg_use_validity(b, BGP_AFI_V4), 1);
	T_EQ_INT(rpki_cfg_use_validity(b, BGP_AFI_V6), 1);
	b->af[BGP_AFI_V6].present = 0;
	T_EQ_INT(rpki_cfg_use_validity(b, BGP_AFI_V6), 0);
	T_EQ_INT(rpki_cfg_use_validity(b, 7), 0);
	bgp_cfg_free(b);
}

int
main(void)
{
	test_knobs();
	test_servers();
	test_routes();
	test_print_dup();
	test_validate();
	return T_DONE();
}
