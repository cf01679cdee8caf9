#!/usr/bin/env bats
# bgp-monitor live: one xrsh (AS 64500) on 127.0.0.1 and two scripted
# peers (tests/peers/bgppeer.py).  127.0.0.2 (AS 65001, our customer, the
# allowed origin of the protected 192.0.2.0/24) announces it, sends a
# route through our provider 65020 (a leak), flaps 10.10.0.0/16 three
# times (PREFIX_FLAP, and `bgp dampening` suppresses it) and then
# withdraws its own prefixes.  127.0.0.3 (AS 65030, our peer) originates
# the protected prefix from AS 65066 (ORIGIN_CHANGE naming both), a
# more-specific of it (SUBPREFIX_HIJACK) and one ending in an AS_SET, a
# route it learned from its peer 65031 (ROUTE_LEAK: a valley under the
# relationship file), a path longer than the threshold (LONG_PATH), and
# takes over 100.64.0.0/24 from another origin (ORIGIN_CHANGE from the
# history).  The alerts are checked in `show bgp-monitor alerts` (text
# and | json), `show logging` and the origin history.
#
# NETWORK SAFETY: 127.0.0.1-3 only and XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- p2.out"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
	echo "--- p3.out"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
}

@test "live: hijack, sub-prefix, leak, long-path and flap alerts from scripted peers" {
	local port js
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	printf '# peers of our peer\n65030|65031|0\n65031|65032|-1\n' \
	    >"$BATS_TEST_TMPDIR/as-rel.txt"
	cat >"$BATS_TEST_TMPDIR/live.cfg" <<EOF
prefix-set OWN
  192.0.2.0/24 le 28
end-set
!
route-policy PASS
  pass
end-policy
!
router bgp 64500
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  bgp dampening
 !
 neighbor 127.0.0.2
  remote-as 65001
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 127.0.0.3
  remote-as 65030
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
bgp-monitor
 protected prefix-set OWN origin-as 65001
 relationship 65001 customer
 relationship 65020 provider
 relationship 65030 peer
 relationship file $BATS_TEST_TMPDIR/as-rel.txt
 long-path threshold 10
 flap threshold 4 window 300
!
EOF
	live_peer 127.0.0.2 65001 "$port" 'establish' \
	    'send update nlri 192.0.2.0/24 100.64.0.0/24 nexthop 127.0.0.2 aspath 65001' \
	    'send update nlri 10.99.0.0/16 nexthop 127.0.0.2 aspath 65001 65020 65099' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65001' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65001' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65001' \
	    'send update withdraw 10.10.0.0/16' \
	    'send update nlri 10.10.0.0/16 nexthop 127.0.0.2 aspath 65001' \
	    'sleep 2' \
	    'send update withdraw 192.0.2.0/24 100.64.0.0/24'
	live_peer 127.0.0.3 65030 "$port" 'establish' 'sleep 1' \
	    'send update nlri 192.0.2.0/24 100.64.0.0/24 nexthop 127.0.0.3 aspath 65030 65066' \
	    'send update nlri 192.0.2.128/25 nexthop 127.0.0.3 aspath 65030 65066' \
	    'send update nlri 192.0.2.64/26 nexthop 127.0.0.3 aspath 65030 {65066,65067}' \
	    'send update nlri 203.0.113.0/24 nexthop 127.0.0.3 aspath 65030 65031 65032' \
	    'send update nlri 198.51.100.0/24 nexthop 127.0.0.3 aspath 65030 65030 65030 65030 65030 65030 65030 65030 65030 65030 65040'
	live_run "$port" "$BATS_TEST_TMPDIR/live.cfg" 'debug sleep 1' \
	    'show bgp-monitor alerts' \
	    'show bgp-monitor alerts kind origin-change | json' \
	    'show bgp-monitor alerts kind sub-prefix | json' \
	    'show bgp-monitor alerts kind leak | json' \
	    'show bgp-monitor alerts kind long-path | json' \
	    'show bgp-monitor alerts kind flap | json' \
	    'show bgp-monitor origin-history prefix 192.0.2.0/24 | json' \
	    'show bgp-monitor alerts prefix 100.64.0.0/24 last 1 | json' \
	    'show bgp-monitor | json' \
	    'show bgp dampened-paths' \
	    'show logging | include ROUTING-BGP-4-' \
	    'show bgp-monitor origin-history prefix 192.0.2.0/24' \
	    'clear bgp-monitor alerts' 'show bgp-monitor alerts | json' \
	    'show bgp-monitor | json' 'show metrics exposition'
	assert_success
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	# the foreign origin of protected space, naming both origins
	[ "$(sed -n 1p <<<"$js" | jq -r '[.alerts[] | select(.prefix == "192.0.2.0/24")][0] | [.neighbor, .origin_as, .tag] | @tsv')" = \
	    "$(printf '127.0.0.3\t65066\tORIGIN_CHANGE')" ]
	sed -n 1p <<<"$js" | jq -r '.alerts[] | select(.prefix == "192.0.2.0/24") | .text' |
	    grep -F 'prefix 192.0.2.0/24 origin AS 65066 is not an allowed origin (prefix-set OWN allows AS 65001'
	# the other prefix: the origin changed once 127.0.0.2 withdrew
	sed -n 1p <<<"$js" | jq -r '.alerts[] | select(.prefix == "100.64.0.0/24") | .text' |
	    grep -F 'prefix 100.64.0.0/24 origin changed from AS 65001 to AS 65066 (neighbor 127.0.0.3, path 65030 65066)'
	# more-specifics: from AS 65066 and with an AS_SET origin
	[ "$(sed -n 2p <<<"$js" | jq -r '[.alerts[].prefix] | sort | join(" ")')" = "192.0.2.128/25 192.0.2.64/26" ]
	sed -n 2p <<<"$js" | jq -r '.alerts[].text' |
	    grep -F 'prefix 192.0.2.64/26 is a more-specific of protected 192.0.2.0/24 (prefix-set OWN allows AS 65001) with origin unknown (AS_SET)'
	# leaks both ways: a valley from our peer, our provider in a customer's path
	sed -n 3p <<<"$js" | jq -r '.alerts[].text' |
	    grep -F 'prefix 203.0.113.0/24: AS 65030 passed a route learned from its peer AS 65031 to its peer AS 64500 (neighbor 127.0.0.3, path 65030 65031 65032)'
	sed -n 3p <<<"$js" | jq -r '.alerts[].text' |
	    grep -F 'prefix 10.99.0.0/16 from customer AS 65001 passes through our provider AS 65020 (neighbor 127.0.0.2'
	[ "$(sed -n 3p <<<"$js" | jq '.alerts | length')" = 2 ]
	# long path: prepends counted
	[ "$(sed -n 4p <<<"$js" | jq -r '.alerts[0].text')" = \
	    "prefix 198.51.100.0/24 AS path length 11 exceeds the threshold 10 (neighbor 127.0.0.3, path 65030 65030 65030 65030 65030 65030 65030 65030 65030 65030 65040)" ]
	[ "$(sed -n 4p <<<"$js" | jq '.alerts | length')" = 1 ]
	# flap: one alert for 10.10.0.0/16, which dampening suppressed
	[ "$(sed -n 5p <<<"$js" | jq -r '[.alerts[].prefix] | join(" ")')" = "10.10.0.0/16" ]
	sed -n 5p <<<"$js" | jq -r '.alerts[0].text' | grep -E 'best path changed [0-9]+ times within 300 seconds \(threshold 4\)'
	assert_line --regexp '^d  10\.10\.0\.0/16       127\.0\.0\.2       [0-9:]{8} 65001 i$'
	# origin history: 65066 now, 65001 before, from which neighbor
	[ "$(sed -n 6p <<<"$js" | jq -c '[.origins[] | [.origin_as, .current, .neighbor]]')" = \
	    '[[65066,true,"127.0.0.3"],[65001,false,"127.0.0.2"]]' ]
	[ "$(sed -n 7p <<<"$js" | jq -r '.alerts | length')" = 1 ]
	# counters per kind
	[ "$(sed -n 8p <<<"$js" | jq -c '[.alert_kinds[] | .raised]')" = '[2,2,2,1,1]' ]
	[ "$(sed -n 8p <<<"$js" | jq '.relationship_pairs')" = 5 ]
	[ "$(sed -n 8p <<<"$js" | jq '.protected_prefixes')" = 1 ]
	# the log lines, XR style
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-ORIGIN_CHANGE : prefix 192\.0\.2\.0/24 origin AS 65066 is not an allowed origin'
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-SUBPREFIX_HIJACK : prefix 192\.0\.2\.128/25 '
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-ROUTE_LEAK : prefix 203\.0\.113\.0/24'
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-LONG_PATH : prefix 198\.51\.100\.0/24'
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-PREFIX_FLAP : prefix 10\.10\.0\.0/16'
	# the text forms
	assert_line --regexp '^[0-9]+ +[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8}  ORIGIN_CHANGE +192\.0\.2\.0/24 +127\.0\.0\.3$'
	assert_line --regexp '^65066 +1 +.* 127\.0\.0\.3 \(current\)$'
	# clear: the buffer empties, the counters stay
	[ "$(sed -n 9p <<<"$js" | jq '.alerts | length')" = 0 ]
	[ "$(sed -n 10p <<<"$js" | jq -c '[.alert_kinds[] | .raised]')" = '[2,2,2,1,1]' ]
	# the same counters on the metrics endpoint, the ring empty
	assert_line 'xrsh_monitor_alerts_total{kind="origin-change"} 2'
	assert_line 'xrsh_monitor_alerts_total{kind="flap"} 1'
	assert_line 'xrsh_monitor_alerts_kept 0'
}
