/*
 * show_impact: `show configuration impact [neighbor X] [detail]` in
 * configuration mode, the preview of core/bgp/impact.h: what committing
 * this session's candidate would do to the live routes.  The command
 * runs the event loop between budgeted steps of the evaluation (like
 * `replay mrt`), so sessions keep running while it computes.
 *
 * Text layout:
 *   Configuration impact (candidate vs running; nothing is changed)
 *   Pre-policy routes: kept only for neighbors with soft-reconfiguration
 *     inbound (...); N paths, B bytes (b bytes/path, attribute sets shared)
 *   (for the others an inbound change is not computable)
 *   Computed in S s, CPU C s (P paths evaluated, Q prefixes decided or
 *     exported, N steps; inbound S1 s, best path S2 s, outbound S3 s)
 *   [Not previewed: bgp bestpath or default local-preference, ...]
 *
 *   Neighbor 127.0.0.2, IPv4 Unicast, inbound
 *     Changes: route-policy IN2 or a set it uses changed
 *     Newly accepted: 0
 *     Newly denied: 1000
 *       10.0.0.0/24
 *     Accepted with different attributes: 1000
 *       10.3.232.0/24: local-pref 150 -> 50
 *   (or "  not computable: no pre-policy routes (configure
 *   soft-reconfiguration inbound)")
 *
 *   Best path changes, IPv4 Unicast (2000 prefixes decided)
 *     Best path changed: 1500
 *       10.0.0.0/24: 127.0.0.2 next-hop 127.0.0.2 path [65002 65100] ->
 *         (none)
 *
 *   Update group 2, IPv4 Unicast, outbound to 127.0.0.4
 *     Newly advertised: 0
 *     Withdrawn: 500
 *     Re-advertised with different attributes: 1000
 *       10.1.244.0/24: as-path 65000 65002 65100 -> 65000 65003 65100 65101
 * Without `detail` each list shows its first IMPACT_FIRST prefixes and
 * "... N more".
 *
 * `| json` (a contract):
 *   {"milliseconds" (wall), "cpu_ms", "inbound_ms",
 *    "bestpath_ms", "outbound_ms", "paths_evaluated": P,
 *    "prefixes_evaluated": Q, "steps",
 *    "prepolicy": {"source": "soft-reconfiguration inbound",
 *       "paths": N, "bytes": B},
 *    "not_covered": "..." (only when a change is not previewed),
 *    "detail": bool,
 *    "inbound": [{"neighbor", "afi": "ipv4-unicast", "computable",
 *       "reason" (when not), "changes", "policy_before", "policy_after",
 *       "paths_evaluated", "accepted": LIST, "denied": LIST,
 *       "changed": LIST}],
 *    "bestpath": [{"afi", "prefixes_evaluated", "changed": LIST}],
 *    "outbound": [{"update_group", "members": [...], "afi",
 *       "computable", "reason", "changes", "policy_before",
 *       "policy_after", "prefixes_evaluated", "advertised": LIST,
 *       "withdrawn": LIST, "changed": LIST}]}
 *   LIST: {"count": N, "prefixes": [{"prefix", "path_id" (inbound),
 *       "attributes": [{"name", "before", "after"}] (changed),
 *       bestpath: "before": {"from", "nexthop", "as_path"} | null,
 *       "after": ...}]}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "core/bgp/impact.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

#define IMPACT_BUDGET	20000	/* units of work per loop turn */

static const char *
afi_label(int afi)
{
	return afi == 0 ? "IPv4 Unicast" : "IPv6 Unicast";
}

static const char *
afi_key(int afi)
{
	return afi == 0 ? "ipv4-unicast" : "ipv6-unicast";
}

/* ---- text ---- */

struct diff_txt {
	struct strbuf	*sb;
	int		 n;
};

static void
diff_txt_cb(const char *name, const char *b, const char *a, void *arg)
{
	struct diff_txt	*d = arg;

	sb_printf(d->sb, "%s %s %s -> %s", d->n++ ? ";" : "", name,
	    b[0] ? b : "(none)", a[0] ? a : "(none)");
}

