/*
 * rpl_print: AST to canonical text, the form show running-config and
 * show rpl display (reference 4.7 and 5.0): headers and end lines at
 * column 0, two spaces per nesting level, `, ` inside inline sets, remarks
 * where they were, `!` after each object.  Printing then parsing then
 * printing gives the same text.
 */
#include <stdio.h>
#include <string.h>

#include "core/rpl/route.h"
#include "core/rpl/rpl_int.h"

static const char *const cmp_names[] = { "eq", "is", "ge", "le" };

const char *
rpl_cmp_name(unsigned c)
{
	return c < 4 ? cmp_names[c] : "?";
}

static void
num_print(const struct rpl_num *n, struct strbuf *sb)
{
	if (n->param != NULL)
		sb_puts(sb, n->param);
	else
		sb_printf(sb, "%u", n->v);
}

void
rpl_part_print(const struct rpl_part *p, struct strbuf *sb)
{
	switch (p->kind) {
	case RPL_PART_VALUE:
		sb_printf(sb, "%u", p->lo);
		break;
	case RPL_PART_ANY:
		sb_putc(sb, '*');
		break;
	case RPL_PART_RANGE:
		sb_putc(sb, '[');
		if (p->lo_param)
			sb_puts(sb, p->lo_param);
		else
			sb_printf(sb, "%u", p->lo);
		sb_puts(sb, "..");
		if (p->hi_param)
			sb_puts(sb, p->hi_param);
		else
			sb_printf(sb, "%u", p->hi);
		sb_putc(sb, ']');
		break;
	case RPL_PART_PRIVATE_AS:
		sb_puts(sb, "private-as");
		break;
	case RPL_PART_PEERAS:
		sb_puts(sb, "peeras");
		break;
	case RPL_PART_PARAM:
		sb_puts(sb, p->lo_param ? p->lo_param : "$?");
		break;
	}
}

void
rpl_aslist_print(const struct rpl_aslist *l, struct strbuf *sb)
{
	size_t	 i;

	sb_putc(sb, '\'');
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			sb_putc(sb, ' ');
		rpl_part_print(&l->v[i], sb);
	}
	sb_putc(sb, '\'');
}

static void
regex_print(const struct rpl_regex *re, struct strbuf *sb)
{
	sb_printf(sb, "%s '%s'", re->dfa ? "dfa-regex" : "ios-regex",
	    re->text ? re->text : "");
}

/* v in decimal at w; returns the length */
static size_t
dec_put(char *w, unsigned v)
{
	char	 t[10];
	size_t	 n = 0, i;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		w[i] = t[n - 1 - i];
	return n;
}

/* v < 256 in decimal at w (4 bytes are written); returns the length */
static size_t
dec_small(char *w, uint8_t v)
{
	static char	 tab[256][4];
	static uint8_t	 len[256];
	unsigned	 i;

	if (len[0] == 0)
		for (i = 0; i < 256; i++)
			len[i] = (uint8_t)dec_put(tab[i], i);
	memcpy(w, tab[v], 4);
	return len[v];
}

static size_t
kw_len_put(char *w, const char *kw, unsigned v)
{
	memcpy(w, kw, 4);
	return 4 + dec_put(w + 4, v);
}

/*
 * A prefix element: a large set is mostly these, printed at every
 * commit (the record, the saved file), so IPv4 is formatted here rather
 * than through inet_ntop and printf: the same text, a tenth of the cost.
 */
#define PFX_ELEM_MAX	(PREFIX_STRLEN + 32)

/* The element's text at buf (PFX_ELEM_MAX bytes), not terminated. */
static size_t
pfx_elem_fmt(const struct rpl_pfx_elem *p, char *buf)
{
	char	*w = buf;
	size_t	 i;

	if (p->pfx.addr.af == AF_V4) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				*w++ = '.';
			w += dec_small(w, p->pfx.addr.a[i]);
		}
		if (!p->nolen) {
			*w++ = '/';
			w += dec_small(w, p->pfx.len);
		}
	} else {
		if (p->nolen)
			addr_format(&p->pfx.addr, buf, PREFIX_STRLEN);
		else
			prefix_format(&p->pfx, buf, PREFIX_STRLEN);
		w += strlen(buf);
	}
	if (p->eq)
		w += kw_len_put(w, " eq ", p->ge);
	else {
		if (p->ge)
			w += kw_len_put(w, " ge ", p->ge);
		if (p->le)
			w += kw_len_put(w, " le ", p->le);
	}
	return (size_t)(w - buf);
}

