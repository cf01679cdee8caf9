/*
 * bgp_model: the typed `router bgp` configuration.  One instance per
 * config; neighbors and the three template kinds live in one RB tree
 * ordered by kind (af-group, session-group, neighbor-group, neighbor) and
 * then by name or address, which is also the canonical print order.
 *
 * Every configurable item is a `struct bgp_item` whose `set` flag says
 * whether it was configured at that level: inheritance (bgp_inherit.c)
 * must tell "configured" from "default", and `no` simply clears the item.
 * Items are numbered (enum bgp_sitem / bgp_aitem / bgp_gitem) so that the
 * printer, the inheritance views and the commands share one item list.
 */
#ifndef XR_BGP_MODEL_H
#define XR_BGP_MODEL_H

#include <sys/tree.h>

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"
#include "core/config/bgp_cfg.h"

enum bgp_afi {
	BGP_AFI_V4 = 0,
	BGP_AFI_V6,
	BGP_AFI_COUNT
};

/* Global (config-bgp) items, in canonical print order. */
enum bgp_gitem {
	BG_NSR,			/* nsr; OPT_DISABLE: nsr disable; XR
				   prints it first */
	BG_TIMERS,		/* n0 keepalive, n1 hold, n2 min (OPT_HAS_MIN) */
	BG_ROUTER_ID,		/* n0 address, host order */
	BG_CLUSTER_ID,		/* n0, OPT_ADDR: written as A.B.C.D */
	BG_GR_RESTART_TIME,	/* n0 */
	BG_GR_STALEPATH_TIME,	/* n0 */
	BG_GR_PURGE_TIME,	/* n0 */
	BG_GR,			/* bgp graceful-restart */
	BG_LOG_NBR,		/* bgp log neighbor changes: OPT_DETAIL or
				   OPT_DISABLE */
	BG_UPDATE_DELAY,	/* n0 seconds */
	BG_DEFAULT_LP,		/* n0 */
	BG_UNSAFE_EBGP,
	BG_MED_ALWAYS,
	BG_MED_CONFED,
	BG_MED_MISSING_WORST,
	BG_COMPARE_RID,
	BG_AIGP_IGNORE,
	BG_ASPATH_IGNORE,
	BG_ASPATH_MPR,
	BG_COST_COMM_IGNORE,
	BG_IGP_METRIC_IGNORE,
	BG_OAS_USE_VALIDITY,
	BG_OAS_ALLOW_INVALID,
	BG_OAS_SIGNAL_IBGP,	/* bgp origin-as validation signal ibgp */
	BG_OAS_TIME,		/* bgp origin-as validation time: n0 seconds,
				   or OPT_OFF */
	BG_GM_ACTIVATE,		/* graceful-maintenance activate:
				   OPT_ALL_NBRS, OPT_RETAIN_ROUTES; a
				   block in XR's running configuration,
				   before ibgp policy out */
	BG_IBGP_ENFORCE_MODS,	/* ibgp policy out enforce-modifications */
	BG_SOCK_SNDBUF,		/* socket send-buffer-size: n0 bytes */
	BG_MEMORY_LIMIT,	/* bgp memory-limit (xrsh): n0 megabytes */
	BG_GCOUNT
};

