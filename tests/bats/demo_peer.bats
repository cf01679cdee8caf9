#!/usr/bin/env bats
# The demo lab's route generator speaker, `xrsh --demo-peer ROLE --port N`
# (demo/peer*.c), against a real xrsh engine on the loopback: the ready
# line, the session, the whole table received, a route refresh, the Cease
# on SIGTERM, death with the parent, and the start-up errors.
#
# The engine is a batch xrsh reading its commands from a FIFO, so the test
# can ask `show bgp summary` again until the table is in (bounded waits,
# no fixed sleeps before an assertion).
#
# NETWORK SAFETY: the speakers bind 127.0.0.2-4, the engine's only
# neighbor is 127.0.0.2, XRSH_LOOPBACK_ONLY=1, and every process is
# bounded (timeout) and killed in teardown.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	PEER_PID=
	XR_PID=
	GRAND_PID=
	WRAP_PID=
	T=$BATS_TEST_TMPDIR
	PORT=$(free_port 17900 50) || skip "no free TCP port in 17900-17949"
	cat >"$T/x.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 1299
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
}

teardown() {
	exec 8>&- 2>/dev/null || true
	stop_pid "${XR_PID:-}"
	stop_pid "${PEER_PID:-}"
	stop_pid "${WRAP_PID:-}"
	# not our child: no wait, just make sure it is gone
	[ -z "${GRAND_PID:-}" ] || kill -KILL "$GRAND_PID" 2>/dev/null || true
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- peer.out"; cat "$T/peer.out" 2>/dev/null || true
	echo "--- peer.log"; cat "$T/peer.log" 2>/dev/null || true
	echo "--- x.out"; tail -n 60 "$T/x.out" 2>/dev/null || true
	echo "--- x.err"; cat "$T/x.err" 2>/dev/null || true
}

# start_peer ROLE: the speaker as our child, ready when it says so
start_peer() {
	timeout -k 5 100 "$XRSH" --demo-peer "$1" --port "$PORT" \
	    >"$T/peer.out" 2>"$T/peer.log" 3>&- &
	PEER_PID=$!
	wait_re "$T/peer.out" "^(ready|error) " 10
	[ "$(cat "$T/peer.out")" = "ready $1 $2 $PORT" ]
}

# start_xrsh: the engine, a batch shell whose script is the FIFO on fd 8
# (bats keeps fd 3 for itself: no background process may hold it)
start_xrsh() {
	mkfifo "$T/cmd"
	cp "$T/x.cfg" "$T/x.saved"
	timeout -k 5 100 "$XRSH" --echo --continue --config "$T/x.saved" \
	    --listen 127.0.0.1 --port "$PORT" <"$T/cmd" >"$T/x.out" \
	    2>"$T/x.err" 3>&- 8>&- &
	XR_PID=$!
	exec 8>"$T/cmd"
}

xr_cmd() {
	kill -0 "$XR_PID" 2>/dev/null || { echo "xrsh is gone"; return 1; }
	printf '%s\n' "$*" >&8
}

# the generator's count for the role, from the speaker's log
table_size() {
	sed -n 's/.*, \([0-9][0-9]*\) prefixes (built in .*/\1/p' \
	    "$T/peer.log"
}

# poll_cmd CMD REGEX: runs CMD until its output matches (30 tries, a
# second each); only output after the command was sent counts
poll_cmd() {
	local i j mark
	for i in $(seq 1 30); do
		mark=$(wc -l <"$T/x.out")
		xr_cmd "$1" || return 1
		for j in $(seq 1 10); do
			tail -n +"$((mark + 1))" "$T/x.out" | grep -qE -- "$2" &&
			    return 0
			sleep 0.1
		done
	done
	echo "'$1' never showed: $2"
	return 1
}

@test "demo peer: xrsh gets provider-a's whole table, refresh, Cease on SIGTERM" {
	local n
	start_peer provider-a 127.0.0.2
	start_xrsh
	xr_cmd "debug bgp wait neighbor 127.0.0.2 established timeout 30"
	wait_re "$T/peer.log" "provider-a: session up with 127\.0\.0\.1:"
	n=$(table_size)
	[ "$n" -ge 35000 ]
	[ "$n" -le 45000 ]
	poll_cmd "show bgp summary" "^127\.0\.0\.2 .* $n\$"
	wait_re "$T/peer.log" \
	    "table sent: $n prefixes in [0-9]+ UPDATEs, then End-of-RIB"
	# a known prefix, with provider-a's path (pinned in test_demo_table)
	poll_cmd "show bgp 1.133.203.0/24" "^  1299 3356 7650 13063\$"
	grep -qx '      Community: 1299:20100 1299:30000' "$T/x.out"
	# soft in: xrsh asks for a refresh, the speaker sends it all again
	xr_cmd "clear bgp 127.0.0.2 soft in"
	wait_re "$T/peer.log" "route refresh received from 127\.0\.0\.1:"
	wait_re "$T/peer.log" \
	    "table resent: $n prefixes in [0-9]+ UPDATEs, then EoRR"
	# xrsh got BoRR and EoRR (2 Route_Refresh received), swept nothing
	poll_cmd "show bgp neighbors 127.0.0.2" "Route_Refresh: .* 1 .* 2\$"
	grep -q "Route refresh request: received 0, sent 1" "$T/x.out"
	poll_cmd "show bgp summary" "^127\.0\.0\.2 .* $n\$"
	# SIGTERM: a Cease (administrative shutdown) reaches xrsh, exit 0
	kill -TERM "$PEER_PID"
	wait "$PEER_PID" || { echo "speaker exit status $?"; false; }
	PEER_PID=
	grep -q "signal 15: stopping" "$T/peer.log"
	grep -q "sending NOTIFICATION 6/2 (Cease: Administrative Shutdown)" \
	    "$T/peer.log"
	wait_re "$T/x.err" "NOTIFICATION : received from neighbor 127\.0\.0\.2 6/2 \(administrative shutdown\)"
	poll_cmd "show bgp neighbors 127.0.0.2" \
	    "due to BGP Notification received: administrative shutdown"
}

