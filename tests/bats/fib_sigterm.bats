#!/usr/bin/env bats
# A stop signal ends every mode in order, so `fib install kernel` leaves
# nothing behind: a script reading a fifo that stays open (SIGTERM,
# SIGHUP, SIGINT) and an interactive shell in a real pseudo-terminal
# (tmux: SIGTERM, SIGHUP, its terminal going away) close the session,
# log the stop, remove their routes from the kernel and exit 128 + the
# signal; Ctrl-D at an empty prompt removes them too and exits 0;
# Ctrl-C at the prompt still only clears the line; an --attach client
# leaves on SIGTERM while its router keeps running.  In a network
# namespace the test makes (xrsh-t-$$-N, a veth pair with 198.18.1.1/24)
# and deletes.  Needs root and `ip netns`.

bats_require_minimum_version 1.5.0
load helpers
load tmux

PROMPT='RP/0/RP0/CPU0:ios#'

setup() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	NS=xrsh-t-$$-$BATS_TEST_NUMBER
	ip netns add "$NS" 2>/dev/null || skip "ip netns add does not work here"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add xb0 type veth peer name xb1
	ip -n "$NS" addr add 198.18.1.1/24 dev xb0
	ip -n "$NS" link set xb0 up
	ip -n "$NS" link set xb1 up
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<-EOC
	router static
	 address-family ipv4 unicast
	  198.18.10.0/24 198.18.1.2
	  198.18.11.0/24 Null0
	 !
	!
	fib install kernel
	EOC
	mkdir -p "$BATS_TEST_TMPDIR/home" "$BATS_TEST_TMPDIR/state"
	TSOCK="$BATS_TEST_TMPDIR/tmux.sock"
	SOCKP="$BATS_TEST_TMPDIR/xrsh.sock"
	XPID=
	CPID=
}

teardown() {
	tmux_end
	stop_pid "$CPID"
	stop_pid "$XPID"
	# whatever is still in the namespace (an interactive xrsh)
	local p
	if [ -n "${NS:-}" ]; then
		for p in $(ip netns pids "$NS" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
		ip netns del "$NS" 2>/dev/null || true
	fi
	echo "--- stderr"
	cat "$BATS_TEST_TMPDIR/err" 2>/dev/null || true
}

ours() {
	ip -n "$NS" route show proto 201
}

# waits (up to 20 s) until xrsh's two routes are in the kernel
wait_installed() {
	local i
	for i in $(seq 1 200); do
		[ "$(ours | grep -c .)" -eq 2 ] && return 0
		sleep 0.1
	done
	echo "routes never installed:"
	ours
	return 1
}

# waits (up to 20 s) until no process is left in the namespace
wait_no_pids() {
	local i
	for i in $(seq 1 200); do
		[ -z "$(ip netns pids "$NS")" ] && return 0
		sleep 0.1
	done
	echo "still running in $NS: $(ip netns pids "$NS")"
	return 1
}

# a script on a fifo that stays open, as `cmd | xrsh` waiting for input;
# $1: the signal
batch_stops_on() {
	mkfifo "$BATS_TEST_TMPDIR/in"
	# a background job ignores SIGINT; xrsh leaves an ignored signal
	# ignored (nohup), so undo that for the SIGINT case
	ip netns exec "$NS" env --default-signal=INT "$XRSH" \
	    --config "$BATS_TEST_TMPDIR/running.cfg" \
	    <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" &
	XPID=$!
	exec 7>"$BATS_TEST_TMPDIR/in"
	echo 'show version' >&7
	wait_installed
	wait_in "$BATS_TEST_TMPDIR/out" "Version"
	# `ip netns exec` and env exec xrsh: the pid is xrsh's
	[ "$(ip netns pids "$NS")" = "$XPID" ]
	kill -"$1" "$XPID"
	st=0
	wait "$XPID" || st=$?
	XPID=
	exec 7>&-
	run ours
	assert_output ""
	grep -F "SIG$1 received: closing every BGP session" \
	    "$BATS_TEST_TMPDIR/err"
	grep -F "%ROUTING-FIB-5-REMOVED : Removed 2 routes from kernel table 254" \
	    "$BATS_TEST_TMPDIR/err"
	echo "exit status $st"
}

@test "batch: SIGTERM while waiting for input removes the kernel routes, exit 143" {
	batch_stops_on TERM
	[ "$st" -eq 143 ]
}

@test "batch: SIGHUP too, exit 129" {
	batch_stops_on HUP
	[ "$st" -eq 129 ]
}

@test "batch: SIGINT too, exit 130" {
	batch_stops_on INT
	[ "$st" -eq 130 ]
}

@test "batch: SIGTERM during a command that waits: it returns, the rest never runs" {
	ip netns exec "$NS" "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    -c 'debug sleep 600' -c 'show version' \
	    >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	XPID=$!
	wait_installed
	kill -TERM "$XPID"
	st=0
	wait "$XPID" || st=$?
	XPID=
	[ "$st" -eq 143 ]
	run ours
	assert_output ""
	run cat "$BATS_TEST_TMPDIR/out"
	refute_output --partial "Version"
}

# $1 (optional): more environment for xrsh, as NAME=VALUE
start_shell() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	T new-session -d -x 160 -y 40 "ip netns exec '$NS' env ${1:-} \
	    HOME='$BATS_TEST_TMPDIR/home' \
	    XDG_STATE_HOME='$BATS_TEST_TMPDIR/state' TERM=xterm \
	    '$XRSH' --config '$BATS_TEST_TMPDIR/running.cfg' \
	    --socket '$SOCKP' \
	    2>'$BATS_TEST_TMPDIR/err'; echo \$? >'$BATS_TEST_TMPDIR/rc'; \
	    sleep 30"
	wait_for "$PROMPT"
	wait_installed
	XSHPID=$(ip netns pids "$NS")
	[ -n "$XSHPID" ]
}

