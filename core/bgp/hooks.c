/*
 * hooks: observers of the engine (tests, later BMP/MRT).  A fixed table:
 * hooks are few and registered once; a hook removed while the table is
 * being walked is simply skipped.  Hooks run in the middle of message
 * processing: they may read (bgp_engine_nbr) but must not apply, clear
 * or stop, which would pull the session out from under its caller.
 */
#include <stddef.h>
#include <string.h>

#include "core/bgp/session.h"

#define HOOKS_MAX	32

static struct {
	enum bgp_hook_kind	 kind;
	bgp_hook_fn		 fn;
	void			*arg;
} hooks[HOOKS_MAX];

unsigned	 hooks_count[BGP_HOOK_COUNT];

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
			hooks_count[kind]++;
			return i + 1;
		}
	return -1;
}

void
bgp_hook_del(int handle)
{
	if (handle >= 1 && handle <= HOOKS_MAX &&
	    hooks[handle - 1].fn != NULL) {
		hooks[handle - 1].fn = NULL;
		hooks_count[hooks[handle - 1].kind]--;
	}
}

void
hooks_run(enum bgp_hook_kind kind, const struct xaddr *peer, int a, int b,
    const uint8_t *msg, size_t len)
{
	struct bgp_hook_event	 ev;
	int			 i;

	memset(&ev, 0, sizeof(ev));
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

void
hooks_run_route(enum bgp_hook_kind kind, const struct xaddr *peer, int afi,
    const struct xprefix *pfx, uint32_t pid, const struct bgp_attrs *attrs)
{
	struct bgp_hook_event	 ev;
	int			 i;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.peer = peer;
	ev.a = afi;
	ev.pfx = pfx;
	ev.pid = pid;
	ev.attrs = attrs;
	for (i = 0; i < HOOKS_MAX; i++)
		if (hooks[i].fn != NULL && hooks[i].kind == kind)
			hooks[i].fn(&ev, hooks[i].arg);
}
