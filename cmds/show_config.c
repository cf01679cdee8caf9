/*
 * show_config: the configuration show commands.  Config mode: bare `show`
 * and `show configuration` (this session's uncommitted changes), `merge`,
 * `running`, `failed`, `show commit changes diff`.  Exec and config mode:
 * `show running-config [section...]`, `show configuration commit list`
 * and `show configuration commit changes`.  Everything is rendered from
 * the typed configuration through config_print() and core/cfgtext.  The
 * full running configuration carries 24.3.1's banner (`!! Building
 * configuration...`); the session and commit views keep the
 * `Building configuration...` header XR shows there.
 *
 * `| json` (contracts; keys fixed, order as in the text):
 *   show running-config [section], show configuration, show configuration
 *   merge: {"config": [NODE...]}, NODE = {"line": "router bgp 1",
 *   "children": [NODE...]} for a block (even an empty one; a leaf has no
 *   "children"), or
 *   {"line": "route-policy X", "text": "<the whole object, raw>"} for an
 *   RPL object.  `line` has no indentation; `!` closers are not nodes.
 *   For `show configuration` the nodes are the session's changes, removals
 *   as "no ..." lines, inside the blocks that enclose them.
 *   show commit changes diff: {"diff": [{"op": OP, "indent": N, "line":
 *   "..."}...]}, one entry per line of the marked diff in order, `!`
 *   closers left out.  OP: "+" added, "-" removed, " " unchanged context
 *   (a block enclosing a change); a changed leaf is a "-" entry (old text)
 *   then a "+" entry (new text), both with "replaced": true.  indent: the
 *   line's leading spaces in the configuration (one per block level; the
 *   lines of an RPL object keep their own); line: the text after them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds/commit_cmds.h"
#include "cmds/commit_verify.h"
#include "core/config/cfgtext.h"
#include "core/lib/json.h"

#define MSG_NO_ITEMS	"% No such configuration item(s)\n"

/* Header of configuration views (the 7.x-style banner XR keeps there). */
static void
header(struct cli *cli)
{
	cli_puts(cli, "Building configuration...\n" XR_VERSION_LINE "\n");
}

static void
fmt_time(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm);
}

/* Full running configuration, as 24.3.1 prints it. */
static int
show_running(struct cli *cli)
{
	const struct commit_rec	*last = commit_nth(cmds_commit_db(), 0);
	char			*text, when[64];

	if ((text = cmds_config_text(cmds_running())) == NULL)
		return cli_error(cli, "Out of memory");
	cli_puts(cli, "!! Building configuration...\n" XR_VERSION_LINE "\n");
	if (last != NULL) {
		fmt_time(last->time, when, sizeof(when));
		cli_printf(cli, "!! Last configuration change at %s by %s\n",
		    when, last->user);
	}
	cli_puts(cli, "!\n");
	cli_puts(cli, text);
	cli_puts(cli, "end\n");
	free(text);
	return CMD_OK;
}

/* Output of a text-producing step, or an error when it failed. */
static int
put_text(struct cli *cli, struct strbuf *sb, int rc)
{
	if (rc < 0)
		sb->oom = 1;
	return cmds_emit(cli, sb);
}

static int	run_json(struct cli *, const char *);

/* A rendered configuration text as `| json` wants it: the tree. */
static int
text_json(struct cli *cli, struct strbuf *sb, int rc)
{
	if (rc < 0 || sb->oom) {
		sb_free(sb);
		return cli_error(cli, "Out of memory");
	}
	rc = run_json(cli, sb_str(sb));
	sb_free(sb);
	return rc;
}

/* Wrapped change list between two texts. */
static int
show_changes(struct cli *cli, const char *from, const char *to)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc;

	rc = ct_changes(from, to, &sb);
	if (cli_json(cli))
		return text_json(cli, &sb, rc);
	header(cli);
	rc = put_text(cli, &sb, rc);
	cli_puts(cli, "end\n");
	return rc;
}

