#!/usr/bin/env bats
# The global memory guard (issue 18): a neighbor without maximum-prefix
# that sends more than memory allows does not take the process down.
# When the BGP tables (the memory lines of `show bgp process`) hold more
# than `bgp memory-limit`, new prefixes are refused (counted, logged
# once with %ROUTING-BGP-3-MEMORY_LIMIT), the paths already held and the
# session stay; once memory drops below 90% of the limit prefixes are
# accepted again.  `show bgp process` shows the limit, the state and the
# count (| json: memory_guard).
#
# Live, on loopback: xrsh on 127.0.0.1 with a 16 MB limit; 127.0.0.2
# sends 60000 prefixes with distinct AS paths (about 18 MB of tables), then
# withdraws them all and announces one more.
#
# NETWORK SAFETY: 127.0.0.1-2 only, and XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- p2.out"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
}

@test "memory guard: the default limit in show bgp process, offline" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 commit
end
show bgp process
show bgp process | json
EOF
	assert_success
	assert_line --regexp '^  Memory limit: [0-9]+ MB \(default\), in use [0-9]+ MB, new prefixes accepted$'
	assert_line '  Prefixes refused over the limit: 0 (limit exceeded 0 times)'
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(jq -c '.memory_guard | [.limit_configured, .state, .refused_prefixes, .times_exceeded, .limit_bytes > 0]' <<<"$js")" = \
	    '[false,"accepting",0,0,true]' ]
}

@test "live: over the memory limit new prefixes are refused, the session stays, and they are accepted again once memory drops" {
	local port js
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 bgp memory-limit 16
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	# the table at once; each `clear bgp ... soft in` (a ROUTE-REFRESH
	# to the peer) is the signal for its next step: withdraw them all,
	# then one more prefix
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    'send table 60000 distinct' \
	    'expect route-refresh timeout 50' 'send table 60000 withdraw' \
	    'expect route-refresh timeout 30' 'send update nlri 10.9.9.0/24'
	live_run "$port" "$BATS_TEST_TMPDIR/live.cfg" \
	    'debug sleep 10' 'show bgp summary' 'show bgp process | json' \
	    'clear bgp 127.0.0.2 soft in' 'debug sleep 3' \
	    'clear bgp 127.0.0.2 soft in' 'debug sleep 3' \
	    'show bgp summary' 'show bgp process | json' \
	    'show bgp process' 'show bgp 10.9.9.0/24'
	assert_success
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	jq -c '.memory_guard' <<<"$js"
	# over the limit: refusing, some refused, the rest held
	[ "$(sed -n 1p <<<"$js" | jq -c '.memory_guard | [.limit_bytes, .limit_configured, .state, .refused_prefixes > 0, .times_exceeded]')" = \
	    '[16777216,true,"refusing",true,1]' ]
	[ "$(sed -n 1p <<<"$js" | jq '.address_families[0].prefixes | . > 1000 and . < 60000')" = true ]
	grep -E '%ROUTING-BGP-3-MEMORY_LIMIT : memory in use [0-9]+ MB exceeds the limit of 16 MB: new prefixes \(first from neighbor 127\.0\.0\.2\) are refused' <<<"$stderr"
	# withdrawn: memory is back below 90%, the next prefix is accepted
	[ "$(sed -n 2p <<<"$js" | jq -c '.memory_guard | [.state, .times_exceeded]')" = '["accepting",1]' ]
	grep -E '%ROUTING-BGP-5-MEMORY_LIMIT : .*new prefixes are accepted again \([0-9]+ were refused\)' <<<"$stderr"
	assert_line 'BGP routing table entry for 10.9.9.0/24'
	assert_line --regexp '^  Memory limit: 16 MB, in use [0-9]+ MB, new prefixes accepted$'
	assert_line --regexp '^  Prefixes refused over the limit: [1-9][0-9]* \(limit exceeded 1 times\)$'
	# never reset
	! grep -E 'neighbor 127\.0\.0\.2 Down - (BGP|Peer)' <<<"$stderr"
	[ "$(grep -c 'neighbor 127.0.0.2 Up' <<<"$stderr")" -eq 1 ]
}
