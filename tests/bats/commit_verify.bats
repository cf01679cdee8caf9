#!/usr/bin/env bats
# Self-verifying commits (issue 15): `commit confirmed [N] verify` watches
# the BGP sessions the commit affects and rolls the trial back at once
# (not at the timer) when one goes down or loses more than `commit verify
# prefix-drop P%` of its accepted prefixes; the configuration line and
# its `no` form; `show configuration commit verify`; the impact each
# commit had on the live routes, recorded at commit time (`show
# configuration commit changes ID impact`, `commit list detail`).  The live tests run
# one xrsh on 127.0.0.1 with Python peers (tests/peers/bgppeer.py):
# 127.0.0.2 sends 20 prefixes, 127.0.0.3 one.  The trials use 60 s timers
# and the scripts sleep 2 s: only the verification can roll them back.
#
# NETWORK SAFETY: the live tests use 127.0.0.1-3 only and
# XRSH_LOOPBACK_ONLY=1.

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
	echo "--- p3.out"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
}

@test "commit verify prefix-drop: renders with %, no removes it, range, round trip" {
	run --separate-stderr xr <<'EOF'
configure
commit verify prefix-drop 20
commit
end
show running-config
show configuration commit verify
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line 'commit verify prefix-drop 20%'
	assert_line 'Prefix-drop limit: 20%'
	# the saved file loads back; `30%` is accepted too
	run --separate-stderr xr <<'EOF'
show running-config
configure
commit verify prefix-drop 30%
commit
end
show running-config
EOF
	assert_success
	assert_line 'commit verify prefix-drop 20%'
	assert_line 'commit verify prefix-drop 30%'
	run --separate-stderr xr <<'EOF'
configure
no commit verify prefix-drop
commit
end
show running-config
show configuration commit verify
EOF
	assert_success
	refute_line --partial 'prefix-drop'
	assert_line 'Prefix-drop limit: 50%'
	assert_line 'No commit verify trial is running.'
	for bad in 0 101 abc 20%%; do
		run --separate-stderr xr <<EOF
configure
commit verify prefix-drop $bad
EOF
		assert_failure
		[[ "$stderr" == *"Invalid prefix-drop '$bad'"* ]]
	done
}

@test "commit confirmed ... verify: accepted with minutes, label and comment" {
	run --separate-stderr xr <<'EOF'
configure
hostname a
commit label L1 confirmed minutes 5 verify comment first try
hostname b
commit confirmed 60 verify
show configuration commit verify
commit
end
show configuration commit list detail
show running-config
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line --partial 'Label: L1'
	assert_line --partial 'Comment:  first try'
	assert_line 'hostname b'
	assert_line 'Trial commit 1000000002 is not verified: the BGP engine is offline.'
	# offline: nothing recorded, the detail keeps XR's four lines
	refute_line --partial 'Impact:'
	run --separate-stderr xr -c 'show configuration commit changes L1 impact'
	assert_success
	assert_line --partial 'No live impact recorded'
}

# stdout and stderr of the last run, the log lines included
both() {
	printf '%s\n%s\n' "$output" "$stderr"
}

# live COMMANDS...: xrsh on 127.0.0.1 (AS 65000) with eBGP
# peers 127.0.0.2 (AS 65002, 20 prefixes 10.0.0-19.0/24) and 127.0.0.3
# (AS 65003, 192.0.2.0/24), both with soft-reconfiguration inbound (a
# policy change is re-applied at once), then the commands
live() {
	local port p2=() i
	port=$(free_port 30000 5000) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF'
prefix-set FEW
  10.0.0.0/24,
  10.0.1.0/24
end-set
!
route-policy PASS
  pass
end-policy
!
route-policy IN2
  pass
end-policy
!
route-policy OUT3
  pass
end-policy
!
route-policy ONLY_FEW
  if destination in FEW then
    pass
  else
    drop
  endif
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy IN2 in
   route-policy PASS out
   soft-reconfiguration inbound always
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy OUT3 out
   soft-reconfiguration inbound always
  !
 !
!
EOF
	for i in $(seq 0 19); do
		p2+=("10.0.$i.0/24")
	done
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    "send update nlri ${p2[*]} nexthop 127.0.0.2 aspath 65002"
	live_peer 127.0.0.3 65003 "$port" 'establish' \
	    'send update nlri 192.0.2.0/24 nexthop 127.0.0.3 aspath 65003'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" "$@"
}

