/*
 * commit_impact: what each commit actually did to the live routes,
 * recorded at commit time and kept with the commit record.  Each commit
 * the live engine applies opens a counting window (core/bgp/impact_rec.c)
 * before the engine sees it; the window closes once nothing was counted
 * for IMPACT_QUIET seconds (the re-evaluation, soft-reconfiguration
 * replays, route refreshes and the paced export walks, has settled) or
 * after IMPACT_MAX seconds, or when the next commit opens its own.  The
 * counts go into commit_rec.impact and the record is saved again, so
 * they survive a restart.  Offline (or when the process ended before the
 * window closed) the record has none: "no live impact recorded".
 *
 * Stored form (one line, persist.c's field): rows separated by ';', each
 * "ADDR AFI ACC DEN CHG BEST ADV READV WDR" (enum bgp_impact_kind order),
 * ADDR "*" for a family's best-path count; "" when nothing moved.
 *
 * `show configuration commit changes <id> impact` (and `| json`), and the
 * Impact line of `show configuration commit list detail` (and its "impact"
 * JSON key), both only for commits that have one, so that offline the
 * list keeps XR's layout.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/commit_cmds.h"
#include "cmds/commit_verify.h"
#include "core/bgp/engine.h"
#include "core/config/persist.h"
#include "core/lib/json.h"
#include "core/lib/log.h"
#include "core/lib/loop.h"

#define IMPACT_QUIET	2.0	/* seconds without a counted change */
#define IMPACT_MAX	60.0	/* a window never stays open longer */
#define IMPACT_POLL	0.5

static struct {
	uint32_t		 id;	/* the commit being recorded; 0 */
	double			 t0;
	struct loop_timer	*t;
} iw;

static const char *const afi_names[] = { "ipv4", "ipv6" };
static const char *const afi_labels[] = { "IPv4 Unicast", "IPv6 Unicast" };

/* rows -> the stored form; NULL on ENOMEM */
static char *
impact_format(const struct bgp_impact_row *v, size_t n)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 a[ADDR_STRLEN];
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		if (v[i].addr.af == 0)
			strlcpy(a, "*", sizeof(a));
		else
			addr_format(&v[i].addr, a, sizeof(a));
		sb_printf(&sb, "%s%s %s", i > 0 ? ";" : "", a,
		    afi_names[v[i].afi != 0]);
		for (k = 0; k < BGP_IMP_COUNT; k++)
			sb_printf(&sb, " %u", v[i].n[k]);
	}
	if (sb.oom) {
		sb_free(&sb);
		return NULL;
	}
	return sb.buf != NULL ? sb_steal(&sb) : strdup("");
}

/*
 * The stored form -> rows (free *v).  A row that does not parse is
 * skipped: the record file is checksummed, so only a later format could
 * hold one.  -1 on ENOMEM.
 */
static int
impact_parse(const char *s, struct bgp_impact_row **vp, size_t *np)
{
	struct bgp_impact_row	 r, *v = NULL, *nv;
	size_t			 n = 0, len;
	char			 row[256], a[64], af[8];
	unsigned		 c[BGP_IMP_COUNT];
	int			 k;

	while (*s != '\0') {
		len = strcspn(s, ";");
		if (len < sizeof(row)) {
			memcpy(row, s, len);
			row[len] = '\0';
			memset(&r, 0, sizeof(r));
			if (sscanf(row, "%63s %7s %u %u %u %u %u %u %u", a, af,
			    &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6]) ==
			    2 + BGP_IMP_COUNT && (strcmp(a, "*") == 0 ||
			    addr_parse(a, &r.addr) == 0)) {
				r.afi = strcmp(af, "ipv6") == 0;
				for (k = 0; k < BGP_IMP_COUNT; k++)
					r.n[k] = c[k];
				if ((nv = reallocarray(v, n + 1,
				    sizeof(*v))) == NULL) {
					free(v);
					return -1;
				}
				v = nv;
				v[n++] = r;
			}
		}
		s += len;
		if (*s == ';')
			s++;
	}
	*vp = v;
	*np = n;
	return 0;
}

