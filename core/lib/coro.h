/*
 * coro: stackful coroutines on ucontext, so that a CLI session attached
 * through the control socket can wait (for an answer, for its client to
 * drain output) in the middle of a command without holding up the event
 * loop or the other sessions.  Asymmetric: coro_yield() returns to
 * whoever last called coro_resume().  Annotated for AddressSanitizer.
 */
#ifndef XR_CORO_H
#define XR_CORO_H

#include <stddef.h>

struct coro;
typedef void	(*coro_fn)(void *arg);

/* A coroutine that will run fn(arg) on its own stack; NULL on failure. */
struct coro	*coro_new(size_t stack_size, coro_fn fn, void *arg);
/*
 * Runs it until it yields or returns.  Returns 1 when fn has returned,
 * 0 when it yielded, -1 when it cannot be resumed (running, or done).
 */
int		 coro_resume(struct coro *);
/* From inside a coroutine: back to the resumer. */
void		 coro_yield(void);
/* The coroutine running now, NULL on the main stack. */
struct coro	*coro_current(void);
int		 coro_suspended(const struct coro *);
/* Frees a coroutine that has finished or never started. */
void		 coro_free(struct coro *);

#endif
