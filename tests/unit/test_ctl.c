/*
 * test_ctl: the control socket's framing (every length from the peer is
 * checked before it is trusted) and the coroutines attached sessions run
 * in (resume, yield, nested resumes, end).
 */
#include <stdlib.h>
#include <string.h>

#include "core/lib/coro.h"
#include "core/lib/strbuf.h"
#include "shell/ctl_proto.h"
#include "tests/unit/t.h"

static void
test_frames(void)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p, *f;
	size_t		 n, fl;
	int		 type;
	long		 used;

	ctl_frame_put(&sb, 'L', "12\n-c\nshow bgp", 14);
	ctl_frame_put(&sb, 'I', NULL, 0);
	T_EQ_INT(sb.len, 5 + 14 + 5);
	/* every prefix of the first frame is incomplete, never an error */
	for (n = 0; n < 19; n++)
		T_EQ_INT(ctl_frame_get(sb.buf, n, 100, &type, &p, &fl), 0);
	used = ctl_frame_get(sb.buf, sb.len, 100, &type, &p, &n);
	T_EQ_INT(used, 19);
	T_EQ_INT(type, 'L');
	T_EQ_INT(n, 14);
	T_EQ_INT(ctl_field(p, n, 0, 0, &f, &fl), 0);
	T_ASSERT(fl == 2 && memcmp(f, "12", 2) == 0);
	T_EQ_INT(ctl_field(p, n, 1, 0, &f, &fl), 0);
	T_ASSERT(fl == 2 && memcmp(f, "-c", 2) == 0);
	T_EQ_INT(ctl_field(p, n, 2, 1, &f, &fl), 0);
	T_ASSERT(fl == 8 && memcmp(f, "show bgp", 8) == 0);
	T_EQ_INT(ctl_field(p, n, 3, 0, &f, &fl), -1);
	used = ctl_frame_get(sb.buf + 19, sb.len - 19, 100, &type, &p, &n);
	T_EQ_INT(used, 5);
	T_EQ_INT(type, 'I');
	T_EQ_INT(n, 0);
	/* a length over the maximum is refused before any payload arrives */
	sb_reset(&sb);
	sb_putn(&sb, "L\xff\xff\xff\xff", 5);
	T_EQ_INT(ctl_frame_get(sb.buf, sb.len, CTL_MAX_REQUEST, &type, &p, &n),
	    -1);
	sb_reset(&sb);
	sb_putn(&sb, "L\x00\x10\x00\x01", 5);	/* 1 MB + 1 */
	T_EQ_INT(ctl_frame_get(sb.buf, sb.len, CTL_MAX_REQUEST, &type, &p, &n),
	    -1);
	/* the last field may hold newlines; one asked alone stops at one */
	T_EQ_INT(ctl_field("a\nb\nc", 5, 1, 1, &f, &fl), 0);
	T_ASSERT(fl == 3 && memcmp(f, "b\nc", 3) == 0);
	T_EQ_INT(ctl_field("a\nb\nc", 5, 1, 0, &f, &fl), 0);
	T_EQ_INT(fl, 1);
	sb_free(&sb);
}

static int		 steps[16];
static size_t		 nsteps;
static struct coro	*inner;

static void
inner_fn(void *arg)
{
	(void)arg;
	steps[nsteps++] = 10;
	coro_yield();
	steps[nsteps++] = 11;
}

static void
outer_fn(void *arg)
{
	char	 big[64 * 1024];	/* the stack is real */

	memset(big, 7, sizeof(big));
	*(int *)arg = big[sizeof(big) - 1];
	steps[nsteps++] = 1;
	T_ASSERT(coro_current() != NULL);
	/* a coroutine may resume another; its yield comes back here */
	T_EQ_INT(coro_resume(inner), 0);
	steps[nsteps++] = 2;
	coro_yield();
	steps[nsteps++] = 3;
	T_EQ_INT(coro_resume(inner), 1);
	steps[nsteps++] = 4;
}

static void
test_coro(void)
{
	struct coro	*c;
	int		 seen = 0;
	static const int want[] = { 1, 10, 2, 3, 11, 4 };
	size_t		 i;

	T_ASSERT(coro_current() == NULL);
	inner = coro_new(64 * 1024, inner_fn, NULL);
	c = coro_new(256 * 1024, outer_fn, &seen);
	T_ASSERT(c != NULL && inner != NULL);
	T_ASSERT(coro_suspended(c));
	T_EQ_INT(coro_resume(c), 0);
	T_EQ_INT(seen, 7);
	T_ASSERT(coro_current() == NULL);
	T_ASSERT(coro_suspended(c));
	T_EQ_INT(coro_resume(c), 1);
	T_ASSERT(!coro_suspended(c));
	T_EQ_INT(coro_resume(c), -1);	/* done: not again */
	T_EQ_INT(nsteps, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < nsteps && i < sizeof(want) / sizeof(want[0]); i++)
		T_EQ_INT(steps[i], want[i]);
	coro_free(c);
	coro_free(inner);
	coro_yield();		/* on the main stack: a no-op */
	T_ASSERT(coro_current() == NULL);
}

int
main(void)
{
	test_frames();
	test_coro();
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed != 0;
}
