/*
 * bgpmon_cfg: the typed `bgp-monitor` section (routing monitoring, its
 * detectors and alerts; the runtime is core/bgp/bgpmon.h):
 *
 *   bgp-monitor
 *    protected prefix-set NAME origin-as ASN[,ASN...]
 *    relationship ASN customer|peer|provider
 *    relationship file PATH
 *    long-path threshold N
 *    flap threshold N window S
 *    alert origin-change|sub-prefix|leak|long-path|flap log|none
 *    history depth N
 *
 * What was typed is kept and printed back (a default typed explicitly
 * prints too, as XR keeps what was entered); unset values mean the
 * defaults below.  Protected sets and relationships are kept sorted by
 * key, which is the canonical print order.
 */
#ifndef XR_CONFIG_BGPMON_CFG_H
#define XR_CONFIG_BGPMON_CFG_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/cfgerr.h"
#include "core/lib/strbuf.h"

struct rpl_db;

#define BGPMON_LONG_PATH_DFLT	20
#define BGPMON_FLAP_N_DFLT	10
#define BGPMON_FLAP_WINDOW_DFLT	60
#define BGPMON_HISTORY_DFLT	8
#define BGPMON_HISTORY_MAX	64
#define BGPMON_ORIGINS_MAX	16	/* origin-as list of one protected set */
#define BGPMON_NAME_MAX		64	/* prefix-set name, with the NUL */
#define BGPMON_PATH_MAX		1024	/* relationship file path */

/* Alert kinds (also the index of the counters and of `alert`). */
enum bgpmon_kind {
	BGPMON_K_ORIGIN = 0,	/* origin-change   ORIGIN_CHANGE */
	BGPMON_K_SUBPFX,	/* sub-prefix      SUBPREFIX_HIJACK */
	BGPMON_K_LEAK,		/* leak            ROUTE_LEAK */
	BGPMON_K_LONG,		/* long-path       LONG_PATH */
	BGPMON_K_FLAP,		/* flap            PREFIX_FLAP */
	BGPMON_K_COUNT
};
const char	*bgpmon_kind_name(enum bgpmon_kind);	/* "origin-change" */
const char	*bgpmon_kind_tag(enum bgpmon_kind);	/* "ORIGIN_CHANGE" */
/* by config keyword, -1 if none */
int		 bgpmon_kind_parse(const char *);

/* What an AS is to another (a neighbor AS to us, or in the file). */
enum bgpmon_relk {
	BGPMON_REL_NONE = 0,
	BGPMON_REL_CUSTOMER,
	BGPMON_REL_PEER,
	BGPMON_REL_PROVIDER
};
const char	*bgpmon_rel_name(enum bgpmon_relk);	/* "customer" */

enum { BGPMON_ALERT_UNSET = 0, BGPMON_ALERT_LOG, BGPMON_ALERT_NONE };

struct bgpmon_protect {
	char		 set[BGPMON_NAME_MAX];
	uint32_t	 asns[BGPMON_ORIGINS_MAX];
	size_t		 nasns;
};

struct bgpmon_relcfg {
	uint32_t	 asn;
	uint8_t		 rel;		/* enum bgpmon_relk: what asn is to us */
};

struct bgpmon_cfg {
	struct bgpmon_protect	*prot;	/* sorted by set name */
	size_t			 nprot;
	struct bgpmon_relcfg	*rels;	/* sorted by asn */
	size_t			 nrels;
	char			 relfile[BGPMON_PATH_MAX];	/* "" none */
	uint32_t		 long_path;	/* 0: unset */
	uint32_t		 flap_n, flap_window;	/* 0: unset */
	uint8_t			 alert[BGPMON_K_COUNT];	/* BGPMON_ALERT_* */
	uint32_t		 history;	/* 0: unset */
};

struct bgpmon_cfg *bgpmon_cfg_new(void);
struct bgpmon_cfg *bgpmon_cfg_dup(const struct bgpmon_cfg *);
void		 bgpmon_cfg_free(struct bgpmon_cfg *);
/* canonical text, closed by `!`; 0, -1 on allocation failure */
int		 bgpmon_cfg_print(const struct bgpmon_cfg *, struct strbuf *);
/*
 * Commit-time checks: every protected prefix-set exists, the
 * relationship file reads and each of its lines parses (the first few
 * bad lines are named with their numbers).  Returns the errors added.
 */
int		 bgpmon_cfg_validate(const struct bgpmon_cfg *,
		    const struct rpl_db *, struct cfg_errors *);

/* Edits; 0, -1 on allocation failure (nothing changed). */
int		 bgpmon_cfg_put_protect(struct bgpmon_cfg *,
		    const struct bgpmon_protect *);
int		 bgpmon_cfg_del_protect(struct bgpmon_cfg *, const char *set);
int		 bgpmon_cfg_put_rel(struct bgpmon_cfg *, uint32_t asn, int rel);
int		 bgpmon_cfg_del_rel(struct bgpmon_cfg *, uint32_t asn);
const struct bgpmon_protect *bgpmon_cfg_find_protect(
		    const struct bgpmon_cfg *, const char *set);

/* Effective values (defaults when unset; cfg NULL: defaults). */
uint32_t	 bgpmon_cfg_long_path(const struct bgpmon_cfg *);
uint32_t	 bgpmon_cfg_flap_n(const struct bgpmon_cfg *);
uint32_t	 bgpmon_cfg_flap_window(const struct bgpmon_cfg *);
uint32_t	 bgpmon_cfg_history(const struct bgpmon_cfg *);
int		 bgpmon_cfg_alert_on(const struct bgpmon_cfg *,
		    enum bgpmon_kind);

/*
 * "65001,65002" (asplain or asdot) into asns (at most max); 0, or -1
 * with the offending token in bad (empty, a bad AS number, too many).
 */
int		 bgpmon_parse_asns(const char *, uint32_t *asns, size_t max,
		    size_t *n, char *bad, size_t badlen);

#endif
