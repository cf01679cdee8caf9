/*
 * test_bgpmon: the bgp-monitor detectors with hand-made AS paths (AS_SET,
 * prepends, 4-byte ASNs, confederation segments): origin, length, hops,
 * the relationship table and CAIDA file reader (bad lines with their
 * numbers), the valley-free check both ways, and the runtime detectors
 * (protected origin, sub-prefix, origin history, long path, flap, the
 * alert ring and counters) driven with an explicit clock.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/bgp/attr.h"
#include "core/bgp/bgpmon.h"
#include "core/bgp/bgpmon_path.h"
#include "core/config/bgpmon_rel.h"
#include "core/bgp/proto.h"
#include "core/lib/log.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"
#include "t.h"

/* a path under construction: segments appended with seg() */
struct path {
	uint8_t	 b[1024];
	size_t	 len;
};

static void
seg(struct path *p, uint8_t type, int n, ...)
{
	va_list		 ap;
	uint32_t	 a;
	int		 i;

	va_start(ap, n);
	p->b[p->len++] = type;
	p->b[p->len++] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		a = va_arg(ap, uint32_t);
		p->b[p->len++] = (uint8_t)(a >> 24);
		p->b[p->len++] = (uint8_t)(a >> 16);
		p->b[p->len++] = (uint8_t)(a >> 8);
		p->b[p->len++] = (uint8_t)a;
	}
	va_end(ap);
}

static struct xprefix
pfx(const char *s)
{
	struct xprefix	 p;

	if (prefix_parse(s, &p, 0) == -1)
		abort();
	return p;
}

static void
test_origin_length(void)
{
	struct path	 p;
	uint32_t	 asn;

	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65002u, 65003u, 65066u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_AS);
	T_EQ_INT(asn, 65066);
	T_EQ_INT(bgp_aspath_length(p.b, p.len), 3);

	/* prepends: the origin is still the last AS; XR counts each */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 5, 65002u, 65002u, 65002u, 65001u, 65001u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_AS);
	T_EQ_INT(asn, 65001);
	T_EQ_INT(bgp_aspath_length(p.b, p.len), 5);

	/* AS_SET at the end: unknown origin; a set counts 1 */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 2, 65002u, 65003u);
	seg(&p, BGP_AS_SET, 3, 65010u, 65011u, 65012u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_SET);
	T_EQ_INT(asn, 0);
	T_EQ_INT(bgp_aspath_length(p.b, p.len), 3);

	/* a set in the middle does not hide the origin */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SET, 2, 65010u, 65011u);
	seg(&p, BGP_AS_SEQUENCE, 1, 65001u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_AS);
	T_EQ_INT(asn, 65001);

	/* confederation segments count 0 and are never the origin */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_CONFED_SEQUENCE, 2, 64512u, 64513u);
	seg(&p, BGP_AS_SEQUENCE, 2, 65002u, 65001u);
	T_EQ_INT(bgp_aspath_length(p.b, p.len), 2);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_AS);
	T_EQ_INT(asn, 65001);
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_CONFED_SEQUENCE, 1, 64512u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_NONE);
	T_EQ_INT(bgpmon_path_origin(NULL, 0, &asn), BGPMON_ORIG_NONE);

	/* 4-byte ASNs */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 2, 4200000001u, 4294967294u);
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_AS);
	T_EQ_INT(asn, 4294967294u);

	/* a segment claiming more than the bytes hold is not read */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 1, 65001u);
	p.b[1] = 9;
	T_EQ_INT(bgpmon_path_origin(p.b, p.len, &asn), BGPMON_ORIG_NONE);
}

static void
test_hops(void)
{
	struct path	 p;
	uint32_t	 h[16];
	size_t		 n;

	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_CONFED_SEQUENCE, 1, 64512u);
	seg(&p, BGP_AS_SEQUENCE, 6, 65030u, 65030u, 65030u, 65031u, 65032u,
	    65032u);
	seg(&p, BGP_AS_SET, 2, 1u, 2u);
	n = bgpmon_path_hops(p.b, p.len, h, 16);
	T_EQ_INT(n, 4);
	T_EQ_INT(h[0], 65030);
	T_EQ_INT(h[1], 65031);
	T_EQ_INT(h[2], 65032);
	T_EQ_INT(h[3], 0);
	/* bounded by max */
	T_EQ_INT(bgpmon_path_hops(p.b, p.len, h, 2), 2);
}

static unsigned	 errlines[16], nerr;
static char	 lasterr[256];

static void
collect(unsigned line, const char *msg, void *arg)
{
	(void)arg;
	if (nerr < 16)
		errlines[nerr] = line;
	nerr++;
	snprintf(lasterr, sizeof(lasterr), "%s", msg);
}

