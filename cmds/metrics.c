/*
 * metrics: the `metrics` section (config-metrics; xrsh's own, XR has
 * none) and its shows:
 *
 *   metrics
 *    listen <address> port <1-65535>
 *
 *   show metrics                 the listeners: address, port, state,
 *                                scrapes served, last scrape, errors
 *   show metrics exposition [openmetrics]
 *                                what GET /metrics would answer, without
 *                                HTTP (batch tests, a quick look)
 *
 * `no listen ADDR` removes every port of the address, `no listen ADDR
 * port N` that one; `no metrics` the whole section.  The address must be
 * unicast or unspecified (0.0.0.0, ::: every address of the family);
 * the parser's port range gives XR's error for a port out of range.
 *
 * JSON (`| json`) of show metrics: { listeners: [ { address, port,
 *   state ("Listening" | "Bind failed" | "Refused" | "Offline"), error
 *   (null | the reason), scrapes, requests_rejected, errors, last_scrape
 *   (epoch seconds or null), last_scrape_seconds (null: never) } ] }
 */
#include <stdio.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/bgp/metrics_http.h"
#include "core/bgp/metrics_src.h"
#include "core/config/metrics_cfg.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"

static int
cmd_metrics(struct cli *cli, const struct cmd_args *a)
{
	struct config	*c;

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (arg_no(a)) {
		metrics_cfg_free(c->metrics);
		c->metrics = NULL;
		return CMD_OK;
	}
	if (c->metrics == NULL && (c->metrics = metrics_cfg_new()) == NULL)
		return cli_error(cli, "Out of memory");
	return cli_enter(cli, MODE_METRICS, "metrics") == 0 ? CMD_OK :
	    CMD_ERR;
}

static int
cmd_listen(struct cli *cli, const struct cmd_args *a)
{
	struct config		*c;
	struct metrics_listen	 l;
	const char		*s = arg_str(a, "address");

	if ((c = cmds_candidate(cli)) == NULL)
		return CMD_ERR;
	if (c->metrics == NULL)
		return cli_error(cli, "metrics is not configured");
	memset(&l, 0, sizeof(l));
	if (s == NULL || addr_parse(s, &l.addr) == -1 ||
	    !metrics_addr_usable(&l.addr))
		return cli_error(cli, "Invalid listen address '%s': a unicast "
		    "address is required", s != NULL ? s : "");
	l.port = (uint16_t)arg_u32(a, "port-number", 0);
	if (arg_no(a)) {
		metrics_listen_del(c->metrics, &l.addr, l.port);
		return CMD_OK;
	}
	if (l.port == 0)
		return cli_error(cli, "Incomplete command.");
	if (metrics_listen_put(c->metrics, &l) == -1)
		return cli_error(cli, "Out of memory");
	return CMD_OK;
}

/* ---- show metrics ---- */

struct show_ctx {
	struct strbuf	*sb;
	struct json	*j;
};

static int
show_row(const struct metrics_listener_info *l, void *arg)
{
	struct show_ctx	*c = arg;
	char		 a[ADDR_STRLEN], last[24];
	time_t		 now = loop_wallclock();
	double		 ago = l->last_scrape != 0 && now > l->last_scrape ?
			    (double)(now - l->last_scrape) : 0;

	addr_format(&l->addr, a, sizeof(a));
	if (l->last_scrape != 0)
		rfmt_dur(ago, last, sizeof(last));
	else
		strlcpy(last, "never", sizeof(last));
	if (c->j != NULL) {
		json_obj_begin(c->j);
		json_kv_str(c->j, "address", a);
		json_kv_u64(c->j, "port", l->port);
		json_kv_str(c->j, "state", l->state);
		if (l->error[0] != '\0')
			json_kv_str(c->j, "error", l->error);
		else {
			json_key(c->j, "error");
			json_null(c->j);
		}
		json_kv_u64(c->j, "scrapes", l->scrapes);
		json_kv_u64(c->j, "requests_rejected", l->not_found);
		json_kv_u64(c->j, "errors", l->errors);
		json_key(c->j, "last_scrape");
		if (l->last_scrape != 0)
			json_u64(c->j, (uint64_t)l->last_scrape);
		else
			json_null(c->j);
		json_key(c->j, "last_scrape_seconds");
		if (l->last_scrape != 0)
			json_u64(c->j, (uint64_t)ago);
		else
			json_null(c->j);
		json_obj_end(c->j);
		return 0;
	}
	if (strlen(a) > 15)
		sb_printf(c->sb, "%s\n%-15s", a, "");
	else
		sb_printf(c->sb, "%-15s", a);
	sb_printf(c->sb, " %5u  %-12s %8llu  %-11s %6llu\n", l->port,
	    l->state, (unsigned long long)l->scrapes, last,
	    (unsigned long long)l->errors);
	if (l->error[0] != '\0')
		sb_printf(c->sb, "  %s: %s\n", l->state, l->error);
	return 0;
}

static int
cmd_show_metrics(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct show_ctx	 c;

	(void)a;
	memset(&c, 0, sizeof(c));
	c.sb = &sb;
	if (cli_json(cli)) {
		json_init(&j, &sb);
		c.j = &j;
		json_obj_begin(&j);
		json_key(&j, "listeners");
		json_arr_begin(&j);
		metrics_foreach_listener(show_row, &c);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	if (metrics_listener_count() == 0) {
		cli_puts(cli, "No metrics listener is configured\n");
		return CMD_OK;
	}
	sb_puts(&sb, "Address          Port  State         Scrapes  "
	    "Last scrape Errors\n");
	metrics_foreach_listener(show_row, &c);
	return cmds_emit(cli, &sb);
}

static int
cmd_show_exposition(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;

	if (metrics_render(&sb, arg_has(a, "openmetrics")) == -1)
		sb.oom = 1;
	return cmds_emit(cli, &sb);
}

static const struct cmd config_rows[] = {
	{ "[no] metrics", cmd_metrics, 0,
	    { "metrics=Prometheus/OpenMetrics HTTP endpoint configuration",
	      NULL } },
	CMD_END
};

static const struct cmd metrics_rows[] = {
	{ "[no] listen <address:ip> [port <port-number:1-65535>]",
	    cmd_listen, 0,
	    { "listen=Serve /metrics over HTTP on an address",
	      "address=Local address to listen on",
	      "port=TCP port to listen on",
	      "port-number=Port number (Prometheus exporters use 9273 "
	      "and up)", NULL } },
	CMD_END
};

#define SHOW_METRICS_HELP \
	"show=Show running system information", \
	"metrics=Metrics endpoint information"

static const struct cmd exec_rows[] = {
	{ "show metrics", cmd_show_metrics, CMDF_TIMESTAMP | CMDF_JSON,
	    { SHOW_METRICS_HELP, NULL } },
	{ "show metrics exposition [openmetrics]", cmd_show_exposition, 0,
	    { SHOW_METRICS_HELP,
	      "exposition=The text GET /metrics answers (Prometheus "
	      "format)",
	      "openmetrics=In the OpenMetrics 1.0 format", NULL } },
	CMD_END
};

void
cmds_metrics_init(void)
{
	cli_install(MODE_CONFIG, config_rows);
	cli_install(MODE_METRICS, metrics_rows);
	cli_install(MODE_EXEC, exec_rows);
}
