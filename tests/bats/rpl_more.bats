#!/usr/bin/env bats
# The RPL additions real configurations use, through batch mode: rd-set
# and `rd in`, `route-type is`, the IGP actions, extcommunity-set opaque
# with `set extcommunity color`, `set path-selection`: round trip through
# show running-config and show rpl (text and json), `?` help, `test
# route-policy`, and the commit-time attach-point check (an action the
# attach point cannot perform is refused naming the policy and the attach
# point; the same policy unattached commits).  Neighbors use 127.0.0.0/8
# addresses: configuration is only ever parsed and committed.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cat >"$BATS_TEST_TMPDIR/objects" <<'EOF'
extcommunity-set opaque COLOR-100
  100
end-set
!
extcommunity-set opaque COLORS
  # the SR policy colors
  100,
  [200..300],
  4294967295
end-set
!
rd-set RDS
  10.0.0.0/8:*,
  10.0.0.0/8:777,
  10.0.0.0:*,
  10.0.0.0:777,
  65000:*,
  65000:777
end-set
!
route-policy ADDPATH
  if community matches-any (*) then
    set path-selection all advertise
  else
    set path-selection backup 1 install multipath-protect
  endif
end-policy
!
route-policy IGP
  if route-type is level-2 or route-type is ospf-nssa-type-1 then
    set metric-type type-1
    set level level-1-2
    set isis-metric 10
    set ospf-metric 20
  elseif route-type is local and rd in RDS then
    set metric-type rib-metric-as-external
  elseif rd in (100:1, 1.1.1.1:*) then
    set tag 5
  endif
end-policy
!
route-policy SR-COLOR
  set extcommunity color COLOR-100
  set extcommunity color (200, 300) additive
  pass
end-policy
!
EOF
}

@test "rd-set, opaque sets and the new statements round-trip through show running-config" {
	{ echo configure; cat "$BATS_TEST_TMPDIR/objects"; echo commit; } \
	    >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script" \
	    -c 'show running-config'
	assert_success
	[ -z "$stderr" ]
	# running-config: the objects exactly as typed, sets before policies
	run --separate-stderr xr -c 'show running-config'
	assert_success
	body=$(printf '%s\n' "$output" | sed -n '/^extcommunity-set/,$p' |
	    sed '$d')
	assert_equal "$body" "$(cat "$BATS_TEST_TMPDIR/objects")"
	# and reading the saved file back changes nothing
	cp "$BATS_TEST_TMPDIR/running.cfg" "$BATS_TEST_TMPDIR/again.cfg"
	run "$XRSH" --check "$BATS_TEST_TMPDIR/again.cfg"
	assert_success
}

@test "set path-selection prints in canonical order; path-selection on one line is split" {
	run --separate-stderr xr -c configure -c 'route-policy P' \
	    -c 'if community matches-any (*) then set path-selection all advertise else set path-selection backup 1 advertise multipath-protect install endif' \
	    -c 'set path-selection best-path' \
	    -c 'set path-selection group-best advertise' \
	    -c 'set path-selection multipath advertise' \
	    -c end-policy -c 'show configuration'
	assert_success
	assert_output --partial 'route-policy P
  if community matches-any (*) then
    set path-selection all advertise
  else
    set path-selection backup 1 install multipath-protect advertise
  endif
  set path-selection best-path
  set path-selection group-best advertise
  set path-selection multipath advertise
end-policy'
}

@test "show rpl rd-set and show rpl extcommunity-set opaque, text and json" {
	{ echo configure; cat "$BATS_TEST_TMPDIR/objects"; echo commit; } \
	    >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script" -c end \
	    -c 'show rpl rd-set' -c 'show rpl extcommunity-set opaque COLOR-100' \
	    -c 'show rpl rd-set RDS | json' -c 'show rpl unused rd-set' \
	    -c 'show rpl inactive extcommunity-set opaque'
	assert_success
	assert_output --partial 'Listing for all RD Set objects

rd-set RDS
  10.0.0.0/8:*,'
	assert_output --partial 'extcommunity-set opaque COLOR-100
  100
end-set'
	assert_output --partial '{"kind":"rd-set","name":"RDS","state":"INACTIVE","elements":["10.0.0.0/8:*","10.0.0.0/8:777","10.0.0.0:*","10.0.0.0:777","65000:*","65000:777"],'
	assert_output --partial 'The following rd-sets are (UNUSED)'
	assert_output --partial 'The following extcommunity-set opaque sets are (INACTIVE)
------------------------------------------
COLOR-100'
}