static void
test_rels(void)
{
	struct bgpmon_rels	*r;
	enum bgpmon_relk	 k;
	const char		*why;
	uint32_t		 a, b;
	char			 tmpl[] = "/tmp/test_bgpmon_XXXXXX";
	FILE			*fp;
	int			 fd;
	long			 n;

	T_EQ_INT(bgpmon_rel_parse_line("65001|65002|-1\n", &a, &b, &k, &why),
	    1);
	T_EQ_INT(a, 65001);
	T_EQ_INT(b, 65002);
	T_EQ_INT(k, BGPMON_REL_CUSTOMER);
	T_EQ_INT(bgpmon_rel_parse_line("65001|65002|0|bgp\r\n", &a, &b, &k,
	    &why), 1);
	T_EQ_INT(k, BGPMON_REL_PEER);
	T_EQ_INT(bgpmon_rel_parse_line("4200000001|4294967295|-1", &a, &b,
	    &k, &why), 1);
	T_EQ_INT(b, 4294967295u);
	T_EQ_INT(bgpmon_rel_parse_line("# comment\n", &a, &b, &k, &why), 0);
	T_EQ_INT(bgpmon_rel_parse_line("   \n", &a, &b, &k, &why), 0);
	T_EQ_INT(bgpmon_rel_parse_line("65001|65002\n", &a, &b, &k, &why), -1);
	T_EQ_INT(bgpmon_rel_parse_line("65001|65002|1\n", &a, &b, &k, &why),
	    -1);
	T_EQ_INT(bgpmon_rel_parse_line("65001|x|0\n", &a, &b, &k, &why), -1);
	T_EQ_INT(bgpmon_rel_parse_line("4294967296|1|0\n", &a, &b, &k, &why),
	    -1);
	T_EQ_INT(bgpmon_rel_parse_line("0|1|0\n", &a, &b, &k, &why), -1);
	T_EQ_INT(bgpmon_rel_parse_line("7|7|0\n", &a, &b, &k, &why), -1);

	r = bgpmon_rels_new();
	T_ASSERT(r != NULL);
	/* 65002 is 65001's customer */
	T_EQ_INT(bgpmon_rels_add(r, 65001, 65002, BGPMON_REL_CUSTOMER), 0);
	T_EQ_INT(bgpmon_rels_add(r, 65003, 65002, BGPMON_REL_PEER), 0);
	T_EQ_INT(bgpmon_rels_add(r, 65005, 65004, BGPMON_REL_PROVIDER), 0);
	/* the last given wins */
	T_EQ_INT(bgpmon_rels_add(r, 65004, 65005, BGPMON_REL_PEER), 0);
	bgpmon_rels_finish(r);
	T_EQ_INT(bgpmon_rels_count(r), 3);
	T_EQ_INT(bgpmon_rels_get(r, 65001, 65002), BGPMON_REL_CUSTOMER);
	T_EQ_INT(bgpmon_rels_get(r, 65002, 65001), BGPMON_REL_PROVIDER);
	T_EQ_INT(bgpmon_rels_get(r, 65002, 65003), BGPMON_REL_PEER);
	T_EQ_INT(bgpmon_rels_get(r, 65005, 65004), BGPMON_REL_PEER);
	T_EQ_INT(bgpmon_rels_get(r, 65001, 65003), BGPMON_REL_NONE);
	bgpmon_rels_free(r);

	/* many pairs: the hash index agrees with what was added */
	r = bgpmon_rels_new();
	for (a = 1; a <= 20000; a++)
		bgpmon_rels_add(r, a, a * 7 + 3, a % 3 == 0 ?
		    BGPMON_REL_PEER : BGPMON_REL_CUSTOMER);
	bgpmon_rels_finish(r);
	T_EQ_INT(bgpmon_rels_count(r), 20000);
	for (a = 1, nerr = 0; a <= 20000; a++)
		if (bgpmon_rels_get(r, a * 7 + 3, a) != (a % 3 == 0 ?
		    BGPMON_REL_PEER : BGPMON_REL_PROVIDER) ||
		    bgpmon_rels_get(r, a, a * 7 + 4) != BGPMON_REL_NONE)
			nerr++;
	T_EQ_INT(nerr, 0);
	/* the pairs of AS 7*1000+3 kept apart: the same answers, both ways */
	bgpmon_rels_add(r, 7003, 1, BGPMON_REL_PROVIDER);
	bgpmon_rels_add(r, 99999, 7003, BGPMON_REL_PEER);
	bgpmon_rels_finish(r);
	bgpmon_rels_set_local(r, 7003);
	T_EQ_INT(bgpmon_rels_get(r, 7003, 1000), BGPMON_REL_PROVIDER);
	T_EQ_INT(bgpmon_rels_get(r, 1000, 7003), BGPMON_REL_CUSTOMER);
	T_EQ_INT(bgpmon_rels_get(r, 7003, 1), BGPMON_REL_PROVIDER);
	T_EQ_INT(bgpmon_rels_get(r, 1, 7003), BGPMON_REL_CUSTOMER);
	T_EQ_INT(bgpmon_rels_get(r, 7003, 99999), BGPMON_REL_PEER);
	T_EQ_INT(bgpmon_rels_get(r, 7003, 2), BGPMON_REL_NONE);
	T_EQ_INT(bgpmon_rels_get(r, 2, 7003), BGPMON_REL_NONE);
	for (a = 1, nerr = 0; a <= 20000; a++)
		if (bgpmon_rels_get(r, a * 7 + 3, a) != (a % 3 == 0 ?
		    BGPMON_REL_PEER : BGPMON_REL_PROVIDER))
			nerr++;
	T_EQ_INT(nerr, 0);
	/* a local AS without pairs: nothing found, the rest unchanged */
	bgpmon_rels_set_local(r, 4000000000u);
	T_EQ_INT(bgpmon_rels_get(r, 4000000000u, 1), BGPMON_REL_NONE);
	T_EQ_INT(bgpmon_rels_get(r, 1000, 7003), BGPMON_REL_CUSTOMER);
	bgpmon_rels_free(r);

	/* a file: good lines, comments and three bad lines */
	if ((fd = mkstemp(tmpl)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		abort();
	fputs("# as-rel\n65001|65002|-1\n\n65002|65003|0|bgp\n"
	    "bad line\n65004|65004|0\n65005|65006|1\n4200000001|65001|-1\n",
	    fp);
	fclose(fp);
	r = bgpmon_rels_new();
	nerr = 0;
	n = bgpmon_rel_load(r, tmpl, collect, NULL);
	bgpmon_rels_finish(r);
	T_EQ_INT(n, 3);
	T_EQ_INT(nerr, 3);
	T_EQ_INT(errlines[0], 5);
	T_EQ_INT(errlines[1], 6);
	T_EQ_INT(errlines[2], 7);
	T_EQ_INT(bgpmon_rels_get(r, 65001, 4200000001u), BGPMON_REL_PROVIDER);
	T_EQ_INT(bgpmon_rels_get(r, 65003, 65002), BGPMON_REL_PEER);
	/* check-only (the commit's validation) reads the same */
	nerr = 0;
	T_EQ_INT(bgpmon_rel_load(NULL, tmpl, collect, NULL), 3);
	T_EQ_INT(nerr, 3);
	bgpmon_rels_free(r);
	unlink(tmpl);
	nerr = 0;
	T_EQ_INT(bgpmon_rel_load(NULL, tmpl, collect, NULL), -1);
	T_EQ_INT(nerr, 1);
	T_EQ_INT(errlines[0], 0);
	T_ASSERT(strstr(lasterr, "cannot open") != NULL);
}

#define LOCAL	64500u

static struct bgpmon_rels *
leak_rels(void)
{
	struct bgpmon_rels	*r = bgpmon_rels_new();

	/* ours: 65010 customer, 65020 provider, 65030 peer */
	bgpmon_rels_add(r, LOCAL, 65010, BGPMON_REL_CUSTOMER);
	bgpmon_rels_add(r, LOCAL, 65020, BGPMON_REL_PROVIDER);
	bgpmon_rels_add(r, LOCAL, 65030, BGPMON_REL_PEER);
	/* beyond: 65032 customer of 65031, 65031 peer of 65030, 65011
	   provider of 65010, 65020 peer of 65021, 65022 customer of
	   65021, 4-byte: 4200000002 customer of 4200000001, which is
	   65010's provider */
	bgpmon_rels_add(r, 65031, 65032, BGPMON_REL_CUSTOMER);
	bgpmon_rels_add(r, 65031, 65030, BGPMON_REL_PEER);
	bgpmon_rels_add(r, 65010, 65011, BGPMON_REL_PROVIDER);
	bgpmon_rels_add(r, 65020, 65021, BGPMON_REL_PEER);
	bgpmon_rels_add(r, 65021, 65022, BGPMON_REL_CUSTOMER);
	bgpmon_rels_add(r, 4200000001u, 4200000002u, BGPMON_REL_CUSTOMER);
	bgpmon_rels_add(r, 65010, 4200000001u, BGPMON_REL_PROVIDER);
	bgpmon_rels_finish(r);
	return r;
}

static int
leak_of(const struct bgpmon_rels *r, uint32_t local, const struct path *p,
    struct bgpmon_leak *lk)
{
	uint32_t	 h[64];
	size_t		 n = bgpmon_path_hops(p->b, p->len, h, 64);

	return bgpmon_path_leak(r, local, h, n, lk);
}

static void
test_leak(void)
{
	struct bgpmon_rels	*r = leak_rels();
	struct bgpmon_leak	 lk;
	struct path		 p;

	/* customer 65010 sends a route through our provider 65020 */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65010u, 65020u, 65099u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_CUSTOMER);
	T_EQ_INT(lk.leaker, 65010);
	T_EQ_INT(lk.from, 65020);

	/* peer 65030 passes on what its peer 65031 sent it: a valley */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65030u, 65031u, 65032u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_VALLEY);
	T_EQ_INT(lk.leaker, 65030);
	T_EQ_INT(lk.from, 65031);
	T_EQ_INT(lk.from_rel, BGPMON_REL_PEER);
	T_EQ_INT(lk.to, LOCAL);
	T_EQ_INT(lk.to_rel, BGPMON_REL_PEER);
	/* the same with prepends and a confederation segment in front */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_CONFED_SEQUENCE, 2, 64512u, 64513u);
	seg(&p, BGP_AS_SEQUENCE, 6, 65030u, 65030u, 65030u, 65031u, 65032u,
	    65032u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_VALLEY);
	T_EQ_INT(lk.leaker, 65030);
	/* learned over iBGP: our own hop is not part of it, no valley */
	T_EQ_INT(leak_of(r, 0, &p, &lk), BGPMON_LEAK_NONE);

	/* customer 65010 passes on its provider 65011's route to us, its
	   other provider: the other direction of a valley */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 2, 65010u, 65011u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_VALLEY);
	T_EQ_INT(lk.leaker, 65010);
	T_EQ_INT(lk.from, 65011);
	T_EQ_INT(lk.from_rel, BGPMON_REL_PROVIDER);
	T_EQ_INT(lk.to_rel, BGPMON_REL_PROVIDER);

	/* 4-byte ASNs: 4200000002 -> 4200000001 (up) -> 65010 (down) ->
	   us, 65010's provider: up after down */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65010u, 4200000001u, 4200000002u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_VALLEY);
	T_EQ_INT(lk.leaker, 65010);
	T_EQ_INT(lk.from, 4200000001u);

	/* valid: up (65022 -> 65021), across (-> 65020), down (-> us) */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65020u, 65021u, 65022u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_NONE);
	/* valid: a customer's own route */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 2, 65010u, 65010u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_NONE);
	/* an AS_SET where the peer link was: that hop is unknown, the
	   rest is fine */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 1, 65030u);
	seg(&p, BGP_AS_SET, 2, 1u, 2u);
	seg(&p, BGP_AS_SEQUENCE, 2, 65031u, 65032u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_NONE);
	/* unknown ASes everywhere: nothing to say */
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 1u, 2u, 3u);
	T_EQ_INT(leak_of(r, LOCAL, &p, &lk), BGPMON_LEAK_NONE);
	bgpmon_rels_free(r);
}

