/*
 * Configuration sessions with several CLI sessions in one process (what
 * the control socket gives): two batch sessions A and B run lines in
 * turn through the real command table, offline engine, a private saved
 * configuration.  The exclusive lock against configure exclusive and
 * commit, its release, clearing another session, a commit after another
 * session committed (items apart: silent; overlapping: asks), a trial
 * armed by another session.  Output goes to a file that each check reads
 * from where the last one stopped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds/commit_cmds.h"
#include "core/bgp/engine.h"
#include "shell/cli_int.h"
#include "tests/unit/t.h"

static char	 outpath[] = "/tmp/xrsh-cfgsess-XXXXXX";
static long	 outpos;
static char	*out;		/* output since the last take() */

static void
take(void)
{
	FILE	*f;
	long	 end;

	fflush(stdout);
	fflush(stderr);
	free(out);
	out = NULL;
	if ((f = fopen(outpath, "r")) == NULL)
		return;
	fseek(f, 0, SEEK_END);
	end = ftell(f);
	if ((out = calloc(1, (size_t)(end - outpos) + 1)) != NULL) {
		fseek(f, outpos, SEEK_SET);
		if (fread(out, 1, (size_t)(end - outpos), f) == 0)
			out[0] = '\0';
	}
	outpos = end;
	fclose(f);
}

static int
has(const char *s)
{
	return out != NULL && strstr(out, s) != NULL;
}

/* answers for cli_ask(), one per call */
static const char *answer;

static int
next_answer(struct cli *cli, char **line)
{
	(void)cli;
	if (answer == NULL)
		return -1;
	*line = strdup(answer);
	answer = NULL;
	return *line != NULL ? 0 : -1;
}

static int
run(struct cli *cli, const char *line)
{
	int	 rc = cli_run_line(cli, line);

	take();
	return rc;
}

static const char *
host(void)
{
	return config_hostname(cmds_running());
}

