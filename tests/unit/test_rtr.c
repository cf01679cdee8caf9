/*
 * test_rtr: the RTR client against real stayrtr caches on loopback.
 * Each stayrtr serves a JSON file (rpki-client's format) this test
 * writes; the test drives rtr_apply and the event loop until the ROA
 * table holds what the file says (bounded waits, never a sleep taken
 * as an assertion).  stayrtr is a test dependency (Debian package
 * stayrtr, installed by .ci/run): without it the test fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "core/bgp/roa.h"
#include "core/bgp/rtr.h"
#include "core/lib/loop.h"
#include "tests/unit/t.h"

#define WAIT_S		20.0	/* upper bound of every wait */
#define NCACHE		2

static char	 tmpdir[64];
static pid_t	 cache_pid[NCACHE];
static struct roa_table *roa;

/* prefixes reported by the change callback */
static struct xprefix	 changed[256];
static size_t		 nchanged;

static void
on_change(const struct xprefix *p, void *arg)
{
	(void)arg;
	if (nchanged < sizeof(changed) / sizeof(changed[0]))
		changed[nchanged++] = *p;
}

static int
was_changed(const char *s)
{
	struct xprefix	 p;
	size_t		 i;

	if (prefix_parse(s, &p, 0) == -1)
		return 0;
	for (i = 0; i < nchanged; i++)
		if (prefix_cmp(&changed[i], &p) == 0)
			return 1;
	return 0;
}

static void
kill_cache(int i)
{
	if (cache_pid[i] > 0) {
		kill(cache_pid[i], SIGKILL);
		(void)waitpid(cache_pid[i], NULL, 0);
		cache_pid[i] = 0;
	}
}

