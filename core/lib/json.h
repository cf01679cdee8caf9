/*
 * json: a minimal streaming JSON writer into a strbuf, shared by every
 * `| json` rendering so keys and escaping are uniform.  The writer tracks
 * nesting and inserts commas itself.  Output is compact, one document
 * followed by a newline at json_end().
 */
#ifndef XR_JSON_H
#define XR_JSON_H

#include <stdint.h>

#include "core/lib/strbuf.h"

#define JSON_MAXDEPTH	32

struct json {
	struct strbuf	*sb;
	int		 depth;
	int		 first[JSON_MAXDEPTH];	/* no element yet at level */
	int		 after_key;
};

void	json_init(struct json *, struct strbuf *);
void	json_obj_begin(struct json *);
void	json_obj_end(struct json *);
void	json_arr_begin(struct json *);
void	json_arr_end(struct json *);
void	json_key(struct json *, const char *);
void	json_str(struct json *, const char *);	/* NULL -> null */
void	json_u64(struct json *, uint64_t);
void	json_i64(struct json *, int64_t);
void	json_bool(struct json *, int);
void	json_null(struct json *);
/* key + value shorthands */
void	json_kv_str(struct json *, const char *, const char *);
void	json_kv_u64(struct json *, const char *, uint64_t);
void	json_kv_bool(struct json *, const char *, int);
/* terminates the document with "\n" */
void	json_end(struct json *);

#endif
