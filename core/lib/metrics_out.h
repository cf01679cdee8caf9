/*
 * metrics_out: a writer of the Prometheus text exposition format
 * (version 0.0.4) and of OpenMetrics 1.0 text, into a strbuf.
 *
 * A family is opened with its name, type and help text; its samples
 * follow.  The writer does the parts that are easy to get wrong:
 *  - names are checked ([a-zA-Z_:][a-zA-Z0-9_:]*, label names
 *    [a-zA-Z_][a-zA-Z0-9_]* and not starting with "__"); a family or
 *    sample that breaks a rule is left out and counted in `errors`, so
 *    the exposition stays parseable whatever a source passes;
 *  - a counter's family is named without "_total" and its samples get
 *    it (pass "xrsh_x" for xrsh_x_total); the 0.0.4 format puts the
 *    suffix on the # TYPE line too, OpenMetrics does not;
 *  - label values are escaped (backslash, double quote, newline), HELP
 *    text too (OpenMetrics escapes the double quote there as well);
 *  - a family name given twice is refused (OpenMetrics forbids
 *    interleaving); the families seen are remembered until mo_finish().
 *
 * mo_finish() ends an OpenMetrics exposition with "# EOF".
 */
#ifndef XR_METRICS_OUT_H
#define XR_METRICS_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/strbuf.h"

enum mo_type { MO_GAUGE, MO_COUNTER };

#define MO_NAME_MAX	128	/* with the NUL */

struct metrics_out {
	struct strbuf	*sb;
	int		 openmetrics;	/* OpenMetrics 1.0 instead of 0.0.4 */
	char		 family[MO_NAME_MAX];	/* "" none open (or refused) */
	enum mo_type	 type;
	char		**seen;		/* family names written */
	size_t		 nseen, capseen;
	unsigned	 errors;	/* families and samples left out */
};

void	mo_init(struct metrics_out *, struct strbuf *, int openmetrics);
/* Ends the exposition ("# EOF" for OpenMetrics) and frees the writer's
   memory (not the strbuf). */
void	mo_finish(struct metrics_out *);

/* Opens a family; 0, or -1 (left out, counted) on a bad or repeated
   name.  Samples after a refused family are dropped silently. */
int	mo_family(struct metrics_out *, const char *name, enum mo_type,
	    const char *help);
/*
 * One sample of the open family: labels are name, value pairs ending
 * with NULL, e.g. mo_u64(mo, 3, "neighbor", "127.0.0.2", NULL).  The
 * sample is left out (and counted) if a label name is bad.
 */
void	mo_u64(struct metrics_out *, uint64_t v, ...)
	    __attribute__((sentinel));
void	mo_f64(struct metrics_out *, double v, ...)
	    __attribute__((sentinel));
/* The same with the label pairs in an array of 2n strings. */
void	mo_sample(struct metrics_out *, const char *const *labels, size_t n,
	    const char *value);

/* 1 if s is a valid metric name / label name. */
int	mo_name_valid(const char *s);
int	mo_label_valid(const char *s);
/* Appends v escaped as a label value (\\, \", \n). */
void	mo_escape_label(struct strbuf *, const char *v);

#endif
