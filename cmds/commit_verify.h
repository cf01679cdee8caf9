/*
 * commit_verify.h: self-verifying trial commits and the recorded impact
 * of commits (cmds/commit_verify.c, cmds/commit_impact.c), driven from
 * the commit hook in cmds/session.c around the engine's apply.
 */
#ifndef XR_COMMIT_VERIFY_H
#define XR_COMMIT_VERIFY_H

struct commit_rec;
struct config;

/* Before the engine applies the commit just recorded: baselines. */
void	cmds_verify_before(const struct commit_rec *,
	    const struct config *running);
/* After it applied: the checks start. */
void	cmds_verify_after(void);
void	cmds_verify_init(void);

#endif
