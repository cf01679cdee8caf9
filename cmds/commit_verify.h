/*
 * commit_verify.h: self-verifying trial commits and the recorded impact
 * of commits (cmds/commit_verify.c, cmds/commit_impact.c), driven from
 * the commit hook in cmds/session.c around the engine's apply.
 */
#ifndef XR_COMMIT_VERIFY_H
#define XR_COMMIT_VERIFY_H

#include <stddef.h>

struct commit_rec;
struct config;

/* Before the engine applies the commit just recorded: baselines. */
void	cmds_verify_before(const struct commit_rec *,
	    const struct config *running);
/* After it applied: the checks start. */
void	cmds_verify_after(void);
void	cmds_verify_init(void);

/*
 * cmds/commit_impact.c: every commit the live engine applies opens a
 * counting window before the apply, closed when the engine settles.
 */
void	cmds_impact_before(const struct commit_rec *);
void	cmds_impact_after(void);
/*
 * One line for `show configuration commit list detail`; returns 0 (and
 * says "no live impact recorded") when the commit has none.
 */
int	cmds_impact_summary(const struct commit_rec *, char *buf,
	    size_t len);
void	cmds_commit_impact_init(void);

#endif
