/*
 * bgp_inherit: effective values of neighbor and template items with their
 * provenance (reference 3.5).  Precedence for one item of peer P:
 *   1. P itself (for AF items: P's address-family block);
 *   2. the session-group (AF items: af-group) P uses directly, then that
 *      group's own parents, recursively;
 *   3. the neighbor-group P uses, resolved the same way (recursively);
 *   4. the default (NULL).
 * An item found with `inheritance-disable` (off) ends the search: it is
 * returned so callers can show where the value was blocked.
 * Lookups follow names through the model, with a depth limit so that an
 * uncommitted inheritance cycle cannot loop.
 */
#ifndef XR_BGP_INHERIT_H
#define XR_BGP_INHERIT_H

#include "core/config/bgp_model.h"

#define BGP_INHERIT_DEPTH	32

const struct bgp_item	*bgp_eff_sitem(const struct bgp_cfg *,
			    const struct bgp_peer *, int item,
			    const struct bgp_peer **from);
const struct bgp_item	*bgp_eff_aitem(const struct bgp_cfg *,
			    const struct bgp_peer *, enum bgp_afi, int item,
			    const struct bgp_peer **from);
/* 1 if the item is effective and not blocked by inheritance-disable */
int			 bgp_eff_on(const struct bgp_item *);
/* 1 if the AF is active on p (configured, or inherited from its groups) */
int			 bgp_af_active(const struct bgp_cfg *,
			    const struct bgp_peer *, enum bgp_afi,
			    const struct bgp_peer **from);

/* Provenance tag: "[]" (from == p), "[n:NAME]", "[s:NAME]", "[a:NAME]",
 * "[dflt]" (from == NULL). */
void			 bgp_src_tag(const struct bgp_peer *p,
			    const struct bgp_peer *from, char *buf,
			    size_t len);

/* One line of a `show bgp ... configuration` view. */
struct bgp_view_row {
	int		 indent;
	char		*text;		/* the item as a command line */
	char		*tag;		/* "[...]", or NULL for a block opener */
	const char	*src_kind;	/* "self", "neighbor-group", ...,
					   "default"; NULL for openers */
	const char	*src_name;	/* group name or NULL */
};
struct bgp_view {
	struct bgp_view_row	*v;
	size_t			 n, cap;
	int			 oom;
};
/* Rows for p: its header, every effective item, AF blocks.  -1 on ENOMEM */
int	bgp_view_build(const struct bgp_cfg *, const struct bgp_peer *,
	    struct bgp_view *);
void	bgp_view_free(struct bgp_view *);

/*
 * Scopes for users/inheritance: -1 = session (AF-independent), or an afi.
 * bgp_users calls cb for each peer that inherits from g in that scope,
 * directly or through other groups, in canonical order.
 * bgp_ancestors calls cb for each group p inherits from in that scope, in
 * precedence order.
 */
void	bgp_users(const struct bgp_cfg *, const struct bgp_peer *g, int scope,
	    void (*cb)(const struct bgp_peer *, void *), void *);
void	bgp_ancestors(const struct bgp_cfg *, const struct bgp_peer *p,
	    int scope, void (*cb)(const struct bgp_peer *, void *), void *);
/* 1 if p has the scope at all (session scope: not an af-group; AF scope:
 * af-groups of that AF, peers with the AF active) */
int	bgp_has_scope(const struct bgp_cfg *, const struct bgp_peer *,
	    int scope);

#endif