/* Closes the open window into its commit's record and saves it. */
static void
impact_finish(void)
{
	struct commit_db	*db = cmds_commit_db();
	struct bgp_impact_row	*v;
	size_t			 n;
	char			*s, err[PATH_MAX + 128];
	const char		*path = cmds_config_path();
	uint32_t		 id = iw.id;

	loop_timer_cancel(iw.t);
	iw.t = NULL;
	iw.id = 0;
	if (bgp_impact_end(&v, &n) == -1) {
		free(v);
		return;		/* counts incomplete: none rather than wrong */
	}
	s = impact_format(v, n);
	free(v);
	if (s == NULL || commit_set_impact(db, id, s) == -1) {
		free(s);
		return;		/* the record left the history meanwhile */
	}
	free(s);
	if (path[0] != '\0' && persist_rec_update(path, db, id, err,
	    sizeof(err)) == -1)
		log_warnx("%% Failed to save the impact of commit %u: %s", id,
		    err);
}

static void
poll_fire(void *arg)
{
	(void)arg;
	iw.t = NULL;
	if (iw.id == 0)
		return;
	if (bgp_impact_idle() >= IMPACT_QUIET ||
	    loop_now() - iw.t0 >= IMPACT_MAX) {
		impact_finish();
		return;
	}
	iw.t = loop_timer_add(IMPACT_POLL, poll_fire, NULL);
}

void
cmds_impact_before(const struct commit_rec *r)
{
	if (iw.id != 0)
		impact_finish();
	if (bgp_engine_offline())
		return;
	bgp_impact_begin();
	iw.id = r->id;
	iw.t0 = loop_now();
}

void
cmds_impact_after(void)
{
	if (iw.id != 0 && iw.t == NULL)
		iw.t = loop_timer_add(IMPACT_POLL, poll_fire, NULL);
}

/* --- show --- */

static void
totals(const struct bgp_impact_row *v, size_t n, uint32_t *t)
{
	size_t	 i;
	int	 k;

	memset(t, 0, BGP_IMP_COUNT * sizeof(*t));
	for (i = 0; i < n; i++)
		for (k = 0; k < BGP_IMP_COUNT; k++)
			t[k] += v[i].n[k];
}

int
cmds_impact_summary(const struct commit_rec *r, char *buf, size_t len)
{
	struct bgp_impact_row	*v;
	uint32_t		 t[BGP_IMP_COUNT];
	size_t			 n;

	if (r->id == iw.id) {
		snprintf(buf, len, "being recorded");
		return 1;
	}
	if (r->impact == NULL) {
		snprintf(buf, len, "no live impact recorded");
		return 0;
	}
	if (impact_parse(r->impact, &v, &n) == -1) {
		snprintf(buf, len, "(out of memory)");
		return 1;
	}
	totals(v, n, t);
	free(v);
	if (n == 0)
		snprintf(buf, len, "none (no route moved)");
	else
		snprintf(buf, len, "moved traffic: %u best paths changed, "
		    "%u accepted, %u denied, %u changed in, %u advertised, "
		    "%u re-advertised, %u withdrawn", t[BGP_IMP_BEST],
		    t[BGP_IMP_ACCEPTED], t[BGP_IMP_DENIED], t[BGP_IMP_CHANGED],
		    t[BGP_IMP_ADVERTISED], t[BGP_IMP_READVERTISED],
		    t[BGP_IMP_WITHDRAWN]);
	return 1;
}

static const char *const kind_keys[BGP_IMP_COUNT] = {
	"accepted", "denied", "changed", "best_changed", "advertised",
	"readvertised", "withdrawn"
};

