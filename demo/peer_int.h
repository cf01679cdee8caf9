/*
 * peer_int: what demo/peer.c (options, listener, main loop) and
 * demo/peer_sess.c (the one BGP session) share.
 */
#ifndef DEMO_PEER_INT_H
#define DEMO_PEER_INT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bgp/wire.h"
#include "core/lib/loop.h"
#include "demo/demo.h"
#include "demo/peer_table.h"

#define DPEER_HOLD	90	/* seconds, offered in our OPEN */
#define DPEER_RBUF	65536

enum dsess_state {
	DS_IDLE,		/* no connection: listening */
	DS_OPENSENT,		/* accepted, our OPEN queued */
	DS_OPENCONFIRM,		/* OPEN received, our KEEPALIVE queued */
	DS_ESTABLISHED
};

struct dsess {
	int			 fd;		/* -1: none */
	enum dsess_state	 st;
	char			 remote[ADDR_STRLEN + 8];	/* addr:port */
	uint8_t			 rbuf[DPEER_RBUF];
	size_t			 rlen;
	/*
	 * Output: whole messages.  out.buf[0..outoff) is written, outmsg
	 * is the start of the message outoff is in (== outoff between
	 * messages), so a NOTIFICATION can follow the last message begun.
	 */
	struct wbuf		 out;
	size_t			 outoff, outmsg;
	int			 want_write;	/* POLLOUT registered */
	struct bgp_codec_ctx	 ctx;
	uint16_t		 hold;		/* negotiated; 0: no timers */
	double			 last_rx;
	struct loop_timer	*t_hold, *t_ka;
	int			 enhanced_rr;
	/* a table send in progress: done when outoff reaches send_end */
	int			 sending;
	size_t			 send_end, send_pfx, send_msgs;
	double			 send_t0;
	const char		*send_what;	/* "table sent", "table resent" */
	const char		*send_tail;	/* "End-of-RIB", "EoRR ..." */
	/* what xrsh sent us, for the log */
	uint64_t		 rx_updates, rx_nlri, rx_withdrawn;
};

struct dpeer {
	const struct demo_role	*role;
	uint32_t		 addr;		/* host order */
	uint16_t		 port;
	struct demo_table	 table;
	struct dsess		 s;
};

/* One line on stderr: time, role, text. */
void	dpeer_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A new connection (already checked to be loopback): replaces the
 * current session, sends our OPEN. */
void	dsess_accept(struct dpeer *, int fd, const struct sockaddr_in *from);
/* Sends Cease (subcode, text) on an open connection, waits up to a
 * second for it to leave, closes.  No-op without a connection. */
void	dsess_cease(struct dpeer *, uint8_t subcode, const char *msg,
	    const char *why);
void	dsess_free(struct dpeer *);

#endif
