/*
 * test_bmp_client: one BMP collector connection (core/bgp/bmp_client.c)
 * against a listener of the test on 127.0.0.1: connect, the bounded
 * queue (a message that does not fit is dropped and counted, the
 * drained callback comes once everything went out), the collector
 * closing (back-off doubling from 1 s), and the loopback guard refusing
 * a non-loopback host without a connect.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/bmp_client.h"
#include "core/bgp/bmp_wire.h"
#include "core/bgp/transport.h"
#include "core/lib/loop.h"
#include "tests/unit/t.h"

static int	ups, drains, drained_empty_overflow;

static void
on_up(struct bmp_client *c)
{
	(void)c;
	ups++;
}

static void
on_drained(struct bmp_client *c)
{
	drains++;
	if (bmpc_queued(c) == 0 && c->overflow) {
		drained_empty_overflow++;
		c->overflow = 0;
	}
}

static int
listener(uint16_t *port)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, small = 4096;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	/* a small receive window: the queue fills while nobody reads */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 4) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return -1;
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
run_until(int (*cond)(void *), void *arg, double secs)
{
	double	 until = loop_now() + secs;

	while (!cond(arg) && loop_now() < until)
		loop_run_once(10);
}

static int
is_up(void *arg)
{
	return ((struct bmp_client *)arg)->state == BMP_ST_UP;
}

static int
is_wait(void *arg)
{
	return ((struct bmp_client *)arg)->state == BMP_ST_WAIT;
}

/* a 1000-byte BMP message (a Route Monitoring type, zero filled) */
static void
msg(uint8_t *m, uint8_t seq)
{
	memset(m, seq, 1000);
	m[0] = 3;
	m[1] = 0;
	m[2] = 0;
	m[3] = 1000 >> 8;
	m[4] = 1000 & 0xff;
	m[5] = BMP_ROUTE_MONITORING;
}

static void
test_queue(void)
{
	struct bmp_client	 c;
	static uint8_t		 all[100 * 1000];
	uint8_t			 m[1000];
	uint16_t		 port = 0;
	int			 lfd, afd = -1, i, sent = 0;
	size_t			 got = 0, want;
	ssize_t			 n;

	T_ASSERT((lfd = listener(&port)) >= 0);
	memset(&c, 0, sizeof(c));
	c.id = 1;
	c.fd = -1;
	addr_parse("127.0.0.1", &c.host);
	c.port = port;
	c.qmax = 64 * 1024;
	c.on_up = on_up;
	c.on_drained = on_drained;
	/* nothing queued before the session is up */
	msg(m, 1);
	T_EQ_INT(bmpc_send(&c, m, sizeof(m)), -1);
	T_EQ_INT(c.dropped, 0);
	bmpc_start(&c, 0);
	T_EQ_INT(c.state, BMP_ST_WAIT);
	run_until(is_up, &c, 5);
	T_EQ_INT(c.state, BMP_ST_UP);
	T_EQ_INT(ups, 1);
	T_ASSERT((afd = accept(lfd, NULL, NULL)) >= 0);
	/* the loop does not run: everything stays queued up to qmax */
	for (i = 0; i < 100; i++) {
		msg(m, (uint8_t)i);
		if (bmpc_send(&c, m, sizeof(m)) == 0)
			sent++;
	}
	T_EQ_INT(sent, 65);
	T_EQ_INT(c.dropped, 35);
	T_EQ_INT(c.overflow, 1);
	T_EQ_INT(c.sent, 65);
	T_EQ_INT(c.sent_by_type[BMP_ROUTE_MONITORING], 65);
	T_ASSERT(bmpc_queued(&c) <= c.qmax);
	/* the collector reads: every accepted byte arrives, in order, and
	   the owner hears that the queue is empty with messages lost */
	want = (size_t)sent * sizeof(m);
	fcntl(afd, F_SETFL, O_NONBLOCK);
	for (i = 0; i < 500 && got < want; i++) {
		loop_run_once(10);
		while (got < sizeof(all) &&
		    (n = read(afd, all + got, sizeof(all) - got)) > 0)
			got += (size_t)n;
	}
	T_EQ_INT(got, want);
	/* the first 65 messages, whole and in order */
	for (i = 0; i < sent && (size_t)i * 1000 + 999 < got; i++)
		if (all[i * 1000 + 5] != BMP_ROUTE_MONITORING ||
		    all[i * 1000 + 6] != (uint8_t)i)
			break;
	T_EQ_INT(i, sent);
	loop_run_once(10);
	T_EQ_INT(bmpc_queued(&c), 0);
	T_ASSERT(drains > 0);
	T_EQ_INT(drained_empty_overflow, 1);
	T_EQ_INT(c.bytes_sent, want);

	/* the collector goes away: WAIT, retried after 1 s, then 2 s */
	close(afd);
	run_until(is_wait, &c, 5);
	T_EQ_INT(c.state, BMP_ST_WAIT);
	T_ASSERT(c.t_retry != NULL &&
	    loop_timer_remaining(c.t_retry) <= 1.0);
	T_ASSERT(c.backoff == 2.0);
	T_ASSERT(strstr(c.last_error, "closed") != NULL);
	bmpc_stop(&c);
	T_EQ_INT(c.state, BMP_ST_IDLE);
	wbuf_free(&c.q);
	close(lfd);
}

static void
test_guard(void)
{
	struct bmp_client	 c;
	double			 until;

	bgp_tr_set_loopback_only(1);
	memset(&c, 0, sizeof(c));
	c.id = 2;
	c.fd = -1;
	addr_parse("192.0.2.1", &c.host);	/* never contacted */
	c.port = 11019;
	bmpc_start(&c, 0);
	until = loop_now() + 1;
	while (c.state == BMP_ST_WAIT && loop_now() < until)
		loop_run_once(10);
	T_EQ_INT(c.state, BMP_ST_REFUSED);
	T_EQ_INT(c.fd, -1);
	T_ASSERT(strstr(c.last_error, "XRSH_LOOPBACK_ONLY") != NULL);
	bmpc_stop(&c);
}

int
main(void)
{
	test_queue();
	test_guard();
	return T_DONE();
}
