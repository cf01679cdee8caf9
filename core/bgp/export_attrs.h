/*
 * export_attrs: step 3 of export.h, the session rules, for export.c only.
 * The rules read the policy's result and write to a private copy made
 * the first time one of them changes something, so a path no rule
 * touches is never copied.
 */
#ifndef XR_BGP_EXPORT_ATTRS_H
#define XR_BGP_EXPORT_ATTRS_H

#include "core/bgp/attr.h"
#include "core/bgp/export.h"

struct export_edit {
	const struct export_target *t;
	const struct export_source *src;
	const struct bgp_attrs	*orig;	/* the Loc-RIB's path, before policy */
	struct bgp_attrs	*in;	/* the policy's result (not ours to edit) */
	struct bgp_attrs	*cp;	/* the copy, NULL until a rule changes */
	unsigned		 pol_set; /* BGP_POL_SET_* from the policy */
};

enum export_result export_ibgp(struct export_edit *);
enum export_result export_ebgp(struct export_edit *);
/* graceful-shutdown on the targets (RFC 8326): community, LOCAL_PREF 0 */
enum export_result export_gshut(struct export_edit *);
/* Both kinds: weight cleared, unknown attributes passed as Partial. */
enum export_result export_common(struct export_edit *);
/* Step 5: the RFC 8097 community (export.h). */
enum export_result export_rov_signal(struct export_edit *);

#endif
