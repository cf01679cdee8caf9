/*
 * cfgtext: operations on canonical configuration TEXT (what config_print()
 * renders: one space of indent per level, `!` closing blocks).  The commit
 * history stores snapshots as text, so everything that compares two
 * configurations for display works here: section extraction for
 * `show running-config <section>`, the change list in CLI syntax with `no`
 * lines (`show configuration`, `show configuration commit changes`) and the
 * marked diff (`show commit changes diff`).
 *
 * RPL objects (route-policy and the *-set blocks) run from their header
 * line to `end-policy` / `end-set`; each is one atomic item, compared and
 * shown whole.
 */
#ifndef XR_CFGTEXT_H
#define XR_CFGTEXT_H

#include <stddef.h>

#include "core/lib/strbuf.h"

struct ct_node {
	char		 *line;		/* text without indentation */
	char		 *body;		/* RPL object: header..end line, raw */
	int		  block;	/* has children or was closed by `!` */
	struct ct_node	**kids;
	size_t		  nkids;
	size_t		  cap;
	int		  mark;		/* scratch for ct_section() */
};

/*
 * Parses canonical text into a tree whose root has no line.  Returns 0, or
 * -1 with err set ("line N: ...") on an unterminated RPL object or
 * allocation failure.
 */
int	ct_parse(const char *text, struct ct_node **root, char *err,
	    size_t errlen);
void	ct_free(struct ct_node *);
/* Renders a tree (or subtree's children for the root) canonically. */
int	ct_print(const struct ct_node *root, struct strbuf *);

/* 1 if `line` opens an RPL object (route-policy, prefix-set, ...). */
int	ct_is_rpl_header(const char *line);

/*
 * Section of `text` selected by leading tokens (`router bgp`, `router bgp
 * neighbor 10.0.0.1`, `route-policy NAME`): each matching item printed with
 * its enclosing blocks.  Keywords abbreviate at every level (`r bg nei
 * 10.0.0.1`): a token stands for the keyword it is a prefix of when no
 * sibling has it exactly and the siblings matching the whole path read it
 * as that one keyword; names, numbers and addresses must be given whole.
 * Returns the number of items found (0: none or ambiguous), -1 on
 * allocation failure or unparsable text.
 */
int	ct_section(const char *text, const char *const *toks, size_t ntok,
	    struct strbuf *out);

/*
 * Whether the item named by `path` (canonical lines with their indentation,
 * as in struct cfg_error) is a block in `text`: 1 a block, 0 a leaf, -1 not
 * there (or allocation failure).
 */
int	ct_path_is_block(const char *text, const char *path);

/*
 * Changes that turn `from` into `to`, in CLI syntax: added or modified
 * lines as they appear in `to`, `no <line>` for removals, blocks closed by
 * `!`.  Returns the number of changed items, -1 on error.
 */
int	ct_changes(const char *from, const char *to, struct strbuf *out);

/*
 * Marked diff of `from` -> `to`: a two-character marker column ("+ ",
 * "- ", "<-" old / "+>" new for a replaced leaf, "  " context), a space,
 * then the line with its indentation.  Only changed items and their
 * enclosing blocks are shown.  Returns the number of changed items, -1 on
 * error.
 */
int	ct_diff(const char *from, const char *to, struct strbuf *out);

#endif
