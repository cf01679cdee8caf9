#!/usr/bin/env bats
# router static (config-static, config-static-afi) and the global AF forms
# of issue 11 (aggregate-address address-mask, maximum-paths variants,
# allocate-label): parse, canonical render in XR's place and order, round
# trip through the saved configuration, `no` forms, `?` help, and the
# commit-time checks naming every failing line at once.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

STATIC_CANON='router static
 address-family ipv4 unicast
  0.0.0.0/0 192.0.2.1 250
  10.0.0.0/8 Null0 tag 666
  10.1.0.0/16 192.0.2.8
  10.1.0.0/16 GigabitEthernet0/0/0/1 192.0.2.9 200 tag 7 description LAB
  198.18.0.0/15 eth0
 !
 address-family ipv6 unicast
  ::/0 2001:db8::1 description default
  2001:db8::/32 Null0
 !
!'

@test "router static: typed lines render canonically between RPL and router bgp, and round-trip" {
	run xr --continue <<'EOF'
configure
router bgp 65001
address-family ipv4 unicast
redistribute static
exit
exit
route-policy PASS
  pass
end-policy
router static
address-family ipv6 unicast
2001:db8::/32 null0
::/0 2001:db8::1 description default
exit
address-family ipv4 unicast
10.1.0.0/16 GigabitEthernet0/0/0/1 192.0.2.9 200 tag 7 description LAB
10.1.0.0/16 192.0.2.8
0.0.0.0/0 192.0.2.1 250
198.18.0.0/15 eth0
10.0.0.0/8 Null0 tag 5
10.0.0.0/8 Null0 tag 666
commit
end
show running-config
EOF
	assert_success
	assert_output --partial "route-policy PASS
  pass
end-policy
!
$STATIC_CANON
router bgp 65001
 address-family ipv4 unicast
  redistribute static
 !
!"
	# the saved configuration reads back to the same text
	run xr -c 'show running-config router static'
	assert_success
	[ "$output" = "$STATIC_CANON" ]
	# and pasting the rendering into a fresh router changes nothing
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	printf 'configure\n%s\ncommit\nend\nshow running-config router static\n' \
	    "$STATIC_CANON" >"$BATS_TEST_TMPDIR/paste"
	run xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	[ "$output" = "$STATIC_CANON" ]
	run xr -c 'show running-config router static | json'
	assert_success
	[ "$(jq -r '.config[0].line' <<<"$output")" = "router static" ]
}

