/*
 * rt_src: the RIB's own sources.  Connected (C) and local (L) routes
 * follow the interface table (core/sys/iface.h) live; static routes (S)
 * are `router static` as committed, re-applied when an interface they
 * name comes, goes or changes state.
 */
#ifndef XR_RT_RT_SRC_H
#define XR_RT_RT_SRC_H

struct static_cfg;

/*
 * C and L from every address of every interface that is oper up (not
 * IPv6 link-local, which XR does not list), kept in step with the
 * interface table from here on.  0, -1 on allocation failure.
 */
int	 rt_connected_start(void);
void	 rt_connected_stop(void);	/* its routes withdrawn */
/* The table as it is now, once more (what the events keep up to date). */
void	 rt_connected_sync(void);

/*
 * The static routes of cfg (NULL: none) into the RIB, replacing what the
 * previous call offered: lines of one prefix and distance are one ECMP
 * path; Null0 is a blackhole, an interface line is directly on that
 * interface (left out while the interface is missing or down), a next
 * hop alone is resolved recursively.  0, -1 on allocation failure (the
 * RIB then holds part of it; the next apply completes it).
 */
int	 rt_static_apply(const struct static_cfg *);
void	 rt_static_stop(void);		/* its routes withdrawn */

/* The engine's calls: the table and both sources; everything freed. */
int	 rt_sources_start(void);
void	 rt_sources_stop(void);

#endif
