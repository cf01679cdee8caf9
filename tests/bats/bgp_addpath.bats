#!/usr/bin/env bats
# BGP ADD-PATH (RFC 7911) configuration: `additional-paths receive|send`
# and `additional-paths selection route-policy NAME` in the global
# address family, `capability additional-paths receive|send [disable]`
# in neighbor, neighbor-group and af-group address families.  Round trip
# in XR's order, `no` forms, `?` help, inheritance (show bgp
# neighbor-group ... inheritance / configuration), the selection policy
# checked at commit like any attach point.  The engine side is in
# tests/interop/routing_addpath.bats (against BIRD).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "add-path commands render in canonical order and paste back identically" {
	cat >"$BATS_TEST_TMPDIR/cfg" <<'EOF2'
route-policy ADDP
  pass
end-policy
!
router bgp 65001
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
  additional-paths receive
  additional-paths send
  additional-paths selection route-policy ADDP
  maximum-paths ibgp 4
  network 198.51.100.0/24
 !
 address-family ipv6 unicast
  additional-paths receive
 !
 af-group AFG address-family ipv4 unicast
  capability additional-paths send disable
 !
 neighbor-group RR-CLIENTS
  remote-as 65001
  address-family ipv4 unicast
   route-reflector-client
   capability additional-paths receive
   capability additional-paths send
  !
 !
 neighbor 192.0.2.5
  remote-as 65001
  use neighbor-group RR-CLIENTS
  address-family ipv4 unicast
   capability additional-paths receive disable
  !
 !
 neighbor 192.0.2.6
  remote-as 65001
  address-family ipv4 unicast
   use af-group AFG
  !
 !
!
EOF2
	{
		echo configure
		cat "$BATS_TEST_TMPDIR/cfg"
		echo commit
		echo end
		echo "show running-config route-policy ADDP"
		echo "show running-config router bgp"
	} >"$BATS_TEST_TMPDIR/script"
	run xr -f "$BATS_TEST_TMPDIR/script"
	assert_success
	# typed in a different order, shown in XR's
	assert_output --partial " address-family ipv4 unicast
  additional-paths receive
  additional-paths send
  additional-paths selection route-policy ADDP
  maximum-paths ibgp 4
  network 198.51.100.0/24
 !"
	assert_output --partial "   route-reflector-client
   capability additional-paths receive
   capability additional-paths send
  !"
	assert_output --partial "  address-family ipv4 unicast
   capability additional-paths receive disable
  !"
	# the saved configuration loads back to the same text
	run xr -c "show running-config router bgp"
	assert_success
	assert_output --partial "  additional-paths selection route-policy ADDP"
	assert_output --partial " af-group AFG address-family ipv4 unicast
  capability additional-paths send disable
 !"
	run "$XRSH" --check "$BATS_TEST_TMPDIR/cfg"
	assert_success
}

@test "add-path: the order typed does not matter, and canonical text reads back unchanged" {
	run xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
additional-paths selection route-policy P1
additional-paths send
additional-paths receive
exit
neighbor 192.0.2.7
remote-as 65001
address-family ipv4 unicast
capability additional-paths send
capability additional-paths receive disable
root
route-policy P1
pass
end-policy
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output --partial "router bgp 65001
 address-family ipv4 unicast
  additional-paths receive
  additional-paths send
  additional-paths selection route-policy P1
 !
 neighbor 192.0.2.7
  remote-as 65001
  address-family ipv4 unicast
   capability additional-paths receive disable
   capability additional-paths send
  !
 !
!"
}

@test "add-path: no forms remove exactly their item" {
	run xr <<'EOF2'
configure
route-policy P1
pass
end-policy
router bgp 65001
address-family ipv4 unicast
additional-paths receive
additional-paths send
additional-paths selection route-policy P1
exit
neighbor 192.0.2.7
remote-as 65001
address-family ipv4 unicast
capability additional-paths send
capability additional-paths receive
commit
no capability additional-paths send
exit
exit
address-family ipv4 unicast
no additional-paths send
no additional-paths selection route-policy P1
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output --partial "router bgp 65001
 address-family ipv4 unicast
  additional-paths receive
 !
 neighbor 192.0.2.7
  remote-as 65001
  address-family ipv4 unicast
   capability additional-paths receive
  !
 !
!"
	refute_output --partial "additional-paths send"
	refute_output --partial "selection"
}

@test "add-path: ? help names every keyword" {
	run xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
describe additional-paths 
describe additional-paths selection 
describe additional-paths selection route-policy 
exit
neighbor 192.0.2.7
remote-as 65001
address-family ipv4 unicast
describe capability 
describe capability additional-paths 
describe capability additional-paths send 
EOF2
	assert_success
	assert_line --regexp '^  receive +Additional paths Receive capability$'
	assert_line --regexp '^  send +Additional paths Send capability$'
	assert_line --regexp '^  selection +Additional paths selection$'
	assert_line --regexp '^  route-policy +Route policy$'
	assert_line --regexp '^  additional-paths +Additional paths configuration$'
	assert_line --regexp '^  disable +Disable the feature$'
}

@test "add-path: the selection policy is checked at commit like any attach point" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
additional-paths selection route-policy NOT_THERE
commit
show configuration failed
end
no
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 address-family ipv4 unicast
  additional-paths selection route-policy NOT_THERE
!!% 'RPL' detected the 'warning' condition 'Policy [NOT_THERE] is not defined"
	assert_line '% No such configuration item(s)'
}

@test "add-path: a neighbor inherits capability additional-paths from its group and can override it" {
	run xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
additional-paths receive
additional-paths send
exit
neighbor-group NG
remote-as 65001
address-family ipv4 unicast
capability additional-paths send disable
exit
exit
neighbor 192.0.2.8
use neighbor-group NG
address-family ipv4 unicast
exit
exit
neighbor 192.0.2.9
use neighbor-group NG
address-family ipv4 unicast
capability additional-paths send
commit
end
show bgp neighbor-group NG configuration
show bgp neighbor 192.0.2.8 configuration
show bgp neighbor 192.0.2.9 configuration
EOF2
	assert_success
	# the group's disable reaches 192.0.2.8; 192.0.2.9 overrides it
	assert_output --partial "neighbor 192.0.2.8"
	assert_line --regexp '^  capability additional-paths send disable +\[n:NG\]$'
	assert_line --regexp '^  capability additional-paths send +\[\]$'
}
