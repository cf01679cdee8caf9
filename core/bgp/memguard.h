/*
 * memguard: the global memory guard.  When the BGP tables hold more than
 * a limit (`bgp memory-limit`, else half of physical memory), the total
 * of `show bgp process`'s memory lines, new prefixes are refused, as
 * maximum-prefix's discard-extra-paths does for one neighbor: the paths
 * already held and every session stay; below 90% of the limit prefixes
 * are accepted again.  Rather that than the OOM killer taking the
 * process with all its sessions.
 */
#ifndef XR_BGP_MEMGUARD_H
#define XR_BGP_MEMGUARD_H

#include <stddef.h>
#include <stdint.h>

struct memguard_info {
	uint64_t	 limit;		/* bytes */
	int		 configured;	/* bgp memory-limit, else default */
	uint64_t	 in_use;	/* bytes the BGP tables hold */
	int		 refusing;
	uint64_t	 refused;	/* prefixes refused, ever */
	uint64_t	 episodes;	/* times the limit was crossed */
};

/* megabytes: `bgp memory-limit`, 0 for the default. */
void	 memguard_set_limit(uint32_t megabytes);
/*
 * Called before a neighbor's path is stored: 1 if new prefixes are
 * refused now.  Cheap: the allocator is sampled every few hundred calls
 * or once a second.  who names the neighbor in the log line said when
 * the guard starts refusing.
 */
int	 memguard_over(const char *who);
/* Counts one prefix refused. */
void	 memguard_refused(void);
/* A fresh sample. */
void	 memguard_info(struct memguard_info *);
/* The bytes in use as the guard measures them. */
uint64_t memguard_sample(void);

#endif