/* AF-independent items (neighbor, neighbor-group, session-group). */
enum bgp_sitem {
	BS_REMOTE_AS,		/* n0 */
	BS_SHUTDOWN,
	/* graceful-maintenance: the block (BS_GM) and its three lines,
	   each inherited on its own; printed as one block */
	BS_GM,			/* graceful-maintenance */
	BS_GM_ACTIVATE,		/*  activate */
	BS_GM_LP,		/*  local-preference: n0 */
	BS_GM_AS_PREPENDS,	/*  as-prepends: n0 (0-6) */
	BS_LOCAL_AS,		/* n0, OPT_NO_PREPEND/REPLACE_AS/DUAL_AS */
	BS_PASSWORD,		/* s = the clear secret */
	BS_DESCRIPTION,		/* s, kept exactly */
	BS_ADV_INTERVAL,	/* n0 seconds, n1 ms (OPT_HAS_MS) */
	BS_TIMERS,		/* n0 keepalive, n1 hold, n2 min (OPT_HAS_MIN) */
	BS_EBGP_MULTIHOP,	/* n0 ttl */
	BS_TTL_SECURITY,
	BS_SESSION_OPEN_MODE,	/* n0: BGP_SOM_* */
	BS_CAP_SUPPRESS_4BYTE,
	BS_ENFORCE_FIRST_AS_DISABLE,
	BS_GRACEFUL_RESTART,	/* OPT_DISABLE: `graceful-restart disable` */
	BS_BFD_FAST_DETECT,	/* bfd fast-detect [strict-mode]: OPT_STRICT */
	BS_BFD_MIN_INTERVAL,	/* bfd minimum-interval: n0 ms */
	BS_BFD_MULTIPLIER,	/* bfd multiplier: n0 */
	BS_UPDATE_SOURCE,	/* s: interface name */
	BS_LOG_NBR,		/* log neighbor changes: OPT_DETAIL or
				   OPT_DISABLE (or inheritance-disable) */
	BS_GSHUT,		/* graceful-shutdown (RFC 8326) */
	BS_DMZ_LINK_BW,		/* dmz-link-bandwidth */
	/* bmp-activate server N: one item per BMP server (core/config/
	   bmp_cfg.h), so each line is inherited on its own */
	BS_BMP1,
	BS_BMP8 = BS_BMP1 + 7,
	BS_COUNT
};

/* AF items (neighbor AF, neighbor-group AF, af-group). */
enum bgp_aitem {
	BA_POLICY_IN,		/* s = name, args */
	BA_POLICY_OUT,
	BA_MAXPFX,		/* n0 max, n1 threshold (OPT_HAS_THRESHOLD),
				   n2 restart (OPT_RESTART), OPT_WARNING_ONLY,
				   OPT_DISCARD_EXTRA */
	BA_NHS,
	BA_NHU,
	BA_RRC,
	BA_SEND_COMM,
	BA_SEND_EXTCOMM,
	BA_SEND_GSHUT,		/* send-community-gshut-ebgp */
	BA_SOFT_RECONF,		/* OPT_ALWAYS */
	BA_REMOVE_PRIV_AS,	/* OPT_ENTIRE_ASPATH */
	BA_ALLOWAS_IN,		/* n0 (OPT_HAS_VALUE) */
	BA_AS_OVERRIDE,
	BA_DEFAULT_ORIG,	/* s = policy name or NULL, args */
	BA_WEIGHT,		/* n0 */
	BA_MULTIPATH,		/* multipath */
	BA_ORF,			/* capability orf prefix: n0 BGP_ORF_* */
	BA_SEND_MCAST_ATTR,	/* send-multicast-attributes; OPT_DISABLE */
	BA_OAS_VALIDATION_DISABLE, /* origin-as validation disable */
	BA_OAS_ALLOW_INVALID,	/* bestpath origin-as allow invalid */
	BA_AP_RECV,		/* capability additional-paths receive,
				   OPT_DISABLE */
	BA_AP_SEND,		/* capability additional-paths send,
				   OPT_DISABLE */
	BA_COUNT
};

#define BGP_OPT_HAS_MIN		0x01
#define BGP_OPT_ADDR		0x01
#define BGP_OPT_NO_PREPEND	0x01
#define BGP_OPT_REPLACE_AS	0x02
#define BGP_OPT_DUAL_AS		0x04
#define BGP_OPT_HAS_MS		0x01
#define BGP_OPT_HAS_THRESHOLD	0x01
#define BGP_OPT_RESTART		0x02
#define BGP_OPT_WARNING_ONLY	0x04
#define BGP_OPT_DISCARD_EXTRA	0x08
#define BGP_OPT_ALWAYS		0x01
#define BGP_OPT_ENTIRE_ASPATH	0x01
#define BGP_OPT_HAS_VALUE	0x01
#define BGP_OPT_DISABLE		0x01
#define BGP_OPT_DETAIL		0x02
#define BGP_OPT_STRICT		0x02	/* bfd fast-detect strict-mode */
#define BGP_OPT_OFF		0x01	/* refresh-time off, ... */
#define BGP_OPT_SSH		0x01	/* rpki server: transport ssh */
#define BGP_OPT_ALL_NBRS	0x01	/* graceful-maintenance activate */
#define BGP_OPT_RETAIN_ROUTES	0x02

