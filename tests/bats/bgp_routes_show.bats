#!/usr/bin/env bats
# The show bgp route views (reference 6.2, 6.3, 6.5-6.7): the table view
# column for column, the prefix detail, longest match, longer-prefixes,
# bestpath-compare, the community / regexp / route-policy filters, the
# per-neighbor routes / received routes / advertised-routes, update-group,
# process, and their `| json`.  Offline tests use `network` and
# `aggregate-address` routes (xr passes --offline; the neighbor addresses
# there are documentation ones and never contacted).  Live tests run one
# xrsh on 127.0.0.1 with two Python peers (tests/peers/bgppeer.py) on
# 127.0.0.2 (eBGP, AS 65002) and 127.0.0.3 (iBGP) announcing routes.
#
# NETWORK SAFETY: live tests use 127.0.0.1-3 only and XRSH_LOOPBACK_ONLY=1;
# 198.51.100.1 and 2001:db8:ffff::1 appear only as next-hop attributes
# (unreachable on purpose) and are never contacted.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

HEAD='   Network            Next Hop            Metric LocPrf Weight Path'

setup() {
	setup_xrsh_env
	P2_PID=
	P3_PID=
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
route-policy TAG
  set community (65001:100, no-export)
  set large-community (65001:1:2)
  pass
end-policy
!
route-policy SHOWPOL
  if destination in (10.1.0.0/16 le 32) then
    set local-preference 250
    pass
  endif
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  aggregate-address 172.16.0.0/12
  network 10.1.0.0/16
  network 10.1.2.0/24 route-policy TAG
  network 172.16.1.0/24
  network 192.168.100.0/24
 !
 address-family ipv6 unicast
  network 2001:db8:1234:5678::/64
 !
 neighbor 198.51.100.7
  remote-as 65002
  address-family ipv4 unicast
  !
 !
!
EOF
}

teardown() {
	stop_pid "${P2_PID:-}" 3
	stop_pid "${P3_PID:-}" 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		echo "--- p2"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
		echo "--- p3"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
	fi
}

# the JSON document among the lines of $output
json_of() {
	printf '%s\n' "${lines[@]}" | grep '^{' | head -n 1
}

# ------------------------------------------------------------------ offline

@test "show bgp: header, legend, one row per path at XR's columns" {
	run --separate-stderr xr <<<'show bgp'
	assert_success
	assert_line --index 0 'BGP router identifier 10.255.0.1, local AS number 65001'
	assert_line --index 1 'BGP generic scan interval 60 secs'
	assert_line 'Status codes: s suppressed, d damped, h history, * valid, > best'
	assert_line '              i - internal, r RIB-failure, S stale, N Nexthop-discard'
	assert_line 'Origin codes: i - IGP, e - EGP, ? - incomplete'
	assert_line "$HEAD"
	assert_line '*> 10.1.0.0/16        0.0.0.0                            32768 i'
	assert_line '*> 10.1.2.0/24        0.0.0.0                            32768 i'
	assert_line '*> 172.16.0.0/12      0.0.0.0                            32768 i'
	assert_line '*> 192.168.100.0/24   0.0.0.0                            32768 i'
	assert_line 'Processed 5 prefixes, 5 paths'
	# prefix order, and the trailer after one blank line
	local rows
	rows=$(printf '%s\n' "${lines[@]}" | grep '^\*>' | awk '{print $2}' | tr '\n' ' ')
	[ "$rows" = "10.1.0.0/16 10.1.2.0/24 172.16.0.0/12 172.16.1.0/24 192.168.100.0/24 " ]
	[ "${output: -31}" = $'\n\nProcessed 5 prefixes, 5 paths' ]
	# Next Hop at column 22, Weight ending at 61, Path at 63
	local r
	r=$(printf '%s\n' "${lines[@]}" | grep '^\*> 10.1.0.0/16')
	[ "${r:22:7}" = "0.0.0.0" ]
	[ "${r:56:6}" = " 32768" ]
	[ "${r:63}" = "i" ]
}

@test "show bgp ipv6 unicast: a long network wraps, the row resumes at column 22" {
	run --separate-stderr xr <<<'show bgp ipv6 unicast'
	assert_success
	assert_line --index 3 'Table ID: 0xe0800000   RD version: 1'
	assert_line '*> 2001:db8:1234:5678::/64'
	assert_line '                      ::                                 32768 i'
	assert_line 'Processed 1 prefixes, 1 paths'
}

