#!/usr/bin/env bats
# RPKI origin validation, issue 12 polish: `show bgp [AF] origin-as
# validity [valid|invalid|not-found]` (the table view of the paths with
# that state; without a word every validated path), and the outbound
# policy reading the best path's `validation-state`: a policy dropping
# invalids toward one neighbor, while another neighbor gets them; a ROA
# change moves a route's state and the export follows without a reset.
# `bgp origin-as validation signal ibgp` (RFC 8097): the state sent to
# iBGP neighbors as the 0x4300 extended community and taken from them.
#
# NETWORK SAFETY: offline tests use --offline; the live tests run xrsh
# on 127.0.0.1 and Python peers on 127.0.0.2-127.0.0.4 only, with
# XRSH_LOOPBACK_ONLY=1.  Prefixes are documentation ones, ASes private.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

HEAD_ROV='    Network            Next Hop            Metric LocPrf Weight Path'
LEGEND='Origin-AS validation codes: V valid, I invalid, N not-found, D disabled'

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		echo "--- p2"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
		echo "--- p3"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
		echo "--- p4"; cat "$BATS_TEST_TMPDIR/p4.out" 2>/dev/null || true
	fi
}

json_of() {
	printf '%s\n' "${lines[@]}" | grep '^{' | head -n 1
}

# ------------------------------------------------------------------ offline

@test "origin-as validity: help, and an empty table offline (local paths have no state)" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.254
 rpki route 203.0.113.0/24 max 24 origin 65000
 address-family ipv4 unicast
  bgp origin-as validation enable
  network 203.0.113.0/24
 !
!
EOF
	run --separate-stderr xr <<'EOF'
describe show bgp origin-as validity 
describe show bgp ipv4 unicast origin-as 
show bgp origin-as validity
show bgp ipv4 unicast origin-as validity valid | json
EOF
	assert_success
	assert_line --regexp '^  <cr>$'
	assert_line --regexp '^  valid +Display valid prefixes$'
	assert_line --regexp '^  invalid +Display invalid prefixes$'
	assert_line --regexp '^  not-found +Display prefixes not found$'
	assert_line --regexp '^  validity +BGP origin-AS validity$'
	assert_line "$LEGEND"
	assert_line "$HEAD_ROV"
	assert_line 'Processed 0 prefixes, 0 paths'
	refute_line --partial '203.0.113.0/24'
	local j
	j=$(json_of)
	[ "$(jq -r '.origin_as_validation' <<<"$j")" = true ]
	[ "$(jq -r '.routes | length' <<<"$j")" = 0 ]
	[ "$(jq -r '.processed_paths' <<<"$j")" = 0 ]
}

@test "origin-as validity: a bad state word is an XR error" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.254
!
EOF
	run --separate-stderr xr <<<'show bgp origin-as validity bogus'
	assert_failure
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
	[ -z "$output" ]
}

# ------------------------------------------------------------------ live

# live COMMANDS...: xrsh on 127.0.0.1 (AS 65000, validation on for IPv4,
# static VRPs).  127.0.0.2 (AS 65002) sends one valid, two invalid and
# one not-found prefix; 127.0.0.3 (AS 65003) has an outbound policy
# dropping invalids; 127.0.0.4 (AS 65004) passes everything.
live() {
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF'
route-policy PASS
  pass
end-policy
!
route-policy NO_INVALID
  if validation-state is invalid then
    drop
  endif
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 rpki route 192.0.2.0/24 max 24 origin 65001
 rpki route 198.51.100.0/25 max 25 origin 65009
 address-family ipv4 unicast
  bgp origin-as validation enable
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
   route-policy NO_INVALID out
  !
 !
 neighbor 127.0.0.4
  remote-as 65004
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	# valid, invalid (too specific), invalid (wrong origin), not-found
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    'send update nlri 192.0.2.0/24 192.0.2.128/25 nexthop 127.0.0.2 aspath 65002 65001' \
	    'send update nlri 198.51.100.0/25 nexthop 127.0.0.2 aspath 65002 65010' \
	    'send update nlri 198.51.100.128/25 nexthop 127.0.0.2 aspath 65002 65001'
	live_peer 127.0.0.3 65003 "$port" 'establish'
	live_peer 127.0.0.4 65004 "$port" 'establish'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" "$@"
}

# received PEER PREFIX: the peer's output has an UPDATE announcing PREFIX
received() {
	grep -qE "^RECV UPDATE nlri=([^ ]*,)?${2//./\\.}(,[^ ]*)? " \
	    "$BATS_TEST_TMPDIR/$1.out"
}

