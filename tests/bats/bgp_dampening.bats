#!/usr/bin/env bats
# Route flap dampening (RFC 2439, issue 13): `bgp dampening [HL [REUSE
# SUPPRESS MAX]]` and `bgp dampening route-policy NAME` in the global
# address family render as typed, have `no` and `?`; the RPL action
# `set dampening` is accepted only at that attach point; `show bgp
# dampened-paths` / `flap-statistics` (and `| json`), `clear bgp
# dampening` / `flap-statistics`.  The live test runs one xrsh on
# 127.0.0.1 and Python peers (tests/peers/bgppeer.py): 127.0.0.2 flaps a
# prefix three times, so it is suppressed (`d`, kept, not best, not
# advertised to the other peer 127.0.0.3), and another one withdrawn
# while suppressed stays as history (`h`); the hidden `debug bgp
# dampening advance SECONDS` moves only the dampening clock (no real
# waiting) past the reuse time: best and advertised again.
#
# NETWORK SAFETY: the live test uses 127.0.0.1-3 only and
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
}

@test "dampening: each form renders as typed, no removes it, round trip" {
	run --separate-stderr xr <<'EOF'
configure
route-policy DAMP
  set dampening halflife 10 reuse 800 suppress 3000 max-suppress 40
end-policy
router bgp 65001
 address-family ipv4 unicast
  bgp dampening
 address-family ipv6 unicast
  bgp dampening 5 700 2500 20
 commit
end
show running-config router bgp
configure
router bgp 65001
 address-family ipv4 unicast
  bgp dampening 12
 address-family ipv6 unicast
  bgp dampening route-policy DAMP
 commit
end
show running-config router bgp
configure
router bgp 65001
 address-family ipv4 unicast
  no bgp dampening
 address-family ipv6 unicast
  no bgp dampening route-policy DAMP
 commit
end
show running-config router bgp
EOF
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	assert_line '  bgp dampening'
	assert_line '  bgp dampening 5 700 2500 20'
	assert_line '  bgp dampening 12'
	assert_line '  bgp dampening route-policy DAMP'
	# the last view has no dampening line left
	[ "$(printf '%s\n' "${lines[@]}" | grep -c 'bgp dampening')" -eq 4 ]
	# the saved configuration loads back identically
	run --separate-stderr xr -c 'show running-config router bgp'
	[ "$status" -eq 0 ]
	refute_line --partial 'dampening'
}

@test "dampening: ? help, ranges and errors" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 address-family ipv4 unicast
  describe bgp dampening 
  describe bgp dampening 10 
  describe bgp dampening 10 800 
  describe bgp dampening 10 800 3000 
EOF
	[ "$status" -eq 0 ]
	assert_line '  <1-45>        Half-life time for the penalty (minutes)'
	assert_line '  route-policy  Route policy'
	assert_line '  <1-20000>  Value to start reusing a route'
	assert_line '  <1-20000>  Value to start suppressing a route'
	assert_line '  <1-255>  Maximum duration to suppress a stable route (minutes)'
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 address-family ipv4 unicast
  bgp dampening 46
EOF
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"Invalid input detected"* ]]
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 address-family ipv4 unicast
  bgp dampening 10 800 300 40
EOF
	[ "$status" -ne 0 ]
	[[ "$output$stderr" == *"Suppress penalty (300) must be greater than or equal to reuse penalty (800)"* ]]
}

@test "dampening: set dampening only at the dampening attach point" {
	run --separate-stderr xr <<'EOF'
configure
route-policy DAMP
  set dampening halflife 10 reuse 800 suppress 3000 max-suppress 40
end-policy
router bgp 65001
 address-family ipv4 unicast
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy DAMP in
 commit
EOF
	[ "$status" -ne 0 ]
	[[ "$output$stderr" == *"dampening"* ]]
}

@test "dampening: shows and clears offline (empty), json" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 65001
 bgp router-id 10.0.0.1
 address-family ipv4 unicast
  bgp dampening 10
 commit
end
show bgp dampened-paths
show bgp flap-statistics
show bgp dampened-paths | json
show bgp ipv6 unicast flap-statistics | json
clear bgp dampening
clear bgp dampening 10.1.0.0/16
clear bgp flap-statistics
show bgp process | include Dampening
EOF
	[ "$status" -eq 0 ]
	# show bgp process: per address family
	assert_line 'Dampening is enabled'
	assert_line 'Dampening is not enabled'
	assert_line '   Network            From            Reuse    Path'
	assert_line '   Network            From            Flaps Duration Reuse    Path'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | sed -n 1p)
	[ "$(jq -c '[.address_family, .dampening, .half_life, .reuse, .suppress, .max_suppress_time, .paths]' <<<"$j")" = \
	    '["ipv4 unicast",true,600,750,2000,2400,[]]' ]
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | sed -n 2p)
	[ "$(jq -c '[.address_family, .dampening]' <<<"$j")" = '["ipv6 unicast",false]' ]
}

