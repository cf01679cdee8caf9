/*
 * cli.h: everything cmds/ sees of the shell.  The shell knows nothing about
 * BGP: commands are rows of data (grammar string, help, handler) installed
 * per mode; modes are declared by cmds/ too.  One matcher serves execution,
 * abbreviation, `?`, TAB and the caret errors.
 *
 * Grammar strings (one row = one command):
 *   keyword                 literal, matched by any unique prefix
 *   <name:type>             typed argument, bound under `name`
 *   <name:type>...          one or more of them (bound as a list)
 *   [ ... ]                 optional group
 *   ( a | b c | <x:type> )  alternatives (each a token sequence)
 *   leading "[no]"          the row also accepts a `no` form: arg_no() is 1,
 *                           and the line may stop before trailing arguments
 * Built-in types: word, line (rest of line, raw), rest (the rest of the
 * line like line, but never offered by `?`: a catch-all that hands what
 * the grammar does not describe to the handler), <lo-hi> integer range
 * written as e.g. <n:1-65535>, ipv4 (A.B.C.D), ipv4pfx (A.B.C.D/M), ipv6
 * (X:X::X:X), ipv6pfx (X:X::X:X/M), ip (either address), prefix (either
 * prefix), asn (asplain or asdot).  More types (with dynamic completion,
 * e.g. policy names) are added by cmds/ with cli_type_define().
 *
 * Keywords are bound too: arg_has(a, "ipv6") tells which alternative ran.
 * Every keyword and argument needs help text: from the row's help[]
 * ("token=text"), else from the shared dictionary (cli_help_define()).
 */
#ifndef XR_CLI_H
#define XR_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct cli;		/* one session: mode stack, output, options */
struct cmd_args;	/* the bound tokens of a matched line */
struct strbuf;

enum { CMD_OK = 0, CMD_ERR = 1 };

typedef int	(*cmd_fn)(struct cli *, const struct cmd_args *);

#define CMD_HELP_MAX	56

struct cmd {
	const char	*grammar;
	cmd_fn		 fn;
	unsigned	 flags;
	const char	*help[CMD_HELP_MAX];	/* "token=help", NULL-ended */
};
#define CMD_END		{ NULL, NULL, 0, { NULL } }

#define CMDF_HIDDEN	0x01	/* not offered by `?` / TAB */
#define CMDF_TIMESTAMP	0x02	/* interactive: XR timestamp line first */
#define CMDF_JSON	0x04	/* has a `| json` rendering */
#define CMDF_NOPIPE	0x08	/* `|` is part of the arguments (regexes) */

/* Modes.  The shell knows two; cmds/ declares the others (cmds/modes.h). */
#define MODE_EXEC	0
#define MODE_CONFIG	1
/* Rows installed here are valid in every non-block config mode. */
#define MODE_ANYCONFIG	(-1)

#define MODEF_BLOCK	0x01	/* RPL-style block: unmatched lines go to raw() */

struct mode_def {
	int		 id;
	const char	*name;		/* prompt suffix: "config-bgp-nbr" */
	int		 parent;	/* mode id, -1 for exec */
	unsigned	 flags;
	/*
	 * Block modes only: receives each line that matches none of the
	 * mode's rows, with its leading indentation removed (the line as
	 * typed is cli_raw_line()).  Return CMD_OK or cli_error(...).
	 */
	int		(*raw)(struct cli *, const char *line);
};

void		 cli_mode_define(const struct mode_def *);
/*
 * Block modes, optional: fn(line) returns 1 when the line (indentation
 * removed) can only end in the mode's raw() -- no row of the mode but
 * those that hand the line to raw() as it is could take it -- so it goes
 * there without the matcher (a large pasted set is mostly such lines).
 * Lines with `|` or a quote always take the matcher.
 */
void		 cli_mode_direct(int mode, int (*fn)(const char *line));
/* rows end with CMD_END; the array must outlive the shell */
void		 cli_install(int mode, const struct cmd *rows);
/* shared keyword help: cli_help_define("neighbor", "Specify a neighbor") */
void		 cli_help_define(const char *keyword, const char *help);

/* Dynamic argument types, e.g. <name:rpl-policy> completing policy names. */
struct cli_type {
	const char	*name;		/* used in grammar strings */
	const char	*label;		/* shown by `?`: "WORD", "A.B.C.D" */
	/* 1 if the token is acceptable (NULL: any word) */
	int		(*match)(const char *tok);
	/* calls add() for each completion candidate starting with prefix */
	void		(*complete)(struct cli *, const char *prefix,
			    void (*add)(void *ctx, const char *word,
			    const char *help), void *ctx);
};
void		 cli_type_define(const struct cli_type *);

/* Arguments of the matched line. */
int		 arg_no(const struct cmd_args *);
int		 arg_has(const struct cmd_args *, const char *name);
/* the (first) value bound to name, NULL if absent */
const char	*arg_str(const struct cmd_args *, const char *name);
/* numeric value of a bound argument; dflt when absent or not a number */
uint32_t	 arg_u32(const struct cmd_args *, const char *name,
		    uint32_t dflt);
size_t		 arg_count(const struct cmd_args *, const char *name);
const char	*arg_nth(const struct cmd_args *, const char *name, size_t);
/* the whole command line as typed (leading indentation removed) */
const char	*arg_line(const struct cmd_args *);
/*
 * The input line being run, exactly as typed or pasted: indentation kept,
 * line ending removed.  Block modes use it so error columns point into
 * what the user sees.  NULL when no line is being run.
 */
const char	*cli_raw_line(const struct cli *);

