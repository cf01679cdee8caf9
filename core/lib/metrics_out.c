/*
 * metrics_out: the exposition writer; see metrics_out.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/metrics_out.h"

#define MO_LABELS_MAX	16	/* pairs in one sample */

void
mo_init(struct metrics_out *mo, struct strbuf *sb, int openmetrics)
{
	memset(mo, 0, sizeof(*mo));
	mo->sb = sb;
	mo->openmetrics = openmetrics;
}

void
mo_finish(struct metrics_out *mo)
{
	size_t	 i;

	if (mo->openmetrics)
		sb_puts(mo->sb, "# EOF\n");
	for (i = 0; i < mo->nseen; i++)
		free(mo->seen[i]);
	free(mo->seen);
	mo->seen = NULL;
	mo->nseen = mo->capseen = 0;
	mo->family[0] = '\0';
}

static int
is_alpha_(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
mo_name_valid(const char *s)
{
	if (s == NULL || (!is_alpha_(*s) && *s != ':'))
		return 0;
	for (s++; *s != '\0'; s++)
		if (!is_alpha_(*s) && !is_digit(*s) && *s != ':')
			return 0;
	return 1;
}

int
mo_label_valid(const char *s)
{
	if (s == NULL || !is_alpha_(*s) || strncmp(s, "__", 2) == 0)
		return 0;
	for (s++; *s != '\0'; s++)
		if (!is_alpha_(*s) && !is_digit(*s))
			return 0;
	return 1;
}

void
mo_escape_label(struct strbuf *sb, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			sb_puts(sb, "\\\\");
		else if (*v == '"')
			sb_puts(sb, "\\\"");
		else if (*v == '\n')
			sb_puts(sb, "\\n");
		else
			sb_putc(sb, *v);
	}
}

static void
escape_help(struct metrics_out *mo, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			sb_puts(mo->sb, "\\\\");
		else if (*v == '\n')
			sb_puts(mo->sb, "\\n");
		else if (*v == '"' && mo->openmetrics)
			sb_puts(mo->sb, "\\\"");
		else
			sb_putc(mo->sb, *v);
	}
}

static int
seen(const struct metrics_out *mo, const char *name)
{
	size_t	 i;

	for (i = 0; i < mo->nseen; i++)
		if (strcmp(mo->seen[i], name) == 0)
			return 1;
	return 0;
}

static int
remember(struct metrics_out *mo, const char *name)
{
	char	**v;
	size_t	  cap;

	if (mo->nseen == mo->capseen) {
		cap = mo->capseen ? mo->capseen * 2 : 32;
		if ((v = reallocarray(mo->seen, cap, sizeof(*v))) == NULL)
			return -1;
		mo->seen = v;
		mo->capseen = cap;
	}
	if ((mo->seen[mo->nseen] = strdup(name)) == NULL)
		return -1;
	mo->nseen++;
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int
mo_family(struct metrics_out *mo, const char *name, enum mo_type type,
    const char *help)
{
	const char	*tname = type == MO_COUNTER ? "counter" : "gauge";
	const char	*sfx;

	mo->family[0] = '\0';
	/* room for "_total" on the samples */
	if (!mo_name_valid(name) || strlen(name) + 7 > MO_NAME_MAX ||
	    (type == MO_COUNTER && ends_with(name, "_total")) ||
	    seen(mo, name)) {
		mo->errors++;
		return -1;
	}
	if (remember(mo, name) == -1) {
		mo->sb->oom = 1;
		return -1;
	}
	strlcpy(mo->family, name, sizeof(mo->family));
	mo->type = type;
	/* 0.0.4 names the counter's samples on its # lines */
	sfx = type == MO_COUNTER && !mo->openmetrics ? "_total" : "";
	sb_printf(mo->sb, "# HELP %s%s ", name, sfx);
	escape_help(mo, help != NULL ? help : "");
	sb_printf(mo->sb, "\n# TYPE %s%s %s\n", name, sfx, tname);
	return 0;
}

void
mo_sample(struct metrics_out *mo, const char *const *labels, size_t n,
    const char *value)
{
	size_t	 i;

	if (mo->family[0] == '\0')
		return;
	for (i = 0; i < n; i++)
		if (!mo_label_valid(labels[2 * i]) || labels[2 * i + 1] ==
		    NULL) {
			mo->errors++;
			return;
		}
	sb_puts(mo->sb, mo->family);
	if (mo->type == MO_COUNTER)
		sb_puts(mo->sb, "_total");
	if (n > 0) {
		sb_putc(mo->sb, '{');
		for (i = 0; i < n; i++) {
			sb_printf(mo->sb, "%s%s=\"", i ? "," : "",
			    labels[2 * i]);
			mo_escape_label(mo->sb, labels[2 * i + 1]);
			sb_putc(mo->sb, '"');
		}
		sb_putc(mo->sb, '}');
	}
	sb_printf(mo->sb, " %s\n", value);
}

/* Collects the NULL-ended pairs; -1 when there are too many. */
static int
collect(va_list ap, const char **v, size_t *n)
{
	const char	*k;

	*n = 0;
	while ((k = va_arg(ap, const char *)) != NULL) {
		if (*n == MO_LABELS_MAX)
			return -1;
		v[2 * *n] = k;
		v[2 * *n + 1] = va_arg(ap, const char *);
		(*n)++;
	}
	return 0;
}

void
mo_u64(struct metrics_out *mo, uint64_t val, ...)
{
	const char	*v[2 * MO_LABELS_MAX];
	char		 num[32];
	size_t		 n;
	va_list		 ap;
	int		 r;

	va_start(ap, val);
	r = collect(ap, v, &n);
	va_end(ap);
	if (r == -1) {
		mo->errors++;
		return;
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)val);
	mo_sample(mo, v, n, num);
}

void
mo_f64(struct metrics_out *mo, double val, ...)
{
	const char	*v[2 * MO_LABELS_MAX];
	char		 num[40];
	size_t		 n;
	va_list		 ap;
	int		 r;

	va_start(ap, val);
	r = collect(ap, v, &n);
	va_end(ap);
	if (r == -1) {
		mo->errors++;
		return;
	}
	if (isnan(val))
		strlcpy(num, "NaN", sizeof(num));
	else if (isinf(val))
		strlcpy(num, val > 0 ? "+Inf" : "-Inf", sizeof(num));
	else
		snprintf(num, sizeof(num), "%.17g", val);
	mo_sample(mo, v, n, num);
}
