#!/usr/bin/env bats
# Two xrsh speakers on the loopback: A (AS 65001) runs as a router
# (--foreground) listening on 127.0.0.1, B (AS 65002) is a batch script
# (or an interactive shell) listening on 127.0.0.2; both use one random
# free port and XRSH_LOOPBACK_ONLY=1.  Sessions come up (debug bgp wait),
# show on both sides, go down with a shutdown message, are cleared, and
# close with a Cease when A gets SIGTERM.
#
# NETWORK SAFETY: only 127.0.0.1 and 127.0.0.2 appear in these configs,
# the engine refuses anything else with XRSH_LOOPBACK_ONLY=1, and every
# process is bounded (timeout) and killed in teardown.

bats_require_minimum_version 1.5.0
load helpers
load tmux

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	A_PID=
	B_PID=
	SOCK=
	PORT=$(free_port) || skip "no free TCP port found"
	cat >"$BATS_TEST_TMPDIR/a.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  timers 3 9
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	cat >"$BATS_TEST_TMPDIR/b.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65002
 bgp router-id 10.255.0.2
 address-family ipv4 unicast
 !
 neighbor 127.0.0.1
  remote-as 65001
  timers 3 9
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
}

teardown() {
	stop_pid "${B_PID:-}"
	stop_pid "${A_PID:-}"
	tmux_end "${SOCK:-}"
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- a.out"; cat "$BATS_TEST_TMPDIR/a.out" 2>/dev/null || true
	echo "--- a.err"; cat "$BATS_TEST_TMPDIR/a.err" 2>/dev/null || true
	echo "--- b.err"; cat "$BATS_TEST_TMPDIR/b.err" 2>/dev/null || true
}

# start_a [xrsh options]: speaker A as a router, ready when it says so.
# $A_PID is xrsh itself (no wrapper: signals go straight to it, and
# teardown's SIGTERM, then SIGKILL, can never leave it behind).
start_a() {
	cp "$BATS_TEST_TMPDIR/a.cfg" "$BATS_TEST_TMPDIR/a.saved"
	"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
	    --config "$BATS_TEST_TMPDIR/a.saved" "$@" \
	    >"$BATS_TEST_TMPDIR/a.out" 2>"$BATS_TEST_TMPDIR/a.err" 3>&- &
	A_PID=$!
	wait_in "$BATS_TEST_TMPDIR/a.out" "running in the foreground: BGP online"
}

# run_b SCRIPT-LINES...: speaker B runs the lines as a batch script
# (its debug waits are bounded; timeout is the last resort)
run_b() {
	cp "$BATS_TEST_TMPDIR/b.cfg" "$BATS_TEST_TMPDIR/b.saved"
	printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/b.script"
	run --separate-stderr timeout -k 5 90 "$XRSH" --port "$PORT" \
	    --listen 127.0.0.2 --config "$BATS_TEST_TMPDIR/b.saved" \
	    -f "$BATS_TEST_TMPDIR/b.script"
	printf '%s\n' "$stderr" >"$BATS_TEST_TMPDIR/b.err"
}

