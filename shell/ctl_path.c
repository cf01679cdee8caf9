/*
 * ctl_path: where the control socket lives by default.  A user's router
 * lives in the user's runtime directory, so two users never meet; root's
 * router without one (a system service) in /run/xrsh, the unit's
 * RuntimeDirectory.  A root client whose own runtime directory has no
 * router falls back to the service's socket.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/ctl.h"

#define SOCK_NAME	"xrsh.sock"
#define SYSTEM_SOCK	"/run/xrsh/" SOCK_NAME

int
ctl_default_path(char *buf, size_t len, char *err, size_t errlen)
{
	const char	*rt = getenv("XDG_RUNTIME_DIR");
	int		 n;

	if (rt != NULL && *rt == '/')
		n = snprintf(buf, len, "%s/xrsh/" SOCK_NAME, rt);
	else if (geteuid() == 0)
		n = snprintf(buf, len, SYSTEM_SOCK);
	else
		n = snprintf(buf, len, "/tmp/xrsh-%lu/" SOCK_NAME,
		    (unsigned long)geteuid());
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "control socket path too long");
		return -1;
	}
	return 0;
}

const char *
ctl_fallback_path(const char *tried)
{
	struct stat	 st;

	if (geteuid() != 0 || strcmp(tried, SYSTEM_SOCK) == 0 ||
	    lstat(SYSTEM_SOCK, &st) != 0 || !S_ISSOCK(st.st_mode))
		return NULL;
	return SYSTEM_SOCK;
}
