/*
 * sdnotify: sd_notify(3)'s wire protocol, one datagram per call; see
 * sdnotify.h.  A fresh socket each time: the messages are a handful per
 * process lifetime, and nothing stays open across a fork or an exec.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/sdnotify.h"

void
sd_notify_msg(const char *state)
{
	struct sockaddr_un	 sun;
	const char		*name = getenv("NOTIFY_SOCKET");
	size_t			 n;
	ssize_t			 w;
	int			 fd, saved = errno;

	if (name == NULL || state == NULL)
		return;
	/* only the two forms systemd hands out; a relative path is not one */
	if ((name[0] != '/' && name[0] != '@') || name[1] == '\0')
		return;
	if ((n = strlen(name)) > sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, name, n);
	/* abstract namespace: a leading NUL, and the length says the rest */
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		errno = saved;
		return;
	}
	do {
		w = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
		    (struct sockaddr *)&sun,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
	} while (w == -1 && errno == EINTR);
	close(fd);
	errno = saved;
}
