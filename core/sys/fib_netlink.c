/*
 * fib_netlink: see fib_netlink.h.  Two prefix tables per family: what is
 * queued (one operation per prefix, the last one wins) and what we
 * installed (the next hops the kernel has, so a set that changes nothing
 * sends nothing and a delete is only ever sent for our own prefixes).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "core/lib/log.h"
#include "core/lib/pfxtable.h"
#include "core/sys/fib_netlink.h"
#include "core/sys/nl_msgs.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK		10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif

/* A batch: up to BATCH_BYTES of messages (a route message is < 1 KB) and
 * BATCH_OPS operations; the socket's receive buffer holds an error for
 * every one of them (SO_RCVBUF below). */
#define BATCH_BYTES		(64 * 1024)
#define BATCH_OPS		1024
#define RCVBUF_BYTES		(4 * 1024 * 1024)
#define ACK_TIMEOUT_SECS	5

/* A queued operation, or (moved into the installed table by a flush)
 * what the kernel has for the prefix. */
struct fib_op {
	uint8_t		 del;
	uint8_t		 moved;		/* now owned by the installed table */
	uint8_t		 seen;		/* in the kernel at a reconcile */
	uint8_t		 nnh;
	struct fib_nh	 nh[];
};

struct bop {				/* an operation of the batch */
	struct xprefix	 pfx;
	struct fib_op	*op;		/* NULL: a stale route's delete */
	uint8_t		 del;
	uint8_t		 isnew;
	int		 err;		/* errno the kernel answered, 0 ok */
};

struct fib_nl {
	struct mnl_socket	*nl;
	struct mnl_socket	*watch;		/* route notifications */
	uint32_t		 portid, seq;
	uint32_t		 table;
	uint8_t			 proto;
	struct pfxtable		*inst[2], *pend[2];
	/* first installs refused because another process's route holds the
	   prefix at our metric: what we would install once it is gone */
	struct pfxtable		*held[2];
	struct fib_stats	 st;
	/* the batch being filled */
	char			*buf;
	struct mnl_nlmsg_batch	*b;
	struct nlmsghdr		*last;
	struct bop		*ops;
	size_t			 nops;
	uint32_t		 first_seq;
	int			 sockerr;
};

static int
afi(uint8_t af)
{
	return af == AF_V6;
}

static size_t
alen(uint8_t af)
{
	return af == AF_V4 ? 4 : 16;
}

/* ---- message building ---- */

static int
route_blackhole(const struct fib_nh *nh, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (nh[i].blackhole)
			return 1;
	return 0;
}

/* 1 if the kernel can take these next hops for a prefix of af. */
static int
nh_valid(uint8_t af, const struct fib_nh *nh, size_t n)
{
	size_t	 i;

	if (n == 0 || n > FIB_NH_MAX)
		return 0;
	if (route_blackhole(nh, n))
		return 1;
	for (i = 0; i < n; i++) {
		if (nh[i].gw.af != 0 && nh[i].gw.af != af)
			return 0;
		if (nh[i].gw.af == 0 && nh[i].ifindex <= 0)
			return 0;
		if (nh[i].ifindex < 0)
			return 0;
	}
	return 1;
}

