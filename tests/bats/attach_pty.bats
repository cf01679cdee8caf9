#!/usr/bin/env bats
# `xrsh --attach` in a real pseudo-terminal (tmux), on a `--foreground`
# router: `?` and TAB answered by the router, a log line drawn above the
# line being edited, the pager's --More-- and Ctrl-C on a long output,
# and the client's exit (status 1, and why) when the router goes away.

bats_require_minimum_version 1.5.0
load helpers
load tmux

PROMPT='RP/0/RP0/CPU0:ios#'

setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	mkdir -p "$BATS_TEST_TMPDIR/home" "$BATS_TEST_TMPDIR/state"
	TSOCK="$BATS_TEST_TMPDIR/tmux.sock"
	SOCKP="$BATS_TEST_TMPDIR/xrsh.sock"
	RPID=
}

teardown() {
	tmux_end
	stop_pid "$RPID"
}

start_router() {
	"$XRSH" --foreground --offline --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --socket "$SOCKP" >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
	RPID=$!
	wait_in "$BATS_TEST_TMPDIR/router.out" "running in the foreground"
}

attach_shell() {
	T new-session -d -x 160 -y 40 "env HOME='$BATS_TEST_TMPDIR/home' \
	    XDG_STATE_HOME='$BATS_TEST_TMPDIR/state' TERM=xterm \
	    '$XRSH' --attach --socket '$SOCKP' \
	    2>'$BATS_TEST_TMPDIR/stderr'; echo \$? >'$BATS_TEST_TMPDIR/rc'; \
	    sleep 30"
	wait_for "$PROMPT"
}

@test "attached: ? and TAB come from the router, the line stays" {
	start_router
	attach_shell
	type_text 'show ?'
	wait_for 'Display the system clock'
	screen | grep -qE '^  users +'
	[ "$(last_line)" = "${PROMPT}show" ]
	type_text 'ver'
	T send-keys Tab
	wait_for "${PROMPT}show version"
	T send-keys Enter
	wait_for 'ios uptime is'
	# config mode lives in the router: the prompt follows it
	type_text 'configure'
	T send-keys Enter
	wait_for 'RP/0/RP0/CPU0:ios(config)#'
	type_text 'router bgp 1'
	T send-keys Enter
	type_text 'bgp router-i'
	T send-keys Tab
	wait_for '(config-bgp)#bgp router-id'
}

@test "attached: a log line is drawn above the line being typed" {
	start_router
	attach_shell
	type_text 'debug log-message 1 HELLO-FROM-THE-ROUTER'
	T send-keys Enter
	type_text 'show cl'
	wait_in "$BATS_TEST_TMPDIR/router.out" HELLO-FROM-THE-ROUTER
	for i in $(seq 1 50); do
		screen | grep -qx 'HELLO-FROM-THE-ROUTER' && break
		sleep 0.1
	done
	screen | grep -qx 'HELLO-FROM-THE-ROUTER'
	[ "$(last_line)" = "${PROMPT}show cl" ]
	# terminal monitor disable: no more log lines here
	T send-keys C-u
	type_text 'terminal monitor disable'
	T send-keys Enter
	type_text 'debug log-message 1 NOT-SHOWN-HERE'
	T send-keys Enter
	wait_in "$BATS_TEST_TMPDIR/router.out" NOT-SHOWN-HERE
	sleep 0.3
	! screen | grep -qx NOT-SHOWN-HERE
}

@test "attached: --More-- pages a long output; Ctrl-C stops one" {
	{
		echo 'prefix-set BIG'
		for i in $(seq 0 29999); do
			echo " 10.$((i / 65536)).$((i / 256 % 256)).$((i % 256))/32,"
		done
		echo ' 11.0.0.0/8'
		echo 'end-set'
		echo '!'
	} >"$BATS_TEST_TMPDIR/running.cfg"
	start_router
	attach_shell
	type_text 'show running-config'
	T send-keys Enter
	wait_for ' --More--'
	T send-keys q
	wait_for "$PROMPT"
	screen | sed '/^$/d' | tail -n 1 | grep -qxF "$PROMPT"
	type_text 'terminal length 0'
	T send-keys Enter
	type_text 'show running-config'
	T send-keys Enter
	sleep 0.2
	T send-keys C-c
	wait_for "$PROMPT"
	sleep 0.5
	# stopped well before the end, and the session goes on
	! screen | grep -q '^end$'
	type_text 'show users'
	T send-keys Enter
	wait_for 'vty0'
}

@test "attached: the client says so and exits 1 when the router goes away" {
	start_router
	attach_shell
	type_text 'show cl'
	stop_pid "$RPID"
	RPID=
	for i in $(seq 1 50); do
		[ -s "$BATS_TEST_TMPDIR/rc" ] && break
		sleep 0.1
	done
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 1 ]
	grep -qF 'xrsh: session ended by the router: the router is shutting down' \
	    "$BATS_TEST_TMPDIR/stderr"
}
