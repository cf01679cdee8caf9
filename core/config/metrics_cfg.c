/*
 * metrics_cfg: the `metrics` section's model; see metrics_cfg.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/metrics_cfg.h"

/* XR words a component's commit error this way; the component is ours */
#define METRICS_ERR	"'metrics' detected the 'warning' condition '"

struct metrics_cfg *
metrics_cfg_new(void)
{
	return calloc(1, sizeof(struct metrics_cfg));
}

struct metrics_cfg *
metrics_cfg_dup(const struct metrics_cfg *src)
{
	struct metrics_cfg	*m;

	if ((m = metrics_cfg_new()) == NULL)
		return NULL;
	if (src->n > 0) {
		if ((m->v = calloc(src->n, sizeof(*m->v))) == NULL) {
			free(m);
			return NULL;
		}
		memcpy(m->v, src->v, src->n * sizeof(*m->v));
		m->n = m->cap = src->n;
	}
	return m;
}

void
metrics_cfg_free(struct metrics_cfg *m)
{
	if (m == NULL)
		return;
	free(m->v);
	free(m);
}

int
metrics_listen_cmp(const struct metrics_listen *a,
    const struct metrics_listen *b)
{
	int	 c;

	if ((c = addr_cmp(&a->addr, &b->addr)) != 0)
		return c;
	return a->port < b->port ? -1 : a->port > b->port;
}

int
metrics_addr_usable(const struct xaddr *a)
{
	if (a->af == AF_V4)
		return !(a->a[0] >= 224 || (a->a[0] == 255 && a->a[1] ==
		    255 && a->a[2] == 255 && a->a[3] == 255));
	if (a->af == AF_V6)
		return a->a[0] != 0xff;
	return 0;
}

int
metrics_listen_put(struct metrics_cfg *m, const struct metrics_listen *l)
{
	struct metrics_listen	*v;
	size_t			 i, cap;
	int			 c;

	for (i = 0; i < m->n; i++) {
		if ((c = metrics_listen_cmp(&m->v[i], l)) == 0)
			return 0;
		if (c > 0)
			break;
	}
	if (m->n == m->cap) {
		cap = m->cap ? m->cap * 2 : 4;
		if ((v = reallocarray(m->v, cap, sizeof(*v))) == NULL)
			return -1;
		m->v = v;
		m->cap = cap;
	}
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->v[i] = *l;
	m->n++;
	return 0;
}

size_t
metrics_listen_del(struct metrics_cfg *m, const struct xaddr *a,
    uint16_t port)
{
	size_t	 i = 0, gone = 0;

	while (i < m->n) {
		if (addr_cmp(&m->v[i].addr, a) == 0 &&
		    (port == 0 || m->v[i].port == port)) {
			memmove(&m->v[i], &m->v[i + 1],
			    (m->n - i - 1) * sizeof(*m->v));
			m->n--;
			gone++;
		} else
			i++;
	}
	return gone;
}

int
metrics_cfg_print(const struct metrics_cfg *m, struct strbuf *sb)
{
	char	 a[ADDR_STRLEN];
	size_t	 i;

	sb_puts(sb, "metrics\n");
	for (i = 0; i < m->n; i++) {
		addr_format(&m->v[i].addr, a, sizeof(a));
		sb_printf(sb, " listen %s port %u\n", a, m->v[i].port);
	}
	sb_puts(sb, "!\n");
	return sb->oom ? -1 : 0;
}

static int
is_unspec(const struct xaddr *a)
{
	size_t	 i, n = a->af == AF_V4 ? 4 : 16;

	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}

int
metrics_cfg_validate(const struct metrics_cfg *m, struct cfg_errors *errs)
{
	size_t	 before = errs->n, i, j;
	char	 a[ADDR_STRLEN], path[128];

	if (m == NULL)
		return 0;
	if (m->n > METRICS_LISTEN_MAX)
		cfg_error_add(errs, "metrics", METRICS_ERR "At most %d listen "
		    "addresses may be configured (%zu given)'",
		    METRICS_LISTEN_MAX, m->n);
	for (i = 0; i < m->n; i++) {
		addr_format(&m->v[i].addr, a, sizeof(a));
		snprintf(path, sizeof(path), "metrics\n listen %s port %u", a,
		    m->v[i].port);
		if (!metrics_addr_usable(&m->v[i].addr))
			cfg_error_add(errs, path, METRICS_ERR "%s is not a "
			    "unicast address'", a);
		/* a wildcard and a specific address of its family on one
		   port can't both be bound */
		for (j = 0; j < m->n; j++)
			if (j != i && m->v[j].port == m->v[i].port &&
			    m->v[j].addr.af == m->v[i].addr.af &&
			    is_unspec(&m->v[j].addr) &&
			    !is_unspec(&m->v[i].addr))
				cfg_error_add(errs, path, METRICS_ERR "Port "
				    "%u is already listened on by every "
				    "address of the family'", m->v[i].port);
	}
	return (int)(errs->n - before);
}