static size_t
build(void *buf, size_t len, int del, const struct xprefix *pfx,
    const struct fib_nh *nh, size_t nnh, uint32_t table, uint8_t protocol,
    uint32_t metric, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr		*nlh;
	struct rtmsg		*rtm;
	struct nlattr		*nest;
	struct rtnexthop	*rtnh;
	uint8_t			 af = pfx->addr.af;
	size_t			 i, al;
	int			 direct = 1;

	if (af != AF_V4 && af != AF_V6)
		return 0;
	if (pfx->len > (af == AF_V4 ? 32 : 128))
		return 0;
	if (!del && !nh_valid(af, nh, nnh))
		return 0;
	al = alen(af);
	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtm)))
		return 0;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = del ? RTM_DELROUTE : RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = af == AF_V4 ? AF_INET : AF_INET6;
	rtm->rtm_dst_len = pfx->len;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = protocol;
	if (!mnl_attr_put_check(nlh, len, RTA_DST, al, pfx->addr.a) ||
	    !mnl_attr_put_u32_check(nlh, len, RTA_PRIORITY, metric))
		return 0;
	if (table >= 256 &&
	    !mnl_attr_put_u32_check(nlh, len, RTA_TABLE, table))
		return 0;
	if (del) {
		/* any scope and type, but only ours (protocol, metric) */
		rtm->rtm_scope = af == AF_V4 ? RT_SCOPE_NOWHERE :
		    RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNSPEC;
		return nlh->nlmsg_len;
	}
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	if (route_blackhole(nh, nnh)) {
		rtm->rtm_type = RTN_BLACKHOLE;
		return nlh->nlmsg_len;
	}
	rtm->rtm_type = RTN_UNICAST;
	for (i = 0; i < nnh; i++)
		if (nh[i].gw.af != 0)
			direct = 0;
	/* an IPv4 route out of an interface without a gateway is on-link */
	if (direct && af == AF_V4)
		rtm->rtm_scope = RT_SCOPE_LINK;
	if (nnh == 1) {
		if (nh[0].gw.af != 0 &&
		    !mnl_attr_put_check(nlh, len, RTA_GATEWAY, al, nh[0].gw.a))
			return 0;
		if (nh[0].ifindex > 0 && !mnl_attr_put_u32_check(nlh, len,
		    RTA_OIF, (uint32_t)nh[0].ifindex))
			return 0;
		return nlh->nlmsg_len;
	}
	if ((nest = mnl_attr_nest_start_check(nlh, len, RTA_MULTIPATH)) ==
	    NULL)
		return 0;
	for (i = 0; i < nnh; i++) {
		if (nlh->nlmsg_len + RTNH_ALIGN(sizeof(*rtnh)) > len)
			return 0;
		rtnh = mnl_nlmsg_get_payload_tail(nlh);
		memset(rtnh, 0, RTNH_ALIGN(sizeof(*rtnh)));
		rtnh->rtnh_ifindex = nh[i].ifindex;
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		if (nh[i].gw.af != 0 && !mnl_attr_put_check(nlh, len,
		    RTA_GATEWAY, al, nh[i].gw.a))
			return 0;
		rtnh->rtnh_len = (unsigned short)((char *)
		    mnl_nlmsg_get_payload_tail(nlh) - (char *)rtnh);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh->nlmsg_len;
}

size_t
fib_nl_build(void *buf, size_t len, int del, const struct fib_route *r,
    uint32_t table, uint8_t protocol, uint16_t nlmsg_flags, uint32_t seq)
{
	return build(buf, len, del, &r->pfx, r->nh, r->nnh, table, protocol,
	    FIB_METRIC, nlmsg_flags, seq);
}

/* ---- tables ---- */

static void
op_free(void *v)
{
	struct fib_op	*op = v;

	if (!op->moved)
		free(op);
}

static void
inst_free(void *v)
{
	free(v);
}

static struct fib_op *
op_new(int del, const struct fib_nh *nh, size_t nnh)
{
	struct fib_op	*op;

	if ((op = calloc(1, sizeof(*op) + nnh * sizeof(op->nh[0]))) == NULL)
		return NULL;
	op->del = (uint8_t)del;
	op->nnh = (uint8_t)nnh;
	if (nnh > 0)
		memcpy(op->nh, nh, nnh * sizeof(op->nh[0]));
	return op;
}

static int
nh_same(const struct fib_op *a, const struct fib_op *b)
{
	size_t	 i;

	if (a->nnh != b->nnh)
		return 0;
	for (i = 0; i < a->nnh; i++)
		if (addr_cmp(&a->nh[i].gw, &b->nh[i].gw) != 0 ||
		    a->nh[i].ifindex != b->nh[i].ifindex ||
		    a->nh[i].blackhole != b->nh[i].blackhole)
			return 0;
	return 1;
}

/*
 * Only deletes and replacements caused by another process reach the
 * watcher: every route we install or change is a notification too (a
 * million at a full table), so the kernel drops ours, its own (pid 0) and
 * everyone's plain adds before they are queued.  A classic BPF program
 * sees the nlmsghdr at offset 0 and loads in network order, hence
 * htons/htonl on our side.
 */
static int
watch_filter(const struct fib_nl *f, int fd)
{
	struct sock_filter	 code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_type)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE), 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWROUTE), 0, 6),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_flags)),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, htons(NLM_F_REPLACE), 0,
		    4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_pid)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htonl(f->portid), 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),	/* keep */
		BPF_STMT(BPF_RET | BPF_K, 0),		/* drop */
	};
	struct sock_fprog	 prog = { sizeof(code) / sizeof(code[0]), code };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

/*
 * The watcher: a socket of its own in the route groups, so the writer's
 * ACKs never mix with notifications.  Without it xrsh still installs;
 * it only does not see someone else's deletes.
 */
static void
watch_open(struct fib_nl *f)
{
	int	 rcv = RCVBUF_BYTES, fd;

	if ((f->watch = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		goto fail;
	if (mnl_socket_bind(f->watch, RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE,
	    MNL_SOCKET_AUTOPID) == -1)
		goto fail;
	fd = mnl_socket_get_fd(f->watch);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		goto fail;
	if (watch_filter(f, fd) == -1)
		goto fail;
	/* someone's `ip route flush` of a full table is a million deletes */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv,
	    sizeof(rcv)) == -1)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	return;
fail:
	log_warnx("%%ROUTING-FIB-4-NOWATCH : Kernel table %u: routes deleted "
	    "by other processes will not be seen: %s", f->table,
	    strerror(errno));
	if (f->watch != NULL)
		mnl_socket_close(f->watch);
	f->watch = NULL;
}

