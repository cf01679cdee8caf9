/*
 * rpki_validate: commit-time checks of the RPKI configuration under
 * router bgp (part of bgp_cfg_validate(): all or nothing, one error per
 * problem under the path of its line).  The command rows already keep
 * every value in range (ports, timers, preference, max length); what is
 * left is what the engine cannot act on:
 *   - a cache-server named by host name: the RTR client connects to
 *     addresses only (no resolver runs in the engine);
 *   - a server with no transport that is not shut down: there is no
 *     port to connect to (XR has no default either);
 *   - more servers than the RTR client has ROA sources for.
 * SSH transport and its username/password are refused as unsupported
 * features (bgp_unsupported.c).
 */
#include <stdio.h>

#include "core/config/bgp_model.h"
#include "core/lib/cfgerr.h"

#define BGP_WARN	"'BGP' detected the 'warning' condition '"

/* "router bgp N\n rpki server H[\n  LINE]" */
void
bgp_rpki_path(const struct bgp_cfg *b, const struct bgp_rpki_server *s,
    const char *line, struct strbuf *sb)
{
	sb_printf(sb, "router bgp %u\n rpki server %s", b->asn, s->host);
	if (line != NULL)
		sb_printf(sb, "\n  %s", line);
}

static void
err_srv(const struct bgp_cfg *b, const struct bgp_rpki_server *s,
    struct cfg_errors *errs, const char *msg)
{
	struct strbuf	 path = STRBUF_INIT;

	bgp_rpki_path(b, s, NULL, &path);
	if (!path.oom)
		cfg_error_add(errs, sb_str(&path), BGP_WARN "%s'", msg);
	sb_free(&path);
}

void
bgp_rpki_validate(const struct bgp_cfg *b, struct cfg_errors *errs)
{
	const struct bgp_rpki_server	*s;
	char				 msg[512];
	size_t				 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nrpki_srv; i++) {
		s = &b->rpki_srv[i];
		if (i == BGP_RPKI_SERVERS_MAX) {
			snprintf(msg, sizeof(msg), "At most %d RPKI "
			    "cache-servers can be configured",
			    BGP_RPKI_SERVERS_MAX);
			err_srv(b, s, errs, msg);
		}
		if (s->addr.af == 0) {
			snprintf(msg, sizeof(msg), "RPKI cache-server %s is a "
			    "host name: xrsh connects to RPKI cache-servers "
			    "by address only; configure its IPv4 or IPv6 "
			    "address", s->host);
			err_srv(b, s, errs, msg);
		}
		if (!s->it[BR_TRANSPORT].set && !s->it[BR_SHUTDOWN].set) {
			snprintf(msg, sizeof(msg), "RPKI cache-server %s has "
			    "no transport: configure transport tcp port "
			    "<1-65535>, or shutdown", s->host);
			err_srv(b, s, errs, msg);
		}
	}
}
