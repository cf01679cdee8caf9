#!/usr/bin/env bats
# The live BGP views with an offline engine (every neighbor Idle): the
# column geometry of `show bgp summary` (reference 6.1) and the blocks of
# `show bgp neighbors` (6.4) that parsers read, their `| json` keys, the
# shutdown message round trip, `clear bgp` errors, `show logging`, and
# the hidden test helpers.  Neighbor addresses are documentation ones:
# every run goes through `xr`, which passes --offline.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
 neighbor 192.0.2.2
  remote-as 65002
  description to-transit
  shutdown message maintenance until 18:00 UTC
  address-family ipv4 unicast
  !
 !
 neighbor 192.0.2.3
  remote-as 65001
  address-family ipv4 unicast
   route-policy PASS in
   maximum-prefix 1000 80 restart 5
  !
 !
 neighbor 198.51.100.7
  remote-as 4200000001
  ebgp-multihop 5
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 2001:db8:1234:5678::1
  remote-as 65003
  address-family ipv6 unicast
  !
 !
 neighbor 2001:db8::2
  remote-as 65004
  address-family ipv6 unicast
  !
 !
!
EOF
}

HEADER='Neighbor        Spk    AS MsgRcvd MsgSent   TblVer  InQ OutQ  Up/Down  St/PfxRcd'

@test "no router bgp: the views say the instance is not active" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	local c
	for c in 'show bgp summary' 'show bgp ipv6 unicast summary' \
	    'show bgp neighbors' 'show bgp neighbor 192.0.2.2' 'clear bgp *'; do
		run --separate-stderr xr -c "$c"
		assert_failure 1
		[ "$stderr" = "-c:1: % BGP instance 'default' not active" ]
	done
}

@test "summary: header lines and the XR column geometry" {
	run --separate-stderr xr -c 'show bgp summary'
	assert_success
	assert_line --index 0 'BGP router identifier 192.0.2.1, local AS number 65001'
	assert_line 'BGP table state: Active'
	assert_line 'BGP main routing table version 0'
	assert_line 'BGP is operating in STANDALONE mode.'
	assert_line 'Process       RcvTblVer   bRIB/RIB   LabelVer  ImportVer  SendTblVer  StandbyVer'
	assert_line 'Speaker               0          0          0          0           0           0'
	assert_line "$HEADER"
	# only IPv4 unicast neighbors, in address order
	local rows
	rows=$(printf '%s\n' "${lines[@]}" | sed -n "/^Neighbor  /,\$p" | tail -n +2)
	[ "$(echo "$rows" | wc -l)" -eq 3 ]
	local r1 r2 r3
	r1=$(echo "$rows" | sed -n 1p)
	r2=$(echo "$rows" | sed -n 2p)
	r3=$(echo "$rows" | sed -n 3p)
	# Neighbor 0-14, Spk 15-18, AS 19-24, MsgRcvd 25-32, MsgSent 33-40,
	# TblVer 41-49, InQ 50-54, OutQ 55-59, Up/Down 60-68, state from 70
	[ "${r1:0:15}" = "192.0.2.2      " ]
	[ "${r1:15:4}" = "   0" ]
	[ "${r1:19:6}" = " 65002" ]
	[ "${r1:25:8}" = "       0" ]
	[ "${r1:33:8}" = "       0" ]
	[ "${r1:41:9}" = "        0" ]
	[ "${r1:50:5}" = "    0" ]
	[ "${r1:55:5}" = "    0" ]
	[ "${r1:60:9}" = "    never" ]
	[ "${r1:69}" = " Idle (Admin)" ]
	[ "${r2:0:15}" = "192.0.2.3      " ]
	[ "${r2:69}" = " Idle" ]
	# a wide AS pushes the rest of the row right, as on XR
	[ "$r3" = "198.51.100.7      0 4200000001       0       0        0    0    0    never Idle" ]
	[ "${#r2}" -eq 74 ]
}

