# shellcheck shell=bash
# tests/interop/lib.bash - start real BGP daemons (BIRD 2, FRR bgpd, GoBGP,
# OpenBGPD) on loopback addresses with test-owned configs, query them and
# stop them.  Sourced by bats files (`load lib` or `source .../lib.bash`).
#
# Every daemon instance has a NAME (a short word), its own directory under
# the interop tmpdir (config, control socket, pid file, log) and exactly one
# BGP neighbor.  Start several instances for several sessions.
#
# NETWORK SAFETY: every address a config is written with (local address,
# neighbor address) must be 127.x.x.x or ::1; interop_require_loopback
# refuses anything else before a daemon is started.  Nothing that talks to
# the kernel routing table is enabled: BIRD has no kernel protocol, FRR
# bgpd runs with -Z (no zebra) and -n (no kernel), GoBGP has no zebra
# section, OpenBGPD has `fib-update no`.
#
# Instance settings are KEY=VALUE arguments (see interop_parse_opts):
#   LOCAL_ADDR   address the daemon listens on / connects from (127.x or ::1)
#   LOCAL_PORT   TCP port it listens on (use 17900+N, unique per test)
#   LOCAL_AS     its AS number
#   PEER_ADDR    the neighbor's address (127.x or ::1; ':' selects IPv6)
#   PEER_PORT    the neighbor's TCP port (the daemon connects there)
#   PEER_AS      the neighbor's AS (== LOCAL_AS gives iBGP)
#   ROUTER_ID    default 10.255.0.<last octet of LOCAL_ADDR> (IPv4) or
#                10.255.<LOCAL_PORT/256>.<LOCAL_PORT%256> (IPv6)
#   PREFIXES     space separated prefixes to originate (same family)
#   NEXTHOP      rewrite the NEXT_HOP of the announced prefixes to this
#                address (only an attribute: nothing installs routes).
#                Needed when the receiver is GoBGP 3.10, which treats 127/8
#                next hops as withdrawn.  Default: IPv4: the daemon's own
#                (its local address, 127.x); IPv6: 2001:db8:ffff::<port in
#                hex>, because on ::1 the natural next hop ::1 is refused
#                (BIRD will not send it, FRR drops it).  NEXTHOP=self keeps
#                the daemon's own next hop for IPv6 too.
#   PASSWORD     TCP MD5 (RFC 2385) password; default none
#   HOLD         hold time, default 9 (keepalive HOLD/3)
#   PASSIVE      yes: never connect out, only accept; default no
#   CONF_FILE    use this hand-written config instead of the generated one
#                (it is checked for non-loopback neighbor addresses)
#
# Main entry points (details at each function):
#   interop_tmpdir; have_daemon NAME; require_daemon NAME
#   start_bird|start_frr|start_gobgp|start_openbgpd NAME KEY=VALUE...
#   stop_daemon NAME; stop_all_daemons
#   {bird,frr,gobgp,openbgpd}_state NAME        -> Established|Idle|Active|...
#   {bird,frr,gobgp,openbgpd}_received NAME     -> prefixes received
#   {bird,frr,gobgp,openbgpd}_received_prefixes NAME -> them, sorted, one a line
#   {bird,frr,gobgp,openbgpd}_shutdown NAME MSG -> Cease/Admin Shutdown + MSG
#   {bird,frr,gobgp,openbgpd}_enable NAME       -> undo the shutdown
#   {bird,frr,gobgp,openbgpd}_last_shutdown_msg NAME
#                                -> the RFC 8203 text last received
#   {bird,frr,gobgp,openbgpd}_last_error NAME -> daemon's last error line
#   daemon_state / daemon_received / daemon_received_prefixes /
#   daemon_shutdown / daemon_enable / daemon_last_shutdown_msg /
#   daemon_last_error NAME: dispatch on the type; has_prefix NAME PREFIX
#   wait_for TIMEOUT CMD...;  wait_for_state NAME STATE [TIMEOUT]
#   wait_for_received NAME COUNT [TIMEOUT]
#   wait_for_shutdown_msg NAME TEXT [TIMEOUT]; stays_not_established NAME SECS
#   raw CLIs: birdc_cmd NAME 'cmd'; frr_vtysh NAME 'cmd'...;
#             gobgp_cli NAME args...; bgpctl_cmd NAME args...
#   interop_dump_logs: every instance's config and log tail (for teardown)
#
# A test's teardown must call stop_all_daemons.  Timeouts poll every 0.2 s.

BIRD_BIN=${BIRD_BIN:-/usr/sbin/bird}
BIRDC_BIN=${BIRDC_BIN:-/usr/sbin/birdc}
FRR_BGPD_BIN=${FRR_BGPD_BIN:-/usr/lib/frr/bgpd}
VTYSH_BIN=${VTYSH_BIN:-/usr/bin/vtysh}
GOBGPD_BIN=${GOBGPD_BIN:-/usr/bin/gobgpd}
GOBGP_BIN=${GOBGP_BIN:-/usr/bin/gobgp}
OPENBGPD_BIN=${OPENBGPD_BIN:-/usr/sbin/bgpd}	# Debian's openbgpd; FRR's is /usr/lib/frr/bgpd
BGPCTL_BIN=${BGPCTL_BIN:-/usr/sbin/bgpctl}

# Seconds a daemon gets to open its control socket.
INTEROP_START_TIMEOUT=${INTEROP_START_TIMEOUT:-10}

# ---------------------------------------------------------------------------
# generic helpers

interop_die() {
	echo "interop: $*" >&2
	return 1
}