@test "live: show bgp origin-as validity lists each state, text and JSON" {
	live 'show bgp origin-as validity invalid' \
	    'show bgp ipv4 unicast origin-as validity valid' \
	    'show bgp origin-as validity not-found | json' \
	    'show bgp origin-as validity | json'
	assert_success
	assert_line "$LEGEND"
	assert_line "$HEAD_ROV"
	assert_line 'I*> 192.0.2.128/25     127.0.0.2                              0 65002 65001 i'
	assert_line 'I*> 198.51.100.0/25    127.0.0.2                              0 65002 65010 i'
	assert_line 'V*> 192.0.2.0/24       127.0.0.2                              0 65002 65001 i'
	assert_line 'Processed 2 prefixes, 2 paths'
	assert_line 'Processed 1 prefixes, 1 paths'
	refute_line --regexp '^N'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(sed -n 1p <<<"$j" | jq -r '[.routes[].prefix] | join(" ")')" = \
	    "198.51.100.128/25" ]
	[ "$(sed -n 1p <<<"$j" | jq -r '.routes[0].paths[0].origin_as_validity')" = not-found ]
	[ "$(sed -n 2p <<<"$j" | jq -r '[.routes[].prefix] | join(" ")')" = \
	    "192.0.2.0/24 192.0.2.128/25 198.51.100.0/25 198.51.100.128/25" ]
	[ "$(sed -n 2p <<<"$j" | jq -r '.processed_paths')" = 4 ]
}

@test "live: an outbound validation-state policy drops invalids toward one neighbor; a ROA change re-exports" {
	live 'show bgp neighbors 127.0.0.3 advertised-routes | json' \
	    'show bgp neighbors 127.0.0.4 advertised-routes | json' \
	    'configure' 'router bgp 65000' \
	    'no rpki route 198.51.100.0/25 max 25 origin 65009' \
	    'rpki route 192.0.2.0/24 max 24 origin 65077' \
	    'commit' 'end' 'debug sleep 3' \
	    'show bgp neighbors 127.0.0.3 advertised-routes | json' \
	    'show bgp origin-as validity invalid | json'
	assert_success
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(sed -n 1p <<<"$j" | jq -r '[.routes[].prefix] | sort | join(" ")')" = \
	    "192.0.2.0/24 198.51.100.128/25" ]
	[ "$(sed -n 2p <<<"$j" | jq -r '[.routes[].prefix] | sort | join(" ")')" = \
	    "192.0.2.0/24 192.0.2.128/25 198.51.100.0/25 198.51.100.128/25" ]
	# 198.51.100.0/25 lost its VRP: not-found, sent to 127.0.0.3 now;
	# 192.0.2.0/24 kept a VRP for 65001: still valid
	[ "$(sed -n 3p <<<"$j" | jq -r '[.routes[].prefix] | sort | join(" ")')" = \
	    "192.0.2.0/24 198.51.100.0/25 198.51.100.128/25" ]
	[ "$(sed -n 4p <<<"$j" | jq -r '[.routes[].prefix] | join(" ")')" = \
	    "192.0.2.128/25" ]
	# what the peers were sent on the wire
	received p3 198.51.100.128/25
	received p3 198.51.100.0/25
	! received p3 192.0.2.128/25
	received p4 192.0.2.128/25
	received p4 198.51.100.0/25
}

@test "live: signal ibgp sends the state to an iBGP neighbor (RFC 8097) and takes it from one" {
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF2'
route-policy PASS
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 bgp origin-as validation signal ibgp
 rpki route 192.0.2.0/24 max 24 origin 65001
 rpki route 203.0.113.0/24 max 24 origin 65001
 address-family ipv4 unicast
  bgp origin-as validation enable
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
  remote-as 65000
  session-open-mode passive-only
  address-family ipv4 unicast
  !
 !
!
EOF2
	# eBGP: valid, invalid, not-found
	live_peer 127.0.0.2 65002 "$port" 'establish' \
	    'send update nlri 192.0.2.0/24 192.0.2.128/25 nexthop 127.0.0.2 aspath 65002 65001' \
	    'send update nlri 198.51.100.128/25 nexthop 127.0.0.2 aspath 65002 65001'
	# iBGP: valid here by the VRP, signalled invalid
	live_peer 127.0.0.3 65000 "$port" 'establish' \
	    'send update nlri 203.0.113.0/24 nexthop 127.0.0.3 aspath 65001 ext-community 4300000000000002'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" \
	    'show bgp origin-as validity invalid' 'show bgp rpki summary'
	assert_success
	assert_line 'I*>i203.0.113.0/24     127.0.0.3                     100      0 65001 i'
	assert_line --regexp '^I\*> 192\.0\.2\.128/25 '
	assert_line 'Processed 2 prefixes, 2 paths'
	assert_line --partial 'Origin-AS validity signaling towards iBGP is ENABLED'
	# sent to the iBGP neighbor: 0 valid, 1 not-found, 2 invalid
	grep -qE '^RECV UPDATE nlri=([^ ]*,)?192\.0\.2\.0/24[ ,].*ext-community=4300000000000000' \
	    "$BATS_TEST_TMPDIR/p3.out"
	grep -qE '^RECV UPDATE nlri=([^ ]*,)?192\.0\.2\.128/25[ ,].*ext-community=4300000000000002' \
	    "$BATS_TEST_TMPDIR/p3.out"
	grep -qE '^RECV UPDATE nlri=([^ ]*,)?198\.51\.100\.128/25[ ,].*ext-community=4300000000000001' \
	    "$BATS_TEST_TMPDIR/p3.out"
	# never to eBGP
	! grep -q '43000000000000' "$BATS_TEST_TMPDIR/p2.out"
}
