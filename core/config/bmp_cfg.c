/*
 * bmp_cfg: the `bmp server N` blocks (bmp_cfg.h): lifetime, the
 * canonical text and the commit checks, including the neighbors'
 * `bmp-activate server N` lines of router bgp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/bgp_inherit.h"
#include "core/config/bgp_model.h"
#include "core/config/bmp_cfg.h"

struct bmp_cfg *
bmp_cfg_new(void)
{
	return calloc(1, sizeof(struct bmp_cfg));
}

void
bmp_server_cfg_clear(struct bmp_server_cfg *s)
{
	free(s->description);
	free(s->update_source);
	memset(s, 0, sizeof(*s));
}

void
bmp_cfg_free(struct bmp_cfg *c)
{
	int	 i;

	if (c == NULL)
		return;
	for (i = 0; i < BMP_SERVERS_MAX; i++)
		bmp_server_cfg_clear(&c->srv[i]);
	free(c);
}

static int
dup_str(char **dst, const char *src)
{
	*dst = NULL;
	return src != NULL && (*dst = strdup(src)) == NULL ? -1 : 0;
}

struct bmp_cfg *
bmp_cfg_dup(const struct bmp_cfg *src)
{
	struct bmp_cfg	*c;
	int		 i, bad = 0;

	if ((c = bmp_cfg_new()) == NULL)
		return NULL;
	c->all_present = src->all_present;
	c->local_rib = src->local_rib;
	c->max_buffer_mb = src->max_buffer_mb;
	c->adj_rib_out = src->adj_rib_out;
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		c->srv[i] = src->srv[i];
		/* both set (NULL on failure), so the free below is safe */
		bad |= dup_str(&c->srv[i].description,
		    src->srv[i].description);
		bad |= dup_str(&c->srv[i].update_source,
		    src->srv[i].update_source);
	}
	if (bad) {
		bmp_cfg_free(c);
		return NULL;
	}
	return c;
}

int
bmp_cfg_empty(const struct bmp_cfg *c)
{
	int	 i;

	if (c == NULL)
		return 1;
	if (c->all_present)
		return 0;
	for (i = 0; i < BMP_SERVERS_MAX; i++)
		if (c->srv[i].present)
			return 0;
	return 1;
}

const struct bmp_server_cfg *
bmp_cfg_server(const struct bmp_cfg *c, unsigned id)
{
	if (c == NULL || id < 1 || id > BMP_SERVERS_MAX ||
	    !c->srv[id - 1].present)
		return NULL;
	return &c->srv[id - 1];
}

struct bmp_server_cfg *
bmp_cfg_server_get(struct bmp_cfg *c, unsigned id)
{
	if (c == NULL || id < 1 || id > BMP_SERVERS_MAX)
		return NULL;
	c->srv[id - 1].present = 1;
	return &c->srv[id - 1];
}

int
bmp_cfg_set_str(char **field, const char *s)
{
	char	*d = NULL;

	if (s != NULL && (d = strdup(s)) == NULL)
		return -1;
	free(*field);
	*field = d;
	return 0;
}

int
bmp_cfg_print(const struct bmp_cfg *c, struct strbuf *sb)
{
	const struct bmp_server_cfg	*s;
	char				 a[ADDR_STRLEN];
	int				 i;

	if (c == NULL)
		return 0;
	if (c->all_present) {
		sb_puts(sb, "bmp server all\n");
		if (c->max_buffer_mb != 0)
			sb_printf(sb, " max-buffer-size %u\n",
			    c->max_buffer_mb);
		if (c->adj_rib_out)
			sb_puts(sb, " route-monitoring adj-rib-out\n");
		if (c->local_rib)
			sb_puts(sb, " route-monitoring local-rib\n");
		sb_puts(sb, "!\n");
	}
	for (i = 0; i < BMP_SERVERS_MAX; i++) {
		s = &c->srv[i];
		if (!s->present)
			continue;
		sb_printf(sb, "bmp server %d\n", i + 1);
		if (s->has_host) {
			addr_format(&s->host, a, sizeof(a));
			sb_printf(sb, " host %s port %u\n", a, s->port);
		}
		if (s->description != NULL)
			sb_printf(sb, " description %s\n", s->description);
		if (s->update_source != NULL)
			sb_printf(sb, " update-source %s\n", s->update_source);
		if (s->initial_delay != 0)
			sb_printf(sb, " initial-delay %u\n", s->initial_delay);
		if (s->stats_period != 0)
			sb_printf(sb, " stats-reporting-period %u\n",
			    s->stats_period);
		if (s->shutdown)
			sb_puts(sb, " shutdown\n");
		sb_puts(sb, "!\n");
	}
	return sb->oom ? -1 : 0;
}

int
bmp_cfg_validate(const struct bmp_cfg *c, const struct bgp_cfg *b,
    struct cfg_errors *errs)
{
	const struct bgp_peer	*p;
	struct strbuf		 path = STRBUF_INIT;
	char			 line[64];
	int			 i, n = 0;

	for (i = 0; c != NULL && i < BMP_SERVERS_MAX; i++) {
		if (!c->srv[i].present || c->srv[i].has_host ||
		    c->srv[i].shutdown)
			continue;
		sb_reset(&path);
		sb_printf(&path, "bmp server %d", i + 1);
		if (!path.oom)
			cfg_error_add(errs, sb_str(&path), "'BMP' detected "
			    "the 'warning' condition 'BMP server %d has no "
			    "host: configure host <address> port <1-65535>, "
			    "or shutdown'", i + 1);
		n++;
	}
	for (p = b != NULL ? bgp_peer_first(b) : NULL; p != NULL;
	    p = bgp_peer_next(p)) {
		for (i = 0; i < BMP_SERVERS_MAX; i++) {
			if (!p->s[BS_BMP1 + i].set ||
			    bmp_cfg_server(c, (unsigned)i + 1) != NULL)
				continue;
			snprintf(line, sizeof(line), "bmp-activate server %d",
			    i + 1);
			sb_reset(&path);
			bgp_peer_path(b, p, -1, line, &path);
			if (!path.oom)
				cfg_error_add(errs, sb_str(&path), "'BGP' "
				    "detected the 'warning' condition 'BMP "
				    "server %d is not configured'", i + 1);
			n++;
		}
	}
	sb_free(&path);
	return n;
}

unsigned
bmp_cfg_nbr_servers(const struct bgp_cfg *b, const struct xaddr *addr)
{
	const struct bgp_peer	*np;
	const struct bgp_item	*it;
	unsigned		 m = 0;
	int			 i;

	if (b == NULL || (np = bgp_nbr_find(b, addr)) == NULL)
		return 0;
	for (i = 0; i < BMP_SERVERS_MAX; i++)
		if ((it = bgp_eff_sitem(b, np, BS_BMP1 + i, NULL)) != NULL &&
		    bgp_eff_on(it))
			m |= 1u << i;
	return m;
}
