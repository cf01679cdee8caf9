#!/usr/bin/env bats
# The effective peer context of a configured neighbor (bgp_cfg.h
# bgp_cfg_peer_ctx) as `test route-policy ... from NEIGHBOR` sees it:
# remote-as and local-as through inheritance, local-as typed on the
# command line winning, and eBGP / iBGP from them.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cat >"$BATS_TEST_TMPDIR/cfg" <<'EOF2'
configure
router bgp 65001
 neighbor-group UPSTREAM
  remote-as 174
  local-as 65100 no-prepend
 !
 neighbor 203.0.113.5
  use neighbor-group UPSTREAM
 !
 neighbor 203.0.113.6
  use neighbor-group UPSTREAM
  local-as inheritance-disable
 !
 neighbor 192.0.2.9
  remote-as 65001
 !
!
route-policy OWN
  if path-type is ebgp then
    prepend as-path own-as 1
  else
    set local-preference 300
  endif
end-policy
EOF2
}

tp() {
	{ cat "$BATS_TEST_TMPDIR/cfg"; echo "test route-policy OWN $1"
	  echo abort; } | xr
}

@test "local-as inherited from the neighbor-group is the own AS of an eBGP neighbor" {
	run tp 'prefix 10.0.0.0/8 as-path 174 from 203.0.113.5'
	assert_success
	assert_line 'Policy OWN: accepted'
	assert_line '  as-path            65100 174'
	assert_line '  OWN line 2: if path-type is ebgp then -> true'
}

@test "local-as inheritance-disable: the router's AS again" {
	run tp 'prefix 10.0.0.0/8 as-path 174 from 203.0.113.6'
	assert_success
	assert_line '  as-path            65001 174'
}

@test "local-as typed on the command line wins over the configured one" {
	run tp 'prefix 10.0.0.0/8 as-path 174 from 203.0.113.5 local-as 64999'
	assert_success
	assert_line '  as-path            64999 174'
}

@test "a neighbor in the router's AS is iBGP" {
	run tp 'prefix 10.0.0.0/8 from 192.0.2.9'
	assert_success
	assert_line '  OWN line 2: if path-type is ebgp then -> false'
	assert_line '  local-preference   300'
}
