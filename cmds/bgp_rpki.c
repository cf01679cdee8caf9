/*
 * bgp_rpki: XR's RPKI configuration under router bgp.
 *
 *   rpki server <address|name>          -> config-bgp-rpki-server
 *     transport (tcp|ssh) port <1-65535>
 *     refresh-time (<15-3600>|off)   response-time (<15-3600>|off)
 *     purge-time <30-360>            preference <1-10>
 *     username <name>                password [clear|encrypted] <pw>
 *     shutdown
 *   rpki route <prefix> max <len> origin <asn>
 *   bgp origin-as validation signal ibgp
 *   bgp origin-as validation time (off|<5-60>)
 *   address-family: bgp origin-as validation enable,
 *                   bgp bestpath origin-as use validity | allow invalid
 *
 * A line is built aside and replaces the configured one only when it is
 * valid, so a refused line changes nothing.  What the engine cannot do
 * (ssh transport and its username/password, cache names instead of
 * addresses, a server without transport) stays in the candidate and is
 * refused at commit (core/config/rpki_validate.c, bgp_unsupported.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/bgp_cmds.h"
#include "core/config/password.h"

/* --- types --- */

/* a cache named rather than addressed: letters, digits, '-' and '.',
   with a letter somewhere and no ':' (which would be an IPv6 address) */
static int
rpki_name_ok(const char *s)
{
	size_t	 n = 0;
	int	 alpha = 0;

	for (; *s != '\0'; s++, n++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			alpha = 1;
		else if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return 0;
	}
	return alpha && n <= BGP_RPKI_HOST_MAX;
}

static void
complete_server(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	const struct config	*c = cmds_effective(cli);
	size_t			 i, n = strlen(prefix);

	if (c == NULL || c->bgp == NULL)
		return;
	for (i = 0; i < c->bgp->nrpki_srv; i++)
		if (strncmp(c->bgp->rpki_srv[i].host, prefix, n) == 0)
			add(ctx, c->bgp->rpki_srv[i].host, "RPKI cache-server");
}

/* an origin AS: asplain or asdot, and 0 (RFC 6483 AS0 ROAs) */
static int
origin_ok(const char *s)
{
	uint32_t	 v;

	return strcmp(s, "0") == 0 || asn_parse(s, &v) == 0;
}

static const struct cli_type rpki_types[] = {
	{ "rpki-name", "WORD", rpki_name_ok, complete_server },
	{ "rpki-origin", "<0-4294967295>", origin_ok, NULL },
};

/* --- config-bgp --- */

static int
cmd_rpki_server(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg		*b;
	struct bgp_rpki_server	*s;
	const char		*h = arg_str(a, "address");

	if (h == NULL)
		h = arg_str(a, "name");
	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	if (h == NULL)
		return cli_error(cli, "Incomplete command.");
	if (arg_no(a)) {
		bgp_rpki_server_del(b, h);
		return CMD_OK;
	}
	if ((s = bgp_rpki_server_get(b, h)) == NULL)
		return errno == EINVAL ? cli_error(cli, "Invalid RPKI "
		    "cache-server '%s'", h) : bgpc_nomem(cli);
	return cli_enter(cli, MODE_BGP_RPKI_SRV, s->host) == 0 ? CMD_OK :
	    CMD_ERR;
}

static int
cmd_rpki_route(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_cfg		*b;
	struct bgp_rpki_route	 r;
	const char		*ps = arg_str(a, "prefix");
	const char		*os = arg_str(a, "asn");
	uint32_t		 max = arg_u32(a, "maxlen", 0);
	unsigned		 top;

	if ((b = bgpc_cfg(cli)) == NULL)
		return CMD_ERR;
	memset(&r, 0, sizeof(r));
	if (ps == NULL || prefix_parse(ps, &r.pfx, 0) == -1)
		return cli_error(cli, "Invalid prefix '%s'", ps ? ps : "");
	if (prefix_has_host_bits(&r.pfx))
		return cli_error(cli, "Prefix %s has host bits set beyond "
		    "the prefix length", ps);
	if (os == NULL || (strcmp(os, "0") != 0 && asn_parse(os, &r.asn) ==
	    -1))
		return cli_error(cli, "Invalid origin AS '%s'", os ? os : "");
	top = r.pfx.addr.af == AF_V4 ? 32 : 128;
	if (max < r.pfx.len || max > top)
		return cli_error(cli, "Invalid max length %u for %s: must be "
		    "between the prefix length %u and %u", max, ps, r.pfx.len,
		    top);
	r.maxlen = (uint8_t)max;
	if (arg_no(a)) {
		bgp_rpki_route_del(b, &r);
		return CMD_OK;
	}
	return bgp_rpki_route_add(b, &r) == 0 ? CMD_OK : bgpc_nomem(cli);
}

static const struct bgpc_spec oas_global[] = {
	{ .kw = "signal", .item = BG_OAS_SIGNAL_IBGP },
	{ .kw = "time", .item = BG_OAS_TIME,
	  .num = { { "seconds" } }, .kws = { { "off", BGP_OPT_OFF } } },
};

