/*
 * lab_wait: runs the event loop until the lab's sessions are up and have
 * sent their tables (Established, End-of-RIB received for IPv4), then
 * prints the banner: who plays what, how long it took, and what to try,
 * with a prefix taken from the table just learned.
 *
 * The engine's log lines (ADJCHANGE ...) are held back while waiting: the
 * banner says the same in fewer lines, and `show logging` keeps them.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/engine.h"
#include "core/bgp/rib_query.h"
#include "core/lib/addr.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"
#include "demo/demo.h"
#include "demo/lab_int.h"

#define NBR_MAX		8
#define SLICE_MS	50	/* one turn of the loop while waiting */
#define PROGRESS_SECS	0.25	/* progress line refresh (terminal only) */

struct nbr {
	const struct demo_role	*role;
	struct xaddr		 addr;
	struct bgp_nbr_info	 info;
	int			 known;	/* a configured neighbor */
	int			 ready;	/* Established and End-of-RIB */
};

/* Warnings still reach stderr at once; the rest only `show logging`. */
static void
quiet_sink(enum log_level lvl, const char *line, void *arg)
{
	(void)arg;
	if (lvl == LOG_LVL_WARN || lvl == LOG_LVL_ERR)
		fprintf(stderr, "%s\n", line);
}

/* 77512 -> "77,512" */
static void
fmt_count(uint64_t v, char *buf, size_t len)
{
	char	 tmp[32];
	size_t	 n, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	n = strlen(tmp);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* Refreshes every neighbor's info; returns how many are ready. */
static size_t
refresh(struct nbr *nb, size_t n, uint64_t *paths)
{
	size_t	 i, ready = 0;

	*paths = 0;
	for (i = 0; i < n; i++) {
		nb[i].known = bgp_engine_nbr(&nb[i].addr, &nb[i].info) == 0;
		nb[i].ready = nb[i].known &&
		    nb[i].info.state == BGP_ST_ESTABLISHED &&
		    nb[i].info.af[0].eor_rcvd;
		if (nb[i].known && nb[i].info.state == BGP_ST_ESTABLISHED)
			*paths += (uint64_t)nb[i].info.af[0].accepted +
			    nb[i].info.af[0].denied;
		if (nb[i].ready)
			ready++;
	}
	return ready;
}

static int
is_from(const struct locrib_path *p, const struct xprefix *pfx,
    const struct xaddr *a)
{
	struct bgp_path_src	 src;

	if (p == NULL)
		return 0;
	bgp_rib_path_src(p, pfx, &src);
	return !src.local && addr_cmp(&src.peer_addr, a) == 0;
}

/*
 * The first prefix (in table order) that both providers sent, whose best
 * path is PROVIDER_A's: the one the policy edit of the tour moves.  Its
 * text goes to pfx and PROVIDER_B's AS path to aspath; -1 if none.
 */
static int
example_prefix(const struct xaddr *a, const struct xaddr *b, char *pfx,
    size_t pfxlen, struct strbuf *aspath)
{
	const struct locrib		*t = bgp_rib_table(0);
	const struct locrib_entry	*e;
	const struct locrib_path	*p;
	struct pfxtable_cursor		 cur;
	size_t				 i;

	if (t == NULL)
		return -1;
	locrib_cursor_init(&cur, NULL);
	while (locrib_cursor_next(t, &cur, &e) == 1) {
		if (locrib_entry_npaths(e) < 2 ||
		    !is_from(locrib_entry_best(e), &cur.last, a))
			continue;
		for (i = 0; (p = locrib_entry_path(e, i)) != NULL; i++)
			if (is_from(p, &cur.last, b) && p->attrs != NULL)
				break;
		if (p == NULL)
			continue;
		prefix_format(&cur.last, pfx, pfxlen);
		bgp_aspath_format(p->attrs->aspath, p->attrs->aspath_len,
		    aspath);
		return aspath->oom ? -1 : 0;
	}
	return -1;
}

static void
banner_states(FILE *out, const struct nbr *nb, size_t n)
{
	char	 asn[ASN_STRLEN], acc[32], den[32];
	size_t	 i;

	for (i = 0; i < n; i++) {
		asn_format(nb[i].role->asn, asn, sizeof(asn));
		fprintf(out, "  %-10s  %-11s AS %-6s ", nb[i].role->addr,
		    nb[i].role->label, asn);
		if (!nb[i].known) {
			fprintf(out, "not configured\n");
			continue;
		}
		if (nb[i].info.state != BGP_ST_ESTABLISHED) {
			fprintf(out, "%s\n", bgp_state_name(nb[i].info.state));
			continue;
		}
		fmt_count(nb[i].info.af[0].accepted, acc, sizeof(acc));
		fmt_count(nb[i].info.af[0].denied, den, sizeof(den));
		fprintf(out, "%s paths", acc);
		if (nb[i].info.af[0].denied > 0)
			fprintf(out, ", %s dropped by %s", den,
			    nb[i].info.af[0].policy_in[0] != '\0' ?
			    nb[i].info.af[0].policy_in : "policy");
		if (!nb[i].info.af[0].eor_rcvd)
			fprintf(out, " (no End-of-RIB yet)");
		fputc('\n', out);
	}
}

/* The lab's address of role name, for the example. */
static int
role_addr(const char *name, struct xaddr *a)
{
	const struct demo_role	*r = demo_role_find(name);

	return r != NULL && addr_parse(r->addr, a) == 0 ? 0 : -1;
}

static void
banner_try(FILE *out)
{
	struct strbuf	 aspath = STRBUF_INIT;
	struct xaddr	 a, b;
	char		 pfx[PREFIX_STRLEN];
	const char	*pad = "      ";

	fprintf(out, "Try:  show bgp summary\n");
	if (role_addr("provider-a", &a) == 0 &&
	    role_addr("provider-b", &b) == 0 &&
	    example_prefix(&a, &b, pfx, sizeof(pfx), &aspath) == 0) {
		/* the policy names are the lab configuration's */
		fprintf(out, "%sshow bgp %s bestpath-compare\n", pad, pfx);
		fprintf(out, "%stest route-policy PROVIDER_B_IN prefix %s "
		    "as-path %s\n", pad, pfx, sb_str(&aspath));
		fprintf(out, "%sconfigure, route-policy PROVIDER_B_IN with "
		    "local-preference 250, commit\n", pad);
	} else
		fprintf(out, "%sshow bgp | include ^\\*>\n", pad);
	fprintf(out, "`exit` ends the demo and stops the speakers.\n");
	sb_free(&aspath);
}

int
demo_lab_wait(double timeout, FILE *out, int (*stop)(void), char *err,
    size_t errlen)
{
	struct nbr	 nb[NBR_MAX];
	char		 cnt[32];
	size_t		 i, n = demo_nroles, ready = 0, len;
	uint64_t	 paths = 0;
	double		 t0 = loop_now(), next_progress = 0, took;
	int		 tty = out != NULL && isatty(fileno(out));
	int		 stopped = 0;

	if (n > NBR_MAX)
		n = NBR_MAX;
	for (i = 0; i < n; i++) {
		memset(&nb[i], 0, sizeof(nb[i]));
		nb[i].role = &demo_roles[i];
		if (addr_parse(nb[i].role->addr, &nb[i].addr) != 0) {
			snprintf(err, errlen, "bad lab address %s",
			    nb[i].role->addr);
			return -1;
		}
	}
	if (out != NULL) {
		fprintf(out, "Demo lab on loopback, BGP port %u: xrsh is AS %u "
		    "on %s\n", (unsigned)lab_port(), DEMO_LOCAL_AS,
		    DEMO_LOCAL_ADDR);
		fflush(out);
	}
	log_set_sink(quiet_sink, NULL);
	for (;;) {
		ready = refresh(nb, n, &paths);
		if (ready == n || loop_now() - t0 >= timeout)
			break;
		if (stop != NULL && stop()) {
			stopped = 1;
			break;
		}
		if (tty && loop_now() >= next_progress) {
			fmt_count(paths, cnt, sizeof(cnt));
			fprintf(out, "\r%zu/%zu sessions ready, %s paths "
			    "received ", ready, n, cnt);
			fflush(out);
			next_progress = loop_now() + PROGRESS_SECS;
		}
		if (loop_run_once(SLICE_MS) < 0)
			break;
	}
	log_set_sink(NULL, NULL);
	took = loop_now() - (lab_started() > 0 ? lab_started() : t0);
	if (out != NULL) {
		if (tty)	/* the progress line goes */
			fprintf(out, "\r%60s\r", "");
		banner_states(out, nb, n);
		fmt_count(paths, cnt, sizeof(cnt));
		fprintf(out, "%zu/%zu sessions Established, %s paths received "
		    "in %.1f s\n", ready, n, cnt, took);
		if (ready == n)
			banner_try(out);
		fflush(out);
	}
	if (ready == n)
		return 0;
	if (stopped) {
		snprintf(err, errlen, "interrupted: xrsh is stopping");
		return -1;
	}
	len = (size_t)snprintf(err, errlen, "after %.0f s, not ready:",
	    timeout);
	for (i = 0; i < n && len < errlen; i++)
		if (!nb[i].ready)
			len += (size_t)snprintf(err + len, errlen - len,
			    " %s (%s)", nb[i].role->addr, !nb[i].known ?
			    "not configured" : nb[i].info.state !=
			    BGP_ST_ESTABLISHED ?
			    bgp_state_name(nb[i].info.state) :
			    "no End-of-RIB");
	return -1;
}