@test "show bgp PREFIX: the detail layout of a local and an aggregate path" {
	run --separate-stderr xr <<<'show bgp 172.16.0.0/12
show bgp 10.1.0.0/16'
	assert_success
	assert_line --index 0 'BGP routing table entry for 172.16.0.0/12'
	assert_line --index 1 'Versions:'
	assert_line --index 2 '  Process           bRIB/RIB  SendTblVer'
	assert_line --regexp '^  Speaker +[0-9]+ +[0-9]+$'
	assert_line --regexp '^Last Modified: [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8}\.000 for [0-9]{2}:[0-9]{2}:[0-9]{2}$'
	assert_line 'Paths: (1 available, best #1)'
	assert_line '  Path #1: Received by speaker 0'
	assert_line '  Local, (aggregated by 65001 10.255.0.1)'
	assert_line '    0.0.0.0 from 0.0.0.0 (10.255.0.1)'
	assert_line '      Origin IGP, localpref 100, weight 32768, valid, aggregated, local, atomic-aggregate, best, group-best'
	assert_line --regexp '^      Received Path ID 0, Local Path ID 1, version [0-9]+$'
	assert_line 'BGP routing table entry for 10.1.0.0/16'
	assert_line '  Local'
	assert_line '      Origin IGP, localpref 100, weight 32768, valid, local, best, group-best'
	# the Speaker line's numbers end at XR's columns 27 and 39
	local s
	s=$(printf '%s\n' "${lines[@]}" | grep '^  Speaker' | head -n 1)
	[ "${#s}" -eq 40 ]
}

@test "show bgp ADDRESS: longest match; not in the table" {
	run --separate-stderr xr <<<'show bgp 10.1.2.3
show bgp 10.1.9.9
show bgp ipv6 unicast 2001:db8:1234:5678::42
show bgp 10.1.0.0/16 longer-prefixes
show bgp 11.0.0.0/8'
	assert_failure
	assert_line --index 0 'BGP routing table entry for 10.1.2.0/24'
	assert_line 'BGP routing table entry for 10.1.0.0/16'
	assert_line 'BGP routing table entry for 2001:db8:1234:5678::/64'
	assert_line '    :: from :: (10.255.0.1)'
	# longer-prefixes: the table view of 10.1.0.0/16 and what it holds
	assert_line '*> 10.1.0.0/16        0.0.0.0                            32768 i'
	assert_line '*> 10.1.2.0/24        0.0.0.0                            32768 i'
	refute_line --partial '172.16.0.0/12      0.0.0.0'
	assert_line 'Processed 2 prefixes, 2 paths'
	[[ "$stderr" == *"% Network not in table"* ]]
	run --separate-stderr xr <<<'show bgp 10.0.0.0/8'
	assert_failure
	[[ "$stderr" == *"% Network not in table"* ]]
}

@test "show bgp PREFIX | json: the keys of test route-policy's route and more" {
	run --separate-stderr xr <<<'show bgp 10.1.2.0/24 | json'
	assert_success
	local j
	j=$(json_of)
	[ "$(jq -r '.prefix' <<<"$j")" = "10.1.2.0/24" ]
	[ "$(jq -r '.address_family' <<<"$j")" = "ipv4 unicast" ]
	[ "$(jq -r '.paths_available' <<<"$j")" = "1" ]
	[ "$(jq -r '.best_path' <<<"$j")" = "1" ]
	[ "$(jq -r '.paths[0] | keys_unsorted | join(",")' <<<"$j")" = \
	    "path_number,group_best,next_hop,as_path,origin,med,local_preference,weight,communities,large_communities,extcommunities,best,multipath,valid,invalid_reason,stale,source,from,from_router_id,originator_id,cluster_list,aggregator,atomic_aggregate,attribute_codes,igp_metric,version,received_path_id,local_path_id,origin_as_validity,dampened" ]
	[ "$(jq -c '.paths[0] | [.next_hop, .as_path, .origin, .med, .weight, .best, .valid, .source, .from]' <<<"$j")" = \
	    '["0.0.0.0",[],"igp",null,32768,true,true,"local",null]' ]
	[ "$(jq -c '.paths[0].attribute_codes' <<<"$j")" != "[]" ]
	# the aggregate's attributes
	run --separate-stderr xr <<<'show bgp 172.16.0.0/12 | json'
	j=$(json_of)
	[ "$(jq -c '.paths[0].aggregator' <<<"$j")" = '{"as":65001,"id":"10.255.0.1"}' ]
	[ "$(jq -r '.paths[0].atomic_aggregate' <<<"$j")" = "true" ]
	[ "$(jq -r '.paths[0].source' <<<"$j")" = "aggregate" ]
}

