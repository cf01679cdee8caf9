/*
 * ifwatch: tells the engine soon after the host's addresses or links
 * change, so connected networks (next hops, redistribute connected) do
 * not wait for the periodic rescan.  An rtnetlink socket subscribed to
 * the link and address groups; the messages are not parsed (the callback
 * re-reads the interfaces with getifaddrs), only counted as "something
 * changed", and a burst becomes one callback after a short delay.
 * Linux only; elsewhere, or when the socket cannot be had, start fails
 * and the periodic rescan remains.
 */
#ifndef XR_BGP_IFWATCH_H
#define XR_BGP_IFWATCH_H

/* 0 watching, -1 not available (nothing to undo). */
int	 ifwatch_start(void (*changed)(void));
void	 ifwatch_stop(void);

#endif
