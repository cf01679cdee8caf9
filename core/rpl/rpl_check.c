/*
 * rpl_check: references between RPL objects.  Walks a policy for the sets
 * and policies it names, and checks at commit that an attached policy
 * resolves completely: the policy, every named set and applied policy
 * (recursively, with its arguments substituted), parameter counts, no
 * apply cycle.  Unattached policies may reference anything (as XR).
 *
 * It also verifies the actions against the attach point, as XR does when
 * a policy is attached: an action the attach point cannot perform is an
 * error rather than silently skipped (IGP attributes anywhere in BGP,
 * set path-selection outside additional-paths selection, ...; see
 * action_refused()).  Defining such a policy is fine while unattached.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_db.h"
#include "core/rpl/rpl_int.h"

#define APPLY_DEPTH_MAX	32

struct walk {
	void	(*cb)(int, const char *, const struct rpl_apply *, void *);
	void	*arg;
};

static void
ref_set(struct walk *w, const struct rpl_setref *r)
{
	if (r->kind == RPL_REF_NAME && r->name != NULL)
		w->cb((int)r->setkind, r->name, NULL, w->arg);
}

static void
walk_cond(struct walk *w, const struct rpl_cond *c)
{
	if (c == NULL)
		return;
	switch (c->kind) {
	case RPL_C_AND:
	case RPL_C_OR:
	case RPL_C_NOT:
		walk_cond(w, c->l);
		walk_cond(w, c->r);
		break;
	case RPL_C_APPLY:
		w->cb(RPL_REF_POLICY, c->apply.name, &c->apply, w->arg);
		break;
	default:
		ref_set(w, &c->set);
	}
}

static void
walk_block(struct walk *w, const struct rpl_block *b)
{
	size_t	 i, k;

	for (i = 0; i < b->n; i++) {
		const struct rpl_stmt	*st = &b->v[i];

		switch (st->kind) {
		case RPL_S_IF:
			for (k = 0; k < st->nbranches; k++) {
				walk_cond(w, st->branches[k].cond);
				walk_block(w, &st->branches[k].body);
			}
			break;
		case RPL_S_APPLY:
			w->cb(RPL_REF_POLICY, st->apply.name, &st->apply,
			    w->arg);
			break;
		default:
			ref_set(w, &st->set);
		}
	}
}

void
rpl_policy_foreach_ref(const struct rpl_policy *p,
    void (*cb)(int kind, const char *name, const struct rpl_apply *,
    void *), void *arg)
{
	struct walk	 w = { cb, arg };

	walk_block(&w, &p->body);
}

/* ------------------------------------------------------ attach checks */

struct check {
	const struct rpl_db	*db;
	enum rpl_attach		 at;
	const char		*path, *where, *top;
	struct cfg_errors	*errs;
	int			 nerr;
	const char		*stack[APPLY_DEPTH_MAX];
	int			 depth;
	const char		*cur;	/* policy being walked */
	struct strbuf		 seen;	/* "\n<kind> <name>\n" reported */
};

/*
 * Adds one error per missing object and attach point, in XR's component
 * form, naming the attach point at the end.
 */
static void
report(struct check *C, const char *key, const char *fmt, ...)
{
	char	 k[300], body[512];
	va_list	 ap;

	snprintf(k, sizeof(k), "\n%s\n", key);
	if (strstr(sb_str(&C->seen), k) != NULL)
		return;
	sb_puts(&C->seen, k);
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	if (cfg_error_add(C->errs, C->path, "'RPL' detected the 'warning' "
	    "condition '%s%s%s'", body, C->where ? ", attached at " : "",
	    C->where ? C->where : "") == 0)
		C->nerr++;
}

static void check_policy(struct check *, const char *name,
    char *const *args, size_t nargs);

