/*
 * STUB session state (replaced by the commit work): one running config,
 * candidates made on first use.
 */
#include <stdlib.h>

#include "cmds/cmds.h"

static struct config	*running;

struct cmds_session *
cmds_session(struct cli *cli)
{
	struct cmds_session	*s = cli_userdata(cli);

	if (s == NULL) {
		if ((s = calloc(1, sizeof(*s))) == NULL)
			return NULL;
		cli_set_userdata(cli, s);
	}
	return s;
}

const struct config *
cmds_running(void)
{
	if (running == NULL)
		running = config_new();
	return running;
}

struct config *
cmds_candidate(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);

	if (s == NULL)
		return NULL;
	if (s->candidate == NULL)
		s->candidate = config_dup(cmds_running());
	return s->candidate;
}

const struct config *
cmds_effective(struct cli *cli)
{
	struct cmds_session	*s = cmds_session(cli);

	return s != NULL && s->candidate != NULL ? s->candidate :
	    cmds_running();
}

int
cmds_start(const char *config_file, char *err, size_t errlen)
{
	(void)config_file;
	(void)err;
	(void)errlen;
	return 0;
}

int
cmds_leave_config(struct cli *cli)
{
	(void)cli;
	return 0;
}

void
cmds_session_init(void)
{
}
