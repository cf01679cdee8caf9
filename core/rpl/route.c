/*
 * route: the route value under policy evaluation; see route.h.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/route.h"
#include "core/rpl/rpl_grow.h"

const char *
route_origin_name(unsigned o)
{
	switch (o) {
	case ORIGIN_IGP:
		return "igp";
	case ORIGIN_EGP:
		return "egp";
	default:
		return "incomplete";
	}
}

const char *
route_rpki_name(unsigned s)
{
	switch (s) {
	case RPKI_VALID:
		return "valid";
	case RPKI_INVALID:
		return "invalid";
	default:
		return "not-found";
	}
}

const char *
route_path_type_name(unsigned t)
{
	switch (t) {
	case PATH_EBGP:
		return "ebgp";
	case PATH_IBGP:
		return "ibgp";
	case PATH_CEBGP:
		return "cebgp";
	default:
		return "local";
	}
}

void
route_pathsel_format(unsigned sel, unsigned flags, char *buf, size_t len)
{
	static const char *const names[] = { "", "best-path",
	    "all advertise", "group-best advertise", "multipath advertise" };

	if (sel < sizeof(names) / sizeof(names[0])) {
		strlcpy(buf, names[sel], len);
		return;
	}
	if (sel != PATHSEL_BACKUP) {
		strlcpy(buf, "?", len);
		return;
	}
	snprintf(buf, len, "backup 1%s%s%s",
	    flags & PATHSEL_F_INSTALL ? " install" : "",
	    flags & PATHSEL_F_MP_PROTECT ? " multipath-protect" : "",
	    flags & PATHSEL_F_ADVERTISE ? " advertise" : "");
}

void
route_init(struct route *r)
{
	memset(r, 0, sizeof(*r));
	r->origin = ORIGIN_IGP;
	r->rpki = RPKI_NOT_FOUND;
	r->path_type = PATH_LOCAL;
}

void
route_free(struct route *r)
{
	free(r->comm_buf);
	free(r->lcomm_buf);
	free(r->ecomm_buf);
	free(r->text_buf);
	aspath_free(&r->aspath);
	route_init(r);
}

void
route_reset(struct route *r)
{
	memset(r, 0, offsetof(struct route, comm));
	r->origin = ORIGIN_IGP;
	r->rpki = RPKI_NOT_FOUND;
	r->path_type = PATH_LOCAL;
	r->comm = r->comm_buf;
	r->lcomm = r->lcomm_buf;
	r->ecomm = r->ecomm_buf;
	aspath_clear(&r->aspath);
}

int
route_copy(struct route *d, const struct route *s)
{
	if (d == s)
		return 0;
	memcpy(d, s, offsetof(struct route, comm));
	d->comm = s->comm;
	d->lcomm = s->lcomm;
	d->ecomm = s->ecomm;
	aspath_borrow(&d->aspath, &s->aspath);
	return 0;
}

int
route_copy_own(struct route *d, const struct route *s)
{
	if (route_copy(d, s) == -1 || route_comm_own(d, 0) == -1 ||
	    route_lcomm_own(d, 0) == -1 || route_ecomm_own(d, 0) == -1 ||
	    route_aspath_own(d) == -1)
		return -1;
	return 0;
}

/*
 * The copy-on-write step shared by the three lists: *arr borrowed or
 * *buf; on return *arr is *buf with room for need (>= n) values.
 */
static int
list_own(void **arr, void **buf, uint32_t *cap, uint32_t n, size_t need,
    size_t elsz)
{
	int	 own = *arr == *buf;
	void	*nb;

	if (need < n)
		need = n;
	if ((nb = rpl_grow(*buf, cap, need, elsz)) == NULL)
		return -1;
	if (!own && n > 0)
		memcpy(nb, *arr, (size_t)n * elsz);
	*arr = *buf = nb;
	return 0;
}

int
route_comm_own(struct route *r, size_t need)
{
	void	*arr = r->comm, *buf = r->comm_buf;
	int	 rc;

	rc = list_own(&arr, &buf, &r->comm_cap, r->ncomm, need,
	    sizeof(r->comm[0]));
	r->comm_buf = buf;
	r->comm = arr;
	return rc;
}

