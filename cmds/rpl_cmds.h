/*
 * rpl_cmds.h: shared by the RPL command modules (rpl_block.c: entering
 * objects; rpl_help.c: what `?` lists inside blocks; rpl_cmds.c: argument
 * types; show_rpl.c: show rpl).
 */
#ifndef XR_RPL_CMDS_H
#define XR_RPL_CMDS_H

#include "cmds/cmds.h"
#include "core/rpl/rpl_db.h"

/* "route-policy" for RPL_REF_POLICY, else the set's keyword(s). */
const char	*rplc_kind_word(int kind);
/*
 * The object kind a matched row names: RPL_REF_POLICY for `route-policy`
 * (and when no kind keyword was typed), else the set kind of
 * prefix-set / community-set / as-path-set / large-community-set /
 * extcommunity-set (rt|soo|opaque) / rd-set.
 */
int		 rplc_kind_of(const struct cmd_args *);
/* Policy / set name as XR accepts it. */
int		 rplc_name_ok(const char *);
/* "% Syntax error in route-policy X, line L, column C at 'tok': msg..." */
int		 rplc_syntax_error(struct cli *, int kind, const char *name,
		    const struct rpl_err *);

void		 rplc_types_init(void);	/* rpl_cmds.c */
void		 rplc_help_init(void);	/* rpl_help.c: `?` in blocks */
void		 rplc_show_init(void);	/* show_rpl.c */

#endif