enum { BGP_ORF_BOTH, BGP_ORF_SEND, BGP_ORF_RECEIVE, BGP_ORF_NONE };
/* maximum-paths: `selective` (only neighbors with `multipath`) and ibgp's
   `unequal-cost` (the IGP metric step is ignored for multipath) */
#define BGP_OPT_SELECTIVE	0x02
#define BGP_OPT_UNEQUAL_COST	0x04
#define BGP_OPT_ALL		0x01	/* allocate-label all */
#define BGP_OPT_DAMP_HL		0x01	/* bgp dampening: half-life given */
#define BGP_OPT_DAMP_ALL	0x02	/*   and reuse, suppress, max */

enum { BGP_SOM_ACTIVE_ONLY, BGP_SOM_PASSIVE_ONLY, BGP_SOM_BOTH };

struct bgp_item {
	uint8_t		 set;	/* configured at this level */
	uint8_t		 off;	/* `inheritance-disable`: blocks inheritance */
	uint8_t		 opt;	/* BGP_OPT_* of the item */
	uint32_t	 n[3];
	char		*s;	/* text value (owned) */
	char		*args;	/* policy arguments "(a, b)" (owned) */
};

struct bgp_afcfg {
	uint8_t		 present;	/* `address-family` configured here */
	char		*use_afg;	/* `use af-group NAME` */
	struct bgp_item	 it[BA_COUNT];
};

enum bgp_kind {
	BGP_AFG = 0,		/* af-group */
	BGP_SG,			/* session-group */
	BGP_NG,			/* neighbor-group */
	BGP_NBR			/* neighbor */
};

/* A neighbor or a template; templates use only the fields they allow. */
struct bgp_peer {
	RB_ENTRY(bgp_peer)	 entry;
	enum bgp_kind		 kind;
	char			*name;	/* group name, or the canonical address */
	struct xaddr		 addr;	/* neighbors */
	enum bgp_afi		 afg_afi; /* af-groups: its address family */
	char			*use_ng;
	char			*use_sg;
	struct bgp_item		 s[BS_COUNT];
	struct bgp_afcfg	 af[BGP_AFI_COUNT];
};
RB_HEAD(bgp_peers, bgp_peer);
int	bgp_peer_cmp(const struct bgp_peer *, const struct bgp_peer *);
RB_PROTOTYPE(bgp_peers, bgp_peer, entry, bgp_peer_cmp)

struct bgp_network {
	struct xprefix	 pfx;
	char		*policy;	/* route-policy name or NULL */
	char		*args;
};

#define BGP_AGG_AS_SET		0x01
#define BGP_AGG_SUMMARY_ONLY	0x02
struct bgp_aggregate {
	struct xprefix	 pfx;
	unsigned	 flags;
	char		*policy;
	char		*args;
};

enum bgp_redist { BGP_REDIST_CONNECTED, BGP_REDIST_STATIC, BGP_REDIST_COUNT };

/* `additional-paths receive|send|selection route-policy NAME`, in print
   order; selection keeps the policy in s and args. */
enum bgp_addpath { BGP_AP_RECV, BGP_AP_SEND, BGP_AP_SEL, BGP_AP_COUNT };

/* Global address family (config-bgp-af). */
struct bgp_gaf {
	uint8_t			 present;
	struct bgp_network	*net;	/* sorted by prefix */
	size_t			 nnet, capnet;
	struct bgp_aggregate	*agg;	/* sorted by prefix */
	size_t			 nagg, capagg;
	struct bgp_item		 maxpaths_ebgp;	/* n0, OPT_SELECTIVE */
	struct bgp_item		 maxpaths_ibgp;	/* n0, OPT_UNEQUAL_COST,
						   OPT_SELECTIVE */
	struct bgp_item		 maxpaths_eibgp;	/* n0 */
	struct bgp_item		 allocate_label; /* OPT_ALL, or s policy and
						   args; refused at commit */
	struct bgp_item		 redist[BGP_REDIST_COUNT]; /* n0 metric
					   (OPT_HAS_VALUE), s policy, args */
	struct bgp_item		 addpath[BGP_AP_COUNT];
	struct bgp_item		 oas_validation; /* bgp origin-as validation
						   enable (RPKI, issue 12) */
	struct bgp_item		 oas_use_validity; /* bgp bestpath origin-as
						   use validity */
	struct bgp_item		 oas_allow_invalid; /* bgp bestpath origin-as
						   allow invalid */
	/* bgp dampening [HL [REUSE SUPPRESS MAX]] | route-policy NAME:
	   n0 half-life (OPT_DAMP_HL), n1 reuse, n2 suppress and
	   damp_max_suppress (OPT_DAMP_ALL), or s policy and args */
	struct bgp_item		 dampening;
	uint32_t		 damp_max_suppress;
};