int
route_lcomm_own(struct route *r, size_t need)
{
	void	*arr = r->lcomm, *buf = r->lcomm_buf;
	int	 rc;

	rc = list_own(&arr, &buf, &r->lcomm_cap, r->nlcomm, need,
	    sizeof(r->lcomm[0]));
	r->lcomm_buf = buf;
	r->lcomm = arr;
	return rc;
}

int
route_ecomm_own(struct route *r, size_t need)
{
	void	*arr = r->ecomm, *buf = r->ecomm_buf;
	int	 rc;

	rc = list_own(&arr, &buf, &r->ecomm_cap, r->necomm, need,
	    sizeof(r->ecomm[0]));
	r->ecomm_buf = buf;
	r->ecomm = arr;
	return rc;
}

int
route_aspath_own(struct route *r)
{
	return aspath_own(&r->aspath, 0, 0);
}

uint32_t
route_med(const struct route *r)
{
	return r->has_med ? r->med : 0;
}

uint32_t
route_local_pref(const struct route *r)
{
	return r->has_local_pref ? r->local_pref : ROUTE_LOCAL_PREF_DEFAULT;
}

int
route_peer_is_ebgp(const struct route_peer *p)
{
	return p->remote_as != 0 && p->remote_as != p->local_as;
}

int
route_comm_has(const struct route *r, uint32_t c)
{
	size_t	 i;

	for (i = 0; i < r->ncomm; i++)
		if (r->comm[i] == c)
			return 1;
	return 0;
}

int
route_comm_add(struct route *r, uint32_t c)
{
	if (route_comm_has(r, c))
		return 0;
	if (route_comm_own(r, (size_t)r->ncomm + 1) == -1)
		return -1;
	r->comm[r->ncomm++] = c;
	return 0;
}

int
route_lcomm_add(struct route *r, const struct lcomm *l)
{
	size_t	 i;

	for (i = 0; i < r->nlcomm; i++)
		if (lcomm_cmp(&r->lcomm[i], l) == 0)
			return 0;
	if (route_lcomm_own(r, (size_t)r->nlcomm + 1) == -1)
		return -1;
	r->lcomm[r->nlcomm++] = *l;
	return 0;
}

int
route_ecomm_add(struct route *r, const struct ecomm *e)
{
	size_t	 i;

	for (i = 0; i < r->necomm; i++)
		if (ecomm_eq(&r->ecomm[i], e))
			return 0;
	if (route_ecomm_own(r, (size_t)r->necomm + 1) == -1)
		return -1;
	r->ecomm[r->necomm++] = *e;
	return 0;
}

int
route_eq(const struct route *a, const struct route *b)
{
	size_t	 i;

	if (a->necomm != b->necomm)
		return 0;
	for (i = 0; i < a->necomm; i++)
		if (!ecomm_eq(&a->ecomm[i], &b->ecomm[i]))
			return 0;
	return prefix_cmp(&a->prefix, &b->prefix) == 0 &&
	    addr_cmp(&a->nexthop, &b->nexthop) == 0 &&
	    aspath_eq(&a->aspath, &b->aspath) &&
	    a->origin == b->origin && a->has_med == b->has_med &&
	    (!a->has_med || a->med == b->med) &&
	    a->has_local_pref == b->has_local_pref &&
	    (!a->has_local_pref || a->local_pref == b->local_pref) &&
	    a->weight == b->weight && a->tag == b->tag &&
	    a->nh_kind == b->nh_kind &&
	    a->ncomm == b->ncomm && a->nlcomm == b->nlcomm &&
	    (a->ncomm == 0 ||
	    memcmp(a->comm, b->comm, a->ncomm * sizeof(a->comm[0])) == 0) &&
	    (a->nlcomm == 0 ||
	    memcmp(a->lcomm, b->lcomm, a->nlcomm * sizeof(a->lcomm[0])) == 0);
}
