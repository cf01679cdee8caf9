/*
 * test_dampening: RFC 2439 penalty arithmetic of core/bgp/damp.c with
 * a hand-driven clock (every call takes `now`): decay, suppress, reuse,
 * the max-suppress ceiling, history expiry, clear.
 */
#include <math.h>
#include <stdlib.h>

#include "core/bgp/damp.h"
#include "t.h"

static struct damp_key
key(const char *pfx, const char *peer)
{
	struct damp_key	 k;

	memset(&k, 0, sizeof(k));
	if (prefix_parse(pfx, &k.pfx, 1) == -1 ||
	    addr_parse(peer, &k.peer) == -1)
		abort();
	k.afi = k.pfx.addr.af == AF_V6;
	return k;
}

static int	 nreused;

static void
count_reused(const struct damp_rec *r, void *arg)
{
	(void)r;
	(void)arg;
	nreused++;
}

static int
near(double a, double b)
{
	return fabs(a - b) < 0.01;
}

static void
test_math(void)
{
	struct damp_params	 p;

	damp_params_default(&p);
	T_EQ_INT(p.half_life, 900);
	T_EQ_INT(p.reuse, 750);
	T_EQ_INT(p.suppress, 2000);
	T_EQ_INT(p.max_suppress, 3600);
	T_ASSERT(near(damp_decay(1000, 900, 900), 500));
	T_ASSERT(near(damp_decay(1000, 1800, 900), 250));
	T_ASSERT(near(damp_decay(1000, 0, 900), 1000));
	/* 750 * 2^(60/15) = 12000 */
	T_ASSERT(near(damp_ceiling(&p), 12000));
}

/* three withdrawals in a row: 1000, 2000 -> suppressed at the second */
static void
test_suppress_reuse(void)
{
	struct damp_tab		*t = damp_tab_new();
	struct damp_params	 p;
	struct damp_key		 k = key("10.1.0.0/16", "127.0.0.2");
	const struct damp_rec	*r;
	double			 now = 100;

	damp_params_default(&p);
	T_ASSERT(t != NULL);
	/* an announcement with no record makes none */
	T_EQ_INT(damp_announced(t, &k, &p, now, NULL), 0);
	T_EQ_INT(damp_tab_count(t), 0);
	T_EQ_INT(damp_withdrawn(t, &k, &p, now), 0);
	r = damp_find(t, &k);
	T_ASSERT(r != NULL && r->history && r->flaps == 1);
	T_EQ_INT(damp_announced(t, &k, &p, now + 1, NULL), 0);
	T_ASSERT(!r->history);
	/* the second withdrawal at +1 s: 999.2 + 1000 < 2000 */
	T_EQ_INT(damp_withdrawn(t, &k, &p, now + 1), 0);
	T_EQ_INT(damp_announced(t, &k, &p, now + 2, NULL), 0);
	/* an attribute change: +500 crosses 2000 */
	T_EQ_INT(damp_changed(t, &k, &p, now + 2, NULL), 1);
	T_ASSERT(r->suppressed && r->flaps == 3);
	T_EQ_INT(damp_tab_suppressed(t), 1);
	/* penalty ~2497: reuse after 900 * log2(2497/750) ~ 1561 s */
	T_ASSERT(fabs(damp_reuse_in(r, now + 2) - 900 *
	    log2(damp_penalty(r, now + 2) / 750)) < 0.01);
	T_ASSERT(damp_reuse_in(r, now + 2) > 1500 &&
	    damp_reuse_in(r, now + 2) < 1600);
	nreused = 0;
	T_EQ_INT(damp_scan(t, now + 1000, count_reused, NULL), 0);
	T_ASSERT(r->suppressed);
	T_EQ_INT(damp_scan(t, now + 1600, count_reused, NULL), 1);
	T_EQ_INT(nreused, 1);
	T_ASSERT(!r->suppressed);
	T_EQ_INT(damp_tab_count(t), 1);
	/* under half of reuse (375): the record goes, 750 -> 375 in one
	   half-life */
	T_EQ_INT(damp_scan(t, now + 1600 + 950, count_reused, NULL), 0);
	T_EQ_INT(damp_tab_count(t), 0);
	damp_tab_free(t);
}

/* the ceiling keeps a path from being suppressed longer than
   max-suppress after its last flap */
