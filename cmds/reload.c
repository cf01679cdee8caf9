/*
 * reload: SIGHUP makes a --foreground router read its saved configuration
 * file again (edited by hand, or written by a deployment tool) and commit
 * it as a replace of running, the way `commit replace` commits a target:
 * the text goes through the loader the start-up load uses (a syntax error
 * names FILE:LINE), then through commit_apply() (validated, all or
 * nothing, recorded in the commit history with client "Reload" and line
 * "SIGHUP", saved, handed to the engine by the commit hook).  Sessions'
 * candidates are not touched: a session that commits afterwards is asked
 * about the commit made under it, as after any other session's commit.
 *
 * There is no terminal to answer to, so every outcome is a log line:
 * %MGBL-CONFIG-6-DB_COMMIT for a commit, -6-RELOAD when nothing changed,
 * -3-RELOAD when nothing was applied, followed by the FILE:LINE errors.
 */
#include <sys/types.h>

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds/commit_cmds.h"
#include "core/config/persist.h"
#include "core/lib/log.h"
#include "core/lib/strbuf.h"

#define TAG_COMMIT	"%%MGBL-CONFIG-6-DB_COMMIT : "
#define TAG_SAME	"%%MGBL-CONFIG-6-RELOAD : "
#define TAG_FAIL	"%%MGBL-CONFIG-3-RELOAD : "
#define NO_CHANGES	"No changes have been made"

/* Logs the failure and keeps it in err; always -1. */
static int
fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	log_msg(LOG_LVL_ERR, TAG_FAIL "%s", err);
	return -1;
}

/* One error log line per line of text (FILE:LINE: % message). */
static void
log_lines(const char *text)
{
	const char	*p = text, *nl;

	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (nl > p)
			log_msg(LOG_LVL_ERR, TAG_FAIL "%.*s", (int)(nl - p), p);
		p = *nl != '\0' ? nl + 1 : nl;
	}
}

/*
 * The commit's errors, by line of the file as `xrsh --check` finds them;
 * when the file alone passes (a commit-time check that needs running
 * failed), the messages against the file as a whole.
 */
static void
log_invalid(const char *path, const struct cfg_errors *errs)
{
	struct strbuf	 out = STRBUF_INIT;
	size_t		 i;

	if (cmds_check_file(path, &out) == 1 && !out.oom && out.len > 0)
		log_lines(sb_str(&out));
	else
		for (i = 0; i < errs->n; i++)
			log_msg(LOG_LVL_ERR, TAG_FAIL "%s: %% %s", path,
			    errs->v[i].msg);
	sb_free(&out);
}

/* Who the commit is recorded for: the router's own user. */
static const char *
reload_user(void)
{
	static char	 user[64];
	struct passwd	*pw;

	if (user[0] == '\0')
		strlcpy(user, (pw = getpwuid(geteuid())) != NULL ?
		    pw->pw_name : "unknown", sizeof(user));
	return user;
}

int
cmds_reload_saved(char *err, size_t errlen)
{
	struct commit_db	*cdb = cmds_commit_db();
	struct commit_opts	 o;
	struct cfg_errors	 errs;
	struct config		*c;
	const char		*path = cmds_config_path();
	char			*text, lerr[1024], cerr[1024];
	int			 rc;

	if (path == NULL || *path == '\0')
		return fail(err, errlen, "Reload failed: there is no saved "
		    "configuration file. " NO_CHANGES);
	/* replacing running would silently confirm the trial */
	if (commit_trial_pending(cdb))
		return fail(err, errlen, "Reload of %s refused: commit %u "
		    "waits for its confirmation; confirm it or let it roll "
		    "back first. " NO_CHANGES, path, commit_trial_id(cdb));
	switch (persist_load(path, &text, lerr, sizeof(lerr))) {
	case 0:
		break;
	case 1:
		/* an empty configuration would be a file saying so */
		return fail(err, errlen, "Reload failed: %s: No such file or "
		    "directory. " NO_CHANGES, path);
	default:
		return fail(err, errlen, "Reload failed: %s. " NO_CHANGES,
		    lerr);
	}
	c = cmds_load_text(text, path, NULL, lerr, sizeof(lerr));
	free(text);
	if (c == NULL)
		return fail(err, errlen, "Reload failed: %s. " NO_CHANGES,
		    lerr);

	memset(&o, 0, sizeof(o));
	o.user = reload_user();
	o.line = "SIGHUP";
	o.client = "Reload";
	cfg_errors_init(&errs);
	rc = -1;
	switch (commit_apply(cdb, &c, &o, &errs, cerr, sizeof(cerr))) {
	case COMMIT_OK:
		log_info(TAG_COMMIT "Configuration committed by user '%s' "
		    "(SIGHUP: reload of %s). Use 'show configuration commit "
		    "changes %u' to view the changes.", o.user, path,
		    commit_nth(cdb, 0)->id);
		rc = 0;
		break;
	case COMMIT_NOCHANGE:
		log_info(TAG_SAME "Reload of %s: the file matches the running "
		    "configuration; nothing to commit", path);
		rc = 0;
		break;
	case COMMIT_INVALID:
		fail(err, errlen, "Reload of %s failed verification. "
		    NO_CHANGES, path);
		log_invalid(path, &errs);
		break;
	case COMMIT_FAIL:
	default:
		fail(err, errlen, "Reload of %s failed: %s. " NO_CHANGES, path,
		    cerr);
		break;
	}
	cfg_errors_free(&errs);
	config_free(c);		/* NULL after a commit */
	return rc;
}