static int
show_whole(struct cli *cli, const struct config *c)
{
	char	*t;
	int	 rc;

	if ((t = cmds_config_text(c)) == NULL)
		return cli_error(cli, "Out of memory");
	if (cli_json(cli)) {
		rc = run_json(cli, t);
		free(t);
		return rc;
	}
	header(cli);
	cli_puts(cli, t);
	cli_puts(cli, "end\n");
	free(t);
	return CMD_OK;
}

/* --- config mode --- */

/* Runs show(cli, running text, candidate text) on the session's texts. */
static int
with_texts(struct cli *cli, int (*show)(struct cli *, const char *,
    const char *))
{
	char	*from, *to;
	int	 rc;

	from = cmds_config_text(cmds_running());
	to = cmds_config_text(cmds_effective(cli));
	if (from == NULL || to == NULL)
		rc = cli_error(cli, "Out of memory");
	else
		rc = show(cli, from, to);
	free(from);
	free(to);
	return rc;
}

/* `| json`: {"config": [NODE...]} of the changes (contract at the top) */
static int
cmd_show_target(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return with_texts(cli, show_changes);
}

/* `| json`: {"config": [NODE...]} (contract at the top of the file) */
static int
cmd_show_merge(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return show_whole(cli, cmds_effective(cli));
}

static int
cmd_show_cfg_running(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return show_running(cli);
}

/* The marked diff as JSON (contract at the top of the file). */
static int
diff_json(struct cli *cli, struct strbuf *diff, int rc)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	const char	*p, *nl;
	char		 op[2];

	if (rc < 0 || diff->oom) {
		sb_free(diff);
		return cli_error(cli, "Out of memory");
	}
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_key(&j, "diff");
	json_arr_begin(&j);
	for (p = sb_str(diff); *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		const char	*text;
		char		*line;
		size_t		 ind;

		nl = p + strcspn(p, "\n");
		if (nl - p < 3)
			continue;
		/* "MM " then the line with its indentation */
		text = p + 3;
		ind = strspn(text, " ");
		if (text + ind == nl || (nl - text - ind == 1 &&
		    text[ind] == '!'))
			continue;
		op[0] = p[0] == '<' ? '-' : p[0] == '+' ? '+' :
		    p[0] == '-' ? '-' : ' ';
		op[1] = '\0';
		if ((line = strndup(text + ind, (size_t)(nl - text - ind))) ==
		    NULL) {
			sb.oom = 1;
			break;
		}
		json_obj_begin(&j);
		json_kv_str(&j, "op", op);
		json_kv_u64(&j, "indent", ind);
		json_kv_str(&j, "line", line);
		if ((p[0] == '<' && p[1] == '-') ||
		    (p[0] == '+' && p[1] == '>'))
			json_kv_bool(&j, "replaced", 1);
		json_obj_end(&j);
		free(line);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	sb_free(diff);
	return put_text(cli, &sb, 0);
}

static int
show_diff(struct cli *cli, const char *from, const char *to)
{
	struct strbuf	 sb = STRBUF_INIT;
	int		 rc;

	rc = ct_diff(from, to, &sb);
	if (cli_json(cli))
		return diff_json(cli, &sb, rc);
	header(cli);
	rc = put_text(cli, &sb, rc);
	cli_puts(cli, "end\n");
	return rc;
}

/* `| json`: {"diff": [{"op", "indent", "line"}...]} (contract at the top) */
static int
cmd_show_diff(struct cli *cli, const struct cmd_args *a)
{
	(void)a;
	return with_texts(cli, show_diff);
}

/* lines that open a configuration sub-mode, hence a block */
static const char *const block_openers[] = {
	"router", "neighbor", "neighbor-group", "session-group", "af-group",
	"address-family", "vrf", NULL
};

/*
 * Whether the failed item is a block that needs its own closer: as it is
 * in the configuration that failed (still the session's candidate), else,
 * when it has been edited away since, by the keyword that opened it.
 */
static int
failed_item_is_block(const char *text, const char *path)
{
	const char	*last = strrchr(path, '\n');
	size_t		 i, n;
	int		 rc;

	if (text != NULL && (rc = ct_path_is_block(text, path)) != -1)
		return rc;
	last = last ? last + 1 : path;
	last += strspn(last, " ");
	n = strcspn(last, " ");
	for (i = 0; block_openers[i] != NULL; i++)
		if (strlen(block_openers[i]) == n &&
		    strncmp(last, block_openers[i], n) == 0)
			return 1;
	return 0;
}

