/*
 * route_spec: parse a route description, print a route; see route_spec.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/route_spec.h"
#include "core/rpl/rpl.h"

enum kw {
	KW_PREFIX, KW_NEXTHOP, KW_ASPATH, KW_ORIGIN, KW_MED, KW_LOCALPREF,
	KW_COMMUNITY, KW_LARGECOMM, KW_EXTCOMM, KW_WEIGHT, KW_TAG, KW_FROM,
	KW_REMOTEAS, KW_LOCALAS, KW_PATHTYPE, KW_RPKI, KW_COUNT, KW_NONE = -1
};

static const char *const kwname[KW_COUNT] = {
	"prefix", "next-hop", "as-path", "origin", "med", "local-preference",
	"community", "large-community", "extcommunity", "weight", "tag",
	"from", "remote-as", "local-as", "path-type", "rpki",
};

/* The words of the description: no cap (a route may carry thousands). */
struct toks {
	char	*buf;
	char	**v;
	size_t	 n, cap;
};

static int
tokenize(const char *s, struct toks *t)
{
	char	*p, *save = NULL, **nv;
	size_t	 ncap;

	t->n = 0;
	t->cap = 0;
	t->v = NULL;
	if ((t->buf = strdup(s)) == NULL)
		return -1;
	for (p = strtok_r(t->buf, " \t\r\n", &save); p != NULL;
	    p = strtok_r(NULL, " \t\r\n", &save)) {
		if (t->n == t->cap) {
			ncap = t->cap ? t->cap * 2 : 32;
			if ((nv = reallocarray(t->v, ncap, sizeof(*nv))) ==
			    NULL)
				return -1;
			t->v = nv;
			t->cap = ncap;
		}
		t->v[t->n++] = p;
	}
	return 0;
}

static void
toks_free(struct toks *t)
{
	free(t->buf);
	free(t->v);
}

/* A keyword, exact or a unique prefix; KW_NONE otherwise. */
static int
keyword(const char *tok)
{
	size_t	 len = strlen(tok), i;
	int	 found = KW_NONE;

	if (len == 0)
		return KW_NONE;
	for (i = 0; i < KW_COUNT; i++) {
		if (strcmp(kwname[i], tok) == 0)
			return (int)i;
		if (strncmp(kwname[i], tok, len) == 0) {
			if (found != KW_NONE)
				return KW_NONE;
			found = (int)i;
		}
	}
	return found;
}

static int
num_arg(struct toks *t, size_t *i, const char *what, uint32_t lo,
    uint32_t hi, uint32_t *v, char *err, size_t errlen)
{
	if (*i + 1 >= t->n) {
		snprintf(err, errlen, "%s needs a value", what);
		return -1;
	}
	(*i)++;
	if (parse_u32(t->v[*i], lo, hi, v) == -1) {
		snprintf(err, errlen, "invalid %s '%s'", what, t->v[*i]);
		return -1;
	}
	return 0;
}

/*
 * The word after token *i as one of the n names name(0..n-1), or a unique
 * prefix of one (as the keywords): stores its index in *v.  "invalid WHAT
 * 'word'" otherwise.
 */
static int
name_arg(struct toks *t, size_t *i, const char *what,
    const char *(*name)(unsigned), unsigned n, uint8_t *v, char *err,
    size_t errlen)
{
	const char	*w = *i + 1 < t->n ? t->v[*i + 1] : "";
	size_t		 len = strlen(w);
	unsigned	 k, found = n, nfound = 0;

	for (k = 0; k < n && len > 0; k++) {
		if (strcmp(w, name(k)) == 0) {
			found = k;
			nfound = 1;
			break;
		}
		if (strncmp(name(k), w, len) == 0) {
			found = k;
			nfound++;
		}
	}
	if (nfound != 1) {
		snprintf(err, errlen, "invalid %s '%s'", what, w);
		return -1;
	}
	*v = (uint8_t)found;
	(*i)++;
	return 0;
}