@test "live: a verified trial that drops most prefixes rolls back within seconds" {
	live 'show bgp neighbor 127.0.0.2 routes' \
	    'configure' \
	    'route-policy IN2' \
	    '  apply ONLY_FEW' \
	    'end-policy' \
	    'commit confirmed 60 verify' \
	    'debug sleep 3' \
	    'end' \
	    'show running-config route-policy IN2' \
	    'show bgp neighbor 127.0.0.2 routes' \
	    'show configuration commit list' \
	    'show configuration commit verify' \
	    'show logging'
	both >"$BATS_TEST_TMPDIR/out"
	assert_success
	grep -F '%MGBL-CONFIG-4-COMMIT_VERIFY_FAILED : Commit 1000000001 rolled back: accepted prefixes from 127.0.0.2 dropped 20 -> 2 (90% > 50%)' "$BATS_TEST_TMPDIR/out"
	grep -F 'Trial commit 1000000001 failed verification; the configuration was rolled back' "$BATS_TEST_TMPDIR/out"
	# the old policy is back, and with it the 20 prefixes
	assert_line '  pass'
	refute_line '  apply ONLY_FEW'
	[ "$(grep -c '^Processed 20 prefixes, 20 paths' "$BATS_TEST_TMPDIR/out")" -eq 2 ]
	assert_line --regexp '^1 +1000000002 .* Rollback '
	assert_line --partial 'Last failed verification: commit 1000000001: accepted prefixes'
}

@test "live: a verified trial that takes a session down rolls back at once" {
	live 'configure' \
	    'router bgp 65000' \
	    ' neighbor 127.0.0.3' \
	    '  remote-as 65099' \
	    ' commit confirmed 60 verify' \
	    'debug sleep 2' \
	    'show running-config router bgp 65000 neighbor 127.0.0.3' \
	    'show configuration commit list'
	assert_success
	both | grep -E '%MGBL-CONFIG-4-COMMIT_VERIFY_FAILED : Commit 1000000001 rolled back: neighbor 127\.0\.0\.3 went down \(Established -> (Idle|Active|Connect)\)'
	both | grep -F 'Trial commit 1000000001 failed verification'
	assert_line '  remote-as 65003'
	assert_line --regexp '^1 +1000000002 .* Rollback '
}

@test "live: shutting a neighbor down is meant: the trial stays, the shut neighbor is not watched" {
	live 'configure' \
	    'router bgp 65000' \
	    ' neighbor 127.0.0.3' \
	    '  shutdown' \
	    ' commit confirmed 60 verify' \
	    'debug sleep 2' \
	    'show configuration commit verify' \
	    'show configuration commit list'
	assert_success
	refute_line --partial 'COMMIT_VERIFY_FAILED'
	both | refute_output --partial 'COMMIT_VERIFY_FAILED'
	assert_line --partial 'Verifying trial commit 1000000001'
	assert_line 'Watching 0 neighbors; 1 shut down by the commit, not watched'
	refute_line --partial 'Rollback'
}

@test "live: a harmless verified trial stays, shows its baselines, and commit confirms it" {
	live 'configure' \
	    'router bgp 65000' \
	    ' neighbor 127.0.0.2' \
	    '  description still fine' \
	    ' commit confirmed 60 verify' \
	    'debug sleep 2' \
	    'show configuration commit verify' \
	    'commit' \
	    'end' \
	    'show configuration commit verify' \
	    'show configuration commit list' \
	    'show running-config router bgp 65000 neighbor 127.0.0.2'
	assert_success
	both | refute_output --partial 'COMMIT_VERIFY_FAILED'
	assert_line --partial 'Verifying trial commit 1000000001: rolled back in'
	assert_line 'Watching 1 neighbor'
	assert_line --regexp '^127\.0\.0\.2 +IPv4 +Established +20 +20$'
	assert_line '% Confirming commit for trial session.'
	assert_line 'No commit verify trial is running.'
	refute_line --partial 'Rollback'
	assert_line '  description still fine'
}

