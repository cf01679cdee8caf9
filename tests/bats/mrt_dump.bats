#!/usr/bin/env bats
# `mrt-dump` (issue 14): the configuration lines, and the files read back
# by bgpdump (Debian `bgpdump`, /usr/bin/bgpdump) and by our own `replay
# mrt`.  Live: xrsh learns IPv4 and IPv6 routes (4-octet AS paths,
# communities, a withdrawal) from two scripted loopback peers, dumps its
# table with `mrt-dump table now` and logs the updates; bgpdump -m must
# read exactly the routes of `show bgp`, and the announcements,
# withdrawal and state changes that happened (tests/data/mrt_dump_cmp.py
# compares).  A real RIS dump (../shared/data/mrt, skipped when absent)
# replayed and dumped again must read back the same routes.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

CMP="$SRCDIR/tests/data/mrt_dump_cmp.py"

setup() {
	setup_xrsh_env
	live_init
	D="$BATS_TEST_TMPDIR/dumps"
	mkdir -p "$D"
}

teardown() {
	live_stop 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		echo "--- p2"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
		echo "--- p3"; cat "$BATS_TEST_TMPDIR/p3.out" 2>/dev/null || true
	fi
}

need_bgpdump() {
	command -v bgpdump >/dev/null || skip "bgpdump is not installed"
}

@test "config: both lines round-trip through show running-config, no removes" {
	run --separate-stderr xr <<EOF
configure
mrt-dump updates file $D/updates.%Y%m%d.%H%M interval 300
mrt-dump table file $D/bview.%Y%m%d.%H%M interval 7200
commit
end
show running-config
configure
mrt-dump table file $D/rib.%s interval 3600
commit
end
EOF
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	assert_line "mrt-dump table file $D/bview.%Y%m%d.%H%M interval 7200"
	assert_line "mrt-dump updates file $D/updates.%Y%m%d.%H%M interval 300"
	# table before updates, each at most once: the second line replaces
	run grep -c '^mrt-dump table ' "$BATS_TEST_TMPDIR/running.cfg"
	assert_output 1
	run grep '^mrt-dump table ' "$BATS_TEST_TMPDIR/running.cfg"
	assert_output "mrt-dump table file $D/rib.%s interval 3600"
	# the saved file loads back to the same text
	run --separate-stderr xr -c 'show running-config'
	assert_line "mrt-dump table file $D/rib.%s interval 3600"
	assert_line "mrt-dump updates file $D/updates.%Y%m%d.%H%M interval 300"
	run --separate-stderr xr <<EOF
configure
no mrt-dump table
no mrt-dump updates file $D/updates.%Y%m%d.%H%M
commit
EOF
	[ "$status" -eq 0 ]
	run grep -c 'mrt-dump' "$BATS_TEST_TMPDIR/running.cfg"
	assert_output 0
}

@test "config: interval range, absolute path and a writable directory, nothing half-applied" {
	run --separate-stderr xr -c 'configure' -c \
	    "mrt-dump table file $D/x interval 59"
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
	run --separate-stderr xr -c 'configure' -c \
	    "mrt-dump updates file $D/x interval 86401"
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
	# a good line and a bad one in one commit: neither is applied
	run --separate-stderr xr <<EOF
configure
mrt-dump table file $D/bview.%H interval 60
mrt-dump updates file relative/u.%H interval 60
commit
EOF
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"!!% File 'relative/u.%H' must be an absolute path"* ]]
	run --separate-stderr xr -c 'show running-config'
	refute_output --partial mrt-dump
	run --separate-stderr xr <<EOF
configure
mrt-dump updates file $D/nowhere/u.%H interval 60
commit
EOF
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"!!% Directory '$D/nowhere' of file '$D/nowhere/u.%H': No such file or directory"* ]]
	if [ "$(id -u)" != 0 ]; then
		mkdir "$D/ro"
		chmod 555 "$D/ro"
		run --separate-stderr xr <<EOF
