/*
 * stopsig: SIGTERM, SIGHUP and (where it is not a key) SIGINT become a
 * flag the read loops check and a byte in a pipe the event loop polls.
 * See stopsig.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core/lib/loop.h"
#include "shell/cli.h"
#include "shell/stopsig.h"

static int			 pipe_fd[2] = { -1, -1 };
static unsigned			 sig_flags;
static volatile sig_atomic_t	 stop_sig, reload_req;

static void
on_signal(int sig)
{
	int	 saved = errno;
	char	 c = (char)sig;
	ssize_t	 n = 0;

	/*
	 * Ctrl-C again while a stop is under way (a command that does not
	 * wait in the loop, a slow exit): the user insists, xrsh dies as it
	 * did before it caught SIGINT; the next start purges our routes.
	 * Not SIGHUP or SIGTERM: a hangup can deliver SIGHUP twice.
	 */
	if (sig == SIGINT && stop_sig != 0) {
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
	}
	if (sig == SIGHUP && (sig_flags & STOPSIG_RELOAD))
		reload_req = 1;
	else if (stop_sig == 0)
		stop_sig = sig;		/* the first one names the stop */
	/* a full pipe already holds a wake-up: nothing is lost */
	if (pipe_fd[1] != -1)
		n = write(pipe_fd[1], &c, 1);
	(void)n;
	errno = saved;
}

static void
on_readable(int fd, short revents, void *arg)
{
	char	 buf[16];

	(void)revents;
	(void)arg;
	/* only a wake-up: the flags say what to do */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* ignored on entry (nohup, a script's `cmd &`): the caller meant it,
 * unless STOPSIG_ALWAYS */
static void
catch_unless_ignored(int sig, const struct sigaction *sa)
{
	struct sigaction	 old;

	if (!(sig_flags & STOPSIG_ALWAYS) && sigaction(sig, NULL, &old) == 0 &&
	    old.sa_handler == SIG_IGN)
		return;
	sigaction(sig, sa, NULL);
}

int
stopsig_init(unsigned flags)
{
	struct sigaction	 sa;
	int			 i;

	if (pipe_fd[0] != -1)
		return -1;
	if (pipe(pipe_fd) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if (fcntl(pipe_fd[i], F_SETFL, O_NONBLOCK) == -1 ||
		    fcntl(pipe_fd[i], F_SETFD, FD_CLOEXEC) == -1)
			goto fail;
	}
	if (loop_fd_add(pipe_fd[0], POLLIN, on_readable, NULL) != 0)
		goto fail;
	sig_flags = flags;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking call returns and its loop looks */
	sigaction(SIGTERM, &sa, NULL);
	catch_unless_ignored(SIGHUP, &sa);
	if (flags & STOPSIG_INT)
		catch_unless_ignored(SIGINT, &sa);
	return 0;
fail:
	for (i = 0; i < 2; i++) {
		close(pipe_fd[i]);
		pipe_fd[i] = -1;
	}
	return -1;
}

int
stopsig_pending(void)
{
	return stop_sig;
}

int
stopsig_take_reload(void)
{
	int	 was = reload_req;

	reload_req = 0;
	return was;
}

int
cli_stop_requested(void)
{
	return stop_sig != 0;
}

int
stopsig_fd(void)
{
	return pipe_fd[0];
}

const char *
stopsig_name(int sig)
{
	switch (sig) {
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	case SIGINT:
		return "SIGINT";
	}
	return "a signal";
}
