#!/usr/bin/env bats
# show route (issue 17): the RIB offline, with static routes (Null0, on an
# interface, a next hop resolved through the connected network of lo, one
# resolved recursively through another static) and lo's connected and
# local routes: the list in XR's layout, a prefix and an address in
# detail, protocol filters, the summary, | json, not found, bad input.
# lo (127.0.0.1/8) exists in every network namespace; the prefixes used
# are documentation and benchmarking ranges no host is expected to have.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	CFG="$BATS_TEST_TMPDIR/static.txt"
	cat >"$CFG" <<'EOF'
configure
router static
 address-family ipv4 unicast
  198.51.100.0/24 Null0
  203.0.113.128/25 lo 5 tag 7
  100.127.254.0/24 127.0.0.2
  100.126.0.0/16 100.127.254.9
  100.125.0.0/16 100.125.0.1
 !
 address-family ipv6 unicast
  2001:db8:77::/48 Null0
 !
!
commit
end
EOF
}

# xr_rt CMD...: the static routes committed, then each CMD
xr_rt() {
	local f="$BATS_TEST_TMPDIR/script" c
	cp "$CFG" "$f"
	for c in "$@"; do
		printf '%s\n' "$c" >>"$f"
	done
	xr -f "$f"
}

lo_present() {
	ip -o -4 addr show dev lo 2>/dev/null | grep -q '127\.0\.0\.1/8' ||
	    skip "no 127.0.0.1/8 on lo here"
}

@test "show route: the legend, no gateway of last resort, the static routes in XR's lines" {
	lo_present
	run --separate-stderr xr_rt 'show route'
	assert_success
	assert_line --index 0 'Codes: C - connected, S - static, R - RIP, B - BGP, (>) - Diversion path'
	assert_line 'Gateway of last resort is not set'
	assert_line --regexp '^S    198\.51\.100\.0/24 is directly connected, [0-9][0-9]:[0-9][0-9]:[0-9][0-9], Null0$'
	assert_line --regexp '^S    203\.0\.113\.128/25 is directly connected, [0-9:]{8}, lo$'
	assert_line --regexp '^S    100\.127\.254\.0/24 \[1/0\] via 127\.0\.0\.2, [0-9:]{8}$'
	assert_line --regexp '^S    100\.126\.0\.0/16 \[1/0\] via 100\.127\.254\.9, [0-9:]{8}$'
	assert_line --regexp '^C    127\.0\.0\.0/8 is directly connected, [0-9:]{8}, lo$'
	assert_line --regexp '^L    127\.0\.0\.1/32 is directly connected, [0-9:]{8}, lo$'
	# through its own prefix only: not usable, not shown
	refute_line --partial '100.125.0.0/16'
	# in XR's order: address, then length
	[ "$(printf '%s\n' "${lines[@]}" | grep -n '^S    100\.126' | cut -d: -f1)" -lt \
	  "$(printf '%s\n' "${lines[@]}" | grep -n '^S    100\.127' | cut -d: -f1)" ]
}

@test "show route with a default route names the gateway of last resort" {
	lo_present
	run --separate-stderr xr_rt configure 'router static' \
	    'address-family ipv4 unicast' '0.0.0.0/0 127.0.0.3' commit end \
	    'show route'
	assert_success
	assert_line 'Gateway of last resort is 127.0.0.3 to network 0.0.0.0'
	assert_line --regexp '^S\*   0\.0\.0\.0/0 \[1/0\] via 127\.0\.0\.3, [0-9:]{8}$'
}

@test "show route <prefix> and <address>: the detail, recursive and local" {
	lo_present
	run --separate-stderr xr_rt 'show route 100.127.254.0/24' \
	    'show route 100.126.1.1' 'show route 127.0.0.1' \
	    'show route 203.0.113.200'
	assert_success
	assert_output --partial '
Routing entry for 100.127.254.0/24
  Known via "static", distance 1, metric 0
  Installed '
	assert_output --partial '  Routing Descriptor Blocks
    127.0.0.2, via lo
      Route metric is 0
  No advertising protos.'
	assert_output --partial 'Routing entry for 100.126.0.0/16
  Known via "static", distance 1, metric 0'
	assert_output --partial '    100.127.254.9
      Route metric is 0'
	assert_output --partial 'Routing entry for 127.0.0.1/32
  Known via "local", distance 0, metric 0 (connected)'
	assert_output --partial '    directly connected, via lo'
	assert_output --partial 'Routing entry for 203.0.113.128/25
  Known via "static", distance 5, metric 0
  Tag 7
'
	assert_line --regexp '^  Installed [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]{8}\.[0-9]{3} for [0-9:]{8}$'
}