@test "show bgp | json: every route, prefix order, the counts" {
	run --separate-stderr xr <<<'show bgp | json'
	assert_success
	local j
	j=$(json_of)
	[ "$(jq -r '.router_id' <<<"$j")" = "10.255.0.1" ]
	[ "$(jq -r '.local_as' <<<"$j")" = "65001" ]
	[ "$(jq -r '[.routes[].prefix] | join(" ")' <<<"$j")" = \
	    "10.1.0.0/16 10.1.2.0/24 172.16.0.0/12 172.16.1.0/24 192.168.100.0/24" ]
	[ "$(jq -r '.processed_prefixes' <<<"$j")" = "5" ]
	[ "$(jq -r '.processed_paths' <<<"$j")" = "5" ]
	[ "$(jq -r '.routes[0].paths[0].weight' <<<"$j")" = "32768" ]
}

@test "community and route-policy filters over local routes set by policy" {
	run --separate-stderr xr <<<'show bgp 10.1.2.0/24
show bgp community 65001:100
show bgp community no-export 65001:100 exact-match
show bgp community 65001:100 exact-match'
	assert_success
	assert_line '      Community: 65001:100 no-export'
	assert_line '      Large Community: 65001:1:2'
	# community: only 10.1.2.0/24 carries them; exact-match needs both
	[ "$(grep -c '^\*> 10\.1\.2\.0/24 ' <<<"$output")" -eq 2 ]
	assert_line 'Processed 0 prefixes, 0 paths'
	# route-policy: the 10.1/16 routes, shown with the policy's local-pref
	run --separate-stderr xr <<<'show bgp route-policy SHOWPOL'
	assert_success
	assert_line '*> 10.1.0.0/16        0.0.0.0                       250  32768 i'
	assert_line '*> 10.1.2.0/24        0.0.0.0                       250  32768 i'
	refute_line --partial '192.168.100.0/24'
	assert_line 'Processed 2 prefixes, 2 paths'
	run --separate-stderr xr <<<'show bgp route-policy NOPE'
	assert_failure
	[[ "$stderr" == *"NOPE"* ]]
}

@test "regexp: XR ios-regex over the AS path (an empty path for local routes)" {
	run --separate-stderr xr <<<'show bgp regexp ^$
show bgp regexp _65002_'
	assert_success
	assert_line 'Processed 5 prefixes, 5 paths'
	assert_line 'Processed 0 prefixes, 0 paths'
	run --separate-stderr xr <<<'show bgp regexp ('
	assert_failure
	[[ "$stderr" == *"Invalid regular expression"* ]]
}

@test "neighbor views offline: unknown neighbor, no soft-reconfiguration, empty tables" {
	run --separate-stderr xr <<<'show bgp neighbors 198.51.100.7 routes
show bgp neighbors 198.51.100.7 advertised-routes
show bgp neighbors 198.51.100.7 advertised-count'
	assert_success
	assert_line 'Processed 0 prefixes, 0 paths'
	assert_line 'Network            Next Hop        From            AS Path'
	assert_line 'No of prefixes Advertised: 0'
	run --separate-stderr xr <<<'show bgp neighbors 203.0.113.9 routes'
	assert_failure
	[[ "$stderr" == *"% No such neighbor 203.0.113.9"* ]]
	run --separate-stderr xr <<<'show bgp neighbors 198.51.100.7 received routes'
	assert_failure
	[[ "$stderr" == *"% Soft reconfiguration inbound is not enabled for neighbor 198.51.100.7"* ]]
}

