#!/usr/bin/env bats
# The demo lab (`xrsh --demo`): xrsh on 127.0.0.1 with the seed
# multi-homing configuration and three real speakers (`xrsh --demo-peer`)
# on 127.0.0.2-4.  Sessions come up, the seed policies act on the routes,
# a policy edit moves a best path, and the speakers never outlive the
# shell: not on exit, SIGTERM, SIGINT or SIGKILL.
#
# NETWORK SAFETY: the lab only ever uses 127.0.0.1-4; XRSH_LOOPBACK_ONLY=1
# makes the engine refuse anything else.  Every test runs on its own port
# from 17950-17999 (179 only in the test of the root default, when free),
# with TMPDIR in its own directory, and teardown kills whatever is left.
# After SIGKILL the lab's directory stays (nothing can remove it then).

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	export XRSH_LOOPBACK_ONLY=1
	export TMPDIR="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$TMPDIR"
	PID=
	DEMO_ENV=
	NOBODY_TMP=
	PORT=$(free_port 17950 50) || skip "no free TCP port in 17950-17999"
}

teardown() {
	if [ -n "${PID:-}" ]; then
		kill -KILL "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	[ -n "${PORT:-}" ] && pkill -KILL -f "demo-peer .* --port $PORT\$" || true
	if [ -n "${NOBODY_TMP:-}" ]; then rm -rf "$NOBODY_TMP"; fi
	echo "--- out"; cat "$BATS_TEST_TMPDIR/out" 2>/dev/null || true
	echo "--- err"; cat "$BATS_TEST_TMPDIR/err" 2>/dev/null || true
}

speakers() {
	pgrep -f "demo-peer .* --port $PORT\$" || true
}

# waits (up to $1 s) until no speaker of $PORT is left
no_speakers_within() {
	local i
	for i in $(seq 1 $(($1 * 10))); do
		[ -z "$(speakers)" ] && return 0
		sleep 0.1
	done
	echo "speakers still running:"
	pgrep -af "demo-peer .* --port $PORT\$" || true
	return 1
}

lab_dirs() {
	find "$TMPDIR" -maxdepth 1 -name 'xrsh-demo.*' 2>/dev/null || true
}

# demo_bg ARGS...: the demo in the background, ready once the banner's
# count line is out; $PID is xrsh itself
demo_bg() {
	${DEMO_ENV:-} "$XRSH" --demo --port "$PORT" "$@" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	PID=$!
	wait_in "$BATS_TEST_TMPDIR/err" "3/3 sessions Established" 60
	[ "$(speakers | wc -l)" -eq 3 ]
	[ -n "$(lab_dirs)" ]
}

# the summary row of neighbor $1: "St/PfxRcd" is the last field
pfxrcd() {
	awk -v n="$1" '$1 == n { print $NF }' "$BATS_TEST_TMPDIR/out"
}

@test "demo: three sessions, the seed policies, a policy edit moves a best path, exit leaves nothing" {
	run --separate-stderr "$XRSH" --demo --port "$PORT" \
	    -c 'show bgp summary'
	echo "$output" >"$BATS_TEST_TMPDIR/out"
	echo "$stderr" >"$BATS_TEST_TMPDIR/err"
	[ "$status" -eq 0 ]
	grep -q "^Demo lab on loopback, BGP port $PORT: " "$BATS_TEST_TMPDIR/err"
	grep -q '^3/3 sessions Established' "$BATS_TEST_TMPDIR/err"
	# Established (a number, not a state, in St/PfxRcd) with routes
	[ "$(pfxrcd 127.0.0.2)" -gt 1000 ]
	[ "$(pfxrcd 127.0.0.3)" -gt 1000 ]
	# the customer's 6 routes: CUSTOMER_IN drops the 2 outside its space
	[ "$(pfxrcd 127.0.0.4)" -eq 4 ]
	grep -q '^  127.0.0.4 .* 4 paths, 2 dropped by CUSTOMER_IN$' \
	    "$BATS_TEST_TMPDIR/err"
	[ -z "$(speakers)" ]
	[ -z "$(lab_dirs)" ]

	# the banner's example: at both providers, PROVIDER_A's path best
	pfx=$(sed -n 's/^ *show bgp \([0-9./]*\) bestpath-compare$/\1/p' \
	    "$BATS_TEST_TMPDIR/err")
	[ -n "$pfx" ]
	cat >"$BATS_TEST_TMPDIR/script" <<EOF
show bgp $pfx
configure
route-policy PROVIDER_B_IN
  if destination in PREFIX_SET_CUSTOMER_ROUTES then
    drop
  endif
  set local-preference 250
  pass
end-policy
commit
end
show bgp $pfx
EOF
	run --separate-stderr "$XRSH" --demo --port "$PORT" \
	    -f "$BATS_TEST_TMPDIR/script"
	echo "$output" >"$BATS_TEST_TMPDIR/out"
	echo "$stderr" >"$BATS_TEST_TMPDIR/err"
	[ "$status" -eq 0 ]
	awk '/^BGP routing table entry/ { n++ } n == 1' \
	    "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/before"
	awk '/^BGP routing table entry/ { n++ } n == 2' \
	    "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/after"
	# before: PROVIDER_A_IN's 200 beats PROVIDER_B_IN's 150
	grep -A1 ' from 127.0.0.2 ' "$BATS_TEST_TMPDIR/before" | tail -n 1 |
	    grep -q 'localpref 200, valid, external, best'
	grep -A1 ' from 127.0.0.3 ' "$BATS_TEST_TMPDIR/before" | tail -n 1 |
	    grep -q 'localpref 150, valid, external, group-best$'
	# after the commit: PROVIDER_B's path, now 250, is best
	grep -A1 ' from 127.0.0.3 ' "$BATS_TEST_TMPDIR/after" | tail -n 1 |
	    grep -q 'localpref 250, valid, external, best'
	grep -A1 ' from 127.0.0.2 ' "$BATS_TEST_TMPDIR/after" | tail -n 1 |
	    grep -q 'localpref 200, valid, external, group-best$'
	# nothing left behind
	[ -z "$(speakers)" ]
	[ -z "$(lab_dirs)" ]
}