# interop_tmpdir: create (once per test process) and print a short private
# directory for the daemons' files.  Short on purpose: unix socket paths
# are limited to 107 bytes, and $BATS_TEST_TMPDIR can be long.
interop_tmpdir() {
	if [ -z "${INTEROP_TMP:-}" ] || [ ! -d "$INTEROP_TMP" ]; then
		INTEROP_TMP=$(mktemp -d /tmp/xi.XXXXXX) || return 1
		chmod 755 "$INTEROP_TMP"
		export INTEROP_TMP
	fi
	echo "$INTEROP_TMP"
}

# have_daemon NAME: true when the binaries for NAME (bird|frr|gobgp|openbgpd)
# and the tools the helpers need are installed.  Prints nothing.
have_daemon() {
	case "$1" in
	bird) [ -x "$BIRD_BIN" ] && [ -x "$BIRDC_BIN" ] ;;
	frr) [ -x "$FRR_BGPD_BIN" ] && [ -x "$VTYSH_BIN" ] && command -v jq >/dev/null ;;
	gobgp) [ -x "$GOBGPD_BIN" ] && [ -x "$GOBGP_BIN" ] && command -v jq >/dev/null ;;
	openbgpd) [ -x "$OPENBGPD_BIN" ] && [ -x "$BGPCTL_BIN" ] && command -v jq >/dev/null &&
		"$OPENBGPD_BIN" -V 2>&1 | grep -qi openbgpd ;;
	stayrtr) command -v stayrtr >/dev/null ;;
	*) return 1 ;;
	esac
}

# require_daemon NAME...: in a bats test, `skip` with a reason unless every
# named daemon is installed (so a missing daemon is reported, never passed).
require_daemon() {
	local d
	for d in "$@"; do
		if ! have_daemon "$d"; then
			skip "$d not installed (apt-get install -y bird2 frr gobgpd openbgpd stayrtr jq)"
		fi
	done
}

# wait_for TIMEOUT CMD [ARG...]: run CMD every 0.2 s until it succeeds or
# TIMEOUT seconds (may be fractional) have passed.  Returns CMD's success;
# on timeout returns 1 and prints what it waited for to stderr.
wait_for() {
	local timeout=$1
	shift
	local deadline
	deadline=$(($(interop_now_ms) + $(awk -v t="$timeout" 'BEGIN { printf "%d", t * 1000 }')))
	while :; do
		if "$@"; then
			return 0
		fi
		if [ "$(interop_now_ms)" -ge "$deadline" ]; then
			echo "wait_for: timed out after ${timeout}s: $*" >&2
			return 1
		fi
		sleep 0.2
	done
}

interop_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# interop_is_loopback ADDR: 127.0.0.0/8 or ::1 only.
interop_is_loopback() {
	case "$1" in
	127.*) [[ "$1" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] ;;
	::1 | 0:0:0:0:0:0:0:1) return 0 ;;
	*) return 1 ;;
	esac
}

# interop_require_loopback ADDR...: fail unless every ADDR is loopback.
interop_require_loopback() {
	local a
	for a in "$@"; do
		interop_is_loopback "$a" || interop_die "refusing non-loopback address '$a'" || return 1
	done
}

# interop_check_conf_loopback FILE: every IP address on a line that names a
# neighbor/peer/listen/local address must be loopback.  Used on CONF_FILE.
interop_check_conf_loopback() {
	local file=$1 line a
	while IFS= read -r line; do
		case "$line" in
		*neighbor* | *local* | *listen* | *peer* | *address*) ;;
		*) continue ;;
		esac
		for a in $(grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}|[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F]*' <<<"$line"); do
			case "$a" in
			*:*) [ "$a" = "::1" ] || [[ "$line" == *router-id* ]] ||
				interop_die "$file: non-loopback address $a in: $line" || return 1 ;;
			*) interop_is_loopback "$a" || [[ "$line" == *router-id* || "$line" == *router\ id* ]] ||
				interop_die "$file: non-loopback address $a in: $line" || return 1 ;;
			esac
		done
	done <"$file"
}

# interop_port_free ADDR PORT: nothing listens on ADDR:PORT (or on the
# wildcard address of ADDR's family, or a dual-stack [::]) yet.  Another
# loopback address may use the same port: xrsh tests need that, since
# xrsh's --port is both its listening port and the port it connects to.
interop_port_free() {
	local addr=$1 port=$2 l
	for l in $(ss -Hltn "sport = :$port" 2>/dev/null | awk '{ print $4 }'); do
		case "$l" in
		"$addr:$port" | "[$addr]:$port" | "0.0.0.0:$port" | "*:$port" | "[::]:$port") return 1 ;;
		esac
	done
	return 0
}