static int
impact_json(struct cli *cli, const struct commit_rec *r,
    const struct bgp_impact_row *v, size_t n, int recorded)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	char		 a[ADDR_STRLEN];
	size_t		 i;
	int		 k;

	json_init(&j, &sb);
	json_obj_begin(&j);
	json_kv_u64(&j, "id", r->id);
	json_kv_bool(&j, "recorded", recorded);
	json_key(&j, "best_changed");
	json_obj_begin(&j);
	for (i = 0; i < n; i++)
		if (v[i].addr.af == 0)
			json_kv_u64(&j, afi_names[v[i].afi != 0],
			    v[i].n[BGP_IMP_BEST]);
	json_obj_end(&j);
	json_key(&j, "neighbors");
	json_arr_begin(&j);
	for (i = 0; i < n; i++) {
		if (v[i].addr.af == 0)
			continue;
		addr_format(&v[i].addr, a, sizeof(a));
		json_obj_begin(&j);
		json_kv_str(&j, "neighbor", a);
		json_kv_str(&j, "afi", afi_names[v[i].afi != 0]);
		for (k = 0; k < BGP_IMP_COUNT; k++)
			if (k != BGP_IMP_BEST)
				json_kv_u64(&j, kind_keys[k], v[i].n[k]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	return cmds_emit(cli, &sb);
}

static int
cmd_impact(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	const struct commit_rec	*r;
	struct bgp_impact_row	*v = NULL;
	const char		*key = arg_str(a, "id");
	char			 ad[ADDR_STRLEN];
	size_t			 n = 0, i, nb = 0;
	long			 idx;
	int			 rc;

	if (key == NULL || (idx = commit_find(db, key)) == -1)
		return cli_error(cli, "Invalid commit ID or label '%s'",
		    key ? key : "");
	r = commit_nth(db, (size_t)idx);
	if (r->id != iw.id && r->impact != NULL &&
	    impact_parse(r->impact, &v, &n) == -1)
		return cli_error(cli, "Out of memory");
	if (cli_json(cli)) {
		rc = impact_json(cli, r, v, n, r->id != iw.id &&
		    r->impact != NULL);
		free(v);
		return rc;
	}
	cli_printf(cli, "Commit %u: what it changed in the routes "
	    "(recorded at commit time)\n", r->id);
	if (r->id == iw.id) {
		cli_puts(cli, "Being recorded: the engine is still "
		    "re-evaluating after this commit.\n");
		return CMD_OK;
	}
	if (r->impact == NULL) {
		cli_puts(cli, "No live impact recorded (the BGP engine was "
		    "offline, or the process ended before it settled).\n");
		return CMD_OK;
	}
	if (n == 0) {
		cli_puts(cli, "No route moved.\n");
		return CMD_OK;
	}
	for (i = 0; i < n; i++)
		if (v[i].addr.af == 0)
			cli_printf(cli, "Best paths changed, %s: %u\n",
			    afi_labels[v[i].afi != 0], v[i].n[BGP_IMP_BEST]);
		else
			nb++;
	if (nb > 0) {
		cli_printf(cli, "\n%-16s %-13s %8s %8s %8s %10s %10s %10s\n",
		    "Neighbor", "AFI", "Accepted", "Denied", "Changed",
		    "Advertised", "Re-advert.", "Withdrawn");
		for (i = 0; i < n; i++) {
			if (v[i].addr.af == 0)
				continue;
			addr_format(&v[i].addr, ad, sizeof(ad));
			cli_printf(cli, "%-16s %-13s %8u %8u %8u %10u %10u "
			    "%10u\n", ad, afi_labels[v[i].afi != 0],
			    v[i].n[BGP_IMP_ACCEPTED], v[i].n[BGP_IMP_DENIED],
			    v[i].n[BGP_IMP_CHANGED],
			    v[i].n[BGP_IMP_ADVERTISED],
			    v[i].n[BGP_IMP_READVERTISED],
			    v[i].n[BGP_IMP_WITHDRAWN]);
		}
	}
	free(v);
	return CMD_OK;
}

static const struct cmd rows[] = {
	{ "show configuration commit changes <id:commit-ref> impact",
	    cmd_impact, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "configuration=Contents of configuration",
	      "commit=Commit database information",
	      "changes=Display configuration changes for a commit",
	      "id=Commit ID or label",
	      "impact=What the commit changed in the live routes (recorded "
	      "at commit time)", NULL } },
	CMD_END
};

void
cmds_commit_impact_init(void)
{
	cli_install(MODE_EXEC, rows);
	cli_install(MODE_ANYCONFIG, rows);
}
