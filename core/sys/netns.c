/*
 * netns: see netns.h.  Only stat(2): the nsfs links under /proc and the
 * bind mounts under /run/netns name a namespace by (device, inode).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "core/sys/netns.h"

#define NETNS_RUN_DIR	"/run/netns"

static uint64_t
ino_of(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return 0;
	return (uint64_t)st.st_ino;
}

uint64_t
netns_self(void)
{
	return ino_of("/proc/self/ns/net");
}

uint64_t
netns_init(void)
{
	return ino_of("/proc/1/ns/net");
}

int
netns_named(const char *prefix)
{
	struct stat	 self, st;
	struct dirent	*de;
	DIR		*d;
	char		 path[sizeof(NETNS_RUN_DIR) + 256 + 1];
	size_t		 plen;
	int		 found = 0;

	if (prefix == NULL || (plen = strlen(prefix)) == 0)
		return 0;
	if (stat("/proc/self/ns/net", &self) == -1)
		return 0;
	if ((d = opendir(NETNS_RUN_DIR)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR,
		    de->d_name) >= (int)sizeof(path))
			continue;
		/* An unmounted leftover file is a plain file of tmpfs: the
		   device tells it from the namespace. */
		if (stat(path, &st) == 0 && st.st_ino == self.st_ino &&
		    st.st_dev == self.st_dev)
			found = 1;
	}
	closedir(d);
	return found;
}