@test "router static: no forms (one exit, every line of a prefix, an address family, the section)" {
	printf 'configure\n%s\ncommit\nend\n' "$STATIC_CANON" >"$BATS_TEST_TMPDIR/in"
	run xr -f "$BATS_TEST_TMPDIR/in"
	assert_success
	run xr <<'EOF'
configure
router static
address-family ipv4 unicast
no 10.1.0.0/16 192.0.2.8
no 0.0.0.0/0
no 10.0.0.0/8 Null0
exit
no address-family ipv6 unicast
commit
end
show running-config router static
EOF
	assert_success
	[ "$output" = 'router static
 address-family ipv4 unicast
  10.1.0.0/16 GigabitEthernet0/0/0/1 192.0.2.9 200 tag 7 description LAB
  198.18.0.0/15 eth0
 !
!' ]
	run xr <<'EOF'
configure
no router static
commit
end
show running-config router static
EOF
	assert_success
	assert_output '% No such configuration item(s)'
}

@test "router static: ? help at each position, Null0 completed" {
	run --separate-stderr xr -c 'configure' -c 'describe router '
	assert_line '  static  Static route configuration subcommands'
	run --separate-stderr xr <<'EOF'
configure
router static
describe address-family ipv6 
address-family ipv4 unicast
describe 10.0.0.0/8 
describe 10.0.0.0/8 Null0 
describe 10.0.0.0/8 192.0.2.1 5 tag 
complete 10.0.0.0/8 N
EOF
	assert_line '  unicast  Unicast Address Family'
	assert_line '  A.B.C.D   Forwarding router'"'"'s address'
	assert_line '  WORD      Forwarding interface (Null0 discards)'
	assert_line '  <1-254>      Distance for this route'
	assert_line '  tag          Set tag for this route'
	assert_line '  description  description of the static route'
	assert_line '  <1-4294967295>  Tag value'
	assert_line 'Null0'
}

@test "router static: the mode's family only; commit checks name every failing line at once" {
	run xr --continue <<'EOF'
configure
router static
address-family ipv4 unicast
2001:db8::/32 Null0
10.3.0.0/16 2001:db8::1
10.9.9.1/24 Null0
10.8.0.0/16 Null0 192.0.2.1
10.7.0.0/16 224.0.0.1
10.6.0.0/16 192.0.2.1
exit
address-family ipv6 unicast
2001:db8:5::/48 fe80::1
2001:db8:6::/48 eth0 fe80::1
commit
show configuration failed
end
no
show running-config router static
EOF
	assert_failure 1
	assert_output --partial "% Invalid IPv4 prefix '2001:db8::/32'"
	assert_output --partial "% Invalid IPv4 next-hop address '2001:db8::1'"
	assert_output --partial "% Failed to commit one or more configuration items"
	assert_output --partial "router static
 address-family ipv4 unicast
  10.9.9.1/24 Null0
!!% 'ip-static' detected the 'warning' condition 'The prefix has host bits set beyond the prefix length'"
	assert_output --partial "  10.8.0.0/16 Null0 192.0.2.1
!!% 'ip-static' detected the 'warning' condition 'A next-hop address cannot be given with Null0'"
	assert_output --partial "  10.7.0.0/16 224.0.0.1
!!% 'ip-static' detected the 'warning' condition 'Invalid next-hop address: multicast or reserved'"
	assert_output --partial " address-family ipv6 unicast
  2001:db8:5::/48 fe80::1
!!% 'ip-static' detected the 'warning' condition 'A link-local next-hop address requires an interface'"
	refute_output --partial "  10.6.0.0/16 192.0.2.1
!!%"
	refute_output --partial "  2001:db8:6::/48 eth0 fe80::1
!!%"
	# nothing was committed
	assert_line '% No such configuration item(s)'
}

@test "global AF: aggregate-address and network address-mask forms render as /len; maximum-paths variants; no forms" {
	run xr --continue <<'EOF'
configure
route-policy PASS
  pass
end-policy
router bgp 65001
address-family ipv4 unicast
aggregate-address 10.0.0.0 255.0.0.0 summary-only
aggregate-address 172.16.0.0 255.240.0.0 as-set
aggregate-address 192.168.0.0 255.0.255.0
network 192.0.2.0 255.255.255.0
network 198.51.100.128 255.255.255.128 route-policy PASS
maximum-paths ebgp 4 selective
maximum-paths ibgp 8 unequal-cost selective
maximum-paths eibgp 3
commit
end
show running-config router bgp
configure
router bgp 65001
address-family ipv4 unicast
no aggregate-address 172.16.0.0 255.240.0.0
no network 192.0.2.0 255.255.255.0
no maximum-paths eibgp
maximum-paths ibgp 2
maximum-paths ebgp 2
commit
end
show running-config router bgp
EOF
	assert_failure 1
	assert_output --partial "% Invalid mask 255.0.255.0: the mask must be contiguous"
	assert_output --partial 'router bgp 65001
 address-family ipv4 unicast
  maximum-paths ebgp 4 selective
  maximum-paths ibgp 8 unequal-cost selective
  maximum-paths eibgp 3
  aggregate-address 10.0.0.0/8 summary-only
  aggregate-address 172.16.0.0/12 as-set
  network 192.0.2.0/24
  network 198.51.100.128/25 route-policy PASS
 !
!'
	assert_output --partial 'router bgp 65001
 address-family ipv4 unicast
  maximum-paths ebgp 2
  maximum-paths ibgp 2
  aggregate-address 10.0.0.0/8 summary-only
  network 198.51.100.128/25 route-policy PASS
 !
!'
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'address-family ipv4 unicast' -c 'describe maximum-paths ' \
	    -c 'describe maximum-paths ibgp 4 ' -c 'describe aggregate-address 10.0.0.0 '
	assert_line '  eibgp  eiBGP-multipath'
	assert_line '  unequal-cost  Allow multipaths to have different BGP nexthop IGP metrics'
	assert_line '  A.B.C.D  Aggregate mask'
}

@test "global AF: allocate-label is accepted, shown in the candidate, and refused at commit for every AF at once" {
	run xr --continue <<'EOF'
configure
router bgp 65001
address-family ipv4 unicast
allocate-label all
exit
address-family ipv6 unicast
allocate-label route-policy LABELS
allocate-label
show configuration
commit
show configuration failed
end
no
show running-config router bgp
EOF
	assert_failure 1
	assert_output --partial "% Incomplete command."
	assert_output --partial "  allocate-label route-policy LABELS"
	assert_output --partial "router bgp 65001
 address-family ipv4 unicast
  allocate-label all
!!% 'BGP' detected the 'warning' condition 'The feature is not supported on this platform: MPLS label allocation needs an MPLS forwarding plane'"
	assert_output --partial "router bgp 65001
 address-family ipv6 unicast
  allocate-label route-policy LABELS
!!% 'BGP' detected the 'warning' condition 'The feature is not supported on this platform: MPLS label allocation needs an MPLS forwarding plane'"
	assert_line '% No such configuration item(s)'
	# `no allocate-label` takes it back out of the candidate
	run xr <<'EOF'
configure
router bgp 65001
address-family ipv4 unicast
allocate-label all
no allocate-label
commit
end
show running-config router bgp
EOF
	assert_success
	refute_output --partial allocate-label
}

@test "config corpus: 30-pe-static-redistribute passes --check and round-trips byte for byte" {
	local cfg=$SRCDIR/tests/configs/30-pe-static-redistribute.cfg
	run --separate-stderr "$XRSH" --check "$cfg"
	assert_success
	{ echo configure; cat "$cfg"; echo commit; echo end
	  echo 'show running-config'; } >"$BATS_TEST_TMPDIR/paste"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	# the output without XR's `!!` header lines, the first `!` and `end`
	printf '%s\n' "$output" | sed -e '1,/^!$/d' -e '$d' >"$BATS_TEST_TMPDIR/got"
	diff -u "$cfg" "$BATS_TEST_TMPDIR/got"
}

@test "router static: retyping a route with other attributes replaces its line in show configuration" {
	run xr <<'EOF2'
configure
router static
address-family ipv4 unicast
10.0.0.0/8 Null0
10.1.0.0/16 192.0.2.1
commit
no 10.0.0.0/8
10.1.0.0/16 192.0.2.1 5 tag 9
show configuration
abort
EOF2
	assert_success
	assert_output --partial 'router static
 address-family ipv4 unicast
  no 10.0.0.0/8 Null0
  10.1.0.0/16 192.0.2.1 5 tag 9
 !
!'
	refute_output --partial 'no 10.1.0.0/16'
}

@test "global AF: redistribute takes metric and route-policy in either order, printed metric first" {
	run xr <<'EOF2'
configure
route-policy P
  pass
end-policy
router bgp 65001
address-family ipv4 unicast
redistribute connected route-policy P metric 10
redistribute static route-policy P
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 address-family ipv4 unicast
  redistribute connected metric 10 route-policy P
  redistribute static route-policy P
 !
!'
}