configure
mrt-dump table file $D/ro/t interval 60
commit
EOF
		[ "$status" -ne 0 ]
		[[ "$stderr" == *"!!% Directory '$D/ro' of file '$D/ro/t' is not writable"* ]]
	fi
	run --separate-stderr xr -c 'configure' -c 'no mrt-dump table'
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"% mrt-dump table is not configured"* ]]
}

@test "help: the configuration and exec keywords" {
	run --separate-stderr xr -c 'configure' -c 'describe mrt-dump '
	assert_output "  table    TABLE_DUMP_V2 snapshots of the BGP table
  updates  BGP4MP log of received UPDATEs and state changes"
	run --separate-stderr xr -c 'configure' -c \
	    'describe mrt-dump table file /x interval '
	assert_output "  <60-86400>  Seconds, aligned to multiples of it in UTC"
	run --separate-stderr xr -c 'describe mrt-dump table '
	assert_output "  now  Write a snapshot now and wait for it"
	run --separate-stderr xr -c 'describe mrt-dump updates '
	assert_output --partial "rotate"
}

@test "exec: errors of mrt-dump table now and updates rotate" {
	run --separate-stderr xr -c 'mrt-dump table now'
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"% No mrt-dump table configured: give a file"* ]]
	run --separate-stderr xr -c 'mrt-dump table now file x.mrt'
	[[ "$stderr" == *"% File 'x.mrt' must be an absolute path"* ]]
	run --separate-stderr xr -c 'mrt-dump updates rotate'
	[[ "$stderr" == *"% No mrt-dump updates configured"* ]]
	[ -z "$(ls "$D")" ]
}

@test "offline: a snapshot of local routes, show mrt-dump and its JSON" {
	need_bgpdump
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<EOF
router bgp 65000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
  network 203.0.113.0/24
 !
!
mrt-dump table file $D/bview.%Y%m%d.%H%M interval 7200
EOF
	run --separate-stderr xr -c 'mrt-dump table now' \
	    -c 'mrt-dump table now' -c 'show mrt-dump' -c 'show mrt-dump | json'
	[ "$status" -eq 0 ]
	assert_line --regexp "^Wrote 1 prefixes, 1 paths \(2 records, [0-9]+ bytes\) to $D/bview\.[0-9]{8}\.[0-9]{4}(\.1)? in [0-9.]+ s$"
	assert_line "MRT dump table: configured"
	assert_line "  File pattern:  $D/bview.%Y%m%d.%H%M"
	assert_line "  Interval:      7200 s"
	assert_line "  Files:         2"
	assert_line "  Records:       4"
	assert_line "MRT dump updates: not configured"
	# two snapshots in the same minute: the second is NAME.1
	[ "$(ls "$D" | grep -c '^bview\.[0-9]*\.[0-9]*$')" -eq 1 ]
	[ "$(ls "$D" | grep -c '^bview\.[0-9]*\.[0-9]*\.1$')" -eq 1 ]
	[ "$(ls "$D" | grep -c 'tmp')" -eq 0 ]
	json=$(printf '%s\n' "${lines[@]}" | grep '^{')
	run python3 -c 'import json,sys; d=json.loads(sys.argv[1]); t=d["table"]; u=d["updates"]; print(t["configured"], t["interval"], t["files"], t["records"], t["errors"], t["prefixes"], t["paths"], t["in_progress"], u["configured"], u["last_file"])' "$json"
	assert_output "True 7200 2 4 0 1 1 False False None"
	# the router's own route, from peer 0.0.0.0 with its AS
	run --separate-stderr bgpdump -m "$(ls "$D"/bview.* | head -n 1)"
	assert_output --regexp '^TABLE_DUMP2\|[0-9]+\|B\|0\.0\.0\.0\|65000\|203\.0\.113\.0/24\|\|IGP\|0\.0\.0\.0\|'
}