struct fib_nl *
fib_nl_open(uint32_t table, uint8_t protocol, char *err, size_t errlen)
{
	struct fib_nl	*f;
	int		 one = 1, rcv = RCVBUF_BYTES, i;
	struct timeval	 tv = { ACK_TIMEOUT_SECS, 0 };

	if (table == 0) {
		snprintf(err, errlen, "Table 0 is not a routing table");
		return NULL;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->buf = malloc(BATCH_BYTES)) == NULL ||
	    (f->ops = calloc(BATCH_OPS, sizeof(*f->ops))) == NULL ||
	    (f->b = mnl_nlmsg_batch_start(f->buf, BATCH_BYTES)) == NULL)
		goto nomem;
	for (i = 0; i < 2; i++)
		if ((f->inst[i] = pfxtable_new(i ? AF_V6 : AF_V4)) == NULL ||
		    (f->pend[i] = pfxtable_new(i ? AF_V6 : AF_V4)) == NULL ||
		    (f->held[i] = pfxtable_new(i ? AF_V6 : AF_V4)) == NULL)
			goto nomem;
	f->table = table;
	f->proto = protocol;
	f->st.table = table;
	if ((f->nl = mnl_socket_open(NETLINK_ROUTE)) == NULL) {
		snprintf(err, errlen, "rtnetlink socket: %s", strerror(errno));
		goto fail;
	}
	if (mnl_socket_bind(f->nl, 0, MNL_SOCKET_AUTOPID) == -1) {
		snprintf(err, errlen, "rtnetlink bind: %s", strerror(errno));
		goto fail;
	}
	f->portid = mnl_socket_get_portid(f->nl);
	f->seq = (uint32_t)time(NULL);
	/* small errors (the request's header only) with the kernel's text */
	mnl_socket_setsockopt(f->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(f->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	/* room for an error per operation of a batch; FORCE needs root */
	if (setsockopt(mnl_socket_get_fd(f->nl), SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcv, sizeof(rcv)) == -1)
		setsockopt(mnl_socket_get_fd(f->nl), SOL_SOCKET, SO_RCVBUF,
		    &rcv, sizeof(rcv));
	/* a lost ACK must not hang the router */
	setsockopt(mnl_socket_get_fd(f->nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv));
	watch_open(f);
	return f;
nomem:
	snprintf(err, errlen, "Out of memory");
fail:
	fib_nl_abandon(f);
	return NULL;
}

void
fib_nl_abandon(struct fib_nl *f)
{
	int	 i;

	if (f == NULL)
		return;
	for (i = 0; i < 2; i++) {
		if (f->pend[i] != NULL)
			pfxtable_free(f->pend[i], op_free);
		if (f->inst[i] != NULL)
			pfxtable_free(f->inst[i], inst_free);
		if (f->held[i] != NULL)
			pfxtable_free(f->held[i], inst_free);
	}
	if (f->nl != NULL)
		mnl_socket_close(f->nl);
	if (f->watch != NULL)
		mnl_socket_close(f->watch);
	if (f->b != NULL)
		mnl_nlmsg_batch_stop(f->b);
	free(f->buf);
	free(f->ops);
	free(f);
}

/* ---- queueing ---- */

static int
queue(struct fib_nl *f, const struct xprefix *pfx, struct fib_op *op)
{
	struct xprefix	 p = *pfx;
	void		*old;

	prefix_mask(&p);
	if (pfxtable_put(f->pend[afi(p.addr.af)], &p, op, &old) == -1) {
		free(op);
		return -1;
	}
	if (old != NULL)
		op_free(old);
	/* newer than what waited for the prefix to be free */
	if ((old = pfxtable_del(f->held[afi(p.addr.af)], &p)) != NULL)
		free(old);
	return 0;
}

int
fib_nl_set(struct fib_nl *f, const struct fib_route *r)
{
	struct fib_op	*op;

	if (r->pfx.addr.af != AF_V4 && r->pfx.addr.af != AF_V6)
		return -1;
	if (!nh_valid(r->pfx.addr.af, r->nh, r->nnh))
		return -1;
	if ((op = op_new(0, r->nh, r->nnh)) == NULL)
		return -1;
	return queue(f, &r->pfx, op);
}

int
fib_nl_del(struct fib_nl *f, const struct xprefix *pfx)
{
	struct fib_op	*op;
	struct xprefix	 p = *pfx;
	int		 i;

	if (p.addr.af != AF_V4 && p.addr.af != AF_V6)
		return -1;
	prefix_mask(&p);
	i = afi(p.addr.af);
	if (pfxtable_get(f->inst[i], &p) == NULL) {
		/* never installed: a queued or held set is simply dropped */
		if ((op = pfxtable_del(f->pend[i], &p)) != NULL)
			op_free(op);
		if ((op = pfxtable_del(f->held[i], &p)) != NULL)
			free(op);
		return 0;
	}
	if ((op = op_new(1, NULL, 0)) == NULL)
		return -1;
	return queue(f, &p, op);
}

size_t
fib_nl_pending(const struct fib_nl *f)
{
	return pfxtable_count(f->pend[0]) + pfxtable_count(f->pend[1]);
}

int
fib_nl_installed(const struct fib_nl *f, const struct xprefix *pfx)
{
	struct xprefix	 p = *pfx;

	if (p.addr.af != AF_V4 && p.addr.af != AF_V6)
		return 0;
	prefix_mask(&p);
	return pfxtable_get(f->inst[afi(p.addr.af)], &p) != NULL;
}

void
fib_nl_stats(const struct fib_nl *f, struct fib_stats *st)
{
	*st = f->st;
	st->installed = pfxtable_count(f->inst[0]) +
	    pfxtable_count(f->inst[1]);
	st->held = pfxtable_count(f->held[0]) + pfxtable_count(f->held[1]);
	st->pending = fib_nl_pending(f);
}

/* ---- batches ---- */

static void
fail_note(struct fib_nl *f, const struct bop *o, const char *extack)
{
	char	 p[PREFIX_STRLEN];

	prefix_format(&o->pfx, p, sizeof(p));
	f->st.errors++;
	snprintf(f->st.last_error, sizeof(f->st.last_error), "%s %s: %s%s%s",
	    o->del ? "delete" : o->isnew ? "add" : "change", p,
	    strerror(o->err), extack[0] ? ": " : "", extack);
	log_warnx("%%ROUTING-FIB-3-ERROR : Kernel table %u: %s", f->table,
	    f->st.last_error);
}

static void
extack_msg(const struct nlmsghdr *nlh, char *out, size_t outlen)
{
	const struct nlmsgerr	*e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr	*a;
	size_t			 off;

	out[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - sizeof(e->msg));
	}
	if (MNL_NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, outlen, "%s", mnl_attr_get_str(a));
			return;
		}
}

