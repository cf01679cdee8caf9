/*
 * coro: see coro.h.  Stacks are mmap()ed with a guard page below them, so
 * an overflow faults instead of writing over the heap; the memory is only
 * committed as it is touched.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <ucontext.h>
#include <unistd.h>

#include "core/lib/coro.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define CORO_ASAN	1
#define STACK_FACTOR	4	/* instrumented frames are larger */
#else
#define CORO_ASAN	0
#define STACK_FACTOR	1
#endif

enum { CO_NEW, CO_RUNNING, CO_SUSPENDED, CO_DONE };

struct coro {
	ucontext_t	 ctx;
	ucontext_t	 back;		/* the resumer */
	struct coro	*prev;		/* coroutine that resumed us */
	coro_fn		 fn;
	void		*arg;
	void		*map;
	size_t		 maplen;
	char		*stack;
	size_t		 stacklen;
	int		 state;
	/* AddressSanitizer: the resumer's stack, our fake stack */
	const void	*back_bottom;
	size_t		 back_size;
	void		*fake;
};

static struct coro	*current;

static void
switch_begin(void **fake, const void *bottom, size_t size)
{
#if CORO_ASAN
	__sanitizer_start_switch_fiber(fake, bottom, size);
#else
	(void)fake;
	(void)bottom;
	(void)size;
#endif
}

static void
switch_end(void *fake, const void **bottom, size_t *size)
{
#if CORO_ASAN
	__sanitizer_finish_switch_fiber(fake, bottom, size);
#else
	(void)fake;
	(void)bottom;
	(void)size;
#endif
}

/* makecontext() passes ints: the pointer travels in two halves */
static void
trampoline(unsigned hi, unsigned lo)
{
	struct coro	*c = (struct coro *)(((uintptr_t)hi << 16 << 16) |
			    (uintptr_t)lo);

	switch_end(NULL, &c->back_bottom, &c->back_size);
	c->fn(c->arg);
	c->state = CO_DONE;
	/* NULL: this stack is finished, ASan may forget its fake frames */
	switch_begin(NULL, c->back_bottom, c->back_size);
	setcontext(&c->back);
}

/* apart from coro_new(): getcontext() returns twice, locals beware */
static int __attribute__((noinline))
init_context(struct coro *c)
{
	uintptr_t	 p = (uintptr_t)c;

	if (getcontext(&c->ctx) != 0)
		return -1;
	c->ctx.uc_stack.ss_sp = c->stack;
	c->ctx.uc_stack.ss_size = c->stacklen;
	c->ctx.uc_link = NULL;
	makecontext(&c->ctx, (void (*)(void))trampoline, 2,
	    (unsigned)(p >> 16 >> 16), (unsigned)(p & 0xffffffffu));
	return 0;
}

struct coro *
coro_new(size_t stack_size, coro_fn fn, void *arg)
{
	struct coro	*c;
	long		 pg = sysconf(_SC_PAGESIZE);
	size_t		 page = pg > 0 ? (size_t)pg : 4096;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	stack_size *= STACK_FACTOR;
	stack_size = (stack_size + page - 1) / page * page;
	c->maplen = stack_size + page;
	c->map = mmap(NULL, c->maplen, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (c->map == MAP_FAILED) {
		free(c);
		return NULL;
	}
	if (mprotect(c->map, page, PROT_NONE) != 0) {
		munmap(c->map, c->maplen);
		free(c);
		return NULL;
	}
	c->stack = (char *)c->map + page;
	c->stacklen = stack_size;
	c->fn = fn;
	c->arg = arg;
	if (init_context(c) != 0) {
		munmap(c->map, c->maplen);
		free(c);
		return NULL;
	}
	c->state = CO_NEW;
	return c;
}

int
coro_resume(struct coro *c)
{
	void	*fake = NULL;

	if (c == NULL || (c->state != CO_NEW && c->state != CO_SUSPENDED))
		return -1;
	c->prev = current;
	current = c;
	c->state = CO_RUNNING;
	switch_begin(&fake, c->stack, c->stacklen);
	swapcontext(&c->back, &c->ctx);
	switch_end(fake, NULL, NULL);
	current = c->prev;
	c->prev = NULL;
	return c->state == CO_DONE ? 1 : 0;
}

void
coro_yield(void)
{
	struct coro	*c = current;

	if (c == NULL)
		return;
	c->state = CO_SUSPENDED;
	switch_begin(&c->fake, c->back_bottom, c->back_size);
	swapcontext(&c->ctx, &c->back);
	switch_end(c->fake, &c->back_bottom, &c->back_size);
}

struct coro *
coro_current(void)
{
	return current;
}

int
coro_suspended(const struct coro *c)
{
	return c != NULL && (c->state == CO_SUSPENDED || c->state == CO_NEW);
}

void
coro_free(struct coro *c)
{
	if (c == NULL)
		return;
	munmap(c->map, c->maplen);
	free(c);
}