static void
pfx_elem_print(const struct rpl_pfx_elem *p, struct strbuf *sb)
{
	char	 buf[PFX_ELEM_MAX];

	sb_putn(sb, buf, pfx_elem_fmt(p, buf));
}

int
rpl_elem_print(enum rpl_set_kind kind, const struct rpl_elem *e,
    struct strbuf *sb)
{
	char	 buf[PREFIX_STRLEN];
	size_t	 i;

	switch (kind) {
	case RPL_SET_PREFIX:
		pfx_elem_print(&e->u.pfx, sb);
		break;
	case RPL_SET_COMMUNITY:
		if (e->u.comm.kind == RPL_COMM_REGEX)
			regex_print(&e->u.comm.re, sb);
		else if (e->u.comm.kind == RPL_COMM_WELLKNOWN)
			sb_puts(sb, rpl_wellknown_name(e->u.comm.wk));
		else if (e->u.comm.star)
			sb_putc(sb, '*');
		else {
			rpl_part_print(&e->u.comm.hi, sb);
			sb_putc(sb, ':');
			rpl_part_print(&e->u.comm.lo, sb);
		}
		break;
	case RPL_SET_ASPATH: {
		const struct rpl_aspath_elem	*a = &e->u.asp;
		static const char *const names[] = { "", "length",
		    "unique-length", "neighbor-is", "originates-from",
		    "passes-through" };

		if (a->kind == RPL_ASP_REGEX) {
			regex_print(&a->re, sb);
			break;
		}
		sb_puts(sb, names[a->kind]);
		if (a->kind == RPL_ASP_LENGTH ||
		    a->kind == RPL_ASP_UNIQUE_LENGTH) {
			sb_printf(sb, " %s ", rpl_cmp_name(a->cmp));
			num_print(&a->n, sb);
			if (a->all)
				sb_puts(sb, " all");
		} else {
			sb_putc(sb, ' ');
			rpl_aslist_print(&a->list, sb);
			if (a->exact)
				sb_puts(sb, " exact");
		}
		break;
	}
	case RPL_SET_EXT_RT:
	case RPL_SET_EXT_SOO:
	case RPL_SET_RD:
	case RPL_SET_EXT_OPAQUE: {
		const struct rpl_ext_elem	*x = &e->u.ext;

		if (x->kind == RPL_EXT_OPAQUE) {
			rpl_part_print(&x->val, sb);
			break;
		}
		if (x->kind == RPL_EXT_REGEX) {
			regex_print(&x->re, sb);
			break;
		}
		if (x->kind == RPL_EXT_IP) {
			addr_format(&x->ip, buf, sizeof(buf));
			sb_puts(sb, buf);
			if (x->iplen)
				sb_printf(sb, "/%u", x->iplen);
		} else if (x->asdot && x->asn.kind == RPL_PART_VALUE) {
			asn_format_asdot(x->asn.lo, buf, sizeof(buf));
			sb_puts(sb, buf);
		} else
			rpl_part_print(&x->asn, sb);
		sb_putc(sb, ':');
		rpl_part_print(&x->val, sb);
		break;
	}
	case RPL_SET_LARGECOMM:
		if (e->u.lc.kind == RPL_LARGE_REGEX) {
			regex_print(&e->u.lc.re, sb);
			break;
		}
		for (i = 0; i < 3; i++) {
			if (i > 0)
				sb_putc(sb, ':');
			rpl_part_print(&e->u.lc.p[i], sb);
		}
		break;
	default:
		break;
	}
	return sb->oom ? -1 : 0;
}