/* Mode stack.  Levels hold keys (strings), never pointers into config. */
int		 cli_mode(const struct cli *);
int		 cli_enter(struct cli *, int mode, const char *key);
void		 cli_set_mode(struct cli *, int mode);	/* replace top */
void		 cli_pop(struct cli *);
void		 cli_to_config(struct cli *);
void		 cli_to_exec(struct cli *);
/* key of the nearest level in `mode` (searching down the stack), or NULL */
const char	*cli_key(const struct cli *, int mode);

/* Output.  Command output goes through pipes and the pager. */
void		 cli_printf(struct cli *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 cli_puts(struct cli *, const char *);
/*
 * "% <msg>" on the error stream (stderr with a FILE:LINE: prefix in batch
 * mode; inline on stdout interactively and in --echo transcripts); CMD_ERR
 */
int		 cli_error(struct cli *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* an informational line that is not an error (e.g. "% WARNING: ...") */
void		 cli_notice(struct cli *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 cli_json(const struct cli *);		/* `| json` given */
int		 cli_interactive(const struct cli *);
/* XR timestamp line ("Sat Nov 21 22:08:43.123 UTC") into buf */
void		 cli_timestamp(char *buf, size_t len);

/*
 * Asks a question (printed raw, no prompt) and reads the answer: from the
 * terminal, or in batch mode from the next input line.  Returns 0, or -1
 * at end of input.
 */
int		 cli_ask(struct cli *, const char *question, char *ans,
		    size_t len);

/*
 * 1 once a stop signal (SIGTERM, SIGHUP, ...) asked xrsh to end: a command
 * that waits in the event loop returns early, and the session ends after
 * it so that the exit path (kernel routes, BGP sessions) runs.
 */
int		 cli_stop_requested(void);

/* Per-session data owned by cmds/ (the candidate configuration). */
void		*cli_userdata(const struct cli *);
void		 cli_set_userdata(struct cli *, void *);

struct cli_hooks {
	void	(*session_new)(struct cli *);
	void	(*session_free)(struct cli *);
	/* batch input ended; cmds may warn and discard uncommitted work */
	void	(*at_eof)(struct cli *);
	/* the hostname shown in the prompt (running configuration) */
	const char *(*hostname)(void);
	/*
	 * Called after every line run in a config mode (not in loader
	 * sessions), with the line as typed minus indentation and whether it
	 * succeeded: lets cmds/ keep the session's target buffer for
	 * `commit replace`.
	 */
	void	(*after_line)(struct cli *, const char *line, int ok);
};
void		 cli_set_hooks(const struct cli_hooks *);

/*
 * Loader sessions run text through the same matcher without a terminal:
 * rollback, `load`, and reading the saved configuration at start.  They
 * start in MODE_CONFIG, print nothing, and remember the first error.
 */
struct cli	*cli_loader_new(void *userdata);
/* Runs every line; returns 0, or -1 with cli_loader_error() set. */
int		 cli_loader_run(struct cli *, const char *text,
		    const char *origin);
/* "FILE:LINE: message" of the first failing line */
const char	*cli_loader_error(const struct cli *);
/*
 * For `load FILE`: cli_loader_run() then goes on after a failing line and
 * appends every error to `errs` as batch mode prints it, each line after
 * "ORIGIN:LINE: " (the line as typed and the caret for matcher errors,
 * then the message).  A line whose command's first keyword is in `deny`
 * (NULL-ended; NULL: none) is refused as not a configuration command.
 */
void		 cli_loader_collect(struct cli *, struct strbuf *errs,
		    const char *const *deny);
/* failing lines and input lines consumed (up to a final `end`) by the
 * last cli_loader_run() */
unsigned long	 cli_loader_nerrors(const struct cli *);
unsigned long	 cli_loader_nlines(const struct cli *);
void		 cli_loader_free(struct cli *);

/* Session history (for `show history`), oldest first. */
size_t		 cli_history_count(const struct cli *);
const char	*cli_history_line(const struct cli *, size_t);
/* terminal length (0 = no paging) and width (set/get pairs) */
void		 cli_set_term_length(struct cli *, unsigned);
unsigned	 cli_term_length(const struct cli *);
void		 cli_set_term_width(struct cli *, unsigned);
unsigned	 cli_term_width(const struct cli *);
/*
 * Sessions: the local one (a terminal or a script, line "con0") and every
 * session attached through the control socket (lines "vty0", "vty1", ...,
 * numbered from 0 among the attached sessions alive).  Loader sessions
 * are not sessions here.
 */
struct cli_session_info {
	unsigned	 id;		/* unique in this process, from 1 */
	const char	*line;		/* "con0", "vty0", ... */
	const char	*user;		/* login name of the user */
	const char	*service;	/* "console" or "attach" */
	const char	*location;	/* client's terminal ("" if none) */
	long		 pid;		/* client process (attached), else ours */
	time_t		 started;	/* wall clock at session start */
	double		 idle;		/* seconds since the last command */
	int		 interactive;	/* a terminal, not a script */
	int		 attached;	/* through the control socket */
};
size_t		 cli_session_count(void);
struct cli	*cli_session_nth(size_t);
void		 cli_session_info(const struct cli *,
		    struct cli_session_info *);
/*
 * An unsolicited message for one session's user, shown as log lines are
 * (above what is being typed).  Its text is one or more lines.
 */
void		 cli_session_message(struct cli *, const char *text);
/*
 * `terminal monitor`: log lines reach this session's terminal.  On by
 * default for interactive sessions, off for scripts.
 */
int		 cli_monitor(const struct cli *);
void		 cli_set_monitor(struct cli *, int on);
/* ends the session after the current command (exec `exit`) */
void		 cli_quit(struct cli *);

#endif
