/*
 * show_interfaces: the host's interfaces (core/sys/iface.h) in XR's
 * layouts, with only what Linux has (no bandwidth, load, duplex, rates):
 *
 *   show ipv4 interface brief     Interface / IP-Address / Status /
 *                                 Protocol / Vrf-Name; the primary IPv4
 *                                 address or "unassigned"
 *   show ipv6 interface brief     "Name  [Status/Protocol]", then the
 *                                 addresses indented, link-local first
 *   show interfaces [<name>]      XR's detail block per interface
 *   show interfaces brief         Intf Name / Intf State / LineP State /
 *                                 Encap Type / MTU
 *
 * Linux has no line protocol: the state is admin (IFF_UP), carrier
 * (IFF_LOWER_UP) and the operational state.  Status/Intf State: Shutdown
 * (admin-down) when not IFF_UP, else Up with carrier (or operationally
 * up), else Down.  Protocol/LineP State: Up when operationally up
 * (iface_oper_up).  Every interface is in the default VRF.  The kernel
 * does not push counters: `show interfaces` reads them again first
 * (iface_netlink_refresh); the brief views show the table as the
 * notifications keep it (so a test sees those work).
 *
 * JSON (`| json`), the same object for every row:
 * ipv4 brief: { interfaces: [ { name, ip_address (null: unassigned),
 *   prefix_length (null), status ("up"|"down"|"shutdown"), protocol
 *   ("up"|"down"), vrf } ] }
 * ipv6 brief: { interfaces: [ { name, status, protocol, vrf, addresses:
 *   [ "X:X::X/len", link-local first ] } ] }
 * interfaces: { interfaces: [ { name, ifindex, state ("up"|"down"|
 *   "administratively down"), line_protocol (the same words), admin_up,
 *   oper_up, operstate (the kernel's: "unknown", "notpresent", "down",
 *   "lowerlayerdown", "testing", "dormant", "up"), transitions,
 *   last_flap_seconds (null: never), hardware, kind (null), arp_type
 *   (ARPHRD_*), mac (xxxx.xxxx.xxxx, null), mtu, ipv4_address ("A/len",
 *   null), addresses (every address, "A/len"), counters: { rx_packets,
 *   rx_bytes, rx_dropped, rx_errors, rx_crc_errors, rx_frame_errors,
 *   rx_fifo_errors, multicast, tx_packets, tx_bytes, tx_dropped,
 *   tx_errors, tx_carrier_errors, collisions } } ] }
 * interfaces brief: { interfaces: [ { name, state ("up"|"down"|
 *   "admin-down"), line_protocol (the same), encapsulation, mtu } ] }
 */
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <stdio.h>
#include <string.h>

#include "cmds/bgp_route_fmt.h"
#include "cmds/cmds.h"
#include "core/lib/json.h"
#include "core/lib/loop.h"
#include "core/lib/strbuf.h"
#include "core/sys/iface.h"

/* ------------------------------------------------------------------ */
/* states */

enum ifstate { IS_UP, IS_DOWN, IS_ADMIN_DOWN };

static enum ifstate
if_state(const struct iface *ifp)
{
	if (!iface_admin_up(ifp))
		return IS_ADMIN_DOWN;
	if ((ifp->flags & IFF_LOWER_UP) || iface_oper_up(ifp))
		return IS_UP;
	return IS_DOWN;
}

static enum ifstate
proto_state(const struct iface *ifp)
{
	if (!iface_admin_up(ifp))
		return IS_ADMIN_DOWN;
	return iface_oper_up(ifp) ? IS_UP : IS_DOWN;
}

