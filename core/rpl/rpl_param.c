/*
 * rpl_param: parameterised policies.  An attach point or an apply gives
 * argument texts; the policy is instantiated by substituting them for the
 * $names in its canonical text and parsing the result, so every value is
 * checked by the same code that checks a typed policy.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rpl/rpl_int.h"

/* Splits "(10, SET, 'x y')" (the parentheses optional) at top-level commas. */
int
rpl_split_args(const char *text, char ***argsp)
{
	char		**v = NULL, **nv;
	size_t		 n = 0;
	const char	*p = text, *end;
	int		 inq = 0;

	*argsp = NULL;
	while (isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end > p && *p == '(') {
		if (end[-1] != ')')
			return -1;
		p++;
		end--;
	}
	for (;;) {
		const char	*s, *e, *q;
		char		*arg;

		s = p;
		for (q = p; q < end && (inq || *q != ','); q++)
			if (*q == '\'')
				inq = !inq;
		if (inq)
			goto fail;
		e = q;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e == s) {
			if (n == 0 && q == end)
				break;	/* "()" or "" */
			goto fail;
		}
		if ((arg = strndup(s, (size_t)(e - s))) == NULL)
			goto fail;
		if ((nv = reallocarray(v, n + 1, sizeof(*nv))) == NULL) {
			free(arg);
			goto fail;
		}
		v = nv;
		v[n++] = arg;
		if (q == end)
			break;
		p = q + 1;
	}
	*argsp = v;
	return (int)n;
fail:
	rpl_free_args(v, n);
	return -1;
}

/* The value to substitute: a quoted argument loses its quotes. */
static void
arg_value(const char *a, const char **s, size_t *n)
{
	size_t	 len = strlen(a);

	if (len >= 2 && a[0] == '\'' && a[len - 1] == '\'') {
		*s = a + 1;
		*n = len - 2;
	} else {
		*s = a;
		*n = len;
	}
}

struct rpl_policy *
rpl_policy_instantiate(const struct rpl_policy *p, char *const *args,
    size_t nargs, struct rpl_err *err)
{
	struct strbuf		 text = STRBUF_INIT, out = STRBUF_INIT;
	struct rpl_policy	 bare;
	struct rpl_policy	*inst;
	const char		*s;
	size_t			 i;

	memset(err, 0, sizeof(*err));
	if (nargs != p->nparams) {
		snprintf(err->msg, sizeof(err->msg), "route-policy %s takes "
		    "%zu parameter%s, %zu given", p->name, p->nparams,
		    p->nparams == 1 ? "" : "s", nargs);
		strlcpy(err->token, p->name, sizeof(err->token));
		return NULL;
	}
	/* the body only: the header of the instance has no parameters */
	bare = *p;
	bare.params = NULL;
	bare.nparams = 0;
	if (rpl_policy_print(&bare, &text) == -1)
		goto nomem;
	for (s = sb_str(&text); *s != '\0'; ) {
		size_t	 n = 1;
		int	 done = 0;

		if (*s != '$') {
			sb_putc(&out, *s++);
			continue;
		}
		while (isalnum((unsigned char)s[n]) || s[n] == '_')
			n++;
		for (i = 0; i < nargs && !done; i++) {
			const char	*v;
			size_t		 vn;

			if (strlen(p->params[i]) != n ||
			    strncmp(p->params[i], s, n) != 0)
				continue;
			arg_value(args[i], &v, &vn);
			sb_putn(&out, v, vn);
			done = 1;
		}
		if (!done)
			sb_putn(&out, s, n);
		s += n;
	}
	if (out.oom)
		goto nomem;
	inst = rpl_parse_policy(sb_str(&out), err);
	sb_free(&text);
	sb_free(&out);
	return inst;
nomem:
	sb_free(&text);
	sb_free(&out);
	snprintf(err->msg, sizeof(err->msg), "out of memory");
	return NULL;
}
