#!/usr/bin/env bats
# BMP configuration (issue 14): the top-level `bmp server N` block
# (config-bmp: host/port, description, update-source, initial-delay,
# stats-reporting-period, shutdown) and `bmp-activate server N` on
# neighbors and groups.  Lines render in XR's order and round-trip, `no`
# removes them, `?` names the keywords, bad values are refused on the
# line, a neighbor naming an unconfigured server fails the commit with
# nothing applied, and `show bgp bmp` shows the servers (offline: no
# collector is ever connected).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

CANON='bmp server all
 max-buffer-size 64
 route-monitoring adj-rib-out
 route-monitoring local-rib
!
bmp server 1
 host 127.0.0.1 port 11019
 description lab collector
 update-source Loopback0
 initial-delay 5
 stats-reporting-period 60
!
bmp server 3
 host ::1 port 11020
 shutdown
!
router bgp 65001
 neighbor-group NG
  bmp-activate server 3
 !
 neighbor 127.0.0.2
  remote-as 65002
  use neighbor-group NG
  bmp-activate server 1
 !
!'

TYPED='configure
bmp server all
route-monitoring local-rib
route-monitoring adj-rib-out
max-buffer-size 64
exit
bmp server 3
shutdown
host 0:0::1 port 11020
exit
bmp server 1
stats-reporting-period 60
initial-delay 9
initial-delay 5
update-source Loopback0
description lab collector
host 127.0.0.1 port 11019
exit
router bgp 65001
neighbor-group NG
bmp-activate server 3
exit
neighbor 127.0.0.2
remote-as 65002
use neighbor-group NG
bmp-activate server 1
commit
end
show running-config'

@test "bmp: typed lines render in XR's order and round-trip" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	[ "$stderr" = "" ]
	[[ "$output" == *"$CANON"* ]]
	run --separate-stderr xr -c 'show running-config bmp server 1'
	assert_success
	[ "$output" = "$(printf '%s\n' "$CANON" | sed -n '6,12p')" ]
	# pasting the rendering into a fresh router gives the same text
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	printf 'configure\n%s\ncommit\nend\nshow running-config\n' "$CANON" \
	    >"$BATS_TEST_TMPDIR/paste"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	[ "$stderr" = "" ]
	[[ "$output" == *"$CANON"* ]]
}

@test "bmp: no forms remove lines and servers" {
	xr <<<"$TYPED" >/dev/null
	run --separate-stderr xr <<'EOF2'
configure
bmp server 1
no description
no initial-delay
no stats-reporting-period
no update-source
exit
no bmp server 3
bmp server all
no route-monitoring local-rib
no route-monitoring adj-rib-out
no max-buffer-size
exit
router bgp 65001
neighbor-group NG
no bmp-activate server 3
commit
end
show running-config
EOF2
	assert_success
	[[ "$output" == *'bmp server all
!
bmp server 1
 host 127.0.0.1 port 11019
!
router bgp'* ]]
	[[ "$output" != *'bmp server 3'* ]]
	[[ "$output" != *'bmp-activate server 3'* ]]
}

@test "bmp: bmp-activate of an unconfigured server fails the commit, nothing applied" {
	run --separate-stderr xr <<'EOF2'
configure
bmp server 1
host 127.0.0.1 port 11019
exit
router bgp 65001
neighbor 127.0.0.2
remote-as 65002
bmp-activate server 2
commit
EOF2
	assert_failure
	[[ "$stderr" == *"!!% 'BGP' detected the 'warning' condition 'BMP server 2 is not configured'"* ]]
	run --separate-stderr xr -c 'show running-config'
	[[ "$output" != *'bmp'* ]]
	# a server without host that is not shut down
	run --separate-stderr xr <<'EOF2'
configure
bmp server 4
commit
EOF2
	assert_failure
	[[ "$stderr" == *"BMP server 4 has no host"* ]]
}

@test "bmp: out-of-range values are refused on the line" {
	run --separate-stderr xr <<'EOF2'
configure
bmp server 9
EOF2
	assert_failure
	run --separate-stderr xr <<'EOF2'
configure
bmp server 1
initial-delay 0
EOF2
	assert_failure
	run --separate-stderr xr <<'EOF2'
configure
bmp server 1
host 127.0.0.1 port 70000
EOF2
	assert_failure
	run --separate-stderr xr <<'EOF2'
configure
router bgp 1
neighbor 127.0.0.2
bmp-activate server 0
EOF2
	assert_failure
}

@test "bmp: ? names the sub-mode's keywords" {
	run --separate-stderr xr <<'EOF2'
configure
describe bmp 
bmp server 1
describe 
describe host 127.0.0.1 
exit
router bgp 1
neighbor 127.0.0.2
describe bmp-activate 
abort
EOF2
	assert_success
	assert_line '  server  Enter BMP Server Configuration Mode'
	for k in host description update-source initial-delay \
	    stats-reporting-period shutdown; do
		assert_line --regexp "^  $k +[A-Z]"
	done
	assert_line '  port  Port number of the BMP server'
	assert_line '  server  Enable BMP connection to particular server'
}

@test "bmp: show bgp bmp summary and server (offline) with | json" {
	xr <<<"$TYPED" >/dev/null
	run --separate-stderr xr -c 'show bgp bmp summary'
	assert_success
	[[ "${lines[0]}" == "ID  Host"*"Port  State   Time     NBRs" ]]
	[[ "${lines[1]}" =~ ^1\ +127\.0\.0\.1\ +11019\ +NOTCONN\ +[0-9:]+\ +1$ ]]
	[[ "${lines[2]}" =~ ^3\ +::1\ +11020\ +NOTCONN ]]
	run --separate-stderr xr -c 'show bgp bmp server 1'
	assert_success
	[[ "$output" == *"BMP server 1
Host 127.0.0.1 Port 11019"* ]]
	[[ "$output" == *"BGP neighbors: 1"* ]]
	[[ "$output" == *"Neighbor 127.0.0.2"* ]]
	run --separate-stderr xr -c 'show bgp bmp server 1 | json'
	assert_success
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["server"][0]
assert s["id"] == 1 and s["host"] == "127.0.0.1" and s["port"] == 11019
assert s["state"] == "idle" and s["stats_reporting_period"] == 60
assert s["neighbor"][0]["address"] == "127.0.0.2"
'
	run --separate-stderr xr -c 'show bgp bmp server 2'
	assert_failure
	[[ "$stderr" == *"BMP server 2 is not configured"* ]]
}
