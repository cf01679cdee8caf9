#!/usr/bin/env bats
# The inheritance views of router bgp (reference 3.5): `show bgp neighbor
# <addr> configuration` and `show bgp neighbor-group|session-group|af-group
# NAME configuration|users|inheritance`, with source tags and `| json`.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

# Cisco's worked example plus an af-group chain and an inheritance-disable.
example() {
	cat <<'EOF2'
configure
route-policy PASS
  pass
end-policy
router bgp 140
 address-family ipv4 unicast
 !
 af-group BASE address-family ipv4 unicast
  route-policy PASS in
  send-community-ebgp
 !
 af-group AFG address-family ipv4 unicast
  use af-group BASE
  next-hop-self
 !
 session-group AS_2
  advertisement-interval 15
 !
 neighbor-group AS_1
  advertisement-interval 20
  description from the group
  address-family ipv4 unicast
   route-policy PASS out
   use af-group AFG
  !
 !
 neighbor-group CHILD
  use neighbor-group AS_1
 !
 neighbor 192.168.0.1
  remote-as 1
  use neighbor-group AS_1
  use session-group AS_2
  address-family ipv4 unicast
   send-community-ebgp inheritance-disable
  !
 !
 neighbor 192.168.0.2
  remote-as 1
  use neighbor-group CHILD
 !
 neighbor 192.168.0.3
  remote-as 1
 !
commit
end
EOF2
}

@test "neighbor configuration view: session-group beats neighbor-group" {
	run xr < <(example; echo 'show bgp neighbor 192.168.0.1 configuration')
	assert_success
	assert_output 'neighbor 192.168.0.1
 remote-as 1                                 []
 description from the group                  [n:AS_1]
 advertisement-interval 15                   [s:AS_2]
 address-family ipv4 unicast                 []
  policy PASS in                             [a:BASE]
  policy PASS out                            [n:AS_1]
  maximum-prefix 1048576 75                  [dflt]
  next-hop-self                              [a:AFG]
  send-community-ebgp inheritance-disable    []'
}

@test "without the session-group the neighbor-group value applies; the neighbor's own wins" {
	run xr < <(example; cat <<'EOF2'
configure
router bgp 140
neighbor 192.168.0.1
no use session-group AS_2
end
yes
show bgp neighbor 192.168.0.1 configuration
configure
router bgp 140
neighbor 192.168.0.1
advertisement-interval 10
end
yes
show bgp neighbor 192.168.0.1 configuration
EOF2
)
	assert_success
	assert_line ' advertisement-interval 20                   [n:AS_1]'
	assert_line ' advertisement-interval 10                   []'
	refute_line --partial '[s:AS_2]'
}

@test "recursive neighbor-group and default tags" {
	run xr < <(example; echo 'show bgp neighbor 192.168.0.2 configuration'
	    echo 'show bgp neighbor 192.168.0.3 configuration')
	assert_success
	assert_line ' advertisement-interval 20                   [n:AS_1]'
	assert_line ' address-family ipv4 unicast                 [n:AS_1]'
	assert_line '  send-community-ebgp                        [a:BASE]'
	# eBGP neighbor with nothing inherited: the 30 s default
	assert_line ' advertisement-interval 30                   [dflt]'
}

@test "group configuration views" {
	run xr < <(example; echo 'show bgp af-group AFG configuration'
	    echo 'show bgp session-group AS_2 configuration'
	    echo 'show bgp neighbor-group CHILD configuration')
	assert_success
	assert_output 'af-group AFG address-family ipv4 unicast
 policy PASS in                              [a:BASE]
 next-hop-self                               []
 send-community-ebgp                         [a:BASE]
session-group AS_2
 advertisement-interval 15                   []
neighbor-group CHILD
 description from the group                  [n:AS_1]
 advertisement-interval 20                   [n:AS_1]
 address-family ipv4 unicast                 [n:AS_1]
  policy PASS in                             [a:BASE]
  policy PASS out                            [n:AS_1]
  next-hop-self                              [a:AFG]
  send-community-ebgp                        [a:BASE]'
}

@test "users and inheritance lists" {
	run xr < <(example; echo 'show bgp neighbor-group AS_1 users'
	    echo 'show bgp session-group AS_2 users'
	    echo 'show bgp af-group BASE users'
	    echo 'show bgp neighbor-group CHILD inheritance'
	    echo 'show bgp af-group AFG inheritance')
	assert_success
	assert_output 'Session: n:CHILD 192.168.0.1 192.168.0.2
IPv4 Unicast: n:CHILD 192.168.0.1 192.168.0.2
Session: 192.168.0.1
IPv4 Unicast: a:AFG n:AS_1 n:CHILD 192.168.0.1 192.168.0.2
Session: n:AS_1
IPv4 Unicast: n:AS_1 a:AFG a:BASE
IPv4 Unicast: a:BASE'
}

@test "json renderings have stable keys" {
	run xr < <(example; echo 'show bgp neighbor 192.168.0.1 configuration | json'
	    echo 'show bgp af-group BASE users | json')
	assert_success
	assert_line --index 0 --partial '{"kind":"neighbor","name":"192.168.0.1","items":[{"indent":1,"line":"remote-as 1","tag":"[]","source":"self","group":null},'
	assert_line --index 0 --partial '{"indent":1,"line":"advertisement-interval 15","tag":"[s:AS_2]","source":"session-group","group":"AS_2"}'
	assert_line --index 1 '{"kind":"af-group","name":"BASE","scopes":[{"scope":"IPv4 Unicast","users":[{"kind":"af-group","name":"AFG"},{"kind":"neighbor-group","name":"AS_1"},{"kind":"neighbor-group","name":"CHILD"},{"kind":"neighbor","name":"192.168.0.1"},{"kind":"neighbor","name":"192.168.0.2"}]}]}'
}

@test "unknown neighbor or group is an error" {
	run xr < <(example; echo 'show bgp neighbor 192.168.0.9 configuration')
	assert_failure 1
	assert_output --partial '% No such configuration item(s)'
	run xr < <(example; echo 'show bgp neighbor-group NOPE users')
	assert_failure 1
	assert_output --partial '% No such configuration item(s)'
}

@test "the views read the uncommitted candidate from config mode with do" {
	run xr < <(example; cat <<'EOF2'
configure
router bgp 140
neighbor 192.168.0.3
use session-group AS_2
do show bgp neighbor 192.168.0.3 configuration
abort
EOF2
)
	assert_success
	assert_line ' advertisement-interval 15                   [s:AS_2]'
}