/* ---- the runtime ---- */

static char	 lastlog[512];
static unsigned	 nlog;

static void
capture(enum log_level l, const char *line, void *arg)
{
	(void)l;
	(void)arg;
	nlog++;
	snprintf(lastlog, sizeof(lastlog), "%s", line);
}

static struct rpl_db *
db_with_own(void)
{
	struct rpl_db	*db = rpl_db_new();
	struct rpl_set	*s;
	struct rpl_err	 err;

	s = rpl_parse_set("prefix-set OWN\n  192.0.2.0/24 le 28,\n"
	    "  2001:db8::/32\nend-set\n", &err);
	if (db == NULL || s == NULL || rpl_db_put_set(db, s) == -1)
		abort();
	return db;
}

static const struct bgpmon_alert *
last_alert(void)
{
	size_t	 n = bgpmon_alerts_len();

	return n ? bgpmon_alert_nth(n - 1) : NULL;
}

static int	 repeat;	/* what the receive side's `seen` says */

static int
seen_cb(void *arg)
{
	(void)arg;
	return repeat;
}

static void
rcvd(const char *prefix, const struct path *p, int ebgp, double now)
{
	struct xprefix		 x = pfx(prefix);
	struct xaddr		 nbr;
	struct bgpmon_path	 mp;

	addr_parse("127.0.0.2", &nbr);
	memset(&mp, 0, sizeof(mp));
	mp.pfx = &x;
	mp.nbr = &nbr;
	mp.ebgp = ebgp;
	mp.aspath = p->b;
	mp.aspath_len = p->len;
	mp.seen = seen_cb;
	bgpmon_path_rcvd(&mp, now);
}