/* Reads the errors of the batch and its final ACK into the ops. */
static int
batch_recv(struct fib_nl *f, uint32_t last_seq, char extacks[][96])
{
	char			 buf[16384];
	struct nlmsghdr		*nlh;
	const struct nlmsgerr	*e;
	ssize_t			 got;
	int			 n, done = 0;
	uint32_t		 i;

	while (!done) {
		got = mnl_socket_recvfrom(f->nl, buf, sizeof(buf));
		if (got == -1) {
			if (errno == EINTR)
				continue;
			snprintf(f->st.last_error, sizeof(f->st.last_error),
			    "no answer from the kernel: %s", errno == EAGAIN ?
			    "timed out" : strerror(errno));
			log_warnx("%%ROUTING-FIB-3-ERROR : Kernel table %u: %s",
			    f->table, f->st.last_error);
			return -1;
		}
		n = (int)got;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, n);
		    nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
				continue;
			e = mnl_nlmsg_get_payload(nlh);
			i = nlh->nlmsg_seq - f->first_seq;
			if (i < f->nops && e->error != 0) {
				f->ops[i].err = -e->error;
				extack_msg(nlh, extacks[i], 96);
			}
			if (nlh->nlmsg_seq == last_seq)
				done = 1;
		}
	}
	return 0;
}

/* What the kernel did, into the installed table. */
static void
batch_apply(struct fib_nl *f, char extacks[][96])
{
	struct bop	*o;
	struct fib_op	*old;
	size_t		 i;
	int		 t;

	for (i = 0; i < f->nops; i++) {
		o = &f->ops[i];
		t = afi(o->pfx.addr.af);
		if (o->del) {
			/* gone already (someone deleted it) is gone */
			if (o->err != 0 && o->err != ESRCH) {
				fail_note(f, o, extacks[i]);
				continue;
			}
			if (o->op == NULL) {
				f->st.stale_purged++;
				continue;
			}
			if ((old = pfxtable_del(f->inst[t], &o->pfx)) != NULL)
				free(old);
			f->st.deletes++;
			continue;
		}
		if (o->err != 0) {
			fail_note(f, o, extacks[i]);
			/* another process's route holds the prefix: ours
			   waits for it to go (the watcher sees that) */
			if (o->err == EEXIST && o->isnew &&
			    pfxtable_put(f->held[t], &o->pfx, o->op,
			    (void **)&old) == 0) {
				o->op->moved = 1;
				o->op->seen = 0;
				free(old);
			}
			continue;
		}
		if (pfxtable_put(f->inst[t], &o->pfx, o->op, (void **)&old)
		    == -1) {
			/* in the kernel but not remembered: the next start's
			   purge takes it */
			f->st.errors++;
			continue;
		}
		o->op->moved = 1;
		free(old);
		if (o->isnew)
			f->st.adds++;
		else
			f->st.changes++;
	}
}