# live_dump LINES...: xrsh (AS 65000) with eBGP peers 127.0.0.2 (AS
# 65002, IPv4 and IPv6) and 127.0.0.3 (AS 4200000003, IPv4) and the
# update log in $D/updates.mrt; LINES run once both are up.
live_dump() {
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<EOF
route-policy PASS
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
  address-family ipv6 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 127.0.0.3
  remote-as 4200000003
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
mrt-dump updates file $D/updates.mrt interval 3600
EOF
	live_peer 127.0.0.2 65002 "$port" 'establish caps ipv4,ipv6,as4,rr' \
	    'send update nlri 10.2.0.0/16 10.2.1.0/24 nexthop 127.0.0.2 aspath 65002 4200000001 community 65002:1 65002:2' \
	    'send update nlri 2001:db8:2::/48 nexthop6 2001:db8::2 aspath 65002 65020 community 65002:6' \
	    'send update withdraw 10.2.1.0/24'
	live_peer 127.0.0.3 4200000003 "$port" 'establish' \
	    'send update nlri 10.2.0.0/16 10.3.0.0/24 nexthop 127.0.0.3 aspath 4200000003 65010 origin incomplete med 5'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" "$@"
}

@test "live: bgpdump reads the table dump with exactly the routes of show bgp" {
	need_bgpdump
	live_dump 'show bgp | json' 'show bgp ipv6 unicast | json' \
	    "mrt-dump table now file $D/bview.mrt"
	assert_success
	assert_line --regexp "^Wrote 3 prefixes, 4 paths \(4 records, [0-9]+ bytes\) to $D/bview\.mrt in [0-9.]+ s$"
	printf '%s\n' "${lines[@]}" >"$BATS_TEST_TMPDIR/show.out"
	bgpdump -m "$D/bview.mrt" >"$BATS_TEST_TMPDIR/bview.txt" 2>/dev/null
	run python3 "$CMP" show "$BATS_TEST_TMPDIR/show.out" \
	    "$BATS_TEST_TMPDIR/bview.txt"
	assert_success
	assert_output "4 routes, the same"
	# and by name: the 4-octet AS peer and path, IPv6 with its next hop
	run cat "$BATS_TEST_TMPDIR/bview.txt"
	[ "${#lines[@]}" -eq 4 ]
	assert_line --regexp '^TABLE_DUMP2\|[0-9]+\|B\|127\.0\.0\.2\|65002\|10\.2\.0\.0/16\|65002 4200000001\|IGP\|127\.0\.0\.2\|0\|0\|65002:1 65002:2\|NAG\|\|$'
	assert_line --regexp '^TABLE_DUMP2\|[0-9]+\|B\|127\.0\.0\.3\|4200000003\|10\.3\.0\.0/24\|4200000003 65010\|INCOMPLETE\|127\.0\.0\.3\|0\|5\|\|NAG\|\|$'
	assert_line --regexp '^TABLE_DUMP2\|[0-9]+\|B\|127\.0\.0\.2\|65002\|2001:db8:2::/48\|65002 65020\|IGP\|2001:db8::2\|0\|0\|65002:6\|NAG\|\|$'
	refute_output --partial '10.2.1.0/24'

	# our own reader: the dump replayed into an offline engine gives
	# the same routes, each MRT peer a replayed neighbor
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
!
EOF
	run --separate-stderr xr -c "replay mrt $D/bview.mrt" \
	    -c 'show bgp | json' -c 'show bgp ipv6 unicast | json'
	assert_success
	assert_line --regexp '^Replayed 4 routes from 2 peers in '
	printf '%s\n' "${lines[@]}" >"$BATS_TEST_TMPDIR/replay.out"
	run python3 "$CMP" show "$BATS_TEST_TMPDIR/replay.out" \
	    "$BATS_TEST_TMPDIR/bview.txt"
	assert_success
	assert_output "4 routes, the same"
}

