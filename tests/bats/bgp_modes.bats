#!/usr/bin/env bats
# router bgp modes: the XR prompt of every BGP sub-mode (--echo transcript),
# exit / parent fallback between them, and `no` of whole blocks.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "every router bgp mode shows its XR prompt" {
	run xr --echo <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
exit
neighbor 192.0.2.1
address-family ipv4 unicast
exit
exit
neighbor-group NG
address-family ipv6 unicast
exit
exit
session-group SG
exit
af-group AFG address-family ipv4 unicast
exit
abort
EOF2
	assert_success
	assert_line 'RP/0/RP0/CPU0:ios(config)#router bgp 65001'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#address-family ipv4 unicast'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-af)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.1'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#address-family ipv4 unicast'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr-af)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#neighbor-group NG'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbrgrp)#address-family ipv6 unicast'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbrgrp-af)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbrgrp)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#session-group SG'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-sngrp)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#af-group AFG address-family ipv4 unicast'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-afgrp)#exit'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#abort'
}

@test "a neighbor command typed in a neighbor AF runs in the parent mode" {
	run xr --echo <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
address-family ipv4 unicast
remote-as 65002
neighbor 192.0.2.2
abort
EOF2
	assert_success
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr-af)#remote-as 65002'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#neighbor 192.0.2.2'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#abort'
}

@test "no neighbor, no neighbor-group, no af-group, no address-family remove blocks" {
	run xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
address-family ipv6 unicast
neighbor 192.0.2.1
remote-as 65002
neighbor 192.0.2.2
remote-as 65003
neighbor-group NG
session-group SG
af-group AFG address-family ipv4 unicast
exit
no neighbor 192.0.2.1
no neighbor-group NG
no session-group SG
no af-group AFG
no address-family ipv6 unicast
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 address-family ipv4 unicast
 !
 neighbor 192.0.2.2
  remote-as 65003
 !
!'
}

@test "no router bgp removes the instance; a second AS is refused" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
bgp router-id 192.0.2.1
exit
router bgp 65002
commit
no router bgp 65001
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_line --partial '% BGP is already configured with AS 65001; only one router bgp instance is supported'
	assert_line '% No such configuration item(s)'
}

@test "group names complete from the candidate; arguments have help" {
	run xr --continue <<'EOF2'
configure
route-policy PASS_ALL
pass
end-policy
route-policy PREPEND
pass
end-policy
router bgp 65001
neighbor-group GRP1
exit
neighbor-group GRP2
exit
session-group SESS
exit
neighbor 192.0.2.1
complete use neighbor-group G
complete use session-group 
describe remote-as 
address-family ipv4 unicast
complete route-policy P
describe maximum-prefix 10 
abort
EOF2
	assert_success
	assert_output 'GRP1
GRP2
SESS
  <1-4294967295>  AS number (asplain <1-4294967295> or asdot X.Y)
PASS_ALL
PREPEND
  <1-100>              Threshold value (%) at which to generate a warning msg
  discard-extra-paths  Discard extra paths when limit is exceeded
  restart              Restart time interval
  warning-only         Only give warning message when limit is exceeded
  <cr>'
}
