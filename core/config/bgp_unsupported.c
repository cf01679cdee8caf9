/*
 * bgp_unsupported: the table of router bgp items xrsh accepts into the
 * candidate but refuses to commit, and the walk that names each
 * configured one (see bgp_unsupported.h).  An item counts wherever it is
 * configured, templates included: the line is in the configuration even
 * when no neighbor uses the group.  `inheritance-disable` forms and the
 * harmless variants (`nsr disable`, `capability orf prefix none`,
 * `send-multicast-attributes disable`) pass.  RPKI: the SSH transport
 * of an `rpki server` and its username and password.
 */
#include <stdio.h>

#include "core/config/bgp_unsupported.h"

#define BGP_WARN	"'BGP' detected the 'warning' condition '"

/* MPLS labels: the global address family's allocate-label */
#define ALLOC_LABEL_REASON	"MPLS label allocation needs an MPLS " \
				"forwarding plane"

#define BFD_REASON	"BFD is not implemented; the session relies on its " \
			"hold timer"

enum unsup_scope { US_GLOBAL, US_SESSION, US_AF };

struct unsup {
	enum unsup_scope	 scope;
	int			 item;
	/* 1 if this configured item is unsupported */
	int			(*applies)(const struct bgp_item *);
	const char		*reason;
};

static int
nsr_on(const struct bgp_item *it)
{
	return !(it->opt & BGP_OPT_DISABLE);
}

static int
not_disabled(const struct bgp_item *it)
{
	return !(it->opt & BGP_OPT_DISABLE);
}

static int
always(const struct bgp_item *it)
{
	(void)it;
	return 1;
}

static int
orf_on(const struct bgp_item *it)
{
	return it->n[0] != BGP_ORF_NONE;
}

static int
retain_on(const struct bgp_item *it)
{
	return (it->opt & BGP_OPT_RETAIN_ROUTES) != 0;
}

static const struct unsup unsup_items[] = {
	{ US_GLOBAL, BG_GM_ACTIVATE, retain_on,
	  "retain-routes keeps BGP routes in the RIB after BGP stops; xrsh "
	  "installs no routes in a RIB outside its own process" },
	{ US_GLOBAL, BG_NSR, nsr_on,
	  "non-stop routing needs a standby route processor; xrsh is a "
	  "single process" },
	{ US_SESSION, BS_BFD_FAST_DETECT, always, BFD_REASON },
	{ US_SESSION, BS_BFD_MIN_INTERVAL, always, BFD_REASON },
	{ US_SESSION, BS_BFD_MULTIPLIER, always, BFD_REASON },
	{ US_AF, BA_ORF, orf_on,
	  "outbound route filtering (RFC 5291 ORF) is not implemented" },
	{ US_AF, BA_SEND_MCAST_ATTR, not_disabled,
	  "there is no multicast address family" },
};
#define NUNSUP	(sizeof(unsup_items) / sizeof(unsup_items[0]))

static void
add(const struct bgp_cfg *b, const struct bgp_peer *p, int afi,
    const struct unsup *u, const struct bgp_item *it, struct cfg_errors *errs)
{
	struct strbuf	 line = STRBUF_INIT, path = STRBUF_INIT;

	switch (u->scope) {
	case US_GLOBAL:
		bgp_gitem_format(u->item, it, &line);
		break;
	case US_SESSION:
		bgp_sitem_format(u->item, it, &line);
		break;
	case US_AF:
		bgp_aitem_format(u->item, it, 0, &line);
		break;
	}
	bgp_peer_path(b, p, afi, sb_str(&line), &path);
	if (!line.oom && !path.oom)
		cfg_error_add(errs, sb_str(&path), BGP_WARN
		    BGP_UNSUPPORTED_TEXT "%s'", u->reason);
	sb_free(&line);
	sb_free(&path);
}