@test "live: bgpdump reads the update log: announcements, withdrawal, state changes" {
	need_bgpdump
	live_dump 'show mrt-dump | json'
	assert_success
	# xrsh has stopped: the log was closed and renamed into place
	[ -f "$D/updates.mrt" ]
	[ ! -e "$D/updates.mrt.tmp" ]
	run --separate-stderr bgpdump -m "$D/updates.mrt"
	assert_success
	# bgpdump prints one line per prefix of an UPDATE
	assert_line --regexp '^BGP4MP_ET\|[0-9]+\.[0-9]{6}\|A\|127\.0\.0\.2\|65002\|10\.2\.0\.0/16\|65002 4200000001\|IGP\|127\.0\.0\.2\|0\|0\|65002:1 65002:2\|NAG\|\|$'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|A\|127\.0\.0\.2\|65002\|10\.2\.1\.0/24\|'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|A\|127\.0\.0\.2\|65002\|2001:db8:2::/48\|65002 65020\|IGP\|2001:db8::2\|0\|0\|65002:6\|'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|W\|127\.0\.0\.2\|65002\|10\.2\.1\.0/24$'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|A\|127\.0\.0\.3\|4200000003\|10\.3\.0\.0/24\|4200000003 65010\|INCOMPLETE\|127\.0\.0\.3\|0\|5\|'
	# OpenConfirm -> Established on the way up, Established -> Idle at
	# the end (xrsh's exit closes the sessions)
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|STATE\|127\.0\.0\.2\|65002\|5\|6$'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|STATE\|127\.0\.0\.3\|4200000003\|5\|6$'
	assert_line --regexp '^BGP4MP_ET\|[0-9.]+\|STATE\|127\.0\.0\.2\|65002\|6\|1$'
	# the withdrawal comes after its announcement
	a=$(printf '%s\n' "${lines[@]}" | grep -n '|A|127.0.0.2|65002|10.2.1.0/24|' | cut -d: -f1)
	w=$(printf '%s\n' "${lines[@]}" | grep -n '|W|127.0.0.2|65002|10.2.1.0/24$' | cut -d: -f1)
	[ "$a" -lt "$w" ]
}

@test "round trip: a RIS dump replayed and dumped again reads back the same routes" {
	need_bgpdump
	local bview="$SRCDIR/../shared/data/mrt/bview.20020722.2337.gz"
	[ -f "$bview" ] || skip "$bview is absent"
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 4200000000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
!
EOF
	run --separate-stderr xr -c "replay mrt $bview" \
	    -c "mrt-dump table now file $D/again.mrt"
	assert_success
	assert_line --regexp '^Replayed [0-9]+ routes from [0-9]+ peers in '
	assert_line --regexp "^Wrote [0-9]+ prefixes, [0-9]+ paths "
	bgpdump -m "$bview" >"$BATS_TEST_TMPDIR/orig.txt" 2>/dev/null
	bgpdump -m "$D/again.mrt" >"$BATS_TEST_TMPDIR/again.txt" 2>/dev/null
	# all of it: nothing dropped on the way
	[ "$(wc -l <"$BATS_TEST_TMPDIR/orig.txt")" -gt 100000 ]
	run python3 "$CMP" dumps "$BATS_TEST_TMPDIR/orig.txt" \
	    "$BATS_TEST_TMPDIR/again.txt"
	assert_success
	assert_output --regexp '^[0-9]+ routes, the same$'
}