static int
batch_send(struct fib_nl *f)
{
	static char	 extacks[BATCH_OPS][96];
	uint32_t	 last_seq;
	size_t		 i;
	int		 rc = 0;

	if (f->nops == 0)
		return 0;
	for (i = 0; i < f->nops; i++) {
		f->ops[i].err = 0;
		extacks[i][0] = '\0';
	}
	/* only the last asks for an ACK: it arrives after every error */
	f->last->nlmsg_flags |= NLM_F_ACK;
	last_seq = f->last->nlmsg_seq;
	if (mnl_socket_sendto(f->nl, mnl_nlmsg_batch_head(f->b),
	    mnl_nlmsg_batch_size(f->b)) == -1) {
		snprintf(f->st.last_error, sizeof(f->st.last_error),
		    "sendmsg: %s", strerror(errno));
		log_warnx("%%ROUTING-FIB-3-ERROR : Kernel table %u: %s",
		    f->table, f->st.last_error);
		rc = -1;
	} else if (batch_recv(f, last_seq, extacks) == -1)
		rc = -1;
	else {
		f->st.batches++;
		f->st.messages += f->nops;
		batch_apply(f, extacks);
	}
	if (rc == -1) {
		f->st.errors += f->nops;
		f->sockerr = 1;
	}
	mnl_nlmsg_batch_reset(f->b);
	f->nops = 0;
	f->last = NULL;
	return rc;
}

/* Adds one operation to the batch, sending the batch first when full. */
static int
batch_add(struct fib_nl *f, const struct xprefix *pfx, struct fib_op *op,
    int del, const struct fib_nh *nh, size_t nnh, uint32_t metric,
    uint16_t flags)
{
	size_t	 n, room;
	int	 tries;

	for (tries = 0; tries < 2; tries++) {
		if (f->nops == BATCH_OPS && batch_send(f) == -1)
			return -1;
		room = BATCH_BYTES - mnl_nlmsg_batch_size(f->b);
		n = build(mnl_nlmsg_batch_current(f->b), room, del, pfx, nh,
		    nnh, f->table, f->proto, metric, flags, f->seq);
		if (n > 0)
			break;
		if (f->nops == 0)
			return 0;	/* can't be said: refused at queueing */
		if (batch_send(f) == -1)
			return -1;
	}
	if (n == 0)
		return 0;
	if (f->nops == 0)
		f->first_seq = f->seq;
	f->last = mnl_nlmsg_batch_current(f->b);
	f->ops[f->nops].pfx = *pfx;
	f->ops[f->nops].op = op;
	f->ops[f->nops].del = (uint8_t)del;
	f->ops[f->nops].isnew = !(flags & NLM_F_REPLACE);
	f->nops++;
	f->seq++;
	mnl_nlmsg_batch_next(f->b);
	return 0;
}

static int
flush_one(const struct xprefix *pfx, void *value, void *arg)
{
	struct fib_nl	*f = arg;
	struct fib_op	*op = value, *cur;

	cur = pfxtable_get(f->inst[afi(pfx->addr.af)], pfx);
	if (op->del) {
		if (cur == NULL)
			return 0;
		return batch_add(f, pfx, op, 1, NULL, 0, FIB_METRIC, 0) == -1;
	}
	if (cur != NULL && nh_same(cur, op))
		return 0;
	/* a first install never overwrites a route that is not ours */
	return batch_add(f, pfx, op, 0, op->nh, op->nnh, FIB_METRIC,
	    NLM_F_CREATE | (cur != NULL ? NLM_F_REPLACE : NLM_F_EXCL)) == -1;
}

static double
now_mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
fib_nl_flush(struct fib_nl *f)
{
	struct pfxtable	*fresh[2] = { NULL, NULL };
	uint64_t	 errors = f->st.errors;
	double		 t0 = now_mono();
	int		 i, rc = 0;

	if (fib_nl_pending(f) == 0)
		return 0;
	for (i = 0; i < 2; i++)
		if ((fresh[i] = pfxtable_new(i ? AF_V6 : AF_V4)) == NULL) {
			if (fresh[0] != NULL)
				pfxtable_free(fresh[0], NULL);
			return -1;
		}
	f->sockerr = 0;
	for (i = 0; i < 2 && rc == 0; i++)
		if (pfxtable_walk(f->pend[i], flush_one, f) != 0)
			rc = -1;
	if (rc == 0 && batch_send(f) == -1)
		rc = -1;
	if (rc == -1) {
		/* what was not sent is dropped with the queue */
		mnl_nlmsg_batch_reset(f->b);
		f->nops = 0;
	}
	for (i = 0; i < 2; i++) {
		pfxtable_free(f->pend[i], op_free);
		f->pend[i] = fresh[i];
	}
	f->st.last_flush_secs = now_mono() - t0;
	if (rc == -1 || f->sockerr)
		return -1;
	return (int)(f->st.errors - errors);
}