static int
cmd_oas_global(struct cli *cli, const struct cmd_args *a)
{
	return bgpc_item_cmd(cli, a, BGPC_GLOBAL, oas_global,
	    sizeof(oas_global) / sizeof(oas_global[0]));
}

/* --- config-bgp-af --- */

static int
cmd_oas_af(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_gaf	*g;
	struct bgp_item	*it;

	if ((g = bgpc_gaf(cli, NULL)) == NULL)
		return CMD_ERR;
	if (arg_has(a, "enable"))
		it = &g->oas_validation;
	else if (arg_has(a, "validity"))
		it = &g->oas_use_validity;
	else
		it = &g->oas_allow_invalid;
	bgp_item_clear(it);
	if (!arg_no(a))
		it->set = 1;
	return CMD_OK;
}

/* --- config-bgp-rpki-server --- */

static struct bgp_item *
srv_item(struct cli *cli, int item)
{
	struct bgp_cfg		*b;
	struct bgp_rpki_server	*s;

	if ((b = bgpc_cfg(cli)) == NULL)
		return NULL;
	s = bgp_rpki_server_find(b, cli_key(cli, MODE_BGP_RPKI_SRV));
	if (s == NULL) {
		cli_error(cli, "The configuration object of this mode no "
		    "longer exists");
		return NULL;
	}
	return &s->it[item];
}

/* Replaces the item with *built (taken over, even on error). */
static int
srv_put(struct cli *cli, int item, struct bgp_item *built)
{
	struct bgp_item	*it;

	if ((it = srv_item(cli, item)) == NULL) {
		bgp_item_clear(built);
		return CMD_ERR;
	}
	bgp_item_clear(it);
	*it = *built;
	return CMD_OK;
}

static int
srv_item_of(const struct cmd_args *a)
{
	if (arg_has(a, "transport"))
		return BR_TRANSPORT;
	if (arg_has(a, "refresh-time"))
		return BR_REFRESH_TIME;
	if (arg_has(a, "response-time"))
		return BR_RESPONSE_TIME;
	if (arg_has(a, "purge-time"))
		return BR_PURGE_TIME;
	if (arg_has(a, "preference"))
		return BR_PREFERENCE;
	if (arg_has(a, "username"))
		return BR_USERNAME;
	return BR_SHUTDOWN;
}

/* every line of the sub-mode but password (`no transport` may stop after
   its keyword, the line may not) */
static int
cmd_srv(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	 built;
	int		 item = srv_item_of(a);
	const char	*s;

	memset(&built, 0, sizeof(built));
	if (arg_no(a))
		return srv_put(cli, item, &built);
	built.set = 1;
	switch (item) {
	case BR_TRANSPORT:
		if (!arg_has(a, "port"))
			return cli_error(cli, "Incomplete command.");
		built.n[0] = arg_u32(a, "number", 0);
		if (arg_has(a, "ssh"))
			built.opt = BGP_OPT_SSH;
		break;
	case BR_REFRESH_TIME:
	case BR_RESPONSE_TIME:
		if (arg_has(a, "off"))
			built.opt = BGP_OPT_OFF;
		else if (arg_has(a, "seconds"))
			built.n[0] = arg_u32(a, "seconds", 0);
		else
			return cli_error(cli, "Incomplete command.");
		break;
	case BR_PURGE_TIME:
	case BR_PREFERENCE:
		if (!arg_has(a, "value"))
			return cli_error(cli, "Incomplete command.");
		built.n[0] = arg_u32(a, "value", 0);
		break;
	case BR_USERNAME:
		if ((s = arg_str(a, "user")) == NULL)
			return cli_error(cli, "Incomplete command.");
		if (bgp_item_set_str(&built, s) == -1)
			return bgpc_nomem(cli);
		break;
	}
	return srv_put(cli, item, &built);
}

static int
cmd_srv_password(struct cli *cli, const struct cmd_args *a)
{
	struct bgp_item	 built;
	char		 clear[PASSWORD_MAX + 1] = "";
	const char	*s;

	memset(&built, 0, sizeof(built));
	if (arg_no(a))
		return srv_put(cli, BR_PASSWORD, &built);
	if ((s = arg_str(a, "encrypted-secret")) != NULL) {
		if (password_decode(s, clear, sizeof(clear)) == -1)
			return cli_error(cli, "Invalid encrypted password "
			    "'%s'", s);
	} else if ((s = arg_str(a, "secret")) != NULL) {
		if (!password_clear_valid(s))
			return cli_error(cli, "Invalid password: 1 to %d "
			    "printable characters without blanks",
			    PASSWORD_MAX);
		strlcpy(clear, s, sizeof(clear));
	} else
		return cli_error(cli, "Incomplete command.");
	built.set = 1;
	if (bgp_item_set_str(&built, clear) == -1)
		return bgpc_nomem(cli);
	return srv_put(cli, BR_PASSWORD, &built);
}

/* --- rows --- */

