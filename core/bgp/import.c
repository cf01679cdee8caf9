/*
 * import: the checks a received path passes before the inbound policy;
 * see import.h.  Loops are checked before RFC 8212 so that a looped
 * path is reported as a loop whether or not a policy is attached.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/bgp/bytes.h"
#include "core/bgp/import.h"
#include "core/bgp/proto.h"

const char *
import_result_name(enum import_result r)
{
	switch (r) {
	case IMPORT_OK:
		return "accepted";
	case IMPORT_AS_LOOP:
		return "AS path loop";
	case IMPORT_ORIGINATOR:
		return "originator is us";
	case IMPORT_CLUSTER_LOOP:
		return "cluster ID in cluster list";
	case IMPORT_RFC8212:
		return "no inbound policy (RFC 8212)";
	}
	return "?";
}

/*
 * A truncated last segment still counts the ASNs it holds in full: the
 * decoder should have refused such a path, and if one gets here anyway,
 * seeing our AS in it is reason enough to drop it.
 */
unsigned
bgp_aspath_count_as(const uint8_t *path, size_t len, uint32_t asn)
{
	size_t		 off = 0, n, i;
	unsigned	 found = 0;

	if (path == NULL)
		return 0;
	while (len - off >= 2) {
		n = path[off + 1];
		off += 2;
		for (i = 0; i < n && len - off >= 4; i++, off += 4)
			if (be32_get(path + off) == asn)
				found++;
		if (i < n)
			break;
	}
	return found;
}

static int
as_loop(const struct import_peer *ip, const struct bgp_attrs *a)
{
	if (a->aspath == NULL || a->aspath_len == 0)
		return 0;
	if (bgp_aspath_count_as(a->aspath, a->aspath_len, ip->router_as) >
	    ip->allowas_in)
		return 1;
	/* `local-as`: the neighbor sees us as that AS; XR checks it too */
	if (ip->local_as != 0 && ip->local_as != ip->router_as &&
	    bgp_aspath_count_as(a->aspath, a->aspath_len, ip->local_as) >
	    ip->allowas_in)
		return 1;
	return 0;
}

static int
cluster_loop(const struct import_peer *ip, const struct bgp_attrs *a)
{
	size_t	 i;

	if (a->cluster_list == NULL)
		return 0;
	for (i = 0; i < a->ncluster; i++)
		if (a->cluster_list[i] == ip->cluster_id)
			return 1;
	return 0;
}

enum import_result
bgp_import_check(const struct import_peer *ip, const struct bgp_attrs *a)
{
	if (as_loop(ip, a))
		return IMPORT_AS_LOOP;
	/* only a reflector sets these, so checking eBGP paths costs nothing */
	if ((a->present & BGP_ATTRBIT(BGP_ATTR_ORIGINATOR_ID)) &&
	    a->originator_id == ip->router_id)
		return IMPORT_ORIGINATOR;
	if (cluster_loop(ip, a))
		return IMPORT_CLUSTER_LOOP;
	if (ip->ebgp && !ip->has_policy && !ip->unsafe_ebgp)
		return IMPORT_RFC8212;
	return IMPORT_OK;
}
