/*
 * bgpmon_cfg: the `bgp-monitor` model, its canonical text and commit
 * checks; see bgpmon_cfg.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgpmon_rel.h"
#include "core/config/bgpmon_cfg.h"
#include "core/lib/addr.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_db.h"

static const struct {
	const char	*name, *tag;
} kinds[BGPMON_K_COUNT] = {
	{ "origin-change",	"ORIGIN_CHANGE" },
	{ "sub-prefix",		"SUBPREFIX_HIJACK" },
	{ "leak",		"ROUTE_LEAK" },
	{ "long-path",		"LONG_PATH" },
	{ "flap",		"PREFIX_FLAP" },
};

const char *
bgpmon_kind_name(enum bgpmon_kind k)
{
	return (unsigned)k < BGPMON_K_COUNT ? kinds[k].name : "?";
}

const char *
bgpmon_kind_tag(enum bgpmon_kind k)
{
	return (unsigned)k < BGPMON_K_COUNT ? kinds[k].tag : "?";
}

int
bgpmon_kind_parse(const char *s)
{
	int	 k;

	for (k = 0; k < BGPMON_K_COUNT; k++)
		if (strcmp(s, kinds[k].name) == 0)
			return k;
	return -1;
}

const char *
bgpmon_rel_name(enum bgpmon_relk r)
{
	switch (r) {
	case BGPMON_REL_CUSTOMER:
		return "customer";
	case BGPMON_REL_PEER:
		return "peer";
	case BGPMON_REL_PROVIDER:
		return "provider";
	default:
		return "unknown";
	}
}

struct bgpmon_cfg *
bgpmon_cfg_new(void)
{
	return calloc(1, sizeof(struct bgpmon_cfg));
}

struct bgpmon_cfg *
bgpmon_cfg_dup(const struct bgpmon_cfg *src)
{
	struct bgpmon_cfg	*c;

	if ((c = malloc(sizeof(*c))) == NULL)
		return NULL;
	*c = *src;
	c->prot = NULL;
	c->rels = NULL;
	if (src->nprot > 0) {
		if ((c->prot = calloc(src->nprot, sizeof(*c->prot))) == NULL)
			goto fail;
		memcpy(c->prot, src->prot, src->nprot * sizeof(*c->prot));
	}
	if (src->nrels > 0) {
		if ((c->rels = calloc(src->nrels, sizeof(*c->rels))) == NULL)
			goto fail;
		memcpy(c->rels, src->rels, src->nrels * sizeof(*c->rels));
	}
	return c;
fail:
	bgpmon_cfg_free(c);
	return NULL;
}

void
bgpmon_cfg_free(struct bgpmon_cfg *c)
{
	if (c == NULL)
		return;
	free(c->prot);
	free(c->rels);
	free(c);
}

static void
print_asns(struct strbuf *sb, const uint32_t *asns, size_t n)
{
	char	 buf[ASN_STRLEN];
	size_t	 i;

	for (i = 0; i < n; i++) {
		asn_format(asns[i], buf, sizeof(buf));
		sb_printf(sb, "%s%s", i ? "," : "", buf);
	}
}

static void
print_protect(struct strbuf *sb, const struct bgpmon_protect *p)
{
	sb_printf(sb, "protected prefix-set %s origin-as ", p->set);
	print_asns(sb, p->asns, p->nasns);
}

int
bgpmon_cfg_print(const struct bgpmon_cfg *c, struct strbuf *sb)
{
	char	 buf[ASN_STRLEN];
	size_t	 i;
	int	 k;

	sb_puts(sb, "bgp-monitor\n");
	for (i = 0; i < c->nprot; i++) {
		sb_putc(sb, ' ');
		print_protect(sb, &c->prot[i]);
		sb_putc(sb, '\n');
	}
	for (i = 0; i < c->nrels; i++) {
		asn_format(c->rels[i].asn, buf, sizeof(buf));
		sb_printf(sb, " relationship %s %s\n", buf,
		    bgpmon_rel_name(c->rels[i].rel));
	}
	if (c->relfile[0])
		sb_printf(sb, " relationship file %s\n", c->relfile);
	if (c->long_path)
		sb_printf(sb, " long-path threshold %u\n", c->long_path);
	if (c->flap_n)
		sb_printf(sb, " flap threshold %u window %u\n", c->flap_n,
		    c->flap_window);
	for (k = 0; k < BGPMON_K_COUNT; k++)
		if (c->alert[k] != BGPMON_ALERT_UNSET)
			sb_printf(sb, " alert %s %s\n", kinds[k].name,
			    c->alert[k] == BGPMON_ALERT_LOG ? "log" : "none");
	if (c->history)
		sb_printf(sb, " history depth %u\n", c->history);
	sb_puts(sb, "!\n");
	return sb->oom ? -1 : 0;
}

/* --- edits --- */