int
main(void)
{
	struct bgp_engine_opts	 eo;
	struct cli		*a, *b;
	char			 err[512], cfg[64], line[128];
	const char		*id;
	int			 fd, saved;

	if ((fd = mkstemp(outpath)) == -1)
		return 1;
	snprintf(cfg, sizeof(cfg), "%s.cfg", outpath);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	memset(&eo, 0, sizeof(eo));
	eo.offline = 1;
	builtin_init();
	if (cmds_init() == -1 || bgp_engine_start(&eo, err, sizeof(err)) != 0)
		return 1;
	cmds_start(cfg, err, sizeof(err));
	a = cli_new(CLI_BATCH, 0);
	b = cli_new(CLI_BATCH, 0);
	T_ASSERT(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return 1;
	a->next_line = next_answer;
	b->next_line = next_answer;

	/* A holds the lock: B cannot take it, may edit, cannot commit */
	T_EQ_INT(run(a, "configure exclusive"), CMD_OK);
	T_EQ_INT(run(b, "configure exclusive"), CMD_ERR);
	T_ASSERT(has("Current Configuration Session  Line       User     "
	    "Date                     Lock\n"));
	T_ASSERT(has(" *\n"));
	T_ASSERT(has("% Cannot enter exclusive mode. The Configuration "
	    "Namespace is locked by another agent."));
	T_EQ_INT(cli_mode(b), MODE_EXEC);
	T_EQ_INT(run(b, "configure"), CMD_OK);
	T_EQ_INT(run(b, "hostname bee"), CMD_OK);
	T_EQ_INT(run(b, "commit"), CMD_ERR);
	T_ASSERT(has("% Failed to commit: the Configuration Namespace is "
	    "locked by another agent"));
	T_EQ_STR(host(), "ios");	/* none yet */
	/* two rows, A's with the star */
	T_EQ_INT(run(b, "do show configuration sessions"), CMD_OK);
	T_ASSERT(has(" *\n") && strchr(strchr(out, '\n') + 1, '\n') != NULL);
	/* A leaves: the lock goes, B's buffer was kept */
	T_EQ_INT(run(a, "end"), CMD_OK);
	T_EQ_INT(run(b, "commit"), CMD_OK);
	T_EQ_STR(host(), "bee");
	T_EQ_INT(run(b, "end"), CMD_OK);

	/* A clears B's configuration session */
	T_EQ_INT(run(b, "configure exclusive"), CMD_OK);
	T_EQ_INT(run(b, "hostname gone"), CMD_OK);
	id = cfgsess_id(b);
	snprintf(line, sizeof(line), "clear configuration sessions %s", id);
	T_EQ_INT(run(a, line), CMD_OK);
	T_ASSERT(has("% This configuration session was terminated by "));
	T_EQ_INT(cli_mode(b), MODE_EXEC);
	T_EQ_INT(run(a, "configure exclusive"), CMD_OK);	/* lock free */
	T_EQ_INT(run(a, "end"), CMD_OK);
	T_EQ_INT(run(b, "configure"), CMD_OK);
	T_EQ_INT(run(b, "commit"), CMD_OK);
	T_ASSERT(has("No configuration changes to commit."));
	T_EQ_INT(run(b, "end"), CMD_OK);
	T_EQ_STR(host(), "bee");

	/* items apart: A's commit after B's lands silently */
	T_EQ_INT(run(a, "configure"), CMD_OK);
	T_EQ_INT(run(a, "hostname ay"), CMD_OK);
	T_EQ_INT(run(b, "configure"), CMD_OK);
	T_EQ_INT(run(b, "router bgp 1"), CMD_OK);
	T_EQ_INT(run(b, "bgp router-id 1.1.1.1"), CMD_OK);
	T_EQ_INT(run(b, "commit"), CMD_OK);
	T_EQ_INT(run(a, "commit"), CMD_OK);
	T_ASSERT(!has("One or more commits have occurred"));
	T_EQ_STR(host(), "ay");
	T_ASSERT(strstr(commit_running_text(cmds_commit_db()),
	    "bgp router-id 1.1.1.1") != NULL);

	/* overlapping: asks; no answer commits nothing, yes commits */
	T_EQ_INT(run(a, "hostname a2"), CMD_OK);
	T_EQ_INT(run(b, "hostname b2"), CMD_OK);
	T_EQ_INT(run(b, "commit"), CMD_OK);
	T_EQ_INT(run(a, "commit"), CMD_OK);
	T_ASSERT(has("One or more commits have occurred"));
	T_EQ_STR(host(), "b2");
	answer = "yes";
	T_EQ_INT(run(a, "commit"), CMD_OK);
	T_EQ_STR(host(), "a2");
	T_ASSERT(strstr(commit_running_text(cmds_commit_db()),
	    "router bgp 1") != NULL);

	/* B's trial: A cannot take the lock nor commit changes */
	T_EQ_INT(run(b, "hostname trial"), CMD_OK);
	T_EQ_INT(run(b, "commit confirmed 60"), CMD_OK);
	T_EQ_INT(run(a, "end"), CMD_OK);
	T_EQ_INT(run(a, "configure exclusive"), CMD_ERR);
	T_ASSERT(has("% Cannot enter exclusive mode. A trial commit is "
	    "underway in another configuration session."));
	T_EQ_INT(run(a, "configure"), CMD_OK);
	T_EQ_INT(run(a, "commit"), CMD_OK);
	T_ASSERT(has("No configuration changes to commit."));
	T_EQ_INT(run(a, "hostname other"), CMD_OK);
	T_EQ_INT(run(a, "commit"), CMD_ERR);
	T_ASSERT(has("% Cannot commit because there is an unexpired "
	    "trial/rollback session '00001000-"));
	T_EQ_STR(host(), "trial");
	/* B's session ends: its trial is rolled back */
	cli_free(b);
	T_EQ_STR(host(), "a2");
	T_EQ_INT(run(a, "end"), CMD_OK);
	cli_free(a);

	/* the harness's FAIL lines went to the file too */
	fflush(stdout);
	fflush(stderr);
	dup2(saved, STDOUT_FILENO);
	dup2(saved, STDERR_FILENO);
	outpos = 0;
	take();
	for (char *l = out, *nl; l != NULL && *l != '\0'; l = nl) {
		if ((nl = strchr(l, '\n')) != NULL)
			*nl++ = '\0';
		if (strstr(l, ": FAIL: ") != NULL || strstr(l, "  got:") ==
		    l || strstr(l, "  want:") == l)
			fprintf(stderr, "%s\n", l);
	}
	free(out);
	unlink(outpath);
	snprintf(line, sizeof(line), "rm -rf %s*", outpath);
	if (system(line) != 0)
		t_failed++;
	bgp_engine_stop();
	return T_DONE();
}
