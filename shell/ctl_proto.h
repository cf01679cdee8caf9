/*
 * ctl_proto: the framing spoken on the control socket.  A frame is one
 * type byte, a 4-byte big-endian payload length and the payload.  Text
 * payloads are not NUL-terminated; fields inside one are separated by
 * '\n' (the last field takes the rest, newlines included).
 *
 * A session: the client sends HELLO, the router answers WELCOME (or BYE).
 * Then each LINE (or HELP: a describe/complete line kept out of the
 * history, or EOF: the script ended) runs to one DONE; meanwhile the
 * router streams OUT/ERR and may ask (ASK, NEXTLINE, GETKEY), each
 * answered by exactly one ANSWER/NOANSWER/KEY.  INTR, WINCH from the
 * client and MSG, BYE from the router come at any time.
 */
#ifndef XR_SHELL_CTL_PROTO_H
#define XR_SHELL_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "core/lib/strbuf.h"

#define CTL_HDR_LEN		5
/* a client frame larger than this ends the session (hostile input) */
#define CTL_MAX_REQUEST		(1024 * 1024)
#define CTL_MAX_FRAME		(16 * 1024 * 1024)

enum ctl_type {
	/* client -> router */
	CTL_HELLO	= 'H',	/* key=value lines: interactive, opts,
				   width, length, tty */
	CTL_LINE	= 'L',	/* lineno \n origin \n line */
	CTL_HELP	= 'Q',	/* lineno \n origin \n line, no history */
	CTL_EOF		= 'E',	/* lineno \n origin \n: the script ended */
	CTL_ANSWER	= 'A',	/* the answer / the next input line */
	CTL_NOANSWER	= 'N',	/* end of input instead of an answer */
	CTL_KEY		= 'K',	/* one key, empty for none */
	CTL_INTR	= 'I',	/* Ctrl-C: drop the rest of the output */
	CTL_WINCH	= 'W',	/* terminal columns (decimal) */
	/* router -> client */
	CTL_WELCOME	= 'w',	/* prompt */
	CTL_OUT		= 'o',	/* standard output bytes */
	CTL_ERR		= 'e',	/* standard error bytes */
	CTL_ASK		= 'a',	/* question: read an answer line */
	CTL_NEXTLINE	= 'n',	/* send the script's next line */
	CTL_GETKEY	= 'k',	/* read one key (pager) */
	CTL_DONE	= 'd',	/* status \n quit \n prompt */
	CTL_MSG		= 'm',	/* prompt \n text: a log line, a notice */
	CTL_BYE		= 'b'	/* reason: the router ends the session */
};

/* Appends one frame to sb. */
void	ctl_frame_put(struct strbuf *, int type, const char *, size_t);
/*
 * Parses the frame at the start of buf[0..len).  Returns the bytes it
 * takes, 0 when incomplete, -1 when the length exceeds max.
 */
long	ctl_frame_get(const char *buf, size_t len, size_t max, int *type,
	    const char **payload, size_t *plen);
/*
 * The n-th '\n'-separated field of a payload (the last one asked for
 * takes the rest when `rest`): start and length, -1 if missing.
 */
int	ctl_field(const char *p, size_t plen, unsigned n, int rest,
	    const char **f, size_t *flen);

#endif