static size_t
protect_pos(const struct bgpmon_cfg *c, const char *set, int *found)
{
	size_t	 i;
	int	 r;

	*found = 0;
	for (i = 0; i < c->nprot; i++) {
		if ((r = strcmp(c->prot[i].set, set)) == 0)
			*found = 1;
		if (r >= 0)
			break;
	}
	return i;
}

const struct bgpmon_protect *
bgpmon_cfg_find_protect(const struct bgpmon_cfg *c, const char *set)
{
	size_t	 i;
	int	 found;

	i = protect_pos(c, set, &found);
	return found ? &c->prot[i] : NULL;
}

int
bgpmon_cfg_put_protect(struct bgpmon_cfg *c, const struct bgpmon_protect *p)
{
	struct bgpmon_protect	*n;
	size_t			 i;
	int			 found;

	i = protect_pos(c, p->set, &found);
	if (found) {
		c->prot[i] = *p;
		return 0;
	}
	if ((n = reallocarray(c->prot, c->nprot + 1, sizeof(*n))) == NULL)
		return -1;
	c->prot = n;
	memmove(&n[i + 1], &n[i], (c->nprot - i) * sizeof(*n));
	n[i] = *p;
	c->nprot++;
	return 0;
}

int
bgpmon_cfg_del_protect(struct bgpmon_cfg *c, const char *set)
{
	size_t	 i;
	int	 found;

	i = protect_pos(c, set, &found);
	if (!found)
		return 0;
	memmove(&c->prot[i], &c->prot[i + 1],
	    (c->nprot - i - 1) * sizeof(*c->prot));
	c->nprot--;
	return 0;
}

static size_t
rel_pos(const struct bgpmon_cfg *c, uint32_t asn, int *found)
{
	size_t	 i;

	*found = 0;
	for (i = 0; i < c->nrels && c->rels[i].asn < asn; i++)
		;
	*found = i < c->nrels && c->rels[i].asn == asn;
	return i;
}

int
bgpmon_cfg_put_rel(struct bgpmon_cfg *c, uint32_t asn, int rel)
{
	struct bgpmon_relcfg	*n;
	size_t			 i;
	int			 found;

	i = rel_pos(c, asn, &found);
	if (found) {
		c->rels[i].rel = (uint8_t)rel;
		return 0;
	}
	if ((n = reallocarray(c->rels, c->nrels + 1, sizeof(*n))) == NULL)
		return -1;
	c->rels = n;
	memmove(&n[i + 1], &n[i], (c->nrels - i) * sizeof(*n));
	n[i].asn = asn;
	n[i].rel = (uint8_t)rel;
	c->nrels++;
	return 0;
}

int
bgpmon_cfg_del_rel(struct bgpmon_cfg *c, uint32_t asn)
{
	size_t	 i;
	int	 found;

	i = rel_pos(c, asn, &found);
	if (!found)
		return 0;
	memmove(&c->rels[i], &c->rels[i + 1],
	    (c->nrels - i - 1) * sizeof(*c->rels));
	c->nrels--;
	return 0;
}

/* --- effective values --- */