/* next-hop self / peer-address / discard / unchanged (printed results) */
static int
nh_special(const char *tok, struct route *r)
{
	static const struct {
		const char	*name;
		uint8_t		 kind;
	} nh[] = {
		{ "self", ROUTE_NH_SELF },
		{ "peer-address", ROUTE_NH_PEER },
		{ "discard", ROUTE_NH_DISCARD },
		{ "unchanged", ROUTE_NH_UNCHANGED },
	};
	size_t	 i;

	for (i = 0; i < sizeof(nh) / sizeof(nh[0]); i++)
		if (strcmp(tok, nh[i].name) == 0) {
			r->nh_kind = nh[i].kind;
			return 1;
		}
	return 0;
}

/*
 * One value of a community list into r: 0, -1 if tok is not such a
 * value, -2 on allocation failure.
 */
static int
add_value(struct route *r, int kw, uint8_t sub, const char *tok)
{
	uint32_t	 v;
	struct lcomm	 lc;
	struct ecomm	 ec;

	switch (kw) {
	case KW_COMMUNITY:
		if (comm_parse(tok, &v) == -1)
			return -1;
		return route_comm_add(r, v) == -1 ? -2 : 0;
	case KW_LARGECOMM:
		if (lcomm_parse(tok, &lc) == -1)
			return -1;
		return route_lcomm_add(r, &lc) == -1 ? -2 : 0;
	default:
		if (ecomm_parse(tok, sub, &ec) == -1)
			return -1;
		return route_ecomm_add(r, &ec) == -1 ? -2 : 0;
	}
}

/*
 * The values of a community / large-community / extcommunity list after
 * token *i, up to the next keyword; *i is left on the last value.
 */
