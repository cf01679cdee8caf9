#!/usr/bin/env bats
# RPKI origin validation in the show bgp route views (issue 12): with
# `bgp origin-as validation enable` in an address family the table view
# has XR's "Origin-AS validation codes" legend and one more column
# before the status codes (V valid, I invalid, N not-found, D disabled
# for a neighbor with `origin-as validation disable`, blank for a local
# path); without it the layout is the one of before, byte for byte.
# `show bgp PREFIX` has "Origin-AS validity: ...", the JSON of a path
# origin_as_validity.  `test route-policy ... rpki live` takes the state
# from the engine's ROA table (static `rpki route` VRPs here).
#
# NETWORK SAFETY: offline tests use --offline; the live test runs xrsh
# on 127.0.0.1 and Python peers on 127.0.0.2 and 127.0.0.3 only, with
# XRSH_LOOPBACK_ONLY=1.  Prefixes are documentation ones, ASes private.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

HEAD='   Network            Next Hop            Metric LocPrf Weight Path'
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
	fi
}

json_of() {
	printf '%s\n' "${lines[@]}" | grep '^{' | head -n 1
}

# offline config: local networks in both families, validation as $1
# ("v4": enabled for IPv4 only, "none": nowhere)
offline_cfg() {
	local v4=
	[ "$1" = v4 ] && v4='  bgp origin-as validation enable'
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<EOF
route-policy RPKI_IN
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
$v4
  network 203.0.113.0/24
 !
 address-family ipv6 unicast
  network 2001:db8:1234:5678::/64
 !
!
EOF
}

# ------------------------------------------------------------------ offline

@test "validation off: show bgp keeps the layout without the codes" {
	offline_cfg none
	run --separate-stderr xr <<<'show bgp'
	assert_success
	assert_line 'Origin codes: i - IGP, e - EGP, ? - incomplete'
	assert_line "$HEAD"
	refute_line --partial 'Origin-AS'
	assert_line '*> 203.0.113.0/24     0.0.0.0                            32768 i'
	local r
	r=$(printf '%s\n' "${lines[@]}" | grep '^\*> 203.0.113.0/24')
	[ "${r:22:7}" = "0.0.0.0" ]
	[ "${r:63}" = "i" ]
	run --separate-stderr xr <<<'show bgp | json'
	[ "$(jq -r '.origin_as_validation' <<<"$(json_of)")" = false ]
	[ "$(jq -r '.routes[0].paths[0].origin_as_validity' <<<"$(json_of)")" = disabled ]
}

@test "validation on: legend, every column one to the right, local paths blank" {
	offline_cfg v4
	run --separate-stderr xr <<<'show bgp ipv4 unicast'
	assert_success
	assert_line --index 8 'Origin codes: i - IGP, e - EGP, ? - incomplete'
	assert_line --index 9 "$LEGEND"
	assert_line --index 10 "$HEAD_ROV"
	assert_line ' *> 203.0.113.0/24     0.0.0.0                            32768 i'
	local r
	r=$(printf '%s\n' "${lines[@]}" | grep '^ \*> 203.0.113.0/24')
	[ "${r:23:7}" = "0.0.0.0" ]
	[ "${r:57:6}" = " 32768" ]
	[ "${r:64}" = "i" ]
	# the family without it keeps the old layout
	run --separate-stderr xr <<<'show bgp ipv6 unicast'
	assert_line "$HEAD"
	refute_line --partial 'Origin-AS'
	assert_line '*> 2001:db8:1234:5678::/64'
	assert_line '                      ::                                 32768 i'
	run --separate-stderr xr <<<'show bgp | json'
	[ "$(jq -r '.origin_as_validation' <<<"$(json_of)")" = true ]
	# a local path is never validated: no state
	[ "$(jq -r '.routes[0].paths[0].origin_as_validity' <<<"$(json_of)")" = disabled ]
	run --separate-stderr xr <<<'show bgp 203.0.113.0/24'
	refute_line --partial 'Origin-AS validity'
}

@test "test route-policy rpki valid|invalid|not-found: as typed, no table line" {
	offline_cfg none
	run --separate-stderr xr <<<'test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65001 rpki invalid'
	assert_success
	assert_line 'Policy RPKI_IN: dropped'
	refute_line --partial 'RPKI state'
	run --separate-stderr xr <<<'test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65001 rpki valid | json'
	[ "$(jq -r '.verdict' <<<"$(json_of)")" = accepted ]
	[ "$(jq -r '.rpki' <<<"$(json_of)")" = null ]
}

