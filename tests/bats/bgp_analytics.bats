#!/usr/bin/env bats
# BGP analytics (issue 13): `show bgp convergence` (XR's "Converged." /
# "Not converged." lines, since when, the reasons), the convergence event
# records of `show bgp-monitor convergence` and the per-prefix figures of
# `show bgp-monitor path-diversity` (paths, next hops, neighbor ASes, the
# seed's normalised AS-path entropy).
#
# NETWORK SAFETY: offline tests use --offline; the live tests run xrsh on
# 127.0.0.1 and Python peers on 127.0.0.2 and 127.0.0.3 only, with
# XRSH_LOOPBACK_ONLY=1.  Prefixes are documentation ones, ASes private.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-150}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		echo "--- p2"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
		echo "--- p3"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
	fi
}

# the JSON line after the Nth (1-based) in the output
json_n() {
	printf '%s\n' "${lines[@]}" | grep '^{' | sed -n "${1}p"
}

offline_cfg() {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
prefix-set LOCAL
  192.0.2.0/24
end-set
!
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
  network 192.0.2.0/24
  network 198.51.100.0/24
 !
!
EOF
}

@test "offline: converged, a local prefix has no diversity, JSON and errors" {
	offline_cfg
	run --separate-stderr xr <<'EOF'
debug bgp wait converged timeout 10
show bgp convergence
show bgp convergence | json
show bgp-monitor path-diversity
show bgp-monitor path-diversity prefix-set LOCAL | json
show bgp-monitor path-diversity prefix 198.51.100.0/24 | json
show bgp-monitor convergence | json
EOF
	assert_success
	assert_line 'Converged.'
	assert_line 'All received routes in RIB, all neighbors updated.'
	assert_line 'All neighbors have empty write queues.'
	assert_line --regexp '^Converged since [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}\.[0-9]{3} \('
	assert_line 'Path diversity, IPv4 Unicast'
	assert_line 'Network             Paths NextHops NbrASes ASPaths Entropy'
	assert_line '192.0.2.0/24            1        1       1       1  0.0000'
	assert_line 'Prefixes examined: 2, with a single path: 2, with a single neighbor AS: 2'
	[ "$(json_n 1 | jq -c '[.converged, .reasons, .reasons_total]')" = '[true,[],0]' ]
	[ "$(json_n 2 | jq -c '[.address_family, [.prefixes[].prefix], .prefixes_examined]')" = \
	    '["ipv4 unicast",["192.0.2.0/24"],1]' ]
	[ "$(json_n 3 | jq -c '.prefixes[0] | [.paths, .next_hops, .neighbor_ases, .as_paths, .entropy]')" = \
	    '[1,1,1,1,0]' ]
	# the configuration load is one event, with the two local prefixes
	[ "$(json_n 4 | jq -c '[.converged, .events_recorded, .events[-1].triggers[0].kind, .events[-1].prefixes_changed]')" = \
	    '[true,1,"commit",2]' ]

	run xr <<<'show bgp-monitor path-diversity prefix 203.0.113.0/24'
	assert_failure
	assert_output --partial '% Network not in table'
	run xr <<<'show bgp-monitor path-diversity prefix-set NOPE'
	assert_failure
	assert_output --partial '% Policy object prefix-set NOPE not found'
	run xr <<<'show bgp-monitor path-diversity prefix 192.0.2.0/24 ipv6'
	assert_failure
	assert_output --partial 'is not an IPv6 Unicast prefix'
}

@test "offline: the IPv6 table on its own" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
  network 192.0.2.0/24
 !
 address-family ipv6 unicast
  network 2001:db8::/32
  network 2001:db8:1::/48
 !
!
EOF
	run --separate-stderr xr <<'EOF'
show bgp-monitor path-diversity ipv6
show bgp-monitor path-diversity prefix 2001:db8:1::/48 | json
EOF
	assert_success
	assert_line 'Path diversity, IPv6 Unicast'
	assert_line '2001:db8::/32           1        1       1       1  0.0000'
	assert_line 'Prefixes examined: 2, with a single path: 2, with a single neighbor AS: 2'
	refute_line --partial '192.0.2.0/24'
	[ "$(json_n 1 | jq -c '[.address_family, .prefixes[0].prefix, .prefixes[0].paths]')" = \
	    '["ipv6 unicast","2001:db8:1::/48",1]' ]
}

