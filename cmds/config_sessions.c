/*
 * config_sessions: XR's configuration sessions across the CLI sessions of
 * this process (the local one and those attached through the control
 * socket, shell/cli.h).  A configuration session runs from `configure`
 * until its CLI session is back in exec mode; `configure exclusive` also
 * takes the lock on the configuration namespace, which makes every other
 * session's commit fail until the holder leaves config mode, ends, or is
 * cleared.  Exec commands: `show configuration sessions [detail]` and
 * `clear configuration sessions ID`.
 *
 * IDs are XR's shape, 00001000-PPPPPPPP-00000000 with the session's
 * process ID in hex (the client's for an attached session, as XR shows the
 * config process's); should two sessions share a PID the later one gets
 * its session number in the third field.  The ID is fixed when the
 * configuration session begins.  A pending `commit confirmed` trial is a
 * session of its own (XR's cfgmgr_trial_co), ID 00001000-TTTTTTTT-00000000
 * with its first commit ID in hex (beyond any PID).
 *
 * `| json` of `show configuration sessions [detail]`: an array of
 * {"session": ID, "line", "user", "date": "YYYY-MM-DDTHH:MM:SSZ" (UTC),
 * "lock": bool (exclusive), "client": "CLI" | "commit-confirm",
 * "process": "config" | "cfgmgr_trial_co", "pid": N}.
 */
#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmds/commit_cmds.h"
#include "core/lib/json.h"

/* [V] live XRv9k 24.3.1 (xr-reference.md 1.3, 2.2) */
#define MSG_LOCKED	"Cannot enter exclusive mode. The Configuration " \
	"Namespace is locked by another agent."
#define MSG_TRIAL	"Cannot enter exclusive mode. A trial commit is " \
	"underway in another configuration session."
#define HDR_SESSIONS	"Current Configuration Session  Line       User     " \
	"Date                     Lock\n"

static struct cli	*lock_owner;	/* `configure exclusive` holder */

/* cmds/session.c's state of a session, never allocated here */
static struct commit_sess *
sess_of(const struct cli *cli)
{
	struct cmds_session	*s = cli_userdata(cli);

	return s != NULL ? s->commit_priv : NULL;
}

static int
id_taken(const struct cli *self, const char *id)
{
	struct commit_sess	*cs;
	struct cli		*c;
	size_t			 i;

	for (i = 0; (c = cli_session_nth(i)) != NULL; i++)
		if (c != self && (cs = sess_of(c)) != NULL &&
		    cs->cfg_started != 0 && strcmp(cs->cfg_id, id) == 0)
			return 1;
	return 0;
}

void
cfgsess_begin(struct cli *cli)
{
	struct commit_sess	*cs = cmds_commit_sess(cli);
	struct cli_session_info	 si;

	if (cs == NULL || cs->loader || cs->cfg_started != 0)
		return;
	cli_session_info(cli, &si);
	snprintf(cs->cfg_id, sizeof(cs->cfg_id), "00001000-%08lx-00000000",
	    (unsigned long)si.pid & 0xffffffffUL);
	if (id_taken(cli, cs->cfg_id))
		snprintf(cs->cfg_id, sizeof(cs->cfg_id),
		    "00001000-%08lx-%08x", (unsigned long)si.pid &
		    0xffffffffUL, si.id);
	cs->cfg_started = time(NULL);
}

void
cfgsess_end(struct cli *cli)
{
	struct commit_sess	*cs = sess_of(cli);

	if (lock_owner == cli)
		lock_owner = NULL;
	if (cs == NULL || cs->cfg_started == 0)
		return;
	cs->cfg_started = 0;
	cs->cfg_id[0] = '\0';
	cs->cfg_serial++;
}

const char *
cfgsess_id(struct cli *cli)
{
	struct commit_sess	*cs;

	cfgsess_begin(cli);
	cs = sess_of(cli);
	return cs != NULL ? cs->cfg_id : "";
}

/* --- the rows --- */

struct row {
	char		 id[32];
	const char	*line;
	const char	*user;
	time_t		 date;
	int		 lock;
	int		 trial;
	long		 pid;
	struct cli	*cli;		/* NULL: the trial */
};

static void
trial_id(char *buf, size_t len)
{
	snprintf(buf, len, "00001000-%08x-00000000",
	    (unsigned)commit_trial_first(cmds_commit_db()));
}

