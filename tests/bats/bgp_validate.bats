#!/usr/bin/env bats
# Commit-time checks of router bgp: the whole commit fails, nothing
# changes, and each error names the item (show configuration failed).
# RFC 8212: an eBGP neighbor without policies is valid configuration.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "neighbor AF without the global AF: 'The address family has not been initialized'" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
remote-as 65001
address-family ipv4 unicast
commit
show configuration failed
end
no
show running-config router bgp
EOF2
	assert_failure 1
	assert_line --partial "% Failed to commit one or more configuration items"
	assert_output --partial "!!% 'BGP' detected the 'warning' condition 'The address family has not been initialized'"
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.1
  address-family ipv4 unicast
!!% 'BGP' detected the 'warning' condition 'The address family has not been initialized'"
	assert_line '% No such configuration item(s)'
}

@test "neighbor without remote-as, direct or inherited" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
neighbor-group NG
exit
neighbor 192.0.2.1
use neighbor-group NG
commit
show configuration failed
neighbor-group NG
remote-as 65010
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.1
!!% 'BGP' detected the 'warning' condition 'Remote AS must be configured for neighbor 192.0.2.1'"
	# inheriting it from the group is enough
	assert_output --partial ' neighbor-group NG
  remote-as 65010
 !
 neighbor 192.0.2.1
  use neighbor-group NG
 !'
}

@test "use of an undefined group and an inheritance cycle" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
exit
session-group S1
use session-group S2
exit
session-group S2
use session-group S1
exit
neighbor 192.0.2.1
remote-as 65002
use neighbor-group MISSING
address-family ipv4 unicast
use af-group NOAFG
commit
show configuration failed
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.1
  use neighbor-group MISSING
!!% 'BGP' detected the 'warning' condition 'The neighbor-group MISSING does not exist'"
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.1
  address-family ipv4 unicast
   use af-group NOAFG
!!% 'BGP' detected the 'warning' condition 'The af-group NOAFG does not exist'"
	assert_output --partial "router bgp 65001
 session-group S1
  use session-group S2
!!% 'BGP' detected the 'warning' condition 'Inheritance cycle: session-group S1 -> S2 -> S1'"
}

@test "attached undefined policies fail, naming the attach point" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
network 192.0.2.0/24 route-policy NET_POL
exit
neighbor-group PROVIDER_B_GROUP
remote-as 174
address-family ipv4 unicast
route-policy PROVIDER_B_IN in
commit
show configuration failed
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 neighbor-group PROVIDER_B_GROUP
  address-family ipv4 unicast
   route-policy PROVIDER_B_IN in
!!% 'RPL' detected the 'warning' condition 'Policy [PROVIDER_B_IN] is not defined"
	assert_output --partial 'neighbor-group PROVIDER_B_GROUP address-family ipv4 unicast in'
	assert_output --partial "router bgp 65001
 address-family ipv4 unicast
  network 192.0.2.0/24 route-policy NET_POL
!!% 'RPL' detected the 'warning' condition 'Policy [NET_POL] is not defined"
}

@test "RFC 8212: an eBGP neighbor without policies commits" {
	run xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
exit
neighbor 192.0.2.1
remote-as 65002
address-family ipv4 unicast
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 address-family ipv4 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
  !
 !
!'
}

@test "a failed commit changes nothing in running" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
bgp router-id 192.0.2.1
commit
bgp router-id 192.0.2.2
neighbor 192.0.2.1
commit
end
no
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial 'router bgp 65001
 bgp router-id 192.0.2.1
!'
	refute_output --partial '192.0.2.2'
}

@test "ttl-security and ebgp-multihop on one effective neighbor fail the commit, naming it" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
session-group SEC
ttl-security
exit
neighbor 192.0.2.1
remote-as 65002
use session-group SEC
ebgp-multihop 2
commit
show configuration failed
ttl-security inheritance-disable
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.1
!!% 'BGP' detected the 'warning' condition 'ttl-security and ebgp-multihop are mutually exclusive: both are configured for neighbor 192.0.2.1'"
	# blocking the inherited ttl-security makes the session valid
	assert_output --partial ' neighbor 192.0.2.1
  remote-as 65002
  use session-group SEC
  ebgp-multihop 2
  ttl-security inheritance-disable
 !'
}

@test "local-as equal to the remote-as fails at commit; equal to the router's AS is refused when typed" {
	run xr --echo --continue <<'EOF2'
configure
router bgp 65001
neighbor-group NG
local-as 65001
local-as 65010
exit
neighbor 192.0.2.2
remote-as 65010
use neighbor-group NG
commit
show configuration failed
remote-as 65020
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbrgrp)#local-as 65001'
	assert_line '% Invalid local-as 65001: it is the AS number of the router'
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.2
!!% 'BGP' detected the 'warning' condition 'The local-as 65010 of neighbor 192.0.2.2 is the same as its remote-as'"
	assert_output --partial ' neighbor-group NG
  local-as 65010
 !
 neighbor 192.0.2.2
  remote-as 65020
  use neighbor-group NG
 !'
}

@test "ttl-security and local-as on an iBGP neighbor: XR's external-only error" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.3
remote-as 65001
ttl-security
local-as 65020
commit
show configuration failed
EOF2
	assert_failure 1
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.3
  ttl-security
!!% Change would result in internal neighbor (192.0.2.3) with external-only config"
	assert_output --partial "router bgp 65001
 neighbor 192.0.2.3
  local-as 65020
!!% Change would result in internal neighbor (192.0.2.3) with external-only config"
}