/* The lines of `rpki server <host>` (config-bgp-rpki-server), in XR's
   print order. */
enum bgp_ritem {
	BR_TRANSPORT,		/* n0 port; OPT_SSH: ssh, else tcp */
	BR_USERNAME,		/* s (ssh only) */
	BR_PASSWORD,		/* s = the clear secret (ssh only) */
	BR_PREFERENCE,		/* n0 1-10, lower is preferred */
	BR_PURGE_TIME,		/* n0 seconds */
	BR_REFRESH_TIME,	/* n0 seconds, or OPT_OFF */
	BR_RESPONSE_TIME,	/* n0 seconds, or OPT_OFF */
	BR_SHUTDOWN,
	BR_COUNT
};

/* Defaults (XR's, as its show commands report them) */
#define BGP_RPKI_REFRESH_DFLT	600
#define BGP_RPKI_RESPONSE_DFLT	600
#define BGP_RPKI_PURGE_DFLT	60
#define BGP_RPKI_PREF_DFLT	0	/* unset: ahead of every 1-10 */
#define BGP_RPKI_HOST_MAX	253	/* a DNS name's length */
#define BGP_RPKI_SERVERS_MAX	31	/* RTR_SERVERS_MAX (core/bgp/rtr.h) */

struct bgp_rpki_server {
	char		*host;		/* canonical address, or the name in
					   lower case */
	struct xaddr	 addr;		/* af 0 for a name */
	struct bgp_item	 it[BR_COUNT];
};

/* A static VRP: `rpki route <prefix> max <len> origin <asn>`; the three
   together are the key. */
struct bgp_rpki_route {
	struct xprefix	 pfx;
	uint8_t		 maxlen;
	uint32_t	 asn;
};

struct bgp_cfg {
	uint32_t		 asn;
	struct bgp_item		 g[BG_GCOUNT];
	struct bgp_gaf		 af[BGP_AFI_COUNT];
	struct bgp_peers	 peers;
	size_t			 npeers;
	/* RPKI: servers sorted by address (names after addresses), static
	   routes sorted by prefix, max length, origin (print order) */
	struct bgp_rpki_server	*rpki_srv;
	size_t			 nrpki_srv;
	struct bgp_rpki_route	*rpki_rt;
	size_t			 nrpki_rt;
};

/* Lifetime.  bgp_cfg_dup / bgp_cfg_free are declared in config.h. */
struct bgp_cfg	*bgp_cfg_new(uint32_t asn);

/* Items */
void		 bgp_item_clear(struct bgp_item *);
/* replaces the text value (s) / arguments; -1 on allocation failure */
int		 bgp_item_set_str(struct bgp_item *, const char *);
int		 bgp_item_set_args(struct bgp_item *, const char *);

/* Peers: find returns NULL when absent; get creates (NULL on ENOMEM). */
struct bgp_peer	*bgp_peer_find(const struct bgp_cfg *, enum bgp_kind,
		    const char *name);
struct bgp_peer	*bgp_nbr_find(const struct bgp_cfg *, const struct xaddr *);
struct bgp_peer	*bgp_peer_get(struct bgp_cfg *, enum bgp_kind,
		    const char *name);
struct bgp_peer	*bgp_nbr_get(struct bgp_cfg *, const struct xaddr *);
void		 bgp_peer_del(struct bgp_cfg *, struct bgp_peer *);
struct bgp_peer	*bgp_peer_first(const struct bgp_cfg *);
struct bgp_peer	*bgp_peer_next(const struct bgp_peer *);
/* clears an address-family block of a peer */
void		 bgp_afcfg_clear(struct bgp_afcfg *);
/* replaces a `use` reference (use_ng, use_sg, use_afg); NULL clears */
int		 bgp_set_ref(char **, const char *);

