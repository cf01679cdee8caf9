/*
 * bmp_client: one collector connection of bmp.c (internal to core/bgp):
 * connect with back-off, the bounded output queue, state and counters.
 * bmp.c decides what to send; this file only moves bytes.
 */
#ifndef XR_BGP_BMP_CLIENT_H
#define XR_BGP_BMP_CLIENT_H

#include "core/bgp/bmp.h"
#include "core/bgp/wire.h"

struct loop_timer;

struct bmp_client {
	unsigned	 id;
	struct xaddr	 host;
	uint16_t	 port;
	char		 update_source[64];
	struct xaddr	 source;	/* bound source (af 0: none) */
	enum bmp_state	 state;
	time_t		 since;
	int		 fd;
	struct wbuf	 q;		/* queued bytes from qoff */
	size_t		 qmax;		/* 0: BMP_QUEUE_MAX (tests set less) */
	size_t		 qoff;
	int		 overflow;	/* dropped since the last resync */
	double		 backoff;
	struct loop_timer *t_retry;
	char		 last_error[160];
	uint64_t	 sent_by_type[7], sent, dropped, bytes_sent, resyncs;
	uint64_t	 connects;
	/* callbacks of bmp.c */
	void		(*on_up)(struct bmp_client *);
	void		(*on_drained)(struct bmp_client *);	/* queue low */
	void		*arg;
};

/* Starts connecting after delay seconds (state WAIT). */
void	bmpc_start(struct bmp_client *, double delay);
/* Closes and stops (IDLE); queued bytes are dropped. */
void	bmpc_stop(struct bmp_client *);
/* Queues whole BMP messages (bytes b[0..len), each counted by type);
   0, or -1 when they were dropped (the queue is full or not UP). */
int	bmpc_send(struct bmp_client *, const uint8_t *b, size_t len);
size_t	bmpc_queued(const struct bmp_client *);
size_t	bmpc_qmax(const struct bmp_client *);
/* One non-blocking write attempt of what is queued. */
void	bmpc_flush(struct bmp_client *);

#endif