@test "demo peer: the customer's six routes reach xrsh" {
	sed -i 's/1299/64500/; s/127\.0\.0\.2/127.0.0.4/' "$T/x.cfg"
	start_peer customer 127.0.0.4
	start_xrsh
	xr_cmd "debug bgp wait neighbor 127.0.0.4 established timeout 30"
	[ "$(table_size)" = 6 ]
	poll_cmd "show bgp summary" "^127\.0\.0\.4 .* 6\$"
	poll_cmd "show bgp 198.51.100.128/26" "Community: 65001:2000\$"
	grep -qx "  64500" "$T/x.out"
}

@test "demo peer: dies when its parent dies" {
	# the speaker's parent is a shell that we kill; the speaker notices
	# (getppid() changes) within a second or so
	bash -c '"$1" --demo-peer provider-b --port "$2" >"$3/peer.out" \
	    2>"$3/peer.log" & echo $! >"$3/grand.pid"; exec sleep 100' \
	    wrap "$XRSH" "$PORT" "$T" 3>&- &
	WRAP_PID=$!
	wait_re "$T/peer.out" "^ready provider-b 127\.0\.0\.3 $PORT\$" 10
	GRAND_PID=$(cat "$T/grand.pid")
	kill -0 "$GRAND_PID"
	kill -KILL "$WRAP_PID"
	wait "$WRAP_PID" 2>/dev/null || true
	WRAP_PID=
	wait_re "$T/peer.log" "the parent process is gone: stopping" 10
	# gone (or a zombie of whoever adopted it)
	for i in $(seq 1 50); do
		[ -e "/proc/$GRAND_PID" ] || break
		awk '{ print $3 }' "/proc/$GRAND_PID/stat" 2>/dev/null |
		    grep -qx Z && break
		sleep 0.1
	done
	if grep -qE '^[^ ]+ [^ ]+ [RSD] ' "/proc/$GRAND_PID/stat" 2>/dev/null
	then
		echo "speaker $GRAND_PID still running"
		false
	fi
	GRAND_PID=
}

@test "demo peer: an orphan at start says error" {
	# the speaker is exec'd by a subshell only once that subshell's
	# parent shell ($$ there) has exited and been reaped, so by then
	# its parent is init
	bash -c '( while kill -0 $$ 2>/dev/null; do sleep 0.05; done
	    echo $BASHPID >"$3/grand.pid"
	    exec "$1" --demo-peer customer --port "$2" >"$3/o.out" \
	    2>"$3/o.err" ) </dev/null >/dev/null 2>&1 3>&- & exit 0' \
	    wrap "$XRSH" "$PORT" "$T"
	wait_re "$T/o.out" "^(ready|error) " 10
	GRAND_PID=$(cat "$T/grand.pid")
	if [ "$(cat "$T/o.out")" = "ready customer 127.0.0.4 $PORT" ]; then
		skip "a subreaper adopts orphans here"
	fi
	[ "$(cat "$T/o.out")" = "error the parent process is gone" ]
}

@test "demo peer: a port in use is an error line and exit 1" {
	start_peer customer 127.0.0.4
	run --separate-stderr "$XRSH" --demo-peer customer --port "$PORT"
	[ "$status" -eq 1 ]
	[ "$output" = "error cannot listen on 127.0.0.4 port $PORT: Address already in use" ]
	# the first one still serves
	kill -0 "$PEER_PID"
}

@test "demo peer: usage errors" {
	run --separate-stderr "$XRSH" --demo-peer provider-z --port "$PORT"
	[ "$status" -eq 2 ]
	[ "$output" = "error --demo-peer: unknown role 'provider-z'" ]
	[[ "$stderr" == *"usage: xrsh --demo-peer ROLE"* ]]
	run --separate-stderr "$XRSH" --demo-peer
	[ "$status" -eq 2 ]
	[ "$output" = "error --demo-peer: missing ROLE" ]
	run --separate-stderr "$XRSH" --demo-peer customer --port 70000
	[ "$status" -eq 2 ]
	[ "$output" = "error --demo-peer: bad port '70000' (1-65535)" ]
	run --separate-stderr "$XRSH" --demo-peer customer --bogus
	[ "$status" -eq 2 ]
	[ "$output" = "error --demo-peer: unexpected argument '--bogus'" ]
}