static void
check_ref(int kind, const char *name, const struct rpl_apply *ap, void *arg)
{
	struct check	*C = arg;
	char		 key[300];

	if (kind == RPL_REF_POLICY) {
		check_policy(C, name, ap->args, ap->nargs);
		return;
	}
	if (rpl_db_find_set(C->db, (enum rpl_set_kind)kind, name) != NULL)
		return;
	snprintf(key, sizeof(key), "%d %s", kind, name);
	report(C, key, "Policy [%s] uses the %s [%s] which is not defined",
	    C->cur, rpl_set_kind_name((enum rpl_set_kind)kind), name);
}

/*
 * Why statement kind k cannot run at attach point `at`, or NULL if it can.
 * At RPL_ATTACH_ANY nothing is refused.
 */
static const char *
action_refused(enum rpl_attach at, enum rpl_stmt_kind k)
{
	if (at == RPL_ATTACH_ANY)
		return NULL;
	switch (k) {
	case RPL_S_SET_METRIC_TYPE:
	case RPL_S_SET_LEVEL:
	case RPL_S_SET_ISIS_METRIC:
	case RPL_S_SET_OSPF_METRIC:
		return "IGP attribute, not a BGP one";
	case RPL_S_SET_PATHSEL:
		if (at == RPL_ATTACH_ADDPATH_SEL)
			return NULL;
		return "only at additional-paths selection";
	case RPL_S_SUPPRESS_ROUTE:
	case RPL_S_UNSUPPRESS_ROUTE:
		if (at == RPL_ATTACH_AGGREGATE)
			return NULL;
		return "only at aggregate-address";
	case RPL_S_SET_DAMPENING:
		if (at == RPL_ATTACH_DAMPENING)
			return NULL;
		return "only at bgp dampening";
	case RPL_S_IF:
	case RPL_S_PASS:
	case RPL_S_DROP:
	case RPL_S_DONE:
	case RPL_S_APPLY:
	case RPL_S_REMARK:
		return NULL;
	default:
		/* selection only chooses paths: no attribute is changed */
		if (at == RPL_ATTACH_ADDPATH_SEL)
			return "additional-paths selection only takes set "
			    "path-selection";
		return NULL;
	}
}

static void
check_actions(struct check *C, const char *policy, const struct rpl_block *b)
{
	size_t		 i, k;
	const char	*why;
	char		 key[300];

	for (i = 0; i < b->n; i++) {
		const struct rpl_stmt	*st = &b->v[i];
		struct strbuf		 text = STRBUF_INIT;

		if (st->kind == RPL_S_IF) {
			for (k = 0; k < st->nbranches; k++)
				check_actions(C, policy,
				    &st->branches[k].body);
			continue;
		}
		if ((why = action_refused(C->at, st->kind)) == NULL)
			continue;
		/* once per policy and kind of action */
		snprintf(key, sizeof(key), "S %d %s", (int)st->kind, policy);
		rpl_stmt_print_head(st, &text);
		report(C, key, "Policy [%s] uses [%s] which is not supported "
		    "at this attach point (%s)", policy, sb_str(&text), why);
		sb_free(&text);
	}
}

