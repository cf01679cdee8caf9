#!/usr/bin/env bats
# router bgp commands through batch mode: every global, AF, neighbor and
# template command renders back canonically (reference 3.7: order, one
# space per level, `!` closers, defaults hidden, passwords encrypted);
# `no` forms remove exactly their item; bad values are refused when typed.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "every command renders in canonical order and pastes back identically" {
	cat >"$BATS_TEST_TMPDIR/cfg" <<'EOF2'
route-policy PASS
  pass
end-policy
!
route-policy SET_LP($lp)
  set local-preference $lp
end-policy
!
router bgp 1.10
 timers bgp 10 30 5
 bgp router-id 192.0.2.1
 bgp cluster-id 203.0.113.9
 bgp graceful-restart restart-time 60
 bgp graceful-restart stalepath-time 300
 bgp graceful-restart purge-time 900
 bgp graceful-restart
 bgp log neighbor changes disable
 bgp default local-preference 200
 bgp unsafe-ebgp-policy
 bgp bestpath med always
 bgp bestpath med missing-as-worst
 bgp bestpath compare-routerid
 bgp bestpath as-path ignore
 bgp bestpath as-path multipath-relax
 bgp bestpath origin-as use validity
 bgp bestpath origin-as allow invalid
 address-family ipv4 unicast
  maximum-paths ebgp 8
  maximum-paths ibgp 4
  aggregate-address 198.51.100.0/22 as-set summary-only route-policy PASS
  network 192.0.2.0/24 route-policy PASS
  network 203.0.113.0/24
  redistribute connected metric 10 route-policy PASS
  redistribute static
 !
 address-family ipv6 unicast
  network 2001:db8::/32
 !
 af-group AFG address-family ipv4 unicast
  route-policy PASS in
  next-hop-self
  soft-reconfiguration inbound always
 !
 session-group SG
  password encrypted 044858051D2458
  advertisement-interval 15
  timers 10 30
  session-open-mode passive-only
 !
 neighbor-group NG
  remote-as 64500
  use session-group SG
  ttl-security
  capability suppress 4-byte-as
  address-family ipv4 unicast
   route-policy SET_LP(150) in
   route-policy PASS out
   use af-group AFG
   maximum-prefix 1000 80 restart 5
   send-community-ebgp
   send-extended-community-ebgp
   remove-private-AS entire-aspath
   as-override
  !
 !
 neighbor 192.0.2.2
  use neighbor-group NG
  shutdown
  local-as 65010 no-prepend replace-as dual-as
  description "Peer A" with  two spaces and 'quotes'
  ebgp-multihop 255
  ttl-security inheritance-disable
  update-source Loopback0
  address-family ipv4 unicast
   maximum-prefix 500 warning-only
   next-hop-self inheritance-disable
   next-hop-unchanged
   route-reflector-client
   allowas-in 5
   default-originate route-policy PASS
   weight 100
  !
 !
 neighbor 192.0.2.10
  remote-as 65001
  shutdown inheritance-disable
  password inheritance-disable
  advertisement-interval 0 500
  graceful-restart
  address-family ipv4 unicast
   soft-reconfiguration inbound inheritance-disable
   allowas-in
   default-originate inheritance-disable
  !
 !
 neighbor 2001:db8::2
  remote-as 65002
  password encrypted 01100F175804
  graceful-restart disable
  address-family ipv6 unicast
  !
 !