int
rpl_set_print_inline(const struct rpl_set *s, struct strbuf *sb)
{
	size_t	 i;

	sb_putc(sb, '(');
	for (i = 0; i < s->nelems; i++) {
		if (i > 0)
			sb_puts(sb, ", ");
		rpl_elem_print(s->kind, &s->elems[i], sb);
	}
	sb_putc(sb, ')');
	return sb->oom ? -1 : 0;
}

int
rpl_set_print(const struct rpl_set *s, struct strbuf *sb)
{
	size_t	 i, r = 0;

	sb_printf(sb, "%s %s\n", rpl_set_kind_name(s->kind),
	    s->name ? s->name : "");
	for (i = 0; i <= s->nelems; i++) {
		for (; r < s->nremarks && s->remarks[r].before <= i; r++)
			sb_printf(sb, "  %s\n", s->remarks[r].text);
		if (i == s->nelems)
			break;
		if (s->kind == RPL_SET_PREFIX) {
			/* the whole line in one append */
			char	 line[PFX_ELEM_MAX + 8];
			size_t	 n = 2;

			line[0] = line[1] = ' ';
			n += pfx_elem_fmt(&s->elems[i].u.pfx, line + n);
			if (i + 1 < s->nelems)
				line[n++] = ',';
			line[n++] = '\n';
			sb_putn(sb, line, n);
			continue;
		}
		sb_puts(sb, "  ");
		rpl_elem_print(s->kind, &s->elems[i], sb);
		sb_puts(sb, i + 1 < s->nelems ? ",\n" : "\n");
	}
	sb_puts(sb, "end-set\n!\n");
	return sb->oom ? -1 : 0;
}

static void
setref_print(const struct rpl_setref *r, struct strbuf *sb)
{
	if (r->kind == RPL_REF_INLINE && r->inl != NULL) {
		if (r->bare && r->inl->nelems == 1)
			rpl_elem_print(r->inl->kind, &r->inl->elems[0], sb);
		else
			rpl_set_print_inline(r->inl, sb);
	} else
		sb_puts(sb, r->name ? r->name : "");
}