/*
 * One failed item: its path, the reason, then a closer for every block
 * opened, the item itself included when it is one.
 */
static void
show_failed_item(struct cli *cli, const struct cfg_error *e,
    const char *text)
{
	const char	*p, *nl;
	size_t		 depth[64], n = 0, i;

	for (p = e->path; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (n < 64)
			depth[n++] = strspn(p, " ");
		cli_printf(cli, "%.*s\n", (int)(nl - p), p);
	}
	cli_printf(cli, "!!%% %s\n", e->msg);
	i = n;
	if (n > 0 && !failed_item_is_block(text, e->path))
		i--;
	while (i-- > 0)
		cli_printf(cli, "%*s!\n", (int)depth[i], "");
}

static int
cmd_show_failed(struct cli *cli, const struct cmd_args *a)
{
	struct commit_sess	*cs = cmds_commit_sess(cli);
	size_t			 i;
	char			*text;

	(void)a;
	if (cs == NULL || !cs->has_failed || cs->failed.n == 0) {
		cli_puts(cli, MSG_NO_ITEMS);
		return CMD_OK;
	}
	cli_puts(cli,
	    "!! SEMANTIC ERRORS: This configuration was rejected by \n"
	    "!! the system due to semantic errors. The individual \n"
	    "!! errors with each failed configuration command can be \n"
	    "!! found below.\n\n\n");
	text = cmds_config_text(cmds_effective(cli));
	for (i = 0; i < cs->failed.n; i++)
		show_failed_item(cli, &cs->failed.v[i], text);
	free(text);
	cli_puts(cli, "end\n");
	return CMD_OK;
}

/* --- exec and config --- */

/* The configuration tree of `| json` (contract at the top of the file). */
static void
tree_json(const struct ct_node *n, struct json *j)
{
	size_t	 i;

	for (i = 0; i < n->nkids; i++) {
		const struct ct_node	*k = n->kids[i];

		json_obj_begin(j);
		json_kv_str(j, "line", k->line);
		if (k->body != NULL)
			json_kv_str(j, "text", k->body);
		if (k->nkids > 0 || (k->block && k->body == NULL)) {
			json_key(j, "children");
			json_arr_begin(j);
			tree_json(k, j);
			json_arr_end(j);
		}
		json_obj_end(j);
	}
}