@test "? lists the new statements, their values and the rd-set element forms" {
	run --separate-stderr xr -c configure -c 'route-policy P' \
	    -c 'describe set path-selection ' -c abort
	assert_success
	assert_output '  all         All paths
  backup      A backup path
  best-path   The best path only
  group-best  The best path of each AS
  multipath   The multipaths'
	run --separate-stderr xr -c configure -c 'route-policy P' \
	    -c 'describe set metric-type ' -c abort
	assert_output --partial 'rib-metric-as-external'
	run --separate-stderr xr -c configure -c 'route-policy P' \
	    -c 'describe set extcommunity ' -c abort
	assert_output '  color  Color extended community (RFC 9012)
  rt     Route Target
  soo    Site-of-Origin'
	run --separate-stderr xr -c configure -c 'route-policy P' \
	    -c 'describe if route-type is ' -c abort
	assert_output --partial '  local                 Locally originated (network, redistribute)'
	assert_output --partial '  ospf-nssa-type-2      OSPF NSSA type 2 route'
	run --separate-stderr xr -c configure -c 'rd-set R' -c 'describe ' \
	    -c abort
	assert_output --partial '  A.B.C.D/M:N  Route distinguisher - IPv4 prefix format'
	run --separate-stderr xr -c configure -c 'describe extcommunity-set '
	assert_output '  opaque  Opaque extended community set
  rt      Route Target extended community set
  soo     Site-of-Origin extended community set'
	# the element check runs as the line is typed
	run --separate-stderr xr -c configure -c 'extcommunity-set opaque O' \
	    -c '1:2' -c abort
	assert_failure
	assert_equal "$stderr" "-c:3: % Invalid input in extcommunity-set opaque O, line 2, column 1 at '1:2': invalid opaque value '1:2': expected a number 0-4294967295"
}

@test "test route-policy shows path-selection, IGP attributes and colors" {
	{ echo configure; cat "$BATS_TEST_TMPDIR/objects"; echo commit; } \
	    >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script" -c end \
	    -c 'test route-policy ADDPATH prefix 10.0.0.0/8'
	assert_success
	assert_output --partial '  path-selection     backup 1 install multipath-protect
Trace:
  ADDPATH line 2: if community matches-any (*) then -> false
  ADDPATH line 4: else
  ADDPATH line 5: set path-selection backup 1 install multipath-protect'
	run --separate-stderr xr -c 'test route-policy ADDPATH prefix 10.0.0.0/8 community 1:1 | json'
	assert_success
	assert_output --partial '"path_selection":"all advertise"'
	run --separate-stderr xr -c 'test route-policy SR-COLOR prefix 10.0.0.0/8 extcommunity color 5 extcommunity rt 1:1'
	assert_success
	assert_output --partial '  extcommunity       RT:1:1 Color:100 Color:200 Color:300'
	# unicast paths have no RD; an originated one is route-type local
	run --separate-stderr xr -c 'test route-policy IGP prefix 10.0.0.0/8'
	assert_output --partial 'IGP line 7: elseif route-type is local and rd in RDS then -> false'
	assert_output --partial 'Policy IGP: dropped'
}

@test "test route-policy shows the IGP actions of an unattachable policy" {
	run --separate-stderr xr -c configure -c 'route-policy R' \
	    -c 'set metric-type type-2' -c 'set level level-2' \
	    -c 'set isis-metric 10' -c 'set ospf-metric 20' -c end-policy \
	    -c 'test route-policy R prefix 10.0.0.0/8'
	assert_success
	assert_output --partial 'Policy R: accepted'
	assert_output --partial '  metric-type        type-2
  level              level-2
  isis-metric        10
  ospf-metric        20'
}