/* The pending trial's row; 0 if none. */
static int
trial_row(struct row *r)
{
	struct commit_db	*db = cmds_commit_db();
	struct cli_session_info	 si;
	struct cli		*owner = cmds_trial_owner();
	const struct commit_rec	*rec;
	char			 num[16];
	long			 i;

	if (!commit_trial_pending(db))
		return 0;
	memset(r, 0, sizeof(*r));
	trial_id(r->id, sizeof(r->id));
	r->trial = 1;
	r->pid = (long)getpid();
	r->line = "";
	r->user = "";
	snprintf(num, sizeof(num), "%u", (unsigned)commit_trial_first(db));
	if ((i = commit_find(db, num)) >= 0 &&
	    (rec = commit_nth(db, (size_t)i)) != NULL) {
		r->date = rec->time;
		r->user = rec->user;
	}
	if (owner != NULL) {
		cli_session_info(owner, &si);
		r->line = si.line;
		r->user = si.user;
	}
	return 1;
}

/*
 * Every session in a config mode, then the trial.  *rows is allocated
 * (free it); -1 on ENOMEM.
 */
static ssize_t
collect(struct row **rows)
{
	struct cli_session_info	 si;
	struct commit_sess	*cs;
	struct cli		*c;
	struct row		*v;
	size_t			 i, n = 0, max = cli_session_count() + 1;

	if ((v = calloc(max, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; (c = cli_session_nth(i)) != NULL && n < max; i++) {
		if (cli_mode(c) == MODE_EXEC)
			continue;
		cfgsess_begin(c);
		if ((cs = sess_of(c)) == NULL)
			continue;
		cli_session_info(c, &si);
		strlcpy(v[n].id, cs->cfg_id, sizeof(v[n].id));
		v[n].line = si.line;
		v[n].user = si.user;
		v[n].date = cs->cfg_started;
		v[n].lock = lock_owner == c;
		v[n].pid = si.pid;
		v[n].cli = c;
		n++;
	}
	if (n < max && trial_row(&v[n]))
		n++;
	*rows = v;
	return (ssize_t)n;
}

static void
fmt_date(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm);
}

static void
print_row(struct cli *cli, const struct row *r)
{
	char	 date[64];

	fmt_date(r->date, date, sizeof(date));
	cli_printf(cli, "%-30s %-10s %-8s %s%s\n", r->id, r->line, r->user,
	    date, r->lock ? " *" : "");
}

/* one line of the detail: two columns, the second at column 42 */
static void
detail_line(struct cli *cli, const char *left, const char *right)
{
	cli_printf(cli, "     %-36s %s\n", left, right);
}

static void
print_detail(struct cli *cli, size_t nth, const struct row *r)
{
	char	 date[64], l[128], rt[128];

	fmt_date(r->date, date, sizeof(date));
	cli_printf(cli, "%3zu) Session: %s  %s\n", nth, r->id, date);
	snprintf(l, sizeof(l), "Line: %s", r->line);
	snprintf(rt, sizeof(rt), "Lock: %s", r->lock ? "Reserved" : "None");
	detail_line(cli, l, rt);
	snprintf(l, sizeof(l), "User: %s", r->user);
	snprintf(rt, sizeof(rt), "Client: %s", r->trial ? "commit-confirm" :
	    "CLI");
	detail_line(cli, l, rt);
	snprintf(l, sizeof(l), "Process: %s", r->trial ? "cfgmgr_trial_co" :
	    "config");
	snprintf(rt, sizeof(rt), "PID: %ld", r->pid);
	detail_line(cli, l, rt);
	/* [V] as XR showed it: no node, the elapsed time unknown */
	detail_line(cli, "Node:", "Elapsed Time: unknown");
}

static int
sessions_json(struct cli *cli, const struct row *v, size_t n)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct tm	 tm;
	char		 when[32];
	size_t		 i;

	json_init(&j, &sb);
	json_arr_begin(&j);
	for (i = 0; i < n; i++) {
		gmtime_r(&v[i].date, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_obj_begin(&j);
		json_kv_str(&j, "session", v[i].id);
		json_kv_str(&j, "line", v[i].line);
		json_kv_str(&j, "user", v[i].user);
		json_kv_str(&j, "date", when);
		json_kv_bool(&j, "lock", v[i].lock);
		json_kv_str(&j, "client", v[i].trial ? "commit-confirm" :
		    "CLI");
		json_kv_str(&j, "process", v[i].trial ? "cfgmgr_trial_co" :
		    "config");
		json_kv_u64(&j, "pid", (uint64_t)v[i].pid);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_end(&j);
	return cmds_emit(cli, &sb);
}

/* XR prints nothing at all, not even the header, when there is none. */
static int
cmd_show_sessions(struct cli *cli, const struct cmd_args *a)
{
	struct row	*v;
	ssize_t		 n;
	size_t		 i;
	int		 rc = CMD_OK;

	if ((n = collect(&v)) == -1)
		return cli_error(cli, "Out of memory");
	if (cli_json(cli))
		rc = sessions_json(cli, v, (size_t)n);
	else if (arg_has(a, "detail")) {
		for (i = 0; i < (size_t)n; i++) {
			if (i > 0)
				cli_puts(cli, "\n");
			print_detail(cli, i + 1, &v[i]);
		}
	} else if (n > 0) {
		cli_puts(cli, HDR_SESSIONS);
		for (i = 0; i < (size_t)n; i++)
			print_row(cli, &v[i]);
	}
	free(v);
	return rc;
}

/* --- the lock --- */

int
cfgsess_lock(struct cli *cli)
{
	struct cli	*owner = cmds_trial_owner();
	struct row	*v;
	ssize_t		 n, i;

	if (lock_owner != NULL && lock_owner != cli) {
		if ((n = collect(&v)) == -1)
			return cli_error(cli, "Out of memory");
		cli_puts(cli, HDR_SESSIONS);
		for (i = 0; i < n; i++)
			if (v[i].cli == lock_owner)
				print_row(cli, &v[i]);
		free(v);
		return cli_error(cli, "%s", MSG_LOCKED);
	}
	if (commit_trial_pending(cmds_commit_db()) && owner != cli)
		return cli_error(cli, "%s", MSG_TRIAL);
	lock_owner = cli;
	return CMD_OK;
}

int
cfgsess_commit_refused(struct cli *cli, int dirty)
{
	struct cli_session_info	 si;
	struct cli		*owner = cmds_trial_owner();
	char			 id[32];

	if (dirty && lock_owner != NULL && lock_owner != cli) {
		cli_session_info(lock_owner, &si);
		/* chosen text: XR's exact wording for this case is unknown */
		return cli_error(cli, "Failed to commit: the Configuration "
		    "Namespace is locked by another agent (configuration "
		    "session '%s', user %s on %s, in exclusive mode). No "
		    "changes have been made.", cfgsess_id(lock_owner),
		    si.user, si.line);
	}
	if (dirty && commit_trial_pending(cmds_commit_db()) &&
	    owner != NULL && owner != cli) {
		trial_id(id, sizeof(id));
		/* [V] xr-reference.md 2.2 */
		return cli_error(cli, "Cannot commit because there is an "
		    "unexpired trial/rollback session '%s'.", id);
	}
	return 0;
}

int
cfgsess_commit_may_refuse(struct cli *cli)
{
	struct cli	*owner = cmds_trial_owner();

	return (lock_owner != NULL && lock_owner != cli) ||
	    (commit_trial_pending(cmds_commit_db()) && owner != NULL &&
	    owner != cli);
}

/* --- clear configuration sessions --- */

/*
 * Ends victim's configuration session: its candidate and typed lines go,
 * an open RPL block too, its trial is rolled back, the lock released,
 * and it is back in exec mode.  A command of its waiting in cli_ask()
 * notices through cfg_serial.
 */
static void
terminate(struct cli *victim, struct cli *by)
{
	struct cli_session_info	 si;
	char			 msg[256];

	rpl_block_discard(victim);
	if (cmds_trial_owner() == victim)
		cmds_trial_abandon(by);
	cmds_discard(victim);
	cfgsess_end(victim);
	cli_to_exec(victim);
	if (victim == by)
		return;
	cli_session_info(by, &si);
	/* chosen text: XR's exact wording is unverified */
	snprintf(msg, sizeof(msg), "%% This configuration session was "
	    "terminated by %s from %s", si.user, si.line);
	cli_session_message(victim, msg);
}

static int
cmd_clear_sessions(struct cli *cli, const struct cmd_args *a)
{
	const char	*id = arg_str(a, "id");
	struct row	*v;
	ssize_t		 n, i;

	if ((n = collect(&v)) == -1)
		return cli_error(cli, "Out of memory");
	for (i = 0; i < n; i++)
		if (strcasecmp(v[i].id, id) == 0)
			break;
	if (i == n) {
		free(v);
		/* chosen text */
		return cli_error(cli, "Configuration session '%s' does not "
		    "exist. Use 'show configuration sessions' to list the "
		    "sessions", id);
	}
	if (v[i].trial)
		cmds_trial_abandon(cli);
	else
		terminate(v[i].cli, cli);
	free(v);
	return CMD_OK;
}

static const struct cmd exec_rows[] = {
	{ "show configuration sessions [detail]", cmd_show_sessions,
	    CMDF_TIMESTAMP | CMDF_JSON, {
	    "configuration=Contents of configuration",
	    "sessions=Configuration session status",
	    "detail=Display detailed configuration session information",
	    NULL } },
	{ "clear configuration sessions <id:word>", cmd_clear_sessions,
	    CMDF_TIMESTAMP, {
	    "clear=Reset functions",
	    "configuration=Clear configuration information",
	    "sessions=Clear configuration sessions",
	    "id=Session ID (from 'show configuration sessions')",
	    NULL } },
	CMD_END
};

void
cmds_config_sessions_init(void)
{
	cli_install(MODE_EXEC, exec_rows);
}
