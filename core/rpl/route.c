/*
 * route: the route value under policy evaluation; see route.h.
 */
#include <stddef.h>
#include <string.h>

#include "core/rpl/route.h"

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
route_init(struct route *r)
{
	memset(r, 0, sizeof(*r));
	r->origin = ORIGIN_IGP;
	r->rpki = RPKI_NOT_FOUND;
	r->path_type = PATH_LOCAL;
}

void
route_copy(struct route *d, const struct route *s)
{
	memcpy(d, s, offsetof(struct route, aspath));
	d->aspath.nas = s->aspath.nas;
	d->aspath.nseg = s->aspath.nseg;
	memcpy(d->aspath.seg, s->aspath.seg,
	    s->aspath.nseg * sizeof(s->aspath.seg[0]));
	memcpy(d->aspath.as, s->aspath.as,
	    s->aspath.nas * sizeof(s->aspath.as[0]));
	memcpy(d->comm, s->comm, s->ncomm * sizeof(s->comm[0]));
	memcpy(d->lcomm, s->lcomm, s->nlcomm * sizeof(s->lcomm[0]));
	memcpy(d->ecomm, s->ecomm, s->necomm * sizeof(s->ecomm[0]));
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
	if (r->ncomm >= ROUTE_COMM_MAX)
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
	if (r->nlcomm >= ROUTE_LCOMM_MAX)
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
	if (r->necomm >= ROUTE_ECOMM_MAX)
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
	    memcmp(a->comm, b->comm, a->ncomm * sizeof(a->comm[0])) == 0 &&
	    memcmp(a->lcomm, b->lcomm, a->nlcomm * sizeof(a->lcomm[0])) == 0;
}
