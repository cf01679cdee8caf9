/*
 * static_validate: commit-time checks of router static.  Every problem is
 * reported (all-or-nothing), each with the config path of its line:
 *   - a prefix or next hop of the other family than its address family;
 *   - host bits set beyond the prefix length;
 *   - a distance outside 1-254;
 *   - a next hop that cannot be one (unspecified, multicast, loopback
 *     host of the other family...), or an IPv6 link-local next hop
 *     without an interface;
 *   - a next hop together with Null0 (a discard route has no next hop);
 *   - a route with neither interface nor next hop.
 * The wording follows XR's static-route component messages.
 */
#include <stdio.h>
#include <string.h>

#include "core/config/static_cfg.h"

#define STATIC_ERR	"'ip-static' detected the 'warning' condition '"

static void
err_at(enum static_afi afi, const struct static_route *r,
    struct cfg_errors *errs, const char *msg)
{
	struct strbuf	 path = STRBUF_INIT;

	sb_printf(&path, "router static\n address-family %s unicast\n  ",
	    static_afi_name(afi));
	static_route_format(r, &path);
	if (!path.oom)
		cfg_error_add(errs, sb_str(&path), STATIC_ERR "%s'", msg);
	sb_free(&path);
}

static int
all_zero(const struct xaddr *a)
{
	size_t	 i, n = a->af == AF_V4 ? 4 : 16;

	for (i = 0; i < n; i++)
		if (a->a[i] != 0)
			return 0;
	return 1;
}

static const char *
nh_problem(const struct static_route *r)
{
	const struct xaddr	*a = &r->nh;

	if (all_zero(a))
		return "Invalid next-hop address: the unspecified address";
	if (a->af == AF_V4 && a->a[0] >= 224)
		return "Invalid next-hop address: multicast or reserved";
	if (a->af == AF_V6 && a->a[0] == 0xff)
		return "Invalid next-hop address: multicast";
	if (a->af == AF_V6 && a->a[0] == 0xfe && (a->a[1] & 0xc0) == 0x80 &&
	    r->ifname[0] == '\0')
		return "A link-local next-hop address requires an interface";
	return NULL;
}

static void
check_route(enum static_afi afi, const struct static_route *r,
    struct cfg_errors *errs)
{
	char		 msg[160];
	const char	*why;

	if (static_afi_of(r->pfx.addr.af) != afi) {
		snprintf(msg, sizeof(msg), "The prefix is not an %s prefix",
		    afi == STATIC_AFI_V4 ? "IPv4" : "IPv6");
		err_at(afi, r, errs, msg);
		return;
	}
	if (prefix_has_host_bits(&r->pfx))
		err_at(afi, r, errs, "The prefix has host bits set beyond "
		    "the prefix length");
	if (r->distance > 254)
		err_at(afi, r, errs, "Invalid distance: the range is 1-254");
	if (r->ifname[0] == '\0' && r->nh.af == 0)
		err_at(afi, r, errs, "A static route needs an interface or "
		    "a next-hop address");
	if (r->nh.af == 0)
		return;
	if (r->nh.af != r->pfx.addr.af) {
		snprintf(msg, sizeof(msg), "The next-hop address is not an "
		    "%s address", afi == STATIC_AFI_V4 ? "IPv4" : "IPv6");
		err_at(afi, r, errs, msg);
		return;
	}
	if (static_route_is_null0(r))
		err_at(afi, r, errs, "A next-hop address cannot be given "
		    "with Null0");
	if ((why = nh_problem(r)) != NULL)
		err_at(afi, r, errs, why);
}

int
static_cfg_validate(const struct static_cfg *s, struct cfg_errors *errs)
{
	size_t	 before = errs->n, i;
	int	 afi;

	if (s == NULL)
		return 0;
	for (afi = 0; afi < STATIC_AFI_COUNT; afi++)
		for (i = 0; i < s->af[afi].n; i++)
			check_route(afi, &s->af[afi].v[i], errs);
	return (int)(errs->n - before);
}
