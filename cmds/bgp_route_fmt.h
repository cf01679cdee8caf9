/*
 * bgp_route_fmt: how the show bgp route views print a path, shared by
 * show_bgp_table.c (the table view), show_bgp_path.c (detail and
 * bestpath-compare), show_bgp_filter.c (filtered tables, per-neighbor
 * views) and show_bgp_misc.c.  Text layouts follow real XR output
 * (reference 6.2 and 6.3) column for column: parsers slice them.
 *
 * JSON object of one path (rfmt_path_json), snake_case keys, null when a
 * value is absent.  The first nine are those of `test route-policy`'s
 * route: next_hop, as_path ([65002, 65003], a set as a nested list),
 * origin ("igp" | "egp" | "incomplete"), med, local_preference, weight,
 * communities, large_communities, extcommunities ("RT:65001:100"), then
 * best, multipath, valid, invalid_reason, stale, source ("external" |
 * "internal" | "confed-external" | "local" | "aggregate" | null),
 * from (the neighbor's address, null for local paths and Adj-RIB rows),
 * from_router_id, originator_id, cluster_list (["10.0.0.1"]), aggregator
 * (null | { as, id }), atomic_aggregate, attribute_codes (the type code
 * of every attribute the path carries in received order, unknown ones
 * included), igp_metric, version (the prefix's table version for the
 * best path, else 0), received_path_id, local_path_id,
 * origin_as_validity (RPKI origin validation, RFC 6811: "valid" |
 * "invalid" | "not-found", or "disabled" where the path has no state:
 * validation off for its address family or its neighbor, a local path;
 * advertised-routes rows: the state of the best path advertised),
 * dampened (suppressed by flap dampening, core/bgp/damp.h).
 */
#ifndef XR_BGP_ROUTE_FMT_H
#define XR_BGP_ROUTE_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/bgp/decide.h"
#include "core/bgp/locrib.h"
#include "core/bgp/rib_query.h"
#include "core/lib/json.h"
#include "core/lib/strbuf.h"

struct cli;
struct cmd_args;

/* Entries formatted between two turns of the event loop in a walk. */
#define RFMT_CHUNK	2000

/*
 * What is printed of one path.  attrs is borrowed; a view that made its
 * own set (route-policy) puts its reference in owned, released by
 * rfmt_path_clear().
 */
struct rfmt_path {
	const struct bgp_attrs	*attrs;
	struct bgp_attrs	*owned;
	struct bgp_path_src	 src;
	int			 has_src;	/* 0: an Adj-RIB row */
	uint32_t		 weight;
	unsigned		 flags;		/* LOCRIB_PATH_* */
	const char		*invalid;	/* NULL, or why not valid */
	uint32_t		 igp_metric;
	uint64_t		 version;	/* of the prefix, best path only */
	int			 suppressed;	/* by a summary-only aggregate */
	int			 addpath_adv;	/* to add-path neighbors */
	uint8_t			 rov;		/* LOCRIB_ROV_* */
	int			 history;	/* a withdrawn path flap
						   dampening keeps ('h') */
};

/* From a Loc-RIB path (src, weight, flags, validity, version). */
/* p, a path of entry e for prefix pfx */
void	 rfmt_from_locrib(const struct locrib_entry *e,
	    const struct xprefix *pfx, const struct locrib_path *p,
	    struct rfmt_path *);
/* From bare attributes (Adj-RIB-In/Out rows): valid, no source. */
void	 rfmt_from_attrs(const struct bgp_attrs *, struct rfmt_path *);
void	 rfmt_path_clear(struct rfmt_path *);

/* "ipv4"/"ipv6" keyword of the row -> 0/1 (IPv4 when absent). */
int	 rfmt_afi(const struct cmd_args *);
/* "IPv4 Unicast" / "ipv4 unicast". */
const char *rfmt_af_label(int afi);
const char *rfmt_af_key(int afi);
/* Prints "% BGP instance 'default' not active" unless router bgp exists;
   returns 1 when it is active. */
int	 rfmt_bgp_active(struct cli *);

/* A host-order ID as A.B.C.D. */
void	 rfmt_id(uint32_t, char *, size_t);
/* The path's next hop; 0.0.0.0 or :: for a path without one. */
void	 rfmt_nexthop(const struct bgp_attrs *, int afi, char *, size_t);
/* One extended community (8 wire bytes) as XR shows it. */
void	 rfmt_ecomm(const uint8_t *, char *, size_t);
/* XR's elapsed time: 00:12:34, 1d02h, 1w2d, 1y2w. */
void	 rfmt_dur(double secs, char *, size_t);
/* 'i', 'e' or '?' */
char	 rfmt_origin_code(const struct bgp_attrs *);
/*
 * Whether `bgp origin-as validation enable` is committed for the address
 * family: the table views then print XR's validation code column.
 */
