/*
 * hooks: observers of the engine (tests, later BMP/MRT).  A fixed table:
 * hooks are few and registered once; a hook removed while the table is
 * being walked is simply skipped.  Hooks run in the middle of message
 * processing: they may read (bgp_engine_nbr) but must not apply, clear
 * or stop, which would pull the session out from under its caller.
 */
#include <stddef.h>

#include "core/bgp/session.h"

#define HOOKS_MAX	32

static struct {
	enum bgp_hook_kind	 kind;
	bgp_hook_fn		 fn;
	void			*arg;
} hooks[HOOKS_MAX];

int
bgp_hook_add(enum bgp_hook_kind kind, bgp_hook_fn fn, void *arg)
{
	int	 i;

	if ((unsigned)kind >= BGP_HOOK_COUNT || fn == NULL)
		return -1;
	for (i = 0; i < HOOKS_MAX; i++)
		if (hooks[i].fn == NULL) {
			hooks[i].kind = kind;
			hooks[i].fn = fn;
			hooks[i].arg = arg;
			return i + 1;
		}
	return -1;
}

void
bgp_hook_del(int handle)
{
	if (handle >= 1 && handle <= HOOKS_MAX)
		hooks[handle - 1].fn = NULL;
}

void
hooks_run(enum bgp_hook_kind kind, const struct xaddr *peer, int a, int b,
    const uint8_t *msg, size_t len)
{
	struct bgp_hook_event	 ev;
	int			 i;

	ev.kind = kind;
	ev.peer = peer;
	ev.a = a;
	ev.b = b;
	ev.msg = msg;
	ev.msglen = len;
	for (i = 0; i < HOOKS_MAX; i++)
		if (hooks[i].fn != NULL && hooks[i].kind == kind)
			hooks[i].fn(&ev, hooks[i].arg);
}