@test "demo: the lab configuration has the seed's sets and policies verbatim" {
	run --separate-stderr "$XRSH" --demo --port "$PORT" \
	    -c 'show running-config'
	echo "$output" >"$BATS_TEST_TMPDIR/out"
	[ "$status" -eq 0 ]
	# every block before `router bgp` in the seed, as a unit
	blocks() {
		awk '/^router bgp/ { exit } /^!$/ { print "@@"; next }
		    { print }' "$1"
	}
	blocks "$SRCDIR/tests/configs/00-seed-multihoming.cfg" |
	    awk 'BEGIN { RS = "@@\n" } NF { printf "%s", $0 > \
	    (ENVIRON["BATS_TEST_TMPDIR"] "/seed." ++n) }'
	ls "$BATS_TEST_TMPDIR"/seed.* >/dev/null
	for f in "$BATS_TEST_TMPDIR"/seed.*; do
		# the block must appear as consecutive lines of the running
		# configuration, from its first line to its last
		first=$(head -n 1 "$f")
		n=$(wc -l <"$f")
		grep -A$((n - 1)) -xF -- "$first" "$BATS_TEST_TMPDIR/out" |
		    head -n "$n" | diff -u "$f" -
	done
	# the same policies at the same places, with the lab's neighbors
	grep -q '^ neighbor 127.0.0.2$' "$BATS_TEST_TMPDIR/out"
	awk '/^ neighbor-group PROVIDER_A_GROUP$/,/^ !$/' "$BATS_TEST_TMPDIR/out" |
	    grep -q '^   route-policy PROVIDER_A_IN in$'
	awk '/^ neighbor-group PROVIDER_B_GROUP$/,/^ !$/' "$BATS_TEST_TMPDIR/out" |
	    grep -q '^   route-policy PROVIDER_B_OUT out$'
	awk '/^ neighbor 127.0.0.2$/,/^ !$/' "$BATS_TEST_TMPDIR/out" |
	    grep -q '^  use neighbor-group PROVIDER_A_GROUP$'
	awk '/^ neighbor 127.0.0.3$/,/^ !$/' "$BATS_TEST_TMPDIR/out" |
	    grep -q '^  use neighbor-group PROVIDER_B_GROUP$'
	awk '/^ neighbor 127.0.0.4$/,/^ !$/' "$BATS_TEST_TMPDIR/out" |
	    grep -q '^   route-policy CUSTOMER_IN in$'
}

@test "demo: SIGKILL of the shell leaves no speaker behind" {
	demo_bg -c 'debug sleep 100'
	kill -KILL "$PID"
	wait "$PID" || true
	PID=
	no_speakers_within 5
}

@test "demo: SIGTERM stops the speakers and removes the lab's directory" {
	demo_bg -c 'debug sleep 100'
	kill -TERM "$PID"
	st=0
	wait "$PID" || st=$?
	PID=
	# killed by the re-raised signal: 128 + 15
	[ "$st" -eq 143 ]
	no_speakers_within 5
	[ -z "$(lab_dirs)" ]
}

@test "demo: SIGINT in batch mode stops the speakers too" {
	# a script's `cmd &` ignores SIGINT, and xrsh leaves it so: undo
	DEMO_ENV="env --default-signal=INT"
	demo_bg -c 'debug sleep 100'
	kill -INT "$PID"
	st=0
	wait "$PID" || st=$?
	PID=
	[ "$st" -eq 130 ]
	no_speakers_within 5
	[ -z "$(lab_dirs)" ]
}