static int
run_json(struct cli *cli, const char *text)
{
	struct ct_node	*root;
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	char		 err[256];

	if (ct_parse(text, &root, err, sizeof(err)) == -1)
		return cli_error(cli, "%s", err);
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_key(&j, "config");
	json_arr_begin(&j);
	tree_json(root, &j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	ct_free(root);
	return put_text(cli, &sb, 0);
}

static int
cmd_show_run(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf		 sb = STRBUF_INIT;
	const char		*toks[64];
	size_t			 n = arg_count(a, "section"), i;
	char			*text;
	int			 found;

	if ((text = cmds_config_text(cmds_running())) == NULL)
		return cli_error(cli, "Out of memory");
	if (n == 0) {
		if (cli_json(cli)) {
			found = run_json(cli, text);
			free(text);
			return found;
		}
		free(text);
		return show_running(cli);
	}
	if (n > sizeof(toks) / sizeof(toks[0]))
		n = sizeof(toks) / sizeof(toks[0]);
	for (i = 0; i < n; i++)
		toks[i] = arg_nth(a, "section", i);
	found = ct_section(text, toks, n, &sb);
	free(text);
	if (found == 0) {
		sb_free(&sb);
		cli_puts(cli, MSG_NO_ITEMS);
		return CMD_OK;
	}
	if (found > 0 && !sb.oom && cli_json(cli)) {
		found = run_json(cli, sb_str(&sb));
		sb_free(&sb);
		return found;
	}
	return put_text(cli, &sb, found);
}

static void
list_json(struct cli *cli, size_t n)
{
	struct commit_db	*db = cmds_commit_db();
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct tm		 tm;
	size_t			 i;
	char			 when[32], impact[256];

	json_init(&j, &sb);
	json_arr_begin(&j);
	for (i = 0; i < n; i++) {
		const struct commit_rec	*r = commit_nth(db, i);

		gmtime_r(&r->time, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_obj_begin(&j);
		json_kv_u64(&j, "sno", i + 1);
		json_kv_u64(&j, "id", r->id);
		json_kv_str(&j, "label", r->label);
		json_kv_str(&j, "user", r->user);
		json_kv_str(&j, "line", r->line);
		json_kv_str(&j, "client", r->client);
		json_kv_str(&j, "time", when);
		json_kv_str(&j, "comment", r->comment);
		if (cmds_impact_summary(r, impact, sizeof(impact)))
			json_kv_str(&j, "impact", impact);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_end(&j);
	put_text(cli, &sb, 0);
}

static int
cmd_commit_list(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	size_t			 n = commit_count(db), i;
	char			 when[64], idbuf[16], impact[256];

	if (arg_has(a, "n") && arg_u32(a, "n", 100) < n)
		n = arg_u32(a, "n", 100);
	if (cli_json(cli)) {
		list_json(cli, n);
		return CMD_OK;
	}
	if (!arg_has(a, "detail"))
		cli_puts(cli, "SNo. Label/ID    User      Line"
		    "                Client      Time Stamp\n"
		    "~~~~ ~~~~~~~~    ~~~~      ~~~~"
		    "                ~~~~~~      ~~~~~~~~~~\n");
	for (i = 0; i < n; i++) {
		const struct commit_rec	*r = commit_nth(db, i);

		fmt_time(r->time, when, sizeof(when));
		snprintf(idbuf, sizeof(idbuf), "%u", r->id);
		if (!arg_has(a, "detail")) {
			cli_printf(cli, "%-4zu %-11s %-9s %-19.18s %-11s %s\n",
			    i + 1, r->label ? r->label : idbuf, r->user,
			    r->line, r->client, when);
			continue;
		}
		if (i > 0)
			cli_puts(cli, "\n");
		cli_printf(cli, "%4zu) CommitId: %-27sLabel: %s\n", i + 1,
		    idbuf, r->label ? r->label : "NONE");
		cli_printf(cli, "      UserId:   %-27sLine:  %s\n", r->user,
		    r->line);
		cli_printf(cli, "      Client:   %-27sTime:  %s\n", r->client,
		    when);
		cli_printf(cli, "      Comment:  %s\n",
		    r->comment ? r->comment : "NONE");
		/* ours (issue 15): which commits moved traffic; XR's four
		   lines alone when the engine recorded nothing (offline) */
		if (cmds_impact_summary(r, impact, sizeof(impact)))
			cli_printf(cli, "      Impact:   %s\n", impact);
	}
	return CMD_OK;
}

static int
cmd_commit_changes(struct cli *cli, const struct cmd_args *a)
{
	struct commit_db	*db = cmds_commit_db();
	size_t			 n = commit_count(db);
	const char		*key;
	long			 idx;

	if (n == 0 && (arg_has(a, "all") || arg_has(a, "last"))) {
		cli_puts(cli, MSG_NO_ITEMS);
		return CMD_OK;
	}
	if (arg_has(a, "all"))
		return show_changes(cli, commit_text_before(db, n - 1),
		    commit_nth(db, 0)->text);
	if (arg_has(a, "last")) {
		unsigned	 k = arg_u32(a, "count", 1);

		if (k > n)
			return cli_error(cli, "Only %zu commits in the commit "
			    "database", n);
		return show_changes(cli, commit_text_before(db, k - 1),
		    commit_nth(db, 0)->text);
	}
	key = arg_has(a, "since") ? arg_str(a, "from") : arg_str(a, "id");
	if (key == NULL || (idx = commit_find(db, key)) == -1)
		return cli_error(cli, "Invalid commit ID or label '%s'",
		    key ? key : "");
	if (arg_has(a, "since"))
		return show_changes(cli, commit_text_before(db, (size_t)idx),
		    commit_nth(db, 0)->text);
	return show_changes(cli, commit_text_before(db, (size_t)idx),
	    commit_nth(db, (size_t)idx)->text);
}

/* Completion of commit IDs and labels, newest first. */
static void
complete_commit(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	struct commit_db	*db = cmds_commit_db();
	size_t			 i;
	char			 idbuf[16];

	(void)cli;
	for (i = 0; i < commit_count(db); i++) {
		const struct commit_rec	*r = commit_nth(db, i);

		snprintf(idbuf, sizeof(idbuf), "%u", r->id);
		if (strncmp(idbuf, prefix, strlen(prefix)) == 0)
			add(ctx, idbuf, "Commit ID");
		if (r->label != NULL &&
		    strncmp(r->label, prefix, strlen(prefix)) == 0)
			add(ctx, r->label, "Commit label");
	}
}

static const struct cli_type commit_ref_type = {
	"commit-ref", "<commitId>", NULL, complete_commit
};

#define H_SHOW		"show=Show running system information"
#define H_CONFIGURATION	"configuration=Contents of configuration"
#define H_RUN		"running-config=Current operating configuration"
#define H_SECTION	"section=Configuration section (leading words of " \
	"its lines)"
#define H_COMMIT	"commit=Commit database information"

static const struct cmd both_rows[] = {
	{ "show running-config [<section:word>...]", cmd_show_run,
	    CMDF_TIMESTAMP | CMDF_JSON, { H_SHOW, H_RUN, H_SECTION, NULL } },
	{ "show configuration commit list [<n:1-100>] [detail]",
	    cmd_commit_list, CMDF_TIMESTAMP | CMDF_JSON,
	    { H_SHOW, H_CONFIGURATION, H_COMMIT,
	      "list=List of commit entries",
	      "n=Number of commit entries to list",
	      "detail=Display detailed commit information", NULL } },
	{ "show configuration commit changes (<id:commit-ref> | last "
	    "<count:1-100> | since <from:commit-ref> | all)",
	    cmd_commit_changes, CMDF_TIMESTAMP,
	    { H_SHOW, H_CONFIGURATION, H_COMMIT,
	      "changes=Display configuration changes for a commit",
	      "id=Commit ID or label",
	      "last=Changes made in the most recent <n> commits",
	      "count=Number of commits",
	      "since=Changes made since (and including) a specific commit",
	      "from=Commit ID or label",
	      "all=Display configurations committed for all commits",
	      NULL } },
	CMD_END
};

static const struct cmd config_rows[] = {
	{ "show", cmd_show_target, CMDF_TIMESTAMP,
	    { H_SHOW, NULL } },
	{ "show configuration", cmd_show_target, CMDF_TIMESTAMP | CMDF_JSON,
	    { H_SHOW, H_CONFIGURATION, NULL } },
	{ "show configuration merge", cmd_show_merge,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { H_SHOW, H_CONFIGURATION,
	      "merge=Show the running configuration merged with this "
	      "session's changes", NULL } },
	{ "show configuration running", cmd_show_cfg_running, CMDF_TIMESTAMP,
	    { H_SHOW, H_CONFIGURATION,
	      "running=Show the running configuration", NULL } },
	{ "show configuration failed [if-committed]", cmd_show_failed,
	    CMDF_TIMESTAMP,
	    { H_SHOW, H_CONFIGURATION,
	      "failed=Show the configuration that failed to commit",
	      "if-committed=Errors of the last failed commit", NULL } },
	{ "show commit changes diff", cmd_show_diff,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { H_SHOW, "commit=Show commit information",
	      "changes=Show the changes a commit would make",
	      "diff=Display the changes as a marked diff", NULL } },
	CMD_END
};

void
cmds_show_config_init(void)
{
	cli_type_define(&commit_ref_type);
	cli_install(MODE_EXEC, both_rows);
	cli_install(MODE_ANYCONFIG, both_rows);
	cli_install(MODE_ANYCONFIG, config_rows);
}