@test "summary: IPv6 addresses longer than 15 characters stand alone" {
	run --separate-stderr xr -c 'show bgp ipv6 unicast summary'
	assert_success
	assert_line 'Table ID: 0xe0800000   RD version: 0'
	local i
	for i in "${!lines[@]}"; do
		[ "${lines[$i]}" = "$HEADER" ] && break
	done
	[ "${lines[$((i + 1))]}" = "2001:db8::2       0 65004       0       0        0    0    0    never Idle" ]
	[ "${lines[$((i + 2))]}" = "2001:db8:1234:5678::1" ]
	local cont="${lines[$((i + 3))]}"
	[ "${cont:0:15}" = "               " ]
	[ "${cont:15}" = "   0 65003       0       0        0    0    0    never Idle" ]
	[ "${#lines[@]}" -eq $((i + 4)) ]
}

@test "summary: ipv4 unicast is the default view" {
	run xr -c 'show bgp summary'
	local a="$output"
	run xr -c 'show bgp ipv4 unicast summary'
	[ "$output" = "$a" ]
}

@test "neighbors: the header block of a shut down eBGP neighbor" {
	run --separate-stderr xr -c 'show bgp neighbors 192.0.2.2'
	assert_success
	assert_line --index 0 'BGP neighbor is 192.0.2.2'
	assert_line --index 1 ' Remote AS 65002, local AS 65001, external link'
	assert_line --index 2 ' Description: to-transit'
	assert_line --index 3 ' Remote router ID 0.0.0.0'
	assert_line --index 4 '  BGP state = Idle (Admin)'
	assert_line --index 5 '  Administratively shut down'
	assert_line '  Hold time is 180, keepalive interval is 60 seconds'
	assert_line '  Configured hold time: 180, keepalive: 60, min acceptable hold time: 3'
	assert_line '  Neighbor capabilities:            Adv         Rcvd'
	assert_line --regexp '^    Route refresh:                  (Yes|No) +(Yes|No)$'
	assert_line --regexp '^    4-byte AS:                      (Yes|No) '
	assert_line --regexp '^    Address family IPv4 Unicast:    (Yes|No) '
	assert_line --regexp '^    Address family IPv6 Unicast:    (Yes|No) '
	assert_line --regexp '^    Extended message:               (Yes|No) '
	assert_line --regexp '^    Graceful restart:               (Yes|No) '
	assert_line --regexp '^    Enhanced route refresh:         (Yes|No) '
	assert_line '  Message stats:'
	assert_line '    InQ depth: 0, OutQ depth: 0'
	assert_line '                    Last_Sent               Sent  Last_Rcvd               Rcvd'
	assert_line '    Open:           ---                        0  ---                        0'
	assert_line '    Notification:   ---                        0  ---                        0'
	assert_line '    Route_Refresh:  ---                        0  ---                        0'
	assert_line '    Total:                                     0                             0'
	assert_line '  Minimum time between advertisement runs is 30 secs'
	assert_line '  Received 0 messages, 0 notifications, 0 in queue'
	assert_line '  Sent 0 messages, 0 notifications, 0 in queue'
	assert_line ' For Address Family: IPv4 Unicast'
	assert_line '  Route refresh request: received 0, sent 0'
	assert_line "  eBGP neighbor with no inbound or outbound policy; defaults to 'drop'"
	assert_line '  0 accepted prefixes, 0 are bestpaths'
	assert_line '  Exact no. of prefixes denied : 0.'
	assert_line '  Connections established 0; dropped 0'
	assert_line '  Local host: 0.0.0.0, Local port: 0, IF Handle: 0x00000000'
	assert_line '  Foreign host: 192.0.2.2, Foreign port: 0'
	assert_line --regexp '^  Last reset '
	refute_line --partial 'For Address Family: IPv6 Unicast'
}

@test "neighbors: iBGP with policy and maximum-prefix, eBGP multihop" {
	run --separate-stderr xr -c 'show bgp neighbors 192.0.2.3'
	assert_success
	assert_line ' Remote AS 65001, local AS 65001, internal link'
	assert_line '  BGP state = Idle'
	refute_line '  Administratively shut down'
	assert_line '  Policy for incoming advertisements is PASS'
	refute_line --partial 'Policy for outgoing'
	# RFC 8212 concerns eBGP only
	refute_line --partial "defaults to 'drop'"
	assert_line '  Maximum prefixes allowed 1000'
	assert_line '  Threshold for warning message 80%, restart interval 5 min'
	assert_line '  Minimum time between advertisement runs is 0 secs'
	run --separate-stderr xr -c 'show bgp neighbors 198.51.100.7'
	assert_success
	assert_line ' Remote AS 4200000001, local AS 65001, external link'
	assert_line '  Policy for incoming advertisements is PASS'
	assert_line '  Policy for outgoing advertisements is PASS'
	refute_line --partial "defaults to 'drop'"
	assert_line '  External BGP neighbor may be up to 5 hops away.'
}