static void
cleanup(void)
{
	char	 cmd[128];
	int	 i;

	for (i = 0; i < NCACHE; i++)
		kill_cache(i);
	if (tmpdir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

static uint16_t
free_port(const char *addr)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd;
	uint16_t		 port = 0;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
port_open(const char *addr, uint16_t port)
{
	struct sockaddr_in	 sin;
	int			 fd, rc;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	inet_pton(AF_INET, addr, &sin.sin_addr);
	rc = connect(fd, (struct sockaddr *)&sin, sizeof(sin));
	close(fd);
	return rc == 0;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Atomic, so stayrtr never reads half a file. */
static int
write_vrps(const char *path, const char *roas)
{
	char	 tmp[128];
	FILE	*f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "{\"metadata\":{\"buildtime\":\"2026-01-01T00:00:00Z\"},"
	    "\"roas\":[%s]}\n", roas);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

static int
have_stayrtr(void)
{
	const char	*path = getenv("PATH");
	char		 buf[512], *p, *save = NULL;

	if (path == NULL)
		path = "/usr/bin:/bin";
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ":", &save); p != NULL;
	    p = strtok_r(NULL, ":", &save)) {
		char	 f[600];

		snprintf(f, sizeof(f), "%s/stayrtr", p);
		if (access(f, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* Starts cache i serving path on addr and *port (0: a free one); 0
   when it listens. */
static int
start_cache(int i, const char *addr, const char *path, uint16_t *port)
{
	char	 bind[32], metrics[32], logf[128];
	uint16_t mport;
	double	 until;
	pid_t	 pid;
	int	 fd;

	if (*port == 0)
		*port = free_port(addr);
	mport = free_port(addr);
	if (*port == 0 || mport == 0 || *port == mport)
		return -1;
	snprintf(bind, sizeof(bind), "%s:%u", addr, *port);
	snprintf(metrics, sizeof(metrics), "%s:%u", addr, mport);
	snprintf(logf, sizeof(logf), "%s/stayrtr%d.log", tmpdir, i);
	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		/* dies with the test, even when the test crashes */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if ((fd = open(logf, O_WRONLY | O_CREAT | O_TRUNC, 0644)) !=
		    -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execlp("stayrtr", "stayrtr", "-bind", bind, "-cache", path,
		    "-checktime=false", "-metrics.addr", metrics,
		    "-refresh", "1", (char *)NULL);
		_exit(127);
	}
	cache_pid[i] = pid;
	until = now() + WAIT_S;
	while (now() < until) {
		if (port_open(addr, *port))
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			cache_pid[i] = 0;
			fprintf(stderr, "stayrtr exited, see %s\n", logf);
			return -1;
		}
		usleep(20000);
	}
	return -1;
}

/* Runs the loop until cond() holds or WAIT_S pass; returns cond(). */
static int
wait_for(int (*cond)(void))
{
	double	 until = now() + WAIT_S;

	while (!cond() && now() < until)
		(void)loop_run_once(50);
	return cond();
}

/* The VRP is in the table: a route it describes is valid. */
static int
has_vrp(const char *pfx, uint32_t asn)
{
	struct xprefix	 p;

	if (prefix_parse(pfx, &p, 0) == -1)
		return 0;
	return roa_validate(roa, &p, asn, 1) == RPKI_VALID;
}

/* The VRPs come before the End of Data that makes the server ESTAB. */
static int
cond_first_sync(void)
{
	struct rtr_server_info	 i;

	return roa_count(roa, 0) == 3 && rtr_server("127.0.0.1", &i) == 0 &&
	    strcmp(i.state, "ESTAB") == 0;
}

static int
cond_rewrite(void)
{
	struct xprefix	 p;

	(void)prefix_parse("198.51.100.0/24", &p, 0);
	return has_vrp("203.0.113.0/24", 65004) &&
	    roa_validate(roa, &p, 65003, 1) == RPKI_NOT_FOUND;
}

static unsigned	 slot2;

static int
cond_failover(void)
{
	struct rtr_server_info	 i;

	return has_vrp("10.0.0.0/8", 65010) &&
	    roa_count_source(roa, slot2, 0) == 1 &&
	    rtr_server("127.0.0.2", &i) == 0 && strcmp(i.state, "ESTAB") == 0;
}

static unsigned	 slot1;

static int
cond_purged(void)
{
	return roa_count_source(roa, slot1, 0) == 0;
}

static int
cond_failback(void)
{
	return roa_count_source(roa, slot1, 0) == 3 &&
	    roa_count_source(roa, slot2, 0) == 0;
}

static void
server_cfg(struct rtr_server_cfg *c, const char *host, uint16_t port,
    unsigned pref)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->host, sizeof(c->host), "%s", host);
	c->port = port;
	c->refresh_time = 30;
	c->response_time = 5;
	c->purge_time = 3;
	c->preference = pref;
}

int
main(void)
{
	struct rtr_server_cfg	 cfg[3];
	struct rtr_server_info	 info, info2;
	struct strbuf		 rep = STRBUF_INIT;
	char			 file1[96], file2[96], err[256];
	uint16_t		 port1, port2;
	time_t			 since;

	if (!have_stayrtr()) {
		fprintf(stderr, "test_rtr: stayrtr is not installed (Debian "
		    "package stayrtr; .ci/run installs it)\n");
		T_ASSERT(!"stayrtr installed");
		return T_DONE();
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_rtr.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		tmpdir[0] = '\0';
		T_ASSERT(!"mkdtemp");
		return T_DONE();
	}
	atexit(cleanup);
	snprintf(file1, sizeof(file1), "%s/vrps1.json", tmpdir);
	snprintf(file2, sizeof(file2), "%s/vrps2.json", tmpdir);
	T_EQ_INT(write_vrps(file1,
	    "{\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,"
	    "\"asn\":\"AS65001\"},"
	    "{\"prefix\":\"2001:db8::/32\",\"maxLength\":48,\"asn\":65002},"
	    "{\"prefix\":\"198.51.100.0/22\",\"maxLength\":24,"
	    "\"asn\":\"AS65003\"}"), 0);
	T_EQ_INT(write_vrps(file2,
	    "{\"prefix\":\"10.0.0.0/8\",\"maxLength\":8,\"asn\":\"AS65010\"}"),
	    0);
	port1 = port2 = 0;
	if (start_cache(0, "127.0.0.1", file1, &port1) == -1 ||
	    start_cache(1, "127.0.0.2", file2, &port2) == -1) {
		T_ASSERT(!"stayrtr started");
		return T_DONE();
	}

	roa = roa_table_new();
	T_ASSERT(roa != NULL);
	rtr_init(roa, on_change, NULL, 0, 1);

	/* one server: the file's VRPs arrive */
	server_cfg(&cfg[0], "127.0.0.1", port1, 1);
	T_EQ_INT(rtr_apply(cfg, 1, &rep, err, sizeof(err)), 0);
	T_ASSERT(strstr(sb_str(&rep), "RPKI server 127.0.0.1: started")
	    != NULL);
	T_ASSERT(wait_for(cond_first_sync));
	T_ASSERT(has_vrp("192.0.2.0/24", 65001));
	T_ASSERT(has_vrp("2001:db8::/48", 65002));
	T_ASSERT(has_vrp("198.51.100.0/24", 65003));
	T_ASSERT(was_changed("192.0.2.0/24"));
	T_ASSERT(was_changed("2001:db8::/32"));
	T_ASSERT(was_changed("198.51.100.0/22"));
	T_EQ_INT(rtr_server_count(), 1);
	T_EQ_INT(rtr_server("127.0.0.1", &info), 0);
	T_EQ_STR(info.state, "ESTAB");
	T_ASSERT(info.up);
	T_ASSERT(info.active);
	T_ASSERT(info.have_session);
	T_EQ_INT(info.vrps_v4, 2);
	T_EQ_INT(info.vrps_v6, 1);
	T_EQ_INT(info.refresh_neg, 30);
	T_EQ_INT(info.expire_neg, 3);
	T_ASSERT(info.last_update != 0);
	T_EQ_INT(rtr_server("127.0.0.2", &info2), -1);

	/* the file changes: one VRP leaves, one enters */
	nchanged = 0;
	T_EQ_INT(write_vrps(file1,
	    "{\"prefix\":\"192.0.2.0/24\",\"maxLength\":24,"
	    "\"asn\":\"AS65001\"},"
	    "{\"prefix\":\"2001:db8::/32\",\"maxLength\":48,\"asn\":65002},"
	    "{\"prefix\":\"203.0.113.0/24\",\"maxLength\":24,"
	    "\"asn\":\"AS65004\"}"), 0);
	T_ASSERT(wait_for(cond_rewrite));
	T_ASSERT(was_changed("203.0.113.0/24"));
	T_ASSERT(was_changed("198.51.100.0/22"));
	T_ASSERT(!was_changed("192.0.2.0/24"));
	T_EQ_INT(roa_count(roa, 0), 3);

	/* the same configuration again: nothing happens to the session */
	T_EQ_INT(rtr_server("127.0.0.1", &info), 0);
	since = info.state_since;
	sb_reset(&rep);
	nchanged = 0;
	T_EQ_INT(rtr_apply(cfg, 1, &rep, err, sizeof(err)), 0);
	T_EQ_STR(sb_str(&rep) ? sb_str(&rep) : "", "");
	(void)loop_run_once(0);
	T_EQ_INT(rtr_server("127.0.0.1", &info2), 0);
	T_EQ_STR(info2.state, "ESTAB");
	T_EQ_INT(info2.state_since, since);
	T_EQ_INT(info2.session_id, info.session_id);
	T_EQ_INT(nchanged, 0);
	T_EQ_INT(roa_count(roa, 0), 3);

	/* refused under loopback_only: an address outside loopback, and a
	   name (it could resolve anywhere); neither is connected */
	server_cfg(&cfg[1], "192.0.2.1", 323, 2);
	server_cfg(&cfg[2], "localhost", 323, 3);
	sb_reset(&rep);
	T_EQ_INT(rtr_apply(cfg, 3, &rep, err, sizeof(err)), 0);
	T_ASSERT(strstr(sb_str(&rep), "RPKI server 192.0.2.1: refused") !=
	    NULL);
	T_EQ_INT(rtr_server("192.0.2.1", &info2), 0);
	T_EQ_STR(info2.state, "REFUSED");
	T_ASSERT(!info2.active);
	T_EQ_INT(rtr_server("localhost", &info2), 0);
	T_EQ_STR(info2.state, "REFUSED");

	/* a host twice: an error, nothing changed */
	server_cfg(&cfg[1], "127.0.0.1", port2, 2);
	T_EQ_INT(rtr_apply(cfg, 2, &rep, err, sizeof(err)), -1);
	T_ASSERT(strstr(err, "configured twice") != NULL);
	T_EQ_INT(rtr_server_count(), 3);

	/* a less preferred server waits while the preferred one works;
	   the preferred one keeps its session through the commit */
	server_cfg(&cfg[1], "127.0.0.2", port2, 2);
	T_EQ_INT(rtr_apply(cfg, 2, &rep, err, sizeof(err)), 0);
	(void)loop_run_once(0);
	T_EQ_INT(rtr_server_count(), 2);
	T_EQ_INT(rtr_server("127.0.0.2", &info2), 0);
	T_EQ_STR(info2.state, "NONE");
	T_ASSERT(!info2.active);
	T_ASSERT(!has_vrp("10.0.0.0/8", 65010));
	T_EQ_INT(rtr_server("127.0.0.1", &info), 0);
	T_EQ_STR(info.state, "ESTAB");
	T_EQ_INT(info.state_since, since);
	slot1 = info.slot;
	slot2 = info2.slot;
	T_ASSERT(slot1 != slot2 && slot1 > 0 && slot2 > 0);

	/* the preferred cache dies: the second one takes over, and the
	   dead one's VRPs leave after purge-time */
	nchanged = 0;
	kill_cache(0);
	T_ASSERT(wait_for(cond_failover));
	T_EQ_INT(rtr_server("127.0.0.2", &info2), 0);
	T_EQ_STR(info2.state, "ESTAB");
	T_ASSERT(info2.active);
	T_ASSERT(was_changed("10.0.0.0/8"));
	T_ASSERT(wait_for(cond_purged));
	T_ASSERT(!has_vrp("192.0.2.0/24", 65001));
	T_ASSERT(was_changed("192.0.2.0/24"));
	T_EQ_INT(rtr_server("127.0.0.1", &info), 0);
	T_ASSERT(strcmp(info.state, "ESTAB") != 0);
	T_ASSERT(info.last_error[0] != '\0');

	/* it comes back: it takes over again, the second one stands by */
	T_EQ_INT(start_cache(0, "127.0.0.1", file1, &port1), 0);
	T_ASSERT(wait_for(cond_failback));
	T_ASSERT(has_vrp("192.0.2.0/24", 65001));
	T_EQ_INT(rtr_server("127.0.0.2", &info2), 0);
	T_EQ_STR(info2.state, "NONE");

	/* no servers: every VRP leaves */
	nchanged = 0;
	T_EQ_INT(rtr_apply(NULL, 0, &rep, err, sizeof(err)), 0);
	T_EQ_INT(roa_count(roa, 0), 0);
	T_ASSERT(was_changed("192.0.2.0/24"));
	T_EQ_INT(rtr_server_count(), 0);
	rtr_stop();

	/* offline: servers are listed, never connected */
	rtr_init(roa, on_change, NULL, 1, 1);
	T_EQ_INT(rtr_apply(cfg, 1, &rep, err, sizeof(err)), 0);
	(void)loop_run_once(200);
	T_EQ_INT(rtr_server("127.0.0.1", &info), 0);
	T_EQ_STR(info.state, "NONE");
	T_ASSERT(!info.active);
	T_EQ_INT(roa_count(roa, 0), 0);

	rtr_stop();
	roa_table_free(roa);
	sb_free(&rep);
	return T_DONE();
}