@test "interactive: Ctrl-C clears the line and stays; SIGTERM removes the kernel routes, exit 143" {
	start_shell
	type_text 'show vers'
	wait_for "${PROMPT}show vers"
	T send-keys C-c
	wait_line_is "$PROMPT"
	# still running, routes still there
	[ "$(ip netns pids "$NS")" = "$XSHPID" ]
	[ "$(ours | grep -c .)" -eq 2 ]
	# a half-typed line is not run by the stop
	type_text 'configure'
	wait_for "${PROMPT}configure"
	kill -TERM "$XSHPID"
	wait_in "$BATS_TEST_TMPDIR/rc" 1
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 143 ]
	run ours
	assert_output ""
	grep -F "SIGTERM received: closing every BGP session" \
	    "$BATS_TEST_TMPDIR/err"
	grep -F "%ROUTING-FIB-5-REMOVED : Removed 2 routes" \
	    "$BATS_TEST_TMPDIR/err"
	# the socket went with it
	[ ! -e "$SOCKP" ]
}

@test "interactive: SIGHUP removes the kernel routes, exit 129" {
	start_shell
	kill -HUP "$XSHPID"
	wait_in "$BATS_TEST_TMPDIR/rc" 1
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 129 ]
	run ours
	assert_output ""
	grep -F "SIGHUP received: closing every BGP session" \
	    "$BATS_TEST_TMPDIR/err"
	grep -F "%ROUTING-FIB-5-REMOVED : Removed 2 routes" \
	    "$BATS_TEST_TMPDIR/err"
}

@test "interactive: the terminal going away removes the kernel routes" {
	# Under the CI's sanitizer build, LeakSanitizer's check at exit
	# stops the process with ptrace (a SIGSTOP); when xrsh leaves on end
	# of input, the hangup's SIGCONT can land in that window, discard
	# the SIGSTOP and leave the checker waiting for ever (xrsh spinning,
	# its tracer child in wait4: reproduced 2 runs in 3).  The leak
	# check of this exit path is in the tests above and in pty_shell.
	start_shell "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	# SIGHUP or end of input first, whichever the kernel delivers
	# first: either way the exit path runs
	T kill-server
	wait_no_pids
	run ours
	assert_output ""
	grep -F "%ROUTING-FIB-5-REMOVED : Removed 2 routes" \
	    "$BATS_TEST_TMPDIR/err"
}

@test "interactive: end of input (Ctrl-D at an empty prompt) removes the kernel routes, exit 0" {
	start_shell
	T send-keys C-d
	wait_re "$BATS_TEST_TMPDIR/rc" '^[0-9]'
	# 0, not 128 + N: no signal; a leak report would make it 23
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 0 ]
	run ours
	assert_output ""
	grep -F "%ROUTING-FIB-5-REMOVED : Removed 2 routes" \
	    "$BATS_TEST_TMPDIR/err"
	run grep -F "received: closing" "$BATS_TEST_TMPDIR/err"
	assert_failure
}

@test "attach: a client stopped by SIGTERM leaves, its session ends, the router keeps its routes until its own SIGTERM" {
	ip netns exec "$NS" "$XRSH" --foreground \
	    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCKP" \
	    >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
	XPID=$!
	wait_in "$BATS_TEST_TMPDIR/router.out" "running in the foreground"
	wait_installed
	mkfifo "$BATS_TEST_TMPDIR/in"
	"$XRSH" --attach --socket "$SOCKP" <"$BATS_TEST_TMPDIR/in" \
	    >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	CPID=$!
	exec 7>"$BATS_TEST_TMPDIR/in"
	# the client waits for its next line with a candidate open
	echo configure >&7
	echo 'hostname half-done' >&7
	echo 'do show users' >&7
	wait_in "$BATS_TEST_TMPDIR/out" "vty0"
	kill -TERM "$CPID"
	st=0
	wait "$CPID" || st=$?
	CPID=
	exec 7>&-
	[ "$st" -eq 143 ]
	# the router lives on, its session for the client is gone, nothing
	# of the half-typed configuration was committed
	local i
	for i in $(seq 1 100); do
		run "$XRSH" --attach --socket "$SOCKP" -c 'show users'
		[ "$(echo "$output" | grep -c 'vty[0-9]')" -eq 1 ] && break
		sleep 0.1
	done
	echo "$output"
	[ "$(echo "$output" | grep -c 'vty[0-9]')" -eq 1 ]
	run "$XRSH" --attach --socket "$SOCKP" -c 'show running-config'
	assert_success
	refute_output --partial half-done
	[ "$(ours | grep -c .)" -eq 2 ]
	kill -TERM "$XPID"
	st=0
	wait "$XPID" || st=$?
	XPID=
	[ "$st" -eq 0 ]
	run ours
	assert_output ""
	grep -F "SIGTERM received: closing every BGP session" \
	    "$BATS_TEST_TMPDIR/router.out"
}

# the last non-empty screen line is exactly $1 (up to 10 s)
wait_line_is() {
	local i
	for i in $(seq 1 100); do
		[ "$(last_line)" = "$1" ] && return 0
		sleep 0.1
	done
	echo "last line is not '$1':"
	screen
	return 1
}