static int
value_list(struct toks *t, size_t *i, int kw, uint8_t sub, struct route *r,
    char *err, size_t errlen)
{
	const char	*what = kw == KW_COMMUNITY ? "community" :
			    kw == KW_LARGECOMM ? "large-community" :
			    "extcommunity";
	size_t		 j;
	int		 rc;

	for (j = *i + 1; j < t->n; j++) {
		if ((rc = add_value(r, kw, sub, t->v[j])) == -1) {
			if (keyword(t->v[j]) != KW_NONE)
				break;
			snprintf(err, errlen, "invalid %s '%s'", what,
			    t->v[j]);
			return -1;
		}
		if (rc == -2) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	*i = j - 1;
	return 0;
}

static int
parse_toks(struct toks *t, uint32_t local_as, struct route *r, char *err,
    size_t errlen)
{
	size_t		 i, j;
	int		 k, have_prefix = 0, have_pt = 0;
	uint32_t	 v;
	char		 perr[96];
	struct strbuf	 path = STRBUF_INIT;
	uint8_t		 sub;
	int		 rc;

	route_reset(r);
	r->peer.local_as = local_as;
	for (i = 0; i < t->n; i++) {
		k = keyword(t->v[i]);
		switch (k) {
		case KW_PREFIX:
			if (i + 1 >= t->n ||
			    prefix_parse(t->v[i + 1], &r->prefix, 0) == -1 ||
			    prefix_has_host_bits(&r->prefix)) {
				snprintf(err, errlen, "invalid prefix '%s'",
				    i + 1 < t->n ? t->v[i + 1] : "");
				return -1;
			}
			have_prefix = 1;
			i++;
			break;
		case KW_NEXTHOP:
			if (i + 1 < t->n && nh_special(t->v[i + 1], r)) {
				i++;
				break;
			}
			if (i + 1 >= t->n ||
			    addr_parse(t->v[i + 1], &r->nexthop) == -1) {
				snprintf(err, errlen, "invalid next-hop '%s'",
				    i + 1 < t->n ? t->v[i + 1] : "");
				return -1;
			}
			i++;
			break;
		case KW_ASPATH:
			sb_reset(&path);
			for (j = i + 1; j < t->n && keyword(t->v[j]) == KW_NONE;
			    j++) {
				sb_putc(&path, ' ');
				sb_puts(&path, t->v[j]);
			}
			if (path.oom) {
				sb_free(&path);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			rc = aspath_parse(sb_str(&path), &r->aspath, perr,
			    sizeof(perr));
			sb_free(&path);
			if (rc == -1) {
				snprintf(err, errlen, "%s", perr);
				return -1;
			}
			i = j - 1;
			break;
		case KW_ORIGIN:
			if (name_arg(t, &i, "origin", route_origin_name, 3,
			    &r->origin, err, errlen) == -1)
				return -1;
			break;
		case KW_MED:
			if (num_arg(t, &i, "med", 0, UINT32_MAX, &r->med, err,
			    errlen) == -1)
				return -1;
			r->has_med = 1;
			break;
		case KW_LOCALPREF:
			if (num_arg(t, &i, "local-preference", 0, UINT32_MAX,
			    &r->local_pref, err, errlen) == -1)
				return -1;
			r->has_local_pref = 1;
			break;
		case KW_WEIGHT:
			if (num_arg(t, &i, "weight", 0, 65535, &r->weight, err,
			    errlen) == -1)
				return -1;
			break;
		case KW_TAG:
			if (num_arg(t, &i, "tag", 0, UINT32_MAX, &r->tag, err,
			    errlen) == -1)
				return -1;
			break;
		case KW_COMMUNITY:
		case KW_LARGECOMM:
			if (value_list(t, &i, k, 0, r, err, errlen) == -1)
				return -1;
			break;
		case KW_EXTCOMM:
			if (i + 1 < t->n && strcmp(t->v[i + 1], "rt") == 0)
				sub = ECOMM_ST_RT;
			else if (i + 1 < t->n &&
			    strcmp(t->v[i + 1], "soo") == 0)
				sub = ECOMM_ST_SOO;
			else if (i + 1 < t->n &&
			    strcmp(t->v[i + 1], "color") == 0)
				sub = ECOMM_ST_COLOR;
			else {
				snprintf(err, errlen, "extcommunity needs rt, "
				    "soo or color");
				return -1;
			}
			i++;
			if (value_list(t, &i, k, sub, r, err, errlen) == -1)
				return -1;
			break;
		case KW_FROM:
			if (i + 1 >= t->n ||
			    addr_parse(t->v[i + 1], &r->peer.addr) == -1) {
				snprintf(err, errlen, "invalid neighbor '%s'",
				    i + 1 < t->n ? t->v[i + 1] : "");
				return -1;
			}
			i++;
			break;
		case KW_REMOTEAS:
		case KW_LOCALAS:
			if (i + 1 >= t->n || asn_parse(t->v[i + 1], &v) == -1) {
				snprintf(err, errlen, "invalid AS number '%s'",
				    i + 1 < t->n ? t->v[i + 1] : "");
				return -1;
			}
			if (k == KW_REMOTEAS)
				r->peer.remote_as = v;
			else
				r->peer.local_as = v;
			i++;
			break;
		case KW_PATHTYPE:
			/* ebgp, ibgp, cebgp: `local` is not a path-type */
			if (name_arg(t, &i, "path-type", route_path_type_name,
			    PATH_CEBGP + 1, &r->path_type, err, errlen) == -1)
				return -1;
			have_pt = 1;
			break;
		case KW_RPKI:
			if (name_arg(t, &i, "rpki state", route_rpki_name, 3,
			    &r->rpki, err, errlen) == -1)
				return -1;
			break;
		default:
			snprintf(err, errlen, "unknown route attribute '%s'",
			    t->v[i]);
			return -1;
		}
	}
	if (!have_prefix) {
		snprintf(err, errlen, "a route needs a prefix");
		return -1;
	}
	if (!have_pt && r->peer.addr.af != 0)
		r->path_type = r->peer.remote_as != 0 &&
		    r->peer.remote_as == r->peer.local_as ? PATH_IBGP :
		    PATH_EBGP;
	return 0;
}

int
route_spec_parse(const char *spec, uint32_t local_as, struct route *r,
    char *err, size_t errlen)
{
	struct toks	 t;
	int		 rc;

	if (tokenize(spec, &t) == -1) {
		toks_free(&t);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = parse_toks(&t, local_as, r, err, errlen);
	toks_free(&t);
	return rc;
}

static void
nexthop_text(const struct route *r, char *buf, size_t len)
{
	switch (r->nh_kind) {
	case ROUTE_NH_SELF:
		strlcpy(buf, "self", len);
		break;
	case ROUTE_NH_PEER:
		strlcpy(buf, "peer-address", len);
		break;
	case ROUTE_NH_DISCARD:
		strlcpy(buf, "discard", len);
		break;
	case ROUTE_NH_UNCHANGED:
		strlcpy(buf, "unchanged", len);
		break;
	default:
		if (r->nexthop.af == 0)
			strlcpy(buf, "(not set)", len);
		else
			addr_format(&r->nexthop, buf, len);
		break;
	}
}

int
route_print(const struct route *r, const char *ind, struct strbuf *sb)
{
	char	 buf[128];
	size_t	 i;

	prefix_format(&r->prefix, buf, sizeof(buf));
	sb_printf(sb, "%s%-18s %s\n", ind, "prefix", buf);
	nexthop_text(r, buf, sizeof(buf));
	sb_printf(sb, "%s%-18s %s\n", ind, "next-hop", buf);
	sb_printf(sb, "%s%-18s ", ind, "as-path");
	if (aspath_strlen(&r->aspath) > 0)
		aspath_format_sb(&r->aspath, sb);
	else
		sb_puts(sb, "(empty)");
	sb_putc(sb, '\n');
	sb_printf(sb, "%s%-18s %s\n", ind, "origin",
	    route_origin_name(r->origin));
	if (r->has_med)
		sb_printf(sb, "%s%-18s %u\n", ind, "med", r->med);
	else
		sb_printf(sb, "%s%-18s (not set)\n", ind, "med");
	if (r->has_local_pref)
		sb_printf(sb, "%s%-18s %u\n", ind, "local-preference",
		    r->local_pref);
	else
		sb_printf(sb, "%s%-18s (not set)\n", ind, "local-preference");
	sb_printf(sb, "%s%-18s %u\n", ind, "weight", r->weight);
	sb_printf(sb, "%s%-18s", ind, "community");
	for (i = 0; i < r->ncomm; i++) {
		comm_format(r->comm[i], buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	sb_puts(sb, r->ncomm ? "\n" : " (none)\n");
	sb_printf(sb, "%s%-18s", ind, "large-community");
	for (i = 0; i < r->nlcomm; i++) {
		lcomm_format(&r->lcomm[i], buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	sb_puts(sb, r->nlcomm ? "\n" : " (none)\n");
	sb_printf(sb, "%s%-18s", ind, "extcommunity");
	for (i = 0; i < r->necomm; i++) {
		ecomm_format(&r->ecomm[i], buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	sb_puts(sb, r->necomm ? "\n" : " (none)\n");
	/* set only by policy actions: shown when a policy set them */
	if (r->path_sel != PATHSEL_NONE) {
		route_pathsel_format(r->path_sel, r->path_sel_flags, buf,
		    sizeof(buf));
		sb_printf(sb, "%s%-18s %s\n", ind, "path-selection", buf);
	}
	if (r->igp_set & ROUTE_IGP_METRIC_TYPE)
		sb_printf(sb, "%s%-18s %s\n", ind, "metric-type",
		    rpl_metric_type_name(r->metric_type));
	if (r->igp_set & ROUTE_IGP_LEVEL)
		sb_printf(sb, "%s%-18s %s\n", ind, "level",
		    rpl_level_name(r->level));
	if (r->igp_set & ROUTE_IGP_ISIS_METRIC)
		sb_printf(sb, "%s%-18s %u\n", ind, "isis-metric",
		    r->isis_metric);
	if (r->igp_set & ROUTE_IGP_OSPF_METRIC)
		sb_printf(sb, "%s%-18s %u\n", ind, "ospf-metric",
		    r->ospf_metric);
	return sb->oom ? -1 : 0;
}

void
route_json(const struct route *r, struct json *j)
{
	char	 buf[ADDR_STRLEN + 8];
	size_t	 i, k;

	json_obj_begin(j);
	prefix_format(&r->prefix, buf, sizeof(buf));
	json_kv_str(j, "prefix", buf);
	json_key(j, "next_hop");
	if (r->nh_kind == ROUTE_NH_ADDR && r->nexthop.af == 0)
		json_null(j);
	else {
		nexthop_text(r, buf, sizeof(buf));
		json_str(j, buf);
	}
	json_key(j, "as_path");
	json_arr_begin(j);
	for (i = 0, k = 0; i < r->aspath.nseg; i++) {
		const struct aspath_seg *sg = &r->aspath.seg[i];
		unsigned n;

		/* a set is a nested list: [1, [2, 3]] */
		if (sg->type != ASSEG_SEQ)
			json_arr_begin(j);
		for (n = 0; n < sg->count; n++)
			json_u64(j, r->aspath.as[k++]);
		if (sg->type != ASSEG_SEQ)
			json_arr_end(j);
	}
	json_arr_end(j);
	json_kv_str(j, "origin", route_origin_name(r->origin));
	json_key(j, "med");
	if (r->has_med)
		json_u64(j, r->med);
	else
		json_null(j);
	json_key(j, "local_preference");
	if (r->has_local_pref)
		json_u64(j, r->local_pref);
	else
		json_null(j);
	json_kv_u64(j, "weight", r->weight);
	json_key(j, "communities");
	json_arr_begin(j);
	for (i = 0; i < r->ncomm; i++) {
		comm_format(r->comm[i], buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	json_key(j, "large_communities");
	json_arr_begin(j);
	for (i = 0; i < r->nlcomm; i++) {
		char lb[LCOMM_STRLEN];

		lcomm_format(&r->lcomm[i], lb, sizeof(lb));
		json_str(j, lb);
	}
	json_arr_end(j);
	json_key(j, "extcommunities");
	json_arr_begin(j);
	for (i = 0; i < r->necomm; i++) {
		ecomm_format(&r->ecomm[i], buf, sizeof(buf));
		json_str(j, buf);
	}
	json_arr_end(j);
	if (r->path_sel != PATHSEL_NONE) {
		route_pathsel_format(r->path_sel, r->path_sel_flags, buf,
		    sizeof(buf));
		json_kv_str(j, "path_selection", buf);
	}
	if (r->igp_set & ROUTE_IGP_METRIC_TYPE)
		json_kv_str(j, "metric_type",
		    rpl_metric_type_name(r->metric_type));
	if (r->igp_set & ROUTE_IGP_LEVEL)
		json_kv_str(j, "level", rpl_level_name(r->level));
	if (r->igp_set & ROUTE_IGP_ISIS_METRIC)
		json_kv_u64(j, "isis_metric", r->isis_metric);
	if (r->igp_set & ROUTE_IGP_OSPF_METRIC)
		json_kv_u64(j, "ospf_metric", r->ospf_metric);
	json_obj_end(j);
}

int
route_print_spec(const struct route *r, struct strbuf *sb)
{
	char	 buf[128];
	size_t	 i;

	prefix_format(&r->prefix, buf, sizeof(buf));
	sb_printf(sb, "prefix %s", buf);
	if (r->nh_kind != ROUTE_NH_ADDR || r->nexthop.af != 0) {
		nexthop_text(r, buf, sizeof(buf));
		sb_printf(sb, " next-hop %s", buf);
	}
	if (r->aspath.nas > 0) {
		sb_puts(sb, " as-path ");
		aspath_format_sb(&r->aspath, sb);
	}
	sb_printf(sb, " origin %s", route_origin_name(r->origin));
	if (r->has_med)
		sb_printf(sb, " med %u", r->med);
	if (r->has_local_pref)
		sb_printf(sb, " local-preference %u", r->local_pref);
	if (r->weight)
		sb_printf(sb, " weight %u", r->weight);
	if (r->tag)
		sb_printf(sb, " tag %u", r->tag);
	if (r->ncomm)
		sb_puts(sb, " community");
	for (i = 0; i < r->ncomm; i++) {
		comm_format(r->comm[i], buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	if (r->nlcomm)
		sb_puts(sb, " large-community");
	for (i = 0; i < r->nlcomm; i++) {
		lcomm_format(&r->lcomm[i], buf, sizeof(buf));
		sb_printf(sb, " %s", buf);
	}
	for (i = 0; i < r->necomm; i++) {
		ecomm_format_value(&r->ecomm[i], buf, sizeof(buf));
		sb_printf(sb, " extcommunity %s %s",
		    ecomm_is_color(&r->ecomm[i]) ? "color" :
		    r->ecomm[i].subtype == ECOMM_ST_SOO ? "soo" : "rt", buf);
	}
	return sb->oom ? -1 : 0;
}