static void
apply_print(const struct rpl_apply *a, struct strbuf *sb)
{
	size_t	 i;

	sb_printf(sb, "apply %s", a->name);
	if (a->nargs == 0)
		return;
	sb_putc(sb, '(');
	for (i = 0; i < a->nargs; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", a->args[i]);
	sb_putc(sb, ')');
}

static const char *const match_names[] = { "matches-any", "matches-every",
    "matches-within", "is-empty" };
static const char *const origin_names[] = { "igp", "egp", "incomplete" };
static const char *const pathtype_names[] = { "ebgp", "ibgp", "cebgp" };
static const char *const rov_names[] = { "valid", "invalid", "not-found" };

static const char *
enum_name(const char *const *names, uint32_t v)
{
	return v < 3 ? names[v] : "?";
}

static void
cond_print(const struct rpl_cond *c, struct strbuf *sb)
{
	static const char *const prefix_kw[] = { "destination", "source",
	    "next-hop", "rib-has-route" };
	unsigned	 i;

	for (i = 0; i < c->parens; i++)
		sb_putc(sb, '(');
	switch (c->kind) {
	case RPL_C_AND:
	case RPL_C_OR:
		cond_print(c->l, sb);
		sb_puts(sb, c->kind == RPL_C_AND ? " and " : " or ");
		cond_print(c->r, sb);
		break;
	case RPL_C_NOT:
		sb_puts(sb, "not ");
		cond_print(c->l, sb);
		break;
	case RPL_C_APPLY:
		apply_print(&c->apply, sb);
		break;
	case RPL_C_DESTINATION:
	case RPL_C_SOURCE:
	case RPL_C_NEXTHOP:
	case RPL_C_RIB_HAS_ROUTE:
		sb_printf(sb, "%s in ", prefix_kw[c->kind -
		    RPL_C_DESTINATION]);
		setref_print(&c->set, sb);
		break;
	case RPL_C_ASPATH_IN:
		sb_puts(sb, "as-path in ");
		setref_print(&c->set, sb);
		break;
	case RPL_C_ASPATH_IS_LOCAL:
		sb_puts(sb, "as-path is-local");
		break;
	case RPL_C_ASPATH_LENGTH:
	case RPL_C_ASPATH_UNIQUE_LENGTH:
		sb_printf(sb, "as-path %s %s ", c->kind == RPL_C_ASPATH_LENGTH ?
		    "length" : "unique-length", rpl_cmp_name(c->op));
		num_print(&c->num, sb);
		if (c->all)
			sb_puts(sb, " all");
		break;
	case RPL_C_ASPATH_NEIGHBOR_IS:
	case RPL_C_ASPATH_ORIGINATES_FROM:
	case RPL_C_ASPATH_PASSES_THROUGH:
		sb_printf(sb, "as-path %s ",
		    c->kind == RPL_C_ASPATH_NEIGHBOR_IS ? "neighbor-is" :
		    c->kind == RPL_C_ASPATH_ORIGINATES_FROM ?
		    "originates-from" : "passes-through");
		rpl_aslist_print(&c->list, sb);
		if (c->exact)
			sb_puts(sb, " exact");
		break;
	case RPL_C_COMMUNITY:
	case RPL_C_LARGECOMM:
	case RPL_C_EXT_RT:
	case RPL_C_EXT_SOO:
		sb_printf(sb, "%s %s", c->kind == RPL_C_COMMUNITY ?
		    "community" : c->kind == RPL_C_LARGECOMM ?
		    "large-community" : c->kind == RPL_C_EXT_RT ?
		    "extcommunity rt" : "extcommunity soo",
		    match_names[c->op & 3]);
		if (c->op != RPL_MATCH_IS_EMPTY) {
			sb_putc(sb, ' ');
			setref_print(&c->set, sb);
		}
		break;
	case RPL_C_LOCALPREF:
	case RPL_C_MED:
	case RPL_C_TAG:
	case RPL_C_WEIGHT:
	case RPL_C_AIGP:
		sb_printf(sb, "%s %s ", c->kind == RPL_C_LOCALPREF ?
		    "local-preference" : c->kind == RPL_C_MED ? "med" :
		    c->kind == RPL_C_TAG ? "tag" : c->kind == RPL_C_WEIGHT ?
		    "weight" : "aigp-metric", rpl_cmp_name(c->op));
		num_print(&c->num, sb);
		break;
	case RPL_C_ORIGIN:
		sb_printf(sb, "origin is %s", enum_name(origin_names,
		    c->num.v));
		break;
	case RPL_C_PATH_TYPE:
		sb_printf(sb, "path-type is %s", enum_name(pathtype_names,
		    c->num.v));
		break;
	case RPL_C_VALIDATION_STATE:
		sb_printf(sb, "validation-state is %s", enum_name(rov_names,
		    c->num.v));
		break;
	case RPL_C_ROUTE_HAS_LABEL:
		sb_puts(sb, "route-has-label");
		break;
	case RPL_C_RD:
		sb_puts(sb, "rd in ");
		setref_print(&c->set, sb);
		break;
	case RPL_C_ROUTE_TYPE:
		sb_printf(sb, "route-type is %s",
		    rpl_route_type_name(c->num.v));
		break;
	default:
		sb_puts(sb, "?");
	}
	for (i = 0; i < c->parens; i++)
		sb_putc(sb, ')');
}

int
rpl_cond_print(const struct rpl_cond *c, struct strbuf *sb)
{
	cond_print(c, sb);
	return sb->oom ? -1 : 0;
}

static void
val_print(const struct rpl_val *v, struct strbuf *sb)
{
	switch (v->op) {
	case RPL_VAL_INC:
		sb_putc(sb, '+');
		num_print(&v->num, sb);
		break;
	case RPL_VAL_DEC:
		sb_putc(sb, '-');
		num_print(&v->num, sb);
		break;
	case RPL_VAL_IGP_COST:
		sb_puts(sb, "igp-cost");
		break;
	case RPL_VAL_MAX_REACHABLE:
		sb_puts(sb, "max-reachable");
		break;
	default:
		num_print(&v->num, sb);
	}
}

static void
delete_print(const struct rpl_stmt *st, const char *what, struct strbuf *sb)
{
	sb_printf(sb, "delete %s ", what);
	if (st->del == RPL_DEL_ALL) {
		sb_puts(sb, "all");
		return;
	}
	sb_puts(sb, st->del == RPL_DEL_NOT_IN ? "not in " : "in ");
	setref_print(&st->set, sb);
}

int
rpl_stmt_print_head(const struct rpl_stmt *st, struct strbuf *sb)
{
	char	 buf[ADDR_STRLEN], ps[ROUTE_PATHSEL_STRLEN];

	switch (st->kind) {
	case RPL_S_IF:
		sb_puts(sb, "if ");
		if (st->nbranches > 0 && st->branches[0].cond)
			cond_print(st->branches[0].cond, sb);
		sb_puts(sb, " then");
		break;
	case RPL_S_PASS:
		sb_puts(sb, "pass");
		break;
	case RPL_S_DROP:
		sb_puts(sb, "drop");
		break;
	case RPL_S_DONE:
		sb_puts(sb, "done");
		break;
	case RPL_S_APPLY:
		apply_print(&st->apply, sb);
		break;
	case RPL_S_REMARK:
		sb_puts(sb, st->remark ? st->remark : "#");
		break;
	case RPL_S_SET_LOCALPREF:
		sb_puts(sb, "set local-preference ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_MED:
		sb_puts(sb, "set med ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_WEIGHT:
		sb_puts(sb, "set weight ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_TAG:
		sb_puts(sb, "set tag ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_AIGP:
		sb_puts(sb, "set aigp-metric ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_ORIGIN:
		sb_puts(sb, "set origin ");
		if (st->val.num.param)
			sb_puts(sb, st->val.num.param);
		else
			sb_puts(sb, enum_name(origin_names, st->val.num.v));
		break;
	case RPL_S_SET_NEXTHOP:
		sb_puts(sb, "set next-hop ");
		switch (st->nh.kind) {
		case RPL_NH_ADDR:
			addr_format(&st->nh.addr, buf, sizeof(buf));
			sb_puts(sb, buf);
			break;
		case RPL_NH_SELF:
			sb_puts(sb, "self");
			break;
		case RPL_NH_PEER_ADDRESS:
			sb_puts(sb, "peer-address");
			break;
		case RPL_NH_DISCARD:
			sb_puts(sb, "discard");
			break;
		case RPL_NH_UNCHANGED:
			sb_puts(sb, "unchanged");
			break;
		default:
			sb_puts(sb, st->nh.param ? st->nh.param : "$?");
		}
		if (st->nh.dest_vrf)
			sb_puts(sb, " destination-vrf");
		break;
	case RPL_S_SET_COMMUNITY:
	case RPL_S_SET_LARGECOMM:
	case RPL_S_SET_EXT_RT:
	case RPL_S_SET_EXT_SOO:
		sb_printf(sb, "set %s ", st->kind == RPL_S_SET_COMMUNITY ?
		    "community" : st->kind == RPL_S_SET_LARGECOMM ?
		    "large-community" : st->kind == RPL_S_SET_EXT_RT ?
		    "extcommunity rt" : "extcommunity soo");
		setref_print(&st->set, sb);
		if (st->additive)
			sb_puts(sb, " additive");
		break;
	case RPL_S_DELETE_COMMUNITY:
		delete_print(st, "community", sb);
		break;
	case RPL_S_DELETE_LARGECOMM:
		delete_print(st, "large-community", sb);
		break;
	case RPL_S_DELETE_EXT_RT:
		delete_print(st, "extcommunity rt", sb);
		break;
	case RPL_S_PREPEND:
		sb_puts(sb, "prepend as-path ");
		if (st->prepend.kind == RPL_PREP_MOST_RECENT)
			sb_puts(sb, "most-recent");
		else if (st->prepend.kind == RPL_PREP_OWN_AS)
			sb_puts(sb, "own-as");
		else
			num_print(&st->prepend.asn, sb);
		if (st->prepend.has_count) {
			sb_putc(sb, ' ');
			num_print(&st->prepend.count, sb);
		}
		break;
	case RPL_S_REMOVE_PRIVATE_AS:
		sb_puts(sb, "remove as-path private-as");
		if (st->entire)
			sb_puts(sb, " entire-aspath");
		break;
	case RPL_S_REPLACE_PRIVATE_AS:
		sb_puts(sb, "replace as-path private-as");
		break;
	case RPL_S_SUPPRESS_ROUTE:
		sb_puts(sb, "suppress-route");
		break;
	case RPL_S_UNSUPPRESS_ROUTE:
		sb_puts(sb, "unsuppress-route");
		break;
	case RPL_S_SET_DAMPENING:
		sb_puts(sb, "set dampening halflife ");
		num_print(&st->damp.halflife, sb);
		sb_puts(sb, " reuse ");
		num_print(&st->damp.reuse, sb);
		sb_puts(sb, " suppress ");
		num_print(&st->damp.suppress, sb);
		sb_puts(sb, " max-suppress ");
		num_print(&st->damp.max_suppress, sb);
		break;
	case RPL_S_SET_METRIC_TYPE:
		sb_printf(sb, "set metric-type %s",
		    rpl_metric_type_name(st->val.num.v));
		break;
	case RPL_S_SET_LEVEL:
		sb_printf(sb, "set level %s", rpl_level_name(st->val.num.v));
		break;
	case RPL_S_SET_ISIS_METRIC:
		sb_puts(sb, "set isis-metric ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_OSPF_METRIC:
		sb_puts(sb, "set ospf-metric ");
		val_print(&st->val, sb);
		break;
	case RPL_S_SET_EXT_COLOR:
		sb_puts(sb, "set extcommunity color ");
		setref_print(&st->set, sb);
		if (st->additive)
			sb_puts(sb, " additive");
		break;
	case RPL_S_SET_PATHSEL:
		route_pathsel_format(st->pathsel, st->pathsel_flags, ps,
		    sizeof(ps));
		sb_printf(sb, "set path-selection %s", ps);
		break;
	default:
		sb_puts(sb, "?");
	}
	return sb->oom ? -1 : 0;
}

static void
indent(struct strbuf *sb, int level)
{
	int	 i;

	for (i = 0; i < level; i++)
		sb_puts(sb, "  ");
}

static void
block_print(const struct rpl_block *b, int level, struct strbuf *sb)
{
	size_t	 i, k;

	for (i = 0; i < b->n; i++) {
		const struct rpl_stmt	*st = &b->v[i];

		indent(sb, level);
		if (st->kind != RPL_S_IF) {
			rpl_stmt_print_head(st, sb);
			sb_putc(sb, '\n');
			continue;
		}
		for (k = 0; k < st->nbranches; k++) {
			const struct rpl_branch	*br = &st->branches[k];

			if (k > 0)
				indent(sb, level);
			if (br->cond == NULL)
				sb_puts(sb, "else\n");
			else {
				sb_puts(sb, k == 0 ? "if " : "elseif ");
				cond_print(br->cond, sb);
				sb_puts(sb, " then\n");
			}
			block_print(&br->body, level + 1, sb);
		}
		indent(sb, level);
		sb_puts(sb, "endif\n");
	}
}

/* "route-policy NAME($a, $b)" */
int
rpl_policy_print_header(const struct rpl_policy *p, struct strbuf *sb)
{
	size_t	 i;

	sb_printf(sb, "route-policy %s", p->name);
	if (p->nparams > 0) {
		sb_putc(sb, '(');
		for (i = 0; i < p->nparams; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", p->params[i]);
		sb_putc(sb, ')');
	}
	return sb->oom ? -1 : 0;
}

int
rpl_policy_print(const struct rpl_policy *p, struct strbuf *sb)
{
	rpl_policy_print_header(p, sb);
	sb_putc(sb, '\n');
	block_print(&p->body, 1, sb);
	sb_puts(sb, "end-policy\n!\n");
	return sb->oom ? -1 : 0;
}
