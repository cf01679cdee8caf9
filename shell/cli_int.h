/*
 * cli_int.h: the session structure shared by the shell's own files.
 * cmds/ sees none of this (it uses shell/cli.h).
 */
#ifndef XR_SHELL_CLI_INT_H
#define XR_SHELL_CLI_INT_H

#include <sys/types.h>

#include <stddef.h>

#include "core/lib/log.h"
#include "core/lib/strbuf.h"
#include "shell/cli.h"

#define CLI_MAXDEPTH	16
#define PIPE_MAX	8
#define LOADER_ERRLEN	512

enum cli_kind { CLI_INTERACTIVE, CLI_BATCH, CLI_LOADER };

/* options (main.c) */
#define CLI_OPT_ECHO		0x01
#define CLI_OPT_CONTINUE	0x02
#define CLI_OPT_TIMESTAMPS	0x04

struct level {
	int	 mode;
	char	*key;
};

/* The mode stack right after a line that opened a block (issue 3). */
struct opener {
	size_t		 indent;
	struct level	 stack[CLI_MAXDEPTH];
	size_t		 depth;
};

struct pipe_stage {
	int	 kind;		/* PIPE_INCLUDE ... */
	void	*re;		/* pcre2_code */
	int	 begun;		/* `begin` matched already */
};

struct cli {
	enum cli_kind		 kind;
	unsigned		 opts;
	struct level		 stack[CLI_MAXDEPTH];
	size_t			 depth;
	void			*userdata;
	int			 quit;
	int			 failed;	/* some line failed */
	int			 line_err;	/* the current line did */
	int			 json;

	/* where the current line came from, for messages */
	const char		*origin;	/* "script.txt", "<stdin>", "-c" */
	unsigned long		 lineno;
	const char		*raw_line;	/* being run, as typed */
	size_t			 prompt_len;	/* of the prompt it was typed at */

	/* next input line (batch: also cli_ask answers); -1 at the end */
	int			(*next_line)(struct cli *, char **line);
	void			*src;

	/* output: pipes and pager */
	struct pipe_stage	 pipes[PIPE_MAX];
	size_t			 npipes;
	unsigned long		 count;		/* `| count` */
	struct strbuf		 partial;	/* output line not yet ended */
	int			 discard;	/* pager: `q` */
	unsigned		 page_lines;	/* lines on the current page */

	unsigned		 term_len, term_width;
	int			 term_width_set;	/* by `terminal width` */

	char			**hist;
	size_t			 nhist, caphist;

	struct opener		*openers;
	size_t			 nopeners, capopeners;

	char			 loader_err[LOADER_ERRLEN];
	struct strbuf		*loader_errs;	/* collect every error */
	const char *const	*loader_deny;	/* refused first keywords */
	unsigned long		 loader_nerr;	/* failing lines */

	void			*term;		/* interactive: term.c */

	/* the session as `show users` sees it (session.c) */
	unsigned		 id;
	time_t			 started;
	double			 last_used;	/* loop_now() of the last line */
	int			 monitor;	/* `terminal monitor` */
	int			 no_history;	/* describe/complete requests */
	char			 user[64];
	char			 line_name[16];	/* "con0", "vty3" */
	char			 location[64];
	long			 pid;
	struct ctl_conn		*conn;		/* router: attached session */
	struct remote		*remote;	/* client: the router's proxy */
};

struct ctl_conn;
struct remote;

/* session.c */
extern struct cli_hooks	cli_hooks;
/* the local session's terminal shows messages (term.c installs it) */
extern void		(*cli_local_message)(struct cli *, const char *);
struct cli	*cli_new(enum cli_kind, unsigned opts);
void		 cli_free(struct cli *);
void		 cli_history_add(struct cli *, const char *);
void		 cli_prompt(const struct cli *, char *buf, size_t len);
void		 cli_user_name(uid_t, char *buf, size_t len);

/* mode.c */
void		 cli_stack_truncate(struct cli *, size_t depth);
int		 cli_stack_copy(struct level *dst, const struct level *src,
		    size_t depth);
void		 cli_stack_clear(struct level *, size_t depth);

/* output.c */
void		 out_write(struct cli *, const char *, size_t);
void		 out_begin(struct cli *);	/* a command starts */
void		 out_end(struct cli *);		/* ... and ended */
/* raw text to the terminal/stdout, bypassing pipes (prompts, echo) */
void		 out_raw(struct cli *, const char *);
void		 out_match_error(struct cli *, int status, size_t bad_off,
		    const char *line);

/* Error texts: one table so every path prints the same words. */
#define ERR_INVALID	"% Invalid input detected at '^' marker."
#define ERR_INCOMPLETE	"% Incomplete command."
#define ERR_AMBIGUOUS	"%% Ambiguous command: \"%.*s\""	/* printf format */

/* pipe.c */
#define PIPE_INCLUDE	1
#define PIPE_EXCLUDE	2
#define PIPE_BEGIN	3
#define PIPE_COUNT	4
int		 pipe_add(struct cli *, int kind, const char *re, char *err,
		    size_t errlen);
/* 1 if the line passes every stage (counting it for `| count`) */
int		 pipe_filter(struct cli *, const char *line, size_t len);
void		 pipe_clear(struct cli *);

/* pager.c */
void		 pager_line(struct cli *);	/* after each output line */

/* run.c */
/* Runs one input line; returns CMD_OK or CMD_ERR. */
int		 cli_run_line(struct cli *, const char *line);
/* Ctrl-Z / end of an interactive session: back to exec */
int		 cli_do_end(struct cli *);
void		 cli_describe(struct cli *, const char *line,
		    struct strbuf *out);
void		 cli_complete(struct cli *, const char *line,
		    struct strbuf *out);
/* for TAB: candidates of the last word; returns their count */
size_t		 cli_complete_word(struct cli *, const char *line,
		    char ***words);

/* builtin.c */
void		 builtin_init(void);

/* term.c (interactive) */
int		 term_run(struct cli *);
int		 term_ask(struct cli *, const char *q, char *ans, size_t len);
int		 term_getkey(struct cli *);
/* a message above the line being edited (log lines, notices) */
void		 term_message(struct cli *, const char *text);
/* 1 (and cleared) if Ctrl-C was pressed while no line was edited */
int		 term_take_intr(void);
/* columns of the terminal on stdout, 0 when unknown */
unsigned	 term_columns(void);

/* monitor.c: the log sink every session's terminal hangs off */
void		 monitor_install(log_sink_fn base, void *arg);
void		 monitor_uninstall(void);

/* attach.c (client side): the same calls, answered by the router */
int		 remote_run_line(struct cli *, const char *line);
void		 remote_prompt(const struct cli *, char *buf, size_t len);
void		 remote_help(struct cli *, const char *what, const char *line,
		    struct strbuf *out);
void		 remote_at_eof(struct cli *);
/* end of input: the router's at_eof (attached) or the hook */
void		 cli_at_eof(struct cli *);

/* batch.c */
int		 batch_run(struct cli *, const char *file, char **cmds,
		    size_t ncmds);

#endif
