# Shared helpers for the bats suites: run the real binary in batch mode.
load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

: "${XRSH:=$BATS_TEST_DIRNAME/../../xrsh}"
: "${SRCDIR:=$BATS_TEST_DIRNAME/../..}"

# Every test gets its own saved-config file so runs never share state.
setup_xrsh_env() {
	export XRSH_TEST_CONFIG="$BATS_TEST_TMPDIR/running.cfg"
}

# xr [xrsh options] < script: runs xrsh on a private config file, with an
# offline BGP engine (no listener, no connection): test configs name real
# world neighbor addresses, and no test may ever send them a packet.  Live
# tests (loopback addresses only) run "$XRSH" themselves, without --offline.
xr() {
	"$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" --offline "$@"
}

# free_port [FIRST [COUNT]]: a random TCP port in FIRST..FIRST+COUNT-1
# (default 20000-29999; suites that run live peers keep to their own
# ranges) that nothing listens on, on any address
free_port() {
	local first=${1:-20000} count=${2:-10000} i p
	for i in $(seq 1 50); do
		p=$((first + RANDOM % count))
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_in FILE STRING [SECS=20]: until FILE holds the fixed STRING;
# wait_re FILE REGEX [SECS=20]: until it holds a line matching the
# extended REGEX.  On a timeout both say so and show the file.
wait_in() {
	_wait_grep -F "$@"
}

wait_re() {
	_wait_grep -E "$@"
}

_wait_grep() {
	local how=$1 file=$2 what=$3 i n=$((${4:-20} * 10))
	for i in $(seq 1 "$n"); do
		grep -q "$how" -- "$what" "$file" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "never appeared in $file: $what"
	cat "$file" 2>/dev/null
	return 1
}

# stop_pid PID [SECS=5]: SIGTERM, then SIGKILL if PID still runs after
# SECS, and reap it (a no-op for an empty or gone PID)
stop_pid() {
	local pid=$1 i n=$((${2:-5} * 10))
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 1 "$n"); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# Live tests with scripted peers (tests/peers/bgppeer.py) against an xrsh
# on 127.0.0.1.  setup() calls live_init, teardown() live_stop.
live_init() {
	LIVE_PIDS=()
	LIVE_ADDRS=()
}

# live_peer ADDR AS PORT STEP...: a peer connecting from the loopback
# address ADDR (router ID N.N.N.N, N its last octet) to 127.0.0.1:PORT,
# in the background and bounded to 60 s, doing `-e STEP` for each STEP
# and then staying up; its output in $BATS_TEST_TMPDIR/pN.out
live_peer() {
	local addr=$1 as=$2 port=$3 n s args=()
	shift 3
	case "$addr" in
	127.*) ;;
	*) echo "live_peer: $addr is not a loopback address" >&2; return 1 ;;
	esac
	n=${addr##*.}
	for s in "$@" 'expect open-alive 50'; do
		args+=(-e "$s")
	done
	timeout -k 5 60 python3 "$SRCDIR/tests/peers/bgppeer.py" \
	    --connect 127.0.0.1 --port "$port" --local "$addr" --as "$as" \
	    --id "$n.$n.$n.$n" --connect-retry 30 "${args[@]}" \
	    >"$BATS_TEST_TMPDIR/p$n.out" 2>&1 &
	LIVE_PIDS+=("$!")
	LIVE_ADDRS+=("$addr")
}

# live_run PORT CONFIG LINE...: xrsh listening on 127.0.0.1:PORT with the
# saved configuration CONFIG runs the LINEs once every live_peer is
# Established (and 3 s more for their routes), under bats' `run`
live_run() {
	local port=$1 cfg=$2 a
	shift 2
	{
		for a in "${LIVE_ADDRS[@]}"; do
			echo "debug bgp wait neighbor $a established timeout 40"
		done
		echo 'debug sleep 3'
		printf '%s\n' "$@"
	} >"$BATS_TEST_TMPDIR/live.script"
	run --separate-stderr timeout -k 5 90 "$XRSH" --port "$port" \
	    --listen 127.0.0.1 --config "$cfg" -f "$BATS_TEST_TMPDIR/live.script"
}

# live_stop [SECS]: stops every live_peer (stop_pid)
live_stop() {
	local p
	for p in "${LIVE_PIDS[@]}"; do
		stop_pid "$p" "$@"
	done
}