static void
from_txt(struct strbuf *sb, const struct bgp_attrs *a,
    const struct xaddr *from, int local)
{
	char	 buf[ADDR_STRLEN];

	if (a == NULL) {
		sb_puts(sb, "(none)");
		return;
	}
	if (local)
		sb_puts(sb, "local");
	else {
		addr_format(from, buf, sizeof(buf));
		sb_puts(sb, buf);
	}
	addr_format(&a->nexthop, buf, sizeof(buf));
	sb_printf(sb, " next-hop %s path [", a->nexthop.af ? buf : "-");
	bgp_aspath_format(a->aspath, a->aspath_len, sb);
	sb_puts(sb, "]");
}

static void
list_txt(struct strbuf *sb, const char *title, const struct impact_list *l,
    int best, int pid)
{
	struct diff_txt	 d;
	char		 p[PREFIX_STRLEN];
	size_t		 i;

	sb_printf(sb, "  %s: %zu\n", title, l->count);
	for (i = 0; i < l->n; i++) {
		const struct impact_item *it = &l->v[i];

		prefix_format(&it->pfx, p, sizeof(p));
		sb_printf(sb, "    %s", p);
		if (pid && it->pid != 0)
			sb_printf(sb, " path-id %u", it->pid);
		if (best) {
			sb_puts(sb, ": ");
			from_txt(sb, it->before, &it->from_before,
			    it->local_before);
			sb_puts(sb, " -> ");
			from_txt(sb, it->after, &it->from_after,
			    it->local_after);
		} else if (it->before != NULL && it->after != NULL) {
			d.sb = sb;
			d.n = 0;
			sb_puts(sb, ":");
			impact_attr_diff(it->before, it->after, diff_txt_cb,
			    &d);
		}
		sb_puts(sb, "\n");
	}
	if (l->count > l->n)
		sb_printf(sb, "    ... %zu more (use 'detail')\n",
		    l->count - l->n);
}

static void
section_txt(struct strbuf *sb, const struct impact_section *s)
{
	static const char *const in_t[] = { "Newly accepted", "Newly denied",
	    "Accepted with different attributes" };
	static const char *const out_t[] = { "Newly advertised", "Withdrawn",
	    "Re-advertised with different attributes" };
	char	 a[ADDR_STRLEN];
	size_t	 i;
	int	 k;

	sb_puts(sb, "\n");
	switch (s->kind) {
	case IMPACT_IN:
		addr_format(&s->nbr, a, sizeof(a));
		sb_printf(sb, "Neighbor %s, %s, inbound\n", a,
		    afi_label(s->afi));
		break;
	case IMPACT_BEST:
		sb_printf(sb, "Best path changes, %s (%zu prefixes "
		    "decided)\n", afi_label(s->afi), s->evaluated);
		list_txt(sb, "Best path changed", &s->lists[IMPACT_L_NEW], 1,
		    0);
		return;
	case IMPACT_OUT:
		sb_printf(sb, "Update group %u, %s, outbound to", s->gid,
		    afi_label(s->afi));
		for (i = 0; i < s->nmembers; i++) {
			addr_format(&s->members[i], a, sizeof(a));
			sb_printf(sb, " %s", a);
		}
		sb_puts(sb, "\n");
		break;
	}
	if (s->notes[0] != '\0')
		sb_printf(sb, "  Changes: %s\n", s->notes);
	if (!s->computable) {
		sb_printf(sb, "  %s\n", s->reason);
		return;
	}
	for (k = 0; k < IMPACT_NLISTS; k++)
		list_txt(sb, s->kind == IMPACT_IN ? in_t[k] : out_t[k],
		    &s->lists[k], 0, s->kind == IMPACT_IN);
}

static void
header_txt(struct strbuf *sb, const struct impact_summary *su)
{
	sb_puts(sb, "Configuration impact (candidate vs running; nothing "
	    "is changed)\n");
	sb_printf(sb, "Pre-policy routes: kept only for neighbors with "
	    "soft-reconfiguration inbound (or a policy reading "
	    "validation-state); %zu paths, %zu bytes", su->prepolicy_paths,
	    su->prepolicy_bytes);
	if (su->prepolicy_paths > 0)
		sb_printf(sb, " (%zu bytes/path, attribute sets shared)",
		    su->prepolicy_bytes / su->prepolicy_paths);
	sb_puts(sb, "\n(for the others an inbound change is not computable)"
	    "\n");
	sb_printf(sb, "Computed in %.3f s, CPU %.3f s (%zu paths evaluated, "
	    "%zu prefixes decided or exported, %zu steps; inbound %.3f s, "
	    "best path %.3f s, outbound %.3f s)\n", su->seconds, su->cpu_s,
	    su->paths, su->prefixes, su->steps, su->phase_s[0],
	    su->phase_s[1], su->phase_s[2]);
	if (su->not_covered[0] != '\0')
		sb_printf(sb, "Not previewed: %s\n", su->not_covered);
}

