/*
 * netns: which network namespace this process runs in.  A namespace is
 * named by the inode of its nsfs file (`readlink /proc/self/ns/net`
 * prints it as net:[N]).  The loopback guard of the BGP transport uses
 * it: a namespace a test made (veth pairs, nothing routed out) may carry
 * sessions to addresses outside loopback.
 */
#ifndef XR_SYS_NETNS_H
#define XR_SYS_NETNS_H

#include <stdint.h>

/* The kernel's fixed inode of the initial namespace (PROC_NET_INIT_INO,
   recent kernels; older ones number it like any other). */
#define NETNS_INIT_INO	0xEFFFFFF9u

/* Inode of our namespace (/proc/self/ns/net); 0 when unreadable. */
uint64_t	 netns_self(void);
/* Inode of pid 1's namespace (/proc/1/ns/net); 0 when unreadable (a
   sandbox may deny it, as it denies ptrace of pid 1). */
uint64_t	 netns_init(void);
/*
 * 1 when our namespace is one that `ip netns add NAME` made with NAME
 * starting with prefix (a bind mount /run/netns/NAME of the same nsfs
 * inode and device), else 0.
 */
int		 netns_named(const char *prefix);

#endif