@test "live: a prefix flapped three times is damped, then reused" {
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  bgp dampening
 !
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
	live_peer 127.0.0.3 65003 "$port" 'establish'
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    'send update nlri 10.10.0.0/16 10.20.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send update nlri 10.30.0.0/16 nexthop 127.0.0.2 aspath 65002 65030' \
	    'send update withdraw 10.30.0.0/16' \
	    'send update nlri 10.30.0.0/16 nexthop 127.0.0.2 aspath 65002 65030' \
	    'send update withdraw 10.30.0.0/16' \
	    'send update nlri 10.30.0.0/16 nexthop 127.0.0.2 aspath 65002 65030' \
	    'send update withdraw 10.30.0.0/16'
	live_run "$port" "$BATS_TEST_TMPDIR/live.cfg" \
	    'show bgp' 'show bgp 10.10.0.0/16' \
	    'show bgp neighbors 127.0.0.3 advertised-routes' \
	    'show bgp dampened-paths' 'show bgp flap-statistics' \
	    'show bgp flap-statistics | json' 'show bgp 10.10.0.0/16 | json' \
	    'debug bgp dampening advance 1500' 'show bgp dampened-paths | json' \
	    'debug bgp dampening advance 600' 'debug sleep 1' 'show bgp' \
	    'show bgp neighbors 127.0.0.3 advertised-routes' \
	    'show bgp dampened-paths | json' 'show bgp flap-statistics | json'
	assert_success
	# suppressed: kept, status d, not best; the other prefix is best
	assert_line 'd  10.10.0.0/16       127.0.0.2                              0 65002 i'
	assert_line '*> 10.20.0.0/16       127.0.0.2                              0 65002 i'
	assert_line '  65002, (suppressed due to dampening)'
	# withdrawn while suppressed: kept as history for its penalty
	assert_line 'h  10.30.0.0/16       127.0.0.2                              0 65002 65030 i'
	assert_line --regexp '^h  10\.30\.0\.0/16       127\.0\.0\.2       3     [0-9:]{8} [0-9:]{8} 65002 65030 i$'
	refute_line --regexp '^.. 10\.30\.0\.0/16       127\.0\.0\.2       [0-9:]{8} '
	assert_line --regexp '^d  10\.10\.0\.0/16       127\.0\.0\.2       [0-9:]{8} 65002 i$'
	assert_line --regexp '^d  10\.10\.0\.0/16       127\.0\.0\.2       3     [0-9:]{8} [0-9:]{8} 65002 i$'
	local js
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(sed -n 1p <<<"$js" | jq -c '[.paths[] | [.prefix, .from, .status, .flaps]]')" = \
	    '[["10.10.0.0/16","127.0.0.2","damped",3],["10.30.0.0/16","127.0.0.2","history",3]]' ]
	# penalty about 3000 minus the decay of a few seconds
	[ "$(sed -n 1p <<<"$js" | jq '.paths[0].penalty > 2900 and .paths[0].penalty <= 3000')" = true ]
	[ "$(sed -n 1p <<<"$js" | jq '.paths[0].reuse_in > 1700 and .paths[0].reuse_in <= 1800')" = true ]
	[ "$(sed -n 2p <<<"$js" | jq -c '.paths[0] | [.best, .dampened]')" = '[false,true]' ]
	# 1500 s on: still damped; 2100 s: reused and best again
	[ "$(sed -n 3p <<<"$js" | jq '.paths | length')" = 1 ]
	assert_line '*> 10.10.0.0/16       127.0.0.2                              0 65002 i'
	[ "$(sed -n 4p <<<"$js" | jq '.paths | length')" = 0 ]
	[ "$(sed -n 5p <<<"$js" | jq -c '.paths[0] | [.status, .flaps]')" = '["flapped",3]' ]
	# advertised to 127.0.0.3 only once reused (before: 10.20/16 alone)
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^10\.20\.0\.0/16       127\.0\.0\.1       127\.0\.0\.2       65001 65002i$')" -eq 2 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^10\.10\.0\.0/16       127\.0\.0\.1       127\.0\.0\.2       65001 65002i$')" -eq 1 ]
}