uint32_t
bgpmon_cfg_long_path(const struct bgpmon_cfg *c)
{
	return c != NULL && c->long_path ? c->long_path :
	    BGPMON_LONG_PATH_DFLT;
}

uint32_t
bgpmon_cfg_flap_n(const struct bgpmon_cfg *c)
{
	return c != NULL && c->flap_n ? c->flap_n : BGPMON_FLAP_N_DFLT;
}

uint32_t
bgpmon_cfg_flap_window(const struct bgpmon_cfg *c)
{
	return c != NULL && c->flap_n ? c->flap_window :
	    BGPMON_FLAP_WINDOW_DFLT;
}

uint32_t
bgpmon_cfg_history(const struct bgpmon_cfg *c)
{
	return c != NULL && c->history ? c->history : BGPMON_HISTORY_DFLT;
}

int
bgpmon_cfg_alert_on(const struct bgpmon_cfg *c, enum bgpmon_kind k)
{
	return c == NULL || (unsigned)k >= BGPMON_K_COUNT ||
	    c->alert[k] != BGPMON_ALERT_NONE;
}

int
bgpmon_parse_asns(const char *s, uint32_t *asns, size_t max, size_t *n,
    char *bad, size_t badlen)
{
	const char	*p = s, *e;
	char		 tok[32];
	size_t		 len;

	*n = 0;
	if (*s == '\0') {
		snprintf(bad, badlen, "%s", s);
		return -1;
	}
	for (;;) {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len >= sizeof(tok)) {
			snprintf(bad, badlen, "%.*s", (int)(len ? len : 1),
			    len ? p : ",");
			return -1;
		}
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (asn_parse(tok, &asns[*n]) == -1 || asns[*n] == 0 ||
		    *n >= max) {
			snprintf(bad, badlen, "%s", tok);
			return -1;
		}
		(*n)++;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/* --- commit checks --- */

struct relfile_ctx {
	struct cfg_errors	*errs;
	const char		*path;
	unsigned		 nerr;
};

#define RELFILE_ERRS_MAX	5	/* a wrong file is told, not dumped */

static void
relfile_err(unsigned line, const char *msg, void *arg)
{
	struct relfile_ctx	*x = arg;

	if (x->nerr++ >= RELFILE_ERRS_MAX)
		return;
	if (line)
		cfg_error_add(x->errs, x->path, "Relationship file, line %u: "
		    "%s", line, msg);
	else
		cfg_error_add(x->errs, x->path, "Relationship file: %s", msg);
}

int
bgpmon_cfg_validate(const struct bgpmon_cfg *c, const struct rpl_db *db,
    struct cfg_errors *errs)
{
	struct strbuf		 path = STRBUF_INIT;
	struct relfile_ctx	 x;
	size_t			 before = errs->n, i;

	if (c == NULL)
		return 0;
	for (i = 0; i < c->nprot; i++) {
		if (rpl_db_find_set(db, RPL_SET_PREFIX, c->prot[i].set) !=
		    NULL)
			continue;
		sb_reset(&path);
		sb_puts(&path, "bgp-monitor\n ");
		print_protect(&path, &c->prot[i]);
		cfg_error_add(errs, sb_str(&path), "The prefix-set %s does "
		    "not exist", c->prot[i].set);
	}
	if (c->relfile[0]) {
		sb_reset(&path);
		sb_printf(&path, "bgp-monitor\n relationship file %s",
		    c->relfile);
		x.errs = errs;
		x.path = sb_str(&path);
		x.nerr = 0;
		if (bgpmon_rel_load(NULL, c->relfile, relfile_err, &x) == -1 &&
		    x.nerr == 0)
			cfg_error_add(errs, sb_str(&path), "Relationship "
			    "file: out of memory");
		if (x.nerr > RELFILE_ERRS_MAX)
			cfg_error_add(errs, sb_str(&path), "Relationship "
			    "file: %u more bad lines", x.nerr -
			    RELFILE_ERRS_MAX);
	}
	sb_free(&path);
	return (int)(errs->n - before);
}
