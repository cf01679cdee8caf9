/*
 * ctl_proto: frames of the control socket (see ctl_proto.h).  Every
 * length read from the socket is checked against the caller's maximum
 * before anything is trusted.
 */
#include <string.h>

#include "shell/ctl_proto.h"

void
ctl_frame_put(struct strbuf *sb, int type, const char *p, size_t n)
{
	char	 hdr[CTL_HDR_LEN];

	hdr[0] = (char)type;
	hdr[1] = (char)((n >> 24) & 0xff);
	hdr[2] = (char)((n >> 16) & 0xff);
	hdr[3] = (char)((n >> 8) & 0xff);
	hdr[4] = (char)(n & 0xff);
	sb_putn(sb, hdr, sizeof(hdr));
	if (n > 0)
		sb_putn(sb, p, n);
}

long
ctl_frame_get(const char *buf, size_t len, size_t max, int *type,
    const char **payload, size_t *plen)
{
	const unsigned char	*b = (const unsigned char *)buf;
	size_t			 n;

	if (len < CTL_HDR_LEN)
		return 0;
	n = ((size_t)b[1] << 24) | ((size_t)b[2] << 16) |
	    ((size_t)b[3] << 8) | (size_t)b[4];
	if (n > max)
		return -1;
	if (len - CTL_HDR_LEN < n)
		return 0;
	*type = b[0];
	*payload = buf + CTL_HDR_LEN;
	*plen = n;
	return (long)(CTL_HDR_LEN + n);
}

int
ctl_field(const char *p, size_t plen, unsigned n, int rest, const char **f,
    size_t *flen)
{
	const char	*end = p + plen, *nl;
	unsigned	 i;

	for (i = 0; i < n; i++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		p = nl + 1;
	}
	*f = p;
	if (rest || (nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		*flen = (size_t)(end - p);
	else
		*flen = (size_t)(nl - p);
	return 0;
}