@test "offline: without router bgp the instance is not active" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	run xr <<<'show bgp convergence'
	assert_failure
	assert_output --partial "% BGP instance 'default' not active"
}

# live COMMANDS...: xrsh on 127.0.0.1 (AS 65000) with eBGP peers
# 127.0.0.2 (AS 65002: three prefixes, three UPDATEs) and 127.0.0.3 (AS
# 65003: one prefix 127.0.0.2 sends too, with another path, and one of
# its own, in two UPDATEs).  Each waits before its OPEN so that the two
# sessions come up seconds apart: two events, not one merged.
live() {
	local port
	port=$(free_port 34000 2000) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	live_peer 127.0.0.2 65002 "$port" 'sleep 1' 'establish' \
	    'send update nlri 10.10.1.0/24 nexthop 127.0.0.2 aspath 65002 65100' \
	    'send update nlri 10.10.2.0/24 nexthop 127.0.0.2 aspath 65002 65100' \
	    'send update nlri 10.10.3.0/24 nexthop 127.0.0.2 aspath 65002 65200' \
	    'send eor ipv4'
	live_peer 127.0.0.3 65003 "$port" 'sleep 4' 'establish' \
	    'send update nlri 10.10.1.0/24 nexthop 127.0.0.3 aspath 65003 65300 65100' \
	    'send update nlri 10.10.4.0/24 nexthop 127.0.0.3 aspath 65003' \
	    'send eor ipv4'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" \
	    'debug bgp wait converged timeout 30' "$@"
}

@test "live: converged after the peers' tables, one record per session up" {
	live 'show bgp convergence' 'show bgp-monitor convergence' \
	    'show bgp-monitor convergence | json' \
	    'show bgp-monitor convergence last 1 | json' \
	    'show metrics exposition'
	assert_success
	assert_line 'Converged.'
	# the same figures on the metrics endpoint
	assert_line 'xrsh_bgp_converged 1'
	assert_line --regexp '^xrsh_bgp_convergence_events_total [2-9]$'
	assert_line --regexp '^xrsh_bgp_convergence_max_seconds [0-9.e+-]+$'
	assert_line 'Event  Started             Duration(s)  Upd-In  Pfx-In Upd-Out Changed  Triggers'
	assert_line --regexp '^[0-9]+ +[A-Z][a-z]{2} .* +3 +3 +[0-9]+ +3  neighbor 127\.0\.0\.2 up$'
	local j up2 up3
	j=$(json_n 1)
	[ "$(jq -r .converged <<<"$j")" = true ]
	# one event per session up, each naming only its neighbor
	up2=$(jq -c '[.events[] | select(.triggers | map(.kind + " " + (.neighbor // "")) == ["neighbor-up 127.0.0.2"])]' <<<"$j")
	up3=$(jq -c '[.events[] | select(.triggers | map(.kind + " " + (.neighbor // "")) == ["neighbor-up 127.0.0.3"])]' <<<"$j")
	[ "$(jq length <<<"$up2")" = 1 ]
	[ "$(jq length <<<"$up3")" = 1 ]
	# the counts are what each peer sent (End-of-RIB not counted)
	[ "$(jq -c '.[0] | [.updates_received, .prefixes_received, .prefixes_changed, .in_progress]' <<<"$up2")" = '[3,3,3,false]' ]
	# 10.10.1.0/24's second path may or may not become best
	[ "$(jq -c '.[0] | [.updates_received, .prefixes_received, .in_progress]' <<<"$up3")" = '[2,2,false]' ]
	[ "$(jq '.[0].prefixes_changed >= 1 and .[0].prefixes_changed <= 2' <<<"$up3")" = true ]
	# the table goes to 127.0.0.2's new neighbor and back
	[ "$(jq '.[0].updates_sent >= 1' <<<"$up3")" = true ]
	[ "$(jq '.[0].duration_seconds >= 0 and .[0].duration_seconds < 20' <<<"$up2")" = true ]
	# newest first; `last 1` is the newest only
	[ "$(jq -c '[.events[].id] | . == (sort | reverse)' <<<"$j")" = true ]
	[ "$(json_n 2 | jq -c '[(.events | length), .events[0].id]')" = \
	    "[1,$(jq '.events[0].id' <<<"$j")]" ]
}