!
EOF2
	{ echo configure; cat "$BATS_TEST_TMPDIR/cfg"; echo commit; echo end
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in"
	run xr <"$BATS_TEST_TMPDIR/in"
	assert_success
	# asdot input is shown asplain; everything else as typed
	sed '1,8d; s/^router bgp 1\.10$/router bgp 65546/' \
	    "$BATS_TEST_TMPDIR/cfg" >"$BATS_TEST_TMPDIR/want"
	diff -u "$BATS_TEST_TMPDIR/want" <(printf '%s\n' "$output")
	# the rendering pasted into a fresh xrsh gives the same text
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/first"
	{ echo configure; sed -n 1,8p "$BATS_TEST_TMPDIR/cfg"
	  cat "$BATS_TEST_TMPDIR/first"; echo commit; echo end
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in2"
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	run xr <"$BATS_TEST_TMPDIR/in2"
	assert_success
	diff -u "$BATS_TEST_TMPDIR/first" <(printf '%s\n' "$output")
}

@test "lines typed in any order come out in canonical order" {
	run xr <<'EOF2'
configure
route-policy A
pass
end-policy
route-policy B
pass
end-policy
router bgp 65001
neighbor 198.51.100.7
address-family ipv4 unicast
weight 5
route-policy B out
route-policy A in
exit
description x
remote-as 65007
exit
neighbor 192.0.2.1
remote-as 65001
exit
neighbor-group G
exit
af-group F address-family ipv4 unicast
exit
session-group S
exit
address-family ipv4 unicast
exit
bgp router-id 192.0.2.1
end
yes
show running-config router bgp
EOF2
	assert_output --partial 'router bgp 65001
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 af-group F address-family ipv4 unicast
 !
 session-group S
 !
 neighbor-group G
 !
 neighbor 192.0.2.1
  remote-as 65001
 !
 neighbor 198.51.100.7
  remote-as 65007
  description x
  address-family ipv4 unicast
   route-policy A in
   route-policy B out
   weight 5
  !
 !
!'
}

@test "password clear and encrypted of the same secret render identically" {
	run xr <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
remote-as 65002
password clear cisco
neighbor 192.0.2.2
remote-as 65002
password encrypted 0822455D0A16
commit
end
show running-config router bgp
EOF2
	assert_success
	refute_output --partial 'cisco'
	[ "$(printf '%s\n' "$output" | grep -c '^  password encrypted 01100F175804$')" -eq 2 ]
}

@test "no forms remove exactly their item" {
	run xr <<'EOF2'
configure
route-policy P
pass
end-policy
route-policy Q
pass
end-policy
router bgp 65001
bgp router-id 192.0.2.1
bgp bestpath med always
timers bgp 10 30
address-family ipv4 unicast
network 192.0.2.0/24
network 198.51.100.0/24
maximum-paths ebgp 4
redistribute static
exit
neighbor 192.0.2.5
remote-as 65005
description to be removed
password clear secret
session-open-mode active-only
ebgp-multihop 3
address-family ipv4 unicast
route-policy P in
route-policy Q out
next-hop-self
maximum-prefix 100
commit
no route-policy P in
no next-hop-self
no maximum-prefix
exit
no description
no password
no session-open-mode
no ebgp-multihop
exit
address-family ipv4 unicast
no network 192.0.2.0/24
no maximum-paths ebgp
no redistribute static
exit
no bgp router-id
no bgp bestpath med always
no timers bgp
end
yes
show running-config router bgp
EOF2
	assert_output --partial 'router bgp 65001
 address-family ipv4 unicast
  network 198.51.100.0/24
 !
 neighbor 192.0.2.5
  remote-as 65005
  address-family ipv4 unicast
   route-policy Q out
  !
 !
!'
}

@test "bad values are refused when typed, with the caret or a message" {
	run xr --echo --continue <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
remote-as 0
timers 10 2
ebgp-multihop 256
update-source Loop
password encrypted 0822455D0A1
address-family ipv4 unicast
weight 70000
maximum-prefix 0
route-policy BAD( in
exit
exit
neighbor 192.0.2.1/24
neighbor 224.0.0.5
address-family ipv4 unicast
network 2001:db8::/32
network 192.0.2.1/24
abort
EOF2
	assert_failure 1
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#remote-as 0'
	assert_line '                                            ^'
	assert_line '% Invalid holdtime 2: must be 0 or 3-65535 seconds'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#ebgp-multihop 256'
	assert_line '                                                ^'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#update-source Loop'
	assert_line "$(printf '%48s^' '')"
	assert_line "% Invalid encrypted password '0822455D0A1'"
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr-af)#weight 70000'
	assert_line "% Invalid route-policy specification 'BAD('"
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.1/24'
	assert_line '                                       ^'
	assert_line '% Invalid neighbor address 224.0.0.5'
	assert_line '% 2001:db8::/32 is not an IPv4 prefix'
	assert_line '% Prefix 192.0.2.1/24 has host bits set beyond the prefix length'
	[ "$(printf '%s\n' "$output" | grep -c "% Invalid input detected at '^' marker.")" -eq 6 ]
}

@test "a refused line changes nothing" {
	run xr --continue <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
remote-as 65002
timers 10 30
timers 10 2
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial ' neighbor 192.0.2.1
  remote-as 65002
  timers 10 30
 !'
}

@test "policy arguments with blanks are normalised; counts are checked at commit" {
	run xr --continue <<'EOF2'
configure
route-policy TWO($a, $b)
  set med $a
  set local-preference $b
end-policy
router bgp 65001
address-family ipv4 unicast
exit
neighbor 192.0.2.1
remote-as 65002
address-family ipv4 unicast
route-policy TWO(10,  20) in
route-policy TWO(10) out
commit
no route-policy TWO(10) out
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_output --partial "Policy [TWO] takes 2 parameter(s)"
	assert_output --partial '  address-family ipv4 unicast
   route-policy TWO(10, 20) in
  !'
	refute_output --partial 'TWO(10) out'
}

@test "typed checks: update-source takes an interface, threshold 1-100, router-id not 0.0.0.0" {
	run xr --echo --continue <<'EOF2'
configure
router bgp 65001
bgp router-id 192.0.2.1
bgp router-id 0.0.0.0
address-family ipv4 unicast
exit
neighbor 192.0.2.1
remote-as 65002
update-source GigabitEthernet0/0/0/0
update-source 10.0.0.1
update-source 2001:db8::1
address-family ipv4 unicast
maximum-prefix 1000 75
maximum-prefix 1000 0
maximum-prefix 1000 101
commit
end
show running-config router bgp
EOF2
	assert_failure 1
	assert_line '% Invalid router-id 0.0.0.0: the router-id must not be zero'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#update-source 10.0.0.1'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr)#update-source 2001:db8::1'
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-nbr-af)#maximum-prefix 1000 101'
	# both addresses and both thresholds: a caret under the value
	[ "$(printf '%s\n' "$output" | grep -cx "$(printf '%48s^' '')")" -eq 2 ]
	[ "$(printf '%s\n' "$output" | grep -cx "$(printf '%57s^' '')")" -eq 2 ]
	[ "$(printf '%s\n' "$output" | grep -c "% Invalid input detected at '^' marker.")" -eq 4 ]
	# the refused lines left the accepted values in place
	assert_output --partial 'router bgp 65001
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
  update-source GigabitEthernet0/0/0/0
  address-family ipv4 unicast
   maximum-prefix 1000 75
  !
 !
!'
}