static void
test_ceiling(void)
{
	struct damp_tab		*t = damp_tab_new();
	struct damp_params	 p;
	struct damp_key		 k = key("2001:db8::/32", "::1");
	const struct damp_rec	*r;
	int			 i;

	damp_params_default(&p);
	p.half_life = 60;
	p.max_suppress = 120;	/* ceiling 750 * 4 = 3000 */
	for (i = 0; i < 20; i++)
		T_ASSERT(damp_withdrawn(t, &k, &p, 10) >= 0);
	r = damp_find(t, &k);
	T_ASSERT(r != NULL && r->key.afi == 1);
	T_ASSERT(near(r->penalty, 3000));
	T_EQ_INT(r->flaps, 20);
	T_ASSERT(near(damp_reuse_in(r, 10), 120));
	nreused = 0;
	T_EQ_INT(damp_scan(t, 10 + 119, count_reused, NULL), 0);
	T_EQ_INT(damp_scan(t, 10 + 121, count_reused, NULL), 1);
	/* history: the path is withdrawn, nobody is told */
	T_EQ_INT(nreused, 0);
	damp_tab_free(t);
}

static void
test_clear_sorted(void)
{
	struct damp_tab		*t = damp_tab_new();
	struct damp_params	 p;
	struct damp_key		 k1 = key("10.2.0.0/16", "127.0.0.2");
	struct damp_key		 k2 = key("10.1.0.0/16", "127.0.0.3");
	struct damp_key		 k3 = key("10.1.0.0/16", "127.0.0.2");
	struct xprefix		 x;
	const struct damp_rec	**v;
	size_t			 n;
	char			 buf[PREFIX_STRLEN];
	int			 i;

	damp_params_default(&p);
	for (i = 0; i < 3; i++) {
		(void)damp_withdrawn(t, &k1, &p, 0);
		(void)damp_announced(t, &k1, &p, 0, NULL);
	}
	(void)damp_withdrawn(t, &k2, &p, 0);
	(void)damp_withdrawn(t, &k3, &p, 0);
	v = damp_sorted(t, &n);
	T_EQ_INT(n, 3);
	prefix_format(&v[0]->key.pfx, buf, sizeof(buf));
	T_EQ_STR(buf, "10.1.0.0/16");
	T_EQ_INT(v[0]->key.peer.a[3], 2);
	T_EQ_INT(v[1]->key.peer.a[3], 3);
	prefix_format(&v[2]->key.pfx, buf, sizeof(buf));
	T_EQ_STR(buf, "10.2.0.0/16");
	T_ASSERT(v[2]->suppressed && !v[2]->history);
	free(v);
	damp_clear_flaps(t, 5);
	T_EQ_INT(damp_find(t, &k1)->flaps, 0);
	T_ASSERT(damp_find(t, &k1)->suppressed);
	/* clear one prefix: the present suppressed path is released */
	nreused = 0;
	if (prefix_parse("10.2.0.0/16", &x, 1) == -1)
		abort();
	T_EQ_INT(damp_clear(t, &x, count_reused, NULL), 1);
	T_EQ_INT(nreused, 1);
	T_EQ_INT(damp_tab_count(t), 2);
	/* a session gone: its records become history */
	(void)damp_announced(t, &k3, &p, 0, NULL);
	T_ASSERT(!damp_find(t, &k3)->history);
	damp_peer_gone(t, &k3.peer);
	T_ASSERT(damp_find(t, &k3)->history && damp_find(t, &k2)->history);
	(void)damp_announced(t, &k2, &p, 0, NULL);
	damp_peer_gone(t, &k3.peer);
	T_ASSERT(!damp_find(t, &k2)->history);
	T_EQ_INT(damp_clear(t, NULL, count_reused, NULL), 2);
	T_EQ_INT(damp_tab_count(t), 0);
	/* many records: the table grows */
	for (i = 0; i < 300; i++) {
		k1.pfx.addr.a[1] = (uint8_t)i;
		k1.pfx.addr.a[2] = (uint8_t)(i >> 8);
		T_EQ_INT(damp_withdrawn(t, &k1, &p, 0), 0);
	}
	T_EQ_INT(damp_tab_count(t), 300);
	k1.pfx.addr.a[1] = 7;
	k1.pfx.addr.a[2] = 0;
	T_ASSERT(damp_find(t, &k1) != NULL);
	damp_tab_free(t);
}

int
main(void)
{
	test_math();
	test_suppress_reuse();
	test_ceiling();
	test_clear_sorted();
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed != 0;
}