static void
best(const char *prefix, const struct path *p, double now)
{
	struct xprefix		 x = pfx(prefix);
	struct xaddr		 nbr;
	struct bgpmon_path	 mp;

	addr_parse("127.0.0.3", &nbr);
	memset(&mp, 0, sizeof(mp));
	mp.pfx = &x;
	if (p != NULL) {
		mp.nbr = &nbr;
		mp.aspath = p->b;
		mp.aspath_len = p->len;
	}
	bgpmon_best_changed(&mp, p == NULL, now);
}

static void
test_runtime(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new();
	struct bgpmon_protect	 pr;
	struct bgpmon_origin	 o[8];
	struct rpl_db		*db = db_with_own();
	struct path		 legit, hij, lng, set;
	struct xaddr		 a;
	struct xprefix		 x;
	const struct bgpmon_alert *al;
	uint64_t		 before;
	size_t			 n;
	int			 i;

	memset(&pr, 0, sizeof(pr));
	snprintf(pr.set, sizeof(pr.set), "OWN");
	pr.asns[0] = 65001;
	pr.nasns = 1;
	bgpmon_cfg_put_protect(c, &pr);
	bgpmon_cfg_put_rel(c, 65030, BGPMON_REL_PEER);
	c->history = 2;
	c->flap_n = 3;
	c->flap_window = 10;
	T_EQ_INT(bgpmon_active, 0);
	bgpmon_apply(c, db, LOCAL);
	T_EQ_INT(bgpmon_active, 1);

	memset(&legit, 0, sizeof(legit));
	seg(&legit, BGP_AS_SEQUENCE, 2, 65002u, 65001u);
	memset(&hij, 0, sizeof(hij));
	seg(&hij, BGP_AS_SEQUENCE, 2, 65002u, 65066u);

	/* the allowed origin: nothing */
	rcvd("192.0.2.0/24", &legit, 1, 1);
	best("192.0.2.0/24", &legit, 1);
	rcvd("192.0.2.0/25", &legit, 1, 1);
	T_EQ_INT(bgpmon_alerts_len(), 0);

	/* a foreign origin for protected space: both origins named */
	rcvd("192.0.2.0/24", &hij, 1, 2);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 1);
	al = last_alert();
	T_ASSERT(al != NULL && al->kind == BGPMON_K_ORIGIN);
	T_EQ_INT(al->origin, 65066);
	T_EQ_INT(al->prev_origin, 65001);
	T_ASSERT(strstr(al->text, "AS 65066") != NULL);
	T_ASSERT(strstr(al->text, "65001") != NULL);
	T_ASSERT(strstr(al->text, "neighbor 127.0.0.2") != NULL);
	T_ASSERT(strstr(al->text, "path 65002 65066") != NULL);
	T_EQ_STR(lastlog, "%ROUTING-BGP-4-ORIGIN_CHANGE : prefix 192.0.2.0/24 "
	    "origin AS 65066 is not an allowed origin (prefix-set OWN allows "
	    "AS 65001, previously AS 65001) (neighbor 127.0.0.2, path 65002 "
	    "65066)");
	/* the same path again: no second alert */
	repeat = 1;
	rcvd("192.0.2.0/24", &hij, 1, 2);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 1);
	repeat = 0;
	/* it wins the best path: the receive side said it, no second one */
	best("192.0.2.0/24", &hij, 2);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 1);
	x = pfx("192.0.2.0/24");
	n = bgpmon_origin_history(&x, o, 8);
	T_EQ_INT(n, 2);
	T_EQ_INT(o[0].asn, 65066);
	T_EQ_INT(o[1].asn, 65001);

	/* a more-specific, from the foreign origin and v6 */
	rcvd("192.0.2.128/25", &hij, 1, 3);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_SUBPFX), 1);
	al = last_alert();
	T_ASSERT(strstr(al->text, "192.0.2.128/25 is a more-specific of "
	    "protected 192.0.2.0/24") != NULL);
	rcvd("2001:db8:1::/48", &hij, 1, 3);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_SUBPFX), 2);
	/* outside the protected space: nothing */
	rcvd("198.51.100.0/24", &hij, 1, 3);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_SUBPFX), 2);
	/* an AS_SET origin is unknown, so not an allowed one */
	memset(&set, 0, sizeof(set));
	seg(&set, BGP_AS_SEQUENCE, 1, 65002u);
	seg(&set, BGP_AS_SET, 2, 65001u, 65003u);
	rcvd("192.0.2.0/24", &set, 1, 3);
	al = last_alert();
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 2);
	T_ASSERT(strstr(al->text, "unknown (AS_SET)") != NULL);

	/* history of an unprotected prefix: change, depth 2 */
	best("198.51.100.0/24", &legit, 4);
	best("198.51.100.0/24", &hij, 20);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 3);
	al = last_alert();
	T_ASSERT(strstr(al->text, "origin changed from AS 65001 to AS 65066")
	    != NULL);
	best("198.51.100.0/24", &set, 40);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 4);
	x = pfx("198.51.100.0/24");
	n = bgpmon_origin_history(&x, o, 8);
	T_EQ_INT(n, 2);
	T_EQ_INT(o[0].set, 1);
	T_EQ_INT(o[1].asn, 65066);
	/* back to a known origin: it moves to the front, seen twice */
	best("198.51.100.0/24", &hij, 60);
	n = bgpmon_origin_history(&x, o, 8);
	T_EQ_INT(o[0].asn, 65066);
	T_EQ_INT(o[0].times, 2);

	/* long path: 20 is fine, 21 (prepends counted) is not; a set 1 */
	memset(&lng, 0, sizeof(lng));
	seg(&lng, BGP_AS_SEQUENCE, 19, 65002u, 65002u, 65002u, 65002u,
	    65002u, 65002u, 65002u, 65002u, 65002u, 65002u, 65002u, 65002u,
	    65002u, 65002u, 65002u, 65002u, 65002u, 65002u, 65005u);
	seg(&lng, BGP_AS_CONFED_SEQUENCE, 3, 1u, 2u, 3u);
	seg(&lng, BGP_AS_SET, 2, 65005u, 65006u);
	rcvd("203.0.113.0/24", &lng, 1, 70);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LONG), 0);
	seg(&lng, BGP_AS_SEQUENCE, 1, 65007u);
	rcvd("203.0.113.0/24", &lng, 1, 70);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LONG), 1);
	T_ASSERT(strstr(last_alert()->text, "length 21 exceeds the threshold "
	    "20") != NULL);

	/* leak: our peer 65030 passes on a route from 65031 ... only our
	   own relationships are known here, so nothing; with the file's
	   pairs it is a valley (test_leak) */
	memset(&lng, 0, sizeof(lng));
	seg(&lng, BGP_AS_SEQUENCE, 2, 65030u, 65020u);
	before = bgpmon_alert_count(BGPMON_K_LEAK);
	rcvd("203.0.113.0/24", &lng, 1, 71);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LEAK), before);

	/* flap: 3 changes in 10 s are fine, the 4th alerts */
	for (i = 0; i < 3; i++)
		best("192.0.2.64/26", i % 2 ? NULL : &legit, 100 + i);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_FLAP), 0);
	best("192.0.2.64/26", NULL, 104);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_FLAP), 1);
	T_ASSERT(strstr(last_alert()->text, "changed 4 times within 10 "
	    "seconds") != NULL);
	/* raised by a withdrawal: the neighbor and origin of the best path
	   that went */
	T_ASSERT(addr_parse("127.0.0.3", &a) == 0 &&
	    addr_cmp(&last_alert()->nbr, &a) == 0);
	T_EQ_INT(last_alert()->origin, 65001);
	/* slow changes never alert */
	for (i = 0; i < 10; i++)
		best("192.0.2.80/28", i % 2 ? NULL : &legit, 200 + 11 * i);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_FLAP), 1);

	/* alert none: not raised */
	c->alert[BGPMON_K_LONG] = BGPMON_ALERT_NONE;
	bgpmon_apply(c, db, LOCAL);
	seg(&lng, BGP_AS_SEQUENCE, 19, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u,
	    10u, 11u, 12u, 13u, 14u, 15u, 16u, 17u, 18u, 19u);
	rcvd("203.0.113.0/24", &lng, 1, 300);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LONG), 1);
	/* the state survives a new commit */
	n = bgpmon_origin_history(&x, o, 8);
	T_EQ_INT(n, 2);
	/* a smaller depth cuts the oldest, without a walk at commit */
	c->history = 1;
	bgpmon_apply(c, db, LOCAL);
	T_EQ_INT(bgpmon_origin_history(&x, o, 8), 1);
	best("198.51.100.0/24", &legit, 310);
	T_EQ_INT(bgpmon_origin_history(&x, o, 8), 1);
	T_EQ_INT(o[0].asn, 65001);
	c->history = 2;
	bgpmon_apply(c, db, LOCAL);

	/* the ring: oldest first, clear keeps the counters */
	T_ASSERT(bgpmon_alerts_len() >= 6);
	T_ASSERT(bgpmon_alert_nth(0)->seq < bgpmon_alert_nth(1)->seq);
	bgpmon_alerts_clear();
	T_EQ_INT(bgpmon_alerts_len(), 0);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_FLAP), 1);

	/* off: nothing kept, hooks do nothing */
	bgpmon_apply(NULL, NULL, 0);
	T_EQ_INT(bgpmon_active, 0);
	nlog = 0;
	rcvd("192.0.2.0/24", &hij, 1, 400);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_ORIGIN), 6);
	T_EQ_INT(nlog, 0);
	T_EQ_INT(bgpmon_origin_history(&x, o, 8), 0);
	bgpmon_cfg_free(c);
	rpl_db_free(db);
}

