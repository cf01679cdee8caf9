/*
 * linkbw: interface speed and the link-bandwidth extended community for
 * `dmz-link-bandwidth`; see linkbw.h.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/linkbw.h"

#define SYSFS_NET	"/sys/class/net"
#define AS_TRANS	23456

static const char	*linkbw_root = SYSFS_NET;

void
linkbw_set_root(const char *root)
{
	linkbw_root = root != NULL ? root : SYSFS_NET;
}

static int
addr_of(const struct sockaddr *sa, struct xaddr *x)
{
	memset(x, 0, sizeof(*x));
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET) {
		x->af = AF_V4;
		memcpy(x->a, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		x->af = AF_V6;
		memcpy(x->a, &((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_addr, 16);
		return 0;
	}
	return -1;
}

int
linkbw_ifname(const struct xaddr *local, char *ifname, size_t len)
{
	struct ifaddrs	*ifs, *i;
	struct xaddr	 x;
	int		 rc = -1;

	if (getifaddrs(&ifs) == -1)
		return -1;
	for (i = ifs; i != NULL; i = i->ifa_next) {
		if (addr_of(i->ifa_addr, &x) == -1 || addr_cmp(&x, local) != 0)
			continue;
		if (strlen(i->ifa_name) < len) {
			strlcpy(ifname, i->ifa_name, len);
			rc = 0;
		}
		break;
	}
	freeifaddrs(ifs);
	return rc;
}

int
linkbw_speed(const char *ifname, uint32_t *mbps)
{
	char		 path[512], buf[32], *end;
	FILE		*f;
	long		 v;
	int		 n;

	/* an interface name never walks out of the directory */
	if (ifname[0] == '\0' || ifname[0] == '.' || strchr(ifname, '/'))
		return -1;
	n = snprintf(path, sizeof(path), "%s/%s/speed", linkbw_root, ifname);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) == NULL) {	/* EINVAL: no speed */
		fclose(f);
		return -1;
	}
	fclose(f);
	v = strtol(buf, &end, 10);
	if (end == buf || (*end != '\n' && *end != '\0') || v <= 0 ||
	    v > 0x7fffffffL)
		return -1;
	*mbps = (uint32_t)v;
	return 0;
}

void
linkbw_extcomm(uint32_t asn, uint32_t mbps, uint8_t out[8])
{
	float		 bps = (float)((double)mbps * 1e6 / 8.0);
	uint32_t	 w;
	uint16_t	 as2 = asn > 0xffff ? AS_TRANS : (uint16_t)asn;

	memcpy(&w, &bps, sizeof(w));	/* IEEE 754 single, sent big-endian */
	out[0] = 0x40;
	out[1] = 0x04;
	out[2] = (uint8_t)(as2 >> 8);
	out[3] = (uint8_t)as2;
	out[4] = (uint8_t)(w >> 24);
	out[5] = (uint8_t)(w >> 16);
	out[6] = (uint8_t)(w >> 8);
	out[7] = (uint8_t)w;
}

int
linkbw_is_extcomm(const uint8_t *ec)
{
	return (ec[0] & 0xbf) == 0x00 && ec[1] == 0x04;
}
