/*
 * show route's B lines before anything feeds BGP routes into the RIB:
 * the real command table over an offline engine with `router bgp 65001`
 * and a static route for the next hops, BGP routes put into the RIB
 * directly (eBGP, iBGP, ECMP), then the list, the detail and the summary
 * read back.  Output goes to a file that each check reads from where the
 * last one stopped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds/cmds.h"
#include "core/bgp/engine.h"
#include "core/rt/rt.h"
#include "shell/cli_int.h"
#include "tests/unit/t.h"

static char	 outpath[] = "/tmp/xrsh-showroute-XXXXXX";
static long	 outpos;
static char	*out;

static void
take(void)
{
	FILE	*f;
	long	 end;

	fflush(stdout);
	fflush(stderr);
	free(out);
	out = NULL;
	if ((f = fopen(outpath, "r")) == NULL)
		return;
	fseek(f, 0, SEEK_END);
	end = ftell(f);
	if ((out = calloc(1, (size_t)(end - outpos) + 1)) != NULL) {
		fseek(f, outpos, SEEK_SET);
		if (fread(out, 1, (size_t)(end - outpos), f) == 0)
			out[0] = '\0';
	}
	outpos = end;
	fclose(f);
}

static int
has(const char *s)
{
	return out != NULL && strstr(out, s) != NULL;
}

static int
run(struct cli *cli, const char *line)
{
	int	 rc = cli_run_line(cli, line);

	take();
	return rc;
}

static void
bgp(const char *pfx, const char *nh1, const char *nh2, int ibgp)
{
	struct xprefix	 p;
	struct rt_path	 rp;

	memset(&rp, 0, sizeof(rp));
	rp.src = RT_SRC_BGP;
	rp.distance = ibgp ? RT_DIST_IBGP : RT_DIST_EBGP;
	rp.ibgp = (uint8_t)ibgp;
	rp.peer_as = ibgp ? 65001 : 65002;
	rp.nnh = nh2 != NULL ? 2 : 1;
	if (prefix_parse(pfx, &p, 0) == -1 ||
	    addr_parse(nh1, &rp.nh[0].gw) == -1 ||
	    (nh2 != NULL && addr_parse(nh2, &rp.nh[1].gw) == -1) ||
	    rt_put(&p, &rp) == -1)
		abort();
}

int
main(void)
{
	struct bgp_engine_opts	 eo;
	struct cli		*c;
	char			 err[512], cfg[64];
	int			 fd, saved;

	if ((fd = mkstemp(outpath)) == -1)
		return 1;
	snprintf(cfg, sizeof(cfg), "%s.cfg", outpath);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	memset(&eo, 0, sizeof(eo));
	eo.offline = 1;
	builtin_init();
	if (cmds_init() == -1 || bgp_engine_start(&eo, err, sizeof(err)) != 0)
		return 1;
	cmds_start(cfg, err, sizeof(err));
	if ((c = cli_new(CLI_BATCH, 0)) == NULL)
		return 1;
	T_EQ_INT(run(c, "configure"), CMD_OK);
	T_EQ_INT(run(c, "router bgp 65001"), CMD_OK);
	T_EQ_INT(run(c, "router static"), CMD_OK);
	T_EQ_INT(run(c, "address-family ipv4 unicast"), CMD_OK);
	/* the next hops resolve through a discard route: no host needed */
	T_EQ_INT(run(c, "198.18.0.0/15 Null0"), CMD_OK);
	T_EQ_INT(run(c, "commit"), CMD_OK);
	T_EQ_INT(run(c, "end"), CMD_OK);

	bgp("203.0.113.0/24", "198.18.1.1", NULL, 0);
	bgp("198.51.100.0/24", "198.18.1.1", "198.18.2.1", 0);
	bgp("100.80.0.0/12", "198.18.3.3", NULL, 1);
	/* not usable: its next hop does not resolve */
	bgp("100.64.0.0/12", "240.0.0.1", NULL, 0);

	T_EQ_INT(run(c, "show route bgp"), CMD_OK);
	T_ASSERT(has("B    203.0.113.0/24 [20/0] via 198.18.1.1, 00:00:0"));
	T_ASSERT(has("B    198.51.100.0/24 [20/0] via 198.18.1.1, 00:00:0"));
	T_ASSERT(has("\n                     [20/0] via 198.18.2.1, 00:00:0"));
	T_ASSERT(has("B    100.80.0.0/12 [200/0] via 198.18.3.3, 00:00:0"));
	T_ASSERT(!has("100.64.0.0") && !has("240.0.0.1"));
	T_ASSERT(!has("S    "));

	T_EQ_INT(run(c, "show route 203.0.113.9"), CMD_OK);
	T_ASSERT(has("Routing entry for 203.0.113.0/24\n"
	    "  Known via \"bgp 65001\", distance 20, metric 0\n"
	    "  Tag 65002, type external\n"
	    "  Installed "));
	T_ASSERT(has("  Routing Descriptor Blocks\n"
	    "    198.18.1.1, from 198.18.1.1, BGP external\n"
	    "      Route metric is 0\n"
	    "  No advertising protos.\n"));
	T_EQ_INT(run(c, "show route 100.80.0.0/12"), CMD_OK);
	T_ASSERT(has("  Tag 65001, type internal\n"));
	T_ASSERT(has("    198.18.3.3, from 198.18.3.3, BGP internal\n"));

	T_EQ_INT(run(c, "show route summary"), CMD_OK);
	T_ASSERT(has("\nstatic                           1          0          0"
	    "           "));
	T_ASSERT(has("\nbgp 65001                        3          0          0"
	    "           "));

	T_EQ_INT(run(c, "show route 203.0.113.0/24 | json"), CMD_OK);
	T_ASSERT(has("\"protocol\":\"bgp\""));
	T_ASSERT(has("\"peer_as\":65002"));
	T_ASSERT(has("\"bgp_type\":\"external\""));
	T_ASSERT(has("\"forwarding\":[{\"gateway\":\"198.18.1.1\","
	    "\"interface\":\"Null0\",\"blackhole\":true}]") ||
	    has("\"gateway\":null,\"interface\":\"Null0\""));

	/* the static goes: the BGP routes with it */
	T_EQ_INT(run(c, "configure"), CMD_OK);
	T_EQ_INT(run(c, "no router static"), CMD_OK);
	T_EQ_INT(run(c, "commit"), CMD_OK);
	T_EQ_INT(run(c, "end"), CMD_OK);
	T_EQ_INT(run(c, "show route bgp"), CMD_OK);
	T_ASSERT(!has("B    "));

	cli_free(c);
	bgp_engine_stop();
	dup2(saved, STDOUT_FILENO);
	dup2(saved, STDERR_FILENO);
	if (t_failed > 0) {
		take();
		outpos = 0;
		take();
		fprintf(stderr, "%s", out != NULL ? out : "");
	}
	unlink(outpath);
	unlink(cfg);
	free(out);
	return T_DONE();
}
