# shellcheck shell=bash
# tests/interop/netns.bash - network namespaces for interop tests: make
# and delete them, join them with veth pairs, run BIRD and xrsh inside.
# Loaded after lib.bash and xrsh_lib.bash (it reuses their instance
# directories, process bookkeeping and xr_run, so bird_state, xr_cmd,
# stop_all_daemons and xrsh_stop_all work on what runs here).
#
#   nx_require                 bats skip unless root and `ip netns add` works
#   nx_init                    per test: the namespace name prefix, the list
#   nx_add SHORT               a namespace xrsh-t-<pid>-<n>-SHORT, lo up
#   nx_ns SHORT                print its full name
#   nx_link A IFA ADDRA B IFB ADDRB
#                              a veth pair IFA (in A) - IFB (in B), each
#                              with its address (ADDR/LEN), both up
#   nx_exec SHORT CMD...       CMD inside the namespace
#   nx_routes SHORT            its IPv4 and IPv6 tables, every table
#   nx_bird NAME SHORT KEY=VALUE... <PREFIXES
#                              BIRD inside SHORT, one eBGP session `nbr`
#   nx_xrsh NAME SHORT CONFIG LISTEN...
#                              xrsh inside SHORT, port 179, in XI_MODE
#                              (xrsh_lib.bash): script (the configuration
#                              typed) or foreground (loaded at start)
#   nx_del_all                 stop what runs inside, delete them all
#
# NETWORK SAFETY.  Everything happens inside namespaces this file makes
# (named xrsh-t-*, deleted by nx_del_all, which teardown must call); no
# address, route or link is ever made in the initial namespace: every
# `ip` command names its namespace (-n), and veth pairs are created
# inside one test namespace with the peer end moved straight into
# another.  Addresses must be in 198.18.0.0/15 (benchmarking) or 10/8.
# A namespace with only veth links to other test namespaces reaches
# nothing else, which is why xrsh's loopback guard (XRSH_LOOPBACK_ONLY)
# lets it peer with them there (core/bgp/transport.c).  BIRD runs with no
# kernel protocol: it installs nothing, even in its own namespace.

NX_PREFIX=xrsh-t-

# nx_usable: root, iproute2, and a namespace can be made (and deleted)
nx_usable() {
	local probe
	[ "$(id -u)" = 0 ] || return 1
	command -v ip >/dev/null || return 1
	probe=${NX_PREFIX}probe-$$-$RANDOM
	ip netns add "$probe" 2>/dev/null || return 1
	ip netns del "$probe" 2>/dev/null
	return 0
}

nx_require() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	nx_usable || skip "network namespaces are not available here (ip netns add failed)"
}

nx_init() {
	interop_tmpdir >/dev/null || return 1
	NX_ID=$$-$RANDOM
	: >>"$INTEROP_TMP/netns"
}

nx_ns() {
	echo "${NX_PREFIX}${NX_ID:?nx_init first}-$1"
}

nx_add() {
	local ns
	ns=$(nx_ns "$1") || return 1
	ip netns add "$ns" || return 1
	echo "$ns" >>"$INTEROP_TMP/netns"
	ip -n "$ns" link set lo up
}

# nx_addr_ok ADDR/LEN: an IPv4 address in 198.18.0.0/15 or 10.0.0.0/8
nx_addr_ok() {
	[[ "$1" =~ ^(198\.1[89]|10\.[0-9]{1,3})\.[0-9]{1,3}\.[0-9]{1,3}/[0-9]{1,2}$ ]] ||
		interop_die "refusing address '$1' (198.18.0.0/15 or 10/8 only)"
}

nx_link() {
	local a b
	a=$(nx_ns "$1") b=$(nx_ns "$4")
	nx_addr_ok "$3" && nx_addr_ok "$6" || return 1
	if ! grep -qxF "$a" "$INTEROP_TMP/netns" || ! grep -qxF "$b" "$INTEROP_TMP/netns"; then
		interop_die "nx_link: $1 or $4 is not a namespace of this test"
		return 1
	fi
	ip -n "$a" link add "$2" type veth peer name "$5" netns "$b" || return 1
	# no IPv6 link-local address: the tables stay as they are once up
	ip -n "$a" link set "$2" addrgenmode none
	ip -n "$b" link set "$5" addrgenmode none
	ip -n "$a" addr add "$3" dev "$2" || return 1
	ip -n "$b" addr add "$6" dev "$5" || return 1
	ip -n "$a" link set "$2" up && ip -n "$b" link set "$5" up
}

nx_exec() {
	local ns
	ns=$(nx_ns "$1") || return 1
	shift
	ip netns exec "$ns" "$@"
}

nx_routes() {
	local ns
	ns=$(nx_ns "$1") || return 1
	ip -n "$ns" -4 route show table all
	ip -n "$ns" -6 route show table all
}

# nx_del_all: kill what still runs inside (only processes of these
# namespaces, which this test started) and delete them
nx_del_all() {
	local ns p
	[ -n "${INTEROP_TMP:-}" ] && [ -f "$INTEROP_TMP/netns" ] || return 0
	while read -r ns; do
		case "$ns" in "$NX_PREFIX"*) ;; *) continue ;; esac
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done <"$INTEROP_TMP/netns"
	: >"$INTEROP_TMP/netns"
	return 0
}