@test "show route filters by protocol" {
	lo_present
	run --separate-stderr xr_rt 'show route static' 'show route connected' \
	    'show route local' 'show route bgp' 'show route 127.0.0.1 static'
	assert_success
	refute_line --partial 'Codes:'
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^S ')" -eq 4 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^C ')" -ge 1 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^L ')" -ge 1 ]
	refute_line --regexp '^B '
	# 127.0.0.1 is a local route, not a static one
	assert_line '% Network not in table'
}

@test "show route ipv6: XR's wrapped lines" {
	run --separate-stderr xr_rt 'show route ipv6'
	assert_success
	assert_line 'S    2001:db8:77::/48 is directly connected,'
	assert_line --regexp '^      [0-9:]{8}, Null0$'
	refute_line --partial '198.51.100.0'
	refute_line --partial 'fe80::'
}

@test "show route: not in table, framed by blank lines" {
	run --separate-stderr xr_rt 'show route 192.0.2.77/32' \
	    'show route ipv6 2001:db8:99::1'
	assert_success
	# (run drops the trailing newlines of the last one)
	[ "$output" = '
% Network not in table


% Network not in table' ]
}

@test "show route summary: routes per source" {
	lo_present
	run --separate-stderr xr_rt 'show route summary' 'show route ipv6 summary'
	assert_success
	assert_line --index 0 'Route Source                     Routes     Backup     Deleted     Memory(bytes)'
	assert_line --regexp '^static                           4          0          0           [0-9]+$'
	assert_line --regexp '^static                           1          0          0           [0-9]+$'
	assert_line --regexp '^connected                        [1-9][0-9]* *0          0           [0-9]+$'
	assert_line --regexp '^Total                            [0-9]+ +0          0           [0-9]+$'
	# no router bgp: no bgp row
	refute_line --partial 'bgp'
}

@test "show route summary names the BGP source with its AS" {
	run --separate-stderr xr -c configure -c 'router bgp 65001' -c commit \
	    -c end -c 'show route summary'
	assert_success
	assert_line --regexp '^bgp 65001                        0          0          0           0$'
	refute_line --partial 'static'
}

@test "show route | json" {
	lo_present
	run --separate-stderr xr_rt 'show route | json' \
	    'show route 100.126.1.1 | json' 'show route summary | json' \
	    'show route ipv6 | json'
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	jq -e '.gateway_of_last_resort == null and
	    ([.routes[] | select(.protocol == "static")] | length) == 4 and
	    (.routes | map(.prefix) | index("198.51.100.0/24")) != null and
	    (.routes[] | select(.prefix == "198.51.100.0/24") |
	      .code == "S" and .distance == 1 and .hops[0].blackhole and
	      .hops[0].interface == "Null0" and .forwarding[0].blackhole) and
	    (.routes[] | select(.prefix == "203.0.113.128/25") |
	      .tag == 7 and .distance == 5 and .hops[0].interface == "lo" and
	      .hops[0].address == null) and
	    (.routes[] | select(.prefix == "127.0.0.1/32") |
	      .protocol == "local" and .code == "L")' <<<"${lines[0]}"
	jq -e '.prefix == "100.126.0.0/16" and .protocol == "static" and
	    .hops[0].address == "100.127.254.9" and
	    .forwarding[0].gateway == "127.0.0.2" and
	    .forwarding[0].interface == "lo" and (.installed | test("Z$")) and
	    .uptime_seconds >= 0 and .peer_as == null' <<<"${lines[1]}"
	jq -e '(.sources | map(.source)) == ["connected", "local", "static"]
	    and (.sources[2].routes == 4) and .total.routes >= 6 and
	    .total.backup == 0' <<<"${lines[2]}"
	jq -e '(.routes | map(.prefix) | index("2001:db8:77::/48")) != null' \
	    <<<"${lines[3]}"
}

@test "show route <prefix> | json: not found is an error" {
	run --separate-stderr xr -c 'show route 192.0.2.77/32 | json'
	assert_failure
	[[ "$stderr" == *'% Network not in table'* ]]
}

@test "show route: bad input is refused XR-style" {
	run --separate-stderr xr -c 'show route 300.1.1.0/24'
	assert_failure
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
	run --separate-stderr xr -c 'show route ipv6 192.0.2.0/24'
	assert_failure
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
	run --separate-stderr xr -c 'show route ipv4 2001:db8::/32'
	assert_failure
	run --separate-stderr xr -c 'show route static connected'
	assert_failure
}

@test "router static changes reach show route at commit" {
	run --separate-stderr xr_rt configure 'router static' \
	    'address-family ipv4 unicast' 'no 198.51.100.0/24 Null0' \
	    '198.51.100.0/24 Null0 200' commit end 'show route 198.51.100.0/24' \
	    configure 'no router static' commit end 'show route static'
	assert_success
	assert_output --partial 'Known via "static", distance 200, metric 0'
	refute_line --regexp '^S '
}