static void
test_ring_bound(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new();
	struct path		 lng;
	int			 i;

	memset(&lng, 0, sizeof(lng));
	seg(&lng, BGP_AS_SEQUENCE, 3, 1u, 2u, 3u);
	c->long_path = 2;
	bgpmon_apply(c, NULL, LOCAL);
	for (i = 0; i < BGPMON_RING + 5; i++)
		rcvd("203.0.113.0/24", &lng, 1, i);
	T_EQ_INT(bgpmon_alerts_len(), BGPMON_RING);
	T_EQ_INT(bgpmon_alert_nth(BGPMON_RING - 1)->seq -
	    bgpmon_alert_nth(0)->seq, BGPMON_RING - 1);
	bgpmon_free();
	bgpmon_cfg_free(c);
}

/* a commit reads the relationship file again only when it changed */
static void
test_relfile_reload(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new();
	struct bgpmon_stats	 st;
	char			 tmpl[] = "/tmp/test_bgpmon_XXXXXX";
	FILE			*fp;
	int			 fd;

	if ((fd = mkstemp(tmpl)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		abort();
	fputs("1|2|-1\n3|4|0\n", fp);
	fclose(fp);
	snprintf(c->relfile, sizeof(c->relfile), "%s", tmpl);
	bgpmon_cfg_put_rel(c, 65010, BGPMON_REL_CUSTOMER);
	bgpmon_apply(c, NULL, LOCAL);
	bgpmon_stats(&st);
	T_EQ_INT(st.relationships, 3);
	/* unrelated change: the same table */
	c->long_path = 5;
	bgpmon_apply(c, NULL, LOCAL);
	bgpmon_stats(&st);
	T_EQ_INT(st.relationships, 3);
	/* the file grows: read again */
	if ((fp = fopen(tmpl, "a")) == NULL)
		abort();
	fputs("5|6|0\n7|8|0\n", fp);
	fclose(fp);
	bgpmon_apply(c, NULL, LOCAL);
	bgpmon_stats(&st);
	T_EQ_INT(st.relationships, 5);
	/* a line removed: rebuilt */
	bgpmon_cfg_del_rel(c, 65010);
	bgpmon_apply(c, NULL, LOCAL);
	bgpmon_stats(&st);
	T_EQ_INT(st.relationships, 4);
	/* another local AS: rebuilt with it */
	bgpmon_cfg_put_rel(c, 65020, BGPMON_REL_PROVIDER);
	bgpmon_apply(c, NULL, LOCAL + 1);
	bgpmon_stats(&st);
	T_EQ_INT(st.relationships, 5);
	T_EQ_INT(st.local_as, LOCAL + 1);
	unlink(tmpl);
	bgpmon_free();
	bgpmon_cfg_free(c);
}

/* the remembered valley answer: per path and kind of neighbor, and
   forgotten by a commit */
static void
test_leak_memo(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new();
	struct path		 p;
	char			 tmpl[] = "/tmp/test_bgpmon_XXXXXX";
	FILE			*fp;
	uint64_t		 n0 = bgpmon_alert_count(BGPMON_K_LEAK);
	int			 fd;

	if ((fd = mkstemp(tmpl)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		abort();
	fputs("65030|65031|0\n65031|65032|-1\n", fp);
	fclose(fp);
	snprintf(c->relfile, sizeof(c->relfile), "%s", tmpl);
	bgpmon_cfg_put_rel(c, 65030, BGPMON_REL_PEER);
	bgpmon_apply(c, NULL, LOCAL);
	memset(&p, 0, sizeof(p));
	seg(&p, BGP_AS_SEQUENCE, 3, 65030u, 65031u, 65032u);
	rcvd("203.0.113.0/24", &p, 1, 1);
	rcvd("203.0.113.0/25", &p, 1, 1);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LEAK), n0 + 2);
	/* the same path over iBGP: our own hop is not part of it */
	rcvd("203.0.113.0/26", &p, 0, 1);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LEAK), n0 + 2);
	rcvd("203.0.113.0/27", &p, 1, 1);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LEAK), n0 + 3);
	/* 65030 becomes our provider: down after across, no valley */
	bgpmon_cfg_put_rel(c, 65030, BGPMON_REL_PROVIDER);
	bgpmon_apply(c, NULL, LOCAL);
	rcvd("203.0.113.0/28", &p, 1, 1);
	T_EQ_INT(bgpmon_alert_count(BGPMON_K_LEAK), n0 + 3);
	unlink(tmpl);
	bgpmon_free();
	bgpmon_cfg_free(c);
}