/* ---- json ---- */

struct diff_json {
	struct json	*j;
};

static void
diff_json_cb(const char *name, const char *b, const char *a, void *arg)
{
	struct diff_json	*d = arg;

	json_obj_begin(d->j);
	json_kv_str(d->j, "name", name);
	json_kv_str(d->j, "before", b);
	json_kv_str(d->j, "after", a);
	json_obj_end(d->j);
}

static void
from_json(struct json *j, const char *key, const struct bgp_attrs *a,
    const struct xaddr *from, int local)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		 buf[ADDR_STRLEN];

	json_key(j, key);
	if (a == NULL) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	if (local)
		json_kv_str(j, "from", "local");
	else {
		addr_format(from, buf, sizeof(buf));
		json_kv_str(j, "from", buf);
	}
	addr_format(&a->nexthop, buf, sizeof(buf));
	json_kv_str(j, "nexthop", a->nexthop.af ? buf : "");
	bgp_aspath_format(a->aspath, a->aspath_len, &sb);
	json_kv_str(j, "as_path", sb.buf != NULL ? sb_str(&sb) : "");
	sb_free(&sb);
	json_obj_end(j);
}

static void
list_json(struct json *j, const char *key, const struct impact_list *l,
    int best, int pid)
{
	struct diff_json d;
	char		 p[PREFIX_STRLEN];
	size_t		 i;

	json_key(j, key);
	json_obj_begin(j);
	json_kv_u64(j, "count", l->count);
	json_key(j, "prefixes");
	json_arr_begin(j);
	for (i = 0; i < l->n; i++) {
		const struct impact_item *it = &l->v[i];

		json_obj_begin(j);
		prefix_format(&it->pfx, p, sizeof(p));
		json_kv_str(j, "prefix", p);
		if (pid)
			json_kv_u64(j, "path_id", it->pid);
		if (best) {
			from_json(j, "before", it->before, &it->from_before,
			    it->local_before);
			from_json(j, "after", it->after, &it->from_after,
			    it->local_after);
		} else if (it->before != NULL && it->after != NULL) {
			d.j = j;
			json_key(j, "attributes");
			json_arr_begin(j);
			impact_attr_diff(it->before, it->after, diff_json_cb,
			    &d);
			json_arr_end(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void
sections_json(struct json *j, const struct impact *im, enum impact_kind kind)
{
	static const char *const in_k[] = { "accepted", "denied",
	    "changed" };
	static const char *const out_k[] = { "advertised", "withdrawn",
	    "changed" };
	const struct impact_section *s;
	char		 a[ADDR_STRLEN];
	size_t		 i, m;
	int		 k;

	json_key(j, kind == IMPACT_IN ? "inbound" : kind == IMPACT_BEST ?
	    "bestpath" : "outbound");
	json_arr_begin(j);
	for (i = 0; i < impact_nsections(im); i++) {
		s = impact_section(im, i);
		if (s->kind != kind)
			continue;
		json_obj_begin(j);
		json_kv_str(j, "afi", afi_key(s->afi));
		json_kv_u64(j, kind == IMPACT_IN ? "paths_evaluated" :
		    "prefixes_evaluated", s->evaluated);
		if (kind == IMPACT_BEST) {
			list_json(j, "changed", &s->lists[IMPACT_L_NEW], 1, 0);
			json_obj_end(j);
			continue;
		}
		if (kind == IMPACT_IN) {
			addr_format(&s->nbr, a, sizeof(a));
			json_kv_str(j, "neighbor", a);
		} else {
			json_kv_u64(j, "update_group", s->gid);
			json_key(j, "members");
			json_arr_begin(j);
			for (m = 0; m < s->nmembers; m++) {
				addr_format(&s->members[m], a, sizeof(a));
				json_str(j, a);
			}
			json_arr_end(j);
		}
		json_kv_bool(j, "computable", s->computable);
		if (!s->computable)
			json_kv_str(j, "reason", s->reason);
		json_kv_str(j, "changes", s->notes);
		json_kv_str(j, "policy_before", s->pol_before);
		json_kv_str(j, "policy_after", s->pol_after);
		for (k = 0; k < IMPACT_NLISTS; k++)
			list_json(j, kind == IMPACT_IN ? in_k[k] : out_k[k],
			    &s->lists[k], 0, kind == IMPACT_IN);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static int
emit_json(struct cli *cli, const struct impact *im,
    const struct impact_summary *su, int detail)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;

	json_init(&j, &sb);
	json_obj_begin(&j);
	/* times in whole milliseconds: the JSON writer has integers only */
	json_kv_u64(&j, "milliseconds", (uint64_t)(su->seconds * 1000.0 +
	    0.5));
	json_kv_u64(&j, "paths_evaluated", su->paths);
	json_kv_u64(&j, "prefixes_evaluated", su->prefixes);
	json_kv_u64(&j, "cpu_ms", (uint64_t)(su->cpu_s * 1000.0 + 0.5));
	json_kv_u64(&j, "steps", su->steps);
	json_kv_u64(&j, "inbound_ms", (uint64_t)(su->phase_s[0] * 1000.0 +
	    0.5));
	json_kv_u64(&j, "bestpath_ms", (uint64_t)(su->phase_s[1] * 1000.0 +
	    0.5));
	json_kv_u64(&j, "outbound_ms", (uint64_t)(su->phase_s[2] * 1000.0 +
	    0.5));
	json_kv_bool(&j, "detail", detail);
	json_key(&j, "prepolicy");
	json_obj_begin(&j);
	json_kv_str(&j, "source", "soft-reconfiguration inbound");
	json_kv_u64(&j, "paths", su->prepolicy_paths);
	json_kv_u64(&j, "bytes", su->prepolicy_bytes);
	json_obj_end(&j);
	if (su->not_covered[0] != '\0')
		json_kv_str(&j, "not_covered", su->not_covered);
	sections_json(&j, im, IMPACT_IN);
	sections_json(&j, im, IMPACT_BEST);
	sections_json(&j, im, IMPACT_OUT);
	json_obj_end(&j);
	json_end(&j);
	return cmds_emit(cli, &sb);
}

static int
cmd_show_impact(struct cli *cli, const struct cmd_args *a)
{
	const char		*nbr = arg_str(a, "address");
	struct xaddr		 na;
	struct impact		*im;
	struct impact_summary	 su;
	struct strbuf		 sb = STRBUF_INIT;
	char			 err[256];
	size_t			 i;
	int			 rc, detail = arg_has(a, "detail");

	if (nbr != NULL && addr_parse(nbr, &na) == -1)
		return cli_error(cli, "Invalid neighbor address '%s'", nbr);
	err[0] = '\0';
	if ((im = impact_start(cmds_effective(cli), nbr != NULL ? &na : NULL,
	    detail, err, sizeof(err))) == NULL)
		return cli_error(cli, "%s", err);
	/* sessions, timers and other clients are served between steps */
	while ((rc = impact_step(im, IMPACT_BUDGET)) == 1)
		if (loop_run_once(0) < 0)
			break;
	if (rc == -1) {
		snprintf(err, sizeof(err), "%s", impact_error(im));
		impact_free(im);
		return cli_error(cli, "%s", err);
	}
	impact_summary(im, &su);
	if (cli_json(cli)) {
		rc = emit_json(cli, im, &su, detail);
		impact_free(im);
		return rc;
	}
	header_txt(&sb, &su);
	for (i = 0; i < impact_nsections(im); i++)
		section_txt(&sb, impact_section(im, i));
	if (impact_nsections(im) == 0)
		sb_puts(&sb, su.not_covered[0] != '\0' ?
		    "\nNo change among the settings previewed\n" :
		    "\nNo routing change: the candidate changes no policy, set "
		    "or neighbor setting previewed here\n");
	impact_free(im);
	return cmds_emit(cli, &sb);
}

static const struct cmd impact_rows[] = {
	{ "show configuration impact [neighbor <address:ip>] [detail]",
	    cmd_show_impact, CMDF_TIMESTAMP | CMDF_JSON,
	    { "show=Show running system information",
	      "configuration=Contents of configuration",
	      "impact=What committing the candidate would do to the live "
	      "routes",
	      "neighbor=Only this neighbor's settings",
	      "address=Neighbor address",
	      "detail=Every prefix, not only the first few",
	      NULL } },
	CMD_END
};

void
cmds_show_impact_init(void)
{
	cli_install(MODE_ANYCONFIG, impact_rows);
}