# interop_parse_opts KEY=VALUE...: validate the settings into the global
# O_* variables (O_AFI = ipv4|ipv6 is derived from PEER_ADDR).
interop_parse_opts() {
	O_LOCAL_ADDR='' O_LOCAL_PORT='' O_LOCAL_AS='' O_PEER_ADDR='' O_PEER_PORT='' O_PEER_AS=''
	O_ROUTER_ID='' O_PREFIXES='' O_NEXTHOP='' O_PASSWORD='' O_HOLD=9 O_PASSIVE=no O_CONF_FILE=
	local kv
	for kv in "$@"; do
		case "$kv" in
		LOCAL_ADDR=* | LOCAL_PORT=* | LOCAL_AS=* | PEER_ADDR=* | PEER_PORT=* | PEER_AS=* | \
			ROUTER_ID=* | PREFIXES=* | NEXTHOP=* | PASSWORD=* | HOLD=* | PASSIVE=* | CONF_FILE=*)
			printf -v "O_${kv%%=*}" '%s' "${kv#*=}" ;;
		*) interop_die "unknown option '$kv'" || return 1 ;;
		esac
	done
	local k
	for k in LOCAL_ADDR LOCAL_PORT LOCAL_AS PEER_ADDR PEER_PORT PEER_AS; do
		eval "[ -n \"\$O_$k\" ]" || interop_die "missing $k=" || return 1
	done
	interop_require_loopback "$O_LOCAL_ADDR" "$O_PEER_ADDR" || return 1
	case "$O_PEER_ADDR" in *:*) O_AFI=ipv6 ;; *) O_AFI=ipv4 ;; esac
	case "$O_LOCAL_ADDR" in *:*) [ "$O_AFI" = ipv6 ] ;; *) [ "$O_AFI" = ipv4 ] ;; esac ||
		interop_die "LOCAL_ADDR and PEER_ADDR are of different families" || return 1
	if [ -z "$O_ROUTER_ID" ]; then
		if [ "$O_AFI" = ipv4 ]; then
			O_ROUTER_ID=10.255.0.${O_LOCAL_ADDR##*.}
		else
			O_ROUTER_ID=10.255.$((O_LOCAL_PORT / 256)).$((O_LOCAL_PORT % 256))
		fi
	fi
	# IPv6: both speakers are ::1, and BIRD will not send a next hop equal
	# to the neighbor address while FRR drops routes whose next hop is ::1
	# ("martian or self next-hop"): default to a documentation address.
	if [ -z "$O_NEXTHOP" ] && [ "$O_AFI" = ipv6 ]; then
		O_NEXTHOP=2001:db8:ffff::$(printf '%x' "$O_LOCAL_PORT")
	fi
	[ "$O_NEXTHOP" = self ] && O_NEXTHOP=
	interop_port_free "$O_LOCAL_ADDR" "$O_LOCAL_PORT" ||
		interop_die "port $O_LOCAL_PORT already in use" || return 1
}

# interop_instance_dir NAME: print (and create) the instance's directory.
interop_instance_dir() {
	local t
	t=$(interop_tmpdir) || return 1
	case "$1" in
	"" | *[!A-Za-z0-9_-]*) interop_die "bad instance name '$1' (letters, digits, _ and - only)"; return 1 ;;
	esac
	[ ! -e "$t/$1/meta.type" ] || { interop_die "instance '$1' already exists"; return 1; }
	mkdir -p "$t/$1"
	echo "$t/$1"
}

# interop_meta NAME KEY: print a value recorded when NAME was started.
interop_meta() {
	cat "$INTEROP_TMP/$1/meta.$2" 2>/dev/null
}

interop_save_meta() {
	local dir=$1
	echo "$2" >"$dir/meta.type"
	echo "$O_PEER_ADDR" >"$dir/meta.peer"
	echo "$O_PEER_PORT" >"$dir/meta.peer_port"
	echo "$O_LOCAL_ADDR" >"$dir/meta.local"
	echo "$O_LOCAL_PORT" >"$dir/meta.port"
	echo "$O_LOCAL_AS" >"$dir/meta.as"
	echo "$O_AFI" >"$dir/meta.afi"
}

# interop_pid_alive PID: running and not a zombie.
interop_pid_alive() {
	local st
	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$st" != Z ] && [ "$st" != X ]
}

# interop_launch NAME LOGFILE CMD...: start CMD in the background with all
# output in LOGFILE and bats' fd 3 closed (so bats never waits on it),
# record its pid.
interop_launch() {
	local name=$1 log=$2
	shift 2
	"$@" </dev/null >"$log" 2>&1 3>&- &
	local pid=$!
	echo "$pid" >"$INTEROP_TMP/$name/launcher.pid"
	echo "$name $pid" >>"$INTEROP_TMP/daemons"
}

# interop_wait_ready NAME CHECK...: poll CHECK until it succeeds; fail early
# (with the log) if the daemon died.
interop_wait_ready() {
	local name=$1
	shift
	local pid
	pid=$(cat "$INTEROP_TMP/$name/launcher.pid")
	local i
	for ((i = 0; i < INTEROP_START_TIMEOUT * 5; i++)); do
		if ! interop_pid_alive "$pid"; then
			echo "interop: $name (pid $pid) exited during startup; log:" >&2
			sed 's/^/  | /' "$INTEROP_TMP/$name/log" >&2
			return 1
		fi
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	echo "interop: $name: control socket did not answer within ${INTEROP_START_TIMEOUT}s; log:" >&2
	sed 's/^/  | /' "$INTEROP_TMP/$name/log" >&2
	return 1
}

# stop_daemon NAME: SIGTERM the daemon (and, for OpenBGPD, its children),
# wait up to 5 s, then SIGKILL what is left.
stop_daemon() {
	local name=$1 pid kids p i
	pid=$(cat "$INTEROP_TMP/$name/launcher.pid" 2>/dev/null) || return 0
	kids=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ')
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 25; i++)); do
		interop_pid_alive "$pid" || break
		sleep 0.2
	done
	for p in $pid $kids; do
		interop_pid_alive "$p" && kill -KILL "$p" 2>/dev/null
	done
	wait "$pid" 2>/dev/null
	rm -f "$INTEROP_TMP/$name/launcher.pid"
	return 0
}

# stop_all_daemons: stop everything started in this test (bats teardown).
# Removes the tmpdir unless INTEROP_KEEP=1.
stop_all_daemons() {
	[ -n "${INTEROP_TMP:-}" ] && [ -d "$INTEROP_TMP" ] || return 0
	local name pid
	if [ -f "$INTEROP_TMP/daemons" ]; then
		while read -r name pid; do
			stop_daemon "$name"
		done <"$INTEROP_TMP/daemons"
	fi
	if [ "${INTEROP_KEEP:-0}" != 1 ]; then
		rm -rf "$INTEROP_TMP"
	fi
	unset INTEROP_TMP
	return 0
}