static void
test_cfg(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new(), *d;
	struct strbuf		 sb = STRBUF_INIT;
	uint32_t		 asns[BGPMON_ORIGINS_MAX];
	char			 bad[32];
	size_t			 n;

	T_EQ_INT(bgpmon_parse_asns("65001,4200000001,1.10", asns, 16, &n,
	    bad, sizeof(bad)), 0);
	T_EQ_INT(n, 3);
	T_EQ_INT(asns[2], 65546);
	T_EQ_INT(bgpmon_parse_asns("65001,,2", asns, 16, &n, bad,
	    sizeof(bad)), -1);
	T_EQ_INT(bgpmon_parse_asns("65001,abc", asns, 16, &n, bad,
	    sizeof(bad)), -1);
	T_EQ_STR(bad, "abc");
	T_EQ_INT(bgpmon_parse_asns("0", asns, 16, &n, bad, sizeof(bad)), -1);
	T_EQ_INT(bgpmon_parse_asns("1,2,3", asns, 2, &n, bad, sizeof(bad)),
	    -1);

	bgpmon_cfg_put_rel(c, 65020, BGPMON_REL_PROVIDER);
	bgpmon_cfg_put_rel(c, 65010, BGPMON_REL_CUSTOMER);
	bgpmon_cfg_put_rel(c, 65020, BGPMON_REL_PEER);
	c->alert[BGPMON_K_LEAK] = BGPMON_ALERT_NONE;
	c->long_path = 30;
	d = bgpmon_cfg_dup(c);
	bgpmon_cfg_print(d, &sb);
	T_EQ_STR(sb_str(&sb), "bgp-monitor\n relationship 65010 customer\n"
	    " relationship 65020 peer\n long-path threshold 30\n"
	    " alert leak none\n!\n");
	T_EQ_INT(bgpmon_cfg_flap_n(d), BGPMON_FLAP_N_DFLT);
	T_EQ_INT(bgpmon_cfg_history(NULL), BGPMON_HISTORY_DFLT);
	sb_free(&sb);
	bgpmon_cfg_free(c);
	bgpmon_cfg_free(d);
}

