/*
 * json: streaming writer; see json.h.
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/lib/json.h"

void
json_init(struct json *j, struct strbuf *sb)
{
	j->sb = sb;
	j->depth = 0;
	j->first[0] = 1;
	j->after_key = 0;
}

/* comma handling before any value or key */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->first[j->depth])
		sb_putc(j->sb, ',');
	j->first[j->depth] = 0;
}

static void
json_open(struct json *j, char c)
{
	json_sep(j);
	sb_putc(j->sb, c);
	if (j->depth < JSON_MAXDEPTH - 1)
		j->depth++;
	j->first[j->depth] = 1;
}

static void
json_close(struct json *j, char c)
{
	sb_putc(j->sb, c);
	if (j->depth > 0)
		j->depth--;
}

void json_obj_begin(struct json *j) { json_open(j, '{'); }
void json_obj_end(struct json *j) { json_close(j, '}'); }
void json_arr_begin(struct json *j) { json_open(j, '['); }
void json_arr_end(struct json *j) { json_close(j, ']'); }

static void
json_quote(struct strbuf *sb, const char *s)
{
	const unsigned char	*p;

	sb_putc(sb, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			sb_puts(sb, "\\\"");
			break;
		case '\\':
			sb_puts(sb, "\\\\");
			break;
		case '\n':
			sb_puts(sb, "\\n");
			break;
		case '\t':
			sb_puts(sb, "\\t");
			break;
		case '\r':
			sb_puts(sb, "\\r");
			break;
		default:
			if (*p < 0x20)
				sb_printf(sb, "\\u%04x", *p);
			else
				sb_putc(sb, (char)*p);
		}
	}
	sb_putc(sb, '"');
}

void
json_key(struct json *j, const char *k)
{
	json_sep(j);
	json_quote(j->sb, k);
	sb_putc(j->sb, ':');
	j->after_key = 1;
}

void
json_str(struct json *j, const char *s)
{
	json_sep(j);
	if (s == NULL)
		sb_puts(j->sb, "null");
	else
		json_quote(j->sb, s);
}

void
json_u64(struct json *j, uint64_t v)
{
	json_sep(j);
	sb_printf(j->sb, "%" PRIu64, v);
}

void
json_i64(struct json *j, int64_t v)
{
	json_sep(j);
	sb_printf(j->sb, "%" PRId64, v);
}

void
json_bool(struct json *j, int v)
{
	json_sep(j);
	sb_puts(j->sb, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	json_sep(j);
	sb_puts(j->sb, "null");
}

void
json_kv_str(struct json *j, const char *k, const char *v)
{
	json_key(j, k);
	json_str(j, v);
}

void
json_kv_u64(struct json *j, const char *k, uint64_t v)
{
	json_key(j, k);
	json_u64(j, v);
}

void
json_kv_bool(struct json *j, const char *k, int v)
{
	json_key(j, k);
	json_bool(j, v);
}

void
json_end(struct json *j)
{
	sb_putc(j->sb, '\n');
}