@test "live: a policy commit's recorded impact matches the routes before and after, and survives a restart" {
	live 'show bgp neighbor 127.0.0.2 routes' \
	    'show bgp neighbor 127.0.0.3 advertised-routes' \
	    'configure' \
	    'route-policy IN2' \
	    '  apply ONLY_FEW' \
	    'end-policy' \
	    'commit' \
	    'end' \
	    'debug sleep 4' \
	    'show bgp neighbor 127.0.0.2 routes' \
	    'show bgp neighbor 127.0.0.3 advertised-routes' \
	    'show configuration commit changes 1000000001 impact' \
	    'show configuration commit changes 1000000001 impact | json' \
	    'show configuration commit list detail'
	assert_success
	both >"$BATS_TEST_TMPDIR/out"
	assert_line --regexp '^127\.0\.0\.2 +IPv4 Unicast +0 +18 +0 +'
	assert_line 'Best paths changed, IPv4 Unicast: 18'
	assert_line --partial 'Impact:   moved traffic: 18 best paths changed'
	# the counts are the differences of the views before and after:
	# 127.0.0.2's accepted routes, 127.0.0.3's advertised routes
	local j n
	n=($(sed -n 's/^Processed \([0-9]*\) prefixes.*/\1/p' "$BATS_TEST_TMPDIR/out"))
	[ "${#n[@]}" -eq 4 ]
	j=$(grep '^{"id":1000000001' "$BATS_TEST_TMPDIR/out")
	[ "$(jq -r '.recorded' <<<"$j")" = true ]
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.2") | .denied' <<<"$j")" -eq $((n[0] - n[2])) ]
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.2") | .accepted' <<<"$j")" -eq 0 ]
	[ "$(jq -r '.best_changed.ipv4' <<<"$j")" -eq $((n[0] - n[2])) ]
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.3") | .withdrawn' <<<"$j")" -eq $((n[1] - n[3])) ]
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.3") | .advertised' <<<"$j")" -eq 0 ]
	# and what the peer received: one withdrawal of those 18 prefixes
	local w
	w=$(grep -o 'RECV UPDATE withdrawn=[^ ]*' "$BATS_TEST_TMPDIR/p3.out" | tr ',' '\n' | grep -c '/')
	[ "$w" -eq $((n[1] - n[3])) ]
	# the impact survives a restart (read offline from the history)
	run --separate-stderr "$XRSH" --config "$BATS_TEST_TMPDIR/live.saved" --offline \
	    -c 'show configuration commit changes 1000000001 impact'
	assert_success
	assert_line 'Best paths changed, IPv4 Unicast: 18'
	assert_line --regexp '^127\.0\.0\.3 +IPv4 Unicast +0 +0 +0 +0 +0 +18$'
}

@test "live: recorded impact of an outbound policy (re-advertised) and of inbound attributes (changed)" {
	live 'show bgp neighbor 127.0.0.3 advertised-routes' \
	    'configure' \
	    'route-policy OUT3' \
	    '  set med 77' \
	    '  pass' \
	    'end-policy' \
	    'commit' \
	    'debug sleep 4' \
	    'route-policy IN2' \
	    '  set local-preference 200' \
	    '  pass' \
	    'end-policy' \
	    'commit' \
	    'debug sleep 4' \
	    'end' \
	    'show configuration commit changes 1000000001 impact | json' \
	    'show configuration commit changes 1000000002 impact | json' \
	    'show configuration commit changes 1000000002 impact'
	assert_success
	both >"$BATS_TEST_TMPDIR/out"
	local n j1 j2 m
	n=$(sed -n 's/^Processed \([0-9]*\) prefixes.*/\1/p' "$BATS_TEST_TMPDIR/out")
	[ "$n" -eq 20 ]
	j1=$(grep '^{"id":1000000001' "$BATS_TEST_TMPDIR/out")
	j2=$(grep '^{"id":1000000002' "$BATS_TEST_TMPDIR/out")
	# the outbound change: every route 127.0.0.3 had again, with the MED,
	# and nothing else moved
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.3") | .readvertised' <<<"$j1")" -eq "$n" ]
	[ "$(jq -r '[.neighbors[] | .accepted + .denied + .changed + .advertised + .withdrawn] | add' <<<"$j1")" -eq 0 ]
	[ "$(jq -r '[.neighbors[] | select(.neighbor != "127.0.0.3")] | length' <<<"$j1")" -eq 0 ]
	m=$(grep -o 'RECV UPDATE nlri=[^ ]* .*med=77' "$BATS_TEST_TMPDIR/p3.out" | sed 's/^RECV UPDATE nlri=\([^ ]*\).*/\1/' | tr ',' '\n' | grep -c '/')
	[ "$m" -eq "$n" ]
	# the inbound change: 127.0.0.2's 20 paths changed attributes, none
	# came or went, and local-preference is not sent to eBGP peers
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.2") | .changed' <<<"$j2")" -eq 20 ]
	[ "$(jq -r '.neighbors[] | select(.neighbor == "127.0.0.2") | .accepted + .denied' <<<"$j2")" -eq 0 ]
	[ "$(jq -r '[.neighbors[] | select(.neighbor == "127.0.0.3") | .readvertised] | add // 0' <<<"$j2")" -eq 0 ]
	assert_line --regexp '^127\.0\.0\.2 +IPv4 Unicast +0 +0 +20 '
}

@test "live: commit verify prefix-drop 95% lets a 90% drop stay" {
	live 'configure' \
	    'commit verify prefix-drop 95%' \
	    'commit' \
	    'route-policy IN2' \
	    '  apply ONLY_FEW' \
	    'end-policy' \
	    'commit confirmed 60 verify' \
	    'debug sleep 3' \
	    'show configuration commit verify' \
	    'commit' \
	    'end' \
	    'show running-config route-policy IN2'
	assert_success
	both | refute_output --partial 'COMMIT_VERIFY_FAILED'
	assert_line 'Prefix-drop limit: 95%'
	assert_line --regexp '^127\.0\.0\.2 +IPv4 +Established +20 +2$'
	assert_line '% Confirming commit for trial session.'
	assert_line '  apply ONLY_FEW'
}