@test "live: path diversity of a prefix from two peers and from one" {
	live 'show bgp-monitor path-diversity prefix 10.10.1.0/24 | json' \
	    'show bgp-monitor path-diversity prefix 10.10.2.0/24 | json' \
	    'show bgp-monitor path-diversity' \
	    'show bgp-monitor path-diversity | json'
	assert_success
	# two paths, two next hops, two neighbor ASes, two AS paths: 1
	[ "$(json_n 1 | jq -c '.prefixes[0] | [.paths, .next_hops, .neighbor_ases, .as_paths, .entropy]')" = \
	    '[2,2,2,2,1]' ]
	[ "$(json_n 2 | jq -c '.prefixes[0] | [.paths, .next_hops, .neighbor_ases, .as_paths, .entropy]')" = \
	    '[1,1,1,1,0]' ]
	assert_line '10.10.1.0/24            2        2       2       2  1.0000'
	assert_line '10.10.2.0/24            1        1       1       1  0.0000'
	assert_line 'Prefixes examined: 4, with a single path: 3, with a single neighbor AS: 3'
	[ "$(json_n 3 | jq -c '[.prefixes_examined, .single_path, .single_neighbor_as, (.prefixes | length)]')" = \
	    '[4,3,3,4]' ]
}

@test "live: a session reset is an event naming the neighbor down" {
	live 'clear bgp 127.0.0.3' 'debug bgp wait converged timeout 30' \
	    'show bgp convergence' 'show bgp-monitor convergence last 1 | json'
	assert_success
	assert_line 'Converged.'
	local j
	j=$(json_n 1)
	[ "$(jq -c '.events[0].triggers | map(.kind + " " + .neighbor)' <<<"$j")" = \
	    '["neighbor-down 127.0.0.3"]' ]
	# 10.10.4.0/24 is gone; 10.10.1.0/24 falls back to 127.0.0.2's path
	[ "$(jq '.events[0].prefixes_changed >= 1' <<<"$j")" = true ]
	[ "$(jq '.events[0].in_progress' <<<"$j")" = false ]
}

@test "live: not converged while End-of-RIB is awaited, with the reason, then converged" {
	local port
	port=$(free_port 34000 2000) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.254
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
  !
 !
!
EOF
	# the End-of-RIB comes 8 s after the session: live_run's commands
	# start 3 s after it
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    'send update nlri 10.10.1.0/24 nexthop 127.0.0.2 aspath 65002' \
	    'sleep 8' 'send eor ipv4'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" \
	    'show bgp convergence' 'show bgp convergence | json' \
	    'show bgp-monitor convergence | json' \
	    'debug bgp wait converged timeout 30' 'show bgp convergence' \
	    'show bgp-monitor convergence last 1 | json'
	assert_success
	assert_line 'Not converged.'
	assert_line 'Received routes may not be entered in RIB.'
	assert_line 'One or more neighbors may need updating.'
	assert_line --regexp '^Not converged since [A-Z][a-z]{2} '
	assert_line '  Neighbor 127.0.0.2: End-of-RIB not received for IPv4 Unicast'
	assert_line 'Converged.'
	[ "$(json_n 1 | jq -c '[.converged, .reasons]')" = \
	    '[false,["Neighbor 127.0.0.2: End-of-RIB not received for IPv4 Unicast"]]' ]
	# (the start's configuration event may still be open and merged)
	[ "$(json_n 2 | jq -c '[.converged, .events[0].in_progress, any(.events[0].triggers[]; .kind == "neighbor-up")]')" = \
	    '[false,true,true]' ]
	# the same event, ended: it lasted until the End-of-RIB
	[ "$(json_n 3 | jq -c '[.converged, .events[0].in_progress, .events[0].updates_received]')" = \
	    '[true,false,1]' ]
	[ "$(json_n 3 | jq '.events[0].duration_seconds >= 5')" = true ]
	[ "$(json_n 2 | jq .events[0].id)" = "$(json_n 3 | jq .events[0].id)" ]
}
