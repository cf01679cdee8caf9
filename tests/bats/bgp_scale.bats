#!/usr/bin/env bats
# Scale, reduced (issue 18): 100 eBGP sessions from one test process
# (tests/peers/manypeers.py, 127.1.0.1-100, AS 100000+i), 100 routes
# each, and a table of 20000 prefixes arriving on one more session
# (127.0.0.2) while `show bgp summary` is typed every second.  Every
# session comes up and none is lost: no hold timer expires on either
# side and no NOTIFICATION is sent.  No timing is asserted; the full size
# (1000 sessions, 300 routes each, a 200000-prefix table) with its
# figures is bench/scale/run.sh (`make bench-scale`).
#
# NETWORK SAFETY: 127.0.0.1, 127.0.0.2, 127.1.0.0/24 only, and
# XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- mp.out"; cat "$BATS_TEST_TMPDIR/mp.out" 2>/dev/null || true
	echo "--- p2.out"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
}

@test "live: 100 sessions of 100 routes and a 20000-prefix table, show bgp summary typed all along: all up, none lost" {
	local port i n js
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	sh "$SRCDIR/bench/scale/gen_config.sh" 100 >"$BATS_TEST_TMPDIR/live.cfg"
	timeout -k 5 100 python3 "$SRCDIR/tests/peers/manypeers.py" \
	    --port "$port" --count 100 --routes 100 --hold 30 --duration 40 \
	    >"$BATS_TEST_TMPDIR/mp.out" 2>&1 &
	LIVE_PIDS+=("$!")
	live_peer 127.0.0.2 65002 "$port" 'establish' 'sleep 3' \
	    'send table 20000 start 64.0.0.0'
	{
		for i in $(seq 0 99); do
			echo "debug bgp wait neighbor 127.1.0.$((i + 1)) established timeout 60"
		done
		echo 'debug bgp wait neighbor 127.0.0.2 established timeout 60'
		for i in $(seq 1 30); do
			echo 'show bgp summary'
			echo 'debug sleep 1'
		done
		echo 'show bgp process | json'
		# manypeers reports at 40 s, before this ends
		echo 'debug sleep 20'
	} >"$BATS_TEST_TMPDIR/live.script"
	run --separate-stderr timeout -k 5 150 "$XRSH" --port "$port" \
	    --listen 127.0.0.1 --config "$BATS_TEST_TMPDIR/live.cfg" \
	    -f "$BATS_TEST_TMPDIR/live.script"
	assert_success
	grep '^REPORT' "$BATS_TEST_TMPDIR/mp.out"
	# the sessions' view: all up, none lost, no keepalive gap beyond hold
	grep -E '^REPORT established=100 lost=0 notifications=0 .* late=0 ' \
	    "$BATS_TEST_TMPDIR/mp.out"
	# ours: no hold timer expired, nothing went down before the end
	! grep -E 'hold time expired|SEND_HOLD_EXPIRED' <<<"$stderr"
	[ "$(grep -c ' Up (VRF: default)' <<<"$stderr")" -eq 101 ]
	# every route is held: 100 x 100 + 20000
	js=$(printf '%s\n' "${lines[@]}" | grep '^{' | tail -1)
	[ "$(jq '.address_families[0].prefixes' <<<"$js")" -eq 30000 ]
	[ "$(jq '.neighbors_established' <<<"$js")" -eq 101 ]
	# the last summary lists every neighbor with its routes
	n=$(printf '%s\n' "${lines[@]}" | grep -cE '^127\.1\.0\.[0-9]+ +0 +1[0-9]{5} .* 100$')
	[ "$n" -ge 100 ]
}