@test "neighbors: every neighbor, per family, and the singular keyword" {
	run --separate-stderr xr -c 'show bgp neighbors'
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^BGP neighbor is ')" -eq 5 ]
	run --separate-stderr xr -c 'show bgp ipv6 unicast neighbors'
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^BGP neighbor is ')" -eq 2 ]
	assert_line 'BGP neighbor is 2001:db8:1234:5678::1'
	assert_line ' For Address Family: IPv6 Unicast'
	assert_line '  Local host: ::, Local port: 0, IF Handle: 0x00000000'
	run xr -c 'show bgp neighbors 192.0.2.3'
	local plural="$output"
	run xr -c 'show bgp neighbor 192.0.2.3'
	assert_success
	[ "$output" = "$plural" ]
}

@test "neighbors: the configuration view still answers" {
	run --separate-stderr xr -c 'show bgp neighbor 192.0.2.2 configuration'
	assert_success
	assert_line --index 0 'neighbor 192.0.2.2'
	assert_line --regexp '^ remote-as 65002 +\[\]$'
	assert_line --regexp '^ shutdown message maintenance until 18:00 UTC +\[\]$'
}

@test "neighbors: an unknown neighbor is an error" {
	run --separate-stderr xr -c 'show bgp neighbors 10.9.9.9'
	assert_failure 1
	[ "$stderr" = "-c:1: % No such neighbor 10.9.9.9" ]
}

@test "summary | json: keys, numbers and nulls" {
	run --separate-stderr xr -c 'show bgp summary | json'
	assert_success
	local j="$output"
	[ "$(jq -r 'keys_unsorted | join(",")' <<<"$j")" = \
	    "vrf,address_family,router_id,local_as,table_version,neighbors" ]
	[ "$(jq -r '.address_family' <<<"$j")" = "ipv4 unicast" ]
	[ "$(jq -r '.router_id' <<<"$j")" = "192.0.2.1" ]
	[ "$(jq -r '.local_as' <<<"$j")" = "65001" ]
	[ "$(jq -r '.neighbors | length' <<<"$j")" = "3" ]
	[ "$(jq -r '.neighbors[0] | keys_unsorted | join(",")' <<<"$j")" = \
	    "address,speaker,remote_as,messages_received,messages_sent,table_version,inq,outq,up_down,up_down_seconds,state,prefixes_received,replayed" ]
	[ "$(jq '.neighbors[0].replayed' <<<"$j")" = "false" ]
	[ "$(jq -r '.neighbors[0].state' <<<"$j")" = "Idle (Admin)" ]
	[ "$(jq -r '.neighbors[0].up_down' <<<"$j")" = "never" ]
	[ "$(jq '.neighbors[0].up_down_seconds' <<<"$j")" = "null" ]
	[ "$(jq '.neighbors[0].prefixes_received' <<<"$j")" = "null" ]
	[ "$(jq '.neighbors[2].remote_as' <<<"$j")" = "4200000001" ]
}