/* Global AF contents */
struct bgp_network	*bgp_network_find(struct bgp_gaf *,
			    const struct xprefix *);
struct bgp_network	*bgp_network_get(struct bgp_gaf *,
			    const struct xprefix *);
void			 bgp_network_del(struct bgp_gaf *,
			    const struct xprefix *);
struct bgp_aggregate	*bgp_aggregate_get(struct bgp_gaf *,
			    const struct xprefix *);
void			 bgp_aggregate_del(struct bgp_gaf *,
			    const struct xprefix *);
void			 bgp_gaf_clear(struct bgp_gaf *);

/* RPKI (rpki_cfg.c).  The host is an address or a name; *_get returns
   NULL for a malformed host or on ENOMEM (errno says which: EINVAL or
   ENOMEM). */
struct bgp_rpki_server	*bgp_rpki_server_find(const struct bgp_cfg *,
			    const char *host);
struct bgp_rpki_server	*bgp_rpki_server_get(struct bgp_cfg *,
			    const char *host);
void			 bgp_rpki_server_del(struct bgp_cfg *,
			    const char *host);
/* 0 (added or already there), -1 on ENOMEM */
int			 bgp_rpki_route_add(struct bgp_cfg *,
			    const struct bgp_rpki_route *);
/* 1 if it was there */
int			 bgp_rpki_route_del(struct bgp_cfg *,
			    const struct bgp_rpki_route *);
/* copies src's RPKI part into dst (which has none); -1 on ENOMEM */
int			 bgp_rpki_copy(struct bgp_cfg *dst,
			    const struct bgp_cfg *src);
void			 bgp_rpki_free(struct bgp_cfg *);
/* one server line as its command (no indent, no newline) */
void			 bgp_ritem_format(int item, const struct bgp_item *,
			    struct strbuf *);
void			 bgp_rpki_route_format(const struct bgp_rpki_route *,
			    struct strbuf *);
/* the path of a server (and of one of its lines) for cfg_error_add */
void			 bgp_rpki_path(const struct bgp_cfg *,
			    const struct bgp_rpki_server *, const char *line,
			    struct strbuf *);
struct cfg_errors;
/* commit checks of the RPKI part (rpki_validate.c) */
void			 bgp_rpki_validate(const struct bgp_cfg *,
			    struct cfg_errors *);

/* Names */
const char	*bgp_afi_name(enum bgp_afi);		/* "ipv4" */
const char	*bgp_afi_label(enum bgp_afi);		/* "IPv4 Unicast" */
const char	*bgp_kind_name(enum bgp_kind);		/* "neighbor-group" */
char		 bgp_kind_tag(enum bgp_kind);		/* 'n', 's', 'a' */
/* "(a,b)" -> "(a, b)"; NULL if malformed.  Caller frees. */
char		*bgp_policy_args_canon(const char *);
/* splits "NAME(args)" into name and canonical args; -1 if malformed */
int		 bgp_policy_split(const char *, char *name, size_t namelen,
		    char **args);
/* 1 if s is a valid policy name (optionally with arguments) */
int		 bgp_policy_spec_valid(const char *);

/* Printing (bgp_print.c) */
/* one item as its command line (no indent, no newline) */
void		 bgp_gitem_format(int item, const struct bgp_item *,
		    struct strbuf *);
void		 bgp_sitem_format(int item, const struct bgp_item *,
		    struct strbuf *);
/* with `policy` instead of `route-policy` for the inheritance views */
void		 bgp_aitem_format(int item, const struct bgp_item *,
		    int view, struct strbuf *);
/* the global AF's `bgp dampening ...` line, without indent */
void		 bgp_dampening_format(const struct bgp_gaf *, struct strbuf *);
/* the global AF's `allocate-label ...` line */
void		 bgp_alloc_label_format(const struct bgp_item *,
		    struct strbuf *);
/* "neighbor 10.0.0.1", "af-group X address-family ipv4 unicast" */
void		 bgp_peer_header(const struct bgp_peer *, struct strbuf *);
/* the path of a peer's item for cfg_error_add (config lines) */
void		 bgp_peer_path(const struct bgp_cfg *, const struct bgp_peer *,
		    int afi, const char *line, struct strbuf *);

#endif