/* many prefixes: the state table grows (several times, past a chunk of
   states) and every prefix keeps its own origin */
static void
test_state_table(void)
{
	struct bgpmon_cfg	*c = bgpmon_cfg_new();
	struct bgpmon_stats	 st;
	struct bgpmon_origin	 o[4];
	struct path		 p[3];
	char			 buf[64];
	int			 i, nerr = 0;

	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		seg(&p[i], BGP_AS_SEQUENCE, 2, 65001u, (uint32_t)(65100 + i));
	}
	bgpmon_apply(c, NULL, LOCAL);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256, i % 256);
		best(buf, &p[i % 3], 10);
		snprintf(buf, sizeof(buf), "2001:db8:%x::/48", i);
		best(buf, &p[(i + 1) % 3], 10);
	}
	bgpmon_stats(&st);
	T_EQ_INT(st.prefixes, 10000);
	T_ASSERT(st.memory >= 10000 * 56);
	for (i = 0; i < 5000; i++) {
		struct xprefix	 x;

		snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256, i % 256);
		x = pfx(buf);
		if (bgpmon_origin_history(&x, o, 4) != 1 ||
		    o[0].asn != (uint32_t)(65100 + i % 3))
			nerr++;
		snprintf(buf, sizeof(buf), "2001:db8:%x::/48", i);
		x = pfx(buf);
		if (bgpmon_origin_history(&x, o, 4) != 1 ||
		    o[0].asn != (uint32_t)(65100 + (i + 1) % 3))
			nerr++;
	}
	T_EQ_INT(nerr, 0);
	/* the neighbor kept as a number: 300 of them, each given back */
	{
		struct xprefix		 x = pfx("10.0.0.0/24");
		struct xaddr		 nb, want;
		struct bgpmon_path	 mp;

		T_EQ_INT(bgpmon_origin_history(&x, o, 4), 1);
		addr_parse("127.0.0.3", &want);
		T_ASSERT(addr_cmp(&o[0].nbr, &want) == 0);
		for (i = 0, nerr = 0; i < 300; i++) {
			snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256,
			    i % 256);
			x = pfx(buf);
			snprintf(buf, sizeof(buf), "127.1.%d.%d", i / 200,
			    i % 200 + 1);
			addr_parse(buf, &nb);
			memset(&mp, 0, sizeof(mp));
			mp.pfx = &x;
			mp.nbr = &nb;
			mp.aspath = p[i % 3].b;
			mp.aspath_len = p[i % 3].len;
			bgpmon_best_changed(&mp, 0, 12);
		}
		for (i = 0; i < 300; i++) {
			snprintf(buf, sizeof(buf), "10.%d.%d.0/24", i / 256,
			    i % 256);
			x = pfx(buf);
			snprintf(buf, sizeof(buf), "127.1.%d.%d", i / 200,
			    i % 200 + 1);
			addr_parse(buf, &nb);
			if (bgpmon_origin_history(&x, o, 4) != 1 ||
			    addr_cmp(&o[0].nbr, &nb) != 0)
				nerr++;
		}
		T_EQ_INT(nerr, 0);
	}
	/* the same prefix again: no new state */
	best("10.0.0.0/24", &p[0], 11);
	bgpmon_stats(&st);
	T_EQ_INT(st.prefixes, 10000);
	{
		struct xprefix	 x = pfx("10.200.0.0/24");

		T_EQ_INT(bgpmon_origin_history(&x, o, 4), 0);
	}
	bgpmon_free();
	bgpmon_stats(&st);
	T_EQ_INT(st.prefixes, 0);
	bgpmon_cfg_free(c);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_origin_length();
	test_hops();
	test_rels();
	test_leak();
	test_runtime();
	test_ring_bound();
	test_state_table();
	test_relfile_reload();
	test_leak_memo();
	test_cfg();
	return T_DONE();
}
