/*
 * check: `xrsh --check FILE`, a configuration file checked as the start-up
 * load and a commit would check it (like `bird -p`, `bgpd -n`, `nginx -t`):
 * the text goes through the same loader session as the saved
 * configuration, then through config_validate().  Nothing is installed
 * and the engine is never started.
 *
 * A syntax error already names its line (the loader stops at the first
 * one).  A commit-time error names a configuration item by its canonical
 * path ("router bgp 1\n neighbor 10.0.0.1\n  remote-as 2"); its line is
 * found by walking the file for the path's lines in order, each after the
 * previous one, so an item is pinned to the block it is in.  A path that
 * cannot be found (typed abbreviated, say) falls back to the deepest
 * enclosing line found, or to the file alone.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/commit_cmds.h"
#include "core/config/persist.h"

/* [b, e) of s without surrounding blanks */
static void
trim(const char **b, const char **e)
{
	while (*b < *e && isspace((unsigned char)**b))
		(*b)++;
	while (*e > *b && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/*
 * The line of `text` (1-based) holding the item at `path`, 0 when not
 * even its first line is there.
 */
static unsigned long
path_line(const char *text, const char *path)
{
	const char	*pp = path, *pe, *tp = text, *le, *b, *e, *cb, *ce;
	unsigned long	 ln = 0, found = 0;

	while (*pp != '\0') {
		pe = strchr(pp, '\n');
		if (pe == NULL)
			pe = pp + strlen(pp);
		cb = pp;
		ce = pe;
		trim(&cb, &ce);
		pp = *pe != '\0' ? pe + 1 : pe;
		if (cb == ce)
			continue;
		for (;;) {
			if (*tp == '\0')
				return found;
			le = strchr(tp, '\n');
			if (le == NULL)
				le = tp + strlen(tp);
			ln++;
			b = tp;
			e = le;
			tp = *le != '\0' ? le + 1 : le;
			trim(&b, &e);
			if ((size_t)(e - b) == (size_t)(ce - cb) &&
			    strncmp(b, cb, (size_t)(ce - cb)) == 0) {
				found = ln;
				break;
			}
		}
	}
	return found;
}

struct errline {
	unsigned long	 ln;
	size_t		 idx;
};

static int
errline_cmp(const void *a, const void *b)
{
	const struct errline	*x = a, *y = b;

	if (x->ln != y->ln)
		return x->ln < y->ln ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int
cmds_check_file(const char *path, struct strbuf *out)
{
	struct config		*c;
	struct cfg_errors	 errs;
	struct errline		*lines = NULL;
	char			*text = NULL, err[1024];
	size_t			 i;
	int			 rc;

	switch (persist_load(path, &text, err, sizeof(err))) {
	case 0:
		break;
	case 1:
		sb_printf(out, "%s: No such file or directory\n", path);
		return -1;
	default:
		sb_printf(out, "%s\n", err);
		return -1;
	}
	if ((c = cmds_load_text(text, path, NULL, err, sizeof(err))) == NULL) {
		sb_printf(out, "%s\n", err);
		free(text);
		return 1;
	}
	cfg_errors_init(&errs);
	config_validate(c, &errs);
	rc = errs.n > 0 ? 1 : 0;
	if (errs.n > 0 && (lines = calloc(errs.n, sizeof(*lines))) == NULL) {
		sb_printf(out, "%s: out of memory\n", path);
		rc = -1;
	}
	for (i = 0; lines != NULL && i < errs.n; i++) {
		lines[i].ln = path_line(text, errs.v[i].path != NULL ?
		    errs.v[i].path : "");
		lines[i].idx = i;
	}
	/* in file order, as a compiler would list them */
	if (lines != NULL)
		qsort(lines, errs.n, sizeof(*lines), errline_cmp);
	for (i = 0; lines != NULL && i < errs.n; i++) {
		const char	*msg = errs.v[lines[i].idx].msg;

		if (lines[i].ln > 0)
			sb_printf(out, "%s:%lu: %% %s\n", path, lines[i].ln,
			    msg);
		else
			sb_printf(out, "%s: %% %s\n", path, msg);
	}
	free(lines);
	cfg_errors_free(&errs);
	config_free(c);
	free(text);
	return rc;
}
