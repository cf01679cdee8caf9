/*
 * rpl_int.h: shared between the RPL language modules only (lexer, parser,
 * set elements, printer, object lifetime).  Not an interface for other
 * subsystems: they use core/rpl.h and core/rpl_db.h.
 */
#ifndef XR_RPL_INT_H
#define XR_RPL_INT_H

#include "core/rpl/rpl.h"

enum rpl_tok_type {
	RPL_T_WORD = 0,
	RPL_T_QUOTED,		/* 'text': s without the quotes */
	RPL_T_LPAREN,
	RPL_T_RPAREN,
	RPL_T_COMMA,
	RPL_T_REMARK,		/* whole line from '#' */
	RPL_T_EOF
};

struct rpl_tok {
	uint8_t		 type;
	const char	*s;		/* NUL-terminated, in the token arena */
	uint32_t	 line, col;	/* AST nodes keep them clamped to 16 bits */
};

/* AST positions are 16 bits: a line past 65535 reads as 65535. */
static inline uint16_t
rpl_pos16(uint32_t v)
{
	return v > 65535 ? 65535 : (uint16_t)v;
}

#define RPL_TOKS_SMALL	16
#define RPL_ARENA_SMALL	256

/* Lexed in place: v and arena may point into the struct (never copy it). */
struct rpl_toks {
	struct rpl_tok	*v;
	size_t		 n;		/* the last one is RPL_T_EOF */
	char		*arena;
	/* a typed line lexes into these, without allocating */
	struct rpl_tok	 small_v[RPL_TOKS_SMALL];
	char		 small_arena[RPL_ARENA_SMALL];
};

/* Splits text into tokens; 0, or -1 with *err (unterminated quote...). */
int	rpl_lex(const char *text, struct rpl_toks *, struct rpl_err *);
void	rpl_toks_free(struct rpl_toks *);

/* Fills *err for token t (NULL: no token) with a printf message. */
void	rpl_err_at(struct rpl_err *, const struct rpl_tok *t,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A token of "end-set" / "end-policy", abbreviated down to "end-s"/"end-p". */
int	rpl_is_end(const char *word, const char *full);
/* Policy / set names: letters, digits, _ - . : */
int	rpl_valid_name(const char *);
/* "$" followed by letters, digits, '_' */
int	rpl_is_param(const char *);

/*
 * Parse one element of `kind` from tokens v[0..n-1] (n >= 1) into *e.
 * `inline_ok`: parameters and peeras are allowed (inline sets).
 * Returns 0 or -1 with *err; *flags gets RPL_SETF_* bits.
 */
int	rpl_elem_parse(enum rpl_set_kind kind, const struct rpl_tok *v,
	    size_t n, struct rpl_elem *e, unsigned *flags,
	    struct rpl_err *err);

/* Element helpers shared with the policy parser (rpl_sets.c). */
int	rpl_num_parse(const struct rpl_tok *, uint32_t lo, uint32_t hi,
	    int allow_param, struct rpl_num *, struct rpl_err *);
int	rpl_aslist_parse(const struct rpl_tok *quoted, int allow_param,
	    struct rpl_aslist *, unsigned *flags, struct rpl_err *);
int	rpl_wellknown_lookup(const char *);	/* enum rpl_wellknown */
const char *rpl_wellknown_name(unsigned);

/* Keyword tables, indexed by enum rpl_route_type / rpl_metric_type /
 * rpl_level (rpl_obj.c). */
extern const char *const rpl_route_type_names[RPL_RT_COUNT];
extern const char *const rpl_metric_type_names[RPL_MT_COUNT];
extern const char *const rpl_level_names[RPL_LEVEL_COUNT];

/* Lifetime helpers (rpl_obj.c). */
void	rpl_block_clear(struct rpl_block *);
void	rpl_stmt_clear(struct rpl_stmt *);
void	rpl_cond_free(struct rpl_cond *);
void	rpl_apply_clear(struct rpl_apply *);
void	rpl_setref_clear(struct rpl_setref *);

/* Printer pieces (rpl_print.c). */
void	rpl_part_print(const struct rpl_part *, struct strbuf *);
void	rpl_aslist_print(const struct rpl_aslist *, struct strbuf *);
const char *rpl_cmp_name(unsigned);

#endif