@test "neighbors | json: keys, nulls, families and the shutdown message" {
	run --separate-stderr xr -c 'show bgp neighbors | json'
	assert_success
	local j="$output"
	[ "$(jq '.neighbors | length' <<<"$j")" = "5" ]
	local n='.neighbors[0]'
	for k in address description remote_as local_as link remote_router_id \
	    state state_detail idle_reason admin_shutdown shutdown_message \
	    up_seconds down_seconds ever_established last_read_seconds \
	    last_write_seconds hold_time keepalive_interval \
	    configured_hold_time configured_keepalive min_acceptable_hold_time \
	    capabilities message_stats inq outq messages_received \
	    messages_sent notifications_received notifications_sent \
	    min_advertisement_interval address_families \
	    connections_established connections_dropped local_address \
	    local_port remote_port last_reset_seconds last_reset_reason \
	    last_notification last_shutdown_message ebgp_multihop \
	    ttl_security password passive_only active_only \
	    graceful_shutdown neighbor_logging; do
		[ "$(jq "$n | has(\"$k\")" <<<"$j")" = true ] ||
		    { echo "missing key $k"; return 1; }
	done
	[ "$(jq -r "$n.address" <<<"$j")" = "192.0.2.2" ]
	[ "$(jq -r "$n.description" <<<"$j")" = "to-transit" ]
	[ "$(jq -r "$n.link" <<<"$j")" = "external" ]
	[ "$(jq -r "$n.state" <<<"$j")" = "Idle" ]
	[ "$(jq -r "$n.state_detail" <<<"$j")" = "Idle (Admin)" ]
	[ "$(jq -r "$n.idle_reason" <<<"$j")" = "admin" ]
	[ "$(jq -r "$n.admin_shutdown" <<<"$j")" = "true" ]
	[ "$(jq -r "$n.shutdown_message" <<<"$j")" = "maintenance until 18:00 UTC" ]
	[ "$(jq "$n.remote_router_id" <<<"$j")" = "null" ]
	[ "$(jq "$n.local_address" <<<"$j")" = "null" ]
	[ "$(jq "$n.last_notification" <<<"$j")" = "null" ]
	[ "$(jq "$n.ebgp_multihop" <<<"$j")" = "null" ]
	[ "$(jq -r "$n.capabilities | keys_unsorted | join(\",\")" <<<"$j")" = \
	    "route_refresh,four_byte_as,ipv4_unicast,ipv6_unicast,extended_message,graceful_restart,enhanced_route_refresh,additional_paths_send_ipv4_unicast,additional_paths_receive_ipv4_unicast,additional_paths_send_ipv6_unicast,additional_paths_receive_ipv6_unicast" ]
	[ "$(jq -r "$n.capabilities.four_byte_as | keys_unsorted | join(\",\")" <<<"$j")" = "advertised,received" ]
	[ "$(jq -r "$n.message_stats | keys_unsorted | join(\",\")" <<<"$j")" = \
	    "open,update,notification,keepalive,route_refresh,total" ]
	[ "$(jq -r "$n.message_stats.open | keys_unsorted | join(\",\")" <<<"$j")" = \
	    "sent,received,last_sent,last_received" ]
	[ "$(jq -r "$n.address_families[0] | keys_unsorted | join(\",\")" <<<"$j")" = \
	    "afi,safi,name,policy_in,policy_out,rfc8212_drop,accepted_prefixes,stale_paths,denied_prefixes,maximum_prefixes,maximum_prefixes_threshold,maximum_prefixes_restart_minutes,maximum_prefixes_warning_only,maximum_prefixes_discard_extra_paths,route_refresh_received,route_refresh_sent,eor_received,eor_sent,best_paths,route_reflector_client,soft_reconfiguration,send_community_gshut_ebgp,multipath,additional_paths_send,additional_paths_receive" ]
	[ "$(jq -r "$n.address_families[0].rfc8212_drop" <<<"$j")" = "true" ]
	[ "$(jq "$n.address_families[0].policy_in" <<<"$j")" = "null" ]
	# the iBGP one: policy in, maximum-prefix
	n='.neighbors[1]'
	[ "$(jq -r "$n.link" <<<"$j")" = "internal" ]
	[ "$(jq "$n.description" <<<"$j")" = "null" ]
	[ "$(jq "$n.shutdown_message" <<<"$j")" = "null" ]
	[ "$(jq -r "$n.address_families[0].policy_in" <<<"$j")" = "PASS" ]
	[ "$(jq -r "$n.address_families[0].maximum_prefixes" <<<"$j")" = "1000" ]
	[ "$(jq -r "$n.address_families[0].maximum_prefixes_restart_minutes" <<<"$j")" = "5" ]
	[ "$(jq -r "$n.address_families[0].rfc8212_drop" <<<"$j")" = "false" ]
	[ "$(jq -r '.neighbors[2].ebgp_multihop' <<<"$j")" = "5" ]
	[ "$(jq -r '.neighbors[3].address_families[0].afi' <<<"$j")" = "ipv6" ]
}

@test "shutdown message: round trip through running-config, Idle (Admin)" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'address-family ipv4 unicast' -c exit \
	    -c 'neighbor 192.0.2.9' -c 'remote-as 65009' \
	    -c 'shutdown message  planned: fibre swap, back at 18:00 ' \
	    -c 'address-family ipv4 unicast' -c exit \
	    -c commit -c end -c 'show running-config router bgp'
	assert_success
	assert_line '  shutdown message planned: fibre swap, back at 18:00'
	# the saved file loads back to the same text
	run xr -c 'show running-config router bgp'
	assert_line '  shutdown message planned: fibre swap, back at 18:00'
	run xr -c 'show bgp summary'
	assert_line --regexp '^192\.0\.2\.9 .* Idle \(Admin\)$'
	run xr -c 'show bgp neighbors 192.0.2.9 | json'
	[ "$(jq -r '.neighbors[0].shutdown_message' <<<"$output")" = \
	    "planned: fibre swap, back at 18:00" ]
	# plain shutdown and inheritance-disable still work; no removes it
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c shutdown -c commit -c end \
	    -c 'show running-config router bgp'
	assert_success
	assert_line '  shutdown'
	refute_line --partial 'shutdown message'
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c 'shutdown inheritance-disable' \
	    -c commit -c end -c 'show running-config router bgp'
	assert_success
	assert_line '  shutdown inheritance-disable'
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c 'no shutdown' -c commit -c end \
	    -c 'show running-config router bgp' -c 'show bgp summary'
	assert_success
	refute_line --partial 'shutdown'
	assert_line --regexp '^192\.0\.2\.9 .* Idle$'
}

@test "shutdown message: at most 255 bytes, text required" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	local long
	long=$(printf 'x%.0s' $(seq 1 256))
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c "shutdown message $long"
	assert_failure 1
	[[ "$stderr" == *"Shutdown message longer than 255 bytes"* ]]
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c "shutdown message ${long:1}"
	assert_success
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.9' -c 'shutdown message'
	assert_failure 1
}

@test "shutdown message: in a neighbor-group, inherited" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor-group NG' -c 'remote-as 65009' \
	    -c 'shutdown message group down' -c exit \
	    -c 'neighbor 192.0.2.9' -c 'use neighbor-group NG' -c commit \
	    -c end -c 'show bgp neighbor 192.0.2.9 configuration' \
	    -c 'show bgp summary'
	assert_success
	assert_line --regexp '^ shutdown message group down +\[n:NG\]$'
	assert_line --regexp '^192\.0\.2\.9 .* Idle \(Admin\)$'
}

@test "clear bgp: forms accepted, unknown neighbors and families refused" {
	local c
	for c in 'clear bgp *' 'clear bgp 192.0.2.3' 'clear bgp * soft' \
	    'clear bgp 192.0.2.3 soft in' 'clear bgp 192.0.2.3 soft out' \
	    'clear bgp ipv4 unicast *' 'clear bgp ipv4 unicast 192.0.2.3' \
	    'clear bgp ipv4 unicast * soft out' \
	    'clear bgp ipv6 unicast 2001:db8::2 soft' \
	    'clear bgp 2001:db8::2'; do
		run --separate-stderr xr -c "$c"
		assert_success
		[ "$stderr" = "" ] || { echo "$c: $stderr"; return 1; }
	done
	run --separate-stderr xr -c 'clear bgp 10.9.9.9'
	assert_failure 1
	[ "$stderr" = "-c:1: % No such neighbor" ]
	run --separate-stderr xr -c 'clear bgp ipv4 unicast 10.9.9.9 soft in'
	assert_failure 1
	[ "$stderr" = "-c:1: % No such neighbor" ]
	run --separate-stderr xr -c 'clear bgp ipv6 unicast 192.0.2.3'
	assert_failure 1
	[[ "$stderr" == *"not of the address family ipv6 unicast"* ]]
	run --separate-stderr xr -c 'clear bgp'
	assert_failure 1
}

@test "commit: nothing printed for an offline engine's actions" {
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.3' -c 'remote-as 65077' -c 'timers 10 30' \
	    -c exit -c 'no neighbor 198.51.100.7' -c 'neighbor 192.0.2.44' \
	    -c 'remote-as 65044' -c commit -c end
	assert_success
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "show logging: XR header, prefixed lines, | include" {
	run --separate-stderr xr \
	    -c 'debug log-message 1 %ROUTING-BGP-5-ADJCHANGE : neighbor 192.0.2.3 Up (VRF: default) (AS: 65001)' \
	    -c 'debug log-message 1 plain engine line' -c 'debug sleep 2' \
	    -c 'show logging' -c 'show logging | include ADJCHANGE' \
	    -c 'show logging | json'
	assert_success
	assert_line --index 0 --regexp '^Syslog logging: enabled \([0-9]+ messages dropped, 0 flushes, 0 overruns\)$'
	assert_line --regexp '^    Buffer logging: level debugging, [0-9]+ messages logged$'
	assert_line --regexp '^Log Buffer \([0-9]+ bytes\):$'
	local ts='[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} [A-Z]+'
	assert_line --regexp "^RP/0/RP0/CPU0:$ts: bgp\\[1052\\]: %ROUTING-BGP-5-ADJCHANGE : neighbor 192\\.0\\.2\\.3 Up \\(VRF: default\\) \\(AS: 65001\\)\$"
	assert_line --regexp "^RP/0/RP0/CPU0:$ts: xrsh\\[[0-9]+\\]: plain engine line\$"
	# | include keeps the one line
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^RP.*ADJCHANGE')" -eq 2 ]
	# the batch log lines went to stderr as they came, unprefixed
	[[ "$stderr" == *"%ROUTING-BGP-5-ADJCHANGE : neighbor 192.0.2.3 Up (VRF: default) (AS: 65001)"* ]]
	local j="${lines[${#lines[@]} - 1]}"
	[ "$(jq -r '.messages[0].process' <<<"$j")" = "bgp" ]
	[ "$(jq -r '.messages[0].pid' <<<"$j")" = "1052" ]
	[ "$(jq -r '.messages[1].text' <<<"$j")" = "plain engine line" ]
	[ "$(jq -r '.messages[0] | keys_unsorted | join(",")' <<<"$j")" = \
	    "timestamp,milliseconds,process,pid,level,text,line" ]
}

@test "debug bgp wait and debug sleep: hidden, bounded" {
	run xr -c 'describe debug '
	refute_output --partial 'bgp'
	refute_output --partial 'sleep'
	run xr -c 'complete debug '
	refute_output --partial 'sleep'
	# already there: returns at once
	SECONDS=0
	run --separate-stderr xr -c 'debug bgp wait neighbor 192.0.2.3 idle timeout 30'
	assert_success
	[ "$SECONDS" -lt 10 ]
	# never there offline: a clear error after the timeout, exit 1
	run --separate-stderr xr -c 'debug bgp wait neighbor 192.0.2.3 established timeout 1'
	assert_failure 1
	[ "$stderr" = "-c:1: % Neighbor 192.0.2.3 did not reach Established within 1 seconds: it is Idle" ]
	run --separate-stderr xr -c 'debug bgp wait neighbor 10.9.9.9 established timeout 1'
	assert_failure 1
	[[ "$stderr" == *"Neighbor 10.9.9.9 is not configured"* ]]
	SECONDS=0
	run --separate-stderr xr -c 'debug sleep 1'
	assert_success
	[ "$SECONDS" -ge 1 ]
	run --separate-stderr xr -c 'debug sleep 601'
	assert_failure 1
}

@test "rollback and an expired trial commit reach the engine" {
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.77' -c 'remote-as 65077' \
	    -c 'address-family ipv4 unicast' -c exit -c exit -c commit -c end \
	    -c 'show bgp summary' -c 'rollback configuration last 1' \
	    -c 'show bgp summary'
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^192\.0\.2\.77 ')" -eq 1 ]
	# the second summary, after the rollback, has no such row
	[ "$(printf '%s\n' "${lines[@]}" | sed -n '/^Configuration successfully rolled back/,$p' |
	    grep -c '^192\.0\.2\.77 ')" -eq 0 ]
	run --separate-stderr xr -c configure -c 'router bgp 65001' \
	    -c 'no neighbor 192.0.2.3' -c 'commit confirmed 30' \
	    -c 'do show bgp summary | include 192.0.2.3' \
	    -c 'debug clock advance 31' \
	    -c 'do show bgp summary | include 192.0.2.3'
	assert_success
	assert_line --index 0 --regexp '^192\.0\.2\.3 .* Idle$'
	[ "${#lines[@]}" -eq 1 ]
}