int	 rfmt_rov_enabled(int afi);
/* "valid", "invalid", "not-found", or "disabled" (LOCRIB_ROV_OFF). */
const char *rfmt_rov_word(unsigned rov);
/*
 * The state the engine's ROA table gives a route to pfx with these
 * attributes now (RFC 6811; not-found while the engine has no table),
 * for rows that have no Loc-RIB path to carry one.
 */
uint8_t	 rfmt_rov_live(const struct xprefix *, const struct bgp_attrs *);

/*
 * Table view (6.2): the header through the column titles, the status
 * codes of a path ("*>i"), one row per path (pfx NULL on the second and
 * later paths of a prefix: the Network column stays blank), the
 * trailer.  rov (rfmt_rov_enabled()): XR's layout with origin
 * validation on, the legend line "Origin-AS validation codes: V valid,
 * I invalid, N not-found, D disabled" and one more column before the
 * status codes holding V, I, N, D (validation disabled for the path's
 * neighbor) or a blank (a local path, which is never validated): every
 * column moves right by one.  rov 0: the layout without it, unchanged.
 */
void	 rfmt_table_head(struct strbuf *, int afi, int legend, int rov);
void	 rfmt_status(const struct rfmt_path *, char st[4]);
/* The validation code of a path in the table view (' ' when none). */
char	 rfmt_rov_code(const struct rfmt_path *);
void	 rfmt_table_row(struct strbuf *, const struct xprefix *, int afi,
	    const struct rfmt_path *, int rov);
void	 rfmt_table_tail(struct strbuf *, size_t prefixes, size_t paths);

/*
 * Detail view (6.3) of path number num.  v (may be NULL) gives
 * group-best; compare adds the bestpath-compare line ("best of AS 65401,
 * Overall best", "Lower weight than best path (path #1)").
 */
void	 rfmt_detail_path(struct strbuf *, int afi, unsigned num,
	    const struct rfmt_path *, const struct bgp_verdict *v,
	    int compare);
/* The bestpath-compare line of a verdict (no indentation, no newline). */
void	 rfmt_compare_text(const struct bgp_verdict *, struct strbuf *);

/* The JSON object of a path (keys above); _fields without the braces,
   for views that add keys of their own. */
void	 rfmt_path_json(struct json *, int afi, const struct rfmt_path *);
void	 rfmt_path_json_fields(struct json *, int afi,
	    const struct rfmt_path *);
void	 rfmt_json_null(struct json *, const char *key);

/*
 * Hands what sb holds to the session and lets the event loop run once
 * (timers, sockets) so that a long show never stalls the sessions; sb
 * is emptied.  -1 if sb ran out of memory (then nothing is printed).
 */
int	 rfmt_flush(struct cli *, struct strbuf *);

/*
 * A walk of a Loc-RIB in prefix order (within: longer-prefixes) printing
 * the table view or its JSON ({ vrf, address_family, router_id,
 * local_as, table_version, routes: [ { prefix, paths: [path...] } ],
 * processed_prefixes, processed_paths }).  keep() decides for each path
 * of an entry whether it is shown, and may change what is shown (fill
 * out->owned); NULL shows every path.  The walk yields to the event loop
 * every RFMT_CHUNK entries, after printing what it has: keep() is
 * called again with fresh pointers after each yield.
 */
struct rfmt_walk {
	int			 afi;
	const struct xprefix	*within;
	int			 legend;	/* print the status legend */
	int			(*keep)(const struct locrib_entry *,
				    const struct xprefix *,
				    const struct locrib_path *,
				    struct rfmt_path *out, void *arg);
	/* called after each yield: 0 goes on, -1 ends the walk */
	int			(*resume)(void *arg);
	void			*arg;
};
int	 rfmt_walk_table(struct cli *, const struct rfmt_walk *);

/*
 * Flap dampening's history paths (withdrawn, kept for their penalty) of
 * afi for the table view's `h` rows (cmds/bgp_damp.c): copies sorted by
 * prefix, each holding a reference to its attributes; *n 0 when none.
 */
struct rfmt_hist {
	struct xprefix		 pfx;
	struct bgp_attrs	*attrs;
};
struct rfmt_hist *rfmt_hist_collect(int afi, size_t *n);
void	 rfmt_hist_free(struct rfmt_hist *, size_t n);

/* Registration of the route views (show_bgp_table.c). */
void	 show_bgp_routes_init(void);
void	 show_bgp_path_init(void);
void	 show_bgp_filter_init(void);
void	 show_bgp_misc_init(void);
void	 show_bgp_rpki_init(void);	/* show_bgp_rpki.c */

#endif