@test "demo: SIGTERM during the lab's start-up wait ends the wait" {
	"$XRSH" --demo --port "$PORT" -c 'show version' >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	PID=$!
	# the customer paused as soon as it listens: the kernel still takes
	# xrsh's connection, so its session hangs in OpenSent and the wait
	# (30 s) has something to wait for
	for i in $(seq 1 2000); do
		[ -n "$(ss -Hltn "src 127.0.0.4:$PORT")" ] && break
		sleep 0.005
	done
	cust=$(pgrep -f "demo-peer customer --port $PORT\$")
	kill -STOP $cust
	wait_in "$BATS_TEST_TMPDIR/err" "Demo lab on loopback" 20
	if grep -q "3/3 sessions Established" "$BATS_TEST_TMPDIR/err"; then
		kill -CONT $cust
		skip "the lab was ready before the customer could be paused"
	fi
	kill -TERM "$PID"
	st=0
	wait "$PID" || st=$?
	PID=
	kill -CONT $cust 2>/dev/null || true
	[ "$st" -eq 143 ]
	grep -q "xrsh: demo: warning: interrupted: xrsh is stopping" \
	    "$BATS_TEST_TMPDIR/err"
	# not the end of a 30 s wait
	! grep -q "not ready" "$BATS_TEST_TMPDIR/err"
	no_speakers_within 5
	[ -z "$(lab_dirs)" ]
}

@test "demo: --offline, --config, --foreground and --listen are usage errors" {
	run "$XRSH" --demo --offline -c 'show version'
	[ "$status" -eq 2 ]
	run "$XRSH" --demo --config "$BATS_TEST_TMPDIR/x.cfg" -c 'show version'
	[ "$status" -eq 2 ]
	run "$XRSH" --demo --foreground
	[ "$status" -eq 2 ]
	run "$XRSH" --demo --listen 127.0.0.1 -c 'show version'
	[ "$status" -eq 2 ]
	[ -z "$(lab_dirs)" ]
	[ ! -e "$BATS_TEST_TMPDIR/x.cfg" ]
}

@test "demo: a port the lab can't have is an error, and nothing is left" {
	# a listener on 127.0.0.3 takes the port from provider-b
	python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.3", int(sys.argv[1])))
s.listen(1)
print("up", flush=True)
time.sleep(60)' "$PORT" >"$BATS_TEST_TMPDIR/holder" &
	HOLDER=$!
	wait_in "$BATS_TEST_TMPDIR/holder" up 60
	run --separate-stderr "$XRSH" --demo --port "$PORT" -c 'show version'
	kill "$HOLDER"
	wait "$HOLDER" || true
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"xrsh: demo: provider-b (127.0.0.3 port $PORT)"* ]]
	[ -z "$output" ]
	[ -z "$(speakers)" ]
	[ -z "$(lab_dirs)" ]
}

@test "demo: as root the lab runs on port 179 when it is free" {
	[ "$(id -u)" -eq 0 ] || skip "not root"
	if ss -Hltn 'sport = :179' 2>/dev/null | grep -q .; then
		skip "something listens on port 179"
	fi
	PORT=179
	run --separate-stderr "$XRSH" --demo -c 'show bgp summary'
	echo "$output" >"$BATS_TEST_TMPDIR/out"
	echo "$stderr" >"$BATS_TEST_TMPDIR/err"
	[ "$status" -eq 0 ]
	grep -q '^Demo lab on loopback, BGP port 179: ' "$BATS_TEST_TMPDIR/err"
	grep -q '^3/3 sessions Established' "$BATS_TEST_TMPDIR/err"
	[ "$(pfxrcd 127.0.0.4)" -eq 4 ]
	[ -z "$(speakers)" ]
	[ -z "$(lab_dirs)" ]
}

@test "demo: without root the lab picks a high port" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to drop to nobody"
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null ||
	    skip "cannot drop to nobody"
	# nobody may not be able to reach the binary
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    test -x "$XRSH" || skip "$XRSH is not executable by nobody"
	# a directory nobody can write in (the test's own is private)
	TMPDIR=$(mktemp -d /tmp/xrsh-demo-test.XXXXXX)
	NOBODY_TMP=$TMPDIR
	chmod 1777 "$TMPDIR"
	PORT=
	run --separate-stderr setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups env HOME="$TMPDIR" TMPDIR="$TMPDIR" "$XRSH" --demo \
	    -c 'show bgp summary'
	echo "$output" >"$BATS_TEST_TMPDIR/out"
	echo "$stderr" >"$BATS_TEST_TMPDIR/err"
	[ "$status" -eq 0 ]
	port=$(sed -n 's/^Demo lab on loopback, BGP port \([0-9]*\):.*/\1/p' \
	    "$BATS_TEST_TMPDIR/err")
	[ "$port" -ge 10179 ]
	grep -q '^3/3 sessions Established' "$BATS_TEST_TMPDIR/err"
	[ "$(pfxrcd 127.0.0.4)" -eq 4 ]
	PORT=$port
	[ -z "$(speakers)" ]
	[ -z "$(lab_dirs)" ]
}

@test "demo: the README's tour is the transcript of a real run" {
	run --separate-stderr env XRSH="$XRSH" PORT="$PORT" \
	    sh "$SRCDIR/tests/demo/tour.sh"
	[ "$status" -eq 0 ]
	echo "$output" | sh "$SRCDIR/tests/docs/readme_section.sh" check \
	    "$SRCDIR/README" tour
}