# reap VAR SECS: waits for the process whose pid is in $VAR to end by
# itself (else kills it and fails); its exit status in $reaped_rc
reap() {
	local var=$1 pid=${!1} i
	for i in $(seq 1 $(($2 * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "pid $pid ($var) did not end within $2 s"
		return 1
	fi
	reaped_rc=0
	wait "$pid" || reaped_rc=$?
	printf -v "$var" '%s' ''
}

# the summary row of a neighbor in $output
row_of() {
	printf '%s\n' "${lines[@]}" | grep "^$1 " | head -n 1
}

@test "live: two speakers reach Established and show each other" {
	start_a
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'show bgp summary' 'show bgp neighbors 127.0.0.1' \
	    'show bgp neighbors 127.0.0.1 | json' 'show logging | include ADJCHANGE'
	assert_success
	assert_line --index 0 'BGP router identifier 10.255.0.2, local AS number 65002'
	local r
	r=$(row_of 127.0.0.1)
	# Established: the prefix count, right-aligned to column 79
	[ "${r:0:25}" = "127.0.0.1         0 65001" ]
	[[ "${r:60:9}" =~ ^\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]]
	[ "${r:69}" = "          0" ]
	[ "${#r}" -eq 80 ]
	assert_line ' Remote AS 65001, local AS 65002, external link'
	assert_line ' Remote router ID 10.255.0.1'
	assert_line --regexp '^  BGP state = Established, up for [0-9]{2}:[0-9]{2}:[0-9]{2}$'
	assert_line '  Hold time is 9, keepalive interval is 3 seconds'
	assert_line --regexp '^    4-byte AS:                      Yes         Yes$'
	assert_line --regexp '^    Address family IPv4 Unicast:    Yes         Yes$'
	assert_line --regexp '^    Open:           [A-Z][a-z]{2} [0-9]{2} [0-9:]{8}\.[0-9]{3} +1  [A-Z][a-z]{2} [0-9]{2} [0-9:]{8}\.[0-9]{3} +1$'
	assert_line '  Policy for incoming advertisements is PASS'
	refute_line --partial "defaults to 'drop'"
	assert_line '  Connections established 1; dropped 0'
	assert_line --regexp '^  Local host: 127\.0\.0\.2, Local port: [0-9]+, IF Handle: 0x00000000$'
	assert_line --regexp '^  Foreign host: 127\.0\.0\.1, Foreign port: [0-9]+$'
	# JSON
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(jq -r '.neighbors[0].state' <<<"$j")" = "Established" ]
	[ "$(jq -r '.neighbors[0].remote_router_id' <<<"$j")" = "10.255.0.1" ]
	[ "$(jq -r '.neighbors[0].local_address' <<<"$j")" = "127.0.0.2" ]
	[ "$(jq -r '.neighbors[0].hold_time' <<<"$j")" = "9" ]
	[ "$(jq -r '.neighbors[0].up_seconds | type' <<<"$j")" = "number" ]
	[ "$(jq -r '.neighbors[0].message_stats.open.sent' <<<"$j")" = "1" ]
	# B logged the change, and kept it for show logging
	[[ "$stderr" == *"%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.1 Up (VRF: default) (AS: 65001)"* ]]
	assert_line --regexp '^RP/0/RP0/CPU0:.* bgp\[1052\]: %ROUTING-BGP-5-ADJCHANGE : neighbor 127\.0\.0\.1 Up \(VRF: default\) \(AS: 65001\)$'
	# A (foreground) logs to stdout with the syslog prefix
	wait_in "$BATS_TEST_TMPDIR/a.out" \
	    'bgp[1052]: %ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 Up (VRF: default) (AS: 65002)'
}

@test "live: shutdown with a message on A; B shows it as the last reset" {
	# A holds the session up for 2 s before the shutdown: B's first
	# command must see it Established even when B starts late (load)
	cat >"$BATS_TEST_TMPDIR/a.script" <<'EOF'
debug bgp wait neighbor 127.0.0.2 established timeout 30
debug sleep 2
configure
router bgp 65001
neighbor 127.0.0.2
shutdown message maintenance: back at 18:00
commit
end
show bgp summary
EOF
	start_a -f "$BATS_TEST_TMPDIR/a.script"
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'debug bgp wait neighbor 127.0.0.1 idle timeout 30' \
	    'show bgp neighbors 127.0.0.1' \
	    'show bgp neighbors 127.0.0.1 | json'
	assert_success
	assert_line --regexp '^  Last reset [0-9]{2}:[0-9]{2}:[0-9]{2}, due to BGP Notification received: administrative shutdown \(message: "maintenance: back at 18:00"\)$'
	assert_line '  Error Code: Cease/Administrative Shutdown'
	assert_line '  Connections established 1; dropped 1'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(jq -r '.neighbors[0].last_shutdown_message' <<<"$j")" = "maintenance: back at 18:00" ]
	[ "$(jq -r '.neighbors[0].last_notification.direction' <<<"$j")" = "received" ]
	[ "$(jq -r '.neighbors[0].last_notification.code' <<<"$j")" = "6" ]
	[ "$(jq -r '.neighbors[0].last_notification.subcode' <<<"$j")" = "2" ]
	# A: the neighbor sits in Idle (Admin)
	wait_in "$BATS_TEST_TMPDIR/a.out" "Idle (Admin)"
	grep -qE '^127\.0\.0\.2 +0 65002 .* Idle \(Admin\)$' "$BATS_TEST_TMPDIR/a.out"
	grep -qF '%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 Down - Admin. shutdown' \
	    "$BATS_TEST_TMPDIR/a.out"
}

@test "live: clear bgp resets the session and it comes back" {
	start_a
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'clear bgp 127.0.0.1 soft' 'clear bgp ipv4 unicast * soft in' \
	    'clear bgp * soft out' \
	    'clear bgp ipv4 unicast 127.0.0.1' \
	    'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'show bgp neighbors 127.0.0.1'
	assert_success
	assert_line '  Connections established 2; dropped 1'
	assert_line --regexp '^  Last reset [0-9]{2}:[0-9]{2}:[0-9]{2}, due to User clear requested \(CEASE notification sent - administrative reset\)$'
	assert_line '  Error Code: Cease/Administrative Reset'
	assert_line --regexp '^  Route refresh request: received 0, sent [1-9]'
	wait_in "$BATS_TEST_TMPDIR/a.out" \
	    'neighbor 127.0.0.2 Down - BGP Notification received, administrative reset'
	# an unknown neighbor is refused with the engine's words
	run_b 'clear bgp 127.0.0.9'
	assert_failure 1
	[[ "$stderr" == *"b.script:1: % No such neighbor"* ]]
}

@test "live: a commit that resets the session says so" {
	start_a
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    configure 'router bgp 65002' 'neighbor 127.0.0.1' \
	    'timers 4 12' commit end \
	    'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'show bgp neighbors 127.0.0.1'
	assert_success
	assert_line --regexp '^Neighbor 127\.0\.0\.1: reset \(.*\)$'
	assert_line '  Connections established 2; dropped 1'
	assert_line '  Configured hold time: 12, keepalive: 4, min acceptable hold time: 3'
}

@test "live: Up/Down and Last reset in XR's duration forms" {
	start_a
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    configure 'router bgp 65002' 'neighbor 127.0.0.1' shutdown commit \
	    end 'show bgp summary | include 127.0.0.1' \
	    'debug clock advance 3725' 'show bgp summary | include 127.0.0.1' \
	    'debug clock advance 86400' 'show bgp summary | include 127.0.0.1' \
	    'debug clock advance 604800' 'show bgp summary | include 127.0.0.1' \
	    'debug clock advance 31536000' \
	    'show bgp summary | include 127.0.0.1' \
	    'show bgp neighbors 127.0.0.1 | include Last reset'
	assert_success
	local r=()
	mapfile -t r < <(printf '%s\n' "${lines[@]}" | grep '^127\.0\.0\.1 ')
	[ "${#r[@]}" -eq 5 ]
	[[ "${r[0]:60}" =~ ^\ 00:00:0[0-9]\ Idle\ \(Admin\)$ ]]
	[[ "${r[1]:60}" =~ ^\ 01:02:0[5-9]\ Idle\ \(Admin\)$ ]]
	[ "${r[2]:60}" = "    1d01h Idle (Admin)" ]
	[ "${r[3]:60}" = "     1w1d Idle (Admin)" ]
	[ "${r[4]:60}" = "     1y1w Idle (Admin)" ]
	assert_line '  Last reset 1y1w, due to Admin. shutdown'
}

@test "live: SIGTERM closes A's sessions with a Cease and A exits 0" {
	start_a
	cp "$BATS_TEST_TMPDIR/b.cfg" "$BATS_TEST_TMPDIR/b.saved"
	printf '%s\n' 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'debug bgp wait neighbor 127.0.0.1 idle timeout 30' \
	    'show bgp neighbors 127.0.0.1' >"$BATS_TEST_TMPDIR/b.script"
	"$XRSH" --port "$PORT" --listen 127.0.0.2 \
	    --config "$BATS_TEST_TMPDIR/b.saved" -f "$BATS_TEST_TMPDIR/b.script" \
	    >"$BATS_TEST_TMPDIR/b.out" 2>"$BATS_TEST_TMPDIR/b.err" 3>&- &
	B_PID=$!
	wait_in "$BATS_TEST_TMPDIR/a.out" 'neighbor 127.0.0.2 Up'
	kill -TERM "$A_PID"
	reap A_PID 10
	[ "$reaped_rc" -eq 0 ]
	grep -qF 'SIGTERM received' "$BATS_TEST_TMPDIR/a.out"
	reap B_PID 40
	[ "$reaped_rc" -eq 0 ]
	grep -qE '^  Last reset [0-9:]{8}, due to BGP Notification received: administrative shutdown$' \
	    "$BATS_TEST_TMPDIR/b.out"
	grep -qF 'neighbor 127.0.0.1 Down - BGP Notification received, administrative shutdown' \
	    "$BATS_TEST_TMPDIR/b.err"
}

@test "live: an ADJCHANGE arriving while a line is typed keeps the line" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	start_a
	mkdir -p "$BATS_TEST_TMPDIR/home" "$BATS_TEST_TMPDIR/state"
	cp "$BATS_TEST_TMPDIR/b.cfg" "$BATS_TEST_TMPDIR/b.saved"
	SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	local prompt='RP/0/RP0/CPU0:ios#' i
	tmux -S "$SOCK" new-session -d -x 160 -y 50 "env HOME='$BATS_TEST_TMPDIR/home' \
	    XDG_STATE_HOME='$BATS_TEST_TMPDIR/state' TERM=xterm \
	    XRSH_LOOPBACK_ONLY=1 timeout --foreground -k 5 90 '$XRSH' --port $PORT \
	    --listen 127.0.0.2 --config '$BATS_TEST_TMPDIR/b.saved' \
	    2>'$BATS_TEST_TMPDIR/b.err'; sleep 30"
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p | grep -qF "$prompt" && break
		sleep 0.1
	done
	tmux -S "$SOCK" send-keys -l -- 'show ver'
	for i in $(seq 1 300); do
		tmux -S "$SOCK" capture-pane -p |
		    grep -qx '%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.1 Up (VRF: default) (AS: 65001)' &&
		    break
		sleep 0.1
	done
	tmux -S "$SOCK" capture-pane -p |
	    grep -qx '%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.1 Up (VRF: default) (AS: 65001)'
	[ "$(tmux -S "$SOCK" capture-pane -p | sed '/^$/d' | tail -n 1)" = "${prompt}show ver" ]
	tmux -S "$SOCK" send-keys -l -- 'sion'
	tmux -S "$SOCK" send-keys Enter
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p | grep -q 'Version' && break
		sleep 0.1
	done
	tmux -S "$SOCK" capture-pane -p | grep -q 'Version'
}

@test "live: a long shutdown message from the peer is shown once, cut to fit" {
	local msg peer
	msg=$(printf 'm%.0s' $(seq 1 200))
	python3 "$SRCDIR/tests/peers/bgppeer.py" --connect 127.0.0.2 \
	    --port "$PORT" --local 127.0.0.1 --as 65001 --id 10.255.0.1 \
	    --connect-retry 20 -e 'establish' -e 'sleep 1' \
	    -e "send notification 6 2 shutdown \"$msg\"" \
	    -e 'expect closed timeout 10' \
	    >"$BATS_TEST_TMPDIR/peer.out" 2>&1 &
	peer=$!
	run_b 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'debug bgp wait neighbor 127.0.0.1 idle timeout 30' \
	    'show bgp neighbors 127.0.0.1'
	wait "$peer" || { cat "$BATS_TEST_TMPDIR/peer.out"; false; }
	assert_success
	assert_output --partial 'due to BGP Notification received: administrative shutdown (message: "mmmm'
	run bash -c "grep -o '(message: ' | wc -l" <<<"$output"
	assert_output 1
}
