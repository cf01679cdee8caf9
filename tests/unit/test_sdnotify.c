/*
 * test_sdnotify: sd_notify_msg() reaches a datagram socket named by
 * $NOTIFY_SOCKET, as a path and in the abstract namespace, and does
 * nothing without a usable variable.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/sdnotify.h"
#include "t.h"

static char	 dir[] = "/tmp/xrsh-sdnotify.XXXXXX";

/* A bound datagram socket: a path, or "@name" (abstract); -1 on error. */
static int
listener(const char *name)
{
	struct sockaddr_un	 sun;
	size_t			 n = strlen(name);
	int			 fd;

	if (n >= sizeof(sun.sun_path))
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, name, n);
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	if (bind(fd, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The next datagram on fd within a second, in buf; -1 when none came. */
static int
receive(int fd, char *buf, size_t len)
{
	struct pollfd	 p = { .fd = fd, .events = POLLIN };
	ssize_t		 r;

	if (poll(&p, 1, 1000) != 1)
		return -1;
	if ((r = recv(fd, buf, len - 1, MSG_DONTWAIT)) < 0)
		return -1;
	buf[r] = '\0';
	return 0;
}

/* Nothing is waiting on fd. */
static int
empty(int fd)
{
	char	 c;

	return recv(fd, &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN;
}

static void
test_path(void)
{
	char	 path[PATH_MAX], buf[256];
	int	 fd;

	snprintf(path, sizeof(path), "%s/notify", dir);
	T_ASSERT((fd = listener(path)) != -1);
	if (fd == -1)
		return;
	setenv("NOTIFY_SOCKET", path, 1);
	sd_notify_msg("READY=1");
	T_EQ_INT(receive(fd, buf, sizeof(buf)), 0);
	T_EQ_STR(buf, "READY=1");
	/* several states in one message stay one datagram */
	sd_notify_msg("RELOADING=1\nSTATUS=reloading");
	T_EQ_INT(receive(fd, buf, sizeof(buf)), 0);
	T_EQ_STR(buf, "RELOADING=1\nSTATUS=reloading");
	sd_notify_msg("STOPPING=1");
	T_EQ_INT(receive(fd, buf, sizeof(buf)), 0);
	T_EQ_STR(buf, "STOPPING=1");
	T_ASSERT(empty(fd));
	close(fd);
	unlink(path);
	/* the socket went away: the send fails quietly, errno untouched */
	errno = 0;
	sd_notify_msg("READY=1");
	T_EQ_INT(errno, 0);
}

static void
test_abstract(void)
{
	char	 name[64], buf[256];
	int	 fd;

	snprintf(name, sizeof(name), "@xrsh-sdnotify-test-%ld", (long)getpid());
	T_ASSERT((fd = listener(name)) != -1);
	if (fd == -1)
		return;
	setenv("NOTIFY_SOCKET", name, 1);
	sd_notify_msg("READY=1");
	T_EQ_INT(receive(fd, buf, sizeof(buf)), 0);
	T_EQ_STR(buf, "READY=1");
	close(fd);
}

/* No variable, or one that is not a socket name: nothing is sent. */
static void
test_ignored(void)
{
	char	 path[PATH_MAX], rel[PATH_MAX], cwd[PATH_MAX], buf[256];
	char	 longname[200];
	int	 fd;

	snprintf(path, sizeof(path), "%s/notify2", dir);
	T_ASSERT((fd = listener(path)) != -1);
	if (fd == -1)
		return;
	unsetenv("NOTIFY_SOCKET");
	sd_notify_msg("READY=1");
	T_ASSERT(empty(fd));
	/* a relative name, even one that would resolve to the socket */
	T_ASSERT(getcwd(cwd, sizeof(cwd)) != NULL);
	T_EQ_INT(chdir(dir), 0);
	snprintf(rel, sizeof(rel), "notify2");
	setenv("NOTIFY_SOCKET", rel, 1);
	sd_notify_msg("READY=1");
	T_ASSERT(empty(fd));
	T_EQ_INT(chdir(cwd), 0);
	setenv("NOTIFY_SOCKET", "", 1);
	sd_notify_msg("READY=1");
	setenv("NOTIFY_SOCKET", "@", 1);
	sd_notify_msg("READY=1");
	/* longer than a socket address holds */
	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	setenv("NOTIFY_SOCKET", longname, 1);
	sd_notify_msg("READY=1");
	T_ASSERT(empty(fd));
	/* and it still works afterwards */
	setenv("NOTIFY_SOCKET", path, 1);
	sd_notify_msg("READY=1");
	T_EQ_INT(receive(fd, buf, sizeof(buf)), 0);
	T_EQ_STR(buf, "READY=1");
	close(fd);
	unlink(path);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_path();
	test_abstract();
	test_ignored();
	unsetenv("NOTIFY_SOCKET");
	rmdir(dir);
	return T_DONE();
}
