/*
 * config_mode: generic configuration-mode commands valid in every
 * non-block config mode: `hostname`, `commit` and its options, `abort`.
 * The show commands live in show_config.c, rollback in rollback.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmds/commit_cmds.h"
#include "cmds/commit_verify.h"

#define MSG_REPLACE_ASK "This commit will replace or remove the entire " \
	"running configuration. This\noperation can be service affecting.\n" \
	"Do you wish to proceed? [no]: "

static int
valid_hostname(const char *h)
{
	size_t	 i;

	if (!isalnum((unsigned char)h[0]) || strlen(h) >= HOSTNAME_MAX)
		return 0;
	for (i = 0; h[i] != '\0'; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' &&
		    h[i] != '_' && h[i] != '.')
			return 0;
	return 1;
}

static int
cmd_hostname(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;
	const char	*h = arg_str(a, "name");

	if (!arg_no(a) && !valid_hostname(h))
		return cli_error(cli, "Invalid hostname '%s': use up to %d "
		    "letters, digits, '-', '_' or '.', starting with a letter "
		    "or digit", h, HOSTNAME_MAX - 1);
	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		if (h != NULL && strcmp(h, config_hostname(c)) != 0)
			return cli_error(cli, "hostname %s is not configured",
			    h);
		c->hostname[0] = '\0';
	} else
		strlcpy(c->hostname, h, sizeof(c->hostname));
	return CMD_OK;
}

static int
cmd_commit(struct cli *cli, const struct cmd_args *a)
{
	struct commit_opts	 o;

	cmds_commit_opts(cli, &o);
	o.label = arg_str(a, "lname");
	o.comment = arg_str(a, "ctext");
	if (arg_has(a, "confirmed")) {
		o.confirm_secs = COMMIT_CONFIRM_DEFAULT;
		if (arg_has(a, "secs"))
			o.confirm_secs = arg_u32(a, "secs",
			    COMMIT_CONFIRM_DEFAULT);
		else if (arg_has(a, "mins"))
			o.confirm_secs = 60 * arg_u32(a, "mins", 10);
		o.verify = arg_has(a, "verify");
	}
	return cmds_do_commit(cli, &o, arg_has(a, "best-effort") ?
	    CMDS_COMMIT_BEST_EFFORT : 0);
}

static int
cmd_commit_replace(struct cli *cli, const struct cmd_args *a)
{
	struct commit_opts	 o;
	char			 ans[32];
	const char		*p = ans;

	if (cli_ask(cli, MSG_REPLACE_ASK, ans, sizeof(ans)) == -1)
		return CMD_OK;
	while (isspace((unsigned char)*p))
		p++;
	if (p[0] == '\0' || strncasecmp(p, "yes", strlen(p)) != 0)
		return CMD_OK;
	cmds_commit_opts(cli, &o);
	o.label = arg_str(a, "lname");
	o.comment = arg_str(a, "ctext");
	return cmds_do_commit(cli, &o, CMDS_COMMIT_REPLACE);
}

static int
cmd_abort(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	cmds_discard(cli);
	cli_to_exec(cli);
	return CMD_OK;
}

#define H_COMMIT	"commit=Commit the configuration changes to running"
#define H_LABEL		"label=Assign a label to this commit"
#define H_LNAME		"lname=Commit label (must start with a letter)"
#define H_COMMENT	"comment=Assign a comment to this commit"
#define H_CTEXT		"ctext=Up to 60 characters describing this commit"
#define H_CONFIRMED	"confirmed=Rollback this commit unless there is a " \
	"confirming commit"
#define H_SECS		"secs=Seconds until rollback unless there is a " \
	"confirming commit"
#define H_MINUTES	"minutes=Specify the rollback timer in minutes"
#define H_MINS		"mins=Minutes until rollback unless there is a " \
	"confirming commit"
#define H_VERIFY	"verify=Roll back at once if an affected BGP session " \
	"goes down or loses prefixes"

/* only in (config): typed in a sub-mode it pops there, as on XR */
static const struct cmd global_rows[] = {
	{ "[no] hostname <name:word>", cmd_hostname, 0,
	    { "hostname=Set system's network name",
	      "name=This system's network name", NULL } },
	CMD_END
};

static const struct cmd config_rows[] = {
	{ "commit [label <lname:word>] [confirmed [(<secs:30-65535> | "
	    "minutes <mins:1-1024>)] [verify]] [comment <ctext:line>]",
	    cmd_commit, CMDF_TIMESTAMP,
	    { H_COMMIT, H_LABEL, H_LNAME, H_COMMENT, H_CTEXT,
	      H_CONFIRMED, H_SECS, H_MINUTES, H_MINS, H_VERIFY, NULL } },
	{ "commit best-effort [label <lname:word>] [confirmed "
	    "[(<secs:30-65535> | minutes <mins:1-1024>)] [verify]] "
	    "[comment <ctext:line>]",
	    cmd_commit, CMDF_TIMESTAMP,
	    { H_COMMIT, H_LABEL, H_LNAME, H_COMMENT, H_CTEXT, H_CONFIRMED,
	      H_VERIFY,
	      "best-effort=Commit the changes that pass verification and "
	      "skip the ones that fail",
	      H_SECS, H_MINUTES, H_MINS, NULL } },
	{ "commit replace [label <lname:word>] [comment <ctext:line>]",
	    cmd_commit_replace, CMDF_TIMESTAMP,
	    { H_COMMIT, H_LABEL, H_LNAME, H_COMMENT, H_CTEXT,
	      "replace=Replace the contents of running configuration",
	      NULL } },
	{ "abort", cmd_abort, 0,
	    { "abort=Discard all uncommitted changes and exit to exec mode",
	      NULL } },
	CMD_END
};

void
cmds_config_init(void)
{
	cli_install(MODE_CONFIG, global_rows);
	cli_install(MODE_ANYCONFIG, config_rows);
	cmds_show_config_init();
	cmds_rollback_init();
	cmds_verify_init();
	cmds_commit_impact_init();
}
