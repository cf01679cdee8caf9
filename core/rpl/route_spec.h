/*
 * route_spec: the one-line route description shared by `test route-policy`
 * and the policy test files, and the printers of a route (text and JSON).
 *
 *   prefix P [next-hop A] [as-path ASN ...] [origin igp|egp|incomplete]
 *   [med N] [local-preference N] [community C ...] [large-community L ...]
 *   [extcommunity (rt|soo|color) V ...] [weight N] [tag N]
 *   [from ADDR [remote-as ASN] [local-as ASN]] [path-type ebgp|ibgp|cebgp]
 *   [rpki valid|invalid|not-found]
 *
 * Keywords may be abbreviated to a unique prefix.  AS paths may contain
 * sets written {1,2}.  next-hop also takes self, peer-address, discard and
 * unchanged, so a printed result (route_print_spec()) reads back.  `from` sets the peer (source address and the AS
 * `peeras` stands for); the path type is ebgp when the remote AS differs
 * from the local AS, ibgp when equal, and `local` without `from`.
 */
#ifndef XR_ROUTE_SPEC_H
#define XR_ROUTE_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/json.h"
#include "core/rpl/route.h"
#include "core/lib/strbuf.h"

/*
 * Parses spec into *r, which must have been route_init()'ed (its own
 * buffers are reused; the lists become its own, no cap on any).
 * local_as is this router's AS (0: unknown), used for the path type and
 * `own-as`.  Returns 0, or -1 with err naming the offending token.
 */
int	route_spec_parse(const char *spec, uint32_t local_as, struct route *r,
	    char *err, size_t errlen);

/*
 * Text form, one attribute per line ("  prefix          10.0.0.0/8"),
 * every attribute shown; absent MED / local-preference as "(not set)".
 * `indent` is prepended to each line.  0, or -1 on allocation failure.
 */
int	route_print(const struct route *, const char *indent, struct strbuf *);
/* The object of `| json`: prefix, next_hop, as_path [numbers], ... */
void	route_json(const struct route *, struct json *);
/* Compact one-line form, the same syntax route_spec_parse() reads. */
int	route_print_spec(const struct route *, struct strbuf *);

#endif
