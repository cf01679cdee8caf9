/*
 * strbuf: growable text buffer; see strbuf.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lib/strbuf.h"

void
sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->oom = 0;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

static int
sb_grow(struct strbuf *sb, size_t need)
{
	size_t	 ncap;
	char	*nb;

	if (sb->oom)
		return -1;
	if (sb->len + need + 1 <= sb->cap)
		return 0;
	ncap = sb->cap ? sb->cap : 64;
	while (ncap < sb->len + need + 1) {
		if (ncap > ((size_t)-1) / 2) {
			sb->oom = 1;
			return -1;
		}
		ncap *= 2;
	}
	if ((nb = realloc(sb->buf, ncap)) == NULL) {
		sb->oom = 1;
		return -1;
	}
	sb->buf = nb;
	sb->cap = ncap;
	return 0;
}

int
sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb_grow(sb, n) == -1)
		return -1;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int
sb_puts(struct strbuf *sb, const char *s)
{
	return sb_putn(sb, s, strlen(s));
}

int
sb_putc(struct strbuf *sb, char c)
{
	return sb_putn(sb, &c, 1);
}

int
sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	 ap2;
	size_t	 avail;
	int	 n;

	if (sb->oom)
		return -1;
	/* one pass when it fits (the common case), else measure and redo */
	avail = sb->buf != NULL ? sb->cap - sb->len : 0;
	va_copy(ap2, ap);
	n = vsnprintf(avail ? sb->buf + sb->len : NULL, avail, fmt, ap2);
	va_end(ap2);
	if (n >= 0 && (size_t)n < avail) {
		sb->len += (size_t)n;
		return 0;
	}
	if (sb->buf != NULL)
		sb->buf[sb->len] = '\0';	/* undo a partial write */
	if (n < 0 || sb_grow(sb, (size_t)n) == -1)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	va_start(ap, fmt);
	r = sb_vprintf(sb, fmt, ap);
	va_end(ap);
	return r;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

char *
sb_steal(struct strbuf *sb)
{
	char	*s;

	if (sb->buf == NULL)
		return strdup("");
	s = sb->buf;
	sb_init(sb);
	return s;
}