# interop_dump_logs: print every instance's log and config (for failures).
interop_dump_logs() {
	[ -n "${INTEROP_TMP:-}" ] && [ -d "$INTEROP_TMP" ] || return 0
	local d
	for d in "$INTEROP_TMP"/*/; do
		[ -f "$d/log" ] || continue
		echo "----- $(basename "$d") ($(cat "$d/meta.type" 2>/dev/null)) config:"
		sed 's/^/  | /' "$d"/*.conf "$d"/*.toml 2>/dev/null
		echo "----- $(basename "$d") log (last 40 lines):"
		tail -n 40 "$d/log" | sed 's/^/  | /'
	done
}

# interop_norm_state WORD: map a daemon's FSM state word onto one of
# Idle Connect Active OpenSent OpenConfirm Established.  Administratively
# down sessions are Idle.
interop_norm_state() {
	local s
	s=$(tr '[:upper:]' '[:lower:]' <<<"$1")
	case "$s" in
	established | establ) echo Established ;;
	idle* | down | close | clearing | deleted | "" | none) echo Idle ;;
	connect) echo Connect ;;
	active) echo Active ;;
	opensent | open_sent) echo OpenSent ;;
	openconfirm | open_confirm) echo OpenConfirm ;;
	*) echo "$1" ;;
	esac
}

# ---------------------------------------------------------------------------
# BIRD 2
#
# bird -f -c CONF -s SOCK -P PIDFILE; birdc -s SOCK 'command'.
# The BGP protocol is called `nbr`.  `multihop` is required: BIRD refuses a
# "direct" neighbor on lo (127.x has host scope: "Invalid remote address").
# Received routes whose next hop is not resolvable (there is no IGP route
# to 127.x; BIRD ignores static routes into 127/8 as bogus) are still
# imported, as unreachable, and counted.

birdc_cmd() {
	"$BIRDC_BIN" -s "$INTEROP_TMP/$1/bird.ctl" "$2"
}

# start_bird NAME KEY=VALUE...
start_bird() {
	local name=$1
	shift
	interop_tmpdir >/dev/null || return 1
	interop_parse_opts "$@" || return 1
	local dir conf p
	dir=$(interop_instance_dir "$name") || return 1
	conf=$dir/bird.conf
	if [ -n "$O_CONF_FILE" ]; then
		interop_check_conf_loopback "$O_CONF_FILE" || return 1
		cp "$O_CONF_FILE" "$conf"
	else
		{
			echo "# generated by tests/interop/lib.bash"
			echo "router id $O_ROUTER_ID;"
			echo "log stderr all;"
			echo "protocol device { }"
			echo "protocol static orig {"
			echo "  $O_AFI;"
			for p in $O_PREFIXES; do
				echo "  route $p blackhole;"
			done
			echo "}"
			echo "protocol bgp nbr {"
			echo "  local $O_LOCAL_ADDR port $O_LOCAL_PORT as $O_LOCAL_AS;"
			echo "  neighbor $O_PEER_ADDR port $O_PEER_PORT as $O_PEER_AS;"
			echo "  strict bind yes;"
			[ "$O_LOCAL_AS" != "$O_PEER_AS" ] && echo "  multihop;"
			echo "  hold time $O_HOLD;"
			echo "  keepalive time $((O_HOLD / 3));"
			echo "  connect delay time 1;"
			echo "  connect retry time 1;"
			echo "  error wait time 1, 2;"
			[ "$O_PASSIVE" = yes ] && echo "  passive on;"
			[ -n "$O_PASSWORD" ] && echo "  password \"$O_PASSWORD\";"
			echo "  $O_AFI {"
			echo "    import all;"
			if [ -n "$O_NEXTHOP" ]; then
				echo "    export filter { if proto != \"orig\" then reject; bgp_next_hop = $O_NEXTHOP; accept; };"
			else
				echo "    export where proto = \"orig\";"
			fi
			# iBGP: next hop self for our own routes is the default
			echo "  };"
			echo "}"
		} >"$conf"
	fi
	"$BIRD_BIN" -p -c "$conf" >"$dir/parse.log" 2>&1 ||
		{ cat "$dir/parse.log" >&2; interop_die "bird: bad config $conf"; return 1; }
	interop_save_meta "$dir" bird
	interop_launch "$name" "$dir/log" "$BIRD_BIN" -f -c "$conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
	interop_wait_ready "$name" birdc_cmd "$name" "show status"
}

# bird_proto_show NAME: `show protocols all nbr`
bird_proto_show() {
	birdc_cmd "$1" "show protocols all nbr"
}

bird_state() {
	local s
	s=$(bird_proto_show "$1" 2>/dev/null | sed -n 's/^ *BGP state: *//p' | head -n 1)
	interop_norm_state "$s"
}

# bird_received NAME: routes imported from the neighbor (channel statistics)
bird_received() {
	local n
	n=$(bird_proto_show "$1" 2>/dev/null | sed -n 's/^ *Routes: *\([0-9]*\) imported.*/\1/p' | head -n 1)
	echo "${n:-0}"
}

# bird_received_prefixes NAME: the received prefixes, sorted, one a line
bird_received_prefixes() {
	birdc_cmd "$1" "show route protocol nbr" 2>/dev/null |
		awk '$1 ~ /\// { print $1 }' | sort
}