static void
check_peer(const struct bgp_cfg *b, const struct bgp_peer *p,
    const struct unsup *u, struct cfg_errors *errs)
{
	const struct bgp_item	*it;
	int			 afi;

	if (u->scope == US_SESSION) {
		if (p->kind == BGP_AFG)
			return;
		it = &p->s[u->item];
		if (it->set && u->applies(it))
			add(b, p, -1, u, it, errs);
		return;
	}
	for (afi = 0; afi < BGP_AFI_COUNT; afi++) {
		if (p->kind == BGP_SG || (p->kind == BGP_AFG ?
		    p->afg_afi != (enum bgp_afi)afi : !p->af[afi].present))
			continue;
		it = &p->af[afi].it[u->item];
		if (it->set && u->applies(it))
			add(b, p, afi, u, it, errs);
	}
}

static void
check_gaf(const struct bgp_cfg *b, struct cfg_errors *errs)
{
	const struct bgp_item	*it;
	struct strbuf		 line = STRBUF_INIT, path = STRBUF_INIT;
	int			 i;

	for (i = 0; i < BGP_AFI_COUNT; i++) {
		it = &b->af[i].allocate_label;
		if (!b->af[i].present || !it->set)
			continue;
		sb_reset(&line);
		sb_reset(&path);
		bgp_alloc_label_format(it, &line);
		bgp_peer_path(b, NULL, i, sb_str(&line), &path);
		if (!line.oom && !path.oom)
			cfg_error_add(errs, sb_str(&path), BGP_WARN
			    BGP_UNSUPPORTED_TEXT "%s'", ALLOC_LABEL_REASON);
	}
	sb_free(&line);
	sb_free(&path);
}

/* rpki server: the SSH transport and the lines that only apply to it */
static const char *
rpki_reason(int k, const struct bgp_item *it)
{
	if (!it->set)
		return NULL;
	if (k == BR_TRANSPORT && (it->opt & BGP_OPT_SSH))
		return "RPKI over SSH is not implemented; use transport tcp";
	if (k == BR_USERNAME || k == BR_PASSWORD)
		return "username and password apply to the SSH transport "
		    "only, which is not implemented";
	return NULL;
}

static void
check_rpki(const struct bgp_cfg *b, struct cfg_errors *errs)
{
	const struct bgp_rpki_server	*s;
	struct strbuf			 line = STRBUF_INIT, path = STRBUF_INIT;
	const char			*why;
	size_t				 i;
	int				 k;

	for (i = 0; i < b->nrpki_srv; i++) {
		s = &b->rpki_srv[i];
		for (k = 0; k < BR_COUNT; k++) {
			if ((why = rpki_reason(k, &s->it[k])) == NULL)
				continue;
			sb_reset(&line);
			sb_reset(&path);
			bgp_ritem_format(k, &s->it[k], &line);
			bgp_rpki_path(b, s, sb_str(&line), &path);
			if (!line.oom && !path.oom)
				cfg_error_add(errs, sb_str(&path), BGP_WARN
				    BGP_UNSUPPORTED_TEXT "%s'", why);
		}
	}
	sb_free(&line);
	sb_free(&path);
}

void
bgp_cfg_check_unsupported(const struct bgp_cfg *b, struct cfg_errors *errs)
{
	const struct bgp_peer	*p;
	size_t			 i;

	if (b == NULL)
		return;
	for (i = 0; i < NUNSUP; i++) {
		const struct unsup	*u = &unsup_items[i];

		if (u->scope == US_GLOBAL && b->g[u->item].set &&
		    u->applies(&b->g[u->item]))
			add(b, NULL, -1, u, &b->g[u->item], errs);
	}
	check_rpki(b, errs);
	check_gaf(b, errs);
	/* peer by peer, in print order, so errors read like the config */
	for (p = bgp_peer_first(b); p != NULL; p = bgp_peer_next(p))
		for (i = 0; i < NUNSUP; i++)
			if (unsup_items[i].scope != US_GLOBAL)
				check_peer(b, p, &unsup_items[i], errs);
}
