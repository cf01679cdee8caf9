/*
 * linkbw: the DMZ link bandwidth of a neighbor (`dmz-link-bandwidth`):
 * the speed of the interface that holds our end of the session, read
 * from Linux's /sys/class/net/IF/speed, carried in the link-bandwidth
 * extended community (draft-ietf-idr-link-bandwidth: type 0x40, subtype
 * 0x04, a two-octet AS, the bandwidth in bytes per second as an IEEE
 * float) that we attach to the paths the neighbor sends us.
 */
#ifndef XR_BGP_LINKBW_H
#define XR_BGP_LINKBW_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/addr.h"

/* The interface that holds local; 0, or -1 when none does. */
int	linkbw_ifname(const struct xaddr *local, char *ifname, size_t len);
/*
 * Its speed in Mb/s from <root>/IF/speed (root /sys/class/net unless
 * linkbw_set_root() changed it); 0, or -1 when unknown (no such file,
 * a virtual interface without a speed, "-1").
 */
int	linkbw_speed(const char *ifname, uint32_t *mbps);
/* For tests: another directory in place of /sys/class/net (NULL: back). */
void	linkbw_set_root(const char *root);
/* The extended community for asn (AS_TRANS above 65535) and mbps. */
void	linkbw_extcomm(uint32_t asn, uint32_t mbps, uint8_t out[8]);
/* 1 if the 8 octets are a link-bandwidth extended community */
int	linkbw_is_extcomm(const uint8_t *ec);

#endif