#define RPKI_HELP	"rpki=RPKI configuration"
#define OAS_HELP	"origin-as=BGP origin-AS knobs"
#define VALIDATION_HELP	"validation=Configure RPKI origin-AS validation"

static const struct cmd bgp_rows[] = {
	{ "[no] rpki server ( <address:ip> | <name:rpki-name> )",
	    cmd_rpki_server, 0,
	    { RPKI_HELP,
	      "server=Configure RPKI cache-server",
	      "address=IPv4 or IPv6 address of the RPKI cache-server",
	      "name=Hostname of the RPKI cache-server", NULL } },
	{ "[no] rpki route <prefix:prefix> max <maxlen:0-128> "
	    "origin <asn:rpki-origin>", cmd_rpki_route, 0,
	    { RPKI_HELP,
	      "route=Configure a static RPKI route (ROA)",
	      "prefix=IP prefix <network>/<length>",
	      "max=Maximum prefix length",
	      "maxlen=Maximum prefix length (prefix length to 32 or 128)",
	      "origin=Origin AS",
	      "asn=Origin AS number (0 for an AS0 ROA)", NULL } },
	{ "[no] bgp origin-as validation signal ibgp", cmd_oas_global, 0,
	    { OAS_HELP, VALIDATION_HELP,
	      "signal=Signal origin-AS validity towards peers",
	      "ibgp=Signal origin-AS validity towards iBGP peers", NULL } },
	{ "[no] bgp origin-as validation time ( off | <seconds:5-60> )",
	    cmd_oas_global, 0,
	    { OAS_HELP, VALIDATION_HELP,
	      "time=Prefix validation time (in seconds) after an RPKI update",
	      "off=Prefix validation is done at once",
	      "seconds=Prefix validation time (in seconds)", NULL } },
	CMD_END
};

static const struct cmd bgp_af_rows[] = {
	{ "[no] bgp origin-as validation enable", cmd_oas_af, 0,
	    { OAS_HELP, VALIDATION_HELP,
	      "enable=Enable RPKI origin-AS validation", NULL } },
	{ "[no] bgp bestpath origin-as use validity", cmd_oas_af, 0,
	    { OAS_HELP, "use=BGP origin-AS knobs", NULL } },
	{ "[no] bgp bestpath origin-as allow invalid", cmd_oas_af, 0,
	    { OAS_HELP, NULL } },
	CMD_END
};

#define PURGE_HELP	"purge-time=Time BGP waits to keep routes from a " \
			"cache after the cache session drops"

static const struct cmd srv_rows[] = {
	{ "[no] transport [( tcp | ssh ) port <number:1-65535>]", cmd_srv, 0,
	    { "transport=Specify a transport method for the RPKI "
	      "cache-server",
	      "tcp=Connect to the RPKI cache-server using TCP (unencrypted)",
	      "ssh=Connect to the RPKI cache-server using SSH",
	      "port=Specify a port number for the RPKI cache transport",
	      "number=Port number", NULL } },
	{ "[no] refresh-time ( <seconds:15-3600> | off )", cmd_srv, 0,
	    { "refresh-time=Time BGP waits in between sending periodic "
	      "serial queries to the cache-server",
	      "seconds=Refresh time (in seconds)",
	      "off=Do not send serial-queries periodically", NULL } },
	{ "[no] response-time ( <seconds:15-3600> | off )", cmd_srv, 0,
	    { "response-time=Time BGP waits for a response after sending a "
	      "serial or reset query",
	      "seconds=Response time (in seconds)",
	      "off=Wait indefinitely for a response", NULL } },
	{ "[no] purge-time <value:30-360>", cmd_srv, 0,
	    { PURGE_HELP, "value=Purge time (in seconds)", NULL } },
	{ "[no] preference <value:1-10>", cmd_srv, 0,
	    { "preference=Preference value for the RPKI cache-server (lower "
	      "is preferred)",
	      "value=Preference value", NULL } },
	{ "[no] username <user:word>", cmd_srv, 0,
	    { "username=Specify a (SSH) username for the RPKI cache-server",
	      "user=Username", NULL } },
	{ "[no] password ( clear <secret:word> | encrypted "
	    "<encrypted-secret:word> )", cmd_srv_password, 0,
	    { "password=Specify a (SSH) password for the RPKI cache-server",
	      "clear=Specifies an unencrypted password will follow",
	      "encrypted=Specifies an encrypted password will follow",
	      "secret=The unencrypted (cleartext) password",
	      "encrypted-secret=The encrypted password", NULL } },
	{ "[no] shutdown", cmd_srv, 0,
	    { "shutdown=Shutdown the RPKI cache-server", NULL } },
	CMD_END
};

void
bgp_rpki_cmds_init(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(rpki_types) / sizeof(rpki_types[0]); i++)
		cli_type_define(&rpki_types[i]);
	cli_install(MODE_BGP, bgp_rows);
	cli_install(MODE_BGP_AF, bgp_af_rows);
	cli_install(MODE_BGP_RPKI_SRV, srv_rows);
}