@test "show bgp process: XR's head, memory by kind, per-family tables" {
	run --separate-stderr xr <<<'show bgp process
show bgp process | json'
	assert_success
	assert_line --index 0 'BGP Process Information: '
	assert_line 'Autonomous System: 65001'
	assert_line 'Router ID: 10.255.0.1 (manually configured)'
	assert_line 'Default VRFs:              1               0/1'
	assert_line --regexp '^  IPv4 Unicast Loc-RIB: 5 prefixes, 5 paths, [1-9][0-9]* bytes, [1-9][0-9]* bytes per prefix$'
	assert_line --regexp '^  IPv6 Unicast Loc-RIB: 1 prefixes, 1 paths, '
	assert_line --regexp '^  Attribute sets: [1-9][0-9]*, [1-9][0-9]* bytes$'
	assert_line --regexp '^  Attribute references: [1-9][0-9]* \(sets [1-9][0-9]* bytes, intern table [1-9][0-9]* bytes\)$'
	assert_line 'Address family: IPv4 Unicast'
	local j
	j=$(json_of)
	[ "$(jq -r '.address_families[0].prefixes' <<<"$j")" = "5" ]
	[ "$(jq -r '.memory.total_bytes > 0' <<<"$j")" = "true" ]
	[ "$(jq -r '.memory.attr_refs >= .memory.attr_sets' <<<"$j")" = "true" ]
	[ "$(jq -r '.memory.attr_set_bytes + .memory.attr_table_bytes == .memory.attr_bytes' <<<"$j")" = "true" ]
}

@test "no router bgp: the route views say the instance is not active" {
	: >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr <<<'show bgp'
	assert_failure
	[[ "$stderr" == *"% BGP instance 'default' not active"* ]]
	run --separate-stderr xr <<<'show bgp 10.0.0.0/8'
	assert_failure
	[[ "$stderr" == *"% BGP instance 'default' not active"* ]]
}

@test "a table bigger than one chunk comes out whole, once, in order" {
	{
		echo 'router bgp 65001'
		echo ' bgp router-id 10.255.0.1'
		echo ' address-family ipv4 unicast'
		for i in $(seq 0 4499); do
			echo "  network 10.$((100 + i / 256)).$((i % 256)).0/24"
		done
		echo ' !'
		echo '!'
	} >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr <<<'show bgp'
	assert_success
	assert_line 'Processed 4500 prefixes, 4500 paths'
	local got want
	got=$(printf '%s\n' "${lines[@]}" | grep '^\*> ' | awk '{print $2}')
	[ "$(wc -l <<<"$got")" -eq 4500 ]
	want=$(sort -t. -k1,1n -k2,2n -k3,3n <<<"$got" | uniq)
	[ "$got" = "$want" ]
	run --separate-stderr xr <<<'show bgp | json'
	assert_success
	[ "$(json_of | jq '[.routes[].prefix] | unique | length')" = "4500" ]
}

# ------------------------------------------------------------------ live

# live SHOW-LINES...: xrsh on 127.0.0.1 with peers .2 (eBGP, soft-reconf
# inbound, IPv4 and IPv6) and .3 (iBGP) announcing; runs the lines once
# both sessions are up and the updates are in.
live() {
	local port peer=$SRCDIR/tests/peers/bgppeer.py
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  network 10.1.0.0/16
 !
 address-family ipv6 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
   soft-reconfiguration inbound
  !
  address-family ipv6 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 127.0.0.3
  remote-as 65001
  session-open-mode passive-only
  address-family ipv4 unicast
  !
 !
!
EOF
	timeout -k 5 60 python3 "$peer" --connect 127.0.0.1 --port "$port" \
	    --local 127.0.0.2 --as 65002 --id 2.2.2.2 --connect-retry 30 \
	    -e 'establish caps default,ipv6' \
	    -e 'send update nlri 10.10.0.0/16 10.40.0.0/16 nexthop 127.0.0.2 aspath 65002 community 65002:1 no-export large-community 65002:1:2 ext-community rt:65002:7 med 50' \
	    -e 'send update nlri 10.20.0.0/24 10.20.1.0/24 nexthop 127.0.0.2 aspath 65002 65010 {65011,65012} origin incomplete' \
	    -e 'send update nlri 10.30.0.0/16 nexthop 198.51.100.1 aspath 65002' \
	    -e 'send update nlri 2001:db8:aa::/48 nexthop6 2001:db8:ffff::1 aspath 65002 65099' \
	    -e 'expect open-alive 50' >"$BATS_TEST_TMPDIR/p2.out" 2>&1 &
	P2_PID=$!
	timeout -k 5 60 python3 "$peer" --connect 127.0.0.1 --port "$port" \
	    --local 127.0.0.3 --as 65001 --id 3.3.3.3 --connect-retry 30 \
	    -e 'establish' \
	    -e 'send update nlri 10.10.0.0/16 nexthop 127.0.0.3 aspath 65020 65021 localpref 100' \
	    -e 'send update nlri 10.40.0.0/16 nexthop 127.0.0.3 aspath 65030 localpref 200' \
	    -e 'send update nlri 10.50.0.0/16 nexthop 127.0.0.3 aspath 65030 localpref 100 originator-id 9.9.9.9 cluster-list 8.8.8.8 7.7.7.7 atomic-aggregate aggregator 65030:3.3.3.3 attr c06302abcd' \
	    -e 'expect open-alive 50' >"$BATS_TEST_TMPDIR/p3.out" 2>&1 &
	P3_PID=$!
	cp "$BATS_TEST_TMPDIR/live.cfg" "$BATS_TEST_TMPDIR/live.saved"
	printf '%s\n' 'debug bgp wait neighbor 127.0.0.2 established timeout 40' \
	    'debug bgp wait neighbor 127.0.0.3 established timeout 40' \
	    'debug sleep 3' "$@" >"$BATS_TEST_TMPDIR/live.script"
	run --separate-stderr timeout -k 5 90 "$XRSH" --port "$port" \
	    --listen 127.0.0.1 --config "$BATS_TEST_TMPDIR/live.saved" \
	    -f "$BATS_TEST_TMPDIR/live.script"
}

