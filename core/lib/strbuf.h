/*
 * strbuf: a growable, always NUL-terminated text buffer.  Every printer in
 * core/ renders into one of these, so core never touches a terminal.  An
 * allocation failure latches `oom`; later appends are ignored and callers
 * check it once at the end.
 */
#ifndef XR_STRBUF_H
#define XR_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*buf;	/* NUL-terminated; NULL until the first append */
	size_t	 len;
	size_t	 cap;
	int	 oom;
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

void		 sb_init(struct strbuf *);
void		 sb_free(struct strbuf *);
void		 sb_reset(struct strbuf *);
int		 sb_putc(struct strbuf *, char);
int		 sb_puts(struct strbuf *, const char *);
int		 sb_putn(struct strbuf *, const char *, size_t);
int		 sb_printf(struct strbuf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 sb_vprintf(struct strbuf *, const char *, va_list);
/* The text so far; never NULL (an empty buffer gives ""). */
const char	*sb_str(const struct strbuf *);
/* Hands the buffer to the caller (free() it); the strbuf is reset. */
char		*sb_steal(struct strbuf *);

#endif