/* ---- stale routes ---- */

struct stale {
	struct fib_nl	*f;
	struct xprefix	*v;
	uint32_t	*metric;
	size_t		 n, cap;
	int		 collect;	/* routes not ours into v */
	int		 oom;
};

static int
attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr	**tb = data;
	int			 type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RTA_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

/*
 * A route message in our table: its prefix, metric and protocol.  0, or
 * -1 for anything else (another table or family; a malformed message).
 * nlh's length lies within the caller's buffer.
 */
static int
route_key(const struct fib_nl *f, const struct nlmsghdr *nlh,
    struct xprefix *p, uint32_t *metric, uint8_t *proto)
{
	const struct nlattr	*tb[RTA_MAX + 1];
	const struct rtmsg	*rtm;
	uint32_t		 table;
	size_t			 al;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm))
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return -1;
	*proto = rtm->rtm_protocol;
	memset(tb, 0, sizeof(tb));
	if (mnl_attr_parse(nlh, sizeof(*rtm), attr_cb, tb) != MNL_CB_OK)
		return -1;
	table = rtm->rtm_table;
	if (tb[RTA_TABLE] != NULL) {
		if (mnl_attr_validate(tb[RTA_TABLE], MNL_TYPE_U32) != 0)
			return -1;
		table = mnl_attr_get_u32(tb[RTA_TABLE]);
	}
	if (table != f->table)
		return -1;
	memset(p, 0, sizeof(*p));
	p->addr.af = rtm->rtm_family == AF_INET ? AF_V4 : AF_V6;
	al = alen(p->addr.af);
	p->len = rtm->rtm_dst_len;
	if (p->len > al * 8)
		return -1;
	if (tb[RTA_DST] != NULL) {
		if (mnl_attr_get_payload_len(tb[RTA_DST]) != al)
			return -1;
		memcpy(p->addr.a, mnl_attr_get_payload(tb[RTA_DST]), al);
	} else if (p->len != 0)
		return -1;
	*metric = 0;
	if (tb[RTA_PRIORITY] != NULL) {
		if (mnl_attr_validate(tb[RTA_PRIORITY], MNL_TYPE_U32) != 0)
			return -1;
		*metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	}
	prefix_mask(p);
	return 0;
}

static int
dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stale		*s = data;
	struct xprefix		 p, *v;
	struct fib_op		*op;
	uint32_t		 metric, *m;
	uint8_t			 proto;
	size_t			 cap;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	/* another protocol's route (most of a full table) matters only
	   while we wait for a prefix: not parsed otherwise */
	if (nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(struct rtmsg) &&
	    ((const struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_protocol
	    != s->f->proto && pfxtable_count(s->f->held[0]) == 0 &&
	    pfxtable_count(s->f->held[1]) == 0)
		return MNL_CB_OK;
	if (route_key(s->f, nlh, &p, &metric, &proto) == -1)
		return MNL_CB_OK;
	if (proto != s->f->proto) {
		/* a prefix we wait for, still held by someone else */
		if (metric == FIB_METRIC && (op = pfxtable_get(
		    s->f->held[afi(p.addr.af)], &p)) != NULL)
			op->seen = 1;
		return MNL_CB_OK;
	}
	/* ours from this run stays; a reconcile notes it is there */
	if ((op = pfxtable_get(s->f->inst[afi(p.addr.af)], &p)) != NULL) {
		if (metric == FIB_METRIC)
			op->seen = 1;
		return MNL_CB_OK;
	}
	if (!s->collect)
		return MNL_CB_OK;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 64;
		if ((v = reallocarray(s->v, cap, sizeof(*v))) == NULL) {
			s->oom = 1;
			return MNL_CB_ERROR;
		}
		s->v = v;
		if ((m = reallocarray(s->metric, cap, sizeof(*m))) == NULL) {
			s->oom = 1;
			return MNL_CB_ERROR;
		}
		s->metric = m;
		s->cap = cap;
	}
	s->v[s->n] = p;
	s->metric[s->n++] = metric;
	return MNL_CB_OK;
}