@test "an IGP action attached at a BGP attach point is refused at commit, naming policy and attach point" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
route-policy ISIS-ONLY
  set isis-metric 10
  set level level-2
end-policy
route-policy WRAP
  apply ISIS-ONLY
  pass
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy ISIS-ONLY in
   route-policy WRAP out
commit
EOF
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	s="$BATS_TEST_TMPDIR/script:19:"
	assert_equal "${stderr_lines[1]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [ISIS-ONLY] uses [set isis-metric 10] which is not supported at this attach point (IGP attribute, not a BGP one), attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[2]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [ISIS-ONLY] uses [set level level-2] which is not supported at this attach point (IGP attribute, not a BGP one), attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[3]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [ISIS-ONLY] uses [set isis-metric 10] which is not supported at this attach point (IGP attribute, not a BGP one), attached at neighbor 127.0.0.2 address-family ipv4 unicast out'"
	assert_equal "${#stderr_lines[@]}" 5
	# nothing was committed
	run --separate-stderr xr -c 'show running-config'
	refute_output --partial 'ISIS-ONLY'
}

@test "the same IGP policy unattached commits" {
	run --separate-stderr xr -c configure -c 'route-policy ISIS-ONLY' \
	    -c 'set isis-metric 10' -c 'set metric-type external' \
	    -c end-policy -c 'router bgp 65000' \
	    -c 'bgp router-id 127.0.0.1' -c commit
	assert_success
	run --separate-stderr xr -c 'show running-config route-policy ISIS-ONLY'
	assert_output --partial 'route-policy ISIS-ONLY
  set isis-metric 10
  set metric-type external
end-policy'
}

@test "set path-selection outside additional-paths selection is refused at commit" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
route-policy ADDPATH
  set path-selection backup 1 install multipath-protect
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
  network 10.0.0.0/8 route-policy ADDPATH
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy ADDPATH in
commit
EOF
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	s="$BATS_TEST_TMPDIR/script:14:"
	assert_equal "${stderr_lines[1]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [ADDPATH] uses [set path-selection backup 1 install multipath-protect] which is not supported at this attach point (only at additional-paths selection), attached at address-family ipv4 unicast network 10.0.0.0/8'"
	assert_equal "${stderr_lines[2]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [ADDPATH] uses [set path-selection backup 1 install multipath-protect] which is not supported at this attach point (only at additional-paths selection), attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${#stderr_lines[@]}" 3
}

@test "suppress-route is refused outside aggregate-address; route-type and rd in attach anywhere" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
rd-set RDS
  65000:*
end-set
route-policy AGG
  suppress-route
end-policy
route-policy MATCH
  if route-type is internal or rd in RDS then
    set local-preference 50
  endif
  set extcommunity color (100)
  pass
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy MATCH in
   route-policy AGG out
commit
EOF
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	assert_equal "${stderr_lines[1]}" "$BATS_TEST_TMPDIR/script:24: !!% 'RPL' detected the 'warning' condition 'Policy [AGG] uses [suppress-route] which is not supported at this attach point (only at aggregate-address), attached at neighbor 127.0.0.2 address-family ipv4 unicast out'"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "an attached policy's rd-set and opaque set must exist; no rd-set / no extcommunity-set opaque" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF2'
configure
rd-set R
  65000:*
end-set
extcommunity-set opaque O
  100
end-set
route-policy P
  if rd in R then
    set extcommunity color O
  endif
  pass
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy P in
commit
no rd-set R
no extcommunity-set opaque O
commit
EOF2
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	s="$BATS_TEST_TMPDIR/script:25:"
	assert_equal "${stderr_lines[1]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [P] uses the rd-set [R] which is not defined, attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[2]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [P] uses the extcommunity-set opaque [O] which is not defined, attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	# the first commit went through: both sets are ACTIVE
	run --separate-stderr xr -c 'show rpl active rd-set' \
	    -c 'show rpl route-policy P detail'
	assert_success
	assert_output --partial 'The following rd-sets are (ACTIVE)
------------------------------------------
R'
	assert_output --partial 'extcommunity-set opaque O
  100
end-set'
}