@test "live: the table view with eBGP, iBGP, invalid and local paths" {
	live 'show bgp'
	assert_success
	assert_line "$HEAD"
	assert_line '*> 10.1.0.0/16        0.0.0.0                            32768 i'
	assert_line '*> 10.10.0.0/16       127.0.0.2               50             0 65002 i'
	assert_line '* i                   127.0.0.3                     100      0 65020 65021 i'
	assert_line '*> 10.20.0.0/24       127.0.0.2                              0 65002 65010 {65011,65012} ?'
	assert_line '   10.30.0.0/16       198.51.100.1                           0 65002 i'
	assert_line '*>i10.40.0.0/16       127.0.0.3                     200      0 65030 i'
	assert_line '*                     127.0.0.2               50             0 65002 i'
	assert_line '*>i10.50.0.0/16       127.0.0.3                     100      0 65030 i'
	assert_line 'Processed 7 prefixes, 9 paths'
}

@test "live: detail, bestpath-compare (AS path length, local preference), json" {
	live 'show bgp 10.10.0.0/16 bestpath-compare' \
	    'show bgp 10.40.0.0/16 bestpath-compare' \
	    'show bgp 10.40.0.0/16 bestpath-compare | json' \
	    'show bgp 10.50.0.0/16' 'show bgp 10.50.0.0/16 | json' \
	    'show bgp 10.30.0.0/16'
	assert_success
	# 10.10/16: the eBGP path wins on AS path length
	assert_line 'BGP routing table entry for 10.10.0.0/16'
	assert_line 'Paths: (2 available, best #1)'
	assert_line '  65002'
	assert_line '    127.0.0.2 from 127.0.0.2 (2.2.2.2)'
	assert_line '      Origin IGP, metric 50, localpref 100, valid, external, best, group-best'
	assert_line '      Community: 65002:1 no-export'
	assert_line '      Large Community: 65002:1:2'
	assert_line '      Extended community: RT:65002:7'
	assert_line '      Origin-AS validity: (disabled)'
	assert_line '      best of AS 65002, Overall best'
	assert_line '  Not advertised to any peer'
	assert_line '    127.0.0.3 from 127.0.0.3 (3.3.3.3)'
	assert_line '      Origin IGP, localpref 100, valid, internal, group-best'
	assert_line '      Received Path ID 0, Local Path ID 0, version 0'
	assert_line '      best of AS 65020, Longer AS path than best path (path #1)'
	# 10.40/16: the iBGP path wins on local preference
	assert_line '      Origin IGP, localpref 200, valid, internal, best, group-best'
	assert_line '      best of AS 65002, Lower local preference than best path (path #1)'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | sed -n 1p)
	[ "$(jq -r '.prefix' <<<"$j")" = "10.40.0.0/16" ]
	[ "$(jq -r '.paths[0].from' <<<"$j")" = "127.0.0.3" ]
	[ "$(jq -r '.paths[0].local_preference' <<<"$j")" = "200" ]
	[ "$(jq -r '.paths[1].bestpath_compare.step' <<<"$j")" = "local preference" ]
	[ "$(jq -r '.paths[1].bestpath_compare.lost_to' <<<"$j")" = "1" ]
	[ "$(jq -r '.paths[1].bestpath_compare.text' <<<"$j")" = \
	    "best of AS 65002, Lower local preference than best path (path #1)" ]
	[ "$(jq -c '.paths[1] | [.communities, .large_communities, .extcommunities, .med]' <<<"$j")" = \
	    '[["65002:1","no-export"],["65002:1:2"],["RT:65002:7"],50]' ]
	# 10.50/16: reflection and aggregation attributes, unknown code 99
	assert_line '  65030, (aggregated by 65030 3.3.3.3)'
	assert_line '      Origin IGP, localpref 100, valid, internal, atomic-aggregate, best, group-best'
	assert_line '      Originator: 9.9.9.9, Cluster list: 8.8.8.8, 7.7.7.7'
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | sed -n 2p)
	[ "$(jq -r '.paths[0].originator_id' <<<"$j")" = "9.9.9.9" ]
	[ "$(jq -c '.paths[0].cluster_list' <<<"$j")" = '["8.8.8.8","7.7.7.7"]' ]
	[ "$(jq -c '.paths[0].aggregator' <<<"$j")" = '{"as":65030,"id":"3.3.3.3"}' ]
	[ "$(jq -r '.paths[0].attribute_codes | index(99) != null' <<<"$j")" = "true" ]
	# 10.30/16: an unreachable next hop, no best path
	assert_line 'Paths: (1 available, no best path)'
	assert_line '    198.51.100.1 (inaccessible) from 127.0.0.2 (2.2.2.2)'
	assert_line '      Origin IGP, localpref 100, external'
}

