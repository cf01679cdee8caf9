/*
 * rtr_quiet: drops the debug lines Debian's librtr writes to stderr
 * (see rtr_quiet.c).  Call once before rtrlib starts a thread.
 */
#ifndef XR_BGP_RTR_QUIET_H
#define XR_BGP_RTR_QUIET_H

void	 rtr_quiet_init(void);

#endif