# nx_bird NAME SHORT KEY=VALUE... <PREFIXES: BIRD in namespace SHORT with
# one direct eBGP session `nbr` (port 179) and the prefixes read from
# stdin (one a line) as static blackhole routes, exported and nothing
# else.  Keys: ROUTER_ID LOCAL_ADDR LOCAL_AS PEER_ADDR PEER_AS (required),
# PREPEND (N: the AS path gets our AS N more times), HOLD (9).
nx_bird() {
	local name=$1 short=$2
	shift 2
	local kv rid='' la='' las='' pa='' pas='' prepend=0 hold=9 dir conf p ns i
	for kv in "$@"; do
		case "$kv" in
		ROUTER_ID=*) rid=${kv#*=} ;;
		LOCAL_ADDR=*) la=${kv#*=} ;;
		LOCAL_AS=*) las=${kv#*=} ;;
		PEER_ADDR=*) pa=${kv#*=} ;;
		PEER_AS=*) pas=${kv#*=} ;;
		PREPEND=*) prepend=${kv#*=} ;;
		HOLD=*) hold=${kv#*=} ;;
		*) interop_die "nx_bird: unknown option '$kv'"; return 1 ;;
		esac
	done
	nx_addr_ok "$la/32" && nx_addr_ok "$pa/32" || return 1
	ns=$(nx_ns "$short") || return 1
	dir=$(interop_instance_dir "$name") || return 1
	conf=$dir/bird.conf
	{
		echo "# generated by tests/interop/netns.bash (namespace $ns)"
		echo "router id $rid;"
		echo "log stderr all;"
		echo "debug protocols { states };"
		echo "protocol device { scan time 1; }"
		echo "protocol static orig {"
		echo "  ipv4;"
		while read -r p; do
			[ -n "$p" ] && echo "  route $p blackhole;"
		done
		echo "}"
		echo "protocol bgp nbr {"
		echo "  local $la as $las;"
		echo "  neighbor $pa as $pas;"
		echo "  strict bind yes;"
		echo "  hold time $hold;"
		echo "  keepalive time $((hold / 3));"
		echo "  connect delay time 1;"
		echo "  connect retry time 1;"
		echo "  error wait time 1, 2;"
		echo "  ipv4 {"
		echo "    import all;"
		echo "    export filter {"
		echo "      if proto != \"orig\" then reject;"
		for ((i = 0; i < prepend; i++)); do
			echo "      bgp_path.prepend($las);"
		done
		echo "      accept;"
		echo "    };"
		echo "  };"
		echo "}"
	} >"$conf"
	"$BIRD_BIN" -p -c "$conf" >"$dir/parse.log" 2>&1 ||
		{ cat "$dir/parse.log" >&2; interop_die "bird: bad config $conf"; return 1; }
	# what lib.bash's bird_* helpers read (interop_save_meta)
	# shellcheck disable=SC2034
	O_PEER_ADDR=$pa O_PEER_PORT=179 O_LOCAL_ADDR=$la O_LOCAL_PORT=179 O_LOCAL_AS=$las O_AFI=ipv4
	interop_save_meta "$dir" bird
	interop_launch "$name" "$dir/log" ip netns exec "$ns" "$BIRD_BIN" -f -c "$conf" \
		-s "$dir/bird.ctl" -P "$dir/bird.pid"
	interop_wait_ready "$name" birdc_cmd "$name" "show status"
}

# nx_xrsh NAME SHORT CONFIG LISTEN...: xrsh inside SHORT (as
# xrsh_launch, which only allows loopback), listening on LISTEN:179, in
# XI_MODE: script (CONFIG typed and committed) or foreground (CONFIG is
# the saved configuration it loads; SIGTERM ends it as a router).
nx_xrsh() {
	local name=$1 short=$2 cfg=$3
	shift 3
	local ns dir a listen=()
	ns=$(nx_ns "$short") || return 1
	for a in "$@"; do
		nx_addr_ok "$a/32" || return 1
		listen+=(--listen "$a")
	done
	dir=$(xi_dir "$name")
	[ ! -e "$dir" ] || { interop_die "xrsh instance $name exists"; return 1; }
	mkdir -p "$dir"
	mkfifo "$dir/in"
	echo 179 >"$dir/port"
	cp "$cfg" "$dir/config.txt"
	: >"$dir/out"
	: >"$dir/err"
	# `ip netns exec` execs xrsh: the pid is xrsh's
	if [ "$XI_MODE" = foreground ]; then
		cp "$cfg" "$dir/running.cfg"
		(exec 3>&-; exec ip netns exec "$ns" env XRSH_LOOPBACK_ONLY=1 "$XRSH" \
			--config "$dir/running.cfg" --foreground --echo --continue --port 179 \
			"${listen[@]}" -f "$dir/in" </dev/null >"$dir/out" 2>"$dir/err") &
	else
		(exec 3>&-; exec ip netns exec "$ns" env XRSH_LOOPBACK_ONLY=1 "$XRSH" \
			--config "$dir/running.cfg" --echo --continue --port 179 "${listen[@]}" \
			<"$dir/in" >"$dir/out" 2>"$dir/err") &
	fi
	echo $! >"$dir/pid"
	(exec 3>&-; exec sleep 100000) >"$dir/in" &
	echo $! >"$dir/keeper"
	echo "$name" >>"$INTEROP_TMP/xrsh_instances"
	xrsh_ready "$name"
}