static const char *
operstate_name(uint8_t s)
{
	static const char *const names[] = { "unknown", "notpresent",
	    "down", "lowerlayerdown", "testing", "dormant", "up" };

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

/* ------------------------------------------------------------------ */
/* shared formatting */

static int
is_link_local(const struct xprefix *p)
{
	return p->addr.af == AF_V6 && p->addr.a[0] == 0xfe &&
	    (p->addr.a[1] & 0xc0) == 0x80;
}

static const struct xprefix *
primary_v4(const struct iface *ifp)
{
	size_t	 i;

	for (i = 0; i < ifp->naddrs; i++)
		if (ifp->addrs[i].addr.af == AF_V4)
			return &ifp->addrs[i];
	return NULL;
}

/* XR's dotted hardware address: 0200.5e10.2030 */
static void
fmt_mac(const struct iface *ifp, char *buf, size_t len)
{
	size_t	 i, o = 0;
	int	 n;

	buf[0] = '\0';
	for (i = 0; i < ifp->maclen && i < sizeof(ifp->mac); i++) {
		n = snprintf(buf + o, len - o, "%s%02x",
		    i > 0 && i % 2 == 0 ? "." : "", ifp->mac[i]);
		if (n < 0 || (size_t)n >= len - o)
			return;
		o += (size_t)n;
	}
}

static int
mac_is_zero(const struct iface *ifp)
{
	size_t	 i;

	for (i = 0; i < ifp->maclen && i < sizeof(ifp->mac); i++)
		if (ifp->mac[i] != 0)
			return 0;
	return 1;
}

static const char *
hw_type(uint16_t type)
{
	switch (type) {
	case ARPHRD_ETHER:
		return "Ethernet";
	case ARPHRD_LOOPBACK:
		return "Loopback interface(s)";
	case ARPHRD_PPP:
		return "PPP";
	case ARPHRD_TUNNEL:
		return "IPIP tunnel";
	case ARPHRD_TUNNEL6:
		return "IPv6 tunnel";
	case ARPHRD_SIT:
		return "SIT tunnel";
	case ARPHRD_IPGRE:
		return "GRE tunnel";
	case ARPHRD_IP6GRE:
		return "GRE6 tunnel";
	case ARPHRD_INFINIBAND:
		return "InfiniBand";
	case ARPHRD_NONE:
		return "None";
	case ARPHRD_VOID:
		return "Void";
	default:
		return NULL;
	}
}

/* "Ethernet (veth)", "Loopback interface(s)", "None (wireguard)" */
static void
fmt_hardware(const struct iface *ifp, char *buf, size_t len)
{
	const char	*t = hw_type(ifp->type);

	if (t != NULL && ifp->kind[0] != '\0')
		snprintf(buf, len, "%s (%s)", t, ifp->kind);
	else if (t != NULL)
		snprintf(buf, len, "%s", t);
	else if (ifp->kind[0] != '\0')
		snprintf(buf, len, "%s", ifp->kind);
	else
		snprintf(buf, len, "Unknown (type %u)", (unsigned)ifp->type);
}

static const char *
encap(const struct iface *ifp)
{
	switch (ifp->type) {
	case ARPHRD_ETHER:
		return "ARPA";
	case ARPHRD_LOOPBACK:
		return "Loopback";
	case ARPHRD_PPP:
		return "PPP";
	default:
		return ifp->kind[0] != '\0' ? ifp->kind : "Unknown";
	}
}

struct walk {
	struct strbuf	*sb;
	struct json	*j;
	const char	*name;		/* one interface; NULL: all */
	size_t		 n;
};

/* ------------------------------------------------------------------ */
/* show ipv4 interface brief */

static const char *
brief_status(enum ifstate s)
{
	return s == IS_UP ? "Up" : s == IS_DOWN ? "Down" : "Shutdown";
}

static const char *
brief_status_json(enum ifstate s)
{
	return s == IS_UP ? "up" : s == IS_DOWN ? "down" : "shutdown";
}

static void
v4_row(const struct iface *ifp, void *arg)
{
	struct walk		*w = arg;
	const struct xprefix	*p = primary_v4(ifp);
	char			 a[ADDR_STRLEN];

	if (p != NULL)
		addr_format(&p->addr, a, sizeof(a));
	else
		snprintf(a, sizeof(a), "unassigned");
	if (w->j != NULL) {
		json_obj_begin(w->j);
		json_kv_str(w->j, "name", ifp->name);
		json_kv_str(w->j, "ip_address", p != NULL ? a : NULL);
		json_key(w->j, "prefix_length");
		if (p != NULL)
			json_u64(w->j, p->len);
		else
			json_null(w->j);
		json_kv_str(w->j, "status",
		    brief_status_json(if_state(ifp)));
		json_kv_str(w->j, "protocol",
		    proto_state(ifp) == IS_UP ? "up" : "down");
		json_kv_str(w->j, "vrf", "default");
		json_obj_end(w->j);
		return;
	}
	sb_printf(w->sb, "%-30s %-15s %-15s %-8s %s\n", ifp->name, a,
	    brief_status(if_state(ifp)),
	    proto_state(ifp) == IS_UP ? "Up" : "Down", "default");
}

static int
cmd_show_ipv4_brief(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct walk	 w;

	(void)a;
	memset(&w, 0, sizeof(w));
	w.sb = &sb;
	if (cli_json(cli)) {
		w.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "interfaces");
		json_arr_begin(&j);
		iface_foreach(v4_row, &w);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_printf(&sb, "\n%-30s %-15s %-15s %-8s %s\n", "Interface",
	    "IP-Address", "Status", "Protocol", "Vrf-Name");
	iface_foreach(v4_row, &w);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show ipv6 interface brief */

/* link-local first (pass 0), then the others in the kernel's order */
static void
v6_addrs(const struct iface *ifp, struct walk *w)
{
	char	 s[PREFIX_STRLEN], a[ADDR_STRLEN];
	size_t	 i, n = 0;
	int	 pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < ifp->naddrs; i++) {
			if (ifp->addrs[i].addr.af != AF_V6 ||
			    is_link_local(&ifp->addrs[i]) != (pass == 0))
				continue;
			n++;
			if (w->j != NULL) {
				prefix_format(&ifp->addrs[i], s, sizeof(s));
				json_str(w->j, s);
			} else {
				addr_format(&ifp->addrs[i].addr, a, sizeof(a));
				sb_printf(w->sb, "    %s\n", a);
			}
		}
	if (n == 0 && w->j == NULL)
		sb_puts(w->sb, "    unassigned\n");
}

static void
v6_row(const struct iface *ifp, void *arg)
{
	struct walk	*w = arg;
	enum ifstate	 st = if_state(ifp), pr = proto_state(ifp);

	if (w->j != NULL) {
		json_obj_begin(w->j);
		json_kv_str(w->j, "name", ifp->name);
		json_kv_str(w->j, "status", brief_status_json(st));
		json_kv_str(w->j, "protocol", pr == IS_UP ? "up" : "down");
		json_kv_str(w->j, "vrf", "default");
		json_key(w->j, "addresses");
		json_arr_begin(w->j);
		v6_addrs(ifp, w);
		json_arr_end(w->j);
		json_obj_end(w->j);
		return;
	}
	sb_printf(w->sb, "%-22s [%s/%s]\n", ifp->name, brief_status(st),
	    pr == IS_UP ? "Up" : "Down");
	v6_addrs(ifp, w);
}

static int
cmd_show_ipv6_brief(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct walk	 w;

	(void)a;
	memset(&w, 0, sizeof(w));
	w.sb = &sb;
	if (cli_json(cli)) {
		w.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "interfaces");
		json_arr_begin(&j);
		iface_foreach(v6_row, &w);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	iface_foreach(v6_row, &w);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show interfaces [<name>] */

static const char *
state_words(enum ifstate s)
{
	return s == IS_UP ? "up" : s == IS_DOWN ? "down" :
	    "administratively down";
}

static double
since_flap(const struct iface *ifp)
{
	double	 d = loop_now() - ifp->last_change_mono;

	return d > 0 ? d : 0;
}

static void
detail_json(const struct iface *ifp, struct json *j)
{
	const struct iface_stats *st = &ifp->stats;
	const struct xprefix	*p = primary_v4(ifp);
	char			 s[PREFIX_STRLEN];
	size_t			 i;

	json_obj_begin(j);
	json_kv_str(j, "name", ifp->name);
	json_kv_u64(j, "ifindex", (uint64_t)ifp->ifindex);
	json_kv_str(j, "state", state_words(if_state(ifp)));
	json_kv_str(j, "line_protocol", state_words(proto_state(ifp)));
	json_kv_bool(j, "admin_up", iface_admin_up(ifp));
	json_kv_bool(j, "oper_up", iface_oper_up(ifp));
	json_kv_str(j, "operstate", operstate_name(ifp->operstate));
	json_kv_u64(j, "transitions", ifp->transitions);
	json_key(j, "last_flap_seconds");
	if (ifp->last_change != 0)
		json_u64(j, (uint64_t)since_flap(ifp));
	else
		json_null(j);
	fmt_hardware(ifp, s, sizeof(s));
	json_kv_str(j, "hardware", s);
	json_kv_str(j, "kind", ifp->kind[0] != '\0' ? ifp->kind : NULL);
	json_kv_u64(j, "arp_type", ifp->type);
	fmt_mac(ifp, s, sizeof(s));
	json_kv_str(j, "mac", ifp->maclen > 0 ? s : NULL);
	json_kv_u64(j, "mtu", ifp->mtu);
	if (p != NULL)
		prefix_format(p, s, sizeof(s));
	json_kv_str(j, "ipv4_address", p != NULL ? s : NULL);
	json_key(j, "addresses");
	json_arr_begin(j);
	for (i = 0; i < ifp->naddrs; i++) {
		prefix_format(&ifp->addrs[i], s, sizeof(s));
		json_str(j, s);
	}
	json_arr_end(j);
	json_key(j, "counters");
	json_obj_begin(j);
	json_kv_u64(j, "rx_packets", st->rx_packets);
	json_kv_u64(j, "rx_bytes", st->rx_bytes);
	json_kv_u64(j, "rx_dropped", st->rx_dropped);
	json_kv_u64(j, "rx_errors", st->rx_errors);
	json_kv_u64(j, "rx_crc_errors", st->rx_crc_errors);
	json_kv_u64(j, "rx_frame_errors", st->rx_frame_errors);
	json_kv_u64(j, "rx_fifo_errors", st->rx_fifo_errors);
	json_kv_u64(j, "multicast", st->multicast);
	json_kv_u64(j, "tx_packets", st->tx_packets);
	json_kv_u64(j, "tx_bytes", st->tx_bytes);
	json_kv_u64(j, "tx_dropped", st->tx_dropped);
	json_kv_u64(j, "tx_errors", st->tx_errors);
	json_kv_u64(j, "tx_carrier_errors", st->tx_carrier_errors);
	json_kv_u64(j, "collisions", st->collisions);
	json_obj_end(j);
	json_obj_end(j);
}

static void
detail_text(const struct iface *ifp, struct strbuf *sb)
{
	const struct iface_stats *st = &ifp->stats;
	char			 s[PREFIX_STRLEN], hw[64];
	size_t			 i;
	int			 first = 1;

	sb_printf(sb, "%s is %s, line protocol is %s\n", ifp->name,
	    state_words(if_state(ifp)), state_words(proto_state(ifp)));
	sb_printf(sb, "  Interface state transitions: %u\n",
	    (unsigned)ifp->transitions);
	fmt_hardware(ifp, hw, sizeof(hw));
	if (ifp->maclen > 0 && !(ifp->type == ARPHRD_LOOPBACK &&
	    mac_is_zero(ifp))) {
		fmt_mac(ifp, s, sizeof(s));
		sb_printf(sb, "  Hardware is %s, address is %s\n", hw, s);
	} else
		sb_printf(sb, "  Hardware is %s\n", hw);
	for (i = 0; i < ifp->naddrs; i++) {
		if (ifp->addrs[i].addr.af != AF_V4)
			continue;
		prefix_format(&ifp->addrs[i], s, sizeof(s));
		sb_printf(sb, first ? "  Internet address is %s\n" :
		    "  Secondary address %s\n", s);
		first = 0;
	}
	if (first)
		sb_puts(sb, "  Internet address is Unknown\n");
	sb_printf(sb, "  MTU %u bytes\n", ifp->mtu);
	if (ifp->last_change != 0) {
		rfmt_dur(since_flap(ifp), s, sizeof(s));
		sb_printf(sb, "  Last link flapped %s\n", s);
	} else
		sb_puts(sb, "  Last link flapped never\n");
	sb_printf(sb, "     %llu packets input, %llu bytes, %llu total "
	    "input drops\n", (unsigned long long)st->rx_packets,
	    (unsigned long long)st->rx_bytes,
	    (unsigned long long)st->rx_dropped);
	sb_printf(sb, "     Received %llu multicast packets\n",
	    (unsigned long long)st->multicast);
	sb_printf(sb, "     %llu input errors, %llu CRC, %llu frame, "
	    "%llu overrun\n", (unsigned long long)st->rx_errors,
	    (unsigned long long)st->rx_crc_errors,
	    (unsigned long long)st->rx_frame_errors,
	    (unsigned long long)st->rx_fifo_errors);
	sb_printf(sb, "     %llu packets output, %llu bytes, %llu total "
	    "output drops\n", (unsigned long long)st->tx_packets,
	    (unsigned long long)st->tx_bytes,
	    (unsigned long long)st->tx_dropped);
	sb_printf(sb, "     %llu output errors, %llu collisions, %llu "
	    "carrier errors\n", (unsigned long long)st->tx_errors,
	    (unsigned long long)st->collisions,
	    (unsigned long long)st->tx_carrier_errors);
}

static void
detail_row(const struct iface *ifp, void *arg)
{
	struct walk	*w = arg;

	if (w->j != NULL)
		detail_json(ifp, w->j);
	else {
		if (w->n > 0)
			sb_puts(w->sb, "\n");
		detail_text(ifp, w->sb);
	}
	w->n++;
}

static int
cmd_show_interfaces(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf		 sb = STRBUF_INIT;
	struct json		 j;
	struct walk		 w;
	const struct iface	*ifp = NULL;
	const char		*name = arg_str(a, "name");

	/* the counters are only as fresh as the last read */
	(void)iface_netlink_refresh();
	if (name != NULL && (ifp = iface_by_name(name)) == NULL)
		return cli_error(cli, "Interface not found (%s)", name);
	memset(&w, 0, sizeof(w));
	w.sb = &sb;
	if (cli_json(cli)) {
		w.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "interfaces");
		json_arr_begin(&j);
	}
	if (ifp != NULL)
		detail_row(ifp, &w);
	else
		iface_foreach(detail_row, &w);
	if (w.j != NULL) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */
/* show interfaces brief */

static const char *
brief_word(enum ifstate s)
{
	return s == IS_UP ? "up" : s == IS_DOWN ? "down" : "admin-down";
}

static void
ibrief_row(const struct iface *ifp, void *arg)
{
	struct walk	*w = arg;

	if (w->j != NULL) {
		json_obj_begin(w->j);
		json_kv_str(w->j, "name", ifp->name);
		json_kv_str(w->j, "state", brief_word(if_state(ifp)));
		json_kv_str(w->j, "line_protocol",
		    brief_word(proto_state(ifp)));
		json_kv_str(w->j, "encapsulation", encap(ifp));
		json_kv_u64(w->j, "mtu", ifp->mtu);
		json_obj_end(w->j);
		return;
	}
	sb_printf(w->sb, "%19s%12s%12s%19s%6u\n", ifp->name,
	    brief_word(if_state(ifp)), brief_word(proto_state(ifp)),
	    encap(ifp), ifp->mtu);
}

static int
cmd_show_interfaces_brief(struct cli *cli, const struct cmd_args *a)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct json	 j;
	struct walk	 w;

	(void)a;
	memset(&w, 0, sizeof(w));
	w.sb = &sb;
	if (cli_json(cli)) {
		w.j = &j;
		json_init(&j, &sb);
		json_obj_begin(&j);
		json_key(&j, "interfaces");
		json_arr_begin(&j);
		iface_foreach(ibrief_row, &w);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
		return cmds_emit(cli, &sb);
	}
	sb_puts(&sb, "\n"
	    "               Intf       Intf        LineP              Encap  MTU\n"
	    "               Name       State       State               Type (byte)\n"
	    "--------------------------------------------------------------------------------\n");
	iface_foreach(ibrief_row, &w);
	return cmds_emit(cli, &sb);
}

/* ------------------------------------------------------------------ */

struct complete_ctx {
	const char	*prefix;
	void		(*add)(void *, const char *, const char *);
	void		*ctx;
};

static void
complete_one(const struct iface *ifp, void *arg)
{
	struct complete_ctx	*c = arg;

	if (strncmp(ifp->name, c->prefix, strlen(c->prefix)) == 0)
		c->add(c->ctx, ifp->name, "Interface");
}

/* the host's interfaces are offered; any name is accepted (and then
   reported as not found) */
static void
complete_ifname(struct cli *cli, const char *prefix,
    void (*add)(void *, const char *, const char *), void *ctx)
{
	struct complete_ctx	 c = { prefix, add, ctx };

	(void)cli;
	iface_foreach(complete_one, &c);
}

static const struct cli_type iface_type = {
	"interface-name", "WORD", NULL, complete_ifname
};

#define IF_HELP "show=Show running system information"

static const struct cmd iface_rows[] = {
	{ "show ipv4 interface brief", cmd_show_ipv4_brief,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { IF_HELP, "ipv4=IPv4 information",
	      "interface=IPv4 interface status and configuration",
	      "brief=Brief summary of IPv4 status and configuration",
	      NULL } },
	{ "show ipv6 interface brief", cmd_show_ipv6_brief,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { IF_HELP, "ipv6=IPv6 information",
	      "interface=IPv6 interface status and configuration",
	      "brief=Brief summary of IPv6 status and configuration",
	      NULL } },
	{ "show interfaces [<name:interface-name>]", cmd_show_interfaces,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { IF_HELP, "interfaces=Interface status and configuration",
	      "name=Interface name (e.g. eth0)", NULL } },
	{ "show interfaces brief", cmd_show_interfaces_brief,
	    CMDF_TIMESTAMP | CMDF_JSON,
	    { IF_HELP, "interfaces=Interface status and configuration",
	      "brief=Brief summary of the interfaces", NULL } },
	CMD_END
};

void
show_interfaces_init(void)
{
	cli_type_define(&iface_type);
	cli_install(MODE_EXEC, iface_rows);
}