static int
dump(struct fib_nl *f, struct stale *s)
{
	char		 buf[32768];	/* MNL_SOCKET_DUMP_SIZE */
	struct nlmsghdr	*nlh;
	struct rtmsg	*rtm;
	uint32_t	 seq = f->seq++;
	ssize_t		 n;
	int		 rc;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_UNSPEC;
	if (mnl_socket_sendto(f->nl, nlh, nlh->nlmsg_len) == -1)
		return -1;
	for (;;) {
		n = mnl_socket_recvfrom(f->nl, buf, sizeof(buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		rc = mnl_cb_run(buf, nl_whole_messages(buf, (size_t)n, NULL),
		    seq, f->portid, dump_cb, s);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc == MNL_CB_ERROR)
			return -1;
	}
}

int
fib_nl_purge_stale(struct fib_nl *f)
{
	struct stale	 s;
	uint64_t	 before = f->st.stale_purged;
	size_t		 i;
	int		 rc = 0;

	memset(&s, 0, sizeof(s));
	s.f = f;
	s.collect = 1;
	if (dump(f, &s) == -1) {
		snprintf(f->st.last_error, sizeof(f->st.last_error),
		    "reading table %u: %s", f->table, s.oom ? "Out of memory" :
		    strerror(errno));
		log_warnx("%%ROUTING-FIB-3-ERROR : %s", f->st.last_error);
		rc = -1;
	}
	for (i = 0; i < s.n && rc == 0; i++)
		if (batch_add(f, &s.v[i], NULL, 1, NULL, 0, s.metric[i], 0)
		    == -1)
			rc = -1;
	if (rc == 0 && batch_send(f) == -1)
		rc = -1;
	free(s.v);
	free(s.metric);
	if (f->st.stale_purged > before)
		log_info("%%ROUTING-FIB-5-STALE : Removed %llu routes of "
		    "protocol %u left in kernel table %u by an earlier run",
		    (unsigned long long)(f->st.stale_purged - before),
		    f->proto, f->table);
	return rc == -1 ? -1 : (int)(f->st.stale_purged - before);
}

/* ---- someone else's deletes ---- */

int
fib_nl_watch_fd(const struct fib_nl *f)
{
	return f->watch != NULL ? mnl_socket_get_fd(f->watch) : -1;
}

static int
watch_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fib_nl	*f = data;
	struct xprefix	 p;
	uint32_t	 metric;
	uint8_t		 proto;
	int		 t;

	if (nlh->nlmsg_type != RTM_DELROUTE &&
	    (nlh->nlmsg_type != RTM_NEWROUTE ||
	    !(nlh->nlmsg_flags & NLM_F_REPLACE)))
		return MNL_CB_OK;
	/* our own batch's, or the kernel's own (a link went down) */
	if (nlh->nlmsg_pid == f->portid || nlh->nlmsg_pid == 0)
		return MNL_CB_OK;
	if (route_key(f, nlh, &p, &metric, &proto) == -1 ||
	    metric != FIB_METRIC)
		return MNL_CB_OK;
	t = afi(p.addr.af);
	if (nlh->nlmsg_type == RTM_DELROUTE) {
		/* one of ours deleted, or a prefix we wait for freed */
		if (proto == f->proto ?
		    pfxtable_get(f->inst[t], &p) == NULL :
		    pfxtable_get(f->held[t], &p) == NULL)
			return MNL_CB_OK;
	} else if (proto == f->proto || pfxtable_get(f->inst[t], &p) == NULL)
		return MNL_CB_OK;	/* not one of ours replaced */
	return MNL_CB_STOP;		/* one is enough: the reconcile reads all */
}

int
fib_nl_watch_parse(struct fib_nl *f, const void *buf, size_t len)
{
	/* sequence and port 0: notifications carry the causing request's */
	return mnl_cb_run(buf, nl_whole_messages(buf, len, NULL), 0, 0,
	    watch_cb, f) == MNL_CB_STOP;
}

int
fib_nl_watch_read(struct fib_nl *f)
{
	char		 buf[32768] __attribute__((aligned(8)));
	ssize_t		 n;
	int		 due = 0, cut;

	if (f->watch == NULL)
		return 0;
	for (;;) {
		n = nl_recv_kernel(mnl_socket_get_fd(f->watch), buf,
		    sizeof(buf), MSG_DONTWAIT, &cut, NULL);
		if (n == 0)
			return due;
		if (n < 0) {
			/* lost notifications: a delete may be among them */
			if (errno == ENOBUFS) {
				due = 1;
				continue;
			}
			return -1;
		}
		/* a cut datagram may have held a delete */
		if (cut || fib_nl_watch_parse(f, buf, (size_t)n))
			due = 1;
	}
}

struct missing {
	struct xprefix	*v;
	size_t		 n, cap;
	int		 oom;
};