@test "per-neighbor graceful-restart [disable] and enforce-first-as disable: render, inherit, no" {
	run xr <<'EOF2'
configure
router bgp 65001
neighbor-group NG
graceful-restart
enforce-first-as disable
exit
neighbor 192.0.2.1
remote-as 65002
use neighbor-group NG
exit
neighbor 192.0.2.2
remote-as 65003
use neighbor-group NG
graceful-restart disable
commit
show running-config router bgp
do show bgp neighbor 192.0.2.2 configuration
no graceful-restart
exit
neighbor-group NG
no enforce-first-as disable
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output --partial 'router bgp 65001
 neighbor-group NG
  enforce-first-as disable
  graceful-restart
 !
 neighbor 192.0.2.1
  remote-as 65002
  use neighbor-group NG
 !
 neighbor 192.0.2.2
  remote-as 65003
  use neighbor-group NG
  graceful-restart disable
 !
!'
	assert_line --regexp '^ enforce-first-as disable +\[n:NG\]$'
	assert_line --regexp '^ graceful-restart disable +\[\]$'
	assert_output --partial 'router bgp 65001
 neighbor-group NG
  graceful-restart
 !
 neighbor 192.0.2.1
  remote-as 65002
  use neighbor-group NG
 !
 neighbor 192.0.2.2
  remote-as 65003
  use neighbor-group NG
 !
!'
}
