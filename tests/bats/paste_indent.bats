#!/usr/bin/env bats
# Pasted configs: a line valid in no mode on the stack re-enters the block
# its indentation points to, even right after an RPL object that was
# pasted indented inside router bgp (issue 3's paste rule).

load helpers

@test "route-policy NAME out after an indented set lands under the neighbor AF" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy PASS
 pass
end-policy
router bgp 65001
 address-family ipv4 unicast
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
   prefix-set PS
    192.0.2.0/24
   end-set
   route-policy PASS out
   maximum-prefix 1000 80
commit
show running-config router bgp
EOF2
	assert_success
	[ "$stderr" = "" ]
	assert_output 'router bgp 65001
 address-family ipv4 unicast
 !
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS out
   maximum-prefix 1000 80
  !
 !
!'
}

@test "parameter lists still open a policy, with or without a space" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy A($x, $y)
 set med $x
end-policy
route-policy B ($x)
 set med $x
end-policy
route-policy C ( $x )
 set med $x
end-policy
commit
show running-config route-policy B
EOF2
	assert_success
	assert_line --index 0 'route-policy B($x)'
}

@test "a route-policy header with a stray word is still an error in (config)" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy X out
EOF2
	assert_failure 1
	assert_output ''
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
}