@test "live: an add-path peer's paths in RIB_IPV4_UNICAST_ADDPATH and BGP4MP_MESSAGE_AS4_ADDPATH" {
	need_bgpdump
	local port
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.saved" <<EOF2
route-policy PASS
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
  additional-paths receive
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   capability additional-paths receive
   route-policy PASS in
   route-policy PASS out
  !
 !
!
mrt-dump updates file $D/updates.mrt interval 3600
EOF2
	# the peer sends Path IDs (RFC 7911 capability: IPv4 unicast, send);
	# one UPDATE: ORIGIN IGP, AS_PATH 65002, NEXT_HOP 127.0.0.2, and
	# 10.9.0.0/16 with Path IDs 1 and 2
	live_peer 127.0.0.2 65002 "$port" 'establish caps default,raw:69:00010102' \
	    'send raw marker len 02 0000 0014 40010100 40020602010000fdea 4003047f000002 00000001100a09 00000002100a09'
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" 'show bgp | json' \
	    "mrt-dump table now file $D/bview.mrt"
	assert_success
	assert_line --regexp "^Wrote 1 prefixes, 2 paths \(2 records, [0-9]+ bytes\) to "
	run --separate-stderr bgpdump -m "$D/bview.mrt"
	assert_success
	assert_line --regexp '^TABLE_DUMP2_AP\|[0-9]+\|B\|127\.0\.0\.2\|65002\|10\.9\.0\.0/16\|1\|65002\|IGP\|127\.0\.0\.2\|0\|0\|\|NAG\|\|$'
	assert_line --regexp '^TABLE_DUMP2_AP\|[0-9]+\|B\|127\.0\.0\.2\|65002\|10\.9\.0\.0/16\|2\|65002\|IGP\|127\.0\.0\.2\|0\|0\|\|NAG\|\|$'
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr bgpdump -m "$D/updates.mrt"
	assert_line --regexp '^BGP4MP_ET_AP\|[0-9.]+\|A\|127\.0\.0\.2\|65002\|10\.9\.0\.0/16\|1\|65002\|IGP\|127\.0\.0\.2\|'
	assert_line --regexp '^BGP4MP_ET_AP\|[0-9.]+\|A\|127\.0\.0\.2\|65002\|10\.9\.0\.0/16\|2\|65002\|IGP\|127\.0\.0\.2\|'
}

@test "schedule: the clock passing the interval takes a snapshot and rotates the log" {
	need_bgpdump
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<EOF2
router bgp 65000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
  network 203.0.113.0/24
 !
!
mrt-dump table file $D/bview.%s interval 60
mrt-dump updates file $D/updates.%s interval 60
EOF2
	# the periodic snapshot runs in a child: `table now` waits for it,
	# then takes its own; the rotation is done in the timer itself
	run --separate-stderr xr -c 'debug clock advance 61' -c 'debug sleep 1' \
	    -c 'mrt-dump table now' -c 'show mrt-dump | json'
	assert_success
	json=$(printf '%s\n' "${lines[@]}" | grep '^{')
	run python3 -c 'import json,sys; d=json.loads(sys.argv[1]); t=d["table"]; u=d["updates"]; print(t["files"], t["errors"], u["files"], u["errors"], u["current_file"] != u["last_file"])' "$json"
	# 2 snapshots and 1 rotation; one more of each when the wall clock
	# crosses a minute (the intervals are aligned to it) during the run
	assert_output --regexp '^(2 0 1|3 0 2) 0 True$'
	snaps=${output%% *}
	# a file per snapshot and one update log more than the rotations (the
	# last closed at exit; two in the same second of the name's %s share
	# a file), no temporary file left, each readable
	nb=$(ls "$D" | grep -c '^bview\.')
	nu=$(ls "$D" | grep -c '^updates\.')
	[ "$nb" -ge 2 ] && [ "$nb" -le "$snaps" ]
	[ "$nu" -ge 2 ] && [ "$nu" -le "$snaps" ]
	[ "$(ls "$D" | grep -c 'tmp')" -eq 0 ]
	for f in "$D"/bview.*; do
		run --separate-stderr bgpdump -m "$f"
		assert_line --regexp '\|B\|0\.0\.0\.0\|65000\|203\.0\.113\.0/24\|'
	done
}