static int
missing_one(const struct xprefix *pfx, void *value, void *arg)
{
	struct fib_op	*op = value;
	struct missing	*m = arg;
	struct xprefix	*v;
	size_t		 cap;

	if (op->seen) {
		op->seen = 0;
		return 0;
	}
	if (m->n == m->cap) {
		cap = m->cap ? m->cap * 2 : 64;
		if ((v = reallocarray(m->v, cap, sizeof(*v))) == NULL) {
			m->oom = 1;
			return 1;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = *pfx;
	return 0;
}

static int
clear_seen(const struct xprefix *pfx, void *value, void *arg)
{
	(void)pfx;
	(void)arg;
	((struct fib_op *)value)->seen = 0;
	return 0;
}

/* Moves the prefixes of m from `from` into the queue as first installs
 * (unless something newer is queued), so a route someone else put there
 * meanwhile is never overwritten. */
static int
requeue(struct fib_nl *f, struct pfxtable *from[2], const struct missing *m)
{
	struct fib_op	*op;
	size_t		 i;
	int		 t, rc = 0;

	for (i = 0; i < m->n; i++) {
		t = afi(m->v[i].addr.af);
		if ((op = pfxtable_del(from[t], &m->v[i])) == NULL)
			continue;
		op->moved = 0;
		op->seen = 0;
		if (pfxtable_get(f->pend[t], &m->v[i]) != NULL) {
			free(op);
			continue;
		}
		if (queue(f, &m->v[i], op) == -1)
			rc = -1;
	}
	return rc;
}

static size_t
count_installed(const struct fib_nl *f, const struct missing *m)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->n; i++)
		if (pfxtable_get(f->inst[afi(m->v[i].addr.af)], &m->v[i]) !=
		    NULL)
			n++;
	return n;
}

/* after a failed reconcile: no mark may outlive it */
static void
clear_all_seen(struct fib_nl *f)
{
	int	 t;

	for (t = 0; t < 2; t++) {
		pfxtable_walk(f->inst[t], clear_seen, NULL);
		pfxtable_walk(f->held[t], clear_seen, NULL);
	}
}

int
fib_nl_reconcile(struct fib_nl *f)
{
	struct stale	 s;
	struct missing	 m, h;
	size_t		 back, freed;
	int		 t, rc = 0;

	memset(&s, 0, sizeof(s));
	memset(&m, 0, sizeof(m));
	memset(&h, 0, sizeof(h));
	s.f = f;
	f->st.reconciles++;
	if (dump(f, &s) == -1) {
		snprintf(f->st.last_error, sizeof(f->st.last_error),
		    "reading table %u: %s", f->table, strerror(errno));
		log_warnx("%%ROUTING-FIB-3-ERROR : %s", f->st.last_error);
		clear_all_seen(f);
		return -1;
	}
	/* ours the kernel lost (deleted, or replaced by another route), and
	   prefixes we wait for that nothing holds any more */
	for (t = 0; t < 2 && !m.oom; t++)
		pfxtable_walk(f->inst[t], missing_one, &m);
	for (t = 0; t < 2 && !m.oom && !h.oom; t++)
		pfxtable_walk(f->held[t], missing_one, &h);
	if (m.oom || h.oom) {
		clear_all_seen(f);
		free(m.v);
		free(h.v);
		return -1;
	}
	if (requeue(f, f->inst, &m) == -1 || requeue(f, f->held, &h) == -1)
		rc = -1;
	if (m.n + h.n > 0 && fib_nl_flush(f) == -1)
		rc = -1;
	back = count_installed(f, &m);
	freed = count_installed(f, &h);
	f->st.reinstalled += back + freed;
	if (m.n > 0)
		log_warnx("%%ROUTING-FIB-4-REINSTALLED : Kernel table %u: %zu "
		    "route%s of ours deleted or replaced by another process, "
		    "%zu installed again", f->table, m.n, m.n == 1 ? "" : "s",
		    back);
	if (h.n > 0)
		log_info("%%ROUTING-FIB-5-INSTALLED : Kernel table %u: %zu "
		    "prefix%s no longer held by another process's route, %zu "
		    "installed", f->table, h.n, h.n == 1 ? "" : "es", freed);
	free(m.v);
	free(h.v);
	return rc == -1 ? -1 : (int)(back + freed);
}

/* ---- close ---- */

static int
queue_del(const struct xprefix *pfx, void *value, void *arg)
{
	(void)value;
	return fib_nl_del(arg, pfx) == -1;
}

void
fib_nl_close(struct fib_nl *f)
{
	int	 i;

	if (f == NULL)
		return;
	for (i = 0; i < 2; i++) {
		pfxtable_free(f->pend[i], op_free);
		f->pend[i] = pfxtable_new(i ? AF_V6 : AF_V4);
	}
	if (f->pend[0] != NULL && f->pend[1] != NULL) {
		for (i = 0; i < 2; i++)
			pfxtable_walk(f->inst[i], queue_del, f);
		fib_nl_flush(f);
	}
	fib_nl_abandon(f);
}