@test "live: IPv6 next hop wraps to the numeric columns" {
	live 'show bgp ipv6 unicast' 'show bgp ipv6 unicast 2001:db8:aa::1'
	assert_success
	assert_line '   2001:db8:aa::/48   2001:db8:ffff::1'
	assert_line '                                                             0 65002 65099 i'
	assert_line 'BGP routing table entry for 2001:db8:aa::/48'
	assert_line '    2001:db8:ffff::1 (inaccessible) from 127.0.0.2 (2.2.2.2)'
}

@test "live: neighbor routes, received routes, advertised-routes, filters" {
	live 'show bgp neighbors 127.0.0.2 routes' \
	    'show bgp neighbors 127.0.0.2 received routes' \
	    'show bgp neighbors 127.0.0.2 advertised-routes' \
	    'show bgp neighbors 127.0.0.3 advertised-count' \
	    'show bgp neighbors 127.0.0.3 routes | json' \
	    'show bgp community 65002:1' \
	    'show bgp regexp _65010_' \
	    'show bgp update-group'
	assert_success
	# routes of .2: its five accepted paths (not .3's)
	assert_line 'Processed 5 prefixes, 5 paths'
	# received routes: the pre-policy copy, valid but never best
	assert_line '*  10.10.0.0/16       127.0.0.2               50             0 65002 i'
	# advertised to .2: ours and .3's best paths (10.10/16 is no-export)
	assert_line 'Network            Next Hop        From            AS Path'
	assert_line --regexp '^10\.1\.0\.0/16        127\.0\.0\.1       Local           65001i$'
	assert_line --regexp '^10\.40\.0\.0/16       127\.0\.0\.1       127\.0\.0\.3       65001 65030i$'
	refute_line --regexp '^10\.10\.0\.0/16 .* 127\.0\.0\.2 '
	assert_line --regexp '^No of prefixes Advertised: [1-9][0-9]*$'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | head -n 1)
	[ "$(jq -r '[.routes[].prefix] | join(" ")' <<<"$j")" = \
	    "10.10.0.0/16 10.40.0.0/16 10.50.0.0/16" ]
	[ "$(jq -r '[.routes[].paths[].from] | unique | join(" ")' <<<"$j")" = "127.0.0.3" ]
	# community: best paths with 65002:1 (10.40/16's best is .3's)
	assert_line '*> 10.10.0.0/16       127.0.0.2               50             0 65002 i'
	refute_line --regexp '^\*> 10\.40\.0\.0/16 .* 65002 i$'
	# regexp
	assert_line '*> 10.20.1.0/24       127.0.0.2                              0 65002 65010 {65011,65012} ?'
	# update groups: one per neighbor here (eBGP 65002, iBGP)
	assert_line --regexp '^Update group for IPv4 Unicast, index 0\.[0-9]+:$'
	assert_line '    First neighbor AS: 65002'
	assert_line '    Internal'
	assert_line '      127.0.0.2'
	assert_line '      127.0.0.3'
}
