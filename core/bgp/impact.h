/*
 * impact: `show configuration impact [neighbor X] [detail]`, what a
 * candidate configuration would do to the live routes, computed without
 * changing anything and with the engine's own evaluators: the import of
 * rib_in.c (rib_in_evaluate: checks, inbound policy, weight,
 * graceful-shutdown), the decision of decide.c (bgp_decide over the
 * prefix's paths with the changed ones swapped in) and the export of the
 * update groups (updgroup_preview_want: bgp_export and the group's
 * send-side rules), so the preview is what a commit does.
 *
 * Incremental: only the neighbors and address families whose effective
 * settings differ are evaluated:
 *   inbound: route-policy in (its text, or a policy or set it uses
 *   redefined: rpl_prog_stale against the candidate), allowas-in,
 *   weight, graceful-shutdown, dmz-link-bandwidth, bgp
 *   unsafe-ebgp-policy, bgp cluster-id; maximum-prefix is checked
 *   against the accepted count after the change (reported, the limit's
 *   action is not simulated);
 *   outbound: route-policy out, next-hop-self, next-hop-unchanged,
 *   send-community-ebgp, send-extended-community-ebgp,
 *   send-community-gshut-ebgp, remove-private-AS, as-override,
 *   route-reflector-client, graceful-shutdown, bgp unsafe-ebgp-policy,
 *   ibgp policy out enforce-modifications.  Every group also gets the
 *   prefixes whose best path the inbound changes move.
 * Not covered, and named in the summary when they change: the decision
 * knobs (bgp bestpath, default local-preference, maximum-paths),
 * router-id, AS numbers, neighbors added, removed or shut down, address
 * families;
 * not covered either: network and aggregate statements, add-path send
 * (an add-path group is previewed for its best path only).
 *
 * Pre-policy routes: the inbound impact needs the paths as received,
 * which are kept only for neighbors with `soft-reconfiguration inbound`
 * (or whose policy reads validation-state under origin validation); for
 * the others the inbound section says "not computable" and why.
 *
 * Budgeted: impact_step() does at most `budget` units of work (a path
 * evaluated, a prefix decided or exported) and returns, so the caller
 * runs the event loop between steps and sessions keep their keepalives;
 * the tables may change between steps and each step sees them as they
 * are then.
 */
#ifndef XR_BGP_IMPACT_H
#define XR_BGP_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "core/bgp/attr.h"
#include "core/lib/addr.h"
#include "core/lib/strbuf.h"

struct config;
struct impact;

#define IMPACT_FIRST	5	/* items kept per list without detail */

enum impact_kind {
	IMPACT_IN,		/* a neighbor's inbound side, one AF */
	IMPACT_BEST,		/* best path changes of one AF */
	IMPACT_OUT		/* what a group of neighbors is sent */
};

/* lists[] of a section: IN accepted/denied/changed, OUT
   advertised/withdrawn/changed, BEST lists[0] only */
enum { IMPACT_L_NEW, IMPACT_L_GONE, IMPACT_L_CHANGED, IMPACT_NLISTS };

struct impact_item {
	struct xprefix		 pfx;
	uint32_t		 pid;
	struct bgp_attrs	*before, *after;	/* references or NULL */
	/* BEST: where the old and new best path came from (af 0: no
	   path; local: originated here) */
	struct xaddr		 from_before, from_after;
	int			 local_before, local_after;
};

struct impact_list {
	size_t			 count;		/* all of them */
	struct impact_item	*v;		/* the ones kept */
	size_t			 n, cap;
};

struct impact_section {
	enum impact_kind	 kind;
	int			 afi;
	struct xaddr		 nbr;		/* IN */
	unsigned		 gid;		/* OUT: the update group now */
	struct xaddr		*members;	/* OUT: its neighbors */
	size_t			 nmembers;
	char			 pol_before[128], pol_after[128];
	int			 computable;
	char			 reason[192];	/* when not computable */
	char			 notes[512];	/* knob changes, warnings */
	size_t			 evaluated;	/* paths or prefixes */
	struct impact_list	 lists[IMPACT_NLISTS];
};

/*
 * Starts a preview of cand against the live tables; nbr (NULL: all)
 * limits it to one neighbor's settings.  NULL with err on failure ("No
 * such neighbor 1.2.3.4", "BGP is not running").
 */
struct impact	*impact_start(const struct config *cand,
		    const struct xaddr *nbr, int detail, char *err,
		    size_t errlen);
/* 1 more to do, 0 done, -1 failed (impact_error). */
int		 impact_step(struct impact *, size_t budget);
const char	*impact_error(const struct impact *);
void		 impact_free(struct impact *);

size_t		 impact_nsections(const struct impact *);
const struct impact_section *impact_section(const struct impact *, size_t);
/* Whole-run figures for the header. */
struct impact_summary {
	double		 seconds;	/* evaluation time, wall */
	double		 phase_s[3];	/* of it: inbound, decision, export */
	double		 cpu_s;		/* process CPU time over the steps
					   (a steadier figure on a busy host) */
	size_t		 paths;		/* pre-policy paths evaluated */
	size_t		 prefixes;	/* prefixes decided or exported */
	size_t		 steps;		/* loop turns given back */
	size_t		 prepolicy_paths; /* kept now, all neighbors */
	size_t		 prepolicy_bytes; /* their store (sets not counted) */
	char		 not_covered[256]; /* changed settings not previewed */
};
void		 impact_summary(const struct impact *, struct impact_summary *);

/*
 * Calls cb for each attribute that differs between a and b (either may
 * be NULL: then nothing is compared), with both values as show prints
 * them ("" when absent): "local-pref", "100", "200".
 */
void		 impact_attr_diff(const struct bgp_attrs *a,
		    const struct bgp_attrs *b, void (*cb)(const char *name,
		    const char *before, const char *after, void *), void *arg);

#endif