# bird_shutdown NAME MESSAGE: `disable nbr "MESSAGE"` (Cease/Administrative
# Shutdown with the message; the protocol stays down until bird_enable).
bird_shutdown() {
	local msg=${2//\"/\'}
	birdc_cmd "$1" "disable nbr \"$msg\"" >/dev/null
}

bird_enable() {
	birdc_cmd "$1" "enable nbr" >/dev/null
}

# bird_last_shutdown_msg NAME: the `Message:` line of show protocols all.
# Note: BIRD shows there the last message either received from the peer or
# given to its own `disable`.  The log also has
#   <RMT> nbr: Received: Administrative shutdown: "TEXT"
bird_last_shutdown_msg() {
	bird_proto_show "$1" 2>/dev/null | sed -n 's/^ *Message: *//p' | head -n 1
}

# bird_last_error NAME: e.g. "Received: Administrative shutdown"
bird_last_error() {
	bird_proto_show "$1" 2>/dev/null | sed -n 's/^ *Last error: *//p' | head -n 1
}

# ---------------------------------------------------------------------------
# FRR bgpd (without zebra)
#
# /usr/lib/frr/bgpd -f CONF -i PIDFILE --vty_socket DIR -z DIR/zserv.api
#   -Z -n -S -l LOCAL_ADDR -p LOCAL_PORT -P 0 -A 127.0.0.1
# -S skips the user switch (as root, without it bgpd fails with "user(root)
# is not part of vty group specified(frrvty)"); -P 0 disables the TCP vty.
# vtysh --vty_socket DIR -c '...'.  `bgp allow-martian-nexthop` makes FRR
# accept 127/8 next hops; without it FRR 8.4 resets the session ("Martian
# nexthop 127.0.0.x", NOTIFICATION UPDATE Message Error/Invalid NEXT_HOP).

frr_vtysh() {
	local name=$1
	shift
	local args=() c
	for c in "$@"; do args+=(-c "$c"); done
	"$VTYSH_BIN" --vty_socket "$INTEROP_TMP/$name" "${args[@]}"
}

# start_frr NAME KEY=VALUE...
start_frr() {
	local name=$1
	shift
	interop_tmpdir >/dev/null || return 1
	interop_parse_opts "$@" || return 1
	local dir conf p n=$O_PEER_ADDR
	dir=$(interop_instance_dir "$name") || return 1
	conf=$dir/bgpd.conf
	if [ -n "$O_CONF_FILE" ]; then
		interop_check_conf_loopback "$O_CONF_FILE" || return 1
		cp "$O_CONF_FILE" "$conf"
	else
		{
			echo "! generated by tests/interop/lib.bash"
			echo "frr defaults traditional"
			echo "hostname $name"
			echo "log stdout informational"
			echo "!"
			# announce exactly PREFIXES (never re-advertise what was learned)
			echo "bgp as-path access-list ORIGINATED seq 5 permit ^\$"
			echo "route-map OUT permit 10"
			echo " match as-path ORIGINATED"
			if [ -n "$O_NEXTHOP" ]; then
				if [ "$O_AFI" = ipv4 ]; then
					echo " set ip next-hop $O_NEXTHOP"
				else
					echo " set ipv6 next-hop global $O_NEXTHOP"
				fi
			fi
			echo "!"
			echo "router bgp $O_LOCAL_AS"
			echo " bgp router-id $O_ROUTER_ID"
			echo " bgp log-neighbor-changes"
			echo " bgp allow-martian-nexthop"
			echo " no bgp ebgp-requires-policy"
			echo " no bgp network import-check"
			echo " no bgp default ipv4-unicast"
			echo " timers bgp $((O_HOLD / 3)) $O_HOLD"
			echo " neighbor $n remote-as $O_PEER_AS"
			echo " neighbor $n port $O_PEER_PORT"
			echo " neighbor $n update-source $O_LOCAL_ADDR"
			echo " neighbor $n timers connect 1"
			[ "$O_LOCAL_AS" != "$O_PEER_AS" ] && echo " neighbor $n ebgp-multihop 2"
			[ "$O_PASSIVE" = yes ] && echo " neighbor $n passive"
			[ -n "$O_PASSWORD" ] && echo " neighbor $n password $O_PASSWORD"
			echo " !"
			echo " address-family $O_AFI unicast"
			for p in $O_PREFIXES; do
				echo "  network $p"
			done
			echo "  neighbor $n activate"
			echo "  neighbor $n route-map OUT out"
			echo " exit-address-family"
			echo "!"
		} >"$conf"
	fi
	interop_save_meta "$dir" frr
	interop_launch "$name" "$dir/log" "$FRR_BGPD_BIN" -f "$conf" -i "$dir/bgpd.pid" \
		--vty_socket "$dir" -z "$dir/zserv.api" -Z -n -S \
		-l "$O_LOCAL_ADDR" -p "$O_LOCAL_PORT" -P 0 -A 127.0.0.1
	interop_wait_ready "$name" frr_vtysh "$name" "show bgp summary"
}

# frr_neighbor_json NAME: `show bgp neighbors PEER json` (.[PEER] object)
frr_neighbor_json() {
	local peer
	peer=$(interop_meta "$1" peer)
	frr_vtysh "$1" "show bgp neighbors $peer json" 2>/dev/null | jq -c --arg p "$peer" '.[$p] // {}'
}

frr_state() {
	local s
	s=$(frr_neighbor_json "$1" | jq -r '.bgpState // ""' 2>/dev/null)
	interop_norm_state "$s"
}

# frr_received NAME: acceptedPrefixCounter of the session's AFI.
frr_received() {
	local afi key n
	afi=$(interop_meta "$1" afi)
	key=${afi}Unicast
	n=$(frr_neighbor_json "$1" | jq -r --arg k "$key" '.addressFamilyInfo[$k].acceptedPrefixCounter // 0' 2>/dev/null)
	echo "${n:-0}"
}

# frr_received_prefixes NAME: accepted prefixes from the neighbor, sorted
frr_received_prefixes() {
	local peer afi
	peer=$(interop_meta "$1" peer)
	afi=$(interop_meta "$1" afi)
	frr_vtysh "$1" "show bgp $afi unicast neighbors $peer routes json" 2>/dev/null |
		jq -r '(.routes // {}) | keys[]' 2>/dev/null | sort
}

# frr_shutdown NAME MESSAGE: `neighbor PEER shutdown message MESSAGE`
frr_shutdown() {
	local peer as
	peer=$(interop_meta "$1" peer)
	as=$(interop_meta "$1" as)
	frr_vtysh "$1" "configure terminal" "router bgp $as" "neighbor $peer shutdown message $2" >/dev/null
}

frr_enable() {
	local peer as
	peer=$(interop_meta "$1" peer)
	as=$(interop_meta "$1" as)
	frr_vtysh "$1" "configure terminal" "router bgp $as" "no neighbor $peer shutdown" >/dev/null
}

# frr_last_shutdown_msg NAME: .lastShutdownDescription of the neighbor JSON
# (the plain `show bgp neighbors` text does not print it).
frr_last_shutdown_msg() {
	frr_neighbor_json "$1" | jq -r '.lastShutdownDescription // ""' 2>/dev/null
}

# frr_last_error NAME: e.g. "Cease/Administrative Shutdown"
# (.lastNotificationReason, else .lastResetDueTo; empty until a session
# has dropped once: before that lastResetDueTo reads "No AFI/SAFI
# activated for peer", an artefact of reading the config)
frr_last_error() {
	frr_neighbor_json "$1" |
		jq -r 'if (.connectionsDropped // 0) == 0 then "" else (.lastNotificationReason // .lastResetDueTo // "") end' 2>/dev/null
}

# ---------------------------------------------------------------------------
# GoBGP
#
# gobgpd -f CONF.toml -t toml --api-hosts unix://DIR/api.sock --pprof-disable -p
# gobgp --target unix://DIR/api.sock ...
# Prefixes are added after start with `gobgp global rib add`; the next hop
# rewrite (NEXTHOP) is an export policy with set-next-hop.
# GoBGP 3.10 treats UPDATEs whose NEXT_HOP is in 127/8 as withdraws
# ("invalid nexthop address"): whoever sends to GoBGP must set NEXTHOP.

gobgp_cli() {
	local name=$1
	shift
	"$GOBGP_BIN" --target "unix://$INTEROP_TMP/$name/api.sock" "$@"
}

# start_gobgp NAME KEY=VALUE...
start_gobgp() {
	local name=$1
	shift
	interop_tmpdir >/dev/null || return 1
	interop_parse_opts "$@" || return 1
	local dir conf p fam
	dir=$(interop_instance_dir "$name") || return 1
	conf=$dir/gobgp.toml
	if [ "$O_AFI" = ipv4 ]; then fam=ipv4-unicast; else fam=ipv6-unicast; fi
	if [ -n "$O_CONF_FILE" ]; then
		interop_check_conf_loopback "$O_CONF_FILE" || return 1
		cp "$O_CONF_FILE" "$conf"
	else
		{
			echo "# generated by tests/interop/lib.bash"
			echo "[global.config]"
			echo "  as = $O_LOCAL_AS"
			echo "  router-id = \"$O_ROUTER_ID\""
			echo "  port = $O_LOCAL_PORT"
			echo "  local-address-list = [\"$O_LOCAL_ADDR\"]"
			if [ -n "$O_NEXTHOP" ]; then
				echo "[global.apply-policy.config]"
				echo "  export-policy-list = [\"setnh\"]"
				echo "  default-export-policy = \"accept-route\""
			fi
			echo ""
			echo "[[neighbors]]"
			echo "  [neighbors.config]"
			echo "    neighbor-address = \"$O_PEER_ADDR\""
			echo "    peer-as = $O_PEER_AS"
			[ -n "$O_PASSWORD" ] && echo "    auth-password = \"$O_PASSWORD\""
			echo "  [neighbors.transport.config]"
			echo "    local-address = \"$O_LOCAL_ADDR\""
			echo "    remote-port = $O_PEER_PORT"
			[ "$O_PASSIVE" = yes ] && echo "    passive-mode = true"
			echo "  [neighbors.timers.config]"
			echo "    connect-retry = 1"
			echo "    hold-time = $O_HOLD"
			echo "    keepalive-interval = $((O_HOLD / 3))"
			echo "    idle-hold-time-after-reset = 1"
			if [ "$O_LOCAL_AS" != "$O_PEER_AS" ]; then
				echo "  [neighbors.ebgp-multihop.config]"
				echo "    enabled = true"
				echo "    multihop-ttl = 2"
			fi
			echo "  [[neighbors.afi-safis]]"
			echo "    [neighbors.afi-safis.config]"
			echo "      afi-safi-name = \"$fam\""
			if [ -n "$O_NEXTHOP" ]; then
				echo ""
				echo "[[policy-definitions]]"
				echo "  name = \"setnh\""
				echo "  [[policy-definitions.statements]]"
				echo "    name = \"setnh\""
				echo "    [policy-definitions.statements.actions]"
				echo "      route-disposition = \"accept-route\""
				echo "    [policy-definitions.statements.actions.bgp-actions]"
				echo "      set-next-hop = \"$O_NEXTHOP\""
			fi
		} >"$conf"
	fi
	"$GOBGPD_BIN" -d -f "$conf" -t toml >"$dir/parse.log" 2>&1 ||
		{ cat "$dir/parse.log" >&2; interop_die "gobgpd: bad config $conf"; return 1; }
	interop_save_meta "$dir" gobgp
	interop_launch "$name" "$dir/log" "$GOBGPD_BIN" -f "$conf" -t toml \
		--api-hosts "unix://$dir/api.sock" --pprof-disable -p
	interop_wait_ready "$name" gobgp_cli "$name" global || return 1
	for p in $O_PREFIXES; do
		gobgp_cli "$name" global rib add -a "${O_AFI}" "$p" origin igp >/dev/null || return 1
	done
}

# gobgp_state NAME: from `gobgp neighbor PEER` ("BGP state = ESTABLISHED")
gobgp_state() {
	local peer s
	peer=$(interop_meta "$1" peer)
	s=$(gobgp_cli "$1" neighbor "$peer" 2>/dev/null | sed -n 's/^ *BGP state = \([A-Za-z_]*\).*/\1/p' | head -n 1)
	interop_norm_state "$s"
}

# gobgp_received NAME: accepted prefixes of the session's family
# (`gobgp -j neighbor PEER` .afi_safis[].state.accepted; routes GoBGP treated
# as withdrawn, e.g. for a 127/8 next hop, are not counted)
gobgp_received() {
	local peer afi n
	peer=$(interop_meta "$1" peer)
	if [ "$(interop_meta "$1" afi)" = ipv4 ]; then afi=1; else afi=2; fi
	n=$(gobgp_cli "$1" -j neighbor "$peer" 2>/dev/null |
		jq -r --argjson a "$afi" '[.afi_safis[]? | select(.state.family.afi == $a) | .state.accepted // 0] | add // 0' 2>/dev/null)
	echo "${n:-0}"
}

# gobgp_received_prefixes NAME: Adj-RIB-In prefixes (after the 127/8
# next-hop treat-as-withdraw), sorted
gobgp_received_prefixes() {
	local peer afi
	peer=$(interop_meta "$1" peer)
	afi=$(interop_meta "$1" afi)
	gobgp_cli "$1" -j neighbor "$peer" adj-in -a "$afi" 2>/dev/null |
		jq -r 'keys[]' 2>/dev/null | sort
}

# gobgp_shutdown NAME MESSAGE: `neighbor PEER shutdown --reason MESSAGE`
# sends Cease/Administrative Shutdown with the text (`disable` would send
# none), then `disable` keeps the session down until gobgp_enable.
gobgp_shutdown() {
	local peer
	peer=$(interop_meta "$1" peer)
	gobgp_cli "$1" neighbor "$peer" shutdown --reason "$2" >/dev/null &&
		gobgp_cli "$1" neighbor "$peer" disable >/dev/null
}

gobgp_enable() {
	local peer
	peer=$(interop_meta "$1" peer)
	gobgp_cli "$1" neighbor "$peer" enable >/dev/null
}

# gobgp_last_shutdown_msg NAME: GoBGP's CLI/API does not expose it; the log
# (plain format, -p) has
#   level=warning msg="received notification" Code=6 Communicated-Reason="TEXT" ...
gobgp_last_shutdown_msg() {
	grep 'msg="received notification"' "$INTEROP_TMP/$1/log" 2>/dev/null | tail -n 1 |
		sed -n 's/.*Communicated-Reason="\(\([^"\\]\|\\.\)*\)".*/\1/p'
}

# gobgp_last_error NAME: last "Peer Down" reason in the log, e.g.
#   notification-received code 6(cease) subcode 2(administrative shutdown)
gobgp_last_error() {
	grep 'msg="Peer Down"' "$INTEROP_TMP/$1/log" 2>/dev/null | tail -n 1 |
		sed -n 's/.*Reason="\([^"]*\)".*/\1/p'
}

# ---------------------------------------------------------------------------
# OpenBGPD (portable 7.7)
#
# bgpd -d -f CONF (foreground; no -s: the control socket is the config's
# `socket "PATH"`); bgpctl -s PATH ...  bgpd chroots to _openbgpd's home
# /run/openbgpd, which must exist (created here if missing).

bgpctl_cmd() {
	local name=$1
	shift
	"$BGPCTL_BIN" -s "$INTEROP_TMP/$name/bgpd.sock" "$@"
}

# start_openbgpd NAME KEY=VALUE...
start_openbgpd() {
	local name=$1
	shift
	interop_tmpdir >/dev/null || return 1
	interop_parse_opts "$@" || return 1
	local dir conf p
	dir=$(interop_instance_dir "$name") || return 1
	conf=$dir/bgpd.conf
	if [ -n "$O_CONF_FILE" ]; then
		interop_check_conf_loopback "$O_CONF_FILE" || return 1
		cp "$O_CONF_FILE" "$conf"
	else
		{
			echo "# generated by tests/interop/lib.bash"
			echo "AS $O_LOCAL_AS"
			echo "router-id $O_ROUTER_ID"
			echo "fib-update no"
			echo "listen on $O_LOCAL_ADDR port $O_LOCAL_PORT"
			echo "socket \"$dir/bgpd.sock\""
			echo "holdtime $O_HOLD"
			echo "connect-retry 1"
			for p in $O_PREFIXES; do
				echo "network $p"
			done
			echo ""
			echo "neighbor $O_PEER_ADDR {"
			echo "  descr \"$name-peer\""
			echo "  remote-as $O_PEER_AS"
			echo "  port $O_PEER_PORT"
			echo "  local-address $O_LOCAL_ADDR"
			[ "$O_LOCAL_AS" != "$O_PEER_AS" ] && echo "  multihop 2"
			[ "$O_PASSIVE" = yes ] && echo "  passive"
			[ -n "$O_PASSWORD" ] && echo "  tcp md5sig password $O_PASSWORD"
			if [ "$O_AFI" = ipv4 ]; then echo "  announce IPv4 unicast"; echo "  announce IPv6 none"; else echo "  announce IPv6 unicast"; echo "  announce IPv4 none"; fi
			echo "}"
			echo ""
			# announce exactly PREFIXES (never re-advertise what was learned)
			echo "allow from any"
			echo "deny to any"
			[ -n "$O_PREFIXES" ] && echo "allow to any prefix { $O_PREFIXES }"
			if [ -n "$O_NEXTHOP" ]; then
				# on eBGP multihop sessions the address is only used
				# together with no-modify (applied after it)
				echo "match to any set nexthop $O_NEXTHOP"
				echo "match to any set nexthop no-modify"
			fi
		} >"$conf"
	fi
	[ -d /run/openbgpd ] || mkdir -p /run/openbgpd
	"$OPENBGPD_BIN" -n -f "$conf" >"$dir/parse.log" 2>&1 ||
		{ cat "$dir/parse.log" >&2; interop_die "openbgpd: bad config $conf"; return 1; }
	interop_save_meta "$dir" openbgpd
	interop_launch "$name" "$dir/log" "$OPENBGPD_BIN" -d -v -f "$conf"
	interop_wait_ready "$name" bgpctl_cmd "$name" show
}

# openbgpd_neighbor_json NAME: `bgpctl -j show neighbor PEER` (.neighbors[0])
openbgpd_neighbor_json() {
	local peer
	peer=$(interop_meta "$1" peer)
	"$BGPCTL_BIN" -j -s "$INTEROP_TMP/$1/bgpd.sock" show neighbor "$peer" 2>/dev/null |
		jq -c '.neighbors[0] // {}'
}

openbgpd_state() {
	local s
	s=$(openbgpd_neighbor_json "$1" | jq -r '.state // ""' 2>/dev/null)
	interop_norm_state "$s"
}

openbgpd_received() {
	local n
	n=$(openbgpd_neighbor_json "$1" | jq -r '.stats.prefixes.received // 0' 2>/dev/null)
	echo "${n:-0}"
}

# openbgpd_received_prefixes NAME: Adj-RIB-In prefixes, sorted
openbgpd_received_prefixes() {
	local peer
	peer=$(interop_meta "$1" peer)
	"$BGPCTL_BIN" -j -s "$INTEROP_TMP/$1/bgpd.sock" show rib in neighbor "$peer" 2>/dev/null |
		jq -r '.rib[]?.prefix' 2>/dev/null | sort -u
}

# openbgpd_shutdown NAME MESSAGE: `bgpctl neighbor PEER down "MESSAGE"`
openbgpd_shutdown() {
	local peer
	peer=$(interop_meta "$1" peer)
	bgpctl_cmd "$1" neighbor "$peer" down "$2" >/dev/null
}

openbgpd_enable() {
	local peer
	peer=$(interop_meta "$1" peer)
	bgpctl_cmd "$1" neighbor "$peer" up >/dev/null
}

# openbgpd_last_shutdown_msg NAME: .last_shutdown_reason of
# `bgpctl -j show neighbor PEER`; the text form prints
#   Last received shutdown reason: "TEXT"
# (its own `down` reason is .my_shutdown_reason)
openbgpd_last_shutdown_msg() {
	openbgpd_neighbor_json "$1" | jq -r '.last_shutdown_reason // ""' 2>/dev/null
}

# openbgpd_last_error NAME: e.g. "Cease, administratively down"
# (.last_error_received, else .last_error_sent)
openbgpd_last_error() {
	openbgpd_neighbor_json "$1" | jq -r '.last_error_received // .last_error_sent // ""' 2>/dev/null
}

# ---------------------------------------------------------------------------
# type-independent wrappers

daemon_type() {
	local t
	t=$(interop_meta "$1" type)
	[ -n "$t" ] || { interop_die "no daemon instance '$1' was started"; echo none; return 1; }
	echo "$t"
}

none_state() { echo Unknown; }
none_received() { echo 0; }
none_received_prefixes() { :; }
none_shutdown() { return 1; }
none_enable() { return 1; }
none_last_shutdown_msg() { :; }
none_last_error() { :; }

daemon_state() { "$(daemon_type "$1")_state" "$1"; }
daemon_received() { "$(daemon_type "$1")_received" "$1"; }
daemon_received_prefixes() { "$(daemon_type "$1")_received_prefixes" "$1"; }
daemon_shutdown() { "$(daemon_type "$1")_shutdown" "$1" "$2"; }
daemon_enable() { "$(daemon_type "$1")_enable" "$1"; }
daemon_last_shutdown_msg() { "$(daemon_type "$1")_last_shutdown_msg" "$1"; }
daemon_last_error() { "$(daemon_type "$1")_last_error" "$1"; }

# state_is NAME STATE: NAME's session is in STATE (normalised word)
state_is() {
	[ "$(daemon_state "$1")" = "$2" ]
}

# received_is NAME COUNT
received_is() {
	[ "$(daemon_received "$1")" = "$2" ]
}

# shutdown_msg_is NAME TEXT
shutdown_msg_is() {
	[ "$(daemon_last_shutdown_msg "$1")" = "$2" ]
}

# has_prefix NAME PREFIX: NAME has received PREFIX from its neighbor
has_prefix() {
	daemon_received_prefixes "$1" | grep -qxF "$2"
}

# wait_for_state NAME STATE [TIMEOUT=15]: poll until NAME's session is in
# STATE; on timeout print the state it is in.
wait_for_state() {
	if wait_for "${3:-15}" state_is "$1" "$2" 2>/dev/null; then
		return 0
	fi
	echo "wait_for_state: $1 is $(daemon_state "$1") (last error: $(daemon_last_error "$1")), wanted $2 within ${3:-15}s" >&2
	return 1
}

# wait_for_received NAME COUNT [TIMEOUT=10]
wait_for_received() {
	if wait_for "${3:-10}" received_is "$1" "$2" 2>/dev/null; then
		return 0
	fi
	echo "wait_for_received: $1 has $(daemon_received "$1") prefixes, wanted $2 within ${3:-10}s" >&2
	return 1
}

# wait_for_shutdown_msg NAME TEXT [TIMEOUT=10]
wait_for_shutdown_msg() {
	if wait_for "${3:-10}" shutdown_msg_is "$1" "$2" 2>/dev/null; then
		return 0
	fi
	echo "wait_for_shutdown_msg: $1 shows '$(daemon_last_shutdown_msg "$1")', wanted '$2' within ${3:-10}s" >&2
	return 1
}

# stays_not_established NAME SECONDS: NAME never reaches Established during
# SECONDS (polled every 0.2 s); for negative tests (wrong password, ...).
stays_not_established() {
	! wait_for "$2" state_is "$1" Established 2>/dev/null
}