static void
check_policy(struct check *C, const char *name, char *const *args,
    size_t nargs)
{
	struct rpl_policy	*p, *inst = NULL;
	const char		*caller = C->cur;
	char			 key[300];
	struct rpl_err		 err;
	int			 i;

	if ((p = rpl_db_find_policy(C->db, name)) == NULL) {
		snprintf(key, sizeof(key), "P %s", name);
		if (caller == NULL)
			report(C, key, "Policy [%s] is not defined", name);
		else
			report(C, key, "Policy [%s] applies the route-policy "
			    "[%s] which is not defined", caller, name);
		return;
	}
	for (i = 0; i < C->depth; i++)
		if (strcmp(C->stack[i], name) == 0) {
			snprintf(key, sizeof(key), "C %s", name);
			report(C, key, "Policy [%s] applies [%s]: apply loop "
			    "through [%s]", caller ? caller : name, name,
			    C->top);
			return;
		}
	if (C->depth == APPLY_DEPTH_MAX) {
		report(C, "D", "Policy [%s]: apply nesting deeper than %d "
		    "levels", C->top, APPLY_DEPTH_MAX);
		return;
	}
	if (nargs != p->nparams) {
		snprintf(key, sizeof(key), "N %s %zu", name, nargs);
		report(C, key, "Policy [%s] takes %zu parameter(s) but %s "
		    "gives %zu", name, p->nparams, caller ? caller :
		    "the attach point", nargs);
		return;
	}
	if (p->nparams > 0) {
		if ((inst = rpl_policy_instantiate(p, args, nargs, &err))
		    == NULL) {
			snprintf(key, sizeof(key), "I %s", name);
			report(C, key, "Policy [%s] with its arguments: %s%s%s",
			    name, err.msg, err.token[0] ? " at " : "",
			    err.token);
			return;
		}
		p = inst;
	}
	C->stack[C->depth++] = name;
	C->cur = name;
	check_actions(C, name, &p->body);
	rpl_policy_foreach_ref(p, check_ref, C);
	C->cur = caller;
	C->depth--;
	rpl_policy_put(inst);
}

enum rpl_attach
rpl_attach_kind(const char *owner_kind, const char *dir)
{
	if (owner_kind == NULL)
		return RPL_ATTACH_ANY;
	if (strncmp(owner_kind, "additional-paths", 16) == 0)
		return RPL_ATTACH_ADDPATH_SEL;
	if (strcmp(owner_kind, "network") == 0)
		return RPL_ATTACH_NETWORK;
	if (strcmp(owner_kind, "aggregate-address") == 0)
		return RPL_ATTACH_AGGREGATE;
	if (strcmp(owner_kind, "redistribute") == 0)
		return RPL_ATTACH_REDIST;
	if (strcmp(owner_kind, "default-originate") == 0)
		return RPL_ATTACH_DEFAULT_ORIG;
	if (strcmp(owner_kind, "dampening") == 0 ||
	    strcmp(owner_kind, "bgp dampening") == 0)
		return RPL_ATTACH_DAMPENING;
	if (dir != NULL && strcmp(dir, "in") == 0)
		return RPL_ATTACH_NBR_IN;
	if (dir != NULL && strcmp(dir, "out") == 0)
		return RPL_ATTACH_NBR_OUT;
	return RPL_ATTACH_BGP_OTHER;
}

int
rpl_check_attach(const struct rpl_db *db, const char *name, const char *args,
    const char *path, const char *where, struct cfg_errors *errs)
{
	return rpl_check_attach_at(db, RPL_ATTACH_ANY, name, args, path,
	    where, errs);
}

int
rpl_check_attach_at(const struct rpl_db *db, enum rpl_attach at,
    const char *name, const char *args, const char *path, const char *where,
    struct cfg_errors *errs)
{
	struct check	 C;
	char		**v = NULL;
	int		 n = 0;

	memset(&C, 0, sizeof(C));
	C.db = db;
	C.at = at;
	C.path = path;
	C.where = where;
	C.top = name;
	C.errs = errs;
	sb_init(&C.seen);
	if (args != NULL && (n = rpl_split_args(args, &v)) == -1) {
		cfg_error_add(errs, path, "'RPL' detected the 'warning' "
		    "condition 'Policy [%s]: invalid argument list %s'", name,
		    args);
		return 1;
	}
	check_policy(&C, name, v, (size_t)n);
	rpl_free_args(v, (size_t)n);
	sb_free(&C.seen);
	return C.nerr;
}

/*
 * Nothing to check for the db on its own: XR lets unattached policies
 * reference undefined objects, and every set was checked when parsed.
 */
int
rpl_db_validate(const struct rpl_db *db, struct cfg_errors *errs)
{
	(void)db;
	(void)errs;
	return 0;
}
