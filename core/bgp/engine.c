/*
 * engine: placeholder so the command layer links while the engine is
 * written; replaced by the real facade.
 */
#include <string.h>

#include "core/bgp/engine.h"

static int	started, offline;

int
bgp_engine_start(const struct bgp_engine_opts *o, char *err, size_t errlen)
{
	(void)err; (void)errlen;
	started = 1;
	offline = o->offline;
	return 0;
}

void bgp_engine_apply(const struct config *c, struct strbuf *r) { (void)c; (void)r; }
void bgp_engine_stop(void) { started = 0; }
int bgp_engine_running(void) { return 0; }
int bgp_engine_offline(void) { return offline; }
int
bgp_engine_clear(const struct xaddr *a, enum bgp_clear_kind k, char *err,
    size_t errlen)
{
	(void)a; (void)k; (void)err; (void)errlen;
	return 0;
}

const char *
bgp_state_name(enum bgp_state s)
{
	static const char *n[] = { "Idle", "Connect", "Active", "OpenSent",
	    "OpenConfirm", "Established" };
	return (unsigned)s < 6 ? n[s] : "?";
}

void bgp_engine_info(struct bgp_engine_info *i) { memset(i, 0, sizeof(*i)); }
void bgp_engine_foreach_nbr(int (*cb)(const struct bgp_nbr_info *, void *), void *a) { (void)cb; (void)a; }
int bgp_engine_nbr(const struct xaddr *a, struct bgp_nbr_info *o) { (void)a; (void)o; return -1; }
int bgp_hook_add(enum bgp_hook_kind k, bgp_hook_fn f, void *a) { (void)k; (void)f; (void)a; return -1; }
void bgp_hook_del(int h) { (void)h; }