@test "test route-policy rpki live: the ROA table decides, and says why" {
	offline_cfg v4
	run --separate-stderr xr <<'EOF'
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65001 rpki live
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65003 rpki live
test route-policy RPKI_IN prefix 192.0.2.128/25 as-path 65002 65001 rpki live
test route-policy RPKI_IN prefix 198.51.100.128/25 as-path 65002 65001 rp l
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 {65001,65003} rpki live
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65003 rpki live | json
EOF
	assert_success
	local out
	out=$(printf '%s\n' "${lines[@]}" | grep -E '^(Policy|RPKI state)')
	[ "$out" = "Policy RPKI_IN: accepted
RPKI state: valid (ROA table: origin AS 65001, 1 covering VRP)
Policy RPKI_IN: dropped
RPKI state: invalid (ROA table: origin AS 65003, 1 covering VRP)
Policy RPKI_IN: dropped
RPKI state: invalid (ROA table: origin AS 65001, 1 covering VRP)
Policy RPKI_IN: accepted
RPKI state: not-found (ROA table: origin AS 65001, no covering VRP)
Policy RPKI_IN: dropped
RPKI state: invalid (ROA table: origin AS unknown (AS_SET), 1 covering VRP)" ]
	[ "$(jq -c '.rpki' <<<"$(json_of)")" = \
	    '{"source":"live","state":"invalid","origin_as":65003,"covering_vrps":1,"table_vrps":2}' ]
	[ "$(jq -r '.verdict' <<<"$(json_of)")" = dropped ]
}

@test "test route-policy rpki live: no VRPs at all is not-found" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
route-policy RPKI_IN
  if validation-state is not-found then
    set local-preference 50
  endif
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
!
EOF
	run --separate-stderr xr <<'EOF'
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65001 rpki live
test route-policy RPKI_IN prefix 192.0.2.0/24 as-path 65002 65001 rpki live | json
EOF
	assert_success
	assert_line 'RPKI state: not-found (ROA table: empty)'
	assert_line '  local-preference   50'
	[ "$(jq -c '.rpki' <<<"$(json_of)")" = \
	    '{"source":"live","state":"not-found","origin_as":65001,"covering_vrps":0,"table_vrps":0}' ]
}

# ------------------------------------------------------------------ live

# live COMMANDS...: xrsh on 127.0.0.1 (AS 65000, validation on for IPv4,
# static VRPs) with eBGP peers 127.0.0.2 (AS 65002) and 127.0.0.3 (AS
# 65003, `origin-as validation disable`), then the commands.
live() {
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 rpki route 192.0.2.0/24 max 24 origin 65001
 rpki route 198.51.100.0/25 max 25 origin 65009
 address-family ipv4 unicast
  bgp origin-as validation enable
  network 203.0.113.0/24
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
   soft-reconfiguration inbound
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  session-open-mode passive-only
  address-family ipv4 unicast
   origin-as validation disable
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
	live_peer 127.0.0.3 65003 "$port" 'establish' \
	    'send update nlri 192.0.2.0/24 nexthop 127.0.0.3 aspath 65003 65099'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" "$@"
}

@test "live: V, I, N and D codes, the validity line and the JSON key" {
	live 'show bgp' 'show bgp 192.0.2.0/24' 'show bgp 198.51.100.0/25' \
	    'show bgp 192.0.2.0/24 | json'
	assert_success
	assert_line "$LEGEND"
	assert_line "$HEAD_ROV"
	# 192.0.2.0/24: either path may be the best, the codes stay
	assert_line --regexp '^V\*[> ] (192\.0\.2\.0/24 {7}| {19})127\.0\.0\.2 {30}0 65002 65001 i$'
	assert_line --regexp '^D\*[> ] (192\.0\.2\.0/24 {7}| {19})127\.0\.0\.3 {30}0 65003 65099 i$'
	assert_line 'I*> 192.0.2.128/25     127.0.0.2                              0 65002 65001 i'
	assert_line 'I*> 198.51.100.0/25    127.0.0.2                              0 65002 65010 i'
	assert_line 'N*> 198.51.100.128/25  127.0.0.2                              0 65002 65001 i'
	assert_line ' *> 203.0.113.0/24     0.0.0.0                            32768 i'
	assert_line 'Processed 5 prefixes, 6 paths'
	# the detail: one line per path, after the Path ID line
	assert_line '      Origin-AS validity: valid'
	assert_line '      Origin-AS validity: (disabled)'
	assert_line '      Origin-AS validity: invalid'
	local j
	j=$(json_of)
	[ "$(jq -r '[.paths[] | .from + "=" + .origin_as_validity] | sort | join(" ")' <<<"$j")" = \
	    "127.0.0.2=valid 127.0.0.3=disabled" ]
}

@test "live: neighbors routes and received routes carry the codes too" {
	live 'show bgp neighbors 127.0.0.2 routes' \
	    'show bgp neighbors 127.0.0.2 received routes' \
	    'show bgp neighbors 127.0.0.3 routes | json' \
	    'show bgp neighbors 127.0.0.3 advertised-routes | json'
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c "^$LEGEND\$")" = 2 ]
	# received routes are Adj-RIB-In rows: never marked best
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^V\*[> ] 192\.0\.2\.0/24 ')" = 2 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^N\*[> ] 198\.51\.100\.128/25 ')" = 2 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^I\*[> ] 192\.0\.2\.128/25 ')" = 2 ]
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(sed -n 1p <<<"$j" | jq -r '.routes[0].paths[0].origin_as_validity')" = disabled ]
	# advertised-routes: the state of the best path sent
	[ "$(sed -n 2p <<<"$j" | jq -r '.routes[] | select(.prefix == "198.51.100.128/25") | .origin_as_validity')" = not-found ]
	[ "$(sed -n 2p <<<"$j" | jq -r '.routes[] | select(.prefix == "192.0.2.128/25") | .origin_as_validity')" = invalid ]
}
