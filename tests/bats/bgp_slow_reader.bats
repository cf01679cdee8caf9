#!/usr/bin/env bats
# Slow readers (issue 18): a neighbor that stops reading its socket (its
# TCP window closes) while a large table arrives on another session must
# not grow our output queue without bound nor hold the other members of
# its update group back: it falls behind (the update group keeps the
# prefixes it missed, not the messages), the others get everything, and
# once nothing could be written to it for its hold time it is reset (the
# send hold timer, RFC 9687) with a log line.
#
# Live, on loopback: xrsh on 127.0.0.1 with `socket send-buffer-size
# 4096` (so the kernel does not absorb megabytes for the stuck reader);
# 127.0.0.2 sends 30000 prefixes with distinct AS paths (30000 UPDATEs
# back out) and withdraws the first 10000 of them; 127.0.0.3 reads
# normally; 127.0.0.4 has a 4 KB receive buffer, negotiates a 9 s hold
# time and stops reading once Established (its keepalives still go out,
# so only the send side can tell); 127.0.0.5 stops reading for 8 s only
# and then catches up.  3 and 5 must end with exactly the 20000 left.
#
# NETWORK SAFETY: 127.0.0.1-4 only, and XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-150}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	local n
	for n in 2 4; do
		echo "--- p$n.out"
		tail -20 "$BATS_TEST_TMPDIR/p$n.out" 2>/dev/null || true
	done
	echo "--- p3.out"
	grep -v '^RECV UPDATE' "$BATS_TEST_TMPDIR/p3.out" | tail -20 || true
}

# slow_peer ADDR AS PORT HOLD SECS LAST: connects with a 4 KB receive
# buffer, negotiates HOLD, stops reading once Established, reads again
# SECS later, then does the script line LAST
slow_peer() {
	local addr=$1 as=$2 port=$3 n=${1##*.}
	timeout -k 5 70 python3 "$SRCDIR/tests/peers/bgppeer.py" \
	    --connect 127.0.0.1 --port "$port" --local "$addr" --as "$as" \
	    --id "$n.$n.$n.$n" --connect-retry 30 --rcvbuf 4096 \
	    -e "establish hold $4" -e 'recv off' -e "sleep $5" \
	    -e 'recv on' -e "$6" \
	    >"$BATS_TEST_TMPDIR/p$n.out" 2>&1 &
	LIVE_PIDS+=("$!")
	LIVE_ADDRS+=("$addr")
}

# final_count FILE: how many prefixes a peer holds at the end, from its
# RECV UPDATE lines in order (announced, then maybe withdrawn)
final_count() {
	awk '/^RECV UPDATE/ {
		for (i = 3; i <= NF; i++)
			if ($i ~ /^withdrawn=/) {
				n = split(substr($i, 11), a, ",")
				for (k = 1; k <= n; k++) delete s[a[k]]
			} else if ($i ~ /^nlri=/) {
				n = split(substr($i, 6), a, ",")
				for (k = 1; k <= n; k++) s[a[k]] = 1
			}
	} END { n = 0; for (p in s) if (p ~ /^100\./) n++; print n }' "$1"
}

@test "socket send-buffer-size and bgp memory-limit: configuration round trip and ranges" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 socket send-buffer-size 8192
 bgp memory-limit 512
 commit
end
show running-config router bgp
EOF
	assert_success
	assert_line ' socket send-buffer-size 8192'
	assert_line ' bgp memory-limit 512'
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 socket send-buffer-size 100
EOF
	[ "$status" -ne 0 ]
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 bgp memory-limit 8
EOF
	[ "$status" -ne 0 ]
}

@test "live: a neighbor that stops reading falls behind and is reset by the send hold timer; the others get the whole table" {
	local port js out4 q n
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	{
		printf 'route-policy PASS\n  pass\nend-policy\n!\n'
		printf 'router bgp 65001\n bgp router-id 10.255.0.1\n'
		printf ' socket send-buffer-size 4096\n'
		printf ' address-family ipv4 unicast\n !\n'
		for n in 2 3 4 5; do
			printf ' neighbor 127.0.0.%s\n  remote-as 6500%s\n' "$n" "$n"
			printf '  session-open-mode passive-only\n'
			printf '  address-family ipv4 unicast\n'
			printf '   route-policy PASS in\n   route-policy PASS out\n'
			printf '  !\n !\n'
		done
		printf '!\n'
	} >"$BATS_TEST_TMPDIR/live.cfg"
	slow_peer 127.0.0.4 65004 "$port" 9 40 'expect closed timeout 15'
	slow_peer 127.0.0.5 65005 "$port" 90 8 'expect open-alive 40'
	live_peer 127.0.0.3 65003 "$port" 'establish'
	live_peer 127.0.0.2 65002 "$port" 'establish' 'sleep 2' \
	    'send table 30000 distinct' 'send table 10000 withdraw'
	live_run "$port" "$BATS_TEST_TMPDIR/live.cfg" \
	    'show bgp summary' 'debug sleep 5' 'show bgp update-group' \
	    'show bgp update-group | json' \
	    'debug bgp wait neighbor 127.0.0.4 active timeout 45' \
	    'show bgp summary' 'show bgp neighbors 127.0.0.4 | json' \
	    'debug sleep 3' 'show bgp summary'
	assert_success
	# the stuck one: reset by the send hold timer, with what was queued
	# (ours) within the bound: 1 MB and one step of the update group
	out4=$(grep 'SEND_HOLD_EXPIRED : neighbor 127.0.0.4' <<<"$stderr")
	echo "$out4"
	[ -n "$out4" ]
	q=$(sed -E 's/.*\(([0-9]+) bytes queued\).*/\1/' <<<"$out4")
	[ "$q" -gt 0 ]
	[ "$q" -lt 2097152 ]
	# while it was stuck, its update group showed it behind
	js=$(printf '%s\n' "${lines[@]}" | grep '^{.*"update_groups"')
	jq -c '.update_groups[0] | [.members_behind, .prefixes_behind]' <<<"$js"
	jq -e '.update_groups[0].members_behind >= 1 and .update_groups[0].prefixes_behind > 0' <<<"$js"
	assert_line --regexp '^  Neighbors behind \(slow readers\): [0-9]+, prefixes to catch up: [0-9]+$'
	js=$(printf '%s\n' "${lines[@]}" | grep '^{.*"neighbors"')
	jq -c '.neighbors[0] | [.state, .last_reset_reason]' <<<"$js"
	jq -e '.neighbors[0].last_reset_reason | test("hold time expired")' <<<"$js"
	# the others were never reset and have exactly the table: the one
	# that paused caught up, withdrawals included
	! grep -E 'neighbor 127\.0\.0\.[235] Down - (BGP|Peer)' <<<"$stderr"
	assert_line --regexp '^127\.0\.0\.2 +0 +65002 .* 20000$'
	for n in 3 5; do
		echo "127.0.0.$n holds $(final_count "$BATS_TEST_TMPDIR/p$n.out")"
		[ "$(final_count "$BATS_TEST_TMPDIR/p$n.out")" -eq 20000 ]
	done
	# the stuck peer saw the close once it read again
	wait_in "$BATS_TEST_TMPDIR/p4.out" 'OK line 5: expect closed' 30
}
